"""Tests of helpers.expectations (sources of expectations and adaptive updating)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.formula.api as smf
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from helpers import InputError
from helpers._validate import HelpersError
from helpers.expectations import (
    adaptive_expectations,
    effects_vs_truth,
    expectation_drivers,
    experience_sequence,
    group_means,
)

CHANNEL = {"tv": 0.0, "social": 0.4, "web": 0.1}
REGION = {"city": 0.2, "town": -0.15, "village": -0.35}


@pytest.fixture
def survey() -> pd.DataFrame:
    rng = np.random.default_rng(11)
    n = 900
    ch = rng.choice(list(CHANNEL), n, p=[0.3, 0.4, 0.3])
    rg = rng.choice(list(REGION), n, p=[0.5, 0.3, 0.2])
    visits = rng.integers(0, 12, n)
    e = (5.2 + pd.Series(ch).map(CHANNEL).to_numpy() + pd.Series(rg).map(REGION).to_numpy()
         + 0.08 * np.minimum(visits, 6) + rng.normal(0, 0.4, n))
    return pd.DataFrame({"E": e, "channel": ch, "region": rg, "visits": visits},
                        index=pd.RangeIndex(1000, 1000 + n))


# --- group_means ---------------------------------------------------------------------------------

def test_group_means_matches_scipy_t_interval(survey):
    out = group_means(survey, "E", "channel")
    assert list(out.columns) == ["factor", "level", "estimate", "sd", "se", "ci_low", "ci_high",
                                 "n"]
    assert out["level"].tolist() == sorted(CHANNEL)
    assert (out["factor"] == "channel").all()
    for row in out.itertuples():
        x = survey.loc[survey.channel == row.level, "E"].to_numpy()
        lo, hi = stats.t.interval(0.95, len(x) - 1, loc=x.mean(), scale=stats.sem(x))
        assert row.estimate == pytest.approx(x.mean())
        assert (row.ci_low, row.ci_high) == pytest.approx((lo, hi))
        assert row.n == len(x)
        assert row.se == pytest.approx(stats.sem(x))
    assert out["n"].sum() == len(survey) == out.attrs["n_used"]
    assert len(out.attrs["excluded"]) == 0


def test_group_means_worked_value():
    # values 5, 6, 7: mean 6, sd 1, se 1/√3, t(0.975, 2) = 4.302653 → half-width 2.484138
    out = group_means(pd.DataFrame({"v": [5, 6, 7], "g": ["x"] * 3}), "v", "g")
    assert out.loc[0, "ci_low"] == pytest.approx(6 - 2.484138, abs=1e-6)
    assert out.loc[0, "ci_high"] == pytest.approx(6 + 2.484138, abs=1e-6)


def test_group_means_ci_level_widens(survey):
    narrow = group_means(survey, "E", "region", ci=0.8)
    wide = group_means(survey, "E", "region", ci=0.99)
    assert ((wide.ci_high - wide.ci_low) > (narrow.ci_high - narrow.ci_low)).all()


def test_group_means_reports_missing_and_order(survey):
    df = survey.copy()
    df.loc[[1001, 1002], "E"] = np.nan
    df.loc[1003, "channel"] = None
    out = group_means(df, "E", "channel", order=["web", "tv", "social"])
    assert out["level"].tolist() == ["web", "tv", "social"]
    ex = out.attrs["excluded"].frame()
    assert sorted(ex["row"]) == [1001, 1002, 1003]
    assert set(ex["column"]) == {"E", "channel"}
    assert out["n"].sum() == len(df) - 3 == out.attrs["n_used"]


def test_group_means_single_member_group_has_no_interval():
    out = group_means(pd.DataFrame({"v": [1.0, 2.0, 4.0], "g": ["a", "a", "b"]}), "v", "g")
    b = out.set_index("level").loc["b"]
    assert b["estimate"] == 4.0 and b["n"] == 1 and np.isnan(b["ci_low"])


def test_group_means_bad_inputs(survey):
    with pytest.raises(InputError, match="'missing_col'"):
        group_means(survey, "missing_col", "channel")
    bad = survey.astype({"E": object})
    bad.loc[1010, "E"] = "很高"
    with pytest.raises(InputError, match=r"'E'.*1010") as err:
        group_means(bad, "E", "channel")
    assert err.value.rows == [1010]
    with pytest.raises(InputError, match="empty"):
        group_means(survey.iloc[:0], "E", "channel")
    with pytest.raises(InputError, match="all missing"):
        group_means(survey.assign(E=np.nan), "E", "channel")
    with pytest.raises(InputError, match="no row"):
        group_means(survey.assign(channel=None), "E", "channel")
    with pytest.raises(HelpersError, match="order"):
        group_means(survey, "E", "channel", order=["tv", "web"])
    with pytest.raises(HelpersError, match="ci"):
        group_means(survey, "E", "channel", ci=95)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.floats(1, 7), st.sampled_from(["a", "b", "c"])), min_size=2,
                max_size=40))
def test_group_means_property_interval_contains_mean(rows):
    df = pd.DataFrame(rows, columns=["v", "g"])
    out = group_means(df, "v", "g")
    assert out["n"].sum() == len(df)
    has_ci = out["n"] >= 2
    ok = out[has_ci]
    assert (ok.ci_low <= ok.estimate + 1e-9).all() and (ok.estimate <= ok.ci_high + 1e-9).all()
    assert out["estimate"].between(1, 7).all()


# --- expectation_drivers ------------------------------------------------------------------------

def test_drivers_match_statsmodels_formula(survey):
    fit = expectation_drivers(survey, "E", ["channel", "region"], numeric=["visits"],
                              reference={"channel": "tv", "region": "city"}, cap={"visits": 6})
    ref = smf.ols("E ~ C(channel, Treatment('tv')) + C(region, Treatment('city')) + v6",
                  data=survey.assign(v6=survey.visits.clip(upper=6))).fit()
    names = {"intercept": "Intercept", "visits": "v6"}
    for row in fit.itertuples():
        if row.factor == "channel":
            key = f"C(channel, Treatment('tv'))[T.{row.level}]"
        elif row.factor == "region":
            key = f"C(region, Treatment('city'))[T.{row.level}]"
        else:
            key = names[row.term]
        assert row.estimate == pytest.approx(ref.params[key])
        assert row.se == pytest.approx(ref.bse[key])
        assert row.p_value == pytest.approx(ref.pvalues[key], rel=1e-6, abs=1e-300)
        assert (row.ci_low, row.ci_high) == pytest.approx(tuple(ref.conf_int().loc[key]))
    assert fit.attrs["r_squared"] == pytest.approx(ref.rsquared)
    assert fit.attrs["reference"] == {"channel": "tv", "region": "city"}
    assert (fit["n"] == len(survey)).all()
    assert list(fit.columns) == ["term", "factor", "level", "reference", "estimate", "se",
                                 "ci_low", "ci_high", "p_value", "n"]
    row = fit.set_index("term").loc["channel[social]"]
    assert row["reference"] == "tv"
    assert fit.set_index("term").loc["intercept", "reference"] == "channel=tv; region=city"


def test_drivers_recover_simulated_effects(survey):
    fit = expectation_drivers(survey, "E", ["channel", "region"], numeric=["visits"],
                              reference={"channel": "tv", "region": "city"}, cap={"visits": 6})
    cmp = effects_vs_truth(fit, {"channel": CHANNEL, "region": REGION, "visits": 0.08})
    assert len(cmp) == 2 + 2 + 1
    town = cmp.set_index("level").loc["town"]
    assert town["true_effect"] == pytest.approx(-0.35)
    assert (cmp["error"].abs() < 0.12).all()
    assert cmp["covered"].mean() >= 0.6


def test_drivers_default_reference_is_first_sorted_level(survey):
    fit = expectation_drivers(survey, "E", ["channel"])
    assert fit.attrs["reference"] == {"channel": "social"}
    assert set(fit["level"]) == {"", "tv", "web"}


def test_drivers_listwise_exclusions(survey):
    df = survey.copy()
    df.loc[1005, "visits"] = np.nan
    df.loc[1006, "region"] = None
    df.loc[[1006, 1007], "E"] = np.nan
    fit = expectation_drivers(df, "E", ["region"], numeric=["visits"])
    assert (fit["n"] == len(df) - 3).all()
    ex = fit.attrs["excluded"].frame()
    assert sorted(ex["row"]) == [1005, 1006, 1007]  # each row reported once


def test_drivers_bad_inputs(survey):
    with pytest.raises(InputError, match="'nope'"):
        expectation_drivers(survey, "E", ["nope"])
    bad = survey.astype({"visits": object})
    bad.loc[1020, "visits"] = "三次"
    with pytest.raises(InputError, match=r"'visits'.*1020"):
        expectation_drivers(bad, "E", ["channel"], numeric=["visits"])
    with pytest.raises(InputError, match="empty"):
        expectation_drivers(survey.iloc[:0], "E", ["channel"])
    with pytest.raises(InputError, match="reference level"):
        expectation_drivers(survey, "E", ["channel"], reference={"channel": "radio"})
    with pytest.raises(HelpersError, match="not in factors"):
        expectation_drivers(survey, "E", ["channel"], reference={"region": "city"})
    with pytest.raises(HelpersError, match="not in numeric"):
        expectation_drivers(survey, "E", ["channel"], cap={"visits": 6})
    with pytest.raises(InputError, match="single level"):
        expectation_drivers(survey.assign(channel="tv"), "E", ["channel"])
    with pytest.raises(InputError, match="collinear"):
        expectation_drivers(survey.assign(k=1.0), "E", ["channel"], numeric=["k"])
    with pytest.raises(HelpersError, match="at least one"):
        expectation_drivers(survey, "E")
    with pytest.raises(InputError, match="only"):
        expectation_drivers(survey.head(3), "E", ["channel", "region"], numeric=["visits"])


def test_effects_vs_truth_bad_inputs(survey):
    fit = expectation_drivers(survey, "E", ["channel"], reference={"channel": "tv"})
    with pytest.raises(HelpersError, match="lacks level"):
        effects_vs_truth(fit, {"channel": {"tv": 0.0}})
    with pytest.raises(HelpersError, match="no term"):
        effects_vs_truth(fit, {"region": REGION})
    with pytest.raises(InputError, match="drivers"):
        effects_vs_truth(pd.DataFrame({"x": [1]}), {"channel": CHANNEL})


# --- experience_sequence ------------------------------------------------------------------------

def test_experience_sequence_is_fixed_and_on_scale():
    a = experience_sequence(20, 5.0, 0.15, seed=2)
    assert a.shape == (20,)
    np.testing.assert_array_equal(a, experience_sequence(20, 5.0, 0.15, seed=2))
    assert not np.array_equal(a, experience_sequence(20, 5.0, 0.15, seed=3))
    assert np.all(np.round(a, 2) == a)
    assert experience_sequence(50, 6.9, 2.0).max() <= 7
    with pytest.raises(HelpersError):
        experience_sequence(0)
    with pytest.raises(HelpersError):
        experience_sequence(5, 8.0)
    with pytest.raises(HelpersError):
        experience_sequence(5, 5.0, -1.0)


# --- adaptive_expectations ----------------------------------------------------------------------

def test_adaptive_worked_values_and_columns():
    out = adaptive_expectations([4.0, 6.0, 5.0], initial=6.0, rate=0.5)
    assert list(out.columns) == ["visit", "experience", "baseline", "shock", "expectation", "gap"]
    # E1 = 6; E2 = 6 + 0.5·(4 − 6) = 5; E3 = 5 + 0.5·(6 − 5) = 5.5
    assert out["expectation"].tolist() == [6.0, 5.0, 5.5]
    assert out["gap"].tolist() == [-2.0, 1.0, -0.5]
    assert out["visit"].tolist() == [1, 2, 3]


@settings(max_examples=80, deadline=None)
@given(p=st.floats(1, 7), e0=st.floats(1, 7), lam=st.floats(0, 1), t_max=st.integers(1, 30))
def test_adaptive_closed_form_constant_experience(p, e0, lam, t_max):
    out = adaptive_expectations([p] * t_max, initial=e0, rate=lam)
    t = np.arange(1, t_max + 1)
    expected = p + (e0 - p) * (1 - lam) ** (t - 1)
    np.testing.assert_allclose(out["expectation"], expected, atol=1e-9)


@settings(max_examples=50, deadline=None)
@given(ps=st.lists(st.floats(1, 7), min_size=2, max_size=25), e0=st.floats(1, 7))
def test_adaptive_rate_zero_and_one(ps, e0):
    still = adaptive_expectations(ps, initial=e0, rate=0.0)
    assert (still["expectation"] == e0).all()
    jump = adaptive_expectations(ps, initial=e0, rate=1.0)
    np.testing.assert_allclose(jump["expectation"].to_numpy()[1:], np.asarray(ps)[:-1])


@settings(max_examples=80, deadline=None)
@given(ps=st.lists(st.floats(1, 7), min_size=1, max_size=25), e0=st.floats(1, 7),
       lam=st.floats(0, 1), size=st.floats(-10, 10), decay=st.floats(0, 0.99),
       k=st.integers(1, 25))
def test_adaptive_stays_on_scale(ps, e0, lam, size, decay, k):
    k = min(k, len(ps))
    out = adaptive_expectations(ps, initial=e0, rate=lam, shock_size=size, shock_visit=k,
                                shock_decay=decay)
    assert out["expectation"].between(1, 7).all()
    assert out["baseline"].between(1 - 1e-9, 7 + 1e-9).all()
    np.testing.assert_allclose(out["gap"], out["experience"] - out["expectation"])


def test_adaptive_shock_follows_decay_rule_and_fades():
    p = [5.0] * 12
    out = adaptive_expectations(p, initial=5.0, rate=0.3, shock_size=1.5, shock_visit=4,
                                shock_decay=0.6)
    t = out["visit"].to_numpy()
    expected = np.where(t >= 4, 1.5 * 0.6 ** (t - 4), 0.0)
    np.testing.assert_allclose(out["shock"], expected)
    np.testing.assert_allclose(out["expectation"], 5.0 + expected)   # baseline stays at P
    assert out.loc[out.visit == 4, "gap"].item() == pytest.approx(-1.5)
    no_shock = adaptive_expectations(p, initial=5.0, rate=0.3)
    np.testing.assert_allclose(out["baseline"], no_shock["expectation"])


def test_adaptive_bad_inputs():
    with pytest.raises(InputError, match="3"):
        adaptive_expectations([5, 5, 9], initial=5, rate=0.5)
    with pytest.raises(InputError, match="empty"):
        adaptive_expectations([], initial=5, rate=0.5)
    with pytest.raises(InputError, match="numeric"):
        adaptive_expectations(["好", "差"], initial=5, rate=0.5)
    with pytest.raises(InputError):
        adaptive_expectations([5, np.nan], initial=5, rate=0.5)
    with pytest.raises(HelpersError, match="rate"):
        adaptive_expectations([5, 5], initial=5, rate=1.2)
    with pytest.raises(HelpersError, match="initial"):
        adaptive_expectations([5, 5], initial=0, rate=0.5)
    with pytest.raises(HelpersError, match="shock_decay"):
        adaptive_expectations([5, 5], initial=5, rate=0.5, shock_decay=1.0)
    with pytest.raises(HelpersError, match="shock_visit"):
        adaptive_expectations([5, 5], initial=5, rate=0.5, shock_size=1, shock_visit=3)
    with pytest.raises(HelpersError, match="scale"):
        adaptive_expectations([5, 5], initial=5, rate=0.5, scale=(7, 1))
