"""Speed of the chapter 2 computations: the adaptive-expectations widget and the survey analysis.

Skipped by default (pyproject adds ``--benchmark-skip``). Run with::

    .venv/bin/python -m pytest tests/benchmarks/test_bench_expectations.py --benchmark-only -s

(a) One call of the widget's compute (a live slider change): target ≤ 100 ms, asserted on p95.
(b) The whole static grid (88 combinations) as built for the book.
(c) ``group_means`` and ``expectation_drivers`` on the 1,200-row survey.
"""

from __future__ import annotations

import time

import numpy as np
import pytest

from helpers.expectations import expectation_drivers, group_means
from helpers.labels import item_columns
from helpers.scales import scale_scores
from helpers.simulate import load_dataset
from helpers.widgets.expectations import adaptive_expectations_widget


def test_widget_compute_p95(benchmark):
    widget = adaptive_expectations_widget(simulated=True)
    rng = np.random.default_rng(0)
    points = [dict(rate=float(rng.choice(widget.params[0].values)),
                   shock_size=float(rng.choice(widget.params[1].values)),
                   shock_visit=str(rng.choice(widget.params[2].values))) for _ in range(200)]
    timings = []

    def run() -> None:
        for values in points:
            start = time.perf_counter()
            widget.evaluate(**values)
            timings.append(time.perf_counter() - start)

    benchmark.pedantic(run, rounds=3, iterations=1, warmup_rounds=1)
    p95 = float(np.percentile(timings, 95))
    benchmark.extra_info.update(p95_ms=round(p95 * 1000, 3),
                                median_ms=round(float(np.median(timings)) * 1000, 3))
    print(f"\nadaptive widget compute: median {np.median(timings) * 1000:.2f} ms, "
          f"p95 {p95 * 1000:.2f} ms")
    assert p95 < 0.1


def test_widget_static_grid(benchmark):
    def run():
        widget = adaptive_expectations_widget(simulated=True)
        return widget.grid()

    grid = benchmark.pedantic(run, rounds=3, iterations=1)
    assert len(grid) == 88 * 20


@pytest.fixture(scope="module")
def scores():
    survey = load_dataset("servqual_survey")
    return scale_scores(survey, {"expectation": item_columns("E")}, id="respondent_id",
                        keep=["channel", "region", "visits"])


def test_survey_analysis(benchmark, scores):
    def run():
        group_means(scores, "expectation", "channel")
        group_means(scores, "expectation", "region")
        return expectation_drivers(scores, "expectation", ["channel", "region"],
                                   numeric=["visits"], cap={"visits": 6})

    fit = benchmark.pedantic(run, rounds=5, iterations=1)
    assert len(fit) == 9
