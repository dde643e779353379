"""Seeded generators of the course's simulated (模拟) datasets, with their true parameters.

Every dataset the book uses is simulated here, so a chapter can compare an estimate with the
truth ("the true gap was −0.80, the estimate is −0.78 ± 0.05"). Each generator

* takes named parameters and a ``seed`` (a :class:`numpy.random.Generator` is built from it),
* returns a :class:`pandas.DataFrame` whose ``attrs["truth"]`` holds the true parameters
  (plain dicts of numbers, small enough to travel with the frame) and ``attrs["params"]`` the
  parameters used,
* has a companion ``*_truth(...)`` function that returns the truth as a tidy DataFrame.

Where rounding to a 1–7 answer and clipping at the ends of the scale shift a mean, the truth is
given twice: on the latent scale (the parameter you passed) and as the expected *observed* mean
(what a perfect, infinitely large sample of rounded answers would show). The observed truth is
computed by simulating a very large population (``POPULATION_N`` respondents, fixed seed) with the
same parameters; its Monte Carlo error is about 0.002 on the 1–7 scale.

Regenerate every CSV of ``datasets/`` (byte for byte identical)::

    python -m helpers.simulate --out datasets

Load a written dataset with proper dtypes with :func:`load_dataset`.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from helpers._validate import HelpersError
from helpers.labels import DIMENSIONS, ITEM_DIMENSION, RATING_GRADES, item_columns

__all__ = [
    "POPULATION_N",
    "SERVQUAL_CHANNELS",
    "SERVQUAL_REGIONS",
    "AGE_GROUPS",
    "servqual_survey",
    "servqual_truth",
    "ratings_log",
    "ratings_truth",
    "ratings_log_parquet",
    "hotline_tickets",
    "hotline_truth",
    "epidemic_timeline",
    "epidemic_truth",
    "kano_survey",
    "kano_truth",
    "ipa_survey",
    "ipa_truth",
    "DATASETS",
    "write_datasets",
    "datasets_dir",
    "load_dataset",
    "main",
]

POPULATION_N = 200_000
"""Respondents per wave of the large simulated population used for observed-scale truths."""

_POPULATION_SEED = 20_240_601


def _rng(seed: int | np.random.Generator | None) -> np.random.Generator:
    if isinstance(seed, np.random.Generator):
        return seed
    return np.random.default_rng(seed)


def _likert(latent: np.ndarray, lo: int = 1, hi: int = 7) -> np.ndarray:
    """Round a latent score to the nearest answer and clip it to the scale."""
    return np.clip(np.rint(latent), lo, hi).astype(np.int64)


def _freeze(value):
    """Make a parameter hashable for the truth cache."""
    if isinstance(value, Mapping):
        return tuple(sorted((k, _freeze(v)) for k, v in value.items()))
    if isinstance(value, (list, tuple)):
        return tuple(_freeze(v) for v in value)
    return value


# ---------------------------------------------------------------------------------------------
# a. SERVQUAL survey of a city government service centre (two waves)
# ---------------------------------------------------------------------------------------------

SERVQUAL_CHANNELS: dict[str, float] = {
    "电视/报纸": 0.15,
    "微信/微博等社交媒体": 0.30,
    "政府网站/政务App": 0.20,
    "亲友介绍": 0.15,
    "以往办事经历": 0.20,
}
"""Channels through which respondents learnt about the service, with population shares."""

SERVQUAL_REGIONS: dict[str, float] = {"主城区": 0.40, "新区": 0.20, "县城": 0.25, "乡镇": 0.15}
"""Regions of residence with population shares."""

AGE_GROUPS: dict[str, float] = {"18–29": 0.22, "30–44": 0.32, "45–59": 0.28, "60+": 0.18}
"""Age groups (en dash) with population shares."""

_CHANNEL_EFFECT = {"电视/报纸": 0.0, "微信/微博等社交媒体": 0.40, "政府网站/政务App": 0.10,
                   "亲友介绍": 0.05, "以往办事经历": -0.05}
_REGION_EFFECT = {"主城区": 0.20, "新区": 0.25, "县城": -0.15, "乡镇": -0.35}

SERVQUAL_DEFAULTS: dict = dict(
    n=600,
    true_gaps={"tangibles": -0.50, "reliability": -1.10, "responsiveness": -0.90,
               "assurance": -0.60, "empathy": -0.80},
    wave_shift={"tangibles": 0.0, "reliability": 0.40, "responsiveness": 0.50,
                "assurance": 0.0, "empathy": 0.0},
    expectation_means={"tangibles": 5.3, "reliability": 5.9, "responsiveness": 5.6,
                       "assurance": 5.6, "empathy": 5.3},
    channel_effect=_CHANNEL_EFFECT,
    region_effect=_REGION_EFFECT,
    visit_effect=0.08,
    visit_cap=6,
    mean_visits=2.5,
    importance={"tangibles": 11, "reliability": 32, "responsiveness": 22, "assurance": 19,
                "empathy": 16},
    importance_concentration=25.0,
    satisfaction_model={"intercept": 5.2, "beta_e": 0.25, "beta_d": 0.90, "sigma": 0.60},
    trust_model={"intercept": 1.6, "beta_s": 0.55, "sigma": 0.80},
    person_sd=0.45,
    dimension_sd=0.35,
    item_sd=0.60,
)
"""Default parameters of :func:`servqual_survey` (the values written to ``datasets/``)."""

# fixed item offsets (sum to zero within each dimension, so dimension means are unchanged)
_ITEM_OFFSETS = np.array([0.10, -0.15, 0.20, -0.15,             # tangibles 1-4
                          0.10, -0.10, 0.15, 0.0, -0.15,        # reliability 5-9
                          0.15, -0.10, -0.15, 0.10,             # responsiveness 10-13
                          0.05, 0.10, -0.20, 0.05,              # assurance 14-17
                          -0.10, 0.20, -0.10, 0.05, -0.05])     # empathy 18-22


def _servqual_params(kwargs: dict) -> dict:
    unknown = set(kwargs) - set(SERVQUAL_DEFAULTS)
    if unknown:
        raise HelpersError(f"未知参数 (unknown parameter(s)): {sorted(unknown)}")
    params = {**SERVQUAL_DEFAULTS, **kwargs}
    for key in ("true_gaps", "wave_shift", "expectation_means", "importance"):
        merged = {**SERVQUAL_DEFAULTS[key], **params[key]}
        if set(merged) != set(DIMENSIONS):
            raise HelpersError(f"{key} 的键必须是五个维度 (keys of {key} must be {DIMENSIONS})")
        params[key] = merged
    return params


def _visit_pmf(mean_visits: float, size: float = 1.5, vmax: int = 400):
    from scipy import stats
    p = size / (size + mean_visits)
    v = np.arange(vmax)
    return v, stats.nbinom.pmf(v, size, p), p


def _expected_covariate_effect(params: dict) -> float:
    """Population mean of the expectation shift from channel, region and visits (exact)."""
    v, pmf, _ = _visit_pmf(params["mean_visits"])
    ch = np.array(list(SERVQUAL_CHANNELS.values()))
    eff = np.array([params["channel_effect"][c] for c in SERVQUAL_CHANNELS])
    no_prior = ch.copy()
    no_prior[list(SERVQUAL_CHANNELS).index("以往办事经历")] = 0.0
    ch_eff_first = float(no_prior @ eff / no_prior.sum())   # visits == 0: no past experience
    ch_eff_other = float(ch @ eff)
    channel_part = pmf[0] * ch_eff_first + (1 - pmf[0]) * ch_eff_other
    visit_part = params["visit_effect"] * float(pmf @ np.minimum(v, params["visit_cap"]))
    region_part = sum(SERVQUAL_REGIONS[r] * params["region_effect"][r] for r in SERVQUAL_REGIONS)
    return channel_part + visit_part + region_part


def _allocate_points(weights: np.ndarray, unit: int = 5, total: int = 100) -> np.ndarray:
    """Round each row of ``weights`` (summing to 1) to multiples of ``unit`` summing to ``total``
    (largest-remainder method; ties broken by column order)."""
    units = total // unit
    raw = weights * units
    base = np.floor(raw).astype(np.int64)
    short = units - base.sum(axis=1)
    rema = raw - base
    order = np.argsort(-rema, axis=1, kind="stable")
    rank = np.empty_like(order)
    np.put_along_axis(rank, order, np.arange(weights.shape[1])[None, :].repeat(len(raw), 0), 1)
    base += rank < short[:, None]
    return base * unit


def _servqual_frame(rng: np.random.Generator, n_per_wave: int, params: dict,
                    with_latent: bool = False) -> pd.DataFrame:
    n = 2 * n_per_wave
    wave = np.repeat([1, 2], n_per_wave)
    dims = list(DIMENSIONS)
    item_dim = np.array([dims.index(ITEM_DIMENSION[i]) for i in range(1, 23)])

    # respondent characteristics
    _, _, p_nb = _visit_pmf(params["mean_visits"])
    visits = rng.negative_binomial(1.5, p_nb, size=n)
    channels = list(SERVQUAL_CHANNELS)
    ch_p = np.array(list(SERVQUAL_CHANNELS.values()))
    ch_p0 = ch_p.copy()
    ch_p0[channels.index("以往办事经历")] = 0
    ch_p0 /= ch_p0.sum()
    u = rng.random(n)
    ch_idx = np.where(visits == 0, np.searchsorted(np.cumsum(ch_p0), u, side="right"),
                      np.searchsorted(np.cumsum(ch_p), u, side="right"))
    ch_idx = np.minimum(ch_idx, len(channels) - 1)
    regions = list(SERVQUAL_REGIONS)
    reg_idx = rng.choice(len(regions), size=n, p=list(SERVQUAL_REGIONS.values()))
    ages = list(AGE_GROUPS)
    age_idx = rng.choice(len(ages), size=n, p=list(AGE_GROUPS.values()))

    cov = (np.array([params["channel_effect"][c] for c in channels])[ch_idx]
           + np.array([params["region_effect"][r] for r in regions])[reg_idx]
           + params["visit_effect"] * np.minimum(visits, params["visit_cap"]))
    cov = cov - _expected_covariate_effect(params)   # centred: population mean shift is 0

    mu_e = np.array([params["expectation_means"][d] for d in dims])
    gap = np.array([params["true_gaps"][d] for d in dims])
    shift = np.array([params["wave_shift"][d] for d in dims])
    psd, dsd, isd = params["person_sd"], params["dimension_sd"], params["item_sd"]

    e_person = rng.normal(0, psd, n)[:, None] + rng.normal(0, dsd, (n, 5))[:, item_dim]
    e_lat = (mu_e[item_dim] + _ITEM_OFFSETS)[None, :] + cov[:, None] + e_person \
        + rng.normal(0, isd, (n, 22))
    p_mean = mu_e + gap + np.where(wave[:, None] == 2, shift[None, :], 0.0)    # (n, 5)
    p_person = rng.normal(0, psd, n)[:, None] + rng.normal(0, dsd, (n, 5))[:, item_dim]
    p_lat = p_mean[:, item_dim] + _ITEM_OFFSETS[None, :] + p_person + rng.normal(0, isd, (n, 22))
    e_obs, p_obs = _likert(e_lat), _likert(p_lat)

    # 100-point importance allocation, in steps of 5, summing to exactly 100
    w = np.array([params["importance"][d] for d in dims], dtype=float)
    w = w / w.sum()
    weights = rng.dirichlet(w * params["importance_concentration"], size=n)
    points = _allocate_points(weights)

    # expectation-disconfirmation model of overall satisfaction, then trust
    sm, tm = params["satisfaction_model"], params["trust_model"]
    e_bar = e_obs.mean(axis=1)
    d_bar = (p_obs - e_obs).mean(axis=1)
    e_ref = float(mu_e[item_dim].mean())
    s_lat = (sm["intercept"] + sm["beta_e"] * (e_bar - e_ref) + sm["beta_d"] * d_bar
             + rng.normal(0, sm["sigma"], n))
    satisfaction = _likert(s_lat)
    trust = _likert(tm["intercept"] + tm["beta_s"] * satisfaction + rng.normal(0, tm["sigma"], n))

    data = {
        "respondent_id": [f"R{i:04d}" for i in range(1, n + 1)],
        "wave": wave.astype(np.int64),
        "channel": np.array(channels, dtype=object)[ch_idx],
        "region": np.array(regions, dtype=object)[reg_idx],
        "age_group": np.array(ages, dtype=object)[age_idx],
        "visits": visits.astype(np.int64),
    }
    data.update({c: e_obs[:, j] for j, c in enumerate(item_columns("E"))})
    data.update({c: p_obs[:, j] for j, c in enumerate(item_columns("P"))})
    data.update({f"imp_{d}": points[:, j] for j, d in enumerate(dims)})
    data["satisfaction"] = satisfaction
    data["trust"] = trust
    df = pd.DataFrame(data)
    for c in ("respondent_id", "channel", "region", "age_group"):
        df[c] = df[c].astype("str")
    if with_latent:
        df.attrs["e_bar"] = e_bar
        df.attrs["d_bar"] = d_bar
    return df


def _dimension_gaps(df: pd.DataFrame) -> pd.DataFrame:
    """Per-respondent dimension gaps (mean of P_i − E_i over the items of each dimension)."""
    out = {}
    for d in DIMENSIONS:
        items = [i for i, dd in ITEM_DIMENSION.items() if dd == d]
        out[d] = (df[item_columns("P", items)].to_numpy(float)
                  - df[item_columns("E", items)].to_numpy(float)).mean(axis=1)
    return pd.DataFrame(out, index=df.index)


@functools.lru_cache(maxsize=16)
def _servqual_truth_cached(frozen: tuple) -> dict:
    params = _servqual_params(_unfreeze(frozen))
    dims = list(DIMENSIONS)
    truth: dict = {"latent_gap": {}, "observed_gap": {}, "observed_e": {}, "observed_p": {},
                   "importance_points": {}, "satisfaction_ols": {}}
    pop = _servqual_frame(np.random.default_rng(_POPULATION_SEED), POPULATION_N, params,
                          with_latent=True)
    gaps = _dimension_gaps(pop)
    for w in (1, 2):
        m = (pop["wave"] == w).to_numpy()
        key = f"wave{w}"
        truth["latent_gap"][key] = {d: round(params["true_gaps"][d]
                                             + (params["wave_shift"][d] if w == 2 else 0.0), 6)
                                    for d in dims}
        truth["observed_gap"][key] = {d: round(float(gaps.loc[m, d].mean()), 3) for d in dims}
        e_means, p_means = {}, {}
        for d in dims:
            items = [i for i, dd in ITEM_DIMENSION.items() if dd == d]
            e_means[d] = round(float(pop.loc[m, item_columns("E", items)].to_numpy().mean()), 3)
            p_means[d] = round(float(pop.loc[m, item_columns("P", items)].to_numpy().mean()), 3)
        truth["observed_e"][key] = e_means
        truth["observed_p"][key] = p_means
    truth["importance_points"] = {d: round(float(pop[f"imp_{d}"].mean()), 2) for d in dims}
    # OLS of the rounded satisfaction on mean E and mean gap D (observed scale)
    x = np.column_stack([np.ones(len(pop)), pop.attrs["e_bar"], pop.attrs["d_bar"]])
    coef, *_ = np.linalg.lstsq(x, pop["satisfaction"].to_numpy(float), rcond=None)
    truth["satisfaction_ols"] = {"intercept": round(float(coef[0]), 3),
                                 "beta_e": round(float(coef[1]), 3),
                                 "beta_d": round(float(coef[2]), 3)}
    truth["satisfaction_model"] = dict(params["satisfaction_model"])
    truth["trust_model"] = dict(params["trust_model"])
    truth["expectation_effects"] = {
        "channel": dict(params["channel_effect"]),
        "region": dict(params["region_effect"]),
        "visit_effect_per_visit": params["visit_effect"],
        "visit_cap": params["visit_cap"],
    }
    return truth


def _unfreeze(frozen):
    if isinstance(frozen, tuple) and all(isinstance(x, tuple) and len(x) == 2
                                         and isinstance(x[0], str) for x in frozen):
        return {k: _unfreeze(v) for k, v in frozen}
    return frozen


def _servqual_truth_dict(params: dict) -> dict:
    key = {k: v for k, v in params.items() if k != "n"}
    return _servqual_truth_cached(_freeze(key))


def servqual_survey(n: int = 600, seed: int | np.random.Generator | None = 2024,
                    **params) -> pd.DataFrame:
    """Simulate a two-wave SERVQUAL survey of a city government service centre (政务服务中心).

    Wave 1 is before and wave 2 after a process change. Each respondent answers the 22
    expectation items ``E1``–``E22`` and the 22 perception items ``P1``–``P22`` on a 7-point scale
    (item → dimension as :data:`helpers.labels.ITEM_DIMENSION`), divides 100 importance points
    among the five dimensions (in steps of 5), and rates overall satisfaction and trust (1–7).

    Parameters
    ----------
    n : int
        Respondents per wave (total rows ``2 * n``).
    seed : int or numpy.random.Generator
        Seed of the random number generator.
    **params
        Any key of :data:`SERVQUAL_DEFAULTS`; dict-valued keys are merged with the defaults, e.g.
        ``true_gaps={"reliability": -1.3}``. The main ones:

        true_gaps : dict
            Wave-1 dimension gap P − E on the latent mean scale (negative = shortfall).
        wave_shift : dict
            Change of the perception mean (hence the gap) in wave 2.
        expectation_means : dict
            Population mean of the latent expectations of each dimension.
        channel_effect, region_effect : dict
            Shift of all expectations by information channel and by region (centred so that
            the population mean of the shift is 0).
        visit_effect, visit_cap : float, int
            Shift of expectations per past visit, counting at most ``visit_cap`` visits.
        importance : dict
            Mean importance points per dimension (normalised to 100).
        satisfaction_model : dict
            ``S* = intercept + beta_e·(Ē − Ē_ref) + beta_d·D̄ + N(0, sigma)``, with Ē the mean of
            the 22 observed expectations, D̄ the mean of the 22 item gaps and Ē_ref the mean of
            ``expectation_means`` over items; S is S* rounded and clipped to 1–7.

    Returns
    -------
    pandas.DataFrame
        Columns ``respondent_id, wave, channel, region, age_group, visits, E1..E22, P1..P22,
        imp_tangibles, imp_reliability, imp_responsiveness, imp_assurance, imp_empathy,
        satisfaction, trust``. ``attrs["truth"]`` holds the truth (see :func:`servqual_truth`).

    Notes
    -----
    Latent model for respondent *r* and item *i* of dimension *d*::

        E*_ri = μE_d + o_i + c_r + u_r + v_rd + ε_ri
        P*_ri = μE_d + gap_d + shift_d·[wave 2] + o_i + u'_r + v'_rd + ε'_ri

    with fixed item offsets o_i (summing to 0 within a dimension), the centred covariate shift
    c_r (channel + region + visits), person effects u ~ N(0, person_sd), person-by-dimension
    effects v ~ N(0, dimension_sd) and item noise ε ~ N(0, item_sd). The answers are the latent
    scores rounded and clipped to 1–7. Clipping pulls the observed means in from the ends of the
    scale, so the truth gives both the latent gap (``gap_d``) and the expected observed gap.

    Calibration: 22 items and five dimensions as in Parasuraman, Zeithaml & Berry (1988, 1991);
    7-point scale; reliability as the largest shortfall as in the worked example of domain
    brief §1.4; importance points 11/32/22/19/16 follow the commonly quoted averages (marked
    unverified in the brief), used here only as simulation parameters.

    Examples
    --------
    >>> df = servqual_survey(n=50, seed=1)
    >>> df.shape
    (100, 57)
    >>> bool((df.filter(like="imp_").sum(axis=1) == 100).all())
    True
    >>> df.attrs["truth"]["latent_gap"]["wave1"]["reliability"]
    -1.1
    """
    if not isinstance(n, (int, np.integer)) or n < 1:
        raise HelpersError(f"n 必须是正整数 (n must be a positive integer, got {n!r})")
    p = _servqual_params(params)
    p["n"] = int(n)
    df = _servqual_frame(_rng(seed), int(n), p)
    df.attrs["truth"] = _servqual_truth_dict(p)
    df.attrs["params"] = {"n": int(n), "seed": seed if isinstance(seed, int) else None}
    return df


def servqual_truth(**params) -> pd.DataFrame:
    """True dimension gaps of :func:`servqual_survey` for the given parameters, as a tidy frame.

    Columns: ``wave, dimension, latent_gap`` (the parameter), ``observed_gap`` (expected mean of
    the per-respondent dimension gaps of rounded, clipped answers), ``observed_e``,
    ``observed_p`` (expected observed item means) and ``importance_points`` (expected mean
    allocation).

    >>> t = servqual_truth()
    >>> t.loc[(t.wave == 1) & (t.dimension == "reliability"), "latent_gap"].item()
    -1.1
    """
    params = {k: v for k, v in params.items() if k != "n"}
    truth = _servqual_truth_dict(_servqual_params(params))
    rows = []
    for w in (1, 2):
        key = f"wave{w}"
        for d in DIMENSIONS:
            rows.append({"wave": w, "dimension": d,
                         "latent_gap": truth["latent_gap"][key][d],
                         "observed_gap": truth["observed_gap"][key][d],
                         "observed_e": truth["observed_e"][key][d],
                         "observed_p": truth["observed_p"][key][d],
                         "importance_points": truth["importance_points"][d]})
    return pd.DataFrame(rows)



# ---------------------------------------------------------------------------------------------
# b. 好差评 rating log
# ---------------------------------------------------------------------------------------------

DEPARTMENTS: dict[str, list[str]] = {
    "市场监管": ["企业设立登记", "营业执照变更", "食品经营许可"],
    "人社": ["社保参保登记", "失业保险金申领", "社保卡补换"],
    "公安户政": ["户口迁移", "居住证办理", "身份证换领"],
    "不动产登记": ["不动产转移登记", "抵押登记", "不动产权证查询"],
    "医保": ["医保关系转移", "异地就医备案", "医保报销"],
    "公积金": ["公积金提取", "公积金贷款", "缴存基数调整"],
    "税务": ["发票申领", "个税汇算咨询", "税务登记"],
}
"""Departments of the service centre and their service items (simulated)."""

RATING_CHANNELS: dict[str, float] = {"现场": 0.55, "网上": 0.25, "移动端": 0.20}

RATINGS_DEFAULTS: dict = dict(
    n=30_000,
    n_windows=40,
    tiny_windows={"W37": 2, "W38": 3, "W39": 4, "W40": 5},
    start="2025-03-03",
    days=119,
    mean_bad_rate=0.0015,
    bad_rate_logit_sd=0.9,
    mean_basic_rate=0.02,
    very_satisfied_share=0.82,
)
"""Default parameters of :func:`ratings_log`."""


def _window_table(params: dict) -> pd.DataFrame:
    """Per-window department and true grade probabilities (fixed by ``params`` only)."""
    rng = np.random.default_rng(7_301 + params["n_windows"])
    depts = list(DEPARTMENTS)
    k = params["n_windows"]
    windows = [f"W{i:02d}" for i in range(1, k + 1)]
    dept = [depts[i % len(depts)] for i in range(k)]
    logit = lambda p: np.log(p / (1 - p))  # noqa: E731
    bad = 1 / (1 + np.exp(-(logit(params["mean_bad_rate"])
                            + rng.normal(0, params["bad_rate_logit_sd"], k))))
    basic = 1 / (1 + np.exp(-(logit(params["mean_basic_rate"]) + rng.normal(0, 0.5, k))))
    top = 1 - bad - basic
    vs = np.clip(params["very_satisfied_share"] + rng.normal(0, 0.05, k), 0.5, 0.97)
    probs = np.column_stack([top * vs, top * (1 - vs), basic, bad * 0.7, bad * 0.3])
    weight = rng.lognormal(0, 0.5, k)
    tiny = params["tiny_windows"]
    weight[[windows.index(w) for w in tiny]] = 0.0
    tab = pd.DataFrame({"window": windows, "department": dept, "volume_weight": weight / weight.sum()})
    for j, g in enumerate(RATING_GRADES):
        tab[f"p_{g}"] = probs[:, j].round(6)
    tab["p_good"] = (1 - tab[f"p_{RATING_GRADES[3]}"] - tab[f"p_{RATING_GRADES[4]}"]).round(6)
    tab["p_top2"] = (tab[f"p_{RATING_GRADES[0]}"] + tab[f"p_{RATING_GRADES[1]}"]).round(6)
    return tab


def _ratings_params(kwargs: dict) -> dict:
    unknown = set(kwargs) - set(RATINGS_DEFAULTS)
    if unknown:
        raise HelpersError(f"未知参数 (unknown parameter(s)): {sorted(unknown)}")
    return {**RATINGS_DEFAULTS, **kwargs}


def _ratings_chunk(rng: np.random.Generator, counts: np.ndarray, tab: pd.DataFrame,
                   start: pd.Timestamp, days: int, first_id: int,
                   iso_time: bool = True) -> pd.DataFrame:
    """Ratings for given per-window counts, with times in ``[start, start + days)``."""
    n = int(counts.sum())
    win_idx = np.repeat(np.arange(len(tab)), counts)
    chan_names = list(RATING_CHANNELS)
    chan = rng.choice(len(chan_names), size=n, p=list(RATING_CHANNELS.values()))
    # times: on-site ratings on weekdays 9:00-17:00, online ones any day, mostly daytime
    day_all = np.arange(days)
    weekday = ((start.day_of_week + day_all) % 7) < 5
    workdays = day_all[weekday]
    day = np.where(chan == 0, rng.choice(workdays, size=n), rng.integers(0, days, size=n))
    sec_site = rng.integers(9 * 3600, 17 * 3600, size=n)
    sec_online = np.rint(rng.normal(14 * 3600, 4.5 * 3600, size=n)).astype(np.int64) % 86_400
    sec = np.where(chan == 0, sec_site, sec_online)
    ts = start + pd.to_timedelta(day * 86_400 + sec, unit="s")
    probs = tab[[f"p_{g}" for g in RATING_GRADES]].to_numpy()
    cum = np.cumsum(probs, axis=1)
    cum[:, -1] = 1.0
    grade_idx = (rng.random(n)[:, None] > cum[win_idx]).sum(axis=1)
    depts = tab["department"].to_numpy()[win_idx]
    items_pick = rng.integers(0, 3, size=n)
    dept_names = list(DEPARTMENTS)
    lookup = np.array([DEPARTMENTS[d] for d in dept_names], dtype=object)   # (7, 3)
    dept_code = pd.Categorical(depts, categories=dept_names).codes
    service = lookup[dept_code, items_pick]
    df = pd.DataFrame({
        "time": ts,
        "window": tab["window"].to_numpy()[win_idx],
        "department": depts,
        "service_item": service,
        "channel": np.array(chan_names, dtype=object)[chan],
        "grade": np.array(RATING_GRADES, dtype=object)[grade_idx],
    })
    df = df.sort_values(["time", "window"], kind="stable").reset_index(drop=True)
    df.insert(0, "rating_id", [f"H{first_id + i:08d}" for i in range(n)])
    if iso_time:
        df["time"] = df["time"].dt.strftime("%Y-%m-%dT%H:%M:%S")
    for c in ("rating_id", "window", "department", "service_item", "channel", "grade"):
        df[c] = df[c].astype("str")
    return df


def ratings_log(n: int = 30_000, seed: int | np.random.Generator | None = 2025,
                **params) -> pd.DataFrame:
    """Simulate a 好差评 rating log of a service centre (one row per rating).

    Parameters
    ----------
    n : int
        Total number of ratings (the tiny windows included).
    seed : int or numpy.random.Generator
        Seed of the random number generator (the window table is fixed by the parameters).
    **params
        Keys of :data:`RATINGS_DEFAULTS`: ``n_windows`` (windows W01…), ``tiny_windows``
        ({window: exact number of ratings}, windows with very few ratings), ``start``, ``days``,
        ``mean_bad_rate`` (typical 差评 share, 不满意 + 非常不满意), ``bad_rate_logit_sd``
        (spread of the 差评 rate between windows on the logit scale), ``mean_basic_rate``
        (基本满意 share), ``very_satisfied_share`` (share of 非常满意 among the top two grades).

    Returns
    -------
    pandas.DataFrame
        Columns ``rating_id, time, window, department, service_item, channel, grade``; ``time``
        is an ISO 8601 string (``load_dataset`` parses it). ``attrs["truth"]`` holds the true
        grade probabilities per window (see :func:`ratings_truth`).

    Notes
    -----
    Each window *w* has true grade probabilities; a rating's grade is a categorical draw from
    them. The 差评 rate of a window is ``logistic(logit(mean_bad_rate) + N(0, sd))``, so most
    windows have a good-rating rate (1 − 差评 rate) of 99–100 %: the ceiling effect of the
    reported local rates (99.83 %, 99.99 %; domain brief §7.1). Grades are the five levels of
    the 好差评 system (§7.1).

    Examples
    --------
    >>> df = ratings_log(n=500, seed=1)
    >>> df.shape
    (500, 7)
    >>> int((df["window"] == "W37").sum())
    2
    """
    p = _ratings_params(params)
    tab = _window_table(p)
    rng = _rng(seed)
    tiny = p["tiny_windows"]
    n_rest = int(n) - sum(tiny.values())
    if n_rest < 0:
        raise HelpersError(f"n 太小 (n must be at least {sum(tiny.values())})")
    counts = rng.multinomial(n_rest, tab["volume_weight"].to_numpy())
    for w, c in tiny.items():
        counts[tab.index[tab["window"] == w][0]] = c
    df = _ratings_chunk(rng, counts, tab, pd.Timestamp(p["start"]), p["days"], 1)
    df.attrs["truth"] = {"windows": tab.drop(columns="volume_weight").set_index("window")
                         .to_dict(orient="index"),
                         "overall_p_good_expected": round(float(
                             (tab["volume_weight"] * tab["p_good"]).sum()), 6)}
    df.attrs["params"] = {"n": int(n), "seed": seed if isinstance(seed, int) else None}
    return df


def ratings_truth(**params) -> pd.DataFrame:
    """True per-window grade probabilities of :func:`ratings_log`.

    Columns: ``window, department, volume_weight`` (share of the non-tiny volume),
    ``p_非常满意 … p_非常不满意``, ``p_good`` (1 − 差评 rate) and ``p_top2``
    (非常满意 + 满意).

    >>> t = ratings_truth()
    >>> bool(t["p_good"].min() > 0.9)
    True
    """
    params.pop("n", None)
    return _window_table(_ratings_params(params))


def ratings_log_parquet(path: str | os.PathLike, n: int = 10_000_000,
                        seed: int | None = 2025, chunk_rows: int = 1_000_000,
                        **params) -> Path:
    """Write a large 好差评 log to one Parquet file, chunk by chunk (for DuckDB benchmarks).

    At most ``chunk_rows`` rows are in memory at a time; each chunk covers the next slice of the
    period (so the file is ordered by time) and uses its own child seed of ``seed``. The window
    table is the same as :func:`ratings_log` with the same parameters (tiny windows get no
    special treatment here). Write it outside the repository, e.g. ``/tmp/ratings.parquet``.

    >>> import tempfile, pyarrow.parquet as pq
    >>> f = ratings_log_parquet(tempfile.mkdtemp() + "/r.parquet", n=2_500, chunk_rows=1_000)
    >>> pq.ParquetFile(f).metadata.num_rows
    2500
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    p = _ratings_params(params)
    tab = _window_table(p)
    weights = tab["volume_weight"].to_numpy().copy()
    weights[weights == 0] = 1e-5
    weights /= weights.sum()
    n = int(n)
    n_chunks = max(1, -(-n // int(chunk_rows)))
    children = np.random.SeedSequence(seed).spawn(n_chunks)
    start = pd.Timestamp(p["start"])
    days_total = int(p["days"])
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    writer = None
    schema = pa.schema([(c, pa.string()) for c in
                        ("rating_id", "window", "department", "service_item", "channel", "grade")])
    schema = schema.insert(1, pa.field("time", pa.timestamp("s")))
    done = 0
    try:
        for k in range(n_chunks):
            rows = min(int(chunk_rows), n - done)
            rng = np.random.default_rng(children[k])
            d0 = (k * days_total) // n_chunks
            d1 = max(d0 + 1, ((k + 1) * days_total) // n_chunks)
            counts = rng.multinomial(rows, weights)
            df = _ratings_chunk(rng, counts, tab, start + pd.Timedelta(days=d0), d1 - d0,
                                done + 1, iso_time=False)
            df["time"] = df["time"].astype("datetime64[s]")
            table = pa.Table.from_pandas(df, schema=schema, preserve_index=False)
            if writer is None:
                writer = pq.ParquetWriter(path, schema, compression="zstd")
            writer.write_table(table)
            done += rows
            del df, table
    finally:
        if writer is not None:
            writer.close()
    return path


# ---------------------------------------------------------------------------------------------
# c. 12345 hotline tickets
# ---------------------------------------------------------------------------------------------

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
    unknown = set(kwargs) - set(HOTLINE_DEFAULTS)
    if unknown:
        raise HelpersError(f"未知参数 (unknown parameter(s)): {sorted(unknown)}")
    p = {**HOTLINE_DEFAULTS, **kwargs}
    p["satisfaction_logit"] = {**HOTLINE_DEFAULTS["satisfaction_logit"],
                               **kwargs.get("satisfaction_logit", {})}
    return p


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

    >>> t = hotline_truth()
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


# ---------------------------------------------------------------------------------------------
# d. Provincial information-release timeline during an epidemic
# ---------------------------------------------------------------------------------------------

EPIDEMIC_DEFAULTS: dict = dict(
    n_days=120,
    start="2024-01-01",
    switch_day=30,
    delay_mean_before=12.0,
    delay_mean_after=3.5,
    delay_shape=3.0,
    baseline_volume=2_000.0,
    peak_volume=8_000.0,
    peak_day=35,
    peak_width=12.0,
    volume_effect=0.02,
    volume_dispersion=0.05,
    sentiment_intercept=0.30,
    sentiment_effect=-0.012,
    sentiment_peak=-0.40,
    sentiment_ar=0.5,
    sentiment_sd=0.06,
)
"""Default parameters of :func:`epidemic_timeline`."""


def _epi_params(kwargs: dict) -> dict:
    unknown = set(kwargs) - set(EPIDEMIC_DEFAULTS)
    if unknown:
        raise HelpersError(f"未知参数 (unknown parameter(s)): {sorted(unknown)}")
    return {**EPIDEMIC_DEFAULTS, **kwargs}


def epidemic_timeline(seed: int | np.random.Generator | None = 2024, **params) -> pd.DataFrame:
    """Simulate a province's daily information releases, hotline volume and sentiment.

    Parameters
    ----------
    seed : int or numpy.random.Generator
        Seed of the random number generator.
    **params
        Keys of :data:`EPIDEMIC_DEFAULTS`. ``switch_day``: the day from which the province
        releases information promptly (mean delay ``delay_mean_after`` hours, gamma distributed;
        before: ``delay_mean_before``). ``volume_effect``: change of log next-day hotline volume
        per hour of release delay. ``sentiment_effect``: change of next-day sentiment per hour.

    Returns
    -------
    pandas.DataFrame
        ``date`` (ISO), ``release_delay_hours`` (1 decimal), ``hotline_volume`` (calls that day),
        ``sentiment_index`` (−1…1, 3 decimals). ``attrs["truth"]`` holds the effects and the
        baseline curve.

    Notes
    -----
    With b_t the epidemic curve ``exp(−(t − peak_day)² / (2·peak_width²))`` and d_t the
    release delay (d_{−1} = d_0)::

        volume_t    ~ NegBin(mean = (baseline + peak·b_t) · exp(volume_effect · d_{t−1}))
        sentiment_t = clip(intercept + sentiment_effect · d_{t−1} + sentiment_peak · b_t + e_t,
                           −1, 1),   e_t AR(1)

    The prompt regime's 3.5-hour mean delay is set inside the "黄金4小时" (golden four hours)
    of crisis communication (domain brief §7.4).

    Examples
    --------
    >>> df = epidemic_timeline(seed=1)
    >>> df.shape
    (120, 4)
    >>> bool(df["sentiment_index"].between(-1, 1).all())
    True
    """
    p = _epi_params(params)
    rng = _rng(seed)
    t = np.arange(p["n_days"])
    mean_delay = np.where(t < p["switch_day"], p["delay_mean_before"], p["delay_mean_after"])
    delay = np.round(rng.gamma(p["delay_shape"], mean_delay / p["delay_shape"]), 1)
    lag = np.concatenate([[delay[0]], delay[:-1]])
    bump = np.exp(-((t - p["peak_day"]) ** 2) / (2 * p["peak_width"] ** 2))
    base = p["baseline_volume"] + p["peak_volume"] * bump
    mu = base * np.exp(p["volume_effect"] * lag)
    r = 1 / p["volume_dispersion"]
    volume = rng.negative_binomial(r, r / (r + mu))
    e = np.zeros(len(t))
    shocks = rng.normal(0, p["sentiment_sd"], len(t))
    for i in range(len(t)):
        e[i] = (p["sentiment_ar"] * e[i - 1] if i else 0.0) + shocks[i]
    sent = np.clip(p["sentiment_intercept"] + p["sentiment_effect"] * lag
                   + p["sentiment_peak"] * bump + e, -1, 1)
    df = pd.DataFrame({
        "date": (pd.Timestamp(p["start"]) + pd.to_timedelta(t, unit="D")).strftime("%Y-%m-%d"),
        "release_delay_hours": delay,
        "hotline_volume": volume.astype(np.int64),
        "sentiment_index": np.round(sent, 3),
    })
    df["date"] = df["date"].astype("str")
    df.attrs["truth"] = {k: p[k] for k in ("volume_effect", "sentiment_effect", "switch_day",
                                           "delay_mean_before", "delay_mean_after",
                                           "sentiment_peak", "sentiment_ar")}
    df.attrs["params"] = {"seed": seed if isinstance(seed, int) else None}
    return df


def epidemic_truth(**params) -> pd.DataFrame:
    """True daily baseline and effects of :func:`epidemic_timeline`.

    Columns: ``date, baseline_volume`` (expected volume with zero delay), ``epidemic_curve``
    (b_t), plus constant columns ``volume_effect`` and ``sentiment_effect``.

    >>> float(epidemic_truth()["volume_effect"].iloc[0])
    0.02
    """
    p = _epi_params(params)
    t = np.arange(p["n_days"])
    bump = np.exp(-((t - p["peak_day"]) ** 2) / (2 * p["peak_width"] ** 2))
    return pd.DataFrame({
        "date": (pd.Timestamp(p["start"]) + pd.to_timedelta(t, unit="D")).strftime("%Y-%m-%d"),
        "baseline_volume": p["baseline_volume"] + p["peak_volume"] * bump,
        "epidemic_curve": bump,
        "volume_effect": p["volume_effect"],
        "sentiment_effect": p["sentiment_effect"],
    })


# ---------------------------------------------------------------------------------------------
# e. Kano survey
# ---------------------------------------------------------------------------------------------

KANO_ANSWERS: tuple[str, ...] = ("喜欢", "理应如此", "无所谓", "能忍受", "不喜欢")
"""The five Kano answers (like, must-be, neutral, live with, dislike), domain brief §5.2."""

KANO_TABLE: tuple[str, ...] = ("QAAAO", "RIIIM", "RIIIM", "RIIIM", "RRRRQ")
"""Kano evaluation table (rows functional, columns dysfunctional answer), domain brief §5.3."""

KANO_DEFAULTS: dict = dict(
    n=300,
    mix={
        "一网通办": {"A": 0.20, "O": 0.45, "M": 0.20, "I": 0.12, "R": 0.01, "Q": 0.02},
        "预约办理": {"A": 0.10, "O": 0.25, "M": 0.45, "I": 0.17, "R": 0.01, "Q": 0.02},
        "帮办代办": {"A": 0.45, "O": 0.15, "M": 0.08, "I": 0.28, "R": 0.02, "Q": 0.02},
        "延时服务": {"A": 0.35, "O": 0.30, "M": 0.10, "I": 0.22, "R": 0.01, "Q": 0.02},
        "进度短信提醒": {"A": 0.40, "O": 0.20, "M": 0.15, "I": 0.19, "R": 0.04, "Q": 0.02},
        "自助终端": {"A": 0.12, "O": 0.10, "M": 0.08, "I": 0.60, "R": 0.08, "Q": 0.02},
    },
)
"""Default parameters of :func:`kano_survey`: true category mix per feature."""


def _kano_cells() -> dict[str, list[tuple[int, int]]]:
    cells: dict[str, list[tuple[int, int]]] = {}
    for f, row in enumerate(KANO_TABLE):
        for d, cat in enumerate(row):
            cells.setdefault(cat, []).append((f, d))
    return cells


def kano_survey(n: int = 300, seed: int | np.random.Generator | None = 1984,
                **params) -> pd.DataFrame:
    """Simulate a Kano survey of service features (long format, one row per answer pair).

    Each respondent's category for a feature is drawn from the feature's true mix; the answer
    pair is then drawn uniformly among the cells of the evaluation table (§5.3) that give that
    category, so classifying the answers with the table recovers the category exactly.

    Parameters
    ----------
    n : int
        Respondents (rows = ``n`` × features).
    seed : int or numpy.random.Generator
        Seed.
    mix : dict
        {feature: {A, O, M, I, R, Q: share}} (normalised).

    Returns
    -------
    pandas.DataFrame
        ``respondent_id, feature, functional, dysfunctional`` with answers as the Chinese labels
        of :data:`KANO_ANSWERS`. ``attrs["truth"]`` holds the mix and the expected Better/Worse.

    Examples
    --------
    >>> df = kano_survey(n=20, seed=1)
    >>> df.shape
    (120, 4)
    >>> sorted(df["functional"].unique())[:2]
    ['不喜欢', '喜欢']
    """
    unknown = set(params) - set(KANO_DEFAULTS)
    if unknown:
        raise HelpersError(f"未知参数 (unknown parameter(s)): {sorted(unknown)}")
    mix = params.get("mix", KANO_DEFAULTS["mix"])
    rng = _rng(seed)
    cells = _kano_cells()
    cats = ["A", "O", "M", "I", "R", "Q"]
    rows = []
    for feature, shares in mix.items():
        pr = np.array([shares.get(c, 0.0) for c in cats], float)
        pr /= pr.sum()
        cat_idx = rng.choice(len(cats), size=int(n), p=pr)
        pick = rng.random(int(n))
        for r in range(int(n)):
            options = cells[cats[cat_idx[r]]]
            f, d = options[int(pick[r] * len(options))]
            rows.append((f"K{r + 1:04d}", feature, KANO_ANSWERS[f], KANO_ANSWERS[d]))
    df = pd.DataFrame(rows, columns=["respondent_id", "feature", "functional", "dysfunctional"])
    df = df.sort_values(["respondent_id"], kind="stable").reset_index(drop=True)
    df = df.astype("str")
    df.attrs["truth"] = {"mix": {f: dict(s) for f, s in mix.items()}}
    df.attrs["params"] = {"n": int(n), "seed": seed if isinstance(seed, int) else None}
    return df


def kano_truth(**params) -> pd.DataFrame:
    """True category mix per feature of :func:`kano_survey`, with the expected Better/Worse.

    Better = (A + O)/(A + O + M + I), Worse = −(O + M)/(A + O + M + I) (Berger et al. 1993;
    domain brief §5.4); ``category`` is the category with the largest share.

    >>> t = kano_truth().set_index("feature")
    >>> t.loc["预约办理", "category"]
    'M'
    """
    mix = params.get("mix", KANO_DEFAULTS["mix"])
    rows = []
    for feature, s in mix.items():
        tot = sum(s.values())
        sh = {c: s.get(c, 0.0) / tot for c in "AOMIRQ"}
        core = sh["A"] + sh["O"] + sh["M"] + sh["I"]
        rows.append({"feature": feature, **sh,
                     "better": round((sh["A"] + sh["O"]) / core, 4),
                     "worse": round(-(sh["O"] + sh["M"]) / core, 4),
                     "category": max(sh, key=sh.get)})
    return pd.DataFrame(rows)


# ---------------------------------------------------------------------------------------------
# f. Importance-performance survey
# ---------------------------------------------------------------------------------------------

IPA_DEFAULTS: dict = dict(
    n=400,
    attributes={
        # attribute: (stated importance mean, performance mean, weight in overall satisfaction)
        "办理时长": (6.3, 4.4, 0.30),
        "一次性告知": (6.0, 4.6, 0.25),
        "窗口服务态度": (6.2, 5.6, 0.08),
        "材料精简": (5.9, 4.5, 0.15),
        "网上办理便捷": (5.6, 4.9, 0.10),
        "排队等候时间": (6.1, 4.2, 0.12),
        "大厅环境设施": (5.8, 5.9, 0.00),
        "办理进度查询": (5.3, 4.8, 0.06),
        "咨询解答准确": (6.2, 5.2, 0.10),
        "个人信息保护": (6.4, 5.7, 0.02),
    },
    importance_person_sd=0.5,
    importance_sd=0.7,
    halo_sd=0.6,
    performance_sd=0.9,
    satisfaction_intercept=4.6,
    satisfaction_sd=0.55,
)
"""Default parameters of :func:`ipa_survey`: (stated importance, performance, true weight)."""


def _ipa_params(kwargs: dict) -> dict:
    unknown = set(kwargs) - set(IPA_DEFAULTS)
    if unknown:
        raise HelpersError(f"未知参数 (unknown parameter(s)): {sorted(unknown)}")
    return {**IPA_DEFAULTS, **kwargs}


def _ipa_arrays(rng: np.random.Generator, n: int, p: dict):
    attrs = list(p["attributes"])
    imp_mu = np.array([p["attributes"][a][0] for a in attrs])
    perf_mu = np.array([p["attributes"][a][1] for a in attrs])
    w = np.array([p["attributes"][a][2] for a in attrs])
    k = len(attrs)
    imp = _likert(imp_mu[None, :] + rng.normal(0, p["importance_person_sd"], (n, 1))
                  + rng.normal(0, p["importance_sd"], (n, k)))
    perf = _likert(perf_mu[None, :] + rng.normal(0, p["halo_sd"], (n, 1))
                   + rng.normal(0, p["performance_sd"], (n, k)))
    s_lat = p["satisfaction_intercept"] + (perf - perf_mu[None, :]) @ w \
        + rng.normal(0, p["satisfaction_sd"], n)
    return attrs, imp, perf, _likert(s_lat)


def ipa_survey(n: int = 400, seed: int | np.random.Generator | None = 1977,
               **params) -> pd.DataFrame:
    """Simulate an importance–performance survey (long format, one row per attribute).

    Stated importance bunches near the top of the scale (the ceiling effect noted by Bacon 2003,
    domain brief §4.3), while overall satisfaction depends on a few attributes much more than
    on others: the *derived* importance (regression weight) differs from the stated one.
    E.g. 大厅环境设施 is stated as important (5.8) but has weight 0 in overall satisfaction.

    Parameters
    ----------
    n : int
        Respondents.
    seed : int or numpy.random.Generator
        Seed.
    attributes : dict
        {attribute: (stated importance mean, performance mean, weight)} on the latent 1–7
        scale; ``weight`` is the true coefficient of the attribute's observed performance
        rating in the latent overall satisfaction.

    Returns
    -------
    pandas.DataFrame
        ``respondent_id, attribute, importance, performance, overall_satisfaction`` (1–7
        integers; overall_satisfaction repeats within a respondent).

    Notes
    -----
    ``importance_ra = round(μI_a + u_r + ε)``, ``performance_ra = round(μP_a + h_r + ε')``
    (h_r a halo effect shared by all attributes), ``S* = c + Σ_a w_a (performance_ra − μP_a)
    + N(0, σ)``, each clipped to 1–7.

    Examples
    --------
    >>> df = ipa_survey(n=10, seed=1)
    >>> df.shape
    (100, 5)
    """
    p = _ipa_params(params)
    attrs, imp, perf, sat = _ipa_arrays(_rng(seed), int(n), p)
    k = len(attrs)
    df = pd.DataFrame({
        "respondent_id": np.repeat([f"I{i:04d}" for i in range(1, int(n) + 1)], k),
        "attribute": np.tile(np.array(attrs, dtype=object), int(n)),
        "importance": imp.ravel(),
        "performance": perf.ravel(),
        "overall_satisfaction": np.repeat(sat, k),
    })
    df["respondent_id"] = df["respondent_id"].astype("str")
    df["attribute"] = df["attribute"].astype("str")
    df.attrs["truth"] = _ipa_truth_dict(p)
    df.attrs["params"] = {"n": int(n), "seed": seed if isinstance(seed, int) else None}
    return df


@functools.lru_cache(maxsize=8)
def _ipa_truth_cached(frozen: tuple) -> dict:
    p = _ipa_params(_unfreeze(frozen))
    p["attributes"] = {k: tuple(v) for k, v in p["attributes"].items()}
    attrs, imp, perf, _ = _ipa_arrays(np.random.default_rng(_POPULATION_SEED), POPULATION_N, p)
    return {a: {"stated_importance_latent": p["attributes"][a][0],
                "performance_latent": p["attributes"][a][1],
                "weight": p["attributes"][a][2],
                "stated_importance_observed": round(float(imp[:, j].mean()), 3),
                "performance_observed": round(float(perf[:, j].mean()), 3)}
            for j, a in enumerate(attrs)}


def _ipa_truth_dict(p: dict) -> dict:
    key = {k: v for k, v in p.items() if k != "n"}
    key["attributes"] = {a: list(v) for a, v in key["attributes"].items()}
    return _ipa_truth_cached(_freeze(key))


def ipa_truth(**params) -> pd.DataFrame:
    """True stated importance, performance and weights of :func:`ipa_survey`.

    Columns: ``attribute, stated_importance_latent, performance_latent, weight`` (true
    coefficient in overall satisfaction: the derived importance), and the expected observed
    means ``stated_importance_observed, performance_observed`` (after rounding and clipping).

    >>> t = ipa_truth().set_index("attribute")
    >>> float(t.loc["大厅环境设施", "weight"])
    0.0
    """
    params.pop("n", None)
    truth = _ipa_truth_dict(_ipa_params(params))
    return pd.DataFrame([{"attribute": a, **v} for a, v in truth.items()])


# ---------------------------------------------------------------------------------------------
# registry, writing and loading
# ---------------------------------------------------------------------------------------------

DATASETS: dict[str, dict] = {
    "servqual_survey": {"file": "servqual_survey.csv", "make": lambda: servqual_survey(),
                        "dates": [], "truth": lambda: servqual_truth()},
    "ratings_log": {"file": "ratings_log.csv", "make": lambda: ratings_log(),
                    "dates": ["time"], "truth": lambda: ratings_truth()},
    "hotline_tickets": {"file": "hotline_tickets.csv", "make": lambda: hotline_tickets(),
                        "dates": ["received", "dispatched", "responded", "closed"],
                        "truth": lambda: hotline_truth()},
    "epidemic_timeline": {"file": "epidemic_timeline.csv", "make": lambda: epidemic_timeline(),
                          "dates": ["date"], "truth": lambda: epidemic_truth()},
    "kano_survey": {"file": "kano_survey.csv", "make": lambda: kano_survey(),
                    "dates": [], "truth": lambda: kano_truth()},
    "ipa_survey": {"file": "ipa_survey.csv", "make": lambda: ipa_survey(),
                   "dates": [], "truth": lambda: ipa_truth()},
}
"""Dataset name → file name, generator call with the published defaults, datetime columns."""

_DTYPES: dict[str, dict] = {
    "servqual_survey": {"respondent_id": "str", "channel": "str", "region": "str",
                        "age_group": "str"},
    "ratings_log": {c: "str" for c in ("rating_id", "window", "department", "service_item",
                                       "channel", "grade")},
    "hotline_tickets": {"ticket_id": "str", "category": "str", "topic": "str",
                        "department": "str", "satisfied": "Int8", "text_masked": "str"},
    "kano_survey": {c: "str" for c in ("respondent_id", "feature", "functional",
                                       "dysfunctional")},
    "ipa_survey": {"respondent_id": "str", "attribute": "str"},
}


def _to_csv_bytes(df: pd.DataFrame) -> bytes:
    return df.to_csv(index=False, lineterminator="\n").encode("utf-8")


def write_datasets(out: str | os.PathLike, names: list[str] | None = None) -> dict[str, int]:
    """Write the published datasets as UTF-8 CSV into ``out``; return {file name: bytes}.

    The output is byte-for-byte reproducible: fixed seeds, fixed column order, ``\\n`` line ends.
    """
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    sizes = {}
    for name in names or list(DATASETS):
        spec = DATASETS[name]
        payload = _to_csv_bytes(spec["make"]())
        (out / spec["file"]).write_bytes(payload)
        sizes[spec["file"]] = len(payload)
    return sizes


def datasets_dir() -> Path:
    """Find the ``datasets/`` folder.

    Order: the environment variable ``HELPERS_DATASETS``; the repository's ``datasets/`` next to
    the package source (``src/helpers/../../datasets``); ``./datasets``; ``../datasets``.
    """
    candidates = []
    env = os.environ.get("HELPERS_DATASETS")
    if env:
        candidates.append(Path(env))
    candidates.append(Path(__file__).resolve().parent.parent.parent / "datasets")
    candidates += [Path.cwd() / "datasets", Path.cwd().parent / "datasets"]
    for c in candidates:
        if c.is_dir() and any(c.glob("*.csv")):
            return c
    raise HelpersError(
        "找不到 datasets 文件夹，请设置环境变量 HELPERS_DATASETS "
        f"(datasets folder not found; tried {', '.join(str(c) for c in candidates)}; "
        "set HELPERS_DATASETS)"
    )


def load_dataset(name: str) -> pd.DataFrame:
    """Load a published dataset by name (e.g. ``"servqual_survey"``) with proper dtypes.

    Text columns are ``str``, datetime columns are parsed to ``datetime64``, the 0/1 column
    ``satisfied`` of the hotline tickets is a nullable ``Int8`` (missing = not reached). The
    truth is attached as ``attrs["truth"]``: the records of the dataset's ``*_truth()`` frame
    (recomputed from the published parameters).

    >>> df = load_dataset("servqual_survey")
    >>> df.shape
    (1200, 57)
    """
    name = name.removesuffix(".csv")
    if name not in DATASETS:
        raise HelpersError(f"未知数据集 {name!r} (unknown dataset {name!r}; "
                           f"available: {', '.join(DATASETS)})")
    spec = DATASETS[name]
    path = datasets_dir() / spec["file"]
    if not path.is_file():
        raise HelpersError(f"找不到文件 {path} (file not found: {path}); "
                           "run `python -m helpers.simulate --out datasets`")
    df = pd.read_csv(path, encoding="utf-8", dtype=_DTYPES.get(name), keep_default_na=True)
    for col in spec["dates"]:
        df[col] = pd.to_datetime(df[col], format="ISO8601")
    truth_fn = spec.get("truth")
    if truth_fn is not None:      # plain records, so that attrs stay comparable and copyable
        df.attrs["truth"] = truth_fn().to_dict(orient="records")
    return df


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m helpers.simulate --out datasets [--only NAME ...]``."""
    parser = argparse.ArgumentParser(prog="python -m helpers.simulate",
                                     description="Regenerate the simulated datasets (模拟数据).")
    parser.add_argument("--out", default="datasets", help="output folder (default: datasets)")
    parser.add_argument("--only", nargs="*", choices=list(DATASETS), help="only these datasets")
    parser.add_argument("--truth", action="store_true", help="print the truth as JSON")
    args = parser.parse_args(argv)
    sizes = write_datasets(args.out, args.only)
    for f, b in sizes.items():
        print(f"{f}\t{b:>10,d} bytes")
    if args.truth:
        print(json.dumps({k: DATASETS[k]["make"]().attrs.get("truth") for k in
                          (args.only or DATASETS)}, ensure_ascii=False, indent=1, default=str))
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
