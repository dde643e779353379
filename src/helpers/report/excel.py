"""The report workbook: one sheet per table, Chinese headers, numbers as numbers, print setup."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from helpers.report._common import zh_columns

__all__ = ["write_workbook"]

_BAD_CHARS = str.maketrans({c: "_" for c in "[]:*?/\\"})


def _sheet_name(name: str, used: set[str]) -> str:
    base = str(name).translate(_BAD_CHARS)[:31] or "表"
    out, k = base, 2
    while out in used:
        suffix = f"_{k}"
        out, k = base[:31 - len(suffix)] + suffix, k + 1
    used.add(out)
    return out


def _cell(value):
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, (np.bool_, bool)):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, (np.floating, float)):
        return None if np.isnan(value) else float(value)
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if isinstance(value, (int, str)):
        return value
    return str(value)


def write_workbook(path: str | Path, tables: list[tuple[str, pd.DataFrame]]) -> Path:
    """Write tables to an xlsx workbook, one sheet each, formatted for reading and printing.

    Parameters
    ----------
    path : str or Path
        The ``.xlsx`` file to write.
    tables : list of (str, pandas.DataFrame)
        Sheet name and table, in order (the report puts the row accounting first). Names are
        cut to Excel's 31 characters, forbidden characters replaced and duplicates numbered.

    Returns
    -------
    pathlib.Path
        ``path``.

    Notes
    -----
    Headers are translated to Chinese (the report's header table), bold, frozen and repeated
    on every printed page; numbers stay numbers (floats with format ``0.000``, integers
    ``#,##0``; missing values are empty cells); column widths follow the longest text
    (CJK characters counted double); pages are landscape and fitted to one page wide.

    Examples
    --------
    >>> import tempfile, pandas as pd, openpyxl
    >>> f = write_workbook(tempfile.mkdtemp() + "/r.xlsx",
    ...                    [("读取情况", pd.DataFrame({"item": ["读取"], "rows": [3]})),
    ...                     ("满意率", pd.DataFrame({"estimate": [0.5], "n": [10]}))])
    >>> wb = openpyxl.load_workbook(f)
    >>> wb.sheetnames, wb["满意率"]["A1"].value, wb["满意率"]["A2"].value
    (['读取情况', '满意率'], '估计值', 0.5)
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    wb.remove(wb.active)
    used: set[str] = set()
    for name, frame in tables:
        ws = wb.create_sheet(_sheet_name(name, used))
        frame = zh_columns(frame.reset_index(drop=True))
        ws.append([str(c) for c in frame.columns])
        for c in ws[1]:
            c.font = Font(bold=True)
            c.fill = PatternFill("solid", fgColor="EEF3F8")
            c.alignment = Alignment(wrap_text=True, vertical="center")
        kinds = []
        for col in frame.columns:
            s = frame[col]
            if pd.api.types.is_bool_dtype(s):
                kinds.append(None)
            elif pd.api.types.is_integer_dtype(s):
                kinds.append("#,##0")
            elif pd.api.types.is_float_dtype(s):
                kinds.append("0.000")
            elif pd.api.types.is_datetime64_any_dtype(s):
                kinds.append("yyyy-mm-dd hh:mm")
            else:
                kinds.append(None)
        for row in frame.itertuples(index=False):
            ws.append([_cell(v) for v in row])
        for j, (col, fmt) in enumerate(zip(frame.columns, kinds), start=1):
            letter = get_column_letter(j)
            if fmt:
                for cell in ws[letter][1:]:
                    cell.number_format = fmt
            texts = [str(col)] + [str(v) for v in frame[col].head(500)]
            width = max(sum(2 if ord(ch) > 0x2E80 else 1 for ch in t) for t in texts)
            ws.column_dimensions[letter].width = min(max(width + 2, 8), 60)
        ws.freeze_panes = "A2"
        ws.print_title_rows = "1:1"
        ws.page_setup.orientation = "landscape"
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
    path = Path(path)
    wb.save(path)
    return path
