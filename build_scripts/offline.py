"""Offline: the site as a zip that works opened from disk (file://), for events without a connection.

The zip is made from a fresh build (same pages, same consent as the site built today, never an old
site/): a copy of that site whose links name their file, since from disk a folder does not open its
index.html. What needs a connection (search, filters, the shortlist) says so on the page there
(overrides/partials/tp-offline-note.html); share links, QR codes and printed addresses keep pointing
at the site online. Every page of the copy says when it was made and asks for it to be deleted after
the event: people may leave the site at any time, and a copy on a laptop would keep showing them.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import tempfile
import zipfile
from pathlib import Path

from markupsafe import escape

from .cards import long_date
from .staging import WORK

# href="..." and action="..." in the built pages (MkDocs and our templates write double quotes)
_LINK = re.compile(r'(\s(?:href|action)=")([^"]*)(")')
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_BODY = re.compile(r"<body[^>]*>")


def disk_link(href: str) -> str:
    """A link as it works from disk: a folder's address ends in its index.html ('talent/' is
    'talent/index.html', '..' is '../index.html'); its query and fragment stay. Addresses with a
    scheme (https:, mailto:), from the root ('/'), or within the page are left as they are."""
    if not href or href.startswith(("#", "?", "/")) or _SCHEME.match(href):
        return href
    path, rest = re.match(r"([^?#]*)(.*)", href, re.S).groups()
    if path.endswith("/"):
        path += "index.html"
    elif path in (".", "..") or path.endswith(("/.", "/..")):
        path += "/index.html"
    return path + rest


def disk_page(html: str, banner: str = "") -> str:
    """A built page with every link rewritten by disk_link, and `banner` (HTML) first in its body."""
    html = _LINK.sub(lambda m: m.group(1) + disk_link(m.group(2)) + m.group(3), html)
    return _BODY.sub(lambda m: m.group(0) + banner, html, count=1) if banner else html


def banner(made: dt.date, site_url: str) -> str:
    """What every page of the copy says first: its date, and why it should not outlive the event."""
    return (f'<p class="tp-offline-banner" role="note">Offline copy made on {long_date(made.isoformat())}. '
            "People can leave this site at any time: please delete this copy after the event. Current "
            f'profiles: <a href="{escape(site_url)}">{escape(site_url)}</a></p>')


def write_zip(site: Path, out: Path, folder: str, note: str = "") -> int:
    """Zip the built site into out, under one folder, pages with disk links; returns the file count.
    The zip is written aside and renamed into place: a failure leaves the previous one as it was."""
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, part = tempfile.mkstemp(prefix=f".{out.name}.", dir=out.parent)
    os.close(fd)
    os.chmod(part, 0o644)                  # a file to hand on, not mkstemp's private one
    count = 0
    try:
        with zipfile.ZipFile(part, "w", zipfile.ZIP_DEFLATED) as z:
            for path in sorted(p for p in site.rglob("*") if p.is_file()):
                name = f"{folder}/{path.relative_to(site).as_posix()}"
                if path.suffix == ".html":
                    z.writestr(name, disk_page(path.read_text(encoding="utf-8"), note))
                else:
                    z.write(path, name)
                count += 1
        os.replace(part, out)
    except BaseException:
        Path(part).unlink(missing_ok=True)
        raise
    return count


def build_offline(out: Path, build, made: dt.date, site_url: str, log=print) -> int:
    """Build the site afresh with `build(site_dir)` (the ordinary build: 0 when it succeeded) into a
    folder of its own, and zip it into out, each page saying it was made on `made`. 0 when the zip
    was written; the build's code otherwise."""
    WORK.mkdir(exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f"stage-{os.getpid()}-offline-", dir=WORK))   # a dead build's is cleared
    try:
        if code := build(work / "site"):
            log(f"No offline copy written: the build failed. {out} was left unchanged.")
            return code
        n = write_zip(work / "site", out, folder=out.name.removesuffix(".zip"), note=banner(made, site_url))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    log(f"Wrote {out} ({n} files, {out.stat().st_size / 2**20:.1f} MB). Unzip it and open "
        f"{out.name.removesuffix('.zip')}/index.html in a browser; search, filters and the shortlist need the site online.")
    return 0
