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

__all__ = ["gap_bar_chart", "pointrange_chart", "grouped_interval_chart"]

_COLORS = ("#2e86c1", "#e67e22", "#27ae60", "#8e44ad", "#c0392b")


def gap_bar_chart(frame, *, simulated: bool, category: str, estimate: str = "estimate",
                  ci_low: str = "ci_low", ci_high: str = "ci_high", title: str = "", xlabel: str = "",
                  order: Sequence[str] | None = None, ax=None):
    """Horizontal bars of an estimate with its interval (negative gaps drawn in red).

    ``frame`` is a tidy result of one of the helpers (one row per category).

    ``simulated`` (required, keyword-only): ``True`` writes 模拟数据 in the bottom-right
    corner of the figure.
    """
    import matplotlib.pyplot as plt

    use_chinese_font()
    data = frame.set_index(category)
    if order is not None:
        data = data.loc[list(order)]
    if ax is None:
        _, ax = plt.subplots(figsize=(6.4, 0.45 * len(data) + 1.2))
    values = data[estimate].to_numpy(dtype=float)
    colors = ["#c0392b" if v < 0 else "#2e86c1" for v in values]
    err = [values - data[ci_low].to_numpy(dtype=float), data[ci_high].to_numpy(dtype=float) - values]
    ax.barh([str(i) for i in data.index], values, xerr=err, color=colors, capsize=3, alpha=0.85)
    ax.axvline(0, color="#333", lw=0.8)
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

    ``annotate`` names a column whose values are written above each point (e.g. ``n``).

    ``simulated`` (required, keyword-only): ``True`` writes 模拟数据 in the bottom-right
    corner of the figure.
    """
    import matplotlib.pyplot as plt

    use_chinese_font()
    if ax is None:
        _, ax = plt.subplots(figsize=(6.4, 3.6))
    labels = [str(v) for v in frame[x]]
    values = frame[estimate].to_numpy(dtype=float)
    err = [values - frame[ci_low].to_numpy(dtype=float), frame[ci_high].to_numpy(dtype=float) - values]
    ax.errorbar(labels, values, yerr=err, fmt="o", color="#2e86c1", ecolor="#555", capsize=4, ms=7)
    if annotate is not None:
        for label, value, extra in zip(labels, values, frame[annotate], strict=True):
            ax.annotate(f"{annotate}={extra}", (label, value), textcoords="offset points",
                        xytext=(8, -4), fontsize=8, color="#555")
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
        Groups drawn side by side in each row, each in its own colour (e.g. ``wave``).
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
    matplotlib Axes.

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
        color = _COLORS[j % len(_COLORS)]
        ax.errorbar(x, y, xerr=err, fmt="o", color=color, ecolor=color, capsize=3, ms=6,
                    label=None if g is None else labels.get(g, str(g)))
        if truth is not None:
            ax.scatter(part[truth].to_numpy(dtype=float), y, marker="x", color="#111", s=36,
                       zorder=5, label="真值" if j == len(groups) - 1 else None)
    if reference is not None:
        ax.axvline(reference, color="#555", lw=1, ls="--",
                   label=reference_label or None)
    ax.grid(False, axis="y")
    for i in range(len(cats) - 1):  # thin separators between categories
        ax.axhline(i + 0.5, color="#dddddd", lw=0.8, zorder=0)
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
