"""helpers.feedback: call-back and rectification shares, time to rectification, next rating."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import HelpersError, InputError
from helpers.feedback import (RECTIFICATION_LIMIT_DAYS, followup_effect, followup_summary,
                              rectification_time)


def _effect_frame(k1, n1, k0, n0, missing1=0, missing0=0):
    grades = (["满意"] * k1 + ["不满意"] * (n1 - k1) + [None] * missing1
              + ["非常满意"] * k0 + ["基本满意"] * (n0 - k0) + [None] * missing0)
    followed = [1] * (n1 + missing1) + [0] * (n0 + missing0)
    return pd.DataFrame({"followed_up": followed, "next_grade": grades})


@pytest.fixture
def sm_prop():
    return pytest.importorskip("statsmodels.stats.proportion")


# ---------------------------------------------------------------- frozen values

# Source: Wilson (1927) score interval by hand, z = 1.959964: 7/10 ->
# centre (7 + z²/2)/(10 + z²) = 0.64450, half-width z/(10 + z²)·√(10·0.7·0.3 + z²/4) = 0.24772
# -> 0.3968 to 0.8922; 5/9 (one missing) -> 0.2667 to 0.8112
def test_summary_frozen():
    df = pd.DataFrame({"followed_up": [1, 1, 1, 0, 1, 0, 1, 1, 0, 1],
                       "rectified": [1, 1, 0, 0, 1, 0, 1, None, 0, 1]})
    r = followup_summary(df)
    assert list(r.columns) == ["measure", "label", "estimate", "ci_low", "ci_high", "n", "count"]
    assert list(r.measure) == ["followed_up", "rectified"]
    assert list(r.label) == ["回访比例", "整改比例"]
    assert r.loc[0, "estimate"] == pytest.approx(0.7)
    assert r.loc[0, "ci_low"] == pytest.approx(0.3968, abs=5e-5)
    assert r.loc[0, "ci_high"] == pytest.approx(0.8922, abs=5e-5)
    assert r.loc[1, "estimate"] == pytest.approx(5 / 9)
    assert r.loc[1, "ci_low"] == pytest.approx(0.2667, abs=5e-5)
    assert r.loc[1, "ci_high"] == pytest.approx(0.8112, abs=5e-5)
    assert list(r.n) == [10, 9] and list(r["count"]) == [7, 5]
    assert r.attrs["excluded"].records == ((7, "rectified", "missing value"),)
    assert r.attrs["rows_in"] == 10


# Source: Conover (1999), Practical Nonparametric Statistics 3rd ed., §3.2, Table A3 (binomial,
# p = 1/2): n = 20, alpha/2 = 0.025 -> r = 6, interval [x(6), x(15)], coverage
# 1 − 2·P(B ≤ 5) = 1 − 2·0.020695 = 0.958611
def test_median_interval_frozen_conover():
    df = pd.DataFrame({"rectification_days": np.arange(1.0, 21.0)})
    r = rectification_time(df)
    med = r.loc[r.measure == "median_days"].iloc[0]
    assert med.estimate == 10.5
    assert (med.ci_low, med.ci_high) == (6.0, 15.0)
    assert med.coverage == pytest.approx(0.958611, abs=5e-7)
    share = r.loc[r.measure == "share_within"].iloc[0]
    assert share.estimate == pytest.approx(15 / 20)
    assert share.label == "15 天内整改的比例"
    assert list(r.columns) == ["measure", "label", "estimate", "ci_low", "ci_high", "n", "coverage"]


# Source: by hand: n = 10 -> P(B ≤ 1) = 11/1024 ≤ 0.025 < P(B ≤ 2) = 56/1024, r = 2 -> [x(2), x(9)];
# n = 5 -> P(B ≤ 0) = 1/32 > 0.025: no interval at 95 % (NaN), but one at 90 %
def test_median_interval_small_n_by_hand():
    days = [2, 3, 3, 4, 5, 6, 8, 9, 12, 20, None, None]
    r = rectification_time(pd.DataFrame({"d": days}), days="d", within=5)
    assert list(r.loc[0, ["estimate", "ci_low", "ci_high"]]) == [5.5, 3.0, 12.0]
    assert r.loc[0, "coverage"] == pytest.approx(1 - 22 / 1024)
    assert r.loc[1, "estimate"] == pytest.approx(0.5)          # ≤ 5 days: 2, 3, 3, 4, 5
    assert len(r.attrs["excluded"]) == 2
    assert set(r.attrs["excluded"]["reason"]) == {"not rectified or still open"}
    five = rectification_time(pd.DataFrame({"d": [1, 2, 3, 4, 5]}), days="d")
    assert np.isnan(five.loc[0, "ci_low"]) and np.isnan(five.loc[0, "coverage"])
    five90 = rectification_time(pd.DataFrame({"d": [1, 2, 3, 4, 5]}), days="d", ci=0.90)
    assert (five90.loc[0, "ci_low"], five90.loc[0, "ci_high"]) == (1.0, 5.0)
    assert five90.loc[0, "coverage"] == pytest.approx(1 - 2 / 32)


def test_default_limit_is_documented_15_days():
    assert RECTIFICATION_LIMIT_DAYS == 15.0


# Source: Newcombe (1998), Statistics in Medicine 17:873-890, Table II, example (a):
# 56/70 vs 48/80, method 10 -> 0.0524 to 0.3339
def test_effect_frozen_newcombe_published():
    r = followup_effect(_effect_frame(56, 70, 48, 80, missing1=3, missing0=5))
    assert list(r.columns) == ["measure", "label", "estimate", "ci_low", "ci_high", "n"]
    assert list(r.measure) == ["followed_up", "not_followed_up", "difference"]
    assert r.loc[0, "estimate"] == pytest.approx(0.8)
    assert r.loc[1, "estimate"] == pytest.approx(0.6)
    assert r.loc[2, "estimate"] == pytest.approx(0.2)
    assert r.loc[2, "ci_low"] == pytest.approx(0.0524, abs=5e-4)
    assert r.loc[2, "ci_high"] == pytest.approx(0.3339, abs=5e-4)
    assert list(r.n) == [70, 80, 150]
    assert len(r.attrs["excluded"]) == 8
    assert set(r.attrs["excluded"]["reason"]) == {"no next rating"}
    assert r.attrs["definition"] == "非常满意 + 满意"


def test_effect_satisfied_definition_and_stars():
    df = pd.DataFrame({"followed_up": [1, 1, 1, 0, 0, 0], "next_grade": [5, 3, 3, 3, 2, 1]})
    top2 = followup_effect(df)
    assert list(top2.estimate[:2]) == pytest.approx([1 / 3, 0.0])
    top3 = followup_effect(df, satisfied=("非常满意", "满意", "基本满意"))
    assert list(top3.estimate[:2]) == pytest.approx([1.0, 1 / 3])
    assert top3.attrs["definition"] == "非常满意 + 满意 + 基本满意"


def test_summary_by_group_equals_subsets():
    rng = np.random.default_rng(1)
    df = pd.DataFrame({"department": rng.choice(["人社", "税务", "医保"], 200),
                       "followed_up": rng.integers(0, 2, 200).astype(bool),
                       "rectified": rng.integers(0, 2, 200).astype(float)})
    df.loc[[3, 9], "department"] = None
    df.loc[[4, 5], "rectified"] = np.nan
    r = followup_summary(df, by="department")
    assert list(r.columns[:3]) == ["department", "measure", "label"]
    assert list(r.department) == ["人社", "人社", "医保", "医保", "税务", "税务"]
    for dept, sub in df.dropna(subset=["department"]).groupby("department"):
        one = followup_summary(sub)
        got = r[r.department == dept].reset_index(drop=True)
        pd.testing.assert_frame_equal(got.drop(columns="department"), one, check_dtype=False)
    ex = r.attrs["excluded"].frame()
    assert set(ex.loc[ex.reason == "missing group", "row"]) == {3, 9}
    for measure, col in (("followed_up", "followed_up"), ("rectified", "rectified")):
        used = r.loc[r.measure == measure, "n"].sum()
        dropped = ex[(ex.column == col) | (ex.reason == "missing group")]
        assert used + len(dropped) == len(df)


def test_rectification_time_by_group():
    df = pd.DataFrame({"dept": ["a"] * 8 + ["b"] * 8,
                       "rectification_days": list(range(1, 9)) + list(range(11, 19))})
    r = rectification_time(df, by="dept", within=10)
    assert list(r.dept) == ["a", "a", "b", "b"]
    assert list(r.estimate) == [4.5, 1.0, 14.5, 0.0]
    assert r.attrs["within"] == 10.0


def test_only_one_measure():
    df = pd.DataFrame({"f": [1, 0, 1]})
    r = followup_summary(df, followed="f", rectified=None)
    assert list(r.measure) == ["followed_up"]


def test_measure_module_imports_no_plotting():
    code = ("import sys, helpers.feedback; "
            "bad = [m for m in ('matplotlib', 'altair', 'ipywidgets') if m in sys.modules]; "
            "print(bad); sys.exit(1 if bad else 0)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr


# ---------------------------------------------------------------- oracles

@pytest.mark.parametrize("k,n", [(0, 12), (3, 12), (12, 12), (57, 80), (799, 1000)])
@pytest.mark.parametrize("level", [0.9, 0.95, 0.99])
def test_summary_oracle_statsmodels_wilson(sm_prop, k, n, level):
    df = pd.DataFrame({"followed_up": [1] * k + [0] * (n - k)})
    r = followup_summary(df, rectified=None, ci=level)
    lo, hi = sm_prop.proportion_confint(k, n, alpha=1 - level, method="wilson")
    assert r.loc[0, "ci_low"] == pytest.approx(max(lo, 0.0), abs=1e-12)
    assert r.loc[0, "ci_high"] == pytest.approx(min(hi, 1.0), abs=1e-12)


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("level", [0.8, 0.9, 0.95, 0.99])
def test_median_interval_oracle_scipy(seed, level):
    stats = pytest.importorskip("scipy.stats")
    rng = np.random.default_rng(seed)
    n = int(rng.integers(8, 120))
    x = rng.gamma(2.0, 4.0, n).round(2) + rng.random(n) * 1e-6      # no ties
    r = rectification_time(pd.DataFrame({"d": x}), days="d", ci=level)
    ref = stats.quantile_test(x, q=float(np.median(x)), p=0.5).confidence_interval(level)
    assert r.loc[0, "ci_low"] == pytest.approx(ref.low, abs=1e-12)
    assert r.loc[0, "ci_high"] == pytest.approx(ref.high, abs=1e-12)


def test_median_interval_coverage_monte_carlo():
    """Simulation check: over 2000 samples of n = 20 from a skewed law (one call, by= sample) the
    interval holds the true median at least as often as promised (exact coverage 0.9586)."""
    rng = np.random.default_rng(11)
    true_median = 4.0 * 1.6783469900166608          # gamma(2, 4): median = 4 × 1.67835
    draws, n = 2000, 20
    df = pd.DataFrame({"sample": np.repeat(np.arange(draws), n),
                       "d": rng.gamma(2.0, 4.0, draws * n)})
    r = rectification_time(df, days="d", by="sample")
    med = r[r.measure == "median_days"]
    assert len(med) == draws and (med.n == n).all()
    hits = ((med.ci_low <= true_median) & (true_median <= med.ci_high)).mean()
    # binomial sd of the hit rate ≈ 0.0045; allow 3 sd below the exact coverage
    assert hits >= 0.9586 - 3 * 0.0045


@pytest.mark.parametrize("k1,n1,k0,n0", [(6, 10, 2, 10), (0, 15, 3, 20), (30, 30, 12, 40),
                                         (25, 60, 19, 60)])
def test_effect_oracle_statsmodels(sm_prop, k1, n1, k0, n0):
    r = followup_effect(_effect_frame(k1, n1, k0, n0))
    lo, hi = sm_prop.confint_proportions_2indep(k1, n1, k0, n0, method="newcomb", compare="diff")
    assert r.loc[2, "ci_low"] == pytest.approx(lo, abs=1e-12)
    assert r.loc[2, "ci_high"] == pytest.approx(hi, abs=1e-12)
    for i, (k, n) in enumerate(((k1, n1), (k0, n0))):
        wl, wh = sm_prop.proportion_confint(k, n, method="wilson")
        assert r.loc[i, "ci_low"] == pytest.approx(max(wl, 0.0), abs=1e-12)
        assert r.loc[i, "ci_high"] == pytest.approx(min(wh, 1.0), abs=1e-12)


# ---------------------------------------------------------------- properties

_binary_or_missing = st.sampled_from([0, 1, None])


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(_binary_or_missing, _binary_or_missing,
                          st.sampled_from(["a", "b", None])), min_size=1, max_size=50))
def test_property_summary_accounts_for_every_row(rows):
    df = pd.DataFrame(rows, columns=["followed_up", "rectified", "g"]).astype(
        {"followed_up": float, "rectified": float})
    try:
        r = followup_summary(df, by="g")
    except InputError:
        return
    ex = r.attrs["excluded"].frame()
    for m in r.measure.unique():
        dropped = ex[(ex.column == m) | (ex.reason == "missing group")]
        assert r.loc[r.measure == m, "n"].sum() + len(dropped) == len(df)
    assert ((r.ci_low <= r.estimate) & (r.estimate <= r.ci_high)).all()
    assert ((r.ci_low >= 0) & (r.ci_high <= 1)).all()


@settings(max_examples=80, deadline=None)
@given(st.lists(st.one_of(st.none(), st.floats(0, 60, allow_nan=False)), min_size=1, max_size=60),
       st.sampled_from([0.8, 0.9, 0.95, 0.99]))
def test_property_rectification_accounts_and_contains(days, level):
    df = pd.DataFrame({"rectification_days": pd.Series(days, dtype=float)})
    try:
        r = rectification_time(df, ci=level)
    except InputError:
        assert df.rectification_days.isna().all()
        return
    assert r.loc[0, "n"] + len(r.attrs["excluded"]) == len(df)
    med = r.loc[0]
    if not np.isnan(med.ci_low):
        assert med.ci_low <= med.estimate <= med.ci_high
        assert med.coverage >= level - 1e-12
    share = r.loc[1]
    assert share.ci_low <= share.estimate <= share.ci_high


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(_binary_or_missing,
                          st.sampled_from(["非常满意", "满意", "基本满意", "不满意", "非常不满意", None])),
                min_size=2, max_size=60))
def test_property_effect_accounts_and_contains(rows):
    df = pd.DataFrame(rows, columns=["followed_up", "next_grade"]).astype({"followed_up": float})
    try:
        r = followup_effect(df)
    except InputError:
        return
    assert r.loc[2, "n"] + len(r.attrs["excluded"]) == len(df)
    assert r.loc[0, "n"] + r.loc[1, "n"] == r.loc[2, "n"]
    assert ((r.ci_low <= r.estimate + 1e-12) & (r.estimate <= r.ci_high + 1e-12)).all()
    assert r.loc[2, "estimate"] == pytest.approx(r.loc[0, "estimate"] - r.loc[1, "estimate"])


# ---------------------------------------------------------------- bad input

@pytest.mark.parametrize("call,frame,column,rows", [
    (followup_summary, pd.DataFrame({"followed_up": [1, 2, 0], "rectified": [1, 0, 0]}),
     "followed_up", [1]),
    (followup_summary, pd.DataFrame({"followed_up": [1, 0, 0], "rectified": ["x", 0, 1]}),
     "rectified", [0]),
    (rectification_time, pd.DataFrame({"rectification_days": [3, -1, 4]}),
     "rectification_days", [1]),
    (rectification_time, pd.DataFrame({"rectification_days": [3, "三天", 4]}),
     "rectification_days", [1]),
    (followup_effect, pd.DataFrame({"followed_up": [1, 0, 0.5], "next_grade": ["满意"] * 3}),
     "followed_up", [2]),
    (followup_effect, pd.DataFrame({"followed_up": [1, 0, 0], "next_grade": ["满意", "好", None]}),
     "next_grade", [1]),
])
def test_bad_values_name_column_and_rows(call, frame, column, rows):
    with pytest.raises(InputError) as err:
        call(frame)
    assert err.value.column == column
    assert err.value.rows == rows
    assert repr(column) in str(err.value)


@pytest.mark.parametrize("call,frame,match", [
    (followup_summary, pd.DataFrame({"followed_up": [1, 0]}), "rectified"),
    (rectification_time, pd.DataFrame({"days": [1, 2]}), "rectification_days"),
    (followup_effect, pd.DataFrame({"followed_up": [1, 0]}), "next_grade"),
    (followup_summary, pd.DataFrame(), "empty"),
    (followup_effect, pd.DataFrame({"followed_up": [1, 1], "next_grade": ["满意", "不满意"]}),
     "both groups"),
    (followup_effect, pd.DataFrame({"followed_up": [1, 0], "next_grade": ["满意", None]}),
     "both groups"),
    (rectification_time, pd.DataFrame({"rectification_days": [None, None]}, dtype=float),
     "all missing"),
])
def test_bad_frames(call, frame, match):
    with pytest.raises(InputError, match=match):
        call(frame)


def test_bad_options():
    df = pd.DataFrame({"followed_up": [1, 0], "rectified": [1, 0], "rectification_days": [1, 2],
                       "next_grade": ["满意", "不满意"]})
    with pytest.raises(HelpersError, match="ci"):
        followup_summary(df, ci=95)
    with pytest.raises(HelpersError, match="both be None"):
        followup_summary(df, followed=None, rectified=None)
    with pytest.raises(HelpersError, match="within"):
        rectification_time(df, within=-1)
    with pytest.raises(HelpersError, match="within"):
        rectification_time(df, within="15")
    with pytest.raises(HelpersError, match="unknown grade"):
        followup_effect(df, satisfied=("很好",))
    with pytest.raises(TypeError):
        followup_summary(df, "followed_up")           # options are keyword-only
