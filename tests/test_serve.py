"""serve.py: builds, serves on 127.0.0.1, rebuilds when a profile changes, and tells the browser."""

import os
import socket
import subprocess
import sys
import time

import pytest
import requests

from conftest import ROOT

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(check, seconds: float = 120):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            value = check()
            if value:
                return value
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise AssertionError("timed out")


def test_serve_builds_serves_and_reloads_on_change(tmp_path):
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "build_scripts", "serve", "--port", str(port)], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        page = wait_for(lambda: requests.get(base + "/talent/", timeout=5))
        assert page.status_code == 200 and "Talent directory" in page.text
        assert 'fetch("/__build")' in page.text                 # the reload poller, injected while serving
        assert 'fetch("/__build")' not in (ROOT / "site" / "talent" / "index.html").read_text()   # never built in
        missing = requests.get(base + "/talent/no-such-person/", timeout=5)
        assert missing.status_code == 404 and "md-typeset" in missing.text     # the site's own styled 404 page
        before = requests.get(base + "/__build", timeout=5).text
        profile = next((ROOT / "profiles").glob("*.yaml"))
        os.utime(profile)                                          # a change, without changing anything
        after = wait_for(lambda: (t := requests.get(base + "/__build", timeout=5).text) != before and t)
        assert after != before
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_a_busy_port_is_named_at_once_with_the_way_out():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run([sys.executable, "-m", "build_scripts", "serve", "--port", str(port)], cwd=ROOT,
                                capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert f"127.0.0.1:{port} is already in use" in result.stderr and f"PORT={port + 1}" in result.stderr
    assert "Traceback" not in result.stderr and "Built" not in result.stdout       # told before any build
