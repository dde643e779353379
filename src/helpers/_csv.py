"""Delimited text exports for :mod:`helpers.io` (private): encoding, delimiter, field counts.

CSV/TSV/TXT files are scanned once, block by block (vectorised with numpy): which lines are UTF-8
and which are not (mixed files are refused), and the number of fields of every data line. The
delimiter is detected on the first lines (comma, tab, semicolon, bar), UTF-16 ("Unicode text"
from Excel) is transcoded to a temporary UTF-8 file, and pandas' C parser then reads the data
in chunks with an explicit header (never an inferred index column). Every line whose field
count differs from the header's is a row problem naming the line; empty fields after the last
column are ignored and counted in a note. Quoted fields (delimiters and line breaks inside
quotes) are counted with the csv module; unbalanced quotes are an error naming the line.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import re
import tempfile
from array import array
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from helpers._tables import (_INTERNAL, _PREVIEW, Chunk, Opened, _check_subheader,
                             _find_header, _labels)
from helpers._validate import InputError, format_rows

__all__ = ["detect_encoding", "open_csv"]

_BLOCK = 1 << 20
_HEAD = 1 << 18
DELIMITERS = (",", "\t", ";", "|")
_GB_FAMILY = {"gb2312", "gbk", "gb18030", "cp936", "hz", "euc_cn", "euc-cn", "ms936"}
NOTE_TRAILING = "行末多余的空字段已忽略 (empty fields after the last column ignored)"


def _canonical(enc: str) -> str:
    try:
        return codecs.lookup(enc).name
    except LookupError:
        raise InputError(f"未知编码 {enc!r}，请检查 encoding= 参数 (unknown encoding {enc!r})"
                         ) from None


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


def open_csv(path: Path, *, encoding: str | None, header_row: int | None,
              delimiter: str | None, expected: tuple[set, set], info: dict,
              chunksize: int) -> Opened:
    u16 = _utf16(path, encoding)
    if u16:
        tmp = _transcode(path, u16)
        try:
            opened = open_csv(Path(tmp), encoding="utf-8", header_row=header_row,
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
        fast = None
        if enc in ("utf-8", "utf-8-sig") or (enc in _GB_FAMILY and delim != "|"):
            fast = _quoted_records(path, delim, offset, header_end)
        starts, counts = fast if fast is not None else _record_scan(path, enc, delim, offset,
                                                                     header_end)
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


def _quoted_records(path: Path, delim: str, offset: int, header_end: int
                    ) -> tuple[np.ndarray, np.ndarray] | None:
    """Records of a file whose quoted fields span lines, vectorised: a delimiter or line break
    is inside quotes when an odd number of quotes precedes it in the record's block.

    Exact for well-formed quoting (a quote opens a field, closes it before a delimiter or line
    break, or is doubled inside it) — the rules the csv module and pandas share. Returns None
    when a quote breaks those rules or is never closed; the csv scan then decides (and names
    the line)."""
    d = ord(delim)
    starts_all, counts_all = [], []
    line0 = header_end + 1
    with open(path, "rb") as fh:
        fh.seek(offset)
        while True:
            block = fh.read(_BLOCK)
            if not block:
                break
            if not block.endswith(b"\n"):
                block += fh.readline()
            while block.count(b'"') % 2:          # never cut a block inside a quoted field
                more = fh.readline()
                if not more:
                    return None
                block += more
            arr = np.frombuffer(block, dtype=np.uint8)
            q = np.flatnonzero(arr == 34)
            if q.size:
                opening = np.arange(q.size) % 2 == 0
                prev = np.where(q > 0, arr[np.maximum(q - 1, 0)], 10)
                nxt = np.where(q + 1 < arr.size, arr[np.minimum(q + 1, arr.size - 1)], 10)
                ok_open = (prev == d) | (prev == 10) | (prev == 34)
                ok_close = (nxt == d) | (nxt == 10) | (nxt == 13) | (nxt == 34)
                if not (ok_open[opening].all() and ok_close[~opening].all()):
                    return None
            nl = np.flatnonzero(arr == 10)
            ends = nl[np.searchsorted(q, nl) % 2 == 0]
            if not block.endswith(b"\n"):
                ends = np.append(ends, arr.size)
            rstarts = np.concatenate(([0], ends[:-1] + 1))
            dl = np.flatnonzero(arr == d)
            dl = dl[np.searchsorted(q, dl) % 2 == 0]
            fields = np.searchsorted(dl, ends) - np.searchsorted(dl, rstarts) + 1
            length = ends - rstarts
            nz = length > 0
            cr = np.zeros(length.size, dtype=bool)
            cr[nz] = arr[ends[nz] - 1] == 13
            fields[(length - cr) == 0] = 0
            starts_all.append(line0 + np.searchsorted(nl, rstarts))
            counts_all.append(fields)
            line0 += nl.size
    if not starts_all:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    return (np.concatenate(starts_all).astype(np.int64),
            np.concatenate(counts_all).astype(np.int64))


def _record_scan(path: Path, enc: str, delim: str, offset: int, header_end: int
                 ) -> tuple[np.ndarray, np.ndarray]:
    """Quote-aware records from ``offset`` on: first line of each record and its field count
    (0 for a blank record)."""
    found: list[tuple[int, int]] = []
    with open(path, "rb") as raw:
        raw.seek(offset)
        byte_safe = enc in ("utf-8", "utf-8-sig") or (enc in _GB_FAMILY and delim != "|")
        text = io.TextIOWrapper(raw, encoding="latin-1" if byte_safe else enc, newline="")
        reader = csv.reader(text, delimiter=delim, strict=True)
        try:
            # one C-level pass; a record's last line is the reader's line count after it
            found = [(0 if not rec or (len(rec) == 1 and not rec[0].strip()) else len(rec),
                      reader.line_num) for rec in reader]
        except csv.Error as exc:
            line = _failing_record(path, text.encoding, delim, offset, header_end)
            raise InputError(
                f"第 {line} 行开始的记录引号不配对或位置不对（{exc}），请检查该行的双引号 "
                f"(the record starting at line {line} has unbalanced or misplaced quotes: {exc}; "
                f"check the double quotes in that line)", rows=[line]) from None
    arr = np.asarray(found, dtype=np.int64).reshape(-1, 2)
    counts, last = arr[:, 0], arr[:, 1]
    starts = header_end + 1 + np.concatenate(([0], last[:-1]))[:len(last)]
    return starts, counts


def _failing_record(path: Path, enc: str, delim: str, offset: int, header_end: int) -> int:
    """First line of the record on which the csv module fails (error path only)."""
    with open(path, "rb") as raw:
        raw.seek(offset)
        reader = csv.reader(io.TextIOWrapper(raw, encoding=enc, newline=""), delimiter=delim,
                            strict=True)
        prev = 0
        try:
            for _ in reader:
                prev = reader.line_num
        except csv.Error:
            pass
    return header_end + prev + 1


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
