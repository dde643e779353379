"""Raw tables from real exports, for :mod:`helpers.io` (private): shared parts, xlsx, sav.

Text files are read by :mod:`helpers._csv`, which builds on the header detection here.

What this module guarantees, whatever the file holds:

* a :class:`~helpers.InputError` (Chinese and English, saying what to do) for every file it
  cannot read as a table — never a raw exception of pandas, openpyxl or pyreadstat;
* the header found where the caller's column names are (or the widest row near the top), with
  title rows above it reported and anything looking like a second header row refused;
* for text files, the delimiter (comma, tab, semicolon, bar) and the encoding (UTF-8 with or
  without BOM, GBK/GB18030, UTF-16 as written by Excel's "Unicode text") detected, and every
  data line checked against the header's field count (no inferred index column, no silent
  shift): each line with another count is a row problem naming the line, except empty fields
  after the last column, which are ignored and counted in a note;
* row index = source row (line number of a CSV record's first line, Excel row, SPSS case);
* cells it had to interpret — SPSS user-missing codes, Excel formulas without a stored
  result — are reported (notes and row problems), never turned into values silently.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from helpers._validate import InputError, format_rows

__all__ = ["Chunk", "Opened", "open_table", "norm_header", "column_name"]

_PREVIEW = 30
_NUMBERING = re.compile(r"^\s*(?:第\s*)?(?:[QqＱ]\s*)?\d+\s*(?:题)?\s*[.．、:：)）]\s*")
_INTERNAL = ("内部错误：读取文件时出现意外问题，请把文件（去除个人信息后）和这条信息报告给课程维护者 "
             "(internal error: unexpected failure while reading the file; please report it)")
NOTE_USER_MISSING = "SPSS 用户缺失值 {code}{label}按缺失处理 (SPSS user-missing code {code}{label_en} " \
                    "read as missing)"
FORMULA = ("公式没有保存计算结果：请在 Excel 中打开并保存文件后再导入 (formula without a stored "
           "result: open the file in Excel and save it, so that results are stored)")


@dataclass
class Chunk:
    """Raw rows of a table: ``frame`` (columns = internal labels, index = source rows),
    ``problems`` (rows, label or None, reason) and ``notes`` (label or None, note, count)."""

    frame: pd.DataFrame
    problems: list[tuple[list, str | None, str]] = field(default_factory=list)
    notes: list[tuple[str | None, str, int]] = field(default_factory=list)


@dataclass
class Opened:
    """An opened table: headers, their unique internal labels, how it was read, and chunks."""

    headers: list[str]
    labels: list[str]
    info: dict
    chunks: Callable[[Mapping[str, str]], Iterator[Chunk]]
    aliases: dict[str, str] = field(default_factory=dict)


# ---------------------------------------------------------------------------------------------
# small helpers
# ---------------------------------------------------------------------------------------------

def norm_header(h: object) -> str:
    """Normalise a header: NFKC, no whitespace, no leading numbering like '1. ' or 'Q3、'."""
    s = unicodedata.normalize("NFKC", str(h)).strip()
    s = _NUMBERING.sub("", s)
    return re.sub(r"\s+", "", s)


def column_name(pos: int, lang: str = "zh") -> str:
    """1-based position → '第 5 列 (E)' or 'column 5 (E)', for messages.

    >>> column_name(28), column_name(2, "en")
    ('第 28 列 (AB)', 'column 2 (B)')
    """
    k, letters = pos, ""
    while k:
        k, r = divmod(k - 1, 26)
        letters = chr(65 + r) + letters
    return f"第 {pos} 列 ({letters})" if lang == "zh" else f"column {pos} ({letters})"


def _cell_text(v: object) -> str:
    if v is None or (isinstance(v, float) and v != v):
        return ""
    return str(v).strip()


def _labels(headers: Sequence[str]) -> list[str]:
    """Unique internal labels: the header itself, or 'header#position' for repeats/blanks."""
    seen: dict[str, int] = {}
    for h in headers:
        seen[h] = seen.get(h, 0) + 1
    return [h if h and seen[h] == 1 else f"{h or '未命名'}#{k + 1}"
            for k, h in enumerate(headers)]


# ---------------------------------------------------------------------------------------------
# header detection (shared by CSV and xlsx)
# ---------------------------------------------------------------------------------------------

def _find_header(rows: list[list[str]], expected: tuple[set, set], header_row: int | None,
                 row_no: Callable[[int], int]) -> int:
    """Index (in ``rows``) of the header row.

    ``expected`` = (exact names, normalised names) the caller looks for; the row holding most
    of them is the header. Without any match, the first row filled at least half as wide as the
    widest row. Rows above the header may hold a title (one cell); several cells there are
    refused (a multi-row header or a title split by the delimiter).
    """
    filled = [sum(1 for c in r if c) for r in rows]
    if not rows or max(filled) == 0:
        raise InputError("文件为空 (file is empty: no cells)")
    if header_row is not None:
        h = header_row - 1
        if not 0 <= h < len(rows) or not filled[h]:
            raise InputError(f"header_row={header_row} 超出范围或是空行 (header_row={header_row} "
                             f"is outside the first {len(rows)} rows or empty)")
        return h
    exact, norm = expected
    scores = [sum(1 for c in r if c and (c in exact or norm_header(c) in norm)) for r in rows]
    if max(scores) > 0:
        best = max(scores)
        h = next(i for i, s in enumerate(scores) if s == best)
    else:
        widest = max(filled)
        h = next(i for i, c in enumerate(filled) if c >= max(2, int(np.ceil(0.5 * widest)))
                 or widest == 1)
    multi = [row_no(i) for i in range(h) if filled[i] > 1]
    if multi:
        raise InputError(
            f"表头（第 {row_no(h)} 行）上方的第 {format_rows(multi)} 行有多个单元格，可能是多行表头或"
            f"含分隔符的标题。请删除这些行、把多行表头合并为一行，或用 header_row= 指明表头所在行 "
            f"(rows {format_rows(multi)} above the header row {row_no(h)} hold several cells: "
            f"multi-row headers are not supported; delete those rows, merge the header rows, or "
            f"pass header_row=)", rows=multi)
    return h


def _is_num(v: object) -> bool:
    if isinstance(v, bool):
        return False
    if isinstance(v, (int, float, np.integer, np.floating)):
        return True
    if isinstance(v, str):
        s = unicodedata.normalize("NFKC", v).strip()
        try:
            float(s)
            return True
        except ValueError:
            return False
    return False


def _check_subheader(rows: list[list], h: int, row_no: Callable[[int], int]) -> None:
    """Refuse a row right under the header that looks like a second header (sub-labels)."""
    body = rows[h + 1:]
    if len(body) < 3:
        return
    first, rest = body[0], body[1:]
    width = max(len(r) for r in body)
    numeric_cols = []
    for j in range(width):
        vals = [r[j] for r in rest if j < len(r) and _cell_text(r[j])]
        if vals and sum(_is_num(v) for v in vals) >= 0.8 * len(vals):
            numeric_cols.append(j)
    if not numeric_cols:
        return
    cells = [first[j] if j < len(first) else None for j in numeric_cols]
    text = [c for c in cells if _cell_text(c) and not _is_num(c)]
    nums = [c for c in cells if _is_num(c)]
    if not nums and len(text) >= max(2, (len(numeric_cols) + 1) // 2):
        ex = "、".join(repr(_cell_text(c)) for c in text[:3])
        ex_en = ", ".join(repr(_cell_text(c)) for c in text[:3])
        r = row_no(h + 1)
        raise InputError(
            f"第 {r} 行（表头下面一行）看起来是第二行表头（子标题，如 {ex}），而不是数据：请把两行表头"
            f"合并为一行，或删除这一行后再导入；如果表头其实在第 {r} 行，请传入 header_row={r} "
            f"(row {r}, under the header row {row_no(h)}, looks like a second header row "
            f"(sub-labels such as {ex_en}) where the rows below hold numbers: merge the two header "
            f"rows into one or delete that row; if row {r} is the real header pass "
            f"header_row={r})", rows=[r])


# ---------------------------------------------------------------------------------------------
# xlsx
# ---------------------------------------------------------------------------------------------

def _open_xlsx(path: Path, *, sheet, header_row: int | None, expected: tuple[set, set],
               info: dict) -> Opened:
    with open(path, "rb") as fh:
        magic = fh.read(8)
    if magic.startswith(b"\xd0\xcf\x11\xe0"):
        raise InputError(
            f"{path.name} 不是 .xlsx 工作簿：它是加密（设置了打开密码）的工作簿或旧版 .xls 文件。请在 "
            f"Excel 中取消密码，或另存为 .xlsx 后再导入 ({path.name} is an encrypted workbook or "
            "an old .xls file: remove the password or save it as .xlsx)")
    if not magic.startswith(b"PK"):
        raise InputError(
            f"{path.name} 不是有效的 .xlsx 文件（不是 zip 格式），可能已损坏或只是改了扩展名；请用 Excel "
            f"重新另存为 .xlsx 或 CSV ({path.name} is not a valid .xlsx file (not a zip "
            "archive); save it again from Excel as .xlsx or CSV)")
    from openpyxl import load_workbook
    try:
        wb = load_workbook(path, data_only=True)
    except MemoryError:
        raise
    except Exception as exc:   # BadZipFile, KeyError (missing parts), XML errors …
        raise InputError(
            f"{path.name} 无法作为 Excel 工作簿打开（{type(exc).__name__}: {exc}）：文件可能已损坏或"
            f"不完整，请用 Excel 打开后另存为 .xlsx 或 CSV ({path.name} cannot be opened as an "
            f"Excel workbook ({type(exc).__name__}: {exc}); save it again from Excel as .xlsx "
            "or CSV)") from None
    try:
        names = wb.sheetnames
        if sheet is None:
            ws = wb.worksheets[0]
        elif isinstance(sheet, (int, np.integer)) and not isinstance(sheet, bool):
            if not 0 <= int(sheet) < len(wb.worksheets):
                raise InputError(
                    f"sheet={sheet} 超出范围：工作簿只有 {len(names)} 个工作表（从 0 开始编号）："
                    f"{', '.join(names)} (sheet={sheet} is out of range: the workbook has "
                    f"{len(names)} sheet(s), numbered from 0: {', '.join(names)})")
            ws = wb.worksheets[int(sheet)]
        elif isinstance(sheet, str):
            if sheet not in names:
                raise InputError(f"找不到工作表 {sheet!r}，现有：{', '.join(names)} (sheet "
                                 f"{sheet!r} not found; sheets: {', '.join(names)})")
            ws = wb[sheet]
        else:
            raise InputError(f"sheet 必须是工作表名称或从 0 开始的序号 (sheet must be a sheet name "
                             f"or a 0-based number, got {sheet!r})")
        if not hasattr(ws, "iter_rows"):
            raise InputError(f"工作表 {ws.title!r} 是图表而不是数据表 (sheet {ws.title!r} is a "
                             "chart sheet, not a worksheet)")
        rows = [list(r) for r in ws.iter_rows(values_only=True)]
        merged = [(str(r), r.min_row, r.max_row) for r in ws.merged_cells.ranges]
        title = ws.title
        index = wb.worksheets.index(ws)
    finally:
        wb.close()
    uncached = _uncached_formulas(path, index, rows)
    while rows and all(_cell_text(v) == "" for v in rows[-1]):
        rows.pop()
    if not rows:
        raise InputError("文件为空 (file is empty: the sheet has no cells)")
    texts = [[_cell_text(v) for v in r] for r in rows[:_PREVIEW]]
    h = _find_header(texts, expected, header_row, lambda i: i + 1)
    hrow = h + 1
    for rng_s, r0, r1 in merged:
        if r0 <= hrow <= r1 or (r0 > hrow):
            where = "表头" if r0 <= hrow <= r1 else "数据区"
            raise InputError(
                f"{where}有合并单元格 {rng_s}，请取消合并并为每列填写表头后再导入 "
                f"(merged cells {rng_s} in the {'header' if where == '表头' else 'data'} of sheet "
                f"{title!r}: unmerge them so that every column has its own header)",
                rows=[r0])
    _check_subheader(rows[:h + _PREVIEW], h, lambda i: i + 1)
    above = [i + 1 for i in range(h) if any(texts[i])]
    heads = [_cell_text(v) for v in rows[h]]
    labels = _labels(heads)
    headers = [c if c else f"未命名{k + 1}" for k, c in enumerate(heads)]
    width = len(heads)
    body = [(r + [None] * width)[:width] for r in rows[h + 1:]]
    df = pd.DataFrame(body, columns=labels, dtype=object)
    df.index = pd.RangeIndex(hrow + 1, hrow + 1 + len(df))
    info.update({"format": "xlsx", "sheet": title, "header_row": hrow, "title_rows": above,
                 "title_text": [next(c for c in texts[i - 1] if c) for i in above]})
    problems = []
    for (r, c) in uncached:
        if r > hrow and c < width:
            problems.append(([r], labels[c], FORMULA))

    def chunks(dtypes):
        yield Chunk(frame=df, problems=problems)

    return Opened(headers=headers, labels=labels, info=info, chunks=chunks)


_FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[ >/]")


def _uncached_formulas(path: Path, index: int, rows: list[list]) -> list[tuple[int, int]]:
    """(Excel row, 0-based column) of formula cells whose result was never stored."""
    try:
        with zipfile.ZipFile(path) as z:
            parts = [n for n in z.namelist() if n.startswith("xl/worksheets/")
                     and n.endswith(".xml")]
            if not any(_FORMULA_TAG.search(z.read(n)) for n in parts):
                return []
        from openpyxl import load_workbook
        wb = load_workbook(path, data_only=False)
        ws = wb.worksheets[index]
        out = []
        for r_i, row in enumerate(ws.iter_rows(), 1):
            for c_i, cell in enumerate(row):
                if cell.data_type == "f" and r_i <= len(rows) and c_i < len(rows[r_i - 1]) \
                        and rows[r_i - 1][c_i] is None:
                    out.append((r_i, c_i))
        wb.close()
        return out
    except MemoryError:
        raise
    except Exception:    # the workbook opened once already; no formulas can be checked
        return []


# ---------------------------------------------------------------------------------------------
# SPSS .sav
# ---------------------------------------------------------------------------------------------

def _open_sav(path: Path, info: dict) -> Opened:
    import pyreadstat
    try:
        df, meta = pyreadstat.read_sav(str(path), apply_value_formats=False, user_missing=True)
    except MemoryError:
        raise
    except Exception as exc:   # ReadstatError, PyreadstatError, OSError …
        raise InputError(
            f"{path.name} 不是有效的 SPSS .sav 文件（{exc}）：请在 SPSS 中重新保存，或导出为 CSV "
            f"({path.name} is not a readable SPSS .sav file ({type(exc).__name__}: {exc}); save "
            "it again from SPSS or export it as CSV)") from None
    df.index = pd.RangeIndex(1, len(df) + 1)
    headers = [str(c) for c in df.columns]
    value_labels = {k: dict(v) for k, v in meta.variable_value_labels.items()}
    notes = []
    for col, ranges in (meta.missing_ranges or {}).items():
        if col not in df.columns:
            continue
        s = df[col]
        hit = pd.Series(False, index=s.index)
        for rg in ranges:
            lo, hi = rg.get("lo"), rg.get("hi")
            if pd.api.types.is_numeric_dtype(s):
                m = s.notna() & (s >= lo) & (s <= hi)
            else:
                m = s.astype(str).str.strip().eq(str(lo).strip())
            hit |= m
        if hit.any():
            for code, n in s[hit].value_counts(sort=False).items():
                lab = value_labels.get(col, {}).get(code)
                code_s = f"{code:g}" if isinstance(code, float) else str(code)
                notes.append((col, NOTE_USER_MISSING.format(
                    code=code_s, label=f"（{lab}）" if lab else " ",
                    label_en=f" '{lab}'" if lab else ""), int(n)))
            df[col] = s.where(~hit)
    info.update({"format": "sav", "encoding": meta.file_encoding, "header_row": None,
                 "title_rows": [], "value_labels": value_labels,
                 "variable_labels": dict(meta.column_names_to_labels)})

    def chunks(dtypes):
        yield Chunk(frame=df, notes=notes)

    aliases = {str(k): str(v) for k, v in meta.column_names_to_labels.items() if v}
    return Opened(headers=headers, labels=headers, info=info, chunks=chunks, aliases=aliases)


# ---------------------------------------------------------------------------------------------
# entry point
# ---------------------------------------------------------------------------------------------

def open_table(path: Path, *, encoding: str | None = None, sheet=None,
               header_row: int | None = None, delimiter: str | None = None,
               expected: tuple[set, set] = (set(), set()), chunksize: int = 100_000) -> Opened:
    """Open a CSV/TSV/TXT, xlsx or sav file (see the module docstring)."""
    if not path.is_file():
        raise InputError(f"找不到文件 {path} (file not found: {path})")
    if path.stat().st_size == 0:
        raise InputError(f"文件为空：{path.name} (file is empty: 0 bytes)")
    if header_row is not None and (isinstance(header_row, bool)
                                   or not isinstance(header_row, (int, np.integer))
                                   or header_row < 1):
        raise InputError(f"header_row 必须是从 1 开始的行号 (header_row must be a 1-based row "
                         f"number, got {header_row!r})")
    info: dict = {}
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return _open_xlsx(path, sheet=sheet, header_row=header_row, expected=expected,
                          info=info)
    if suffix in (".sav", ".zsav"):
        return _open_sav(path, info)
    if suffix in (".csv", ".txt", ".tsv", ".tab"):
        from helpers._csv import open_csv    # the text reader builds on this module
        return open_csv(path, encoding=encoding, header_row=header_row, delimiter=delimiter,
                        expected=expected, info=info, chunksize=chunksize)
    if suffix == ".xls":
        raise InputError("不支持旧版 .xls 文件：请在 Excel 中另存为 .xlsx 或 CSV (old .xls files "
                         "are not supported: save as .xlsx or CSV)")
    raise InputError(f"不支持的文件类型 {suffix!r}，请使用 .csv、.tsv、.txt、.xlsx 或 .sav "
                     f"(unsupported file type {suffix!r}; use .csv, .tsv, .txt, .xlsx or .sav)")
