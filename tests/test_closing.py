"""Time to close: Kaplan–Meier against a hand-written product-limit estimator, censoring, SLA share."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers._validate import HelpersError
from helpers.closing import closed_within, km_curves
from helpers.simulate import load_dataset

T0 = pd.Timestamp("2025-06-01")


def _frame(hours, is_open, as_of_h):
    closed = [None if o else T0 + pd.Timedelta(hours=h) for h, o in zip(hours, is_open, strict=True)]
    return (pd.DataFrame({"received": [T0] * len(hours), "closed": pd.to_datetime(closed)}),
            T0 + pd.Timedelta(hours=as_of_h))


def _reference(time, event):
    """Product limit and Greenwood by hand (Kaplan & Meier 1958)."""
    s, acc, out = 1.0, 0.0, {}
    for t in np.unique(time[event == 1]):
        n = (time >= t).sum()
        d = ((time == t) & (event == 1)).sum()
        s *= 1 - d / n
        acc += d / (n * (n - d)) if n > d else np.inf
        out[t] = (s, s * np.sqrt(acc) if np.isfinite(acc) else np.nan)
    return out


def test_matches_hand_computed_product_limit():
    # closed at 2, 4, 4, 7, 9 h; open (censored at as_of = 10 h) 2 orders received then
    df, as_of = _frame([2, 4, 4, 7, 9, 0, 0], [0, 0, 0, 0, 0, 1, 1], 10)
    k = km_curves(df, as_of=as_of)
    ref = _reference(np.array([2, 4, 4, 7, 9, 10, 10.0]), np.array([1, 1, 1, 1, 1, 0, 0]))
    for _, row in k.iloc[1:].iterrows():
        s, se = ref[row["hours"]]
        assert 1 - row["estimate"] == pytest.approx(s)
    # 1 − S(4) = 1 − (6/7)(4/6) = 3/7; n at risk at 7 h = 4
    assert k.set_index("hours").loc[4.0, "estimate"] == pytest.approx(3 / 7)
    assert k.set_index("hours").loc[7.0, "n_at_risk"] == 4
    assert k["n_open"].iloc[0] == 2 and k["estimate"].is_monotonic_increasing
    # Greenwood + log(−log) interval at 4 h by hand
    s, se = ref[4.0]
    z = 1.959963984540054
    sll = se / (s * abs(np.log(s)))
    lo, hi = s ** np.exp(z * sll), s ** np.exp(-z * sll)
    row = k.set_index("hours").loc[4.0]
    assert row["ci_low"] == pytest.approx(1 - hi) and row["ci_high"] == pytest.approx(1 - lo)


def test_censoring_is_not_dropping():
    # half the orders still open at 5 h (censored before the 24 h limit): KM uses them
    df, as_of = _frame([1, 2, 30, 40, 0, 0], [0, 0, 0, 0, 1, 1], 5)
    df.loc[4:, "received"] = as_of - pd.Timedelta(hours=5)
    df.loc[:3, "received"] = T0 - pd.Timedelta(hours=40)
    df.loc[:3, "closed"] = df.loc[:3, "received"] + pd.to_timedelta([1, 2, 30, 40], unit="h")
    r = closed_within(df, 24, as_of=T0 + pd.Timedelta(hours=5)).iloc[0]
    assert r["naive_closed_only"] == pytest.approx(0.5)
    assert r["estimate"] == pytest.approx(1 - (5 / 6) * (4 / 5))   # 1/3, not the naive 1/2
    ref = _reference(np.array([1, 2, 30, 40, 5, 5.0]), np.array([1, 1, 1, 1, 0, 0]))
    assert 1 - r["estimate"] == pytest.approx(ref[2.0][0])


def test_own_deadline_scale():
    df, as_of = _frame([10, 10, 50], [0, 0, 0], 60)
    df["limit"] = [5, 24, 100]
    r = closed_within(df, "limit", as_of=as_of).iloc[0]
    assert r["estimate"] == pytest.approx(2 / 3)        # 10 > 5 late; 10 ≤ 24; 50 ≤ 100


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 100), st.booleans()), min_size=2, max_size=40))
def test_random_data_agree_with_reference(rows):
    hours = [h for h, _ in rows]
    is_open = [o for _, o in rows]
    as_of_h = 101
    df, as_of = _frame(hours, is_open, as_of_h)
    time = np.array([as_of_h if o else h for h, o in rows], float)
    event = np.array([0 if o else 1 for _, o in rows])
    k = km_curves(df, as_of=as_of)
    assert k["estimate"].between(0, 1).all() and (k["ci_low"] <= k["estimate"] + 1e-12).all()
    assert (k["estimate"] <= k["ci_high"] + 1e-12).all()
    ref = _reference(time, event)
    for _, row in k.iloc[1:].iterrows():
        assert 1 - row["estimate"] == pytest.approx(ref[row["hours"]][0])
    r = closed_within(df, 50, as_of=as_of).iloc[0]
    upto = [v[0] for t, v in ref.items() if t <= 50]
    if event.any():
        assert r["estimate"] == pytest.approx(1 - (upto[-1] if upto else 1.0))


def test_bad_input_names_the_column():
    df, as_of = _frame([2, 4], [0, 0], 10)
    with pytest.raises(HelpersError, match="deadline_hours"):
        closed_within(df, 0, as_of=as_of)
    with pytest.raises(HelpersError, match="limit"):
        closed_within(df.assign(limit=[5, -1]), "limit", as_of=as_of)
    with pytest.raises(HelpersError, match="grp"):
        km_curves(df.assign(grp=["a", None]), by="grp", as_of=as_of)
    bad = df.copy()
    bad.loc[0, "closed"] = T0 - pd.Timedelta(hours=1)
    with pytest.raises(HelpersError, match="closed"):
        km_curves(bad, as_of=as_of)


def test_frozen_values_on_the_dataset():
    t = load_dataset("hotline_tickets")
    r = closed_within(t, "deadline_hours", by="category").set_index("category")
    assert r.loc["投诉", "estimate"] == pytest.approx(0.868024, abs=1e-5)
    assert r["n"].sum() == len(t) and r["n_open"].sum() == t["closed"].isna().sum()
