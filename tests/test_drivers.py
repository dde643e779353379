"""helpers.drivers: differences of derived importance (paired bootstrap) and estimates vs truth."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import InputError
from helpers.drivers import driver_differences, drivers_vs_truth
from helpers.ipa import derived_importance
from helpers._validate import HelpersError

ATTRS = ["a", "b", "c", "d"]


def _data(n=500, weights=(0.5, 0.45, 0.2, 0.0), halo=0.5, seed=0):
    rng = np.random.default_rng(seed)
    common = rng.normal(size=(n, 1))
    x = halo * common + rng.normal(size=(n, len(weights)))
    y = x @ np.array(weights) + rng.normal(0, 0.8, n)
    df = pd.DataFrame(x, columns=ATTRS[:len(weights)])
    df["overall"] = y
    return df


def test_frozen_values():
    r = driver_differences(_data(), "overall", ATTRS, reference="top", seed=3)
    assert list(r["attribute_a"]) == ["a"] * 3
    assert list(r["attribute_b"]) == ["b", "c", "d"]
    got = r[["estimate", "ci_low", "ci_high"]].round(4).to_numpy().tolist()
    assert got == [[0.0151, -0.0629, 0.0938], [0.1728, 0.0909, 0.26],
                   [0.4099, 0.3212, 0.4988]]
    assert list(r["excludes_zero"]) == [False, True, True]


@pytest.mark.parametrize("method", ["correlation", "regression"])
def test_point_estimates_equal_derived_importance(method):
    df = _data(seed=5)
    d = derived_importance(df, overall="overall", attributes=ATTRS, method=method, scale=None).set_index(
        "attribute")["estimate"]
    r = driver_differences(df, "overall", ATTRS, method=method, n_boot=200)
    for row in r.itertuples():
        assert row.estimate_a == pytest.approx(d[row.attribute_a], abs=1e-10)
        assert row.estimate_b == pytest.approx(d[row.attribute_b], abs=1e-10)
        assert row.estimate == pytest.approx(d[row.attribute_a] - d[row.attribute_b], abs=1e-10)


@pytest.mark.parametrize("method", ["correlation", "regression"])
def test_oracle_scipy_paired_bootstrap(method):
    """Same statistic through scipy.stats.bootstrap(paired=True, percentile): intervals agree
    up to Monte Carlo error."""
    from scipy import stats

    df = _data(n=300, seed=11)
    cols = ["a", "b", "c", "overall"]

    def stat(i, axis=-1):
        i = np.atleast_2d(i)
        out = []
        for idx in i:
            r = np.corrcoef(df[cols].to_numpy()[idx.astype(int)], rowvar=False)
            imp = r[:-1, -1] if method == "correlation" else np.linalg.solve(r[:-1, :-1],
                                                                             r[:-1, -1])
            out.append(imp[0] - imp[1])
        return np.array(out) if len(out) > 1 else out[0]

    res = stats.bootstrap((np.arange(len(df)),), stat, paired=True, vectorized=True,
                          n_resamples=4000, method="percentile",
                          random_state=np.random.default_rng(1))
    r = driver_differences(df, "overall", ["a", "b", "c"], method=method, n_boot=4000, seed=2)
    row = r[(r["attribute_a"] == "a") & (r["attribute_b"] == "b")].iloc[0]
    assert row["ci_low"] == pytest.approx(res.confidence_interval.low, abs=0.012)
    assert row["ci_high"] == pytest.approx(res.confidence_interval.high, abs=0.012)


def test_coverage_of_equal_drivers():
    """Two attributes with the same true weight: the interval of their difference contains 0
    in about 95 % of samples (checked over 60 samples, loosely)."""
    hits = 0
    for s in range(60):
        df = _data(n=250, weights=(0.4, 0.4, 0.1), seed=100 + s)
        r = driver_differences(df, "overall", ["a", "b", "c"], reference="a", n_boot=400, seed=s)
        row = r[r["attribute_b"] == "b"].iloc[0]
        hits += row["ci_low"] <= 0 <= row["ci_high"]
    assert 50 <= hits <= 60


def test_bonferroni_widens_and_all_pairs():
    df = _data()
    plain = driver_differences(df, "overall", ATTRS, seed=4)
    adj = driver_differences(df, "overall", ATTRS, seed=4, adjust="bonferroni")
    assert len(plain) == 6
    assert adj["ci_level"].iloc[0] == pytest.approx(1 - 0.05 / 6)
    assert (adj["ci_low"] <= plain["ci_low"] + 1e-12).all()
    assert (adj["ci_high"] >= plain["ci_high"] - 1e-12).all()


@settings(max_examples=15, deadline=None)
@given(scale=st.floats(0.1, 50), shift=st.floats(-100, 100), col=st.sampled_from(ATTRS),
       method=st.sampled_from(["correlation", "regression"]))
def test_invariant_to_positive_linear_rescaling(scale, shift, col, method):
    """Derived importance is scale-free: rescaling a column changes nothing (same seed)."""
    df = _data(n=120, seed=9)
    moved = df.copy()
    moved[col] = moved[col] * scale + shift
    a = driver_differences(df, "overall", ATTRS, method=method, n_boot=200, seed=7)
    b = driver_differences(moved, "overall", ATTRS, method=method, n_boot=200, seed=7)
    pd.testing.assert_frame_equal(a, b, atol=1e-8, check_exact=False)


def test_swapping_the_pair_mirrors_the_interval():
    df = _data()
    ab = driver_differences(df, "overall", ATTRS, reference="a", seed=8)
    ba = driver_differences(df, "overall", ATTRS, reference="b", seed=8)
    x = ab[ab["attribute_b"] == "b"].iloc[0]
    y = ba[ba["attribute_b"] == "a"].iloc[0]
    assert x["estimate"] == pytest.approx(-y["estimate"])
    assert x["ci_low"] == pytest.approx(-y["ci_high"])
    assert x["ci_high"] == pytest.approx(-y["ci_low"])


def test_missing_rows_are_excluded_and_reported():
    df = _data(n=100)
    df.loc[[3, 7], "b"] = np.nan
    r = driver_differences(df, "overall", ATTRS, n_boot=200)
    assert r["n"].iloc[0] == 98
    assert sorted(r.attrs["excluded"]["row"]) == [3, 7]


def test_errors():
    df = _data(n=50)
    with pytest.raises(HelpersError):
        driver_differences(df, "overall", ATTRS, method="anova")
    with pytest.raises(HelpersError):
        driver_differences(df, "overall", ["a"])
    with pytest.raises(HelpersError):
        driver_differences(df, "overall", ATTRS, reference="zzz")
    with pytest.raises(HelpersError):
        driver_differences(df, "overall", ATTRS, n_boot=10)
    with pytest.raises(HelpersError):
        driver_differences(df, "overall", ["a", "overall"])
    const = df.assign(c=1.0)
    with pytest.raises(InputError, match="'c'"):
        driver_differences(const, "overall", ATTRS)
    with pytest.raises(InputError):
        driver_differences(df.head(4), "overall", ATTRS, method="regression")


def test_drivers_vs_truth():
    df = _data(seed=2)
    derived = pd.concat([derived_importance(df, overall="overall", attributes=ATTRS, method=m, scale=None)
                         for m in ("correlation", "regression")], ignore_index=True)
    truth = pd.DataFrame({"dimension": ATTRS * 2, "method": ["correlation"] * 4
                          + ["regression"] * 4, "truth": [0.5, 0.45, 0.2, 0.1] * 2})
    out = drivers_vs_truth(derived, truth)
    assert list(out.columns) == ["attribute", "method", "estimate", "ci_low", "ci_high", "truth",
                                 "error", "covered", "rank", "truth_rank"]
    assert len(out) == 8
    assert list(out.loc[out["method"] == "correlation", "truth_rank"]) == [1, 2, 3, 4]
    assert out["error"].to_numpy() == pytest.approx((out["estimate"] - out["truth"]).to_numpy())
    with pytest.raises(InputError, match="d"):
        drivers_vs_truth(derived, truth[truth["dimension"] != "d"])
