"""Build: load -> validate -> select -> render into a fresh staging directory -> MkDocs -> swap into site/.

The staging directory is new for every build, so no page of a person who withdrew can survive
from an earlier one; site/ is replaced only when the whole build succeeded.

MkDocs starts with the build and begins reading as soon as who is published is decided; the
profile pages are written beside it, on another core (passes.py, site.py). `stage()` is the
same data step without MkDocs: one complete staging docs directory.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .clock import consent_today
from .config import load_config
from .impact import PAGES as IMPACT_PAGES, render_impact
from .passes import ProfilePasses
from .render import environment, render_shared
from .select import WITH_ERRORS
from .site import MkDocsProcess
from .validate import cross_file, profile_files
from .vocab import load_vocabulary
from .workers import Forked, cores, no_gc, settle

ROOT = Path(__file__).resolve().parent.parent


class StrictFailure(Exception):
    """--strict and the profiles have problems: nothing is built."""


def stage(staging: Path, today: dt.date, profiles_dir: Path | None = None, log=print, strict: bool = False):
    """The data step on its own: a complete staging docs directory, profile and impact pages included,
    that a site generator reading mkdocs.yml can build as it is (bench times bare MkDocs on it).
    Returns the selection."""
    return _data_step(staging, today, profiles_dir, log, strict, late=staging / "docs")


def _data_step(staging: Path, today: dt.date, profiles_dir: Path | None, log, strict: bool, late: Path,
               while_rendering=None):
    """load -> validate -> select -> render into staging/docs; profile and impact pages into `late`.

    while_rendering(selection, pages) is called as soon as everything but the late pages is staged
    and who is published is final; `pages` are the late pages, still being written, by workers
    (profiles) and by a side process (the impact section: outcomes do not depend on profiles),
    as (source path, folder of the files the page brings) pairs.
    """
    config = load_config()
    vocab = load_vocabulary()
    docs = staging / "docs"
    shutil.copytree(ROOT / "docs", docs)
    # every entry of profiles/ is a profile to check or is refused (a link, a folder, another file)
    paths, refused = profile_files(profiles_dir or ROOT / "profiles", ROOT)
    repo = (profiles_dir or ROOT / "profiles").parent
    # the outcomes do not depend on profiles: aggregated in a side process (at full priority: a cold
    # audit takes longer than the rest of a small build; impact.published_rows remembers it)
    with Forked(_impact, late, config, vocab, staging / "microdata") as outcomes, \
            ProfilePasses(paths, config, vocab, today, repo) as passes:
        profiles, selection = passes.checked()
        cross_file(profiles, [])      # a profile these rules reject is never rendered
        rejected = {pr.id for pr in profiles if not pr.ok}
        if n_rejected := sum(p.id in rejected for p in selection.published):
            selection.left_out[WITH_ERRORS] += n_rejected
        selection.published = [p for p in selection.published if p.id not in rejected]
        problems = [p for pr in profiles for p in pr.doc.problems] + refused
        if strict and problems:
            raise StrictFailure(f"{len(problems)} problem(s) in profiles and --strict was given")
        errors = sum(p.is_error for p in problems)
        if errors:
            log(f"{errors} profile error(s): those profiles are left out. "
                "Run `python -m build_scripts validate` for the details.")
        beside = other_cores(cores())      # the first core is for this process, then MkDocs
        passes.render(rejected, late, beside)
        settle(beside, pid=outcomes.pid)
        with no_gc():
            render_shared(selection.published, docs, config, vocab, today)
        if while_rendering is not None:
            while_rendering(selection, [(f"talent/{p.id}.md", f"talent/{p.id}") for p in selection.published]
                            + list(IMPACT_PAGES))
        data_problems, messages = outcomes.result()
        for m in messages:
            log(m)
        if strict and data_problems:
            raise StrictFailure(f"{len(data_problems)} problem(s) in the outcomes data and --strict was given")
        for m in passes.rendered():
            log(m)
    return selection


def _impact(docs: Path, config, vocab, workdir: Path):
    messages: list[str] = []
    problems = render_impact(docs, environment(config, vocab), config, workdir, messages.append)
    return problems, messages


def start_search_index(pages: Path, out: Path, published: int, on: list[int] = ()) -> subprocess.Popen | None:
    """Start Pagefind on the profile pages; it runs on another core while MkDocs builds them.

    Pagefind reads the articles straight from the staged Markdown files (each is one raw HTML
    block), so nothing is written twice. Only profile articles are indexed, so a searcher fetches
    small chunks, not every profile. With no profile published there is nothing to index (Pagefind
    would fail, and a failed build would leave an old site, with people in it, online);
    directory.js then searches its card index only. `on`: the cores it may use (all when empty).
    """
    if not published:
        return None
    return subprocess.Popen([sys.executable, "-m", "pagefind", "--site", str(pages), "--glob", "talent/*.md",
                             "--root-selector", "article", "--output-path", str(out),
                             "--force-language", "en", "--silent"],
                            preexec_fn=lambda: settle(list(on), nice=10))


def other_cores(all_cores: list[int]) -> list[int]:
    """The cores besides the first, which MkDocs (single-threaded) has to itself; all on a one-core machine."""
    return all_cores[1:] or all_cores


def finish_search_index(proc: subprocess.Popen | None, out: Path, site: Path) -> None:
    if proc is None:
        return
    if proc.wait() != 0:
        raise RuntimeError(f"Pagefind failed with exit code {proc.returncode}")
    shutil.move(str(out), str(site / "pagefind"))


def build_site(site_dir: Path = ROOT / "site", today: dt.date | None = None, strict: bool = False,
               profiles_dir: Path | None = None, log=print, timings: dict | None = None) -> int:
    """The whole build; 0 when site/ was replaced. timings, if given, receives seconds per stage:
    data (until MkDocs could start), rendered (until the last profile and impact page was written,
    beside MkDocs), mkdocs (from its start to its end) and total."""
    today = today or consent_today()
    started = time.perf_counter()
    work = ROOT / ".build"
    work.mkdir(exist_ok=True)
    _clear_leftovers(work)
    staging = Path(tempfile.mkdtemp(prefix=f"stage-{os.getpid()}-", dir=work))
    late = staging / "late"         # pages MkDocs reads while they are written (site.StreamedPages)
    marks: dict = {}
    all_cores = cores()
    try:
        with MkDocsProcess(staging / "docs", staging / "site") as mkdocs:
            def start_mkdocs(selection, pages):
                marks["data"] = time.perf_counter()
                if len(all_cores) > 1:        # MkDocs on the first core; workers, then Pagefind, on the others
                    settle(all_cores[:1], pid=mkdocs.proc.pid)
                    settle(all_cores[:1])
                mkdocs.start(late, pages)

            try:
                selection = _data_step(staging, today, profiles_dir, log, strict, late, start_mkdocs)
                marks["rendered"] = time.perf_counter()
                search = start_search_index(late, staging / "pagefind", len(selection.published),
                                            on=other_cores(all_cores))
                try:
                    mkdocs.wait()
                except BaseException:
                    if search is not None:          # no orphan indexer writing into a folder being deleted
                        search.kill()
                        search.wait()
                    raise
            finally:
                settle(all_cores)
        marks["mkdocs"] = time.perf_counter()
        finish_search_index(search, staging / "pagefind", staging / "site")
        swap(staging / "site", site_dir)
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
