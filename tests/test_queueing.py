"""Tests of helpers.queueing (Erlang C)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from helpers._validate import HelpersError
from helpers.queueing import erlang_c, required_agents


def _reference_p_wait(a: float, n: int) -> float:
    """Erlang C from the textbook sum (exact rational arithmetic for small N)."""
    from fractions import Fraction
    a_f = Fraction(a).limit_denominator(10**9)
    tail = a_f**n / math.factorial(n) * Fraction(n) / (n - a_f)
    head = sum(a_f**k / math.factorial(k) for k in range(n))
    return float(tail / (head + tail))


def test_worked_table_9_1():
    out = erlang_c(100 / 30, 3, [13, 14, 15], 0.33)
    np.testing.assert_allclose(out["p_wait"], [0.2853, 0.1741, 0.1020], atol=5e-5)
    np.testing.assert_allclose(out["service_level"], [0.7949, 0.8879, 0.9411], atol=5e-5)
    np.testing.assert_allclose(out["occupancy"], [0.769, 0.714, 0.667], atol=5e-4)
    np.testing.assert_allclose(out["asa"] * 60, [17.1, 7.84, 3.67], atol=0.05)


def test_worked_case_13():
    row = erlang_c(100 / 30, 3, 14, 0.33).iloc[0]
    assert row["traffic"] == pytest.approx(10)
    assert row["p_wait"] == pytest.approx(0.1741, abs=5e-5)
    assert row["service_level"] == pytest.approx(0.888, abs=5e-4)
    assert row["occupancy"] == pytest.approx(0.714, abs=5e-4)
    assert row["asa"] == pytest.approx(0.1306, abs=5e-5)


def test_worked_case_14_staffing():
    out = required_agents(100 / 30, 3, 0.33, service_level=0.8, max_occupancy=0.85,
                          shrinkage=0.3).iloc[0]
    assert out["agents"] == 14
    assert out["agents_scheduled"] == 20
    assert out["service_level"] == pytest.approx(0.888, abs=5e-4)
    assert out["occupancy"] == pytest.approx(0.714, abs=5e-4)
    assert out["p_wait"] == pytest.approx(0.174, abs=5e-4)
    assert required_agents(100 / 30, 3, 0.33)["agents_scheduled"].iloc[0] == 14


def test_occupancy_cap_binds():
    # SL alone needs few agents when the target time is long; the occupancy cap then binds
    out = required_agents(10, 1, 100, service_level=0.5, max_occupancy=0.5).iloc[0]
    assert out["agents"] == 20 and out["occupancy"] <= 0.5


@pytest.mark.parametrize("a,n", [(0.5, 1), (2.7, 4), (10, 14), (25.3, 31), (80, 95)])
def test_against_textbook_sum(a, n):
    row = erlang_c(a, 1, n, 0.2).iloc[0]
    assert row["p_wait"] == pytest.approx(_reference_p_wait(a, n), rel=1e-9)


def test_large_n_matches_poisson_reference_without_overflow():
    a, n = 1900.0, 2000
    row = erlang_c(a, 1, n, 0.01).iloc[0]
    b = stats.poisson.pmf(n, a) / stats.poisson.cdf(n, a)   # Erlang B via Poisson
    c = n * b / (n - a * (1 - b))
    assert np.isfinite(row["p_wait"]) and row["p_wait"] == pytest.approx(c, rel=1e-8)
    assert 0 < row["service_level"] < 1


def test_unstable_rows_flagged():
    out = erlang_c(10, 1, [5, 10, 11], 0.1)
    assert out["stable"].tolist() == [False, False, True]
    assert out["p_wait"].iloc[0] == 1.0 and math.isinf(out["asa"].iloc[0])
    assert out["service_level"].iloc[0] == 0.0


def test_order_of_agents_is_kept():
    out = erlang_c(5, 1, [9, 6, 7], 0.1)
    assert out["agents"].tolist() == [9, 6, 7]


def test_bad_inputs():
    with pytest.raises(HelpersError, match="handle_time"):
        erlang_c(1, 0, 3, 0.1)
    with pytest.raises(HelpersError, match="arrival_rate"):
        erlang_c(-1, 1, 3, 0.1)
    with pytest.raises(HelpersError, match="agents"):
        erlang_c(1, 1, 2.5, 0.1)
    with pytest.raises(HelpersError, match="agents"):
        erlang_c(1, 1, [], 0.1)
    with pytest.raises(HelpersError, match="target_time"):
        erlang_c(1, 1, 3, "soon")
    with pytest.raises(HelpersError, match="service_level"):
        required_agents(1, 1, 0.1, service_level=1.2)
    with pytest.raises(HelpersError, match="shrinkage"):
        required_agents(1, 1, 0.1, shrinkage=1)
    with pytest.raises(HelpersError, match="max_occupancy"):
        required_agents(1, 1, 0.1, max_occupancy=0)
    with pytest.raises(HelpersError, match="max_agents"):
        required_agents(1000, 1, 0.1, max_agents=50)


@settings(max_examples=60, deadline=None)
@given(a=st.floats(0.1, 150), t=st.floats(0, 2), extra=st.integers(1, 40))
def test_property_service_level_rises_with_agents(a, t, extra):
    n0 = int(math.floor(a)) + 1
    out = erlang_c(a, 1, list(range(n0, n0 + extra + 1)), t)
    sl = out["service_level"].to_numpy()
    pw = out["p_wait"].to_numpy()
    assert np.all(np.diff(sl) >= -1e-12)
    assert np.all(np.diff(pw) <= 1e-12)
    assert np.all((0 <= pw) & (pw <= 1)) and np.all((0 <= sl) & (sl <= 1))


@settings(max_examples=40, deadline=None)
@given(lam=st.floats(0.1, 50), h=st.floats(0.1, 5), t=st.floats(0.01, 1),
       sl=st.floats(0.5, 0.95))
def test_property_required_is_minimal(lam, h, t, sl):
    out = required_agents(lam, h, t, service_level=sl).iloc[0]
    n = int(out["agents"])
    assert out["service_level"] >= sl
    if n - 1 > lam * h:
        assert erlang_c(lam, h, n - 1, t)["service_level"].iloc[0] < sl
