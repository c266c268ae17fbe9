"""render.py: contributed text is untrusted. Payloads in every Markdown and URL field, and in
plain text fields, must not become script, event handlers or javascript:/data: URLs."""

import json
import re
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from build_scripts import pages, sanitise
from build_scripts.build import build_site
from build_scripts.sanitise import sanitise_markdown, safe_url
from conftest import TODAY
from sitefixtures import person

MARKDOWN_PAYLOADS = [
    "<script>alert('md1')</script>",
    "<img src=x onerror=alert('md2')>",
    "[click](javascript:alert('md3'))",
    "[click](JaVaScRiPt:alert('md4'))",
    "[click]( javascript:alert('md5'))",
    '<a href="data:text/html,<script>alert(\'md6\')</script>">x</a>',
    "<svg onload=alert('md7')>",
    '<iframe src="https://evil.example/md8"></iframe>',
    "![img](javascript:alert('md9'))",
    "<div style=\"background:url(javascript:alert('md10'))\">x</div>",
    '[x](https://ok.example "t\\" onmouseover=\\"alert(\'md11\')")',
    "<details open ontoggle=alert('md12')>x</details>",
    "[x](vbscript:msgbox('md13'))",
    '<a href="&#106;avascript:alert(\'md14\')">x</a>',
    "<form action=javascript:alert('md15')><button>x</button></form>",
    "<object data=\"data:text/html,md16\"></object>",
]
# Links that break out of an attribute with a quote or start a tag: the one URL rule refuses them, so
# they never pass the check (the profile is left out) and never become a link.
URL_PAYLOADS = ['https://example.org/"><script>alert(1)</script>', "https://example.org/x?a=<svg/onload=alert(2)>",
                'https://example.org/" onmouseover="alert(3)']
# Links the rule accepts (an apostrophe is a legal URL character): they reach the page, inert, as an escaped href.
ACCEPTED_URL_PAYLOADS = ["https://example.org/'onmouseover='alert(4)'", "https://example.org/#'-alert(5)-'",
                         "https://example.org/x?'autofocus'onfocus='alert(6)"]


def yaml_str(text: str) -> str:
    return json.dumps(text)   # a JSON string is a valid YAML double-quoted scalar


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("xss")
    profiles = root / "profiles"
    profiles.mkdir()
    summary = "\n\n".join(MARKDOWN_PAYLOADS + ["[fine](https://ok.example)"])
    text = person("xss-probe", "<b onmouseover=alert('name')>Xavier</b>", "UTC", ["Python"], [("en", "C1")], "available")
    text = text.replace("summary: Hello, I test.\n", f"summary: {yaml_str(summary)}\n")
    text = text.replace("headline: Tester of things", "headline: \"<img src=x onerror=alert('head')>\"")
    text += "experience:\n  - title: \"<script>alert('title')</script>\"\n    organisation: X\n    start: 2024-01\n"
    text += f"    summary: {yaml_str(chr(10).join(MARKDOWN_PAYLOADS[:8]))}\n"
    text += f"  - title: T2\n    organisation: Y\n    start: 2023-01\n    summary: {yaml_str(chr(10).join(MARKDOWN_PAYLOADS[8:]))}\n"
    text += "portfolio:\n" + "".join(f"  - title: P{i}\n    url: {yaml_str(u)}\n    description: \"<script>d</script>\"\n"
                                     for i, u in enumerate(ACCEPTED_URL_PAYLOADS))
    text += "certificates:\n" + "".join(f"  - name: C{i}\n    issuer: I\n    date: 2024-01\n    url: {yaml_str(u)}\n"
                                        for i, u in enumerate(ACCEPTED_URL_PAYLOADS))
    text += "links:\n" + "".join(f"  {k}: {yaml_str(u)}\n" for k, u in zip(("linkedin", "github", "website"), ACCEPTED_URL_PAYLOADS))
    (profiles / "xss-probe.yaml").write_text(text)
    lines = []
    assert build_site(root / "site", today=TODAY, profiles_dir=profiles, log=lines.append) == 0
    assert "1 published" in "\n".join(lines), lines    # the payloads passed validation: the test is not vacuous
    return root / "site"


class Audit(HTMLParser):
    def __init__(self):
        super().__init__()
        self.scripts, self.events, self.bad_urls, self.frames = [], [], [], []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self._in_script = True
            self.scripts.append(dict(attrs).get("src") or "")
        if tag in ("iframe", "object", "embed", "form"):   # (svg: the theme's icons; handlers are checked below)
            self.frames.append(tag)
        for name, value in attrs:
            if name.startswith("on"):
                self.events.append((tag, name, value))
            if name in ("href", "src", "action", "formaction", "data", "srcset", "xlink:href", "style") and value:
                if re.search(r"(javascript|vbscript|data):", re.sub(r"\s", "", value), re.I):
                    self.bad_urls.append((tag, name, value))

    def handle_data(self, data):
        if self._in_script and re.search(r"alert\(|msgbox", data):
            self.scripts.append("INLINE PAYLOAD: " + data[:80])

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False


def test_built_pages_carry_no_payload(site):
    page = site / "talent" / "xss-probe" / "index.html"
    assert page.exists()
    for path in site.rglob("*.html"):
        audit = Audit()
        audit.feed(path.read_text())
        assert audit.events == [], path
        assert audit.bad_urls == [], path
        assert [s for s in audit.scripts if s.startswith("INLINE PAYLOAD")] == [], path
        own = [s for s in audit.scripts if s and not re.search(r"assets/(portal|javascripts)/", s)]
        assert own == [], path
        if path == page:
            assert audit.frames == []


def test_text_fields_are_escaped_not_dropped(site):
    html = (site / "talent" / "xss-probe" / "index.html").read_text()
    assert "&lt;b onmouseover=alert(&#39;name&#39;)&gt;Xavier&lt;/b&gt;" in html
    assert "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;" in html


def test_links_in_markdown_carry_rel(site):
    html = (site / "talent" / "xss-probe" / "index.html").read_text()
    assert 'href="https://ok.example"' in html
    for a in re.findall(r"<a [^>]*href=\"https://ok\.example\"[^>]*>", html):
        assert 'rel="nofollow ugc noopener"' in a


def test_links_with_quotes_or_tags_are_refused_by_the_check_and_the_page(tmp_path):
    from build_scripts.validate import validate_paths

    text = person("url-probe", "Uma Url", "UTC", ["Python"], [("en", "C1")], "available")
    text += "portfolio:\n" + "".join(f"  - title: P{i}\n    url: {yaml_str(u)}\n" for i, u in enumerate(URL_PAYLOADS))
    (tmp_path / "url-probe.yaml").write_text(text)
    problems = validate_paths([tmp_path / "url-probe.yaml"], root=tmp_path, today=TODAY).problems
    assert [p.where for p in problems] == [f"portfolio[{i}].url" for i in range(len(URL_PAYLOADS))]
    assert not any(safe_url(u) for u in URL_PAYLOADS)


def test_accepted_links_reach_the_page_escaped(site):
    html = (site / "talent" / "xss-probe" / "index.html").read_text()
    assert 'href="https://example.org/&#39;onmouseover=&#39;alert(4)&#39;"' in html
    assert "onmouseover='alert" not in html and "onfocus='alert" not in html


def test_json_outputs_keep_payloads_as_inert_strings(site):
    cards = json.loads((site / "talent" / "cards.json").read_text())
    assert cards["people"][0][1] == "<b onmouseover=alert('name')>Xavier</b>"
    resume = json.loads((site / "talent" / "xss-probe" / "resume.json").read_text())
    assert all(safe_url(p.get("url", "")) or "url" not in p for p in resume["projects"])


@pytest.mark.parametrize("payload", MARKDOWN_PAYLOADS)
def test_sanitiser_on_each_payload(payload):
    html = sanitise_markdown(payload)
    audit = Audit()
    audit.feed(html)
    assert audit.events == [] and audit.bad_urls == [] and audit.scripts == [] and audit.frames == []


def test_sanitiser_keeps_ordinary_markdown():
    html = sanitise_markdown("**Bold** and *it*\n\n- one\n- [site](https://example.org)\n\n# Big")
    assert "<strong>Bold</strong>" in html and "<em>it</em>" in html and "<li>one</li>" in html
    assert '<a href="https://example.org" rel="nofollow ugc noopener">site</a>' in html
    assert "<h3>Big</h3>" in html and "<h1>" not in html


@pytest.mark.parametrize("url,ok", [("https://example.org/a?b=c#d", True), ("http://example.org", False),
                                    ("javascript:alert(1)", False), ("https://example.org/\"x", False),
                                    ("https://exa mple.org", False), (None, False), ("//evil.example", False)])
def test_safe_url(url, ok):
    assert bool(safe_url(url)) is ok


def test_tracks_are_verified_only_by_the_registry(tmp_path):
    from dataclasses import replace

    from build_scripts.config import load_config
    from build_scripts.render import render_profile_pages
    from build_scripts.select import Published
    from build_scripts.vocab import load_vocabulary

    vocab = replace(load_vocabulary(), verified_tracks={"amal-h": ("someone-else", frozenset({"data-analysis"}))})
    data = {"name": "Amal H.", "headline": "Dev", "summary": "Hi", "skills": [{"name": "Python", "level": "expert"}],
            "languages": [{"code": "ar", "level": "native"}], "timezone": "Asia/Amman",
            "availability": {"status": "available", "hours_per_week": 20, "engagement": ["freelance"]},
            "tracks": ["web-development", "data-analysis"]}
    # select() decided what is verified (same id and same login): render shows that, and only that
    render_profile_pages([Published("amal-h", "profiles/amal-h.yaml", data, frozenset({"web-development"}))],
                         tmp_path, load_config(), vocab, tmp_path)
    page = (tmp_path / "talent" / "amal-h.md").read_text()
    assert "Web development <span class=\"tp-badge tp-badge--verified\">Completed · verified by the programme</span>" in page
    assert "Data analysis <span class=\"tp-badge\">self-reported</span>" in page
    assert 'og:' not in page   # preview tags come from the theme, tested on the built page


def test_profile_pages_carry_preview_card_tags(site):
    html = (site / "talent" / "xss-probe" / "index.html").read_text()
    for prop in ("og:title", "og:description", "og:image", "og:url"):
        assert f'property="{prop}"' in html
    assert 'content="profile"' in html and "assets/portal/og-card.png" in html
    assert (site / "assets" / "portal" / "og-card.png").stat().st_size > 1000


# Letters, digits, spaces and newlines, and every character that means something to Markdown,
# HTML or the sanitiser, so that texts near the edge of "plain" come up often.
_EDGY = st.text(st.sampled_from(list("ab Z9 é,.;:?!'\"()/-\n\n\t\r#*_`[]<>&\\~|=+\u00a0\u2003\u2028\x00")), max_size=60)


@settings(max_examples=3000, deadline=None)
@given(_EDGY)
def test_plain_text_takes_the_short_way_to_the_same_html(text):
    if sanitise.is_plain(text):
        assert sanitise._plain_html(text) == sanitise._parsed_html(text)


def test_ordinary_prose_is_plain_and_markup_is_not():
    prose = "I build dashboards (Power BI, SQL) for NGOs.\nRemote since 2021!\n\nAvailable: 20 h/week; \"quotes\" too."
    assert sanitise.is_plain(prose)
    for text in ("- a list", "1. first", "**bold**", "a <b>tag</b>", "R&D", "line  \nbreak", "    code",
                 "Heading\n===", "see [x](https://a.example)", "tab\there"):
        assert not sanitise.is_plain(text), text


def profile_data(name="Amal H.", headline="Dev", **extra) -> dict:
    return {"name": name, "headline": headline, "summary": "Hi", "skills": [{"name": "Python", "level": "expert"}],
            "languages": [{"code": "ar", "level": "native"}], "timezone": "UTC+3",
            "availability": {"status": "available", "hours_per_week": 20, "engagement": ["freelance"]}, **extra}


def rendered_page(tmp_path, data, pid="amal-h") -> str:
    from build_scripts.config import load_config
    from build_scripts.render import render_profile_pages
    from build_scripts.select import Published
    from build_scripts.vocab import load_vocabulary

    render_profile_pages([Published(pid, f"profiles/{pid}.yaml", data)], tmp_path, load_config(), load_vocabulary(), tmp_path)
    return (tmp_path / "talent" / f"{pid}.md").read_text()


@pytest.mark.parametrize("name", ["Amal 🌟 H.", "Zoë \"Z\" O'Brien", "أمل ح.", "👩\u200d💻 Li 李", "A\\B: #1 - [x] {y}",
                                  "<b>Bold</b> & co", "Amal\u0085H.", "Amal\u2028H."])
def test_any_unicode_in_a_name_reaches_the_page_title_intact(tmp_path, name):
    import html

    from mkdocs.utils.meta import get_data

    page = rendered_page(tmp_path, profile_data(name=name, headline=name + " builds things"))
    body, meta = get_data(page)
    assert html.unescape(meta["title"]) == name             # MkDocs treats titles as HTML: escaped, then read back
    assert html.unescape(meta["description"]) == name + " builds things"
    assert body.lstrip().startswith("<article")


def test_the_edit_link_goes_to_the_contributor_help_not_the_file(tmp_path):
    from build_scripts.config import load_config

    page = rendered_page(tmp_path, profile_data())
    links = re.findall(r'<a href="([^"]*)"[^>]*>Edit this profile', page)
    assert links == ["../../contributing/profile/#edit-your-profile-with-a-form-without-git"]
    assert load_config().repository_url not in page and "profiles/amal-h.yaml" not in page and "/edit/" not in page


def test_every_name_render_uses_under_talent_is_a_reserved_id(tmp_path):
    from build_scripts.config import load_config
    from build_scripts.directory import PAGE_SIZE
    from build_scripts.render import render_profile_pages, render_shared
    from build_scripts.select import Published
    from build_scripts.validate import RESERVED_IDS
    from build_scripts.vocab import load_vocabulary

    people = [Published(f"person-{i}", f"profiles/person-{i}.yaml", profile_data()) for i in range(PAGE_SIZE + 1)]
    docs = tmp_path / "docs"
    (docs / "index.md").parent.mkdir(parents=True)
    (docs / "index.md").write_text("<!-- portal:snapshot -->")
    render_profile_pages(people, docs, load_config(), load_vocabulary(), tmp_path)
    render_shared(people, docs, load_config(), load_vocabulary())
    ids = {p.id for p in people}
    used = {path.name.split(".")[0] for path in (docs / "talent").iterdir()} - ids
    assert used and used <= RESERVED_IDS, used - RESERVED_IDS


# --- one URL rule: what the check lets through is what the page links to ---------------------------

# Each passes the check and the renderer, or neither: an apostrophe, a query or fragment without a path;
# quotes, angle brackets, spaces, user@host, control and direction-changing characters.
URLS = ["https://example.org/work/it's-mine", "https://example.org?ref=cv", "https://example.org#work",
        "https://example.org/Côte_d'Ivoire", "https://example.org/a%20b", "https://medium.com/@amal/post",
        'https://example.org/a"b', "https://example.org/<x>", "https://example.org/`x`", "https://exa mple.org",
        "https://example.org/a\\b", "http://example.org", "https://user@example.org/", "https://example.org/\x00",
        "https://example.org/\u202egpj.exe", "https://example.org/\u200bx", "HTTPS://example.org", "https://"]


@pytest.mark.parametrize("url", URLS)
def test_the_check_and_the_page_share_one_url_rule(url):
    from build_scripts.schema import FORMATS

    assert FORMATS["https-url"](url) is bool(safe_url(url))


@settings(max_examples=2000, deadline=None)
@given(st.text(st.sampled_from(list("ab.-:/?#@%'\"<>`\\ é9\t\u202e{}|^")), max_size=25))
def test_the_check_and_the_page_agree_on_any_url(tail):
    from build_scripts.schema import FORMATS

    url = "https://" + tail
    assert FORMATS["https-url"](url) is bool(safe_url(url)), url


def test_a_link_that_passes_the_check_is_on_the_page(tmp_path):
    from build_scripts.validate import validate_paths

    url = "https://example.org/work/it's-mine"
    text = person("link-keeper", "Lina Link", "Asia/Amman", ["Python"], [("ar", "native")], "available")
    (tmp_path / "link-keeper.yaml").write_text(text + f"portfolio:\n  - title: My shop\n    url: \"{url}\"\n")
    assert validate_paths([tmp_path / "link-keeper.yaml"], root=tmp_path, today=TODAY).problems == []
    page = rendered_page(tmp_path, profile_data(portfolio=[{"title": "My shop", "url": url}]))
    assert 'href="https://example.org/work/it&#39;s-mine"' in page


# --- what cards, profiles and the home page say ---------------------------------------------------

def shared_pages(tmp_path, people, today=TODAY):
    """render_shared and render_profile_pages on `people`; returns the staging docs folder."""
    from build_scripts.config import load_config
    from build_scripts.render import render_profile_pages, render_shared
    from build_scripts.vocab import load_vocabulary

    docs = tmp_path / "docs"
    docs.mkdir(exist_ok=True)
    (docs / "index.md").write_text("<!-- portal:snapshot -->")
    render_profile_pages(people, docs, load_config(), load_vocabulary(), tmp_path, today=today)
    render_shared(people, docs, load_config(), load_vocabulary(), today=today)
    return docs


def published(pid, **fields):
    from build_scripts.select import Published

    verified = fields.pop("verified", frozenset())
    return Published(pid, f"profiles/{pid}.yaml", profile_data(**fields), verified)


def cards_by_id(docs) -> dict:
    index = json.loads((docs / "talent" / "cards.json").read_text())
    return {row[0]: dict(zip(index["columns"], row)) for row in index["people"]}


def card_html(docs, pid) -> str:
    page = (docs / "talent" / "index.md").read_text()
    match = re.search(rf'<li class="tp-card" data-id="{pid}">.*?</li>', page, re.S)
    assert match, pid
    return match.group()


def test_a_profile_without_working_hours_shows_none(tmp_path):
    docs = shared_pages(tmp_path, [published("no-hours", name="Noor No-Hours"),
                                   published("has-hours", name="Hadi Hours", working_hours={"start": "07:30", "end": "15:30"})])
    cards = cards_by_id(docs)
    assert (cards["no-hours"]["start"], cards["no-hours"]["end"]) == (None, None)
    assert (cards["has-hours"]["start"], cards["has-hours"]["end"]) == (450, 930)
    assert "works" not in card_html(docs, "no-hours") and ":00" not in card_html(docs, "no-hours")
    assert "works 07:30–15:30" in re.sub("<[^>]+>", "", card_html(docs, "has-hours"))
    assert "works" not in (docs / "talent" / "no-hours.md").read_text().split("</ul>")[0]


@pytest.mark.parametrize("status,says", [("unavailable", "Available from 28 April 2027"),
                                         ("available", "Available from 28 April 2027"),
                                         ("open", "Open to offers, can start 28 April 2027")])
def test_availability_reads_forwards_with_the_date_in_words(tmp_path, status, says):
    avail = {"status": status, "hours_per_week": 20, "engagement": ["freelance"], "from": "2027-04-28"}
    docs = shared_pages(tmp_path, [published("later-on", availability=avail)])
    assert says in card_html(docs, "later-on")
    profile = (docs / "talent" / "later-on.md").read_text()
    assert says in profile and "2027-04-28" not in profile and "Not available from" not in profile
    assert cards_by_id(docs)["later-on"]["from"] == "2027-04-28"          # the card index keeps the date to compare


def test_a_start_date_that_has_passed_no_longer_shows(tmp_path):
    avail = {"status": "available", "hours_per_week": 20, "engagement": ["freelance"], "from": "2026-03-01"}
    docs = shared_pages(tmp_path, [published("since-march", availability=avail)])
    assert ">Available now<" in card_html(docs, "since-march")


def test_labels_and_enums_come_from_the_schema(tmp_path):
    from build_scripts.schema import profile_schema

    status = profile_schema()["properties"]["availability"]["properties"]["status"]
    docs = shared_pages(tmp_path, [published("amal-h")])
    index = json.loads((docs / "talent" / "cards.json").read_text())
    assert index["status"] == status["enum"] and index["status_labels"] == status["x-labels"]
    assert index["columns"][:2] == ["id", "name"] and len(index["columns"]) == len(index["people"][0])
    page = (docs / "talent" / "index.md").read_text()
    for value, label in status["x-labels"].items():
        assert f'<option value="{value}">{label}</option>' in page


def test_the_card_is_one_template_for_the_server_and_the_script(tmp_path):
    docs = shared_pages(tmp_path, [published("amal-h")])
    page = (docs / "talent" / "index.md").read_text()
    template = re.search(r'<template id="tp-card-template">(.*?)</template>', page, re.S)
    assert template, "directory page 1 carries the card template"
    slots = lambda html: sorted(re.findall(r'data-(?:slot|part)="([a-z_]+)"', html))
    assert set(slots(card_html(docs, "amal-h"))) <= set(slots(template.group(1)))
    script = (pages.TEMPLATES.parent / "overrides" / "assets" / "portal" / "directory.js").read_text()
    assert "directory.js" in page and "\"tp-card\"" not in script and "class: \"tp-card" not in script   # no card of its own


def test_a_track_is_completed_only_when_the_registry_says_so(tmp_path):
    summary = "I completed the Data analysis track with top marks."
    docs = shared_pages(tmp_path, [published("amal-h", tracks=["web-development", "data-analysis"], summary=summary,
                                             verified=frozenset({"web-development"}))])
    page = (docs / "talent" / "amal-h.md").read_text()
    tracks = page.split('<ul class="tp-tracks">')[1].split("</ul>")[0]
    web, data = [li for li in tracks.split("<li>")[1:]]
    assert "Web development" in web and "Completed" in web and "verified by the programme" in web
    assert "Data analysis" in data and "self-reported" in data and "ompleted" not in data
    assert "Completed with the programme" in card_html(docs, "amal-h") and "Data analysis" not in card_html(docs, "amal-h")


def test_trust_marks_come_with_a_legend_and_a_link_to_how_people_are_assessed(tmp_path):
    docs = shared_pages(tmp_path, [published("amal-h", tracks=["web-development", "data-analysis"],
                                             verified=frozenset({"web-development"})),
                                   published("bashar-k", tracks=["web-development"])])
    profile = (docs / "talent" / "amal-h.md").read_text()
    directory = (docs / "talent" / "index.md").read_text()
    legend = lambda page: re.search(r'<(?:p|div|aside) class="tp-legend".*?</(?:p|div|aside)>', page, re.S).group()  # noqa: E731
    assert "Skill levels are self-assessed" in profile
    for page in (profile, directory):
        assert "verified by the programme" in legend(page) and "self-reported" in legend(page).lower()
        assert "data-pagefind-ignore" in legend(page) or page is directory
    # a profile's legend explains the marks it shows, no others
    unconfirmed = legend((docs / "talent" / "bashar-k.md").read_text())
    assert "Self-reported" in unconfirmed and "verified by the programme" not in unconfirmed
    assert 'href="../../about/#how-people-are-trained-and-assessed"' in profile
    assert 'href="../about/#how-people-are-trained-and-assessed"' in directory


def test_the_about_page_has_the_anchor_profiles_link_to():
    from markdown.extensions.toc import slugify

    about = (pages.TEMPLATES.parents[1] / "docs" / "about.md").read_text()
    headings = [slugify(h, "-") for h in re.findall(r"^## (.+)$", about, re.M)]
    assert "how-people-are-trained-and-assessed" in headings


def test_languages_name_their_level_and_dates_read_in_words(tmp_path):
    docs = shared_pages(tmp_path, [published(
        "amal-h", languages=[{"code": "ar", "level": "native"}, {"code": "en", "level": "C1"}], updated="2026-05-01",
        experience=[{"title": "Developer", "organisation": "Self-employed", "start": "2024-03"}],
        certificates=[{"name": "Data", "issuer": "Coursera", "date": "2023-05"}])])
    page = (docs / "talent" / "amal-h.md").read_text()
    assert "English <span class=\"tp-level\" data-pagefind-ignore>C1 (advanced)</span>" in page
    assert "March 2024 – now" in page and "May 2023" in page and "1 May 2026" in page


def test_unfinished_studies_are_explained_in_the_persons_words(tmp_path):
    docs = shared_pages(tmp_path, [published("amal-h", education=[
        {"title": "BSc Computer Science", "institution": "University of Aleppo", "year": 2014, "completed": False,
         "note": "Final year interrupted by the war"},
        {"title": "Diploma", "institution": "College", "completed": False}])])
    page = (docs / "talent" / "amal-h.md").read_text()
    first, second = page.split('<ul class="tp-education">')[1].split("</ul>")[0].split("<li>")[1:]
    assert "Not completed" in first and "Final year interrupted by the war" in first
    assert "Not completed" in second


def test_home_counts_match_what_it_lists(tmp_path):
    later = {"status": "available", "hours_per_week": 20, "engagement": ["freelance"], "from": "2099-01-01"}
    people = [published(f"p-{i}", timezone=tz) for i, tz in enumerate(
        ["Asia/Amman", "Asia/Baghdad", "UTC+3", "Africa/Nairobi", "Asia/Kolkata", "UTC-5", "America/Bogota",
         "Asia/Tokyo", "UTC", "Europe/London"])] + [published("later", availability=later)]
    docs = shared_pages(tmp_path, people)
    home = (docs / "index.md").read_text()
    zones = re.search(r"<strong>(\d+)</strong> time zones", home).group(1)
    listed = re.search(r"<h3>Time zones</h3>.*?<ul>(.*?)</ul>", home, re.S).group(1)
    assert int(zones) == listed.count("<li>") == 6        # UTC+3, UTC+5:30, UTC-5, UTC+9, UTC, UTC+1 (London in June)
    assert re.search(r"<strong>10</strong> available now", home)   # not the one who starts in 2099
    counts = [int(n) for n in re.findall(r'<span class="tp-n">(\d+)</span>', home)]
    assert counts and max(counts) <= len(people)        # each list counts people, never a person twice


# --- golden files: what people see, reviewed as a diff ----------------------------------------------
# Refresh after an intended change with:  UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_render.py -k golden
GOLDEN = pages.TEMPLATES.parents[1] / "tests" / "golden"
GOLDEN_FILES = ["index.md", "talent/index.md", "talent/cards.json", "talent/amal-h.md", "talent/bashar-k.md",
                "contributing/fields.md", "contributing/problem-codes.md", "impact/index.md", "impact/method.md",
                "snapshot.md"]


def golden_people():
    amal = published(
        "amal-h", name="Amal H.", headline="Front-end developer: accessible sites for NGOs", timezone="Asia/Amman",
        working_hours={"start": "08:00", "end": "16:00"}, country="JO", updated="2026-05-01",
        skills=[{"name": "JavaScript", "level": "advanced", "years": 4}, {"name": "CSS", "level": "expert", "years": 6}],
        languages=[{"code": "ar", "level": "native"}, {"code": "en", "level": "C1"}, {"code": "ar-SY", "level": "C2"}],
        availability={"status": "available", "hours_per_week": 30, "engagement": ["part-time", "freelance"]},
        tracks=["web-development", "data-analysis"], verified=frozenset({"web-development"}),
        experience=[{"title": "Web developer", "organisation": "Self-employed", "start": "2023-05", "remote": True}],
        education=[{"title": "BSc Computer Science", "institution": "University of Aleppo", "year": 2014,
                    "completed": False, "note": "Final year interrupted by the war"}],
        certificates=[{"name": "Responsive Web Design", "issuer": "freeCodeCamp", "date": "2023-02",
                       "url": "https://example.org/cert/amal's"}],
        portfolio=[{"title": "Clinic booking site", "url": "https://example.org/clinic", "description": "Booking in Arabic."}],
        links={"github": "https://github.com/amal-h"})
    bashar = published(
        "bashar-k", name="Bashar K.", headline="Arabic-English subtitler", timezone="UTC+3",
        skills=[{"name": "Subtitling", "level": "intermediate"}], languages=[{"code": "ar", "level": "native"}],
        availability={"status": "available", "hours_per_week": 10, "engagement": ["freelance"], "from": "2027-04-28"})
    chen = published(
        "chen-n", name="Chen N.", headline="Data analyst", timezone="Africa/Nairobi",
        working_hours={"start": "09:00", "end": "17:00"},
        availability={"status": "open", "hours_per_week": 20, "engagement": ["full-time"]})
    return [amal, bashar, chen]


def test_rendered_pages_match_the_golden_files(tmp_path):
    import os

    from build_scripts.config import load_config
    from build_scripts.impact import render_impact
    from build_scripts.vocab import load_vocabulary

    docs = shared_pages(tmp_path, golden_people())
    config, vocab = load_config(), load_vocabulary()
    assert render_impact(docs, pages.environment(config, vocab), config, tmp_path / "micro", log=lambda *_: None) == []
    stale = []
    for name in GOLDEN_FILES:
        # the QR code and the charts are tested on their own: here they would be screenfuls of path data
        text = re.sub(r"<svg\b.*?</svg>", "<svg><!-- picture --></svg>", (docs / name).read_text(), flags=re.S)
        if name.endswith(".json"):      # one key a line, one person a line
            data, dump = json.loads(text), lambda v: json.dumps(v, ensure_ascii=False)
            lines = [f" {dump(k)}: {dump(v)}" for k, v in data.items() if k != "people"]
            text = "{\n" + ",\n".join(lines + [' "people": [\n' + ",\n".join(f"  {dump(r)}" for r in data["people"]) + "\n ]"]) + "\n}\n"
            assert json.loads(text) == data
        golden = GOLDEN / name
        if os.environ.get("UPDATE_GOLDEN"):
            golden.parent.mkdir(parents=True, exist_ok=True)
            golden.write_text(text)
        elif not golden.exists() or golden.read_text() != text:
            stale.append(name)
    assert not stale, f"{stale} differ from tests/golden/: review the change, then refresh (see above)"


def test_every_enum_the_site_shows_has_a_label_in_the_schema():
    from build_scripts import cards

    for values, labels in ((cards.STATUS, cards.STATUS_LABELS), (cards.STATUS, cards.STATUS_FROM_LABELS),
                           (cards.ENGAGEMENT, cards.ENGAGEMENT_LABELS), (cards.CEFR, cards.CEFR_LABELS)):
        assert list(labels) == values
    assert all("{date}" in label for label in cards.STATUS_FROM_LABELS.values())


@pytest.mark.parametrize("tz,label", [("Africa/Nairobi", "Nairobi, UTC+3"), ("Asia/Kolkata", "Kolkata, UTC+5:30"),
                                      ("Europe/Berlin", "Berlin, UTC+1 (UTC+2 in summer)"),
                                      ("America/Santiago", "Santiago, UTC-4 (UTC-3 in summer)"),
                                      ("America/Argentina/Buenos_Aires", "Buenos Aires, UTC-3"),
                                      ("UTC+3", "UTC+3"), ("UTC", "UTC")])
def test_time_zones_read_as_a_place_and_its_offsets(tz, label):
    from build_scripts.cards import zone_label

    assert zone_label(tz, TODAY) == label


@pytest.mark.parametrize("text", ["[Email me](mailto:noor@example.org)", "Write to <noor@example.org>",
                                  "<mailto:noor@example.org>", "[Call me](tel:+962791234567)",
                                  "[Text](sms:+962791234567)"])
def test_sanitiser_drops_contact_links(text):
    # a second line of defence: validate refuses contact details (P033); the page never links them
    html = sanitise_markdown(text)
    assert "href" not in html, html


def test_a_skill_used_for_under_a_year_reads_in_months(tmp_path):
    docs = shared_pages(tmp_path, [published(
        "amal-h", skills=[{"name": "Python", "level": "beginner", "years": 0.5},
                          {"name": "CSS", "level": "advanced", "years": 1}, {"name": "SQL", "level": "advanced", "years": 3}])])
    page = (docs / "talent" / "amal-h.md").read_text()
    assert "· 6 months" in page and "· 1 yr<" in page and "· 3 yrs" in page and "0.5" not in page
