"""Documentation stays complete: every problem code, every command, every field has its page."""

import html
import re

import pytest

from build_scripts.__main__ import parser
from build_scripts.config import load_config
from build_scripts.problems import CODES
from build_scripts.reference import render_reference
from build_scripts.render import environment
from build_scripts.schema import profile_schema
from build_scripts.vocab import load_vocabulary
from conftest import ROOT


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    docs = tmp_path_factory.mktemp("docs")
    vocab = load_vocabulary()
    render_reference(docs, environment(load_config(), vocab), vocab)
    return docs / "contributing"


@pytest.mark.parametrize("code", sorted(CODES))
def test_every_code_explains_what_why_and_fix(code, reference):
    c = CODES[code]
    assert len(c.summary) > 10 and len(c.why) > 10 and len(c.fix) > 10
    page = html.unescape((reference / "problem-codes.md").read_text())
    assert f"## {code}: {c.name} {{ #{code.lower()} }}" in page
    section = page.split(f"## {code}:")[1].split("\n## ")[0]
    assert c.fix in section and c.why in section


def test_codes_are_stable_and_unique():
    assert all(re.fullmatch(r"[PWODRSF][0-9]{3}", c) for c in CODES)
    assert len({c.name for c in CODES.values()}) == len(CODES)


def test_field_reference_lists_every_schema_field(reference):
    page = (reference / "fields.md").read_text()

    def walk(schema, prefix=""):
        for name, sub in schema.get("properties", {}).items():
            yield prefix + name
            if sub.get("type") == "object":
                yield from walk(sub, prefix + name + ".")
            elif sub.get("items", {}).get("type") == "object":
                yield from walk(sub["items"], prefix + name + "[].")

    missing = [f for f in walk(profile_schema()) if f"| `{f}` |" not in page]
    assert missing == []


def test_every_cli_command_is_documented():
    commands = parser()._subparsers._group_actions[0].choices
    text = (ROOT / "README.md").read_text() + (ROOT / "docs" / "contributing" / "profile.md").read_text()
    assert [c for c in commands if f"build_scripts {c}" not in text] == []


def test_readme_shows_the_two_commands_first():
    readme = (ROOT / "README.md").read_text()
    first_block = readme.split("```")[1]
    assert "make serve" in first_block and "make test" in first_block


def test_template_carries_the_schema_modeline():
    template = (ROOT / "docs" / "contributing" / "profile-template.yaml").read_text()
    assert template.splitlines()[0] == "# yaml-language-server: $schema=../schemas/profile.schema.json"


def test_field_reference_shows_examples_in_yaml_a_profile_can_hold(reference):
    from build_scripts.load import load_text
    from build_scripts.reference import field_rows
    from build_scripts.schema import apply_types, subschema

    page = (reference / "fields.md").read_text()
    row = {line.split("`")[1]: line for line in page.splitlines() if line.startswith("| `")}
    assert row["synthetic"].endswith("| `true` |")
    assert row["availability.engagement"].endswith("| `[freelance, part-time]` |")
    assert row["headline"].endswith('| `"Front-end developer: accessible React sites for NGOs and small shops"` |')
    examples = [line.rsplit("|", 2)[1] for line in row.values()]
    assert not [e for e in examples if "True" in e or "['" in e or "&#" in e], examples
    schema = profile_schema()
    for r in field_rows(schema, "", schema.get("required", [])):
        if not r["example"]:
            continue
        path = [0 if p == "[]" else p for p in re.findall(r"[^.\[\]]+|\[\]", r["path"])]
        field = subschema(schema, path)
        doc = load_text(f"x: {r['example']}\n", "example")
        assert doc.problems == [], (r["path"], r["example"])
        assert apply_types(doc.data, {"properties": {"x": field}})["x"] == field["examples"][0], r["path"]


def test_contributor_help_links_the_repository_and_shows_the_template(tmp_path):
    import shutil

    from build_scripts.reference import render_reference

    config = load_config()
    source = ROOT / "docs" / "contributing"
    shutil.copytree(source, tmp_path / "contributing")
    vocab = load_vocabulary()
    render_reference(tmp_path, environment(config, vocab), vocab)
    page = (tmp_path / "contributing" / "profile.md").read_text()
    repo = config.repository_url.rstrip("/")
    assert f"]({repo})" in page and f"]({repo}/issues)" in page and f"]({repo}/issues/new)" in page
    assert "<!-- portal:" not in page
    template = (source / "profile-template.yaml").read_text()
    assert f"```yaml\n{template}```\n" in page
    assert (source / "profile.md").read_text().count("<!-- portal:") == 3, "the hand-written page keeps its markers"


def test_the_commands_page_is_every_commands_own_help(tmp_path):
    from build_scripts.config import load_config
    from build_scripts.reference import command_help, render_reference
    from build_scripts.render import environment
    from build_scripts.vocab import load_vocabulary
    config, vocab = load_config(), load_vocabulary()
    docs = tmp_path / "docs"
    (docs / "contributing").mkdir(parents=True)
    render_reference(docs, environment(config, vocab), vocab)
    page = (docs / "contributing" / "commands.md").read_text()
    names = [name for name, _ in command_help()]
    assert {"validate", "check-pr", "new-profile", "build", "serve", "clean-photo", "outcomes"} <= set(names)
    for name, text in command_help():
        assert f"## {name}\n\n```text\n{text}\n```" in page
    assert "--format {text,github,json}" in page and "&#39;" not in page        # the help as printed, unescaped


def test_every_problem_code_the_code_names_is_declared_and_an_undeclared_one_fails_at_once():
    from build_scripts.outcomes import DataProblem
    from build_scripts.problems import Problem
    named = {code for path in (ROOT / "build_scripts").rglob("*.py")
             for code in re.findall(r"[\"']([PWODRSF]\d{3})[\"']", path.read_text())}
    assert named and named <= set(CODES), named - set(CODES)
    with pytest.raises(ValueError, match="undeclared problem code 'P999'"):
        Problem("f.yaml", 1, 1, "P999", "message")
    with pytest.raises(ValueError, match="undeclared problem code 'D099'"):
        DataProblem("learners.csv", 2, "gender", "D099", "message")


def test_a_mistyped_marker_in_a_hand_written_page_stops_the_build_with_its_name(tmp_path):
    from build_scripts.config import SettingsError
    from build_scripts.reference import render_contact
    docs = tmp_path / "docs"
    (docs / "employers").mkdir(parents=True)
    (docs / "employers" / "index.md").write_text("Ask us: <!-- portal:contact -->.\n")
    render_contact(docs, environment(load_config(), load_vocabulary()))
    assert "talent@example.org" in (docs / "employers" / "index.md").read_text()
    (docs / "about.md").write_text("If you prefer, <!--portal:contact-->.\n")
    with pytest.raises(SettingsError, match="docs/about.md: '<!--portal:contact-->' is not a marker"):
        render_contact(docs, environment(load_config(), load_vocabulary()))
