"""The report command at scale: a 100,000-response survey (CSV) and a 10-million-row 好差评 log
(Parquet, and CSV — both through DuckDB), each in ≤ 60 s, run as a subprocess so that its peak
memory (max RSS of the child) is measured too. The inputs are generated outside the repository
(pytest's tmp)."""

from __future__ import annotations

import resource
import subprocess
import sys
import time

import pytest

from helpers.simulate import ratings_log_parquet, servqual_survey

TARGET_S = 60.0


def _run_report(path, out) -> tuple[float, float]:
    """Wall time (s) and peak RSS (MiB) of `python -m helpers.report path --out out`."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "helpers.report", str(path), "--out", str(out),
                           "--quiet"], capture_output=True, text=True, timeout=900)
    wall = time.perf_counter() - t0
    assert proc.returncode == 0, proc.stderr
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    # ru_maxrss of children is the largest child so far (KiB on Linux)
    return wall, max(peak, before) / 1024


@pytest.fixture(scope="module")
def survey_100k(tmp_path_factory):
    f = tmp_path_factory.mktemp("s") / "survey100k.csv"
    servqual_survey(n=50_000, seed=1).to_csv(f, index=False)          # 2 waves × 50,000
    return f


@pytest.fixture(scope="module")
def ratings_10m(tmp_path_factory):
    return ratings_log_parquet(tmp_path_factory.mktemp("r") / "ratings10m.parquet",
                               n=10_000_000)


@pytest.fixture(scope="module")
def ratings_10m_csv(tmp_path_factory, ratings_10m):
    """The same 10 M ratings as a 好差评 CSV export with Chinese headers (about 815 MB)."""
    import duckdb

    f = tmp_path_factory.mktemp("rc") / "ratings10m.csv"
    con = duckdb.connect()
    con.execute("SET enable_progress_bar=false")
    con.execute(
        f"COPY (SELECT rating_id AS 评价编号, strftime(time, '%Y-%m-%d %H:%M:%S') AS 评价时间, "
        f"\"window\" AS 窗口, department AS 部门, service_item AS 事项, channel AS 渠道, "
        f"grade AS 评价 FROM read_parquet('{ratings_10m}')) TO '{f}' (HEADER, DELIMITER ',')")
    con.close()
    return f


def _bench(benchmark, path, out, rows: int) -> tuple[float, float]:
    wall, rss = benchmark.pedantic(lambda: _run_report(path, out), rounds=1, iterations=1)
    benchmark.extra_info.update(rows=rows, wall_s=round(wall, 1), peak_rss_mib=round(rss))
    print(f"\nreport on {rows:,} rows of {path.name}: {wall:.1f} s, peak RSS {rss:.0f} MiB")
    return wall, rss


def test_report_survey_100k(benchmark, survey_100k, tmp_path):
    wall, _ = _bench(benchmark, survey_100k, tmp_path / "out", 100_000)
    assert wall <= TARGET_S


def test_report_ratings_10m_parquet(benchmark, ratings_10m, tmp_path):
    wall, rss = _bench(benchmark, ratings_10m, tmp_path / "out", 10_000_000)
    assert wall <= TARGET_S
    assert rss < 2048                    # bounded: far below the 10 M rows in pandas (~3 GB)


def test_report_ratings_10m_csv(benchmark, ratings_10m_csv, tmp_path):
    wall, rss = _bench(benchmark, ratings_10m_csv, tmp_path / "out", 10_000_000)
    assert wall <= TARGET_S
    assert rss < 2048
