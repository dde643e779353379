"""Tests of helpers.io: round trips (GBK CSV, 问卷星-style xlsx, SPSS .sav) and every bad input."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pandas as pd
import pytest

from helpers import InputError
from helpers.io import (ANSWERS_AGREE_7, ANSWERS_SATISFACTION_5, LoadResult, detect_encoding,
                        read_ratings, read_survey, read_tickets)
from helpers.labels import ITEM_LABELS
from helpers.simulate import hotline_tickets, ratings_log, servqual_survey


@pytest.fixture(scope="module")
def survey() -> pd.DataFrame:
    return servqual_survey(n=60, seed=11)


def _same(result: LoadResult, expected: pd.DataFrame) -> None:
    got = result.data
    pd.testing.assert_frame_equal(got, expected[list(got.columns)].astype(got.dtypes.to_dict()))


def _wjx_headers(df: pd.DataFrame) -> dict[str, str]:
    """问卷星-style question texts as headers: numbered, with the question wording."""
    heads = {c: f"{i + 1}. {c}" for i, c in enumerate(df.columns)}
    heads["respondent_id"] = "序号"
    heads["satisfaction"] = "51. 您对本中心的总体满意度"
    for k in range(1, 23):
        heads[f"E{k}"] = f"{k + 6}、您认为优秀的政务服务中心应当：{ITEM_LABELS[k]}"
        heads[f"P{k}"] = f"{k + 28}、本中心：{ITEM_LABELS[k]}"
    return heads


# ----------------------------------------------------------------------------- round trips

def test_round_trip_gbk_csv(tmp_path, survey):
    f = tmp_path / "survey_gbk.csv"
    survey.to_csv(f, index=False, encoding="gbk")
    res = read_survey(f)
    assert res.info["encoding"] == "gb18030"
    assert res.counts == {"read": 120, "kept": 120, "excluded": 0}
    assert res.report.empty
    _same(res, survey)


def test_round_trip_utf8_bom_csv(tmp_path, survey):
    f = tmp_path / "survey_bom.csv"
    survey.to_csv(f, index=False, encoding="utf-8-sig")
    res = read_survey(f)
    assert res.info["encoding"] == "utf-8-sig"
    _same(res, survey)


def test_round_trip_wjx_xlsx_with_title_row_and_option_text(tmp_path, survey):
    from openpyxl import Workbook

    heads = _wjx_headers(survey)
    text_of = {v: k for k, v in ANSWERS_AGREE_7.items()}
    wb = Workbook()
    ws = wb.active
    ws.append(["政务服务中心群众满意度调查（第1、2轮）"])
    ws.merge_cells("A1:H1")                       # a merged title above the header is fine
    ws.append([heads[c] for c in survey.columns])
    for row in survey.itertuples(index=False):
        values = list(row)
        j = list(survey.columns).index("satisfaction")
        values[j] = text_of[values[j]]            # option text instead of a code
        ws.append(values)
    f = tmp_path / "wjx.xlsx"
    wb.save(f)
    mapping = {v: k for k, v in heads.items()}
    res = read_survey(f, mapping, answers={"satisfaction": ANSWERS_AGREE_7})
    assert res.info["header_row"] == 2 and res.info["title_rows"] == [1]
    assert res.counts["kept"] == len(survey)
    _same(res, survey)


def test_mapping_matches_headers_without_numbering(tmp_path, survey):
    f = tmp_path / "q.csv"
    small = survey[["respondent_id", "satisfaction"]].rename(
        columns={"respondent_id": "序号", "satisfaction": "Q12. 您对本中心的总体满意度"})
    small.to_csv(f, index=False)
    res = read_survey(f, {"序号": "respondent_id", "您对本中心的总体满意度": "satisfaction"})
    _same(res, survey)


def test_round_trip_sav_keeps_value_labels(tmp_path, survey):
    import pyreadstat

    labels = {c: {float(i): str(i) for i in range(1, 8)} for c in ("satisfaction", "trust")}
    labels["E1"] = {1.0: "非常不同意", 7.0: "非常同意"}
    f = tmp_path / "survey.sav"
    pyreadstat.write_sav(survey, str(f), variable_value_labels=labels,
                         column_labels={"satisfaction": "总体满意度"})
    res = read_survey(f)
    assert res.info["format"] == "sav"
    assert res.info["value_labels"]["E1"][7.0] == "非常同意"
    _same(res, survey)
    # a variable label can serve as the source header
    res2 = read_survey(f, {"总体满意度": "satisfaction", "respondent_id": "respondent_id"})
    assert res2.data["satisfaction"].tolist() == survey["satisfaction"].tolist()


def test_ratings_and_tickets_round_trip(tmp_path):
    r = ratings_log(n=300, seed=2)
    f = tmp_path / "r.csv"
    r.to_csv(f, index=False)
    res = read_ratings(f, required=())
    assert list(res.data.columns) == list(r.columns)
    assert pd.api.types.is_datetime64_any_dtype(res.data["time"])
    assert (res.data["grade"] == r["grade"]).all()

    t = hotline_tickets(n=200, seed=2, masked=False)
    f = tmp_path / "t.csv"
    t.to_csv(f, index=False)
    res = read_tickets(f)
    assert "text" not in res.data.columns and "text_masked" in res.data.columns
    assert res.info["masked"].get("mobile", 0) > 0
    expected = hotline_tickets(n=200, seed=2)["text_masked"]
    assert res.data["text_masked"].tolist() == expected.tolist()
    assert res.data["satisfied"].isna().sum() == t["satisfied"].isna().sum()


# ----------------------------------------------------------------------------- bad input

def test_empty_file(tmp_path):
    f = tmp_path / "empty.csv"
    f.write_bytes(b"")
    with pytest.raises(InputError, match="文件为空"):
        read_survey(f)


def test_header_only(tmp_path):
    f = tmp_path / "header.csv"
    f.write_text("respondent_id,E1,P1\n", encoding="utf-8")
    with pytest.raises(InputError, match="没有数据行"):
        read_survey(f)


def test_wrong_encoding_declared(tmp_path):
    f = tmp_path / "gbk.csv"
    f.write_bytes("respondent_id,region,E1\nR1,主城区,5\nR2,乡镇,6\n".encode("gbk"))
    with pytest.raises(InputError, match="不是 UTF-8") as err:
        read_survey(f, encoding="utf-8")
    assert err.value.rows == [2, 3]
    g = tmp_path / "utf8.csv"
    g.write_text("respondent_id,region,E1\nR1,主城区,5\n", encoding="utf-8")
    with pytest.raises(InputError, match="文件是 UTF-8"):
        read_survey(g, encoding="gbk")
    # a correct declaration works
    assert read_survey(f, encoding="gbk").data["region"].tolist() == ["主城区", "乡镇"]


def test_mixed_encodings_names_lines(tmp_path):
    f = tmp_path / "mixed.csv"
    f.write_bytes("respondent_id,region,E1\nR1,主城区,5\n".encode("utf-8")
                  + "R2,乡镇,6\nR3,县城,4\n".encode("gbk"))
    with pytest.raises(InputError, match="混用了多种编码") as err:
        detect_encoding(f)
    assert err.value.rows == [3, 4]
    assert "第 2 行是 UTF-8" in str(err.value)


def test_required_column_missing(tmp_path, survey):
    f = tmp_path / "s.csv"
    survey[["respondent_id", "E1"]].to_csv(f, index=False)
    with pytest.raises(InputError, match="缺少列") as err:
        read_survey(f, {"编号": "respondent_id", "E1": "E1"})
    assert err.value.column == "编号"
    with pytest.raises(InputError, match="缺少必需的列"):
        read_survey(f, required=["satisfaction"])


def test_likert_outside_scale_and_unexpected_text(tmp_path):
    f = tmp_path / "bad.csv"
    f.write_text("respondent_id,E1,P1\nR1,5,6\nR2,9,6\nR3,4,很好\nR4,0,3\n", encoding="utf-8")
    with pytest.raises(InputError, match="超出范围") as err:
        read_survey(f)
    assert err.value.column == "E1" and err.value.rows == [3, 5]
    res = read_survey(f, on_invalid="exclude")
    assert res.counts == {"read": 4, "kept": 1, "excluded": 3}
    assert res.report["source_row"].tolist() == [3, 4, 5]
    assert "unexpected text" in res.report.loc[res.report.source_row == 4, "reason"].item()
    assert res.summary()["rows"].iloc[:3].tolist() == [4, 1, 3]


def test_option_text_mapping(tmp_path):
    f = tmp_path / "text.csv"
    f.write_text("编号,满意度\nA,非常满意\nB,不满意\nC,\n", encoding="utf-8")
    res = read_survey(f, {"编号": "respondent_id", "满意度": "satisfaction"},
                      answers=ANSWERS_SATISFACTION_5, scale=(1, 5))
    assert res.data["satisfaction"].tolist()[:2] == [5, 2]
    assert res.data["satisfaction"].isna().iloc[2]     # a missing answer stays missing, kept


def test_duplicate_ids(tmp_path):
    f = tmp_path / "dup.csv"
    f.write_text("respondent_id,E1\nR1,5\nR2,6\nR1,4\n", encoding="utf-8")
    with pytest.raises(InputError, match="重复编号") as err:
        read_survey(f)
    assert err.value.rows == [2, 4]
    res = read_survey(f, on_invalid="exclude")
    assert res.data["respondent_id"].tolist() == ["R1", "R2"]
    assert res.report["source_row"].tolist() == [4]


def test_importance_points_must_sum_to_100(tmp_path, survey):
    bad = survey.head(3).copy()
    bad.loc[1, "imp_empathy"] += 5
    f = tmp_path / "pts.csv"
    bad.to_csv(f, index=False)
    with pytest.raises(InputError, match="不等于 100") as err:
        read_survey(f)
    assert err.value.rows == [3]


def test_dates_that_do_not_parse(tmp_path):
    f = tmp_path / "r.csv"
    f.write_text("rating_id,time,window,grade\nH1,2025-03-03 09:00:00,W01,满意\n"
                 "H2,下午三点,W01,满意\nH3,2025/03/04 10:00,W02,非常满意\n", encoding="utf-8")
    with pytest.raises(InputError, match="日期无法解析") as err:
        read_ratings(f)
    assert err.value.rows == [3]
    res = read_ratings(f, on_invalid="exclude")
    assert res.counts["kept"] == 2
    assert res.data["time"].iloc[1] == pd.Timestamp("2025-03-04 10:00")


def test_unknown_grade(tmp_path):
    f = tmp_path / "g.csv"
    f.write_text("time,window,grade\n2025-03-03,W01,好评\n", encoding="utf-8")
    with pytest.raises(InputError, match="评价等级"):
        read_ratings(f)


def test_closed_before_received(tmp_path):
    f = tmp_path / "t.csv"
    f.write_text("ticket_id,received,closed\nT1,2025-03-01T08:00,2025-03-01T09:00\n"
                 "T2,2025-03-02T08:00,2025-03-01T09:00\n", encoding="utf-8")
    with pytest.raises(InputError, match="closed 早于 received") as err:
        read_tickets(f)
    assert err.value.rows == [3] and err.value.column == "closed"
    res = read_tickets(f, on_invalid="exclude")
    assert res.data["ticket_id"].tolist() == ["T1"]


def test_xlsx_with_merged_header_cells(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["编号", "期望", None, "感知", None])
    ws.append(["R1", 5, 6, 4, 5])
    ws.append(["R2", 6, 6, 5, 5])
    ws.merge_cells("B1:C1")
    ws.merge_cells("D1:E1")
    f = tmp_path / "merged.xlsx"
    wb.save(f)
    with pytest.raises(InputError, match="合并单元格 B1:C1"):
        read_survey(f, {"编号": "respondent_id"})


def test_xlsx_multirow_header_rejected(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["", "期望", "", "感知", ""])
    ws.append(["编号", "E1", "E2", "P1", "P2"])
    ws.append(["R1", 5, 6, 4, 5])
    f = tmp_path / "multi.xlsx"
    wb.save(f)
    with pytest.raises(InputError, match="多行表头"):
        read_survey(f)


def test_blank_rows_are_reported_not_silent(tmp_path):
    f = tmp_path / "blank.csv"
    f.write_text("respondent_id,E1\nR1,5\n\nR2,6\n", encoding="utf-8")
    res = read_survey(f)
    assert res.counts == {"read": 3, "kept": 2, "excluded": 1}
    assert res.report.loc[0, "source_row"] == 3 and "blank" in res.report.loc[0, "reason"]


def test_csv_title_row_detected(tmp_path):
    f = tmp_path / "title.csv"
    f.write_text("满意度调查导出\nrespondent_id,E1,P1\nR1,5,6\n", encoding="utf-8")
    res = read_survey(f)
    assert res.info["title_rows"] == [1] and res.info["header_row"] == 2
    assert res.data["E1"].tolist() == [5]


def test_unsupported_and_missing_file(tmp_path):
    with pytest.raises(InputError, match="找不到文件"):
        read_survey(tmp_path / "nope.csv")
    f = tmp_path / "x.json"
    f.write_text("{}")
    with pytest.raises(InputError, match="不支持"):
        read_survey(f)


# ----------------------------------------------------------------------------- large file

_MEASURE = textwrap.dedent("""
    import sys, time
    import helpers.io as hio

    def hwm_mb():  # peak resident memory of this process (VmHWM), reset by exec
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmHWM"):
                    return int(line.split()[1]) / 1024

    base = hwm_mb()
    t = time.perf_counter()
    res = hio.read_survey(sys.argv[1])
    dt = time.perf_counter() - t
    peak = hwm_mb()
    mem = res.data.memory_usage(deep=True).sum() / 2**20
    print(res.counts["kept"], dt, peak - base, peak, mem)
""")


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux /proc")
@pytest.mark.slow
def test_50mb_csv_streams_with_bounded_memory(tmp_path):
    one = servqual_survey(n=5_000, seed=1)
    f = tmp_path / "big.csv"
    block = one.to_csv(index=False, lineterminator="\n")
    header, body = block.split("\n", 1)
    reps = 0
    with open(f, "w", encoding="utf-8") as fh:
        fh.write(header + "\n")
        while fh.tell() < 50 * 2**20:
            # unique ids per copy
            fh.write(body.replace("R", f"B{reps}-"))
            reps += 1
    size_mb = f.stat().st_size / 2**20
    out = subprocess.run([sys.executable, "-c", _MEASURE, str(f)], capture_output=True,
                         text=True, check=True, cwd=Path(__file__).parent)
    kept, seconds, delta_mb, peak_mb, frame_mb = out.stdout.split()
    print(f"\n50 MB load: {size_mb:.1f} MB file, {int(kept):,} rows, {float(seconds):.1f} s, "
          f"peak RSS +{float(delta_mb):.0f} MB over the imports (total {float(peak_mb):.0f} MB), "
          f"resulting frame {float(frame_mb):.0f} MB")
    assert int(kept) == reps * len(one)
    assert float(delta_mb) < 8 * size_mb      # measured here: about +230 MB for 50 MB
    assert float(seconds) < 20


# ----------------------------------------------------------------------------- issue 9 additions

def test_notes_count_interpretations_and_appear_in_the_summary(tmp_path):
    f = tmp_path / "n.csv"
    f.write_text("respondent_id,E1,P1\nR1,N/A,6\nR2,5,不适用\nR3,null,7,\n", encoding="utf-8")
    res = read_survey(f)
    assert res.counts == {"read": 3, "kept": 3, "excluded": 0}
    per_column = res.notes.groupby("column", dropna=False)["count"].sum()
    assert per_column["E1"] == 2 and per_column["P1"] == 1
    assert per_column.loc[per_column.index.isna()].item() == 1     # the trailing comma
    items = res.summary()["item"].tolist()
    assert any("missing-value token 'N/A'" in i for i in items)
    assert res.summary()["rows"].iloc[:3].tolist() == [3, 3, 0]


def test_read_table_and_detect_encoding_on_unicode_text(tmp_path):
    from helpers.io import read_table
    f = tmp_path / "u.txt"
    f.write_bytes("编号\t满意度\r\nA1\t5\r\nA2\t4\t\r\n".encode("utf-16"))
    assert detect_encoding(f) == "utf-16"
    chunks, info = read_table(f, dtypes={"编号": "str"})
    frame = next(chunks)
    assert frame["编号"].tolist() == ["A1", "A2"] and info["delimiter"] == "\t"
    assert frame.attrs["notes"] == [(None, frame.attrs["notes"][0][1], 1)]


def test_datetime_format_is_the_old_name_of_date_format(tmp_path):
    f = tmp_path / "r.csv"
    f.write_text("time,window,grade\n30/11/2024,W1,5\n", encoding="utf-8")
    with pytest.warns(DeprecationWarning, match="date_format"):
        res = read_ratings(f, datetime_format="%d/%m/%Y")
    assert res.data["time"].iloc[0] == pd.Timestamp("2024-11-30")
    assert res.info["time_zone"] == "Asia/Shanghai"
    assert res.info["date_bounds"][0] == pd.Timestamp("2000-01-01")


def test_detect_encoding_refuses_an_undecodable_gbk_line(tmp_path):
    f = tmp_path / "g.csv"
    f.write_bytes("编号,地区\nR1,主城区\n".encode("gbk") + b"R2,\x81\x20\n")
    with pytest.raises(InputError, match="gb18030") as err:
        detect_encoding(f)
    assert err.value.rows == [3]
