"""Where a build happens: a fresh staging folder for every build, swapped into site/ whole.

The staging folder is new each time, so no page of a person who withdrew can survive from an
earlier build; site/ is replaced only when the whole build succeeded, in one step (swap).
"""

from __future__ import annotations

import ctypes
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / ".build"


def new_staging() -> Path:
    """An empty staging folder under .build/, named after this process; leftovers of dead builds go."""
    WORK.mkdir(exist_ok=True)
    _clear_leftovers(WORK)
    return Path(tempfile.mkdtemp(prefix=f"stage-{os.getpid()}-", dir=WORK))


def swap(new: Path, site: Path) -> None:
    """Replace site/ by new, so a reader sees the old site or the new one, never a mix and never
    nothing: on Linux both folders trade places in one step (renameat2 RENAME_EXCHANGE); elsewhere,
    or on a file system without it, in two renames (with a moment between them without site/)."""
    site = site.resolve()
    new = Path(shutil.move(str(new), str(site.with_name(f".{site.name}.new-{os.getpid()}-{time.monotonic_ns()}"))))
    if site.exists() and _exchange(new, site):
        discard(new)                    # now the old site
        return
    old = site.with_name(f"{site.name}.old-{os.getpid()}-{time.monotonic_ns()}")
    if site.exists():
        site.rename(old)
    new.rename(site)
    discard(old)


def _exchange(a: Path, b: Path) -> bool:
    """Trade two paths' places in one step; False where the system cannot."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    return renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0


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


def start_search_index(pages: Path, out: Path, published: int) -> subprocess.Popen | None:
    """Start Pagefind on the staged profile pages (it runs beside MkDocs); None with no one to index.

    Pagefind reads the articles straight from the staged Markdown files (each is one raw HTML
    block), so nothing is written twice. Only profile articles are indexed, so a searcher fetches
    small chunks, not every profile. With no profile published there is nothing to index (Pagefind
    would fail, and a failed build would leave an old site, with people in it, online);
    directory.js then searches its card index only.
    """
    if not published:
        return None
    return subprocess.Popen([sys.executable, "-m", "pagefind", "--site", str(pages), "--glob", "talent/*.md",
                             "--root-selector", "article", "--output-path", str(out),
                             "--force-language", "en", "--silent"])


def finish_search_index(proc: subprocess.Popen | None, out: Path, site: Path) -> None:
    """Wait for Pagefind and put its index into the built site."""
    if proc is None:
        return
    if proc.wait() != 0:
        raise RuntimeError(f"Pagefind failed with exit code {proc.returncode}")
    shutil.move(str(out), str(site / "pagefind"))


def build_search_index(pages: Path, site: Path, published: int) -> None:
    """Pagefind on the staged profile pages, into the built site (start and finish, in one)."""
    finish_search_index(start_search_index(pages, site.parent / "pagefind", published), site.parent / "pagefind", site)


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
