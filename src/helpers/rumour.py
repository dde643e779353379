"""A rumour model with official releases: Daley–Kendall ignorants, spreaders and stiflers.

An **illustrative model** (deterministic difference equations), not an estimate from data. In the
model of Daley & Kendall (1964, *Nature* 204: 1118) a population is divided into

- **ignorants** (have not heard the rumour),
- **spreaders** (pass it on to everyone they meet),
- **stiflers** (know it but no longer pass it on).

A spreader who meets an ignorant makes a new spreader; a spreader who meets another spreader or a
stifler stops spreading (the rumour is "old news"). Without any outside action the rumour dies
out with about 20.3 % of the population never having heard it (θ = 0.2032, the root of
θ = exp(−2(1 − θ))).

Here official information is added: from the first release on, spreaders stop at the rate
``stifle_rate`` and ignorants hear the official version first (and so become stiflers) at the
rate ``inform_rate``. With regular daily briefings the official information keeps acting; a
single irregular release acts strongly at first and fades (time constant ``memory_hours``);
releases every ``release_every`` hours each restore the full strength, which fades in between.
Hotline inquiries: a share of everyone who newly hears the rumour calls to check it.

Functions:

rumour_curve
    The hour-by-hour shares of ignorants, spreaders and stiflers, and the inquiries.
rumour_summary
    Reach, peak and inquiry totals of one curve.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers._validate import HelpersError, check_frame, require_columns

__all__ = ["rumour_curve", "rumour_summary", "DK_THETA"]

DK_THETA = 0.2031878699799731
"""Share who never hear the rumour in the classic Daley–Kendall model: root of θ = e^{−2(1−θ)}."""


def _positive(value: object, name: str, *, zero: bool = False) -> float:
    try:
        v = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise HelpersError(f"{name} 必须是数值 ({name} must be a number, got {value!r})") from None
    if not np.isfinite(v) or v < 0 or (v == 0 and not zero):
        bound = "≥ 0" if zero else "> 0"
        raise HelpersError(f"{name} 必须 {bound} 且有限 ({name} must be {bound} and finite, "
                           f"got {value!r})")
    return v


def rumour_curve(*, release_delay: float | None = 12.0, regular: bool = True,
                 hours: float = 168.0, spread_rate: float = 0.25,
                 initial_spreaders: float = 0.001, stifle_rate: float = 0.15,
                 inform_rate: float = 0.05, memory_hours: float = 12.0,
                 population: float = 1_000_000, call_share: float = 0.02,
                 baseline_calls: float = 100.0, step: float = 0.1,
                 release_every: float | None = None) -> pd.DataFrame:
    """Hour-by-hour spread of a rumour and the hotline inquiries it causes (Daley–Kendall).

    Parameters
    ----------
    release_delay : float or None, default 12.0
        Hours from the start of the rumour to the first official release; ``None``: no release
        (the classic model).
    regular : bool, default True
        ``True``: after the first release the province holds a briefing every day, so the
        official information keeps acting; ``False``: one release whose effect fades.
    hours : float, default 168
        Length of the curve (hours).
    spread_rate : float, default 0.25
        Meetings per person and hour (β): the speed of the rumour.
    initial_spreaders : float, default 0.001
        Share of spreaders at hour 0 (the rest are ignorants).
    stifle_rate, inform_rate : float, default 0.15 and 0.05
        Per hour, at full strength of the official information: the rate at which spreaders stop
        and at which ignorants hear the official version first.
    memory_hours : float, default 12
        With ``regular=False`` the strength of the single release decays as
        ``exp(−(t − delay)/memory_hours)``.
    population : float, default 1,000,000
        People in the province (to turn shares into calls).
    call_share : float, default 0.02
        Share of the people who newly hear the rumour and call the hotline to check it.
    baseline_calls : float, default 100
        Other calls per hour.
    step : float, default 0.1
        Time step of the difference equations (hours).
    release_every : float or None, default None
        Hours between releases after the first one (e.g. 24: one statement a day). Each release
        restores the full strength, which then fades with ``memory_hours``; ``regular`` is not
        used. ``None``: as ``regular`` says. Rounded to the time step.

    Returns
    -------
    pandas.DataFrame
        One row per hour 0 … ``hours``:

        - ``hour``
        - ``ignorant``, ``spreader``, ``stifler`` : shares of the population (sum 1)
        - ``heard`` : share who have heard the rumour (spreaders + stiflers who heard it from a
          spreader; those informed first by the official version are not counted)
        - ``official`` : strength of the official information (0 before the first release, 1
          at full strength)
        - ``inquiries`` : hotline calls in the hour ending at ``hour`` (baseline + rumour calls)
        - ``rumour_calls`` : of which calls to check the rumour

    Notes
    -----
    Daley & Kendall (1964, *Nature* 204: 1118), mean-field form (shares i, s, r; a(t) the
    official strength)::

        di/dt = −β·i·s − ι·a·i
        ds/dt =  β·i·s − β·s·(s + r) − κ·a·s
        dr/dt =  β·s·(s + r) + κ·a·s + ι·a·i

    (a spreader–spreader meeting turns both into stiflers). Without releases s → 0 and the
    share never hearing the rumour tends to θ = 0.2032 as ``initial_spreaders`` → 0
    (θ = exp(−2(1 − θ)); Daley & Kendall 1965, *J. Inst. Maths Applics* 1: 42–55). a(t) = 1
    after the release when ``regular``, else exp(−(t − delay)/memory); with ``release_every``
    = Δ, a(t) = exp(−(t − t_k)/memory) with t_k = delay + kΔ the latest release. Integrated by the
    classical 4th-order Runge–Kutta method with step ``step`` (the release switches on at the
    step boundary nearest to it); rumour calls per hour are
    ``population·call_share·β·i·s`` integrated over the hour. The release terms and every
    default rate are assumptions of this course's illustration, not estimates.

    Validated against: the classic θ = 0.2032 (no releases), and scipy.integrate.solve_ivp on
    the same equations — tests/test_rumour.py.

    Examples
    --------
    >>> c = rumour_curve(release_delay=None, hours=400, initial_spreaders=1e-6)
    >>> round(float(c["ignorant"].iloc[-1]), 3)
    0.203
    >>> fast = rumour_summary(rumour_curve(release_delay=4))
    >>> slow = rumour_summary(rumour_curve(release_delay=24))
    >>> bool(fast["reach"].item() < slow["reach"].item())
    True
    >>> daily = rumour_summary(rumour_curve(release_delay=12, release_every=24))
    >>> once = rumour_summary(rumour_curve(release_delay=12, regular=False))
    >>> bool(daily["reach"].item() < once["reach"].item())
    True
    """
    hours = _positive(hours, "hours")
    beta = _positive(spread_rate, "spread_rate")
    s0 = _positive(initial_spreaders, "initial_spreaders")
    if s0 >= 1:
        raise HelpersError(f"initial_spreaders 必须小于 1 (initial_spreaders must be < 1, "
                           f"got {initial_spreaders!r})")
    kappa = _positive(stifle_rate, "stifle_rate", zero=True)
    iota = _positive(inform_rate, "inform_rate", zero=True)
    memory = _positive(memory_hours, "memory_hours")
    pop = _positive(population, "population")
    share = _positive(call_share, "call_share", zero=True)
    base = _positive(baseline_calls, "baseline_calls", zero=True)
    h = _positive(step, "step")
    delay = None if release_delay is None else _positive(release_delay, "release_delay", zero=True)
    every = None if release_every is None else _positive(release_every, "release_every")
    if not isinstance(regular, (bool, np.bool_)):
        raise HelpersError(f"regular 必须是 True 或 False (regular must be a bool, got {regular!r})")
    per_hour = int(round(1 / h))
    if per_hour < 1 or not np.isclose(per_hour * h, 1):
        raise HelpersError(f"step 必须是 1 小时的整数分之一 (step must divide one hour, got {step!r})")
    n_hours = int(np.floor(hours))
    if delay is not None:      # the release falls on the step boundary nearest to it
        delay = float(np.ceil(delay / h - 0.5 - 1e-9) * h)
    if every is not None:
        every = max(float(np.rint(every / h)) * h, h)

    def last_release(t: float) -> float | None:
        """Time of the latest release at or before t (on a step boundary), None before the first."""
        if delay is None or t < delay - 1e-9:
            return None
        if every is None:
            return delay
        return delay + np.floor((t - delay) / every + 1e-9) * every

    def strength(t: float, on: bool | None = None, last: float | None = None) -> float:
        """Official strength at t; ``on`` (per time step) says whether the release has come, so
        the switch falls on a step boundary (the release time rounded to the step); ``last``
        (per step) the latest release when releases repeat."""
        if delay is None or not (t >= delay if on is None else on):
            return 0.0
        if every is not None:
            ref = last_release(t) if last is None else last
            return float(np.exp(-max(t - ref, 0.0) / memory))
        return 1.0 if regular else float(np.exp(-max(t - delay, 0.0) / memory))

    def deriv(t: float, y: np.ndarray, on: bool, last: float | None) -> np.ndarray:
        i, s, r, _heard, _calls = y
        a = strength(t, on, last)
        meet = beta * i * s
        stop = beta * s * (s + r)
        return np.array([-meet - iota * a * i,
                         meet - stop - kappa * a * s,
                         stop + kappa * a * s + iota * a * i,
                         meet,
                         meet])

    y = np.array([1.0 - s0, s0, 0.0, s0, 0.0])
    rows = [(0.0, *y[:4], strength(0.0), base, 0.0)]
    for hour in range(1, n_hours + 1):
        calls_before = y[4]
        for j in range(per_hour):
            t = (hour - 1) + j * h         # no accumulated rounding: a release on the hour
            on = delay is not None and t >= delay - 1e-9
            last = last_release(t)
            k1 = deriv(t, y, on, last)
            k2 = deriv(t + h / 2, y + h / 2 * k1, on, last)
            k3 = deriv(t + h / 2, y + h / 2 * k2, on, last)
            k4 = deriv(t + h, y + h * k3, on, last)
            y = y + h / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
        rumour = pop * share * (y[4] - calls_before)
        rows.append((float(hour), *y[:4], strength(float(hour)), base + rumour, rumour))
    out = pd.DataFrame(rows, columns=["hour", "ignorant", "spreader", "stifler", "heard",
                                      "official", "inquiries", "rumour_calls"])
    return out


def rumour_summary(curve: pd.DataFrame) -> pd.DataFrame:
    """Reach, peak and inquiries of a rumour curve from :func:`rumour_curve`.

    Parameters
    ----------
    curve : DataFrame
        Output of :func:`rumour_curve` (columns ``hour``, ``ignorant``, ``spreader``,
        ``heard``, ``inquiries``, ``rumour_calls``).

    Returns
    -------
    pandas.DataFrame
        One row:

        - ``reach`` : share who heard the rumour by the last hour
        - ``never_heard`` : share of ignorants at the last hour
        - ``peak_spreaders`` : largest share of spreaders, at ``peak_hour``
        - ``spreaders_end`` : share of spreaders at the last hour
        - ``rumour_calls`` : total rumour calls; ``inquiries`` : all calls
        - ``rumour_call_share`` : rumour calls / all calls

    Notes
    -----
    Descriptive totals of the illustrative model of :func:`rumour_curve` (Daley & Kendall
    1964, *Nature* 204: 1118, with official releases added by this course); no estimation.

    Examples
    --------
    >>> s = rumour_summary(rumour_curve(release_delay=None, hours=400, initial_spreaders=1e-6))
    >>> round(float(s["never_heard"].item()), 3)
    0.203
    """
    check_frame(curve, name="curve")
    require_columns(curve, ["hour", "ignorant", "spreader", "heard", "inquiries",
                            "rumour_calls"], name="curve")
    peak = int(np.argmax(curve["spreader"].to_numpy()))
    total = float(curve["inquiries"].iloc[1:].sum())
    rumour = float(curve["rumour_calls"].iloc[1:].sum())
    return pd.DataFrame([{
        "reach": float(curve["heard"].iloc[-1]),
        "never_heard": float(curve["ignorant"].iloc[-1]),
        "peak_spreaders": float(curve["spreader"].iloc[peak]),
        "peak_hour": float(curve["hour"].iloc[peak]),
        "spreaders_end": float(curve["spreader"].iloc[-1]),
        "rumour_calls": rumour,
        "inquiries": total,
        "rumour_call_share": rumour / total if total > 0 else np.nan,
    }])
