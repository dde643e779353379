"""Shared pieces of the report command: the section record, the fatal error, charts as SVG."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

import pandas as pd

from helpers._validate import HelpersError

__all__ = ["HEADERS", "ReportError", "Section", "figure_svg", "fmt", "fmt_ci", "pct", "pct_ci",
           "zh_columns"]


class ReportError(HelpersError):
    """A fatal problem of the report command (message in Chinese with the English in brackets)."""


@dataclass
class Section:
    """One section of the report: tables, charts and the plain-Chinese reading, or a skip reason.

    ``tables`` is a list of ``(sheet name, DataFrame)`` (the frames keep the helpers' columns;
    the HTML and the workbook translate the headers); ``figures`` a list of ``(caption, alt,
    svg)``; ``reading`` what the numbers say; ``meaning`` 对窗口工作意味着什么; ``skipped`` the
    reason the section could not run (then everything else is empty).
    """

    key: str
    title: str
    tables: list = field(default_factory=list)
    figures: list = field(default_factory=list)
    reading: list = field(default_factory=list)
    meaning: str = ""
    skipped: str | None = None
    notes: list = field(default_factory=list)


def figure_svg(ax_or_fig) -> str:
    """The figure of a chart as an inline SVG string (text drawn as paths: no font needed)."""
    import matplotlib.pyplot as plt

    fig = getattr(ax_or_fig, "figure", ax_or_fig)
    buf = io.StringIO()
    with plt.rc_context({"svg.fonttype": "path"}):
        fig.savefig(buf, format="svg", bbox_inches="tight")
    plt.close(fig)
    text = buf.getvalue()
    return text[text.find("<svg"):]


def fmt(x: float, digits: int = 2) -> str:
    """A number for the prose (— when missing)."""
    return "—" if x is None or pd.isna(x) else f"{x:.{digits}f}"


def fmt_ci(lo: float, hi: float, digits: int = 2) -> str:
    """An interval for the prose."""
    return f"[{fmt(lo, digits)}, {fmt(hi, digits)}]"


def pct(x: float) -> str:
    """A share as a percentage for the prose."""
    return "—" if x is None or pd.isna(x) else f"{100 * x:.1f}%"


def pct_ci(lo: float, hi: float) -> str:
    """An interval of a share for the prose."""
    return f"[{pct(lo)}, {pct(hi)}]"


HEADERS = {
    "estimate": "估计值", "ci_low": "区间下限", "ci_high": "区间上限", "n": "样本量 n",
    "count": "计数", "k": "题数", "dimension": "维度代码", "label": "名称", "label_zh": "中文名称",
    "item": "题号", "expectation": "期望", "perception": "感知", "gap": "差距",
    "alpha": "α", "scale": "量表", "attribute": "属性", "method": "方法", "p_value": "p 值",
    "rank": "名次", "importance": "重要性", "performance": "表现", "quadrant": "象限",
    "importance_cross": "重要性交叉线", "performance_cross": "表现交叉线", "reference": "参照值",
    "priority_score": "优先分", "priority": "优先顺序", "group": "分组", "level": "组别",
    "group_a": "组 A", "group_b": "组 B", "excludes_zero": "区间不含 0", "estimate_a": "组 A 估计",
    "estimate_b": "组 B 估计", "se": "标准误", "df": "自由度", "n_a": "组 A 样本量",
    "n_b": "组 B 样本量", "ci_level": "区间水平", "grade": "评价等级", "window": "窗口",
    "month": "月份", "unit": "窗口", "raw_rate": "原始满意率", "raw": "原始比率",
    "raw_rank": "原始名次", "rank_raw": "原始名次", "rank_shrunk": "收缩后名次",
    "weight": "自身数据权重", "prior_mean": "先验均值", "time": "时间", "centre": "中心线",
    "sigma_p": "σp", "sigma_z": "σz", "lcl": "控制下限", "ucl": "控制上限", "z": "z",
    "above": "高于上限", "below": "低于下限", "rule_1": "规则 1", "rule_2": "规则 2",
    "rule_3": "规则 3", "rule_4": "规则 4", "signal": "信号", "department": "部门",
    "rate": "比率代码", "hours": "小时", "n_at_risk": "仍未办结", "n_open": "未办结（删失）",
    "naive_closed_only": "只看已办结时的比例", "category": "类别", "term": "词",
    "score": "TF-IDF 得分", "score_rest": "其他类别得分", "distinctiveness": "区分度",
    "source_row": "源文件行号", "column": "列", "reason": "原因", "note": "说明",
    "item_zh": "项目", "rows": "行数", "source": "源文件列名", "schema": "映射到",
}
"""Chinese headers of the helpers' columns, for the HTML tables and the workbook."""


def zh_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with Chinese headers (unknown columns keep their name)."""
    return frame.rename(columns=lambda c: HEADERS.get(c, c))


def missing_reason(have, need) -> str | None:
    """The skip reason when columns ``need`` are not all in ``have`` (None when all are)."""
    miss = [c for c in need if c not in have]
    return f"缺少列 {', '.join(miss)} (missing columns {', '.join(miss)})" if miss else None


def run_steps(steps, progress=None) -> list[Section]:
    """Call each step (a function returning a Section), advancing the progress bar."""
    out = []
    for step in steps:
        out.append(step())
        if progress is not None:
            progress.update(1)
    return out
