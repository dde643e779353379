"""Tests of helpers.bootstrap against scipy.stats.bootstrap and closed forms."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from helpers import HelpersError, InputError
from helpers.bootstrap import (
    bootstrap_mean,
    chunk_size,
    interval,
    jackknife_terms,
    make_rng,
    mean_ci,
    mean_difference_ci,
    resample_means,
)


def test_resample_means_match_direct_resampling_and_are_chunk_invariant_in_distribution():
    x = np.random.default_rng(3).normal(size=(30, 3))
    boot = resample_means(x, n_boot=4000, seed=1)
    assert boot.shape == (4000, 3)
    # the bootstrap distribution of the mean has mean x̄ and sd ≈ s·sqrt((n-1)/n)/sqrt(n)
    sd_theory = x.std(axis=0, ddof=0) / np.sqrt(30)
    np.testing.assert_allclose(boot.mean(axis=0), x.mean(axis=0), atol=4 * sd_theory.max() / 60)
    np.testing.assert_allclose(boot.std(axis=0), sd_theory, rtol=0.06)


def test_small_memory_budget_gives_many_chunks_same_distribution_law():
    x = np.random.default_rng(4).normal(size=(200, 2))
    assert chunk_size(200, 1000, max_bytes=200 * 28 * 3) == 3
    a = resample_means(x, n_boot=1000, seed=5, max_bytes=200 * 28 * 3)
    assert np.isfinite(a).all()
    np.testing.assert_allclose(a.std(axis=0), x.std(axis=0) / np.sqrt(200), rtol=0.1)


def test_seed_reproducible():
    x = np.arange(20.0)
    np.testing.assert_array_equal(resample_means(x, n_boot=50, seed=7),
                                  resample_means(x, n_boot=50, seed=7))


def test_nan_mean_per_column():
    x = np.array([[1.0, np.nan], [2.0, 4.0], [3.0, 6.0], [4.0, np.nan]])
    out = mean_ci(x, n_boot=300, seed=0)
    np.testing.assert_allclose(out["estimate"], [2.5, 5.0])
    np.testing.assert_array_equal(out["n"], [4, 2])
    boot = resample_means(x, n_boot=300, seed=0)
    assert np.nanmin(boot[:, 1]) >= 4 and np.nanmax(boot[:, 1]) <= 6


@pytest.mark.parametrize("method", ["percentile", "BCa"])
def test_interval_equals_scipy_given_the_same_bootstrap_distribution(method):
    """Feeding scipy's own bootstrap distribution to `interval` reproduces scipy exactly."""
    x = np.random.default_rng(0).exponential(size=25)
    res = stats.bootstrap((x,), np.mean, n_resamples=999, method=method,
                          rng=np.random.default_rng(1))
    jack = jackknife_terms(x) if method == "BCa" else None
    lo, hi = interval(res.bootstrap_distribution[:, None], np.array([x.mean()]), method=method,
                      jackknife=jack)
    assert lo[0] == pytest.approx(res.confidence_interval.low, abs=1e-12)
    assert hi[0] == pytest.approx(res.confidence_interval.high, abs=1e-12)


def test_two_sample_bca_equals_scipy_given_the_same_distribution():
    rng = np.random.default_rng(2)
    a, b = rng.exponential(size=15), rng.exponential(size=20) + 0.5

    def diff(before, after, axis=-1):
        return np.mean(after, axis=axis) - np.mean(before, axis=axis)

    res = stats.bootstrap((a, b), diff, n_resamples=999, method="BCa",
                          rng=np.random.default_rng(3))
    na, da = jackknife_terms(a)
    nb, db = jackknife_terms(b)
    lo, hi = interval(res.bootstrap_distribution[:, None], np.array([b.mean() - a.mean()]),
                      method="BCa", jackknife=(nb - na, db + da))
    assert lo[0] == pytest.approx(res.confidence_interval.low, abs=1e-12)
    assert hi[0] == pytest.approx(res.confidence_interval.high, abs=1e-12)


@pytest.mark.parametrize("method", ["percentile", "BCa"])
def test_engine_agrees_with_scipy_within_monte_carlo_error(method):
    x = np.random.default_rng(11).gamma(2.0, size=150)
    ref = stats.bootstrap((x,), np.mean, n_resamples=9999, method=method,
                          rng=np.random.default_rng(12))
    out = mean_ci(x, n_boot=9999, method=method, seed=13)
    se = x.std(ddof=1) / np.sqrt(x.size)
    assert out["ci_low"][0] == pytest.approx(ref.confidence_interval.low, abs=0.15 * se)
    assert out["ci_high"][0] == pytest.approx(ref.confidence_interval.high, abs=0.15 * se)


def test_mean_difference_independent_resampling():
    rng = np.random.default_rng(5)
    before, after = rng.normal(0, 1, size=(80, 2)), rng.normal(0.5, 1, size=(120, 2))
    out = mean_difference_ci(before, after, n_boot=3000, method="percentile", seed=1)
    np.testing.assert_allclose(out["estimate"], after.mean(0) - before.mean(0))
    se = np.sqrt(before.var(0, ddof=0) / 80 + after.var(0, ddof=0) / 120)
    np.testing.assert_allclose(out["se"], se, rtol=0.08)
    np.testing.assert_array_equal(out["n_before"], [80, 80])


@pytest.mark.parametrize("method", ["BCa", "percentile"])
def test_degenerate_bootstrap_gives_nan_interval(method):
    # constant data, a single answer, a column with no answer: no interval, not a zero-width one
    x = np.array([[3.0, 1.0, np.nan, 2.0],
                  [3.0, np.nan, np.nan, 5.0],
                  [3.0, np.nan, np.nan, 4.0]])
    out = mean_ci(x, n_boot=200, method=method)
    np.testing.assert_array_equal(out["estimate"][:2], [3.0, 1.0])
    assert np.isnan(out["ci_low"][:3]).all() and np.isnan(out["ci_high"][:3]).all()
    assert out["ci_low"][3] < out["ci_high"][3]
    np.testing.assert_array_equal(out["n"], [3, 1, 0, 3])
    diff = mean_difference_ci(x[:1], x[1:], n_boot=200, method=method)
    assert np.isnan(diff["ci_low"]).all()                   # one respondent before


def test_array_inputs_and_options_are_checked():
    for bad in (np.array(["a", "b"]), np.array([True, False]), [1.0, np.inf], [[[1.0]]]):
        with pytest.raises(HelpersError):                   # InputError is a HelpersError
            mean_ci(bad, n_boot=10)
    for n_boot in (0, True, 2.5, "10"):
        with pytest.raises(HelpersError):
            mean_ci(np.arange(5.0), n_boot=n_boot)
    assert mean_ci(np.arange(5.0), n_boot=np.int64(20), seed=np.int64(3))["n"][0] == 5
    for seed in (True, -1, 1.5, "0"):
        with pytest.raises(HelpersError):
            make_rng(seed)
    with pytest.raises(HelpersError):
        interval(np.zeros((10, 2)), np.zeros(3), method="percentile")


def test_bootstrap_mean_reports_missing_and_codes():
    df = pd.DataFrame({"a": [1.0, None, 3, 4], "b": [2.0, 3, 99, 4]})
    out = bootstrap_mean(df, ["a", "b"], n_boot=100)
    assert out["n"].tolist() == [3, 4]
    assert out.attrs["excluded"]["row"].tolist() == [1]
    with pytest.raises(InputError) as err:
        bootstrap_mean(df, ["a", "b"], scale=(1, 7))
    assert err.value.column == "b" and err.value.rows == [2]
    with pytest.raises(HelpersError):
        bootstrap_mean(df, "a")


def test_bootstrap_mean_frame_and_errors():
    df = pd.DataFrame({"a": [1.0, 2, 3, 4], "b": ["x", 1, 2, 3]})
    with pytest.raises(InputError) as err:
        bootstrap_mean(df, ["a", "b"])
    assert "'b'" in str(err.value) and "0" in str(err.value)
    out = bootstrap_mean(df, ["a"], n_boot=200)
    assert list(out.columns) == ["column", "estimate", "ci_low", "ci_high", "n"]


def test_bad_method():
    with pytest.raises(ValueError, match="method"):
        mean_ci(np.arange(5.0), method="basic")  # type: ignore[arg-type]


@settings(max_examples=25, deadline=None)
@given(st.lists(st.integers(1, 7), min_size=5, max_size=40), st.sampled_from(["BCa", "percentile"]))
def test_interval_contains_estimate(values, method):
    x = np.array(values, dtype=float)
    out = mean_ci(x, n_boot=400, method=method, seed=0)
    if len(set(values)) == 1:                               # no spread: no interval
        assert np.isnan(out["ci_low"][0]) and np.isnan(out["ci_high"][0])
        return
    assert out["ci_low"][0] <= out["estimate"][0] + 1e-12
    assert out["estimate"][0] <= out["ci_high"][0] + 1e-12
