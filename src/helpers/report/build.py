"""The report command's pipeline: load with row accounting, mask, analyse, write html/xlsx/yaml."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
import sys
import tempfile
from pathlib import Path

import pandas as pd

from helpers import io as hio
from helpers._validate import HelpersError
from helpers.report import detect
from helpers.report._common import ReportError

__all__ = ["ANSWER_PRESETS", "DUCKDB_BYTES", "build_report", "load_mapping", "is_course_dataset"]

ANSWER_PRESETS = {"satisfaction_5": hio.ANSWERS_SATISFACTION_5, "agree_7": hio.ANSWERS_AGREE_7}
"""Named option-text codings usable in ``options.answers`` of a mapping file."""

_OPTION_KEYS = {"scale", "answers", "sheet", "encoding", "date_format", "header_row", "delimiter",
                "engine", "missing_codes"}

DUCKDB_BYTES = 200 * 2**20
"""A ratings CSV at least this large (about 2.5 million rows) is read by DuckDB
(:func:`helpers.ratings_duckdb.read_ratings_duckdb`) unless ``engine`` says otherwise."""


def load_mapping(path: str | Path) -> dict:
    """Read and check a mapping file written by the report (or by hand).

    Parameters
    ----------
    path : str or Path
        A YAML file with ``kind`` (optional), ``columns`` (source header → schema column),
        ``options`` (optional: ``scale``, ``answers``, ``sheet``, ``encoding``,
        ``date_format``, ``header_row``, ``delimiter``, ``engine``: ``auto``, ``duckdb`` or
        ``pandas`` for a ratings CSV, ``missing_codes``: survey codes meaning "no answer",
        e.g. ``[99, 98]`` or per column ``{E5: [99]}``, see :func:`helpers.io.read_survey`)
        and ``simulated`` (optional bool).

    Returns
    -------
    dict
        ``{"kind", "columns", "options", "simulated"}`` with defaults filled in.

    Notes
    -----
    Problems raise :class:`helpers.report._common.ReportError` with a message in Chinese and
    English that says what to fix: the file is missing or not YAML, ``columns`` is not a
    mapping, a key is unknown, a schema column does not exist for the kind.

    Examples
    --------
    >>> import tempfile, os
    >>> f = os.path.join(tempfile.mkdtemp(), "m.yml")
    >>> _ = open(f, "w", encoding="utf-8").write("kind: ratings\\ncolumns:\\n  评价: grade\\n")
    >>> load_mapping(f)
    {'kind': 'ratings', 'columns': {'评价': 'grade'}, 'options': {}, 'simulated': None}
    """
    import yaml

    p = Path(path)
    if not p.is_file():
        raise ReportError(f"找不到映射文件 {p}，请检查路径 (mapping file not found: {p})")
    try:
        raw = yaml.safe_load(p.read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ReportError(f"映射文件 {p} 不是有效的 YAML（UTF-8），请修正格式 (mapping file is not "
                          f"valid UTF-8 YAML: {str(exc).splitlines()[0]})") from None
    if not isinstance(raw, dict):
        raise ReportError(f"映射文件 {p} 必须是键值结构 (mapping file must be a YAML mapping)")
    unknown = set(raw) - {"kind", "columns", "options", "simulated"}
    if unknown:
        raise ReportError(f"映射文件中有未知的键 {sorted(unknown)}，允许 kind、columns、options、"
                          f"simulated (unknown keys {sorted(unknown)} in the mapping file)")
    kind = raw.get("kind")
    if kind is not None and kind not in detect.KINDS:
        raise ReportError(f"映射文件中的 kind 必须是 survey、ratings 或 tickets (kind must be "
                          f"survey, ratings or tickets, got {kind!r})")
    columns = raw.get("columns") or {}
    if not isinstance(columns, dict):
        raise ReportError("映射文件中的 columns 必须是“源列名: 目标列”的对应表 (columns must map "
                          "source headers to schema columns)")
    columns = {str(k): str(v) for k, v in columns.items()}
    if kind is not None:
        bad = [v for v in columns.values() if v not in detect.KINDS[kind]]
        if bad:
            raise ReportError(f"columns 中的目标列 {bad} 不属于 {kind} 的列 (schema columns "
                              f"{bad} do not exist for kind {kind}; see helpers.io)")
    options = raw.get("options") or {}
    if not isinstance(options, dict) or set(options) - _OPTION_KEYS:
        raise ReportError(f"options 只能包含 {sorted(_OPTION_KEYS)} (options may only hold "
                          f"{sorted(_OPTION_KEYS)})")
    if options.get("engine", "auto") not in ("auto", "duckdb", "pandas"):
        raise ReportError(f"options.engine 只能是 auto、duckdb 或 pandas (engine must be auto, "
                          f"duckdb or pandas, got {options.get('engine')!r})")
    codes = options.get("missing_codes")
    if codes is not None:
        if kind not in (None, "survey"):
            raise ReportError("options.missing_codes 只用于问卷 (missing_codes is for surveys)")
        try:
            hio._missing_codes(codes, tuple(options.get("scale", (1, 7))))
        except HelpersError as exc:
            raise ReportError(f"映射文件中的 missing_codes 有误：{exc}") from None
    simulated = raw.get("simulated")
    if simulated is not None and not isinstance(simulated, bool):
        raise ReportError("simulated 必须是 true 或 false (simulated must be true or false)")
    return {"kind": kind, "columns": columns, "options": dict(options), "simulated": simulated}


def is_course_dataset(path: str | Path) -> str | None:
    """The name of the course dataset a file is a byte-identical copy of, or None.

    Parameters
    ----------
    path : str or Path
        The input file.

    Returns
    -------
    str or None
        E.g. ``"ratings_log"`` when the file equals ``datasets/ratings_log.csv``.

    Notes
    -----
    Compares SHA-256 digests with the CSV files of :func:`helpers.simulate.datasets_dir` (files
    of another size are skipped without reading). A converted or edited copy is not
    recognised: pass ``--simulated`` (or ``simulated: true`` in the mapping) for those.

    Examples
    --------
    >>> from helpers.simulate import datasets_dir
    >>> is_course_dataset(datasets_dir() / "ratings_log.csv")
    'ratings_log'
    """
    try:
        from helpers.simulate import datasets_dir

        folder = datasets_dir()
    except Exception:           # no datasets folder: nothing to compare with
        return None
    p = Path(path)
    size = p.stat().st_size
    digest = None
    for f in sorted(folder.glob("*.csv")):
        if f.stat().st_size != size:
            continue
        if digest is None:
            digest = hashlib.sha256(p.read_bytes()).hexdigest()
        if hashlib.sha256(f.read_bytes()).hexdigest() == digest:
            return f.stem
    return None


def _headers(path: Path, options: dict) -> list:
    if path.suffix.lower() == ".parquet":
        import pyarrow.parquet as pq

        try:
            return list(pq.ParquetFile(path).schema_arrow.names)
        except Exception as exc:
            raise ReportError(f"无法读取 Parquet 文件 {path.name}，请确认文件完整 (cannot read "
                              f"Parquet file: {exc})") from None
    kw = {k: options[k] for k in ("encoding", "sheet", "header_row", "delimiter")
          if options.get(k) is not None}
    chunks, info = hio.read_table(path, chunksize=1000, **kw)
    first = next(iter(chunks), None)
    return list(first.columns) if first is not None else list(info.get("headers", []))


def _answers(spec):
    if spec is None:
        return None
    if isinstance(spec, str):
        if spec not in ANSWER_PRESETS:
            raise ReportError(f"options.answers 预设只能是 {sorted(ANSWER_PRESETS)} (unknown answers "
                              f"preset {spec!r})")
        return ANSWER_PRESETS[spec]
    if isinstance(spec, dict):
        return {k: (_answers(v) if isinstance(v, str) else v) for k, v in spec.items()}
    raise ReportError("options.answers 必须是预设名或“选项文字: 代码”对应表 (answers must be a "
                      "preset name or a mapping)")


def _use_duckdb(path: Path, kind: str, options: dict) -> bool:
    engine = options.get("engine") or "auto"
    text = path.suffix.lower() in (".csv", ".tsv", ".txt", ".tab")
    if engine == "duckdb" and not (kind == "ratings" and text):
        raise ReportError("engine: duckdb 只用于好差评的 CSV 文件 (the DuckDB engine reads ratings "
                          "CSV files only)")
    return kind == "ratings" and text and (
        engine == "duckdb" or (engine == "auto" and path.stat().st_size >= DUCKDB_BYTES))


def _load(path: Path, kind: str, columns: dict, options: dict, workdir=None):
    kw = {k: options[k] for k in ("encoding", "sheet", "header_row", "delimiter")
          if options.get(k) is not None}
    if kind == "survey":
        scale = tuple(options.get("scale", (1, 7)))
        return hio.read_survey(path, columns, scale=scale, answers=_answers(options.get("answers")),
                               on_invalid="exclude", missing_codes=options.get("missing_codes"),
                               **kw)
    if options.get("date_format"):
        kw["date_format"] = options["date_format"]
    if kind == "ratings":
        if workdir is not None:
            from helpers.ratings_duckdb import read_ratings_duckdb

            kw.pop("sheet", None)
            return read_ratings_duckdb(path, columns, workdir=workdir, **kw)
        return hio.read_ratings(path, columns, on_invalid="exclude", required=("grade",), **kw)
    return hio.read_tickets(path, columns, on_invalid="exclude", required=("received",), **kw)


def _mask(data: pd.DataFrame) -> dict:
    """Mask personal data in every text column (in place); counts by kind."""
    from helpers.privacy import mask_series

    found: dict[str, int] = {}
    for col in data.columns:
        s = data[col]
        if col == "text_masked" or not (pd.api.types.is_string_dtype(s) or s.dtype == object):
            continue
        uniq = pd.Series(s.dropna().unique())
        if not len(uniq):
            continue
        masked, hits = mask_series(uniq)                  # each distinct text once
        if len(hits):
            data[col] = s.map(dict(zip(uniq, masked)))
            for k, v in hits["kind"].value_counts().items():
                found[f"{col}:{k}"] = found.get(f"{col}:{k}", 0) + int(v)
    return found


def _progress(total: int, quiet: bool):
    from tqdm import tqdm

    return tqdm(total=total, desc="报告 (report)", unit="步",
                disable=quiet or not sys.stderr.isatty(), file=sys.stderr)


def build_report(path: str | Path, *, kind: str | None = None, mapping: str | Path | None = None,
                 out: str | Path | None = None, force: bool = False,
                 simulated: bool | None = None, quiet: bool = False,
                 engine: str | None = None) -> dict:
    """Turn an export into ``report.html``, ``report.xlsx`` and ``mapping.yml`` in a folder.

    Parameters
    ----------
    path : str or Path
        The export: survey, 好差评 ratings or 12345 tickets as CSV/TSV/TXT, xlsx or .sav; a
        ratings log may also be Parquet (aggregated by DuckDB, for tens of millions of rows). A
        ratings CSV of :data:`DUCKDB_BYTES` or more (or any, with ``engine: duckdb`` in the
        mapping's options or ``--engine duckdb``) is read by DuckDB with the same row
        accounting (:func:`helpers.ratings_duckdb.read_ratings_duckdb`).
    kind : {"survey", "ratings", "tickets"}, optional
        The kind of export (default: from the mapping file, else detected from the headers).
    mapping : str or Path, optional
        A mapping file (as written by a previous run); default: the headers are matched to the
        schema by name (:func:`helpers.report.detect.guess_mapping`).
    out : str or Path, optional
        Output folder (default ``<input name>-report`` beside the input). An existing folder
        is an error unless ``force``.
    force : bool, default False
        Write into an existing output folder (replacing the three files).
    simulated : bool, optional
        Mark the report as simulated data. Default: the mapping's ``simulated``, else True
        when the input is a byte-identical copy of a course dataset (:func:`is_course_dataset`).
    quiet : bool, default False
        No progress bar (it is also off when stderr is not a terminal).
    engine : {"auto", "duckdb", "pandas"}, optional
        How a ratings CSV is read (overrides the mapping's ``options.engine``; default auto:
        DuckDB from :data:`DUCKDB_BYTES` on).

    Returns
    -------
    dict
        ``out`` (folder), ``html``, ``xlsx``, ``mapping`` (paths), ``kind``, ``counts``,
        ``simulated``, ``sections`` (the :class:`Section` list) and ``tables`` (sheet name →
        DataFrame, as written to the workbook).

    Notes
    -----
    Order of work: check the input and the output folder, load through :mod:`helpers.io`
    with ``on_invalid="exclude"`` (every excluded row and its reason is reported), mask
    personal data in every text column (:func:`helpers.privacy.mask_series`) before any
    analysis, run the sections of the kind, write the three files. Fatal problems raise
    :class:`helpers.HelpersError` (the command prints its message and exits with status 2).

    Examples
    --------
    >>> import tempfile
    >>> from helpers.simulate import datasets_dir
    >>> res = build_report(datasets_dir() / "hotline_tickets.csv", out=tempfile.mkdtemp() + "/r",
    ...                    quiet=True)
    >>> res["kind"], res["simulated"], sorted(p.name for p in res["out"].iterdir())
    ('tickets', True, ['mapping.yml', 'report.html', 'report.xlsx'])
    >>> import matplotlib.pyplot as plt; plt.close("all")
    """
    import yaml

    path = Path(path)
    if not path.is_file():
        raise ReportError(f"找不到输入文件 {path}，请检查路径和文件名 (input file not found: {path})")
    spec = load_mapping(mapping) if mapping is not None else {
        "kind": None, "columns": {}, "options": {}, "simulated": None}
    if kind is not None and kind not in detect.KINDS:
        raise ReportError(f"未知的类型 {kind!r}，请用 --kind survey、ratings 或 tickets (unknown "
                          f"kind {kind!r}: use survey, ratings or tickets)")
    if kind is not None and spec["kind"] is not None and kind != spec["kind"]:
        raise ReportError(f"--kind {kind} 与映射文件中的 kind: {spec['kind']} 不一致 (--kind "
                          f"disagrees with the mapping file)")
    out = Path(out) if out is not None else path.with_name(path.stem + "-report")
    if out.exists() and not force:
        raise ReportError(f"输出文件夹 {out} 已存在；换一个 --out，或加 --force 覆盖其中的报告 "
                          f"(output folder {out} exists: choose another --out or add --force)")
    if out.exists() and not out.is_dir():
        raise ReportError(f"{out} 是文件而不是文件夹 ({out} is a file, not a folder)")
    options = dict(spec["options"])
    if engine is not None:
        if engine not in ("auto", "duckdb", "pandas"):
            raise ReportError(f"--engine 只能是 auto、duckdb 或 pandas (unknown engine {engine!r})")
        options["engine"] = engine
    parquet = path.suffix.lower() == ".parquet"
    workdir = None
    bar = _progress(7, quiet)
    try:
        bar.set_postfix_str("读取表头 (headers)")
        headers = _headers(path, options)
        kind = kind or spec["kind"] or detect.detect_kind(headers, path)
        if kind is None:
            raise ReportError("无法从列名判断文件类型，请用 --kind survey、ratings 或 tickets 指定，"
                              "并用 --mapping 给出列的对应关系 (cannot tell the kind from the "
                              "headers: pass --kind and a --mapping)")
        if parquet and kind != "ratings":
            raise ReportError("Parquet 文件只支持好差评记录（--kind ratings）(Parquet input is "
                              "supported for ratings only)")
        columns = spec["columns"] or detect.guess_mapping(headers, kind)
        draft_notes: list[str] = []
        is_draft = False
        if not spec["columns"] and kind == "survey":
            rest = [h for h in headers if str(h) not in columns]
            try:
                items, draft_notes = detect.draft_items(rest)
            except detect.DraftError as exc:
                raise ReportError(str(exc)) from None
            if items:
                is_draft = True
                columns = {**columns, **items}
                draft_notes.insert(0, "列的对应是根据问卷星题目文字自动推断的草稿：请核对输出文件夹中的 "
                                      "mapping.yml，改好后用 --mapping 运行 (the column mapping is a "
                                      "draft guessed from the question texts: check mapping.yml)")
        if not columns:
            raise ReportError(
                f"文件中没有可用于 {kind} 的列：列名与软件包的列名不符。请写一个映射文件（源列名: "
                f"目标列，见 helpers.io.{kind.upper()}_SCHEMA）并用 --mapping 传入 (no usable "
                f"column for {kind}: write a mapping file and pass --mapping)")
        bar.update(1)
        bar.set_postfix_str("读取数据 (loading)")
        problems: list[str] = list(draft_notes)
        if parquet:
            import pyarrow.parquet as pq

            missing = [c for c in ("grade",) if c not in headers]
            if missing:
                raise ReportError("Parquet 文件缺少 grade 列 (the Parquet file has no grade "
                                  "column; write it with the schema column names)")
            n_rows = pq.ParquetFile(path).metadata.num_rows
            data = path
            counts = {"read": n_rows, "kept": n_rows, "excluded": 0}
            summary = pd.DataFrame({"item": ["读取 (read)", "保留 (kept)", "排除 (excluded)"],
                                    "rows": [n_rows, n_rows, 0]})
            report_rows = None
            info = {"columns": {h: h for h in headers if h in hio.RATINGS_SCHEMA},
                    "ignored_columns": [h for h in headers if h not in hio.RATINGS_SCHEMA]}
            columns = info["columns"]
            problems.append("Parquet 路径：数据由 DuckDB 汇总，不逐行载入；没有等级的评价不计入分母，"
                            "窗口、部门等标签未做脱敏检查 (Parquet: aggregated by DuckDB)")
            masked = {}
        else:
            res = None
            if _use_duckdb(path, kind, options):
                from helpers.ratings_duckdb import FallBack

                workdir = tempfile.mkdtemp(prefix="helpers-report-")
                try:
                    res = _load(path, kind, columns, options, workdir=workdir)
                    problems.append(
                        f"大文件路径：{res.counts['read']:,} 行由 DuckDB 逐行检查并汇总（与 pandas "
                        "路径相同的排除规则；评价编号只做重复检查）(large file: read by DuckDB "
                        "with the row accounting of the pandas reader)")
                except FallBack as exc:
                    problems.append(f"文件结构不适合 DuckDB 路径（{exc}），已改用逐块读取 (the "
                                    f"file's layout rules DuckDB out: {exc}; read with pandas)")
            if res is None:
                res = _load(path, kind, columns, options)
            data, counts, report_rows, info = res.data, res.counts, res.report, res.info
            summary = res.summary()
            masked = dict(res.info.get("masked", {}))
            bar.update(1)
            bar.set_postfix_str("脱敏 (masking)")
            if isinstance(data, pd.DataFrame):    # (DuckDB: masked in its value maps)
                for k, v in _mask(data).items():
                    masked[k] = masked.get(k, 0) + v
            if len(report_rows):
                per = report_rows.drop_duplicates(["source_row", "reason"]).groupby(
                    "reason", sort=False).size()
                problems += [f"排除 {int(c)} 行：{r}" for r, c in per.items()]
            for col, note, n in res.notes.itertuples(index=False):
                problems.append(f"{col or ''}：{note}（{int(n)} 个单元格）")
        bar.update(1)
        ignored = [str(c) for c in info.get("ignored_columns", [])]
        if ignored:
            problems.append(f"忽略了 {len(ignored)} 个未映射的列：{'、'.join(ignored[:20])}"
                            + ("……" if len(ignored) > 20 else ""))
        source = next((n for n in [is_course_dataset(path)] if n), None) if not parquet else None
        if simulated is None:
            simulated = spec["simulated"]
        reason = ""
        if simulated is None:
            simulated = source is not None
            reason = f"输入文件与课程数据集 {source} 完全相同（自动识别）" if source else ""
        elif simulated:
            reason = "运行时指定了 --simulated 或映射文件中 simulated: true"
        bar.set_postfix_str("分析 (analysing)")
        from helpers.plots import use_chinese_font

        use_chinese_font()
        if kind == "survey":
            from helpers.report.survey import survey_sections

            scale = tuple(options.get("scale", (1, 7)))
            sections = survey_sections(data, scale=scale, simulated=simulated)
        elif kind == "ratings":
            from helpers.report.ratings import ratings_sections

            sections = ratings_sections(data, simulated=simulated)
        else:
            from helpers.report.tickets import tickets_sections

            sections = tickets_sections(data, simulated=simulated)
        bar.update(2)
        for s in sections:
            if s.skipped:
                problems.append(f"跳过“{s.title}”：{s.skipped}")
            problems += [f"{s.title}：{n}" for n in s.notes]
        bar.set_postfix_str("写出 (writing)")
        from helpers.report.excel import write_workbook
        from helpers.report.render import render_html

        mapped = pd.DataFrame({"source": list(info.get("columns", columns).keys()),
                               "schema": list(info.get("columns", columns).values())})
        masked_text = "、".join(f"{k} {v} 处" for k, v in masked.items())
        when = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
        page = render_html(
            title=f"数据分析报告：{path.name}", file=path.name, kind=kind, when=when,
            counts=counts, summary=summary.rename(columns={"item": "item_zh"}), mapped=mapped,
            ignored=ignored, masked=masked_text, problems=problems,
            excluded=report_rows, sections=sections, simulated=simulated,
            simulated_reason=reason)
        tables: dict[str, pd.DataFrame] = {"读取情况": summary.rename(columns={"item": "item_zh"}),
                                           "列的对应": mapped,
                                           "问题清单": pd.DataFrame({"note": problems or ["无"]})}
        if report_rows is not None and len(report_rows):
            tables["排除的行"] = report_rows
        for s in sections:
            for name, t in s.tables:
                tables[name] = t
        out.mkdir(parents=True, exist_ok=True)
        (out / "report.html").write_text(page, encoding="utf-8")
        write_workbook(out / "report.xlsx", list(tables.items()))
        used = {"kind": kind, "columns": dict(columns), "options": options,
                "simulated": bool(simulated)}
        head = ("# helpers.report 使用的映射：下次运行 python -m helpers.report 文件 --mapping 本文件\n")
        if is_draft:
            head = ("# 草稿 (DRAFT)：期望/感知题的对应由题目文字自动推断，请逐项核对题号与维度"
                    "（E1–E4 有形性、E5–E9 可靠性、E10–E13 响应性、E14–E17 保证性、E18–E22 "
                    "移情性），\n# 核对后删除这两行注释，再用 --mapping 本文件 运行 (check this "
                    "draft before using it)\n" + head)
        text = head + yaml.safe_dump(used, allow_unicode=True, sort_keys=False)
        (out / "mapping.yml").write_text(text, encoding="utf-8")
        bar.update(2)
    finally:
        bar.close()
        if workdir is not None:
            shutil.rmtree(workdir, ignore_errors=True)
    return {"out": out, "html": out / "report.html", "xlsx": out / "report.xlsx",
            "mapping": out / "mapping.yml", "kind": kind, "counts": counts,
            "simulated": simulated, "sections": sections, "tables": tables}
