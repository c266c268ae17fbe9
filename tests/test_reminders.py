"""reminders.py and consent-report: who is reminded before their consent ends, once per expiry,
with an issue that says what leaves the site and when; and the workflow that opens the issues,
which never lets a value from a profile reach a shell."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
from urllib.parse import parse_qsl, urlsplit

import pytest
import yaml

from build_scripts.clock import consent_today
from build_scripts.config import load_config
from build_scripts.reminders import (BOT, MAX_PER_RUN, Consent, form_fields, leaves_site_at, plan, reminder_issues,
                                     sent_reminders)
from build_scripts.select import consent_state
from build_scripts.validate import validate_paths
from conftest import FIXTURES, ROOT, TODAY, run_cli

UTC = dt.timezone.utc
VALID = (FIXTURES / "problems" / "p004-unknown-skill.yaml").read_text().replace("Pyhton", "Python")
WORKFLOW = ROOT / ".github" / "workflows" / "consent-reminders.yml"


def day(n: int) -> dt.date:
    """The date n days after the tests' 'today' (2026-06-15)."""
    return TODAY + dt.timedelta(days=n)


def record(pid="amal-h", expires=30, login="amal-h-gh", kind="profile", withdrawn=False) -> Consent:
    return Consent(kind, pid, f"profiles/{pid}.yaml", login, day(expires) if isinstance(expires, int) else expires,
                   withdrawn)


def bot_issue(body: str, author: str = BOT, **extra) -> dict:
    """An issue as GitHub's REST API lists it."""
    return {"number": 1, "title": "t", "body": body, "user": {"login": author, "type": "Bot"}, **extra}


# --- the plan: remind, not again, expired, withdrawn ------------------------------------------------

def test_consent_expiring_within_30_days_is_reminded_and_a_day_later_is_not_yet():
    todo = plan([record("in-1", 1), record("in-30", 30), record("in-31", 31)], TODAY)
    assert [c.id for c in todo.remind] == ["in-1", "in-30"]
    assert todo.reminded == [] and todo.expired == []


def test_a_reminder_already_opened_for_this_expiry_is_not_opened_again():
    c = record("amal-h", 12)
    todo = plan([c], TODAY, sent={("profile", "amal-h", day(12))})
    assert todo.remind == [] and todo.reminded == [c]
    assert todo.expiring == [c]                       # still in the report, marked as reminded


def test_renewed_consent_gets_a_new_reminder_for_its_new_expiry():
    renewed = record("amal-h", 20)                    # the reminder went out for an expiry two years earlier
    todo = plan([renewed], TODAY, sent={("profile", "amal-h", day(20 - 730))})
    assert todo.remind == [renewed]


def test_a_reminder_for_another_kind_or_id_does_not_count():
    todo = plan([record("amal-h", 5)], TODAY, sent={("story", "amal-h", day(5)), ("profile", "amal-r", day(5))})
    assert [c.id for c in todo.remind] == ["amal-h"]


def test_expired_consent_is_listed_apart_and_never_reminded():
    gone_today, gone_long_ago = record("today", 0), record("old", -400)
    todo = plan([gone_today, gone_long_ago, record("soon", 3)], TODAY)
    assert todo.expired == [gone_long_ago, gone_today]          # earliest first
    assert [c.id for c in todo.remind] == ["soon"]


@pytest.mark.parametrize("expires", [-10, 0, 1, 30, 31])
def test_withdrawn_consent_is_never_listed(expires):
    todo = plan([record("gone", expires, withdrawn=True)], TODAY, within=60)
    assert todo.remind == todo.reminded == todo.expired == []


@pytest.mark.parametrize("offset", range(-2, 3))
def test_expired_is_what_the_build_calls_expired(offset):
    c = record("edge", offset)
    consent = {"given": "2026-01-01", "expires": c.expires.isoformat(), "photo": False, "country": False}
    expired_here = plan([c], TODAY).expired == [c]
    assert expired_here == (consent_state({"consent": consent}, TODAY) == "consent expired")


@pytest.mark.parametrize("days", [1, 30, 31])
def test_the_window_is_the_month_validate_warns_in(tmp_path, days):
    (tmp_path / "person.yaml").write_text(VALID.replace("  expires: 2027-12-31\n", f"  expires: {day(days)}\n"))
    [checked] = validate_paths([tmp_path / "person.yaml"], root=tmp_path, today=TODAY).profiles
    warned = [p.code for p in checked.doc.problems] == ["W001"]
    assert warned == (plan([record("person", days)], TODAY).remind != [])


def test_the_window_can_be_widened_for_the_report():
    assert [c.id for c in plan([record("in-45", 45)], TODAY, within=60).remind] == ["in-45"]


def test_the_site_drops_it_when_its_expiry_date_begins_at_utc_plus_14():
    expires = dt.date(2027, 1, 5)
    moment = leaves_site_at(expires)
    assert moment == dt.datetime(2027, 1, 4, 10, 0, tzinfo=UTC)
    assert consent_today(moment) == expires                          # from then on the build leaves it out
    assert consent_today(moment - dt.timedelta(seconds=1)) == expires - dt.timedelta(days=1)


# --- what counts as sent -------------------------------------------------------------------------

def test_reminders_are_read_from_the_workflows_own_issues_across_pages():
    page1 = [bot_issue("Hello\n\n<!-- consent-reminder: profile/amal-h expires 2026-07-01 -->\n")]
    page2 = [bot_issue("<!-- consent-reminder: profile/amal-h expires 2026-07-01 -->\n"
                       "<!-- consent-reminder: story/amal-story expires 2026-07-03 -->")]
    text = json.dumps(page1) + json.dumps(page2)                   # gh api --paginate writes pages back to back
    assert sent_reminders(text) == {("profile", "amal-h", dt.date(2026, 7, 1)),
                                    ("story", "amal-story", dt.date(2026, 7, 3))}


@pytest.mark.parametrize("issue", [
    bot_issue("<!-- consent-reminder: profile/amal-h expires 2026-07-01 -->", author="mallory"),   # anyone's issue
    bot_issue("<!-- consent-reminder: profile/amal-h expires 2026-07-01 -->", pull_request={"url": "x"}),
    bot_issue("quoted: <!-- consent-reminder: profile/amal-h expires 2026-07-01 -->"),     # not a line of its own
    bot_issue("<!-- consent-reminder: profile/amal-h expires 2026-02-30 -->"),              # no such date
    bot_issue(None),
])
def test_a_marker_anyone_else_could_write_does_not_stop_a_reminder(issue):
    assert sent_reminders(json.dumps([issue])) == set()


# --- the issue ------------------------------------------------------------------------------------

def test_the_issue_mentions_them_says_what_leaves_and_when_and_links_renewal_and_removal():
    config = load_config()
    [issue] = reminder_issues([record("amal-h", dt.date(2027, 1, 5))], config, {})
    repo = config.repository_url
    assert issue == {
        "title": "Consent reminder: profile amal-h, off the site from 4 January 2027",
        "body": (
            f"@amal-h-gh, your consent to be on {config.programme_name} ends soon.\n"
            "\n"
            f"- The site stops showing your profile page ({config.site_url}talent/amal-h/) and your card in the "
            "talent directory on **4 January 2027 at 10:00 UTC**. (Your consent ends on 5 January 2027; the site "
            "ends it when that day begins anywhere in the world.)\n"
            "\n"
            f"**To stay on the site**, [renew your consent]({repo}/issues/new?template=profile.yml&"
            "title=Renew+consent%3A+amal-h). Give your profile id, amal-h, and submit the form. A maintainer then "
            "confirms the new dates with you.\n"
            "\n"
            f"**بالعربية:** [جدّد موافقتك، أو احذف ملفك الشخصي، بالنموذج العربي]({repo}/issues/new?"
            "template=profile-ar.yml&title=%D8%AA%D8%AC%D8%AF%D9%8A%D8%AF+%D8%A7%D9%84%D9%85%D9%88%D8%A7%D9%81%D9%82%D8%A9"
            "%3A+amal-h).\n"
            "\n"
            "**To let it end**, do nothing: the site stops showing you on that date. Your file stays in the "
            "repository until you remove it. **To leave now**, and take your file and photo out of the repository "
            f"too, [remove your profile with the same form]({repo}/issues/new?template=profile.yml&"
            "title=Remove+my+profile%3A+amal-h).\n"
            "\n"
            f"Questions, or would you rather not answer in public? Write to {config.contact_email}.\n"
            "\n"
            "<!-- consent-reminder: profile/amal-h expires 2027-01-05 -->\n"),
    }
    assert sent_reminders(json.dumps([bot_issue(issue["body"])])) == {("profile", "amal-h", dt.date(2027, 1, 5))}


FORM = ("name: Add or update my profile\ndescription: d\nbody:\n"
        "  - type: markdown\n    attributes: {value: hi}\n"
        "  - type: dropdown\n    id: action\n    attributes:\n      label: What do you want to do?\n"
        "      options: [Add or update my profile, Remove my profile and my photo]\n"
        "  - type: input\n    id: id\n    attributes: {label: Profile id}\n")


def links(body: str) -> dict[str, dict[str, str]]:
    """Each link of an issue by its words, as its query parameters."""
    return {words: dict(parse_qsl(urlsplit(url).query)) for words, url in re.findall(r"\[([^]]+)\]\(([^)]+)\)", body)}


def test_the_form_is_prefilled_with_the_fields_it_has(tmp_path):
    form = tmp_path / ".github" / "ISSUE_TEMPLATE" / "profile.yml"
    form.parent.mkdir(parents=True)
    form.write_text(FORM)
    fields = form_fields(tmp_path)
    assert list(fields) == ["action", "id"]
    [issue] = reminder_issues([record("amal-h", 9)], load_config(), fields)
    assert links(issue["body"]) == {
        "renew your consent": {"template": "profile.yml", "title": "Renew consent: amal-h", "id": "amal-h",
                               "action": "Add or update my profile"},
        "remove your profile with the same form": {"template": "profile.yml", "title": "Remove my profile: amal-h",
                                                   "id": "amal-h", "action": "Remove my profile and my photo"},
        # the Arabic form has the same ids; its choices are in Arabic, so only the id is filled in
        "جدّد موافقتك، أو احذف ملفك الشخصي، بالنموذج العربي": {"template": "profile-ar.yml",
                                                            "title": "تجديد الموافقة: amal-h", "id": "amal-h"}}
    assert "The form is filled in for you: check it and submit it." in issue["body"]


def test_the_links_fill_in_only_what_the_repositorys_own_form_asks():
    fields = form_fields(ROOT)                  # {} until the form is committed: then the title alone
    [issue] = reminder_issues([record("amal-h", 9)], load_config(), fields)
    from build_scripts.form.fields import TEMPLATE_NAMES
    for query in links(issue["body"]).values():
        assert query["template"] in ("profile.yml", "profile-ar.yml")
        assert (ROOT / ".github" / "ISSUE_TEMPLATE" / query["template"]).is_file()
        assert query["template"] in TEMPLATE_NAMES.values()
        assert (ROOT / ".github" / "ISSUE_TEMPLATE" / "profile.yml").is_file() == bool(fields)
        for key, value in query.items():
            if key in ("template", "title"):
                continue
            assert key in fields
            if fields[key]["type"] == "dropdown":
                assert value in fields[key]["attributes"]["options"]


def test_one_issue_per_person_with_a_marker_for_each_expiry():
    mine = [record("amal-h", 9, login="Amal-GH"), record("amal-translator", 20, login="amal-gh", kind="story")]
    issues = reminder_issues(mine + [record("rami-k", 3, login="rami-gh")], load_config(), {})
    assert [i["title"] for i in issues] == [
        "Consent reminder: profile rami-k, off the site from 17 June 2026",
        "Consent reminder: profile amal-h and story amal-translator, off the site from 23 June 2026"]
    body = issues[1]["body"]
    assert body.startswith("@Amal-GH, ")
    assert body.endswith("<!-- consent-reminder: profile/amal-h expires 2026-06-24 -->\n"
                         "<!-- consent-reminder: story/amal-translator expires 2026-07-05 -->\n")
    assert f"your story ({load_config().site_url}stories/amal-translator/), from every page" in body
    assert "on **4 July 2026 at 10:00 UTC**" in body and "[renew your consent](" in body


def test_a_story_alone_is_renewed_with_the_programme_not_the_profile_form():
    [issue] = reminder_issues([record("amal-translator", 8, kind="story")], load_config(), {})
    assert "**Your story** was written with the programme: to keep it on the site, say so in a comment here" \
        in issue["body"]
    assert "template=profile.yml" not in issue["body"]


def test_no_issue_without_a_login_to_mention():
    assert reminder_issues([record("nobody", 5, login="")], load_config(), {}) == []


def test_a_run_opens_at_most_max_per_run_issues_earliest_first():
    many = [record(f"p-{i:03d}", 1 + i % 29, login=f"gh-{i}") for i in range(MAX_PER_RUN + 7)]
    issues = reminder_issues(many, load_config(), {})
    assert len(issues) == MAX_PER_RUN
    assert "off the site from 15 June 2026" in issues[0]["title"]        # expires the 16th: the first to go


@pytest.mark.parametrize("pid, login", [
    ("amal-h", "x](https://evil.example)"), ("amal-h", "a b"), ("amal-h", "@team"),
    ("amal-h)\n[click](https://evil.example", "amal-gh"), ("../../x", "amal-gh"),
])
def test_a_login_or_id_that_is_not_valid_data_never_reaches_an_issue(pid, login):
    with pytest.raises(ValueError):
        reminder_issues([record(pid, 5, login=login)], load_config(), {})


# --- consent-report, end to end --------------------------------------------------------------------

def write_profile(folder, pid, expires: dt.date, *, withdrawn=False, broken=False):
    text = VALID.replace("github: p004-unknown-skill", f"github: {pid}-gh").replace(
        "  expires: 2027-12-31\n", f"  expires: {expires}\n" + ("  withdrawn: 2026-05-01\n" if withdrawn else ""))
    if broken:
        text = text.replace("name: Python", "name: Pyhton")
    (folder / f"{pid}.yaml").write_text(text)


STORY = (ROOT / "stories" / "ahmad-reporting.md").read_text()


def write_story(folder, sid, expires: dt.date, profile: str, scope="[web, social]", withdrawn=False):
    text = STORY.replace("profile: ahmad-r\n", f"profile: {profile}\n" if profile else "").replace(
        "  expires: 2028-02-09\n", f"  expires: {expires}\n" + ("  withdrawn:\n" if withdrawn else "")).replace(
        "  scope: [web, social]\n", f"  scope: {scope}\n")
    assert text.count(str(expires)) == 1 and text.count(scope) == 1
    (folder / f"{sid}.md").write_text(text)


@pytest.fixture
def repo(tmp_path):
    folder, stories = tmp_path / "profiles", tmp_path / "stories"
    folder.mkdir()
    stories.mkdir()
    write_profile(folder, "tomorrow", day(1))
    write_profile(folder, "in-a-month", day(30))
    write_profile(folder, "later", day(31))
    write_profile(folder, "ended", day(0))
    write_profile(folder, "left", day(10), withdrawn=True)
    write_profile(folder, "broken", day(5), broken=True)
    write_story(stories, "tomorrow-story", day(20), "tomorrow")
    write_story(stories, "no-profile-story", day(25), "")
    write_story(stories, "left-story", day(12), "left")          # a withdrawn profile's login is not used
    write_story(stories, "print-only-story", day(3), "tomorrow", scope="[print]")    # on no page: nothing leaves
    write_story(stories, "withdrawn-story", day(4), "tomorrow", withdrawn=True)
    return tmp_path


def test_consent_report_prints_what_leaves_and_when(repo):
    r = run_cli("consent-report", "--repo", str(repo), "--today", "2026-06-15")
    assert (r.returncode, r.stderr) == (0, "")
    assert r.stdout == (
        "Consent report for 2026-06-15 (the consent day: the date at UTC+14, which begins at 10:00 UTC).\n"
        "\n"
        "Leaving the site within 30 days (5):\n"
        "  2026-06-16  profile tomorrow (@tomorrow-gh, profiles/tomorrow.yaml)\n"
        "      off the site from 2026-06-15 10:00 UTC, in 1 day: its profile page and directory card\n"
        "  2026-06-27  story left-story (stories/left-story.md)\n"
        "      off the site from 2026-06-26 10:00 UTC, in 12 days: its story page, index entry and feed item\n"
        "      no GitHub login to remind: the programme renews it with them\n"
        "  2026-07-05  story tomorrow-story (@tomorrow-gh, stories/tomorrow-story.md)\n"
        "      off the site from 2026-07-04 10:00 UTC, in 20 days: its story page, index entry and feed item\n"
        "  2026-07-10  story no-profile-story (stories/no-profile-story.md)\n"
        "      off the site from 2026-07-09 10:00 UTC, in 25 days: its story page, index entry and feed item\n"
        "      no GitHub login to remind: the programme renews it with them\n"
        "  2026-07-15  profile in-a-month (@in-a-month-gh, profiles/in-a-month.yaml)\n"
        "      off the site from 2026-07-14 10:00 UTC, in 30 days: its profile page and directory card\n"
        "\n"
        "Consent expired, already off the site (1):\n"
        "  2026-06-15  profile ended (@ended-gh, profiles/ended.yaml)\n"
        "  For maintainers: no reminder goes out for these. Each file (and any photo) is still public in\n"
        "  the repository: ask the person to renew, or delete the file and its photo.\n"
        "\n"
        "1 file with errors not listed: the build publishes none of them (run: python -m build_scripts validate).\n")


def test_consent_report_as_json(repo):
    r = run_cli("consent-report", "--repo", str(repo), "--today", "2026-06-15", "--format", "json", "--within", "31")
    assert r.returncode == 0
    out = json.loads(r.stdout)
    assert [e["id"] for e in out["expiring"]] == ["tomorrow", "left-story", "tomorrow-story", "no-profile-story",
                                                   "in-a-month", "later"]
    assert out["expiring"][0] == {"kind": "profile", "id": "tomorrow", "file": "profiles/tomorrow.yaml",
                                  "github": "tomorrow-gh", "expires": "2026-06-16",
                                  "leaves_site_at": "2026-06-15T10:00:00Z", "days_left": 1}
    assert [e["id"] for e in out["expired"]] == ["ended"] and out["with_errors"] == 1
    assert (out["today"], out["within_days"]) == ("2026-06-15", 31)


def test_nothing_to_report(tmp_path):
    (tmp_path / "profiles").mkdir()
    r = run_cli("consent-report", "--repo", str(tmp_path), "--today", "2026-06-15")
    assert (r.returncode, r.stdout) == (0, "Consent report for 2026-06-15 (the consent day: the date at UTC+14, "
                                           "which begins at 10:00 UTC).\n\nNothing leaves the site within 30 days.\n")


@pytest.mark.parametrize("within", ["0", "-3", "soon"])
def test_a_window_that_is_not_a_number_of_days_is_a_usage_error(within):
    r = run_cli("consent-report", "--within", within)
    assert r.returncode == 2 and "is not a number of days" in r.stderr


def test_the_workflow_run_opens_each_reminder_once(repo, tmp_path):
    issues_out, sent = tmp_path / "reminders.jsonl", tmp_path / "issues.json"
    sent.write_text("[]")
    args = ["consent-report", "--repo", str(repo), "--today", "2026-06-15", "--sent", str(sent)]
    first = run_cli(*args, "--issues-out", str(issues_out))
    assert first.returncode == 0 and first.stdout.count("reminder: to open") == 3
    opened = [json.loads(line) for line in issues_out.read_text().splitlines()]
    assert [i["title"] for i in opened] == [
        "Consent reminder: profile tomorrow and story tomorrow-story, off the site from 15 June 2026",
        "Consent reminder: profile in-a-month, off the site from 14 July 2026"]
    sent.write_text(json.dumps([bot_issue(i["body"]) for i in opened]))      # GitHub lists them the next day
    second = run_cli(*args, "--issues-out", str(issues_out))
    assert second.stdout.count("reminded: an issue for this expiry exists") == 3
    assert "reminder: to open" not in second.stdout
    assert issues_out.read_text() == ""


def test_an_unreadable_issues_file_is_a_usage_error(tmp_path):
    (tmp_path / "issues.json").write_text("[{]")
    r = run_cli("consent-report", "--sent", str(tmp_path / "issues.json"))
    assert r.returncode == 2 and r.stderr.startswith("error: cannot read the issues in")


# --- the workflow's shell steps, run for real -------------------------------------------------------

HOSTILE = [   # PWNED: a file that exists only if something ran
    {"title": "$(touch PWNED) `touch PWNED` ${{ github.token }}", "body": "'; touch PWNED; echo '\n\\n%s"},
    {"title": "x\nEND_OF_REMINDERS\nissues=[]", "body": "\"$(touch PWNED)\" && touch PWNED | touch PWNED"},
    {"title": "-X DELETE", "body": "--input /etc/passwd\n\n<!-- consent-reminder: profile/x expires 2026-01-01 -->"},
]


def steps(job: str) -> dict:
    workflow = yaml.load(WORKFLOW.read_text(), Loader=yaml.BaseLoader)
    return {s.get("id") or s.get("name"): s for s in workflow["jobs"][job]["steps"]}


def github_outputs(text: str) -> dict[str, str]:
    """$GITHUB_OUTPUT as the runner reads it: name=value lines and name<<DELIMITER blocks."""
    out, lines = {}, iter(text.split("\n"))
    for line in lines:
        if "<<" in line:
            name, end = line.split("<<", 1)
            value = []
            for more in lines:
                if more == end:
                    break
                value.append(more)
            out[name] = "\n".join(value)
        elif "=" in line:
            name, value = line.split("=", 1)
            out[name] = value
    return out


def test_hostile_issue_text_passes_through_both_shell_steps_as_data(tmp_path):
    """The plan step's output and the open step's loop, run in bash with a recording `gh` and a
    `python` that writes hostile issues: each issue reaches gh's input whole and unchanged, gh's
    arguments never change, and nothing in the text runs."""
    pwned = tmp_path / "pwned"
    hostile = [{k: v.replace("PWNED", str(pwned)) for k, v in i.items()} for i in HOSTILE]
    bin_ = tmp_path / "bin"
    bin_.mkdir()
    (bin_ / "python").write_text(                        # consent-report, as far as the shell can tell
        "#!/bin/bash\nout=\"${@: -1}\"\ncat \"$HOSTILE\" > \"$out\"\n")
    (bin_ / "gh").write_text(
        "#!/bin/bash\nn=$(ls \"$CALLS\" | grep -c args)\nprintf '%s\\0' \"$@\" > \"$CALLS/$n.args\"\n"
        "cat > \"$CALLS/$n.stdin\"\necho https://github.com/example/talent-portal/issues/$n\n")
    for tool in ("python", "gh"):
        (bin_ / tool).chmod(0o755)
    (tmp_path / "hostile.jsonl").write_text(
        "".join(json.dumps(i, ensure_ascii=False, separators=(",", ":")) + "\n" for i in hostile))
    calls = tmp_path / "calls"
    calls.mkdir()
    env = {"PATH": f"{bin_}:{os.environ['PATH']}", "RUNNER_TEMP": str(tmp_path), "HOSTILE": str(tmp_path / "hostile.jsonl"),
           "GITHUB_OUTPUT": str(tmp_path / "output"), "CALLS": str(calls), "HOME": str(tmp_path)}

    subprocess.run(["bash", "-e", "-c", steps("plan")["plan"]["run"]], env=env, check=True, cwd=tmp_path)
    outputs = github_outputs((tmp_path / "output").read_text())
    assert list(outputs) == ["issues"]
    opened = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c",
                             steps("open")["Open one issue per person"]["run"]],
                            env={**env, "ISSUES": outputs["issues"]}, check=True, cwd=tmp_path,
                            capture_output=True, text=True)

    assert not pwned.exists()
    assert opened.stdout.splitlines() == [f"https://github.com/example/talent-portal/issues/{n}" for n in range(3)]
    for n, issue in enumerate(hostile):
        assert (calls / f"{n}.args").read_text().split("\0")[:-1] == [
            "api", "--method", "POST", "repos/{owner}/{repo}/issues", "--input", "-", "--jq", ".html_url"]
        assert json.loads((calls / f"{n}.stdin").read_text()) == issue


def test_no_reminders_opens_nothing(tmp_path):
    calls = tmp_path / "calls"
    calls.mkdir()
    bin_ = tmp_path / "bin"
    bin_.mkdir()
    (bin_ / "gh").write_text("#!/bin/bash\ntouch \"$CALLS/called\"\n")
    (bin_ / "gh").chmod(0o755)
    subprocess.run(["bash", "-eo", "pipefail", "-c", steps("open")["Open one issue per person"]["run"]], check=True,
                   env={"PATH": f"{bin_}:{os.environ['PATH']}", "RUNNER_TEMP": str(tmp_path), "ISSUES": "",
                        "CALLS": str(calls)})
    assert list(calls.iterdir()) == []
