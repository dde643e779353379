"""Tests of helpers.scales: scale scores and the readers every measure uses."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from helpers import HelpersError, InputError
from helpers.scales import check_scale, column, read_items, read_numeric, real_option, scale_scores


def test_scale_scores_by_hand_and_exclusions():
    df = pd.DataFrame({"E1": [5, 6, None], "E2": [7, None, None], "E3": [6, 6, 2]},
                      index=["a", "b", "c"])
    out = scale_scores(df, {"expectation": ["E1", "E2", "E3"]}, min_answered=0.5)
    assert out["expectation"].tolist()[:2] == [6.0, 6.0] and np.isnan(out.loc["c", "expectation"])
    assert out["n_items_expectation"].tolist() == [3, 2, 1]
    ex = out.attrs["excluded"]
    assert ex["row"].tolist() == ["c"] and ex["column"].tolist() == ["expectation"]
    # rows in = rows with a score + rows excluded
    assert out["expectation"].notna().sum() + len(ex) == len(df)


def test_scale_scores_refuses_codes_and_bad_options():
    df = pd.DataFrame({"E1": [5, 99, 6], "E2": [7, 6, 5]})
    with pytest.raises(InputError) as err:
        scale_scores(df, {"e": ["E1", "E2"]})
    assert err.value.column == "E1" and err.value.rows == [1] and "98/99" in str(err.value)
    assert scale_scores(df, {"e": ["E1", "E2"]}, scale=(1, 99))["e"].tolist() == [6, 52.5, 5.5]
    for bad in ({}, {"e": "E1"}, None):
        with pytest.raises(HelpersError):
            scale_scores(df, bad)
    for bad in (0, 1.5, True, "half"):
        with pytest.raises(HelpersError):
            scale_scores(df, {"e": ["E2"]}, min_answered=bad)
    with pytest.raises(InputError, match="missing column"):
        scale_scores(df, {"e": ["E2"]}, keep=["wave"])


@pytest.mark.parametrize("values, expected", [
    ([1, 2, 3], [1, 2, 3]),
    (pd.array([1, None, 3], dtype="Int64"), [1, np.nan, 3]),
    (["１", " 2 ", "3.0"], [1, 2, 3]),                     # full-width, blanks, "3.0"
    (["", "2", None], [np.nan, 2, np.nan]),                 # empty text is missing
    (pd.Categorical([1, 2, 3]), [1, 2, 3]),
    (pd.array(["1", None, "3"], dtype="string"), [1, np.nan, 3]),
])
def test_read_numeric_accepts(values, expected):
    got = read_numeric(pd.DataFrame({"x": values}), "x", scale=(1, 7))
    np.testing.assert_array_equal(got.to_numpy(), np.array(expected, dtype=float))


@pytest.mark.parametrize("values, row, words", [
    ([1, "不知道", 3], 1, "not numbers"),
    (["NA", 2, 3], 0, "not numbers"),
    ([1, 2, True], 2, "boolean"),
    (pd.Series([True, False, True]), 0, "boolean"),
    ([1, np.inf, 3], 1, "infinite"),
    ([1, 2, 98], 2, "outside the scale"),
    (pd.to_datetime(["2024-01-01"] * 3), 0, "dates"),
    ([1 + 1j, 2, 3], 0, "complex"),
    ([1, 2.5, 3], 1, "non-integer"),
])
def test_read_numeric_refuses(values, row, words):
    with pytest.raises(InputError) as err:
        read_numeric(pd.DataFrame({"x": values}), "x", scale=(1, 7), integer=True)
    assert err.value.column == "x" and err.value.rows[0] == row
    assert words in str(err.value)


def test_read_numeric_whole_column_problems():
    with pytest.raises(InputError, match="all missing in 2 rows"):
        read_numeric(pd.DataFrame({"x": [None, None]}), "x")
    with pytest.raises(InputError, match="appears 2 times"):
        column(pd.DataFrame([[1, 2]], columns=["x", "x"]), "x")
    with pytest.raises(InputError, match="missing"):
        read_numeric(pd.DataFrame({"x": [1, None]}), "x", allow_missing=False)
    with pytest.raises(InputError, match=r"outside \[0, ∞\]"):
        read_numeric(pd.DataFrame({"x": [1, -2]}), "x", lo=0)


def test_read_items_fast_path_equals_slow_path():
    rng = np.random.default_rng(0)
    x = rng.integers(1, 8, size=(50, 4)).astype(float)
    x[rng.random(x.shape) < 0.1] = np.nan
    df = pd.DataFrame(x, columns=list("abcd"))
    np.testing.assert_array_equal(read_items(df, list("abcd")), x)
    np.testing.assert_array_equal(read_items(df.astype(object), list("abcd")), x)
    with pytest.raises(InputError, match="listed twice"):
        read_items(df, ["a", "a"])
    with pytest.raises(InputError):
        read_items(df, [])
    with pytest.raises(InputError) as err:
        read_items(df.assign(c=df.c.where(df.index != 7, 99)), list("abcd"))
    assert err.value.column == "c" and err.value.rows == [7]


def test_options():
    assert real_option(np.int64(3), "k", lo=0, integer=True) == 3.0
    assert check_scale([np.int64(1), np.float32(5)]) == (1.0, 5.0)
    assert check_scale(None, allow_none=True) is None
    for bad in (None, (1,), (1, 2, 3), "17", (1, np.nan), (True, 7), (3, 3)):
        with pytest.raises(HelpersError):
            check_scale(bad)
    for bad in (True, np.bool_(False), "1", None, np.nan, [1]):
        with pytest.raises(HelpersError):
            real_option(bad, "x")
    with pytest.raises(HelpersError, match=r"\(0, 1\]"):
        real_option(0, "x", lo=0, hi=1, lo_open=True)
