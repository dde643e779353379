"""Generator of the simulated SERVQUAL survey of a city government service centre (two waves)."""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd

from helpers._validate import HelpersError
from helpers.labels import DIMENSIONS, ITEM_DIMENSION, item_columns
from helpers.simulate._common import (POPULATION_N, _POPULATION_SEED, _freeze, _likert, _rng,
                                      _unfreeze, merge_params)

__all__ = [
    "SERVQUAL_CHANNELS",
    "SERVQUAL_REGIONS",
    "AGE_GROUPS",
    "SERVQUAL_DEFAULTS",
    "servqual_survey",
    "servqual_truth",
    "servqual_driver_truth",
]


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
    params = merge_params(SERVQUAL_DEFAULTS, kwargs)
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

    Parameters
    ----------
    **params
        Keys of :data:`SERVQUAL_DEFAULTS`, as passed to :func:`servqual_survey` (``n`` is
        ignored; dict-valued keys are merged with the defaults; unknown keys raise
        :class:`~helpers.HelpersError`).

    Returns
    -------
    pandas.DataFrame
        Ten rows (waves 1 and 2 × the five dimensions of :data:`helpers.labels.DIMENSIONS`),
        never NaN:

        - ``wave`` : 1 or 2
        - ``dimension`` : dimension code
        - ``latent_gap`` : the parameter, ``true_gaps`` (+ ``wave_shift`` in wave 2)
        - ``observed_gap`` : expected mean of the per-respondent dimension gaps P − E of the
          rounded, clipped answers
        - ``observed_e``, ``observed_p`` : expected observed item means of the dimension
        - ``importance_points`` : expected mean allocation of the 100 points (the same in both
          waves)

    Notes
    -----
    The observed values are computed on a large simulated population (``POPULATION_N``
    respondents per wave, fixed seed; Monte Carlo error about 0.002) with the model of
    :func:`servqual_survey`, and cached per parameter set: the first call takes several
    seconds. Rounding and clipping to 1–7 move the observed gap slightly away from the latent
    one (by less than 0.06 with the defaults), hence the two columns. The dimension gap is the mean of the item gaps P_i − E_i of the dimension
    (Parasuraman, Zeithaml & Berry 1988, Journal of Retailing 64(1):12–40).

    Validated against: 95 % t intervals of the dimension gaps of 20 draws of 250 respondents
    per wave (coverage ≥ 90 %) — tests/test_simulate.py.

    Examples
    --------
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


@functools.lru_cache(maxsize=8)
def _servqual_driver_truth_cached(frozen: tuple) -> tuple:
    """(wave, dimension, method, truth) rows on the large population (both waves, fixed seed)."""
    params = _servqual_params(_unfreeze(frozen))
    dims = list(DIMENSIONS)
    pop = _servqual_frame(np.random.default_rng(_POPULATION_SEED), POPULATION_N, params)
    scores = np.column_stack([
        pop[item_columns("P", [i for i, dd in ITEM_DIMENSION.items() if dd == d])]
        .to_numpy(float).mean(axis=1) for d in dims])
    y = pop["satisfaction"].to_numpy(float)
    wave = pop["wave"].to_numpy()
    rows = []
    for w in (None, 1, 2):
        m = np.ones(len(y), bool) if w is None else wave == w
        r = np.corrcoef(np.column_stack([scores[m], y[m]]), rowvar=False)
        corr = r[:-1, -1]
        beta = np.linalg.solve(r[:-1, :-1], r[:-1, -1])
        for j, d in enumerate(dims):
            rows.append((w, d, "correlation", round(float(corr[j]), 3)))
            rows.append((w, d, "regression", round(float(beta[j]), 3)))
    return tuple(rows)


def servqual_driver_truth(wave: int | None = None, **params) -> pd.DataFrame:
    """True derived importance of the five dimensions in :func:`servqual_survey` (driver analysis).

    The generator makes overall satisfaction depend on the mean of the 22 item gaps P − E (and on
    the mean expectation), each item with the same weight: no dimension is given a weight of its
    own, so a dimension weighs in proportion to its number of items (reliability and empathy 5,
    the others 4) and to how much its perceptions vary. This function measures what that implies
    for a driver analysis: on a very large simulated population (``POPULATION_N`` respondents per
    wave, fixed seed, the same population as :func:`servqual_truth`) it computes, for the mean
    perception score of each dimension (mean of its P items, as
    :func:`helpers.scales.scale_scores` forms it), the Pearson correlation with overall
    satisfaction and the standardised coefficient of the multiple regression of satisfaction on
    the five scores (β = R_xx⁻¹ r_xy), exactly as :func:`helpers.ipa.derived_importance` does on a
    sample.

    Parameters
    ----------
    wave : {None, 1, 2}, default None
        ``None``: both waves pooled (as a survey file holding both waves is analysed); 1 or 2:
        one wave.
    **params
        Parameters of :func:`servqual_survey` (``n`` is ignored).

    Returns
    -------
    pandas.DataFrame
        Ten rows (five dimensions × two methods), columns ``dimension``, ``method``
        (``'correlation'`` or ``'regression'``), ``truth`` (rounded to 0.001; Monte Carlo error
        about 0.002) and ``truth_rank`` (1 = largest within the method).

    Notes
    -----
    Cached per parameter set; the first call simulates the population (a few seconds).

    Examples
    --------
    >>> t = servqual_driver_truth()
    >>> t[t.method == "correlation"].sort_values("truth_rank")["dimension"].iloc[0]
    'reliability'
    >>> float(t.loc[(t.dimension == "empathy") & (t.method == "correlation"), "truth"].item())
    0.395
    """
    if wave not in (None, 1, 2):
        raise HelpersError(f"wave 只能是 None、1 或 2 (wave must be None, 1 or 2, got {wave!r})")
    params = {k: v for k, v in params.items() if k != "n"}
    rows = _servqual_driver_truth_cached(_freeze(
        {k: v for k, v in _servqual_params(params).items() if k != "n"}))
    out = pd.DataFrame([r[1:] for r in rows if r[0] == wave],
                       columns=["dimension", "method", "truth"])
    out["truth_rank"] = out.groupby("method")["truth"].rank(ascending=False,
                                                             method="min").astype(int)
    return out
