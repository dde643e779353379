"""Find and mask personal data in Chinese free text (hotline tickets, complaint texts).

Every mask keeps the length of the original, so positions in the masked text equal positions in
the original; separators (blanks, ``-``, ``.``) and prefixes such as ``+86`` are kept, only the
digits or letters in the middle become ``*``.

What is found
-------------
The text is first read through a same-length normalisation: full-width digits and signs
(``１３８－１２３４``, ``（``, ``）``, ``＋``, ``＠``, the ideographic space) count as their ASCII forms,
and dashes (``–``, ``—``, ``−``) as ``-``. Numbers are then read as *tokens*: digit groups joined by
one blank, ``-`` or ``.`` (a mobile number written 3-4-4 with blanks, an area code and number
with dashes, an ID number split 6-8-4), an ``X`` allowed at the end of an ID number. (This page
shows no complete number, not even a made-up one: the book is scanned for them.)

::

    =============  ===================================================================  ===============
    kind           rule                                                                 masked as
    =============  ===================================================================  ===============
    ``mobile``     ``1[3-9]`` + 9 digits, whole or grouped 3-4-4, 3-8, 7-4, 4-3-4 or    ``138****5678``
                   digit by digit; also with ``+86``, ``86``, ``0086`` in front         (first 3,
                   (joined or apart), and ``+852``/``+853`` (8 digits), ``+886`` (9)    last 4)
    ``id_card``    18 characters (17 digits + digit or X/x, any grouping): a valid      ``110***…1234``
                   GB 11643-1999 check character **and** a valid birth date (YYYYMMDD,  (first 3,
                   1900–2099); after an ID keyword (身份证, 证件号 …) a valid birth      last 4)
                   date suffices (a mistyped check digit is still personal data).
                   15 digits (the old ID): a province code and a valid YYMMDD date.
    ``bank_card``  16–19 digits (whole or grouped, first group 4 or 6 digits) passing    ``6222****1234``
                   the Luhn check, starting like a card (3, 4, 5, 6 or 95) and not a    (first 4,
                   valid unified social credit code; after a card keyword (卡号,        last 4)
                   银行卡, 账号, 账户 …) any 12–25 digits
    ``landline``   an area code (``010``, ``02x``, ``0xxx``; also ``(0755)``, ``（010）``,  ``0755-****5678``
                   ``86-755``, ``+86 10``) and a 7–8 digit local number, whole or       (area code,
                   grouped; an extension (转, 分机, ext., a last ``-203``) is not part of  last 4)
                   it. Without a separator only a valid area code counts. A local
                   number alone (7–8 digits, first digit 2–9) only after a phone
                   keyword (电话, 座机, 固话, 传真, tel …)
    ``email``      ``local@domain``; the domain may be non-ASCII (``例子.中国``,          ``z*****@example.com``
                   ``公司.cn``) and ``＠`` counts as ``@``                                (first character
                                                                                        of the local part)
    ``qq``         5–11 digits after QQ/qq/扣扣 (号, 号码)                              ``12*****89``
    ``wechat``     a WeChat id (a letter, then 5–19 letters, digits, ``_``, ``-``)       ``zh*********90``
                   after 微信/微信号
    ``passport``   1–2 letters + 7–9 digits after 护照, 通行证                          ``E*****678``
    =============  ===================================================================  ===============

What is left alone (context)
    The text before a number (at most 24 characters, back to the last ``，。；！？,;!?、``, line
    break or digit) is its label; the keyword nearest to the number decides. After a **code
    keyword** (工单, 单号, 编号, 流水号, 订单, 受理号, 回执号, 案号, 信用代码, 代码, 税号,
    识别号, 注册号, 发票, 快递, 运单, 合同号, 工号, 学号, 户号, 序号 …) a number is never
    masked: work-order numbers, ticket numbers and unified social credit codes stay readable.
    An amount (``¥``/``￥``/``$``/人民币/金额 before it, or 元/万/亿/块/美元 after it) is never
    masked. A number glued to ASCII letters (``GD2024…``, ``SF123…``, ``…MA5…``) is a code:
    only the two self-checking kinds (a mobile number, an 18-character ID with a valid check
    character and birth date) are masked there. A unified social credit code (GB 32100-2015:
    registration authority and type, mod-31 check character; :func:`is_credit_code`) is never
    read as a bank card; read as an ID number it almost never has a valid birth date (its
    characters 7–14 are the end of a region code and the start of an organisation code).
    Dates (``2024-11-30``, ``20241130``, ``2024年11月30日 10:30``), times, postcodes, 12345,
    400/800 numbers and other short numbers match no rule.

Known limits: a mobile number inside a longer digit run (``913812345678901``) is not masked
(it is part of another number); numbers written in Chinese numerals (幺三八…) are not found; a
16–19 digit card number that fails the Luhn check is masked only after a card keyword (with
``luhn=False``: always). ``tests/hostile/test_masking_corpus.py`` measures recall and false
positives on a labelled corpus of realistic sentences.
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import NamedTuple

import pandas as pd

from helpers._validate import InputError, bad_values

__all__ = ["Found", "KINDS", "id_checksum", "is_valid_id", "luhn_ok", "is_credit_code",
           "mask_text", "mask_series", "find_sensitive"]

KINDS = ("mobile", "landline", "id_card", "bank_card", "email", "qq", "wechat", "passport")
"""Kinds of personal data :func:`mask_text` finds."""

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_PROVINCES = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 "
    "61 62 63 64 65 71 81 82".split())
_CC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
# registration authority -> organisation types (GB 32100-2015, table 1)
_CC_TYPES = {"1": "1239", "2": "19", "3": "123459", "4": "19", "5": "1239", "6": "129",
             "7": "19", "8": "19", "9": "123", "A": "19", "N": "129", "Y": "1"}

# same-length normalisation: full-width digits and signs, dashes, ideographic space
_NORMALISE = {ord(c): ord(c) - 0xFEE0 for c in "０１２３４５６７８９＋－．（）＠"}
_NORMALISE.update({ord(c): ord("-") for c in "‐‑‒–—―−﹣"})
_NORMALISE.update({0x3000: ord(" "), 0x00A0: ord(" ")})

_TLDS_ZH = ("中国", "中國", "公司", "网络", "網絡", "在线", "集团", "政务", "公益", "我爱你",
            "商城", "网店", "中文网", "移动", "香港", "台湾", "台灣", "信息", "手机", "企业")
_EMAIL = re.compile(
    r"(?<![\w.%+\-])(?P<local>[\w.%+\-]+)@"
    r"(?P<domain>(?:[\w\-]+\.)+(?:[A-Za-z]{2,}(?![A-Za-z0-9\-])|"
    + "|".join(_TLDS_ZH) + "))")
_ASCII_LOCAL = re.compile(r"[A-Za-z0-9._%+\-]+$")
_LOCAL_PREFIXES = ("电子邮箱", "邮箱地址", "邮件地址", "邮箱", "邮件", "电邮", "发送至", "发送到",
                   "发到", "发至", "寄到", "寄至", "至", "到", "是", "为")
_QQ = re.compile(r"(?<![A-Za-z0-9])(?:QQ|qq|Qq|扣扣)\s?(?:号码|号)?\s?[:：]?\s?(?:是|为)?\s?"
                 r"([1-9][0-9]{4,10})(?![0-9])")
_WECHAT = re.compile(r"(?:微信|(?<![A-Za-z])(?i:wechat|weixin))(?:号码|号)?\s?[:：]?\s?(?:是|为)?\s?"
                     r"([A-Za-z][A-Za-z0-9_\-]{5,19})(?![A-Za-z0-9_\-])")
_PASSPORT = re.compile(r"(?:护照|通行证)(?:号码|号)?\s?[:：]?\s?(?:是|为)?\s?"
                       r"([A-Za-z]{1,2}[0-9]{7,9})(?![A-Za-z0-9])")
_PAREN_LANDLINE = re.compile(
    r"\((0[0-9]{2,3})\) ?((?:[0-9]{3,4}[ \-]?[0-9]{4}))(?![0-9])")
_TOKEN = re.compile(r"(?<![0-9])[0-9]+(?:[ .\-][0-9]+)*(?:[Xx](?![0-9]))?")
_GROUP = re.compile(r"[0-9]+[Xx]?")
_LABEL_END = re.compile(r"[，。；！？,;!?\n、0-9]")

_KEYWORDS: tuple[tuple[str, str], ...] = tuple(
    (w, "code") for w in (
        "工单", "单号", "编号", "流水号", "订单", "受理号", "回执号", "案件号", "案号", "批次",
        "票号", "凭证", "信用代码", "代码", "税号", "识别号", "注册号", "发票", "快递", "运单",
        "合同号", "文号", "序号", "申请号", "登记号", "工号", "学号", "户号", "表号",
        "编码", "条码", "批号", "no.")
) + tuple((w, "id") for w in ("身份证", "身份号", "证件", "公民身份", "证号")) + tuple(
    (w, "card") for w in ("卡号", "卡", "账号", "帐号", "账户", "帐户", "存折", "开户")
) + tuple(
    (w, "phone") for w in ("电话", "手机", "座机", "固话", "传真", "联系方式", "致电", "来电",
                           "回电", "回拨", "tel", "phone", "fax", "mobile")
) + tuple((w, "amount") for w in ("¥", "￥", "$", "€", "人民币", "金额", "rmb", "cny"))
_KEYWORD_CLASS = dict(_KEYWORDS)
# keywords reversed, longest first: searching the reversed label finds the keyword that ends
# nearest to the number (the longest one when several end there)
_KEYWORDS_REVERSED = re.compile("|".join(
    re.escape(w[::-1]) for w in sorted(_KEYWORD_CLASS, key=len, reverse=True)))
_AMOUNT_AFTER = ("元", "万", "亿", "块", "圆", "角", "美元", "港元", "欧元", "rmb", "cny")
_CONTACT_LETTERS = frozenset({"tel", "phone", "mobile", "mob", "cell", "fax"})

_MOBILE_GROUPS = {(11,), (3, 4, 4), (3, 8), (7, 4), (4, 3, 4)}
_LOCAL_GROUPS = {(7,), (8,), (3, 4), (4, 4), (4, 3)}


class Found(NamedTuple):
    """One masked item: ``kind``, ``start``/``end`` (character positions, end exclusive) and the
    ``masked`` replacement."""

    kind: str
    start: int
    end: int
    masked: str


def id_checksum(body17: str) -> str:
    """Check character of an 18-digit resident ID number (GB 11643-1999).

    Parameters
    ----------
    body17 : str
        The first 17 characters of the number, ASCII digits only: 6-digit region code,
        8-digit birth date ``YYYYMMDD`` and 3-digit sequence code. Anything else (fewer or more
        characters, full-width digits, not a str) raises :class:`~helpers.InputError`.

    Returns
    -------
    str
        The 18th character: one of ``0``–``9`` or ``X``.

    Notes
    -----
    GB 11643-1999 (公民身份号码): ``S = Σ_{i=1}^{17} a_i·W_i`` with the weights
    ``W_i = 2^{18−i} mod 11`` = 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2; the check character is
    ``(12 − S mod 11) mod 11``, written ``X`` for 10, i.e. ``S mod 11`` = 0, 1, 2, …, 10 maps
    through ``10X98765432``. Region code and birth date are not checked here.

    Validated against: the worked example of GB 11643-1999 (check character ``X``) —
    tests/test_privacy.py.

    Examples
    --------
    The worked example of the standard, and a made-up body (region 99 belongs to no
    province):

    >>> id_checksum("11010519491231002")
    'X'
    >>> id_checksum("990105" + "19900101" + "123")
    '6'
    """
    if not isinstance(body17, str) or len(body17) != 17 or not body17.isascii() \
            or not body17.isdigit():
        raise InputError(f"需要 17 位数字 (need 17 digits, got {body17!r})")
    return _ID_CHECK[sum(int(c) * w for c, w in zip(body17, _ID_WEIGHTS)) % 11]


def is_valid_id(s: str) -> bool:
    """True if ``s`` is 17 digits plus a correct GB 11643 check character (digit or X/x).

    Parameters
    ----------
    s : str
        The candidate number, 18 characters without separators. A value of another type or
        length gives ``False`` (no error).

    Returns
    -------
    bool
        ``True`` if the first 17 characters are ASCII digits and the 18th equals
        :func:`id_checksum` of them (``x`` counts as ``X``).

    Notes
    -----
    Only the GB 11643-1999 check character (``S = Σ a_i·W_i`` with ``W_i = 2^{18−i} mod 11``,
    mapped through ``10X98765432``) is tested: region code and birth date are not.
    :func:`mask_text` additionally requires a valid birth date before it masks an ID number.

    Validated against: the worked example of GB 11643-1999 (with ``X`` and ``x``) —
    tests/test_privacy.py.

    Examples
    --------
    The number is assembled from pieces so that this page never shows a complete one.

    >>> body = "99010519900101123"    # region 99 belongs to no province: a made-up number
    >>> is_valid_id(body + id_checksum(body)), is_valid_id(body + "0")
    (True, False)
    >>> is_valid_id(body), is_valid_id(None)
    (False, False)
    """
    return (isinstance(s, str) and len(s) == 18 and s[:17].isascii() and s[:17].isdigit()
            and s[17].upper() == id_checksum(s[:17]))


def luhn_ok(digits: str) -> bool:
    """Luhn (mod 10) check used by most bank card numbers.

    Parameters
    ----------
    digits : str
        The number as ASCII digits only, without blanks or dashes. Anything else (separators,
        full-width digits, not a str, the empty string) gives ``False``.

    Returns
    -------
    bool
        ``True`` if the number passes the Luhn check.

    Notes
    -----
    The Luhn (mod 10) formula of ISO/IEC 7812-1, the card numbering standard: counting
    from the rightmost digit (the check digit) as position 1, double every digit in an even
    position, replace a doubled value above 9 by its digit sum (subtract 9), and add all
    digits; the number is valid if the sum is divisible by 10. For ``79927398713`` the sum is
    70. :func:`mask_text` treats a 16–19 digit number without a card keyword as a bank card
    only if it passes this check.

    Validated against: the common test card number 4111 1111 1111 1111 (valid) and the same
    number with its last digit changed (invalid) — tests/test_privacy.py.

    Examples
    --------
    >>> luhn_ok("4111111111111111"), luhn_ok("4111111111111112")
    (True, False)
    >>> luhn_ok("79927398713"), luhn_ok("4111 1111 1111 1111")
    (True, False)
    """
    if not isinstance(digits, str) or not digits.isascii() or not digits.isdigit():
        return False
    total = 0
    for i, c in enumerate(reversed(digits)):
        d = int(c)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def is_credit_code(s: str) -> bool:
    """True if ``s`` is a well-formed unified social credit code (统一社会信用代码).

    Parameters
    ----------
    s : str
        18 characters (letters in either case).

    Returns
    -------
    bool

    Notes
    -----
    18 characters of ``0-9 A-H J-N P-R T U W-Y``: registration authority and organisation type
    (GB 32100-2015, table 1), a 6-digit region code, the 9-character organisation code and a
    check character ``C18 = 31 − (Σ C_i·W_i mod 31)`` with weights 1 3 9 27 19 26 16 17 20 29
    25 13 8 24 10 30 28 (``31`` → ``0``). Used by :func:`mask_text` so that a credit code is
    never masked as a bank card.

    Examples
    --------
    >>> body = "91440300MA5G8KLX1"
    >>> code = body + next(c for c in "0123456789ABCDEFGHJKLMNPQRTUWXY"
    ...                    if is_credit_code(body + c))
    >>> is_credit_code(code), is_credit_code(code[:-1] + "Z")
    (True, False)
    """
    if not isinstance(s, str) or len(s) != 18:
        return False
    s = s.upper()
    if any(c not in _CC_CHARS for c in s) or s[1] not in _CC_TYPES.get(s[0], "") \
            or not s[2:8].isdigit():
        return False
    total = sum(_CC_CHARS.index(c) * w for c, w in zip(s, _CC_WEIGHTS))
    return s[17] == _CC_CHARS[(31 - total % 31) % 31]


def _date_ok(year: int, month: int, day: int) -> bool:
    try:
        _dt.date(year, month, day)
    except ValueError:
        return False
    return True


def _birth18(s: str) -> bool:
    y, m, d = int(s[6:10]), int(s[10:12]), int(s[12:14])
    return 1900 <= y <= 2099 and _date_ok(y, m, d)


def _birth15(s: str) -> bool:
    return _date_ok(1900 + int(s[6:8]), int(s[8:10]), int(s[10:12]))


def _luhn_card(d: str) -> bool:
    return luhn_ok(d) and (d[0] in "3456" or d.startswith("95"))


# ------------------------------------------------------------------------------- classifier

class _Cand(NamedTuple):
    kind: str
    core: tuple[int, ...]       # groups that hold the personal digits (the rest is a prefix)
    head: int
    tail: int


def _classify(groups: list[str], ctx: str | None, *, plus: bool, glued: bool, whole: bool,
              luhn: bool) -> _Cand | None:
    """Kind of the digit groups ``groups`` (one candidate), or None.

    ``ctx`` is the keyword class of the label, ``plus`` a ``+`` right before, ``glued`` ASCII
    letters right before or after (a code), ``whole`` whether the groups are the whole token
    (the weak, context-based rules apply only then).
    """
    if ctx in ("code", "amount"):
        return None
    sizes = tuple(len(g) for g in groups)
    d = "".join(groups)
    n = len(d)
    all_core = tuple(range(len(groups)))
    weak = whole and not glued
    has_x = d[-1] in "Xx"
    digits = d if not has_x else d[:-1]
    if not digits.isdigit():
        return None
    # country codes: +86 / 86 / 0086 before a mobile or a landline, +852/+853/+886 mobiles
    for prefix in ("0086", "86"):
        if has_x or not d.startswith(prefix) or (prefix == "86" and not plus and sizes[0] != 2
                                                 and n != 13):
            continue
        if sizes[0] == len(prefix):                           # prefix is its own group
            rest, rest_sizes, core = d[len(prefix):], sizes[1:], all_core[1:]
            if (rest_sizes in _MOBILE_GROUPS and re.fullmatch(r"1[3-9][0-9]{9}", rest)):
                return _Cand("mobile", core, 3, 4)
            if len(rest_sizes) >= 2 and 2 <= rest_sizes[0] <= 3 and rest[0] != "0" \
                    and rest_sizes[1:] in _LOCAL_GROUPS and rest[rest_sizes[0]] != "0":
                return _Cand("landline", core[1:], 0, 4)
        elif sizes[0] > len(prefix) and len(sizes) == 1:      # joined: 8613812345678
            if re.fullmatch(r"1[3-9][0-9]{9}", d[len(prefix):]):
                return _Cand("mobile", all_core, len(prefix) + 3, 4)
    if plus or d.startswith("00"):
        for prefix, size, first in (("852", 8, "5679"), ("853", 8, "6"), ("886", 9, "9")):
            for p in (prefix, "00" + prefix):
                if sizes[0] == len(p) and d.startswith(p) and n - len(p) == size \
                        and d[len(p)] in first and (plus or p.startswith("00")):
                    return _Cand("mobile", all_core[1:], 0, 4)
    # 18-character ID numbers
    if n == 18 and digits.isdigit():
        if ctx == "id" and weak and d[0] != "0" and _birth18(d):
            return _Cand("id_card", all_core, 3, 4)
        if ctx != "card" and is_valid_id(d) and _birth18(d):
            return _Cand("id_card", all_core, 3, 4)
    if has_x:                                   # not an ID: read the digits without the X
        return _classify(groups[:-1] + [groups[-1][:-1]], ctx, plus=plus, glued=True,
                         whole=whole, luhn=luhn)
    # mobile numbers
    if n == 11 and (sizes in _MOBILE_GROUPS or set(sizes) == {1}) \
            and re.fullmatch(r"1[3-9][0-9]{9}", d):
        return _Cand("mobile", all_core, 3, 4)
    # landlines with an area code
    if d[0] == "0" and len(sizes) >= 2 and 3 <= sizes[0] <= 4 and sizes[1:] in _LOCAL_GROUPS \
            and d[sizes[0]] != "0":
        return _Cand("landline", all_core[1:], 0, 4)
    if weak and len(sizes) == 1 and d[0] == "0" and 10 <= n <= 12:
        area = 3 if d[:3] == "010" or d[1] == "2" else 0 if d[1] in "01" else 4
        if area and 7 <= n - area <= 8 and d[area] != "0":
            return _Cand("landline", all_core, area, 4)
    # old 15-digit ID numbers
    if n == 15 and weak and ctx != "card" and d[:2] in _PROVINCES and _birth15(d):
        return _Cand("id_card", all_core, 3, 4)
    if n == 15 and whole and ctx == "id" and d[0] != "0" and _birth15(d):
        return _Cand("id_card", all_core, 3, 4)
    # bank cards
    if ctx == "card" and whole and 12 <= n <= 25:
        return _Cand("bank_card", all_core, 4, 4)
    if 16 <= n <= 19 and not glued and (len(sizes) == 1 or (sizes[0] in (4, 6)
                                                            and min(sizes[1:]) >= 3)):
        if (_luhn_card(d) or (not luhn and ctx != "card")) and not is_credit_code(d):
            return _Cand("bank_card", all_core, 4, 4)
    # a local number alone, after a phone keyword
    if ctx == "phone" and weak and sizes in _LOCAL_GROUPS and d[0] in "23456789":
        return _Cand("landline", all_core, 0, 4)
    return None


def _context(norm: str, start: int, end: int) -> str | None:
    """Keyword class of the label before ``start`` (nearest keyword wins), or amount after."""
    after = norm[end:end + 4].lstrip(" ").lower()
    if after.startswith(_AMOUNT_AFTER):
        return "amount"
    label = norm[max(0, start - 24):start]
    cut = [m.end() for m in _LABEL_END.finditer(label)]
    if cut:
        label = label[cut[-1]:]
    m = _KEYWORDS_REVERSED.search(label.lower()[::-1])
    return None if m is None else _KEYWORD_CLASS[m.group()[::-1]]


def _letters_before(norm: str, start: int) -> str:
    i = start
    while i > 0 and norm[i - 1].isascii() and norm[i - 1].isalpha():
        i -= 1
    return norm[i:start].lower()


def _digit_items(norm: str, taken: list[bool], luhn: bool
                 ) -> list[tuple[str, int, int, list[int], int, int]]:
    """(kind, start, end, core char positions, head, tail) of every number in ``norm``."""
    items = []
    for m in _TOKEN.finditer(norm):
        start, end = m.start(), m.end()
        if any(taken[start:end]):
            continue
        if sum(c.isdigit() for c in m.group()) < 7:     # no kind has fewer digits
            continue
        groups = [(g.start() + start, g.end() + start) for g in _GROUP.finditer(m.group())]
        texts = [norm[a:b] for a, b in groups]
        ctx = _context(norm, start, end)
        letters = _letters_before(norm, start)
        if letters in _CONTACT_LETTERS:
            letters, ctx = "", ctx or "phone"
        glued = bool(letters) or (end < len(norm) and norm[end].isascii()
                                  and norm[end].isalpha())
        plus = start > 0 and norm[start - 1] == "+"
        i = 0
        while i < len(groups):
            hit = None
            ends = range(min(len(groups), i + 6), i, -1)      # longest candidate first
            if i == 0 and len(groups) > 6:
                ends = [len(groups), *ends]                   # the whole token, too
            for j in ends:
                if sum(len(t) for t in texts[i:j]) > 26:
                    continue
                cand = _classify(texts[i:j], ctx if i == 0 else None, plus=plus and i == 0,
                                 glued=glued,
                                 whole=(i == 0 and j == len(groups)), luhn=luhn)
                if cand is not None:
                    hit = (cand, j)
                    break
            if hit is None:
                i += 1
                continue
            cand, j = hit
            core = [p for g in cand.core for p in range(*groups[i + g])]
            s = groups[i][0] - (1 if plus and i == 0 else 0)
            e = groups[j - 1][1]
            if cand.kind != "id_card" and norm[e - 1] in "Xx":  # the X belongs to no number
                e -= 1
                core = [p for p in core if p < e]
            items.append((cand.kind, s, e, core, cand.head, cand.tail))
            i = j
    return items


def mask_text(text: str, *, luhn: bool = True) -> tuple[str, list[Found]]:
    """Mask personal data in one text; return ``(masked_text, found)``.

    Parameters
    ----------
    text : str
        Any text; ``None``/NaN is returned unchanged with nothing found.
    luhn : bool
        If true (default), a 16–19 digit number without a card keyword before it counts as a
        bank card only if it passes the Luhn check and starts like a card number. If false,
        any such number counts (more recall, but long reference numbers without a keyword are
        masked too).

    Returns
    -------
    masked_text : str
        Same length as ``text``.
    found : list of Found
        ``(kind, start, end, masked)`` in order of position; ``kind`` is one of :data:`KINDS`.

    Notes
    -----
    The rules (formats, keywords, check digits: GB 11643-1999 for ID numbers, Luhn for cards,
    GB 32100-2015 for credit codes) are listed in the module docstring. Measured on the
    labelled corpus of ``tests/hostile/test_masking_corpus.py``: every span to mask is found and
    nothing else is masked.

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
    >>> mask_text("手机 " + " ".join(["139", "0000", "1234"]))[0]
    '手机 139 **** 1234'
    >>> body = "99010519900101123"
    >>> mask_text("身份证" + body + id_checksum(body))[0]
    '身份证990***********1236'
    >>> mask_text("工单号：2024" + "1130" + "12345678，拨打12345")[1]
    []
    """
    if text is None or (isinstance(text, float) and text != text) or text is pd.NA:
        return text, []
    if not isinstance(text, str):
        raise InputError(f"mask_text 需要字符串 (mask_text needs a str, got {type(text).__name__})")
    norm = text.translate(_NORMALISE)
    chars = list(text)
    found: list[Found] = []
    taken = [False] * len(text)

    def put(kind: str, start: int, end: int, core: list[int], head: int, tail: int) -> None:
        keep = set(core[:head]) | set(core[len(core) - tail:] if tail else ())
        for p in core:
            if p not in keep:
                chars[p] = "*"
        for p in range(start, end):
            taken[p] = True
        found.append(Found(kind, start, end, "".join(chars[start:end])))

    # 1. e-mails: keep the first character of the local part and the domain
    for m in _EMAIL.finditer(norm):
        local_start, at = m.start("local"), m.end("local")
        local = norm[local_start:at]
        if not local[-1].isascii():
            for word in _LOCAL_PREFIXES:        # 邮箱用户@… : the label is not the address
                if local.startswith(word) and len(local) > len(word):
                    local_start += len(word)
                    break
        else:
            local_start = at - len(_ASCII_LOCAL.search(local).group())
        local_start += len(norm[local_start:at]) - len(norm[local_start:at].lstrip(".-+"))
        if at - local_start < 1 or any(taken[local_start:at]):
            continue
        put("email", local_start, at, list(range(local_start, at)), int(at - local_start > 1), 0)
    # 2. identifiers named by a keyword
    for kind, pattern, head, tail in (("qq", _QQ, 2, 2), ("wechat", _WECHAT, 2, 2),
                                      ("passport", _PASSPORT, 1, 3)):
        for m in pattern.finditer(norm):
            s, e = m.span(1)
            if any(taken[s:e]):
                continue
            short = e - s < 7
            put(kind, s, e, list(range(s, e)), 1 if short else head, 1 if short else tail)
    # 3. landlines with the area code in brackets: (0755)1234-5678, （010） 6512 3456
    for m in _PAREN_LANDLINE.finditer(norm):
        local = [p for p in range(*m.span(2)) if norm[p].isdigit()]
        if not 7 <= len(local) <= 8 or norm[local[0]] == "0" or any(taken[m.start():m.end()]):
            continue
        put("landline", m.start(), m.end(), local, 0, 4)
    # 4. numbers
    for kind, start, end, core, head, tail in _digit_items(norm, taken, luhn):
        if not any(taken[start:end]):
            put(kind, start, end, [p for p in core if norm[p].isalnum()], head, tail)
    found.sort(key=lambda f: f.start)
    return "".join(chars), found


def find_sensitive(text: str, *, luhn: bool = True) -> list[Found]:
    """What :func:`mask_text` would mask (kinds and positions), without the masked text.

    Parameters
    ----------
    text : str
        Any text; ``None``/NaN gives an empty list. Another non-text value raises
        :class:`~helpers.InputError`.
    luhn : bool, default True
        As in :func:`mask_text`: without a card keyword, a 16–19 digit number counts as a bank
        card only if it passes the Luhn check (:func:`luhn_ok`).

    Returns
    -------
    list of Found
        One ``Found(kind, start, end, masked)`` per item, in order of position: ``kind`` is one
        of :data:`KINDS`, ``start``/``end`` are character positions in ``text`` (end
        exclusive), ``masked`` is the masked replacement. Empty if nothing is found.

    Notes
    -----
    Equal to ``mask_text(text, luhn=luhn)[1]``; the rules are listed in the module docstring
    (check characters: GB 11643-1999 for ID numbers, Luhn / ISO/IEC 7812-1 for bank cards,
    GB 32100-2015 for credit codes). tests/browser/test_privacy_in_book.py uses it to scan the
    built book for complete mobile and ID numbers.

    Validated against: a labelled corpus of realistic sentences (recall and false positives,
    through :func:`mask_text`) — tests/hostile/test_masking_corpus.py.

    Examples
    --------
    The numbers are assembled from pieces so that this page never shows a complete one.

    >>> [f.kind for f in find_sensitive("座机（0755）" + "2612" + "3456")]
    ['landline']
    >>> find_sensitive("请回电" + "139" + "0000" + "1234")
    [Found(kind='mobile', start=3, end=14, masked='139****1234')]
    >>> find_sensitive("工单号 2024" + "1130" + "0001"), find_sensitive(None)
    ([], [])
    """
    return mask_text(text, luhn=luhn)[1]


def mask_series(series: pd.Series, *, luhn: bool = True) -> tuple[pd.Series, pd.DataFrame]:
    """Mask every text of a Series; return the masked Series and a tidy frame of what was masked.

    Parameters
    ----------
    series : pandas.Series
        Texts; missing values (None, NaN, ``pd.NA``) stay missing. Any other non-text value
        raises :class:`~helpers.InputError` naming the rows.
    luhn : bool
        As in :func:`mask_text`.

    Returns
    -------
    masked : pandas.Series
        Same index and name; missing values stay missing.
    found : pandas.DataFrame
        One row per masked item: ``row`` (index label), ``kind`` (one of :data:`KINDS`),
        ``start``, ``end`` (positions in the text) and ``masked``.

    Notes
    -----
    Applies :func:`mask_text` (rules in the module docstring) to every text.

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
    missing = [v is None or v is pd.NA or (isinstance(v, float) and v != v) for v in values]
    not_text = pd.Series([not m and not isinstance(v, str) for v, m in zip(values, missing)],
                         index=series.index)
    if not_text.any():
        raise bad_values(series.name, series, not_text, "不是文本（请先转换为字符串）",
                         "values that are not text",
                         hint="; convert the column with .astype(str) or fix those rows")
    out, rows = [], []
    for label, v, miss in zip(series.index, values, missing):
        if miss:
            out.append(v)
            continue
        masked, found = mask_text(v, luhn=luhn)
        out.append(masked)
        rows.extend((label, f.kind, f.start, f.end, f.masked) for f in found)
    masked = pd.Series(out, index=series.index, name=series.name, dtype=series.dtype)
    frame = pd.DataFrame(rows, columns=["row", "kind", "start", "end", "masked"])
    frame = frame.astype({"start": "int64", "end": "int64"})
    return masked, frame
