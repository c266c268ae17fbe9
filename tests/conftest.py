"""Shared test helpers: the repository root, a fixed 'today', and running the CLI for real."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from contextlib import contextmanager
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


# Fixtures that build a whole site: a test that uses one is slow (`make test-fast` builds none).
SITE_FIXTURES = {"site", "server", "fixture_site", "sample_site", "paged_site", "built_fixture_site"}


# The longest test files, longest first (measured with --durations=0). pytest-xdist's loadfile hands
# out files in collection order, so a long file collected last would run alone at the end while the
# other worker idles: longest first, the two workers finish close together.
LONGEST_FIRST = ("test_fast", "test_aggregate_audit", "test_stories", "test_navigation_browser", "test_site_browser",
                 "test_cards_browser", "test_build", "test_aggregate", "test_aggregate_audit_more", "test_sharing",
                 "test_sharing_browser", "test_print_browser", "test_guides")


def pytest_collection_modifyitems(items):
    for item in items:
        if SITE_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)
    rank = {name: i for i, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.stem, len(rank)))     # stable: each file keeps its order


@pytest.fixture
def today() -> dt.date:
    return TODAY


class SiteServer:
    """A built site served over real HTTP on 127.0.0.1, on a free port, in a thread."""

    def __init__(self, directory: Path):
        import functools
        import http.server
        import threading

        class Quiet(http.server.SimpleHTTPRequestHandler):
            def log_message(self, *args):
                pass

        handler = functools.partial(Quiet, directory=str(directory))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_port}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync", "--disable-quic"]


@pytest.fixture(scope="session")
def built_fixture_site(tmp_path_factory) -> Path:
    """The fixture people's site (sitefixtures.build), built once per test process: tests only read it."""
    from sitefixtures import build

    return build(tmp_path_factory.mktemp("fixture-site"))


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"), args=CHROMIUM_ARGS)
        yield b
        b.close()


@contextmanager
def browser_page(browser, **options):
    """A page in a fresh browser context (nothing kept from other tests), closed afterwards.
    page.errors collects the page's script errors and console errors."""
    context = browser.new_context(**options)
    try:
        page = context.new_page()
        page.errors = []
        page.on("pageerror", lambda e: page.errors.append(str(e)))
        page.on("console", lambda m: m.type == "error" and page.errors.append(m.text))
        yield page
    finally:
        context.close()
