"""Tests of helpers.privacy: examples per kind, and Hypothesis properties."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import InputError
from helpers.privacy import id_checksum, is_valid_id, luhn_ok, mask_series, mask_text

MOBILE_RE = re.compile(r"(?<![0-9])1[3-9][0-9]{9}(?![0-9])")
ID_RE = re.compile(r"(?<![0-9])[0-9]{17}[0-9Xx](?![0-9])")


def contains_mobile(text: str) -> bool:
    return MOBILE_RE.search(text) is not None


def contains_id(text: str) -> bool:
    return any(is_valid_id(m.group()) for m in ID_RE.finditer(text))


def make_id(body17: str) -> str:
    return body17 + id_checksum(body17)


# ----------------------------------------------------------------------------- examples

def test_checksum_known_value():
    # the standard worked example of GB 11643-1999
    assert id_checksum("11010519491231002") == "X"
    assert is_valid_id("11010519491231002X") and is_valid_id("11010519491231002x")
    assert not is_valid_id("110105194912310021")


@pytest.mark.parametrize("text, kind, masked", [
    ("电话13812345678。", "mobile", "电话138****5678。"),
    ("身份证号11010519491231002X，", "id_card", "身份证号110***********002X，"),
    ("座机0571-88886666", "landline", "座机0571-****6666"),
    ("座机010-12345678", "landline", "座机010-****5678"),
    ("座机057188886666", "landline", "座机0571****6666"),
    ("邮箱zhang.san@example.com", "email", "邮箱z********@example.com"),
    ("卡号6222020200112233445", "bank_card", "卡号6222***********3445"),
])
def test_mask_each_kind(text, kind, masked):
    out, found = mask_text(text)
    assert out == masked
    assert [f.kind for f in found] == [kind]
    assert len(out) == len(text)
    f = found[0]
    assert out[f.start:f.end] == f.masked


def test_eighteen_digits_failing_checksum_is_a_bank_card_not_an_id():
    body = "11010519491231002"
    wrong = body + ("1" if id_checksum(body) != "1" else "2")
    out, found = mask_text(f"号码{wrong}")
    assert [f.kind for f in found] == ["bank_card"]
    assert out == f"号码{wrong[:4]}{'*' * 10}{wrong[-4:]}"


def test_luhn_option():
    assert luhn_ok("4111111111111111")
    assert mask_text("4111111111111112", luhn=True)[1] == []
    assert mask_text("4111111111111111", luhn=True)[1][0].kind == "bank_card"


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
    with pytest.raises(InputError):
        mask_series(pd.Series([1, 2]))


# ----------------------------------------------------------------------------- properties

digits = st.text(alphabet="0123456789", min_size=1, max_size=22)
mobile = st.builds(lambda a, b: f"1{a}{b}", st.sampled_from("3456789"),
                   st.text(alphabet="0123456789", min_size=9, max_size=9))
idnum = st.builds(make_id, st.text(alphabet="0123456789", min_size=17, max_size=17))
filler = st.text(alphabet="的了办理窗口电话号码，。：@.-xXab 0123456789", max_size=8)
piece = st.one_of(digits, mobile, idnum, filler, st.just("a@b.cn"), st.just("0571-88886666"))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(piece, max_size=8).map("".join))
def test_masked_output_never_contains_a_valid_mobile_or_id(text):
    out, found = mask_text(text)
    assert len(out) == len(text)
    assert not contains_mobile(out)
    assert not contains_id(out)
    for f in found:                                       # positions point at the masks
        assert out[f.start:f.end] == f.masked


@settings(max_examples=200, deadline=None)
@given(st.lists(piece, max_size=6).map("".join))
def test_every_original_mobile_and_id_is_reported(text):
    _, found = mask_text(text)
    spans = {(f.start, f.end) for f in found}
    for m in MOBILE_RE.finditer(text):
        assert any(s <= m.start() and m.end() <= e for s, e in spans)
    for m in ID_RE.finditer(text):
        if is_valid_id(m.group()):
            assert any(s <= m.start() and m.end() <= e for s, e in spans)


# text without "@" and without digit runs longer than 9: nothing to mask
safe_digits = st.text(alphabet="0123456789", min_size=1, max_size=9)
safe_words = st.text(alphabet=st.characters(exclude_characters="@0123456789",
                                            exclude_categories=("Cs",)), min_size=1,
                     max_size=10)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(safe_words, safe_digits), max_size=6)
       .map(lambda pairs: "".join(w + d for w, d in pairs)))
def test_non_sensitive_text_unchanged(text):
    assert mask_text(text) == (text, [])
