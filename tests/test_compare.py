"""helpers.compare: intervals of differences, checked against statsmodels and scipy."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import InputError
from helpers.compare import mean_difference, proportion_difference


def _props(k1, n1, k2, n2):
    return pd.DataFrame({"g": ["a"] * n1 + ["b"] * n2,
                         "y": [1] * k1 + [0] * (n1 - k1) + [1] * k2 + [0] * (n2 - k2)})


# Source: Newcombe (1998), Statistics in Medicine 17:873-890, Table II, example (a):
# 56/70 vs 48/80, method 10 -> 0.0524 to 0.3339
def test_newcombe_frozen_published_example():
    r = proportion_difference(_props(56, 70, 48, 80), "y", "g")
    assert r.loc[0, "estimate"] == pytest.approx(0.2)
    assert r.loc[0, "ci_low"] == pytest.approx(0.0524, abs=5e-4)
    assert r.loc[0, "ci_high"] == pytest.approx(0.3339, abs=5e-4)
    assert r.loc[0, "excludes_zero"]


@pytest.mark.parametrize("k1,n1,k2,n2", [(6, 10, 2, 10), (0, 15, 3, 20), (30, 30, 12, 40),
                                         (250, 600, 190, 600)])
def test_newcombe_oracle_statsmodels(k1, n1, k2, n2):
    sm = pytest.importorskip("statsmodels.stats.proportion")
    lo, hi = sm.confint_proportions_2indep(k1, n1, k2, n2, method="newcomb", compare="diff")
    r = proportion_difference(_props(k1, n1, k2, n2), "y", "g")
    assert r.loc[0, "ci_low"] == pytest.approx(lo, abs=1e-12)
    assert r.loc[0, "ci_high"] == pytest.approx(hi, abs=1e-12)


def test_overlapping_intervals_yet_difference_excludes_zero():
    """The teaching point: separate 95 % intervals overlap, the interval of the difference does not hold 0."""
    from helpers.ratings import _wilson
    k1, n1, k2, n2 = 250, 600, 215, 600
    lo, hi = _wilson(np.array([k1, k2]), np.array([n1, n2]), 0.95)
    assert lo[0] < hi[1]                      # the two intervals overlap
    r = proportion_difference(_props(k1, n1, k2, n2), "y", "g")
    assert r.loc[0, "excludes_zero"]


def test_welch_oracle_scipy():
    scipy_stats = pytest.importorskip("scipy.stats")
    rng = np.random.default_rng(3)
    a, b = rng.normal(5, 1, 40), rng.normal(4.6, 2, 25)
    df = pd.DataFrame({"g": ["a"] * 40 + ["b"] * 25, "x": np.r_[a, b]})
    r = mean_difference(df, "x", "g")
    ref = scipy_stats.ttest_ind(a, b, equal_var=False).confidence_interval(0.95)
    assert r.loc[0, "ci_low"] == pytest.approx(ref.low, rel=1e-10)
    assert r.loc[0, "ci_high"] == pytest.approx(ref.high, rel=1e-10)


def test_pairs_reference_and_bonferroni():
    rng = np.random.default_rng(0)
    df = pd.DataFrame({"g": np.repeat(["x", "y", "z"], 50), "x": rng.normal(size=150)})
    all_pairs = mean_difference(df, "x", "g")
    assert list(zip(all_pairs.group_a, all_pairs.group_b)) == [("x", "y"), ("x", "z"), ("y", "z")]
    adj = mean_difference(df, "x", "g", adjust="bonferroni")
    assert adj.ci_level.iloc[0] == pytest.approx(1 - 0.05 / 3)
    assert ((adj.ci_high - adj.ci_low) > (all_pairs.ci_high - all_pairs.ci_low)).all()
    ref = mean_difference(df, "x", "g", reference="x")
    assert list(ref.group_b) == ["x", "x"]


def test_missing_values_are_reported_not_silently_dropped():
    df = pd.DataFrame({"g": [1, 1, 1, 2, 2, None], "y": [1, 0, None, 1, 1, 0]})
    r = proportion_difference(df, "y", "g")
    assert r.attrs["excluded"] == {"missing group": [5], "missing value": [2]}
    assert r.loc[0, "n_a"] + r.loc[0, "n_b"] + 2 == r.attrs["rows_in"]


@pytest.mark.parametrize("frame,msg", [
    (pd.DataFrame({"g": [1, 1, 2], "y": [1, 2, 0]}), "0/1"),
    (pd.DataFrame({"g": [1, 1, 1], "y": [1, 0, 0]}), "two groups"),
    (pd.DataFrame({"g": [1, 2, 2], "y": ["x", 0, 1]}), "non-numeric"),
])
def test_bad_input(frame, msg):
    with pytest.raises(InputError, match=msg):
        proportion_difference(frame, "y", "g")


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["a", "b", "c"]), st.integers(0, 1)), min_size=2,
                max_size=60))
def test_property_interval_contains_estimate(rows):
    df = pd.DataFrame(rows, columns=["g", "y"])
    try:
        r = proportion_difference(df, "y", "g")
    except InputError:
        return
    assert ((r.ci_low <= r.estimate + 1e-12) & (r.estimate <= r.ci_high + 1e-12)).all()
    assert ((r.ci_low >= -1 - 1e-12) & (r.ci_high <= 1 + 1e-12)).all()
    assert r.n_a.sum() + r.n_b.sum() >= len(r) * 2
