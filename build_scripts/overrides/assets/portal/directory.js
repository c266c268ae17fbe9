// Filters, free-text search and working-hours overlap for the talent directory.
// The page is complete without this module: it only narrows, re-orders and annotates the cards.
// The card index (cards.json) is fetched on the first filter, never on a plain first view; every
// card it shows is the page's own card template filled in (cards.js), never markup of its own.

import { cardFacts, fillCard, people, shownStatus } from "./cards.js";
import { findZone, offsetMinutes, overlapHours } from "./zones.js";

const form = document.getElementById("tp-filters");
const list = document.getElementById("tp-cards");
const count = document.getElementById("tp-count");
const pages = document.getElementById("tp-pages");
const emptyNote = document.getElementById("tp-empty");
const template = document.getElementById("tp-card-template");
const FIELDS = ["q", "skill", "track", "lang", "level", "status", "engagement", "hours", "tz", "from", "to", "overlap"];
// A field's starting value as the page has it (a filter left at its starting value is no filter).
const initial = (field) => (field.tagName === "SELECT"
  ? [...field.options].find((o) => o.defaultSelected)?.value ?? "" : field.defaultValue);
const DEFAULTS = Object.fromEntries(FIELDS.map((name) => [name, initial(form.elements[name])]));
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

const minutes = (hhmm) => { const [h, m] = hhmm.split(":").map(Number); return h * 60 + m; };
const findTyped = (text) => findZone(text, new URL(form.dataset.countries, location.href));

// --- matching -------------------------------------------------------------------------------
async function loadIndex() {
  if (!index) {
    const ix = await (await fetch(form.dataset.cards)).json();
    index = { ...ix, rows: people(ix) };
  }
  return index;
}

async function loadPagefind() {
  pagefind ??= await import(new URL(form.dataset.pagefind, location.href).href);
  return pagefind;
}

// --- free text ---------------------------------------------------------------------------------
// Pagefind finds the pages holding every word typed, and where no word begins like a term it cuts
// the term shorter until one does ("django" finds the "D." of a surname). Neither is what an
// employer means by "python developer". So: a skill written another way is its skill's name ("JS"
// is JavaScript, data/skills.yml); each word is looked up alone; a word whose best hit marks only
// words that merely begin like it ("posts" for "postgresql") found no one; people with every word
// come first, then those with the most. Within that, people available or open to offers come
// first (the pages Pagefind's "first" sort key marks), as in the directory, then the most relevant.
// (toLowerCase, not toLocaleLowerCase: in a Turkish browser that makes "I" a dotless "ı".)
const lettersOf = (s) => s.normalize("NFKD").toLowerCase().replace(/[^\p{L}\p{N}#+]/gu, "");
const ALIASES = new Map(JSON.parse(document.getElementById("tp-aliases")?.textContent || "[]")
  .flatMap(([name, aliases]) => aliases.map((alias) => [lettersOf(alias), name])));
// Language levels ("native", "B2") are not looked for: every card's search data names them (a
// search for "react native" found every React developer with a native language); the language
// filter asks for a level.
const LEVELS = new Set([...form.elements.level.options].flatMap((o) => [lettersOf(o.value), lettersOf(o.text)]));
function words(q) {
  const whole = ALIASES.get(lettersOf(q));
  const typed = (whole ?? q).split(/[\s/,;|]+/).map((w) => ALIASES.get(lettersOf(w)) ?? w);
  return [...new Set(typed.join(" ").split(/\s+/).map(lettersOf).filter((w) => w && !LEVELS.has(w)))];
}
// A marked word is the word looked for, or a form of it: they share all but the last three letters
// of either ("translator" ~ "translation", "developers" ~ "developer"; not "java" ~ "javascript").
function sameWord(marked, word) {
  let common = 0;
  while (common < marked.length && common < word.length && marked[common] === word[common]) common++;
  return common >= Math.min(word.length, Math.max(4, word.length - 3)) && marked.length - common <= 3;
}
function marksLike(excerptHtml, word) {
  const marked = [...excerptHtml.matchAll(/<mark>(.*?)<\/mark>/g)].map((m) => lettersOf(m[1]));
  return !marked.length || marked.some((w) => sameWord(w, word));      // no mark: nothing to judge by
}

async function searchWords(q) {
  const pf = await loadPagefind();
  const asked = words(q);
  const hits = new Map();     // Pagefind's result id -> { result, words, score, first }
  // One word after another: Pagefind keeps one object per page, so a page's excerpt (its marks)
  // is the last search's, and words looked up at once would be judged by each other's marks.
  for (const word of asked) {
    const [all, first] = await Promise.all([pf.search(word), pf.search(word, { sort: { first: "asc" } })]);
    if (!all.results.length || !marksLike((await all.results[0].data()).excerpt || "", word)) continue;
    const ready = new Set(first.results.map((r) => r.id));
    for (const r of all.results) {
      const hit = hits.get(r.id) ?? { result: r, words: 0, score: 0, first: ready.has(r.id) };
      hit.words += 1;
      hit.score += r.score ?? 0;
      hits.set(r.id, hit);
    }
  }
  const most = Math.max(0, ...[...hits.values()].map((h) => h.words));
  const found = [...hits.values()].filter((h) => h.words === most)
    .sort((a, b) => b.first - a.first || b.score - a.score).map((h) => h.result);
  return { found, partial: most > 0 && most < asked.length };
}

// A search for a skill whose name is more than letters and digits ("C#", ".NET", "Node.js", by
// that name or another) is the skill filter: Pagefind reads "C#" as "c" and ".NET" as "net",
// while every card names its skills exactly. Other skills stay a Pagefind search, which needs
// no card index (305 KB at 10,000 profiles).
function skillNamed(q) {
  const key = lettersOf(ALIASES.get(lettersOf(q)) ?? q);
  const skill = [...form.elements.skill.options].find((o) => o.value && lettersOf(o.value) === key)?.value;
  return skill && /[^\p{L}\p{N}\s]/u.test(skill) ? skill : null;
}

const SOME_WORDS = " No one has all of these words: these people have some of them.";

// A search alone needs no card index: each result carries its card's facts (profile.md.j2).
async function searchOnly(q, mine) {
  let found, partial;
  try {
    ({ found, partial } = await searchWords(q));
  } catch {
    return null;    // no search index: fall back to the card index
  }
  const data = await Promise.all(found.slice(0, shown).map((r) => r.data()));
  if (mine !== run) return [];
  return { total: found.length, cards: data.map(searchCard), note: partial ? SOME_WORDS : "" };
}

// Pagefind's excerpt marks the words found; rebuild it from text and <mark> only, never as HTML.
function excerpt(html) {
  const doc = new DOMParser().parseFromString(`<p>${html}</p>`, "text/html");
  const out = document.createDocumentFragment();
  for (const node of doc.body.firstChild.childNodes) {
    out.append(node.nodeName === "MARK" ? el("mark", {}, node.textContent) : node.textContent);
  }
  return out;
}

// A search result is the person's card (the facts the build put in the search index), with the excerpt.
function searchCard(d) {
  const m = d.meta || {};
  let facts = {};
  try { facts = JSON.parse(m.card || "{}"); } catch { /* an index from an older build: name and headline only */ }
  return fillCard(template, { id: m.id, name: m.title, headline: m.headline, ...facts, excerpt: excerpt(d.excerpt || "") });
}

// With other filters, the words are looked for among everyone, in every page Pagefind finds, not
// the first few. A hit names its person only in its page's metadata (about 1 kB each), fetched once
// a visit. Without a search index (a bare build), the card index's own text is searched.
const hitIds = new Map();       // Pagefind's result id -> profile id
async function searchIds(q) {
  let found, partial;
  try {
    ({ found, partial } = await searchWords(q));
  } catch {
    const asked = words(q);
    const local = index.rows.filter((person) => {
      const text = lettersOf([person.name, person.headline, ...person.skills.map((i) => index.skills[i]),
        ...person.tracks.map((i) => index.track_names[i])].join(" "));
      return asked.every((w) => text.includes(w));
    });
    return { ids: new Set(local.map((person) => person.id)), partial: false };
  }
  const unknown = found.filter((r) => !hitIds.has(r.id));
  const data = await Promise.all(unknown.map((r) => r.data()));
  unknown.forEach((r, i) => hitIds.set(r.id, data[i].meta?.id));
  return { ids: new Set(found.map((r) => hitIds.get(r.id)).filter(Boolean)), partial };
}

async function matches(f) {
  const ix = await loadIndex();
  const skill = f.skill ? ix.skills.indexOf(f.skill) : -1;
  const track = f.track ? ix.tracks.indexOf(f.track) : -1;
  const lang = f.lang ? ix.langs.indexOf(f.lang) : -1;
  const level = ix.levels.indexOf(f.level || DEFAULTS.level);
  const statuses = f.status ? f.status.split(",") : null;
  const engagement = f.engagement ? 1 << ix.engagement.indexOf(f.engagement) : 0;
  const hours = f.hours ? Number(f.hours) : 0;
  const employerZone = f.tz ? await findTyped(f.tz) : null;
  const employerOffset = employerZone?.offset ?? null;
  const from = minutes(f.from || DEFAULTS.from);
  const to = minutes(f.to || DEFAULTS.to);
  const minOverlap = f.overlap ? Number(f.overlap) : 0;
  const named = f.q ? skillNamed(f.q) : null;
  const searched = f.q && !named ? await searchIds(f.q) : null;
  const ids = searched?.ids;
  const namedSkill = named ? ix.skills.indexOf(named) : -1;
  const out = [];
  let noHours = 0;          // left out by a minimum overlap only because they give no working hours
  for (const person of ix.rows) {
    if (ids && !ids.has(person.id)) continue;
    if (f.skill && !person.skills.includes(skill)) continue;
    if (named && !person.skills.includes(namedSkill)) continue;
    if (f.track && !person.tracks.includes(track)) continue;
    if (f.lang && !person.languages.some((v) => v >> 3 === lang && (v & 7) >= level)) continue;
    const status = shownStatus(person, ix);
    if (statuses && !statuses.includes(status)) continue;
    if (engagement && !(person.engagement & engagement)) continue;
    if (person.hours < hours) continue;
    let overlap = null;
    if (employerOffset !== null) {
      // Without working hours in the profile there is no overlap to claim: the person is left out
      // only when a minimum is asked for.
      if (person.start !== null) {
        const theirs = offsetMinutes(ix.zones[person.timezone]);
        overlap = theirs === null ? 0 : overlapHours(person.start, person.end, theirs, from, to, employerOffset);
      }
      if (minOverlap && !(overlap >= minOverlap)) {
        noHours += person.start === null;
        continue;
      }
    }
    out.push({ person, overlap, yours: employerZone, rank: ix.status.indexOf(status) });
  }
  // Available people first (a start date may have passed since the build), then the most overlap.
  out.sort((a, b) => a.rank - b.rank || (b.overlap ?? -1) - (a.overlap ?? -1));
  out.partial = Boolean(searched?.partial);
  out.noHours = noHours;
  out.zone = employerZone;
  return out;
}

// --- rendering: the page's card template, filled ----------------------------------------------
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  for (const c of children) if (c !== null) node.append(c);
  return node;
}

const cardFor = ({ person, overlap, yours }) => fillCard(template, { ...cardFacts(person, index, undefined, yours), overlap });

async function apply() {
  const mine = ++run;
  const filters = current();
  remember(filters);
  if (Object.keys(filters).length === 0) {
    list.innerHTML = initialCards;
    count.textContent = initialCount;
    emptyNote.hidden = true;
    if (pages) pages.hidden = false;
    document.dispatchEvent(new CustomEvent("tp:cards"));
    return;
  }
  count.textContent = "Searching…";
  if (Object.keys(filters).length === 1 && filters.q && !skillNamed(filters.q)) {
    const result = await searchOnly(filters.q, mine);
    if (mine !== run) return;
    if (result) {
      show(result.cards, result.total, filters, mine, result.note);
      return;
    }
  }
  const found = await matches(filters);
  if (mine !== run) return;           // a newer change has started
  const unstated = found.noHours === 1 ? " 1 more matches but gives no working hours, so no overlap can be shown."
    : found.noHours ? ` ${found.noHours} more match but give no working hours, so no overlap can be shown.` : "";
  show(found.slice(0, shown).map(cardFor), found.length, filters, mine, (found.partial ? SOME_WORDS : "") + unstated);
  const { zone } = found;
  if (filters.tz && zone?.offset == null) {
    count.textContent += zone?.several
      ? ` ${zone.several} has several time zones, so working hours are not compared: type a city.`
      : ` The time zone "${filters.tz}" is not recognised, so working hours are not compared.`;
  }
}

function show(cards, total, filters, mine, note = "") {
  if (pages) pages.hidden = true;
  list.replaceChildren(...cards);
  list.removeAttribute("start");
  count.textContent = (total === 1 ? "1 person matches." : `${total} people match.`) + (total ? note : note.replace(SOME_WORDS, ""));
  if (total > shown) {
    const more = el("li", { class: "tp-more" }, el("button", { type: "button", class: "md-button" }, `Show ${Math.min(STEP, total - shown)} more`));
    more.firstChild.addEventListener("click", () => { shown += STEP; apply(); });
    list.append(more);
  }
  emptyNote.hidden = true;
  if (total === 0) explainEmpty(filters, mine);
  document.dispatchEvent(new CustomEvent("tp:cards"));
}

// --- when no one matches: which filter removed everyone, and a button to clear it -------------
// The form's fields that make one filter, each cleared together.
const GROUPS = [["q"], ["skill"], ["track"], ["lang", "level"], ["status"], ["engagement"], ["hours"],
  ["tz", "from", "to", "overlap"]];

// "Skill: Figma": the form's own label and the option shown.
function describe(names, filters) {
  const label = (name) => form.elements[name].closest("label")?.firstChild?.textContent.trim() || name;
  const text = (name) => {
    const field = form.elements[name];
    return field.tagName === "SELECT" ? field.selectedOptions[0]?.textContent.trim() ?? filters[name] : filters[name];
  };
  switch (names[0]) {
    case "lang": return `Language: ${text("lang")}, ${text("level")} or better`;
    case "hours": return `Hours a week: at least ${filters.hours}`;
    case "tz": return `Overlap: at least ${filters.overlap || 0} h with your working day`;
    default: return `${label(names[0])}: ${text(names[0])}`;
  }
}

function clearGroup(names) {
  for (const name of names) form.elements[name].value = DEFAULTS[name];
  explainZone();
  shown = STEP;
  apply();
}

async function explainEmpty(filters, mine) {
  const active = GROUPS.filter((names) => names.some((n) => n in filters));
  const options = [];
  for (const names of active) {
    // with one filter, clearing it shows everyone: nothing to count (and no card index to fetch)
    const rest = Object.fromEntries(Object.entries(filters).filter(([k]) => !names.includes(k)));
    const n = active.length > 1 ? (await matches(rest)).length : null;
    options.push({ names, n, what: describe(names, filters) });
  }
  if (mine !== run) return;
  options.sort((a, b) => b.n - a.n);
  const helps = options.filter((o) => o.n > 0);
  const matching = (n) => (n === 1 ? "1 person matches" : `${n} people match`);
  const lead = active.length === 1
    ? `No one matches “${options[0].what}”.`
    : helps.length ? "No one matches all of these filters. Clearing one of them would show people:"
      : "No one matches these filters, and clearing any one of them is not enough.";
  const buttons = (helps.length ? helps : active.length === 1 ? options : []).map((o) => {
    const button = el("button", { type: "button", class: "md-button" }, `Clear “${o.what}”`);
    button.addEventListener("click", () => clearGroup(o.names));
    return el("li", {}, button, active.length > 1 ? ` ${matching(o.n)} without it.` : "");
  });
  if (!helps.length && active.length > 1) {
    const all = el("button", { type: "button", class: "md-button" }, "Clear all filters");
    all.addEventListener("click", () => document.getElementById("tp-reset").click());
    buttons.push(el("li", {}, all));
  }
  emptyNote.replaceChildren(el("p", {}, lead), el("ul", {}, ...buttons));
  emptyNote.hidden = false;
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
// The visitor's zone is a real value they can see and change, not a grey placeholder: a click
// selects all of it, so typing "Berlin" replaces it (the click's own mouseup would drop the selection).
let selectedOnFocus = false;
form.elements.tz.addEventListener("focus", (e) => { e.target.select(); selectedOnFocus = true; });
form.elements.tz.addEventListener("mouseup", (e) => { if (selectedOnFocus) e.preventDefault(); selectedOnFocus = false; });
form.elements.tz.addEventListener("blur", () => { selectedOnFocus = false; });
form.elements.tz.value = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
DEFAULTS.tz = form.elements.tz.value;
const zoneNote = document.getElementById("tp-tz-note");
let explaining = 0;
async function explainZone() {
  const mine = ++explaining;
  const typed = form.elements.tz.value.trim();
  const zone = typed ? await findTyped(typed) : null;
  if (mine !== explaining) return;             // a newer value has been typed meanwhile
  zoneNote.dataset.for = typed;                // what the note is about (a country is looked up later)
  zoneNote.classList.toggle("tp-problem", Boolean(typed) && zone?.offset == null);
  zoneNote.textContent = !typed ? "" : zone?.offset != null ? `Your time: ${zone.label}.`
    : zone ? `${zone.several} has several time zones, so no overlap is worked out. Type the city instead: `
      + `${zone.examples.join(", ")}.`
    : `We don't recognise "${typed}" as a time zone, so no overlap is worked out. Try a city (Berlin, Dubai), `
      + "a country (Jordan), a name like Europe/Berlin, an abbreviation like CET, or an offset like UTC+3.";
}
form.elements.tz.addEventListener("input", explainZone);
form.addEventListener("reset", () => setTimeout(() => { form.elements.tz.value = DEFAULTS.tz; explainZone(); }));
restore();
explainZone();
if (location.search) apply();
