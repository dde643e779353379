"""Scale scores, and the readers that every measure uses for answers and numeric inputs.

A *scale score* is the mean of the items a respondent answered in a set (for example the 22
expectation items E1–E22 give one overall expectation score). This is the usual summated-rating
score divided by the number of items (Likert 1932; for SERVQUAL, Parasuraman, Zeithaml & Berry
1988 average item scores within a dimension in the same way).

Reading answers from real exports
---------------------------------
:func:`read_numeric` (one column) and :func:`read_items` (a block of item columns) are the
readers behind every measure module (servqual, reliability, confirmation, ipa, equity,
transparency, expectations, bootstrap). They turn a column into floats or raise
:class:`helpers.InputError` naming the column and the rows, in Chinese and English, saying what
to do::

    ==========================================  ===============================================
    in the column                               read as
    ==========================================  ===============================================
    numbers (int, float, nullable ``Int64``)    the numbers; ``NaN``/``None``/``pd.NA`` missing
    text holding numbers (``" 5 "``, ``"5.0"``)  the numbers
    full-width digits (``"５"``)                  the numbers (Unicode NFKC, a correct reading)
    empty or blank text (``""``, ``"  "``)       missing
    other text (``"不知道"``, ``"NA"``, ``"拒答"``)  error: recode as missing or as numbers
    ``True``/``False``                           error: not numbers (convert 0/1 explicitly)
    dates, times                                 error: not numbers
    ±inf                                         error
    values outside ``scale`` (98/99 codes)       error: recode "don't know"/"refused" codes as
                                                 missing, or pass the right ``scale``
    non-integers when codes must be integers     error
    every value missing                          error: check the column mapping
    a column name that occurs twice in data      error: rename the duplicates
    ==========================================  ===============================================

:func:`check_scale` and :func:`real_option` check the options (a bad option raises
:class:`helpers.HelpersError`): numpy scalars (``np.int64``, ``np.float32``) are accepted,
``True``/``False`` are not numbers.
"""

from __future__ import annotations

import decimal
import numbers
import unicodedata
from collections.abc import Hashable, Mapping, Sequence

import numpy as np
import pandas as pd

from helpers._validate import (
    Exclusions,
    HelpersError,
    InputError,
    bad_values,
    check_frame,
    check_unique,
    require_columns,
)

__all__ = ["DEFAULT_SCALE", "scale_scores", "check_scale", "real_option", "column",
           "read_numeric", "read_items"]

DEFAULT_SCALE: tuple[float, float] = (1, 7)
"""The response scale assumed by default everywhere in the package (7-point Likert)."""

_SCALE_ZH = ("（若 98/99 等代码表示“不知道/拒答”，请先改为缺失值；若量表不同，请设置 "
             "scale=(最低, 最高)）")
_SCALE_EN = ("; recode 'don't know'/'refused' codes such as 98/99 as missing (NaN) first, "
             "or pass scale=(lo, hi) if the scale is different")


def real_option(value: object, name: str, *, lo: float | None = None, hi: float | None = None,
                lo_open: bool = False, hi_open: bool = False, integer: bool = False) -> float:
    """A numeric option as float: numbers and numpy scalars, not bools, NaN or text.

    Parameters
    ----------
    value : object
        The option as given (``int``, ``float``, ``np.int64``, ``np.float32`` …).
    name : str
        Its name, for the message.
    lo, hi : float, optional
        Bounds of the accepted range; ``lo_open``/``hi_open`` exclude them.
    integer : bool
        The value must be a whole number.

    Returns
    -------
    float

    Notes
    -----
    ``True``/``False`` are refused although Python counts them as integers: a bool passed
    where a number is expected is a mistake, not a 1 or 0. A bad value raises
    :class:`~helpers.HelpersError` (a bad option, not bad data) naming the option and the
    accepted range.

    Examples
    --------
    >>> real_option(np.float32(0.5), "share", lo=0, hi=1)
    0.5
    >>> real_option(True, "n")
    Traceback (most recent call last):
    ...
    helpers._validate.HelpersError: n 必须是数字，不能是 True/False (n must be a number, not a bool: True)
    """
    if isinstance(value, (bool, np.bool_)):
        raise HelpersError(f"{name} 必须是数字，不能是 True/False ({name} must be a number, not a "
                           f"bool: {value!r})")
    if not isinstance(value, numbers.Real):
        raise HelpersError(f"{name} 必须是数字 ({name} must be a number, got {value!r})")
    v = float(value)
    bad = (not np.isfinite(v)
           or (lo is not None and (v < lo or (lo_open and v == lo)))
           or (hi is not None and (v > hi or (hi_open and v == hi)))
           or (integer and v != round(v)))
    if bad:
        lo_s = "-∞" if lo is None else f"{lo:g}"
        hi_s = "∞" if hi is None else f"{hi:g}"
        rng = f"{'(' if lo_open else '['}{lo_s}, {hi_s}{')' if hi_open else ']'}"
        kind = "整数" if integer else "数"
        raise HelpersError(f"{name} 必须是 {rng} 之间的有限{kind} ({name} must be a finite "
                           f"{'integer' if integer else 'number'} in {rng}, got {value!r})")
    return v


def check_scale(scale: object, *, allow_none: bool = False) -> tuple[float, float] | None:
    """Check a response scale ``(lo, hi)`` with ``lo < hi``; ``None`` only if ``allow_none``.

    Parameters
    ----------
    scale : pair of numbers or None
    allow_none : bool
        Whether ``None`` (no range check) is allowed.

    Returns
    -------
    (float, float) or None

    Notes
    -----
    Both ends are read by :func:`real_option` (numpy scalars accepted, bools refused); a bad
    scale raises :class:`~helpers.HelpersError`.

    Examples
    --------
    >>> check_scale((1, 5))
    (1.0, 5.0)
    >>> check_scale((7, 1))
    Traceback (most recent call last):
    ...
    helpers._validate.HelpersError: scale 必须是 (最低, 最高) 且最低 < 最高 (scale must be (lo, hi) with lo < hi, got (7, 1))
    """
    if scale is None and allow_none:
        return None
    msg = (f"scale 必须是 (最低, 最高) 且最低 < 最高 (scale must be (lo, hi) with lo < hi, "
           f"got {scale!r})")
    if isinstance(scale, (str, bytes)) or not isinstance(scale, Sequence) or len(scale) != 2:
        raise HelpersError(msg)
    try:
        lo = real_option(scale[0], "scale")
        hi = real_option(scale[1], "scale")
    except HelpersError:
        raise HelpersError(msg) from None
    if not lo < hi:
        raise HelpersError(msg)
    return lo, hi


def column(data: pd.DataFrame, name: Hashable) -> pd.Series:
    """``data[name]`` as a Series; a missing or duplicated column name raises InputError.

    Parameters
    ----------
    data : DataFrame
    name : column name

    Returns
    -------
    pandas.Series

    Notes
    -----
    ``data[name]`` returns a DataFrame when the name occurs twice (e.g. two exported columns
    with the same heading); every measure reads columns through this function so that such a
    frame is refused with a message, not misread.

    Examples
    --------
    >>> column(pd.DataFrame([[1, 2]], columns=["a", "a"]), "a")
    Traceback (most recent call last):
    ...
    helpers._validate.InputError: 列名 'a' 在数据中出现 2 次，请先重命名 (column name 'a' appears 2 times in data; rename the duplicates first)
    """
    require_columns(data, [name])
    raw = data[name]
    if isinstance(raw, pd.DataFrame):
        raise InputError(
            f"列名 {name!r} 在数据中出现 {raw.shape[1]} 次，请先重命名 (column name {name!r} "
            f"appears {raw.shape[1]} times in data; rename the duplicates first)", column=name)
    return raw


def _parse_text(raw: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Parse an object/str column: (floats, mask of values that are not numbers)."""
    def norm(v: object) -> object:
        if isinstance(v, str):
            s = unicodedata.normalize("NFKC", v).strip()
            return np.nan if s == "" else s
        return v
    values = raw.map(norm) if len(raw) else raw
    missing = values.isna()
    is_bool = values.map(lambda v: isinstance(v, (bool, np.bool_)))
    ok_type = values.map(lambda v: isinstance(v, (str, numbers.Real, decimal.Decimal))
                         and not isinstance(v, (bool, np.bool_)))
    parsed = pd.to_numeric(values.where(ok_type & ~missing), errors="coerce").astype(float)
    return parsed, (~missing & (parsed.isna() | ~ok_type)) | is_bool


def read_numeric(
    data: pd.DataFrame,
    name: Hashable,
    *,
    scale: tuple[float, float] | None = None,
    lo: float | None = None,
    hi: float | None = None,
    integer: bool = False,
    allow_missing: bool = True,
) -> pd.Series:
    """One column as float, read as the table in the module docstring says.

    Parameters
    ----------
    data : DataFrame
    name : column name
    scale : (lo, hi), optional
        Response scale: values outside raise an error that suggests recoding 98/99-style
        "don't know" codes as missing.
    lo, hi : float, optional
        Plain bounds (for non-scale quantities such as counts or days).
    integer : bool
        Values must be whole numbers.
    allow_missing : bool
        If false, a missing value is an error.

    Returns
    -------
    pandas.Series
        Floats with the index of ``data``; missing values are ``NaN``.

    Notes
    -----
    The readings are those of the table in the module docstring. Text is normalised with
    Unicode NFKC (full-width ``"５"`` → ``"5"``) and stripped before :func:`pandas.to_numeric`;
    empty text is missing; every other value that is not a real number raises
    :class:`~helpers.InputError` built by :func:`helpers._validate.bad_values` (column, rows,
    up to three offending values, and what to do).

    Examples
    --------
    >>> df = pd.DataFrame({"E1": [5, "６", " 7 ", ""], "E2": [1, 99, 3, 4]}, index=[10, 11, 12, 13])
    >>> read_numeric(df, "E1").tolist()
    [5.0, 6.0, 7.0, nan]
    >>> read_numeric(df, "E2", scale=(1, 7))
    Traceback (most recent call last):
    ...
    helpers._validate.InputError: 列 'E2' 第 11 行的值超出量表 1–7（若 98/99 等代码表示“不知道/拒答”，请先改为缺失值；若量表不同，请设置 scale=(最低, 最高)） (column 'E2': values outside the scale [1, 7] in rows 11: 99; recode 'don't know'/'refused' codes such as 98/99 as missing (NaN) first, or pass scale=(lo, hi) if the scale is different)
    """
    raw = column(data, name)
    dtype = raw.dtype
    if pd.api.types.is_bool_dtype(dtype):
        raise bad_values(name, raw, raw.notna(), "是布尔值（True/False），不是数字（若表示 0/1，请先转换为整数）",
                         "boolean values, not numbers",
                         hint="; convert them with .astype(int) first if they mean 0/1")
    if pd.api.types.is_complex_dtype(dtype):
        raise bad_values(name, raw, raw.notna(), "是复数，不是实数", "complex values, not real numbers")
    if pd.api.types.is_datetime64_any_dtype(dtype) or pd.api.types.is_timedelta64_dtype(dtype):
        raise bad_values(name, raw, raw.notna(), "是日期或时间，不是数字", "dates or times, not numbers",
                         hint="; pass a numeric column (e.g. a duration in days)")
    if pd.api.types.is_numeric_dtype(dtype) and not isinstance(dtype, pd.CategoricalDtype):
        values = pd.Series(raw.to_numpy(dtype=float, na_value=np.nan), index=raw.index)
    else:
        source = raw.astype(object) if isinstance(dtype, pd.CategoricalDtype) else raw
        values, bad = _parse_text(source)
        if bad.any():
            booleans = source[bad].map(lambda v: isinstance(v, (bool, np.bool_)))
            if booleans.all():
                raise bad_values(name, raw, bad, "是布尔值（True/False），不是数字（若表示 0/1，请先转换为整数）",
                                 "boolean values, not numbers",
                                 hint="; convert them with .astype(int) first if they mean 0/1")
            raise bad_values(name, raw, bad,
                             "不是数字（请改为数字；若表示“不知道/拒答/不适用”，请改为缺失值）",
                             "values that are not numbers",
                             hint="; recode them as numbers, or as missing (NaN) if they mean "
                                  "'don't know' / 'refused' / 'not applicable'")
    return _check_values(name, raw, values, scale=scale, lo=lo, hi=hi, integer=integer,
                         allow_missing=allow_missing)


def _check_values(name: Hashable, raw: pd.Series, values: pd.Series, *,
                  scale: tuple[float, float] | None, lo: float | None, hi: float | None,
                  integer: bool, allow_missing: bool) -> pd.Series:
    missing = values.isna()
    if missing.all():
        raise InputError(
            f"列 {name!r} 全部缺失（请检查列的对应关系） (column {name!r} has no values: all "
            f"missing in {len(values)} rows; check the column mapping)",
            column=name, rows=list(values.index))
    if not allow_missing and missing.any():
        raise bad_values(name, raw, missing, "缺失（此处不允许缺失，请补全或删去这些行）",
                         "missing values", hint="; fill them in or drop those rows first")
    inf = np.isinf(values.to_numpy())
    if inf.any():
        raise bad_values(name, raw, pd.Series(inf, index=values.index), "为无穷大", "infinite values",
                         hint="; replace them with real values or missing (NaN)")
    if scale is not None:
        out = (values < scale[0]) | (values > scale[1])
        if out.any():
            raise bad_values(name, raw, out, f"的值超出量表 {scale[0]:g}–{scale[1]:g}{_SCALE_ZH}",
                             f"values outside the scale [{scale[0]:g}, {scale[1]:g}]",
                             hint=_SCALE_EN)
    out = pd.Series(False, index=values.index)
    if lo is not None:
        out |= values < lo
    if hi is not None:
        out |= values > hi
    if out.any():
        lo_s = "-∞" if lo is None else f"{lo:g}"
        hi_s = "∞" if hi is None else f"{hi:g}"
        raise bad_values(name, raw, out, f"的值超出 {lo_s}–{hi_s} 的范围",
                         f"values outside [{lo_s}, {hi_s}]", hint="; correct or remove them")
    if integer:
        frac = values.notna() & (values != np.round(values))
        if frac.any():
            raise bad_values(name, raw, frac, "不是整数代码", "non-integer codes",
                             hint="; answers must be whole-number codes")
    return values


def read_items(
    data: pd.DataFrame,
    columns: Sequence[Hashable],
    *,
    scale: tuple[float, float] | None = DEFAULT_SCALE,
    integer: bool = False,
    allow_missing: bool = True,
) -> np.ndarray:
    """Several item columns as a float ``(n, k)`` array, each read by :func:`read_numeric`.

    Parameters
    ----------
    data : DataFrame
    columns : list of column names
        Each listed once.
    scale : (lo, hi) or None
        Response scale, default ``(1, 7)``; ``None``: no range check.
    integer, allow_missing : bool
        As in :func:`read_numeric`.

    Returns
    -------
    numpy.ndarray
        Shape ``(len(data), len(columns))``, ``NaN`` for missing answers.

    Notes
    -----
    Fast path: when every column has a plain numeric dtype and all values are finite (or
    missing) and within ``scale``, the block is checked in one vectorised pass (a min and a max
    over the block); otherwise the first bad column raises its precise error.

    Examples
    --------
    >>> df = pd.DataFrame({"P1": [5, 7], "P2": [True, False]})
    >>> read_items(df, ["P1", "P2"])
    Traceback (most recent call last):
    ...
    helpers._validate.InputError: 列 'P2' 第 0, 1 行是布尔值（True/False），不是数字（若表示 0/1，请先转换为整数） (column 'P2': boolean values, not numbers in rows 0, 1: True, False; convert them with .astype(int) first if they mean 0/1)
    """
    columns = list(columns)
    if not columns:
        raise InputError("没有指定任何列 (no columns given)")
    seen: set = set()
    for c in columns:
        if c in seen:
            raise InputError(f"列 {c!r} 被列出两次 (column {c!r} is listed twice)", column=c)
        seen.add(c)
    require_columns(data, columns)
    if data.columns.has_duplicates:
        for c in columns:
            column(data, c)
    block = data[columns]
    dtypes = block.dtypes
    if all(pd.api.types.is_numeric_dtype(t) and not pd.api.types.is_bool_dtype(t)
           and not isinstance(t, pd.CategoricalDtype) for t in dtypes):
        arr = block.to_numpy(dtype=float, na_value=np.nan)
        nan = np.isnan(arr)
        filled = np.where(nan, 0.0 if scale is None else scale[0], arr)
        ok = bool(np.isfinite(filled).all()) and not nan.all(axis=0).any()
        if ok and scale is not None and arr.size:
            ok = filled.min() >= scale[0] and filled.max() <= scale[1]
        if ok and integer:
            ok = bool((filled == np.round(filled)).all())
        if ok and not allow_missing:
            ok = not nan.any()
        if ok:
            return arr
    return np.column_stack([
        read_numeric(data, c, scale=scale, integer=integer, allow_missing=allow_missing)
        .to_numpy() for c in columns
    ])


def scale_scores(
    data: pd.DataFrame,
    scales: Mapping[str, Sequence[Hashable]],
    *,
    id: Hashable | None = None,
    scale: tuple[float, float] = DEFAULT_SCALE,
    min_answered: float = 0.5,
    keep: Sequence[Hashable] = (),
) -> pd.DataFrame:
    """Per-respondent mean of each item set, with a reported exclusion for too few answers.

    Parameters
    ----------
    data : DataFrame
        One row per respondent.
    scales : mapping of str to list of column names
        Output column name → the item columns averaged into it, e.g.
        ``{"expectation": ["E1", …, "E22"], "perception": ["P1", …, "P22"]}``.
    id : column name, optional
        Respondent id column; checked for duplicates and kept in the output.
    scale : (low, high)
        Valid range of the item codes; other values (e.g. 98/99 "don't know" codes) raise
        :class:`~helpers.InputError` naming the column and the rows.
    min_answered : float
        A respondent's score on a scale is computed only if they answered at least this share
        of its items; otherwise the score is missing and the row is reported in
        ``result.attrs["excluded"]``.
    keep : list of column names
        Other columns copied to the output (e.g. ``["wave", "satisfaction"]``).

    Returns
    -------
    DataFrame
        The index of ``data``; the ``id`` and ``keep`` columns; one column per scale with the
        respondent's mean item score (``NaN`` when too few items were answered);
        ``n_items_<scale>`` with the number of items answered. ``attrs["excluded"]`` (only
        when a row was excluded) lists ``row, column, reason`` with the scale as ``column``, so
        that for every scale rows in = rows with a score + rows excluded.

    Notes
    -----
    score_i = (1 / m_i) · Σ_{j answered by i} x_ij, where m_i is the number of items respondent i
    answered; computed only when m_i / k ≥ ``min_answered`` (k items in the scale). Item
    answers are read by :func:`read_items` (see the module docstring).

    Examples
    --------
    >>> df = pd.DataFrame({"E1": [5, 6], "E2": [7, None], "P1": [4, 6], "P2": [4, 5]})
    >>> scale_scores(df, {"expectation": ["E1", "E2"], "perception": ["P1", "P2"]})
       expectation  perception  n_items_expectation  n_items_perception
    0          6.0         4.0                    2                   2
    1          6.0         5.5                    1                   2
    """
    check_frame(data)
    if not isinstance(scales, Mapping) or not scales:
        raise HelpersError("scales 必须是 {名称: [列, …]} 且不能为空 "
                           "(scales must be a non-empty mapping {name: [columns]})")
    share = real_option(min_answered, "min_answered", lo=0, hi=1, lo_open=True)
    lo_hi = check_scale(scale)
    out = pd.DataFrame(index=data.index)
    if id is not None:
        column(data, id)
        check_unique(data, id)
        out[id] = data[id]
    for col in keep:
        out[col] = column(data, col)
    excluded = Exclusions()
    counts: dict[str, np.ndarray] = {}
    for name, items in scales.items():
        if isinstance(items, (str, bytes)) or not isinstance(items, Sequence):
            raise HelpersError(f"scales[{name!r}] 必须是列名列表 (scales[{name!r}] must be a list "
                               f"of column names, got {items!r})")
        block = read_items(data, list(items), scale=lo_hi)
        answered = (~np.isnan(block)).sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            means = np.nansum(block, axis=1) / answered
        too_few = answered < share * block.shape[1]
        means[too_few] = np.nan
        out[name] = means
        counts[f"n_items_{name}"] = answered
        if too_few.any():
            excluded.add(data.index[too_few],
                         f"作答题目少于 {share:.0%} (answered fewer than {share:.0%} of the items)",
                         column=name)
    for name, answered in counts.items():
        out[name] = answered
    return excluded.attach(out) if len(excluded) else out

