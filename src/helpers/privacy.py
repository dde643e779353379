"""Find and mask personal data in Chinese free text (hotline tickets, complaint texts).

What is found, and how it is masked (every mask keeps the length of the original, so positions
in the masked text equal positions in the original):

=============  =========================================================  =====================
kind           rule                                                       masked as
=============  =========================================================  =====================
``id_card``    18 characters: 17 digits + check digit or X, not inside a  ``110***********1234``
               longer digit run, **and** a valid GB 11643-1999 check      (first 3, last 4)
               character (ISO 7064 MOD 11-2)
``bank_card``  a run of 16–19 digits that is not a valid ID number        ``6222***********1234``
               (Luhn check only when ``luhn=True``; off by default, so    (first 4, last 4)
               an 18-digit number failing the ID checksum counts as a
               bank card)
``mobile``     mainland mobile ``1[3-9]`` + 9 digits, exactly 11 digits   ``138****5678``
               (not inside a longer digit run)                            (first 3, last 4)
``landline``   ``0`` + 2–3 digit area code, optional ``-``, 7–8 digits    ``0571-****6666``
                                                                          (area code, last 4)
``email``      ``local@domain.tld``                                       ``z*****@example.com``
=============  =========================================================  =====================

Digits are ASCII ``0-9`` only. "Not inside a longer digit run" means the digits before and after are not digits, so a 20-digit
order number is left alone, and an 11-digit run starting with 12 is not a mobile number.
Landlines without a hyphen are recognised only as a whole digit run of 10–12 digits starting
with 0, which can also catch other numbers that start with 0 (a deliberate over-masking).
"""

from __future__ import annotations

import re
from typing import NamedTuple

import pandas as pd

from helpers._validate import InputError

__all__ = ["Found", "id_checksum", "is_valid_id", "luhn_ok", "mask_text", "mask_series",
           "find_sensitive"]

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"

_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")
_LANDLINE_HYPHEN = re.compile(r"(?<![0-9])(0[0-9]{2,3})-([0-9]{7,8})(?![0-9])")
_DIGITS = re.compile(r"(?<![0-9])[0-9]+(?![0-9])")
_MOBILE = re.compile(r"1[3-9][0-9]{9}")
_LANDLINE_PLAIN = re.compile(r"0[0-9]{9,11}")


class Found(NamedTuple):
    """One masked item: ``kind``, ``start``/``end`` (character positions, end exclusive) and the
    ``masked`` replacement."""

    kind: str
    start: int
    end: int
    masked: str


def id_checksum(body17: str) -> str:
    """Check character of an 18-digit resident ID number (GB 11643-1999).

    ``sum(digit_i × w_i) mod 11`` with weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2, mapped
    through ``10X98765432``.

    >>> id_checksum("11010519491231002")
    'X'
    """
    if len(body17) != 17 or not body17.isdigit():
        raise InputError(f"需要 17 位数字 (need 17 digits, got {body17!r})")
    return _ID_CHECK[sum(int(c) * w for c, w in zip(body17, _ID_WEIGHTS)) % 11]


def is_valid_id(s: str) -> bool:
    """True if ``s`` is 17 digits plus a correct GB 11643 check character (digit or X/x).

    >>> body = "99010519900101123"    # region 99 belongs to no province: a made-up number
    >>> is_valid_id(body + id_checksum(body)), is_valid_id(body + "0")
    (True, False)
    """
    return (len(s) == 18 and s[:17].isascii() and s[:17].isdigit()
            and s[17].upper() == id_checksum(s[:17]))


def luhn_ok(digits: str) -> bool:
    """Luhn (mod 10) check used by most bank card numbers.

    >>> luhn_ok("4111111111111111"), luhn_ok("4111111111111112")
    (True, False)
    """
    total = 0
    for i, c in enumerate(reversed(digits)):
        d = int(c)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def _keep(s: str, head: int, tail: int) -> str:
    return s[:head] + "*" * (len(s) - head - tail) + s[len(s) - tail:]


def _classify_run(text: str, start: int, end: int, luhn: bool) -> tuple[str, int, str] | None:
    """Classify the maximal digit run text[start:end]; return (kind, end, masked) or None."""
    run = text[start:end]
    n = len(run)
    if n == 17 and end < len(text) and text[end] in "Xx" \
            and not (end + 1 < len(text) and text[end + 1] in "0123456789"):
        cand = run + text[end]
        if is_valid_id(cand):
            return "id_card", end + 1, _keep(cand, 3, 4)
    if n == 18 and is_valid_id(run):
        return "id_card", end, _keep(run, 3, 4)
    if 16 <= n <= 19 and (not luhn or luhn_ok(run)):
        return "bank_card", end, _keep(run, 4, 4)
    if n == 11 and _MOBILE.fullmatch(run):
        return "mobile", end, _keep(run, 3, 4)
    if 10 <= n <= 12 and _LANDLINE_PLAIN.fullmatch(run):
        area = 3 if run[1] in "12" else 4      # 010, 02x are 3-digit codes
        return "landline", end, run[:area] + _keep(run[area:], 0, 4)
    return None


def mask_text(text: str, *, luhn: bool = False) -> tuple[str, list[Found]]:
    """Mask personal data in one text; return ``(masked_text, found)``.

    Parameters
    ----------
    text : str
        Any text; ``None``/NaN is returned unchanged with nothing found.
    luhn : bool
        Require a valid Luhn checksum for bank cards (default false: any 16–19 digit run that
        is not an ID number is masked).

    Returns
    -------
    masked_text : str
        Same length as ``text``.
    found : list of Found
        ``(kind, start, end, masked)`` in order of position.

    Examples
    --------
    The numbers below are assembled from pieces so that this page itself never shows a
    complete (even made-up) mobile or ID number.

    >>> mobile = "138" + "0000" + "5678"
    >>> masked, found = mask_text(f"电话{mobile}，邮箱ab@example.com")
    >>> masked
    '电话138****5678，邮箱a*@example.com'
    >>> [f.kind for f in found]
    ['mobile', 'email']
    >>> body = "99010519900101123"
    >>> mask_text("身份证" + body + id_checksum(body))[0]
    '身份证990***********1236'
    """
    if text is None or (isinstance(text, float) and text != text):
        return text, []
    if not isinstance(text, str):
        raise InputError(f"mask_text 需要字符串 (mask_text needs a str, got {type(text).__name__})")
    chars = list(text)
    found: list[Found] = []
    taken = [False] * len(text)

    def put(kind: str, start: int, end: int, masked: str) -> None:
        chars[start:end] = list(masked)
        for i in range(start, end):
            taken[i] = True
        found.append(Found(kind, start, end, masked))

    # 1. e-mails: keep the first character of the local part and the domain; digit runs inside
    #    the domain are handled by the later passes.
    for m in _EMAIL.finditer(text):
        at = text.index("@", m.start())
        put("email", m.start(), at, _keep(text[m.start():at], 1, 0))
    # 2. landlines written with a hyphen
    for m in _LANDLINE_HYPHEN.finditer(text):
        if any(taken[m.start():m.end()]):
            continue
        area, num = m.group(1), m.group(2)
        put("landline", m.start(), m.end(), f"{area}-{_keep(num, 0, 4)}")
    # 3. maximal digit runs: ID, bank card, mobile, plain landline
    for m in _DIGITS.finditer(text):
        if any(taken[m.start():m.end()]):
            continue
        hit = _classify_run(text, m.start(), m.end(), luhn)
        if hit is not None:
            kind, end, masked = hit
            put(kind, m.start(), end, masked)
    found.sort(key=lambda f: f.start)
    return "".join(chars), found


def find_sensitive(text: str, *, luhn: bool = False) -> list[Found]:
    """What :func:`mask_text` would mask (kinds and positions), without the masked text."""
    return mask_text(text, luhn=luhn)[1]


def mask_series(series: pd.Series, *, luhn: bool = False) -> tuple[pd.Series, pd.DataFrame]:
    """Mask every text of a Series; return the masked Series and a tidy frame of what was masked.

    Returns
    -------
    masked : pandas.Series
        Same index and name; missing values stay missing.
    found : pandas.DataFrame
        One row per masked item: ``row`` (index label), ``kind`` (mobile, landline, id_card,
        email, bank_card), ``start``, ``end`` (positions in the text) and ``masked``.

    Examples
    --------
    >>> s = pd.Series(["无敏感信息", "请回电" + "139" + "1234" + "0000"], index=[10, 11])
    >>> masked, found = mask_series(s)
    >>> masked.tolist()
    ['无敏感信息', '请回电139****0000']
    >>> found[["row", "kind", "start", "end"]].to_dict("records")
    [{'row': 11, 'kind': 'mobile', 'start': 3, 'end': 14}]
    """
    if not isinstance(series, pd.Series):
        raise InputError(f"mask_series 需要 pandas Series (got {type(series).__name__})")
    values = series.tolist()
    out, rows = [], []
    for label, v in zip(series.index, values):
        if v is None or (isinstance(v, float) and v != v) or v is pd.NA:
            out.append(v)
            continue
        if not isinstance(v, str):
            raise InputError(f"第 {label} 行不是文本 (row {label}: not text: {v!r})",
                             column=series.name, rows=[label])
        masked, found = mask_text(v, luhn=luhn)
        out.append(masked)
        rows.extend((label, f.kind, f.start, f.end, f.masked) for f in found)
    masked = pd.Series(out, index=series.index, name=series.name, dtype=series.dtype)
    frame = pd.DataFrame(rows, columns=["row", "kind", "start", "end", "masked"])
    frame = frame.astype({"start": "int64", "end": "int64"})
    return masked, frame
