"""Chapter 5 widgets (案例分析，案例一): league tables from noise alone, and the p control chart.

- :func:`league_reshuffle_widget`: ratings per window → two monthly league tables of windows
  whose true quality never changed, and how much their order agrees
  (:func:`helpers.shrinkage.rank_reshuffle`).
- :func:`control_chart_widget`: months observed so far and the control-limit rule → the p
  chart or Laney's p′ chart with run-rule signals (:func:`helpers.spc.p_chart`).
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import Any

import altair as alt
import numpy as np
import pandas as pd

from helpers._validate import HelpersError, require_columns
from helpers.shrinkage import rank_reshuffle
from helpers.spc import p_chart
from helpers.widgets._core import Choice, Param, Widget
from helpers.plots._palette import BAD, MAIN, NEUTRAL, REFERENCE, TEXT

__all__ = ["league_reshuffle_widget", "control_chart_widget"]

_N_OPTIONS = (10, 30, 100, 300, 1000, 3000)


def league_reshuffle_widget(*, simulated: bool, alpha: float = 8.0, beta: float = 92.0,
                            windows: int = 20, top: int = 5, n_sim: int = 400,
                            seed: int = 2031) -> Widget:
    """Chapter 5: ratings per window → how much a league table reshuffles from noise alone.

    Control: ``n_per_window`` (ratings each window gets in a month: 10, 30, 100, 300, 1000,
    3000). The chart draws one example: ``windows`` windows whose true bad-rating shares are
    fixed, ranked in two months of pure noise (left: month 1, right: month 2; lines join the
    same window; the month-1 top ``top`` in red), and underneath the averages over ``n_sim``
    simulated pairs of tables from :func:`helpers.shrinkage.rank_reshuffle`.

    Parameters
    ----------
    simulated : bool
        Required, keyword-only: ``True``; both views carry 模拟数据.
    alpha, beta : float, default 8, 92
        Beta prior of the windows' true bad shares (mean α/(α + β) = 8 %; use the fit of
        :func:`helpers.shrinkage.beta_binomial_prior` on real data).
    windows, top : int, default 20, 5
        Number of windows and size of the top of the table.
    n_sim : int, default 400
        Simulated pairs of tables for the averages.
    seed : int, default 2031
        Seed of the example and of the simulation (the same for every setting).

    Returns
    -------
    helpers.widgets.Widget
        Key ``"league-reshuffle"``, choice ``n_per_window``. ``w.evaluate(...)`` returns rows
        of kind ``'window'`` (``window, theta, rank_a, rank_b, top_a``) and ``'summary'``
        (``measure, label, estimate, ci_low, ci_high``, from
        :func:`helpers.shrinkage.rank_reshuffle`, and a ``text`` line).

    Notes
    -----
    True shares θ_i ~ Beta(α, β) once; two tables x_i ~ Binomial(n, θ_i). The example uses
    the same θ and the same random stream at every n (common random numbers), so what changes
    between settings is only the amount of data. Robinson (2015, 2017); Efron & Morris (1975).

    Validated against: helpers.shrinkage.rank_reshuffle (same numbers) —
    tests/test_widgets_improvement.py.

    Examples
    --------
    >>> w = league_reshuffle_widget(simulated=True, n_sim=100)
    >>> few = w.evaluate(n_per_window="10").query("kind == 'summary'").set_index("measure")
    >>> many = w.evaluate(n_per_window="3000").query("kind == 'summary'").set_index("measure")
    >>> bool(few.loc["spearman_draws", "estimate"] < many.loc["spearman_draws", "estimate"])
    True
    """
    if not 3 <= windows <= 60 or not 1 <= top < windows:
        raise HelpersError("windows 须在 3–60 之间，top 须小于 windows "
                           "(windows must be in [3, 60] and top < windows)")
    names = [f"W{i:02d}" for i in range(1, windows + 1)]
    theta = np.random.default_rng(seed).beta(alpha, beta, windows)

    def compute(n_per_window: str) -> pd.DataFrame:
        n = int(n_per_window)
        rng = np.random.default_rng(seed + 1)
        u1, u2 = rng.random((windows, n)), rng.random((windows, n))
        x1 = (u1 < theta[:, None]).sum(axis=1)
        x2 = (u2 < theta[:, None]).sum(axis=1)
        tie1, tie2 = rng.random(windows), rng.random(windows)
        rank_a = np.empty(windows, dtype=int)
        rank_b = np.empty(windows, dtype=int)
        rank_a[np.argsort(x1 / n + 1e-9 * tie1)] = np.arange(1, windows + 1)
        rank_b[np.argsort(x2 / n + 1e-9 * tie2)] = np.arange(1, windows + 1)
        win = pd.DataFrame({"kind": "window", "window": names, "theta": theta.round(4),
                            "rank_a": rank_a, "rank_b": rank_b, "top_a": rank_a <= top})
        summ = rank_reshuffle([n] * windows, alpha, beta, top=top, n_sim=n_sim, seed=seed)
        summ = summ[["measure", "label", "estimate", "ci_low", "ci_high"]].round(3)
        s = summ.set_index("measure")["estimate"]
        text = (f"每个窗口每月 {n:,} 条评价：两次纯噪声排名的相关平均 {s['spearman_draws']:.2f}"
                f"（1 = 名次完全一样）；前 {top} 名平均有 {s['top_changed']:.0%} 换人")
        summ = summ.assign(kind="summary", text=text)
        return pd.concat([win, summ], ignore_index=True)

    def chart(base: alt.Chart, params: Mapping[str, Any]) -> alt.TopLevelMixin:
        wins = base.transform_filter("datum.kind == 'window'")
        long = wins.transform_fold(["rank_a", "rank_b"], as_=["table", "rank"]).transform_calculate(
            month="datum.table == 'rank_a' ? '第 1 个月' : '第 2 个月'")
        scale = alt.Scale(domain=[windows + 0.5, 0.5])
        y = alt.Y("rank:Q", title=None, scale=scale, axis=None)
        x = alt.X("month:N", title=None, sort=["第 1 个月", "第 2 个月"],
                  axis=alt.Axis(labelAngle=0, orient="top", labelFontSize=12))
        colour = alt.condition("datum.top_a", alt.value(BAD), alt.value(NEUTRAL))
        lines = long.mark_line(point=True).encode(
            x=x, y=y, detail="window:N", color=colour,
            tooltip=[alt.Tooltip("window:N", title="窗口"), alt.Tooltip("month:N", title="月份"),
                     alt.Tooltip("rank:Q", title="名次"),
                     alt.Tooltip("theta:Q", title="真实差评比例", format=".1%")])
        left = wins.transform_calculate(
            month="'第 1 个月'", t="'第 ' + datum.rank_a + ' 名  ' + datum.window"
        ).mark_text(align="right", dx=-8, fontSize=10).encode(
            x=x, y=alt.Y("rank_a:Q", scale=scale, axis=None), text="t:N", color=colour)
        right = wins.transform_calculate(
            month="'第 2 个月'", t="datum.window + '  第 ' + datum.rank_b + ' 名'"
        ).mark_text(align="left", dx=8, fontSize=10).encode(
            x=x, y=alt.Y("rank_b:Q", scale=scale, axis=None), text="t:N", color=colour)
        top_chart = alt.layer(lines, left, right).properties(width=300, height=330)
        summary = base.transform_filter("datum.kind == 'summary' && datum.measure == "
                                        "'spearman_draws'").mark_text(
            align="left", fontSize=12).encode(x=alt.value(0), y=alt.value(10), text="text:N")
        return alt.vconcat(top_chart, summary.properties(width=300, height=20), spacing=8)

    return Widget(
        simulated=simulated,
        key="league-reshuffle",
        title="只有噪声时，窗口排行榜会怎样变化",
        params=[Choice("n_per_window", "每个窗口每月的评价条数",
                       tuple((str(v), f"{v:,} 条") for v in _N_OPTIONS), "30")],
        compute=compute,
        chart=chart,
        note=(f"模拟数据：{windows} 个窗口的真实水平两个月完全相同，名次的变化全是运气。"
              "把评价条数从 10 条调到 3,000 条，看两次排名何时才基本一致。"),
    )


def control_chart_widget(data: pd.DataFrame, count: Hashable = "n_bad",
                         n: Hashable = "n_ratings", time: Hashable = "month", *,
                         simulated: bool, first_month: int = 6,
                         title: str = "月度差评比例控制图") -> Widget:
    """Chapter 5: months observed so far and the control-limit rule → the p chart.

    Controls: ``months`` (how many months of ``data`` are on the chart; limits are computed
    from those months, as they would be at that time) and ``rule`` (``'shewhart'``: the p chart
    with 3σ limits; ``'laney'``: Laney's p′ chart, limits widened by the over-dispersion σ_z).
    Red diamonds are signals (beyond a limit or a Western Electric run rule).

    Parameters
    ----------
    data : DataFrame
        One row per month in time order (e.g. one window of
        :func:`helpers.simulate.window_monthly`).
    count, n, time : column names, default ``"n_bad"``, ``"n_ratings"``, ``"month"``
        Bad ratings, ratings and the month label.
    simulated : bool
        Required, keyword-only: ``True`` when the data are simulated.
    first_month : int, default 6
        Smallest number of months on the slider.
    title : str
        Title of the chart.

    Returns
    -------
    helpers.widgets.Widget
        Key ``"control-chart"``, slider ``months``, choice ``rule``. ``w.evaluate(...)`` returns
        the rows of :func:`helpers.spc.p_chart` (``time, estimate, centre, lcl, ucl, signal,
        sigma_z`` …) for the first ``months`` months, plus ``order`` (1, 2, …) and ``text``.

    Notes
    -----
    p chart: p̄ ± 3√(p̄(1 − p̄)/n_i); Laney p′: p̄ ± 3·σ_z·√(p̄(1 − p̄)/n_i), σ_z = mean moving
    range of z / 1.128 (see :func:`helpers.spc.p_chart`).

    Validated against: helpers.spc.p_chart on the same months — tests/test_widgets_improvement.py.

    Examples
    --------
    >>> df = pd.DataFrame({"month": [f"M{i}" for i in range(1, 9)],
    ...                    "n_bad": [8, 9, 30, 7, 10, 9, 8, 11], "n_ratings": [100] * 8})
    >>> w = control_chart_widget(df, simulated=True)
    >>> out = w.evaluate(months=8, rule="shewhart")
    >>> out.loc[out["signal"], "time"].tolist()
    ['M3']
    """
    require_columns(data, [count, n, time])
    series = data.reset_index(drop=True)
    total = len(series)
    if total < first_month or first_month < 3:
        raise HelpersError(f"至少需要 {max(first_month, 3)} 个月的数据 (at least "
                           f"{max(first_month, 3)} months are needed, got {total})")
    months = [str(v) for v in series[time]]

    def compute(months: float, rule: str) -> pd.DataFrame:
        k = int(round(months))
        pc = p_chart(series.iloc[:k], count, n, time=time, method=rule)
        pc["time"] = pc["time"].astype(str)
        pc["order"] = np.arange(1, k + 1)
        n_sig = int(pc["signal"].sum())
        name = "p 图（3σ）" if rule == "shewhart" else f"Laney p′ 图（σ_z = {pc['sigma_z'].iloc[0]:.2f}）"
        pc["text"] = f"{name}：{k} 个月中 {n_sig} 个月发出信号"
        cols = ["time", "order", "count", "n", "estimate", "centre", "lcl", "ucl", "sigma_z",
                "signal", "text"]
        return pc[cols].round({"estimate": 5, "centre": 5, "lcl": 5, "ucl": 5, "sigma_z": 4})

    def chart(base: alt.Chart, params: Mapping[str, Any]) -> alt.TopLevelMixin:
        x = alt.X("time:O", title=None, scale=alt.Scale(domain=months),
                  axis=alt.Axis(labelAngle=-45))
        y_fmt = alt.Axis(format=".0%")
        limits = alt.layer(
            base.mark_line(interpolate="step", color=TEXT, strokeDash=[4, 3]).encode(
                x=x, y=alt.Y("ucl:Q", title="差评比例", axis=y_fmt)),
            base.mark_line(interpolate="step", color=TEXT, strokeDash=[4, 3]).encode(x=x, y="lcl:Q"),
            base.mark_line(color=REFERENCE, strokeWidth=1).encode(x=x, y="centre:Q"),
        )
        pts = base.mark_line(color=MAIN, point=False).encode(x=x, y="estimate:Q")
        marks = base.mark_point(filled=True, size=60).encode(
            x=x, y="estimate:Q",
            color=alt.condition("datum.signal", alt.value(BAD), alt.value(MAIN)),
            shape=alt.condition("datum.signal", alt.value("diamond"), alt.value("circle")),
            tooltip=[alt.Tooltip("time:O", title="月份"),
                     alt.Tooltip("estimate:Q", title="差评比例", format=".2%"),
                     alt.Tooltip("n:Q", title="评价条数", format=","),
                     alt.Tooltip("lcl:Q", title="下控制限", format=".2%"),
                     alt.Tooltip("ucl:Q", title="上控制限", format=".2%")])
        text = base.transform_filter("datum.order == 1").mark_text(
            align="left", fontSize=12).encode(x=alt.value(0), y=alt.value(-8), text="text:N")
        return alt.layer(limits, pts, marks, text).properties(width=520, height=260)

    return Widget(
        simulated=simulated,
        key="control-chart",
        title=title,
        params=[Param("months", "已有几个月的数据", first_month, total, 1, total),
                Choice("rule", "控制限", (("shewhart", "p 图（3σ）"), ("laney", "Laney p′ 图")),
                       "shewhart", radio=True)],
        compute=compute,
        chart=chart,
        note=("模拟数据：灰线是控制限，黑线是中心线，红色菱形是信号。拖动月份，看控制限怎样随数据变化；"
              "再换成 Laney p′ 图，看哪些“信号”只是评价很多时的正常波动。"),
    )
