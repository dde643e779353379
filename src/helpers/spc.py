"""Statistical process control for shares: the Shewhart p-chart, Laney's p′ chart, run rules.

A control chart separates **common-cause** variation (the month-to-month noise a stable process
always has) from **special causes** (something that changed): points beyond the control limits,
or patterns that are unlikely under a stable process (the Western Electric run rules).
"""

from __future__ import annotations

from collections.abc import Hashable

import numpy as np
import pandas as pd

from helpers._validate import (HelpersError, InputError, check_frame, check_probability,
                               format_rows, numeric_column, require_columns)

__all__ = ["p_chart", "run_rules", "binomial_counts"]

_D2 = 1.128  # d2 constant for moving ranges of two points


def binomial_counts(data: pd.DataFrame, count: Hashable, n: Hashable) -> tuple[np.ndarray, np.ndarray]:
    """Validated event counts and trials: whole numbers, ``n ≥ 1`` and ``0 ≤ count ≤ n``.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per unit (a month, a window).
    count, n : str
        Columns of the number of events (e.g. 差评) and of trials (ratings).

    Returns
    -------
    tuple of numpy.ndarray
        ``(x, n)`` as float arrays, in row order.

    Notes
    -----
    Missing values, non-integers, ``n < 1`` and ``count > n`` raise
    :class:`~helpers.InputError` naming the column and the rows (nothing is dropped silently).

    Examples
    --------
    >>> x, m = binomial_counts(pd.DataFrame({"bad": [1, 0], "n": [10, 5]}), "bad", "n")
    >>> x.tolist(), m.tolist()
    ([1.0, 0.0], [10.0, 5.0])
    >>> binomial_counts(pd.DataFrame({"bad": [11], "n": [10]}), "bad", "n")
    Traceback (most recent call last):
    ...
    helpers._validate.InputError: 列 'bad' 第 0 行大于 'n' (column 'bad': larger than 'n' in rows 0)
    """
    check_frame(data)
    require_columns(data, [count, n])
    x = numeric_column(data, count, lo=0, integer=True, allow_missing=False)
    m = numeric_column(data, n, lo=1, integer=True, allow_missing=False)
    over = x > m
    if over.any():
        rows = list(data.index[over.to_numpy()])
        raise InputError(f"列 {count!r} 第 {format_rows(rows)} 行大于 {n!r} "
                         f"(column {count!r}: larger than {n!r} in rows {format_rows(rows)})",
                         column=count, rows=rows)
    return x.to_numpy(dtype=float), m.to_numpy(dtype=float)


def run_rules(z: np.ndarray | pd.Series, *, run_length: int = 8) -> pd.DataFrame:
    """Western Electric run rules on standardised points z = (p − centre)/σ.

    Parameters
    ----------
    z : array-like of float
        Standardised distances from the centre line, in time order.
    run_length : int, default 8
        Points in a row on one side of the centre for rule 4 (some software uses 9).

    Returns
    -------
    pandas.DataFrame
        One row per point, booleans ``rule_1`` (beyond 3σ), ``rule_2`` (2 of 3 beyond 2σ on one
        side), ``rule_3`` (4 of 5 beyond 1σ on one side), ``rule_4`` (``run_length`` in a row
        on one side), and ``signal`` (any rule).

    Notes
    -----
    A point is flagged when it *completes* a pattern (it is the last point of the window and
    is itself on the side of the pattern); points at exactly the centre break a run. Rules as
    listed in the Western Electric *Statistical Quality Control Handbook* (1956) and the
    StatSoft glossary "Western Electric Run Rules".

    Examples
    --------
    >>> r = run_rules([0.5, 2.5, 2.2, -0.1, 3.4])
    >>> r["rule_2"].tolist(), r["rule_1"].tolist()
    ([False, False, True, False, True], [False, False, False, False, True])
    >>> bool(run_rules([0.3] * 8)["rule_4"].iloc[-1])
    True
    """
    z = np.asarray(z, dtype=float)
    k = len(z)
    idx = np.arange(k)

    def window_count(flags: np.ndarray, width: int) -> np.ndarray:
        """Number of true flags among the last ``width`` points ending at each point."""
        return np.convolve(flags.astype(np.int64), np.ones(width, dtype=np.int64))[:k]

    out = {f"rule_{i}": np.zeros(k, dtype=bool) for i in (1, 2, 3, 4)}
    out["rule_1"] = np.abs(z) > 3
    for sign in (1, -1):
        s = sign * z
        beyond2, beyond1, side = s > 2, s > 1, s > 0
        out["rule_2"] |= beyond2 & (idx >= 2) & (window_count(beyond2, 3) >= 2)
        out["rule_3"] |= beyond1 & (idx >= 4) & (window_count(beyond1, 5) >= 4)
        out["rule_4"] |= (idx >= run_length - 1) & (window_count(side, run_length) == run_length)
    frame = pd.DataFrame(out)
    frame["signal"] = frame[["rule_1", "rule_2", "rule_3", "rule_4"]].any(axis=1)
    return frame


def p_chart(data: pd.DataFrame, count: Hashable, n: Hashable, *, time: Hashable | None = None,
            p0: float | None = None, method: str = "shewhart", sigma: float = 3.0,
            run_length: int = 8) -> pd.DataFrame:
    """p-chart (Shewhart) or Laney p′ chart of a share per period, with run rules per point.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per period (e.g. month), in time order.
    count, n : str
        Columns of the number of events (e.g. ``n_bad``, 差评) and of trials (``n_ratings``).
    time : str, optional
        Column labelling the periods (copied to the output); default: the row labels.
    p0 : float, optional
        A known or target share used as the centre line instead of the pooled share.
    method : {"shewhart", "laney"}, default "shewhart"
        ``"laney"`` widens the limits by the over-dispersion factor σ_z (Laney's p′ chart).
    sigma : float, default 3.0
        Width of the control limits in standard errors.
    run_length : int, default 8
        Points in a row on one side for run rule 4.

    Returns
    -------
    pandas.DataFrame
        One row per period: ``time``, ``count``, ``n``, ``estimate`` (p_i = count/n),
        ``centre`` (p̄ or p0), ``sigma_p`` (√(p̄(1 − p̄)/n_i)), ``sigma_z`` (1 for the p-chart),
        ``lcl``, ``ucl`` (control limits; LCL floored at 0, UCL capped at 1), ``z``
        ((p_i − p̄)/(σ_z·σ_p)), ``above``, ``below`` (beyond the limits), ``rule_1`` …
        ``rule_4``, ``signal`` (see :func:`run_rules`) and ``method``.

    Notes
    -----
    Centre line p̄ = Σx_i/Σn_i (pooled, not the mean of the period shares), or ``p0`` when
    given; limits p̄ ± k·√(p̄(1 − p̄)/n_i), so they step with n_i; a negative LCL is set to 0
    (SAS/QC User's Guide, SHEWHART procedure, p charts; Montgomery, *Introduction to
    Statistical Quality Control*, ch. 7). Laney's p′ chart (Laney 2002, *Quality Engineering*
    14(4): 531–537; Minitab "Laney P′ chart: methods and formulas"): z_i = (p_i − p̄)/σ_pi,
    σ_z = mean moving range of z / 1.128, limits p̄ ± k·σ_pi·σ_z; σ_z = 1 is the ordinary p
    chart. With thousands of ratings per period, month-to-month variation beyond the binomial
    (over-dispersion) makes ordinary limits so tight that most points look out of control;
    σ_z > 1 measures that. The run rules are applied to z (in units of the chart's σ).

    Validated against: the orange-juice-can example of Montgomery (p̄ = 0.2313,
    UCL = 0.4102, LCL = 0.0524) and hand computations of Laney's formula — tests/test_spc.py.

    Examples
    --------
    >>> df = pd.DataFrame({"month": ["1月", "2月", "3月", "4月"], "bad": [8, 30, 9, 11],
    ...                    "n": [100, 120, 90, 110]})
    >>> pc = p_chart(df, "bad", "n", time="month")
    >>> pc[["time", "estimate", "lcl", "ucl", "above"]].round(3)
      time  estimate    lcl    ucl  above
    0   1月      0.08  0.035  0.242  False
    1   2月      0.25  0.044  0.233   True
    2   3月      0.10  0.029  0.247  False
    3   4月      0.10  0.039  0.237  False
    """
    if method not in ("shewhart", "laney"):
        raise HelpersError(f"method 必须是 'shewhart' 或 'laney' (method must be 'shewhart' or "
                           f"'laney', got {method!r})")
    if not sigma > 0:
        raise HelpersError(f"sigma 必须大于 0 (sigma must be > 0, got {sigma})")
    x, m = binomial_counts(data, count, n)
    if time is not None:
        require_columns(data, [time])
        labels = data[time].to_numpy()
    else:
        labels = data.index.to_numpy()
    if p0 is None:
        centre = x.sum() / m.sum()
    else:
        centre = check_probability(p0, name="p0")
    p = x / m
    sd = np.sqrt(centre * (1 - centre) / m)
    sigma_z = 1.0
    if method == "laney":
        with np.errstate(divide="ignore", invalid="ignore"):
            z_raw = np.where(sd > 0, (p - centre) / sd, 0.0)
        if len(z_raw) < 2:
            raise HelpersError("Laney p′ 图至少需要 2 个时期 (Laney p′ needs at least 2 periods)")
        sigma_z = float(np.mean(np.abs(np.diff(z_raw))) / _D2)
    width = sigma * sd * sigma_z
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(sd * sigma_z > 0, (p - centre) / (sd * sigma_z), 0.0)
    lcl = np.maximum(centre - width, 0.0)
    ucl = np.minimum(centre + width, 1.0)
    out = pd.DataFrame({
        "time": labels, "count": x.astype(np.int64), "n": m.astype(np.int64), "estimate": p,
        "centre": centre, "sigma_p": sd, "sigma_z": sigma_z, "lcl": lcl, "ucl": ucl, "z": z,
        "above": p > ucl, "below": p < lcl,
    })
    rules = run_rules(z, run_length=run_length)
    rules["rule_1"] = out["above"].to_numpy() | out["below"].to_numpy()
    rules["signal"] = rules[["rule_1", "rule_2", "rule_3", "rule_4"]].any(axis=1)
    out = pd.concat([out, rules], axis=1)
    out["method"] = method
    return out
