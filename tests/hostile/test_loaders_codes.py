"""Cells that are not answers: missing-value tokens, SPSS user-missing codes and value labels,
98/99 codes, full-width digits, missing ids, formulas without a stored result."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from helpers import InputError
from helpers.io import MISSING_TOKENS, read_ratings, read_survey

TOKENS = ["N/A", "NA", "null", "不适用", "（跳过）", "-", "#N/A", "None"]


def _notes(res) -> dict[tuple[str, str], int]:
    return {(c, n): k for c, n, k in res.notes.itertuples(index=False)}


def _token_counts(res, column: str) -> int:
    return sum(k for (c, n), k in _notes(res).items() if c == column and "token" in n)


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "sav"])
def test_missing_tokens_are_read_the_same_way_in_every_format(fmt, write_text, write_xlsx,
                                                              write_sav):
    ids = [f"R{i}" for i in range(len(TOKENS) + 1)]
    e1 = TOKENS + ["5"]
    frame = pd.DataFrame({"respondent_id": ids, "E1": e1, "P1": ["6"] * len(ids)})
    if fmt == "csv":
        f = write_text("t.csv", frame.to_csv(index=False))
    elif fmt == "xlsx":
        f = write_xlsx("t.xlsx", [list(frame.columns)] + frame.values.tolist())
    else:
        f = write_sav("t.sav", frame)
    res = read_survey(f)
    assert res.counts == {"read": len(ids), "kept": len(ids), "excluded": 0}
    assert res.data["E1"].isna().sum() == len(TOKENS)
    assert res.data["E1"].iloc[-1] == 5
    assert _token_counts(res, "E1") == len(TOKENS)          # reported, per column
    assert set(MISSING_TOKENS) >= {"n/a", "null", "不适用", "(跳过)"}


def test_free_text_keeps_tokens_as_written(write_text):
    f = write_text("t.csv", "ticket_id,received,text\nT1,2025-03-01 08:00,无\n"
                            "T2,2025-03-01 09:00,N/A\n")
    from helpers.io import read_tickets
    res = read_tickets(f, mask=False)
    assert res.data["text"].tolist() == ["无", "N/A"] and res.notes.empty


def test_codes_98_99_on_a_7_point_item_are_never_scores(write_text):
    f = write_text("c.csv", "respondent_id,E1,P1\nR1,5,6\nR2,98,6\nR3,4,99\n")
    with pytest.raises(InputError, match="超出范围 1–7") as err:
        read_survey(f)
    assert err.value.column == "E1" and err.value.rows == [3]
    res = read_survey(f, on_invalid="exclude")
    assert res.data["respondent_id"].tolist() == ["R1"]
    assert sorted(res.report["source_row"]) == [3, 4]


def test_sav_user_missing_codes_are_reported(write_sav):
    df = pd.DataFrame({"respondent_id": ["R1", "R2", "R3", "R4"],
                       "E1": [5.0, 99.0, 98.0, 6.0], "P1": [4.0, 4.0, 4.0, 97.0]})
    f = write_sav("um.sav", df, missing_ranges={"E1": [98.0, 99.0], "P1": [{"lo": 90, "hi": 99}]},
                  variable_value_labels={"E1": {98.0: "不知道", 99.0: "拒答"}})
    res = read_survey(f)
    assert res.data["E1"].tolist()[0] == 5 and res.data["E1"].isna().tolist() == [
        False, True, True, False]
    assert res.data["P1"].isna().tolist() == [False, False, False, True]
    notes = _notes(res)
    assert notes[("E1", "SPSS 用户缺失值 99（拒答）按缺失处理 (SPSS user-missing code 99 '拒答' "
                        "read as missing)")] == 1
    assert sum(k for (c, n), k in notes.items() if c == "P1" and "user-missing code 97" in n) == 1
    assert res.counts["excluded"] == 0


def test_sav_value_labelled_code_outside_the_scale_is_missing_not_a_score(write_sav):
    df = pd.DataFrame({"respondent_id": ["R1", "R2", "R3"], "satisfaction": [5.0, 6.0, 3.0]})
    f = write_sav("vl.sav", df, variable_value_labels={"satisfaction": {
        1.0: "非常不满意", 5.0: "非常满意", 6.0: "不清楚"}})
    res = read_survey(f, scale=(1, 5))
    assert res.data["satisfaction"].tolist()[0] == 5 and pd.isna(res.data["satisfaction"][1])
    (col, note, n), = res.notes.itertuples(index=False)
    assert col == "satisfaction" and "6（不清楚）" in note and n == 1
    # on a 1–7 scale the same 6 is an answer
    assert read_survey(f).data["satisfaction"].tolist() == [5, 6, 3]


def test_sav_labelled_non_answer_on_a_count(write_sav):
    df = pd.DataFrame({"respondent_id": ["R1", "R2"], "visits": [3.0, 99.0]})
    f = write_sav("cnt.sav", df, variable_value_labels={"visits": {99.0: "拒绝回答"}})
    res = read_survey(f)
    assert res.data["visits"].tolist()[0] == 3 and pd.isna(res.data["visits"][1])
    assert "99（拒绝回答）" in res.notes.loc[0, "note"]


def test_full_width_digits_in_answers(write_text, write_xlsx):
    f = write_text("fw.csv", "respondent_id,E1,P1\nR1,４,５.０\nR2, 6 ,７\n")
    res = read_survey(f)
    assert res.data["E1"].tolist() == [4, 6] and res.data["P1"].tolist() == [5, 7]
    g = write_xlsx("fw.xlsx", [["respondent_id", "E1"], ["Ｒ１", "４"], ["R2", 3]])
    assert read_survey(g).data.values.tolist() == [["R1", 4], ["R2", 3]]


def test_missing_id_is_reported_as_missing_not_duplicate(write_text, write_xlsx, write_sav):
    f = write_text("id.csv", "respondent_id,E1\nR1,5\n,6\n,7\nR1,4\n")
    with pytest.raises(InputError) as err:
        read_survey(f)
    assert "missing id" in str(err.value) and "nan" not in str(err.value)
    assert err.value.rows == [3, 4]
    res = read_survey(f, on_invalid="exclude")
    reasons = dict(zip(res.report["source_row"], res.report["reason"]))
    assert "missing id" in reasons[3] and "missing id" in reasons[4]
    assert "duplicate id R1, first seen in row 2" in reasons[5]
    assert not any("nan" in r for r in reasons.values())
    g = write_sav("id.sav", pd.DataFrame({"respondent_id": [1.0, np.nan, 2.0], "E1": [5.0, 6, 7]}))
    res = read_survey(g, on_invalid="exclude")
    assert res.data["respondent_id"].tolist() == ["1", "2"]
    assert "missing id" in res.report.loc[0, "reason"]


def test_formula_cells_without_a_stored_result(write_xlsx):
    f = write_xlsx("f.xlsx", [["respondent_id", "E1", "P1"], ["R1", 5, "=B2+1"], ["R2", 4, 3]])
    with pytest.raises(InputError, match="公式没有保存计算结果") as err:
        read_survey(f)
    assert err.value.rows == [2] and err.value.column == "P1"
    res = read_survey(f, on_invalid="exclude")
    assert res.data["respondent_id"].tolist() == ["R2"]
    # a formula in a column that is not used does not matter
    ok = read_survey(f, {"respondent_id": "respondent_id", "E1": "E1"})
    assert ok.counts["excluded"] == 0


def test_excel_error_values_are_row_problems(write_xlsx):
    f = write_xlsx("err.xlsx", [["respondent_id", "E1"], ["R1", "#DIV/0!"], ["R2", 3]])
    with pytest.raises(InputError, match="#DIV/0!"):
        read_survey(f)


def test_grade_tokens_and_full_width_stars(write_text):
    f = write_text("g.csv", "time,window,grade\n2025-03-03 09:00,W1,５\n"
                            "2025-03-03 09:10,W1,N/A\n2025-03-03 09:20,W2,满意\n")
    res = read_ratings(f)
    assert res.data["grade"].tolist()[0] == "非常满意" and pd.isna(res.data["grade"][1])
    assert _token_counts(res, "grade") == 1
