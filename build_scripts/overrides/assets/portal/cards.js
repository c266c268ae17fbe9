// One person's card, from the card index (talent/cards.json) or a search result, in the markup of the
// cards on the page: the build renders _card.html.j2 once, empty, into <template id="tp-card-template">,
// and fillCard clones it. cardFacts reads a cards.json row as build_scripts/cards.py: card_facts reads
// a profile; labels come from the file's header (the profile schema's), never from this script.

// cards.json rows as objects named by its `columns` header.
export function people(index) {
  return index.people.map((row) => Object.fromEntries(index.columns.map((c, i) => [c, row[i]])));
}

import { hhmm, offsetMinutes, shiftedHours } from "./zones.js";

const pad = (n) => String(n).padStart(2, "0");
// Today in the visitor's calendar, as YYYY-MM-DD: a start date after it is still to come.
export const today = () => { const d = new Date(); return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`; };
// 28 April 2027, as cards.py: long_date.
const longDate = (iso) => new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" })
  .format(new Date(`${iso}T00:00:00Z`));

// The status a card shows and the filters use: someone available from a later date is not available yet.
export function shownStatus(person, index, day = today()) {
  const status = index.status[person.status];
  return status === "available" && person.from && person.from > day ? "unavailable" : status;
}

// What a card shows of one person, as text (the fields of _card.html.j2). yours: the visitor's
// zone, when known ({offset: minutes east of UTC, label: "Berlin, UTC+1"}): working hours are
// also shown on the visitor's clock, named, so a printed or forwarded list still says whose.
export function cardFacts(person, index, day = today(), yours = null) {
  const status = index.status[person.status];
  const later = Boolean(person.from) && person.from > day;
  const hours = person.start !== null && person.end !== null;
  const theirs = hours ? offsetMinutes(index.zones[person.timezone]) : null;
  return {
    id: person.id, name: person.name, headline: person.headline,
    status: shownStatus(person, index, day),
    availability: later ? index.status_from_labels[status].replace("{date}", longDate(person.from)) : index.status_labels[status],
    hours: person.hours,
    engagement: index.engagement.filter((_, i) => person.engagement & (1 << i)).map((e) => index.engagement_labels[e]),
    languages: person.languages.map((v) => `${index.lang_names[v >> 3]} ${index.levels[v & 7]}`),
    timezone: index.zone_names[person.timezone],
    working_hours: hours ? `${hhmm(person.start)}–${hhmm(person.end)}` : "",
    your_hours: hours && theirs !== null && yours?.offset != null && theirs !== yours.offset
      ? `${shiftedHours(person.start, person.end, theirs, yours.offset)} your time, ${yours.label.replace(", ", " ")}` : "",
    skills: person.skills.map((i) => index.skills[i]),
    verified: person.verified.map((i) => index.track_names[i]),
  };
}

const empty = (v) => v === null || v === undefined || v === "" || (Array.isArray(v) && v.length === 0);

// A copy of the template with these facts in it. A part whose fact is empty is left out; a list fills
// its slot with one copy of the slot's first element per item, or as text joined with ", ".
export function fillCard(template, facts) {
  const card = template.content.firstElementChild.cloneNode(true);
  card.dataset.id = facts.id;
  for (const part of card.querySelectorAll("[data-part]")) if (empty(facts[part.dataset.part])) part.remove();
  for (const slot of card.querySelectorAll("[data-slot]")) {
    const value = facts[slot.dataset.slot];
    // a link to the person's page: only ever a profile id, relative to the directory
    if (slot.dataset.href) slot.setAttribute("href", /^[a-z0-9-]+$/.test(facts.id) ? slot.dataset.href.replace("{id}", facts.id) : "");
    if (value instanceof Node) {
      slot.replaceChildren(value);
    } else if (Array.isArray(value)) {
      const items = slot.dataset.max ? value.slice(0, Number(slot.dataset.max)) : value;
      const model = slot.firstElementChild;
      if (model) {
        slot.replaceChildren(...items.flatMap((item) => {
          const node = model.cloneNode(false);
          node.textContent = item;
          return [node, " "];
        }));
      } else {
        slot.textContent = items.join(", ");
      }
    } else {
      slot.textContent = value ?? "";
    }
  }
  for (const node of card.querySelectorAll("[data-href]")) node.removeAttribute("data-href");
  const status = card.querySelector(".tp-status");
  if (status) status.className = `tp-status tp-status--${facts.status}`;
  return card;
}
