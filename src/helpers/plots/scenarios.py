"""Scenario charts: the share of an outcome across scenarios, with its interval band.

Takes the tidy result of :func:`helpers.transparency.surprise_scenarios` and returns the Axes;
the chart takes the required keyword ``simulated``.
"""

from __future__ import annotations

import pandas as pd

from helpers._validate import require_columns
from helpers.plots._font import use_chinese_font
from helpers.plots._simulated import mark_simulated
from helpers.plots._palette import NEUTRAL, REFERENCE, TEXT, series_style

__all__ = ["surprise_scenario_chart"]



def surprise_scenario_chart(scenarios: pd.DataFrame, *, simulated: bool,
                            measure: str = "negative_surprise", title: str = "", ax=None):
    """Share of surprises against the bias of the published time, one line per reach.

    Parameters
    ----------
    scenarios : DataFrame
        The output of :func:`helpers.transparency.surprise_scenarios`: columns
        ``published_share, published_bias, measure, estimate, ci_low, ci_high``.
    simulated : bool
        Required, keyword-only: ``True`` when the data are simulated, which writes 模拟数据 in
        the figure's bottom-right corner (no default, so it cannot be forgotten).
    measure : str, default ``"negative_surprise"``
        The value of the ``measure`` column to draw (the other rows are ignored).
    title : str, default ""
        Axes title (none when empty).
    ax : matplotlib Axes, optional
        Axes to draw on; default: a new 6.8 × 4.0 inch figure.

    Returns
    -------
    matplotlib.axes.Axes
        The Axes holding the chart.

    Notes
    -----
    The chart shows the share (y, in %) of the chosen ``measure`` against the bias of the
    published time relative to the actual mean time (x, in %; negative = promised too fast),
    one line with its interval band per ``published_share`` > 0 (darker blue = more citizens
    see the published time). The scenario with ``published_share == 0`` (nothing published) is
    a dashed grey baseline with its band. The bands are the helper's Wilson intervals over the
    simulated citizens of an illustrative model: they show simulation error (模拟误差), not a
    confidence interval about a real service. Nothing is computed here. ``simulated=True``
    marks the figure 模拟数据.

    Examples
    --------
    >>> sc = pd.DataFrame({"published_share": [0.0, 0.5, 0.5], "published_bias": [0.0, -0.2, 0.0],
    ...                    "measure": ["negative_surprise"] * 3, "estimate": [0.2, 0.35, 0.15],
    ...                    "ci_low": [0.18, 0.33, 0.13], "ci_high": [0.22, 0.37, 0.17]})
    >>> ax = surprise_scenario_chart(sc, simulated=True)
    >>> ax.get_legend_handles_labels()[1]
    ['不公布（基线）', '50% 的群众看到公布时间']
    >>> [t.get_text() for t in ax.figure.texts]
    ['模拟数据']
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
        ax.axhspan(row["ci_low"], row["ci_high"], color=NEUTRAL, alpha=0.3, lw=0)
        ax.axhline(row["estimate"], color=TEXT, ls="--", lw=1.2, label="不公布（基线）")
    shares = sorted(s for s in data["published_share"].unique() if s > 0)
    for i, share in enumerate(shares):
        d = data[data["published_share"] == share].sort_values("published_bias")
        x = d["published_bias"].to_numpy() * 100
        style = series_style(i)          # colour, line style and marker differ between shares
        ax.fill_between(x, d["ci_low"], d["ci_high"], color=style["color"], alpha=0.2, lw=0)
        ax.plot(x, d["estimate"], color=style["color"], ls=style["linestyle"],
                marker=style["marker"], ms=4, label=f"{share:.0%} 的群众看到公布时间")
    ax.axvline(0, color=REFERENCE, lw=0.8)
    ax.set_xlabel("公布时间相对实际平均时间的偏差（%；负值 = 承诺过快）")
    ax.set_ylabel("负向意外比例" if measure == "negative_surprise" else "比例")
    ax.yaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{v:.0%}"))
    ax.legend(fontsize=8, loc="upper right")
    if title:
        ax.set_title(title)
    mark_simulated(ax.figure, simulated)
    return ax
