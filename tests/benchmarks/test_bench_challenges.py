"""Speed of the chapter 6 measures over 100k rows, and of the widgets' compute functions.

Skipped by default (pyproject adds ``--benchmark-skip``). Run with::

    .venv/bin/python -m pytest tests/benchmarks/test_bench_challenges.py --benchmark-only
"""

from __future__ import annotations

import pytest

from helpers.asymmetry import brown_forsythe, spread_difference, surprise_mixture, unrealistic_difference
from helpers.moderation import moderated_regression, simple_slopes
from helpers.queueing import promise_time, window_staffing
from helpers.simulate import citizen_expectations, load_dataset
from helpers.widgets.challenges import informed_share_widget, queue_widget, trust_slope_widget

from conftest import WIDGET_TARGET_S


@pytest.fixture(scope="module")
def big():
    return citizen_expectations(n=100_000, seed=5)


def test_spread_difference_100k_200_resamples(benchmark, big):
    out = benchmark.pedantic(spread_difference, args=(big, "expected_days", "knows_limit"),
                             kwargs={"relative_to": "published_days", "n_boot": 200, "seed": 1},
                             rounds=3, iterations=1)
    assert len(out) == 2


def test_brown_forsythe_100k(benchmark, big):
    out = benchmark(brown_forsythe, big, "expected_days", "knows_limit", relative_to="published_days")
    assert out.loc[0, "n"] == 100_000


def test_unrealistic_difference_100k(benchmark, big):
    out = benchmark(unrealistic_difference, big, "expected_days", "published_days", "knows_limit")
    assert len(out) == 1


def test_surprise_mixture_100k(benchmark, big):
    out = benchmark(surprise_mixture, big, "expected_days", "actual_days", "knows_limit",
                    informed=1, shares=[0, 0.5, 1])
    assert len(out) == 3


def test_moderated_regression_100k(benchmark, big):
    out = benchmark(moderated_regression, big, "satisfaction", "gap_days", "trust")
    assert len(out) == 4


def test_simple_slopes_100k(benchmark, big):
    out = benchmark(simple_slopes, big, "satisfaction", "gap_days", "trust")
    assert len(out) == 3


def test_window_staffing_table(benchmark):
    out = benchmark(window_staffing, 60, 12, 20, list(range(10, 31)), cost_per_window_hour=80)
    assert len(out) == 21


def test_promise_time(benchmark):
    out = benchmark(promise_time, 1.0, 12, list(range(13, 31)))
    assert len(out) == 18


@pytest.fixture(scope="module")
def survey():
    return load_dataset("citizen_expectations")


def test_informed_share_widget_compute(benchmark, survey, p95):
    w = informed_share_widget(survey, simulated=True)
    benchmark(w.evaluate, informed_share=0.3, tolerance=4)
    assert p95(benchmark) <= WIDGET_TARGET_S


def test_queue_widget_compute(benchmark, p95):
    w = queue_widget(simulated=True)
    benchmark(w.evaluate, arrivals=75, handle=9, windows=16, promise=20)
    assert p95(benchmark) <= WIDGET_TARGET_S


def test_trust_slope_widget_compute(benchmark, survey, p95):
    w = trust_slope_widget(survey, simulated=True)
    benchmark(w.evaluate, trust=3.5)
    assert p95(benchmark) <= WIDGET_TARGET_S
