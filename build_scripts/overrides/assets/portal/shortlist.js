// The employer's shortlist, kept in this browser only (no accounts): add and remove people on
// cards and profile pages; on the shortlist page, list them and send, copy or download the list.

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

async function importShared(page) {
  const ids = (new URLSearchParams(location.search).get("ids") || "").split(",").filter((id) => /^[a-z0-9-]{2,40}$/.test(id));
  if (!ids.length) return;
  let names = {};
  try {
    const index = await (await fetch(new URL("talent/cards.json", siteRoot))).json();
    names = Object.fromEntries(index.people.map((row) => [row[0], row[1]]));
  } catch { /* names fall back to ids */ }
  const items = load();
  for (const id of ids) if (!items.some((x) => x.id === id) && names[id]) items.push({ id, name: names[id] });
  save(items);
  history.replaceState(null, "", location.pathname);
  page.querySelector("#tp-sl-note").textContent = `Added ${ids.length} people from a shared link.`;
}

function renderPage(page) {
  const items = load();
  const list = page.querySelector("#tp-sl-list");
  list.replaceChildren(...items.map((x) => {
    const li = document.createElement("li");
    const a = Object.assign(document.createElement("a"), { href: profileURL(x.id), textContent: x.name });
    const remove = Object.assign(document.createElement("button"), { type: "button", className: "md-button tp-sl-remove", textContent: "Remove" });
    remove.addEventListener("click", () => save(load().filter((y) => y.id !== x.id)));
    li.append(a, " ", remove);
    return li;
  }));
  page.querySelector("#tp-sl-empty").hidden = items.length > 0;
  page.querySelector("#tp-sl-actions").hidden = items.length === 0;
  const body = `Please introduce me to these people from the talent portal:\n\n${items.map((x) => `- ${x.name}: ${profileURL(x.id)}`).join("\n")}\n\nThe role and tasks:\nHours per week and time zone:\nEngagement (freelance, part-time, full-time):\nRate or budget:\n`;
  page.querySelector("#tp-sl-email").href = `mailto:${page.dataset.contact}?subject=${encodeURIComponent(`Shortlist: ${items.length} people`)}&body=${encodeURIComponent(body)}`;
  const share = new URL(location.pathname, location.href);
  share.searchParams.set("ids", items.map((x) => x.id).join(","));
  page.querySelector("#tp-sl-link").value = share.href;
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
  page.querySelector("#tp-sl-clear").addEventListener("click", () => save([]));
  document.addEventListener("tp:shortlist", () => renderPage(page));
  renderPage(page);
  importShared(page);
}

document.addEventListener("tp:shortlist", enhance);
document.addEventListener("tp:cards", enhance);
window.addEventListener("storage", (e) => { if (e.key === KEY) document.dispatchEvent(new CustomEvent("tp:shortlist")); });
enhance();
const page = document.getElementById("tp-shortlist-page");
if (page) wirePage(page);
