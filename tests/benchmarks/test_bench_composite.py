"""Benchmark: weight sensitivity for 50 groups over the 231 weight vectors of step 0.05."""

import numpy as np
import pandas as pd

from helpers.composite import rank_range, weight_sensitivity


def test_bench_weight_sensitivity(benchmark):
    rng = np.random.default_rng(0)
    rates = pd.DataFrame({"department": np.repeat([f"d{i}" for i in range(50)], 3),
                          "rate": ["response", "resolution", "satisfaction"] * 50,
                          "estimate": rng.uniform(0.5, 1, 150), "n": 100_000})
    out = benchmark(lambda: rank_range(weight_sensitivity(rates, step=0.05),
                                       {"response": 0.3, "resolution": 0.35, "satisfaction": 0.35}))
    assert len(out) == 50
