"""Sharing: share links, preview tags with absolute addresses, the shared guides' own preview images and
printed addresses, the talent snapshot, and the offline copy (its links, and no one it must not hold),
checked on what the build writes. In a browser: test_sharing_browser.py."""

from __future__ import annotations

import json
import re
import zipfile
from html import unescape
from pathlib import Path, PurePosixPath
from urllib.parse import parse_qs, urlparse

import pytest
import zxingcpp
from PIL import Image

from build_scripts import offline, sharing
from build_scripts.cards import long_date
from build_scripts.build import build_site
from build_scripts.config import load_config
from build_scripts.images import share_card
from build_scripts.pages import environment
from build_scripts.vocab import load_vocabulary
from conftest import ROOT, TODAY, run_cli
from sitefixtures import WITHHELD, every_file, person, write_profiles
from test_qr import raster

CONFIG = load_config()
SITE_URL = CONFIG.site_url.rstrip("/") + "/"
GENERIC = SITE_URL + "assets/portal/og-card.png"
# planted in the profiles whose consent has ended: no file of the site or of the offline copy may hold them
CANARIES = {pid: f"Canary{pid.title().replace('-', '')}7741" for pid in WITHHELD}


# --- the data step: shared hand-written pages and the snapshot ------------------------------------

def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


@pytest.fixture
def staged(tmp_path):
    docs = tmp_path / "docs"
    write(docs / "employers" / "paying.md", "---\ntitle: Paying people in Jordan, Lebanon and Iraq\n"
          "description: Which payment services work where.\nshare: true\n---\n# Paying people\n\nText.\n")
    write(docs / "employers" / "index.md", "---\nshare: true\n---\n# Hiring, step by step { #top }\n\nText.\n")
    write(docs / "about.md", "---\ntitle: About\n---\n# About\n")
    # profiles and stories print their own address and (stories) name their own image: left as they are
    write(docs / "talent" / "someone.md", "---\nshare: true\n---\n<article>x</article>\n")
    write(docs / "stories" / "a-story.md", '---\nshare: true\nog_image: stories/a-story/preview.png\n---\n'
          '<aside class="tp-print-ref">its own</aside>\n')
    return docs


def qr_in(page: str) -> list[str]:
    svg = re.search(r'<div class="tp-qr" aria-hidden="true">(<svg.*?</svg>)</div>', page, re.S).group(1)
    return [r.text for r in zxingcpp.read_barcodes(raster(svg))]


def test_a_shared_guide_gets_its_own_preview_image_and_its_address_for_paper(staged):
    vocab = load_vocabulary()
    before = {p: p.read_text() for p in [staged / "about.md", staged / "talent" / "someone.md",
                                         staged / "stories" / "a-story.md"]}
    sharing.render_sharing([], staged, environment(CONFIG, vocab), CONFIG, vocab, TODAY)
    paying = (staged / "employers" / "paying.md").read_text()
    assert sharing.front_matter(paying)["og_image"] == "assets/portal/og/employers-paying.png"
    assert qr_in(paying) == [SITE_URL + "employers/paying/"]
    assert "Read this page online:" in paying and paying.index("Text.") < paying.index('class="tp-print-ref"')
    index = (staged / "employers" / "index.md").read_text()
    assert sharing.front_matter(index)["og_image"] == "assets/portal/og/employers.png"
    assert qr_in(index) == [SITE_URL + "employers/"]
    cards = [staged / "assets" / "portal" / "og" / name for name in ("employers-paying.png", "employers.png")]
    for card in cards + [staged / "assets" / "portal" / "og-card.png"]:
        with Image.open(card) as im:
            assert im.size == (1200, 630)
    assert cards[0].read_bytes() != cards[1].read_bytes()          # each guide's own title
    assert {p: p.read_text() for p in before} == before
    assert (staged / "snapshot.md").exists()


def test_a_page_without_a_title_in_its_front_matter_takes_its_heading():
    assert sharing.page_title({}, "---\nshare: true\n---\n# Hiring, step by step { #top }\n") == "Hiring, step by step"
    assert sharing.page_title({"title": "Paying"}, "# Other\n") == "Paying"


@pytest.mark.parametrize("rel, url", [("employers/paying.md", "employers/paying/"), ("employers/index.md", "employers/"),
                                      ("index.md", ""), ("about.md", "about/")])
def test_a_page_address_is_the_one_mkdocs_gives_it(rel, url):
    assert sharing.page_url(PurePosixPath(rel)) == url


def test_a_long_title_wraps_on_the_card_and_stays_inside_it(tmp_path):
    target = tmp_path / "card.png"
    share_card("Reading a CV with unfamiliar education, refugee status and gaps in it, and what to ask "
                       "about each of them when you meet the person", CONFIG.programme_name, target)
    with Image.open(target) as im:
        assert im.size == (1200, 630)
        right = im.crop((1150, 0, 1200, 630)).getcolors()        # nothing drawn past the right margin
        assert right == [(50 * 630, (0, 105, 92))]


# --- the offline copy's links ---------------------------------------------------------------------

@pytest.mark.parametrize("href, on_disk", [
    ("talent/", "talent/index.html"), ("../../about/#how-people", "../../about/index.html#how-people"),
    ("talent/?skill=C%23", "talent/index.html?skill=C%23"), (".", "./index.html"), ("./", "./index.html"),
    ("..", "../index.html"), ("../..", "../../index.html"), ("resume.json", "resume.json"),
    ("photo.webp", "photo.webp"), ("#top", "#top"), ("?ids=a,b", "?ids=a,b"), ("", ""),
    ("https://example.org/x/", "https://example.org/x/"), ("mailto:talent@example.org", "mailto:talent@example.org"),
    ("//example.org/x/", "//example.org/x/"), ("/talent/", "/talent/")])
def test_a_link_names_its_file_on_disk(href, on_disk):
    assert offline.disk_link(href) == on_disk


def test_only_link_attributes_are_rewritten():
    html = '<a href="talent/">T</a><form action="../"></form><div data-href="x/" title=" href=y/"></div>'
    assert offline.disk_page(html) == ('<a href="talent/index.html">T</a><form action="../index.html"></form>'
                                       '<div data-href="x/" title=" href=y/"></div>')


# --- a built site -----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def site(built_fixture_site):
    return built_fixture_site


def pages(site: Path):
    for path in sorted(site.rglob("*.html")):
        yield path, path.read_text(encoding="utf-8")


def metas(html: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for key, value in re.findall(r'<meta (?:property|name)="([^"]+)" content="([^"]*)"', html):
        found.setdefault(key, []).append(unescape(value))
    return found


def canonical(html: str) -> str:
    return re.search(r'<link rel="canonical" href="([^"]+)"', html).group(1)


def test_every_preview_address_is_absolute_https_and_the_image_is_in_the_site(site):
    checked = 0
    for path, html in pages(site):
        tags = metas(html)
        assert len(tags.get("description", [])) == 1, path          # Material's or ours, never both
        for key in [k for k in tags if k.startswith(("og:", "twitter:")) and k.endswith(("url", "image"))]:
            for url in tags[key]:
                parsed = urlparse(url)
                assert parsed.scheme == "https" and parsed.netloc, (path, key, url)
                checked += 1
        assert tags["og:image"] == tags["twitter:image"], path
        [image] = tags["og:image"]
        assert image.startswith(SITE_URL) and (site / image.removeprefix(SITE_URL)).is_file(), (path, image)
        if path.name != "404.html":
            assert tags["og:url"] == [canonical(html)], path
    assert checked > 3 * 20


def share_links(html: str) -> dict[str, str]:
    block = re.search(r'<p class="tp-share">.*?</p>', html, re.S)
    return {m[1]: unescape(m[0]) for m in re.findall(r'<a href="([^"]+)">([^<]+)</a>', block.group())} if block else {}


def shared_address(links: dict[str, str]) -> set[str]:
    """The address each share link carries."""
    wa, li, mail = (parse_qs(urlparse(links[k]).query) for k in ("WhatsApp", "LinkedIn", "Email"))
    return {wa["text"][0].rsplit(" ", 1)[1], li["url"][0], mail["body"][0]}


def test_every_profile_and_guide_has_share_links_carrying_its_own_address(site):
    shared = {path.relative_to(site).parent.as_posix(): html for path, html in pages(site) if share_links(html)}
    profiles = {p.parent.relative_to(site).as_posix() for p in site.glob("talent/*/index.html")} - {"talent/page"}
    guides = {p.parent.relative_to(site).as_posix() for p in site.glob("employers/**/index.html")}
    assert profiles and profiles <= set(shared) and guides and guides <= set(shared)
    for folder, html in shared.items():
        assert shared_address(share_links(html)) == {SITE_URL + folder + "/"} == {canonical(html)}, folder
        assert share_links(html)["LinkedIn"].startswith("https://www.linkedin.com/sharing/share-offsite/?url=")
        assert share_links(html)["WhatsApp"].startswith("https://wa.me/?text=")
        assert "/assets/portal/share.js" in html and 'data-tp-copy' in html
    for page in ("index.html", "talent/index.html", "shortlist/index.html", "about/index.html"):
        html = (site / page).read_text()
        assert not share_links(html) and "share.js" not in html, page


def test_a_name_with_an_apostrophe_reaches_the_share_links_as_written(tmp_path):
    # the title reaches MkDocs escaped ('&#39;'): the message and subject carry the name itself
    profiles = tmp_path / "profiles"
    write(profiles / "rami-o.yaml", person("rami-o", "Rami O'Neil", "UTC", ["Python"], [("en", "C1")], "available"))
    assert build_site(tmp_path / "site", today=TODAY, profiles_dir=profiles, log=lambda *_: None) == 0
    links = share_links((tmp_path / "site" / "talent" / "rami-o" / "index.html").read_text())
    assert parse_qs(urlparse(links["WhatsApp"]).query)["text"] == [f"Rami O'Neil {SITE_URL}talent/rami-o/"]
    assert parse_qs(urlparse(links["Email"]).query)["subject"] == ["Rami O'Neil"]


def test_guides_have_their_own_preview_image_and_profiles_the_generic_one(site):
    for path in site.glob("employers/**/index.html"):
        [image] = metas(path.read_text())["og:image"]
        assert image != GENERIC and image.startswith(SITE_URL + "assets/portal/og/"), path
    for path in site.glob("talent/*-*/index.html"):
        assert metas(path.read_text())["og:image"] == [GENERIC], path


def test_share_links_and_their_script_stay_small(site):
    html = (site / "talent" / "baghdad-translator" / "index.html").read_text()
    block = re.search(r'<p class="tp-share">.*?</p>', html, re.S).group()
    assert len(block.encode()) < 600
    assert (site / "assets" / "portal" / "share.js").stat().st_size < 1600


def snapshot_figures(html: str) -> list[tuple[str, str]]:
    stats = re.search(r'<ul class="tp-stats">.*?</ul>', html, re.S).group()
    return re.findall(r"<li><strong>(\d+)</strong> ([^<]+)</li>", stats)


def test_the_snapshot_counts_the_published_people_as_the_home_page_does(site):
    snap = (site / "snapshot" / "index.html").read_text()
    home = (site / "index.html").read_text()
    cards = json.loads((site / "talent" / "cards.json").read_text())
    assert snapshot_figures(snap) == snapshot_figures(home)
    assert snapshot_figures(snap)[0] == (str(len(cards["people"])), "people in the directory")
    assert qr_in(snap) == [SITE_URL + "talent/"]
    for name in ("Top skills", "Working languages", "Availability", "Time zones", "How to hire", CONFIG.contact_email):
        assert name in snap
    nav = re.search(r'<nav class="tp-nav".*?</nav>', snap, re.S).group()
    assert "snapshot" not in nav                                    # printed for events, not a section
    assert 'href="snapshot/"' in home


def test_withheld_people_are_in_no_built_file(site):
    everything = "\n".join(text for _, text in every_file(site))
    assert "Neema Nairobi" in everything
    for pid in WITHHELD:
        assert f"Token {pid.upper()}" not in everything


# --- the offline copy -------------------------------------------------------------------------------

def plant(profiles: Path) -> None:
    for pid, canary in CANARIES.items():
        f = profiles / f"{pid}.yaml"
        f.write_text(f.read_text().replace("summary: Hello, I test.\n", f"summary: {canary} writes here.\n"))


# A story whose consent is current, and the same story expired and withdrawn, with a canary each.
STORY_CONSENT = "  given: 2026-05-02\n  expires: 2028-05-01\n"
STORY_CANARIES = {"story-expired": ("  given: 2024-05-02\n  expires: 2026-05-01\n", "CanaryStoryExpired3307"),
                  "story-withdrawn": (STORY_CONSENT + "  withdrawn: 2026-06-01\n", "CanaryStoryWithdrawn3308")}


def plant_stories(stories: Path) -> None:
    sample = (ROOT / "stories" / "rania-translator.md").read_text()
    assert STORY_CONSENT in sample
    write(stories / "story-now.md", sample)
    for sid, (consent, canary) in STORY_CANARIES.items():
        write(stories / f"{sid}.md", sample.replace(STORY_CONSENT, consent) + f"\n{canary} was here.\n")


def make_offline_copy(root: Path) -> Path:
    """The offline zip the command writes from the fixture people (withheld ones planted), unzipped."""
    profiles = write_profiles(root)
    plant(profiles)
    plant_stories(root / "stories")
    out = root / "copy" / "portal-offline.zip"
    r = run_cli("offline", "--profiles", str(profiles), "--out", str(out), "--today", TODAY.isoformat())
    assert r.returncode == 0, r.stdout + r.stderr
    assert "portal-offline/index.html" in r.stdout and "Stories: 3 read, 1 published" in r.stdout, r.stdout
    with zipfile.ZipFile(out) as z:
        assert {n.split("/", 1)[0] for n in z.namelist()} == {"portal-offline"}
        z.extractall(root / "unzipped")
    return root / "unzipped" / "portal-offline"


@pytest.fixture(scope="module")
def offline_copy(tmp_path_factory):
    return make_offline_copy(tmp_path_factory.mktemp("offline"))


def test_the_offline_copy_holds_no_file_of_an_expired_or_withdrawn_profile(offline_copy):
    files = list(every_file(offline_copy))
    everything = "\n".join(text for _, text in files)
    assert "Neema Nairobi" in everything and (offline_copy / "talent" / "nairobi-dev" / "index.html").is_file()
    for pid, canary in CANARIES.items():
        assert canary not in everything and f"Token {pid.upper()}" not in everything, pid
        assert not [p for p, _ in files if pid in p.as_posix()], pid
    assert (offline_copy / "stories" / "story-now" / "index.html").is_file()
    for sid, (_, canary) in STORY_CANARIES.items():
        assert canary not in everything and not [p for p, _ in files if sid in p.as_posix()], sid


def test_every_link_in_the_offline_copy_names_a_file_that_is_there(offline_copy):
    checked = 0
    for path, html in pages(offline_copy):
        for href in re.findall(r'\s(?:href|action)="([^"]*)"', html):
            target = re.match(r"[^?#]*", href).group()
            if not target or re.match(r"[a-z][a-z0-9+.-]*:|/", target):
                continue
            assert not target.endswith("/"), (path, href)          # a folder opens nothing from disk
            if target.endswith("index.html"):
                assert (path.parent / target).resolve().is_file(), (path, href)
                checked += 1
    assert checked > 100


def test_every_page_of_the_offline_copy_says_when_it_was_made_and_to_delete_it(offline_copy):
    # people may withdraw after the event: a copy on a laptop must not pass for the current site
    pages_ = list(pages(offline_copy))
    assert len(pages_) > 20
    for path, html in pages_:
        body = html.split("<body", 1)[1]
        assert body.count('class="tp-offline-banner"') == 1, path
        assert f"Offline copy made on {long_date(TODAY.isoformat())}" in body and "delete this copy after the event" in body


def test_the_offline_copy_is_the_site_built_today(offline_copy):
    root = offline_copy.parent.parent                      # the profiles and stories it was made from
    assert build_site(root / "site", today=TODAY, profiles_dir=root / "profiles", log=lambda *_: None) == 0
    ours = {p.relative_to(offline_copy).as_posix() for p in offline_copy.rglob("*") if p.is_file()}
    built = {p.relative_to(root / "site").as_posix() for p in (root / "site").rglob("*") if p.is_file()}
    assert ours == built


def test_the_snapshot_and_a_shared_guide_are_valid_html(site):
    from test_html_valid import THEIRS, check

    files = [site / "snapshot" / "index.html", site / "employers" / "index.html", site / "talent" / "index.html"]
    ours = [f"{m['url'].rsplit('/', 3)[-3:]}: {m['message']}" for m in check(files) if not m["message"].startswith(THEIRS)]
    assert not ours, "\n".join(ours)
