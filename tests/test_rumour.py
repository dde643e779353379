"""helpers.rumour: the classic Daley–Kendall result, solve_ivp as reference, monotone properties."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.integrate import solve_ivp
from scipy.optimize import brentq

from helpers import HelpersError
from helpers.rumour import DK_THETA, rumour_curve, rumour_summary


def test_theta_is_the_root_of_the_classic_equation():
    theta = brentq(lambda x: x - np.exp(-2 * (1 - x)), 0.01, 0.9)
    assert DK_THETA == pytest.approx(theta, abs=1e-12)
    assert DK_THETA == pytest.approx(0.203188, abs=1e-6)       # Daley & Kendall (1965)


def test_no_release_gives_the_classic_share_who_never_hear():
    c = rumour_curve(release_delay=None, hours=500, initial_spreaders=1e-7)
    assert c["ignorant"].iloc[-1] == pytest.approx(DK_THETA, abs=5e-4)
    assert c["spreader"].iloc[-1] < 1e-6
    np.testing.assert_allclose(c[["ignorant", "spreader", "stifler"]].sum(axis=1), 1, atol=1e-9)


def test_equals_solve_ivp_on_the_same_equations():
    beta, kappa, iota, delay, s0 = 0.25, 0.15, 0.05, 10.0, 0.001

    def f(t, y):
        i, s, r = y
        a = 1.0 if t >= delay else 0.0
        return [-beta * i * s - iota * a * i,
                beta * i * s - beta * s * (s + r) - kappa * a * s,
                beta * s * (s + r) + kappa * a * s + iota * a * i]

    # integrate in two pieces so the switch at the release is exact
    first = solve_ivp(f, (0, delay), [1 - s0, s0, 0], t_eval=np.arange(delay + 1), rtol=1e-10,
                      atol=1e-12)
    second = solve_ivp(f, (delay, 72), first.y[:, -1], t_eval=np.arange(delay, 73), rtol=1e-10,
                       atol=1e-12)
    ref = np.hstack([first.y[:, :-1], second.y])
    c = rumour_curve(release_delay=delay, regular=True, hours=72, step=0.05)
    np.testing.assert_allclose(c["spreader"], ref[1], atol=1e-6)
    np.testing.assert_allclose(c["ignorant"], ref[0], atol=1e-6)


def test_frozen_values():
    s = rumour_summary(rumour_curve(release_delay=12, regular=True)).iloc[0]
    assert s["reach"] == pytest.approx(0.0685, abs=2e-4)
    assert s["peak_hour"] == 16


@settings(max_examples=20, deadline=None)
@given(d1=st.floats(0, 60), d2=st.floats(0, 60), regular=st.booleans())
def test_a_longer_delay_never_reduces_the_reach(d1, d2, regular):
    lo, hi = sorted((d1, d2))
    a = rumour_summary(rumour_curve(release_delay=lo, regular=regular, hours=120)).iloc[0]
    b = rumour_summary(rumour_curve(release_delay=hi, regular=regular, hours=120)).iloc[0]
    assert a["reach"] <= b["reach"] + 1e-9
    assert a["rumour_calls"] <= b["rumour_calls"] + 1e-6


@settings(max_examples=15, deadline=None)
@given(delay=st.floats(0, 60))
def test_regular_briefings_never_do_worse_than_one_release(delay):
    reg = rumour_summary(rumour_curve(release_delay=delay, regular=True, hours=120)).iloc[0]
    one = rumour_summary(rumour_curve(release_delay=delay, regular=False, hours=120)).iloc[0]
    none = rumour_summary(rumour_curve(release_delay=None, hours=120)).iloc[0]
    assert reg["reach"] <= one["reach"] + 1e-9 <= none["reach"] + 2e-9


def test_bad_options_are_errors():
    for kw in ({"spread_rate": 0}, {"initial_spreaders": 1.5}, {"release_delay": -1},
               {"step": 0.3}, {"regular": "yes"}, {"hours": float("nan")}):
        with pytest.raises(HelpersError):
            rumour_curve(**kw)


# ---- releases repeated every `release_every` hours (专题三) ----

FROZEN_DAILY_REACH = 0.1445

def test_repeated_releases_equal_solve_ivp_piecewise():
    beta, kappa, iota, delay, every, mem, s0 = 0.25, 0.15, 0.05, 10.0, 8.0, 6.0, 0.001

    def f(t, y, last):
        i, s, r = y
        a = 0.0 if last is None else np.exp(-(t - last) / mem)
        return [-beta * i * s - iota * a * i,
                beta * i * s - beta * s * (s + r) - kappa * a * s,
                beta * s * (s + r) + kappa * a * s + iota * a * i]

    y = [1 - s0, s0, 0]
    first = solve_ivp(lambda t, y: f(t, y, None), (0, delay), y, t_eval=np.arange(delay + 1),
                      rtol=1e-10, atol=1e-12)
    pieces, y = [first.y[:, :-1]], first.y[:, -1]
    for start in np.arange(delay, 58, every):
        end = min(start + every, 58)
        sol = solve_ivp(lambda t, y, s=start: f(t, y, s), (start, end), y,
                        t_eval=np.arange(start, end + 1), rtol=1e-10, atol=1e-12)
        pieces.append(sol.y[:, :-1] if end < 58 else sol.y)
        y = sol.y[:, -1]
    ref = np.hstack(pieces)
    c = rumour_curve(release_delay=delay, release_every=every, memory_hours=mem, hours=58,
                     step=0.05)
    np.testing.assert_allclose(c["spreader"], ref[1], atol=1e-6)
    np.testing.assert_allclose(c["ignorant"], ref[0], atol=1e-6)
    assert c.set_index("hour").loc[[10.0, 18.0, 26.0], "official"].tolist() == [1.0, 1.0, 1.0]


def test_a_release_interval_longer_than_the_period_is_one_release():
    once = rumour_curve(release_delay=12, regular=False, hours=96)
    rare = rumour_curve(release_delay=12, release_every=500, hours=96)
    np.testing.assert_allclose(rare["heard"], once["heard"], atol=1e-12)


def test_frozen_value_daily_releases():
    s = rumour_summary(rumour_curve(release_delay=12, release_every=24)).iloc[0]
    assert s["reach"] == pytest.approx(FROZEN_DAILY_REACH, abs=2e-4)
    assert s["peak_hour"] == 25          # a second, smaller wave after the first release fades


@settings(max_examples=15, deadline=None)
@given(delay=st.floats(0, 48), e1=st.floats(2, 72), e2=st.floats(2, 72))
def test_more_frequent_releases_never_increase_the_reach(delay, e1, e2):
    lo, hi = sorted((e1, e2))
    a = rumour_summary(rumour_curve(release_delay=delay, release_every=lo, hours=120)).iloc[0]
    b = rumour_summary(rumour_curve(release_delay=delay, release_every=hi, hours=120)).iloc[0]
    assert a["reach"] <= b["reach"] + 1e-9


def test_bad_release_interval_is_an_error():
    for bad in (0, -4, float("nan"), "daily"):
        with pytest.raises(HelpersError, match="release_every"):
            rumour_curve(release_every=bad)
