"""Chapter 5 widgets: the static grid equals the live computation, and the numbers are the helpers'."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from helpers.shrinkage import rank_reshuffle
from helpers.simulate import load_dataset
from helpers.spc import p_chart
from helpers.widgets.improvement import control_chart_widget, league_reshuffle_widget


@pytest.fixture(scope="module")
def window():
    d = load_dataset("window_monthly")
    return d[d["window"] == "W02"].reset_index(drop=True)


@pytest.fixture(scope="module")
def cw(window):
    return control_chart_widget(window, simulated=True)


@pytest.fixture(scope="module")
def lw():
    return league_reshuffle_widget(simulated=True, n_sim=200)


def _in_grid(widget, values):
    grid = widget.grid()
    mask = np.ones(len(grid), dtype=bool)
    for p in widget.params:
        col = grid[p.column]
        v = values[p.name]
        mask &= (col == v).to_numpy() if isinstance(v, str) else np.isclose(col, float(v))
    return grid[mask].reset_index(drop=True)


def test_control_chart_grid_equals_live(cw):
    rng = np.random.default_rng(0)
    assert set(cw.grid()["param_rule"]) == {"shewhart", "laney"}
    for _ in range(8):
        values = {"months": float(rng.choice(cw.params[0].values)),
                  "rule": str(rng.choice(["shewhart", "laney"]))}
        pd.testing.assert_frame_equal(_in_grid(cw, values), cw.evaluate(**values))


def test_control_chart_is_the_helper(cw, window):
    out = cw.evaluate(months=15, rule="laney")
    ref = p_chart(window.iloc[:15], "n_bad", "n_ratings", time="month", method="laney")
    assert len(out) == 15
    np.testing.assert_allclose(out["ucl"], ref["ucl"].round(5))
    assert out["signal"].tolist() == ref["signal"].tolist()
    # the special-cause month is a signal under both rules; Laney flags fewer months
    full_p = cw.evaluate(months=24, rule="shewhart")
    full_l = cw.evaluate(months=24, rule="laney")
    assert full_l.set_index("time").loc["2024-08", "signal"]
    assert full_l["signal"].sum() < full_p["signal"].sum()


def test_league_grid_equals_live_and_matches_helper(lw):
    for n in ("10", "300", "3000"):
        pd.testing.assert_frame_equal(_in_grid(lw, {"n_per_window": n}), lw.evaluate(n_per_window=n))
    s = lw.evaluate(n_per_window="100").query("kind == 'summary'").set_index("measure")
    ref = rank_reshuffle([100] * 20, 8.0, 92.0, top=5, n_sim=200, seed=2031).set_index("measure")
    assert s.loc["spearman_draws", "estimate"] == pytest.approx(ref.loc["spearman_draws", "estimate"], abs=1e-3)
    rho = [lw.evaluate(n_per_window=v).query("kind == 'summary'").set_index("measure").loc[
        "spearman_draws", "estimate"] for v in ("10", "100", "3000")]
    assert rho == sorted(rho)
    wins = lw.evaluate(n_per_window="30").query("kind == 'window'")
    assert sorted(wins["rank_a"]) == list(range(1, 21)) and wins["top_a"].sum() == 5


def test_views_are_small_and_in_chinese(cw, lw):
    for w, words in ((cw, ("差评比例", "上控制限")), (lw, ("第 1 个月", "名次"))):
        spec = json.dumps(w.static_spec(), ensure_ascii=False)
        assert all(word in spec for word in words) and "模拟数据" in spec
        assert len(w.static_html().encode()) < 300_000
