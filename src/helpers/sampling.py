"""Sampling: margin of error of a proportion and the sample size a survey needs (Cochran).

Functions:

margin_of_error
    Half-width of the normal-approximation interval of a share, with finite population
    correction.
sample_size
    Cochran's required sample size for a share, with finite population correction.

Both accept scalars or arrays (broadcast against each other) and return one row per case.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import stats

from helpers._validate import HelpersError
from helpers.scales import real_option

__all__ = ["margin_of_error", "sample_size"]

ArrayLike = float | Sequence[float] | np.ndarray


def _array(x: ArrayLike | None, name: str, lo: float, hi: float, *, open_lo: bool = False,
           open_hi: bool = False, none_is_infinite: bool = False) -> np.ndarray:
    if x is None and none_is_infinite:
        return np.array([np.inf])
    try:
        raw = np.atleast_1d(np.asarray(x, dtype=object)).ravel()
        if any(isinstance(v, (bool, np.bool_, str, bytes)) for v in raw):
            raise TypeError
        arr = raw.astype(float)
    except (TypeError, ValueError):
        raise HelpersError(f"{name} 必须是数字（不能是文本或 True/False） ({name} must be "
                           f"numeric, not text or bools, got {x!r})") from None
    bad = np.isnan(arr) | (arr < lo) | (arr > hi)
    if open_lo:
        bad |= arr == lo
    if open_hi:
        bad |= arr == hi
    if bad.any() or arr.size == 0:
        lo_s = "(" if open_lo else "["
        hi_s = ")" if open_hi else "]"
        raise HelpersError(
            f"{name} 超出范围 {lo_s}{lo:g}, {hi:g}{hi_s} "
            f"({name} must be in {lo_s}{lo:g}, {hi:g}{hi_s}, got {x!r})"
        )
    return arr


def _population(population: ArrayLike | None) -> np.ndarray:
    """Population sizes as floats, ``None`` (whole or per element) meaning infinite."""
    if isinstance(population, (list, tuple, np.ndarray, pd.Series, pd.Index)):
        population = [np.inf if v is None else v for v in population]
    return _array(population, "population", 1, np.inf, none_is_infinite=True)


def _z(ci: float, z: float | None) -> float:
    if z is not None:
        return real_option(z, "z", lo=0, lo_open=True)
    level = real_option(ci, "ci", lo=0, hi=1, lo_open=True, hi_open=True)
    return float(stats.norm.ppf(0.5 + level / 2))


def margin_of_error(
    p: ArrayLike,
    n: ArrayLike,
    ci: float = 0.95,
    population: ArrayLike | None = None,
    *,
    z: float | None = None,
) -> pd.DataFrame:
    """Margin of error (half-width of the interval) of a share ``p`` from ``n`` answers.

    Parameters
    ----------
    p : float or array-like
        Observed or assumed share, in [0, 1] (0.5 is the most conservative).
    n : float or array-like
        Sample size (≥ 1).
    ci : float, default 0.95
        Confidence level; z = Φ⁻¹((1 + ci)/2) (1.645 / 1.960 / 2.576 for 90 / 95 / 99%).
    population : float or array-like, optional
        Population size N for the finite population correction (None = infinite).
    z : float, optional
        Use this z instead of the one implied by ``ci`` (e.g. the rounded 1.96).

    Returns
    -------
    pandas.DataFrame
        One row per broadcast case, with columns

        - ``p``, ``n``, ``population`` (``inf`` when not given), ``z``
        - ``margin`` : e = z·√[p(1 − p)/n]·√[(N − n)/(N − 1)]
        - ``ci_low``, ``ci_high`` : p ∓ e, clipped to [0, 1]

    Notes
    -----
    e = z·√[p(1−p)/n]; with finite population correction multiply by √[(N−n)/(N−1)] (Cochran,
    W.G. 1977, *Sampling Techniques*, 3rd ed., Wiley; domain brief §9.2). This is the Wald
    interval: for a reported rate from real data near 0 or 1 prefer the Wilson interval of
    :func:`helpers.ratings.satisfaction_rate`.

    Examples
    --------
    >>> margin_of_error(0.5, [385, 1000], z=1.96).round(4)
         p       n  population     z  margin  ci_low  ci_high
    0  0.5   385.0         inf  1.96  0.0499  0.4501   0.5499
    1  0.5  1000.0         inf  1.96  0.0310  0.4690   0.5310
    """
    zz = _z(ci, z)
    p_a = _array(p, "p", 0, 1)
    n_a = _array(n, "n", 1, np.inf, open_hi=True)
    pop = _population(population)
    try:
        p_b, n_b, pop_b = np.broadcast_arrays(p_a, n_a, pop)
    except ValueError:
        raise HelpersError("p、n、population 的长度不一致 (p, n and population have incompatible lengths)")
    if np.any(n_b > pop_b):
        raise HelpersError("样本量不能大于总体 (n must not exceed population)")
    with np.errstate(invalid="ignore", divide="ignore"):
        fpc = np.where(np.isinf(pop_b), 1.0,
                       np.sqrt(np.clip((pop_b - n_b) / np.maximum(pop_b - 1, 1), 0, 1)))
    e = zz * np.sqrt(p_b * (1 - p_b) / n_b) * fpc
    return pd.DataFrame({"p": p_b, "n": n_b, "population": pop_b, "z": zz, "margin": e,
                         "ci_low": np.clip(p_b - e, 0, 1), "ci_high": np.clip(p_b + e, 0, 1)})


def sample_size(
    margin: ArrayLike,
    p: ArrayLike = 0.5,
    ci: float = 0.95,
    population: ArrayLike | None = None,
    *,
    z: float | None = None,
) -> pd.DataFrame:
    """Cochran's required sample size to estimate a share within ``± margin``.

    Parameters
    ----------
    margin : float or array-like
        Desired margin of error e, in (0, 1) (e.g. 0.05 for ±5 points).
    p : float or array-like, default 0.5
        Expected share; 0.5 (the default) gives the largest, most conservative n.
    ci : float, default 0.95
        Confidence level.
    population : float or array-like, optional
        Population size N (finite population correction); None = infinite.
    z : float, optional
        Use this z instead of the one implied by ``ci``.

    Returns
    -------
    pandas.DataFrame
        One row per broadcast case, with columns

        - ``margin``, ``p``, ``population`` (``inf`` when not given), ``z``
        - ``n0`` : z²·p(1 − p)/e² (infinite population)
        - ``n_exact`` : n0 / [1 + (n0 − 1)/N] (equals n0 when N is infinite)
        - ``n`` : ⌈n_exact⌉, the sample to draw (integer)

    Notes
    -----
    Cochran (1977), *Sampling Techniques*, 3rd ed., Wiley; domain brief §9.2. Worked values
    (§11 #16): z = 1.96, p = 0.5, e = 0.05 → n0 = 384.16 → 385; N = 10,000 → 369.98 → 370.
    With the exact z = 1.959964 (the default), n0 = 384.146, the same rounded results. The
    rounding up ignores floating-point noise below 10⁻⁹.

    Examples
    --------
    >>> sample_size(0.05, population=[None, 10_000], z=1.96).round(2)
       margin    p  population     z      n0  n_exact    n
    0    0.05  0.5         inf  1.96  384.16   384.16  385
    1    0.05  0.5     10000.0  1.96  384.16   369.98  370
    """
    zz = _z(ci, z)
    e = _array(margin, "margin", 0, 1, open_lo=True, open_hi=True)
    p_a = _array(p, "p", 0, 1)
    pop = _population(population)
    try:
        e_b, p_b, pop_b = np.broadcast_arrays(e, p_a, pop)
    except ValueError:
        raise HelpersError("margin、p、population 的长度不一致 "
                           "(margin, p and population have incompatible lengths)")
    with np.errstate(over="ignore", divide="ignore"):
        n0 = zz ** 2 * p_b * (1 - p_b) / e_b ** 2
    with np.errstate(invalid="ignore", divide="ignore"):
        n_exact = np.where(np.isinf(pop_b), n0, n0 / (1 + (n0 - 1) / pop_b))
    if not (np.isfinite(n_exact) & (n_exact < 1e15)).all():
        raise HelpersError("margin 太小，所需样本量超出可计算范围 (margin too small: the sample "
                           f"size is beyond 10^15; margin={margin!r})")
    n = np.maximum(np.ceil(n_exact - 1e-9), 1).astype(np.int64)
    return pd.DataFrame({"margin": e_b, "p": p_b, "population": pop_b, "z": zz, "n0": n0,
                         "n_exact": n_exact, "n": n})
