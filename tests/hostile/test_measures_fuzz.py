"""Hypothesis fuzzing of every public measure (issue 9: real exports are never misread).

Random small frames whose cells are mostly valid answers with junk mixed in (98/99 codes, NA
spellings, full-width digits, booleans, ±inf, text, None/pd.NA), sometimes with duplicate column
names or odd index labels. The property, for every public function of the measure modules:

- it raises :class:`helpers.InputError` (bad data) or :class:`helpers.HelpersError` (bad option),
  or
- it returns a result that accounts for every row: rows in = rows used + rows excluded, the
  exclusions read from ``result.attrs["excluded"]``;

and never raises any other exception type. Each test runs a few dozen examples (≤ ~3 s).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from helpers import HelpersError
from helpers import bootstrap, confirmation, equity, expectations, ipa, kano, privacy
from helpers import queueing, reliability, sampling, scales, servqual, transparency
from helpers.scales import read_numeric

FUZZ = settings(max_examples=40, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.filter_too_much])

JUNK = st.one_of(
    st.sampled_from([98, 99, -1, 0, 8, 3.5, 1e9, -0.0]),
    st.sampled_from(["", " ", "NA", "N/A", "null", "不知道", "拒答", "-", "５", "３", " 4 ",
                     "7.0", "abc", "1e3", "２．５"]),
    st.booleans(), st.none(), st.just(pd.NA), st.just(np.nan),
    st.floats(allow_nan=True, allow_infinity=True, width=32),
)
LIKERT = st.integers(1, 7)
MOSTLY = st.one_of(LIKERT, LIKERT, LIKERT, JUNK)        # three in four valid


@st.composite
def frames(draw, columns, *, values=LIKERT, min_rows=0, max_rows=8):
    """A frame of ``columns``: mostly ``values``, some NaN; a third of the frames hold junk."""
    n = draw(st.integers(min_rows, max_rows))
    dirty = draw(st.integers(0, 2)) == 0
    cell = (st.one_of(*[values] * 6, JUNK, st.just(np.nan)) if dirty
            else st.one_of(*[values] * 9, st.just(np.nan)))
    data = {c: pd.Series(draw(st.lists(cell, min_size=n, max_size=n)),
                         dtype=object if dirty else None) for c in columns}
    df = pd.DataFrame(data)
    if not dirty:
        df = df.infer_objects()
    shape = draw(st.sampled_from(["range", "labels", "dup_index", "dup_column"]))
    if shape == "labels" and n:
        df.index = [f"r{i}" for i in range(n)]
    elif shape == "dup_index" and n:
        df.index = [i // 2 for i in range(n)]
    elif shape == "dup_column" and columns:
        df = pd.concat([df, df[[columns[0]]]], axis=1)
    return df


def call(f, *args, **kwargs):
    """Run ``f``; None for a deliberate HelpersError/InputError, any other exception fails."""
    name = getattr(f, "__name__", "f")
    try:
        out = f(*args, **kwargs)
    except HelpersError as err:
        event(f"{name}: {type(err).__name__}")
        return None
    event(f"{name}: result")
    return out


def excluded(out, column=None, columns=None) -> set:
    """Distinct excluded row labels (optionally of one column or a set of columns)."""
    ex = out.attrs.get("excluded")
    if ex is None or len(ex) == 0:
        return set()
    f = ex.frame()
    if column is not None:
        f = f[f["column"] == column]
    if columns is not None:
        f = f[f["column"].isin(columns)]
    return set(f["row"])


def rows(df) -> int:
    """Rows in; with duplicated index labels the accounting is by label."""
    return df.index.nunique()


def labels_of(df, mask) -> set:
    return set(df.index[np.asarray(mask)])


# ----------------------------------------------------------------------------- reliability

ITEMS = ["Q1", "Q2", "Q3"]


@FUZZ
@given(frames(ITEMS), st.sampled_from(["pairwise", "listwise"]))
def test_reliability(df, policy):
    for f in (reliability.cronbach_alpha, reliability.standardized_alpha,
              reliability.alpha_if_deleted):
        out = call(f, df, ITEMS, nan_policy=policy)
        if out is not None and not df.index.has_duplicates:
            assert out.loc[0, "n"] + len(excluded(out)) == len(df)
    res = call(reliability.item_covariance, df, ITEMS, nan_policy=policy)
    if res is not None and not df.index.has_duplicates:
        cov, n, ex = res
        assert n + len(ex) == len(df)


PMAP = {1: "tangibles", 2: "tangibles", 3: "reliability"}


@FUZZ
@given(frames(["P1", "P2", "P3"]))
def test_dimension_reliability(df):
    out = call(reliability.dimension_reliability, df, "P", item_map=PMAP)
    if out is not None and not df.index.has_duplicates:
        for _, r in out.iterrows():
            assert r["n"] + len(excluded(out, r["dimension"])) == len(df)


# ----------------------------------------------------------------------------- servqual

EP = ["E1", "E2", "E5", "P1", "P2", "P5"]


@settings(FUZZ, max_examples=15)
@given(frames(EP + ["wave"], max_rows=10))
def test_servqual(df):
    e, p = ["E1", "E2", "E5"], ["P5", "P1", "P2"]
    kw = dict(n_boot=20, seed=1)
    n = len(df)
    check = not df.index.has_duplicates
    out = call(servqual.item_gaps, df, e, p)
    if out is not None and check:
        for _, r in out.iterrows():
            assert r["n"] + len(excluded(out, f"P{r['item']}")) == n
    out = call(servqual.respondent_scores, df, e, p)
    if out is not None and check:
        for d in out.columns:
            assert out[d].notna().sum() + len(excluded(out, d)) == n
    out = call(servqual.dimension_gaps, df, e, p, **kw)
    if out is not None and check:
        for _, r in out.iterrows():
            assert r["n"] + len(excluded(out, r["dimension"])) == n
        assert ((out["n"] >= 2) | out["ci_low"].isna()).all()
    out = call(servqual.servqual_score, df, e, p, **kw)
    if out is not None and check:
        assert out.loc[0, "n"] + len(excluded(out, "unweighted")) == n
    out = call(servqual.servperf, df, p, **kw)
    if out is not None and check:
        for _, r in out.iterrows():
            assert r["n"] + len(excluded(out, r["dimension"])) == n
    out = call(servqual.compare_waves, df, e, p, wave="wave", before=1, after=2, **kw)
    if out is not None and check:
        for _, r in out.iterrows():
            gone = excluded(out, columns=[r["dimension"], "wave"])
            assert r["n_before"] + r["n_after"] + len(gone) == n


# ----------------------------------------------------------------------------- scales, bootstrap

@FUZZ
@given(frames(["a", "b", "c"]))
def test_scale_scores_and_bootstrap_mean(df):
    out = call(scales.scale_scores, df, {"x": ["a", "b"], "y": ["c"]})
    if out is not None and not df.index.has_duplicates:
        for s in ("x", "y"):
            assert out[s].notna().sum() + len(excluded(out, s)) == len(df)
    out = call(bootstrap.bootstrap_mean, df, ["a", "b"], n_boot=20)
    if out is not None and not df.index.has_duplicates:
        for _, r in out.iterrows():
            assert r["n"] + len(excluded(out, r["column"])) == len(df)
            if r["n"] < 2:
                assert np.isnan(r["ci_low"])


@FUZZ
@given(st.lists(MOSTLY, max_size=8), st.sampled_from(["BCa", "percentile"]))
def test_bootstrap_arrays(values, method):
    out = call(bootstrap.mean_ci, np.array(values, dtype=object), n_boot=20, method=method)
    if out is not None:
        assert out["n"][0] <= len(values)
    call(bootstrap.mean_difference_ci, np.array(values, dtype=object), [1.0, 2.0, 3.0],
         n_boot=20, method=method)


# ----------------------------------------------------------------------------- confirmation

@FUZZ
@given(frames(["E", "P", "S"], max_rows=10), st.sampled_from([None, [-6, -1, 0, 6]]))
def test_confirmation(df, bins):
    n, check = len(df), not df.index.has_duplicates
    out = call(confirmation.disconfirmation, df, "E", "P")
    if out is not None and check:
        assert len(out) == n
        assert out["disconfirmation"].notna().sum() + len(excluded(out)) == n
    out = call(confirmation.fit_edt, df, "S", "E", "P")
    if out is not None and check:
        assert out.loc[0, "n"] + len(excluded(out)) == n
    out = call(confirmation.expectation_gap_summary, df, "E", "P", "S", bins=bins)
    if out is not None and check:
        assert out.loc[0, "n"] + len(excluded(out)) == n
        shares = out[out["measure"] == "share"]
        assert shares["count"].sum() == out.loc[0, "n"]


@FUZZ
@given(st.lists(MOSTLY, min_size=0, max_size=4), st.lists(MOSTLY, max_size=4), st.booleans())
def test_predict_satisfaction(e, p, grid):
    out = call(confirmation.predict_satisfaction, e, p, grid=grid)
    if out is not None:
        assert out["predicted_satisfaction"].between(1, 7).all()


# ----------------------------------------------------------------------------- equity

@FUZZ
@given(frames(["done", "trips", "hours"], values=st.integers(0, 5), max_rows=8),
       st.sampled_from(["median", "mean", 0, "r1"]), st.one_of(JUNK, st.just(0.05)))
def test_equity(df, reference, tolerance):
    out = call(equity.equity_ratios, df, "done", ["trips", "hours"])
    if out is not None and not df.index.has_duplicates:
        assert len(out) + len(excluded(out)) == len(df)
        ref = call(equity.equity_against_reference, out, reference=reference,
                   tolerance=tolerance)
        if ref is not None:
            assert len(ref) == len(out)
    call(equity.compare_equity, tolerance, 1.0, tolerance=0.05)
    call(equity.compare_equity, 0.5, tolerance, tolerance=tolerance)


# ----------------------------------------------------------------------------- ipa

@settings(FUZZ, max_examples=25)
@given(frames(["attr", "imp", "perf", "ref"], max_rows=10),
       st.sampled_from(["mean", "median"]))
def test_ipa(df, statistic):
    if "attr" in df and not isinstance(df["attr"], pd.DataFrame):
        df["attr"] = df["attr"].map(lambda v: f"a{v}" if isinstance(v, int) and v < 4 else v)
    for f, kw in ((ipa.ipa, {}), (ipa.diagonal, {}), (ipa.gap_priority, {"reference": "ref"})):
        out = call(f, df, "attr", "imp", "perf", scale=(1, 7), statistic=statistic, **kw)
        if out is None or df.index.has_duplicates:
            continue
        for name, col in (("importance", "imp"), ("performance", "perf")):
            present = read_numeric(df, col).notna() & df["attr"].notna()
            assert present.sum() + len(excluded(out, columns=[col, "attr"])) == len(df)
        assert (out["n"] >= 1).all()


@FUZZ
@given(frames(["sat", "a1", "a2"], max_rows=12), st.sampled_from(["correlation", "regression"]))
def test_derived_importance(df, method):
    out = call(ipa.derived_importance, df, "sat", ["a1", "a2"], method=method)
    if out is not None and not df.index.has_duplicates:
        assert out.loc[0, "n"] + len(excluded(out)) == len(df)


# ----------------------------------------------------------------------------- kano

KANO = st.sampled_from([1, 2, 3, 4, 5, "like", "must-be", "neutral", "live with", "dislike",
                        "喜欢", "理所当然", "无所谓", "能忍受", "不喜欢"])


@settings(FUZZ, max_examples=25)
@given(frames(["feat", "fun", "dys"], values=KANO, max_rows=10))
def test_kano(df):
    out = call(kano.classify, "fun", "dys", data=df)
    if out is not None and not df.index.has_duplicates:
        assert len(out) == len(df)
        assert out["category"].notna().sum() + len(excluded(out)) == len(df)
    out = call(kano.kano_summary, df, "feat", "fun", "dys")
    if out is not None and not df.index.has_duplicates:
        assert out["n"].sum() + len(excluded(out)) == len(df)
        assert (out[list("AOMIRQ")].sum(axis=1) == out["n"]).all()


@FUZZ
@given(st.lists(JUNK | KANO, max_size=5), st.lists(JUNK | KANO, max_size=5))
def test_kano_arrays(fun, dys):
    out = call(kano.classify, fun, dys)
    if out is not None:
        assert len(out) == len(fun)


# ----------------------------------------------------------------------------- sampling, queueing

OPTION = st.one_of(JUNK, st.floats(-1, 2), st.integers(-2, 500), st.just(np.int64(3)),
                   st.just(np.float32(0.5)), st.lists(st.floats(0, 1), max_size=3))


@FUZZ
@given(OPTION, OPTION, OPTION, OPTION)
def test_sampling_and_queueing(a, b, c, d):
    for f, args in ((sampling.margin_of_error, (a, b)), (sampling.sample_size, (a, b)),
                    (sampling.margin_of_error, (0.5, 100, a, b)),
                    (sampling.sample_size, (0.05, 0.5, c, d))):
        out = call(f, *args)
        if out is not None:
            assert out.notna().all().all()
    out = call(queueing.erlang_c, a, b, c, d)
    if out is not None:
        assert out["p_wait"].between(0, 1).all()
    call(queueing.required_agents, a, b, c, service_level=0.8, max_agents=200)
    call(queueing.required_agents, 3.0, 2.0, 0.3, service_level=d, shrinkage=a, max_agents=200)


# ----------------------------------------------------------------------------- transparency

@FUZZ
@given(frames(["exp", "act", "grp"], values=st.integers(0, 30), max_rows=10))
def test_surprise_summary(df):
    if "grp" in df and not isinstance(df["grp"], pd.DataFrame):
        df["grp"] = df["grp"].map(lambda v: v % 2 if isinstance(v, int) else v)
    for by in (None, "grp"):
        out = call(transparency.surprise_summary, df, "exp", "act", by=by)
        if out is not None and not df.index.has_duplicates:
            used = out.loc[out["measure"] == "expected_mean", "n"].sum()
            assert used + len(excluded(out)) == len(df)


@FUZZ
@given(OPTION, OPTION, OPTION)
def test_simulate_expectations(a, b, c):
    out = call(transparency.simulate_expectations, 20, 10, 3, a, b)
    if out is not None:
        assert len(out) == 20
    call(transparency.simulate_expectations, c, 10, 3, 0.5)
    call(transparency.surprise_scenarios, [0.5], [0.0], n=50, tolerance=a)


# ----------------------------------------------------------------------------- expectations

@FUZZ
@given(frames(["E", "g", "v"], max_rows=12))
def test_expectations(df):
    if "g" in df and not isinstance(df["g"], pd.DataFrame):
        df["g"] = df["g"].map(lambda v: "ab"[v % 2] if isinstance(v, int) else v)
    out = call(expectations.group_means, df, "E", "g")
    if out is not None and not df.index.has_duplicates:
        assert out["n"].sum() + len(excluded(out)) == len(df)
    out = call(expectations.expectation_drivers, df, "E", ["g"], numeric=["v"])
    if out is not None and not df.index.has_duplicates:
        assert out.loc[0, "n"] + len(excluded(out)) == len(df)
        truth = {"g": {"a": 0.0, "b": 0.5}, "v": 0.1}
        call(expectations.effects_vs_truth, out, truth)


@FUZZ
@given(st.lists(MOSTLY, max_size=6), OPTION, OPTION, OPTION)
def test_adaptive_expectations(experience, initial, rate, shock):
    out = call(expectations.adaptive_expectations, experience, initial=4.0, rate=0.5)
    if out is not None:
        assert len(out) == len(experience) and out["expectation"].between(1, 7).all()
    out = call(expectations.adaptive_expectations, experience, initial=initial if not isinstance(
        initial, list) else 4, rate=rate if not isinstance(rate, list) else 0.5,
        shock_size=shock if not isinstance(shock, list) else 0, shock_visit=1)
    if out is not None:
        assert len(out) == len(experience)
        assert out["expectation"].between(1, 7).all()
    call(expectations.experience_sequence, initial, rate)


# ----------------------------------------------------------------------------- privacy

@FUZZ
@given(st.lists(st.one_of(st.text(max_size=30), JUNK), max_size=6))
def test_mask_series(values):
    s = pd.Series(values, dtype=object, name="text")
    out = call(privacy.mask_series, s)
    if out is not None:
        masked, found = out
        assert len(masked) == len(s)
        assert set(found["row"]) <= set(s.index)


@pytest.mark.parametrize("f", [
    reliability.cronbach_alpha, servqual.item_gaps, servqual.dimension_gaps,
    scales.scale_scores, confirmation.disconfirmation, ipa.ipa, kano.kano_summary,
    equity.equity_ratios, transparency.surprise_summary, expectations.group_means,
])
def test_not_a_frame_is_an_input_error(f):
    for junk in (None, [1, 2], "data", np.zeros((3, 3))):
        with pytest.raises(HelpersError):
            f(junk, *(["a"] * {scales.scale_scores: 1, confirmation.disconfirmation: 2,
                                ipa.ipa: 3, kano.kano_summary: 3, equity.equity_ratios: 2,
                                transparency.surprise_summary: 2,
                                expectations.group_means: 2}.get(f, 0)))
