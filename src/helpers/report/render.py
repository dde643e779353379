"""The report page: one self-contained HTML file (inline CSS and SVG, no script, no font)."""

from __future__ import annotations

import html
import re

import pandas as pd
from jinja2 import Environment
from markupsafe import Markup

from helpers.report._common import zh_columns

__all__ = ["REFERENCES", "render_html"]

REFERENCES = {
    "survey": [
        "Parasuraman, A., Zeithaml, V. A., & Berry, L. L. (1988). SERVQUAL: A multiple-item scale "
        "for measuring consumer perceptions of service quality. Journal of Retailing, 64(1), 12–40.",
        "Cronbach, L. J. (1951). Coefficient alpha and the internal structure of tests. "
        "Psychometrika, 16(3), 297–334.",
        "Feldt, L. S. (1965). The approximate sampling distribution of Kuder-Richardson "
        "reliability coefficient twenty. Psychometrika, 30(3), 357–370.",
        "Martilla, J. A., & James, J. C. (1977). Importance-performance analysis. Journal of "
        "Marketing, 41(1), 77–79.",
        "Efron, B., & Tibshirani, R. J. (1993). An Introduction to the Bootstrap. Chapman & Hall.",
        "Welch, B. L. (1947). The generalization of ‘Student's’ problem when several different "
        "population variances are involved. Biometrika, 34(1–2), 28–35.",
    ],
    "ratings": [
        "Wilson, E. B. (1927). Probable inference, the law of succession, and statistical "
        "inference. Journal of the American Statistical Association, 22(158), 209–212.",
        "Efron, B., & Morris, C. (1975). Data analysis using Stein's estimator and its "
        "generalizations. Journal of the American Statistical Association, 70(350), 311–319.",
        "Montgomery, D. C. (2019). Introduction to Statistical Quality Control (8th ed.). Wiley.",
    ],
    "tickets": [
        "Wilson, E. B. (1927). Probable inference, the law of succession, and statistical "
        "inference. Journal of the American Statistical Association, 22(158), 209–212.",
        "Kaplan, E. L., & Meier, P. (1958). Nonparametric estimation from incomplete "
        "observations. Journal of the American Statistical Association, 53(282), 457–481.",
        "Salton, G., & Buckley, C. (1988). Term-weighting approaches in automatic text "
        "retrieval. Information Processing & Management, 24(5), 513–523.",
    ],
}
"""References of the methods section, per kind."""

METHODS = {
    "survey": [
        "差距 = 感知 − 期望（P − E），题目差距用 t 区间，维度差距用 bootstrap BCa 区间（helpers.servqual）。",
        "信度：各维度的 Cronbach α 与 Feldt 区间（helpers.reliability）。",
        "推导重要性：维度得分与总体满意度的 Pearson 相关及 Fisher-z 区间；IPA 以各维度平均值为交叉线；"
        "优先顺序 = 重要性 × (−差距)（helpers.ipa）。",
        "分组满意度：每组均值的 bootstrap 区间（helpers.bootstrap），两组之差用 Welch 区间并做 "
        "Bonferroni 校正（helpers.compare）。",
    ],
    "ratings": [
        "满意率 = （非常满意 + 满意）/ 有评价等级的评价；差评率 = （不满意 + 非常不满意）/ 同一分母；"
        "Wilson 区间（helpers.ratings）。文中点名“满意率最低”“差评率最高”的窗口或月份时，只比较"
        "评价不少于 30 条的（helpers.report.ratings.MIN_NAMED）：条数太少的窗口区间很宽，"
        "一两条评价就能让它垫底；它们仍在表中。",
        "公平排名：Beta–二项经验贝叶斯收缩，后验均值与等尾后验区间（helpers.ratings.fair_ranking；"
        "Parquet 与大 CSV 的 DuckDB 路径用同一算法，只是计数由 DuckDB 汇总）。",
        "p 控制图：每月差评比例，中心线为总体比例，3σ 控制限与游程规则（helpers.spc）。",
    ],
    "tickets": [
        "响应率、解决率、满意率与按时办结率：各自的分母见表，Wilson 区间（helpers.hotline）。",
        "办结用时：Kaplan–Meier 估计，未办结工单按删失处理，Greenwood 区间（helpers.closing）。",
        "关键词：在脱敏后的文本上分词（jieba），TF-IDF 区分度（helpers.text）。",
    ],
}

CSS = """
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",sans-serif;
max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.6;color:#222}
h1{font-size:1.6rem;border-bottom:2px solid #2c5d8a}h2{font-size:1.3rem;margin-top:2rem;color:#2c5d8a}
table{border-collapse:collapse;margin:.5rem 0;font-size:.85rem}th,td{border:1px solid #ccc;padding:.2rem .5rem;
text-align:right}th{background:#eef3f8}td:first-child,th:first-child{text-align:left}
.box{background:#f6f8fa;border-left:4px solid #2c5d8a;padding:.5rem 1rem;margin:1rem 0}
.warn{border-left-color:#c0392b;background:#fdf2f0}.meaning{border-left-color:#27ae60;background:#f0faf3}
.skipped{color:#8a6d3b;background:#fcf8e3;padding:.5rem 1rem}figure{margin:1rem 0}
figure svg{max-width:100%;height:auto}figcaption{font-size:.85rem;color:#555}
.scroll{overflow-x:auto}small{color:#666}
"""

TEMPLATE = """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }}</title><style>{{ css }}</style></head>
<body>
<h1>{{ title }}</h1>
<p><small>文件：{{ file }} · 类型：{{ kind_zh }} · 生成时间：{{ when }} · helpers.report</small></p>
{% if simulated %}<div class="box warn"><strong>模拟数据</strong>：{{ simulated_reason }}。本报告中的数字不描述任何真实机构或群众。</div>{% endif %}
<h2 id="read">一、读取了什么</h2>
<p>读取 <strong>{{ counts.read }}</strong> 行，使用 <strong>{{ counts.kept }}</strong> 行，排除 <strong>{{ counts.excluded }}</strong> 行。</p>
<div class="scroll">{{ summary }}</div>
<h3>列的对应关系</h3>
<div class="scroll">{{ mapped }}</div>
<p>未使用（忽略）的列：{% if ignored %}{{ ignored|join("、") }}{% else %}无{% endif %}</p>
{% if masked %}<p>个人信息脱敏（先于任何分析）：{{ masked }}</p>{% endif %}
<h3>需要注意的问题（非致命，均未隐藏）</h3>
{% if problems %}<ul>{% for p in problems %}<li>{{ p }}</li>{% endfor %}</ul>{% else %}<p>无。</p>{% endif %}
{% if excluded is not none %}<details><summary>被排除的行（前 {{ excluded_shown }} 条，完整清单见 report.xlsx）</summary>
<div class="scroll">{{ excluded }}</div></details>{% endif %}
{% for s in sections %}
<h2 id="{{ s.key }}">{{ (loop.index + 1) | zh_num }}、{{ s.title }}</h2>
{% if s.skipped %}<p class="skipped">本节跳过：{{ s.skipped }}</p>{% else %}
{% for line in s.reading %}<p>{{ line | bold }}</p>{% endfor %}
{% for f in s.figures %}<figure role="img" aria-label="{{ f[1] }}">{{ f[2] | safe }}<figcaption>图 {{ f[3] }}：{{ f[0] }}</figcaption></figure>{% endfor %}
<div class="box meaning"><strong>对窗口工作意味着什么</strong>：{{ s.meaning }}</div>
{% for n in s.notes %}<p><small>{{ n }}</small></p>{% endfor %}
{% for name, t in s.tables %}<details{% if loop.first %} open{% endif %}><summary>表：{{ name }}{% if t.more %}（前 {{ t.shown }} 行，共 {{ t.rows }} 行，完整见 report.xlsx）{% endif %}</summary>
<div class="scroll">{{ t.html }}</div></details>{% endfor %}
{% endif %}{% endfor %}
<h2 id="methods">方法与参考文献</h2>
<ul>{% for m in methods %}<li>{{ m }}</li>{% endfor %}</ul>
<p>区间均为 95% 置信区间（排名为 95% 后验区间）。所有数字由软件包 helpers 中的函数计算，报告本身不做计算；同一输入与 mapping.yml 重新运行得到相同结果。</p>
<ol>{% for r in references %}<li>{{ r }}</li>{% endfor %}</ol>
</body></html>
"""

_ZH = "零一二三四五六七八九十"


def _zh_num(n: int) -> str:
    return _ZH[n] if n <= 10 else ("十" + _ZH[n - 10] if n < 20 else str(n))


def _bold(text: str) -> Markup:
    return Markup(re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", html.escape(str(text))))


def _table(frame: pd.DataFrame, limit: int = 30) -> dict:
    shown = zh_columns(frame.head(limit))
    body = shown.to_html(index=False, border=0, na_rep="—",
                         float_format=lambda x: f"{x:.3f}")
    return {"html": Markup(body), "rows": len(frame), "shown": len(shown),
            "more": len(frame) > limit}


def render_html(*, title: str, file: str, kind: str, when: str, counts: dict,
                summary: pd.DataFrame, mapped: pd.DataFrame, ignored: list, masked: str,
                problems: list, excluded: pd.DataFrame | None, sections: list,
                simulated: bool, simulated_reason: str = "") -> str:
    """The report page as one self-contained HTML string.

    Parameters
    ----------
    title, file, kind, when : str
        Page title, input file name, report kind (``survey``, ``ratings``, ``tickets``) and the
        time of the run.
    counts : dict
        ``read``, ``kept``, ``excluded`` of the loader.
    summary, mapped : pandas.DataFrame
        The loader's summary (``LoadResult.summary()``) and the column mapping (``source,
        schema``).
    ignored : list
        Source columns left out.
    masked : str
        What was masked, in words (empty when nothing).
    problems : list of str
        Every non-fatal problem, listed on the first screen.
    excluded : pandas.DataFrame or None
        The excluded rows (``source_row, column, reason``), or None.
    sections : list of Section
        The analyses (:mod:`helpers.report.survey` …).
    simulated : bool
        Mark the whole page as simulated data (with ``simulated_reason``).

    Returns
    -------
    str
        An HTML5 page: CSS inline, charts as inline SVG, no ``<script>``, no external link or
        font, so it works offline from ``file://``.

    Notes
    -----
    Jinja2 with autoescaping: every text from the file (headers, reasons, group names) is
    escaped; only the SVG of the charts and the tables (written by ``DataFrame.to_html``,
    which escapes cells) are inserted as markup. Long tables show their first 30 rows; the
    workbook has them all.

    Examples
    --------
    >>> import pandas as pd
    >>> page = render_html(title="t", file="a.csv", kind="ratings", when="now",
    ...     counts={"read": 2, "kept": 2, "excluded": 0}, summary=pd.DataFrame({"item": ["读取"]}),
    ...     mapped=pd.DataFrame({"source": ["评价"], "schema": ["grade"]}), ignored=[], masked="",
    ...     problems=[], excluded=None, sections=[], simulated=False)
    >>> "<script" in page, "读取 <strong>2</strong> 行" in page
    (False, True)
    """
    env = Environment(autoescape=True)
    env.filters["bold"] = _bold
    env.filters["zh_num"] = _zh_num
    shown = None if excluded is None or excluded.empty else excluded.head(200)
    secs, number = [], 0
    for s in sections:                       # figures numbered through the whole page
        figures = []
        for c, a, svg in s.figures:
            number += 1
            figures.append((c, a, Markup(svg), number))
        secs.append({"key": s.key, "title": s.title, "skipped": s.skipped, "reading": s.reading,
                     "figures": figures, "meaning": s.meaning, "notes": s.notes,
                     "tables": [(n, _table(t)) for n, t in s.tables]})
    kind_zh = {"survey": "问卷调查", "ratings": "好差评记录", "tickets": "12345 工单"}[kind]
    return env.from_string(TEMPLATE).render(
        title=title, css=Markup(CSS), file=file, kind_zh=kind_zh, when=when, counts=counts,
        summary=_table(summary, 100)["html"], mapped=_table(mapped, 500)["html"],
        ignored=[str(c) for c in ignored], masked=masked, problems=problems,
        excluded=None if shown is None else _table(shown, 200)["html"],
        excluded_shown=0 if shown is None else len(shown), sections=secs,
        methods=METHODS[kind], references=REFERENCES[kind], simulated=simulated,
        simulated_reason=simulated_reason)
