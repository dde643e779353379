"""Chapter 1 widget: expectation, delivered service and predicted satisfaction."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import altair as alt
import numpy as np
import pandas as pd

from helpers.widgets._core import Param, Widget
from helpers.plots._palette import BAD, MAIN, REFERENCE, TEXT

__all__ = ["gap_satisfaction_widget"]

def gap_satisfaction_widget(coefficients: pd.DataFrame | Mapping[str, float] | None = None,
                            *, simulated: bool, scale: tuple[int, int] = (1, 7)) -> Widget:
    """Chapter 1: the reader sets expectation E and delivered service P; sees P − E and the
    satisfaction the expectation–disconfirmation model predicts.

    Parameters
    ----------
    coefficients : DataFrame or mapping, optional
        The output of :func:`helpers.confirmation.fit_edt`, or a mapping as accepted by
        :func:`helpers.confirmation.predict_satisfaction`; default: its illustrative
        :data:`~helpers.confirmation.DEFAULT_COEFFICIENTS`.
    simulated : bool
        Required, keyword-only: ``True`` when the data are simulated; both views then carry
        模拟数据 (see :class:`helpers.widgets.Widget`).
    scale : (low, high), default (1, 7)
        Response scale: range of both sliders (step 0.5) and of the axes.

    Returns
    -------
    helpers.widgets.Widget
        Key ``"gap-satisfaction"``, sliders ``expectation`` (default 5.5) and ``perception``
        (default 4.5). ``w.evaluate(...)`` returns the rows of
        :func:`helpers.confirmation.predict_satisfaction` (``expectation, perception, gap,
        predicted_satisfaction``, rounded to 4 decimals, never NaN) with ``kind``: ``'curve'``
        (P from low to high in steps of 0.5 at the chosen E) or ``'current'`` (the chosen
        point), plus the columns ``param_expectation, param_perception``.

    Notes
    -----
    Predicted satisfaction ``S = a + bE·E + bD·(P − E)``, clipped to the scale: the
    expectation–disconfirmation model (Oliver 1980, Journal of Marketing Research
    17(4):460–469; Van Ryzin 2004, Journal of Policy Analysis and Management 23(3):433–448),
    computed by :func:`helpers.confirmation.predict_satisfaction`. The chart shows S against P
    for the chosen E (blue line), the chosen point (red) with its gap and prediction written
    above, and a dashed rule at P = E.

    Validated against: helpers.confirmation.predict_satisfaction (the same predictions at
    sampled grid points; the static grid equals the live computation) — tests/test_widgets.py.

    Examples
    --------
    >>> w = gap_satisfaction_widget({"intercept": 1.5, "expectation": 0.7, "disconfirmation": 0.8},
    ...                             simulated=True)
    >>> w.title
    '期望、实际服务与满意度'
    >>> row = w.evaluate(expectation=6, perception=4).query("kind == 'current'")
    >>> row[["gap", "predicted_satisfaction"]].to_numpy().tolist()
    [[-2.0, 4.1]]
    >>> len(w.evaluate(expectation=6, perception=4))  # 13 curve points + the chosen point
    14
    """
    from helpers.confirmation import predict_satisfaction

    lo, hi = scale
    curve_p = np.arange(lo, hi + 0.25, 0.5)

    def compute(expectation: float, perception: float) -> pd.DataFrame:
        curve = predict_satisfaction(expectation, curve_p, coefficients, scale).assign(kind="curve")
        current = predict_satisfaction(expectation, perception, coefficients, scale).assign(kind="current")
        return pd.concat([curve, current], ignore_index=True).round(4)

    def chart(base: alt.Chart, params: Mapping[str, Any]) -> alt.TopLevelMixin:
        x = alt.X("perception:Q", title="实际感受到的服务 P", scale=alt.Scale(domain=[lo, hi]))
        y = alt.Y("predicted_satisfaction:Q", title="预测满意度", scale=alt.Scale(domain=[lo, hi]))
        curve = base.transform_filter("datum.kind == 'curve'").mark_line(color=MAIN).encode(x=x, y=y)
        current = base.transform_filter("datum.kind == 'current'")
        point = current.mark_point(filled=True, size=160, color=BAD).encode(
            x=x, y=y, tooltip=[alt.Tooltip("gap:Q", title="差距 P−E", format="+.1f"),
                               alt.Tooltip("predicted_satisfaction:Q", title="预测满意度", format=".2f")])
        rule = current.mark_rule(strokeDash=[4, 4], color=TEXT).encode(x="expectation:Q")
        label = current.transform_calculate(
            text="'差距 P−E = ' + format(datum.gap, '+.1f') + '　预测满意度 = ' "
                 "+ format(datum.predicted_satisfaction, '.2f')"
        ).mark_text(align="left", fontSize=14, fontWeight="bold", color=REFERENCE).encode(
            x=alt.value(8), y=alt.value(12), text="text:N")
        rule_label = current.mark_text(align="left", dx=4, dy=-6, color=TEXT).encode(
            x="expectation:Q", y=alt.value(300), text=alt.value("P = E（刚好符合期望）"))
        return alt.layer(curve, rule, rule_label, point, label).properties(width=460, height=320)

    return Widget(
        simulated=simulated,
        key="gap-satisfaction",
        title="期望、实际服务与满意度",
        params=[Param("expectation", "期望 E", lo, hi, 0.5, 5.5),
                Param("perception", "实际服务 P", lo, hi, 0.5, 4.5)],
        compute=compute,
        chart=chart,
        note="试试：保持 P 不变、提高 E，预测满意度怎样变化？再让 P 超过 E 看看。",
    )
