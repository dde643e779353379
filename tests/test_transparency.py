"""helpers.transparency: the publication-of-processing-times model and the surprise summary."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from statsmodels.stats.proportion import proportion_confint

from helpers import HelpersError, InputError
from helpers.transparency import simulate_expectations, surprise_scenarios, surprise_summary


def test_worked_example_by_hand():
    # expectations 5, 10, 10, 20; actual 9, 10, 11, 12; tolerance 2:
    # surprises a − e = 4, 0, 1, −8 → one negative (4 > 2), one positive (8 > 2)
    df = pd.DataFrame({"e": [5, 10, 10, 20], "a": [9, 10, 11, 12]})
    out = surprise_summary(df, "e", "a", tolerance=2).set_index("measure")
    assert out.loc["expected_mean", "estimate"] == pytest.approx(11.25)
    assert out.loc["expected_sd", "estimate"] == pytest.approx(np.std([5, 10, 10, 20], ddof=1))
    assert out.loc["expected_iqr", "estimate"] == pytest.approx(12.5 - 8.75)
    assert out.loc["negative_surprise", "estimate"] == pytest.approx(0.25)
    lo, hi = proportion_confint(1, 4, alpha=0.05, method="wilson")
    assert out.loc["negative_surprise", ["ci_low", "ci_high"]].tolist() == pytest.approx([lo, hi])
    assert out.loc["positive_surprise", "count"] == 1
    # the boundary is strict: a surprise of exactly the tolerance does not count
    edge = surprise_summary(pd.DataFrame({"e": [10.0], "a": [12.0]}), "e", "a", tolerance=2)
    assert edge.set_index("measure").loc["negative_surprise", "estimate"] == 0


def test_actual_times_have_the_requested_moments():
    sim = simulate_expectations(200_000, 10, 3, 0.5, seed=3)
    assert sim["actual_days"].mean() == pytest.approx(10, abs=0.05)
    assert sim["actual_days"].std() == pytest.approx(3, abs=0.05)
    assert sim["informed"].mean() == pytest.approx(0.5, abs=0.01)
    informed = sim[sim["informed"]]
    assert np.median(informed["expected_days"]) == pytest.approx(10, rel=0.01)
    assert (sim["surprise_days"] == sim["actual_days"] - sim["expected_days"]).all()


@pytest.mark.parametrize("bias", [-0.5, -0.2, 0.0, 0.3])
def test_nothing_published_is_the_baseline_whatever_the_bias(bias):
    base = simulate_expectations(3000, 10, 3, 0.0, 0.0, seed=11)
    other = simulate_expectations(3000, 10, 3, 0.0, bias, seed=11)
    pd.testing.assert_series_equal(base["expected_days"], other["expected_days"])
    pd.testing.assert_series_equal(base["actual_days"], other["actual_days"])
    assert not other["informed"].any()


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 10_000), mean=st.floats(3, 30), cv=st.floats(0.1, 0.5))
def test_spread_shrinks_as_an_exact_time_reaches_more_people(seed, mean, cv):
    shares = [0.0, 0.25, 0.5, 0.75, 1.0]
    sds, iqrs = [], []
    for share in shares:
        sim = simulate_expectations(20_000, mean, cv * mean, share, 0.0, seed=seed)
        out = surprise_summary(sim, tolerance=0.2 * mean).set_index("measure")
        sds.append(out.loc["expected_sd", "estimate"])
        iqrs.append(out.loc["expected_iqr", "estimate"])
    assert all(b < a * 1.02 for a, b in zip(sds, sds[1:], strict=False)), sds
    assert sds[-1] < 0.5 * sds[0]
    assert iqrs[-1] < iqrs[0]


@settings(max_examples=20, deadline=None)
@given(share=st.floats(0, 1), bias=st.floats(-0.9, 2), seed=st.integers(0, 1000),
       tol=st.floats(0, 5))
def test_shares_are_proportions_and_intervals_contain_estimates(share, bias, seed, tol):
    sim = simulate_expectations(500, 8, 2, share, bias, seed=seed)
    out = surprise_summary(sim, tolerance=tol, by="informed")
    shares = out[out["measure"].str.endswith("surprise")]
    assert shares["estimate"].between(0, 1).all()
    assert (shares["estimate"].sum() <= 2 + 1e-12)
    with_ci = out.dropna(subset=["ci_low"])
    assert (with_ci["ci_low"] <= with_ci["estimate"] + 1e-12).all()
    assert (with_ci["estimate"] <= with_ci["ci_high"] + 1e-12).all()
    assert out.groupby("informed")["n"].first().sum() == 500


def test_over_optimistic_publication_increases_negative_surprises():
    out = surprise_scenarios([0.0, 1.0], [-0.3, 0.0], n=8000, seed=5)
    neg = out[out["measure"] == "negative_surprise"].set_index(["published_share", "published_bias"])
    baseline = neg.loc[(0.0, 0.0), "estimate"]
    assert neg.loc[(1.0, 0.0), "estimate"] < baseline
    assert neg.loc[(1.0, -0.3), "estimate"] > baseline
    assert neg.loc[(1.0, -0.3), "ci_low"] > neg.loc[(0.0, 0.0), "ci_high"]


def test_scenarios_are_seeded_and_labelled():
    a = surprise_scenarios([0.5], [0.1], n=1000, seed=2)
    b = surprise_scenarios([0.5], [0.1], n=1000, seed=2)
    pd.testing.assert_frame_equal(a, b)
    assert a["published_days"].iloc[0] == pytest.approx(11.0)
    assert list(a.columns[:3]) == ["published_share", "published_bias", "published_days"]


def test_missing_values_are_excluded_and_reported():
    df = pd.DataFrame({"e": [5, np.nan, 10, 7], "a": [9, 10, None, 7]}, index=["a", "b", "c", "d"])
    out = surprise_summary(df, "e", "a")
    assert out["n"].iloc[0] == 2
    assert sorted(out.attrs["excluded"]["row"]) == ["b", "c"]


@pytest.mark.parametrize("kwargs, match", [
    ({"n": 1}, "n "), ({"n": 10.5}, "n "), ({"actual_mean_days": 0}, "actual_mean_days"),
    ({"actual_sd_days": -1}, "actual_sd_days"), ({"published_share": 1.2}, "published_share"),
    ({"published_bias": -1}, "published_bias"), ({"published_bias": "x"}, "published_bias"),
    ({"prior_spread": 0}, "prior_spread"), ({"anchor_spread": -0.1}, "anchor_spread"),
])
def test_bad_model_parameters(kwargs, match):
    args = {"n": 100, "actual_mean_days": 10, "actual_sd_days": 3, "published_share": 0.5}
    args.update(kwargs)
    with pytest.raises(HelpersError, match=match):
        simulate_expectations(**args)


def test_bad_data():
    good = pd.DataFrame({"expected_days": [5.0, 6.0], "actual_days": [7.0, 8.0]})
    with pytest.raises(InputError, match="缺少列"):
        surprise_summary(good.drop(columns="actual_days"))
    with pytest.raises(InputError, match="不是数字"):
        surprise_summary(good.assign(expected_days=["五天", "6"]))
    with pytest.raises(InputError, match="数据为空"):
        surprise_summary(good.iloc[:0])
    with pytest.raises(InputError, match="范围"):
        surprise_summary(good.assign(actual_days=[-1.0, 3.0]))
    with pytest.raises(HelpersError, match="tolerance"):
        surprise_summary(good, tolerance=-1)
    with pytest.raises(HelpersError, match="ci"):
        surprise_summary(good, ci=1.5)
    with pytest.raises(HelpersError):
        surprise_scenarios([], [0.0])
