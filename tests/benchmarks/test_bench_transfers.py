"""Speed of helpers.transfers on 100,000 tickets (about 40,000 with transfers).

Skipped by default (pyproject adds ``--benchmark-skip``). Run with::

    .venv/bin/python -m pytest tests/benchmarks/test_bench_transfers.py --benchmark-only -q
"""

from __future__ import annotations

import pytest

from helpers.simulate.hotline import HOTLINE_DEFAULTS, _simulate
from helpers.transfers import (bounce_pairs, close_time_by_transfers, outcome_by_transfers,
                               transfer_edges)

N = 100_000


@pytest.fixture(scope="module")
def data():
    p = {**HOTLINE_DEFAULTS, "n": N}
    tickets, steps = _simulate(N, 7, p, text=False)
    return tickets, steps


def test_bench_bounce_pairs(benchmark, data):
    _, steps = data
    out = benchmark.pedantic(bounce_pairs, args=(steps,), kwargs={"min_transfers": 3},
                             rounds=3, iterations=1)
    assert len(out) >= 3
    assert benchmark.stats.stats.max < 30


def test_bench_transfer_edges(benchmark, data):
    _, steps = data
    out = benchmark.pedantic(transfer_edges, args=(steps,), rounds=3, iterations=1)
    assert out["n_transfers"].sum() == len(steps)


def test_bench_satisfaction_by_transfers(benchmark, data):
    tickets, _ = data
    out = benchmark.pedantic(outcome_by_transfers, args=(tickets, "transfers", "satisfied"),
                             rounds=5, iterations=1)
    assert out["estimate"].is_monotonic_decreasing


def test_bench_close_time_km(benchmark, data):
    tickets, _ = data
    out = benchmark.pedantic(close_time_by_transfers, args=(tickets,), rounds=3, iterations=1)
    assert out["n"].sum() == N
