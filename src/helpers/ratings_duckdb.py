"""好差评 satisfaction rates on rating logs too large for memory: DuckDB over Parquet.

The in-memory :func:`helpers.ratings.satisfaction_rate` serves a class or a service centre.
A province-wide log (tens of millions of ratings) is better left on disk as Parquet and
aggregated by DuckDB (embedded, no server): only the per-group counts come back to Python,
and the interval is computed there by the same code as the in-memory path, so both give
identical results. The SQL is plain ``GROUP BY`` aggregation and moves unchanged to a
distributed engine (Spark SQL, Trino).
"""

from __future__ import annotations

import os
from collections.abc import Hashable, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from helpers._validate import Exclusions, HelpersError, InputError, check_level
from helpers.labels import RATING_GRADES
from helpers.ratings import SATISFIED_DEFAULT, _wilson

__all__ = ["satisfaction_rate_parquet"]


def _ident(name: Hashable) -> str:
    text = str(name)
    return '"' + text.replace('"', '""') + '"'


def satisfaction_rate_parquet(
    path: str | os.PathLike,
    grade: str = "grade",
    *,
    satisfied: Sequence[str] = SATISFIED_DEFAULT,
    by: str | Sequence[str] | None = None,
    ci: float = 0.95,
    month: str | None = None,
) -> pd.DataFrame:
    """Satisfaction rate of the ratings in a Parquet file (or glob), aggregated by DuckDB.

    Parameters
    ----------
    path : str or path-like
        A Parquet file, or a glob such as ``"logs/*.parquet"``.
    grade : str
        Column with the five 好差评 grades as text (``helpers.labels.RATING_GRADES``).
    satisfied : sequence of str
        The grades counted as satisfied (default 非常满意 and 满意); stated in
        ``attrs["definition"]``.
    by : str or list of str, optional
        Grouping columns, e.g. ``"window"`` or ``["department", "channel"]``.
    ci : float
        Confidence level of the Wilson interval.
    month : str, optional
        A timestamp column: adds the group column ``month`` (``"YYYY-MM"``, after the ``by``
        columns), for rates by month (the report's p-chart) without loading the rows.

    Returns
    -------
    pandas.DataFrame
        The same columns as :func:`helpers.ratings.satisfaction_rate`: the ``by`` columns (if
        any), ``estimate`` (satisfied / rated), ``ci_low``, ``ci_high`` (Wilson score interval),
        ``n`` (ratings with a grade) and ``count`` (satisfied ratings), sorted by the ``by``
        columns. ``attrs["excluded"]`` reports the number of rows without a grade (as one record
        with ``row = "<k rows>"``; the rows are not listed one by one at this scale).

    Raises
    ------
    InputError
        If the file or a column is missing, or a grade is not one of the five levels (the
        message names the unknown values, how many rows carry them and the first row numbers).

    Notes
    -----
    rate = count / n with the Wilson (1927) score interval, computed by
    ``statsmodels.stats.proportion.proportion_confint(method="wilson")`` exactly as in the
    in-memory path. DuckDB reads only the columns the query names.

    Examples
    --------
    >>> import tempfile
    >>> from helpers.simulate import ratings_log_parquet
    >>> f = ratings_log_parquet(tempfile.mkdtemp() + "/r.parquet", n=5_000, chunk_rows=5_000)
    >>> out = satisfaction_rate_parquet(f)
    >>> int(out.loc[0, "n"]), bool(0.9 < out.loc[0, "estimate"] <= 1)
    (5000, True)
    """
    import duckdb

    level = check_level(ci)
    text = str(path)
    if not any(ch in text for ch in "*?[") and not Path(text).is_file():
        raise InputError(f"找不到文件 {text} (file not found: {text})")
    groups = [by] if isinstance(by, str) else list(by or [])
    if month is not None and "month" in groups:
        raise HelpersError("month= 与 by 中的 'month' 重复 (month= adds the group column 'month'; "
                           "do not also list it in by)")
    satisfied = list(satisfied)
    unknown_def = [g for g in satisfied if g not in RATING_GRADES]
    if unknown_def:
        raise InputError(f"满意的定义中含有未知等级 {unknown_def} (unknown grades in the definition)")
    con = duckdb.connect()
    try:
        source = f"read_parquet({_sql_str(text)})"
        columns = set(con.execute(f"DESCRIBE SELECT * FROM {source}").df()["column_name"])
        missing = [c for c in [grade, *groups, *([month] if month else [])] if c not in columns]
        if missing:
            raise InputError(f"缺少列：{missing} (missing column(s) in {text}: {missing})",
                             column=missing[0])
        g = _ident(grade)
        valid = ", ".join(_sql_str(v) for v in RATING_GRADES)
        bad = con.execute(
            f"SELECT {g} AS grade, count(*) AS rows, min(rn) AS first_row FROM "
            f"(SELECT {g}, row_number() OVER () - 1 AS rn FROM {source}) "
            f"WHERE {g} IS NOT NULL AND {g} NOT IN ({valid}) GROUP BY 1 ORDER BY 3"
        ).df()
        if len(bad):
            listed = ", ".join(f"{r.grade!r} ({r.rows} rows, first row {r.first_row})"
                               for r in bad.head(5).itertuples())
            raise InputError(
                f"列 {grade!r} 含有不是五级评价的值：{listed} "
                f"(column {grade!r}: unknown grades {listed}; expected {', '.join(RATING_GRADES)})",
                column=grade, rows=[int(v) for v in bad["first_row"].head(5)],
            )
        sat = ", ".join(_sql_str(v) for v in satisfied)
        select_groups = "".join(f"{_ident(c)}, " for c in groups)
        if month is not None:
            select_groups += f"strftime(CAST({_ident(month)} AS TIMESTAMP), '%Y-%m') AS month, "
            groups = [*groups, "month"]
        group_clause = f"GROUP BY {', '.join(_ident(c) for c in groups)} " if groups else ""
        order_clause = f"ORDER BY {', '.join(_ident(c) for c in groups)}" if groups else ""
        counts = con.execute(
            f"SELECT {select_groups}count({g}) AS n, "
            f"count(*) FILTER (WHERE {g} IN ({sat})) AS count, "
            f"count(*) FILTER (WHERE {g} IS NULL) AS no_grade "
            f"FROM {source} {group_clause}{order_clause}"
        ).df()
    finally:
        con.close()
    n = counts["n"].to_numpy(dtype=np.int64)
    count = counts["count"].to_numpy(dtype=np.int64)
    with np.errstate(invalid="ignore", divide="ignore"):
        estimate = np.where(n > 0, count / np.maximum(n, 1), np.nan)
    lo, hi = _wilson(count, n, level)
    out = counts[groups].copy() if groups else pd.DataFrame(index=range(len(counts)))
    out["estimate"] = estimate
    out["ci_low"] = lo
    out["ci_high"] = hi
    out["n"] = n
    out["count"] = count
    out.attrs["definition"] = f"满意 = {' + '.join(satisfied)}（占有评价等级的评价之比）"
    no_grade = int(counts["no_grade"].sum())
    excluded = Exclusions()
    if no_grade:
        excluded.add([f"<{no_grade} rows>"], "no grade", column=grade)
    return excluded.attach(out)


def _sql_str(value: str) -> str:
    return "'" + str(value).replace("'", "''") + "'"
