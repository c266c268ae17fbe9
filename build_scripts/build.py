"""Build the site: pipeline.py, the stages in one process, or, where it pays, the fast executor
(fast/), which makes the same site sooner with many profiles and an idle second core."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from . import pipeline
from .fast import build as fast
from .pipeline import StrictFailure, stage  # noqa: F401  (what callers of a build import)

ROOT = Path(__file__).resolve().parent.parent


def build_site(site_dir: Path = ROOT / "site", today: dt.date | None = None, strict: bool = False,
               profiles_dir: Path | None = None, log=print, timings: dict | None = None) -> int:
    """The whole build; 0 when site/ was replaced, else it is left as it was (see pipeline.build_site)."""
    executor = fast if fast.pays(_roughly(profiles_dir or ROOT / "profiles")) else pipeline
    return executor.build_site(site_dir, today, strict, profiles_dir, log, timings)


def _roughly(folder: Path) -> int:
    """How many profiles, roughly (the executor reads the folder properly): enough to choose one.
    No folder is no profiles, as the executors read it."""
    try:
        return sum(e.name.endswith(".yaml") for e in os.scandir(folder))
    except OSError:
        return 0
