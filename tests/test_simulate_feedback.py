"""helpers.simulate.feedback: follow-ups of the bad ratings: schema, link, seeds, truth."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from helpers import HelpersError
from helpers import simulate as sim
from helpers.feedback import followup_effect, followup_summary, rectification_time
from helpers.labels import RATING_GRADES

COLUMNS = ["rating_id", "window", "department", "grade", "followed_up", "followup_hours",
           "rectified", "rectification_days", "next_grade"]
LARGE = {"n": 100_000, "mean_bad_rate": 0.2}       # about 25,000 bad ratings


@pytest.fixture(scope="module")
def published():
    return sim.rating_followups()


@pytest.fixture(scope="module")
def large():
    return sim.rating_followups(seed=11, ratings_params=LARGE)


@pytest.fixture(scope="module")
def large_truth():
    return sim.rating_followups_truth(ratings_params=LARGE).set_index("department")


def test_one_row_per_bad_rating_of_the_published_log(published):
    log = sim.ratings_log()
    bad = log[log["grade"].isin(["不满意", "非常不满意"])].reset_index(drop=True)
    assert list(published.columns) == COLUMNS
    assert len(published) == len(bad) and published["rating_id"].is_unique
    pd.testing.assert_frame_equal(published[["rating_id", "window", "department", "grade"]],
                                  bad[["rating_id", "window", "department", "grade"]])


def test_schema_and_missing_patterns(large):
    df = large
    assert set(df["followed_up"]) == {0, 1} and set(df["rectified"]) == {0, 1}
    assert (df["followup_hours"].isna() == (df["followed_up"] == 0)).all()
    assert (df["followup_hours"].dropna() > 0).all()
    assert (df["rectification_days"].isna() == (df["rectified"] == 0)).all()
    days = df["rectification_days"].dropna()
    assert (days >= 1).all() and (days == np.round(days)).all()
    assert set(df["next_grade"].dropna()) == set(RATING_GRADES)
    assert df["next_grade"].isna().mean() == pytest.approx(0.4, abs=0.02)


def test_reproducible_and_seeded(published):
    again = sim.rating_followups()
    pd.testing.assert_frame_equal(published, again)
    other = sim.rating_followups(seed=1)
    assert list(other["rating_id"]) == list(published["rating_id"])      # same log
    assert not other.equals(published)
    moved = sim.rating_followups(ratings_seed=1)
    assert list(moved["rating_id"]) != list(published["rating_id"])      # another log
    assert published.attrs["truth"] == other.attrs["truth"]


def test_seed_offset_follows_the_offset_rating_log():
    one = sim.make_dataset("rating_followups", seed_offset=1)
    pd.testing.assert_frame_equal(one, sim.make_dataset("rating_followups", seed_offset=1))
    expected = sim.rating_followups(seed=sim.offset_seed(2019, 1),
                                    ratings_seed=sim.offset_seed(2025, 1))
    pd.testing.assert_frame_equal(one, expected)
    log1 = sim.make_dataset("ratings_log", seed_offset=1)
    bad1 = log1.loc[log1["grade"].isin(["不满意", "非常不满意"]), "rating_id"]
    assert list(one["rating_id"]) == list(bad1)
    assert one.attrs["truth"] == sim.make_dataset("rating_followups").attrs["truth"]
    assert list(one.dtypes) == list(sim.make_dataset("rating_followups").dtypes)


def test_load_dataset(published):
    df = sim.load_dataset("rating_followups")
    assert list(df.columns) == COLUMNS and len(df) == len(published)
    assert df["rectification_days"].dtype == "Int64"
    assert (df["rating_id"].to_numpy() == published["rating_id"].to_numpy()).all()
    assert df["next_grade"].isna().sum() == published["next_grade"].isna().sum()
    assert df["followup_hours"].sum() == pytest.approx(published["followup_hours"].sum())
    assert df.attrs["truth"] == published.attrs["truth"]


def test_truth_story():
    t = sim.rating_followups_truth().set_index("department")
    assert list(t.index) == list(sim.DEPARTMENTS) + ["全部"]
    assert t["bad_share"].iloc[:-1].sum() == pytest.approx(1, abs=1e-5)
    assert (t["effect"] == 0.2).all()
    assert (t["confounding_bias"].iloc[:-1] == 0).all()                 # none within a department
    overall = t.loc["全部"]
    assert overall.observed_difference > overall.effect + 0.03         # department confounds
    assert t["p_followed_up"].iloc[:-1].between(0.6, 0.9).all()
    assert overall.median_rectification_days == 7
    assert overall.p_rectified_within_15_days == pytest.approx(0.888291, abs=1e-6)


def test_truth_recovered_on_a_large_draw(large, large_truth):
    t = large_truth.loc["全部"]
    s = followup_summary(large).set_index("measure")
    assert s.loc["followed_up", "estimate"] == pytest.approx(t.p_followed_up, abs=0.015)
    assert s.loc["rectified", "estimate"] == pytest.approx(t.p_rectified, abs=0.015)
    r = rectification_time(large).set_index("measure")
    assert r.loc["median_days", "estimate"] == t.median_rectification_days
    assert r.loc["share_within", "estimate"] == pytest.approx(t.p_rectified_within_15_days,
                                                              abs=0.015)
    e = followup_effect(large).set_index("measure")
    assert e.loc["followed_up", "estimate"] == pytest.approx(t.p_satisfied_next_if_followed,
                                                             abs=0.03)
    assert e.loc["not_followed_up", "estimate"] == pytest.approx(t.p_satisfied_next_if_not,
                                                                 abs=0.03)
    # the naive comparison recovers the observational difference, not the causal effect ...
    assert e.loc["difference", "estimate"] == pytest.approx(t.observed_difference, abs=0.04)
    assert e.loc["difference", "ci_low"] > t.effect
    # ... while comparing within departments (weighted by size) recovers the effect
    within = []
    for _, sub in large.groupby("department"):
        d = followup_effect(sub).set_index("measure").loc["difference"]
        within.append((d.estimate, d.n))
    est = sum(e_ * n for e_, n in within) / sum(n for _, n in within)
    assert est == pytest.approx(t.effect, abs=0.04)
    per_dept = followup_summary(large, by="department", rectified=None).set_index("department")
    for dept in sim.DEPARTMENTS:
        assert per_dept.loc[dept, "estimate"] == pytest.approx(
            large_truth.loc[dept, "p_followed_up"], abs=0.04)


def test_bad_parameters():
    with pytest.raises(HelpersError, match="unknown"):
        sim.rating_followups(nope=1)
    with pytest.raises(HelpersError, match="ratings_seed"):
        sim.rating_followups(ratings_params={"seed": 3})
    with pytest.raises(HelpersError, match="outside"):
        sim.rating_followups(followup_effect=0.9)
    with pytest.raises(HelpersError, match="departments"):
        sim.rating_followups(followup_rate={"民政": 0.5})


def test_data_card_states_the_truth():
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    t = sim.rating_followups_truth().set_index("department").loc["全部"]
    for path in (root / "datasets" / "README.md", root / "book" / "appendix_data.md"):
        text = path.read_text(encoding="utf-8")
        assert "rating_followups.csv" in text and "rating_followups_truth()" in text
        for v in (t.observed_difference, t.confounding_bias, t.p_followed_up,
                  t.p_satisfied_next_if_followed, t.p_satisfied_next_if_not):
            assert f"{v:.3f}" in text, (path.name, v)
