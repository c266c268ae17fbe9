"""Stories: checked like profiles (one failing fixture per S-code, at its line in the .md file), published
only with current consent and only where its scope allows (web: a page; social: the feed and a preview
image; print: on paper), each with the figure of the published outcomes table, or none where it is hidden."""

from __future__ import annotations

import html
import io
import os
import re
from pathlib import Path

import pytest

from build_scripts.config import load_config
from build_scripts.images import synthetic_photo
from build_scripts.problems import CODES
from build_scripts.select import Selection, Published
from build_scripts.select_stories import select_stories
from build_scripts.stories import BODY_MAX, check_stories, check_story
from build_scripts.story_figures import PublishedTable, published_table, story_figure
from build_scripts.story_pages import render_stories
from build_scripts.vocab import load_vocabulary
from conftest import FIXTURES, ROOT, TODAY, run_cli

STORIES = FIXTURES / "stories"                 # a checkout: stories/ (and its photos/), profiles/
FIXTURE_FILES = sorted((STORIES / "stories").glob("*.md"))
VOCAB = load_vocabulary()
CONFIG = load_config()
# A valid story: the S004 fixture with its one problem fixed.
BASE = (STORIES / "stories" / "s004-story-bad-value.md").read_text().replace("cohort: 2024-C", "cohort: 2024-B")


def expectation(path: Path) -> tuple[str, int, int]:
    second = path.read_text(encoding="utf-8", errors="replace").split("\n")[1]
    m = re.fullmatch(r"# expect: ([A-Z][0-9]{3}) ([0-9]+):([0-9]+)", second)
    assert m, f"{path.name}: its second line must be '# expect: CODE line:col'"
    return m.group(1), int(m.group(2)), int(m.group(3))


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=lambda p: p.stem)
def test_fixture_reports_exactly_its_code_at_its_line_in_the_file(path):
    code, line, col = expectation(path)
    story = check_story(path, VOCAB, TODAY, STORIES)
    assert [(p.code, p.line, p.col) for p in story.doc.problems] == [(code, line, col)]
    assert story.doc.problems[0].text().startswith(f"stories/{path.name}:{line}:{col}: {code} ")


def test_every_story_code_has_a_fixture():
    covered = {expectation(p)[0] for p in FIXTURE_FILES}
    assert {c for c in CODES if c.startswith("S")} - covered == set(), "add a failing fixture for each of these codes"


def write_story(root: Path, sid: str, *replacements: tuple[str, str], body: str | None = None) -> Path:
    """root/stories/<sid>.md: the valid story, changed as given."""
    text = BASE
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new)
    if body is not None:
        text = text.split("\n---\n")[0] + "\n---\n" + body
    path = root / "stories" / f"{sid}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_the_valid_story_has_no_problems(tmp_path):
    assert check_story(write_story(tmp_path, "fine"), VOCAB, TODAY, tmp_path).doc.problems == []


def test_every_problem_of_a_story_is_collected_in_one_pass(tmp_path):
    path = write_story(tmp_path, "many", ("site: jordan", "site: syria"), ("track: web-development", "track: web-dev"),
                       ("scope: [web, social, print]", "scope: [web, twitter]"),
                       body="Call her on +962 79 123 4567.\n\n![me](https://example.org/me.jpg)\n")
    problems = check_story(path, VOCAB, TODAY, tmp_path).doc.problems
    assert sorted((p.code, p.line) for p in problems) == [("S005", 10), ("S005", 11), ("S005", 16), ("S008", 21),
                                                          ("S014", 19)]
    assert "did you mean 'web-development'?" in next(p.message for p in problems if p.line == 10)


# --- characters: what a name shows is what it says, and every page and the feed can hold it -----------
# Written as YAML escapes in double quotes (the loader refuses them written raw), as an attacker would.
FIELD_LINES = {"title": 3, "person": 4, "quote": 5, "role": 6, "organisation": 7}
ORIGINAL = {"title": "Hired after the programme", "person": "Test P.", "quote": "Words of my own.", "role": "Tester",
            "organisation": "Example Org (invented)"}


@pytest.mark.parametrize("field, escaped, shown", [
    ("title", r"\x01", "U+0001"), ("title", r"\f", "U+000C"), ("title", r"\uFFFE", "U+FFFE"),
    ("person", r"\u202e", "U+202E"), ("quote", r"\x85", "U+0085"), ("role", r"\u200b", "U+200B"),
    ("organisation", r"\u3164", "U+3164"), ("organisation", r"\uFDD0", "U+FDD0"), ("person", r"\U0010FFFF", "U+10FFFF")])
def test_a_hidden_or_unwritable_character_in_a_story_s_words_is_refused_at_its_field(tmp_path, field, escaped, shown):
    value = ORIGINAL[field]
    path = write_story(tmp_path, "hostile", (f"{field}: {value}\n", f'{field}: "{value[:3]}{escaped}{value[3:]}"\n'))
    problems = check_story(path, VOCAB, TODAY, tmp_path).doc.problems
    assert [(p.code, p.line, p.col) for p in problems] == [("S017", FIELD_LINES[field], len(field) + 3)]
    assert f"character 4 is {shown}" in problems[0].message and problems[0].where == field


@pytest.mark.parametrize("field", list(ORIGINAL))
def test_a_blank_looking_story_field_is_refused_as_empty(tmp_path, field):
    path = write_story(tmp_path, "blank", (f"{field}: {ORIGINAL[field]}\n", f'{field}: " \\u3000 "\n'))
    assert [(p.code, p.line, p.message) for p in check_story(path, VOCAB, TODAY, tmp_path).doc.problems] == [
        ("S003", FIELD_LINES[field], "is blank: it holds only spaces")]


def test_the_characters_people_write_their_names_with_are_kept(tmp_path):
    # Arabic with a zero-width non-joiner between letters, an emoji sequence, a tab-free CRLF body
    path = write_story(tmp_path, "written", ("person: Test P.", "person: \"\u0646\u200c\u0648\u0631 B.\""),
                       ("title: Hired after the programme", "title: Hired after the programme \U0001f469\u200d\U0001f4bb"),
                       body="First line.\r\nSecond line, with a tab\there.\r\n")
    assert check_story(path, VOCAB, TODAY, tmp_path).doc.problems == []


def test_a_character_no_page_can_hold_is_refused_anywhere_in_the_story_text_at_its_place(tmp_path):
    path = write_story(tmp_path, "body", body="The story.\n\nShe said \x01hello\x0c and \ufffe.\nAnd \U0001fffe.\n")
    problems = check_story(path, VOCAB, TODAY, tmp_path).doc.problems
    assert [(p.code, p.line, p.col) for p in problems] == [("S017", 21, 10), ("S017", 22, 5)]
    assert "character 10 of this line is U+0001" in problems[0].message
    assert "U+1FFFE" in problems[1].message


@pytest.mark.parametrize("char", "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
def test_a_direction_control_in_the_story_text_is_refused_at_its_line_and_column(tmp_path, char):
    # repro (issue #12): 'She earns <RLO>0051 USD' reads '1500' on the page, in the feed and on paper
    path = write_story(tmp_path, "direction", body=f"The story.\n\nShe earns {char}0051 USD a month, {char}twice.\n")
    problems = check_story(path, VOCAB, TODAY, tmp_path).doc.problems
    assert [(p.code, p.line, p.col) for p in problems] == [("S018", 21, 11)]
    assert problems[0].message.startswith(f"character 11 of this line is U+{ord(char):04X} (")


def test_validate_reports_a_direction_control_in_the_text_and_a_build_leaves_the_story_out(tmp_path):
    write_story(tmp_path, "direction", body="The story.\n\nShe earns \u202e0051 USD a month.\n")
    result = run_cli("validate", "--repo", str(tmp_path), "--today", TODAY.isoformat(), "stories/direction.md")
    assert result.returncode == 1, result.stdout + result.stderr
    assert ("stories/direction.md:21:11: S018 character 11 of this line is U+202E (right-to-left override), which "
            "reorders the text readers see") in result.stdout
    assert selected(tmp_path).published == []


def test_arabic_and_mixed_direction_story_text_stays_valid(tmp_path):
    # Arabic as people write it: direction marks (U+200F, U+200E, U+061C), a zero-width non-joiner between letters,
    # Arabic-Indic digits, an Arabic link text, and English with Arabic inside one line
    body = ("\u062a\u0639\u0645\u0644 \u0646\u0648\u0631 \u0627\u0644\u0622\u0646 \u0645\u062a\u0631\u062c\u0645\u0629 "
            "\u0639\u0646 \u0628\u064f\u0639\u062f \u0644\u0640\u0664\u0660 \u0639\u0645\u064a\u0644\u064b\u0627.\n\n"
            "She says \u200f\u0623\u0646\u0627 \u0623\u062a\u0631\u062c\u0645 \u0643\u0644 \u064a\u0648\u0645\u200f "
            "(\u061c\u0662\u0660\u0662\u0664\u200e), in [\u0645\u0648\u0642\u0639 \u0627\u0644\u0634\u0631\u0643\u0629]"
            "(https://example.org/ar).\n\n\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645\n")
    assert check_story(write_story(tmp_path, "arabic", body=body), VOCAB, TODAY, tmp_path).doc.problems == []


@pytest.mark.parametrize("name", ["--help.md", "-ab.md", "-9.md"])
def test_a_story_id_may_not_start_with_a_dash(tmp_path, name):
    # a tool could read the file name as an option; check-pr refuses it (O005), and so does validate now
    path = tmp_path / "stories" / name
    path.parent.mkdir()
    path.write_text(BASE, encoding="utf-8")
    assert [(p.code, p.line, p.col) for p in check_story(path, VOCAB, TODAY, tmp_path).doc.problems] == [("S010", 1, 1)]
    result = run_cli("validate", "--repo", str(tmp_path), "--today", TODAY.isoformat(), "--", f"stories/{name}")
    assert result.returncode == 1 and f"stories/{name}:1:1: S010 '{name}' is not a valid story file name" in result.stdout


def test_validate_reports_the_character_and_a_build_leaves_the_story_out(tmp_path):
    write_story(tmp_path, "hostile", ("title: Hired after the programme", r'title: "Hired\x01 after the programme"'))
    result = run_cli("validate", "--repo", str(tmp_path), "--today", TODAY.isoformat(), "stories/hostile.md")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "stories/hostile.md:3:8: S017 title: character 6 is U+0001 (control character)" in result.stdout
    assert selected(tmp_path).published == []


def test_a_story_with_a_character_no_page_can_hold_never_reaches_a_page_even_unchecked(tmp_path, monkeypatch):
    """Defence in depth: were the check to miss one, select leaves the story out and the feed still builds."""
    import build_scripts.stories
    from build_scripts.select_stories import PublishedStory
    from build_scripts.story_feed import write_feed

    monkeypatch.setattr(build_scripts.stories, "_character_problems", lambda *a: None)
    write_story(tmp_path, "fine")
    write_story(tmp_path, "hostile", ("title: Hired after the programme", r'title: "Hired\x01 after"'))
    write_story(tmp_path, "hostile-text", body="Text with \ufffe in it.\n")
    sel = selected(tmp_path)
    assert [s.id for s in sel.published] == ["fine"]
    assert sel.left_out == {"with characters no page can hold (run: python -m build_scripts validate)": 2}
    fine = sel.published[0]
    bad = PublishedStory("hostile", "stories/hostile.md", {**fine.data, "title": "Hired\x01 after"}, "", fine.scope)
    messages = write_feed([bad, fine], CONFIG, lambda s: "A story.", tmp_path / "feed.xml")
    assert messages == ["stories/hostile.md: left out of the feed: All strings must be XML compatible: Unicode or "
                        "ASCII, no NULL bytes or control characters"]
    assert b"stories/fine/" in (tmp_path / "feed.xml").read_bytes() and b"stories/hostile/" not in (
        tmp_path / "feed.xml").read_bytes()


def test_links_the_page_would_show_as_text_are_reported_where_they_are_written(tmp_path):
    """CommonMark leaves javascript: and data: links, and definitions of them, as text: the advocate is told."""
    body = ("Say [click](javascript:alert(1)) and [d](data:text/html;base64,PHNjcmlwdD4=).\n"
            "\n"
            "A [reference][plain] and <javascript:alert(2)> and [fine](https://example.org/ok).\n"
            "\n"
            "[plain]: http://example.org/plain\n"
            "[unused]: vbscript:msgbox\n"
            "[good]: https://example.org/good\n")
    path = write_story(tmp_path, "links", body=body)
    problems = check_story(path, VOCAB, TODAY, tmp_path).doc.problems
    assert [(p.code, p.line, p.col, p.message) for p in problems] == [
        ("S008", 19, 13, "'javascript:alert(1)' is not an https:// link"),
        ("S008", 19, 42, "'data:text/html;base64,PHNjcmlwdD4=' is not an https:// link"),
        ("S008", 21, 27, "'javascript:alert(2)' is not an https:// link"),
        ("S008", 23, 10, "'http://example.org/plain' is not an https:// link"),
        ("S008", 24, 11, "'vbscript:msgbox' is not an https:// link")]


def test_the_folder_refuses_what_is_not_a_story_and_photos_no_story_shows(tmp_path):
    write_story(tmp_path, "fine")
    (tmp_path / "stories" / "notes.txt").write_text("a stray file")
    (tmp_path / "stories" / "photos").mkdir()
    (tmp_path / "stories" / "photos" / "gone.jpg").write_bytes(synthetic_photo(3))
    checked = check_stories(tmp_path, VOCAB, TODAY)
    assert [(p.code, p.file) for p in checked.problems] == [("S010", "stories/notes.txt"), ("S013", "stories/photos/gone.jpg")]
    assert checked.checked == 3


def test_validate_checks_stories_and_fails_on_their_errors(tmp_path):
    write_story(tmp_path, "fine")
    write_story(tmp_path, "bad-cohort", ("cohort: 2024-B", "cohort: 2024-C"))
    result = run_cli("validate", "--repo", str(tmp_path), "--today", TODAY.isoformat())
    assert result.returncode == 1, result.stdout + result.stderr
    assert "stories/bad-cohort.md:9:9: S004 cohort: '2024-C' is not in the expected format" in result.stdout
    alone = run_cli("validate", "--repo", str(tmp_path), "--today", TODAY.isoformat(), "stories/fine.md")
    assert alone.returncode == 0 and "1 file checked" in alone.stdout, alone.stdout
    assert run_cli("validate", "--repo", str(tmp_path), "--today", TODAY.isoformat(), "stories/bad-cohort.md").returncode == 1


# --- select ------------------------------------------------------------------------------------------

def selected(tmp_path, *stories):
    for sid, *replacements in stories:
        write_story(tmp_path, sid, *replacements)
    return select_stories(check_stories(tmp_path, VOCAB, TODAY).stories, TODAY)


def test_a_story_is_published_only_with_current_consent_and_web_in_its_scope(tmp_path):
    sel = selected(tmp_path, ("all-three",), ("web-only", ("[web, social, print]", "[web]")),
                   ("expired", ("given: 2026-01-01", "given: 2024-06-20"), ("expires: 2027-12-31", "expires: 2026-06-15")),
                   ("withdrawn", ("  photo: false\n", "  photo: false\n  withdrawn:\n")),
                   ("no-web", ("[web, social, print]", "[social, print]")),
                   ("broken", ("site: jordan", "site: atlantis")))
    assert sorted((s.id, tuple(sorted(s.scope))) for s in sel.published) == [
        ("all-three", ("print", "social", "web")), ("web-only", ("web",))]
    assert sel.left_out == {"consent expired": 1, "consent withdrawn": 1, "without web in its consent scope": 1,
                            "with errors (run: python -m build_scripts validate)": 1}
    assert "consent" not in sel.published[0].data


def test_the_photo_leaves_select_only_with_its_consent(tmp_path):
    (tmp_path / "stories" / "photos").mkdir(parents=True)
    (tmp_path / "stories" / "photos" / "pictured.jpg").write_bytes(synthetic_photo(5))
    sel = selected(tmp_path, ("pictured", ("outcome: employed\n", "outcome: employed\nphoto: stories/photos/pictured.jpg\n"),
                              ("  photo: false", "  photo: true")))
    assert sel.published[0].data["photo"] == "stories/photos/pictured.jpg"


# --- figures from the published outcomes table -----------------------------------------------------------

ROW = {"breakdown": "", "cohort": "", "track": "", "site": "", "gender": ""}


def table(*rows: dict, synthetic: bool = False) -> PublishedTable:
    return PublishedTable([{**ROW, "months_after": 12, "enrolled": None, "reached": None, "in_work": None, **r}
                           for r in rows], synthetic)


def test_the_figure_is_the_published_cell_of_the_story_s_track():
    t = table({"breakdown": "track", "track": "web-development", "enrolled": 60, "reached": 41, "in_work": 23},
              {"breakdown": "cohort", "cohort": "2024-B", "enrolled": 90, "reached": 70, "in_work": 35},
              {"breakdown": "track", "track": "web-development", "months_after": 24, "reached": 30, "in_work": 20})
    figure = story_figure(t, "web-development", "2024-B", "Web development")
    assert figure.sentence == ("Of the 60 people who enrolled in the Web development track, 41 answered the outcome "
                               "survey 12 months after the programme; 23 of them were in work.")


@pytest.mark.parametrize("enrolled, reached, sentence", [
    (60, 41, "Of the 60 people who enrolled in the Web development track, 41 answered the outcome survey 12 months "
             "after the programme; 23 of them were in work."),
    (None, 41, "From the Web development track, 41 answered the outcome survey 12 months after the programme; 23 of "
               "them were in work."),
    (60, None, "Of the 60 people who enrolled in the Web development track, 23 answered the outcome survey 12 months "
               "after the programme and were in work; how many answered in all is not published."),
    (None, None, "From the Web development track, 23 answered the outcome survey 12 months after the programme and "
                 "were in work; how many answered in all is not published.")])
def test_the_figure_always_says_what_it_is_out_of_as_far_as_the_table_publishes_it(enrolled, reached, sentence):
    row = {"breakdown": "track", "track": "web-development", "enrolled": enrolled, "reached": reached, "in_work": 23}
    assert story_figure(table(row), "web-development", "2024-B", "Web development").sentence == sentence


def test_the_cohort_stands_in_where_the_track_cell_is_hidden_and_nothing_where_both_are():
    track_hidden = {"breakdown": "track", "track": "web-development", "enrolled": 60, "reached": 41, "in_work": None}
    cohort = {"breakdown": "cohort", "cohort": "2024-B", "enrolled": 90, "reached": None, "in_work": 35}
    assert story_figure(table(track_hidden, cohort), "web-development", "2024-B", "Web development",
                        "the July 2024 intake").sentence == (
        "Of the 90 people who enrolled in the July 2024 intake, 35 answered the outcome survey 12 months after the "
        "programme and were in work; how many answered in all is not published.")
    assert story_figure(table(track_hidden, {**cohort, "in_work": None}), "web-development", "2024-B", "Web development") is None
    assert story_figure(table(), "web-development", "2024-B", "Web development") is None
    assert story_figure(None, "web-development", "2024-B", "Web development") is None


def test_the_figure_reads_the_table_as_impact_publishes_it(tmp_path):
    from build_scripts.impact import COLUMNS, write_package
    rows = [{c: None for c in COLUMNS} | {"months_after": 12, "breakdown": "track", "track": "web-development",
                                          "enrolled": 60, "reached": None, "in_work": 7},
            {c: None for c in COLUMNS} | {"months_after": 12, "breakdown": "track", "track": "it-support",
                                          "enrolled": 50, "reached": 30, "in_work": None}]
    write_package(rows, tmp_path / "impact" / "data", 5, True, "2026-06-01", "method")
    published = published_table(tmp_path / "impact" / "data")
    assert published.synthetic is True
    assert story_figure(published, "web-development", "2030-A", "Web development").sentence == (
        "Of the 60 people who enrolled in the Web development track, 7 answered the outcome survey 12 months after "
        "the programme and were in work; how many answered in all is not published.")
    assert story_figure(published, "it-support", "2030-A", "IT support") is None     # hidden: never worked out


# --- rendering -----------------------------------------------------------------------------------------

def rendered(tmp_path, stories: list[tuple], profiles=("known-person",), outcomes: list[dict] | None = None) -> Path:
    """Stories written, checked, selected and rendered into tmp_path/docs (no MkDocs); the outcomes, if
    given, as impact would have written them."""
    (tmp_path / "profiles").mkdir(exist_ok=True)
    for pid in profiles:
        (tmp_path / "profiles" / f"{pid}.yaml").write_text("# a profile\n")
    sel = selected(tmp_path, *stories)
    docs = tmp_path / "docs"
    if outcomes is not None:
        from build_scripts.impact import COLUMNS, write_package
        write_package([{c: None for c in COLUMNS} | r for r in outcomes], docs / "impact" / "data", 5, False, "2026-06-01", "m")
    people = Selection([Published(pid, f"profiles/{pid}.yaml", {}) for pid in profiles])
    assert render_stories(sel, docs, CONFIG, VOCAB, tmp_path, people, docs / "impact" / "data") == []
    return docs


def front_matter(page: Path) -> str:
    return page.read_text().split("\n---\n")[0]


def test_without_social_a_story_has_no_preview_image_no_share_links_and_is_not_in_the_feed(tmp_path):
    import feedparser
    from PIL import Image

    docs = rendered(tmp_path, [("shared",), ("quiet", ("[web, social, print]", "[web, print]"))])
    assert "share: true" not in front_matter(docs / "stories" / "quiet.md")
    assert "og_image" not in front_matter(docs / "stories" / "quiet.md")
    assert not (docs / "stories" / "quiet" / "preview.png").exists()
    assert "share: true" in front_matter(docs / "stories" / "shared.md")
    assert "og_image: stories/shared/preview.png" in front_matter(docs / "stories" / "shared.md")
    assert Image.open(docs / "stories" / "shared" / "preview.png").size == (1200, 630)
    feed = feedparser.parse((docs / "stories" / "feed.xml").read_bytes())
    assert [e.link for e in feed.entries] == [CONFIG.site_url + "stories/shared/"]


def test_the_preview_image_shows_the_photo_only_with_its_consent(tmp_path):
    from PIL import Image

    (tmp_path / "stories" / "photos").mkdir(parents=True)
    (tmp_path / "stories" / "photos" / "pictured.jpg").write_bytes(synthetic_photo(8))
    docs = rendered(tmp_path, [("pictured", ("outcome: employed\n", "outcome: employed\nphoto: stories/photos/pictured.jpg\n"),
                                ("  photo: false", "  photo: true")), ("plain",)])
    # the plain card is the background colour where the photo would be; the pictured one is not
    corner = (200, 300)
    plain = Image.open(docs / "stories" / "plain" / "preview.png").convert("RGB").getpixel(corner)
    assert Image.open(docs / "stories" / "pictured" / "preview.png").convert("RGB").getpixel(corner) != plain
    assert (docs / "stories" / "pictured" / "photo.jpg").exists() and not (docs / "stories" / "plain" / "photo.jpg").exists()


def test_the_feed_is_valid_atom_with_absolute_addresses_and_unique_ids(tmp_path):
    import feedparser
    from lxml import etree

    docs = rendered(tmp_path, [("first", ("date: 2026-01-10", "date: 2026-03-01")), ("second",),
                               ("third", ("title: Hired after the programme", "title: Ünïcode & <markup> in a title"))])
    raw = (docs / "stories" / "feed.xml").read_bytes()
    feed = feedparser.parse(raw)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.id == CONFIG.site_url + "stories/" and feed.feed.title and feed.feed.updated
    assert feed.feed.author_detail.name == CONFIG.programme_name
    assert {link.rel: link.href for link in feed.feed.links} == {"alternate": CONFIG.site_url + "stories/",
                                                                 "self": CONFIG.site_url + "stories/feed.xml"}
    assert feed.feed.updated.startswith("2026-03-01")            # the newest story's date, not the build's
    ids = [e.id for e in feed.entries]
    assert len(ids) == len(set(ids)) == 3
    assert [e.title for e in feed.entries][0] == "Hired after the programme"     # newest first
    assert "Ünïcode & <markup> in a title" in [e.title for e in feed.entries]
    for e in feed.entries:
        assert e.updated and e.summary
        assert [(link.rel, link.href.startswith(CONFIG.site_url)) for link in e.links] == [("alternate", True)]
    atom = "{http://www.w3.org/2005/Atom}"
    root = etree.fromstring(raw)
    assert root.tag == f"{atom}feed"
    for entry in root.iter(f"{atom}entry"):            # what RFC 4287 requires of each entry
        assert {child.tag.removeprefix(atom) for child in entry} >= {"id", "title", "updated", "link"}


def test_a_story_links_its_profile_only_while_that_profile_is_published(tmp_path):
    docs = rendered(tmp_path, [("linked", ("person: Test P.\n", "person: Test P.\nprofile: known-person\n")),
                               ("unlinked", ("person: Test P.\n", "person: Test P.\nprofile: gone-person\n"))],
                    profiles=("known-person",))
    assert 'href="../../talent/known-person/"' in (docs / "stories" / "linked.md").read_text()
    # gone-person.yaml exists in the checkout (the check passes) but is not published
    (tmp_path / "profiles" / "gone-person.yaml").write_text("# a profile\n")
    docs = rendered(tmp_path, [("unlinked", ("person: Test P.\n", "person: Test P.\nprofile: gone-person\n"))],
                    profiles=("known-person",))
    assert "talent/gone-person" not in (docs / "stories" / "unlinked.md").read_text()


def test_the_page_shows_the_figure_of_the_published_table_and_none_when_it_is_hidden(tmp_path):
    cell = {"months_after": 12, "breakdown": "track", "track": "web-development", "enrolled": 60, "reached": 41}
    docs = rendered(tmp_path, [("counted",)], outcomes=[{**cell, "in_work": 23}])
    page = (docs / "stories" / "counted.md").read_text()
    assert ("<strong>From the programme's published outcomes:</strong> Of the 60 people who enrolled in the Web "
            "development track, 41 answered the outcome survey 12 months after the programme; 23 of them were in work."
            ) in page
    docs = rendered(tmp_path, [("counted",)], outcomes=[{**cell, "in_work": None}])
    assert "tp-story__figure" not in (docs / "stories" / "counted.md").read_text()


def test_filters_are_plain_links_with_counts_and_an_empty_one_is_plain_text_its_page_still_there(tmp_path):
    docs = rendered(tmp_path, [("one",), ("two", ("site: jordan", "site: online"), ("outcome: employed", "outcome: freelance"))])
    index = (docs / "stories" / "index.md").read_text()
    assert '<a href="track/web-development/">Web development</a> <span class="tp-n">(2)</span>' in index
    assert '<a href="site/online/">Online</a> <span class="tp-n">(1)</span>' in index
    assert '<span class="tp-story-filters__none">Promoted <span class="tp-n">(0)</span></span>' in index
    assert 'href="outcome/promoted/"' not in index
    assert "<script" not in index and "<form" not in index
    # after the intro, before the count and the cards, in a <details> (closed in the markup: CSS opens it wide)
    assert re.search(r"</p>\n<details class=\"tp-story-filters\">\n<summary>.*</details>\n<p class=\"tp-story-count\">",
                     index, flags=re.S)
    online = (docs / "stories" / "site" / "online.md").read_text()
    assert 'href="../../two/"' in online and 'href="../../one/"' not in online and "1 story" in online
    empty = html.unescape((docs / "stories" / "outcome" / "promoted.md").read_text())
    assert "No published stories with the outcome 'Promoted' yet." in empty and "tp-story-cards" not in empty
    assert '<a href="../../outcome/promoted/" aria-current="page"><strong>Promoted</strong></a>' in empty
    # every track, outcome and site has its page, with stories or not
    assert len(list((docs / "stories" / "track").glob("*.md"))) == len(VOCAB.tracks)


SCOPES = {"everywhere": "[web, social, print]", "no-print": "[web, social]", "no-social": "[web, print]",
          "web-only": "[web]"}


def test_cards_and_pages_say_what_the_consent_does_not_allow_and_cards_without_print_leave_paper(tmp_path):
    docs = rendered(tmp_path, [(sid, ("[web, social, print]", scope)) for sid, scope in SCOPES.items()])
    tags = {sid: re.findall(r'<p class="tp-badge tp-story-scope">([^<]*)</p>', (docs / "stories" / f"{sid}.md").read_text())
            for sid in SCOPES}
    assert tags == {"everywhere": [], "no-print": ["Not for print"], "no-social": ["Not for social media"],
                    "web-only": ["Online only"]}
    index = (docs / "stories" / "index.md").read_text()
    cards = {re.search(r'<h2><a href="([^"]+)/">', card).group(1): (card.split('"', 1)[0],
                                                                   re.findall(r'tp-story-scope">([^<]*)<', card))
             for card in index.split('<li class="tp-card')[1:]}
    assert cards == {"everywhere": ("", []), "no-print": (" tp-story-card--no-print", ["Not for print"]),
                     "no-social": ("", ["Not for social media"]), "web-only": (" tp-story-card--no-print", ["Online only"])}
    assert "2 of these stories are not printed here: the people they are about did not agree to it." in index


def test_without_social_the_page_asks_for_the_site_s_preview_and_its_description_names_nobody(tmp_path):
    docs = rendered(tmp_path, [("shared",), ("quiet", ("[web, social, print]", "[web, print]"))])
    quiet, shared = front_matter(docs / "stories" / "quiet.md"), front_matter(docs / "stories" / "shared.md")
    assert 'description: "A story of someone who trained in the programme\'s Web development track in Jordan."' in \
        html.unescape(quiet)
    assert "preview: generic" in quiet and "Test P." not in quiet and "Tester" not in quiet
    assert "preview: generic" not in shared and "Test P. trained in the programme" in shared


def test_without_print_the_page_carries_no_address_for_paper_and_says_so(tmp_path):
    docs = rendered(tmp_path, [("printable",), ("screen-only", ("[web, social, print]", "[web, social]"))])
    printable, screen = [(docs / "stories" / f"{sid}.md").read_text() for sid in ("printable", "screen-only")]
    assert "tp-print-ref" in printable and "tp-story--no-print" not in printable
    assert "tp-print-ref" not in screen and "tp-story--no-print" in screen
    assert "not agree to it being printed" in screen


def test_the_profile_page_links_back_to_the_stories_about_it(tmp_path):
    from build_scripts.profiles import render_profile_pages
    from sitefixtures import write_profiles
    from build_scripts.select import select
    from build_scripts.validate import check_files, profile_files

    profiles = write_profiles(tmp_path)
    people = select(check_files(profile_files(profiles, tmp_path)[0], VOCAB, TODAY, tmp_path), TODAY, {}, VOCAB.skill)
    stories = selected(tmp_path, ("about-neema", ("person: Test P.\n", "person: Neema N.\nprofile: nairobi-dev\n")),
                       ("gone", ("person: Test P.\n", "person: Neema N.\nprofile: nairobi-dev\n"),
                        ("  photo: false\n", "  photo: false\n  withdrawn: 2026-05-01\n")))
    docs = tmp_path / "docs"
    render_profile_pages(people.published, docs, CONFIG, VOCAB, tmp_path, TODAY, stories)
    page = (docs / "talent" / "nairobi-dev.md").read_text()
    assert '<a href="../../stories/about-neema/">Hired after the programme</a>' in page
    assert "stories/gone" not in page
    assert "tp-profile__stories" not in (docs / "talent" / "bogota-writer.md").read_text()


def test_the_impact_page_links_to_the_stories_of_each_track(tmp_path):
    from build_scripts.impact import render_impact
    from build_scripts.pages import environment

    stories = selected(tmp_path, ("web",), ("web-two",), ("it", ("track: web-development", "track: it-support")))
    render_impact(tmp_path / "docs", environment(CONFIG, VOCAB), CONFIG, tmp_path / "micro", lambda *_: None, stories)
    page = (tmp_path / "docs" / "impact" / "index.md").read_text()
    assert "- [Web development](../stories/track/web-development.md): 2 stories" in page
    assert "- [IT support](../stories/track/it-support.md): 1 story" in page


# --- golden files: the pages people see, reviewed as a diff -------------------------------------------
# Refresh after an intended change with:  UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_stories.py -k golden
GOLDEN = ROOT / "tests" / "golden" / "stories"
GOLDEN_FILES = ["index.md", "golden-story.md", "screen-only.md", "track/web-development.md", "outcome/promoted.md", "feed.xml"]


def test_story_pages_match_the_golden_files(tmp_path):
    docs = rendered(tmp_path, [
        ("golden-story", ("person: Test P.\n", "person: Test P.\nprofile: known-person\n"),
         ("quote: Words of my own.", "quote: I answer in Arabic, English and French, the same day."),
         ("organisation: Example Org (invented)", "organisation: Harbourline IT Services (invented)")),
        ("screen-only", ("title: Hired after the programme", "title: Freelancing from Erbil"), ("site: jordan", "site: iraq"),
         ("outcome: employed", "outcome: freelance"), ("[web, social, print]", "[web, social]"))],
        outcomes=[{"months_after": 12, "breakdown": "track", "track": "web-development", "enrolled": 60, "in_work": 23}])
    stale = []
    for name in GOLDEN_FILES:
        text = re.sub(r"<svg\b.*?</svg>", "<svg><!-- picture --></svg>", (docs / "stories" / name).read_text(), flags=re.S)
        golden = GOLDEN / name
        if os.environ.get("UPDATE_GOLDEN"):
            golden.parent.mkdir(parents=True, exist_ok=True)
            golden.write_text(text)
        elif not golden.exists() or golden.read_text() != text:
            stale.append(name)
    assert not stale, f"{stale} differ from tests/golden/stories/: review the change, then refresh (see above)"


# --- a built site --------------------------------------------------------------------------------------

TOKENS = {"expired-story": "Qexpiredtoken", "withdrawn-story": "Qwithdrawntoken", "no-web-story": "Qnowebtoken",
          "hostile-story": "Qhostiletoken"}


def withheld(root: Path) -> None:
    """Stories that must leave no trace: each carries its token in its name, title, quote and text."""
    (root / "stories" / "photos").mkdir(parents=True, exist_ok=True)
    (root / "stories" / "photos" / "withdrawn-story.jpg").write_bytes(synthetic_photo(13))
    consent = {"expired-story": [("given: 2026-01-01", "given: 2024-06-20"), ("expires: 2027-12-31", "expires: 2026-06-15")],
               "withdrawn-story": [("  photo: false\n", "  photo: true\n  withdrawn: 2026-06-01\n"),
                                   ("outcome: employed\n", "outcome: employed\nphoto: stories/photos/withdrawn-story.jpg\n")],
               "no-web-story": [("[web, social, print]", "[social, print]")],
               # what once stopped every build (feedgen: "All strings must be XML compatible"): refused, left out
               "hostile-story": [("role: Tester", r'role: "Tester\x01\uFFFE\u202e"')]}
    for sid, token in TOKENS.items():
        write_story(root, sid, ("title: Hired after the programme", f"title: {token} hired"), ("person: Test P.", f"person: {token} P."),
                    ("quote: Words of my own.", f"quote: {token} says hello."), *consent[sid], body=f"{token} in the text.\ufffe\n")


def published_stories(root: Path) -> None:
    """What the site shows: every scope, a photo, a profile link (published and not), the longest story."""
    (root / "stories" / "photos").mkdir(parents=True, exist_ok=True)
    (root / "stories" / "photos" / "longest.jpg").write_bytes(synthetic_photo(21))
    write_story(root, "all-three", ("person: Test P.\n", "person: Neema N.\nprofile: nairobi-dev\n"))
    write_story(root, "screen-only", ("title: Hired after the programme", "title: Qscreenonly studio opens"),
                ("quote: Words of my own.", "quote: Qscreenonly words."), ("[web, social, print]", "[web, social]"),
                ("person: Test P.", "person: Qscreenonly P."), body="Qscreenonly tells the story.\n")
    write_story(root, "profile-gone", ("person: Test P.\n", "person: Test P.\nprofile: expired-one\n"))
    # on the web and on paper, not on social media: its photo on its page, never in a link's preview
    (root / "stories" / "photos" / "not-social.jpg").write_bytes(synthetic_photo(22))
    write_story(root, "not-social", ("title: Hired after the programme", "title: Qnosocialtitle at work"),
                ("person: Test P.", "person: Qnosocial P."), ("quote: Words of my own.", "quote: Qnosocialquote."),
                ("site: jordan", "site: lebanon"), ("[web, social, print]", "[web, print]"), ("  photo: false", "  photo: true"),
                ("outcome: employed\n", "outcome: employed\nphoto: stories/photos/not-social.jpg\n"))
    paragraph = ("She answers support tickets for an online shop in Arabic, English and French, and writes the "
                 "replies the rest of the team reuses. ")
    body = "\n\n".join([paragraph * 3] * 20)[:BODY_MAX - 10].rsplit(" ", 1)[0] + ".\n"
    write_story(root, "longest", ("title: Hired after the programme", "title: " + ("Longest title " * 10)[:90].strip()),
                ("quote: Words of my own.", "quote: " + ("A long quote, " * 30)[:280].strip()),
                ("role: Tester", "role: " + ("Customer support agent " * 5)[:80].strip()),
                ("organisation: Example Org (invented)", "organisation: " + ("Example Organisation " * 5)[:80].strip()),
                ("outcome: employed\n", "outcome: employed\nphoto: stories/photos/longest.jpg\n"),
                ("  photo: false", "  photo: true"), body=body)


@pytest.fixture(scope="module")
def story_site(tmp_path_factory):
    from sitefixtures import write_profiles
    from build_scripts.build import build_site

    root = tmp_path_factory.mktemp("stories")
    profiles = write_profiles(root)
    withheld(root)
    published_stories(root)
    lines = []
    assert build_site(root / "site", today=TODAY, profiles_dir=profiles, log=lines.append) == 0, lines
    return root / "site", lines


@pytest.mark.slow
def test_stories_withheld_by_consent_leave_no_trace_in_any_built_file(story_site):
    from sitefixtures import every_file

    site, lines = story_site
    assert (site / "stories" / "all-three" / "index.html").exists()
    found = [(path.relative_to(site).as_posix(), token) for path, text in every_file(site)
             for token in TOKENS.values() if token.lower() in (str(path) + text).lower()]
    assert found == []
    assert not [p for p in site.rglob("*") if any(sid in p.name for sid in TOKENS)]
    assert "Stories: 9 read, 5 published, 4 left out" in "\n".join(lines)


@pytest.mark.slow
def test_the_built_pages_link_stories_profiles_impact_and_the_feed(story_site):
    import feedparser

    site, _ = story_site
    index = (site / "stories" / "index.html").read_text()
    assert re.search(r'<link rel="alternate" type="application/atom\+xml" title="[^"]+" href="feed.xml">', index)
    assert 'href="../../feed.xml"' in (site / "stories" / "track" / "it-support" / "index.html").read_text()
    feed = feedparser.parse((site / "stories" / "feed.xml").read_bytes())
    assert not feed.bozo and {e.link.rsplit("/", 2)[-2] for e in feed.entries} == {"all-three", "screen-only", "profile-gone",
                                                                                  "longest"}
    story = (site / "stories" / "all-three" / "index.html").read_text()
    assert 'href="../../talent/nairobi-dev/"' in story
    assert f'content="{CONFIG.site_url}stories/all-three/preview.png"' in story
    assert "talent/expired-one" not in (site / "stories" / "profile-gone" / "index.html").read_text()
    assert 'href="../../stories/all-three/"' in (site / "talent" / "nairobi-dev" / "index.html").read_text()
    assert "../stories/track/web-development/" in (site / "impact" / "index.html").read_text()
    assert (site / "stories" / "track" / "data-annotation" / "index.html").exists()


def preview_tags(page: str) -> dict[str, str]:
    """The head's preview and description tags: property or name -> content (unescaped)."""
    head = page.split("</head>", 1)[0]
    return {name: html.unescape(content) for name, content in
            re.findall(r'<meta (?:property|name)="((?:og|twitter):[^"]+|description)" content="([^"]*)"', head)}


@pytest.mark.slow
def test_a_story_without_social_scope_previews_as_the_site_never_as_the_person(story_site):
    site, _ = story_site
    page = (site / "stories" / "not-social" / "index.html").read_text()
    tags = preview_tags(page)
    assert tags["og:title"] == CONFIG.programme_name and tags["og:image"] == f"{CONFIG.site_url}assets/portal/og-card.png"
    assert tags["og:description"] == CONFIG.tagline and tags["og:image:alt"] == CONFIG.programme_name
    assert "og:url" not in tags and tags["twitter:card"] == "summary_large_image"
    carried = [(name, word) for name, content in tags.items() for word in ("Qnosocial", "Tester", "Example Org")
               if word.lower() in content.lower()]
    assert carried == [], "a preview or the description carries the story"
    assert tags["description"] == "A story of someone who trained in the programme's Web development track in Lebanon."
    assert not (site / "stories" / "not-social" / "preview.png").exists() and "tp-share" not in page
    assert "Qnosocial P." in page and "photo.jpg" in page       # the page itself shows the story, its photo too
    # with social, the preview is the story's own
    shared = preview_tags((site / "stories" / "all-three" / "index.html").read_text())
    assert shared["og:title"] == "Hired after the programme" and shared["og:url"] == f"{CONFIG.site_url}stories/all-three/"
    assert shared["og:image"] == f"{CONFIG.site_url}stories/all-three/preview.png" and "Neema N." in shared["og:description"]


@pytest.mark.parametrize("executor", ["pipeline", "fast"])
def test_a_story_problem_stops_a_strict_build_on_both_paths(tmp_path, executor, monkeypatch):
    import build_scripts.fast.workers
    from build_scripts import pipeline
    from build_scripts.fast import build as fast

    monkeypatch.setattr(build_scripts.fast.workers, "MIN_ITEMS", 1)
    (tmp_path / "profiles").mkdir()
    write_story(tmp_path, "bad-cohort", ("cohort: 2024-B", "cohort: 2024-C"))
    lines: list[str] = []
    build = {"pipeline": pipeline.build_site, "fast": fast.build_site}[executor]
    assert build(tmp_path / "site", TODAY, strict=True, profiles_dir=tmp_path / "profiles", log=lines.append) == 1
    assert "1 problem(s) in story files and --strict was given" in lines[-1]
    assert not (tmp_path / "site").exists()


@pytest.mark.slow
@pytest.mark.parametrize("executor", ["pipeline", "fast"])
def test_one_story_the_check_missed_never_fails_the_build_on_either_path(tmp_path, executor, monkeypatch):
    import build_scripts.fast.workers
    import build_scripts.stories
    from build_scripts import pipeline
    from build_scripts.fast import build as fast

    monkeypatch.setattr(build_scripts.fast.workers, "MIN_ITEMS", 1)
    monkeypatch.setattr(build_scripts.stories, "_character_problems", lambda *a: None)     # as if S017 missed it
    (tmp_path / "profiles").mkdir()
    write_story(tmp_path, "fine")
    write_story(tmp_path, "hostile", ("title: Hired after the programme", r'title: "Qhostile\x0c hired"'))
    lines: list[str] = []
    build = {"pipeline": pipeline.build_site, "fast": fast.build_site}[executor]
    assert build(tmp_path / "site", TODAY, profiles_dir=tmp_path / "profiles", log=lines.append) == 0, lines
    assert "Stories: 2 read, 1 published, 1 left out\n  1 with characters no page can hold" in "\n".join(lines)
    assert (tmp_path / "site" / "stories" / "fine" / "index.html").exists()
    assert b"Qhostile" not in (tmp_path / "site" / "stories" / "feed.xml").read_bytes()
    assert not (tmp_path / "site" / "stories" / "hostile").exists()


@pytest.mark.slow
def test_story_pages_are_valid_html(story_site):
    from test_html_valid import THEIRS, check

    site, _ = story_site
    files = [site / p for p in ("stories/index.html", "stories/all-three/index.html", "stories/screen-only/index.html",
                                "stories/site/online/index.html", "talent/nairobi-dev/index.html")]
    ours = [f"{m['url'].rsplit('/site/', 1)[-1]}: {m['message']}" for m in check(files) if not m["message"].startswith(THEIRS)]
    assert not ours, "\n".join(ours)


# --- in the browser ------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def story_server(story_site):
    from conftest import SiteServer

    server = SiteServer(story_site[0])
    yield server
    server.close()


def pdf_of(browser, url: str) -> bytes:
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    try:
        page = context.new_page()
        page.goto(url)
        page.emulate_media(media="print")
        return page.pdf(format="A4")
    finally:
        context.close()


@pytest.mark.slow
@pytest.mark.browser
def test_a_story_without_print_scope_prints_no_story_text(browser, story_server):
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf_of(browser, story_server.url + "/stories/screen-only/")))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "not agree to it being printed" in text
    assert "qscreenonly" not in text.lower()
    assert len(reader.pages) == 1


@pytest.mark.slow
@pytest.mark.browser
def test_the_longest_story_prints_on_one_a4_page_with_its_address_and_qr_code(browser, story_server):
    import zxingcpp
    from PIL import Image
    from pypdf import PdfReader

    url = f"{CONFIG.site_url}stories/longest/"
    reader = PdfReader(io.BytesIO(pdf_of(browser, story_server.url + "/stories/longest/")))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert "Longest title" in text and "reuses" in text
    context = browser.new_context(viewport={"width": 1100, "height": 900}, device_scale_factor=3)
    try:
        page = context.new_page()
        page.goto(story_server.url + "/stories/longest/")
        assert not page.locator(".tp-print-ref").is_visible()
        page.emulate_media(media="print")
        qr = page.locator(".tp-print-ref .tp-qr svg")
        assert [r.text for r in zxingcpp.read_barcodes(Image.open(io.BytesIO(qr.screenshot())))] == [url]
    finally:
        context.close()


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize("path", ["/stories/", "/stories/all-three/", "/stories/longest/", "/stories/track/web-development/",
                                  "/stories/outcome/promoted/"])
def test_story_pages_have_no_accessibility_violations_and_make_no_foreign_requests(browser, story_server, path):
    from urllib.parse import urlparse

    axe = ROOT / "node_modules" / "axe-core" / "axe.min.js"
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    try:
        page = context.new_page()
        foreign, errors = [], []
        page.on("pageerror", lambda e: errors.append(str(e)))
        origin = urlparse(story_server.url).netloc
        page.on("request", lambda r: urlparse(r.url).netloc not in (origin, "") and foreign.append(r.url))
        page.goto(story_server.url + path)
        page.add_script_tag(path=str(axe))
        result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
        assert [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]] == []
        assert errors == [] and foreign == []
    finally:
        context.close()


@pytest.mark.slow
@pytest.mark.browser
def test_on_a_phone_without_javascript_the_first_story_is_on_the_first_screen_and_the_filters_a_tap_away(
        browser, story_server):
    context = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(story_server.url + "/stories/")
        first = page.locator(".tp-story-cards > li").first.bounding_box()
        assert first["y"] + 60 < 844, f"the first story starts {first['y']:.0f} px down"
        jordan = page.get_by_role("link", name="Jordan", exact=True)
        assert not jordan.is_visible()                              # in the closed <details>
        page.locator(".tp-story-filters > summary").click()
        assert page.get_by_role("link", name="Online", exact=True).count() == 0     # no story: plain text
        assert page.locator(".tp-story-filters__none", has_text="Online").is_visible()
        jordan.click()
        assert page.url.endswith("/stories/site/jordan/")
        assert page.locator(".tp-story-cards > li").count() == 4
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        page.goto(story_server.url + "/stories/site/online/")         # an empty filter's page is still there
        assert "No published stories of people who trained online yet." in page.inner_text("main")
        page.get_by_role("link", name="All stories").click()
        assert page.url.endswith("/stories/")
    finally:
        context.close()


@pytest.mark.slow
@pytest.mark.browser
def test_on_a_wide_screen_without_javascript_the_filters_are_open(browser, story_server):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(story_server.url + "/stories/track/web-development/")
        assert page.get_by_role("link", name="Lebanon", exact=True).is_visible()
        page.get_by_role("link", name="Lebanon", exact=True).click()
        assert page.url.endswith("/stories/site/lebanon/") and page.locator(".tp-story-cards > li").count() == 1
        assert page.locator(".tp-story-cards > li").first.bounding_box()["y"] < 900
    finally:
        context.close()


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize("path", ["/stories/", "/stories/site/jordan/"])
def test_the_lists_print_no_card_of_a_story_without_print_scope(browser, story_server, path):
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf_of(browser, story_server.url + path)))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "qscreenonly" not in text.lower()
    assert "Longest title" in text and "Neema N." in text
    assert "1 of these stories is not printed here" in text
