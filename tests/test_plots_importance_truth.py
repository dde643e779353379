"""plots.importance_comparison_chart(truth=...): true values of a simulation drawn as red crosses."""

from __future__ import annotations

import matplotlib
import matplotlib.collections

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from helpers import InputError, plots  # noqa: E402
from helpers.plots._palette import BAD  # noqa: E402

STATED = pd.DataFrame({"column": ["imp_a", "imp_b"], "estimate": [40.0, 60.0],
                       "ci_low": [35.0, 55.0], "ci_high": [45.0, 65.0]})
DERIVED = pd.DataFrame({"attribute": ["a", "b", "a", "b"],
                        "method": ["correlation", "correlation", "regression", "regression"],
                        "estimate": [0.3, 0.5, 0.2, 0.4], "ci_low": [0.2, 0.4, 0.1, 0.3],
                        "ci_high": [0.4, 0.6, 0.3, 0.5]})
KW = dict(labels={"a": "甲", "b": "乙"}, stated_key={"a": "imp_a", "b": "imp_b"}, simulated=True)


def _crosses(axes):
    """Offsets of the red 'x' scatter points of each panel."""
    out = []
    for ax in axes:
        pts = []
        for coll in ax.collections:
            if not isinstance(coll, matplotlib.collections.PathCollection):
                continue                                    # error bars, legend proxies
            colours = [tuple(c[:3]) for c in (*coll.get_facecolor(), *coll.get_edgecolor())]
            if len(coll.get_offsets()) and any(
                    c == pytest.approx(matplotlib.colors.to_rgb(BAD), abs=1e-3)
                    for c in colours):
                pts += [tuple(p) for p in coll.get_offsets()]
        out.append(pts)
    return out


def test_truth_crosses_at_the_true_values():
    truth = pd.DataFrame({"dimension": ["a", "b", "a", "b", "a"],
                          "method": ["correlation", "correlation", "regression", "regression",
                                     "stated"],
                          "truth": [0.35, 0.45, 0.25, 0.35, 42.0]})
    axes = plots.importance_comparison_chart(STATED, DERIVED, truth=truth, **KW)
    left, right = _crosses(axes)
    assert [x for x, _ in left] == [42.0]                      # only "a" has a stated truth
    assert sorted(x for x, _ in right) == pytest.approx([0.25, 0.35, 0.35, 0.45])
    labels = [t.get_text() for t in axes[1].get_legend().get_texts()]
    assert "真值（模拟参数）" in labels
    plt.close("all")


def test_no_truth_no_crosses():
    axes = plots.importance_comparison_chart(STATED, DERIVED, **KW)
    assert _crosses(axes) == [[], []]
    labels = [t.get_text() for t in axes[1].get_legend().get_texts()]
    assert "真值（模拟参数）" not in labels
    plt.close("all")


def test_truth_needs_its_columns():
    with pytest.raises(InputError):
        plots.importance_comparison_chart(STATED, DERIVED, truth=pd.DataFrame({"x": [1]}), **KW)
    plt.close("all")
