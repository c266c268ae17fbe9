// Filters, free-text search and working-hours overlap for the talent directory.
// The page is complete without this module: it only narrows, re-orders and annotates the cards.
// The card index (cards.json) is fetched on the first filter, never on a plain first view.

const form = document.getElementById("tp-filters");
const list = document.getElementById("tp-cards");
const count = document.getElementById("tp-count");
const pages = document.getElementById("tp-pages");
const FIELDS = ["q", "skill", "track", "lang", "level", "status", "engagement", "hours", "tz", "from", "to", "overlap"];
const DEFAULTS = { level: "B2", from: "09:00", to: "17:00" };
const STATUS_LABELS = { available: "Available now", open: "Open to offers", placed: "Working (placed)", unavailable: "Not available" };
const STEP = 48;
const initialCards = list.innerHTML;
const initialCount = count.textContent;
let index = null;
let pagefind = null;
let shown = STEP;
let run = 0;

// --- the URL holds the filters ---------------------------------------------------------------
function current() {
  const out = {};
  for (const name of FIELDS) {
    const value = form.elements[name].value.trim();
    if (value && value !== DEFAULTS[name]) out[name] = value;
  }
  if (!out.lang) delete out.level;
  // The visitor's own zone is the field's starting value: an overlap filter uses it as typed.
  if (out.overlap && !out.tz) out.tz = form.elements.tz.value.trim();
  if (!out.tz) { delete out.from; delete out.to; delete out.overlap; }
  return out;
}

function restore() {
  const params = new URLSearchParams(location.search);
  for (const name of FIELDS) {
    if (params.has(name)) form.elements[name].value = params.get(name);
  }
}

function remember(filters) {
  const qs = new URLSearchParams(filters).toString();
  history.replaceState(null, "", qs ? `?${qs}` : location.pathname);
}

// --- time zones -----------------------------------------------------------------------------
const offsets = new Map();
// A person who withholds their country is listed with a fixed offset (select.offset_zone: "UTC+3",
// "UTC-2:30", "UTC"), never a city; anyone else, and the employer, with an IANA name.
const FIXED = /^UTC(?:([+-])(\d{1,2})(?::(\d{2}))?)?$/;
function offsetMinutes(tz) {
  if (offsets.has(tz)) return offsets.get(tz);
  let result = null;
  const fixed = FIXED.exec(tz);
  if (fixed) {
    result = (fixed[1] === "-" ? -1 : 1) * (Number(fixed[2] || 0) * 60 + Number(fixed[3] || 0));
    offsets.set(tz, result);
    return result;
  }
  try {
    const now = new Date();
    const parts = Object.fromEntries(new Intl.DateTimeFormat("en-US", {
      timeZone: tz, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit",
      hour: "2-digit", minute: "2-digit", second: "2-digit",
    }).formatToParts(now).map((p) => [p.type, p.value]));
    const asUTC = Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour, +parts.minute, +parts.second);
    result = Math.round((asUTC - now.getTime()) / 60000);
  } catch { /* an unknown zone: no overlap can be computed */ }
  offsets.set(tz, result);
  return result;
}

// What an employer types: an IANA name ("Europe/Berlin"), a city ("Berlin", "Dubai", "new york"),
// or an offset ("GMT+1", "UTC+5:30", "+03:00"). Returns minutes east of UTC and a label, or null.
const OFFSET = /^(?:utc|gmt|z)?\s*(?:([+\-\u2212])\s*(\d{1,2})(?:[:.h]?(\d{2}))?)?$/i;
const cityKey = (s) => s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[\s_-]+/g, " ").trim();
let cities = null;
export function resolveZone(text) {
  const typed = (text || "").trim();
  if (!typed) return null;
  const m = OFFSET.exec(typed);
  if (m && (m[1] || /^(utc|gmt|z)$/i.test(typed))) {
    const sign = m[1] && m[1] !== "+" ? -1 : 1;
    const offset = sign * ((Number(m[2] || 0) * 60) + Number(m[3] || 0));
    if (Math.abs(offset) > 14 * 60) return null;
    return { offset, label: offsetLabel(offset) };
  }
  if (typed.includes("/") && offsetMinutes(typed) !== null) return { offset: offsetMinutes(typed), label: zoneLabel(typed) };
  if (!cities && Intl.supportedValuesOf) {
    cities = new Map();
    for (const z of Intl.supportedValuesOf("timeZone")) cities.set(cityKey(z.split("/").pop()), z);
  }
  const zone = cities?.get(cityKey(typed));
  return zone ? { offset: offsetMinutes(zone), label: zoneLabel(zone) } : null;
}

function offsetLabel(offset) {
  const h = Math.floor(Math.abs(offset) / 60), m = Math.abs(offset) % 60;
  return `UTC${offset < 0 ? "\u2212" : "+"}${h}${m ? `:${String(m).padStart(2, "0")}` : ""}`;
}
const zoneLabel = (zone) => `${zone.split("/").pop().replace(/_/g, " ")}, ${offsetLabel(offsetMinutes(zone))}`;

const minutes = (hhmm) => { const [h, m] = hhmm.split(":").map(Number); return h * 60 + m; };

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

// --- matching -------------------------------------------------------------------------------
async function loadIndex() {
  if (!index) index = await (await fetch(form.dataset.cards)).json();
  return index;
}

async function loadPagefind() {
  pagefind ??= await import(new URL(form.dataset.pagefind, location.href).href);
  return pagefind;
}

// A search alone needs no card index: Pagefind's own fragments carry name, headline and status.
async function searchOnly(q, mine) {
  let found;
  try {
    found = await (await loadPagefind()).search(q);
  } catch {
    return null;    // no search index: fall back to the card index
  }
  const data = await Promise.all(found.results.slice(0, shown).map((r) => r.data()));
  if (mine !== run) return [];
  return { total: found.results.length, cards: data.map(searchCard) };
}

// Pagefind's excerpt marks the words found; rebuild it from text and <mark> only, never as HTML.
function excerpt(html) {
  const doc = new DOMParser().parseFromString(`<p>${html}</p>`, "text/html");
  const p = el("p", { class: "tp-excerpt" });
  for (const node of doc.body.firstChild.childNodes) {
    p.append(node.nodeName === "MARK" ? el("mark", {}, node.textContent) : node.textContent);
  }
  return p;
}

// Profile articles carry their id as Pagefind metadata (the indexed file is the staged page, not its URL).
function searchCard(d) {
  const m = d.meta || {};
  const id = m.id || "";
  return el("li", { class: "tp-card", "data-id": id },
    el("h2", { class: "tp-card__name" }, el("a", { href: `${id}/` }, m.title || id)),
    el("p", { class: "tp-headline" }, m.headline || ""),
    m.status ? el("p", { class: "tp-meta" }, m.status) : null,
    excerpt(d.excerpt || ""));
}

async function searchIds(q) {
  const needle = q.toLocaleLowerCase();
  const ids = new Set();
  for (const row of index.people) {
    const text = [row[1], row[2], ...row[6].map((i) => index.skills[i]), ...row[8].map((i) => index.track_names[i])]
      .join(" ").toLocaleLowerCase();
    if (text.includes(needle)) ids.add(row[0]);
  }
  try {
    const found = await (await loadPagefind()).search(q);
    const data = await Promise.all(found.results.slice(0, 30).map((r) => r.data()));
    for (const d of data) {
      if (d.meta && d.meta.id) ids.add(d.meta.id);
    }
  } catch { /* no search index (e.g. a bare build): local matches only */ }
  return ids;
}

async function matches(f) {
  const ix = await loadIndex();
  const skill = f.skill ? ix.skills.indexOf(f.skill) : -1;
  const track = f.track ? ix.tracks.indexOf(f.track) : -1;
  const lang = f.lang ? ix.langs.indexOf(f.lang) : -1;
  const level = ix.levels.indexOf(f.level || DEFAULTS.level);
  const statuses = f.status ? f.status.split(",").map((s) => ix.status.indexOf(s)) : null;
  const engagement = f.engagement ? 1 << ix.engagement.indexOf(f.engagement) : 0;
  const hours = f.hours ? Number(f.hours) : 0;
  const employerOffset = f.tz ? resolveZone(f.tz)?.offset ?? null : null;
  const from = minutes(f.from || DEFAULTS.from);
  const to = minutes(f.to || DEFAULTS.to);
  const minOverlap = f.overlap ? Number(f.overlap) : 0;
  const ids = f.q ? await searchIds(f.q) : null;
  const out = [];
  for (const row of ix.people) {
    if (ids && !ids.has(row[0])) continue;
    if (f.skill && !row[6].includes(skill)) continue;
    if (f.track && !row[8].includes(track)) continue;
    if (f.lang && !row[7].some((v) => v >> 3 === lang && (v & 7) >= level)) continue;
    if (statuses && !statuses.includes(row[3])) continue;
    if (engagement && !(row[5] & engagement)) continue;
    if (row[4] < hours) continue;
    let overlap = null;
    if (employerOffset !== null) {
      const theirs = offsetMinutes(ix.zones[row[9]]);
      overlap = theirs === null ? 0 : overlapHours(row[10], row[11], theirs, from, to, employerOffset);
      if (overlap < minOverlap) continue;
    }
    out.push({ row, overlap });
  }
  if (employerOffset !== null) out.sort((a, b) => a.row[3] - b.row[3] || b.overlap - a.overlap);
  return out;
}

// --- rendering (same markup as the server-rendered cards) --------------------------------------
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  for (const c of children) if (c !== null) node.append(c);
  return node;
}

function hhmm(m) { return `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`; }

function cardFor({ row, overlap }) {
  const [id, name, headline, st, hours, eng, skills, langs, , zone, start, end] = [...row];
  const status = index.status[st];
  const engagement = index.engagement.filter((_, i) => eng & (1 << i)).join(", ");
  const languages = langs.slice(0, 3).map((v) => `${index.lang_names[v >> 3]} ${index.levels[v & 7]}`).join(", ");
  const where = `${index.zones[zone]} · ${hhmm(start)}–${hhmm(end)}`;
  return el("li", { class: "tp-card", "data-id": id },
    el("h2", { class: "tp-card__name" }, el("a", { href: `${id}/` }, name)),
    el("p", { class: "tp-headline" }, headline),
    el("p", { class: "tp-meta" }, el("span", { class: `tp-status tp-status--${status}` }, STATUS_LABELS[status]),
      ` · ${hours} h/week · ${engagement}`),
    el("p", { class: "tp-meta" }, languages),
    el("p", { class: "tp-meta" }, where,
      overlap === null ? null : el("strong", { class: "tp-overlap" }, ` · ${overlap} h overlap with you`)),
    el("p", { class: "tp-skills" }, ...skills.slice(0, 6).flatMap((i) => [el("span", { class: "tp-skill" }, index.skills[i]), " "])));
}

async function apply() {
  const mine = ++run;
  const filters = current();
  remember(filters);
  if (Object.keys(filters).length === 0) {
    list.innerHTML = initialCards;
    count.textContent = initialCount;
    if (pages) pages.hidden = false;
    document.dispatchEvent(new CustomEvent("tp:cards"));
    return;
  }
  count.textContent = "Searching…";
  if (Object.keys(filters).length === 1 && filters.q) {
    const result = await searchOnly(filters.q, mine);
    if (mine !== run) return;
    if (result) {
      show(result.cards, result.total);
      return;
    }
  }
  const found = await matches(filters);
  if (mine !== run) return;           // a newer change has started
  show(found.slice(0, shown).map(cardFor), found.length);
  if (filters.tz && !resolveZone(filters.tz)) {
    count.textContent += ` The time zone "${filters.tz}" is not recognised, so working hours are not compared.`;
  }
}

function show(cards, total) {
  if (pages) pages.hidden = true;
  list.replaceChildren(...cards);
  list.removeAttribute("start");
  count.textContent = total === 1 ? "1 person matches." : `${total} people match.`;
  if (total > shown) {
    const more = el("li", { class: "tp-more" }, el("button", { type: "button", class: "md-button" }, `Show ${Math.min(STEP, total - shown)} more`));
    more.firstChild.addEventListener("click", () => { shown += STEP; apply(); });
    list.append(more);
  }
  document.dispatchEvent(new CustomEvent("tp:cards"));
}

// --- wiring -----------------------------------------------------------------------------------
let timer = 0;
function later() { clearTimeout(timer); shown = STEP; timer = setTimeout(apply, 250); }

form.hidden = false;
// The filters start open on a wide screen or when a link set some; on a phone they stay folded,
// so the first person shows without scrolling past the whole form.
const more = document.getElementById("tp-more");
more.open = matchMedia("(min-width: 60em)").matches || [...new URLSearchParams(location.search).keys()].some((k) => k !== "q");
form.addEventListener("input", later);
form.addEventListener("change", later);
form.addEventListener("submit", (e) => { e.preventDefault(); apply(); });
document.getElementById("tp-reset").addEventListener("click", () => {
  form.reset();
  apply();
});
document.getElementById("tp-share").addEventListener("click", async (e) => {
  try { await navigator.clipboard.writeText(location.href); e.target.textContent = "Link copied"; }
  catch { prompt("Copy this link:", location.href); }
});
const zones = form.querySelector("#tp-zones");
form.elements.tz.addEventListener("focus", () => {
  if (zones.childElementCount || !Intl.supportedValuesOf) return;
  zones.append(...Intl.supportedValuesOf("timeZone").map((z) => el("option", { value: z })));
}, { once: true });
// The visitor's zone is a real value they can see and change, not a grey placeholder.
form.elements.tz.value = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
DEFAULTS.tz = form.elements.tz.value;
const zoneNote = document.getElementById("tp-tz-note");
function explainZone() {
  const typed = form.elements.tz.value.trim();
  const zone = resolveZone(typed);
  zoneNote.classList.toggle("tp-problem", Boolean(typed) && !zone);
  zoneNote.textContent = !typed ? "" : zone ? `Your time: ${zone.label}.`
    : `We don't recognise "${typed}" as a time zone, so no overlap is worked out. Try a city (Berlin, Dubai), `
      + "a name like Europe/Berlin, or an offset like UTC+3.";
}
form.elements.tz.addEventListener("input", explainZone);
form.addEventListener("reset", () => setTimeout(() => { form.elements.tz.value = DEFAULTS.tz; explainZone(); }));
restore();
explainZone();
if (location.search) apply();
