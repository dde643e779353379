"""Tests of helpers.reliability against pingouin and hand formulas."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import HelpersError, InputError
from helpers.reliability import (
    alpha_if_deleted,
    cronbach_alpha,
    dimension_reliability,
    item_covariance,
    standardized_alpha,
)


@pytest.fixture
def pg():
    return pytest.importorskip("pingouin")   # only the oracle tests take this fixture


def pg_alpha(pg, df: pd.DataFrame, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return pg.cronbach_alpha(data=df, **kw)


def likert(n: int = 200, k: int = 6, seed: int = 0, missing: float = 0.0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    f = rng.normal(size=(n, 1))
    x = np.rint(4 + f + rng.normal(size=(n, k))).clip(1, 7)
    x[rng.random(x.shape) < missing] = np.nan
    return pd.DataFrame(x, columns=[f"Q{i}" for i in range(1, k + 1)])


def test_pingouin_dataset_case_18(pg):
    long = pg.read_dataset("cronbach_alpha")
    wide = long.pivot(index="Subj", columns="Items", values="Scores")
    out = cronbach_alpha(wide)
    assert out.loc[0, "alpha"] == pytest.approx(0.5917188485995826, abs=1e-9)
    assert round(out.loc[0, "ci_low"], 3) == 0.195
    assert round(out.loc[0, "ci_high"], 3) == 0.840
    assert (out.loc[0, "n"], out.loc[0, "k"]) == (15, 10)
    assert list(out.columns) == ["alpha", "ci_low", "ci_high", "n", "k"]


@pytest.mark.parametrize("policy", ["pairwise", "listwise"])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_data_with_nans_equals_pingouin(pg, policy, seed):
    df = likert(150, 7, seed, missing=0.08)
    ours = cronbach_alpha(df, nan_policy=policy)
    alpha, ci = pg_alpha(pg, df, nan_policy=policy)
    assert ours.loc[0, "alpha"] == pytest.approx(alpha, abs=1e-9)
    if policy == "pairwise":  # same n in the F degrees of freedom
        np.testing.assert_allclose(ours[["ci_low", "ci_high"]].iloc[0], ci, atol=5e-4)
    else:
        assert ours.loc[0, "n"] == len(df.dropna())
        assert len(ours.attrs["excluded"]) == len(df) - len(df.dropna())


def test_complete_and_integer_data_equal_pingouin(pg):
    df = likert(300, 5, 4)
    for frame in (df, df.astype(np.int64)):
        alpha, ci = pg_alpha(pg, frame)
        ours = cronbach_alpha(frame)
        assert ours.loc[0, "alpha"] == pytest.approx(alpha, abs=1e-9)
        np.testing.assert_allclose(ours[["ci_low", "ci_high"]].iloc[0], ci, atol=5e-4)


def test_covariance_equals_pandas_pairwise_and_large_offsets():
    df = likert(120, 5, 5, missing=0.1)
    np.testing.assert_allclose(item_covariance(df)[0], df.cov().to_numpy(), atol=1e-12)
    shifted = df + 1e9  # forces the centred recomputation (not on a response scale)
    np.testing.assert_allclose(item_covariance(shifted, scale=None)[0], df.cov().to_numpy(),
                               atol=1e-6)
    full = likert(120, 5, 6) + 1e9
    np.testing.assert_allclose(item_covariance(full, scale=None)[0], full.cov().to_numpy(),
                               atol=1e-6)


def test_standardized_alpha_hand_formula():
    df = likert(100, 6, 7)
    r = np.corrcoef(df.to_numpy(), rowvar=False)
    k = 6
    rbar = r[np.triu_indices(k, 1)].mean()
    out = standardized_alpha(df)
    assert out.loc[0, "mean_r"] == pytest.approx(rbar)
    assert out.loc[0, "alpha"] == pytest.approx(k * rbar / (1 + (k - 1) * rbar))


@pytest.mark.parametrize("missing", [0.0, 0.1])
def test_alpha_if_deleted_equals_recomputation(missing):
    df = likert(150, 6, 8, missing=missing)
    out = alpha_if_deleted(df)
    for _, row in out.iterrows():
        rest = df.drop(columns=row["item"])
        assert row["alpha_if_deleted"] == pytest.approx(cronbach_alpha(rest).loc[0, "alpha"],
                                                        abs=1e-12)
    if missing == 0:
        for _, row in out.iterrows():
            total = df.drop(columns=row["item"]).sum(axis=1)
            assert row["r_item_total"] == pytest.approx(np.corrcoef(df[row["item"]], total)[0, 1])
    assert list(out.columns) == ["item", "alpha_if_deleted", "r_item_total", "n"]


def test_dimension_reliability_per_dimension(pg):
    rng = np.random.default_rng(1)
    f = rng.normal(size=(200, 1))
    df = pd.DataFrame(np.rint(4 + f + rng.normal(size=(200, 22))).clip(1, 7),
                      columns=[f"P{i}" for i in range(1, 23)])
    out = dimension_reliability(df)
    assert out["dimension"].tolist() == ["tangibles", "reliability", "responsiveness",
                                         "assurance", "empathy"]
    assert out["k"].tolist() == [4, 5, 4, 4, 5]
    ref = pg_alpha(pg, df[[f"P{i}" for i in range(5, 10)]])[0]
    assert out.loc[1, "alpha"] == pytest.approx(ref, abs=1e-9)
    assert out.loc[0, "label"] == "有形性"


def test_bad_input():
    df = likert(20, 4)
    with pytest.raises(InputError, match="'Q9'"):
        cronbach_alpha(df, ["Q1", "Q9"])
    bad = df.astype(object)
    bad.loc[[3, 11], "Q2"] = "n/a"
    with pytest.raises(InputError) as err:
        cronbach_alpha(bad)
    assert "'Q2'" in str(err.value) and "3, 11" in str(err.value)
    inf = df.copy()
    inf.loc[5, "Q3"] = np.inf
    with pytest.raises(InputError) as err:
        cronbach_alpha(inf)
    assert "'Q3'" in str(err.value) and "5" in str(err.value)
    allnan = df.copy()
    allnan["Q4"] = np.nan
    with pytest.raises(InputError, match="'Q4'"):
        cronbach_alpha(allnan)
    with pytest.raises(InputError, match="empty"):
        cronbach_alpha(df.iloc[:0])
    with pytest.raises(InputError, match="at least 2 items"):
        cronbach_alpha(df, ["Q1"])
    with pytest.raises(InputError, match="at least 3"):
        alpha_if_deleted(df, ["Q1", "Q2"])


@settings(max_examples=30, deadline=None)
@given(st.integers(3, 30), st.integers(2, 6), st.integers(0, 10_000))
def test_alpha_at_most_one(n, k, seed):
    x = np.random.default_rng(seed).integers(1, 8, size=(n, k)).astype(float)
    df = pd.DataFrame(x, columns=[f"Q{i}" for i in range(k)])
    if (df.std() == 0).any() or df.sum(axis=1).std() == 0:
        return
    out = cronbach_alpha(df)
    assert out.loc[0, "alpha"] <= 1 + 1e-12
    assert out.loc[0, "ci_low"] <= out.loc[0, "alpha"] <= out.loc[0, "ci_high"]


# ----------------------------------------------------------------------------- hostile input

def test_dont_know_codes_are_refused_naming_column_and_rows():
    df = likert(60, 5, 11)
    coded = df.copy()
    coded.loc[[4, 17], "Q3"] = 99
    coded.loc[9, "Q5"] = 98
    with pytest.raises(InputError) as err:
        cronbach_alpha(coded)
    assert err.value.column == "Q3" and err.value.rows == [4, 17]
    assert "98/99" in str(err.value) and "NaN" in str(err.value)
    for f in (standardized_alpha, alpha_if_deleted, item_covariance):
        with pytest.raises(InputError, match="'Q3'"):
            f(coded)
    # the misread refused: two respondents who answered "don't know" (99) throughout push
    # alpha to about 1
    refusers = df.copy()
    refusers.loc[[4, 17], :] = 99
    assert cronbach_alpha(refusers, scale=None).loc[0, "alpha"] > 0.99
    with pytest.raises(InputError):
        cronbach_alpha(refusers)
    recoded = coded.replace({98: np.nan, 99: np.nan})
    assert cronbach_alpha(recoded).loc[0, "n"] == 60
    with pytest.raises(InputError, match="outside the scale"):
        cronbach_alpha(df, scale=(1, 5)) if df.max().max() > 5 else cronbach_alpha(df * 2)


def test_other_hostile_columns():
    df = likert(30, 4, 12)
    text = df.astype(object)
    text.loc[2, "Q1"] = "４"                                  # full-width digit: read as 4
    text.loc[5, "Q2"] = " "                                  # blank: missing
    assert cronbach_alpha(text).loc[0, "alpha"] == pytest.approx(
        cronbach_alpha(df.assign(Q1=df.Q1.where(df.index != 2, 4),
                                 Q2=df.Q2.where(df.index != 5))).loc[0, "alpha"])
    for bad, row in (("不知道", 7), (True, 8), ("NA", 9)):
        b = df.astype(object)
        b.loc[row, "Q4"] = bad
        with pytest.raises(InputError) as err:
            cronbach_alpha(b)
        assert err.value.column == "Q4" and err.value.rows == [row]
    with pytest.raises(InputError, match="boolean"):
        cronbach_alpha(df.assign(Q2=df.Q2 > 4))
    dup = pd.concat([df, df[["Q1"]]], axis=1)
    with pytest.raises(InputError, match="appears 2 times"):
        cronbach_alpha(dup, ["Q1", "Q2"])
    with pytest.raises(InputError):
        cronbach_alpha(df.iloc[:1])
    with pytest.raises(HelpersError):
        cronbach_alpha(df, scale=(7, 1))
    with pytest.raises(HelpersError):
        cronbach_alpha(df, "Q1")


def test_empty_rows_are_excluded_and_counted():
    df = likert(40, 4, 13)
    df.loc[[3, 30], :] = np.nan
    df.loc[5, "Q2"] = np.nan
    for policy, n, rows in (("pairwise", 38, {3, 30}), ("listwise", 37, {3, 5, 30})):
        out = cronbach_alpha(df, nan_policy=policy)
        assert out.loc[0, "n"] == n
        assert set(out.attrs["excluded"]["row"]) == rows
        assert n + len(set(out.attrs["excluded"]["row"])) == len(df)


def test_constant_items_give_nan_not_a_crash():
    df = pd.DataFrame({"a": [4.0] * 5, "b": [4.0] * 5, "c": [2.0] * 5})
    assert np.isnan(cronbach_alpha(df).loc[0, "alpha"])
    assert np.isnan(standardized_alpha(df).loc[0, "alpha"])
    out = alpha_if_deleted(df)
    assert out[["alpha_if_deleted", "r_item_total"]].isna().all().all()
