"""Hostile text files (CSV/TSV/TXT): field counts, quotes, delimiters, encodings, headers.

Each test writes the file byte by byte and checks the loader's answer: the right data with the
rows accounted for (and anything interpreted in ``notes``), or an InputError naming the line.
"""

from __future__ import annotations

import pandas as pd
import pytest

from helpers import InputError
from helpers.io import read_ratings, read_survey, read_table


def _accounted(res) -> None:
    assert res.counts["read"] == res.counts["kept"] + res.counts["excluded"]
    assert len(res.data) == res.counts["kept"]
    assert res.report["source_row"].nunique() == res.counts["excluded"]


# ----------------------------------------------------------------------------- field counts

def test_trailing_comma_on_data_lines_is_not_an_index(write_text):
    # pandas alone takes the first column as the index here and shifts every column left
    f = write_text("trail.csv", "respondent_id,E1,P1\nR1,5,6,\nR2,4,3,\n")
    res = read_survey(f)
    assert res.data["respondent_id"].tolist() == ["R1", "R2"]
    assert res.data["E1"].tolist() == [5, 4] and res.data["P1"].tolist() == [6, 3]
    note = res.notes.set_index("note")["count"]
    assert note.filter(like="empty fields after the last column").item() == 2
    _accounted(res)


def test_trailing_comma_on_the_header_only(write_text):
    f = write_text("trail_head.csv", "respondent_id,E1,P1,\nR1,5,6\nR2,4,3\n")
    res = read_survey(f)
    assert res.data["E1"].tolist() == [5, 4] and res.counts["excluded"] == 0


def test_extra_value_beyond_the_header_is_a_row_problem(write_text):
    f = write_text("extra.csv", "respondent_id,E1,P1\nR1,5,6\nR2,4,3,7\nR3,2,2\n")
    with pytest.raises(InputError, match="4 个字段") as err:
        read_survey(f)
    assert err.value.rows == [3] and err.value.column is None
    assert "line has 4 fields, the header has 3" in str(err.value)
    res = read_survey(f, on_invalid="exclude")
    assert res.data["respondent_id"].tolist() == ["R1", "R3"]
    assert res.report.loc[0, "source_row"] == 3
    _accounted(res)


def test_short_line_is_a_row_problem_not_padded(write_text):
    # a line broken by an unquoted line break: two short lines, neither may become a row
    f = write_text("short.csv", "respondent_id,region,E1\nR1,主城区,5\nR2,乡\n镇,6\nR3,县城,4\n")
    with pytest.raises(InputError, match=r"第 3, 4 行") as err:
        read_survey(f)
    assert err.value.rows == [3, 4]
    res = read_survey(f, on_invalid="exclude")
    assert res.data["respondent_id"].tolist() == ["R1", "R3"]
    assert res.report["source_row"].tolist() == [3, 4]
    _accounted(res)


def test_unbalanced_quote_names_the_line(write_text):
    f = write_text("quote.csv", 'respondent_id,E1,P1\nR1,5,6\nR2,"4,3\nR3,4,5\n')
    with pytest.raises(InputError, match="第 3 行开始的记录引号不配对") as err:
        read_survey(f)
    assert err.value.rows == [3]


def test_quoted_fields_with_delimiters_and_line_breaks_are_read(write_text):
    f = write_text("quoted.csv", 'respondent_id,region,E1\nR1,"主城区, 东",5\n'
                                 'R2,"多\n行",4\nR3,"说""好""",3\n')
    res = read_survey(f)
    assert res.data["region"].tolist() == ["主城区, 东", "多\n行", '说"好"']
    assert res.data["E1"].tolist() == [5, 4, 3]
    # the record after a two-line record reports its own first line
    g = write_text("quoted_bad.csv", 'respondent_id,region,E1\nR1,"多\n行",5\nR2,乡镇,x\n')
    with pytest.raises(InputError) as err:
        read_survey(g)
    assert err.value.rows == [4] and err.value.column == "E1"


def test_quoted_line_with_wrong_count(write_text):
    f = write_text("q2.csv", 'respondent_id,region,E1\nR1,"a,b",5\nR2,"c",4,9\n')
    with pytest.raises(InputError, match="4 个字段") as err:
        read_survey(f)
    assert err.value.rows == [3]


def test_blank_and_whitespace_lines_are_reported(write_text):
    f = write_text("blank.csv", "respondent_id,E1\nR1,5\n\n   \n,\nR2,6\n")
    res = read_survey(f)
    assert res.data["respondent_id"].tolist() == ["R1", "R2"]
    assert res.report["source_row"].tolist() == [3, 4, 5]
    assert res.report["reason"].str.contains("blank").all()
    _accounted(res)


def test_bare_carriage_returns_are_refused(write_text):
    f = write_text("cr.csv", "respondent_id,E1\rR1,5\rR2,6\r")
    with pytest.raises(InputError, match="回车符"):
        read_survey(f)


# ----------------------------------------------------------------------------- encodings

@pytest.mark.parametrize("encoding, expected", [
    ("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("gbk", "gb18030"),
    ("gb18030", "gb18030"), ("utf-16", "utf-16")])
def test_every_encoding_reads_the_same(write_text, encoding, expected):
    text = "respondent_id,region,E1,P1\nR1,主城区,5,6\nR2,乡镇,4,3\nR3,䶮县,7,7\n"
    if encoding == "gbk":
        text = text.replace("䶮", "新")           # outside GBK, inside GB18030
    f = write_text(f"s_{encoding}.csv", text, encoding)
    res = read_survey(f)
    assert res.info["encoding"] == expected
    assert res.data["region"].tolist()[:2] == ["主城区", "乡镇"]
    assert res.data["P1"].tolist() == [6, 3, 7]


def test_excel_unicode_text_is_utf16_tab_separated(write_text):
    # Excel "Unicode text (*.txt)": UTF-16 LE with BOM, tab, CRLF, quotes around fields
    text = ('编号\t地区\t总体满意度\r\n"A1"\t主城区\t5\r\nA2\t"乡镇, 东"\t4\r\n')
    for name in ("export.txt", "export.tsv", "export.csv"):
        res = read_survey(write_text(name, text, "utf-16"),
                          {"编号": "respondent_id", "地区": "region", "总体满意度": "satisfaction"})
        assert res.info["encoding"] == "utf-16" and res.info["delimiter"] == "\t"
        assert res.data["region"].tolist() == ["主城区", "乡镇, 东"]
        assert res.data["satisfaction"].tolist() == [5, 4]


def test_utf16_without_bom(write_text):
    f = write_text("le.txt", "respondent_id\tE1\nR1\t5\n", "utf-16-le")
    res = read_survey(f)
    assert res.info["encoding"] == "utf-16-le" and res.data["E1"].tolist() == [5]


@pytest.mark.parametrize("sep", [";", "|", "\t"])
def test_delimiter_detected(write_text, sep):
    f = write_text("sep.csv", sep.join(["respondent_id", "region", "E1"]) + "\n"
                   + sep.join(["R1", "主城区, 东", "5"]) + "\n" + sep.join(["R2", "乡镇", "6"]) + "\n")
    res = read_survey(f)
    assert res.info["delimiter"] == sep
    assert res.data["region"].tolist() == ["主城区, 东", "乡镇"]


def test_delimiter_override(write_text):
    f = write_text("one.csv", "respondent_id;E1\nR1;5\n")
    res = read_survey(f, delimiter=";")
    assert res.data["E1"].tolist() == [5]
    with pytest.raises(InputError, match="delimiter"):
        read_survey(f, delimiter=";;")


# ----------------------------------------------------------------------------- headers

def test_title_line_with_a_delimiter_is_not_taken_as_the_header(write_text):
    f = write_text("title.csv", "满意度调查,2024年\nrespondent_id,E1\nR1,5\nR2,6\n")
    with pytest.raises(InputError, match="header_row=") as err:
        read_survey(f)
    assert err.value.rows == [1]
    res = read_survey(f, header_row=2)
    assert res.data["E1"].tolist() == [5, 6] and res.info["title_rows"] == [1]


def test_header_found_by_its_names_not_by_width(write_text):
    # the header names only one column; the data lines are wider: the old width rule took
    # the first data line as the header and the real header as a "title row"
    f = write_text("narrow.csv", "编号,,,\nA1,5,6,7\nA2,4,,\n")
    res = read_survey(f, {"编号": "respondent_id"})
    assert res.info["header_row"] == 1 and res.info["title_rows"] == []
    assert res.data["respondent_id"].tolist() == ["A1", "A2"]
    assert res.counts == {"read": 2, "kept": 2, "excluded": 0}


def test_one_answer_lines_are_data_not_titles(write_text):
    f = write_text("sparse.csv", "respondent_id,E1,P1\nR1,,\nR2,5,\nR3,5,6\n")
    res = read_survey(f)
    assert res.data["respondent_id"].tolist() == ["R1", "R2", "R3"]
    assert res.info["title_rows"] == []


def test_sub_label_row_under_the_header_is_refused(write_text):
    f = write_text("sub.csv", "序号,5、设备,5、环境,6、设备\n,设备现代化,环境整洁,设备现代化\n"
                              "1,5,3,4\n2,6,2,5\n3,6,2,5\n")
    mapping = {"序号": "respondent_id", "5、设备": "E1", "5、环境": "E2", "6、设备": "P1"}
    with pytest.raises(InputError, match="第二行表头") as err:
        read_survey(f, mapping)
    assert err.value.rows == [2]


def test_header_only_and_empty(write_text):
    with pytest.raises(InputError, match="没有数据行"):
        read_survey(write_text("h.csv", "respondent_id,E1\n"))
    with pytest.raises(InputError, match="文件为空"):
        read_survey(write_text("e.csv", "\n\n  \n"))
    with pytest.raises(InputError, match="header_row"):
        read_survey(write_text("x.csv", "respondent_id,E1\nR1,5\n"), header_row=0)


def test_read_table_reports_problems_on_the_chunk(write_text):
    f = write_text("t.csv", "a,b\n1,2\n3,4,5\n6,7,\n")
    chunks, info = read_table(f)
    frame = next(chunks)
    assert list(frame.columns) == ["a", "b"] and frame.index.tolist() == [2, 3, 4]
    (rows, column, reason), = frame.attrs["problems"]
    assert rows == [3] and column is None and "3 fields" in reason
    assert frame.attrs["notes"][0][2] == 1           # one line with an empty trailing field
    assert info["headers"] == ["a", "b"]


def test_chunked_reading_keeps_line_numbers(write_text):
    lines = ["rating_id,time,window,grade"]
    lines += [f"H{i},2025-03-03 09:{i % 60:02d},W1,5" for i in range(1, 26)]
    lines[17] = "H17,2025-03-03 09:17,W1"             # line 18 is short
    f = write_text("chunks.csv", "\n".join(lines) + "\n")
    res = read_ratings(f, chunksize=4, on_invalid="exclude")
    assert res.report["source_row"].tolist() == [18]
    assert res.counts == {"read": 25, "kept": 24, "excluded": 1}
    assert pd.api.types.is_datetime64_any_dtype(res.data["time"])
