"""The link check against real local HTTP servers, its report, the issues it opens, and the "Link checked" line.

The servers answer from a script and record each request: its method, path and headers, and how
many requests were in flight at once. Waits a server asks for (Retry-After) go to a recording
`sleep`, so no test sleeps seconds; the politeness test uses a real, small delay.
"""

from __future__ import annotations

import datetime as dt
import http.server
import json
import threading
import time
from email.utils import format_datetime

import pytest
import requests

from build_scripts.config import load_config
from build_scripts.linkcheck import Checker, Outcome, Policy, user_agent
from build_scripts.links import (REPORT, TELL_AFTER, Link, Told, link_dates, link_issues, marker, new_report,
                                 published_links, read_report, summary_markdown, told_issues)
from conftest import TODAY, run_cli
from sitefixtures import person

LOCAL = frozenset({"127.0.0.1", "localhost"})
FAST = Policy(connect_timeout=2, read_timeout=0.5, deadline=3, delay=0, hosts_at_once=4, max_redirects=5,
              max_retry_after=5, get_bytes=4096, robots_bytes=4096, plain_http=LOCAL)
AGENT = user_agent(load_config().programme_name, load_config().repository_url)


class _Handler(http.server.BaseHTTPRequestHandler):
    """Answers for the Server that owns it (self.server.owner)."""

    def log_message(self, *args):
        pass

    def do_HEAD(self):
        self.server.owner.answer(self, "HEAD")

    def do_GET(self):
        self.server.owner.answer(self, "GET")

    def respond(self, method, step):
        status, headers, body = step
        if callable(body):
            body = body()
        if body == "hang":                      # no answer at all until the test ends
            self.server.owner.closing.wait(10)
            return
        if body == "slow-headers":              # a header byte every 50 ms until the test ends
            self.send_response_only(status)
            self.drip()
            return
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        if isinstance(body, tuple) and body[0] == "endless":
            self.end_headers()
            self.endless(method, body[1])
            return
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if method == "GET":
            self.wfile.write(body)

    def drip(self):
        try:
            while not self.server.owner.closing.wait(0.05):
                self.wfile.write(b"X")
                self.wfile.flush()
        except OSError:
            pass

    def endless(self, method, prefix: bytes):
        if method != "GET":
            return
        try:
            self.wfile.write(prefix)
            for _ in range(2000):               # bounded: ~16 MB, unless the client hangs up first
                self.wfile.write(b"#" * 8192)
        except OSError:
            self.server.owner.hung_up.set()


class Server:
    """Answers "METHOD /path" (or "/path", any method) from a script of (status, headers, body) steps,
    the last one repeated; robots.txt and anything unscripted get 404. Records every request, the
    most requests it had in flight at once, and each request's start and end (time.monotonic())."""

    def __init__(self, script: dict, latency: float = 0.0):
        self.script = {k: list(v) for k, v in script.items()}
        self.latency = latency
        self.seen: list[tuple[str, str, dict]] = []
        self.spans: list[tuple[float, float]] = []
        self.most, self._in_flight, self._lock = 0, 0, threading.Lock()
        self.any_request = threading.Event()
        self.hung_up = threading.Event()          # a client stopped reading an endless body
        self.closing = threading.Event()          # ends hanging and dripping answers
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.httpd.owner = self
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_port
        self.url = f"http://127.0.0.1:{self.port}"
        threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True).start()

    def answer(self, handler: _Handler, method: str) -> None:
        started = time.monotonic()
        path = handler.path.split("?")[0]
        with self._lock:
            self._in_flight += 1
            self.most = max(self.most, self._in_flight)
            self.seen.append((method, handler.path, dict(handler.headers)))
            steps = self.script.get(f"{method} {path}") or self.script.get(path) or [(404, {}, b"")]
            step = steps.pop(0) if len(steps) > 1 else steps[0]
        self.any_request.set()
        try:
            time.sleep(self.latency)
            handler.respond(method, step)
        finally:
            with self._lock:
                self._in_flight -= 1
                self.spans.append((started, time.monotonic()))

    def requests(self, method: str | None = None) -> list[str]:
        """The paths asked for, robots.txt left out."""
        return [p for m, p, _ in self.seen if p != "/robots.txt" and (method is None or m == method)]

    def close(self):
        self.closing.set()
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def serve():
    servers = []

    def start(script, latency=0.0):
        s = Server(script, latency)
        servers.append(s)
        return s

    yield start
    for s in servers:
        s.close()


def check(url: str, policy: Policy = FAST, waits: list | None = None) -> Outcome:
    sleep = waits.append if waits is not None else (lambda _: None)
    return Checker(AGENT, policy, sleep=sleep).check([url])[url]


# --- outcomes, one by one ----------------------------------------------------------------------------

def test_a_page_that_answers_head_is_ok_and_asked_once_with_an_identifying_user_agent(serve):
    s = serve({"/work": [(200, {}, b"")]})
    result = check(s.url + "/work")
    assert (result.outcome, result.reason, result.final_url) == ("ok", "HTTP 200", None)
    assert s.requests() == ["/work"] and s.requests("HEAD") == ["/work"]
    agent = s.seen[-1][2]["User-Agent"]
    assert agent.startswith("talent-portal-linkcheck/") and "Bridge Talent" in agent
    assert "+https://github.com/example/talent-portal" in agent


@pytest.mark.parametrize("refusal", [405, 403, 501])
def test_a_refused_head_is_asked_again_with_get(serve, refusal):
    s = serve({"HEAD /work": [(refusal, {}, b"")], "GET /work": [(200, {}, b"<html>hello</html>")]})
    assert check(s.url + "/work").outcome == "ok"
    assert [(m, p) for m, p, _ in s.seen if p == "/work"] == [("HEAD", "/work"), ("GET", "/work")]


def test_an_endless_body_is_read_only_up_to_the_cap(serve):
    s = serve({"HEAD /work": [(405, {}, b"")], "GET /work": [(200, {}, ("endless", b"<html>"))]})
    assert check(s.url + "/work").outcome == "ok"
    assert s.hung_up.wait(5)        # the checker stopped reading and closed the connection


def test_a_hanging_server_is_a_timeout(serve):
    s = serve({"/work": [(200, {}, "hang")]})
    result = check(s.url + "/work")
    assert (result.outcome, result.reason) == ("timeout", "no answer within 0.5 s")


def test_headers_sent_a_byte_at_a_time_end_at_the_deadline_and_the_host_is_asked_nothing_more(serve):
    s = serve({"/drip": [(200, {}, "slow-headers")], "/next": [(200, {}, b"")]})
    checker = Checker(AGENT, Policy(**{**FAST.__dict__, "deadline": 1.0}), sleep=lambda _: None)
    results = checker.check([s.url + "/drip", s.url + "/next"])
    assert (results[s.url + "/drip"].outcome, results[s.url + "/drip"].reason) == ("timeout", "no complete answer within 1 s")
    # the first request is still open: a second one would be two at once to the same host
    assert results[s.url + "/next"].outcome == "timeout"
    assert "left an earlier request unanswered" in results[s.url + "/next"].reason
    assert s.requests() == ["/drip"]


@pytest.mark.parametrize("status, outcome, reason", [
    (404, "broken", "HTTP 404"), (410, "broken", "HTTP 410"), (500, "broken", "HTTP 500"),
    (502, "broken", "HTTP 502"), (503, "broken", "HTTP 503"), (401, "broken", "HTTP 401"),
])
def test_errors_are_broken_with_their_status_and_not_retried(serve, status, outcome, reason):
    s = serve({"/work": [(status, {}, b"")]})
    result = check(s.url + "/work")
    assert (result.outcome, result.reason) == (outcome, reason)
    assert s.requests() == ["/work"]


def test_429_waits_the_seconds_retry_after_gives_then_retries_once(serve):
    s = serve({"/work": [(429, {"Retry-After": "1"}, b""), (200, {}, b"")]})
    waits = []
    assert check(s.url + "/work", waits=waits).outcome == "ok"
    assert s.requests() == ["/work", "/work"]
    assert len(waits) == 1 and 0.5 < waits[0] <= 1.0


def test_429_waits_until_the_date_retry_after_gives(serve):
    later = format_datetime(dt.datetime.now(dt.timezone.utc) + dt.timedelta(seconds=3), usegmt=True)
    s = serve({"/work": [(429, {"Retry-After": later}, b""), (200, {}, b"")]})
    waits = []
    assert check(s.url + "/work", waits=waits).outcome == "ok"
    assert len(waits) == 1 and 1.0 < waits[0] <= 3.0


@pytest.mark.parametrize("retry_after", ["3600", "in-an-hour"])
def test_a_wait_longer_than_the_cap_is_not_waited_for(serve, retry_after):
    if retry_after == "in-an-hour":
        retry_after = format_datetime(dt.datetime.now(dt.timezone.utc) + dt.timedelta(hours=1), usegmt=True)
    s = serve({"/work": [(429, {"Retry-After": retry_after}, b""), (200, {}, b"")]})
    waits = []
    result = check(s.url + "/work", waits=waits)
    assert result.outcome == "rate-limited" and "more than 5" in result.reason
    assert s.requests() == ["/work"] and waits == []


def test_429_again_after_the_retry_is_rate_limited(serve):
    s = serve({"/work": [(429, {"Retry-After": "0"}, b"")]})
    result = check(s.url + "/work")
    assert (result.outcome, result.reason) == ("rate-limited", "HTTP 429 again after waiting")
    assert s.requests() == ["/work", "/work"]


def test_503_with_retry_after_is_retried_once(serve):
    s = serve({"/work": [(503, {"Retry-After": "0"}, b""), (200, {}, b"")]})
    assert check(s.url + "/work").outcome == "ok"
    assert s.requests() == ["/work", "/work"]


def test_a_redirect_is_followed_and_its_end_reported(serve):
    s = serve({"/old": [(301, {"Location": "/new"}, b"")], "/new": [(200, {}, b"")]})
    result = check(s.url + "/old")
    assert (result.outcome, result.final_url) == ("redirected", s.url + "/new")
    assert s.requests() == ["/old", "/new"]


@pytest.mark.parametrize("script, reason", [
    ({"/a": [(302, {"Location": "/a"}, b"")]}, "redirect loop"),
    ({"/a": [(302, {"Location": "/b"}, b"")], "/b": [(307, {"Location": "/a"}, b"")]}, "redirect loop"),
    ({f"/{i}": [(302, {"Location": f"/{i + 1}"}, b"")] for i in range(10)} | {"/a": [(302, {"Location": "/0"}, b"")]},
     "more than 5 redirects"),
])
def test_redirect_loops_and_chains_stop(serve, script, reason):
    s = serve(script)
    result = check(s.url + "/a")
    assert result.outcome == "broken" and reason in result.reason
    assert len(s.requests()) <= 6


def test_a_redirect_to_http_is_broken_without_asking_it(serve):
    s = serve({"/a": [(301, {"Location": "http://example.org/plain"}, b"")]})
    result = check(s.url + "/a")
    assert (result.outcome, result.reason) == ("broken", "redirects to http://example.org/plain: not https")


@pytest.mark.parametrize("url, reason", [
    ("https://10.1.2.3/work", "10.1.2.3 is a private address"),
    ("https://169.254.169.254/latest", "169.254.169.254 is a private address"),
    ("https://localhost/work", "localhost is this machine, not a public site"),
    ("http://example.org/work", "is http://example.org/work: not https"),
])
def test_private_addresses_and_plain_http_are_never_asked(url, reason):
    result = Checker(AGENT, Policy(), sleep=lambda _: None).check_one(url)
    assert (result.outcome, result.reason) == ("unreachable" if "private" in reason or "machine" in reason else "broken",
                                               reason)


def test_a_closed_port_is_unreachable():
    import socket
    with socket.socket() as sock:               # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    result = check(f"http://127.0.0.1:{port}/work")
    assert (result.outcome, result.reason) == ("unreachable", "the connection was refused")


# --- robots.txt -------------------------------------------------------------------------------------

def test_robots_txt_is_obeyed_and_read_once(serve):
    robots = b"User-agent: *\nDisallow: /private\n"
    s = serve({"/robots.txt": [(200, {}, robots)], "/public": [(200, {}, b"")], "/private/a": [(200, {}, b"")]})
    results = Checker(AGENT, FAST, sleep=lambda _: None).check([s.url + "/private/a", s.url + "/public", s.url + "/public?x"])
    assert results[s.url + "/private/a"].outcome == "blocked"
    assert results[s.url + "/private/a"].reason == "robots.txt asks robots not to visit it"
    assert results[s.url + "/public"].outcome == "ok"
    assert "/private/a" not in s.requests()
    assert [p for _, p, _ in s.seen].count("/robots.txt") == 1


def test_rules_for_this_checker_by_name_apply(serve):
    robots = b"User-agent: talent-portal-linkcheck\nDisallow: /\n\nUser-agent: *\nAllow: /\n"
    s = serve({"/robots.txt": [(200, {}, robots)], "/work": [(200, {}, b"")]})
    assert check(s.url + "/work").outcome == "blocked" and s.requests() == []


@pytest.mark.parametrize("status, outcome", [(404, "ok"), (410, "ok"), (401, "ok"), (500, "unreachable"),
                                             (503, "unreachable"), (429, "rate-limited")])
def test_a_robots_txt_that_fails_is_read_as_the_standard_says(serve, status, outcome):
    # RFC 9309: 4xx, no rules; 5xx, everything disallowed (the page is not asked); 429: come back later
    s = serve({"/robots.txt": [(status, {}, b"")], "/work": [(200, {}, b"")]})
    assert check(s.url + "/work").outcome == outcome
    assert s.requests() == (["/work"] if outcome == "ok" else [])


def test_an_endless_robots_txt_is_read_up_to_the_cap(serve):
    s = serve({"/robots.txt": [(200, {}, ("endless", b"User-agent: *\nDisallow: /x\n"))], "/x": [(200, {}, b"")],
               "/y": [(200, {}, b"")]})
    results = Checker(AGENT, FAST, sleep=lambda _: None).check([s.url + "/x", s.url + "/y"])
    assert (results[s.url + "/x"].outcome, results[s.url + "/y"].outcome) == ("blocked", "ok")
    assert s.hung_up.wait(5)


def test_a_hanging_robots_txt_keeps_the_site_unvisited(serve):
    s = serve({"/robots.txt": [(200, {}, "hang")], "/work": [(200, {}, b"")]})
    result = check(s.url + "/work")
    assert (result.outcome, result.reason) == ("timeout", "no answer within 0.5 s")
    assert s.requests() == []


# --- politeness and privacy ---------------------------------------------------------------------------

def test_never_two_requests_at_once_to_one_host_a_delay_between_and_hosts_in_parallel(serve):
    # b's first link is slow; a's first waits until b is asked (hosts in parallel), then a's links
    # redirect to b while b's slow answer is still coming: they must wait for their turn
    b = serve({"/slow": [(200, {}, lambda: time.sleep(0.3) or b"")], "/q": [(200, {}, b"")]}, latency=0.01)
    parallel = []
    a = serve({"/first": [(200, {}, lambda: parallel.append(b.any_request.wait(5)) or b"")],
               "/hop": [(302, {"Location": f"http://localhost:{b.port}/q"}, b"")],
               "/p": [(200, {}, b"")]}, latency=0.01)
    delay = 0.03
    urls = ([a.url + "/first"] + [f"{a.url}/hop?{i}" for i in range(4)] + [f"{a.url}/p?{i}" for i in range(3)]
            + [f"http://localhost:{b.port}/slow"] + [f"http://localhost:{b.port}/q?{i}" for i in range(4)])
    results = Checker(AGENT, Policy(**{**FAST.__dict__, "delay": delay})).check(urls)
    assert {r.outcome for r in results.values()} == {"ok", "redirected"}
    assert parallel == [True]                  # b was asked while a's first request was under way
    assert len(b.seen) == 10                   # robots.txt, its own 5 links and the 4 redirected ones
    for server in (a, b):
        assert server.most == 1                # never two at once, redirects from the other host included
        spans = sorted(server.spans)
        assert all(later[0] - earlier[1] >= delay - 0.005 for earlier, later in zip(spans, spans[1:]))


def test_no_cookie_and_no_credentials_are_ever_sent(serve, tmp_path, monkeypatch):
    s = serve({"/login": [(302, {"Set-Cookie": "session=abc; Path=/", "Location": "/home"}, b"")],
               "/home": [(200, {"Set-Cookie": "more=1; Path=/"}, b"")],
               "/creds": [(302, {"Location": "/home#top"}, b"")]})
    netrc = tmp_path / ".netrc"
    netrc.write_text("machine 127.0.0.1 login someone password secret\n")
    netrc.chmod(0o600)
    monkeypatch.setenv("NETRC", str(netrc))
    # the environment would hand requests a login: a plain requests.get sends it
    assert "Authorization" in requests.get(s.url + "/home", timeout=5).request.headers
    s.seen.clear()
    port = s.port
    urls = [s.url + "/login", s.url + "/home", f"http://someone:secret@127.0.0.1:{port}/creds"]
    results = Checker(AGENT, FAST, sleep=lambda _: None).check(urls)
    assert [results[u].outcome for u in urls] == ["redirected", "ok", "redirected"]
    assert len(s.seen) >= 5
    assert [h for _, _, h in s.seen if "Cookie" in h or "Authorization" in h] == []


# --- the report -------------------------------------------------------------------------------------

def _outcome(url, outcome, day="2026-11-28", reason="HTTP 404"):
    return Outcome(url, outcome, reason, None, f"{day}T04:00:00Z")


LINK = Link("amal-h", "amal-h", "portfolio[0]", "Clinic site", "https://example.org/clinic")
SITE = Link("amal-h", "amal-h", "links.website", "Personal website", "https://amal.example.net/")


def test_failures_in_a_row_are_carried_over_and_a_working_check_ends_them():
    week1 = new_report([LINK, SITE], {LINK.url: _outcome(LINK.url, "broken", "2026-11-21"),
                                      SITE.url: _outcome(SITE.url, "ok", "2026-11-21", "HTTP 200")}, None, "x", AGENT)
    assert [(e["failures"], e["failing_since"], e["last_ok"]) for e in week1["links"]] == [
        (1, "2026-11-21", None), (0, None, "2026-11-21")]
    week2 = new_report([LINK, SITE], {LINK.url: _outcome(LINK.url, "timeout"),
                                      SITE.url: _outcome(SITE.url, "blocked", reason="robots.txt")}, week1, "x", AGENT)
    # a check that could not look (robots.txt, a rate limit) leaves the count and the last good day as they were
    assert [(e["failures"], e["failing_since"], e["last_ok"]) for e in week2["links"]] == [
        (2, "2026-11-21", None), (0, None, "2026-11-21")]
    week3 = new_report([LINK], {LINK.url: _outcome(LINK.url, "redirected", "2026-12-05", "HTTP 200")}, week2, "x", AGENT)
    assert [(e["failures"], e["failing_since"], e["last_ok"]) for e in week3["links"]] == [(0, None, "2026-12-05")]
    # another profile showing the same address starts its own count
    other = Link("bashar-k", "bashar-k", "portfolio[0]", "Same", LINK.url)
    assert new_report([other], {LINK.url: _outcome(LINK.url, "broken")}, week2, "x", AGENT)["links"][0]["failures"] == 1


def test_a_report_round_trips_and_a_bad_one_is_refused(tmp_path):
    from build_scripts.links import ReportError
    report = new_report([LINK], {LINK.url: _outcome(LINK.url, "broken")}, None, "2026-11-28T05:00:00Z", AGENT)
    path = tmp_path / "r.json"
    path.write_text(json.dumps(report))
    assert read_report(path) == report
    bad = {**report, "links": report["links"] + [{"profile": "../x", "url": 3}, {**report["links"][0], "failures": "2"}]}
    path.write_text(json.dumps(bad))
    assert read_report(path)["links"] == report["links"]      # entries not well formed are left out
    for text in ["{", "[]", json.dumps({**report, "format": "other"})]:
        path.write_text(text)
        with pytest.raises(ReportError):
            read_report(path)


def test_the_summary_lists_profiles_with_failures_first_and_failing_links_first_in_each():
    links = [Link("aaa-works", "aaa", "portfolio[0]", "Fine", "https://a.example/"),
             Link("bbb-mixed", "bbb", "portfolio[0]", "Good", "https://b.example/good"),
             Link("bbb-mixed", "bbb", "portfolio[1]", "Gone [x](y) @someone", "https://b.example/gone"),
             Link("ccc-blocked", "ccc", "links.linkedin", "LinkedIn profile", "https://c.example/")]
    outcomes = {"https://a.example/": _outcome("", "ok", reason="HTTP 200"),
                "https://b.example/good": _outcome("", "ok", reason="HTTP 200"),
                "https://b.example/gone": _outcome("", "broken"),
                "https://c.example/": _outcome("", "blocked", reason="robots.txt asks robots not to visit it")}
    text = summary_markdown(new_report(links, outcomes, None, "2026-11-28T05:00:00Z", AGENT))
    assert text.startswith("# Link check, 28 November 2026\n\n4 links on 3 profiles: 2 working, 1 failing, 1 not looked at")
    assert text.index("## bbb-mixed") < text.index("## ccc-blocked")
    section = text[text.index("## bbb-mixed"):text.index("## ccc-blocked")]
    assert section.index("b.example/gone") < section.index("b.example/good")
    assert "Gone \\[x\\]\\(y\\) &#64;someone" in section              # profile text stays text: no link, no mention
    assert "## aaa-works" not in text and "Every link works on 1 profile: aaa-works." in text


# --- the issues ---------------------------------------------------------------------------------------

def _report(*weeks):
    """The report after each week's outcome of LINK, in order."""
    report = None
    for day, outcome in weeks:
        report = new_report([LINK], {LINK.url: _outcome(LINK.url, outcome, day)}, report, f"{day}T05:00:00Z", AGENT)
    return report


def _issues(report, told=Told()):
    return link_issues(report, told, load_config(), {})


def _listed(*issues):
    """Issues as GitHub's API lists them: opened by the workflow unless said otherwise."""
    return json.dumps([{"number": n, "state": state, "user": {"login": who}, "body": body}
                       for n, state, body, who in issues])


def test_one_failure_opens_nothing_two_in_a_row_open_one_issue_that_mentions_the_owner():
    assert _issues(_report(("2026-11-21", "broken"))) == []
    assert _issues(_report(("2026-11-14", "broken"), ("2026-11-21", "ok"), ("2026-11-28", "broken"))) == []
    [issue] = _issues(_report(("2026-11-21", "broken"), ("2026-11-28", "unreachable")))
    assert set(issue) == {"title", "body"}
    assert issue["title"] == "A link on your profile does not work: amal-h"
    assert issue["body"].startswith("@amal-h, a link on your profile on Bridge Talent")
    assert "`https://example.org/clinic`" in issue["body"] and "Not working since 21 November 2026" in issue["body"]
    assert issue["body"].rstrip().endswith(marker(_report(("2026-11-21", "broken"), ("2026-11-28", "broken"))["links"][0]))
    assert TELL_AFTER == 2


def test_never_a_second_issue_for_the_same_failure():
    report = _report(("2026-11-21", "broken"), ("2026-11-28", "broken"))
    [first] = _issues(report)
    for state in ("open", "closed"):
        told = told_issues(_listed((7, state, first["body"], "github-actions[bot]")))
        assert _issues(report, told) == []
        later = _report(("2026-11-21", "broken"), ("2026-11-28", "broken"), ("2026-12-05", "timeout"))
        assert _issues(later, told) == []          # the same run of failures, a week on
    # a marker in an issue anyone else wrote stops nothing
    assert len(_issues(report, told_issues(_listed((8, "open", first["body"], "someone"))))) == 1


def test_a_new_run_of_failures_after_the_link_worked_again_is_told_again():
    told = told_issues(_listed((7, "closed", _issues(_report(("2026-11-21", "broken"), ("2026-11-28", "broken"))
                                                              )[0]["body"], "github-actions[bot]")))
    again = _report(("2026-11-21", "broken"), ("2026-11-28", "broken"), ("2026-12-05", "ok"),
                    ("2026-12-12", "broken"), ("2026-12-19", "broken"))
    [issue] = _issues(again, told)
    assert "title" in issue and "failing since 2026-12-12" in issue["body"]


def test_another_failing_link_updates_the_open_issue_and_mentions_the_owner_in_a_comment():
    weeks = [("2026-11-21", "broken"), ("2026-11-28", "broken")]
    first = _issues(_report(*weeks))[0]
    told = told_issues(_listed((7, "open", first["body"], "github-actions[bot]")))
    report = _report(*weeks)
    site = new_report([SITE], {SITE.url: _outcome(SITE.url, "broken", "2026-11-28")},
                      new_report([SITE], {SITE.url: _outcome(SITE.url, "broken", "2026-11-21")}, None, "x", AGENT),
                      "x", AGENT)
    both = {**report, "links": report["links"] + site["links"]}
    [update] = _issues(both, told)
    assert set(update) == {"number", "body", "comment"} and update["number"] == 7
    assert update["comment"].startswith("@amal-h, another link on your profile stopped working: **Personal website**")
    assert marker(report["links"][0]) in update["body"] and marker(site["links"][0]) in update["body"]
    assert "`https://example.org/clinic`" in update["body"] and "`https://amal.example.net/`" in update["body"]


def test_an_issue_never_mentions_anyone_from_profile_text():
    evil = Link("amal-h", "amal-h", "portfolio[0]", "@everyone ![x](https://t.example/p.png)", "https://example.org/a")
    r1 = new_report([evil], {evil.url: _outcome(evil.url, "broken", "2026-11-21")}, None, "x", AGENT)
    [issue] = _issues(new_report([evil], {evil.url: _outcome(evil.url, "broken")}, r1, "x", AGENT))
    assert "@everyone" not in issue["body"] and "![x]" not in issue["body"] and "&#64;everyone" in issue["body"]
    bad_login = Link("amal-h", "amal-h @other", "portfolio[0]", "x", "https://example.org/a")
    r1 = new_report([bad_login], {evil.url: _outcome(evil.url, "broken", "2026-11-21")}, None, "x", AGENT)
    assert _issues(new_report([bad_login], {evil.url: _outcome(evil.url, "broken")}, r1, "x", AGENT)) == []


# --- which links, and the line on the page ------------------------------------------------------------

TITLE = "The programme checks every link each week: the last day this one opened"
PORTFOLIO = ("portfolio:\n  - title: Clinic site\n    url: https://example.org/clinic\n"
             "links:\n  website: https://amal.example.net/\n")


def _repo(tmp_path):
    """A checkout with one published profile with links, and one whose consent has expired."""
    profiles = tmp_path / "profiles"
    (profiles / "photos").mkdir(parents=True)
    text = person("amal-h", "Amal H.", "Asia/Amman", ["Python"], [("ar", "native")], "available", PORTFOLIO)
    (profiles / "amal-h.yaml").write_text(text.replace("github: amal-h-login", "github: amal-h"))
    gone = person("gone-one", "Gone One", "Asia/Amman", ["Python"], [("ar", "native")], "available",
                  PORTFOLIO.replace("clinic", "secret"))
    (profiles / "gone-one.yaml").write_text(gone.replace("  expires: 2027-12-31\n", "  expires: 2026-03-01\n"))
    return tmp_path


def test_only_the_links_of_published_profiles_are_checked(tmp_path):
    links = published_links(_repo(tmp_path), TODAY)
    assert [(l.profile, l.github, l.field, l.label, l.url) for l in links] == [
        ("amal-h", "amal-h", "portfolio[0]", "Clinic site", "https://example.org/clinic"),
        ("amal-h", "amal-h", "links.website", "Personal website", "https://amal.example.net/")]


def _write_report(repo, outcomes):
    links = published_links(repo, TODAY)
    report = None
    for week in outcomes:
        report = new_report(links, {l.url: _outcome(l.url, o, day) for l, (day, o) in zip(links, week)}, report,
                            "x", AGENT)
    (repo / REPORT).parent.mkdir(exist_ok=True)
    (repo / REPORT).write_text(json.dumps(report))


def _page(repo) -> str:
    from build_scripts.render import render_profile_pages
    from build_scripts.select import select
    from build_scripts.validate import validate_paths
    from build_scripts.vocab import load_vocabulary

    vocab = load_vocabulary()
    published = select(validate_paths(None, root=repo, today=TODAY).profiles, TODAY, vocab.verified_tracks).published
    render_profile_pages(published, repo / "docs", load_config(), vocab, repo, TODAY)
    return (repo / "docs" / "talent" / "amal-h.md").read_text()


def test_the_page_says_when_each_link_last_worked_and_never_that_one_is_broken(tmp_path):
    repo = _repo(tmp_path)
    assert "tp-checked" not in _page(repo)                       # a fresh clone: no report, no line
    _write_report(repo, [[("2026-11-21", "ok"), ("2026-11-21", "ok")], [("2026-11-28", "ok"), ("2026-11-28", "broken")]])
    page = _page(repo)
    span = f'<span class="tp-checked" title="{TITLE}" data-pagefind-ignore>'
    assert f"Clinic site</a> {span}Link checked 28 November 2026</span>" in page
    # the website failed once: the day it last worked stays; nothing says it failed
    assert f"Website</a> {span}(link checked 21 November 2026)</span>" in page
    assert "broken" not in page.lower() and "404" not in page


def test_a_link_that_failed_twice_in_a_row_shows_no_date(tmp_path):
    repo = _repo(tmp_path)
    _write_report(repo, [[("2026-11-14", "ok"), ("2026-11-14", "ok")], [("2026-11-21", "ok"), ("2026-11-21", "broken")],
                         [("2026-11-28", "ok"), ("2026-11-28", "timeout")]])
    page = _page(repo)
    assert "Link checked 28 November 2026" in page and page.count("tp-checked") == 1


def test_a_broken_report_shows_nothing_and_fails_nothing(tmp_path):
    repo = _repo(tmp_path)
    (repo / "data").mkdir()
    (repo / REPORT).write_text("{ not json")
    assert link_dates(repo / REPORT) == {}
    assert "tp-checked" not in _page(repo)


# --- the command --------------------------------------------------------------------------------------

def test_check_links_writes_the_report_and_opens_an_issue_on_the_second_failure(tmp_path):
    repo = _repo(tmp_path / "repo")
    for name in ("amal-h.yaml", "gone-one.yaml"):           # private addresses: answered without any request
        path = repo / "profiles" / name
        path.write_text(path.read_text().replace("https://example.org/", "https://10.9.8.7/")
                        .replace("https://amal.example.net/", "https://192.168.1.2/"))
    out, issues = tmp_path / "out", tmp_path / "issues.jsonl"
    (tmp_path / "none.json").write_text("[]")
    args = ["check-links", "--repo", str(repo), "--out", str(out), "--today", TODAY.isoformat(),
            "--sent", str(tmp_path / "none.json"), "--issues-out", str(issues)]
    first = run_cli(*args)
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith("Checked 2 links: 0 working, 2 failing, 0 not looked at")
    report = json.loads((out / "link-report.json").read_text())
    assert [(e["url"], e["outcome"], e["failures"]) for e in report["links"]] == [
        ("https://10.9.8.7/clinic", "unreachable", 1), ("https://192.168.1.2/", "unreachable", 1)]
    assert "secret" not in (out / "link-report.json").read_text()          # an expired profile's links: never
    assert "## amal-h (amal-h on GitHub)" in (out / "link-report.md").read_text()
    assert issues.read_text() == ""
    second = run_cli(*args)                                                # the report in --out is the previous one
    assert second.returncode == 0, second.stderr
    [issue] = [json.loads(line) for line in issues.read_text().splitlines()]
    assert issue["title"] == "Links on your profile do not work: amal-h" and issue["body"].startswith("@amal-h,")
    (tmp_path / "sent.json").write_text(_listed((3, "open", issue["body"], "github-actions[bot]")))
    third = run_cli(*args[:-4], "--sent", str(tmp_path / "sent.json"), "--issues-out", str(issues))
    assert third.returncode == 0 and issues.read_text() == ""


def test_check_links_refuses_an_unknown_profile(tmp_path):
    result = run_cli("check-links", "--repo", str(_repo(tmp_path)), "--out", str(tmp_path / "out"),
                     "--today", TODAY.isoformat(), "--only", "gone-one")
    assert result.returncode == 2 and "no published profile with links to check: gone-one" in result.stderr


@pytest.mark.slow
def test_both_executors_build_the_line_from_the_report(tmp_path, monkeypatch):
    import build_scripts.fast.workers
    from build_scripts import pipeline
    from build_scripts.fast import build as fast

    repo = _repo(tmp_path)
    _write_report(repo, [[("2026-11-28", "ok"), ("2026-11-28", "ok")]])
    assert pipeline.build_site(tmp_path / "plain", TODAY, profiles_dir=repo / "profiles", log=lambda *_: None) == 0
    monkeypatch.setattr(build_scripts.fast.workers, "MIN_ITEMS", 1)        # workers even for one profile
    assert fast.build_site(tmp_path / "fast", TODAY, profiles_dir=repo / "profiles", log=lambda *_: None) == 0
    plain, quick = ((tmp_path / site / "talent" / "amal-h" / "index.html").read_text() for site in ("plain", "fast"))
    assert plain == quick
    assert ">Link checked 28 November 2026</span>" in plain
    assert not (tmp_path / "plain" / "talent" / "gone-one").exists()
