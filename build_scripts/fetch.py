"""Fetch: the outcomes data package from a local folder or an https URL, into a private temp folder.

Every request has a timeout, and the whole fetch (every file, retry and redirect) a deadline; a
body that arrives slower than a minimum rate is dropped, so a server trickling bytes cannot hold
the build, and with it every consent withdrawal, for much longer than the deadline. 429 and 5xx
are retried with backoff, honouring Retry-After up to a cap; bodies are streamed with a byte cap;
the bearer token (read from an environment variable) goes only to the configured origin: redirects are followed by hand and lose the token when they
leave it. Messages never contain the token or a URL's query string.
"""

from __future__ import annotations

import json
import os
import shutil
import threading
import time
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from pathlib import Path, PurePosixPath
from urllib.parse import urljoin, urlsplit

import requests
import urllib3

LOOPBACK = {"127.0.0.1", "localhost", "::1"}


class FetchError(Exception):
    """The data package could not be fetched. The message is safe to print."""


@dataclass(frozen=True)
class Policy:
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    retries: int = 4
    backoff: float = 1.0            # seconds, doubled each retry
    max_retry_after: float = 60.0   # a longer Retry-After is not waited for
    max_bytes: int = 200 * 1024 * 1024
    max_redirects: int = 5
    deadline: float = 300.0         # seconds for the whole package: every file, retry and redirect
                                    # (a receive under way may add one read_timeout)
    min_rate: float = 10 * 1024     # bytes a second a body must keep up, over each rate_window
    rate_window: float = 10.0       # seconds


def _origin(url: str) -> tuple[str, str, int | None]:
    u = urlsplit(url)
    return u.scheme, (u.hostname or "").lower(), u.port or {"https": 443, "http": 80}.get(u.scheme)


def shown(url: str) -> str:
    """A URL as messages may show it: no query, no fragment, no user:password."""
    u = urlsplit(url)
    host = u.hostname or ""
    return f"{u.scheme}://{host}{':' + str(u.port) if u.port else ''}{u.path}"


def check_url(url: str) -> None:
    u = urlsplit(url)
    if u.scheme == "https" or (u.scheme == "http" and (u.hostname or "") in LOOPBACK):
        return
    raise FetchError(f"refusing {shown(url)}: outcomes are fetched over https only")


def _retry_after(response: requests.Response, fallback: float, cap: float) -> float | None:
    """Seconds to wait before retrying, or None when the server asks for longer than the cap."""
    value = response.headers.get("Retry-After")
    if value is None:
        return fallback
    try:
        wait = float(value)
    except ValueError:
        try:
            wait = parsedate_to_datetime(value).timestamp() - time.time()
        except (TypeError, ValueError):
            return fallback
    wait = max(0.0, wait)
    return None if wait > cap else wait


def _left(deadline: float, policy: Policy, url: str) -> float:
    """Seconds left before the deadline (a time.monotonic() value); past it, a FetchError."""
    left = deadline - time.monotonic()
    if left <= 0:
        raise FetchError(f"{shown(url)}: the outcomes fetch took longer than its {policy.deadline:g} s limit; stopped")
    return left


def get(url: str, dest: Path, token: str | None = None, policy: Policy = Policy(),
        session: requests.Session | None = None, sleep=time.sleep, deadline: float | None = None) -> Path:
    """Download url to dest. The token is sent to url's origin only. deadline: a time.monotonic()
    value by which everything must be done (default: policy.deadline from now)."""
    check_url(url)
    deadline = time.monotonic() + policy.deadline if deadline is None else deadline
    home = _origin(url)
    session = session or requests.Session()
    attempt, current, hops = 0, url, 0
    while True:
        response, error = _request(session, current, token, home, policy, deadline)
        if response is not None and _is_redirect(response):
            hops += 1
            current = _redirect_target(response, url, current, hops, policy)
            continue
        if response is not None and response.status_code == 200:
            return _save(response, dest, policy, current, deadline)
        if response is not None:
            error, wait = _refusal(response, current, policy, attempt)
        else:
            wait = policy.backoff * 2 ** attempt
        attempt += 1
        if attempt > policy.retries:
            raise FetchError(f"{error}; gave up after {policy.retries} retries")
        if wait >= deadline - time.monotonic():
            raise FetchError(f"{error}; a retry would end after the fetch's {policy.deadline:g} s limit")
        sleep(wait)


# one GET of url, unredirected and streamed, the token only for the home origin: (response, None),
# or (None, why there is none)
def _request(session: requests.Session, url: str, token: str | None, home: tuple, policy: Policy,
             deadline: float) -> tuple[requests.Response | None, str | None]:
    left = _left(deadline, policy, url)
    headers = {"Accept": "application/json, text/csv, */*"}
    if token and _origin(url) == home:
        headers["Authorization"] = f"Bearer {token}"
    try:
        return session.get(url, headers=headers, stream=True, allow_redirects=False,
                           timeout=(min(policy.connect_timeout, left), min(policy.read_timeout, left))), None
    except requests.Timeout:
        return None, f"{shown(url)} did not answer within {policy.read_timeout:g} s"
    except requests.RequestException as e:
        return None, f"{shown(url)} could not be reached ({type(e).__name__})"


def _is_redirect(response: requests.Response) -> bool:
    return response.status_code in (301, 302, 303, 307, 308) and bool(response.headers.get("Location"))


# where a redirect (the hops-th) from current points, checked; a FetchError past policy.max_redirects
def _redirect_target(response: requests.Response, url: str, current: str, hops: int, policy: Policy) -> str:
    response.close()
    if hops > policy.max_redirects:
        raise FetchError(f"{shown(url)}: more than {policy.max_redirects} redirects")
    target = urljoin(current, response.headers["Location"])
    check_url(target)
    return target


# an answer other than 200 or a redirect: (the error, seconds to wait before retrying), or a
# FetchError when it is not worth retrying (not 429 or 5xx, or asked to wait too long)
def _refusal(response: requests.Response, current: str, policy: Policy, attempt: int) -> tuple[str, float]:
    retryable = response.status_code == 429 or response.status_code >= 500
    error = f"{shown(current)} answered HTTP {response.status_code}"
    wait = _retry_after(response, policy.backoff * 2 ** attempt, policy.max_retry_after) if retryable else None
    response.close()
    if not retryable:
        raise FetchError(error)
    if wait is None:
        raise FetchError(f"{error} and asked to wait longer than {policy.max_retry_after:g} s")
    return error, wait


def _save(response: requests.Response, dest: Path, policy: Policy, url: str, deadline: float) -> Path:
    """The body to dest, read as it arrives (read1: whatever one receive brings), so the byte cap,
    the deadline and the minimum rate are checked however slowly bytes come."""
    max_bytes = policy.max_bytes
    declared = response.headers.get("Content-Length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        response.close()
        raise FetchError(f"{shown(url)} is {int(declared)} bytes; the limit is {max_bytes}")
    dest.parent.mkdir(parents=True, exist_ok=True)
    size = 0
    window_start, window_size = time.monotonic(), 0
    try:
        with open(dest, "wb") as f:
            while chunk := response.raw.read1(64 * 1024, decode_content=True):
                size += len(chunk)
                if size > max_bytes:
                    raise FetchError(f"{shown(url)} sent more than {max_bytes} bytes; stopped")
                f.write(chunk)
                _left(deadline, policy, url)
                now = time.monotonic()
                if now - window_start >= policy.rate_window:
                    if (size - window_size) / (now - window_start) < policy.min_rate:
                        raise FetchError(f"{shown(url)} sent fewer than {policy.min_rate:g} bytes a second "
                                         f"over {policy.rate_window:g} s; stopped")
                    window_start, window_size = now, size
    except (requests.RequestException, urllib3.exceptions.HTTPError, OSError) as e:
        dest.unlink(missing_ok=True)
        raise FetchError(f"{shown(url)}: the download broke off ({type(e).__name__})") from e
    except FetchError:
        dest.unlink(missing_ok=True)
        raise
    finally:
        response.close()
    return dest


def fetch_package(source: str, into: Path, token_env: str = "OUTCOMES_TOKEN", policy: Policy = Policy(),
                  sleep=time.sleep) -> Path:
    """The data package at source (a folder, a datapackage.json path, or a URL) copied into `into`.

    Returns the path of the local datapackage.json. Resource paths must be relative and stay inside
    the package: a descriptor cannot make us read or fetch anything else.
    """
    into.mkdir(parents=True, exist_ok=True)
    if urlsplit(source).scheme in ("http", "https"):
        token = os.environ.get(token_env) or None
        base = source if source.endswith(".json") else source.rstrip("/") + "/datapackage.json"
        deadline = time.monotonic() + policy.deadline           # one deadline for the whole package

        def fetch() -> Path:
            with requests.Session() as session:
                descriptor = get(base, into / "datapackage.json", token, policy, session, sleep, deadline)
                for path in _resource_paths(descriptor):
                    get(urljoin(base, path), into / path, token, policy, session, sleep, deadline)
            return descriptor
        return _by(deadline + policy.read_timeout + 1, fetch, f"{shown(base)}: the outcomes fetch took longer "
                                                             f"than its {policy.deadline:g} s limit; stopped")
    local = Path(source)
    descriptor = local if local.suffix == ".json" else local / "datapackage.json"
    if not descriptor.is_file():
        raise FetchError(f"no data package at {descriptor}")
    shutil.copy(descriptor, into / "datapackage.json")
    for path in _resource_paths(into / "datapackage.json"):
        if not (descriptor.parent / path).is_file():
            raise FetchError(f"{descriptor}: resource file {path} is missing")
        (into / path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(descriptor.parent / path, into / path)
    return into / "datapackage.json"


def _by(deadline: float, work, message: str):
    """work() run in a thread, its result or its error; a FetchError(message) if it is not done by
    deadline. get() keeps its own deadline while bytes arrive; this one also ends what requests
    cannot interrupt, such as headers sent a byte at a time. Work left behind stops with the process."""
    outcome: dict = {}

    def run():
        try:
            outcome["result"] = work()
        except BaseException as e:             # handed to the caller, whatever it is
            outcome["error"] = e
    worker = threading.Thread(target=run, name="outcomes-fetch", daemon=True)
    worker.start()
    worker.join(max(0.0, deadline - time.monotonic()))
    if worker.is_alive():
        raise FetchError(message)
    if "error" in outcome:
        raise outcome["error"]
    return outcome["result"]


def _resource_paths(descriptor: Path) -> list[str]:
    try:
        package = json.loads(descriptor.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise FetchError(f"{descriptor.name} is not valid JSON ({type(e).__name__})") from e
    paths = []
    for resource in package.get("resources", []) if isinstance(package, dict) else []:
        path = resource.get("path") if isinstance(resource, dict) else None
        if not isinstance(path, str):
            raise FetchError("each resource needs a single relative 'path'")
        p = PurePosixPath(path)
        if p.is_absolute() or ".." in p.parts or urlsplit(path).scheme:
            raise FetchError(f"resource path {path!r} must be relative and inside the package")
        paths.append(p.as_posix())
    return paths
