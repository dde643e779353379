"""Fair league tables: empirical-Bayes (beta-binomial) shrinkage of shares per unit.

A window with 12 ratings and none of them bad has a raw bad share of 0 %, but that says little:
with so few ratings, luck decides. Empirical Bayes estimates how much the true shares of the
windows differ (a beta distribution fitted to all windows) and pulls each window's raw share
towards the overall mean, the more the fewer ratings it has (**shrinkage**).
"""

from __future__ import annotations

from collections.abc import Hashable

import numpy as np
import pandas as pd
from scipy import optimize, special, stats

from helpers._validate import HelpersError, check_level, require_columns
from helpers.spc import binomial_counts

__all__ = ["beta_binomial_prior", "shrunk_rates", "rank_reshuffle"]


def _negloglik(log_ab: np.ndarray, x: np.ndarray, n: np.ndarray) -> tuple[float, np.ndarray]:
    """Negative beta-binomial log-likelihood (without the binomial coefficients) and its
    gradient with respect to (log α, log β)."""
    a, b = np.exp(log_ab)
    value = -float(np.sum(special.betaln(x + a, n - x + b)) - len(x) * special.betaln(a, b))
    common = special.digamma(n + a + b)
    da = np.sum(special.digamma(x + a) - common) - len(x) * (special.digamma(a) - special.digamma(a + b))
    db = np.sum(special.digamma(n - x + b) - common) - len(x) * (special.digamma(b) - special.digamma(a + b))
    return value, -np.array([da * a, db * b])


def beta_binomial_prior(data: pd.DataFrame, count: Hashable, n: Hashable) -> pd.DataFrame:
    """Fit the beta prior of the units' true shares by maximum likelihood of the beta-binomial.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per unit (e.g. window), with its number of events and trials.
    count, n : str
        Columns of the number of events (e.g. ``n_bad``) and trials (``n_ratings``).

    Returns
    -------
    pandas.DataFrame
        One row: ``alpha``, ``beta`` (the fitted Beta(α, β)), ``prior_mean`` (α/(α + β)),
        ``prior_n`` (α + β, the prior's weight in "ratings"), ``prior_sd`` (SD of the true
        shares), ``n`` (units), ``converged``.

    Notes
    -----
    True shares θ_i ~ Beta(α, β), counts x_i ~ Binomial(n_i, θ_i); the marginal likelihood is
    Π B(x_i + α, n_i − x_i + β)/B(α, β) (up to the binomial coefficients), maximised over
    log α, log β (L-BFGS-B with the analytic gradient, from the method-of-moments start; moments: α + β =
    m(1 − m)/v − 1, α = m(α + β), with v the variance of the raw shares minus the mean binomial
    variance). Robinson (2015, 2017) fits the prior by maximum likelihood in the same way;
    Efron & Morris (1975) is the normal-theory relative (James–Stein). When the units do not
    differ more than binomial noise allows, α + β grows without bound (complete pooling); it
    is capped at 10⁶.

    Validated against: scipy.stats.betabinom log-likelihood at the optimum and a direct
    numerical fit, and the method of moments on large simulated data — tests/test_shrinkage.py.

    Examples
    --------
    >>> df = pd.DataFrame({"bad": [3, 10, 1, 30, 0, 8, 2, 25],
    ...                    "n": [40, 120, 15, 300, 12, 90, 80, 150]})
    >>> prior = beta_binomial_prior(df, "bad", "n")
    >>> prior[["prior_mean", "prior_n", "prior_sd", "n"]].round(3)
       prior_mean  prior_n  prior_sd  n
    0        0.09   79.166     0.032  8
    """
    x, m = binomial_counts(data, count, n)
    if len(x) < 3:
        raise HelpersError(f"至少需要 3 个单位才能估计先验 (at least 3 units are needed to fit the "
                           f"prior, got {len(x)})")
    raw = x / m
    mean = x.sum() / m.sum()
    if mean in (0.0, 1.0):
        raise HelpersError("所有单位的比例都是 0 或都是 1，无法估计先验 (all shares are 0 or all "
                           "are 1: the prior cannot be fitted)")
    v = max(np.var(raw, ddof=1) - np.mean(mean * (1 - mean) / m), 1e-6)
    total = float(np.clip(mean * (1 - mean) / v - 1, 1.0, 1e5))
    start = np.log([mean * total, (1 - mean) * total])
    res = optimize.minimize(_negloglik, start, args=(x, m), jac=True, method="L-BFGS-B",
                            bounds=[(-12.0, 16.0), (-12.0, 16.0)],
                            options={"ftol": 1e-14, "gtol": 1e-9, "maxiter": 500})
    a, b = np.exp(res.x)
    if a + b > 1e6:
        a, b = mean * 1e6, (1 - mean) * 1e6
    return pd.DataFrame([{
        "alpha": float(a), "beta": float(b), "prior_mean": float(a / (a + b)),
        "prior_n": float(a + b), "prior_sd": float(np.sqrt(a * b / ((a + b) ** 2 * (a + b + 1)))),
        "n": int(len(x)),
        "converged": bool(res.success or np.linalg.norm(res.jac) <= 1e-6 * len(x)),
    }])


def shrunk_rates(data: pd.DataFrame, unit: Hashable, count: Hashable, n: Hashable, *,
                 prior: pd.DataFrame | None = None, ci: float = 0.95,
                 ascending: bool = True) -> pd.DataFrame:
    """Raw and empirical-Bayes (shrunk) shares per unit, with posterior intervals and ranks.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per unit.
    unit, count, n : str
        Columns of the unit label, the number of events and the number of trials.
    prior : pandas.DataFrame, optional
        A result of :func:`beta_binomial_prior` (default: fitted to ``data``).
    ci : float, default 0.95
        Level of the equal-tailed posterior interval.
    ascending : bool, default True
        Rank 1 = the smallest share (right for a bad-rating share); ``False`` for a good share.

    Returns
    -------
    pandas.DataFrame
        One row per unit, in the order of ``data``: ``unit``, ``count``, ``n``, ``raw``
        (count/n), ``estimate`` (posterior mean), ``ci_low``, ``ci_high`` (posterior
        quantiles), ``weight`` (w_i, the weight of the unit's own data), ``rank_raw``,
        ``rank_shrunk`` (1 = best; ties share the lowest rank), ``prior_mean``.

    Notes
    -----
    Posterior Beta(α + x_i, β + n_i − x_i); posterior mean (x_i + α)/(n_i + α + β) =
    (1 − w_i)·α/(α + β) + w_i·x_i/n_i with w_i = n_i/(n_i + α + β): a unit with few trials
    keeps little of its own raw share. The interval is the ``ci`` equal-tailed interval of the
    posterior (scipy.stats.beta). Robinson (2015) "Understanding empirical Bayes estimation
    (using baseball statistics)", *Variance Explained*; Efron & Morris (1975), *JASA* 70:
    311–319.

    Validated against: scipy.stats.beta quantiles and the closed-form posterior mean —
    tests/test_shrinkage.py.

    Examples
    --------
    >>> df = pd.DataFrame({"window": list("ABCDEFGH"), "bad": [3, 10, 1, 30, 0, 8, 2, 25],
    ...                    "n": [40, 120, 15, 300, 12, 90, 80, 150]})
    >>> r = shrunk_rates(df, "window", "bad", "n")
    >>> r[["unit", "n", "raw", "estimate", "rank_raw", "rank_shrunk"]].round(3)
      unit    n    raw  estimate  rank_raw  rank_shrunk
    0    A   40  0.075     0.085         4            3
    1    B  120  0.083     0.086         5            4
    2    C   15  0.067     0.086         3            5
    3    D  300  0.100     0.098         7            7
    4    E   12  0.000     0.078         1            2
    5    F   90  0.089     0.089         6            6
    6    G   80  0.025     0.057         2            1
    7    H  150  0.167     0.140         8            8

    Window E (12 ratings, none bad) tops the raw table; after shrinkage G (80 ratings, 2 bad)
    does.
    """
    level = check_level(ci)
    x, m = binomial_counts(data, count, n)
    require_columns(data, [unit])
    if prior is None:
        prior = beta_binomial_prior(data, count, n)
    require_columns(prior, ["alpha", "beta"], name="prior")
    a, b = float(prior["alpha"].iloc[0]), float(prior["beta"].iloc[0])
    if not (a > 0 and b > 0):
        raise HelpersError(f"先验参数必须为正 (prior alpha and beta must be > 0, got {a}, {b})")
    post_a, post_b = a + x, b + m - x
    tail = (1 - level) / 2
    out = pd.DataFrame({
        "unit": data[unit].to_numpy(), "count": x.astype(np.int64), "n": m.astype(np.int64),
        "raw": x / m, "estimate": post_a / (post_a + post_b),
        "ci_low": stats.beta.ppf(tail, post_a, post_b),
        "ci_high": stats.beta.ppf(1 - tail, post_a, post_b),
        "weight": m / (m + a + b),
    })
    sign = 1 if ascending else -1
    out["rank_raw"] = (sign * out["raw"]).rank(method="min").astype(np.int64)
    out["rank_shrunk"] = (sign * out["estimate"]).rank(method="min").astype(np.int64)
    out["prior_mean"] = a / (a + b)
    return out


def rank_reshuffle(n: np.ndarray | list[int], alpha: float, beta: float, *, top: int = 5,
                   n_sim: int = 500, seed: int | None = 0) -> pd.DataFrame:
    """How much a league table of raw shares reshuffles from noise alone.

    Parameters
    ----------
    n : array-like of int
        Trials per unit (e.g. ratings per window in one month); one entry per unit.
    alpha, beta : float
        The prior of the true shares (e.g. from :func:`beta_binomial_prior`).
    top : int, default 5
        Size of the "top" of the table (lowest shares).
    n_sim : int, default 500
        Simulated league tables.
    seed : int, optional
        Seed of the simulation.

    Returns
    -------
    pandas.DataFrame
        One row per measure: ``measure`` (``spearman_draws``, ``kendall_draws``,
        ``top_changed``, ``spearman_truth_raw``, ``spearman_truth_shrunk``), ``label``
        (Chinese), ``estimate`` (mean over the simulations), ``ci_low``, ``ci_high`` (2.5 % and
        97.5 % points of the simulations: the spread from one table to the next, not a
        confidence interval), ``n`` (simulations), ``units``.

    Notes
    -----
    In each simulation the true shares θ_i ~ Beta(α, β) are drawn once, then two independent
    tables x_i⁽¹⁾, x_i⁽²⁾ ~ Binomial(n_i, θ_i): the same windows with the same true quality,
    two periods of pure noise. ``spearman_draws`` and ``kendall_draws`` are the rank
    correlations of the raw shares of the two tables (1 = identical order);
    ``top_changed`` is the share of the ``top`` windows of table 1 that are not in the top of
    table 2; ``spearman_truth_raw`` / ``spearman_truth_shrunk`` correlate the true θ with the
    raw and with the posterior-mean shares (same prior) of table 1. Ties are ranked by their
    average rank. The reasoning follows Robinson (2015, 2017) and Efron & Morris (1975):
    with few trials per unit the raw order is mostly noise.

    Validated against: scipy.stats.spearmanr / kendalltau on the simulated tables, and the
    limits n → ∞ (correlation → 1) and n = 1 — tests/test_shrinkage.py.

    Examples
    --------
    >>> r = rank_reshuffle([12] * 20, 40, 460, n_sim=200, seed=1)
    >>> r[["measure", "n", "units"]].head(2)
              measure    n  units
    0  spearman_draws  200     20
    1   kendall_draws  200     20
    >>> big = rank_reshuffle([5000] * 20, 40, 460, n_sim=200, seed=1)
    >>> bool(big.loc[0, "estimate"] > r.loc[0, "estimate"])
    True
    """
    m = np.asarray(n, dtype=float)
    if m.ndim != 1 or len(m) < 3 or not np.all(m >= 1) or not np.all(m == np.round(m)):
        raise HelpersError("n 必须是至少 3 个 ≥ 1 的整数 (n must be at least 3 whole numbers >= 1)")
    if not (alpha > 0 and beta > 0):
        raise HelpersError(f"alpha、beta 必须为正 (alpha and beta must be > 0, got {alpha}, {beta})")
    if not 1 <= top < len(m):
        raise HelpersError(f"top 必须在 1 和单位数之间 (top must be in [1, {len(m) - 1}], got {top})")
    n_sim = int(n_sim)
    if n_sim < 2:
        raise HelpersError("n_sim 至少为 2 (n_sim must be >= 2)")
    rng = np.random.default_rng(seed)
    k = len(m)
    theta = rng.beta(alpha, beta, size=(n_sim, k))
    x1 = rng.binomial(m.astype(np.int64), theta)
    x2 = rng.binomial(m.astype(np.int64), theta)
    r1, r2 = x1 / m, x2 / m
    shrunk = (x1 + alpha) / (m + alpha + beta)

    def ranks(a: np.ndarray) -> np.ndarray:
        return stats.rankdata(a, axis=1)

    def spearman(a: np.ndarray, b: np.ndarray) -> np.ndarray:
        ra, rb = ranks(a), ranks(b)
        ra -= ra.mean(axis=1, keepdims=True)
        rb -= rb.mean(axis=1, keepdims=True)
        den = np.sqrt((ra ** 2).sum(axis=1) * (rb ** 2).sum(axis=1))
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(den > 0, (ra * rb).sum(axis=1) / den, 0.0)

    def kendall(a: np.ndarray, b: np.ndarray) -> np.ndarray:
        i, j = np.triu_indices(k, 1)
        sa = np.sign(a[:, i] - a[:, j])
        sb = np.sign(b[:, i] - b[:, j])
        num = (sa * sb).sum(axis=1)
        den = np.sqrt((sa != 0).sum(axis=1) * (sb != 0).sum(axis=1))
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(den > 0, num / den, 0.0)

    # top membership by rank with ties broken at random (a tie at the cut is a coin toss)
    tie1 = rng.random((n_sim, k))
    tie2 = rng.random((n_sim, k))
    order1 = np.argsort(r1 + 1e-9 * tie1, axis=1)[:, :top]
    order2 = np.argsort(r2 + 1e-9 * tie2, axis=1)[:, :top]
    changed = np.array([1 - len(set(a) & set(b)) / top for a, b in zip(order1, order2)])
    values = {
        "spearman_draws": spearman(r1, r2),
        "kendall_draws": kendall(r1, r2),
        "top_changed": changed,
        "spearman_truth_raw": spearman(theta, r1),
        "spearman_truth_shrunk": spearman(theta, shrunk),
    }
    labels = {
        "spearman_draws": "两次纯噪声排名的 Spearman 相关",
        "kendall_draws": "两次纯噪声排名的 Kendall 相关",
        "top_changed": f"前 {top} 名中换人的比例",
        "spearman_truth_raw": "原始比例与真实水平的 Spearman 相关",
        "spearman_truth_shrunk": "收缩估计与真实水平的 Spearman 相关",
    }
    rows = [{"measure": key, "label": labels[key], "estimate": float(v.mean()),
             "ci_low": float(np.quantile(v, 0.025)), "ci_high": float(np.quantile(v, 0.975)),
             "n": n_sim, "units": k} for key, v in values.items()]
    return pd.DataFrame(rows)
