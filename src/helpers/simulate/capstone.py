"""Capstone data of the conclusion chapter: another city's SERVQUAL survey and 好差评 rating log.

The two generators reuse :func:`~helpers.simulate.servqual.servqual_survey` and
:func:`~helpers.simulate.ratings.ratings_log` with other parameters (another truth: other weak
dimensions, other stated importance, fewer windows with other rates) and other seeds, so a
trainee meets a fresh dataset whose answers are not those of the earlier chapters.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers.simulate.ratings import ratings_log, ratings_truth
from helpers.simulate.servqual import servqual_driver_truth, servqual_survey, servqual_truth

__all__ = [
    "CAPSTONE_SURVEY_PARAMS",
    "CAPSTONE_RATINGS_PARAMS",
    "capstone_survey",
    "capstone_survey_truth",
    "capstone_driver_truth",
    "capstone_ratings",
    "capstone_ratings_truth",
]

CAPSTONE_SURVEY_PARAMS: dict = dict(
    true_gaps={"tangibles": -0.30, "reliability": -0.60, "responsiveness": -1.30,
               "assurance": -0.50, "empathy": -1.10},
    wave_shift={"tangibles": 0.0, "reliability": 0.0, "responsiveness": 0.0,
                "assurance": 0.0, "empathy": 0.0},
    expectation_means={"tangibles": 5.2, "reliability": 5.8, "responsiveness": 5.7,
                       "assurance": 5.6, "empathy": 5.4},
    importance={"tangibles": 9, "reliability": 25, "responsiveness": 30, "assurance": 14,
                "empathy": 22},
)
"""Parameters of :func:`capstone_survey` that differ from
:data:`~helpers.simulate.servqual.SERVQUAL_DEFAULTS` (the rest are the defaults): the weakest
dimensions are responsiveness and empathy, no change between the two survey rounds."""

CAPSTONE_RATINGS_PARAMS: dict = dict(
    n_windows=24,
    tiny_windows={"W21": 3, "W22": 4, "W23": 6, "W24": 8},
    start="2025-09-01",
    days=91,
    mean_bad_rate=0.004,
    bad_rate_logit_sd=0.8,
    mean_basic_rate=0.04,
    very_satisfied_share=0.75,
)
"""Parameters of :func:`capstone_ratings` (keys of
:data:`~helpers.simulate.ratings.RATINGS_DEFAULTS`; the rest are the defaults)."""


def _survey_params(params: dict) -> dict:
    """The caller's parameters over :data:`CAPSTONE_SURVEY_PARAMS` (dicts merged one level)."""
    merged = dict(params)
    for key, value in CAPSTONE_SURVEY_PARAMS.items():
        merged[key] = {**value, **params.get(key, {})}
    return merged


def capstone_survey(n: int = 300, seed: int | np.random.Generator | None = 3031,
                    **params) -> pd.DataFrame:
    """Simulate the capstone city's SERVQUAL survey (two rounds of ``n`` respondents).

    Parameters
    ----------
    n : int, default 300
        Respondents per round (total rows ``2 * n``).
    seed : int or numpy.random.Generator, default 3031
        Seed of the random number generator.
    **params
        Keys of :data:`~helpers.simulate.servqual.SERVQUAL_DEFAULTS`; dict-valued keys are merged
        with :data:`CAPSTONE_SURVEY_PARAMS`, then with the defaults.

    Returns
    -------
    pandas.DataFrame
        The columns of :func:`~helpers.simulate.servqual.servqual_survey`: ``respondent_id,
        wave, channel, region, age_group, visits, E1..E22, P1..P22, imp_tangibles,
        imp_reliability, imp_responsiveness, imp_assurance, imp_empathy, satisfaction, trust``;
        ``attrs["truth"]`` as there.

    Notes
    -----
    The model of :func:`~helpers.simulate.servqual.servqual_survey` with
    :data:`CAPSTONE_SURVEY_PARAMS`: latent gaps P − E of −0.30 (tangibles), −0.60
    (reliability), −1.30 (responsiveness), −0.50 (assurance), −1.10 (empathy) in both rounds,
    stated importance points 9/25/30/14/22. Illustrative values, not an estimate of any real
    city.

    Examples
    --------
    >>> df = capstone_survey(n=40, seed=1)
    >>> df.shape
    (80, 57)
    >>> df.attrs["truth"]["latent_gap"]["wave1"]["responsiveness"]
    -1.3
    """
    return servqual_survey(n=n, seed=seed, **_survey_params(params))


def capstone_survey_truth(**params) -> pd.DataFrame:
    """True dimension gaps and importance points of :func:`capstone_survey`.

    Parameters
    ----------
    **params
        As for :func:`capstone_survey` (``n`` is ignored).

    Returns
    -------
    pandas.DataFrame
        The frame of :func:`~helpers.simulate.servqual.servqual_truth` (ten rows: rounds 1
        and 2 × five dimensions; ``latent_gap``, ``observed_gap``, ``observed_e``,
        ``observed_p``, ``importance_points``).

    Notes
    -----
    Computed on the large simulated population of
    :func:`~helpers.simulate.servqual.servqual_truth` (cached; the first call takes a few
    seconds).

    Examples
    --------
    >>> t = capstone_survey_truth()
    >>> t.query("wave == 1").sort_values("latent_gap")["dimension"].head(2).tolist()
    ['responsiveness', 'empathy']
    """
    params = {k: v for k, v in params.items() if k != "n"}
    return servqual_truth(**_survey_params(params))


def capstone_driver_truth(**params) -> pd.DataFrame:
    """True derived importance (correlation, standardised β) of the five dimensions in
    :func:`capstone_survey`, both rounds pooled.

    Parameters
    ----------
    **params
        As for :func:`capstone_survey` (``n`` is ignored).

    Returns
    -------
    pandas.DataFrame
        Columns ``dimension``, ``method``, ``truth``, ``truth_rank`` as
        :func:`~helpers.simulate.servqual.servqual_driver_truth`.

    Notes
    -----
    :func:`~helpers.simulate.servqual.servqual_driver_truth` with the capstone parameters.

    Examples
    --------
    >>> t = capstone_driver_truth()
    >>> sorted(t["method"].unique())
    ['correlation', 'regression']
    """
    params = {k: v for k, v in params.items() if k != "n"}
    return servqual_driver_truth(**_survey_params(params))


def capstone_ratings(n: int = 20_000, seed: int | np.random.Generator | None = 3032,
                     **params) -> pd.DataFrame:
    """Simulate the capstone city's 好差评 rating log (one row per rating, 24 windows).

    Parameters
    ----------
    n : int, default 20000
        Total number of ratings (the four tiny windows W21–W24 included).
    seed : int or numpy.random.Generator, default 3032
        Seed of the random number generator.
    **params
        Keys of :data:`~helpers.simulate.ratings.RATINGS_DEFAULTS`, overriding
        :data:`CAPSTONE_RATINGS_PARAMS`.

    Returns
    -------
    pandas.DataFrame
        Columns ``rating_id, time, window, department, service_item, channel, grade`` as
        :func:`~helpers.simulate.ratings.ratings_log`; ``attrs["truth"]`` as there.

    Notes
    -----
    :func:`~helpers.simulate.ratings.ratings_log` with :data:`CAPSTONE_RATINGS_PARAMS`:
    24 windows over 91 days from 2025-09-01, a typical 差评 share of 0.4 %, 基本满意 around
    4 %, windows W21–W24 with only 3, 4, 6 and 8 ratings. Illustrative values.

    Examples
    --------
    >>> df = capstone_ratings(n=300, seed=1)
    >>> df.shape, int((df["window"] == "W21").sum())
    ((300, 7), 3)
    """
    return ratings_log(n=n, seed=seed, **{**CAPSTONE_RATINGS_PARAMS, **params})


def capstone_ratings_truth(**params) -> pd.DataFrame:
    """True grade probabilities per window of :func:`capstone_ratings`.

    Parameters
    ----------
    **params
        As for :func:`capstone_ratings` (``n`` is ignored).

    Returns
    -------
    pandas.DataFrame
        One row per window (24 rows), columns of :func:`~helpers.simulate.ratings.ratings_truth`
        (``window``, ``department``, ``volume_weight``, ``p_<grade>``, ``p_good``, ``p_top2``).

    Notes
    -----
    The window table depends on the parameters only, not on the seed.

    Examples
    --------
    >>> t = capstone_ratings_truth()
    >>> t.shape
    (24, 10)
    """
    params = {k: v for k, v in params.items() if k != "n"}
    return ratings_truth(**{**CAPSTONE_RATINGS_PARAMS, **params})
