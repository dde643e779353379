"""Topic 2 widgets (专题二 投诉处理技巧).

- :func:`composite_weights_widget`: the weights of a composite of the 12345 rates → the
  departments' ranking (:func:`helpers.composite.weight_sensitivity`).
- :func:`closing_time_widget`: how long a ticket took to close, relative to its own limit →
  the citizens' satisfaction at the call-back (:func:`helpers.compare.proportion_difference`).
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import Any

import altair as alt
import numpy as np
import pandas as pd

from helpers._validate import check_frame, require_columns
from helpers.compare import proportion_difference
from helpers.composite import weight_sensitivity
from helpers.transfers import time_to_close
from helpers.widgets._core import Choice, Param, Widget
from helpers.plots._palette import BAD, MAIN, REFERENCE, TEXT

__all__ = ["composite_weights_widget", "closing_time_widget"]

_RATES = ("response", "resolution", "satisfaction")


def composite_weights_widget(rates: pd.DataFrame, *, simulated: bool,
                             by: Hashable = "department") -> Widget:
    """专题二: relative weights of 响应率, 解决率, 满意率 → composite score and rank per department.

    Controls: ``w_response``, ``w_resolution``, ``w_satisfaction`` (relative weights 0–4, step 1;
    they are divided by their sum, so 1-1-1 and 2-2-2 are the same equal weighting; all three at
    0 is read as equal weights). The chart shows each department's composite (bar, 0–100
    points) with its approximate interval, ordered by rank, the rank written beside it.

    Parameters
    ----------
    rates : pandas.DataFrame
        Output of :func:`helpers.hotline.hotline_rates` with ``by=`` the group column.
    simulated : bool
        Required, keyword-only: ``True``; both views carry 模拟数据.
    by : column name, default "department"
        The group column.

    Returns
    -------
    helpers.widgets.Widget
        Key ``"composite-weights"``. ``w.evaluate(...)`` returns one row per group from
        :func:`helpers.composite.weight_sensitivity` at the normalised weights: ``by``,
        ``score``, ``score_low``, ``score_high`` (composite and interval × 100, 2 decimals),
        ``rank``, plus the ``param_*`` columns. All 124 distinct weightings are computed in one
        call when the widget is built.

    Notes
    -----
    score_g = Σ_r w_r p_{g,r} with w_r = v_r / Σ v (v the slider values); there are no official
    national weights (domain brief §7.3), which is why the reader should see how the order
    moves. Validated against: helpers.composite.weight_sensitivity at sampled grid points
    (tests/test_widgets_complaints.py).

    Examples
    --------
    >>> rates = pd.DataFrame({"department": ["甲"] * 3 + ["乙"] * 3,
    ...                       "rate": ["response", "resolution", "satisfaction"] * 2,
    ...                       "estimate": [1.0, 0.6, 0.7, 0.8, 0.8, 0.8], "n": [100] * 6})
    >>> w = composite_weights_widget(rates, simulated=True)
    >>> w.evaluate(w_response=4, w_resolution=0, w_satisfaction=0)[["department", "rank"]]
      department  rank
    0          乙     2
    1          甲     1
    """
    check_frame(rates, name="rates")
    require_columns(rates, [by, "rate", "estimate", "n"], name="rates")
    used = rates[rates["rate"].isin(_RATES)].copy()
    values = np.arange(0, 5)
    combos = np.array([(a, b, c) for a in values for b in values for c in values], float)
    combos[combos.sum(axis=1) == 0] = 1.0
    unique = np.unique(np.round(combos / combos.sum(axis=1, keepdims=True), 10), axis=0)
    table = weight_sensitivity(used, by=by, weights=pd.DataFrame(
        unique, columns=[f"w_{r}" for r in _RATES]))          # one call for every setting

    def compute(w_response: float, w_resolution: float, w_satisfaction: float) -> pd.DataFrame:
        v = np.array([w_response, w_resolution, w_satisfaction], float)
        v = np.ones(3) if v.sum() == 0 else v
        w = np.round(v / v.sum(), 10)
        hit = np.ones(len(table), dtype=bool)
        for r, x in zip(_RATES, w, strict=True):
            hit &= np.isclose(table[f"w_{r}"].to_numpy(), x)
        rows = table[hit]
        out = pd.DataFrame({by: rows[by].astype(str).to_numpy(),
                            "score": rows["estimate"].to_numpy() * 100,
                            "score_low": rows["ci_low"].to_numpy() * 100,
                            "score_high": rows["ci_high"].to_numpy() * 100,
                            "rank": rows["rank"].to_numpy()})
        return out.round(2)

    def chart(base: alt.Chart, params: Mapping[str, Any]) -> alt.TopLevelMixin:
        y = alt.Y(f"{by}:N", title=None, sort=alt.EncodingSortField("rank", op="min"))
        bars = base.mark_bar(color=MAIN, opacity=0.8).encode(
            y=y, x=alt.X("score:Q", title="综合得分（0–100，所选权重）",
                         scale=alt.Scale(domain=[50, 100], clamp=True)),
            tooltip=[alt.Tooltip(f"{by}:N", title="部门"),
                     alt.Tooltip("score:Q", title="综合得分", format=".1f"),
                     alt.Tooltip("rank:Q", title="名次")])
        err = base.mark_rule(color=REFERENCE).encode(y=y, x="score_low:Q", x2="score_high:Q")
        label = base.transform_calculate(t="'第 ' + datum.rank + ' 名'").mark_text(
            align="left", dx=4, color=REFERENCE).encode(y=y, x=alt.value(5), text="t:N")
        return alt.layer(bars, err, label).properties(width=420, height=28 * used[by].nunique())

    return Widget(
        simulated=simulated,
        key="composite-weights",
        title="综合得分的权重与部门排名",
        params=[Param("w_response", "响应率的权重", 0, 4, 1, 1),
                Param("w_resolution", "解决率的权重", 0, 4, 1, 1),
                Param("w_satisfaction", "满意率的权重", 0, 4, 1, 1)],
        compute=compute,
        chart=chart,
        note="试试：只看响应率（4-0-0），再只看满意率（0-0-4）。哪些部门的名次变化最大？",
    )


def closing_time_widget(tickets: pd.DataFrame, *, simulated: bool,
                        received: Hashable = "received", closed: Hashable = "closed",
                        deadline: Hashable = "deadline_hours", satisfied: Hashable = "satisfied",
                        category: Hashable = "category") -> Widget:
    """专题二: a closing-time threshold (share of each ticket's own limit) → satisfaction of the
    tickets closed within it vs after it.

    Controls: ``threshold`` (0.25–2.0 times the ticket's own limit, step 0.25) and ``kind``
    (all tickets, or complaints only). The chart shows, for every threshold, the satisfaction
    rate of tickets closed within it minus that of tickets closed later (Newcombe interval as a
    band), with the chosen threshold marked and both rates written above.

    Parameters
    ----------
    tickets : pandas.DataFrame
        One row per ticket, e.g. ``load_dataset("hotline_tickets")``.
    simulated : bool
        Required, keyword-only: ``True``; both views carry 模拟数据.
    received, closed, deadline, satisfied, category : column names
        Receipt and closure times, the limit in hours, the 0/1 call-back verdict (missing = not
        reached) and the category (``"投诉"`` selects complaints).

    Returns
    -------
    helpers.widgets.Widget
        Key ``"closing-time"``. ``w.evaluate(...)`` returns rows of kind ``'curve'`` (one per
        threshold) and ``'current'`` (the chosen one) with ``threshold``, ``within``,
        ``beyond`` (satisfaction rates), ``estimate`` (within − beyond), ``ci_low``,
        ``ci_high``, ``n_within``, ``n_beyond`` (4 decimals), plus the ``param_*`` columns.

    Notes
    -----
    Only closed tickets with a call-back verdict count; u = hours to close / own limit; the
    two groups are u ≤ threshold and u > threshold; the difference and its interval come from
    :func:`helpers.compare.proportion_difference` (Newcombe 1998). A threshold where one group
    is empty gives missing values. Observational: slow tickets are also harder ones.

    Examples
    --------
    >>> from helpers.simulate import hotline_tickets
    >>> w = closing_time_widget(hotline_tickets(n=600, seed=1), simulated=True)
    >>> row = w.evaluate(threshold=1.0, kind="all").query("kind == 'current'")
    >>> bool(row["within"].iloc[0] > row["beyond"].iloc[0])
    True
    """
    check_frame(tickets, name="tickets")
    require_columns(tickets, [received, closed, deadline, satisfied, category], name="tickets")
    t = time_to_close(tickets, received, closed)
    base = tickets.assign(_u=t["hours"] / tickets[deadline].astype(float))
    base = base[base["_u"].notna() & base[satisfied].notna()]
    thresholds = np.round(np.arange(0.25, 2.0 + 1e-9, 0.25), 2)

    def one(data: pd.DataFrame, th: float) -> dict:
        g = data.assign(_fast=(data["_u"] <= th).astype(int))
        row = {"threshold": float(th), "within": np.nan, "beyond": np.nan, "estimate": np.nan,
               "ci_low": np.nan, "ci_high": np.nan, "n_within": int(g["_fast"].sum()),
               "n_beyond": int((1 - g["_fast"]).sum())}
        if row["n_within"] and row["n_beyond"]:
            d = proportion_difference(g, satisfied, "_fast", levels=[1, 0]).iloc[0]
            row.update(within=d["estimate_a"], beyond=d["estimate_b"], estimate=d["estimate"],
                       ci_low=d["ci_low"], ci_high=d["ci_high"])
        return row

    curves = {k: pd.DataFrame([one(base if k == "all" else base[base[category] == "投诉"], th)
                               for th in thresholds]) for k in ("all", "complaint")}

    def compute(threshold: float, kind: str) -> pd.DataFrame:
        curve = curves[kind].assign(kind="curve")
        current = curve[np.isclose(curve["threshold"], threshold)].assign(kind="current")
        return pd.concat([curve, current], ignore_index=True).round(4)

    def chart(base_chart: alt.Chart, params: Mapping[str, Any]) -> alt.TopLevelMixin:
        x = alt.X("threshold:Q", title="办结用时 ÷ 本工单时限（门槛）", scale=alt.Scale(domain=[0, 2.1]))
        y = alt.Y("estimate:Q", title="满意率之差：门槛内 − 门槛外",
                  scale=alt.Scale(domain=[-0.3, 0.7], clamp=True))
        curve = base_chart.transform_filter("datum.kind == 'curve'")
        band = curve.mark_area(opacity=0.2, color=MAIN).encode(x=x, y="ci_low:Q", y2="ci_high:Q")
        line = curve.mark_line(point=True, color=MAIN).encode(x=x, y=y)
        current = base_chart.transform_filter("datum.kind == 'current'")
        point = current.mark_point(filled=True, size=160, color=BAD).encode(x=x, y=y)
        zero = alt.Chart(pd.DataFrame({"z": [0.0]})).mark_rule(strokeDash=[4, 4], color=TEXT
                                                                   ).encode(y="z:Q")
        label = current.transform_calculate(
            text="'门槛内满意率 ' + format(datum.within, '.0%') + '（' + datum.n_within + ' 张），门槛外 '"
                 " + format(datum.beyond, '.0%') + '（' + datum.n_beyond + ' 张）'"
        ).mark_text(align="left", fontSize=13, color=REFERENCE).encode(
            x=alt.value(8), y=alt.value(12), text="text:N")
        return alt.layer(band, line, zero, point, label).properties(width=460, height=300)

    return Widget(
        simulated=simulated,
        key="closing-time",
        title="办结用时与回访满意度",
        params=[Param("threshold", "门槛（时限的倍数）", 0.25, 2.0, 0.25, 1.0),
                Choice("kind", "工单", (("all", "全部工单"), ("complaint", "只看投诉")), "all",
                       radio=True)],
        compute=compute,
        chart=chart,
        note="试试：门槛从 0.25 拉到 2，差值在哪里最大？只看投诉时怎样？这是观察数据，慢的工单往往也更难。",
    )
