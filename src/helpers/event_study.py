"""Event study for daily counts and shares: what happened around each official release.

The method of MacKinlay (1997, *Journal of Economic Literature* 35(1): 13–39), adapted to daily
counts (hotline calls) and shares (the share of anxious or rumour-related calls):

1. for each event, a **normal model** is fitted over an *estimation window* of days before it
   (a GLM on trend and weekday, plus optional covariates such as reported cases — the
   counterpart of the market return in MacKinlay's market model);
2. over the *event window* [τ₁, τ₂] the **abnormal** value is actual − expected, with an
   interval; the **cumulative abnormal** value sums the abnormal values from τ₁ on;
3. over events, the **average abnormal** value per event day, with an interval.

Functions:

abnormal_counts
    Abnormal and cumulative abnormal counts per event and event day (quasi-Poisson normal model).
abnormal_shares
    The same for a share ``count / total`` (quasi-binomial normal model).
average_abnormal
    Mean over events per event day, with a t interval across events.
cumulative_abnormal
    Per event: actual, expected and abnormal sums over a span of event days, with an interval.
lag_effect
    Regression of an event's cumulative abnormal value on the release lag (and controls).
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
    check_unique,
    numeric_column,
    require_columns,
    rows_error,
)

__all__ = [
    "abnormal_counts",
    "abnormal_shares",
    "average_abnormal",
    "cumulative_abnormal",
    "lag_effect",
]

_WEEKDAYS = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")


# ----------------------------------------------------------------------------- validation
def _window(window: object) -> tuple[int, int]:
    try:
        lo, hi = (int(v) for v in window)  # type: ignore[union-attr]
    except (TypeError, ValueError):
        raise HelpersError(f"window 必须是两个整数 (τ₁, τ₂) (window must be two integers, "
                           f"got {window!r})") from None
    if lo > 0 or hi < 0 or lo > hi:
        raise HelpersError(f"window 必须满足 τ₁ ≤ 0 ≤ τ₂ (window must satisfy τ1 <= 0 <= τ2, "
                           f"got {window!r})")
    return lo, hi


def _daily(data: pd.DataFrame, date: Hashable) -> pd.DatetimeIndex:
    """The dates of a daily series: parsed, unique, consecutive."""
    require_columns(data, [date])
    raw = data[date]
    days = pd.to_datetime(raw, errors="coerce")
    bad = raw.notna() & days.isna() | raw.isna()
    if bad.any():
        raise rows_error(date, list(data.index[bad]), "不是日期或缺失", "not a date or missing",
                         todo_zh="请修正日期列", todo_en="fix the date column")
    days = days.dt.normalize()
    check_unique(pd.DataFrame({date: days.to_numpy()}, index=data.index), date)
    order = np.argsort(days.to_numpy(), kind="stable")
    if (order != np.arange(len(days))).any():
        raise InputError(f"列 {date!r} 的日期没有按时间排序 (column {date!r}: dates are not "
                         "sorted; sort the daily series by date)", column=date)
    steps = np.diff(days.to_numpy()).astype("timedelta64[D]").astype(int)
    gaps = np.flatnonzero(steps != 1)
    if len(gaps):
        rows = [data.index[i + 1] for i in gaps]
        raise rows_error(date, rows, "前面缺少日期（日数据必须逐日连续）",
                         "a gap before these rows (a daily series must have every day)",
                         todo_zh="请补齐缺少的日期（没有来电记为 0）",
                         todo_en="add the missing days (0 calls if none)")
    return pd.DatetimeIndex(days)


def _event_positions(events: pd.DataFrame, event: Hashable, event_time: Hashable,
                     days: pd.DatetimeIndex, window: tuple[int, int]) -> pd.DataFrame:
    """Each event's day index in the daily series (sorted by time)."""
    check_frame(events, name="events")
    require_columns(events, [event, event_time], name="events")
    check_unique(events, event)
    raw = events[event_time]
    when = pd.to_datetime(raw, errors="coerce")
    bad = when.isna()
    if bad.any():
        raise rows_error(event_time, list(events.index[bad]), "不是时间或缺失",
                         "not a time or missing", todo_zh="请修正事件时间",
                         todo_en="fix the event times")
    pos = days.get_indexer(when.dt.normalize())
    n = len(days)
    outside = (pos < 0) | (pos + window[0] < 0) | (pos + window[1] >= n)
    if outside.any():
        raise rows_error(event_time, list(events.index[outside]),
                         "事件窗口超出日数据的范围", "event window outside the daily series",
                         todo_zh="请延长日数据或缩短事件窗口",
                         todo_en="extend the daily series or shorten the window")
    out = pd.DataFrame({"row": events.index, "event": events[event].to_numpy(), "pos": pos})
    return out.sort_values("pos", kind="stable").reset_index(drop=True)


def _design(days: pd.DatetimeIndex, covariates: np.ndarray | None, trend: bool) -> np.ndarray:
    t = np.arange(len(days), dtype=float)
    cols = [np.ones(len(days))]
    if trend:
        cols.append(t)
    wd = days.day_of_week.to_numpy()
    cols += [(wd == k).astype(float) for k in range(1, 7)]
    if covariates is not None:
        cols += list(covariates.T)
    return np.column_stack(cols)


# ----------------------------------------------------------------------------- core
def _study(data, events, *, date, count, total, event, event_time, covariates, window,
           estimation, min_estimation, problems, trend, level, exclude_pre,
           segment) -> pd.DataFrame:
    import statsmodels.api as sm

    check_frame(data, name="data", min_rows=2)
    level = check_level(level)
    lo, hi = _window(window)
    if int(estimation) != estimation or int(min_estimation) != min_estimation:
        raise HelpersError("estimation 和 min_estimation 必须是整数 (estimation and "
                           "min_estimation must be integers)")
    estimation, min_estimation = int(estimation), int(min_estimation)
    covariates = [covariates] if isinstance(covariates, str) else list(covariates)
    if min_estimation < 9 + len(covariates):
        raise HelpersError(f"min_estimation 至少为 {9 + len(covariates)} 天（常数、趋势、6 个星期"
                           f"虚拟变量和协变量各需一个自由度） (min_estimation must be at least "
                           f"{9 + len(covariates)} days)")
    if estimation < min_estimation:
        raise HelpersError(f"estimation（{estimation}）不能小于 min_estimation（{min_estimation}） "
                           f"(estimation must be >= min_estimation)")
    if problems not in ("error", "drop"):
        raise HelpersError(f"problems 只能是 'error' 或 'drop' (problems must be 'error' or "
                           f"'drop', got {problems!r})")
    days = _daily(data, date)
    y = numeric_column(data, count, lo=0, integer=True, allow_missing=False).to_numpy()
    n_tot = None
    if total is not None:
        n_tot = numeric_column(data, total, lo=0, integer=True, allow_missing=False).to_numpy()
        over = y > n_tot
        if over.any():
            raise rows_error(count, list(data.index[over]), f"大于 {total!r}",
                             f"larger than {total!r}", todo_zh="请检查两列是否对应",
                             todo_en="check that the two columns match")
    cov = (np.column_stack([numeric_column(data, c, allow_missing=False).to_numpy()
                            for c in covariates]) if covariates else None)
    seg = None
    if segment is not None:
        require_columns(data, [segment])
        if data[segment].isna().any():
            raise rows_error(segment, list(data.index[data[segment].isna()]), "缺失",
                             "missing values")
        seg = data[segment].astype(str).to_numpy()
    ev = _event_positions(events, event, event_time, days, (lo, hi))
    excluded = Exclusions()
    # overlapping event windows
    starts, ends = ev["pos"].to_numpy() + lo, ev["pos"].to_numpy() + hi
    clash = np.flatnonzero(starts[1:] <= ends[:-1]) + 1
    if len(clash):
        pairs = [(ev.loc[i - 1, "row"], ev.loc[i, "row"]) for i in clash]
        if problems == "error":
            raise rows_error(event_time, [r for p in pairs for r in p],
                             "事件窗口相互重叠（逐对列出）", "event windows overlap (listed in pairs)",
                             todo_zh="请缩短事件窗口，或设 problems='drop' 去掉后一个事件",
                             todo_en="shorten the window or pass problems='drop' to drop the later event")
        keep = np.ones(len(ev), dtype=bool)
        last_end = -np.inf
        for i in range(len(ev)):
            if starts[i] <= last_end:
                keep[i] = False
            else:
                last_end = ends[i]
        excluded.add(ev.loc[~keep, "row"], "事件窗口与前一个事件重叠 (event window overlaps the "
                     "previous event's)", column=event_time)
        ev = ev[keep].reset_index(drop=True)
    # days an event may have affected (its day 0 to τ₂; also τ₁ … −1 with exclude_pre) are
    # not "normal"
    contaminated = np.zeros(len(days), dtype=bool)
    for p in ev["pos"]:
        contaminated[p + (lo if exclude_pre else 0): p + hi + 1] = True
    x_all = _design(days, cov, trend)
    z = stats.norm.ppf(0.5 + level / 2)
    frames, short, covs = [], [], {}
    for _, e in ev.iterrows():
        p = int(e["pos"])
        est = np.arange(max(p + lo - estimation, 0), p + lo)
        est = est[~contaminated[est]]
        if seg is not None:
            est = est[seg[est] == seg[p]]
        if len(est) < min_estimation:
            short.append((e["row"], len(est)))
            continue
        x_est = x_all[est]
        keep_cols = [0] + [j for j in range(1, x_all.shape[1]) if np.ptp(x_est[:, j]) > 0]
        x_est = x_est[:, keep_cols]
        win = np.arange(p + lo, p + hi + 1)
        x_win = x_all[win][:, keep_cols]
        if n_tot is None:
            fit = sm.GLM(y[est], x_est, family=sm.families.Poisson()).fit(scale="X2")
            mu = np.exp(x_win @ fit.params)
            grad = mu[:, None] * x_win                    # d mu / d beta
            obs_var = fit.scale * mu
            actual = y[win]
        else:
            endog = np.column_stack([y[est], n_tot[est] - y[est]])
            fit = sm.GLM(endog, x_est, family=sm.families.Binomial()).fit(scale="X2")
            mu = 1 / (1 + np.exp(-(x_win @ fit.params)))
            grad = (mu * (1 - mu))[:, None] * x_win
            nw = n_tot[win].astype(float)
            with np.errstate(divide="ignore", invalid="ignore"):
                obs_var = np.where(nw > 0, fit.scale * mu * (1 - mu) / nw, np.nan)
                actual = np.where(nw > 0, y[win] / nw, np.nan)
        cov_b = np.asarray(fit.cov_params())
        pred_var = np.einsum("ij,jk,ik->i", grad, cov_b, grad)
        abnormal = actual - mu
        sd = np.sqrt(obs_var + pred_var)
        cum_grad = np.cumsum(grad, axis=0)
        cum_var = np.cumsum(obs_var) + np.einsum("ij,jk,ik->i", cum_grad, cov_b, cum_grad)
        car = np.cumsum(abnormal)
        # covariance of the abnormal values over the window: own variance + shared prediction error
        cov_ar = np.diag(obs_var) + grad @ cov_b @ grad.T
        covs[e["event"]] = tuple(tuple(float(v) for v in row) for row in cov_ar)
        frames.append(pd.DataFrame({
            "event": e["event"], "event_day": np.arange(lo, hi + 1),
            "date": days[win].strftime("%Y-%m-%d"), "actual": actual, "expected": mu,
            "abnormal": abnormal, "ci_low": abnormal - z * sd, "ci_high": abnormal + z * sd,
            "standardized": abnormal / sd,
            "cumulative": car, "cumulative_ci_low": car - z * np.sqrt(cum_var),
            "cumulative_ci_high": car + z * np.sqrt(cum_var),
            "n": len(est),
        }))
    if short:
        rows = [r for r, _ in short]
        if problems == "error" or len(short) == len(ev):
            detail = ", ".join(f"{r}: {k}" for r, k in short[:8])
            raise rows_error(event_time, rows,
                             f"估计窗口中的正常日少于 {min_estimation} 天（行：天数 {detail}）",
                             f"fewer than {min_estimation} clean days in the estimation window "
                             f"(row: days {detail})",
                             todo_zh="请提供更早的日数据、加长 estimation，或设 problems='drop'",
                             todo_en="supply earlier days, lengthen estimation, or pass problems='drop'")
        excluded.add(rows, f"估计窗口中的正常日少于 {min_estimation} 天 (fewer than "
                     f"{min_estimation} clean estimation days)", column=event_time)
    out = pd.concat(frames, ignore_index=True)
    out["n"] = out["n"].astype(np.int64)
    out.attrs["level"] = level
    out.attrs["abnormal_cov"] = covs
    out.attrs["kind"] = "count" if n_tot is None else "share"
    return excluded.attach(out)


_SHARED_DOC = """
    data : DataFrame
        The daily series, one row per day, sorted, with no missing day.
    events : DataFrame
        One row per event (e.g. an official release).
    date : column of ``data``
        The day (date or date-time; parsed).
    event : column of ``events``
        Event id (unique).
    event_time : column of ``events``
        When the event happened; its calendar day is event day 0.
    covariates : column name or list of names of ``data``, default none
        Extra regressors of the normal model (e.g. log reported cases, a 0/1 regime column);
        a covariate that is constant over an event's estimation window is left out for it.
    window : (τ₁, τ₂), default (−3, 3)
        Event window in days relative to the event day (τ₁ ≤ 0 ≤ τ₂).
    estimation : int, default 28
        Length of the estimation window: the ``estimation`` days before τ₁.
    min_estimation : int, default 14
        Fewest clean days the estimation window must keep after dropping the days any event may
        have affected (at least 9 + number of covariates).
    segment : column of ``data``, optional
        A regime label (e.g. 0/1 routine briefings): an event's estimation window keeps only the
        days in the same segment as its event day, so the normal model never spans a switch of
        regime.
    problems : {'error', 'drop'}, default 'error'
        Overlapping event windows or a too short estimation window: raise an
        :class:`~helpers.InputError` naming the event rows, or drop those events and report them
        in ``result.attrs["excluded"]``.
    trend : bool, default True
        Include a linear trend (day number) in the normal model.
    exclude_pre : bool, default False
        Days from an event's day 0 to τ₂ are left out of every estimation window (they may hold
        the event's effect); with ``True`` also its days τ₁ … −1 (when people may react before
        the event day).
    level : float, default 0.95
        Confidence level of the intervals."""


def abnormal_counts(data: pd.DataFrame, events: pd.DataFrame, *, count: Hashable,
                    date: Hashable = "date", event: Hashable = "event",
                    event_time: Hashable = "event_time",
                    covariates: Hashable | Sequence[Hashable] = (),
                    window: tuple[int, int] = (-3, 3), estimation: int = 28,
                    min_estimation: int = 14, problems: str = "error", trend: bool = True,
                    exclude_pre: bool = False, segment: Hashable | None = None,
                    level: float = 0.95) -> pd.DataFrame:
    """Abnormal daily counts around each event (event study with a quasi-Poisson normal model).

    Parameters
    ----------
    count : column of ``data``
        Daily count (integers ≥ 0), e.g. hotline calls.
    {shared}

    Returns
    -------
    pandas.DataFrame
        One row per event and event day (events sorted by time):

        - ``event``, ``event_day`` (τ₁ … τ₂), ``date`` (ISO)
        - ``actual`` : the count that day
        - ``expected`` : the normal model's prediction
        - ``abnormal`` : actual − expected, with ``ci_low, ci_high``
        - ``standardized`` : abnormal / its standard deviation
        - ``cumulative`` : sum of ``abnormal`` from τ₁ to this day, with
          ``cumulative_ci_low, cumulative_ci_high``
        - ``n`` : clean days in the event's estimation window

        ``attrs["excluded"]`` lists events dropped with ``problems='drop'``;
        ``attrs["abnormal_cov"]`` maps each event to the covariance matrix (nested tuples, days
        τ₁ … τ₂) of its abnormal values, which :func:`cumulative_abnormal` uses.

    Notes
    -----
    Normal model over the estimation window (MacKinlay 1997, §4–5, with the market model replaced
    by a count model): ``log E[y_t] = β₀ + β₁·t + Σ weekday dummies + γ·covariates``, a Poisson
    GLM with the dispersion φ estimated by Pearson's X²/(n − p) (quasi-Poisson; McCullagh &
    Nelder 1989, *Generalized Linear Models*, §6.2). The days 0 … τ₂ of every event are left out
    of every estimation window. For day t of the event window, ``AR_t = y_t − μ̂_t`` and

        Var(AR_t) = φ·μ̂_t + μ̂_t²·x_tᵀ·V·x_t,

    the count's own variance plus the prediction variance (delta method, V = covariance of β̂);
    the cumulative abnormal ``CAR = Σ AR_t`` has ``Var = φ·Σ μ̂_t + gᵀ·V·g`` with
    ``g = Σ μ̂_t·x_t`` (prediction errors are correlated across days). Intervals are normal:
    ``estimate ± z·sd``.

    Validated against: statsmodels' GLM fitted directly in the test on one event's estimation
    window (same expected values and prediction variance) — tests/test_event_study.py.

    Examples
    --------
    >>> days = pd.date_range("2024-01-01", periods=60)
    >>> rng = np.random.default_rng(1)
    >>> calls = rng.poisson(500, 60)
    >>> calls[40:42] += 300
    >>> data = pd.DataFrame({{"date": days, "calls": calls}})
    >>> events = pd.DataFrame({{"event": ["A"], "event_time": ["2024-02-10 09:00"]}})
    >>> res = abnormal_counts(data, events, count="calls", window=(-2, 3))
    >>> res["actual"].head(3).tolist()
    [524.0, 492.0, 813.0]
    >>> bool(res.loc[res["event_day"] == 0, "ci_low"].item() > 0)
    True
    """
    return _study(data, events, date=date, count=count, total=None, event=event,
                  event_time=event_time, covariates=covariates, window=window,
                  estimation=estimation, min_estimation=min_estimation, problems=problems,
                  trend=trend, level=level, exclude_pre=exclude_pre, segment=segment)


def abnormal_shares(data: pd.DataFrame, events: pd.DataFrame, *, count: Hashable,
                    total: Hashable, date: Hashable = "date", event: Hashable = "event",
                    event_time: Hashable = "event_time",
                    covariates: Hashable | Sequence[Hashable] = (),
                    window: tuple[int, int] = (-3, 3), estimation: int = 28,
                    min_estimation: int = 14, problems: str = "error", trend: bool = True,
                    exclude_pre: bool = False, segment: Hashable | None = None,
                    level: float = 0.95) -> pd.DataFrame:
    """Abnormal daily shares around each event (quasi-binomial normal model).

    Parameters
    ----------
    count : column of ``data``
        Daily count of the kind whose share is studied (e.g. anxious or rumour-related calls).
    total : column of ``data``
        Daily total (e.g. all calls), ≥ ``count``.
    {shared}

    Returns
    -------
    pandas.DataFrame
        As :func:`abnormal_counts`, with ``actual`` and ``expected`` the share ``count/total``
        (a day with total 0 has NaN share and abnormal), ``abnormal`` in share points (0.05 =
        5 percentage points), and ``cumulative`` the running sum of abnormal shares.

    Notes
    -----
    Normal model: ``logit E[count_t/total_t] = β₀ + β₁·t + weekday + γ·covariates``, a binomial
    GLM with the dispersion φ = Pearson X²/(n − p) (quasi-binomial; McCullagh & Nelder 1989).
    ``AR_t = share_t − p̂_t`` with ``Var = φ·p̂_t(1 − p̂_t)/total_t + (p̂_t(1 − p̂_t))²·x_tᵀ·V·x_t``
    (delta method); the cumulative variance adds the correlated prediction errors as in
    :func:`abnormal_counts`. Event-study logic: MacKinlay (1997), *Journal of Economic
    Literature* 35(1): 13–39.

    Validated against: statsmodels' binomial GLM fitted directly in the test —
    tests/test_event_study.py.

    Examples
    --------
    >>> days = pd.date_range("2024-01-01", periods=60)
    >>> rng = np.random.default_rng(2)
    >>> total = rng.poisson(800, 60)
    >>> share = np.where(np.arange(60) == 40, 0.45, 0.25)
    >>> data = pd.DataFrame({{"date": days, "calls": total, "anxious": rng.binomial(total, share)}})
    >>> events = pd.DataFrame({{"event": ["A"], "event_time": ["2024-02-10"]}})
    >>> res = abnormal_shares(data, events, count="anxious", total="calls", window=(-1, 1))
    >>> bool(res.loc[res["event_day"] == 0, "abnormal"].item() > 0.1)
    True
    """
    return _study(data, events, date=date, count=count, total=total, event=event,
                  event_time=event_time, covariates=covariates, window=window,
                  estimation=estimation, min_estimation=min_estimation, problems=problems,
                  trend=trend, level=level, exclude_pre=exclude_pre, segment=segment)


abnormal_counts.__doc__ = abnormal_counts.__doc__.replace("{shared}", _SHARED_DOC.strip()) \
    .replace("{{", "{").replace("}}", "}")
abnormal_shares.__doc__ = abnormal_shares.__doc__.replace("{shared}", _SHARED_DOC.strip()) \
    .replace("{{", "{").replace("}}", "}")


def _check_result(result: pd.DataFrame, columns: list[str], name: str = "result") -> None:
    check_frame(result, name=name)
    require_columns(result, columns, name=name)


def average_abnormal(result: pd.DataFrame, *, value: Hashable = "abnormal",
                     level: float = 0.95) -> pd.DataFrame:
    """Mean abnormal value over events, per event day, with a t interval across events.

    Parameters
    ----------
    result : DataFrame
        Output of :func:`abnormal_counts` or :func:`abnormal_shares` (columns ``event``,
        ``event_day`` and ``value``).
    value : column, default ``"abnormal"``
        What to average: ``abnormal``, ``standardized`` or ``cumulative``.
    level : float, default 0.95
        Confidence level.

    Returns
    -------
    pandas.DataFrame
        One row per event day: ``event_day``, ``estimate`` (mean over events), ``se``,
        ``ci_low``, ``ci_high``, ``n`` (events with a value that day).

    Notes
    -----
    The interval is the cross-sectional t interval ``mean ± t_{n−1}·s/√n`` over the events'
    values (Brown & Warner 1985, *Journal of Financial Economics* 14(1): 3–31, "crude
    dependence adjustment" aside): it does not rely on the normal model's variance, only on the
    events being independent (MacKinlay 1997, §6 on aggregation). With one event the interval is
    NaN. Missing values (a share on a day without calls) are left out of that day.

    Validated against: scipy.stats.t intervals computed in the test — tests/test_event_study.py.

    Examples
    --------
    >>> res = pd.DataFrame({"event": ["a", "a", "b", "b"], "event_day": [0, 1, 0, 1],
    ...                     "abnormal": [10.0, 2.0, 14.0, 0.0]})
    >>> average_abnormal(res)[["event_day", "estimate", "n"]]
       event_day  estimate  n
    0          0      12.0  2
    1          1       1.0  2
    """
    level = check_level(level)
    _check_result(result, ["event", "event_day", value])
    v = numeric_column(result, value)
    frame = pd.DataFrame({"event_day": result["event_day"].to_numpy(), "v": v.to_numpy()})
    frame = frame.dropna()
    g = frame.groupby("event_day")["v"]
    out = pd.DataFrame({"estimate": g.mean(), "sd": g.std(ddof=1), "n": g.count()})
    out["se"] = out["sd"] / np.sqrt(out["n"])
    t = stats.t.ppf(0.5 + level / 2, np.maximum(out["n"] - 1, 1))
    t = np.where(out["n"] > 1, t, np.nan)
    out["ci_low"] = out["estimate"] - t * out["se"]
    out["ci_high"] = out["estimate"] + t * out["se"]
    out = out.reset_index()[["event_day", "estimate", "se", "ci_low", "ci_high", "n"]]
    out["n"] = out["n"].astype(np.int64)
    return out


def cumulative_abnormal(result: pd.DataFrame, *, start: int = 0, end: int | None = None
                        ) -> pd.DataFrame:
    """Per event: actual, expected and abnormal totals over event days ``start`` … ``end``.

    Parameters
    ----------
    result : DataFrame
        Output of :func:`abnormal_counts` (columns ``event``, ``event_day``, ``actual``,
        ``expected``, ``cumulative``, ``cumulative_ci_low``, ``cumulative_ci_high``).
    start, end : int, default 0 and the last event day
        The span of event days (inclusive), inside the result's window.

    Returns
    -------
    pandas.DataFrame
        One row per event: ``event``, ``actual`` (sum), ``expected`` (sum), ``estimate``
        (cumulative abnormal = actual − expected over the span), ``ci_low``, ``ci_high``,
        ``log_ratio`` (log(actual/expected)), ``n`` (days in the span).

    Notes
    -----
    ``CAR(a, b) = Σ_{t=a..b} AR_t`` with ``Var = 1ᵀ·Σ_{[a,b]}·1``, Σ the covariance of the
    abnormal values stored by :func:`abnormal_counts` in ``attrs["abnormal_cov"]`` (own
    variances plus the shared prediction error); normal interval at the result's level. Without
    that attribute (a frame built by hand) the interval is a conservative one from the stored
    cumulative intervals, ``sd = sd(CAR(τ₁, b)) + sd(CAR(τ₁, a − 1))`` (triangle inequality).
    MacKinlay (1997), *Journal of Economic Literature* 35(1): 13–39, eq. (13)–(14) for CAR.

    Examples
    --------
    >>> res = pd.DataFrame({"event": ["a"] * 3, "event_day": [-1, 0, 1],
    ...                     "actual": [100.0, 150.0, 120.0], "expected": [100.0, 100.0, 100.0],
    ...                     "cumulative": [0.0, 50.0, 70.0], "cumulative_ci_low": [-20.0, 20.0, 30.0],
    ...                     "cumulative_ci_high": [20.0, 80.0, 110.0]})
    >>> cumulative_abnormal(res, start=0)[["event", "actual", "expected", "estimate", "n"]]
      event  actual  expected  estimate  n
    0     a   270.0     200.0      70.0  2
    """
    cols = ["event", "event_day", "actual", "expected", "cumulative", "cumulative_ci_low",
            "cumulative_ci_high"]
    _check_result(result, cols)
    days = result["event_day"]
    lo_day, hi_day = int(days.min()), int(days.max())
    end = hi_day if end is None else end
    if not (isinstance(start, (int, np.integer)) and isinstance(end, (int, np.integer))) \
            or not lo_day <= start <= end <= hi_day:
        raise HelpersError(f"start 和 end 必须是 {lo_day}…{hi_day} 之间的整数，且 start ≤ end "
                           f"(start and end must be integers in {lo_day}..{hi_day}, start <= end; "
                           f"got {start!r}, {end!r})")
    covs = result.attrs.get("abnormal_cov", {})
    z = stats.norm.ppf(0.5 + float(result.attrs.get("level", 0.95)) / 2)
    rows = []
    for ev, g in result.groupby("event", sort=False):
        g = g.set_index("event_day")
        span = g.loc[start:end]
        car_b = g.loc[end, "cumulative"]
        car_a = g.loc[start - 1, "cumulative"] if start > lo_day else 0.0
        est = car_b - car_a
        cov = covs.get(ev)
        if cov is not None and len(cov) == len(g):
            idx = np.flatnonzero((g.index >= start) & (g.index <= end))
            half = z * float(np.sqrt(np.asarray(cov)[np.ix_(idx, idx)].sum()))
        else:
            sd_b = (g.loc[end, "cumulative_ci_high"] - g.loc[end, "cumulative_ci_low"]) / 2
            sd_a = ((g.loc[start - 1, "cumulative_ci_high"] - g.loc[start - 1, "cumulative_ci_low"])
                    / 2 if start > lo_day else 0.0)
            half = sd_b + sd_a
        actual, expected = span["actual"].sum(), span["expected"].sum()
        rows.append({"event": ev, "actual": actual, "expected": expected, "estimate": est,
                     "ci_low": est - half, "ci_high": est + half,
                     "log_ratio": float(np.log(actual / expected)) if actual > 0 else np.nan,
                     "n": len(span)})
    out = pd.DataFrame(rows)
    out["n"] = out["n"].astype(np.int64)
    return out


def lag_effect(data: pd.DataFrame, *, outcome: Hashable, lag: Hashable,
               controls: Sequence[Hashable] = (), level: float = 0.95) -> pd.DataFrame:
    """How an event's cumulative abnormal value changes with the release lag: OLS with HC3.

    Parameters
    ----------
    data : DataFrame
        One row per event, e.g. :func:`cumulative_abnormal` merged with the releases.
    outcome : column
        The event's outcome, e.g. ``estimate`` (extra calls over the following days).
    lag : column
        Release lag (hours, ≥ 0).
    controls : list of columns, default none
        Other regressors. Numeric columns enter as they are; text columns as 0/1 dummies (the
        first level in sorted order is the reference).
    level : float, default 0.95
        Confidence level.

    Returns
    -------
    pandas.DataFrame
        One row per term (``intercept``, the lag column, the controls):

        - ``term`` : regressor name (dummies as ``column[level]``)
        - ``estimate`` : coefficient
        - ``se`` : HC3 standard error
        - ``ci_low``, ``ci_high`` : t interval with n − p degrees of freedom
        - ``n`` : events used

    Notes
    -----
    ``outcome_i = β₀ + β_lag·lag_i + γ·controls_i + ε_i`` by ordinary least squares; with few
    events and unequal variances the standard errors are HC3 (MacKinnon & White 1985, *Journal
    of Econometrics* 29(3): 305–325), the interval uses the t distribution with n − p degrees of
    freedom. ``β_lag`` is the change of the outcome per hour of delay — with the outcome in
    extra calls, the number of extra calls each hour of delay brings. It is an association
    across events; it is causal only if nothing else that raises calls also delays releases.
    Rows with a missing value are an error naming them (never a silent drop).

    Validated against: statsmodels OLS with ``cov_type="HC3"`` fitted directly in the test —
    tests/test_event_study.py.

    Examples
    --------
    >>> d = pd.DataFrame({"extra": [400.0, 900.0, 1500.0, 700.0, 1300.0, 500.0],
    ...                   "lag": [2.0, 10.0, 20.0, 6.0, 18.0, 3.0]})
    >>> res = lag_effect(d, outcome="extra", lag="lag")
    >>> res["term"].tolist()
    ['intercept', 'lag']
    >>> round(float(res.loc[1, "estimate"]), 1)
    57.3
    """
    import statsmodels.api as sm

    level = check_level(level)
    check_frame(data, name="data")
    controls = [controls] if isinstance(controls, str) else list(controls)
    require_columns(data, [outcome, lag, *controls])
    y = numeric_column(data, outcome, allow_missing=False)
    x = {str(lag): numeric_column(data, lag, lo=0, allow_missing=False)}
    for c in controls:
        col = data[c]
        if pd.api.types.is_numeric_dtype(col) or pd.api.types.is_bool_dtype(col):
            x[str(c)] = numeric_column(data, c, allow_missing=False)
        else:
            if col.isna().any():
                raise rows_error(c, list(data.index[col.isna()]), "缺失", "missing values")
            levels = sorted(col.astype(str).unique())
            for lev in levels[1:]:
                x[f"{c}[{lev}]"] = (col.astype(str) == lev).astype(float)
    X = pd.DataFrame(x, index=data.index)
    X.insert(0, "intercept", 1.0)
    n, p = X.shape
    if n <= p + 1:
        raise InputError(f"事件太少：{n} 个事件估计 {p} 个系数 (too few events: {n} rows for {p} "
                         f"coefficients; need at least {p + 2})")
    if np.linalg.matrix_rank(X.to_numpy()) < p:
        raise InputError(f"回归变量共线（例如某个控制变量只有一个取值，或与延迟完全相关）："
                         f"{', '.join(X.columns)} (collinear regressors: {', '.join(X.columns)})")
    fit = sm.OLS(y.to_numpy(), X.to_numpy()).fit(cov_type="HC3")
    se = np.asarray(fit.bse)
    t = stats.t.ppf(0.5 + level / 2, n - p)
    est = np.asarray(fit.params)
    return pd.DataFrame({"term": list(X.columns), "estimate": est, "se": se,
                         "ci_low": est - t * se, "ci_high": est + t * se,
                         "n": np.full(p, n, dtype=np.int64)})
