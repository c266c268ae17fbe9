"""workers.py: how per-profile work is spread over processes."""

import os

import pytest

from build_scripts.fast import workers


def _square(x):
    return x * x


def _fail(x):
    raise ValueError(f"no {x}")


def _pid(_):
    return os.getpid()


def test_a_forked_job_returns_its_result():
    with workers.Forked(_square, 7) as job:
        assert job.result() == 49


def test_a_forked_job_that_fails_raises_with_its_traceback():
    with workers.Forked(_fail, "luck") as job:
        with pytest.raises(RuntimeError, match="(?s)a build process failed.*ValueError: no luck"):
            job.result()


def test_a_forked_job_runs_in_another_process():
    with workers.Forked(_pid, None) as job:
        assert job.result() == job.pid != os.getpid()


def test_few_items_stay_in_this_process(monkeypatch):
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    assert workers.worker_count(workers.MIN_ITEMS - 1) == 1
    assert workers.worker_count(workers.MIN_ITEMS) == 2
    assert workers.worker_count(5, min_items=1) == 2
    monkeypatch.setattr(os, "cpu_count", lambda: 1)
    assert workers.worker_count(10_000) == 1
