"""helpers.spc: p-chart limits against a published worked example and hand computation; run rules."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import HelpersError, InputError
from helpers.spc import binomial_counts, p_chart, run_rules

# Montgomery, Introduction to Statistical Quality Control, example 7.1 (orange-juice cans):
# 30 samples of n = 50; p̄ = 347/1500 = 0.2313, UCL = 0.4102, LCL = 0.0524; samples 15 and 23
# are above the UCL.
MONTGOMERY = [12, 15, 8, 10, 4, 7, 16, 9, 14, 10, 5, 6, 17, 12, 22, 8, 10, 5, 13, 11, 20, 18, 24,
              15, 9, 12, 7, 13, 9, 6]


def test_published_worked_example():
    df = pd.DataFrame({"x": MONTGOMERY, "n": 50})
    pc = p_chart(df, "x", "n")
    assert df["x"].sum() == 347
    assert pc["centre"].iloc[0] == pytest.approx(0.2313, abs=1e-4)
    assert pc["ucl"].iloc[0] == pytest.approx(0.4102, abs=1e-4)
    assert pc["lcl"].iloc[0] == pytest.approx(0.0524, abs=1e-4)
    assert pc.index[pc["above"]].tolist() == [14, 22]          # samples 15 and 23
    assert not pc["below"].any()


def test_hand_computation_with_varying_n_and_laney():
    x = np.array([5, 9, 4, 12, 7, 30])
    n = np.array([100, 150, 80, 200, 120, 160])
    df = pd.DataFrame({"x": x, "n": n, "m": list("abcdef")})
    pbar = x.sum() / n.sum()
    sd = np.sqrt(pbar * (1 - pbar) / n)
    pc = p_chart(df, "x", "n", time="m")
    np.testing.assert_allclose(pc["ucl"], pbar + 3 * sd)
    np.testing.assert_allclose(pc["lcl"], np.maximum(pbar - 3 * sd, 0))
    z = (x / n - pbar) / sd
    sigma_z = np.mean(np.abs(np.diff(z))) / 1.128
    pl = p_chart(df, "x", "n", method="laney")
    assert pl["sigma_z"].iloc[0] == pytest.approx(sigma_z)
    np.testing.assert_allclose(pl["ucl"], np.minimum(pbar + 3 * sd * sigma_z, 1))
    np.testing.assert_allclose(pl["z"], z / sigma_z)
    assert pc["time"].tolist() == list("abcdef")


def test_known_p0_is_the_centre():
    df = pd.DataFrame({"x": [1, 2, 3], "n": [50, 50, 50]})
    pc = p_chart(df, "x", "n", p0=0.1)
    assert (pc["centre"] == 0.1).all()
    assert pc["ucl"].iloc[0] == pytest.approx(0.1 + 3 * np.sqrt(0.09 / 50))


def test_run_rules_patterns():
    assert run_rules([0.5] * 7 + [0.1])["rule_4"].tolist() == [False] * 7 + [True]
    assert not run_rules([0.5] * 7 + [-0.1])["rule_4"].any()
    assert run_rules([9] * 8, run_length=9)["rule_4"].sum() == 0
    r = run_rules([1.5, 1.2, 0.2, 1.1, 1.3])
    assert r["rule_3"].tolist() == [False] * 4 + [True]
    r = run_rules([-2.1, 0, -2.5])
    assert r["rule_2"].tolist() == [False, False, True]
    assert r["signal"].iloc[-1]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 5000), st.floats(0, 1)), min_size=2, max_size=30),
       st.sampled_from(["shewhart", "laney"]))
def test_limits_contain_centre_and_shrink_with_n(rows, method):
    n = np.array([r[0] for r in rows])
    x = np.floor(n * np.array([r[1] for r in rows])).astype(int)
    pc = p_chart(pd.DataFrame({"x": x, "n": n}), "x", "n", method=method)
    c = pc["centre"].iloc[0]
    assert (pc["lcl"] <= c + 1e-12).all() and (pc["ucl"] >= c - 1e-12).all()
    assert (pc["lcl"] >= 0).all() and (pc["ucl"] <= 1).all()
    order = np.argsort(n)
    width = (pc["ucl"] - pc["lcl"]).to_numpy()[order]
    unclipped = ((pc["lcl"] > 0) & (pc["ucl"] < 1)).to_numpy()[order]
    w = width[unclipped]
    assert np.all(np.diff(w) <= 1e-12)                 # wider limits for smaller n
    assert (pc["above"] == (pc["estimate"] > pc["ucl"])).all()


def test_bad_input_names_column_and_rows():
    with pytest.raises(InputError, match="'x'.*1"):
        p_chart(pd.DataFrame({"x": [1, 60], "n": [50, 50]}), "x", "n")
    with pytest.raises(InputError, match="'n'"):
        p_chart(pd.DataFrame({"x": [1, 2], "n": [50, 0]}), "x", "n")
    with pytest.raises(InputError, match="'x'"):
        p_chart(pd.DataFrame({"x": [1.5, 2], "n": [50, 50]}), "x", "n")
    with pytest.raises(InputError, match="'x'"):
        binomial_counts(pd.DataFrame({"x": [np.nan, 2], "n": [50, 50]}), "x", "n")
    with pytest.raises(InputError, match="缺少列"):
        p_chart(pd.DataFrame({"x": [1]}), "x", "n")
    with pytest.raises(HelpersError, match="method"):
        p_chart(pd.DataFrame({"x": [1, 2], "n": [5, 5]}), "x", "n", method="cusum")
    with pytest.raises(HelpersError, match="p0"):
        p_chart(pd.DataFrame({"x": [1, 2], "n": [5, 5]}), "x", "n", p0=1.5)


def test_frozen_window_chart():
    from helpers.simulate import load_dataset
    d = load_dataset("window_monthly")
    w = d[d["window"] == "W02"]
    pl = p_chart(w, "n_bad", "n_ratings", time="month", method="laney")
    assert pl.loc[pl["above"], "time"].tolist() == ["2024-08"]
    assert pl["sigma_z"].iloc[0] == pytest.approx(3.0207, abs=1e-3)
