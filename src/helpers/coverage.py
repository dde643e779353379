"""Check estimates with confidence intervals against a known true value (simulated data).

With simulated data the true parameters are known, so a reader can see whether each interval
the book reports contains the value it is meant to estimate. Over many independent intervals at
level ``c`` about a share ``c`` should contain the truth; a single miss is not an error, many
misses are.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence

import numpy as np
import pandas as pd

from helpers._validate import InputError, check_frame, format_rows, numeric_column, require_columns

__all__ = ["truth_coverage"]


def truth_coverage(
    estimates: pd.DataFrame,
    truth: pd.DataFrame,
    *,
    on: Hashable | Sequence[Hashable],
    truth_col: Hashable = "truth",
    estimate: Hashable = "estimate",
    ci_low: Hashable = "ci_low",
    ci_high: Hashable = "ci_high",
    keep: Sequence[Hashable] = (),
) -> pd.DataFrame:
    """Put each estimate next to its true value and say whether its interval contains it.

    Parameters
    ----------
    estimates : pandas.DataFrame
        A tidy result of a helper: one row per quantity with an estimate and its interval.
    truth : pandas.DataFrame
        One row per quantity with the true value (e.g. :func:`helpers.simulate.servqual_truth`).
    on : column name or list of column names
        Key columns present in both frames (e.g. ``["wave", "dimension"]``). Keys must be
        unique in ``truth``; every row of ``estimates`` must find its true value.
    truth_col : column name, default ``'truth'``
        Column of ``truth`` holding the true value.
    estimate, ci_low, ci_high : column names
        Columns of ``estimates`` with the point estimate and the interval bounds.
    keep : list of column names, optional
        Further columns of ``estimates`` carried into the result (e.g. a Chinese ``label``).

    Returns
    -------
    pandas.DataFrame
        One row per row of ``estimates`` (same order), with columns

        - the ``on`` columns, then the ``keep`` columns;
        - ``estimate``, ``ci_low``, ``ci_high``: copied from ``estimates``;
        - ``truth``: the true value;
        - ``error``: ``estimate − truth``;
        - ``covered``: ``ci_low ≤ truth ≤ ci_high`` (bool).

        ``result.attrs["coverage"]`` is the share of rows with ``covered`` true.

    Notes
    -----
    A confidence interval at level ``c`` is built so that, over repeated samples, it contains
    the true value with probability ``c`` (Neyman's definition); for ``m`` independent intervals
    the number that contain the truth is Binomial(``m``, ``c``). With simulated data this gives
    a direct check of a method: see e.g. Efron (1987), *JASA* 82(397): 171–185, for the
    coverage of bootstrap intervals.

    Examples
    --------
    >>> est = pd.DataFrame({"dim": ["a", "b"], "estimate": [1.0, 2.0],
    ...                     "ci_low": [0.8, 1.9], "ci_high": [1.2, 2.05]})
    >>> true = pd.DataFrame({"dim": ["a", "b"], "truth": [1.1, 2.1]})
    >>> out = truth_coverage(est, true, on="dim")
    >>> out
      dim  estimate  ci_low  ci_high  truth  error  covered
    0   a       1.0     0.8     1.20    1.1   -0.1     True
    1   b       2.0     1.9     2.05    2.1   -0.1    False
    >>> out.attrs["coverage"]
    0.5
    """
    check_frame(estimates, name="estimates")
    check_frame(truth, name="truth")
    keys = [on] if isinstance(on, (str, int)) or not isinstance(on, Sequence) else list(on)
    if not keys:
        raise InputError("on 不能为空 (on must name at least one key column)")
    keep = [c for c in keep if c not in keys]
    require_columns(estimates, [*keys, *keep, estimate, ci_low, ci_high], name="estimates")
    require_columns(truth, [*keys, truth_col], name="truth")
    est = numeric_column(estimates, estimate, allow_missing=False)
    lo = numeric_column(estimates, ci_low, allow_missing=False)
    hi = numeric_column(estimates, ci_high, allow_missing=False)
    bad = lo > hi
    if bad.any():
        rows = list(estimates.index[bad])
        raise InputError(
            f"第 {format_rows(rows)} 行的区间下限大于上限 "
            f"(ci_low > ci_high in rows {format_rows(rows)})", column=ci_low, rows=rows)
    tv = numeric_column(truth, truth_col, allow_missing=False)
    dup = truth.duplicated(subset=keys, keep=False)
    if dup.any():
        rows = list(truth.index[dup])
        raise InputError(
            f"truth 中第 {format_rows(rows)} 行的键重复 "
            f"(truth: duplicate keys {keys} in rows {format_rows(rows)})", column=keys[0], rows=rows)
    left = estimates[keys + keep].copy()
    left["estimate"], left["ci_low"], left["ci_high"] = est.to_numpy(), lo.to_numpy(), hi.to_numpy()
    right = truth[keys].copy()
    right["truth"] = tv.to_numpy()
    out = left.merge(right, on=keys, how="left", validate="many_to_one")
    missing = out["truth"].isna().to_numpy()
    if missing.any():
        rows = list(estimates.index[missing])
        raise InputError(
            f"第 {format_rows(rows)} 行在 truth 中找不到对应的真值 "
            f"(no true value in truth for rows {format_rows(rows)} of estimates)",
            column=keys[0], rows=rows)
    out["error"] = out["estimate"] - out["truth"]
    out["covered"] = (out["ci_low"] <= out["truth"]) & (out["truth"] <= out["ci_high"])
    out.attrs["coverage"] = float(np.mean(out["covered"]))
    return out
