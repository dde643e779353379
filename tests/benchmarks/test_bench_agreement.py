"""Speed of helpers.agreement over 100k rows (ratings).

Skipped by default (pyproject adds ``--benchmark-skip``). Run with::

    .venv/bin/python -m pytest tests/benchmarks/test_bench_agreement.py --benchmark-only
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from helpers.agreement import checklist_scores, cohen_kappa, fleiss_kappa, icc, item_agreement


@pytest.fixture(scope="module")
def long():
    """100,002 rows: 33,334 visits × 3 raters, scores 0–2."""
    rng = np.random.default_rng(5)
    n = 33_334
    truth = rng.integers(0, 3, n)
    scores = np.where(rng.random((3, n)) < 0.7, truth, rng.integers(0, 3, (3, n)))
    return pd.DataFrame({"visit": np.tile(np.arange(n), 3), "rater": np.repeat(["R1", "R2", "R3"], n),
                         "score": scores.ravel()})


def test_cohen_kappa_100k(benchmark):
    rng = np.random.default_rng(1)
    a = rng.integers(0, 3, 100_000)
    d = pd.DataFrame({"a": a, "b": np.where(rng.random(100_000) < 0.7, a, rng.integers(0, 3, 100_000))})
    out = benchmark(cohen_kappa, d, rater_a="a", rater_b="b", weights="quadratic")
    assert out.loc[0, "n"] == 100_000


def test_fleiss_kappa_100k_2000_resamples(benchmark, long):
    out = benchmark.pedantic(fleiss_kappa, args=(long,),
                             kwargs={"subject": "visit", "rater": "rater", "rating": "score"},
                             rounds=3, iterations=1)
    assert out.loc[0, "n"] == 33_334


def test_icc_100k(benchmark, long):
    out = benchmark(icc, long, target="visit", rater="rater", rating="score")
    assert out.loc[0, "n"] == 33_334


def test_item_agreement_100k_ten_items(benchmark, long):
    d = long.assign(item=long["visit"] % 10)
    out = benchmark.pedantic(item_agreement, args=(d,),
                             kwargs={"item": "item", "subject": "visit", "rater": "rater",
                                     "rating": "score", "n_boot": 500}, rounds=2, iterations=1)
    assert len(out) == 10


def test_checklist_scores_100k(benchmark, long):
    out = benchmark(checklist_scores, long, by="visit", item="rater", rating="score", max_score=2)
    assert len(out) == 33_334
