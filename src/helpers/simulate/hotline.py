"""Generator of the simulated 12345 hotline tickets and their transfer chains (转派)."""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from helpers._validate import HelpersError
from helpers.simulate._common import _POPULATION_SEED, _freeze, _rng, _unfreeze, merge_params
from helpers.simulate.hotline_text import noisy_text, ticket_text

__all__ = [
    "hotline_tickets",
    "hotline_truth",
    "ticket_transfers",
    "ticket_transfers_truth",
    "transfer_effect_truth",
    "HOTLINE_DEPARTMENTS",
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
    extra_transfer_rate=0.10,
    bounce_extra_rate=0.90,
    bounce_topics=("社保缴费", "医保报销", "物业纠纷", "噪音扰民"),
    stray_bounce=0.3,
    hours_per_transfer=10.0,
    transfer_logit=-0.35,
    reach_rate=0.82,
    satisfaction_logit={"intercept": -0.6, "resolved": 2.4, "transfers": -0.45,
                        "overdue": -0.8},
    contact_rates={"mobile": 0.35, "id_card": 0.10, "landline": 0.08, "email": 0.04},
    mislabel_rate=0.06,
    text_noise=0.5,
)
"""Default parameters of :func:`hotline_tickets` and :func:`ticket_transfers`."""

HOTLINE_DEPARTMENTS: tuple[str, ...] = tuple(sorted({d for pair in HOTLINE_TOPICS.values()
                                                     for d in pair}))
"""Every department that appears in the tickets (responsible or first, wrong, department)."""

_PLACES = ["幸福里小区", "阳光花园", "滨江苑", "和平路", "建设街", "东湖新村", "翠竹园",
           "人民路", "新华街道", "锦绣家园"]


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
    p = merge_params(HOTLINE_DEFAULTS, kwargs, nested=("satisfaction_logit", "contact_rates"))
    unknown = set(p["bounce_topics"]) - set(HOTLINE_TOPICS)
    if unknown:
        raise HelpersError(f"未知主题 (unknown bounce topic(s)): {sorted(unknown)}")
    if not 0 <= float(p["text_noise"]) <= 1:
        raise HelpersError(f"text_noise 必须在 0 到 1 之间 (text_noise must be in [0, 1], "
                           f"got {p['text_noise']})")
    return p


def _logistic(x: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-x))


def _core(n: int, rng: np.random.Generator, p: dict) -> dict[str, np.ndarray]:
    """The numbers of the tickets (no text, no chains): categories, topics, times, outcomes."""
    cats = list(HOTLINE_CATEGORIES)
    cat_idx = rng.choice(len(cats), size=n, p=[HOTLINE_CATEGORIES[c]["share"] for c in cats])
    topics = list(HOTLINE_TOPICS)
    topic_idx = rng.integers(0, len(topics), size=n)
    # arrivals: uniform over the period, more by day (7:00-23:00) than by night
    day = rng.integers(0, p["days"], size=n)
    hour = np.where(rng.random(n) < 0.9, rng.uniform(7, 23, n), rng.uniform(0, 24, n))
    bounce = np.isin(np.array(topics)[topic_idx], list(p["bounce_topics"]))
    wrong_first = rng.random(n) < p["p_transfer_wrong"]
    rate = np.where(bounce, p["bounce_extra_rate"], p["extra_transfer_rate"])
    transfers = wrong_first.astype(np.int64) + rng.poisson(rate)
    dispatch_h = rng.lognormal(np.log(0.4), 0.7, n)
    transfer_h = rng.gamma(np.maximum(transfers, 1), p["hours_per_transfer"]) * (transfers > 0)
    respond_h = rng.lognormal(np.log(3.0), 0.8, n)
    deadline = np.array([HOTLINE_CATEGORIES[c]["deadline_hours"] for c in cats])[cat_idx]
    close_h = rng.gamma(2.0, deadline / 4.0)
    total_h = dispatch_h + transfer_h + respond_h + close_h
    overdue = total_h > deadline
    base = np.array([HOTLINE_CATEGORIES[c]["resolve_logit"] for c in cats])[cat_idx]
    resolved = rng.random(n) < _logistic(base + p["transfer_logit"] * transfers)
    sl = p["satisfaction_logit"]
    eta = (sl["intercept"] + sl["resolved"] * resolved + sl["transfers"] * transfers
           + sl["overdue"] * overdue)
    satisfied = rng.random(n) < _logistic(eta)
    reached = rng.random(n) < p["reach_rate"]
    return dict(cat_idx=cat_idx, topic_idx=topic_idx, day=day, hour=hour, bounce=bounce,
                transfers=transfers, dispatch_h=dispatch_h, transfer_h=transfer_h,
                respond_h=respond_h, total_h=total_h, deadline=deadline, overdue=overdue,
                resolved=resolved, satisfied=satisfied, reached=reached)


def _chain(k: int, topic: str, bounce: bool, rng: np.random.Generator, p: dict) -> list[str]:
    """Departments a ticket passes through (k transfers, ending at the responsible one)."""
    right, wrong = HOTLINE_TOPICS[topic]
    if k == 0:
        return [right]
    if bounce or (k >= 2 and rng.random() < p["stray_bounce"]):
        chain = [right]
        for _ in range(k):                      # back-and-forth between the two departments
            chain.insert(0, wrong if chain[0] == right else right)
        return chain
    others = [d for d in HOTLINE_DEPARTMENTS if d not in (right, wrong)]
    before = list(rng.choice(others, size=min(k - 1, len(others)), replace=False))
    return [str(d) for d in before] + [wrong, right]


def _simulate(n: int, seed: int | np.random.Generator | None, p: dict, *, text: bool,
              masked: bool = True) -> tuple[pd.DataFrame, pd.DataFrame]:
    rng = _rng(seed)
    core_rng, chain_rng, text_rng, noise_rng = rng.spawn(4)
    c = _core(n, core_rng, p)
    cats, topics = list(HOTLINE_CATEGORIES), list(HOTLINE_TOPICS)
    start = pd.Timestamp(p["start"])
    as_of = start + pd.Timedelta(days=int(p["days"]))

    def hours(h: np.ndarray) -> pd.TimedeltaIndex:
        return pd.to_timedelta((np.asarray(h) * 3600).astype(np.int64), unit="s")

    received = start + pd.to_timedelta(c["day"] * 86_400 + (c["hour"] * 3600).astype(np.int64),
                                       unit="s")
    dispatched = received + hours(c["dispatch_h"])
    responded = dispatched + hours(c["transfer_h"] + c["respond_h"])
    closed = received + hours(c["total_h"])
    # transfer chains: the steps split the total transfer time (Dirichlet split of a Gamma sum
    # = independent exponential steps)
    steps = []
    for i in np.flatnonzero(c["transfers"] > 0):
        k = int(c["transfers"][i])
        chain = _chain(k, topics[c["topic_idx"][i]], bool(c["bounce"][i]), chain_rng, p)
        split = chain_rng.dirichlet(np.ones(k)) if k > 1 else np.ones(1)
        at = dispatched[i] + hours(np.cumsum(split) * c["transfer_h"][i])
        steps += [(i, j + 1, chain[j], chain[j + 1], at[j]) for j in range(k)]
    steps = pd.DataFrame(steps, columns=["row", "step", "from_department", "to_department",
                                         "time"])
    first = np.array([HOTLINE_TOPICS[topics[t]][0] for t in c["topic_idx"]], dtype=object)
    if len(steps):
        first_step = steps[steps["step"] == 1]
        first[first_step["row"].to_numpy()] = first_step["from_department"].to_numpy()
    # censoring at the extraction time: steps, responses and closures after it are not seen yet
    open_ = (closed > as_of)
    steps = steps[steps["time"] <= as_of]
    seen = np.bincount(steps["row"], minlength=n).astype(np.int64)
    resolved = pd.array(np.where(open_, pd.NA, c["resolved"].astype(np.int64)), dtype="Int8")
    sat = np.where(c["reached"] & ~open_, c["satisfied"].astype(float), np.nan)
    iso = "%Y-%m-%dT%H:%M:%S"
    df = pd.DataFrame({
        "row": np.arange(n),
        "received": received,
        "dispatched": dispatched.strftime(iso),
        "responded": responded.strftime(iso).where(responded <= as_of, None),
        "closed": closed.strftime(iso).where(~open_, None),
        "status": np.where(open_, "办理中", "已办结"),
        "category": np.array(cats, dtype=object)[c["cat_idx"]],
        "topic": np.array(topics, dtype=object)[c["topic_idx"]],
        "first_department": first,
        "department": [HOTLINE_TOPICS[topics[t]][0] for t in c["topic_idx"]],
        "transfers": seen,
        "resolved": resolved,
        "satisfied": pd.array(sat, dtype="Int8"),
        "deadline_hours": c["deadline"].astype(np.int64),
    })
    if text:
        df["text"] = _texts(df, text_rng, noise_rng, p)
    order = np.argsort(received.to_numpy(), kind="stable")
    df = df.iloc[order].reset_index(drop=True)
    ids = np.array([f"T{i:06d}" for i in range(1, n + 1)], dtype=object)
    id_of_row = np.empty(n, dtype=object)
    id_of_row[df["row"].to_numpy()] = ids
    df.insert(0, "ticket_id", ids)
    df = df.drop(columns="row")
    df["received"] = df["received"].dt.strftime(iso)
    for col in ("ticket_id", "received", "status", "category", "topic", "first_department",
                "department") + (("text",) if text else ()):
        df[col] = df[col].astype("str")
    if text and masked:
        from helpers.privacy import mask_series
        df["text"] = mask_series(df["text"])[0]
        df = df.rename(columns={"text": "text_masked"})
    steps = steps.assign(ticket_id=id_of_row[steps["row"].to_numpy()])
    steps = steps.sort_values(["ticket_id", "step"], kind="stable").reset_index(drop=True)
    steps["time"] = steps["time"].dt.strftime(iso)
    steps = steps[["ticket_id", "step", "from_department", "to_department", "time"]]
    steps = steps.astype({"ticket_id": "str", "step": "int64", "from_department": "str",
                          "to_department": "str", "time": "str"})
    return df, steps


def _texts(df: pd.DataFrame, text_rng: np.random.Generator, noise_rng: np.random.Generator,
           p: dict) -> list[str]:
    cats = list(HOTLINE_CATEGORIES)
    bodies = []
    for cat, topic in zip(df["category"], df["topic"]):
        if text_rng.random() < p["mislabel_rate"]:         # written like another category
            cat = [c for c in cats if c != cat][text_rng.integers(len(cats) - 1)]
        bodies.append(ticket_text(cat, topic, text_rng, place=_PLACES[text_rng.integers(
            len(_PLACES))], days=int(text_rng.integers(2, 15))))
    bodies = noisy_text(bodies, p["text_noise"], noise_rng, topics=list(df["topic"]))
    return [b + _fake_contact(text_rng, p["contact_rates"]) for b in bodies]


def _truth_common(p: dict) -> dict:
    share_bounce = len(p["bounce_topics"]) / len(HOTLINE_TOPICS)
    mean_extra = share_bounce * p["bounce_extra_rate"] + (1 - share_bounce) * \
        p["extra_transfer_rate"]
    return {
        "categories": {c: dict(v) for c, v in HOTLINE_CATEGORIES.items()},
        "transfer_logit": p["transfer_logit"],
        "satisfaction_logit": dict(p["satisfaction_logit"]),
        "reach_rate": p["reach_rate"],
        "p_transfer_wrong": p["p_transfer_wrong"],
        "extra_transfer_rate": p["extra_transfer_rate"],
        "bounce_extra_rate": p["bounce_extra_rate"],
        "bounce_topics": list(p["bounce_topics"]),
        "bounce_pairs": [sorted(HOTLINE_TOPICS[t]) for t in p["bounce_topics"]],
        "stray_bounce": p["stray_bounce"],
        "hours_per_transfer": p["hours_per_transfer"],
        "mean_transfers": p["p_transfer_wrong"] + mean_extra,
        "mislabel_rate": p["mislabel_rate"],
        "text_noise": p["text_noise"],
        "as_of": str(pd.Timestamp(p["start"]) + pd.Timedelta(days=int(p["days"]))),
        "median_dispatch_hours": 0.4,
        "median_response_hours_no_transfer": 3.0,
    }


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
        Keys of :data:`HOTLINE_DEFAULTS`: ``start``, ``days`` (the period; data are extracted
        at its end, so later events are not seen), ``p_transfer_wrong`` (share first
        dispatched to a wrong department), ``extra_transfer_rate`` (Poisson rate of further
        transfers), ``bounce_extra_rate`` (the same for ``bounce_topics``, whose two
        departments pass tickets back and forth), ``stray_bounce`` (chance that a ticket of
        another topic with ≥ 2 transfers also goes back and forth), ``hours_per_transfer``
        (mean delay of one transfer), ``transfer_logit`` (change of the resolution log-odds per
        transfer), ``reach_rate`` (share reached on call-back), ``satisfaction_logit``
        (logistic model of ``satisfied``: intercept, resolved, transfers, overdue),
        ``contact_rates``, ``mislabel_rate`` (share of texts written like another category),
        ``text_noise`` (0–1, strength of typos, dialect, mixed topics and short texts,
        :func:`helpers.simulate.hotline_text.noisy_text`). The noise has its own random
        stream: ``text_noise=0`` gives the same tickets with clean texts.

    Returns
    -------
    pandas.DataFrame
        ``ticket_id, received, dispatched, responded, closed`` (ISO strings; ``responded`` and
        ``closed`` missing when after the extraction time), ``status`` (已办结 or 办理中 =
        still open at extraction), ``category, topic, first_department`` (where the ticket was
        first sent), ``department`` (responsible, where it ends), ``transfers`` (transfers
        seen by the extraction time; equals the ticket's rows in :func:`ticket_transfers`),
        ``resolved`` (0/1, missing while open), ``satisfied`` (0/1, missing when open or not
        reached), ``deadline_hours, text_masked`` (or ``text``).

    Notes
    -----
    Transfers: ``1[first dispatch wrong] + Poisson(rate)``, rate ``bounce_extra_rate`` for the
    bounce topics, else ``extra_transfer_rate``. Each transfer takes an exponential time with
    mean ``hours_per_transfer``, so the expected time to close grows by that many hours per
    transfer. ``P(resolved) = logistic(resolve_logit[category] + transfer_logit·transfers)``;
    ``P(satisfied | reached) = logistic(b0 + b1·resolved + b2·transfers + b3·overdue)`` with
    overdue = closed later than ``received + deadline_hours``. Categories follow the five
    kinds of appeals of 接诉即办 (咨询、求助、投诉、举报、建议; domain brief §7.3); the
    deadlines are illustrative. Open tickets are right-censored: their time to close is only
    known to exceed the time since receipt.

    Examples
    --------
    >>> df = hotline_tickets(n=200, seed=3)
    >>> list(df.columns)[-1]
    'text_masked'
    >>> closed = df.dropna(subset=["closed"])
    >>> bool((pd.to_datetime(closed["closed"]) >= pd.to_datetime(closed["received"])).all())
    True
    """
    p = _hotline_params({**params, "n": n})
    df, _ = _simulate(int(n), seed, p, text=True, masked=masked)
    df.attrs["truth"] = _truth_common(p)
    df.attrs["params"] = {"n": int(n), "seed": seed if isinstance(seed, int) else None,
                          "masked": masked}
    return df


def ticket_transfers(n: int = 4_000, seed: int | np.random.Generator | None = 12345,
                     **params) -> pd.DataFrame:
    """The transfer chains of :func:`hotline_tickets`: one row per transfer (转派), in order.

    Parameters
    ----------
    n, seed, **params
        As in :func:`hotline_tickets` (the same values give the chains of the same tickets).

    Returns
    -------
    pandas.DataFrame
        One row per transfer seen by the extraction time, sorted by ticket and step:
        ``ticket_id``, ``step`` (1, 2, …), ``from_department``, ``to_department``, ``time``
        (ISO string). A ticket without transfers has no row; a ticket's number of rows equals
        its ``transfers``; its first ``from_department`` is its ``first_department`` and its
        last ``to_department`` (when closed) its ``department``.

    Notes
    -----
    A ticket with k transfers passes k + 1 departments and ends at the responsible one. For
    the bounce topics (``bounce_topics``; truth in :func:`ticket_transfers_truth`) the chain
    goes back and forth between the responsible and the wrong department (A→B→A…); for other
    topics the last transfer comes from the wrong department and earlier ones from other
    departments (all different), except that with probability ``stray_bounce`` a chain of ≥ 2
    transfers also goes back and forth. The step times split the ticket's total transfer time
    (a Gamma(k) sum) by a flat Dirichlet, i.e. independent exponential steps.

    Examples
    --------
    >>> tr = ticket_transfers(n=300, seed=3)
    >>> list(tr.columns)
    ['ticket_id', 'step', 'from_department', 'to_department', 'time']
    >>> t = hotline_tickets(n=300, seed=3)
    >>> bool((tr.groupby("ticket_id").size() == t.set_index("ticket_id")["transfers"]
    ...       .loc[lambda s: s > 0]).all())
    True
    """
    p = _hotline_params({**params, "n": n})
    _, steps = _simulate(int(n), seed, p, text=False)
    steps.attrs["truth"] = _truth_common(p)
    steps.attrs["params"] = {"n": int(n), "seed": seed if isinstance(seed, int) else None}
    return steps


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
          ``extra_transfer_rate``, ``bounce_extra_rate``, ``stray_bounce``,
          ``hours_per_transfer``, ``mean_transfers``, ``mislabel_rate``, ``text_noise``, then
          ``satisfaction_logit.<term>`` (intercept, resolved, transfers, overdue), then
          ``<category>.share``, ``<category>.deadline_hours`` and ``<category>.resolve_logit``
          for each category of :data:`HOTLINE_CATEGORIES`
        - ``value`` : the parameter's value

    Notes
    -----
    ``mean_transfers = p_transfer_wrong + s·bounce_extra_rate + (1 − s)·extra_transfer_rate``
    with s the share of bounce topics (topics are equally likely): the expected number of
    transfers of a ticket. The satisfaction terms are the log-odds coefficients of the model in
    :func:`hotline_tickets`. The categories follow the five kinds of appeal of 接诉即办
    (domain brief §7.3); the shares, deadlines and log-odds are illustrative, not official.

    Validated against: statsmodels Logit on the published draw (99.9 % intervals of resolved,
    transfers and overdue cover the truth) — tests/test_simulate.py.

    Examples
    --------
    >>> t = hotline_truth()
    >>> len(t), list(t.columns)
    (29, ['parameter', 'value'])
    >>> float(t.set_index("parameter").loc["satisfaction_logit.resolved", "value"])
    2.4
    """
    params.pop("n", None)
    p = _hotline_params(params)
    tr = _truth_common(p)
    rows = [(k, float(tr[k])) for k in
            ("transfer_logit", "reach_rate", "p_transfer_wrong", "extra_transfer_rate",
             "bounce_extra_rate", "stray_bounce", "hours_per_transfer", "mean_transfers",
             "mislabel_rate", "text_noise")]
    rows += [(f"satisfaction_logit.{k}", v) for k, v in p["satisfaction_logit"].items()]
    for c, v in HOTLINE_CATEGORIES.items():
        rows += [(f"{c}.share", v["share"]), (f"{c}.deadline_hours", v["deadline_hours"]),
                 (f"{c}.resolve_logit", v["resolve_logit"])]
    return pd.DataFrame(rows, columns=["parameter", "value"])


def ticket_transfers_truth(**params) -> pd.DataFrame:
    """The department pairs that pass tickets back and forth in :func:`ticket_transfers`.

    Parameters
    ----------
    **params
        Keys of :data:`HOTLINE_DEFAULTS` (``n`` is ignored).

    Returns
    -------
    pandas.DataFrame
        One row per bounce pair: ``department_a``, ``department_b`` (sorted), ``topics``
        (the topics whose tickets bounce between them, joined by 、), ``extra_rate`` (Poisson
        rate of extra transfers of those topics; other topics: ``extra_transfer_rate``).

    Notes
    -----
    A bounce topic's chain alternates between its responsible and its wrong department
    (:data:`HOTLINE_TOPICS`); other topics go back and forth only by chance
    (``stray_bounce``), so these pairs are the ones a bounce analysis should find.

    Examples
    --------
    >>> ticket_transfers_truth()[["department_a", "department_b"]].values.tolist()
    [['人社', '医保'], ['住建交通', '街道办事处'], ['城管执法', '生态环境']]
    """
    params.pop("n", None)
    p = _hotline_params(params)
    pairs: dict[tuple[str, str], list[str]] = {}
    for t in p["bounce_topics"]:
        pairs.setdefault(tuple(sorted(HOTLINE_TOPICS[t])), []).append(t)
    return pd.DataFrame([{"department_a": a, "department_b": b, "topics": "、".join(ts),
                          "extra_rate": float(p["bounce_extra_rate"])}
                         for (a, b), ts in pairs.items()])


@lru_cache(maxsize=8)
def _effect_truth(frozen: tuple, max_transfers: int) -> pd.DataFrame:
    p = _unfreeze(frozen)
    c = _core(400_000, np.random.default_rng(_POPULATION_SEED), p)
    k = np.minimum(c["transfers"], max_transfers)
    df = pd.DataFrame({"transfers": k, "close_hours": c["total_h"],
                       "resolved": c["resolved"], "satisfied": c["satisfied"]})
    out = df.groupby("transfers").agg(close_hours=("close_hours", "mean"),
                                      p_resolved=("resolved", "mean"),
                                      p_satisfied=("satisfied", "mean"),
                                      share=("close_hours", "size")).reset_index()
    out["share"] = out["share"] / len(df)
    return out.round(4)


def transfer_effect_truth(max_transfers: int = 3, **params) -> pd.DataFrame:
    """True time to close, resolution and satisfaction by number of transfers (no censoring).

    Parameters
    ----------
    max_transfers : int, default 3
        Tickets with more transfers are pooled into this group (``3`` = 3 or more).
    **params
        Keys of :data:`HOTLINE_DEFAULTS` (``n`` is ignored).

    Returns
    -------
    pandas.DataFrame
        One row per number of transfers 0, 1, …, ``max_transfers``: ``transfers``,
        ``close_hours`` (expected hours from receipt to closure, without censoring),
        ``p_resolved``, ``p_satisfied`` (probability of 满意 among reached tickets), ``share``
        (share of tickets), rounded to 4 decimals.

    Notes
    -----
    Monte Carlo over 400,000 simulated tickets (fixed seed, Monte Carlo error about 0.003 for
    the probabilities of the smallest group): the total effect of transfers, i.e. through
    resolution and overdue closure as well as the direct term ``satisfaction_logit.transfers``.
    The groups also differ in category and topic mix (bounce topics have more transfers), so
    this is the association a sample estimates, which the course compares against.

    Examples
    --------
    >>> t = transfer_effect_truth()
    >>> t["transfers"].tolist()
    [0, 1, 2, 3]
    >>> bool(t["p_satisfied"].is_monotonic_decreasing and t["close_hours"].is_monotonic_increasing)
    True
    """
    params.pop("n", None)
    p = _hotline_params(params)
    return _effect_truth(_freeze(p), int(max_transfers)).copy()
