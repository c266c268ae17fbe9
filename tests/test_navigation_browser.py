"""Finding your way, in a real browser: every section from every kind of page, at desktop and
phone widths, with and without JavaScript; the directory's grid; the shortlist's live count."""

from __future__ import annotations

import pytest

from conftest import SiteServer, browser_page

pytestmark = [pytest.mark.browser, pytest.mark.slow]

DESKTOP, PHONE = {"width": 1366, "height": 900}, {"width": 390, "height": 844}
SECTIONS = {"Talent": "/talent/", "Shortlist": "/shortlist/", "Impact": "/impact/", "Stories": "/stories/", "Employers": "/employers/",
            "Contribute": "/contributing/profile/", "About": "/about/"}
START_PAGES = ["/", "/talent/", "/talent/nairobi-dev/"]


@pytest.fixture(scope="module")
def server(built_fixture_site):
    s = SiteServer(built_fixture_site)
    yield s
    s.close()


def open_page(browser, viewport, js=True):
    return browser_page(browser, viewport=viewport, java_script_enabled=js)


@pytest.mark.parametrize("js", [True, False], ids=["js", "nojs"])
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_every_section_is_one_click_from_home_directory_and_a_profile(browser, server, viewport, js):
    with open_page(browser, viewport, js) as pg:
        for start in START_PAGES:
            for name, path in SECTIONS.items():
                pg.goto(server.url + start)
                link = pg.locator(".tp-nav").get_by_role("link", name=name, exact=False).first
                assert link.is_visible(), f"{name} is not visible on {start}"
                link.click()
                pg.wait_for_load_state()
                assert pg.url == server.url + path, f"{name} from {start} went to {pg.url}"


def test_no_empty_drawer_on_pages_without_a_sidebar(browser, server):
    with open_page(browser, PHONE) as pg:
        for start in START_PAGES:
            pg.goto(server.url + start)
            assert not pg.locator('label.md-header__button[for="__drawer"]').is_visible(), start


def test_the_shortlist_link_counts_the_people_added(browser, server):
    with open_page(browser, DESKTOP) as pg:
        pg.goto(server.url + "/talent/")
        count = pg.locator(".tp-nav [data-tp-shortlist-count]")
        assert count.text_content() == "0"
        buttons = pg.locator("#tp-cards .tp-shortlist-toggle")
        buttons.nth(0).click()
        buttons.nth(1).click()
        assert count.text_content() == "2"
        pg.goto(server.url + "/talent/nairobi-dev/")          # the count follows to every page
        assert pg.locator(".tp-nav [data-tp-shortlist-count]").text_content() == "2"


def card_rows(pg) -> list[float]:
    return pg.locator("#tp-cards > li.tp-card").evaluate_all("cards => cards.map(c => c.getBoundingClientRect().top)")


@pytest.mark.parametrize("js", [True, False], ids=["js", "nojs"])
def test_directory_is_a_grid_on_desktop_and_one_column_on_a_phone(browser, server, js):
    for viewport, per_row in ((DESKTOP, 3), (PHONE, 1)):
        with open_page(browser, viewport, js) as pg:
            pg.goto(server.url + "/talent/")
            tops = card_rows(pg)
            first_row = [t for t in tops if abs(t - tops[0]) < 1]
            assert (len(first_row) >= per_row) if per_row > 1 else (len(first_row) == 1), (viewport, tops)


def test_on_a_phone_the_first_person_shows_without_scrolling(browser, server):
    with open_page(browser, PHONE) as pg:
        pg.goto(server.url + "/talent/")
        first = pg.locator("#tp-cards > li.tp-card").first
        assert first.bounding_box()["y"] < PHONE["height"]
        pg.locator("#tp-more > summary").click()                 # the folded filters open on demand
        assert pg.locator("select[name=skill]").is_visible()


def overlap_ids(pg, server, zone: str) -> tuple[list[str], str]:
    pg.goto(server.url + "/talent/")
    pg.fill("input[name=tz]", zone)
    pg.fill("input[name=overlap]", "6")
    # the run that has both (on a busy machine the zone alone may have been applied first)
    pg.wait_for_function("() => location.search.includes('overlap=6') && "
                         "/match/.test(document.getElementById('tp-count').textContent)")
    pg.wait_for_function("z => document.getElementById('tp-tz-note').dataset.for === z", arg=zone.strip())
    ids = pg.locator("#tp-cards .tp-card").evaluate_all("cards => cards.map(c => c.dataset.id)")
    return sorted(ids), pg.locator("#tp-tz-note").text_content()


def test_time_zones_as_employers_type_them(browser, server):
    with open_page(browser, DESKTOP) as pg:
        pg.goto(server.url + "/talent/")
        assert pg.input_value("input[name=tz]") == "UTC"   # the visitor's own zone (the test browser's) is filled in
        berlin, note = overlap_ids(pg, server, "Berlin")
        assert "Berlin, UTC+" in note
        assert berlin and "tokyo-designer" not in berlin
        for typed in ("Europe/Berlin", "europe/berlin", "GMT+1" if "UTC+1" in note else "GMT+2"):
            assert overlap_ids(pg, server, typed)[0] == berlin, typed
        ids, note = overlap_ids(pg, server, "Atlantis")
        assert "don't recognise" in note
        assert "not recognised" in pg.locator("#tp-count").text_content()


def test_a_click_on_the_filled_in_zone_selects_it_so_typing_replaces_it(browser, server):
    with open_page(browser, DESKTOP) as pg:
        pg.goto(server.url + "/talent/")                      # the filters are unfolded on a desktop
        pg.click("input[name=tz]")
        pg.keyboard.type("Berlin")
        assert pg.input_value("input[name=tz]") == "Berlin"      # not "UTCBerlin"


def test_zones_as_abbreviations_and_city_country(browser, server):
    with open_page(browser, DESKTOP) as pg:
        berlin, _ = overlap_ids(pg, server, "Berlin")
        ids, note = overlap_ids(pg, server, "Berlin, Germany")
        assert (ids, note.split(",")[0]) == (berlin, "Your time: Berlin")
        for typed in ("CET", "cest", "MEZ"):
            ids, note = overlap_ids(pg, server, typed)
            assert ids == berlin and "Central European" in note, (typed, note)
        la, note = overlap_ids(pg, server, "PST")
        assert "Pacific" in note and la != berlin
        assert overlap_ids(pg, server, "Los Angeles, USA")[0] == la



def test_a_country_is_a_zone_when_its_clocks_agree_and_otherwise_asks_for_a_city(browser, server):
    with open_page(browser, DESKTOP) as pg:
        berlin, _ = overlap_ids(pg, server, "Berlin")
        ids, note = overlap_ids(pg, server, "Germany")
        assert ids == berlin and note.startswith("Your time: Germany, UTC+")
        assert overlap_ids(pg, server, "jordan")[1] == "Your time: Jordan, UTC+3."
        ids, note = overlap_ids(pg, server, "United States")
        assert "several time zones" in note and "New York" in note and "Los Angeles" in note
        assert "not compared" in pg.locator("#tp-count").text_content()


def test_cards_show_working_hours_on_the_visitors_clock_too(browser, server):
    with open_page(browser, DESKTOP) as pg:
        pg.goto(server.url + "/talent/?tz=Asia/Tokyo")        # Nairobi is UTC+3 all year, Tokyo UTC+9
        pg.wait_for_function("() => /match/.test(document.getElementById('tp-count').textContent)")
        card = pg.locator('.tp-card[data-id="nairobi-dev"]')
        assert "works 09:00–17:00 (15:00–23:00 your time, Tokyo UTC+9)" in card.inner_text()
        # the shortlist does the same with the browser's own zone (the test browser's is UTC)
        card.locator(".tp-shortlist-toggle").click()
        pg.goto(server.url + "/shortlist/")
        row = pg.locator("#tp-sl-list tr", has_text="Neema Nairobi")
        row.wait_for()
        assert "09:00–17:00 local time" in row.inner_text() and "06:00–14:00 your time, UTC" in row.inner_text()


def test_an_overlap_filter_with_the_visitors_own_zone_is_applied(browser, server):
    with open_page(browser, DESKTOP) as pg:
        pg.goto(server.url + "/talent/")
        everyone = pg.locator("#tp-cards .tp-card").count()
        assert pg.locator("#tp-tz-note").text_content() == "Your time: UTC."     # written as the site writes it
        pg.fill("input[name=overlap]", "7")          # zone left as filled in: UTC
        pg.wait_for_function("() => /match/.test(document.getElementById('tp-count').textContent)")
        assert 0 < pg.locator("#tp-cards .tp-card").count() < everyone
        assert "tz=UTC" in pg.url


@pytest.mark.parametrize("path", START_PAGES + ["/shortlist/", "/employers/"])
def test_every_page_shows_how_to_reach_the_programme_as_text(browser, server, path):
    with open_page(browser, PHONE, js=False) as pg:
        pg.goto(server.url + path)
        contact = pg.locator(".tp-contact")
        assert "talent@example.org" in contact.inner_text()          # readable without a mail client
        assert contact.locator('a[href="mailto:talent@example.org"]').count() == 1


def test_a_missing_page_says_the_person_may_have_withdrawn_and_leads_on(browser, server):
    with open_page(browser, PHONE, js=False) as pg:
        pg.goto(server.url + "/404.html")        # what the host serves for an old link to a withdrawn profile
        text = pg.locator(".md-content").inner_text()
        assert "no longer be listed" in text and "withdraw at any time" in text
        directory = pg.get_by_role("link", name="Browse the talent directory")
        assert directory.get_attribute("href").endswith("/talent/")
        assert pg.locator(".md-content").get_by_role("link", name="Home").count() == 1
