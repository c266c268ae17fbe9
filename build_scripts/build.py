"""Build: load -> validate -> select -> render into a fresh staging directory -> mkdocs -> swap into site/.

The staging directory is new for every build, so no page of a person who withdrew can survive
from an earlier one; site/ is replaced only when the whole build succeeded.
"""

from __future__ import annotations

import datetime as dt
import logging
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .config import load_config
from .render import render_all
from .select import select
from .validate import validate_paths
from .vocab import load_vocabulary

ROOT = Path(__file__).resolve().parent.parent


def stage(staging: Path, today: dt.date, profiles_dir: Path | None = None, log=print):
    """The data step: everything up to a docs directory MkDocs can build. Returns the selection."""
    config = load_config()
    vocab = load_vocabulary()
    profiles_dir = profiles_dir or ROOT / "profiles"
    paths = sorted(profiles_dir.glob("*.yaml"))
    result = validate_paths(paths, root=profiles_dir.parent, today=today, vocab=vocab)
    if result.errors:
        log(f"{len(result.errors)} profile error(s): those profiles are left out. "
            "Run `python -m build_scripts validate` for the details.")
    selection = select(result.profiles, today)
    docs = staging / "docs"
    shutil.copytree(ROOT / "docs", docs)
    render_all(selection.published, docs, config, vocab, repo=profiles_dir.parent, log=log)
    return selection


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


def index_search(site: Path) -> None:
    """Pagefind over the built profile pages only: searchers fetch small index chunks, not every profile.

    With no profile published there is nothing to index (Pagefind would fail, and a failed build
    would leave an old site with people in it online); directory.js then searches its cards only.
    """
    if not any((site / "talent").glob("*/index.html")):
        return
    subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site), "--glob", "talent/*/index.html",
                    "--force-language", "en", "--silent"], check=True)


def build_site(site_dir: Path = ROOT / "site", today: dt.date | None = None, strict: bool = False,
               profiles_dir: Path | None = None, log=print) -> int:
    today = today or dt.date.today()
    started = time.perf_counter()
    work = ROOT / ".build"
    work.mkdir(exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix="stage-", dir=work))
    try:
        selection = stage(staging, today, profiles_dir, log)
        data_step = time.perf_counter() - started
        run_mkdocs(staging / "docs", staging / "site")
        index_search(staging / "site")
        swap(staging / "site", site_dir)
    except Exception as e:  # a failed build leaves the previous site/ as it was
        log(f"Build failed: {type(e).__name__}: {e}. site/ was left unchanged.")
        return 1
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    log(selection.report())
    log(f"Built {site_dir} in {time.perf_counter() - started:.1f} s (data step {data_step:.1f} s).")
    return 0


def swap(new: Path, site: Path) -> None:
    """Replace site/ by new in two renames, so a reader sees the old site or the new one, never a mix."""
    site = site.resolve()
    old = site.with_name(site.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if site.exists():
        site.rename(old)
    shutil.move(str(new), str(site))
    shutil.rmtree(old, ignore_errors=True)
