"""Composite-score sensitivity: hand-computed values, invariants, bad input, frozen value."""

from __future__ import annotations

from math import comb

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers._validate import HelpersError
from helpers.composite import rank_range, weight_grid, weight_sensitivity
from helpers.hotline import hotline_rates
from helpers.simulate import load_dataset

RATES = ["response", "resolution", "satisfaction"]


def _rates(table: dict[str, list[float]], n: int = 200) -> pd.DataFrame:
    rows = [{"department": d, "rate": r, "estimate": v, "n": n}
            for d, vals in table.items() for r, v in zip(RATES, vals, strict=True)]
    return pd.DataFrame(rows)


def test_grid_size_and_sums():
    for step, k in [(0.1, 3), (0.25, 3), (0.5, 2), (0.2, 4)]:
        g = weight_grid([f"r{i}" for i in range(k)], step=step)
        m = round(1 / step)
        assert len(g) == comb(m + k - 1, k - 1)
        assert np.allclose(g.filter(like="w_").sum(axis=1), 1)
        assert (g.filter(like="w_") >= 0).all().all()
        assert not g.filter(like="w_").duplicated().any()


def test_hand_computed_score_and_ranks():
    # 甲: 0.9, 0.6, 0.7; 乙: 0.7, 0.8, 0.75. With w = (0.3, 0.35, 0.35) (准格尔旗 example):
    # 甲 = 0.27 + 0.21 + 0.245 = 0.725; 乙 = 0.21 + 0.28 + 0.2625 = 0.7525 -> 乙 first.
    r = _rates({"甲": [0.9, 0.6, 0.7], "乙": [0.7, 0.8, 0.75]})
    grid = pd.DataFrame({"w_response": [0.3, 1.0], "w_resolution": [0.35, 0.0],
                         "w_satisfaction": [0.35, 0.0]})
    s = weight_sensitivity(r, weights=grid).set_index(["setting", "department"])
    assert s.loc[(0, "甲"), "estimate"] == pytest.approx(0.725)
    assert s.loc[(0, "乙"), "estimate"] == pytest.approx(0.7525)
    assert s.loc[(0, "乙"), "rank"] == 1 and s.loc[(1, "甲"), "rank"] == 1
    # the interval: sqrt(sum w^2 p(1-p)/n), z = 1.959964
    se = np.sqrt(0.09 * 0.09 / 200 + 0.35 ** 2 * 0.24 / 200 + 0.35 ** 2 * 0.21 / 200)
    assert s.loc[(0, "甲"), "ci_low"] == pytest.approx(0.725 - 1.959964 * se, abs=1e-6)
    rr = rank_range(weight_sensitivity(r, weights=grid),
                    {"response": 0.3, "resolution": 0.35, "satisfaction": 0.35})
    assert rr["department"].tolist() == ["乙", "甲"]
    assert rr.set_index("department").loc["甲", "share_first"] == 0.5


rate = st.floats(0.05, 0.95, allow_nan=False)


@st.composite
def tables(draw):
    k = draw(st.integers(2, 5))
    return {f"d{i}": [draw(rate) for _ in RATES] for i in range(k)}


@settings(max_examples=40, deadline=None)
@given(tables(), st.floats(0.2, 1.0), st.floats(-0.04, 0.04))
def test_ranks_invariant_under_common_scaling_and_shift(table, factor, shift):
    base = weight_sensitivity(_rates(table), step=0.25)
    scaled = _rates({d: [v * factor for v in vals] for d, vals in table.items()})
    shifted = _rates({d: [vals[0] + shift, *vals[1:]] for d, vals in table.items()})
    for other in (weight_sensitivity(scaled, step=0.25), weight_sensitivity(shifted, step=0.25)):
        # ranks agree wherever the base scores are not (nearly) tied
        gap = base.groupby("setting")["estimate"].transform(
            lambda s: np.min(np.diff(np.sort(s.to_numpy()))) if len(s) > 1 else 1)
        ok = gap > 1e-9
        assert (base["rank"][ok].to_numpy() == other["rank"][ok].to_numpy()).all()


@settings(max_examples=40, deadline=None)
@given(tables())
def test_dominant_group_ranks_first_everywhere_and_ranges_are_ordered(table):
    table["best"] = [0.99, 0.99, 0.99]
    s = weight_sensitivity(_rates(table), step=0.25)
    assert (s.query("department == 'best'")["rank"] == 1).all()
    rr = rank_range(s, {"response": 0.25, "resolution": 0.25, "satisfaction": 0.5})
    assert (rr["rank_best"] <= rr["rank_chosen"]).all() and (rr["rank_chosen"] <= rr["rank_worst"]).all()
    assert rr.set_index("department").loc["best", "share_first"] == 1.0
    assert (s.groupby("setting")["estimate"].count() == len(table)).all()


def test_bad_input():
    r = _rates({"甲": [0.9, 0.6, 0.7], "乙": [0.7, 0.8, 0.75]})
    with pytest.raises(HelpersError, match="whole number"):
        weight_grid(step=0.3)
    with pytest.raises(HelpersError, match="step"):
        weight_grid(step=0)
    with pytest.raises(HelpersError, match="distinct"):
        weight_grid(["a", "a"])
    with pytest.raises(HelpersError, match="department"):
        weight_sensitivity(r.drop(columns="department"))
    with pytest.raises(HelpersError, match="all zero"):
        weight_sensitivity(r, weights=pd.DataFrame({"w_response": [0.0]}))
    with pytest.raises(HelpersError, match="must sum to 1"):
        weight_sensitivity(r, weights=pd.DataFrame({"w_response": [0.5]}))
    with pytest.raises(HelpersError, match="not on the"):
        rank_range(weight_sensitivity(r, step=0.5), {"response": 0.3, "resolution": 0.7})
    bad = r.copy()
    bad.loc[1, "estimate"] = 1.7
    with pytest.raises(HelpersError, match="estimate"):
        weight_sensitivity(bad, step=0.5)


def test_frozen_value_on_the_dataset():
    t = load_dataset("hotline_tickets")
    rates = hotline_rates(t, "received", "responded", "closed", "resolved", "satisfied",
                          "deadline_hours", by="department")
    rr = rank_range(weight_sensitivity(rates, step=0.05),
                    {"response": 0.3, "resolution": 0.35, "satisfaction": 0.35})
    assert len(rr) == t["department"].nunique()
    assert rr["settings"].eq(231).all()
    assert rr.loc[0, "estimate"] == pytest.approx(FROZEN_TOP, abs=1e-6)


FROZEN_TOP = 0.846649345
