"""Moderation: a regression with an interaction, and simple slopes with intervals.

Does the effect of a predictor X on an outcome Y depend on a third variable M (the moderator)?
The model ``Y = b0 + b1·X + b2·M + b3·X·M + e`` answers it: the slope of Y on X at a value m of
M is ``b1 + b3·m`` (the **simple slope**). In the course: does the effect of the expectation gap
on satisfaction weaken when trust in the service centre is low?

Functions:

moderated_regression
    OLS of the outcome on the predictor, the moderator (both centred by default) and their
    product: coefficients with intervals.
simple_slopes
    The slope of the outcome on the predictor at chosen values of the moderator (default: the
    mean − 1 SD, the mean and the mean + 1 SD), with intervals.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence

import numpy as np
import pandas as pd
from scipy import stats

from helpers._validate import (
    Exclusions,
    HelpersError,
    InputError,
    check_frame,
    check_level,
    require_columns,
)
from helpers.confirmation import _listwise
from helpers.scales import real_option

__all__ = ["moderated_regression", "simple_slopes"]

_TERMS = ("intercept", "predictor", "moderator", "interaction")


def _design(data: pd.DataFrame, outcome: Hashable, predictor: Hashable, moderator: Hashable,
            center: bool) -> tuple[np.ndarray, np.ndarray, float, float, float, Exclusions, int]:
    check_frame(data)
    names = [outcome, predictor, moderator]
    require_columns(data, names)
    frame, ex = _listwise(data, names, ["y", "x", "m"], None)   # shared with confirmation.fit_edt
    n = len(frame)
    if n < 5:
        raise InputError(f"有效行不足 5 行 (fewer than 5 complete rows: {n})", column=outcome)
    y, x, m = (frame[c].to_numpy() for c in ("y", "x", "m"))
    x_mean, m_mean, m_sd = float(x.mean()), float(m.mean()), float(m.std(ddof=1))
    for c, v in ((predictor, x), (moderator, m)):
        if np.ptp(v) == 0:
            raise InputError(f"列 {c!r} 没有变化，无法估计 (column {c!r} is constant)", column=c)
    xc = x - x_mean if center else x
    mc = m - m_mean if center else m
    X = np.column_stack([np.ones(n), xc, mc, xc * mc])
    return X, y, x_mean if center else 0.0, m_mean if center else 0.0, m_sd, ex, n


def _ols(X: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray, int]:
    n, k = X.shape
    df = n - k
    if df < 1:
        raise InputError(f"行数太少，无法估计 4 个系数 (too few rows for 4 coefficients: {n})")
    xtx = X.T @ X
    if np.linalg.matrix_rank(xtx) < k:
        raise HelpersError("自变量共线，无法估计交互项 (the predictors are collinear; the "
                           "interaction cannot be estimated)")
    inv = np.linalg.inv(xtx)
    beta = inv @ (X.T @ y)
    resid = y - X @ beta
    sigma2 = float(resid @ resid) / df
    return beta, sigma2 * inv, df


def moderated_regression(
    data: pd.DataFrame,
    outcome: Hashable,
    predictor: Hashable,
    moderator: Hashable,
    *,
    center: bool = True,
    ci: float = 0.95,
) -> pd.DataFrame:
    """OLS with an interaction: ``outcome ~ predictor + moderator + predictor × moderator``.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per respondent.
    outcome, predictor, moderator : column names
        Numeric columns (e.g. ``satisfaction``, ``gap_days``, ``trust``). Rows with a missing
        value in any of them are excluded and listed in ``attrs["excluded"]``.
    center : bool, default True
        Subtract the sample mean from the predictor and the moderator before forming the
        product, so that ``predictor`` is the slope at the mean of the moderator.
    ci : float, default 0.95
        Confidence level.

    Returns
    -------
    pandas.DataFrame
        Four rows (``term`` = ``intercept``, ``predictor``, ``moderator``, ``interaction``),
        columns

        - ``term``
        - ``estimate`` : the OLS coefficient
        - ``ci_low``, ``ci_high`` : t interval
        - ``se``, ``t``, ``p_value`` : standard error, t statistic, two-sided p value
        - ``n`` : rows used

        ``attrs``: ``"excluded"`` (rows left out), ``"predictor_mean"``, ``"moderator_mean"``
        (the centring constants, 0 when ``center`` is false), ``"moderator_sd"``.

    Notes
    -----
    ``Y = b0 + b1·(X − X̄) + b2·(M − M̄) + b3·(X − X̄)(M − M̄) + e``, ``b = (XᵀX)⁻¹XᵀY``,
    ``Var(b) = s²(XᵀX)⁻¹`` with ``s² = RSS/(n − 4)``; intervals ``b ± t_{n−4}·se``. Centring
    does not change ``b3`` but makes ``b1`` the slope at the mean of M (Aiken & West 1991,
    *Multiple Regression: Testing and Interpreting Interactions*, Sage).

    Validated against: statsmodels OLS with the formula ``y ~ x * m`` —
    tests/test_moderation.py.

    Examples
    --------
    >>> df = pd.DataFrame({"y": [1, 2, 4, 3, 6, 9, 2, 5, 7, 8.5],
    ...                    "x": [0, 1, 2, 0, 1, 2, 0, 1, 2, 2],
    ...                    "m": [0, 0, 0, 1, 1, 1, 2, 2, 2, 2]})
    >>> moderated_regression(df, "y", "x", "m")[["term", "estimate", "n"]].round(3)
              term  estimate   n
    0    intercept     4.703  10
    1    predictor     2.402  10
    2    moderator     1.236  10
    3  interaction     0.525  10
    """
    level = check_level(ci, name="ci")
    X, y, x_mean, m_mean, m_sd, ex, n = _design(data, outcome, predictor, moderator, center)
    beta, cov, df = _ols(X, y)
    se = np.sqrt(np.diag(cov))
    tq = stats.t.ppf((1 + level) / 2, df)
    t = beta / se
    out = pd.DataFrame({"term": list(_TERMS), "estimate": beta, "ci_low": beta - tq * se,
                        "ci_high": beta + tq * se, "se": se, "t": t,
                        "p_value": 2 * stats.t.sf(np.abs(t), df), "n": n})
    out = ex.attach(out)
    out.attrs.update({"predictor_mean": x_mean, "moderator_mean": m_mean, "moderator_sd": m_sd})
    return out


def simple_slopes(
    data: pd.DataFrame,
    outcome: Hashable,
    predictor: Hashable,
    moderator: Hashable,
    *,
    at: Sequence[float] | None = None,
    ci: float = 0.95,
) -> pd.DataFrame:
    """Slope of the outcome on the predictor at chosen values of the moderator.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per respondent.
    outcome, predictor, moderator : column names
        As in :func:`moderated_regression`.
    at : sequence of float, optional
        Values of the moderator (on its own scale, e.g. trust 2, 4, 6). Default: the sample
        mean − 1 SD, the mean and the mean + 1 SD (labelled 低、中、高).
    ci : float, default 0.95
        Confidence level.

    Returns
    -------
    pandas.DataFrame
        One row per value of ``at``, columns

        - ``moderator_value`` : the value m of the moderator
        - ``label`` : 低（均值−1 SD）, 中（均值）, 高（均值+1 SD）for the default values, else
          ``m = …``
        - ``estimate`` : the simple slope ``b1 + b3·(m − M̄)``
        - ``ci_low``, ``ci_high`` : t interval
        - ``se``, ``p_value`` : standard error and two-sided p value (slope = 0)
        - ``n`` : rows used

        ``attrs["excluded"]`` lists the rows left out.

    Notes
    -----
    With the centred model of :func:`moderated_regression` and ``c = m − M̄``: slope
    ``= b1 + c·b3``, ``Var = Var(b1) + c²·Var(b3) + 2c·Cov(b1, b3)``, interval
    ``slope ± t_{n−4}·se`` (Aiken & West 1991, ch. 2; the "pick-a-point" test of Hayes 2013,
    *Introduction to Mediation, Moderation, and Conditional Process Analysis*, Guilford).
    A simple slope is a linear combination of coefficients, so it equals statsmodels'
    ``t_test`` of that combination.

    Validated against: statsmodels OLSResults.t_test of [0, 1, 0, c] —
    tests/test_moderation.py.

    Examples
    --------
    >>> df = pd.DataFrame({"y": [1, 2, 4, 3, 6, 9, 2, 5, 7, 8.5],
    ...                    "x": [0, 1, 2, 0, 1, 2, 0, 1, 2, 2],
    ...                    "m": [0, 0, 0, 1, 1, 1, 2, 2, 2, 2]})
    >>> simple_slopes(df, "y", "x", "m", at=[0, 2])[["moderator_value", "estimate"]].round(3)
       moderator_value  estimate
    0              0.0     1.825
    1              2.0     2.874
    """
    level = check_level(ci, name="ci")
    X, y, _, m_mean, m_sd, ex, n = _design(data, outcome, predictor, moderator, True)
    beta, cov, df = _ols(X, y)
    if at is None:
        values = np.array([m_mean - m_sd, m_mean, m_mean + m_sd])
        labels = ["低（均值−1 SD）", "中（均值）", "高（均值+1 SD）"]
    else:
        if isinstance(at, (str, bytes)) or np.ndim(at) != 1 or len(at) == 0:
            raise HelpersError("at 必须是数字列表 (at must be a non-empty list of numbers)")
        values = np.array([real_option(v, "at") for v in at], dtype=float)
        labels = [f"m = {v:g}" for v in values]
    c = values - m_mean
    slope = beta[1] + c * beta[3]
    var = cov[1, 1] + c ** 2 * cov[3, 3] + 2 * c * cov[1, 3]
    se = np.sqrt(var)
    tq = stats.t.ppf((1 + level) / 2, df)
    out = pd.DataFrame({"moderator_value": values, "label": labels, "estimate": slope,
                        "ci_low": slope - tq * se, "ci_high": slope + tq * se, "se": se,
                        "p_value": 2 * stats.t.sf(np.abs(slope / se), df), "n": n})
    return ex.attach(out)
