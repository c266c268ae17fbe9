"""The fast executor: the same build as pipeline.py, with the profile checks and pages in forked
workers and MkDocs reading pages while they are written (streaming.py), on every core.

It pays with many profiles and a second core (`pays`); build.py chooses. Nothing changes in the
site: tests/test_fast.py builds both ways and compares every file.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import time
from collections import Counter
from pathlib import Path

from ..clock import consent_today
from ..config import SettingsError, load_config
from ..impact import PAGES as IMPACT_PAGES, render_impact
from ..pipeline import StrictFailure, report_problems
from ..render import environment, render_shared
from ..select import WITH_ERRORS
from ..select_stories import select_stories
from ..staging import discard, finish_search_index, new_staging, start_search_index, swap
from ..partners import check_partners, select_partners
from ..stories import check_stories
from ..story_pages import render_stories, story_sources
from ..validate import cross_file, orphan_photos, profile_files
from ..vocab import load_vocabulary
from .passes import ProfilePasses
from .streaming import MkDocsProcess
from .workers import Forked, cores, no_gc, settle, worker_count

ROOT = Path(__file__).resolve().parent.parent.parent


def pays(profiles: int) -> bool:
    """Whether the fast executor is worth it: forked workers pay from a few hundred profiles up, and
    only with a core to spare. On a machine whose other cores are busy (load average near the core
    count) it is as slow as the plain path or slower (measured: 1.32x bare MkDocs under a light
    parallel load, 2.08x under a heavy one)."""
    busy = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
    return worker_count(profiles) > 1 and len(cores()) > 1 and busy < len(cores()) - 0.5


def _data_step(staging: Path, today: dt.date, profiles_dir: Path, log, strict: bool, late: Path,
               while_rendering):
    """load -> validate -> select -> render into staging/docs; profile, impact and story pages into `late`.

    while_rendering(selection, pages) is called as soon as everything but the late pages is staged
    and who is published is final; `pages` are the late pages, still being written, by workers
    (profiles), by a side process (the impact section: outcomes do not depend on profiles) and then
    here (the stories, which show the outcomes' figures), as (source path, folder of the files the
    page brings) pairs.
    """
    config = load_config()
    vocab = load_vocabulary()
    docs = staging / "docs"
    shutil.copytree(ROOT / "docs", docs)
    # every entry of profiles/ is a profile to check or is refused (a link, a folder, another file)
    paths, refused = profile_files(profiles_dir, ROOT)
    refused += orphan_photos(profiles_dir, paths, ROOT)
    repo = profiles_dir.parent
    # stories are few: checked and selected here, before the workers and the side process fork (the
    # profile pages link to them, the impact page by track)
    checked = check_stories(repo, vocab, today)
    stories = select_stories(checked.stories, today)
    partners = check_partners(None, repo, today)
    shown = select_partners(partners.partners, today)
    # the outcomes do not depend on profiles: aggregated in a side process (at full priority: a cold
    # audit takes longer than the rest of a small build; impact.published_rows remembers it)
    with Forked(_impact, late, config, vocab, staging / "microdata", stories) as outcomes, \
            ProfilePasses(paths, config, vocab, today, repo, stories) as passes:
        profiles, selection, held = passes.checked()
        rejected = _cross_file(profiles, selection, held)
        report_problems([p for pr in profiles for p in pr.doc.problems] + refused, strict, log)
        report_problems(checked.problems, strict, log, "story")
        report_problems(partners.problems, strict, log, "partner")
        beside = other_cores(cores())      # the first core is MkDocs'; workers and outcomes go beside it
        passes.render(rejected, late, beside)
        settle(beside, pid=outcomes.pid)
        with no_gc():
            shared = render_shared(selection.published, docs, config, vocab, today, repo, shown)
        while_rendering(selection, [(f"talent/{p.id}.md", f"talent/{p.id}") for p in selection.published]
                        + list(IMPACT_PAGES) + story_sources(stories, vocab))
        data_problems, messages = outcomes.result()
        for m in messages:
            log(m)
        if strict and data_problems:
            raise StrictFailure("the outcomes data has problems and --strict was given")
        # the story pages show figures from the published outcomes: written once these are
        told = render_stories(stories, late, config, vocab, repo, selection, late / "impact" / "data")
        for m in shared + passes.rendered() + told:
            log(m)
        log(stories.report())
    return selection


def _cross_file(profiles: list, selection, held: dict) -> set[str]:
    """The rules across files, after the workers' select(): whom they reject counts as a profile
    with errors, as in pipeline.py (which applies them before select), and is never rendered.
    held: why select() left out the others it could have published."""
    was_ok = {pr.id for pr in profiles if pr.ok}
    cross_file(profiles, [])
    rejected = {pr.id for pr in profiles if not pr.ok}
    for pid in rejected & was_ok:
        if pid in held:                 # left out for its consent: now for its errors
            selection.left_out[held[pid]] -= 1
            selection.left_out[WITH_ERRORS] += 1
    selection.left_out += Counter()     # drops reasons now counted 0 times
    if n := sum(p.id in rejected for p in selection.published):
        selection.left_out[WITH_ERRORS] += n
    selection.published = [p for p in selection.published if p.id not in rejected]
    return rejected


def _impact(docs: Path, config, vocab, workdir: Path, stories):
    messages: list[str] = []
    problems = render_impact(docs, environment(config, vocab), config, workdir, messages.append, stories)
    return problems, messages


def other_cores(all_cores: list[int]) -> list[int]:
    """The cores besides the first, which MkDocs (single-threaded) has to itself; all on a one-core machine."""
    return all_cores[1:] or all_cores


def build_site(site_dir: Path = ROOT / "site", today: dt.date | None = None, strict: bool = False,
               profiles_dir: Path | None = None, log=print, timings: dict | None = None) -> int:
    """The whole build; 0 when site/ was replaced. timings, if given, receives seconds per stage:
    data (until MkDocs could start), rendered (until the last profile and impact page was written,
    beside MkDocs), mkdocs (from its start to its end) and total."""
    today = today or consent_today()
    started = time.perf_counter()
    staging = new_staging()
    late = staging / "late"         # pages MkDocs reads while they are written (streaming.StreamedPages)
    marks: dict = {}
    all_cores = cores()
    try:
        with MkDocsProcess(staging / "docs", staging / "site") as mkdocs:
            def start_mkdocs(selection, pages):
                marks["data"] = time.perf_counter()
                if len(all_cores) > 1:        # MkDocs on the first core; workers, then Pagefind, on the others
                    settle(all_cores[:1], pid=mkdocs.proc.pid)
                mkdocs.start(late, pages)

            selection = _data_step(staging, today, profiles_dir or ROOT / "profiles", log, strict, late, start_mkdocs)
            marks["rendered"] = time.perf_counter()
            search = start_search_index(late, staging / "pagefind", len(selection.published))
            if search is not None:          # beside MkDocs, and after it in line for a core
                settle(other_cores(all_cores), pid=search.pid)
                os.setpriority(os.PRIO_PROCESS, search.pid, 10)
            try:
                mkdocs.wait()
            except BaseException:
                if search is not None:          # no orphan indexer writing into a folder being deleted
                    search.kill()
                    search.wait()
                raise
        marks["mkdocs"] = time.perf_counter()
        finish_search_index(search, staging / "pagefind", staging / "site")
        swap(staging / "site", site_dir)
    except SettingsError:
        raise                           # a maintainer's file is broken: the command line says which
    except Exception as e:  # a failed build leaves the previous site/ as it was
        log(f"Build failed: {type(e).__name__}: {e}. site/ was left unchanged.")
        return 1
    finally:
        discard(staging)
    total = time.perf_counter() - started
    if timings is not None:
        timings.update(data=marks["data"] - started, rendered=marks["rendered"] - started,
                       mkdocs=marks["mkdocs"] - marks["data"], total=total)
    log(selection.report())
    log(f"Built {site_dir} in {total:.1f} s (data step {marks['data'] - started:.1f} s before MkDocs could start).")
    return 0
