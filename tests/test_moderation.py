"""Tests of helpers.moderation (interaction regression, simple slopes)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers._validate import HelpersError, InputError
from helpers.moderation import moderated_regression, simple_slopes

smf = pytest.importorskip("statsmodels.formula.api")


def _data(seed=0, n=300, b3=0.1):
    rng = np.random.default_rng(seed)
    x = rng.normal(0, 3, n)
    m = rng.integers(1, 8, n).astype(float)
    y = 4 + 0.2 * x + 0.3 * (m - 4) + b3 * x * (m - 4) + rng.normal(0, 1, n)
    return pd.DataFrame({"y": y, "x": x, "m": m})


def _fit(df):
    d = df.assign(xc=df.x - df.x.mean(), mc=df.m - df.m.mean())
    return smf.ols("y ~ xc * mc", data=d).fit(), d


def test_coefficients_equal_statsmodels():
    df = _data()
    fit, _ = _fit(df)
    out = moderated_regression(df, "y", "x", "m").set_index("term")
    names = {"intercept": "Intercept", "predictor": "xc", "moderator": "mc", "interaction": "xc:mc"}
    ci = fit.conf_int()
    for term, name in names.items():
        assert out.loc[term, "estimate"] == pytest.approx(fit.params[name], rel=1e-10)
        assert out.loc[term, "se"] == pytest.approx(fit.bse[name], rel=1e-10)
        assert out.loc[term, "ci_low"] == pytest.approx(ci.loc[name, 0], rel=1e-9)
        assert out.loc[term, "p_value"] == pytest.approx(fit.pvalues[name], rel=1e-6, abs=1e-300)


def test_simple_slopes_equal_statsmodels_t_test():
    df = _data(1)
    fit, d = _fit(df)
    out = simple_slopes(df, "y", "x", "m", at=[2, 4, 6.5])
    for _, row in out.iterrows():
        c = row["moderator_value"] - df.m.mean()
        tt = fit.t_test(np.array([[0, 1, 0, c]]))
        assert row["estimate"] == pytest.approx(float(tt.effect[0]), rel=1e-10)
        assert row["se"] == pytest.approx(float(tt.sd[0, 0]), rel=1e-10)
        lo, hi = tt.conf_int()[0]
        assert row["ci_low"] == pytest.approx(lo, rel=1e-9) and row["ci_high"] == pytest.approx(hi, rel=1e-9)
        assert row["p_value"] == pytest.approx(float(tt.pvalue), rel=1e-6, abs=1e-300)


def test_default_points_are_mean_and_one_sd():
    df = _data(2)
    out = simple_slopes(df, "y", "x", "m")
    m, s = df.m.mean(), df.m.std(ddof=1)
    assert np.allclose(out["moderator_value"], [m - s, m, m + s])
    mid = moderated_regression(df, "y", "x", "m").set_index("term").loc["predictor", "estimate"]
    assert out.loc[1, "estimate"] == pytest.approx(mid)


# Source: frozen from this implementation (matches statsmodels in the tests above).
def test_frozen():
    df = pd.DataFrame({"y": [1, 2, 4, 3, 6, 9, 2, 5, 7, 8.5], "x": [0, 1, 2, 0, 1, 2, 0, 1, 2, 2],
                       "m": [0, 0, 0, 1, 1, 1, 2, 2, 2, 2]})
    out = moderated_regression(df, "y", "x", "m").set_index("term")
    assert out.loc["interaction", "estimate"] == pytest.approx(0.524590, abs=1e-6)


def test_recovers_a_known_interaction():
    hits = 0
    for s in range(40):
        r = moderated_regression(_data(s, b3=0.1), "y", "x", "m").set_index("term").loc["interaction"]
        hits += r["ci_low"] <= 0.1 <= r["ci_high"]
    assert hits >= 34


@settings(max_examples=30, deadline=None)
@given(st.floats(-3, 3), st.floats(0.2, 5))
def test_slopes_are_linear_in_the_moderator(shift, scale):
    df = _data(3, n=60)
    out = simple_slopes(df, "y", "x", "m", at=[1, 2, 3])
    assert out.loc[2, "estimate"] - out.loc[1, "estimate"] == pytest.approx(
        out.loc[1, "estimate"] - out.loc[0, "estimate"])
    # rescaling the outcome rescales every slope
    out2 = simple_slopes(df.assign(y=df.y * scale + shift), "y", "x", "m", at=[1, 2, 3])
    assert np.allclose(out2["estimate"], scale * out["estimate"])


def test_bad_input():
    df = _data(4, n=20)
    bad = df.astype({"x": object})
    bad.loc[5, "x"] = "高"
    with pytest.raises(InputError) as err:
        moderated_regression(bad, "y", "x", "m")
    assert err.value.column == "x" and 5 in err.value.rows
    with pytest.raises(InputError, match="没有变化"):
        moderated_regression(df.assign(m=3.0), "y", "x", "m")
    with pytest.raises(HelpersError):
        moderated_regression(df, "y", "x", "x")
    with pytest.raises(HelpersError):
        simple_slopes(df, "y", "x", "m", at="高")
    with pytest.raises(InputError):
        moderated_regression(df.head(4), "y", "x", "m")


def test_missing_rows_excluded_and_reported():
    df = _data(5, n=50)
    df.loc[[3, 7], "y"] = np.nan
    out = moderated_regression(df, "y", "x", "m")
    assert (out["n"] == 48).all()
    assert sorted(r for r, _, _ in out.attrs["excluded"].records) == [3, 7]


# ------------------------------------------------------------------ hostile input (fuzz)
from hypothesis import HealthCheck  # noqa: E402

from tests.hostile.test_measures_fuzz import frames  # noqa: E402


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                 HealthCheck.filter_too_much])
@given(frames(["y", "x", "m"], max_rows=12))
def test_fuzz_only_helpers_errors(df):
    for call in (lambda: moderated_regression(df, "y", "x", "m"),
                 lambda: simple_slopes(df, "y", "x", "m")):
        try:
            out = call()
        except HelpersError:
            continue
        assert out["n"].iloc[0] + len({r for r, _, _ in out.attrs["excluded"].records}) == len(df)
