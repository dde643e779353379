"""Chapter 4 widgets (策略与方法): publishing processing times, and choosing what to fix first.

- :func:`transparency_widget`: how far a published processing time reaches and how accurate it
  is → the distribution of expected times against actual times, and the share of negative
  surprises (illustrative model of :mod:`helpers.transparency`).
- :func:`ipa_priority_widget`: importance–performance analysis with data- or scale-centred
  crosshairs, quadrant or diagonal model → the scatter and the ranked priority list
  (:mod:`helpers.ipa`).
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import Any

import altair as alt
import numpy as np
import pandas as pd

from helpers._validate import HelpersError
from helpers.plots._labels import place_labels
from helpers.transparency import simulate_expectations, surprise_summary
from helpers.widgets._core import Choice, Param, Widget
from helpers.plots._palette import BAD, GOOD, MAIN, NEUTRAL, REFERENCE, TEXT

__all__ = ["transparency_widget", "ipa_priority_widget", "quadrant_ranking"]



# ------------------------------------------------------------------------------ transparency
def transparency_widget(*, simulated: bool, actual_mean_days: float = 10.0,
                        actual_sd_days: float = 3.0, n: int = 4000, tolerance: float = 2.0,
                        seed: int = 2024,
                        bin_width: float = 2.0, max_days: float = 30.0) -> Widget:
    """Chapter 4: reach and accuracy of a published processing time → expectations and surprises.

    Sliders: ``published_share`` (share of citizens who see the published time, 0–1 by 0.1)
    and ``published_bias`` (published time relative to the real mean, −50 % … +50 % by 10 %).
    The chart shows the distribution of expected times (blue) over the actual times (grey),
    the published time (red line), and the share of negative surprises (actual time more than
    ``tolerance`` days longer than expected) for the current setting beside the baseline with
    nothing published, with Wilson intervals over the simulated citizens (simulation error of the
    model, labelled 模拟误差, not a confidence interval about any real service). Model:
    :func:`helpers.transparency.simulate_expectations` (illustrative).

    Parameters
    ----------
    simulated : bool
        Required, keyword-only: ``True`` when the data are simulated; both views then carry
        模拟数据 (see :class:`helpers.widgets.Widget`).
    actual_mean_days, actual_sd_days : float, default 10.0, 3.0
        Mean and standard deviation of the actual processing time (days).
    n : int, default 4000
        Simulated citizens per setting.
    tolerance : float, default 2.0
        Days by which the actual time must exceed the expected one to count as a negative
        surprise.
    seed : int, default 2024
        Seed of :func:`helpers.transparency.simulate_expectations`, the same in every setting
        (common random numbers).
    bin_width, max_days : float, default 2.0, 30.0
        Histogram bins of the time axis; longer times go into the last bin.

    Returns
    -------
    helpers.widgets.Widget
        Key ``"transparency"``, sliders ``published_share`` and ``published_bias``.
        ``w.evaluate(...)`` returns one row, never NaN (rounded to 4 decimals): ``scenario``
        (当前设置), ``published_days``, ``expected_sd`` (SD of expected times, days),
        ``estimate, ci_low, ci_high`` (negative-surprise share and its Wilson interval),
        ``h00, h01, …`` (share of citizens whose expected time is in each bin) and
        ``param_published_share, param_published_bias``.

    Notes
    -----
    Illustrative model of :func:`helpers.transparency.simulate_expectations`: actual time
    ``T ~ Gamma`` (mean m, SD s); the published time is ``m·(1 + bias)``; informed citizens
    expect about the published time, uninformed ones guess from a wide prior with median
    ``0.8·m``. The negative-surprise share and its Wilson score interval (Wilson 1927, Journal
    of the American Statistical Association 22:209–212) come from
    :func:`helpers.transparency.surprise_summary`; the interval is simulation error only.

    Validated against: helpers.transparency.simulate_expectations and surprise_summary (same
    estimate and interval) — tests/test_widgets_strategies.py.

    Examples
    --------
    >>> w = transparency_widget(n=2000, simulated=True)
    >>> w.key, [p.name for p in w.params]
    ('transparency', ['published_share', 'published_bias'])
    >>> base = w.evaluate(published_share=0, published_bias=0)["estimate"].item()
    >>> fast = w.evaluate(published_share=1, published_bias=-0.3)["estimate"].item()
    >>> bool(fast > base)  # an over-optimistic published time: more negative surprises
    True
    """
    edges = np.arange(0, max_days + bin_width / 2, bin_width)
    bins = [f"h{i:02d}" for i in range(len(edges) - 1)]
    label_base, label_now = "不公布（基线）", "当前设置"

    def histogram(values: np.ndarray) -> np.ndarray:
        counts, _ = np.histogram(np.clip(values, 0, max_days - 1e-9), bins=edges)
        return counts / values.size

    def summary_row(sim: pd.DataFrame) -> dict[str, float]:
        s = surprise_summary(sim, tolerance=tolerance).set_index("measure")
        neg = s.loc["negative_surprise"]
        return {"published_days": float(sim["published_days"].iloc[0]),
                "expected_sd": float(s.loc["expected_sd", "estimate"]),
                "estimate": float(neg["estimate"]), "ci_low": float(neg["ci_low"]),
                "ci_high": float(neg["ci_high"])}

    baseline_sim = simulate_expectations(n, actual_mean_days, actual_sd_days, 0.0, 0.0, seed=seed)
    baseline = pd.DataFrame([{"scenario": label_base, **summary_row(baseline_sim)}]).round(4)
    actual_hist = pd.DataFrame({"bin_start": edges[:-1], "bin_end": edges[1:],
                                "share": histogram(baseline_sim["actual_days"].to_numpy())}).round(4)

    def compute(published_share: float, published_bias: float) -> pd.DataFrame:
        """One row: the negative-surprise share (with interval), the SD of expectations, the
        published time, and the histogram of expected times (columns h00, h01, … = share of
        citizens in each bin of ``bin_width`` days; the last bin also holds longer times)."""
        sim = simulate_expectations(n, actual_mean_days, actual_sd_days, published_share,
                                    published_bias, seed=seed)
        row = {"scenario": label_now, **summary_row(sim),
               **dict(zip(bins, histogram(sim["expected_days"].to_numpy()), strict=True))}
        return pd.DataFrame([row]).round(4)

    def chart(base: alt.Chart, params: Mapping[str, Any]) -> alt.TopLevelMixin:
        x = alt.X("bin_start:Q", title="办理时间（天）", scale=alt.Scale(domain=[0, max_days]),
                  bin=alt.Bin(binned=True, step=bin_width))
        y_scale = alt.Scale(domain=[0, 0.8], clamp=True)
        actual = alt.Chart(actual_hist).mark_bar(color=NEUTRAL, opacity=0.55).encode(
            x=x, x2="bin_end:Q",
            y=alt.Y("share:Q", title="人数占比", scale=y_scale, axis=alt.Axis(format=".0%")),
            tooltip=[alt.Tooltip("bin_start:Q", title="实际时间（起，天）"),
                     alt.Tooltip("share:Q", title="占比", format=".1%")])
        expected = base.transform_fold(bins, as_=["bin", "share"]).transform_calculate(
            bin_start=f"toNumber(slice(datum.bin, 1)) * {bin_width}",
            bin_end=f"toNumber(slice(datum.bin, 1)) * {bin_width} + {bin_width}",
        ).mark_bar(color=MAIN, opacity=0.55).encode(
            x=x, x2="bin_end:Q", y=alt.Y("share:Q", scale=y_scale),
            tooltip=[alt.Tooltip("bin_start:Q", title="预期时间（起，天）"),
                     alt.Tooltip("share:Q", title="占比", format=".1%")])
        published = base.mark_rule(color=BAD, strokeDash=[5, 3], strokeWidth=2).encode(
            x="published_days:Q",
            opacity=alt.condition("datum.param_published_share > 0", alt.value(1), alt.value(0.35)))
        published_label = base.transform_calculate(
            t=("'公布时间 ' + format(datum.published_days, '.0f') + ' 天'"
               " + (datum.param_published_share > 0 ? '' : '（无人看到）')")
        ).mark_text(align="left", dx=4, color=BAD, fontSize=11).encode(
            x="published_days:Q", y=alt.value(14), text="t:N")
        legend = alt.Chart(pd.DataFrame({
            "x": [max_days * 0.62, max_days * 0.62], "y": [0.75, 0.67],
            "t": ["灰色：实际办理时间", "蓝色：群众预期的办理时间"], "c": [NEUTRAL, MAIN]})
        ).mark_text(align="left", fontSize=11).encode(
            x=alt.X("x:Q"), y=alt.Y("y:Q", scale=y_scale), text="t:N",
            color=alt.Color("c:N", scale=None))
        top = alt.layer(actual, expected, published, published_label, legend).properties(
            width=520, height=240)

        base_neg = float(baseline["estimate"].iloc[0])
        y_cmp = alt.Y("scenario:N", title=None, sort=[label_base, label_now])
        x_cmp = alt.X("estimate:Q", title=f"负向意外比例（实际比预期慢 {tolerance:g} 天以上）",
                      scale=alt.Scale(domain=[0, 1]), axis=alt.Axis(format=".0%"))
        text_expr = ("format(datum.estimate, '.0%') + '（模拟误差 ' + format(datum.ci_low, '.0%') "
                     "+ '–' + format(datum.ci_high, '.0%') + '）　预期的标准差 ' "
                     "+ format(datum.expected_sd, '.1f') + ' 天'")
        tooltip = [alt.Tooltip("scenario:N", title="情景"),
                   alt.Tooltip("estimate:Q", title="负向意外比例", format=".1%"),
                   alt.Tooltip("ci_low:Q", title="模拟误差范围下限（95%）", format=".1%"),
                   alt.Tooltip("ci_high:Q", title="模拟误差范围上限（95%）", format=".1%")]
        layers = []
        verdicts = alt.Scale(domain=["基线", "变差", "改善"], range=[NEUTRAL, BAD, GOOD])
        for src, verdict in ((alt.Chart(baseline), "'基线'"),
                             (base, f"datum.estimate > {base_neg:.4f} + 0.005 ? '变差' : '改善'")):
            rows = src.transform_calculate(verdict=verdict)
            layers += [
                rows.mark_bar(height=18).encode(
                    x=x_cmp, y=y_cmp, color=alt.Color("verdict:N", scale=verdicts, legend=None),
                    tooltip=tooltip),
                # the verdict is also written in the bar: colour is not its only carrier
                rows.mark_text(align="left", dx=4, fontSize=11, color=REFERENCE).encode(
                    x=alt.value(0), y=y_cmp, text="verdict:N"),
                src.mark_rule(color=REFERENCE).encode(x="ci_low:Q", x2="ci_high:Q", y=y_cmp),
                src.transform_calculate(t=text_expr).mark_text(align="left", dx=6, fontSize=11)
                .encode(x="ci_high:Q", y=y_cmp, text="t:N"),
            ]
        bottom = alt.layer(*layers).properties(width=520, height=70)
        return alt.vconcat(top, bottom, spacing=12)

    return Widget(
        simulated=simulated,
        key="transparency",
        title="公布办理时间：覆盖面、准确度与负向意外",
        params=[Param("published_share", "看到公布时间的群众比例", 0, 1, 0.1, 0.5),
                Param("published_bias", "公布时间的偏差（−0.3 = 比实际快 30%）", -0.5, 0.5, 0.1, 0.0)],
        compute=compute,
        chart=chart,
        note=("模拟数据（示意模型）：实际办理时间平均 "
              f"{actual_mean_days:g} 天。先把偏差调到 0、比例调到 1，再把偏差调成负数（承诺过快），看负向意外怎样变化。"),
    )


# --------------------------------------------------------------------------------------- IPA
_QUADRANT_ORDER = {"A": 0, "C": 1, "B": 2, "D": 3}
_IPA_SIZE = 340  # pixels of the square scatter
_FONT = 10


def _label_positions(x: np.ndarray, y: np.ndarray, texts: list[str], lo: float, hi: float,
                     hline: float | None = None, vline: float | None = None
                     ) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Label anchors (data units) and alignments for the scatter, placed without overlaps."""
    unit = _IPA_SIZE / (hi - lo)
    px, py = (x - lo) * unit, (hi - y) * unit
    lines = []
    if hline is not None:
        lines.append((0, (hi - hline) * unit - 2, _IPA_SIZE, (hi - hline) * unit + 2))
    if vline is not None:
        lines.append(((vline - lo) * unit - 2, 0, (vline - lo) * unit + 2, _IPA_SIZE))
    dx, dy, align = place_labels(px, py, [_FONT * len(t) for t in texts], _FONT, _IPA_SIZE,
                                 obstacles=lines)
    return lo + (px + dx) / unit, hi - (py + dy) / unit, align


def quadrant_ranking(quadrants: pd.DataFrame) -> pd.DataFrame:
    """Rank the attributes of a quadrant IPA (output of :func:`helpers.ipa.ipa`) for action.

    Parameters
    ----------
    quadrants : DataFrame
        Output of :func:`helpers.ipa.ipa`, or any frame with the columns ``importance``,
        ``performance`` and ``quadrant`` (``'A'`` … ``'D'``). It is not modified.

    Returns
    -------
    pandas.DataFrame
        The input's columns, rows sorted by ``priority`` with a new RangeIndex, plus:

        - ``gap`` : importance − performance (NaN if either is NaN)
        - ``priority`` : 1, 2, … in the order described in Notes (1 = tackle first)
        - ``flagged`` : True for attributes in quadrant A (improvement priorities)

    Notes
    -----
    Order: quadrant A (重点改进区, "concentrate here" in Martilla & James 1977, Journal of
    Marketing 41(1):77–79) first, then C (低优先区), B (继续保持区), D (过度投入区); within a
    quadrant by ``gap`` (largest first, NaN last). Only quadrant A is flagged. Ranking the
    unflagged quadrants (C before B before D) and ordering by ``gap`` within a quadrant are this
    package's choices for the priority list, not rules of the original method. Rows with
    another quadrant code come last.

    Examples
    --------
    >>> df = pd.DataFrame({"attribute": ["x", "y", "z"], "importance": [6.0, 6.2, 4.0],
    ...                    "performance": [4.0, 6.0, 3.0], "quadrant": ["A", "B", "C"]})
    >>> quadrant_ranking(df)[["attribute", "priority", "flagged"]]
      attribute  priority  flagged
    0         x         1     True
    1         z         2    False
    2         y         3    False
    """
    out = quadrants.copy()
    out["gap"] = out["importance"] - out["performance"]
    out["_q"] = out["quadrant"].map(_QUADRANT_ORDER)
    out = out.sort_values(["_q", "gap"], ascending=[True, False], kind="stable")
    out["priority"] = np.arange(1, len(out) + 1)
    out["flagged"] = out["quadrant"] == "A"
    return out.drop(columns="_q").reset_index(drop=True)


def ipa_priority_widget(data: pd.DataFrame, attribute: Hashable = "attribute",
                        importance: Hashable = "importance", performance: Hashable = "performance",
                        *, simulated: bool, scale: tuple[float, float] = (1, 7),
                        statistic: str = "mean") -> Widget:
    """Chapter 4: importance–performance analysis — crosshairs and model → the priority list.

    Controls: ``top_k`` (how many items the centre can tackle first), ``centre`` (data- or
    scale-centred crosshairs, :func:`helpers.ipa.ipa`) and ``model`` (quadrant model ranked by
    :func:`quadrant_ranking`, or the 45° diagonal model of :func:`helpers.ipa.diagonal`). The
    chart shows the attributes (importance vertical, performance horizontal) with the
    crosshairs or the diagonal, and the ranked list; the first ``top_k`` flagged attributes
    are drawn in red.

    Parameters
    ----------
    data : DataFrame
        Ratings in long format (one row per respondent and attribute, as
        :func:`helpers.simulate.ipa_survey`) or one row per attribute; at least two attributes.
    attribute, importance, performance : column names
        The attribute column and the two rating columns (default ``"attribute"``,
        ``"importance"``, ``"performance"``), passed to :func:`helpers.ipa.ipa` and
        :func:`helpers.ipa.diagonal`.
    simulated : bool
        Required, keyword-only: ``True`` when the data are simulated; both views then carry
        模拟数据 (see :class:`helpers.widgets.Widget`).
    scale : (low, high), default (1, 7)
        Response scale (midpoint of the scale-centred crosshairs; range of the axes).
    statistic : {"mean", "median"}, default "mean"
        Per-attribute summary passed to :func:`helpers.ipa.ipa` and :func:`helpers.ipa.diagonal`.

    Returns
    -------
    helpers.widgets.Widget
        Key ``"ipa-priority"``, slider ``top_k`` (1 … number of attributes), choices ``centre``
        (``'data'``, ``'scale'``) and ``model`` (``'quadrant'``, ``'diagonal'``).
        ``w.evaluate(...)`` returns rows of four kinds (column ``kind``): ``'attr'`` (one per
        attribute: ``attribute, importance, performance, priority, flagged, reason, top``, the
        label anchor and ``text``), ``'line'`` (crosshairs and/or the diagonal), ``'corner'``
        (region names) and ``'note'``; a column that does not apply to a kind is NaN.

    Notes
    -----
    Importance–performance analysis (Martilla & James 1977, Journal of Marketing
    41(1):77–79): data-centred crosshairs at the grand ``statistic`` of the attributes'
    importance and performance, or scale-centred at the scale midpoint; quadrant A (high
    importance, low performance) is flagged. The diagonal model flags attributes above the 45° line
    (importance > performance), ranked by their distance from it. All values come from
    :func:`helpers.ipa.ipa`, :func:`quadrant_ranking` and :func:`helpers.ipa.diagonal`, computed
    once when the widget is built.

    Validated against: helpers.ipa.ipa and helpers.ipa.diagonal (the same flagged attributes
    and order) — tests/test_widgets_strategies.py.

    Examples
    --------
    >>> df = pd.DataFrame({"attribute": ["等候", "态度", "环境", "指引"],
    ...                    "importance": [6.5, 6.0, 4.6, 4.4], "performance": [4.5, 6.1, 6.2, 4.2]})
    >>> w = ipa_priority_widget(df, simulated=True)
    >>> w.evaluate(top_k=1, centre="data", model="quadrant").query("kind == 'attr' and top")[
    ...     "attribute"].tolist()
    ['等候']
    >>> w.evaluate(top_k=1, centre="scale", model="quadrant").query("kind == 'attr' and top").empty
    True
    """
    from helpers.ipa import QUADRANTS, diagonal, ipa

    lo, hi = scale
    quad = {c: quadrant_ranking(ipa(data, attribute, importance, performance, centre=c,
                                    scale=scale, statistic=statistic))
            for c in ("data", "scale")}
    diag = diagonal(data, attribute, importance, performance, scale=scale, statistic=statistic)
    k_max = len(diag)
    if k_max < 2:
        raise HelpersError("IPA 至少需要两个属性 (IPA needs at least two attributes)")
    values = np.concatenate([diag["importance"], diag["performance"], [(lo + hi) / 2]])
    d_lo = max(lo, float(np.floor((values.min() - 0.25) * 10) / 10))
    d_hi = float(hi)
    lab_x, lab_y, lab_align = _label_positions(
        diag["performance"].to_numpy(), diag["importance"].to_numpy(),
        diag["attribute"].astype(str).tolist(), d_lo, d_hi,
        hline=float(quad["data"]["importance_cross"].iloc[0]),
        vline=float(quad["data"]["performance_cross"].iloc[0]))
    labels = pd.DataFrame({"attribute": diag["attribute"].astype(str), "label_x": lab_x,
                           "label_y": lab_y, "label_align": lab_align})
    pad = 0.04 * (d_hi - d_lo)
    corner_q = pd.DataFrame({"kind": "corner", "x": [d_lo + pad, d_hi - pad, d_lo + pad, d_hi - pad],
                             "y": [d_hi - 2 * pad, d_hi - 2 * pad, d_lo + pad, d_lo + pad],
                             "align": ["left", "right", "left", "right"],
                             "text": [QUADRANTS[q][1] for q in "ABCD"]})
    corner_d = pd.DataFrame({"kind": "corner", "x": [d_lo + pad, d_hi - pad],
                             "y": [d_hi - 2 * pad, d_lo + pad], "align": ["left", "right"],
                             "text": ["对角线以上：重要性高于表现，优先改进", "对角线以下：表现不低于重要性"]})

    def crosshairs(centre: str, *, faint: bool) -> pd.DataFrame:
        r = quad[centre]
        ci, cp = float(r["importance_cross"].iloc[0]), float(r["performance_cross"].iloc[0])
        return pd.DataFrame({"kind": "line", "line": ["v", "v", "h", "h"],
                             "x": [cp, cp, d_lo, d_hi], "y": [d_lo, d_hi, ci, ci], "faint": faint})

    def compute(top_k: float, centre: str, model: str) -> pd.DataFrame:
        """Rows ``kind='attr'`` (one per attribute: position, priority, flags, label anchor),
        ``kind='line'`` (crosshairs and/or the diagonal; ``faint`` crosshairs are shown for
        reference in the diagonal model), ``kind='corner'`` (region names) and ``kind='note'``."""
        if model == "quadrant":
            r = quad[centre]
            reason = [QUADRANTS[q][1] for q in r["quadrant"]]
            lines = crosshairs(centre, faint=False)
            corners = corner_q
        elif model == "diagonal":
            r = diag.rename(columns={"above_diagonal": "flagged"})
            reason = [f"高于对角线 {g:.2f}" if f else "不高于对角线"
                      for g, f in zip(r["gap"], r["flagged"], strict=True)]
            lines = pd.concat([
                pd.DataFrame({"kind": "line", "line": ["d", "d"], "x": [d_lo, d_hi],
                              "y": [d_lo, d_hi], "faint": False}),
                crosshairs(centre, faint=True)], ignore_index=True)
            corners = corner_d
        else:
            raise HelpersError(f"model 必须是 'quadrant' 或 'diagonal' (got {model!r})")
        attrs = pd.DataFrame({
            "kind": "attr", "attribute": r["attribute"].astype(str).to_numpy(),
            "importance": r["importance"].to_numpy(), "performance": r["performance"].to_numpy(),
            "priority": r["priority"].to_numpy(), "flagged": r["flagged"].to_numpy(dtype=bool),
            "reason": reason,
        }).merge(labels, on="attribute", how="left")
        attrs["top"] = attrs["flagged"] & (attrs["priority"] <= top_k)
        attrs["text"] = [f"{p}. {a}（{why}）" for p, a, why in
                         zip(attrs["priority"], attrs["attribute"], attrs["reason"], strict=True)]
        n_flag = int(attrs["flagged"].sum())
        note = pd.DataFrame({"kind": ["note"], "text": [
            f"优先改进 {n_flag} 项；红色菱形 = 先做的前 {min(int(top_k), n_flag)} 项"
            if n_flag else "没有属性被标为优先改进"]})
        return pd.concat([attrs, lines, corners, note], ignore_index=True).round(3)

    def chart(base: alt.Chart, params: Mapping[str, Any]) -> alt.TopLevelMixin:
        sc = alt.Scale(domain=[d_lo, d_hi], nice=False)
        x = alt.X("performance:Q", title="表现（平均分）", scale=sc)
        y = alt.Y("importance:Q", title="重要性（平均分）", scale=sc)
        attrs = base.transform_filter("datum.kind == 'attr'")
        colour = alt.condition("datum.top", alt.value(BAD), alt.value(MAIN))
        points = attrs.mark_point(size=70, opacity=0.9, filled=True).encode(
            x=x, y=y, color=colour,      # the first to do: red diamonds, not colour alone
            shape=alt.condition("datum.top", alt.value("diamond"), alt.value("circle")),
            tooltip=[alt.Tooltip("attribute:N", title="属性"),
                     alt.Tooltip("importance:Q", title="重要性", format=".2f"),
                     alt.Tooltip("performance:Q", title="表现", format=".2f"),
                     alt.Tooltip("reason:N", title="判断")])
        labels = [attrs.transform_filter(f"datum.label_align == '{al}'")
                  .mark_text(align=al, fontSize=_FONT, clip=True)
                  .encode(x=alt.X("label_x:Q", scale=sc), y=alt.Y("label_y:Q", scale=sc),
                          text="attribute:N", color=colour)
                  for al in ("left", "right", "center")]
        corners = [base.transform_filter(f"datum.kind == 'corner' && datum.align == '{al}'")
                   .mark_text(align=al, fontSize=11, color=TEXT)
                   .encode(x=alt.X("x:Q", scale=sc), y=alt.Y("y:Q", scale=sc), text="text:N")
                   for al in ("left", "right")]
        lines = base.transform_filter("datum.kind == 'line'").mark_line(
            color=TEXT, strokeDash=[5, 3], clip=True).encode(
            x=alt.X("x:Q", scale=sc), y=alt.Y("y:Q", scale=sc), detail="line:N",
            opacity=alt.condition("datum.faint", alt.value(0.25), alt.value(1)))
        scatter = alt.layer(lines, *corners, points, *labels).properties(
            width=_IPA_SIZE, height=_IPA_SIZE)

        rows = attrs.mark_text(align="left", fontSize=11).encode(
            x=alt.value(0),
            y=alt.Y("priority:O", axis=None, title=None),
            text="text:N", color=colour)
        note = base.transform_filter("datum.kind == 'note'").mark_text(
            align="left", fontSize=11, color=TEXT).encode(x=alt.value(0), y=alt.value(-12),
                                                             text="text:N")
        listing = alt.layer(rows, note).properties(width=210, height=_IPA_SIZE,
                                                    title=alt.TitleParams("优先改进清单", anchor="start",
                                                                          offset=22))
        return (alt.hconcat(scatter, listing, spacing=16).resolve_scale(color="independent")
                .configure_view(stroke=None))

    return Widget(
        simulated=simulated,
        key="ipa-priority",
        title="重要性—表现分析：先改什么？",
        params=[Param("top_k", "先改前几项", 1, k_max, 1, min(3, k_max)),
                Choice("centre", "交叉线位置",
                       (("data", "以数据为中心（各属性平均）"), ("scale", "以量表中点为中心")), "data"),
                Choice("model", "判断模型",
                       (("quadrant", "四象限模型"), ("diagonal", "对角线模型（45° 线）")), "quadrant")],
        compute=compute,
        chart=chart,
        note="模拟数据。试试把交叉线改为“以量表中点为中心”：重点改进区里还剩几项？再换成对角线模型比较排序。",
    )
