"""专题二 widget: the static grid equals the live computation, and both equal helpers.composite."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from helpers.composite import weight_sensitivity
from helpers.hotline import hotline_rates
from helpers.simulate import load_dataset
from helpers.widgets.complaints import composite_weights_widget


@pytest.fixture(scope="module")
def rates():
    t = load_dataset("hotline_tickets")
    return hotline_rates(t, "received", "responded", "closed", "resolved", "satisfied",
                         "deadline_hours", by="department")


@pytest.fixture(scope="module")
def w(rates):
    return composite_weights_widget(rates, simulated=True)


def _in_grid(widget, values):
    grid = widget.grid()
    mask = np.ones(len(grid), dtype=bool)
    for p in widget.params:
        mask &= np.isclose(grid[p.column], float(values[p.name]))
    return grid[mask].reset_index(drop=True)


def test_grid_equals_live_computation(w):
    assert len(w.grid()) == 125 * 10
    rng = np.random.default_rng(0)
    for _ in range(12):
        values = {p.name: float(rng.choice(p.values)) for p in w.params}
        pd.testing.assert_frame_equal(_in_grid(w, values), w.evaluate(**values))


@pytest.mark.parametrize("v", [(1, 1, 1), (4, 0, 0), (0, 1, 3), (0, 0, 0), (2, 3, 4)])
def test_values_match_the_helper(w, rates, v):
    vec = np.array(v, float) if sum(v) else np.ones(3)
    weights = pd.DataFrame([vec / vec.sum()], columns=["w_response", "w_resolution",
                                                        "w_satisfaction"])
    ref = weight_sensitivity(rates[rates["rate"] != "on_time"], weights=weights)
    got = w.evaluate(w_response=v[0], w_resolution=v[1], w_satisfaction=v[2])
    assert got["department"].tolist() == ref["department"].astype(str).tolist()
    assert np.allclose(got["score"], (ref["estimate"] * 100).round(2))
    assert got["rank"].tolist() == ref["rank"].tolist()


def test_scaling_the_weights_does_not_change_the_ranking(w):
    a = w.evaluate(w_response=1, w_resolution=2, w_satisfaction=1)
    b = w.evaluate(w_response=2, w_resolution=4, w_satisfaction=2)
    pd.testing.assert_frame_equal(a.filter(regex="^(?!param_)"), b.filter(regex="^(?!param_)"))


def test_static_view_is_marked_simulated_and_small(w):
    spec = w.static_spec()
    assert "模拟数据" in str(spec.get("title"))
    assert len(w.static_html()) < 400_000


@pytest.fixture(scope="module")
def cw():
    from helpers.widgets.complaints import closing_time_widget
    return closing_time_widget(load_dataset("hotline_tickets"), simulated=True)


def test_closing_grid_equals_live_computation(cw):
    assert len(cw.grid()) == 2 * 8 * 9                 # 2 kinds × 8 thresholds × (8 curve + 1)
    for th in (0.25, 1.0, 1.75):
        for kind in ("all", "complaint"):
            grid = cw.grid()
            sel = grid[np.isclose(grid["param_threshold"], th) & (grid["param_kind"] == kind)]
            pd.testing.assert_frame_equal(sel.reset_index(drop=True),
                                          cw.evaluate(threshold=th, kind=kind))


def test_closing_values_match_compare(cw):
    from helpers.compare import proportion_difference
    from helpers.transfers import time_to_close
    t = load_dataset("hotline_tickets")
    t = t[t["category"] == "投诉"]
    u = time_to_close(t)["hours"] / t["deadline_hours"]
    d = t.assign(fast=(u <= 0.75).astype(int))[u.notna() & t["satisfied"].notna()]
    ref = proportion_difference(d, "satisfied", "fast", levels=[1, 0]).iloc[0]
    row = cw.evaluate(threshold=0.75, kind="complaint").query("kind == 'current'").iloc[0]
    assert row["estimate"] == pytest.approx(ref["estimate"], abs=1e-4)
    assert row["ci_low"] == pytest.approx(ref["ci_low"], abs=1e-4)
    assert row["n_within"] == int(d["fast"].sum())
