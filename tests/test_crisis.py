"""helpers.crisis: peaks with wild-bootstrap intervals, the response lag, lagged correlations."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from helpers import HelpersError
from helpers.crisis import lagged_correlation, peak_time, response_lag
from helpers.simulate import crisis_timeline, crisis_timeline_truth


def _curve(n=80, peak=30, width=8.0, height=1000.0):
    t = np.arange(n)
    return t, height * np.exp(-0.5 * ((t - peak) / width) ** 2) + 5


def test_hand_computed_peak_and_lag():
    df = pd.DataFrame({"hour": [10, 11, 12, 13, 14, 15, 16], "posts": [1, 3, 9, 12, 8, 4, 2],
                       "st": [0, 0, 0, 0, 0, 1, 1]})
    p = peak_time(df, time="hour", volume="posts", smooth=1, n_boot=100)
    assert p["estimate"].item() == 13 and p["peak_value"].item() == 12
    p3 = peak_time(df, time="hour", volume="posts", smooth=3, n_boot=100)
    assert p3["peak_value"].item() == pytest.approx((9 + 12 + 8) / 3)
    r = response_lag(df, time="hour", volume="posts", statement="st", smooth=1, n_boot=100)
    assert r.set_index("quantity")["estimate"].to_dict() == {"first_statement": 15,
                                                              "peak": 13, "lag": 2}


def test_interval_covers_the_true_peak_in_most_noisy_draws():
    t, mu = _curve()
    rng = np.random.default_rng(1)
    hits = 0
    for _ in range(60):
        df = pd.DataFrame({"t": t, "y": rng.poisson(mu)})
        p = peak_time(df, time="t", volume="y", n_boot=300, seed=rng).iloc[0]
        hits += p["ci_low"] <= 30 <= p["ci_high"]
    assert hits >= 50


def test_lagged_correlation_equals_scipy_pearsonr():
    rng = np.random.default_rng(3)
    df = pd.DataFrame({"x": rng.normal(size=60), "y": rng.normal(size=60)})
    out = lagged_correlation(df, x="x", y="y", max_lag=5).set_index("lag")
    for k in (-5, -2, 0, 3, 5):
        a = df["x"].to_numpy()[max(0, -k): 60 - max(0, k)]
        b = df["y"].to_numpy()[max(0, k): 60 - max(0, -k)]
        res = stats.pearsonr(a, b)
        ci = res.confidence_interval(0.95)
        assert out.loc[k, "estimate"] == pytest.approx(res.statistic, abs=1e-12)
        assert out.loc[k, "ci_low"] == pytest.approx(ci.low, abs=1e-9)
        assert out.loc[k, "ci_high"] == pytest.approx(ci.high, abs=1e-9)
        assert out.loc[k, "n"] == 60 - abs(k)


@settings(max_examples=20, deadline=None)
@given(shift=st.integers(-6, 6))
def test_a_shifted_copy_peaks_shift_hours_later(shift):
    t, mu = _curve(peak=35)
    later = np.interp(t - shift, t, mu)
    df = pd.DataFrame({"t": t, "a": mu, "b": later})
    p = peak_time(df, time="t", volume=["a", "b"], relative_to="a", n_boot=60).set_index("column")
    assert p.loc["b − a", "estimate"] == shift
    r = lagged_correlation(df, x="a", y="b", max_lag=8)
    assert int(r.loc[r["estimate"].idxmax(), "lag"]) == shift


def test_simulated_timeline_recovers_the_truth():
    truth = crisis_timeline_truth().attrs
    d = crisis_timeline()
    r = response_lag(d, time="hour", volume="posts", statement="statement").set_index("quantity")
    assert r.loc["first_statement", "estimate"] == truth["first_statement_hour"]
    assert abs(r.loc["peak", "estimate"] - truth["peak_posts_hour"]) <= 3
    assert r.loc["lag", "estimate"] > 0


def test_frozen_values():
    r = response_lag(crisis_timeline(), time="hour", volume="posts", statement="statement")
    assert r["estimate"].tolist() == [34.0, 29.0, 5.0]
    assert r["ci_low"].tolist()[1:] == [27.0, 2.0]


def test_bad_input_names_column_and_rows():
    df = pd.DataFrame({"t": [0, 1, 1, 3], "y": [1, 2, 3, 1], "s": [0, 0, 0, 0]})
    with pytest.raises(HelpersError, match="'t'"):
        peak_time(df, time="t", volume="y", n_boot=50)
    df["t"] = [0, 1, 2, 3]
    with pytest.raises(HelpersError, match="'s'"):
        response_lag(df, time="t", volume="y", statement="s", n_boot=50)
    df.loc[2, "y"] = -1
    with pytest.raises(HelpersError, match="'y'"):
        peak_time(df, time="t", volume="y", n_boot=50)
    df.loc[2, "y"] = np.nan
    with pytest.raises(HelpersError, match="'y'"):
        peak_time(df, time="t", volume="y", n_boot=50)
    with pytest.raises(HelpersError, match="relative_to"):
        peak_time(df.fillna(1), time="t", volume="y", relative_to="z", n_boot=50)
    with pytest.raises(HelpersError, match="max_lag"):
        lagged_correlation(pd.concat([df.fillna(1)] * 2, ignore_index=True), x="y", y="t",
                           max_lag=20)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=2)),
                min_size=4, max_size=12))
def test_any_bad_volume_is_a_helpers_error(values):
    df = pd.DataFrame({"t": range(len(values)), "y": values})
    try:
        out = peak_time(df, time="t", volume="y", n_boot=50)
    except HelpersError:
        return
    assert np.isfinite(out["estimate"]).all()
