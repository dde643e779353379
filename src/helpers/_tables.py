"""Raw tables from real exports, for :mod:`helpers.io` (private).

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

import codecs
import csv
from array import array
import io
import os
import re
import tempfile
import unicodedata
import zipfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from helpers._validate import InputError, format_rows

__all__ = ["Chunk", "Opened", "detect_encoding", "open_table", "norm_header", "column_name"]

_BLOCK = 1 << 20
_HEAD = 1 << 18
_PREVIEW = 30
DELIMITERS = (",", "\t", ";", "|")
_GB_FAMILY = {"gb2312", "gbk", "gb18030", "cp936", "hz", "euc_cn", "euc-cn", "ms936"}
_NUMBERING = re.compile(r"^\s*(?:第\s*)?(?:[QqＱ]\s*)?\d+\s*(?:题)?\s*[.．、:：)）]\s*")
_INTERNAL = ("内部错误：读取文件时出现意外问题，请把文件（去除个人信息后）和这条信息报告给课程维护者 "
             "(internal error: unexpected failure while reading the file; please report it)")
NOTE_TRAILING = "行末多余的空字段已忽略 (empty fields after the last column ignored)"
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


def _canonical(enc: str) -> str:
    try:
        return codecs.lookup(enc).name
    except LookupError:
        raise InputError(f"未知编码 {enc!r}，请检查 encoding= 参数 (unknown encoding {enc!r})"
                         ) from None


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
# byte scan: encoding evidence and field counts, streaming, vectorised per block
# ---------------------------------------------------------------------------------------------

@dataclass
class _Scan:
    bom: bool = False
    utf8_blocks: list = field(default_factory=list)   # (offset, first line) of UTF-8 blocks
    utf8_more: list = field(default_factory=list)     # UTF-8 lines of mixed blocks
    other_lines: array = field(default_factory=lambda: array("q"))
    sample: bytearray = field(default_factory=bytearray)
    n_lines: int = 0
    quoted_lines: array = field(default_factory=lambda: array("q"))  # data lines with a quote
    odd_quotes: bool = False
    bare_cr: list = field(default_factory=list)         # first line with a lone CR, per block
    any_quote: bool = False
    bad_lines: list = field(default_factory=list)      # (line, fields) != width
    max_fields: int = 0
    _utf8: list | None = None

    def has_utf8(self) -> bool:
        return bool(self.utf8_blocks or self.utf8_more)

    def utf8_lines(self, path: Path) -> list[int]:
        """Line numbers of the non-ASCII UTF-8 lines (re-reads only the blocks that hold them)."""
        if self._utf8 is None:
            found = list(self.utf8_more)
            with open(path, "rb") as fh:
                for offset, first in self.utf8_blocks:
                    fh.seek(offset)
                    block = next(_blocks(fh))
                    for k, line in enumerate(block.split(b"\n")):
                        if not line.isascii():
                            found.append(first + k)
            self._utf8 = sorted(found)
        return self._utf8


def _blocks(fh) -> Iterator[bytes]:
    while True:
        block = fh.read(_BLOCK)
        if not block:
            return
        if not block.endswith(b"\n"):
            block += fh.readline()
        yield block


def _counts(hit: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """Number of true values of ``hit`` from each start to the next (the line with its end)."""
    return np.add.reduceat(hit.view(np.uint8), starts, dtype=np.int64) if len(starts) else \
        np.zeros(0, dtype=np.int64)


def _not_utf8(arr: np.ndarray) -> np.ndarray:
    """Bytes that break UTF-8 structure (lead bytes without their continuation bytes, stray
    continuation bytes, bytes never used in UTF-8); vectorised, for classifying lines."""
    cont = (arr >= 0x80) & (arr < 0xC0)
    need = np.zeros(len(arr), dtype=np.int8)
    need[(arr >= 0xC2) & (arr < 0xE0)] = 1
    need[(arr >= 0xE0) & (arr < 0xF0)] = 2
    need[(arr >= 0xF0) & (arr < 0xF5)] = 3
    expect = np.zeros(len(arr) + 3, dtype=bool)
    for k in (1, 2, 3):
        idx = np.flatnonzero(need >= k) + k
        expect[idx] = True
    expect = expect[:len(arr)]
    invalid = (arr == 0xC0) | (arr == 0xC1) | (arr >= 0xF5)
    return invalid | (expect != cont)


def _scan(path: Path, *, delim: str | None = None, data_start: int = 0,
          width: tuple[int, int] = (0, 0)) -> _Scan:
    """One pass over the bytes: which lines are UTF-8, which are not (with a sample of the
    latter), and — given a delimiter — the field count of each line from ``data_start`` on."""
    sc = _Scan()
    with open(path, "rb") as fh:
        sc.bom = fh.read(3) == codecs.BOM_UTF8
        fh.seek(0)
        d = ord(delim) if delim else None
        offset = 0
        for block in _blocks(fh):
            first = sc.n_lines + 1
            here = offset
            offset += len(block)
            ascii_ = block.isascii()
            if not ascii_:
                try:
                    block.decode("utf-8")
                    sc.utf8_blocks.append((here, first))
                except UnicodeDecodeError:
                    # per line, vectorised: which non-ASCII lines are UTF-8
                    arr = np.frombuffer(block, dtype=np.uint8)
                    nl = np.flatnonzero(arr == 10)
                    st = np.concatenate(([0], nl[:-1] + 1)) if block.endswith(b"\n") \
                        else np.concatenate(([0], nl + 1))
                    bad_b = _not_utf8(arr)
                    high = _counts(arr >= 0x80, st)
                    wrong = _counts(bad_b, st)
                    sc.utf8_more.extend((np.flatnonzero((high > 0) & (wrong == 0)) + first
                                         ).tolist())
                    other = np.flatnonzero(wrong > 0)
                    sc.other_lines.frombytes((other + first).astype(np.int64).tobytes())
                    if len(sc.sample) < 64_000:
                        lines_b = block.split(b"\n")
                        for k in other[:2000].tolist():
                            sc.sample += lines_b[k] + b"\n"
                            if len(sc.sample) >= 64_000:
                                break
            if b"\r" in block and block.count(b"\r") != block.count(b"\r\n"):
                pos = re.search(rb"\r(?!\n)", block).start()
                sc.bare_cr.append(first + block.count(b"\n", 0, pos))
            if b'"' in block:
                sc.any_quote = True
            if d is None or first + block.count(b"\n") < data_start:
                sc.n_lines += block.count(b"\n") + (not block.endswith(b"\n"))
                continue
            arr = np.frombuffer(block, dtype=np.uint8)
            nl = np.flatnonzero(arr == 10)
            ends = nl if block.endswith(b"\n") else np.append(nl, len(arr))
            starts = np.concatenate(([0], nl[:len(ends) - 1] + 1))
            sc.n_lines += len(ends)
            lines = np.arange(first, first + len(ends))
            sel = lines >= data_start
            fields = _counts(arr == d, starts) + 1
            length = ends - starts
            nz = length > 0
            has_cr = np.zeros(len(ends), dtype=bool)
            has_cr[nz] = arr[ends[nz] - 1] == 13
            length = length - has_cr
            if b'"' in block:
                quotes = _counts(arr == 34, starts)
                if (quotes[sel] % 2).any():
                    sc.odd_quotes = True
                sc.quoted_lines.frombytes(lines[sel & (quotes > 0)].astype(np.int64).tobytes())
            bad = sel & (length > 0) & ((fields < width[0]) | (fields > width[1]))
            if bad.any():
                sc.bad_lines.extend(zip(lines[bad].tolist(), fields[bad].tolist()))
            if (sel & (length > 0)).any():
                sc.max_fields = max(sc.max_fields, int(fields[sel & (length > 0)].max()))
    return sc


def _check_decodes(path: Path, lines: Sequence[int] | None, encoding: str, *,
                   declared: bool) -> bool:
    """Strictly decode the given lines (all when ``None``; block by block); False or
    InputError on failure."""
    everything = lines is None
    wanted = set() if everything else set(lines)
    bad: list[int] = []
    if wanted or everything:
        first = 1
        with open(path, "rb") as fh:
            for block in _blocks(fh):
                parts = block.split(b"\n")
                if block.endswith(b"\n"):
                    parts.pop()
                try:
                    block.decode(encoding)
                except UnicodeDecodeError:
                    for k, line in enumerate(parts):
                        if everything or first + k in wanted:
                            try:
                                line.decode(encoding)
                            except UnicodeDecodeError:
                                bad.append(first + k)
                first += len(parts)
    if bad and declared:
        raise InputError(
            f"第 {format_rows(bad)} 行无法用 {encoding} 解码，请确认文件编码 (lines "
            f"{format_rows(bad)} cannot be decoded as {encoding}; check the encoding)", rows=bad)
    return not bad


def _reads_as_chinese(line: bytes) -> bool:
    try:
        text = line.decode("gb18030")
    except UnicodeDecodeError:
        return False
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def _decide(path: Path, sc: _Scan, encoding: str | None, *, verify: bool = False) -> str:
    other_lines = list(sc.other_lines) if len(sc.other_lines) < 10_000 else sc.other_lines
    if encoding is not None:
        declared = _canonical(encoding)
        if declared in ("utf-8", "utf-8-sig"):
            if other_lines:
                raise InputError(
                    f"声明的编码 {encoding} 与文件不符：第 {format_rows(other_lines)} 行不是 UTF-8"
                    f"（可能是 GBK），请改用 encoding='gb18030' 或不指定编码 "
                    f"(declared encoding {encoding!r} does not match: lines "
                    f"{format_rows(other_lines)} are not valid UTF-8)", rows=list(other_lines))
            return "utf-8-sig" if sc.bom else "utf-8"
        if sc.has_utf8() and not other_lines:
            utf8_lines = sc.utf8_lines(path)
            raise InputError(
                f"声明的编码 {encoding} 与文件不符：文件是 UTF-8（第 {format_rows(utf8_lines)} 行）"
                f"，请不指定编码或使用 encoding='utf-8' (declared encoding {encoding!r} but the "
                f"file is UTF-8, e.g. lines {format_rows(utf8_lines)})", rows=utf8_lines)
        _check_decodes(path, list(other_lines) + (sc.utf8_lines(path) if sc.has_utf8() else []),
                       declared, declared=True)
        return declared
    if sc.has_utf8() and other_lines:
        utf8_lines = sc.utf8_lines(path)
        raise InputError(
            f"文件混用了多种编码：第 {format_rows(utf8_lines)} 行是 UTF-8，"
            f"第 {format_rows(other_lines)} 行不是 UTF-8（可能是 GBK），请统一另存为 UTF-8 "
            f"(mixed encodings: lines {format_rows(utf8_lines)} are UTF-8, lines "
            f"{format_rows(other_lines)} are not)", rows=list(other_lines))
    if not other_lines:
        return "utf-8-sig" if sc.bom else "utf-8"
    candidates: list[str] = []
    try:
        from charset_normalizer import from_bytes
        matches = [m.encoding for m in from_bytes(bytes(sc.sample))]
    except ImportError:  # pragma: no cover - dependency of the package
        matches = []
    # Short Chinese samples are ambiguous between GBK, CP949 and Big5 (all decode); exports
    # from Chinese systems are GBK/GB18030, so GB18030 (their superset) is the only candidate
    # when charset-normalizer lists a GB encoding or most sampled lines read as Chinese in
    # GB18030 — then a line that does not decode is an error naming it, never a fallback to
    # some other code page (a GBK file with one corrupt byte used to come out as Cyrillic).
    lines = [ln for ln in bytes(sc.sample).split(b"\n") if ln.strip()]
    gb_share = sum(_reads_as_chinese(ln) for ln in lines) / max(len(lines), 1)
    if gb_share >= 0.5 or any(m.lower().replace("-", "_") in _GB_FAMILY for m in matches):
        candidates = ["gb18030"]
    else:
        candidates = [_canonical(m) for m in matches[:1]]
        if "gb18030" not in candidates:
            candidates.append("gb18030")
    if candidates[0] == "gb18030" and not verify:
        # GB18030 decodes nearly every Chinese export; the reader decodes strictly and, if a
        # line fails, names it (see _csv_chunks), which saves a pass over large files
        return "gb18030"
    for cand in candidates:
        if _check_decodes(path, other_lines, cand, declared=False):
            return cand
    _check_decodes(path, other_lines, "gb18030", declared=True)  # raises with the line numbers
    return "gb18030"  # pragma: no cover


def _utf16(path: Path, encoding: str | None) -> str | None:
    """'utf-16' when the file is UTF-16 (BOM, or NUL bytes in every other position)."""
    with open(path, "rb") as fh:
        head = fh.read(4096)
    if encoding is not None:
        return "utf-16" if _canonical(encoding).startswith("utf-16") else None
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if len(head) >= 4:
        even, odd = head[0::2], head[1::2]
        if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
            return "utf-16-le"
        if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
            return "utf-16-be"
    return None


def detect_encoding(path: str | Path, encoding: str | None = None) -> str:
    """Detect (or check a declared) text encoding of a CSV file (see :func:`helpers.io`)."""
    path = Path(path)
    u16 = _utf16(path, encoding)
    if u16:
        return u16
    return _decide(path, _scan(path), encoding, verify=True)


# ---------------------------------------------------------------------------------------------
# CSV / TSV / Unicode text
# ---------------------------------------------------------------------------------------------

def _records(text_lines: Iterator[tuple[str, int]], delim: str, limit: int
             ) -> list[tuple[list[str], int, int, int]]:
    """Up to ``limit`` records: (fields, first line, last line, byte offset after the record)."""
    state = {"line": 0, "offset": 0}

    def feed():
        for text, nbytes in text_lines:
            state["line"] += 1
            state["offset"] += nbytes
            yield text

    out = []
    reader = csv.reader(feed(), delimiter=delim)
    start = 1
    try:
        for rec in reader:
            out.append(([c.strip() for c in rec], start, state["line"], state["offset"]))
            start = state["line"] + 1
            if len(out) >= limit:
                break
    except csv.Error:
        pass
    return out


def _head_lines(head: bytes, enc: str) -> Iterator[tuple[str, int]]:
    for line in head.splitlines(keepends=True):
        yield line.decode(enc, errors="replace"), len(line)


def _pick_delimiter(head: bytes, suffix: str) -> str:
    order = ("\t", ",", ";", "|") if suffix in (".tsv", ".txt", ".tab") else DELIMITERS
    best, best_key = order[0] if suffix in (".tsv", ".tab") else ",", (0.0, 0)
    for d in order:
        recs = [r for r, *_ in _records(_head_lines(head, "latin-1"), d, 50)
                if any(c for c in r)]
        counts = [len(r) for r in recs]
        if not counts:
            continue
        vals, freq = np.unique(counts, return_counts=True)
        mode = int(vals[np.argmax(freq)])
        if mode < 2:
            continue
        key = (float(freq.max()) / len(counts), mode)
        if key > best_key:
            best, best_key = d, key
    return best


def _open_csv(path: Path, *, encoding: str | None, header_row: int | None,
              delimiter: str | None, expected: tuple[set, set], info: dict,
              chunksize: int) -> Opened:
    u16 = _utf16(path, encoding)
    if u16:
        tmp = _transcode(path, u16)
        try:
            opened = _open_csv(Path(tmp), encoding="utf-8", header_row=header_row,
                               delimiter=delimiter, expected=expected, info=info,
                               chunksize=chunksize)
        except BaseException:
            os.unlink(tmp)
            raise
        opened.info["encoding"] = u16
        inner = opened.chunks

        def chunks16(dtypes):
            try:
                yield from inner(dtypes)
            finally:
                if os.path.exists(tmp):
                    os.unlink(tmp)
        opened.chunks = chunks16
        return opened
    with open(path, "rb") as fh:
        head = fh.read(_HEAD)
        if len(head) == _HEAD:
            head += fh.readline()
    if not head.strip():
        raise InputError(f"文件为空：{path.name} (file is empty)")
    if encoding is not None:
        head_enc = _canonical(encoding)
    else:
        try:
            head.decode("utf-8")
            head_enc = "utf-8"
        except UnicodeDecodeError as exc:
            head_enc = "utf-8" if exc.start > len(head) - 4 else "gb18030"
    if head.startswith(codecs.BOM_UTF8):
        head_enc = "utf-8-sig"
    if delimiter is not None and (len(delimiter) != 1 or delimiter in "\"\r\n"):
        raise InputError(f"delimiter 必须是一个字符，如 ',' 或 '\\t' (delimiter must be one "
                         f"character such as ',' or '\\t', got {delimiter!r})")
    delim = delimiter or _pick_delimiter(head, path.suffix.lower())

    def layout(enc: str):
        recs = _records(_head_lines(head, enc), delim, _PREVIEW)
        if not recs:
            raise InputError(f"文件为空或无法解析表头：{path.name} (file is empty or its first "
                             "lines cannot be read)")
        rows = [r for r, *_ in recs]
        h = _find_header(rows, expected, header_row, lambda i: recs[i][1] if i < len(recs)
                         else i + 1)
        _check_subheader(rows, h, lambda i: recs[i][1])
        return recs, rows, h

    def trimmed(row: list[str]) -> list[str]:
        row = list(row)
        while len(row) > 1 and not row[-1]:
            row.pop()                   # empty header cells at the end = trailing delimiters
        return row

    recs, rows, h = layout(head_enc)
    header_end, offset = recs[h][2], recs[h][3]
    width = (len(trimmed(rows[h])), len(rows[h]))     # fields a line may have
    sc = _scan(path, delim=delim, data_start=header_end + 1, width=width)
    enc = _decide(path, sc, encoding)
    if enc != head_enc and not head.isascii():
        recs, rows, h = layout(enc)
    headers = list(rows[h])
    if sc.bare_cr and sc.any_quote:
        sc.odd_quotes = True            # csv and pandas both split records at a lone CR
    elif sc.bare_cr:
        raise InputError(
            f"第 {format_rows(sc.bare_cr)} 行含有单独的回车符 (CR)，行的划分不明确：请用文本编辑器"
            f"另存为 Windows (CRLF) 或 Unix (LF) 换行后再导入 (lines {format_rows(sc.bare_cr)} hold "
            f"a bare carriage return: save the file with CRLF or LF line ends)", rows=sc.bare_cr)
    if delim == "|" and enc not in ("utf-8", "utf-8-sig"):
        sc.odd_quotes = True            # '|' can be a trail byte of GBK: count decoded text
    starts = counts = None
    if sc.odd_quotes:
        starts, counts = _record_scan(path, enc, delim, offset, header_end)
    elif sc.quoted_lines:
        _recount_quoted(path, delim, sc, width)
    info.update({"format": "csv", "encoding": enc, "delimiter": delim,
                 "header_row": recs[h][1],
                 "title_rows": [recs[i][1] for i in range(h) if any(rows[i])],
                 "title_text": [next(c for c in rows[i] if c) for i in range(h) if any(rows[i])]})
    labels = _labels([c or "" for c in headers])
    headers = [c if c else f"未命名{k + 1}" for k, c in enumerate(headers)]

    def chunks(dtypes: Mapping[str, str]) -> Iterator[Chunk]:
        return _csv_chunks(path, enc, delim, offset, header_end, labels, width, sc, starts,
                           counts, dtypes, chunksize)

    return Opened(headers=headers, labels=labels, info=info, chunks=chunks)


def _transcode(path: Path, enc: str) -> str:
    fd, tmp = tempfile.mkstemp(suffix=".csv", prefix="helpers-utf16-")
    try:
        with open(path, encoding=enc, newline="") as src, os.fdopen(fd, "w", encoding="utf-8",
                                                                     newline="") as dst:
            first = True
            while True:
                part = src.read(1 << 20)
                if not part:
                    break
                dst.write(part.lstrip("\ufeff") if first else part)
                first = False
    except UnicodeError as exc:
        os.unlink(tmp)
        raise InputError(f"文件不是有效的 UTF-16 文本 (the file is not valid UTF-16 text: {exc})"
                         ) from None
    return tmp


def _recount_quoted(path: Path, delim: str, sc: _Scan, width: tuple[int, int]) -> None:
    """Exact field counts (quote-aware) of single-line records that hold quotes."""
    wanted = sc.quoted_lines
    if not wanted:
        return
    want = set(wanted)
    bad = {ln: n for ln, n in sc.bad_lines}
    lineno = 0
    with open(path, "rb") as fh:
        for block in _blocks(fh):
            parts = block.split(b"\n")
            if block.endswith(b"\n"):
                parts.pop()
            for line in parts:
                lineno += 1
                if lineno in want:
                    text = line.decode("latin-1").rstrip("\r")
                    try:
                        n = len(next(csv.reader([text], delimiter=delim, strict=True)))
                    except (csv.Error, StopIteration):
                        n = -1
                    if width[0] <= n <= width[1]:
                        bad.pop(lineno, None)
                    else:
                        bad[lineno] = n
    sc.bad_lines = sorted(bad.items())
    sc.max_fields = max([width[1]] + [n for _, n in sc.bad_lines])


def _record_scan(path: Path, enc: str, delim: str, offset: int, header_end: int
                 ) -> tuple[np.ndarray, np.ndarray]:
    """Quote-aware records from ``offset`` on: first line of each record and its field count."""
    starts, counts = [], []
    with open(path, "rb") as raw:
        raw.seek(offset)
        byte_safe = enc in ("utf-8", "utf-8-sig") or (enc in _GB_FAMILY and delim != "|")
        text = io.TextIOWrapper(raw, encoding="latin-1" if byte_safe else enc, newline="")
        reader = csv.reader(text, delimiter=delim, strict=True)
        prev = 0
        try:
            for rec in reader:
                starts.append(header_end + prev + 1)
                blank = not rec or (len(rec) == 1 and not rec[0].strip())
                counts.append(0 if blank else len(rec))
                prev = reader.line_num
        except csv.Error as exc:
            line = header_end + prev + 1
            raise InputError(
                f"第 {line} 行开始的记录引号不配对或位置不对（{exc}），请检查该行的双引号 "
                f"(the record starting at line {line} has unbalanced or misplaced quotes: {exc}; "
                f"check the double quotes in that line)", rows=[line]) from None
    return np.asarray(starts, dtype=np.int64), np.asarray(counts, dtype=np.int64)


def _csv_chunks(path: Path, enc: str, delim: str, offset: int, header_end: int,
                labels: list[str], width: tuple[int, int], sc: _Scan, starts, counts,
                dtypes: Mapping[str, str], chunksize: int) -> Iterator[Chunk]:
    extra = max(0, (int(counts.max(initial=0)) if counts is not None else sc.max_fields)
                - width[1])
    names = labels + [f"__extra{k}__" for k in range(extra)]
    data_enc = "utf-8" if enc == "utf-8-sig" else enc
    if counts is None:
        bad = dict(sc.bad_lines)
    else:
        nonblank = counts > 0
        sel = nonblank & ((counts < width[0]) | (counts > width[1]))
        bad = dict(zip(starts[sel].tolist(), counts[sel].tolist()))
    dts = {k: v for k, v in dtypes.items() if k in labels}
    first_line = header_end + 1
    done = 0
    def failed(exc: Exception) -> InputError:
        if isinstance(exc, UnicodeDecodeError):
            _check_decodes(path, None, enc, declared=True)      # names the lines
            return InputError(f"文件无法用 {enc} 解码，请确认文件编码 (the file cannot be "
                              f"decoded as {enc}; check the encoding)")
        return InputError(
            f"第 {first_line + done} 行之后无法解析：{exc}，请检查引号和分隔符 (cannot parse the "
            f"file after line {first_line + done}: {exc}; check quotes and delimiters)")

    with open(path, "rb") as fh:
        fh.seek(offset)
        try:
            reader = pd.read_csv(
                fh, encoding=data_enc, sep=delim, header=None, names=names, index_col=False,
                dtype=dts or None, keep_default_na=False, na_values=[""],
                skip_blank_lines=False, chunksize=chunksize, engine="c", quotechar='"',
                encoding_errors="strict")
        except pd.errors.EmptyDataError:
            return
        except (UnicodeDecodeError, pd.errors.ParserError, ValueError) as exc:
            raise failed(exc) from None
        with reader:
            while True:
                try:
                    chunk = next(reader)
                except StopIteration:
                    break
                except (UnicodeDecodeError, pd.errors.ParserError, ValueError) as exc:
                    raise failed(exc) from None
                n = len(chunk)
                if counts is None:
                    idx = np.arange(first_line + done, first_line + done + n)
                else:
                    if done + n > len(starts):
                        raise InputError(_INTERNAL + f" [records {done + n} > {len(starts)}]")
                    idx = starts[done:done + n]
                chunk.index = pd.Index(idx)
                done += n
                yield _csv_problems(chunk, labels, width, extra, bad)
    expected_n = len(starts) if counts is not None else None
    if expected_n is not None and done != expected_n:
        raise InputError(_INTERNAL + f" [records {done} != {expected_n}]")


def _csv_problems(chunk: pd.DataFrame, labels: list[str], widths: tuple[int, int],
                  extra: int, bad: dict[int, int]) -> Chunk:
    out = Chunk(frame=chunk)
    least, width = widths
    idx = chunk.index
    lo, hi = int(idx.min()) if len(idx) else 0, int(idx.max()) if len(idx) else -1
    here = {r: n for r, n in bad.items() if lo <= r <= hi}
    if extra:
        ext = chunk.iloc[:, width:]
        filled = ext.notna() & ext.astype(str).apply(lambda c: c.str.strip().ne(""))
        spill = filled.any(axis=1)
        rows_bad = list(chunk.index[spill.to_numpy()])
        spilled = set(rows_bad)
        n_trailing = sum(1 for r, n in here.items() if n > width and r not in spilled)
        out.frame = chunk.iloc[:, :width]
    else:
        rows_bad, n_trailing = [], 0
    short = []
    for r, n in here.items():
        if n >= least or n < 0:
            continue
        row = out.frame.loc[r] if r in out.frame.index else None
        if row is None:
            continue
        if row.isna().all() or (n == 1 and not str(row.iloc[0]).strip()):
            continue                                  # blank line: reported as blank
        short.append(r)
    over = [r for r in rows_bad]
    quoted_bad = [r for r, n in here.items() if n < 0]
    for rows, what in ((over, "more"), (short, "fewer")):
        if rows:
            by_n: dict[int, list] = {}
            for r in rows:
                by_n.setdefault(here.get(r, -1), []).append(r)
            for n, rr in by_n.items():
                zh = "多" if what == "more" else "少"
                w = width if what == "more" else least
                out.problems.append((rr, None, (
                    f"该行有 {n} 个字段，比表头的 {w} 列{zh}，列可能错位 (line has {n} fields, "
                    f"the header has {w}: columns would be shifted)")))
    if quoted_bad:
        out.problems.append((quoted_bad, None, "引号位置不对 (misplaced quotes in this line)"))
    if n_trailing:
        out.notes.append((None, NOTE_TRAILING, n_trailing))
    return out


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
        return _open_csv(path, encoding=encoding, header_row=header_row, delimiter=delimiter,
                         expected=expected, info=info, chunksize=chunksize)
    if suffix == ".xls":
        raise InputError("不支持旧版 .xls 文件：请在 Excel 中另存为 .xlsx 或 CSV (old .xls files "
                         "are not supported: save as .xlsx or CSV)")
    raise InputError(f"不支持的文件类型 {suffix!r}，请使用 .csv、.tsv、.txt、.xlsx 或 .sav "
                     f"(unsupported file type {suffix!r}; use .csv, .tsv, .txt, .xlsx or .sav)")
