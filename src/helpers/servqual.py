"""SERVQUAL gap scores (P − E), SERVPERF, weighted scores and wave comparisons.

The survey schema has one row per respondent and the 22 expectation items ``E1``…``E22`` and the
22 perception items ``P1``…``P22`` on a 7-point Likert scale (Parasuraman, Zeithaml & Berry 1988,
J. Retailing 64(1):12–40). Scoring follows Zeithaml, Parasuraman & Berry (1990):

- item gap ``Q_i = P_i − E_i`` (negative: the service falls short of expectations);
- a respondent's dimension score is the mean of their item gaps in that dimension;
- the dimension gap of a sample is the mean of the respondents' dimension scores;
- unweighted SERVQUAL score: per respondent the mean of the five dimension scores, then the mean
  over respondents; weighted score: per respondent ``Σ_d w_d·SQ_d`` with ``w_d = points_d/100``
  from a 100-point importance allocation, *then* the mean over respondents.

Missing answers (policy used by every function here)
    An item gap is missing when E or P of that item is missing. A respondent's dimension score is
    the mean of the item gaps they answered in that dimension. A respondent with no answered item
    in a dimension is left out of that dimension only; overall scores (``servqual_score``, the
    ``overall`` rows) need all dimension scores, so such a respondent is left out of them. Every
    exclusion is recorded in ``result.attrs["excluded"]`` (columns ``row``, ``column``,
    ``reason``; ``column`` holds the dimension or score concerned).

Pairing expectations with perceptions
    ``E`` and ``P`` columns are paired by **item number**, the digits in the column name
    (``E12`` ↔ ``P12``; trailing digits, else the first digit run), never by list position:
    ``expectations=["E1", "E2"], perceptions=["P2", "P1"]`` pairs E1 with P1. An item with only
    one of its two columns, or names without item numbers, raise :class:`helpers.InputError`
    naming the unpaired columns; ``pairs={E column: P column}`` pairs explicitly. The result
    follows the order of the perception columns.

Bad input — a missing column, text that is not a number, a code outside ``scale`` (e.g. 98/99
"don't know"), booleans, an all-missing column, duplicate column names, duplicate respondent ids
(when ``id`` is given), an empty frame — raises :class:`helpers.InputError` naming the column and
the rows; answers are read by :func:`helpers.scales.read_items` (full-width digits are read as
digits).

Confidence intervals of means over respondents come from the vectorised bootstrap of
:mod:`helpers.bootstrap` (BCa by default, Efron 1987); item-level intervals in :func:`item_gaps`
use the Student t interval (fast and deterministic for 22 small tables). An interval that cannot
be estimated — fewer than 2 respondents, or every respondent with the same value — is ``NaN``,
never a zero-width interval.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from helpers._validate import (
    Exclusions,
    HelpersError,
    InputError,
    check_frame,
    check_level,
    check_unique,
    format_rows,
)
from helpers.bootstrap import Method, make_rng, mean_ci, mean_difference_ci
from helpers.labels import DIMENSION_LABELS, DIMENSIONS, ITEM_DIMENSION, item_columns
from helpers.scales import DEFAULT_SCALE, check_scale, column, read_items, read_numeric

__all__ = [
    "item_gaps",
    "respondent_scores",
    "dimension_gaps",
    "servqual_score",
    "servperf",
    "compare_waves",
]

_OVERALL_LABEL = "总体"


# --------------------------------------------------------------------------------------------
# internal: item set-up and per-respondent dimension scores
# --------------------------------------------------------------------------------------------

@dataclass
class _Items:
    numbers: list[int]          # item number of every column pair
    dims: list[str]             # dimensions in output order
    indicator: np.ndarray       # (q, D) item -> dimension 0/1 matrix
    dim_of_item: list[str]
    columns: list[Hashable]     # the perception column of every item


def _numbers_in(columns: Sequence[Hashable]) -> list[int] | None:
    """Item numbers in the column names: trailing digits (``'P12'`` → 12), else the first digit
    run (``'E3_wait'`` → 3); None if a name has none or two names share one."""
    for pattern in (r"(\d+)$", r"(\d+)"):
        found = [re.search(pattern, str(c)) for c in columns]
        if all(found):
            numbers = [int(f.group(1)) for f in found if f]
            if len(set(numbers)) == len(numbers):
                return numbers
    return None


def _item_numbers(columns: Sequence[Hashable]) -> list[int]:
    """Item numbers of the columns (:func:`_numbers_in`), else the positions 1…q."""
    numbers = _numbers_in(columns)
    return numbers if numbers is not None else list(range(1, len(columns) + 1))


def _column_list(columns: object, name: str) -> list[Hashable]:
    if isinstance(columns, (str, bytes)) or not isinstance(columns, (Sequence, pd.Index,
                                                                     np.ndarray)):
        raise HelpersError(f"{name} 必须是列名列表 ({name} must be a list of column names, "
                           f"got {columns!r})")
    out = list(columns)
    if not out:
        raise HelpersError(f"{name} 不能为空 ({name} must name at least one column)")
    dup = [c for c in out if out.count(c) > 1]
    if dup:
        raise InputError(f"列 {dup[0]!r} 在 {name} 中出现两次 (column {dup[0]!r} is listed twice "
                         f"in {name})", column=dup[0])
    return out


def _pair(expectations: Sequence[Hashable] | None, perceptions: Sequence[Hashable] | None,
          pairs: Mapping[Hashable, Hashable] | None
          ) -> tuple[list[Hashable], list[Hashable], list[int]]:
    """Expectation and perception columns paired item by item, and the item numbers.

    By item number read from both lists of names (never by position), or by the explicit
    ``pairs`` mapping ``{E column: P column}``.
    """
    if pairs is not None:
        if expectations is not None or perceptions is not None:
            raise HelpersError("请只给出 pairs，或只给出 expectations 和 perceptions "
                               "(give either pairs or expectations/perceptions, not both)")
        if not isinstance(pairs, Mapping) or not pairs:
            raise HelpersError(f"pairs 必须是非空的 {{期望列: 感知列}} (pairs must be a non-empty "
                               f"mapping {{expectation column: perception column}}, "
                               f"got {pairs!r})")
        e_cols = list(pairs)
        p_cols = _column_list(list(pairs.values()), "pairs")
        numbers = _item_numbers(p_cols)
    else:
        p_cols = item_columns("P") if perceptions is None else _column_list(perceptions,
                                                                             "perceptions")
        e_cols = item_columns("E") if expectations is None else _column_list(expectations,
                                                                              "expectations")
        p_num, e_num = _numbers_in(p_cols), _numbers_in(e_cols)
        if p_num is None or e_num is None:
            cols = p_cols if p_num is None else e_cols
            raise InputError(
                f"无法从列名 {cols[:4]} 读出题号，请用 pairs={{期望列: 感知列}} 指定配对 "
                f"(cannot read distinct item numbers from the column names {cols[:4]}…; "
                f"pass pairs={{expectation column: perception column}} to pair them)",
                column=cols[0])
        e_of = dict(zip(e_num, e_cols))
        unpaired = ([e for e, i in zip(e_cols, e_num) if i not in set(p_num)]
                    + [p for p, i in zip(p_cols, p_num) if i not in e_of])
        if unpaired:
            listed = ", ".join(repr(c) for c in unpaired[:8])
            raise InputError(
                f"期望列与感知列无法按题号配对，未配对的列：{listed}（请为每道题同时给出 E 列和 P 列，"
                f"或用 pairs={{期望列: 感知列}} 指定） (expectation and perception columns do not "
                f"pair by item number; unpaired: {listed}; give the E and the P column of every "
                f"item, or pass pairs={{expectation column: perception column}})",
                column=unpaired[0])
        e_cols = [e_of[i] for i in p_num]
        numbers = p_num
    both = [c for c in e_cols if c in set(p_cols)]
    if both:
        raise InputError(f"列 {both[0]!r} 同时是期望列和感知列 (column {both[0]!r} is both an "
                         f"expectation and a perception column)", column=both[0])
    return e_cols, p_cols, numbers


def _setup_items(columns: Sequence[Hashable], item_map: Mapping[int, str] | None,
                 numbers: list[int] | None = None) -> _Items:
    if item_map is not None and not isinstance(item_map, Mapping):
        raise HelpersError(f"item_map 必须是 {{题号: 维度}} (item_map must be a mapping "
                           f"{{item number: dimension}}, got {item_map!r})")
    item_map = ITEM_DIMENSION if item_map is None else dict(item_map)
    numbers = _item_numbers(columns) if numbers is None else numbers
    unmapped = [c for c, i in zip(columns, numbers) if i not in item_map]
    if unmapped:
        raise InputError(
            f"列 {unmapped[0]!r} 的题号不在 item_map 中 (column {unmapped[0]!r}: item number "
            f"{numbers[list(columns).index(unmapped[0])]} has no dimension in item_map)",
            column=unmapped[0],
        )
    dim_of_item = [item_map[i] for i in numbers]
    present = set(dim_of_item)
    dims = [d for d in DIMENSIONS if d in present]
    dims += [d for d in dict.fromkeys(dim_of_item) if d not in dims]
    indicator = np.array([[float(d == dd) for dd in dims] for d in dim_of_item])
    return _Items(numbers, dims, indicator, dim_of_item, list(columns))


def _check_scale(scale: tuple[float, float]) -> tuple[float, float]:
    lo_hi = check_scale(scale)
    assert lo_hi is not None
    return lo_hi


def _reverse(values: np.ndarray, numbers: list[int], reverse: Sequence[int] | None,
             lo: float, hi: float, columns: Sequence[Hashable]) -> np.ndarray:
    if reverse is None or (isinstance(reverse, (Sequence, np.ndarray, pd.Index))
                           and not isinstance(reverse, (str, bytes)) and len(reverse) == 0):
        return values
    if isinstance(reverse, (str, bytes)) or not isinstance(reverse, (Sequence, np.ndarray,
                                                                     pd.Index)):
        raise HelpersError(f"reverse 必须是题号列表 (reverse must be a list of item numbers, "
                           f"got {reverse!r})")
    unknown = [r for r in reverse if r not in numbers]
    if unknown:
        raise InputError(
            f"反向计分的题号 {unknown} 不在所给的列中 (reverse items {unknown} are not among the "
            f"item columns {list(columns)[:5]}…)"
        )
    values = values.copy()
    cols = [numbers.index(r) for r in reverse]
    values[:, cols] = lo + hi - values[:, cols]
    return values


def _prepare(
    data: pd.DataFrame,
    expectations: Sequence[Hashable] | None,
    perceptions: Sequence[Hashable] | None,
    item_map: Mapping[int, str] | None,
    id: Hashable | None,
    reverse: Sequence[int] | None,
    scale: tuple[float, float],
    *,
    use_expectations: bool = True,
    pairs: Mapping[Hashable, Hashable] | None = None,
) -> tuple[np.ndarray, np.ndarray | None, np.ndarray, _Items]:
    """Validate and return (gaps or perceptions, E, P, items)."""
    check_frame(data)
    lo, hi = _check_scale(scale)
    if use_expectations:
        e_cols, p_cols, numbers = _pair(expectations, perceptions, pairs)
    else:
        p_cols = item_columns("P") if perceptions is None else _column_list(perceptions,
                                                                             "perceptions")
        numbers = _item_numbers(p_cols)
    if id is not None:
        column(data, id)
        check_unique(data, id)
    items = _setup_items(p_cols, item_map, numbers)
    p = _reverse(read_items(data, p_cols, scale=(lo, hi)), items.numbers, reverse, lo, hi,
                 p_cols)
    if not use_expectations:
        return p, None, p, items
    e = _reverse(read_items(data, e_cols, scale=(lo, hi)), items.numbers, reverse, lo, hi,
                 e_cols)
    return p - e, e, p, items


def _dimension_matrix(values: np.ndarray, items: _Items) -> tuple[np.ndarray, np.ndarray]:
    """Per-respondent mean of the answered items of each dimension, and the item counts."""
    observed = ~np.isnan(values)
    sums = np.where(observed, values, 0.0) @ items.indicator
    counts = observed.astype(float) @ items.indicator
    with np.errstate(invalid="ignore", divide="ignore"):
        scores = np.where(counts > 0, sums / counts, np.nan)
    return scores, counts.astype(int)


def _record_dimension_exclusions(ex: Exclusions, index: pd.Index, scores: np.ndarray,
                                 dims: list[str]) -> None:
    for j, d in enumerate(dims):
        rows = index[np.isnan(scores[:, j])]
        if len(rows):
            ex.add(rows, f"该维度无有效作答 (no answered item in dimension {d!r})", column=d)


def _overall(scores: np.ndarray, index: pd.Index, ex: Exclusions, name: str) -> np.ndarray:
    incomplete = np.isnan(scores).any(axis=1)
    if incomplete.any():
        ex.add(index[incomplete], "缺少至少一个维度得分 (at least one dimension score missing)",
               column=name)
    return np.where(incomplete, np.nan, scores.mean(axis=1))


def _same(a: object, b: object) -> bool:
    try:
        return bool(a == b)
    except (TypeError, ValueError):
        return False


def _nanmean(x: np.ndarray) -> np.ndarray:
    """Column NaN-means without a warning for an all-missing column (NaN there)."""
    observed = ~np.isnan(x)
    n = observed.sum(axis=0)
    total = np.where(observed, x, 0.0).sum(axis=0)
    return np.divide(total, n, out=np.full(x.shape[1], np.nan), where=n > 0)


def _label(d: str) -> str:
    return DIMENSION_LABELS.get(d, _OVERALL_LABEL if d == "overall" else d)


def _weights(data: pd.DataFrame, weights: Mapping[str, Hashable], dims: list[str],
             normalize: bool) -> tuple[np.ndarray, list[Hashable]]:
    """Per-respondent weights w_d = points_d / 100, checked to sum to 100 (±0.5)."""
    if not isinstance(weights, Mapping):
        raise HelpersError(f"weights 必须是 {{维度: 列}} (weights must be a mapping "
                           f"{{dimension: column}}, got {weights!r})")
    missing_dims = [d for d in dims if d not in weights]
    extra = [d for d in weights if d not in dims]
    if missing_dims or extra:
        raise InputError(
            f"weights 必须为每个维度各给一列 (weights must name one column per dimension; "
            f"missing: {missing_dims}, unknown: {extra})"
        )
    cols = [weights[d] for d in dims]
    if len(set(cols)) != len(cols):
        raise InputError(f"weights 中有重复的列 (weights name a column twice: {cols})",
                         column=cols[0])
    points = np.column_stack([read_numeric(data, c, lo=0, hi=100, allow_missing=False)
                              .to_numpy() for c in cols])
    total = points.sum(axis=1)
    off = np.abs(total - 100) > 0.5
    normalized: list[Hashable] = []
    if off.any():
        rows = list(data.index[off])
        zero = total == 0
        if not normalize or zero.any():
            bad = rows if not normalize else list(data.index[zero])
            raise InputError(
                f"第 {format_rows(bad)} 行的重要性分值之和不等于 100 "
                f"(importance points in columns {', '.join(map(repr, cols))} do not sum to 100 "
                f"(±0.5) in rows {format_rows(bad)}: sums "
                f"{', '.join(f'{v:g}' for v in total[off][:3])}; pass normalize_weights=True to "
                f"rescale them)",
                column=cols[0], rows=bad,
            )
        normalized = rows
        points = points / total[:, None] * 100
    return points / 100, normalized


def _frame(rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------------------------
# public functions
# --------------------------------------------------------------------------------------------

def item_gaps(
    data: pd.DataFrame,
    expectations: Sequence[Hashable] | None = None,
    perceptions: Sequence[Hashable] | None = None,
    *,
    id: Hashable | None = None,
    reverse: Sequence[int] | None = None,
    scale: tuple[float, float] = DEFAULT_SCALE,
    item_map: Mapping[int, str] | None = None,
    ci: float = 0.95,
    pairs: Mapping[Hashable, Hashable] | None = None,
) -> pd.DataFrame:
    """Mean expectation, perception and gap ``P − E`` of every item.

    Parameters
    ----------
    data : DataFrame
        One row per respondent.
    expectations, perceptions : list of column names, optional
        Item columns, default ``E1…E22`` and ``P1…P22``. They are paired by the item number
        in the names (``E12`` ↔ ``P12``, in any order), never by position; an item with only
        one of its columns raises :class:`InputError` naming the unpaired columns.
    id : column name, optional
        Respondent id; duplicates raise :class:`InputError`.
    reverse : list of int, optional
        Item numbers of negatively worded items; their E and P answers are reversed
        (``lo + hi − x``) before the gap is taken.
    scale : (lo, hi)
        Valid answer range; values outside (e.g. 98/99 "don't know" codes) raise
        :class:`InputError` naming the column and the rows.
    item_map : dict, optional
        ``{item number: dimension}``; default :data:`helpers.labels.ITEM_DIMENSION`.
    ci : float
        Confidence level of the interval of the gap.
    pairs : dict, optional
        ``{expectation column: perception column}``, an explicit pairing used instead of
        ``expectations``/``perceptions`` (for column names without item numbers).

    Returns
    -------
    DataFrame with one row per item:

    - ``item``: item number;
    - ``dimension``: its dimension;
    - ``expectation``, ``perception``: mean E and mean P over the respondents who answered both;
    - ``gap``: ``perception − expectation`` (mean item gap);
    - ``ci_low``, ``ci_high``: Student t interval of the mean gap,
      ``gap ± t_{n−1, (1+ci)/2}·s/√n`` (``NaN`` when ``n < 2`` or when every respondent has
      the same gap, so that no spread can be estimated);
    - ``n``: respondents who answered both E and P of the item.

    ``result.attrs["excluded"]`` lists, per item (``column`` = its perception column), the
    respondents who did not answer both E and P: for every item rows in = ``n`` + excluded.

    Notes
    -----
    Item gap ``Q_i = P_i − E_i`` (Parasuraman, Zeithaml & Berry 1988, J. Retailing
    64(1):12–40). The t interval is used here, not the bootstrap: with Likert data and the
    usual sample sizes the mean gap is close to normal, and the table stays deterministic.

    Examples
    --------
    >>> df = pd.DataFrame({"E1": [7, 6, 7, 5], "P1": [5, 6, 4, 5],
    ...                    "E5": [6, 7, 7, 6], "P5": [6, 5, 6, 7]})
    >>> item_gaps(df, expectations=["E1", "E5"], perceptions=["P1", "P5"]).round(2)
       item    dimension  expectation  perception   gap  ci_low  ci_high  n
    0     1    tangibles         6.25         5.0 -1.25   -3.64     1.14  4
    1     5  reliability         6.50         6.0 -0.50   -2.55     1.55  4
    """
    ci = check_level(ci, name="ci")
    gaps, e, p, items = _prepare(data, expectations, perceptions, item_map, id, reverse, scale,
                                 pairs=pairs)
    assert e is not None
    both = ~np.isnan(gaps)
    n = both.sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        e_mean = np.where(both, e, 0).sum(axis=0) / n
        p_mean = np.where(both, p, 0).sum(axis=0) / n
        gap = p_mean - e_mean
        dev = np.where(both, gaps - gap, 0.0)
        sd = np.sqrt((dev**2).sum(axis=0) / (n - 1))
        half = stats.t.ppf((1 + ci) / 2, n - 1) * sd / np.sqrt(n)
        spread = (np.where(both, gaps, -np.inf).max(axis=0)
                  - np.where(both, gaps, np.inf).min(axis=0))
    half = np.where((n >= 2) & (spread > 0), half, np.nan)
    ex = Exclusions()
    for j, col in enumerate(items.columns):
        ex.add(data.index[~both[:, j]], "缺少该题的期望或感知作答 (E or P of the item missing)",
               column=col)
    return ex.attach(pd.DataFrame({
        "item": items.numbers, "dimension": items.dim_of_item,
        "expectation": e_mean, "perception": p_mean, "gap": gap,
        "ci_low": gap - half, "ci_high": gap + half, "n": n.astype(int),
    }))


def respondent_scores(
    data: pd.DataFrame,
    expectations: Sequence[Hashable] | None = None,
    perceptions: Sequence[Hashable] | None = None,
    *,
    item_map: Mapping[int, str] | None = None,
    id: Hashable | None = None,
    reverse: Sequence[int] | None = None,
    scale: tuple[float, float] = DEFAULT_SCALE,
    pairs: Mapping[Hashable, Hashable] | None = None,
    form: str = "wide",
) -> pd.DataFrame:
    """Per-respondent dimension gaps: the mean of the respondent's item gaps in each dimension.

    Parameters
    ----------
    data, expectations, perceptions, item_map, id, reverse, scale, pairs
        As in :func:`item_gaps` (E and P paired by item number).
    form : {'wide', 'long'}
        Shape of the result.

    Returns
    -------
    ``form='wide'``: a DataFrame with the index of ``data``, the ``id`` column first (if given)
    and one float column per dimension (named after the dimension, e.g. ``tangibles``) holding
    the respondent's dimension gap (``NaN`` if no item of that dimension was answered).

    ``form='long'``: one row per respondent and dimension with columns

    - ``row``: index label of the respondent in ``data`` (or the ``id`` column, named as in
      ``data``, when ``id`` is given);
    - ``dimension``; ``label`` (Chinese name);
    - ``gap``: the respondent's dimension gap;
    - ``n_items``: items of the dimension with both E and P answered (0 → ``gap`` is ``NaN``).

    Respondents without any answered item in a dimension are listed in
    ``result.attrs["excluded"]``.

    Notes
    -----
    ``SQ_{r,d} = mean_{i ∈ d, answered} (P_{r,i} − E_{r,i})`` (Zeithaml, Parasuraman & Berry
    1990).

    Examples
    --------
    >>> df = pd.DataFrame({"E1": [7, 6], "P1": [5, 6], "E2": [6, None], "P2": [5, 4]})
    >>> respondent_scores(df, ["E1", "E2"], ["P1", "P2"])
       tangibles
    0       -1.5
    1        0.0
    """
    gaps, _, _, items = _prepare(data, expectations, perceptions, item_map, id, reverse, scale,
                                 pairs=pairs)
    scores, counts = _dimension_matrix(gaps, items)
    ex = Exclusions()
    _record_dimension_exclusions(ex, data.index, scores, items.dims)
    if form == "wide":
        out = pd.DataFrame(scores, index=data.index, columns=items.dims)
        if id is not None:
            out.insert(0, id, data[id].to_numpy())
    elif form == "long":
        n, d = scores.shape
        key = id if id is not None else "row"
        keys = data[id].to_numpy() if id is not None else data.index.to_numpy()
        out = pd.DataFrame({
            key: np.repeat(keys, d),
            "dimension": np.tile(items.dims, n),
            "label": np.tile([_label(x) for x in items.dims], n),
            "gap": scores.ravel(),
            "n_items": counts.ravel(),
        })
    else:
        raise HelpersError(f"form 必须是 'wide' 或 'long' "
                           f"(form must be 'wide' or 'long', got {form!r})")
    return ex.attach(out)


def _dimension_table(scores: np.ndarray, dims: list[str], *, n_boot: int, ci: float,
                     method: Method, seed: int | np.random.Generator | None) -> list[dict]:
    res = mean_ci(scores, n_boot=n_boot, ci=ci, method=method, seed=seed)
    return [{"dimension": d, "label": _label(d), "estimate": res["estimate"][j],
             "ci_low": res["ci_low"][j], "ci_high": res["ci_high"][j], "n": int(res["n"][j])}
            for j, d in enumerate(dims)]


def _groups(data: pd.DataFrame, by: Hashable) -> list[tuple[Hashable, np.ndarray]]:
    col = column(data, by)
    if col.isna().any():
        rows = list(data.index[col.isna()])
        raise InputError(
            f"分组列 {by!r} 第 {format_rows(rows)} 行缺失 "
            f"(grouping column {by!r}: missing values in rows {format_rows(rows)})",
            column=by, rows=rows,
        )
    values = col.to_numpy()
    return [(g, values == g) for g in sorted(pd.unique(values), key=lambda v: (str(type(v)), v))]


def dimension_gaps(
    data: pd.DataFrame,
    expectations: Sequence[Hashable] | None = None,
    perceptions: Sequence[Hashable] | None = None,
    *,
    item_map: Mapping[int, str] | None = None,
    id: Hashable | None = None,
    reverse: Sequence[int] | None = None,
    scale: tuple[float, float] = DEFAULT_SCALE,
    pairs: Mapping[Hashable, Hashable] | None = None,
    by: Hashable | None = None,
    n_boot: int = 2000,
    ci: float = 0.95,
    method: Method = "BCa",
    seed: int | np.random.Generator | None = 0,
) -> pd.DataFrame:
    """Mean gap ``P − E`` of every SERVQUAL dimension with a bootstrap confidence interval.

    Parameters
    ----------
    data, expectations, perceptions, item_map, id, reverse, scale, pairs
        As in :func:`item_gaps` (E and P paired by item number).
    by : column name, optional
        Grouping column (e.g. ``'wave'`` or ``'region'``); one block of rows per group, groups in
        sorted order. Missing group values raise :class:`InputError`.
    n_boot : int
        Bootstrap resamples (respondents are resampled, all dimensions jointly).
    ci : float
        Confidence level.
    method : {'BCa', 'percentile'}
        Bootstrap interval.
    seed : int or numpy Generator
        Random seed (results are reproducible for a given seed).

    Returns
    -------
    DataFrame with one row per dimension (per group):

    - ``by`` column (only when ``by`` is given): the group;
    - ``dimension``: dimension name (``tangibles``, ``reliability``, …);
    - ``label``: its Chinese name (有形性, 可靠性, …);
    - ``estimate``: mean over respondents of the respondent dimension gaps;
    - ``ci_low``, ``ci_high``: bootstrap interval (``NaN`` with fewer than 2 respondents or
      when every respondent has the same value);
    - ``n``: respondents with at least one answered item gap in the dimension.

    ``result.attrs["excluded"]`` lists respondents left out of a dimension.

    Notes
    -----
    ``SQ_d = (1/n_d) Σ_r SQ_{r,d}`` with ``SQ_{r,d}`` the mean item gap of respondent ``r`` in
    dimension ``d`` (Parasuraman, Zeithaml & Berry 1988; Zeithaml, Parasuraman & Berry 1990).
    Intervals: nonparametric bootstrap over respondents, BCa (Efron 1987) or percentile, computed
    by :mod:`helpers.bootstrap` without a loop over resamples.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> e = rng.integers(5, 8, size=(60, 22))
    >>> p = np.clip(e - rng.integers(0, 3, size=(60, 22)), 1, 7)
    >>> df = pd.DataFrame(np.hstack([e, p]), columns=item_columns("E") + item_columns("P"))
    >>> dimension_gaps(df, n_boot=500).round(2)
            dimension label  estimate  ci_low  ci_high   n
    0       tangibles   有形性     -1.07   -1.17    -0.99  60
    1     reliability   可靠性     -1.00   -1.09    -0.92  60
    2  responsiveness   响应性     -1.05   -1.16    -0.94  60
    3       assurance   保证性     -0.99   -1.10    -0.88  60
    4         empathy   移情性     -1.02   -1.11    -0.93  60
    """
    gaps, _, _, items = _prepare(data, expectations, perceptions, item_map, id, reverse, scale,
                                 pairs=pairs)
    scores, _ = _dimension_matrix(gaps, items)
    ex = Exclusions()
    _record_dimension_exclusions(ex, data.index, scores, items.dims)
    rng = make_rng(seed)
    if by is None:
        rows = _dimension_table(scores, items.dims, n_boot=n_boot, ci=ci, method=method, seed=rng)
        return ex.attach(_frame(rows))
    rows = []
    for g, mask in _groups(data, by):
        for r in _dimension_table(scores[mask], items.dims, n_boot=n_boot, ci=ci, method=method,
                                  seed=rng):
            rows.append({by: g, **r})
    return ex.attach(_frame(rows))


def servqual_score(
    data: pd.DataFrame,
    expectations: Sequence[Hashable] | None = None,
    perceptions: Sequence[Hashable] | None = None,
    *,
    weights: Mapping[str, Hashable] | None = None,
    normalize_weights: bool = False,
    item_map: Mapping[int, str] | None = None,
    id: Hashable | None = None,
    reverse: Sequence[int] | None = None,
    scale: tuple[float, float] = DEFAULT_SCALE,
    pairs: Mapping[Hashable, Hashable] | None = None,
    n_boot: int = 2000,
    ci: float = 0.95,
    method: Method = "BCa",
    seed: int | np.random.Generator | None = 0,
) -> pd.DataFrame:
    """Overall SERVQUAL score, unweighted and (with importance points) weighted.

    Parameters
    ----------
    data, expectations, perceptions, item_map, id, reverse, scale, pairs
        As in :func:`item_gaps` (E and P paired by item number).
    weights : dict, optional
        ``{dimension: column}``: the columns holding each respondent's importance points
        (a 100-point allocation over the dimensions). One column per dimension is required.
    normalize_weights : bool
        If false (default), rows whose points do not sum to 100 (±0.5) raise
        :class:`InputError` naming the rows. If true, such rows are rescaled to 100 and listed in
        ``result.attrs["normalized_weights"]``. A row of all zeros is always an error.
    n_boot, ci, method, seed
        Bootstrap settings, as in :func:`dimension_gaps`.

    Returns
    -------
    DataFrame with one row per score:

    - ``score``: ``'unweighted'`` or ``'weighted'`` (only when ``weights`` is given);
    - ``estimate``: mean over respondents of the respondent score;
    - ``ci_low``, ``ci_high``: bootstrap interval (``NaN`` with fewer than 2 respondents or
      when every respondent has the same value);
    - ``n``: respondents with all dimension scores.

    Notes
    -----
    Per respondent ``r``: unweighted ``SQ_r = (1/D) Σ_d SQ_{r,d}``; weighted
    ``SQ^w_r = Σ_d w_{r,d}·SQ_{r,d}`` with ``w_{r,d} = points_{r,d}/100``. The weights are applied
    per respondent *before* averaging over respondents (Zeithaml, Parasuraman & Berry 1990,
    *Delivering Quality Service*). Respondents lacking a dimension score are excluded and
    recorded in ``result.attrs["excluded"]``. With complete data the unweighted score equals
    the mean of the dimension gaps.

    Examples
    --------
    Worked example (12manage; domain brief §1.4): dimension gaps −0.65, −1.10, −0.83, −0.70,
    −1.01 give an unweighted score of −0.858.

    >>> gaps = {"tangibles": -0.65, "reliability": -1.10, "responsiveness": -0.83,
    ...         "assurance": -0.70, "empathy": -1.01}
    >>> one = {f"E{i}": 7.0 for i in range(1, 23)}
    >>> one.update({f"P{i}": 7 + gaps[d] for i, d in ITEM_DIMENSION.items()})
    >>> df = pd.DataFrame([one, one])
    >>> servqual_score(df, n_boot=200).round(3)
            score  estimate  ci_low  ci_high  n
    0  unweighted    -0.858     NaN      NaN  2

    The two made-up respondents answer identically, so the bootstrap has no spread and the
    interval is ``NaN`` (not the zero-width ``[-0.858, -0.858]``).
    """
    gaps, _, _, items = _prepare(data, expectations, perceptions, item_map, id, reverse, scale,
                                 pairs=pairs)
    scores, _ = _dimension_matrix(gaps, items)
    ex = Exclusions()
    columns = [_overall(scores, data.index, ex, "unweighted")]
    names = ["unweighted"]
    normalized: list[Hashable] = []
    if weights is not None:
        w, normalized = _weights(data, weights, items.dims, normalize_weights)
        weighted = (w * scores).sum(axis=1)
        weighted[np.isnan(columns[0])] = np.nan
        columns.append(weighted)
        names.append("weighted")
    res = mean_ci(np.column_stack(columns), n_boot=n_boot, ci=ci, method=method, seed=seed)
    out = pd.DataFrame({"score": names, "estimate": res["estimate"], "ci_low": res["ci_low"],
                        "ci_high": res["ci_high"], "n": res["n"].astype(int)})
    out.attrs["normalized_weights"] = tuple(normalized)
    return ex.attach(out)


def servperf(
    data: pd.DataFrame,
    perceptions: Sequence[Hashable] | None = None,
    *,
    weights: Mapping[str, Hashable] | None = None,
    normalize_weights: bool = False,
    item_map: Mapping[int, str] | None = None,
    id: Hashable | None = None,
    reverse: Sequence[int] | None = None,
    scale: tuple[float, float] = DEFAULT_SCALE,
    n_boot: int = 2000,
    ci: float = 0.95,
    method: Method = "BCa",
    seed: int | np.random.Generator | None = 0,
) -> pd.DataFrame:
    """SERVPERF: perception-only scores per dimension and overall (Cronin & Taylor 1992).

    Parameters
    ----------
    data, perceptions, item_map, id, reverse, scale
        As in :func:`item_gaps` (no expectation columns are used).
    weights, normalize_weights
        Optional importance points, as in :func:`servqual_score`; adds an
        ``overall_weighted`` row.
    n_boot, ci, method, seed
        Bootstrap settings, as in :func:`dimension_gaps`.

    Returns
    -------
    DataFrame with one row per dimension, then ``overall`` (and ``overall_weighted``):

    - ``dimension``: dimension name, ``'overall'`` or ``'overall_weighted'``;
    - ``label``: Chinese name (``总体`` for the overall rows);
    - ``estimate``: mean over respondents of the respondent's mean perception;
    - ``ci_low``, ``ci_high``: bootstrap interval (``NaN`` with fewer than 2 respondents or
      when every respondent has the same value);
    - ``n``: respondents contributing.

    Notes
    -----
    Cronin, J.J. & Taylor, S.A. (1992), "Measuring service quality: a reexamination and
    extension", J. Marketing 56(3):55–68: service quality is measured by performance
    (perceptions) alone, ``SP_{r,d} = mean_{i∈d} P_{r,i}``, overall ``SP_r = (1/D) Σ_d SP_{r,d}``
    (or ``Σ_d w_{r,d}·SP_{r,d}``), averaged over respondents. Missing-answer policy as in the
    module docstring.

    Examples
    --------
    >>> df = pd.DataFrame({"P1": [5, 6, 7], "P5": [4, 6, 5]})
    >>> servperf(df, perceptions=["P1", "P5"], n_boot=200, method="percentile").round(2)
         dimension label  estimate  ci_low  ci_high  n
    0    tangibles   有形性       6.0     5.0     7.00  3
    1  reliability   可靠性       5.0     4.0     5.67  3
    2      overall    总体       5.5     4.5     6.00  3
    """
    p, _, _, items = _prepare(data, None, perceptions, item_map, id, reverse, scale,
                              use_expectations=False)
    scores, _ = _dimension_matrix(p, items)
    ex = Exclusions()
    _record_dimension_exclusions(ex, data.index, scores, items.dims)
    columns = [scores, _overall(scores, data.index, ex, "overall")[:, None]]
    names = items.dims + ["overall"]
    normalized: list[Hashable] = []
    if weights is not None:
        w, normalized = _weights(data, weights, items.dims, normalize_weights)
        weighted = (w * scores).sum(axis=1)
        weighted[np.isnan(columns[1][:, 0])] = np.nan
        columns.append(weighted[:, None])
        names.append("overall_weighted")
    rows = _dimension_table(np.hstack(columns), names, n_boot=n_boot, ci=ci, method=method,
                            seed=seed)
    out = _frame(rows)
    out.attrs["normalized_weights"] = tuple(normalized)
    return ex.attach(out)


def compare_waves(
    data: pd.DataFrame,
    expectations: Sequence[Hashable] | None = None,
    perceptions: Sequence[Hashable] | None = None,
    *,
    wave: Hashable = "wave",
    before: Hashable = 1,
    after: Hashable = 2,
    item_map: Mapping[int, str] | None = None,
    id: Hashable | None = None,
    reverse: Sequence[int] | None = None,
    scale: tuple[float, float] = DEFAULT_SCALE,
    pairs: Mapping[Hashable, Hashable] | None = None,
    n_boot: int = 2000,
    ci: float = 0.95,
    method: Method = "BCa",
    seed: int | np.random.Generator | None = 0,
) -> pd.DataFrame:
    """Change of the dimension gaps between two independent survey waves (after − before).

    Parameters
    ----------
    data, expectations, perceptions, item_map, id, reverse, scale, pairs
        As in :func:`item_gaps` (E and P paired by item number).
    wave : column name
        Column identifying the survey wave.
    before, after : values of ``wave``
        The two waves compared; rows of other waves (or with no wave) are left out and
        recorded in ``attrs["excluded"]`` with ``column`` = ``wave``.
    n_boot, ci, method, seed
        Bootstrap settings, as in :func:`dimension_gaps`.

    Returns
    -------
    DataFrame with one row per dimension, then ``overall`` (unweighted SERVQUAL score):

    - ``dimension``, ``label``;
    - ``before``, ``after``: mean gap in each wave;
    - ``estimate``: ``after − before`` (positive: the gap narrowed / quality improved);
    - ``ci_low``, ``ci_high``: bootstrap interval of the difference (``NaN`` when a wave has
      fewer than 2 contributing respondents or the bootstrap has no spread);
    - ``n_before``, ``n_after``: respondents contributing in each wave.

    For every dimension rows in = ``n_before`` + ``n_after`` + rows excluded (from that
    dimension or from the comparison).

    Notes
    -----
    The waves are independent samples (different respondents), so each wave is resampled on its
    own and the resample difference is ``mean(after*) − mean(before*)``; BCa uses the
    two-sample jackknife (Efron & Tibshirani 1993, §14.3, eq. 15.36). Dimension scores as in
    :func:`dimension_gaps` (Zeithaml, Parasuraman & Berry 1990).

    Examples
    --------
    >>> rng = np.random.default_rng(1)
    >>> e = rng.integers(5, 8, size=(80, 22))
    >>> p = np.clip(e - rng.integers(0, 3, size=(80, 22)), 1, 7)
    >>> p[40:] = np.clip(p[40:] + 1, 1, 7)
    >>> df = pd.DataFrame(np.hstack([e, p]), columns=item_columns("E") + item_columns("P"))
    >>> df["wave"] = [1] * 40 + [2] * 40
    >>> compare_waves(df, n_boot=400)[["dimension", "estimate", "n_before", "n_after"]].round(2)
            dimension  estimate  n_before  n_after
    0       tangibles      0.84        40       40
    1     reliability      1.00        40       40
    2  responsiveness      0.97        40       40
    3       assurance      0.96        40       40
    4         empathy      0.92        40       40
    5         overall      0.94        40       40
    """
    gaps, _, _, items = _prepare(data, expectations, perceptions, item_map, id, reverse, scale,
                                 pairs=pairs)
    values = column(data, wave).to_numpy()
    if _same(before, after):
        raise HelpersError(f"before 与 after 必须是两个不同的轮次 (before and after must be two "
                           f"different waves, got {before!r} twice)")
    for level in (before, after):
        if not (values == level).any():
            present = ", ".join(map(repr, pd.unique(data[wave].dropna())[:10]))
            raise InputError(
                f"列 {wave!r} 中没有轮次 {level!r} (column {wave!r}: no rows of wave {level!r}; "
                f"present: {present})",
                column=wave,
            )
    scores, _ = _dimension_matrix(gaps, items)
    ex = Exclusions()
    _record_dimension_exclusions(ex, data.index, scores, items.dims)
    x = np.column_stack([scores, _overall(scores, data.index, ex, "overall")])
    names = items.dims + ["overall"]
    b_mask, a_mask = values == before, values == after
    ex.add(data.index[~(b_mask | a_mask)],
           "不属于所比较的两轮 (wave is neither before nor after)", column=wave)
    res = mean_difference_ci(x[b_mask], x[a_mask], n_boot=n_boot, ci=ci, method=method, seed=seed)
    m_before, m_after = _nanmean(x[b_mask]), _nanmean(x[a_mask])
    out = pd.DataFrame({
        "dimension": names, "label": [_label(d) for d in names],
        "before": m_before, "after": m_after, "estimate": res["estimate"],
        "ci_low": res["ci_low"], "ci_high": res["ci_high"],
        "n_before": res["n_before"].astype(int), "n_after": res["n_after"].astype(int),
    })
    return ex.attach(out)
