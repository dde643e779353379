"""The chapter 2 widget (adaptive expectations): static grid = live computation, and content."""

from __future__ import annotations

import json
import re
import time

import numpy as np
import pandas as pd
import pytest

from helpers.expectations import adaptive_expectations, experience_sequence
from helpers.widgets._core import Choice, Param
from helpers.widgets.expectations import WIDGET_EXPERIENCE, adaptive_expectations_widget


@pytest.fixture(scope="module")
def widget():
    return adaptive_expectations_widget(simulated=True)


def test_static_grid_equals_live_computation_at_sampled_points(widget):
    grid = widget.grid()
    rng = np.random.default_rng(0)
    rates, sizes = widget.params[0].values, widget.params[1].values
    visits = widget.params[2].values
    for _ in range(15):
        r, s, k = float(rng.choice(rates)), float(rng.choice(sizes)), str(rng.choice(visits))
        in_grid = grid[(grid.param_rate == r) & (grid.param_shock_size == s)
                       & (grid.param_shock_visit == k)]
        live = widget.evaluate(rate=r, shock_size=s, shock_visit=k)
        pd.testing.assert_frame_equal(in_grid.reset_index(drop=True), live)
        direct = adaptive_expectations(WIDGET_EXPERIENCE, initial=6.0, rate=r, shock_size=s,
                                       shock_visit=int(k), shock_decay=0.6)
        np.testing.assert_allclose(live["expectation"], direct["expectation"], atol=0.005)


def test_grid_size_and_parameters(widget):
    kinds = [type(p) for p in widget.params]
    assert kinds == [Param, Param, Choice]
    assert list(widget.params[0].values) == pytest.approx(np.round(np.arange(0, 1.01, 0.1), 10))
    assert list(widget.params[1].values) == [0.0, 0.5, 1.0, 1.5]
    n_combos = 11 * 4 * len(widget.params[2].values)
    assert n_combos <= 400
    assert len(widget.grid()) == n_combos * 20


def test_experience_is_fixed_and_documented():
    np.testing.assert_array_equal(WIDGET_EXPERIENCE, experience_sequence(20, 5.0, 0.15, seed=2))
    assert 4.5 < WIDGET_EXPERIENCE.mean() < 5.5


def test_widget_shows_what_it_promises(widget):
    # no shock, λ = 0: the expectation never moves from its initial 6
    flat = widget.evaluate(rate=0.0, shock_size=0.0, shock_visit="5")
    assert (flat["expectation"] == 6.0).all()
    # with a shock the expectation jumps at the shock visit and then fades back to the baseline
    shocked = widget.evaluate(rate=0.3, shock_size=1.5, shock_visit="5").set_index("visit")
    assert shocked.loc[5, "expectation"] - shocked.loc[5, "baseline"] == pytest.approx(1.5, abs=0.01)
    assert shocked.loc[4, "shock"] == 0
    assert shocked.loc[15, "shock"] < 0.02
    assert (shocked["gap"] == (shocked["experience"] - shocked["expectation"]).round(2)).all()


def test_static_spec_has_lines_gap_band_shock_marker_and_chinese_text(widget):
    spec = widget.static_spec()
    text = json.dumps(spec, ensure_ascii=False)
    marks = {layer["mark"]["type"] if isinstance(layer["mark"], dict) else layer["mark"]
             for layer in spec["layer"]}
    assert {"area", "line", "rule", "text"} <= marks
    for label in ("期望 E（含媒体冲击）", "实际感受到的服务 P", "期望（若没有这条新闻）",
                  "第几次办事", "媒体冲击出现"):
        assert label in text
    params = {p["name"]: p for p in spec["params"]}
    assert params["rate"]["bind"]["input"] == "range"
    assert params["shock_visit"]["bind"]["input"] == "radio"


def test_static_html_is_small_deterministic_and_offline(widget):
    html = widget.static_html()
    assert html == adaptive_expectations_widget(simulated=True).static_html()
    assert len(html.encode()) < 300 * 1024
    assert not re.search(r"(src|href)=[\"']?(https?:)?//", html)


def test_live_view_recomputes_on_change():
    box = adaptive_expectations_widget(simulated=True).live()
    slider = box.children[1]
    svg = box.children[-3]
    before = svg.value
    assert before.startswith("<svg")
    slider.value = 0.9
    assert svg.value != before


def test_compute_is_fast(widget):
    widget.evaluate(rate=0.3, shock_size=1.0, shock_visit="5")
    timings = []
    for _ in range(50):
        start = time.perf_counter()
        widget.evaluate(rate=0.3, shock_size=1.0, shock_visit="5")
        timings.append(time.perf_counter() - start)
    assert float(np.median(timings)) < 0.1


def test_every_control_changes_the_static_chart_even_without_a_shock(widget):
    # the browser test moves each control in turn (λ, then size to 0, then the visit); the
    # heading names the chosen visit, so the chart changes even when the shock size is 0
    spec = json.dumps(widget.static_spec(), ensure_ascii=False)
    assert "无媒体冲击（冲击大小为 0；出现时间设为第 ' + shock_visit" in spec
