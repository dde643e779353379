"""Charts of chapter 4 (策略与方法): publication scenarios, stated vs derived importance, IPA.

Each function takes the tidy result of a helper and draws it with matplotlib (CJK font set by
:func:`helpers.plots.use_chinese_font`), intervals included. They return the matplotlib
``Axes`` (or an array of them).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from helpers._validate import require_columns
from helpers.plots import use_chinese_font

__all__ = ["surprise_scenario_chart", "importance_comparison_chart", "ipa_chart", "place_labels"]

_BLUE, _RED, _GREY, _GREEN = "#2e86c1", "#c0392b", "#7f8c8d", "#27ae60"


def place_labels(px, py, widths, height: float, size: float, *, obstacles=()
                 ) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Greedy placement of point labels without overlaps, in a square canvas of side ``size``.

    ``px, py``: point positions (canvas units, y downwards); ``widths``: label widths;
    ``height``: label height; ``obstacles``: boxes ``(x0, y0, x1, y1)`` to avoid (e.g.
    crosshairs). Returns the offset ``(dx, dy)`` of each label's anchor (the middle of its
    baseline, y downwards) from its point, and its alignment (``left``/``right``/``center``).
    Each label takes, among fourteen candidate positions, the one with the least weighted
    overlap with the points (weight 10), the labels placed before it (1) and the obstacles
    (0.2), labels being placed from the bottom point up.

    >>> dx, dy, al = place_labels(np.array([10.0, 90.0]), np.array([50.0, 50.0]), [30, 30], 10, 100)
    >>> al  # the label of the point near the right edge goes to its left
    ['left', 'right']
    """
    px, py = np.asarray(px, dtype=float), np.asarray(py, dtype=float)
    h = float(height)
    # (box, weight): points weigh most, then labels; crossing a line (obstacle) is cheap
    boxes = [((a - 5, b - 5, a + 5, b + 5), 10.0) for a, b in zip(px, py, strict=True)]
    boxes += [(tuple(o), 0.2) for o in obstacles]
    g = 0.6 * h  # gap between point and label
    candidates = [(g, 0.4 * h, "left"), (-g, 0.4 * h, "right"), (g * 0.8, -0.7 * h, "left"),
                  (-g * 0.8, -0.7 * h, "right"), (g * 0.8, 1.4 * h, "left"),
                  (-g * 0.8, 1.4 * h, "right"), (0, -0.8 * h, "center"), (0, 1.6 * h, "center"),
                  (0, -1.9 * h, "center"), (0, 2.7 * h, "center"), (g, -1.6 * h, "left"),
                  (-g, -1.6 * h, "right"), (g, 2.4 * h, "left"), (-g, 2.4 * h, "right")]
    dx, dy, align = np.zeros(len(px)), np.zeros(len(px)), [""] * len(px)
    for i in np.argsort(-py, kind="stable"):
        w = float(widths[i])
        best, best_cost = None, np.inf
        for cx, cy, al in candidates:
            x0 = px[i] + cx - (w if al == "right" else w / 2 if al == "center" else 0)
            box = (x0, py[i] + cy - h, x0 + w, py[i] + cy)
            pad = (x0 - 0.5 * h, box[1] - 0.15 * h, box[2] + 0.5 * h, box[3] + 0.15 * h)
            cost = sum(wt * max(0.0, min(pad[2], b[2]) - max(pad[0], b[0]))
                       * max(0.0, min(pad[3], b[3]) - max(pad[1], b[1]))
                       for j, (b, wt) in enumerate(boxes) if j != i)
            cost += 1e6 * (box[0] < 0 or box[2] > size or box[1] < 0 or box[3] > size)
            cost += 0.05 * abs(cy)  # prefer labels close to their point
            if cost < best_cost - 1e-9:
                best, best_cost = (cx, cy, al, box), cost
        cx, cy, al, box = best
        boxes.append((box, 1.0))
        dx[i], dy[i], align[i] = cx, cy, al
    return dx, dy, align


def surprise_scenario_chart(scenarios: pd.DataFrame, *, measure: str = "negative_surprise",
                            title: str = "", ax=None):
    """Share of surprises against the bias of the published time, one line per reach.

    ``scenarios`` is the output of :func:`helpers.transparency.surprise_scenarios`; the rows
    of ``measure`` are drawn with their Wilson band. The scenario with ``published_share == 0``
    (nothing published) is drawn as a dashed horizontal baseline.
    """
    import matplotlib.pyplot as plt

    use_chinese_font()
    require_columns(scenarios, ["published_share", "published_bias", "measure", "estimate",
                                "ci_low", "ci_high"], name="scenarios")
    data = scenarios[scenarios["measure"] == measure]
    if ax is None:
        _, ax = plt.subplots(figsize=(6.8, 4.0))
    base = data[data["published_share"] == 0]
    if len(base):
        row = base.iloc[0]
        ax.axhspan(row["ci_low"], row["ci_high"], color=_GREY, alpha=0.15, lw=0)
        ax.axhline(row["estimate"], color=_GREY, ls="--", lw=1.2, label="不公布（基线）")
    shares = sorted(s for s in data["published_share"].unique() if s > 0)
    cmap = plt.get_cmap("Blues")
    for i, share in enumerate(shares):
        d = data[data["published_share"] == share].sort_values("published_bias")
        x = d["published_bias"].to_numpy() * 100
        color = cmap(0.45 + 0.5 * (i + 1) / max(len(shares), 1))
        ax.fill_between(x, d["ci_low"], d["ci_high"], color=color, alpha=0.2, lw=0)
        ax.plot(x, d["estimate"], "o-", color=color, ms=4, label=f"{share:.0%} 的群众看到公布时间")
    ax.axvline(0, color="#333", lw=0.8)
    ax.set_xlabel("公布时间相对实际平均时间的偏差（%；负值 = 承诺过快）")
    ax.set_ylabel("负面意外比例" if measure == "negative_surprise" else "比例")
    ax.yaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{v:.0%}"))
    ax.legend(fontsize=8, loc="upper right")
    if title:
        ax.set_title(title)
    return ax


def importance_comparison_chart(stated: pd.DataFrame, derived: pd.DataFrame, *,
                                labels: Mapping[str, str], stated_key: Mapping[str, str],
                                highlight: str | None = None, title: str = ""):
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
        Attribute drawn in red (e.g. ``"empathy"``).
    """
    import matplotlib.pyplot as plt

    use_chinese_font()
    require_columns(stated, ["column", "estimate", "ci_low", "ci_high"], name="stated")
    require_columns(derived, ["attribute", "method", "estimate", "ci_low", "ci_high"],
                    name="derived")
    attrs = list(labels)
    ypos = np.arange(len(attrs))
    fig, axes = plt.subplots(1, 2, figsize=(8.6, 0.55 * len(attrs) + 1.6), sharey=True)
    s = stated.set_index("column")
    colors = [_RED if a == highlight else _BLUE for a in attrs]
    for y, a, c in zip(ypos, attrs, colors, strict=True):
        r = s.loc[stated_key[a]]
        axes[0].errorbar(r["estimate"], y, xerr=[[r["estimate"] - r["ci_low"]],
                                                  [r["ci_high"] - r["estimate"]]],
                         fmt="o", color=c, ecolor="#555", capsize=3, ms=7)
        axes[0].annotate(f"{r['estimate']:.1f}", (r["estimate"], y), xytext=(0, 7),
                         textcoords="offset points", ha="center", fontsize=8, color="#555")
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
                             fmt=marker, color=c, ecolor="#555", capsize=3, ms=6,
                             mfc=c if method == "correlation" else "white")
        axes[1].plot([], [], marker, color="#555", mfc="#555" if method == "correlation" else "white",
                     label=name)
    axes[1].axvline(0, color="#333", lw=0.8)
    right = float(derived["ci_high"].max())
    axes[1].set_xlim(min(0.0, float(derived["ci_low"].min())) - 0.03, right + 0.45)
    axes[1].set_xlabel("推导重要性：与总体满意度的关联")
    axes[1].set_title("什么实际上带动满意度", fontsize=10)
    axes[1].legend(fontsize=8, loc="lower right")
    axes[0].set_yticks(ypos, [labels[a] for a in attrs])
    axes[0].invert_yaxis()
    if title:
        fig.suptitle(title, fontsize=11)
    fig.tight_layout()
    return axes


def ipa_chart(quadrants: pd.DataFrame, *, scale: tuple[float, float] = (1, 7),
              diagonal: bool = True, title: str = "", ax=None):
    """Importance (vertical) against performance (horizontal): crosshairs, quadrant names, 45° line.

    ``quadrants`` is the output of :func:`helpers.ipa.ipa`; attributes in quadrant A
    (重点改进区) are drawn in red. The 45° line (importance = performance) is dashed.
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
    ax.axvline(cp, color="#555", lw=1)
    ax.axhline(ci, color="#555", lw=1)
    if diagonal:
        ax.plot([lo, hi], [lo, hi], ls="--", color=_GREY, lw=1)
        at = lo + 0.12 * (hi - lo)
        ax.annotate("重要性 = 表现（45° 线）", (at, at), xytext=(4, -4), textcoords="offset points",
                    ha="left", va="top", fontsize=8, color=_GREY, rotation=45,
                    rotation_mode="anchor")
    corner = {"A": (lo + 0.05, hi - 0.05, "left", "top"), "B": (hi - 0.05, hi - 0.05, "right", "top"),
              "C": (lo + 0.05, lo + 0.05, "left", "bottom"), "D": (hi - 0.05, lo + 0.05, "right", "bottom")}
    for q, (x, y, ha, va) in corner.items():
        ax.annotate(QUADRANTS[q][1], (x, y), ha=ha, va=va, fontsize=9, color="#999")
    colors = [_RED if q == "A" else _BLUE for q in quadrants["quadrant"]]
    ax.scatter(quadrants["performance"], quadrants["importance"], c=colors, s=40, zorder=3)
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
    return ax
