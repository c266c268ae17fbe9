"""Shared test helpers: the repository root, a fixed 'today', and running the CLI for real."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
TODAY = dt.date(2026, 6, 15)   # the fixtures' dates are written against this day


def run_cli(*args: str, env: dict | None = None, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """python -m build_scripts ARGS, as a contributor runs it; GitHub's variables removed unless given."""
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
    full_env.update(env or {})
    return subprocess.run([sys.executable, "-m", "build_scripts", *args], cwd=cwd, env=full_env,
                          capture_output=True, text=True, timeout=300)


@pytest.fixture
def today() -> dt.date:
    return TODAY
