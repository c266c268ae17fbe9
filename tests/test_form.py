"""The profile form (build_scripts/form/): the issue template made from the schema, and saved `issues`
events (tests/fixtures/events/, as GitHub sends them) made into a profile for the issue's author only,
checked by validate, with hostile answers kept as inert text or refused at their question."""

from __future__ import annotations

import copy
import datetime as dt
import io
import json
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from PIL import Image

from build_scripts.form import answers as answers_module
from build_scripts.form import fields as fields_module
from build_scripts.form.answers import read_form
from build_scripts.form import comment as comment_module
from build_scripts.form.change import ResultError, apply_result, check_branch, read_result, write_result
from build_scripts.form.fields import TEMPLATE_NAMES, TEMPLATE_PATH, form_fields, template, template_path, template_text
from build_scripts.form.photo import Policy
from build_scripts.form.request import EventError, handle, id_from_name
from build_scripts.form.withdraw import Note
from build_scripts.form.words import LABELS, in_language
from build_scripts.images import inspect_bytes
from build_scripts.load import load_bytes
from build_scripts.schema import profile_schema
from build_scripts.validate import validate_paths
from build_scripts.vocab import load_vocabulary
from conftest import FIXTURES, ROOT, run_cli
from test_fetch import Server
from test_images import encoded, phone_exif

EVENTS = FIXTURES / "events"
DAY = dt.date(2026, 12, 1)            # the shipped sample's day: its consent dates are valid on it
DOCS = "https://example.github.io/talent-portal/contributing/problem-codes/"


def event(name: str) -> dict:
    return json.loads((EVENTS / f"{name}.json").read_text(encoding="utf-8"))


def issue_text(lang: str, answers: dict) -> str:
    """The issue's text GitHub writes for the form in `lang` (the committed template): answers by question id
    (a dropdown's by its option's place, or its option's words as a link that prefills it gives them; the
    boxes ticked as a set of places), every other question as GitHub leaves it untouched."""
    import yaml
    form = yaml.safe_load(template_path(lang).read_text(encoding="utf-8"))
    parts = []
    for q in form["body"][1:]:
        a, given = q["attributes"], answers.get(q["id"])
        if q["type"] == "checkboxes":
            text = "\n".join(f"- [{'X' if i in (given or ()) else ' '}] {o['label']}" for i, o in enumerate(a["options"]))
        elif q["type"] == "dropdown":
            chosen = a.get("default") if given is None else given
            text = "_No response_" if chosen is None else chosen if isinstance(chosen, str) else a["options"][chosen]
        else:
            text = given or "_No response_"
        parts.append(f"### {a['label']}\n\n{text}")
    return "\n\n".join(parts)


def with_answer(ev: dict, label: str, text: str) -> dict:
    """The event with the answer under `### label` replaced, as if the author had written `text` there."""
    ev = copy.deepcopy(ev)
    body = ev["issue"]["body"]
    start = body.index(f"### {label}\n\n") + len(f"### {label}\n\n")
    end = body.find("\n\n### ", start)
    ev["issue"]["body"] = body[:start] + text + (body[end:] if end >= 0 else "")
    return ev


@pytest.fixture
def repo(tmp_path) -> Path:
    """A checkout with a few of the sample's profiles: amal-r (amal-r-demo), ahmad-m (ahmad-m-demo, with a
    photo), and broken-x, whose owner cannot be read."""
    root = tmp_path / "repo"
    (root / "profiles" / "photos").mkdir(parents=True)
    for pid in ("amal-r", "ahmad-m", "aya-b"):
        shutil.copyfile(ROOT / "profiles" / f"{pid}.yaml", root / "profiles" / f"{pid}.yaml")
    shutil.copyfile(ROOT / "profiles" / "photos" / "ahmad-m.jpg", root / "profiles" / "photos" / "ahmad-m.jpg")
    (root / "profiles" / "broken-x.yaml").write_text("name: [Broken\ngithub: broken-x\n", encoding="utf-8")
    return root


def written(outcome, pid: str) -> dict:
    """The profile file the form wrote, read back by the project's loader (as the build reads it)."""
    doc = load_bytes(outcome.write[f"profiles/{pid}.yaml"], f"profiles/{pid}.yaml")
    assert doc.problems == []
    return doc.data


def codes(outcome) -> list[str]:
    return [p.code for p in outcome.problems]


# --- the form, made from the schema -----------------------------------------------------------------

def test_the_committed_forms_are_what_the_schema_gives():
    for lang in ("en", "ar"):
        assert template_path(lang).read_text(encoding="utf-8") == template_text(lang), \
            "run: python -m build_scripts issue-form"
    r = run_cli("issue-form", "--check")
    assert (r.returncode, r.stdout) == (0, ".github/ISSUE_TEMPLATE/profile.yml and .github/ISSUE_TEMPLATE/profile-ar.yml "
                                           "are what the schema gives.\n")


def test_the_check_names_each_form_that_differs_or_is_missing(tmp_path, monkeypatch):
    monkeypatch.setattr(fields_module, "template_path", lambda lang: tmp_path / fields_module.TEMPLATE_NAMES[lang])
    (tmp_path / "profile.yml").write_text(template_text("en"), encoding="utf-8")
    (tmp_path / "profile-ar.yml").write_text(template_text("ar").replace("لغة الرد", "لغة"), encoding="utf-8")
    assert [p.name for p in fields_module.stale_templates()] == ["profile-ar.yml"]
    (tmp_path / "profile-ar.yml").unlink()
    assert [p.name for p in fields_module.stale_templates()] == ["profile-ar.yml"]


def test_the_form_keeps_githubs_rules_for_issue_forms():
    import yaml
    form = yaml.safe_load(TEMPLATE_PATH.read_text(encoding="utf-8"))
    assert {"name", "description", "body"} <= set(form) and form["body"][0]["type"] == "markdown"
    questions = form["body"][1:]
    ids = [q["id"] for q in questions]
    labels = [q["attributes"]["label"] for q in questions]
    assert all(re.fullmatch(r"[A-Za-z0-9_-]+", i) for i in ids) and len(set(ids)) == len(ids)
    assert len(set(labels)) == len(labels)                # GitHub refuses a form with two questions of one label
    assert {q["type"] for q in questions} <= {"input", "textarea", "dropdown", "checkboxes"}
    for q in questions:
        options = q["attributes"].get("options", [])
        names = [o["label"] if isinstance(o, dict) else o for o in options]
        assert len(set(names)) == len(names) and "None" not in names
        assert ("placeholder" not in q["attributes"]) or q["type"] in ("input", "textarea")
    assert [q["id"] for q in questions if q.get("validations", {}).get("required")] == ["action"]


def test_a_changed_schema_changes_the_form(monkeypatch):
    schema = copy.deepcopy(profile_schema())
    schema["properties"]["availability"]["properties"]["status"]["x-labels"]["open"] = "Open to offers, any time"
    schema["properties"]["headline"]["description"] = "One line, said differently."
    monkeypatch.setattr(fields_module, "profile_schema", lambda: schema)
    fields_module.form_fields.cache_clear()
    try:
        text = template_text()
    finally:
        fields_module.form_fields.cache_clear()
    assert "- Open to offers, any time" in text and "One line, said differently." in text
    assert text != TEMPLATE_PATH.read_text(encoding="utf-8")


def test_the_form_asks_every_field_a_new_profile_needs_and_labels_only_fields_that_exist():
    asked = {f.path for f in form_fields()}
    schema = profile_schema()
    needed = {(n,) for n in schema["required"]} - {("github",), ("availability",), ("consent",)}
    needed |= {("availability", n) for n in schema["properties"]["availability"]["required"]}
    assert needed <= asked, needed - asked
    assert {("consent",), ("consent", "given"), ("consent", "expires"), ("photo",), ("action",)} <= asked

    def exists(key: str) -> bool:
        node = schema
        for part in re.findall(r"[^.\[\]]+|\[\]", key):
            node = node.get("items", {}) if part == "[]" else node.get("properties", {}).get(part)
            if node is None:
                return False
        return True
    assert [k for k in LABELS if not exists(k)] == []


def test_lists_and_choices_are_asked_as_the_form_shows_them():
    by_id = {f.id: f for f in form_fields()}
    assert by_id["skills"].kind == "textarea" and by_id["skills"].layout == "lines"
    assert "One per line: skill, level, years. For example: JavaScript, advanced, 2." in by_id["skills"].description
    assert by_id["languages"].layout == "lines" and by_id["experience"].layout == "blocks"
    assert by_id["consent"].kind == "checkboxes" and [v for v, _ in by_id["consent"].options] == ["photo", "country"]
    assert by_id["consent-given"].kind == "input" and by_id["action"].kind == "dropdown"
    assert [label for _, label in by_id["availability-status"].options][0] == "Available now"   # the schema's x-labels
    assert {v for v, _ in by_id["tracks"].options} == set(load_vocabulary().tracks)


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_examples_are_ones_a_person_could_write_and_choices_are_named_as_the_dropdown_shows_them(lang):
    by_id = {f.id: f for f in form_fields(lang)}
    assert by_id["consent-given"].placeholder < by_id["consent-expires"].placeholder     # YYYY-MM-DD
    start, end = (re.search(rf"^{re.escape(column.label)}: (.+)$", by_id["experience"].placeholder, re.M)[1]
                  for column in by_id["experience"].columns[2:4])
    assert start < end
    assert urlsplit(by_id["links-linkedin"].placeholder).hostname.endswith("linkedin.com")
    assert urlsplit(by_id["links-github"].placeholder).hostname == "github.com"
    status = by_id["availability-status"]
    assert all(f"{label}" in status.description for _, label in status.options)
    words_only = status.description
    for _, label in status.options:
        words_only = words_only.replace(label, "")
    assert not any(f"{value}:" in words_only for value, _ in status.options)          # no codes, as the file writes them


# --- a complete form -------------------------------------------------------------------------------

def test_a_complete_form_gives_a_profile_validate_accepts(repo, tmp_path):
    outcome = handle(event("complete"), repo, today=DAY)
    assert (outcome.ready, outcome.ids, outcome.problems, outcome.delete) == (True, ["leila-k"], [], [])
    data = written(outcome, "leila-k")
    assert data["github"] == "leila-k" and data["name"] == "Leila K." and data["updated"] == "2026-12-01"
    assert data["skills"][2] == {"name": "Proofreading", "level": "intermediate", "years": "1.5"}
    assert data["languages"] == [{"code": "ar", "level": "native"}, {"code": "en", "level": "C1"},
                                 {"code": "fr", "level": "B2"}]
    assert data["availability"] == {"status": "open", "hours_per_week": "20", "engagement": ["freelance", "part-time"]}
    assert data["tracks"] == ["translation-localisation"]
    assert data["experience"][0]["summary"] == "Reports and websites for **two** NGOs.\nGlossaries for each client."
    assert data["experience"][1]["organisation"] == "A refugee-led organisation, Amman"
    assert data["consent"] == {"given": "2026-11-01", "expires": "2028-10-31", "photo": "false", "country": "true"}
    (repo / "profiles" / "leila-k.yaml").write_bytes(outcome.write["profiles/leila-k.yaml"])
    assert validate_paths([repo / "profiles" / "leila-k.yaml"], root=repo, today=DAY).problems == []


def test_the_command_writes_the_result_the_workflow_passes_on(repo, tmp_path):
    out = tmp_path / "out"
    r = run_cli("form-to-profile", str(EVENTS / "complete.json"), "--out", str(out), "--repo", str(repo),
                "--today", "2026-12-01")
    assert r.returncode == 0, r.stderr
    assert r.stdout == f"Issue #101 by leila-k: ready to leila-k. Comment: {out / 'comment.md'}\n"
    result = read_result(out)
    assert {k: result[k] for k in ("ready", "branch", "ids", "write", "delete")} == {
        "ready": True, "branch": "profile-form/leila-k", "ids": ["leila-k"], "write": ["profiles/leila-k.yaml"],
        "delete": []}
    assert (out / "comment.md").read_text().startswith(
        "<!-- profile-form -->\n\n**@leila-k, your profile `leila-k` is ready for a maintainer.**")
    assert "Closes #101" in (out / "pull-request.md").read_text()
    assert list(repo.glob("profiles/leila-k*")) == []          # the checkout itself is left as it was


def test_an_update_keeps_what_is_not_answered(repo):
    outcome = handle(event("update-headline"), repo, today=DAY)
    assert outcome.ready and outcome.ids == ["amal-r"] and outcome.problems == []
    before = load_bytes((repo / "profiles" / "amal-r.yaml").read_bytes(), "amal-r").data
    after = written(outcome, "amal-r")
    assert after["headline"] == "Digital marketer (SEO): posts people share, and the numbers to show it"
    assert {k: v for k, v in after.items() if k not in ("headline", "updated")} == \
           {k: v for k, v in before.items() if k not in ("headline", "updated")}


def test_none_removes_an_optional_answer_and_an_unticked_country_leaves_the_file(repo):
    ev = with_answer(event("update-headline"), "Pronouns", "none")
    ev = with_answer(ev, "Consent", "- [ ] Show my photo on the site: I agreed this with the programme\n"
                                    "- [ ] Show the country where I live: I agreed this with the programme")
    outcome = handle(ev, repo, today=DAY)
    data = written(outcome, "amal-r")
    assert "pronouns" not in data and "country" not in data and data["consent"]["country"] == "false"
    assert "country-removed" in outcome.notes


# --- only the author's own profile ----------------------------------------------------------------

def test_a_form_that_names_someone_elses_profile_is_refused(repo):
    outcome = handle(event("for-someone-else"), repo, today=DAY)
    assert not outcome.ready and outcome.write == {} and codes(outcome) == ["F001"]
    p = outcome.problems[0]
    assert (p.field, p.message) == ("Profile id", "'amal-r' is taken by another person's profile: profiles/amal-r.yaml")
    assert "for example amal-r2" in p.hint


def test_a_name_that_would_overwrite_someone_elses_profile_is_refused(repo):
    outcome = handle(event("name-taken"), repo, today=DAY)
    assert not outcome.ready and outcome.write == {} and codes(outcome) == ["F001"]
    assert outcome.problems[0].message == \
        "the id 'amal-r', made from your name, is taken by another person's profile: profiles/amal-r.yaml"


def test_a_profile_whose_owner_cannot_be_read_is_refused(repo):
    outcome = handle(with_answer(event("complete"), "Profile id", "broken-x"), repo, today=DAY)
    assert outcome.write == {} and codes(outcome) == ["F001"]
    assert "a profile whose owner cannot be read" in outcome.problems[0].message


def test_a_form_changed_by_someone_else_than_its_author_is_refused(repo):
    outcome = handle(event("edited-by-someone-else"), repo, today=DAY)
    assert outcome.write == {} and codes(outcome) == ["F001"]
    assert outcome.problems[0].message.startswith("this form was changed by mallory-x, not by its author leila-k")


def test_the_owner_of_a_profile_cannot_move_it_to_another_id(repo):
    outcome = handle(with_answer(event("update-headline"), "Profile id", "amal-x"), repo, today=DAY)
    assert outcome.write == {} and codes(outcome) == ["F004"]


@pytest.mark.parametrize("name, made", [("Amal H.", "amal-h"), ("Zoë Ağa", "zoe-a"), ("Jean-Luc Picard", "jean-p"),
                                        ("Amal", "amal"), ("أمل", ""), ("A", "")])
def test_an_id_is_made_from_latin_letters_of_the_name(name, made):
    assert id_from_name(name) == made


def test_a_name_without_latin_letters_asks_for_an_id(repo):
    outcome = handle(with_answer(event("complete"), "Your name", "أمل ك."), repo, today=DAY)
    assert codes(outcome) == ["F004"] and outcome.problems[0].field == "Profile id"
    outcome = handle(with_answer(with_answer(event("complete"), "Your name", "أمل ك."), "Profile id", "amal-k"),
                     repo, today=DAY)
    assert outcome.ready and written(outcome, "amal-k")["name"] == "أمل ك."


@pytest.mark.parametrize("wanted", ["../../etc/passwd", "Amal-K", "index", "a"])
def test_an_id_that_is_no_profile_file_name_is_refused_before_anything_is_written(repo, wanted):
    outcome = handle(with_answer(event("complete"), "Profile id", wanted), repo, today=DAY)
    assert outcome.write == {} and codes(outcome) == ["F004"]


def test_an_issue_that_is_not_the_form_is_refused(repo):
    outcome = handle(event("not-the-form"), repo, today=DAY)
    assert outcome.write == {} and codes(outcome) == ["F005"]


def test_an_issue_without_the_forms_label_or_by_a_bot_gets_no_answer(repo, tmp_path):
    ev = event("complete")
    ev["issue"]["labels"] = []
    assert handle(ev, repo, today=DAY).action == "ignored"
    ev = event("complete")
    ev["issue"]["user"]["login"] = ev["sender"]["login"] = "dependabot[bot]"
    outcome = handle(ev, repo, today=DAY)
    write_result(outcome, tmp_path / "out", DOCS)
    assert outcome.action == "ignored" and (tmp_path / "out" / "comment.md").read_text() == ""


def test_a_file_that_is_no_issues_event_is_a_usage_error(tmp_path):
    (tmp_path / "event.json").write_text('{"pull_request": {}}')
    r = run_cli("form-to-profile", str(tmp_path / "event.json"), "--out", str(tmp_path / "out"))
    assert r.returncode == 2 and "not an issues event" in r.stderr


@pytest.mark.parametrize("name", ["sender-missing", "sender-string"])
def test_an_event_without_a_senders_login_is_refused_and_never_taken_for_the_author(repo, tmp_path, name):
    assert event(name)["issue"]["user"]["login"] == "amal-r-demo"          # the author's own profile, otherwise
    with pytest.raises(EventError, match="it needs sender.login"):
        handle(event(name), repo, today=DAY)
    r = run_cli("form-to-profile", str(EVENTS / f"{name}.json"), "--out", str(tmp_path / "out"), "--repo", str(repo),
                "--today", "2026-12-01")
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert r.stderr == (f"error: {EVENTS / f'{name}.json'}: not an issues event: it needs sender.login, the account "
                        "that opened or edited the issue\n")
    assert not (tmp_path / "out").exists()


# --- problems, at the question to fix -------------------------------------------------------------

def test_each_problem_names_the_question_and_line_in_validates_words(repo, tmp_path):
    ev = with_answer(event("complete"), "Skills", "Translation, expert, 6\nPyhton, beginner\nSubtitling")
    ev = with_answer(ev, "Work experience", "Title: Translator\nOrganisation: Self-employed\nStart: 2022-13")
    ev = with_answer(ev, "Hours a week", "twenty")
    outcome = handle(ev, repo, today=DAY)
    assert not outcome.ready
    found = {(p.place, p.code, p.message) for p in outcome.problems}
    assert ("Skills, line 2", "P004", "'Pyhton' is not a known skill; did you mean 'Python'?") in found
    assert ("Skills, line 3", "P009", "the required field 'level' is missing") in found
    assert ("Work experience, line 3", "P013", "'2022-13' is not in the expected format") in found
    assert ("Hours a week", "P010", "this should be a whole number, not text") in found
    write_result(outcome, tmp_path / "out", DOCS)
    text = (tmp_path / "out" / "comment.md").read_text()
    assert "**Skills\\, line 2**: \\'Pyhton\\' is not a known skill\\; did you mean \\'Python\\'\\? " \
           f"([P004]({DOCS}#p004) unknown-skill)" in text
    assert "Answer Skills as the form shows under it\\." in text         # not validate's "Add a line 'level: ...'"


def test_a_line_of_a_list_that_cannot_be_read_is_a_problem_at_that_line(repo):
    ev = with_answer(event("complete"), "Skills", "Translation, expert, 6, since 2019")
    ev = with_answer(ev, "Studies", "Title: BA\nInstitution: Damascus\nCompleted: yes\n\nSchool: Aleppo")
    outcome = handle(ev, repo, today=DAY)
    f002 = [(p.place, p.message) for p in outcome.problems if p.code == "F002"]
    assert f002 == [("Skills, line 1", "line 1 has 4 parts separated by commas; this list has 3: skill, level, years"),
                    ("Studies, line 5", "line 5 does not start with one of: Title, Institution, Year, Completed, Note")]


def test_empty_consent_dates_wait_for_the_programme_and_do_not_stop_the_pull_request(repo, tmp_path):
    ev = with_answer(with_answer(event("complete"), "Consent given on", "_No response_"),
                     "Consent expires on", "_No response_")
    outcome = handle(ev, repo, today=DAY)
    assert outcome.ready and {p.code for p in outcome.problems} == {"P009"}
    write_result(outcome, tmp_path / "out", DOCS)
    text = (tmp_path / "out" / "comment.md").read_text()
    assert "**Waiting for the programme:** the consent dates are empty." in text and "To fix:" not in text


# --- hostile answers ------------------------------------------------------------------------------

HOSTILE = {
    "script": "<script>alert(document.cookie)</script><img src=x onerror=alert(1)>",
    "yaml-mapping": "key: value\nother: [1, 2]",
    "yaml-syntax": "&anchor *alias !!python/object/apply:os.system ['id'] {a: b} | > # not a comment",
    "yaml-document": "---\nname: Someone Else\n...",
    "quotes": "'single' \"double\" \\backslash\\ `back`",
    "expression": "${{ github.token }} ${{ secrets.OUTCOMES_TOKEN }}",
    "shell": "$(touch /tmp/pwned-form) `touch /tmp/pwned-form`; touch /tmp/pwned-form && echo | cat",
    "controls": "bell\x07 escape\x1b[31m null\x00 delete\x7f nel\x85 sep\u2028end",
    "bidi": "admin\u202egnp.exe\u2066isolate\u2069 zero\u200bwidth",
}


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_a_hostile_summary_is_written_as_inert_text(repo, kind):
    value = HOSTILE[kind]
    outcome = handle(with_answer(event("complete"), "About your work", value), repo, today=DAY)
    raw = outcome.write["profiles/leila-k.yaml"]
    data = written(outcome, "leila-k")
    assert data["summary"] == value.replace("\r", "\n")     # as written, nothing interpreted
    assert data["name"] == "Leila K." and set(data) >= {"github", "consent"}
    assert all(not (0xD800 <= ord(c) <= 0xDFFF) for c in raw.decode())
    assert not any(c in raw.decode() for c in "\u202e\u2066\u2069\u200b\x00\x07\x1b")   # escaped, never raw
    assert outcome.ready and outcome.problems == [], [p.text() for p in outcome.problems]


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_a_hostile_name_or_headline_is_inert_text_or_a_located_problem(repo, kind):
    value = HOSTILE[kind].replace("\n", " ")
    outcome = handle(with_answer(event("complete"), "Headline", value[:90]), repo, today=DAY)
    assert written(outcome, "leila-k")["headline"] == value[:90]
    assert all(p.field == "Headline" for p in outcome.problems), [p.text() for p in outcome.problems]
    if kind in ("controls", "bidi"):
        assert [p.code for p in outcome.problems] == ["P027"] and not outcome.ready


def test_shell_metacharacters_run_nothing_through_the_command(repo, tmp_path):
    marker = tmp_path / "pwned"
    value = f"$(touch {marker}) `touch {marker}`; touch {marker} | sh"
    ev = with_answer(with_answer(event("complete"), "About your work", value), "Pronouns", "$(rm -rf ~);`id`")
    (tmp_path / "event.json").write_text(json.dumps(ev))
    r = run_cli("form-to-profile", str(tmp_path / "event.json"), "--out", str(tmp_path / "out"), "--repo", str(repo),
                "--today", "2026-12-01")
    assert r.returncode == 0, r.stdout + r.stderr
    assert not marker.exists()
    data = load_bytes((tmp_path / "out" / "files" / "profiles" / "leila-k.yaml").read_bytes(), "x").data
    assert data["summary"] == value and data["pronouns"] == "$(rm -rf ~);`id`"


def test_100_kb_of_text_is_refused_at_its_question_and_not_written(repo):
    outcome = handle(with_answer(event("complete"), "About your work", "word " * 20_000), repo, today=DAY)
    assert [(p.field, p.code, p.message) for p in outcome.problems] == [
        ("About your work", "P012", "is 99999 characters long; the limit is 1500"),
        ("About your work", "P009", "the required field 'summary' is missing")]
    assert "summary" not in written(outcome, "leila-k") and not outcome.ready
    outcome = handle(with_answer(event("complete"), "Skills", "Translation, expert, 6\n" * 5000), repo, today=DAY)
    assert ("Skills", "P012", "is 114999 characters long; the limit is 4800") in \
        [(p.field, p.code, p.message) for p in outcome.problems]
    assert {p.field for p in outcome.problems} == {"Skills"}
    assert len(outcome.write["profiles/leila-k.yaml"]) < 8000


def test_an_issue_text_longer_than_any_form_is_refused(repo):
    ev = event("complete")
    ev["issue"]["body"] += "x" * answers_module.MAX_BODY
    assert codes(handle(ev, repo, today=DAY)) == ["F005"]


def test_a_comment_shows_quoted_answers_as_written_never_as_markdown(repo, tmp_path):
    ev = with_answer(event("complete"), "Skills", "[click](https://evil.example) <b>x</b>, beginner")
    outcome = handle(ev, repo, today=DAY)
    write_result(outcome, tmp_path / "out", DOCS)
    text = (tmp_path / "out" / "comment.md").read_text()
    assert "\\[click\\]\\(https\\:\\/\\/evil\\.example\\) \\<b\\>x\\<\\/b\\>" in text
    assert "[click](" not in text and "<b>" not in text


def test_the_written_file_quotes_every_text():
    from build_scripts.form.request import dump_profile
    text = dump_profile({"name": "yes", "headline": "null", "summary": "- 1\n- 2", "skills": [{"name": "on",
                        "level": "expert", "years": 2}], "consent": {"photo": False}}, 7).decode()
    assert text.splitlines()[1:] == ['name: "yes"', 'headline: "null"', 'summary: "- 1\\n- 2"', "skills:",
                                     '  - name: "on"', '    level: "expert"', "    years: 2", "consent:",
                                     "  photo: false"]
    odd = dump_profile({"na\u202eme: x": "y", "?": "z"}, 7).decode()
    assert odd.splitlines()[1:] == ['"na\\u202Eme: x": "y"', '"?": "z"']


# --- remove ---------------------------------------------------------------------------------------

def test_remove_deletes_the_profile_and_its_photo(repo, tmp_path):
    outcome = handle(event("remove"), repo, today=DAY)
    assert (outcome.ready, outcome.action, outcome.write) == (True, "remove", {})
    assert outcome.delete == ["profiles/ahmad-m.yaml", "profiles/photos/ahmad-m.jpg"]
    write_result(outcome, tmp_path / "out", DOCS)
    assert apply_result(tmp_path / "out", repo) == ["profiles/ahmad-m.yaml", "profiles/photos/ahmad-m.jpg"]
    assert not (repo / "profiles" / "ahmad-m.yaml").exists() and not (repo / "profiles" / "photos" / "ahmad-m.jpg").exists()
    assert (repo / "profiles" / "amal-r.yaml").exists()


def test_remove_without_a_profile_has_nothing_to_remove(repo, tmp_path):
    ev = event("remove")
    ev["issue"]["user"]["login"] = ev["sender"]["login"] = "leila-k"
    outcome = handle(ev, repo, today=DAY)
    assert (outcome.ready, outcome.delete) == (False, [])
    write_result(outcome, tmp_path / "out", DOCS)
    assert "no profile has your GitHub login, so there is nothing to remove" in (tmp_path / "out" / "comment.md").read_text()


# --- consent: kept unless the form changes it ------------------------------------------------------

KEEP, CHANGE = (label for _, label in next(f for f in form_fields() if f.id == "consent-choice").options)
BOXES = ("- [{}] Show my photo on the site: I agreed this with the programme\n"
         "- [{}] Show the country where I live: I agreed this with the programme")


def test_an_update_that_leaves_consent_on_keep_keeps_the_photo_and_the_country(repo, tmp_path):
    outcome = handle(event("keep-consent"), repo, today=DAY)      # ahmad-m changes his hours; no box ticked
    assert (outcome.ready, outcome.problems, outcome.delete) == (True, [], [])
    data = written(outcome, "ahmad-m")
    assert data["availability"]["hours_per_week"] == "30"
    assert (data["photo"], data["country"]) == ("profiles/photos/ahmad-m.jpg", "LB")
    assert (data["consent"]["photo"], data["consent"]["country"]) == ("true", "true")
    write_result(outcome, tmp_path / "out", DOCS)
    said = (tmp_path / "out" / "comment.md").read_text()
    assert in_language("en").comment["consent-kept"] in said and "deleted" not in said


@pytest.mark.parametrize("choice, photo, country, shown, deleted", [
    (KEEP, " ", " ", ("true", "true"), []),
    (KEEP, "X", " ", ("true", "true"), []),
    ("_No response_", " ", " ", ("true", "true"), []),           # GitHub's "None": the same as keep
    (CHANGE, "X", "X", ("true", "true"), []),
    (CHANGE, "X", " ", ("true", "false"), []),
    (CHANGE, " ", "X", ("false", "true"), ["profiles/photos/ahmad-m.jpg"]),
    (CHANGE, " ", " ", ("false", "false"), ["profiles/photos/ahmad-m.jpg"]),
])
def test_keep_changes_only_what_is_ticked_and_change_withdraws_each_empty_box(repo, choice, photo, country, shown,
                                                                              deleted):
    ev = with_answer(with_answer(event("keep-consent"), "Consent: keep or change", choice), "Consent",
                     BOXES.format(photo, country))
    outcome = handle(ev, repo, today=DAY)
    data = written(outcome, "ahmad-m")
    assert (data["consent"]["photo"], data["consent"]["country"]) == shown and outcome.delete == deleted
    assert ("photo" in data, "country" in data) == (shown[0] == "true", shown[1] == "true")
    assert ("photo-removed" in outcome.notes, "country-removed" in outcome.notes) == (shown[0] == "false",
                                                                                      shown[1] == "false")
    # without the country, a city's time zone and ar-SY would still tell it: the form writes them without it
    assert (outcome.problems, outcome.ready) == ([], True)
    assert (data["timezone"], data["languages"][0]["code"]) == (
        ("Asia/Beirut", "ar-SY") if shown[1] == "true" else ("UTC+2", "ar"))


def test_on_keep_a_ticked_box_adds_consent_the_profile_did_not_give(repo):
    ev = with_answer(event("keep-consent"), "Consent", BOXES.format(" ", "X"))
    ev["issue"]["user"]["login"] = ev["sender"]["login"] = "amal-r-demo"       # amal-r: country yes, photo no
    outcome = handle(with_answer(ev, "Photo", "none"), repo, today=DAY)
    data = written(outcome, "amal-r")
    assert (data["consent"]["photo"], data["consent"]["country"]) == ("false", "true") and outcome.ready
    (repo / "profiles" / "amal-r.yaml").write_text((repo / "profiles" / "amal-r.yaml").read_text()
                                                   .replace("  country: true", "  country: false")
                                                   .replace("country: JO\n", ""))
    outcome = handle(with_answer(ev, "Country", "JO"), repo, today=DAY)
    data = written(outcome, "amal-r")
    assert (data["country"], data["consent"]["country"]) == ("JO", "true") and outcome.ready


def test_changing_consent_in_the_arabic_form_withdraws_the_photo_and_says_so_in_arabic(repo, tmp_path):
    outcome = handle(event("withdraw-photo-ar"), repo, today=DAY)
    assert (outcome.ready, outcome.lang, outcome.delete) == (True, "ar", ["profiles/photos/ahmad-m.jpg"])
    data = written(outcome, "ahmad-m")
    assert "photo" not in data and (data["consent"]["photo"], data["country"]) == ("false", "LB")
    write_result(outcome, tmp_path / "out", DOCS)
    said = (tmp_path / "out" / "comment.md").read_text()
    assert in_language("ar").comment["photo-removed"] in said and "consent-kept" not in outcome.notes


def test_none_in_the_photo_box_deletes_the_photo_and_leaves_consent_as_it_is(repo):
    outcome = handle(with_answer(event("keep-consent"), "Photo", "none"), repo, today=DAY)
    assert outcome.delete == ["profiles/photos/ahmad-m.jpg"] and "photo-removed" in outcome.notes and outcome.ready
    data = written(outcome, "ahmad-m")
    assert "photo" not in data and data["consent"]["photo"] == "true"


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_consent_reminders_renewal_link_sent_as_it_opens_keeps_the_photo_and_the_country(repo, lang):
    from urllib.parse import parse_qs, urlsplit

    from build_scripts.config import load_config
    from build_scripts.reminders import Consent, reminder_issues
    from build_scripts.reminders import form_fields as template_fields
    due = Consent("profile", "ahmad-m", "profiles/ahmad-m.yaml", "ahmad-m-demo", DAY + dt.timedelta(days=20))
    [reminder] = reminder_issues([due], load_config(), template_fields(ROOT))
    links = [parse_qs(urlsplit(url).query) for url in re.findall(r"\]\((https://[^)\s]+)\)", reminder["body"])]
    [renew] = [q for q in links if q["template"] == [TEMPLATE_NAMES[lang]] and "Remove" not in q["title"][0]]
    prefilled = {key: value for key, [value] in renew.items() if key not in ("template", "title")}
    assert prefilled["id"] == "ahmad-m"
    prefilled.setdefault("action", 0)      # the Arabic link leaves the first question to the person: update
    ev = event("keep-consent")
    ev["issue"]["body"] = issue_text(lang, prefilled)
    outcome = handle(ev, repo, today=DAY)
    assert (outcome.ready, outcome.lang, outcome.delete, outcome.problems) == (True, lang, [], [])
    data = written(outcome, "ahmad-m")
    assert (data["photo"], data["country"], data["consent"]["photo"]) == ("profiles/photos/ahmad-m.jpg", "LB", "true")


def test_an_issue_made_before_the_form_asked_keeps_its_promise_an_empty_box_withdraws(repo):
    # remove.json is the form as it was: no keep-or-change question, and it said to tick each box every time
    ev = with_answer(event("remove"), "What do you want to do?", "Add or update my profile")
    ev = with_answer(ev, "Consent", "- [ ] Show my photo on the site: I agreed this with the programme\n"
                                    "- [X] Show the country where I live: I agreed this with the programme")
    outcome = handle(ev, repo, today=DAY)
    assert outcome.delete == ["profiles/photos/ahmad-m.jpg"] and "photo-removed" in outcome.notes
    assert "photo" not in written(outcome, "ahmad-m") and outcome.ready


# --- the photo ------------------------------------------------------------------------------------

UUID = "5c1f4e2a-8b3d-4f6e-9a7c-2d1e0f3b4a5c"


@pytest.fixture
def attached(tmp_path):
    """A local attachment host: the form's photo answer points at it, and the policy trusts only it."""
    servers = []

    def start(script: dict, answer_path: str = f"/user-attachments/assets/{UUID}"):
        server = Server(script)
        servers.append(server)
        policy = Policy(hosts=frozenset({"127.0.0.1"}))
        ev = with_answer(event("with-photo"), "Photo", f'<img width="480" alt="me" src="{server.url}{answer_path}" />')
        return server, policy, ev
    yield start
    for s in servers:
        s.close()


def test_an_attached_photo_is_fetched_and_remade_from_its_pixels(repo, attached):
    original = encoded("JPEG", Image.new("RGB", (800, 600), (200, 120, 40)), exif=phone_exif())
    assert "GPS location" in inspect_bytes(original).metadata
    server, policy, ev = attached({f"/user-attachments/assets/{UUID}": [(200, {"Content-Type": "image/jpeg"}, original)]})
    outcome = handle(ev, repo, today=DAY, photo_policy=policy)
    assert outcome.ready, [p.text() for p in outcome.problems]
    photo = outcome.write["profiles/photos/leila-k.jpg"]
    found = inspect_bytes(photo)
    assert (found.format, found.metadata) == ("JPEG", ())
    assert Image.open(io.BytesIO(photo)).size == (640, 640)
    assert written(outcome, "leila-k")["photo"] == "profiles/photos/leila-k.jpg"
    assert [h.get("Authorization") for _, h in server.seen] == [None]          # no token goes anywhere


def test_a_redirect_to_githubs_image_store_is_followed_but_no_other(repo, attached):
    png = encoded("PNG", Image.new("RGB", (300, 300), (0, 90, 200)))
    server, policy, ev = attached({f"/user-attachments/assets/{UUID}": [(302, {"Location": "/store/a.png?jwt=x"}, b"")],
                                   "/store/a.png": [(200, {"Content-Type": "image/png"}, png)]})
    assert handle(ev, repo, today=DAY, photo_policy=policy).ready
    port = server.url.rsplit(":", 1)[1]
    server, policy, ev = attached({f"/user-attachments/assets/{UUID}": [
        (302, {"Location": f"http://localhost:{port}/store/a.png"}, b"")], "/store/a.png": [(200, {}, png)]})
    outcome = handle(ev, repo, today=DAY, photo_policy=policy)
    assert codes(outcome) == ["F003"] and "which is not where GitHub keeps attached photos" in outcome.problems[0].message
    assert [path for path, _ in server.seen] == [f"/user-attachments/assets/{UUID}"]


@pytest.mark.parametrize("target", [f"http://github.com/user-attachments/assets/{UUID}",      # plain http
                                    "https://photos.example/store/a.png",                  # another host
                                    "http://photos.example/store/a.png"])
def test_a_redirect_to_plain_http_or_another_host_is_a_photo_refusal_in_the_forms_words(repo, attached, target):
    first = f"/user-attachments/assets/{UUID}"
    server, policy, ev = attached({first: [(302, {"Location": target + "?jwt=secret"}, b"")]})
    outcome = handle(ev, repo, today=DAY, photo_policy=Policy(hosts=policy.hosts | {"github.com"}))
    [p] = outcome.problems
    assert (p.code, p.field, p.message) == (
        "F003", "Photo", f"{server.url}{first} leads on to {target}, which is not where GitHub keeps attached photos")
    assert p.hint.startswith("Take the photo out of the Photo box and attach it again")
    assert "outcomes" not in p.message and "secret" not in p.message and not outcome.ready
    assert [path for path, _ in server.seen] == [first]                  # the redirect is never followed
    outcome.lang = "ar"                                                  # the replies in Arabic: the form's words
    said = comment_module.render(outcome, DOCS)
    assert f"{comment_module._md_text(server.url + first)} يحوّل إلى" in said and "أخرج الصورة من خانة «Photo»" in said
    assert "leads on to" not in said


@pytest.mark.parametrize("answer, served, expected", [
    ("html", (200, {"Content-Type": "text/html"}, b"<html>sign in</html>"), "is not a JPEG, PNG or WebP image (it is text/html)"),
    ("not-an-image", (200, {"Content-Type": "image/png"}, b"GIF89a not a png"), "the attached file is not a JPEG, PNG or WebP image"),
    ("gif", (200, {"Content-Type": "image/gif"}, b"GIF89a"), "is not a JPEG, PNG or WebP image (it is image/gif)"),
    ("missing", (404, {}, b""), "answered HTTP 404"),
])
def test_a_photo_that_is_no_usable_image_is_refused_with_the_reason(repo, attached, answer, served, expected):
    server, policy, ev = attached({f"/user-attachments/assets/{UUID}": [served]})
    outcome = handle(ev, repo, today=DAY, photo_policy=policy)
    assert codes(outcome) == ["F003"] and expected in outcome.problems[0].message
    assert outcome.problems[0].field == "Photo" and "profiles/photos/leila-k.jpg" not in outcome.write
    message, hint = outcome.problems[0].said_in(in_language("ar"))        # the form's own words, in Arabic too
    outcome.lang = "ar"
    said = comment_module.render(outcome, DOCS)
    assert re.match("[\u0600-\u06ff]", hint) and comment_module._md_text(hint) in said
    assert re.search("[\u0600-\u06ff]{3}", message) and comment_module._md_text(message) in said


def test_a_photo_larger_than_the_cap_is_refused(repo, attached):
    server, policy, ev = attached({f"/user-attachments/assets/{UUID}": [(200, {"Content-Type": "image/jpeg"}, "endless")]})
    small = Policy(hosts=policy.hosts, limits=type(policy.limits)(max_bytes=100_000, retries=0))
    outcome = handle(ev, repo, today=DAY, photo_policy=small)
    assert codes(outcome) == ["F003"] and "more than 100000 bytes" in outcome.problems[0].message


@pytest.mark.parametrize("answer", ["![me](https://evil.example/user-attachments/assets/x.jpg)",
                                    "https://github.com/login?return_to=/user-attachments/assets/x",
                                    "http://github.com/user-attachments/assets/5c1f4e2a-8b3d-4f6e-9a7c-2d1e0f3b4a5c",
                                    "https://user:pw@github.com/user-attachments/assets/5c1f4e2a-8b3d"])
def test_a_photo_address_that_is_no_github_attachment_is_refused_without_a_request(repo, answer, monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("no request may be made")
    monkeypatch.setattr("requests.Session.request", no_network)
    outcome = handle(with_answer(event("with-photo"), "Photo", answer), repo, today=DAY)
    assert codes(outcome) == ["F003"] and "is not an address of a photo attached on GitHub" in outcome.problems[0].message


def test_a_photo_without_the_tick_or_two_photos_are_refused(repo):
    ev = with_answer(event("with-photo"), "Consent", "- [ ] Show my photo on the site: I agreed this with the programme\n"
                                                     "- [ ] Show the country where I live: I agreed this with the programme")
    outcome = handle(ev, repo, today=DAY)
    assert [p.message for p in outcome.problems if p.code == "F003"] == [
        "a photo is attached, but \"Show my photo\" is not ticked"]
    two = "![a](https://github.com/user-attachments/assets/1111aaaa-2222) ![b](https://github.com/user-attachments/assets/3333bbbb-4444)"
    outcome = handle(with_answer(event("with-photo"), "Photo", two), repo, today=DAY)
    assert [p.message for p in outcome.problems] == ["the answer holds 2 addresses; attach one photo only"]


# --- the result, applied and checked in the job that may push ---------------------------------------

def test_apply_writes_only_profile_and_photo_files_of_the_ids_named(repo, tmp_path):
    outcome = handle(event("complete"), repo, today=DAY)
    out = tmp_path / "out"
    write_result(outcome, out, DOCS)
    result = json.loads((out / "result.json").read_text())
    for key, paths in [("write", ["build_scripts/__init__.py"]), ("write", ["profiles/amal-r.yaml"]),
                       ("delete", ["profiles/../README.md"]), ("delete", ["profiles/photos/amal-r.jpg"])]:
        (out / "result.json").write_text(json.dumps({**result, key: paths}))
        with pytest.raises(ResultError, match="names a file that is not a profile or photo of leila-k"):
            apply_result(out, repo)
    (out / "result.json").write_text(json.dumps({**result, "branch": "main"}))
    with pytest.raises(ResultError, match="does not name a login, its branch"):
        apply_result(out, repo)
    (out / "result.json").write_text(json.dumps(result))
    target = out / "files" / "profiles" / "leila-k.yaml"
    target.unlink()
    target.symlink_to(repo / "profiles" / "amal-r.yaml")
    with pytest.raises(ResultError, match="is not a regular file"):
        apply_result(out, repo)


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
                          check=True, capture_output=True, text=True).stdout.strip()


def test_the_branch_gets_the_check_every_pull_request_gets(repo, tmp_path):
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "base")
    base = git(repo, "rev-parse", "HEAD")
    out = tmp_path / "out"
    write_result(handle(event("complete"), repo, today=DAY), out, DOCS)
    apply_result(out, repo)
    git(repo, "checkout", "-q", "-B", read_result(out)["branch"])
    git(repo, "add", "-A", "--", "profiles")
    git(repo, "commit", "-q", "-F", str(out / "commit-message.txt"))
    assert check_branch(out, repo, base, today=DAY) == "open"
    assert (out / "comment.md").read_text().endswith("**The check every pull request gets**, run on this one: passed.\n")
    # the same branch with someone else's profile changed as well fails the ownership check
    (repo / "profiles" / "amal-r.yaml").write_text((repo / "profiles" / "amal-r.yaml").read_text() + "# edited\n")
    git(repo, "commit", "-q", "-am", "more")
    assert check_branch(out, repo, base, today=DAY) == "failed"
    assert "O001 " in (out / "comment.md").read_text() and "profiles/amal-r.yaml" in (out / "comment.md").read_text()
    git(repo, "reset", "-q", "--hard", base)
    assert check_branch(out, repo, base, today=DAY) == "unchanged"


def test_an_answer_cannot_stand_in_for_an_earlier_question():
    body = ("### What do you want to do?\n\nAdd or update my profile\n\n### Your name\n\nA. B.\n\n"
            "### About your work\n\nI write.\n### Your name\n\nMallory\n\n### Skills\n\nPython, expert")
    draft = read_form(body, load_vocabulary())
    assert draft.values[("name",)] == "A. B."
    assert draft.values[("summary",)] == "I write.\n### Your name\n\nMallory"
    assert draft.values[("skills",)] == [{"name": "Python", "level": "expert"}]


def test_the_contributor_help_opens_this_form_first(tmp_path):
    from build_scripts.config import load_config
    from build_scripts.reference import render_contributor_help
    from build_scripts.render import environment

    config = load_config()
    shutil.copytree(ROOT / "docs" / "contributing", tmp_path / "contributing")
    render_contributor_help(tmp_path, environment(config, load_vocabulary()))
    page = (tmp_path / "contributing" / "profile.md").read_text()
    link = f"({config.repository_url.rstrip('/')}/issues/new?template={fields_module.TEMPLATE_NAME})"
    assert link in page and TEMPLATE_PATH.name == fields_module.TEMPLATE_NAME
    assert page.index("## Edit your profile with a form, without git") < page.index(link) < page.index("## Or ask")
    # the Arabic form beside it, and the question that chooses the replies' language, by its label
    section = page[page.index("## Edit your profile with a form"):page.index("## Or ask")]
    assert f"({fields_module.form_url('ar')})" in section and f"**{in_language('en').reply['label'].split(' / ')[0]}**" in section


def asking_keep_or_change(ev: dict, choice: str) -> dict:
    """complete.json was made before the form asked whether to keep or change consent: the question answered."""
    ev = copy.deepcopy(ev)
    ev["issue"]["body"] = ev["issue"]["body"].replace(
        "### Consent\n\n", f"### Consent: keep or change\n\n{choice}\n\n### Consent\n\n", 1)
    return ev


def test_a_country_without_its_tick_is_a_problem_at_country_in_the_forms_words(repo):
    ev = with_answer(asking_keep_or_change(event("complete"), KEEP), "Consent", BOXES.format(" ", " "))
    ev = with_answer(ev, "Time zone", "UTC+3")
    outcome = handle(ev, repo, today=DAY)
    assert [(p.place, p.code) for p in outcome.problems] == [("Country", "P025")] and not outcome.ready
    assert outcome.problems[0].hint.startswith("This issue and your profile file are public. Leave Country empty")


@pytest.mark.parametrize("choice", [CHANGE, None])        # None: the form before it asked, where an empty box withdraws
def test_a_country_written_in_a_form_that_withdraws_it_is_left_out_with_what_would_name_it(repo, tmp_path, choice):
    ev = event("complete") if choice is None else asking_keep_or_change(event("complete"), choice)
    outcome = handle(with_answer(ev, "Consent", BOXES.format(" ", " ")), repo, today=DAY)
    data = written(outcome, "leila-k")
    assert (outcome.ready, "country" in data, data["timezone"]) == (True, False, "UTC+3")    # Asia/Amman, JO
    assert outcome.notes == ["country-removed", Note("zone-offset", (("zone", "Asia/Amman"), ("offset", "UTC+3")))]


# --- withdrawing the country: what would still name it is rewritten, never refused --------------------

def test_withdrawing_the_country_rewrites_the_time_zone_and_languages_and_says_each_change(repo, tmp_path):
    outcome = handle(event("withdraw-country"), repo, today=DAY)   # ahmad-m: Asia/Beirut, ar-SY; "Change", country empty
    assert (outcome.ready, outcome.problems, outcome.delete) == (True, [], [])
    data = written(outcome, "ahmad-m")
    assert "country" not in data and (data["consent"]["country"], data["consent"]["photo"]) == ("false", "true")
    assert (data["timezone"], [lang["code"] for lang in data["languages"]]) == ("UTC+2", ["ar", "en", "fr"])
    assert [lang["level"] for lang in data["languages"]] == ["native", "B2", "A2"]
    write_result(outcome, tmp_path / "out", DOCS)
    said = (tmp_path / "out" / "comment.md").read_text(encoding="utf-8")
    assert said.endswith(
        'Your country is taken out of your profile, as "Show the country where I live" is not chosen.\n\n'
        "Your time zone becomes `UTC+2` instead of `Asia/Beirut`, as a city's time zone would tell readers "
        "your country: `UTC+2` is the offset from UTC of `Asia/Beirut` today. An offset does not follow summer time: "
        "when your clocks change, write the new one in Time zone with the form.\n\n"
        "Your language `ar-SY` becomes `ar`: the part after the hyphen names a country.\n")


def test_a_withdrawal_goes_through_form_apply_and_the_pull_request_check(repo, tmp_path):
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "base")
    base = git(repo, "rev-parse", "HEAD")
    (tmp_path / "event.json").write_text(json.dumps(event("withdraw-country")), encoding="utf-8")
    r = run_cli("form-to-profile", str(tmp_path / "event.json"), "--out", str(tmp_path / "out"), "--repo", str(repo),
                "--today", DAY.isoformat())
    assert r.returncode == 0, r.stdout + r.stderr
    r = run_cli("form-apply", str(tmp_path / "out"), "--repo", str(repo))
    assert (r.returncode, r.stdout) == (0, "profiles/ahmad-m.yaml\n"), r.stderr
    git(repo, "checkout", "-q", "-B", read_result(tmp_path / "out")["branch"])
    git(repo, "commit", "-q", "-a", "-F", str(tmp_path / "out" / "commit-message.txt"))
    r = run_cli("form-check", str(tmp_path / "out"), "--base", base, "--repo", str(repo), "--today", DAY.isoformat())
    assert (r.returncode, r.stdout) == (0, "open\n"), r.stderr
    text = (repo / "profiles" / "ahmad-m.yaml").read_text(encoding="utf-8")
    assert "Beirut" not in text and "ar-SY" not in text and "LB" not in text and 'timezone: "UTC+2"' in text


def test_the_changes_a_withdrawal_makes_are_said_in_arabic(repo, tmp_path):
    outcome = handle(with_answer(event("withdraw-country"), "Language of our replies / لغة الرد", "العربية"), repo,
                     today=DAY)
    assert (outcome.ready, outcome.lang) == (True, "ar")
    write_result(outcome, tmp_path / "out", DOCS)
    said = (tmp_path / "out" / "comment.md").read_text(encoding="utf-8")
    assert "تصبح منطقتك الزمنية `UTC+2` بدلًا من `Asia/Beirut`" in said and "«المنطقة الزمنية»" in said
    assert "يصبح رمز لغتك `ar` بدلًا من `ar-SY`" in said and "{" not in said


@pytest.mark.parametrize("zone, day, now, note", [
    ("Asia/Beirut", dt.date(2026, 7, 1), "UTC+3", ("zone-offset", ())),          # in summer, the summer offset
    ("Asia/Kolkata", DAY, "UTC+6", ("zone-half-hour", (("exact", "UTC+5:30"), ("other", "UTC+5")))),
    ("America/St_Johns", DAY, "UTC-3", ("zone-half-hour", (("exact", "UTC-3:30"), ("other", "UTC-4")))),
    ("Asia/Kathmandu", DAY, "UTC+6", ("zone-half-hour", (("exact", "UTC+5:45"), ("other", "UTC+5")))),
    ("UTC+5:30", DAY, "UTC+6", ("offset-half-hour", (("exact", "UTC+5:30"), ("other", "UTC+5")))),
    ("UTC+3", DAY, "UTC+3", None),                                                # nothing to change
    ("UTC", DAY, "UTC", None),
])
def test_a_withdrawn_country_leaves_a_whole_hour_offset_and_the_comment_says_which(repo, tmp_path, zone, day, now, note):
    path = repo / "profiles" / "ahmad-m.yaml"
    path.write_text(path.read_text().replace("timezone: Asia/Beirut", f"timezone: {zone}"))
    outcome = handle(event("withdraw-country"), repo, today=day)
    assert (outcome.ready, outcome.problems, written(outcome, "ahmad-m")["timezone"]) == (True, [], now)
    zones = [n for n in outcome.notes if isinstance(n, Note) and n.key != "language-region"]
    if note is None:
        assert zones == []
        return
    values = dict(zones[0].values)
    assert (len(zones), zones[0].key, values["zone"], values["offset"]) == (1, note[0], zone, now)
    assert {k: values[k] for k, _ in note[1]} == dict(note[1])
    write_result(outcome, tmp_path / "out", DOCS)
    said = (tmp_path / "out" / "comment.md").read_text(encoding="utf-8")
    assert f"`{now}` is the nearest whole hour; if `{values['other']}` suits your working hours better" in said \
        if "other" in values else f"`{now}` is the offset from UTC of `{zone}` today" in said


def test_a_withdrawal_in_a_form_that_is_not_ready_says_nothing_changes_yet(repo, tmp_path):
    outcome = handle(with_answer(event("withdraw-country"), "Hours a week", "many"), repo, today=DAY)
    assert not outcome.ready and outcome.replaces and "country-removed" in outcome.notes
    write_result(outcome, tmp_path / "out", DOCS)
    said = (tmp_path / "out" / "comment.md").read_text(encoding="utf-8")
    c = in_language("en").comment
    assert said.index(c["fix"].format(login="ahmad-m-demo")) < said.index(c["errors"]) < said.index(c["not-yet"]) \
        < said.index(c["country-removed"])
    assert "before it becomes a pull request" not in said
    result = read_result(tmp_path / "out")
    assert (result["replaces"], result["closing"]) == (
        "profile-form/ahmad-m-demo", "Closed by the profile form: the latest form its author sent (#110) no longer "
        "matches this pull request. A new pull request is made when that form is ready.")
    assert (tmp_path / "out" / "comment-closed.md").read_text(encoding="utf-8") == c["closed"]


@pytest.mark.parametrize("name", ["edited-by-someone-else", "not-the-form", "complete"])
def test_only_the_authors_own_form_replaces_their_earlier_pull_request(repo, tmp_path, name):
    ev = event(name)
    if name == "complete":                               # a bot's issue: no answer at all
        ev["issue"]["user"]["login"] = ev["sender"]["login"] = "dependabot[bot]"
    outcome = handle(ev, repo, today=DAY)
    write_result(outcome, tmp_path / "out", DOCS)
    result = json.loads((tmp_path / "out" / "result.json").read_text())
    assert (result["replaces"] != "") == (name == "not-the-form") and not result["ready"]


def test_remove_reads_no_other_answer(repo):
    ev = with_answer(event("remove"), "Skills", "a, b, c, d, e")
    outcome = handle(ev, repo, today=DAY)
    assert outcome.ready and outcome.problems == []


# --- the form in Arabic, and replies in Arabic ------------------------------------------------------

def test_the_arabic_form_asks_the_same_questions_with_the_same_ids_and_choices():
    import yaml
    english, arabic = form_fields("en"), form_fields("ar")
    shape = lambda f: (f.id, f.path, f.kind, f.layout, tuple(v for v, _ in f.options),  # noqa: E731
                       tuple((c.name, c.required) for c in f.columns))
    assert [shape(f) for f in arabic] == [shape(f) for f in english]
    assert all(a.label != e.label for a, e in zip(arabic, english)), "every question is asked in Arabic"
    from build_scripts.form.words import in_language

    def needed(lang):
        return [f.id for f in form_fields(lang) if in_language(lang).text["needed"] in f.description]
    assert needed("ar") == needed("en") and {"name", "skills", "timezone"} <= set(needed("en"))
    files = {lang: yaml.safe_load(template_path(lang).read_text(encoding="utf-8")) for lang in ("en", "ar")}
    en, ar = ([(q["type"], q["id"], q.get("validations"), len(q["attributes"].get("options", [])))
               for q in files[lang]["body"][1:]] for lang in ("en", "ar"))
    assert ar == en and files["ar"]["labels"] == files["en"]["labels"] == ["profile-form"]
    assert files["ar"]["name"] == "أضف ملفي أو حدّثه"
    labels = [q["attributes"]["label"] for q in files["ar"]["body"][1:]]
    assert len(set(labels)) == len(labels)
    reply = {lang: next(q for q in files[lang]["body"] if q.get("id") == "reply")["attributes"] for lang in ("en", "ar")}
    assert reply["en"]["options"] == reply["ar"]["options"] == ["English", "العربية"]
    assert (reply["en"]["default"], reply["ar"]["default"]) == (0, 1)        # each form replies in its language


def test_each_form_links_the_other():
    from build_scripts.config import load_config
    repo = load_config().repository_url.rstrip("/")
    intro = {lang: template(lang)["body"][0]["attributes"]["value"] for lang in ("en", "ar")}
    assert intro["en"].startswith(f"**[هذا النموذج بالعربية]({repo}/issues/new?template=profile-ar.yml)**\n\n")
    assert intro["ar"].startswith(f"**[This form in English]({repo}/issues/new?template=profile.yml)**\n\n")


def test_the_arabic_form_says_which_values_stay_in_latin_letters():
    by_id = {f.id: f for f in form_fields("ar")}
    assert "بحروف لاتينية" in by_id["skills"].description and "JavaScript, advanced, 2" in by_id["skills"].description
    assert "بحروف لاتينية" in by_id["languages"].description and "`Arabic`" in by_id["languages"].description
    assert "بحروف لاتينية" in by_id["timezone"].description and "`Asia/Amman`" in by_id["timezone"].description
    assert "YYYY-MM-DD" in by_id["consent-given"].description and "٠-٩" in by_id["consent-given"].description
    assert "المسمى: Freelance web developer" in by_id["experience"].placeholder        # Arabic names, Latin values
    # what the English form leaves out (the photo's path in the file), the Arabic one leaves out too
    english = {f.id: f for f in form_fields("en")}
    assert english["photo"].description.startswith("Optional.") and by_id["photo"].description.startswith("اختيارية.")


def test_a_complete_arabic_form_gives_the_same_profile_as_the_same_answers_in_english(repo):
    english = handle(event("complete"), repo, today=DAY)
    arabic = handle(event("complete-ar"), repo, today=DAY)
    assert (arabic.ready, arabic.ids, arabic.problems, arabic.lang) == (True, ["leila-k"], [], "ar")
    assert english.lang == "en"
    # Arabic-Indic digits (٢٠٢٦-١١-٠١, ٢٠, ١٫٥), Arabic commas, نعم and لا, Arabic names of a list's fields
    assert written(arabic, "leila-k") == written(english, "leila-k")


def test_the_form_is_known_by_its_first_heading_and_no_answer_passes_for_the_other_forms_headings():
    vocab = load_vocabulary()
    arabic = event("complete-ar")["issue"]["body"].replace(
        "### عن عملك\n\n", "### عن عملك\n\n### What do you want to do?\n\nRemove my profile and my photo\n\n"
                           "### Your name\n\nMallory\n\n")
    draft = read_form(arabic, vocab)
    assert (draft.lang, draft.action, draft.values[("name",)]) == ("ar", "update", "Leila K.")
    assert draft.values[("summary",)].startswith("### What do you want to do?\n\nRemove my profile")
    english = ("### What do you want to do?\n\nAdd or update my profile\n\n### Your name\n\nA. B.\n\n"
               "### About your work\n\n### ماذا تريد أن تفعل؟\n\nاحذف ملفي الشخصي وصورتي\n\n### اسمك\n\nMallory")
    draft = read_form(english, vocab)
    assert (draft.lang, draft.reply, draft.action, draft.values[("name",)]) == ("en", "en", "update", "A. B.")
    assert draft.values[("summary",)] == "### ماذا تريد أن تفعل؟\n\nاحذف ملفي الشخصي وصورتي\n\n### اسمك\n\nMallory"
    # text before the first question is nobody's answer; a body with neither form's first question is no form
    assert read_form("### اسمك\n\nMallory\n\n" + english, vocab).lang == "en"
    assert [p.code for p in read_form("### اسمك\n\nMallory", vocab).problems] == ["F005"]


@pytest.mark.parametrize("label, answer, path, value", [
    ("الساعات في الأسبوع", "٢٠", ("availability", "hours_per_week"), 20),
    ("الساعات في الأسبوع", "۲۵", ("availability", "hours_per_week"), 25),        # Eastern Arabic-Indic
    ("تاريخ إعطاء الموافقة", "٢٠٢٦-١١-٠١", ("consent", "given"), "2026-11-01"),
    ("ساعات العمل: البداية", "٠٨:٣٠", ("working_hours", "start"), "08:30"),
    ("متاح ابتداءً من", "٢٠٢٧-٠١-١٥", ("availability", "from"), "2027-01-15"),
    ("العنوان المهني", "مترجمة منذ ٢٠١٩", ("headline",), "مترجمة منذ ٢٠١٩"),      # text keeps its digits
    ("الضمائر", "لا شيء", ("pronouns",), None),                                    # the Arabic `none`
])
def test_arabic_indic_digits_are_read_where_a_number_date_or_time_is_asked(label, answer, path, value):
    from build_scripts.form.answers import CLEAR
    draft = read_form(with_answer(event("complete-ar"), label, answer)["issue"]["body"], load_vocabulary())
    assert draft.problems == []
    assert draft.values[path] == (CLEAR if value is None else value)


def test_lists_in_the_arabic_form_read_arabic_digits_commas_and_yes_no():
    ev = with_answer(event("complete-ar"), "المهارات", "Translation، expert، ٦\n- Proofreading، intermediate، ٠٫٥")
    ev = with_answer(ev, "الدراسة", "المؤهل: BA\nInstitution: Damascus\nالسنة: ١٩٩٩\nمكتملة: نعم")
    draft = read_form(ev["issue"]["body"], load_vocabulary())
    assert draft.values[("skills",)] == [{"name": "Translation", "level": "expert", "years": 6},
                                         {"name": "Proofreading", "level": "intermediate", "years": 0.5}]
    assert draft.values[("education",)] == [{"title": "BA", "institution": "Damascus", "year": 1999, "completed": True}]


def test_a_comment_in_arabic_names_the_arabic_question_and_the_code_with_the_english_detail(repo, tmp_path):
    from build_scripts.translate import translation
    ar = translation("ar")
    ev = with_answer(event("complete-ar"), "المهارات", "Translation, expert, 6\nPyhton, beginner\nSubtitling")
    ev = with_answer(ev, "الساعات في الأسبوع", "عشرون")
    outcome = handle(ev, repo, today=DAY)
    assert not outcome.ready and outcome.lang == "ar"
    write_result(outcome, tmp_path / "out", "https://example.github.io/talent-portal/ar/problem-codes/")
    text = (tmp_path / "out" / "comment.md").read_text()
    assert text.startswith("<!-- profile-form -->\n\n**@leila-k، يحتاج نموذجك إلى تعديل.**")
    assert "\n\nما يجب إصلاحه:\n\n1. " in text
    item = text.split("**المهارات، السطر 2**: ", 1)[1].split("\n", 4)[:4]
    assert item == [
        f"{md(ar.entry('P004').summary)} ([P004](https://example.github.io/talent-portal/ar/problem-codes/#p004) "
        "unknown-skill)",
        "   - التفاصيل بالإنجليزية:",
        "     - " + md("'Pyhton' is not a known skill; did you mean 'Python'? (Skills are listed on the 'Skills and "
                       "tracks' page; to propose a new one, open an issue.)"),
        "   - الحل: " + md(ar.entry("P004").fix)]
    # a problem the form places at its question: the form's hint, in Arabic, is how to fix it
    assert "**المهارات، السطر 3**: " + md(ar.entry("P009").summary) in text
    assert "   - الحل: " + md("أجب عن «المهارات» كما يبيّن النموذج تحته.") in text
    assert "**الساعات في الأسبوع**: " + md(ar.entry("P010").summary) in text
    assert "قيمتها `true` أو `false`" in text          # the translation's own code spans show as code
    assert "**Skills" not in text and "To fix" not in text


def md(text: str) -> str:
    from build_scripts.problems import _md_text
    return _md_text(text)


def test_the_forms_own_problems_are_said_in_arabic_with_the_forms_labels(repo, tmp_path):
    outcome = handle(with_answer(event("complete-ar"), "معرّف الملف الشخصي", "amal-r"), repo, today=DAY)
    [p] = outcome.problems
    assert (p.code, p.field, p.message) == ("F001", "معرّف الملف الشخصي",
                                           "'amal-r' is taken by another person's profile: profiles/amal-r.yaml")
    write_result(outcome, tmp_path / "out", DOCS)
    text = (tmp_path / "out" / "comment.md").read_text()
    assert "   - " + md("المعرّف 'amal-r' يستخدمه ملف شخص آخر: profiles/amal-r.yaml") in text
    assert "   - الحل: " + md("اكتب معرّفًا آخر في «معرّف الملف الشخصي»، مثلًا amal-r2. إذا كان "
                               "profiles/amal-r.yaml ملفك، فأرسل النموذج من حساب GitHub المكتوب فيه") in text


def test_the_reply_language_is_the_forms_choice_whichever_form(repo, tmp_path):
    # the English form, Arabic replies: the English question's label, the rest in Arabic
    ev = with_answer(event("complete"), "Skills", "Pyhton, beginner")
    body = ev["issue"]["body"].replace("### Profile id", "### Language of our replies / لغة الرد\n\nالعربية\n\n"
                                                         "### Profile id", 1)
    ev["issue"]["body"] = body
    outcome = handle(ev, repo, today=DAY)
    assert outcome.lang == "ar"
    write_result(outcome, tmp_path / "en-ar", DOCS)
    assert "**Skills، السطر 1**: اسم مهارة غير موجود" in (tmp_path / "en-ar" / "comment.md").read_text()
    # the Arabic form, English replies: the Arabic question's label, validate's English words
    ev = with_answer(with_answer(event("complete-ar"), "لغة الرد", "English"), "المهارات", "Pyhton, beginner")
    outcome = handle(ev, repo, today=DAY)
    assert outcome.lang == "en"
    write_result(outcome, tmp_path / "ar-en", DOCS)
    text = (tmp_path / "ar-en" / "comment.md").read_text()
    assert "**@leila-k, your form needs a change" in text
    assert "**المهارات\\, line 1**: \\'Pyhton\\' is not a known skill" in text


def test_removal_and_refusals_reply_in_the_chosen_language(repo, tmp_path):
    ev = with_answer(event("complete-ar"), "ماذا تريد أن تفعل؟", "احذف ملفي الشخصي وصورتي")
    ev["issue"]["user"]["login"] = ev["sender"]["login"] = "ahmad-m-demo"
    outcome = handle(with_answer(ev, "المهارات", "a, b, c, d, e"), repo, today=DAY)
    assert (outcome.action, outcome.ready, outcome.problems, outcome.lang) == ("remove", True, [], "ar")
    assert outcome.delete == ["profiles/ahmad-m.yaml", "profiles/photos/ahmad-m.jpg"]
    write_result(outcome, tmp_path / "out", DOCS)
    assert "**@ahmad-m-demo، سيُحذف ملفك الشخصي `ahmad-m`" in (tmp_path / "out" / "comment.md").read_text()
    ev = event("complete-ar")
    ev["sender"]["login"] = "mallory-x"
    outcome = handle(ev, repo, today=DAY)
    write_result(outcome, tmp_path / "refused", DOCS)
    text = (tmp_path / "refused" / "comment.md").read_text()
    assert codes(outcome) == ["F001"] and outcome.write == {}
    assert md("غيّر هذا النموذجَ mallory-x، لا كاتبه leila-k") in text


def test_an_answer_that_is_no_reply_language_is_a_problem_and_the_forms_language_is_kept(repo):
    outcome = handle(with_answer(event("complete-ar"), "لغة الرد", "${{ github.token }}"), repo, today=DAY)
    assert outcome.lang == "ar" and [(p.field, p.code) for p in outcome.problems] == [("لغة الرد", "F002")]
    assert outcome.problems[0].message == "'${{ github.token }}' is not one of the choices: English، العربية"


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_hostile_answers_in_the_arabic_form_stay_inert(repo, tmp_path, kind):
    value = HOSTILE[kind]
    ev = with_answer(event("complete-ar"), "عن عملك", value)
    ev = with_answer(ev, "المهارات", value.replace("\n", " ") + "، expert")
    outcome = handle(ev, repo, today=DAY)
    data = written(outcome, "leila-k")
    assert data["summary"] == value and data["name"] == "Leila K."
    assert not any(c in outcome.write["profiles/leila-k.yaml"].decode() for c in "\u202e\u2066\u2069\u200b\x00\x07\x1b")
    assert {p.field for p in outcome.problems} <= {"المهارات", "عن عملك"}
    write_result(outcome, tmp_path / "out", DOCS)
    quoted = [line for line in (tmp_path / "out" / "comment.md").read_text().splitlines()
              if line.startswith(("   - ", "     - ")) and not line.startswith("   - الحل: ")]   # the details quote answers
    assert quoted and all(re.search(r"(?<!\\)[<>\[\]`*_$!]", line.split(": ", 1)[-1]) is None for line in quoted)


def test_the_pull_request_check_is_reported_in_the_chosen_language(tmp_path):
    from build_scripts.form.comment import check_section
    from build_scripts.problems import Problem
    from build_scripts.translate import translation
    p = Problem("profiles/leila-k.yaml", 7, 11, "P004", "'Pyhton' is not a known skill", "skills[0].name", "Check it.")
    english = check_section("failed", [p], "en")
    arabic = check_section("failed", [p], "ar")
    assert english.startswith("**The check every pull request gets**, run on this one: it found problems")
    assert "profiles/leila-k.yaml:7:11: P004 skills[0].name: 'Pyhton' is not a known skill\n    hint: Check it." in english
    assert arabic.startswith("**الفحص الذي يمر به كل pull request**، على هذا الـ pull request: وجد مشكلات")
    assert translation("ar").text(p).rstrip("\n") in arabic
    assert check_section("unchanged", [], "ar") == "لا شيء لتغييره: ملفك الشخصي في الفرع الرئيسي (main) يقول كل هذا من قبل.\n"


def test_the_result_carries_the_reply_language_to_the_job_that_checks(repo, tmp_path):
    out = tmp_path / "out"
    write_result(handle(event("complete-ar"), repo, today=DAY), out, DOCS)
    assert read_result(out)["lang"] == "ar"
    result = json.loads((out / "result.json").read_text())
    (out / "result.json").write_text(json.dumps({**result, "lang": "$(id)"}))
    with pytest.raises(ResultError, match="a language"):
        read_result(out)


def test_the_command_links_the_codes_page_of_the_replies_language(repo, tmp_path):
    ev = with_answer(event("complete-ar"), "المهارات", "Pyhton, beginner")
    (tmp_path / "event.json").write_text(json.dumps(ev, ensure_ascii=False), encoding="utf-8")
    r = run_cli("form-to-profile", str(tmp_path / "event.json"), "--out", str(tmp_path / "out"), "--repo", str(repo),
                "--today", "2026-12-01")
    assert r.returncode == 1, r.stderr
    text = (tmp_path / "out" / "comment.md").read_text()
    assert "(https://example.github.io/talent-portal/ar/problem-codes/#p004) unknown-skill)" in text


def test_empty_consent_dates_in_the_arabic_form_wait_for_the_programme_in_arabic(repo, tmp_path):
    ev = with_answer(with_answer(event("complete-ar"), "تاريخ إعطاء الموافقة", "_No response_"),
                     "تاريخ انتهاء الموافقة", "_No response_")
    outcome = handle(ev, repo, today=DAY)
    assert outcome.ready and [(p.field, p.code) for p in outcome.problems] == [("تاريخ إعطاء الموافقة", "P009")]
    write_result(outcome, tmp_path / "out", DOCS)
    text = (tmp_path / "out" / "comment.md").read_text()
    assert "**في انتظار البرنامج:** تواريخ الموافقة فارغة." in text and "ما يجب إصلاحه" not in text


def test_the_words_the_workflow_adds_to_the_comment_are_written_in_the_replies_language(repo, tmp_path):
    for name, lang in (("keep-consent", "en"), ("withdraw-photo-ar", "ar")):
        out = tmp_path / name
        write_result(handle(event(name), repo, today=DAY), out, DOCS)
        said = in_language(lang).comment
        assert (out / "comment-pull-request.md").read_text(encoding="utf-8") == said["pull-request"]
        assert (out / "comment-not-made.md").read_text(encoding="utf-8") == said["not-made"] + "\n"
        assert (out / "comment-closed.md").read_text(encoding="utf-8") == said["closed"]
        assert read_result(out)["closing"] == said["pull-request-closed"].format(issue=event(name)["issue"]["number"])
    assert (tmp_path / "withdraw-photo-ar" / "comment-not-made.md").read_text(encoding="utf-8").startswith("تعذّر")
    assert (tmp_path / "withdraw-photo-ar" / "comment-closed.md").read_text(encoding="utf-8").startswith("**أُغلق")
