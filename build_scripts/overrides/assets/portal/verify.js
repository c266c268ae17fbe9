// The verify page: checks a credential in this browser, with WebCrypto's Ed25519, against this site's
// own public keys and revocation list, and says what it found. The same steps, in the same order and
// with the same words (read from the page), as the command line's check (build_scripts/verify.py).
// Only this site's files are fetched: a credential that names other keys or lists is refused.

const settings = JSON.parse(document.getElementById("tp-verify-settings").textContent);
const root = new URL("../", location.href);          // the page is <site>/verify/
const form = document.getElementById("tp-verify-form");
const text = document.getElementById("tp-verify-text");
const file = document.getElementById("tp-verify-file");
const out = document.getElementById("tp-verify-result");
const B64URL = /^[A-Za-z0-9_-]*$/;
const FAR = 2 ** 53;                                  // the end of a key still in use
const MAX_LIST_BYTES = 16 * 1024 * 1024;
const MAX_FILE_BYTES = 4 * 1024 * 1024;
// ?credential= may name one of this site's credential files, and nothing else
const OWN_FILE = /^credentials\/[a-z0-9-]+\/[a-z0-9-]+\.jwt$/;

class Refused extends Error {
  constructor(reason, facts = {}) {
    super(reason);
    this.reason = reason;
    this.facts = facts;
  }
}

const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);

function unb64(part) {
  const bytes = atob(part.replace(/-/g, "+").replace(/_/g, "/") + "=".repeat((4 - (part.length % 4)) % 4));
  return Uint8Array.from(bytes, (c) => c.charCodeAt(0));
}

function parts(token) {
  const pieces = token.split(".");
  if (pieces.length !== 3 || !pieces.every((p) => B64URL.test(p))) throw new Refused("malformed");
  let header, payload;
  try {
    [header, payload] = pieces.slice(0, 2).map((p) => JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(unb64(p))));
  } catch {
    throw new Refused("malformed");
  }
  if (!isObject(header) || !isObject(payload)) throw new Refused("malformed");
  return { header, payload, pieces };
}

function longDate(seconds) {
  const d = new Date(seconds * 1000);
  return `${d.getUTCDate()} ${settings.months[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

function fill(template, facts) {
  return template.replace(/\{(\w+)\}/g, (_, name) => String(facts[name] ?? ""));
}

async function own(path) {
  const response = await fetch(new URL(path, root), { credentials: "omit", cache: "no-cache" });
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return response;
}

let published = null;
async function publishedKeys() {
  if (!published) {
    try {
      const jwks = await (await own(settings.files.jwks)).json();
      published = new Map();
      for (const k of Array.isArray(jwks.keys) ? jwks.keys : []) {
        if (isObject(k) && k.kty === "OKP" && k.crv === "Ed25519" && typeof k.kid === "string") {
          const from = Number(k.nbf ?? 0), until = Number(k.exp ?? FAR);
          if (!Number.isInteger(from) || !Number.isInteger(until)) throw new Error("a key's dates are not numbers");
          published.set(k.kid, { kid: k.kid, x: String(k.x), from, until });
        }
      }
    } catch {
      published = null;
      throw new Refused("keys-unavailable");
    }
  }
  return published;
}

async function keyOf(header) {
  const kid = String(header.kid ?? "");
  const prefix = settings.jwks + "#";
  const keys = await publishedKeys();
  if (!kid.startsWith(prefix) || !keys.has(kid.slice(prefix.length))) {
    throw new Refused("unknown-key", { kid: (kid.startsWith(prefix) ? kid.slice(prefix.length) : kid) || "none named" });
  }
  return keys.get(kid.slice(prefix.length));
}

async function signedBy(pieces, key) {
  try {
    const k = await crypto.subtle.importKey("jwk", { kty: "OKP", crv: "Ed25519", x: key.x }, { name: "Ed25519" }, false, ["verify"]);
    return await crypto.subtle.verify({ name: "Ed25519" }, k, unb64(pieces[2]), new TextEncoder().encode(`${pieces[0]}.${pieces[1]}`));
  } catch {
    return false;
  }
}

const seconds = (stamp) => {
  const t = Date.parse(stamp);
  if (typeof stamp !== "string" || Number.isNaN(t)) throw new TypeError("not a date");
  return Math.floor(t / 1000);
};

// the JWT's claims repeat the credential's own fields (Open Badges 3.0, section 8.2.4.1)
function dates(payload) {
  try {
    const issuer = payload.issuer;
    const subject = payload.credentialSubject;
    const same = payload["@context"][0] === "https://www.w3.org/ns/credentials/v2"
      && payload.type.includes("OpenBadgeCredential")
      && payload.iss === (isObject(issuer) ? issuer.id : issuer)
      && payload.jti === payload.id && payload.nbf === seconds(payload.validFrom)
      && (payload.sub ?? null) === (subject.id ?? null)
      && (payload.exp ?? null) === ("validUntil" in payload ? seconds(payload.validUntil) : null);
    if (same && Number.isInteger(payload.nbf)) return [payload.nbf, payload.exp ?? null];
  } catch {
    // malformed, below
  }
  throw new Refused("malformed");
}

async function gunzip(bytes) {
  const reader = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip")).getReader();
  const chunks = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > MAX_LIST_BYTES) {
      reader.cancel();
      throw new Error("the status list is too large");
    }
    chunks.push(value);
  }
  const bits = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    bits.set(c, at);
    at += c.length;
  }
  return bits;
}

async function statusBits(token, now) {
  const { header, payload, pieces } = parts(token);
  if (header.alg !== "EdDSA" || payload.iss !== settings.issuer || payload.jti !== settings.status) throw new Error("not ours");
  const key = await keyOf(header);
  const issued = payload.nbf;
  if (!(await signedBy(pieces, key)) || !Number.isInteger(issued) || !(key.from <= issued && issued < key.until)
      || issued > now || !(payload.type ?? []).includes("BitstringStatusListCredential")) throw new Error("not ours");
  const subject = payload.credentialSubject;
  if (subject.statusPurpose !== "revocation" || !String(subject.encodedList ?? "").startsWith("u")) throw new Error("not a revocation list");
  return gunzip(unb64(subject.encodedList.slice(1)));
}

async function revoked(payload, now) {
  const entries = Array.isArray(payload.credentialStatus) ? payload.credentialStatus : [payload.credentialStatus];
  const entry = entries.find((e) => isObject(e) && e.statusPurpose === "revocation");
  if (!entry || entry.statusListCredential !== settings.status) throw new Refused("malformed");
  let index, bits;
  try {
    if (!/^\d+$/.test(String(entry.statusListIndex))) throw new Error("no index");
    index = Number(entry.statusListIndex);
    bits = await statusBits((await (await own(settings.files.status)).text()).trim(), now);
  } catch {
    throw new Refused("status-unavailable");
  }
  if (!(index < bits.length * 8)) throw new Refused("malformed");
  return Boolean(bits[Math.floor(index / 8)] & (0x80 >> index % 8));
}

function said(payload) {
  const subject = payload.credentialSubject;
  const names = (subject.identifier ?? []).filter((i) => isObject(i) && i.identityType === "name" && !i.hashed).map((i) => i.identityHash);
  const completed = subject.activityEndDate || String(payload.awardedDate ?? "").slice(0, 10);
  const skills = (subject.result ?? []).flatMap((r) => r.alignment ?? []).map((a) => a.targetName).filter(Boolean);
  if (typeof subject.achievement.name !== "string") throw new TypeError("no achievement");
  return {
    name: names[0] ?? "the person it names",
    achievement: subject.achievement.name,
    completed: completed ? longDate(seconds(`${completed}T00:00:00Z`)) : "an unstated day",
    skills: skills.join(", "),
  };
}

async function check(token, now) {
  const { header, payload, pieces } = parts(token);
  if (header.alg === "none") throw new Refused("preview");
  if (header.alg !== "EdDSA" || (header.typ ?? "JWT") !== "JWT") throw new Refused("malformed");
  if (payload.iss !== settings.issuer) throw new Refused("unknown-issuer", { issuer: String(payload.iss || "no one") });
  const key = await keyOf(header);
  if (!(await signedBy(pieces, key))) throw new Refused("bad-signature");
  const [issued, until] = dates(payload);
  if (!(key.from <= issued && issued < key.until)) {
    const span = key.until >= FAR
      ? fill(settings.reasons.key_span_open, { key_from: longDate(key.from) })
      : fill(settings.reasons.key_span, { key_from: longDate(key.from), key_last: longDate(key.until - 86400) });
    throw new Refused("key-expired", { issued: longDate(issued), kid: key.kid, key_span: span });
  }
  if (now < issued) throw new Refused("not-yet-valid", { valid_from: longDate(issued) });
  if (until !== null && now >= until) throw new Refused("expired", { valid_until: longDate(until) });
  if (await revoked(payload, now)) throw new Refused("revoked");
  let facts;
  try {
    facts = said(payload);
  } catch {
    throw new Refused("malformed");
  }
  return { ...facts, issued: longDate(issued), kid: key.kid };
}

function show(reason, facts) {
  const all = { programme: settings.programme, ...facts };
  const verdict = document.createElement("p");
  const label = document.createElement("strong");
  label.textContent = settings.labels[reason];
  verdict.append(label, `. ${fill(settings.reasons[reason], all)}`);
  const lines = [verdict];
  if (reason === "valid") {
    for (const piece of all.skills ? ["skills", "details"] : ["details"]) {
      const p = document.createElement("p");
      p.textContent = fill(settings.reasons[piece], all);
      lines.push(p);
    }
  }
  const kind = reason === "valid" ? "valid" : reason === "preview" ? "preview" : "invalid";
  out.className = `tp-verify__result tp-verify__result--${kind}`;
  out.dataset.reason = reason;
  out.replaceChildren(...lines);
  out.hidden = false;
}

async function run(token) {
  token = token.replace(/\s+/g, "");          // as a mail or a paste may break it
  if (!token) {
    show("empty", {});
    return;
  }
  if (location.protocol === "file:") {        // the offline copy: no fetch works from disk
    show("offline", {});
    return;
  }
  try {
    show("valid", await check(token, Date.now() / 1000));
  } catch (e) {
    if (e instanceof Refused) show(e.reason, e.facts);
    else show("malformed", {});
  }
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const chosen = file.files[0];
  if (chosen && chosen.size > MAX_FILE_BYTES) {
    show("malformed", {});
    return;
  }
  await run(chosen ? await chosen.text() : text.value);
});
// a new file replaces pasted text, and the other way round: what is checked is what is shown
file.addEventListener("change", () => { if (file.files.length) text.value = ""; });
text.addEventListener("input", () => { if (text.value) file.value = ""; });

const asked = new URLSearchParams(location.search).get("credential");
if (location.protocol === "file:") {
  show("offline", {});
} else if (asked && OWN_FILE.test(asked)) {
  own(asked).then((r) => r.text()).then((token) => {
    text.value = token.trim();
    return run(token);
  }).catch(() => show("not-found", {}));
}
