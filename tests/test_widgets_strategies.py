"""Chapter 4 widgets: the static grid equals the live computation, and the views show what they must."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from helpers.ipa import diagonal, ipa
from helpers.simulate import load_dataset
from helpers.transparency import simulate_expectations, surprise_summary
from helpers.widgets.strategies import ipa_priority_widget, quadrant_ranking, transparency_widget


@pytest.fixture(scope="module")
def tw():
    return transparency_widget(n=1500, simulated=True)


@pytest.fixture(scope="module")
def ipa_data():
    return load_dataset("ipa_survey")


@pytest.fixture(scope="module")
def iw(ipa_data):
    return ipa_priority_widget(ipa_data, scale=(1, 7), simulated=True)


def _sampled_points(widget, k, seed=0):
    rng = np.random.default_rng(seed)
    for _ in range(k):
        yield {p.name: (rng.choice(p.values) if not hasattr(p, "options") else
                        str(rng.choice(list(p.values)))) for p in widget.params}


def _in_grid(widget, values):
    grid = widget.grid()
    mask = np.ones(len(grid), dtype=bool)
    for p in widget.params:
        col = grid[p.column]
        mask &= (col == values[p.name]).to_numpy() if isinstance(values[p.name], str) \
            else np.isclose(col, float(values[p.name]))
    return grid[mask].reset_index(drop=True)


def test_transparency_grid_equals_live_computation(tw):
    assert len(tw.grid()) == 11 * 11
    for values in _sampled_points(tw, 10):
        pd.testing.assert_frame_equal(_in_grid(tw, values), tw.evaluate(**values))


def test_transparency_values_match_the_helpers(tw):
    row = tw.evaluate(published_share=0.7, published_bias=-0.2).iloc[0]
    sim = simulate_expectations(1500, 10, 3, 0.7, -0.2, seed=2024)
    neg = surprise_summary(sim, tolerance=2).set_index("measure").loc["negative_surprise"]
    assert row["estimate"] == pytest.approx(neg["estimate"], abs=1e-4)
    assert row["ci_low"] == pytest.approx(neg["ci_low"], abs=1e-4)
    assert row["published_days"] == pytest.approx(8.0)
    hist = row[[c for c in row.index if str(c).startswith("h")]].astype(float)
    assert hist.sum() == pytest.approx(1, abs=2e-3)


def test_transparency_shows_that_over_optimism_backfires(tw):
    def neg(share, bias):
        return tw.evaluate(published_share=share, published_bias=bias)["estimate"].item()

    base = neg(0, 0)
    assert neg(1, 0) < base                       # an accurate published time helps
    assert neg(1, -0.3) > base                    # an over-optimistic one hurts
    rising = [neg(1, b) for b in (0.2, 0.0, -0.2, -0.4)]
    assert rising == sorted(rising)               # the more optimistic, the more surprises
    spec = json.dumps(tw.static_spec(), ensure_ascii=False)
    assert "负向意外比例" in spec and "公布时间" in spec and "不公布（基线）" in spec


def test_transparency_static_html_is_small(tw):
    assert len(tw.static_html().encode()) < 300_000


def test_ipa_grid_equals_live_computation(iw):
    assert set(iw.grid()["param_centre"]) == {"data", "scale"}
    for values in _sampled_points(iw, 12, seed=1):
        pd.testing.assert_frame_equal(_in_grid(iw, values), iw.evaluate(**values))


def test_ipa_widget_lists_what_the_helpers_say(iw, ipa_data):
    quad = iw.evaluate(top_k=10, centre="data", model="quadrant").query("kind == 'attr'")
    ref = ipa(ipa_data, "attribute", "importance", "performance", centre="data", scale=(1, 7))
    assert set(quad.loc[quad["flagged"], "attribute"]) == set(ref.loc[ref["quadrant"] == "A", "attribute"])
    diag = iw.evaluate(top_k=3, centre="data", model="diagonal").query("kind == 'attr'")
    ref_d = diagonal(ipa_data, "attribute", "importance", "performance", scale=(1, 7))
    assert diag.sort_values("priority")["attribute"].tolist() == ref_d["attribute"].tolist()
    assert diag.loc[diag["top"], "attribute"].tolist() == ref_d["attribute"].head(3).tolist()


def test_scale_centred_crosshairs_flag_nothing_here(iw):
    # stated importance and performance are all above the scale midpoint 4 (ceiling effect)
    out = iw.evaluate(top_k=5, centre="scale", model="quadrant")
    attrs = out.query("kind == 'attr'")
    assert not attrs["flagged"].any()
    assert "没有属性" in out.query("kind == 'note'")["text"].item()
    lines = out.query("kind == 'line'")
    assert set(lines["line"]) == {"v", "h"} and (lines.query("line == 'v'")["x"] == 4).all()


def test_ipa_chart_is_in_chinese_and_labels_every_attribute(iw, ipa_data):
    spec = json.dumps(iw.static_spec(), ensure_ascii=False)
    for text in ("重要性", "表现", "优先改进清单", "重点改进区"):
        assert text in spec
    attrs = iw.evaluate(**iw.defaults()).query("kind == 'attr'")
    assert set(attrs["attribute"]) == set(ipa_data["attribute"])
    assert attrs[["label_x", "label_y"]].notna().all().all()
    assert len(iw.static_html().encode()) < 300_000


def test_quadrant_ranking_puts_quadrant_a_first():
    df = pd.DataFrame({"attribute": list("abcd"), "importance": [6, 6.5, 3, 3],
                       "performance": [6, 3, 3, 6], "quadrant": ["B", "A", "C", "D"]})
    out = quadrant_ranking(df)
    assert out["attribute"].tolist() == ["b", "c", "a", "d"]
    assert out["flagged"].tolist() == [True, False, False, False]


def test_every_control_changes_the_view_from_any_state(tw, iw):
    # the static page must never show a control that does nothing
    assert not tw.evaluate(published_share=0, published_bias=0).equals(
        tw.evaluate(published_share=0, published_bias=-0.5))  # the published line moves
    for model in ("quadrant", "diagonal"):
        a = iw.evaluate(top_k=1, centre="data", model=model)
        b = iw.evaluate(top_k=1, centre="scale", model=model)
        assert not a.equals(b)
    for centre in ("data", "scale"):
        a = iw.evaluate(top_k=1, centre=centre, model="quadrant")
        b = iw.evaluate(top_k=1, centre=centre, model="diagonal")
        assert not a.equals(b)
