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


# ---------------------------------------------------------------- promise_time, window_staffing
from helpers.queueing import promise_time, window_staffing  # noqa: E402


def _simulate_mmn(lam, h, n, customers=60_000, seed=0):
    """Independent check: discrete-event simulation of an M/M/N queue (FCFS, one queue)."""
    import heapq
    rng = np.random.default_rng(seed)
    arrivals = np.cumsum(rng.exponential(1 / lam, customers))
    service = rng.exponential(h, customers)
    free = [0.0] * n
    heapq.heapify(free)
    waits = np.empty(customers)
    for i, (t, s) in enumerate(zip(arrivals, service)):
        start = max(t, heapq.heappop(free))
        waits[i] = start - t
        heapq.heappush(free, start + s)
    return waits[customers // 10:]


def test_promise_inverts_the_service_level():
    out = promise_time(100 / 30, 3, [13, 14, 15, 20], exceed=0.1)
    for _, row in out.iterrows():
        sl = erlang_c(100 / 30, 3, int(row["agents"]), row["promise"]).loc[0, "service_level"]
        if row["p_wait"] > 0.1:
            assert sl == pytest.approx(0.9, abs=1e-9)
        else:
            assert row["promise"] == 0 and sl >= 0.9


def test_promise_and_waits_match_a_simulation():
    lam, h, n = 1.0, 3.0, 5            # 60 per hour, 3 minutes, 5 windows: A = 3, ρ = 0.6
    waits = _simulate_mmn(lam, h, n, customers=200_000, seed=1)
    row = promise_time(lam, h, n, exceed=0.1).iloc[0]
    assert np.mean(waits > 0) == pytest.approx(row["p_wait"], abs=0.015)
    assert np.quantile(waits, 0.9) == pytest.approx(row["promise"], rel=0.1)
    table = window_staffing(60, h, 2, [n]).iloc[0]
    assert waits.mean() == pytest.approx(table["mean_wait"], rel=0.1)
    assert np.mean(waits > 2) == pytest.approx(table["share_over_promise"], abs=0.015)


def test_window_staffing_equals_erlang_c_in_hourly_units():
    t = window_staffing(40, 12, 15, [8, 9, 10, 11], cost_per_window_hour=60)
    ref = erlang_c(40 / 60, 12, [8, 9, 10, 11], 15)
    assert t["stable"].tolist() == [False, True, True, True]
    np.testing.assert_allclose(t["p_wait"][1:], ref["p_wait"][1:])
    np.testing.assert_allclose(t["share_over_promise"][1:], 1 - ref["service_level"][1:])
    np.testing.assert_allclose(t["wait_minutes_per_hour"][1:], 40 * ref["asa"][1:])
    assert math.isnan(t["wait_saved"][1]) and math.isnan(t["wait_saved"][0])
    assert t["wait_saved"][2] == pytest.approx(40 * (ref["asa"][1] - ref["asa"][2]))
    assert t["cost_per_hour_saved"][2] == pytest.approx(60 / (t["wait_saved"][2] / 60))
    assert t["cost_per_hour"].tolist() == [480, 540, 600, 660]


@settings(max_examples=40, deadline=None)
@given(st.floats(5, 120), st.floats(2, 20), st.floats(0.01, 0.5))
def test_more_windows_never_wait_longer(arrivals, handle, exceed):
    a = arrivals * handle / 60
    ns = list(range(int(a) + 1, int(a) + 8))
    t = window_staffing(arrivals, handle, 10, ns)
    assert (np.diff(t["mean_wait"]) <= 1e-12).all()
    assert (np.diff(t["share_over_promise"]) <= 1e-12).all()
    assert (t["wait_saved"].dropna() >= -1e-9).all()
    p = promise_time(arrivals / 60, handle, ns, exceed=exceed)
    assert (np.diff(p["promise"]) <= 1e-9).all() and (p["promise"] >= 0).all()


def test_promise_and_staffing_bad_input():
    with pytest.raises(HelpersError):
        promise_time(1, 3, 5, exceed=1.0)
    with pytest.raises(HelpersError):
        window_staffing(-1, 12, 10, [5])
    with pytest.raises(HelpersError):
        window_staffing(40, 12, 10, [])
    assert math.isinf(promise_time(10, 1, 5).loc[0, "promise"])
