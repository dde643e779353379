"""Information transparency: how publishing a processing time shapes citizens' expectations.

An **illustrative simulation model** (not an estimate from any study) of one idea of chapter 4:
when a service centre publishes a realistic processing time (服务承诺制, 一次性告知), the citizens
who see it anchor their *predictive* expectation ("how long will it take?") on it. Their
expectations bunch around the published figure, so the spread of expectations narrows and fewer
people are negatively surprised (the case takes clearly longer than they expected). If the
published time is over-optimistic, the anchor is wrong and negative surprises *increase*.

Functions:

simulate_expectations
    One simulated population: who saw the published time, what each person expected, how long
    the case actually took.
surprise_summary
    Spread (mean, SD, IQR) of the expectations and the shares of negative and positive
    surprises, with intervals.
surprise_scenarios
    :func:`surprise_summary` over a grid of publication scenarios, with common random numbers.
"""

from __future__ import annotations

import itertools
from collections.abc import Hashable, Sequence

import numpy as np
import pandas as pd
from scipy import stats
from statsmodels.stats.proportion import proportion_confint

from helpers._validate import (
    Exclusions,
    HelpersError,
    InputError,
    check_frame,
    check_level,
    require_columns,
)
from helpers.scales import column, read_numeric, real_option

__all__ = [
    "MEASURE_LABELS",
    "simulate_expectations",
    "surprise_summary",
    "surprise_scenarios",
]

MEASURE_LABELS: dict[str, str] = {
    "expected_mean": "预期办理时间的均值（天）",
    "expected_sd": "预期办理时间的标准差（天）",
    "expected_iqr": "预期办理时间的四分位距（天）",
    "negative_surprise": "负向意外比例（实际比预期慢）",
    "positive_surprise": "正面意外比例（实际比预期快）",
}
"""Measure code of :func:`surprise_summary` → Chinese label."""

_MEASURES = tuple(MEASURE_LABELS)


def _positive(value: float, name: str) -> float:
    return real_option(value, name, lo=0, lo_open=True)


def simulate_expectations(
    n: int,
    actual_mean_days: float,
    actual_sd_days: float,
    published_share: float,
    published_bias: float = 0.0,
    *,
    prior_median_ratio: float = 0.8,
    prior_spread: float = 0.5,
    anchor_spread: float = 0.1,
    seed: int | np.random.Generator | None = 0,
) -> pd.DataFrame:
    """Simulate citizens' expected and actual processing times under a publication policy.

    Parameters
    ----------
    n : int
        Number of simulated citizens (≥ 2).
    actual_mean_days, actual_sd_days : float
        Mean and standard deviation of the actual processing time (days, > 0); actual times
        follow a gamma distribution with these moments.
    published_share : float in [0, 1]
        Share of citizens who see the published processing time (how far the publication
        reaches: website, 办事指南, 一次性告知书, SMS …).
    published_bias : float, default 0
        Accuracy of the published figure, as a relative bias: the published time is
        ``actual_mean_days × (1 + published_bias)``. ``0`` is exact, ``−0.3`` promises a time
        30 % shorter than the real mean (over-optimistic), ``+0.3`` a cautious, longer time.
        Must be > −1.
    prior_median_ratio : float, default 0.8
        Citizens who did not see the published time guess from a wide prior whose median is
        ``prior_median_ratio × actual_mean_days`` (assumption of the model: without
        information people tend to guess shorter than reality).
    prior_spread : float, default 0.5
        Log-scale standard deviation of the uninformed guesses (a wide prior).
    anchor_spread : float, default 0.1
        Log-scale standard deviation of the informed expectations around the published time
        (people anchor on it, but not exactly).
    seed : int or numpy Generator, default 0
        Random seed. The same seed gives the same citizens, actual times and random draws for
        every value of ``published_share`` and ``published_bias`` (common random numbers), so
        two scenarios differ only through the policy.

    Returns
    -------
    pandas.DataFrame
        One row per citizen, with columns

        - ``citizen`` : 0 … n−1
        - ``informed`` : bool, saw the published time
        - ``published_days`` : the published time (the same in every row)
        - ``expected_days`` : the citizen's expected processing time
        - ``actual_days`` : the actual processing time of the citizen's case
        - ``surprise_days`` : ``actual_days − expected_days`` (> 0: took longer than expected)

    Notes
    -----
    Illustrative model (an assumption made for teaching, not an estimate):

    - actual time ``T ~ Gamma(k, θ)`` with ``k = (m/s)²``, ``θ = s²/m`` (mean m, SD s);
    - published time ``τ = m·(1 + b)``;
    - informed citizen (probability ``π`` = ``published_share``):
      ``E = τ·exp(σ_a·Z)``, uninformed citizen: ``E = r·m·exp(σ_p·Z')``, with
      ``Z, Z' ~ N(0, 1)``, ``r`` = ``prior_median_ratio``, ``σ_a`` = ``anchor_spread``,
      ``σ_p`` = ``prior_spread``.

    It illustrates *predictive* expectations ("what will happen"), the kind that honest
    communication can set; normative expectations ("what should happen") behave differently
    (Favero & Kim 2021, *JPART* 31(3): 561–577). The rules that make a published time
    concrete in China are 服务承诺制 and 一次性告知 (《行政许可法》 art. 32, 42).

    Examples
    --------
    >>> sim = simulate_expectations(1000, 10, 3, published_share=0.5, seed=1)
    >>> sim.columns.tolist()
    ['citizen', 'informed', 'published_days', 'expected_days', 'actual_days', 'surprise_days']
    >>> float(sim["published_days"].iloc[0])
    10.0
    >>> base = simulate_expectations(1000, 10, 3, published_share=0, seed=1)
    >>> bool(base["expected_days"].std() > sim["expected_days"].std())
    True
    """
    if isinstance(n, (bool, np.bool_)) or not isinstance(n, (int, np.integer)) \
            or not 2 <= n <= 10_000_000:
        raise HelpersError(f"n 必须是 2 到 10,000,000 之间的整数 (n must be an integer in "
                           f"[2, 10,000,000], got {n!r})")
    m = _positive(actual_mean_days, "actual_mean_days")
    s = _positive(actual_sd_days, "actual_sd_days")
    share = real_option(published_share, "published_share", lo=0, hi=1)
    bias = real_option(published_bias, "published_bias", lo=-1, lo_open=True)
    ratio = _positive(prior_median_ratio, "prior_median_ratio")
    sd_p = _positive(prior_spread, "prior_spread")
    sd_a = real_option(anchor_spread, "anchor_spread", lo=0)
    if not isinstance(seed, np.random.Generator) and seed is not None:
        seed = int(real_option(seed, "seed", lo=0, integer=True))
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    n = int(n)
    # every random draw is made whatever the parameters: common random numbers
    actual = rng.gamma((m / s) ** 2, s * s / m, n)
    u = rng.random(n)
    z_anchor = rng.standard_normal(n)
    z_prior = rng.standard_normal(n)
    published = m * (1 + bias)
    informed = u < share
    expected = np.where(informed, published * np.exp(sd_a * z_anchor),
                        ratio * m * np.exp(sd_p * z_prior))
    return pd.DataFrame({
        "citizen": np.arange(n),
        "informed": informed,
        "published_days": np.full(n, published),
        "expected_days": expected,
        "actual_days": actual,
        "surprise_days": actual - expected,
    })


def _sorted_groups(groups: np.ndarray) -> list:
    """Distinct group values in sorted order (by type name, then value; as text if needed)."""
    values = list(pd.unique(pd.Series(groups, dtype=object)))
    try:
        return sorted(values, key=lambda v: (str(type(v)), v))
    except TypeError:
        return sorted(values, key=lambda v: (str(type(v)), str(v)))


def _summary_block(e: np.ndarray, a: np.ndarray, tolerance: float, level: float) -> dict:
    n = e.size
    mean = e.mean()
    sd = e.std(ddof=1) if n > 1 else np.nan
    q75, q25 = np.percentile(e, [75, 25])
    half = stats.t.ppf((1 + level) / 2, n - 1) * sd / np.sqrt(n) if n > 1 else np.nan
    neg = int(np.count_nonzero(a - e > tolerance))
    pos = int(np.count_nonzero(e - a > tolerance))
    lo, hi = proportion_confint(np.array([neg, pos]), n, alpha=1 - level, method="wilson")
    return {
        "measure": list(_MEASURES),
        "estimate": [mean, sd, q75 - q25, neg / n, pos / n],
        "ci_low": [mean - half, np.nan, np.nan, lo[0], lo[1]],
        "ci_high": [mean + half, np.nan, np.nan, hi[0], hi[1]],
        "count": [np.nan, np.nan, np.nan, neg, pos],
        "n": [n] * 5,
    }


def surprise_summary(
    data: pd.DataFrame,
    expected: Hashable = "expected_days",
    actual: Hashable = "actual_days",
    *,
    tolerance: float = 2.0,
    by: Hashable | None = None,
    ci: float = 0.95,
) -> pd.DataFrame:
    """Spread of expected times and the shares of negative and positive surprises.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per citizen (e.g. the output of :func:`simulate_expectations`, or survey data
        with an expected and an actual processing time).
    expected, actual : column name
        Expected and actual processing time (same unit, ≥ 0).
    tolerance : float, default 2.0
        A difference larger than this (same unit) counts as a surprise: negative when
        ``actual − expected > tolerance``, positive when ``expected − actual > tolerance``.
    by : column name, optional
        Summarise each group separately (e.g. ``"informed"``).
    ci : float, default 0.95
        Confidence level.

    Returns
    -------
    pandas.DataFrame
        Five rows per group, with columns

        - ``by`` column (if given)
        - ``measure`` : ``expected_mean``, ``expected_sd``, ``expected_iqr``,
          ``negative_surprise``, ``positive_surprise``
        - ``label`` : Chinese name of the measure
        - ``estimate`` : the mean, SD (ddof 1) or IQR (75th − 25th percentile, linear
          interpolation) of the expectations, or the share of surprises
        - ``ci_low``, ``ci_high`` : t interval of the mean; Wilson interval of a share;
          missing (NaN) for SD and IQR, which are reported without an interval
        - ``count`` : citizens with a surprise (shares only)
        - ``n`` : citizens used

        Rows with a missing expected or actual time are excluded and listed in
        ``result.attrs["excluded"]``.

    Notes
    -----
    Negative surprise share ``p = #{actual − expected > tolerance} / n`` with the Wilson
    score interval (Wilson 1927, *JASA* 22: 209–212;
    ``statsmodels.stats.proportion.proportion_confint(method='wilson')``). Mean:
    ``x̄ ± t_{n−1}·s/√n``.

    Examples
    --------
    >>> df = pd.DataFrame({"e": [5, 10, 10, 20], "a": [9, 10, 11, 12]})
    >>> out = surprise_summary(df, "e", "a", tolerance=2)
    >>> out[["measure", "estimate", "count", "n"]].round(3)
                 measure  estimate  count  n
    0      expected_mean    11.250    NaN  4
    1        expected_sd     6.292    NaN  4
    2       expected_iqr     3.750    NaN  4
    3  negative_surprise     0.250    1.0  4
    4  positive_surprise     0.250    1.0  4
    """
    level = check_level(ci, name="ci")
    check_frame(data)
    names = [expected, actual] + ([by] if by is not None else [])
    require_columns(data, names)
    if len(set(names)) != len(names):
        raise HelpersError(f"expected、actual 与 by 必须是不同的列 (expected, actual and by must "
                           f"be different columns, got {names})")
    tol = real_option(tolerance, "tolerance", lo=0)
    e = read_numeric(data, expected, lo=0).to_numpy()
    a = read_numeric(data, actual, lo=0).to_numpy()
    ex = Exclusions()
    ex.add(data.index[np.isnan(e)], "missing value", column=expected)
    ex.add(data.index[np.isnan(a) & ~np.isnan(e)], "missing value", column=actual)
    ok = ~np.isnan(e) & ~np.isnan(a)
    if by is not None:
        no_group = column(data, by).isna().to_numpy()
        ex.add(data.index[no_group & ok], "missing group", column=by)
        ok &= ~no_group
    if not ok.any():
        raise InputError(f"没有同时含 {expected!r} 和 {actual!r} 的行 (no row has both "
                         f"{expected!r} and {actual!r})", column=expected)
    e_arr, a_arr = e[ok], a[ok]
    frames = []
    if by is None:
        frames.append(pd.DataFrame(_summary_block(e_arr, a_arr, tol, level)))
    else:
        groups = column(data, by).to_numpy()[ok]
        for g in _sorted_groups(groups):
            mask = groups == g
            block = pd.DataFrame(_summary_block(e_arr[mask], a_arr[mask], tol, level))
            block.insert(0, by, g)
            frames.append(block)
    out = pd.concat(frames, ignore_index=True)
    out.insert(out.columns.get_loc("measure") + 1, "label", out["measure"].map(MEASURE_LABELS))
    return ex.attach(out)


def surprise_scenarios(
    published_share: Sequence[float],
    published_bias: Sequence[float],
    *,
    n: int = 4000,
    actual_mean_days: float = 10.0,
    actual_sd_days: float = 3.0,
    tolerance: float = 2.0,
    ci: float = 0.95,
    seed: int = 0,
    **model,
) -> pd.DataFrame:
    """:func:`surprise_summary` for every combination of publication reach and accuracy.

    Parameters
    ----------
    published_share, published_bias : sequences of float
        The scenarios (see :func:`simulate_expectations`).
    n, actual_mean_days, actual_sd_days, seed
        Passed to :func:`simulate_expectations`; the same seed in every scenario (common
        random numbers).
    tolerance, ci
        Passed to :func:`surprise_summary`.
    **model
        Further keywords of :func:`simulate_expectations` (``prior_median_ratio``,
        ``prior_spread``, ``anchor_spread``).

    Returns
    -------
    pandas.DataFrame
        The columns of :func:`surprise_summary` preceded by ``published_share``,
        ``published_bias`` and ``published_days``; five rows per scenario, scenarios in the
        order of ``itertools.product(published_share, published_bias)``.

    Notes
    -----
    Illustrative model; see :func:`simulate_expectations`. Here ``ci_low, ci_high`` measure only
    the **simulation error** (模拟误差) of the model's ``n`` simulated citizens: more citizens would
    narrow them. They are not a confidence interval about any real service, whose uncertainty
    lies in the model's assumptions.

    Examples
    --------
    >>> out = surprise_scenarios([0, 1], [0.0], n=2000)
    >>> neg = out.query("measure == 'negative_surprise'")
    >>> bool(neg["estimate"].iloc[1] < neg["estimate"].iloc[0])
    True
    """
    try:
        if isinstance(published_share, (str, bytes)) or isinstance(published_bias, (str, bytes)):
            raise TypeError
        shares, biases = list(published_share), list(published_bias)
    except TypeError:
        raise HelpersError("published_share 与 published_bias 必须是数字列表 (published_share and "
                           "published_bias must be lists of numbers)") from None
    if not shares or not biases:
        raise HelpersError("至少要给出一个情景 (give at least one share and one bias)")
    unknown = set(model) - {"prior_median_ratio", "prior_spread", "anchor_spread"}
    if unknown:
        raise HelpersError(f"未知参数 (unknown model parameter(s)): {sorted(unknown)}")
    frames = []
    for share, bias in itertools.product(shares, biases):
        sim = simulate_expectations(n, actual_mean_days, actual_sd_days, share, bias,
                                    seed=seed, **model)
        res = surprise_summary(sim, tolerance=tolerance, ci=ci)
        res.insert(0, "published_days", float(sim["published_days"].iloc[0]))
        res.insert(0, "published_bias", float(bias))
        res.insert(0, "published_share", float(share))
        frames.append(res)
    return pd.concat(frames, ignore_index=True)
