"""Internal-consistency reliability of a scale: Cronbach's alpha and its companions.

All functions take a wide frame (one row per respondent, one column per item) and compute from the
item covariance matrix, which is built with numpy directly on the raw array (one matrix product
for complete data), so they are fast on large surveys. Missing answers follow pingouin's
``nan_policy``: ``'pairwise'`` (default) computes each covariance from the respondents who
answered both items (as :meth:`pandas.DataFrame.cov` does); ``'listwise'`` first drops every
respondent with any missing item (recorded in ``result.attrs["excluded"]``). Under both policies
a respondent who answered no item at all is left out and recorded.

Answers are read by :func:`helpers.scales.read_items` and must lie on the response ``scale``
(default 1–7): a "don't know"/"refused" code such as 98 or 99 would otherwise behave like a very
high answer and push alpha towards 1, so it raises :class:`helpers.InputError` naming the column
and the rows (recode such codes as missing first). ``scale=None`` switches the range check off
for scores that are not on a response scale.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence

import numpy as np
import pandas as pd
from scipy.linalg.blas import dsyrk
from scipy.stats import f as f_dist

from helpers._validate import (
    Exclusions,
    HelpersError,
    InputError,
    check_frame,
    check_level,
    require_columns,
)
from helpers.labels import DIMENSION_LABELS, DIMENSIONS, ITEM_DIMENSION
from helpers.scales import DEFAULT_SCALE, check_scale, read_items

__all__ = [
    "cronbach_alpha",
    "standardized_alpha",
    "alpha_if_deleted",
    "dimension_reliability",
    "item_covariance",
]


def _raw_block(data: pd.DataFrame, items: list[Hashable],
               scale: tuple[float, float] | None) -> np.ndarray | None:
    """The item block as a float array when every column has a plain numeric dtype and every
    value lies on the scale (checked with one min/max pass), else None."""
    if isinstance(data.columns, pd.MultiIndex) or data.columns.has_duplicates:
        return None
    dtypes = dict(zip(data.columns, data.dtypes))     # (a Series lookup per column costs more)
    numeric, boolean = pd.api.types.is_numeric_dtype, pd.api.types.is_bool_dtype
    if not all(numeric(dtypes[c]) and not boolean(dtypes[c])
               and not isinstance(dtypes[c], pd.CategoricalDtype) for c in items):
        return None
    try:
        if all(dtypes[c] == np.float64 for c in items):
            # already float with NaN for missing: a read-only view of the frame's block where
            # pandas keeps one (no 17 MB copy for 100,000 × 22 answers)
            x = data[items].to_numpy(dtype=float).view()
            x.flags.writeable = False
        else:
            x = data[items].to_numpy(dtype=float, na_value=np.nan)
    except (TypeError, ValueError):
        return None
    if scale is not None and x.size:
        with np.errstate(invalid="ignore"):
            lo, hi = np.fmin.reduce(x, axis=None), np.fmax.reduce(x, axis=None)
        if lo < scale[0] or hi > scale[1]:
            return None         # read_items names the column and the rows
    return x


def _check_args(data: pd.DataFrame, items: Sequence[Hashable] | None,
                nan_policy: str) -> list[Hashable]:
    check_frame(data)
    if nan_policy not in ("pairwise", "listwise"):
        raise HelpersError(f"nan_policy 必须是 'pairwise' 或 'listwise' "
                           f"(nan_policy must be 'pairwise' or 'listwise', got {nan_policy!r})")
    if items is None:
        items = list(data.columns)
    elif isinstance(items, (str, bytes)) or not isinstance(items, (Sequence, pd.Index,
                                                                     np.ndarray)):
        raise HelpersError(f"items 必须是列名列表 (items must be a list of column names, "
                           f"got {items!r})")
    items = list(items)
    require_columns(data, items)
    if len(items) < 2:
        raise InputError(f"至少需要 2 个题目，只给了 {len(items)} 个 "
                         f"(at least 2 items are needed, got {len(items)})",
                         column=items[0] if items else None)
    return items


def _drop_empty_rows(x: np.ndarray, index: pd.Index,
                     ex: Exclusions) -> tuple[np.ndarray, pd.Index]:
    """Leave out (and record) respondents who answered no item."""
    empty = np.isnan(x).all(axis=1)
    if empty.any():
        ex.add(index[empty], "没有作答任何题目 (no item answered)")
        x, index = np.asfortranarray(x[~empty]), index[~empty]
    return x, index


def _alpha_complete(x: np.ndarray) -> float | None:
    """Alpha of a complete block without forming the covariance matrix, or None.

    Only ``Σ σ²_i`` (per-column sums and sums of squares) and ``σ²_X`` (variance of the row
    totals) are needed: three passes over the data, no ``k × k`` product. Returns None when the
    block holds NaN/inf or when the one-pass variances could lose precision.
    """
    n, k = x.shape
    if n < 2:
        return None
    # column sums and row totals as matrix-vector products (BLAS): a third of numpy's strided sums
    sums = np.ones(n) @ x
    if not np.isfinite(sums).all():
        return None
    # sums of squares: one BLAS dot per contiguous column (a fifth of einsum's time)
    sumsq = (np.array([c @ c for c in x.T]) if x.flags.f_contiguous
             else np.einsum("ij,ij->j", x, x))
    item_var = (sumsq - sums * sums / n) / (n - 1)
    total = x @ np.ones(k)
    total_ss = float(np.dot(total, total))
    total_var = (total_ss - float(sums.sum()) ** 2 / n) / (n - 1)
    tiny = np.finfo(float).tiny
    if not total_var > 1e-12 * max(total_ss / n, tiny):
        return None             # (nearly) constant total: the covariance path decides
    if (np.any(sumsq > 1e6 * np.maximum(item_var * (n - 1), tiny))
            or total_ss > 1e6 * max(total_var * (n - 1), tiny)):
        return None
    return float(k / (k - 1) * (1 - item_var.sum() / total_var))


def _gram(z: np.ndarray) -> np.ndarray:
    """``zᵀz`` via BLAS ``dsyrk`` (half the work of a general product), symmetrised."""
    upper = dsyrk(1.0, z, trans=1)
    return np.triu(upper) + np.triu(upper, 1).T


def _one_pass(sxy: np.ndarray, sx: np.ndarray, pairs: np.ndarray | float) -> np.ndarray:
    """``C_ij = (Σx_i x_j − Σx_i·Σx_j / N_ij)/(N_ij − 1)`` where ``sx[i, j]`` sums ``x_i`` over
    the rows of pair ``(i, j)``."""
    return (sxy - sx * sx.T / pairs) / (pairs - 1)


def _needs_centering(sxy: np.ndarray, cov: np.ndarray, pairs: np.ndarray | float) -> bool:
    """True if the one-pass formula may have lost more than ~1e-10 relative precision.

    The rounding error of ``Σx² − (Σx)²/N`` is about ``ε·Σx²``; it is negligible unless the mean
    is huge compared with the spread (never for Likert codes).
    """
    n_ii = np.diag(pairs) if np.ndim(pairs) else pairs
    spread = np.maximum(np.diag(cov) * (n_ii - 1), np.finfo(float).tiny)
    return bool(np.any(np.diag(sxy) > 1e6 * spread))


def item_covariance(
    data: pd.DataFrame,
    items: Sequence[Hashable] | None = None,
    *,
    nan_policy: str = "pairwise",
    scale: tuple[float, float] | None = DEFAULT_SCALE,
) -> tuple[np.ndarray, int, Exclusions]:
    """Item covariance matrix (ddof = 1) under ``nan_policy``; also the ``n`` and exclusions.

    Parameters
    ----------
    data : DataFrame
        Wide format: one row per respondent, one column per item.
    items : list of column names, optional
        Item columns, at least 2 (default: all columns).
    nan_policy : {'pairwise', 'listwise'}, default 'pairwise'
        Missing answers: each covariance from the rows that answered both items, or drop
        every row with a missing answer first.
    scale : (lo, hi) or None, default (1, 7)
        Response scale; values outside it (e.g. 98/99 "don't know" codes) raise
        :class:`~helpers.InputError` naming the column and the rows. ``None``: no range check.

    Returns
    -------
    cov : ndarray of shape (k, k)
        Covariance matrix of the items, in the order of ``items``. A constant item has
        variance 0 (not ``NaN``).
    n : int
        Rows used: rows with at least one answer (``'pairwise'``, as pingouin counts rows) or
        complete rows (``'listwise'``).
    excluded : Exclusions
        Rows left out, with the reason (no answer at all; under ``'listwise'`` also any
        missing answer): rows in = ``n`` + rows excluded. ``excluded.frame()`` gives columns
        ``row``, ``column``, ``reason``.

    Notes
    -----
    Equal to ``data[items].cov()`` (pairwise) or ``data[items].dropna().cov()`` (listwise).
    Computed with one matrix product on the raw array: for complete data ``C = (XᵀX −
    s sᵀ/n)/(n − 1)`` with column sums ``s``; for pairwise missing data one product of
    ``[X₀, O]`` with itself (``X₀``: data with missing set to 0, ``O``: 0/1 answered) gives the
    pairwise cross-products, sums and counts at once. When cancellation could cost precision
    (a mean huge relative to the spread) the covariance is recomputed on centred data.

    Input checks: plain numeric columns are checked in the same pass (a finite column sum
    proves there is no NaN/inf; a column with no answer shows up in the counts; one min/max
    pass checks the scale); anything unusual goes through
    :func:`helpers.scales.read_items`, which raises the precise :class:`InputError` naming
    column and rows. Fewer than 2 usable rows, or two items answered together in fewer than
    2 rows, also raise :class:`InputError`.

    Validated against: pandas ``DataFrame.cov`` (pairwise, to 1e-12; with a 1e9 offset, to
    1e-6) — tests/test_reliability.py.

    Examples
    --------
    >>> df = pd.DataFrame({"a": [1, 2, 3, 4.0], "b": [2, 1, 4, 3.0]})
    >>> item_covariance(df)[0]
    array([[1.66666667, 1.        ],
           [1.        , 1.66666667]])
    >>> df.loc[4] = [np.nan, 5.0]     # a fifth respondent answers only b
    >>> cov, n, excluded = item_covariance(df, nan_policy="listwise")
    >>> n, excluded.frame()["row"].tolist()
    (4, [4])
    """
    items = _check_args(data, items, nan_policy)
    scale = check_scale(scale, allow_none=True)
    return _covariance(data, items, nan_policy, scale, _raw_block(data, items, scale))


def _covariance(data: pd.DataFrame, items: list[Hashable], nan_policy: str,
                scale: tuple[float, float] | None,
                x: np.ndarray | None) -> tuple[np.ndarray, int, Exclusions]:
    """:func:`item_covariance` on checked arguments (``x``: the raw block, if already read)."""
    ex = Exclusions()
    if x is None:
        x = read_items(data, items, scale=scale)  # the precise error for text, inf, codes …
    sums = x.sum(axis=0)
    index = data.index
    if not np.isfinite(sums).all():
        x, index = _drop_empty_rows(x, index, ex)
        sums = x.sum(axis=0)
    n_rows, k = x.shape
    if n_rows < 2:
        read_items(data, items, scale=scale)  # raises first for an all-missing column
        raise InputError(f"至少需要 2 行有作答的数据 (at least 2 rows with answers are needed, "
                         f"got {n_rows})", column=items[0], rows=list(index))
    if np.isfinite(sums).all():  # complete data (no NaN, no inf)
        xtx = x.T @ x
        cov = _one_pass(xtx, np.broadcast_to(sums[:, None], (k, k)), n_rows)
        if _needs_centering(xtx, cov, n_rows):
            xc = x - sums / n_rows
            cov = (xc.T @ xc) / (n_rows - 1)
        return cov, n_rows, ex
    if nan_policy == "listwise":
        complete = ~np.isnan(x.sum(axis=1))
        xt = x.T[:, complete]  # (k, n) view of the F-ordered block: fast column selection
        n = xt.shape[1]
        sums = xt.sum(axis=1)
        if n == 0 or not np.isfinite(sums).all():
            read_items(data, items, scale=scale)  # raises: all-missing column or infinite values
        ex.add(index[~complete], "有缺失作答，整行删除 (listwise deletion: missing answer)")
        if n < 2:
            raise InputError(f"删除缺失后只剩 {n} 行，至少需要 2 行 "
                             f"(after listwise deletion {n} rows remain, at least 2 needed)")
        xtx = xt @ xt.T
        cov = _one_pass(xtx, np.broadcast_to(sums[:, None], (k, k)), n)
        if _needs_centering(xtx, cov, n):
            xc = xt - (sums / n)[:, None]
            cov = (xc @ xc.T) / (n - 1)
        return cov, n, ex
    observed = ~np.isnan(x)
    answered = observed.sum(axis=0)
    x0 = np.where(observed, x, 0.0)
    if (answered == 0).any() or not np.isfinite(x0.sum(axis=0)).all():
        read_items(data, items, scale=scale)  # raises: all-missing column or infinite values
    z = np.empty((n_rows, 2 * k), order="F")
    z[:, :k] = x0
    z[:, k:] = observed
    g = _gram(z)
    sxy, sx, pairs = g[:k, :k], g[:k, k:], g[k:, k:]
    if (pairs < 2).any():
        i, j = np.argwhere(pairs < 2)[0]
        raise InputError(
            f"列 {items[i]!r} 与 {items[j]!r} 同时作答的行少于 2 行 "
            f"(columns {items[i]!r} and {items[j]!r} are answered together in fewer than 2 rows)",
            column=items[i],
        )
    cov = _one_pass(sxy, sx, pairs)
    if _needs_centering(sxy, cov, pairs):
        z[:, :k] = np.where(observed, x - x0.sum(axis=0) / answered, 0.0)
        g = _gram(z)
        cov = _one_pass(g[:k, :k], g[:k, k:], pairs)
    return cov, n_rows, ex


def _alpha_from_cov(cov: np.ndarray) -> float:
    k = cov.shape[0]
    total = float(cov.sum())
    if not total > 0:           # the total score does not vary: alpha is undefined
        return float("nan")
    return float(k / (k - 1) * (1 - np.trace(cov) / total))


def _feldt(alpha: float, n: int, k: int, ci: float) -> tuple[float, float]:
    tail = 1 - ci
    df1 = n - 1
    df2 = df1 * (k - 1)
    lower = 1 - (1 - alpha) * f_dist.isf(tail / 2, df1, df2)
    upper = 1 - (1 - alpha) * f_dist.isf(1 - tail / 2, df1, df2)
    return float(lower), float(upper)


def cronbach_alpha(
    data: pd.DataFrame,
    items: Sequence[Hashable] | None = None,
    *,
    ci: float = 0.95,
    nan_policy: str = "pairwise",
    scale: tuple[float, float] | None = DEFAULT_SCALE,
) -> pd.DataFrame:
    """Cronbach's alpha with the Feldt confidence interval.

    Parameters
    ----------
    data : DataFrame
        Wide format: one row per respondent, one column per item.
    items : list of column names, optional
        Item columns (default: all columns).
    ci : float
        Confidence level of the interval.
    nan_policy : {'pairwise', 'listwise'}
        Missing answers: pairwise covariances, or drop incomplete rows first (as in pingouin).
    scale : (lo, hi) or None
        Response scale, default ``(1, 7)``. Answers outside it — typically "don't know" /
        "refused" codes such as 98 and 99, which would push alpha towards 1 — raise
        :class:`~helpers.InputError` naming the column and the rows. ``None``: no range check
        (for scores that are not on a response scale).

    Returns
    -------
    One-row DataFrame:

    - ``alpha``: Cronbach's alpha (``NaN`` when the total score does not vary);
    - ``ci_low``, ``ci_high``: Feldt interval (not rounded);
    - ``n``: respondents used (rows with at least one answer under ``'pairwise'``, complete
      rows under ``'listwise'``);
    - ``k``: items.

    ``result.attrs["excluded"]`` lists the rows left out (no answer at all; under
    ``'listwise'`` also any missing answer): rows in = ``n`` + rows excluded.

    Notes
    -----
    ``α = k/(k−1) · (1 − Σ σ²_i / σ²_X)`` with ``σ²_X = Σ_ij C_ij`` the variance of the total
    score (Cronbach 1951, Psychometrika 16(3):297–334). Feldt interval (Feldt, Woodruff & Salih
    1987, Applied Psychological Measurement 11(1):93–103):
    ``[1 − (1−α)·F_{1−c/2}(n−1, (n−1)(k−1)), 1 − (1−α)·F_{c/2}(n−1, (n−1)(k−1))]`` with
    ``c = 1 − ci``. For complete data only ``Σ σ²_i`` and ``σ²_X`` are computed (column and
    row-total variances, no covariance matrix). Alpha equals :func:`pingouin.cronbach_alpha`
    to rounding error under both policies. pingouin rounds the interval to 3 decimals and,
    under ``'listwise'``, uses the number of rows *before* deletion in the F degrees of
    freedom; here ``n`` is the number of rows actually used.

    Validated against: pingouin ``cronbach_alpha`` (alpha to 1e-9, Feldt interval to 5e-4) —
    tests/test_reliability.py.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> true = rng.normal(size=(200, 1))
    >>> df = pd.DataFrame(np.rint(4 + true + rng.normal(size=(200, 4))).clip(1, 7),
    ...                   columns=["P1", "P2", "P3", "P4"])
    >>> cronbach_alpha(df).round(3)
       alpha  ci_low  ci_high    n  k
    0  0.774   0.718    0.821  200  4

    A "don't know" code left in the data is refused, not averaged in:

    >>> df.loc[[3, 8], "P2"] = 99
    >>> cronbach_alpha(df)
    Traceback (most recent call last):
    ...
    helpers._validate.InputError: 列 'P2' 第 3, 8 行的值超出量表 1–7... (column 'P2': values outside the scale [1, 7] in rows 3, 8: 99.0, 99.0; recode 'don't know'/'refused' codes such as 98/99 as missing (NaN) first, ...)

    See Also
    --------
    alpha_if_deleted : alpha without each item.
    standardized_alpha : alpha from the mean inter-item correlation.
    """
    ci = check_level(ci, name="ci")
    names = _check_args(data, items, nan_policy)
    lo_hi = check_scale(scale, allow_none=True)
    x = _raw_block(data, names, lo_hi)
    alpha = None if x is None else _alpha_complete(x)
    if alpha is not None:  # fast path: plain numeric, complete, well-conditioned
        assert x is not None
        n, k = x.shape
        ex = Exclusions()
    else:
        cov, n, ex = _covariance(data, names, nan_policy, lo_hi, x)
        k = cov.shape[0]
        alpha = _alpha_from_cov(cov)
    lo, hi = _feldt(alpha, n, k, ci)
    out = pd.DataFrame({"alpha": [alpha], "ci_low": [lo], "ci_high": [hi], "n": [n], "k": [k]})
    return ex.attach(out)


def standardized_alpha(
    data: pd.DataFrame,
    items: Sequence[Hashable] | None = None,
    *,
    nan_policy: str = "pairwise",
    scale: tuple[float, float] | None = DEFAULT_SCALE,
) -> pd.DataFrame:
    """Standardised alpha, from the mean inter-item correlation.

    Parameters
    ----------
    data, items, nan_policy, scale
        As in :func:`cronbach_alpha`.

    Returns
    -------
    One-row DataFrame:

    - ``alpha``: standardised alpha ``α_s``;
    - ``mean_r``: mean of the ``k(k−1)/2`` inter-item correlations ``r̄`` (``NaN``, and so
      ``alpha``, when an item does not vary);
    - ``n``, ``k``: as in :func:`cronbach_alpha` (same ``attrs["excluded"]``).

    Notes
    -----
    ``α_s = k·r̄ / (1 + (k−1)·r̄)`` (the alpha of the standardised items; Cronbach 1951). The
    correlations come from the same covariance matrix as :func:`cronbach_alpha`.

    Examples
    --------
    >>> df = pd.DataFrame({"a": [1, 2, 3, 4, 5.0], "b": [2, 1, 4, 3, 5.0], "c": [1, 3, 2, 5, 4.0]})
    >>> standardized_alpha(df).round(3)
       alpha  mean_r  n  k
    0  0.838   0.633  5  3
    """
    cov, n, ex = item_covariance(data, items, nan_policy=nan_policy, scale=scale)
    k = cov.shape[0]
    sd = np.sqrt(np.diag(cov))
    with np.errstate(invalid="ignore", divide="ignore"):
        corr = cov / np.outer(sd, sd)
        mean_r = float(corr[np.triu_indices(k, 1)].mean())
        alpha = k * mean_r / (1 + (k - 1) * mean_r) if 1 + (k - 1) * mean_r != 0 else np.nan
    return ex.attach(pd.DataFrame({"alpha": [alpha], "mean_r": [mean_r], "n": [n], "k": [k]}))


def alpha_if_deleted(
    data: pd.DataFrame,
    items: Sequence[Hashable] | None = None,
    *,
    nan_policy: str = "pairwise",
    scale: tuple[float, float] | None = DEFAULT_SCALE,
) -> pd.DataFrame:
    """Alpha of the scale without each item, and each item's corrected item–total correlation.

    Parameters
    ----------
    data, items, nan_policy, scale
        As in :func:`cronbach_alpha` (at least 3 items). Under ``'listwise'`` the incomplete
        rows are dropped once, over all items, so every row of the result uses the same
        respondents.

    Returns
    -------
    DataFrame with one row per item:

    - ``item``: the column name;
    - ``alpha_if_deleted``: Cronbach's alpha of the other ``k − 1`` items (``NaN`` when their
      total does not vary);
    - ``r_item_total``: correlation of the item with the sum of the *other* items (corrected
      item–total correlation; ``NaN`` when the item or that sum does not vary);
    - ``n``: as in :func:`cronbach_alpha` (same ``attrs["excluded"]``).

    Notes
    -----
    From the covariance matrix ``C`` with row sums ``c_i`` and total ``S``: the rest score
    ``X − x_i`` has variance ``S − 2c_i + C_ii`` and covariance ``c_i − C_ii`` with item ``i``, so
    ``r_i = (c_i − C_ii)/√(C_ii (S − 2c_i + C_ii))`` and ``α_(−i) = (k−1)/(k−2) · (1 −
    (tr C − C_ii)/(S − 2c_i + C_ii))`` (Cronbach 1951).

    Examples
    --------
    >>> df = pd.DataFrame({"a": [1, 2, 3, 4, 5.0], "b": [2, 1, 4, 3, 5.0], "c": [1, 3, 2, 5, 4.0]})
    >>> alpha_if_deleted(df).round(3)
      item  alpha_if_deleted  r_item_total  n
    0    a             0.462         0.992  5
    1    b             0.889         0.580  5
    2    c             0.889         0.580  5
    """
    check_frame(data)
    names = _check_args(data, items, nan_policy)
    if len(names) < 3:
        raise InputError(f"alpha_if_deleted 至少需要 3 个题目 (alpha_if_deleted needs at least 3 "
                         f"items, got {len(names)})", column=names[0])
    cov, n, ex = item_covariance(data, names, nan_policy=nan_policy, scale=scale)
    k = cov.shape[0]
    diag = np.diag(cov)
    row = cov.sum(axis=1)
    total = cov.sum()
    rest_var = total - 2 * row + diag
    with np.errstate(invalid="ignore", divide="ignore"):
        r = np.where((diag > 0) & (rest_var > 0), (row - diag) / np.sqrt(diag * rest_var),
                     np.nan)
        a = np.where(rest_var > 0, (k - 1) / (k - 2) * (1 - (np.trace(cov) - diag) / rest_var),
                     np.nan)
    out = pd.DataFrame({"item": names, "alpha_if_deleted": a, "r_item_total": r, "n": n})
    return ex.attach(out)


def dimension_reliability(
    data: pd.DataFrame,
    prefix: str = "P",
    *,
    item_map: Mapping[int, str] | None = None,
    ci: float = 0.95,
    nan_policy: str = "pairwise",
    scale: tuple[float, float] | None = DEFAULT_SCALE,
) -> pd.DataFrame:
    """Cronbach's alpha of every SERVQUAL dimension.

    Parameters
    ----------
    data : DataFrame
        Survey in the package schema (columns ``E1…E22``, ``P1…P22``).
    prefix : str
        Item column prefix: ``'P'`` (perceptions) or ``'E'`` (expectations).
    item_map : dict, optional
        ``{item number: dimension}``; default :data:`helpers.labels.ITEM_DIMENSION`. The columns
        are ``f"{prefix}{item}"``.
    ci, nan_policy, scale
        As in :func:`cronbach_alpha`.

    Returns
    -------
    DataFrame with one row per dimension:

    - ``dimension``, ``label`` (Chinese name);
    - ``alpha``, ``ci_low``, ``ci_high``, ``n``: as in :func:`cronbach_alpha` (``NaN`` alpha
      for a dimension with a single item, whose ``n`` counts its answers);
    - ``k``: items in the dimension.

    ``result.attrs["excluded"]`` lists, per dimension (``column``), the rows left out of it:
    for every dimension rows in = ``n`` + rows excluded.

    Notes
    -----
    Cronbach (1951) per dimension; Parasuraman, Zeithaml & Berry (1988) report alphas of .72–.83
    for the five dimensions. Nunnally's (1978) threshold of .70 is the usual reading guide.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> f = rng.normal(size=(300, 1))
    >>> x = np.rint(4 + f + rng.normal(size=(300, 22))).clip(1, 7)
    >>> df = pd.DataFrame(x, columns=[f"P{i}" for i in range(1, 23)])
    >>> dimension_reliability(df)[["dimension", "alpha", "n", "k"]].round(2)
            dimension  alpha    n  k
    0       tangibles   0.76  300  4
    1     reliability   0.83  300  5
    2  responsiveness   0.80  300  4
    3       assurance   0.78  300  4
    4         empathy   0.83  300  5
    """
    check_frame(data)
    ci = check_level(ci, name="ci")
    lo_hi = check_scale(scale, allow_none=True)
    if not isinstance(prefix, str):
        raise HelpersError(f"prefix 必须是字符串，如 'P' 或 'E' (prefix must be a string such as "
                           f"'P' or 'E', got {prefix!r})")
    if item_map is not None and not isinstance(item_map, Mapping):
        raise HelpersError(f"item_map 必须是 {{题号: 维度}} (item_map must be a mapping "
                           f"{{item number: dimension}}, got {item_map!r})")
    item_map = ITEM_DIMENSION if item_map is None else dict(item_map)
    if not item_map:
        raise HelpersError("item_map 不能为空 (item_map must not be empty)")
    dims = [d for d in DIMENSIONS if d in set(item_map.values())]
    dims += [d for d in dict.fromkeys(item_map.values()) if d not in dims]
    columns = [f"{prefix}{i}" for i in item_map]
    require_columns(data, columns)
    read_items(data, columns, scale=lo_hi)   # every item column, with its precise error
    rows = []
    ex = Exclusions()
    for d in dims:
        cols = [f"{prefix}{i}" for i, dd in item_map.items() if dd == d]
        row: dict = {"dimension": d, "label": DIMENSION_LABELS.get(d, d)}
        if len(cols) < 2:
            answered = data[cols[0]].notna().to_numpy()
            ex.add(data.index[~answered], "未作答 (no answer)", column=d)
            row.update(alpha=np.nan, ci_low=np.nan, ci_high=np.nan,
                       n=int(answered.sum()), k=len(cols))
        else:
            cov, n, sub = item_covariance(data, cols, nan_policy=nan_policy, scale=lo_hi)
            alpha = _alpha_from_cov(cov)
            lo, hi = _feldt(alpha, n, len(cols), ci)
            row.update(alpha=alpha, ci_low=lo, ci_high=hi, n=n, k=len(cols))
            for batch, _, reason in sub.batches:
                ex.add(batch, reason, column=d)
        rows.append(row)
    return ex.attach(pd.DataFrame(rows))
