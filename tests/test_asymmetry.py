"""Tests of helpers.asymmetry (spread of expectations by what citizens know)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from helpers._validate import HelpersError, InputError
from helpers.asymmetry import brown_forsythe, spread_difference, surprise_mixture, unrealistic_difference
from helpers.bootstrap import make_rng
from helpers.compare import proportion_difference

SMALL = pd.DataFrame({"g": [0] * 6 + [1] * 6, "e": [1, 2, 3, 4, 5, 6, 3, 3.5, 3.5, 4, 4, 3]})


def _frame(seed=0, n=(300, 200), sd=(1.0, 2.0)):
    rng = np.random.default_rng(seed)
    return pd.DataFrame({"g": ["a"] * n[0] + ["b"] * n[1],
                         "v": np.abs(np.concatenate([10 + sd[0] * rng.standard_normal(n[0]),
                                                     10 + sd[1] * rng.standard_normal(n[1])]))})


# Source: frozen from this implementation, checked by hand (SD ddof 1; IQR with numpy's
# linear interpolation): group 0 SD 1.8708, IQR 2.5; group 1 SD 0.4472, IQR 0.75.
def test_spread_frozen():
    out = spread_difference(SMALL, "e", "g", n_boot=200, seed=1).set_index("measure")
    assert out.loc["sd", "estimate_a"] == pytest.approx(1.870829, abs=1e-6)
    assert out.loc["sd", "estimate_b"] == pytest.approx(0.447214, abs=1e-6)
    assert out.loc["iqr", "estimate"] == pytest.approx(1.75)
    assert (out["n_a"] == 6).all() and (out["n_b"] == 6).all()


def test_spread_bootstrap_matches_a_plain_loop():
    df = _frame(3, n=(40, 30))
    out = spread_difference(df, "v", "g", n_boot=300, seed=7).set_index("measure")
    rng = make_rng(7)
    a = df.loc[df.g == "a", "v"].to_numpy()
    b = df.loc[df.g == "b", "v"].to_numpy()
    ia = rng.integers(0, a.size, size=(300, a.size))
    ib = rng.integers(0, b.size, size=(300, b.size))
    d = a[ia].std(axis=1, ddof=1) - b[ib].std(axis=1, ddof=1)
    lo, hi = np.percentile(d, [2.5, 97.5])
    assert out.loc["sd", "ci_low"] == pytest.approx(lo) and out.loc["sd", "ci_high"] == pytest.approx(hi)


def test_spread_interval_covers_known_difference():
    hits = 0
    for s in range(40):
        out = spread_difference(_frame(s), "v", "g", n_boot=400, seed=s).set_index("measure")
        hits += out.loc["sd", "ci_low"] <= -1.0 <= out.loc["sd", "ci_high"]
    assert hits >= 34


def test_relative_to_divides():
    df = SMALL.assign(L=2.0)
    a = spread_difference(df, "e", "g", relative_to="L", n_boot=50, seed=1)
    b = spread_difference(SMALL, "e", "g", n_boot=50, seed=1)
    assert np.allclose(a["estimate"], b["estimate"] / 2)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_brown_forsythe_equals_scipy(seed):
    df = _frame(seed, n=(57, 33))
    ref = stats.levene(df.loc[df.g == "a", "v"], df.loc[df.g == "b", "v"], center="median")
    out = brown_forsythe(df, "v", "g").iloc[0]
    assert out["statistic"] == pytest.approx(ref.statistic, rel=1e-10)
    assert out["p_value"] == pytest.approx(ref.pvalue, rel=1e-8)
    assert (out["df1"], out["df2"], out["n"]) == (1, 88, 90)


def test_brown_forsythe_three_groups_equals_scipy():
    rng = np.random.default_rng(5)
    df = pd.DataFrame({"g": np.repeat(["x", "y", "z"], [20, 25, 30]),
                       "v": rng.gamma(2, 3, 75)})
    ref = stats.levene(*[df.loc[df.g == k, "v"] for k in "xyz"], center="median")
    out = brown_forsythe(df, "v", "g").iloc[0]
    assert out["statistic"] == pytest.approx(ref.statistic) and out["k"] == 3


def test_unrealistic_equals_proportion_difference_by_hand():
    rng = np.random.default_rng(2)
    df = pd.DataFrame({"g": rng.integers(0, 2, 200), "L": rng.choice([5.0, 10.0], 200),
                       "e": rng.gamma(2, 3, 200)})
    out = unrealistic_difference(df, "e", "L", "g", bounds=(0.5, 2.0), levels=[0, 1])
    r = df.e / df.L
    ref = proportion_difference(df.assign(u=((r < 0.5) | (r > 2)).astype(int)), "u", "g", levels=[0, 1])
    for col in ("estimate", "ci_low", "ci_high", "estimate_a", "estimate_b"):
        assert out.loc[0, col] == pytest.approx(ref.loc[0, col])
    assert out.loc[0, "too_fast_a"] == pytest.approx(float((r[df.g == 0] < 0.5).mean()))


def test_surprise_mixture_at_observed_share_equals_overall_share():
    rng = np.random.default_rng(4)
    df = pd.DataFrame({"k": rng.integers(0, 2, 500), "e": rng.gamma(4, 2, 500),
                       "a": rng.gamma(4, 2, 500)})
    pi = df.k.mean()
    out = surprise_mixture(df, "e", "a", "k", informed=1, shares=[pi], tolerance=1)
    assert out.loc[0, "estimate"] == pytest.approx(((df.a - df.e) > 1).mean())
    assert out.loc[0, "ci_low"] < out.loc[0, "estimate"] < out.loc[0, "ci_high"]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(0, 1), min_size=1, max_size=6), st.floats(0, 5))
def test_surprise_mixture_is_linear_and_bounded(shares, tol):
    df = pd.DataFrame({"k": [1, 1, 1, 0, 0, 0, 0], "e": [5, 6, 7, 1, 2, 3, 9],
                       "a": [6, 6, 9, 5, 6, 3, 9]})
    out = surprise_mixture(df, "e", "a", "k", informed=1, shares=shares, tolerance=tol)
    p1, p0 = out.loc[0, "p_informed"], out.loc[0, "p_uninformed"]
    assert np.allclose(out["estimate"], np.array(shares) * p1 + (1 - np.array(shares)) * p0)
    assert ((out["ci_low"] >= 0) & (out["ci_high"] <= 1) & (out["ci_low"] <= out["estimate"] + 1e-12)).all()


@settings(max_examples=30, deadline=None)
@given(st.lists(st.floats(0.1, 50), min_size=6, max_size=30), st.floats(0.1, 10))
def test_spread_is_scale_equivariant(values, c):
    df = pd.DataFrame({"g": [0, 1] * (len(values) // 2), "v": values[: 2 * (len(values) // 2)]})
    a = spread_difference(df, "v", "g", n_boot=20, seed=0)
    b = spread_difference(df.assign(v=df.v * c), "v", "g", n_boot=20, seed=0)
    assert np.allclose(b["estimate"], c * a["estimate"], atol=1e-9)
    assert (a["ci_low"] <= a["ci_high"]).all()


def test_bad_input_names_column_and_rows():
    bad = SMALL.copy().astype({"e": object})
    bad.loc[3, "e"] = "很快"
    with pytest.raises(InputError) as err:
        spread_difference(bad, "e", "g")
    assert err.value.column == "e" and 3 in err.value.rows
    with pytest.raises(InputError, match="两个组"):
        spread_difference(SMALL.assign(g=[0, 1, 2] * 4), "e", "g")
    with pytest.raises(InputError):
        unrealistic_difference(SMALL.assign(L=[0] + [1] * 11), "e", "L", "g")
    with pytest.raises(HelpersError):
        unrealistic_difference(SMALL.assign(L=1), "e", "L", "g", bounds=(2, 1))
    with pytest.raises(InputError):
        surprise_mixture(SMALL.assign(a=1), "e", "a", "g", informed=5, shares=[0.5])
    with pytest.raises(HelpersError):
        surprise_mixture(SMALL.assign(a=1), "e", "a", "g", informed=1, shares=[1.5])
    neg = SMALL.assign(e=-SMALL.e)
    with pytest.raises(InputError):
        brown_forsythe(neg, "e", "g")


def test_missing_values_are_excluded_and_reported():
    df = SMALL.copy()
    df.loc[[2, 8], "e"] = np.nan
    out = spread_difference(df, "e", "g", n_boot=20)
    assert out.loc[0, "n_a"] + out.loc[0, "n_b"] == 10
    assert sorted(out.attrs["excluded"]["missing value"]) == [2, 8]


# ------------------------------------------------------------------ hostile input (fuzz)
from hypothesis import HealthCheck  # noqa: E402

from tests.hostile.test_measures_fuzz import frames  # noqa: E402


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                 HealthCheck.filter_too_much])
@given(frames(["e", "a", "L", "g"], max_rows=10))
def test_fuzz_only_helpers_errors(df):
    calls = [
        lambda: spread_difference(df, "e", "g", n_boot=20),
        lambda: spread_difference(df, "e", "g", relative_to="L", n_boot=20),
        lambda: brown_forsythe(df, "e", "g"),
        lambda: unrealistic_difference(df, "e", "L", "g"),
        lambda: surprise_mixture(df, "e", "a", "g", informed=1, shares=[0, 0.5, 1]),
    ]
    for call in calls:
        try:
            out = call()
        except HelpersError:
            continue
        assert len(out) >= 1


def test_surprise_mixture_change_is_the_scaled_newcombe_difference():
    from helpers.compare import proportion_difference
    rng = np.random.default_rng(5)
    df = pd.DataFrame({"k": rng.integers(0, 2, 400), "e": rng.uniform(1, 20, 400),
                       "a": rng.uniform(1, 20, 400)})
    out = surprise_mixture(df, "e", "a", "k", informed=1, shares=[0, 0.5, 1],
                                     tolerance=2)
    obs = out.loc[0, "observed_share"]
    tmp = df.assign(s=((df["a"] - df["e"]) > 2).astype(int), inf=df["k"] == 1)
    d = proportion_difference(tmp, "s", "inf", levels=[True, False]).iloc[0]
    for i, pi in enumerate([0, 0.5, 1]):
        f = pi - obs
        assert out.loc[i, "change"] == pytest.approx(out.loc[i, "estimate"]
                                                     - (obs * d["estimate_a"] + (1 - obs) * d["estimate_b"]))
        lo, hi = sorted([f * d["ci_low"], f * d["ci_high"]])
        assert out.loc[i, "change_ci_low"] == pytest.approx(lo)
        assert out.loc[i, "change_ci_high"] == pytest.approx(hi)
        assert out.loc[i, "change_ci_low"] <= out.loc[i, "change"] <= out.loc[i, "change_ci_high"]
