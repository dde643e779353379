"""Generator of a simulated crisis timeline (专题三): a rumour about an incident spreads online over
ten days, the government releases statements, and the hotline receives calls.

The expected curves come from the Daley–Kendall model with official releases
(:func:`helpers.rumour.rumour_curve`); the counts add noise to them. The truth (expected curves,
peak hours, the lag of the first statement) is known exactly."""

from __future__ import annotations

import copy
import json

import numpy as np
import pandas as pd

from helpers._validate import HelpersError
from helpers.rumour import rumour_curve
from helpers.simulate._common import _rng, merge_params

__all__ = ["crisis_timeline", "crisis_timeline_truth", "CRISIS_TIMELINE_DEFAULTS"]

CRISIS_TIMELINE_DEFAULTS: dict = dict(
    start="2025-06-02 00:00",
    lead_hours=8,
    hours=231,
    first_statement=34,
    statement_every=24,
    model=dict(spread_rate=0.25, initial_spreaders=0.001, stifle_rate=0.15, inform_rate=0.05,
               memory_hours=12.0, population=1_000_000, call_share=0.02, baseline_calls=60.0),
    posts_per_spreader=0.01,
    background_posts=5.0,
    posts_cv=0.15,
    calls_cv=0.05,
)
"""Default parameters of :func:`crisis_timeline` (illustrative, see the data card): the rumour
appears at 08:00 on day 1 (``lead_hours`` after the start of the record); the first statement
comes 34 hours later, then one a day; posts per hour are 1 % of the spreaders plus a small
background; calls are the model's inquiries (60 other calls an hour plus rumour checks)."""


def _params(kwargs: dict) -> dict:
    p = merge_params(CRISIS_TIMELINE_DEFAULTS, kwargs, nested=("model",))
    for key in ("lead_hours", "hours", "first_statement", "statement_every"):
        v = p[key]
        if not isinstance(v, (int, np.integer)) or v < 0 or (key != "lead_hours" and v == 0):
            raise HelpersError(f"{key} 必须是正整数（小时）({key} must be a positive whole number "
                               f"of hours, got {v!r})")
    if p["first_statement"] > p["hours"]:
        raise HelpersError("first_statement 不能晚于记录结束 (first_statement must be within hours)")
    for key in ("posts_per_spreader", "background_posts", "posts_cv", "calls_cv"):
        if not (isinstance(p[key], (int, float)) and np.isfinite(p[key]) and p[key] >= 0):
            raise HelpersError(f"{key} 必须 ≥ 0 ({key} must be >= 0, got {p[key]!r})")
    return p


def _statements(p: dict) -> pd.DataFrame:
    hours = np.arange(p["first_statement"], p["hours"] + 1, p["statement_every"])
    kinds = ["情况通报", "新闻发布会"] + ["进展通报"] * max(len(hours) - 3, 0) + ["调查结果通报"]
    kinds = kinds[:len(hours)] if len(hours) >= 3 else ["情况通报", "新闻发布会"][:len(hours)]
    return pd.DataFrame({"hour": hours.astype(int), "statement_type": kinds})


def crisis_timeline_truth(**params) -> pd.DataFrame:
    """The expected curves and known quantities behind :func:`crisis_timeline`.

    Parameters
    ----------
    **params
        As for :func:`crisis_timeline` (no seed: the truth does not depend on it).

    Returns
    -------
    pandas.DataFrame
        One row per hour ``-lead_hours … hours``: ``hour`` (hours since the rumour appeared),
        ``expected_posts``, ``expected_calls``, ``official`` (strength of the official
        information, 0–1), ``heard`` (share who have heard the rumour). ``attrs``:

        - ``first_statement_hour``, ``statement_hours`` (list), ``statement_every``
        - ``peak_posts_hour``, ``peak_calls_hour`` : hours of the expected peaks
        - ``lag_first_statement_minus_peak`` : first statement − peak of expected posts (hours)
        - ``calls_minus_posts_peak`` : peak of calls − peak of posts (hours)
        - ``reach`` : share who heard the rumour by the end; ``rumour_calls`` : expected calls
          to check the rumour, in total
        - ``model`` : the parameters of :func:`helpers.rumour.rumour_curve` (without the
          release timing), to draw other release plans with the same model

    Notes
    -----
    expected posts(t) = background + posts_per_spreader · population · s(t) and expected
    calls(t) = the model's inquiries, with s(t) the spreader share of
    :func:`helpers.rumour.rumour_curve` (Daley & Kendall 1964) and official releases at the
    statement hours (each restores full strength, fading with ``memory_hours``). Before the
    rumour appears (negative hours) posts are the background and calls the baseline.

    Examples
    --------
    >>> t = crisis_timeline_truth()
    >>> t.attrs["first_statement_hour"], t.attrs["peak_posts_hour"]
    (34, 30)
    """
    p = _params(params)
    key = json.dumps(p, sort_keys=True, default=str)
    if key not in _TRUTH_CACHE:
        if len(_TRUTH_CACHE) >= 32:                      # the oldest first
            _TRUTH_CACHE.pop(next(iter(_TRUTH_CACHE)))
        _TRUTH_CACHE[key] = _truth(p)
    cached = _TRUTH_CACHE[key]
    out = cached.copy(deep=True)
    out.attrs = copy.deepcopy(cached.attrs)
    return out


# the truth does not depend on the seed: each draw of crisis_timeline reuses it (the ODE of
# rumour_curve is 90 % of a draw's time)
_TRUTH_CACHE: dict[str, pd.DataFrame] = {}


def _truth(p: dict) -> pd.DataFrame:
    c = rumour_curve(hours=float(p["hours"]), release_delay=float(p["first_statement"]),
                     release_every=float(p["statement_every"]), **p["model"])
    pop = float(p["model"]["population"])
    lead = int(p["lead_hours"])
    pre = pd.DataFrame({"hour": np.arange(-lead, 0, dtype=float), "spreader": 0.0,
                        "inquiries": float(p["model"]["baseline_calls"]), "official": 0.0,
                        "heard": 0.0})
    c = pd.concat([pre, c[["hour", "spreader", "inquiries", "official", "heard"]]],
                  ignore_index=True)
    out = pd.DataFrame({
        "hour": c["hour"].astype(int),
        "expected_posts": p["background_posts"] + p["posts_per_spreader"] * pop * c["spreader"],
        "expected_calls": c["inquiries"],
        "official": c["official"],
        "heard": c["heard"],
    })
    st = _statements(p)
    peak_posts = int(out["hour"].iloc[int(np.argmax(out["expected_posts"]))])
    peak_calls = int(out["hour"].iloc[int(np.argmax(out["expected_calls"]))])
    out.attrs.update({
        "first_statement_hour": int(p["first_statement"]),
        "statement_hours": st["hour"].tolist(),
        "statement_every": int(p["statement_every"]),
        "peak_posts_hour": peak_posts,
        "peak_calls_hour": peak_calls,
        "lag_first_statement_minus_peak": int(p["first_statement"]) - peak_posts,
        "calls_minus_posts_peak": peak_calls - peak_posts,
        "reach": float(out["heard"].iloc[-1]),
        "rumour_calls": float((out["expected_calls"] - p["model"]["baseline_calls"]).sum()),
        "model": dict(p["model"]),
    })
    return out


def crisis_timeline(seed: int | np.random.Generator | None = 2047, **params) -> pd.DataFrame:
    """Simulated crisis timeline: hourly rumour posts, hotline calls and official statements.

    Parameters
    ----------
    seed : int or numpy.random.Generator, default 2047
        Random seed (2047 is the published draw).
    **params
        Keys of :data:`CRISIS_TIMELINE_DEFAULTS`: ``start`` (clock time of the first row),
        ``lead_hours`` (hours recorded before the rumour appears), ``hours`` (hours recorded
        after), ``first_statement`` (hours from the rumour to the first official statement),
        ``statement_every`` (hours between statements), ``model`` (parameters of
        :func:`helpers.rumour.rumour_curve`), ``posts_per_spreader``, ``background_posts``,
        ``posts_cv`` and ``calls_cv`` (extra noise: coefficient of variation of a gamma
        factor on the expected count).

    Returns
    -------
    pandas.DataFrame
        One row per hour: ``time`` (clock time), ``day`` (1, 2, …), ``hour`` (hours since the
        rumour appeared; negative before), ``posts`` (online posts about the rumour),
        ``calls`` (hotline calls), ``statement`` (1 in the hour of an official statement),
        ``statement_type`` (情况通报, 新闻发布会, 进展通报, 调查结果通报; empty otherwise).
        ``attrs["truth"]`` holds the known quantities of :func:`crisis_timeline_truth`,
        ``attrs["params"]`` the seed.

    Notes
    -----
    count = Poisson(μ·G), G ~ Gamma(1/cv², cv²) (mean 1, coefficient of variation cv), μ the
    expected count of :func:`crisis_timeline_truth`. The expected curves are the illustrative
    Daley–Kendall model with releases (:mod:`helpers.rumour`); no daily rhythm is modelled.
    Illustrative values, not estimates of any real incident.

    Validated against: the expected curves (means of many draws) and the peak hours of the
    truth — tests/test_simulate_crisis.py.

    Examples
    --------
    >>> d = crisis_timeline()
    >>> d.shape, int(d["statement"].sum())
    ((240, 7), 9)
    """
    p = _params(params)
    rng = _rng(seed)
    truth = crisis_timeline_truth(**params)

    def draw(mu: np.ndarray, cv: float) -> np.ndarray:
        g = rng.gamma(1 / cv**2, cv**2, len(mu)) if cv > 0 else np.ones(len(mu))
        return rng.poisson(mu * g).astype(np.int64)

    posts = draw(truth["expected_posts"].to_numpy(), p["posts_cv"])
    calls = draw(truth["expected_calls"].to_numpy(), p["calls_cv"])
    st = _statements(p).set_index("hour")["statement_type"]
    hours = truth["hour"].to_numpy()
    time = pd.Timestamp(p["start"]) + pd.to_timedelta(hours + p["lead_hours"], unit="h")
    df = pd.DataFrame({
        "time": time,
        "day": (hours + p["lead_hours"]) // 24 + 1,
        "hour": hours,
        "posts": posts,
        "calls": calls,
        "statement": np.isin(hours, st.index).astype(np.int64),
        "statement_type": pd.Series(hours).map(st).fillna("").to_numpy(),
    })
    df.attrs["truth"] = {k: v for k, v in truth.attrs.items() if k != "model"}
    df.attrs["params"] = {"seed": seed if isinstance(seed, int) else None}
    return df
