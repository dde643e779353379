"""Queueing: Erlang C for a hotline (M/M/N), and the fewest agents that meet a service level.

Functions:

erlang_c
    Probability of waiting, average speed of answer, service level and occupancy for given
    staffing (one row per number of agents).
required_agents
    The fewest agents meeting a service-level target (and an occupancy cap), before and
    after shrinkage.
promise_time
    The waiting time to promise so that at most a given share of callers or visitors wait
    longer (the service-level curve inverted), for fixed staffing.
window_staffing
    A staffing table for a service hall in everyday units (arrivals per hour, minutes): the
    waiting at each number of windows, the waiting each extra window saves and its cost.

All times must be in one unit (e.g. minutes): the arrival rate per that unit, the handle time
and the target answer time in that unit.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence

import numpy as np
import pandas as pd

from helpers._validate import HelpersError
from helpers.scales import real_option

__all__ = ["erlang_c", "required_agents", "promise_time", "window_staffing"]

_COLUMNS = ["agents", "traffic", "p_wait", "asa", "service_level", "occupancy", "stable"]


MAX_AGENTS = 100_000
"""Largest staffing :func:`erlang_c` evaluates (the Erlang recursion runs up to it)."""


def _positive(value: float, name: str, *, allow_zero: bool = False) -> float:
    return real_option(value, name, lo=0, lo_open=not allow_zero)


def _traffic(arrival_rate: float, handle_time: float) -> float:
    traffic = arrival_rate * handle_time
    if not math.isfinite(traffic) or traffic > 10 * MAX_AGENTS:
        raise HelpersError(f"负荷 λ·h = {traffic:g} 过大 (offered load arrival_rate × handle_time "
                           f"= {traffic:g} is too large; check the time units)")
    return traffic


def _erlang_b_sequence(traffic: float) -> Iterator[tuple[int, float]]:
    """Yield (N, Erlang B blocking probability) for N = 1, 2, …; stable for any N."""
    b = 1.0
    n = 0
    while True:
        n += 1
        b = traffic * b / (n + traffic * b)
        yield n, b


def _metrics(n: int, b: float, traffic: float, handle_time: float, target_time: float
             ) -> tuple:
    if n <= traffic:
        return (n, traffic, 1.0, math.inf, 0.0, 1.0, False)
    p_wait = n * b / (n - traffic * (1 - b))
    asa = p_wait * handle_time / (n - traffic)
    sl = 1 - p_wait * math.exp(-(n - traffic) * target_time / handle_time)
    return (n, traffic, p_wait, asa, sl, traffic / n, True)


def erlang_c(
    arrival_rate: float,
    handle_time: float,
    agents: int | Sequence[int],
    target_time: float,
) -> pd.DataFrame:
    """Erlang C measures of an M/M/N queue for one or more staffing levels.

    Parameters
    ----------
    arrival_rate : float
        Calls (work orders) per time unit, λ.
    handle_time : float
        Average handle time h in the same unit (AHT, talk + wrap-up).
    agents : int or sequence of int
        Number(s) of agents N.
    target_time : float
        Answer-time target t of the service level, same unit (e.g. 20 s = 0.333 min).

    Returns
    -------
    pandas.DataFrame
        One row per value of ``agents`` (in the given order), with columns

        - ``agents`` : N
        - ``traffic`` : offered load A = λ·h (Erlangs)
        - ``p_wait`` : probability a call waits, P_w (Erlang C)
        - ``asa`` : average speed of answer, same time unit
        - ``service_level`` : share answered within ``target_time``
        - ``occupancy`` : ρ = A/N
        - ``stable`` : N > A; if false the queue grows without bound and the row shows
          p_wait 1, asa ∞, service_level 0, occupancy 1.

    Notes
    -----
    With A = λh and N > A (domain brief §9.1; liquisearch "Erlang C formula"; owenduffy.net;
    pyworkforce):

    - P_w = [A^N/N! · N/(N−A)] / [Σ_{k<N} A^k/k! + A^N/N! · N/(N−A)]
    - ASA = P_w · h / (N − A)
    - SL(t) = 1 − P_w · exp(−(N − A)·t/h)
    - ρ = A/N

    P_w is computed without factorials: the Erlang B recursion B(0) = 1,
    B(k) = A·B(k−1) / (k + A·B(k−1)), then C = N·B / (N − A(1 − B)). This stays finite for
    N in the thousands. Assumptions: Poisson arrivals, exponential handle times, infinite
    queue, no abandonment (callers who hang up make real waits shorter than predicted).

    Examples
    --------
    Worked case (domain brief §9.1, §11 #13): 100 calls per 30 min, AHT 3 min, target 0.33 min.

    >>> erlang_c(100 / 30, 3, [13, 14, 15], 0.33).round(4)
       agents  traffic  p_wait     asa  service_level  occupancy  stable
    0      13     10.0  0.2853  0.2853         0.7949     0.7692    True
    1      14     10.0  0.1741  0.1306         0.8879     0.7143    True
    2      15     10.0  0.1020  0.0612         0.9411     0.6667    True
    """
    lam = _positive(arrival_rate, "arrival_rate", allow_zero=True)
    h = _positive(handle_time, "handle_time")
    t = _positive(target_time, "target_time", allow_zero=True)
    values = np.atleast_1d(np.asarray(agents, dtype=object)).ravel()
    if values.size == 0:
        raise HelpersError("agents 不能为空 (agents must hold at least one value)")
    ns = np.array([int(real_option(v, "agents", lo=1, hi=MAX_AGENTS, integer=True))
                   for v in values], dtype=int)
    traffic = _traffic(lam, h)
    wanted = set(ns.tolist())
    found: dict[int, tuple] = {}
    top = int(ns.max())
    for n, b in _erlang_b_sequence(traffic):
        if n in wanted:
            found[n] = _metrics(n, b, traffic, h, t)
        if n >= top:
            break
    return pd.DataFrame([found[int(n)] for n in ns], columns=_COLUMNS)


def required_agents(
    arrival_rate: float,
    handle_time: float,
    target_time: float,
    *,
    service_level: float = 0.8,
    max_occupancy: float | None = None,
    shrinkage: float = 0.0,
    max_agents: int = 100_000,
) -> pd.DataFrame:
    """The fewest agents that answer ``service_level`` of calls within ``target_time``.

    Parameters
    ----------
    arrival_rate : float
        Calls per time unit, λ.
    handle_time : float
        Average handle time h, same unit.
    target_time : float
        Answer-time target t, same unit.
    service_level : float, default 0.8
        Required share answered within ``target_time`` (the "80/20" industry habit is
        widespread but its origin is unverified).
    max_occupancy : float, optional
        Upper bound on occupancy A/N (e.g. 0.85, to leave agents recovery time).
    shrinkage : float, default 0
        Share of paid time agents are not available (breaks, training, absence), in [0, 1).
        Scheduled agents = ⌈raw / (1 − shrinkage)⌉.
    max_agents : int, default 100000
        Search limit.

    Returns
    -------
    pandas.DataFrame
        One row with columns

        - ``agents`` : fewest agents on the phones meeting both targets (raw positions)
        - ``agents_scheduled`` : agents after shrinkage
        - ``traffic`` : A = λ·h
        - ``p_wait``, ``asa``, ``service_level``, ``occupancy`` : Erlang C measures at
          ``agents`` (see :func:`erlang_c`)

    Notes
    -----
    Searches N = ⌊A⌋ + 1, ⌊A⌋ + 2, … with the Erlang B → C recursion of :func:`erlang_c`
    until SL(t) ≥ ``service_level`` and A/N ≤ ``max_occupancy``. Service level rises with N,
    so the first N found is the minimum. Worked case (domain brief §11 #14; pyworkforce
    ``tests/test_queing.py``): 100 calls/30 min, AHT 3 min, t = 0.33 min, SL ≥ 0.8,
    occupancy ≤ 0.85, shrinkage 0.3 → 14 raw positions, 20 scheduled.

    Examples
    --------
    >>> required_agents(100 / 30, 3, 0.33, service_level=0.8, max_occupancy=0.85,
    ...                 shrinkage=0.3).round(3)
       agents  agents_scheduled  traffic  p_wait    asa  service_level  occupancy
    0      14                20     10.0   0.174  0.131          0.888      0.714
    """
    lam = _positive(arrival_rate, "arrival_rate")
    h = _positive(handle_time, "handle_time")
    t = _positive(target_time, "target_time", allow_zero=True)
    service_level = real_option(service_level, "service_level", lo=0, hi=1, lo_open=True,
                                hi_open=True)
    if max_occupancy is not None:
        max_occupancy = real_option(max_occupancy, "max_occupancy", lo=0, hi=1, lo_open=True)
    shrinkage = real_option(shrinkage, "shrinkage", lo=0, hi=1, hi_open=True)
    max_agents = int(real_option(max_agents, "max_agents", lo=1, integer=True))
    traffic = _traffic(lam, h)
    for n, b in _erlang_b_sequence(traffic):
        if n > max_agents:
            raise HelpersError(
                f"在 {max_agents} 名座席以内无法达到目标 "
                f"(no staffing up to max_agents={max_agents} meets the target)"
            )
        if n <= traffic:
            continue
        row = _metrics(n, b, traffic, h, t)
        if row[4] >= service_level and (max_occupancy is None or row[5] <= max_occupancy):
            break
    scheduled = math.ceil(n / (1 - shrinkage) - 1e-9)
    return pd.DataFrame([{
        "agents": n, "agents_scheduled": scheduled, "traffic": traffic, "p_wait": row[2],
        "asa": row[3], "service_level": row[4], "occupancy": row[5],
    }])


def promise_time(
    arrival_rate: float,
    handle_time: float,
    agents: int | Sequence[int],
    *,
    exceed: float = 0.1,
) -> pd.DataFrame:
    """The waiting time to promise so that at most ``exceed`` of arrivals wait longer.

    Parameters
    ----------
    arrival_rate : float
        Arrivals per time unit, λ.
    handle_time : float
        Average handle time h, same unit.
    agents : int or sequence of int
        Number(s) of agents (windows) N, fixed.
    exceed : float, default 0.1
        Largest acceptable share of arrivals whose wait exceeds the promise, in (0, 1).

    Returns
    -------
    pandas.DataFrame
        One row per value of ``agents``, columns

        - ``agents``, ``traffic``, ``p_wait``, ``asa``, ``occupancy``, ``stable`` : as in
          :func:`erlang_c`
        - ``exceed`` : the share x
        - ``promise`` : the smallest t with P(wait > t) ≤ x, same time unit; 0 when
          P_w ≤ x (even "no wait" is kept often enough); ∞ when the queue is unstable (N ≤ A)

    Notes
    -----
    Under Erlang C the wait W has P(W > t) = P_w·exp(−(N − A)·t/h) (domain brief §9.1: the
    service level is SL(t) = 1 − P(W > t)). Solving P(W > t) = x gives
    ``t = h/(N − A) · ln(P_w / x)`` for P_w > x. A promise kept by 90 % of arrivals is the
    90th percentile of the wait. Same assumptions as :func:`erlang_c` (no abandonment).

    Validated against: erlang_c's service level at the promise (= 1 − x) and a discrete-event
    simulation of the M/M/N queue — tests/test_queueing.py.

    Examples
    --------
    Worked case of :func:`erlang_c`: 100 calls per 30 min, AHT 3 min, 14 agents.

    >>> promise_time(100 / 30, 3, 14, exceed=0.1)[["agents", "p_wait", "promise"]].round(4)
       agents  p_wait  promise
    0      14  0.1741    0.416
    """
    lam = _positive(arrival_rate, "arrival_rate", allow_zero=True)
    h = _positive(handle_time, "handle_time")
    x = real_option(exceed, "exceed", lo=0, hi=1, lo_open=True, hi_open=True)
    base = erlang_c(lam, h, agents, 0.0)
    gap = base["agents"] - base["traffic"]
    with np.errstate(divide="ignore", invalid="ignore"):
        t = np.where(base["p_wait"] > x, h / gap * np.log(base["p_wait"] / x), 0.0)
    t = np.where(base["stable"], t, math.inf)
    return pd.DataFrame({"agents": base["agents"], "traffic": base["traffic"],
                         "p_wait": base["p_wait"], "asa": base["asa"],
                         "occupancy": base["occupancy"], "stable": base["stable"],
                         "exceed": x, "promise": t.astype(float)})


def window_staffing(
    arrivals_per_hour: float,
    handle_minutes: float,
    promised_minutes: float,
    windows: int | Sequence[int],
    *,
    cost_per_window_hour: float | None = None,
) -> pd.DataFrame:
    """Staffing table of a service hall: waiting at each number of open windows, and its cost.

    Parameters
    ----------
    arrivals_per_hour : float
        Citizens arriving (taking a number) per hour.
    handle_minutes : float
        Average handling time at the window, minutes.
    promised_minutes : float
        The promised (or tolerated) waiting time, minutes.
    windows : int or sequence of int
        Numbers of open windows to tabulate, e.g. ``range(4, 11)``.
    cost_per_window_hour : float, optional
        Cost of keeping one more window open for an hour (staff, in yuan or any unit).

    Returns
    -------
    pandas.DataFrame
        One row per number of windows (in the given order), columns

        - ``windows`` : N
        - ``p_wait`` : probability that a citizen has to wait at all
        - ``mean_wait`` : average wait, minutes (ASA)
        - ``share_over_promise`` : share who wait longer than ``promised_minutes``
        - ``occupancy`` : share of the time a window is busy, ρ = A/N
        - ``stable`` : N > A (otherwise the queue grows all day: p_wait 1, mean_wait ∞,
          share_over_promise 1)
        - ``wait_minutes_per_hour`` : minutes waited by all citizens arriving in one hour,
          λ·mean_wait
        - ``wait_saved`` : how many fewer minutes per hour than with one window fewer (NaN for
          the first row, or when N − 1 windows are unstable or not in the table)
        - ``cost_per_hour`` : N × ``cost_per_window_hour`` (NaN without a cost)
        - ``cost_per_hour_saved`` : cost of the extra window per hour of waiting it saves,
          ``cost_per_window_hour / (wait_saved / 60)`` (NaN without a cost or ``wait_saved``)

    Notes
    -----
    Erlang C (:func:`erlang_c`) with λ = arrivals_per_hour/60 per minute, h = handle_minutes:
    A = λh, P_w, ASA = P_w·h/(N − A), P(W > t) = P_w·exp(−(N − A)t/h). The assumptions
    (Poisson arrivals, exponential handling times, one shared queue, nobody leaves) fit a
    numbered-ticket hall with interchangeable windows; with separate queues per window, or
    arrivals that bunch in the morning, real waits are longer. Use the busiest hour's
    arrivals.

    Validated against: erlang_c (the same numbers in hourly units) and the hand-computed
    differences — tests/test_queueing.py.

    Examples
    --------
    >>> window_staffing(40, 12, 15, [9, 10, 11], cost_per_window_hour=60)[
    ...     ["windows", "mean_wait", "share_over_promise", "wait_saved"]].round(2)
       windows  mean_wait  share_over_promise  wait_saved
    0        9       7.84                0.19         NaN
    1       10       2.46                0.03      215.39
    2       11       0.98                0.01       59.01
    """
    lam = _positive(arrivals_per_hour, "arrivals_per_hour", allow_zero=True) / 60.0
    h = _positive(handle_minutes, "handle_minutes")
    t = _positive(promised_minutes, "promised_minutes", allow_zero=True)
    cost = (None if cost_per_window_hour is None
            else _positive(cost_per_window_hour, "cost_per_window_hour", allow_zero=True))
    base = erlang_c(lam, h, windows, t)
    wait_hour = np.where(base["stable"], lam * 60 * base["asa"], math.inf)
    by_n = dict(zip(base["agents"].tolist(), wait_hour.tolist(), strict=True))
    saved = [by_n[n - 1] - w if (n - 1) in by_n and math.isfinite(by_n[n - 1]) else math.nan
             for n, w in zip(base["agents"].tolist(), wait_hour.tolist(), strict=True)]
    saved = np.array(saved, dtype=float)
    out = pd.DataFrame({
        "windows": base["agents"], "p_wait": base["p_wait"], "mean_wait": base["asa"],
        "share_over_promise": 1 - base["service_level"], "occupancy": base["occupancy"],
        "stable": base["stable"], "wait_minutes_per_hour": wait_hour, "wait_saved": saved,
    })
    if cost is None:
        out["cost_per_hour"] = math.nan
        out["cost_per_hour_saved"] = math.nan
    else:
        out["cost_per_hour"] = out["windows"] * cost
        with np.errstate(divide="ignore", invalid="ignore"):
            out["cost_per_hour_saved"] = np.where(saved > 0, cost / (saved / 60), math.nan)
    return out
