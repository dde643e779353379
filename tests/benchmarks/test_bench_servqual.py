"""Speed and memory of the vectorised bootstrap behind helpers.servqual.dimension_gaps.

Skipped by default (pyproject adds ``--benchmark-skip``). Run with::

    .venv/bin/python -m pytest tests/benchmarks/test_bench_servqual.py --benchmark-only -s

(a) ``dimension_gaps`` with 2,000 BCa resamples on 100,000 respondents × 44 items (target ≤ 2 s
on an unloaded 2-core machine; the test asserts ≤ 6 s to tolerate shared CI machines).
(b) The same bootstrap written as a loop over resamples (``for b in range(B): idx = rng.integers
…``). It runs only ``NAIVE_B`` resamples and its time is scaled linearly to 2,000 (the loop body
is the same for every resample, so its cost is linear in B); the ratio is stored in
``extra_info``.
(c) Peak memory traced by ``tracemalloc`` during ``dimension_gaps`` and during the engine alone
on 44 columns (asserted < 1 GB; the engine keeps two chunks of ~32 MiB).
"""

from __future__ import annotations

import time
import tracemalloc

import numpy as np
import pandas as pd
import pytest

from helpers.bootstrap import resample_means
from helpers.labels import ITEM_DIMENSION, item_columns
from helpers.servqual import dimension_gaps, respondent_scores

N, B, NAIVE_B = 100_000, 2000, 100


@pytest.fixture(scope="module")
def survey() -> pd.DataFrame:
    rng = np.random.default_rng(7)
    e = rng.integers(4, 8, size=(N, 22))
    p = np.clip(e - rng.integers(-1, 3, size=(N, 22)), 1, 7).astype(float)
    p[rng.random(p.shape) < 0.01] = np.nan
    return pd.DataFrame(np.hstack([e, p]), columns=item_columns("E") + item_columns("P"))


def _naive_seconds(scores: np.ndarray, n_boot: int) -> float:
    rng = np.random.default_rng(0)
    n = scores.shape[0]
    t = time.perf_counter()
    means = np.empty((n_boot, scores.shape[1]))
    for b in range(n_boot):
        idx = rng.integers(0, n, size=n)
        means[b] = np.nanmean(scores[idx], axis=0)
    return time.perf_counter() - t


def test_dimension_gaps_bca_2000(benchmark, survey):
    out = benchmark.pedantic(dimension_gaps, args=(survey,), kwargs={"n_boot": B, "seed": 1},
                             rounds=3, iterations=1, warmup_rounds=0)
    assert (out["n"] > 99_000).all()
    assert ((out["ci_low"] < out["estimate"]) & (out["estimate"] < out["ci_high"])).all()
    t_ours = float(benchmark.stats.stats.min)
    scores = respondent_scores(survey)[[d for d in dict.fromkeys(ITEM_DIMENSION.values())]]
    t_naive = _naive_seconds(scores.to_numpy(), NAIVE_B) * B / NAIVE_B
    ratio = t_naive / t_ours
    benchmark.extra_info.update(seconds=round(t_ours, 3), naive_seconds_scaled=round(t_naive, 2),
                                naive_resamples_run=NAIVE_B, speedup_vs_naive=round(ratio, 1))
    print(f"\ndimension_gaps {N} x 44 items, B={B} BCa: {t_ours:.2f} s; naive loop "
          f"{t_naive:.1f} s (scaled from {NAIVE_B} resamples): {ratio:.1f}x")
    assert t_ours <= 6.0


def test_bootstrap_peak_memory(benchmark, survey):
    def run() -> tuple[float, float]:
        tracemalloc.start()
        dimension_gaps(survey, n_boot=B, seed=2)
        _, peak_gaps = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        x = survey[item_columns("P")].to_numpy() - survey[item_columns("E")].to_numpy()
        tracemalloc.start()
        resample_means(x, n_boot=B, seed=3)
        _, peak_engine = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        return peak_gaps / 2**20, peak_engine / 2**20

    peak_gaps, peak_engine = benchmark.pedantic(run, rounds=1, iterations=1)
    benchmark.extra_info.update(peak_mb_dimension_gaps=round(peak_gaps, 1),
                                peak_mb_engine_44_columns=round(peak_engine, 1))
    print(f"\npeak traced memory: dimension_gaps {peak_gaps:.0f} MB (input frame excluded), "
          f"engine on 100,000 x 44 {peak_engine:.0f} MB")
    assert peak_gaps < 1024 and peak_engine < 1024
