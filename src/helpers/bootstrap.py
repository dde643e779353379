"""Vectorised bootstrap of column means, with percentile and BCa intervals.

This is the resampling engine behind :mod:`helpers.servqual` (and other modules that report the
mean of per-respondent scores). It works on a float array ``x`` of shape ``(n, k)``: ``n``
respondents, ``k`` scores per respondent (for example the five SERVQUAL dimension gaps). Missing
answers are ``NaN``; the statistic of every column is its NaN-mean.

How it is fast. A bootstrap resample of ``n`` rows is fully described by its multinomial counts
``c`` (how often each row was drawn), and the resample mean of every column is ``c @ x / n``.
The engine therefore draws a whole *chunk* of resamples at once (one call to the random generator
for an ``(m, n)`` block of row indices), turns them into counts with one ``bincount`` and gets all
``m × k`` means from one matrix product; there is no Python loop per resample. The chunk size
``m`` is chosen from a memory budget (``max_bytes``, default 32 MiB), so peak memory stays bounded
for any ``n`` and ``n_boot``. With missing values a second product ``c @ observed`` gives the
per-resample number of answers, and the mean is their ratio.

Intervals. ``'percentile'`` takes the ``(1−ci)/2`` and ``(1+ci)/2`` quantiles of the bootstrap
distribution; ``'BCa'`` shifts these quantile levels by the bias correction ``z0`` and the
acceleration ``a`` (Efron 1987). For the mean, the jackknife values needed for ``a`` have a closed
form, so they are computed without a loop. Quantiles use linear interpolation (numpy's default),
the same convention as :func:`scipy.stats.bootstrap`, whose method names this module shares.

Degenerate cases. An interval the bootstrap cannot estimate is ``NaN``, never a zero-width
interval that would look like certainty: fewer than 2 answers in a column (one respondent
resampled is always that respondent), a bootstrap distribution with no spread (every answer
equal), or a BCa bias correction that is infinite (every resample on one side of the estimate).
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Literal

import numpy as np
import pandas as pd
from scipy.special import ndtr, ndtri

from helpers._validate import (
    Exclusions,
    HelpersError,
    InputError,
    check_frame,
    check_level,
)
from helpers.scales import check_scale, read_items, real_option

__all__ = [
    "Method",
    "make_rng",
    "chunk_size",
    "resample_means",
    "jackknife_terms",
    "interval",
    "mean_ci",
    "mean_difference_ci",
    "bootstrap_mean",
]

Method = Literal["BCa", "percentile"]

DEFAULT_MAX_BYTES = 32 * 2**20
"""Default memory budget of one chunk of resamples (bytes)."""

# bytes of scratch memory per (resample, respondent) cell: int32 indices, the intp copy that
# bincount makes of them, the int64 counts and their float64 copy.
_BYTES_PER_CELL = 4 + 8 + 8 + 8


def make_rng(seed: int | np.random.Generator | None) -> np.random.Generator:
    """Return a numpy Generator: ``seed`` itself if it is one, else a seeded SFC64 generator.

    Parameters
    ----------
    seed : int, numpy.random.Generator or None
        A non-negative integer seeds a new generator (reproducible); a Generator is returned
        unchanged, so several calls can draw from one stream; ``None`` seeds from fresh entropy
        of the operating system (not reproducible). Anything else (a negative number, a bool,
        a float) raises :class:`~helpers.HelpersError`.

    Returns
    -------
    numpy.random.Generator
        The generator the resampling functions draw from.

    Notes
    -----
    The bit generator is :class:`numpy.random.SFC64`. It is used because it draws bounded
    32-bit integers about 25 % faster than the default PCG64; the stream is fully determined
    by ``seed``.

    Examples
    --------
    >>> make_rng(1).integers(0, 10, 3)
    array([4, 9, 5])
    >>> g = make_rng(1)
    >>> make_rng(g) is g
    True
    """
    if isinstance(seed, np.random.Generator):
        return seed
    if seed is not None and (not isinstance(seed, (int, np.integer))
                             or isinstance(seed, (bool, np.bool_)) or seed < 0):
        raise HelpersError(f"seed 必须是非负整数或 numpy Generator (seed must be a non-negative "
                           f"int or a numpy Generator, got {seed!r})")
    return np.random.Generator(np.random.SFC64(seed))


def chunk_size(n: int, n_boot: int, max_bytes: int = DEFAULT_MAX_BYTES) -> int:
    """Number of resamples drawn per chunk so that scratch memory stays within ``max_bytes``.

    Parameters
    ----------
    n : int
        Rows (respondents) in one resample.
    n_boot : int
        Total number of resamples ``B``.
    max_bytes : int, default 32 MiB
        Memory budget of one chunk of resamples, in bytes.

    Returns
    -------
    int
        Resamples per chunk, at least 1 and at most ``n_boot``.

    Notes
    -----
    ``m = max(1, min(B, ⌊max_bytes / (28·max(1, n))⌋))``: one (resample, respondent) cell
    needs 28 bytes of scratch memory (the int32 row index, the intp copy that ``bincount``
    makes of it, the int64 count and its float64 copy). The chunk size depends only on the
    arguments, never on the machine, so a given ``seed`` gives the same resamples everywhere
    (:func:`resample_means`).

    Examples
    --------
    >>> chunk_size(100_000, 2000)
    11
    >>> chunk_size(50, 2000)
    2000
    """
    per_resample = max(1, n) * _BYTES_PER_CELL
    return int(max(1, min(n_boot, max_bytes // per_resample)))


def _as_2d(x: np.ndarray) -> np.ndarray:
    try:
        arr = np.asarray(x)
        if arr.dtype == bool or arr.dtype.kind in "OSUcmM":
            if arr.dtype.kind == "O" and all(isinstance(v, (int, float, np.number)) and not
                                              isinstance(v, (bool, np.bool_)) for v in arr.flat):
                arr = arr.astype(float)
            else:
                raise TypeError
        x = arr.astype(float)
    except (TypeError, ValueError):
        raise InputError(f"x 必须是数值数组（不能含文本或 True/False） (x must be an array of "
                         f"numbers, not text or bools, got {type(x).__name__})") from None
    if np.isinf(x).any():
        raise InputError("x 含有无穷大 (x holds infinite values)")
    if x.ndim == 1:
        x = x[:, None]
    if x.ndim != 2:
        raise HelpersError(f"x 必须是一维或二维数组 (x must be 1-D or 2-D, got {x.ndim}-D)")
    return x


def resample_means(
    x: np.ndarray,
    *,
    n_boot: int = 2000,
    seed: int | np.random.Generator | None = 0,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> np.ndarray:
    """Bootstrap distribution of the NaN-means of the columns of ``x``.

    Parameters
    ----------
    x : array of shape (n,) or (n, k)
        Scores, one row per respondent; ``NaN`` marks a missing score.
    n_boot : int
        Number of resamples ``B``.
    seed : int, numpy Generator or None
        Seed of the random generator (see :func:`make_rng`).
    max_bytes : int
        Memory budget of one chunk of resamples; results depend on ``seed`` and on the chunk
        size derived from it (:func:`chunk_size`), not on the machine.

    Returns
    -------
    ndarray of shape (B, k)
        Mean of every column in every resample (``NaN`` if a resample holds no answer of that
        column, which only happens with very few answers).

    Notes
    -----
    Resample ``b`` has multinomial counts ``c_b`` (rows drawn with replacement); its mean of
    column ``j`` is ``Σ_i c_bi·x_ij·o_ij / Σ_i c_bi·o_ij`` where ``o_ij`` is 1 if ``x_ij`` is
    observed. Counts of a chunk of resamples are formed with one ``bincount``; the sums are one
    matrix product per chunk. Peak scratch memory is about two chunks (one being drawn, one
    being counted), i.e. ``2 · max_bytes``.

    Examples
    --------
    >>> x = np.array([[1.0, 2.0], [3.0, np.nan], [5.0, 4.0]])
    >>> resample_means(x, n_boot=4, seed=2).round(2)
    array([[3.  , 3.  ],
           [2.33, 2.67],
           [1.67, 2.  ],
           [2.33, 2.  ]])
    """
    x = _as_2d(x)
    n, k = x.shape
    if n < 1:
        raise InputError("没有可用于重抽样的数据 (no rows to resample)")
    n_boot = int(real_option(n_boot, "n_boot", lo=1, integer=True))
    max_bytes = int(real_option(max_bytes, "max_bytes", lo=1, integer=True))
    rng = make_rng(seed)
    observed = ~np.isnan(x)
    has_nan = not observed.all()
    x0 = np.where(observed, x, 0.0) if has_nan else x
    obs = observed.astype(float)
    m = chunk_size(n, n_boot, max_bytes)
    itype = np.int32 if m * n < 2**31 else np.int64
    offsets = (np.arange(m, dtype=itype) * itype(n))[:, None]
    starts = list(range(0, n_boot, m))
    sizes = [min(m, n_boot - s) for s in starts]

    def draw(size: int) -> np.ndarray:
        return rng.integers(0, n, size=(size, n), dtype=itype)

    out = np.empty((n_boot, k))
    # The draws of chunk i+1 run in one background thread (numpy releases the GIL while it
    # fills the array) while chunk i is counted and multiplied here. Draws stay sequential
    # on the one generator, so the result does not depend on the threading.
    with ThreadPoolExecutor(max_workers=1) as pool:
        pending = pool.submit(draw, sizes[0])
        for i, (start, size) in enumerate(zip(starts, sizes)):  # one iteration per chunk
            idx = pending.result()
            if i + 1 < len(starts):
                pending = pool.submit(draw, sizes[i + 1])
            idx += offsets[:size]
            counts = np.bincount(idx.ravel(), minlength=size * n).reshape(size, n)
            del idx
            counts = counts.astype(float)
            sums = counts @ x0
            if has_nan:
                answered = counts @ obs
                with np.errstate(invalid="ignore", divide="ignore"):
                    out[start:start + size] = sums / answered
            else:
                out[start:start + size] = sums / n
    return out


def jackknife_terms(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Closed-form jackknife sums of the NaN-mean, used for the BCa acceleration.

    Parameters
    ----------
    x : array of shape (n,) or (n, k)
        Scores, one row per respondent; ``NaN`` marks a missing score.

    Returns
    -------
    num : ndarray of shape (k,)
        ``Σ U³ / N³`` per column; ``NaN`` for a column with fewer than 2 answers.
    den : ndarray of shape (k,)
        ``Σ U² / N²`` per column; ``NaN`` for a column with fewer than 2 answers.

    Notes
    -----
    ``N`` is the number of rows, ``θ_(i)`` the NaN-mean without row ``i`` (equal to the full
    mean when row ``i`` is missing), ``θ̄`` their average and ``U_i = (N − 1)(θ̄ − θ_(i))``.
    For the mean, ``θ_(i) = (Σ x − x_i)/(m − 1)`` with ``m`` answers, so all ``θ_(i)`` come
    from one vectorised expression instead of ``N`` refits. The BCa acceleration (Efron 1987,
    "Better bootstrap confidence intervals", JASA 82(397):171–185) is
    ``a = Σ num / (6 (Σ den)^{3/2})``, summed over the samples: for several independent
    samples the terms add up (Efron & Tibshirani 1993, eq. 15.36; the convention of
    :func:`scipy.stats.bootstrap`). For one sample the powers of ``N`` cancel in ``a``.

    Validated against: scipy.stats.bootstrap(method="BCa"), one and two samples, given the same
    bootstrap distribution (to 1e-12) — tests/test_bootstrap.py.

    Examples
    --------
    For ``x = 1, 2, 3, 6``: ``θ_(i) = 11/3, 10/3, 3, 2``, ``θ̄ = 3``, ``U = −2, −1, 0, 3``, so
    ``num = 18/64`` and ``den = 14/16``.

    >>> num, den = jackknife_terms(np.array([1.0, 2.0, 3.0, 6.0]))
    >>> num, den
    (array([0.28125]), array([0.875]))
    >>> (num / (6 * den**1.5)).round(4)     # the acceleration a
    array([0.0573])
    """
    x = _as_2d(x)
    n_rows = x.shape[0]
    observed = ~np.isnan(x)
    m = observed.sum(axis=0).astype(float)
    total = np.where(observed, x, 0.0).sum(axis=0)
    mean = np.divide(total, m, out=np.full(x.shape[1], np.nan), where=m > 0)
    with np.errstate(invalid="ignore", divide="ignore"):
        loo = np.where(observed, (total - np.where(observed, x, 0.0)) / (m - 1), mean)
    loo = np.where((m > 1) | ~observed, loo, np.nan)
    u = (n_rows - 1) * (loo.mean(axis=0) - loo)
    num = (u**3).sum(axis=0) / n_rows**3
    den = (u**2).sum(axis=0) / n_rows**2
    return num, den


def _quantiles(boot: np.ndarray, levels: np.ndarray) -> np.ndarray:
    """Linear-interpolation quantile of every column of ``boot`` at its own level(s)."""
    b_sorted = np.sort(boot, axis=0)
    out = np.full(levels.shape, np.nan)
    for j in range(boot.shape[1]):  # loop over columns (k ≤ a few dozen), not resamples
        col = b_sorted[:, j]
        col = col[~np.isnan(col)]
        ok = ~np.isnan(levels[:, j])
        if col.size and ok.any():
            out[ok, j] = np.quantile(col, levels[ok, j])
    return out


def interval(
    boot: np.ndarray,
    estimate: np.ndarray,
    *,
    ci: float = 0.95,
    method: Method = "BCa",
    jackknife: tuple[np.ndarray, np.ndarray] | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Percentile or BCa interval of each column from a bootstrap distribution.

    Parameters
    ----------
    boot : array (B, k)
        Bootstrap distribution (e.g. from :func:`resample_means`); ``NaN`` resamples are
        ignored.
    estimate : array (k,)
        The statistic on the original data.
    ci : float, default 0.95
        Confidence level.
    method : {'BCa', 'percentile'}, default 'BCa'
        Interval type.
    jackknife : tuple of arrays, optional
        ``(num, den)`` from :func:`jackknife_terms` (summed over samples); required for BCa.

    Returns
    -------
    ci_low, ci_high : ndarray of shape (k,)
        Lower and upper bound of each column; ``NaN`` for a degenerate column (see Notes).

    Notes
    -----
    Percentile: the ``(1 − ci)/2`` and ``(1 + ci)/2`` quantiles of each column, with linear
    interpolation (numpy's default, as in :func:`scipy.stats.bootstrap`).
    BCa (Efron 1987, JASA 82:171–185): ``z0 = Φ⁻¹(p)`` with ``p`` the share of resample
    statistics below the estimate (ties count one half), ``a = num / (6 den^{3/2})``, and the
    quantile levels ``α_{1,2} = Φ(z0 + (z0 + z_α)/(1 − a (z0 + z_α)))`` for
    ``z_α = Φ⁻¹((1 ∓ ci)/2)``. Degenerate columns get ``NaN`` bounds: a bootstrap
    distribution without spread (every resample equals the estimate, e.g. constant data or a
    single answer) or, for BCa, an infinite bias correction ``z0`` (every resample on one side
    of the estimate). A zero-width interval would claim a certainty the data do not give.

    Validated against: scipy.stats.bootstrap (percentile and BCa, one and two samples) given
    the same bootstrap distribution, to 1e-12 — tests/test_bootstrap.py.

    Examples
    --------
    A bootstrap distribution 1, 2, …, 101: the 2.5 % quantile lies at position 2.5 (between
    3 and 4), the 97.5 % quantile at position 97.5. Half the resamples lie below the estimate
    51 (``z0 = 0``) and ``a = 0``, so BCa equals the percentile interval.

    >>> boot = np.arange(1.0, 102.0)[:, None]
    >>> interval(boot, np.array([51.0]), method="percentile")
    (array([3.5]), array([98.5]))
    >>> interval(boot, np.array([51.0]), jackknife=(np.zeros(1), np.ones(1)))
    (array([3.5]), array([98.5]))
    >>> interval(np.full((10, 1), 2.0), np.array([2.0]), method="percentile")   # no spread
    (array([nan]), array([nan]))
    """
    ci = check_level(ci, name="ci")
    boot = _as_2d(boot)
    estimate = _as_2d(np.atleast_1d(estimate)).ravel()
    if estimate.shape[0] != boot.shape[1]:
        raise HelpersError(f"estimate 的长度 ({estimate.shape[0]}) 与 boot 的列数 "
                           f"({boot.shape[1]}) 不一致 (estimate has {estimate.shape[0]} values "
                           f"for {boot.shape[1]} columns of boot)")
    alpha = (1 - ci) / 2
    k = boot.shape[1]
    if method == "percentile":
        levels = np.tile(np.array([[alpha], [1 - alpha]]), (1, k))
    elif method == "BCa":
        if jackknife is None:
            raise HelpersError("BCa 需要 jackknife 项 (BCa needs the jackknife terms)")
        valid = ~np.isnan(boot)
        b_count = valid.sum(axis=0)
        below = ((boot < estimate) & valid).sum(axis=0) + ((boot <= estimate) & valid).sum(axis=0)
        with np.errstate(invalid="ignore", divide="ignore"):
            z0 = ndtri(below / (2 * b_count))
            num, den = jackknife
            a = np.where(den > 0, num / (6 * den**1.5), 0.0)
        z = ndtri(np.array([alpha, 1 - alpha]))[:, None]
        levels = ndtr(z0 + (z0 + z) / (1 - a * (z0 + z)))
        levels[:, ~np.isfinite(z0)] = np.nan
    else:
        raise HelpersError(f"method 必须是 'BCa' 或 'percentile' "
                           f"(method must be 'BCa' or 'percentile', got {method!r})")
    q = _quantiles(boot, levels)
    with np.errstate(invalid="ignore"):
        spread = np.nanmax(boot, axis=0, initial=-np.inf) - np.nanmin(boot, axis=0,
                                                                      initial=np.inf)
    degenerate = ~(spread > 0)
    q[:, degenerate] = np.nan
    return q[0], q[1]


def _nanmean(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    observed = ~np.isnan(x)
    n = observed.sum(axis=0)
    total = np.where(observed, x, 0.0).sum(axis=0)
    mean = np.divide(total, n, out=np.full(x.shape[1], np.nan), where=n > 0)
    return mean, n


def mean_ci(
    x: np.ndarray,
    *,
    n_boot: int = 2000,
    ci: float = 0.95,
    method: Method = "BCa",
    seed: int | np.random.Generator | None = 0,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> dict[str, np.ndarray]:
    """NaN-mean of each column of ``x`` with its bootstrap interval (array interface).

    Parameters
    ----------
    x : array of shape (n,) or (n, k)
        Scores, one row per respondent; ``NaN`` marks a missing score. Text, bools and
        infinite values raise :class:`~helpers.InputError`.
    n_boot : int, default 2000
        Number of resamples ``B``.
    ci : float, default 0.95
        Confidence level.
    method : {'BCa', 'percentile'}, default 'BCa'
        Interval type (see :func:`interval`).
    seed : int, numpy Generator or None, default 0
        Seed of the random generator (see :func:`make_rng`).
    max_bytes : int, default 32 MiB
        Memory budget of one chunk of resamples (see :func:`chunk_size`).

    Returns
    -------
    dict of ndarray of shape (k,)
        One array per key, one value per column of ``x``:

        - ``estimate``: mean of the answered values (``NaN`` for a column with no answer);
        - ``ci_low``, ``ci_high``: bootstrap interval bounds (``NaN`` with fewer than 2
          answers, when the bootstrap distribution has no spread, e.g. every answer equal,
          or for BCa when every resample lies on one side of the estimate);
        - ``n``: number of answered values (int);
        - ``se``: standard deviation (ddof = 1) of the bootstrap distribution (``NaN`` with
          fewer than 2 answers; 0 when every answer is equal).

    Notes
    -----
    Nonparametric bootstrap (Efron 1979) of the NaN-mean: rows are resampled with replacement
    (:func:`resample_means`, all columns jointly), and the interval comes from
    :func:`interval` with the closed-form jackknife terms of :func:`jackknife_terms` for BCa
    (Efron 1987, "Better bootstrap confidence intervals", JASA 82(397):171–185).

    Validated against: scipy.stats.bootstrap (percentile and BCa, within Monte Carlo error) —
    tests/test_bootstrap.py.

    Examples
    --------
    >>> x = np.array([[1.0, 2.0], [2.0, np.nan], [4.0, np.nan]])
    >>> out = mean_ci(x, n_boot=200)
    >>> out["estimate"].round(2), out["n"]
    (array([2.33, 2.  ]), array([3, 1]))
    >>> np.isnan(out["ci_low"])      # one answer in the second column: no interval
    array([False,  True])
    >>> x = np.random.default_rng(0).normal(size=(40, 2))
    >>> out = mean_ci(x, n_boot=500, seed=1)
    >>> bool(np.all((out["ci_low"] < out["estimate"]) & (out["estimate"] < out["ci_high"])))
    True
    """
    x = _as_2d(x)
    estimate, n = _nanmean(x)
    boot = resample_means(x, n_boot=n_boot, seed=seed, max_bytes=max_bytes)
    jack = jackknife_terms(x) if method == "BCa" else None
    lo, hi = interval(boot, estimate, ci=ci, method=method, jackknife=jack)
    few = n < 2
    lo[few] = hi[few] = np.nan
    return {"estimate": estimate, "ci_low": lo, "ci_high": hi, "n": n,
            "se": np.where(few, np.nan, _sd(boot))}


def _sd(boot: np.ndarray) -> np.ndarray:
    """Standard deviation of each column of a bootstrap distribution, NaN-safe and quiet."""
    valid = (~np.isnan(boot)).sum(axis=0)
    out = np.full(boot.shape[1], np.nan)
    ok = valid >= 2
    if ok.any():
        out[ok] = np.nanstd(boot[:, ok], axis=0, ddof=1)
    return out


def mean_difference_ci(
    before: np.ndarray,
    after: np.ndarray,
    *,
    n_boot: int = 2000,
    ci: float = 0.95,
    method: Method = "BCa",
    seed: int | np.random.Generator | None = 0,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> dict[str, np.ndarray]:
    """Difference of NaN-means ``after − before`` of two independent samples, with interval.

    Parameters
    ----------
    before, after : array of shape (n,) or (n, k)
        Scores of the two samples, one row per respondent (the row counts may differ, the
        number of columns ``k`` may not); ``NaN`` marks a missing score.
    n_boot : int, default 2000
        Number of resamples ``B`` of each sample.
    ci : float, default 0.95
        Confidence level.
    method : {'BCa', 'percentile'}, default 'BCa'
        Interval type (see :func:`interval`).
    seed : int, numpy Generator or None, default 0
        Seed of the one random generator both samples draw from (see :func:`make_rng`).
    max_bytes : int, default 32 MiB
        Memory budget of one chunk of resamples (see :func:`chunk_size`).

    Returns
    -------
    dict of ndarray of shape (k,)
        One array per key, one value per column:

        - ``estimate``: ``mean(after) − mean(before)`` of the answered values (``NaN`` if
          either sample has no answer in that column);
        - ``ci_low``, ``ci_high``: bootstrap interval bounds (``NaN`` where either sample has
          fewer than 2 answers, when the bootstrap distribution has no spread, or for BCa
          when every resample lies on one side of the estimate);
        - ``n_before``, ``n_after``: answered values in each sample (int);
        - ``se``: standard deviation (ddof = 1) of the bootstrap distribution of the
          difference (``NaN`` where either sample has fewer than 2 answers).

    Notes
    -----
    Each sample is resampled on its own (the samples are independent, e.g. two survey waves
    with different respondents); resample ``b`` of the difference is
    ``mean(after*_b) − mean(before*_b)``. BCa (Efron 1987, "Better bootstrap confidence
    intervals", JASA 82(397):171–185) uses the two-sample jackknife: the sum of the jackknife
    terms of both samples, where the sign of the *before* ``num`` flips
    (``a = (num_after − num_before) / (6 (den_after + den_before)^{3/2})``).

    Validated against: scipy.stats.bootstrap(method="BCa") with two samples given the same
    bootstrap distribution, and the closed-form standard error of a difference of independent
    means — tests/test_bootstrap.py.

    Examples
    --------
    >>> out = mean_difference_ci([1.0, 2.0, 3.0], [2.0, 4.0, 6.0], n_boot=200)
    >>> out["estimate"], out["n_before"], out["n_after"]
    (array([2.]), array([3]), array([3]))
    >>> rng = np.random.default_rng(0)
    >>> out = mean_difference_ci(rng.normal(0, 1, 50), rng.normal(1, 1, 60), n_boot=500)
    >>> bool(out["ci_low"][0] < out["estimate"][0] < out["ci_high"][0])
    True
    """
    before, after = _as_2d(before), _as_2d(after)
    if before.shape[1] != after.shape[1]:
        raise HelpersError("两组的列数不同 (the two samples have different numbers of columns)")
    rng = make_rng(seed)
    m_before, n_before = _nanmean(before)
    m_after, n_after = _nanmean(after)
    estimate = m_after - m_before
    boot = (resample_means(after, n_boot=n_boot, seed=rng, max_bytes=max_bytes)
            - resample_means(before, n_boot=n_boot, seed=rng, max_bytes=max_bytes))
    jack = None
    if method == "BCa":
        num_b, den_b = jackknife_terms(before)
        num_a, den_a = jackknife_terms(after)
        jack = (num_a - num_b, den_a + den_b)
    lo, hi = interval(boot, estimate, ci=ci, method=method, jackknife=jack)
    few = (n_before < 2) | (n_after < 2)
    lo[few] = hi[few] = np.nan
    return {"estimate": estimate, "ci_low": lo, "ci_high": hi, "n_before": n_before,
            "n_after": n_after, "se": np.where(few, np.nan, _sd(boot))}


def bootstrap_mean(
    data: pd.DataFrame,
    columns: Sequence[Hashable],
    *,
    n_boot: int = 2000,
    ci: float = 0.95,
    method: Method = "BCa",
    seed: int | np.random.Generator | None = 0,
    scale: tuple[float, float] | None = None,
) -> pd.DataFrame:
    """Mean of each column with a bootstrap confidence interval (tidy interface).

    Parameters
    ----------
    data : DataFrame
        One row per respondent.
    columns : list of column names
        Numeric columns, read by :func:`helpers.scales.read_items`; missing values are
        skipped (NaN-mean) and reported.
    n_boot, ci, method, seed
        Number of resamples, confidence level, ``'BCa'`` or ``'percentile'``, random seed.
    scale : (lo, hi), optional
        If given, values outside it (e.g. 98/99 "don't know" codes) raise
        :class:`~helpers.InputError` naming the column and the rows. Default ``None``: any
        finite number (the columns need not be answers on a response scale).

    Returns
    -------
    DataFrame with one row per column:

    - ``column``: the column name;
    - ``estimate``: mean of the answered values;
    - ``ci_low``, ``ci_high``: bootstrap interval bounds (``NaN`` with fewer than 2 answers or
      when every answer is the same; see the module docstring);
    - ``n``: number of answered values.

    ``result.attrs["excluded"]`` lists the missing values (``row``, ``column``, ``reason``):
    for every column rows in = ``n`` + rows excluded.

    Notes
    -----
    Nonparametric bootstrap (Efron 1979) with percentile or BCa intervals (Efron 1987,
    "Better bootstrap confidence intervals", JASA 82(397):171–185). All columns are resampled
    jointly (the same respondents in every column of a resample).

    Validated against: scipy.stats.bootstrap (percentile and BCa) — tests/test_bootstrap.py.

    Examples
    --------
    >>> df = pd.DataFrame({"a": [1, 2, 3, 4, 5.0], "b": [2, 2, 3, 3, 4.0]})
    >>> bootstrap_mean(df, ["a", "b"], n_boot=1000, method="percentile").round(2)
      column  estimate  ci_low  ci_high  n
    0      a       3.0     1.8      4.2  5
    1      b       2.8     2.2      3.4  5
    """
    check_frame(data)
    if isinstance(columns, (str, bytes)) or not isinstance(columns, (Sequence, pd.Index,
                                                                     np.ndarray)):
        raise HelpersError(f"columns 必须是列名列表 (columns must be a list of column names, "
                           f"got {columns!r})")
    columns = list(columns)
    x = read_items(data, columns, scale=check_scale(scale, allow_none=True))
    out = mean_ci(x, n_boot=n_boot, ci=ci, method=method, seed=seed)
    ex = Exclusions()
    for j, c in enumerate(columns):
        ex.add(data.index[np.isnan(x[:, j])], "缺失 (missing value)", column=c)
    return ex.attach(pd.DataFrame({"column": columns, "estimate": out["estimate"],
                                   "ci_low": out["ci_low"], "ci_high": out["ci_high"],
                                   "n": out["n"].astype(int)}))
