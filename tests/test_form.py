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

import pytest
from PIL import Image

from build_scripts.form import answers as answers_module
from build_scripts.form import fields as fields_module
from build_scripts.form.answers import read_form
from build_scripts.form.change import ResultError, apply_result, check_branch, read_result, write_result
from build_scripts.form.fields import TEMPLATE_PATH, form_fields, template_text
from build_scripts.form.photo import Policy
from build_scripts.form.request import handle, id_from_name
from build_scripts.form.words import LABELS
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

def test_the_committed_form_is_what_the_schema_gives():
    assert TEMPLATE_PATH.read_text(encoding="utf-8") == template_text(), \
        "run: python -m build_scripts issue-form"
    r = run_cli("issue-form", "--check")
    assert (r.returncode, r.stdout) == (0, ".github/ISSUE_TEMPLATE/profile.yml is what the schema gives.\n")


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


def test_an_unticked_photo_is_deleted_with_the_update(repo):
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
    assert codes(outcome) == ["F003"] and "is not an address of a photo attached on GitHub" in outcome.problems[0].message
    assert [path for path, _ in server.seen] == [f"/user-attachments/assets/{UUID}"]


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


def test_a_country_without_its_tick_is_a_problem_at_country_in_the_forms_words(repo):
    ev = with_answer(event("complete"), "Consent", "- [ ] Show my photo on the site: I agreed this with the programme\n"
                                                   "- [ ] Show the country where I live: I agreed this with the programme")
    ev = with_answer(ev, "Time zone", "UTC+3")
    outcome = handle(ev, repo, today=DAY)
    assert [(p.place, p.code) for p in outcome.problems] == [("Country", "P025")] and not outcome.ready
    assert outcome.problems[0].hint.startswith("This issue and your profile file are public. Leave Country empty")


def test_remove_reads_no_other_answer(repo):
    ev = with_answer(event("remove"), "Skills", "a, b, c, d, e")
    outcome = handle(ev, repo, today=DAY)
    assert outcome.ready and outcome.problems == []
