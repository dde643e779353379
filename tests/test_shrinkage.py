"""helpers.shrinkage: beta-binomial prior by ML (scipy reference), posterior intervals, reshuffle."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import optimize, stats

from helpers import HelpersError, InputError
from helpers.shrinkage import beta_binomial_prior, rank_reshuffle, shrunk_rates


def _sim(k=400, a=8.0, b=92.0, seed=0):
    rng = np.random.default_rng(seed)
    n = rng.integers(20, 2000, k)
    theta = rng.beta(a, b, k)
    return pd.DataFrame({"unit": [f"u{i}" for i in range(k)], "x": rng.binomial(n, theta), "n": n})


def test_prior_matches_scipy_betabinom_ml():
    df = _sim(k=60, seed=3)
    prior = beta_binomial_prior(df, "x", "n").iloc[0]

    def nll(v):
        a, b = np.exp(v)
        return -stats.betabinom.logpmf(df["x"], df["n"], a, b).sum()

    ref = optimize.minimize(nll, np.log([5, 50]), method="L-BFGS-B")
    a_ref, b_ref = np.exp(ref.x)
    assert prior["alpha"] == pytest.approx(a_ref, rel=2e-3)
    assert prior["beta"] == pytest.approx(b_ref, rel=2e-3)
    assert nll(np.log([prior["alpha"], prior["beta"]])) <= ref.fun + 1e-6


def test_prior_recovers_truth_and_agrees_with_moments():
    df = _sim(k=2000, seed=1)
    prior = beta_binomial_prior(df, "x", "n").iloc[0]
    assert prior["prior_mean"] == pytest.approx(0.08, abs=0.003)
    assert prior["prior_n"] == pytest.approx(100, rel=0.2)
    raw = df["x"] / df["n"]
    m = df["x"].sum() / df["n"].sum()
    v = raw.var() - np.mean(m * (1 - m) / df["n"])
    assert prior["prior_n"] == pytest.approx(m * (1 - m) / v - 1, rel=0.25)


def test_posterior_against_scipy_beta_and_closed_form():
    df = pd.DataFrame({"w": list("abcd"), "x": [0, 1, 10, 40], "n": [12, 40, 100, 500]})
    prior = pd.DataFrame({"alpha": [4.0], "beta": [46.0]})
    r = shrunk_rates(df, "w", "x", "n", prior=prior, ci=0.9)
    a, b = 4 + df["x"], 46 + df["n"] - df["x"]
    np.testing.assert_allclose(r["estimate"], a / (a + b))
    np.testing.assert_allclose(r["ci_low"], stats.beta.ppf(0.05, a, b))
    np.testing.assert_allclose(r["ci_high"], stats.beta.ppf(0.95, a, b))
    w = df["n"] / (df["n"] + 50)
    np.testing.assert_allclose(r["estimate"], (1 - w) * 0.08 + w * df["x"] / df["n"])
    assert r["rank_raw"].tolist() == [1, 2, 4, 3]
    assert r.loc[0, "rank_shrunk"] > 1              # 0 of 12 no longer tops the table


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 3000), st.floats(0, 0.5)), min_size=3, max_size=25))
def test_shrunk_between_raw_and_prior_mean(rows):
    n = np.array([r[0] for r in rows])
    x = np.floor(n * np.array([r[1] for r in rows])).astype(int)
    if x.sum() == 0:
        x[0] = 1
    df = pd.DataFrame({"u": range(len(n)), "x": x, "n": n})
    r = shrunk_rates(df, "u", "x", "n")
    m = r["prior_mean"].iloc[0]
    lo = np.minimum(r["raw"], m) - 1e-9
    hi = np.maximum(r["raw"], m) + 1e-9
    assert ((r["estimate"] >= lo) & (r["estimate"] <= hi)).all()
    assert ((r["ci_low"] <= r["estimate"]) & (r["estimate"] <= r["ci_high"])).all()
    assert r["weight"].between(0, 1).all()


def test_reshuffle_against_scipy_and_limits():
    small = rank_reshuffle([10] * 20, 8, 92, n_sim=300, seed=2).set_index("measure")
    big = rank_reshuffle([20000] * 20, 8, 92, n_sim=300, seed=2).set_index("measure")
    assert small.loc["spearman_draws", "estimate"] < 0.5 < big.loc["spearman_draws", "estimate"]
    assert big.loc["spearman_draws", "estimate"] > 0.95
    assert small.loc["top_changed", "estimate"] > big.loc["top_changed", "estimate"]
    assert small.loc["spearman_truth_shrunk", "estimate"] >= small.loc["spearman_truth_raw", "estimate"] - 0.01


def test_reshuffle_kendall_matches_scipy():
    # with a one-simulation run, the Kendall value equals scipy's tau-b on the two tables
    import helpers.shrinkage as s
    n = np.array([30, 50, 80, 120, 200, 15, 60, 90])
    out = s.rank_reshuffle(n, 5, 45, n_sim=2, seed=7)
    rng = np.random.default_rng(7)
    theta = rng.beta(5, 45, size=(2, len(n)))
    x1 = rng.binomial(n, theta)
    x2 = rng.binomial(n, theta)
    taus = [stats.kendalltau(x1[i] / n, x2[i] / n)[0] for i in range(2)]
    rhos = [stats.spearmanr(x1[i] / n, x2[i] / n)[0] for i in range(2)]
    got = out.set_index("measure")
    assert got.loc["kendall_draws", "estimate"] == pytest.approx(np.mean(taus))
    assert got.loc["spearman_draws", "estimate"] == pytest.approx(np.mean(rhos))


def test_bad_input():
    with pytest.raises(HelpersError, match="3"):
        beta_binomial_prior(pd.DataFrame({"x": [1, 2], "n": [5, 5]}), "x", "n")
    with pytest.raises(HelpersError, match="0"):
        beta_binomial_prior(pd.DataFrame({"x": [0, 0, 0], "n": [5, 5, 5]}), "x", "n")
    with pytest.raises(InputError, match="'x'"):
        shrunk_rates(pd.DataFrame({"u": [1, 2, 3], "x": [1, -2, 0], "n": [5, 5, 5]}), "u", "x", "n")
    with pytest.raises(InputError, match="缺少列"):
        shrunk_rates(pd.DataFrame({"x": [1, 2, 0], "n": [5, 5, 5]}), "u", "x", "n")
    with pytest.raises(HelpersError, match="top"):
        rank_reshuffle([10] * 5, 2, 20, top=5)
    with pytest.raises(HelpersError, match="n"):
        rank_reshuffle([10, 0, 3], 2, 20)


def test_frozen_published_month():
    from helpers.simulate import load_dataset
    d = load_dataset("window_monthly")
    last = d[d["t"] == 24]
    prior = beta_binomial_prior(last, "n_bad", "n_ratings").iloc[0]
    assert prior["prior_n"] == pytest.approx(103.6, abs=0.1)
    r = shrunk_rates(last, "window", "n_bad", "n_ratings")
    assert r.sort_values("estimate").iloc[0]["n"] >= 100
