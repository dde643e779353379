"""Situational crisis communication theory (SCCT): crisis type and intensifiers → response posture.

The rules of Coombs (2007, *Corporate Reputation Review* 10(3): 163–176), kept as data:

1. the **crisis type** sets the initial responsibility the public attributes to the organisation;
   the types fall into three clusters — victim (very little responsibility), accidental (low)
   and preventable (strong);
2. two **intensifiers** — a history of similar crises and a poor prior reputation — raise the
   reputational threat by one step;
3. the response **posture** is matched to the threat: instructing and adjusting information
   always comes first (protect people before the reputation); then nothing more (victim, no
   intensifier), *diminish* (victim with an intensifier, accidental without), or *rebuild*
   (accidental with an intensifier, any preventable crisis); *deny* only for rumours and
   unwarranted challenges, and never mixed with diminish or rebuild; *bolstering* only as a
   supplement.

Objects:

CRISIS_TYPES
    Crisis type (Chinese) → cluster code.
CLUSTERS, POSTURES
    Codes → Chinese labels (with the strategies each posture contains).
scct_recommendation
    The tidy table of postures for one crisis type, history and reputation, with the reasoning.
"""

from __future__ import annotations

import pandas as pd

from helpers._validate import HelpersError

__all__ = ["CRISIS_TYPES", "CLUSTERS", "POSTURES", "ROLES", "scct_recommendation"]

CLUSTERS: dict[str, dict[str, str]] = {
    "victim": {"zh": "受害型", "attribution": "很弱", "threat": "轻微"},
    "accidental": {"zh": "意外型", "attribution": "较弱", "threat": "中等"},
    "preventable": {"zh": "可预防型", "attribution": "强", "threat": "严重"},
}
"""Cluster code → Chinese name, initial attribution of responsibility and reputational threat
(Coombs 2007)."""

CRISIS_TYPES: dict[str, str] = {
    "自然灾害": "victim",
    "谣言": "victim",
    "工作场所暴力": "victim",
    "外部恶意破坏": "victim",
    "指责与质疑": "accidental",
    "技术故障事故": "accidental",
    "技术故障造成的损害": "accidental",
    "人为失误事故": "preventable",
    "人为失误造成的损害": "preventable",
    "违规行为（无人受伤）": "preventable",
    "管理人员失当行为": "preventable",
    "违规行为（有人受伤）": "preventable",
}
"""Crisis type (Chinese) → cluster, after Coombs (2007); “外部恶意破坏” is product tampering /
malevolence, “指责与质疑” the challenge crisis (stakeholders say the organisation acts
improperly), the last three the organisational-misdeed types."""

POSTURES: dict[str, dict[str, str]] = {
    "instructing": {"zh": "指导与调适信息", "strategies": "告诉公众怎样保护自己、发生了什么、正在做什么；表达关切"},
    "deny": {"zh": "否认", "strategies": "澄清不实信息；否认存在危机；（攻击指责者、找替罪羊）"},
    "diminish": {"zh": "淡化", "strategies": "说明并非有意或无法控制（辩解）；说明损害有限（合理化）"},
    "rebuild": {"zh": "重建", "strategies": "道歉、承担责任；补偿受影响的人"},
    "bolster": {"zh": "强化", "strategies": "提醒过往的好做法；感谢公众和支援者；说明组织同样是受害者"},
}
"""Posture code → Chinese name and the strategies it contains (Coombs 2007; paraphrased)."""

ROLES: dict[str, str] = {"first": "首先做", "primary": "主要策略", "conditional": "视情况",
                         "supplement": "辅助", "not_needed": "不需要", "avoid": "不宜"}
"""Role of a posture in the recommendation → Chinese label."""

_DENY_TYPES = ("谣言", "指责与质疑")


def scct_recommendation(crisis_type: str, *, history: bool = False,
                        poor_reputation: bool = False) -> pd.DataFrame:
    """The SCCT response postures for one crisis, with the reasoning in Chinese.

    Parameters
    ----------
    crisis_type : str
        One of :data:`CRISIS_TYPES` (e.g. ``"谣言"``, ``"技术故障事故"``, ``"人为失误事故"``).
    history : bool, default False
        The organisation has had similar crises before (an intensifier).
    poor_reputation : bool, default False
        The organisation's prior reputation is poor (an intensifier).

    Returns
    -------
    pandas.DataFrame
        One row per posture (``instructing``, ``deny``, ``diminish``, ``rebuild``, ``bolster``):

        - ``crisis_type``, ``cluster`` (``victim``/``accidental``/``preventable``),
          ``cluster_zh``, ``attribution`` (initial responsibility: 很弱/较弱/强)
        - ``intensified`` : history or poor reputation
        - ``threat`` : reputational threat after the intensifiers (轻微/中等/严重)
        - ``posture``, ``posture_zh``, ``strategies`` : the posture and what it contains
        - ``role`` : ``first``, ``primary``, ``conditional``, ``supplement``, ``not_needed`` or
          ``avoid``; ``role_zh`` its Chinese label
        - ``reason`` : why, in Chinese

    Notes
    -----
    Coombs (2007, *Corporate Reputation Review* 10(3): 163–176), the SCCT guidelines: (1)
    instructing and adjusting information first, and alone enough for a victim crisis without
    history and with a neutral or good reputation; (2) victimage (a bolstering strategy) for
    victim crises; (3) diminish for a victim crisis with history or poor reputation; (4) diminish
    for an accidental crisis without them; (5) rebuild for an accidental crisis with history or
    poor reputation; (6) rebuild for every preventable crisis; (7) deny for rumours and
    challenges when possible (only where no crisis exists, i.e. the claim is false or
    unwarranted); (8) do not mix deny with diminish or rebuild; bolstering only supplements. The
    threat rises one step (at most to 严重) with an intensifier. The Chinese type names and the
    public-sector wording are this course's.

    Examples
    --------
    >>> r = scct_recommendation("技术故障事故")
    >>> r.loc[r["role"] == "primary", "posture"].tolist()
    ['diminish']
    >>> r = scct_recommendation("技术故障事故", history=True)
    >>> r.loc[r["role"] == "primary", "posture"].tolist()
    ['rebuild']
    >>> scct_recommendation("谣言").set_index("posture").loc["deny", "role"]
    'conditional'
    """
    if not isinstance(crisis_type, str) or crisis_type not in CRISIS_TYPES:
        raise HelpersError(f"未知的危机类型 {crisis_type!r}，可选：{'、'.join(CRISIS_TYPES)} "
                           f"(unknown crisis_type {crisis_type!r}; one of {list(CRISIS_TYPES)})")
    for name, value in (("history", history), ("poor_reputation", poor_reputation)):
        if not isinstance(value, bool):
            raise HelpersError(f"{name} 必须是 True 或 False ({name} must be a bool, got {value!r})")
    cluster = CRISIS_TYPES[crisis_type]
    info = CLUSTERS[cluster]
    intensified = history or poor_reputation
    levels = ["轻微", "中等", "严重"]
    base = list(CLUSTERS).index(cluster)
    threat = levels[min(base + int(intensified), 2)]
    why_int = "、".join(w for w, on in (("有过类似危机", history), ("此前声誉不佳", poor_reputation))
                        if on)
    situation = (f"“{crisis_type}”属于{info['zh']}危机，公众最初归于组织的责任{info['attribution']}"
                 + (f"；{why_int}会加重声誉威胁，威胁升为{threat}" if intensified
                    else f"；没有加重因素，声誉威胁{threat}"))

    if cluster == "preventable" or (cluster == "accidental" and intensified):
        primary = "rebuild"
    elif cluster == "accidental" or intensified:
        primary = "diminish"
    else:
        primary = None

    rows: list[tuple[str, str, str]] = [(
        "instructing", "first",
        "任何危机都先保护公众：说明发生了什么、公众该怎么做、正在采取哪些措施，并表达关切。"
        + ("对这类危机，这些信息本身往往就够了。" if primary is None else ""))]
    deny_ok = crisis_type in _DENY_TYPES
    rows.append(("deny", "conditional" if deny_ok else "avoid",
                 "只有在信息确实不实、指责确实没有根据时才澄清、否认；一旦事实有问题，否认会严重损害公信力，"
                 "也不要与淡化或重建混用。" if deny_ok else
                 "危机确实存在，否认会被视为推卸责任；也不要与淡化或重建混用。"))
    if primary == "diminish":
        why = ("意外型危机责任较弱，可以说明原因并非有意、影响的范围，但要真实，不能回避。"
               if cluster == "accidental" else
               "受害型危机本来责任很弱，但加重因素使公众更容易追问组织，要说明组织已尽责、损害有限。")
        rows.append(("diminish", "primary", why))
        rows.append(("rebuild", "not_needed",
                     "当前威胁不需要承担全部责任；若调查发现组织确有过失，应转向道歉和补偿。"))
    elif primary == "rebuild":
        why = ("可预防型危机责任强：应道歉、承担责任，并补偿受影响的人。" if cluster == "preventable"
               else "意外型危机加上加重因素，威胁升高：需要道歉和补偿，仅作解释不足以修复信任。")
        rows.append(("diminish", "avoid" if cluster == "preventable" else "not_needed",
                     "在责任明确时辩解或淡化，会被看作推卸责任。" if cluster == "preventable"
                     else "单靠解释原因已不够，解释只能与道歉和补偿一起出现。"))
        rows.append(("rebuild", "primary", why))
    else:
        rows.append(("diminish", "not_needed", "责任很弱又没有加重因素，不需要额外解释责任。"))
        rows.append(("rebuild", "not_needed", "组织不是过错方，不需要道歉和补偿（关切仍要表达）。"))
    rows.append(("bolster", "supplement",
                 "只能作补充：感谢各方、提醒过往的好做法；受害型危机可以说明组织同样是受害者。"
                 if cluster == "victim" else
                 "只能作补充：感谢各方、提醒过往的好做法，不能代替主要策略。"))
    out = pd.DataFrame(rows, columns=["posture", "role", "reason"])
    out["reason"] = situation + "。" + out["reason"]
    out.insert(0, "threat", threat)
    out.insert(0, "intensified", intensified)
    out.insert(0, "attribution", info["attribution"])
    out.insert(0, "cluster_zh", info["zh"])
    out.insert(0, "cluster", cluster)
    out.insert(0, "crisis_type", crisis_type)
    out.insert(out.columns.get_loc("posture") + 1, "posture_zh",
               out["posture"].map(lambda p: POSTURES[p]["zh"]))
    out.insert(out.columns.get_loc("posture_zh") + 1, "strategies",
               out["posture"].map(lambda p: POSTURES[p]["strategies"]))
    out.insert(out.columns.get_loc("role") + 1, "role_zh", out["role"].map(ROLES))
    return out
