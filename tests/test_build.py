"""build.py + select.py: a real build; consent decides what exists anywhere under site/."""

import gzip
import io
import json
import re
import shutil
from html.parser import HTMLParser

import pytest
from PIL import Image

from build_scripts.build import build_site
from build_scripts.vocab import country_zones, load_vocabulary
from conftest import FIXTURES, TODAY
from sitefixtures import COPYCAT, WITHHELD, every_file, everything

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def site(built_fixture_site):
    return built_fixture_site


def test_search_index_is_really_decompressed(site):
    text = everything(site)
    assert "zanzibarite" in text          # a word only in one summary: proves the index was read


def test_search_index_holds_what_people_wrote_not_page_furniture(site):
    page = (site / "talent" / "tokyo-designer" / "index.html").read_text()
    assert "Request an introduction" in page and "Synthetic sample profile" in page
    fragments = [text for path, text in every_file(site) if path.parent.name == "fragment"]
    assert len(fragments) == 7 and any("zanzibarite" in t for t in fragments)
    for words in ("Request an introduction", "Edit this profile", "Synthetic sample profile"):
        assert not any(words in t for t in fragments), words


@pytest.mark.parametrize("pid", [*sorted(WITHHELD), COPYCAT])
def test_person_without_current_consent_is_in_no_file(site, pid):
    """Also a profile the rules across files reject: it is never rendered."""
    text = everything(site)
    assert pid not in text and pid.upper() not in text
    assert not any(pid in str(p) for p in site.rglob("*"))


def test_published_people_are_in_sitemap_search_and_directory(site):
    sitemap = gzip.decompress((site / "sitemap.xml.gz").read_bytes()).decode()
    for pid in ("nairobi-dev", "photo-shown"):
        assert f"/talent/{pid}/" in sitemap
        assert pid in (site / "talent" / "cards.json").read_text()


def test_photo_without_photo_consent_is_nowhere(site):
    assert list((site / "talent" / "photo-withheld").glob("photo.*")) == []
    assert "<img" not in (site / "talent" / "photo-withheld" / "index.html").read_text()
    assert not any(p.name.startswith("photo-withheld") for p in site.rglob("*") if p.is_file())


def test_country_without_country_consent_is_nowhere(site):
    # talent/countries.json names every country (what the time-zone field understands) and is
    # made from the time-zone tables alone: the same whoever is published
    countries = site / "talent" / "countries.json"
    assert json.loads(countries.read_text()) == country_zones(load_vocabulary().countries)
    text = "\n".join(text for path, text in every_file(site) if path != countries)
    assert "Tuvalu" not in text
    # a UTC+3 zone must not come out as a country either; the employer guides name Syria in their own words
    generated = "\n".join(text for path, text in every_file(site)
                          if path != countries and "employers" not in path.relative_to(site).parts)
    assert "Syria" not in generated
    assert "Nauru" in (site / "talent" / "photo-shown" / "index.html").read_text()


def test_a_withheld_country_leaves_the_time_zone_as_an_offset_everywhere(site):
    # photo-withheld keeps the country private: its file says UTC+3 (a city would name the country, P025)
    assert "Time zone: UTC+3, works" in (site / "talent" / "photo-withheld" / "index.html").read_text()
    cards = json.loads((site / "talent" / "cards.json").read_text())
    people = [dict(zip(cards["columns"], row)) for row in cards["people"]]
    zone = {person["id"]: cards["zones"][person["timezone"]] for person in people}
    assert zone["photo-withheld"] == "UTC+3" and zone["photo-shown"] == "UTC"
    assert zone["kolkata-analyst"] == "Asia/Kolkata"   # country consent given: the place's zone, exact


def test_the_edit_link_leads_to_the_contributor_help(site):
    html = (site / "talent" / "nairobi-dev" / "index.html").read_text()
    assert '<a href="../../contributing/profile/#edit-your-profile-with-a-form-without-git">Edit this profile</a>' in html
    assert "/edit/" not in html and "nairobi-dev.yaml" not in html


def test_published_photo_carries_no_metadata(site):
    for name in ("photo.jpg", "photo.webp"):
        path = site / "talent" / "photo-shown" / name
        data = path.read_bytes()
        with Image.open(io.BytesIO(data)) as im:
            assert dict(im.getexif()) == {} and "exif" not in im.info and "xmp" not in im.info
            assert im.size == (320, 320)
        assert b"SYNTHETIC-CAMERA" not in data and b"Exif" not in data and b"GPS" not in data


class _Loads(HTMLParser):
    """Absolute URLs a page would load by itself: scripts, styles, images, frames, fonts, preloads."""

    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "link" and not set((a.get("rel") or "").split()) & {"stylesheet", "preload", "modulepreload", "icon",
                                                                         "prefetch", "preconnect", "dns-prefetch"}:
            return
        for name in ("src", "href", "srcset", "data", "poster"):
            if tag in ("script", "img", "source", "iframe", "link", "video", "audio", "embed", "object") and a.get(name):
                if re.match(r"\s*(https?:)?//", a[name]):
                    self.urls.append(a[name])


def test_no_page_loads_anything_from_another_origin(site):
    for path, text in every_file(site):
        if path.suffix == ".html":
            parser = _Loads()
            parser.feed(text)
            assert parser.urls == [], path
        elif path.suffix == ".css":
            assert re.findall(r"url\(\s*['\"]?(?:https?:)?//", text) == [], path
            assert "@import" not in text or "//" not in text.split("@import", 1)[1].split(";", 1)[0], path


def test_build_reports_what_it_left_out(tmp_path):
    from sitefixtures import write_profiles
    lines = []
    profiles = write_profiles(tmp_path)
    # neither read nor merged: a link to someone's file, a file that is not a profile, a folder of profiles
    (profiles / "zz-link.yaml").symlink_to(profiles / "nairobi-dev.yaml")
    (profiles / "notes.txt").write_text("name: Nobody Notes")
    (profiles / "drafts").mkdir()
    (profiles / "drafts" / "zz-draft.yaml").write_text((profiles / "nairobi-dev.yaml").read_text())
    site = tmp_path / "site"
    assert build_site(site, today=TODAY, profiles_dir=profiles, log=lines.append) == 0
    report = "\n".join(lines)
    assert "Profiles: 11 read, 7 published, 4 left out" in report
    for reason in ("1 consent expired", "1 consent withdrawn", "2 with errors"):
        assert reason in report
    assert "5 profile error(s)" in report           # 2 in profiles, 3 refused entries
    for word in ("zz-link", "Nobody Notes", "zz-draft", "drafts"):
        assert word not in everything(site), word


def test_a_second_build_drops_a_person_who_withdrew(tmp_path):
    from sitefixtures import write_profiles
    profiles = write_profiles(tmp_path)
    site = tmp_path / "site"
    assert build_site(site, today=TODAY, profiles_dir=profiles, log=lambda *_: None) == 0
    assert (site / "talent" / "nairobi-dev" / "index.html").exists()
    f = profiles / "nairobi-dev.yaml"
    f.write_text(f.read_text().replace("  photo: false\n", "  withdrawn:\n  photo: false\n"))   # empty withdraws too
    assert build_site(site, today=TODAY, profiles_dir=profiles, log=lambda *_: None) == 0
    assert not (site / "talent" / "nairobi-dev").exists()
    assert "nairobi-dev" not in everything(site)


def test_a_failed_build_leaves_the_previous_site(site, tmp_path, monkeypatch):
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    before = sorted(p.relative_to(copy) for p in copy.rglob("*"))
    import build_scripts.fast.build as fast
    import build_scripts.pipeline as plain

    def boom(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(fast.MkDocsProcess, "wait", boom)
    monkeypatch.setattr(plain, "run_mkdocs", boom)
    for executor in (plain, fast):
        assert executor.build_site(copy, today=TODAY, profiles_dir=FIXTURES / "problems" / "profiles",
                                   log=lambda *_: None) == 1
        assert sorted(p.relative_to(copy) for p in copy.rglob("*")) == before


def test_generated_pages_never_land_in_docs(site):
    from conftest import ROOT
    assert not (ROOT / "docs" / "talent").exists()
    assert not (ROOT / "docs" / "contributing" / "fields.md").exists()


def test_a_build_where_everyone_withdrew_succeeds_and_is_empty(tmp_path):
    from sitefixtures import write_profiles
    profiles = write_profiles(tmp_path)
    site = tmp_path / "site"
    assert build_site(site, today=TODAY, profiles_dir=profiles, log=lambda *_: None) == 0
    for f in profiles.glob("*.yaml"):
        f.write_text(f.read_text().replace("  photo: false\n", "  withdrawn: 2026-06-01\n  photo: false\n", 1)
                     .replace("  photo: true\n", "  withdrawn: 2026-06-01\n  photo: true\n", 1))
    assert build_site(site, today=TODAY, profiles_dir=profiles, log=lambda *_: None) == 0
    assert list((site / "talent").glob("*/index.html")) == []
    assert "0 people" in (site / "talent" / "index.html").read_text()
    assert "nairobi-dev" not in everything(site)


def test_strict_build_fails_on_any_problem_and_keeps_the_old_site(tmp_path):
    from sitefixtures import write_profiles
    profiles = write_profiles(tmp_path)
    site = tmp_path / "site"
    assert build_site(site, today=TODAY, profiles_dir=profiles, log=lambda *_: None) == 0
    lines = []
    assert build_site(site, today=TODAY, profiles_dir=profiles, strict=True, log=lines.append) == 1
    assert "--strict" in lines[-1] and "site/ was left unchanged" in lines[-1]
    assert (site / "talent" / "nairobi-dev" / "index.html").exists()


def test_build_records_timings(tmp_path):
    from sitefixtures import write_profiles
    timings = {}
    assert build_site(tmp_path / "site", today=TODAY, profiles_dir=write_profiles(tmp_path), log=lambda *_: None,
                      timings=timings) == 0
    assert set(timings) == {"data", "rendered", "mkdocs", "total"}
    assert timings["total"] >= timings["data"] + timings["mkdocs"] and timings["rendered"] >= timings["data"]


def test_stylesheet_braces_balance():
    # one stray brace makes browsers drop the next rule ([hidden] once went this way)
    from conftest import ROOT
    css = (ROOT / "build_scripts" / "overrides" / "assets" / "portal" / "portal.css").read_text()
    depth = 0
    for ch in re.sub(r'"[^"]*"', "", css):
        depth += {"{": 1, "}": -1}.get(ch, 0)
        assert depth >= 0
    assert depth == 0


def test_a_failed_mkdocs_leaves_no_search_indexer_running(tmp_path, monkeypatch):
    import subprocess as sp
    import build_scripts.fast.build as b
    from sitefixtures import write_profiles
    started = []

    def fake_indexer(pages, out, published, **kwargs):
        started.append(sp.Popen(["sleep", "60"]))
        return started[-1]

    monkeypatch.setattr(b, "start_search_index", fake_indexer)
    monkeypatch.setattr(b.MkDocsProcess, "wait", lambda self: (_ for _ in ()).throw(RuntimeError("boom")))
    assert b.build_site(tmp_path / "site", today=TODAY, profiles_dir=write_profiles(tmp_path), log=lambda *_: None) == 1
    assert started and started[0].poll() is not None


def test_a_failing_mkdocs_process_fails_the_build(tmp_path, monkeypatch):
    import build_scripts.fast.build as fast
    import build_scripts.fast.streaming
    from sitefixtures import write_profiles
    monkeypatch.setattr(build_scripts.fast.streaming, "_CHILD", "raise SystemExit(3)")
    lines = []
    assert fast.build_site(tmp_path / "site", today=TODAY, profiles_dir=write_profiles(tmp_path), log=lines.append) == 1
    assert "MkDocs failed with exit code 3" in "\n".join(lines)
    assert not (tmp_path / "site").exists()


def test_hand_written_pages_name_the_contact_address_from_the_settings(site):
    # the employer guides and the about page say "ask us" with the address and reply time of portal.yml
    for page in ("employers/index.html", "employers/paying/index.html", "about/index.html", "contributing/profile/index.html"):
        html = (site / page).read_text()
        assert 'href="mailto:talent@example.org"' in html and "we reply within two working days" in html, page
    assert not [p for p, text in every_file(site) if "portal:contact" in text]


def test_swap_replaces_the_site_without_a_moment_without_one(tmp_path, monkeypatch):
    from pathlib import Path

    from build_scripts.staging import swap
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("old")
    new = tmp_path / "new"
    new.mkdir()
    (new / "index.html").write_text("new")
    seen = []                 # whether site/ was there after each rename the swap made
    rename = Path.rename
    monkeypatch.setattr(Path, "rename", lambda self, target: (rename(self, target), seen.append(site.exists()))[0])
    swap(new, site)
    assert (site / "index.html").read_text() == "new" and not new.exists()
    assert all(seen), seen


def test_a_photo_no_profile_shows_stops_a_strict_build_on_both_paths(tmp_path):
    import build_scripts.fast.build as fast
    import build_scripts.pipeline as plain
    from build_scripts.images import synthetic_photo
    from sitefixtures import write_profiles
    profiles = write_profiles(tmp_path)
    (profiles / "photos" / "gone-person.jpg").write_bytes(synthetic_photo(2))     # P032: still public
    for executor in (plain, fast):
        lines = []
        assert executor.build_site(tmp_path / "site", today=TODAY, strict=True, profiles_dir=profiles,
                                   log=lines.append) == 1
        assert "--strict" in "\n".join(lines), lines


def test_a_broken_settings_file_stops_the_build_command_with_exit_code_2(monkeypatch, capsys):
    from build_scripts import __main__ as cli, pipeline
    from build_scripts.config import SettingsError

    def broken():
        raise SettingsError("portal.yml:43:1: P002 'programme_name' is given twice")
    monkeypatch.setattr(pipeline, "load_config", broken)
    assert cli.main(["build", "--site-dir", "/nonexistent/site"]) == 2
    assert capsys.readouterr().err.startswith("error: portal.yml:43:1: P002")


def test_a_missing_profiles_folder_builds_a_site_with_no_one(tmp_path):
    lines = []
    assert build_site(tmp_path / "site", today=TODAY, profiles_dir=tmp_path / "no-such-folder", log=lines.append) == 0
    assert "Profiles: 0 read, 0 published" in "\n".join(lines)
