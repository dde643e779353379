"""Speed of the event study over a long daily series, and of the rumour widget's computation.

Skipped by default (pyproject adds ``--benchmark-skip``). Run with::

    .venv/bin/python -m pytest tests/benchmarks/test_bench_event_study.py --benchmark-only

The event study costs one GLM fit per event, so its time grows with the number of events, not
with the length of the series: 100,000 daily rows with 500 events (one every 200 days).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from helpers import event_study as es
from helpers.rumour import rumour_curve
from helpers.widgets.epidemic import rumour_release_widget

from conftest import WIDGET_TARGET_S


@pytest.fixture(scope="module")
def long_series():
    n, k = 100_000, 500
    rng = np.random.default_rng(1)
    days = pd.date_range("1800-01-01", periods=n)
    calls = rng.poisson(1000 * np.where(days.day_of_week >= 5, 0.8, 1.0))
    pos = np.arange(100, n - 10, (n - 110) // k)[:k]
    calls[pos] += 400
    data = pd.DataFrame({"date": days, "calls": calls, "anxious": rng.binomial(calls, 0.2)})
    events = pd.DataFrame({"event": np.arange(k), "event_time": days[pos]})
    return data, events


def test_abnormal_counts_100k_rows_500_events(benchmark, long_series):
    data, events = long_series
    res = benchmark.pedantic(es.abnormal_counts, args=(data, events),
                             kwargs={"count": "calls", "window": (-3, 4)}, rounds=3)
    assert res["event"].nunique() == 500
    avg = es.average_abnormal(res).set_index("event_day")
    assert avg.loc[0, "ci_low"] > 300


def test_abnormal_shares_100k_rows_500_events(benchmark, long_series):
    data, events = long_series
    res = benchmark.pedantic(es.abnormal_shares, args=(data, events),
                             kwargs={"count": "anxious", "total": "calls", "window": (-3, 4)},
                             rounds=3)
    assert len(res) == 500 * 8


def test_rumour_curve_one_week(benchmark, p95):
    out = benchmark(rumour_curve, release_delay=12, regular=False, hours=120)
    assert len(out) == 121
    assert p95(benchmark) <= WIDGET_TARGET_S


def test_rumour_widget_compute(benchmark, p95):
    w = rumour_release_widget(simulated=True)
    out = benchmark(w.evaluate, release_delay=24, regularity="irregular")
    assert len(out) == 41
    assert p95(benchmark) <= WIDGET_TARGET_S
