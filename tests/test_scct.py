"""helpers.scct: the published SCCT guidelines (Coombs 2007) encoded as tests."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers import HelpersError
from helpers.scct import CLUSTERS, CRISIS_TYPES, POSTURES, scct_recommendation

VICTIM = ["自然灾害", "谣言", "工作场所暴力", "外部恶意破坏"]
ACCIDENTAL = ["指责与质疑", "技术故障事故", "技术故障造成的损害"]
PREVENTABLE = ["人为失误事故", "人为失误造成的损害", "违规行为（无人受伤）", "管理人员失当行为",
               "违规行为（有人受伤）"]
ALL = list(itertools.product(CRISIS_TYPES, [False, True], [False, True]))


def _primary(t, h=False, p=False):
    r = scct_recommendation(t, history=h, poor_reputation=p)
    return r.loc[r["role"] == "primary", "posture"].tolist()


def test_clusters_as_published():
    assert [t for t, c in CRISIS_TYPES.items() if c == "victim"] == VICTIM
    assert [t for t, c in CRISIS_TYPES.items() if c == "accidental"] == ACCIDENTAL
    assert [t for t, c in CRISIS_TYPES.items() if c == "preventable"] == PREVENTABLE


@pytest.mark.parametrize("t", VICTIM)
def test_victim_without_intensifier_instructing_alone(t):          # guideline 1
    assert _primary(t) == []
    r = scct_recommendation(t).set_index("posture")
    assert r.loc["instructing", "role"] == "first"
    assert r.loc[["diminish", "rebuild"], "role"].eq("not_needed").all()


@pytest.mark.parametrize("t,h,p", [(t, h, p) for t in VICTIM for h, p in
                                   [(True, False), (False, True), (True, True)]])
def test_victim_with_intensifier_diminish(t, h, p):                 # guideline 3
    assert _primary(t, h, p) == ["diminish"]


@pytest.mark.parametrize("t", ACCIDENTAL)
def test_accidental(t):                                             # guidelines 4 and 5
    assert _primary(t) == ["diminish"]
    assert _primary(t, True, False) == _primary(t, False, True) == ["rebuild"]


@pytest.mark.parametrize("t,h,p", [(t, h, p) for t in PREVENTABLE for h in (False, True)
                                   for p in (False, True)])
def test_preventable_always_rebuild(t, h, p):                       # guideline 6
    assert _primary(t, h, p) == ["rebuild"]


@pytest.mark.parametrize("t,h,p", ALL)
def test_deny_only_for_rumour_and_challenge_and_never_primary(t, h, p):   # guidelines 7, 8
    r = scct_recommendation(t, history=h, poor_reputation=p).set_index("posture")
    assert r.loc["deny", "role"] == ("conditional" if t in ("谣言", "指责与质疑") else "avoid")
    assert r.loc["bolster", "role"] == "supplement"                 # bolstering supplements
    assert r.loc["instructing", "role"] == "first"                  # protect people first
    assert (r["role"] == "primary").sum() <= 1
    assert list(r.index) == list(POSTURES)
    assert r["reason"].str.len().gt(20).all()


def test_threat_rises_one_step_with_an_intensifier():
    assert scct_recommendation("谣言")["threat"].iloc[0] == "轻微"
    assert scct_recommendation("谣言", history=True)["threat"].iloc[0] == "中等"
    assert scct_recommendation("技术故障事故", poor_reputation=True)["threat"].iloc[0] == "严重"
    assert scct_recommendation("人为失误事故", history=True)["threat"].iloc[0] == "严重"


def test_victimage_only_for_victim_crises():                         # guideline 2
    for t, c in CRISIS_TYPES.items():
        reason = scct_recommendation(t).set_index("posture").loc["bolster", "reason"]
        assert ("同样是受害者" in reason) == (c == "victim")


def test_frozen_table():
    r = scct_recommendation("技术故障事故", history=True)
    assert r.columns.tolist() == ["crisis_type", "cluster", "cluster_zh", "attribution",
                                  "intensified", "threat", "posture", "posture_zh",
                                  "strategies", "role", "role_zh", "reason"]
    assert r["role"].tolist() == ["first", "avoid", "not_needed", "primary", "supplement"]
    assert r["reason"].iloc[3].startswith("“技术故障事故”属于意外型危机")


@given(st.one_of(st.text(), st.integers(), st.none()))
def test_unknown_type_is_an_error(bad):
    if bad in CRISIS_TYPES:
        return
    with pytest.raises(HelpersError, match="crisis_type"):
        scct_recommendation(bad)


def test_intensifiers_must_be_bools():
    with pytest.raises(HelpersError, match="history"):
        scct_recommendation("谣言", history="yes")
    with pytest.raises(HelpersError, match="poor_reputation"):
        scct_recommendation("谣言", poor_reputation=1)
    assert set(CLUSTERS) == {"victim", "accidental", "preventable"}
