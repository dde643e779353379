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

__all__ = ["FallBack", "read_ratings_duckdb", "satisfaction_rate_parquet"]


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
    path : str, path-like or list of them
        A Parquet file, a glob such as ``"logs/*.parquet"``, or a list of files (their columns
        are matched by name; :func:`read_ratings_duckdb` returns such a list).
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
    files = [str(p) for p in path] if isinstance(path, (list, tuple)) else [str(path)]
    text = ", ".join(files)
    for f in files:
        if not any(ch in f for ch in "*?[") and not Path(f).is_file():
            raise InputError(f"找不到文件 {f} (file not found: {f})")
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
        source = f"read_parquet({_sql_list(files)}, union_by_name=true)"
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


def _sql_list(values) -> str:
    return "[" + ", ".join(_sql_str(v) for v in values) + "]"


def _sql_str(value: str) -> str:
    return "'" + str(value).replace("'", "''") + "'"


# ---------------------------------------------------------------------------------------------
# a large CSV export through DuckDB, with the row accounting of helpers.io.read_ratings
# ---------------------------------------------------------------------------------------------

_DIRECT = ("utf-8", "utf-8-sig", "ascii")
_FAST_TIME = r"\d{4}-\d{2}-\d{2}[ T]([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?"
_ID_FAST = r"[A-Za-z0-9_.\-]+"
_MAX_DISTINCT = 1_000_000


class FallBack(HelpersError):
    """The file's layout does not allow the DuckDB path (the pandas reader must take it)."""


def _transcode(src: Path, dst: Path, encoding: str) -> None:
    """Stream ``src`` (``encoding``) into UTF-8 ``dst``; strict (the encoding was detected)."""
    import codecs

    dec = codecs.getincrementaldecoder(encoding)(errors="strict")
    with open(src, "rb") as fin, open(dst, "w", encoding="utf-8", newline="") as fout:
        for block in iter(lambda: fin.read(1 << 22), b""):
            fout.write(dec.decode(block))
        fout.write(dec.decode(b"", final=True))


def _count_lines(path: Path) -> tuple[int, bool]:
    """Newlines in a file and whether it ends with one (16 MiB blocks)."""
    n, last = 0, b""
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 24), b""):
            n += block.count(b"\n")
            last = block[-1:]
    return n, last == b"\n"


def _value_map(values, dst: str, kind: str, mask: bool, masked: dict) -> pd.DataFrame:
    """Distinct raw values of a low-cardinality column → (clean value, odd), by the pandas rules."""
    from helpers import io as hio

    vals = pd.Series([v for v in values if v is not None], dtype=object)
    if len(vals) > _MAX_DISTINCT:
        raise FallBack(f"{dst}: more than {_MAX_DISTINCT} distinct values")
    vals = vals.astype(object)
    scratch = hio._Account()
    t = hio._tokens(hio._text(vals, nfkc=kind == "grade"), dst, scratch)
    if kind == "grade":
        stars = {str(k): g for k, g in zip(range(5, 0, -1), RATING_GRADES)}
        stars.update({f"{k}.0": g for k, g in zip(range(5, 0, -1), RATING_GRADES)})
        clean = t.where(t.isin(RATING_GRADES), t.map(stars))
        odd = clean.isna()                           # token, empty or unknown: the pandas reader
    else:
        clean = t.where(t.ne(""))
        odd = t.isna() & vals.notna() & vals.astype(str).str.strip().ne("")   # tokens
        if mask and clean.notna().any():
            from helpers.privacy import mask_series

            present = clean.notna()
            out, hits = mask_series(clean[present].astype(str))
            clean = clean.astype(object)
            clean[present] = list(out)
            for k, v in hits["kind"].value_counts().items() if len(hits) else []:
                masked[f"{dst}:{k}"] = masked.get(f"{dst}:{k}", 0) + int(v)
    return pd.DataFrame({"raw": vals.astype(str), "clean": clean.astype(object).where(
        clean.notna(), None), "odd": odd.astype(bool)})


def read_ratings_duckdb(path: str | os.PathLike, mapping=None, *, workdir: str | os.PathLike,
                        encoding: str | None = None, delimiter: str | None = None,
                        header_row: int | None = None, date_format: str | None = None,
                        min_date="2000-01-01", max_date=None, mask: bool = True,
                        memory_limit: str = "1GB"):
    """Read a large 好差评 CSV export with DuckDB into a Parquet file, accounting for every row.

    Parameters
    ----------
    path : str or path-like
        A ``.csv``/``.tsv``/``.txt`` rating log (any size).
    mapping : dict, optional
        ``{source header: schema column}`` as for :func:`helpers.io.read_ratings`.
    workdir : str or path-like
        A folder for the kept rows (``kept.parquet``) and scratch files (a transcoded copy of a
        non-UTF-8 file, DuckDB's spill files). The caller removes it.
    encoding, delimiter, header_row, date_format, min_date, max_date
        As in :func:`helpers.io.read_ratings` (detected when not given).
    mask : bool, default True
        Mask phone and ID numbers in the text columns (window, department …), as the report
        does for in-memory data; counts in ``info["masked"]``.
    memory_limit : str
        DuckDB's memory limit (beyond it DuckDB spills to ``workdir``).

    Returns
    -------
    helpers.io.LoadResult
        ``data`` is a list of Parquet files holding the kept rows on
        :data:`helpers.io.RATINGS_SCHEMA` (``time`` a timestamp, the rest text; ``rating_id``
        is checked but not kept), for :func:`satisfaction_rate_parquet`; ``report``,
        ``counts``, ``notes`` and ``info`` exactly as the pandas reader gives them (see Notes).

    Raises
    ------
    InputError
        As :func:`helpers.io.read_ratings` (``on_invalid="exclude"``): structural problems.
    FallBack
        When the file's layout rules the DuckDB path out: records spanning lines, blank lines,
        lines with the wrong number of fields (their line numbers would not be the source
        lines). The caller then uses the pandas reader.

    Notes
    -----
    One streaming pass of DuckDB (``read_csv`` with every column typed ``VARCHAR``) classifies
    each row. A row is *plain* when every mapped cell is in the common form the pandas reader
    would read unchanged: a grade among the five texts or stars 1–5, a time
    ``YYYY-MM-DD HH:MM[:SS]`` (or matching ``date_format``) inside ``[min_date, max_date]``, an
    ASCII id, text that is not a missing-value token. Low-cardinality columns are judged on
    their distinct values by the pandas reader's own functions. Every other row (bad scores,
    unknown grades, codes, unparseable or implausible dates, tokens, empty cells) is handed
    to :func:`helpers.io.read_ratings` itself in a small CSV with the original line numbers,
    so its exclusions, reasons and notes are those of the pandas path. Duplicate ids are found
    by DuckDB over all rows (first occurrence kept, as in the pandas path). GBK/GB18030 and
    UTF-16 files are first transcoded to UTF-8 in one streaming pass (Python codecs, strict).

    Examples
    --------
    >>> import tempfile, os
    >>> d = tempfile.mkdtemp()
    >>> f = os.path.join(d, "r.csv")
    >>> _ = open(f, "w", encoding="utf-8").write(
    ...     "评价时间,窗口,评价\\n2025-03-03 09:00,W01,5\\n2025-03-03,W01,99\\n2025-13-03,W02,满意\\n")
    >>> res = read_ratings_duckdb(f, {"评价时间": "time", "窗口": "window", "评价": "grade"},
    ...                           workdir=d)
    >>> res.counts, res.report["source_row"].tolist()
    ({'read': 3, 'kept': 1, 'excluded': 2}, [3, 4])
    """
    import duckdb

    from helpers import _tables, _times
    from helpers import io as hio

    path, work = Path(path), Path(workdir)
    work.mkdir(parents=True, exist_ok=True)
    schema = hio.RATINGS_SCHEMA
    opened = _tables.open_table(path, encoding=encoding, header_row=header_row,
                                delimiter=delimiter, expected=hio._expected(mapping, schema))
    info = dict(opened.info)
    if info.get("format") != "csv":
        raise FallBack("not a delimited text file")
    colmap = hio._resolve(opened.headers, opened.labels, mapping, schema, opened.aliases)
    if "grade" not in colmap.values():
        raise InputError("缺少必需的列：'grade'，请用 mapping 指明 (required column(s) missing: "
                         "'grade'; map them with mapping={source header: 'grade'})",
                         column="grade")
    head_of = dict(zip(opened.labels, opened.headers))
    info["columns"] = {head_of[k]: v for k, v in colmap.items()}
    info["ignored_columns"] = [h for h, k in zip(opened.headers, opened.labels) if k not in colmap]
    info["engine"] = "duckdb"
    hrow = int(info.get("header_row") or 1)
    enc = info.get("encoding", "utf-8")
    source = path
    if enc not in _DIRECT:
        source = work / "utf8.csv"
        _transcode(path, source, enc)
        info["transcoded"] = f"{enc} → utf-8"
    n_lines, ends_nl = _count_lines(source)
    pos = {lab: k for k, lab in enumerate(opened.labels)}
    names = [f"c{k}" for k in range(len(opened.labels))]
    cols = "{" + ", ".join(f"'{c}': 'VARCHAR'" for c in names) + "}"
    lo, hi = _times.time_bounds(min_date, max_date)
    con = duckdb.connect(config={"memory_limit": memory_limit,
                                 "temp_directory": str(work / "duckdb.tmp")})
    try:
        con.execute("SET enable_progress_bar=false")
        delim = info.get("delimiter") or ","
        src = (f"read_csv({_sql_str(str(source))}, header=false, skip={hrow}, auto_detect=false, "
               f"columns={cols}, delim={_sql_str(delim)}, quote='\"', escape='\"', "
               f"strict_mode=true, null_padding=false)")
        mapped = [names[pos[lab]] for lab in colmap]
        others = [names[pos[lab]] for lab in opened.labels if lab not in colmap]
        other_sql = " OR ".join(f"{c} IS NOT NULL" for c in others) or "false"
        stage = work / "stage"
        low = [(lab, dst) for lab, dst in colmap.items() if schema[dst] in ("str", "grade")]
        try:                # pass 1: row count and the distinct values of the text columns
            id_src = next((lab for lab, d in colmap.items() if d == "rating_id"), None)
            key_of = (lambda x: f"CASE WHEN trim({x}) <> '' THEN "
                      f"regexp_replace(trim({x}), '^(\\d+)\\.0$', '\\1') END")
            ids = (f", count({key_of(names[pos[id_src]])}), "
                   f"count(DISTINCT hash({key_of(names[pos[id_src]])}))" if id_src else "")
            row = con.execute("SELECT count(*)" + ids + "".join(
                f", list(DISTINCT {names[pos[lab]]})" for lab, _ in low) + f" FROM {src}"
                ).fetchall()[0]
        except duckdb.Error as exc:
            raise FallBack(f"DuckDB cannot read the file line by line: {str(exc).splitlines()[0]}"
                           ) from None
        n_read = int(row[0])
        if n_lines - (0 if ends_nl else -1) != hrow + n_read:
            raise FallBack("line count differs from record count (records spanning lines or "
                           "blank lines)")
        if n_read == 0:
            raise InputError(f"文件只有表头，没有数据行：{path.name}，请检查导出范围 (file has a "
                             "header but no data rows)")
        masked: dict = {}
        clean_sql, odd_sql, joins = {}, [], []
        has_dups = bool(id_src) and row[1] != row[2]   # equal ids have equal hashes
        distinct = dict(zip([lab for lab, _ in low], row[3:] if id_src else row[1:]))
        for lab, dst in colmap.items():
            c = names[pos[lab]]
            kind = schema[dst]
            if kind in ("str", "grade"):
                vm = _value_map(distinct[lab], dst, kind, mask, masked)
                null_odd = "true" if kind == "grade" else "false"
                odd_v = vm[vm["odd"]]
                changed = vm[~vm["odd"] & (vm["clean"] != vm["raw"])]
                if len(odd_v) + len(changed) <= 500:      # usually: a short CASE, no join
                    whens = "".join(f" WHEN raw.{c} = {_sql_str(r)} THEN {_sql_str(v)}" for r, v in
                                    zip(changed["raw"], changed["clean"]) if v is not None)
                    nulls = [r for r, v in zip(changed["raw"], changed["clean"]) if v is None]
                    if nulls:
                        whens += f" WHEN raw.{c} IN ({_sql_list(nulls)[1:-1]}) THEN NULL"
                    clean_sql[dst] = f"CASE{whens} ELSE raw.{c} END" if whens else f"raw.{c}"
                    odd_list = _sql_list(odd_v["raw"])[1:-1]
                    odd_sql.append(f"(raw.{c} IS NULL AND {null_odd})" + (
                        f" OR raw.{c} IN ({odd_list})" if len(odd_v) else ""))
                else:
                    con.register(f"vm_{c}", vm)
                    joins.append(f"LEFT JOIN vm_{c} ON raw.{c} = vm_{c}.raw")
                    clean_sql[dst] = f"vm_{c}.clean"
                    odd_sql.append(f"coalesce(vm_{c}.odd, {null_odd})")
            elif kind == "id":
                toks = ", ".join(_sql_str(t) for t in sorted(hio.MISSING_TOKENS))
                odd_sql.append(f"(raw.{c} IS NULL OR NOT regexp_full_match(raw.{c}, "
                               f"'{_ID_FAST}') OR lower(raw.{c}) IN ({toks}))")
            elif kind == "datetime":
                if date_format:
                    parsed = f"try_strptime(raw.{c}, {_sql_str(date_format)})"
                    shape = "true"
                else:
                    parsed = f"TRY_CAST(raw.{c} AS TIMESTAMP)"
                    shape = f"regexp_full_match(raw.{c}, '{_FAST_TIME}')"
                clean_sql[dst] = f"CAST({parsed} AS TIMESTAMP)"
                odd_sql.append(f"NOT coalesce({shape} AND {parsed} BETWEEN "
                               f"TIMESTAMP '{lo:%Y-%m-%d %H:%M:%S}' AND "
                               f"TIMESTAMP '{hi:%Y-%m-%d %H:%M:%S}', false)")
        order = list(dict.fromkeys(colmap.values()))
        key_sql, dk_join, dk_sql = "NULL", "", "false"
        con.execute("CREATE TEMP TABLE dupkeys (k VARCHAR)")
        if has_dups:
            c = names[pos[id_src]]
            key_sql = key_of(f"raw.{c}")
            con.execute("DROP TABLE dupkeys")
            # ids that occur more than once (one aggregation; usually none)
            con.execute(f"CREATE TEMP TABLE dupkeys AS SELECT k FROM (SELECT {key_of(c)} AS k "
                        f"FROM {src}) WHERE k IS NOT NULL GROUP BY k HAVING count(*) > 1")
            dk_join = "LEFT JOIN dupkeys ON dupkeys.k = __key"
            dk_sql = "dupkeys.k IS NOT NULL"
        sel = ", ".join(f"{clean_sql.get(d, 'NULL')} AS {_ident(d)}" for d in order
                        if d != "rating_id")
        odd = " OR ".join(odd_sql) or "false"
        keep_raw = ", ".join(f"CASE WHEN __special THEN {c} END AS {c}" for c in mapped)
        # pass 2: each row cleaned and classified; plain rows (the data, without their ids) go to
        # stage/__special=false, odd rows and rows of repeated ids keep their source line, id and
        # raw cells in stage/__special=true
        con.execute(
            f"COPY (SELECT CASE WHEN __special THEN src_row END AS src_row, __special, __odd, "
            f"CASE WHEN __special THEN __key END AS __key, "
            f"{', '.join(_ident(d) for d in order if d != 'rating_id')}, "
            f"{keep_raw}, CASE WHEN __special THEN __other END AS __other FROM ("
            f"SELECT *, __odd OR {dk_sql} AS __special FROM ("
            f"SELECT raw.src_row, raw.__other, {', '.join('raw.' + c for c in mapped)}, "
            f"({odd}) AS __odd, {key_sql} AS __key, {sel} FROM ("
            f"SELECT row_number() OVER () + {hrow} AS src_row, {', '.join(mapped)}, "
            f"({other_sql}) AS __other FROM {src}) raw {' '.join(joins)}) {dk_join})) "
            f"TO {_sql_str(str(stage))} (FORMAT parquet, PARTITION_BY (__special), "
            f"OVERWRITE_OR_IGNORE)")
        special = str(stage / "__special=true" / "*.parquet")
        has_special = any((stage / "__special=true").glob("*.parquet"))
        con.execute(f"CREATE VIEW special AS SELECT * FROM read_parquet({_sql_str(special)}, "
                    f"hive_partitioning=false)" if has_special else
                    "CREATE VIEW special AS SELECT NULL::BIGINT AS src_row, NULL::VARCHAR AS "
                    "__key, false AS __odd WHERE false")
        # duplicate ids (the first occurrence is kept, as in the pandas path)
        con.execute("""CREATE TEMP TABLE dup AS
            SELECT src_row, k, first_row FROM (
                SELECT src_row, __key AS k, min(src_row) OVER (PARTITION BY __key) AS first_row
                FROM special WHERE __key IN (SELECT k FROM dupkeys))
            WHERE src_row <> first_row""" if has_dups else
                    "CREATE TEMP TABLE dup AS SELECT NULL::BIGINT AS src_row, NULL::VARCHAR AS k, "
                    "NULL::BIGINT AS first_row WHERE false")
        con.execute("CREATE VIEW raw AS SELECT * FROM special WHERE __odd")
        # rows for the pandas reader: the odd ones (duplicates among them are excluded by the
        # DuckDB check; the reader still names their other problems)
        odd_raw = con.execute(
            "SELECT raw.*, raw.src_row IN (SELECT src_row FROM dup) AS __dup FROM raw "
            "ORDER BY src_row").df()
        kept_odd = None
        rep_parts, notes = [], pd.DataFrame(columns=["column", "note", "count"])
        if len(odd_raw):
            mini = work / "odd_rows.csv"
            frame = pd.DataFrame({f"m{k}": odd_raw[names[pos[lab]]]
                                  for k, lab in enumerate(colmap)})
            frame["__other"] = odd_raw["__other"].map({True: "x", False: None})
            # a first, valid sentinel row: the pandas reader refuses a file whose rows are all
            # excluded, and a plain time among the odd ones keeps its column-wide decisions
            # (Excel serials only when the whole column is numbers) as for the whole file
            stamp = (lo + pd.Timedelta(days=1)).strftime(date_format or "%Y-%m-%d %H:%M:%S")
            sentinel = {f"m{k}": {"grade": "满意", "time": stamp, "rating_id": "__sentinel__"}
                        .get(d, "x") for k, d in enumerate(colmap.values())}
            sentinel["__other"] = None
            frame = pd.concat([pd.DataFrame([sentinel]), frame], ignore_index=True)
            frame.to_csv(mini, index=False, encoding="utf-8")
            res = hio.read_ratings(mini, {f"m{k}": d for k, d in enumerate(colmap.values())},
                                   on_invalid="exclude", required=("grade",),
                                   date_format=date_format, min_date=min_date,
                                   max_date=max_date, delimiter=",", encoding="utf-8")
            lines = odd_raw["src_row"].to_numpy()
            rep = res.report.copy()
            if res.report["source_row"].eq(2).any():  # pragma: no cover - sentinel refused
                raise FallBack("the sentinel row was refused")
            kept_lines = np.setdiff1d(np.arange(2, len(frame) + 2), rep["source_row"])
            is_dup = odd_raw["__dup"].to_numpy(dtype=bool)
            kept_odd = res.data.iloc[1:][~is_dup[kept_lines[1:] - 3]]
            rep["source_row"] = lines[rep["source_row"].to_numpy() - 3]
            rep = rep[~(rep["column"].eq("rating_id")
                        & rep["reason"].astype(str).str.startswith("编号重复"))]
            rep_parts.append(rep)
            notes = res.notes
        dups = con.execute("SELECT src_row, k, first_row FROM dup ORDER BY src_row").df()
        if len(dups):
            rep_parts.append(pd.DataFrame({
                "source_row": dups["src_row"].to_numpy(dtype=np.int64), "column": "rating_id",
                "reason": [f"编号重复，与第 {f} 行相同 (duplicate id {k}, first seen in row {f})"
                           for k, f in zip(dups["k"], dups["first_row"])]}))
        rep = (pd.concat(rep_parts, ignore_index=True) if rep_parts else
               pd.DataFrame({"source_row": pd.Series(dtype="int64"), "column": pd.Series(
                   dtype=object), "reason": pd.Series(dtype=object)}))
        rep = rep.sort_values("source_row", kind="stable").reset_index(drop=True)
        plain = stage / "__special=false"
        kept = [str(p) for p in sorted(plain.glob("*.parquet"))]
        cols = ", ".join(_ident(d) for d in order if d != "rating_id")
        n_plain_special = con.execute("SELECT count(*) FROM special WHERE NOT __odd AND src_row "
                                      "NOT IN (SELECT src_row FROM dup)").fetchall()[0][0]
        if n_plain_special:      # first occurrences of repeated ids, and repeats of odd rows
            out = work / "kept_ids.parquet"
            con.execute(f"COPY (SELECT {cols} FROM special WHERE NOT __odd AND src_row NOT IN "
                        f"(SELECT src_row FROM dup)) TO {_sql_str(str(out))} (FORMAT parquet)")
            kept.append(str(out))
        if kept_odd is not None and len(kept_odd):
            order = [d for d in order if d != "rating_id"]
            ko = kept_odd.reindex(columns=order)
            for d in order:
                if d != "time":
                    ko[d] = ko[d].astype(object).where(ko[d].notna(), None)
            con.register("kept_odd", ko)
            out = work / "kept_odd.parquet"
            con.execute("COPY (SELECT " + ", ".join(
                f"CAST({_ident(d)} AS {'TIMESTAMP' if d == 'time' else 'VARCHAR'}) AS {_ident(d)}"
                for d in order) + f" FROM kept_odd) TO {_sql_str(str(out))} (FORMAT parquet)")
            kept.append(str(out))
        n_kept = con.execute(f"SELECT count(*) FROM read_parquet({_sql_list(kept)}, "
                             f"union_by_name=true)").fetchone()[0] if kept else 0
    finally:
        con.close()
    n_excl = int(rep["source_row"].nunique())
    if n_kept == 0:
        raise InputError(f"没有可用的数据行：全部 {n_read} 行被排除 (no usable rows: all {n_read} "
                         "rows excluded)")
    if n_read != n_kept + n_excl:  # pragma: no cover - guards the accounting itself
        raise InputError(f"内部错误：行数不符 (internal error: read {n_read} != kept {n_kept} + "
                         f"excluded {n_excl})")
    info.update(time_zone=_times.TIME_ZONE, date_bounds=(lo, hi), masked=masked)
    notes = notes.astype({"count": "int64"}).reset_index(drop=True)
    return hio.LoadResult(data=kept, report=rep, counts={"read": int(n_read), "kept": int(n_kept),
                                                        "excluded": n_excl},
                          info=info, notes=notes)
