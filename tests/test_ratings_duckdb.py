"""DuckDB-over-Parquet satisfaction rates equal the in-memory pandas path."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers import InputError
from helpers.ratings import satisfaction_rate
from helpers.ratings_duckdb import satisfaction_rate_parquet
from helpers.simulate import ratings_log_parquet


@pytest.fixture(scope="module")
def parquet(tmp_path_factory):
    return ratings_log_parquet(tmp_path_factory.mktemp("r") / "ratings.parquet", n=20_000,
                               chunk_rows=7_000, seed=3)


@pytest.mark.parametrize("by", [None, "window", ["department", "channel"]])
def test_equals_pandas(parquet, by):
    frame = pd.read_parquet(parquet)
    expected = satisfaction_rate(frame, "grade", by=by)
    got = satisfaction_rate_parquet(parquet, by=by)
    if by is not None:
        cols = [by] if isinstance(by, str) else by
        expected = expected.sort_values(cols).reset_index(drop=True)
    pd.testing.assert_frame_equal(got.reset_index(drop=True), expected.reset_index(drop=True),
                                  check_dtype=False)


def test_definition_is_configurable(parquet):
    strict = satisfaction_rate_parquet(parquet)
    loose = satisfaction_rate_parquet(parquet, satisfied=("非常满意", "满意", "基本满意"))
    assert loose.loc[0, "estimate"] >= strict.loc[0, "estimate"]
    assert "基本满意" in loose.attrs["definition"]


def test_unknown_grade_and_missing_grades(tmp_path):
    df = pd.DataFrame({"grade": ["满意", "很好", None, "非常满意", "很好"], "window": list("aabbb")})
    f = tmp_path / "bad.parquet"
    df.to_parquet(f)
    with pytest.raises(InputError, match="很好") as err:
        satisfaction_rate_parquet(f)
    assert err.value.column == "grade" and err.value.rows == [1]
    ok = df[df.grade != "很好"]
    g = tmp_path / "ok.parquet"
    ok.to_parquet(g)
    out = satisfaction_rate_parquet(g)
    assert out.loc[0, "n"] == 2 and len(out.attrs["excluded"]) == 1


def test_missing_file_and_column(tmp_path, parquet):
    with pytest.raises(InputError, match="找不到文件"):
        satisfaction_rate_parquet(tmp_path / "none.parquet")
    with pytest.raises(InputError, match="缺少列"):
        satisfaction_rate_parquet(parquet, by="counter")


def test_by_month_equals_pandas(parquet):
    frame = pd.read_parquet(parquet)
    frame["month"] = pd.to_datetime(frame["time"]).dt.strftime("%Y-%m")
    expected = satisfaction_rate(frame, "grade", by=["window", "month"]).sort_values(
        ["window", "month"]).reset_index(drop=True)
    got = satisfaction_rate_parquet(parquet, by="window", month="time")
    assert list(got.columns[:2]) == ["window", "month"]
    pd.testing.assert_frame_equal(got.reset_index(drop=True), expected, check_dtype=False)
    with pytest.raises(Exception, match="month"):
        satisfaction_rate_parquet(parquet, by="month", month="time")
