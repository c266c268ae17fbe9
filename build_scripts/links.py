"""Links: which links the site publishes on profiles, the link check's report, and what follows from it.

`published_links` reads the profiles as the build does (validate, then select: published profiles
only, and of them only the portfolio items and profile links public_view lets out, https only).
`new_report` records how each answered (linkcheck.py) and carries over from the previous report how
many checks in a row each link has failed: broken, unreachable or timeout add one; ok or redirected
set it to nought; blocked by robots.txt or rate-limited leave it as it was (the site did not let us
look). `summary_markdown` is the report for people, per profile, failures first. `link_issues` are
the issues for links that failed on two runs in a row: one per profile, never a second one for the
same failure (a hidden marker, as reminders.py's). `link_dates` is all the build takes from a report:
the day each link last worked. The site never says that a link is broken; its owner is told instead.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from .cards import long_date
from .config import Config
from .linkcheck import FAILED, OUTCOMES, WORKING, Outcome
from .reminders import BOT, _json_values, form_link
from .schema import is_https_url, profile_schema
from .select import select
from .validate import ID_RE, validate_paths
from .vocab import load_vocabulary

FORMAT = "talent-portal link report 1"
REPORT = "data/link-report.json"              # the last report, when there is one: absent from a fresh clone
TELL_AFTER = 2                                # failed checks in a row before the owner is told
MAX_PER_RUN = 50                              # issues opened or updated in one run at most, as reminders.py
MAX_REPORT_BYTES = 64 * 1024 * 1024
MARKER = re.compile(r"<!-- link-check: ([a-z0-9-]{2,40}) ([0-9a-f]{16}) failing since (\d{4}-\d{2}-\d{2}) -->")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


class ReportError(Exception):
    """A link report that cannot be read; the message says why."""


@dataclass(frozen=True)
class Link:
    """One link a published profile shows: whose, where on the profile, its words and its address."""
    profile: str
    github: str
    field: str          # portfolio[0], links.website
    label: str          # the portfolio item's title, or what the link is ("Personal website")
    url: str


# --- the links -----------------------------------------------------------------------------------

@functools.lru_cache(maxsize=1)
def _link_labels() -> dict[str, str]:
    """What each profile link is, from the schema: {"website": "Personal website", ...}."""
    props = profile_schema()["properties"]["links"]["properties"]
    return {k: str(v.get("description", k)).rstrip(".") for k, v in props.items()}


def published_links(root: Path, today: dt.date, mapper=None) -> list[Link]:
    """Every link on a published profile, as the build publishes it: read and checked by validate,
    chosen by select (consent), only https (the rule the pages use)."""
    result = validate_paths(None, root=root, today=today, mapper=mapper)
    vocab = load_vocabulary()
    logins = {p.id: p.data.get("github") for p in result.profiles if p.ok}
    links = []
    for p in select(result.profiles, today, vocab.verified_tracks, vocab.skill).published:
        login = logins.get(p.id)
        login = login if isinstance(login, str) else ""
        for i, item in enumerate(p.data.get("portfolio") or []):
            if is_https_url(item.get("url")):
                links.append(Link(p.id, login, f"portfolio[{i}]", str(item.get("title", "")), item["url"]))
        for key, url in sorted((p.data.get("links") or {}).items()):
            if is_https_url(url):
                links.append(Link(p.id, login, f"links.{key}", _link_labels().get(key, key), url))
    return links


# --- the report ----------------------------------------------------------------------------------

def new_report(links: list[Link], outcomes: dict[str, Outcome], previous: dict | None, checked_at: str,
               agent: str) -> dict:
    """The report of this run: each link's outcome, with the failures in a row carried over from the
    previous report (read_report) for the same profile and address."""
    before = {(e["profile"], e["url"]): e for e in (previous or {}).get("links", [])}
    entries = []
    for link in links:
        o = outcomes[link.url]
        failures, since, last_ok = _carried(before.get((link.profile, link.url), {}), o)
        entries.append({"profile": link.profile, "github": link.github, "field": link.field, "label": link.label,
                        "url": link.url, "outcome": o.outcome, "reason": o.reason, "final_url": o.final_url,
                        "checked_at": o.checked_at, "failures": failures, "failing_since": since, "last_ok": last_ok})
    return {"format": FORMAT, "checked_at": checked_at, "user_agent": agent, "links": entries}


def _carried(prev: dict, o: Outcome) -> tuple[int, str | None, str | None]:
    """(failures in a row, the day they began, the day it last worked) after this check."""
    day = o.checked_at[:10]
    if o.outcome in WORKING:
        return 0, None, day
    failures = prev.get("failures", 0) + (1 if o.outcome in FAILED else 0)
    if not failures:
        return 0, None, prev.get("last_ok")
    since = prev.get("failing_since") if prev.get("failures") else None     # the same run of failures goes on
    return failures, since or day, prev.get("last_ok")


def read_report(path: Path) -> dict:
    """A report as new_report wrote it; entries that are not well formed are left out. ReportError
    when the file cannot be used at all (missing, too big, not JSON, another format)."""
    try:
        if path.stat().st_size > MAX_REPORT_BYTES:
            raise ReportError(f"{path} is larger than {MAX_REPORT_BYTES} bytes")
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as e:
        raise ReportError(f"{path} cannot be read ({type(e).__name__})") from e
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("links"), list):
        raise ReportError(f"{path} is not a link report")
    return {**data, "links": [e for e in data["links"] if _well_formed(e)]}


def _well_formed(e) -> bool:
    def day(v):
        return v is None or (isinstance(v, str) and bool(_DAY.fullmatch(v)) and _is_date(v))
    return (isinstance(e, dict) and isinstance(e.get("profile"), str) and bool(ID_RE.fullmatch(e["profile"]))
            and isinstance(e.get("url"), str) and e.get("outcome") in OUTCOMES
            and type(e.get("failures")) is int and e["failures"] >= 0
            and day(e.get("failing_since")) and day(e.get("last_ok")))


def _is_date(value: str) -> bool:
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def summary_markdown(report: dict) -> str:
    """The report for people: the counts, then each profile with a failing link (failing links first),
    then the profiles whose links all work, in one line."""
    entries = report["links"]
    failing = [e for e in entries if e["outcome"] in FAILED]
    working = [e for e in entries if e["outcome"] in WORKING]
    profiles = sorted({e["profile"] for e in entries})
    lines = [f"# Link check, {long_date(report['checked_at'][:10])}", "",
             f"{len(entries)} link{_s(entries)} on {len(profiles)} profile{_s(profiles)}: {len(working)} working, "
             f"{len(failing)} failing, {len(entries) - len(working) - len(failing)} not looked at (robots.txt or a "
             "rate limit).", ""]
    told = [e for e in entries if e["failures"] >= TELL_AFTER]
    if told:
        lines += [f"{len(told)} failed on {TELL_AFTER} or more checks in a row: their owners get an issue.", ""]
    order = {o: i for i, o in enumerate(("broken", "unreachable", "timeout", "rate-limited", "blocked", "redirected", "ok"))}
    by_profile: dict[str, list[dict]] = {}
    for e in entries:
        by_profile.setdefault(e["profile"], []).append(e)
    troubled = {pid: sorted(mine, key=lambda e: order[e["outcome"]]) for pid, mine in by_profile.items()
                if any(e["outcome"] not in WORKING for e in mine)}
    for pid, mine in sorted(troubled.items(), key=lambda item: (item[1][0]["outcome"] not in FAILED, item[0])):
        lines += [f"## {pid}" + (f" ({_md(mine[0]['github'])} on GitHub)" if mine[0]["github"] else ""), "",
                  "| Link | Outcome | Why | Failed in a row |", "|---|---|---|---|"]
        for e in mine:
            moved = f", now at {_code(e['final_url'])}" if e.get("final_url") else ""
            lines.append(f"| {_md(e['label'])}: {_code(e['url'])} | {e['outcome']} | {_md(e['reason'])}{moved} | "
                         f"{e['failures']} |")
        lines.append("")
    fine = [pid for pid in profiles if pid not in troubled]
    if fine:
        lines += [f"Every link works on {len(fine)} profile{_s(fine)}: {', '.join(fine)}.", ""]
    return "\n".join(lines)


def _s(items) -> str:
    return "" if len(items) == 1 else "s"


def _md(text: str) -> str:
    """Text from a profile, shown as itself in Markdown: no formatting, link, mention or reference."""
    text = " ".join(str(text).split())
    return re.sub(r"([\\`*_\[\](){}<>|#~])", r"\\\1", text).replace("@", "&#64;")


def _code(url: str) -> str:
    return "`" + str(url).replace("`", "%60") + "`"


# --- what the build shows ------------------------------------------------------------------------

def report_path(repo: Path) -> Path:
    """Where the build reads the last report, and check-links writes it by default."""
    return repo / REPORT


def link_dates(path: Path) -> dict[str, dict[str, str]]:
    """profile id -> {address: the day it last worked}, from the report at path; {} without one.
    A link that failed TELL_AFTER checks in a row shows no date (its owner is told, employers see
    nothing), and an unreadable report shows none: the build never fails for it."""
    try:
        stat = path.stat()
    except OSError:
        return {}
    return _dates(str(path), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=2)
def _dates(path: str, _mtime: int, _size: int) -> dict[str, dict[str, str]]:
    try:
        report = read_report(Path(path))
    except ReportError:
        return {}
    out: dict[str, dict[str, str]] = {}
    for e in report["links"]:
        if e.get("last_ok") and e["failures"] < TELL_AFTER:
            out.setdefault(e["profile"], {})[e["url"]] = e["last_ok"]
    return out


# --- the issues ----------------------------------------------------------------------------------

@dataclass
class Told:
    """What the workflow's issues already say: every marker, and each profile's open issue."""
    markers: set[str] = field(default_factory=set)
    open: dict[str, tuple[int, list[str]]] = field(default_factory=dict)   # profile -> (number, its markers)


def told_issues(text: str) -> Told:
    """The link-check markers in issues as GitHub's API lists them (gh api --paginate). Only issues
    the workflow opened count: anyone can write a marker into an issue of their own."""
    told = Told()
    for issue in _json_values(text):
        if not isinstance(issue, dict) or "pull_request" in issue or (issue.get("user") or {}).get("login") != BOT:
            continue
        found = [line.strip() for line in str(issue.get("body") or "").splitlines() if MARKER.fullmatch(line.strip())]
        told.markers.update(found)
        number = issue.get("number")
        if issue.get("state") != "open" or type(number) is not int:
            continue
        for pid in {MARKER.fullmatch(m)[1] for m in found}:
            if pid not in told.open or number < told.open[pid][0]:
                told.open[pid] = (number, found)
    return told


def marker(entry: dict) -> str:
    """The hidden line that says an issue told of this link's failure, since the day it began."""
    key = hashlib.sha256(entry["url"].encode()).hexdigest()[:16]
    return f"<!-- link-check: {entry['profile']} {key} failing since {entry['failing_since']} -->"


@functools.lru_cache(maxsize=1)
def _login_re() -> re.Pattern:
    return re.compile(profile_schema()["properties"]["github"]["pattern"])


def link_issues(report: dict, told: Told, config: Config, fields: dict) -> list[dict]:
    """The issues to open ({"title", "body"}) or update ({"number", "body", "comment"}): one per
    profile with a link that failed TELL_AFTER checks in a row and was not told of yet. An open issue
    of the profile is updated (its markers kept) and a comment mentions the owner; otherwise a new one
    opens. fields: the profile form's (reminders.form_fields), to link it filled in."""
    due: dict[str, list[dict]] = {}
    for e in report["links"]:
        if (e["failures"] >= TELL_AFTER and e.get("failing_since") and ID_RE.fullmatch(e["profile"])
                and isinstance(e.get("github"), str) and _login_re().fullmatch(e["github"])):
            due.setdefault(e["profile"], []).append(e)
    issues = []
    for pid, entries in sorted(due.items()):
        new = [e for e in entries if marker(e) not in told.markers]
        if not new:
            continue
        number, old = told.open.get(pid, (None, []))
        if number is None:
            issues.append({"title": f"{'A link' if len(new) == 1 else 'Links'} on your profile "
                                    f"{'does' if len(new) == 1 else 'do'} not work: {pid}",
                           "body": _body(pid, new, config, fields, [])})
        else:
            shown = [e for e in entries if marker(e) in old or e in new]
            issues.append({"number": number, "body": _body(pid, shown, config, fields, old),
                           "comment": _comment(new)})
    return issues[:MAX_PER_RUN]


_WORDS = {2: "two", 3: "three", 4: "four"}
WHY = {"broken": "the site answered with an error", "unreachable": "the site could not be reached",
       "timeout": "the site did not answer in time", "rate-limited": "the site asked us to come back later",
       "blocked": "the site asks robots not to look", "ok": "it worked", "redirected": "it worked"}


def _body(pid: str, entries: list[dict], config: Config, fields: dict, old_markers: list[str]) -> str:
    login = entries[0]["github"]
    form = form_link(config, f"Update my profile: {pid}", fields, {"id": pid, "action": "update"})
    lines = [f"@{login}, {'a link' if len(entries) == 1 else 'some links'} on your profile on "
             f"{config.programme_name} did not open on {_WORDS.get(TELL_AFTER, TELL_AFTER)} weekly checks in a row:", ""]
    for e in entries:
        lines += [f"- **{_md(e['label'])}**: {_code(e['url'])}",
                  f"  Last check, {long_date(e['checked_at'][:10])}: {WHY[e['outcome']]} ({_md(e['reason'])}). "
                  f"Not working since {long_date(e['failing_since'])}."]
    lines += ["",
              "Employers who follow a link that does not open find nothing. The site does not mark it as broken; "
              "it only stops saying when the link was last checked. Please:",
              "",
              "- fix the page, if it is yours; or",
              f"- change or remove the link: [update your profile with the form]({form}) (it is filled in for you), "
              f"or change `profiles/{pid}.yaml` in a pull request.",
              "",
              "If the page opens for you in a browser, say so in a comment: some sites turn automatic checks away, "
              "and a maintainer will look. This issue is updated when another link stops working; close it when "
              "the links work again.",
              "", f"Questions? Write to {config.contact_email}.", ""]
    lines += list(dict.fromkeys(old_markers + [marker(e) for e in entries]))
    return "\n".join(lines) + "\n"


def _comment(new: list[dict]) -> str:
    login = new[0]["github"]
    what = ", ".join(f"**{_md(e['label'])}** ({_code(e['url'])})" for e in new)
    return (f"@{login}, {'another link' if len(new) == 1 else f'{len(new)} more links'} on your profile stopped "
            f"working: {what}. The list above is up to date.\n")
