"""Tests of helpers.equity (Adams 1965)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import InputError
from helpers._validate import HelpersError
from helpers.equity import EQUITY_LABELS, compare_equity, equity_against_reference, equity_ratios


@pytest.fixture
def worked() -> pd.DataFrame:
    # domain brief §11 #21
    return pd.DataFrame({"who": ["A", "B"], "permits": [1, 1], "trips": [3, 1]})


def test_worked_case_21(worked):
    r = equity_ratios(worked, outcome="permits", inputs=["trips"], person="who")
    assert r["ratio"].tolist() == pytest.approx([1 / 3, 1.0])
    out = compare_equity("A", "B", ratios=r)
    row = out.iloc[0]
    assert row["ratio_a"] == pytest.approx(0.3333, abs=1e-4)
    assert row["ratio_b"] == 1.0
    assert row["label"] == "under-rewarded"
    assert row["label_zh"] == EQUITY_LABELS["under-rewarded"]
    # and from B's side
    assert compare_equity("B", "A", ratios=r)["label"].iloc[0] == "over-rewarded"


def test_weights_combine_inputs():
    df = pd.DataFrame({"o": [2.0, 1.0], "trips": [1, 2], "hours": [3, 0], "docs": [4, 1]})
    r = equity_ratios(df, "o", ["trips", "hours", "docs"], weights=[2, 1, 0.5])
    assert r["input_total"].tolist() == [2 + 3 + 2, 4 + 0 + 0.5]
    assert r["ratio"].tolist() == pytest.approx([2 / 7, 1 / 4.5])
    same = equity_ratios(df, "o", ["trips", "hours", "docs"],
                         weights={"docs": 0.5, "trips": 2, "hours": 1})
    pd.testing.assert_frame_equal(r, same)
    assert r["person"].tolist() == [0, 1]


def test_tolerance_band():
    assert compare_equity(0.97, 1.0)["label"].iloc[0] == "equitable"
    assert compare_equity(0.97, 1.0, tolerance=0)["label"].iloc[0] == "under-rewarded"
    assert compare_equity(1.2, 1.0)["label"].iloc[0] == "over-rewarded"


def test_against_reference():
    df = pd.DataFrame({"p": [1, 1, 2, 1], "t": [3, 1, 1, 1]}, index=list("ABCD"))
    r = equity_ratios(df, "p", "t")
    out = equity_against_reference(r)
    assert out["reference_ratio"].iloc[0] == 1.0
    assert out["label"].tolist() == ["under-rewarded", "equitable", "over-rewarded", "equitable"]
    out_b = equity_against_reference(r, reference="C")
    assert out_b["label"].tolist() == ["under-rewarded"] * 2 + ["equitable", "under-rewarded"]
    with pytest.raises(InputError, match="'Z'"):
        equity_against_reference(r, reference="Z")


def test_missing_values_are_excluded_and_reported():
    df = pd.DataFrame({"p": [1, np.nan, 1], "t": [1, 2, np.nan]}, index=[10, 11, 12])
    r = equity_ratios(df, "p", "t")
    assert r["person"].tolist() == [10]
    assert sorted(r.attrs["excluded"]["row"]) == [11, 12]


def test_bad_inputs():
    df = pd.DataFrame({"p": [1, 1], "t": [0, 1], "who": ["a", "a"]}, index=[5, 6])
    with pytest.raises(InputError, match=r"5") as err:
        equity_ratios(df, "p", "t")
    assert err.value.rows == [5]
    with pytest.raises(InputError, match="'who'"):
        equity_ratios(df.assign(t=1), "p", "t", person="who")
    with pytest.raises(InputError, match="'x'"):
        equity_ratios(df, "p", ["x"])
    with pytest.raises(InputError, match=r"'t'.*6"):
        equity_ratios(df.assign(t=[1, -2]), "p", "t")
    with pytest.raises(InputError, match=r"'p'.*5"):
        equity_ratios(df.assign(p=["一", 1]), "p", "t")
    with pytest.raises(InputError, match="empty"):
        equity_ratios(df.iloc[:0], "p", "t")
    with pytest.raises(InputError, match="all missing"):
        equity_ratios(df.assign(p=np.nan), "p", "t")
    with pytest.raises(HelpersError, match="weights"):
        equity_ratios(df.assign(t=1), "p", "t", weights=[1, 2])
    with pytest.raises(HelpersError, match="weights"):
        equity_ratios(df.assign(t=1), "p", "t", weights=[-1])
    with pytest.raises(HelpersError, match="ratio"):
        compare_equity("a", "b")
    with pytest.raises(HelpersError, match="tolerance"):
        compare_equity(1, 1, tolerance=2)


@settings(max_examples=60, deadline=None)
@given(oa=st.floats(0.01, 100), ia=st.floats(0.01, 100), ob=st.floats(0.01, 100),
       ib=st.floats(0.01, 100), tol=st.floats(0, 0.5))
def test_property_label_consistent(oa, ia, ob, ib, tol):
    out = compare_equity(oa / ia, ob / ib, tolerance=tol).iloc[0]
    if oa / ia < (ob / ib) * (1 - tol) * (1 - 1e-9):
        assert out["label"] == "under-rewarded"
    elif oa / ia > (ob / ib) * (1 + tol) * (1 + 1e-9):
        assert out["label"] == "over-rewarded"
    # symmetric: swapping A and B never gives the same non-equitable label
    back = compare_equity(ob / ib, oa / ia, tolerance=0).iloc[0]
    if out["label"] != "equitable" and back["label"] != "equitable":
        assert back["label"] != out["label"]
