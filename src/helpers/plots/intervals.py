"""Estimates with their intervals: bars, point ranges, and point ranges by category and group.

Each function takes a tidy result of a helper (one row per estimate, with ``estimate, ci_low,
ci_high``), draws it with matplotlib in the CJK font of :func:`helpers.plots.use_chinese_font`
and returns the Axes. Every chart takes the required keyword ``simulated``.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence

import numpy as np
import pandas as pd

from helpers._validate import check_frame, require_columns
from helpers.plots._font import use_chinese_font
from helpers.plots._simulated import mark_simulated
from helpers.plots._palette import BAD, GRID, MAIN, REFERENCE, TEXT, TRUTH, series_style

__all__ = ["gap_bar_chart", "pointrange_chart", "grouped_interval_chart"]



def gap_bar_chart(frame, *, simulated: bool, category: str, estimate: str = "estimate",
                  ci_low: str = "ci_low", ci_high: str = "ci_high", title: str = "", xlabel: str = "",
                  order: Sequence[str] | None = None, ax=None):
    """Horizontal bars of an estimate with its interval (negative gaps drawn in red).

    Parameters
    ----------
    frame : DataFrame
        A tidy result of one of the helpers, one row per category (e.g.
        :func:`helpers.servqual.dimension_gaps`).
    simulated : bool
        Required, keyword-only: ``True`` when the data are simulated, which writes 模拟数据 in
        the figure's bottom-right corner (no default, so it cannot be forgotten).
    category : str
        Column naming the bars (drawn top to bottom in row order, or in ``order``).
    estimate, ci_low, ci_high : str, default ``"estimate"``, ``"ci_low"``, ``"ci_high"``
        Columns of the bar length and of the interval ends.
    title, xlabel : str, default ""
        Axes title (none when empty) and x-axis label.
    order : sequence of str, optional
        Categories to draw, top to bottom; default: all rows in frame order.
    ax : matplotlib Axes, optional
        Axes to draw on; default: a new figure sized to the number of bars.

    Returns
    -------
    matplotlib.axes.Axes
        The Axes holding the chart.

    Notes
    -----
    The chart shows one horizontal bar per category, of length ``estimate``, with an error bar
    from ``ci_low`` to ``ci_high`` and a vertical line at 0. Bars with a negative estimate (e.g.
    a gap P − E below expectations) are red, the others blue. Nothing is computed here: the
    interval is the one of the helper that made ``frame``. ``simulated=True`` marks the figure
    模拟数据.

    Examples
    --------
    >>> df = pd.DataFrame({"d": ["可靠性", "有形性"], "estimate": [-1.1, 0.2],
    ...                    "ci_low": [-1.3, 0.0], "ci_high": [-0.9, 0.4]})
    >>> ax = gap_bar_chart(df, category="d", xlabel="差距 P − E", simulated=True)
    >>> ax.get_xlabel()
    '差距 P − E'
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['可靠性', '有形性']
    >>> [t.get_text() for t in ax.figure.texts]
    ['模拟数据']
    """
    import matplotlib.pyplot as plt

    use_chinese_font()
    data = frame.set_index(category)
    if order is not None:
        data = data.loc[list(order)]
    if ax is None:
        _, ax = plt.subplots(figsize=(6.4, 0.45 * len(data) + 1.2))
    values = data[estimate].to_numpy(dtype=float)
    colors = [BAD if v < 0 else MAIN for v in values]
    err = [values - data[ci_low].to_numpy(dtype=float), data[ci_high].to_numpy(dtype=float) - values]
    ax.barh([str(i) for i in data.index], values, xerr=err, color=colors, ecolor=REFERENCE,
            capsize=3, alpha=0.85)
    ax.axvline(0, color=REFERENCE, lw=0.8)
    ax.invert_yaxis()
    ax.set_xlabel(xlabel)
    ax.set_ylabel("")
    if title:
        ax.set_title(title)
    mark_simulated(ax.figure, simulated)
    return ax


def pointrange_chart(frame, *, simulated: bool, x: str, estimate: str = "estimate",
                     ci_low: str = "ci_low", ci_high: str = "ci_high", title: str = "", xlabel: str = "", ylabel: str = "",
                     annotate: str | None = None, ax=None):
    """Points with interval bars, one per row of a tidy result (in the row order).

    Parameters
    ----------
    frame : DataFrame
        A tidy result of one of the helpers, one row per point.
    simulated : bool
        Required, keyword-only: ``True`` when the data are simulated, which writes 模拟数据 in
        the figure's bottom-right corner (no default, so it cannot be forgotten).
    x : str
        Column of the x positions (drawn as text categories, in row order).
    estimate, ci_low, ci_high : str, default ``"estimate"``, ``"ci_low"``, ``"ci_high"``
        Columns of the point and of the interval ends.
    title, xlabel, ylabel : str, default ""
        Axes title (none when empty) and axis labels.
    annotate : str, optional
        A column whose values are written beside each point as ``"{annotate}={value}"`` (e.g.
        ``"n"``).
    ax : matplotlib Axes, optional
        Axes to draw on; default: a new 6.4 × 3.6 inch figure.

    Returns
    -------
    matplotlib.axes.Axes
        The Axes holding the chart.

    Notes
    -----
    The chart shows one point per row at ``estimate`` with a vertical error bar from
    ``ci_low`` to ``ci_high`` (e.g. a mean per survey wave). Nothing is computed here: the
    interval is the one of the helper that made ``frame``. ``simulated=True`` marks the figure
    模拟数据.

    Examples
    --------
    >>> df = pd.DataFrame({"wave": ["第 1 轮", "第 2 轮"], "estimate": [4.8, 5.3],
    ...                    "ci_low": [4.6, 5.1], "ci_high": [5.0, 5.5], "n": [300, 300]})
    >>> ax = pointrange_chart(df, x="wave", annotate="n", ylabel="满意度", simulated=True)
    >>> ax.get_ylabel()
    '满意度'
    >>> [t.get_text() for t in ax.texts]
    ['n=300', 'n=300']
    >>> [t.get_text() for t in ax.figure.texts]
    ['模拟数据']
    """
    import matplotlib.pyplot as plt

    use_chinese_font()
    if ax is None:
        _, ax = plt.subplots(figsize=(6.4, 3.6))
    labels = [str(v) for v in frame[x]]
    values = frame[estimate].to_numpy(dtype=float)
    err = [values - frame[ci_low].to_numpy(dtype=float), frame[ci_high].to_numpy(dtype=float) - values]
    ax.errorbar(labels, values, yerr=err, fmt="o", color=MAIN, ecolor=TEXT, capsize=4, ms=7)
    if annotate is not None:
        for label, value, extra in zip(labels, values, frame[annotate], strict=True):
            ax.annotate(f"{annotate}={extra}", (label, value), textcoords="offset points",
                        xytext=(8, -4), fontsize=8, color=TEXT)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if title:
        ax.set_title(title)
    mark_simulated(ax.figure, simulated)
    return ax


def grouped_interval_chart(
    frame: pd.DataFrame,
    *,
    simulated: bool,
    category: Hashable,
    group: Hashable | None = None,
    estimate: Hashable = "estimate",
    ci_low: Hashable = "ci_low",
    ci_high: Hashable = "ci_high",
    truth: Hashable | None = None,
    reference: float | None = None,
    reference_label: str = "",
    order: Sequence[Hashable] | None = None,
    group_labels: Mapping[Hashable, str] | None = None,
    title: str = "",
    xlabel: str = "",
    xlim: tuple[float, float] | None = None,
    ax=None,
):
    """Horizontal point-and-interval chart: one row per category, one dodged point per group.

    Parameters
    ----------
    frame : DataFrame
        Tidy estimates (e.g. :func:`helpers.servqual.dimension_gaps` with ``by='wave'``).
    category : column
        Rows of the chart (e.g. the Chinese ``label`` of a dimension), top to bottom in ``order``
        (default: order of first appearance).
    group : column, optional
        Groups drawn side by side in each row, each in its own colour and marker (e.g. ``wave``).
    estimate, ci_low, ci_high : columns
        Point and interval.
    truth : column, optional
        A known true value, drawn as a black cross (simulated data).
    reference : float, optional
        A vertical dashed line (e.g. 0 for gaps, 0.70 for alpha), labelled ``reference_label``.
    group_labels : mapping, optional
        Legend text of each group value.
    title, xlabel, xlim, ax
        Usual matplotlib settings.
    simulated : bool
        Required: ``True`` when the data are simulated, which writes 模拟数据 in the figure's
        bottom-right corner (no default, so it cannot be forgotten).

    Returns
    -------
    matplotlib.axes.Axes
        The Axes holding the chart.

    Notes
    -----
    The chart shows, for each category (a row, separated by thin lines), one point per group
    at ``estimate`` with a horizontal interval from ``ci_low`` to ``ci_high``; the groups are
    dodged vertically within the row and coloured in turn. With ``truth`` the known true value
    of a simulation is a black cross (legend 真值), so the reader can see whether each
    interval covers it. Nothing is computed here: the interval is the one of the helper that
    made ``frame``. Rows whose category is not in ``order`` are left out. ``simulated=True``
    marks the figure 模拟数据.

    Examples
    --------
    >>> df = pd.DataFrame({"d": ["甲", "乙", "甲", "乙"], "w": [1, 1, 2, 2],
    ...                    "estimate": [-1, -0.5, -0.8, -0.4], "ci_low": [-1.2, -0.7, -1.0, -0.6],
    ...                    "ci_high": [-0.8, -0.3, -0.6, -0.2]})
    >>> ax = grouped_interval_chart(df, category="d", group="w", reference=0, simulated=True)
    >>> len(ax.get_yticks())
    2
    >>> [t.get_text() for t in ax.figure.texts]
    ['模拟数据']
    """
    import matplotlib.pyplot as plt

    check_frame(frame, name="frame")
    cols = [category, estimate, ci_low, ci_high]
    cols += [c for c in (group, truth) if c is not None]
    require_columns(frame, cols, name="frame")
    use_chinese_font()
    cats = list(order) if order is not None else list(dict.fromkeys(frame[category]))
    groups = list(dict.fromkeys(frame[group])) if group is not None else [None]
    if ax is None:
        _, ax = plt.subplots(figsize=(6.8, 0.5 * len(cats) * max(1, len(groups) * 0.7) + 1.4))
    pos = {c: i for i, c in enumerate(cats)}
    width = 0.6
    offsets = (np.linspace(-width / 2, width / 2, len(groups)) if len(groups) > 1
               else np.zeros(1))
    labels = dict(group_labels or {})
    for j, g in enumerate(groups):
        part = frame if g is None else frame[frame[group] == g]
        part = part[part[category].isin(pos)]
        y = np.array([pos[c] for c in part[category]], dtype=float) + offsets[j]
        x = part[estimate].to_numpy(dtype=float)
        err = [x - part[ci_low].to_numpy(dtype=float), part[ci_high].to_numpy(dtype=float) - x]
        style = series_style(j)
        ax.errorbar(x, y, xerr=err, fmt=style["marker"], color=style["color"],
                    ecolor=style["color"], capsize=3, ms=6,
                    label=None if g is None else labels.get(g, str(g)))
        if truth is not None:
            ax.scatter(part[truth].to_numpy(dtype=float), y, marker="x", color=TRUTH, s=36,
                       zorder=5, label="真值" if j == len(groups) - 1 else None)
    if reference is not None:
        ax.axvline(reference, color=TEXT, lw=1, ls="--",
                   label=reference_label or None)
    ax.grid(False, axis="y")
    for i in range(len(cats) - 1):  # thin separators between categories
        ax.axhline(i + 0.5, color=GRID, lw=0.8, zorder=0)
    ax.set_yticks(range(len(cats)))
    ax.set_yticklabels([str(c) for c in cats])
    ax.set_ylim(len(cats) - 0.5, -0.5)
    if xlim is not None:
        ax.set_xlim(*xlim)
    ax.set_xlabel(xlabel)
    ax.set_ylabel("")
    if title:
        ax.set_title(title)
    if group is not None or truth is not None or reference_label:
        ax.legend(loc="best", fontsize=9, frameon=True)
    mark_simulated(ax.figure, simulated)
    return ax
