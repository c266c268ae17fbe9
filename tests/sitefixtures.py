"""A small site built from known people, for tests that look at built pages.

Time zones without daylight saving keep the overlap figures the same all year.
"""

from __future__ import annotations

import gzip
from pathlib import Path

from build_scripts.build import build_site
from build_scripts.images import synthetic_photo
from conftest import FIXTURES, TODAY

BASE = (FIXTURES / "problems" / "w004-skill-alias.yaml").read_text().split("\n", 1)[1].replace("Python3", "Python")

# id: (name, timezone, skills, languages, status, extra lines)
PEOPLE = {
    "nairobi-dev": ("Neema Nairobi", "Africa/Nairobi", ["Python", "Django"], [("sw", "native"), ("en", "C1")], "available", ""),
    "tokyo-designer": ("Taro Tokyo", "Asia/Tokyo", ["Figma", "UI design"], [("ja", "native"), ("en", "B2")], "open",
                       "synthetic: true\n"),
    "bogota-writer": ("Bea Bogota", "America/Bogota", ["Content writing", "SEO"], [("es", "native"), ("en", "B1")], "available", ""),
    "kolkata-analyst": ("Kavi Kolkata", "Asia/Kolkata", ["Python", "SQL"], [("hi", "native"), ("en", "C2")], "placed", ""),
    "baghdad-translator": ("Bashar Baghdad", "Asia/Baghdad", ["Translation", "Subtitling"],
                           [("ar", "native"), ("ckb", "C1"), ("en", "B2")], "available",
                           "summary: |\n  I subtitle documentaries about zanzibarite beekeeping.\n"),
}
WITHHELD = {
    "expired-one": "  given: 2024-01-01\n  expires: 2026-01-01\n",
    "withdrawn-one": "  given: 2026-01-01\n  expires: 2027-12-31\n  withdrawn: 2026-03-01\n",
    "future-one": "  given: 2026-09-01\n  expires: 2027-12-31\n",
}
# Consented and valid on its own, but claims a GitHub login an earlier file already has.
COPYCAT = "zz-copycat"


def person(pid, name, tz, skills, langs, status, extra="") -> str:
    text = BASE.replace("github: w004-skill-alias", f"github: {pid}-login").replace("Test Person", name)
    text = text.replace("timezone: Asia/Amman", f"timezone: {tz}").replace("status: available", f"status: {status}")
    text = text.replace("skills:\n  - name: Python\n    level: advanced\n",
                        "skills:\n" + "".join(f"  - name: {s}\n    level: advanced\n" for s in skills))
    text = text.replace("languages:\n  - code: ar\n    level: native\n",
                        "languages:\n" + "".join(f"  - code: {c}\n    level: {l}\n" for c, l in langs))
    if extra.startswith("summary:"):
        text = text.replace("summary: Hello, I test.\n", extra)
        extra = ""
    return text + "working_hours:\n  start: '09:00'\n  end: '17:00'\n" + extra


def write_profiles(root: Path) -> Path:
    profiles = root / "profiles"
    (profiles / "photos").mkdir(parents=True)
    for pid, (name, tz, skills, langs, status, extra) in PEOPLE.items():
        (profiles / f"{pid}.yaml").write_text(person(pid, name, tz, skills, langs, status, extra))
    for pid, consent in WITHHELD.items():
        text = person(pid, f"Token {pid.upper()}", "Asia/Amman", ["Python"], [("ar", "native")], "available")
        (profiles / f"{pid}.yaml").write_text(text.replace("  given: 2026-01-01\n  expires: 2027-12-31\n", consent))
    # photo shown, photo withheld, country withheld
    (profiles / "photos" / "photo-shown.jpg").write_bytes(synthetic_photo(1))
    shown = person("photo-shown", "Pia Photo", "UTC", ["Canva"], [("en", "C1")], "available",
                   "photo: profiles/photos/photo-shown.jpg\ncountry: NR\n")
    (profiles / "photo-shown.yaml").write_text(shown.replace("  photo: false\n  country: true", "  photo: true\n  country: true"))
    # without consent the public file holds no photo line, no photo file and no country (P025, P032), and
    # its time zone is a whole-hour offset, not the city that would name the country
    withheld = person("photo-withheld", "Wes Withheld", "UTC+3", ["Canva"], [("en", "C1")], "available")
    (profiles / "photo-withheld.yaml").write_text(withheld.replace("  country: true", "  country: false"))
    copycat = person(COPYCAT, f"Token {COPYCAT.upper()}", "UTC", ["Canva"], [("en", "C1")], "available")
    (profiles / f"{COPYCAT}.yaml").write_text(copycat.replace(f"github: {COPYCAT}-login", "github: nairobi-dev-login"))
    return profiles


def build(root: Path) -> Path:
    profiles = write_profiles(root)
    site = root / "site"
    assert build_site(site, today=TODAY, profiles_dir=profiles, log=lambda *_: None) == 0
    return site


def every_file(site):
    """(path, text) for every built file; gzip files (sitemap, Pagefind's index) are read decompressed."""
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        data = path.read_bytes()
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        elif b"pagefind_dcd" in data[:12]:
            data = gzip.decompress(data[12:]) if data[12:14] == b"\x1f\x8b" else data
        yield path, data.decode("utf-8", "replace")


def everything(site) -> str:
    return "\n".join(text for _, text in every_file(site))
