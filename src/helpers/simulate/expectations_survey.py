"""Generator of the simulated citizen-expectations survey (信息不对称 and 信任, chapter 6)."""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd
from scipy import special, stats

from helpers._validate import HelpersError
from helpers.simulate._common import (POPULATION_N, _POPULATION_SEED, _freeze, _likert, _rng,
                                      _unfreeze, merge_params)

__all__ = [
    "citizen_expectations",
    "citizen_expectations_truth",
    "EXPECTATIONS_SURVEY_DEFAULTS",
]

EXPECTATIONS_SURVEY_DEFAULTS: dict = dict(
    n=800,
    items={
        # service item: (published time limit in working days, actual mean, actual SD)
        "企业开办": (3.0, 2.4, 0.8),
        "不动产登记": (5.0, 4.2, 1.5),
        "社保关系转移": (15.0, 11.0, 4.0),
        "建设工程规划许可": (20.0, 16.0, 5.0),
    },
    item_shares=(0.35, 0.30, 0.20, 0.15),
    informed_share=0.45,
    anchor_spread=0.15,
    prior_median_ratio=0.70,
    prior_spread=0.55,
    trust_mean=4.3,
    trust_sd=1.3,
    satisfaction_intercept=4.8,
    gap_effect=0.12,
    trust_effect=0.30,
    interaction=0.05,
    satisfaction_sd=0.9,
    unrealistic_bounds=(0.5, 2.0),
    tolerance_days=2.0,
)
"""Default parameters of :func:`citizen_expectations` (illustrative; see the data card)."""

_COLUMNS = ["respondent_id", "service_item", "published_days", "knows_limit", "expected_days",
            "actual_days", "gap_days", "trust", "satisfaction"]


def _params(kwargs: dict) -> dict:
    p = merge_params(EXPECTATIONS_SURVEY_DEFAULTS, kwargs, nested=("items",))
    if len(p["item_shares"]) != len(p["items"]) or not np.isclose(sum(p["item_shares"]), 1):
        raise HelpersError("item_shares 必须与 items 一一对应且和为 1 "
                           "(item_shares must match items and sum to 1)")
    if not 0 <= p["informed_share"] <= 1:
        raise HelpersError("informed_share 必须在 0 和 1 之间 (informed_share must be in [0, 1])")
    for item, (limit, mean, sd) in p["items"].items():
        if not (limit > 0 and mean > 0 and sd > 0):
            raise HelpersError(f"事项 {item!r} 的时限、均值和标准差必须为正 "
                               f"(limit, mean and SD of {item!r} must be positive)")
    return p


def _arrays(rng: np.random.Generator, n: int, p: dict) -> dict[str, np.ndarray]:
    """Every random draw is made whatever the parameters (common random numbers)."""
    items = list(p["items"])
    limit = np.array([p["items"][i][0] for i in items])
    mean = np.array([p["items"][i][1] for i in items])
    sd = np.array([p["items"][i][2] for i in items])
    k = rng.choice(len(items), size=n, p=np.asarray(p["item_shares"], dtype=float))
    u = rng.random(n)
    z_anchor = rng.standard_normal(n)
    z_prior = rng.standard_normal(n)
    g = rng.standard_normal(n)
    z_trust = rng.standard_normal(n)
    z_sat = rng.standard_normal(n)
    shape = (mean[k] / sd[k]) ** 2
    actual = np.maximum(np.round(_gamma_from_normal(g, shape, mean[k]), 1), 0.5)
    informed = u < p["informed_share"]
    expected = np.where(informed, limit[k] * np.exp(p["anchor_spread"] * z_anchor),
                        p["prior_median_ratio"] * mean[k] * np.exp(p["prior_spread"] * z_prior))
    expected = np.maximum(np.round(expected * 2) / 2, 0.5)       # answers in half days
    trust = _likert(p["trust_mean"] + p["trust_sd"] * z_trust)
    gap = np.round(expected - actual, 1)
    trust_c = trust - p["trust_mean"]
    latent = (p["satisfaction_intercept"] + p["gap_effect"] * gap + p["trust_effect"] * trust_c
              + p["interaction"] * gap * trust_c + p["satisfaction_sd"] * z_sat)
    return {"item": np.array(items, dtype=object)[k], "limit": limit[k], "informed": informed,
            "expected": expected, "actual": actual, "gap": gap, "trust": trust,
            "satisfaction": _likert(latent)}


def _gamma_from_normal(z: np.ndarray, shape: np.ndarray, mean: np.ndarray) -> np.ndarray:
    """Gamma(shape, mean/shape) quantile of Φ(z): one normal draw per person, any parameters."""
    q = stats.norm.cdf(z)
    return special.gammaincinv(shape, q) * mean / shape


def citizen_expectations(n: int = 800, seed: int | np.random.Generator | None = 2026,
                         **params) -> pd.DataFrame:
    """Simulate a survey of citizens' predictive expectations of processing time, and trust.

    One row per respondent who finished a case at a service centre: the service item, whether
    he or she knew the item's published time limit before applying, the processing time he or
    she expected (a *predictive* expectation: what the respondent thought would happen), the
    actual time, trust in the centre and overall satisfaction.

    Parameters
    ----------
    n : int, default 800
        Respondents.
    seed : int or numpy.random.Generator, default 2026
        Seed.
    **params
        Keys of :data:`EXPECTATIONS_SURVEY_DEFAULTS` (unknown keys raise
        :class:`~helpers.HelpersError`): ``items`` {item: (published limit, actual mean,
        actual SD), working days}, ``item_shares``, ``informed_share`` (share who know the
        limit), ``anchor_spread`` and ``prior_spread`` (log-scale SD of the expectations of
        those who know and do not know the limit), ``prior_median_ratio``, ``trust_mean``,
        ``trust_sd``, the satisfaction model ``satisfaction_intercept``, ``gap_effect``,
        ``trust_effect``, ``interaction``, ``satisfaction_sd``; ``unrealistic_bounds`` and
        ``tolerance_days`` only define truths.

    Returns
    -------
    pandas.DataFrame
        Columns

        - ``respondent_id`` : ``C0001`` …
        - ``service_item`` : the item applied for
        - ``published_days`` : the item's published time limit (working days)
        - ``knows_limit`` : 1 if the respondent knew the published limit before applying, else 0
        - ``expected_days`` : expected processing time (working days, in half days, ≥ 0.5)
        - ``actual_days`` : actual processing time (working days, one decimal)
        - ``gap_days`` : ``expected_days − actual_days`` (subtractive disconfirmation of time;
          negative: the case took longer than expected)
        - ``trust`` : trust in the service centre, 1–7
        - ``satisfaction`` : overall satisfaction, 1–7

        ``attrs["truth"]`` holds :func:`citizen_expectations_truth` as a dict.

    Notes
    -----
    Model (illustrative): item k drawn with ``item_shares``; actual time
    ``T ~ Gamma`` with the item's mean and SD; knows the limit with probability π; expectation
    ``E = L_k·exp(σ_a Z)`` if informed, ``E = r·m_k·exp(σ_p Z')`` if not (the model of
    :func:`helpers.transparency.simulate_expectations` with the published limit ``L_k``);
    trust ``= round(μ_T + σ_T Z_T)`` on 1–7; latent satisfaction
    ``S* = c + β₁·gap + β₂·(trust − μ_T) + β₃·gap·(trust − μ_T) + σ Z_S``, rounded and clipped
    to 1–7. Each person's random numbers are drawn whatever the parameters, so a draw with
    another parameter value differs only through it.

    Examples
    --------
    >>> df = citizen_expectations(n=50, seed=1)
    >>> df.shape
    (50, 9)
    >>> sorted(df["knows_limit"].unique().tolist())
    [0, 1]
    """
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 10:
        raise HelpersError(f"n 必须是不小于 10 的整数 (n must be an integer >= 10, got {n!r})")
    p = _params(params)
    a = _arrays(_rng(seed), int(n), p)
    df = pd.DataFrame({
        "respondent_id": [f"C{i:04d}" for i in range(1, int(n) + 1)],
        "service_item": a["item"].astype(str),
        "published_days": a["limit"],
        "knows_limit": a["informed"].astype(np.int64),
        "expected_days": a["expected"],
        "actual_days": a["actual"],
        "gap_days": a["gap"],
        "trust": a["trust"],
        "satisfaction": a["satisfaction"],
    })
    df["respondent_id"] = df["respondent_id"].astype("str")
    df["service_item"] = df["service_item"].astype("str")
    df.attrs["truth"] = _truth_dict(p)
    df.attrs["params"] = {"n": int(n), "seed": seed if isinstance(seed, int) else None}
    return df


@functools.lru_cache(maxsize=8)
def _truth_cached(frozen: tuple) -> dict:
    import statsmodels.api as sm

    p = _params(_unfreeze(frozen))
    p["items"] = {k: tuple(v) for k, v in p["items"].items()}
    a = _arrays(np.random.default_rng(_POPULATION_SEED), POPULATION_N, p)
    ratio = a["expected"] / a["limit"]
    lo, hi = p["unrealistic_bounds"]
    unreal = (ratio < lo) | (ratio > hi)
    neg = (a["actual"] - a["expected"]) > p["tolerance_days"]
    out: dict = {"informed_share": p["informed_share"], "gap_effect": p["gap_effect"],
                 "trust_effect": p["trust_effect"], "interaction_latent": p["interaction"],
                 "trust_mean_latent": p["trust_mean"]}
    for name, mask in (("informed", a["informed"]), ("uninformed", ~a["informed"])):
        r = ratio[mask]
        if r.size < 2:          # informed_share 0 or 1: the group is empty
            for key in ("ratio_sd", "ratio_iqr", "unrealistic", "negative_surprise"):
                out[f"{key}_{name}"] = float("nan")
            continue
        q75, q25 = np.percentile(r, [75, 25])
        out[f"ratio_sd_{name}"] = round(float(r.std(ddof=1)), 4)
        out[f"ratio_iqr_{name}"] = round(float(q75 - q25), 4)
        out[f"unrealistic_{name}"] = round(float(unreal[mask].mean()), 4)
        out[f"negative_surprise_{name}"] = round(float(neg[mask].mean()), 4)
    trust_c = a["trust"] - a["trust"].mean()
    X = sm.add_constant(np.column_stack([a["gap"], trust_c, a["gap"] * trust_c]))
    b = sm.OLS(a["satisfaction"].astype(float), X).fit().params
    out.update({"observed_gap_slope": round(float(b[1]), 4),
                "observed_trust_slope": round(float(b[2]), 4),
                "observed_interaction": round(float(b[3]), 4),
                "trust_mean_observed": round(float(a["trust"].mean()), 4),
                "trust_sd_observed": round(float(a["trust"].std(ddof=1)), 4)})
    return out


def _truth_dict(p: dict) -> dict:
    key = {k: v for k, v in p.items() if k != "n"}
    key["items"] = {i: list(v) for i, v in key["items"].items()}
    key["item_shares"] = list(key["item_shares"])
    key["unrealistic_bounds"] = list(key["unrealistic_bounds"])
    return _truth_cached(_freeze(key))


def citizen_expectations_truth(**params) -> pd.DataFrame:
    """The known truths of :func:`citizen_expectations` (one row).

    Parameters
    ----------
    **params
        Keys of :data:`EXPECTATIONS_SURVEY_DEFAULTS`, as passed to
        :func:`citizen_expectations` (``n`` is ignored).

    Returns
    -------
    pandas.DataFrame
        One row (a group's values are NaN only when ``informed_share`` is 0 or 1):

        - ``informed_share`` : π, the share who know the published limit
        - ``gap_effect``, ``trust_effect``, ``interaction_latent``, ``trust_mean_latent`` :
          the parameters of the latent satisfaction model
        - ``ratio_sd_informed``, ``ratio_sd_uninformed``, ``ratio_iqr_informed``,
          ``ratio_iqr_uninformed`` : SD and IQR of ``expected_days / published_days`` in each
          group
        - ``unrealistic_informed``, ``unrealistic_uninformed`` : share whose expectation lies
          outside ``unrealistic_bounds`` × the published limit
        - ``negative_surprise_informed``, ``negative_surprise_uninformed`` : share whose case
          took more than ``tolerance_days`` longer than expected
        - ``observed_gap_slope``, ``observed_trust_slope``, ``observed_interaction`` : OLS
          coefficients of the rounded 1–7 satisfaction on gap, centred trust and their
          product (what a very large sample estimates)
        - ``trust_mean_observed``, ``trust_sd_observed`` : mean and SD of the 1–7 trust answers

    Notes
    -----
    Computed on a large simulated population (``POPULATION_N`` respondents, fixed seed) with
    the model of :func:`citizen_expectations`, cached per parameter set. Rounding and clipping
    satisfaction to 1–7 shrink the latent coefficients a little; the ``observed_*`` values
    are the targets of a regression on the published data.

    Validated against: the estimates of large draws (tests/test_simulate_expectations_survey.py).

    Examples
    --------
    >>> t = citizen_expectations_truth().iloc[0]
    >>> bool(t["ratio_sd_uninformed"] > t["ratio_sd_informed"])
    True
    """
    params.pop("n", None)
    return pd.DataFrame([_truth_dict(_params(params))])
