"""Tests of helpers.confirmation (expectation–disconfirmation)."""

from __future__ import annotations

import time

import numpy as np
import pandas as pd
import pytest
import statsmodels.formula.api as smf
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats
from statsmodels.stats.proportion import proportion_confint

from helpers import InputError
from helpers._validate import HelpersError
from helpers.confirmation import (
    DEFAULT_COEFFICIENTS,
    disconfirmation,
    expectation_gap_summary,
    fit_edt,
    predict_satisfaction,
)


@pytest.fixture
def survey() -> pd.DataFrame:
    rng = np.random.default_rng(7)
    n = 300
    e = rng.integers(1, 8, n).astype(float)
    p = rng.integers(1, 8, n).astype(float)
    s = np.clip(1.2 + 0.6 * e + 0.7 * (p - e) + rng.normal(0, 0.8, n), 1, 7)
    return pd.DataFrame({"S": s, "E": e, "P": p}, index=pd.RangeIndex(100, 100 + n))


# --- disconfirmation -------------------------------------------------------------------------

def test_disconfirmation_keeps_index_and_subtracts():
    df = pd.DataFrame({"E": [5, 6, np.nan], "P": [6, 4, 3]}, index=["x", "y", "z"])
    out = disconfirmation(df, expectation="E", perception="P")
    assert list(out.columns) == ["expectation", "perception", "disconfirmation"]
    assert list(out.index) == ["x", "y", "z"]
    assert out["disconfirmation"].tolist()[:2] == [1.0, -2.0]
    assert np.isnan(out.loc["z", "disconfirmation"])
    assert out.attrs["excluded"]["row"].tolist() == ["z"]


def test_disconfirmation_scale_violation_names_rows():
    df = pd.DataFrame({"E": [5, 9], "P": [6, 4]}, index=[10, 11])
    with pytest.raises(InputError, match=r"'E'.*11") as err:
        disconfirmation(df, "E", "P", scale=(1, 7))
    assert err.value.column == "E" and err.value.rows == [11]


# --- fit_edt ------------------------------------------------------------------------------------

def test_fit_edt_matches_statsmodels_formula(survey):
    fit = fit_edt(survey, "S", "E", "P")
    ref_d = smf.ols("S ~ E + D", data=survey.assign(D=survey.P - survey.E)).fit()
    ref_p = smf.ols("S ~ E + P", data=survey).fit()
    ed = fit[fit.model == "E_D"].set_index("term")
    ep = fit[fit.model == "E_P"].set_index("term")
    np.testing.assert_allclose(ed["estimate"], ref_d.params.to_numpy())
    np.testing.assert_allclose(ed["se"], ref_d.bse.to_numpy())
    np.testing.assert_allclose(ed["p_value"], ref_d.pvalues.to_numpy())
    np.testing.assert_allclose(ed[["ci_low", "ci_high"]], ref_d.conf_int().to_numpy())
    np.testing.assert_allclose(ep["estimate"], ref_p.params.to_numpy())
    np.testing.assert_allclose(ep["se"], ref_p.bse.to_numpy())
    # the two forms are the same fit: bP = bD and bE(E/P) = bE − bD
    assert ep.loc["perception", "estimate"] == pytest.approx(ed.loc["disconfirmation", "estimate"])
    assert ep.loc["expectation", "estimate"] == pytest.approx(
        ed.loc["expectation", "estimate"] - ed.loc["disconfirmation", "estimate"])
    assert fit.attrs["r_squared"] == pytest.approx(ref_d.rsquared)
    assert (fit["n"] == 300).all()
    assert list(fit.columns) == ["model", "term", "estimate", "se", "ci_low", "ci_high",
                                 "p_value", "n", "r_squared"]


def test_fit_edt_reports_excluded_rows(survey):
    df = survey.copy()
    df.loc[[101, 150], "S"] = np.nan
    df.loc[200, "P"] = np.nan
    fit = fit_edt(df, "S", "E", "P")
    assert (fit["n"] == 297).all()
    ex = fit.attrs["excluded"]
    assert sorted(ex["row"]) == [101, 150, 200]
    assert set(ex["column"]) == {"S", "P"}


def test_fit_edt_collinear_raises():
    df = pd.DataFrame({"S": [1, 2, 3, 4, 5.0], "E": [1, 2, 3, 4, 5.0], "P": [2, 3, 4, 5, 6.0]})
    with pytest.raises(InputError, match="collinear"):
        fit_edt(df, "S", "E", "P")


def test_fit_edt_bad_inputs(survey):
    with pytest.raises(InputError, match="'Q'"):
        fit_edt(survey, "Q", "E", "P")
    bad = survey.astype({"E": object})
    bad.loc[105, "E"] = "高"
    with pytest.raises(InputError, match=r"'E'.*105") as err:
        fit_edt(bad, "S", "E", "P")
    assert err.value.rows == [105]
    with pytest.raises(InputError, match="empty"):
        fit_edt(survey.iloc[:0], "S", "E", "P")
    with pytest.raises(InputError, match="all missing"):
        fit_edt(survey.assign(S=np.nan), "S", "E", "P")


# --- predict_satisfaction ---------------------------------------------------------------------

def test_predict_defaults_and_formula():
    out = predict_satisfaction(4, 6)
    c = DEFAULT_COEFFICIENTS
    expected = c["intercept"] + c["expectation"] * 4 + c["disconfirmation"] * 2
    assert out["predicted_satisfaction"].iloc[0] == pytest.approx(expected)
    assert list(out.columns) == ["expectation", "perception", "gap", "predicted_satisfaction"]


def test_predict_uses_fit_edt_output(survey):
    fit = fit_edt(survey, "S", "E", "P")
    out = predict_satisfaction(survey["E"].to_numpy(), survey["P"].to_numpy(), fit)
    ref = smf.ols("S ~ E + P", data=survey).fit().predict(survey)
    np.testing.assert_allclose(out["predicted_satisfaction"], np.clip(ref, 1, 7))
    # E/P-form mapping gives the same predictions
    ep = fit[fit.model == "E_P"].set_index("term")["estimate"].to_dict()
    out2 = predict_satisfaction(survey["E"].to_numpy(), survey["P"].to_numpy(), ep)
    np.testing.assert_allclose(out2["predicted_satisfaction"], out["predicted_satisfaction"])


def test_predict_grid_shape_and_clipping():
    grid = np.linspace(1, 7, 13)
    out = predict_satisfaction(grid, grid, grid=True)
    assert len(out) == 169
    assert out["predicted_satisfaction"].between(1, 7).all()
    steep = predict_satisfaction([1, 7], [7, 1], {"intercept": 0, "expectation": 0,
                                                  "disconfirmation": 5})
    assert steep["predicted_satisfaction"].tolist() == [7.0, 1.0]


def test_predict_higher_expectation_lowers_satisfaction_by_default():
    out = predict_satisfaction([2, 4, 6], 4)
    assert out["predicted_satisfaction"].is_monotonic_decreasing


def test_predict_bad_inputs():
    with pytest.raises(InputError, match=r"expectation.*1"):
        predict_satisfaction([3, 8], 4)
    with pytest.raises(InputError, match="perception"):
        predict_satisfaction(3, np.nan)
    with pytest.raises(HelpersError, match="incompatible"):
        predict_satisfaction([1, 2], [1, 2, 3])
    with pytest.raises(HelpersError, match="coefficients"):
        predict_satisfaction(3, 3, {"intercept": 1})
    with pytest.raises(HelpersError, match="scale"):
        predict_satisfaction(3, 3, scale=(7, 1))


def test_predict_scalar_is_fast():
    predict_satisfaction(4, 5)
    timings = []
    for _ in range(200):
        start = time.perf_counter()
        predict_satisfaction(4, 5)
        timings.append(time.perf_counter() - start)
    assert float(np.median(timings)) < 0.001  # median: robust to a busy shared machine


@settings(max_examples=60, deadline=None)
@given(e=st.floats(1, 7), p=st.floats(1, 7),
       a=st.floats(-5, 5), be=st.floats(-2, 2), bd=st.floats(-2, 2))
def test_predict_property_within_scale(e, p, a, be, bd):
    out = predict_satisfaction(e, p, {"intercept": a, "expectation": be, "disconfirmation": bd})
    value = out["predicted_satisfaction"].iloc[0]
    assert 1 <= value <= 7
    assert out["gap"].iloc[0] == pytest.approx(p - e)


# --- expectation_gap_summary ------------------------------------------------------------------

def test_gap_summary_against_references(survey):
    out = expectation_gap_summary(survey, "E", "P", "S")
    d = survey.P - survey.E
    shares = out[out.measure == "share"].set_index("group")
    means = out[out.measure == "mean_satisfaction"].set_index("group")
    for group, mask in (("negative", d < 0), ("zero", d == 0), ("positive", d > 0)):
        k = int(mask.sum())
        lo, hi = proportion_confint(k, 300, alpha=0.05, method="wilson")
        assert shares.loc[group, "estimate"] == pytest.approx(k / 300)
        assert shares.loc[group, "ci_low"] == pytest.approx(lo)
        assert shares.loc[group, "ci_high"] == pytest.approx(hi)
        s = survey.S[mask]
        ref = stats.ttest_1samp(s, 0).confidence_interval(0.95)
        assert means.loc[group, "estimate"] == pytest.approx(s.mean())
        assert means.loc[group, "ci_low"] == pytest.approx(ref.low)
        assert means.loc[group, "ci_high"] == pytest.approx(ref.high)
        assert means.loc[group, "n"] == k
    assert shares["estimate"].sum() == pytest.approx(1)
    # the simulated model makes satisfaction rise with the gap
    assert means.loc["negative", "estimate"] < means.loc["positive", "estimate"]


def test_gap_summary_bins_and_tolerance(survey):
    out = expectation_gap_summary(survey, "E", "P", "S", bins=[-7, -2, 1, 6])
    assert out["group"].nunique() == 3
    assert out.loc[out.measure == "share", "count"].sum() == 300
    tol = expectation_gap_summary(survey, "E", "P", "S", tolerance=1)
    d = survey.P - survey.E
    assert tol.loc[(tol.group == "zero") & (tol.measure == "share"), "count"].iloc[0] == \
        int((d.abs() <= 1).sum())
    with pytest.raises(InputError, match="bins"):
        expectation_gap_summary(survey, "E", "P", "S", bins=[0, 1, 6])


def test_gap_summary_exclusions_and_errors(survey):
    df = survey.copy()
    df.loc[100, "S"] = np.nan
    out = expectation_gap_summary(df, "E", "P", "S")
    assert out.attrs["excluded"]["row"].tolist() == [100]
    assert out.loc[out.measure == "share", "n"].iloc[0] == 299
    with pytest.raises(InputError, match="'X'"):
        expectation_gap_summary(df, "E", "X", "S")
    with pytest.raises(InputError, match="all missing"):
        expectation_gap_summary(df.assign(P=np.nan), "E", "P", "S")


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 7), st.integers(1, 7), st.integers(1, 7)),
                min_size=1, max_size=40))
def test_gap_summary_property(rows):
    df = pd.DataFrame(rows, columns=["E", "P", "S"])
    out = expectation_gap_summary(df, "E", "P", "S")
    shares = out[out.measure == "share"]
    assert shares["estimate"].between(0, 1).all()
    assert (shares["ci_low"] <= shares["estimate"] + 1e-12).all()
    assert (shares["estimate"] <= shares["ci_high"] + 1e-12).all()
    assert shares["count"].sum() == len(df)
    means = out[(out.measure == "mean_satisfaction") & (out["count"] >= 2)]
    assert ((means["ci_low"] <= means["estimate"] + 1e-9)
            & (means["estimate"] <= means["ci_high"] + 1e-9)).all()


# --- gap_groups ---------------------------------------------------------------------------------

def test_gap_groups_frozen():
    # Worked by hand: D = P − E = −2, 0.1, 2, missing; tolerance 0.25.
    from helpers.confirmation import gap_groups
    df = pd.DataFrame({"E": [5.0, 5.0, 4.0, None], "P": [3.0, 5.1, 6.0, 4.0]},
                      index=["a", "b", "c", "d"])
    out = gap_groups(df, "E", "P", tolerance=0.25)
    assert list(out.columns) == ["disconfirmation", "gap_group", "label", "negative"]
    assert list(out.index) == ["a", "b", "c", "d"]
    assert out["gap_group"].tolist()[:3] == ["negative", "zero", "positive"]
    assert out["negative"].tolist()[:3] == [1, 0, 0]
    assert pd.isna(out.loc["d", "gap_group"]) and pd.isna(out.loc["d", "negative"])
    assert out.attrs["excluded"]["row"].tolist() == ["d"]


def test_gap_groups_agree_with_summary_and_feed_proportion_difference(survey):
    from helpers.compare import proportion_difference
    from helpers.confirmation import gap_groups
    data = survey.assign(wave=np.arange(len(survey)) % 2 + 1)
    groups = gap_groups(data, "E", "P", tolerance=0.5)
    summary = expectation_gap_summary(data, "E", "P", "S", tolerance=0.5)
    shares = summary[summary.measure == "share"].set_index("group")["count"]
    assert groups["gap_group"].value_counts().reindex(shares.index).tolist() == shares.tolist()
    diff = proportion_difference(data.join(groups), "negative", "wave")
    by_wave = data.join(groups).groupby("wave")["negative"].mean()
    assert diff.loc[0, "estimate"] == pytest.approx(by_wave[1] - by_wave[2])


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 7), st.integers(1, 7)), min_size=1, max_size=40),
       st.sampled_from([0.0, 0.25, 1.0]))
def test_gap_groups_partition(pairs, tol):
    from helpers.confirmation import gap_groups
    df = pd.DataFrame(pairs, columns=["E", "P"])
    out = gap_groups(df, "E", "P", tolerance=tol)
    d = df["P"] - df["E"]
    assert ((out["gap_group"] == "negative") == (d < -tol)).all()
    assert ((out["gap_group"] == "positive") == (d > tol)).all()
    assert (out["negative"].astype(int) == (d < -tol).astype(int)).all()


def test_gap_groups_bad_tolerance():
    from helpers.confirmation import gap_groups
    with pytest.raises(HelpersError):
        gap_groups(pd.DataFrame({"E": [1.0], "P": [2.0]}), "E", "P", tolerance=-1)
