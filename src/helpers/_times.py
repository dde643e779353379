"""The package's one policy for date-times read from exports (used by :mod:`helpers.io` and
:mod:`helpers.hotline`).

Policy
------
1. **Result**: naive ``datetime64[us]`` values meaning local time in Asia/Shanghai (UTC+8, no
   daylight saving time since 1991).
2. **Naive input** (no offset: ``"2025-03-01 08:00"``, naive ``datetime``/``Timestamp``, SPSS
   and Excel date cells) is taken as Asia/Shanghai local time, unchanged.
3. **Time-zone-aware input** (``"2025-03-01T00:00Z"``, ``"…+00:00"``, aware ``Timestamp``) is
   converted to Asia/Shanghai and the zone dropped; a column may mix zones and naive values.
   The number of converted values is reported (a note).
4. **Excel serial numbers** (``45626.375`` = 2024-11-30 09:00, 1900 date system) are converted
   only when *every* value of the column is a number within the plausible date range; this is
   reported (a note). A column that is numeric but not entirely in that range is refused with an
   :class:`~helpers.InputError`; numbers mixed with date texts are rows that do not parse.
5. **Day/month order**: dates written with the year last (``30/11/2024``, ``12/11/2024``,
   ``11-12-24``) are refused with an :class:`~helpers.InputError` naming the column and example
   rows unless ``date_format=`` is given (e.g. ``"%d/%m/%Y"``): their order cannot be known from
   the text. Year-first dates (ISO 8601, ``2024/11/30 9:05``, ``2024年11月30日``) are read as
   year-month-day.
6. **Implausible dates**, before ``min_date`` (default 2000-01-01) or after ``max_date``
   (default: now in Asia/Shanghai + 1 day), are flagged; loaders and metrics exclude the rows
   and report them.
7. Texts that are not dates (``"下午三点"``, ``"12/11"`` without a year) are flagged as rows that
   do not parse.
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from collections.abc import Hashable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from helpers._validate import InputError, format_rows

__all__ = ["TIME_ZONE", "MIN_DATE", "TimeParse", "time_bounds", "to_local_times"]

TIME_ZONE = "Asia/Shanghai"
"""Time zone in which naive times are read and to which aware times are converted."""

MIN_DATE = "2000-01-01"
"""Default lower bound of a plausible date."""

UNIT = "datetime64[us]"
_EXCEL_EPOCH = pd.Timestamp("1899-12-30")
_YEAR_LAST = re.compile(r"^\s*\d{1,2}\s*[/.\-]\s*\d{1,2}\s*[/.\-]\s*\d{2,4}(?!\d)")
_CN_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?")
_FULL_DATE = re.compile(r"\d{4}\D+\d{1,2}\D+\d{1,2}")


@dataclass
class TimeParse:
    """Times of one column under the package's policy.

    Attributes
    ----------
    values : pandas.Series
        ``datetime64[us]``, naive Asia/Shanghai time; NaT where missing, not a date or
        implausible.
    unparsed : pandas.Series
        Bool: present but not a date.
    implausible : pandas.Series
        Bool: a date outside ``[min_date, max_date]``.
    problems : list of (pandas.Index, str)
        The unparsed rows grouped by reason (bilingual text).
    notes : list of (str, int)
        Conversions applied (time zones, Excel serials) with the number of values.
    """

    values: pd.Series
    unparsed: pd.Series
    implausible: pd.Series
    problems: list[tuple[pd.Index, str]] = field(default_factory=list)
    notes: list[tuple[str, int]] = field(default_factory=list)


def time_bounds(min_date=MIN_DATE, max_date=None) -> tuple[pd.Timestamp, pd.Timestamp]:
    """Plausible range as naive Asia/Shanghai timestamps (``max_date`` default: now + 1 day).

    >>> lo, hi = time_bounds("2000-01-01", "2030-01-01")
    >>> lo, hi
    (Timestamp('2000-01-01 00:00:00'), Timestamp('2030-01-01 00:00:00'))
    """
    lo = _scalar(min_date, "min_date")
    if max_date is None:
        hi = pd.Timestamp.now(tz=TIME_ZONE).tz_localize(None) + pd.Timedelta(days=1)
    else:
        hi = _scalar(max_date, "max_date")
    if not lo < hi:
        raise InputError(f"min_date 必须早于 max_date (min_date {lo} must be before max_date {hi})")
    return lo, hi


def _scalar(value, name: str) -> pd.Timestamp:
    """One timestamp under the policy (aware → Asia/Shanghai naive); InputError if invalid."""
    if isinstance(value, (bool, np.bool_)) or value is None:
        raise InputError(f"{name} 不是有效的时间 ({name} is not a valid time: {value!r})")
    try:
        ts = pd.Timestamp(value)
    except (ValueError, TypeError, OverflowError) as exc:
        raise InputError(f"{name} 不是有效的时间 ({name} is not a valid time: {value!r})") \
            from exc
    if ts is pd.NaT:
        raise InputError(f"{name} 不是有效的时间 ({name} is not a valid time: {value!r})")
    if ts.tzinfo is not None:
        ts = ts.tz_convert(TIME_ZONE).tz_localize(None)
    return ts


def _naive_local(values: pd.Series) -> pd.Series:
    """A datetime64 Series (aware or naive) → naive Asia/Shanghai, microsecond unit."""
    if isinstance(values.dtype, pd.DatetimeTZDtype):
        values = values.dt.tz_convert(TIME_ZONE).dt.tz_localize(None)
    return values.astype(UNIT)


def _serials(num: pd.Series, column: Hashable, lo: pd.Timestamp, hi: pd.Timestamp
             ) -> pd.Series:
    """Excel serial numbers → timestamps, if every value is one in the plausible range."""
    finite = num.dropna()
    s_lo = (lo - _EXCEL_EPOCH) / pd.Timedelta(days=1)
    s_hi = (hi - _EXCEL_EPOCH) / pd.Timedelta(days=1)
    out = ~np.isfinite(finite) | (finite < s_lo) | (finite > s_hi)
    if out.any():
        rows = list(finite.index[out])
        ex = ", ".join(f"{v:g}" for v in finite[out].head(3))
        raise InputError(
            f"列 {column!r} 是数字而不是日期：第 {format_rows(rows)} 行（{ex}）不在 Excel 日期序号的"
            f"合理范围 {s_lo:.0f}–{s_hi:.0f}（{lo.date()} 至 {hi.date()}）内。请把该列设为日期格式"
            f"后重新导出，或传入 date_format= (column {column!r} holds numbers, not dates: rows "
            f"{format_rows(rows)} ({ex}) are not Excel serial dates between {lo.date()} and "
            f"{hi.date()}; only a column made entirely of such serials is converted. Export the "
            f"column as dates, or pass date_format= for numbers like 20241130)",
            column=column, rows=rows)
    ms = np.round(num.to_numpy(dtype=float) * 86_400_000)
    delta = pd.to_timedelta(ms, unit="ms")
    return pd.Series(_EXCEL_EPOCH + delta, index=num.index).astype(UNIT)


def _is_number(x) -> bool:
    return isinstance(x, (int, float, np.integer, np.floating)) and not isinstance(
        x, (bool, np.bool_))


def _parse_text(txt: pd.Series, column: Hashable, date_format: str | None
                ) -> tuple[pd.Series, int]:
    """Parse stripped, non-empty texts → (naive local times, NaT if unparsed; aware count)."""
    if txt.str.contains("年", regex=False).any():
        txt = txt.str.replace(_CN_DATE, r"\1-\2-\3", regex=True)
    if date_format is not None:
        utc = "%z" in date_format or "%Z" in date_format
        t = pd.to_datetime(txt, format=date_format, errors="coerce", utc=utc)
        n_aware = int(t.notna().sum()) if utc else 0
        return _naive_local(t), n_aware
    n_aware = 0
    try:
        t = pd.to_datetime(txt, format="ISO8601", errors="coerce")
        if isinstance(t.dtype, pd.DatetimeTZDtype):
            n_aware = int(t.notna().sum())
        t = _naive_local(t)
    except (ValueError, TypeError):          # mixed offsets / aware and naive together
        aware = txt.str.contains(r"(?:[zZ]|[+-]\d\d:?\d\d|UTC|GMT)$", regex=True)
        t = pd.Series(pd.NaT, index=txt.index, dtype=UNIT)
        if (~aware).any():
            t[~aware] = _naive_local(pd.to_datetime(txt[~aware], format="ISO8601",
                                                    errors="coerce"))
        if aware.any():
            ta = pd.to_datetime(txt[aware], format="ISO8601", errors="coerce", utc=True)
            n_aware = int(ta.notna().sum())
            t[aware] = _naive_local(ta)
    rest = t.isna()
    if rest.any():
        left = txt[rest]
        amb = left.str.match(_YEAR_LAST)
        if amb.any():
            _ambiguous(column, left, amb)
        # one more strict format guessed from the first leftover (e.g. '2025/3/3 9:05')
        from pandas.tseries.api import guess_datetime_format
        fmt = guess_datetime_format(left.iloc[0])
        if fmt is not None and re.search(r"%[dm].*%[Yy]|%d.*%m", fmt) is None:
            got = pd.to_datetime(left, format=fmt, errors="coerce")
            t[rest] = _naive_local(got)
            rest = t.isna()
            left = txt[rest]
        # last resort: flexible parsing, only for texts that hold a full date with a year
        full = left.str.contains(_FULL_DATE)
        if full.any():
            sub = left[full]
            try:
                got = pd.to_datetime(sub, format="mixed", errors="coerce")
                if isinstance(got.dtype, pd.DatetimeTZDtype):
                    n_aware += int(got.notna().sum())
                got = _naive_local(got)
            except (ValueError, TypeError, OverflowError):   # aware and naive mixed
                vals = []
                for x in sub:
                    try:
                        ts = pd.Timestamp(pd.to_datetime(x, format="mixed"))
                    except (ValueError, TypeError, OverflowError):
                        ts = pd.NaT
                    if ts is not pd.NaT and ts.tzinfo is not None:
                        n_aware += 1
                        ts = ts.tz_convert(TIME_ZONE).tz_localize(None)
                    vals.append(ts)
                got = pd.Series(vals, index=sub.index).astype(UNIT)
            t[sub.index] = got
    return t, n_aware


def _ambiguous(column: Hashable, left: pd.Series, amb: pd.Series) -> None:
    rows = list(left.index[amb])
    parts = left[amb].str.extract(r"^\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})").astype(float)
    day_first = bool((parts[0] > 12).any())
    month_first = bool((parts[1] > 12).any())
    if day_first and not month_first:
        hint, hint_en = "看起来是“日/月/年”，请传入 date_format='%d/%m/%Y'", \
            "the rows suggest day/month/year: pass date_format='%d/%m/%Y'"
    elif month_first and not day_first:
        hint, hint_en = "看起来是“月/日/年”，请传入 date_format='%m/%d/%Y'", \
            "the rows suggest month/day/year: pass date_format='%m/%d/%Y'"
    elif day_first and month_first:
        hint, hint_en = "同一列中两种顺序都有，请先统一格式", \
            "both orders occur in the column: make them consistent first"
    else:
        hint, hint_en = "请传入 date_format='%d/%m/%Y' 或 '%m/%d/%Y'", \
            "pass date_format='%d/%m/%Y' or '%m/%d/%Y'"
    ex = ", ".join(repr(v) for v in left[amb].head(3))
    raise InputError(
        f"列 {column!r} 的日期把年份写在最后（第 {format_rows(rows)} 行，如 {ex}），无法确定是"
        f"“日/月”还是“月/日”顺序；{hint} (column {column!r}: dates with the year last in rows "
        f"{format_rows(rows)}, e.g. {ex}, are ambiguous between day/month and month/day; "
        f"{hint_en})", column=column, rows=rows)


UNPARSED = "日期无法解析 (date does not parse)"
NUMBERS_MIXED = ("日期列中混有数字（可能是 Excel 日期序号）(numbers mixed with dates: Excel serial "
                 "numbers?)")
TEXT_IN_SERIALS = "Excel 日期序号列中出现了文字 (text in a column of Excel serial numbers)"
NOT_A_TIME = "不是日期或时间 (not a date or time)"
NOTE_TZ = "时区已换算为北京时间 (time-zone-aware values converted to Asia/Shanghai)"
NOTE_SERIAL = ("Excel 日期序号已换算为日期（1900 日期系统）(Excel serial numbers converted to "
               "dates, 1900 date system)")


def to_local_times(values: pd.Series, column: Hashable, *, date_format: str | None = None,
                   bounds: tuple[pd.Timestamp, pd.Timestamp] | None = None,
                   state: dict | None = None) -> TimeParse:
    """Read one column of date-times under the policy of this module.

    Parameters
    ----------
    values : pandas.Series
        Texts, numbers, ``datetime``/``Timestamp`` objects (aware or naive) or datetime64.
    column : hashable
        Column name for messages.
    date_format : str, optional
        strptime format of the texts (and of numbers such as ``20241130``), e.g.
        ``"%d/%m/%Y %H:%M"``.
    bounds : (Timestamp, Timestamp), optional
        Plausible range (:func:`time_bounds`); default 2000-01-01 to now + 1 day.
    state : dict, optional
        Carries the column's decision (Excel serials or date texts) from one chunk to the
        next, so that a file read in chunks is treated as one column.

    Returns
    -------
    TimeParse

    Notes
    -----
    Missing values (None, NaN, NaT, empty or blank text) stay missing and are not flagged.
    Raises :class:`~helpers.InputError` for a numeric column that is not entirely made of
    plausible Excel serials and for dates with the year last (day/month order unknown).

    Examples
    --------
    >>> s = pd.Series(["2024-11-30 09:00", "2024-11-30T01:00Z", None])
    >>> r = to_local_times(s, "t", bounds=time_bounds("2000-01-01", "2030-01-01"))
    >>> r.values.tolist()
    [Timestamp('2024-11-30 09:00:00'), Timestamp('2024-11-30 09:00:00'), NaT]
    >>> r.notes
    [('时区已换算为北京时间 (time-zone-aware values converted to Asia/Shanghai)', 1)]
    >>> to_local_times(pd.Series([45626.375]), "t",
    ...                bounds=time_bounds("2000-01-01", "2030-01-01")).values.iloc[0]
    Timestamp('2024-11-30 09:00:00')
    """
    lo, hi = bounds if bounds is not None else time_bounds()
    state = {} if state is None else state
    index = values.index
    notes: list[tuple[str, int]] = []
    problems: list[tuple[pd.Index, str]] = []
    t = pd.Series(pd.NaT, index=index, dtype=UNIT)
    if pd.api.types.is_bool_dtype(values):
        raise InputError(f"列 {column!r} 是真/假值而不是时间 (column {column!r} holds true/false "
                         "values, not times)", column=column)
    if pd.api.types.is_datetime64_any_dtype(values):
        if isinstance(values.dtype, pd.DatetimeTZDtype) and values.notna().any():
            notes.append((NOTE_TZ, int(values.notna().sum())))
        t = _naive_local(values)
        state.setdefault("mode", "text")
    elif pd.api.types.is_numeric_dtype(values):
        if date_format is not None:
            return to_local_times(_numbers_as_text(values), column, date_format=date_format,
                                  bounds=(lo, hi), state=state)
        _numbers(values.astype(float).dropna(), True, column, lo, hi, state, t, problems,
                 notes)
    else:
        present = values.notna()
        kind = pd.api.types.infer_dtype(values, skipna=True)
        if kind in ("string", "empty"):
            str_idx = index[present.to_numpy()]
            nums = pd.Series(dtype=float)
            n_dt = 0
        else:
            objs = values[present]
            is_str = objs.map(lambda x: isinstance(x, str)).astype(bool)
            is_num = objs.map(_is_number).astype(bool)
            is_dt = objs.map(lambda x: isinstance(x, (_dt.datetime, _dt.date, np.datetime64))
                             ).astype(bool)
            other = ~(is_str | is_num | is_dt)
            str_idx = objs.index[is_str.to_numpy()]
            nums = objs[is_num].astype(float)
            n_dt = int(is_dt.sum())
            if n_dt:
                conv = [pd.Timestamp(x) for x in objs[is_dt]]
                n_aware = sum(x.tzinfo is not None for x in conv)
                conv = [x.tz_convert(TIME_ZONE).tz_localize(None) if x.tzinfo is not None
                        else x for x in conv]
                t[objs.index[is_dt.to_numpy()]] = pd.Series(
                    conv, index=objs.index[is_dt.to_numpy()]).astype(UNIT)
                if n_aware:
                    notes.append((NOTE_TZ, int(n_aware)))
                state.setdefault("mode", "text")
            if other.any():
                problems.append((objs.index[other.to_numpy()], NOT_A_TIME))
        txt = values[str_idx].astype("str").str.strip()
        wide = ~txt.str.isascii().fillna(True).astype(bool)
        if wide.any():
            txt[wide] = txt[wide].str.normalize("NFKC").str.strip()
        txt = txt[txt.ne("")]
        parsed_any, bad_text = False, None
        if len(txt) and state.get("mode") != "serial":
            tt, n_aware = _parse_text(txt, column, date_format)
            t[tt.index] = tt
            left = tt.isna().to_numpy(copy=True)
            parsed_any = bool((~left).any())
            if date_format is None and left.any():        # numbers written as text
                as_num = pd.to_numeric(txt[left], errors="coerce")
                is_num = as_num.notna()
                nums = pd.concat([nums, as_num[is_num].astype(float)])
                left[left] = ~is_num.to_numpy()
            bad_text = txt.index[left]
            if n_aware:
                notes.append((NOTE_TZ, int(n_aware)))
            if parsed_any:
                state.setdefault("mode", "text")
        elif len(txt):                                    # a column of Excel serials
            as_num = pd.to_numeric(txt, errors="coerce") if date_format is None else \
                pd.Series(np.nan, index=txt.index)
            nums = pd.concat([nums, as_num[as_num.notna()].astype(float)])
            if as_num.isna().any():
                problems.append((txt.index[as_num.isna().to_numpy()], TEXT_IN_SERIALS))
        alone = not parsed_any and not n_dt and not problems and (
            bad_text is None or not len(bad_text))
        if len(nums):
            _numbers(nums, alone, column, lo, hi, state, t, problems, notes)
        if bad_text is not None and len(bad_text):
            problems.append((bad_text, UNPARSED))
    t = t.astype(UNIT)
    unparsed = pd.Series(False, index=index)
    for rows, _ in problems:
        unparsed[rows] = True
    t = t.where(~unparsed)
    implausible = t.notna() & ((t < lo) | (t > hi))
    t = t.where(~implausible)
    return TimeParse(values=t, unparsed=unparsed, implausible=implausible, problems=problems,
                     notes=notes)


def _numbers_as_text(values: pd.Series) -> pd.Series:
    v = values.astype(float)
    txt = v.map(lambda x: f"{x:.0f}" if np.isfinite(x) and x == round(x) else f"{x:g}")
    return txt.where(v.notna())


def _numbers(nums: pd.Series, alone: bool, column: Hashable, lo, hi, state: dict,
             t: pd.Series, problems: list, notes: list) -> None:
    """Numbers in a date column: Excel serials if the column is nothing but serials."""
    if state.get("mode") == "text" or (not alone and state.get("mode") != "serial"):
        problems.append((nums.index, NUMBERS_MIXED))
        return
    t[nums.index] = _serials(nums, column, lo, hi)
    state["mode"] = "serial"
    notes.append((NOTE_SERIAL, int(len(nums))))
