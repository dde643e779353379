"""helpers.agreement against independent references (scikit-learn, statsmodels, pingouin, the
Shrout–Fleiss published example), with property tests and bad input."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import HelpersError
from helpers.agreement import (checklist_scores, cohen_kappa, fleiss_kappa, icc, item_agreement,
                               landis_koch)

SF = [[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6], [10, 5, 6, 9], [6, 2, 4, 7]]


def _pairs(seed, n=300, k=3, agree=0.6):
    rng = np.random.default_rng(seed)
    a = rng.integers(0, k, n)
    b = np.where(rng.random(n) < agree, a, rng.integers(0, k, n))
    return pd.DataFrame({"a": a, "b": b})


def _long_ratings(seed, n=120, m=3, k=3, agree=0.6):
    rng = np.random.default_rng(seed)
    truth = rng.integers(0, k, n)
    rows = []
    for i in range(n):
        for j in range(m):
            s = truth[i] if rng.random() < agree else rng.integers(0, k)
            rows.append((f"V{i}", f"R{j}", int(s)))
    return pd.DataFrame(rows, columns=["visit", "rater", "score"])


# ---------------------------------------------------------------- references
@pytest.mark.parametrize("weights", [None, "linear", "quadratic"])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_cohen_matches_sklearn_and_statsmodels(weights, seed):
    from sklearn.metrics import cohen_kappa_score
    from statsmodels.stats.inter_rater import cohens_kappa, to_table

    d = _pairs(seed)
    r = cohen_kappa(d, rater_a="a", rater_b="b", weights=weights).iloc[0]
    assert r["estimate"] == pytest.approx(cohen_kappa_score(d["a"], d["b"], weights=weights),
                                          abs=1e-12)
    table = to_table(d[["a", "b"]].to_numpy())[0]
    ref = cohens_kappa(table, wt=weights) if weights else cohens_kappa(table)
    assert r["se"] == pytest.approx(ref.std_kappa, rel=1e-10)
    assert r["ci_low"] < r["estimate"] < r["ci_high"]


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_fleiss_matches_statsmodels(seed):
    from statsmodels.stats.inter_rater import aggregate_raters
    from statsmodels.stats.inter_rater import fleiss_kappa as sm_fleiss

    d = _long_ratings(seed)
    r = fleiss_kappa(d, subject="visit", rater="rater", rating="score", n_boot=500).iloc[0]
    wide = d.pivot(index="visit", columns="rater", values="score").to_numpy()
    assert r["estimate"] == pytest.approx(sm_fleiss(aggregate_raters(wide)[0]), abs=1e-12)
    assert r["ci_low"] < r["estimate"] < r["ci_high"]


def test_fleiss_wikipedia_worked_example():
    """The 10 subjects × 14 raters × 5 categories example (κ = 0.210) used by statsmodels."""
    from statsmodels.stats.inter_rater import fleiss_kappa as sm_fleiss

    table = np.array([[0, 0, 0, 0, 14], [0, 2, 6, 4, 2], [0, 0, 3, 5, 6], [0, 3, 9, 2, 0],
                      [2, 2, 8, 1, 1], [7, 7, 0, 0, 0], [3, 2, 6, 3, 0], [2, 5, 3, 2, 2],
                      [6, 5, 2, 1, 0], [0, 2, 2, 3, 7]])
    rows = [(i, c) for i, row in enumerate(table) for c, cnt in enumerate(row) for _ in range(cnt)]
    d = pd.DataFrame(rows, columns=["s", "c"])
    d["r"] = d.groupby("s").cumcount()
    r = fleiss_kappa(d, subject="s", rater="r", rating="c", n_boot=200).iloc[0]
    assert r["estimate"] == pytest.approx(sm_fleiss(table), abs=1e-12)
    assert round(r["estimate"], 3) == 0.210


def _icc_frame(seed, n=30, k=4):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 1)) + 0.5 * rng.normal(size=(1, k)) + 0.7 * rng.normal(size=(n, k))
    return pd.DataFrame([(f"T{i}", f"J{j}", x[i, j]) for i in range(n) for j in range(k)],
                        columns=["target", "judge", "score"])


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_icc_matches_pingouin(seed):
    import pingouin as pg

    d = _icc_frame(seed)
    pg.options["round"] = None
    ref = pg.intraclass_corr(d, targets="target", raters="judge", ratings="score")
    got = icc(d, target="target", rater="judge", rating="score")
    np.testing.assert_allclose(got["estimate"], ref["ICC"], rtol=1e-10)
    np.testing.assert_allclose(got["f"], ref["F"], rtol=1e-10)
    np.testing.assert_allclose(got["pval"], ref["pval"], rtol=1e-8, atol=1e-300)
    ci = np.vstack(ref["CI95"].to_numpy())
    np.testing.assert_allclose(got["ci_low"], ci[:, 0], atol=0.006)     # pingouin rounds CI95
    np.testing.assert_allclose(got["ci_high"], ci[:, 1], atol=0.006)


def test_icc_shrout_fleiss_published_values():
    d = pd.DataFrame([(t, j, s) for t, row in enumerate(SF) for j, s in enumerate(row)],
                     columns=["t", "j", "s"])
    got = icc(d, target="t", rater="j", rating="s").set_index("type")["estimate"].round(2)
    assert got.to_dict() == {"ICC1": 0.17, "ICC2": 0.29, "ICC3": 0.71, "ICC1k": 0.44,
                             "ICC2k": 0.62, "ICC3k": 0.91}


def test_frozen_values():
    d = _pairs(7)
    assert cohen_kappa(d, rater_a="a", rater_b="b")["estimate"].iloc[0] == pytest.approx(
        0.6059, abs=1e-4)
    f = fleiss_kappa(_long_ratings(7), subject="visit", rater="rater", rating="score").iloc[0]
    assert (round(f["estimate"], 4), round(f["ci_low"], 4), round(f["ci_high"], 4)) == (
        0.3764, 0.2722, 0.469)


# ---------------------------------------------------------------- properties
scores = st.lists(st.integers(0, 3), min_size=4, max_size=40)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scores)
def test_perfect_agreement_is_one(x):
    if len(set(x)) < 2:
        return
    d = pd.DataFrame({"a": x, "b": x})
    for w in (None, "linear", "quadratic"):
        assert cohen_kappa(d, rater_a="a", rater_b="b", weights=w)["estimate"].iloc[0] == \
            pytest.approx(1.0)
    long = pd.DataFrame({"s": list(range(len(x))) * 3, "r": np.repeat(["甲", "乙", "丙"], len(x)),
                         "v": x * 3})
    assert fleiss_kappa(long, subject="s", rater="r", rating="v", n_boot=50)[
        "estimate"].iloc[0] == pytest.approx(1.0)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 2), st.integers(0, 2)), min_size=5, max_size=40),
       st.permutations([10, 20, 30]))
def test_relabelling_categories_does_not_change_kappa(pairs, perm):
    d = pd.DataFrame(pairs, columns=["a", "b"])
    if pd.unique(d[["a", "b"]].to_numpy().ravel()).size < 2:
        return
    try:
        ref = cohen_kappa(d, rater_a="a", rater_b="b")["estimate"].iloc[0]
    except HelpersError:
        return
    m = dict(enumerate(perm))
    got = cohen_kappa(d.replace({"a": m, "b": m}), rater_a="a", rater_b="b")["estimate"].iloc[0]
    assert got == pytest.approx(ref, abs=1e-12)
    # weighted κ: invariant under an order-preserving relabelling
    mono = {0: -5, 1: 0.5, 2: 7}
    wl = cohen_kappa(d, rater_a="a", rater_b="b", weights="linear")["estimate"].iloc[0]
    wl2 = cohen_kappa(d.replace({"a": mono, "b": mono}), rater_a="a", rater_b="b",
                      weights="linear")["estimate"].iloc[0]
    assert wl2 == pytest.approx(wl, abs=1e-12)


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 10_000))
def test_icc_invariant_to_shift_and_scale(seed):
    d = _icc_frame(seed, n=12, k=3)
    ref = icc(d, target="target", rater="judge", rating="score")
    got = icc(d.assign(score=3 * d["score"] + 10), target="target", rater="judge", rating="score")
    np.testing.assert_allclose(got["estimate"], ref["estimate"], rtol=1e-9, atol=1e-12)


# ---------------------------------------------------------------- bad input
def test_missing_rating_names_column_and_rows():
    d = pd.DataFrame({"a": [0, 1, 1, 0], "b": [0, None, 1, 0]}, index=[5, 6, 7, 8])
    with pytest.raises(HelpersError, match=r"'b'.*6"):
        cohen_kappa(d, rater_a="a", rater_b="b")


def test_one_category_only():
    d = pd.DataFrame({"a": [1, 1, 1], "b": [1, 1, 1]})
    with pytest.raises(HelpersError, match="一个类别"):
        cohen_kappa(d, rater_a="a", rater_b="b")
    long = pd.DataFrame({"s": [1, 1, 2, 2], "r": ["x", "y"] * 2, "v": [2, 2, 2, 2]})
    with pytest.raises(HelpersError, match="'v'"):
        fleiss_kappa(long, subject="s", rater="r", rating="v")


def test_non_numeric_score():
    d = pd.DataFrame({"a": [0, 1, "好", 0], "b": [0, 1, 1, 0]})
    with pytest.raises(HelpersError, match=r"'a'.*2"):
        cohen_kappa(d, rater_a="a", rater_b="b")


def test_rater_with_no_overlap_in_icc():
    d = _icc_frame(0, n=6, k=3)
    lonely = pd.DataFrame({"target": ["X1", "X2"], "judge": ["J9", "J9"], "score": [1.0, 2.0]},
                          index=[900, 901])
    with pytest.raises(HelpersError, match=r"'judge'.*J9.*900"):
        icc(pd.concat([d, lonely]), target="target", rater="judge", rating="score")


def test_incomplete_design_in_icc():
    d = _icc_frame(0, n=6, k=3).drop(index=[4])
    with pytest.raises(HelpersError, match="'target'"):
        icc(d, target="target", rater="judge", rating="score")


def test_unequal_ratings_per_subject_in_fleiss():
    d = _long_ratings(0, n=10).drop(index=[0])
    with pytest.raises(HelpersError, match=r"'visit'.*1, 2"):
        fleiss_kappa(d, subject="visit", rater="rater", rating="score")


def test_same_rater_twice():
    d = pd.DataFrame({"s": [1, 1, 2, 2], "r": ["x", "x", "x", "y"], "v": [0, 1, 1, 0]})
    with pytest.raises(HelpersError, match=r"'r'.*0, 1"):
        fleiss_kappa(d, subject="s", rater="r", rating="v")


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 39), st.sampled_from(["missing", "text"]))
def test_bad_cell_in_item_agreement_is_named(row, kind):
    d = _long_ratings(3, n=8, m=2).assign(item="微笑")
    d["score"] = d["score"].astype(object)
    d = pd.concat([d, d.assign(item="工作牌")], ignore_index=True)
    row = row % len(d)
    d.loc[row, "score"] = None if kind == "missing" else "好"
    with pytest.raises(HelpersError, match=rf"'score'.*\b{row}\b"):
        item_agreement(d, item="item", subject="visit", rater="rater", rating="score")


# ---------------------------------------------------------------- per item and scores
def test_item_agreement_uses_fleiss_for_three_raters_and_cohen_for_two():
    d3 = pd.concat([_long_ratings(1).assign(item="A"), _long_ratings(2, agree=0.95).assign(item="B")])
    r3 = item_agreement(d3, item="item", subject="visit", rater="rater", rating="score", n_boot=300)
    assert r3["measure"].eq("fleiss_kappa").all() and r3["item"].tolist() == ["A", "B"]
    assert r3.loc[1, "estimate"] > r3.loc[0, "estimate"]
    assert r3.loc[1, "band_zh"] == landis_koch(r3.loc[1, "estimate"])
    d2 = d3[d3["rater"] != "R2"]
    r2 = item_agreement(d2, item="item", subject="visit", rater="rater", rating="score")
    wide = d2[d2["item"] == "A"].pivot(index="visit", columns="rater", values="score")
    ref = cohen_kappa(wide, rater_a="R0", rater_b="R1")
    assert r2["measure"].eq("cohen_kappa").all()
    assert r2.loc[0, "estimate"] == pytest.approx(ref["estimate"].iloc[0])


def test_landis_koch_bands():
    assert [landis_koch(v) for v in (-0.2, 0.0, 0.2, 0.21, 0.4, 0.55, 0.8, 0.81, 1.0)] == [
        "较差", "轻微", "轻微", "一般", "一般", "中等", "较强", "几乎完全一致", "几乎完全一致"]


def test_checklist_scores_and_bad_range():
    d = pd.DataFrame({"w": ["A", "A", "B", "B", "C", "C"], "i": ["x", "y"] * 3,
                      "s": [2, 2, 2, 0, 0, 0]})
    r = checklist_scores(d, by="w", item="i", rating="s", max_score=2)
    assert r["score"].tolist() == [100.0, 50.0, 0.0] and r["rank"].tolist() == [1, 2, 3]
    with pytest.raises(HelpersError, match=r"'s'.*5"):
        checklist_scores(d.assign(s=[2, 2, 2, 0, 0, 3]), by="w", item="i", rating="s",
                         max_score=2)


JUNK = st.one_of(st.sampled_from(["", "NA", "不知道", "５", "abc", " 1 "]), st.none(),
                 st.just(np.nan), st.floats(allow_nan=True, allow_infinity=True, width=32),
                 st.booleans(), st.integers(-3, 5))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.one_of(st.integers(0, 2), JUNK), st.one_of(st.integers(0, 2), JUNK)),
                min_size=1, max_size=12))
def test_junk_gives_helpers_error_or_a_result(cells):
    """Random junk mixed into the scores: a HelpersError or a valid result, never another
    exception."""
    d = pd.DataFrame(cells, columns=["a", "b"], dtype=object)
    long = pd.DataFrame({"s": list(range(len(d))) * 2, "r": ["x"] * len(d) + ["y"] * len(d),
                         "v": list(d["a"]) + list(d["b"]), "item": "i"})
    calls = [lambda: cohen_kappa(d, rater_a="a", rater_b="b", weights="linear"),
             lambda: fleiss_kappa(long, subject="s", rater="r", rating="v", n_boot=20),
             lambda: icc(long, target="s", rater="r", rating="v"),
             lambda: item_agreement(long, item="item", subject="s", rater="r", rating="v"),
             lambda: checklist_scores(long, by="s", item="item", rating="v", max_score=2)]
    for call in calls:
        try:
            out = call()
        except HelpersError:
            continue
        assert len(out) >= 1


def test_icc_perfect_agreement_is_one():
    d = pd.DataFrame({"t": np.repeat(range(5), 3), "j": list("abc") * 5,
                      "s": np.repeat([1.0, 4.0, 2.0, 8.0, 5.0], 3)})
    r = icc(d, target="t", rater="j", rating="s")
    assert np.allclose(r["estimate"], 1.0)
    with pytest.raises(HelpersError, match="'s'"):
        icc(d.assign(s=3.0), target="t", rater="j", rating="s")
