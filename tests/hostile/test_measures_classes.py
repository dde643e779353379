"""Each class of hostile input, against every public measure that reads a data frame.

Issue 9: bad input gives :class:`helpers.InputError` naming the column and the rows (with a
Chinese and English message saying what to do), or a documented, reported exclusion — never a
silent misread and never another exception. The classes: out-of-scale codes (98/99 "don't
know"), full-width digit strings, NA spellings, booleans for numbers, numpy scalars as options,
one row, zero rows, an all-missing column, a duplicated column name.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np
import pandas as pd
import pytest

from helpers import HelpersError, InputError
from helpers import bootstrap, confirmation, equity, expectations, ipa, kano, reliability
from helpers import queueing, sampling, scales, servqual, transparency

RNG = np.random.default_rng(9)


def likert(n: int, columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame(RNG.integers(2, 7, size=(n, len(columns))).astype(float),
                        columns=columns)


def survey(n: int = 12) -> pd.DataFrame:
    df = likert(n, ["E1", "E2", "E5", "P1", "P2", "P5", "S"])
    df["wave"] = [1, 2] * (n // 2) + [1] * (n % 2)
    df["g"] = ["a", "b", "c"] * (n // 3) + ["a"] * (n % 3)
    return df


def long_ipa(n: int = 12) -> pd.DataFrame:
    df = likert(n, ["imp", "perf", "ref"])
    df["attr"] = ["等候", "态度", "环境"] * (n // 3) + ["等候"] * (n % 3)
    return df


def kano_frame(n: int = 12) -> pd.DataFrame:
    return pd.DataFrame({"feat": ["叫号", "预约"] * (n // 2) + ["叫号"] * (n % 2),
                         "fun": RNG.integers(1, 6, n).astype(float),
                         "dys": RNG.integers(1, 6, n).astype(float)})


def days(n: int = 12) -> pd.DataFrame:
    return pd.DataFrame({"exp": RNG.integers(3, 15, n).astype(float),
                         "act": RNG.integers(3, 15, n).astype(float),
                         "trips": RNG.integers(1, 5, n).astype(float),
                         "done": RNG.integers(0, 2, n).astype(float)})


E3, P3 = ["E1", "E2", "E5"], ["P1", "P2", "P5"]
IMAP = {1: "tangibles", 2: "tangibles", 5: "reliability"}
BOOT = {"n_boot": 50, "seed": 1}


@dataclass
class Measure:
    name: str
    make: Callable[[int], pd.DataFrame]
    run: Callable[[pd.DataFrame], object]
    column: str                 # a numeric column to corrupt
    out_of_range: object = 99   # a value outside its scale or range (None: no range)


MEASURES = [
    Measure("cronbach_alpha", survey, lambda d: reliability.cronbach_alpha(d, P3), "P2"),
    Measure("standardized_alpha", survey, lambda d: reliability.standardized_alpha(d, P3), "P2"),
    Measure("alpha_if_deleted", survey, lambda d: reliability.alpha_if_deleted(d, P3), "P2"),
    Measure("item_covariance", survey, lambda d: reliability.item_covariance(d, P3), "P2"),
    Measure("dimension_reliability", survey,
            lambda d: reliability.dimension_reliability(d, "P", item_map=IMAP), "P2"),
    Measure("item_gaps", survey, lambda d: servqual.item_gaps(d, E3, P3), "E2"),
    Measure("respondent_scores", survey, lambda d: servqual.respondent_scores(d, E3, P3), "E2"),
    Measure("dimension_gaps", survey, lambda d: servqual.dimension_gaps(d, E3, P3, **BOOT), "P5"),
    Measure("servqual_score", survey, lambda d: servqual.servqual_score(d, E3, P3, **BOOT), "E1"),
    Measure("servperf", survey, lambda d: servqual.servperf(d, P3, **BOOT), "P1"),
    Measure("compare_waves", survey, lambda d: servqual.compare_waves(d, E3, P3, **BOOT), "P2"),
    Measure("scale_scores", survey, lambda d: scales.scale_scores(d, {"e": E3}), "E5"),
    Measure("bootstrap_mean", survey,
            lambda d: bootstrap.bootstrap_mean(d, ["S", "P1"], scale=(1, 7), **BOOT), "S"),
    Measure("disconfirmation", survey,
            lambda d: confirmation.disconfirmation(d, "E1", "P1"), "E1"),
    Measure("fit_edt", survey, lambda d: confirmation.fit_edt(d, "S", "E1", "P1"), "S"),
    Measure("expectation_gap_summary", survey,
            lambda d: confirmation.expectation_gap_summary(d, "E1", "P1", "S"), "P1"),
    Measure("equity_ratios", days, lambda d: equity.equity_ratios(d, "done", ["trips"]), "trips",
            -1),
    Measure("ipa", long_ipa, lambda d: ipa.ipa(d, "attr", "imp", "perf", scale=(1, 7)), "imp"),
    Measure("diagonal", long_ipa, lambda d: ipa.diagonal(d, "attr", "imp", "perf", scale=(1, 7)),
            "perf"),
    Measure("gap_priority", long_ipa,
            lambda d: ipa.gap_priority(d, "attr", "imp", "perf", reference="ref", scale=(1, 7)),
            "ref"),
    Measure("derived_importance", survey,
            lambda d: ipa.derived_importance(d, "S", ["P1", "P2"]), "P1"),
    Measure("classify", kano_frame, lambda d: kano.classify("fun", "dys", data=d), "fun"),
    Measure("kano_summary", kano_frame, lambda d: kano.kano_summary(d, "feat", "fun", "dys"),
            "dys"),
    Measure("surprise_summary", days,
            lambda d: transparency.surprise_summary(d, "exp", "act"), "act", -5),
    Measure("group_means", survey,
            lambda d: expectations.group_means(d, "S", "g", scale=(1, 7)), "S"),
    Measure("expectation_drivers", survey,
            lambda d: expectations.expectation_drivers(d, "S", ["g"], numeric=["E1"],
                                                       scale=(1, 7)), "S"),
]
IDS = [m.name for m in MEASURES]


def corrupt(df: pd.DataFrame, column: str, row: int, value: object) -> pd.DataFrame:
    out = df.copy()
    out[column] = out[column].astype(object)
    out.loc[out.index[row], column] = value
    return out


def assert_names(err: pytest.ExceptionInfo, column: str, row: object) -> None:
    assert err.value.column == column, str(err.value)
    assert row in err.value.rows, (err.value.rows, str(err.value))
    text = str(err.value)
    assert repr(column) in text and any("\u4e00" <= ch <= "\u9fff" for ch in text)


@pytest.mark.parametrize("m", MEASURES, ids=IDS)
def test_clean_input_works(m):
    m.run(m.make(12))


@pytest.mark.parametrize("m", MEASURES, ids=IDS)
def test_out_of_scale_code_is_refused(m):
    df = m.make(12).rename(index=lambda i: f"r{i}")         # labels, not positions
    with pytest.raises(InputError) as err:
        m.run(corrupt(df, m.column, 3, m.out_of_range if m.name not in ("classify",
                                                                        "kano_summary") else 9))
    assert_names(err, m.column, "r3")
    if m.out_of_range == 99:
        assert "98/99" in str(err.value) or "1–5" in str(err.value)


@pytest.mark.parametrize("m", MEASURES, ids=IDS)
def test_full_width_digits_are_read_as_digits(m):
    df = m.make(12)
    value = df[m.column].iloc[4]
    fw = str(int(value)).translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789"})
    a, b = m.run(df), m.run(corrupt(df, m.column, 4, fw))
    if isinstance(a, pd.DataFrame):
        pd.testing.assert_frame_equal(a, b)
    else:
        np.testing.assert_allclose(a[0], b[0])


@pytest.mark.parametrize("spelling", ["不知道", "NA", "N/A", "拒答", "-", "null"])
@pytest.mark.parametrize("m", MEASURES, ids=IDS)
def test_na_spellings_are_named_not_misread(m, spelling):
    with pytest.raises(InputError) as err:
        m.run(corrupt(m.make(12), m.column, 5, spelling))
    assert_names(err, m.column, 5)


@pytest.mark.parametrize("m", MEASURES, ids=IDS)
def test_booleans_are_not_numbers(m):
    with pytest.raises(InputError) as err:
        m.run(corrupt(m.make(12), m.column, 6, True))
    assert_names(err, m.column, 6)
    df = m.make(12)
    df[m.column] = df[m.column] > 3
    with pytest.raises(InputError, match="boolean") as err:
        m.run(df)
    assert err.value.column == m.column


@pytest.mark.parametrize("m", MEASURES, ids=IDS)
def test_one_row_and_zero_rows(m):
    with pytest.raises(InputError, match="empty"):
        m.run(m.make(12).iloc[:0])
    try:
        out = m.run(m.make(1))
    except InputError:
        return
    if isinstance(out, pd.DataFrame) and "ci_low" in out:       # never a zero-width interval
        lo, hi = out["ci_low"], out["ci_high"]
        assert ((lo < hi) | (lo.isna() & hi.isna())).all(), out


@pytest.mark.parametrize("m", MEASURES, ids=IDS)
def test_all_missing_column_is_named(m):
    df = m.make(12)
    df[m.column] = np.nan
    with pytest.raises(InputError, match="all missing") as err:
        m.run(df)
    assert err.value.column == m.column


@pytest.mark.parametrize("m", MEASURES, ids=IDS)
def test_duplicate_column_name_is_named(m):
    df = m.make(12)
    dup = pd.concat([df, df[[m.column]]], axis=1)
    with pytest.raises(InputError, match="appears 2 times|listed twice|more than once") as err:
        m.run(dup)
    assert err.value.column == m.column


def test_duplicate_index_labels_are_accounted_by_label():
    df = survey(12)
    df.index = [i // 2 for i in range(12)]
    df.iloc[3, df.columns.get_loc("S")] = np.nan           # one of the two rows labelled 1
    out = confirmation.fit_edt(df, "S", "E1", "P1")
    assert out.loc[0, "n"] == 11
    assert out.attrs["excluded"]["row"].tolist() == [1]


def test_numpy_scalars_are_accepted_as_options_and_bools_refused():
    df = survey(12)
    np_opts = [
        lambda: servqual.dimension_gaps(df, E3, P3, n_boot=np.int64(50), seed=np.int64(2),
                                        ci=np.float64(0.9)),
        lambda: reliability.cronbach_alpha(df, P3, scale=(np.int64(1), np.int64(7))),
        lambda: equity.compare_equity(np.float32(0.5), np.int64(1), tolerance=np.int64(0)),
        lambda: sampling.sample_size(np.float32(0.05), z=np.float32(1.96)),
        lambda: sampling.margin_of_error(0.5, np.int64(400), ci=np.float32(0.95)),
        lambda: queueing.required_agents(np.float64(3.3), np.int64(3), np.float32(0.33),
                                         service_level=np.float32(0.8), shrinkage=np.int64(0)),
        lambda: transparency.simulate_expectations(np.int64(50), np.int64(10), 3,
                                                   np.float32(0.5), np.int64(0)),
        lambda: expectations.experience_sequence(np.int64(5), np.float32(5.0)),
        lambda: confirmation.expectation_gap_summary(df, "E1", "P1", "S",
                                                     tolerance=np.float32(0.5)),
    ]
    for f in np_opts:
        f()
    bool_opts = [
        lambda: servqual.dimension_gaps(df, E3, P3, n_boot=True),
        lambda: bootstrap.make_rng(True),
        lambda: equity.compare_equity(True, 1.0),
        lambda: sampling.margin_of_error(0.5, True),
        lambda: queueing.erlang_c(True, 3, [5], 0.3),
        lambda: queueing.erlang_c(3.0, 3, [True], 0.3),
        lambda: transparency.simulate_expectations(50, 10, 3, True),
        lambda: expectations.experience_sequence(True),
        lambda: expectations.adaptive_expectations([5.0, True], initial=5, rate=0.5),
        lambda: confirmation.predict_satisfaction([True], [5.0]),
        lambda: scales.scale_scores(df, {"e": E3}, min_answered=True),
    ]
    for f in bool_opts:
        with pytest.raises(HelpersError):
            f()
