"""Charts of chapter 7 (未来发展): ticket classification, expectation segments, transfers.

- :func:`confusion_chart`: the classifier's confusion matrix (share of each true category).
- :func:`segment_profiles_chart`: the expectation profile of each segment with intervals.
- :func:`transfer_network_chart`: departments and the transfers between them, bouncing pairs
  in red.
- :func:`transfer_outcomes_chart`: time to close and satisfaction by number of transfers, with
  intervals and (for simulated data) the true values.

Estimates with intervals from :mod:`helpers.text`, :mod:`helpers.segments` and
:mod:`helpers.transfers`; nothing is computed here except the layout. Every chart takes the
required keyword ``simulated``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from helpers._validate import require_columns
from helpers.plots._font import use_chinese_font
from helpers.plots._simulated import mark_simulated
from helpers.plots._palette import BAD, MAIN, NEUTRAL, REFERENCE, TEXT, series_style

__all__ = ["confusion_chart", "segment_profiles_chart", "transfer_network_chart",
           "transfer_outcomes_chart"]



def confusion_chart(confusion: pd.DataFrame, *, simulated: bool, title: str = ""):
    """Heat map of the confusion matrix: rows true category, columns predicted, share of the row.

    Parameters
    ----------
    confusion : DataFrame
        :func:`helpers.text.confusion_table`: ``label, predicted, n, share``.
    simulated : bool
        Required, keyword-only: ``True`` writes 模拟数据 in the figure's corner.
    title : str, default ""
        Figure title (none when empty).

    Returns
    -------
    matplotlib.figure.Figure
        One Axes; each cell shows the share of the true category's held-out tickets (the
        diagonal is the recall) and the count.

    Notes
    -----
    Rows are normalised (share of the true category), so a small category is as readable as
    a large one; the counts are written in the cells.

    Examples
    --------
    >>> c = pd.DataFrame({"label": ["甲", "甲", "乙", "乙"], "predicted": ["甲", "乙", "甲", "乙"],
    ...                   "n": [8, 2, 1, 9], "share": [0.8, 0.2, 0.1, 0.9]})
    >>> fig = confusion_chart(c, simulated=True)
    >>> [t.get_text() for t in fig.axes[0].get_yticklabels()]
    ['甲', '乙']
    """
    import matplotlib.pyplot as plt

    use_chinese_font()
    require_columns(confusion, ["label", "predicted", "n", "share"], name="confusion")
    order = list(dict.fromkeys(confusion["label"]))
    share = confusion.pivot(index="label", columns="predicted", values="share").reindex(
        index=order, columns=order)
    count = confusion.pivot(index="label", columns="predicted", values="n").reindex(
        index=order, columns=order)
    fig, ax = plt.subplots(figsize=(1.0 * len(order) + 2.2, 0.8 * len(order) + 1.4))
    ax.imshow(share.to_numpy(float), cmap="Blues", vmin=0, vmax=1)
    ax.grid(False)
    for i in range(len(order)):
        for j in range(len(order)):
            v = share.iat[i, j]
            ax.text(j, i, f"{v:.0%}\n({int(count.iat[i, j])})", ha="center", va="center",
                    fontsize=9, color="white" if v > 0.6 else REFERENCE)
    ax.set_xticks(range(len(order)), order)
    ax.set_yticks(range(len(order)), order)
    ax.set_xlabel("预测的类别")
    ax.set_ylabel("登记的类别")
    if title:
        ax.set_title(title)
    fig.tight_layout()
    mark_simulated(fig, simulated)
    return fig


def segment_profiles_chart(profiles: pd.DataFrame, *, simulated: bool, title: str = "",
                           ylabel: str = "期望（与全体平均相差几个标准差）"):
    """The mean expectation profile of each segment over the dimensions, with intervals.

    Parameters
    ----------
    profiles : DataFrame
        :func:`helpers.segments.segment_profiles`: ``segment, dimension, label, estimate,
        ci_low, ci_high, n, share``.
    simulated : bool
        Required, keyword-only: ``True`` writes 模拟数据 in the figure's corner.
    title, ylabel : str
        Figure title (none when empty) and y-axis label.

    Returns
    -------
    matplotlib.figure.Figure
        One Axes: one line per segment (legend: segment, size and share), points with
        interval bars, a dashed line at 0 (the overall mean when standardised).

    Notes
    -----
    Intervals are the descriptive t intervals of :func:`helpers.segments.segment_profiles`.

    Examples
    --------
    >>> p = pd.DataFrame({"segment": [1, 1, 2, 2], "dimension": ["a", "b", "a", "b"],
    ...                   "label": ["有形性", "可靠性"] * 2, "estimate": [0.5, 0.6, -0.5, -0.6],
    ...                   "ci_low": [0.4, 0.5, -0.6, -0.7], "ci_high": [0.6, 0.7, -0.4, -0.5],
    ...                   "n": [60, 60, 40, 40], "share": [0.6, 0.6, 0.4, 0.4]})
    >>> fig = segment_profiles_chart(p, simulated=True)
    >>> [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    ['第 1 群（60 人，60%）', '第 2 群（40 人，40%）']
    """
    import matplotlib.pyplot as plt

    use_chinese_font()
    require_columns(profiles, ["segment", "dimension", "label", "estimate", "ci_low", "ci_high",
                               "n", "share"], name="profiles")
    dims = list(dict.fromkeys(profiles["dimension"]))
    labels = profiles.drop_duplicates("dimension").set_index("dimension")["label"]
    fig, ax = plt.subplots(figsize=(7.0, 4.0))
    segs = sorted(profiles["segment"].unique())
    width = 0.25 / max(len(segs), 1)
    for i, s in enumerate(segs):
        part = profiles[profiles["segment"] == s].set_index("dimension").loc[dims]
        x = np.arange(len(dims)) + (i - (len(segs) - 1) / 2) * width
        est = part["estimate"].to_numpy(float)
        err = [est - part["ci_low"].to_numpy(float), part["ci_high"].to_numpy(float) - est]
        style = series_style(i)          # each segment: its own colour, line style and marker
        ax.errorbar(x, est, yerr=err, fmt=style["marker"], ls=style["linestyle"],
                    color=style["color"], capsize=3, ms=5,
                    label=f"第 {s} 群（{int(part['n'].iloc[0])} 人，{part['share'].iloc[0]:.0%}）")
    ax.axhline(0, color=TEXT, lw=1, ls="--")
    ax.set_xticks(range(len(dims)), [labels[d] for d in dims])
    ax.set_ylabel(ylabel)
    ax.legend(loc="best", fontsize=9, frameon=False)
    if title:
        ax.set_title(title)
    fig.tight_layout()
    mark_simulated(fig, simulated)
    return fig


def transfer_network_chart(edges: pd.DataFrame, *, simulated: bool,
                           flagged: pd.DataFrame | None = None, min_transfers: int = 1,
                           title: str = ""):
    """The transfer network: departments on a circle, arrows as wide as the number of transfers.

    Parameters
    ----------
    edges : DataFrame
        :func:`helpers.transfers.transfer_edges`: ``from_department, to_department,
        n_transfers``.
    simulated : bool
        Required, keyword-only: ``True`` writes 模拟数据 in the figure's corner.
    flagged : DataFrame, optional
        :func:`helpers.transfers.bounce_pairs`; the edges of these pairs are drawn in red.
    min_transfers : int, default 1
        Leave out edges with fewer transfers (keeps the picture readable).
    title : str, default ""
        Figure title (none when empty).

    Returns
    -------
    matplotlib.figure.Figure
        One Axes without axis lines: nodes with department names, directed edges (curved, so
        A→B and B→A are both visible), red and solid for flagged pairs, grey and dashed otherwise.

    Notes
    -----
    Layout ``networkx.circular_layout`` (deterministic, nodes in sorted order); edge width
    proportional to ``n_transfers``.

    Examples
    --------
    >>> e = pd.DataFrame({"from_department": ["人社", "医保", "水务"],
    ...                   "to_department": ["医保", "人社", "住建"], "n_transfers": [30, 25, 5]})
    >>> f = pd.DataFrame({"department_a": ["人社"], "department_b": ["医保"]})
    >>> fig = transfer_network_chart(e, flagged=f, simulated=True)
    >>> sorted(t.get_text() for t in fig.axes[0].texts if t.get_text())  # arrows have no text
    ['人社', '住建', '医保', '水务']
    """
    import matplotlib.pyplot as plt
    import networkx as nx

    use_chinese_font()
    require_columns(edges, ["from_department", "to_department", "n_transfers"], name="edges")
    e = edges[edges["n_transfers"] >= int(min_transfers)]
    g = nx.DiGraph()
    g.add_nodes_from(sorted(set(edges["from_department"]) | set(edges["to_department"])))
    for r in e.itertuples(index=False):
        g.add_edge(r.from_department, r.to_department, weight=int(r.n_transfers))
    pos = nx.circular_layout(sorted(g.nodes))
    pairs = set()
    if flagged is not None and len(flagged):
        pairs = {frozenset((a, b)) for a, b in flagged[["department_a", "department_b"]].values}
    fig, ax = plt.subplots(figsize=(7.2, 6.4))
    top = max((w for *_, w in g.edges(data="weight")), default=1)
    for u, v, w in g.edges(data="weight"):
        red = frozenset((u, v)) in pairs
        ax.annotate("", xy=pos[v], xytext=pos[u],
                    arrowprops=dict(arrowstyle="-|>", color=BAD if red else NEUTRAL,
                                    linestyle="-" if red else "--",     # not colour alone
                                    lw=0.6 + 5.0 * w / top, alpha=0.85 if red else 0.6,
                                    connectionstyle="arc3,rad=0.18", shrinkA=16, shrinkB=16))
    for n, (x, y) in pos.items():
        ax.text(x, y, n, ha="center", va="center", fontsize=10,
                bbox=dict(boxstyle="round,pad=0.3", fc="white", ec=MAIN))
    ax.set_xlim(-1.3, 1.3)
    ax.set_ylim(-1.25, 1.25)
    ax.set_axis_off()
    if title:
        ax.set_title(title)
    fig.tight_layout()
    mark_simulated(fig, simulated)
    return fig


def transfer_outcomes_chart(time: pd.DataFrame, satisfaction: pd.DataFrame, *,
                            simulated: bool, truth: pd.DataFrame | None = None,
                            time_label: str = "办结用时（小时）",
                            titles: Sequence[str] = ("办结用时", "回访满意率")):
    """Time to close and satisfaction by number of transfers, with intervals (and the truth).

    Parameters
    ----------
    time : DataFrame
        By number of transfers: ``label, estimate, ci_low, ci_high`` (e.g.
        :func:`helpers.transfers.outcome_by_transfers` with ``kind="mean"`` or
        :func:`helpers.transfers.close_time_by_transfers`).
    satisfaction : DataFrame
        :func:`helpers.transfers.outcome_by_transfers` of a 0/1 outcome.
    simulated : bool
        Required, keyword-only: ``True`` writes 模拟数据 in the figure's corner.
    truth : DataFrame, optional
        :func:`helpers.simulate.transfer_effect_truth`: ``close_hours`` and ``p_satisfied``
        drawn as red crosses (only meaningful when ``time`` holds means).
    time_label : str
        y-axis label of the left panel.
    titles : two str
        Panel titles.

    Returns
    -------
    matplotlib.figure.Figure
        Two Axes side by side, x = number of transfers (labels such as 3+, with ``n`` under
        them when ``frame`` has an ``n`` column), points with interval bars.

    Notes
    -----
    Each point is a group's estimate with its interval; compare groups by the interval of the
    difference (:mod:`helpers.compare`), not by whether these intervals overlap.

    Examples
    --------
    >>> t = pd.DataFrame({"label": ["0", "1+"], "estimate": [50.0, 62.0], "ci_low": [47.0, 57.0],
    ...                   "ci_high": [53.0, 67.0], "n": [300, 120]})
    >>> s = pd.DataFrame({"label": ["0", "1+"], "estimate": [0.75, 0.6], "ci_low": [0.7, 0.5],
    ...                   "ci_high": [0.8, 0.7], "n": [250, 100]})
    >>> fig = transfer_outcomes_chart(t, s, simulated=True)
    >>> [ax.get_title() for ax in fig.axes]
    ['办结用时', '回访满意率']
    """
    import matplotlib.pyplot as plt
    from matplotlib.ticker import PercentFormatter

    use_chinese_font()
    for name, frame in (("time", time), ("satisfaction", satisfaction)):
        require_columns(frame, ["label", "estimate", "ci_low", "ci_high"], name=name)
    fig, axes = plt.subplots(1, 2, figsize=(8.6, 3.6))
    for ax, frame, col, title in ((axes[0], time, "close_hours", titles[0]),
                                  (axes[1], satisfaction, "p_satisfied", titles[1])):
        x = np.arange(len(frame))
        est = frame["estimate"].to_numpy(float)
        err = [est - frame["ci_low"].to_numpy(float), frame["ci_high"].to_numpy(float) - est]
        ax.errorbar(x, est, yerr=err, fmt="o", color=MAIN, ecolor=TEXT, capsize=4, ms=7,
                    label="估计值与 95% 区间")
        if truth is not None and col in truth:
            tv = truth[col].to_numpy(float)[: len(frame)]
            ax.plot(x[: len(tv)], tv, "x", color=BAD, ms=9, mew=2, label="模拟设定的真值")
        ticks = [str(v) for v in frame["label"]]
        if "n" in frame:
            ticks = [f"{t}\nn={int(n)}" for t, n in zip(ticks, frame["n"])]
        ax.set_xticks(x, ticks)
        ax.set_xlabel("转派次数")
        ax.set_title(title)
        ax.set_xlim(-0.5, len(frame) - 0.5)
    axes[0].set_ylabel(time_label)
    axes[1].yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    axes[1].legend(loc="upper right", fontsize=8, frameon=False)
    fig.tight_layout()
    mark_simulated(fig, simulated)
    return fig
