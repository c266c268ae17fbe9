"""Build: load -> validate -> select -> render into a fresh staging directory -> mkdocs -> swap into site/.

The staging directory is new for every build, so no page of a person who withdrew can survive
from an earlier one; site/ is replaced only when the whole build succeeded.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import multiprocessing
import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from .config import load_config
from .impact import render_impact
from .render import card_view, environment, remove_profile_pages, render_profile_pages, render_shared
from .select import WITH_ERRORS, Selection, select
from .validate import check_files, cross_file
from .workers import map_chunks, no_gc
from .vocab import load_vocabulary

ROOT = Path(__file__).resolve().parent.parent


class StrictFailure(Exception):
    """--strict and the profiles have problems: nothing is built."""


def stage(staging: Path, today: dt.date, profiles_dir: Path | None = None, log=print, strict: bool = False):
    """The data step: everything up to a docs directory MkDocs can build. Returns the selection."""
    config = load_config()
    vocab = load_vocabulary()
    docs = staging / "docs"
    shutil.copytree(ROOT / "docs", docs)
    # the outcomes do not depend on profiles: aggregate them in another process meanwhile
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork")) as side:
        outcomes = side.submit(_impact, docs, config, vocab, staging / "microdata")
        selection = _profiles(docs, config, vocab, today, profiles_dir or ROOT / "profiles", strict, log)
        data_problems, messages = outcomes.result()
    for m in messages:
        log(m)
    if strict and data_problems:
        raise StrictFailure(f"{len(data_problems)} problem(s) in the outcomes data and --strict was given")
    return selection


def _impact(docs: Path, config, vocab, workdir: Path):
    messages: list[str] = []
    problems = render_impact(docs, environment(config, vocab), config, workdir, messages.append)
    return problems, messages


def _profiles(docs: Path, config, vocab, today: dt.date, profiles_dir: Path, strict: bool, log):
    """Profiles in, pages out, in one pass per worker; then what needs every profile.

    Each worker takes its slice of files through load, validate, select and render, and sends
    back only the light part: problems, the claims the rules across files need, and the fields
    the directory shows. A profile those rules then reject loses the pages its worker wrote.
    """
    paths = sorted(profiles_dir.glob("*.yaml"))
    one_pass = functools.partial(_slice, docs=docs, config=config, vocab=vocab,
                                 today=today, repo=profiles_dir.parent)
    parts = map_chunks(one_pass, paths)
    profiles = [pr for part in parts for pr in part[0]]
    selection = Selection(read=len(profiles))
    for _, sel, messages in parts:
        selection.published += sel.published
        selection.left_out.update(sel.left_out)
        for m in messages:
            log(m)
    cross_file(profiles, [])
    rejected = {pr.id for pr in profiles if not pr.ok}
    for p in [p for p in selection.published if p.id in rejected]:
        remove_profile_pages(p.id, docs)
        selection.left_out[WITH_ERRORS] += 1
    selection.published = [p for p in selection.published if p.id not in rejected]
    problems = [p for pr in profiles for p in pr.doc.problems]
    if strict and problems:
        raise StrictFailure(f"{len(problems)} problem(s) in profiles and --strict was given")
    errors = sum(p.is_error for p in problems)
    if errors:
        log(f"{errors} profile error(s): those profiles are left out. "
            "Run `python -m build_scripts validate` for the details.")
    with no_gc():
        render_shared(selection.published, docs, config, vocab)
    return selection


def _slice(paths: list[Path], docs: Path, config, vocab, today: dt.date, repo: Path):
    """load -> validate -> select -> render for one worker's files."""
    with no_gc():
        profiles = check_files(paths, vocab, today, repo)
        selection = select(profiles, today)
        messages = render_profile_pages(selection.published, docs, config, vocab, repo)
    selection.published = [card_view(p) for p in selection.published]
    for pr in profiles:       # all the rules across files read
        login = pr.data.get("github")
        pr.data = {"github": login} if isinstance(login, str) else {}
    return profiles, selection, messages


def run_mkdocs(docs: Path, site: Path, quiet: bool = True) -> None:
    """Build the staged docs with MkDocs' Python API: the one place that knows the site generator."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config as mkdocs_config

    logging.getLogger("mkdocs").setLevel(logging.WARNING if quiet else logging.INFO)
    config = load_config()
    cfg = mkdocs_config(config_file=str(ROOT / "mkdocs.yml"), docs_dir=str(docs), site_dir=str(site),
                        site_name=config.programme_name, site_url=config.site_url,
                        extra={"generator": False, "sample_data": config.sample_data, "tagline": config.tagline})
    build(cfg)


# What the MkDocs process runs: run_mkdocs on the two folders it is given, and nothing else.
_MKDOCS_CHILD = ("import sys; from pathlib import Path; from build_scripts.build import run_mkdocs; "
                 "run_mkdocs(Path(sys.argv[1]), Path(sys.argv[2]))")


def mkdocs_in_child(docs: Path, site: Path) -> None:
    """run_mkdocs in a fresh interpreter, exactly as a bare MkDocs build runs.

    MkDocs then starts from a clean heap instead of the one the data step left behind (in the
    same process it ran up to 10% slower at 10,000 profiles), and what it prints is its own.
    """
    done = subprocess.run([sys.executable, "-c", _MKDOCS_CHILD, str(docs), str(site)], cwd=ROOT)
    if done.returncode != 0:
        raise RuntimeError(f"MkDocs failed with exit code {done.returncode} (its messages are above)")


def start_search_index(docs: Path, out: Path, published: int) -> subprocess.Popen | None:
    """Start Pagefind on the staged profile pages; it runs on another core while MkDocs builds them.

    Pagefind reads the articles straight from the staged Markdown files (each is one raw HTML
    block), so nothing is written twice. Only profile articles are indexed, so a searcher fetches
    small chunks, not every profile. With no profile published there is nothing to index (Pagefind
    would fail, and a failed build would leave an old site, with people in it, online);
    directory.js then searches its card index only.
    """
    if not published:
        return None
    cores = _cores()
    return subprocess.Popen([sys.executable, "-m", "pagefind", "--site", str(docs), "--glob", "talent/*.md",
                             "--root-selector", "article", "--output-path", str(out),
                             "--force-language", "en", "--silent"],
                            preexec_fn=lambda: _settle(cores[1:] or cores, nice=10))


def _cores() -> list[int]:
    try:
        return sorted(os.sched_getaffinity(0))
    except AttributeError:     # not Linux
        return []


def _settle(cores: list[int], nice: int = 0) -> None:
    """Keep a process to some cores: MkDocs (single-threaded) on the first, Pagefind on the rest."""
    if nice:
        os.nice(nice)
    if cores:
        os.sched_setaffinity(0, cores)


def finish_search_index(proc: subprocess.Popen | None, out: Path, site: Path) -> None:
    if proc is None:
        return
    if proc.wait() != 0:
        raise RuntimeError(f"Pagefind failed with exit code {proc.returncode}")
    shutil.move(str(out), str(site / "pagefind"))


def build_site(site_dir: Path = ROOT / "site", today: dt.date | None = None, strict: bool = False,
               profiles_dir: Path | None = None, log=print, timings: dict | None = None) -> int:
    """The whole build; 0 when site/ was replaced. timings, if given, receives seconds per stage."""
    today = today or dt.date.today()
    started = time.perf_counter()
    work = ROOT / ".build"
    work.mkdir(exist_ok=True)
    _clear_leftovers(work)
    staging = Path(tempfile.mkdtemp(prefix=f"stage-{os.getpid()}-", dir=work))
    try:
        selection = stage(staging, today, profiles_dir, log, strict)
        data_step = time.perf_counter() - started
        search = start_search_index(staging / "docs", staging / "pagefind", len(selection.published))
        cores = _cores()
        if search is not None and len(cores) > 1:
            _settle(cores[:1])
        try:
            mkdocs_in_child(staging / "docs", staging / "site")
        except BaseException:
            if search is not None:          # no orphan indexer writing into a folder being deleted
                search.kill()
                search.wait()
            raise
        finally:
            if cores:
                _settle(cores)
        mkdocs_done = time.perf_counter()
        finish_search_index(search, staging / "pagefind", staging / "site")
        swap(staging / "site", site_dir)
    except Exception as e:  # a failed build leaves the previous site/ as it was
        log(f"Build failed: {type(e).__name__}: {e}. site/ was left unchanged.")
        return 1
    finally:
        discard(staging)
    total = time.perf_counter() - started
    if timings is not None:
        timings.update(data=data_step, mkdocs=mkdocs_done - started - data_step, total=total)
    log(selection.report())
    log(f"Built {site_dir} in {total:.1f} s (data step {data_step:.1f} s).")
    return 0


def swap(new: Path, site: Path) -> None:
    """Replace site/ by new in two renames, so a reader sees the old site or the new one, never a mix."""
    site = site.resolve()
    old = site.with_name(f"{site.name}.old-{os.getpid()}-{time.monotonic_ns()}")
    if site.exists():
        site.rename(old)
    shutil.move(str(new), str(site))
    discard(old)


def discard(path: Path) -> None:
    """Delete a used staging folder or a replaced site without waiting for it.

    The folder is renamed out of the way at once, then removed by a detached process that
    outlives this one; thousands of files take seconds to delete and nobody needs to wait.
    """
    if not path.exists():
        return
    trash = path.with_name(f".trash-{path.name}")
    try:
        path.rename(trash)
    except OSError:
        trash = path
    if shutil.which("rm"):
        subprocess.Popen(["rm", "-rf", "--", str(trash)], start_new_session=True,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    else:
        shutil.rmtree(trash, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
        return True
    except ProcessLookupError:
        return False
    except PermissionError:
        return True


def _clear_leftovers(work: Path) -> None:
    """Staging folders of builds that died (their process is gone); other builds may be running."""
    for p in work.glob("stage-*"):
        pid = p.name.split("-")[1]
        if pid.isdigit() and not _alive(int(pid)):
            discard(p)
