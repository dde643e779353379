"""Topic 1 widget (专题一 接待礼仪与职场礼仪).

- :func:`agreement_threshold_widget`: a minimum agreement (κ) for a checklist item → which items
  are kept, and each window's score and rank on the kept items
  (:func:`helpers.agreement.checklist_scores`).
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import Any

import altair as alt
import numpy as np
import pandas as pd

from helpers._validate import check_frame, require_columns
from helpers.agreement import checklist_scores
from helpers.widgets._core import Param, Widget
from helpers.plots._palette import MAIN, NEUTRAL, REFERENCE

__all__ = ["agreement_threshold_widget"]


def agreement_threshold_widget(data: pd.DataFrame, agreement: pd.DataFrame, *, simulated: bool,
                               window: Hashable = "window", item: Hashable = "item",
                               rating: Hashable = "score", max_score: float = 2) -> Widget:
    """专题一: minimum κ of a checklist item → kept items, window scores and ranks.

    Controls: ``threshold`` (0.0–0.9, step 0.1): an item is kept when its estimated agreement is
    at least the threshold. The chart shows every window's score on all items (grey) and on the
    kept items (blue), windows ordered by the score on all items, with the rank on the kept
    items and how many places it moved.

    Parameters
    ----------
    data : pandas.DataFrame
        Ratings in long format (one row per visit × assessor × item), e.g.
        ``load_dataset("mystery_shopper")``.
    agreement : pandas.DataFrame
        Output of :func:`helpers.agreement.item_agreement` (columns ``item``, ``estimate``).
    simulated : bool
        Required, keyword-only: ``True``; both views carry 模拟数据.
    window, item, rating : column names
        The window, the checklist item and the score.
    max_score : float, default 2
        Highest score of an item.

    Returns
    -------
    helpers.widgets.Widget
        Key ``"agreement-threshold"``. ``w.evaluate(threshold=...)`` returns one row per
        window: ``window``, ``score_all``, ``score_kept`` (0–100), ``rank_all``, ``rank_kept``
        (1 = best), ``moved`` (rank_all − rank_kept; positive = moved up), ``n_items`` (items
        kept), ``kept`` (the kept items, joined by “、”), plus ``param_threshold``. When no item
        reaches the threshold the kept score and rank are missing.

    Notes
    -----
    Scores are :func:`helpers.agreement.checklist_scores` (100 × mean score / max_score over
    all ratings of the window on the kept items). Validated against: checklist_scores at every
    grid point (tests/test_widgets_etiquette.py).

    Examples
    --------
    >>> d = pd.DataFrame({"window": ["A", "A", "B", "B"], "item": ["清楚", "含糊"] * 2,
    ...                   "score": [2, 0, 1, 2]})
    >>> ag = pd.DataFrame({"item": ["清楚", "含糊"], "estimate": [0.9, 0.3]})
    >>> w = agreement_threshold_widget(d, ag, simulated=True)
    >>> w.evaluate(threshold=0.5)[["window", "score_all", "score_kept", "rank_kept"]]
      window  score_all  score_kept  rank_kept
    0      A       50.0       100.0        1.0
    1      B       75.0        50.0        2.0
    """
    check_frame(data)
    require_columns(data, [window, item, rating])
    check_frame(agreement, name="agreement")
    require_columns(agreement, ["item", "estimate"], name="agreement")
    kappa = agreement.set_index("item")["estimate"]
    labels = dict(zip(data[item], data["item_zh"], strict=False)) if "item_zh" in data else {}
    base = checklist_scores(data, by=window, item=item, rating=rating, max_score=max_score)

    def compute(threshold: float) -> pd.DataFrame:
        keep = [i for i, k in kappa.items() if k >= threshold - 1e-9]
        out = pd.DataFrame({"window": base[window].astype(str), "score_all": base["score"],
                            "rank_all": base["rank"].astype(float)})
        if keep:
            kept = checklist_scores(data, by=window, item=item, rating=rating,
                                    max_score=max_score, items=keep)
            out["score_kept"] = kept["score"].to_numpy()
            out["rank_kept"] = kept["rank"].to_numpy().astype(float)
        else:
            out["score_kept"] = np.nan
            out["rank_kept"] = np.nan
        out["moved"] = out["rank_all"] - out["rank_kept"]
        out["n_items"] = len(keep)
        out["kept"] = "、".join(str(labels.get(i, i)) for i in keep) or "（没有项目）"
        return out[["window", "score_all", "score_kept", "rank_all", "rank_kept", "moved",
                    "n_items", "kept"]].round(2)

    order = base.sort_values(["score", window], ascending=[False, True])[window].astype(str).tolist()

    def chart(base_chart: alt.Chart, params: Mapping[str, Any]) -> alt.TopLevelMixin:
        y = alt.Y("window:N", title="窗口（按全部项目的得分排序）", sort=order)
        x_scale = alt.Scale(domain=[0, 100])
        rule = base_chart.mark_rule(color=NEUTRAL).encode(y=y, x="score_all:Q", x2="score_kept:Q")
        all_pt = base_chart.mark_point(color=NEUTRAL, filled=True, size=40).encode(
            y=y, x=alt.X("score_all:Q", title="得分（0–100）：灰 = 全部项目，蓝 = 保留的项目",
                         scale=x_scale))
        kept_pt = base_chart.mark_point(color=MAIN, filled=True, size=60).encode(
            y=y, x=alt.X("score_kept:Q", scale=x_scale),
            tooltip=[alt.Tooltip("window:N", title="窗口"),
                     alt.Tooltip("score_all:Q", title="全部项目得分", format=".1f"),
                     alt.Tooltip("score_kept:Q", title="保留项目得分", format=".1f"),
                     alt.Tooltip("rank_all:Q", title="原名次"),
                     alt.Tooltip("rank_kept:Q", title="新名次")])
        text = base_chart.transform_calculate(
            t="'第 ' + datum.rank_kept + ' 名' + (datum.moved > 0 ? '（↑' + datum.moved + '）' : "
              "datum.moved < 0 ? '（↓' + (-datum.moved) + '）' : '')").mark_text(
            align="left", fontSize=10, color=REFERENCE).encode(y=y, x=alt.value(445), text="t:N")
        head = base_chart.transform_filter("datum.window == 'W01'").transform_calculate(
            h="'保留 ' + datum.n_items + ' 项：' + datum.kept").mark_text(
            align="left", fontSize=12, color=REFERENCE, limit=540).encode(x=alt.value(0), y=alt.value(-8),
                                                              text="h:N")
        return alt.layer(rule, all_pt, kept_pt, text, head).properties(width=440, height=13 * len(order))

    return Widget(
        simulated=simulated,
        key="agreement-threshold",
        title="评分一致性门槛与窗口得分",
        params=[Param("threshold", "检查项目的最低 κ", 0.0, 0.9, 0.1, 0.6)],
        compute=compute,
        chart=chart,
        note="试试：门槛从 0 拉到 0.6，哪些项目被去掉？哪些窗口的名次变化最大？再拉到 0.9 又会怎样？",
    )
