"""fetch.py against real local HTTP servers: retries, timeouts, byte caps, and where the token goes."""

from __future__ import annotations

import http.server
import json
import threading
import time

import pytest

from build_scripts.fetch import FetchError, Policy, fetch_package, get

TOKEN = "SECRET-TOKEN-4242"
FAST = Policy(connect_timeout=2, read_timeout=0.5, retries=2, backoff=0.01, max_retry_after=5, max_bytes=100_000)


class Server:
    """Answers each path from a script of responses, in order; records every request's headers."""

    def __init__(self, script: dict):
        self.script = {k: list(v) for k, v in script.items()}
        self.seen: list[tuple[str, dict]] = []
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def drip(self, byte: bytes):
                """One byte every 50 ms, for at most 20 s, until the client hangs up."""
                try:
                    for _ in range(400):
                        self.wfile.write(byte)
                        self.wfile.flush()
                        time.sleep(0.05)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def do_GET(self):
                outer.seen.append((self.path, dict(self.headers)))
                steps = outer.script.get(self.path.split("?")[0]) or [(404, {}, b"")]
                status, headers, body = steps.pop(0) if len(steps) > 1 else steps[0]
                if body == "hang":
                    time.sleep(3)
                    return
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                if body == "slow-headers":              # a header byte every 50 ms, for at most 20 s
                    self.send_response_only(status)
                    self.drip(b"X")
                    return
                if body == "trickle":                   # a byte every 50 ms, for at most 20 s
                    self.send_header("Content-Length", "10000000")
                    self.end_headers()
                    self.drip(b"x")
                    return
                if body == "endless":
                    self.end_headers()
                    try:
                        for _ in range(2000):           # bounded: stops by itself after ~16 MB
                            self.wfile.write(b"x" * 8192)
                    except (BrokenPipeError, ConnectionResetError):
                        pass
                    return
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_port}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def serve():
    servers = []

    def start(script):
        s = Server(script)
        servers.append(s)
        return s

    yield start
    for s in servers:
        s.close()


PACKAGE = json.dumps({"name": "outcomes", "resources": [{"name": "learners", "path": "learners.csv"}]}).encode()
OK = (200, {"Content-Type": "application/json"}, PACKAGE)
CSV = (200, {"Content-Type": "text/csv"}, b"learner_id\nL00001\n")


def test_200_fetches_descriptor_and_resources_with_the_token(serve, tmp_path, monkeypatch):
    s = serve({"/pkg/datapackage.json": [OK], "/pkg/learners.csv": [CSV]})
    monkeypatch.setenv("OUTCOMES_TOKEN", TOKEN)
    descriptor = fetch_package(s.url + "/pkg/", tmp_path, policy=FAST)
    assert json.loads(descriptor.read_text())["name"] == "outcomes"
    assert (tmp_path / "learners.csv").read_text() == "learner_id\nL00001\n"
    assert [h.get("Authorization") for _, h in s.seen] == [f"Bearer {TOKEN}"] * 2


def test_429_waits_as_retry_after_says(serve, tmp_path):
    s = serve({"/d.json": [(429, {"Retry-After": "2"}, b""), OK]})
    waits = []
    get(s.url + "/d.json", tmp_path / "d.json", policy=FAST, sleep=waits.append)
    assert waits == [2.0] and len(s.seen) == 2


def test_retry_after_longer_than_the_cap_is_not_waited_for(serve, tmp_path):
    s = serve({"/d.json": [(429, {"Retry-After": "3600"}, b""), OK]})
    with pytest.raises(FetchError, match="longer than 5 s"):
        get(s.url + "/d.json", tmp_path / "d.json", policy=FAST, sleep=lambda _: None)


def test_5xx_then_success_backs_off(serve, tmp_path):
    s = serve({"/d.json": [(503, {}, b""), (502, {}, b""), OK]})
    waits = []
    get(s.url + "/d.json", tmp_path / "d.json", policy=FAST, sleep=waits.append)
    assert waits == [0.01, 0.02] and len(s.seen) == 3


def test_5xx_forever_gives_up(serve, tmp_path):
    s = serve({"/d.json": [(500, {}, b"")]})
    with pytest.raises(FetchError, match="HTTP 500; gave up after 2 retries"):
        get(s.url + "/d.json", tmp_path / "d.json", policy=FAST, sleep=lambda _: None)
    assert len(s.seen) == 3


def test_404_is_not_retried(serve, tmp_path):
    s = serve({})
    with pytest.raises(FetchError, match="HTTP 404"):
        get(s.url + "/missing.json", tmp_path / "m.json", policy=FAST, sleep=lambda _: None)
    assert len(s.seen) == 1


def test_hanging_server_times_out(serve, tmp_path):
    s = serve({"/d.json": [(200, {}, "hang")]})
    started = time.monotonic()
    with pytest.raises(FetchError, match="did not answer within 0.5 s"):
        get(s.url + "/d.json", tmp_path / "d.json", policy=FAST, sleep=lambda _: None)
    assert time.monotonic() - started < 10


def test_endless_body_is_cut_at_the_byte_cap(serve, tmp_path):
    s = serve({"/d.json": [(200, {"Content-Type": "text/csv"}, "endless")]})
    with pytest.raises(FetchError, match="sent more than 100000 bytes"):
        get(s.url + "/d.json", tmp_path / "d.json", policy=FAST, sleep=lambda _: None)
    assert not (tmp_path / "d.json").exists()


def test_declared_oversize_body_is_refused_before_download(serve, tmp_path):
    s = serve({"/d.json": [(200, {}, b"x" * 200_000)]})
    with pytest.raises(FetchError, match="is 200000 bytes; the limit is 100000"):
        get(s.url + "/d.json", tmp_path / "d.json", policy=FAST, sleep=lambda _: None)


def test_redirect_to_another_origin_does_not_carry_the_token(serve, tmp_path):
    other = serve({"/elsewhere.json": [OK]})
    home = serve({"/d.json": [(302, {"Location": other.url + "/elsewhere.json"}, b"")]})
    get(home.url + "/d.json", tmp_path / "d.json", token=TOKEN, policy=FAST, sleep=lambda _: None)
    assert home.seen[0][1].get("Authorization") == f"Bearer {TOKEN}"
    assert other.seen and "Authorization" not in other.seen[0][1]


def test_redirect_within_the_origin_keeps_the_token(serve, tmp_path):
    s = serve({"/d.json": [(301, {"Location": "/moved.json"}, b"")], "/moved.json": [OK]})
    get(s.url + "/d.json", tmp_path / "d.json", token=TOKEN, policy=FAST, sleep=lambda _: None)
    assert [h.get("Authorization") for _, h in s.seen] == [f"Bearer {TOKEN}"] * 2


def test_redirect_loop_stops(serve, tmp_path):
    s = serve({"/d.json": [(302, {"Location": "/d.json"}, b"")]})
    with pytest.raises(FetchError, match="more than 5 redirects"):
        get(s.url + "/d.json", tmp_path / "d.json", policy=FAST, sleep=lambda _: None)


def test_plain_http_elsewhere_is_refused_before_any_request(tmp_path):
    with pytest.raises(FetchError, match="https only"):
        get("http://example.org/d.json", tmp_path / "d.json", policy=FAST)


def test_resource_paths_cannot_leave_the_package(serve, tmp_path):
    bad = json.dumps({"resources": [{"name": "x", "path": "../../etc/passwd"}]}).encode()
    s = serve({"/datapackage.json": [(200, {}, bad)]})
    with pytest.raises(FetchError, match="must be relative and inside the package"):
        fetch_package(s.url + "/datapackage.json", tmp_path, policy=FAST)


def test_messages_never_show_the_token_or_the_query(serve, tmp_path, monkeypatch):
    s = serve({"/d.json": [(500, {}, b"")]})
    monkeypatch.setenv("OUTCOMES_TOKEN", TOKEN)
    with pytest.raises(FetchError) as err:
        fetch_package(s.url + "/d.json?key=QUERYSECRET", tmp_path, policy=FAST, sleep=lambda _: None)
    assert TOKEN not in str(err.value) and "QUERYSECRET" not in str(err.value)


def test_a_trickling_body_is_dropped_below_the_minimum_rate(serve, tmp_path):
    # 20 bytes a second: every read arrives well within the read timeout, so only the rate stops it
    s = serve({"/d.json": [(200, {"Content-Type": "text/csv"}, "trickle")]})
    policy = Policy(read_timeout=0.5, retries=0, deadline=60, min_rate=1000, rate_window=0.5)
    started = time.monotonic()
    with pytest.raises(FetchError, match="sent fewer than 1000 bytes a second over 0.5 s; stopped"):
        get(s.url + "/d.json", tmp_path / "d.json", policy=policy, sleep=lambda _: None)
    assert time.monotonic() - started < 3
    assert not (tmp_path / "d.json").exists()


def test_the_whole_package_has_one_deadline(serve, tmp_path):
    # fast enough for the rate, never done: the deadline, counted from the descriptor, stops it
    s = serve({"/pkg/datapackage.json": [OK], "/pkg/learners.csv": [(200, {}, "trickle")]})
    policy = Policy(read_timeout=0.5, retries=0, deadline=1.5, min_rate=1, rate_window=0.2)
    started = time.monotonic()
    with pytest.raises(FetchError, match=r"learners.csv: the outcomes fetch took longer than its 1.5 s limit"):
        fetch_package(s.url + "/pkg/", tmp_path, policy=policy, sleep=lambda _: None)
    assert time.monotonic() - started < 4
    assert not (tmp_path / "learners.csv").exists()


def test_no_retry_is_waited_for_past_the_deadline(serve, tmp_path):
    s = serve({"/d.json": [(503, {"Retry-After": "2"}, b""), OK]})
    waits = []
    with pytest.raises(FetchError, match="HTTP 503; a retry would end after the fetch's 1 s limit"):
        get(s.url + "/d.json", tmp_path / "d.json", policy=Policy(retries=3, deadline=1), sleep=waits.append)
    assert waits == [] and len(s.seen) == 1


def test_headers_sent_a_byte_at_a_time_do_not_hold_the_fetch_past_its_deadline(serve, tmp_path):
    # requests cannot stop while it reads headers; the deadline around the whole fetch does
    s = serve({"/pkg/datapackage.json": [(200, {}, "slow-headers")]})
    policy = Policy(read_timeout=0.5, retries=0, deadline=1)
    started = time.monotonic()
    with pytest.raises(FetchError, match="datapackage.json: the outcomes fetch took longer than its 1 s limit"):
        fetch_package(s.url + "/pkg/", tmp_path, policy=policy, sleep=lambda _: None)
    assert time.monotonic() - started < 4
