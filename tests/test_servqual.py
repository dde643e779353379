"""Tests of helpers.servqual: worked values, independent recomputation, properties, bad input."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import InputError
from helpers.labels import DIMENSIONS, ITEM_DIMENSION, item_columns
from helpers.servqual import (
    compare_waves,
    dimension_gaps,
    item_gaps,
    respondent_scores,
    servperf,
    servqual_score,
)

E, P = item_columns("E"), item_columns("P")
WORKED = {"tangibles": -0.65, "reliability": -1.10, "responsiveness": -0.83,
          "assurance": -0.70, "empathy": -1.01}


def survey(n: int = 60, seed: int = 0, shift: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    e = rng.integers(4, 8, size=(n, 22))
    p = np.clip(e - rng.integers(-1, 3, size=(n, 22)) + shift, 1, 7)
    df = pd.DataFrame(np.hstack([e, p]).astype(float), columns=E + P)
    df.insert(0, "respondent_id", np.arange(1000, 1000 + n))
    return df


def worked_frame() -> pd.DataFrame:
    """Two respondents whose dimension gaps average to the 12manage worked example."""
    rows = []
    for sign in (+1, -1):
        row = {f"E{i}": 7.0 for i in range(1, 23)}
        row.update({f"P{i}": 7 + WORKED[d] + sign * 0.2 for i, d in ITEM_DIMENSION.items()})
        rows.append(row)
    return pd.DataFrame(rows)


# ---------------------------------------------------------------- worked and reference values

def test_worked_example_unweighted_score():
    out = servqual_score(worked_frame(), n_boot=200)
    assert out.loc[0, "score"] == "unweighted"
    assert out.loc[0, "estimate"] == pytest.approx(-0.858, abs=1e-12)
    gaps = dimension_gaps(worked_frame(), n_boot=200)
    np.testing.assert_allclose(gaps["estimate"], [WORKED[d] for d in DIMENSIONS], atol=1e-12)
    assert list(gaps["label"]) == ["有形性", "可靠性", "响应性", "保证性", "移情性"]


def test_dimension_gaps_equal_pandas_recomputation():
    df = survey(80)
    df.loc[3, "P5"] = np.nan
    df.loc[7, "E12"] = np.nan
    out = dimension_gaps(df, n_boot=300)
    for d in DIMENSIONS:
        items = [i for i, dd in ITEM_DIMENSION.items() if dd == d]
        g = pd.DataFrame({i: df[f"P{i}"] - df[f"E{i}"] for i in items})
        ref = g.mean(axis=1, skipna=True).mean()
        row = out.set_index("dimension").loc[d]
        assert row["estimate"] == pytest.approx(ref, abs=1e-12)
        assert row["ci_low"] < row["estimate"] < row["ci_high"]
        assert row["n"] == 80
    assert list(out.columns) == ["dimension", "label", "estimate", "ci_low", "ci_high", "n"]


def test_dimension_gaps_by_group():
    df = pd.concat([survey(40, 1).assign(wave=1), survey(50, 2).assign(wave=2)], ignore_index=True)
    out = dimension_gaps(df, by="wave", n_boot=200, method="percentile")
    assert list(out.columns)[:2] == ["wave", "dimension"]
    assert out.groupby("wave")["n"].first().to_dict() == {1: 40, 2: 50}
    one = dimension_gaps(df[df.wave == 2], n_boot=200)
    np.testing.assert_allclose(out[out.wave == 2]["estimate"], one["estimate"])


def test_item_gaps_t_interval():
    df = survey(30)
    out = item_gaps(df)
    assert list(out.columns) == ["item", "dimension", "expectation", "perception", "gap",
                                 "ci_low", "ci_high", "n"]
    g = df["P7"] - df["E7"]
    from scipy import stats
    lo, hi = stats.t.interval(0.95, len(g) - 1, loc=g.mean(), scale=stats.sem(g))
    row = out.set_index("item").loc[7]
    assert row["gap"] == pytest.approx(g.mean())
    assert (row["ci_low"], row["ci_high"]) == pytest.approx((lo, hi))
    assert row["dimension"] == "reliability"


def test_reverse_scoring():
    df = pd.DataFrame({"E1": [7.0, 6.0], "P1": [2.0, 3.0], "E2": [5.0, 5.0], "P2": [4.0, 6.0]})
    out = item_gaps(df, ["E1", "E2"], ["P1", "P2"], reverse=[1])
    # reversed: E1 -> 1, 2 ; P1 -> 6, 5 ; gaps +5, +3
    assert out.loc[0, "gap"] == pytest.approx(4.0)
    assert out.loc[1, "gap"] == pytest.approx(0.0)


def test_custom_item_map_and_respondent_scores_forms():
    df = pd.DataFrame({"E1": [7.0, 5], "P1": [6.0, 5], "E2": [7.0, 6], "P2": [4.0, np.nan]})
    imap = {1: "access", 2: "access"}
    wide = respondent_scores(df, ["E1", "E2"], ["P1", "P2"], item_map=imap)
    assert list(wide.columns) == ["access"]
    np.testing.assert_allclose(wide["access"], [-2.0, 0.0])
    long = respondent_scores(df, ["E1", "E2"], ["P1", "P2"], item_map=imap, form="long")
    assert list(long.columns) == ["row", "dimension", "label", "gap", "n_items"]
    assert long["n_items"].tolist() == [2, 1]


def test_missing_dimension_is_excluded_and_reported():
    df = survey(20)
    df.loc[5, [f"P{i}" for i in range(1, 5)]] = np.nan
    out = dimension_gaps(df, n_boot=100)
    assert out.set_index("dimension").loc["tangibles", "n"] == 19
    excluded = out.attrs["excluded"]
    assert 5 in list(excluded["row"]) and "tangibles" in list(excluded["column"])
    score = servqual_score(df, n_boot=100)
    assert score.loc[0, "n"] == 19


def test_weighted_score_per_respondent_before_averaging():
    df = survey(40)
    rng = np.random.default_rng(9)
    pts = rng.dirichlet(np.ones(5), size=40) * 100
    pts[:, -1] = 100 - pts[:, :-1].sum(axis=1)
    wcols = {d: f"w_{d}" for d in DIMENSIONS}
    for j, d in enumerate(DIMENSIONS):
        df[wcols[d]] = pts[:, j]
    out = servqual_score(df, weights=wcols, n_boot=200)
    scores = respondent_scores(df)[list(DIMENSIONS)].to_numpy()
    ref = (scores * pts / 100).sum(axis=1).mean()
    assert out.set_index("score").loc["weighted", "estimate"] == pytest.approx(ref)
    assert out["score"].tolist() == ["unweighted", "weighted"]


def test_weights_not_summing_to_100():
    df = survey(10)
    wcols = {d: f"w_{d}" for d in DIMENSIONS}
    for d in DIMENSIONS:
        df[wcols[d]] = 20.0
    df.loc[[2, 6], "w_empathy"] = 30.0
    with pytest.raises(InputError) as err:
        servqual_score(df, weights=wcols, n_boot=50)
    assert "2, 6" in str(err.value) and "'w_tangibles'" in str(err.value)
    assert err.value.rows == [2, 6]
    out = servqual_score(df, weights=wcols, normalize_weights=True, n_boot=50)
    assert out.attrs["normalized_weights"] == (2, 6)


def test_servperf_uses_perceptions_only():
    df = survey(30)[P]
    out = servperf(df, n_boot=200)
    assert out["dimension"].tolist() == list(DIMENSIONS) + ["overall"]
    ref = df[[f"P{i}" for i in range(5, 10)]].mean(axis=1).mean()
    assert out.set_index("dimension").loc["reliability", "estimate"] == pytest.approx(ref)
    assert out.iloc[-1]["label"] == "总体"


def test_compare_waves_difference_and_n():
    df = pd.concat([survey(50, 1).assign(wave=1), survey(70, 2, shift=1).assign(wave=2)],
                   ignore_index=True)
    out = compare_waves(df, n_boot=500)
    g = dimension_gaps(df, by="wave", n_boot=50).pivot(index="dimension", columns="wave",
                                                        values="estimate")
    diff = out.set_index("dimension")["estimate"]
    for d in DIMENSIONS:
        assert diff[d] == pytest.approx(g.loc[d, 2] - g.loc[d, 1])
    assert (out["n_before"] == 50).all() and (out["n_after"] == 70).all()
    assert (out["ci_low"] > 0).all()  # perceptions shifted up by one point
    with pytest.raises(InputError, match="'wave'"):
        compare_waves(df, before=1, after=3)


# ---------------------------------------------------------------- bad input

def test_missing_column_named():
    with pytest.raises(InputError) as err:
        dimension_gaps(survey(10).drop(columns="P7"))
    assert "'P7'" in str(err.value)


def test_out_of_range_code_named_with_rows():
    df = survey(10)
    df.loc[[3, 8], "E4"] = 9
    with pytest.raises(InputError) as err:
        item_gaps(df)
    assert "'E4'" in str(err.value) and "3, 8" in str(err.value)
    assert err.value.column == "E4" and err.value.rows == [3, 8]


def test_non_numeric_text_named_with_rows():
    df = survey(10)
    df["P2"] = df["P2"].astype(object)
    df.loc[4, "P2"] = "很好"
    with pytest.raises(InputError) as err:
        dimension_gaps(df, n_boot=10)
    assert "'P2'" in str(err.value) and "4" in str(err.value)


def test_duplicate_ids_named():
    df = survey(10)
    df.loc[7, "respondent_id"] = df.loc[2, "respondent_id"]
    with pytest.raises(InputError) as err:
        item_gaps(df, id="respondent_id")
    assert "'respondent_id'" in str(err.value) and "2, 7" in str(err.value)


def test_empty_frame():
    with pytest.raises(InputError, match="empty"):
        dimension_gaps(survey(10).iloc[:0])


def test_all_nan_column():
    df = survey(10)
    df["E3"] = np.nan
    with pytest.raises(InputError) as err:
        item_gaps(df)
    assert "'E3'" in str(err.value) and "all missing" in str(err.value)


def test_mismatched_lengths():
    with pytest.raises(InputError, match="differ in length"):
        item_gaps(survey(10), expectations=E[:21], perceptions=P)


def test_missing_group_value_named():
    df = survey(10).assign(wave=[1.0] * 9 + [np.nan])
    with pytest.raises(InputError) as err:
        dimension_gaps(df, by="wave", n_boot=10)
    assert "'wave'" in str(err.value) and "9" in str(err.value)


def test_unmapped_item():
    df = pd.DataFrame({"E1": [1.0, 2.0], "P1": [2.0, 2.0], "E30": [1.0, 1.0], "P30": [1.0, 2.0]})
    with pytest.raises(InputError, match="'P30'"):
        item_gaps(df, ["E1", "E30"], ["P1", "P30"])


# ---------------------------------------------------------------- properties

likert = st.integers(1, 7)


@st.composite
def small_surveys(draw):
    n = draw(st.integers(3, 12))
    q = draw(st.integers(2, 5))
    e = draw(st.lists(st.lists(likert, min_size=q, max_size=q), min_size=n, max_size=n))
    p = draw(st.lists(st.lists(likert, min_size=q, max_size=q), min_size=n, max_size=n))
    cols_e, cols_p = [f"E{i}" for i in range(1, q + 1)], [f"P{i}" for i in range(1, q + 1)]
    df = pd.DataFrame(np.hstack([np.array(e), np.array(p)]).astype(float), columns=cols_e + cols_p)
    return df, cols_e, cols_p


@settings(max_examples=25, deadline=None)
@given(small_surveys())
def test_gaps_flip_sign_when_e_and_p_swapped(arg):
    df, ce, cp = arg
    mapping = {**dict(zip(ce, cp)), **dict(zip(cp, ce))}
    swapped = df.rename(columns=mapping)
    a = item_gaps(df, ce, cp)["gap"].to_numpy()
    b = item_gaps(swapped, ce, cp)["gap"].to_numpy()
    np.testing.assert_allclose(a, -b, atol=1e-12)
    da = dimension_gaps(df, ce, cp, n_boot=50)["estimate"].to_numpy()
    db = dimension_gaps(swapped, ce, cp, n_boot=50)["estimate"].to_numpy()
    np.testing.assert_allclose(da, -db, atol=1e-12)


@settings(max_examples=20, deadline=None)
@given(small_surveys(), st.sampled_from(["BCa", "percentile"]))
def test_dimension_intervals_contain_estimate(arg, method):
    df, ce, cp = arg
    out = dimension_gaps(df, ce, cp, n_boot=200, method=method)
    assert (out["ci_low"] <= out["estimate"] + 1e-12).all()
    assert (out["estimate"] <= out["ci_high"] + 1e-12).all()


@settings(max_examples=15, deadline=None)
@given(st.integers(0, 10_000))
def test_equal_weights_equal_unweighted(seed):
    df = survey(15, seed)
    wcols = {d: f"w_{d}" for d in DIMENSIONS}
    for d in DIMENSIONS:
        df[wcols[d]] = 20
    # percentile: BCa's z0 counts ties with the estimate, which 1-ulp differences can move
    out = servqual_score(df, weights=wcols, n_boot=100, seed=seed,
                         method="percentile").set_index("score")
    assert out.loc["weighted", "estimate"] == pytest.approx(out.loc["unweighted", "estimate"])
    assert out.loc["weighted", "ci_low"] == pytest.approx(out.loc["unweighted", "ci_low"])
