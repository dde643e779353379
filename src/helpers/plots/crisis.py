"""Charts of the crisis-management topic (专题三): a crisis timeline with the official statements and
time limits, and model curves for different release plans.

Each takes tidy data (the ``crisis_timeline`` table, :func:`helpers.crisis.peak_time` output,
:func:`helpers.rumour.rumour_curve` curves) and returns the Axes; nothing is estimated here. Every
chart takes the required keyword ``simulated``.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from helpers._validate import require_columns
from helpers.plots._font import use_chinese_font
from helpers.plots._simulated import mark_simulated
from helpers.plots._palette import BAD, COMPARE, MAIN, TEXT, TRUTH, series_style

__all__ = ["crisis_timeline_chart", "release_plans_chart"]



def crisis_timeline_chart(data: pd.DataFrame, *, simulated: bool, time: str = "hour",
                          posts: str = "posts", calls: str = "calls",
                          statement: str = "statement", peaks: pd.DataFrame | None = None,
                          marks: Mapping[str, float] | None = None, max_time: float = 120,
                          axes=None):
    """Rumour posts and hotline calls over time, with the statements, the peaks and time limits.

    Parameters
    ----------
    data : DataFrame
        One row per time step with ``time``, ``posts``, ``calls`` and ``statement`` (0/1).
    simulated : bool
        Required, keyword-only: ``True`` writes 模拟数据 in the figure's corner.
    time, posts, calls, statement : str
        Column names (defaults: those of the simulated ``crisis_timeline``).
    peaks : DataFrame, optional
        Output of :func:`helpers.crisis.peak_time` (``column``, ``estimate``, ``ci_low``,
        ``ci_high``): each peak of ``posts`` / ``calls`` is drawn as a dot with its interval.
    marks : mapping label → time, optional
        Time limits to draw as dashed vertical lines (e.g. ``{"24 小时": 24}``).
    max_time : float, default 120
        Right end of the time axis.
    axes : pair of matplotlib Axes, optional
        Where to draw (top: posts, bottom: calls); default a new 7.2 × 5.0 inch figure.

    Returns
    -------
    numpy.ndarray of matplotlib.axes.Axes
        The two Axes (posts, calls).

    Notes
    -----
    Lines of the counts per time step; a vertical blue line at each statement (the first one
    labelled); grey dashed lines at ``marks``; the peaks as points with horizontal interval
    bars just above the curve's highest point. Nothing is computed.

    Examples
    --------
    >>> df = pd.DataFrame({"hour": range(6), "posts": [0, 5, 9, 6, 3, 1],
    ...                    "calls": [60, 80, 90, 70, 65, 60], "statement": [0, 0, 0, 1, 0, 0]})
    >>> axes = crisis_timeline_chart(df, simulated=True, marks={"4 小时": 4}, max_time=6)
    >>> len(axes), [t.get_text() for t in axes[0].figure.texts]
    (2, ['模拟数据'])
    """
    import matplotlib.pyplot as plt

    use_chinese_font()
    require_columns(data, [time, posts, calls, statement], name="data")
    if axes is None:
        _, axes = plt.subplots(2, 1, figsize=(7.2, 5.0), sharex=True,
                               gridspec_kw={"height_ratios": [1, 1]})
    ax1, ax2 = axes
    t = data[time].astype(float)
    ax1.plot(t, data[posts], color=BAD, lw=1.4, label="谣言相关帖子（条/小时）")
    ax2.plot(t, data[calls], color=COMPARE, lw=1.4, label="热线来电（次/小时）")
    st = t[data[statement].astype(float) > 0]
    for ax in (ax1, ax2):
        for j, s in enumerate(st):
            ax.axvline(s, color=MAIN, lw=1.4, ls="-.",
                       label="官方发布" if (j == 0 and ax is ax1) else None)
        for label, m in (marks or {}).items():
            ax.axvline(m, color=TEXT, lw=1, ls="--")
            if ax is ax1:
                ax.text(m, 1.0, f" {label}", transform=ax.get_xaxis_transform(), color=TEXT,
                        fontsize=9, va="top", ha="left")
        ax.set_xlim(float(t.min()), max_time)
        ax.grid(alpha=0.3)
    if peaks is not None:
        require_columns(peaks, ["column", "estimate", "ci_low", "ci_high"], name="peaks")
        for ax, col, colour in ((ax1, posts, BAD), (ax2, calls, COMPARE)):
            row = peaks[peaks["column"] == col]
            if len(row):
                r = row.iloc[0]
                y = float(data[col].max()) * 1.1          # above the curve, not on it
                ax.set_ylim(top=y * 1.12)
                ax.errorbar([r["estimate"]], [y],
                            xerr=[[r["estimate"] - r["ci_low"]], [r["ci_high"] - r["estimate"]]],
                            fmt="v", color=TRUTH, ms=6, capsize=3,
                            label="高峰（95% 区间）" if ax is ax1 else None)
    ax1.set_ylabel("帖子（条/小时）")
    ax2.set_ylabel("来电（次/小时）")
    ax2.set_xlabel("谣言出现后的小时数")
    ax1.legend(loc="upper right", fontsize=9, frameon=False)
    ax2.legend(loc="upper right", fontsize=9, frameon=False)
    mark_simulated(ax1.figure, simulated)
    return axes


def release_plans_chart(curves: pd.DataFrame, *, simulated: bool, plan: str = "plan",
                        time: str = "hour", heard: str = "heard", calls: str = "inquiries",
                        axes=None):
    """Model curves of several release plans: share who heard the rumour, and calls per hour.

    Parameters
    ----------
    curves : DataFrame
        Stacked :func:`helpers.rumour.rumour_curve` outputs with a column ``plan`` (label).
    simulated : bool
        Required, keyword-only: ``True`` writes 模拟数据 in the figure's corner (model curves
        of an illustration).
    plan, time, heard, calls : str
        Column names.
    axes : pair of matplotlib Axes, optional
        Where to draw; default a new 7.2 × 3.4 inch figure with two panels side by side.

    Returns
    -------
    numpy.ndarray of matplotlib.axes.Axes
        The two Axes (share who heard, calls).

    Notes
    -----
    One line per plan in each panel, in the order the plans first appear. Nothing is computed.

    Examples
    --------
    >>> c = pd.DataFrame({"plan": ["早", "早", "晚", "晚"], "hour": [0, 1, 0, 1],
    ...                   "heard": [0.0, 0.1, 0.0, 0.3], "inquiries": [60, 70, 60, 90]})
    >>> len(release_plans_chart(c, simulated=True))
    2
    """
    import matplotlib.pyplot as plt

    use_chinese_font()
    require_columns(curves, [plan, time, heard, calls], name="curves")
    if axes is None:
        _, axes = plt.subplots(1, 2, figsize=(7.2, 3.4))
    for j, (name, g) in enumerate(curves.groupby(plan, sort=False)):
        style = series_style(j)          # each plan: its own colour and line style
        for ax, col in ((axes[0], heard), (axes[1], calls)):
            ax.plot(g[time], g[col], color=style["color"], ls=style["linestyle"], lw=1.8,
                    label=str(name))
    axes[0].set_ylabel("听说过谣言的比例")
    axes[0].yaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{v:.0%}"))
    axes[1].set_ylabel("热线来电（次/小时）")
    for ax in axes:
        ax.set_xlabel("谣言出现后的小时数")
        ax.grid(alpha=0.3)
    axes[0].legend(fontsize=8, frameon=False, loc="upper left")
    axes[0].figure.tight_layout()
    mark_simulated(axes[0].figure, simulated)
    return axes
