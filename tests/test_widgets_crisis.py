"""专题三 widgets: the static grid equals the live computation; the views say what they must."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from helpers.rumour import rumour_curve, rumour_summary
from helpers.scct import scct_recommendation
from helpers.widgets import rumour_release_widget, scct_widget
from tests.test_widgets_strategies import _in_grid

FREQ = dict(hours=120, every=3, max_delay=48, delay_step=6, frequencies=(6, 12, 24),
            key="crisis_release", baseline_calls=60.0)


@pytest.fixture(scope="module")
def sw():
    return scct_widget(simulated=False)


@pytest.fixture(scope="module")
def fw():
    return rumour_release_widget(simulated=True, **FREQ)


def test_scct_grid_equals_live_computation(sw):
    assert len(sw.grid()) == 12 * 2 * 2 * 5
    rng = np.random.default_rng(0)
    for _ in range(8):
        values = {p.name: str(rng.choice(list(p.values))) for p in sw.params}
        pd.testing.assert_frame_equal(_in_grid(sw, values), sw.evaluate(**values))


def test_scct_widget_shows_the_rules(sw):
    for t, h, r in [("谣言", "no", "good"), ("技术故障事故", "yes", "good"),
                    ("人为失误事故", "no", "good"), ("自然灾害", "no", "poor")]:
        out = sw.evaluate(crisis_type=t, history=h, reputation=r)
        ref = scct_recommendation(t, history=h == "yes", poor_reputation=r == "poor")
        assert out["role"].tolist() == ref["role"].tolist()
        assert out["threat"].iloc[0] == ref["threat"].iloc[0]
    spec = json.dumps(sw.static_spec(), ensure_ascii=False)
    assert "主要策略" in spec and "重建" in spec
    assert len(sw.static_html().encode()) < 200_000


def test_release_grid_equals_live_computation(fw):
    assert len(fw.grid()) == 9 * 4 * 41
    rng = np.random.default_rng(1)
    for _ in range(6):
        values = {"release_delay": float(rng.choice(fw.params[0].values)),
                  "release_every": str(rng.choice(list(fw.params[1].values)))}
        pd.testing.assert_frame_equal(_in_grid(fw, values), fw.evaluate(**values))


def test_release_values_match_the_model(fw):
    out = fw.evaluate(release_delay=24, release_every="12")
    c = rumour_curve(release_delay=24.0, release_every=12.0, hours=120.0, baseline_calls=60.0)
    assert out["reach"].iloc[0] == pytest.approx(rumour_summary(c)["reach"].item(), abs=1e-4)
    once = fw.evaluate(release_delay=24, release_every="once")
    c1 = rumour_curve(release_delay=24.0, regular=False, hours=120.0, baseline_calls=60.0)
    assert once["reach"].iloc[0] == pytest.approx(rumour_summary(c1)["reach"].item(), abs=1e-4)


def test_earlier_and_more_frequent_statements_help(fw):
    reach = {(d, f): fw.evaluate(release_delay=d, release_every=f)["reach"].iloc[0]
             for d in (0, 12, 24, 48) for f in ("6", "12", "24", "once")}
    for f in ("6", "12", "24", "once"):
        assert reach[(0, f)] <= reach[(12, f)] <= reach[(24, f)] <= reach[(48, f)]
    for d in (0, 12, 24, 48):
        assert reach[(d, "6")] <= reach[(d, "12")] <= reach[(d, "24")] <= reach[(d, "once")] + 1e-9
    spec = json.dumps(fw.static_spec(), ensure_ascii=False)
    assert "后续发布的间隔" in spec and "模拟数据" in spec
    assert len(fw.static_html().encode()) < 300_000
