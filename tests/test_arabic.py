"""The help and the checks' messages in Arabic: every code and field translated, `--lang ar` keeping place
and code, and the Arabic pages generated, reachable and laid out right to left."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from urllib.parse import urlparse

import pytest

from build_scripts import translate
from build_scripts.problems import CODES
from build_scripts.reference import field_rows, render_reference
from build_scripts.render import environment
from build_scripts.schema import profile_schema
from conftest import FIXTURES, ROOT, SiteServer, browser_page, run_cli

AR = translate.translation("ar")
ARABIC_LETTER = re.compile("[\u0621-\u064a]")
TODAY = ["--today", "2026-06-15"]


def field_descriptions() -> dict[str, str]:
    schema = profile_schema()
    return {r["path"]: r["description"] for r in field_rows(schema, "", schema.get("required", []))}


# --- the translation file -------------------------------------------------------------------------------

def test_every_declared_code_and_every_field_has_a_whole_current_arabic_entry():
    assert translate.check("ar", field_descriptions()) == []


def test_every_entry_is_written_in_arabic():
    english_left = [code for code, e in AR.codes.items() for text in (e.summary, e.why, e.fix)
                    if not ARABIC_LETTER.search(text)]
    english_left += [path for path, (text, _) in AR.fields.items() if not ARABIC_LETTER.search(text)]
    assert english_left == []


def test_the_field_reference_has_arabic_words_for_every_kind_of_value():
    kinds = {r["type"] for r in field_rows(profile_schema())} - {""}
    assert kinds - set(AR.types) == set()


@pytest.fixture
def translation_file(tmp_path, monkeypatch):
    """Write a translation file of a made-up language, `xx`, beside a copy of the Arabic one's other parts."""
    monkeypatch.setattr(translate, "FOLDER", tmp_path)
    translate.translation.cache_clear()
    arabic = (ROOT / "build_scripts" / "translations" / "ar.yml").read_text(encoding="utf-8")

    def write(change) -> Path:
        path = tmp_path / "xx.yml"
        path.write_text(change(arabic), encoding="utf-8")
        translate.translation.cache_clear()
        return path

    yield write
    translate.translation.cache_clear()


def test_a_code_without_its_arabic_entry_fails(translation_file):
    translation_file(lambda text: re.sub(r"\n  P004:\n(    .*\n|      .*\n)+", "\n", text))
    assert translate.check("xx", field_descriptions()) == [
        f"build_scripts/translations/xx.yml: P004 has no entry under codes: (write summary, why, fix and en: "
        f"{translate.code_fingerprint('P004')})"]


def test_an_entry_without_one_of_its_parts_fails(translation_file):
    translation_file(lambda text: re.sub(r"(\n  W002:\n(?:    .*\n)*?)    why: .*\n", r"\1", text))
    [problem] = translate.check("xx", field_descriptions())
    assert re.fullmatch(r"build_scripts/translations/xx\.yml:\d+: W002 has no why", problem)


def test_an_entry_for_a_code_or_field_that_does_not_exist_fails(translation_file):
    translation_file(lambda text: text.replace("\ncodes:\n", "\ncodes:\n  P999:\n    summary: س\n    why: س\n"
                                                             "    fix: س\n    en: 00000000\n")
                                       .replace("\nfields:\n", "\nfields:\n  nickname:\n    text: س\n    en: 0\n"))
    problems = translate.check("xx", field_descriptions())
    assert [p.split(": ", 1)[1] for p in problems] == ["P999 is not a declared problem code",
                                                       "nickname is not a field of the profile schema"]


def test_an_entry_whose_english_changed_since_it_was_translated_fails(translation_file, monkeypatch):
    translation_file(lambda text: text)
    import dataclasses

    monkeypatch.setitem(CODES, "P014", dataclasses.replace(CODES["P014"], fix="Start the link with https://."))
    [problem] = translate.check("xx", field_descriptions())
    assert "P014's English has changed since it was translated" in problem
    assert problem.endswith(f"write en: {translate.code_fingerprint('P014')}")


def test_a_translation_file_that_cannot_be_read_stops_the_command_saying_where(translation_file):
    from build_scripts.config import SettingsError

    translation_file(lambda text: text.replace("\ncodes:\n", "\ncodes:\n  P004: [\n", 1))
    with pytest.raises(SettingsError, match=r"build_scripts/translations/xx\.yml:\d+:\d+: P001 "):
        translate.translation("xx")
    with pytest.raises(SettingsError, match="build_scripts/translations/yy.yml: cannot be read"):
        translate.translation("yy")


# --- validate --lang ar on every failing fixture ------------------------------------------------------------

CHECKOUTS = [  # (checkout, its fixtures as validate is given them)
    (FIXTURES / "problems", sorted(p.name for p in (FIXTURES / "problems").glob("*.yaml"))),
    (FIXTURES, sorted(f"partners/{p.name}" for p in (FIXTURES / "partners").glob("*.yaml"))),
    (FIXTURES / "stories", sorted(f"stories/{p.name}" for p in (FIXTURES / "stories" / "stories").glob("*.md"))),
]


def expectation(path: Path) -> tuple[str, int, int] | None:
    head = path.read_bytes().split(b"\n", 2)[:2]
    m = next(filter(None, (re.fullmatch(rb"# expect: ([A-Z][0-9]{3}) ([0-9]+):([0-9]+)", line) for line in head)), None)
    return (m.group(1).decode(), int(m.group(2)), int(m.group(3))) if m else None


def heads(stdout: str) -> list[str]:
    """The first line of each problem (the others are indented), without the summary line at the end."""
    return [line for line in stdout.splitlines()[:-1] if not line.startswith("    ")]


@pytest.mark.parametrize("checkout,paths", CHECKOUTS, ids=["profiles", "partners", "stories"])
def test_validate_in_arabic_keeps_every_place_and_code_of_the_english(checkout, paths):
    english = run_cli("validate", "--repo", str(checkout), *TODAY, *paths)
    arabic = run_cli("validate", "--lang", "ar", "--repo", str(checkout), *TODAY, *paths)
    found = json.loads(run_cli("validate", "--format", "json", "--repo", str(checkout), *TODAY, *paths).stdout)
    assert arabic.returncode == english.returncode == 1 and arabic.stderr == ""
    assert len(heads(english.stdout)) == len(heads(arabic.stdout)) == len(found)
    lines = iter(arabic.stdout.splitlines())
    for en_head, p in zip(heads(english.stdout), found):
        place = en_head[:len(en_head) - len(p["message"])]         # file:line:col: CODE where:
        assert place.startswith(f"{p['file']}:{p['line']}:{p['col']}: {p['code']} ")
        entry = AR.entry(p["code"])
        assert next(lines) == place + entry.summary
        assert next(lines) == "    التفاصيل بالإنجليزية: " + p["message"] + (f" ({p['hint']})" if p["hint"] else "")
        assert next(lines) == "    الحل: " + entry.fix
    assert ARABIC_LETTER.search(next(lines)) and next(lines, None) is None       # the summary line, in Arabic
    # each fixture's own problem is among them, at its place
    located = {(p["file"], p["code"], p["line"], p["col"]) for p in found}
    for name in paths:
        if expected := expectation(checkout / name):
            assert (name, *expected) in located, name


def test_json_in_arabic_keeps_the_english_words_beside_the_arabic():
    fixture = "tests/fixtures/problems/p004-unknown-skill.yaml"
    [english] = json.loads(run_cli("validate", "--format", "json", fixture, *TODAY).stdout)
    [arabic] = json.loads(run_cli("validate", "--format", "json", "--lang", "ar", fixture, *TODAY).stdout)
    assert {k: arabic[k] for k in ("file", "line", "col", "code", "severity", "where")} == \
        {k: english[k] for k in ("file", "line", "col", "code", "severity", "where")}
    assert arabic["message"] == AR.codes["P004"].summary and arabic["hint"] == AR.codes["P004"].fix
    assert arabic["english"] == {"message": english["message"], "hint": english["hint"]}


def test_github_annotations_in_arabic_keep_place_and_title_and_link_the_arabic_codes(tmp_path):
    fixture = "tests/fixtures/problems/p004-unknown-skill.yaml"
    summary = tmp_path / "summary.md"
    r = run_cli("validate", "--lang", "ar", fixture, *TODAY, env={"GITHUB_ACTIONS": "true",
                                                                  "GITHUB_STEP_SUMMARY": str(summary)})
    assert r.returncode == 1
    first = r.stdout.splitlines()[0]
    assert first.startswith(f"::error file={fixture},line=7,col=11,title=P004 unknown-skill::skills[0].name: "
                            + AR.codes["P004"].summary + "%0A")
    assert "/ar/problem-codes/#p004" in summary.read_text()


def test_english_stays_the_default():
    fixture = "tests/fixtures/problems/p004-unknown-skill.yaml"
    assert run_cli("validate", fixture, *TODAY).stdout == run_cli("validate", "--lang", "en", fixture, *TODAY).stdout
    assert not ARABIC_LETTER.search(run_cli("validate", fixture, *TODAY).stdout)


def test_check_pr_in_arabic_keeps_place_and_code(tmp_path):
    git = ["git", "-C", str(tmp_path), "-c", "user.email=t@example.org", "-c", "user.name=t", "-c",
           "commit.gpgsign=false"]
    subprocess.run([*git, "init", "-q", "-b", "main"], check=True)
    (tmp_path / "README.md").write_text("x\n")
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "base"], check=True)
    (tmp_path / "README.md").write_text("changed\n")
    subprocess.run([*git, "commit", "-qam", "pull request"], check=True)
    args = ["check-pr", "--base", "HEAD~1", "--repo", str(tmp_path)]
    english = run_cli(*args, env={"PR_AUTHOR": "amal-h"})
    arabic = run_cli(*args, "--lang", "ar", env={"PR_AUTHOR": "amal-h"})
    assert english.returncode == arabic.returncode == 1
    codes = [re.match(r"README\.md:1:1: (O\d{3}) ", h).group(1) for h in heads(english.stdout)]
    assert codes and [h.split(" ", 2)[:2] for h in heads(arabic.stdout)] == [["README.md:1:1:", c] for c in codes]
    assert all(h.endswith(AR.codes[c].summary) for h, c in zip(heads(arabic.stdout), codes))


def test_outcomes_in_arabic_keep_file_row_and_field_and_name_no_value(tmp_path):
    import shutil

    pkg = tmp_path / "pkg"
    shutil.copytree(ROOT / "outcomes" / "sample", pkg)
    learners = (pkg / "learners.csv").read_text().splitlines()
    cells = learners[5].split(",")
    gender = learners[0].split(",").index("gender")
    cells[gender] = "CANARY-7731"
    learners[5] = ",".join(cells)
    (pkg / "learners.csv").write_text("\n".join(learners) + "\n")
    english, arabic = run_cli("outcomes", str(pkg)), run_cli("outcomes", "--lang", "ar", str(pkg))
    assert english.returncode == arabic.returncode == 1
    assert "learners.csv:6:gender D002 " + AR.codes["D002"].summary in arabic.stdout.splitlines()
    assert "CANARY" not in arabic.stdout + arabic.stderr


# --- the Arabic pages ---------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def docs(tmp_path_factory):
    from build_scripts.config import load_config
    from build_scripts.vocab import load_vocabulary

    docs = tmp_path_factory.mktemp("docs")
    (docs / "contributing").mkdir()
    for name in ("profile.md", "profile-template.yaml"):
        (docs / "contributing" / name).write_text((ROOT / "docs" / "contributing" / name).read_text())
    (docs / "ar").mkdir()
    (docs / "ar" / "profile.md").write_text((ROOT / "docs" / "ar" / "profile.md").read_text())
    vocab = load_vocabulary()
    render_reference(docs, environment(load_config(), vocab), vocab)
    return docs


def front_matter(text: str) -> dict:
    block = text.split("---\n", 2)[1]
    return dict(line.split(": ", 1) for line in block.splitlines())


@pytest.mark.parametrize("page", ["profile", "fields", "problem-codes"])
def test_each_arabic_page_is_marked_arabic_right_to_left_and_links_to_its_english_page(docs, page):
    text = (docs / "ar" / f"{page}.md").read_text()
    meta = front_matter(text)
    assert meta["lang"] == "ar" and meta["dir"] == "rtl"
    assert f"[English](../contributing/{page}.md){{ hreflang=en lang=en }}" in text
    assert "<!-- portal:" not in text                      # every marker filled, in Arabic


@pytest.mark.parametrize("page", ["profile", "fields", "problem-codes"])
def test_each_english_page_links_to_its_arabic_page(docs, page):
    assert f"[العربية](../ar/{page}.md){{ hreflang=ar lang=ar dir=rtl }}" in (docs / "contributing" / f"{page}.md").read_text()


def test_the_arabic_problem_codes_page_explains_every_code_in_arabic(docs):
    page = (docs / "ar" / "problem-codes.md").read_text()
    for code, c in CODES.items():
        section = page.split(f"## {code}: {c.name} {{ #{code.lower()} }}\n")[1].split("\n## ")[0]
        e = AR.codes[code]
        for text in (e.summary, e.why, e.fix):
            assert str(translate.markdown_text(text)) in section, code
        assert ("*تحذير:" in section) == (c.severity == "warning"), code


def test_the_arabic_field_reference_lists_every_field_with_its_arabic_description(docs):
    page = (docs / "ar" / "fields.md").read_text()
    items = {item.split("`")[0]: item for item in page.split("\n- **`")[1:]}
    assert list(items) == list(field_descriptions())
    for path, (text, _) in AR.fields.items():
        assert str(translate.markdown_text(text)) in items[path], path
    assert "| " not in page             # a list, not a table: a phone shows it without scrolling sideways


def test_text_outside_code_shows_as_written_and_code_as_typed():
    assert str(translate.markdown_text("اكتب `photo: <your-id>.jpg` لا <b>")) == "اكتب `photo: <your-id>.jpg` لا &lt;b&gt;"


def test_the_nav_lists_the_arabic_pages_under_contribute():
    import yaml

    nav = yaml.safe_load((ROOT / "mkdocs.yml").read_text())["nav"]
    contribute = next(item["Contribute"] for item in nav if "Contribute" in item)
    arabic = next(item["العربية"] for item in contribute if "العربية" in item)
    assert [next(iter(p.values())) for p in arabic] == ["ar/profile.md", "ar/fields.md", "ar/problem-codes.md"]


# --- in a browser -------------------------------------------------------------------------------------------

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="module")
def site(built_fixture_site):
    return built_fixture_site


@pytest.fixture(scope="module")
def server(site):
    s = SiteServer(site)
    yield s
    s.close()


def test_the_arabic_pages_are_valid_html(site):
    from test_html_valid import THEIRS, check

    ours = [m["message"] for m in check([site / "ar" / page / "index.html" for page in ("profile", "fields", "problem-codes")])
            if not m["message"].startswith(THEIRS)]
    assert ours == []


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("path", ["/ar/profile/", "/ar/fields/", "/ar/problem-codes/"])
def test_an_arabic_page_reads_right_to_left_with_no_accessibility_violations(browser, server, path):
    with browser_page(browser, viewport={"width": 390, "height": 844}) as page:
        origin, foreign = urlparse(server.url).netloc, []
        page.on("request", lambda r: urlparse(r.url).netloc not in ("", origin) and foreign.append(r.url))
        page.goto(server.url + path)
        content = page.locator(".md-content")
        assert content.evaluate("e => [e.lang, getComputedStyle(e).direction]") == ["ar", "rtl"]
        heading = page.locator("h1")
        assert heading.evaluate("e => getComputedStyle(e).direction") == "rtl"
        # code and file names stay left to right inside the Arabic
        assert page.locator(".md-content code").first.evaluate("e => getComputedStyle(e).direction") == "ltr"
        assert page.evaluate("document.documentElement.scrollWidth") <= 390        # nothing pushes the page wider
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
        assert [v["id"] for v in result["violations"]] == []
        assert foreign == []


@pytest.mark.browser
@pytest.mark.slow
def test_the_english_help_leads_to_the_arabic_and_back(browser, server):
    with browser_page(browser, java_script_enabled=False) as page:
        page.goto(server.url + "/contributing/problem-codes/")
        page.get_by_role("link", name="العربية").first.click()
        assert page.url.endswith("/ar/problem-codes/")
        page.get_by_role("link", name="English", exact=True).click()
        assert page.url.endswith("/contributing/problem-codes/")
        page.goto(server.url + "/contributing/profile/")
        page.locator(".md-content").get_by_role("link", name="العربية").click()
        assert page.url.endswith("/ar/profile/")
        assert page.locator(".md-nav").get_by_role("link", name="رموز المشكلات").count() >= 1   # the nav lists them all


# --- the profile form in Arabic -----------------------------------------------------------------------------

def test_every_word_of_the_form_has_a_whole_current_arabic_entry():
    from build_scripts.form.fields import english_words
    assert translate.check_form("ar", english_words()) == []


def test_every_word_of_the_form_is_written_in_arabic():
    from build_scripts.form.fields import english_words
    english = english_words()
    words = {f"{section} {key} {part}": re.sub(r"\{\w+\}", "", e[part]).strip() for section, entries in AR.form.items()
             for key, e in entries.items() for part in ("text", "hint") if e.get(part)}
    left = [name for name, text in words.items() if text and not ARABIC_LETTER.search(text)
            and name != "text separator text"]          # "{description}" alone says nothing to translate
    assert left == [] and set(AR.form) == set(english)
    assert AR.form["text"]["separator"]["text"] == "، "


def test_a_missing_or_changed_or_unknown_word_of_the_arabic_form_fails(translation_file, monkeypatch):
    from build_scripts.form import words
    from build_scripts.form.fields import english_words
    translation_file(lambda text: re.sub(r'\n    "skills\[\]\.level":\n(      .*\n)+', "\n", text, count=1)
                     .replace("\n  reply:\n", "\n  reply:\n    colour:\n      en: 0\n      text: لون\n"))
    monkeypatch.setitem(words.NOTES, "photo", "Optional. Attach one photo.")
    english = english_words()
    problems = translate.check_form("xx", english)
    assert [p.split(": ", 1)[1] for p in problems] == [
        f"the form's labels 'skills[].level' has no entry under form: (write text and en: "
        f"{translate.fingerprint('level')})",
        "the form's notes 'photo' has changed in English since it was translated: check the translation, then "
        f"write en: {translate.fingerprint('Optional. Attach one photo.')}",
        "the form has no reply 'colour'"]
    assert re.match(r"build_scripts/translations/xx\.yml:\d+: the form's notes", problems[1])


def test_a_message_of_the_form_needs_its_hint_translated_too(translation_file):
    from build_scripts.form.fields import english_words
    translation_file(lambda text: re.sub(r'(\n    taken:\n      en: .*\n      text: .*\n)      hint: .*\n(      .*\n)*',
                                         r"\1", text, count=1))
    [problem] = translate.check_form("xx", english_words())
    assert problem.endswith("the form's messages 'taken' has no hint")


def test_the_arabic_help_opens_the_arabic_form_first(docs):
    from build_scripts.config import load_config
    from build_scripts.form.fields import TEMPLATE_NAMES, form_url
    page = (docs / "ar" / "profile.md").read_text()
    link = f"({form_url('ar')})"
    assert form_url("ar") == f"{load_config().repository_url.rstrip('/')}/issues/new?template={TEMPLATE_NAMES['ar']}"
    section = page.split("{ #edit-your-profile-with-a-form-without-git }")[1].split("\n## ")[0]
    assert link in section and section.index(link) < section.index("\n1. ")
    assert f"({form_url('en')})" in section                              # and the English one beside it
    assert "أضف ملفي الشخصي أو حدّثه" in section                          # the Arabic form's own words
