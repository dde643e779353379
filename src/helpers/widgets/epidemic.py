"""Chapter 5 widget (案例分析, case 2): release delay and regularity → rumour and inquiry curves.

- :func:`rumour_release_widget`: the delay of the first official release and whether briefings
  are held every day → the Daley–Kendall rumour curves and the hotline inquiries they cause
  (illustrative model of :mod:`helpers.rumour`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import altair as alt
import numpy as np
import pandas as pd

from helpers.rumour import rumour_curve, rumour_summary
from helpers.widgets._core import Choice, Param, Widget
from helpers.plots._palette import BAD, COMPARE, MAIN, TEXT, VEGA_DASHES

__all__ = ["rumour_release_widget"]

_REGULARITY = (("regular", "每日例行发布会（首次发布后每天发布）"),
               ("irregular", "不定期发布（只发布一次，影响逐渐减弱）"))


def rumour_release_widget(*, simulated: bool, hours: int = 120, every: int = 3,
                          max_delay: int = 48, delay_step: int = 4,
                          frequencies: Sequence[int] | None = None, key: str = "rumour_release",
                          **model: Any) -> Widget:
    """Chapter 5: delay and regularity of official releases → rumour reach and inquiries.

    Sliders: ``release_delay`` (hours from the rumour's start to the first official release,
    0 … ``max_delay`` by ``delay_step``) and ``regularity`` (daily briefings after the first
    release, or a single release). The top chart shows the share of the population who have
    heard the rumour and the share spreading it, hour by hour, beside the curve with no release
    at all (grey); the bottom chart the hotline inquiries per hour. A line of text gives the
    final reach and the total rumour calls. Model: :func:`helpers.rumour.rumour_curve`
    (Daley–Kendall with official releases; illustrative).

    Parameters
    ----------
    simulated : bool
        Required, keyword-only: ``True`` marks both views 模拟数据.
    hours : int, default 120
        Hours shown.
    every : int, default 3
        Keep every ``every``-th hour (keeps the static page small).
    max_delay, delay_step : int, default 48 and 4
        The delay slider's range and step (hours).
    frequencies : sequence of int, optional
        专题三: instead of ``regularity``, a parameter ``release_every`` with these hours between
        statements (each statement restores the official information, which fades in between;
        :func:`helpers.rumour.rumour_curve` with ``release_every``) and the option ``once``
        (a single statement). The default (24 if offered) is one statement a day.
    key : str, default "rumour_release"
        The widget's key (unique on a page).
    **model
        Passed to :func:`helpers.rumour.rumour_curve` (``spread_rate``, ``stifle_rate``, …).

    Returns
    -------
    helpers.widgets.Widget
        Key ``key``, parameters ``release_delay`` and ``regularity`` (or ``release_every``
        when ``frequencies`` is given).
        ``w.evaluate(...)`` returns one row per kept hour, never NaN (4 decimals): ``hour``,
        ``heard``, ``spreader``, ``inquiries`` (calls per hour), ``reach`` and ``rumour_calls``
        (totals over the whole period, the same in every row), ``param_release_delay``,
        ``param_regularity``.

    Notes
    -----
    Daley & Kendall (1964, *Nature* 204: 1118) ignorant–spreader–stifler model; from the first
    release spreaders stop and ignorants hear the official version first, at rates that stay
    constant with daily briefings and fade after a single release
    (:func:`helpers.rumour.rumour_curve`). The rates are assumptions of the illustration.

    Validated against: helpers.rumour.rumour_curve at the same settings (the static grid equals
    the live computation) — tests/test_widgets_epidemic.py.

    Examples
    --------
    >>> w = rumour_release_widget(simulated=True)
    >>> [p.name for p in w.params]
    ['release_delay', 'regularity']
    >>> early = w.evaluate(release_delay=4, regularity="regular")["reach"].iloc[0]
    >>> late = w.evaluate(release_delay=36, regularity="regular")["reach"].iloc[0]
    >>> bool(early < late)
    True
    >>> f = rumour_release_widget(simulated=True, frequencies=(6, 24), key="crisis_release")
    >>> [p.name for p in f.params]
    ['release_delay', 'release_every']
    >>> often = f.evaluate(release_delay=12, release_every="6")["reach"].iloc[0]
    >>> once = f.evaluate(release_delay=12, release_every="once")["reach"].iloc[0]
    >>> bool(often < once)
    True
    """
    keep = np.arange(0, hours + 1, every)
    cols = ["hour", "heard", "spreader", "inquiries"]

    def curve(**kw: Any) -> pd.DataFrame:
        c = rumour_curve(hours=float(hours), **{**model, **kw})
        s = rumour_summary(c)
        out = c.loc[c["hour"].isin(keep), cols].reset_index(drop=True)
        out["reach"] = float(s["reach"].iloc[0])
        out["rumour_calls"] = float(s["rumour_calls"].iloc[0])
        return out.round(4)

    baseline = curve(release_delay=None)

    def compute(release_delay: float, regularity: str) -> pd.DataFrame:
        """The rumour curve (kept hours) for one setting, with the period's totals."""
        return curve(release_delay=float(release_delay), regular=regularity == "regular")

    def compute_every(release_delay: float, release_every: str) -> pd.DataFrame:
        """As ``compute``, with statements every ``release_every`` hours (or ``once``)."""
        if release_every == "once":
            return curve(release_delay=float(release_delay), regular=False)
        return curve(release_delay=float(release_delay), release_every=float(release_every))

    def chart(base: alt.Chart, params: Mapping[str, Any]) -> alt.TopLevelMixin:
        x = alt.X("hour:Q", title="谣言出现后的小时数", scale=alt.Scale(domain=[0, hours]))
        y_share = alt.Y("value:Q", title="占人口的比例", axis=alt.Axis(format=".0%"),
                        scale=alt.Scale(domain=[0, 1]))
        ref = alt.Chart(baseline).mark_line(color=TEXT, strokeDash=[4, 3]).encode(
            x=x, y=alt.Y("heard:Q", scale=alt.Scale(domain=[0, 1])),
            tooltip=[alt.Tooltip("hour:Q", title="小时"),
                     alt.Tooltip("heard:Q", title="不发布时听说过的比例", format=".1%")])
        lines = base.transform_fold(["heard", "spreader"], as_=["series", "value"]) \
            .transform_calculate(label="datum.series == 'heard' ? '听说过谣言' : '正在传谣'") \
            .mark_line(strokeWidth=2).encode(
                x=x, y=y_share,
                color=alt.Color("label:N", title=None,
                                scale=alt.Scale(domain=["听说过谣言", "正在传谣"],
                                                range=[BAD, COMPARE]),
                                legend=alt.Legend(orient="top-right")),
                strokeDash=alt.StrokeDash("label:N", title=None,       # not colour alone
                                          scale=alt.Scale(domain=["听说过谣言", "正在传谣"],
                                                          range=[VEGA_DASHES[0], VEGA_DASHES[2]]),
                                          legend=alt.Legend(orient="top-right")),
                tooltip=[alt.Tooltip("hour:Q", title="小时"), alt.Tooltip("label:N", title="曲线"),
                         alt.Tooltip("value:Q", title="比例", format=".1%")])
        release = base.transform_aggregate(delay="max(param_release_delay)").mark_rule(
            color=MAIN, strokeWidth=2).encode(x="delay:Q")
        release_text = base.transform_aggregate(delay="max(param_release_delay)") \
            .transform_calculate(t="'首次发布（第 ' + datum.delay + ' 小时）'") \
            .mark_text(align="left", dx=4, color=MAIN, fontSize=11).encode(
                x="delay:Q", y=alt.value(12), text="t:N")
        summary = base.transform_aggregate(reach="max(reach)", calls="max(rumour_calls)") \
            .transform_calculate(t=f"'最终听说过谣言：' + format(datum.reach, '.0%') + "
                                   f"'（不发布时 {baseline['reach'].iloc[0]:.0%}）　核实谣言的来电合计：' + "
                                   "format(datum.calls, ',.0f') + ' 次'") \
            .mark_text(align="left", fontSize=11).encode(x=alt.value(4), y=alt.value(30),
                                                          text="t:N")
        top = alt.layer(ref, lines, release, release_text, summary).properties(
            width=520, height=220)
        y_calls = alt.Scale(domain=[0, float(baseline["inquiries"].max()) * 1.05])
        ref_calls = alt.Chart(baseline).mark_line(color=TEXT, strokeDash=[4, 3]).encode(
            x=x, y=alt.Y("inquiries:Q", scale=y_calls))
        ref_label = alt.Chart(pd.DataFrame({"t": ["灰色虚线：完全不发布"]})).mark_text(
            align="right", color=TEXT, fontSize=11).encode(x=alt.value(516), y=alt.value(12),
                                                           text="t:N")
        area = base.mark_area(color=MAIN, opacity=0.5, line=True).encode(
            x=x, y=alt.Y("inquiries:Q", title="热线来电（次/小时）", scale=y_calls),
            tooltip=[alt.Tooltip("hour:Q", title="小时"),
                     alt.Tooltip("inquiries:Q", title="来电（次/小时）", format=",.0f")]
        )
        bottom = alt.layer(ref_calls, area, ref_label).properties(width=520, height=120)
        return alt.vconcat(top, bottom, spacing=10)

    delay = Param("release_delay", "首次官方发布的延迟（小时）", 0, max_delay, delay_step, 12)
    if frequencies is not None:
        opts = tuple((str(int(h)), f"每 {int(h)} 小时发布一次") for h in frequencies)
        opts += (("once", "只发布一次"),)
        default = "24" if "24" in dict(opts) else opts[0][0]
        return Widget(
            simulated=simulated, key=key,
            title="发布的时机与频率：谣言传播与热线来电",
            params=[delay, Choice("release_every", "后续发布的间隔", opts, default, radio=True)],
            compute=compute_every, chart=chart,
            note=("模拟数据（示意模型，Daley–Kendall 谣言模型加上官方发布）：先把首次发布从 0 调到 "
                  f"{max_delay} 小时，再改变后续发布的间隔，看听说过谣言的比例和来电高峰怎样变化。"),
        )
    return Widget(
        simulated=simulated,
        key=key,
        title="发布的及时性与规律性：谣言传播与热线来电",
        params=[delay, Choice("regularity", "发布方式", _REGULARITY, "regular", radio=True)],
        compute=compute,
        chart=chart,
        note=("模拟数据（示意模型，Daley–Kendall 谣言模型加上官方发布）：先把延迟从 0 调到 48 小时，"
              "再换成“不定期发布”，看听说过谣言的比例和来电高峰怎样变化。"),
    )
