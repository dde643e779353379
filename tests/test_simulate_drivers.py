"""helpers.simulate.servqual_driver_truth: the true derived importance of the SERVQUAL generator."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers import HelpersError
from helpers.ipa import derived_importance
from helpers.labels import DIMENSIONS, dimension_items, item_columns
from helpers.simulate import servqual_driver_truth, servqual_survey


def _scores(df: pd.DataFrame) -> pd.DataFrame:
    out = pd.DataFrame({d: df[item_columns("P", dimension_items(d))].mean(axis=1)
                        for d in DIMENSIONS})
    out["satisfaction"] = df["satisfaction"]
    return out


def test_frozen_values_and_shape():
    t = servqual_driver_truth()
    assert list(t.columns) == ["dimension", "method", "truth", "truth_rank"]
    assert len(t) == 10
    corr = t[t.method == "correlation"].set_index("dimension")["truth"].to_dict()
    assert corr == {"tangibles": 0.376, "reliability": 0.403, "responsiveness": 0.385,
                    "assurance": 0.376, "empathy": 0.395}
    beta = t[t.method == "regression"].set_index("dimension")["truth"].to_dict()
    assert beta == {"tangibles": 0.122, "reliability": 0.153, "responsiveness": 0.133,
                    "assurance": 0.121, "empathy": 0.149}


def test_no_dimension_has_a_weight_of_its_own():
    """Items weigh equally in the generator: the five true correlations lie within 0.03."""
    t = servqual_driver_truth()
    corr = t[t.method == "correlation"]["truth"]
    assert corr.max() - corr.min() < 0.03


def test_oracle_large_sample_matches_truth():
    """derived_importance on a large independent sample lands on the truth (MC + sampling error)."""
    sample = _scores(servqual_survey(n=40_000, seed=5))
    t = servqual_driver_truth().set_index(["dimension", "method"])["truth"]
    for method in ("correlation", "regression"):
        d = derived_importance(sample, overall="satisfaction", attributes=list(DIMENSIONS),
                               method=method)
        for row in d.itertuples():
            assert row.estimate == pytest.approx(t[(row.attribute, method)], abs=0.012)


def test_waves_and_cache():
    a = servqual_driver_truth(wave=1)
    b = servqual_driver_truth(wave=1)
    pd.testing.assert_frame_equal(a, b)
    assert not a.equals(servqual_driver_truth())
    with pytest.raises(HelpersError):
        servqual_driver_truth(wave=3)


def test_without_the_gap_in_satisfaction_perceptions_drive_nothing():
    """Property of the model: with beta_d = 0 satisfaction depends on expectations only, and
    perceptions are drawn independently of expectations, so every true driver is about 0."""
    t = servqual_driver_truth(satisfaction_model={"intercept": 5.2, "beta_e": 0.25,
                                                  "beta_d": 0.0, "sigma": 0.60})
    assert t["truth"].abs().max() < 0.01
