"""Link check: visit each link as a polite client, and say in one word and a reason how it answered.

Polite: an identifying User-Agent; one request at a time to a host name, with a delay between two,
and a few hosts in parallel; robots.txt read once per origin and obeyed (urllib.robotparser, as
RFC 9309 says: a missing robots.txt lets everything in, one that fails to load keeps everything
out); HEAD first, and a GET of a few KB only when HEAD is refused; Retry-After honoured up to a cap,
then one retry. Careful: https only (a redirect to http is a failure), redirects followed by hand to
a limit (loops found), no cookies and no credentials (no .netrc, no proxy settings from the
environment, no user@ part), no private addresses; each link has a deadline that also ends what
requests cannot interrupt, such as headers sent a byte at a time (fetch.py's approach). What to
check is decided elsewhere (links.py); this module only asks.
"""

from __future__ import annotations

import datetime as dt
import http.cookiejar
import ipaddress
import re
import threading
import time
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit, urlunsplit
from urllib.robotparser import RobotFileParser

import requests
import urllib3

from .fetch import shown
from .schema import is_https_url

# The outcomes, one word each. A link works when it is ok or redirected, fails when it is broken,
# unreachable or timed out; blocked (by robots.txt) and rate-limited say nothing about the link.
OK, REDIRECTED, BROKEN, UNREACHABLE, BLOCKED, RATE_LIMITED, TIMEOUT = (
    "ok", "redirected", "broken", "unreachable", "blocked", "rate-limited", "timeout")
OUTCOMES = (OK, REDIRECTED, BROKEN, UNREACHABLE, BLOCKED, RATE_LIMITED, TIMEOUT)
WORKING = frozenset({OK, REDIRECTED})
FAILED = frozenset({BROKEN, UNREACHABLE, TIMEOUT})

ROBOT = "talent-portal-linkcheck"          # the name robots.txt rules can give this checker
HEAD_REFUSED = frozenset({403, 405, 501})  # a HEAD answered so is asked again with GET
REDIRECTS = frozenset({301, 302, 303, 307, 308})


@dataclass(frozen=True)
class Policy:
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    deadline: float = 90.0            # seconds for one link, all included: waits, robots.txt, redirects, the retry
    delay: float = 2.0                # seconds between two requests to one host
    hosts_at_once: int = 4            # hosts checked in parallel
    max_redirects: int = 5
    max_retry_after: float = 30.0     # a longer Retry-After is not waited for
    get_bytes: int = 16 * 1024        # a GET reads at most this much of a page
    robots_bytes: int = 512 * 1024    # RFC 9309: at least 500 KiB of robots.txt are read
    plain_http: frozenset = frozenset()   # host names asked over http: the tests' local servers, never a real site


@dataclass(frozen=True)
class Outcome:
    """How one link answered: one of OUTCOMES, a short reason, and where a redirect ended."""
    url: str
    outcome: str
    reason: str
    final_url: str | None = None
    checked_at: str = ""              # UTC, ISO 8601 to the second


def user_agent(programme: str, repository: str) -> str:
    """Who is asking and where to read why: the programme's name and the repository's address."""
    name = " ".join(re.sub(r"[^A-Za-z0-9 .,_-]+", " ", programme).split()) or "talent portal"
    where = f"; +{repository}" if is_https_url(repository) else ""
    return f"{ROBOT}/1.0 (link check for {name}{where})"


# --- the hosts: one request at a time each, robots.txt once ---------------------------------------

class _Host:
    def __init__(self, name: str):
        self.name = name
        self.lock = threading.Lock()       # held for each request to this host: never two at once
        self.next_at = 0.0                 # time.monotonic() before which no request may start
        self.state = threading.Lock()      # guards next_at; never held while waiting
        self.holder: int | None = None     # the thread whose request is under way
        self.stalled = False               # a request outlived its link's deadline: not asked again this run
        self.robots_lock = threading.Lock()
        self.robots: dict[str, _Robots] = {}   # origin -> its rules

    def later(self, at: float) -> None:
        with self.state:
            self.next_at = max(self.next_at, at)


class _Hosts:
    def __init__(self):
        self._lock = threading.Lock()
        self._hosts: dict[str, _Host] = {}

    def get(self, name: str) -> _Host:
        with self._lock:
            return self._hosts.setdefault(name, _Host(name))

    def abandon(self, thread: int | None) -> None:
        """A link's thread is left behind: the hosts it is asking stay busy, and are asked nothing more."""
        with self._lock:
            for host in self._hosts.values():
                if host.holder == thread:
                    host.stalled = True


@dataclass(frozen=True)
class _Verdict:
    """An outcome and its reason, before it is stamped with the time (Outcome)."""
    outcome: str
    reason: str


@dataclass(frozen=True)
class _Answer:
    status: int
    location: str | None
    retry_after: str | None
    body: bytes = b""
    cut: bool = False                  # the body was longer than was read


@dataclass(frozen=True)
class _Robots:
    parser: RobotFileParser | None     # None: everything allowed
    failure: _Verdict | None = None    # robots.txt failed to load: nothing may be asked

    def verdict(self, url: str) -> _Verdict | None:
        if self.failure:
            return self.failure
        if self.parser is not None and not self.parser.can_fetch(ROBOT, url):
            return _Verdict(BLOCKED, "robots.txt asks robots not to visit it")
        return None


# --- the checker ---------------------------------------------------------------------------------

class Checker:
    """Checks links politely. `sleep` waits between requests to a host (tests pass one that records);
    `now` gives the UTC time a check ended."""

    def __init__(self, agent: str, policy: Policy = Policy(), sleep=time.sleep,
                 now=lambda: dt.datetime.now(dt.timezone.utc)):
        self.agent, self.policy, self.sleep, self.now = agent, policy, sleep, now
        self._hosts = _Hosts()

    def check(self, urls: list[str]) -> dict[str, Outcome]:
        """Each distinct url's outcome. The links of one host are asked one after another, hosts in
        parallel (policy.hosts_at_once); a link that outlives its deadline is reported as a timeout."""
        groups: dict[str, list[str]] = {}
        for url in dict.fromkeys(urls):
            groups.setdefault(_host_name(url), []).append(url)
        queue, results, errors, lock = list(groups.values()), {}, [], threading.Lock()

        def work():
            while True:
                with lock:
                    if not queue or errors:
                        return
                    group = queue.pop(0)
                for url in group:
                    try:
                        results[url] = self.check_one(url)
                    except BaseException as e:      # handed to the caller, whatever it is
                        with lock:
                            errors.append(e)
                        return
        workers = [threading.Thread(target=work, name="link-check-host", daemon=True)
                   for _ in range(min(self.policy.hosts_at_once, len(queue)))]
        for w in workers:
            w.start()
        for w in workers:
            w.join()
        if errors:
            raise errors[0]
        return results

    def check_one(self, url: str) -> Outcome:
        """One link, within its deadline: the check runs in a thread of its own, left behind (with the
        hosts it was asking marked stalled) when the deadline passes."""
        deadline = time.monotonic() + self.policy.deadline
        box: dict = {}

        def run():
            try:
                box["result"] = self._check(url, deadline)
            except BaseException as e:
                box["error"] = e
        worker = threading.Thread(target=run, name="link-check", daemon=True)
        worker.start()
        worker.join(self.policy.deadline + min(1.0, self.policy.deadline / 4))
        if worker.is_alive():
            self._hosts.abandon(worker.ident)
            return self._outcome(url, _Verdict(TIMEOUT, f"no complete answer within {self.policy.deadline:g} s"))
        if "error" in box:
            raise box["error"]
        return box["result"]

    def _outcome(self, url: str, result: _Verdict, final: str | None = None) -> Outcome:
        stamp = self.now().astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        return Outcome(url, result.outcome, result.reason, final, stamp)

    def _session(self) -> requests.Session:
        session = requests.Session()
        session.trust_env = False          # no .netrc, no proxy or certificate settings from the environment
        session.cookies.set_policy(http.cookiejar.DefaultCookiePolicy(allowed_domains=[]))   # keeps no cookie
        session.headers.clear()
        session.headers.update({"User-Agent": self.agent, "Accept": "text/html,application/xhtml+xml,*/*;q=0.8",
                                "Accept-Encoding": "identity"})   # the body is read only a little, never unpacked
        return session

    def _check(self, url: str, deadline: float) -> Outcome:
        with self._session() as session:
            current, method, hops, seen, retried = _clean(url), "HEAD", 0, set(), False
            while True:
                seen.add(current)
                refused = self._refused(current, hops) or self._robots(session, current, deadline)
                if refused:
                    return self._outcome(url, refused)
                answer = self._request(session, method, current, deadline, self.policy.get_bytes)
                if isinstance(answer, _Verdict):
                    return self._outcome(url, answer)
                status = answer.status
                if method == "HEAD" and status in HEAD_REFUSED:
                    method = "GET"
                    continue
                if status in REDIRECTS and answer.location:
                    hops += 1
                    target = _clean(urljoin(current, answer.location))
                    if target in seen:
                        return self._outcome(url, _Verdict(BROKEN, f"redirect loop: back to {shown(target)}"))
                    if hops > self.policy.max_redirects:
                        return self._outcome(url, _Verdict(BROKEN, f"more than {self.policy.max_redirects} redirects"))
                    current, method = target, "HEAD"
                    continue
                if status == 429 or (status == 503 and answer.retry_after is not None):
                    why = self._hold_off(answer, current, deadline, retried)
                    if why:
                        return self._outcome(url, why)
                    retried = True
                    continue
                if 200 <= status < 300:
                    return self._outcome(url, _Verdict(REDIRECTED if hops else OK, f"HTTP {status}"),
                                         shown(current) if hops else None)
                return self._outcome(url, _Verdict(BROKEN, f"HTTP {status}" + (f" at {shown(current)}" if hops else "")))

    def _refused(self, url: str, hops: int) -> _Verdict | None:
        """Why url is not asked at all: not https (a redirect to http fails), or a private address."""
        u = urlsplit(url)
        host = u.hostname or ""
        if not host:
            return _Verdict(BROKEN, "not a link to a web page")
        if u.scheme != "https" and not (u.scheme == "http" and host in self.policy.plain_http):
            return _Verdict(BROKEN, f"{'redirects to' if hops else 'is'} {shown(url)}: not https")
        if host in self.policy.plain_http:
            return None
        if host == "localhost" or host.endswith(".localhost"):
            return _Verdict(UNREACHABLE, f"{host} is this machine, not a public site")
        try:
            address = ipaddress.ip_address(host)
        except ValueError:
            return None
        if not address.is_global:
            return _Verdict(UNREACHABLE, f"{host} is a private address")
        return None

    def _hold_off(self, answer: _Answer, url: str, deadline: float, retried: bool) -> _Verdict | None:
        """After a 429 (or a 503 with Retry-After): wait as asked, up to the cap, then one retry."""
        outcome = RATE_LIMITED if answer.status == 429 else BROKEN
        if retried:
            return _Verdict(outcome, f"HTTP {answer.status} again after waiting")
        wait = _retry_after(answer.retry_after, self.policy.delay)
        if wait > self.policy.max_retry_after:
            return _Verdict(outcome, f"HTTP {answer.status}: asked to wait {wait:.0f} s (more than {self.policy.max_retry_after:g})")
        if wait >= deadline - time.monotonic():
            return _Verdict(outcome, f"HTTP {answer.status}: asked to wait {wait:.0f} s, past the link's time")
        self._hosts.get(_host_name(url)).later(time.monotonic() + wait)   # no one asks this host before then
        return None

    # one request to url, in its host's turn; the answer (with at most `keep` bytes of a 2xx body), or why there is none
    def _request(self, session: requests.Session, method: str, url: str, deadline: float,
                 keep: int) -> _Answer | _Verdict:
        host = self._hosts.get(_host_name(url))
        waited = self._take_turn(host, deadline)
        if waited:
            return waited
        try:
            left = deadline - time.monotonic()
            if left <= 0:
                return _Verdict(TIMEOUT, f"{host.name}'s turn came after the link's {self.policy.deadline:g} s")
            try:
                response = session.request(method, url, stream=True, allow_redirects=False,
                                           timeout=(min(self.policy.connect_timeout, left),
                                                    min(self.policy.read_timeout, left)))
            except requests.ConnectTimeout:
                return _Verdict(TIMEOUT, f"no connection within {min(self.policy.connect_timeout, left):g} s")
            except requests.Timeout:
                return _Verdict(TIMEOUT, f"no answer within {min(self.policy.read_timeout, left):g} s")
            except requests.RequestException as e:
                return _Verdict(UNREACHABLE, _unreachable(e))
            with response:
                body, cut = b"", False
                if method == "GET" and 200 <= response.status_code < 300 and keep:
                    body, cut = _read_some(response, keep, deadline)
                    if body is None:
                        return _Verdict(TIMEOUT, f"the page came too slowly for the link's {self.policy.deadline:g} s")
                return _Answer(response.status_code, response.headers.get("Location"),
                               response.headers.get("Retry-After"), body, cut)
        finally:
            host.later(time.monotonic() + self.policy.delay)
            host.holder = None
            host.lock.release()

    def _take_turn(self, host: _Host, deadline: float) -> _Verdict | None:
        """Hold host.lock (the caller releases it), once the delay since its last request has passed."""
        if host.stalled or not host.lock.acquire(timeout=max(0.0, deadline - time.monotonic())):
            return _Verdict(TIMEOUT, f"{host.name} left an earlier request unanswered" if host.stalled
                            else f"{host.name} was busy past the link's {self.policy.deadline:g} s")
        host.holder = threading.get_ident()
        wait = host.next_at - time.monotonic()
        if host.stalled or wait >= deadline - time.monotonic():
            host.holder = None
            host.lock.release()
            return _Verdict(TIMEOUT, f"{host.name} left an earlier request unanswered" if host.stalled
                            else f"{host.name}'s turn would come after the link's {self.policy.deadline:g} s")
        if wait > 0:
            self.sleep(wait)
        return None

    # --- robots.txt --------------------------------------------------------------------------------

    def _robots(self, session: requests.Session, url: str, deadline: float) -> _Verdict | None:
        """Whether robots.txt lets this checker ask for url; read once per origin, whatever it said."""
        u = urlsplit(url)
        origin = f"{u.scheme}://{u.netloc}"
        host = self._hosts.get(_host_name(url))
        if not host.robots_lock.acquire(timeout=max(0.0, deadline - time.monotonic())):
            return _Verdict(TIMEOUT, f"{host.name}'s robots.txt did not come within the link's {self.policy.deadline:g} s")
        try:
            if origin not in host.robots:
                host.robots[origin] = self._read_robots(session, origin + "/robots.txt", deadline)
            rules = host.robots[origin]
        finally:
            host.robots_lock.release()
        return rules.verdict(url)

    def _read_robots(self, session: requests.Session, url: str, deadline: float) -> _Robots:
        """RFC 9309: 2xx -> its rules; 4xx (and too many redirects) -> no rules; 5xx, no answer or a
        broken connection -> nothing may be asked. 429 is read as the site asking us to come back later."""
        for _ in range(self.policy.max_redirects + 1):
            answer = self._request(session, "GET", url, deadline, self.policy.robots_bytes)
            if isinstance(answer, _Verdict):       # the site itself cannot be reached: say why
                return _Robots(None, answer)
            if answer.status in REDIRECTS and answer.location:
                url = _clean(urljoin(url, answer.location))
                if self._refused(url, 1):
                    return _Robots(None)
                continue
            if 200 <= answer.status < 300:
                lines = answer.body.decode("utf-8", "replace").splitlines()
                parser = RobotFileParser()
                parser.parse(lines[:-1] if answer.cut else lines)      # a line cut at the cap is left out
                return _Robots(parser)
            if answer.status == 429:
                return _Robots(None, _Verdict(RATE_LIMITED, "robots.txt answered HTTP 429"))
            if answer.status >= 500:
                return _Robots(None, _Verdict(UNREACHABLE, f"robots.txt answered HTTP {answer.status}, "
                                                           "so the site is not visited"))
            return _Robots(None)
        return _Robots(None)


# --- helpers ------------------------------------------------------------------------------------

def _host_name(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def _clean(url: str) -> str:
    """url as it is asked for: no user:password part (requests would send it as a login), no fragment."""
    u = urlsplit(url)
    host = u.hostname or ""
    try:
        port = f":{u.port}" if u.port else ""
    except ValueError:
        port = ""
    host = f"[{host}]" if ":" in host else host
    return urlunsplit((u.scheme.lower(), host + port, u.path or "/", u.query, ""))


def _retry_after(value: str | None, fallback: float) -> float:
    """Seconds a Retry-After asks for (a number or an HTTP date); the fallback without one."""
    if value is None:
        return fallback
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        return max(0.0, (parsedate_to_datetime(value) - dt.datetime.now(dt.timezone.utc)).total_seconds())
    except (TypeError, ValueError):
        return fallback


def _read_some(response: requests.Response, keep: int, deadline: float) -> tuple[bytes | None, bool]:
    """Up to `keep` bytes of the body, read as they arrive; (None, _) when the deadline passes first.
    A body that breaks off counts as what arrived: the status was already given."""
    parts, size = [], 0
    try:
        while size < keep:
            if time.monotonic() > deadline:
                return None, True
            chunk = response.raw.read1(min(16 * 1024, keep - size), decode_content=False)
            if not chunk:
                return b"".join(parts), False
            parts.append(chunk)
            size += len(chunk)
    except (requests.RequestException, urllib3.exceptions.HTTPError, OSError):
        return b"".join(parts), False
    return b"".join(parts), True


def _unreachable(e: requests.RequestException) -> str:
    """Why a connection failed, in a few words (never the whole exception: it can be long)."""
    reason = getattr(e.args[0], "reason", None) if e.args else None
    if isinstance(e, requests.exceptions.SSLError):
        return "the secure connection failed (certificate or TLS)"
    if isinstance(reason, urllib3.exceptions.NameResolutionError):
        return "the host name does not exist"
    if "refused" in str(e).lower():
        return "the connection was refused"
    if isinstance(e, requests.exceptions.ChunkedEncodingError) or "RemoteDisconnected" in str(e):
        return "the server closed the connection without an answer"
    return f"could not connect ({type(reason or e).__name__})"
