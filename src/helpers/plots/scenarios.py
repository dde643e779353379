"""Scenario charts: the share of an outcome across scenarios, with its interval band.

Takes the tidy result of :func:`helpers.transparency.surprise_scenarios` and returns the Axes;
the chart takes the required keyword ``simulated``.
"""

from __future__ import annotations

import pandas as pd

from helpers._validate import require_columns
from helpers.plots._font import use_chinese_font
from helpers.plots._simulated import mark_simulated

__all__ = ["surprise_scenario_chart"]

_GREY = "#7f8c8d"


def surprise_scenario_chart(scenarios: pd.DataFrame, *, simulated: bool,
                            measure: str = "negative_surprise", title: str = "", ax=None):
    """Share of surprises against the bias of the published time, one line per reach.

    ``scenarios`` is the output of :func:`helpers.transparency.surprise_scenarios`; the rows
    of ``measure`` are drawn with their Wilson band. The scenario with ``published_share == 0``
    (nothing published) is drawn as a dashed horizontal baseline.

    ``simulated`` (required, keyword-only): ``True`` writes 模拟数据 in the bottom-right
    corner of the figure.
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
    mark_simulated(ax.figure, simulated)
    return ax
