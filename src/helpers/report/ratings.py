"""Rating (好差评) sections of the report: the five-level distribution, satisfaction and bad-rating
rates by window and month, the fair ranking of windows and the p-chart."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from helpers import ratings, spc
from helpers.labels import RATING_GRADES
from helpers.report._common import Section, figure_svg, missing_reason, pct, pct_ci, run_steps

__all__ = ["MIN_MONTHS", "MIN_NAMED", "ratings_sections"]

MIN_MONTHS = 6
"""Months needed for the p-chart (fewer give control limits with too little history)."""

MIN_NAMED = 30
"""Ratings a window (or month) needs before the text names it as the lowest or highest: with
fewer, its interval is so wide that one or two ratings decide its place (it stays in the
tables; the fair ranking handles all windows)."""

_BAD = ("不满意", "非常不满意")


class _Source:
    """The same rates from a DataFrame (pandas) or a Parquet file (DuckDB)."""

    def __init__(self, data):
        self.parquet = isinstance(data, (str, Path, list, tuple))
        self.data = data
        if self.parquet:
            import pyarrow.parquet as pq

            files = list(data) if isinstance(data, (list, tuple)) else [data]
            self.columns = set().union(*(pq.ParquetFile(f).schema_arrow.names for f in files))
        else:
            self.columns = set(data.columns)
            if "time" in data.columns:
                self.data = data.assign(month=pd.to_datetime(data["time"]).dt.strftime("%Y-%m"))

    def rate(self, satisfied, by=()):
        by = list(by)
        if self.parquet:
            from helpers.ratings_duckdb import satisfaction_rate_parquet

            month = "time" if "month" in by else None
            plain = [b for b in by if b != "month"]
            return satisfaction_rate_parquet(self.data, "grade", satisfied=satisfied,
                                             by=plain or None, month=month)
        return ratings.satisfaction_rate(self.data, "grade", satisfied=satisfied, by=by or None)


def _distribution(src: _Source, simulated: bool) -> Section:
    sec = Section("distribution", "五级评价的分布")
    rows = []
    for g in RATING_GRADES:
        r = src.rate((g,))
        rows.append(r.assign(grade=g))
    dist = pd.concat(rows, ignore_index=True)[["grade", "estimate", "ci_low", "ci_high", "n",
                                               "count"]]
    sec.tables = [("五级分布", dist)]
    from helpers import plots
    ax = plots.pointrange_chart(dist, simulated=simulated, x="grade", ylabel="占全部评价的比例")
    sec.figures = [("五个评价等级各占的比例及 95% Wilson 区间。",
                    f"点线图：五个等级的比例，{dist.iloc[0]['grade']}占 {pct(dist.iloc[0]['estimate'])}。",
                    figure_svg(ax))]
    top = dist.iloc[0]
    bad = dist[dist["grade"].isin(_BAD)]["count"].sum()
    sec.reading = [f"共 {int(top['n']):,} 条有等级的评价；“非常满意”占 {pct(top['estimate'])}，"
                   f"区间 {pct_ci(top['ci_low'], top['ci_high'])}；差评（不满意与非常不满意）共 "
                   f"{int(bad):,} 条。"]
    sec.meaning = ("好评往往集中在最高一档（天花板效应）：满意率都很高时，差评比例和差评内容"
                   "更能区分窗口之间的差别。")
    return sec


def _by_window_month(src: _Source) -> Section:
    sec = Section("rates", "各窗口、各月份的满意率与差评率")
    if "window" not in src.columns and "time" not in src.columns:
        sec.skipped = "缺少窗口（window）和时间（time）列 (no window and no time column)"
        return sec
    tables, lines = [], []
    for key, name in (("window", "窗口"), ("month", "月份")):
        if (key == "month" and "time" not in src.columns) or (key == "window" and key not in src.columns):
            sec.notes.append(f"没有{name}列，跳过按{name}的比率 (no {key} column)")
            continue
        sat = src.rate(ratings.SATISFIED_DEFAULT, [key])
        bad = src.rate(_BAD, [key])
        tables += [(f"满意率_按{name}", sat), (f"差评率_按{name}", bad)]
        lines.append(_extremes(sat, bad, key, name))
    sec.tables, sec.reading = tables, lines
    sec.meaning = ("评价条数少的窗口区间很宽，一两个差评就能让它排到最后；"
                   "排名请看下一节的公平排名，比较两个窗口请看差值的区间。")
    return sec


def _extremes(sat: pd.DataFrame, bad: pd.DataFrame, key: str, name: str) -> str:
    """The sentence naming the lowest satisfaction and the highest bad-rating rate, among the
    groups with at least :data:`MIN_NAMED` ratings (said in the sentence)."""
    ok = sat[key].notna() & (sat["n"] >= MIN_NAMED)
    small = int((sat[key].notna() & (sat["n"] < MIN_NAMED)).sum())
    rule = (f"（只比较评价不少于 {MIN_NAMED} 条的{name}"
            + (f"；另有 {small} 个{name}条数更少，见表" if small else "") + "）")
    if not ok.any():
        return (f"按{name}：没有哪个{name}的评价达到 {MIN_NAMED} 条，区间太宽，不点名最低或最高；"
                f"请看表中的区间 (no {key} has {MIN_NAMED} ratings; none is named)。")
    lo = sat[ok].loc[sat[ok]["estimate"].idxmin()]
    b = bad[bad[key].notna() & (bad["n"] >= MIN_NAMED)]
    hi = b.loc[b["estimate"].idxmax()]
    return (f"按{name}{rule}：满意率最低的是 **{lo[key]}**，{pct(lo['estimate'])} "
            f"{pct_ci(lo['ci_low'], lo['ci_high'])}（n = {int(lo['n'])}）；差评率最高的是 "
            f"**{hi[key]}**，{pct(hi['estimate'])} {pct_ci(hi['ci_low'], hi['ci_high'])}"
            f"（n = {int(hi['n'])}）。")


def _fair_ranking(src: _Source, simulated: bool) -> Section:
    sec = Section("ranking", "窗口的公平排名（收缩估计）")
    sec.skipped = missing_reason(src.columns, ["window"])
    if sec.skipped:
        return sec
    if src.parquet:         # the same ranking from the per-window counts DuckDB returns
        counts = src.rate(ratings.SATISFIED_DEFAULT, ["window"])
        counts = counts[counts["window"].notna() & (counts["n"] > 0)]
        rank = ratings._ranking_from_counts(counts["window"].to_numpy(), counts["n"],
                                            counts["count"], "ml", 0.95)
    else:
        rank = ratings.fair_ranking(src.data, "grade", unit="window")
    raw_col, rank_col, raw_rank = "raw_rate", "rank", "raw_rank"
    sec.tables = [("公平排名", rank)]
    from helpers import plots
    ax = plots.pointrange_chart(rank.head(40).assign(unit=rank["unit"].astype(str)),
                                simulated=simulated, x="unit", ylabel="满意率（收缩估计）")
    ax.tick_params(axis="x", labelrotation=90)
    sec.figures = [("各窗口满意率的收缩估计及 95% 后验区间（经验贝叶斯），按排名从左到右。",
                    f"点线图：{min(len(rank), 40)} 个窗口的收缩满意率。", figure_svg(ax))]
    moved = int((rank[rank_col] != rank[raw_rank]).sum())
    best, worst = rank.iloc[0], rank.iloc[-1]
    sec.reading = [
        f"排名第一的是 **{best['unit']}**（{pct(best['estimate'])}，区间 "
        f"{pct_ci(best['ci_low'], best['ci_high'])}，n = {int(best['n'])}）；最后一名是 "
        f"**{worst['unit']}**（{pct(worst['estimate'])}，n = {int(worst['n'])}）。",
        f"与按原始满意率（{raw_col}）排名相比，有 {moved} 个窗口的名次变了：评价少的窗口被拉向总体水平。"]
    sec.meaning = ("考核或表扬窗口时用收缩后的排名，并看区间：区间大面积重叠的窗口，名次之差"
                   "可能只是运气。")
    return sec


def _p_chart(src: _Source, simulated: bool) -> Section:
    sec = Section("pchart", "差评比例的 p 控制图（按月）")
    sec.skipped = missing_reason(src.columns, ["time"])
    if sec.skipped:
        return sec
    monthly = src.rate(_BAD, ["month"])
    if len(monthly) < MIN_MONTHS:
        sec.skipped = (f"只有 {len(monthly)} 个月的数据，少于 {MIN_MONTHS} 个月，控制图的中心线和"
                       f"控制限还不可靠 (only {len(monthly)} months; the p-chart needs at least "
                       f"{MIN_MONTHS})")
        return sec
    chart = spc.p_chart(monthly, "count", "n", time="month")
    sec.tables = [("p控制图", chart)]
    from helpers import plots
    ax = plots.control_chart(chart, simulated=simulated)
    sig = chart[chart["signal"]]["time"].tolist()
    sec.figures = [("每月差评比例、中心线与 3σ 控制限（Shewhart p 图），信号点为红色。",
                    f"控制图：{len(chart)} 个月，{len(sig)} 个信号。", figure_svg(ax))]
    sec.reading = [f"中心线（平均差评比例）{pct(chart['centre'].iloc[0])}；"
                   + (f"出现信号的月份：{'、'.join(map(str, sig))}。" if sig else
                      "没有月份超出控制限或触发游程规则：波动在日常范围内。")]
    sec.meaning = ("只有信号月份才值得追查特殊原因；控制限以内的起伏是日常波动，"
                   "不必每月为之开会。")
    return sec


def ratings_sections(data, *, simulated: bool, progress=None) -> list[Section]:
    """Run the 好差评 analyses of the course: one :class:`Section` each.

    Parameters
    ----------
    data : pandas.DataFrame, path or list of paths
        ``LoadResult.data`` of :func:`helpers.io.read_ratings`, or Parquet file(s) with the same
        columns (a file, or the list :func:`helpers.ratings_duckdb.read_ratings_duckdb` returns;
        aggregated by DuckDB through
        :func:`helpers.ratings_duckdb.satisfaction_rate_parquet`, never loaded whole).
    simulated : bool
        Whether the data are simulated (charts then say 模拟数据).
    progress : tqdm, optional
        A progress bar advanced once per section.

    Returns
    -------
    list of Section
        The five-level distribution, satisfaction and bad-rating rates by window and month
        (Wilson intervals, :func:`helpers.ratings.satisfaction_rate`), the fair ranking of
        windows (:func:`helpers.ratings.fair_ranking`; for Parquet the same empirical-Bayes
        ranking from the window counts DuckDB returns) and the p-chart of the
        monthly bad-rating share (:func:`helpers.spc.p_chart`, at least :data:`MIN_MONTHS`
        months). A section whose columns are missing has ``skipped`` set to the reason.

    Notes
    -----
    A share of one grade (or of 差评 = 不满意 + 非常不满意) is computed with
    ``satisfaction_rate(satisfied=...)``, so every rate carries the same Wilson interval and
    denominator (ratings with a grade).

    Examples
    --------
    >>> from helpers.simulate import ratings_log
    >>> secs = ratings_sections(ratings_log(n=2_000, seed=1), simulated=True)
    >>> [(s.key, s.skipped is None) for s in secs]
    [('distribution', True), ('rates', True), ('ranking', True), ('pchart', False)]
    >>> import matplotlib.pyplot as plt; plt.close("all")
    """
    src = _Source(data)
    return run_steps([lambda: _distribution(src, simulated), lambda: _by_window_month(src),
                      lambda: _fair_ranking(src, simulated), lambda: _p_chart(src, simulated)],
                     progress)
