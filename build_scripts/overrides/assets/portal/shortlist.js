// The employer's shortlist, kept in this browser only (no accounts): add and remove people on
// cards and profile pages; on the shortlist page, compare them side by side (from the card index)
// and send, copy, print or download the list.

const KEY = "tp-shortlist";
const siteRoot = new URL("../../", import.meta.url);

function load() {
  try {
    const items = JSON.parse(localStorage.getItem(KEY) || "[]");
    return Array.isArray(items) ? items.filter((x) => x && /^[a-z0-9-]{2,40}$/.test(x.id)) : [];
  } catch { return []; }
}

function save(items) {
  localStorage.setItem(KEY, JSON.stringify(items));
  document.dispatchEvent(new CustomEvent("tp:shortlist"));
}

const has = (id) => load().some((x) => x.id === id);

function toggle(id, name) {
  const items = load();
  save(has(id) ? items.filter((x) => x.id !== id) : [...items, { id, name }]);
}

function label(button, id) {
  const on = has(id);
  button.textContent = on ? "★ On your shortlist" : "☆ Add to shortlist";
  button.setAttribute("aria-pressed", String(on));
}

// Cards and profile pages get a toggle; cards rendered later announce themselves with tp:cards.
function enhance() {
  for (const card of document.querySelectorAll(".tp-card[data-id]:not([data-tp-enhanced])")) {
    card.dataset.tpEnhanced = "1";
    const name = card.querySelector(".tp-card__name")?.textContent.trim() || card.dataset.id;
    const button = Object.assign(document.createElement("button"), { type: "button", className: "tp-shortlist-toggle" });
    button.dataset.id = card.dataset.id;
    button.dataset.name = name;
    card.append(button);
  }
  for (const button of document.querySelectorAll(".tp-shortlist-toggle")) {
    button.hidden = false;
    label(button, button.dataset.id);
    if (!button.dataset.tpBound) {
      button.dataset.tpBound = "1";
      button.addEventListener("click", () => toggle(button.dataset.id, button.dataset.name));
    }
  }
  for (const counter of document.querySelectorAll("[data-tp-shortlist-count]")) counter.textContent = String(load().length);
}

// --- the shortlist page ------------------------------------------------------------------------
function profileURL(id) { return new URL(`talent/${id}/`, siteRoot).href; }

// Every cell quoted; one that a spreadsheet would run as a formula (= + - @, full-width too, tab,
// CR or LF first) starts with a ' so it stays text.
function csv(items) {
  const text = (s) => (/^[=+\-@\t\r\n＝＋－＠]/.test(String(s)) ? `'${s}` : String(s));
  const q = (s) => `"${text(s).replace(/"/g, '""')}"`;
  return ["id,name,profile", ...items.map((x) => [x.id, x.name, profileURL(x.id)].map(q).join(","))].join("\r\n") + "\r\n";
}

// --- comparing the people on it ---------------------------------------------------------------
// Each person's facts as their card in the directory shows them (cards.js reads cards.json), by id;
// both are fetched only here, on the shortlist page.
let cards = null;
function loadCards() {
  cards ??= Promise.all([import("./cards.js"), import("./zones.js"),
    fetch(new URL("talent/cards.json", siteRoot)).then((r) => r.json())])
    .then(([{ people, cardFacts }, { resolveZone }, index]) => {
      // working hours on the visitor's own clock too, as the browser knows it
      const yours = resolveZone(Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC");
      return new Map(people(index).map((p) => [p.id, cardFacts(p, index, undefined, yours)]));
    });
  return cards;
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  node.append(...children.filter((c) => c !== null && c !== ""));
  return node;
}

// One row of the comparison; the column names (phone layout, read before each cell) come from the table's head.
function compareRow(item, f, loaded, heads) {
  const name = el("th", { scope: "row" }, el("a", { href: profileURL(item.id) }, f?.name || item.name));
  const remove = el("button", { type: "button", class: "md-button tp-sl-remove" }, "Remove");
  remove.addEventListener("click", () => save(load().filter((y) => y.id !== item.id)));
  const removeCell = el("td", { class: "tp-sl-remove-col" }, remove);
  if (!f) {
    const gone = loaded ? "No longer listed: the profile was withdrawn or has expired." : "";
    return el("tr", {}, name, el("td", { colspan: "5", class: "tp-note" }, gone), removeCell);
  }
  name.append(el("br"), el("span", { class: "tp-headline" }, f.headline));
  const cell = (i, ...children) => el("td", { "data-label": heads[i] }, ...children);
  return el("tr", {}, name,
    cell(1, el("span", { class: `tp-status tp-status--${f.status}` }, f.availability)),
    cell(2, `${f.hours} h/week`, ...(f.engagement.length ? [el("br"), f.engagement.join(", ")] : [])),
    cell(3, f.timezone, ...(f.working_hours ? [el("br"), `${f.working_hours} local time`] : []),
      ...(f.your_hours ? [el("br"), f.your_hours] : [])),
    cell(4, f.languages.join(", ")),
    cell(5, ...f.skills.flatMap((s) => [el("span", { class: "tp-skill" }, s), " "])),
    removeCell);
}

const count = (n) => `${n} ${n === 1 ? "person" : "people"}`;

// A shared link adds the people it names who are still listed, and says what it did with each.
async function importShared(page) {
  const ids = [...new Set((new URLSearchParams(location.search).get("ids") || "").split(","))]
    .filter((id) => /^[a-z0-9-]{2,40}$/.test(id));
  if (!ids.length) return;
  const note = page.querySelector("#tp-sl-note");
  let people;
  try {
    people = await loadCards();
  } catch {
    note.textContent = "The people in this shared link could not be loaded. Reload the page to try again.";
    return;
  }
  const items = load();
  let added = 0, already = 0, gone = 0;
  for (const id of ids) {
    if (items.some((x) => x.id === id)) already++;
    else if (people.has(id)) { items.push({ id, name: people.get(id).name }); added++; }
    else gone++;
  }
  save(items);
  history.replaceState(null, "", location.pathname);
  note.textContent = [`Added ${count(added)} from a shared link.`,
    already ? `${count(already)} ${already === 1 ? "was" : "were"} already on your shortlist.` : "",
    gone ? `${count(gone)} ${gone === 1 ? "is" : "are"} no longer listed.` : ""].filter(Boolean).join(" ");
}

function renderPage(page, loaded = null) {
  const items = load();
  const heads = [...page.querySelectorAll(".tp-sl-table thead th")].map((th) => th.textContent.trim());
  page.querySelector("#tp-sl-list").replaceChildren(
    ...items.map((x) => compareRow(x, loaded?.get(x.id), loaded, heads)));
  page.querySelector("#tp-sl-empty").hidden = items.length > 0;
  page.querySelector("#tp-sl-compare").hidden = items.length === 0;
  page.querySelector("#tp-sl-actions").hidden = items.length === 0;
  page.querySelector("#tp-sl-print").hidden = items.length === 0;
  const body = `Please introduce me to these people from the talent portal:\n\n${items.map((x) => `- ${x.name}: ${profileURL(x.id)}`).join("\n")}\n\nThe role and tasks:\nHours per week and time zone:\nEngagement (freelance, part-time, full-time):\nRate or budget:\n`;
  page.querySelector("#tp-sl-email").href = `mailto:${page.dataset.contact}?subject=${encodeURIComponent(`Shortlist: ${items.length} people`)}&body=${encodeURIComponent(body)}`;
  const share = new URL(location.pathname, location.href);
  share.searchParams.set("ids", items.map((x) => x.id).join(","));
  page.querySelector("#tp-sl-link").value = share.href;
  page.querySelector("#tp-sl-url").textContent = share.href;
  const qr = page.querySelector("#tp-sl-qr");
  if (items.length) import("./qr.js").then(({ qrSvg }) => qr.replaceChildren(...[qrSvg(share.href)].filter(Boolean)));
}

function wirePage(page) {
  page.querySelector("#tp-sl-app").hidden = false;
  page.querySelector("#tp-sl-copy").addEventListener("click", async (e) => {
    const field = page.querySelector("#tp-sl-link");
    try { await navigator.clipboard.writeText(field.value); } catch { field.select(); document.execCommand("copy"); }
    e.target.textContent = "Link copied";
  });
  page.querySelector("#tp-sl-csv").addEventListener("click", () => {
    const url = URL.createObjectURL(new Blob([csv(load())], { type: "text/csv" }));
    const a = Object.assign(document.createElement("a"), { href: url, download: "shortlist.csv" });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  });
  page.querySelector("#tp-sl-print-button").addEventListener("click", () => window.print());
  page.querySelector("#tp-sl-clear").addEventListener("click", () => save([]));
  let loaded = null;
  document.addEventListener("tp:shortlist", () => renderPage(page, loaded));
  renderPage(page);
  loadCards().then((c) => { loaded = c; renderPage(page, loaded); }).catch(() => { /* names only */ });
  importShared(page);
}

document.addEventListener("tp:shortlist", enhance);
document.addEventListener("tp:cards", enhance);
window.addEventListener("storage", (e) => { if (e.key === KEY) document.dispatchEvent(new CustomEvent("tp:shortlist")); });
enhance();
const page = document.getElementById("tp-shortlist-page");
if (page) wirePage(page);
