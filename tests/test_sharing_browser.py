"""Sharing in Chromium: share links carry the page's own address, "Copy link" copies it (and is absent
without JavaScript), nothing of it reaches paper; a guide prints its address and QR code; the talent
snapshot prints on exactly one A4 page; the offline copy works opened from disk."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
import zxingcpp
from PIL import Image

from build_scripts.build import build_site
from build_scripts.config import load_config
from build_scripts.synth import SAMPLE_DAY
from build_scripts.vocab import load_vocabulary
from conftest import ROOT, SiteServer, browser_page, run_cli

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CONFIG = load_config()
SITE_URL = CONFIG.site_url.rstrip("/") + "/"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def sample_site(tmp_path_factory):
    """The shipped sample: its profiles, the employer guides and stories as they are."""
    site = tmp_path_factory.mktemp("sharing-sample") / "site"
    assert build_site(site, today=SAMPLE_DAY, profiles_dir=ROOT / "profiles", log=lambda *_: None) == 0
    server = SiteServer(site)
    server.site = site
    yield server
    server.close()


@pytest.fixture(scope="module")
def offline_copy(tmp_path_factory):
    """The shipped sample's offline copy, as `make offline` writes it, unzipped (withheld people: test_sharing.py)."""
    root = tmp_path_factory.mktemp("offline-browser")
    r = run_cli("offline", "--out", str(root / "site-offline.zip"), "--today", SAMPLE_DAY.isoformat())
    assert r.returncode == 0, r.stdout + r.stderr
    with zipfile.ZipFile(root / "site-offline.zip") as z:
        z.extractall(root)
    return root / "site-offline"


def pdf_pages(pg) -> int:
    return len(re.findall(rb"/Type\s*/Page(?!s)", pg.pdf(format="A4")))


def a_profile(site: Path) -> str:
    return sorted(p.parent.name for p in site.glob("talent/*-*/index.html"))[0]


def a_guide(site: Path) -> str:
    guides = sorted(p.parent.relative_to(site).as_posix() for p in site.glob("employers/*/index.html"))
    assert guides, "no employer guide in the built site"
    return guides[0]


def carried(pg) -> dict[str, str]:
    """The address each share link on the page carries, read from the links the browser shows."""
    links = {a.inner_text(): a.get_attribute("href") for a in pg.locator(".tp-share a").all()}
    wa, li, mail = (parse_qs(urlparse(links[k]).query) for k in ("WhatsApp", "LinkedIn", "Email"))
    return {"WhatsApp": wa["text"][0].rsplit(" ", 1)[1], "LinkedIn": li["url"][0], "Email": mail["body"][0]}


@pytest.mark.parametrize("kind", ["profile", "guide"])
def test_share_links_carry_the_pages_own_address(browser, sample_site, kind):
    path = f"talent/{a_profile(sample_site.site)}" if kind == "profile" else a_guide(sample_site.site)
    with browser_page(browser) as pg:
        pg.goto(f"{sample_site.url}/{path}/")
        own = pg.locator('link[rel="canonical"]').get_attribute("href")
        assert own == f"{SITE_URL}{path}/"
        assert carried(pg) == {"WhatsApp": own, "LinkedIn": own, "Email": own}
        assert pg.locator(".tp-share").inner_text().startswith(f"Share this {kind}:")


def test_copy_link_puts_the_pages_address_on_the_clipboard_and_says_so(browser, sample_site):
    path = f"talent/{a_profile(sample_site.site)}/"
    with browser_page(browser) as pg:
        pg.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=sample_site.url)
        pg.goto(f"{sample_site.url}/{path}")
        button = pg.locator("[data-tp-copy]")
        assert button.is_visible() and button.inner_text() == "Copy link"
        button.click()
        pg.wait_for_function("document.querySelector('[data-tp-copy]').textContent.startsWith('Copied')")
        assert pg.locator(".tp-share [role=status]").inner_text() == "Link copied."
        assert pg.evaluate("navigator.clipboard.readText()") == SITE_URL + path
        assert pg.errors == []


def test_on_a_phone_the_systems_share_sheet_is_offered_with_the_pages_address(browser, sample_site):
    path = f"talent/{a_profile(sample_site.site)}/"
    with browser_page(browser, viewport=PHONE, is_mobile=True, has_touch=True) as pg:
        # Chromium on Linux has no share sheet: a stand-in records what the page hands to it
        pg.add_init_script("navigator.share = (data) => { window.shared = data; return Promise.resolve(); }")
        pg.goto(f"{sample_site.url}/{path}")
        pg.locator(".tp-share button", has_text="More apps").click()
        assert pg.evaluate("window.shared.url") == SITE_URL + path
    with browser_page(browser) as pg:                                   # a desktop: no such button
        pg.add_init_script("navigator.share = () => Promise.resolve();")
        pg.goto(f"{sample_site.url}/{path}")
        assert pg.locator(".tp-share button").all_inner_texts() == ["Copy link"]


def test_without_javascript_the_copy_button_is_absent_and_the_links_remain(browser, sample_site):
    with browser_page(browser, java_script_enabled=False) as pg:
        pg.goto(f"{sample_site.url}/talent/{a_profile(sample_site.site)}/")
        assert not pg.locator("[data-tp-copy]").is_visible()
        assert [a.inner_text() for a in pg.locator(".tp-share a").all() if a.is_visible()] == ["WhatsApp", "LinkedIn", "Email"]


def qr_text(locator) -> list[str]:
    return [r.text for r in zxingcpp.read_barcodes(Image.open(io.BytesIO(locator.screenshot())))]


def test_on_paper_a_guide_shows_its_address_and_qr_code_and_no_share_links(browser, sample_site):
    path = a_guide(sample_site.site)
    with browser_page(browser, device_scale_factor=3) as pg:
        pg.goto(f"{sample_site.url}/{path}/")
        assert not pg.locator(".tp-print-ref").is_visible()
        pg.emulate_media(media="print")
        ref = pg.locator(".tp-print-ref")
        assert ref.is_visible() and f"{SITE_URL}{path}/" in ref.inner_text().replace("\n", "")
        assert qr_text(ref.locator(".tp-qr svg")) == [f"{SITE_URL}{path}/"]
        assert not [el for el in pg.locator(".tp-share, .tp-share-event").all() if el.is_visible()]


def test_the_snapshot_prints_on_exactly_one_a4_page_with_a_qr_code_to_the_directory(browser, sample_site):
    with browser_page(browser, device_scale_factor=3) as pg:
        pg.goto(f"{sample_site.url}/snapshot/")
        assert pg.locator("[data-tp-print]").is_visible()
        pg.emulate_media(media="print")
        assert not pg.locator("[data-tp-print]").is_visible() and not pg.locator(".tp-nav").is_visible()
        assert qr_text(pg.locator(".tp-sheet__qr svg")) == [SITE_URL + "talent/"]
        assert pdf_pages(pg) == 1


def test_the_snapshot_still_fits_one_page_with_the_longest_names_and_every_time_zone(browser, sample_site):
    # the lists are capped (10 skills, 8 languages); what grows is the words and the time zones
    vocab = load_vocabulary()
    skill = max((s["name"] for s in vocab.skills.values()), key=len)
    language = max((vocab.language_name(c) for c in vocab.languages), key=len)
    zones = [f"UTC{h:+d}:45" for h in range(-12, 15)] + [f"UTC{h:+d}" for h in range(-12, 15)]
    with browser_page(browser) as pg:
        pg.goto(f"{sample_site.url}/snapshot/")
        pg.evaluate("""([skill, language, zones]) => {
            const lists = document.querySelectorAll('.tp-sheet section ul');
            const fill = (ul, names) => ul.replaceChildren(...names.map((n) => {
                const li = document.createElement('li'); const n_ = document.createElement('span');
                n_.className = 'tp-n'; n_.textContent = '10000'; li.append(`${n} `, n_); return li; }));
            fill(lists[0], Array(10).fill(skill));
            fill(lists[1], Array(8).fill(language));
            fill(document.querySelector('.tp-sheet__zones ul'), zones);
            for (const n of document.querySelectorAll('.tp-stats strong')) n.textContent = '10000';
        }""", [skill, language, zones])
        pg.emulate_media(media="print")
        assert pdf_pages(pg) == 1


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["desktop", "phone"])
def test_the_snapshot_has_no_accessibility_violations_and_fits_the_screen(browser, sample_site, viewport):
    with browser_page(browser, viewport=viewport or {"width": 1100, "height": 900}) as pg:
        pg.goto(f"{sample_site.url}/snapshot/")
        pg.add_script_tag(path=str(AXE))
        result = pg.evaluate("axe.run(document, {resultTypes: ['violations']})")
        assert [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]] == []
        assert pg.evaluate("document.documentElement.scrollWidth") <= (viewport or {"width": 1100})["width"]
        assert pg.errors == []


# --- the offline copy, opened from disk -------------------------------------------------------------

def card_id(url: str) -> str:
    return url.rstrip("/").split("/")[-2]


def click_nav(pg, name: str) -> None:
    pg.locator(".tp-nav a", has_text=name).first.click()
    pg.wait_for_load_state()


def test_the_offline_copy_navigates_between_home_directory_profile_and_guide(browser, offline_copy):
    with browser_page(browser) as pg:
        pg.goto((offline_copy / "index.html").as_uri())
        assert pg.locator("h1").first.inner_text().startswith("Remote-ready digital talent")
        click_nav(pg, "Talent")
        assert pg.url.endswith("/talent/index.html") and pg.locator(".tp-card").count() > 10
        card = pg.locator(".tp-card").first
        name = card.locator("h2").inner_text()
        card.locator("h2 a").click()
        assert re.search(rf"/talent/{card_id(pg.url)}/index\.html$", pg.url)
        assert pg.locator("article.tp-profile h1").inner_text().startswith(name)
        click_nav(pg, "Home")
        assert pg.url.endswith("/index.html") and "Remote-ready" in pg.title()
        click_nav(pg, "Employers")
        assert pg.url.endswith("/employers/index.html") and pg.locator(".tp-share").count() == 1
        pg.locator(".md-nav a", has_text="Contracting").first.click()
        assert pg.url.endswith("/employers/contracting/index.html")
        pg.locator(".tp-share-event a").click()
        assert pg.url.endswith("/snapshot/index.html") and pg.locator(".tp-stats").is_visible()


def test_the_offline_copy_navigates_to_a_story(browser, offline_copy):
    if not (offline_copy / "stories" / "index.html").is_file():
        pytest.skip("the built site has no stories page (stories/index.html): no story to reach offline")
    with browser_page(browser) as pg:
        pg.goto((offline_copy / "index.html").as_uri())
        if pg.locator(".tp-nav a", has_text="Stories").count():
            click_nav(pg, "Stories")
        else:                               # not (yet) a section of its own: the index, opened from disk
            pg.goto((offline_copy / "stories" / "index.html").as_uri())
        assert pg.url.endswith("/stories/index.html")
        # a story's own link, 'amal-translator/index.html' (not a filter page such as 'track/x/index.html')
        hrefs = [h for h in pg.locator(".md-content a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
                 if re.fullmatch(r"[a-z0-9-]+/index\.html", h or "")]
        assert hrefs, "no story linked from the stories index"
        pg.locator(f'.md-content a[href="{hrefs[0]}"]').first.click()
        assert pg.url.endswith(f"/stories/{hrefs[0]}")
        assert pg.locator("h1").first.is_visible()
        click_nav(pg, "Talent")
        assert pg.url.endswith("/talent/index.html")


def test_offline_the_directory_and_shortlist_say_they_need_a_connection(browser, offline_copy):
    with browser_page(browser) as pg:
        pg.goto((offline_copy / "talent" / "index.html").as_uri())
        note = pg.locator(".tp-offline-note")
        assert note.is_visible() and "need the online site" in note.inner_text()
        assert note.locator("a").get_attribute("href") == SITE_URL + "talent/"
        assert not pg.locator("#tp-filters").is_visible()                # a form that could do nothing
        assert pg.locator(".tp-card").count() == 48                       # a full page of cards, without the script
        pg.locator(".tp-pages a[rel=next]").click()
        assert pg.url.endswith("/talent/page/2/index.html") and pg.locator(".tp-offline-note").is_visible()
        pg.goto((offline_copy / "shortlist" / "index.html").as_uri())
        assert "The shortlist needs the online site" in pg.locator(".tp-offline-note").inner_text()


def test_online_the_offline_note_is_not_shown(browser, sample_site):
    with browser_page(browser) as pg:
        pg.goto(f"{sample_site.url}/talent/")
        assert pg.locator(".tp-offline-note").count() == 1 and not pg.locator(".tp-offline-note").is_visible()
        assert pg.locator("#tp-filters").is_visible()
