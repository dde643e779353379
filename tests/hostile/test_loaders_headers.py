"""Hostile headers: duplicates, 问卷星 matrix labels that normalise alike, mappings that collide,
files whose columns match nothing, two-row headers."""

from __future__ import annotations

import pytest

from helpers import InputError
from helpers.io import ANSWERS_AGREE_7, ANSWERS_SATISFACTION_5, read_survey


def test_wjx_export_with_exact_mapping(write_xlsx, wjx_rows, wjx_mapping):
    f = write_xlsx("wjx.xlsx", wjx_rows(6), merge=["A1:D1"])
    answers = {c: ANSWERS_AGREE_7 for c in wjx_mapping.values()}
    answers["satisfaction"] = ANSWERS_SATISFACTION_5
    res = read_survey(f, wjx_mapping, answers=answers)
    assert res.info["header_row"] == 2 and res.info["title_rows"] == [1]
    assert res.counts == {"read": 6, "kept": 6, "excluded": 0}
    # E holds the expectation answers (5–7), P the perceptions (2–6): no mix-up
    assert res.data[["E1", "E2", "E3", "E4"]].min().min() >= 5
    assert res.data[["P1", "P2", "P3", "P4"]].max().max() <= 6
    assert res.data["satisfaction"].tolist() == [3, 4, 3, 4, 3, 4]
    assert "提交答卷时间" in res.info["ignored_columns"]


def test_matrix_labels_that_normalise_alike_are_an_error(write_xlsx, wjx_rows):
    f = write_xlsx("wjx.xlsx", wjx_rows(4))
    # the analyst typed "5." where the export says "5、": both 5、(设备现代化) and 6、(设备现代化)
    # normalise to "(设备现代化)"; the old loader silently used the first for both
    with pytest.raises(InputError, match="同时对应多列") as err:
        read_survey(f, {"序号": "respondent_id", "5.(设备现代化)": "E1", "6.(设备现代化)": "P1"})
    msg = str(err.value)
    assert "'5、(设备现代化)'" in msg and "'6、(设备现代化)'" in msg
    assert "column 5 (E)" in msg and "column 9 (I)" in msg
    assert err.value.column == "E1"


def test_two_sources_onto_one_schema_column(write_xlsx, wjx_rows):
    f = write_xlsx("wjx.xlsx", wjx_rows(4))
    with pytest.raises(InputError, match="映射到同一列 'E1'") as err:
        read_survey(f, {"序号": "respondent_id", "5、(设备现代化)": "E1", "5、(环境整洁)": "E1"})
    assert "'5、(设备现代化)'" in str(err.value) and "'5、(环境整洁)'" in str(err.value)
    # the id shortcut cannot silently replace a mapped id either
    with pytest.raises(InputError, match="respondent_id"):
        read_survey(f, {"序号": "respondent_id"}, id="来源")


def test_two_mapping_keys_matching_one_header(write_text):
    f = write_text("s.csv", "编号,Q1. 总体满意度\nA,5\n")
    with pytest.raises(InputError, match="都对应") as err:
        read_survey(f, {"编号": "respondent_id", "Q1. 总体满意度": "satisfaction",
                        "总体满意度": "trust"})
    assert "column 2 (B)" in str(err.value)


def test_wjx_file_without_mapping_is_an_error_not_an_empty_frame(write_xlsx, wjx_rows):
    f = write_xlsx("wjx.xlsx", wjx_rows(4))
    with pytest.raises(InputError, match="没有任何列与本包的列名对应") as err:
        read_survey(f)
    assert "mapping=" in str(err.value) and "'序号'" in str(err.value)


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_duplicated_header_names_both_positions(kind, write_text, write_xlsx):
    if kind == "csv":
        f = write_text("dup.csv", "respondent_id,E1,P1,E1\nR1,5,6,7\n")
    else:
        f = write_xlsx("dup.xlsx", [["respondent_id", "E1", "P1", "E1"], ["R1", 5, 6, 7]])
    with pytest.raises(InputError, match="'E1' 出现了 2 次") as err:
        read_survey(f)
    assert "column 2 (B), column 4 (D)" in str(err.value) and err.value.column == "E1"
    with pytest.raises(InputError, match="出现了 2 次"):
        read_survey(f, {"respondent_id": "respondent_id", "E1": "E1"})
    # a duplicate that is not used is harmless: it is listed among the ignored columns
    res = read_survey(f, {"respondent_id": "respondent_id", "P1": "P1"})
    assert res.data["P1"].tolist() == [6]
    assert res.info["ignored_columns"] == ["E1", "E1"]


def test_full_width_and_spaced_schema_headers(write_text):
    f = write_text("fw.csv", "respondent_id, Ｅ１ ,P1\nR1,5,6\n")
    res = read_survey(f)
    assert res.data["E1"].tolist() == [5]
    g = write_text("fw2.csv", "respondent_id,Ｅ１,E1\nR1,5,6\n")
    with pytest.raises(InputError, match="出现了 2 次"):
        read_survey(g)


def test_sub_label_row_of_a_two_row_xlsx_header(write_xlsx):
    rows = [["序号", "5、设备", "5、环境", "6、设备"], [None, "设备现代化", "环境整洁", "设备现代化"],
            [1, 5, 3, 4], [2, 6, 2, 5], [3, 7, 1, 5]]
    f = write_xlsx("two.xlsx", rows)
    mapping = {"序号": "respondent_id", "5、设备": "E1", "5、环境": "E2", "6、设备": "P1"}
    with pytest.raises(InputError, match="第二行表头") as err:
        read_survey(f, mapping)
    assert err.value.rows == [2]


def test_row_without_any_mapped_value_is_reported_not_a_respondent(write_xlsx):
    rows = [["序号", "备注", "E1"], [1, "ok", 5], [None, "（分组说明）", None], [2, "", 6]]
    f = write_xlsx("gap.xlsx", rows)
    res = read_survey(f, {"序号": "respondent_id", "E1": "E1"})
    assert res.data["respondent_id"].tolist() == ["1", "2"]
    assert res.report["source_row"].tolist() == [3]
    assert "no values in the mapped columns" in res.report.loc[0, "reason"]


def test_merged_and_multirow_headers_still_refused(write_xlsx):
    f = write_xlsx("m.xlsx", [["编号", "期望", None], ["R1", 5, 6]], merge=["B1:C1"])
    with pytest.raises(InputError, match="合并单元格 B1:C1"):
        read_survey(f, {"编号": "respondent_id"})
    g = write_xlsx("mr.xlsx", [["", "期望", "", "感知"], ["编号", "E1", "E2", "P1"],
                               ["R1", 5, 6, 4]])
    with pytest.raises(InputError, match="多行表头"):
        read_survey(g)
    assert read_survey(g, header_row=2).data["E1"].tolist() == [5]
