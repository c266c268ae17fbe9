"""Spread per-profile work over the machine's cores. Below a few hundred items one process is faster."""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor

MIN_ITEMS = 400


def chunks(items: list, n: int) -> list[list]:
    """n contiguous slices, so results come back in input order."""
    size = -(-len(items) // n)
    return [items[i:i + size] for i in range(0, len(items), size)]


def map_chunks(func, items: list, min_items: int = MIN_ITEMS) -> list:
    """func(chunk) for each chunk, in parallel where it pays; results in order, as one list per chunk."""
    n = min(os.cpu_count() or 1, 8)
    if n < 2 or len(items) < min_items or multiprocessing.current_process().daemon:
        return [func(items)]
    with ProcessPoolExecutor(n, mp_context=multiprocessing.get_context("fork")) as pool:
        return list(pool.map(func, chunks(items, n)))
