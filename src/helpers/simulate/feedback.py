"""Generator of the simulated follow-ups (回访、整改) of the bad ratings of the 好差评 log."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from helpers._validate import HelpersError
from helpers.labels import RATING_GRADES
from helpers.simulate._common import _rng, merge_params
from helpers.simulate.ratings import DEPARTMENTS, ratings_log, ratings_truth

__all__ = [
    "rating_followups",
    "rating_followups_truth",
    "FOLLOWUP_DEFAULTS",
]

FOLLOWUP_DEFAULTS: dict = dict(
    followup_rate={"市场监管": 0.85, "人社": 0.65, "公安户政": 0.90, "不动产登记": 0.60,
                   "医保": 0.75, "公积金": 0.80, "税务": 0.70},
    followup_hours_gamma=(2.0, 8.0),
    p_rectified_if_followed=0.85,
    p_rectified_if_not=0.40,
    rectification_days_gamma=(2.0, 4.0),
    p_next_rating=0.60,
    satisfied_next_base=0.25,
    confounding_slope=1.0,
    followup_effect=0.20,
    very_satisfied_share_next=0.5,
    unsatisfied_split_next=(0.50, 0.35, 0.15),
)
"""Default parameters of :func:`rating_followups` (illustrative; see the data card)."""

_BAD = ("不满意", "非常不满意")
_COLUMNS = ["rating_id", "window", "department", "grade", "followed_up", "followup_hours",
            "rectified", "rectification_days", "next_grade"]


def _followup_params(kwargs: dict) -> dict:
    p = merge_params(FOLLOWUP_DEFAULTS, kwargs, nested=("followup_rate",))
    if set(p["followup_rate"]) != set(DEPARTMENTS):
        raise HelpersError(f"followup_rate 的部门必须是 {list(DEPARTMENTS)} "
                           f"(followup_rate must name the departments {list(DEPARTMENTS)})")
    table = _department_table(p)
    for col in ("p_followed_up", "p_satisfied_next_if_followed", "p_satisfied_next_if_not"):
        if not table[col].between(0, 1).all():
            raise HelpersError(f"参数使 {col} 超出 [0, 1] (parameters put {col} outside [0, 1])")
    for name in ("p_rectified_if_followed", "p_rectified_if_not", "p_next_rating",
                 "very_satisfied_share_next"):
        if not 0 <= p[name] <= 1:
            raise HelpersError(f"{name} 必须在 0 和 1 之间 ({name} must be in [0, 1])")
    if not np.isclose(sum(p["unsatisfied_split_next"]), 1) or len(p["unsatisfied_split_next"]) != 3:
        raise HelpersError("unsatisfied_split_next 必须是三个和为 1 的比例 "
                           "(unsatisfied_split_next must be three shares summing to 1)")
    return p


def _department_table(p: dict) -> pd.DataFrame:
    """Per department: P(followed up), P(satisfied next | not followed / followed)."""
    depts = list(DEPARTMENTS)
    rate = np.array([p["followup_rate"][d] for d in depts], dtype=float)
    base = p["satisfied_next_base"] + p["confounding_slope"] * (rate - 0.6)
    return pd.DataFrame({
        "department": depts,
        "p_followed_up": rate,
        "p_satisfied_next_if_not": base.round(6),
        "p_satisfied_next_if_followed": (base + p["followup_effect"]).round(6),
    })


def rating_followups(seed: int | np.random.Generator | None = 2019, *, ratings_seed: int = 2025,
                     ratings_params: dict | None = None, **params) -> pd.DataFrame:
    """Simulate the follow-up of every bad rating (差评) of the 好差评 log: 回访, 整改, next rating.

    Parameters
    ----------
    seed : int or numpy.random.Generator
        Seed of the follow-up draws.
    ratings_seed : int, default 2025
        Seed of the rating log the follow-ups belong to: ``ratings_log(seed=ratings_seed)`` is
        generated in memory (2025 is the published ``ratings_log.csv``). ``make_dataset`` offsets
        it together with ``seed``, so draw K of this dataset follows draw K of the rating log.
    ratings_params : dict, optional
        Parameters of :func:`~helpers.simulate.ratings.ratings_log` other than the seed (e.g.
        ``{"n": 200_000, "mean_bad_rate": 0.05}`` for a large draw with many bad ratings); the
        default is the published log. The truth then uses the same parameters.
    **params
        Keys of :data:`FOLLOWUP_DEFAULTS`:

        - ``followup_rate`` ({department: P(followed up)}),
        - ``followup_hours_gamma`` ((shape, scale) of the hours to the call-back),
        - ``p_rectified_if_followed``, ``p_rectified_if_not``,
        - ``rectification_days_gamma`` ((shape, scale); whole days, rounded up),
        - ``p_next_rating`` (share of citizens who rate again within 90 days),
        - ``satisfied_next_base``, ``confounding_slope``, ``followup_effect`` (see Notes),
        - ``very_satisfied_share_next`` (非常满意 among satisfied next grades),
        - ``unsatisfied_split_next`` (基本满意, 不满意, 非常不满意 among the others).

    Returns
    -------
    pandas.DataFrame
        One row per bad rating (不满意 or 非常不满意) of the log, in the log's order, with columns
        ``rating_id, window, department, grade`` (from the log), ``followed_up`` (0/1),
        ``followup_hours`` (NaN if not followed up), ``rectified`` (0/1),
        ``rectification_days`` (whole days ≥ 1, NaN if not rectified), ``next_grade`` (the grade
        of the same citizen's next rating within 90 days; missing when there was none).
        ``attrs["truth"]`` holds the true per-department and overall values (see
        :func:`rating_followups_truth`), ``attrs["params"]`` the parameters.

    Notes
    -----
    For a bad rating in department d (all draws independent given d):

    - followed up F ~ Bernoulli(f_d); hours to the call-back ~ Gamma(2, 8) (mean 16 h);
    - rectified R ~ Bernoulli(0.85 if F else 0.40); days ~ ⌈Gamma(2, 4)⌉ (mean ≈ 8.5 days);
    - a next rating exists with probability 0.6, independently of everything else (the rating
      log has no citizen identifier, so the next rating is simulated here, not looked up);
    - P(next grade is 非常满意 or 满意) = s_d + τ·F with s_d = 0.25 + 1.0·(f_d − 0.6) and
      τ = ``followup_effect`` = 0.20: the **causal effect** of a call-back on the share satisfied
      at the next rating, the same in every department.

    Department is a confounder: departments that call back more often (f_d high) also have
    citizens who are more satisfied next time anyway (s_d high). So the observational difference
    (followed up − not followed up) is larger than τ; :func:`rating_followups_truth` gives both.

    Examples
    --------
    >>> df = rating_followups()
    >>> df.shape
    (80, 9)
    >>> df[["rating_id", "department", "followed_up", "rectification_days", "next_grade"]].head(3)
       rating_id department  followed_up  rectification_days next_grade
    0  H00000515        公积金            1                   5         满意
    1  H00000966       市场监管            1                  15        NaN
    2  H00001226       市场监管            1                  22        NaN
    """
    p = _followup_params(params)
    rp = dict(ratings_params or {})
    if "seed" in rp:
        raise HelpersError("ratings_params 不能含 seed，请用 ratings_seed "
                           "(pass the seed of the rating log as ratings_seed)")
    ratings = ratings_log(seed=ratings_seed, **rp)
    bad = ratings.loc[ratings["grade"].isin(_BAD), ["rating_id", "window", "department", "grade"]]
    bad = bad.reset_index(drop=True)
    unknown = ~bad["department"].isin(list(DEPARTMENTS))
    if unknown.any():
        raise HelpersError(f"评价记录中有未知部门 (unknown departments in the ratings: "
                           f"{sorted(set(bad.loc[unknown, 'department']))})")
    tab = _department_table(p).set_index("department")
    rng = _rng(seed)
    n = len(bad)
    f_d = tab.loc[bad["department"], "p_followed_up"].to_numpy()
    s_d = tab.loc[bad["department"], "p_satisfied_next_if_not"].to_numpy()
    followed = rng.random(n) < f_d
    hours = rng.gamma(*p["followup_hours_gamma"], size=n)
    rect = rng.random(n) < np.where(followed, p["p_rectified_if_followed"], p["p_rectified_if_not"])
    days = np.ceil(rng.gamma(*p["rectification_days_gamma"], size=n))
    has_next = rng.random(n) < p["p_next_rating"]
    satisfied = rng.random(n) < s_d + p["followup_effect"] * followed
    top = rng.random(n) < p["very_satisfied_share_next"]
    other = rng.choice(3, size=n, p=list(p["unsatisfied_split_next"])) + 2
    grade_idx = np.where(satisfied, np.where(top, 0, 1), other)
    bad["followed_up"] = followed.astype(np.int64)
    bad["followup_hours"] = np.where(followed, np.round(np.maximum(hours, 0.1), 1), np.nan)
    bad["rectified"] = rect.astype(np.int64)
    bad["rectification_days"] = pd.array(np.where(rect, np.maximum(days, 1), np.nan),
                                         dtype="Int64")
    bad["next_grade"] = pd.Series(np.array(RATING_GRADES, dtype=object)[grade_idx]).where(
        has_next, None)
    bad = bad[_COLUMNS]
    bad.attrs["truth"] = _truth(p, rp).to_dict(orient="records")
    bad.attrs["params"] = {"seed": seed if isinstance(seed, int) else None,
                           "ratings_seed": ratings_seed, "ratings_params": rp}
    return bad


def _bad_mix(ratings_params: dict) -> pd.Series:
    """Expected share of each department among the bad ratings of :func:`ratings_log`."""
    rt = ratings_truth(**ratings_params)
    bad = rt["volume_weight"] * (rt["p_不满意"] + rt["p_非常不满意"])
    mix = bad.groupby(rt["department"]).sum()
    return (mix / mix.sum()).reindex(list(DEPARTMENTS))


def _truth(p: dict, ratings_params: dict) -> pd.DataFrame:
    tab = _department_table(p).set_index("department")
    w = _bad_mix(ratings_params)
    f = tab["p_followed_up"]
    s0 = tab["p_satisfied_next_if_not"]
    s1 = tab["p_satisfied_next_if_followed"]
    tau = float(p["followup_effect"])
    r1, r0 = p["p_rectified_if_followed"], p["p_rectified_if_not"]
    dept = pd.DataFrame({
        "department": list(DEPARTMENTS),
        "bad_share": w.to_numpy(),
        "p_followed_up": f.to_numpy(),
        "p_rectified": (f * r1 + (1 - f) * r0).to_numpy(),
        "p_satisfied_next_if_followed": s1.to_numpy(),
        "p_satisfied_next_if_not": s0.to_numpy(),
    })
    dept["observed_difference"] = tau          # no confounding within a department
    sf = float((w * f * s1).sum() / (w * f).sum())
    sn = float((w * (1 - f) * s0).sum() / (w * (1 - f)).sum())
    overall = pd.DataFrame({
        "department": ["全部"],
        "bad_share": [1.0],
        "p_followed_up": [float((w * f).sum())],
        "p_rectified": [float((w * (f * r1 + (1 - f) * r0)).sum())],
        "p_satisfied_next_if_followed": [sf],
        "p_satisfied_next_if_not": [sn],
        "observed_difference": [sf - sn],
    })
    out = pd.concat([dept, overall], ignore_index=True)
    out["effect"] = tau
    out["confounding_bias"] = (out["observed_difference"] - tau) + 0.0
    k_h, th_h = p["followup_hours_gamma"]
    k_d, th_d = p["rectification_days_gamma"]
    out["p_next_rating"] = float(p["p_next_rating"])
    out["median_followup_hours"] = float(stats.gamma.ppf(0.5, k_h, scale=th_h))
    out["p_followup_within_24h"] = float(stats.gamma.cdf(24, k_h, scale=th_h))
    out["median_rectification_days"] = float(np.ceil(stats.gamma.ppf(0.5, k_d, scale=th_d)))
    out["p_rectified_within_15_days"] = float(stats.gamma.cdf(15, k_d, scale=th_d))
    num = out.select_dtypes("number").columns
    out[num] = out[num].round(6)
    return out


def rating_followups_truth(ratings_params: dict | None = None, **params) -> pd.DataFrame:
    """True values of :func:`rating_followups`: per department and overall (``"全部"``).

    Parameters
    ----------
    ratings_params : dict, optional
        Parameters of the rating log, as given to :func:`rating_followups` (``n`` is ignored:
        the shares do not depend on it); default: the published log.
    **params
        Keys of :data:`FOLLOWUP_DEFAULTS`, as given to :func:`rating_followups`.

    Returns
    -------
    pandas.DataFrame
        Eight rows, never NaN (rounded to 6 decimals), with columns:

        - ``department`` (the 7 departments, then ``"全部"`` = all bad ratings),
        - ``bad_share`` : expected share of the department among the bad ratings of the log
          (from :func:`~helpers.simulate.ratings.ratings_truth`; 1 for 全部),
        - ``p_followed_up`` : P(followed up); ``p_rectified`` : P(rectified),
        - ``p_satisfied_next_if_followed``, ``p_satisfied_next_if_not`` : P(next grade 非常满意
          or 满意 | a next rating) among followed-up / not followed-up citizens (for 全部: what
          an infinitely large observational comparison shows),
        - ``observed_difference`` : their difference, the target of
          :func:`helpers.feedback.followup_effect`,
        - ``effect`` : τ, the causal effect of a call-back (the same in every department),
        - ``confounding_bias`` : observed_difference − effect (0 within a department),
        - ``p_next_rating``, ``median_followup_hours``, ``p_followup_within_24h``,
          ``median_rectification_days`` (of the whole days), ``p_rectified_within_15_days``
          (among rectified bad ratings); the same in every row.

    Notes
    -----
    Exact values of the model of :func:`rating_followups` (no simulation). With w_d the
    department's share among bad ratings, f_d = P(followed up), s_d and s_d + τ the satisfied
    shares without and with a call-back:

    - 全部 ``p_satisfied_next_if_followed = Σ w_d f_d (s_d + τ) / Σ w_d f_d`` and
      ``p_satisfied_next_if_not = Σ w_d (1 − f_d) s_d / Σ w_d (1 − f_d)``;
    - ``p_rectified = f·0.85 + (1 − f)·0.40`` (the defaults);
    - the time columns come from the gamma distributions (``scipy.stats.gamma``), the median
      days rounded up as the generator rounds the days.

    Because departments that call back more often also have more satisfied citizens, the
    overall ``observed_difference`` exceeds τ: department confounds the naive comparison.

    Validated against: helpers.feedback (followup_summary, rectification_time, followup_effect,
    within-department comparison) on a large draw — tests/test_simulate_feedback.py.

    Examples
    --------
    >>> t = rating_followups_truth().set_index("department")
    >>> float(t.loc["全部", "effect"])
    0.2
    >>> bool(t.loc["全部", "observed_difference"] > t.loc["全部", "effect"])
    True
    """
    rp = dict(ratings_params or {})
    rp.pop("n", None)
    return _truth(_followup_params(params), rp)
