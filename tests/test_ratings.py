"""Tests of helpers.ratings (好差评 rates, CSAT, NPS, fair ranking)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import optimize, stats
from statsmodels.stats.proportion import proportion_confint

from helpers import InputError
from helpers._validate import HelpersError
from helpers.labels import RATING_GRADES
from helpers.ratings import (
    bad_rating_rate,
    csat_top2,
    fair_ranking,
    grade_scores,
    nps,
    satisfaction_rate,
)


@pytest.fixture
def ratings() -> pd.DataFrame:
    rng = np.random.default_rng(3)
    n = 2000
    grades = rng.choice(RATING_GRADES, size=n, p=[0.5, 0.3, 0.1, 0.06, 0.04])
    return pd.DataFrame({"grade": grades, "hall": rng.choice(["东区", "西区", "南区"], n),
                         "month": rng.choice([1, 2], n)})


def test_satisfaction_rate_matches_wilson(ratings):
    out = satisfaction_rate(ratings, grade="grade")
    k = int(ratings.grade.isin(["非常满意", "满意"]).sum())
    lo, hi = proportion_confint(k, 2000, alpha=0.05, method="wilson")
    row = out.iloc[0]
    assert row["estimate"] == pytest.approx(k / 2000)
    assert (row["ci_low"], row["ci_high"]) == pytest.approx((lo, hi))
    assert row["n"] == 2000 and row["count"] == k
    assert out.attrs["definition"] == "非常满意 + 满意"
    wide = satisfaction_rate(ratings, grade="grade", satisfied=("非常满意", "满意", "基本满意"))
    assert wide["estimate"].iloc[0] > row["estimate"]
    assert wide.attrs["definition"] == "非常满意 + 满意 + 基本满意"


def test_rate_by_groups(ratings):
    out = satisfaction_rate(ratings, grade="grade", by=["hall", "month"], ci=0.9)
    assert list(out.columns) == ["hall", "month", "estimate", "ci_low", "ci_high", "n", "count"]
    assert len(out) == 6 and out["n"].sum() == 2000
    sub = ratings[(ratings.hall == "东区") & (ratings.month == 2)]
    k = int(sub.grade.isin(["非常满意", "满意"]).sum())
    row = out[(out.hall == "东区") & (out.month == 2)].iloc[0]
    lo, hi = proportion_confint(k, len(sub), alpha=0.1, method="wilson")
    assert row["estimate"] == pytest.approx(k / len(sub))
    assert row["ci_low"] == pytest.approx(lo) and row["ci_high"] == pytest.approx(hi)


def test_bad_rating_rate_counts_two_lowest(ratings):
    out = bad_rating_rate(ratings, grade="grade", by="hall")
    for _, row in out.iterrows():
        sub = ratings[ratings.hall == row["hall"]]
        assert row["count"] == sub.grade.isin(["不满意", "非常不满意"]).sum()
    stars = pd.DataFrame({"g": [1, 2, 3, 4, 5]})
    assert bad_rating_rate(stars, "g")["estimate"].iloc[0] == pytest.approx(0.4)


def test_grade_text_variants_and_missing():
    df = pd.DataFrame({"g": ["满意 ", "5", None, "非常不满意"]}, index=[1, 2, 3, 4])
    assert grade_scores(df, "g").tolist()[:2] == [4.0, 5.0]
    out = satisfaction_rate(df, "g")
    assert out["n"].iloc[0] == 3
    assert out.attrs["excluded"]["row"].tolist() == [3]


def test_unknown_grade_names_rows():
    df = pd.DataFrame({"g": ["满意", "很好", "满意", "一般"]}, index=[10, 11, 12, 13])
    with pytest.raises(InputError, match=r"'g'.*11, 13") as err:
        satisfaction_rate(df, "g")
    assert err.value.column == "g" and err.value.rows == [11, 13]
    with pytest.raises(InputError, match=r"'g'.*1"):
        satisfaction_rate(pd.DataFrame({"g": [5, 6]}), "g")
    with pytest.raises(InputError, match="'grade'"):
        satisfaction_rate(df, "grade")
    with pytest.raises(InputError, match="empty"):
        satisfaction_rate(df.iloc[:0], "g")
    with pytest.raises(InputError, match="all missing"):
        satisfaction_rate(pd.DataFrame({"g": [None, None]}), "g")
    with pytest.raises(HelpersError, match="满意吧"):
        satisfaction_rate(df.iloc[[0]], "g", satisfied=("满意吧",))


def test_csat_worked_case_10():
    df = pd.DataFrame({"s": [5] * 10 + [4] * 20 + [3] * 10 + [2] * 5 + [1] * 5})
    out = csat_top2(df, "s")
    assert out["estimate"].iloc[0] == pytest.approx(0.60)
    lo, hi = proportion_confint(30, 50, method="wilson")
    assert out["ci_low"].iloc[0] == pytest.approx(lo)
    assert out["mean_score"].iloc[0] == pytest.approx(3.5)
    seven = csat_top2(pd.DataFrame({"s": [7, 6, 5, 1]}), "s", scale=7)
    assert seven["estimate"].iloc[0] == 0.5
    with pytest.raises(InputError, match=r"'s'.*2"):
        csat_top2(pd.DataFrame({"s": [5, 4, 6]}), "s")
    with pytest.raises(InputError, match=r"'s'.*1"):
        csat_top2(pd.DataFrame({"s": [5, 4.5]}), "s")


def test_csat_by_group_mean():
    df = pd.DataFrame({"s": [5, 4, 1, 2], "g": ["b", "b", "a", "a"]})
    out = csat_top2(df, "s", by="g")
    assert out["g"].tolist() == ["a", "b"]
    assert out["estimate"].tolist() == [0.0, 1.0]
    assert out["mean_score"].tolist() == [1.5, 4.5]


def test_nps_worked_case_9_and_variance():
    df = pd.DataFrame({"r": [10] * 30 + [7] * 50 + [0] * 20})
    out = nps(df, "r").iloc[0]
    assert out["estimate"] == pytest.approx(10.0)
    # reference: variance of the mean of the per-person score x = +1/0/−1
    x = np.r_[np.ones(30), np.zeros(50), -np.ones(20)]
    se = x.std(ddof=0) / np.sqrt(100)
    assert out["ci_high"] - out["estimate"] == pytest.approx(100 * 1.959964 * se, rel=1e-5)
    assert (out["promoters"], out["passives"], out["detractors"]) == pytest.approx((0.3, 0.5, 0.2))
    with pytest.raises(InputError, match=r"'r'.*1"):
        nps(pd.DataFrame({"r": [10, 11]}), "r")
    with pytest.raises(InputError, match=r"'r'.*0"):
        nps(pd.DataFrame({"r": ["十", 3]}), "r")


def test_nps_by():
    df = pd.DataFrame({"r": [10, 0, 10, 10], "g": ["x", "x", "y", "y"]})
    out = nps(df, "r", by="g")
    assert out["estimate"].tolist() == [0.0, 100.0]
    assert out["ci_high"].max() <= 100


@settings(max_examples=50, deadline=None)
@given(st.lists(st.integers(0, 10), min_size=1, max_size=60))
def test_nps_property(scores):
    out = nps(pd.DataFrame({"r": scores}), "r").iloc[0]
    assert -100 <= out["ci_low"] <= out["estimate"] <= out["ci_high"] <= 100
    assert out["promoters"] + out["passives"] + out["detractors"] == pytest.approx(1)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.sampled_from(RATING_GRADES + (None,)), min_size=1, max_size=60))
def test_rate_property(grades):
    df = pd.DataFrame({"g": grades})
    if df["g"].isna().all():
        with pytest.raises(InputError):
            satisfaction_rate(df, "g")
        return
    s = satisfaction_rate(df, "g").iloc[0]
    b = bad_rating_rate(df, "g").iloc[0]
    for r in (s, b):
        assert 0 <= r["ci_low"] <= r["estimate"] <= r["ci_high"] <= 1
    assert s["estimate"] + b["estimate"] <= 1 + 1e-12


# --- fair ranking -------------------------------------------------------------------------------

def _windows(seed: int = 5, units: int = 40) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    theta = rng.beta(16, 4, units)
    sizes = rng.integers(20, 300, units)
    rows = []
    for i, (t, m) in enumerate(zip(theta, sizes)):
        good = rng.random(m) < t
        rows += [(f"W{i:02d}", "满意" if g else "不满意") for g in good]
    rows += [("tiny", "非常满意")] * 3 + [("tiny_bad", "非常不满意")] * 2
    return pd.DataFrame(rows, columns=["window", "grade"])


def test_fair_ranking_small_window_not_on_top_or_bottom():
    df = _windows()
    out = fair_ranking(df, grade="grade")
    tiny = out.set_index("unit").loc["tiny"]
    assert tiny["raw_rank"] == 1 and tiny["rank"] > 1
    bad = out.set_index("unit").loc["tiny_bad"]
    assert bad["raw_rate"] == 0 and bad["rank"] < len(out)
    assert out["rank"].is_monotonic_increasing
    assert list(out.columns) == ["unit", "n", "count", "raw_rate", "estimate", "ci_low",
                                 "ci_high", "rank", "raw_rank"]


def test_fair_ranking_ml_prior_is_the_betabinomial_mle():
    df = _windows(seed=11)
    out = fair_ranking(df, grade="grade")
    a, b = out.attrs["prior_alpha"], out.attrs["prior_beta"]
    k = out["count"].to_numpy()
    n = out["n"].to_numpy()

    def nll(log_ab):
        return -stats.betabinom.logpmf(k, n, *np.exp(log_ab)).sum()

    ref = optimize.minimize(nll, np.log([1.0, 1.0]), method="Nelder-Mead",
                            options={"xatol": 1e-8, "fatol": 1e-10, "maxiter": 5000})
    assert nll(np.log([a, b])) <= ref.fun + 1e-4
    # posterior mean and interval from scipy.stats.beta
    row = out.iloc[0]
    post = stats.beta(a + row["count"], b + row["n"] - row["count"])
    assert row["estimate"] == pytest.approx(post.mean())
    assert (row["ci_low"], row["ci_high"]) == pytest.approx(post.interval(0.95))


def test_fair_ranking_moments_prior_close_to_truth():
    df = _windows(seed=2, units=150)
    out = fair_ranking(df, grade="grade", prior="moments")
    assert out.attrs["prior_mean"] == pytest.approx(0.8, abs=0.03)
    assert out.attrs["prior_alpha"] + out.attrs["prior_beta"] == pytest.approx(20, rel=0.6)


def test_fair_ranking_shrinks_between_raw_and_prior():
    out = fair_ranking(_windows(seed=4), grade="grade")
    m = out.attrs["prior_mean"]
    lo = np.minimum(out["raw_rate"], m) - 1e-12
    hi = np.maximum(out["raw_rate"], m) + 1e-12
    assert ((out["estimate"] >= lo) & (out["estimate"] <= hi)).all()
    assert ((out["ci_low"] <= out["estimate"]) & (out["estimate"] <= out["ci_high"])).all()


def test_fair_ranking_no_overdispersion_pools_fully():
    df = pd.DataFrame({"window": ["a"] * 10 + ["b"] * 10,
                       "grade": ["满意", "不满意"] * 10})
    out = fair_ranking(df, grade="grade")
    assert out["estimate"].tolist() == pytest.approx([0.5, 0.5], abs=1e-3)


def test_fair_ranking_errors():
    df = pd.DataFrame({"window": ["a", "a", None], "grade": ["满意", "不满意", "满意"]})
    with pytest.raises(InputError, match="'window'"):
        fair_ranking(df, grade="grade")
    with pytest.raises(InputError, match="'unit'"):
        fair_ranking(df, grade="grade", unit="unit")
    with pytest.raises(HelpersError, match="prior"):
        fair_ranking(df, grade="grade", prior="bayes")
    df2 = pd.DataFrame({"window": ["a", "b", None], "grade": ["满意", "不满意", "满意"]})
    out = fair_ranking(df2, grade="grade")
    assert out.attrs["excluded"]["row"].tolist() == [2]


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 30), st.integers(1, 30)), min_size=2, max_size=12))
def test_fair_ranking_property(units):
    rows = []
    for i, (good, size) in enumerate(units):
        good = min(good, size)
        rows += [(f"u{i}", "满意")] * good + [(f"u{i}", "不满意")] * (size - good)
    out = fair_ranking(pd.DataFrame(rows, columns=["window", "grade"]), grade="grade")
    assert out["estimate"].between(0, 1).all()
    assert ((out["ci_low"] <= out["estimate"] + 1e-12)
            & (out["estimate"] <= out["ci_high"] + 1e-12)).all()
    assert out["n"].sum() == len(rows)


def test_fair_ranking_refuses_unit_keys_of_mixed_types():
    df = pd.DataFrame({"window": [1, "1", 2, 2, 1, "1"],
                       "grade": ["满意", "不满意", "满意", "满意", "不满意", "满意"]}, index=range(10, 16))
    with pytest.raises(InputError, match="混有不同类型") as err:
        fair_ranking(df, grade="grade")
    assert err.value.column == "window" and err.value.rows == list(range(10, 16))
    assert "astype(str)" in str(err.value)
    fixed = fair_ranking(df.assign(window=df["window"].astype(str)), grade="grade")
    assert sorted(fixed["unit"]) == ["1", "2"] and fixed["n"].sum() == 6
    numbers = fair_ranking(df.assign(window=[1, 1.0, 2, 2.0, 1, 1]), grade="grade")
    assert len(numbers) == 2
