"""On paper, for a job fair: a profile and a shortlist each print on one A4 page with their address
as text and as a QR code that reads back; the directory prints its results, not its form. On
screen, the shortlist compares people (skills, languages, hours, availability), on a phone too."""

from __future__ import annotations

import io
import json
import re

import pytest
import zxingcpp
from PIL import Image

from build_scripts.build import build_site
from build_scripts.config import load_config
from build_scripts.synth import SAMPLE_DAY, write_profiles
from conftest import ROOT, TODAY, SiteServer

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CONFIG = load_config()
PHONE = {"width": 390, "height": 844}
PROFILE_BUDGET = 60_000        # bytes of a profile page's HTML


def serve(site):
    s = SiteServer(site)
    s.site = site
    return s


@pytest.fixture(scope="module")
def fixture_site(built_fixture_site):
    s = serve(built_fixture_site)
    yield s
    s.close()


@pytest.fixture(scope="module")
def sample_site(tmp_path_factory):
    """The shipped sample profiles: the longest real-looking pages there are."""
    site = tmp_path_factory.mktemp("print-sample") / "site"
    assert build_site(site, today=SAMPLE_DAY, profiles_dir=ROOT / "profiles", log=lambda *_: None) == 0
    s = serve(site)
    yield s
    s.close()


@pytest.fixture(scope="module")
def paged_site(tmp_path_factory):
    """More people than one directory page holds, so there are page links to leave off paper."""
    root = tmp_path_factory.mktemp("print-paged")
    write_profiles(root / "profiles", 60, seed=7, today=TODAY)
    assert build_site(root / "site", today=TODAY, profiles_dir=root / "profiles", log=lambda *_: None) == 0
    s = serve(root / "site")
    yield s
    s.close()


@pytest.fixture
def open_page(browser):
    contexts = []

    def opener(viewport=None, scale=1):
        context = browser.new_context(viewport=viewport or {"width": 1100, "height": 900}, device_scale_factor=scale)
        contexts.append(context)
        pg = context.new_page()
        pg.errors = []
        pg.on("pageerror", lambda e: pg.errors.append(str(e)))
        return pg

    yield opener
    for c in contexts:
        c.close()


def pdf_pages(pg) -> int:
    return len(re.findall(rb"/Type\s*/Page(?!s)", pg.pdf(format="A4")))


def qr_text(locator) -> list[str]:
    """What a phone reads from the QR code as it is printed (the page emulating print)."""
    return [r.text for r in zxingcpp.read_barcodes(Image.open(io.BytesIO(locator.screenshot())))]


def longest_profile(site) -> str:
    pages = sorted(site.glob("talent/*/index.html"), key=lambda p: p.stat().st_size)
    return pages[-1].parent.name


def check_profile_on_paper(pg, server, pid):
    url = f"{CONFIG.site_url.rstrip('/')}/talent/{pid}/"
    pg.goto(f"{server.url}/talent/{pid}/")
    assert not pg.locator(".tp-print-ref").is_visible()                 # on screen the address bar has it
    pg.emulate_media(media="print")
    ref = pg.locator(".tp-print-ref")
    assert ref.is_visible() and url in ref.inner_text()
    assert qr_text(ref.locator(".tp-qr svg")) == [url]
    contact = pg.locator(".tp-contact")
    assert contact.is_visible()
    assert CONFIG.programme_name in contact.inner_text() and CONFIG.contact_email in contact.inner_text()
    for hidden in (".tp-edit", ".tp-actions", ".tp-shortlist-toggle", ".tp-nav", ".md-header"):
        assert all(not el.is_visible() for el in pg.locator(hidden).all()), hidden
    assert "Edit this profile" not in pg.locator("body").inner_text()
    assert pdf_pages(pg) == 1


def test_a_profile_prints_on_one_a4_page_with_its_address_and_qr_code(open_page, fixture_site):
    check_profile_on_paper(open_page(scale=3), fixture_site, "baghdad-translator")


def test_the_longest_sample_profile_prints_on_one_a4_page(open_page, sample_site):
    check_profile_on_paper(open_page(scale=3), sample_site, longest_profile(sample_site.site))


def test_every_profile_page_stays_within_its_byte_budget(sample_site):
    sizes = {p.parent.name: p.stat().st_size for p in sample_site.site.glob("talent/*/index.html")}
    assert sizes and max(sizes.values()) < PROFILE_BUDGET, max(sizes.items(), key=lambda kv: kv[1])


def shortlist(pg, server, ids, names=None):
    pg.goto(server.url + "/shortlist/")
    items = [{"id": i, "name": (names or {}).get(i, i)} for i in ids]
    pg.evaluate("items => localStorage.setItem('tp-shortlist', JSON.stringify(items))", items)
    pg.reload()
    pg.wait_for_function("n => document.querySelectorAll('#tp-sl-list tr td[data-label]').length >= n", arg=len(ids))


def row_text(pg, pid) -> dict:
    row = pg.locator("#tp-sl-list tr").filter(has=pg.locator(f'a[href$="/talent/{pid}/"]'))
    return {"person": row.locator("th").inner_text(),
            **{td.get_attribute("data-label"): td.inner_text() for td in row.locator("td[data-label]").all()}}


def test_the_shortlist_compares_people_on_screen(open_page, fixture_site):
    pg = open_page()
    shortlist(pg, fixture_site, ["baghdad-translator", "tokyo-designer", "kolkata-analyst"])
    baghdad = row_text(pg, "baghdad-translator")
    assert "Bashar Baghdad" in baghdad["person"]
    for skill in ("Translation", "Subtitling"):
        assert skill in baghdad["Skills"]
    assert baghdad["Languages"] == "Arabic native, Central Kurdish (Sorani) C1, English B2"
    assert "h/week" in baghdad["Hours"]
    # the place and its offset, and the hours on the visitor's clock (the test browser's zone is UTC)
    assert baghdad["Working day"] == "Baghdad, UTC+3\n09:00–17:00 local time\n06:00–14:00 your time, UTC"
    assert row_text(pg, "tokyo-designer")["Working day"].startswith("Tokyo, UTC+9")
    assert row_text(pg, "tokyo-designer")["Availability"] != baghdad["Availability"]     # open, not available
    assert "Figma" in row_text(pg, "tokyo-designer")["Skills"]
    assert "Translation" not in row_text(pg, "kolkata-analyst")["Skills"]
    assert pg.locator("#tp-sl-list a").all_text_contents() == ["Bashar Baghdad", "Taro Tokyo", "Kavi Kolkata"]
    assert pg.errors == []


def test_the_shortlist_is_usable_on_a_phone(open_page, fixture_site):
    pg = open_page(PHONE)
    shortlist(pg, fixture_site, ["baghdad-translator", "tokyo-designer"])
    assert pg.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    first = pg.locator("#tp-sl-list tr").first
    assert first.bounding_box()["width"] <= PHONE["width"]
    skills = first.locator('td[data-label="Skills"]')
    label = skills.evaluate("td => getComputedStyle(td, '::before').content")
    assert "Skills" in label                                                  # each value under its column's name
    first.locator(".tp-sl-remove").click()
    assert pg.locator("#tp-sl-list tr").count() == 1


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["desktop", "phone"])
def test_the_filled_shortlist_has_no_accessibility_violations(open_page, fixture_site, viewport):
    pg = open_page(viewport)
    shortlist(pg, fixture_site, ["baghdad-translator", "tokyo-designer", "gone-person"])
    pg.add_script_tag(path=str(ROOT / "node_modules" / "axe-core" / "axe.min.js"))
    result = pg.evaluate("axe.run(document, {resultTypes: ['violations']})")
    assert [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]] == []


def test_six_people_on_the_shortlist_print_side_by_side_on_one_a4_page(open_page, sample_site):
    cards = json.loads((sample_site.site / "talent" / "cards.json").read_text())
    col = {name: i for i, name in enumerate(cards["columns"])}
    wordiest = sorted(cards["people"], key=lambda r: -len(r[col["skills"]]) - len(r[col["languages"]]))[:6]
    pg = open_page(scale=3)
    shortlist(pg, sample_site, [r[col["id"]] for r in wordiest])
    link = pg.input_value("#tp-sl-link")
    pg.wait_for_selector("#tp-sl-qr svg", state="attached")
    pg.emulate_media(media="print")
    rows = pg.locator("#tp-sl-list tr").all()
    assert len(rows) == 6
    tops = {round(cell.bounding_box()["y"]) for cell in rows[0].locator("th, td:visible").all()}
    assert len(tops) == 1                                                   # one person's facts on one line
    ref = pg.locator("#tp-sl-print")
    assert ref.is_visible() and link in ref.inner_text().replace("\n", "")
    assert qr_text(pg.locator("#tp-sl-qr svg")) == [link]
    for hidden in ("#tp-sl-actions", ".tp-sl-remove", ".tp-sl-intro", ".tp-nav"):
        assert all(not el.is_visible() for el in pg.locator(hidden).all()), hidden
    assert pdf_pages(pg) == 1


def test_the_directory_prints_its_results_two_a_row_not_its_form(open_page, paged_site):
    pg = open_page()
    pg.goto(paged_site.url + "/talent/")
    assert pg.locator("#tp-pages").is_visible() and pg.locator("#tp-filters").is_visible()
    pg.emulate_media(media="print")
    assert not pg.locator("#tp-filters").is_visible() and not pg.locator("#tp-pages").is_visible()
    tops = pg.locator("#tp-cards > li.tp-card").evaluate_all("cs => cs.map(c => Math.round(c.getBoundingClientRect().top))")
    assert len(tops) > 4 and tops[0] == tops[1] < tops[2] == tops[3]


@pytest.mark.parametrize("stored, note", [
    ([], "Added 2 people from a shared link. 1 person is no longer listed."),
    (["bogota-writer"], "Added 1 person from a shared link. 1 person was already on your shortlist. "
                        "1 person is no longer listed."),
])
def test_a_shared_link_says_how_many_people_it_added(open_page, fixture_site, stored, note):
    pg = open_page()
    pg.goto(fixture_site.url + "/shortlist/")
    pg.evaluate("ids => localStorage.setItem('tp-shortlist', JSON.stringify(ids.map(id => ({id, name: id}))))", stored)
    pg.goto(fixture_site.url + "/shortlist/?ids=bogota-writer,kolkata-analyst,not-a-person,kolkata-analyst")
    pg.wait_for_function("() => document.getElementById('tp-sl-note').textContent !== ''")
    assert pg.locator("#tp-sl-note").text_content() == note
    assert sorted(pg.evaluate("JSON.parse(localStorage.getItem('tp-shortlist')).map(x => x.id)")) == \
        ["bogota-writer", "kolkata-analyst"]
