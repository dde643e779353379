"""Generator of the simulated 12345 hotline tickets."""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers.simulate._common import _rng, merge_params

__all__ = [
    "hotline_tickets",
    "hotline_truth",
    "HOTLINE_DEFAULTS",
    "HOTLINE_CATEGORIES",
    "HOTLINE_TOPICS",
]


HOTLINE_CATEGORIES: dict[str, dict] = {
    # share, deadline (hours), base resolution probability (logit scale)
    "咨询": {"share": 0.38, "deadline_hours": 24, "resolve_logit": 2.6},
    "求助": {"share": 0.22, "deadline_hours": 72, "resolve_logit": 1.4},
    "投诉": {"share": 0.26, "deadline_hours": 120, "resolve_logit": 0.9},
    "举报": {"share": 0.08, "deadline_hours": 240, "resolve_logit": 0.6},
    "建议": {"share": 0.06, "deadline_hours": 240, "resolve_logit": 0.8},
}
"""Ticket categories with shares, handling deadlines (illustrative, not an official rule) and
base resolution log-odds."""

HOTLINE_TOPICS: dict[str, tuple[str, str]] = {
    # topic: (responsible department, wrong first department used for transfers)
    "噪音扰民": ("生态环境", "城管执法"),
    "道路破损": ("住建交通", "城管执法"),
    "物业纠纷": ("住建交通", "街道办事处"),
    "社保缴费": ("人社", "医保"),
    "医保报销": ("医保", "人社"),
    "公积金提取": ("公积金", "不动产登记"),
    "户籍办理": ("公安户政", "街道办事处"),
    "不动产登记": ("不动产登记", "住建交通"),
    "食品安全": ("市场监管", "卫生健康"),
    "拖欠工资": ("人社", "市场监管"),
    "停车管理": ("城管执法", "公安交管"),
    "垃圾清运": ("城管执法", "街道办事处"),
    "供水停水": ("水务", "住建交通"),
}

HOTLINE_DEFAULTS: dict = dict(
    n=4_000,
    start="2025-03-01",
    days=122,
    p_transfer_wrong=0.18,
    extra_transfer_rate=0.15,
    transfer_logit=-0.35,
    reach_rate=0.82,
    satisfaction_logit={"intercept": -0.6, "resolved": 2.4, "transfers": -0.45,
                        "overdue": -0.8},
    contact_rates={"mobile": 0.35, "id_card": 0.10, "landline": 0.08, "email": 0.04},
)
"""Default parameters of :func:`hotline_tickets`."""

_PLACES = ["幸福里小区", "阳光花园", "滨江苑", "和平路", "建设街", "东湖新村", "翠竹园",
           "人民路", "新华街道", "锦绣家园"]
_TEXT = {
    "咨询": ["想咨询{topic}需要准备哪些材料，网上能不能办理？",
             "请问{topic}现在在哪个窗口办，需要预约吗？",
             "咨询{topic}的办理时限，之前说五个工作日，现在还没消息。"],
    "求助": ["{place}{topic}问题已经持续{days}天了，家里有老人，请尽快帮忙解决。",
             "{place}出现{topic}情况，自己协调不了，请求相关部门帮助。"],
    "投诉": ["投诉{place}{topic}问题，反映多次没有处理，办事人员推来推去。",
             "对{topic}的处理结果不满意，跑了{days}趟还没办成，要求给个说法。",
             "{place}{topic}严重影响生活，之前打过电话，至今没有回复。"],
    "举报": ["举报{place}存在{topic}相关违规行为，希望依法查处。",
             "实名举报{place}{topic}问题，请核实处理。"],
    "建议": ["建议{topic}增加网上办理渠道，减少群众跑腿。",
             "建议在{place}设置{topic}便民服务点，并公开办理时限。"],
}


def _gb11643_check(body17: str) -> str:
    """Check character of an 18-digit resident ID (GB 11643-1999, ISO 7064 MOD 11-2)."""
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    total = sum(int(c) * w for c, w in zip(body17, weights))
    return "10X98765432"[total % 11]


def _fake_mobile(rng: np.random.Generator) -> str:
    # 1[3-9]x-0000-xxxx: valid in form, with a "0000" middle block that looks reserved
    return f"1{rng.integers(3, 10)}{rng.integers(0, 10)}0000{rng.integers(0, 10_000):04d}"


def _fake_id(rng: np.random.Generator) -> str:
    # region code of a fictional "99" province (no such code exists), valid date, valid check
    region = f"99{rng.integers(0, 10_000):04d}"
    birth = pd.Timestamp("1950-01-01") + pd.Timedelta(days=int(rng.integers(0, 365 * 55)))
    body = f"{region}{birth:%Y%m%d}{rng.integers(0, 1000):03d}"
    return body + _gb11643_check(body)


def _fake_contact(rng: np.random.Generator, rates: dict) -> str:
    parts = []
    if rng.random() < rates["mobile"]:
        parts.append(f"联系电话{_fake_mobile(rng)}")
    if rng.random() < rates["landline"]:
        parts.append(f"座机0{rng.integers(10, 1000):03d}-5550{rng.integers(0, 10_000):04d}")
    if rng.random() < rates["id_card"]:
        parts.append(f"身份证号{_fake_id(rng)}")
    if rng.random() < rates["email"]:
        parts.append(f"邮箱user{rng.integers(100, 1000)}@example.com")
    return ("，".join(parts) + "。") if parts else ""


def _hotline_params(kwargs: dict) -> dict:
    return merge_params(HOTLINE_DEFAULTS, kwargs, nested=("satisfaction_logit",))


def hotline_tickets(n: int = 4_000, seed: int | np.random.Generator | None = 12345,
                    masked: bool = True, **params) -> pd.DataFrame:
    """Simulate 12345 hotline tickets (工单) with a short complaint text.

    Parameters
    ----------
    n : int
        Number of tickets.
    seed : int or numpy.random.Generator
        Seed of the random number generator.
    masked : bool
        If true (default) the text column is ``text_masked``, masked with
        :func:`helpers.privacy.mask_text`. If false it is ``text``: the raw text with FAKE
        phone numbers (``1[3-9]x0000xxxx``), FAKE 18-digit ID numbers (fictional region code
        99…, valid GB 11643 check digit), fake landlines and e-mail addresses — for teaching the
        masking step. Raw text is never written to ``datasets/``.
    **params
        Keys of :data:`HOTLINE_DEFAULTS`: ``p_transfer_wrong`` (share first dispatched to a
        wrong department), ``extra_transfer_rate`` (Poisson rate of further transfers),
        ``transfer_logit`` (change of the resolution log-odds per transfer), ``reach_rate``
        (share reached on call-back), ``satisfaction_logit`` (logistic model of ``satisfied``:
        intercept, resolved, transfers, overdue), ``contact_rates``.

    Returns
    -------
    pandas.DataFrame
        ``ticket_id, received, dispatched, responded, closed`` (ISO strings), ``category, topic,
        department, transfers, resolved, satisfied`` (0/1, missing when not reached),
        ``deadline_hours, text_masked`` (or ``text``).

    Notes
    -----
    ``P(resolved) = logistic(resolve_logit[category] + transfer_logit·transfers)``;
    ``P(satisfied | reached) = logistic(b0 + b1·resolved + b2·transfers + b3·overdue)`` with
    overdue = closed later than ``received + deadline_hours``. Categories follow the five
    kinds of appeals of 接诉即办 (咨询、求助、投诉、举报、建议; domain brief §7.3); the
    deadlines are illustrative.

    Examples
    --------
    >>> df = hotline_tickets(n=200, seed=3)
    >>> list(df.columns)[-1]
    'text_masked'
    >>> bool((pd.to_datetime(df["closed"]) >= pd.to_datetime(df["received"])).all())
    True
    """
    p = _hotline_params(params)
    rng = _rng(seed)
    n = int(n)
    cats = list(HOTLINE_CATEGORIES)
    cat_idx = rng.choice(len(cats), size=n, p=[HOTLINE_CATEGORIES[c]["share"] for c in cats])
    topics = list(HOTLINE_TOPICS)
    topic_idx = rng.integers(0, len(topics), size=n)
    start = pd.Timestamp(p["start"])
    # arrivals: uniform over the period, more by day (7:00-23:00) than by night
    day = rng.integers(0, p["days"], size=n)
    hour = np.where(rng.random(n) < 0.9, rng.uniform(7, 23, n), rng.uniform(0, 24, n))
    received = start + pd.to_timedelta(day * 86_400 + (hour * 3600).astype(np.int64), unit="s")
    wrong_first = rng.random(n) < p["p_transfer_wrong"]
    transfers = wrong_first.astype(np.int64) + rng.poisson(p["extra_transfer_rate"], n)
    dispatch_h = rng.lognormal(np.log(0.4), 0.7, n)
    respond_h = rng.lognormal(np.log(3.0), 0.8, n) + 6.0 * transfers
    deadline = np.array([HOTLINE_CATEGORIES[cats[i]]["deadline_hours"] for i in cat_idx])
    close_h = rng.gamma(2.0, deadline / 4.0) + 4.0 * transfers
    dispatched = received + pd.to_timedelta((dispatch_h * 3600).astype(np.int64), unit="s")
    responded = dispatched + pd.to_timedelta((respond_h * 3600).astype(np.int64), unit="s")
    closed = responded + pd.to_timedelta((close_h * 3600).astype(np.int64), unit="s")
    overdue = ((closed - received) / pd.Timedelta(hours=1)).to_numpy() > deadline
    base = np.array([HOTLINE_CATEGORIES[cats[i]]["resolve_logit"] for i in cat_idx])
    resolved = (rng.random(n) < 1 / (1 + np.exp(-(base + p["transfer_logit"] * transfers))))
    sl = p["satisfaction_logit"]
    eta = sl["intercept"] + sl["resolved"] * resolved + sl["transfers"] * transfers \
        + sl["overdue"] * overdue
    satisfied = (rng.random(n) < 1 / (1 + np.exp(-eta))).astype(float)
    reached = rng.random(n) < p["reach_rate"]
    satisfied[~reached] = np.nan
    texts = []
    for i in range(n):
        cat = cats[cat_idx[i]]
        tpl = _TEXT[cat][rng.integers(0, len(_TEXT[cat]))]
        body = tpl.format(topic=topics[topic_idx[i]], place=_PLACES[rng.integers(0, len(_PLACES))],
                          days=int(rng.integers(2, 15)))
        texts.append(body + _fake_contact(rng, p["contact_rates"]))
    iso = "%Y-%m-%dT%H:%M:%S"
    df = pd.DataFrame({
        "ticket_id": [f"T{i:06d}" for i in range(1, n + 1)],
        "received": received,
        "dispatched": dispatched.strftime(iso),
        "responded": responded.strftime(iso),
        "closed": closed.strftime(iso),
        "category": np.array(cats, dtype=object)[cat_idx],
        "topic": np.array(topics, dtype=object)[topic_idx],
        "department": [HOTLINE_TOPICS[topics[t]][0] for t in topic_idx],
        "transfers": transfers,
        "resolved": resolved.astype(np.int64),
        "satisfied": pd.array(satisfied, dtype="Int8"),
        "deadline_hours": deadline.astype(np.int64),
        "text": texts,
    })
    order = np.argsort(received.to_numpy(), kind="stable")
    df = df.iloc[order].reset_index(drop=True)
    df["ticket_id"] = [f"T{i:06d}" for i in range(1, n + 1)]
    df["received"] = df["received"].dt.strftime(iso)
    for c in ("ticket_id", "received", "category", "topic", "department", "text"):
        df[c] = df[c].astype("str")
    if masked:
        from helpers.privacy import mask_series
        df["text"] = mask_series(df["text"])[0]
        df = df.rename(columns={"text": "text_masked"})
    df.attrs["truth"] = {
        "categories": {c: dict(v) for c, v in HOTLINE_CATEGORIES.items()},
        "transfer_logit": p["transfer_logit"],
        "satisfaction_logit": dict(sl),
        "reach_rate": p["reach_rate"],
        "p_transfer_wrong": p["p_transfer_wrong"],
        "extra_transfer_rate": p["extra_transfer_rate"],
        "mean_transfers": p["p_transfer_wrong"] + p["extra_transfer_rate"],
        "median_dispatch_hours": 0.4,
        "median_response_hours_no_transfer": 3.0,
    }
    df.attrs["params"] = {"n": n, "seed": seed if isinstance(seed, int) else None,
                          "masked": masked}
    return df


def hotline_truth(**params) -> pd.DataFrame:
    """True parameters of :func:`hotline_tickets` as a tidy frame (``parameter, value``).

    Parameters
    ----------
    **params
        Keys of :data:`HOTLINE_DEFAULTS`, as passed to :func:`hotline_tickets` (``n`` is
        ignored; unknown keys raise :class:`~helpers.HelpersError`; ``satisfaction_logit`` is
        merged with the defaults).

    Returns
    -------
    pandas.DataFrame
        One row per parameter, never NaN:

        - ``parameter`` : ``transfer_logit``, ``reach_rate``, ``p_transfer_wrong``,
          ``extra_transfer_rate``, ``mean_transfers``, then ``satisfaction_logit.<term>``
          (intercept, resolved, transfers, overdue), then ``<category>.share``,
          ``<category>.deadline_hours`` and ``<category>.resolve_logit`` for each category of
          :data:`HOTLINE_CATEGORIES`
        - ``value`` : the parameter's value

    Notes
    -----
    ``mean_transfers = p_transfer_wrong + extra_transfer_rate``: the expected number of
    transfers of a ticket (one if first sent to a wrong department, plus a Poisson number).
    The satisfaction terms are the log-odds coefficients of the model in
    :func:`hotline_tickets`. The categories follow the five kinds of appeal of 接诉即办
    (domain brief §7.3); the shares, deadlines and log-odds are illustrative, not official.

    Validated against: statsmodels Logit on the published draw (99.9 % intervals of resolved,
    transfers and overdue cover the truth) — tests/test_simulate.py.

    Examples
    --------
    >>> t = hotline_truth()
    >>> len(t), list(t.columns)
    (24, ['parameter', 'value'])
    >>> float(t.set_index("parameter").loc["satisfaction_logit.resolved", "value"])
    2.4
    """
    params.pop("n", None)
    p = _hotline_params(params)
    rows = [("transfer_logit", p["transfer_logit"]), ("reach_rate", p["reach_rate"]),
            ("p_transfer_wrong", p["p_transfer_wrong"]),
            ("extra_transfer_rate", p["extra_transfer_rate"]),
            ("mean_transfers", p["p_transfer_wrong"] + p["extra_transfer_rate"])]
    rows += [(f"satisfaction_logit.{k}", v) for k, v in p["satisfaction_logit"].items()]
    for c, v in HOTLINE_CATEGORIES.items():
        rows += [(f"{c}.share", v["share"]), (f"{c}.deadline_hours", v["deadline_hours"]),
                 (f"{c}.resolve_logit", v["resolve_logit"])]
    return pd.DataFrame(rows, columns=["parameter", "value"])
