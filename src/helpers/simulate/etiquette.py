"""Generator of a simulated mystery-shopper (暗访) check of service windows: assessors score
visits on a conduct checklist; a subsample is scored by three assessors, so agreement can be
measured per item; each visit also has the citizen's satisfaction."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from helpers._validate import HelpersError
from helpers.simulate._common import _rng, merge_params

__all__ = ["mystery_shopper", "mystery_shopper_truth", "MYSTERY_SHOPPER_DEFAULTS", "CHECKLIST"]

CHECKLIST: tuple[tuple[str, str, str], ...] = (
    ("attire", "着装整洁、按规定着装", "仪容仪表"),
    ("badge", "佩戴工作牌", "仪容仪表"),
    ("smile", "面带微笑", "行为举止"),
    ("greet", "起身或点头迎接", "行为举止"),
    ("posture", "坐姿端正、不玩手机", "行为举止"),
    ("polite", "使用“您好”“请”“谢谢”", "服务用语"),
    ("tone", "语气亲切、有耐心", "服务用语"),
    ("once", "一次性告知所需材料", "接待"),
    ("confirm", "办结前确认群众是否还有疑问", "接待"),
    ("warm", "服务热情周到", "接待"),
)
"""Checklist items: code, Chinese wording, section (headings of 四平 DB2203/T 4—2023)."""

MYSTERY_SHOPPER_DEFAULTS: dict = dict(
    n_windows=40,
    visits_per_window=4,
    n_multi=80,
    multi_raters=("R1", "R2", "R3"),
    raters=("R1", "R2", "R3", "R4"),
    accuracy={"attire": 0.95, "badge": 0.97, "smile": 0.60, "greet": 0.92, "posture": 0.92,
              "polite": 0.94, "tone": 0.62, "once": 0.93, "confirm": 0.92, "warm": 0.58},
    share_zero={"attire": 0.15, "badge": 0.20, "smile": 0.20, "greet": 0.25, "posture": 0.15,
                "polite": 0.20, "tone": 0.20, "once": 0.25, "confirm": 0.30, "warm": 0.20},
    share_one={"attire": 0.25, "badge": 0.10, "smile": 0.35, "greet": 0.25, "posture": 0.25,
               "polite": 0.30, "tone": 0.35, "once": 0.25, "confirm": 0.25, "warm": 0.35},
    window_sd=1.0,
    visit_sd=0.6,
    loading=0.8,
    satisfaction_intercept=3.7,
    satisfaction_slope=0.55,
    satisfaction_sd=0.8,
    reliable_kappa=0.6,
)
"""Default parameters of :func:`mystery_shopper` (illustrative, see the data card)."""


def _params(kwargs: dict) -> dict:
    p = merge_params(MYSTERY_SHOPPER_DEFAULTS, kwargs,
                     nested=("accuracy", "share_zero", "share_one"))
    codes = {c for c, _, _ in CHECKLIST}
    for key in ("accuracy", "share_zero", "share_one"):
        if set(p[key]) != codes:
            raise HelpersError(f"{key} 需要每个检查项目 (needs every checklist item: {sorted(codes)})")
    if not all(0 <= v <= 1 for v in p["accuracy"].values()):
        raise HelpersError("accuracy 必须在 0–1 之间 (accuracy must lie in [0, 1])")
    if not all(p["share_zero"][c] > 0 and p["share_one"][c] > 0
               and p["share_zero"][c] + p["share_one"][c] < 1 for c in codes):
        raise HelpersError("share_zero + share_one 必须小于 1 (shares must leave room for score 2)")
    n_visits = p["n_windows"] * p["visits_per_window"]
    if not 2 <= p["n_multi"] <= n_visits:
        raise HelpersError(f"n_multi 必须在 2 与访问数 {n_visits} 之间 "
                           f"(n_multi must lie between 2 and the {n_visits} visits)")
    if not set(p["multi_raters"]) <= set(p["raters"]) or len(p["multi_raters"]) < 2:
        raise HelpersError("multi_raters 必须是 raters 的子集且至少 2 人 "
                           "(multi_raters must be >= 2 of the raters)")
    return p


def mystery_shopper(seed: int | np.random.Generator | None = 2046, **params) -> pd.DataFrame:
    """Simulated mystery-shopper check: every visit scored on a 10-item conduct checklist.

    Parameters
    ----------
    seed : int or numpy.random.Generator, default 2046
        Random seed (2046 is the published draw).
    **params
        Keys of :data:`MYSTERY_SHOPPER_DEFAULTS`: ``n_windows``, ``visits_per_window``,
        ``n_multi`` (visits scored by every assessor of ``multi_raters``; the others by one
        assessor of ``raters``), ``accuracy`` (per item: probability that an assessor records
        the true score), ``share_zero`` / ``share_one`` (per item: share of visits whose true
        score is 0 / 1), ``window_sd``, ``visit_sd``, ``loading`` (latent conduct model),
        ``satisfaction_intercept``, ``satisfaction_slope``, ``satisfaction_sd``,
        ``reliable_kappa`` (the truth's line between reliable and vague items).

    Returns
    -------
    pandas.DataFrame
        One row per visit × assessor × item: ``visit_id`` (V001 …), ``window`` (W01 …),
        ``visit_no`` (1 … visits_per_window), ``rater`` (R1 …), ``multi_scored`` (1 if the
        visit belongs to the multiply-scored subsample), ``section`` (仪容仪表 …), ``item``
        (code), ``item_zh``, ``score`` (0 未做到, 1 部分做到, 2 做到), ``satisfaction`` (the
        citizen's 1–5 rating of the visit, repeated on each row of the visit).
        ``attrs["truth"]``: the records of :func:`mystery_shopper_truth`; ``attrs["params"]``: the
        seed.

    Notes
    -----
    Window w has conduct q_w ~ N(0, window_sd²); visit v has θ_v = q_w + N(0, visit_sd²). The
    true score of item i is the latent loading·θ_v + N(0, 1) cut at the quantiles that give the
    shares (share_zero, share_one, rest) of scores 0, 1, 2. An assessor records the true score
    with probability a_i (``accuracy``) and otherwise a draw from the same shares, independently
    of the truth and of the other assessors; then each assessor's scores have the true shares
    and the chance-corrected agreement of any two assessors is κ_i = a_i² (both Cohen's and
    Fleiss' κ in the population). Satisfaction = clip(round(intercept + slope·θ_v +
    N(0, sd²)), 1, 5). Illustrative values, not estimates from a real check.

    Validated against: κ and the satisfaction slope recovered from large draws —
    tests/test_simulate_etiquette.py.

    Examples
    --------
    >>> d = mystery_shopper(n_windows=4, visits_per_window=2, n_multi=3)
    >>> d.shape, sorted(d["rater"].unique())[:2], int(d["score"].max()) <= 2
    ((140, 10), ['R1', 'R2'], True)
    """
    p = _params(params)
    rng = _rng(seed)
    codes = [c for c, _, _ in CHECKLIST]
    nw, nv = int(p["n_windows"]), int(p["visits_per_window"])
    n = nw * nv
    q = p["window_sd"] * rng.standard_normal(nw)
    theta = np.repeat(q, nv) + p["visit_sd"] * rng.standard_normal(n)
    sd_total = np.sqrt(p["loading"] ** 2 * (p["window_sd"] ** 2 + p["visit_sd"] ** 2) + 1)
    true = np.empty((n, len(codes)), dtype=np.int64)
    for j, c in enumerate(codes):
        z = p["loading"] * theta + rng.standard_normal(n)
        c1 = sd_total * stats.norm.ppf(p["share_zero"][c])
        c2 = sd_total * stats.norm.ppf(p["share_zero"][c] + p["share_one"][c])
        true[:, j] = (z > c1).astype(int) + (z > c2).astype(int)
    sat = np.clip(np.rint(p["satisfaction_intercept"] + p["satisfaction_slope"] * theta
                          + p["satisfaction_sd"] * rng.standard_normal(n)), 1, 5).astype(np.int64)
    multi = np.zeros(n, dtype=bool)
    multi[rng.choice(n, int(p["n_multi"]), replace=False)] = True
    primary = rng.choice(list(p["raters"]), n)
    visit_ids = [f"V{i:03d}" for i in range(1, n + 1)]
    windows = [f"W{w:02d}" for w in range(1, nw + 1)]
    records = []
    for v in range(n):
        raters = list(p["multi_raters"]) if multi[v] else [primary[v]]
        for r in raters:
            for j, (c, zh, sec) in enumerate(CHECKLIST):
                a = p["accuracy"][c]
                if rng.random() < a:
                    s = true[v, j]
                else:
                    s0, s1 = p["share_zero"][c], p["share_one"][c]
                    u = rng.random()
                    s = 0 if u < s0 else (1 if u < s0 + s1 else 2)
                records.append((visit_ids[v], windows[v // nv], v % nv + 1, r, int(multi[v]), sec,
                                c, zh, int(s), int(sat[v])))
    df = pd.DataFrame(records, columns=["visit_id", "window", "visit_no", "rater", "multi_scored",
                                        "section", "item", "item_zh", "score", "satisfaction"])
    truth = mystery_shopper_truth(**params)
    df.attrs["truth"] = truth.to_dict(orient="records")
    df.attrs["params"] = {"seed": seed if isinstance(seed, int) else None}
    return df


def mystery_shopper_truth(**params) -> pd.DataFrame:
    """True agreement of each checklist item behind :func:`mystery_shopper`.

    Parameters
    ----------
    **params
        As for :func:`mystery_shopper` (no seed: the truth does not depend on it).

    Returns
    -------
    pandas.DataFrame
        One row per item: ``item``, ``item_zh``, ``section``, ``accuracy`` (a_i),
        ``kappa`` (true κ = a_i²), ``reliable`` (κ ≥ ``reliable_kappa``), ``share_0``,
        ``share_1``, ``share_2`` (true shares of the scores). ``attrs``: ``satisfaction_slope``
        (satisfaction points per unit of latent conduct, before rounding),
        ``reliable_kappa``.

    Notes
    -----
    Two assessors agree when both record the truth (a²) or, otherwise, by chance with
    probability p_e = Σ_s m_s² (m the shares): p_o = a² + (1 − a²) p_e, so
    κ = (p_o − p_e)/(1 − p_e) = a².

    Examples
    --------
    >>> t = mystery_shopper_truth()
    >>> row = t.loc[t["item"] == "smile"].iloc[0]
    >>> float(row["kappa"]), bool(row["reliable"])
    (0.36, False)
    """
    p = _params(params)
    rows = []
    for c, zh, sec in CHECKLIST:
        a = float(p["accuracy"][c])
        s0, s1 = float(p["share_zero"][c]), float(p["share_one"][c])
        rows.append({"item": c, "item_zh": zh, "section": sec, "accuracy": a,
                     "kappa": round(a * a, 10), "reliable": bool(a * a >= p["reliable_kappa"]),
                     "share_0": s0, "share_1": s1, "share_2": round(1 - s0 - s1, 10)})
    out = pd.DataFrame(rows)
    out.attrs.update(satisfaction_slope=float(p["satisfaction_slope"]),
                     reliable_kappa=float(p["reliable_kappa"]))
    return out
