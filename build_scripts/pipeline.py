"""The build, stage by stage: load -> validate -> cross-file -> select -> render -> MkDocs -> search -> swap.
The whole build in one process; fast/ makes the same site sooner at scale (build.py chooses)."""

from __future__ import annotations

import datetime as dt
import shutil
import time
from pathlib import Path

from .clock import consent_today
from .config import SettingsError, load_config
from .impact import render_impact
from .partners import check_partners, select_partners
from .problems import StrictFailure, report_problems
from .render import environment, render_profile_pages, render_shared
from .select import Selection, select
from .select_stories import select_stories
from .site import run_mkdocs
from .staging import build_search_index, discard, new_staging, swap
from .stories import check_stories
from .story_pages import render_stories
from .validate import check_files, cross_file, orphan_photos, profile_files
from .vocab import load_vocabulary

ROOT = Path(__file__).resolve().parent.parent


def stage(staging: Path, today: dt.date, profiles_dir: Path = ROOT / "profiles", log=print,
          strict: bool = False) -> Selection:
    """The data step: a complete staging docs directory that MkDocs builds as it is."""
    config, vocab, docs, repo = load_config(), load_vocabulary(), staging / "docs", profiles_dir.parent
    shutil.copytree(ROOT / "docs", docs)                        # the hand-written pages
    paths, refused = profile_files(profiles_dir, ROOT)          # a link, a folder or another file is refused
    refused += orphan_photos(profiles_dir, paths, ROOT)         # a photo no profile shows: still public
    profiles = check_files(paths, vocab, today, repo)           # load and check each file alone
    cross_file(profiles, [])                                    # one profile per id and per GitHub login
    report_problems([p for pr in profiles for p in pr.doc.problems] + refused, strict, log)
    checked = check_stories(repo, vocab, today)                 # each story alone: front matter, text, photo
    report_problems(checked.problems, strict, log, "story")
    partners = check_partners(None, repo, today)                # each partner file alone: fields, logo
    report_problems(partners.problems, strict, log, "partner")
    selection = select(profiles, today, vocab.verified_tracks, vocab.skill)    # consent: who is published, and what
    stories = select_stories(checked.stories, today)            # consent and its scope: which story goes where
    shown = select_partners(partners.partners, today)           # and what of each partner: quotes only with consent
    shared = render_shared(selection.published, docs, config, vocab, today, repo, shown)   # directory, home, credentials...
    if render_impact(docs, environment(config, vocab), config, staging / "microdata", log, stories) and strict:
        raise StrictFailure("the outcomes data has problems and --strict was given")
    for message in shared + render_profile_pages(selection.published, docs, config, vocab, repo, today, stories):
        log(message)
    for message in render_stories(stories, docs, config, vocab, repo, selection, docs / "impact" / "data"):  # with figures
        log(message)
    log(stories.report())
    return selection


def build_site(site_dir: Path = ROOT / "site", today: dt.date | None = None, strict: bool = False,
               profiles_dir: Path | None = None, log=print, timings: dict | None = None) -> int:
    """The whole build; 0 when site/ was replaced. A failed build leaves site/ as it was."""
    started, staging = time.perf_counter(), new_staging()
    try:
        selection = stage(staging, today or consent_today(), profiles_dir or ROOT / "profiles", log, strict)
        staged = time.perf_counter()
        run_mkdocs(staging / "docs", staging / "site")
        build_search_index(staging / "docs", staging / "site", len(selection.published))
        swap(staging / "site", site_dir)
    except SettingsError:
        raise                           # a maintainer's file is broken: the command line says which
    except Exception as e:
        log(f"Build failed: {type(e).__name__}: {e}. site/ was left unchanged.")
        return 1
    finally:
        discard(staging)
    done = time.perf_counter()
    if timings is not None:
        timings.update(data=staged - started, rendered=staged - started, mkdocs=done - staged, total=done - started)
    log(selection.report())
    log(f"Built {site_dir} in {done - started:.1f} s (data step {staged - started:.1f} s before MkDocs could start).")
    return 0
