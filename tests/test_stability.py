"""helpers.stability: difference of two independent estimates (frozen, oracle, property)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import HelpersError, InputError
from helpers.stability import estimate_difference


def _frame(est, se, terms=("x", "y")):
    return pd.DataFrame({"term": list(terms), "estimate": est, "se": se})


# Source: hand calculation. d = 0.90 − 0.80 = 0.10; se = √(0.03² + 0.04²) = 0.05;
# z(0.975) = 1.959964 → 0.10 ± 0.0979982 = [0.0020018, 0.1979982].
def test_frozen_hand_calculation():
    r = estimate_difference(_frame([0.90, 0.25], [0.03, 0.04]), _frame([0.80, 0.25], [0.04, 0.03]))
    assert list(r["term"]) == ["x", "y"]
    assert r.loc[0, "estimate"] == pytest.approx(0.10)
    assert r.loc[0, "se"] == pytest.approx(0.05)
    assert r.loc[0, "ci_low"] == pytest.approx(0.0020018, abs=1e-7)
    assert r.loc[0, "ci_high"] == pytest.approx(0.1979982, abs=1e-7)
    assert r.loc[0, "excludes_zero"] and not r.loc[1, "excludes_zero"]
    assert r.loc[0, "ci_level"] == 0.95


def test_bonferroni_widens_each_interval():
    a, b = _frame([0.9, 0.25], [0.03, 0.04]), _frame([0.8, 0.25], [0.04, 0.03])
    plain = estimate_difference(a, b)
    adj = estimate_difference(a, b, adjust="bonferroni")
    assert adj.loc[0, "ci_level"] == pytest.approx(0.975)
    assert adj.loc[0, "ci_low"] < plain.loc[0, "ci_low"] < plain.loc[0, "ci_high"] < adj.loc[0, "ci_high"]


def test_oracle_statsmodels_two_means():
    """For two sample means (estimate = mean, se = s/√n) the interval is statsmodels' z interval."""
    ws = pytest.importorskip("statsmodels.stats.weightstats")
    rng = np.random.default_rng(7)
    x1, x2 = rng.normal(5.0, 1.0, 300), rng.normal(4.8, 1.5, 200)
    frames = [pd.DataFrame({"term": ["mean"], "estimate": [x.mean()],
                            "se": [x.std(ddof=1) / np.sqrt(len(x))]}) for x in (x1, x2)]
    r = estimate_difference(*frames)
    lo, hi = ws.CompareMeans(ws.DescrStatsW(x1), ws.DescrStatsW(x2)).zconfint_diff(usevar="unequal")
    assert r.loc[0, "ci_low"] == pytest.approx(lo, rel=1e-10)
    assert r.loc[0, "ci_high"] == pytest.approx(hi, rel=1e-10)


def test_fit_edt_results_match_on_term():
    from helpers.confirmation import fit_edt
    rng = np.random.default_rng(3)
    frames = []
    for _ in range(2):
        e = rng.integers(3, 8, 150).astype(float)
        p = rng.integers(2, 8, 150).astype(float)
        s = np.clip(3 + 0.3 * e + 0.8 * (p - e) + rng.normal(0, 0.5, 150), 1, 7)   # on the 1–7 scale
        fit = fit_edt(pd.DataFrame({"S": s, "E": e, "P": p}), "S", "E", "P")
        frames.append(fit.query("model == 'E_D'"))
    r = estimate_difference(*frames)
    assert list(r["term"]) == ["intercept", "expectation", "disconfirmation"]
    assert np.all(r["ci_low"] < r["estimate"]) and np.all(r["estimate"] < r["ci_high"])


@settings(max_examples=60, deadline=None)
@given(st.floats(-5, 5), st.floats(-5, 5), st.floats(0.001, 2), st.floats(0.001, 2),
       st.floats(0.5, 0.999))
def test_property_antisymmetric_and_centred(b1, b2, s1, s2, level):
    a, b = _frame([b1], [s1], ["t"]), _frame([b2], [s2], ["t"])
    ab = estimate_difference(a, b, ci=level)
    ba = estimate_difference(b, a, ci=level)
    assert ab.loc[0, "estimate"] == pytest.approx(-ba.loc[0, "estimate"])
    assert ab.loc[0, "ci_low"] == pytest.approx(-ba.loc[0, "ci_high"])
    mid = (ab.loc[0, "ci_low"] + ab.loc[0, "ci_high"]) / 2
    assert mid == pytest.approx(ab.loc[0, "estimate"], abs=1e-9)
    assert ab.loc[0, "se"] >= max(s1, s2) - 1e-12


def test_only_shared_keys_are_compared():
    r = estimate_difference(_frame([1.0, 2.0], [0.1, 0.1], ["x", "y"]),
                            _frame([1.0, 3.0], [0.1, 0.1], ["y", "z"]))
    assert list(r["term"]) == ["y"]


def test_bad_input():
    good = _frame([1.0, 2.0], [0.1, 0.1])
    with pytest.raises(InputError, match="se"):
        estimate_difference(good, _frame([1.0, 2.0], [0.1, -0.2]))
    with pytest.raises(InputError, match="estimate"):
        estimate_difference(good, _frame([1.0, np.nan], [0.1, 0.1]))
    with pytest.raises(InputError, match="not unique"):
        estimate_difference(good, _frame([1.0, 2.0], [0.1, 0.1], ["x", "x"]))
    with pytest.raises(InputError, match="no key"):
        estimate_difference(good, _frame([1.0], [0.1], ["z"]))
    with pytest.raises(InputError, match="missing column"):
        estimate_difference(good, good.drop(columns="se"))
    with pytest.raises(HelpersError, match="adjust"):
        estimate_difference(good, good, adjust="holm")
    with pytest.raises(HelpersError, match="ci"):
        estimate_difference(good, good, ci=95)
