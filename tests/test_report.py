"""The report command on realistic exports of each kind: 问卷星 xlsx, GBK CSV, SPSS .sav, a 好差评
export, a 12345 export. Key numbers of the workbook are compared with the library called directly;
the page must be self-contained; the mapping must reproduce the run; bad input must end with one
clear message and a non-zero exit code."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import hotline, ratings, reliability, servqual
from helpers.io import (ANSWERS_AGREE_7, RATINGS_SCHEMA, SURVEY_SCHEMA, TICKETS_SCHEMA,
                        read_ratings, read_survey, read_tickets)
from helpers.report.__main__ import main
from helpers.report.detect import detect_kind, guess_mapping
from helpers.simulate import hotline_tickets, ratings_log, servqual_survey
from tests.test_io import _wjx_headers

ROOT = Path(__file__).resolve().parents[1]


def _sheet(xlsx: Path, name: str) -> pd.DataFrame:
    return pd.read_excel(xlsx, sheet_name=name)


def _run(capsys, *args) -> tuple[int, str, str]:
    code = main([str(a) for a in args] + ["--quiet"])
    out = capsys.readouterr()
    return code, out.out, out.err


def _self_contained(html: str) -> None:
    assert not re.search(r"<script", html, re.I)
    refs = re.findall(r"""(?:src|href)\s*=\s*["']([^"']+)["']""", html, re.I)
    assert all(r.startswith("#") for r in refs), [r for r in refs if not r.startswith("#")][:5]
    assert not re.search(r"url\(\s*['\"]?(?:https?:)?//", html)
    assert "@import" not in html and "<link" not in html


# ----------------------------------------------------------------------------- fixtures

@pytest.fixture(scope="module")
def survey() -> pd.DataFrame:
    return servqual_survey(n=60, seed=11)


@pytest.fixture(scope="module")
def wjx(tmp_path_factory, survey):
    """A 问卷星-style xlsx: title row, question texts as headers, option text for satisfaction,
    one extra column (提交答卷时间) the report must list as ignored."""
    from openpyxl import Workbook

    heads = _wjx_headers(survey)                   # the 问卷星 headers of tests/test_io.py
    text_of = {v: k for k, v in ANSWERS_AGREE_7.items()}
    wb = Workbook()
    ws = wb.active
    ws.append(["政务服务中心群众满意度调查"])
    ws.append([heads[c] for c in survey.columns] + ["提交答卷时间"])
    j = list(survey.columns).index("satisfaction")
    for row in survey.itertuples(index=False):
        values = list(row)
        values[j] = text_of[values[j]]
        ws.append(values + ["2025/3/1 10:00"])
    folder = tmp_path_factory.mktemp("wjx")
    f = folder / "问卷星导出.xlsx"
    wb.save(f)
    m = folder / "mapping.yml"
    m.write_text(yaml.safe_dump({"kind": "survey", "columns": {v: k for k, v in heads.items()},
                                 "options": {"scale": [1, 7], "answers": {"satisfaction": "agree_7"}}},
                                allow_unicode=True), encoding="utf-8")
    return f, m


@pytest.fixture(scope="module")
def gbk_csv(tmp_path_factory, survey):
    """Schema headers, GBK, one answer coded 99 (no label: the row is excluded and listed)."""
    df = survey.copy()
    df["P3"] = df["P3"].astype(object)
    df.loc[4, "P3"] = 99
    f = tmp_path_factory.mktemp("gbk") / "survey_gbk.csv"
    df.to_csv(f, index=False, encoding="gbk")
    return f


@pytest.fixture(scope="module")
def haocha(tmp_path_factory):
    """A 好差评 export with Chinese headers, one unknown grade and one bad date."""
    r = ratings_log(n=3_000, seed=5)
    r = r.rename(columns={"rating_id": "评价编号", "time": "评价时间", "window": "窗口",
                          "department": "部门", "service_item": "事项", "channel": "渠道",
                          "grade": "评价"})
    r.loc[7, "评价"] = "很好"
    r.loc[9, "评价时间"] = "不详时间"
    f = tmp_path_factory.mktemp("hc") / "好差评导出.csv"
    r.to_csv(f, index=False, encoding="gbk")
    return f


@pytest.fixture(scope="module")
def tickets_xlsx(tmp_path_factory):
    """A 12345 export (xlsx, schema headers, raw text with phone and ID numbers)."""
    t = hotline_tickets(n=500, seed=4, masked=False)
    f = tmp_path_factory.mktemp("tk") / "12345导出.xlsx"
    t.to_excel(f, index=False)
    return f, t


# ----------------------------------------------------------------------------- the three kinds

def test_wjx_xlsx_survey_report(tmp_path, capsys, wjx, survey):
    f, m = wjx
    code, out, err = _run(capsys, f, "--mapping", m, "--out", tmp_path / "r")
    assert code == 0, err
    assert "读取 120 行，使用 120 行" in out
    html = (tmp_path / "r" / "report.html").read_text(encoding="utf-8")
    _self_contained(html)
    assert "提交答卷时间" in html                         # the ignored column is listed
    assert "模拟数据" not in html                          # user data: no simulated label
    res = read_survey(f, yaml.safe_load(m.read_text(encoding="utf-8"))["columns"],
                      answers={"satisfaction": ANSWERS_AGREE_7}, on_invalid="exclude")
    e = [f"E{i}" for i in range(1, 23)]
    p = [f"P{i}" for i in range(1, 23)]
    want = servqual.dimension_gaps(res.data, e, p, n_boot=1000, seed=0)
    got = _sheet(tmp_path / "r" / "report.xlsx", "维度差距")
    assert got["估计值"].tolist() == pytest.approx(want["estimate"].tolist())
    assert got["区间下限"].tolist() == pytest.approx(want["ci_low"].tolist())
    alpha = reliability.dimension_reliability(res.data, "P")
    got = _sheet(tmp_path / "r" / "report.xlsx", "信度_感知")
    assert got["α"].tolist() == pytest.approx(alpha["alpha"].tolist(), nan_ok=True)
    acc = _sheet(tmp_path / "r" / "report.xlsx", "读取情况")
    assert acc.iloc[0].tolist() == ["读取 (read)", 120]


def test_gbk_csv_lists_the_code_99_row(tmp_path, capsys, gbk_csv):
    code, out, err = _run(capsys, gbk_csv, "--out", tmp_path / "r")
    assert code == 0, err
    html = (tmp_path / "r" / "report.html").read_text(encoding="utf-8")
    assert "排除 <strong>1</strong> 行" in html and "P3" in html
    excluded = _sheet(tmp_path / "r" / "report.xlsx", "排除的行")
    assert excluded["源文件行号"].tolist() == [6] and excluded["列"].tolist() == ["P3"]
    res = read_survey(gbk_csv, on_invalid="exclude")
    want = servqual.item_gaps(res.data, [f"E{i}" for i in range(1, 23)],
                              [f"P{i}" for i in range(1, 23)])
    got = _sheet(tmp_path / "r" / "report.xlsx", "题目差距")
    assert got["差距"].tolist() == pytest.approx(want["gap"].tolist())
    assert got["样本量 n"].tolist() == want["n"].tolist()


def test_sav_survey_report(tmp_path, capsys, survey):
    import pyreadstat

    f = tmp_path / "survey.sav"
    pyreadstat.write_sav(survey, str(f), column_labels={"satisfaction": "总体满意度"})
    code, _, err = _run(capsys, f, "--out", tmp_path / "r")
    assert code == 0, err
    got = _sheet(tmp_path / "r" / "report.xlsx", "分组差异")
    assert set(got["分组"]) == {"轮次", "渠道", "地区", "年龄段"}
    _self_contained((tmp_path / "r" / "report.html").read_text(encoding="utf-8"))


def test_haochaping_report(tmp_path, capsys, haocha):
    code, out, err = _run(capsys, haocha, "--out", tmp_path / "r")
    assert code == 0, err
    assert "读取 3000 行，使用 2998 行，排除 2 行" in out
    mapping = yaml.safe_load((tmp_path / "r" / "mapping.yml").read_text(encoding="utf-8"))
    assert mapping["kind"] == "ratings" and mapping["columns"]["评价"] == "grade"
    res = read_ratings(haocha, mapping["columns"], on_invalid="exclude", required=("grade",))
    want = ratings.satisfaction_rate(res.data, "grade", by="window")
    got = _sheet(tmp_path / "r" / "report.xlsx", "满意率_按窗口")
    assert got["估计值"].tolist() == pytest.approx(want["estimate"].tolist())
    assert got["样本量 n"].tolist() == want["n"].tolist()
    fair = ratings.fair_ranking(res.data, "grade", unit="window")
    got = _sheet(tmp_path / "r" / "report.xlsx", "公平排名")
    assert got["窗口"].astype(str).tolist() == fair["unit"].astype(str).tolist()
    html = (tmp_path / "r" / "report.html").read_text(encoding="utf-8")
    assert "很好" in html                                  # the unknown grade is named
    assert "本节跳过" in html and "少于 6 个月" in html      # p-chart: 4 months only
    _self_contained(html)


def test_12345_report_masks_and_matches(tmp_path, capsys, tickets_xlsx):
    f, raw = tickets_xlsx
    code, _, err = _run(capsys, f, "--out", tmp_path / "r")
    assert code == 0, err
    html = (tmp_path / "r" / "report.html").read_text(encoding="utf-8")
    phones = set(re.findall(r"1[3-9]\d{9}", " ".join(raw["text"].dropna())))
    assert phones and not any(p in html for p in phones)
    book = pd.read_excel(tmp_path / "r" / "report.xlsx", sheet_name=None)
    assert not any(p in book[s].to_string() for s in book for p in phones)
    res = read_tickets(f, on_invalid="exclude", required=("received",))
    want = hotline.hotline_rates(res.data, "received", "responded", "closed", "resolved",
                                 "satisfied", "deadline_hours")
    got = book["三率_总体"]
    assert got["估计值"].tolist() == pytest.approx(want["estimate"].tolist())
    assert got["计数"].tolist() == want["count"].tolist()


def test_course_dataset_is_marked_simulated(tmp_path, capsys):
    code, _, err = _run(capsys, ROOT / "datasets" / "ratings_log.csv", "--out", tmp_path / "r")
    assert code == 0, err
    html = (tmp_path / "r" / "report.html").read_text(encoding="utf-8")
    assert "与课程数据集 ratings_log 完全相同" in html and 'id="simulated-note"' in html


# ----------------------------------------------------------------------------- mapping, --force

def test_mapping_round_trip_and_force(tmp_path, capsys, haocha):
    code, _, err = _run(capsys, haocha, "--out", tmp_path / "a")
    assert code == 0, err
    first = pd.read_excel(tmp_path / "a" / "report.xlsx", sheet_name=None)
    code, _, err = _run(capsys, haocha, "--mapping", tmp_path / "a" / "mapping.yml",
                        "--out", tmp_path / "b")
    assert code == 0, err
    second = pd.read_excel(tmp_path / "b" / "report.xlsx", sheet_name=None)
    assert list(first) == list(second)
    for name in first:
        if name != "问题清单":
            pd.testing.assert_frame_equal(first[name], second[name])
    assert (tmp_path / "a" / "mapping.yml").read_text() == (tmp_path / "b" / "mapping.yml").read_text()
    # an existing folder is never overwritten without --force
    before = (tmp_path / "a" / "report.html").stat().st_mtime_ns
    code, _, err = _run(capsys, haocha, "--out", tmp_path / "a")
    assert code == 2 and "--force" in err and "已存在" in err
    assert (tmp_path / "a" / "report.html").stat().st_mtime_ns == before
    code, _, err = _run(capsys, haocha, "--out", tmp_path / "a", "--force")
    assert code == 0, err


# ----------------------------------------------------------------------------- bad input

def _bad(tmp_path):
    unknown = tmp_path / "unknown.csv"
    unknown.write_text("a,b\n1,2\n", encoding="utf-8")
    garbage = tmp_path / "broken.xlsx"
    garbage.write_bytes(b"this is not a workbook")
    badmap = tmp_path / "bad.yml"
    badmap.write_text("columns: [1, 2\n", encoding="utf-8")
    return {
        "missing file": ([tmp_path / "nope.csv"], "找不到输入文件"),
        "unknown kind": ([unknown, "--kind", "pets"], "invalid choice"),
        "kind not detectable": ([unknown], "无法从列名判断"),
        "no usable column": ([unknown, "--kind", "survey"], "没有可用于 survey 的列"),
        "unreadable": ([garbage], "(error)"),
        "bad mapping": ([unknown, "--mapping", badmap], "不是有效的 YAML"),
    }


@pytest.mark.parametrize("case", ["missing file", "unknown kind", "kind not detectable",
                                  "no usable column", "unreadable", "bad mapping"])
def test_bad_input_one_clear_message(tmp_path, capsys, case):
    args, message = _bad(tmp_path)[case]
    code, _, err = _run(capsys, *args, "--out", tmp_path / "r")
    assert code == 2
    assert message in err and "Traceback" not in err
    assert not (tmp_path / "r").exists()


def test_subprocess_exit_codes(tmp_path, haocha):
    env_py = [sys.executable, "-m", "helpers.report"]
    ok = subprocess.run(env_py + [str(haocha), "--out", str(tmp_path / "r")],
                        capture_output=True, text=True, timeout=600)
    assert ok.returncode == 0, ok.stderr
    assert "完成 (done)" in ok.stdout and "Traceback" not in ok.stderr
    bad = subprocess.run(env_py + [str(tmp_path / "missing.csv")], capture_output=True,
                         text=True, timeout=600)
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    assert bad.stderr.strip().count("\n") == 0            # one message


# ----------------------------------------------------------------------------- detection

@settings(max_examples=50, deadline=None)
@given(kind=st.sampled_from(["survey", "ratings", "tickets"]), data=st.data())
def test_schema_headers_map_onto_themselves(kind, data):
    schema = {"survey": SURVEY_SCHEMA, "ratings": RATINGS_SCHEMA, "tickets": TICKETS_SCHEMA}[kind]
    cols = data.draw(st.lists(st.sampled_from(sorted(schema)), min_size=1, unique=True))
    extra = data.draw(st.lists(st.text(alphabet="xyz备注", min_size=1, max_size=4), max_size=3))
    headers = cols + [e for e in extra if e not in schema]
    assert guess_mapping(headers, kind) == {c: c for c in cols}


def test_detect_kind_on_the_fixtures():
    assert detect_kind(list(SURVEY_SCHEMA)) == "survey"
    assert detect_kind(["评价编号", "评价时间", "窗口", "评价"]) == "ratings"
    assert detect_kind(["工单编号", "受理时间", "办结时间", "诉求类型"]) == "tickets"
    assert detect_kind(["x.parquet"], "x.parquet") == "ratings"


def test_parquet_ratings_through_duckdb_and_print_setup(tmp_path, capsys):
    from openpyxl import load_workbook

    from helpers.ratings_duckdb import satisfaction_rate_parquet
    from helpers.simulate import ratings_log_parquet

    f = ratings_log_parquet(tmp_path / "r.parquet", n=20_000, chunk_rows=7_000, seed=3)
    code, out, err = _run(capsys, f, "--out", tmp_path / "r")
    assert code == 0, err
    assert "读取 20000 行" in out
    want = satisfaction_rate_parquet(f, by="window")
    got = _sheet(tmp_path / "r" / "report.xlsx", "满意率_按窗口")
    assert got["估计值"].tolist() == pytest.approx(want["estimate"].tolist())
    wb = load_workbook(tmp_path / "r" / "report.xlsx")
    assert wb.sheetnames[0] == "读取情况"
    ws = wb["满意率_按窗口"]
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
    assert ws.print_title_rows == "$1:$1" and ws.freeze_panes == "A2"
    assert isinstance(ws["B2"].value, float) and ws["B2"].number_format == "0.000"


# ----------------------------------------------------------------------------- big CSV: DuckDB

def _messy_ratings(n: int = 400, seed: int = 8) -> pd.DataFrame:
    """A 好差评 export with every kind of row problem the pandas reader accounts for."""
    r = ratings_log(n=n, seed=seed).rename(columns={
        "rating_id": "评价编号", "time": "评价时间", "window": "窗口", "department": "部门",
        "service_item": "事项", "channel": "渠道", "grade": "评价"}).astype(object)
    r["备注"] = None
    edits = {3: ("评价", "99"), 5: ("评价", "很好"), 6: ("评价", "５"), 8: ("评价", "4"),
             10: ("评价时间", "不详时间"), 11: ("评价时间", "1999-01-01 08:00"),
             12: ("评价时间", "2025/03/04 9:05"), 13: ("评价时间", "2025-03-04T01:05:00Z"),
             14: ("窗口", "N/A"), 15: ("窗口", " W02 "), 16: ("评价", None),
             17: ("评价编号", None), 18: ("评价编号", "H00000002"), 19: ("评价", "3.0"),
             20: ("评价", " 满意 "), 21: ("部门", "（跳过）"), 22: ("评价时间", "2099-01-01 00:00")}
    for i, (col, val) in edits.items():
        r.loc[i, col] = val
    for col in ["评价编号", "评价时间", "窗口", "部门", "事项", "渠道", "评价"]:
        r.loc[25, col] = None                 # blank in the mapped columns …
    r.loc[25, "备注"] = "有备注"               # … but not in the row
    r.loc[30, ["评价编号", "评价"]] = [r.loc[1, "评价编号"], "很好"]  # duplicate id, bad grade
    r.loc[31, "评价编号"] = r.loc[16, "评价编号"]       # duplicate of a row sent to pandas
    return r


@pytest.mark.parametrize("encoding", ["utf-8", "gbk"])
def test_big_csv_through_duckdb_equals_pandas(tmp_path, encoding):
    from helpers.ratings_duckdb import read_ratings_duckdb, satisfaction_rate_parquet

    f = tmp_path / "r.csv"
    _messy_ratings().to_csv(f, index=False, encoding=encoding)
    mapping = guess_mapping(pd.read_csv(f, nrows=1, encoding=encoding).columns, "ratings")
    want = read_ratings(f, mapping, on_invalid="exclude", required=("grade",))
    got = read_ratings_duckdb(f, mapping, workdir=tmp_path / "w", mask=False)
    assert got.counts == want.counts
    key = ["source_row", "column", "reason"]
    assert (got.report.sort_values(key).reset_index(drop=True)
            .equals(want.report.sort_values(key).reset_index(drop=True)))
    assert sorted(map(tuple, got.notes.values.tolist())) == \
        sorted(map(tuple, want.notes.values.tolist()))
    kept = pd.concat([pd.read_parquet(p) for p in got.data], ignore_index=True)
    cols = [c for c in want.data.columns if c != "rating_id"]         # ids: checked, not kept
    a = kept[cols].astype(str).sort_values(cols).reset_index(drop=True)
    b = want.data[cols].astype(str).sort_values(cols).reset_index(drop=True)
    pd.testing.assert_frame_equal(a, b)
    by = satisfaction_rate_parquet(got.data, by="window")
    ref = ratings.satisfaction_rate(want.data, "grade", by="window")
    assert by["n"].tolist() == ref["n"].tolist()
    assert by["estimate"].tolist() == pytest.approx(ref["estimate"].tolist())


def test_report_forced_through_duckdb_equals_pandas(tmp_path, capsys):
    f = tmp_path / "好差评.csv"
    _messy_ratings(n=3_000, seed=4).to_csv(f, index=False, encoding="gbk")
    code_p, out_p, err = _run(capsys, f, "--out", tmp_path / "p", "--engine", "pandas")
    assert code_p == 0, err
    code_d, out_d, err = _run(capsys, f, "--out", tmp_path / "d", "--engine", "duckdb")
    assert code_d == 0, err
    assert out_p.split("→")[0] == out_d.split("→")[0]        # 读取/使用/排除 the same
    for sheet in ["读取情况", "排除的行", "五级分布", "满意率_按窗口", "差评率_按月份", "公平排名"]:
        a, b = _sheet(tmp_path / "p" / "report.xlsx", sheet), _sheet(tmp_path / "d" / "report.xlsx",
                                                                      sheet)
        pd.testing.assert_frame_equal(a, b, check_dtype=False, obj=sheet)
    html = (tmp_path / "d" / "report.html").read_text(encoding="utf-8")
    assert "DuckDB" in html and "很好" in html
    used = yaml.safe_load((tmp_path / "d" / "mapping.yml").read_text(encoding="utf-8"))
    assert used["options"]["engine"] == "duckdb"


def test_lowest_window_needs_enough_ratings():
    from helpers.report.ratings import MIN_NAMED, ratings_sections

    r = ratings_log(n=3_000, seed=2)
    tiny = pd.DataFrame({"rating_id": ["X1", "X2"], "time": r["time"].iloc[:2].tolist(),
                         "window": "W99", "department": "x", "service_item": "x",
                         "channel": "x", "grade": ["非常不满意", "不满意"]})
    r = pd.concat([r, tiny], ignore_index=True)
    sec = ratings_sections(r, simulated=True)[1]
    text = sec.reading[0]
    assert f"不少于 {MIN_NAMED} 条" in text and "W99" not in text
    sat = dict(sec.tables)["满意率_按窗口"]
    assert "W99" in sat["window"].tolist()                     # still in the table
    big = sat[sat["n"] >= MIN_NAMED]
    assert f"**{big.loc[big['estimate'].idxmin(), 'window']}**" in text
    import matplotlib.pyplot as plt
    plt.close("all")


# ----------------------------------------------------------------------------- missing_codes

def test_missing_codes_keep_the_row_and_round_trip(tmp_path, capsys, gbk_csv):
    m = tmp_path / "m.yml"
    m.write_text("kind: survey\noptions:\n  missing_codes: [99, 98]\n", encoding="utf-8")
    code, out, err = _run(capsys, gbk_csv, "--out", tmp_path / "r", "--mapping", m)
    assert code == 0, err
    assert "排除 0 行" in out
    html = (tmp_path / "r" / "report.html").read_text(encoding="utf-8")
    assert "P3" in html and "缺失代码 99" in html
    used = yaml.safe_load((tmp_path / "r" / "mapping.yml").read_text(encoding="utf-8"))
    assert used["options"]["missing_codes"] == [99, 98]
    res = read_survey(gbk_csv, on_invalid="exclude", missing_codes=[99, 98])
    assert res.data["P3"].isna().sum() == 1 and res.counts["excluded"] == 0
    got = _sheet(tmp_path / "r" / "report.xlsx", "题目差距")
    want = servqual.item_gaps(res.data, [f"E{i}" for i in range(1, 23)],
                              [f"P{i}" for i in range(1, 23)])
    assert got["样本量 n"].tolist() == want["n"].tolist()
    code, out2, err = _run(capsys, gbk_csv, "--out", tmp_path / "r2", "--mapping",
                           tmp_path / "r" / "mapping.yml")
    assert code == 0, err and out2.split("→")[0] == out.split("→")[0]
    m.write_text("kind: survey\noptions:\n  missing_codes: [3]\n", encoding="utf-8")
    code, _, err = _run(capsys, gbk_csv, "--out", tmp_path / "r3", "--mapping", m)
    assert code == 2 and "量表" in err                      # a code inside the scale: refused


@settings(max_examples=25, deadline=None)
@given(codes=st.lists(st.integers(-50, 300).filter(lambda c: not 1 <= c <= 5), min_size=1,
                      max_size=4, unique=True),
       per_column=st.booleans(), data=st.data())
def test_missing_codes_never_scores(tmp_path_factory, codes, per_column, data):
    cells = data.draw(st.lists(st.lists(st.one_of(st.integers(1, 5), st.sampled_from(codes)),
                                        min_size=2, max_size=2), min_size=1, max_size=12))
    f = tmp_path_factory.mktemp("mc") / "s.csv"
    frame = pd.DataFrame(cells, columns=["E1", "P1"])
    frame.insert(0, "respondent_id", [f"R{i}" for i in range(len(cells))])  # never a blank row
    frame.to_csv(f, index=False)
    spec = {"E1": codes, "P1": codes} if per_column else codes
    res = read_survey(f, scale=(1, 5), missing_codes=spec)
    assert res.counts["excluded"] == 0 and len(res.data) == len(cells)
    vals = pd.concat([res.data["E1"], res.data["P1"]]).dropna()
    assert vals.between(1, 5).all() and not vals.isin(codes).any()
    n_codes = sum(c in codes for row in cells for c in row)
    assert int(res.notes["count"].sum()) == n_codes


# ----------------------------------------------------------------------------- draft mapping

def test_wjx_question_texts_give_a_draft_mapping(tmp_path, capsys, survey):
    heads = _wjx_headers(survey)                     # the 问卷星 headers of tests/test_io.py
    f = tmp_path / "问卷星.csv"
    survey.rename(columns=heads).to_csv(f, index=False, encoding="utf-8-sig")
    code, out, err = _run(capsys, f, "--out", tmp_path / "r")
    assert code == 0, err
    text = (tmp_path / "r" / "mapping.yml").read_text(encoding="utf-8")
    assert text.startswith("# 草稿 (DRAFT)")
    cols = yaml.safe_load(text)["columns"]
    for k in range(1, 23):                           # every pair right, by the item wording
        assert cols[heads[f"E{k}"]] == f"E{k}" and cols[heads[f"P{k}"]] == f"P{k}"
    assert cols[heads["satisfaction"]] == "satisfaction"
    html = (tmp_path / "r" / "report.html").read_text(encoding="utf-8")
    assert "草稿" in html
    code, out2, err = _run(capsys, f, "--out", tmp_path / "r2", "--mapping",
                           tmp_path / "r" / "mapping.yml")
    assert code == 0, err and out2.split("→")[0] == out.split("→")[0]


def test_draft_mapping_pairs_by_wording_or_refuses():
    from helpers.report.detect import DraftError, draft_items

    m, notes = draft_items(["Q1. 窗口人员主动告知材料（期望）", "Q2. 等候时间短(期望)",
                            "Q3. 等候时间短(感知)", "Q4. 窗口人员主动告知材料(感知)",
                            "Q5. 环境整洁(期望)", "Q3_1", "Q3_2"])
    assert m == {"Q1. 窗口人员主动告知材料（期望）": "E1", "Q4. 窗口人员主动告知材料(感知)": "P1",
                 "Q2. 等候时间短(期望)": "E2", "Q3. 等候时间短(感知)": "P2"}
    assert any("环境整洁" in n for n in notes)        # unpaired: listed, not mapped
    assert draft_items(["Q3_1", "Q3_2", "序号"]) == ({}, [])
    with pytest.raises(DraftError, match="相同"):
        draft_items(["1、等候时间短(期望)", "2、等候时间短(期望)", "3、等候时间短(感知)"])
