"""12345 hotline work-order rates: response, resolution, satisfaction, on-time closing.

Beijing's 接诉即办 scores agencies on three rates (三率): 响应率, 解决率, 满意率. Their exact
national definitions (denominators, call-back method) are **not published** (domain brief
§7.3), and neither are official weights for a composite. This module therefore makes every
denominator explicit and takes the weights as a required input.

Functions:

hotline_rates
    Response, resolution, satisfaction and on-time rates (Wilson intervals), per group.
composite_score
    Weighted sum of the rates with analyst-supplied weights that sum to 1.
"""

from __future__ import annotations

import numbers
from collections.abc import Hashable, Mapping, Sequence

import numpy as np
import pandas as pd
from scipy import stats

from helpers._validate import (
    bad_values,
    Exclusions,
    HelpersError,
    InputError,
    check_frame,
    check_level,
    format_rows,
    numeric_column,
    require_columns,
)
from helpers._times import MIN_DATE, UNPARSED, time_bounds, to_local_times, _scalar
from helpers.ratings import _by_list, _wilson

__all__ = ["RATE_LABELS", "hotline_rates", "composite_score"]

RATE_LABELS: dict[str, str] = {
    "response": "响应率",
    "resolution": "解决率",
    "satisfaction": "满意率",
    "on_time": "按时办结率",
}
"""Chinese names of the rates."""


def _timestamps(data: pd.DataFrame, column: Hashable, *, allow_missing: bool,
                date_format: str | None, bounds, notes: list) -> tuple[pd.Series, pd.Series]:
    """Times of ``column`` under the package's time policy (``helpers._times``).

    Returns (naive Asia/Shanghai times, implausible mask). Text that is not a time raises;
    implausible dates are returned as NaT with the mask set (the caller excludes the rows).
    """
    raw = data[column]
    if isinstance(raw, pd.DataFrame):
        raise InputError(f"列名 {column!r} 重复 (column name {column!r} appears more than once)",
                         column=column)
    tp = to_local_times(raw, column, date_format=date_format, bounds=bounds)
    if tp.unparsed.any():
        _, why = tp.problems[0]
        hint = "" if why == UNPARSED else f"; {why.split(' (', 1)[-1].rstrip(')')}"
        raise bad_values(column, raw, tp.unparsed, "不是有效的时间", "unparseable timestamps",
                         hint=hint)
    notes.extend(f"{column}: {note} ({n})" for note, n in tp.notes)
    parsed = tp.values
    if (parsed.isna() & ~tp.implausible).all():
        raise InputError(f"列 {column!r} 全部缺失 (column {column!r} has no values: all missing)",
                         column=column)
    missing = parsed.isna() & ~tp.implausible
    if not allow_missing and missing.any():
        rows = list(raw.index[missing])
        raise InputError(
            f"列 {column!r} 第 {format_rows(rows)} 行缺失 "
            f"(column {column!r}: missing timestamps in rows {format_rows(rows)})",
            column=column, rows=rows,
        )
    return parsed, tp.implausible


def _flag(data: pd.DataFrame, column: Hashable) -> pd.Series:
    """A 0/1 (or boolean) column as float with NaN for missing."""
    raw = data[column]
    if pd.api.types.is_bool_dtype(raw):
        return raw.astype(float)
    if raw.dtype == object and raw.dropna().map(type).eq(bool).all() and raw.notna().any():
        return raw.map({True: 1.0, False: 0.0})
    values = numeric_column(data, column, lo=0, hi=1, integer=True)
    return values


def _responded(data: pd.DataFrame, column: Hashable, received: pd.Series,
               within_hours: float | None, *, date_format: str | None, bounds, notes: list,
               keep: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Response flag (0/1, NaN = missing flag) and the implausible-date mask of the column."""
    raw = data[column]
    # numbers: a 0/1 flag (checked as one), unless they are Excel serial dates (≥ 1000)
    is_flag = pd.api.types.is_bool_dtype(raw) or (
        pd.api.types.is_numeric_dtype(raw) and not (raw.dropna().abs() >= 1000).any())
    if is_flag:
        if within_hours is not None:
            raise HelpersError(
                "response_hours 需要响应时间列，而不是 0/1 标记 "
                "(response_hours needs a response timestamp column, not a 0/1 flag)"
            )
        return _flag(data, column), pd.Series(False, index=data.index)
    tp = to_local_times(raw, column, date_format=date_format, bounds=bounds)
    if tp.unparsed.any():
        raise bad_values(column, raw, tp.unparsed, "不是有效的时间", "unparseable timestamps")
    notes.extend(f"{column}: {note} ({n})" for note, n in tp.notes)
    ts = tp.values
    early = ts.notna() & (ts < received) & keep
    if early.any():
        rows = list(data.index[early])
        raise InputError(
            f"列 {column!r} 第 {format_rows(rows)} 行的响应时间早于受理时间 "
            f"(column {column!r}: response before receipt in rows {format_rows(rows)})",
            column=column, rows=rows,
        )
    ok = ts.notna()
    if within_hours is not None:
        ok &= (ts - received) <= pd.Timedelta(hours=within_hours)
    return ok.astype(float), tp.implausible


def hotline_rates(
    data: pd.DataFrame,
    received: Hashable,
    responded: Hashable,
    closed: Hashable,
    resolved: Hashable,
    satisfied: Hashable,
    deadline_hours: float | Hashable,
    *,
    response_hours: float | None = None,
    as_of: str | pd.Timestamp | None = None,
    by: Hashable | Sequence[Hashable] | None = None,
    ci: float = 0.95,
    date_format: str | None = None,
    min_date=MIN_DATE,
    max_date=None,
) -> pd.DataFrame:
    """Response, resolution, satisfaction and on-time rates of 12345 work orders.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per work order (工单).
    received : column name
        Time the order was received (受理时间); datetime, parseable text or Excel serial
        numbers (see Notes); required for every row.
    responded : column name
        Either the time of first response (签收/联系时间; missing = no response) or a 0/1
        (boolean) response flag.
    closed : column name
        Time the order was closed (办结时间); missing = still open.
    resolved : column name
        0/1 (boolean) verdict "problem solved" (解决); missing = no verdict (e.g. not yet
        reviewed).
    satisfied : column name
        0/1 (boolean) "citizen satisfied" from the call-back (回访满意); missing = not reached
        or no answer. Convert text answers first, e.g.
        ``df["sat"] = df["回访结果"].isin(["满意", "非常满意"])`` (and keep missing as missing).
    deadline_hours : float or column name
        Time limit for closing, in hours: one positive number for all orders (Python or numpy
        int/float; ``True``/``False`` are refused), or the name of a column with each order's
        limit (limits differ by type of request).
    response_hours : float, optional
        If given (and ``responded`` holds timestamps), an order counts as responded only if
        the response came within this many hours of receipt.
    as_of : timestamp, optional
        Reporting time (same time policy as the columns). If given, open orders already past
        their deadline at ``as_of`` count as late in the on-time rate; otherwise only closed
        orders are counted.
    by : column name or list, optional
        Group columns (e.g. ``"agency"``, ``"month"``).
    ci : float, default 0.95
        Confidence level.
    date_format : str, optional
        strptime format of the time texts; needed for dates written with the year last
        (``"30/11/2024"``), which are refused otherwise.
    min_date, max_date : date-like, optional
        Plausible range of every time stamp (default 2000-01-01 to now + 1 day, Asia/Shanghai).
        An order with a time stamp outside it is excluded from every rate and reported.

    Returns
    -------
    pandas.DataFrame
        Long form, one row per group × rate, with columns

        - the ``by`` columns (if any)
        - ``rate`` : ``'response'``, ``'resolution'``, ``'satisfaction'``, ``'on_time'``
        - ``label_zh`` : 响应率, 解决率, 满意率, 按时办结率
        - ``estimate`` : count / n
        - ``ci_low``, ``ci_high`` : Wilson score interval
        - ``n`` : the denominator (see Notes)
        - ``count`` : the numerator

        ``attrs["excluded"]`` lists, per rate, the orders left out of its denominator (and
        the orders excluded from every rate for an implausible date); ``attrs["notes"]`` is a
        tuple of texts saying which time stamps were converted (Excel serials, time zones).

    Notes
    -----
    Denominators (our documented choice; the official definitions are unverified, domain
    brief §7.3):

    - response rate = responded orders / all orders;
    - resolution rate = orders judged solved / orders with a verdict;
    - satisfaction rate = satisfied call-backs / call-backs with an answer;
    - on-time rate = orders closed within the limit (``closed − received ≤ deadline``) /
      closed orders (plus, with ``as_of``, open orders already past their deadline).

    Intervals: Wilson score interval (``statsmodels.stats.proportion.proportion_confint``,
    ``method="wilson"``). The three rates 响应率/解决率/满意率 follow Beijing's 接诉即办
    "三率考核" (Beijing Youth Daily feature; caprane.cn).

    Times follow the package's one policy (:mod:`helpers.io`, "Time policy"): naive values are
    Asia/Shanghai local time; time-zone-aware values (zones may be mixed) are converted to
    Asia/Shanghai; Excel serial numbers are converted only when the whole column is serials in
    the plausible range; dates with the year last need ``date_format``; implausible dates
    exclude the order (reported).

    Validated against: statsmodels proportion_confint(method="wilson") — tests/test_hotline.py.

    Examples
    --------
    >>> df = pd.DataFrame({
    ...     "in": ["2024-03-01 09:00", "2024-03-01 10:00", "2024-03-02 08:00", "2024-03-02 09:00"],
    ...     "resp": ["2024-03-01 09:20", None, "2024-03-02 08:30", "2024-03-02 09:05"],
    ...     "out": ["2024-03-01 15:00", "2024-03-04 10:00", None, "2024-03-03 09:00"],
    ...     "solved": [1, 0, None, 1], "sat": [1, 0, None, None]})
    >>> out = hotline_rates(df, received="in", responded="resp", closed="out",
    ...                     resolved="solved", satisfied="sat", deadline_hours=24)
    >>> out[["rate", "estimate", "n", "count"]].round(3)
               rate  estimate  n  count
    0      response     0.750  4      3
    1    resolution     0.667  3      2
    2  satisfaction     0.500  2      1
    3       on_time     0.667  3      2
    """
    level = check_level(ci, name="ci")
    check_frame(data)
    by_l = _by_list(by)
    if isinstance(deadline_hours, (bool, np.bool_)):
        raise HelpersError(
            f"deadline_hours 必须是正数（小时）或列名，不能是真/假值 (deadline_hours must be a "
            f"positive number of hours or a column name, not {deadline_hours!r})")
    deadline_is_column = not isinstance(deadline_hours, numbers.Real)
    needed = [received, responded, closed, resolved, satisfied, *by_l]
    if deadline_is_column:
        needed.append(deadline_hours)
    require_columns(data, needed)
    if date_format is not None and not isinstance(date_format, str):
        raise HelpersError(f"date_format 必须是字符串 (date_format must be a string, got "
                           f"{date_format!r})")
    bounds = time_bounds(min_date, max_date)
    notes: list[str] = []
    t_in, odd_in = _timestamps(data, received, allow_missing=False, date_format=date_format,
                               bounds=bounds, notes=notes)
    t_out, odd_out = _timestamps(data, closed, allow_missing=True, date_format=date_format,
                                 bounds=bounds, notes=notes)
    keep = ~(odd_in | odd_out)
    backwards = t_out.notna() & (t_out < t_in) & keep
    if backwards.any():
        rows = list(data.index[backwards])
        raise InputError(
            f"列 {closed!r} 第 {format_rows(rows)} 行的办结时间早于受理时间 "
            f"(column {closed!r}: closed before received in rows {format_rows(rows)})",
            column=closed, rows=rows,
        )
    if deadline_is_column:
        limit = numeric_column(data, deadline_hours, lo=0, allow_missing=False)
    else:
        if not np.isfinite(deadline_hours) or not deadline_hours > 0:
            raise HelpersError(
                f"deadline_hours 必须是正数或列名 (deadline_hours must be a positive number or a "
                f"column name, got {deadline_hours!r})"
            )
        limit = pd.Series(float(deadline_hours), index=data.index)
    resp, odd_resp = _responded(data, responded, t_in, response_hours,
                                date_format=date_format, bounds=bounds, notes=notes, keep=keep)
    solved = _flag(data, resolved)
    sat = _flag(data, satisfied)
    hours = (t_out - t_in) / pd.Timedelta(hours=1)
    on_time = (hours <= limit).astype(float).where(t_out.notna())
    if as_of is not None:
        stamp = _scalar(as_of, "as_of")
        overdue = t_out.isna() & ((stamp - t_in) / pd.Timedelta(hours=1) > limit)
        on_time = on_time.where(~overdue, 0.0)
    ex = Exclusions()
    lo_d, hi_d = bounds
    why = f"implausible date (outside {lo_d:%Y-%m-%d} – {hi_d:%Y-%m-%d %H:%M}): every rate"
    for col, odd in ((received, odd_in), (closed, odd_out), (responded, odd_resp)):
        ex.add(list(data.index[odd]), why, column=col)
    keep &= ~odd_resp
    if not keep.any():
        raise InputError(
            f"所有工单都有不合理的日期（早于 {lo_d:%Y-%m-%d} 或晚于 {hi_d:%Y-%m-%d}），请检查时间列或"
            f"调整 min_date=/max_date= (every order has an implausible date; check the time "
            f"columns or min_date=/max_date=)", column=received)
    resp, solved, sat, on_time = (x.where(keep) for x in (resp, solved, sat, on_time))
    ex.add(list(data.index[keep & resp.isna()]), "response: missing flag", column=responded)
    ex.add(list(data.index[keep & solved.isna()]), "resolution: no verdict", column=resolved)
    ex.add(list(data.index[keep & sat.isna()]), "satisfaction: no call-back answer",
           column=satisfied)
    ex.add(list(data.index[keep & on_time.isna()]), "on_time: not closed", column=closed)
    parts = []
    for rate, hit in (("response", resp), ("resolution", solved), ("satisfaction", sat),
                      ("on_time", on_time)):
        frame = pd.DataFrame({"hit": hit})
        for b in by_l:
            frame[b] = data[b]
        frame = frame[frame["hit"].notna()]
        if by_l:
            g = frame.groupby(by_l, sort=True, dropna=False, observed=True)["hit"]
            agg = pd.DataFrame({"count": g.sum(), "n": g.size()}).reset_index()
        else:
            agg = pd.DataFrame({"count": [frame["hit"].sum()], "n": [len(frame)]})
        agg["rate"] = rate
        parts.append(agg)
    out = pd.concat(parts, ignore_index=True)
    if by_l:
        order = {r: i for i, r in enumerate(RATE_LABELS)}
        out = out.sort_values([*by_l, "rate"], key=lambda s: s.map(order) if s.name == "rate"
                              else s, kind="stable").reset_index(drop=True)
    n = out["n"].to_numpy()
    count = out["count"].to_numpy()
    with np.errstate(invalid="ignore", divide="ignore"):
        est = np.where(n > 0, count / np.maximum(n, 1), np.nan)
    lo, hi = _wilson(count, np.maximum(n, 1), level)
    out["estimate"] = est
    out["ci_low"] = np.where(n > 0, lo, np.nan)
    out["ci_high"] = np.where(n > 0, hi, np.nan)
    out["label_zh"] = out["rate"].map(RATE_LABELS)
    out["n"] = out["n"].astype(int)
    out["count"] = out["count"].astype(int)
    out = out[[*by_l, "rate", "label_zh", "estimate", "ci_low", "ci_high", "n", "count"]]
    out.attrs["notes"] = tuple(notes)
    return ex.attach(out)


def composite_score(
    rates: pd.DataFrame,
    weights: Mapping[str, float],
    *,
    ci: float = 0.95,
) -> pd.DataFrame:
    """Weighted composite of hotline rates, with weights the analyst must supply.

    Parameters
    ----------
    rates : pandas.DataFrame
        The output of :func:`hotline_rates` (any ``by`` columns are kept as groups).
    weights : mapping
        Weight of each rate, e.g. ``{"response": 0.30, "resolution": 0.35,
        "satisfaction": 0.35}``; non-negative, summing to 1. Only the rates named are used.
        There are **no official national weights**; the 30/35/35 split above is the
        documented county-level example of 准格尔旗 (caprane.cn, secondary), and the often
        repeated Beijing 10/45/45 split is unconfirmed (domain brief §7.3).
    ci : float, default 0.95
        Confidence level of the approximate interval.

    Returns
    -------
    pandas.DataFrame
        One row per group, with columns

        - the group columns of ``rates`` (if any)
        - ``estimate`` : Σ w_r · rate_r (0–1; multiply by 100 for a points score)
        - ``ci_low``, ``ci_high`` : approximate normal interval (see Notes), clipped to [0, 1]
        - ``n`` : the largest denominator among the rates used (orders in the group)
        - ``weights`` : the weights, as text, so the result carries its own definition

    Notes
    -----
    score = Σ_r w_r · p_r with Σ w_r = 1. The interval uses
    Var ≈ Σ_r w_r² · p_r(1 − p_r)/n_r, i.e. it treats the rates as independent. They are
    computed on overlapping orders and are usually positively correlated, so the interval is
    an approximation and tends to be too narrow.

    Examples
    --------
    >>> rates = pd.DataFrame({"rate": ["response", "resolution", "satisfaction"],
    ...                       "estimate": [1.0, 0.9, 0.8], "n": [100, 100, 50]})
    >>> composite_score(rates, {"response": 0.30, "resolution": 0.35, "satisfaction": 0.35}
    ...                 )[["estimate", "n"]].round(3)
       estimate    n
    0     0.895  100
    """
    level = check_level(ci, name="ci")
    check_frame(rates, name="rates")
    require_columns(rates, ["rate", "estimate", "n"], name="rates")
    if not isinstance(weights, Mapping) or not weights:
        raise HelpersError(
            "weights 是必填项：没有官方权重，请自行给出并说明来源 "
            "(weights are required: there are no official weights; give your own and cite them)"
        )
    w = {str(k): float(v) for k, v in weights.items()}
    if any(not np.isfinite(v) or v < 0 for v in w.values()):
        raise HelpersError(f"weights 必须为非负数 (weights must be non-negative, got {weights!r})")
    if abs(sum(w.values()) - 1) > 1e-9:
        raise HelpersError(
            f"weights 之和必须为 1，现在是 {sum(w.values()):g} "
            f"(weights must sum to 1, got {sum(w.values()):g})"
        )
    present = set(rates["rate"])
    unknown = [k for k in w if k not in present]
    if unknown:
        raise InputError(
            f"rates 中没有 {unknown!r} (rate(s) {unknown!r} not found in rates; "
            f"available: {sorted(present)})",
            column="rate",
        )
    extra = {"rate", "label_zh", "estimate", "ci_low", "ci_high", "n", "count"}
    groups = [c for c in rates.columns if c not in extra]
    used = rates[rates["rate"].isin(list(w))].copy()
    est = numeric_column(used, "estimate", lo=0, hi=1, allow_missing=False)
    n = numeric_column(used, "n", lo=1, allow_missing=False)
    wt = used["rate"].map(w).astype(float)
    used = used.assign(_wp=wt * est, _var=wt ** 2 * est * (1 - est) / n, _n=n)
    if groups:
        g = used.groupby(groups, sort=True, dropna=False, observed=True)
        dup = g["rate"].apply(lambda s: s.duplicated().any())
        agg = pd.DataFrame({"estimate": g["_wp"].sum(), "var": g["_var"].sum(),
                            "n": g["_n"].max(), "k": g["rate"].nunique()}).reset_index()
    else:
        dup = pd.Series([used["rate"].duplicated().any()])
        agg = pd.DataFrame({"estimate": [used["_wp"].sum()], "var": [used["_var"].sum()],
                            "n": [used["_n"].max()], "k": [used["rate"].nunique()]})
    if dup.any():
        raise InputError(
            "rates 中同一组有重复的指标行，请用 by 指明分组列 "
            "(rates has repeated rows for the same rate within a group; keep the group columns)",
            column="rate",
        )
    if (agg["k"] < len(w)).any():
        raise InputError(
            "有的分组缺少部分指标，无法加权 (some groups lack one of the weighted rates)",
            column="rate",
        )
    z = stats.norm.ppf(0.5 + level / 2)
    se = np.sqrt(agg["var"].to_numpy())
    agg["ci_low"] = np.clip(agg["estimate"] - z * se, 0, 1)
    agg["ci_high"] = np.clip(agg["estimate"] + z * se, 0, 1)
    agg["n"] = agg["n"].astype(int)
    agg["weights"] = ", ".join(f"{k}={v:g}" for k, v in w.items())
    return agg[[*groups, "estimate", "ci_low", "ci_high", "n", "weights"]]
