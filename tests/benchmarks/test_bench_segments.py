"""Speed of helpers.segments on 100,000 respondents (silhouette on a sample of 20,000).

Skipped by default (pyproject adds ``--benchmark-skip``). Run with::

    .venv/bin/python -m pytest tests/benchmarks/test_bench_segments.py --benchmark-only -q
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from helpers.labels import DIMENSIONS
from helpers.segments import choose_k, kmeans_segments

N = 100_000


@pytest.fixture(scope="module")
def profiles():
    rng = np.random.default_rng(3)
    centres = rng.normal(0, 2, (3, 5))
    x = centres[rng.integers(0, 3, N)] + rng.normal(0, 1, (N, 5))
    return pd.DataFrame(x, columns=list(DIMENSIONS))


def test_bench_kmeans_segments_given_k(benchmark, profiles):
    out = benchmark.pedantic(kmeans_segments, args=(profiles,), kwargs={"k": 3},
                             rounds=2, iterations=1)
    assert out["segment"].nunique() == 3 and out.attrs["silhouette"] > 0.25


def test_bench_choose_k(benchmark, profiles):
    out = benchmark.pedantic(choose_k, args=(profiles,), kwargs={"k_max": 5, "n_init": 3},
                             rounds=1, iterations=1)
    assert out.loc[out.best_silhouette, "k"].item() == 3
