"""Generator of a simulated province's epidemic information releases and hotline calls.

One simulation gives two tables that belong together (same seed, same parameters):

- :func:`epidemic_timeline`: one row per day — reported new cases, hotline calls, anxious or
  rumour-related calls, and whether a routine press briefing was held;
- :func:`epidemic_releases`: one row per official release about an event — event time, release
  time, lag, content type, and whether it came at a routine briefing or ad hoc.

:func:`epidemic_truth` lists the known effects; :func:`epidemic_event_truth` gives the expected
extra calls of each release's event day by day (what an event study should recover).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers.simulate._common import _rng, merge_params

__all__ = [
    "epidemic_timeline",
    "epidemic_releases",
    "epidemic_truth",
    "epidemic_event_truth",
    "EPIDEMIC_DEFAULTS",
    "RELEASE_CONTENT_TYPES",
]

RELEASE_CONTENT_TYPES: tuple[str, ...] = ("通报病例", "防控措施", "辟谣", "物资保障")
"""Content types of an official release (column ``content_type``)."""

EPIDEMIC_DEFAULTS: dict = dict(
    n_days=240,
    start="2024-01-01",
    switch_day=110,
    cases_base=5.0,
    cases_peak=120.0,
    peak_day=90,
    peak_width=30.0,
    base_volume=800.0,
    cases_elasticity=0.35,
    weekday_effects=(0.08, 0.04, 0.02, 0.0, 0.0, -0.10, -0.15),
    volume_dispersion=0.0005,
    regular_volume_effect=-0.15,
    first_event_day=36,
    event_spacing_min=8,
    event_spacing_extra=2.0,
    content_probs=(0.4, 0.3, 0.15, 0.15),
    lag_mean_irregular=14.0,
    lag_mean_regular=3.5,
    lag_shape=2.5,
    lag_max=48.0,
    briefing_hour=10,
    briefing_share=0.5,
    briefing_within=8.0,
    excess_rate=90.0,
    decay_irregular=8.0,
    decay_regular=8.0,
    anxious_share_base=0.25,
    regular_anxious_effect=-0.5,
    anxious_day_sd=0.1,
    anxious_share_excess=0.6,
)
"""Default parameters of :func:`epidemic_timeline` and :func:`epidemic_releases`.

Days are numbered from 0 (``start``). From ``switch_day`` on the province holds a routine press
briefing every day at ``briefing_hour`` and releases event information promptly."""


def _epi_params(kwargs: dict) -> dict:
    return merge_params(EPIDEMIC_DEFAULTS, kwargs)


def _excess_by_day(event_hour: np.ndarray, lag: np.ndarray, decay: np.ndarray, rate: float,
                   n_days: int) -> np.ndarray:
    """Expected extra calls on days 0 … n_days − 1 after each event (hourly model, exact).

    Extra calls arrive at ``rate`` per hour from the event (hour ``event_hour`` of day 0) until
    the release ``lag`` hours later, then decay as ``rate·exp(−(s − lag)/decay)``."""
    out = np.zeros((len(lag), n_days))

    def cumulative(s, lag_, dec):   # extra calls from the event up to s hours after it
        s = np.maximum(s, 0.0)
        before = rate * np.minimum(s, lag_)
        after = rate * dec * (1 - np.exp(-np.maximum(s - lag_, 0.0) / dec))
        return before + after

    for d in range(n_days):
        lo, hi = 24.0 * d - event_hour, 24.0 * (d + 1) - event_hour
        out[:, d] = cumulative(hi, lag, decay) - cumulative(lo, lag, decay)
    return out


def _simulate(seed, p: dict) -> tuple[pd.DataFrame, pd.DataFrame]:
    rng = _rng(seed)
    n = p["n_days"]
    t = np.arange(n)
    start = pd.Timestamp(p["start"])
    regular = (t >= p["switch_day"]).astype(np.int64)
    # reported new cases: one epidemic wave
    lam = p["cases_base"] + p["cases_peak"] * np.exp(-((t - p["peak_day"]) ** 2)
                                                     / (2 * p["peak_width"] ** 2))
    cases = rng.poisson(lam)
    # events, at least event_spacing_min days apart
    days, d = [], p["first_event_day"]
    while d < n - 4:
        days.append(d)
        d += p["event_spacing_min"] + rng.poisson(p["event_spacing_extra"])
    ev_day = np.array(days, dtype=np.int64)
    k = len(ev_day)
    ev_hour = np.round(rng.uniform(0, 24, k), 2)
    content = rng.choice(len(RELEASE_CONTENT_TYPES), size=k, p=np.array(p["content_probs"]))
    ev_regular = regular[ev_day].astype(bool)
    mean_lag = np.where(ev_regular, p["lag_mean_regular"], p["lag_mean_irregular"])
    lag = np.minimum(rng.gamma(p["lag_shape"], mean_lag / p["lag_shape"]), p["lag_max"])
    # prompt regime: some events are announced at the next routine briefing if it is close
    to_briefing = (p["briefing_hour"] - ev_hour) % 24
    use_briefing = ev_regular & (rng.uniform(size=k) < p["briefing_share"]) \
        & (to_briefing <= p["briefing_within"]) & (to_briefing > 0)
    lag = np.round(np.where(use_briefing, to_briefing, lag), 2)
    lag = np.maximum(lag, 0.1)
    decay = np.where(ev_regular, p["decay_regular"], p["decay_irregular"])
    excess = _excess_by_day(ev_hour, lag, decay, p["excess_rate"], 6)
    extra = np.zeros(n)
    for i in range(k):
        span = slice(ev_day[i], min(ev_day[i] + 6, n))
        extra[span] += excess[i, : span.stop - span.start]
    # hotline calls: baseline (negative binomial) + extra calls of the events (Poisson)
    wd = np.array([(start + pd.Timedelta(days=int(x))).weekday() for x in t])
    prev_cases = np.concatenate([[cases[0]], cases[:-1]])
    mu = (p["base_volume"] * np.exp(p["cases_elasticity"] * np.log1p(prev_cases)
                                    + np.asarray(p["weekday_effects"])[wd]
                                    + p["regular_volume_effect"] * regular))
    r = 1 / p["volume_dispersion"]
    base_calls = rng.negative_binomial(r, r / (r + mu))
    extra_calls = rng.poisson(extra)
    logit = (np.log(p["anxious_share_base"] / (1 - p["anxious_share_base"]))
             + p["regular_anxious_effect"] * regular + rng.normal(0, p["anxious_day_sd"], n))
    share = 1 / (1 + np.exp(-logit))
    anxious = rng.binomial(base_calls, share) + rng.binomial(extra_calls,
                                                            p["anxious_share_excess"])
    timeline = pd.DataFrame({
        "date": (start + pd.to_timedelta(t, unit="D")).strftime("%Y-%m-%d").astype("str"),
        "new_cases": cases.astype(np.int64),
        "hotline_calls": (base_calls + extra_calls).astype(np.int64),
        "anxious_calls": anxious.astype(np.int64),
        "routine_briefing": regular,
    })
    event_time = start + pd.to_timedelta(ev_day, unit="D") + pd.to_timedelta(ev_hour, unit="h")
    release_time = event_time + pd.to_timedelta(lag, unit="h")
    releases = pd.DataFrame({
        "release_id": [f"R{i + 1:02d}" for i in range(k)],
        "event_time": event_time.floor("min").strftime("%Y-%m-%d %H:%M").astype("str"),
        "release_time": release_time.floor("min").strftime("%Y-%m-%d %H:%M").astype("str"),
        "lag_hours": lag,
        "content_type": np.array(RELEASE_CONTENT_TYPES)[content].astype("str"),
        "kind": np.where(use_briefing, "例行发布会", "临时发布").astype("str"),
        "regime": np.where(ev_regular, "例行发布", "不定期发布").astype("str"),
    })
    truth = {key: p[key] for key in ("switch_day", "excess_rate", "decay_irregular",
                                     "decay_regular", "regular_volume_effect",
                                     "regular_anxious_effect", "anxious_share_excess",
                                     "lag_mean_irregular", "lag_mean_regular")}
    for df in (timeline, releases):
        df.attrs["truth"] = dict(truth)
        df.attrs["params"] = {"seed": seed if isinstance(seed, int) else None}
    return timeline, releases


def epidemic_timeline(seed: int | np.random.Generator | None = 2024, **params) -> pd.DataFrame:
    """Simulate a province's daily hotline calls during an epidemic, around official releases.

    Parameters
    ----------
    seed : int or numpy.random.Generator
        Seed of the random number generator; :func:`epidemic_releases` with the same seed and
        parameters gives the releases of this very timeline.
    **params
        Keys of :data:`EPIDEMIC_DEFAULTS` (unknown keys raise :class:`~helpers.HelpersError`).

    Returns
    -------
    pandas.DataFrame
        One row per day (``n_days``):

        - ``date`` : ISO date (fictional dates; no real epidemic)
        - ``new_cases`` : reported new cases that day
        - ``hotline_calls`` : hotline calls that day
        - ``anxious_calls`` : of which anxious or rumour-related calls
        - ``routine_briefing`` : 1 if a routine press briefing was held that day (from
          ``switch_day`` on), else 0

        ``attrs["truth"]`` holds the effects (see :func:`epidemic_truth`).

    Notes
    -----
    Events happen at least ``event_spacing_min`` days apart (plus a Poisson number of days);
    each is released after a lag (hours; gamma, mean ``lag_mean_irregular`` before
    ``switch_day`` and ``lag_mean_regular`` after, where some are announced at the next daily
    briefing instead). Extra calls arrive at ``excess_rate`` per hour from the event until the
    release, then decay exponentially (time constant ``decay_irregular`` / ``decay_regular``
    hours), so an event's expected extra calls are ``excess_rate · (lag + decay)``: every hour
    of delay adds ``excess_rate`` calls. Baseline calls::

        calls_t ~ NegBin(mean = base · exp(e·log(1 + cases_{t−1}) + weekday + r·regular_t))

    plus Poisson extra calls; anxious calls are binomial with a logit-normal daily share
    (lower by ``regular_anxious_effect`` on the logit scale with routine briefings) among the
    baseline calls and share ``anxious_share_excess`` among the extra calls. The prompt regime's
    3.5-hour mean lag is set inside the "黄金4小时" of crisis communication (domain brief §7.4);
    every number is illustrative.

    Examples
    --------
    >>> df = epidemic_timeline(seed=1)
    >>> df.shape
    (240, 5)
    >>> bool((df["anxious_calls"] <= df["hotline_calls"]).all())
    True
    """
    return _simulate(seed, _epi_params(params))[0]


def epidemic_releases(seed: int | np.random.Generator | None = 2024, **params) -> pd.DataFrame:
    """Simulate the official releases about events of :func:`epidemic_timeline`'s province.

    Parameters
    ----------
    seed : int or numpy.random.Generator
        Seed; the same seed and parameters as :func:`epidemic_timeline` give that timeline's
        releases.
    **params
        Keys of :data:`EPIDEMIC_DEFAULTS`.

    Returns
    -------
    pandas.DataFrame
        One row per release (about 17 with the defaults):

        - ``release_id`` : R01, R02, …
        - ``event_time`` : when the event happened (``YYYY-MM-DD HH:MM``)
        - ``release_time`` : when the official information was released
        - ``lag_hours`` : release time − event time, hours (2 decimals, > 0)
        - ``content_type`` : 通报病例, 防控措施, 辟谣 or 物资保障
        - ``kind`` : 例行发布会 (at the daily routine briefing) or 临时发布 (ad hoc)
        - ``regime`` : 不定期发布 (before ``switch_day``) or 例行发布 (from it on)

    Notes
    -----
    The model is described in :func:`epidemic_timeline`. The content type is recorded only; it
    does not change the simulated effect.

    Examples
    --------
    >>> r = epidemic_releases(seed=1)
    >>> r.columns.tolist()
    ['release_id', 'event_time', 'release_time', 'lag_hours', 'content_type', 'kind', 'regime']
    >>> bool((r["lag_hours"] > 0).all())
    True
    """
    return _simulate(seed, _epi_params(params))[1]


def epidemic_truth(**params) -> pd.DataFrame:
    """The known effects of :func:`epidemic_timeline` and :func:`epidemic_releases`.

    Parameters
    ----------
    **params
        Keys of :data:`EPIDEMIC_DEFAULTS`, as passed to the generators (unknown keys raise
        :class:`~helpers.HelpersError`). No seed: the truth does not depend on it.

    Returns
    -------
    pandas.DataFrame
        One row per effect:

        - ``effect`` : code (``lag_effect``, ``regular_effect_on_excess``, …)
        - ``value`` : its value
        - ``unit`` : unit (Chinese)
        - ``label`` : what it means (Chinese)

    Notes
    -----
    With extra calls ``excess_rate`` per hour until the release and an exponential decay with
    time constant τ afterwards, an event's expected extra calls are ``excess_rate·(lag + τ)``;
    so ``lag_effect = excess_rate`` extra calls per hour of delay, and routine briefings change
    an event's extra calls by ``excess_rate·(τ_regular − τ_irregular)`` at equal lag. The
    baseline effects of routine briefings are on the log scale (calls) and the logit scale
    (anxious share). These are the simulation's parameters (illustrative), not estimates from a
    real epidemic.

    Validated against: the mean over many seeds of the event-study regressions of
    :func:`helpers.event_study.lag_effect` on simulated draws — tests/test_simulate.py.

    Examples
    --------
    >>> t = epidemic_truth().set_index("effect")
    >>> float(t.loc["lag_effect", "value"])
    90.0
    >>> float(t.loc["regular_effect_on_excess", "value"])
    0.0
    """
    p = _epi_params(params)
    rows = [
        ("lag_effect", p["excess_rate"], "次来电/小时",
         "发布每晚 1 小时，事件带来的额外来电增加的次数"),
        ("decay_irregular", p["decay_irregular"], "小时", "不定期发布时，发布后额外来电消退的时间常数"),
        ("decay_regular", p["decay_regular"], "小时", "例行发布时，发布后额外来电消退的时间常数"),
        ("regular_effect_on_excess", p["excess_rate"] * (p["decay_regular"] - p["decay_irregular"]),
         "次来电", "延迟相同时，例行发布使一次事件的额外来电改变的次数"),
        ("regular_volume_effect", p["regular_volume_effect"], "对数尺度",
         "例行发布使日常来电量（不含事件）改变的幅度"),
        ("regular_anxious_effect", p["regular_anxious_effect"], "logit 尺度",
         "例行发布使日常来电中焦虑或谣言相关来电比例改变的幅度"),
        ("anxious_share_excess", p["anxious_share_excess"], "比例",
         "事件带来的额外来电中焦虑或谣言相关来电的比例"),
        ("lag_mean_irregular", p["lag_mean_irregular"], "小时", "不定期发布阶段平均发布延迟"),
        ("lag_mean_regular", p["lag_mean_regular"], "小时", "例行发布阶段平均发布延迟（临时发布）"),
    ]
    return pd.DataFrame(rows, columns=["effect", "value", "unit", "label"])


def epidemic_event_truth(releases: pd.DataFrame, days: int = 4, **params) -> pd.DataFrame:
    """Expected extra calls of each release's event, day by day (the event study's target).

    Parameters
    ----------
    releases : DataFrame
        Releases as made by :func:`epidemic_releases` (columns ``release_id``, ``event_time``,
        ``lag_hours``, ``regime``).
    days : int, default 4
        Event days 0 … days − 1 (day 0 = the day of the event).
    **params
        Keys of :data:`EPIDEMIC_DEFAULTS`, as passed to the generator.

    Returns
    -------
    pandas.DataFrame
        One row per release and event day: ``release_id``, ``event_day`` (0 …),
        ``expected_extra_calls`` (expected extra calls that day caused by the event) and
        ``expected_extra_anxious`` (of which anxious or rumour-related).

    Notes
    -----
    Integrates the hourly model of :func:`epidemic_timeline` exactly over each calendar day:
    extra calls at rate ``excess_rate`` from the event until the release, then
    ``excess_rate·exp(−(s − lag)/τ)``. The sum over all days is ``excess_rate·(lag + τ)``.

    Examples
    --------
    >>> r = epidemic_releases(seed=1)
    >>> t = epidemic_event_truth(r)
    >>> t.columns.tolist()
    ['release_id', 'event_day', 'expected_extra_calls', 'expected_extra_anxious']
    >>> len(t) == 4 * len(r)
    True
    """
    p = _epi_params(params)
    et = pd.to_datetime(releases["event_time"])
    hour = (et - et.dt.normalize()).dt.total_seconds().to_numpy() / 3600
    lag = releases["lag_hours"].to_numpy(float)
    decay = np.where(releases["regime"].to_numpy() == "例行发布", p["decay_regular"],
                     p["decay_irregular"])
    ex = _excess_by_day(hour, lag, decay, p["excess_rate"], int(days))
    out = pd.DataFrame({
        "release_id": np.repeat(releases["release_id"].to_numpy(), int(days)),
        "event_day": np.tile(np.arange(int(days)), len(releases)),
        "expected_extra_calls": ex.ravel(),
    })
    out["expected_extra_anxious"] = out["expected_extra_calls"] * p["anxious_share_excess"]
    return out
