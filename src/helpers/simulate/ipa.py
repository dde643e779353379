"""Generator of the simulated importance–performance survey."""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd

from helpers.simulate._common import (POPULATION_N, _POPULATION_SEED, _freeze, _likert, _rng,
                                      _unfreeze, merge_params)

__all__ = [
    "ipa_survey",
    "ipa_truth",
    "IPA_DEFAULTS",
]


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
    return merge_params(IPA_DEFAULTS, kwargs)


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

    Parameters
    ----------
    **params
        Keys of :data:`IPA_DEFAULTS`, as passed to :func:`ipa_survey` (``n`` is ignored;
        unknown keys raise :class:`~helpers.HelpersError`).

    Returns
    -------
    pandas.DataFrame
        One row per attribute, in the order of ``attributes``, never NaN:

        - ``attribute``
        - ``stated_importance_latent``, ``performance_latent`` : the parameters μI_a, μP_a
        - ``weight`` : w_a, the true coefficient of the attribute's performance rating in
          overall satisfaction (the derived importance)
        - ``stated_importance_observed``, ``performance_observed`` : expected means of the
          rounded, clipped 1–7 answers (3 decimals)

    Notes
    -----
    The observed means are computed on a large simulated population (``POPULATION_N``
    respondents, fixed seed; Monte Carlo error about 0.002) with the model of
    :func:`ipa_survey`, and cached per parameter set. ``weight`` is on the scale of the raw
    ratings (a regression of satisfaction on the performance ratings recovers it), not
    standardised.

    Validated against: OLS of overall satisfaction on the performance ratings and the mean
    stated importance of a large draw (within 0.05 and 0.06) — tests/test_simulate.py.

    Examples
    --------
    >>> t = ipa_truth().set_index("attribute")
    >>> t.shape
    (10, 5)
    >>> float(t.loc["大厅环境设施", "weight"])
    0.0
    """
    params.pop("n", None)
    truth = _ipa_truth_dict(_ipa_params(params))
    return pd.DataFrame([{"attribute": a, **v} for a, v in truth.items()])
