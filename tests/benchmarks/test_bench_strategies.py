"""Speed of the chapter 4 widgets' compute functions (target: p95 <= 100 ms per call).

Skipped by default (pyproject adds ``--benchmark-skip``). Run with::

    .venv/bin/python -m pytest tests/benchmarks/test_bench_strategies.py --benchmark-only
"""

from __future__ import annotations

import pytest

from helpers.simulate import load_dataset
from helpers.transparency import simulate_expectations, surprise_summary
from helpers.widgets.strategies import ipa_priority_widget, transparency_widget

from conftest import WIDGET_TARGET_S



def test_simulate_and_summarise_4000(benchmark, p95):
    out = benchmark(lambda: surprise_summary(simulate_expectations(4000, 10, 3, 0.5, -0.2, seed=1)))
    assert len(out) == 5
    assert p95(benchmark) <= WIDGET_TARGET_S


@pytest.fixture(scope="module")
def tw():
    return transparency_widget(simulated=True)


def test_transparency_widget_compute(benchmark, tw, p95):
    out = benchmark(tw.evaluate, published_share=0.6, published_bias=-0.3)
    assert len(out) == 1
    assert p95(benchmark) <= WIDGET_TARGET_S


@pytest.fixture(scope="module")
def iw():
    return ipa_priority_widget(load_dataset("ipa_survey"), scale=(1, 7), simulated=True)


def test_ipa_widget_compute(benchmark, iw, p95):
    out = benchmark(iw.evaluate, top_k=3, centre="data", model="diagonal")
    assert (out["kind"] == "attr").sum() == 10
    assert p95(benchmark) <= WIDGET_TARGET_S
