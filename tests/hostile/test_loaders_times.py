"""The one time policy (helpers._times) in every place that reads times: read_ratings,
read_tickets and hotline_rates.

Policy: naive = Asia/Shanghai local time; aware → converted to Asia/Shanghai, zone dropped;
Excel serials only for a whole column of plausible serials (reported); year-last dates need
``date_format``; dates before ``min_date`` or after ``max_date`` are excluded and reported.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from helpers import HelpersError, InputError
from helpers.hotline import hotline_rates
from helpers.io import read_ratings, read_tickets

KW = dict(received="in", responded="resp", closed="out", resolved="solved", satisfied="sat")


def _orders(**cols) -> pd.DataFrame:
    base = {"resp": [1, 0, 1], "out": [None, None, None], "solved": [1, 0, 1],
            "sat": [1, None, 0]}
    base.update(cols)
    return pd.DataFrame(base)


def _note_count(res, column: str, word: str) -> int:
    return int(res.notes.loc[(res.notes["column"] == column)
                             & res.notes["note"].str.contains(word), "count"].sum())


# ----------------------------------------------------------------------------- Excel serials

def test_excel_serials_in_hotline_rates_are_dates_not_nanoseconds():
    df = _orders(**{"in": [45626.375, 45626.5, 45627.0], "out": [45626.875, None, 45628.25]})
    out = hotline_rates(df, deadline_hours=24, **KW).set_index("rate")
    # 12 h and 30 h: one on time (≤ 24 h), one late; as 1970 nanoseconds both were "on time"
    assert (out.loc["on_time", "n"], out.loc["on_time", "count"]) == (2, 1)
    assert any("Excel serial" in note for note in out.attrs["notes"])


def test_excel_serials_in_loaders_are_reported(write_text):
    f = write_text("t.csv", "ticket_id,received,closed\nT1,45626.375,45627.5\nT2,45626.5,\n")
    res = read_tickets(f)
    assert res.data["received"].tolist() == [pd.Timestamp("2024-11-30 09:00"),
                                              pd.Timestamp("2024-11-30 12:00")]
    assert _note_count(res, "received", "Excel serial") == 2
    assert _note_count(res, "closed", "Excel serial") == 1


def test_numbers_that_are_not_plausible_serials_are_refused():
    with pytest.raises(InputError, match="numbers, not dates") as err:
        hotline_rates(_orders(**{"in": [45626.375, 3.0, 45627.0]}), deadline_hours=24, **KW)
    assert err.value.rows == [1]
    with pytest.raises(InputError, match="numbers, not dates"):   # epoch seconds
        hotline_rates(_orders(**{"in": [1.7e9, 1.7e9, 1.7e9]}), deadline_hours=24, **KW)


def test_numbers_mixed_with_date_texts_do_not_parse(write_xlsx):
    f = write_xlsx("mix.xlsx", [["ticket_id", "received"], ["T1", dt.datetime(2024, 11, 30, 9)],
                                ["T2", 45626.5]])
    with pytest.raises(InputError, match="numbers mixed with dates") as err:
        read_tickets(f)
    assert err.value.rows == [3]


def test_serial_column_decision_holds_across_chunks(write_text):
    lines = ["ticket_id,received"] + [f"T{i},{45600 + i}.5" for i in range(1, 6)]
    lines += ["T6,2024-11-30 08:00"]
    f = write_text("c.csv", "\n".join(lines) + "\n")
    res = read_tickets(f, chunksize=2, on_invalid="exclude")
    assert res.counts == {"read": 6, "kept": 5, "excluded": 1}
    assert "Excel serial" in res.report.loc[0, "reason"]


# ----------------------------------------------------------------------------- day/month order

@pytest.mark.parametrize("values", [["30/11/2024", "12/11/2024"], ["12/11/2024", "11/12/2024"],
                                    ["11-12-24", "30-11-24"]])
def test_year_last_dates_need_a_format(write_text, values):
    body = "".join(f"H{i},{v},W1,5\n" for i, v in enumerate(values))
    f = write_text("r.csv", "rating_id,time,window,grade\n" + body)
    with pytest.raises(InputError, match="date_format") as err:
        read_ratings(f)
    assert err.value.column == "time" and err.value.rows == [2, 3]


def test_year_last_dates_with_a_format_are_read_consistently(write_text):
    f = write_text("r.csv", "rating_id,time,window,grade\nH1,30/11/2024 09:00,W1,5\n"
                            "H2,12/11/2024 10:30,W1,4\n")
    res = read_ratings(f, date_format="%d/%m/%Y %H:%M")
    assert res.data["time"].tolist() == [pd.Timestamp("2024-11-30 09:00"),
                                         pd.Timestamp("2024-11-12 10:30")]
    df = _orders(**{"in": ["30/11/2024", "12/11/2024", "01/11/2024"],
                    "out": ["30/11/2024", None, None]})
    with pytest.raises(InputError, match="date_format"):
        hotline_rates(df, deadline_hours=24, **KW)
    assert len(hotline_rates(df, deadline_hours=24, date_format="%d/%m/%Y", **KW)) == 4


def test_year_first_forms_are_read_as_year_month_day(write_text):
    f = write_text("r.csv", "time,window,grade\n2024/11/30 9:05,W1,5\n2024年11月30日 10:05,W1,5\n"
                            "2024-11-30T11:05:00,W1,5\n")
    res = read_ratings(f)
    assert res.data["time"].dt.strftime("%Y-%m-%d %H:%M").tolist() == [
        "2024-11-30 09:05", "2024-11-30 10:05", "2024-11-30 11:05"]


def test_texts_without_a_year_do_not_parse(write_text):
    f = write_text("r.csv", "time,window,grade\n2024-11-30,W1,5\n12/11,W1,5\n下午三点,W1,5\n")
    res = read_ratings(f, on_invalid="exclude")
    assert res.report["source_row"].tolist() == [3, 4]
    assert res.report["reason"].str.contains("date does not parse").all()


# ----------------------------------------------------------------------------- time zones

def test_mixed_time_zones_are_converted_not_a_crash(write_text):
    f = write_text("tz.csv", "rating_id,time,window,grade\nH1,2024-11-30T08:00:00+08:00,W1,5\n"
                             "H2,2024-11-30T00:00:00Z,W1,4\nH3,2024-11-30 08:00,W1,4\n"
                             "H4,2024-11-29T19:00:00-05:00,W1,3\n")
    res = read_ratings(f)
    assert (res.data["time"] == pd.Timestamp("2024-11-30 08:00")).all()
    assert res.data["time"].dt.tz is None
    assert _note_count(res, "time", "Asia/Shanghai") == 3
    tickets = write_text("t.csv", "ticket_id,received,closed\nT1,2024-11-30T00:00Z,"
                                  "2024-11-30 10:00\nT2,2024-11-30 09:00,2024-11-30T03:00+00:00\n")
    assert read_tickets(tickets).data["closed"].tolist() == [pd.Timestamp("2024-11-30 10:00"),
                                                             pd.Timestamp("2024-11-30 11:00")]


def test_aware_and_naive_chunks_give_one_datetime_column(write_text):
    lines = ["rating_id,time,window,grade"]
    lines += [f"H{i},2024-11-30T0{i}:00:00Z,W1,5" for i in range(1, 4)]
    lines += [f"H{i},2024-11-30 1{i}:00:00,W1,5" for i in range(4, 7)]
    res = read_ratings(write_text("c.csv", "\n".join(lines) + "\n"), chunksize=3)
    assert str(res.data["time"].dtype) == "datetime64[us]"
    assert res.data["time"].dt.hour.tolist() == [9, 10, 11, 14, 15, 16]


def test_hotline_rates_with_aware_and_naive_objects():
    df = _orders(**{"in": [pd.Timestamp("2024-11-30 01:00", tz="UTC"),
                           pd.Timestamp("2024-11-30 09:00"),
                           dt.datetime(2024, 11, 30, 10,
                                       tzinfo=dt.timezone(dt.timedelta(hours=9)))],
                    "out": ["2024-11-30T10:00+08:00", "2024-11-30 20:00", None]})
    out = hotline_rates(df, deadline_hours=2, as_of="2024-11-30T10:00Z", **KW).set_index("rate")
    # order 1: 09:00 → 10:00 on time; order 2: 11 h, late; order 3 (09:00 local) overdue
    assert (out.loc["on_time", "n"], out.loc["on_time", "count"]) == (3, 1)
    tz_aware = pd.DataFrame({"in": pd.to_datetime(["2024-11-30T00:00Z"] * 2), "resp": [1, 1],
                             "out": pd.to_datetime(["2024-11-30T01:00Z", None]),
                             "solved": [1, 1], "sat": [1, 1]})
    assert hotline_rates(tz_aware, deadline_hours=2, **KW).set_index("rate").loc[
        "on_time", "count"] == 1


# ----------------------------------------------------------------------------- implausible dates

def test_implausible_dates_in_loaders(write_text):
    f = write_text("r.csv", "rating_id,time,window,grade\nH1,2024-11-30,W1,5\nH2,2099-01-01,W1,4\n"
                            "H3,1900-01-01,W1,4\nH4,1999-12-31,W1,4\n")
    with pytest.raises(InputError, match="implausible date") as err:
        read_ratings(f)
    assert err.value.rows == [3, 4, 5]
    res = read_ratings(f, on_invalid="exclude")
    assert res.counts == {"read": 4, "kept": 1, "excluded": 3}
    assert res.report["reason"].str.contains("implausible").all()
    wider = read_ratings(f, min_date="1900-01-01", max_date="2100-01-01")
    assert wider.counts["kept"] == 4


def test_implausible_dates_exclude_the_order_in_hotline_rates():
    df = _orders(**{"in": ["2024-11-30 08:00", "2099-01-01", "1900-01-01 00:00"],
                    "out": ["2024-11-30 09:00", None, None]})
    out = hotline_rates(df, deadline_hours=24, **KW)
    assert out.set_index("rate").loc["response", "n"] == 1
    ex = out.attrs["excluded"].frame()
    odd = ex[ex["reason"].str.contains("implausible")]
    assert odd["row"].tolist() == [1, 2] and set(odd["column"]) == {"in"}
    ok = hotline_rates(df, deadline_hours=24, min_date="1900-01-01", max_date="2100-01-01",
                       **KW)
    assert ok.set_index("rate").loc["response", "n"] == 3
    with pytest.raises(InputError, match="implausible"):
        hotline_rates(df.iloc[1:].assign(out=["2099-01-02", None]), deadline_hours=24, **KW)


# ----------------------------------------------------------------------------- deadlines

def test_deadline_numbers_and_booleans():
    df = _orders(**{"in": ["2024-11-30 08:00"] * 3, "out": ["2024-11-30 09:00", None, None]})
    a = hotline_rates(df, deadline_hours=24, **KW)
    for value in (np.int64(24), np.float32(24), np.int32(24)):
        pd.testing.assert_frame_equal(hotline_rates(df, deadline_hours=value, **KW), a)
    for value in (True, False, np.bool_(True), 0, -3, np.nan, np.inf):
        with pytest.raises(HelpersError, match="deadline_hours"):
            hotline_rates(df, deadline_hours=value, **KW)
