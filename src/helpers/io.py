"""Load survey, rating and hotline exports onto the package's column schema, accounting for rows.

Three readers share one engine:

* :func:`read_survey` — SERVQUAL-style surveys (``respondent_id, wave, …, E1…E22, P1…P22,
  imp_*, satisfaction, trust``),
* :func:`read_ratings` — 好差评 rating logs (``rating_id, time, window, …, grade``),
* :func:`read_tickets` — 12345 hotline tickets (``ticket_id, received, …, closed, …``).

Formats: CSV (UTF-8, UTF-8 with BOM, GBK/GB18030 and others, detected line by line and with
charset-normalizer; ``encoding=`` overrides), Excel ``.xlsx`` (including 问卷星-style exports with
question text as headers and a title row above the header) and SPSS ``.sav`` (pyreadstat; value
labels are kept in ``info["value_labels"]`` and variable labels can be used as source headers).

Every reader returns a :class:`LoadResult`: the data **and** an account of the rows (rows read,
kept, excluded, and the reason for each excluded row). Nothing is dropped silently:

* structural problems (empty file, header only, wrong or mixed encoding, a mapped column that is
  missing, merged header cells) always raise :class:`helpers.InputError`;
* row problems (answers outside the scale, unexpected text, duplicate ids, dates that do not
  parse, tickets closed before they were received) raise an :class:`~helpers.InputError` naming
  the column and the source rows by default (``on_invalid="raise"``); with
  ``on_invalid="exclude"`` those rows are excluded and listed in ``result.report``;
* completely blank rows are always excluded and reported.

Row numbers in errors and reports are **source rows**: the line number in a CSV file (header =
line 1, assuming one line per record), the Excel row number, or the case number of a ``.sav``.

Integer columns come back as nullable pandas integers (``Int8`` for answers on a scale and 0/1
flags, ``Int64`` for counts), so a missing answer stays missing; text columns are ``str``;
date-times are ``datetime64``.
"""

from __future__ import annotations

import codecs
import csv
import re
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from helpers._validate import InputError, format_rows
from helpers.labels import DIMENSIONS, RATING_GRADES, item_columns

__all__ = [
    "LoadResult",
    "SURVEY_SCHEMA",
    "RATINGS_SCHEMA",
    "TICKETS_SCHEMA",
    "ANSWERS_SATISFACTION_5",
    "ANSWERS_AGREE_7",
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
    "deadline_hours": "count", "text": "str", "text_masked": "str",
}
"""12345 ticket schema (``text`` is masked into ``text_masked`` when ``mask=True``)."""

ANSWERS_SATISFACTION_5: dict[str, int] = {
    "非常不满意": 1, "不满意": 2, "一般": 3, "基本满意": 3, "满意": 4, "非常满意": 5,
}
"""Common 5-point satisfaction option texts → codes (基本满意 and 一般 both mid-point)."""

ANSWERS_AGREE_7: dict[str, int] = {
    "非常不同意": 1, "不同意": 2, "有点不同意": 3, "一般": 4, "有点同意": 5, "同意": 6,
    "非常同意": 7,
}
"""Common 7-point agreement option texts → codes."""

_GB_FAMILY = {"gb2312", "gbk", "gb18030", "cp936", "hz", "euc_cn", "euc-cn", "ms936"}
_CHUNK_ROWS = 100_000


@dataclass
class LoadResult:
    """Data loaded by a reader, with the account of its rows.

    Attributes
    ----------
    data : pandas.DataFrame
        The kept rows on the package's schema (RangeIndex).
    report : pandas.DataFrame
        One row per excluded source row and reason: ``source_row, column, reason``.
    counts : dict
        ``read`` (data rows in the source), ``kept``, ``excluded``.
    info : dict
        How the file was read: ``format``, ``encoding``, ``header_row``, ``title_rows``,
        ``columns`` (source header → schema column), ``ignored_columns``, ``value_labels``
        (``.sav``), ``masked`` (counts by kind, tickets) …
    """

    data: pd.DataFrame
    report: pd.DataFrame
    counts: dict
    info: dict = field(default_factory=dict)

    def __iter__(self):
        return iter((self.data, self.report))

    def summary(self) -> pd.DataFrame:
        """Counts as a small table, with the reasons for exclusion.

        Columns ``item`` (读取/保留/排除 or a reason), ``rows``.
        """
        rows = [("读取 (read)", self.counts["read"]), ("保留 (kept)", self.counts["kept"]),
                ("排除 (excluded)", self.counts["excluded"])]
        if len(self.report):
            per = self.report.drop_duplicates(["source_row", "reason"]).groupby(
                "reason", sort=False).size()
            rows += [(f"  {r}", int(c)) for r, c in per.items()]
        return pd.DataFrame(rows, columns=["item", "rows"])


# ---------------------------------------------------------------------------------------------
# encodings
# ---------------------------------------------------------------------------------------------

def _canonical(enc: str) -> str:
    try:
        return codecs.lookup(enc).name
    except LookupError:
        raise InputError(f"未知编码 {enc!r} (unknown encoding {enc!r})") from None


def detect_encoding(path: str | Path, encoding: str | None = None) -> str:
    """Detect (or check a declared) text encoding of a CSV file, line by line, streaming.

    Each line that is not pure ASCII is classified as valid UTF-8 or not. Then

    * a UTF-8 byte-order mark gives ``utf-8-sig``; only UTF-8 lines give ``utf-8``;
    * only non-UTF-8 lines: charset-normalizer lists the plausible encodings of a sample
      (up to 64 kB of those lines); if any is of the GB family (GB2312, GBK, CP936, GB18030)
      the answer is ``gb18030``, their superset (short Chinese samples also decode as CP949 or
      Big5, and exports from Chinese systems are GBK); otherwise charset-normalizer's best
      guess. The answer must decode every such line strictly, else GB18030 is tried;
    * both kinds: a file with **mixed encodings** → :class:`InputError` naming lines of each kind;
    * a declared ``encoding`` that cannot decode a line, or a declared legacy encoding for a
      file that is entirely UTF-8 → :class:`InputError` naming the lines.

    >>> import tempfile, os
    >>> f = os.path.join(tempfile.mkdtemp(), "a.csv")
    >>> _ = open(f, "wb").write("编号,满意度\\n1,满意\\n".encode("gbk"))
    >>> detect_encoding(f)
    'gb18030'
    """
    path = Path(path)
    utf8_lines: list[int] = []
    other_lines: list[int] = []
    sample = bytearray()
    with open(path, "rb") as fh:
        head = fh.read(4)
        fh.seek(0)
        bom = head.startswith(codecs.BOM_UTF8)
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return "utf-16"
        for lineno, line in enumerate(fh, 1):
            if line.isascii():
                continue
            try:
                line.decode("utf-8")
                utf8_lines.append(lineno)
            except UnicodeDecodeError:
                other_lines.append(lineno)
                if len(sample) < 64_000:
                    sample += line
    if encoding is not None:
        declared = _canonical(encoding)
        if declared in ("utf-8", "utf-8-sig"):
            if other_lines:
                raise InputError(
                    f"声明的编码 {encoding} 与文件不符：第 {format_rows(other_lines)} 行不是 UTF-8"
                    f"（可能是 GBK），请改用 encoding='gb18030' 或不指定编码 "
                    f"(declared encoding {encoding!r} does not match: lines "
                    f"{format_rows(other_lines)} are not valid UTF-8)",
                    rows=other_lines)
            return "utf-8-sig" if bom else "utf-8"
        if utf8_lines and not other_lines:
            raise InputError(
                f"声明的编码 {encoding} 与文件不符：文件是 UTF-8（第 {format_rows(utf8_lines)} 行）"
                f"，请不指定编码或使用 encoding='utf-8' (declared encoding {encoding!r} but the "
                f"file is UTF-8, e.g. lines {format_rows(utf8_lines)})", rows=utf8_lines)
        _check_decodes(path, other_lines + utf8_lines, declared, declared=True)
        return declared
    if utf8_lines and other_lines:
        raise InputError(
            f"文件混用了多种编码：第 {format_rows(utf8_lines)} 行是 UTF-8，"
            f"第 {format_rows(other_lines)} 行不是 UTF-8（可能是 GBK），请统一另存为 UTF-8 "
            f"(mixed encodings: lines {format_rows(utf8_lines)} are UTF-8, lines "
            f"{format_rows(other_lines)} are not)", rows=other_lines)
    if not other_lines:
        return "utf-8-sig" if bom else "utf-8"
    candidates: list[str] = []
    try:
        from charset_normalizer import from_bytes
        matches = [m.encoding for m in from_bytes(bytes(sample))]
    except ImportError:  # pragma: no cover - dependency of the package
        matches = []
    # Short Chinese samples are ambiguous between GBK, CP949 and Big5 (all decode); exports
    # from Chinese systems are GBK/GB18030, so a GB-family candidate wins when there is one.
    if any(m.lower().replace("-", "_") in _GB_FAMILY for m in matches):
        candidates.append("gb18030")
    candidates += [_canonical(m) for m in matches[:1]]
    if "gb18030" not in candidates:
        candidates.append("gb18030")
    for cand in candidates:
        if _check_decodes(path, other_lines, cand, declared=False):
            return cand
    _check_decodes(path, other_lines, "gb18030", declared=True)  # raises with the line numbers
    return "gb18030"  # pragma: no cover


def _check_decodes(path: Path, lines: Sequence[int], encoding: str, *, declared: bool) -> bool:
    """Strictly decode the given lines; False (or InputError when ``declared``) on failure."""
    wanted = set(lines)
    bad = []
    if wanted:
        with open(path, "rb") as fh:
            for lineno, line in enumerate(fh, 1):
                if lineno in wanted:
                    try:
                        line.decode(encoding)
                    except UnicodeDecodeError:
                        bad.append(lineno)
    if bad and declared:
        raise InputError(
            f"第 {format_rows(bad)} 行无法用 {encoding} 解码 (lines {format_rows(bad)} cannot be "
            f"decoded as {encoding})", rows=bad)
    return not bad


# ---------------------------------------------------------------------------------------------
# raw tables: CSV (chunked), xlsx, sav
# ---------------------------------------------------------------------------------------------

_NUMBERING = re.compile(r"^\s*(?:第\s*)?(?:[QqＱ]\s*)?\d+\s*(?:题)?\s*[.．、:：)）]\s*")


def _norm_header(h: object) -> str:
    """Normalise a question header: NFKC, whitespace, leading numbering like '1. ' or 'Q3、'."""
    s = unicodedata.normalize("NFKC", str(h)).strip()
    s = _NUMBERING.sub("", s)
    return re.sub(r"\s+", "", s)


def _csv_header_line(path: Path, encoding: str) -> tuple[int, list[int]]:
    """0-based index of the header line (skipping title lines above it) and the title lines."""
    lines = []
    with open(path, encoding=encoding, newline="") as fh:
        for _ in range(20):
            line = fh.readline()
            if not line:
                break
            lines.append(line)
    if not lines or all(not ln.strip() for ln in lines):
        raise InputError("文件为空 (file is empty)")
    counts = [sum(1 for c in next(csv.reader([ln])) if c.strip()) if ln.strip() else 0
              for ln in lines]
    widest = max(counts)
    for i, c in enumerate(counts):
        if c >= max(2, int(np.ceil(0.5 * widest))) or (widest == 1 and c == 1):
            if any(counts[j] > 1 for j in range(i)):
                raise InputError(
                    f"表头上方有多行内容（第 {i} 行之前），无法确定表头 (several non-empty rows "
                    f"above the header at line {i + 1}; a multi-row header is not supported)")
            return i, [j + 1 for j in range(i) if counts[j]]
    return 0, []  # pragma: no cover


def _iter_csv(path: Path, encoding: str, header_line: int, dtypes: dict,
              chunksize: int) -> Iterator[pd.DataFrame]:
    reader = pd.read_csv(path, encoding=encoding, skiprows=header_line, header=0,
                         dtype=dtypes or None, skip_blank_lines=False, chunksize=chunksize,
                         keep_default_na=True)
    first = header_line + 2  # 1-based line of the first data row
    with reader:
        for chunk in reader:
            chunk.index = pd.RangeIndex(first, first + len(chunk))
            first += len(chunk)
            yield chunk


def _read_xlsx(path: Path, sheet) -> tuple[pd.DataFrame, dict]:
    from openpyxl import load_workbook
    wb = load_workbook(path, data_only=True)
    try:
        if sheet is None:
            ws = wb.worksheets[0]
        elif isinstance(sheet, int):
            ws = wb.worksheets[sheet]
        else:
            if sheet not in wb.sheetnames:
                raise InputError(f"找不到工作表 {sheet!r} (sheet {sheet!r} not found; sheets: "
                                 f"{', '.join(wb.sheetnames)})")
            ws = wb[sheet]
        rows = [list(r) for r in ws.iter_rows(values_only=True)]
        merged = [(str(r), r.min_row, r.max_row) for r in ws.merged_cells.ranges]
        title = ws.title
    finally:
        wb.close()
    while rows and all(v is None or (isinstance(v, str) and not v.strip()) for v in rows[-1]):
        rows.pop()
    if not rows:
        raise InputError("文件为空 (file is empty: the sheet has no cells)")
    filled = [sum(1 for v in r if v is not None and str(v).strip()) for r in rows]
    widest = max(filled[:30])
    header = next(i for i, c in enumerate(filled[:30])
                  if c >= max(2, int(np.ceil(0.5 * widest))) or widest == 1)
    hrow = header + 1
    for rng_s, r0, r1 in merged:
        if r0 <= hrow <= r1 or (r0 > hrow):
            where = "表头" if r0 <= hrow <= r1 else "数据区"
            raise InputError(
                f"{where}有合并单元格 {rng_s}，请取消合并并为每列填写表头后再导入 "
                f"(merged cells {rng_s} in the {'header' if where == '表头' else 'data'} of sheet "
                f"{title!r}: unmerge them so that every column has its own header)",
                rows=[r0])
    above = [i + 1 for i in range(header) if filled[i]]
    if any(filled[i] > 1 for i in range(header)):
        raise InputError(f"表头上方有多列内容（第 {format_rows(above)} 行），可能是多行表头 "
                         f"(rows {format_rows(above)} above the header row {hrow} hold several "
                         "cells: multi-row headers are not supported)", rows=above)
    names = []
    for k, v in enumerate(rows[header]):
        names.append(str(v).strip() if v is not None and str(v).strip() else f"未命名{k + 1}")
    body = rows[header + 1:]
    width = len(names)
    body = [(r + [None] * width)[:width] for r in body]
    df = pd.DataFrame(body, columns=names, dtype=object)
    df.index = pd.RangeIndex(hrow + 1, hrow + 1 + len(df))
    info = {"format": "xlsx", "sheet": title, "header_row": hrow,
            "title_rows": above,
            "title_text": [str(next(v for v in rows[i - 1] if v is not None)) for i in above]}
    return df, info


def _read_sav(path: Path) -> tuple[pd.DataFrame, dict]:
    import pyreadstat
    df, meta = pyreadstat.read_sav(str(path), apply_value_formats=False)
    df.index = pd.RangeIndex(1, len(df) + 1)
    info = {"format": "sav", "encoding": meta.file_encoding,
            "value_labels": {k: dict(v) for k, v in meta.variable_value_labels.items()},
            "variable_labels": dict(meta.column_names_to_labels)}
    return df, info


def read_table(path: str | Path, *, encoding: str | None = None, sheet=None,
               dtypes: dict | None = None,
               chunksize: int = _CHUNK_ROWS) -> tuple[Iterator[pd.DataFrame], dict]:
    """Open a CSV/xlsx/sav file: return an iterator of raw chunks (index = source row) and info.

    CSV files are read in chunks of ``chunksize`` rows; xlsx and sav in one piece.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(f"找不到文件 {path} (file not found: {path})")
    if path.stat().st_size == 0:
        raise InputError(f"文件为空：{path.name} (file is empty: 0 bytes)")
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        df, info = _read_xlsx(path, sheet)
        return iter([df]), info
    if suffix in (".sav", ".zsav"):
        df, info = _read_sav(path)
        return iter([df]), info
    if suffix in (".csv", ".txt", ".tsv"):
        enc = detect_encoding(path, encoding)
        header_line, title_lines = _csv_header_line(path, enc)
        info = {"format": "csv", "encoding": enc, "header_row": header_line + 1,
                "title_rows": title_lines}
        return _iter_csv(path, enc, header_line, dtypes or {}, chunksize), info
    raise InputError(f"不支持的文件类型 {suffix!r} (unsupported file type {suffix!r}; use .csv, "
                     ".xlsx or .sav)")


# ---------------------------------------------------------------------------------------------
# schema conformance
# ---------------------------------------------------------------------------------------------

def _resolve_columns(columns: Sequence[str], mapping: Mapping[str, str] | None,
                     schema: Mapping[str, str], aliases: Mapping[str, str]) -> dict[str, str]:
    """Source column → schema column; InputError naming a mapped source header that is absent."""
    cols = [str(c) for c in columns]
    if mapping is None:
        return {c: c for c in cols if c in schema}
    exact = {c: c for c in cols}
    norm: dict[str, str] = {}
    for c in cols:
        norm.setdefault(_norm_header(c), c)
    for name, label in aliases.items():
        if label:
            norm.setdefault(_norm_header(label), name)
    out, missing = {}, []
    for src, dst in mapping.items():
        hit = exact.get(str(src)) or norm.get(_norm_header(src))
        if hit is None:
            missing.append(src)
        else:
            out[hit] = dst
    if missing:
        listed = "；".join(repr(m) for m in missing)
        shown = ", ".join(repr(c) for c in cols[:12]) + (" …" if len(cols) > 12 else "")
        raise InputError(f"缺少列：{listed} (missing column(s) named in the mapping: {listed}; "
                         f"the file has: {shown})", column=missing[0])
    return out


def _text(s: pd.Series) -> pd.Series:
    return s.astype("str").str.strip()


def _coerce_numeric(s: pd.Series, answers: Mapping | None) -> tuple[pd.Series, pd.Series]:
    """Numbers from a column that may hold option texts; returns (float values, unparsed mask)."""
    if pd.api.types.is_bool_dtype(s):
        s = s.astype(float)
    if pd.api.types.is_numeric_dtype(s):
        v = s.astype(float)
        return v, pd.Series(False, index=s.index)
    present = s.notna()
    txt = _text(s.where(present))
    present &= txt.ne("")
    values = pd.Series(np.nan, index=s.index, dtype=float)
    if answers:
        mapped = txt.map({unicodedata.normalize("NFKC", str(k)).strip(): v
                          for k, v in answers.items()})
        values = pd.to_numeric(mapped, errors="coerce").astype(float)
    rest = present & values.isna()
    if rest.any():
        values[rest] = pd.to_numeric(txt[rest], errors="coerce").astype(float)
    return values, present & values.isna()


class _Problems:
    """Row problems of one chunk: (source_row, column, reason)."""

    def __init__(self) -> None:
        self.items: list[tuple[int, str | None, str]] = []

    def add(self, rows, column, reason) -> None:
        self.items.extend((int(r), column, reason) for r in rows)


def _conform(raw: pd.DataFrame, colmap: dict[str, str], schema: Mapping[str, str], *,
             scale: tuple[int, int], answers: Mapping | None, probs: _Problems,
             datetime_format: str | None) -> pd.DataFrame:
    out = {}
    for src, dst in colmap.items():
        s = raw[src]
        kind = schema.get(dst, "passthrough")
        if kind in ("str", "id"):
            keep = s.notna()
            t = _text(s.where(keep)).where(keep)
            if kind == "id":
                # numbers read from Excel/SPSS as floats: 12.0 → '12'
                t = t.str.replace(r"^(\d+)\.0$", r"\1", regex=True)
                miss = ~keep | t.eq("")
                if miss.any():
                    probs.add(s.index[miss], dst, "编号缺失 (missing id)")
            out[dst] = t.astype("str")
        elif kind in ("scale", "points", "count", "binary"):
            col_answers = answers.get(dst) if answers and isinstance(
                next(iter(answers.values()), None), Mapping) else answers
            v, unparsed = _coerce_numeric(s, col_answers if kind == "scale" else None)
            if unparsed.any():
                ex = ", ".join(repr(x) for x in pd.unique(s[unparsed].astype(str))[:3])
                probs.add(s.index[unparsed], dst, f"无法识别的答案 (unexpected text): {ex}")
            lo, hi = {"scale": scale, "points": (0, 100), "count": (0, np.inf),
                      "binary": (0, 1)}[kind]
            bad = v.notna() & ((v < lo) | (v > hi) | (v != np.round(v)))
            if bad.any():
                ex = ", ".join(f"{x:g}" for x in pd.unique(v[bad])[:3])
                hi_s = "∞" if hi == np.inf else f"{hi:g}"
                probs.add(s.index[bad], dst,
                          f"超出范围 {lo:g}–{hi_s} 或不是整数 (outside {lo:g}–{hi_s} or not an "
                          f"integer): {ex}")
            v = v.where(~(bad | unparsed))
            dtype = "Int8" if kind in ("scale", "binary") and hi <= 127 else "Int64"
            out[dst] = v.round().astype(dtype)
        elif kind == "datetime":
            if pd.api.types.is_datetime64_any_dtype(s):
                t = s
            else:
                txt = _text(s.where(s.notna())).where(s.notna())
                t = pd.to_datetime(txt, errors="coerce", format=datetime_format or "ISO8601")
                if datetime_format is None:
                    redo = t.isna() & txt.notna()
                    if redo.any():
                        t[redo] = pd.to_datetime(txt[redo], errors="coerce", format="mixed")
                bad = t.isna() & txt.notna() & txt.ne("")
                if bad.any():
                    ex = ", ".join(repr(x) for x in txt[bad].head(3))
                    probs.add(s.index[bad], dst, f"日期无法解析 (date does not parse): {ex}")
            out[dst] = t
        elif kind == "grade":
            txt = _text(s.where(s.notna())).where(s.notna())
            stars = {str(k): g for k, g in zip(range(5, 0, -1), RATING_GRADES)}
            stars.update({f"{k}.0": g for k, g in zip(range(5, 0, -1), RATING_GRADES)})
            g = txt.where(txt.isin(RATING_GRADES), txt.map(stars))
            bad = g.isna() & txt.notna()
            if bad.any():
                ex = ", ".join(repr(x) for x in pd.unique(txt[bad])[:3])
                probs.add(s.index[bad], dst, f"无法识别的评价等级 (unknown grade): {ex}")
            out[dst] = g.astype("str")
        else:
            out[dst] = s
    return pd.DataFrame(out, index=raw.index)


def _load(path, schema: Mapping[str, str], *, mapping, encoding, sheet, scale, answers,
          on_invalid, required: Sequence[str], id_column: str | None, datetime_format,
          chunksize: int, row_checks=None) -> LoadResult:
    if on_invalid not in ("raise", "exclude"):
        raise InputError(f"on_invalid 必须是 'raise' 或 'exclude' (got {on_invalid!r})")
    lo, hi = scale
    path = Path(path)
    id_src = None
    if isinstance(mapping, Mapping) and id_column:
        id_src = next((k for k, v in mapping.items() if v == id_column), None)
    dtypes = {id_src: "str"} if id_src else ({id_column: "str"} if id_column else {})
    chunks, info = read_table(path, encoding=encoding, sheet=sheet, dtypes=dtypes,
                              chunksize=chunksize)
    aliases = info.get("variable_labels", {})
    kept_parts: list[pd.DataFrame] = []
    report: list[tuple[int, str | None, str]] = []
    seen_ids: dict[str, int] = {}
    n_read = 0
    colmap = None
    for raw in chunks:
        if colmap is None:
            colmap = _resolve_columns(list(raw.columns), mapping, schema, aliases)
            missing = [c for c in required if c not in colmap.values()]
            if missing:
                listed = ", ".join(repr(c) for c in missing)
                raise InputError(f"缺少必需的列：{listed} (required column(s) missing: {listed}; "
                                 f"map them with mapping={{source header: {missing[0]!r}}})",
                                 column=missing[0])
            info["columns"] = dict(colmap)
            info["ignored_columns"] = [str(c) for c in raw.columns if str(c) not in colmap]
        n_read += len(raw)
        blank = raw.isna().all(axis=1)
        report.extend((int(r), None, "空行 (blank row)") for r in raw.index[blank])
        raw = raw.loc[~blank]
        probs = _Problems()
        df = _conform(raw, colmap, schema, scale=(lo, hi), answers=answers, probs=probs,
                      datetime_format=datetime_format)
        if row_checks is not None:
            row_checks(df, probs)
        if id_column and id_column in df.columns:
            ids = df[id_column]
            dup_rows = []
            for r, v in zip(df.index, ids):
                if v is None or v is pd.NA or (isinstance(v, float) and v != v) or v == "":
                    continue
                if v in seen_ids:
                    dup_rows.append((r, seen_ids[v], v))
                else:
                    seen_ids[v] = int(r)
            if dup_rows:
                if on_invalid == "raise":
                    rows = sorted({x for r, first, _ in dup_rows for x in (first, r)})
                    vals = ", ".join(str(v) for _, _, v in dup_rows[:3])
                    raise InputError(
                        f"列 {id_column!r} 有重复编号 {vals}：第 {format_rows(rows)} 行 "
                        f"(column {id_column!r}: duplicate ids {vals} in source rows "
                        f"{format_rows(rows)}; use on_invalid='exclude' to keep the first)",
                        column=id_column, rows=rows)
                for r, first, v in dup_rows:
                    probs.add([r], id_column, f"编号重复，与第 {first} 行相同 (duplicate id "
                                              f"{v}, first seen in row {first})")
        if probs.items:
            if on_invalid == "raise":
                first_col = probs.items[0][1]
                rows = sorted({r for r, c, _ in probs.items if c == first_col})
                reason = next(x for _, c, x in probs.items if c == first_col)
                others = len({r for r, c, _ in probs.items}) - len(rows)
                more = f"；另有 {others} 行有其他问题 (+{others} rows with other problems)" \
                    if others > 0 else ""
                raise InputError(
                    f"列 {first_col!r} 第 {format_rows(rows)} 行：{reason}{more} "
                    f"(column {first_col!r}, source rows {format_rows(rows)}: {reason}; "
                    "fix the file or use on_invalid='exclude' to drop and report these rows)",
                    column=first_col, rows=rows)
            bad_rows = {r for r, _, _ in probs.items}
            report.extend(probs.items)
            df = df.loc[~df.index.isin(bad_rows)]
        kept_parts.append(df)
    if n_read == 0:
        raise InputError(f"文件只有表头，没有数据行：{path.name} (file has a header but no data "
                         "rows)")
    data = pd.concat(kept_parts) if len(kept_parts) > 1 else kept_parts[0]
    if colmap:
        data = data[[c for c in dict.fromkeys(colmap.values())]]
    data = data.reset_index(drop=True)
    rep = pd.DataFrame(report, columns=["source_row", "column", "reason"])
    rep = rep.sort_values("source_row", kind="stable").reset_index(drop=True)
    n_excl = rep["source_row"].nunique()
    if len(data) == 0:
        raise InputError(f"没有可用的数据行：全部 {n_read} 行被排除 (no usable rows: all "
                         f"{n_read} rows excluded; see the reasons: "
                         f"{'; '.join(pd.unique(rep['reason'])[:3])})")
    counts = {"read": int(n_read), "kept": int(len(data)), "excluded": int(n_excl)}
    return LoadResult(data=data, report=rep, counts=counts, info=info)


# ---------------------------------------------------------------------------------------------
# public readers
# ---------------------------------------------------------------------------------------------

def read_survey(path: str | Path, mapping: Mapping[str, str] | None = None, *,
                encoding: str | None = None, sheet=None, scale: tuple[int, int] = (1, 7),
                id: str | None = None, answers: Mapping | None = None,
                on_invalid: str = "raise", required: Sequence[str] = (),
                check_points: bool = True, chunksize: int = _CHUNK_ROWS) -> LoadResult:
    """Read a survey export (CSV, xlsx, sav) onto :data:`SURVEY_SCHEMA`.

    Parameters
    ----------
    path : str or Path
        ``.csv`` (any common encoding), ``.xlsx`` or ``.sav``.
    mapping : dict, optional
        ``{source header: schema column}``, e.g. ``{"1. 您对办事大厅设备的期望": "E1"}``. Source
        headers match exactly, or after normalisation (full-width → half-width, spaces and
        leading numbering like ``"1. "``, ``"Q1、"`` removed), or (``.sav``) by variable label.
        Every mapped source header must exist. Without a mapping the file's columns must already
        carry schema names; other columns are ignored (listed in ``info["ignored_columns"]``).
    encoding : str, optional
        Override the detected CSV encoding (checked: a wrong declaration raises).
    sheet : str or int, optional
        Excel sheet (default: the first).
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

    Returns
    -------
    LoadResult
        ``data`` (schema columns in mapping order), ``report`` (``source_row, column,
        reason`` per excluded row), ``counts`` and ``info``.

    Examples
    --------
    >>> import tempfile, os
    >>> f = os.path.join(tempfile.mkdtemp(), "s.csv")
    >>> _ = open(f, "w", encoding="gbk").write("编号,总体满意度\\nA1,满意\\nA2,非常满意\\nA3,很好\\n")
    >>> res = read_survey(f, {"编号": "respondent_id", "总体满意度": "satisfaction"},
    ...                   answers=ANSWERS_SATISFACTION_5, scale=(1, 5), on_invalid="exclude")
    >>> res.data["satisfaction"].tolist(), res.counts
    ([4, 5], {'read': 3, 'kept': 2, 'excluded': 1})
    >>> int(res.report.loc[0, "source_row"]), res.info["encoding"]
    (4, 'gb18030')
    """
    if id is not None:
        mapping = {**(mapping or {}), id: "respondent_id"}

    def checks(df: pd.DataFrame, probs: _Problems) -> None:
        cols = [f"imp_{d}" for d in DIMENSIONS]
        if check_points and all(c in df.columns for c in cols):
            tot = df[cols].sum(axis=1, min_count=5)
            bad = tot.notna() & tot.ne(100)
            if bad.any():
                probs.add(df.index[bad], "imp_tangibles",
                          "重要性分配之和不等于 100 (importance points do not sum to 100)")

    return _load(path, SURVEY_SCHEMA, mapping=mapping, encoding=encoding, sheet=sheet,
                 scale=scale, answers=answers, on_invalid=on_invalid, required=required,
                 id_column="respondent_id", datetime_format=None, chunksize=chunksize,
                 row_checks=checks)


def read_ratings(path: str | Path, mapping: Mapping[str, str] | None = None, *,
                 encoding: str | None = None, sheet=None, on_invalid: str = "raise",
                 datetime_format: str | None = None,
                 required: Sequence[str] = ("time", "window", "grade"),
                 chunksize: int = _CHUNK_ROWS) -> LoadResult:
    """Read a 好差评 rating log onto :data:`RATINGS_SCHEMA`.

    ``grade`` accepts the five grade texts (非常满意 … 非常不满意) or stars 5 … 1. ``time`` is
    parsed as ISO 8601 first, then with mixed formats (or with ``datetime_format``); a date
    that does not parse is a row problem. Duplicate ``rating_id`` values are a row problem.

    >>> import tempfile, os
    >>> f = os.path.join(tempfile.mkdtemp(), "r.csv")
    >>> _ = open(f, "w", encoding="utf-8-sig").write(
    ...     "时间,窗口,评价\\n2025-03-03 09:00,W01,5\\n2025-03-03 09:05,W01,不满意\\n")
    >>> res = read_ratings(f, {"时间": "time", "窗口": "window", "评价": "grade"})
    >>> res.data["grade"].tolist()
    ['非常满意', '不满意']
    """
    return _load(path, RATINGS_SCHEMA, mapping=mapping, encoding=encoding, sheet=sheet,
                 scale=(1, 5), answers=None, on_invalid=on_invalid, required=required,
                 id_column="rating_id", datetime_format=datetime_format,
                 chunksize=chunksize)


def read_tickets(path: str | Path, mapping: Mapping[str, str] | None = None, *,
                 encoding: str | None = None, sheet=None, on_invalid: str = "raise",
                 datetime_format: str | None = None, mask: bool = True,
                 required: Sequence[str] = ("ticket_id", "received"),
                 chunksize: int = _CHUNK_ROWS) -> LoadResult:
    """Read 12345 hotline tickets onto :data:`TICKETS_SCHEMA`.

    Row problems besides those of every reader: time stamps out of order (``dispatched``,
    ``responded`` or ``closed`` before ``received``, or ``closed`` before ``responded``).
    With ``mask=True`` (default) a raw ``text`` column is masked with
    :func:`helpers.privacy.mask_series` into ``text_masked`` and dropped; the counts of what was
    masked are in ``info["masked"]``.

    >>> import tempfile, os
    >>> f = os.path.join(tempfile.mkdtemp(), "t.csv")
    >>> _ = open(f, "w", encoding="utf-8").write(
    ...     "ticket_id,received,closed,text\\nT1,2025-03-01T08:00,2025-03-01T09:00,"
    ...     "请回电139" "0000" "1234\\n")
    >>> res = read_tickets(f)
    >>> res.data["text_masked"].tolist(), res.info["masked"]
    (['请回电139****1234'], {'mobile': 1})
    """
    order = ["received", "dispatched", "responded", "closed"]

    def checks(df: pd.DataFrame, probs: _Problems) -> None:
        present = [c for c in order if c in df.columns]
        for i, later in enumerate(present[1:], 1):
            for earlier in present[:i]:
                bad = df[later].notna() & df[earlier].notna() & (df[later] < df[earlier])
                if bad.any():
                    probs.add(df.index[bad], later,
                              f"{later} 早于 {earlier} ({later} before {earlier})")

    res = _load(path, TICKETS_SCHEMA, mapping=mapping, encoding=encoding, sheet=sheet,
                scale=(0, 1), answers=None, on_invalid=on_invalid, required=required,
                id_column="ticket_id", datetime_format=datetime_format, chunksize=chunksize,
                row_checks=checks)
    if mask and "text" in res.data.columns:
        from helpers.privacy import mask_series
        masked, found = mask_series(res.data["text"])
        res.data["text_masked"] = masked
        res.data = res.data.drop(columns="text")
        res.info["masked"] = {str(k): int(v) for k, v in found["kind"].value_counts().items()}
    return res
