"""Build the site: pipeline.py, the stages in one process, or, where it pays, the fast executor
(fast/), which makes the same site sooner with many profiles and an idle second core."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from . import pipeline
from .fast import build as fast
from .fast.workers import cores
from .pipeline import StrictFailure, stage  # noqa: F401  (what callers of a build import)
from .validate import profile_files

ROOT = Path(__file__).resolve().parent.parent


def build_site(site_dir: Path = ROOT / "site", today: dt.date | None = None, strict: bool = False,
               profiles_dir: Path | None = None, log=print, timings: dict | None = None) -> int:
    """The whole build; 0 when site/ was replaced, else it is left as it was (see pipeline.build_site)."""
    executor = fast if fast_pays(len(profile_files(profiles_dir or ROOT / "profiles", ROOT)[0])) else pipeline
    return executor.build_site(site_dir, today, strict, profiles_dir, log, timings)


def fast_pays(profiles: int) -> bool:
    """Workers pay from a few hundred profiles up, and only with a core to spare: on a machine whose
    other cores are busy (load average near the core count) the fast path is as slow as the plain
    one or slower (measured: 1.32x bare MkDocs under a light parallel load, 2.08x under a heavy one)."""
    busy = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
    return fast.pays(profiles) and busy < len(cores()) - 0.5
