"""Charts of chapter 3 (theory): estimates with intervals by category and group.

Matplotlib with the CJK font of :mod:`helpers.plots`. Each function takes a tidy result of a
helper (one row per estimate, with ``estimate, ci_low, ci_high``) and returns the Axes.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence

import numpy as np
import pandas as pd

from helpers._validate import check_frame, require_columns
from helpers.plots import use_chinese_font

__all__ = ["grouped_interval_chart"]

_COLORS = ("#2e86c1", "#e67e22", "#27ae60", "#8e44ad", "#c0392b")


def grouped_interval_chart(
    frame: pd.DataFrame,
    *,
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

    Returns
    -------
    matplotlib Axes.

    Examples
    --------
    >>> df = pd.DataFrame({"d": ["甲", "乙", "甲", "乙"], "w": [1, 1, 2, 2],
    ...                    "estimate": [-1, -0.5, -0.8, -0.4], "ci_low": [-1.2, -0.7, -1.0, -0.6],
    ...                    "ci_high": [-0.8, -0.3, -0.6, -0.2]})
    >>> ax = grouped_interval_chart(df, category="d", group="w", reference=0)
    >>> len(ax.get_yticks())
    2
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
    return ax
