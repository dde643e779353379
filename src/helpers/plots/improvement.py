"""Continuous-improvement charts: the p control chart, raw vs shrunk league tables, and the
interrupted time series with its counterfactual.

Each function takes the tidy result of :mod:`helpers.spc`, :mod:`helpers.shrinkage` or
:mod:`helpers.its`, draws it with matplotlib in the CJK font and returns the Axes (or a
figure's Axes array). Every chart takes the required keyword ``simulated``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from helpers._validate import require_columns
from helpers.plots._font import use_chinese_font
from helpers.plots._simulated import mark_simulated
from helpers.plots._palette import BAD, COMPARE, MAIN, REFERENCE, TEXT, TRUTH

__all__ = ["control_chart", "shrinkage_chart", "its_chart"]



def _time_axis(ax, x: np.ndarray, labels: list[str], ylabel: str) -> None:
    """About 12 slanted period labels on the x axis; shares in % on the y axis."""
    import matplotlib.pyplot as plt

    step = max(1, len(x) // 12)
    ax.set_xticks(x[::step])
    ax.set_xticklabels(labels[::step], rotation=45, ha="right", fontsize=8)
    ax.yaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{v:.0%}"))
    ax.set_ylabel(ylabel)


def control_chart(chart: pd.DataFrame, *, simulated: bool, compare: pd.DataFrame | None = None,
                  ylabel: str = "差评比例", title: str = "", ax=None):
    """A p chart: monthly shares, centre line, stepping control limits, signals in red.

    Parameters
    ----------
    chart : DataFrame
        The output of :func:`helpers.spc.p_chart` (``time, estimate, centre, lcl, ucl,
        signal``).
    simulated : bool
        Required, keyword-only: ``True`` writes 模拟数据 in the figure's corner.
    compare : DataFrame, optional
        A second :func:`helpers.spc.p_chart` of the same data (e.g. Laney's p′): its limits are
        drawn as dash-dotted orange lines (the p chart's own limits are dashed grey).
    ylabel, title : str
        Axis label and Axes title (none when empty).
    ax : matplotlib Axes, optional
        Axes to draw on; default: a new figure.

    Returns
    -------
    matplotlib.axes.Axes
        The chart.

    Notes
    -----
    The limits are drawn as steps (they change with n_i). Points with any signal (beyond a
    limit or a run rule, column ``signal``) are red; the others blue. Nothing is computed here.

    Examples
    --------
    >>> from helpers.spc import p_chart
    >>> df = pd.DataFrame({"m": ["1月", "2月", "3月", "4月"], "x": [8, 30, 9, 11],
    ...                    "n": [100, 120, 90, 110]})
    >>> ax = control_chart(p_chart(df, "x", "n", time="m"), simulated=True)
    >>> ax.get_ylabel(), [t.get_text() for t in ax.figure.texts]
    ('差评比例', ['模拟数据'])
    """
    import matplotlib.pyplot as plt

    use_chinese_font()
    require_columns(chart, ["time", "estimate", "centre", "lcl", "ucl", "signal"], name="chart")
    if ax is None:
        _, ax = plt.subplots(figsize=(7.6, 3.6))
    x = np.arange(len(chart))
    # limits dashed, the centre line solid: they differ in style, not only in grey
    ax.step(x, chart["ucl"], where="mid", color=TEXT, lw=1.2, ls="--", label="控制限（p 图）")
    ax.step(x, chart["lcl"], where="mid", color=TEXT, lw=1.2, ls="--")
    if compare is not None:
        require_columns(compare, ["lcl", "ucl"], name="compare")
        ax.step(x, compare["ucl"], where="mid", color=COMPARE, lw=1.4, ls="-.",
                label="控制限（Laney p′ 图）")
        ax.step(x, compare["lcl"], where="mid", color=COMPARE, lw=1.4, ls="-.")
    ax.axhline(float(chart["centre"].iloc[0]), color=REFERENCE, lw=1, label="中心线")
    ax.plot(x, chart["estimate"], color=MAIN, lw=1, zorder=2)
    sig = chart["signal"].to_numpy(dtype=bool)
    ax.scatter(x[~sig], chart["estimate"][~sig], color=MAIN, s=22, zorder=3, label="月度比例")
    if sig.any():
        ax.scatter(x[sig], chart["estimate"][sig], color=BAD, s=40, zorder=4, marker="D",
                   label="信号（超出控制限或符合判异规则）")
    _time_axis(ax, x, [str(t) for t in chart["time"]], ylabel)
    top = float(np.nanmax(np.r_[chart["ucl"], chart["estimate"],
                                compare["ucl"] if compare is not None else []]))
    ax.set_ylim(0, top * 1.35)                       # room for the legend above the data
    if title:
        ax.set_title(title)
    ax.legend(fontsize=8, loc="upper right", frameon=False, ncol=2)
    ax.figure.tight_layout()
    mark_simulated(ax.figure, simulated)
    return ax


def shrinkage_chart(rates: pd.DataFrame, *, simulated: bool, order: str = "estimate",
                    truth: Sequence[float] | None = None, xlabel: str = "差评比例",
                    title: str = "", ax=None):
    """Raw shares (hollow) and shrunk estimates with posterior intervals, one row per unit.

    Parameters
    ----------
    rates : DataFrame
        The output of :func:`helpers.shrinkage.shrunk_rates` (``unit, n, raw, estimate,
        ci_low, ci_high, prior_mean``).
    simulated : bool
        Required, keyword-only: ``True`` writes 模拟数据 in the figure's corner.
    order : {"estimate", "raw", "n"}, default "estimate"
        Sort the rows by the shrunk estimate, the raw share or the number of ratings (best /
        largest at the top).
    truth : sequence of float, optional
        True shares in the row order of ``rates`` (simulated data), drawn as black crosses.
    xlabel, title : str
        Axis label and Axes title.
    ax : matplotlib Axes, optional
        Axes to draw on.

    Returns
    -------
    matplotlib.axes.Axes
        The chart; each y label is ``unit（n 条）``.

    Notes
    -----
    Arrows go from the raw share to the shrunk estimate: long arrows are units with few
    ratings. The vertical line is the prior mean. Nothing is computed here.

    Examples
    --------
    >>> from helpers.shrinkage import shrunk_rates
    >>> df = pd.DataFrame({"w": list("ABCDEFGH"), "x": [3, 10, 1, 30, 0, 8, 2, 25],
    ...                    "n": [40, 120, 15, 300, 12, 90, 80, 150]})
    >>> ax = shrinkage_chart(shrunk_rates(df, "w", "x", "n"), simulated=True)
    >>> ax.get_yticklabels()[-1].get_text()
    'G（80 条）'
    """
    import matplotlib.pyplot as plt

    use_chinese_font()
    require_columns(rates, ["unit", "n", "raw", "estimate", "ci_low", "ci_high", "prior_mean"],
                    name="rates")
    data = rates.copy()
    if truth is not None:
        data["truth"] = list(truth)
    if order not in ("estimate", "raw", "n"):
        from helpers._validate import HelpersError
        raise HelpersError(f"order 必须是 'estimate'、'raw' 或 'n' (order must be 'estimate', "
                           f"'raw' or 'n', got {order!r})")
    # y = 0 is the bottom row: the best (lowest share) or the largest unit ends up on top
    data = data.sort_values(order, ascending=(order == "n"), kind="stable")
    if ax is None:
        _, ax = plt.subplots(figsize=(7.0, 0.3 * len(data) + 1.4))
    y = np.arange(len(data))
    ax.hlines(y, data["ci_low"], data["ci_high"], color=MAIN, lw=2, alpha=0.6,
              label="收缩估计的 95% 后验区间")
    ax.scatter(data["estimate"], y, color=MAIN, s=26, zorder=3, label="收缩估计")
    ax.scatter(data["raw"], y, facecolors="none", edgecolors=BAD, s=30, zorder=3,
               label="原始比例")
    for yi, (r, e) in enumerate(zip(data["raw"], data["estimate"], strict=True)):
        if abs(r - e) > 1e-4:
            ax.annotate("", xy=(e, yi), xytext=(r, yi),
                        arrowprops=dict(arrowstyle="->", color=TEXT, lw=0.8))
    if "truth" in data:
        ax.scatter(data["truth"], y, marker="x", color=TRUTH, s=24, zorder=4, label="真值")
    ax.axvline(float(data["prior_mean"].iloc[0]), color=TEXT, ls=":", lw=1,
               label="全部窗口的平均水平")
    ax.set_yticks(y)
    ax.set_yticklabels([f"{u}（{n:,} 条）" for u, n in zip(data["unit"], data["n"], strict=True)],
                       fontsize=8)
    ax.xaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{v:.0%}"))
    ax.set_xlim(left=0)
    ax.set_xlabel(xlabel)
    if title:
        ax.set_title(title)
    ax.legend(fontsize=8, loc="upper right", frameon=True)
    ax.figure.tight_layout()
    mark_simulated(ax.figure, simulated)
    return ax


def its_chart(lines: pd.DataFrame, *, simulated: bool, truth: pd.DataFrame | None = None,
              labels: Sequence[str] | None = None, change_label: str = "改进开始",
              ylabel: str = "差评比例", title: str = "", ax=None):
    """Interrupted time series: observed shares, the fitted segments and the counterfactual.

    Parameters
    ----------
    lines : DataFrame
        The output of :func:`helpers.its.segmented_lines` (``time, observed, fitted,
        counterfactual, after``).
    simulated : bool
        Required, keyword-only: ``True`` writes 模拟数据 in the figure's corner.
    truth : DataFrame, optional
        Columns ``expected_share`` and ``counterfactual_share`` in the row order of ``lines``
        (e.g. from :func:`helpers.simulate.window_monthly_truth` with ``by="month"``), drawn
        thin and black.
    labels : sequence of str, optional
        Tick labels of the periods (e.g. months).
    change_label, ylabel, title : str
        Label of the change line, axis label and Axes title.
    ax : matplotlib Axes, optional
        Axes to draw on.

    Returns
    -------
    matplotlib.axes.Axes
        The chart.

    Notes
    -----
    The fitted line after the change, against the dashed counterfactual (the pre-change line
    carried forward), shows the estimated effect; the gap at the first post-change period is
    the level change. Nothing is computed here.

    Examples
    --------
    >>> from helpers.its import segmented_lines
    >>> t = np.arange(1, 13)
    >>> df = pd.DataFrame({"t": t, "y": 0.08 - 0.02 * (t >= 7) + 0.001 * (-1) ** t})
    >>> ax = its_chart(segmented_lines(df, "t", "y", intervention=7), simulated=True)
    >>> ax.get_ylabel()
    '差评比例'
    """
    import matplotlib.pyplot as plt

    use_chinese_font()
    require_columns(lines, ["time", "observed", "fitted", "counterfactual", "after"],
                    name="lines")
    if ax is None:
        _, ax = plt.subplots(figsize=(7.6, 3.8))
    x = np.arange(len(lines))
    post = lines["after"].to_numpy(dtype=bool)
    ax.scatter(x, lines["observed"], color=MAIN, s=20, zorder=3, label="每月实际比例")
    ax.plot(x[~post], lines["fitted"][~post], color=MAIN, lw=2, ls="-.", label="拟合（改进前）")
    ax.plot(x[post], lines["fitted"][post], color=BAD, lw=2, label="拟合（改进后）")
    ax.plot(x[post], lines["counterfactual"][post], color=BAD, lw=1.5, ls="--",
            label="反事实：如果没有改进")
    if truth is not None:
        ax.plot(x, np.asarray(truth["expected_share"]), color=TRUTH, lw=0.8,
                label="真值（模拟设定）")
        ax.plot(x[post], np.asarray(truth["counterfactual_share"])[post], color=TRUTH, lw=0.8,
                ls=":")
    if post.any():
        first = int(np.argmax(post))
        ax.axvline(first - 0.5, color=TEXT, lw=1)
        ax.text(first - 0.4, 0.98, change_label, transform=ax.get_xaxis_transform(),
                va="top", fontsize=8, color=TEXT)
    _time_axis(ax, x, [str(v) for v in (labels if labels is not None else lines["time"])],
               ylabel)
    ax.set_ylim(bottom=0)
    if title:
        ax.set_title(title)
    ax.legend(fontsize=8, loc="lower left", frameon=False, ncol=2)
    ax.figure.tight_layout()
    mark_simulated(ax.figure, simulated)
    return ax
