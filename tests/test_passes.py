"""passes.py + site.py: profile pages rendered in forked workers while MkDocs reads them.

The fixture site is small, so a build runs both passes in one process; these tests lower the
threshold so that the same people go through forked workers and streamed pages, as at scale.
"""

import os
import threading
import time

import pytest

import build_scripts.fast.passes
import build_scripts.fast.workers
from build_scripts.fast.build import build_site
from build_scripts.fast.streaming import MkDocsProcess, StreamedPages
from build_scripts.site import run_mkdocs
from conftest import ROOT, TODAY
from sitefixtures import COPYCAT, everything, write_profiles

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="forked workers need two cores")]


def tree(site):
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.fixture
def forked(monkeypatch):
    monkeypatch.setattr(build_scripts.fast.workers, "MIN_ITEMS", 1)
    assert build_scripts.fast.workers.worker_count(11) > 1


def test_forked_workers_build_the_same_site_as_one_process(tmp_path, monkeypatch):
    profiles = write_profiles(tmp_path)
    lines = []
    assert build_site(tmp_path / "one", today=TODAY, profiles_dir=profiles, log=lines.append) == 0
    monkeypatch.setattr(build_scripts.fast.workers, "MIN_ITEMS", 1)
    forked_lines = []
    assert build_site(tmp_path / "forked", today=TODAY, profiles_dir=profiles, log=forked_lines.append) == 0
    one, forked = tree(tmp_path / "one"), tree(tmp_path / "forked")
    assert sorted(one) == sorted(forked)
    assert [name for name in one if one[name] != forked[name]] == []
    assert "talent/photo-shown/photo.webp" in forked
    text = everything(tmp_path / "forked")       # the search index included
    assert COPYCAT not in text and COPYCAT.upper() not in text
    assert "Profiles: 11 read, 7 published, 4 left out" in "\n".join(forked_lines)
    assert [line for line in lines if not line.startswith("Built")] == \
           [line for line in forked_lines if not line.startswith("Built")]


def test_a_failing_worker_fails_the_build_and_stops_mkdocs(tmp_path, monkeypatch, forked):
    def broken(*args, **kwargs):
        raise ValueError("worker boom")

    started = []
    enter = MkDocsProcess.__enter__
    monkeypatch.setattr(MkDocsProcess, "__enter__", lambda self: started.append(self) or enter(self))
    monkeypatch.setattr(build_scripts.fast.passes, "render_profile_pages", broken)
    lines = []
    assert build_site(tmp_path / "site", today=TODAY, profiles_dir=write_profiles(tmp_path), log=lines.append) == 1
    assert "a build process failed" in lines[-1] and "ValueError: worker boom" in lines[-1]
    assert not (tmp_path / "site").exists()
    assert started and started[0].proc.poll() is not None


def test_mkdocs_waits_for_a_streamed_page_written_late(tmp_path):
    docs, people = tmp_path / "docs", tmp_path / "people"
    import shutil
    shutil.copytree(ROOT / "docs", docs)
    (people / "talent").mkdir(parents=True)

    def worker():
        time.sleep(1.0)
        (people / "talent" / "late").mkdir()
        (people / "talent" / "late" / "resume.json").write_text("{}")
        (people / "talent" / "late.md").write_text("---\ntitle: Late\n---\n<article>Written late</article>\n")

    thread = threading.Thread(target=worker)
    thread.start()
    run_mkdocs(docs, tmp_path / "site", streamed=StreamedPages(people, [("talent/late.md", "talent/late")]))
    thread.join()
    assert "Written late" in (tmp_path / "site" / "talent" / "late" / "index.html").read_text()
    assert (tmp_path / "site" / "talent" / "late" / "resume.json").read_text() == "{}"


def test_mkdocs_finds_the_files_streamed_pages_link_to(tmp_path, capfd, forked):
    # the impact page links to its downloads, written by a side process while MkDocs runs
    assert build_site(tmp_path / "site", today=TODAY, profiles_dir=write_profiles(tmp_path), log=print) == 0
    out, err = capfd.readouterr()
    assert "Outcomes:" in out and (tmp_path / "site" / "impact" / "data" / "outcomes.csv").exists()
    assert "WARNING" not in err and "not found among documentation files" not in err, err
