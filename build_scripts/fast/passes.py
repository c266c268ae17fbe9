"""The profiles' two passes, check then render, in forked workers that keep their slice in between.

Check: load -> validate -> select, for each worker's slice of files. A worker sends back only the
light part: problems, the claims the rules across files need (GitHub logins) and the fields the
directory shows. The parent applies the rules across files and tells each worker whom they
rejected. Render: each worker writes the pages of the rest, while the parent goes on (MkDocs can
already read the pages written so far: see site.py).

With few files, or one core, both passes run in this process, one after the other.
"""

from __future__ import annotations

import datetime as dt
import functools
import multiprocessing
import traceback
from pathlib import Path

from ..config import Config
from ..directory import card_view
from ..render import render_profile_pages
from ..select import Selection, consent_state, select
from ..validate import Profile, check_files
from ..vocab import Vocabulary
from .workers import map_chunks, no_gc, receive, settle, worker_count


def light(profiles: list) -> list:
    """Checked profiles as they travel between processes: the raw values go (the typed ones stay in
    pr.data), and positions too, but the file's own and its GitHub login's for the rules across files."""
    for pr in profiles:
        if not isinstance(pr, Profile):
            continue
        pr.doc.data = None
        if not pr.doc.problems:
            keep = {k: v for k, v in pr.doc.value_at.items() if k in ((), ("github",))}
            pr.doc.value_at, pr.doc.key_at = keep, {}
    return profiles


def _light_chunk(func, chunk: list) -> list:
    with no_gc():
        return light(func(chunk))


def map_light(func, items: list) -> list:
    """validate's mapper at scale: func on chunks of items in forked workers, results sent back light."""
    return map_chunks(functools.partial(_light_chunk, func), items)


class _Slice:
    """One slice of files through both passes. Runs in a worker, or in the parent for small builds."""

    def __init__(self, paths: list[Path], config: Config, vocab: Vocabulary, today: dt.date, repo: Path, stories=None):
        self.paths, self.config, self.vocab, self.today, self.repo = paths, config, vocab, today, repo
        self.stories = stories          # the published stories (select_stories): a profile links to those about it
        self.published: list = []

    def check(self) -> tuple[list[Profile], Selection, dict]:
        with no_gc():
            profiles = light(check_files(self.paths, self.vocab, self.today, self.repo))
            selection = select(profiles, self.today, self.vocab.verified_tracks, self.vocab.skill)
        self.published = selection.published
        selection.published = [card_view(p) for p in self.published]
        # why select() left out each profile it could have published, should the rules across
        # files reject it after all (it is then one with errors, as in pipeline.py)
        held = {pr.id: why for pr in profiles if pr.ok and (why := consent_state(pr.data, self.today))}
        for pr in profiles:       # all the rules across files read
            login = pr.data.get("github")
            pr.data = {"github": login} if isinstance(login, str) else {}
        return profiles, selection, held

    def render(self, rejected: set[str], out: Path) -> list[str]:
        with no_gc():
            return render_profile_pages([p for p in self.published if p.id not in rejected], out,
                                        self.config, self.vocab, self.repo, self.today, self.stories)


def _serve(conn, part: _Slice) -> None:
    """A worker's side of the conversation: check, wait for the verdict, render, report."""
    try:
        conn.send(("checked", part.check()))
        order = conn.recv()
        if order is None:          # the build stops here (--strict, or it failed elsewhere)
            return
        rejected, out, cores = order
        settle(cores)
        conn.send(("rendered", part.render(rejected, out)))
    except BaseException:          # the parent re-raises it, with this traceback
        conn.send(("failed", traceback.format_exc()))
    finally:
        conn.close()


class ProfilePasses:
    """Use as a context manager: workers still running when it exits are stopped."""

    def __init__(self, paths: list[Path], config: Config, vocab: Vocabulary, today: dt.date, repo: Path, stories=None):
        n = worker_count(len(paths))
        # worker k takes every n-th file: MkDocs reads pages in file order, so all workers stay ahead of it
        self._parts = [_Slice(paths[k::n], config, vocab, today, repo, stories) for k in range(n)]
        self._conns: list = []
        self._procs: list = []
        self._pending_render: list[str] | None = None

    def __enter__(self):
        if len(self._parts) > 1:
            ctx = multiprocessing.get_context("fork")
            for part in self._parts:
                parent_end, child_end = ctx.Pipe()
                proc = ctx.Process(target=_serve, args=(child_end, part), daemon=True)
                proc.start()
                child_end.close()
                self._conns.append(parent_end)
                self._procs.append(proc)
        return self

    def __exit__(self, *exc):
        for conn in self._conns:
            try:
                conn.send(None)
            except OSError:
                pass
        for proc in self._procs:
            proc.join(timeout=0.5)
            if proc.is_alive():
                proc.kill()
                proc.join()
        return False

    def checked(self) -> tuple[list[Profile], Selection, dict]:
        """Every profile (in file order) with its problems, what select() published, as card views,
        and why it left out the others it could have published (id -> reason)."""
        parts = [receive(c, "checked") for c in self._conns] if self._conns else [p.check() for p in self._parts]
        n = len(parts)
        profiles: list = [None] * sum(len(ps) for ps, _, _ in parts)
        for k, (ps, _, _) in enumerate(parts):
            profiles[k::n] = ps
        selection, held = Selection(read=len(profiles)), {}
        for _, sel, why in parts:
            selection.published += sel.published
            selection.left_out.update(sel.left_out)
            held.update(why)
        selection.published.sort(key=lambda p: p.file)
        return profiles, selection, held

    def render(self, rejected: set[str], out: Path, cores: list[int]) -> None:
        """Start writing the pages of everyone published but the rejected into out/talent/.

        In workers this returns at once (they run on `cores`); in this process it returns when done.
        """
        if not self._conns:
            self._pending_render = [m for part in self._parts for m in part.render(rejected, out)]
            return
        for conn in self._conns:
            conn.send((rejected, out, cores))

    def rendered(self) -> list[str]:
        """Wait until every page is written; the messages rendering had for the log."""
        if not self._conns:
            return self._pending_render or []
        messages = [m for c in self._conns for m in receive(c, "rendered")]
        self._conns = []
        return messages
