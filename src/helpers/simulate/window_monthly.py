"""Generator of the simulated monthly ratings per window of a service centre (案例一: 某市政务服务中心)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers._validate import HelpersError
from helpers.simulate._common import _rng, merge_params

__all__ = [
    "window_monthly",
    "window_monthly_truth",
    "WINDOW_MONTHLY_DEFAULTS",
]

_DEPTS = ("市场监管", "人社", "公安户政", "不动产登记", "医保", "公积金", "税务")

WINDOW_MONTHLY_DEFAULTS: dict = dict(
    start="2024-01",
    n_months=24,
    intervention_t=13,
    volumes=(3000, 2400, 1900, 1500, 1200, 950, 750, 600, 480, 380,
             300, 240, 190, 150, 110, 80, 55, 35, 20, 12),
    improved=("W01", "W03", "W04", "W06", "W08", "W10", "W13", "W19"),
    mean_bad=0.08,
    bad_logit_sd=0.25,
    trend=-0.0003,
    season_amplitude=0.005,
    volume_season=0.15,
    level_change=-0.03,
    slope_change=-0.0005,
    window_month_sd=0.10,
    common_sd=0.03,
    common_ar=0.5,
    special_window="W02",
    special_t=8,
    special_effect=0.08,
)
"""Default parameters of :func:`window_monthly` (illustrative; see the data card)."""

_COLUMNS = ["month", "t", "window", "department", "improved", "after", "n_ratings", "n_bad"]


def _params(kwargs: dict) -> dict:
    p = merge_params(WINDOW_MONTHLY_DEFAULTS, kwargs)
    k = len(p["volumes"])
    windows = [f"W{i:02d}" for i in range(1, k + 1)]
    if k < 2 or min(p["volumes"]) < 1:
        raise HelpersError("volumes 至少两个窗口、每个 ≥ 1 (volumes: at least two windows, each >= 1)")
    if not 2 <= p["intervention_t"] <= p["n_months"]:
        raise HelpersError(f"intervention_t 必须在 2 和 n_months 之间 "
                           f"(intervention_t must be in [2, n_months], got {p['intervention_t']})")
    unknown = set(p["improved"]) - set(windows)
    if unknown or (p["special_window"] is not None and p["special_window"] not in windows):
        raise HelpersError(f"未知窗口 (unknown windows: {sorted(unknown) or p['special_window']})")
    if not 0 < p["mean_bad"] < 0.5:
        raise HelpersError("mean_bad 必须在 0 和 0.5 之间 (mean_bad must be in (0, 0.5))")
    return p


def _windows(p: dict) -> pd.DataFrame:
    """Per-window department, volume, baseline share (fixed by the parameters, not the seed)."""
    k = len(p["volumes"])
    rng = np.random.default_rng(5_501 + k)
    logit = np.log(p["mean_bad"] / (1 - p["mean_bad"])) + p["bad_logit_sd"] * rng.standard_normal(k)
    windows = [f"W{i:02d}" for i in range(1, k + 1)]
    return pd.DataFrame({
        "window": windows,
        "department": [_DEPTS[i % len(_DEPTS)] for i in range(k)],
        "mean_n": np.asarray(p["volumes"], dtype=float),
        "p_base": np.round(1 / (1 + np.exp(-logit)), 4),
        "improved": [int(w in p["improved"]) for w in windows],
    })


def _months(p: dict) -> pd.DataFrame:
    t = np.arange(1, p["n_months"] + 1)
    month = pd.period_range(p["start"], periods=p["n_months"], freq="M")
    moy = month.month.to_numpy()
    return pd.DataFrame({
        "month": month.strftime("%Y-%m"), "t": t, "moy": moy,
        "season": p["season_amplitude"] * np.sin(2 * np.pi * (moy - 4) / 12),
        "volume_factor": (1 + p["volume_season"] * np.cos(2 * np.pi * (moy - 7) / 12)
                          - 0.25 * (moy == 2)),
        "after": (t >= p["intervention_t"]).astype(int),
    })


def _mean_share(p: dict, win: pd.DataFrame, mon: pd.DataFrame, *, with_change: bool = True
                ) -> np.ndarray:
    """Expected bad share μ_it (windows × months) before the month-to-month noise."""
    t = mon["t"].to_numpy()[None, :]
    t0 = p["intervention_t"]
    mu = (win["p_base"].to_numpy()[:, None] + p["trend"] * (t - 1)
          + mon["season"].to_numpy()[None, :])
    if with_change:
        change = (t >= t0) * (p["level_change"] + p["slope_change"] * (t - t0))
        mu = mu + win["improved"].to_numpy()[:, None] * change
    if p["special_window"] is not None and with_change:
        i = win.index[win["window"] == p["special_window"]][0]
        mu[i, int(p["special_t"]) - 1] += p["special_effect"]
    return np.clip(mu, 0.005, 0.6)


def window_monthly(seed: int | np.random.Generator | None = 2031, **params) -> pd.DataFrame:
    """Simulate two years of monthly ratings per window, with an improvement at some windows.

    Parameters
    ----------
    seed : int or numpy.random.Generator, default 2031
        Seed of the random draws (2031 is the published ``datasets/window_monthly.csv``).
    **params
        Keys of :data:`WINDOW_MONTHLY_DEFAULTS`:

        - ``start`` (first month, ``"YYYY-MM"``), ``n_months``;
        - ``intervention_t`` (month number, 1-based, of the first month with the new practice);
        - ``volumes`` (mean ratings per month of each window W01, W02, …; very different sizes);
        - ``improved`` (windows that introduce the improvement);
        - ``mean_bad``, ``bad_logit_sd`` (baseline bad share of the windows: logit-normal,
          fixed by the parameters, not by the seed);
        - ``trend`` (change of every window's bad share per month), ``season_amplitude``
          (seasonal swing of the share, peak in July), ``volume_season`` (seasonal swing of
          the volume; February a further 25 % lower);
        - ``level_change``, ``slope_change`` (the true effect of the improvement, see Notes);
        - ``window_month_sd``, ``common_sd``, ``common_ar`` (month-to-month noise, logit scale);
        - ``special_window``, ``special_t``, ``special_effect`` (one special-cause month).

    Returns
    -------
    pandas.DataFrame
        One row per window and month (windows × months rows), never NaN: ``month``
        (``"YYYY-MM"``), ``t`` (1 … n_months), ``window`` (W01 …), ``department``,
        ``improved`` (1 if the window is in the improvement group), ``after`` (1 from month
        ``intervention_t`` on, for every window), ``n_ratings`` (≥ 1) and ``n_bad`` (差评 =
        不满意 + 非常不满意, 0 ≤ n_bad ≤ n_ratings). ``attrs["truth"]`` holds the per-window
        truth and the effect (see :func:`window_monthly_truth`), ``attrs["params"]`` the seed.

    Notes
    -----
    Window i in month t (1-based; T0 = ``intervention_t``; post_t = 1[t ≥ T0]):

    - expected share μ_it = p_i + trend·(t − 1) + a·sin(2π(m_t − 4)/12)
      + g_i·post_t·(δ + γ·(t − T0)) (+ ``special_effect`` for the special-cause month), where
      g_i = 1 for improved windows, δ = ``level_change`` (the **jump at T0**) and
      γ = ``slope_change`` (per month after T0);
    - actual share p_it = expit(logit μ_it + u_t + e_it) with a common AR(1) month shock
      u_t = φ·u_{t−1} + N(0, σ_c²), σ_c = ``common_sd``, and a window-month shock
      e_it ~ N(0, σ_w²), σ_w = ``window_month_sd``: over-dispersion beyond the binomial, and
      autocorrelation;
    - n_it = 1 + Poisson(v_i·f_t − 1) with the seasonal volume factor f_t;
      x_it ~ Binomial(n_it, p_it).

    The effect is additive on the share, so the pooled share of the improvement group changes
    by exactly δ at T0 and by γ per month after it (up to the tiny non-linearity of the
    logit noise). Illustrative values, not estimates from a real centre.

    Validated against: segmented regressions over many seeds (coverage of δ) —
    tests/test_its.py; the truth table — tests/test_simulate_window_monthly.py.

    Examples
    --------
    >>> df = window_monthly()
    >>> df.shape
    (480, 8)
    >>> df[["month", "window", "improved", "after", "n_ratings", "n_bad"]].head(2)
         month window  improved  after  n_ratings  n_bad
    0  2024-01    W01         1      0       2633    212
    1  2024-01    W02         0      0       2065    187
    """
    p = _params(params)
    rng = _rng(seed)
    win, mon = _windows(p), _months(p)
    k, m = len(win), len(mon)
    mu = _mean_share(p, win, mon)
    u = np.zeros(m)
    shocks = rng.standard_normal(m) * p["common_sd"]
    for j in range(m):
        u[j] = (p["common_ar"] * u[j - 1] if j else 0.0) + shocks[j]
    e = rng.standard_normal((k, m)) * p["window_month_sd"]
    share = 1 / (1 + np.exp(-(np.log(mu / (1 - mu)) + u[None, :] + e)))
    lam = np.maximum(win["mean_n"].to_numpy()[:, None] * mon["volume_factor"].to_numpy()[None, :] - 1,
                     0)
    n = 1 + rng.poisson(lam)
    x = rng.binomial(n, share)
    df = pd.DataFrame({
        "month": np.tile(mon["month"].to_numpy(), k),
        "t": np.tile(mon["t"].to_numpy(), k),
        "window": np.repeat(win["window"].to_numpy(), m),
        "department": np.repeat(win["department"].to_numpy(), m),
        "improved": np.repeat(win["improved"].to_numpy(), m),
        "after": np.tile(mon["after"].to_numpy(), k),
        "n_ratings": n.ravel().astype(np.int64),
        "n_bad": x.ravel().astype(np.int64),
    })
    df = df.sort_values(["t", "window"], kind="stable").reset_index(drop=True)[_COLUMNS]
    truth = window_monthly_truth(**params)
    df.attrs["truth"] = {"windows": truth.to_dict(orient="records"), **truth.attrs["effect"]}
    df.attrs["params"] = {"seed": seed if isinstance(seed, int) else None}
    return df


def window_monthly_truth(by: str = "window", **params) -> pd.DataFrame:
    """True values behind :func:`window_monthly`: per window, or expected monthly group shares.

    Parameters
    ----------
    by : {"window", "month", "cell"}, default "window"
        ``"window"``: one row per window; ``"month"``: one row per month and group (improvement
        group and comparison group) with the expected pooled shares; ``"cell"``: one row per
        month and window (the rows of the generated data) with its expected share.
    **params
        Keys of :data:`WINDOW_MONTHLY_DEFAULTS`, as passed to the generator (no seed: the truth
        does not depend on it).

    Returns
    -------
    pandas.DataFrame
        ``by="window"``: ``window, department, mean_n`` (mean ratings per month), ``p_base``
        (baseline bad share in month 1 without season), ``improved`` (0/1), ``level_change``,
        ``slope_change`` (δ and γ for improved windows, 0 otherwise).
        ``by="month"``: ``month, t, group`` (``"improved"``/``"comparison"``), ``expected_share``
        (volume-weighted mean of μ_it over the group's windows, special-cause month excluded from
        the comparison group's mean), ``counterfactual_share`` (the same without the
        improvement), ``expected_n`` (expected ratings of the group that month).
        ``by="cell"``: ``month, t, window, expected_share`` (μ_it, special cause included), in
        the row order of :func:`window_monthly`.
        ``attrs["effect"]`` (both): ``level_change``, ``slope_change``, ``intervention_t``,
        ``intervention_month``, ``trend``, ``special_window``, ``special_t``,
        ``special_month``, ``special_effect``.

    Notes
    -----
    μ_it is the expected share of :func:`window_monthly` (Notes there). The improvement adds
    δ + γ·(t − T0) from month T0 on at improved windows, so in the improvement group the
    expected pooled share jumps by δ at T0 and its slope changes by γ; the comparison group
    shares the trend and the season but not the change. The logit-scale noise shifts the
    realised mean by less than 0.001. Illustrative values (see the data card).

    Validated against: the means of many simulated draws — tests/test_simulate_window_monthly.py.

    Examples
    --------
    >>> tr = window_monthly_truth()
    >>> tr.attrs["effect"]["level_change"], tr.attrs["effect"]["intervention_month"]
    (-0.03, '2025-01')
    >>> int(tr["improved"].sum()), len(tr)
    (8, 20)
    >>> m = window_monthly_truth(by="month")
    >>> m.query("t == 13 and group == 'improved'")[["expected_share", "counterfactual_share"]].round(4)
        expected_share  counterfactual_share
    12          0.0475                0.0775
    """
    if by not in ("window", "month", "cell"):
        raise HelpersError(f"by 必须是 'window'、'month' 或 'cell' (by must be 'window', 'month' or "
                           f"'cell', got {by!r})")
    p = _params(params)
    win, mon = _windows(p), _months(p)
    effect = {
        "level_change": float(p["level_change"]), "slope_change": float(p["slope_change"]),
        "intervention_t": int(p["intervention_t"]),
        "intervention_month": mon.loc[p["intervention_t"] - 1, "month"],
        "trend": float(p["trend"]), "special_window": p["special_window"],
        "special_t": int(p["special_t"]),
        "special_month": mon.loc[int(p["special_t"]) - 1, "month"],
        "special_effect": float(p["special_effect"]),
    }
    if by == "window":
        out = win.assign(level_change=win["improved"] * p["level_change"] + 0.0,
                         slope_change=win["improved"] * p["slope_change"] + 0.0)
        out.attrs["effect"] = effect
        return out
    if by == "cell":
        mu = _mean_share(p, win, mon)
        out = pd.DataFrame({
            "month": np.tile(mon["month"].to_numpy(), len(win)),
            "t": np.tile(mon["t"].to_numpy(), len(win)),
            "window": np.repeat(win["window"].to_numpy(), len(mon)),
            "expected_share": mu.ravel().round(6),
        }).sort_values(["t", "window"], kind="stable").reset_index(drop=True)
        out.attrs["effect"] = effect
        return out
    special = dict(p, special_window=None)
    mu = _mean_share(special, win, mon)
    cf = _mean_share(special, win, mon, with_change=False)
    vol = win["mean_n"].to_numpy()
    rows = []
    for label, g in (("improved", 1), ("comparison", 0)):
        sel = (win["improved"] == g).to_numpy()
        w = vol[sel] / vol[sel].sum()
        rows.append(pd.DataFrame({
            "month": mon["month"], "t": mon["t"], "group": label,
            "expected_share": (w @ mu[sel]).round(6),
            "counterfactual_share": (w @ cf[sel]).round(6),
            "expected_n": (vol[sel].sum() * mon["volume_factor"]).round(1),
        }))
    out = pd.concat(rows, ignore_index=True)
    out.attrs["effect"] = effect
    return out
