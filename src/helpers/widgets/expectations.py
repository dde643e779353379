"""Chapter 2 widget: adaptive expectations over repeated visits, with a fading media shock."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import altair as alt
import numpy as np
import pandas as pd

from helpers.widgets._core import Choice, Param, Widget
from helpers.plots._palette import BAD, EVENT, GOOD, MAIN, NEUTRAL, REFERENCE

__all__ = ["adaptive_expectations_widget", "WIDGET_EXPERIENCE"]

N_VISITS = 20
INITIAL_EXPECTATION = 6.0
SHOCK_DECAY = 0.6
SHOCK_VISITS = (5, 12)


def _experience() -> np.ndarray:
    from helpers.expectations import experience_sequence

    return experience_sequence(N_VISITS, level=5.0, spread=0.15, seed=2)


WIDGET_EXPERIENCE: np.ndarray = _experience()
"""The fixed service sequence of the widget: ``experience_sequence(20, 5.0, 0.15, seed=2)``."""


def adaptive_expectations_widget(*, simulated: bool, initial: float = INITIAL_EXPECTATION,
                                 shock_decay: float = SHOCK_DECAY) -> Widget:
    """Chapter 2: how a citizen's expectation updates visit after visit.

    The experienced service is the fixed sequence :data:`WIDGET_EXPERIENCE` (steady service
    around 5 on the 1–7 scale with small seeded variation); the expectation before the first
    visit is ``initial`` (6 by default: the citizen arrives expecting more than the centre
    delivers). The reader sets the update rate λ (a trait of the citizen: how fast he revises his
    estimate; not something staff choose), the size of a media shock and the visit at
    which it appears; the shock fades as ``size·δ^(t−k)`` with δ = ``shock_decay``. The
    computation is :func:`helpers.expectations.adaptive_expectations`.

    Grid: λ 0–1 step 0.1 (11) × shock size 0, 0.5, 1, 1.5 (4) × shock visit 5 or 12 (2)
    = 88 combinations of 20 visits each (static data ≈ 260 KB).

    Parameters
    ----------
    simulated : bool
        Required, keyword-only: ``True`` when the data are simulated; both views then carry
        模拟数据 (see :class:`helpers.widgets.Widget`).
    initial : float, default 6.0
        Expectation before the first visit, ``E_1``, on the 1–7 scale.
    shock_decay : float, default 0.6
        Share δ in [0, 1) of the media shock left at the next visit.

    Returns
    -------
    helpers.widgets.Widget
        Key ``"adaptive-expectations"``, sliders ``rate`` (λ) and ``shock_size``, radio buttons
        ``shock_visit`` (``"5"`` or ``"12"``). ``w.evaluate(...)`` returns the 20 rows of
        :func:`helpers.expectations.adaptive_expectations` (``visit, experience, baseline,
        shock, expectation, gap``, rounded to 2 decimals, never NaN) plus the parameter columns
        ``param_rate, param_shock_size, param_shock_visit``.

    Notes
    -----
    Adaptive expectations (Cagan 1956; Nerlove 1958): ``B_{t+1} = B_t + λ·(P_t − B_t)`` with
    ``B_1 = initial``, plus the shock ``s_t = size·δ^(t−k)`` from visit k on, ``E_t = B_t +
    s_t`` clipped to 1–7. The chart shows the expectation E (blue), the experienced service P
    (green) and the expectation without the story (grey, dashed) over the 20 visits, the gap
    between E and P shaded red, and a purple rule at the visit where the shock appears.
    Nothing is computed here beyond rounding.

    Validated against: helpers.expectations.adaptive_expectations (the same expectations at
    sampled grid points; the static grid equals the live computation) —
    tests/test_widgets_expectations.py.

    Examples
    --------
    >>> w = adaptive_expectations_widget(simulated=True)
    >>> w.title
    '期望怎样随每次办事而调整（适应性期望）'
    >>> row = w.evaluate(rate=0.5, shock_size=0.0, shock_visit="5").query("visit == 2")
    >>> bool(abs(row["expectation"].iloc[0] - (6.0 + 0.5 * (WIDGET_EXPERIENCE[0] - 6.0))) < 0.006)
    True
    >>> len(w.grid())  # 88 settings × 20 visits
    1760
    """
    from helpers.expectations import adaptive_expectations

    experience = WIDGET_EXPERIENCE.copy()

    def compute(rate: float, shock_size: float, shock_visit: str) -> pd.DataFrame:
        out = adaptive_expectations(experience, initial=initial, rate=rate,
                                    shock_size=shock_size, shock_visit=int(shock_visit),
                                    shock_decay=shock_decay)
        return out.round(2)

    def chart(base: alt.Chart, params: Mapping[str, Any]) -> alt.TopLevelMixin:
        x = alt.X("visit:Q", title="第几次办事", scale=alt.Scale(domain=[1, N_VISITS]),
                  axis=alt.Axis(tickMinStep=1, values=list(range(1, N_VISITS + 1, 2))))
        y_scale = alt.Scale(domain=[4, 7])
        gap = base.mark_area(opacity=0.18, color=BAD).encode(
            x=x, y=alt.Y("expectation:Q", scale=y_scale), y2="experience:Q")
        long = base.transform_fold(
            ["expectation", "experience", "baseline"], as_=["series", "value"]
        ).transform_calculate(
            label="datum.series == 'expectation' ? '期望 E（含媒体冲击）' : "
                  "(datum.series == 'experience' ? '实际感受到的服务 P' : '期望（若没有这条新闻）')"
        )
        color = alt.Color("label:N", title=None, legend=alt.Legend(orient="bottom"),
                          scale=alt.Scale(domain=["期望 E（含媒体冲击）", "实际感受到的服务 P",
                                                  "期望（若没有这条新闻）"],
                                          range=[MAIN, GOOD, NEUTRAL]))
        dash = alt.StrokeDash("label:N", legend=None,
                              scale=alt.Scale(domain=["期望 E（含媒体冲击）", "实际感受到的服务 P",
                                                      "期望（若没有这条新闻）"],
                                              range=[[1, 0], [1, 0], [5, 4]]))
        tooltip = [alt.Tooltip("visit:Q", title="第几次"), alt.Tooltip("label:N", title="曲线"),
                   alt.Tooltip("value:Q", title="分值", format=".2f")]
        lines = long.mark_line(point=alt.OverlayMarkDef(size=25)).encode(
            x=x, y=alt.Y("value:Q", title="分值（1–7）", scale=y_scale), color=color,
            strokeDash=dash, tooltip=tooltip)
        shock_row = base.transform_filter(
            f"datum.visit == toNumber({params['shock_visit'].name}) && datum.shock != 0")
        rule = shock_row.mark_rule(color=EVENT, strokeDash=[4, 3], strokeWidth=1.5).encode(x=x)
        rule_text = shock_row.mark_text(align="left", dx=4, color=EVENT, fontSize=12).encode(
            x=x, y=alt.value(14),
            text=alt.value("媒体冲击出现"))
        rate, size, visit = (params[k].name for k in ("rate", "shock_size", "shock_visit"))
        summary = base.transform_filter("datum.visit == 1").transform_calculate(
            text=f"'更新速度 λ = ' + format({rate}, '.1f') + ({size} > 0 ? '　媒体冲击 +' + "
                 f"format({size}, '.1f') + ' 分，出现在第 ' + {visit} + ' 次办事前' : "
                 f"'　无媒体冲击（冲击大小为 0；出现时间设为第 ' + {visit} + ' 次）')"
        ).mark_text(align="left", fontSize=13, fontWeight="bold", color=REFERENCE).encode(
            x=alt.value(6), y=alt.value(-12), text="text:N")
        return alt.layer(gap, lines, rule, rule_text, summary).properties(
            width=480, height=300)

    return Widget(
        simulated=simulated,
        key="adaptive-expectations",
        title="期望怎样随每次办事而调整（适应性期望）",
        params=[Param("rate", "更新速度 λ", 0.0, 1.0, 0.1, 0.3),
                Param("shock_size", "媒体冲击大小（分）", 0.0, 1.5, 0.5, 1.0),
                Choice("shock_visit", "冲击出现在第几次办事前",
                       tuple((str(k), f"第 {k} 次") for k in SHOCK_VISITS), "5", radio=True)],
        compute=compute,
        chart=chart,
        note=(f"红色阴影是期望与实际服务之间的差距。实际服务固定为约 5 分的平稳服务；"
              f"初始期望 {initial:g} 分；冲击按每次办事保留 {shock_decay:g} 的比例衰减。"),
    )
