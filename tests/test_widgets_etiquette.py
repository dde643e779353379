"""专题一 widget: the static grid equals the live computation, and both equal
helpers.agreement.checklist_scores."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from helpers.agreement import checklist_scores, item_agreement
from helpers.simulate import load_dataset
from helpers.widgets.etiquette import agreement_threshold_widget


@pytest.fixture(scope="module")
def data():
    return load_dataset("mystery_shopper")


@pytest.fixture(scope="module")
def agreement(data):
    return item_agreement(data[data["multi_scored"] == 1], item="item", subject="visit_id",
                          rater="rater", rating="score", n_boot=200)


@pytest.fixture(scope="module")
def w(data, agreement):
    return agreement_threshold_widget(data, agreement, simulated=True)


def test_grid_equals_live_computation(w):
    grid = w.grid()
    assert len(grid) == 10 * 40
    for th in w.params[0].values:
        sel = grid[np.isclose(grid["param_threshold"], th)].reset_index(drop=True)
        pd.testing.assert_frame_equal(sel, w.evaluate(threshold=float(th)))


@pytest.mark.parametrize("th", [0.0, 0.5, 0.6, 0.8])
def test_values_match_the_helper(w, data, agreement, th):
    keep = agreement.loc[agreement["estimate"] >= th - 1e-9, "item"].tolist()
    ref = checklist_scores(data, by="window", item="item", rating="score", max_score=2, items=keep)
    got = w.evaluate(threshold=th)
    assert np.allclose(got["score_kept"], ref["score"].round(2))
    assert got["rank_kept"].tolist() == ref["rank"].astype(float).tolist()
    assert (got["n_items"] == len(keep)).all()


def test_threshold_zero_keeps_everything_and_moves_nothing(w):
    got = w.evaluate(threshold=0.0)
    assert (got["n_items"] == 10).all() and (got["moved"] == 0).all()


def test_static_view_is_marked_simulated_and_small(w):
    assert "模拟数据" in str(w.static_spec().get("title"))
    assert len(w.static_html()) < 400_000
