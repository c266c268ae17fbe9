"""Verify: is a credential one this site issued, unchanged since, signed by a key in use on its
date, valid now and not revoked? And if so, who issued what to whom, and when.

The command line (verify-credential) runs these steps; the verify page's script
(overrides/assets/portal/verify.js) runs the same ones in the same order in the browser, with the
words it reads from the page (page_settings: REASONS, LABELS). Only this site's keys and status
list are trusted: a credential that names other ones is refused, never followed.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import tempfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .config import Config
from .fetch import FetchError, Policy, get
from .credentials import JWKS_FILE, STATUS_FILE, VC_CONTEXT, Urls, _seconds, _unb64

# The short verdicts, as the page's heading and the command's first word say them.
LABELS = {
    "valid": "Valid",
    "preview": "Preview: not signed",
    "malformed": "Not valid: malformed",
    "unknown-issuer": "Not valid: unknown issuer",
    "unknown-key": "Not valid: unknown key",
    "bad-signature": "Not valid: bad signature",
    "key-expired": "Not valid: key expired for that date",
    "not-yet-valid": "Not valid: not yet valid",
    "expired": "Not valid: expired",
    "revoked": "Not valid: revoked",
    "status-unavailable": "Not checked: status unavailable",
    "keys-unavailable": "Not checked: keys unavailable",
    "not-found": "Not checked: not found",            # the page only: a ?credential= link to no file
    "empty": "Nothing to check",                       # the page only: Check pressed with no credential
    "offline": "Not checked: offline copy",            # the page only: opened from disk (make offline)
}
# What each verdict means, in plain words; {name} is filled from the credential and this site.
REASONS = {
    "valid": "{programme} certifies that {name} completed the {achievement} track on {completed}.",
    "preview": "This file was made by a build of the site without {programme}'s signing key. It shows what "
               "the credential will say, and proves nothing.",
    "malformed": "It cannot be read as a credential from {programme}: part of it is missing or damaged, or "
                 "its parts disagree.",
    "unknown-issuer": "It names {issuer} as its issuer, not {programme}. This check knows only {programme}'s "
                      "credentials.",
    "unknown-key": "It was signed with a key {programme} has never published ({kid}).",
    "bad-signature": "Its signature does not match its contents: it was changed after it was signed, or it "
                     "was signed by someone else.",
    "key-expired": "It says it was issued on {issued}, but the key it was signed with ({kid}) signs only "
                   "credentials issued {key_span}.",
    "not-yet-valid": "It becomes valid on {valid_from}.",
    "expired": "It expired on {valid_until}.",
    "revoked": "{programme} has revoked it.",
    "status-unavailable": "Whether it was revoked could not be checked: {programme}'s status list could not be "
                          "read or is not signed by {programme}. Try again later, or ask {programme}.",
    "keys-unavailable": "{programme}'s public keys could not be read. Try again later, or ask {programme}.",
    "not-found": "The credential this link names is not on the site: the link is wrong, or the person is no "
                 "longer listed. Ask them for the file itself.",
    "empty": "Choose a credential file, or paste its text, then press Check.",
    "offline": "This copy of the site was opened from a file, where a browser cannot read the keys a check "
               "needs. Check the credential on {programme}'s site itself.",
    # pieces of the sentences above and below
    "key_span": "from {key_from} to {key_last}",
    "key_span_open": "from {key_from} on",
    "skills": "Skills the programme assessed: {skills}.",
    "details": "Issued on {issued}, signed with key {kid}; not revoked.",
}
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
# A status list larger than this, uncompressed, is refused (16 MB: 134 million credentials).
MAX_LIST_BYTES = 16 * 1024 * 1024
_B64URL = re.compile(r"[A-Za-z0-9_-]*")
_PRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
# Fetching the credential, the keys and the status list from the web: small files, soon or never.
POLICY = Policy(max_bytes=4 * 1024 * 1024, retries=2, deadline=60.0)


def page_settings(config: Config) -> dict:
    """What the verify page's script needs, in one JSON block: what to trust, where it is, the words."""
    urls = Urls.of(config)
    return {"issuer": urls.issuer, "jwks": urls.jwks, "status": urls.status, "programme": config.programme_name,
            "files": {"jwks": JWKS_FILE, "status": STATUS_FILE}, "labels": LABELS, "reasons": REASONS,
            "months": MONTHS}


def long_date(day: dt.date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


@dataclass(frozen=True)
class Trust:
    """This site: its addresses, its programme's name, and how to read its keys and status list."""
    urls: Urls
    programme: str
    read: Callable[[str], bytes]          # one of urls' addresses -> its bytes; raises OSError when it cannot


@dataclass
class Verdict:
    reason: str                           # a key of LABELS
    facts: dict = field(default_factory=dict)

    @property
    def valid(self) -> bool:
        return self.reason == "valid"

    def text(self) -> str:
        """The verdict as the command prints it and the page shows it (a credential's own words
        without control characters: they could rewrite a terminal)."""
        facts = {k: _PRINTABLE.sub("?", str(v)) for k, v in self.facts.items()}
        lines = [f"{LABELS[self.reason]}. {REASONS[self.reason].format(**facts)}"]
        if self.valid:
            if facts.get("skills"):
                lines.append(REASONS["skills"].format(**facts))
            lines.append(REASONS["details"].format(**facts))
        return "\n".join(lines)


class _Refused(Exception):
    def __init__(self, reason: str, **facts):
        super().__init__(reason)
        self.reason, self.facts = reason, facts


def verify(token: str, trust: Trust, now: dt.datetime) -> Verdict:
    """The verdict on a credential (a compact JWS, as text; spaces and line breaks, as a mail or a
    paste may add them, are left out)."""
    facts = {"programme": trust.programme}
    try:
        facts.update(_check(re.sub(r"\s+", "", token), trust, now))
    except _Refused as e:
        return Verdict(e.reason, {**facts, **e.facts})
    return Verdict("valid", facts)


def _check(token: str, trust: Trust, now: dt.datetime) -> dict:
    header, payload = _parts(token)
    if header.get("alg") == "none":
        raise _Refused("preview")
    if header.get("alg") != "EdDSA" or header.get("typ", "JWT") != "JWT":
        raise _Refused("malformed")
    if payload.get("iss") != trust.urls.issuer:
        raise _Refused("unknown-issuer", issuer=str(payload.get("iss") or "no one"))
    key = _key(header, trust)
    if not _signed_by(token, key):
        raise _Refused("bad-signature")
    issued, until = _dates(payload)
    if not key["from"] <= issued < key["until"]:
        raise _Refused("key-expired", issued=_day(issued), kid=key["kid"], key_span=_span(key))
    if now.timestamp() < issued:
        raise _Refused("not-yet-valid", valid_from=_day(issued))
    if until is not None and now.timestamp() >= until:
        raise _Refused("expired", valid_until=_day(until))
    if _revoked(payload, trust, now):
        raise _Refused("revoked")
    try:
        said = _said(payload)
    except (KeyError, TypeError, ValueError, AttributeError):
        raise _Refused("malformed") from None
    return {**said, "issued": _day(issued), "kid": key["kid"]}


def _parts(token: str) -> tuple[dict, dict]:
    """The header and payload of a compact JWS, or malformed."""
    pieces = token.split(".")
    if len(pieces) != 3 or not all(_B64URL.fullmatch(p) for p in pieces):
        raise _Refused("malformed")
    try:
        header, payload = (json.loads(_unb64(p).decode("utf-8")) for p in pieces[:2])
    except (ValueError, UnicodeDecodeError):
        raise _Refused("malformed") from None
    if not isinstance(header, dict) or not isinstance(payload, dict):
        raise _Refused("malformed")
    return header, payload


def _key(header: dict, trust: Trust) -> dict:
    """The key of this site's JWKS that the header names: {kid, x, from, until}, from and until as
    NumericDates (until far off for a key still in use); unknown-key if there is none."""
    kid = str(header.get("kid") or "")
    prefix = trust.urls.jwks + "#"
    keys = _published_keys(trust)
    if not kid.startswith(prefix) or kid[len(prefix):] not in keys:
        raise _Refused("unknown-key", kid=kid.removeprefix(prefix) or "none named")
    return keys[kid[len(prefix):]]


def _published_keys(trust: Trust) -> dict:
    keys = {}
    try:
        jwks = json.loads(trust.read(trust.urls.jwks).decode("utf-8"))
        for k in jwks.get("keys", []) if isinstance(jwks, dict) else []:
            if isinstance(k, dict) and k.get("kty") == "OKP" and k.get("crv") == "Ed25519" and isinstance(k.get("kid"), str):
                keys[k["kid"]] = {"kid": k["kid"], "x": str(k.get("x")), "from": int(k.get("nbf", 0)),
                                  "until": int(k.get("exp", 2 ** 53))}
    except (OSError, ValueError, TypeError, UnicodeDecodeError):
        raise _Refused("keys-unavailable") from None
    return keys


def _signed_by(token: str, key: dict) -> bool:
    """Whether the token's signature is this Ed25519 key's (jwcrypto, EdDSA only)."""
    from jwcrypto import jwk, jws
    from jwcrypto.common import JWException

    try:
        checked = jws.JWS()
        checked.deserialize(token)
        checked.verify(jwk.JWK(kty="OKP", crv="Ed25519", x=key["x"]), alg="EdDSA")
    except (JWException, ValueError, TypeError):
        return False
    return True


def _dates(payload: dict) -> tuple[int, int | None]:
    """(nbf, exp) once the JWT's claims are shown to repeat the credential's own fields (Open Badges
    3.0, section 8.2.4.1): an Open Badges credential of the VC 2.0 model, iss = issuer.id,
    jti = id, nbf = validFrom, sub = credentialSubject.id, exp = validUntil; else malformed."""
    try:
        issuer = payload["issuer"]
        subject = payload["credentialSubject"]
        same = (payload["@context"][0] == VC_CONTEXT and "OpenBadgeCredential" in payload["type"]
                and payload["iss"] == (issuer["id"] if isinstance(issuer, dict) else issuer)
                and payload["jti"] == payload["id"] and payload["nbf"] == _seconds(payload["validFrom"])
                and payload.get("sub") == subject.get("id")
                and payload.get("exp") == (_seconds(payload["validUntil"]) if "validUntil" in payload else None))
        if same and isinstance(payload["nbf"], int):
            return payload["nbf"], payload.get("exp")
    except (KeyError, IndexError, TypeError, ValueError, AttributeError):
        pass
    raise _Refused("malformed")


def _revoked(payload: dict, trust: Trust, now: dt.datetime) -> bool:
    """Whether this site's status list, itself signed by a key in use on its date, marks the
    credential's number; status-unavailable when it cannot be read or trusted."""
    entries = payload.get("credentialStatus")
    entries = entries if isinstance(entries, list) else [entries]
    entry = next((e for e in entries if isinstance(e, dict) and e.get("statusPurpose") == "revocation"), None)
    if entry is None or entry.get("statusListCredential") != trust.urls.status:
        raise _Refused("malformed")
    try:
        index = int(entry["statusListIndex"])
        bits = _status_bits(trust.read(trust.urls.status).decode("ascii").strip(), trust, now)
    except _Refused:
        raise _Refused("status-unavailable") from None
    except (OSError, ValueError, KeyError, UnicodeDecodeError, zlib.error):
        raise _Refused("status-unavailable") from None
    if not 0 <= index < len(bits) * 8:
        raise _Refused("malformed")
    return bool(bits[index // 8] & (0x80 >> (index % 8)))


def _status_bits(token: str, trust: Trust, now: dt.datetime) -> bytes:
    """The status list's bits, once its own signature, key and dates check out."""
    header, payload = _parts(token)
    if header.get("alg") != "EdDSA" or payload.get("iss") != trust.urls.issuer or payload.get("jti") != trust.urls.status:
        raise ValueError("not this site's signed status list")
    key = _key(header, trust)
    issued = payload.get("nbf")
    if not _signed_by(token, key) or not isinstance(issued, int) or not key["from"] <= issued < key["until"] \
            or issued > now.timestamp() or "BitstringStatusListCredential" not in payload.get("type", []):
        raise ValueError("not this site's signed status list")
    subject = payload["credentialSubject"]
    if subject.get("statusPurpose") != "revocation" or not str(subject.get("encodedList", "")).startswith("u"):
        raise ValueError("not a revocation list")
    inflate = zlib.decompressobj(16 + zlib.MAX_WBITS)          # gzip, at most MAX_LIST_BYTES
    bits = inflate.decompress(_unb64(subject["encodedList"][1:]), MAX_LIST_BYTES)
    if inflate.unconsumed_tail:
        raise ValueError("the status list is too large")
    return bits


def _said(payload: dict) -> dict:
    """What a valid credential says, for its sentence: name, achievement, completion day, skills."""
    subject = payload["credentialSubject"]
    names = [i.get("identityHash") for i in subject.get("identifier") or []
             if isinstance(i, dict) and i.get("identityType") == "name" and not i.get("hashed")]
    completed = subject.get("activityEndDate") or str(payload.get("awardedDate", ""))[:10]
    skills = [a.get("targetName") for r in subject.get("result") or [] for a in r.get("alignment") or []]
    return {"name": names[0] if names else "the person it names", "achievement": subject["achievement"]["name"],
            "completed": long_date(dt.date.fromisoformat(completed)) if completed else "an unstated day",
            "skills": ", ".join(s for s in skills if s)}


def _day(seconds: int) -> str:
    return long_date(dt.datetime.fromtimestamp(seconds, dt.timezone.utc).date())


def _span(key: dict) -> str:
    if key["until"] >= 2 ** 53:
        return REASONS["key_span_open"].format(key_from=_day(key["from"]))
    return REASONS["key_span"].format(key_from=_day(key["from"]), key_last=_day(key["until"] - 86400))


# --- where the command reads from --------------------------------------------------------------------

def site_reader(site: str, urls: Urls) -> Callable[[str], bytes]:
    """How to read this site's keys and status list: from a built site folder (`site/`), or from
    the site on the web (its address, https). Only addresses under urls.site are read."""
    local = Path(site) if not re.match(r"https?://", site) else None
    base = urls.site if local else site.rstrip("/") + "/"

    def read(url: str) -> bytes:
        if not url.startswith(urls.site):
            raise OSError(f"{url} is not one of the site's files")
        path = url[len(urls.site):]
        if local is not None:
            return (local / path).read_bytes()
        return fetched(base + path)
    return read


def fetched(url: str) -> bytes:
    """A file from the web, fetched as the build fetches outcomes (fetch.py): https only, timeouts,
    a deadline, a size cap, redirects checked; an OSError saying why when it cannot be had."""
    if not url.startswith("https://") and not re.match(r"http://(127\.0\.0\.1|localhost|\[::1\])[:/]", url):
        raise OSError(f"{url}: only https addresses are fetched")
    with tempfile.TemporaryDirectory(prefix="credential-") as work:
        try:
            return get(url, Path(work) / "file", policy=POLICY).read_bytes()
        except FetchError as e:
            raise OSError(str(e)) from None


def read_credential(source: str) -> str:
    """The credential in a file, or at an https address."""
    if re.match(r"https?://", source):
        data = fetched(source)
    else:
        data = Path(source).read_bytes()[:POLICY.max_bytes]
    return data.decode("utf-8", "replace")
