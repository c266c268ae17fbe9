"""A time zone in a public file, and on the site, for someone who keeps their country private:
a whole-hour offset, never a city, never an offset only one or two countries use."""

import datetime as dt

import pytest

from build_scripts.select import offset_zone, public_zone
from test_validate import problems_of, variant

DAY = dt.date(2026, 12, 1)


def codes(path):
    return [(p.code, p.line) for p in problems_of(path) if p.is_error]


def withheld(tmp_path, tz):
    """The base profile, keeping its country private, with this time zone."""
    return variant(tmp_path, "tz", ("timezone: Asia/Amman", f"timezone: {tz}"), ("  country: true", "  country: false"))


@pytest.mark.parametrize("tz", ["Asia/Damascus", "Asia/Amman", "Africa/Khartoum", "Europe/Istanbul"])
def test_a_city_in_a_public_file_of_someone_keeping_their_country_private_is_refused(tmp_path, tz):
    path = withheld(tmp_path, tz)
    found = [p for p in problems_of(path) if p.code == "P025"]
    assert len(found) == 1 and "names a place" in found[0].message
    assert found[0].line == path.read_text().splitlines().index(f"timezone: {tz}") + 1
    assert "timezone: UTC+" in found[0].hint                   # the offset to write instead


@pytest.mark.parametrize("tz", ["UTC+4:30", "UTC+5:45", "UTC-3:30"])
def test_an_offset_few_countries_use_is_refused_for_them_too(tmp_path, tz):
    found = [p for p in problems_of(withheld(tmp_path, tz)) if p.code == "P025"]
    assert len(found) == 1 and "one or two countries" in found[0].message


@pytest.mark.parametrize("tz", ["UTC+3", "UTC", "UTC-5", "UTC+14"])
def test_a_whole_hour_offset_is_what_they_write(tmp_path, tz):
    assert codes(withheld(tmp_path, tz)) == []


@pytest.mark.parametrize("tz", ["Asia/Amman", "UTC+5:30", "UTC+3"])
def test_with_country_consent_a_city_or_any_offset_is_fine(tmp_path, tz):
    path = variant(tmp_path, "tz", ("timezone: Asia/Amman", f"timezone: {tz}"))
    assert codes(path) == []


@pytest.mark.parametrize("tz", ["UTC+15", "UTC+3:60", "UTC+03:00:00", "utc+3", "UTC+", "UTC+-3", "UTC+03", "UTC+0"])
def test_malformed_offsets_are_not_time_zones(tmp_path, tz):
    assert "P006" in [c for c, _ in codes(withheld(tmp_path, tz))]


@pytest.mark.parametrize("tz, shown", [("Asia/Amman", "UTC+3"), ("Asia/Kabul", "UTC+5"), ("Asia/Kathmandu", "UTC+6"),
                                       ("America/St_Johns", "UTC-3"), ("UTC+4:30", "UTC+5"), ("UTC", "UTC"),
                                       ("Asia/Beirut", "UTC+2")])
def test_the_site_shows_a_whole_hour_for_them(tz, shown):
    assert public_zone(tz, DAY) == shown


def test_with_consent_the_exact_offset_is_kept_for_labels():
    assert offset_zone("Asia/Kolkata", DAY) == "UTC+5:30" and offset_zone("UTC+4:30", DAY) == "UTC+4:30"
