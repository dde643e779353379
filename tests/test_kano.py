"""Tests of helpers.kano (classification, Better/Worse, Fong test)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import InputError
from helpers.kano import ANSWER_CODES, CATEGORIES, EVALUATION_TABLE, classify, kano_summary

PAIR = {"A": (1, 3), "O": (1, 5), "M": (2, 5), "I": (3, 3), "R": (5, 1), "Q": (1, 1)}


def _frame(feature: str, **counts: int) -> pd.DataFrame:
    rows = []
    for cat, k in counts.items():
        rows += [(feature, *PAIR[cat])] * k
    return pd.DataFrame(rows, columns=["feat", "fun", "dys"])


KW = dict(feature="feat", functional="fun", dysfunctional="dys")


def test_worked_case_8_classify():
    cases = [(("Like", "Dislike"), "O"), (("Like", "Live-with"), "A"),
             (("Must-be", "Dislike"), "M"),
             (("Like", "Like"), "Q"), (("Dislike", "Like"), "R"), (("Neutral", "Neutral"), "I")]
    out = classify([f for (f, _), _ in cases], [d for (_, d), _ in cases])
    assert out["category"].tolist() == [c for _, c in cases]
    assert out["category_zh"].tolist() == [CATEGORIES[c][1] for _, c in cases]


def test_full_table_by_codes_and_chinese_text():
    f, d = np.meshgrid(range(1, 6), range(1, 6), indexing="ij")
    out = classify(f.ravel(), d.ravel())
    assert "".join(out["category"]) == "".join(EVALUATION_TABLE)
    zh = ["喜欢", "理所当然", "无所谓", "能忍受", "不喜欢"]
    out_zh = classify([zh[i - 1] for i in f.ravel()], [zh[i - 1] for i in d.ravel()])
    assert out_zh["category"].tolist() == out["category"].tolist()
    assert all(1 <= v <= 5 for v in ANSWER_CODES.values())


def test_classify_with_data_keeps_index_and_reports_missing():
    df = pd.DataFrame({"fun": [" LIKE ", None, 2], "dys": ["dislike", 5, "dislike"]},
                      index=["r1", "r2", "r3"])
    out = classify("fun", "dys", data=df)
    assert list(out.index) == ["r1", "r2", "r3"]
    assert out["category"].tolist()[0] == "O" and out["category"].iloc[2] == "M"
    assert pd.isna(out["category"].iloc[1]) and pd.isna(out["category_zh"].iloc[1])
    assert out.attrs["excluded"]["row"].tolist() == ["r2"]


def test_worked_case_3():
    out = kano_summary(_frame("f", M=95, O=123, A=45, I=33), **KW).iloc[0]
    assert out["better"] == pytest.approx(0.568, abs=5e-4)
    assert out["worse"] == pytest.approx(-0.736, abs=5e-4)
    assert out["category"] == "O"
    assert (out["A"], out["O"], out["M"], out["I"], out["R"], out["Q"]) == (45, 123, 95, 33, 0, 0)
    assert out["total_strength"] == pytest.approx((45 + 123 + 95) / 296)
    assert out["category_strength"] == pytest.approx((123 - 95) / 296)
    crit = 1.65 * math.sqrt((123 + 95) * (2 * 296 - 123 - 95) / (2 * 296))
    assert out["fong_critical"] == pytest.approx(crit)
    assert out["fong_significant"] == (28 >= crit)


def test_worked_case_4_r_and_q_excluded_from_denominator():
    out = kano_summary(_frame("f", M=101, O=54, A=54, I=81, R=3, Q=3), **KW).iloc[0]
    assert out["better"] == pytest.approx(0.372, abs=5e-4)
    assert out["worse"] == pytest.approx(-0.534, abs=5e-4)
    assert out["n"] == 296
    assert out["category"] == "M"


def test_tie_rule_m_o_a_i():
    assert kano_summary(_frame("f", A=5, O=5, M=5, I=5), **KW)["category"].iloc[0] == "M"
    assert kano_summary(_frame("f", A=5, O=5, I=5), **KW)["category"].iloc[0] == "O"
    assert kano_summary(_frame("f", A=5, I=5, R=1), **KW)["category"].iloc[0] == "A"


def test_several_features_in_order():
    df = pd.concat([_frame("网上预约", A=30, O=10, I=5), _frame("叫号屏", M=40, I=10)])
    out = kano_summary(df, **KW)
    assert out["feature"].tolist() == ["网上预约", "叫号屏"]
    assert out["category"].tolist() == ["A", "M"]
    assert out["category_zh"].tolist() == ["魅力型", "必备型"]
    assert bool(out["fong_significant"].iloc[1])


def test_bad_inputs():
    df = pd.DataFrame({"feat": ["a", "a", "a"], "fun": [1, 6, 0], "dys": [5, 5, 5]},
                      index=[4, 5, 6])
    with pytest.raises(InputError, match=r"'fun'.*5, 6") as err:
        kano_summary(df, **KW)
    assert err.value.rows == [5, 6]
    with pytest.raises(InputError, match=r"'dys'.*4"):
        kano_summary(df.assign(fun=1, dys=["maybe", 5, 5]), **KW)
    with pytest.raises(InputError, match=r"'fun'.*5"):
        kano_summary(df.assign(fun=[1, 2.5, 3]), **KW)
    with pytest.raises(InputError, match="'feature2'"):
        kano_summary(df, feature="feature2", functional="fun", dysfunctional="dys")
    with pytest.raises(InputError, match="empty"):
        kano_summary(df.iloc[:0], **KW)
    with pytest.raises(InputError, match="all missing"):
        kano_summary(df.assign(fun=np.nan), **KW)
    with pytest.raises(InputError, match="answers"):
        classify([1, 2], [1])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 5), st.integers(1, 5)), min_size=1, max_size=80))
def test_property_better_worse_ranges(pairs):
    df = pd.DataFrame([("f", a, b) for a, b in pairs], columns=["feat", "fun", "dys"])
    out = kano_summary(df, **KW).iloc[0]
    assert out["n"] == len(pairs)
    assert out[list("AOMIRQ")].sum() == len(pairs)
    if not np.isnan(out["better"]):
        assert 0 <= out["better"] <= 1 and -1 <= out["worse"] <= 0
    assert 0 <= out["total_strength"] <= 1 and 0 <= out["category_strength"] <= 1
    assert out[out["category"]] == out[list("AOMIRQ")].max()
