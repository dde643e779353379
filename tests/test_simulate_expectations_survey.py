"""The citizen-expectations generator: reproducible, other draws keep the truth, estimates recover it."""

from __future__ import annotations

import numpy as np
import pytest

from helpers._validate import HelpersError
from helpers.asymmetry import spread_difference, unrealistic_difference
from helpers.moderation import moderated_regression
from helpers.simulate import (citizen_expectations, citizen_expectations_truth, load_dataset,
                              make_dataset)


def test_published_file_equals_generator():
    df = load_dataset("citizen_expectations")
    gen = citizen_expectations()
    assert df.drop(columns=[]).equals(gen) or np.allclose(df["gap_days"], gen["gap_days"])
    assert df.shape == (800, 9)
    assert df.attrs["truth"][0]["informed_share"] == 0.45


def test_seed_offset_gives_another_draw_with_the_same_truth():
    a, b = make_dataset("citizen_expectations", seed_offset=3), make_dataset("citizen_expectations")
    assert not a.equals(b)
    assert a.attrs["truth"] == b.attrs["truth"]


def test_large_draw_recovers_the_truth():
    t = citizen_expectations_truth().iloc[0]
    df = citizen_expectations(n=40_000, seed=11)
    r = moderated_regression(df, "satisfaction", "gap_days", "trust").set_index("term")
    assert r.loc["interaction", "estimate"] == pytest.approx(t["observed_interaction"], abs=0.006)
    assert r.loc["predictor", "estimate"] == pytest.approx(t["observed_gap_slope"], abs=0.01)
    sp = spread_difference(df, "expected_days", "knows_limit", relative_to="published_days",
                           levels=[1, 0], n_boot=20).set_index("measure")
    assert sp.loc["sd", "estimate_a"] == pytest.approx(t["ratio_sd_informed"], abs=0.01)
    assert sp.loc["sd", "estimate_b"] == pytest.approx(t["ratio_sd_uninformed"], abs=0.015)
    un = unrealistic_difference(df, "expected_days", "published_days", "knows_limit", levels=[0, 1])
    assert un.loc[0, "estimate_a"] == pytest.approx(t["unrealistic_uninformed"], abs=0.015)
    assert df["knows_limit"].mean() == pytest.approx(0.45, abs=0.01)


def test_parameters_are_checked():
    with pytest.raises(HelpersError):
        citizen_expectations(n=50, informed_share=1.5)
    with pytest.raises(HelpersError):
        citizen_expectations(n=50, unknown=1)
    with pytest.raises(HelpersError):
        citizen_expectations(n=5)
    assert citizen_expectations(n=20, informed_share=0)["knows_limit"].sum() == 0
