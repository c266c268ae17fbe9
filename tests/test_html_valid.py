"""Our markup is valid HTML on every page type: the Nu Html Checker (vnu.jar, from npm) run on a built site.

Errors that come from Material for MkDocs' own templates are listed below by message, not
skipped by page, so a new error of ours on any page fails.
"""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from conftest import ROOT

pytestmark = pytest.mark.slow
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

# Material's own markup, not ours: its drawer and search toggles and its header buttons.
THEIRS = (
    "Attribute “autocomplete” is only allowed when the input type is",      # <input type=checkbox autocomplete=off>
    "Bad value “” for attribute “tabindex” on element “label”",             # <label tabindex="">
)
PAGE_TYPES = ["index.html", "talent/index.html", "talent/nairobi-dev/index.html", "shortlist/index.html",
              "impact/index.html", "impact/method/index.html", "employers/index.html",
              *(f"employers/{g}/index.html" for g in ("contracting", "paying", "reading-cvs", "onboarding",
                                                     "partnership-models", "faq")), "about/index.html",
              "contributing/profile/index.html", "contributing/fields/index.html",
              "contributing/problem-codes/index.html", "contributing/skills-and-tracks/index.html", "404.html"]


@pytest.fixture(scope="module")
def site(built_fixture_site):
    return built_fixture_site


def check(files) -> list[dict]:
    java = shutil.which("java")
    assert java, "no Java runtime: run `make test`, which installs one"
    out = subprocess.run([java, "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, files)],
                         capture_output=True, text=True, timeout=300)
    return json.loads(out.stderr or out.stdout)["messages"]


def test_every_page_type_is_valid_html(site):
    files = [site / p for p in PAGE_TYPES]
    assert all(f.is_file() for f in files)
    ours = [f"{m['url'].rsplit('/site/', 1)[-1]}: {m['message']}" for m in check(files)
            if not m["message"].startswith(THEIRS)]
    assert not ours, "\n".join(ours)


def test_the_checker_reports_our_kind_of_error(tmp_path):
    # The checker itself must be able to fail: two descriptions, a leaked attribute, a repeated id.
    page = tmp_path / "bad.html"
    page.write_text('<!doctype html><html lang="en"><head><title>x</title><meta name="description" content="a">'
                    '<meta name="description" content="b"></head><body><div markdown id="a"></div>'
                    '<p id="a"></p></body></html>')
    messages = " ".join(m["message"] for m in check([page]))
    assert "more than one “meta” element" in messages and "markdown" in messages and "Duplicate ID" in messages
