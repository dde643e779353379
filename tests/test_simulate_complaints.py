"""The complaint follow-up generator: exact truth, means of many draws, reproducibility."""

from __future__ import annotations

import numpy as np
import pytest

from helpers._validate import HelpersError
from helpers.simulate import complaint_followups, complaint_followups_truth, load_dataset, make_dataset


def test_truth_is_exact_against_a_large_draw():
    n = {"no_problem": 100_000, "fast": 100_000, "slow": 100_000}
    d = complaint_followups(seed=1, n=n)
    t = complaint_followups_truth().set_index("group")
    means = d.groupby("group")["satisfaction"].mean()
    shares = d.groupby("group")["satisfied"].mean()
    for g in n:
        assert means[g] == pytest.approx(t.loc[g, "expected_satisfaction"], abs=0.01)
        assert shares[g] == pytest.approx(t.loc[g, "expected_satisfied"], abs=0.005)


def test_structure_and_published_file():
    d = load_dataset("complaint_followups")
    fresh = make_dataset("complaint_followups")
    assert (d["satisfaction"].to_numpy() == fresh["satisfaction"].to_numpy()).all()
    assert (d["respondent_id"].to_numpy() == fresh["respondent_id"].to_numpy()).all()
    assert len(d) == 1700 and d["respondent_id"].is_unique
    assert d["satisfaction"].between(1, 5).all()
    assert (d["satisfied"] == (d["satisfaction"] >= 4)).all()
    none = d["group"] == "no_problem"
    assert d.loc[none, "resolution_days"].isna().all() and d.loc[~none, "resolution_days"].notna().all()
    fast = d["group"] == "fast"
    assert d.loc[fast, "resolution_days"].max() < d.loc[d["group"] == "slow", "resolution_days"].min()
    diffs = complaint_followups_truth().attrs["differences"]
    assert diffs["fast_minus_no_problem"] < 0 < diffs["fast_minus_slow"]


def test_seed_offset_changes_the_draw_not_the_truth():
    a, b = make_dataset("complaint_followups"), make_dataset("complaint_followups", seed_offset=3)
    assert not a.equals(b) and a.attrs["truth"] == b.attrs["truth"]
    assert make_dataset("complaint_followups", seed_offset=3).equals(b)


def test_bad_parameters():
    with pytest.raises(HelpersError, match="unknown"):
        complaint_followups(size=3)
    with pytest.raises(HelpersError, match="sd"):
        complaint_followups(sd=0)
    with pytest.raises(HelpersError, match="fast_days"):
        complaint_followups(fast_days=(1, 5), slow_days=(4, 9))
    with pytest.raises(HelpersError, match="each >= 2"):
        complaint_followups(n={"fast": 1})


def test_paradox_parameters_give_a_positive_truth():
    t = complaint_followups_truth(latent_mean={"fast": 4.4})
    assert t.attrs["differences"]["fast_minus_no_problem"] > 0
    assert np.isclose(t.set_index("group").loc["fast", "latent_mean"], 4.4)
