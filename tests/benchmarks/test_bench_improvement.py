"""Speed of the chapter 5 (case 1) measures at 100k rows, and of the widgets' compute functions.

Skipped by default (pyproject adds ``--benchmark-skip``). Run with::

    .venv/bin/python -m pytest tests/benchmarks/test_bench_improvement.py --benchmark-only
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from helpers.its import before_after, segmented_regression
from helpers.shrinkage import beta_binomial_prior, rank_reshuffle, shrunk_rates
from helpers.simulate import load_dataset
from helpers.spc import p_chart
from helpers.widgets.improvement import control_chart_widget, league_reshuffle_widget

from conftest import WIDGET_TARGET_S

N = 100_000


@pytest.fixture(scope="module")
def units() -> pd.DataFrame:
    rng = np.random.default_rng(0)
    n = rng.integers(5, 3000, N)
    return pd.DataFrame({"unit": np.arange(N), "x": rng.binomial(n, rng.beta(8, 92, N)), "n": n})


def test_p_chart_laney_100k_periods(benchmark, units):
    out = benchmark(p_chart, units, "x", "n", method="laney")
    assert len(out) == N


def test_beta_binomial_prior_100k_units(benchmark, units):
    out = benchmark(beta_binomial_prior, units, "x", "n")
    assert out.loc[0, "prior_mean"] == pytest.approx(0.08, abs=0.005)


def test_shrunk_rates_100k_units(benchmark, units):
    prior = beta_binomial_prior(units, "x", "n")
    out = benchmark(shrunk_rates, units, "unit", "x", "n", prior=prior)
    assert len(out) == N


def test_before_after_100k_rows(benchmark):
    # 100k rows of counts (e.g. window-days) with about 1 million ratings, expanded per rating
    rng = np.random.default_rng(1)
    n = rng.integers(1, 20, N)
    data = pd.DataFrame({"x": rng.binomial(n, 0.08), "n": n,
                         "period": np.where(np.arange(N) % 2 == 0, "before", "after")})
    out = benchmark(before_after, data, "x", "n", "period", before="before", after="after")
    assert out.loc[0, "n_a"] + out.loc[0, "n_b"] == data["n"].sum()


def test_segmented_regression_monthly(benchmark):
    d = load_dataset("window_monthly")
    g = d.groupby("t", as_index=False)[["n_bad", "n_ratings"]].sum()
    out = benchmark(segmented_regression, g, "t", count="n_bad", n="n_ratings", intervention=13,
                    season_period=12)
    assert len(out) == 4


def test_rank_reshuffle_widget_point(benchmark, p95):
    w = league_reshuffle_widget(simulated=True)
    benchmark(w.compute, n_per_window="3000")
    assert p95(benchmark) <= WIDGET_TARGET_S * 3


def test_control_chart_widget_point(benchmark, p95):
    d = load_dataset("window_monthly")
    w = control_chart_widget(d[d["window"] == "W02"], simulated=True)
    benchmark(w.compute, months=24, rule="laney")
    assert p95(benchmark) <= WIDGET_TARGET_S


def test_rank_reshuffle_1000_sims(benchmark):
    out = benchmark(rank_reshuffle, [100] * 20, 8, 92, n_sim=1000, seed=1)
    assert len(out) == 5
