"""How a ranking on a weighted composite score moves when the weights move.

A composite of the 12345 rates (响应率、解决率、满意率) needs weights, and there are no official
national weights (domain brief §7.3). Before a league table of departments is published, it
should be known whether the order is a property of the departments or of the chosen weights.

Functions:

weight_grid
    Every weight vector on the simplex with a given step (all weights ≥ 0, summing to 1).
weight_sensitivity
    The composite score and rank of every group under every weight vector of a grid.
rank_range
    Per group: rank under the chosen weights, best and worst rank over the grid, share of
    weight vectors under which it ranks first.
"""

from __future__ import annotations

import itertools
from collections.abc import Hashable, Mapping, Sequence

import numpy as np
import pandas as pd
from scipy import stats

from helpers._validate import HelpersError, InputError, check_frame, require_columns
from helpers.hotline import composite_score

__all__ = ["weight_grid", "weight_sensitivity", "rank_range"]


def weight_grid(rates: Sequence[str] = ("response", "resolution", "satisfaction"), *,
                step: float = 0.1) -> pd.DataFrame:
    """Every weight vector on the simplex whose weights are multiples of ``step``.

    Parameters
    ----------
    rates : sequence of str, default ("response", "resolution", "satisfaction")
        Names of the rates (as in the ``rate`` column of :func:`helpers.hotline.hotline_rates`).
    step : float, default 0.1
        Grid step; ``1/step`` must be a whole number (0.05, 0.1, 0.25, …).

    Returns
    -------
    pandas.DataFrame
        One row per weight vector, one column ``w_<rate>`` per rate (each ≥ 0, rows summing
        to 1), plus ``setting`` (0, 1, …).

    Notes
    -----
    With k rates and m = 1/step there are C(m + k − 1, k − 1) vectors (66 for k = 3, step 0.1).

    Examples
    --------
    >>> g = weight_grid(step=0.5)
    >>> g[["w_response", "w_resolution", "w_satisfaction"]].sum(axis=1).eq(1).all(), len(g)
    (np.True_, 6)
    """
    names = [str(r) for r in rates]
    if len(names) < 2 or len(set(names)) != len(names):
        raise HelpersError(f"rates 需要至少两个不同的指标 (rates needs ≥ 2 distinct names, got {names})")
    if not (isinstance(step, (int, float)) and 0 < step <= 1):
        raise HelpersError(f"step 应在 (0, 1] 之间 (step must be in (0, 1], got {step!r})")
    m = round(1 / step)
    if not np.isclose(m * step, 1):
        raise HelpersError(f"1/step 必须是整数 (1/step must be a whole number, got step={step})")
    rows = [c for c in itertools.product(range(m + 1), repeat=len(names) - 1) if sum(c) <= m]
    w = np.array([[*c, m - sum(c)] for c in rows], dtype=float) / m
    out = pd.DataFrame(np.round(w, 10), columns=[f"w_{r}" for r in names])
    out.insert(0, "setting", np.arange(len(out)))
    return out


def weight_sensitivity(rates: pd.DataFrame, *, by: Hashable = "department",
                       weights: pd.DataFrame | None = None, step: float = 0.1,
                       ci: float = 0.95) -> pd.DataFrame:
    """Composite score and rank of every group under every weight vector of a grid.

    Parameters
    ----------
    rates : pandas.DataFrame
        Output of :func:`helpers.hotline.hotline_rates` with ``by=`` the group column
        (long form: columns ``by``, ``rate``, ``estimate``, ``n`` …). Rates not in the
        weights (e.g. ``on_time``) are ignored.
    by : column name, default "department"
        The group column to rank.
    weights : DataFrame, optional
        Weight vectors as columns ``w_<rate>`` (e.g. from :func:`weight_grid`); default
        ``weight_grid(["response", "resolution", "satisfaction"], step=step)``.
    step : float, default 0.1
        Step of the default grid.
    ci : float, default 0.95
        Confidence level of the composite's approximate interval
        (:func:`helpers.hotline.composite_score`).

    Returns
    -------
    pandas.DataFrame
        One row per weight vector × group: ``setting``, the ``w_<rate>`` columns, ``by``,
        ``estimate`` (composite, 0–1), ``ci_low``, ``ci_high``, ``n``, ``rank`` (1 = highest
        score; ties share the best rank).

    Notes
    -----
    score_g(w) = Σ_r w_r · p_{g,r}; for each w the groups are ranked by score (Saisana,
    Saltelli & Tarantola 2005, "Uncertainty and sensitivity analysis techniques as tools for
    the quality assessment of composite indicators", *J. R. Stat. Soc. A* 168(2): 307–323,
    recommend exactly this: report how ranks move over plausible weights). The score is a
    linear function of w, so scaling every rate of every group by the same positive factor, or
    adding the same constant to a rate for every group, leaves every rank unchanged.

    Examples
    --------
    >>> rates = pd.DataFrame({"department": ["甲"] * 3 + ["乙"] * 3,
    ...                       "rate": ["response", "resolution", "satisfaction"] * 2,
    ...                       "estimate": [1.0, 0.6, 0.7, 0.8, 0.8, 0.8], "n": [100] * 6})
    >>> s = weight_sensitivity(rates, step=0.5)
    >>> s.query("w_response == 1")[["department", "estimate", "rank"]]
       department  estimate  rank
    10          乙       0.8     2
    11          甲       1.0     1
    >>> s.query("w_resolution == 1")["rank"].tolist()   # 乙, 甲
    [1, 2]
    """
    check_frame(rates, name="rates")
    require_columns(rates, [by, "rate", "estimate", "n"], name="rates")
    grid = weight_grid(step=step) if weights is None else weights
    check_frame(grid, name="weights")
    wcols = [c for c in grid.columns if str(c).startswith("w_")]
    if not wcols:
        raise InputError("weights 没有 w_<指标> 列 (weights has no w_<rate> columns)",
                         column=None)
    if "setting" not in grid.columns:
        grid = grid.assign(setting=np.arange(len(grid)))
    names = [str(c)[2:] for c in wcols]
    w = grid[wcols].to_numpy(float)
    if not np.isfinite(w).all() or (w < 0).any():
        raise HelpersError("权重必须为非负数 (weights must be non-negative)")
    sums = w.sum(axis=1)
    if (sums == 0).any():
        raise HelpersError(f"第 {int(np.flatnonzero(sums == 0)[0])} 组权重全为 0 "
                           "(a weight setting is all zero)")
    if not np.allclose(sums, 1, atol=1e-9):
        raise HelpersError(f"每组权重之和必须为 1 (each weight setting must sum to 1, got "
                           f"{sums[~np.isclose(sums, 1, atol=1e-9)][:3].tolist()})")
    # validation of the rates (range, duplicates, groups lacking a rate) by composite_score
    composite_score(rates[rates["rate"].isin(names)], {r: 1 / len(names) for r in names}, ci=ci)
    level = ci
    used = rates[rates["rate"].isin(names)]
    p = used.pivot(index=by, columns="rate", values="estimate")[names].astype(float)
    n = used.pivot(index=by, columns="rate", values="n")[names].astype(float)
    var = (p * (1 - p) / n).to_numpy()
    est = w @ p.to_numpy().T                                  # settings × groups
    se = np.sqrt((w ** 2) @ var.T)
    z = stats.norm.ppf(0.5 + level / 2)
    k, g = est.shape
    ranks = pd.DataFrame(np.round(est, 12)).rank(axis=1, ascending=False, method="min")
    out = pd.DataFrame({
        "setting": np.repeat(grid["setting"].to_numpy(), g),
        **{c: np.repeat(w[:, i], g) for i, c in enumerate(wcols)},
        by: np.tile(p.index.to_numpy(), k),
        "estimate": est.ravel(),
        "ci_low": np.clip(est - z * se, 0, 1).ravel(),
        "ci_high": np.clip(est + z * se, 0, 1).ravel(),
        "n": np.tile(n.max(axis=1).astype(int).to_numpy(), k),
        "rank": ranks.to_numpy().astype(int).ravel(),
    })
    return out[["setting", *wcols, by, "estimate", "ci_low", "ci_high", "n", "rank"]]


def rank_range(sensitivity: pd.DataFrame, weights: Mapping[str, float], *,
               by: Hashable = "department") -> pd.DataFrame:
    """Per group: its rank under the chosen weights and how far it moves over the grid.

    Parameters
    ----------
    sensitivity : pandas.DataFrame
        Output of :func:`weight_sensitivity`.
    weights : mapping
        The chosen weights, e.g. ``{"response": 0.3, "resolution": 0.35, "satisfaction": 0.35}``;
        must be one of the grid's weight vectors.
    by : column name, default "department"
        The group column.

    Returns
    -------
    pandas.DataFrame
        One row per group, sorted by ``rank_chosen``: ``by``, ``estimate`` (composite under the
        chosen weights), ``ci_low``, ``ci_high``, ``n``, ``rank_chosen``, ``rank_best``,
        ``rank_worst`` (over the grid), ``share_first`` (share of weight vectors under which the
        group ranks first), ``settings`` (number of weight vectors).

    Notes
    -----
    A wide range between ``rank_best`` and ``rank_worst`` means the group's place depends on
    the weights more than on its performance.

    Examples
    --------
    >>> rates = pd.DataFrame({"department": ["甲"] * 3 + ["乙"] * 3,
    ...                       "rate": ["response", "resolution", "satisfaction"] * 2,
    ...                       "estimate": [1.0, 0.6, 0.7, 0.8, 0.8, 0.8], "n": [100] * 6})
    >>> r = rank_range(weight_sensitivity(rates, step=0.5),
    ...                {"response": 0.5, "resolution": 0, "satisfaction": 0.5})
    >>> r[["department", "estimate", "rank_chosen", "rank_best", "rank_worst"]]
      department  estimate  rank_chosen  rank_best  rank_worst
    0          甲      0.85            1          1           2
    1          乙      0.80            2          1           2
    """
    check_frame(sensitivity, name="sensitivity")
    require_columns(sensitivity, ["setting", by, "estimate", "rank"], name="sensitivity")
    wcols = [c for c in sensitivity.columns if str(c).startswith("w_")]
    missing = [k for k in weights if f"w_{k}" not in wcols]
    if missing:
        raise HelpersError(f"sensitivity 中没有权重列 {missing} (no weight column for {missing})")
    mask = np.ones(len(sensitivity), dtype=bool)
    for c in wcols:
        mask &= np.isclose(sensitivity[c].to_numpy(float), float(weights.get(c[2:], 0.0)))
    chosen = sensitivity[mask]
    if chosen.empty:
        raise HelpersError(f"所选权重 {dict(weights)} 不在网格上 (the chosen weights are not on the "
                           "grid; use a step that contains them)")
    g = sensitivity.groupby(by, sort=False)["rank"]
    summary = pd.DataFrame({"rank_best": g.min(), "rank_worst": g.max(),
                            "share_first": g.apply(lambda s: float((s == 1).mean())),
                            "settings": g.size()})
    out = chosen[[by, "estimate", "ci_low", "ci_high", "n", "rank"]].rename(
        columns={"rank": "rank_chosen"}).set_index(by).join(summary).reset_index()
    return out.sort_values(["rank_chosen", by], kind="stable").reset_index(drop=True)
