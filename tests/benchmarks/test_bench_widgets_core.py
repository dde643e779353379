"""Speed of the helpers the widgets call on every change (target: p95 <= 100 ms each).

Skipped by default (pyproject adds ``--benchmark-skip``). Run with::

    .venv/bin/python -m pytest tests/benchmarks/test_bench_widgets_core.py --benchmark-only

Each test stores the 95th percentile of its rounds in ``benchmark.extra_info["p95_ms"]``
(shown with ``--benchmark-json``) and prints it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from helpers.confirmation import predict_satisfaction
from helpers.labels import RATING_GRADES
from helpers.queueing import erlang_c, required_agents
from helpers.ratings import fair_ranking
from helpers.sampling import sample_size

from conftest import WIDGET_TARGET_S



def test_predict_satisfaction_grid_13x13(benchmark, p95):
    grid = np.linspace(1, 7, 13)
    out = benchmark(predict_satisfaction, grid, grid, grid=True)
    assert len(out) == 169
    assert p95(benchmark) <= WIDGET_TARGET_S


def test_predict_satisfaction_scalar(benchmark, p95):
    out = benchmark(predict_satisfaction, 4.0, 5.5)
    assert len(out) == 1
    assert p95(benchmark) <= WIDGET_TARGET_S


def test_erlang_c_up_to_200_agents(benchmark, p95):
    agents = list(range(1, 201))
    out = benchmark(erlang_c, 150 / 30, 3, agents, 0.33)
    assert len(out) == 200
    assert p95(benchmark) <= WIDGET_TARGET_S


def test_required_agents(benchmark, p95):
    out = benchmark(required_agents, 100 / 30, 3, 0.33, service_level=0.8,
                    max_occupancy=0.85, shrinkage=0.3)
    assert out["agents"].iloc[0] == 14
    assert p95(benchmark) <= WIDGET_TARGET_S


def test_sample_size(benchmark, p95):
    out = benchmark(sample_size, 0.05, population=10_000)
    assert out["n"].iloc[0] == 370
    assert p95(benchmark) <= WIDGET_TARGET_S


@pytest.fixture(scope="module")
def ratings_50k() -> pd.DataFrame:
    rng = np.random.default_rng(0)
    n = 50_000
    windows = np.array([f"窗口{i:03d}" for i in range(200)])
    return pd.DataFrame({
        "window": windows[rng.integers(0, 200, n)],
        "grade": rng.choice(RATING_GRADES, size=n, p=[0.55, 0.3, 0.08, 0.04, 0.03]),
    })


def test_fair_ranking_200_windows_50k(benchmark, ratings_50k, p95):
    out = benchmark(fair_ranking, ratings_50k, grade="grade", unit="window")
    assert len(out) == 200
    assert p95(benchmark) <= WIDGET_TARGET_S
