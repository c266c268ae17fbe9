"""Command line: python -m build_scripts COMMAND. Run with --help for the list.

Exit codes: 0 all good, 1 problems found (or the build failed), 2 the command was used wrongly.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path

from . import problems as pr
from .config import SettingsError

ROOT = Path(__file__).resolve().parent.parent


def _today(value: str | None) -> dt.date:
    """--today as given, else the consent day (the date at UTC+14, clock.py)."""
    from .clock import consent_today
    return dt.date.fromisoformat(value) if value else consent_today()


def cmd_validate(args) -> int:
    from .fast.passes import map_light
    from .partners import check_partners, in_partners
    from .stories import check_stories, in_stories
    from .validate import validate_paths
    from .vocab import load_vocabulary

    repo = Path(args.repo) if args.repo else ROOT
    paths = [repo / p for p in args.paths] or None
    missing = [p for p, path in zip(args.paths, paths or []) if not path.is_file()]
    if missing:
        print(f"error: no such file: {', '.join(missing)}", file=sys.stderr)
        return 2
    today = _today(args.today)
    partner_paths = [p for p in paths if in_partners(p, repo)] if paths else None     # None: every file
    story_paths = [p for p in paths if in_stories(p, repo)] if paths else None
    profile_paths = [p for p in paths if not in_partners(p, repo) and not in_stories(p, repo)] if paths else None
    result = validate_paths(profile_paths, root=repo, today=today, mapper=map_light) if profile_paths != [] else None
    partners = check_partners(partner_paths, repo, today) if partner_paths != [] else None
    stories = check_stories(repo, load_vocabulary(), today, story_paths) if story_paths != [] else None
    checked = [r for r in (result, partners, stories) if r is not None]
    return _report(sorted((p for r in checked for p in r.problems), key=pr.sort_key), sum(r.checked for r in checked), args)


def _report(problems: list, checked: int, args) -> int:
    fmt = args.format or ("github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text")
    lang = args.lang
    if fmt == "json":
        print(pr.to_json(problems, lang))
    elif fmt == "github":
        pr.print_github(problems, sys.stdout, lang)
        pr.write_step_summary(pr.summary_markdown(problems, checked, _docs_url(lang), lang))
    else:
        pr.print_text(problems, sys.stdout, lang)
    if fmt != "json":
        print(pr.summary_line(problems, checked, lang))
    failing = [p for p in problems if p.is_error or getattr(args, "strict", False)]
    return 1 if failing else 0


def _docs_url(lang: str = "en") -> str:
    from .config import load_config
    page = "contributing/problem-codes/" if lang == "en" else f"{lang}/problem-codes/"
    return load_config().site_url.rstrip("/") + "/" + page


def cmd_check_pr(args) -> int:
    from .ownership import AUTHOR_ENV, GitError, check_pr

    author = os.environ.get(AUTHOR_ENV, "").strip()
    if not author:
        print(f"error: set {AUTHOR_ENV} to the pull request author's GitHub login, like: "
              f"{AUTHOR_ENV}=amal-h python -m build_scripts check-pr --base main", file=sys.stderr)
        return 2
    try:
        review = check_pr(author, args.base, head=args.head, root=Path(args.repo) if args.repo else ROOT)
    except GitError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    if args.profiles_out:
        Path(args.profiles_out).write_bytes(b"".join(p.encode() + b"\0" for p in review.profiles))
    if args.validate_out:
        Path(args.validate_out).write_bytes(b"".join(p.encode() + b"\0" for p in review.validated))
    return _report(sorted(review.problems, key=pr.sort_key), len(review.changes), args)


def cmd_consent_report(args) -> int:
    import json

    from .config import load_config
    from .fast.passes import map_light
    from .reminders import (all_consents, form_fields, plan, reminder_issues, report_json, report_text, sent_reminders,
                            write_issues)

    repo = Path(args.repo) if args.repo else ROOT
    today = _today(args.today)
    try:
        sent = sent_reminders(Path(args.sent).read_text(encoding="utf-8")) if args.sent else set()
    except (OSError, UnicodeDecodeError, ValueError) as e:
        print(f"error: cannot read the issues in {args.sent}: {e}", file=sys.stderr)
        return 2
    records, with_errors = all_consents(repo, today, mapper=map_light)
    todo = plan(records, today, sent, within=args.within)
    if args.issues_out:     # the code's own settings and form, whichever checkout the data comes from
        write_issues(reminder_issues(todo.remind, load_config(), form_fields(ROOT)), Path(args.issues_out))
    if args.format == "json":
        print(json.dumps(report_json(todo, with_errors, sent_known=bool(args.sent)), indent=1))
    else:
        print(report_text(todo, with_errors, sent_known=bool(args.sent)), end="")
    return 0


def cmd_check_links(args) -> int:
    import datetime as dt
    import json

    from .config import load_config
    from .fast.passes import map_light
    from .linkcheck import FAILED, WORKING, Checker, user_agent
    from .links import (ReportError, Told, link_issues, new_report, published_links, read_report, report_path,
                        summary_markdown, told_issues)
    from .reminders import form_fields, write_issues

    repo = Path(args.repo) if args.repo else ROOT
    config = load_config()
    out = Path(args.out) if args.out else report_path(repo).parent
    previous_path = Path(args.previous) if args.previous else out / "link-report.json"
    previous = None
    try:
        previous = read_report(previous_path)
    except ReportError as e:       # the first run, an expired artifact: the counts start again
        if args.previous or previous_path.exists():
            print(f"note: no previous report used: {e}", file=sys.stderr)
    try:
        told = told_issues(Path(args.sent).read_text(encoding="utf-8")) if args.sent else Told()
    except (OSError, UnicodeDecodeError, ValueError) as e:
        print(f"error: cannot read the issues in {args.sent}: {e}", file=sys.stderr)
        return 2
    links = published_links(repo, _today(args.today), mapper=map_light)
    if args.only:
        unknown = sorted(set(args.only) - {link.profile for link in links})
        if unknown:
            print(f"error: no published profile with links to check: {', '.join(unknown)}", file=sys.stderr)
            return 2
        links = [link for link in links if link.profile in args.only]
    agent = user_agent(config.programme_name, config.repository_url)
    outcomes = Checker(agent).check([link.url for link in links])
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    report = new_report(links, outcomes, previous, stamp, agent)
    out.mkdir(parents=True, exist_ok=True)
    (out / "link-report.json").write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    (out / "link-report.md").write_text(summary_markdown(report), encoding="utf-8")
    if args.issues_out:            # the code's own settings and form, whichever checkout the profiles come from
        write_issues(link_issues(report, told, config, form_fields(ROOT)), Path(args.issues_out))
    entries = report["links"]
    working, failing = (sum(e["outcome"] in kind for e in entries) for kind in (WORKING, FAILED))
    print(f"Checked {len(entries)} links: {working} working, {failing} failing, {len(entries) - working - failing} "
          f"not looked at (robots.txt or a rate limit). Report: {out / 'link-report.json'}, {out / 'link-report.md'}")
    return 0


def _days(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of days (1 or more)")
    return int(value)


def cmd_new_profile(args) -> int:
    from .scaffold import new_profile

    try:
        path = new_profile(args.id, github=args.github, today=_today(args.today))
    except ValueError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    print(f"Created {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}. "
          f"Fill it in, then run: python -m build_scripts validate {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
    return 0


def cmd_clean_photo(args) -> int:
    from .images import PhotoError, clean

    missing = [f for f in args.files if not Path(f).is_file() and not Path(f).is_symlink()]
    if missing:
        print(f"error: no such file: {', '.join(missing)}", file=sys.stderr)
        return 2
    failed = 0
    for name in args.files:
        try:
            found = clean(Path(name))
        except PhotoError as e:
            print(f"error: {name} {e.reason}", file=sys.stderr)
            failed += 1
            continue
        print(f"Cleaned {name}: removed {', '.join(found.metadata)}. Upload this file."
              if found.metadata else f"{name} holds no hidden information: left as it is.")
    return 1 if failed else 0


def cmd_synth(args) -> int:
    from .synth import write_profiles, write_sample

    out = Path(args.out)
    verified = Path(args.verified) if args.verified else None
    if args.sample:     # the shipped sample is dated synth.SAMPLE_DAY unless --today says otherwise
        n = write_sample(out, verified=verified, seed=args.seed, today=_today(args.today) if args.today else None)
    else:
        n = write_profiles(out, count=args.count, seed=args.seed, today=_today(args.today), short_ids=args.short_ids,
                           verified=verified)
    print(f"Wrote {n} synthetic profiles to {out}")
    return 0


def cmd_outcomes(args) -> int:
    import tempfile

    from .config import load_config
    from .impact import outcomes_settings
    from .outcomes import load_microdata

    settings = outcomes_settings(load_config())
    source = args.source or settings["source"]
    if not source:
        print("error: no outcomes source: give one, or set outcomes.source in portal.yml", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="outcomes-") as work:
        micro = load_microdata(source, Path(work), settings["token_env"])
    fmt = args.format or ("github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text")
    if fmt == "json":
        print(pr.to_json(micro.problems, args.lang))
        return 1 if micro.problems else 0
    if fmt == "github":
        pr.print_github(micro.problems, sys.stdout, args.lang)
    else:
        pr.print_text(micro.problems, sys.stdout, args.lang)
    if micro.problems:
        print(f"{len(micro.problems)} problem{'s' if len(micro.problems) != 1 else ''} in the outcomes data package.")
        return 1
    # no counts: this may run where its output is public (a CI log), and the number of learners
    # may be a count the impact page hides
    print(f"Outcomes data package is valid{' (synthetic)' if micro.synthetic else ''}.")
    return 0


def cmd_synth_outcomes(args) -> int:
    from .synth_outcomes import write_package

    path = write_package(Path(args.out), learners=args.learners, seed=args.seed,
                         extracted_on=_today(args.extracted_on))
    print(f"Wrote a synthetic outcomes package to {path}")
    return 0


def cmd_build(args) -> int:
    from .build import build_site

    return build_site(site_dir=Path(args.site_dir), today=_today(args.today), strict=args.strict,
                      profiles_dir=Path(args.profiles) if args.profiles else None)


def cmd_offline(args) -> int:
    from .build import build_site
    from .config import load_config
    from .offline import build_offline

    today = _today(args.today)
    profiles = Path(args.profiles) if args.profiles else None
    out = Path(args.out or ROOT / f"site-offline-{today.isoformat()}.zip")     # its name says how old it is
    return build_offline(out, lambda site: build_site(site_dir=site, today=today, profiles_dir=profiles),
                         today, load_config().site_url)


def cmd_issue_form(args) -> int:
    from .form.fields import stale_templates, template_path, write_template
    from .translate import LANGUAGES

    shown = [template_path(lang).relative_to(ROOT).as_posix() for lang in LANGUAGES]
    if args.check:
        for path in stale_templates():
            print(f"{path.relative_to(ROOT).as_posix()} is not what the schema gives: run python -m build_scripts "
                  "issue-form", file=sys.stderr)
        if stale_templates():
            return 1
        print(f"{' and '.join(shown)} are what the schema gives.")
        return 0
    for lang in LANGUAGES:
        write_template(lang)
    print(f"Wrote {' and '.join(shown)}.")
    return 0


def cmd_form_to_profile(args) -> int:
    import json

    from .form.change import write_result
    from .form.request import EventError, handle, waiting

    try:
        event = json.loads(Path(args.event).read_text(encoding="utf-8"))
        outcome = handle(event, Path(args.repo) if args.repo else ROOT, today=_today(args.today))
    except (OSError, ValueError, EventError) as e:
        print(f"error: {args.event}: {e}", file=sys.stderr)
        return 2
    write_result(outcome, Path(args.out), _docs_url(outcome.lang))
    if outcome.action == "ignored":
        print(f"Issue #{outcome.issue} is not a profile form sent by a person: nothing to do.")
        return 1
    what = "remove " if outcome.action == "remove" else ""
    print(f"Issue #{outcome.issue} by {outcome.login}: " + (
        f"ready to {what}{', '.join(outcome.ids)}." if outcome.ready else
        f"not ready, {sum(p.is_error and not waiting(p) for p in outcome.problems)} to fix.") + f" Comment: {Path(args.out) / 'comment.md'}")
    return 0 if outcome.ready else 1


def cmd_form_apply(args) -> int:
    from .form.change import ResultError, apply_result

    try:
        changed = apply_result(Path(args.dir), Path(args.repo) if args.repo else ROOT)
    except (OSError, ResultError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    print("\n".join(changed))
    return 0


def cmd_form_check(args) -> int:
    from .form.change import ResultError, check_branch
    from .ownership import GitError

    try:
        print(check_branch(Path(args.dir), Path(args.repo) if args.repo else ROOT, args.base, _today(args.today)))
    except (OSError, ResultError, GitError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    return 0


def cmd_verify_credential(args) -> int:
    import datetime as dt

    from .config import load_config
    from .credentials import Urls
    from .verify import Trust, read_credential, site_reader, verify

    config = load_config()
    urls = Urls.of(config)
    try:
        token = read_credential(args.credential)
    except OSError as e:
        print(f"error: cannot read {args.credential}: {e}", file=sys.stderr)
        return 2
    trust = Trust(urls, config.programme_name, site_reader(args.site or urls.site, urls))
    verdict = verify(token, trust, dt.datetime.now(dt.timezone.utc))
    print(verdict.text())
    return 0 if verdict.valid else 1


def cmd_credential_key(args) -> int:
    import datetime as dt
    import os as _os

    from .credentials import generate_key

    out = Path(args.out)
    if out.exists():
        print(f"error: {out} exists; the new key is never written over another file", file=sys.stderr)
        return 2
    start = args.valid_from or _today(args.today) - dt.timedelta(days=1)
    private, x = generate_key(args.kid)
    with _os.fdopen(_os.open(out, _os.O_WRONLY | _os.O_CREAT | _os.O_EXCL, 0o600), "w") as f:   # only you may read it
        f.write(private + "\n")
    print(f"Wrote the private key to {out} (readable by you only). Put its contents in the deploy secret "
          f"CREDENTIAL_SIGNING_KEY (the outcomes environment), then delete the file.\n"
          f"Add its public part to data/credential-keys.yml:\n\n"
          f"  - kid: {args.kid}\n    x: {x}\n    from: {start}\n    until:\n\n"
          "Rotating? Set until: on the key in use to the same day. docs/contributing/maintainers.md says more.")
    return 0


def cmd_serve(args) -> int:
    from .serve import PortInUse, serve

    try:
        # without --today each rebuild takes the day it runs on: a serve left running still drops expired consent
        return serve(host=args.host, port=args.port, today=_today(args.today) if args.today else None)
    except PortInUse as e:
        print(f"error: {e}", file=sys.stderr)
        return 2


def add_lang(s: argparse.ArgumentParser) -> None:
    """--lang: the language the problems are explained in (translate.py); place, code and field stay as they are."""
    from .translate import LANGUAGES
    s.add_argument("--lang", choices=LANGUAGES, default="en",
                   help="the language of the messages: en (default) or ar (Arabic: each code's summary and fix "
                        "in Arabic, the check's English message as the detail)")


REPO_HELP = ("the checkout whose files are checked (default: this one). CI runs the trusted base revision's "
             "code and settings against the pull request's checkout this way.")


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m build_scripts", description="Build and check the talent portal.")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name, func, help_):
        s = sub.add_parser(name, help=help_, description=help_)
        s.set_defaults(func=func)
        s.add_argument("--today", metavar="YYYY-MM-DD", help=argparse.SUPPRESS)
        return s

    s = add("validate", cmd_validate, "Check profiles, partners and stories and print every problem with its file, "
                                      "line and column.")
    s.add_argument("paths", nargs="*", metavar="PATH",
                   help="profile, partner or story files (default: every file in profiles/, partners/ and stories/)")
    s.add_argument("--format", choices=["text", "github", "json"], help="output format (github when GITHUB_ACTIONS=true)")
    s.add_argument("--strict", action="store_true", help="fail on warnings too")
    s.add_argument("--repo", metavar="DIR", help=REPO_HELP)
    add_lang(s)

    s = add("check-pr", cmd_check_pr, "Check that a pull request only changes what its author owns.")
    s.formatter_class = argparse.RawDescriptionHelpFormatter
    s.description += ("\n\nThe changed files are read from git: every commit from where the branch left --base\n"
                      "up to --head. The author's GitHub login is read from the environment variable PR_AUTHOR.")
    s.epilog = ("run it on your own branch before you open a pull request:\n"
                "  PR_AUTHOR=amal-h python -m build_scripts check-pr --base origin/main")
    s.add_argument("--base", required=True, metavar="REV",
                   help="the branch or commit the pull request goes into (owners are read there)")
    s.add_argument("--head", default="HEAD", metavar="REV", help="the pull request's last commit (default: HEAD)")
    s.add_argument("--repo", metavar="DIR", help="the git checkout of the pull request (default: this one). "
                                                 "CI runs the trusted base revision's code against it this way.")
    s.add_argument("--format", choices=["text", "github", "json"])
    add_lang(s)
    s.add_argument("--profiles-out", metavar="FILE",
                   help="write the changed profiles that validate should check, NUL-separated")
    s.add_argument("--validate-out", metavar="FILE",
                   help="the same for every file validate should check: the changed profiles, stories and partners")

    s = add("consent-report", cmd_consent_report, "List the profiles and stories whose consent ends soon: what "
                                                  "leaves the site, and when; expired ones apart, withdrawn ones never.")
    s.add_argument("--within", type=_days, default=30, metavar="DAYS", help="how many days ahead (default: 30)")
    s.add_argument("--format", choices=["text", "json"], default="text")
    s.add_argument("--repo", metavar="DIR", help="the checkout whose profiles and stories are read (default: this one)")
    s.add_argument("--sent", metavar="FILE", help="the repository's issues as GitHub's API lists them "
                                                  "(gh api --paginate): reminders already opened are not opened again")
    s.add_argument("--issues-out", metavar="FILE", help="write the reminder issues to open to FILE, one JSON "
                                                        "{title, body} a line (a few dozen a run at most, earliest expiry first)")

    s = add("check-links", cmd_check_links, "Visit every link on the published profiles (portfolio items and "
                                            "profile links) politely, and write a report: how each answered, and "
                                            "how many checks in a row it failed. Never fails for a site that is down.")
    s.add_argument("--out", metavar="DIR", help="where to write link-report.json and link-report.md (default: data/, "
                                                "where the build reads the report)")
    s.add_argument("--only", nargs="+", metavar="ID", help="check only these profiles' links (the report then "
                                                           "holds only theirs)")
    s.add_argument("--previous", metavar="FILE", help="last run's link-report.json, to count failures in a row "
                                                      "(default: the report already in --out, if any)")
    s.add_argument("--repo", metavar="DIR", help="the checkout whose profiles are read (default: this one)")
    s.add_argument("--sent", metavar="FILE", help="the repository's issues as GitHub's API lists them "
                                                  "(gh api --paginate): failures already told of are not told again")
    s.add_argument("--issues-out", metavar="FILE", help="write the issues to open or update to FILE, one JSON object "
                                                        "a line: one per profile whose link failed on "
                                                        "two checks in a row")

    s = add("new-profile", cmd_new_profile, "Create profiles/ID.yaml from the template.")
    s.add_argument("id", metavar="ID", help="2-40 lowercase letters, digits and hyphens, e.g. amal-h")
    s.add_argument("--github", metavar="LOGIN", default="", help="your GitHub login (default: the id)")

    s = add("clean-photo", cmd_clean_photo, "Rewrite photos from their pixels, removing location, camera details "
                                            "and any other hidden information (same format, same file).")
    s.add_argument("files", nargs="+", metavar="FILE", help="photos to clean in place, like profiles/photos/amal-h.jpg")

    s = add("synth", cmd_synth, "Write synthetic profiles for scale tests.")
    s.add_argument("--count", type=int, default=100)
    s.add_argument("--seed", type=int, default=1)
    s.add_argument("--out", required=True, metavar="DIR")
    s.add_argument("--short-ids", action="store_true", help="readable ids like amal-h instead of numbered ones")
    s.add_argument("--sample", action="store_true",
                   help="write the shipped sample's people (synth.SAMPLE) instead of --count new ones")
    s.add_argument("--verified", metavar="FILE",
                   help="also write the registry of the tracks the programme confirms for them (data/verified-tracks.yml)")

    s = add("outcomes", cmd_outcomes, "Check the outcomes data package; problems name file, row and field, never a value.")
    s.add_argument("source", nargs="?", help="folder, datapackage.json or https URL (default: outcomes.source in portal.yml)")
    s.add_argument("--format", choices=["text", "github", "json"], help="output format (github when GITHUB_ACTIONS=true)")
    add_lang(s)

    s = add("synth-outcomes", cmd_synth_outcomes, "Write a synthetic outcomes data package (learners and follow-ups).")
    s.add_argument("--learners", type=int, default=600)
    s.add_argument("--seed", type=int, default=1)
    s.add_argument("--extracted-on", metavar="YYYY-MM-DD", help="the data's extraction date (default: today)")
    s.add_argument("--out", required=True, metavar="DIR")

    s = add("build", cmd_build, "Validate, select what may be published, render and build the site.")
    s.add_argument("--site-dir", default=str(ROOT / "site"))
    s.add_argument("--profiles", metavar="DIR", help="read profiles from DIR instead of profiles/")
    s.add_argument("--strict", action="store_true", help="fail on warnings too")

    s = add("offline", cmd_offline, "Build the site and write it as a zip that works opened from disk, "
                                    "for events without a connection (same pages, same consent as a build today).")
    s.add_argument("--out", metavar="FILE",
                   help="the zip to write (default: site-offline-<date>.zip); unzip it and open index.html in its folder")
    s.add_argument("--profiles", metavar="DIR", help="read profiles from DIR instead of profiles/")

    s = add("issue-form", cmd_issue_form, "Write the profile forms (.github/ISSUE_TEMPLATE/profile.yml, and "
                                          "profile-ar.yml in Arabic) from the profile schema.")
    s.add_argument("--check", action="store_true", help="write nothing; exit 1 if a file is not what the schema gives")

    s = add("form-to-profile", cmd_form_to_profile,
            "Read an issue of the profile form (the event GitHub gives a workflow) and make its author's profile "
            "from it, checked as a pull request's is. Exit 0 when a pull request may be made, 1 otherwise.")
    s.add_argument("event", metavar="EVENT", help="the issues event, as JSON (in a workflow: $GITHUB_EVENT_PATH)")
    s.add_argument("--out", required=True, metavar="DIR",
                   help="where to write result.json, files/ (the new profile and photo), comment.md and the "
                        "pull request's words")
    s.add_argument("--repo", metavar="DIR", help="the checkout of the main branch whose profiles are read "
                                                 "(default: this one); nothing in it is changed")

    s = add("form-apply", cmd_form_apply, "Put what form-to-profile wrote into the checkout: only the profile and "
                                          "photo files of the ids it names.")
    s.add_argument("dir", metavar="DIR", help="the folder form-to-profile wrote")
    s.add_argument("--repo", metavar="DIR", help="the checkout to change (default: this one)")

    s = add("form-check", cmd_form_check, "Run the check every pull request gets (check-pr as the form's sender, "
                                          "validate) on the last commit, add its result to DIR/comment.md, and "
                                          "print open, unchanged or failed.")
    s.add_argument("dir", metavar="DIR", help="the folder form-to-profile wrote")
    s.add_argument("--base", required=True, metavar="REV", help="the main branch's commit the change starts from")
    s.add_argument("--repo", metavar="DIR", help="the git checkout (default: this one)")

    s = add("verify-credential", cmd_verify_credential,
            "Check a credential the site issued, as its verify page does: who issued what to whom and when, or why "
            "it fails (bad signature, unknown key, key expired for that date, revoked, malformed, not yet valid, "
            "expired). Exit 0 when valid, 1 when not.")
    s.add_argument("credential", metavar="FILE|URL", help="the credential (.jwt): a file, or an https address")
    s.add_argument("--site", metavar="DIR|URL",
                   help="where to read the site's keys and revocation list: a built site folder (like site/) or the "
                        "site's address (default: site_url in portal.yml)")

    s = add("credential-key", cmd_credential_key,
            "Make a new Ed25519 key to sign credentials with: the private key into FILE (for the deploy secret "
            "CREDENTIAL_SIGNING_KEY), its public part printed for data/credential-keys.yml.")
    s.add_argument("--kid", required=True, metavar="NAME", help="the key's name, like 2027-01")
    s.add_argument("--out", required=True, metavar="FILE", help="where to write the private key (a new file)")
    s.add_argument("--from", dest="valid_from", metavar="YYYY-MM-DD", type=dt.date.fromisoformat,
                   help="the first day it signs (default: yesterday, the last day begun everywhere: a build signs "
                        "with a key only from the day after its first)")

    s = add("serve", cmd_serve, "Build the site, serve it and rebuild when a source file changes.")
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, default=8000)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except SettingsError as e:         # a maintainer's file is broken: say where, no traceback
        print(f"error: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:            # `validate | head`: the reader has all it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())   # so the exit flush stays quiet
        return 141


if __name__ == "__main__":
    sys.exit(main())
