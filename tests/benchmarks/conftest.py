"""Shared tools of the benchmarks (run with `make bench`; skipped by `make test`)."""

from __future__ import annotations

import numpy as np
import pytest

WIDGET_TARGET_S = 0.100
"""Every function a widget calls must answer within 100 ms (p95) at the chapter's data size."""


@pytest.fixture
def p95():
    """``p95(benchmark)``: the 95th percentile of the rounds, recorded in the benchmark JSON."""

    def measure(benchmark) -> float:
        data = np.asarray(benchmark.stats.stats.data, dtype=float)
        value = float(np.percentile(data, 95))
        benchmark.extra_info["p95_ms"] = round(value * 1000, 3)
        print(f"\n{benchmark.name}: p95 = {value * 1000:.3f} ms over {data.size} rounds")
        return value

    return measure
