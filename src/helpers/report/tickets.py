"""12345 ticket sections of the report: the three rates by department, time to close with
censoring, keywords by category."""

from __future__ import annotations

import pandas as pd

from helpers import closing, hotline, text
from helpers.report._common import Section, figure_svg, missing_reason, pct, pct_ci, run_steps

__all__ = ["tickets_sections"]


def _rates(data: pd.DataFrame) -> Section:
    sec = Section("rates", "各部门的响应率、解决率、满意率与按时办结率")
    need = ["received", "responded", "closed", "resolved", "satisfied", "deadline_hours",
            "department"]
    sec.skipped = missing_reason(data.columns, need)
    if sec.skipped:
        return sec
    rates = hotline.hotline_rates(data, "received", "responded", "closed", "resolved",
                                  "satisfied", "deadline_hours", by="department")
    overall = hotline.hotline_rates(data, "received", "responded", "closed", "resolved",
                                    "satisfied", "deadline_hours")
    sec.tables = [("三率_总体", overall), ("三率_按部门", rates)]
    for r in overall.itertuples():
        sec.reading.append(f"{r.label_zh}：{pct(r.estimate)}，区间 {pct_ci(r.ci_low, r.ci_high)}"
                           f"（分母 n = {int(r.n):,}）。")
    sat = rates[rates["rate"] == "satisfaction"]
    if len(sat):
        lo = sat.loc[sat["estimate"].idxmin()]
        sec.reading.append(f"满意率最低的部门是 **{lo['department']}**：{pct(lo['estimate'])}，"
                           f"区间 {pct_ci(lo['ci_low'], lo['ci_high'])}（n = {int(lo['n'])}）。")
    sec.meaning = ("三个比率的分母不同（全部工单、有结论的工单、回访有答复的工单），"
                   "比较部门时先看 n 是否够大，再看区间。")
    return sec


def _time_to_close(data: pd.DataFrame, simulated: bool) -> Section:
    sec = Section("closing", "办结用时（未办结工单按删失处理）")
    sec.skipped = missing_reason(data.columns, ["received", "closed"])
    if sec.skipped:
        return sec
    by = "category" if "category" in data.columns else None
    curves = closing.km_curves(data, by=by)
    sec.tables = [("办结曲线", curves)]
    from helpers import plots
    fig = plots.closing_curves_chart(curves, by=by, simulated=simulated,
                                     max_hours=float(min(curves["hours"].max(), 24 * 30)))
    sec.figures = [("按工单类别的办结比例随受理后小时数的变化（Kaplan–Meier），阴影为 95% 区间。",
                    "阶梯曲线：各类工单在受理后多少小时内办结的比例。", figure_svg(fig))]
    n_open = int(curves.drop_duplicates(by or "n")["n_open"].sum()) if by else int(curves["n_open"].iloc[0])
    sec.reading = [f"仍未办结的工单 {n_open:,} 件按删失处理：它们不被当作“已按时”，也不被丢掉。"]
    if "deadline_hours" in data.columns:
        within = closing.closed_within(data, "deadline_hours", by="department"
                                       if "department" in data.columns else None)
        sec.tables.append(("时限内办结_按部门", within))
        lo = within.loc[within["estimate"].idxmin()]
        key = lo["department"] if "department" in within.columns else "全部"
        sec.reading.append(f"时限内办结比例最低：**{key}**，{pct(lo['estimate'])}，区间 "
                           f"{pct_ci(lo['ci_low'], lo['ci_high'])}；只看已办结工单会报成 "
                           f"{pct(lo['naive_closed_only'])}。")
    else:
        sec.notes.append("没有办理时限（deadline_hours）列：不计算时限内办结比例")
    sec.meaning = "只用已办结工单算用时会把最慢的工单漏掉，让办结显得更快；删失的估计不会。"
    return sec


def _keywords(data: pd.DataFrame) -> Section:
    sec = Section("keywords", "各类诉求的关键词")
    col = "text_masked" if "text_masked" in data.columns else None
    if col is None or "category" not in data.columns:
        sec.skipped = ("缺少诉求内容（text）或诉求类型（category）列 (need a text column and a "
                       "category column)")
        return sec
    kw = text.keywords(data, col, "category", top=8)
    sec.tables = [("关键词", kw)]
    for cat, part in kw.groupby("category", sort=True):
        sec.reading.append(f"**{cat}**：{'、'.join(part['term'])}")
    sec.meaning = ("关键词是在已脱敏的文本上计算的（TF-IDF）；某类诉求反复出现的词，"
                   "往往就是窗口可以提前说清楚的事项。")
    return sec


def tickets_sections(data: pd.DataFrame, *, simulated: bool, progress=None) -> list[Section]:
    """Run the 12345 ticket analyses of the course: one :class:`Section` each.

    Parameters
    ----------
    data : pandas.DataFrame
        ``LoadResult.data`` of :func:`helpers.io.read_tickets` (text already masked).
    simulated : bool
        Whether the data are simulated (charts then say 模拟数据).
    progress : tqdm, optional
        A progress bar advanced once per section.

    Returns
    -------
    list of Section
        The rates by department (:func:`helpers.hotline.hotline_rates`), time to close with
        open tickets censored (:func:`helpers.closing.km_curves`,
        :func:`helpers.closing.closed_within`) and keywords by category
        (:func:`helpers.text.keywords`). A section whose columns are missing has ``skipped``
        set to the reason.

    Notes
    -----
    Keywords are computed on ``text_masked`` only: the raw text never reaches the report.

    Examples
    --------
    >>> from helpers.simulate import hotline_tickets
    >>> secs = tickets_sections(hotline_tickets(n=300, seed=1), simulated=True)
    >>> [(s.key, s.skipped is None) for s in secs]
    [('rates', True), ('closing', True), ('keywords', True)]
    >>> import matplotlib.pyplot as plt; plt.close("all")
    """
    return run_steps([lambda: _rates(data), lambda: _time_to_close(data, simulated),
                      lambda: _keywords(data)], progress)
