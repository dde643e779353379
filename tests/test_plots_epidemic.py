"""Charts of the epidemic case: they draw what they are given and say 模拟数据."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from helpers import HelpersError, plots  # noqa: E402
from helpers.simulate import epidemic_releases, epidemic_timeline  # noqa: E402


def test_timeline_marks_releases_and_simulated():
    axes = plots.release_timeline_chart(epidemic_timeline(), epidemic_releases(), simulated=True)
    ax1 = axes[0]
    assert len(ax1.collections) >= len(epidemic_releases())      # one tick per release
    assert [t.get_text() for t in ax1.figure.texts] == ["模拟数据"]
    with pytest.raises(HelpersError):
        plots.release_timeline_chart(epidemic_timeline(), epidemic_releases(), simulated="yes")


def test_event_study_and_lag_charts():
    avg = pd.DataFrame({"event_day": [-1, 0, 1], "estimate": [0.0, 500.0, 200.0],
                        "ci_low": [-50.0, 400.0, 120.0], "ci_high": [50.0, 600.0, 280.0]})
    ax = plots.event_study_chart(avg, simulated=True)
    assert list(ax.get_xticks()) == [-1, 0, 1]
    pe = pd.DataFrame({"lag_hours": [1.0, 10.0], "estimate": [300.0, 1100.0],
                       "ci_low": [0.0, 800.0], "ci_high": [600.0, 1400.0], "regime": ["a", "b"]})
    fit = pd.DataFrame({"term": ["intercept", "lag_hours"], "estimate": [200.0, 90.0]})
    ax = plots.lag_effect_chart(pe, fit, simulated=False, truth_slope=90.0, group="regime")
    line = [l for l in ax.get_lines() if l.get_label() == "回归线（估计）"][0]
    assert np.allclose(line.get_ydata(), 200 + 90 * line.get_xdata())
    assert not ax.figure.texts
