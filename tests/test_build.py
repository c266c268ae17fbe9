"""build.py: a real MkDocs build of fixture profiles; consent decides what exists in site/."""

import shutil

import pytest

from build_scripts.build import build_site
from conftest import FIXTURES, TODAY

pytestmark = pytest.mark.slow
BASE = (FIXTURES / "problems" / "w004-skill-alias.yaml").read_text().replace("Python3", "Python")


def profile(pid: str, token: str, consent: str = "", **extra) -> str:
    text = BASE.replace("github: w004-skill-alias", f"github: {pid}-login").replace("Tester of things", f"Tester {token}")
    if consent:
        text = text.replace("  given: 2026-01-01\n  expires: 2027-12-31\n", consent)
    for key, value in extra.items():
        text += f"{key}: {value}\n"
    return text


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("build")
    profiles = root / "profiles"
    profiles.mkdir()
    (profiles / "shown-one.yaml").write_text(profile("shown-one", "TOKENSHOWN"))
    (profiles / "expired-one.yaml").write_text(profile("expired-one", "TOKENEXPIRED",
                                                       "  given: 2024-01-01\n  expires: 2026-01-01\n"))
    (profiles / "withdrawn-one.yaml").write_text(profile("withdrawn-one", "TOKENWITHDRAWN",
                                                         "  given: 2026-01-01\n  expires: 2027-12-31\n  withdrawn: 2026-03-01\n"))
    (profiles / "future-one.yaml").write_text(profile("future-one", "TOKENFUTURE",
                                                      "  given: 2026-09-01\n  expires: 2027-12-31\n"))
    (profiles / "broken-one.yaml").write_text(profile("broken-one", "TOKENBROKEN").replace("status: available", "status: maybe"))
    (profiles / "nocountry-one.yaml").write_text(profile("nocountry-one", "TOKENNOCOUNTRY", country="NR"))
    site = root / "site"
    assert build_site(site, today=TODAY, profiles_dir=profiles, log=lambda *_: None) == 0
    return site


def all_text(site):
    return "\n".join(p.read_text(errors="replace") for p in site.rglob("*") if p.is_file() and p.suffix != ".gz")


def test_consented_profile_is_published(site):
    assert "TOKENSHOWN" in (site / "talent" / "shown-one" / "index.html").read_text()
    assert "TOKENSHOWN" in (site / "talent" / "index.html").read_text()


@pytest.mark.parametrize("token", ["TOKENEXPIRED", "TOKENWITHDRAWN", "TOKENFUTURE", "TOKENBROKEN"])
def test_profile_without_current_consent_is_nowhere(site, token):
    assert token not in all_text(site)


def test_country_without_country_consent_is_nowhere(site):
    assert "TOKENNOCOUNTRY" in all_text(site)
    assert "Nauru" not in all_text(site) and '"NR"' not in all_text(site)


def test_a_failed_build_leaves_the_previous_site(site, tmp_path, monkeypatch):
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    before = sorted(p.relative_to(copy) for p in copy.rglob("*"))
    import build_scripts.build as b
    monkeypatch.setattr(b, "run_mkdocs", lambda *a, **k: (_ for _ in ()).throw(RuntimeError("boom")))
    assert build_site(copy, today=TODAY, profiles_dir=FIXTURES / "problems" / "profiles", log=lambda *_: None) == 1
    assert sorted(p.relative_to(copy) for p in copy.rglob("*")) == before
