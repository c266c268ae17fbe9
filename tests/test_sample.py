"""The shipped sample and the generator behind it: invented people whose facts agree and who
do not read as copies of each other."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
import yaml

from build_scripts import synth
from build_scripts.validate import validate_paths
from conftest import ROOT, run_cli

PROFILES = ROOT / "profiles"
REGISTRY = ROOT / "data" / "verified-tracks.yml"

# What a self-assessed level may claim, in years at the skill: a beginner has at most two,
# an expert at least five.
LEVEL_YEARS = {"beginner": (0, 2), "intermediate": (0.5, 5), "advanced": (2, 50), "expert": (5, 50)}
PRONOUNS = {"f": {"she/her", "they/them"}, "m": {"he/him", "they/them"}, "x": {"they/them"}}
# A few names checked by hand, so a wrong entry in the generator's own table cannot pass.
KNOWN = {"Amal": "f", "Ahmad": "m", "Semhar": "f", "Yonas": "m", "Esther": "f", "Mahad": "m", "Zahra": "f",
         "Berivan": "f", "Azad": "m", "Hodan": "f", "Farid": "m", "Luwam": "f", "Tesfay": "m", "Salma": "f"}


def _minutes(hm: str) -> int:
    h, m = hm.split(":")
    return int(h) * 60 + int(m)


def contradictions(data: dict) -> list[str]:
    """Every fact in one profile that another fact in it contradicts."""
    found = []
    for s in data["skills"]:
        low, high = LEVEL_YEARS[s["level"]]
        if "years" in s and not low <= s["years"] <= high:
            found.append(f"{s['name']}: {s['level']} with {s['years']} years")
    hours = data["availability"]["hours_per_week"]
    if "working_hours" in data:
        day = (_minutes(data["working_hours"]["end"]) - _minutes(data["working_hours"]["start"])) % (24 * 60) / 60
        if hours > day * 6:
            found.append(f"{hours} h/week in a {day:g}-hour working day")
    if "full-time" in data["availability"]["engagement"] and hours < 30:
        found.append(f"full-time at {hours} h/week")
    first = data["name"].split()[0]
    gender = synth.GENDER.get(first)
    if gender is None:
        found.append(f"'{first}' is not in the generator's table of names")
    elif "pronouns" in data and data["pronouns"] not in PRONOUNS[gender]:
        found.append(f"{data['pronouns']} for {first}")
    for e in data.get("education", []):
        if not e["completed"] and "note" not in e:
            found.append(f"unfinished {e['title']} without a word on why")
    for job in data.get("experience", []):
        if "end" in job and job["end"] < job["start"]:
            found.append(f"{job['title']} ends before it starts")
    mentioned = [d for item in data.get("experience", []) + data.get("certificates", [])
                 for d in (item.get("start"), item.get("end"), item.get("date")) if d]
    if any(d > data["updated"][:7] for d in mentioned):
        found.append(f"updated {data['updated']} before a month it lists")
    if "from" in data["availability"]:
        start = dt.date.fromisoformat(data["availability"]["from"])
        if f"{start:%B} {start.year}" not in data["summary"]:
            found.append(f"the summary does not say they can start in {start:%B %Y}")
    return found


def _repeats(values) -> dict:
    return {v: n for v, n in Counter(values).items() if n > 1}


def _portfolio(people, key: str) -> list[str]:
    return [item[key] for p in people for item in p.data.get("portfolio", [])]


@pytest.fixture(scope="module")
def shipped():
    return validate_paths()


def test_every_shipped_profile_validates_without_errors(shipped):
    assert 50 <= shipped.checked <= 60
    assert shipped.errors == []
    assert all(p.data["synthetic"] is True for p in shipped.profiles)
    assert all((PROFILES / f"{p.id}.yaml").read_text().startswith("# SYNTHETIC SAMPLE") for p in shipped.profiles)


def test_no_two_shipped_people_share_a_headline_a_summary_or_a_portfolio(shipped):
    people = shipped.profiles
    assert _repeats(p.data["headline"] for p in people) == {}
    assert _repeats(p.data["summary"] for p in people) == {}
    assert _repeats(_portfolio(people, "url")) == {}
    assert _repeats(_portfolio(people, "title")) == {}
    assert all(u.startswith("https://example.org/") for u in _portfolio(people, "url"))
    assert len(_portfolio(people, "url")) >= 30


def test_shipped_facts_agree(shipped):
    assert {p.id: contradictions(p.data) for p in shipped.profiles if contradictions(p.data)} == {}


def test_the_name_table_agrees_with_names_checked_by_hand():
    assert {name: synth.GENDER.get(name) for name in KNOWN} == KNOWN


def test_shipped_sample_is_spread_like_a_real_cohort(shipped):
    people = [p.data for p in shipped.profiles]
    # every profile has a zone; a city (and a country) only with country consent, else a whole-hour offset
    zones = Counter(d["timezone"] for d in people)
    assert {"Asia/Amman", "Asia/Baghdad"} <= {z for z, _ in zones.most_common(4)}
    assert all("/" in z or z.startswith("UTC") for z in zones)
    assert any(z.startswith("UTC") for z in zones) and all("/" in d["timezone"] for d in people if "country" in d)
    assert len(zones) >= 6 and len({d["country"] for d in people if "country" in d}) >= 6
    first = {d["languages"][0]["code"].split("-")[0] for d in people}
    assert {"ar", "ti", "so"} <= first and first & {"kmr", "ckb"} and first & {"prs", "ps"} and first & {"sw", "ln"}
    statuses = Counter(d["availability"]["status"] for d in people)
    assert min(statuses[s] for s in ("available", "open", "placed", "unavailable")) >= 4
    starts = [dt.date.fromisoformat(d["availability"]["from"]) for d in people if "from" in d["availability"]]
    assert len(starts) >= 5 and min(starts) > synth.SAMPLE_DAY
    tracks = Counter(d["tracks"][0] for d in people)
    assert len(tracks) >= 10 and max(tracks.values()) <= len(people) // 4
    assert sum(not e["completed"] for d in people for e in d.get("education", [])) >= 10
    assert sum("working_hours" not in d for d in people) >= 3


def test_shipped_sample_keeps_the_people_others_rely_on(shipped):
    by_id = {p.id: p.data for p in shipped.profiles}
    photos = sorted(f.stem for f in (PROFILES / "photos").glob("*.jpg"))
    assert photos == sorted(pid for pid, d in by_id.items() if "photo" in d)
    assert all(by_id[pid]["consent"]["photo"] is True for pid in photos)
    assert by_id["amal-r"]["github"] == "amal-r-demo"           # test_cli's pull requests name her
    expired = [pid for pid, d in by_id.items() if dt.date.fromisoformat(d["consent"]["expires"]) <= synth.SAMPLE_DAY]
    assert len(expired) == 1
    assert sum("withdrawn" in d["consent"] for d in by_id.values()) == 1


def test_verified_registry_names_shipped_people_and_their_own_tracks(shipped):
    by_id = {p.id: p.data for p in shipped.profiles}
    registry = yaml.safe_load(REGISTRY.read_text())["verified"]
    assert len(registry) >= 15
    for pid, entry in registry.items():
        assert entry["github"] == by_id[pid]["github"], pid
        assert set(entry["tracks"]) <= set(by_id[pid]["tracks"]), pid
    assert any(pid not in registry for pid in by_id)       # some tracks stay self-reported


def test_shipped_files_are_the_generators_output(tmp_path):
    r = run_cli("synth", "--sample", "--out", str(tmp_path / "profiles"), "--verified", str(tmp_path / "verified.yml"))
    assert r.returncode == 0, r.stderr
    written = {f.name: f.read_text() for f in (tmp_path / "profiles").glob("*.yaml")}
    assert written == {f.name: f.read_text() for f in PROFILES.glob("*.yaml")}
    assert (tmp_path / "verified.yml").read_text() == REGISTRY.read_text()


@pytest.fixture(scope="module")
def at_scale(tmp_path_factory):
    out = tmp_path_factory.mktemp("synth")
    synth.write_profiles(out, 2000, seed=11, today=dt.date(2026, 6, 15))
    return validate_paths(sorted(out.glob("*.yaml")), today=dt.date(2026, 6, 15))


def test_two_thousand_generated_people_validate_and_their_facts_agree(at_scale):
    assert at_scale.checked == 2000 and at_scale.problems == []
    assert {p.id: contradictions(p.data) for p in at_scale.profiles if contradictions(p.data)} == {}


def test_two_thousand_generated_people_repeat_a_headline_a_few_times_at_most(at_scale):
    # headlines and portfolio titles come from a finite set dealt evenly, so at this size some
    # repeat; summaries and portfolio links never do
    people = at_scale.profiles
    assert max(Counter(p.data["headline"] for p in people).values()) <= 2
    assert max(Counter(_portfolio(people, "title")).values()) <= 3
    assert _repeats(p.data["summary"] for p in people) == {}
    assert _repeats(_portfolio(people, "url")) == {}
