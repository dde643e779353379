"""Benchmark: peak times with 1,000 wild-bootstrap draws and lagged correlations on 100,000 steps."""

import numpy as np
import pandas as pd

from helpers.crisis import lagged_correlation, peak_time, response_lag


def _series(n=100_000, seed=0):
    rng = np.random.default_rng(seed)
    t = np.arange(n)
    mu = 1000 * np.exp(-0.5 * ((t - n / 3) / (n / 20)) ** 2) + 5
    return pd.DataFrame({"t": t, "posts": rng.poisson(mu), "calls": rng.poisson(mu / 3 + 60),
                         "statement": (t == n // 2).astype(int)})


def test_bench_peak_time(benchmark):
    df = _series()
    out = benchmark.pedantic(lambda: peak_time(df, time="t", volume=["posts", "calls"],
                                               relative_to="posts"), rounds=3, iterations=1)
    assert len(out) == 3


def test_bench_response_lag_chapter_size(benchmark):
    df = _series(n=241)
    out = benchmark(lambda: response_lag(df, time="t", volume="posts", statement="statement"))
    assert len(out) == 3


def test_bench_lagged_correlation(benchmark):
    df = _series()
    out = benchmark(lambda: lagged_correlation(df, x="calls", y="posts", max_lag=24))
    assert len(out) == 49
