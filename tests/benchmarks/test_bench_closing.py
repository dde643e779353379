"""Benchmark: Kaplan–Meier curves and the share closed within the limit on 100,000 orders."""

import numpy as np
import pandas as pd

from helpers.closing import closed_within, km_curves


def _orders(n=100_000, seed=0):
    rng = np.random.default_rng(seed)
    received = pd.Timestamp("2025-01-01") + pd.to_timedelta(rng.uniform(0, 180 * 24, n), unit="h")
    closed = received + pd.to_timedelta(rng.exponential(48, n), unit="h")
    as_of = pd.Timestamp("2025-06-30")
    closed = closed.where(closed <= as_of)
    return pd.DataFrame({"received": received, "closed": closed,
                         "group": rng.choice(list("ABCDE"), n),
                         "limit": rng.choice([24, 72, 120], n)}), as_of


def test_bench_km_curves(benchmark):
    df, as_of = _orders()
    out = benchmark(lambda: km_curves(df, by="group", as_of=as_of))
    assert out["estimate"].max() <= 1


def test_bench_closed_within(benchmark):
    df, as_of = _orders()
    out = benchmark(lambda: closed_within(df, "limit", by="group", as_of=as_of))
    assert len(out) == 5
