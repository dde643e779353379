"""Time to close a work order: Kaplan–Meier curves with open orders censored, and the share
closed within the deadline.

An order still open when the data are extracted has not failed to close; we only know it has
been open at least that long. Dropping such orders, or pretending they closed at extraction,
makes closing look faster than it is (domain brief 2 §5.5). The Kaplan–Meier estimator uses
them correctly, as censored observations.

Functions:

km_curves
    Share of orders closed by each time (1 − Kaplan–Meier survival), with pointwise intervals,
    per group.
closed_within
    Share closed within the deadline (1 − Ŝ(deadline)), with interval, per group; deadlines may
    differ by order (time measured in units of each order's own limit).
"""

from __future__ import annotations

from collections.abc import Hashable

import numpy as np
import pandas as pd
from scipy import stats

from helpers._validate import bad_values, check_frame, check_level, numeric_column, require_columns
from helpers.transfers import time_to_close

__all__ = ["km_curves", "closed_within"]


def _km(time: np.ndarray, event: np.ndarray) -> pd.DataFrame:
    """Product-limit table at the distinct event times (statsmodels SurvfuncRight)."""
    from statsmodels.duration.survfunc import SurvfuncRight

    sf = SurvfuncRight(time, event)
    return pd.DataFrame({"time": sf.surv_times, "surv": sf.surv_prob, "se": sf.surv_prob_se,
                         "n_risk": sf.n_risk, "n_events": sf.n_events})


def _loglog(surv: np.ndarray, se: np.ndarray, z: float) -> tuple[np.ndarray, np.ndarray]:
    """Pointwise interval of S(t) on the log(−log) scale (Kalbfleisch & Prentice 2002, §1.4)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        s_ll = se / (surv * np.abs(np.log(surv)))
        lo = surv ** np.exp(z * s_ll)
        hi = surv ** np.exp(-z * s_ll)
    inner = (surv > 0) & (surv < 1)
    lo = np.where(inner, lo, surv)
    hi = np.where(inner, hi, surv)
    return lo, hi


def _groups(data: pd.DataFrame, by: Hashable | None):
    if by is None:
        yield {}, np.ones(len(data), dtype=bool)
        return
    require_columns(data, [by])
    if data[by].isna().any():
        raise bad_values(by, data[by], data[by].isna(), "分组列有缺失值", "missing group values")
    for level in sorted(data[by].unique(), key=str):
        yield {by: level}, (data[by] == level).to_numpy()


def km_curves(data: pd.DataFrame, received: Hashable = "received", closed: Hashable = "closed",
              *, by: Hashable | None = None, as_of: str | pd.Timestamp | None = None,
              ci: float = 0.95) -> pd.DataFrame:
    """Share of orders closed by each time, open orders censored (Kaplan–Meier), per group.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per order.
    received, closed : column names, default "received", "closed"
        Times of receipt and closure; a missing closure means the order is still open (checked
        as in :func:`helpers.transfers.time_to_close`).
    by : column name, optional
        Group column (e.g. ``"category"``).
    as_of : timestamp, optional
        Extraction time (default: the latest time in the data); open orders are censored there.
    ci : float, default 0.95
        Level of the pointwise interval.

    Returns
    -------
    pandas.DataFrame
        One row per group × time (a row at 0 h, then one per distinct closing time): the ``by``
        column, ``hours``, ``estimate`` (share closed by then, 1 − Ŝ(t)), ``ci_low``,
        ``ci_high``, ``n_at_risk`` (still open just before t), ``n`` (orders in the group),
        ``n_open`` (censored orders in the group).

    Notes
    -----
    Ŝ(t) = Π_{t_i ≤ t} (1 − d_i / n_i), with d_i closures at t_i and n_i orders still open just
    before (Kaplan & Meier 1958, *JASA* 53(282): 457–481); Greenwood's variance
    Var Ŝ(t) ≈ Ŝ(t)² Σ d_i / (n_i (n_i − d_i)); pointwise interval on the log(−log) scale. The
    engine is ``statsmodels.duration.survfunc.SurvfuncRight``.

    Examples
    --------
    >>> df = pd.DataFrame({"received": pd.to_datetime(["2025-06-01"] * 4),
    ...                    "closed": pd.to_datetime(["2025-06-01 10:00", "2025-06-01 20:00",
    ...                                              None, "2025-06-02 06:00"])})
    >>> km_curves(df, as_of="2025-06-02 12:00")[["hours", "estimate", "n_at_risk"]]
       hours  estimate  n_at_risk
    0    0.0      0.00          4
    1   10.0      0.25          4
    2   20.0      0.50          3
    3   30.0      0.75          2
    """
    check_frame(data)
    z = stats.norm.ppf(0.5 + check_level(ci) / 2)
    t = time_to_close(data, received, closed, as_of=as_of)
    frames = []
    for key, sel in _groups(data, by):
        time = t["observed_hours"].to_numpy(float)[sel]
        event = t["closed"].to_numpy()[sel].astype(int)
        n = int(sel.sum())
        head = pd.DataFrame({"time": [0.0], "surv": [1.0], "se": [0.0], "n_risk": [n],
                             "n_events": [0]})
        tab = pd.concat([head, _km(time, event)], ignore_index=True) if event.any() else head
        lo, hi = _loglog(tab["surv"].to_numpy(), tab["se"].to_numpy(), z)
        frames.append(pd.DataFrame({
            **{k: v for k, v in key.items()},
            "hours": tab["time"].to_numpy(float),
            "estimate": 1 - tab["surv"].to_numpy(),
            "ci_low": 1 - hi, "ci_high": 1 - lo,
            "n_at_risk": tab["n_risk"].to_numpy().astype(int),
            "n": n, "n_open": int(n - event.sum())}))
    out = pd.concat(frames, ignore_index=True)
    cols = ([by] if by is not None else []) + ["hours", "estimate", "ci_low", "ci_high",
                                               "n_at_risk", "n", "n_open"]
    return out[cols]


def closed_within(data: pd.DataFrame, deadline_hours: float | Hashable,
                  received: Hashable = "received", closed: Hashable = "closed", *,
                  by: Hashable | None = None, as_of: str | pd.Timestamp | None = None,
                  ci: float = 0.95) -> pd.DataFrame:
    """Share of orders closed within their deadline, open orders censored, per group.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per order.
    deadline_hours : float or column name
        The time limit in hours: one positive number, or a column with each order's limit.
    received, closed : column names, default "received", "closed"
        As in :func:`km_curves`.
    by : column name, optional
        Group column.
    as_of : timestamp, optional
        Extraction time (default: the latest time in the data).
    ci : float, default 0.95
        Confidence level.

    Returns
    -------
    pandas.DataFrame
        One row per group: the ``by`` column, ``estimate`` (1 − Ŝ(1) on the scale of each
        order's own limit), ``ci_low``, ``ci_high`` (Greenwood, log(−log) scale), ``n``,
        ``n_open`` (censored), ``naive_closed_only`` (share within the limit among closed
        orders only: what dropping open orders would report).

    Notes
    -----
    Time is measured in units of each order's own limit, u = hours / limit, so orders with
    different limits share one curve and "closed within the limit" is u ≤ 1:
    P(closed within limit) = 1 − Ŝ(1) (Kaplan & Meier 1958). An order still open at extraction
    with u < 1 is censored before its deadline: it may still make it, which only the
    Kaplan–Meier estimate takes into account.

    Examples
    --------
    >>> df = pd.DataFrame({"received": pd.to_datetime(["2025-06-01"] * 4),
    ...                    "closed": pd.to_datetime(["2025-06-01 10:00", "2025-06-01 20:00",
    ...                                              None, "2025-06-02 06:00"])})
    >>> closed_within(df, 24, as_of="2025-06-02 12:00")[["estimate", "n", "n_open",
    ...                                                  "naive_closed_only"]].round(3)
       estimate  n  n_open  naive_closed_only
    0       0.5  4       1              0.667
    """
    check_frame(data)
    z = stats.norm.ppf(0.5 + check_level(ci) / 2)
    t = time_to_close(data, received, closed, as_of=as_of)
    if isinstance(deadline_hours, (int, float, np.integer, np.floating)) and not isinstance(
            deadline_hours, bool):
        if not (np.isfinite(deadline_hours) and deadline_hours > 0):
            from helpers._validate import HelpersError
            raise HelpersError(f"deadline_hours 必须为正数 (deadline_hours must be positive, got "
                               f"{deadline_hours!r})")
        limit = np.full(len(data), float(deadline_hours))
    else:
        require_columns(data, [deadline_hours])
        limit = numeric_column(data, deadline_hours, allow_missing=False).to_numpy(float)
        if (limit <= 0).any():
            raise bad_values(deadline_hours, data[deadline_hours], pd.Series(limit <= 0,
                             index=data.index), "时限必须为正数", "limits must be positive")
    u = t["observed_hours"].to_numpy(float) / limit
    done = t["closed"].to_numpy()
    rows = []
    for key, sel in _groups(data, by):
        time, event = u[sel], done[sel].astype(int)
        n = int(sel.sum())
        est = lo = hi = np.nan
        if event.any():
            tab = _km(time, event)
            upto = tab[tab["time"] <= 1.0]
            surv, se = (1.0, 0.0) if upto.empty else (float(upto["surv"].iloc[-1]),
                                                      float(upto["se"].iloc[-1]))
            l, h = _loglog(np.array([surv]), np.array([se]), z)
            est, lo, hi = 1 - surv, 1 - float(h[0]), 1 - float(l[0])
        closed_sel = event.astype(bool)
        naive = float((time[closed_sel] <= 1.0).mean()) if closed_sel.any() else np.nan
        rows.append({**key, "estimate": est, "ci_low": lo, "ci_high": hi, "n": n,
                     "n_open": int(n - event.sum()), "naive_closed_only": naive})
    cols = ([by] if by is not None else []) + ["estimate", "ci_low", "ci_high", "n", "n_open",
                                               "naive_closed_only"]
    return pd.DataFrame(rows, columns=cols)
