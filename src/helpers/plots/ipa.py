"""Importance: stated against derived importance, and the importance–performance (IPA) plane.

Each function takes the tidy result of a helper (:mod:`helpers.ipa`, :mod:`helpers.bootstrap`)
and draws it with matplotlib, intervals included; each takes the required keyword ``simulated``.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from helpers._validate import require_columns
from helpers.plots._font import use_chinese_font
from helpers.plots._simulated import mark_simulated
from helpers.plots._labels import place_labels
from helpers.plots._palette import BAD, MAIN, REFERENCE, TEXT

__all__ = ["ipa_chart", "importance_comparison_chart"]



def importance_comparison_chart(stated: pd.DataFrame, derived: pd.DataFrame, *, simulated: bool,
                                labels: Mapping[str, str], stated_key: Mapping[str, str],
                                highlight: str | None = None, title: str = "",
                                truth: pd.DataFrame | None = None):
    """Stated importance (points out of 100) beside derived importance (r and β), with intervals.

    Parameters
    ----------
    stated : DataFrame
        Output of :func:`helpers.bootstrap.bootstrap_mean` over the importance columns
        (``column, estimate, ci_low, ci_high``).
    derived : DataFrame
        :func:`helpers.ipa.derived_importance` results, correlation and regression stacked
        (``attribute, method, estimate, ci_low, ci_high``).
    labels : mapping
        Attribute → Chinese label (row order of the chart).
    stated_key : mapping
        Attribute → the column of ``stated`` holding its stated importance.
    highlight : str, optional
        Attribute drawn in red, its name in bold red (e.g. ``"empathy"``).
    truth : DataFrame, optional
        True values of a simulation, drawn as red crosses: columns ``attribute``, ``method``
        (``'stated'``, ``'correlation'`` or ``'regression'``) and ``truth`` (e.g. the importance
        points of :func:`helpers.simulate.servqual_truth` and
        :func:`helpers.simulate.servqual_driver_truth`; a ``dimension`` column is accepted as
        ``attribute``). Attributes or methods without a row get no cross.
    simulated : bool
        Required: ``True`` when the data are simulated, which writes 模拟数据 in the figure's
        bottom-right corner (no default, so it cannot be forgotten).
    title : str, default ""
        Figure title (none when empty).

    Returns
    -------
    numpy.ndarray of matplotlib.axes.Axes
        The two Axes, sharing the y axis: ``[0]`` stated importance (title 群众说什么重要),
        ``[1]`` derived importance (title 什么实际上带动满意度).

    Notes
    -----
    The chart contrasts what people say matters with what moves their overall satisfaction.
    Left panel: mean stated importance (points out of 100) with its interval and the value
    written above each point. Right panel: the correlation r (filled circles) and the
    standardised regression coefficient β (open squares) of each attribute with overall
    satisfaction, with their intervals and a line at 0. Stated importance tends to bunch near
    the top, so derived importance often ranks attributes differently (Bacon 2003,
    International Journal of Market Research 45(1):55–71, details unverified). Nothing is
    computed here: the intervals are those of the helpers that made ``stated`` and
    ``derived``. ``simulated=True`` marks the figure 模拟数据.

    Examples
    --------
    >>> stated = pd.DataFrame({"column": ["imp_a", "imp_b"], "estimate": [32.0, 11.0],
    ...                        "ci_low": [30.0, 10.0], "ci_high": [34.0, 12.0]})
    >>> derived = pd.DataFrame({"attribute": ["a", "b", "a", "b"],
    ...                         "method": ["correlation"] * 2 + ["regression"] * 2,
    ...                         "estimate": [0.5, 0.3, 0.4, 0.1], "ci_low": [0.4, 0.2, 0.3, 0.0],
    ...                         "ci_high": [0.6, 0.4, 0.5, 0.2]})
    >>> axes = importance_comparison_chart(stated, derived, labels={"a": "可靠性", "b": "有形性"},
    ...                                    stated_key={"a": "imp_a", "b": "imp_b"},
    ...                                    simulated=True)
    >>> [ax.get_title() for ax in axes]
    ['群众说什么重要', '什么实际上带动满意度']
    >>> [t.get_text() for t in axes[0].get_yticklabels()]
    ['可靠性', '有形性']
    >>> [t.get_text() for t in axes[0].figure.texts]
    ['模拟数据']
    """
    import matplotlib.pyplot as plt

    use_chinese_font()
    require_columns(stated, ["column", "estimate", "ci_low", "ci_high"], name="stated")
    require_columns(derived, ["attribute", "method", "estimate", "ci_low", "ci_high"],
                    name="derived")
    attrs = list(labels)
    ypos = np.arange(len(attrs))
    true_at: dict[tuple[str, str], float] = {}
    if truth is not None:
        t = truth.rename(columns={"dimension": "attribute"}) if "attribute" not in truth else truth
        require_columns(t, ["attribute", "method", "truth"], name="truth")
        true_at = {(a, m): float(v) for a, m, v in t[["attribute", "method", "truth"]]
                   .itertuples(index=False)}
    fig, axes = plt.subplots(1, 2, figsize=(8.6, 0.55 * len(attrs) + 1.6), sharey=True)
    s = stated.set_index("column")
    colors = [BAD if a == highlight else MAIN for a in attrs]
    for y, a, c in zip(ypos, attrs, colors, strict=True):
        r = s.loc[stated_key[a]]
        axes[0].errorbar(r["estimate"], y, xerr=[[r["estimate"] - r["ci_low"]],
                                                  [r["ci_high"] - r["estimate"]]],
                         fmt="o", color=c, ecolor=TEXT, capsize=3, ms=7)
        axes[0].annotate(f"{r['estimate']:.1f}", (r["estimate"], y), xytext=(0, 7),
                         textcoords="offset points", ha="center", fontsize=8, color=TEXT)
        if (a, "stated") in true_at:
            axes[0].scatter(true_at[(a, "stated")], y, marker="x", s=55, color=BAD, zorder=4)
    axes[0].set_xlabel("陈述重要性：平均分配的分数（满分 100）")
    axes[0].set_title("群众说什么重要", fontsize=10)
    markers = {"correlation": ("o", "相关系数 r"), "regression": ("s", "标准化回归系数 β")}
    offsets = {"correlation": -0.15, "regression": 0.15}
    for method, (marker, name) in markers.items():
        d = derived[derived["method"] == method].set_index("attribute")
        if d.empty:
            continue
        for y, a, c in zip(ypos, attrs, colors, strict=True):
            r = d.loc[a]
            axes[1].errorbar(r["estimate"], y + offsets[method],
                             xerr=[[r["estimate"] - r["ci_low"]], [r["ci_high"] - r["estimate"]]],
                             fmt=marker, color=c, ecolor=TEXT, capsize=3, ms=6,
                             mfc=c if method == "correlation" else "white")
            if (a, method) in true_at:
                axes[1].scatter(true_at[(a, method)], y + offsets[method], marker="x", s=55,
                                color=BAD, zorder=4)
        axes[1].plot([], [], marker, color=TEXT, mfc=TEXT if method == "correlation" else "white",
                     label=name)
    if true_at:
        axes[1].scatter([], [], marker="x", s=55, color=BAD, label="真值（模拟参数）")
    axes[1].axvline(0, color=REFERENCE, lw=0.8)
    right = float(derived["ci_high"].max())
    axes[1].set_xlim(min(0.0, float(derived["ci_low"].min())) - 0.03, right + 0.45)
    axes[1].set_xlabel("推导重要性：与总体满意度的关联")
    axes[1].set_title("什么实际上带动满意度", fontsize=10)
    axes[1].legend(fontsize=8, loc="lower right")
    axes[0].set_yticks(ypos, [labels[a] for a in attrs])
    for tick, a in zip(axes[0].get_yticklabels(), attrs, strict=True):
        if a == highlight:                       # named in bold red, not by colour alone
            tick.set_fontweight("bold")
            tick.set_color(BAD)
    axes[0].invert_yaxis()
    if title:
        fig.suptitle(title, fontsize=11)
    fig.tight_layout()
    mark_simulated(fig, simulated)
    return axes


def ipa_chart(quadrants: pd.DataFrame, *, simulated: bool, scale: tuple[float, float] = (1, 7),
              diagonal: bool = True, title: str = "", ax=None):
    """Importance (vertical) against performance (horizontal): crosshairs, quadrant names, 45° line.

    Parameters
    ----------
    quadrants : DataFrame
        The output of :func:`helpers.ipa.ipa`: columns ``attribute, importance, performance,
        quadrant`` (``'A'`` … ``'D'``), ``importance_cross, performance_cross`` (the crosshair
        position, read from the first row).
    simulated : bool
        Required, keyword-only: ``True`` when the data are simulated, which writes 模拟数据 in
        the figure's bottom-right corner (no default, so it cannot be forgotten).
    scale : (low, high), default (1, 7)
        Response scale; the axes stop at ``high``.
    diagonal : bool, default True
        Draw the dashed 45° line (importance = performance) with its label.
    title : str, default ""
        Axes title (none when empty).
    ax : matplotlib Axes, optional
        Axes to draw on; default: a new 6.2 × 5.8 inch figure.

    Returns
    -------
    matplotlib.axes.Axes
        The Axes holding the chart (equal aspect, the same range on both axes).

    Notes
    -----
    The chart is the importance–performance plane of Martilla & James (1977, Journal of
    Marketing 41(1):77–79): one point per attribute, labelled with its name (placed without
    overlaps by :func:`helpers.plots.place_labels`), crosshairs at ``importance_cross`` and
    ``performance_cross``, and the Chinese quadrant names in the corners (A 重点改进区 top left,
    B 继续保持区 top right, C 低优先区 bottom left, D 过度投入区 bottom right). Attributes in
    quadrant A are red. The 45° line is the diagonal model's dividing line: above it importance
    exceeds performance. Nothing is computed here. ``simulated=True`` marks the figure 模拟数据.

    Examples
    --------
    >>> q = pd.DataFrame({"attribute": ["等候", "态度"], "importance": [6.5, 6.0],
    ...                   "performance": [4.5, 6.1], "quadrant": ["A", "B"],
    ...                   "importance_cross": [6.25] * 2, "performance_cross": [5.3] * 2})
    >>> ax = ipa_chart(q, simulated=True)
    >>> ax.get_xlabel(), ax.get_ylabel()
    ('表现（平均分，1–7）', '重要性（平均分，1–7）')
    >>> [t.get_text() for t in ax.texts if t.get_text() in ("等候", "态度")]
    ['等候', '态度']
    >>> [t.get_text() for t in ax.figure.texts]
    ['模拟数据']
    """
    import matplotlib.pyplot as plt

    from helpers.ipa import QUADRANTS

    use_chinese_font()
    require_columns(quadrants, ["attribute", "importance", "performance", "quadrant",
                                "importance_cross", "performance_cross"], name="quadrants")
    if ax is None:
        _, ax = plt.subplots(figsize=(6.2, 5.8))
    ci = float(quadrants["importance_cross"].iloc[0])
    cp = float(quadrants["performance_cross"].iloc[0])
    lo = np.floor(min(quadrants["performance"].min(), quadrants["importance"].min(), ci, cp) * 2) / 2 - 0.3
    hi = np.ceil(max(quadrants["performance"].max(), quadrants["importance"].max(), ci, cp) * 2) / 2 + 0.2
    hi = min(hi, scale[1])
    ax.set_xlim(lo, hi)
    ax.set_ylim(lo, hi)
    ax.set_aspect("equal")
    ax.axvline(cp, color=TEXT, lw=1)
    ax.axhline(ci, color=TEXT, lw=1)
    if diagonal:
        ax.plot([lo, hi], [lo, hi], ls="--", color=TEXT, lw=1)
        at = lo + 0.12 * (hi - lo)
        ax.annotate("重要性 = 表现（45° 线）", (at, at), xytext=(4, -4), textcoords="offset points",
                    ha="left", va="top", fontsize=8, color=TEXT, rotation=45,
                    rotation_mode="anchor")
    corner = {"A": (lo + 0.05, hi - 0.05, "left", "top"), "B": (hi - 0.05, hi - 0.05, "right", "top"),
              "C": (lo + 0.05, lo + 0.05, "left", "bottom"), "D": (hi - 0.05, lo + 0.05, "right", "bottom")}
    for q, (x, y, ha, va) in corner.items():
        ax.annotate(QUADRANTS[q][1], (x, y), ha=ha, va=va, fontsize=9, color=TEXT)
    colors = [BAD if q == "A" else MAIN for q in quadrants["quadrant"]]
    in_a = (quadrants["quadrant"] == "A").to_numpy()
    for sel, marker in ((~in_a, "o"), (in_a, "D")):     # 重点改进区: red and diamonds
        ax.scatter(quadrants["performance"][sel], quadrants["importance"][sel],
                   c=[c for c, k in zip(colors, sel, strict=True) if k], s=40, marker=marker,
                   zorder=3)
    # place labels in points (1/72 inch) on the drawn axes
    fig = ax.figure
    fig.canvas.draw()
    bbox = ax.get_window_extent()
    side = min(bbox.width, bbox.height) * 72 / fig.dpi
    unit = side / (hi - lo)
    font = 8.5
    px = (quadrants["performance"].to_numpy(dtype=float) - lo) * unit
    py = (hi - quadrants["importance"].to_numpy(dtype=float)) * unit
    lines = [(0, (hi - ci) * unit - 1.5, side, (hi - ci) * unit + 1.5),
             ((cp - lo) * unit - 1.5, 0, (cp - lo) * unit + 1.5, side)]
    texts = [str(a) for a in quadrants["attribute"]]
    dx, dy, align = place_labels(px, py, [font * len(t) for t in texts], font, side, obstacles=lines)
    for i, c in enumerate(colors):
        ax.annotate(texts[i], (quadrants["performance"].iloc[i], quadrants["importance"].iloc[i]),
                    xytext=(dx[i], -dy[i]), textcoords="offset points", ha=align[i], va="baseline",
                    fontsize=font, color=c)
    ax.set_xlabel("表现（平均分，1–7）")
    ax.set_ylabel("重要性（平均分，1–7）")
    if title:
        ax.set_title(title)
    mark_simulated(ax.figure, simulated)
    return ax
