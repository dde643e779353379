"""Chapter 6 widgets: the static grid equals the live computation, and the numbers are the helpers'."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from helpers.asymmetry import surprise_mixture
from helpers.moderation import simple_slopes
from helpers.queueing import promise_time, window_staffing
from helpers.simulate import load_dataset
from helpers.widgets.challenges import informed_share_widget, queue_widget, trust_slope_widget


@pytest.fixture(scope="module")
def survey():
    return load_dataset("citizen_expectations")


@pytest.fixture(scope="module")
def widgets(survey):
    return {"informed": informed_share_widget(survey, simulated=True),
            "queue": queue_widget(simulated=True),
            "trust": trust_slope_widget(survey, simulated=True)}


def _points(widget, k, seed=0):
    rng = np.random.default_rng(seed)
    for _ in range(k):
        yield {p.name: float(rng.choice(p.values)) for p in widget.params}


def _in_grid(widget, values):
    grid = widget.grid()
    mask = np.ones(len(grid), dtype=bool)
    for p in widget.params:
        mask &= np.isclose(grid[p.column], values[p.name])
    return grid[mask].reset_index(drop=True)


@pytest.mark.parametrize("key", ["informed", "queue", "trust"])
def test_grid_equals_live_computation(widgets, key):
    w = widgets[key]
    for values in _points(w, 8, seed=len(key)):
        pd.testing.assert_frame_equal(_in_grid(w, values), w.evaluate(**values))


@pytest.mark.parametrize("key", ["informed", "queue", "trust"])
def test_static_view_is_small_and_says_simulated(widgets, key):
    html = widgets[key].static_html()
    assert len(html.encode()) < 300_000
    assert "模拟数据" in json.dumps(widgets[key].static_spec(), ensure_ascii=False)


def test_informed_share_values_are_the_helpers(widgets, survey):
    out = widgets["informed"].evaluate(informed_share=0.7, tolerance=3)
    ref = surprise_mixture(survey, "expected_days", "actual_days", "knows_limit", informed=1,
                           shares=[0.7], tolerance=3).iloc[0]
    row = out[out["selected"]].iloc[0]
    assert row["estimate"] == pytest.approx(ref["estimate"], abs=1e-3)
    assert row["ci_high"] == pytest.approx(ref["ci_high"], abs=1e-3)
    assert out["selected"].sum() == 1 and len(out) == 11
    assert out["estimate"].is_monotonic_decreasing      # informed citizens are surprised less


def test_queue_values_are_the_helpers(widgets):
    row = widgets["queue"].evaluate(arrivals=75, handle=9, windows=14, promise=20).iloc[0]
    t = window_staffing(75, 9, 20, [14]).iloc[0]
    p = promise_time(75 / 60, 9, 14, exceed=0.1).iloc[0]
    assert row["p_wait"] == pytest.approx(t["p_wait"], abs=1e-4)
    assert row["mean_wait"] == pytest.approx(t["mean_wait"], abs=1e-4)
    assert row["safe_promise"] == pytest.approx(p["promise"], abs=1e-4)
    unstable = widgets["queue"].evaluate(arrivals=90, handle=15, windows=10, promise=10).iloc[0]
    assert not unstable["stable"] and unstable["mean_wait"] == -1
    assert len(widgets["queue"].grid()) == 5 * 4 * 11 * 3


def test_trust_values_are_the_helpers(widgets, survey):
    row = widgets["trust"].evaluate(trust=2.5).iloc[0]
    ref = simple_slopes(survey, "satisfaction", "gap_days", "trust", at=[2.5]).iloc[0]
    assert row["estimate"] == pytest.approx(ref["estimate"], abs=1e-4)
    assert row["ci_low"] == pytest.approx(ref["ci_low"], abs=1e-4)
    low, high = (widgets["trust"].evaluate(trust=t)["estimate"].item() for t in (2, 6))
    assert low < high
