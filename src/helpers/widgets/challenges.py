"""Widgets of the three challenges (挑战): knowing the rules, staffing the windows, trust.

- :func:`informed_share_widget`: share of citizens who know the published limit and the
  tolerance → share of negative surprises, from the two groups of a survey
  (:func:`helpers.asymmetry.surprise_mixture`);
- :func:`queue_widget`: arrivals per hour, handling time, open windows and the promised wait →
  probability of waiting, average wait, share over the promise, occupancy
  (:func:`helpers.queueing.window_staffing`, :func:`helpers.queueing.promise_time`);
- :func:`trust_slope_widget`: trust level → the slope of satisfaction on the expectation gap
  with its interval (:func:`helpers.moderation.simple_slopes`).
"""

from __future__ import annotations

import functools
from collections.abc import Hashable, Mapping
from typing import Any

import altair as alt
import numpy as np
import pandas as pd

from helpers.asymmetry import surprise_mixture
from helpers.moderation import simple_slopes
from helpers.queueing import promise_time, window_staffing
from helpers.widgets._core import Param, Widget
from helpers.plots._palette import BAD, COMPARE, MAIN, REFERENCE, TEXT

__all__ = ["informed_share_widget", "queue_widget", "trust_slope_widget"]

_SHARES = np.round(np.arange(0, 1.001, 0.1), 1)


def informed_share_widget(data: pd.DataFrame, expected: Hashable = "expected_days",
                          actual: Hashable = "actual_days", group: Hashable = "knows_limit", *,
                          informed: Any = 1, simulated: bool) -> Widget:
    """Chapter 6: how many citizens know the published limit → how many are negatively surprised.

    Sliders: ``informed_share`` (0–1 by 0.1) and ``tolerance`` (0–6 days by 1). The chart shows
    the share of negative surprises (actual time more than ``tolerance`` days longer than
    expected) for every informed share at the chosen tolerance, with its 95 % interval band,
    the chosen share as a red point, and the share observed in the survey as a grey line.

    Parameters
    ----------
    data : DataFrame
        Survey rows (e.g. ``load_dataset("citizen_expectations")``).
    expected, actual, group : column names
        Expected and actual time, and who knows the rules.
    informed : value, default 1
        The value of ``group`` that means "knows the published limit".
    simulated : bool
        Required, keyword-only: ``True`` when the data are simulated (both views say 模拟数据).

    Returns
    -------
    helpers.widgets.Widget
        Key ``"informed-share"``; ``w.evaluate(...)`` returns 11 rows (one per informed share
        0, 0.1, …, 1; 3 decimals): ``informed_share, estimate, ci_low, ci_high,
        observed_share, selected`` (the row of the slider's share) and the parameter columns.

    Notes
    -----
    ``p(π) = π·p₁ + (1 − π)·p₀`` with the groups' observed shares p₁, p₀ and a Wald interval
    (:func:`helpers.asymmetry.surprise_mixture`). Unlike chapter 4's model widget, the two
    distributions are not assumed: they are the survey's two groups as observed; the
    assumption is that a citizen who learns the rules comes to expect what informed
    respondents expect.

    Validated against: helpers.asymmetry.surprise_mixture (same numbers) —
    tests/test_widgets_challenges.py.

    Examples
    --------
    >>> df = pd.DataFrame({"k": [1] * 4 + [0] * 4, "e": [10, 10, 10, 10, 5, 5, 10, 5],
    ...                    "a": [11, 9, 13, 10, 9, 12, 10, 6]})
    >>> w = informed_share_widget(df, "e", "a", "k", simulated=True)
    >>> out = w.evaluate(informed_share=1.0, tolerance=2)
    >>> float(out.loc[out["selected"], "estimate"].item())
    0.25
    """
    @functools.lru_cache(maxsize=32)
    def by_tolerance(tolerance: float) -> pd.DataFrame:
        out = surprise_mixture(data, expected, actual, group, informed=informed,
                               shares=_SHARES, tolerance=tolerance)
        return out[["informed_share", "estimate", "ci_low", "ci_high", "observed_share"]].round(3)

    def compute(informed_share: float, tolerance: float) -> pd.DataFrame:
        """All 11 shares at this tolerance; ``selected`` marks the slider's share."""
        out = by_tolerance(float(tolerance)).copy()
        out["selected"] = np.isclose(out["informed_share"], informed_share)
        return out

    def chart(base: alt.Chart, params: Mapping[str, Any]) -> alt.TopLevelMixin:
        x = alt.X("informed_share:Q", title="知道公布时限的群众比例",
                  scale=alt.Scale(domain=[0, 1]), axis=alt.Axis(format=".0%"))
        y = alt.Y("estimate:Q", title="负向意外比例（实际比预期慢得超过容忍天数）",
                  scale=alt.Scale(domain=[0, 0.8]), axis=alt.Axis(format=".0%"))
        band = base.mark_area(color=MAIN, opacity=0.2).encode(x=x, y="ci_low:Q", y2="ci_high:Q")
        line = base.mark_line(color=MAIN).encode(x=x, y=y)
        observed = base.transform_filter("datum.selected").mark_rule(
            color=TEXT, strokeDash=[4, 3]).encode(x="observed_share:Q")
        obs_text = base.transform_filter("datum.selected").transform_calculate(
            t="'调查中知道时限的比例 ' + format(datum.observed_share, '.0%')").mark_text(
            align="left", dx=4, color=TEXT, fontSize=11).encode(x="observed_share:Q",
                                                                  y=alt.value(12), text="t:N")
        sel = base.transform_filter("datum.selected")
        point = sel.mark_point(color=BAD, filled=True, size=90).encode(
            x=x, y=y, tooltip=[alt.Tooltip("estimate:Q", title="负向意外比例", format=".1%"),
                               alt.Tooltip("ci_low:Q", title="95% 区间下限", format=".1%"),
                               alt.Tooltip("ci_high:Q", title="95% 区间上限", format=".1%")])
        rule = sel.mark_rule(color=BAD).encode(x=x, y="ci_low:Q", y2="ci_high:Q")
        label = sel.transform_calculate(
            t=("format(datum.estimate, '.0%') + '（95% 区间 ' + format(datum.ci_low, '.0%') + '–'"
               " + format(datum.ci_high, '.0%') + '）'")).mark_text(
            align="left", dx=8, dy=-10, color=BAD, fontSize=12).encode(x=x, y=y, text="t:N")
        return alt.layer(band, line, observed, obs_text, rule, point, label).properties(
            width=500, height=280)

    return Widget(
        simulated=simulated,
        key="informed-share",
        title="知道规则的人越多，负向意外越少吗？",
        params=[Param("informed_share", "知道公布时限的群众比例", 0, 1, 0.1, 0.5),
                Param("tolerance", "能容忍比预期慢几天", 0, 6, 1, 2)],
        compute=compute,
        chart=chart,
        note=("模拟数据：由调查中“知道时限”和“不知道时限”两组实际的预期和办理时间算出。"
              "先把容忍天数设为 0，再逐步加大，看两端的差别怎样变化。"),
    )


_QUEUE_MEASURES = {"p_wait": "需要排队的概率", "share_over_promise": "等候超过承诺时间的比例",
                   "occupancy": "窗口忙碌的时间占比（占用率）"}


def queue_widget(*, simulated: bool, exceed: float = 0.1) -> Widget:
    """Chapter 6: arrivals, handling time, open windows, promised wait → waiting and occupancy.

    Sliders: ``arrivals`` (per hour, 30–90 by 15), ``handle`` (minutes per citizen, 6–15 by 3),
    ``windows`` (4–24 by 2) and ``promise`` (promised wait, 10–30 minutes by 10). The chart
    shows three bars (probability of waiting, share over the promise, occupancy) and a line of
    text with the average wait and the wait that ``1 − exceed`` of citizens stay within.

    Parameters
    ----------
    simulated : bool
        Required, keyword-only. The figures come from the Erlang C model, not from data; pass
        ``True`` (the chapter's scenario is invented), and both views say 模拟数据.
    exceed : float, default 0.1
        Share of citizens allowed to wait longer than the "safe promise" shown in the text.

    Returns
    -------
    helpers.widgets.Widget
        Key ``"queue"``; ``w.evaluate(...)`` returns one row: ``p_wait, share_over_promise,
        occupancy, mean_wait`` (minutes, −1 when the queue is unstable), ``safe_promise``
        (minutes, −1 when unstable), ``stable``, ``load`` (offered load A) and the parameter
        columns.

    Notes
    -----
    :func:`helpers.queueing.window_staffing` and :func:`helpers.queueing.promise_time`
    (Erlang C, M/M/N: Poisson arrivals, exponential handling times, one shared queue, nobody
    leaves). 11 × 5 × 4 × 3 = 660 grid points of one row each.

    Validated against: helpers.queueing.window_staffing and promise_time (same numbers) —
    tests/test_widgets_challenges.py.

    Examples
    --------
    >>> w = queue_widget(simulated=True)
    >>> row = w.evaluate(arrivals=60, handle=12, windows=14, promise=10).iloc[0]
    >>> bool(row["stable"]), round(float(row["occupancy"]), 3)
    (True, 0.857)
    """
    counts = list(range(4, 25, 2))

    @functools.lru_cache(maxsize=128)
    def tables(arrivals: float, handle: float, promise: float) -> tuple[pd.DataFrame, pd.DataFrame]:
        return (window_staffing(arrivals, handle, promise, counts).set_index("windows"),
                promise_time(arrivals / 60, handle, counts, exceed=exceed).set_index("agents"))

    def compute(arrivals: float, handle: float, windows: float, promise: float) -> pd.DataFrame:
        """One row of queue measures (−1 for the waits of an unstable queue)."""
        n = int(round(windows))
        if n in counts:
            staffing, promises = tables(float(arrivals), float(handle), float(promise))
            t, p = staffing.loc[n], promises.loc[n]
        else:
            t = window_staffing(arrivals, handle, promise, n).iloc[0]
            p = promise_time(arrivals / 60, handle, n, exceed=exceed).iloc[0]
        stable = bool(t["stable"])
        return pd.DataFrame([{
            "p_wait": float(t["p_wait"]), "share_over_promise": float(t["share_over_promise"]),
            "occupancy": float(t["occupancy"]),
            "mean_wait": float(t["mean_wait"]) if stable else -1.0,
            "safe_promise": float(p["promise"]) if stable else -1.0,
            "stable": stable, "load": arrivals * handle / 60,
        }]).round(4)

    def chart(base: alt.Chart, params: Mapping[str, Any]) -> alt.TopLevelMixin:
        names = list(_QUEUE_MEASURES)
        label_expr = " : ".join(f"datum.measure == '{k}' ? '{v}'" for k, v in
                                _QUEUE_MEASURES.items()) + " : ''"
        bars = base.transform_fold(names, as_=["measure", "value"]).transform_calculate(
            label=label_expr)
        y = alt.Y("label:N", title=None, sort=[_QUEUE_MEASURES[k] for k in names])
        x = alt.X("value:Q", title=None, scale=alt.Scale(domain=[0, 1]), axis=alt.Axis(format=".0%"))
        # coloured by the bar's own axis label: each bar is named on the y axis
        colour = alt.Color("label:N", scale=alt.Scale(domain=[_QUEUE_MEASURES[k] for k in names],
                                                      range=[MAIN, BAD, COMPARE]), legend=None)
        bar = bars.mark_bar(height=22).encode(x=x, y=y, color=colour,
                                             tooltip=[alt.Tooltip("label:N", title="指标"),
                                                      alt.Tooltip("value:Q", title="数值", format=".1%")])
        text = bars.mark_text(align="left", dx=4, fontSize=12).encode(
            x=x, y=y, text=alt.Text("value:Q", format=".0%"))
        top = alt.layer(bar, text).properties(width=460, height=120)
        summary = base.transform_calculate(t=(
            "datum.stable ? '平均等候 ' + format(datum.mean_wait, '.1f') + ' 分钟；"
            f"{1 - exceed:.0%} 的群众等候不超过 ' + format(datum.safe_promise, '.0f') + ' 分钟'"
            " : '开放 ' + format(datum.param_windows, '.0f') + ' 个窗口，不超过每小时的工作量（'"
            " + format(datum.load, '.1f') + ' 个窗口）：队伍会越排越长，' + format(datum.param_promise, '.0f')"
            " + ' 分钟的承诺无法兑现'")).mark_text(
            align="left", fontSize=13, color=REFERENCE).encode(
            x=alt.value(0), y=alt.value(10), text="t:N",
            color=alt.condition("datum.stable", alt.value(REFERENCE), alt.value(BAD)))
        return alt.vconcat(top, summary.properties(width=460, height=20), spacing=6)

    return Widget(
        simulated=simulated,
        key="queue",
        title="窗口够不够：来人、办理时间、窗口数与等候",
        params=[Param("arrivals", "每小时来办事的人数", 30, 90, 15, 60),
                Param("handle", "平均办理时间（分钟）", 6, 15, 3, 12),
                Param("windows", "开放窗口数", 4, 24, 2, 14),
                Param("promise", "承诺的等候时间（分钟）", 10, 30, 10, 20)],
        compute=compute,
        chart=chart,
        note=("排队论（Erlang C）模型的计算结果，情景为虚构（模拟数据）。"
              "先减少窗口直到队伍“越排越长”，再一个个加回来，看每多开一个窗口的效果是否越来越小。"),
    )


def trust_slope_widget(data: pd.DataFrame, outcome: Hashable = "satisfaction",
                       predictor: Hashable = "gap_days", moderator: Hashable = "trust", *,
                       simulated: bool, lo: float = 1, hi: float = 7) -> Widget:
    """Chapter 6: trust level → slope of satisfaction on the expectation gap, with its interval.

    Slider ``trust`` (``lo``–``hi`` by 0.5). The chart shows the slope across the whole trust
    range with its 95 % band (the fitted moderated regression), the chosen level as a red
    point with its interval, and a sentence saying what the slope means.

    Parameters
    ----------
    data : DataFrame
        Survey rows (e.g. ``load_dataset("citizen_expectations")``).
    outcome, predictor, moderator : column names
        As in :func:`helpers.moderation.simple_slopes`.
    simulated : bool
        Required, keyword-only: ``True`` when the data are simulated.
    lo, hi : float, default 1, 7
        Range of the trust slider (the scale of the moderator).

    Returns
    -------
    helpers.widgets.Widget
        Key ``"trust-slope"``; ``w.evaluate(trust=…)`` returns one row: ``moderator_value,
        estimate, ci_low, ci_high, se, p_value, n`` of :func:`helpers.moderation.simple_slopes`
        at that trust, and the parameter column.

    Notes
    -----
    Simple slope ``b1 + b3·(m − M̄)`` with its t interval from one OLS fit
    (:func:`helpers.moderation.simple_slopes`). Values of trust far from the data's mean
    rest on few respondents: the band widens there.

    Validated against: helpers.moderation.simple_slopes (same numbers) —
    tests/test_widgets_challenges.py.

    Examples
    --------
    >>> df = pd.DataFrame({"s": [1, 2, 4, 3, 6, 9, 2, 5, 7, 8.5],
    ...                    "g": [0, 1, 2, 0, 1, 2, 0, 1, 2, 2],
    ...                    "t": [1, 1, 1, 4, 4, 4, 7, 7, 7, 7]})
    >>> w = trust_slope_widget(df, "s", "g", "t", simulated=True)
    >>> round(float(w.evaluate(trust=4)["estimate"].item()), 3)
    2.35
    """
    grid = np.round(np.arange(lo, hi + 1e-9, 0.25), 2)
    curve = simple_slopes(data, outcome, predictor, moderator, at=list(grid))
    curve = curve[["moderator_value", "estimate", "ci_low", "ci_high"]].round(4)

    def compute(trust: float) -> pd.DataFrame:
        """The simple slope at this trust level."""
        out = simple_slopes(data, outcome, predictor, moderator, at=[trust])
        return out.drop(columns=["label"]).round(4)

    def chart(base: alt.Chart, params: Mapping[str, Any]) -> alt.TopLevelMixin:
        x = alt.X("moderator_value:Q", title="对服务中心的信任（1–7）",
                  scale=alt.Scale(domain=[lo, hi]))
        ymin = float(min(curve["ci_low"].min(), 0)) - 0.02
        ymax = float(curve["ci_high"].max()) + 0.03
        y = alt.Y("estimate:Q", title="差距每多 1 天，满意度变化（分）",
                  scale=alt.Scale(domain=[ymin, ymax]))
        c = alt.Chart(curve)
        band = c.mark_area(color=MAIN, opacity=0.18).encode(x=x, y="ci_low:Q", y2="ci_high:Q")
        line = c.mark_line(color=MAIN).encode(x=x, y=y)
        zero = alt.Chart(pd.DataFrame({"z": [0.0]})).mark_rule(color=REFERENCE).encode(y="z:Q")
        rule = base.mark_rule(color=BAD, strokeWidth=2).encode(x=x, y="ci_low:Q", y2="ci_high:Q")
        point = base.mark_point(color=BAD, filled=True, size=90).encode(
            x=x, y=y, tooltip=[alt.Tooltip("estimate:Q", title="斜率", format=".3f"),
                               alt.Tooltip("ci_low:Q", title="95% 区间下限", format=".3f"),
                               alt.Tooltip("ci_high:Q", title="95% 区间上限", format=".3f")])
        text = base.transform_calculate(t=(
            "'信任 ' + format(datum.moderator_value, '.1f') + ' 分时：比预期每快（慢）1 天，满意度高（低）约 '"
            " + format(datum.estimate, '.2f') + ' 分（95% 区间 ' + format(datum.ci_low, '.2f') + ' 到 '"
            " + format(datum.ci_high, '.2f') + '）'")).mark_text(
            align="left", fontSize=12, color=BAD).encode(x=alt.value(0), y=alt.value(-12),
                                                           text="t:N")
        return alt.layer(band, line, zero, rule, point, text).properties(width=500, height=260)

    return Widget(
        simulated=simulated,
        key="trust-slope",
        title="信任高低不同，期望差距对满意度的影响一样大吗？",
        params=[Param("trust", "对服务中心的信任（1–7）", lo, hi, 0.5, 4.0)],
        compute=compute,
        chart=chart,
        note=("模拟数据：由带交互项的回归估计。把信任从 1 拖到 7，看斜率怎样变化；"
              "两端的区间为什么更宽？"),
    )
