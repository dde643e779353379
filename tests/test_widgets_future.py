"""Chapter 7 widgets: the static grid equals the live computation, and the values are the helpers'."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from helpers.segments import expectation_profiles, kmeans_segments, segment_profiles
from helpers.simulate import load_dataset
from helpers.text import example_predictions, explain_prediction, train_classifier
from helpers.transfers import bounce_pairs
from helpers.widgets.future import bounce_widget, segments_widget, ticket_explainer_widget
from tests.test_widgets_strategies import _in_grid as _grid_rows


@pytest.fixture(scope="module")
def model():
    return train_classifier(load_dataset("hotline_tickets"), "text_masked", "category")


@pytest.fixture(scope="module")
def tw(model):
    return ticket_explainer_widget(model, example_predictions(model), simulated=True)


@pytest.fixture(scope="module")
def profiles():
    return expectation_profiles(load_dataset("servqual_survey"))


@pytest.fixture(scope="module")
def sw(profiles):
    return segments_widget(profiles, simulated=True)


@pytest.fixture(scope="module")
def chains():
    return load_dataset("ticket_transfers")


@pytest.fixture(scope="module")
def bw(chains):
    return bounce_widget(chains, simulated=True)


def _sampled_points(widget, k, seed=0):
    rng = np.random.default_rng(seed)
    for _ in range(k):
        yield {p.name: (str(rng.choice(list(p.values))) if hasattr(p, "options")
                        else float(rng.choice(p.values))) for p in widget.params}


def _in_grid(widget, values):
    # the grid holds every kind of row; columns of other kinds are empty here
    return _grid_rows(widget, values).dropna(axis=1, how="all")


FRESH = {  # a new widget per live call: nothing cached from building the grid
    "tw": lambda r: ticket_explainer_widget(r.getfixturevalue("model"),
                                            example_predictions(r.getfixturevalue("model")),
                                            simulated=True),
    "sw": lambda r: segments_widget(r.getfixturevalue("profiles"), simulated=True),
    "bw": lambda r: bounce_widget(r.getfixturevalue("chains"), simulated=True),
}


@pytest.mark.parametrize("name", ["tw", "sw", "bw"])
def test_static_grid_equals_live_computation(name, request):
    w = request.getfixturevalue(name)
    for values in _sampled_points(w, 4, seed=len(name)):
        live = FRESH[name](request).evaluate(**values).dropna(axis=1, how="all")
        pd.testing.assert_frame_equal(_in_grid(w, values), live, check_dtype=False)
    assert len(w.static_html().encode()) < 300_000


def test_explainer_shows_what_explain_prediction_says(tw, model):
    ex = example_predictions(model)
    for _, row in ex.iterrows():
        out = tw.evaluate(example=row["example"])
        e = explain_prediction(model, row["text"], top_classes=3, top_terms=10_000)
        probs = out[out.kind == "prob"].set_index("category")["probability"]
        ref = e.drop_duplicates("label").set_index("label")["probability"].round(4)
        pd.testing.assert_series_equal(probs, ref, check_names=False)
        assert out["predicted"].iloc[0] == model.pipeline.predict([row["text"]])[0]
        terms = out[out.kind == "term"]
        top = e[e.label == e.label.iloc[0]].set_index("term")["contribution"]
        assert np.allclose(terms.set_index("term")["contribution"], top.loc[terms["term"]],
                           atol=1e-4)
        assert terms["contribution"].abs().is_monotonic_decreasing
        assert "".join(out[out.kind == "line"].sort_values("order")["text"]) == row["text"]
    spec = json.dumps(tw.static_spec(), ensure_ascii=False)
    assert "模型给出的概率" in spec and "登记的类别" in spec


def test_segments_widget_is_the_helpers(sw, profiles):
    for k in (2, 4):
        out = sw.evaluate(k=k)
        seg = kmeans_segments(profiles, k=k)
        ref = segment_profiles(profiles, seg)
        assert np.allclose(out["estimate"], ref["estimate"], atol=1e-4)
        assert out["segment"].nunique() == k
        assert out["silhouette"].iloc[0] == pytest.approx(seg.attrs["silhouette"], abs=1e-4)


def test_bounce_widget_is_the_helpers(bw, chains):
    for m, t in ((2, 1), (3, 1), (4, 4), (5, 10)):
        out = bw.evaluate(min_transfers=m, min_tickets=t)
        ref = bounce_pairs(chains, min_transfers=m, min_tickets=t)
        pairs = out[out.kind == "pair"]
        assert pairs["pair"].tolist() == (ref["department_a"] + "↔" + ref["department_b"]).tolist()
        assert pairs["n_tickets"].tolist() == ref["n_tickets"].tolist()
        tickets = out[out.kind == "ticket"]
        assert len(tickets) <= 8 and (tickets["transfers"] >= m).all()
    none = bw.evaluate(min_transfers=5, min_tickets=10)
    assert "没有部门对" in none[none.kind == "note"]["text"].item()
