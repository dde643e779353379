"""The widget framework: one definition, a live and a static view that agree."""

from __future__ import annotations

import json
import re

import altair as alt
import numpy as np
import pandas as pd
import pytest

from helpers import HelpersError
from helpers.confirmation import predict_satisfaction
from helpers.quiz import Question, Quiz
from helpers.widgets import Choice, Param, Widget, gap_satisfaction_widget

COEF = {"intercept": 1.2, "expectation": 0.5, "disconfirmation": 0.9}


def _toy_widget() -> Widget:
    def compute(a: float, mode: str) -> pd.DataFrame:
        x = np.arange(3.0)
        y = a * x if mode == "linear" else a * x**2
        return pd.DataFrame({"x": x, "y": y})

    def chart(base, params):
        return base.mark_line().encode(x="x:Q", y="y:Q")

    return Widget("toy", "玩具", [Param("a", "斜率", 0, 2, 0.5, 1),
                                 Choice("mode", "形状", (("linear", "直线"), ("square", "抛物线")), "linear")],
                  compute, chart)


def test_static_grid_equals_live_computation_at_sampled_points():
    widget = gap_satisfaction_widget(COEF, simulated=True)
    grid = widget.grid()
    rng = np.random.default_rng(0)
    e_values, p_values = widget.params[0].values, widget.params[1].values
    for _ in range(12):
        e, p = float(rng.choice(e_values)), float(rng.choice(p_values))
        in_grid = grid[(grid.param_expectation == e) & (grid.param_perception == p)]
        live = widget.evaluate(expectation=e, perception=p)
        pd.testing.assert_frame_equal(in_grid.reset_index(drop=True), live)
        current = live.query("kind == 'current'").iloc[0]
        direct = predict_satisfaction(e, p, COEF).iloc[0]
        assert current.predicted_satisfaction == pytest.approx(direct.predicted_satisfaction, abs=1e-4)
        assert current.gap == pytest.approx(p - e)


def test_grid_covers_every_combination_including_choices():
    widget = _toy_widget()
    grid = widget.grid()
    assert len(grid) == 5 * 2 * 3
    assert set(grid.param_mode) == {"linear", "square"}
    sq = grid[(grid.param_a == 2) & (grid.param_mode == "square")]
    assert sq.y.tolist() == [0.0, 2.0, 8.0]


def test_static_spec_binds_every_parameter_and_filters_on_it():
    spec = _toy_widget().static_spec()
    params = {p["name"]: p for p in spec["params"]}
    assert params["a"]["bind"]["input"] == "range"
    assert params["mode"]["bind"]["input"] == "select"
    assert params["mode"]["bind"]["labels"] == ["直线", "抛物线"]
    filters = json.dumps(spec)
    assert "datum.param_mode == mode" in filters and "abs(datum.param_a - a)" in filters


def test_static_html_is_self_contained_and_deterministic():
    widget = gap_satisfaction_widget(COEF, simulated=True)
    html1, html2 = widget.static_html(), gap_satisfaction_widget(COEF, simulated=True).static_html()
    assert html1 == html2
    # no address of another host: the Vega files come from the book's own _static folder
    assert not re.search(r"(src|href)=[\"']?(https?:)?//", html1)
    assert "_static/vendor/vega/" in html1
    assert "</script" not in html1.split('type="application/json"')[1].split("</script>")[0]


def test_mimebundle_outside_a_kernel_has_only_static_views():
    bundle = gap_satisfaction_widget(COEF, simulated=True)._repr_mimebundle_()
    assert set(bundle) == {"text/plain", "text/html"}


def test_live_view_recomputes_on_change():
    widget = _toy_widget()
    box = widget.live()
    slider = box.children[1]
    svg_output = box.children[3]
    before = svg_output.value
    assert before.startswith("<svg")
    slider.value = 2.0
    assert svg_output.value != before


def test_bad_parameters_are_rejected_clearly():
    with pytest.raises(HelpersError, match="默认值"):
        Param("a", "a", 0, 1, 0.3, 0.5)
    with pytest.raises(HelpersError, match="标识符"):
        Param("a b", "a", 0, 1, 0.5, 0.5)
    with pytest.raises(HelpersError, match="选项"):
        Choice("m", "m", (("x", "X"),), "y")


def test_quiz_renders_every_question_and_rejects_bad_ones():
    quiz = Quiz("t", [Question("问题一", ["甲", "乙"], 1, "因为乙"),
                      Question("问题二", ["甲", "乙", "丙"], 0, "因为甲")])
    html = quiz._repr_html_()
    assert html.count('class="course-quiz-q"') == 2
    assert 'data-answer="1"' in html and 'data-answer="0"' in html
    assert "因为乙" in html
    with pytest.raises(HelpersError):
        Question("q", ["only"], 0, "")
    with pytest.raises(HelpersError):
        Question("q", ["a", "b"], 2, "")
    with pytest.raises(HelpersError):
        Quiz("empty", [])


def test_render_svg_draws_chinese_text():
    from helpers.widgets import render_svg

    chart = alt.Chart(pd.DataFrame({"x": [1]})).mark_text(text="满意度").encode(x="x:Q")
    assert "满意度" in render_svg(chart)


def test_static_chart_is_named_for_screen_readers():
    """The chart carries a description (the SVG's aria-label) naming title, controls and data;
    its marks are hidden from screen readers (config.aria = false), the axes config kept."""
    widget = _toy_widget()
    spec = widget.static_spec()
    assert spec["description"] == widget.description()
    assert "玩具" in spec["description"] and "斜率" in spec["description"]
    assert "形状" in spec["description"]
    assert spec["config"]["aria"] is False and spec["config"]["mark"]["aria"] is False
    sim = gap_satisfaction_widget(COEF, simulated=True)
    assert sim.description().endswith("（模拟数据）")
    assert "模拟数据" not in widget.description()
