"""MkDocs beside the data step: started early, fed pages while they are written.

Two things that change nothing in the output:

- MkDocs starts in a fresh process as soon as the build starts (`MkDocsProcess`), and does its
  imports while the data step runs; it begins when told where the pages are.
- Profile pages and the impact section are *streamed*: MkDocs is given their list as soon as
  the rules across files have decided who is published, and reads each page when it is
  written (`StreamedPages`). A page is written after the files it links to, and renamed into
  place whole, so a page that exists is ready. Rendering profiles and aggregating outcomes
  then run beside MkDocs, on another core, instead of before it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from mkdocs.exceptions import Abort
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, InclusionLevel

from ..site import run_mkdocs

ROOT = Path(__file__).resolve().parent.parent.parent


class StreamedPages(BasePlugin):
    """Pages under root that the build is still writing while MkDocs runs (profiles, the impact section).

    `pages`: (source path, folder or None) pairs. MkDocs reads pages one after another, in the
    order of its file list: these come last, in the order given, and each is waited for when
    MkDocs reaches it. A page's folder holds the files it brings (JSON Resume, photo, outcome
    downloads); whoever writes a page writes them first, so when the page appears they are
    complete and are added to the site's files, before MkDocs checks the page's links.
    """

    def __init__(self, root: Path, pages: list[tuple[str, str | None]], poll: float = 0.002):
        super().__init__()
        self.root, self.poll = str(root), poll
        self.folder_of = dict(pages)          # in the order given
        self.parent = os.getppid()
        self.files = None

    def on_files(self, files, config):
        for uri in self.folder_of:
            files.append(File(uri, self.root, config.site_dir, config.use_directory_urls))
        self.files = files
        return files

    def on_page_read_source(self, page, config):
        # (MkDocs 1.6 marks this event deprecated in favour of setting content in on_files,
        # which cannot work for content that does not exist yet.)
        if page.file.src_dir == self.root:
            self._wait_for(page.file.abs_src_path)
            if self.folder_of.get(page.file.src_uri):
                self._add_folder(self.folder_of[page.file.src_uri], config)
        return None           # MkDocs then reads the file itself

    def _add_folder(self, folder: str, config) -> None:
        for where, dirs, names in os.walk(Path(self.root, folder)):
            dirs.sort()
            for name in sorted(names):
                uri = Path(where, name).relative_to(self.root).as_posix()
                if uri not in self.folder_of and not name.startswith(".") and self.files.get_file_from_path(uri) is None:
                    self.files.append(File(uri, self.root, config.site_dir, config.use_directory_urls,
                                           inclusion=InclusionLevel.INCLUDED))

    def _wait_for(self, path: str) -> None:
        while not os.path.exists(path):
            if os.getppid() != self.parent:     # the build that was writing it has gone
                raise Abort(f"the build stopped before {path} was written")
            time.sleep(self.poll)


# What the MkDocs process runs: the imports at once, then run_mkdocs when the parent says where the pages are.
_CHILD = ("import sys; from build_scripts.fast.streaming import child_main; sys.exit(child_main(sys.argv[1], sys.argv[2]))")


def child_main(docs: str, site: str) -> int:
    line = sys.stdin.readline()     # one line of JSON from the parent; nothing when the build stopped
    if not line.strip():
        return 0
    order = json.loads(line)
    streamed = StreamedPages(Path(order["root"]), order["pages"]) if order.get("root") else None
    run_mkdocs(Path(docs), Path(site), streamed=streamed)
    return 0


class MkDocsProcess:
    """MkDocs in a fresh interpreter, started early, told later what to build. A context manager.

    A fresh process also starts from a clean heap instead of the one the data step left behind
    (in the same process MkDocs ran up to 10% slower at 10,000 profiles), and what it prints
    is its own.
    """

    def __init__(self, docs: Path, site: Path):
        self.docs, self.site = docs, site
        self.proc: subprocess.Popen | None = None

    def __enter__(self):
        self.proc = subprocess.Popen([sys.executable, "-c", _CHILD, str(self.docs), str(self.site)],
                                     cwd=ROOT, stdin=subprocess.PIPE, text=True)
        return self

    def start(self, streamed_root: Path | None = None, pages: list[tuple[str, str | None]] = ()) -> None:
        """Build now: the staged docs, plus `pages` still being written under streamed_root (see StreamedPages)."""
        order = {"root": str(streamed_root), "pages": list(pages)} if streamed_root else {}
        try:
            self.proc.stdin.write(json.dumps(order) + "\n")
            self.proc.stdin.close()
        except BrokenPipeError:     # MkDocs has already ended: wait() tells how
            pass

    def wait(self) -> None:
        if self.proc.wait() != 0:
            raise RuntimeError(f"MkDocs failed with exit code {self.proc.returncode} (its messages are above)")

    def __exit__(self, *exc):
        if self.proc is not None and self.proc.poll() is None:     # the build failed: stop MkDocs too
            self.proc.kill()
            self.proc.wait()
        if self.proc is not None and self.proc.stdin and not self.proc.stdin.closed:
            try:
                self.proc.stdin.close()
            except BrokenPipeError:
                pass
        return False
