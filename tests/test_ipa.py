"""Tests of helpers.ipa (importance–performance analysis)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.formula.api as smf
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from helpers import InputError
from helpers._validate import HelpersError
from helpers.ipa import QUADRANTS, derived_importance, diagonal, gap_priority, ipa


@pytest.fixture
def long() -> pd.DataFrame:
    rng = np.random.default_rng(9)
    attrs = {"等候时间": (4.7, 2.8), "态度": (4.4, 4.3), "环境": (3.1, 4.5), "指引": (3.0, 3.0),
             "网办": (4.0, 3.4)}
    rows = []
    for resp in range(60):
        for a, (mi, mp) in attrs.items():
            rows.append((resp, a, int(np.clip(round(rng.normal(mi, 0.6)), 1, 5)),
                         int(np.clip(round(rng.normal(mp, 0.6)), 1, 5))))
    return pd.DataFrame(rows, columns=["rid", "attr", "imp", "perf"])


KW = dict(attribute="attr", importance="imp", performance="perf")


def test_ipa_matches_groupby_and_quadrants(long):
    out = ipa(long, **KW)
    means = long.groupby("attr", sort=False)[["imp", "perf"]].mean()
    np.testing.assert_allclose(out.set_index("attribute").loc[means.index, "importance"], means.imp)
    ci, cp = means.imp.mean(), means.perf.mean()
    assert out["importance_cross"].iloc[0] == pytest.approx(ci)
    for _, row in out.iterrows():
        hi_i, hi_p = row.importance >= ci, row.performance >= cp
        code = {(True, False): "A", (True, True): "B", (False, False): "C", (False, True): "D"}[
            (hi_i, hi_p)]
        assert row.quadrant == code
        assert (row.label, row.label_zh) == QUADRANTS[code]
    q = out.set_index("attribute")["quadrant"]
    assert q["等候时间"] == "A" and q["态度"] == "B" and q["环境"] == "D" and q["指引"] == "C"
    assert (out["n"] == 60).all()
    assert list(out.columns) == ["attribute", "importance", "performance", "n", "quadrant",
                                 "label", "label_zh", "importance_cross", "performance_cross"]


def test_ipa_scale_centre_and_median(long):
    out = ipa(long, **KW, centre="scale", scale=(1, 5))
    assert out["importance_cross"].iloc[0] == 3.0 == out["performance_cross"].iloc[0]
    seven = ipa(long, **KW, centre="scale", scale=(1, 7))
    assert seven["performance_cross"].iloc[0] == 4.0
    med = ipa(long, **KW, statistic="median")
    ref = long.groupby("attr", sort=False)["perf"].median()
    np.testing.assert_allclose(med.set_index("attribute").loc[ref.index, "performance"], ref)
    assert med["performance_cross"].iloc[0] == pytest.approx(ref.median())


def test_ipa_aggregated_input_and_exclusions():
    df = pd.DataFrame({"attr": ["a", "b", "b", None], "imp": [5, 4, np.nan, 3],
                       "perf": [2, 4, 5, 3]}, index=[1, 2, 3, 4])
    out = ipa(df, **KW)
    assert out["attribute"].tolist() == ["a", "b"]
    assert out.set_index("attribute").loc["b", "performance"] == 4.5
    ex = out.attrs["excluded"]
    assert sorted(ex["row"]) == [3, 4]


def test_diagonal_and_gap_priority(long):
    d = diagonal(long, **KW)
    assert d["gap"].is_monotonic_decreasing
    assert d["attribute"].iloc[0] == "等候时间"
    assert (d["above_diagonal"] == (d["importance"] > d["performance"])).all()
    np.testing.assert_allclose(d["gap"], d["importance"] - d["performance"])
    g = gap_priority(long, **KW)
    np.testing.assert_allclose(g["priority_score"],
                               g["importance"] * (g["importance"] - g["performance"]))
    assert g["priority_score"].is_monotonic_decreasing
    ref = long.assign(exp=np.clip(long.perf + 1, 1, 5))
    gr = gap_priority(ref, **KW, reference="exp")
    assert (gr["gap"] < 0).all()
    assert list(gr.columns) == ["attribute", "importance", "performance", "reference", "n",
                                "gap", "priority_score", "priority"]


def test_derived_importance_correlation_matches_scipy():
    rng = np.random.default_rng(1)
    x = rng.normal(size=(200, 3))
    df = pd.DataFrame(x, columns=["a", "b", "c"])
    df["overall"] = x @ [0.6, 0.3, 0.0] + rng.normal(0, 0.7, 200)
    df.loc[5, "b"] = np.nan
    out = derived_importance(df, overall="overall", attributes=["a", "b", "c"],
                             scale=None)
    complete = df.dropna()
    for _, row in out.iterrows():
        res = stats.pearsonr(complete[row.attribute], complete.overall)
        assert row.estimate == pytest.approx(res.statistic)
        iv = res.confidence_interval()
        assert (row.ci_low, row.ci_high) == pytest.approx((iv.low, iv.high))
        assert row.p_value == pytest.approx(res.pvalue)
    assert (out["n"] == 199).all()
    assert out.attrs["excluded"]["row"].tolist() == [5]
    assert out.set_index("attribute")["rank"].to_dict() == {"a": 1, "b": 2, "c": 3}


def test_derived_importance_regression_matches_statsmodels():
    rng = np.random.default_rng(2)
    x = rng.normal(size=(150, 2))
    df = pd.DataFrame({"a": x[:, 0] * 2 + 1, "b": x[:, 1] * 0.5})
    df["overall"] = 0.5 * df.a + 1.0 * df.b + rng.normal(0, 0.5, 150)
    out = derived_importance(df, overall="overall", attributes=["a", "b"], method="regression",
                             scale=None)
    z = (df - df.mean()) / df.std()
    ref = smf.ols("overall ~ a + b", data=z).fit()
    np.testing.assert_allclose(out["estimate"], ref.params[["a", "b"]])
    np.testing.assert_allclose(out["ci_low"], ref.conf_int().loc[["a", "b"], 0])
    assert out.attrs["r_squared"] == pytest.approx(ref.rsquared)


def test_bad_inputs(long):
    with pytest.raises(InputError, match="'imp2'"):
        ipa(long, attribute="attr", importance="imp2", performance="perf")
    bad = long.astype({"perf": object})
    bad.loc[7, "perf"] = "好"
    with pytest.raises(InputError, match=r"'perf'.*7") as err:
        ipa(bad, **KW)
    assert err.value.rows == [7]
    with pytest.raises(InputError, match=r"'imp'.*3"):
        ipa(long.assign(imp=long.imp.where(long.index != 3, 9)), **KW)
    with pytest.raises(InputError, match="empty"):
        ipa(long.iloc[:0], **KW)
    with pytest.raises(InputError, match="all missing"):
        ipa(long.assign(perf=np.nan), **KW)
    with pytest.raises(InputError, match="环境"):
        ipa(long.assign(perf=long.perf.where(long.attr != "环境")), **KW)
    with pytest.raises(HelpersError, match="centre"):
        ipa(long, **KW, centre="middle")
    with pytest.raises(HelpersError, match="statistic"):
        ipa(long, **KW, statistic="mode")
    with pytest.raises(HelpersError, match="scale"):
        ipa(long, **KW, scale=(5, 1))
    wide = pd.DataFrame({"o": [1, 2, 3, 4], "a": [1, 1, 1, 1], "b": [1, 3, 2, 4]})
    with pytest.raises(InputError, match="'a'"):
        derived_importance(wide, overall="o", attributes=["a", "b"])
    with pytest.raises(HelpersError, match="method"):
        derived_importance(wide, overall="o", attributes=["b"], method="shapley")
    with pytest.raises(InputError, match="complete rows"):
        derived_importance(wide.iloc[:2], overall="o", attributes=["b"])


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(list("abcdef")), st.integers(1, 7), st.integers(1, 7)),
                min_size=1, max_size=60))
def test_property_quadrants_consistent(rows):
    df = pd.DataFrame(rows, columns=["attr", "imp", "perf"])
    out = ipa(df, **KW, scale=(1, 7))
    assert out["quadrant"].isin(list("ABCD")).all()
    assert out["importance"].between(1, 7).all() and out["performance"].between(1, 7).all()
    d = diagonal(df, **KW, scale=(1, 7))
    assert set(d["attribute"]) == set(out["attribute"])
    assert (d["priority"] >= 1).all() and d["priority"].min() == 1
