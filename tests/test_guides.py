"""The employer guides (docs/employers/): each is dated, says near the top that it is not legal or
tax advice, links an https source wherever it names a platform, country or law, and ends with the
programme's contact; the downloads are raw Markdown, marked "a starting point, not legal advice",
and offered as plain text. The old guide's address (hiring/) says where it moved.

The first tests read the Markdown as MkDocs renders it (the extensions of mkdocs.yml); the last ones
build the site and open the pages in Chromium.
"""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from urllib.parse import quote, urljoin

import markdown
import pytest
import yaml

from build_scripts.clock import consent_today
from conftest import ROOT, SiteServer, browser_page

GUIDES_DIR = ROOT / "docs" / "employers"
GUIDES = sorted(GUIDES_DIR.glob("*.md"))
DOWNLOADS = {"sample-services-agreement.txt": "sample-services-agreement.md", "trial-task-brief.txt": "trial-task-brief.md"}
REVIEWED = re.compile(r"^Last reviewed: (\d{4}-\d{2}-\d{2})$", re.M)
# A paragraph, list item or table row naming one of these states a fact about a platform, a
# country or a law, and must link its source. Case matters: "Remote" the company, not "remote work".
NAMED = re.compile(r"\b(?:Upwork|Fiverr|Deel|Remote|Wise|Payoneer|PayPal|Western Union|MoneyGram|SWIFT"
                   r"|Jordan\w*|Leban\w*|Iraq\w*|Syria\w*|Kurdistan|Gaza|Egypt\w*|Turk\w*"
                   r"|UNHCR|ILO|OFAC|OFSI|GDPR|Labour Law|Convention|Regulation|Recommendation)\b")
CONTACT = "<!-- portal:contact -->"


def split(path) -> tuple[dict, str]:
    """(front matter, Markdown body) of a hand-written page."""
    _, head, body = path.read_text(encoding="utf-8").split("---\n", 2)
    return yaml.safe_load(head), body


def render(text: str) -> str:
    """Markdown to HTML with the extensions mkdocs.yml lists, as the site renders it."""
    names, configs = [], {}
    for ext in yaml.safe_load((ROOT / "mkdocs.yml").read_text())["markdown_extensions"]:
        name, config = next(iter(ext.items())) if isinstance(ext, dict) else (ext, {})
        names.append(name)
        configs[name] = config or {}
    return markdown.markdown(text, extensions=names, extension_configs=configs)


class Blocks(HTMLParser):
    """Each paragraph, list item and table row of a page, with its own text and links: what sits in
    a nested block (a paragraph inside a list item, an inner list) belongs to that block only."""

    UNITS = {"p", "li", "tr", "dt", "dd"}

    def __init__(self, html: str):
        super().__init__()
        self.open, self.blocks, self.anchors = [], [], []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if tag in self.UNITS:
            self.open.append({"text": "", "links": []})
        elif tag == "a":
            self.anchors.append(dict(attrs))
            if self.open:
                self.open[-1]["links"].append(dict(attrs).get("href") or "")

    def handle_endtag(self, tag):
        if tag in self.UNITS and self.open:
            self.blocks.append(self.open.pop())

    def handle_data(self, data):
        if self.open:
            self.open[-1]["text"] += data


def unsourced(markdown_text: str) -> list[str]:
    """The blocks that name a platform, country or law without an https link of their own."""
    return [" ".join(b["text"].split())[:90] for b in Blocks(render(markdown_text)).blocks
            if NAMED.search(b["text"]) and not any(h.startswith("https://") for h in b["links"])]


def test_there_are_the_guides_the_nav_lists():
    nav = yaml.safe_load((ROOT / "mkdocs.yml").read_text())["nav"]
    [section] = [item["Employers"] for item in nav if isinstance(item, dict) and "Employers" in item]
    listed = [next(iter(entry.values())) for entry in section]
    assert listed[0] == "employers/index.md"
    assert sorted(listed) == sorted(f"employers/{p.name}" for p in GUIDES)
    assert {p.stem for p in GUIDES} >= {"index", "contracting", "paying", "reading-cvs", "onboarding",
                                         "partnership-models", "faq"}


@pytest.mark.parametrize("guide", GUIDES, ids=lambda p: p.stem)
def test_a_guide_is_dated_and_says_it_is_not_advice_before_its_first_section(guide):
    _, body = split(guide)
    top = body.split("\n## ", 1)[0]
    [reviewed] = REVIEWED.findall(body)
    assert REVIEWED.search(top), "the review date comes before the first section"
    day = dt.date.fromisoformat(reviewed)
    assert day <= consent_today(), f"reviewed on {day}, a day that has not come anywhere yet"
    assert consent_today() - day <= dt.timedelta(days=365), f"last reviewed {day}: review it again"
    assert '!!! warning "Not legal or tax advice"' in top


@pytest.mark.parametrize("guide", GUIDES, ids=lambda p: p.stem)
def test_a_guide_has_a_title_a_one_sentence_description_and_share_links(guide):
    meta, _ = split(guide)
    assert meta["title"] and meta["share"] is True
    description = meta["description"]
    assert description.endswith(".") and not re.search(r"[.!?] [A-Z]", description), description
    # MkDocs and the theme write both into HTML attributes as they are: a quote would end the attribute
    assert not re.search(r'["<>&]', meta["title"] + description)
    assert 50 <= len(description) <= 300


@pytest.mark.parametrize("guide", GUIDES, ids=lambda p: p.stem)
def test_every_claim_naming_a_platform_country_or_law_links_an_https_source(guide):
    _, body = split(guide)
    assert unsourced(body) == []


@pytest.mark.parametrize("guide", GUIDES, ids=lambda p: p.stem)
def test_every_link_is_https_relative_or_mail(guide):
    _, body = split(guide)
    hrefs = [a.get("href") or "" for a in Blocks(render(body)).anchors]
    assert [h for h in hrefs if ":" in h.split("/")[0] and not h.startswith(("https://", "mailto:"))] == []


def test_the_source_check_finds_a_claim_without_its_source():
    assert unsourced("Upwork charges clients a fee.\n") == ["Upwork charges clients a fee."]
    assert unsourced("[Upwork](https://www.upwork.com/pricing/client) charges clients a fee.\n") == []
    assert unsourced("See [our guide](paying.md) about Lebanon.\n") == ["See our guide about Lebanon."]
    assert unsourced("| Route | Cost |\n|---|---|\n| Deel | a monthly fee |\n") == ["Deel a monthly fee"]
    # a list item's link does not source the inner item that names a country
    nested = "- Banks [differ](https://example.org/banks):\n    - in Iraq, dollars may be paid in dinars\n"
    assert unsourced(nested) == ["in Iraq, dollars may be paid in dinars"]
    assert unsourced("Remote work needs clear tasks.\n") == ["Remote work needs clear tasks."]   # strict on purpose
    assert unsourced("remote work needs clear tasks; work otherwise.\n") == []


@pytest.mark.parametrize("guide", GUIDES, ids=lambda p: p.stem)
def test_a_guide_ends_with_the_programmes_contact(guide):
    text = guide.read_text(encoding="utf-8")
    assert text.count(CONTACT) == 1 and CONTACT in text.rstrip().splitlines()[-1]


def test_the_downloads_are_raw_markdown_marked_as_a_starting_point_and_linked():
    folder = GUIDES_DIR / "downloads"
    assert sorted(p.name for p in folder.iterdir()) == sorted(DOWNLOADS)    # no .md there: MkDocs would make it a page
    linked = [a for g in GUIDES for a in Blocks(render(split(g)[1])).anchors if "downloads/" in (a.get("href") or "")]
    for name in DOWNLOADS:
        text = (folder / name).read_bytes().decode("ascii")        # ASCII: reads right whatever charset a host sends
        assert text.startswith("# ") and "A starting point, not legal advice." in "\n".join(text.splitlines()[:4])
        assert any(a["href"] == f"downloads/{name}" for a in linked), f"{name} is linked from no guide"
    assert linked and all(a.get("download") == DOWNLOADS[a["href"].split("/")[-1]] for a in linked)


def test_nothing_links_to_the_old_hiring_page_which_is_only_a_pointer_kept_out_of_the_nav():
    places = [ROOT / "docs", ROOT / "build_scripts" / "templates", ROOT / "build_scripts" / "overrides"]
    stale = [str(p.relative_to(ROOT)) for d in places for p in d.rglob("*") if p.is_file()
             and p.suffix in (".md", ".j2", ".html", ".js", ".yml", ".yaml")
             and re.search(r"""["'(/]hiring/""", p.read_text(encoding="utf-8", errors="replace"))]
    assert stale == []
    assert sorted(p.name for p in (ROOT / "docs" / "hiring").iterdir()) == ["index.md"]
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text())
    assert "hiring/index.md" not in str(config["nav"]) and "/hiring/index.md" in config["not_in_nav"].split()
    _, body = split(ROOT / "docs" / "hiring" / "index.md")
    assert "moved" in body.splitlines()[0] and "](../employers/index.md)" in body


@pytest.mark.parametrize("guide", GUIDES, ids=lambda p: p.stem)
def test_a_guides_title_is_its_heading(guide):
    # the share links, the preview card and the browser tab all use the title: one name per guide
    meta, body = split(guide)
    assert body.lstrip().splitlines()[0] == f"# {meta['title']}"


def test_the_downloads_are_offered_as_plain_text_not_as_markdown():
    # "Markdown" means nothing to most hiring managers: a guide names it only to explain the signs in the files
    texts = [" ".join(b["text"].split()) for g in GUIDES for b in Blocks(render(split(g)[1])).blocks]
    assert [t for t in texts if "Markdown" in t.replace("(Markdown formatting)", "")] == []
    assert any("plain text" in t and "editor" in t for t in texts)


def test_wherever_a_guide_offers_full_time_employment_it_says_it_needs_the_right_to_work():
    # an employer of record can employ only someone who may work where they live; for refugees that is limited
    offers = [b for g in GUIDES for b in Blocks(render(split(g)[1])).blocks
              if "employer of record" in b["text"].lower()
              and re.search(r"full[- ]time|employs? (the person|someone)", " ".join(b["text"].split()), re.I)]
    assert len(offers) >= 3        # the contracting summary, the FAQ's answer, the step-by-step page
    assert [" ".join(b["text"].split())[:90] for b in offers if "right to work" not in b["text"]
            and not any(h.endswith("#refugees-right-to-work-where-they-live") for h in b["links"])] == []


def test_each_country_note_says_what_usually_works():
    _, body = split(GUIDES_DIR / "paying.md")
    notes = body.split("\n## Country notes\n", 1)[1].split("\n## ", 1)[0].split("\n### ")[1:]
    assert [n.splitlines()[0] for n in notes] == ["Jordan", "Lebanon", "Iraq", "Online alumni elsewhere"]
    for note in notes:
        works = [b for b in Blocks(render(note.split("\n", 1)[1])).blocks if b["text"].startswith("What usually works.")]
        assert len(works) == 1 and any(h.startswith("https://") for h in works[0]["links"]), note.splitlines()[0]


def test_no_link_opens_one_countrys_edition_of_a_payment_service():
    # a Berlin reader sent to the Latvian Western Union site learns the wrong fees and limits
    hrefs = [a.get("href") or "" for g in GUIDES for a in Blocks(render(split(g)[1])).anchors]
    assert [h for h in hrefs if re.match(r"https://(www\.)?westernunion\.com/[a-z]{2}/[a-z]{2}/", h)] == []


# The built site: every guide is there with the contact filled in, its downloads come through
# byte for byte, and Chromium finds no accessibility violation and no sideways scrolling on a phone.

PAGES = {p.stem: "employers/" if p.stem == "index" else f"employers/{p.stem}/" for p in GUIDES}


@pytest.fixture(scope="module")
def site(built_fixture_site):
    return built_fixture_site


@pytest.fixture(scope="module")
def server(site):
    s = SiteServer(site)
    yield s
    s.close()


@pytest.mark.parametrize("stem", sorted(PAGES))
def test_each_guide_is_built_with_the_contact_filled_in(site, stem):
    html = (site / PAGES[stem] / "index.html").read_text(encoding="utf-8")
    assert 'href="mailto:talent@example.org"' in html and "we reply within two working days" in html
    assert "portal:contact" not in html and "Last reviewed: 2026-" in html
    page_url = "https://example.github.io/talent-portal/" + PAGES[stem]
    for a in Blocks(html).anchors:
        if a.get("download"):
            target = urljoin(page_url, a["href"]).removeprefix("https://example.github.io/talent-portal/")
            assert (site / target).read_bytes() == (GUIDES_DIR / "downloads" / target.split("/")[-1]).read_bytes()


@pytest.mark.parametrize("stem", sorted(PAGES))
def test_a_guide_is_shared_under_its_own_title(site, stem):
    # the nav's short label ("Paying across borders") replaces page.title: the share text must not use it
    html = (site / PAGES[stem] / "index.html").read_text(encoding="utf-8")
    title, url = split(GUIDES_DIR / f"{stem}.md")[0]["title"], "https://example.github.io/talent-portal/" + PAGES[stem]
    block = re.search(r'<p class="tp-share">.*?</p>', html, re.S).group()
    links = {a.get("href") for a in Blocks(block).anchors}
    assert f"https://wa.me/?text={quote(title + ' ' + url)}" in links
    assert f"mailto:?subject={quote(title)}&body={quote(url)}" in links


def test_the_old_hiring_address_points_to_the_employer_guides(site):
    root = "https://example.github.io/talent-portal/"
    html = (site / "hiring" / "index.html").read_text(encoding="utf-8")
    main = html.split('<article', 1)[1].split('</article>', 1)[0]
    targets = {urljoin(root + "hiring/", a["href"]) for a in Blocks(main).anchors if a.get("href")}
    assert root + "employers/" in targets and "This guide moved" in main


@pytest.mark.parametrize("stem", sorted(PAGES))
def test_every_link_within_the_site_leads_to_a_page_and_its_section(site, stem):
    root = "https://example.github.io/talent-portal/"
    html = (site / PAGES[stem] / "index.html").read_text(encoding="utf-8")
    broken = []
    for a in Blocks(html).anchors:
        url = urljoin(root + PAGES[stem], a.get("href") or "")
        if not url.startswith(root) or a.get("download"):
            continue
        path, _, fragment = url.removeprefix(root).partition("#")
        target = site / path / "index.html" if not path or path.endswith("/") else site / path
        if not target.is_file() or (fragment and f'id="{fragment}"' not in target.read_text(encoding="utf-8")):
            broken.append(a["href"])
    assert broken == []


AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


@pytest.mark.browser
@pytest.mark.parametrize("viewport", [{"width": 1366, "height": 900}, {"width": 390, "height": 844}], ids=["desktop", "phone"])
@pytest.mark.parametrize("stem", sorted(PAGES))
def test_a_guide_has_no_accessibility_violations_and_no_sideways_scrolling(browser, server, stem, viewport):
    with browser_page(browser, viewport=viewport) as pg:
        pg.goto(f"{server.url}/{PAGES[stem]}")
        assert pg.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        pg.add_script_tag(path=str(AXE))
        result = pg.evaluate("axe.run(document, {resultTypes: ['violations']})")
        assert [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]] == []
        assert pg.errors == []


@pytest.mark.browser
def test_a_download_saves_the_markdown_under_its_md_name_without_javascript(browser, server):
    with browser_page(browser, java_script_enabled=False, accept_downloads=True) as pg:
        pg.goto(f"{server.url}/employers/")
        for name, saved_as in DOWNLOADS.items():
            with pg.expect_download() as download:
                pg.locator(f'.md-content a[href$="{name}"]').first.click()
            assert download.value.suggested_filename == saved_as
            assert open(download.value.path(), "rb").read() == (GUIDES_DIR / "downloads" / name).read_bytes()
