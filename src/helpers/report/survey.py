"""Survey sections of the report: gaps, reliability, derived importance with IPA and priorities,
satisfaction by group."""

from __future__ import annotations

import re

import pandas as pd

from helpers import compare, ipa, reliability, servqual
from helpers.bootstrap import bootstrap_mean
from helpers.labels import DIMENSION_LABELS, DIMENSIONS, dimension_items
from helpers.report._common import Section, figure_svg, fmt, fmt_ci, run_steps
from helpers.scales import scale_scores

__all__ = ["GROUP_COLUMNS", "survey_sections"]

GROUP_COLUMNS = {"wave": "轮次", "channel": "渠道", "region": "地区", "age_group": "年龄段"}
"""Group columns of the survey schema compared in the satisfaction section."""


def _items(data: pd.DataFrame, prefix: str) -> list[int]:
    return sorted(int(c[1:]) for c in data.columns if re.fullmatch(prefix + r"\d+", str(c)))


def _dimension_columns(data: pd.DataFrame, prefix: str) -> dict[str, list[str]]:
    have = set(_items(data, prefix))
    out = {}
    for d in DIMENSIONS:
        cols = [f"{prefix}{i}" for i in dimension_items(d) if i in have]
        if cols:
            out[d] = cols
    return out


def _gaps(data: pd.DataFrame, scale, n_boot: int, simulated: bool) -> Section:
    sec = Section("gaps", "期望与感知的差距（P − E）")
    pairs = sorted(set(_items(data, "E")) & set(_items(data, "P")))
    if not pairs:
        sec.skipped = ("缺少成对的期望题（E1…E22）与感知题（P1…P22）(no paired E/P items: map the "
                       "expectation and perception questions onto E1… and P1…)")
        return sec
    e = [f"E{i}" for i in pairs]
    p = [f"P{i}" for i in pairs]
    items = servqual.item_gaps(data, e, p, scale=scale)
    dims = servqual.dimension_gaps(data, e, p, scale=scale, n_boot=n_boot, seed=0)
    sec.tables = [("维度差距", dims), ("题目差距", items)]
    from helpers import plots
    ax = plots.gap_bar_chart(dims, simulated=simulated, category="label",
                             xlabel="差距 P − E（感知减期望）")
    worst = dims.sort_values("estimate").iloc[0]
    neg = dims[dims["ci_high"] < 0]["label"].tolist()
    sec.figures = [("各维度的差距 P − E 及其 95% 置信区间（bootstrap BCa）。",
                    f"横条图：{len(dims)} 个维度的差距，最大的负差距在{worst['label']}"
                    f"（{fmt(worst['estimate'])}）。", figure_svg(ax))]
    sec.reading = [
        f"差距最大的维度是 **{worst['label']}**：感知比期望低 {fmt(-worst['estimate'])} 分，"
        f"95% 置信区间 {fmt_ci(worst['ci_low'], worst['ci_high'])}（n = {int(worst['n'])}）。",
        (f"区间整体在 0 以下（确实低于期望）的维度：{'、'.join(neg)}。" if neg else
         "没有一个维度的区间整体在 0 以下：现有样本不能说明哪个维度确实低于期望。"),
        f"共 {len(items)} 道成对题目；题目差距表按题列出期望、感知、差距与区间。",
    ]
    sec.meaning = (f"先看{worst['label']}：这是群众期望与实际感受差得最远的地方。"
                   "差距为负不一定是服务变差了，也可能是期望太高，需要同时考虑改进服务和如实沟通承诺。")
    return sec


def _reliability(data: pd.DataFrame, scale) -> Section:
    sec = Section("reliability", "各维度量表的信度（Cronbach α）")
    tables = []
    for prefix, name in (("P", "感知"), ("E", "期望")):
        if len(_items(data, prefix)) >= 2:
            r = reliability.dimension_reliability(data, prefix, scale=scale)
            tables.append((f"信度_{name}", r.assign(scale=name)))
    if not tables:
        sec.skipped = "缺少至少两道感知题或期望题 (need at least two P or E items)"
        return sec
    sec.tables = tables
    allr = pd.concat([t for _, t in tables], ignore_index=True)
    low = allr[allr["ci_low"] < 0.7].dropna(subset=["alpha"])
    first = allr.dropna(subset=["alpha"])
    if len(first):
        lo = first.loc[first["alpha"].idxmin()]
        sec.reading.append(f"α 最低的是{lo['scale']}量表的 **{lo['label']}**：α = {fmt(lo['alpha'])}，"
                           f"95% 置信区间 {fmt_ci(lo['ci_low'], lo['ci_high'])}（Feldt），{int(lo['k'])} 道题。")
    sec.reading.append(
        "所有维度的区间下限都高于 0.70。" if low.empty else
        f"区间下限低于 0.70 的维度：{'、'.join(low['scale'] + low['label'])}——这些维度的分数要谨慎解读。")
    sec.meaning = ("信度低的维度，题目之间说的不是同一件事，用它的平均分排先后不可靠；"
                   "下一轮问卷应先修改这些题目。")
    return sec


def _importance(data: pd.DataFrame, scale, simulated: bool) -> Section:
    sec = Section("importance", "推导重要性、IPA 与改进优先顺序")
    pdims = _dimension_columns(data, "P")
    if "satisfaction" not in data.columns or len(pdims) < 2:
        sec.skipped = ("缺少总体满意度（satisfaction）或至少两个维度的感知题 (need an overall "
                       "satisfaction column and perception items of at least two dimensions)")
        return sec
    dims = list(pdims)
    perception = scale_scores(data, pdims, scale=scale, keep=["satisfaction"])
    derived = ipa.derived_importance(perception, overall="satisfaction", attributes=dims,
                                     scale=None)
    derived["label"] = derived["attribute"].map(DIMENSION_LABELS)
    edims = _dimension_columns(data, "E")
    expectation = scale_scores(data, edims, scale=scale) if edims else None
    long = []
    for d in dims:
        part = pd.DataFrame({"dimension": DIMENSION_LABELS[d],
                             "importance": float(derived.set_index("attribute").loc[d, "estimate"]),
                             "performance": perception[d].to_numpy()})
        if expectation is not None and d in expectation.columns:
            part["expectation"] = expectation[d].to_numpy()
        long.append(part)
    long = pd.concat(long, ignore_index=True)
    if "expectation" in long.columns:
        long = long.dropna(subset=["performance", "expectation"])
    both = (min(-1, scale[0]), scale[1])       # importance r in [−1, 1], performance on the scale
    quad = ipa.ipa(long, "dimension", "importance", "performance", centre="data", scale=both)
    ref = "expectation" if "expectation" in long.columns and long["expectation"].notna().all() else None
    prio = ipa.gap_priority(long, "dimension", "importance", "performance", reference=ref,
                            scale=both)
    sec.tables = [("推导重要性", derived), ("IPA象限", quad), ("改进优先顺序", prio)]
    from helpers import plots
    ax = plots.ipa_chart(quad, simulated=simulated, scale=both,
                         diagonal=False)
    top = derived.sort_values("rank").iloc[0]
    first = prio.iloc[0]
    sec.figures = [("IPA 图：纵轴为推导重要性（维度得分与总体满意度的相关系数），横轴为平均感知得分；"
                    "交叉线为各维度的平均值。",
                    f"散点图：{len(quad)} 个维度分到四个象限；{top['label']}的推导重要性最高。",
                    figure_svg(ax))]
    a = quad[quad["quadrant"] == "A"]["attribute"].tolist()
    sec.reading = [
        f"与总体满意度关系最密切的维度是 **{top['label']}**：r = {fmt(top['estimate'])}，"
        f"95% 置信区间 {fmt_ci(top['ci_low'], top['ci_high'])}（n = {int(top['n'])}）。",
        (f"“重点改进”象限（重要性高、表现低）：{'、'.join(a)}。" if a else
         "没有维度落在“重点改进”象限。"),
        f"按 重要性 × 差距 排序，第一优先是 **{first['attribute']}**。"
        + ("（差距 = 感知 − 期望）" if ref else "（没有期望题，差距 = 感知 − 重要性，只作参考）"),
    ]
    sec.meaning = (f"人手和时间有限时，先改{first['attribute']}：它既影响总体满意度，又离群众期望最远。"
                   "推导重要性是相关，不是因果，改进后要用下一轮数据验证。")
    return sec


def _by_group(data: pd.DataFrame, scale, n_boot: int, simulated: bool) -> Section:
    sec = Section("groups", "不同群体的总体满意度")
    groups = [g for g in GROUP_COLUMNS if g in data.columns and data[g].nunique() >= 2]
    if "satisfaction" not in data.columns or not groups:
        sec.skipped = ("缺少总体满意度（satisfaction）或分组列（轮次、渠道、地区、年龄段）(need "
                       "satisfaction and a group column: wave, channel, region or age_group)")
        return sec
    means, diffs = [], []
    for g in groups:
        for level, part in data.groupby(g, sort=True):
            m = bootstrap_mean(part, ["satisfaction"], n_boot=n_boot, seed=0, scale=scale)
            means.append(m.assign(group=GROUP_COLUMNS[g], level=str(level)))
        d = compare.mean_difference(data, "satisfaction", g, adjust="bonferroni")
        diffs.append(d.assign(group=GROUP_COLUMNS[g]))
    means = pd.concat(means, ignore_index=True)[["group", "level", "estimate", "ci_low",
                                                   "ci_high", "n"]]
    diffs = pd.concat(diffs, ignore_index=True)
    sec.tables = [("分组满意度", means), ("分组差异", diffs)]
    from helpers import plots
    show = means.assign(x=means["group"] + "：" + means["level"])
    ax = plots.pointrange_chart(show, simulated=simulated, x="x", ylabel="总体满意度（均值）")
    ax.tick_params(axis="x", labelrotation=60)
    sec.figures = [("各群体总体满意度的均值及 95% 置信区间（bootstrap）。",
                    f"点线图：{len(show)} 个群体的平均满意度。", figure_svg(ax))]
    sig = diffs[diffs["excludes_zero"]]
    sec.reading = [f"共比较 {len(diffs)} 对群体（Welch 区间，Bonferroni 校正）。"]
    if len(sig):
        big = sig.loc[sig["estimate"].abs().idxmax()]
        sec.reading.append(f"差异最大且区间不含 0 的一对：{big['group']} {big['group_a']} 减 "
                           f"{big['group_b']} = {fmt(big['estimate'])}，区间 "
                           f"{fmt_ci(big['ci_low'], big['ci_high'])}；共 {len(sig)} 对区间不含 0。")
    else:
        sec.reading.append("没有一对群体的差异区间排除 0：现有数据看不出群体之间的满意度差别。")
    sec.meaning = ("满意度较低的群体值得单独了解原因（例如通过哪种渠道了解中心、住在哪里）；"
                   "比较两群体时看差值的区间，不要看两个区间是否重叠。")
    return sec


def survey_sections(data: pd.DataFrame, *, scale: tuple[float, float] = (1, 7),
                    simulated: bool, n_boot: int = 1000, progress=None) -> list[Section]:
    """Run the survey analyses of the course on loaded data: one :class:`Section` each.

    Parameters
    ----------
    data : pandas.DataFrame
        ``LoadResult.data`` of :func:`helpers.io.read_survey` (schema columns).
    scale : (int, int), default (1, 7)
        Answer scale of the E/P items and of satisfaction.
    simulated : bool
        Whether the data are simulated (charts then say 模拟数据).
    n_boot : int, default 1000
        Bootstrap resamples of the dimension gaps and the group means.
    progress : tqdm, optional
        A progress bar advanced once per section.

    Returns
    -------
    list of Section
        Gaps (:func:`helpers.servqual.dimension_gaps`, :func:`helpers.servqual.item_gaps`),
        reliability (:func:`helpers.reliability.dimension_reliability`), derived importance
        with IPA and the priority list (:func:`helpers.ipa.derived_importance`,
        :func:`helpers.ipa.ipa`, :func:`helpers.ipa.gap_priority`) and satisfaction by group
        (:func:`helpers.bootstrap.bootstrap_mean`, :func:`helpers.compare.mean_difference`).
        A section whose columns are missing has ``skipped`` set to the reason.

    Notes
    -----
    Nothing is computed here: each number comes from the helper named above, with its
    interval. Dimension scores are :func:`helpers.scales.scale_scores` means of the answered
    items of each dimension. The IPA uses derived importance (Pearson r of the dimension score
    with overall satisfaction) on the vertical axis; the priority list ranks dimensions by
    importance × (−gap) with the gap perception − expectation.

    Examples
    --------
    >>> from helpers.simulate import servqual_survey
    >>> secs = survey_sections(servqual_survey(n=40, seed=1), simulated=True, n_boot=200)
    >>> [(s.key, s.skipped is None) for s in secs]
    [('gaps', True), ('reliability', True), ('importance', True), ('groups', True)]
    >>> import matplotlib.pyplot as plt; plt.close("all")
    """
    steps = [lambda: _gaps(data, scale, n_boot, simulated), lambda: _reliability(data, scale),
             lambda: _importance(data, scale, simulated),
             lambda: _by_group(data, scale, n_boot, simulated)]
    return run_steps(steps, progress)
