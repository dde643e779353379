"""Tests of helpers.hotline (12345 rates and composite score)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from statsmodels.stats.proportion import proportion_confint

from helpers import InputError
from helpers._validate import HelpersError
from helpers.hotline import composite_score, hotline_rates


@pytest.fixture
def orders() -> pd.DataFrame:
    rng = np.random.default_rng(12)
    n = 400
    t_in = pd.Timestamp("2024-05-01") + pd.to_timedelta(rng.integers(0, 30 * 24, n), unit="h")
    resp = t_in + pd.to_timedelta(rng.exponential(2, n), unit="h")
    resp = resp.where(rng.random(n) < 0.95)
    close = t_in + pd.to_timedelta(rng.exponential(48, n), unit="h")
    close = close.where(rng.random(n) < 0.9)
    solved = pd.Series(rng.random(n) < 0.85, dtype=float).where(rng.random(n) < 0.8)
    sat = pd.Series(rng.random(n) < 0.8, dtype=float).where(rng.random(n) < 0.6)
    return pd.DataFrame({"in": t_in, "resp": resp, "out": close, "solved": solved, "sat": sat,
                         "limit": rng.choice([24.0, 72.0, 120.0], n),
                         "agency": rng.choice(["城管", "住建", "交通"], n)})


KW = dict(received="in", responded="resp", closed="out", resolved="solved", satisfied="sat")


def test_rates_match_hand_counts_and_wilson(orders):
    out = hotline_rates(orders, deadline_hours=72, **KW).set_index("rate")
    hours = (orders.out - orders["in"]) / pd.Timedelta(hours=1)
    expected = {
        "response": (orders.resp.notna().sum(), len(orders)),
        "resolution": ((orders.solved == 1).sum(), orders.solved.notna().sum()),
        "satisfaction": ((orders.sat == 1).sum(), orders.sat.notna().sum()),
        "on_time": ((hours <= 72).sum(), orders.out.notna().sum()),
    }
    for rate, (k, n) in expected.items():
        row = out.loc[rate]
        lo, hi = proportion_confint(k, n, method="wilson")
        assert (row["count"], row["n"]) == (k, n)
        assert row["estimate"] == pytest.approx(k / n)
        assert (row["ci_low"], row["ci_high"]) == pytest.approx((lo, hi))
    assert out.loc["satisfaction", "label_zh"] == "满意率"
    ex = out.attrs["excluded"]
    assert set(ex["reason"]) >= {"resolution: no verdict", "on_time: not closed"}


def test_deadline_column_response_window_and_as_of(orders):
    per = hotline_rates(orders, deadline_hours="limit", **KW).set_index("rate")
    hours = (orders.out - orders["in"]) / pd.Timedelta(hours=1)
    assert per.loc["on_time", "count"] == (hours <= orders.limit).sum()
    quick = hotline_rates(orders, deadline_hours=72, response_hours=1, **KW).set_index("rate")
    rh = (orders.resp - orders["in"]) / pd.Timedelta(hours=1)
    assert quick.loc["response", "count"] == (rh <= 1).sum()
    late = hotline_rates(orders, deadline_hours=72, as_of="2024-07-01", **KW).set_index("rate")
    assert late.loc["on_time", "n"] == len(orders)  # every open order is overdue by July
    assert late.loc["on_time", "count"] == per.loc["on_time", "count"] - \
        (hours <= orders.limit).sum() + (hours <= 72).sum()


def test_by_group(orders):
    out = hotline_rates(orders, deadline_hours=72, by="agency", **KW)
    assert list(out.columns) == ["agency", "rate", "label_zh", "estimate", "ci_low", "ci_high",
                                 "n", "count"]
    assert len(out) == 12
    assert out.loc[out.rate == "response", "n"].sum() == len(orders)
    assert out["rate"].tolist()[:4] == ["response", "resolution", "satisfaction", "on_time"]


def test_flags_and_strings():
    df = pd.DataFrame({"in": ["2024-01-01 08:00", "2024/01/02 09:30"],
                       "resp": [True, False], "out": ["2024-01-01 09:00", None],
                       "solved": [True, False], "sat": [1, 0]})
    out = hotline_rates(df, deadline_hours=8, **KW).set_index("rate")
    assert out.loc["response", "estimate"] == 0.5
    assert out.loc["on_time", "n"] == 1
    with pytest.raises(HelpersError, match="response_hours"):
        hotline_rates(df, deadline_hours=8, response_hours=2, **KW)


def test_bad_inputs():
    df = pd.DataFrame({"in": ["2024-01-01 08:00", "2024-01-02 09:00", "2024-01-03 10:00"],
                       "resp": [None, None, None],
                       "out": ["2024-01-01 07:00", None, "2024-01-03 11:00"],
                       "solved": [1, 0, 1], "sat": [1, 0, 1]}, index=[21, 22, 23])
    df["resp"] = df["in"]
    with pytest.raises(InputError, match=r"'out'.*21") as err:
        hotline_rates(df, deadline_hours=8, **KW)
    assert err.value.rows == [21]
    bad = df.assign(out=[None, "明天", "2024-13-45"])
    with pytest.raises(InputError, match=r"'out'.*22, 23") as err:
        hotline_rates(bad, deadline_hours=8, **KW)
    assert err.value.rows == [22, 23]
    ok = df.assign(out=[None, None, "2024-01-03 11:00"])
    with pytest.raises(InputError, match=r"'in'.*22"):
        hotline_rates(ok.assign(**{"in": ["2024-01-01", None, "2024-01-03"]}),
                      deadline_hours=8, **KW)
    with pytest.raises(InputError, match=r"'solved'.*23"):
        hotline_rates(ok.assign(solved=[1, 0, 2]), deadline_hours=8, **KW)
    with pytest.raises(InputError, match=r"'sat'.*21"):
        hotline_rates(ok.assign(sat=["满意", 0, 1]), deadline_hours=8, **KW)
    with pytest.raises(InputError, match="'nope'"):
        hotline_rates(ok, deadline_hours="nope", **KW)
    with pytest.raises(HelpersError, match="deadline_hours"):
        hotline_rates(ok, deadline_hours=-1, **KW)
    with pytest.raises(InputError, match="empty"):
        hotline_rates(ok.iloc[:0], deadline_hours=8, **KW)
    with pytest.raises(InputError, match="all missing"):
        hotline_rates(ok.assign(out=None), deadline_hours=8, **KW)
    with pytest.raises(InputError, match=r"'resp'.*21"):
        hotline_rates(ok.assign(resp=["2023-12-31", None, None]), deadline_hours=8, **KW)


def test_composite_score(orders):
    rates = hotline_rates(orders, deadline_hours=72, **KW)
    w = {"response": 0.30, "resolution": 0.35, "satisfaction": 0.35}
    out = composite_score(rates, w)
    r = rates.set_index("rate")["estimate"]
    assert out["estimate"].iloc[0] == pytest.approx(
        0.3 * r["response"] + 0.35 * r["resolution"] + 0.35 * r["satisfaction"])
    assert out["ci_low"].iloc[0] < out["estimate"].iloc[0] < out["ci_high"].iloc[0]
    assert out["n"].iloc[0] == len(orders)
    assert "response=0.3" in out["weights"].iloc[0]
    grouped = composite_score(hotline_rates(orders, deadline_hours=72, by="agency", **KW), w)
    assert list(grouped.columns) == ["agency", "estimate", "ci_low", "ci_high", "n", "weights"]
    assert len(grouped) == 3


def test_composite_weights_are_required_and_checked(orders):
    rates = hotline_rates(orders, deadline_hours=72, **KW)
    with pytest.raises(HelpersError, match="required"):
        composite_score(rates, {})
    with pytest.raises(HelpersError, match="sum to 1"):
        composite_score(rates, {"response": 0.1, "resolution": 0.45, "satisfaction": 0.4})
    with pytest.raises(HelpersError, match="non-negative"):
        composite_score(rates, {"response": -0.5, "resolution": 1.5})
    with pytest.raises(InputError, match="speed"):
        composite_score(rates, {"speed": 1.0})
    with pytest.raises(InputError, match="repeated"):
        composite_score(pd.concat([rates, rates]), {"response": 1.0})


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 200), st.one_of(st.none(), st.integers(0, 300)),
                          st.sampled_from([0.0, 1.0, None]), st.sampled_from([0.0, 1.0, None])),
                min_size=1, max_size=30))
def test_property_rates_in_unit_interval(rows):
    base = pd.Timestamp("2024-01-01")
    df = pd.DataFrame({
        "in": [base + pd.Timedelta(hours=h) for h, *_ in rows],
        "out": [base + pd.Timedelta(hours=h + d) if d is not None else pd.NaT
                for h, d, *_ in rows],
        "solved": [s for *_, s, _ in rows], "sat": [s for *_, s in rows]})
    df["resp"] = df["in"]
    if df["out"].isna().all() or df["solved"].isna().all() or df["sat"].isna().all():
        with pytest.raises(InputError):
            hotline_rates(df, deadline_hours=48, **KW)
        return
    out = hotline_rates(df, deadline_hours=48, **KW)
    assert out["estimate"].between(0, 1).all()
    assert ((out["ci_low"] <= out["estimate"]) & (out["estimate"] <= out["ci_high"])).all()


def test_deadline_accepts_numpy_numbers_and_refuses_booleans(orders):
    ref = hotline_rates(orders, deadline_hours=72, **KW)
    for value in (np.int64(72), np.float64(72.0), np.int16(72)):
        pd.testing.assert_frame_equal(hotline_rates(orders, deadline_hours=value, **KW), ref)
    for value in (True, np.bool_(False)):
        with pytest.raises(HelpersError, match="deadline_hours"):
            hotline_rates(orders, deadline_hours=value, **KW)


def test_excel_serials_and_time_zones_follow_the_time_policy():
    serial = pd.DataFrame({"in": [45626.375, 45626.5], "resp": [45626.4, None],
                           "out": [45626.875, 45628.0], "solved": [1, 0], "sat": [1, 0]})
    out = hotline_rates(serial, deadline_hours=24, **KW).set_index("rate")
    assert (out.loc["on_time", "n"], out.loc["on_time", "count"]) == (2, 1)
    assert out.loc["response", "count"] == 1
    assert len(out.attrs["notes"]) == 3                     # in, out, resp were serials
    zones = pd.DataFrame({"in": ["2024-11-30T00:00Z", "2024-11-30 08:00"],
                          "resp": [1, 1], "out": ["2024-11-30 09:00", "2024-11-30T01:00+00:00"],
                          "solved": [1, 1], "sat": [1, 1]})
    out = hotline_rates(zones, deadline_hours=1, **KW).set_index("rate")
    assert (out.loc["on_time", "n"], out.loc["on_time", "count"]) == (2, 2)


def test_implausible_dates_exclude_the_order_from_every_rate(orders):
    bad = orders.copy()
    bad["in"] = bad["in"].astype(object)
    bad.loc[[0, 1], "in"] = [pd.Timestamp("2099-05-01"), pd.Timestamp("1999-01-01")]
    out = hotline_rates(bad, deadline_hours=72, **KW).set_index("rate")
    assert out.loc["response", "n"] == len(orders) - 2
    ex = out.attrs["excluded"].frame()
    assert ex.loc[ex["reason"].str.contains("implausible"), "row"].tolist() == [0, 1]
