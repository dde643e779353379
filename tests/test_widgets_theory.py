"""Chapter 3 widgets: the static grid equals the live computation, and each widget shows what the
chapter says it shows."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from helpers import HelpersError
from helpers.confirmation import fit_edt, predict_satisfaction
from helpers.equity import compare_equity, equity_ratios
from helpers.labels import DIMENSIONS, item_columns
from helpers.reliability import dimension_reliability
from helpers.scales import scale_scores
from helpers.servqual import item_gaps
from helpers.simulate import load_dataset
from helpers.widgets.theory import (
    EQUITY_WEIGHTINGS,
    edt_plane_widget,
    equity_widget,
    servqual_items_widget,
)


@pytest.fixture(scope="module")
def survey() -> pd.DataFrame:
    return load_dataset("servqual_survey")


@pytest.fixture(scope="module")
def model(survey) -> pd.DataFrame:
    scores = scale_scores(survey, {"expectation": item_columns("E"), "perception": item_columns("P")},
                          id="respondent_id", keep=["satisfaction"])
    return fit_edt(scores, "satisfaction", "expectation", "perception")


def _sampled_points_match(widget, n=10, seed=0):
    grid = widget.grid()
    rng = np.random.default_rng(seed)
    for _ in range(n):
        values = {p.name: rng.choice(list(p.values)) for p in widget.params}
        mask = np.ones(len(grid), dtype=bool)
        for p in widget.params:
            v = values[p.name]
            mask &= (grid[p.column] == (str(v) if isinstance(v, str) else float(v))).to_numpy()
        live = widget.evaluate(**values)
        pd.testing.assert_frame_equal(grid[mask].reset_index(drop=True), live)


# ------------------------------------------------------------------ SERVQUAL items and alpha
def test_servqual_grid_equals_live(survey):
    w = servqual_items_widget(survey, simulated=True)
    # per wave: all dimensions (22 items + 2 x 5 alphas) + each dimension (its items + 2 alphas)
    assert len(w.grid()) == 2 * ((22 + 10) + (22 + 2 * 5))
    _sampled_points_match(w)


def test_servqual_widget_shows_item_gaps_and_alpha_of_the_helpers(survey):
    w = servqual_items_widget(survey, simulated=True)
    out = w.evaluate(dimension="reliability", wave="2")
    items = out[out.kind == "item"]
    ref = item_gaps(survey[survey.wave == 2]).query("dimension == 'reliability'")
    assert items["item"].tolist() == ref["item"].tolist() == [5, 6, 7, 8, 9]
    np.testing.assert_allclose(items["estimate"], ref["gap"], atol=5e-4)
    np.testing.assert_allclose(items["ci_low"], ref["ci_low"], atol=5e-4)
    alpha = out[out.kind == "alpha"].set_index("series")
    rel = dimension_reliability(survey[survey.wave == 2], "P").set_index("dimension")
    assert alpha.loc["感知 P", "estimate"] == pytest.approx(rel.loc["reliability", "alpha"], abs=5e-4)
    assert set(alpha.index) == {"感知 P", "期望 E"}
    assert (out["ci_low"] <= out["estimate"]).all() and (out["estimate"] <= out["ci_high"]).all()


def test_servqual_all_dimensions_shows_22_items_and_5_alphas_per_scale(survey):
    out = servqual_items_widget(survey, simulated=True).evaluate(dimension="all", wave="1")
    assert (out.kind == "item").sum() == 22
    assert (out.kind == "alpha").sum() == 10
    assert set(out.dimension) == set(DIMENSIONS)


def test_servqual_widget_options_and_bad_input(survey):
    w = servqual_items_widget(survey, simulated=True)
    dim, wave = w.params
    assert dim.values[0] == "all" and wave.values == ("1", "2")
    with pytest.raises(HelpersError):
        servqual_items_widget(survey.drop(columns="wave"), simulated=True)


# ------------------------------------------------------------------ E x P plane
def test_edt_grid_equals_live_and_predictions(model):
    w = edt_plane_widget(model, simulated=True)
    assert len(w.grid()) == 13 * 13 * 2
    _sampled_points_match(w, n=12)
    out = w.evaluate(expectation=6.5, perception=4.0)
    direct = predict_satisfaction([6.5, 4.0], [4.0, 4.0], model)
    np.testing.assert_allclose(out["predicted_satisfaction"], direct["predicted_satisfaction"],
                               atol=1e-4)
    assert out["kind"].tolist() == ["current", "matched"]
    assert out.loc[1, "gap"] == 0


def test_edt_chart_shows_surface_and_coefficients(model):
    spec = edt_plane_widget(model, simulated=True).static_spec()
    text = json.dumps(spec, ensure_ascii=False)
    coef = model.query("model == 'E_D'").set_index("term")
    assert f"{coef.loc['disconfirmation', 'estimate']:.2f}" in text
    assert f"{coef.loc['disconfirmation', 'ci_low']:.2f}" in text
    surfaces = [v for v in spec["datasets"].values() if len(v) == 25 * 25]
    assert len(surfaces) == 1
    s = pd.DataFrame(surfaces[0])
    ref = predict_satisfaction(s.expectation, s.perception, model)
    np.testing.assert_allclose(s.predicted_satisfaction, ref.predicted_satisfaction, atol=1e-3)


def test_edt_widget_static_html_size(model):
    assert len(edt_plane_widget(model, simulated=True).static_html()) < 300_000


# ------------------------------------------------------------------ equity
def test_equity_grid_equals_live_and_is_small():
    w = equity_widget(simulated=True)
    assert len(w.grid()) == 5 * 5 * 6 * 2 * 2
    _sampled_points_match(w, n=15)
    assert len(w.static_html()) < 300_000


@pytest.mark.parametrize("weighting", list(EQUITY_WEIGHTINGS))
def test_equity_verdict_matches_helpers(weighting):
    w = equity_widget(simulated=True)
    out = w.evaluate(trips=2, wait_hours=3, documents=5, weighting=weighting)
    weights = EQUITY_WEIGHTINGS[weighting][1]
    people = pd.DataFrame({"person": ["你", "对方"], "o": [1, 1], "trips": [2, 1],
                           "wait_hours": [3, 1], "documents": [5, 2]})
    ratios = equity_ratios(people, "o", ["trips", "wait_hours", "documents"], weights=weights,
                           person="person")
    ref = compare_equity("你", "对方", ratios=ratios).iloc[0]
    assert out["ratio"].tolist() == pytest.approx(ratios["ratio"].tolist(), abs=1e-4)
    assert out.loc[0, "label_zh"] == ref["label_zh"]
    assert out.loc[0, ["跑腿次数", "等候时间", "提交材料"]].sum() == pytest.approx(
        out.loc[0, "input_total"])


def test_equity_same_inputs_is_fair_and_fewer_inputs_over_rewarded():
    w = equity_widget(simulated=True)
    same = w.evaluate(trips=1, wait_hours=1, documents=2, weighting="hours")
    assert same.loc[0, "label"] == "equitable" and same.loc[0, "times"] == 1
    less = w.evaluate(trips=1, wait_hours=0, documents=1, weighting="equal")
    assert less.loc[0, "label"] == "over-rewarded"
    more = w.evaluate(trips=5, wait_hours=4, documents=6, weighting="hours")
    assert more.loc[0, "label_zh"] == "回报不足（吃亏）"


def test_equity_bad_other_rejected():
    with pytest.raises(HelpersError, match="unknown"):
        equity_widget({"taxes": 3}, simulated=True)
