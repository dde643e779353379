"""Tests of helpers.privacy: examples per kind and format, and Hypothesis properties.

The recall / false-positive measurement on a labelled corpus is in
tests/hostile/test_masking_corpus.py.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import InputError
from helpers.privacy import (
    id_checksum,
    is_credit_code,
    is_valid_id,
    luhn_ok,
    mask_series,
    mask_text,
)

MOBILE_RE = re.compile(r"(?<![0-9])1[3-9][0-9]{9}(?![0-9])")
ID_RE = re.compile(r"(?<![0-9])[0-9]{17}[0-9Xx](?![0-9])")


def contains_mobile(text: str) -> bool:
    return MOBILE_RE.search(text) is not None


def contains_id(text: str) -> bool:
    return any(is_valid_id(m.group()) for m in ID_RE.finditer(text))


def make_id(body17: str) -> str:
    return body17 + id_checksum(body17)


def credit_code(body17: str) -> str:
    return body17 + next(c for c in "0123456789ABCDEFGHJKLMNPQRTUWXY"
                         if is_credit_code(body17 + c))


# ----------------------------------------------------------------------------- examples

def test_checksum_known_value():
    # the standard worked example of GB 11643-1999
    assert id_checksum("11010519491231002") == "X"
    assert is_valid_id("11010519491231002X") and is_valid_id("11010519491231002x")
    assert not is_valid_id("110105194912310021")
    with pytest.raises(InputError):
        id_checksum("１１０１０５１９４９１２３１００２")        # full-width: not ASCII digits


def test_credit_code_checksum():
    code = credit_code("91440300MA5G8KLX1")
    assert is_credit_code(code) and is_credit_code(code.lower())
    assert not is_credit_code(code[:-1] + ("0" if code[-1] != "0" else "1"))
    assert not is_credit_code("99" + code[2:])                # authority 9 has no type 9
    assert not is_credit_code(code[:17])


@pytest.mark.parametrize("text, kind, masked", [
    ("电话13812345678。", "mobile", "电话138****5678。"),
    ("身份证号11010519491231002X，", "id_card", "身份证号110***********002X，"),
    ("座机0571-88886666", "landline", "座机0571-****6666"),
    ("座机010-12345678", "landline", "座机010-****5678"),
    ("座机057188886666", "landline", "座机0571****6666"),
    ("邮箱zhang.san@example.com", "email", "邮箱z********@example.com"),
    ("卡号6222020200112233445", "bank_card", "卡号6222***********3445"),
    ("手机 138 1234 5678", "mobile", "手机 138 **** 5678"),
    ("电话138-1234-5678", "mobile", "电话138-****-5678"),
    ("+8613812345678", "mobile", "+86138****5678"),
    ("(+86)138.1234.5678", "mobile", "(+86)138.****.5678"),
    ("１３８１２３４５６７８", "mobile", "１３８****５６７８"),
    ("座机(0755)1234-5678", "landline", "座机(0755)****-5678"),
    ("座机（0755）12345678", "landline", "座机（0755）****5678"),
    ("86-755-12345678", "landline", "86-755-****5678"),
    ("电话010-12345678转8001", "landline", "电话010-****5678转8001"),
    ("座机：88886666", "landline", "座机：****6666"),
    ("用户@例子.中国", "email", "用*@例子.中国"),
    ("邮箱x@y.cn", "email", "邮箱*@y.cn"),
    ("卡号6222 0202 0011 2233", "bank_card", "卡号6222 **** **** 2233"),
    ("QQ：123456789", "qq", "QQ：12*****89"),
    ("微信号：zhangsan_1990", "wechat", "微信号：zh*********90"),
    ("护照号码E12345678", "passport", "护照号码E*****678"),
])
def test_mask_each_kind(text, kind, masked):
    out, found = mask_text(text)
    assert out == masked
    assert [f.kind for f in found] == [kind]
    assert len(out) == len(text)
    f = found[0]
    assert out[f.start:f.end] == f.masked


def test_eighteen_digits_failing_checksum():
    body = "11010519491231002"
    wrong = body + ("1" if id_checksum(body) != "1" else "2")
    # no keyword: not an ID (bad check character), not a card (Luhn / card prefix)
    assert mask_text(f"号码{wrong}")[1] == []
    # after an ID keyword a valid birth date suffices: a mistyped ID is still personal data
    out, found = mask_text(f"身份证{wrong}")
    assert [f.kind for f in found] == ["id_card"]
    assert out == f"身份证{wrong[:3]}{'*' * 11}{wrong[-4:]}"
    # luhn=False: every 16-19 digit number outside a code context counts as a card
    assert [f.kind for f in mask_text(f"号码{wrong}", luhn=False)[1]] == ["bank_card"]


def test_luhn_option():
    assert luhn_ok("4111111111111111") and not luhn_ok("41111x")
    assert mask_text("4111111111111112")[1] == []
    assert mask_text("4111111111111111")[1][0].kind == "bank_card"
    assert mask_text("4111111111111112", luhn=False)[1][0].kind == "bank_card"
    assert mask_text("卡号4111111111111112")[1][0].kind == "bank_card"     # keyword


def test_split_and_old_ids():
    full = make_id("11010519491231002")
    out, found = mask_text(f"身份证 {full[:6]} {full[6:14]} {full[14:]}")
    assert [f.kind for f in found] == ["id_card"]
    assert out.endswith(f"{full[:3]}*** ******** {full[14:]}")
    assert [f.kind for f in mask_text("老证" + "110105" + "491231" + "002")[1]] == ["id_card"]


def test_codes_dates_and_amounts_stay():
    code = credit_code("91440300MA5G8KLX1")
    for text in ("工单号：2024113012345678", "GD2024113012345678", f"统一社会信用代码{code}",
                 "2024-11-30 10:30", "20241130", "2024年11月30日 10:30", "¥12,345.00",
                 "1234567元", "总投资13900000000元", "邮编518000", "拨打12345",
                 "编号：6213140000123459", "客服电话400-800-1234"):
        assert mask_text(text) == (text, []), text


def test_mobile_inside_longer_digit_run_is_left_alone():
    text = "订单号913812345678901"
    assert mask_text(text) == (text, [])
    assert mask_text("12812345678")[1] == []          # 12x is not a mobile prefix


def test_mask_series_frame_and_missing():
    s = pd.Series(["无", None, "13912345678和0571-88886666"], index=["a", "b", "c"],
                  name="text")
    masked, found = mask_series(s)
    assert masked.isna().tolist() == [False, True, False]
    assert masked["c"] == "139****5678和0571-****6666"
    assert found[["row", "kind", "start", "end"]].values.tolist() == [
        ["c", "mobile", 0, 11], ["c", "landline", 12, 25]]
    with pytest.raises(InputError) as err:
        mask_series(pd.Series(["ok", 1, 2.5, None], name="text"))
    assert err.value.column == "text" and err.value.rows == [1, 2]
    assert "astype(str)" in str(err.value)
    with pytest.raises(InputError):
        mask_series(["not", "a", "series"])
    with pytest.raises(InputError):
        mask_text(12345678901)


# ----------------------------------------------------------------------------- properties

digits = st.text(alphabet="0123456789", min_size=1, max_size=22)
mobile = st.builds(lambda a, b: f"1{a}{b}", st.sampled_from("3456789"),
                   st.text(alphabet="0123456789", min_size=9, max_size=9))
# 18-digit IDs as they occur: a region code, a real birth date, a sequence number
idnum = st.builds(lambda region, day, seq: make_id(f"{region}{day:%Y%m%d}{seq:03d}"),
                  st.sampled_from(["110105", "440305", "310115", "990105"]),
                  st.dates(min_value=pd.Timestamp("1920-01-01").date(),
                           max_value=pd.Timestamp("2024-12-31").date()),
                  st.integers(0, 999))
filler = st.text(alphabet="的了办理窗口电话号码，。：@.-xXab 0123456789", max_size=8)
piece = st.one_of(digits, mobile, idnum, filler, st.just("a@b.cn"), st.just("0571-88886666"))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(piece, max_size=8).map("".join))
def test_masked_output_never_contains_a_valid_mobile_or_id(text):
    out, found = mask_text(text)
    assert len(out) == len(text)
    assert not contains_mobile(out)
    assert not any(is_valid_id(m.group()) and m.group()[6:8] in ("19", "20")
                   for m in ID_RE.finditer(out))
    for f in found:                                       # positions point at the masks
        assert out[f.start:f.end] == f.masked


@settings(max_examples=200, deadline=None)
@given(st.lists(piece, max_size=6).map("".join))
def test_every_original_mobile_and_id_is_reported(text):
    _, found = mask_text(text)
    spans = {(f.start, f.end) for f in found}
    for m in MOBILE_RE.finditer(text):
        assert any(s <= m.start() and m.end() <= e for s, e in spans)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(idnum, filler), max_size=6).map("".join))
def test_every_id_with_a_birth_date_is_reported(text):
    _, found = mask_text(text)
    for m in ID_RE.finditer(text):
        s = m.group()
        if is_valid_id(s) and s[:6] in ("110105", "440305", "310115", "990105"):
            try:
                pd.Timestamp(f"{s[6:10]}-{s[10:12]}-{s[12:14]}")
            except ValueError:
                continue
            assert any(f.start <= m.start() and m.end() <= f.end for f in found), s


# text without digits, "@", separators or ASCII letters (no keyword such as QQ or tel): nothing
# to mask
safe_digits = st.text(alphabet="0123456789", min_size=1, max_size=9)
safe_words = st.text(alphabet=st.characters(
    exclude_characters="@＠ .-+()（）－．＋\u3000\u00a0‐‑‒–—―−﹣",
    exclude_categories=("Cs", "Nd", "Lu", "Ll")), min_size=1, max_size=10)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(safe_words, safe_digits), max_size=6)
       .map(lambda pairs: "".join(w + d for w, d in pairs)))
def test_non_sensitive_text_unchanged(text):
    assert mask_text(text) == (text, [])
