"""Charts of the three challenges: scattered expectations, staffing and waiting, trust as moderator.

- :func:`expectation_ratio_chart`: expected time as a multiple of the published limit, by group;
- :func:`staffing_chart`: average wait and the share waiting longer than the promise, by number
  of windows (the output of :func:`helpers.queueing.window_staffing`);
- :func:`simple_slopes_chart`: the slope of satisfaction on the gap across trust, with its band
  (the output of :func:`helpers.moderation.simple_slopes`).

Every chart takes the required keyword ``simulated``; nothing is computed here beyond scaling
for display.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping

import numpy as np
import pandas as pd

from helpers._validate import require_columns
from helpers.plots._font import use_chinese_font
from helpers.plots._simulated import mark_simulated
from helpers.plots._palette import BAD, COMPARE, MAIN, NEUTRAL, REFERENCE

__all__ = ["expectation_ratio_chart", "staffing_chart", "simple_slopes_chart"]



def expectation_ratio_chart(data: pd.DataFrame, expected: Hashable, reference: Hashable,
                            group: Hashable, *, simulated: bool,
                            labels: Mapping[Hashable, str] | None = None,
                            bounds: tuple[float, float] = (0.5, 2.0), max_ratio: float = 3.0,
                            ax=None):
    """Histogram of expected time ÷ published limit, one panel row per group.

    Parameters
    ----------
    data : DataFrame
        One row per respondent.
    expected, reference, group : column names
        Expected time, published limit (> 0) and the grouping (e.g. ``knows_limit``).
    simulated : bool
        Required, keyword-only: ``True`` writes 模拟数据 in the figure corner.
    labels : mapping, optional
        Group value → label shown (default: the value).
    bounds : (low, high), default (0.5, 2.0)
        Shaded as "unrealistic" outside these multiples of the limit.
    max_ratio : float, default 3.0
        Right end of the x axis; larger ratios go into the last bin.
    ax : sequence of two matplotlib Axes, optional
        Default: a new 6.8 × 4.2 inch figure with two stacked panels.

    Returns
    -------
    numpy.ndarray of matplotlib.axes.Axes
        One Axes per group (in sorted group order).

    Notes
    -----
    Bars are shares of each group's respondents in bins of 0.1 × the limit; the red line marks
    1 (expected = the published limit), the grey bands the unrealistic ranges.

    Examples
    --------
    >>> df = pd.DataFrame({"g": [0, 0, 1, 1], "e": [2, 9, 10, 11], "L": [10] * 4})
    >>> axes = expectation_ratio_chart(df, "e", "L", "g", simulated=True)
    >>> len(axes), [t.get_text() for t in axes[0].figure.texts]
    (2, ['模拟数据'])
    """
    import matplotlib.pyplot as plt

    use_chinese_font()
    require_columns(data, [expected, reference, group])
    groups = sorted(data[group].dropna().unique())
    if ax is None:
        _, ax = plt.subplots(len(groups), 1, figsize=(6.8, 2.1 * len(groups)), sharex=True,
                             squeeze=False)
        ax = ax[:, 0]
    edges = np.arange(0, max_ratio + 0.05, 0.1)
    lo, hi = bounds
    for a, g in zip(ax, groups, strict=True):
        d = data[data[group] == g]
        r = np.clip((d[expected] / d[reference]).to_numpy(dtype=float), 0, max_ratio - 1e-9)
        a.hist(r, bins=edges, weights=np.full(r.size, 1 / max(r.size, 1)), color=MAIN,
               alpha=0.8)
        a.axvspan(0, lo, color=NEUTRAL, alpha=0.3, lw=0)
        a.axvspan(hi, max_ratio, color=NEUTRAL, alpha=0.3, lw=0)
        a.axvline(1, color=BAD, ls="--", lw=1.2)
        name = (labels or {}).get(g, str(g))
        a.set_title(f"{name}（{r.size} 人）", loc="left", fontsize=10)
        a.set_ylabel("人数占比")
        a.yaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{v:.0%}"))
    ax[-1].set_xlim(0, max_ratio)
    ax[-1].set_xlabel("预期办理时间 ÷ 公布的办理时限（1 = 与时限相同；灰色 = 不切实际）")
    fig = ax[0].figure
    fig.tight_layout()
    mark_simulated(fig, simulated)
    return np.asarray(ax)


def staffing_chart(table: pd.DataFrame, *, simulated: bool, promised_minutes: float,
                   ax=None):
    """Average wait and share over the promise by number of windows (window_staffing output).

    Parameters
    ----------
    table : DataFrame
        Output of :func:`helpers.queueing.window_staffing` (columns ``windows``, ``mean_wait``,
        ``share_over_promise``, ``stable``).
    simulated : bool
        Required, keyword-only: ``True`` writes 模拟数据 in the figure corner.
    promised_minutes : float
        The promised wait (named in the axis label).
    ax : sequence of two matplotlib Axes, optional
        Default: a new 7.2 × 3.4 inch figure with two panels side by side.

    Returns
    -------
    numpy.ndarray of matplotlib.axes.Axes
        The two Axes (average wait; share over the promise).

    Notes
    -----
    Unstable staffing (windows ≤ offered load: the queue grows all day) is drawn as a red
    "×" at the top of each panel instead of a bar.

    Examples
    --------
    >>> t = pd.DataFrame({"windows": [3, 4], "mean_wait": [np.inf, 5.0],
    ...                   "share_over_promise": [1.0, 0.2], "stable": [False, True]})
    >>> axes = staffing_chart(t, promised_minutes=15, simulated=True)
    >>> len(axes)
    2
    """
    import matplotlib.pyplot as plt

    use_chinese_font()
    require_columns(table, ["windows", "mean_wait", "share_over_promise", "stable"], name="table")
    if ax is None:
        _, ax = plt.subplots(1, 2, figsize=(7.2, 3.4))
    n = table["windows"].to_numpy()
    ok = table["stable"].to_numpy(dtype=bool)
    wait = table["mean_wait"].to_numpy(dtype=float)
    share = table["share_over_promise"].to_numpy(dtype=float)
    top_wait = float(np.nanmax(wait[ok])) * 1.15 if ok.any() else 1.0
    ax[0].bar(n[ok], wait[ok], color=MAIN)
    ax[1].bar(n[ok], share[ok], color=COMPARE)
    for a, top in ((ax[0], top_wait), (ax[1], 1.05)):
        a.plot(n[~ok], np.full((~ok).sum(), top * 0.95), "x", color=BAD, ms=9,
               label="排队越来越长（不稳定）")
        a.set_ylim(0, top)
        a.set_xticks(n)
        a.set_xlabel("开放窗口数")
    for x, w in zip(n[ok], wait[ok], strict=True):
        ax[0].text(x, w, f"{w:.1f}", ha="center", va="bottom", fontsize=8)
    for x, s in zip(n[ok], share[ok], strict=True):
        ax[1].text(x, s, f"{s:.0%}", ha="center", va="bottom", fontsize=8)
    ax[0].set_ylabel("平均等候（分钟）")
    ax[1].set_ylabel(f"等候超过 {promised_minutes:g} 分钟的比例")
    ax[1].yaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{v:.0%}"))
    if (~ok).any():
        ax[0].legend(fontsize=8, loc="upper right")
    fig = ax[0].figure
    fig.tight_layout()
    mark_simulated(fig, simulated)
    return np.asarray(ax)


def simple_slopes_chart(curve: pd.DataFrame, points: pd.DataFrame | None = None, *,
                        simulated: bool, truth: pd.DataFrame | None = None,
                        xlabel: str = "对服务中心的信任（1–7）",
                        ylabel: str = "差距每多 1 天，满意度变化（分）", ax=None):
    """The simple slope across the moderator, with its interval band and marked points.

    Parameters
    ----------
    curve : DataFrame
        Output of :func:`helpers.moderation.simple_slopes` over a fine grid of moderator
        values (``moderator_value, estimate, ci_low, ci_high``).
    points : DataFrame, optional
        Output of :func:`helpers.moderation.simple_slopes` at a few values (default low,
        medium, high), drawn as points with interval bars and their ``label``.
    simulated : bool
        Required, keyword-only: ``True`` writes 模拟数据 in the figure corner.
    truth : DataFrame, optional
        Columns ``moderator_value`` and ``truth``: the true slope, drawn as a dashed line
        (e.g. from the simulation's known coefficients).
    xlabel, ylabel : str
        Axis labels.
    ax : matplotlib Axes, optional
        Default: a new 6.4 × 3.8 inch figure.

    Returns
    -------
    matplotlib.axes.Axes

    Notes
    -----
    A horizontal line at 0 marks "the gap makes no difference"; where the band lies above it
    the gap matters at that level of the moderator.

    Examples
    --------
    >>> c = pd.DataFrame({"moderator_value": [1, 4, 7], "estimate": [0.0, 0.1, 0.2],
    ...                   "ci_low": [-0.05, 0.08, 0.15], "ci_high": [0.05, 0.12, 0.25]})
    >>> ax = simple_slopes_chart(c, simulated=True)
    >>> ax.get_xlabel()
    '对服务中心的信任（1–7）'
    """
    import matplotlib.pyplot as plt

    use_chinese_font()
    require_columns(curve, ["moderator_value", "estimate", "ci_low", "ci_high"], name="curve")
    if ax is None:
        _, ax = plt.subplots(figsize=(6.4, 3.8))
    c = curve.sort_values("moderator_value")
    ax.fill_between(c["moderator_value"], c["ci_low"], c["ci_high"], color=MAIN, alpha=0.18,
                    lw=0, label="95% 置信区间")
    ax.plot(c["moderator_value"], c["estimate"], color=MAIN, lw=2, label="估计的斜率")
    if truth is not None:
        require_columns(truth, ["moderator_value", "truth"], name="truth")
        t = truth.sort_values("moderator_value")
        ax.plot(t["moderator_value"], t["truth"], color=BAD, ls="--", lw=1.3, label="真值（模拟设定）")
    if points is not None:
        require_columns(points, ["moderator_value", "estimate", "ci_low", "ci_high", "label"],
                        name="points")
        ax.errorbar(points["moderator_value"], points["estimate"],
                    yerr=[points["estimate"] - points["ci_low"],
                          points["ci_high"] - points["estimate"]],
                    fmt="o", color=MAIN, capsize=3, ms=5)
        for _, r in points.iterrows():
            ax.annotate(str(r["label"]).split("（")[0] + "信任", (r["moderator_value"], r["ci_high"]),
                        textcoords="offset points", xytext=(0, 5), ha="center", fontsize=8)
    ax.axhline(0, color=REFERENCE, lw=0.8)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.legend(fontsize=8, loc="upper left")
    mark_simulated(ax.figure, simulated)
    return ax
