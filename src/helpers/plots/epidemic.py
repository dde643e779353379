"""Charts of the epidemic information case: releases against hotline calls, an event study, and
release lag against extra calls.

Each takes the tidy output of :mod:`helpers.event_study` (or the daily and release tables) and
returns the Axes; nothing is estimated here. Every chart takes the required keyword ``simulated``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers._validate import require_columns
from helpers.plots._font import use_chinese_font
from helpers.plots._simulated import mark_simulated
from helpers.plots._palette import (BAD, COMPARE, GOOD_LIGHT, MAIN, MAIN_LIGHT, NEUTRAL,
                                   REFERENCE, TEXT)

__all__ = ["release_timeline_chart", "event_study_chart", "lag_effect_chart"]



def release_timeline_chart(timeline: pd.DataFrame, releases: pd.DataFrame, *, simulated: bool,
                           date: str = "date", calls: str = "hotline_calls",
                           anxious: str = "anxious_calls", regime: str = "routine_briefing",
                           event_time: str = "event_time", lag: str = "lag_hours",
                           golden_hours: float = 4.0, axes=None):
    """Daily hotline calls and the anxious share, with the official releases marked.

    Parameters
    ----------
    timeline : DataFrame
        One row per day with ``date``, ``calls``, ``anxious`` and ``regime`` (0/1: routine
        briefings held).
    releases : DataFrame
        One row per release with ``event_time`` and ``lag`` (hours).
    simulated : bool
        Required, keyword-only: ``True`` writes 模拟数据 in the figure's corner.
    date, calls, anxious, regime, event_time, lag : str
        Column names (defaults: those of the simulated ``epidemic_timeline`` and
        ``epidemic_releases``).
    golden_hours : float, default 4
        Releases within this many hours of the event are drawn in blue, later ones in red.
    axes : pair of matplotlib Axes, optional
        Where to draw (top: calls, bottom: share); default a new 7.2 × 5.0 inch figure.

    Returns
    -------
    numpy.ndarray of matplotlib.axes.Axes
        The two Axes (calls, anxious share).

    Notes
    -----
    Top: daily calls (grey line); each release is a vertical tick at its event day, blue if it
    came within ``golden_hours`` hours, red if later (the 黄金4小时 of crisis communication).
    Days with routine briefings are shaded. Bottom: ``anxious / calls`` per day. Nothing is
    computed beyond that share.

    Examples
    --------
    >>> tl = pd.DataFrame({"date": pd.date_range("2024-01-01", periods=5),
    ...                    "hotline_calls": [100, 120, 90, 95, 100],
    ...                    "anxious_calls": [20, 40, 20, 18, 20],
    ...                    "routine_briefing": [0, 0, 0, 1, 1]})
    >>> rel = pd.DataFrame({"event_time": ["2024-01-02 08:00"], "lag_hours": [6.0]})
    >>> axes = release_timeline_chart(tl, rel, simulated=True)
    >>> len(axes), [t.get_text() for t in axes[0].figure.texts]
    (2, ['模拟数据'])
    """
    import matplotlib.pyplot as plt

    use_chinese_font()
    require_columns(timeline, [date, calls, anxious, regime], name="timeline")
    require_columns(releases, [event_time, lag], name="releases")
    if axes is None:
        _, axes = plt.subplots(2, 1, figsize=(7.2, 5.0), sharex=True,
                               gridspec_kw={"height_ratios": [3, 2]})
    ax1, ax2 = axes
    days = pd.to_datetime(timeline[date])
    total = timeline[calls].astype(float)
    share = timeline[anxious].astype(float) / total.where(total > 0)
    on = timeline[regime].astype(float).to_numpy() > 0
    for ax in axes:
        if on.any():
            ax.axvspan(days[on].min(), days[on].max(), color=MAIN_LIGHT, alpha=0.15, lw=0)
    ax1.plot(days, total, color=TEXT, lw=1.2)
    when = pd.to_datetime(releases[event_time]).dt.normalize()
    fast = releases[lag].astype(float).to_numpy() <= golden_hours
    top = float(total.max()) * 1.08
    for day, ok in zip(when, fast, strict=True):
        ax1.vlines(day, top * 0.93, top, color=MAIN if ok else BAD, lw=2)
    # late releases also carry a cross on top: colour is not the only difference
    ax1.plot(when[~fast], np.full(int((~fast).sum()), top), "X", color=BAD, ms=6)
    ax1.plot([], [], color=MAIN, lw=2, label=f"发布（{golden_hours:g} 小时内）")
    ax1.plot([], [], color=BAD, lw=2, marker="X", ms=6, label=f"发布（超过 {golden_hours:g} 小时）")
    ax1.fill_between([], [], color=MAIN_LIGHT, alpha=0.15, label="每日例行发布会期间")
    ax1.set_ylim(0, top * 1.02)
    ax1.set_ylabel("热线来电（次/天）")
    ax1.legend(fontsize=8, loc="upper right", ncol=1)
    ax2.plot(days, share, color=COMPARE, lw=1.0)
    ax2.set_ylabel("焦虑或谣言相关来电占比")
    ax2.yaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{v:.0%}"))
    ax2.set_xlabel("日期")
    ax2.figure.autofmt_xdate()
    mark_simulated(ax1.figure, simulated)
    return np.asarray(axes)


def event_study_chart(average: pd.DataFrame, *, simulated: bool, truth: pd.Series | None = None,
                      ylabel: str = "平均超额来电（次/天）", percent: bool = False, ax=None):
    """Mean abnormal value per day relative to the event, with its interval.

    Parameters
    ----------
    average : DataFrame
        Output of :func:`helpers.event_study.average_abnormal` (``event_day``, ``estimate``,
        ``ci_low``, ``ci_high``).
    simulated : bool
        Required, keyword-only: ``True`` writes 模拟数据 in the figure's corner.
    truth : Series, optional
        True mean per event day (index = event day), drawn as red diamonds.
    ylabel : str
        Label of the y axis.
    percent : bool, default False
        Format the y axis as percentage points (for shares).
    ax : matplotlib Axes, optional
        Default: a new 6.4 × 3.6 inch figure.

    Returns
    -------
    matplotlib.axes.Axes

    Notes
    -----
    Points with error bars (the intervals of :func:`~helpers.event_study.average_abnormal`), a
    zero line and a dashed line at the event day; days before the event show whether the
    normal model fits (they should sit around zero).

    Examples
    --------
    >>> avg = pd.DataFrame({"event_day": [-1, 0, 1], "estimate": [5.0, 300.0, 120.0],
    ...                     "ci_low": [-40.0, 220.0, 60.0], "ci_high": [50.0, 380.0, 180.0]})
    >>> ax = event_study_chart(avg, simulated=True, truth=pd.Series([0.0, 310.0, 100.0], [-1, 0, 1]))
    >>> ax.get_xlabel()
    '相对事件日的天数（0 = 事件当天）'
    """
    import matplotlib.pyplot as plt

    use_chinese_font()
    require_columns(average, ["event_day", "estimate", "ci_low", "ci_high"], name="average")
    if ax is None:
        _, ax = plt.subplots(figsize=(6.4, 3.6))
    d = average.sort_values("event_day")
    x = d["event_day"].to_numpy()
    est = d["estimate"].to_numpy(float)
    ax.axhline(0, color=REFERENCE, lw=0.8)
    ax.axvline(-0.5, color=TEXT, ls="--", lw=1)
    ax.errorbar(x, est, yerr=[est - d["ci_low"], d["ci_high"] - est], fmt="o", color=MAIN,
                ecolor=MAIN, capsize=3, label="估计值（95% 置信区间）")
    if truth is not None:
        t = truth.reindex(x)
        ax.plot(x, t.to_numpy(float), "D", color=BAD, ms=5, label="真值")
    ax.set_xticks(x)
    ax.set_xlabel("相对事件日的天数（0 = 事件当天）")
    ax.set_ylabel(ylabel)
    if percent:
        ax.yaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{v * 100:.0f}"))
    ax.legend(fontsize=8, loc="upper right")
    mark_simulated(ax.figure, simulated)
    return ax


def lag_effect_chart(per_event: pd.DataFrame, fit: pd.DataFrame, *, simulated: bool,
                     lag: str = "lag_hours", outcome: str = "estimate",
                     truth_slope: float | None = None, truth_intercept: float | None = None,
                     group: str | None = None, golden_hours: float | None = 4.0, ax=None):
    """Each event's extra calls against its release lag, with the fitted and the true line.

    Parameters
    ----------
    per_event : DataFrame
        One row per event: ``lag``, ``outcome`` and, if present, ``ci_low``/``ci_high`` (e.g.
        :func:`helpers.event_study.cumulative_abnormal` merged with the releases).
    fit : DataFrame
        Output of :func:`helpers.event_study.lag_effect` with terms ``intercept`` and ``lag``.
    simulated : bool
        Required, keyword-only.
    lag, outcome : str
        Column names.
    truth_slope, truth_intercept : float, optional
        The generator's true line (red dashed); the intercept defaults to the fitted one.
    group : str, optional
        A column whose levels get different markers (e.g. the regime).
    golden_hours : float or None, default 4
        A shaded band from 0 to this many hours (黄金4小时); ``None``: no band.
    ax : matplotlib Axes, optional
        Default: a new 6.4 × 4.0 inch figure.

    Returns
    -------
    matplotlib.axes.Axes

    Notes
    -----
    Points with vertical interval bars (per event), the fitted OLS line
    ``intercept + slope·lag`` of :func:`~helpers.event_study.lag_effect` (blue) and, if given,
    the true line (red dashed). Nothing is estimated here.

    Examples
    --------
    >>> pe = pd.DataFrame({"lag_hours": [2.0, 10.0, 20.0], "estimate": [400.0, 1200.0, 2000.0]})
    >>> fit = pd.DataFrame({"term": ["intercept", "lag_hours"], "estimate": [250.0, 90.0]})
    >>> ax = lag_effect_chart(pe, fit, simulated=True, truth_slope=90.0)
    >>> ax.get_legend_handles_labels()[1]
    ['黄金4小时', '回归线（估计）', '真值线（模拟设定）']
    """
    import matplotlib.pyplot as plt

    use_chinese_font()
    require_columns(per_event, [lag, outcome], name="per_event")
    require_columns(fit, ["term", "estimate"], name="fit")
    coef = fit.set_index("term")["estimate"]
    if ax is None:
        _, ax = plt.subplots(figsize=(6.4, 4.0))
    x = per_event[lag].astype(float).to_numpy()
    xs = np.linspace(0, max(float(np.nanmax(x)), golden_hours or 0) * 1.05, 50)
    if golden_hours:
        ax.axvspan(0, golden_hours, color=GOOD_LIGHT, alpha=0.15, lw=0, label="黄金4小时"
                   if golden_hours == 4 else f"{golden_hours:g} 小时内")
    groups = [(None, per_event)] if group is None else list(per_event.groupby(group, sort=True))
    markers = ["o", "s", "^", "D"]
    for k, (name, g) in enumerate(groups):
        y = g[outcome].astype(float).to_numpy()
        gx = g[lag].astype(float).to_numpy()
        if {"ci_low", "ci_high"} <= set(g.columns):
            ax.errorbar(gx, y, yerr=[y - g["ci_low"], g["ci_high"] - y], fmt=markers[k % 4],
                        color=TEXT, ecolor=NEUTRAL, capsize=2, ms=5,
                        label=None if name is None else str(name))
        else:
            ax.plot(gx, y, markers[k % 4], color=TEXT, ms=5,
                    label=None if name is None else str(name))
    ax.plot(xs, coef["intercept"] + coef[lag] * xs, color=MAIN, lw=2, label="回归线（估计）")
    if truth_slope is not None:
        b0 = coef["intercept"] if truth_intercept is None else truth_intercept
        ax.plot(xs, b0 + truth_slope * xs, "--", color=BAD, lw=1.5, label="真值线（模拟设定）")
    ax.axhline(0, color=REFERENCE, lw=0.8)
    ax.set_xlabel("发布延迟（小时）")
    ax.set_ylabel("事件当天起 4 天的超额来电（次）")
    ax.legend(fontsize=8, loc="upper left")
    mark_simulated(ax.figure, simulated)
    return ax
