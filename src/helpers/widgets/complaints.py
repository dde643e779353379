"""Topic 2 widget (专题二 投诉处理技巧): the weights of a composite of the 12345 rates →
the departments' ranking (:func:`helpers.composite.weight_sensitivity`)."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import Any

import altair as alt
import numpy as np
import pandas as pd

from helpers._validate import check_frame, require_columns
from helpers.composite import weight_sensitivity
from helpers.widgets._core import Param, Widget

__all__ = ["composite_weights_widget"]

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
        bars = base.mark_bar(color="#2e86c1", opacity=0.8).encode(
            y=y, x=alt.X("score:Q", title="综合得分（0–100，所选权重）",
                         scale=alt.Scale(domain=[50, 100], clamp=True)),
            tooltip=[alt.Tooltip(f"{by}:N", title="部门"),
                     alt.Tooltip("score:Q", title="综合得分", format=".1f"),
                     alt.Tooltip("rank:Q", title="名次")])
        err = base.mark_rule(color="#333333").encode(y=y, x="score_low:Q", x2="score_high:Q")
        label = base.transform_calculate(t="'第 ' + datum.rank + ' 名'").mark_text(
            align="left", dx=4, color="#333333").encode(y=y, x=alt.value(5), text="t:N")
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
