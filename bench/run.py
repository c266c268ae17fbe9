"""make bench: timings at scale. Prints figures; asserts nothing (speed goals are not tests).

    python bench/run.py [--sizes 1000,10000] [--only validate|build|outcomes|lighthouse] [--rounds 2]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
PY = sys.executable


def stolen() -> tuple[int, int]:
    """(all, steal) CPU ticks so far from /proc/stat: on a virtual machine the host takes some ("steal")."""
    try:
        fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except (OSError, ValueError):
        return (0, 0)
    return sum(fields[:8]), (fields[7] if len(fields) > 7 else 0)


def steal_share(before: tuple[int, int], after: tuple[int, int]) -> str:
    ticks = after[0] - before[0]
    return f"{100 * (after[1] - before[1]) / ticks:.0f}%" if ticks > 0 else "n/a"


def sh(*args, **kw) -> float:
    start = time.perf_counter()
    subprocess.run(args, cwd=ROOT, check=True, stdout=subprocess.DEVNULL, **kw)
    return time.perf_counter() - start


def synth(n: int) -> Path:
    target = OUT / f"profiles-{n}"
    if not (target.exists() and len(list(target.glob("*.yaml"))) == n):
        shutil.rmtree(target, ignore_errors=True)
        took = sh(PY, "-m", "build_scripts", "synth", "--count", str(n), "--seed", "7", "--out", str(target))
        print(f"  synth {n:>6}: {took:6.2f} s")
    return target


def bench_validate(n: int) -> None:
    profiles = synth(n)
    repo = OUT / f"repo-{n}"
    if not (repo / "profiles").exists():
        repo.mkdir(parents=True, exist_ok=True)
        (repo / "profiles").symlink_to(profiles)
    one = sorted(profiles.glob("*.yaml"))[n // 2].name
    full = min(sh(PY, "-m", "build_scripts", "validate", "--repo", str(repo)) for _ in range(2))
    single = min(sh(PY, "-m", "build_scripts", "validate", "--repo", str(repo), f"profiles/{one}") for _ in range(3))
    print(f"  validate all {n:>6} profiles: {full:6.2f} s   ({full / n * 1000:.2f} ms a profile, process start included)")
    print(f"  validate one changed profile among {n}: {single:6.2f} s (cross-file login check against all)")


def bench_build(n: int, work: Path, rounds: int = 2) -> Path:
    """Both executors (pipeline.py and fast/) against a bare MkDocs build of the same staged pages.

    `rounds` rounds of the three, each round in another order (bare, fast, plain; plain, fast,
    bare; ...), so a machine that speeds up or slows down during the run weighs on all alike; the
    ratios are of the sums. Nothing is deleted before a measurement, the builds' own clean-up of
    their staging folders included (it is set aside instead): on an ext4 file system without a
    journal, creating files within minutes of deleting tens of thousands is several times slower
    (the kernel skips recently freed inodes one by one), which would charge one build for the
    other's clean-up. Likewise each build starts after a sync, not while the previous one's pages
    are written back.
    """
    import datetime as dt

    sys.path.insert(0, str(ROOT))
    import build_scripts.staging
    from build_scripts import pipeline
    from build_scripts.fast import build as fast

    def set_aside(path: Path) -> None:      # deleted with `work`, after every measurement
        if path.exists():
            path.rename(work / f"set-aside-{time.monotonic_ns()}")

    for module in (build_scripts.staging, pipeline, fast):
        module.discard = set_aside

    profiles = synth(n)
    pipeline.stage(work / "staged", dt.date.today(), profiles, log=lambda *a: None)
    pages = sum(1 for _ in (work / "staged" / "docs").rglob("*.md"))
    print(f"  pages built: {pages}")
    times: dict[str, list[float]] = {"bare": [], "fast": [], "plain": []}
    kinds = ("bare", "fast", "plain")
    order = [kind for r in range(rounds) for kind in (kinds if r % 2 == 0 else kinds[::-1])]
    for i, kind in enumerate(order):
        os.sync()       # each timed build starts with nothing left to write back from the step before it
        before = stolen()
        if kind == "bare":    # a fresh process that runs MkDocs and nothing else
            times["bare"].append(sh(PY, "-c", "import sys; from pathlib import Path; from build_scripts.site import run_mkdocs; "
                                              "run_mkdocs(Path(sys.argv[1]), Path(sys.argv[2]))",
                                    str(work / "staged" / "docs"), str(work / f"bare-site-{i}")))
            print(f"  bare MkDocs, same pages: {times['bare'][-1]:6.1f} s   (CPU taken by the host: {steal_share(before, stolen())})")
            continue
        timings: dict = {}
        site = work / f"site-{i}"
        (fast if kind == "fast" else pipeline).build_site(site, profiles_dir=profiles, log=lambda *a: None, timings=timings)
        times[kind].append(timings["total"])
        print(f"  {kind} build: {timings['total']:6.1f} s   (MkDocs could start at {timings['data']:.1f} s; "
              f"MkDocs {timings['mkdocs']:.1f} s; CPU taken by the host: {steal_share(before, stolen())})")
    base = sum(times["bare"])
    print(f"  ratio to bare MkDocs (sums of {rounds} each): fast {sum(times['fast']) / base:.2f} (target <= 1.25), "
          f"plain {sum(times['plain']) / base:.2f}; load average now {os.getloadavg()[0]:.1f}")
    return site


class _GzipHandler:
    """Serves a directory as GitHub Pages does: text compressed with gzip when the browser accepts it."""

    @staticmethod
    def make(directory: Path):
        import gzip
        import http.server

        class Handler(http.server.SimpleHTTPRequestHandler):
            def __init__(self, *a, **k):
                super().__init__(*a, directory=str(directory), **k)

            def log_message(self, *args):
                pass

            def send_head(self):
                path = Path(self.translate_path(self.path))
                if path.is_dir():
                    path = path / "index.html"
                compressible = path.suffix in (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".pf_meta")
                if not path.is_file() or not compressible or "gzip" not in self.headers.get("Accept-Encoding", ""):
                    return super().send_head()
                body = gzip.compress(path.read_bytes(), 6)
                self.send_response(200)
                self.send_header("Content-Type", self.guess_type(str(path)))
                self.send_header("Content-Encoding", "gzip")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                import io
                return io.BytesIO(body)

        return Handler


def bench_bytes(site: Path) -> None:
    """Bytes on the wire (compressed, headers included) for what an employer loads, measured in Chromium."""
    import http.server
    import threading

    from playwright.sync_api import sync_playwright

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _GzipHandler.make(site))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_port}"
    profile = sorted(p.name for p in (site / "talent").iterdir() if (p / "resume.json").exists())[0]
    args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"), args=args)

        def measured(path: str, then=None) -> tuple[int, int]:
            context = browser.new_context()
            page = context.new_page()
            cdp = context.new_cdp_session(page)
            cdp.send("Network.enable")
            total = [0]
            cdp.on("Network.loadingFinished", lambda e: total.__setitem__(0, total[0] + e["encodedDataLength"]))
            page.goto(base + path)
            page.wait_for_load_state("networkidle")
            first = total[0]
            extra = 0
            if then:
                total[0] = 0
                then(page)
                page.wait_for_load_state("networkidle")
                extra = total[0]
            context.close()
            return first, extra

        def search(page):
            page.fill("input[name=q]", "Laravel")
            page.wait_for_function("document.getElementById('tp-count').textContent.includes('match')")

        directory, to_result = measured("/talent/", search)
        profile_bytes, _ = measured(f"/talent/{profile}/")
        browser.close()
    httpd.shutdown()
    print(f"  directory first view: {directory / 1024:6.1f} KB   (target <= 100 KB compressed)")
    print(f"  first search result ('Laravel'), after the first view: {to_result / 1024:6.1f} KB   (target <= 150 KB)")
    print(f"  a profile page: {profile_bytes / 1024:6.1f} KB   (target <= 60 KB)")


LIGHTHOUSE = ROOT / "bench" / "node_modules" / ".bin" / "lighthouse"
LIGHTHOUSE_PAGES = {"home": "/", "directory": "/talent/", "profile": None, "hiring": "/hiring/", "impact": "/impact/"}


def bench_lighthouse() -> None:
    """Lighthouse's mobile performance score (slow 4G, a mid-range phone) for the sample site's main pages."""
    import http.server
    import json
    import threading

    site = OUT / "site-lighthouse"
    sh(PY, "-m", "build_scripts", "build", "--site-dir", str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _GzipHandler.make(site))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_port}"
    profile = sorted(p.name for p in (site / "talent").iterdir() if (p / "resume.json").exists())[0]
    flags = ("--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update "
             "--no-first-run --disable-sync --disable-quic")
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROMIUM", "/usr/bin/chromium")}
    print("lighthouse, mobile performance (target >= 0.95), sample site:")
    for name, path in LIGHTHOUSE_PAGES.items():
        report = OUT / f"lighthouse-{name}.json"
        subprocess.run([str(LIGHTHOUSE), base + (path or f"/talent/{profile}/"), "--only-categories=performance",
                        "--form-factor=mobile", "--output=json", f"--output-path={report}", "--quiet",
                        f"--chrome-flags={flags}"], cwd=ROOT, env=env, check=True, timeout=300)
        r = json.loads(report.read_text())
        audits = {k: r["audits"][k]["displayValue"].replace("\xa0", " ") for k in
                  ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift")}
        print(f"  {name:<10} {r['categories']['performance']['score']:.2f}   (FCP {audits['first-contentful-paint']}, "
              f"LCP {audits['largest-contentful-paint']}, TBT {audits['total-blocking-time']}, "
              f"CLS {audits['cumulative-layout-shift']})")
    httpd.shutdown()


def bench_outcomes(rows: int = 1_000_000) -> None:
    """Aggregating about a million follow-up rows (a quarter of a million learners, four surveys each)."""
    import datetime as dt
    import random

    sys.path.insert(0, str(ROOT))
    from build_scripts.aggregate import aggregate
    from build_scripts.synth_outcomes import make

    # the newest of six cohorts is not yet due at 24 months: 5/6 of learners answer four surveys
    learners, followups = make(random.Random(7), rows * 6 // 20, dt.date(2030, 1, 1))
    # make() writes text, as a CSV would hold it; type it as outcomes._read does
    for l in learners:
        l["completed"] = l["completed"] == "true"
        l["baseline_income_usd"] = float(l["baseline_income_usd"]) if l["baseline_income_usd"] else None
    for f in followups:
        f["months_after"] = int(f["months_after"])
        f["reached"] = f["reached"] == "true"
        f["status"] = f["status"] or None
        f["monthly_income_usd"] = float(f["monthly_income_usd"]) if f["monthly_income_usd"] else None
    start = time.perf_counter()
    result = aggregate(learners, followups, k=5)
    took = time.perf_counter() - start
    print(f"outcomes: aggregating {len(followups):,} follow-up rows of {len(learners):,} learners: {took:6.1f} s "
          f"({len(result.cells)} table rows, disclosure control included)")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="1000,10000")
    ap.add_argument("--only", choices=["validate", "build", "outcomes", "lighthouse"])
    ap.add_argument("--rounds", type=int, default=2, help="rounds of bare, fast and plain builds per size, in alternating order")
    args = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    # outputs of an earlier run are set aside now and deleted at the end, after every measurement
    old = [p for p in OUT.iterdir() if p.name.startswith(("bench-", "site-", ".trash-"))]
    print(f"bench on {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    for n in (int(s) for s in args.sizes.split(",")) if args.only in (None, "validate", "build") else ():
        print(f"{n} profiles")
        if args.only in (None, "validate"):
            bench_validate(n)
        if args.only in (None, "build"):
            work = Path(tempfile.mkdtemp(prefix=f"bench-{n}-", dir=OUT))
            bench_bytes(bench_build(n, work, args.rounds))
            old.append(work)
    if args.only in (None, "outcomes"):
        bench_outcomes()
    if args.only in (None, "lighthouse"):
        bench_lighthouse()
    for p in old:
        shutil.rmtree(p, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
