"""Which kind of export a file is, and a first mapping of its headers onto the package's schema."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from pathlib import Path

from helpers.io import RATINGS_SCHEMA, SURVEY_SCHEMA, TICKETS_SCHEMA

__all__ = ["KINDS", "SYNONYMS", "detect_kind", "guess_mapping"]

KINDS = {"survey": SURVEY_SCHEMA, "ratings": RATINGS_SCHEMA, "tickets": TICKETS_SCHEMA}
"""Report kinds → the schema of :mod:`helpers.io` they load onto."""

SYNONYMS: dict[str, dict[str, tuple[str, ...]]] = {
    "survey": {
        "respondent_id": ("序号", "编号", "答卷编号", "受访者编号", "id"),
        "wave": ("轮次", "调查轮次", "批次"),
        "channel": ("渠道", "信息渠道", "来源渠道"),
        "region": ("地区", "区域", "所在区域"),
        "age_group": ("年龄段", "年龄组", "年龄"),
        "visits": ("办事次数", "来访次数"),
        "satisfaction": ("总体满意度", "满意度", "您对本中心的总体满意度"),
        "trust": ("信任", "信任度", "政府信任"),
    },
    "ratings": {
        "rating_id": ("评价编号", "编号", "序号", "id"),
        "time": ("评价时间", "时间", "办件时间", "日期时间"),
        "window": ("窗口", "窗口号", "窗口编号"),
        "department": ("部门", "办理部门", "进驻部门"),
        "service_item": ("事项", "办理事项", "事项名称"),
        "channel": ("渠道", "评价渠道"),
        "grade": ("评价", "评价等级", "满意度", "评价结果"),
    },
    "tickets": {
        "ticket_id": ("工单编号", "工单号", "编号"),
        "received": ("受理时间", "来电时间", "登记时间"),
        "dispatched": ("派单时间", "派发时间"),
        "responded": ("签收时间", "响应时间", "联系时间"),
        "closed": ("办结时间", "结案时间"),
        "category": ("诉求类型", "工单类型", "类别"),
        "topic": ("诉求主题", "主题", "问题分类"),
        "department": ("承办部门", "承办单位", "部门"),
        "transfers": ("转派次数",),
        "resolved": ("是否解决", "解决"),
        "satisfied": ("是否满意", "回访满意"),
        "deadline_hours": ("办理时限", "时限小时", "时限"),
        "text": ("诉求内容", "来电内容", "工单内容"),
        "text_masked": ("诉求内容（已脱敏）",),
    },
}
"""Common Chinese headers of each schema column (compared after NFKC, trimming and removing a
leading question number such as ``"12. "`` or ``"Q3、"``)."""

_NUMBERING = re.compile(r"^\s*(?:[QqＱ]?\d+\s*[\.、:：)）]\s*)")


def _norm(header: object) -> str:
    text = unicodedata.normalize("NFKC", str(header)).strip()
    return _NUMBERING.sub("", text).strip().lower()


def guess_mapping(headers: Sequence[object], kind: str) -> dict[str, str]:
    """A first mapping ``{source header: schema column}`` from a file's headers.

    Parameters
    ----------
    headers : sequence
        The file's column headers, in order.
    kind : {"survey", "ratings", "tickets"}
        The kind of export.

    Returns
    -------
    dict
        Source header → schema column of :mod:`helpers.io`, in header order. A header that
        already is a schema column maps onto itself; otherwise a header equal to one of
        :data:`SYNONYMS` (after normalisation) maps onto its column. Each schema column is
        used once (the first matching header wins); the rest is left unmapped (ignored).

    Notes
    -----
    Only exact names are recognised: a 问卷星 export whose headers are the question texts needs
    a mapping file (``--mapping``), which the report writes for the next run. Guessing from
    partial words would risk a silent misread, which the loaders exist to prevent.

    Examples
    --------
    >>> guess_mapping(["序号", "1. 总体满意度", "P1", "备注"], "survey")
    {'序号': 'respondent_id', '1. 总体满意度': 'satisfaction', 'P1': 'P1'}
    """
    schema = KINDS[kind]
    lookup = {s.lower(): s for s in schema}
    for column, names in SYNONYMS[kind].items():
        for name in names:
            lookup.setdefault(_norm(name), column)
    out: dict[str, str] = {}
    used: set[str] = set()
    for h in headers:
        col = lookup.get(str(h).strip().lower()) or lookup.get(_norm(h))
        if col is not None and col not in used:
            out[str(h)] = col
            used.add(col)
    return out


def detect_kind(headers: Sequence[object], path: str | Path | None = None) -> str | None:
    """Guess the kind of an export from its headers (``None`` when it cannot tell).

    Parameters
    ----------
    headers : sequence
        The file's column headers.
    path : str or Path, optional
        The file (a ``.parquet`` file is a rating log: only ratings go through DuckDB).

    Returns
    -------
    str or None
        ``"survey"`` (at least two E/P items or a satisfaction column), ``"ratings"`` (a grade
        and a window or a time), ``"tickets"`` (a received time, or a ticket id with a closing
        time), or ``None`` when no kind fits or two fit equally.

    Notes
    -----
    The score of a kind is the number of its key columns the headers map onto
    (:func:`guess_mapping`); the highest score wins when it reaches the kind's minimum. A tie
    or no fit returns ``None`` and the command asks for ``--kind``.

    Examples
    --------
    >>> detect_kind(["评价时间", "窗口", "评价"])
    'ratings'
    >>> detect_kind(["ticket_id", "received", "closed"])
    'tickets'
    >>> detect_kind(["a", "b"]) is None
    True
    """
    if path is not None and str(path).lower().endswith(".parquet"):
        return "ratings"
    scores: dict[str, int] = {}
    m = set(guess_mapping(headers, "survey").values())
    items = sum(1 for c in m if re.fullmatch(r"[EP]\d+", c))
    scores["survey"] = items + 2 * ("satisfaction" in m) if (items >= 2 or "satisfaction" in m) else 0
    m = set(guess_mapping(headers, "ratings").values())
    scores["ratings"] = (2 * ("grade" in m) + ("window" in m) + ("time" in m)
                         if "grade" in m and ({"window", "time"} & m) else 0)
    m = set(guess_mapping(headers, "tickets").values())
    scores["tickets"] = (2 * ("received" in m) + ("closed" in m) + ("ticket_id" in m)
                         + ("category" in m) if "received" in m else 0)
    best = max(scores.values())
    winners = [k for k, v in scores.items() if v == best]
    return winners[0] if best > 0 and len(winners) == 1 else None
