"""Tests of helpers.servqual: worked values, independent recomputation, properties, bad input."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import HelpersError, InputError
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


def test_mismatched_sets_name_the_unpaired_columns():
    with pytest.raises(InputError, match="unpaired: 'P22'") as err:
        item_gaps(survey(10), expectations=E[:21], perceptions=P)
    assert err.value.column == "P22"
    with pytest.raises(InputError, match="unpaired: 'E2', 'P3'"):
        item_gaps(survey(10), expectations=["E1", "E2"], perceptions=["P1", "P3"])
    for f in (respondent_scores, dimension_gaps, servqual_score, compare_waves):
        with pytest.raises(InputError, match="unpaired"):
            f(survey(10).assign(wave=1), expectations=["E1", "E2"], perceptions=["P1", "P3"])


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
    """Contain the estimate, or are NaN when the dimension score does not vary at all."""
    df, ce, cp = arg
    out = dimension_gaps(df, ce, cp, n_boot=200, method=method)
    flat = respondent_scores(df, ce, cp).nunique().reindex(out["dimension"]).to_numpy() == 1
    assert (out["ci_low"].isna().to_numpy() == flat).all()
    ok = out[~flat]
    assert (ok["ci_low"] <= ok["estimate"] + 1e-12).all()
    assert (ok["estimate"] <= ok["ci_high"] + 1e-12).all()


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


# ---------------------------------------------------------------- hostile input (issue 9)

def test_reordered_lists_pair_by_item_number():
    df = survey(40, seed=3)
    ref = item_gaps(df, ["E1", "E2", "E3"], ["P1", "P2", "P3"]).set_index("item")
    shuffled = item_gaps(df, ["E3", "E1", "E2"], ["P2", "P3", "P1"]).set_index("item")
    pd.testing.assert_frame_equal(shuffled.loc[[1, 2, 3]], ref.loc[[1, 2, 3]])
    assert shuffled.index.tolist() == [2, 3, 1]                # order of the perceptions
    same = df.copy()
    same[["P1", "P2"]] = same[["E1", "E2"]].to_numpy()         # true gaps are 0
    out = item_gaps(same, expectations=["E1", "E2"], perceptions=["P2", "P1"])
    assert (out["gap"] == 0).all()
    d_ref = dimension_gaps(df, E, P, n_boot=100)
    d_rev = dimension_gaps(df, E[::-1], P, n_boot=100)
    pd.testing.assert_frame_equal(d_ref, d_rev)
    s_ref = servqual_score(df, E, P, n_boot=100)
    s_rev = servqual_score(df, E[::-1], P[::-1], n_boot=100)
    assert s_ref.loc[0, "estimate"] == pytest.approx(s_rev.loc[0, "estimate"])


def test_explicit_pairs_and_names_without_numbers():
    df = pd.DataFrame({"exp_wait": [7, 6, 5.0], "perc_wait": [5, 6, 4.0],
                       "exp_staff": [6, 6, 7.0], "perc_staff": [6, 7, 7.0]})
    with pytest.raises(InputError, match="pairs="):
        item_gaps(df, ["exp_wait", "exp_staff"], ["perc_wait", "perc_staff"])
    out = item_gaps(df, pairs={"exp_staff": "perc_staff", "exp_wait": "perc_wait"},
                    item_map={1: "tangibles", 2: "reliability"})
    np.testing.assert_allclose(out["gap"], [1 / 3, -1.0])
    with pytest.raises(HelpersError):
        item_gaps(df, ["exp_wait"], pairs={"exp_wait": "perc_wait"})
    with pytest.raises(InputError, match="both an expectation and a perception"):
        item_gaps(df.rename(columns={"exp_wait": "E1", "perc_wait": "P1"}), ["E1"], ["E1"])


def test_one_respondent_gives_nan_intervals():
    df = survey(1)
    items = item_gaps(df)
    dims = dimension_gaps(df, n_boot=200)
    score = servqual_score(df, n_boot=200)
    perf = servperf(df, n_boot=200)
    for out in (items, dims, score, perf):
        assert out["ci_low"].isna().all() and out["ci_high"].isna().all()
        assert out["estimate" if "estimate" in out else "gap"].notna().all()
    by = dimension_gaps(survey(5).assign(wave=[1, 2, 2, 2, 2]), by="wave", n_boot=200)
    assert by.query("wave == 1")["ci_low"].isna().all()
    assert by.query("wave == 2")["ci_low"].notna().all()


def test_dont_know_codes_bools_and_text():
    df = survey(20)
    df.loc[[2, 9], "P7"] = 99
    with pytest.raises(InputError) as err:
        dimension_gaps(df, n_boot=10)
    assert err.value.column == "P7" and err.value.rows == [2, 9] and "98/99" in str(err.value)
    df = survey(20).astype({"E4": object})
    df.loc[5, "E4"] = "不知道"
    with pytest.raises(InputError) as err:
        item_gaps(df)
    assert err.value.column == "E4" and err.value.rows == [5]
    df.loc[5, "E4"] = "６"                                   # full-width digit: read as 6
    assert item_gaps(df).loc[3, "n"] == 20
    with pytest.raises(InputError, match="boolean"):
        item_gaps(survey(5).assign(P1=True))
    dup = pd.concat([survey(5), survey(5)[["P2"]]], axis=1)
    with pytest.raises(InputError, match="appears 2 times"):
        item_gaps(dup)


def test_accounting_rows_in_equal_used_plus_excluded():
    df = survey(30, seed=4).assign(wave=[1] * 12 + [2] * 12 + [3] * 6)
    df.loc[3, ["E1", "P2"]] = np.nan
    df.loc[7, [f"P{i}" for i in range(1, 5)]] = np.nan      # no tangibles item answered
    items = item_gaps(df)
    ex = items.attrs["excluded"].frame()
    for _, row in items.iterrows():
        col = f"P{row['item']}"
        assert row["n"] + ex.loc[ex["column"] == col, "row"].nunique() == len(df)
    cmp = compare_waves(df, n_boot=100)
    ex = cmp.attrs["excluded"].frame()
    for _, row in cmp.iterrows():
        gone = ex.loc[ex["column"].isin([row["dimension"], "wave"]), "row"].nunique()
        assert row["n_before"] + row["n_after"] + gone == len(df)
    with pytest.raises(HelpersError):
        compare_waves(df, before=1, after=1, n_boot=10)
