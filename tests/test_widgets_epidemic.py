"""Chapter 5 (case 2) widget: the static grid equals the live computation; the views say what they must."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from helpers.rumour import rumour_curve, rumour_summary
from helpers.widgets.epidemic import rumour_release_widget
from tests.test_widgets_strategies import _in_grid


@pytest.fixture(scope="module")
def rw():
    return rumour_release_widget(simulated=True)


def test_grid_equals_live_computation(rw):
    assert len(rw.grid()) == 13 * 2 * 41
    rng = np.random.default_rng(0)
    for _ in range(6):
        values = {"release_delay": float(rng.choice(rw.params[0].values)),
                  "regularity": str(rng.choice(list(rw.params[1].values)))}
        pd.testing.assert_frame_equal(_in_grid(rw, values), rw.evaluate(**values))


def test_values_match_the_model(rw):
    out = rw.evaluate(release_delay=24, regularity="irregular")
    c = rumour_curve(release_delay=24.0, regular=False, hours=120.0)
    s = rumour_summary(c).iloc[0]
    assert out["reach"].iloc[0] == pytest.approx(s["reach"], abs=1e-4)
    row = out.set_index("hour").loc[30.0]
    assert row["heard"] == pytest.approx(c.set_index("hour").loc[30.0, "heard"], abs=1e-4)


def test_shows_delay_and_regularity_matter(rw):
    reach = {(d, r): rw.evaluate(release_delay=d, regularity=r)["reach"].iloc[0]
             for d in (0, 12, 24, 48) for r in ("regular", "irregular")}
    for r in ("regular", "irregular"):
        assert reach[(0, r)] <= reach[(12, r)] <= reach[(24, r)] <= reach[(48, r)]
    assert reach[(12, "regular")] < reach[(12, "irregular")]
    spec = json.dumps(rw.static_spec(), ensure_ascii=False)
    assert "听说过谣言" in spec and "首次发布" in spec and "模拟数据" in spec


def test_static_html_is_small(rw):
    assert len(rw.static_html().encode()) < 300_000
