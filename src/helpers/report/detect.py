"""Which kind of export a file is, and a first mapping of its headers onto the package's schema."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from pathlib import Path

from helpers._validate import HelpersError
from helpers.io import RATINGS_SCHEMA, SURVEY_SCHEMA, TICKETS_SCHEMA
from helpers.labels import ITEM_DIMENSION, ITEM_LABELS

__all__ = ["KINDS", "SYNONYMS", "DraftError", "detect_kind", "draft_items", "guess_mapping"]

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


class DraftError(HelpersError):
    """The question-text headers cannot be paired without guessing (message says which)."""


_MARK = re.compile(r"[\(（\[【]\s*(期望|期待|预期|感知|实际|实际感受|表现)\s*[\)）\]】]\s*$")
_E_WORDS = ("期望", "期待", "预期", "应当", "应该", "优秀的")
_P_WORDS = ("感知", "实际", "本中心", "该中心", "这个中心")


def _item_side(header: str) -> tuple[str, str] | None:
    """('E' or 'P', stem) of a question-text header, or None when it is not an E/P item."""
    text = _norm(header)
    m = _MARK.search(text)
    if m:
        side = "E" if m.group(1) in ("期望", "期待", "预期") else "P"
        return side, text[:m.start()].strip(" ：:-_")
    parts = re.split(r"[：:]", text)
    if len(parts) < 2 or not parts[-1].strip():
        return None
    lead = "".join(parts[:-1])
    e, p = any(w in lead for w in _E_WORDS), any(w in lead for w in _P_WORDS)
    if e == p:
        return None
    return ("E" if e else "P"), parts[-1].strip()


def draft_items(headers: Sequence[object]) -> tuple[dict[str, str], list[str]]:
    """A draft mapping of 问卷星 question-text headers onto the E/P items.

    Parameters
    ----------
    headers : sequence
        The headers not mapped otherwise (e.g. by :func:`guess_mapping`).

    Returns
    -------
    (dict, list of str)
        Source header → ``E<k>``/``P<k>``, and notes for the report (unpaired questions,
        how the item numbers were chosen). Empty when no header looks like an E/P item.

    Raises
    ------
    DraftError
        When the pairing would be a guess: two expectation (or two perception) questions
        with the same wording, or more than 22 pairs.

    Notes
    -----
    A header is an expectation (E) or perception (P) question when it ends with a marker
    such as ``(期望)`` / ``(感知)`` / ``（实际）``, or when the text before its last colon says
    so (期望/应当/优秀的… for E, 感知/实际/本中心… for P; both or neither: not an item). The
    stem is the text without the question number and the marker (or the text after the
    colon). An E and a P question are paired only when their stems are identical; an
    unpaired question is left unmapped and listed. Item numbers: the standard item whose
    label (:data:`helpers.labels.ITEM_LABELS`) equals the stem when every stem is one;
    otherwise 1, 2, … in questionnaire order, and the dimensions then follow the standard
    SERVQUAL order (E1–E4 有形性 …) only if the questionnaire keeps it — the note says to
    check. Numbered ``Q3_1``-style headers carry no wording and are never paired.

    Examples
    --------
    >>> m, notes = draft_items(["1、办理业务前，窗口人员主动告知所需材料(期望)",
    ...                         "2、办理业务前，窗口人员主动告知所需材料(感知)", "备注"])
    >>> m
    {'1、办理业务前，窗口人员主动告知所需材料(期望)': 'E1', '2、办理业务前，窗口人员主动告知所需材料(感知)': 'P1'}
    >>> draft_items(["7、您认为优秀的中心应当：设备现代化", "29、本中心：设备现代化"])[0]
    {'7、您认为优秀的中心应当：设备现代化': 'E1', '29、本中心：设备现代化': 'P1'}
    """
    sides: dict[str, dict[str, str]] = {"E": {}, "P": {}}
    order: list[str] = []
    for h in headers:
        got = _item_side(str(h))
        if got is None or not got[1]:
            continue
        side, stem = got
        if stem in sides[side]:
            which = "期望" if side == "E" else "感知"
            raise DraftError(
                f"有两道{which}题的文字相同（{sides[side][stem]!r} 与 {str(h)!r}），无法确定配对；"
                f"请写映射文件并用 --mapping 传入 (two {'expectation' if side == 'E' else 'perception'}"
                f" questions have the same wording: {sides[side][stem]!r} and {str(h)!r}; write a "
                f"mapping file and pass --mapping)")
        sides[side][stem] = str(h)
        if stem not in order:
            order.append(stem)
    pairs = [s for s in order if s in sides["E"] and s in sides["P"]]
    notes = [f"未能配对，未映射：{sides[side][s]}（只有{'期望' if side == 'E' else '感知'}题）"
             for s in order for side in "EP" if s in sides[side] and s not in pairs]
    if not pairs:
        return {}, notes
    if len(pairs) > 22:
        raise DraftError(f"找到 {len(pairs)} 对期望/感知题，多于 SERVQUAL 的 22 题；请写映射文件 "
                         f"(found {len(pairs)} E/P pairs, more than 22: write a mapping file)")
    label_no = {_norm(v): k for k, v in ITEM_LABELS.items()}
    if all(s in label_no for s in pairs) and len({label_no[s] for s in pairs}) == len(pairs):
        number = {s: label_no[s] for s in pairs}
        notes.append("题号按标准 SERVQUAL 题目的文字确定，维度随之确定 (items recognised by "
                     "their wording)")
    else:
        number = {s: k for k, s in enumerate(pairs, 1)}
        dims = "、".join(f"E{min(k for k, d in ITEM_DIMENSION.items() if d == dim)}–"
                        f"E{max(k for k, d in ITEM_DIMENSION.items() if d == dim)} {dim}"
                        for dim in dict.fromkeys(ITEM_DIMENSION.values()))
        notes.append(f"题号按问卷顺序编为 1–{len(pairs)}；维度按标准顺序（{dims}）计算，"
                     f"若问卷顺序不同请在映射中改题号 (items numbered in questionnaire order: "
                     f"check the dimensions)")
    out: dict[str, str] = {}
    for s in pairs:
        out[sides["E"][s]] = f"E{number[s]}"
        out[sides["P"][s]] = f"P{number[s]}"
    return out, notes


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
    try:
        m |= set(draft_items(headers)[0].values())
    except DraftError:
        m |= {"E0", "P0"}                      # clearly a survey; the draft reports the problem
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
