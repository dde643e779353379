"""helpers.its: segmented regression against statsmodels, parametrisations, and coverage of the
simulated true effect over many seeds; before/after through helpers.compare (Newcombe)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from helpers import HelpersError, InputError
from helpers.compare import proportion_difference
from helpers.its import before_after, segmented_lines, segmented_regression
from helpers.simulate.window_monthly import window_monthly, window_monthly_truth


def _series(seed=0, n=24, t0=13):
    rng = np.random.default_rng(seed)
    t = np.arange(1, n + 1)
    y = 0.08 - 0.0004 * t - 0.02 * (t >= t0) - 0.001 * (t - t0) * (t >= t0) + rng.normal(0, 0.004, n)
    return pd.DataFrame({"t": t, "y": y})


def test_matches_statsmodels_fit_done_here():
    df = _series(1)
    t = df["t"].to_numpy(float)
    post = (t >= 13).astype(float)
    X = np.column_stack([np.ones(24), t - 1, post, (t - 13) * post,
                         np.sin(2 * np.pi * t / 12), np.cos(2 * np.pi * t / 12)])
    ols = sm.OLS(df["y"], X).fit()
    hac = sm.OLS(df["y"], X).fit(cov_type="HAC", cov_kwds={"maxlags": 2, "use_correction": True})
    for se, ref_se in (("ols", ols.bse), ("hac", hac.bse), ("max", np.maximum(ols.bse, hac.bse))):
        r = segmented_regression(df, "t", "y", intervention=13, season_period=12, se=se)
        np.testing.assert_allclose(r["estimate"], ols.params[:4], rtol=1e-10)
        np.testing.assert_allclose(r["se"], np.asarray(ref_se)[:4], rtol=1e-10)
        q = stats.t.ppf(0.975, 24 - 6)
        np.testing.assert_allclose(r["ci_high"] - r["estimate"], q * np.asarray(ref_se)[:4], rtol=1e-10)
    assert r["maxlags"].iloc[0] == 2


def test_level_change_is_the_jump_not_the_lopez_bernal_beta2():
    df = _series(2)
    r = segmented_regression(df, "t", "y", intervention=13, se="ols").set_index("term")
    t = df["t"].to_numpy(float)
    X = np.column_stack([np.ones(24), t, (t >= 13), t * (t >= 13)]).astype(float)
    lb = np.asarray(sm.OLS(df["y"].to_numpy(), X).fit().params)  # Y = b0 + b1 T + b2 X + b3 T X
    assert r.loc["level_change", "estimate"] == pytest.approx(lb[2] + lb[3] * 13)
    assert r.loc["slope_change", "estimate"] == pytest.approx(lb[3])
    assert abs(lb[2] - r.loc["level_change", "estimate"]) > 0.005   # the two differ


def test_lines_jump_by_the_level_change():
    df = _series(3)
    r = segmented_regression(df, "t", "y", intervention=13).set_index("term")
    lines = segmented_lines(df, "t", "y", intervention=13).set_index("time")
    jump = lines.loc[13, "fitted"] - lines.loc[13, "counterfactual"]
    assert jump == pytest.approx(r.loc["level_change", "estimate"])
    assert (lines.loc[:12, "fitted"] == lines.loc[:12, "counterfactual"]).all()


def test_coverage_of_the_true_level_change_over_200_seeds():
    """The nominal 95 % interval covers the generator's true jump in 88–99 % of 200 draws."""
    truth = window_monthly_truth().attrs["effect"]["level_change"]
    hits, est = [], []
    for seed in range(200):
        d = window_monthly(seed=10_000 + seed)
        g = d[d["improved"] == 1].groupby("t")[["n_bad", "n_ratings"]].sum().reset_index()
        r = segmented_regression(g, "t", count="n_bad", n="n_ratings", intervention=13,
                                 season_period=12).set_index("term").loc["level_change"]
        hits.append(r["ci_low"] <= truth <= r["ci_high"])
        est.append(r["estimate"])
    assert 0.88 <= np.mean(hits) <= 0.99
    assert np.mean(est) == pytest.approx(truth, abs=0.002)          # unbiased


def test_before_after_is_compare_proportion_difference():
    df = pd.DataFrame({"bad": [10, 12, 5, 6], "n": [100, 110, 100, 120], "p": [0, 0, 1, 1]})
    r = before_after(df, "bad", "n", "p", before=0, after=1)
    rows = pd.DataFrame({"g": ["after"] * 220 + ["before"] * 210,
                         "y": [1] * 11 + [0] * 209 + [1] * 22 + [0] * 188})
    ref = proportion_difference(rows, "y", "g", levels=["after", "before"], reference="before")
    for c in ("estimate", "ci_low", "ci_high"):
        assert r.loc[0, c] == pytest.approx(ref.loc[0, c])


@settings(max_examples=40, deadline=None)
@given(st.integers(8, 40), st.floats(-0.05, 0.05), st.floats(-0.002, 0.002), st.integers(0, 10_000))
def test_recovers_exact_effects_without_noise(n, level, slope, seed):
    t0 = n // 2 + 1
    t = np.arange(1, n + 1)
    y = 0.1 + 0.001 * t + level * (t >= t0) + slope * (t - t0) * (t >= t0)
    y = y + 1e-9 * np.random.default_rng(seed).standard_normal(n)
    r = segmented_regression(pd.DataFrame({"t": t, "y": y}), "t", "y", intervention=t0).set_index("term")
    assert r.loc["level_change", "estimate"] == pytest.approx(level, abs=1e-6)
    assert r.loc["slope_change", "estimate"] == pytest.approx(slope, abs=1e-6)
    assert (r["ci_low"] <= r["estimate"]).all() and (r["estimate"] <= r["ci_high"]).all()


def test_bad_input():
    df = _series(0)
    with pytest.raises(HelpersError, match="3"):
        segmented_regression(df, "t", "y", intervention=23)
    with pytest.raises(HelpersError, match="重复"):
        segmented_regression(pd.concat([df, df]), "t", "y", intervention=13)
    with pytest.raises(HelpersError, match="outcome"):
        segmented_regression(df, "t", intervention=13)
    with pytest.raises(InputError, match="'y'"):
        segmented_regression(df.assign(y=df["y"].where(df["t"] != 5)), "t", "y", intervention=13)
    with pytest.raises(HelpersError, match="se"):
        segmented_regression(df, "t", "y", intervention=13, se="robust")
    with pytest.raises(HelpersError, match="没有"):
        before_after(pd.DataFrame({"b": [1], "n": [5], "p": [0]}), "b", "n", "p", before=0, after=1)


def test_frozen_published_effect():
    from helpers.simulate import load_dataset
    d = load_dataset("window_monthly")
    g = d[d["improved"] == 1].groupby("t")[["n_bad", "n_ratings"]].sum().reset_index()
    r = segmented_regression(g, "t", count="n_bad", n="n_ratings", intervention=13,
                             season_period=12).set_index("term")
    assert r.loc["level_change", "estimate"] == pytest.approx(-0.0389, abs=5e-4)
