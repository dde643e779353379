"""Interactive views of the chapters: one definition, two views (live in JupyterLab, static in
the book). The framework is :mod:`helpers.widgets._core` (:class:`Param`, :class:`Widget`); each
module here defines the widgets of one topic by their parameters, a helper call and a chart.
"""

from helpers.widgets._core import Choice, Param, Widget, render_svg
from helpers.widgets.satisfaction import gap_satisfaction_widget

__all__ = ["Choice", "Param", "Widget", "render_svg", "gap_satisfaction_widget"]
