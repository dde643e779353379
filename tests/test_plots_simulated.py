"""模拟数据 cannot be forgotten: every chart and widget requires ``simulated`` and shows it.

Every public chart of :mod:`helpers.plots` and every ``*_widget`` function of
:mod:`helpers.widgets` takes a keyword-only ``simulated`` with no default (forgetting it is a
TypeError); with ``simulated=True`` the matplotlib figure carries the text 模拟数据, and so do the
widget's static (Vega-Lite spec) and live (SVG) views.
"""

from __future__ import annotations

import importlib
import inspect
import json
import pkgutil

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from helpers import plots, widgets  # noqa: E402
from helpers import course_map, its, segments, shrinkage, spc  # noqa: E402
from helpers.simulate import load_dataset  # noqa: E402

NOT_CHARTS = {"use_chinese_font", "chinese_font_name", "place_labels"}
EST = {"estimate": [-0.5, 0.3], "ci_low": [-0.7, 0.1], "ci_high": [-0.3, 0.5]}


def _quadrants():
    return pd.DataFrame({"attribute": ["等候时间", "办事指南", "窗口态度", "网上办理"],
                         "importance": [6.2, 5.1, 6.0, 4.8], "performance": [4.1, 5.9, 5.8, 4.2],
                         "quadrant": ["A", "D", "B", "C"], "importance_cross": 5.5,
                         "performance_cross": 5.0})


CHARTS = {
    "gap_bar_chart": lambda s: plots.gap_bar_chart(
        pd.DataFrame({"d": ["有形性", "可靠性"], **EST}), category="d", simulated=s),
    "pointrange_chart": lambda s: plots.pointrange_chart(
        pd.DataFrame({"d": ["甲", "乙"], **EST}), x="d", simulated=s),
    "grouped_interval_chart": lambda s: plots.grouped_interval_chart(
        pd.DataFrame({"d": ["甲", "乙"], **EST}), category="d", simulated=s),
    "group_means_chart": lambda s: plots.group_means_chart(
        pd.DataFrame({"factor": ["渠道", "渠道"], "level": ["甲", "乙"], "n": [10, 12], **EST}),
        simulated=s),
    "effects_truth_chart": lambda s: plots.effects_truth_chart(
        pd.DataFrame({"factor": ["渠道", "渠道"], "level": ["乙", "丙"], "reference": ["甲", "甲"],
                      "true_effect": [-0.4, 0.2], **EST}), simulated=s),
    "surprise_scenario_chart": lambda s: plots.surprise_scenario_chart(
        pd.DataFrame({"published_share": [0.0, 0.5, 0.5], "published_bias": [0.0, -0.2, 0.2],
                      "measure": "negative_surprise", "estimate": [0.2, 0.4, 0.1],
                      "ci_low": [0.15, 0.35, 0.05], "ci_high": [0.25, 0.45, 0.15]}), simulated=s),
    "importance_comparison_chart": lambda s: plots.importance_comparison_chart(
        pd.DataFrame({"column": ["imp_a", "imp_b"], "estimate": [40.0, 60.0],
                      "ci_low": [35.0, 55.0], "ci_high": [45.0, 65.0]}),
        pd.DataFrame({"attribute": ["a", "b", "a", "b"],
                      "method": ["correlation", "correlation", "regression", "regression"],
                      "estimate": [0.3, 0.5, 0.2, 0.4], "ci_low": [0.2, 0.4, 0.1, 0.3],
                      "ci_high": [0.4, 0.6, 0.3, 0.5]}),
        labels={"a": "甲", "b": "乙"}, stated_key={"a": "imp_a", "b": "imp_b"}, simulated=s),
    "ipa_chart": lambda s: plots.ipa_chart(_quadrants(), simulated=s),
    "release_timeline_chart": lambda s: plots.release_timeline_chart(
        load_dataset("epidemic_timeline"), load_dataset("epidemic_releases"), simulated=s),
    "event_study_chart": lambda s: plots.event_study_chart(
        pd.DataFrame({"event_day": [-1, 0, 1], **{k: v + [0.0] for k, v in EST.items()}}),
        simulated=s),
    "lag_effect_chart": lambda s: plots.lag_effect_chart(
        pd.DataFrame({"lag_hours": [2.0, 12.0], "estimate": [500.0, 1400.0]}),
        pd.DataFrame({"term": ["intercept", "lag_hours"], "estimate": [300.0, 90.0]}),
        simulated=s),
    "control_chart": lambda s: plots.control_chart(
        spc.p_chart(pd.DataFrame({"x": [8, 30, 9, 11], "n": [100, 120, 90, 110]}), "x", "n"),
        simulated=s),
    "shrinkage_chart": lambda s: plots.shrinkage_chart(
        shrinkage.shrunk_rates(pd.DataFrame({"w": list("ABCDEF"), "x": [3, 10, 1, 30, 0, 8],
                                             "n": [40, 120, 15, 300, 12, 90]}), "w", "x", "n"),
        simulated=s),
    "its_chart": lambda s: plots.its_chart(
        its.segmented_lines(pd.DataFrame({"t": range(1, 13), "y": [0.08] * 6 + [0.06] * 6}),
                               "t", "y", intervention=7), simulated=s),
    "confusion_chart": lambda s: plots.confusion_chart(
        pd.DataFrame({"label": ["甲", "甲", "乙", "乙"], "predicted": ["甲", "乙", "甲", "乙"],
                      "n": [8, 2, 1, 9], "share": [0.8, 0.2, 0.1, 0.9]}), simulated=s),
    "segment_profiles_chart": lambda s: plots.segment_profiles_chart(
        pd.DataFrame({"segment": [1, 1, 2, 2], "dimension": ["a", "b", "a", "b"],
                      "label": ["有形性", "可靠性"] * 2, "n": [6, 6, 4, 4], "share": [.6, .6, .4, .4],
                      "estimate": [0.5, 0.6, -0.5, -0.6], "ci_low": [0.4, 0.5, -0.6, -0.7],
                      "ci_high": [0.6, 0.7, -0.4, -0.5]}), simulated=s),
    "transfer_network_chart": lambda s: plots.transfer_network_chart(
        pd.DataFrame({"from_department": ["人社", "医保"], "to_department": ["医保", "人社"],
                      "n_transfers": [30, 25]}), simulated=s),
    "transfer_outcomes_chart": lambda s: plots.transfer_outcomes_chart(
        pd.DataFrame({"label": ["0", "1+"], **EST}), pd.DataFrame({"label": ["0", "1+"], **EST}),
        simulated=s),
    "expectation_ratio_chart": lambda s: plots.expectation_ratio_chart(
        pd.DataFrame({"g": [0, 0, 1, 1], "e": [2, 9, 10, 11], "L": [10] * 4}), "e", "L", "g",
        simulated=s),
    "staffing_chart": lambda s: plots.staffing_chart(
        pd.DataFrame({"windows": [3, 4], "mean_wait": [np.inf, 5.0],
                      "share_over_promise": [1.0, 0.2], "stable": [False, True]}),
        promised_minutes=15, simulated=s),
    "concept_map_chart": lambda s: plots.concept_map_chart(      # a concept map: simulated=False
        course_map.concept_nodes(), course_map.concept_edges(), simulated=s),
    "simple_slopes_chart": lambda s: plots.simple_slopes_chart(
        pd.DataFrame({"moderator_value": [1, 4, 7], "estimate": [0.0, 0.1, 0.2],
                      "ci_low": [-0.05, 0.08, 0.15], "ci_high": [0.05, 0.12, 0.25]}),
        simulated=s),
    "closing_curves_chart": lambda s: plots.closing_curves_chart(
        pd.DataFrame({"hours": [0, 10], "estimate": [0.0, 0.6], "ci_low": [0.0, 0.4],
                      "ci_high": [0.0, 0.8]}), marks={"时限": 5}, simulated=s),
    "rank_range_chart": lambda s: plots.rank_range_chart(
        pd.DataFrame({"department": ["甲", "乙"], "rank_chosen": [1, 2], "rank_best": [1, 1],
                      "rank_worst": [2, 2]}), simulated=s),
    "crisis_timeline_chart": lambda s: plots.crisis_timeline_chart(
        pd.DataFrame({"hour": range(5), "posts": [0, 5, 9, 6, 3], "calls": [60, 80, 90, 70, 65],
                      "statement": [0, 0, 1, 0, 0]}), marks={"4 小时": 4}, simulated=s),
    "release_plans_chart": lambda s: plots.release_plans_chart(
        pd.DataFrame({"plan": ["早", "早", "晚", "晚"], "hour": [0, 1, 0, 1],
                      "heard": [0.0, 0.1, 0.0, 0.3], "inquiries": [60, 70, 60, 90]}), simulated=s),
}

COEF = {"intercept": 1.5, "expectation": 0.7, "disconfirmation": 0.8}
WIDGETS = {
    "gap_satisfaction_widget": lambda s: widgets.gap_satisfaction_widget(COEF, simulated=s),
    "adaptive_expectations_widget": lambda s: widgets.adaptive_expectations_widget(simulated=s),
    "servqual_items_widget": lambda s: widgets.servqual_items_widget(
        load_dataset("servqual_survey"), simulated=s),
    "edt_plane_widget": lambda s: widgets.edt_plane_widget(COEF, simulated=s),
    "equity_widget": lambda s: widgets.equity_widget(simulated=s),
    "transparency_widget": lambda s: widgets.transparency_widget(n=500, simulated=s),
    "ipa_priority_widget": lambda s: widgets.ipa_priority_widget(
        load_dataset("ipa_survey"), scale=(1, 7), simulated=s),
    "rumour_release_widget": lambda s: widgets.rumour_release_widget(simulated=s),
    "league_reshuffle_widget": lambda s: widgets.league_reshuffle_widget(n_sim=50, simulated=s),
    "control_chart_widget": lambda s: widgets.control_chart_widget(
        load_dataset("window_monthly").query("window == 'W02'"), simulated=s),
    "ticket_explainer_widget": lambda s: _ticket_explainer(s),
    "segments_widget": lambda s: widgets.segments_widget(
        segments.expectation_profiles(load_dataset("servqual_survey")), k_max=3, simulated=s),
    "bounce_widget": lambda s: widgets.bounce_widget(load_dataset("ticket_transfers"),
                                                     simulated=s),
    "informed_share_widget": lambda s: widgets.informed_share_widget(
        load_dataset("citizen_expectations"), simulated=s),
    "queue_widget": lambda s: widgets.queue_widget(simulated=s),
    "trust_slope_widget": lambda s: widgets.trust_slope_widget(
        load_dataset("citizen_expectations"), simulated=s),
    "composite_weights_widget": lambda s: widgets.composite_weights_widget(
        pd.DataFrame({"department": ["甲"] * 3 + ["乙"] * 3,
                      "rate": ["response", "resolution", "satisfaction"] * 2,
                      "estimate": [1.0, 0.6, 0.7, 0.8, 0.8, 0.8], "n": [100] * 6}), simulated=s),
    "closing_time_widget": lambda s: widgets.closing_time_widget(
        load_dataset("hotline_tickets"), simulated=s),
    "agreement_threshold_widget": lambda s: widgets.agreement_threshold_widget(
        pd.DataFrame({"window": ["A", "A", "B", "B"], "item": ["x", "y"] * 2, "score": [2, 0, 1, 2]}),
        pd.DataFrame({"item": ["x", "y"], "estimate": [0.9, 0.3]}), simulated=s),
    "scct_widget": lambda s: widgets.scct_widget(simulated=s),
}


def _ticket_explainer(s):
    from helpers.simulate import hotline_tickets
    from helpers.text import example_predictions, train_classifier

    m = train_classifier(hotline_tickets(n=300, seed=1), "text_masked", "category")
    return widgets.ticket_explainer_widget(m, example_predictions(m, n_right=2, n_wrong=1),
                                           simulated=s)


def _public_charts() -> list[str]:
    names = [n for n in plots.__all__ if callable(getattr(plots, n)) and n not in NOT_CHARTS]
    assert all(n.endswith("_chart") for n in names), names
    return names


def _public_widgets() -> list[str]:
    found = set()
    for info in pkgutil.iter_modules(widgets.__path__):
        module = importlib.import_module(f"helpers.widgets.{info.name}")
        found |= {n for n, f in inspect.getmembers(module, inspect.isfunction)
                  if n.endswith("_widget") and not n.startswith("_")
                  and f.__module__ == module.__name__}
    missing = found - set(widgets.__all__)
    assert not missing, f"widget functions not exported by helpers.widgets: {missing}"
    return sorted(found)


def test_every_chart_and_widget_is_covered_here():
    assert set(_public_charts()) == set(CHARTS)
    assert set(_public_widgets()) == set(WIDGETS)


@pytest.mark.parametrize("name", sorted(CHARTS) + sorted(WIDGETS))
def test_simulated_is_required_and_keyword_only(name):
    fn = getattr(plots, name, None) or getattr(widgets, name)
    param = inspect.signature(fn).parameters["simulated"]
    assert param.kind is inspect.Parameter.KEYWORD_ONLY
    assert param.default is inspect.Parameter.empty
    sig = inspect.signature(fn)
    required = {n: None for n, p in sig.parameters.items()
                if p.default is inspect.Parameter.empty and n != "simulated"
                and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)}
    with pytest.raises(TypeError, match="simulated"):
        sig.bind(**required)  # every other required argument given: only simulated is missing


def _figure_texts(fig) -> list[str]:
    texts = [t.get_text() for t in fig.texts]
    texts += [t.get_text() for ax in fig.axes for t in ax.texts]
    texts += [ax.get_title(loc) for ax in fig.axes for loc in ("left", "center", "right")]
    if fig._suptitle is not None:
        texts.append(fig._suptitle.get_text())
    return texts


def _figure(result):
    if hasattr(result, "figure") and not hasattr(result, "savefig"):
        return result.figure
    if hasattr(result, "flat"):
        return result.flat[0].figure
    return result


@pytest.mark.parametrize("name", sorted(CHARTS))
def test_chart_shows_simulated_data(name):
    fig = _figure(CHARTS[name](True))
    assert any("模拟数据" in t for t in _figure_texts(fig)), name
    fig.canvas.draw()
    plain = _figure(CHARTS[name](False))
    assert not any("模拟数据" in t for t in _figure_texts(plain)), name
    with pytest.raises(Exception, match="simulated"):
        CHARTS[name]("yes")
    plt.close("all")


def _title_texts(spec: dict) -> list[str]:
    title = spec.get("title")
    if title is None:
        return []
    if isinstance(title, str):
        return [title]
    out = [title.get("text", "")] if isinstance(title.get("text", ""), str) else list(title["text"])
    sub = title.get("subtitle", [])
    return out + ([sub] if isinstance(sub, str) else list(sub))


@pytest.mark.parametrize("name", sorted(WIDGETS))
def test_widget_static_and_live_views_show_simulated_data(name):
    w = WIDGETS[name](True)
    values = w.defaults()
    data = w.evaluate(**values)
    static = w.build_chart(data).to_dict()          # the static view's spec (slider-bound)
    assert "模拟数据" in _title_texts(static), name
    assert static["usermeta"]["simulated"] is True
    live = w.build_chart(data, values).to_dict()     # the spec the live view renders to SVG
    assert "模拟数据" in _title_texts(live), name
    plain = WIDGETS[name](False)
    plain_spec = plain.build_chart(plain.evaluate(**values)).to_dict()
    assert "模拟数据" not in json.dumps(_title_texts(plain_spec), ensure_ascii=False)
    with pytest.raises(Exception, match="simulated"):
        WIDGETS[name]("yes")


def test_widget_html_and_svg_carry_the_mark():
    w = WIDGETS["gap_satisfaction_widget"](True)
    assert "模拟数据" in w.static_html()
    values = w.defaults()
    svg = widgets.render_svg(w.build_chart(w.evaluate(**values), values))
    assert "模拟数据" in svg
