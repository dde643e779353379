"""Chapter 3 widgets (theory): SERVQUAL item gaps and scale reliability, the expectation–
disconfirmation plane, and an equity comparison between two applicants.

Each factory returns a :class:`helpers.widgets.Widget` (one definition, a live and a static view).
The computations are those of :mod:`helpers.servqual`, :mod:`helpers.reliability`,
:mod:`helpers.confirmation` and :mod:`helpers.equity`; nothing is computed here beyond selecting,
labelling and rounding their results.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import Any

import altair as alt
import numpy as np
import pandas as pd

from helpers._validate import HelpersError, check_frame, require_columns
from helpers.labels import DIMENSION_LABELS, DIMENSIONS, ITEM_LABELS
from helpers.widgets._core import Choice, Param, Widget
from helpers.equity import EQUITY_LABELS
from helpers.plots._palette import (BAD, COMPARE, GOOD, MAIN, NEUTRAL, REFERENCE, TEXT, TRUTH,
                                   vega_series)

__all__ = ["servqual_items_widget", "edt_plane_widget", "equity_widget",
           "EQUITY_WEIGHTINGS", "EQUITY_COMPONENTS"]

_SCALE_LABELS = {"P": "感知 P", "E": "期望 E"}


# ------------------------------------------------------------------------------------------------
# 1. SERVQUAL: item gaps with intervals and the alpha of each dimension's scale
# ------------------------------------------------------------------------------------------------

def servqual_items_widget(data: pd.DataFrame, *, simulated: bool, wave: Hashable = "wave",
                          ci: float = 0.95, alpha_threshold: float = 0.70) -> Widget:
    """Chapter 3: pick a SERVQUAL dimension (or all) and a survey wave; see every item's gap
    ``P − E`` with its t interval and Cronbach's alpha (Feldt interval) of the dimension's
    perception and expectation scales.

    Parameters
    ----------
    data : DataFrame
        Survey in the package schema (``E1…E22``, ``P1…P22``) with a wave column.
    wave : column name
        The wave column; every wave becomes an option.
    ci : float
        Confidence level of both intervals.
    alpha_threshold : float
        Reference line on the alpha panel (Nunnally 1978: about .70 for basic research).
    simulated : bool
        Required, keyword-only: ``True`` when the data are simulated; both views then carry
        模拟数据 (see :class:`helpers.widgets.Widget`).

    Returns
    -------
    helpers.widgets.Widget
        Key ``"servqual-items"``, choices ``dimension`` (``'all'`` or a dimension code) and
        ``wave`` (each wave as text, e.g. ``'1'``). ``w.evaluate(...)`` returns one row per
        item (``kind='item'``: the gap P − E) and per scale (``kind='alpha'``: alpha of the P
        and of the E items of each dimension shown), rounded to 3 decimals, with columns
        ``kind, dimension, item`` (item number; sort key of the alpha rows), ``label``,
        ``series`` (dimension name, or 感知 P / 期望 E), ``estimate, ci_low, ci_high, n`` and
        ``param_dimension, param_wave``. The interval ends are NaN where the helper gives none
        (e.g. fewer than two answers).

    Notes
    -----
    Item gaps: :func:`helpers.servqual.item_gaps` (Student t interval); alpha:
    :func:`helpers.reliability.dimension_reliability` (Cronbach 1951, Psychometrika
    16(3):297–334; Feldt interval, Feldt, Woodruff & Salih 1987, Applied Psychological
    Measurement 11(1):93–103). Both are computed once per wave when first needed and kept, so
    that every slider change is a lookup. The chart shows the item gaps with their intervals
    (left, coloured by dimension, dashed line at 0) and the alphas of the P and E scales with
    their intervals (right, dashed line at ``alpha_threshold``).

    Validated against: helpers.servqual.item_gaps and helpers.reliability.dimension_reliability
    (same gaps, intervals and alphas) — tests/test_widgets_theory.py.

    Examples
    --------
    A tiny survey of 40 random answers (two waves of 20), enough to build the widget:

    >>> from helpers.labels import item_columns
    >>> rng = np.random.default_rng(1)
    >>> survey = pd.DataFrame(rng.integers(3, 8, (40, 44)),
    ...                       columns=item_columns("E") + item_columns("P")).assign(wave=[1, 2] * 20)
    >>> w = servqual_items_widget(survey, simulated=True)
    >>> w.title
    'SERVQUAL 各题差距与量表信度'
    >>> out = w.evaluate(dimension="reliability", wave="1")
    >>> out.groupby("kind").size().to_dict()
    {'alpha': 2, 'item': 5}
    >>> out["n"].tolist()
    [20, 20, 20, 20, 20, 20, 20]
    """
    from helpers.reliability import dimension_reliability
    from helpers.servqual import item_gaps

    check_frame(data)
    require_columns(data, [wave])
    waves = [str(v) for v in sorted(pd.unique(data[wave].dropna()))]
    if not waves:
        raise HelpersError(f"列 {wave!r} 没有有效的轮次 (column {wave!r} holds no wave)")
    key = data[wave].astype(str)
    cache: dict[str, pd.DataFrame] = {}

    def per_wave(w: str) -> pd.DataFrame:
        if w not in cache:
            sub = data[key == w]
            items = item_gaps(sub, ci=ci)
            frames = [pd.DataFrame({
                "kind": "item", "dimension": items["dimension"], "item": items["item"],
                "label": [f"{i:02d} {ITEM_LABELS.get(i, '')}" for i in items["item"]],
                "series": [DIMENSION_LABELS.get(d, d) for d in items["dimension"]],
                "estimate": items["gap"], "ci_low": items["ci_low"], "ci_high": items["ci_high"],
                "n": items["n"]})]
            for prefix in ("P", "E"):
                rel = dimension_reliability(sub, prefix, ci=ci)
                frames.append(pd.DataFrame({
                    "kind": "alpha", "dimension": rel["dimension"],
                    "item": [DIMENSIONS.index(d) if d in DIMENSIONS else 99
                             for d in rel["dimension"]],
                    "label": rel["label"], "series": _SCALE_LABELS[prefix],
                    "estimate": rel["alpha"], "ci_low": rel["ci_low"], "ci_high": rel["ci_high"],
                    "n": rel["n"]}))
            cache[w] = pd.concat(frames, ignore_index=True).round(3)
        return cache[w]

    def compute(dimension: str, wave: str) -> pd.DataFrame:
        frame = per_wave(wave)
        if dimension != "all":
            frame = frame[frame["dimension"] == dimension]
        return frame.reset_index(drop=True)

    all_rows = pd.concat([per_wave(w) for w in waves])
    gaps = all_rows[all_rows.kind == "item"]
    gap_lo = float(min(0.0, np.floor(gaps["ci_low"].min() * 5) / 5))
    gap_hi = float(max(0.0, np.ceil(gaps["ci_high"].max() * 5) / 5))
    alphas = all_rows[all_rows.kind == "alpha"]
    a_lo = float(min(0.5, np.floor(alphas["ci_low"].min() * 10) / 10))
    dim_labels = [DIMENSION_LABELS[d] for d in DIMENSIONS]

    def chart(base: alt.Chart, params: Mapping[str, Any]) -> alt.TopLevelMixin:
        items = base.transform_filter("datum.kind == 'item'")
        y = alt.Y("label:N", title=None, sort=alt.SortField("item"),
                  axis=alt.Axis(labelLimit=220))
        x = alt.X("estimate:Q", title="差距 P − E（负值：低于期望）",
                  scale=alt.Scale(domain=[gap_lo, gap_hi]))
        dims = vega_series(len(dim_labels))
        color = alt.Color("series:N", title="维度",
                          scale=alt.Scale(domain=dim_labels, range=dims["color"]),
                          legend=alt.Legend(orient="bottom", columns=5))
        tip = [alt.Tooltip("label:N", title="题目"), alt.Tooltip("series:N", title="维度"),
               alt.Tooltip("estimate:Q", title="差距", format="+.2f"),
               alt.Tooltip("ci_low:Q", title="区间下限", format="+.2f"),
               alt.Tooltip("ci_high:Q", title="区间上限", format="+.2f"),
               alt.Tooltip("n:Q", title="样本量")]
        # the dimension is also told by the point's shape and the interval's dash
        shape = alt.Shape("series:N", title="维度",
                          scale=alt.Scale(domain=dim_labels, range=dims["shape"]),
                          legend=alt.Legend(orient="bottom", columns=5))
        dash = alt.StrokeDash("series:N", title="维度", legend=None,
                              scale=alt.Scale(domain=dim_labels, range=dims["strokeDash"]))
        zero = items.mark_rule(color=TEXT, strokeDash=[3, 3]).encode(x=alt.datum(0))
        bars = items.mark_rule(strokeWidth=2).encode(y=y, x="ci_low:Q", x2="ci_high:Q",
                                                      color=color, strokeDash=dash)
        points = items.mark_point(filled=True, size=70).encode(y=y, x=x, color=color, shape=shape,
                                                               tooltip=tip)
        left = alt.layer(zero, bars, points).properties(
            width=250, height=400,
            title=alt.TitleParams("各题差距（95% 置信区间）", fontSize=13))

        rel = base.transform_filter("datum.kind == 'alpha'")
        ya = alt.Y("label:N", title=None, sort=alt.SortField("item"))
        xa = alt.X("estimate:Q", title="Cronbach α", scale=alt.Scale(domain=[a_lo, 1.0]))
        scolor = alt.Color("series:N", title="量表",
                           scale=alt.Scale(domain=list(_SCALE_LABELS.values()),
                                           range=[MAIN, COMPARE]),
                           legend=alt.Legend(orient="bottom"))
        yoff = alt.YOffset("series:N", sort=list(_SCALE_LABELS.values()))
        scales = vega_series(2)
        sshape = alt.Shape("series:N", title="量表", legend=alt.Legend(orient="bottom"),
                           scale=alt.Scale(domain=list(_SCALE_LABELS.values()),
                                           range=scales["shape"]))
        sdash = alt.StrokeDash("series:N", title="量表", legend=None,
                               scale=alt.Scale(domain=list(_SCALE_LABELS.values()),
                                               range=scales["strokeDash"]))
        rtip = [alt.Tooltip("label:N", title="维度"), alt.Tooltip("series:N", title="量表"),
                alt.Tooltip("estimate:Q", title="α", format=".3f"),
                alt.Tooltip("ci_low:Q", title="区间下限", format=".3f"),
                alt.Tooltip("ci_high:Q", title="区间上限", format=".3f")]
        threshold = rel.mark_rule(color=TEXT, strokeDash=[4, 3]).encode(
            x=alt.X(datum=alpha_threshold, scale=alt.Scale(domain=[a_lo, 1.0])))
        rbars = rel.mark_rule(strokeWidth=2).encode(
            y=ya, yOffset=yoff, x=alt.X("ci_low:Q", scale=alt.Scale(domain=[a_lo, 1.0])),
            x2="ci_high:Q", color=scolor, strokeDash=sdash)
        rpoints = rel.mark_point(filled=True, size=60).encode(y=ya, yOffset=yoff, x=xa,
                                                              color=scolor, shape=sshape,
                                                              tooltip=rtip)
        rtext = rel.mark_text(align="left", dx=8, fontSize=11).encode(
            y=ya, yOffset=yoff, x=alt.X("ci_high:Q", scale=alt.Scale(domain=[a_lo, 1.0])), text=alt.Text("estimate:Q", format=".2f"),
            color=scolor)
        right = alt.layer(threshold, rbars, rpoints, rtext).properties(
            width=170, height=200,
            title=alt.TitleParams(f"量表信度 α（虚线 = {alpha_threshold:.2f}）", fontSize=13))
        return alt.hconcat(left, right, spacing=20).resolve_scale(
            color="independent", shape="independent", strokeDash="independent")

    options = (("all", "全部维度"),) + tuple((d, DIMENSION_LABELS[d]) for d in DIMENSIONS)
    wave_options = tuple((w, f"第 {w} 轮") for w in waves)
    return Widget(
        simulated=simulated,
        key="servqual-items",
        title="SERVQUAL 各题差距与量表信度",
        params=[Choice("dimension", "维度", options, "all"),
                Choice("wave", "调查轮次", wave_options, waves[0], radio=True)],
        compute=compute,
        chart=chart,
        note="试试：先看第 1 轮的可靠性，再换到第 2 轮；哪个维度的 α 离 0.70 最近？",
    )


# ------------------------------------------------------------------------------------------------
# 2. Expectation–disconfirmation: predicted satisfaction over the E × P plane
# ------------------------------------------------------------------------------------------------

def edt_plane_widget(coefficients: pd.DataFrame | Mapping[str, float] | None = None, *,
                     simulated: bool, scale: tuple[int, int] = (1, 7), step: float = 0.5,
                     surface_step: float = 0.25) -> Widget:
    """Chapter 3: predicted satisfaction as a heat map over the expectation × perception plane,
    with the reader's point (E, P), the point with the same P and a matched expectation (E = P),
    and the fitted coefficients.

    Parameters
    ----------
    coefficients : DataFrame or mapping
        Output of :func:`helpers.confirmation.fit_edt` (its ``E_D`` rows, with intervals), or a
        mapping as accepted by :func:`helpers.confirmation.predict_satisfaction`.
    scale : (lo, hi)
        Response scale.
    step : float
        Slider step of E and P.
    surface_step : float
        Cell size of the heat map; the surface is computed once with
        :func:`~helpers.confirmation.predict_satisfaction` (``grid=True``) and does not depend
        on the sliders.
    simulated : bool
        Required, keyword-only: ``True`` when the data are simulated; both views then carry
        模拟数据 (see :class:`helpers.widgets.Widget`).

    Returns
    -------
    helpers.widgets.Widget
        Key ``"edt-plane"``, sliders ``expectation`` (default 6) and ``perception`` (default
        5). ``w.evaluate(...)`` returns two rows, never NaN (rounded to 4 decimals): ``kind``
        ``'current'`` (the chosen E and P) and ``'matched'`` (E = P at the chosen P), with the
        columns of :func:`helpers.confirmation.predict_satisfaction` (``expectation,
        perception, gap, predicted_satisfaction``) and ``param_expectation,
        param_perception``.

    Notes
    -----
    Predicted satisfaction ``S = a + bE·E + bD·(P − E)``, clipped to the scale: the
    expectation–disconfirmation model (Oliver 1980, Journal of Marketing Research
    17(4):460–469; Van Ryzin 2004, Journal of Policy Analysis and Management 23(3):433–448).
    The chart shows S as a blue heat map over the E × P plane with the diagonal P = E, the
    chosen point (filled red) and the matched point (open red circle) joined by a dotted line,
    and the model with its coefficients in the subtitle (with 95 % intervals and n when
    ``coefficients`` is a :func:`~helpers.confirmation.fit_edt` frame). Comparing the two
    points separates the effect of a higher expectation from that of the gap.

    Validated against: helpers.confirmation.predict_satisfaction (the same predictions; the
    static grid equals the live computation) — tests/test_widgets_theory.py.

    Examples
    --------
    >>> w = edt_plane_widget({"intercept": 1.5, "expectation": 0.7, "disconfirmation": 0.8},
    ...                      simulated=True)
    >>> w.title
    '期望—感知平面上的满意度'
    >>> w.evaluate(expectation=6, perception=4)[["kind", "gap", "predicted_satisfaction"]]
          kind  gap  predicted_satisfaction
    0  current -2.0                     4.1
    1  matched  0.0                     4.3
    """
    from helpers.confirmation import edt_coefficients, predict_satisfaction

    lo, hi = scale
    a, b_e, b_d = edt_coefficients(coefficients)
    values = np.round(np.arange(lo, hi + surface_step / 2, surface_step), 6)
    surface = predict_satisfaction(values, values, coefficients, scale, grid=True).round(3)
    half = surface_step / 2
    subtitle = _coefficient_text(coefficients, a, b_e, b_d)

    def compute(expectation: float, perception: float) -> pd.DataFrame:
        pred = predict_satisfaction([expectation, perception], [perception, perception],
                                    coefficients, scale)
        pred.insert(0, "kind", ["current", "matched"])
        return pred.round(4)

    def chart(base: alt.Chart, params: Mapping[str, Any]) -> alt.TopLevelMixin:
        axis_e = alt.X("expectation:Q", title="期望 E", scale=alt.Scale(domain=[lo - half, hi + half]),
                       axis=alt.Axis(values=list(range(lo, hi + 1))))
        axis_p = alt.Y("perception:Q", title="实际感受到的服务 P",
                       scale=alt.Scale(domain=[lo - half, hi + half]),
                       axis=alt.Axis(values=list(range(lo, hi + 1))))
        heat = alt.Chart(surface).transform_calculate(
            e0=f"datum.expectation - {half}", e1=f"datum.expectation + {half}",
            p0=f"datum.perception - {half}", p1=f"datum.perception + {half}",
        ).mark_rect(strokeWidth=0).encode(
            x=alt.X("e0:Q", title="期望 E", scale=alt.Scale(domain=[lo - half, hi + half]),
                    axis=alt.Axis(values=list(range(lo, hi + 1)))),
            x2="e1:Q",
            y=alt.Y("p0:Q", title="实际感受到的服务 P",
                    scale=alt.Scale(domain=[lo - half, hi + half]),
                    axis=alt.Axis(values=list(range(lo, hi + 1)))),
            y2="p1:Q",
            color=alt.Color("predicted_satisfaction:Q", title="预测满意度",
                            scale=alt.Scale(scheme="blues", domain=[lo, hi])),
            tooltip=[alt.Tooltip("expectation:Q", title="E"),
                     alt.Tooltip("perception:Q", title="P"),
                     alt.Tooltip("predicted_satisfaction:Q", title="预测满意度", format=".2f")],
        )
        diag = alt.Chart(pd.DataFrame({"expectation": [lo, hi], "perception": [lo, hi]})).mark_line(
            color=REFERENCE, strokeDash=[5, 4]).encode(x=axis_e, y=axis_p)
        diag_label = alt.Chart(pd.DataFrame({"expectation": [hi - 0.6], "perception": [hi - 0.1]})
                               ).mark_text(align="right", color=TRUTH, fontSize=12,
                                           fontWeight="bold").encode(
            x=axis_e, y=axis_p, text=alt.value("P = E"))
        current = base.transform_filter("datum.kind == 'current'")
        matched = base.transform_filter("datum.kind == 'matched'")
        tip = [alt.Tooltip("expectation:Q", title="期望 E"),
               alt.Tooltip("perception:Q", title="服务 P"),
               alt.Tooltip("gap:Q", title="差距 P−E", format="+.1f"),
               alt.Tooltip("predicted_satisfaction:Q", title="预测满意度", format=".2f")]
        link = base.mark_line(color=BAD, strokeDash=[2, 2]).encode(x=axis_e, y=axis_p)
        m_point = matched.mark_point(shape="circle", size=150, color=BAD, strokeWidth=2,
                                     filled=False).encode(x=axis_e, y=axis_p, tooltip=tip)
        c_point = current.mark_point(shape="circle", size=190, filled=True, color=BAD,
                                     stroke="white", strokeWidth=2).encode(
            x=axis_e, y=axis_p, tooltip=tip)
        text = current.transform_calculate(
            t="'你选的点：差距 ' + format(datum.gap, '+.1f') + '，预测满意度 ' "
              "+ format(datum.predicted_satisfaction, '.2f')"
        ).mark_text(align="left", fontSize=13, fontWeight="bold", color=REFERENCE).encode(
            x=alt.value(4), y=alt.value(-12), text="t:N")
        text2 = matched.transform_calculate(
            t="'空心圈：若期望与服务持平（E = P），预测满意度 ' "
              "+ format(datum.predicted_satisfaction, '.2f')"
        ).mark_text(align="left", fontSize=12, color=BAD).encode(
            x=alt.value(4), y=alt.value(-30), text="t:N")
        return alt.layer(heat, diag, diag_label, link, m_point, c_point, text, text2).properties(
            width=380, height=380,
            title=alt.TitleParams("期望—感知平面上的预测满意度", subtitle=subtitle,
                                  subtitlePadding=8, offset=44, fontSize=14),
        )

    return Widget(
        simulated=simulated,
        key="edt-plane",
        title="期望—感知平面上的满意度",
        params=[Param("expectation", "期望 E", lo, hi, step, 6.0),
                Param("perception", "实际服务 P", lo, hi, step, 5.0)],
        compute=compute,
        chart=chart,
        note="试试：沿对角线 P = E 移动，再离开对角线向右（期望更高）或向上（服务更好）。",
    )


def _coefficient_text(coefficients: pd.DataFrame | Mapping[str, float] | None, a: float,
                      b_e: float, b_d: float) -> list[str]:
    """Subtitle lines: the model and its coefficients (with intervals when available)."""
    lines = [f"S = {a:.2f} + {b_e:.2f}·E + {b_d:.2f}·(P − E)"]
    if isinstance(coefficients, pd.DataFrame) and {"model", "term", "ci_low", "ci_high"} <= set(
            coefficients.columns):
        rows = coefficients[coefficients["model"] == "E_D"].set_index("term")
        names = {"intercept": "截距 a", "expectation": "b_E", "disconfirmation": "b_D"}
        parts = [f"{names[t]} = {rows.loc[t, 'estimate']:.2f} "
                 f"[{rows.loc[t, 'ci_low']:.2f}, {rows.loc[t, 'ci_high']:.2f}]"
                 for t in names if t in rows.index]
        n = rows["n"].iloc[0] if "n" in rows.columns else None
        lines.append("；".join(parts[:2]))
        lines.append("".join(parts[2:]) + (f"（95% 置信区间，n = {n}）" if n is not None else ""))
    return lines


# ------------------------------------------------------------------------------------------------
# 3. Equity: my inputs and outcome against another applicant's
# ------------------------------------------------------------------------------------------------

EQUITY_COMPONENTS: dict[str, str] = {"trips": "跑腿次数", "wait_hours": "等候时间",
                                     "documents": "提交材料"}
"""Input columns of the equity widget and their Chinese names."""

EQUITY_WEIGHTINGS: dict[str, tuple[str, dict[str, float]]] = {
    "hours": ("折算为小时（一趟 2 小时，一份材料 0.5 小时）",
              {"trips": 2.0, "wait_hours": 1.0, "documents": 0.5}),
    "equal": ("简单相加（每项 1 分）", {"trips": 1.0, "wait_hours": 1.0, "documents": 1.0}),
}
"""Weightings of the inputs offered by the equity widget (illustrative analyst's choices)."""

_VERDICT_COLORS = {"under-rewarded": BAD, "equitable": GOOD, "over-rewarded": COMPARE}


def equity_widget(other: Mapping[str, float] | None = None, *, simulated: bool,
                  outcome: float = 1.0, tolerance: float = 0.05) -> Widget:
    """Chapter 3: a citizen sets their inputs (trips, hours of waiting, documents) for the same
    outcome (one matter done) and compares their outcome/input ratio with another applicant's.

    Parameters
    ----------
    other : mapping, optional
        The comparison applicant's inputs ``{'trips', 'wait_hours', 'documents'}``; default one
        trip, one hour, two documents.
    outcome : float
        Outcome of both applicants (default 1: the matter was done for both).
    tolerance : float
        Relative band counted as equitable (see :func:`helpers.equity.compare_equity`).
    simulated : bool
        Required, keyword-only: ``True`` when the data are simulated; both views then carry
        模拟数据 (see :class:`helpers.widgets.Widget`).

    Returns
    -------
    helpers.widgets.Widget
        Key ``"equity"``, sliders ``trips`` (1–5), ``wait_hours`` (0–4), ``documents`` (1–6)
        and the choice ``weighting`` (a key of :data:`EQUITY_WEIGHTINGS`). ``w.evaluate(...)``
        returns two rows (``person`` 你, then 对方), rounded to 4 decimals, with columns

        - ``person``
        - 跑腿次数, 等候时间, 提交材料 : each weighted input
        - ``input_total`` : I, their sum
        - ``ratio`` : O / I
        - ``times`` : your ratio ÷ the other's (1 in the other's row)
        - ``label``, ``label_zh`` : the verdict of :func:`helpers.equity.compare_equity` in
          your row (empty text in the other's row)
        - ``param_trips``, ``param_wait_hours``, ``param_documents``, ``param_weighting``

    Notes
    -----
    Ratios and verdict from :func:`helpers.equity.equity_ratios` and
    :func:`helpers.equity.compare_equity` (Adams 1965, Advances in Experimental Social
    Psychology 2:267–299: equity when ``O_A/I_A = O_B/I_B``). The inputs are combined with one
    of :data:`EQUITY_WEIGHTINGS`, an explicit analyst's choice. The chart shows the verdict as
    a sentence, the stacked weighted inputs of both people and their ratios O / I.

    Validated against: helpers.equity.equity_ratios and compare_equity (same ratios and
    verdict for each weighting) — tests/test_widgets_theory.py.

    Examples
    --------
    >>> w = equity_widget(simulated=True)
    >>> w.title
    '办一件事：我吃亏了吗？'
    >>> v = w.evaluate(trips=3, wait_hours=2, documents=4, weighting="hours")
    >>> v["label_zh"].iloc[0]
    '回报不足（吃亏）'
    >>> v[["person", "input_total", "ratio"]].to_numpy().tolist()
    [['你', 10.0, 0.1], ['对方', 4.0, 0.25]]
    """
    from helpers.equity import compare_equity, equity_ratios

    other = {"trips": 1.0, "wait_hours": 1.0, "documents": 2.0, **dict(other or {})}
    unknown = set(other) - set(EQUITY_COMPONENTS)
    if unknown:
        raise HelpersError(f"other 只能包含 {list(EQUITY_COMPONENTS)} "
                           f"(unknown input(s) in other: {sorted(unknown)})")
    components = list(EQUITY_COMPONENTS)
    you, them = "你", "对方"

    def compute(trips: float, wait_hours: float, documents: float, weighting: str) -> pd.DataFrame:
        weights = EQUITY_WEIGHTINGS[weighting][1]
        people = pd.DataFrame({
            "person": [you, them], "outcome": [outcome, outcome],
            "trips": [trips, other["trips"]], "wait_hours": [wait_hours, other["wait_hours"]],
            "documents": [documents, other["documents"]]})
        ratios = equity_ratios(people, "outcome", components, weights=weights, person="person")
        verdict = compare_equity(you, them, ratios=ratios, tolerance=tolerance).iloc[0]
        out = pd.DataFrame({"person": ratios["person"]})
        for c in components:  # weighted contribution of each input to I
            out[EQUITY_COMPONENTS[c]] = people[c].to_numpy() * weights[c]
        out["input_total"] = ratios["input_total"].to_numpy()
        out["ratio"] = ratios["ratio"].to_numpy()
        out["times"] = [verdict["ratio_a"] / verdict["ratio_b"], 1.0]
        out["label"] = [verdict["label"], ""]
        out["label_zh"] = [verdict["label_zh"], ""]
        return out.round(4)

    limits = {"trips": 5.0, "wait_hours": 4.0, "documents": 6.0}  # slider maxima below
    max_input = max(sum(max(limits[c], other[c]) * w[c] for c in components)
                    for _, w in EQUITY_WEIGHTINGS.values())
    comp_names = [EQUITY_COMPONENTS[c] for c in components]

    def chart(base: alt.Chart, params: Mapping[str, Any]) -> alt.TopLevelMixin:
        person_y = alt.Y("person:N", title=None, sort=[you, them])
        inputs = base.transform_fold(comp_names, as_=["component", "value"]).transform_calculate(
            order=" + ".join(f"(datum.component == '{n}' ? {i} : 0)"
                             for i, n in enumerate(comp_names))
        ).mark_bar(stroke=REFERENCE, strokeWidth=1.2).encode(
            y=person_y,
            # each input also has its own outline dash: colour is not the only carrier
            strokeDash=alt.StrokeDash("component:N", title="投入", sort=comp_names,
                                      scale=alt.Scale(domain=comp_names,
                                                      range=vega_series(3)["strokeDash"]),
                                      legend=alt.Legend(orient="bottom")),
            x=alt.X("value:Q", title="折算后的投入 I", stack="zero",
                    scale=alt.Scale(domain=[0, float(np.ceil(max_input))])),
            color=alt.Color("component:N", title="投入", sort=comp_names,
                            scale=alt.Scale(domain=comp_names,
                                            range=vega_series(3)["color"]),
                            legend=alt.Legend(orient="bottom")),
            order=alt.Order("order:Q"),
            tooltip=[alt.Tooltip("person:N", title="谁"), alt.Tooltip("component:N", title="投入"),
                     alt.Tooltip("value:Q", title="折算后", format=".1f")],
        ).properties(width=250, height=90,
                     title=alt.TitleParams("投入（结果都是：事情办成）", fontSize=13))
        bars = base.mark_bar().encode(
            y=person_y, x=alt.X("ratio:Q", title="结果 ÷ 投入（O / I）",
                                scale=alt.Scale(domain=[0, 0.6])),
            # coloured by the verdict that the headline above writes out
            color=alt.Color("label_zh:N", legend=None,
                            scale=alt.Scale(domain=[*(EQUITY_LABELS[k] for k in _VERDICT_COLORS),
                                                    ""],
                                            range=[*_VERDICT_COLORS.values(), NEUTRAL])),
            tooltip=[alt.Tooltip("person:N", title="谁"),
                     alt.Tooltip("ratio:Q", title="O / I", format=".3f"),
                     alt.Tooltip("input_total:Q", title="投入合计 I", format=".1f")])
        labels = base.mark_text(align="left", dx=4, fontSize=12).encode(
            y=person_y, x="ratio:Q", text=alt.Text("ratio:Q", format=".3f"))
        right = alt.layer(bars, labels).properties(width=200, height=90,
                                                   title=alt.TitleParams("公平比率", fontSize=13))
        verdict = base.transform_filter(f"datum.person == '{you}'").transform_calculate(
            t="'你的比率是对方的 ' + format(datum.times, '.2f') + ' 倍：' + datum.label_zh"
        ).mark_text(align="left", fontSize=16, fontWeight="bold").encode(
            x=alt.value(0), y=alt.value(12), text="t:N",
            color=alt.Color("label:N", legend=None,
                            scale=alt.Scale(domain=list(_VERDICT_COLORS),
                                            range=list(_VERDICT_COLORS.values()))),
        ).properties(width=480, height=24, view=alt.ViewBackground(strokeWidth=0))
        return alt.vconcat(verdict, alt.hconcat(inputs, right, spacing=24)
                           .resolve_scale(color="independent", strokeDash="independent"),
                           spacing=8).resolve_scale(color="independent")

    return Widget(
        simulated=simulated,
        key="equity",
        title="办一件事：我吃亏了吗？",
        params=[Param("trips", "跑腿次数", 1, 5, 1, 3),
                Param("wait_hours", "等候小时数", 0, 4, 1, 2),
                Param("documents", "提交材料份数", 1, 6, 1, 4),
                Choice("weighting", "投入的折算方式",
                       tuple((k, v[0]) for k, v in EQUITY_WEIGHTINGS.items()), "hours")],
        compute=compute,
        chart=chart,
        note=(f"对方：跑 {other['trips']:g} 趟、等 {other['wait_hours']:g} 小时、交 "
              f"{other['documents']:g} 份材料，同样办成。试试：把你的跑腿次数降到 1 次。"),
    )
