"""helpers.event_study: against statsmodels fitted directly, hand computations, properties, bad input."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy import stats

from helpers import HelpersError, InputError
from helpers import event_study as es
from helpers.simulate import epidemic_event_truth, epidemic_releases, epidemic_timeline
from helpers.simulate.datasets import offset_seed


def _series(n=80, seed=0, bump=None):
    rng = np.random.default_rng(seed)
    days = pd.date_range("2024-01-01", periods=n)
    mu = 400 * np.exp(0.004 * np.arange(n)) * np.where(days.day_of_week >= 5, 0.8, 1.0)
    y = rng.poisson(mu)
    if bump:
        for day, extra in bump.items():
            y[day] += extra
    return pd.DataFrame({"date": days, "calls": y, "anxious": rng.binomial(y, 0.2)})


def _design(days, idx):
    t = np.arange(len(days), dtype=float)[idx]
    wd = days.day_of_week.to_numpy()[idx]
    return np.column_stack([np.ones(len(idx)), t] + [(wd == k).astype(float) for k in range(1, 7)])


def test_counts_equal_statsmodels_fitted_directly():
    data = _series(bump={60: 250, 61: 120})
    events = pd.DataFrame({"event": ["E"], "event_time": ["2024-03-01 15:30"]})   # day 60
    res = es.abnormal_counts(data, events, count="calls", window=(-2, 3), estimation=30)
    days = pd.DatetimeIndex(data["date"])
    est, win = np.arange(28, 58), np.arange(58, 64)
    fit = sm.GLM(data["calls"].to_numpy()[est], _design(days, est),
                 family=sm.families.Poisson()).fit(scale="X2")
    pred = fit.get_prediction(_design(days, win)).summary_frame()
    np.testing.assert_allclose(res["expected"], pred["mean"], rtol=1e-8)
    # prediction variance (delta method) + quasi-Poisson variance of the count
    var = pred["mean_se"].to_numpy() ** 2 + fit.scale * pred["mean"].to_numpy()
    z = stats.norm.ppf(0.975)
    np.testing.assert_allclose(res["ci_high"] - res["abnormal"], z * np.sqrt(var), rtol=1e-6)
    np.testing.assert_allclose(res["abnormal"], data["calls"].to_numpy()[win] - pred["mean"])
    assert (res["n"] == 30).all()
    day0 = res.set_index("event_day").loc[0]
    assert day0["ci_low"] > 0                            # the bump is found
    # cumulative: the sum, and its variance includes the covariance of the predictions
    np.testing.assert_allclose(res["cumulative"], np.cumsum(res["abnormal"]))
    x = _design(days, win)
    g = (pred["mean"].to_numpy()[:, None] * x).sum(axis=0)
    cvar = fit.scale * pred["mean"].sum() + g @ fit.cov_params() @ g
    assert res["cumulative_ci_high"].iloc[-1] - res["cumulative"].iloc[-1] == \
        pytest.approx(z * np.sqrt(cvar), rel=1e-6)
    # a span inside the window: days 0 … 2 (rows 2 … 4)
    span = es.cumulative_abnormal(res, start=0, end=2).iloc[0]
    g = (pred["mean"].to_numpy()[2:5, None] * x[2:5]).sum(axis=0)
    svar = fit.scale * pred["mean"].iloc[2:5].sum() + g @ fit.cov_params() @ g
    assert span["estimate"] == pytest.approx(res["abnormal"].iloc[2:5].sum())
    assert span["ci_high"] - span["estimate"] == pytest.approx(z * np.sqrt(svar), rel=1e-6)


def test_shares_equal_statsmodels_binomial():
    data = _series(seed=3)
    events = pd.DataFrame({"event": ["E"], "event_time": ["2024-03-01"]})
    res = es.abnormal_shares(data, events, count="anxious", total="calls", window=(-1, 1),
                             estimation=30)
    days = pd.DatetimeIndex(data["date"])
    est, win = np.arange(29, 59), np.arange(59, 62)
    y, n = data["anxious"].to_numpy(), data["calls"].to_numpy()
    fit = sm.GLM(np.column_stack([y[est], n[est] - y[est]]), _design(days, est),
                 family=sm.families.Binomial()).fit(scale="X2")
    p = fit.predict(_design(days, win))
    np.testing.assert_allclose(res["expected"], p, rtol=1e-8)
    np.testing.assert_allclose(res["actual"], y[win] / n[win])


def test_average_abnormal_is_the_t_interval():
    res = pd.DataFrame({"event": list("aabbcc"), "event_day": [0, 1] * 3,
                        "abnormal": [10.0, 1.0, 14.0, 3.0, 9.0, -1.0]})
    avg = es.average_abnormal(res).set_index("event_day")
    v = np.array([10.0, 14.0, 9.0])
    lo, hi = stats.t.interval(0.95, 2, loc=v.mean(), scale=stats.sem(v))
    assert avg.loc[0, "ci_low"] == pytest.approx(lo) and avg.loc[0, "ci_high"] == pytest.approx(hi)
    assert avg.loc[0, "n"] == 3


def test_lag_effect_equals_statsmodels_hc3():
    rng = np.random.default_rng(5)
    d = pd.DataFrame({"lag": rng.gamma(2, 5, 30), "regime": rng.choice(["甲", "乙"], 30)})
    d["y"] = 300 + 80 * d["lag"] + rng.normal(0, 200, 30)
    res = es.lag_effect(d, outcome="y", lag="lag", controls=["regime"]).set_index("term")
    x = sm.add_constant(np.column_stack([d["lag"], (d["regime"] == "甲").astype(float)]))
    fit = sm.OLS(d["y"], x).fit(cov_type="HC3")
    assert res.loc["lag", "estimate"] == pytest.approx(fit.params.iloc[1])
    assert res.loc["lag", "se"] == pytest.approx(fit.bse.iloc[1])
    t = stats.t.ppf(0.975, 27)
    assert res.loc["lag", "ci_low"] == pytest.approx(fit.params.iloc[1] - t * fit.bse.iloc[1])
    assert "regime[甲]" in res.index                          # sorted levels: 乙 < 甲? reference first
    assert (res["n"] == 30).all()


def test_frozen_value_on_the_published_data():
    d, r = epidemic_timeline(), epidemic_releases()
    d["log_cases"] = np.log1p(d["new_cases"].shift(1).fillna(d["new_cases"].iloc[0]))
    ab = es.abnormal_counts(d, r, count="hotline_calls", event="release_id",
                            covariates=["log_cases"], segment="routine_briefing", window=(-3, 4),
                            estimation=35, problems="drop")
    avg = es.average_abnormal(ab).set_index("event_day")
    assert round(float(avg.loc[0, "estimate"]), 1) == pytest.approx(754.5, abs=0.2)
    assert len(ab.attrs["excluded"]) == len(r) - ab["event"].nunique()


def test_recovers_the_generators_truth_over_seeds():
    slopes, day0 = [], []
    for k in range(1, 9):
        s = offset_seed(2024, k)
        d, r = epidemic_timeline(s), epidemic_releases(s)
        d["log_cases"] = np.log1p(d["new_cases"].shift(1).fillna(d["new_cases"].iloc[0]))
        ab = es.abnormal_counts(d, r, count="hotline_calls", event="release_id",
                                covariates=["log_cases"], segment="routine_briefing",
                                window=(-3, 4), estimation=35, problems="drop")
        car = es.cumulative_abnormal(ab, start=0, end=3).merge(r, left_on="event",
                                                                right_on="release_id")
        slopes.append(es.lag_effect(car, outcome="estimate", lag="lag_hours").loc[1, "estimate"])
        truth = epidemic_event_truth(r).query("release_id in @ab.event and event_day == 0")
        day0.append(ab.query("event_day == 0")["abnormal"].mean()
                    - truth["expected_extra_calls"].mean())
    assert abs(np.mean(slopes) - 90) < 15
    assert abs(np.mean(day0)) < 60


# ----------------------------------------------------------------------------- bad input
def test_overlapping_events_name_the_rows():
    data = _series()
    events = pd.DataFrame({"event": ["A", "B", "C"],
                           "event_time": ["2024-02-20", "2024-02-22", "2024-03-10"]},
                          index=[10, 11, 12])
    with pytest.raises(InputError, match="重叠") as err:
        es.abnormal_counts(data, events, count="calls", window=(-3, 3), estimation=20)
    assert set(err.value.rows) == {10, 11}
    res = es.abnormal_counts(data, events, count="calls", window=(-3, 3), estimation=20,
                             problems="drop", min_estimation=12)
    assert set(res["event"]) == {"A", "C"}
    assert list(res.attrs["excluded"]["row"]) == [11]


def test_too_short_estimation_window_names_the_rows():
    data = _series()
    events = pd.DataFrame({"event": ["A"], "event_time": ["2024-01-10"]}, index=[7])
    with pytest.raises(InputError, match="少于 14 天") as err:
        es.abnormal_counts(data, events, count="calls")
    assert err.value.rows == [7]
    with pytest.raises(HelpersError, match="min_estimation"):
        es.abnormal_counts(data, events, count="calls", min_estimation=5)


def test_gaps_outside_and_bad_values_are_errors():
    data = _series().drop(index=[30])
    events = pd.DataFrame({"event": ["A"], "event_time": ["2024-03-01"]})
    with pytest.raises(InputError, match="缺少日期") as err:
        es.abnormal_counts(data, events, count="calls")
    assert err.value.rows == [31]
    data = _series()
    with pytest.raises(InputError, match="超出日数据"):
        es.abnormal_counts(data, pd.DataFrame({"event": ["A"], "event_time": ["2024-03-20"]}),
                           count="calls")
    bad = data.assign(calls=data["calls"].astype(object))
    bad.loc[5, "calls"] = "abc"
    with pytest.raises(InputError, match="'calls'"):
        es.abnormal_counts(bad, events, count="calls")
    with pytest.raises(InputError, match="大于"):
        es.abnormal_shares(data.assign(anxious=data["calls"] + 1), events, count="anxious",
                           total="calls")
    with pytest.raises(HelpersError, match="window"):
        es.abnormal_counts(data, events, count="calls", window=(1, 3))
    with pytest.raises(InputError, match="缺失"):
        es.lag_effect(pd.DataFrame({"y": [1.0, 2, 3, 4], "lag": [1.0, np.nan, 2, 3]}),
                      outcome="y", lag="lag")


# ----------------------------------------------------------------------------- properties
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(extra=st.integers(0, 2000), day=st.integers(0, 3), seed=st.integers(0, 10_000))
def test_adding_calls_in_the_window_adds_exactly_that_abnormal(extra, day, seed):
    data = _series(seed=seed)
    events = pd.DataFrame({"event": ["A"], "event_time": ["2024-03-01"]})
    base = es.abnormal_counts(data, events, count="calls", window=(-1, 3))
    data.loc[60 + day, "calls"] += extra                 # the estimation window is untouched
    more = es.abnormal_counts(data, events, count="calls", window=(-1, 3))
    diff = (more["abnormal"] - base["abnormal"]).to_numpy()
    expect = np.zeros(5)
    expect[day + 1] = extra
    np.testing.assert_allclose(diff, expect, atol=1e-6)
    np.testing.assert_allclose(more["expected"], base["expected"])
    assert (more["ci_low"] <= more["abnormal"]).all() and (more["abnormal"] <= more["ci_high"]).all()


@settings(max_examples=25, deadline=None)
@given(st.lists(st.floats(-1e4, 1e4, allow_nan=False), min_size=2, max_size=30),
       st.floats(-1e4, 1e4, allow_nan=False))
def test_average_shifts_with_the_values(values, shift):
    res = pd.DataFrame({"event": range(len(values)), "event_day": 0, "abnormal": values})
    a = es.average_abnormal(res)
    b = es.average_abnormal(res.assign(abnormal=res["abnormal"] + shift))
    assert b["estimate"].item() == pytest.approx(a["estimate"].item() + shift, abs=1e-6)
    assert (b["ci_high"] - b["ci_low"]).item() == pytest.approx((a["ci_high"] - a["ci_low"]).item(),
                                                                 abs=1e-6)
