"""The course as data: its chapters, and a map of the concepts and measures each chapter teaches.

Used by the conclusion chapter (a concept map drawn by :func:`helpers.plots.concept_map_chart`
and the per-chapter review of :class:`helpers.quiz.SelfAssessment`). Plain data, no computation.
"""

from __future__ import annotations

import pandas as pd

__all__ = ["CHAPTERS", "concept_nodes", "concept_edges"]

CHAPTERS: dict[int, tuple[str, str]] = {
    1: ("背景与定义", "01_background"),
    2: ("民众期望的形成与影响因素", "02_formation"),
    3: ("理论基础", "03_theory"),
    4: ("策略与方法", "04_strategies"),
    5: ("案例分析", "05_cases"),
    6: ("挑战", "06_challenges"),
    7: ("未来发展", "07_future"),
    8: ("结论", "08_conclusion"),
}
"""Chapter number → (title, notebook stem in ``chapters/``)."""

_NODES = [
    ("gap", 1, 0, "期望—感知差距\nD = P − E"),
    ("diff_ci", 1, 2, "差值的置信区间"),
    ("ceiling", 1, 5, "好差评的\n天花板效应"),
    ("sources", 2, 2.3, "期望的来源\n（信息、经历、背景）"),
    ("adaptive", 2, 3.6, "适应性期望 λ"),
    ("tolerance", 2, 0.9, "容忍区间"),
    ("servqual", 3, 0, "SERVQUAL\n五个维度"),
    ("alpha", 3, 1.1, "信度\nCronbach α"),
    ("two_exp", 3, 2.9, "预测性期望与\n规范性期望"),
    ("fairness", 3, 4.2, "三种公平"),
    ("transparency", 4, 2.9, "信息透明"),
    ("drivers", 4, 1.7, "推导重要性"),
    ("ipa", 4, 0.5, "重要性—表现分析\n（先改什么）"),
    ("followup", 4, 3.9, "回访与整改"),
    ("pdca", 5, 3.8, "PDCA 循环"),
    ("spc", 5, 2.7, "控制图"),
    ("its", 5, 1.6, "间断时间序列"),
    ("shrinkage", 5, 5, "收缩估计\n（公平排名）"),
    ("asymmetry", 6, 2.4, "信息不对称"),
    ("queue", 6, 1.0, "排队模型\n（Erlang C）"),
    ("trust", 6, 4.4, "信任的调节作用"),
    ("text", 7, 2.8, "工单文本分类"),
    ("segments", 7, 1.6, "期望分群"),
    ("transfers", 7, 3.9, "转派网络"),
    ("censoring", 7, 5, "删失与\nKaplan–Meier"),
]

_EDGES = [
    ("gap", "servqual"), ("diff_ci", "drivers"), ("diff_ci", "its"), ("ceiling", "shrinkage"),
    ("sources", "two_exp"), ("adaptive", "two_exp"), ("tolerance", "queue"),
    ("sources", "segments"), ("two_exp", "transparency"), ("servqual", "alpha"),
    ("servqual", "ipa"), ("fairness", "trust"), ("drivers", "ipa"), ("transparency", "asymmetry"),
    ("transparency", "queue"), ("followup", "pdca"), ("followup", "censoring"),
    ("followup", "transfers"), ("pdca", "spc"), ("pdca", "its"), ("followup", "text"),
]


def concept_nodes() -> pd.DataFrame:
    """The concepts and measures of chapters 1–7, one row each.

    Parameters
    ----------
    None
        The map is fixed data of the course.

    Returns
    -------
    pandas.DataFrame
        Columns ``node`` (short id), ``chapter`` (1–7, the chapter that teaches it),
        ``position`` (horizontal place in the drawing, 0–5, chosen so that arrows cross few
        boxes), ``label`` (Chinese, may contain a line break).

    Notes
    -----
    A teaching summary chosen by the authors, not a measurement.

    Examples
    --------
    >>> n = concept_nodes()
    >>> sorted(n["chapter"].unique().tolist())
    [1, 2, 3, 4, 5, 6, 7]
    """
    return pd.DataFrame(_NODES, columns=["node", "chapter", "position", "label"])


def concept_edges() -> pd.DataFrame:
    """Which concept feeds into which (an edge = “is used by / leads to”).

    Parameters
    ----------
    None
        The map is fixed data of the course.

    Returns
    -------
    pandas.DataFrame
        Columns ``source``, ``target`` (node ids of :func:`concept_nodes`), ``relation``
        (``"feeds_into"``).

    Notes
    -----
    Each edge points from the concept taught first to the one that builds on it.

    Examples
    --------
    >>> e = concept_edges()
    >>> set(e["source"]) | set(e["target"]) <= set(concept_nodes()["node"])
    True
    """
    out = pd.DataFrame(_EDGES, columns=["source", "target"])
    out["relation"] = "feeds_into"
    return out
