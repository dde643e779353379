"""Speed of helpers.text on 100,000 ticket texts: segmentation (cold cache) and the classifier.

Skipped by default (pyproject adds ``--benchmark-skip``). Run with::

    .venv/bin/python -m pytest tests/benchmarks/test_bench_text.py --benchmark-only -q

One round each (jieba segmentation of 100,000 short texts takes tens of seconds on a shared
2-core machine); the chapter itself works on 4,000 tickets.
"""

from __future__ import annotations

import pytest

from helpers.simulate import hotline_tickets
from helpers.text import _cut_cached, classification_report, segment, train_classifier

N = 100_000


@pytest.fixture(scope="module")
def tickets():
    return hotline_tickets(n=N, seed=99)


def test_bench_segment_100k(benchmark, tickets):
    texts = tickets["text_masked"].tolist()

    def run():
        _cut_cached.cache_clear()
        return [segment(t) for t in texts]

    words = benchmark.pedantic(run, rounds=1, iterations=1)
    assert len(words) == N


def test_bench_train_and_report_100k(benchmark, tickets):
    def run():
        m = train_classifier(tickets, "text_masked", "category")
        return classification_report(m, n_boot=200)

    out = benchmark.pedantic(run, rounds=1, iterations=1)
    macro = out.query("metric == 'macro_f1'")["estimate"].item()
    assert 0.7 < macro < 0.9
