"""Province-scale 好差评 log: 10 million ratings in Parquet, satisfaction by window via DuckDB."""

from __future__ import annotations

import time

import pytest

from helpers.ratings_duckdb import satisfaction_rate_parquet
from helpers.simulate import ratings_log_parquet

N_ROWS = 10_000_000


@pytest.fixture(scope="module")
def big_parquet(tmp_path_factory):
    t0 = time.perf_counter()
    path = ratings_log_parquet(tmp_path_factory.mktemp("big") / "ratings.parquet", n=N_ROWS)
    print(f"\nwrote {N_ROWS:,} ratings to Parquet in {time.perf_counter() - t0:.1f} s")
    return path


def test_satisfaction_by_window_10m(benchmark, big_parquet):
    out = benchmark.pedantic(satisfaction_rate_parquet, args=(big_parquet,),
                             kwargs={"by": "window"}, rounds=3, iterations=1)
    assert int(out["n"].sum()) == N_ROWS
    benchmark.extra_info["rows"] = N_ROWS
