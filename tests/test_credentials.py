"""Signed credentials (issue 14): every verified track completion as an Open Badges 3.0 credential, signed
by the build with the deploy key; checked by `verify-credential`, by a second library (PyJWT) and by the
verify page in a browser; refused, with the reason said, when tampered with, signed by another key or by a
key outside its time, revoked, malformed, not yet valid or expired. Keys are made here, in the test: no
private key is ever committed."""

from __future__ import annotations

import base64
import datetime as dt
import gzip
import json
import re
import shutil
from dataclasses import replace
from pathlib import Path

import jwt
import pytest
import yaml
from jwcrypto import jwk, jws

from build_scripts import credentials, pipeline
from build_scripts.config import SettingsError, load_config
from build_scripts.credentials import (KEY_ENV, Completion, PublicKey, Signer, credential, generate_key, offered,
                                       read_keys, read_registry, render_credentials, secure, signer)
from build_scripts.select import Published, select
from build_scripts.synth import SAMPLE_DAY
from build_scripts.validate import check_files, profile_files
from build_scripts.verify import LABELS
from build_scripts.vocab import load_vocabulary
from conftest import ROOT, SiteServer, browser_page, run_cli
from sitefixtures import every_file
from test_workflows import WORKFLOWS, load, triggers

CONFIG = load_config()
VOCAB = load_vocabulary()
SITE = CONFIG.site_url.rstrip("/") + "/"


def claims(token: str) -> tuple[dict, dict]:
    """A compact JWS's header and payload, read without checking anything."""
    head, body = (json.loads(base64.urlsafe_b64decode(p + "=" * (-len(p) % 4))) for p in token.split(".")[:2])
    return head, body


def leaves(value) -> list:
    """Every string and number in a JSON value (keys aside)."""
    if isinstance(value, dict):
        return [x for v in value.values() for x in leaves(v)]
    if isinstance(value, list):
        return [x for v in value for x in leaves(v)]
    return [value]


def sample_published() -> list[Published]:
    paths, _ = profile_files(ROOT / "profiles", ROOT)
    return select(check_files(paths, VOCAB, SAMPLE_DAY, ROOT), SAMPLE_DAY, VOCAB.verified_tracks, VOCAB.skill).published


# --- the registry -------------------------------------------------------------------------------------

def entry(tracks, github="someone-demo") -> dict:
    return {"github": github, "tracks": tracks}


def test_the_registry_reads_completions_and_the_list_form_still_verifies_without_one():
    registry = read_registry({"verified": {
        "amal-h": entry({"web-development": {"completed": "2024-01-31", "credential": "1", "skills": ["HTML", "CSS"]},
                         "english-for-work": None}),
        "bashar-k": entry(["it-support"])},
        "revoked": {"2": "2025-03-01"}})
    assert registry.completions == {"amal-h": {"web-development": Completion("web-development", dt.date(2024, 1, 31), 1,
                                                                            ("HTML", "CSS"))}}
    assert registry.revoked == {2: dt.date(2025, 3, 1)} and registry.last_number == 2


ONE = {"completed": "2024-01-31", "credential": "1"}


@pytest.mark.parametrize("data, message", [
    ({"verified": {"a": entry({"web-development": {**ONE, "credential": "2"}})}},
     "credential 1 is neither issued nor revoked. A credential once issued is revoked, never deleted: add `1: "
     "YYYY-MM-DD` under revoked:"),
    ({"verified": {"a": entry({"web-development": ONE}), "b": entry({"it-support": ONE})}},
     "credential 1 is given twice (a's web-development and b's it-support)"),
    ({"verified": {"a": entry({"web-development": ONE})}, "revoked": {"1": "2025-01-01"}},
     "credential 1 is given twice (a's web-development and the revoked list)"),
    ({"verified": {"a": entry({"web-development": {"completed": "2024-01-31"}})}},
     "a: tracks: web-development needs completed: YYYY-MM-DD and credential: NUMBER"),
    ({"verified": {"a": entry({"web-development": {**ONE, "completed": "January 2024"}})}},
     "'January 2024' is not a date (YYYY-MM-DD)"),
    ({"verified": {"a": entry({"web-development": {**ONE, "credential": "0"}})}}, "'0' is not a credential number"),
])
def test_a_credential_number_missing_or_given_twice_stops_the_build(data, message):
    # either would let an old credential pass as another: its number's bit would say someone else's status
    with pytest.raises(SettingsError) as caught:
        read_registry(data)
    assert str(caught.value).startswith("data/verified-tracks.yml: ") and message in str(caught.value)


def test_the_shipped_registry_gives_each_number_once_to_a_track_it_verifies():
    registry = VOCAB.credentials
    numbers = sorted(c.number for cs in registry.completions.values() for c in cs.values()) + sorted(registry.revoked)
    assert numbers and sorted(numbers) == list(range(1, len(numbers) + 1))
    for pid, tracks in registry.completions.items():
        assert set(tracks) <= VOCAB.verified_tracks[pid][1], pid
        assert all(c.completed < SAMPLE_DAY for c in tracks.values()), pid


# --- keys ---------------------------------------------------------------------------------------------

def test_the_shipped_key_list_holds_no_private_key():
    text = (ROOT / "data" / "credential-keys.yml").read_text()
    assert read_keys(ROOT / "data" / "credential-keys.yml") == [] and not re.search(r"^\s*-?\s*d:", text, re.M)


@pytest.mark.parametrize("body, message", [
    ("keys:\n  - {kid: a, from: 2026-01-01}\n", "needs kid:, x: (the public key) and from:"),
    ("keys:\n  - {kid: a, x: abc, from: 2026-01-01}\n", "x: is not an Ed25519 public key"),
    ("keys:\n  - {kid: a, x: X, from: 2026-01-01, until: 2025-01-01}\n", "until: must come after from:"),
    ("keys:\n  - {kid: a, x: X, from: 2026-01-01}\n  - {kid: a, x: X, from: 2027-01-01}\n", "the kid a is used twice"),
])
def test_a_broken_key_list_stops_the_build(tmp_path, body, message):
    _, x = generate_key("a")
    (tmp_path / "keys.yml").write_text(body.replace("x: X", f"x: {x}"))
    with pytest.raises(SettingsError, match=re.escape(message)):
        read_keys(tmp_path / "keys.yml")


def test_only_a_listed_key_in_use_signs_and_no_message_quotes_the_secret():
    private, x = generate_key("k1")
    stranger, _ = generate_key("k2")
    listed = [PublicKey("k1", x, dt.date(2026, 1, 1), None)]
    today = dt.date(2026, 6, 15)
    cases = [
        (listed, None, "CREDENTIAL_SIGNING_KEY is not set"),
        (listed, private[:-5], "CREDENTIAL_SIGNING_KEY is not a JSON Web Key"),
        (listed, stranger, "the signing key k2 is not in data/credential-keys.yml"),
        ([PublicKey("k1", generate_key("k1")[1], dt.date(2026, 1, 1), None)], private,
         "the signing key is not the public key listed as k1"),
        ([PublicKey("k1", x, dt.date(2026, 1, 1), dt.date(2026, 6, 14))], private,
         "the signing key k1 is not in use on 2026-06-14 (from 2026-01-01 until 2026-06-14): rotate it"),
        # a key signs from the day after its first (that day has begun everywhere): never a credential dated ahead
        ([PublicKey("k1", x, today, None)], private, "not in use on 2026-06-14"),
    ]
    secret_parts = [json.loads(k)["d"] for k in (private, stranger)]
    for keys, secret, why in cases:
        sign, said = signer(keys, secret, today)
        assert sign is None and why in said
        assert not any(part in said for part in secret_parts)
    sign, said = signer(listed, private, today)
    assert isinstance(sign, Signer) and sign.public.kid == "k1" and said == "signed with key k1"


# --- what a credential says, and of whom -------------------------------------------------------------------

def test_a_credential_holds_nothing_the_profile_does_not_publish():
    people = {p.id: p for p in sample_published()}
    person = people["helen-n"]          # keeps her country private; lists a track the registry does not verify
    raw = yaml.safe_load((ROOT / "profiles" / "helen-n.yaml").read_text())
    assert raw["consent"]["country"] is False and "freelancing-essentials" in raw["tracks"]
    offers = offered(person, VOCAB, SAMPLE_DAY)
    assert [c.track for c in offers] == ["data-analysis"]
    token = secure(credential(person, offers[0], CONFIG, VOCAB, offers[0].completed), None, CONFIG)
    _, said = claims(token)
    words = [{str(x) for x in leaves(d) if not isinstance(x, bool)} for d in (raw, said)]
    shared = words[0] & words[1]
    assessed = {s for s in offers[0].skills if s in {x["name"] for x in raw["skills"]}}
    assert shared == {raw["name"], *assessed}, shared       # her name and the assessed skills she lists: nothing else
    text = json.dumps(said, ensure_ascii=False)
    for private in (raw["github"], raw["timezone"], raw["consent"]["given"], CONFIG.contact_email, "country"):
        assert private not in text
    assert said["credentialSubject"]["identifier"] == [{"type": "IdentityObject", "identityHash": "Helen N.",
                                                        "identityType": "name", "hashed": False}]


def test_an_assessed_skill_or_a_track_the_person_does_not_list_is_left_out():
    done = Completion("data-analysis", dt.date(2024, 1, 31), 1, ("SQL", "Tableau", "Python3"))
    vocab = replace(VOCAB, credentials=read_registry({"verified": {"pia-p": entry(
        {"data-analysis": {"completed": "2024-01-31", "credential": "1", "skills": list(done.skills)},
         "web-development": {"completed": "2024-01-31", "credential": "2"}})}}))
    person = Published("pia-p", "profiles/pia-p.yaml", {"name": "Pia P.", "tracks": ["data-analysis"],
                                                        "skills": [{"name": "SQL"}, {"name": "Python"}]},
                       frozenset({"data-analysis", "web-development"}))
    assert [c.track for c in offered(person, vocab, SAMPLE_DAY)] == ["data-analysis"]   # web-development: not on her profile
    assert offered(person, vocab, dt.date(2024, 1, 31)) == []       # completed "today": a day not yet begun everywhere
    said = credential(person, done, CONFIG, vocab, done.completed)
    aligned = [a["targetName"] for r in said["credentialSubject"]["result"] for a in r["alignment"]]
    assert aligned == ["SQL", "Python"]         # Tableau she does not list; Python3 is her Python, named as she does
    unverified = replace(person, verified=frozenset({"web-development"}))      # the registry's login no longer hers
    assert offered(unverified, vocab, SAMPLE_DAY) == []


# --- without a key: previews, said so ----------------------------------------------------------------------

def test_without_a_key_the_build_issues_previews_and_says_so_in_the_log_and_on_the_page(tmp_path, monkeypatch):
    from build_scripts.pages import environment
    from build_scripts.profiles import render_profile_pages

    monkeypatch.delenv(KEY_ENV, raising=False)
    people = sample_published()
    docs = tmp_path / "docs"
    log = render_credentials(people, docs, environment(CONFIG, VOCAB), CONFIG, VOCAB, SAMPLE_DAY)
    assert log == ["Credentials: 50 issued for published profiles, unsigned previews, labelled 'preview: not signed' "
                   "(CREDENTIAL_SIGNING_KEY is not set); 0 revoked."]
    token = (docs / "credentials" / "lina-j" / "data-analysis.jwt").read_text()
    assert claims(token)[0] == {"alg": "none", "typ": "JWT"} and token.endswith(".")
    render_profile_pages([p for p in people if p.id == "lina-j"], docs, CONFIG, VOCAB, ROOT, SAMPLE_DAY)
    page = (docs / "talent" / "lina-j.md").read_text()
    assert page.count('<span class="tp-badge tp-badge--preview">preview: not signed</span>') == 3
    assert '<a href="../../verify/?credential=credentials/lina-j/data-analysis.jwt">Verify</a>' in page
    r = run_cli("verify-credential", str(docs / "credentials" / "lina-j" / "data-analysis.jwt"), "--site", str(docs))
    assert r.returncode == 1 and r.stdout.startswith("Preview: not signed. This file was made by a build of the site "
                                                     "without Bridge Talent (sample)'s signing key.")


# --- the workflows: the key reaches one step of the deploy on main, and no pull request ----------------------

SECRET = "CREDENTIAL_SIGNING_KEY"


def key_findings(name: str, workflow: dict) -> list[str]:
    """Every way a workflow could let the signing key reach code it should not: any job of a workflow a pull
    request triggers, a job outside a (branch-protected) environment, a whole job's or workflow's
    environment, a command line or an action's input."""
    found = []
    pull_request = triggers(workflow) & {"pull_request", "pull_request_target"}
    if SECRET in json.dumps(workflow.get("env", {})):
        found.append(f"{name}: every job's environment holds the key")
    for job_name, job in workflow.get("jobs", {}).items():
        where = f"{name}, job {job_name}"
        if pull_request and (SECRET in json.dumps(job) or job.get("secrets") == "inherit"):
            found.append(f"{where}: runs on {sorted(pull_request)[0]} and can reach the key")
        if SECRET in json.dumps({k: v for k, v in job.items() if k != "steps"}):
            found.append(f"{where}: holds the key for every step")
        for step in job.get("steps", []):
            if SECRET not in json.dumps(step):
                continue
            if not job.get("environment"):
                found.append(f"{where}: reads the key outside a protected environment")
            if SECRET in step.get("run", "") or SECRET in json.dumps(step.get("with", {})):
                found.append(f"{where}: puts the key in a command line or an action's input")
    return found


def test_no_pull_request_job_can_reach_the_signing_key_and_the_deploy_gives_it_to_one_step():
    workflows = {p.name: load(p) for p in sorted(WORKFLOWS.glob("*.y*ml"))}
    assert {"check.yml", "test.yml", "deploy.yml"} <= set(workflows)
    assert [f for name, w in workflows.items() for f in key_findings(name, w)] == []
    readers = [(name, job_name, step.get("name")) for name, w in workflows.items()
               for job_name, job in w["jobs"].items() for step in job.get("steps", []) if SECRET in json.dumps(step)]
    assert readers == [("deploy.yml", "build", "Build")]
    deploy = workflows["deploy.yml"]
    assert triggers(deploy) == {"push", "schedule", "workflow_dispatch"} and deploy["on"]["push"]["branches"] == ["main"]
    step = next(s for s in deploy["jobs"]["build"]["steps"] if s.get("name") == "Build")
    assert step["env"][SECRET] == "${{ secrets.CREDENTIAL_SIGNING_KEY }}" and step["run"] == "python -m build_scripts build"


@pytest.mark.parametrize("workflow, change, expected", [
    ("test.yml", lambda w: w["jobs"]["test"]["steps"][-1].setdefault("env", {}).__setitem__(
        SECRET, "${{ secrets.CREDENTIAL_SIGNING_KEY }}"), "runs on pull_request and can reach the key"),
    ("check.yml", lambda w: w["jobs"]["check"].__setitem__("secrets", "inherit"), "runs on pull_request_target"),
    ("deploy.yml", lambda w: w["jobs"]["build"].setdefault("env", {}).__setitem__(
        SECRET, "${{ secrets.CREDENTIAL_SIGNING_KEY }}"), "holds the key for every step"),
    ("deploy.yml", lambda w: w["jobs"]["build"].pop("environment"), "outside a protected environment"),
    ("deploy.yml", lambda w: w["jobs"]["build"]["steps"][-2].__setitem__(
        "run", 'echo "${{ secrets.CREDENTIAL_SIGNING_KEY }}" > key.json'), "in a command line"),
    ("deploy.yml", lambda w: w.__setitem__("env", {SECRET: "${{ secrets.CREDENTIAL_SIGNING_KEY }}"}),
     "every job's environment"),
])
def test_the_key_rules_catch_what_they_are_written_for(workflow, change, expected):
    hostile = load(WORKFLOWS / workflow)
    change(hostile)
    assert any(expected in f for f in key_findings(workflow, hostile)), key_findings(workflow, hostile)


# --- built and signed: the command line, a second library, the browser ---------------------------------------

def _build(out: Path, data: Path, keys: Path, private: str) -> list[str]:
    lines: list[str] = []
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(pipeline, "load_vocabulary", lambda: load_vocabulary(data))
        mp.setattr(credentials, "KEYS_FILE", keys)
        mp.setenv(KEY_ENV, private)
        assert pipeline.build_site(out, SAMPLE_DAY, log=lines.append) == 0, lines
    return lines


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    """The sample built twice with a key made here: as shipped, then with Lina J.'s data analysis credential
    (number 24) revoked. An older key, in use until 2020, is published beside it."""
    root = tmp_path_factory.mktemp("credentials")
    current, old = generate_key("test-current"), generate_key("test-old")
    keys = root / "keys.yml"
    keys.write_text(f"keys:\n  - {{kid: test-old, x: {old[1]}, from: 2019-01-01, until: 2020-01-01}}\n"
                    f"  - {{kid: test-current, x: {current[1]}, from: 2020-01-01}}\n")
    data = root / "data"
    shutil.copytree(ROOT / "data", data)
    shipped = _build(root / "shipped", data, keys, current[0])
    data = root / "data-later"           # a folder of its own: load_vocabulary remembers each folder's
    shutil.copytree(ROOT / "data", data)
    registry = (data / "verified-tracks.yml").read_text()
    line = "      data-analysis: {completed: 2024-01-31, credential: 24, skills: [\"SQL\", \"Kobo Toolbox\", \"Google Sheets\"]}\n"
    assert registry.count(line) == 1 and registry.endswith("revoked: {}\n")
    (data / "verified-tracks.yml").write_text(registry.replace(line, "").replace("revoked: {}\n",
                                                                                 "revoked:\n  24: 2026-11-20\n"))
    revoked = _build(root / "revoked", data, keys, current[0])
    return {"shipped": root / "shipped", "revoked": root / "revoked", "log": shipped + revoked, "root": root,
            "current": current, "old": old}


LINA = Published("lina-j", "profiles/lina-j.yaml", {"name": "Lina J.", "skills": [{"name": "SQL"}],
                                                    "tracks": ["data-analysis"]}, frozenset({"data-analysis"}))
DONE = Completion("data-analysis", dt.date(2024, 1, 31), 24, ("SQL",))


def signed(private: str, kid: str) -> Signer:
    key = jwk.JWK.from_json(private)
    return Signer(key, PublicKey(kid, key.export_public(as_dict=True)["x"], dt.date(2019, 1, 1), None))


def raw_token(payload: dict, private: str, kid: str) -> str:
    """A token signed over exactly this payload (to make one whose claims contradict its credential)."""
    token = jws.JWS(json.dumps(payload).encode())
    token.add_signature(jwk.JWK.from_json(private), alg="EdDSA",
                        protected=json.dumps({"alg": "EdDSA", "kid": f"{SITE}credentials/jwks.json#{kid}", "typ": "JWT"}))
    return token.serialize(compact=True)


def bad_credentials(sites) -> dict:
    """reason (and /how, where there are two) -> a credential that must fail for it; and a good one, signed by
    the old key in its time."""
    good = (sites["shipped"] / "credentials" / "lina-j" / "english-for-work.jwt").read_text()
    head, body, signature = good.split(".")
    _, said = claims(good)
    forged = base64.urlsafe_b64encode(json.dumps({**said, "credentialSubject": {
        **said["credentialSubject"], "identifier": [{"type": "IdentityObject", "identityHash": "Someone Else",
                                                     "identityType": "name", "hashed": False}]}}).encode())
    stranger, _ = generate_key("test-current")
    current, old = sites["current"][0], sites["old"][0]
    elsewhere = replace(CONFIG, site_url="https://elsewhere.example/")
    return {
        "bad-signature/changed": f"{head}.{forged.decode().rstrip('=')}.{signature}",              # the payload changed
        "bad-signature/other-key": secure(credential(LINA, DONE, CONFIG, VOCAB, DONE.completed), signed(stranger, "test-current"),
                                 CONFIG),                                                   # another key, our kid
        "unknown-key": secure(credential(LINA, DONE, CONFIG, VOCAB, DONE.completed), signed(stranger, "test-spare"), CONFIG),
        "key-expired": secure(credential(LINA, DONE, CONFIG, VOCAB, dt.date(2021, 3, 1)), signed(old, "test-old"), CONFIG),
        "revoked": (sites["shipped"] / "credentials" / "lina-j" / "data-analysis.jwt").read_text(),
        "malformed/claims": raw_token({**said, "jti": "urn:uuid:00000000-0000-0000-0000-000000000000"}, current, "test-current"),
        "malformed/text": "This is not a credential.",
        "not-yet-valid": secure(credential(LINA, DONE, CONFIG, VOCAB, dt.date(2999, 1, 1)),
                                signed(current, "test-current"), CONFIG),
        "expired": secure(credential(LINA, DONE, CONFIG, VOCAB, dt.date(2021, 1, 1), valid_until=dt.date(2022, 1, 1)),
                          signed(current, "test-current"), CONFIG),
        "unknown-issuer": secure(credential(LINA, DONE, elsewhere, VOCAB, DONE.completed),
                                 signed(current, "test-current"), elsewhere),
        "preview": secure(credential(LINA, DONE, CONFIG, VOCAB, DONE.completed), None, CONFIG),
        "valid": secure(credential(LINA, replace(DONE, number=25), CONFIG, VOCAB, dt.date(2019, 6, 1)),
                        signed(old, "test-old"), CONFIG),
    }


@pytest.mark.slow
def test_a_credential_the_build_issued_verifies_on_the_command_line_and_with_a_second_library(sites):
    path = sites["shipped"] / "credentials" / "lina-j" / "data-analysis.jwt"
    r = run_cli("verify-credential", str(path), "--site", str(sites["shipped"]))
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout == ("Valid. Bridge Talent (sample) certifies that Lina J. completed the Data analysis track on "
                        "31 January 2024.\nSkills the programme assessed: SQL, Kobo Toolbox, Google Sheets.\n"
                        "Issued on 31 January 2024, signed with key test-current; not revoked.\n")
    token = path.read_text()
    published = json.loads((sites["shipped"] / "credentials" / "jwks.json").read_text())["keys"]
    key = jwt.PyJWK(next(k for k in published if k["kid"] == "test-current"))
    said = jwt.decode(token, key=key, algorithms=["EdDSA"], issuer=f"{SITE}credentials/issuer.json",
                      options={"require": ["iss", "jti", "nbf", "sub"]})
    assert said["type"] == ["VerifiableCredential", "OpenBadgeCredential"] and said["jti"] == said["id"]
    assert jwt.get_unverified_header(token) == {"alg": "EdDSA", "kid": f"{SITE}credentials/jwks.json#test-current",
                                                "typ": "JWT"}
    assert any("signed with key test-current; 0 revoked." in line for line in sites["log"])


@pytest.mark.slow
def test_the_second_library_refuses_a_changed_payload_and_another_key(sites):
    bad = bad_credentials(sites)
    published = json.loads((sites["shipped"] / "credentials" / "jwks.json").read_text())["keys"]
    key = jwt.PyJWK(next(k for k in published if k["kid"] == "test-current"))
    for token in (bad["bad-signature/changed"], bad["bad-signature/other-key"]):
        with pytest.raises(jwt.InvalidSignatureError):
            jwt.decode(token, key=key, algorithms=["EdDSA"], options={"verify_aud": False})


@pytest.mark.slow
@pytest.mark.parametrize("case", ["bad-signature/changed", "bad-signature/other-key", "unknown-key", "key-expired",
                                  "revoked", "malformed/claims", "malformed/text", "not-yet-valid", "expired",
                                  "unknown-issuer", "preview", "valid"])
def test_each_bad_credential_fails_with_its_reason_and_an_old_key_still_vouches_for_its_time(sites, case, tmp_path):
    reason = case.split("/")[0]
    (tmp_path / "credential.jwt").write_text(bad_credentials(sites)[case])
    r = run_cli("verify-credential", str(tmp_path / "credential.jwt"), "--site", str(sites["revoked"]))
    assert r.stdout.startswith(LABELS[reason] + ". "), r.stdout + r.stderr
    assert r.returncode == (0 if reason == "valid" else 1)
    said = {
        "bad-signature": "it was changed after it was signed, or it was signed by someone else",
        "unknown-key": "signed with a key Bridge Talent (sample) has never published (test-spare)",
        "key-expired": "issued on 1 March 2021, but the key it was signed with (test-old) signs only credentials "
                       "issued from 1 January 2019 to 31 December 2019",
        "revoked": "Bridge Talent (sample) has revoked it.",
        "not-yet-valid": "It becomes valid on 1 January 2999.",
        "expired": "It expired on 1 January 2022.",
        "unknown-issuer": "It names https://elsewhere.example/credentials/issuer.json as its issuer",
        "valid": "Issued on 1 June 2019, signed with key test-old; not revoked.",
    }.get(reason, "")
    assert said in r.stdout


@pytest.mark.slow
def test_revoking_takes_effect_at_the_next_build(sites):
    site = sites["revoked"]
    assert not (site / "credentials" / "lina-j" / "data-analysis.jwt").exists()
    page = (site / "talent" / "lina-j" / "index.html").read_text()
    assert "Data analysis <span class=\"tp-badge\">self-reported</span>" in page
    _, status = claims((site / "credentials" / "status.jwt").read_text())
    bits = gzip.decompress(base64.urlsafe_b64decode(status["credentialSubject"]["encodedList"][1:] + "=="))
    assert len(bits) == 16384 and [n for n in range(len(bits) * 8) if bits[n // 8] & (0x80 >> n % 8)] == [24]
    assert status["validFrom"] == "2026-11-20T00:00:00Z"
    # the same registry and key make the same credential, byte for byte
    other = Path("credentials") / "lina-j" / "english-for-work.jwt"
    assert (site / other).read_bytes() == (sites["shipped"] / other).read_bytes()


@pytest.mark.slow
def test_credentials_only_for_published_profiles_and_the_private_key_nowhere(sites):
    site = sites["shipped"]
    published = {p.id for p in sample_published()}
    folders = {p.name for p in (site / "credentials").iterdir() if p.is_dir()}
    assert folders and folders <= published
    assert {"zahra-b", "ziad-t"} <= set(VOCAB.credentials.completions) - folders     # registered; consent ended
    secret = json.loads(sites["current"][0])["d"]
    assert not [path for path, text in every_file(site) if secret in text]
    assert not [line for line in sites["log"] if secret in line]


@pytest.mark.slow
def test_verify_credential_reads_a_credential_and_the_site_from_the_web(sites):
    server = SiteServer(sites["revoked"])
    try:
        r = run_cli("verify-credential", f"{server.url}/credentials/lina-j/english-for-work.jwt", "--site", server.url)
        assert r.returncode == 0 and r.stdout.startswith("Valid. Bridge Talent (sample) certifies that Lina J. "
                                                         "completed the English for remote work track"), r.stdout + r.stderr
        r = run_cli("verify-credential", f"{server.url}/credentials/lina-j/data-analysis.jwt", "--site", server.url)
        assert r.returncode == 2 and "answered HTTP 404" in r.stderr
    finally:
        server.close()


@pytest.mark.slow
@pytest.mark.browser
def test_the_verify_page_says_valid_and_names_each_reason_with_no_request_outside_the_site(sites, browser, tmp_path):
    server = SiteServer(sites["revoked"])
    try:
        with browser_page(browser, viewport={"width": 390, "height": 844}) as page:
            asked: list[str] = []
            page.on("request", lambda request: asked.append(request.url))
            page.goto(f"{server.url}/talent/lina-j/")
            page.click('a[href="../../verify/?credential=credentials/lina-j/english-for-work.jwt"]')   # from her profile
            result = page.locator("#tp-verify-result[data-reason]")
            result.wait_for()
            assert result.get_attribute("data-reason") == "valid"
            assert result.inner_text().startswith("Valid. Bridge Talent (sample) certifies that Lina J. completed the "
                                                  "English for remote work track on 31 January 2024.")
            for case, token in bad_credentials(sites).items():
                page.evaluate("document.getElementById('tp-verify-result').removeAttribute('data-reason')")
                page.fill("#tp-verify-text", token)
                page.click("button[type=submit]")
                result.wait_for()
                assert result.get_attribute("data-reason") == case.split("/")[0], (case, result.inner_text())
                (tmp_path / "credential.jwt").write_text(token)        # the page and the command say the same
                cli = run_cli("verify-credential", str(tmp_path / "credential.jwt"), "--site", str(sites["revoked"]))
                assert [line for line in result.inner_text().splitlines() if line.strip()] == cli.stdout.splitlines()
            assert page.errors == []
            assert [url for url in asked if not url.startswith(server.url)] == []
    finally:
        server.close()


AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


@pytest.mark.slow
def test_the_verify_page_and_a_profile_offering_credentials_are_valid_html(sites):
    from test_html_valid import THEIRS, check

    files = [sites["shipped"] / "verify" / "index.html", sites["shipped"] / "talent" / "lina-j" / "index.html"]
    ours = [f"{m['url'].rsplit('/', 3)[-2]}: {m['message']}" for m in check(files) if not m["message"].startswith(THEIRS)]
    assert not ours, "\n".join(ours)


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize("viewport", [{"width": 1366, "height": 900}, {"width": 390, "height": 844}], ids=["desktop", "phone"])
def test_the_verify_page_is_accessible_and_fits_with_a_verdict_shown(sites, browser, viewport):
    server = SiteServer(sites["revoked"])
    try:
        with browser_page(browser, viewport=viewport) as page:
            for name in ("english-for-work", "freelancing-essentials"):
                page.goto(f"{server.url}/verify/?credential=credentials/lina-j/{name}.jwt")
                page.locator("#tp-verify-result[data-reason=valid]").wait_for()
            page.fill("#tp-verify-text", bad_credentials(sites)["revoked"])
            page.click("button[type=submit]")
            page.locator("#tp-verify-result[data-reason=revoked]").wait_for()
            assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
            page.add_script_tag(path=str(AXE))
            result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
            assert [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]] == []
            assert page.errors == []
    finally:
        server.close()


@pytest.mark.slow
@pytest.mark.browser
def test_without_javascript_the_verify_page_says_how_else_to_check(sites, browser):
    server = SiteServer(sites["shipped"])
    try:
        with browser_page(browser, java_script_enabled=False) as page:
            page.goto(f"{server.url}/verify/?credential=credentials/lina-j/english-for-work.jwt")
            assert page.locator(".tp-verify__nojs").is_visible()
            assert "Checking a credential needs JavaScript" in page.locator(".tp-verify__nojs").inner_text()
            assert not page.locator("#tp-verify-form").is_visible()
            page.goto(f"{server.url}/talent/lina-j/")              # the download works without a script
            with page.expect_download() as download:
                page.click('a[href="../../credentials/lina-j/english-for-work.jwt"]')
            saved = Path(download.value.path()).read_text()
            assert download.value.suggested_filename == "lina-j-english-for-work.jwt"
            assert saved == (sites["shipped"] / "credentials" / "lina-j" / "english-for-work.jwt").read_text()
    finally:
        server.close()


@pytest.mark.slow
def test_the_fast_executor_signs_the_same_credentials_byte_for_byte(tmp_path, monkeypatch):
    import os

    from test_fast import assert_same_site

    if (os.cpu_count() or 1) < 2:
        pytest.skip("forked workers need two cores")
    private, x = generate_key("test-current")
    (tmp_path / "keys.yml").write_text(f"keys:\n  - {{kid: test-current, x: {x}, from: 2020-01-01}}\n")
    monkeypatch.setattr(credentials, "KEYS_FILE", tmp_path / "keys.yml")
    monkeypatch.setenv(KEY_ENV, private)
    assert_same_site(tmp_path, ROOT / "profiles", SAMPLE_DAY, monkeypatch)
    token = (tmp_path / "fast" / "credentials" / "lina-j" / "data-analysis.jwt").read_text()
    assert claims(token)[0]["alg"] == "EdDSA"
    assert 'preview: not signed' not in (tmp_path / "fast" / "talent" / "lina-j" / "index.html").read_text()
