"""The contract between the two executors: pipeline.py (the stages in one process) and fast/
(forked workers, pages streamed into MkDocs) build the same site, file for file, byte for byte;
only the sitemap lists the same pages in another order."""

from __future__ import annotations

import gzip
import os
import re

import pytest

import build_scripts.fast.workers
from build_scripts import pipeline
from build_scripts.fast import build as fast
from build_scripts.synth import SAMPLE_DAY, write_profiles as synth_profiles
from conftest import ROOT, TODAY
from sitefixtures import COPYCAT, write_profiles

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="forked workers need two cores")]


def tree(site):
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def locs(data: bytes) -> list[str]:
    return sorted(re.findall(r"<loc>(.*?)</loc>", gzip.decompress(data).decode()))


def assert_same_site(tmp_path, profiles, today, monkeypatch):
    lines = {"plain": [], "fast": []}
    assert pipeline.build_site(tmp_path / "plain", today, profiles_dir=profiles, log=lines["plain"].append) == 0
    monkeypatch.setattr(build_scripts.fast.workers, "MIN_ITEMS", 1)        # workers even for a few profiles
    assert fast.build_site(tmp_path / "fast", today, profiles_dir=profiles, log=lines["fast"].append) == 0
    plain, quick = tree(tmp_path / "plain"), tree(tmp_path / "fast")
    assert any(name.startswith("pagefind/") for name in plain)
    assert sorted(plain) == sorted(quick)
    assert [name for name in plain if plain[name] != quick[name]] in ([], ["sitemap.xml", "sitemap.xml.gz"])
    assert locs(plain["sitemap.xml.gz"]) == locs(quick["sitemap.xml.gz"])
    assert [line for line in lines["plain"] if not line.startswith("Built")] == \
           [line for line in lines["fast"] if not line.startswith("Built")]


def test_the_same_site_from_the_fixtures(tmp_path, monkeypatch):
    # people with problems, withheld consent, a photo, a copycat login: every kind of leaving out;
    # and one whom both the rules across files and their consent leave out (counted once, the same)
    profiles = write_profiles(tmp_path)
    copycat = (profiles / f"{COPYCAT}.yaml").read_text()
    assert "  expires: 2027-12-31\n" in copycat
    (profiles / "zz-withdrawn-copycat.yaml").write_text(
        copycat.replace("  expires: 2027-12-31\n", "  expires: 2027-12-31\n  withdrawn: 2026-03-01\n"))
    assert_same_site(tmp_path, profiles, TODAY, monkeypatch)


def test_the_same_site_from_the_sample(tmp_path, monkeypatch):
    assert_same_site(tmp_path, ROOT / "profiles", SAMPLE_DAY, monkeypatch)


def test_the_same_site_from_two_thousand_profiles(tmp_path, monkeypatch):
    profiles = tmp_path / "profiles"
    synth_profiles(profiles, 2000, seed=11, today=TODAY)
    assert_same_site(tmp_path, profiles, TODAY, monkeypatch)
