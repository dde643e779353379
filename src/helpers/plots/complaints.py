"""Charts of the complaint-handling topic: time to close (Kaplan–Meier) and how a composite
ranking moves with the weights."""

from __future__ import annotations

import pandas as pd

from helpers._validate import require_columns
from helpers.plots._font import use_chinese_font
from helpers.plots._simulated import mark_simulated
from helpers.plots._palette import BAD, NEUTRAL, TEXT, series_style

__all__ = ["closing_curves_chart", "rank_range_chart"]



def closing_curves_chart(curves: pd.DataFrame, *, simulated: bool, by: str | None = None,
                         marks: dict[str, float] | None = None, title: str = "",
                         max_hours: float | None = None):
    """Share of orders closed against hours since receipt (Kaplan–Meier), with bands.

    Parameters
    ----------
    curves : DataFrame
        :func:`helpers.closing.km_curves`: ``hours, estimate, ci_low, ci_high`` (+ ``by``).
    simulated : bool
        Required, keyword-only: ``True`` writes 模拟数据 in the figure's corner.
    by : str, optional
        Group column: one step curve per group.
    marks : dict, optional
        Vertical dotted lines, label → hours (e.g. the deadlines ``{"咨询时限": 24}``).
    title : str, default ""
        Figure title (none when empty).
    max_hours : float, optional
        Right end of the x axis.

    Returns
    -------
    matplotlib.figure.Figure
        One Axes; step curves (post steps) with shaded pointwise intervals.

    Notes
    -----
    The curve is 1 − Ŝ(t), Ŝ the Kaplan–Meier estimate (Kaplan & Meier 1958), so still-open
    orders count as censored rather than being dropped; the bands are the pointwise log(−log)
    intervals of :func:`helpers.closing.km_curves`.

    Examples
    --------
    >>> c = pd.DataFrame({"hours": [0, 10, 20], "estimate": [0, 0.5, 1.0],
    ...                   "ci_low": [0, 0.2, 1.0], "ci_high": [0, 0.8, 1.0]})
    >>> fig = closing_curves_chart(c, simulated=True, marks={"时限": 15})
    >>> fig.axes[0].get_ylabel()
    '已办结的比例'
    """
    import matplotlib.pyplot as plt

    use_chinese_font()
    require_columns(curves, ["hours", "estimate", "ci_low", "ci_high"] + ([by] if by else []),
                    name="curves")
    fig, ax = plt.subplots(figsize=(7.2, 4.0))
    groups = [(None, curves)] if by is None else list(curves.groupby(by, sort=False))
    for i, (name, g) in enumerate(groups):
        style = series_style(i)          # each group: its own colour and line style
        colour = style["color"]
        ax.step(g["hours"], g["estimate"], where="post", color=colour, ls=style["linestyle"],
                lw=1.8,
                label=None if name is None else str(name))
        ax.fill_between(g["hours"], g["ci_low"], g["ci_high"], step="post", color=colour,
                        alpha=0.15, lw=0)
    for label, h in (marks or {}).items():
        ax.axvline(h, color=TEXT, ls=":", lw=1)
        ax.text(h, 0.02, f" {label}", rotation=90, va="bottom", ha="right", fontsize=8,
                color=TEXT)
    ax.set_ylim(0, 1.02)
    if max_hours is not None:
        ax.set_xlim(0, max_hours)
    ax.set_xlabel("受理后的小时数")
    ax.set_ylabel("已办结的比例")
    if by is not None:
        ax.legend(frameon=False, fontsize=9, loc="lower right")
    if title:
        ax.set_title(title)
    fig.tight_layout()
    mark_simulated(fig, simulated)
    return fig


def rank_range_chart(ranks: pd.DataFrame, *, simulated: bool, by: str = "department",
                     title: str = ""):
    """Rank under the chosen weights (dot) and the range of ranks over all weights (bar).

    Parameters
    ----------
    ranks : DataFrame
        :func:`helpers.composite.rank_range`: ``by, rank_chosen, rank_best, rank_worst``.
    simulated : bool
        Required, keyword-only: ``True`` writes 模拟数据 in the figure's corner.
    by : str, default "department"
        Group column (one row per group, drawn in the order of ``ranks``).
    title : str, default ""
        Figure title (none when empty).

    Returns
    -------
    matplotlib.figure.Figure
        One Axes; rank 1 at the top-left of the x axis (x = rank, y = group).

    Notes
    -----
    A long bar means the group's place depends on the weights more than on its rates
    (Saisana, Saltelli & Tarantola 2005, *J. R. Stat. Soc. A* 168(2): 307–323).

    Examples
    --------
    >>> r = pd.DataFrame({"department": ["甲", "乙"], "rank_chosen": [1, 2],
    ...                   "rank_best": [1, 1], "rank_worst": [2, 2]})
    >>> fig = rank_range_chart(r, simulated=True)
    >>> fig.axes[0].get_xlabel()
    '名次（1 = 最好）'
    """
    import matplotlib.pyplot as plt

    use_chinese_font()
    require_columns(ranks, [by, "rank_chosen", "rank_best", "rank_worst"], name="ranks")
    k = len(ranks)
    fig, ax = plt.subplots(figsize=(6.8, 0.38 * k + 1.3))
    y = list(range(k))[::-1]
    ax.hlines(y, ranks["rank_best"], ranks["rank_worst"], color=NEUTRAL, lw=6, alpha=0.7,
              label="所有权重下的名次范围")
    ax.plot(ranks["rank_chosen"], y, "o", color=BAD, label="所选权重下的名次")
    ax.set_yticks(y, ranks[by].astype(str))
    ax.set_xticks(range(1, int(ranks["rank_worst"].max()) + 1))
    ax.set_xlabel("名次（1 = 最好）")
    ax.legend(frameon=False, fontsize=9, loc="upper center", bbox_to_anchor=(0.5, -0.18 - 0.6 / k),
              ncol=2)
    if title:
        ax.set_title(title)
    fig.tight_layout()
    mark_simulated(fig, simulated)
    return fig
