"""select.py: who and what may be published, judged on the consent day (clock.py)."""

import datetime as dt

import pytest

from build_scripts.clock import consent_today
from build_scripts.config import SettingsError
from build_scripts.select import consent_state, public_view, select
from build_scripts.validate import validate_paths
from conftest import FIXTURES, ROOT, TODAY

UTC = dt.timezone.utc
VALID = (FIXTURES / "problems" / "p004-unknown-skill.yaml").read_text().replace("Pyhton", "Python")


def profiles(tmp_path, *texts):
    paths = []
    for i, text in enumerate(texts):
        paths.append(tmp_path / f"person-{i}.yaml")
        paths[-1].write_text(text)
    return validate_paths(paths, root=tmp_path, today=TODAY).profiles


@pytest.mark.parametrize("written", ["", " null", " ~", " ''", " 2026-03-01"])
def test_a_withdrawn_line_with_any_value_unpublishes(tmp_path, written):
    text = VALID.replace("  photo: false\n", f"  withdrawn:{written}\n  photo: false\n")
    sel = select(profiles(tmp_path, text), TODAY)
    assert sel.published == [] and sel.left_out == {"consent withdrawn": 1}


def test_consent_day_is_the_date_where_the_day_ends_first():
    assert consent_today(dt.datetime(2026, 11, 30, 9, 59, 59, tzinfo=UTC)) == dt.date(2026, 11, 30)
    assert consent_today(dt.datetime(2026, 11, 30, 10, 0, tzinfo=UTC)) == dt.date(2026, 12, 1)
    assert consent_today(dt.datetime(2026, 11, 30, 10, 0, tzinfo=UTC).astimezone(dt.timezone(dt.timedelta(hours=-10)))) \
        == dt.date(2026, 12, 1)


def test_consent_expiring_on_1_december_ends_at_10_utc_on_30_november():
    data = {"consent": {"given": "2025-12-02", "expires": "2026-12-01", "photo": False, "country": False}}
    assert consent_state(data, consent_today(dt.datetime(2026, 11, 30, 9, 59, tzinfo=UTC))) is None
    assert consent_state(data, consent_today(dt.datetime(2026, 11, 30, 10, 0, tzinfo=UTC))) == "consent expired"


def test_every_command_defaults_to_the_consent_day():
    from build_scripts.__main__ import _today

    assert _today(None) in {consent_today(), consent_today() - dt.timedelta(days=1)}   # (a midnight in between)
    for module in ("__main__", "build", "serve", "validate", "select", "scaffold", "synth"):
        source = (ROOT / "build_scripts" / f"{module}.py").read_text()
        assert "date.today()" not in source, module


def person(tz: str, country_consent: bool, **extra) -> dict:
    return {"name": "A", "timezone": tz, "consent": {"given": "2026-01-01", "expires": "2027-12-31", "photo": False,
                                                     "country": country_consent}, **extra}


@pytest.mark.parametrize("tz,day,shown", [
    ("Asia/Damascus", TODAY, "UTC+3"), ("Asia/Kolkata", TODAY, "UTC+6"), ("America/St_Johns", TODAY, "UTC-2"),
    ("Europe/Berlin", TODAY, "UTC+2"), ("Europe/Berlin", dt.date(2026, 1, 15), "UTC+1"), ("UTC", TODAY, "UTC"),
    ("Africa/Abidjan", TODAY, "UTC"), ("Pacific/Kiritimati", TODAY, "UTC+14")])
def test_a_withheld_country_publishes_the_time_zone_as_an_offset_never_a_city(tz, day, shown):
    assert public_view(person(tz, False), day)["timezone"] == shown
    assert public_view(person(tz, True), day)["timezone"] == tz


def test_fields_without_consent_never_leave_select_even_if_written():
    view = public_view(person("Asia/Amman", False, country="JO", photo="profiles/photos/a.jpg"), TODAY)
    assert "country" not in view and "photo" not in view and "consent" not in view


def test_verified_tracks_need_the_same_id_and_the_same_login(tmp_path):
    text = VALID + "tracks: [web-development, data-analysis]\n"
    registry = {"person-0": ("P004-Unknown-Skill", frozenset({"web-development"})),
                "person-1": ("the-previous-owner", frozenset({"web-development"}))}
    sel = select(profiles(tmp_path, text, text.replace("github: p004-unknown-skill", "github: new-owner")), TODAY,
                 verified=registry)
    assert {p.id: p.verified for p in sel.published} == {"person-0": {"web-development"}, "person-1": set()}


def test_the_registry_names_each_id_with_its_login():
    import re

    from build_scripts.vocab import load_vocabulary, verified_registry

    registry = load_vocabulary().verified_tracks
    assert registry
    for pid, (login, tracks) in registry.items():
        text = (ROOT / "profiles" / f"{pid}.yaml").read_text()
        assert re.search(rf"^github: {re.escape(login)}$", text, re.M), pid
        assert tracks
    with pytest.raises(SettingsError, match="needs github"):
        verified_registry({"verified": {"amal-h": ["web-development"]}})    # the old form, keyed on the id alone


def test_a_skill_written_by_another_name_is_published_by_its_name_and_the_check_changes_nothing(tmp_path):
    from build_scripts.vocab import load_vocabulary
    checked = profiles(tmp_path, VALID.replace("name: Python\n", "name: python3\n"))
    assert checked[0].data["skills"][0]["name"] == "python3"              # validate reads, never rewrites
    [shown] = select(checked, TODAY, skill_name=load_vocabulary().skill).published
    assert shown.data["skills"][0]["name"] == "Python"
    assert checked[0].data["skills"][0]["name"] == "python3"
