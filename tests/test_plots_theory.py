"""helpers.plots.grouped_interval_chart: the chart draws one point per row, with its interval and the truth."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
import pytest

from helpers import InputError
from helpers.plots import grouped_interval_chart


def _frame():
    return pd.DataFrame({"d": ["甲", "乙", "甲", "乙"], "w": [1, 1, 2, 2],
                         "estimate": [-1.0, -0.5, -0.8, -0.4],
                         "ci_low": [-1.2, -0.7, -1.0, -0.6], "ci_high": [-0.8, -0.3, -0.6, -0.2],
                         "truth": [-1.1, -0.5, -0.7, -0.45]})


def test_points_intervals_and_truth_are_drawn():
    ax = grouped_interval_chart(_frame(), category="d", group="w", truth="truth", reference=0,
                                group_labels={1: "第 1 轮", 2: "第 2 轮"}, simulated=True)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["甲", "乙"]
    lines = [c for c in ax.containers]  # one errorbar container per group
    assert len(lines) == 2
    xs = np.concatenate([c.lines[0].get_xdata() for c in lines])
    assert sorted(xs.tolist()) == sorted(_frame()["estimate"].tolist())
    crosses = np.concatenate([c.get_offsets()[:, 0] for c in ax.collections
                              if c.get_offsets().shape[0] and c.get_offsets().shape[1] == 2
                              and type(c).__name__ == "PathCollection"])
    assert sorted(crosses.tolist()) == sorted(_frame()["truth"].tolist())
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "第 1 轮" in labels and "真值" in labels


def test_order_and_no_group():
    one = _frame().query("w == 1")
    ax = grouped_interval_chart(one, category="d", order=["乙", "甲"], xlim=(-2, 0),
                                simulated=True)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["乙", "甲"]
    assert ax.get_xlim() == (-2, 0)


def test_missing_column_is_named():
    with pytest.raises(InputError, match="ci_high"):
        grouped_interval_chart(_frame().drop(columns="ci_high"), category="d", simulated=True)
    with pytest.raises(InputError):
        grouped_interval_chart(_frame().iloc[:0], category="d", simulated=True)
