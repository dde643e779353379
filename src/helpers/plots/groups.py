"""Group means and estimated effects (with the simulation's true effects), one panel per factor.

Both charts draw an estimate with its interval (never a bare bar height), one row per group,
with Chinese labels; they take the tidy frames of :mod:`helpers.expectations` and return the
matplotlib figure. Every chart takes the required keyword ``simulated``.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from helpers._validate import require_columns
from helpers.plots._font import use_chinese_font
from helpers.plots._simulated import mark_simulated
from helpers.plots._palette import BAD, MAIN, REFERENCE, TEXT

__all__ = ["group_means_chart", "effects_truth_chart"]



def _panels(frame: pd.DataFrame, factor_labels: Mapping[str, str] | None):
    factors = list(dict.fromkeys(frame["factor"]))
    labels = {f: (factor_labels or {}).get(f, f) for f in factors}
    return factors, labels


def group_means_chart(frame: pd.DataFrame, *, simulated: bool,
                      factor_labels: Mapping[str, str] | None = None, overall: float | None = None, xlabel: str = "", title: str = "",
                      annotate_n: bool = True):
    """Horizontal point ranges of group means, one panel per factor (rows in frame order).

    Parameters
    ----------
    frame : DataFrame
        One or several :func:`helpers.expectations.group_means` results stacked with
        ``pd.concat``: columns ``factor, level, estimate, ci_low, ci_high, n``.
    simulated : bool
        Required, keyword-only: ``True`` when the data are simulated, which writes 模拟数据 in
        the figure's bottom-right corner (no default, so it cannot be forgotten).
    factor_labels : mapping of str to str, optional
        Panel title of each factor (e.g. ``{"channel": "信息渠道"}``); default: the factor code.
    overall : float, optional
        Draws a dashed vertical reference line, e.g. at the overall mean.
    xlabel, title : str, default ""
        Label of the shared x axis and figure title (none when empty).
    annotate_n : bool, default True
        Write ``n=…`` to the right of each interval.

    Returns
    -------
    matplotlib.figure.Figure
        The figure, with one Axes per factor (``fig.axes``, in order of first appearance in
        ``frame``), sharing the x axis.

    Notes
    -----
    The chart shows each group's mean as a point with its interval from ``ci_low`` to
    ``ci_high`` (never a bare bar), one row per level, first level on top, one panel per
    factor. Nothing is computed here: the t interval is the one of
    :func:`helpers.expectations.group_means`. ``simulated=True`` marks the figure 模拟数据.

    Examples
    --------
    >>> df = pd.DataFrame({"factor": ["channel", "channel"], "level": ["电视/报纸", "亲友介绍"],
    ...                    "estimate": [5.4, 5.9], "ci_low": [5.2, 5.6],
    ...                    "ci_high": [5.6, 6.2], "n": [90, 60]})
    >>> fig = group_means_chart(df, factor_labels={"channel": "信息渠道"}, simulated=True)
    >>> [ax.get_title(loc="left") for ax in fig.axes]
    ['信息渠道']
    >>> [t.get_text() for t in fig.axes[0].get_yticklabels()]  # first row on top
    ['电视/报纸', '亲友介绍']
    >>> [t.get_text() for t in fig.texts]
    ['模拟数据']
    """
    import matplotlib.pyplot as plt

    use_chinese_font()
    require_columns(frame, ["factor", "level", "estimate", "ci_low", "ci_high", "n"], name="frame")
    factors, labels = _panels(frame, factor_labels)
    sizes = [int((frame["factor"] == f).sum()) for f in factors]
    fig, axes = plt.subplots(len(factors), 1, sharex=True, squeeze=False,
                             figsize=(6.8, 0.42 * sum(sizes) + 0.9 * len(factors) + 0.6),
                             gridspec_kw={"height_ratios": sizes})
    for ax, f in zip(axes[:, 0], factors, strict=True):
        part = frame[frame["factor"] == f]
        y = np.arange(len(part))[::-1]
        est = part["estimate"].to_numpy(float)
        err = [est - part["ci_low"].to_numpy(float), part["ci_high"].to_numpy(float) - est]
        ax.errorbar(est, y, xerr=err, fmt="o", color=MAIN, ecolor=TEXT, capsize=4, ms=7)
        ax.set_yticks(y, [str(v) for v in part["level"]])
        ax.set_ylim(-0.7, len(part) - 0.3)
        if overall is not None:
            ax.axvline(overall, color=TEXT, lw=1, ls="--")
        if annotate_n:
            for yi, hi, n in zip(y, part["ci_high"].to_numpy(float), part["n"], strict=True):
                ax.annotate(f"n={n}", (hi, yi), textcoords="offset points", xytext=(6, -3),
                            fontsize=8, color=TEXT)
        ax.set_title(labels[f], loc="left", fontsize=11)
    axes[-1, 0].set_xlabel(xlabel)
    lo = float(frame["ci_low"].min())
    hi = float(frame["ci_high"].max())
    axes[-1, 0].set_xlim(lo - 0.05 * (hi - lo), hi + 0.22 * (hi - lo))
    if title:
        fig.suptitle(title, fontsize=12)
    fig.tight_layout()
    mark_simulated(fig, simulated)
    return fig


def effects_truth_chart(comparison: pd.DataFrame, *, simulated: bool,
                        factor_labels: Mapping[str, str] | None = None,
                        xlabel: str = "", title: str = ""):
    """Estimated effects with intervals (blue) and the true effects (red crosses), per factor.

    Parameters
    ----------
    comparison : DataFrame
        The result of :func:`helpers.expectations.effects_vs_truth`: columns ``factor, level,
        reference, true_effect, estimate, ci_low, ci_high``.
    simulated : bool
        Required, keyword-only: ``True`` when the data are simulated, which writes 模拟数据 in
        the figure's bottom-right corner (no default, so it cannot be forgotten).
    factor_labels : mapping of str to str, optional
        Panel title of each factor, also the row label of a numeric term (empty ``level``);
        default: the factor code.
    xlabel, title : str, default ""
        Label of the shared x axis and figure title (none when empty).

    Returns
    -------
    matplotlib.figure.Figure
        The figure, with one Axes per factor (``fig.axes``, in order of first appearance in
        ``comparison``) and a shared legend at the bottom.

    Notes
    -----
    The chart shows, per factor, each estimated effect as a blue point with its interval
    (legend 估计值及 95% 置信区间) and the true effect of the simulation as a red cross
    (真实效应（模拟参数）), with a vertical line at 0; a row is labelled ``level（相对reference）``.
    A cross outside its interval is a miss (``covered`` is False in ``comparison``). Nothing is
    computed here. ``simulated=True`` marks the figure 模拟数据.

    Examples
    --------
    >>> cmp = pd.DataFrame({"factor": ["region"], "level": ["乡镇"], "reference": ["主城区"],
    ...                     "true_effect": [-0.55], "estimate": [-0.5], "ci_low": [-0.7],
    ...                     "ci_high": [-0.3]})
    >>> fig = effects_truth_chart(cmp, factor_labels={"region": "地区"}, simulated=True)
    >>> [t.get_text() for t in fig.axes[0].get_yticklabels()]
    ['乡镇（相对主城区）']
    >>> sorted(t.get_text() for t in fig.legends[0].get_texts())
    ['估计值及 95% 置信区间', '真实效应（模拟参数）']
    >>> [t.get_text() for t in fig.texts]
    ['模拟数据']
    """
    import matplotlib.pyplot as plt

    use_chinese_font()
    require_columns(comparison, ["factor", "level", "reference", "true_effect", "estimate",
                                 "ci_low", "ci_high"], name="comparison")
    factors, labels = _panels(comparison, factor_labels)
    sizes = [int((comparison["factor"] == f).sum()) for f in factors]
    fig, axes = plt.subplots(len(factors), 1, sharex=True, squeeze=False,
                             figsize=(6.8, 0.42 * sum(sizes) + 0.9 * len(factors) + 0.8),
                             gridspec_kw={"height_ratios": sizes})
    for i, (ax, f) in enumerate(zip(axes[:, 0], factors, strict=True)):
        part = comparison[comparison["factor"] == f]
        y = np.arange(len(part))[::-1]
        est = part["estimate"].to_numpy(float)
        err = [est - part["ci_low"].to_numpy(float), part["ci_high"].to_numpy(float) - est]
        ax.axvline(0, color=REFERENCE, lw=0.8)
        ax.errorbar(est, y, xerr=err, fmt="o", color=MAIN, ecolor=TEXT, capsize=4, ms=7,
                    label="估计值及 95% 置信区间" if i == 0 else None)
        ax.scatter(part["true_effect"], y, marker="x", s=70, color=BAD, zorder=3,
                   label="真实效应（模拟参数）" if i == 0 else None)
        ticks = [f"{lev}（相对{ref}）" if lev else labels[f]
                 for lev, ref in zip(part["level"], part["reference"], strict=True)]
        ax.set_yticks(y, ticks)
        ax.set_ylim(-0.7, len(part) - 0.3)
        ax.set_title(labels[f], loc="left", fontsize=11)
    handles, texts = axes[0, 0].get_legend_handles_labels()
    fig.legend(handles, texts, loc="lower center", ncol=2, fontsize=9, frameon=False)
    axes[-1, 0].set_xlabel(xlabel)
    if title:
        fig.suptitle(title, fontsize=12)
    fig.tight_layout(rect=(0, 0.05, 1, 1))
    mark_simulated(fig, simulated)
    return fig
