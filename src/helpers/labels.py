"""Chinese names of dimensions, items, grades and columns, and the standard SERVQUAL item map.

The item map follows the 22-item SERVQUAL scale (Parasuraman, Zeithaml & Berry 1988; item wording
of the 1991 revision): Tangibles items 1–4, Reliability 5–9, Responsiveness 10–13, Assurance
14–17, Empathy 18–22. Column names in the package's survey schema are ``E1``…``E22`` for
expectations and ``P1``…``P22`` for perceptions.
"""

from __future__ import annotations

DIMENSIONS: tuple[str, ...] = ("tangibles", "reliability", "responsiveness", "assurance", "empathy")
"""The five SERVQUAL dimensions (RATER), in the order of the scale."""

DIMENSION_LABELS: dict[str, str] = {
    "tangibles": "有形性",
    "reliability": "可靠性",
    "responsiveness": "响应性",
    "assurance": "保证性",
    "empathy": "移情性",
}

ITEM_DIMENSION: dict[int, str] = {
    **{i: "tangibles" for i in range(1, 5)},
    **{i: "reliability" for i in range(5, 10)},
    **{i: "responsiveness" for i in range(10, 14)},
    **{i: "assurance" for i in range(14, 18)},
    **{i: "empathy" for i in range(18, 23)},
}
"""Standard item → dimension map (item numbers 1–22)."""

ITEM_LABELS: dict[int, str] = {
    1: "设备现代化",
    2: "设施美观",
    3: "员工仪表整洁",
    4: "办事指南等材料清晰美观",
    5: "按承诺时间办结",
    6: "真诚帮助解决问题",
    7: "一次办对",
    8: "按时提供服务",
    9: "记录准确无误",
    10: "告知确切办理时间",
    11: "服务迅速",
    12: "总是乐于帮助",
    13: "再忙也及时回应",
    14: "工作人员令人信任",
    15: "办事有安全感",
    16: "始终礼貌",
    17: "有能力解答问题",
    18: "给予个别关注",
    19: "办公时间方便",
    20: "工作人员个性化关怀",
    21: "以群众利益为重",
    22: "了解群众具体需求",
}
"""Short Chinese glosses of the 22 items (own wording, after the 1991 positive item set)."""

RATING_GRADES: tuple[str, ...] = ("非常满意", "满意", "基本满意", "不满意", "非常不满意")
"""The five grades of the 政务服务"好差评" system, best first (国办发〔2019〕51号; GB/T 39734-2020)."""

RATING_SCORE: dict[str, int] = {g: 5 - i for i, g in enumerate(RATING_GRADES)}
"""Grade → stars (非常满意 = 5 … 非常不满意 = 1)."""

COLUMN_LABELS: dict[str, str] = {
    "respondent_id": "受访者编号",
    "wave": "调查轮次",
    "channel": "信息渠道",
    "region": "地区",
    "age_group": "年龄组",
    "visits": "以往办事次数",
    "satisfaction": "总体满意度",
    "trust": "对中心的信任",
    "expectation": "期望 E",
    "perception": "感知 P",
    "gap": "差距 P−E",
    "estimate": "估计值",
    "ci_low": "置信区间下限",
    "ci_high": "置信区间上限",
    "n": "样本量",
}


def item_columns(prefix: str, items: range | list[int] | None = None) -> list[str]:
    """Column names of SERVQUAL items, e.g. ``item_columns("E")`` → ``['E1', …, 'E22']``.

    Parameters
    ----------
    prefix : str
        Column prefix: ``"E"`` for expectations, ``"P"`` for perceptions (any text is accepted,
        e.g. ``"imp_"``).
    items : range or list of int, optional
        Item numbers, in the order wanted. Default: all 22 items, ``range(1, 23)``.

    Returns
    -------
    list of str
        ``prefix`` followed by each item number, in the order of ``items``.

    Notes
    -----
    The package's survey schema names item i of the 22-item SERVQUAL scale (Parasuraman,
    Zeithaml & Berry 1988, Journal of Retailing 64(1):12–40) ``E{i}`` and ``P{i}``. Numbers are
    not checked against 1–22, so a shortened or extended scale works too.

    Examples
    --------
    >>> item_columns("P", [1, 2])
    ['P1', 'P2']
    >>> len(item_columns("E")), item_columns("E")[-1]
    (22, 'E22')
    """
    items = range(1, 23) if items is None else items
    return [f"{prefix}{i}" for i in items]


def dimension_items(dimension: str, item_map: dict[int, str] | None = None) -> list[int]:
    """Item numbers of one dimension under ``item_map`` (default: the standard map).

    Parameters
    ----------
    dimension : str
        Dimension code, e.g. ``"reliability"`` (one of :data:`DIMENSIONS` for the standard map).
    item_map : dict of int to str, optional
        Item number → dimension code. Default: :data:`ITEM_DIMENSION`.

    Returns
    -------
    list of int
        The item numbers mapped to ``dimension``, in the order of ``item_map``; empty when no
        item belongs to it (an unknown dimension is not an error).

    Notes
    -----
    Standard map (Parasuraman, Zeithaml & Berry 1988, Journal of Retailing 64(1):12–40; item
    order of the 1991 revision, Journal of Retailing 67(4):420–450): tangibles 1–4, reliability
    5–9, responsiveness 10–13, assurance 14–17, empathy 18–22.

    Examples
    --------
    >>> dimension_items("tangibles")
    [1, 2, 3, 4]
    >>> dimension_items("empathy")
    [18, 19, 20, 21, 22]
    >>> dimension_items("speed", {1: "speed", 2: "price", 3: "speed"})
    [1, 3]
    """
    item_map = ITEM_DIMENSION if item_map is None else item_map
    return [i for i, d in item_map.items() if d == dimension]
