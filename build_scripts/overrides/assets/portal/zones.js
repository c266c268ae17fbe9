// Time zones for the directory and the shortlist: what an employer types, offsets today, working
// hours in the employer's own time, and the hours two working days share.

const pad = (n) => String(n).padStart(2, "0");
// 540 -> "09:00"; any number of minutes, wrapped onto one day.
export const hhmm = (m) => { const d = ((m % 1440) + 1440) % 1440; return `${pad(Math.floor(d / 60))}:${pad(d % 60)}`; };

// "UTC+3", "GMT-2:30", "+03:00", "utc": minutes east of UTC; null when the text is not an offset.
// A person who withholds their country is listed this way (select.public_zone), never with a city.
const OFFSET = /^(?:utc|gmt|z)?\s*(?:([+\-\u2212])\s*(\d{1,2})(?:[:.h]?(\d{2}))?)?$/i;
function parseOffset(text) {
  const m = OFFSET.exec(text);
  if (!m || !(m[1] || /^(utc|gmt|z)$/i.test(text))) return null;
  const offset = (m[1] && m[1] !== "+" ? -1 : 1) * (Number(m[2] || 0) * 60 + Number(m[3] || 0));
  return Math.abs(offset) > 14 * 60 ? null : offset;
}

// Minutes east of UTC today, of an offset or an IANA name; null for a zone the browser does not know.
const offsets = new Map();
export function offsetMinutes(zone) {
  if (!offsets.has(zone)) offsets.set(zone, parseOffset(zone) ?? clockOffset(zone));
  return offsets.get(zone);
}
function clockOffset(zone) {
  try {
    const now = new Date();
    const parts = Object.fromEntries(new Intl.DateTimeFormat("en-US", {
      timeZone: zone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit",
      hour: "2-digit", minute: "2-digit", second: "2-digit",
    }).formatToParts(now).map((p) => [p.type, p.value]));
    const asUTC = Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour, +parts.minute, +parts.second);
    return Math.round((asUTC - now.getTime()) / 60000);
  } catch {
    return null;
  }
}

// As the site writes an offset everywhere else (vocab.offset_name), with a true minus sign.
function offsetLabel(offset) {
  if (!offset) return "UTC";
  const h = Math.floor(Math.abs(offset) / 60), m = Math.abs(offset) % 60;
  return `UTC${offset < 0 ? "\u2212" : "+"}${h}${m ? `:${pad(m)}` : ""}`;
}
const cityOf = (zone) => zone.split("/").pop().replace(/_/g, " ");
const zoneLabel = (zone) => `${cityOf(zone)}, ${offsetLabel(offsetMinutes(zone))}`;

// Compared without case, accents, underscores, hyphens or extra spaces, as vocab.country_zones
// writes countries.json's names: "São_Paulo" ~ "sao paulo", "Guinea-Bissau" ~ "guinea bissau".
const fold = (s) => s.normalize("NFKD").replace(/[^\x00-\x7f]/g, "").replace(/'/g, "").replace(/[\s_-]+/g, " ")
  .toLowerCase().trim();

// Abbreviations employers write in job posts, each read as the place's clock today (summer time
// included: "CET" in July means the time in Paris, not UTC+1); GMT and UTC are offsets, above.
// (Maps, not objects: what is typed must never find an object's inherited "constructor".)
const ABBREVIATIONS = new Map(Object.entries({
  "Europe/Lisbon Western European": "WET WEST", "Europe/London UK": "BST",
  "Europe/Paris Central European": "CET CEST MEZ MESZ", "Europe/Athens Eastern European": "EET EEST",
  "Europe/Moscow Moscow": "MSK", "Africa/Lagos West Africa": "WAT", "Africa/Maputo Central Africa": "CAT",
  "Africa/Johannesburg South Africa": "SAST", "Africa/Nairobi East Africa": "EAT", "Asia/Dubai Gulf": "GST",
  "Asia/Kolkata India": "IST", "Asia/Singapore Singapore": "SGT", "Asia/Tokyo Japan": "JST",
  "Australia/Sydney Australian Eastern": "AEST AEDT", "America/New_York US Eastern": "EST EDT ET",
  "America/Chicago US Central": "CST CDT CT", "America/Denver US Mountain": "MST MDT MT",
  "America/Los_Angeles US Pacific": "PST PDT PT",
}).flatMap(([place, abbrevs]) => abbrevs.split(" ").map((a) => [a.toLowerCase(), place.split(/ (.*)/)])));

let cities = null;
// What an employer types, read without fetching anything: an offset ("GMT+1", "UTC+5:30", "+03:00"),
// an IANA name ("Europe/Berlin"), an abbreviation ("CET", "PST") or a city ("Berlin", "new york",
// "Berlin, Germany"). {offset: minutes east of UTC, label} or null.
export function resolveZone(text) {
  const typed = (text || "").trim();
  if (!typed) return null;
  const offset = parseOffset(typed);
  if (offset !== null) return { offset, label: offsetLabel(offset) };
  if (typed.includes("/") && offsetMinutes(typed) !== null) return { offset: offsetMinutes(typed), label: zoneLabel(typed) };
  const abbreviation = ABBREVIATIONS.get(typed.toLowerCase());
  if (abbreviation) {
    const [zone, name] = abbreviation;
    return { offset: offsetMinutes(zone), label: `${name} time, ${offsetLabel(offsetMinutes(zone))}` };
  }
  if (!cities && Intl.supportedValuesOf) {
    cities = new Map(Intl.supportedValuesOf("timeZone").map((z) => [fold(cityOf(z)), z]));
  }
  const zone = cities?.get(fold(typed.split(",")[0]));       // "Berlin, Germany": the city comes first
  return zone ? { offset: offsetMinutes(zone), label: zoneLabel(zone) } : null;
}

// resolveZone, or else a country ("Germany", "Jordan", "UK"), from the build's countries.json
// (fetched once, only when a typed value needs it). A country whose zones keep different clocks
// today gives {offset: null, several: name, examples: cities, one per clock} instead.
let countries = null;
export async function findZone(text, countriesURL) {
  const zone = resolveZone(text);
  if (zone || !(text || "").trim() || !countriesURL) return zone;
  try {
    countries ??= await (await fetch(countriesURL)).json();
  } catch {
    countries = null;
    return null;
  }
  const named = (key) => (Object.hasOwn(countries.names, key) ? countries.names[key] : undefined);
  const code = named(fold(text)) ?? named(fold(text.split(",").pop()));
  if (!code || !Object.hasOwn(countries.countries, code)) return null;
  const [name, zones] = countries.countries[code];
  const byOffset = new Map();
  for (const z of zones) if (offsetMinutes(z) !== null && !byOffset.has(offsetMinutes(z))) byOffset.set(offsetMinutes(z), z);
  if (byOffset.size === 1) {
    const [offset] = byOffset.keys();
    return { offset, label: `${name}, ${offsetLabel(offset)}` };
  }
  return byOffset.size ? { offset: null, several: name, examples: [...byOffset.values()].slice(0, 5).map(cityOf) } : null;
}

// A working day of `start`..`end` (minutes, in a zone `from` minutes east of UTC) on the clock of a
// zone `to` minutes east: "07:00–15:00".
export const shiftedHours = (start, end, from, to) => `${hhmm(start - from + to)}–${hhmm(end - from + to)}`;

// Hours two working days share, on a 24-hour circle (a shift may run past midnight).
export function overlapHours(aStart, aEnd, aOffset, bStart, bEnd, bOffset) {
  const seg = (s, e, off) => [((s - off) % 1440 + 1440) % 1440, ((e - s) % 1440 + 1440) % 1440];
  const [a, la] = seg(aStart, aEnd, aOffset);
  const [b, lb] = seg(bStart, bEnd, bOffset);
  let total = 0;
  for (const shift of [-1440, 0, 1440]) {
    total += Math.max(0, Math.min(a + la, b + shift + lb) - Math.max(a, b + shift));
  }
  return Math.round(total / 30) / 2;
}
