"""Simulated complaint texts of the 12345 hotline tickets: templates with variation, and noise.

The texts are built from parts (an opener, a situation sentence of the ticket's category that
names the topic in one of several wordings, a closing request), so that the same category is
written in many ways and some wordings are shared by two categories (投诉 and 求助 both ask for
quick handling, 投诉 and 举报 both ask for strict handling). A share of tickets (``mislabel_rate``)
is written in the words of another category than the one the operator recorded: real tickets are
often mixed, and the recorded label is a judgement. :func:`noisy_text` adds what makes real texts
hard to classify: typos (同音错字), dialect words, a second topic, and very short texts.

Everything here is invented for teaching; no text comes from a real ticket.
"""

from __future__ import annotations

import re

import numpy as np

from helpers._validate import HelpersError

__all__ = ["TOPIC_PHRASES", "CATEGORY_TEMPLATES", "HOMOPHONE_TYPOS", "DIALECT_WORDS",
           "ticket_text", "noisy_text"]

TOPIC_PHRASES: dict[str, tuple[str, ...]] = {
    "噪音扰民": ("楼上装修噪音", "夜间施工噪音", "广场舞音响太吵", "商铺外放音乐噪音"),
    "道路破损": ("路面坑洼", "人行道地砖松动", "井盖破损", "道路塌陷"),
    "物业纠纷": ("物业费收费不合理", "物业不管电梯维修", "物业公司乱收停车费", "小区物业服务差"),
    "社保缴费": ("社保断缴", "灵活就业社保缴费", "社保补缴", "社保卡激活"),
    "医保报销": ("医保异地报销", "门诊费用医保报销", "医保卡结算失败", "住院医保报销比例"),
    "公积金提取": ("公积金提取", "租房提取公积金", "公积金贷款", "公积金账户转移"),
    "户籍办理": ("户口迁移", "新生儿落户", "身份证补办", "居住证办理"),
    "不动产登记": ("不动产登记", "房产证办理", "不动产权证书", "二手房过户登记"),
    "食品安全": ("餐馆卫生差", "超市卖过期食品", "外卖食品变质", "无证摊贩卖熟食"),
    "拖欠工资": ("公司拖欠工资", "工地拖欠农民工工资", "离职后不发工资", "老板欠薪"),
    "停车管理": ("乱停车堵住消防通道", "小区门口违停", "停车位被占", "路边停车收费"),
    "垃圾清运": ("垃圾没人清运", "垃圾桶满了没人收", "建筑垃圾乱堆", "垃圾分类点发臭"),
    "供水停水": ("突然停水", "水压太低", "自来水发黄", "停水没有通知"),
}
"""Wordings of each topic (a template names the topic in one of them)."""

_OPENERS = ("", "", "", "您好，", "你好，", "我想反映一下，", "打扰一下，", "喂，")

CATEGORY_TEMPLATES: dict[str, dict[str, tuple[str, ...]]] = {
    "咨询": {
        "situation": ("想问一下{w}怎么办理", "{w}需要准备哪些材料", "{w}能不能在一网通办上办",
                      "{w}现在要去哪个窗口", "{w}的办理时限是多久", "我这种{w}的情况符合政策吗",
                      "{w}要不要预约", "请问{w}在网上哪里申请"),
        "request": ("麻烦告知一下。", "请给个答复。", "谢谢。", "。", "能不能回个电话说明一下？"),
    },
    "求助": {
        "situation": ("{place}{w}，已经{days}天了", "家里老人遇到{w}的问题，自己解决不了",
                      "{w}，我们找不到人管", "{place}这边{w}，生活很不方便",
                      "{place}{w}，孩子老人都受影响", "{w}的事实在没办法了"),
        "request": ("请尽快帮忙解决。", "希望有关部门帮帮忙。", "请派人来看看。",
                    "拜托帮忙协调一下。", "请尽快处理。"),
    },
    "投诉": {
        "situation": ("{place}{w}，反映过好几次都没人处理", "对{w}的处理结果不满意",
                      "{w}，工作人员态度很差，推来推去", "为了{w}跑了{days}趟还没办成",
                      "{place}{w}，打过12345也没用", "{w}的事一直拖着不办"),
        "request": ("要求给个说法。", "希望严肃处理。", "请尽快处理并回复。", "我要投诉。",
                    "请尽快处理。"),
    },
    "举报": {
        "situation": ("{place}有人{w}", "发现{place}存在{w}的违规行为", "{place}{w}，怀疑有人违法",
                      "实名反映{place}{w}的问题", "{place}{w}，有人违规操作"),
        "request": ("希望依法查处。", "请相关部门核实处理。", "请调查一下。", "希望严肃处理。"),
    },
    "建议": {
        "situation": ("{w}能不能增加网上办理", "{w}的流程太复杂，可以简化", "在{place}设一个{w}的便民服务点",
                      "{w}的办理时限应该公开", "{w}可以纳入接诉即办的快速通道"),
        "request": ("建议改进。", "希望采纳。", "供参考。", "请考虑一下。", "谢谢。"),
    },
}
"""Per category: situation sentences (``{w}`` = a wording of the topic, ``{place}``, ``{days}``)
and closing requests. Some requests are shared by two categories on purpose."""

HOMOPHONE_TYPOS: dict[str, str] = {
    "反映": "反应", "已经": "以经", "办理": "半理", "材料": "才料", "部门": "步门", "处理": "处里",
    "希望": "稀望", "解决": "结决", "噪音": "躁音", "垃圾": "拉圾", "物业": "物页", "投诉": "投述",
    "举报": "举抱", "建议": "建意", "咨询": "资询", "帮忙": "帮盲", "麻烦": "麻凡", "社保": "社包",
    "公积金": "公基金", "工作人员": "工做人员", "态度": "太度", "发现": "发先", "违规": "违归",
    "查处": "察处", "预约": "预越", "简化": "减化", "工资": "工姿", "不满意": "不蛮意",
}
"""Common typing errors of a pinyin input method (same or similar sound), word → typo."""

DIALECT_WORDS: dict[str, tuple[str, ...]] = {
    "什么": ("啥", "么子"), "怎么": ("咋", "点样"), "没有": ("冇", "没得"), "我们": ("俺们", "阿拉"),
    "很": ("老", "贼"), "这边": ("这嘎达", "这旮旯"), "一下": ("一哈",), "不知道": ("晓不得",),
    "不": ("莫",), "太": ("忒",), "吵": ("闹腾",), "孩子": ("娃",),
}
"""Standard word → dialect forms (北方、西南、吴、粤 words, as heard on a hotline)."""

_FILLERS = ("那个，", "就是说，", "嗯，", "怎么说呢，")


def ticket_text(category: str, topic: str, rng: np.random.Generator, *, place: str,
                days: int, opener: bool = True) -> str:
    """One clean ticket text of ``category`` about ``topic`` (opener + situation + request).

    Parameters
    ----------
    category : str
        A key of :data:`CATEGORY_TEMPLATES`.
    topic : str
        A key of :data:`TOPIC_PHRASES`.
    rng : numpy.random.Generator
        Random generator (choice of wording).
    place : str
        Place name put into ``{place}``.
    days : int
        Number put into ``{days}``.
    opener : bool, default True
        Start with a greeting drawn from the openers (one in three texts has none).

    Returns
    -------
    str
        The text, e.g. ``"您好，楼上装修噪音，反映过好几次都没人处理，希望严肃处理。"``.

    Notes
    -----
    Opener, situation and request are drawn uniformly from their lists; the topic is named by
    one of its wordings in :data:`TOPIC_PHRASES`.

    Examples
    --------
    >>> t = ticket_text("咨询", "社保缴费", np.random.default_rng(1), place="建设街", days=3)
    >>> any(w in t for w in TOPIC_PHRASES["社保缴费"])
    True
    """
    tpl = CATEGORY_TEMPLATES[category]
    w = TOPIC_PHRASES[topic][rng.integers(len(TOPIC_PHRASES[topic]))]
    situation = tpl["situation"][rng.integers(len(tpl["situation"]))].format(
        w=w, place=place, days=days)
    request = tpl["request"][rng.integers(len(tpl["request"]))]
    start = _OPENERS[rng.integers(len(_OPENERS))] if opener else ""
    sep = "" if request.startswith("。") else "，"
    return f"{start}{situation}{sep}{request}"


_TYPO_RE = re.compile("|".join(sorted(map(re.escape, HOMOPHONE_TYPOS), key=len, reverse=True)))
_DIALECT_RE = re.compile("|".join(sorted(map(re.escape, DIALECT_WORDS), key=len, reverse=True)))


def noisy_text(texts: list[str], strength: float, seed: int | np.random.Generator = 0, *,
               topics: list[str] | None = None) -> list[str]:
    """Add realistic noise to clean ticket texts: typos, dialect, a second topic, short texts.

    Parameters
    ----------
    texts : list of str
        Clean texts (e.g. from :func:`ticket_text`).
    strength : float
        0 (no noise, the texts are returned unchanged) to 1 (strong noise).
    seed : int or numpy.random.Generator, default 0
        Random generator of the noise (its own stream: the rest of a dataset does not change).
    topics : list of str, optional
        The tickets' topics; a mixed ticket then adds a sentence about another topic.

    Returns
    -------
    list of str
        The noisy texts, same length and order.

    Notes
    -----
    With strength ``s``, independently per text: with probability ``0.3·s`` the text becomes
    very short (only the topic wording and a particle, e.g. ``"社保断缴的事。"``); otherwise each
    word of :data:`HOMOPHONE_TYPOS` is replaced by its typo with probability ``0.6·s``, each
    word of :data:`DIALECT_WORDS` by a dialect form with probability ``0.6·s``, a filler
    (那个，嗯，) is put in front with probability ``0.3·s``, and with probability ``0.4·s`` a
    sentence of a random other category about another topic is appended (另外，…). Digits and
    the masks ``*`` are never changed.

    Examples
    --------
    >>> noisy_text(["您好，想问一下社保补缴怎么办理，麻烦告知一下。"], 0.0)
    ['您好，想问一下社保补缴怎么办理，麻烦告知一下。']
    >>> out = noisy_text(["您好，想问一下社保补缴怎么办理，麻烦告知一下。"] * 50, 1.0, seed=1)
    >>> sum(o != "您好，想问一下社保补缴怎么办理，麻烦告知一下。" for o in out) > 40
    True
    """
    s = float(strength)
    if not 0 <= s <= 1:
        raise HelpersError(f"噪声强度必须在 0 到 1 之间 (strength must be in [0, 1], got {strength})")
    if s == 0:
        return list(texts)
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    cats = list(CATEGORY_TEMPLATES)
    all_topics = list(TOPIC_PHRASES)
    out = []
    for i, text in enumerate(texts):
        u = rng.random(5)
        topic = topics[i] if topics is not None else None
        if u[0] < 0.3 * s:
            phrases = TOPIC_PHRASES.get(topic) if topic else None
            if phrases:
                w = phrases[rng.integers(len(phrases))]
            else:
                w = re.split(r"[，。？！]", text.lstrip("您好你喂，"))[0][:8]
            ending = ("的事。", "。", "，怎么办？", "还没弄好。")[rng.integers(4)]
            out.append(w + ending)
            continue
        text = _TYPO_RE.sub(lambda m: HOMOPHONE_TYPOS[m.group()] if rng.random() < 0.6 * s
                            else m.group(), text)
        text = _DIALECT_RE.sub(
            lambda m: DIALECT_WORDS[m.group()][rng.integers(len(DIALECT_WORDS[m.group()]))]
            if rng.random() < 0.6 * s else m.group(), text)
        if u[1] < 0.3 * s:
            text = _FILLERS[rng.integers(len(_FILLERS))] + text
        if u[2] < 0.4 * s:
            other_cat = cats[rng.integers(len(cats))]
            other_topic = all_topics[rng.integers(len(all_topics))]
            extra = ticket_text(other_cat, other_topic, rng, place="", days=int(rng.integers(2, 9)),
                                opener=False)
            text = text.rstrip("。？") + "。另外，" + extra
        out.append(text)
    return out
