"""Files that are not what their name says: each raw failure of openpyxl, pyreadstat or pandas
becomes an InputError in Chinese and English that says what to do."""

from __future__ import annotations

import zipfile

import pandas as pd
import pytest

from helpers import InputError
from helpers.io import read_ratings, read_survey, read_tickets

INTERNAL = "internal error"


def _clear(err) -> str:
    msg = str(err.value)
    assert INTERNAL not in msg                 # a handled case, not the safety net
    assert any("\u4e00" <= ch <= "\u9fff" for ch in msg) and "(" in msg
    return msg


def test_not_a_zip_named_xlsx(write_bytes):
    f = write_bytes("report.xlsx", b"ID,E1\nR1,5\n")
    with pytest.raises(InputError) as err:
        read_survey(f)
    assert "not a valid .xlsx" in _clear(err) and "另存为" in str(err.value)


def test_encrypted_or_old_xls(write_bytes):
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1024)
    with pytest.raises(InputError) as err:
        read_survey(write_bytes("locked.xlsx", ole))
    assert "encrypted" in _clear(err) and "密码" in str(err.value)
    with pytest.raises(InputError, match=r"\.xls"):
        read_survey(write_bytes("old.xls", ole))


def test_zip_without_workbook_parts(write_bytes, tmp_path):
    f = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(f, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("docProps/app.xml", "<x/>")
    with pytest.raises(InputError) as err:
        read_survey(f)
    assert "cannot be opened as an Excel workbook" in _clear(err)


def test_truncated_xlsx(write_xlsx, write_bytes):
    good = write_xlsx("good.xlsx", [["respondent_id", "E1"], ["R1", 5]])
    f = write_bytes("cut.xlsx", good.read_bytes()[:300])
    with pytest.raises(InputError) as err:
        read_survey(f)
    _clear(err)


def test_sheet_out_of_range_and_unknown(write_xlsx):
    f = write_xlsx("one.xlsx", [["respondent_id", "E1"], ["R1", 5]])
    with pytest.raises(InputError, match="sheet=3") as err:
        read_survey(f, sheet=3)
    assert "numbered from 0: Sheet" in _clear(err)
    with pytest.raises(InputError, match="找不到工作表"):
        read_survey(f, sheet="数据")
    with pytest.raises(InputError, match="sheet"):
        read_survey(f, sheet=True)
    g = write_xlsx("two.xlsx", [["说明"]], sheets={"数据": [["respondent_id", "E1"], ["R1", 5]]})
    assert read_survey(g, sheet=1).data["E1"].tolist() == [5]
    assert read_survey(g, sheet="数据").info["sheet"] == "数据"


def test_garbage_sav(write_bytes):
    pytest.importorskip("pyreadstat")
    with pytest.raises(InputError) as err:
        read_survey(write_bytes("x.sav", b"$FL2@(#) " + bytes(range(256)) * 4))
    assert "SPSS" in _clear(err)
    with pytest.raises(InputError):
        read_survey(write_bytes("y.sav", b"not spss at all"))


def test_unreadable_text(write_bytes):
    with pytest.raises(InputError) as err:
        read_survey(write_bytes("bin.csv", b"respondent_id,E1\nR1,\xff\xfe\x00\x81\n"))
    _clear(err)


def test_gb18030_decode_failure_names_the_line(write_bytes):
    data = "respondent_id,region\nR1,主城区\n".encode("gbk") + b"R2,\x81\x20\n"
    with pytest.raises(InputError) as err:
        read_survey(write_bytes("bad_gbk.csv", data))
    assert err.value.rows == [3]
    _clear(err)


@pytest.mark.parametrize("reader", [read_survey, read_ratings, read_tickets])
def test_every_reader_refuses_unknown_files(reader, write_bytes, tmp_path):
    with pytest.raises(InputError, match="找不到文件"):
        reader(tmp_path / "nope.csv")
    with pytest.raises(InputError, match="不支持"):
        reader(write_bytes("x.json", b"{}"))
    with pytest.raises(InputError, match="文件为空"):
        reader(write_bytes("e.csv", b""))


def test_bad_options_are_helpers_errors(write_text):
    from helpers import HelpersError
    f = write_text("s.csv", "respondent_id,E1\nR1,5\n")
    for kwargs in ({"on_invalid": "drop"}, {"scale": (7, 1)}, {"chunksize": 0},
                   {"mapping": ["E1"]}, {"answers": ["x"]}):
        with pytest.raises(HelpersError):
            read_survey(f, **kwargs)
    with pytest.raises(HelpersError):
        read_ratings(f, date_format=5)
    assert isinstance(read_survey(f).data, pd.DataFrame)
