"""make bench: timings at scale. Prints figures; asserts nothing (speed goals are not tests).

    python bench/run.py [--sizes 1000,10000] [--only validate|build]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
PY = sys.executable


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


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="1000,10000")
    ap.add_argument("--only", choices=["validate", "build"])
    args = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    print(f"bench on {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    for n in (int(s) for s in args.sizes.split(",")):
        print(f"{n} profiles")
        if args.only in (None, "validate"):
            bench_validate(n)
    return 0


if __name__ == "__main__":
    sys.exit(main())
