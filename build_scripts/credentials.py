"""Credentials: each verified track completion as a signed Open Badges 3.0 credential.

For every track that the maintainers' registry (data/verified-tracks.yml) confirms with a
completion date and a credential number, and that the person lists on their published profile,
the build issues an OpenBadgeCredential (W3C Verifiable Credentials 2.0) secured as a VC-JWT: a
compact JWS, EdDSA with an Ed25519 key, made by jwcrypto. A credential names the person only by
the name their profile publishes. Published with the site under credentials/: each person's
credentials, the issuer profile, the public keys (JWKS: every key with its validity, old keys
kept) and a Bitstring Status List of the revoked numbers, all made afresh at each build.

The private key comes only from the deploy secret CREDENTIAL_SIGNING_KEY (a JWK); the public keys
and their validity are data/credential-keys.yml. Without a usable key the build issues unsigned
previews (JWTs with "alg": "none"), the log says why, and the profile pages label them. The same
registry and key make the same files, byte for byte (Ed25519 signatures are deterministic).
"""

from __future__ import annotations

import base64
import datetime as dt
import gzip
import json
import os
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .config import Config, SettingsError

if TYPE_CHECKING:
    import jinja2

    from .select import Published
    from .vocab import Vocabulary

ROOT = Path(__file__).resolve().parent.parent
KEYS_FILE = ROOT / "data" / "credential-keys.yml"
KEY_ENV = "CREDENTIAL_SIGNING_KEY"
REGISTRY = "data/verified-tracks.yml"

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
# Where the site publishes them, from its root.
FOLDER = "credentials"
ISSUER_FILE = f"{FOLDER}/issuer.json"
JWKS_FILE = f"{FOLDER}/jwks.json"
STATUS_FILE = f"{FOLDER}/status.jwt"
# The smallest status list the Bitstring Status List recommendation allows (16 KB): herd privacy.
STATUS_BITS = 131_072
# A preview's header: an unsecured JWT (RFC 7519, section 6), which no verifier may accept.
UNSIGNED = b'{"alg":"none","typ":"JWT"}'


# --- the registry: completions and revocations --------------------------------------------------------

@dataclass(frozen=True)
class Completion:
    track: str
    completed: dt.date
    number: int                  # the credential's number: its place in the status list, never reused
    skills: tuple = ()           # the skills its assessment confirmed (published only where the profile lists them)


@dataclass(frozen=True)
class Registry:
    completions: dict            # profile id -> {track id: Completion}
    revoked: dict                # credential number -> the day it was revoked

    @property
    def last_number(self) -> int:
        return max([c.number for cs in self.completions.values() for c in cs.values()] + list(self.revoked), default=0)


def read_registry(data) -> Registry:
    """The completions and revocations in data/verified-tracks.yml (as load.py reads it: text values).

    Under a person's `tracks:`, a track may map to {completed: DATE, credential: N, skills: [...]};
    the list form (`tracks: [a, b]`) verifies tracks without credentials. Every number from 1 to the
    highest is issued or revoked exactly once: a number missing (a credential deleted instead of
    revoked) or used twice stops the build, since either would let an old credential pass as another."""
    completions: dict = {}
    owners: dict = {}
    for pid, entry in ((data or {}).get("verified") or {}).items():
        tracks = entry.get("tracks") if isinstance(entry, dict) else None
        for track, info in (tracks.items() if isinstance(tracks, dict) else ()):
            if info in (None, "", {}):
                continue                      # verified; no completion recorded yet
            c = _completion(str(pid), str(track), info)
            _claim(owners, c.number, f"{pid}'s {track}")
            completions.setdefault(str(pid), {})[str(track)] = c
    revoked = {}
    for number, day in ((data or {}).get("revoked") or {}).items():
        n = _number(number, f"revoked: {number}")
        _claim(owners, n, "the revoked list")
        revoked[n] = _date(day, f"revoked: {number}")
    registry = Registry(completions, revoked)
    missing = [n for n in range(1, registry.last_number + 1) if n not in owners]
    if missing:
        raise SettingsError(f"{REGISTRY}: credential {missing[0]} is neither issued nor revoked. A credential once "
                            f"issued is revoked, never deleted: add `{missing[0]}: YYYY-MM-DD` under revoked:")
    return registry


def _completion(pid: str, track: str, info) -> Completion:
    where = f"{pid}: tracks: {track}"
    if not isinstance(info, dict) or "completed" not in info or "credential" not in info:
        raise SettingsError(f"{REGISTRY}: {where} needs completed: YYYY-MM-DD and credential: NUMBER (the next unused "
                            "number), or nothing at all")
    skills = info.get("skills") or []
    if not isinstance(skills, list) or not all(isinstance(s, str) and s.strip() for s in skills):
        raise SettingsError(f"{REGISTRY}: {where}: skills must be a list of skill names")
    return Completion(track, _date(info["completed"], where), _number(info["credential"], where),
                      tuple(s.strip() for s in skills))


def _number(value, where: str) -> int:
    text = str(value)
    if not text.isdigit() or int(text) < 1:
        raise SettingsError(f"{REGISTRY}: {where}: {text!r} is not a credential number (1 or more)")
    return int(text)


def _date(value, where: str) -> dt.date:
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise SettingsError(f"{REGISTRY}: {where}: {str(value)!r} is not a date (YYYY-MM-DD)") from None


def _claim(owners: dict, number: int, who: str) -> None:
    if number in owners:
        raise SettingsError(f"{REGISTRY}: credential {number} is given twice ({owners[number]} and {who}); "
                            "each number names one credential, ever")
    owners[number] = who


# --- keys ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class PublicKey:
    kid: str
    x: str                        # the Ed25519 public key, base64url
    valid_from: dt.date           # signs credentials issued from this day...
    valid_until: dt.date | None   # ...until the day before this one (None: still in use)

    def covers(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day < self.valid_until)

    def jwk(self) -> dict:
        """As the JWKS publishes it: the key, and its validity as NumericDates (nbf, exp)."""
        out = {"kty": "OKP", "crv": "Ed25519", "x": self.x, "kid": self.kid, "use": "sig", "alg": "EdDSA",
               "nbf": _seconds(self.valid_from)}
        if self.valid_until:
            out["exp"] = _seconds(self.valid_until)
        return out


def read_keys(path: Path = KEYS_FILE) -> list[PublicKey]:
    """data/credential-keys.yml: every key credentials were ever signed with, and when each was in use."""
    from .load import load_file

    if not path.is_file():
        return []
    doc = load_file(path)
    if not doc.ok:
        raise SettingsError("\n".join(p.text() for p in doc.problems))
    keys: list[PublicKey] = []
    for n, entry in enumerate((doc.data or {}).get("keys") or []):
        where = f"{path.name}: keys[{n}]"
        if not isinstance(entry, dict) or not all(entry.get(k) for k in ("kid", "x", "from")):
            raise SettingsError(f"{where} needs kid:, x: (the public key) and from: (the first day it signs)")
        try:
            start = dt.date.fromisoformat(str(entry["from"]))
            end = dt.date.fromisoformat(str(entry["until"])) if entry.get("until") else None
        except ValueError:
            raise SettingsError(f"{where}: from: and until: are dates (YYYY-MM-DD)") from None
        if len(_unb64(str(entry["x"]))) != 32:
            raise SettingsError(f"{where}: x: is not an Ed25519 public key (32 bytes, base64url)")
        if end and end <= start:
            raise SettingsError(f"{where}: until: must come after from:")
        if any(k.kid == str(entry["kid"]) for k in keys):
            raise SettingsError(f"{where}: the kid {entry['kid']} is used twice")
        keys.append(PublicKey(str(entry["kid"]), str(entry["x"]), start, end))
    return keys


@dataclass(frozen=True)
class Signer:
    key: object                  # a jwcrypto JWK holding the private key
    public: PublicKey


def signer(keys: list[PublicKey], secret: str | None, today: dt.date) -> tuple[Signer | None, str]:
    """The key to sign with, from the deploy secret, or None and why not (for the log; it never
    quotes the secret). Only a key listed in data/credential-keys.yml, in use on the day before
    `today` (the consent day, at UTC+14: that day has begun everywhere), signs."""
    if not secret:
        return None, f"{KEY_ENV} is not set"
    from jwcrypto import jwk

    try:
        key = jwk.JWK.from_json(secret)
    except Exception:                     # its message could quote the secret
        return None, f"{KEY_ENV} is not a JSON Web Key"
    private = key.export(as_dict=True) if key.has_private else {}
    if private.get("kty") != "OKP" or private.get("crv") != "Ed25519":
        return None, f"{KEY_ENV} is not a private Ed25519 key (kty OKP, crv Ed25519, with d)"
    listed = {k.kid: k for k in keys}.get(str(private.get("kid") or ""))
    if listed is None:
        return None, (f"the signing key {private.get('kid') or '(without a kid)'} is not in data/credential-keys.yml "
                      "(python -m build_scripts credential-key prints the entry to add)")
    if listed.x != private.get("x"):
        return None, f"the signing key is not the public key listed as {listed.kid} in data/credential-keys.yml"
    day = today - dt.timedelta(days=1)
    if not listed.covers(day):
        return None, f"the signing key {listed.kid} is not in use on {day} (from {listed.valid_from} " \
                     f"until {listed.valid_until or 'now'}): rotate it (docs/contributing/maintainers.md)"
    return Signer(key, listed), f"signed with key {listed.kid}"


def generate_key(kid: str) -> tuple[str, str]:
    """A new Ed25519 key: (the private JWK, for the deploy secret; its public x, for data/credential-keys.yml)."""
    from jwcrypto import jwk

    key = jwk.JWK.generate(kty="OKP", crv="Ed25519", kid=kid)
    return key.export_private(), key.export_public(as_dict=True)["x"]


# --- the credential -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Urls:
    """Where the site publishes what a verifier needs, as absolute URLs (from portal.yml's site_url)."""
    site: str

    @classmethod
    def of(cls, config: Config) -> Urls:
        return cls(config.site_url.rstrip("/") + "/")

    @property
    def issuer(self) -> str:
        return self.site + ISSUER_FILE

    @property
    def jwks(self) -> str:
        return self.site + JWKS_FILE

    @property
    def status(self) -> str:
        return self.site + STATUS_FILE

    def urn(self, what: str) -> str:
        """A stable identifier that says nothing: the same for the same site and thing, at every build."""
        return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, self.site + what)}"


def offered(p: Published, vocab: Vocabulary, today: dt.date) -> list[Completion]:
    """The credentials a published profile offers: tracks the person lists, that the registry
    verifies for their id and login (p.verified), with a completion and a number, completed before
    `today` (the consent day: a credential is never dated on a day that has not begun everywhere)."""
    done = vocab.credentials.completions.get(p.id, {}) if vocab.credentials else {}
    return [done[t] for t in p.data.get("tracks") or [] if t in p.verified and t in done and done[t].completed < today]


def credential(p: Published, c: Completion, config: Config, vocab: Vocabulary, issued: dt.date,
               valid_until: dt.date | None = None) -> dict:
    """The OpenBadgeCredential for one completion, as JSON: the person only by their published name,
    and only the assessed skills their profile lists too."""
    urls = Urls.of(config)
    track = vocab.tracks.get(c.track, {})
    name = track.get("name", c.track)
    listed = {s["name"] for s in p.data.get("skills") or []}
    skills = [named for s in c.skills if (named := vocab.skill(s) or s) in listed]     # by the name the site shows
    subject = {
        "id": urls.urn(f"credential/{c.number}/subject"),
        "type": ["AchievementSubject"],
        "identifier": [{"type": "IdentityObject", "identityHash": p.data["name"], "identityType": "name",
                        "hashed": False}],
        "activityEndDate": c.completed.isoformat(),
        "achievement": {
            "id": urls.urn(f"track/{c.track}"),
            "type": ["Achievement"],
            "achievementType": "CertificateOfCompletion",
            "name": name,
            "description": f"The {name} track of {config.programme_name}"
                           + (f": {track['weeks']} weeks of part-time study." if track.get("weeks") else "."),
            "criteria": {"narrative": "Completing the track, which ends with projects for real or realistic clients "
                                      "reviewed by a mentor working in the field."},
        },
    }
    if skills:
        subject["result"] = [{"type": ["Result"], "alignment": [
            {"type": ["Alignment"], "targetName": s, "targetType": "ceterms:Skill",
             "targetUrl": urls.site + "contributing/skills-and-tracks/"} for s in skills]}]
    out = {
        "@context": [VC_CONTEXT, OB_CONTEXT],
        "id": urls.urn(f"credential/{c.number}"),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": f"{name}: track completed",
        "issuer": issuer_profile(config, embedded=True),
        "validFrom": _stamp(issued),
        "awardedDate": _stamp(c.completed),
        "credentialSubject": subject,
        "credentialStatus": {"id": f"{urls.status}#{c.number}", "type": "BitstringStatusListEntry",
                             "statusPurpose": "revocation", "statusListIndex": str(c.number),
                             "statusListCredential": urls.status},
    }
    if valid_until:
        out["validUntil"] = _stamp(valid_until)
    return out


def issuer_profile(config: Config, embedded: bool = False) -> dict:
    """The programme as an Open Badges Profile; published whole as credentials/issuer.json."""
    urls = Urls.of(config)
    profile = {"id": urls.issuer, "type": ["Profile"], "name": config.programme_name, "url": urls.site}
    if embedded:
        return profile
    return {"@context": [VC_CONTEXT, OB_CONTEXT], **profile, "email": config.contact_email,
            "description": "Issues an Open Badges 3.0 credential for each track its records show a person completed. "
                           f"Keys: {urls.jwks}. Revocations: {urls.status}. Check one at {urls.site}verify/."}


def status_list(registry: Registry, config: Config, issued: dt.date) -> dict:
    """The Bitstring Status List credential: bit N set when credential N is revoked (bit 0, the first
    byte's highest, is never used), GZIP-compressed, multibase base64url."""
    urls = Urls.of(config)
    bits = bytearray(max(STATUS_BITS, registry.last_number + 1 + 7) // 8)
    for n in registry.revoked:
        bits[n // 8] |= 0x80 >> (n % 8)
    encoded = "u" + _b64(gzip.compress(bytes(bits), mtime=0))
    return {"@context": [VC_CONTEXT], "id": urls.status, "type": ["VerifiableCredential", "BitstringStatusListCredential"],
            "issuer": urls.issuer, "validFrom": _stamp(issued),
            "credentialSubject": {"id": f"{urls.status}#list", "type": "BitstringStatusList",
                                  "statusPurpose": "revocation", "encodedList": encoded}}


def secure(doc: dict, sign: Signer | None, config: Config) -> str:
    """The credential as a compact JWS (VC-JWT, Open Badges 3.0 section 8.2): the credential's own
    fields with the JWT claims that repeat them (iss, jti, nbf, sub, exp). Unsigned ("alg": "none",
    no signature) without a signer: a preview."""
    claims = {**doc, "iss": _id(doc["issuer"]), "jti": doc["id"], "nbf": _seconds(doc["validFrom"])}
    if "id" in doc["credentialSubject"]:
        claims["sub"] = doc["credentialSubject"]["id"]
    if "validUntil" in doc:
        claims["exp"] = _seconds(doc["validUntil"])
    payload = json.dumps(claims, ensure_ascii=False, separators=(",", ":")).encode()
    if sign is None:
        return f"{_b64(UNSIGNED)}.{_b64(payload)}."
    from jwcrypto import jws

    header = {"alg": "EdDSA", "kid": f"{Urls.of(config).jwks}#{sign.public.kid}", "typ": "JWT"}
    token = jws.JWS(payload)
    token.add_signature(sign.key, alg="EdDSA", protected=json.dumps(header, separators=(",", ":")))
    return token.serialize(compact=True)


def list_day(registry: Registry, sign: Signer | None, today: dt.date) -> dt.date:
    """The status list's validFrom: its last revocation, or the signing key's first day, if later;
    never after the day before `today` (a day begun everywhere). The same at every build until it changes."""
    known = [d for d in [sign.public.valid_from if sign else None, *registry.revoked.values()] if d]
    return min(max(known, default=today), today - dt.timedelta(days=1))


def issue_day(completed: dt.date, sign: Signer | None) -> dt.date:
    """validFrom (and nbf): the completion day, or the first day of the key that signs it, if later.
    The same at every build with the same key; never a day the key was not in use."""
    return max(completed, sign.public.valid_from) if sign else completed


# --- publishing -----------------------------------------------------------------------------------------

def signing_state(today: dt.date, keys: list[PublicKey] | None = None) -> tuple[Signer | None, str]:
    """The signer this build uses (None: previews) and what the log says about it: the deploy secret
    in the environment, checked against the published keys (default: data/credential-keys.yml)."""
    return signer(read_keys(KEYS_FILE) if keys is None else keys, os.environ.get(KEY_ENV), today)


def links(p: Published, vocab: Vocabulary, today: dt.date, signed: bool) -> dict:
    """For the profile page: track id -> the credential's file, from the site root, and whether it is signed."""
    return {c.track: {"file": f"{FOLDER}/{p.id}/{c.track}.jwt", "signed": signed} for c in offered(p, vocab, today)}


def render_credentials(published: list[Published], docs: Path, env: jinja2.Environment, config: Config,
                       vocab: Vocabulary, today: dt.date) -> list[str]:
    """credentials/ (each published person's credentials, issuer, keys, status list) and the verify
    page, into the staging docs. Returns the lines for the build log."""
    from .verify import page_settings

    keys = read_keys(KEYS_FILE)
    sign, why = signing_state(today, keys)
    registry = vocab.credentials or Registry({}, {})
    folder = docs / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    issued = 0
    for p in published:
        for c in offered(p, vocab, today):
            (folder / p.id).mkdir(exist_ok=True)
            token = secure(credential(p, c, config, vocab, issue_day(c.completed, sign)), sign, config)
            (folder / p.id / f"{c.track}.jwt").write_text(token, encoding="ascii")
            issued += 1
    _write_json(folder / "issuer.json", issuer_profile(config))
    _write_json(folder / "jwks.json", {"keys": [k.jwk() for k in keys]})
    status = status_list(registry, config, list_day(registry, sign, today))
    (folder / "status.jwt").write_text(secure(status, sign, config), encoding="ascii")
    page = env.get_template("verify.md.j2").render(settings=page_settings(config))
    (docs / "verify.md").write_text(page, encoding="utf-8")
    what = f"signed with key {sign.public.kid}" if sign else f"unsigned previews, labelled 'preview: not signed' ({why})"
    return [f"Credentials: {issued} issued for published profiles, {what}; {len(registry.revoked)} revoked."]


def _write_json(path: Path, data) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


# --- encodings ------------------------------------------------------------------------------------------

def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except ValueError:
        return b""


def _stamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _seconds(value) -> int:
    """A date, or a VC date-time string, as a JWT NumericDate."""
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    if not isinstance(value, dt.datetime):
        value = dt.datetime.combine(value, dt.time(), dt.timezone.utc)
    return int(value.timestamp())


def _id(issuer) -> str:
    return issuer["id"] if isinstance(issuer, dict) else str(issuer)
