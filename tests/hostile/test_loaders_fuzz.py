"""Hypothesis fuzzing of every loader (and of hotline_rates' time handling).

Files are built from hostile pieces — ragged lines, stray and unbalanced quotes, trailing
delimiters, title lines, duplicate headers, tokens such as "N/A", codes 98/99, full-width digits,
dates with time zones, Excel serials and the year last, junk bytes — in several encodings and
formats (CSV/TSV/UTF-16 text, xlsx, sav). The property, for every reader:

* it raises :class:`helpers.InputError` from a handled case (never the "internal error" safety
  net, never another exception type), or
* it returns a result that accounts for every row: ``read == kept + excluded``, the report
  names exactly the excluded source rows, and the data holds the kept rows only.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import HelpersError, InputError
from helpers.hotline import hotline_rates
from helpers.io import read_ratings, read_survey, read_tickets

FUZZ = settings(max_examples=int(os.environ.get("LOADER_FUZZ_EXAMPLES", 30)), deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture])
_counter = itertools.count()

_VALID = ["1", "2", "3", "4", "5", "6", "7"] * 4 + ["5.0", "４", "５.０", " 6 ", ""]
ANSWER = st.sampled_from(_VALID + ["0", "8", "98", "99", "3.5", "很好", "满意", "N/A", "NA", "null",
                                   "不适用", "（跳过）", "-", "#DIV/0!", "1e3", "−2", "True"])
TIME = st.sampled_from(["2024-11-30 09:00"] * 6 + ["2024/11/30 9:05", "2024-11-30T01:00Z",
                        "2024-11-30T09:00+08:00", "30/11/2024", "12/11/2024", "45626.375",
                        "2099-01-01", "1900-01-01", "下午三点", "12/11", "2024年11月30日", "",
                        "N/A", "2024-13-45", "2024-11-30 08:00 +0800"])
TEXT = st.sampled_from(["R1", "R2", "R3", "R4", "R5", "R6", "主城区", "乡镇", 'say "hi"', '"', 'a,b',
                        "多\n行", "", "W01", "W02", "１", "None", "\t", "T1", "T2", "T3"])
GRADE = st.sampled_from(["非常满意", "满意", "基本满意", "不满意", "非常不满意"] * 3
                        + ["5", "1", "５", "好评", "", "N/A", "6"])

SURVEY_HEAD = ["respondent_id", "E1", "P1", "satisfaction", "region"]
RATINGS_HEAD = ["rating_id", "time", "window", "grade"]
TICKETS_HEAD = ["ticket_id", "received", "closed", "resolved", "satisfied", "text"]
CELLS = {"respondent_id": TEXT, "E1": ANSWER, "P1": ANSWER, "satisfaction": ANSWER,
         "region": TEXT, "rating_id": TEXT, "time": TIME, "window": TEXT, "grade": GRADE,
         "ticket_id": TEXT, "received": TIME, "closed": TIME, "resolved": ANSWER,
         "satisfied": ANSWER, "text": TEXT}


@pytest.fixture(scope="module")
def fuzz_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


@st.composite
def table(draw, head: list[str]) -> tuple[list[str], list[list[str]]]:
    """A header (maybe with a duplicate or an extra column) and hostile rows."""
    header = list(head)
    if draw(st.integers(0, 14)) == 0:
        header.append(draw(st.sampled_from(head)))              # duplicate header
    if draw(st.booleans()):
        header.append("备注")
    n = draw(st.integers(1, 8))
    rows = []
    for _ in range(n):
        row = [draw(CELLS.get(h, TEXT)) for h in header]
        shape = draw(st.integers(0, 19))
        if shape == 0:
            row = row[:draw(st.integers(0, len(row)))]           # short line
        elif shape == 1:
            row += [""]                                           # trailing delimiter
        elif shape == 2:
            row += ["x"]                                          # spilled value
        elif shape == 3:
            row = [""] * len(row)                                 # blank record
        rows.append(row)
    return header, rows


@st.composite
def text_file(draw, head: list[str]) -> tuple[bytes, str]:
    header, rows = draw(table(head))
    sep = draw(st.sampled_from([",", ",", "\t", ";"]))
    suffix = ".tsv" if sep == "\t" and draw(st.booleans()) else ".csv"
    quoting = draw(st.sampled_from(["csv", "csv", "raw"]))
    end = draw(st.sampled_from(["\n", "\r\n"]))
    lines = []
    if draw(st.integers(0, 4)) == 0:
        lines.append(draw(st.sampled_from(["满意度调查导出", "调查,2024", "Title"])))
    for r in [header] + rows:
        if quoting == "csv":
            buf = io.StringIO()
            csv.writer(buf, delimiter=sep, lineterminator="").writerow(r)
            lines.append(buf.getvalue())
        else:
            lines.append(sep.join(r))                             # unquoted: breaks records
    if draw(st.integers(0, 5)) == 0:
        lines.insert(draw(st.integers(1, len(lines))), "")
    text = end.join(lines) + draw(st.sampled_from([end, ""]))
    enc = draw(st.sampled_from(["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16"]))
    data = text.encode(enc, errors="replace")
    if draw(st.integers(0, 9)) == 0:
        cut = draw(st.integers(0, len(data)))
        data = data[:cut] + draw(st.binary(min_size=1, max_size=4)) + data[cut:]
    return data, suffix


def _check(call):
    """Run a reader; assert the loader contract; return the result (or None on InputError)."""
    try:
        res = call()
    except InputError as err:
        assert "internal error" not in str(err), str(err)
        return None
    read, kept, excluded = (res.counts[k] for k in ("read", "kept", "excluded"))
    assert read == kept + excluded
    assert len(res.data) == kept and kept > 0
    assert res.report["source_row"].nunique() == excluded
    assert (res.report["source_row"] >= 1).all()
    assert list(res.data.index) == list(range(kept))
    assert set(res.notes.columns) == {"column", "note", "count"}
    return res


def _write(fuzz_dir: Path, data: bytes, suffix: str) -> Path:
    f = fuzz_dir / f"f{next(_counter)}{suffix}"
    f.write_bytes(data)
    return f


@FUZZ
@given(text_file(SURVEY_HEAD), st.sampled_from(["raise", "exclude"]))
def test_read_survey_text_files(fuzz_dir, file, on_invalid):
    res = _check(lambda: read_survey(_write(fuzz_dir, *file), on_invalid=on_invalid))
    if res is not None:
        for c in ("E1", "P1", "satisfaction"):
            if c in res.data.columns:
                v = res.data[c].dropna()
                assert v.between(1, 7).all()                   # never 98/99, never 0 or 8


@FUZZ
@given(text_file(RATINGS_HEAD), st.sampled_from(["raise", "exclude"]))
def test_read_ratings_text_files(fuzz_dir, file, on_invalid):
    res = _check(lambda: read_ratings(_write(fuzz_dir, *file), on_invalid=on_invalid,
                                      max_date="2030-01-01"))
    if res is not None:
        t = res.data["time"].dropna()
        assert str(res.data["time"].dtype) == "datetime64[us]"
        assert ((t >= pd.Timestamp("2000-01-01")) & (t <= pd.Timestamp("2030-01-01"))).all()


@FUZZ
@given(text_file(TICKETS_HEAD), st.sampled_from(["raise", "exclude"]))
def test_read_tickets_text_files(fuzz_dir, file, on_invalid):
    _check(lambda: read_tickets(_write(fuzz_dir, *file), on_invalid=on_invalid,
                                required=("ticket_id",), max_date="2030-01-01"))


XCELL = st.one_of(ANSWER, TEXT, TIME, st.none(), st.integers(-5, 100), st.floats(-10, 1e5),
                  st.booleans(), st.just("=1+1"), st.just(dt.datetime(2024, 11, 30, 9)),
                  st.just(45626.375))


@FUZZ
@given(st.data())
def test_xlsx_files(fuzz_dir, data):
    openpyxl = pytest.importorskip("openpyxl")
    head = data.draw(st.sampled_from([SURVEY_HEAD, RATINGS_HEAD, TICKETS_HEAD]))
    header = head + (["E1"] if data.draw(st.integers(0, 9)) == 0 else [])
    rows = data.draw(st.lists(st.lists(XCELL, min_size=len(header), max_size=len(header)),
                              min_size=1, max_size=6))
    wb = openpyxl.Workbook()
    ws = wb.active
    if data.draw(st.integers(0, 4)) == 0:
        ws.append(["标题"])
    ws.append(header)
    for r in rows:
        ws.append([None if isinstance(v, float) and not np.isfinite(v) else v for v in r])
    f = fuzz_dir / f"x{next(_counter)}.xlsx"
    wb.save(f)
    reader = {id(SURVEY_HEAD): read_survey, id(RATINGS_HEAD): read_ratings,
              id(TICKETS_HEAD): read_tickets}[id(head)]
    kwargs = {"required": ()} if reader is not read_survey else {}
    _check(lambda: reader(f, on_invalid=data.draw(st.sampled_from(["raise", "exclude"])),
                          **kwargs))


@FUZZ
@given(st.data())
def test_sav_files(fuzz_dir, data):
    pyreadstat = pytest.importorskip("pyreadstat")
    n = data.draw(st.integers(1, 8))
    code = st.one_of(st.sampled_from([1.0, 3.0, 5.0, 6.0, 7.0, 8.0, 98.0, 99.0, 0.0, 2.5]),
                     st.just(np.nan))
    frame = pd.DataFrame({
        "respondent_id": data.draw(st.lists(st.sampled_from(["R1", "R2", "R3", "", "N/A"]),
                                            min_size=n, max_size=n)),
        "E1": data.draw(st.lists(code, min_size=n, max_size=n)),
        "satisfaction": data.draw(st.lists(code, min_size=n, max_size=n)),
    })
    options = {}
    if data.draw(st.booleans()):
        options["missing_ranges"] = {"E1": [98.0, 99.0]}
    if data.draw(st.booleans()):
        options["variable_value_labels"] = {"satisfaction": {6.0: "不清楚", 99.0: "拒答",
                                                             1.0: "很差"}}
    f = fuzz_dir / f"s{next(_counter)}.sav"
    pyreadstat.write_sav(frame, str(f), **options)
    scale = data.draw(st.sampled_from([(1, 5), (1, 7)]))
    res = _check(lambda: read_survey(f, scale=scale, on_invalid="exclude"))
    if res is not None:
        for c in ("E1", "satisfaction"):
            assert res.data[c].dropna().between(*scale).all()


@FUZZ
@given(st.lists(st.tuples(st.one_of(TIME, st.just(45626.5), st.none()),
                          st.one_of(TIME, st.none()),
                          st.sampled_from([0, 1, None]), st.sampled_from([0, 1, None])),
                min_size=1, max_size=8),
       st.sampled_from([None, "%d/%m/%Y"]))
def test_hotline_rates_times(rows, date_format):
    df = pd.DataFrame(rows, columns=["in", "out", "solved", "sat"])
    df["resp"] = 1
    try:
        out = hotline_rates(df, received="in", responded="resp", closed="out", resolved="solved",
                            satisfied="sat", deadline_hours=24, date_format=date_format,
                            max_date="2030-01-01")
    except HelpersError as err:
        assert isinstance(err, InputError) and "internal error" not in str(err)
        return
    ex = out.attrs["excluded"].frame().astype({"reason": str})
    odd = set(ex.loc[ex["reason"].str.contains("implausible"), "row"])
    rate = out.set_index("rate")
    missing = {"response": "response:", "resolution": "resolution:",
               "satisfaction": "satisfaction:", "on_time": "on_time:"}
    for r, prefix in missing.items():
        left_out = set(ex.loc[ex["reason"].str.startswith(prefix), "row"])
        assert rate.loc[r, "n"] + len(left_out) + len(odd) == len(df)
        assert not (left_out & odd)
    assert out["estimate"].dropna().between(0, 1).all()
