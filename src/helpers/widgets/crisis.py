"""专题三 widget (危机管理): crisis type and intensifiers → the SCCT response with its reasoning.

- :func:`scct_widget`: the crisis type, a history of similar crises and the prior reputation →
  the role of each response posture (:func:`helpers.scct.scct_recommendation`) and why.

The release-timing widget of this topic is :func:`helpers.widgets.rumour_release_widget` with
``frequencies``.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from typing import Any

import altair as alt
import pandas as pd

from helpers.scct import CRISIS_TYPES, ROLES, scct_recommendation
from helpers.widgets._core import Choice, Widget
from helpers.plots._palette import BAD, COMPARE, GOOD, GRID, MAIN, NEUTRAL

__all__ = ["scct_widget"]

_ROLE_COLOURS = {"首先做": MAIN, "主要策略": GOOD, "视情况": COMPARE,
                 "辅助": NEUTRAL, "不需要": GRID, "不宜": BAD}


def scct_widget(*, simulated: bool, width: int = 34) -> Widget:
    """专题三: crisis type, history and reputation → SCCT response postures with the reasoning.

    Three controls: ``crisis_type`` (the twelve types of :data:`helpers.scct.CRISIS_TYPES`),
    ``history`` (similar crises before: ``no``/``yes``) and ``reputation`` (prior reputation:
    ``good``/``poor``). The chart lists the five postures (instructing information, deny,
    diminish, rebuild, bolster), each coloured by its role (首先做, 主要策略, 视情况, 辅助, 不需要,
    不宜), with the reason beside it; the title line gives the cluster and the threat.

    Parameters
    ----------
    simulated : bool
        Required, keyword-only: the rules are published theory, not data (``False`` in the
        chapter).
    width : int, default 34
        Characters per line of the wrapped reason.

    Returns
    -------
    helpers.widgets.Widget
        Key ``"scct"``; ``w.evaluate(...)`` returns the table of
        :func:`helpers.scct.scct_recommendation` (``posture_zh``, ``role``, ``role_zh``,
        ``cluster_zh``, ``threat``) with ``order`` (0–4), ``reason_lines`` (the reason after
        the situation sentence, wrapped in lines joined by ``\\n``), ``situation`` and the
        ``param_`` columns.

    Notes
    -----
    The rules of situational crisis communication theory (Coombs 2007, *Corporate Reputation
    Review* 10(3): 163–176) as encoded in :func:`helpers.scct.scct_recommendation`.

    Validated against: helpers.scct.scct_recommendation at the same settings (the static grid
    equals the live computation) — tests/test_widgets_crisis.py.

    Examples
    --------
    >>> w = scct_widget(simulated=False)
    >>> [p.name for p in w.params]
    ['crisis_type', 'history', 'reputation']
    >>> out = w.evaluate(crisis_type="人为失误事故", history="no", reputation="good")
    >>> out.loc[out["role"] == "primary", "posture_zh"].tolist()
    ['重建']
    """

    def compute(crisis_type: str, history: str, reputation: str) -> pd.DataFrame:
        """The SCCT table for one setting, with the reason wrapped for the chart."""
        r = scct_recommendation(crisis_type, history=history == "yes",
                                poor_reputation=reputation == "poor")
        situation, _, rest = r["reason"].iloc[0].partition("。")
        out = r[["posture_zh", "role", "role_zh", "cluster_zh", "threat"]].copy()
        out.insert(0, "order", range(len(out)))
        out["reason_lines"] = [
            "\n".join(textwrap.wrap(reason.partition("。")[2], width)) for reason in r["reason"]]
        out["situation"] = situation
        return out.reset_index(drop=True)

    def chart(base: alt.Chart, params: Mapping[str, Any]) -> alt.TopLevelMixin:
        y = alt.Y("order:O", axis=None)
        colour = alt.Color("role_zh:N", title="作用",
                           scale=alt.Scale(domain=list(ROLES.values()),
                                           range=[_ROLE_COLOURS[v] for v in ROLES.values()]),
                           legend=alt.Legend(orient="bottom", columns=6))
        box = base.mark_rect(stroke="white", strokeWidth=2).encode(
            x=alt.value(0), x2=alt.value(170), y=y, color=colour,
            tooltip=[alt.Tooltip("posture_zh:N", title="策略"),
                     alt.Tooltip("role_zh:N", title="作用")])
        label = base.mark_text(align="left", dx=8, fontSize=13, fontWeight="bold").encode(
            x=alt.value(0), y=y, text="posture_zh:N")
        role = base.mark_text(align="right", fontSize=12).encode(
            x=alt.value(164), y=y, text="role_zh:N")
        reason = base.mark_text(align="left", fontSize=11, lineBreak="\n",
                                baseline="middle").encode(
            x=alt.value(180), y=y, text="reason_lines:N")
        head = base.transform_filter("datum.order == 0").transform_calculate(
            t="datum.situation + '。'").mark_text(align="left", fontSize=12).encode(
            x=alt.value(0), y=alt.value(-14), text="t:N")
        return alt.layer(box, label, role, reason, head).properties(
            width=620, height=5 * 62)

    types = tuple((t, t) for t in CRISIS_TYPES)
    return Widget(
        simulated=simulated,
        key="scct",
        title="情境危机沟通理论（SCCT）：危机类型 → 回应策略",
        params=[Choice("crisis_type", "危机类型", types, "谣言"),
                Choice("history", "以前有过类似危机", (("no", "没有"), ("yes", "有")), "no",
                       radio=True),
                Choice("reputation", "此前的声誉", (("good", "一般或良好"), ("poor", "不佳")),
                       "good", radio=True)],
        compute=compute,
        chart=chart,
        note=("依据 Coombs（2007）的指导原则：先选“谣言”，再换成“技术故障事故”“人为失误事故”，"
              "并打开“以前有过类似危机”，看主要策略怎样变化。"),
    )
