"""Charts of the course (matplotlib/seaborn with a CJK font): every public chart, re-exported here.

Chapters write ``from helpers import plots`` and call ``plots.ipa_chart(...)``. Modules are
named by concept:

- :mod:`helpers.plots.intervals`: estimates with intervals (:func:`gap_bar_chart`,
  :func:`pointrange_chart`, :func:`grouped_interval_chart`);
- :mod:`helpers.plots.groups`: group means and estimated vs true effects
  (:func:`group_means_chart`, :func:`effects_truth_chart`);
- :mod:`helpers.plots.scenarios`: outcome shares across scenarios (:func:`surprise_scenario_chart`);
- :mod:`helpers.plots.ipa`: stated vs derived importance and the IPA plane
  (:func:`importance_comparison_chart`, :func:`ipa_chart`);
- :mod:`helpers.plots.improvement`: control chart, raw vs shrunk league table, interrupted time
  series (:func:`control_chart`, :func:`shrinkage_chart`, :func:`its_chart`);
- :mod:`helpers.plots.epidemic`: releases against hotline calls, event study, release lag
  (:func:`release_timeline_chart`, :func:`event_study_chart`, :func:`lag_effect_chart`);
- :mod:`helpers.plots.challenges`: expectations by what citizens know, staffing and waiting,
  simple slopes (:func:`expectation_ratio_chart`, :func:`staffing_chart`,
  :func:`simple_slopes_chart`);
- :mod:`helpers.plots.future`: ticket classification, expectation segments, transfers
  (:func:`confusion_chart`, :func:`segment_profiles_chart`, :func:`transfer_network_chart`,
  :func:`transfer_outcomes_chart`);
- :mod:`helpers.plots.conclusion`: the course's concepts as one map (:func:`concept_map_chart`);
- :mod:`helpers.plots.complaints`: time to close with censoring, ranks under moving weights
  (:func:`closing_curves_chart`, :func:`rank_range_chart`);
- :mod:`helpers.plots.crisis`: a crisis timeline with statements and time limits, release plans
  (:func:`crisis_timeline_chart`, :func:`release_plans_chart`);
- :mod:`helpers.plots._palette`: the book's colour-blind-safe colours (Okabe & Ito), named
  roles and a line style/marker per series, shared by the charts and the widgets;
- :mod:`helpers.plots._font` (:func:`use_chinese_font`, :func:`chinese_font_name`),
  :mod:`helpers.plots._labels` (:func:`place_labels`), :mod:`helpers.plots._simulated`.

Every chart takes the required keyword-only argument ``simulated`` (no default, so it cannot be
forgotten): ``simulated=True`` writes 模拟数据 in the bottom-right corner of the figure. Importing
this package does not import matplotlib; drawing a chart does.
"""

from helpers.plots._font import CJK_FONT_FILES, chinese_font_name, use_chinese_font
from helpers.plots._labels import place_labels
from helpers.plots._simulated import SIMULATED_LABEL
from helpers.plots.challenges import expectation_ratio_chart, simple_slopes_chart, staffing_chart
from helpers.plots.conclusion import concept_map_chart
from helpers.plots.complaints import closing_curves_chart, rank_range_chart
from helpers.plots.crisis import crisis_timeline_chart, release_plans_chart
from helpers.plots.epidemic import event_study_chart, lag_effect_chart, release_timeline_chart
from helpers.plots.future import (confusion_chart, segment_profiles_chart, transfer_network_chart,
                                 transfer_outcomes_chart)
from helpers.plots.groups import effects_truth_chart, group_means_chart
from helpers.plots.intervals import gap_bar_chart, grouped_interval_chart, pointrange_chart
from helpers.plots.ipa import importance_comparison_chart, ipa_chart
from helpers.plots.improvement import control_chart, its_chart, shrinkage_chart
from helpers.plots.scenarios import surprise_scenario_chart

__all__ = [
    "use_chinese_font",
    "chinese_font_name",
    "CJK_FONT_FILES",
    "SIMULATED_LABEL",
    "place_labels",
    "gap_bar_chart",
    "pointrange_chart",
    "grouped_interval_chart",
    "group_means_chart",
    "effects_truth_chart",
    "surprise_scenario_chart",
    "importance_comparison_chart",
    "ipa_chart",
    "control_chart",
    "shrinkage_chart",
    "its_chart",
    "release_timeline_chart",
    "event_study_chart",
    "lag_effect_chart",
    "expectation_ratio_chart",
    "staffing_chart",
    "simple_slopes_chart",
    "confusion_chart",
    "segment_profiles_chart",
    "transfer_network_chart",
    "transfer_outcomes_chart",
    "concept_map_chart",
    "closing_curves_chart",
    "rank_range_chart",
    "crisis_timeline_chart",
    "release_plans_chart",
]
