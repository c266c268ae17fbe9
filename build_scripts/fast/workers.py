"""Spread per-profile work over the machine's cores. Below a few hundred items one process is faster."""

from __future__ import annotations

import contextlib
import functools
import gc
import multiprocessing
import os
import traceback
from concurrent.futures import ProcessPoolExecutor

MIN_ITEMS = 400


_SHARED: dict = {}


@contextlib.contextmanager
def no_gc():
    """Per-profile work makes many short-lived objects and no lasting reference cycles: the cyclic
    garbage collector only slows it (loading ~25%, a whole build worker ~15%; memory is the same)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _run_slice(func, key, start: int, stop: int):
    return func(_SHARED[key][start:stop])


def worker_count(items: int, min_items: int | None = None) -> int:
    """How many processes `items` pieces of per-profile work are worth: 1 below MIN_ITEMS or on one core."""
    n = min(os.cpu_count() or 1, 8)
    if n < 2 or items < (MIN_ITEMS if min_items is None else min_items) or multiprocessing.current_process().daemon:
        return 1
    return n


def cores() -> list[int]:
    """The cores this process may run on ([] where the system does not say)."""
    try:
        return sorted(os.sched_getaffinity(0))
    except AttributeError:     # not Linux
        return []


def settle(on: list[int], nice: int = 0, pid: int = 0) -> None:
    """Keep a process to some cores (and lower its priority by `nice`); pid 0 is this process."""
    if nice:
        os.nice(nice)
    if on:
        try:
            os.sched_setaffinity(pid, on)
        except ProcessLookupError:      # it has finished already
            pass


def map_chunks(func, items: list, min_items: int = MIN_ITEMS) -> list:
    """func(chunk) for each chunk, in parallel where it pays; results in order, as one list per chunk.

    Workers are forked after the items are put aside, so they inherit them: only slice bounds
    travel to a worker, never the items themselves. Results travel back pickled.
    """
    n = worker_count(len(items), min_items)
    if n == 1:
        return [func(items)]
    key = id(items)
    _SHARED[key] = items
    try:
        size = -(-len(items) // n)
        bounds = [(i, min(i + size, len(items))) for i in range(0, len(items), size)]
        with ProcessPoolExecutor(n, mp_context=multiprocessing.get_context("fork")) as pool:
            return list(pool.map(functools.partial(_run_slice, func, key), *zip(*bounds)))
    finally:
        del _SHARED[key]


class WorkerFailed(RuntimeError):
    """A build process raised (its traceback is in the message) or died."""


def receive(conn, expected: str):
    """The next (kind, value) a build process sent: its value, or WorkerFailed when it failed or died."""
    try:
        kind, value = conn.recv()
    except EOFError:
        raise WorkerFailed("a build process stopped without a word (killed, or out of memory?)") from None
    if kind == "failed":
        raise WorkerFailed(f"a build process failed:\n{value}")
    assert kind == expected, kind
    return value


def _call(conn, func, args, nice):
    try:
        settle([], nice=nice)
        conn.send(("done", func(*args)))
    except BaseException:
        conn.send(("failed", traceback.format_exc()))
    finally:
        conn.close()


class Forked:
    """func(*args) in a forked process, meanwhile; .result() waits. A context manager: exiting stops it.

    Its pid is known, so the caller can move it to other cores later (settle(..., pid=job.pid)).
    """

    def __init__(self, func, *args, nice: int = 0):
        ctx = multiprocessing.get_context("fork")
        self._conn, child_end = ctx.Pipe(duplex=False)
        self._proc = ctx.Process(target=_call, args=(child_end, func, args, nice), daemon=True)
        self._proc.start()
        child_end.close()
        self.pid = self._proc.pid

    def result(self):
        return receive(self._conn, "done")

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._proc.join(timeout=0.5 if exc[0] is None else 0)
        if self._proc.is_alive():
            self._proc.kill()
            self._proc.join()
        self._conn.close()
        return False
