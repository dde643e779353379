"""helpers.coverage: estimates against known true values."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import InputError
from helpers.coverage import truth_coverage
from helpers.servqual import dimension_gaps
from helpers.simulate import load_dataset, servqual_truth


def _est():
    return pd.DataFrame({"w": [1, 1, 2], "d": ["a", "b", "a"], "estimate": [0.0, 1.0, 2.0],
                         "ci_low": [-1.0, 0.5, 1.9], "ci_high": [1.0, 1.5, 2.1]})


def _truth():
    return pd.DataFrame({"w": [1, 1, 2], "d": ["a", "b", "a"], "truth": [0.5, 2.0, 2.1]})


def test_worked_values():
    out = truth_coverage(_est(), _truth(), on=["w", "d"])
    assert out["covered"].tolist() == [True, False, True]  # bounds are inclusive
    assert out["error"].tolist() == pytest.approx([-0.5, -1.0, -0.1])
    assert out.attrs["coverage"] == pytest.approx(2 / 3)
    assert list(out.columns) == ["w", "d", "estimate", "ci_low", "ci_high", "truth", "error",
                                 "covered"]


def test_keeps_estimate_order_and_custom_columns():
    est = _est().iloc[::-1].rename(columns={"estimate": "m", "ci_low": "lo", "ci_high": "hi"})
    tru = _truth().rename(columns={"truth": "gap"})
    out = truth_coverage(est, tru, on=["w", "d"], truth_col="gap", estimate="m", ci_low="lo",
                         ci_high="hi")
    assert out["estimate"].tolist() == [2.0, 1.0, 0.0]
    assert out["truth"].tolist() == [2.1, 2.0, 0.5]


def test_keep_carries_label_columns():
    est = _est().assign(label=["甲", "乙", "甲"])
    out = truth_coverage(est, _truth(), on=["w", "d"], keep=["label"])
    assert list(out.columns[:3]) == ["w", "d", "label"]
    assert out["label"].tolist() == ["甲", "乙", "甲"]
    with pytest.raises(InputError, match="nope"):
        truth_coverage(est, _truth(), on=["w", "d"], keep=["nope"])


def test_servqual_intervals_cover_the_simulation_truth_mostly():
    survey = load_dataset("servqual_survey")
    est = dimension_gaps(survey, by="wave", n_boot=500, method="percentile")
    out = truth_coverage(est, servqual_truth(), on=["wave", "dimension"], truth_col="observed_gap")
    assert len(out) == 10
    assert out.attrs["coverage"] >= 0.8


@given(st.lists(st.tuples(st.floats(-5, 5), st.floats(0, 2), st.floats(-8, 8)), min_size=1,
                max_size=20))
@settings(max_examples=60, deadline=None)
def test_covered_iff_truth_inside_and_error_is_difference(rows):
    est = pd.DataFrame({"k": range(len(rows)), "estimate": [r[0] for r in rows],
                        "ci_low": [r[0] - r[1] for r in rows],
                        "ci_high": [r[0] + r[1] for r in rows]})
    tru = pd.DataFrame({"k": range(len(rows)), "truth": [r[2] for r in rows]})
    out = truth_coverage(est, tru, on="k")
    inside = (est["ci_low"] <= tru["truth"]) & (tru["truth"] <= est["ci_high"])
    assert out["covered"].tolist() == inside.tolist()
    np.testing.assert_allclose(out["error"], est["estimate"] - tru["truth"])
    assert 0 <= out.attrs["coverage"] <= 1


def test_missing_column_is_named():
    with pytest.raises(InputError, match="ci_high"):
        truth_coverage(_est().drop(columns="ci_high"), _truth(), on=["w", "d"])
    with pytest.raises(InputError, match="truth"):
        truth_coverage(_est(), _truth().drop(columns="truth"), on=["w", "d"])


def test_non_numeric_text_is_named():
    est = _est().astype({"estimate": object})
    est.loc[1, "estimate"] = "abc"
    with pytest.raises(InputError, match="estimate"):
        truth_coverage(est, _truth(), on=["w", "d"])


def test_empty_frame_and_bad_intervals_and_keys():
    with pytest.raises(InputError, match="空"):
        truth_coverage(_est().iloc[:0], _truth(), on=["w", "d"])
    bad = _est()
    bad.loc[0, "ci_low"] = 5.0
    with pytest.raises(InputError, match="ci_low > ci_high"):
        truth_coverage(bad, _truth(), on=["w", "d"])
    with pytest.raises(InputError, match="duplicate"):
        truth_coverage(_est(), pd.concat([_truth(), _truth()]), on=["w", "d"])
    with pytest.raises(InputError, match="no true value"):
        truth_coverage(_est(), _truth().iloc[:2], on=["w", "d"])
    with pytest.raises(InputError, match="on must"):
        truth_coverage(_est(), _truth(), on=[])
