"""render.py: contributed text is untrusted. Payloads in every Markdown and URL field, and in
plain text fields, must not become script, event handlers or javascript:/data: URLs."""

import json
import re
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from build_scripts import render
from build_scripts.build import build_site
from build_scripts.render import sanitise_markdown, safe_url
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
URL_PAYLOADS = ['https://example.org/"><script>alert(1)</script>', "https://example.org/x?a=<svg/onload=alert(2)>",
                "https://example.org/'onmouseover='alert(3)'"]


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
                                     for i, u in enumerate(URL_PAYLOADS))
    text += "certificates:\n" + "".join(f"  - name: C{i}\n    issuer: I\n    date: 2024-01\n    url: {yaml_str(u)}\n"
                                        for i, u in enumerate(URL_PAYLOADS))
    text += f"links:\n  linkedin: {yaml_str(URL_PAYLOADS[0])}\n  github: {yaml_str(URL_PAYLOADS[1])}\n  website: {yaml_str(URL_PAYLOADS[2])}\n"
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


def test_unsafe_urls_become_no_link(site):
    html = (site / "talent" / "xss-probe" / "index.html").read_text()
    assert "example.org/&#34;&gt;" not in html and 'href="https://example.org/"' not in html
    assert ">P0<" not in html.replace("\n", "")   # titles stay, without a link
    assert "P0" in html


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
    assert "Web development <span class=\"tp-badge tp-badge--verified\">verified by the programme</span>" in page
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
    if render.is_plain(text):
        assert render._plain_html(text) == render._parsed_html(text)


def test_ordinary_prose_is_plain_and_markup_is_not():
    prose = "I build dashboards (Power BI, SQL) for NGOs.\nRemote since 2021!\n\nAvailable: 20 h/week; \"quotes\" too."
    assert render.is_plain(prose)
    for text in ("- a list", "1. first", "**bold**", "a <b>tag</b>", "R&D", "line  \nbreak", "    code",
                 "Heading\n===", "see [x](https://a.example)", "tab\there"):
        assert not render.is_plain(text), text


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
    assert links == ["../../contributing/profile/#edit-your-profile"]
    assert load_config().repository_url not in page and "profiles/amal-h.yaml" not in page and "/edit/" not in page


def test_every_name_render_uses_under_talent_is_a_reserved_id(tmp_path):
    from build_scripts.config import load_config
    from build_scripts.render import PAGE_SIZE, render_profile_pages, render_shared
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
