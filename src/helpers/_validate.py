"""Shared input checks: one place where every helper validates its data.

Every public function of the package passes its input through these checks, so bad data gets
the same kind of answer everywhere: an :class:`InputError` that names the column and the rows
(by their index labels), in Chinese for the reader and English for the log. Functions that are
documented to *exclude* rows (for example listwise deletion of missing answers) record what they
dropped with :class:`Exclusions` and attach it to their result, so nothing is dropped silently.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

__all__ = [
    "HelpersError",
    "InputError",
    "Exclusions",
    "ExcludedRows",
    "check_frame",
    "require_columns",
    "numeric_column",
    "numeric_block",
    "check_unique",
    "format_rows",
    "bad_values",
    "rows_error",
    "check_level",
    "check_probability",
]


class HelpersError(ValueError):
    """Base class of every error the package raises on purpose."""


class InputError(HelpersError):
    """Bad input data: names the column(s) and the offending rows.

    Attributes
    ----------
    column : str or None
        The column at fault (``None`` when the whole frame is at fault).
    rows : list
        Index labels of the offending rows (may be empty).
    """

    def __init__(self, message: str, *, column: Hashable | None = None,
                 rows: Sequence[Hashable] | None = None) -> None:
        super().__init__(message)
        self.column = column
        self.rows = list(rows) if rows is not None else []


def format_rows(rows: Iterable[Hashable], limit: int = 8) -> str:
    """Format row labels for a message: ``'3, 7, 12 … (+5 more)'``.

    >>> format_rows([3, 7, 12, 13], limit=2)
    '3, 7 … (+2 more)'
    """
    rows = list(rows)
    shown = ", ".join(str(r) for r in rows[:limit])
    if len(rows) > limit:
        shown += f" … (+{len(rows) - limit} more)"
    return shown


def bad_values(column: Hashable, values: pd.Series, mask: pd.Series, zh: str, en: str,
               *, hint: str = "") -> InputError:
    """The error for values of ``column`` that are wrong in the rows where ``mask`` is true.

    Names the column, the rows (index labels) and up to three offending values; ``zh`` and
    ``en`` say what is wrong, ``hint`` (English) what is expected.

    >>> s = pd.Series(["5", "x"], index=[7, 8])
    >>> print(bad_values("E1", s, s == "x", "不是数字", "non-numeric values"))
    列 'E1' 第 8 行不是数字 (column 'E1': non-numeric values in rows 8: 'x')
    """
    rows = list(values.index[mask])
    examples = ", ".join(repr(v) for v in values[mask].head(3))
    return InputError(
        f"列 {column!r} 第 {format_rows(rows)} 行{zh} "
        f"(column {column!r}: {en} in rows {format_rows(rows)}: {examples}{hint})",
        column=column, rows=rows,
    )


def rows_error(column: Hashable | None, rows: Sequence[Hashable], zh: str, en: str, *,
               examples: str = "", todo_zh: str = "", todo_en: str = "") -> InputError:
    """The error for rows of ``column`` (or of whole rows, ``column=None``) with one problem.

    Like :func:`bad_values`, for callers that already hold the row labels (loaders report
    source rows): names the column and the rows, says what is wrong (``zh``/``en``), shows
    ``examples`` and says what to do (``todo_zh``/``todo_en``).

    >>> print(rows_error("E1", [3, 5], "超出范围 1–7", "outside 1–7", examples="9, 0",
    ...                  todo_zh="请修正文件", todo_en="fix the file"))
    列 'E1' 第 3, 5 行：超出范围 1–7（9, 0）；请修正文件 (column 'E1', rows 3, 5: outside 1–7: 9, 0; fix the file)
    >>> print(rows_error(None, [7], "字段数与表头不符", "wrong number of fields"))
    第 7 行：字段数与表头不符 (rows 7: wrong number of fields)
    """
    rows = list(rows)
    where_zh = (f"列 {column!r} " if column is not None else "") + f"第 {format_rows(rows)} 行"
    where_en = (f"column {column!r}, rows " if column is not None else "rows ") + \
        format_rows(rows)
    msg = f"{where_zh}：{zh}" + (f"（{examples}）" if examples else "") + \
        (f"；{todo_zh}" if todo_zh else "")
    msg += f" ({where_en}: {en}" + (f": {examples}" if examples else "") + \
        (f"; {todo_en}" if todo_en else "") + ")"
    return InputError(msg, column=column, rows=rows)


def check_frame(data: object, *, name: str = "data", min_rows: int = 1) -> pd.DataFrame:
    """Check that ``data`` is a DataFrame with at least ``min_rows`` rows.

    >>> check_frame(pd.DataFrame())
    Traceback (most recent call last):
    ...
    helpers._validate.InputError: 数据为空：data 没有任何行 (data is empty: 0 rows, at least 1 needed)
    """
    if not isinstance(data, pd.DataFrame):
        raise InputError(
            f"{name} 必须是 pandas DataFrame，收到的是 {type(data).__name__} "
            f"({name} must be a pandas DataFrame, got {type(data).__name__})"
        )
    if len(data) < min_rows:
        if len(data) == 0:
            raise InputError(
                f"数据为空：{name} 没有任何行 ({name} is empty: 0 rows, at least {min_rows} needed)"
            )
        raise InputError(
            f"{name} 只有 {len(data)} 行，至少需要 {min_rows} 行 "
            f"({name} has {len(data)} rows, at least {min_rows} needed)"
        )
    return data


def require_columns(data: pd.DataFrame, columns: Iterable[Hashable], *, name: str = "data") -> None:
    """Raise :class:`InputError` naming every column of ``columns`` missing from ``data``.

    >>> require_columns(pd.DataFrame({"a": [1]}), ["a", "b"])
    Traceback (most recent call last):
    ...
    helpers._validate.InputError: 缺少列：'b' (missing column(s) in data: 'b'; available: 'a')
    """
    missing = [c for c in columns if c not in data.columns]
    if missing:
        listed = ", ".join(repr(c) for c in missing)
        available = ", ".join(repr(c) for c in list(data.columns)[:30])
        raise InputError(
            f"缺少列：{listed} (missing column(s) in {name}: {listed}; available: {available})",
            column=missing[0],
        )


def numeric_column(
    data: pd.DataFrame,
    column: Hashable,
    *,
    lo: float | None = None,
    hi: float | None = None,
    integer: bool = False,
    allow_missing: bool = True,
) -> pd.Series:
    """Return ``data[column]`` as float, checking type, range and missing values.

    Text that does not parse as a number, values outside ``[lo, hi]``, non-integers when
    ``integer`` is set, and (when ``allow_missing`` is false) missing values each raise an
    :class:`InputError` naming the column and the rows. A column that is entirely missing is
    always an error.

    >>> df = pd.DataFrame({"E1": [1, 5, 9]}, index=[10, 11, 12])
    >>> numeric_column(df, "E1", lo=1, hi=7)
    Traceback (most recent call last):
    ...
    helpers._validate.InputError: 列 'E1' 第 12 行的值超出 1–7 的范围 (column 'E1': values outside [1, 7] in rows 12: 9)
    """
    require_columns(data, [column])
    raw = data[column]
    if isinstance(raw, pd.DataFrame):
        raise InputError(f"列名 {column!r} 重复 (column name {column!r} appears more than once)",
                         column=column)
    if pd.api.types.is_bool_dtype(raw):
        values = raw.astype(float)
    elif pd.api.types.is_numeric_dtype(raw):
        values = raw.astype(float)
    else:
        values = pd.to_numeric(raw, errors="coerce").astype(float)
        bad = raw.notna() & values.isna()
        if bad.any():
            raise bad_values(column, raw, bad, "不是数字", "non-numeric values")
    if values.isna().all():
        raise InputError(
            f"列 {column!r} 全部缺失 (column {column!r} has no values: all missing)", column=column
        )
    if not allow_missing and values.isna().any():
        rows = list(values.index[values.isna()])
        raise InputError(
            f"列 {column!r} 第 {format_rows(rows)} 行缺失 "
            f"(column {column!r}: missing values in rows {format_rows(rows)})",
            column=column, rows=rows,
        )
    finite = values.dropna()
    if np.isinf(finite).any():
        rows = list(finite.index[np.isinf(finite)])
        raise InputError(
            f"列 {column!r} 第 {format_rows(rows)} 行为无穷大 "
            f"(column {column!r}: infinite values in rows {format_rows(rows)})",
            column=column, rows=rows,
        )
    out_of_range = pd.Series(False, index=finite.index)
    if lo is not None:
        out_of_range |= finite < lo
    if hi is not None:
        out_of_range |= finite > hi
    if out_of_range.any():
        rows = list(finite.index[out_of_range])
        examples = ", ".join(f"{v:g}" for v in finite[out_of_range].head(3))
        lo_s = "-∞" if lo is None else f"{lo:g}"
        hi_s = "∞" if hi is None else f"{hi:g}"
        raise InputError(
            f"列 {column!r} 第 {format_rows(rows)} 行的值超出 {lo_s}–{hi_s} 的范围 "
            f"(column {column!r}: values outside [{lo_s}, {hi_s}] in rows {format_rows(rows)}: "
            f"{examples})",
            column=column, rows=rows,
        )
    if integer:
        frac = finite != np.round(finite)
        if frac.any():
            rows = list(finite.index[frac])
            raise InputError(
                f"列 {column!r} 第 {format_rows(rows)} 行不是整数 "
                f"(column {column!r}: non-integer values in rows {format_rows(rows)})",
                column=column, rows=rows,
            )
    return values


def numeric_block(
    data: pd.DataFrame,
    columns: Sequence[Hashable],
    *,
    lo: float | None = None,
    hi: float | None = None,
    integer: bool = False,
    allow_missing: bool = True,
) -> np.ndarray:
    """Validate several numeric columns and return them as a float ``(n, k)`` array.

    Fast path: when every column is already numeric and within range the check is vectorised
    over the whole block; otherwise each column is checked by :func:`numeric_column`, which
    produces the precise error.
    """
    columns = list(columns)
    if not columns:
        raise InputError("没有指定任何列 (no columns given)")
    require_columns(data, columns)
    if len(set(columns)) != len(columns):
        dup = [c for c in columns if columns.count(c) > 1]
        raise InputError(f"列名重复：{dup[0]!r} (column {dup[0]!r} listed twice)", column=dup[0])
    block = data[columns]
    if all(pd.api.types.is_numeric_dtype(block[c]) and not pd.api.types.is_bool_dtype(block[c])
           for c in columns):
        arr = block.to_numpy(dtype=float, na_value=np.nan)
        finite = arr[~np.isnan(arr)]
        ok = np.isfinite(finite).all()
        if lo is not None:
            ok = ok and bool((finite >= lo).all())
        if hi is not None:
            ok = ok and bool((finite <= hi).all())
        if integer:
            ok = ok and bool((finite == np.round(finite)).all())
        all_nan_col = np.isnan(arr).all(axis=0).any()
        any_missing = np.isnan(arr).any()
        if ok and not all_nan_col and (allow_missing or not any_missing):
            return arr
    return np.column_stack([
        numeric_column(data, c, lo=lo, hi=hi, integer=integer, allow_missing=allow_missing)
        .to_numpy() for c in columns
    ])


def check_unique(data: pd.DataFrame, column: Hashable) -> None:
    """Raise :class:`InputError` if ``column`` holds duplicate values (e.g. respondent ids).

    >>> check_unique(pd.DataFrame({"id": [1, 2, 2]}), "id")
    Traceback (most recent call last):
    ...
    helpers._validate.InputError: 列 'id' 有重复值：第 1, 2 行 (column 'id': duplicate values 2 in rows 1, 2)
    """
    require_columns(data, [column])
    dup = data[column].duplicated(keep=False)
    if dup.any():
        rows = list(data.index[dup])
        values = ", ".join(str(v) for v in pd.unique(data.loc[dup, column])[:3])
        raise InputError(
            f"列 {column!r} 有重复值：第 {format_rows(rows)} 行 "
            f"(column {column!r}: duplicate values {values} in rows {format_rows(rows)})",
            column=column, rows=rows,
        )


def check_level(level: float, *, name: str = "confidence") -> float:
    """Check a confidence level in (0, 1)."""
    if not isinstance(level, (int, float)) or not 0 < float(level) < 1:
        raise HelpersError(f"{name} 必须在 0 和 1 之间 ({name} must be in (0, 1), got {level!r})")
    return float(level)


def check_probability(p: float, *, name: str) -> float:
    """Check a probability in [0, 1]."""
    if not isinstance(p, (int, float)) or not 0 <= float(p) <= 1 or np.isnan(p):
        raise HelpersError(f"{name} 必须在 0 和 1 之间 ({name} must be in [0, 1], got {p!r})")
    return float(p)


_Batch = tuple[tuple[Hashable, ...], Hashable | None, str]


def _flatten(batches: Iterable[_Batch]) -> tuple[tuple[Hashable, Hashable | None, str], ...]:
    return tuple((r, column, reason) for rows, column, reason in batches for r in rows)


def _batches_frame(batches: Sequence[_Batch]) -> pd.DataFrame:
    return pd.DataFrame({
        "row": [r for rows, _, _ in batches for r in rows],
        "column": [c for rows, c, _ in batches for _ in rows],
        "reason": [why for rows, _, why in batches for _ in rows],
    }, columns=["row", "column", "reason"])


@dataclass(frozen=True)
class ExcludedRows:
    """What a result excluded: immutable, comparable, and readable like a small table.

    Stored in ``result.attrs["excluded"]``. It is not a DataFrame on purpose: pandas compares
    ``attrs`` when results are concatenated, and a DataFrame there makes ``pd.concat`` fail.
    ``excluded["row"]`` gives a column, :meth:`frame` the whole table, :attr:`records` the
    ``(row, column, reason)`` triples. Rows are kept in batches (one per reason), so recording
    tens of thousands of excluded rows costs no Python loop per row.
    """

    batches: tuple[_Batch, ...] = ()

    @property
    def records(self) -> tuple[tuple[Hashable, Hashable | None, str], ...]:
        return _flatten(self.batches)

    def frame(self) -> pd.DataFrame:
        return _batches_frame(self.batches)

    def __getitem__(self, column: str) -> pd.Series:
        return self.frame()[column]

    def __len__(self) -> int:
        return sum(len(rows) for rows, _, _ in self.batches)

    def __repr__(self) -> str:
        return f"ExcludedRows({len(self)} records)\n{self.frame()}"

    def _repr_html_(self) -> str:
        return self.frame()._repr_html_()


@dataclass
class Exclusions:
    """A record of rows a function excluded on purpose, with the reason for each.

    Attach it to a result with :meth:`attach`; read it back with ``result.attrs["excluded"]``
    (an :class:`ExcludedRows`: ``["row"]``, ``["column"]``, ``["reason"]``, ``.frame()``).

    >>> ex = Exclusions()
    >>> ex.add([3, 5], "missing answer", column="E1")
    >>> ex.frame()
       row column          reason
    0    3     E1  missing answer
    1    5     E1  missing answer
    """

    batches: list[_Batch] = field(default_factory=list)

    def add(self, rows: Iterable[Hashable], reason: str, *, column: Hashable | None = None) -> None:
        tolist = getattr(rows, "tolist", None)
        batch = tuple(tolist()) if callable(tolist) else tuple(rows)
        if batch:
            self.batches.append((batch, column, reason))

    def merge(self, other: ExcludedRows | Exclusions) -> None:
        """Add everything another record (or a result's ``attrs["excluded"]``) holds."""
        self.batches.extend(other.batches)

    @property
    def records(self) -> tuple[tuple[Hashable, Hashable | None, str], ...]:
        return _flatten(self.batches)

    def __len__(self) -> int:
        """Number of distinct rows excluded (a row excluded for two reasons counts once)."""
        if len(self.batches) == 1:
            return len(set(self.batches[0][0]))
        return len(set().union(*(rows for rows, _, _ in self.batches)))

    def frame(self) -> pd.DataFrame:
        return _batches_frame(self.batches)

    def attach(self, result: pd.DataFrame) -> pd.DataFrame:
        result.attrs["excluded"] = ExcludedRows(tuple(self.batches))
        return result
