"""Cards in a real browser: the cards the script shows (filtered, searched) say what the page's own
cards say, a card never shows what a profile does not have, search results rank and count like
the directory, an empty result says which filter emptied it, and trust marks come with a legend."""

from __future__ import annotations

import re

import pytest

from build_scripts.build import build_site
from build_scripts.vocab import load_vocabulary
from conftest import TODAY, SiteServer, browser_page
from sitefixtures import person, write_profiles

pytestmark = [pytest.mark.browser, pytest.mark.slow]

DESKTOP, PHONE = {"width": 1366, "height": 900}, {"width": 390, "height": 844}
HOURS = "working_hours:\n  start: '09:00'\n  end: '17:00'\n"
BULK = 36      # more people than a search used to return when combined with a filter (30)
STATUSES = ["available", "open", "placed", "unavailable"]
_vocab = load_vocabulary()
VERIFIED = sorted(_vocab.verified_tracks)[0]
LOGIN, _confirmed = _vocab.verified_tracks[VERIFIED]
CONFIRMED = sorted(_confirmed)[0]
UNCONFIRMED = next(t for t in sorted(_vocab.tracks) if t not in _confirmed)


def extra_profiles(profiles):
    # gave no working hours
    text = person("no-hours", "Nadia Nohours", "Africa/Nairobi", ["Python"], [("en", "C1")], "available")
    (profiles / "no-hours.yaml").write_text(text.replace(HOURS, ""))
    # free from a date still to come
    text = person("later-on", "Lina Later", "Asia/Amman", ["Excel"], [("ar", "native")], "available")
    (profiles / "later-on.yaml").write_text(text.replace("  engagement: [freelance]\n",
                                                         "  engagement: [freelance]\n  from: 2099-04-28\n"))
    # someone the maintainers' registry (data/verified-tracks.yml) confirms a track for, with one more it does not
    text = person(VERIFIED, "Vera Verified", "Asia/Amman", ["CSS"], [("ar", "native")], "open",
                  f"tracks: [{CONFIRMED}, {UNCONFIRMED}]\n")
    (profiles / f"{VERIFIED}.yaml").write_text(text.replace(f"github: {VERIFIED}-login", f"github: {LOGIN}"))
    for i in range(BULK):
        text = person(f"bulk-{i:02d}", f"Quinn Bulk {i:02d}", "UTC", ["Python"], [("en", "B2")], STATUSES[i % 4],
                      "summary: |\n  I count quokkas for a wildlife survey.\n")
        (profiles / f"bulk-{i:02d}.yaml").write_text(text)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    root = tmp_path_factory.mktemp("cards")
    extra_profiles(write_profiles(root))
    assert build_site(root / "site", today=TODAY, profiles_dir=root / "profiles", log=lambda *_: None) == 0
    s = SiteServer(root / "site")
    yield s
    s.close()


@pytest.fixture
def pg(browser, server):
    with browser_page(browser, viewport=DESKTOP) as page:
        yield page
        assert page.errors == []


def wait_for_count(pg, pattern: str):
    pg.wait_for_function("p => new RegExp(p).test(document.getElementById('tp-count').textContent)", arg=pattern)


def cards(pg) -> dict[str, str]:
    """Each card's text by id, with what the script adds to every card (the shortlist button) left out."""
    return dict(pg.locator("#tp-cards > li.tp-card").evaluate_all("""cards => cards.map(c => {
        const copy = c.cloneNode(true);
        copy.querySelectorAll('.tp-shortlist-toggle, .tp-excerpt').forEach(n => n.remove());
        return [c.dataset.id, copy.textContent.replace(/\\s+/g, ' ').trim()];
    })"""))


def published(pg) -> int:
    return pg.evaluate("fetch('/talent/cards.json').then(r => r.json()).then(index => index.people.length)")


def test_the_scripts_cards_say_what_the_pages_cards_say(pg, server):
    pg.goto(server.url + "/talent/")
    on_the_page = cards(pg)
    assert len(on_the_page) == published(pg) > BULK
    pg.goto(server.url + "/talent/?hours=0")            # a filter everyone passes: every card from cards.json
    wait_for_count(pg, f"^{len(on_the_page)} people match")
    assert cards(pg) == on_the_page
    assert pg.locator("#tp-cards [data-slot='overlap'], #tp-cards [data-href]").count() == 0


def test_a_profile_without_working_hours_shows_none(pg, server):
    pg.goto(server.url + "/talent/?skill=Python&tz=Europe/Berlin")       # filtered cards, overlaps worked out
    wait_for_count(pg, "people match")
    card = pg.locator(".tp-card[data-id=no-hours]").inner_text()
    assert not re.search(r"\d\d:\d\d|works|overlap", card), card
    assert "09:00–17:00" in pg.locator(".tp-card[data-id=nairobi-dev]").inner_text()
    assert "overlap with you" in pg.locator(".tp-card[data-id=nairobi-dev]").inner_text()
    pg.goto(server.url + "/talent/")                                      # the page's own cards
    card = pg.locator(".tp-card[data-id=no-hours]").inner_text()
    assert not re.search(r"\d\d:\d\d|works", card), card
    pg.goto(server.url + "/talent/?skill=Python&tz=Europe/Berlin&overlap=1")   # an overlap it cannot claim
    wait_for_count(pg, "people match")
    assert pg.locator(".tp-card[data-id=no-hours]").count() == 0
    assert pg.locator(".tp-card[data-id=nairobi-dev]").count() == 1
    assert "1 more matches but gives no working hours" in pg.locator("#tp-count").text_content()   # not silently


def test_availability_reads_forwards_and_counts_as_not_yet(pg, server):
    pg.goto(server.url + "/talent/")
    assert pg.locator(".tp-card[data-id=later-on] .tp-status").inner_text() == "Available from 28 April 2099"
    pg.select_option("select[name=status]", "available")
    wait_for_count(pg, "people match")
    assert pg.locator(".tp-card[data-id=later-on]").count() == 0


def test_a_track_shows_as_completed_only_where_the_registry_confirms_it(pg, server):
    pg.goto(server.url + "/talent/")
    confirmed, unconfirmed = (_vocab.tracks[t]["name"] for t in (CONFIRMED, UNCONFIRMED))
    card = pg.locator(f".tp-card[data-id={VERIFIED}]").inner_text()
    assert f"Completed with the programme: {confirmed}" in card and unconfirmed not in card
    assert pg.locator(".tp-verified").count() == 1
    pg.goto(server.url + f"/talent/{VERIFIED}/")
    tracks = pg.locator(".tp-tracks li").all_inner_texts()
    assert tracks == [f"{confirmed} Completed · verified by the programme", f"{unconfirmed} self-reported"]


def test_search_results_show_the_cards_facts(pg, server):
    pg.goto(server.url + "/talent/")
    on_the_page = cards(pg)
    pg.fill("input[name=q]", "zanzibarite")
    wait_for_count(pg, "^1 person matches")
    assert cards(pg) == {"baghdad-translator": on_the_page["baghdad-translator"]}
    assert pg.locator(".tp-card[data-id=baghdad-translator] .tp-excerpt mark").count() == 1
    loaded = pg.evaluate("performance.getEntries().map(e => e.name)")
    assert not any(u.endswith("cards.json") for u in loaded)      # a search alone still needs no card index


def test_a_search_for_a_skill_by_its_name_needs_no_card_index(pg, server):
    assert "nairobi-dev" in search_ids(pg, server, "Django")
    loaded = pg.evaluate("performance.getEntries().map(e => e.name)")
    assert not any(u.endswith("cards.json") for u in loaded)      # 305 KB at 10,000 profiles


def test_search_ranks_available_and_open_people_first(pg, server):
    pg.goto(server.url + "/talent/?q=quokkas")
    wait_for_count(pg, f"^{BULK} people match")
    shown = pg.locator("#tp-cards .tp-status").evaluate_all(
        "spans => spans.map(s => [...s.classList].find(c => c.startsWith('tp-status--')).slice(11))")
    first = shown.count("available") + shown.count("open")        # as the directory ranks them
    assert len(shown) == BULK and shown.count("available") == BULK // 4 and shown.count("open") == BULK // 4
    assert set(shown[:first]) == {"available", "open"} and "available" not in shown[first:]


def test_search_with_a_filter_finds_everyone_not_the_first_thirty(pg, server):
    pg.goto(server.url + "/talent/?q=quokkas&skill=Python")
    wait_for_count(pg, f"^{BULK} people match")
    ids = set(cards(pg))
    assert ids == {f"bulk-{i:02d}" for i in range(BULK)}
    pg.goto(server.url + "/talent/?q=quokkas&skill=Python&status=placed")
    wait_for_count(pg, f"^{BULK // 4} people match")


def pagefind_titles(pg, q: str) -> list[str]:
    return pg.evaluate("""async (q) => { const pf = await import('/pagefind/pagefind.js');
        const r = await pf.search(q); return Promise.all(r.results.map(async (x) => (await x.data()).meta.title)); }""", q)


def test_a_word_no_one_has_finds_no_one_not_the_initial_it_begins_with(pg, server):
    pg.goto(server.url + "/talent/")
    assert "Neema Nairobi" in pagefind_titles(pg, "ofzzz")       # Pagefind alone cuts it down to "of"
    for typed in ("ofzzz", "ofzzz&skill=Python"):
        pg.goto(server.url + f"/talent/?q={typed}")
        wait_for_count(pg, "^0 people match")


def test_several_words_find_everyone_with_all_of_them_else_those_with_some(pg, server):
    pg.goto(server.url + "/talent/?q=python+django")
    wait_for_count(pg, "^1 person matches.$")
    assert set(cards(pg)) == {"nairobi-dev"}
    assert pagefind_titles(pg, "python subtitling") == []         # no page has both words
    for query in ("python+subtitling", "python+subtitling&status=available,open,placed"):
        pg.goto(server.url + f"/talent/?q={query}")
        wait_for_count(pg, "No one has all of these words")
        assert {"nairobi-dev", "baghdad-translator"} <= set(cards(pg)), query


def search_ids(pg, server, q: str) -> set[str]:
    pg.goto(server.url + "/talent/?q=" + q)
    wait_for_count(pg, "match")
    return set(cards(pg))


def test_search_knows_a_skill_by_its_other_names_and_not_by_a_word_that_merely_begins_alike(pg, server):
    assert search_ids(pg, server, "postgresql") == {"kolkata-analyst"}        # an alias of SQL (data/skills.yml)
    assert "nairobi-dev" in search_ids(pg, server, "python3")
    assert pagefind_titles(pg, "thingamajig")            # Pagefind alone cuts it down to "thing": "Tester of things"
    assert search_ids(pg, server, "thingamajig") == set()
    assert search_ids(pg, server, "python/django") == {"nairobi-dev"}        # two words, both found
    assert "No one has all" not in pg.locator("#tp-count").text_content()
    assert search_ids(pg, server, "translators") == {"baghdad-translator"}   # another form of the word


def test_each_word_is_judged_by_its_own_marks(pg, server):
    # looked up at once, "content" was judged by the marks of "writing" (Pagefind shares a page's
    # excerpt between searches) and dropped: "no one has all of these words" for Bea, who has both
    for q in ("content+writing", "writing+content", "UI+design"):
        ids = search_ids(pg, server, q)
        assert ids and "No one has all" not in pg.locator("#tp-count").text_content(), q


def test_a_turkish_browser_finds_words_with_a_capital_i(browser, server):
    with browser_page(browser, viewport=DESKTOP, locale="tr-TR") as page:
        assert search_ids(page, server, "UI+design") == {"tokyo-designer"}      # not "uı design"


def test_a_zone_named_like_an_objects_own_property_is_only_unknown(pg, server):
    for typed in ("constructor", "Foo, constructor", "__proto__", "toString"):
        pg.goto(server.url + f"/talent/?tz={typed}&overlap=2")
        wait_for_count(pg, "not recognised")
        pg.wait_for_function("() => document.getElementById('tp-tz-note').textContent.includes('recognise')")
    # (the fixture fails the test on any script error)


def test_no_one_matching_names_the_filter_and_clears_it(pg, server):
    pg.goto(server.url + "/talent/?skill=Figma&status=placed")       # Figma: Taro Tokyo, who is open to offers
    wait_for_count(pg, "^0 people match")
    note = pg.locator("#tp-empty")
    note.wait_for()
    assert "1 person matches without it" in note.inner_text()
    pg.get_by_role("button", name="Clear “Availability: Working (placed)”").click()
    wait_for_count(pg, "^1 person matches")
    assert list(cards(pg)) == ["tokyo-designer"]
    assert pg.input_value("select[name=status]") == "" and pg.input_value("select[name=skill]") == "Figma"
    assert "status=" not in pg.url and not note.is_visible()


def test_no_one_matching_a_search_offers_to_clear_it(pg, server):
    pg.goto(server.url + "/talent/")
    everyone = pg.locator("#tp-count").text_content()
    pg.fill("input[name=q]", "xylophonist")
    wait_for_count(pg, "^0 people match")
    pg.locator("#tp-empty").wait_for()
    assert "No one matches “Search: xylophonist”" in pg.locator("#tp-empty").inner_text()
    pg.get_by_role("button", name="Clear “Search: xylophonist”").click()
    wait_for_count(pg, "^" + re.escape(everyone))
    assert pg.input_value("input[name=q]") == "" and len(cards(pg)) == published(pg)


@pytest.mark.parametrize("js", [True, False], ids=["js", "nojs"])
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_trust_marks_come_with_a_legend_that_leads_to_how_people_are_assessed(browser, server, viewport, js):
    with browser_page(browser, viewport=viewport, java_script_enabled=js) as pg:
        for path in ("/talent/", f"/talent/{VERIFIED}/"):
            pg.goto(server.url + path)
            legend = pg.locator(".tp-legend")
            assert legend.is_visible(), path
            assert "verified by the programme" in legend.inner_text() and "self-assessed" in legend.inner_text()
            legend.get_by_role("link").click()
            pg.wait_for_url(server.url + "/about/#how-people-are-trained-and-assessed")
            pg.locator("#how-people-are-trained-and-assessed").wait_for(state="visible", timeout=10_000)
        pg.goto(server.url + "/talent/")
        assert pg.locator("#tp-cards > li.tp-card").first.bounding_box()["y"] < viewport["height"]
