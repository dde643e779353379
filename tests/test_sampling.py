"""Tests of helpers.sampling (margin of error, Cochran sample size)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from helpers._validate import HelpersError
from helpers.sampling import margin_of_error, sample_size


def test_worked_case_16_rounded_z():
    out = sample_size(0.05, z=1.96, population=[None, 10_000])
    assert out["n0"].iloc[0] == pytest.approx(384.16)
    assert out["n"].tolist() == [385, 370]
    assert out["n_exact"].iloc[1] == pytest.approx(369.98, abs=0.005)


def test_worked_case_16_exact_z():
    out = sample_size(0.05)
    assert out["z"].iloc[0] == pytest.approx(1.959964, abs=1e-6)
    assert out["n0"].iloc[0] == pytest.approx(384.146, abs=5e-4)
    assert out["n"].iloc[0] == 385
    assert sample_size(0.05, population=10_000)["n"].iloc[0] == 370


def test_ci_levels_use_normal_quantiles():
    for ci, z in ((0.90, 1.645), (0.95, 1.960), (0.99, 2.576)):
        assert margin_of_error(0.5, 100, ci=ci)["z"].iloc[0] == pytest.approx(z, abs=5e-4)


def test_margin_reference_and_fpc():
    out = margin_of_error(0.3, 200).iloc[0]
    ref = stats.norm.ppf(0.975) * np.sqrt(0.3 * 0.7 / 200)
    assert out["margin"] == pytest.approx(ref)
    assert (out["ci_low"], out["ci_high"]) == pytest.approx((0.3 - ref, 0.3 + ref))
    fpc = margin_of_error(0.3, 200, population=1000)["margin"].iloc[0]
    assert fpc == pytest.approx(ref * np.sqrt(800 / 999))
    assert margin_of_error(0.3, 1000, population=1000)["margin"].iloc[0] == 0


def test_round_trip_margin_sample_size():
    n = sample_size(0.03, p=0.8, population=5000)["n"].iloc[0]
    assert margin_of_error(0.8, n, population=5000)["margin"].iloc[0] <= 0.03
    assert margin_of_error(0.8, n - 1, population=5000)["margin"].iloc[0] > 0.03


def test_exact_integer_not_rounded_up_by_noise():
    # z chosen so that n0 is an exact integer up to floating noise: z²·0.25/0.1² = 100
    assert sample_size(0.1, z=2.0)["n"].iloc[0] == 100


def test_bad_inputs():
    with pytest.raises(HelpersError, match="margin"):
        sample_size(0)
    with pytest.raises(HelpersError, match="margin"):
        sample_size(1.5)
    with pytest.raises(HelpersError, match="p "):
        sample_size(0.05, p=1.2)
    with pytest.raises(HelpersError, match="ci"):
        sample_size(0.05, ci=95)
    with pytest.raises(HelpersError, match="population"):
        sample_size(0.05, population=0)
    with pytest.raises(HelpersError, match="n "):
        margin_of_error(0.5, 0)
    with pytest.raises(HelpersError, match="exceed"):
        margin_of_error(0.5, 200, population=100)
    with pytest.raises(HelpersError, match="p "):
        margin_of_error("half", 100)
    with pytest.raises(HelpersError, match="incompatible"):
        margin_of_error([0.1, 0.2], [10, 20, 30])


@settings(max_examples=80, deadline=None)
@given(e1=st.floats(0.005, 0.5), shrink=st.floats(0.1, 0.99), p=st.floats(0.01, 0.99),
       pop=st.one_of(st.none(), st.integers(10, 10**7)))
def test_property_n_grows_as_margin_shrinks(e1, shrink, p, pop):
    big = sample_size(e1, p=p, population=pop)["n"].iloc[0]
    small = sample_size(e1 * shrink, p=p, population=pop)["n"].iloc[0]
    assert small >= big >= 1
    if pop is not None:
        assert big <= pop


@settings(max_examples=60, deadline=None)
@given(p=st.floats(0, 1), n=st.integers(1, 10**6))
def test_property_interval_contains_p(p, n):
    out = margin_of_error(p, n).iloc[0]
    assert 0 <= out["ci_low"] <= p <= out["ci_high"] <= 1
    assert out["margin"] >= 0


def test_tiny_margin_is_an_error_not_a_garbage_integer():
    from helpers import HelpersError
    from helpers.sampling import sample_size
    with pytest.raises(HelpersError, match="margin too small"):
        sample_size(1e-200)
