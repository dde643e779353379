"""Speed of the chapter 3 widgets' compute functions (target: p95 <= 100 ms per call).

Skipped by default (pyproject adds ``--benchmark-skip``). Run with::

    .venv/bin/python -m pytest tests/benchmarks/test_bench_theory.py --benchmark-only

The SERVQUAL widget computes the item gaps and the alphas of a wave the first time that wave is
asked for (one call of each helper) and looks them up afterwards; the benchmark times both the
first call on a fresh widget and the later lookups.
"""

from __future__ import annotations

import pandas as pd
import pytest

from helpers.confirmation import fit_edt
from helpers.labels import item_columns
from helpers.scales import scale_scores
from helpers.simulate import load_dataset
from helpers.widgets.theory import edt_plane_widget, equity_widget, servqual_items_widget

from conftest import WIDGET_TARGET_S



@pytest.fixture(scope="module")
def survey() -> pd.DataFrame:
    return load_dataset("servqual_survey")


def test_servqual_items_lookup(benchmark, survey, p95):
    w = servqual_items_widget(survey, simulated=True)
    out = benchmark(w.compute, dimension="reliability", wave="2")
    assert len(out) == 7
    assert p95(benchmark) <= WIDGET_TARGET_S


def test_servqual_items_first_call_per_wave(benchmark, survey, p95):
    from helpers.reliability import dimension_reliability
    from helpers.servqual import item_gaps

    sub = survey[survey.wave == 1]

    def first_call():  # what the widget does once per wave
        item_gaps(sub)
        dimension_reliability(sub, "P")
        dimension_reliability(sub, "E")

    benchmark(first_call)
    assert p95(benchmark) <= WIDGET_TARGET_S


def test_edt_plane(benchmark, survey, p95):
    scores = scale_scores(survey, {"expectation": item_columns("E"),
                                   "perception": item_columns("P")},
                          id="respondent_id", keep=["satisfaction"])
    model = fit_edt(scores, "satisfaction", "expectation", "perception")
    w = edt_plane_widget(model, simulated=True)
    out = benchmark(w.compute, expectation=6.0, perception=4.5)
    assert len(out) == 2
    assert p95(benchmark) <= WIDGET_TARGET_S


def test_equity(benchmark, p95):
    w = equity_widget(simulated=True)
    out = benchmark(w.compute, trips=3.0, wait_hours=2.0, documents=4.0, weighting="hours")
    assert len(out) == 2
    assert p95(benchmark) <= WIDGET_TARGET_S
