"""Consent reminders: whose consent ends soon, who was already told, and the issue that tells them.

Each consent is one record (kind, id, file, owner's GitHub login, expiry), read with the loader and
checks the build uses. `plan` sorts the records, as a pure function of the day and of the reminders
already sent: expiring within REMIND_DAYS and not yet reminded for this expiry -> remind; reminded
for this expiry -> not again; expired -> a note for maintainers (it is already off the site);
withdrawn -> never listed. `consent-report` prints the plan; the consent-reminders workflow opens
the issues `reminder_issues` makes, one JSON line each, and never puts a value in a shell line.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from .cards import long_date
from .clock import EARLIEST
from .config import Config
from .load import load_file
from .schema import profile_schema, to_date
from .stories import ID_RE as STORY_ID
from .stories import check_stories
from .validate import ID_RE as PROFILE_ID
from .validate import RENEW_WITHIN_DAYS as REMIND_DAYS   # as W001 warns: the month before consent ends
from .validate import validate_paths
from .vocab import load_vocabulary

ROOT = Path(__file__).resolve().parent.parent
FORM = ".github/ISSUE_TEMPLATE/profile.yml"
FORM_AR = ".github/ISSUE_TEMPLATE/profile-ar.yml"     # the same form in Arabic: the same field ids
# Who opens the reminders (the workflow's token): only its issues count as sent.
BOT = "github-actions[bot]"
# Issues opened in one run at most (GitHub limits how fast content is created); the earliest expiries
# go first, and the rest wait for the next day's run, well inside the month.
MAX_PER_RUN = 50
MARKER = re.compile(r"<!-- consent-reminder: ([a-z]+)/([a-z0-9-]{2,60}) expires (\d{4}-\d{2}-\d{2}) -->")


@dataclass(frozen=True)
class Kind:
    """What a kind of consent covers: its ids, its page, and what leaves the site when it ends."""
    id_re: re.Pattern
    page: str            # from the site's root
    leaves: str          # in the reminder, to the person
    report: str          # in the report, to a maintainer


KINDS = {
    "profile": Kind(PROFILE_ID, "talent/{id}/", "your profile page ({url}) and your card in the talent directory",
                    "its profile page and directory card"),
    "story": Kind(STORY_ID, "stories/{id}/", "your story ({url}), from every page and feed that shows it",
                  "its story page, index entry and feed item"),
}


@dataclass(frozen=True)
class Consent:
    """One consent: what it covers (kind and id), its file, the owner's GitHub login and its expiry."""
    kind: str
    id: str
    file: str
    login: str
    expires: dt.date
    withdrawn: bool = False

    @property
    def marker(self) -> str:
        """The hidden line that marks an issue as this expiry's reminder."""
        return f"<!-- consent-reminder: {self.kind}/{self.id} expires {self.expires.isoformat()} -->"

    @property
    def sent_key(self) -> tuple[str, str, dt.date]:
        return self.kind, self.id, self.expires


def leaves_site_at(expires: dt.date) -> dt.datetime:
    """The moment (UTC) the build stops publishing a consent that expires on `expires`: when that
    date begins at UTC+14 (clock.consent_today), which is 10:00 UTC on the day before."""
    return dt.datetime.combine(expires, dt.time(), EARLIEST).astimezone(dt.timezone.utc)


def utc_moment(expires: dt.date) -> str:
    return leaves_site_at(expires).strftime("%Y-%m-%d %H:%M UTC")


# --- the records ---------------------------------------------------------------------------------

def profile_consents(root: Path, today: dt.date, mapper=None) -> tuple[list[Consent], int]:
    """The consent of every profile that validates without errors (the build publishes no other),
    and how many have errors. Read and checked by validate, as the build reads them."""
    result = validate_paths(None, root=root, today=today, mapper=mapper)
    records, with_errors = [], 0
    for p in result.profiles:
        if not p.ok:
            with_errors += 1
            continue
        login = p.data.get("github")
        record = _consent("profile", p.id, p.file, login if isinstance(login, str) else "", p.data.get("consent"))
        records += [record] if record else []
    return records, with_errors


def story_consents(root: Path, today: dt.date, owners: dict[str, str]) -> tuple[list[Consent], int]:
    """The consent of every story that checks without errors and may be on the web (without web in its
    scope select_stories publishes it nowhere), and how many have errors. owners: profile id -> the
    GitHub login of its person, for the story that names the profile."""
    records, with_errors = [], 0
    for s in check_stories(root, load_vocabulary(), today).stories:
        if not s.ok:
            with_errors += 1
            continue
        consent = s.data.get("consent")
        if "web" not in (consent or {}).get("scope", ()):
            continue
        record = _consent("story", s.id, s.file, owners.get(str(s.data.get("profile", "")), ""), consent)
        records += [record] if record else []
    return records, with_errors


def _consent(kind: str, pid: str, file: str, login: str, consent) -> Consent | None:
    try:
        expires = to_date(consent["expires"])
    except (KeyError, TypeError, ValueError):       # a checked file has one; never guessed
        return None
    return Consent(kind, pid, file, login, expires, withdrawn="withdrawn" in consent)


def all_consents(root: Path, today: dt.date, mapper=None) -> tuple[list[Consent], int]:
    """Every consent record: profiles, then stories (reminded through their profile's login, while
    that profile's consent is not withdrawn); and how many files have errors."""
    profiles, profile_errors = profile_consents(root, today, mapper)
    owners = {c.id: c.login for c in profiles if not c.withdrawn}
    stories, story_errors = story_consents(root, today, owners)
    return profiles + stories, profile_errors + story_errors


# --- the plan ------------------------------------------------------------------------------------

@dataclass
class Plan:
    today: dt.date
    within: int
    remind: list[Consent] = field(default_factory=list)      # expiring soon, no reminder for this expiry yet
    reminded: list[Consent] = field(default_factory=list)    # expiring soon, reminded for this expiry
    expired: list[Consent] = field(default_factory=list)     # already off the site

    @property
    def expiring(self) -> list[Consent]:
        return sorted(self.remind + self.reminded, key=_order)


def _order(c: Consent) -> tuple:
    return c.expires, c.kind, c.id


def plan(records: list[Consent], today: dt.date, sent: set | frozenset = frozenset(),
         within: int = REMIND_DAYS) -> Plan:
    """Sort consents by what to do about them. sent: (kind, id, expires) of the reminders opened
    so far (sent_reminders). A consent is expired when its expiry is today or earlier, as
    select.consent_state judges it; withdrawn ones are left out whatever their dates."""
    out = Plan(today, within)
    for c in sorted(records, key=_order):
        if c.withdrawn:
            continue
        if c.expires <= today:
            out.expired.append(c)
        elif c.expires <= today + dt.timedelta(days=within):
            (out.reminded if c.sent_key in sent else out.remind).append(c)
    return out


def sent_reminders(text: str) -> set[tuple[str, str, dt.date]]:
    """(kind, id, expires) of each reminder among issues as GitHub's REST API lists them: one JSON
    array, or the pages `gh api --paginate` writes one after another. Only issues the workflow
    opened count (their author is BOT, and they are not pull requests): anyone can open an issue
    with a marker in it, and it must not stop someone's reminder."""
    found = set()
    for issue in _json_values(text):
        if not isinstance(issue, dict) or "pull_request" in issue:
            continue
        if (issue.get("user") or {}).get("login") != BOT:
            continue
        for line in str(issue.get("body") or "").splitlines():
            m = MARKER.fullmatch(line.strip())
            if m:
                try:
                    found.add((m[1], m[2], dt.date.fromisoformat(m[3])))
                except ValueError:
                    continue
    return found


def _json_values(text: str) -> list:
    """The items of one or more JSON arrays written back to back."""
    decoder, items, i = json.JSONDecoder(), [], 0
    while i < len(text):
        if text[i].isspace():
            i += 1
            continue
        value, i = decoder.raw_decode(text, i)
        items += value if isinstance(value, list) else [value]
    return items


# --- the issues ----------------------------------------------------------------------------------

@functools.lru_cache(maxsize=1)
def _login_re() -> re.Pattern:
    """A GitHub login as the profile schema allows it."""
    return re.compile(profile_schema()["properties"]["github"]["pattern"])


def form_fields(root: Path = ROOT) -> dict[str, dict]:
    """The profile form's fields by id ({} while there is no form): read with the YAML loader."""
    path = root / FORM
    if not path.is_file():
        return {}
    doc = load_file(path, FORM)
    body = doc.data.get("body") if doc.ok and isinstance(doc.data, dict) else None
    return {str(f["id"]): f for f in body or [] if isinstance(f, dict) and f.get("id")}


def form_link(config: Config, title: str, fields: dict[str, dict], values: dict[str, str], form: str = FORM) -> str:
    """The profile form with its title, and the fields it has among `values` filled in: a text field
    with the value, a dropdown with its first choice that contains the value ("remove" -> "Remove my
    profile and my photo"). GitHub fills a form's fields from query parameters named by their ids."""
    query = {"template": Path(form).name, "title": title}
    for key, value in values.items():
        kind = fields.get(key, {}).get("type")
        if kind in ("input", "textarea"):
            query[key] = value
        elif kind == "dropdown":
            options = (fields[key].get("attributes") or {}).get("options") or []
            choice = next((o for o in options if isinstance(o, str) and value in o.casefold()), None)
            if choice:
                query[key] = choice
    return f"{config.repository_url.rstrip('/')}/issues/new?{urlencode(query)}"


def reminder_issues(todo: list[Consent], config: Config, fields: dict[str, dict]) -> list[dict]:
    """One issue per person ({"title", "body"}, as GitHub's API takes it), for the consents to remind.
    Consents without a login are left to the maintainers (the report lists them)."""
    people: dict[str, list[Consent]] = {}
    for c in sorted(todo, key=_order):
        if c.login:
            people.setdefault(c.login.casefold(), []).append(c)
    return [_issue(items, config, fields) for items in people.values()][:MAX_PER_RUN]


def _issue(items: list[Consent], config: Config, fields: dict[str, dict]) -> dict:
    for c in items:                  # validated already; a mention or link must never carry anything else
        if not (c.kind in KINDS and KINDS[c.kind].id_re.fullmatch(c.id) and _login_re().fullmatch(c.login)):
            raise ValueError(f"not a valid consent record: {c.kind!r} {c.id!r} {c.login!r}")
    site = config.site_url.rstrip("/")
    title = (f"Consent reminder: {' and '.join(f'{c.kind} {c.id}' for c in items)}, off the site from "
             f"{long_date(leaves_site_at(items[0].expires).date().isoformat())}")
    lines = [f"@{items[0].login}, your consent to be on {config.programme_name} ends soon.", ""]
    for c in items:
        off = leaves_site_at(c.expires)
        what = KINDS[c.kind].leaves.format(url=f"{site}/{KINDS[c.kind].page.format(id=c.id)}")
        lines.append(f"- The site stops showing {what} on **{long_date(off.date().isoformat())} at {off:%H:%M} UTC**. "
                     f"(Your consent ends on {long_date(c.expires.isoformat())}; the site ends it when that day "
                     "begins anywhere in the world.)")
    profile = next((c for c in items if c.kind == "profile"), None)
    if profile:
        lines += ["", *_profile_choices(profile, config, fields)]
    if any(c.kind == "story" for c in items):
        lines += ["", "**Your story** was written with the programme: to keep it on the site, say so in a comment "
                      "here, and a maintainer renews its consent with you. To let it end, do nothing; to take it "
                      "down now, say that instead."]
    lines += ["", f"Questions, or would you rather not answer in public? Write to {config.contact_email}.", "",
              *(c.marker for c in items)]
    return {"title": title, "body": "\n".join(lines) + "\n"}


def _profile_choices(c: Consent, config: Config, fields: dict[str, dict]) -> list[str]:
    """Renew, let it end, or leave now: the profile form, filled in with what it asks."""
    prefill = {"id": c.id}
    renew = form_link(config, f"Renew consent: {c.id}", fields, {**prefill, "action": "update"})
    remove = form_link(config, f"Remove my profile: {c.id}", fields, {**prefill, "action": "remove"})
    filled = ("The form is filled in for you: check it and submit it." if set(prefill) & set(fields)
              else f"Give your profile id, {c.id}, and submit the form.")
    arabic = form_link(config, f"تجديد الموافقة: {c.id}", fields, prefill, form=FORM_AR)
    return [f"**To stay on the site**, [renew your consent]({renew}). {filled} A maintainer then confirms the new "
            "dates with you.",
            "",
            f"**بالعربية:** [جدّد موافقتك، أو احذف ملفك الشخصي، بالنموذج العربي]({arabic}).",
            "",
            "**To let it end**, do nothing: the site stops showing you on that date. Your file stays in the "
            "repository until you remove it. **To leave now**, and take your file and photo out of the repository "
            f"too, [remove your profile with the same form]({remove})."]


def write_issues(issues: list[dict], path: Path) -> None:
    """The issues to open as JSON Lines: one {"title", "body"} object a line, newlines inside escaped.
    The workflow hands each line to `gh api --input -` as it is: no value from a profile is ever
    part of a command line, and a line can never be the end marker of the job's output."""
    path.write_text("".join(json.dumps(i, ensure_ascii=False, separators=(",", ":")) + "\n" for i in issues),
                    encoding="utf-8")


# --- the report ----------------------------------------------------------------------------------

def report_text(p: Plan, with_errors: int, sent_known: bool = False) -> str:
    """The report as `consent-report` prints it. sent_known: whether the reminders sent so far were given."""
    lines = [f"Consent report for {p.today} (the consent day: the date at UTC+14, which begins at 10:00 UTC).", ""]
    soon = p.expiring
    if soon:
        lines.append(f"Leaving the site within {p.within} days ({len(soon)}):")
        for c in soon:
            lines.append(f"  {c.expires}  {_who(c)}")
            lines.append(f"      off the site from {utc_moment(c.expires)}, in {(c.expires - p.today).days} "
                         f"day{'s' if (c.expires - p.today).days != 1 else ''}: {KINDS[c.kind].report}")
            if not c.login:
                lines.append("      no GitHub login to remind: the programme renews it with them")
            elif sent_known:
                lines.append("      reminded: an issue for this expiry exists" if c in p.reminded
                             else "      reminder: to open")
    else:
        lines.append(f"Nothing leaves the site within {p.within} days.")
    if p.expired:
        lines += ["", f"Consent expired, already off the site ({len(p.expired)}):"]
        lines += [f"  {c.expires}  {_who(c)}" for c in p.expired]
        lines += ["  For maintainers: no reminder goes out for these. Each file (and any photo) is still public in",
                  "  the repository: ask the person to renew, or delete the file and its photo."]
    if with_errors:
        lines += ["", f"{with_errors} file{'s' if with_errors != 1 else ''} with errors not listed: the build "
                      "publishes none of them (run: python -m build_scripts validate)."]
    return "\n".join(lines) + "\n"


def _who(c: Consent) -> str:
    return f"{c.kind} {c.id} ({'@' + c.login + ', ' if c.login else ''}{c.file})"


def report_json(p: Plan, with_errors: int, sent_known: bool = False) -> dict:
    def entry(c: Consent) -> dict:
        out = {"kind": c.kind, "id": c.id, "file": c.file, "github": c.login, "expires": c.expires.isoformat(),
               "leaves_site_at": leaves_site_at(c.expires).strftime("%Y-%m-%dT%H:%M:%SZ"),
               "days_left": (c.expires - p.today).days}
        if sent_known and c.login and c in p.expiring:
            out["reminded"] = c in p.reminded
        return out
    return {"today": p.today.isoformat(), "within_days": p.within, "expiring": [entry(c) for c in p.expiring],
            "expired": [entry(c) for c in p.expired], "with_errors": with_errors}
