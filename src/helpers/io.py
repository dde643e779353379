"""Load survey, rating and hotline exports onto the package's column schema, accounting for rows.

Three readers share one engine:

* :func:`read_survey` — SERVQUAL-style surveys (``respondent_id, wave, …, E1…E22, P1…P22,
  imp_*, satisfaction, trust``),
* :func:`read_ratings` — 好差评 rating logs (``rating_id, time, window, …, grade``),
* :func:`read_tickets` — 12345 hotline tickets (``ticket_id, received, …, closed, …``).

Formats: CSV and other delimited text (``.csv``, ``.tsv``, ``.txt``: comma, tab, semicolon or
bar, detected; UTF-8 with or without BOM, GBK/GB18030 and others detected line by line with
charset-normalizer, UTF-16 as written by Excel's "Unicode text"; ``encoding=`` and
``delimiter=`` override), Excel ``.xlsx`` (including 问卷星-style exports with question text
as headers and a title row above the header) and SPSS ``.sav`` (pyreadstat; value labels are
kept in ``info["value_labels"]`` and variable labels can be used as source headers).

The contract: **never a silent misread.** Every reader returns a :class:`LoadResult` — the data
**and** an account of the rows (``counts["read"] == counts["kept"] + counts["excluded"]``, with
the reason of each excluded row in ``report``) and of every cell it had to interpret
(``notes``) — or raises :class:`helpers.InputError` with a message in Chinese and English that
names the column and the rows and says what to do. It never lets an exception of pandas,
openpyxl or pyreadstat through.

* Structural problems raise: empty file, header only, unreadable or encrypted workbook, garbage
  ``.sav``, wrong or mixed encoding, unbalanced quotes, a mapped column that is missing, a
  header that appears twice, two headers that match one mapping key after normalisation
  (问卷星 matrix questions such as ``"5、(设备现代化)"`` and ``"6、(设备现代化)"``), two sources
  mapped onto one schema column, no column matching the schema, merged or multi-row headers,
  a second header row (sub-labels) under the header, ambiguous day/month order (see below).
* Row problems — answers outside the scale (including codes such as 98/99 不知道/拒答 that carry
  no value label), unexpected text, missing or duplicate ids, dates that do not parse or are
  implausible, a CSV line whose field count differs from the header's, an Excel formula
  without a stored result, tickets closed before they were received — raise an
  :class:`~helpers.InputError` naming the column and the source rows by default
  (``on_invalid="raise"``); with ``on_invalid="exclude"`` those rows are excluded and listed in
  ``result.report``.
* Blank rows (and rows with no value in any mapped column) are always excluded and reported.
* Cells read as missing on purpose are counted per column in ``result.notes``: the tokens of
  :data:`MISSING_TOKENS` (``"N/A"``, ``"null"``, ``"不适用"``, ``"(跳过)"`` …, the same in every
  format), SPSS user-missing codes, and value-labelled codes outside the answer scale (e.g.
  6 = "不清楚" on a 1–5 item). So are other interpretations: empty fields after the last
  column of a CSV line, Excel serial dates, time-zone conversions.
* Answers and ids are NFKC-normalised (full-width ``"５"`` reads as 5).

Row numbers in errors and reports are **source rows**: the line number in a text file (header =
line 1 when there is no title; for a record spanning lines, its first line), the Excel row
number, or the case number of a ``.sav``.

**Time policy.** Date-time columns (``time`` of ratings; ``received``, ``dispatched``, ``responded``,
``closed`` of tickets) follow one policy, implemented in ``helpers._times`` and shared with
:func:`helpers.hotline.hotline_rates`:

1. Results are **naive Asia/Shanghai local time** (``datetime64[us]``).
2. Naive input is taken as Asia/Shanghai time; time-zone-aware input (``"…Z"``,
   ``"…+00:00"``, aware timestamps; zones may be mixed) is converted to Asia/Shanghai, the
   zone dropped and the conversion counted in ``notes``.
3. Excel serial numbers (``45626.375``) are converted only when the whole column is numbers in
   the plausible range (reported in ``notes``); a numeric column outside it is refused;
   numbers mixed with date texts are rows that do not parse.
4. Dates with the year last (``30/11/2024``, ``12/11/2024``) are refused (the day/month order
   cannot be known) unless ``date_format=`` is given. Year-first forms (ISO 8601,
   ``2024/11/30 9:05``, ``2024年11月30日``) are read as year-month-day.
5. Dates before ``min_date`` (default 2000-01-01) or after ``max_date`` (default: now in
   Asia/Shanghai + 1 day) are implausible: row problems (raise, or exclude and report).

Integer columns come back as nullable pandas integers (``Int8`` for answers on a scale and 0/1
flags, ``Int64`` for counts), so a missing answer stays missing; text columns are ``str``;
date-times are ``datetime64[us]``.
"""

from __future__ import annotations

import functools
import re
import unicodedata
import warnings
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from helpers import _csv, _tables, _times
from helpers._validate import HelpersError, InputError, rows_error
from helpers.labels import DIMENSIONS, RATING_GRADES, item_columns

__all__ = [
    "LoadResult",
    "SURVEY_SCHEMA",
    "RATINGS_SCHEMA",
    "TICKETS_SCHEMA",
    "ANSWERS_SATISFACTION_5",
    "ANSWERS_AGREE_7",
    "MISSING_TOKENS",
    "detect_encoding",
    "read_table",
    "read_survey",
    "read_ratings",
    "read_tickets",
]

# ---------------------------------------------------------------------------------------------
# schemas
# ---------------------------------------------------------------------------------------------

SURVEY_SCHEMA: dict[str, str] = {
    "respondent_id": "id", "wave": "count", "channel": "str", "region": "str",
    "age_group": "str", "visits": "count",
    **{c: "scale" for c in item_columns("E")},
    **{c: "scale" for c in item_columns("P")},
    **{f"imp_{d}": "points" for d in DIMENSIONS},
    "satisfaction": "scale", "trust": "scale",
}
"""Survey schema: column → kind (id, str, count, scale, points)."""

RATINGS_SCHEMA: dict[str, str] = {
    "rating_id": "id", "time": "datetime", "window": "str", "department": "str",
    "service_item": "str", "channel": "str", "grade": "grade",
}
"""好差评 log schema."""

TICKETS_SCHEMA: dict[str, str] = {
    "ticket_id": "id", "received": "datetime", "dispatched": "datetime",
    "responded": "datetime", "closed": "datetime", "category": "str", "topic": "str",
    "department": "str", "transfers": "count", "resolved": "binary", "satisfied": "binary",
    "deadline_hours": "count", "text": "freetext", "text_masked": "freetext",
}
"""12345 ticket schema (``text`` is masked into ``text_masked`` when ``mask=True``; free text
is kept as written, missing-value tokens included)."""

ANSWERS_SATISFACTION_5: dict[str, int] = {
    "非常不满意": 1, "不满意": 2, "一般": 3, "基本满意": 3, "满意": 4, "非常满意": 5,
}
"""Common 5-point satisfaction option texts → codes (基本满意 and 一般 both mid-point)."""

ANSWERS_AGREE_7: dict[str, int] = {
    "非常不同意": 1, "不同意": 2, "有点不同意": 3, "一般": 4, "有点同意": 5, "同意": 6,
    "非常同意": 7,
}
"""Common 7-point agreement option texts → codes."""

MISSING_TOKENS: frozenset[str] = frozenset({
    "na", "n/a", "n.a.", "#n/a", "nan", "null", "none", "nil", "missing", "-", "--", "—", "——",
    "/", "不适用", "缺失", "无数据", "未填", "未填写", "未作答", "未回答", "不详", "跳过", "(跳过)",
    "(空)", "空",
})
"""Texts read as a missing value in every format and every column except free text (compared
after NFKC normalisation, trimming and case folding: ``"N/A"``, ``"Null"``, ``"（跳过）"``
match). Each is counted per column in ``LoadResult.notes``. Codes such as 98/99 are *not*
tokens: without an SPSS value label they are answers outside the scale (row problems)."""

_NON_ANSWER = re.compile(r"不知道|不清楚|说不清|拒答|拒绝|不适用|无法回答|不愿|不回答|"
                         r"don'?t know|refus|not applicable|n/?a\b", re.I)
_TOKEN_VARIANTS = frozenset(v for t in MISSING_TOKENS for v in (t, t.upper(), t.title()))
_CHUNK_ROWS = 100_000
_BLANK = "空行 (blank row)"
_BLANK_MAPPED = "空行：映射的列中没有任何值 (blank row: no values in the mapped columns)"


@dataclass
class LoadResult:
    """Data loaded by a reader, with the account of its rows and cells.

    Attributes
    ----------
    data : pandas.DataFrame
        The kept rows on the package's schema (RangeIndex).
    report : pandas.DataFrame
        One row per excluded source row and reason: ``source_row, column, reason``.
    counts : dict
        ``read`` (data rows in the source), ``kept``, ``excluded``; read = kept + excluded.
    info : dict
        How the file was read: ``format``, ``encoding``, ``delimiter``, ``header_row``,
        ``title_rows``, ``columns`` (source header → schema column), ``ignored_columns``,
        ``value_labels`` (``.sav``), ``masked`` (counts by kind, tickets), ``date_bounds``
        (ratings and tickets) …
    notes : pandas.DataFrame
        What was interpreted in kept rows, counted: ``column, note, count`` (missing-value
        tokens, SPSS user-missing codes, labelled codes outside the scale, Excel serial dates,
        time-zone conversions, empty trailing fields).
    """

    data: pd.DataFrame
    report: pd.DataFrame
    counts: dict
    info: dict = field(default_factory=dict)
    notes: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(
        {"column": pd.Series(dtype=object), "note": pd.Series(dtype=object),
         "count": pd.Series(dtype="int64")}))

    def __iter__(self):
        return iter((self.data, self.report))

    def summary(self) -> pd.DataFrame:
        """Counts as a small table, with the reasons for exclusion and the notes.

        Columns ``item`` (读取/保留/排除, a reason, or a note), ``rows`` (rows; for a note, the
        number of cells).
        """
        rows = [("读取 (read)", self.counts["read"]), ("保留 (kept)", self.counts["kept"]),
                ("排除 (excluded)", self.counts["excluded"])]
        if len(self.report):
            per = self.report.drop_duplicates(["source_row", "reason"]).groupby(
                "reason", sort=False).size()
            rows += [(f"  {r}", int(c)) for r, c in per.items()]
        for col, note, n in self.notes.itertuples(index=False):
            rows.append((f"  注 (note) {col or ''}: {note}", int(n)))
        return pd.DataFrame(rows, columns=["item", "rows"])


# ---------------------------------------------------------------------------------------------
# encodings and raw tables
# ---------------------------------------------------------------------------------------------

def detect_encoding(path: str | Path, encoding: str | None = None) -> str:
    """Detect (or check a declared) text encoding of a CSV file, streaming.

    * UTF-16 (a byte-order mark, or NUL bytes in every other position, as Excel writes
      "Unicode text") gives ``utf-16`` (``utf-16-le``/``-be`` without a mark);
    * each line that is not pure ASCII is classified as valid UTF-8 or not (block by block);
    * a UTF-8 byte-order mark gives ``utf-8-sig``; only UTF-8 lines give ``utf-8``;
    * only non-UTF-8 lines: charset-normalizer lists the plausible encodings of a sample
      (up to 64 kB of those lines); if any is of the GB family (GB2312, GBK, CP936, GB18030)
      the answer is ``gb18030``, their superset (short Chinese samples also decode as CP949 or
      Big5, and exports from Chinese systems are GBK); otherwise charset-normalizer's best
      guess. The answer must decode every such line strictly, else GB18030 is tried;
    * both kinds: a file with **mixed encodings** → :class:`InputError` naming lines of each kind;
    * a declared ``encoding`` that cannot decode a line, or a declared legacy encoding for a
      file that is entirely UTF-8 → :class:`InputError` naming the lines.

    Parameters
    ----------
    path : str or Path
        The text file.
    encoding : str, optional
        A declared encoding to check instead of detecting one.

    Returns
    -------
    str
        A Python codec name.

    Notes
    -----
    The scan reads the file once in 1 MiB blocks; UTF-8 validity of each line is decided with
    vectorised byte rules (no exception per line), so a 60 MB GBK export takes well under a
    second. When GB18030 is the answer and some line does not decode, the error names that
    line instead of falling back to another code page.

    Examples
    --------
    >>> import tempfile, os
    >>> f = os.path.join(tempfile.mkdtemp(), "a.csv")
    >>> _ = open(f, "wb").write("编号,满意度\\n1,满意\\n".encode("gbk"))
    >>> detect_encoding(f)
    'gb18030'
    """
    return _csv.detect_encoding(Path(path), encoding)


def read_table(path: str | Path, *, encoding: str | None = None, sheet=None,
               dtypes: dict | None = None, chunksize: int = _CHUNK_ROWS,
               header_row: int | None = None, delimiter: str | None = None
               ) -> tuple[Iterator[pd.DataFrame], dict]:
    """Open a CSV/TSV/TXT, xlsx or sav file as raw chunks (no schema), with how it was read.

    Parameters
    ----------
    path : str or Path
        The file.
    encoding, delimiter : str, optional
        Override the detected encoding / delimiter of a text file.
    sheet : str or int, optional
        Excel sheet name or 0-based number (default: the first).
    dtypes : dict, optional
        ``{header: dtype}`` for text files (e.g. ``{"编号": "str"}``).
    chunksize : int
        Rows per chunk of a text file (xlsx and sav come in one piece).
    header_row : int, optional
        1-based row (line) of the header; detected when not given.

    Returns
    -------
    (iterator of pandas.DataFrame, dict)
        Chunks whose index is the source row and whose columns are the headers (a repeated or
        empty header gets ``'#position'`` appended); ``frame.attrs["problems"]`` lists
        ``(rows, column or None, reason)`` the reader found (e.g. a wrong field count) and
        ``frame.attrs["notes"]`` ``(column, note, count)``. The dict is ``info`` (format,
        encoding, delimiter, header row, title rows, ``headers``).

    Notes
    -----
    No schema and no row accounting: the readers (:func:`read_survey` …) build on this and
    turn ``attrs["problems"]`` into raised errors or reported exclusions. Every line of a text
    file is checked against the header's field count; lines with only empty fields after the
    last column are counted in ``attrs["notes"]``.

    Examples
    --------
    >>> import tempfile, os
    >>> f = os.path.join(tempfile.mkdtemp(), "t.tsv")
    >>> _ = open(f, "w", encoding="utf-16").write("编号\\t满意度\\nA1\\t5\\n")
    >>> chunks, info = read_table(f)
    >>> frame = next(chunks)
    >>> frame.index.tolist(), frame.values.tolist(), info["encoding"], info["delimiter"]
    ([2], [['A1', 5]], 'utf-16', '\\t')
    """
    _check_chunksize(chunksize)
    opened = _tables.open_table(Path(path), encoding=encoding, sheet=sheet,
                                header_row=header_row, delimiter=delimiter,
                                chunksize=chunksize)
    lab = dict(zip(opened.headers, opened.labels))
    dts = {lab.get(k, k): v for k, v in (dtypes or {}).items()}

    def frames() -> Iterator[pd.DataFrame]:
        for ch in opened.chunks(dts):
            ch.frame.attrs["problems"] = ch.problems
            ch.frame.attrs["notes"] = ch.notes
            yield ch.frame

    opened.info["headers"] = list(opened.headers)
    return frames(), opened.info


def _check_chunksize(chunksize) -> None:
    if isinstance(chunksize, bool) or not isinstance(chunksize, (int, np.integer)) \
            or chunksize < 1:
        raise HelpersError(f"chunksize 必须是正整数 (chunksize must be a positive integer, got "
                           f"{chunksize!r})")


# ---------------------------------------------------------------------------------------------
# source headers → schema columns
# ---------------------------------------------------------------------------------------------

def _expected(mapping: Mapping | None, schema: Mapping[str, str]) -> tuple[set, set]:
    keys = [str(k) for k in mapping] if mapping is not None else list(schema)
    return set(keys), {_tables.norm_header(k) for k in keys}


def _resolve(headers: Sequence[str], labels: Sequence[str], mapping: Mapping | None,
             schema: Mapping[str, str], aliases: Mapping[str, str]) -> dict[str, str]:
    """Internal label → schema column; InputError for every ambiguity (see module docstring)."""
    where = {k: _tables.column_name(k + 1) for k in range(len(headers))}
    where_en = {k: _tables.column_name(k + 1, "en") for k in range(len(headers))}
    shown = ", ".join(repr(c) for c in headers[:12]) + (" …" if len(headers) > 12 else "")
    if mapping is None:
        hits: dict[str, list[int]] = {}
        for k, h in enumerate(headers):
            key = unicodedata.normalize("NFKC", h).strip()
            if key in schema:
                hits.setdefault(key, []).append(k)
        for dst, pos in hits.items():
            if len(pos) > 1:
                _dup_header(dst, [where[k] for k in pos], [where_en[k] for k in pos])
        if not hits:
            raise InputError(
                f"文件中没有任何列与本包的列名对应（文件的列：{shown}）。请用 mapping={{源列名: 列名}} "
                f"指明各列，例如 mapping={{'1. 您对设备的期望': 'E1'}} (no column of the file "
                f"matches the schema (the file has: {shown}); pass mapping={{source header: "
                f"schema column}}, schema columns are e.g. {', '.join(list(schema)[:6])} …)")
        return {labels[pos[0]]: dst for dst, pos in hits.items()}
    if not isinstance(mapping, Mapping):
        raise HelpersError(f"mapping 必须是字典 {{源列名: 列名}} (mapping must be a dict "
                           f"{{source header: schema column}}, got {type(mapping).__name__})")
    by_dst: dict[str, list[str]] = {}
    for src, dst in mapping.items():
        by_dst.setdefault(dst, []).append(str(src))
    for dst, srcs in by_dst.items():
        if len(srcs) > 1:
            listed = "、".join(repr(s) for s in srcs)
            raise InputError(
                f"mapping 把多个源列 {listed} 映射到同一列 {dst!r}，请只保留一个 (mapping sends "
                f"several source headers {', '.join(repr(s) for s in srcs)} to the same column "
                f"{dst!r}; keep one)", column=dst)
    norm = [_tables.norm_header(h) for h in headers]
    alias_norm = {name: _tables.norm_header(lab) for name, lab in aliases.items()}
    out: dict[int, tuple[str, str]] = {}
    missing = []
    for src, dst in mapping.items():
        src = str(src)
        exact = [k for k, h in enumerate(headers) if h == src.strip()]
        if len(exact) > 1:
            _dup_header(src, [where[k] for k in exact], [where_en[k] for k in exact])
        if not exact:
            key = _tables.norm_header(src)
            exact = [k for k, n in enumerate(norm) if n == key]
            exact += [headers.index(name) for name, n in alias_norm.items()
                      if n == key and name in headers and headers.index(name) not in exact]
            if len(exact) > 1:
                cands = "、".join(f"{headers[k]!r}（{where[k]}）" for k in exact)
                cands_en = ", ".join(f"{headers[k]!r} ({where_en[k]})" for k in exact)
                raise InputError(
                    f"mapping 中的 {src!r} 在规范化后同时对应多列：{cands}（问卷星矩阵题的期望与感知常"
                    f"有相同的行标签）。请在 mapping 中写出完整、准确的列名 (mapping key {src!r} "
                    f"matches several columns after normalisation: {cands_en}; use the exact "
                    f"headers as mapping keys)", column=dst)
        if not exact:
            missing.append(src)
            continue
        k = exact[0]
        if k in out:
            raise InputError(
                f"mapping 中的 {out[k][0]!r} 和 {src!r} 都对应{where[k]} {headers[k]!r}，请只保留"
                f"一个 (mapping keys {out[k][0]!r} and {src!r} both match {where_en[k]} "
                f"{headers[k]!r}; keep one)", column=dst)
        out[k] = (src, dst)
    if missing:
        listed = "；".join(repr(m) for m in missing)
        raise InputError(f"缺少列：{listed}，请检查 mapping 中的列名 (missing column(s) named in "
                         f"the mapping: {listed}; the file has: {shown})", column=missing[0])
    return {labels[k]: dst for k, (_, dst) in out.items()}


def _dup_header(name: str, places: list[str], places_en: list[str]) -> None:
    raise InputError(
        f"列名 {name!r} 出现了 {len(places)} 次（{'、'.join(places)}），无法确定使用哪一列：请重命名"
        f"或删除重复的列 (header {name!r} appears {len(places)} times "
        f"({', '.join(places_en)}): rename or delete the duplicate so that each column has "
        "its own header)", column=name)


# ---------------------------------------------------------------------------------------------
# schema conformance
# ---------------------------------------------------------------------------------------------

class _Account:
    """Row problems (batches: rows, column, reason) and notes (column, note → count)."""

    def __init__(self) -> None:
        self.batches: list[tuple[np.ndarray, str | None, str]] = []
        self.notes: dict[tuple[str | None, str], int] = {}

    def add(self, rows, column, reason) -> None:
        rows = np.asarray(list(rows) if not hasattr(rows, "__array__") else rows,
                          dtype=np.int64)
        if rows.size:
            self.batches.append((rows, column, reason))

    def note(self, column, note, count) -> None:
        if count:
            self.notes[(column, note)] = self.notes.get((column, note), 0) + int(count)

    def rows(self) -> np.ndarray:
        if not self.batches:
            return np.empty(0, dtype=np.int64)
        return np.unique(np.concatenate([r for r, _, _ in self.batches]))


def _text(s: pd.Series, *, nfkc: bool) -> pd.Series:
    """Stripped text (NFKC for non-ASCII values when asked); missing stays missing."""
    present = s.notna()
    t = s.where(present).astype("str").str.strip()
    if nfkc:
        wide = present & ~t.str.isascii().fillna(True).astype(bool)
        if wide.any():
            t[wide] = t[wide].str.normalize("NFKC").str.strip()
    return t.where(present)


def _tokens(t: pd.Series, column: str, acc: _Account) -> pd.Series:
    """Missing-value tokens → NA, counted per token in the notes."""
    hit = t.isin(_TOKEN_VARIANTS)
    rest = t.notna() & ~hit & (t.str.len() <= 6)
    if rest.any():
        odd = [u for u in pd.unique(t[rest])
               if unicodedata.normalize("NFKC", u).strip().casefold() in MISSING_TOKENS]
        if odd:
            hit |= t.isin(odd)
    if hit.any():
        for tok, n in t[hit].value_counts(sort=False).items():
            acc.note(column, f"{tok!r} 按缺失处理 (missing-value token {tok!r} read as missing)",
                     n)
        t = t.where(~hit)
    return t


def _examples(values: pd.Series, mask, fmt=repr) -> str:
    return ", ".join(fmt(x) for x in pd.unique(values[mask])[:3])


def _numeric(s: pd.Series, dst: str, kind: str, *, scale, answers, labels, acc: _Account,
             codes=None) -> pd.Series:
    lo, hi = {"scale": scale, "points": (0, 100), "count": (0, np.inf), "binary": (0, 1)}[kind]
    dtype = "Int8" if kind in ("scale", "binary") and hi <= 127 else "Int64"
    if pd.api.types.is_integer_dtype(s) and not labels and not codes and len(s) \
            and s.min() >= lo and s.max() <= hi:
        return s.astype(dtype)                # the usual case: whole numbers in range
    if pd.api.types.is_bool_dtype(s):
        v = s.astype(float)
    elif pd.api.types.is_numeric_dtype(s):
        v = s.astype(float)
    elif pd.api.types.infer_dtype(s, skipna=True) == "boolean":
        v = s.map({True: 1.0, False: 0.0}).astype(float)
    else:
        t = _tokens(_text(s, nfkc=True), dst, acc)
        present = t.notna() & t.ne("")
        v = pd.Series(np.nan, index=s.index, dtype=float)
        if answers and kind == "scale":
            mapped = t.map({unicodedata.normalize("NFKC", str(k)).strip(): c
                            for k, c in answers.items()})
            v = pd.to_numeric(mapped, errors="coerce").astype(float)
        rest = present & v.isna()
        if rest.any():
            v[rest] = pd.to_numeric(t[rest], errors="coerce").astype(float)
        unparsed = present & v.isna()
        if unparsed.any():
            acc.add(s.index[unparsed], dst, f"无法识别的答案 (unexpected text): "
                                            f"{_examples(t, unparsed)}")
            v = v.where(~unparsed)
    if labels:
        if kind == "scale":
            codes = [c for c in labels if isinstance(c, (int, float)) and not lo <= c <= hi]
        else:
            codes = [c for c, lab in labels.items() if isinstance(c, (int, float))
                     and _NON_ANSWER.search(str(lab))]
        coded = v.isin(codes)
        if coded.any():
            where_zh = f"不在量表 {lo:g}–{hi:g} 内，" if kind == "scale" else ""
            where_en = f"outside the scale {lo:g}–{hi:g} " if kind == "scale" else ""
            for code, n in v[coded].value_counts(sort=False).items():
                acc.note(dst, f"带值标签的代码 {code:g}（{labels[code]}）{where_zh}按缺失处理 "
                              f"(value-labelled code {code:g} '{labels[code]}' {where_en}"
                              f"read as missing, not as an answer)", n)
            v = v.where(~coded)
    if codes:
        coded = v.isin(codes)
        if coded.any():
            for code, n in v[coded].value_counts(sort=False).items():
                acc.note(dst, f"缺失代码 {code:g} 按缺失处理（missing_codes）(missing code "
                              f"{code:g} read as missing: missing_codes)", n)
            v = v.where(~coded)
    bad = v.notna() & ((v < lo) | (v > hi) | (v != np.round(v)))
    if bad.any():
        hi_s = "∞" if hi == np.inf else f"{hi:g}"
        acc.add(s.index[bad], dst, f"超出范围 {lo:g}–{hi_s} 或不是整数 (outside {lo:g}–{hi_s} or "
                                   f"not an integer): {_examples(v, bad, lambda x: f'{x:g}')}")
        v = v.where(~bad)
    return v.round().astype(dtype)


def _conform(raw: pd.DataFrame, colmap: dict[str, str], schema: Mapping[str, str], *,
             scale: tuple[int, int], answers: Mapping | None, value_labels: Mapping,
             acc: _Account, date_format: str | None, bounds, time_state: dict,
             missing_codes: dict | None = None) -> pd.DataFrame:
    out = {}
    per_column = bool(answers) and isinstance(next(iter(answers.values()), None), Mapping)
    for src, dst in colmap.items():
        s = raw[src]
        kind = schema.get(dst, "passthrough")
        if kind in ("str", "id"):
            t = _tokens(_text(s, nfkc=kind == "id"), dst, acc)
            if kind == "id":
                # numbers read from Excel/SPSS as floats: 12.0 → '12'
                t = t.str.replace(r"^(\d+)\.0$", r"\1", regex=True)
                miss = t.isna() | t.eq("")
                t = t.where(~miss)
                if miss.any():
                    acc.add(s.index[miss], dst, "编号缺失 (missing id)")
            out[dst] = t.where(t.ne("")).astype("str")
        elif kind == "freetext":
            out[dst] = s.where(s.notna()).astype("str")
        elif kind in ("scale", "points", "count", "binary"):
            col_answers = answers.get(dst) if per_column else answers
            codes = None
            if missing_codes and kind in ("scale", "points"):
                codes = missing_codes.get(dst, missing_codes.get(None) if kind == "scale"
                                          else None)
            out[dst] = _numeric(s, dst, kind, scale=scale, answers=col_answers,
                                labels=value_labels.get(src), acc=acc, codes=codes)
        elif kind == "datetime":
            vals = s
            if not (pd.api.types.is_numeric_dtype(s) or pd.api.types.is_datetime64_any_dtype(s)):
                if pd.api.types.infer_dtype(s, skipna=True) in ("string", "empty"):
                    vals = _tokens(_text(s, nfkc=True), dst, acc)
                else:
                    is_str = s.map(lambda x: isinstance(x, str)).astype(bool)
                    if is_str.any():
                        t = _tokens(_text(s[is_str], nfkc=True), dst, acc)
                        vals = s.astype(object).copy()
                        vals[is_str] = t.astype(object).where(t.notna(), None)
            tp = _times.to_local_times(vals, dst, date_format=date_format, bounds=bounds,
                                       state=time_state.setdefault(dst, {}))
            for rows, reason in tp.problems:
                ex = ", ".join(repr(str(x)) for x in pd.unique(s[rows].astype(str))[:3])
                acc.add(rows, dst, f"{reason}: {ex}")
            if tp.implausible.any():
                lo, hi = bounds
                acc.add(s.index[tp.implausible], dst,
                        f"日期不在合理范围 {lo:%Y-%m-%d}–{hi:%Y-%m-%d %H:%M} 内，请核对或用 "
                        f"min_date=/max_date= 调整 (implausible date outside {lo:%Y-%m-%d} – "
                        f"{hi:%Y-%m-%d %H:%M}): {_examples(s.astype(str), tp.implausible)}")
            for note, n in tp.notes:
                acc.note(dst, note, n)
            out[dst] = tp.values
        elif kind == "grade":
            t = _tokens(_text(s, nfkc=True), dst, acc)
            stars = {str(k): g for k, g in zip(range(5, 0, -1), RATING_GRADES)}
            stars.update({f"{k}.0": g for k, g in zip(range(5, 0, -1), RATING_GRADES)})
            g = t.where(t.isin(RATING_GRADES), t.map(stars))
            bad = g.isna() & t.notna() & t.ne("")
            if bad.any():
                acc.add(s.index[bad], dst, f"无法识别的评价等级 (unknown grade): "
                                           f"{_examples(t, bad)}")
            out[dst] = g.astype("str")
        else:
            out[dst] = s
    return pd.DataFrame(out, index=raw.index)


# ---------------------------------------------------------------------------------------------
# the engine
# ---------------------------------------------------------------------------------------------

def _load(path, schema: Mapping[str, str], *, mapping, encoding, sheet, header_row, delimiter,
          scale, answers, on_invalid, required: Sequence[str], id_column: str | None,
          date_format, bounds, chunksize: int, row_checks=None, missing_codes=None
          ) -> LoadResult:
    if on_invalid not in ("raise", "exclude"):
        raise HelpersError(f"on_invalid 必须是 'raise' 或 'exclude' (on_invalid must be 'raise' "
                           f"or 'exclude', got {on_invalid!r})")
    if not (isinstance(scale, (tuple, list)) and len(scale) == 2
            and all(isinstance(x, (int, np.integer)) and not isinstance(x, bool) for x in scale)
            and scale[0] < scale[1]):
        raise HelpersError(f"scale 必须是 (最小值, 最大值) 两个整数 (scale must be two integers "
                           f"(lo, hi) with lo < hi, got {scale!r})")
    if answers is not None and not isinstance(answers, Mapping):
        raise HelpersError(f"answers 必须是字典 (answers must be a dict, got "
                           f"{type(answers).__name__})")
    _check_chunksize(chunksize)
    path = Path(path)
    opened = _tables.open_table(path, encoding=encoding, sheet=sheet, header_row=header_row,
                                delimiter=delimiter, expected=_expected(mapping, schema),
                                chunksize=chunksize)
    info = opened.info
    colmap = _resolve(opened.headers, opened.labels, mapping, schema, opened.aliases)
    missing = [c for c in required if c not in colmap.values()]
    if missing:
        listed = ", ".join(repr(c) for c in missing)
        raise InputError(f"缺少必需的列：{listed}，请用 mapping 指明 (required column(s) missing: "
                         f"{listed}; map them with mapping={{source header: {missing[0]!r}}})",
                         column=missing[0])
    head_of = dict(zip(opened.labels, opened.headers))
    info["columns"] = {head_of[k]: v for k, v in colmap.items()}
    info["ignored_columns"] = [h for h, k in zip(opened.headers, opened.labels)
                               if k not in colmap]
    id_src = next((k for k, v in colmap.items() if v == id_column), None)
    dtypes = {id_src: "str"} if id_src else {}
    value_labels = info.get("value_labels", {})
    acc_all = _Account()
    kept_parts: list[pd.DataFrame] = []
    seen_ids: dict[str, int] = {}
    time_state: dict = {}
    n_read = 0
    for chunk in opened.chunks(dtypes):
        raw = chunk.frame
        n_read += len(raw)
        acc = _Account()
        for rows, label, reason in chunk.problems:
            if label is None:
                acc.add(rows, None, reason)
            elif label in colmap:
                acc.add(rows, colmap[label], reason)
        for label, note, n in chunk.notes:
            if label is None or label in colmap:
                acc.note(colmap.get(label), note, n)
        structural = acc.rows()
        df = _conform(raw[list(colmap)], colmap, schema, scale=scale, answers=answers,
                      value_labels=value_labels, acc=acc, date_format=date_format,
                      bounds=bounds, time_state=time_state, missing_codes=missing_codes)
        blank_raw = raw.isna().all(axis=1).to_numpy(copy=True)
        blank_map = df.isna().all(axis=1).to_numpy(copy=True) & ~blank_raw
        if blank_map.any():               # cells holding only spaces count as blank
            sub = raw[blank_map]
            spaces = sub.apply(lambda c: c.isna() | c.astype(str).str.strip().eq("")
                               ).all(axis=1).to_numpy()
            where = np.flatnonzero(blank_map)[spaces]
            blank_raw[where] = True
            blank_map[where] = False
        blank = (blank_raw | blank_map) & ~np.isin(raw.index.to_numpy(), structural)
        blank_rows = raw.index.to_numpy()[blank]
        if blank.any():
            acc.batches = [(r[~np.isin(r, blank_rows)], c, why) for r, c, why in acc.batches]
            acc.batches = [b for b in acc.batches if b[0].size]
            df = df.loc[~blank]
        if row_checks is not None:
            row_checks(df.loc[~df.index.isin(structural)], acc)
        dup_error = None
        if id_column and id_column in df.columns:
            dup_error = _duplicate_ids(df[id_column], id_column, seen_ids, acc, on_invalid)
        bad_rows = acc.rows()
        if bad_rows.size and on_invalid == "raise":
            _raise_first(acc)
        if dup_error is not None:
            raise dup_error
        if bad_rows.size:
            df = df.loc[~df.index.isin(bad_rows)]
        acc_all.batches.extend(acc.batches)
        acc_all.batches.append((raw.index.to_numpy()[blank_raw & blank], None, _BLANK))
        acc_all.batches.append((raw.index.to_numpy()[blank_map & blank], None, _BLANK_MAPPED))
        for key, n in acc.notes.items():
            acc_all.notes[key] = acc_all.notes.get(key, 0) + n
        kept_parts.append(df)
    if n_read == 0:
        raise InputError(f"文件只有表头，没有数据行：{path.name}，请检查导出范围 (file has a header "
                         "but no data rows)")
    data = pd.concat(kept_parts) if len(kept_parts) > 1 else kept_parts[0]
    data = data[list(dict.fromkeys(colmap.values()))].reset_index(drop=True)
    batches = [b for b in acc_all.batches if b[0].size]
    rep = pd.DataFrame({
        "source_row": np.concatenate([r for r, _, _ in batches]) if batches
        else np.empty(0, dtype=np.int64),
        "column": [c for r, c, _ in batches for _ in range(r.size)],
        "reason": [why for r, _, why in batches for _ in range(r.size)],
    }, columns=["source_row", "column", "reason"])
    rep = rep.sort_values("source_row", kind="stable").reset_index(drop=True)
    n_excl = int(rep["source_row"].nunique())
    if len(data) == 0:
        raise InputError(f"没有可用的数据行：全部 {n_read} 行被排除（原因：{'；'.join(pd.unique(rep['reason'])[:3])}）"
                         f" (no usable rows: all {n_read} rows excluded; see the reasons above)")
    if n_read != len(data) + n_excl:  # pragma: no cover - guards the accounting itself
        raise InputError(_tables._INTERNAL + f" [read {n_read} != kept {len(data)} + excluded "
                         f"{n_excl}]")
    notes = pd.DataFrame([(c, nt, n) for (c, nt), n in acc_all.notes.items()],
                         columns=["column", "note", "count"]).astype({"count": "int64"})
    counts = {"read": int(n_read), "kept": int(len(data)), "excluded": n_excl}
    return LoadResult(data=data, report=rep, counts=counts, info=info, notes=notes)


def _duplicate_ids(ids: pd.Series, column: str, seen: dict, acc: _Account, on_invalid
                   ) -> InputError | None:
    """Record duplicate ids (after the first) in ``acc``; with ``on_invalid="raise"`` return
    the error naming every copy instead (raised after the other row problems)."""
    present = ids.notna()
    vals = ids[present]
    if not len(vals):
        return None
    keys, rows = vals.tolist(), vals.index.to_numpy()
    here = dict(zip(keys, rows.tolist()))
    if len(here) == len(keys) and not (seen.keys() & here.keys()):
        seen.update(here)                     # the usual case: no duplicate at all
        return None
    first_here = ~vals.duplicated(keep="first").to_numpy()
    before = np.array([seen.get(v, -1) for v in keys], dtype=np.int64)
    dup = (before >= 0) | ~first_here
    if dup.any():
        firsts = pd.Series(rows, index=vals.to_numpy()).groupby(level=0).transform("first")
        first_row = np.where(before >= 0, before, firsts.to_numpy())
        d_rows, d_first, d_vals = rows[dup], first_row[dup], vals.to_numpy()[dup]
        if on_invalid == "raise":
            all_rows = sorted(set(d_rows.tolist()) | set(d_first.tolist()))
            seen.update(zip(vals.to_numpy()[~dup].tolist(), rows[~dup].tolist()))
            return rows_error(
                column, all_rows, f"有重复编号 {', '.join(map(str, d_vals[:3]))}",
                f"duplicate ids {', '.join(map(str, d_vals[:3]))}",
                todo_zh="请删除重复的记录，或用 on_invalid='exclude' 只保留第一条",
                todo_en="delete the duplicates, or use on_invalid='exclude' to keep the first")
        for f in np.unique(d_first):
            sel = d_first == f
            acc.add(d_rows[sel], column, f"编号重复，与第 {f} 行相同 (duplicate id "
                                         f"{d_vals[sel][0]}, first seen in row {f})")
    new = ~dup
    seen.update(zip(vals.to_numpy()[new].tolist(), rows[new].tolist()))
    return None


def _split_reason(reason: str) -> tuple[str, str, str]:
    """'中文 (english): examples' → (中文, english, examples)."""
    body, ex = reason, ""
    i = reason.find("): ")
    if i >= 0:
        body, ex = reason[:i + 1], reason[i + 3:]
    j = body.rfind("(")
    if j > 0 and body.endswith(")"):
        return body[:j].strip(), body[j + 1:-1], ex
    return body, body, ex


def _raise_first(acc: _Account) -> None:
    _, col0, reason0 = acc.batches[0]
    rows = sorted({int(x) for r, c, why in acc.batches if c == col0 and why == reason0
                   for x in r})
    others = len(acc.rows()) - len(rows)
    zh, en, ex = _split_reason(reason0)
    more_zh = f"；另有 {others} 行有其他问题" if others > 0 else ""
    more_en = f"; +{others} rows with other problems" if others > 0 else ""
    raise rows_error(col0, rows, zh + more_zh, en + more_en, examples=ex,
                     todo_zh="请修正文件，或用 on_invalid='exclude' 排除并报告这些行",
                     todo_en="fix the file or use on_invalid='exclude' to drop and report "
                             "these rows")


def _guard(fn):
    """Public readers: anything that is not already a HelpersError becomes an InputError."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except (HelpersError, MemoryError, KeyboardInterrupt):
            raise
        except Exception as exc:
            raise InputError(f"{_tables._INTERNAL} ({type(exc).__name__}: {exc})") from exc
    return wrapper


def _date_options(date_format, datetime_format, min_date, max_date):
    if datetime_format is not None:
        warnings.warn("datetime_format= is renamed date_format=", DeprecationWarning,
                      stacklevel=3)
        if date_format is not None and date_format != datetime_format:
            raise HelpersError("date_format 与 datetime_format 不一致 (date_format and "
                               "datetime_format disagree)")
        date_format = datetime_format
    if date_format is not None and not isinstance(date_format, str):
        raise HelpersError(f"date_format 必须是字符串，如 '%d/%m/%Y' (date_format must be a "
                           f"string such as '%d/%m/%Y', got {date_format!r})")
    return date_format, _times.time_bounds(min_date, max_date)


# ---------------------------------------------------------------------------------------------
# public readers
# ---------------------------------------------------------------------------------------------

@_guard
def read_survey(path: str | Path, mapping: Mapping[str, str] | None = None, *,
                encoding: str | None = None, sheet=None, scale: tuple[int, int] = (1, 7),
                id: str | None = None, answers: Mapping | None = None,
                on_invalid: str = "raise", required: Sequence[str] = (),
                check_points: bool = True, header_row: int | None = None,
                delimiter: str | None = None, chunksize: int = _CHUNK_ROWS,
                missing_codes=None) -> LoadResult:
    """Read a survey export (CSV/TSV/TXT, xlsx, sav) onto :data:`SURVEY_SCHEMA`.

    Parameters
    ----------
    path : str or Path
        ``.csv``/``.tsv``/``.txt`` (any common encoding and delimiter), ``.xlsx`` or ``.sav``.
    mapping : dict, optional
        ``{source header: schema column}``, e.g. ``{"1. 您对办事大厅设备的期望": "E1"}``. Source
        headers match exactly, or after normalisation (full-width → half-width, spaces and
        leading numbering like ``"1. "``, ``"Q1、"`` removed), or (``.sav``) by variable label.
        Every mapped source header must exist, match one column only, and map to its own
        schema column. Without a mapping the file's columns must already carry schema names
        (at least one); other columns are ignored (listed in ``info["ignored_columns"]``).
    encoding : str, optional
        Override the detected text encoding (checked: a wrong declaration raises).
    sheet : str or int, optional
        Excel sheet name or 0-based number (default: the first).
    scale : (int, int)
        Range of the answer scale of E/P items, ``satisfaction`` and ``trust``.
    id : str, optional
        Source header of the respondent id (shortcut for ``mapping[id] = "respondent_id"``).
    answers : dict, optional
        Option text → code, e.g. :data:`ANSWERS_SATISFACTION_5`, or per column
        ``{schema column: {text: code}}``.
    on_invalid : {"raise", "exclude"}
        Row problems raise :class:`InputError` (default) or exclude the row (reported).
    required : sequence of str
        Schema columns that must be present after mapping.
    check_points : bool
        Check that the five ``imp_*`` columns sum to 100 when all are present.
    header_row : int, optional
        1-based row (line) of the header, when detection needs help.
    delimiter : str, optional
        Field delimiter of a text file (detected: comma, tab, semicolon or bar).
    chunksize : int
        Rows read at a time from a text file (memory stays bounded).
    missing_codes : sequence of int, or dict, optional
        Codes that mean "no answer" (e.g. ``[99, 98]`` for 不适用/不知道), for every scale item,
        or per schema column ``{"E5": [99], "P5": [99]}``. Such a code makes that answer
        missing (counted per column in ``notes``) instead of excluding the row. A code must lie
        outside the column's range (``scale``; 0–100 for ``imp_*``), else ``HelpersError``.

    Returns
    -------
    LoadResult
        ``data`` (schema columns in mapping order), ``report`` (``source_row, column,
        reason`` per excluded row), ``counts``, ``info`` and ``notes``.

    Notes
    -----
    Missing-value tokens (:data:`MISSING_TOKENS`), SPSS user-missing codes and value-labelled
    codes outside ``scale`` become missing answers and are counted in ``notes``; unlabelled
    codes outside the scale (98, 99) are row problems unless listed in ``missing_codes``. See
    the module docstring for the whole contract.

    Examples
    --------
    >>> import tempfile, os
    >>> f = os.path.join(tempfile.mkdtemp(), "s.csv")
    >>> _ = open(f, "w", encoding="gbk").write("编号,总体满意度\\nA1,满意\\nA2,非常满意\\nA3,很好\\n"
    ...                                        "A4,不适用\\n")
    >>> res = read_survey(f, {"编号": "respondent_id", "总体满意度": "satisfaction"},
    ...                   answers=ANSWERS_SATISFACTION_5, scale=(1, 5), on_invalid="exclude")
    >>> res.data["satisfaction"].tolist(), res.counts
    ([4, 5, <NA>], {'read': 4, 'kept': 3, 'excluded': 1})
    >>> int(res.report.loc[0, "source_row"]), res.info["encoding"]
    (4, 'gb18030')
    >>> res.notes[["column", "count"]].values.tolist()
    [['satisfaction', 1]]
    >>> res = read_survey(f, {"编号": "respondent_id", "总体满意度": "satisfaction"},
    ...                   answers={**ANSWERS_SATISFACTION_5, "很好": 99}, scale=(1, 5),
    ...                   missing_codes=[99])
    >>> res.data["satisfaction"].tolist(), res.counts["excluded"]
    ([4, 5, <NA>, <NA>], 0)
    """
    if id is not None:
        mapping = {**(mapping or {}), id: "respondent_id"}

    def checks(df: pd.DataFrame, acc: _Account) -> None:
        cols = [f"imp_{d}" for d in DIMENSIONS]
        if check_points and all(c in df.columns for c in cols):
            tot = df[cols].sum(axis=1, min_count=5)
            bad = tot.notna() & tot.ne(100)
            if bad.any():
                acc.add(df.index[bad], "imp_tangibles",
                        "重要性分配之和不等于 100 (importance points do not sum to 100)")

    return _load(path, SURVEY_SCHEMA, mapping=mapping, encoding=encoding, sheet=sheet,
                 header_row=header_row, delimiter=delimiter, scale=scale, answers=answers,
                 on_invalid=on_invalid, required=required, id_column="respondent_id",
                 date_format=None, bounds=None, chunksize=chunksize, row_checks=checks,
                 missing_codes=_missing_codes(missing_codes, scale))


def _missing_codes(spec, scale) -> dict | None:
    """``missing_codes`` → ``{schema column or None (every column): [codes]}``, checked."""
    if spec is None:
        return None
    per = spec if isinstance(spec, Mapping) else {None: spec}
    out: dict = {}
    for col, codes in per.items():
        if col is not None and SURVEY_SCHEMA.get(col) not in ("scale", "points"):
            raise HelpersError(f"missing_codes 中的 {col!r} 不是量表题列 (missing_codes: {col!r} is "
                               f"not a scale column of the survey schema)")
        codes = [codes] if isinstance(codes, (int, float, np.integer)) else list(codes)
        lo, hi = (0, 100) if col is not None and SURVEY_SCHEMA[col] == "points" else scale
        for c in codes:
            if isinstance(c, bool) or not isinstance(c, (int, float, np.integer, np.floating)):
                raise HelpersError(f"missing_codes 必须是数字 (missing_codes must be numbers, got "
                                   f"{c!r})")
            if lo <= c <= hi:
                raise HelpersError(
                    f"缺失代码 {c:g} 在量表 {lo}–{hi} 之内，会与真实答案混淆 (missing code {c:g} "
                    f"lies inside the scale {lo}–{hi}: it would hide real answers)")
        out[col] = [float(c) for c in codes]
    return out


@_guard
def read_ratings(path: str | Path, mapping: Mapping[str, str] | None = None, *,
                 encoding: str | None = None, sheet=None, on_invalid: str = "raise",
                 date_format: str | None = None, min_date=_times.MIN_DATE, max_date=None,
                 required: Sequence[str] = ("time", "window", "grade"),
                 header_row: int | None = None, delimiter: str | None = None,
                 chunksize: int = _CHUNK_ROWS, datetime_format: str | None = None
                 ) -> LoadResult:
    """Read a 好差评 rating log onto :data:`RATINGS_SCHEMA`.

    Parameters
    ----------
    path : str or Path
        ``.csv``/``.tsv``/``.txt``, ``.xlsx`` or ``.sav``.
    mapping : dict, optional
        ``{source header: schema column}`` (as in :func:`read_survey`).
    encoding, sheet, header_row, delimiter, chunksize, on_invalid, required
        As in :func:`read_survey`.
    date_format : str, optional
        strptime format of ``time`` (needed for dates written with the year last, e.g.
        ``"%d/%m/%Y %H:%M"``). ``datetime_format`` is the old name (deprecated).
    min_date, max_date : date-like, optional
        Plausible range of ``time`` (default 2000-01-01 to now + 1 day, Asia/Shanghai);
        dates outside are row problems.

    Returns
    -------
    LoadResult
        ``time`` as naive Asia/Shanghai ``datetime64[us]`` (the time policy of this module);
        ``grade`` as one of the five grade texts.

    Notes
    -----
    ``grade`` accepts the five grade texts (非常满意 … 非常不满意) or stars 5 … 1. A date that
    does not parse, an implausible date and a duplicate ``rating_id`` are row problems.

    Examples
    --------
    >>> import tempfile, os
    >>> f = os.path.join(tempfile.mkdtemp(), "r.csv")
    >>> _ = open(f, "w", encoding="utf-8-sig").write(
    ...     "时间,窗口,评价\\n2025-03-03 09:00,W01,5\\n2025-03-03T01:05Z,W01,不满意\\n")
    >>> res = read_ratings(f, {"时间": "time", "窗口": "window", "评价": "grade"})
    >>> res.data["grade"].tolist(), res.data["time"].dt.strftime("%H:%M").tolist()
    (['非常满意', '不满意'], ['09:00', '09:05'])
    """
    date_format, bounds = _date_options(date_format, datetime_format, min_date, max_date)
    res = _load(path, RATINGS_SCHEMA, mapping=mapping, encoding=encoding, sheet=sheet,
                header_row=header_row, delimiter=delimiter, scale=(1, 5), answers=None,
                on_invalid=on_invalid, required=required, id_column="rating_id",
                date_format=date_format, bounds=bounds, chunksize=chunksize)
    res.info.update(time_zone=_times.TIME_ZONE, date_bounds=bounds)
    return res


@_guard
def read_tickets(path: str | Path, mapping: Mapping[str, str] | None = None, *,
                 encoding: str | None = None, sheet=None, on_invalid: str = "raise",
                 date_format: str | None = None, min_date=_times.MIN_DATE, max_date=None,
                 mask: bool = True, required: Sequence[str] = ("ticket_id", "received"),
                 header_row: int | None = None, delimiter: str | None = None,
                 chunksize: int = _CHUNK_ROWS, datetime_format: str | None = None
                 ) -> LoadResult:
    """Read 12345 hotline tickets onto :data:`TICKETS_SCHEMA`.

    Parameters
    ----------
    path : str or Path
        ``.csv``/``.tsv``/``.txt``, ``.xlsx`` or ``.sav``.
    mapping : dict, optional
        ``{source header: schema column}`` (as in :func:`read_survey`).
    encoding, sheet, header_row, delimiter, chunksize, on_invalid, required
        As in :func:`read_survey`.
    date_format, min_date, max_date
        As in :func:`read_ratings`, for the four time-stamp columns.
    mask : bool, default True
        Mask phone and ID numbers of a raw ``text`` column into ``text_masked`` (and drop
        ``text``).

    Returns
    -------
    LoadResult
        Time stamps as naive Asia/Shanghai ``datetime64[us]``; ``info["masked"]`` counts what
        was masked, by kind.

    Notes
    -----
    Row problems besides those of every reader: time stamps out of order (``dispatched``,
    ``responded`` or ``closed`` before ``received``, or ``closed`` before ``responded``).
    Masking uses :func:`helpers.privacy.mask_series`.

    Examples
    --------
    >>> import tempfile, os
    >>> f = os.path.join(tempfile.mkdtemp(), "t.csv")
    >>> _ = open(f, "w", encoding="utf-8").write(
    ...     "ticket_id,received,closed,text\\nT1,2025-03-01T08:00,2025-03-01T09:00,"
    ...     "请回电139" "0000" "1234\\n")
    >>> res = read_tickets(f)
    >>> res.data["text_masked"].tolist(), res.info["masked"]
    (['请回电139****1234'], {'mobile': 1})
    """
    date_format, bounds = _date_options(date_format, datetime_format, min_date, max_date)
    order = ["received", "dispatched", "responded", "closed"]

    def checks(df: pd.DataFrame, acc: _Account) -> None:
        present = [c for c in order if c in df.columns]
        for i, later in enumerate(present[1:], 1):
            for earlier in present[:i]:
                bad = df[later].notna() & df[earlier].notna() & (df[later] < df[earlier])
                if bad.any():
                    acc.add(df.index[bad], later,
                            f"{later} 早于 {earlier} ({later} before {earlier})")

    res = _load(path, TICKETS_SCHEMA, mapping=mapping, encoding=encoding, sheet=sheet,
                header_row=header_row, delimiter=delimiter, scale=(0, 1), answers=None,
                on_invalid=on_invalid, required=required, id_column="ticket_id",
                date_format=date_format, bounds=bounds, chunksize=chunksize,
                row_checks=checks)
    res.info.update(time_zone=_times.TIME_ZONE, date_bounds=bounds)
    if mask and "text" in res.data.columns:
        from helpers.privacy import mask_series
        masked, found = mask_series(res.data["text"])
        res.data["text_masked"] = masked
        res.data = res.data.drop(columns="text")
        res.info["masked"] = {str(k): int(v) for k, v in found["kind"].value_counts().items()}
    return res
