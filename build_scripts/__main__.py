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
    from .validate import validate_paths

    repo = Path(args.repo) if args.repo else ROOT
    paths = [repo / p for p in args.paths] or None
    missing = [p for p, path in zip(args.paths, paths or []) if not path.is_file()]
    if missing:
        print(f"error: no such file: {', '.join(missing)}", file=sys.stderr)
        return 2
    result = validate_paths(paths, root=repo, today=_today(args.today), mapper=map_light)
    return _report(result.problems, result.checked, args)


def _report(problems: list, checked: int, args) -> int:
    fmt = args.format or ("github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text")
    if fmt == "json":
        print(pr.to_json(problems))
    elif fmt == "github":
        pr.print_github(problems, sys.stdout)
        pr.write_step_summary(pr.summary_markdown(problems, checked, _docs_url()))
    else:
        pr.print_text(problems, sys.stdout)
    if fmt != "json":
        print(pr.summary_line(problems, checked))
    failing = [p for p in problems if p.is_error or getattr(args, "strict", False)]
    return 1 if failing else 0


def _docs_url() -> str:
    from .config import load_config
    return load_config().site_url.rstrip("/") + "/contributing/problem-codes/"


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
    return _report(sorted(review.problems, key=pr.sort_key), len(review.changes), args)


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
        print(pr.to_json(micro.problems))
        return 1 if micro.problems else 0
    if fmt == "github":
        pr.print_github(micro.problems, sys.stdout)
    else:
        pr.print_text(micro.problems, sys.stdout)
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


def cmd_serve(args) -> int:
    from .serve import PortInUse, serve

    try:
        # without --today each rebuild takes the day it runs on: a serve left running still drops expired consent
        return serve(host=args.host, port=args.port, today=_today(args.today) if args.today else None)
    except PortInUse as e:
        print(f"error: {e}", file=sys.stderr)
        return 2


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

    s = add("validate", cmd_validate, "Check profiles and print every problem with its file, line and column.")
    s.add_argument("paths", nargs="*", metavar="PATH", help="profile files (default: every file in profiles/)")
    s.add_argument("--format", choices=["text", "github", "json"], help="output format (github when GITHUB_ACTIONS=true)")
    s.add_argument("--strict", action="store_true", help="fail on warnings too")
    s.add_argument("--repo", metavar="DIR", help=REPO_HELP)

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
    s.add_argument("--profiles-out", metavar="FILE",
                   help="write the changed profiles that validate should check, NUL-separated")

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

    s = add("synth-outcomes", cmd_synth_outcomes, "Write a synthetic outcomes data package (learners and follow-ups).")
    s.add_argument("--learners", type=int, default=600)
    s.add_argument("--seed", type=int, default=1)
    s.add_argument("--extracted-on", metavar="YYYY-MM-DD", help="the data's extraction date (default: today)")
    s.add_argument("--out", required=True, metavar="DIR")

    s = add("build", cmd_build, "Validate, select what may be published, render and build the site.")
    s.add_argument("--site-dir", default=str(ROOT / "site"))
    s.add_argument("--profiles", metavar="DIR", help="read profiles from DIR instead of profiles/")
    s.add_argument("--strict", action="store_true", help="fail on warnings too")

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
