"""Information asymmetry: how far citizens' expectations of a service scatter, by what they know.

Citizens who know a service's published time limit expect roughly that time; those who do not
must guess, and guesses scatter widely. The measures here compare the two groups:

spread_difference
    SD and IQR of the expectations in each of two groups, and the difference with a bootstrap
    interval.
brown_forsythe
    Brown–Forsythe test of equal spread (Levene's test centred on the median).
unrealistic_difference
    Share of unrealistic expectations (outside given multiples of the published time) in two
    groups, and the difference with Newcombe's interval.
surprise_mixture
    Share of negative surprises when a chosen share of citizens knows the rules, from the
    shares observed in the informed and uninformed groups.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence

import numpy as np
import pandas as pd
from scipy import stats

from helpers._validate import HelpersError, InputError, check_frame, check_level, require_columns
from helpers.bootstrap import chunk_size, make_rng
from helpers.compare import _groups, proportion_difference
from helpers.scales import read_numeric, real_option

__all__ = ["spread_difference", "brown_forsythe", "unrealistic_difference", "surprise_mixture"]

SPREAD_LABELS = {"sd": "标准差", "iqr": "四分位距"}


def _values(data: pd.DataFrame, value: Hashable, relative_to: Hashable | None) -> pd.Series:
    check_frame(data)
    v = read_numeric(data, value, lo=0)
    if relative_to is None:
        return v
    if relative_to == value:
        raise HelpersError("relative_to 不能与 value 相同 (relative_to must differ from value)")
    ref = read_numeric(data, relative_to)
    bad = ref.notna() & (ref <= 0)
    if bad.any():
        rows = list(ref.index[bad])
        raise InputError(f"列 {relative_to!r} 必须为正数 (column {relative_to!r} must be positive; "
                         f"rows {rows[:8]})", column=relative_to, rows=rows)
    return v / ref


def _two_groups(data: pd.DataFrame, v: pd.Series, group: Hashable,
                levels: Sequence[Hashable] | None) -> tuple[list, list[np.ndarray], dict]:
    lv, keep, excluded = _groups(data, v, group, levels)
    if len(lv) != 2:
        raise InputError(f"列 {group!r} 必须恰好比较两个组 (column {group!r}: exactly two groups "
                         f"are compared, found {lv!r}; pass levels=[a, b])", column=group)
    g = data.loc[keep, group]
    arrays = [v[keep][(g == a).to_numpy()].to_numpy() for a in lv]
    for a, x in zip(lv, arrays, strict=True):
        if x.size < 2:
            raise InputError(f"组 {a!r} 少于 2 行 (group {a!r} has fewer than 2 rows)", column=group)
    return lv, arrays, excluded


def _spread(x: np.ndarray, axis: int = -1) -> tuple[np.ndarray, np.ndarray]:
    q75, q25 = np.percentile(x, [75, 25], axis=axis)
    return x.std(axis=axis, ddof=1), q75 - q25


def _boot_spread(x: np.ndarray, n_boot: int, rng: np.random.Generator) -> np.ndarray:
    """(n_boot, 2) SD and IQR of resamples of x (chunked to bound memory)."""
    out = np.empty((n_boot, 2))
    step = chunk_size(x.size, n_boot)
    for start in range(0, n_boot, step):
        b = min(step, n_boot - start)
        sample = x[rng.integers(0, x.size, size=(b, x.size))]
        sd, iqr = _spread(sample, axis=1)
        out[start:start + b, 0], out[start:start + b, 1] = sd, iqr
    return out


def spread_difference(
    data: pd.DataFrame,
    value: Hashable,
    group: Hashable,
    *,
    relative_to: Hashable | None = None,
    levels: Sequence[Hashable] | None = None,
    n_boot: int = 2000,
    ci: float = 0.95,
    seed: int | np.random.Generator | None = 0,
) -> pd.DataFrame:
    """SD and IQR of a value in two groups, and their difference with a bootstrap interval.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per respondent.
    value : column name
        Non-negative values, e.g. ``expected_days``.
    group : column name
        The grouping, e.g. ``knows_limit``; exactly two groups are compared.
    relative_to : column name, optional
        Divide ``value`` by this positive column first (e.g. ``published_days``: the expected
        time as a multiple of the published limit, comparable across service items).
    levels : [a, b], optional
        The two groups in this order (difference a − b); default: the two groups sorted.
    n_boot : int, default 2000
        Bootstrap resamples (drawn within each group).
    ci : float, default 0.95
        Confidence level.
    seed : int or numpy Generator, default 0
        Seed of the resampling.

    Returns
    -------
    pandas.DataFrame
        Two rows (``measure`` = ``sd``, ``iqr``), columns

        - ``measure``, ``label`` (标准差, 四分位距)
        - ``group_a``, ``group_b`` : the groups; the difference is a − b
        - ``estimate`` : spread of a − spread of b
        - ``ci_low``, ``ci_high`` : percentile bootstrap interval of the difference
        - ``estimate_a``, ``estimate_b`` : the spread in each group
        - ``n_a``, ``n_b`` : rows used

        Rows with a missing value or group are excluded, listed in ``attrs["excluded"]``.

    Notes
    -----
    SD with ddof 1; IQR = Q3 − Q1 (linear interpolation, ``numpy.percentile``). Each resample
    draws n_a rows from group a and n_b rows from group b with replacement; the interval is
    the (α/2, 1 − α/2) percentiles of the resampled differences (Efron & Tibshirani 1993,
    *An Introduction to the Bootstrap*, ch. 13).

    Validated against: a plain loop of numpy resamples with the same generator, and the
    coverage of a known difference of normal SDs — tests/test_asymmetry.py.

    Examples
    --------
    >>> df = pd.DataFrame({"g": [0] * 6 + [1] * 6,
    ...                    "e": [1, 2, 3, 4, 5, 6, 3, 3.5, 3.5, 4, 4, 3]})
    >>> out = spread_difference(df, "e", "g", n_boot=200, seed=1)
    >>> out[["measure", "estimate", "estimate_a", "estimate_b", "n_a"]].round(3)
      measure  estimate  estimate_a  estimate_b  n_a
    0      sd     1.424       1.871       0.447    6
    1     iqr     1.750       2.500       0.750    6
    """
    level = check_level(ci, name="ci")
    n_boot = int(real_option(n_boot, "n_boot", lo=10, hi=1_000_000, integer=True))
    v = _values(data, value, relative_to)
    lv, (a, b), excluded = _two_groups(data, v, group, levels)
    rng = make_rng(seed)
    est_a, est_b = np.array(_spread(a)), np.array(_spread(b))
    diff = _boot_spread(a, n_boot, rng) - _boot_spread(b, n_boot, rng)
    lo, hi = np.percentile(diff, [100 * (1 - level) / 2, 100 * (1 + level) / 2], axis=0)
    out = pd.DataFrame({"measure": ["sd", "iqr"], "label": [SPREAD_LABELS["sd"], SPREAD_LABELS["iqr"]],
                        "group_a": lv[0], "group_b": lv[1], "estimate": est_a - est_b,
                        "ci_low": lo, "ci_high": hi, "estimate_a": est_a, "estimate_b": est_b,
                        "n_a": a.size, "n_b": b.size})
    out.attrs["excluded"] = excluded
    return out


def brown_forsythe(
    data: pd.DataFrame,
    value: Hashable,
    group: Hashable,
    *,
    relative_to: Hashable | None = None,
    levels: Sequence[Hashable] | None = None,
) -> pd.DataFrame:
    """Brown–Forsythe test that the groups have equal spread (Levene's test about the median).

    Parameters
    ----------
    data : pandas.DataFrame
        One row per respondent.
    value, group : column names
        The values and the grouping (two or more groups).
    relative_to : column name, optional
        Divide ``value`` by this positive column first (see :func:`spread_difference`).
    levels : sequence, optional
        The groups to compare (default: all, sorted).

    Returns
    -------
    pandas.DataFrame
        One row:

        - ``statistic`` : W, the F statistic of the absolute deviations from the group medians
        - ``df1``, ``df2`` : k − 1 and N − k
        - ``p_value`` : upper tail of F(df1, df2)
        - ``k`` : groups, ``n`` : rows used

    Notes
    -----
    ``z_ij = |y_ij − median_i|``; ``W = [(N − k)/(k − 1)]·Σ n_i(z̄_i − z̄)² / ΣΣ(z_ij − z̄_i)²``
    (Brown & Forsythe 1974, *JASA* 69(346): 364–367; the median version of Levene 1960). It
    keeps its level for skewed data such as waiting and processing times, where the mean
    version does not.

    Validated against: scipy.stats.levene(center="median") — tests/test_asymmetry.py.

    Examples
    --------
    >>> df = pd.DataFrame({"g": [0] * 6 + [1] * 6,
    ...                    "e": [1, 2, 3, 4, 5, 6, 3, 3.5, 3.5, 4, 4, 3]})
    >>> brown_forsythe(df, "e", "g").round(4)
       statistic  df1  df2  p_value  k   n
    0     9.4231    1   10   0.0118  2  12
    """
    v = _values(data, value, relative_to)
    lv, keep, excluded = _groups(data, v, group, levels)
    g = data.loc[keep, group]
    arrays = [v[keep][(g == a).to_numpy()].to_numpy() for a in lv]
    z = [np.abs(x - np.median(x)) for x in arrays]
    n_i = np.array([x.size for x in z], dtype=float)
    n, k = n_i.sum(), len(z)
    if n - k < 1:
        raise InputError(f"行数太少 (too few rows: {int(n)} for {k} groups)", column=group)
    means = np.array([x.mean() for x in z])
    grand = np.concatenate(z).mean()
    within = sum(((x - m) ** 2).sum() for x, m in zip(z, means, strict=True))
    between = float((n_i * (means - grand) ** 2).sum())
    if within == 0:
        raise InputError(f"各组内没有变化，无法检验 (no spread within the groups of {value!r})",
                         column=value)
    w = (n - k) / (k - 1) * between / within
    out = pd.DataFrame({"statistic": [w], "df1": [k - 1], "df2": [int(n - k)],
                        "p_value": [float(stats.f.sf(w, k - 1, n - k))], "k": [k], "n": [int(n)]})
    out.attrs["excluded"] = excluded
    return out


def unrealistic_difference(
    data: pd.DataFrame,
    expected: Hashable,
    reference: Hashable,
    group: Hashable,
    *,
    bounds: tuple[float, float] = (0.5, 2.0),
    levels: Sequence[Hashable] | None = None,
    ci: float = 0.95,
) -> pd.DataFrame:
    """Share of unrealistic expectations in two groups, and the difference (Newcombe).

    Parameters
    ----------
    data : pandas.DataFrame
        One row per respondent.
    expected : column name
        Expected time (≥ 0).
    reference : column name
        What the service can deliver, e.g. the published limit ``published_days`` (> 0).
    group : column name
        The grouping (e.g. ``knows_limit``).
    bounds : (low, high), default (0.5, 2.0)
        An expectation is unrealistic when ``expected / reference`` is below ``low`` (far too
        fast) or above ``high`` (far too slow).
    levels : [a, b], optional
        The two groups, difference a − b (default: sorted).
    ci : float, default 0.95
        Confidence level.

    Returns
    -------
    pandas.DataFrame
        The columns of :func:`helpers.compare.proportion_difference` (``group_a, group_b,
        estimate, ci_low, ci_high, excludes_zero, estimate_a, estimate_b, n_a, n_b,
        ci_level``) plus ``too_fast_a``, ``too_fast_b`` (share below ``low``) and ``bounds``
        (text ``"0.5–2"``).

    Notes
    -----
    ``u = 1[E/L < low or E/L > high]``; the difference of the two shares with Newcombe's
    hybrid score interval (Newcombe 1998, *Statistics in Medicine* 17: 873–890, method 10)
    from :func:`helpers.compare.proportion_difference`. The bounds are a convention of the
    analysis, not a standard: report them.

    Validated against: helpers.compare.proportion_difference on the flag computed by hand —
    tests/test_asymmetry.py.

    Examples
    --------
    >>> df = pd.DataFrame({"g": [0] * 5 + [1] * 5, "L": 10,
    ...                    "e": [2, 3, 10, 12, 30, 9, 10, 11, 10, 4]})
    >>> unrealistic_difference(df, "e", "L", "g")[["estimate_a", "estimate_b", "estimate"]]
       estimate_a  estimate_b  estimate
    0         0.6         0.2       0.4
    """
    try:
        low, high = (float(b) for b in bounds)
    except (TypeError, ValueError):
        raise HelpersError("bounds 必须是两个数 (bounds must be two numbers)") from None
    if not 0 <= low < high:
        raise HelpersError(f"bounds 必须满足 0 ≤ low < high (bounds must satisfy 0 <= low < "
                           f"high, got {bounds!r})")
    ratio = _values(data, expected, reference)
    flag = ((ratio < low) | (ratio > high)).astype(float).where(ratio.notna())
    fast = (ratio < low).astype(float).where(ratio.notna())
    require_columns(data, [group])
    tmp = pd.DataFrame({"_unrealistic": flag, "_group": data[group]}, index=data.index)
    out = proportion_difference(tmp, "_unrealistic", "_group", levels=levels, ci=ci)
    a, b = out.loc[0, "group_a"], out.loc[0, "group_b"]
    out["too_fast_a"] = float(fast[tmp["_group"] == a].mean())
    out["too_fast_b"] = float(fast[tmp["_group"] == b].mean())
    out["bounds"] = f"{low:g}–{high:g}"
    return out


def surprise_mixture(
    data: pd.DataFrame,
    expected: Hashable,
    actual: Hashable,
    group: Hashable,
    *,
    informed: Hashable,
    shares: Sequence[float],
    tolerance: float = 2.0,
    ci: float = 0.95,
) -> pd.DataFrame:
    """Share of negative surprises if a given share of citizens knew the rules.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per respondent, with expected and actual times and a group column.
    expected, actual : column names
        Expected and actual time (same unit, ≥ 0).
    group : column name
        Who knows the rules (e.g. ``knows_limit``), with exactly two values.
    informed : value
        The value of ``group`` that means "knows the rules" (e.g. ``1``).
    shares : sequence of float in [0, 1]
        Shares of informed citizens to evaluate.
    tolerance : float, default 2.0
        A negative surprise is ``actual − expected > tolerance``.
    ci : float, default 0.95
        Confidence level.

    Returns
    -------
    pandas.DataFrame
        One row per share, columns

        - ``informed_share`` : π
        - ``estimate`` : ``π·p₁ + (1 − π)·p₀``
        - ``ci_low``, ``ci_high`` : Wald interval of that combination, clipped to [0, 1]
        - ``p_informed``, ``p_uninformed`` : negative-surprise shares p₁, p₀ in the two groups
        - ``n_informed``, ``n_uninformed`` : rows used
        - ``observed_share`` : the share of informed respondents in the data
        - ``change``, ``change_ci_low``, ``change_ci_high`` : the change from the observed
          share, ``(π − π_obs)·(p₁ − p₀)``, with the interval of that difference

    Notes
    -----
    The two groups' surprise shares are taken as they are and reweighted (direct
    standardisation): ``p(π) = π·p₁ + (1 − π)·p₀``,
    ``Var = π²·p₁(1 − p₁)/n₁ + (1 − π)²·p₀(1 − p₀)/n₀``. This assumes that a citizen who learns
    the rules comes to expect what informed respondents expect, with the same cases: an
    assumption, since the two groups may differ in other ways (for instance in the items they
    apply for).

    The change from today's mix is a difference, and it gets the interval of the difference:
    ``(π − π_obs)`` times Newcombe's hybrid score interval of ``p₁ − p₀`` (Newcombe 1998,
    Statistics in Medicine 17:873–890, through :func:`helpers.compare.proportion_difference`),
    not a comparison of the two rows' own intervals.

    Validated against: the observed overall share at π = the observed informed share, and a
    bootstrap of the two groups — tests/test_asymmetry.py.

    Examples
    --------
    >>> df = pd.DataFrame({"k": [1] * 4 + [0] * 4, "e": [10, 10, 10, 10, 5, 5, 10, 5],
    ...                    "a": [11, 9, 13, 10, 9, 12, 10, 6]})
    >>> surprise_mixture(df, "e", "a", "k", informed=1, shares=[0, 1])[
    ...     ["informed_share", "estimate", "p_informed", "p_uninformed"]]
       informed_share  estimate  p_informed  p_uninformed
    0             0.0      0.50        0.25          0.50
    1             1.0      0.25        0.25          0.50
    """
    level = check_level(ci, name="ci")
    check_frame(data)
    require_columns(data, [expected, actual, group])
    tol = real_option(tolerance, "tolerance", lo=0)
    e = read_numeric(data, expected, lo=0)
    a = read_numeric(data, actual, lo=0)
    surprise = ((a - e) > tol).astype(float).where(e.notna() & a.notna())
    lv, keep, excluded = _groups(data, surprise, group, None)
    if informed not in lv or len(lv) != 2:
        raise InputError(f"列 {group!r} 必须恰好有两个组，其中之一为 {informed!r} (column {group!r} "
                         f"must hold exactly two groups, one of them {informed!r}; found {lv!r})",
                         column=group)
    try:
        pis = np.array([real_option(s, "shares", lo=0, hi=1) for s in shares], dtype=float)
    except TypeError:
        raise HelpersError("shares 必须是 0 到 1 之间的数字列表 (shares must be numbers in "
                           "[0, 1])") from None
    if pis.size == 0:
        raise HelpersError("shares 不能为空 (shares must not be empty)")
    g = data.loc[keep, group]
    s = surprise[keep]
    is_inf = (g == informed).to_numpy()
    n1, n0 = int(is_inf.sum()), int((~is_inf).sum())
    p1, p0 = float(s[is_inf].mean()), float(s[~is_inf].mean())
    est = pis * p1 + (1 - pis) * p0
    se = np.sqrt(pis ** 2 * p1 * (1 - p1) / n1 + (1 - pis) ** 2 * p0 * (1 - p0) / n0)
    zq = stats.norm.ppf((1 + level) / 2)
    out = pd.DataFrame({"informed_share": pis, "estimate": est,
                        "ci_low": np.clip(est - zq * se, 0, 1), "ci_high": np.clip(est + zq * se, 0, 1),
                        "p_informed": p1, "p_uninformed": p0, "n_informed": n1,
                        "n_uninformed": n0, "observed_share": n1 / (n1 + n0)})
    diff = proportion_difference(pd.DataFrame({"surprise": s.to_numpy(), "informed": is_inf}),
                                 "surprise", "informed", levels=[True, False], ci=level)
    factor = pis - n1 / (n1 + n0)
    ends = np.sort(np.column_stack([factor * diff.loc[0, "ci_low"],
                                    factor * diff.loc[0, "ci_high"]]), axis=1)
    out["change"] = factor * (p1 - p0)
    out["change_ci_low"], out["change_ci_high"] = ends[:, 0], ends[:, 1]
    out.attrs["excluded"] = excluded
    return out
