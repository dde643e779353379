"""Interactive views of the chapters: one definition, two views (live in JupyterLab, static in
the book). The framework is :mod:`helpers.widgets._core` (:class:`Param`, :class:`Choice`,
:class:`Widget`); each module here defines the widgets of one topic by their parameters, a helper
call and a chart:

- :mod:`helpers.widgets.satisfaction` (chapter 1): expectation, service and predicted satisfaction;
- :mod:`helpers.widgets.expectations` (chapter 2): adaptive expectations with a media shock;
- :mod:`helpers.widgets.theory` (chapter 3): SERVQUAL items and α, the E×P plane, equity;
- :mod:`helpers.widgets.strategies` (chapter 4): publishing processing times, IPA priorities.
- :mod:`helpers.widgets.improvement` (chapter 5, case 1): league tables from noise, control chart.
- :mod:`helpers.widgets.epidemic` (chapter 5, case 2): release delay and regularity → rumour curves.
- :mod:`helpers.widgets.crisis` (专题三): crisis type and history → the SCCT response.
- :mod:`helpers.widgets.challenges` (chapter 6): knowing the rules, staffing the windows, trust.
- :mod:`helpers.widgets.future` (chapter 7): a ticket's predicted category, expectation
  segments, department pairs that bounce tickets.
- :mod:`helpers.widgets.complaints` (专题二): the weights of the 12345 composite → department
  ranking; closing time relative to the limit → satisfaction.
- :mod:`helpers.widgets.etiquette` (专题一): a minimum agreement for a checklist item → kept
  items, window scores and ranks.
"""

from helpers.widgets._core import Choice, Param, Widget, render_svg
from helpers.widgets.complaints import closing_time_widget, composite_weights_widget
from helpers.widgets.etiquette import agreement_threshold_widget
from helpers.widgets.challenges import informed_share_widget, queue_widget, trust_slope_widget
from helpers.widgets.crisis import scct_widget
from helpers.widgets.epidemic import rumour_release_widget
from helpers.widgets.expectations import adaptive_expectations_widget
from helpers.widgets.future import bounce_widget, segments_widget, ticket_explainer_widget
from helpers.widgets.improvement import control_chart_widget, league_reshuffle_widget
from helpers.widgets.satisfaction import gap_satisfaction_widget
from helpers.widgets.strategies import ipa_priority_widget, transparency_widget
from helpers.widgets.theory import edt_plane_widget, equity_widget, servqual_items_widget

__all__ = [
    "agreement_threshold_widget",
    "Choice",
    "Param",
    "Widget",
    "render_svg",
    "gap_satisfaction_widget",
    "adaptive_expectations_widget",
    "servqual_items_widget",
    "edt_plane_widget",
    "equity_widget",
    "transparency_widget",
    "ipa_priority_widget",
    "league_reshuffle_widget",
    "control_chart_widget",
    "rumour_release_widget",
    "scct_widget",
    "informed_share_widget",
    "queue_widget",
    "trust_slope_widget",
    "ticket_explainer_widget",
    "segments_widget",
    "bounce_widget",
    "composite_weights_widget",
    "closing_time_widget",
]
