"""Command line of the report: ``python -m helpers.report INPUT [--kind …] [--mapping …] [--out …]``."""

from __future__ import annotations

import argparse
import sys

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m helpers.report",
        description="把问卷、好差评或 12345 导出文件变成离线报告（report.html、report.xlsx、"
                    "mapping.yml）(turn an export into an offline report)")
    p.add_argument("input", help="导出文件：.csv/.tsv/.txt、.xlsx、.sav（好差评也可 .parquet）")
    p.add_argument("--kind", choices=["survey", "ratings", "tickets"],
                   help="文件类型（默认从映射文件或列名判断）")
    p.add_argument("--mapping", help="映射文件（上次运行写出的 mapping.yml）")
    p.add_argument("--out", help="输出文件夹（默认：输入文件名-report）")
    p.add_argument("--force", action="store_true", help="输出文件夹已存在时覆盖其中的报告")
    p.add_argument("--simulated", action="store_true", default=None,
                   help="标明是模拟数据（图表标注“模拟数据”）；课程数据集会自动识别")
    p.add_argument("--engine", choices=["auto", "duckdb", "pandas"],
                   help="好差评 CSV 的读取方式（默认 auto：200 MB 以上用 DuckDB）")
    p.add_argument("--quiet", action="store_true", help="不显示进度条")
    return p


def main(argv: list[str] | None = None) -> int:
    """Run the command; return the exit status (0 done, 2 a fatal problem, 3 an internal error).

    Parameters
    ----------
    argv : list of str, optional
        Arguments (default ``sys.argv[1:]``).

    Returns
    -------
    int
        0 when the three files were written; 2 for a problem of the input or the options (one
        message in Chinese and English on stderr, no traceback); 3 for an unexpected error.

    Notes
    -----
    See :func:`helpers.report.build.build_report` for the steps.

    Examples
    --------
    >>> main(["/no/such/file.csv"])
    2
    """
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:                 # argparse already printed its message
        return 2 if exc.code else 0
    from helpers._validate import HelpersError
    from helpers.report.build import build_report

    try:
        res = build_report(args.input, kind=args.kind, mapping=args.mapping, out=args.out,
                           force=args.force, simulated=args.simulated, quiet=args.quiet,
                           engine=args.engine)
    except HelpersError as exc:
        print(f"错误 (error): {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("已中断 (interrupted)", file=sys.stderr)
        return 130
    except Exception as exc:                  # never a traceback for the user
        print(f"内部错误，请把这条信息报告给课程维护者 (internal error: {type(exc).__name__}: "
              f"{exc})", file=sys.stderr)
        return 3
    c = res["counts"]
    print(f"完成 (done)：读取 {c['read']} 行，使用 {c['kept']} 行，排除 {c['excluded']} 行 → "
          f"{res['html']}、{res['xlsx']}、{res['mapping']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
