"""Feedback loop of the 好差评 system: call-backs (回访), rectification (整改) and what follows.

Every 差评 (不满意 or 非常不满意) is traced to whoever handled the matter (谁办理、谁负责): the
unit calls the citizen back, verifies the complaint, fixes clear issues at once (立行立改) and puts
complex ones into a ledger with a deadline (建立台账，限期整改); results and rectification are made
public (国办发〔2019〕51号; GB/T 39734-2020; local implementing rules; domain brief §7.1). This module
measures that loop on a table with **one row per bad rating**:

followup_summary
    Share of bad ratings followed up (回访率) and rectified (整改率), with Wilson intervals.
rectification_time
    Median time to rectification with a distribution-free (order-statistic) interval, and the share
    rectified within a time limit.
followup_effect
    Share satisfied at the citizen's next rating, followed up vs not followed up, and the
    difference with Newcombe's interval. An observational comparison, not a causal effect.

The simulated dataset ``rating_followups`` (``helpers.simulate``) has exactly these columns and a
known truth. No plotting library is imported here.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence

import numpy as np
import pandas as pd
from scipy import stats

from helpers._validate import (
    Exclusions,
    HelpersError,
    InputError,
    check_frame,
    check_level,
    format_rows,
    numeric_column,
    require_columns,
)
from helpers.compare import proportion_difference
from helpers.labels import RATING_GRADES
from helpers.ratings import (SATISFIED_DEFAULT, _by_list, _grade_set, _share_table, _wilson,
                             grade_scores)

__all__ = [
    "RECTIFICATION_LIMIT_DAYS",
    "followup_summary",
    "rectification_time",
    "followup_effect",
]

RECTIFICATION_LIMIT_DAYS: float = 15.0
"""Default time limit for rectification, in days. There is no single national number (domain
brief §7.1 and §12 item 8): Zhejiang asks for a fix and report-back within 15 days (Xinhua
2019-10-19), a Sichuan city within 15 working days (spprec.com 2020-05-19), Dezhou within 5
working days (ceirp.cn 2020-10-16). 15 calendar days is the Zhejiang rule; pass your own
``within=``."""

_SUMMARY_LABELS: dict[str, str] = {"followed_up": "回访比例", "rectified": "整改比例"}


def _binary(data: pd.DataFrame, column: Hashable) -> pd.Series:
    """``data[column]`` as float 0/1 with NaN for missing; anything else is an InputError."""
    values = numeric_column(data, column)
    bad = values.notna() & ~values.isin([0, 1])
    if bad.any():
        rows = list(values.index[bad])
        examples = ", ".join(f"{v:g}" for v in values[bad].head(3))
        raise InputError(
            f"列 {column!r} 第 {format_rows(rows)} 行不是 0/1 (column {column!r}: values other "
            f"than 0/1 in rows {format_rows(rows)}: {examples})", column=column, rows=rows)
    return values


def _group_ok(data: pd.DataFrame, by: list[Hashable], ex: Exclusions) -> pd.Series:
    """Rows whose group keys are all present; rows with a missing key are excluded and reported."""
    ok = pd.Series(True, index=data.index)
    for b in by:
        if isinstance(data[b], pd.DataFrame):
            raise InputError(f"列名 {b!r} 重复 (column name {b!r} appears more than once)",
                             column=b)
        missing = data[b].isna() & ok
        ex.add(data.index[missing], "missing group", column=b)
        ok &= ~missing
    return ok


def _order_statistic_interval(x_sorted: np.ndarray, level: float) -> tuple[float, float, float]:
    """Distribution-free interval of the median from order statistics: (low, high, coverage).

    r is the largest integer with P(B ≤ r − 1) ≤ α/2, B ~ Bin(n, ½); the interval is
    [x₍r₎, x₍n+1−r₎] with exact coverage 1 − 2·P(B ≤ r − 1) ≥ level (for continuous data).
    NaN when even [x₍1₎, x₍n₎] covers less than ``level`` (n < 6 at 95 %).
    """
    n = len(x_sorted)
    half = (1 - level) / 2
    k = int(stats.binom.ppf(half, n, 0.5))          # smallest k with P(B ≤ k) ≥ α/2
    if stats.binom.cdf(k, n, 0.5) > half * (1 + 1e-12):
        k -= 1                                      # largest k with P(B ≤ k) ≤ α/2
    r = k + 1
    if r < 1:
        return np.nan, np.nan, np.nan
    coverage = 1 - 2 * float(stats.binom.cdf(r - 1, n, 0.5))
    return float(x_sorted[r - 1]), float(x_sorted[n - r]), coverage


def followup_summary(
    data: pd.DataFrame,
    *,
    followed: Hashable | None = "followed_up",
    rectified: Hashable | None = "rectified",
    by: Hashable | Sequence[Hashable] | None = None,
    ci: float = 0.95,
) -> pd.DataFrame:
    """Share of bad ratings followed up (回访) and rectified (整改), with Wilson intervals.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per bad rating (差评: 不满意 or 非常不满意).
    followed : column name or None, default ``"followed_up"``
        0/1 (or True/False): the handling unit called the citizen back. ``None`` skips it.
    rectified : column name or None, default ``"rectified"``
        0/1: the issue was rectified (fixed and reported back). ``None`` skips it.
    by : column name or list, optional
        Group columns (e.g. ``"department"``). Rows with a missing key are excluded and reported.
    ci : float, default 0.95
        Confidence level.

    Returns
    -------
    pandas.DataFrame
        One row per group and measure, with columns

        - the ``by`` columns (if any)
        - ``measure`` : ``"followed_up"`` or ``"rectified"``
        - ``label`` : the Chinese name (回访比例, 整改比例)
        - ``estimate`` : rows with 1 / rows with a value (0–1)
        - ``ci_low``, ``ci_high`` : Wilson score interval (exactly 0 or 1 at the ends)
        - ``n`` : bad ratings with a value in the column (the denominator)
        - ``count`` : bad ratings with 1

        ``attrs["excluded"]`` (:class:`~helpers._validate.ExcludedRows`) lists the rows left out
        of a measure: ``"missing value"`` (the column named) or ``"missing group"``;
        ``attrs["rows_in"]`` is ``len(data)``. For every measure, the ``n`` summed over the
        groups plus its excluded rows equals ``rows_in``.

    Notes
    -----
    回访率 = #(followed = 1) / #(followed known); 整改率 = #(rectified = 1) / #(rectified known),
    both over all bad ratings (not only the followed-up ones). Wilson (1927, *JASA* 22:209–212)
    score interval, via :func:`helpers.ratings.satisfaction_rate`'s helper
    (``statsmodels proportion_confint(method="wilson")``). Local rules ask for 100 % call-back of
    (real-name) bad ratings, e.g. Dezhou and a Sichuan city (domain brief §7.1); a national 100 %
    rule is echoed locally but its wording in 51号 is unverified, so compare with your local rule.

    Validated against: statsmodels proportion_confint(method="wilson") — tests/test_feedback.py.

    Examples
    --------
    >>> df = pd.DataFrame({"followed_up": [1, 1, 1, 0, 1, 0, 1, 1, 0, 1],
    ...                    "rectified": [1, 1, 0, 0, 1, 0, 1, None, 0, 1]})
    >>> r = followup_summary(df)
    >>> r[["measure", "label", "estimate", "n", "count"]]
           measure label  estimate   n  count
    0  followed_up  回访比例  0.700000  10      7
    1    rectified  整改比例  0.555556   9      5
    >>> print(f"{r.loc[0, 'ci_low']:.3f} to {r.loc[0, 'ci_high']:.3f}")
    0.397 to 0.892
    >>> r.attrs["excluded"].records
    ((7, 'rectified', 'missing value'),)

    See Also
    --------
    helpers.ratings.bad_rating_rate : how many bad ratings there are in the first place.
    rectification_time : how long rectification takes.
    """
    level = check_level(ci, name="ci")
    check_frame(data)
    measures = [(m, c) for m, c in (("followed_up", followed), ("rectified", rectified))
                if c is not None]
    if not measures:
        raise HelpersError("followed 和 rectified 不能都为 None "
                           "(followed and rectified cannot both be None)")
    by_l = _by_list(by)
    require_columns(data, [c for _, c in measures] + by_l)
    ex = Exclusions()
    group_ok = _group_ok(data, by_l, ex)
    parts = []
    for measure, column in measures:
        values = _binary(data, column)
        ex.add(data.index[group_ok & values.isna()], "missing value", column=column)
        valid = group_ok & values.notna()
        if not valid.any():
            raise InputError(f"列 {column!r} 没有可用的行 (column {column!r}: no usable rows)",
                             column=column)
        part = _share_table(values == 1, valid, data, by_l, level)
        part.insert(len(by_l), "measure", measure)
        part.insert(len(by_l) + 1, "label", _SUMMARY_LABELS[measure])
        part["_order"] = len(parts)
        parts.append(part)
    out = pd.concat(parts, ignore_index=True)
    out = out.sort_values([*by_l, "_order"], kind="stable").drop(columns="_order")
    out = out.reset_index(drop=True)
    out.attrs["rows_in"] = len(data)
    return ex.attach(out)


def rectification_time(
    data: pd.DataFrame,
    *,
    days: Hashable = "rectification_days",
    by: Hashable | Sequence[Hashable] | None = None,
    within: float = RECTIFICATION_LIMIT_DAYS,
    ci: float = 0.95,
) -> pd.DataFrame:
    """Median time to rectification (整改用时), and the share rectified within a time limit.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per bad rating.
    days : column name, default ``"rectification_days"``
        Days from the bad rating to rectification (≥ 0). Missing means not rectified (or not
        yet, i.e. censored at the time of the export): such rows are excluded and reported.
    by : column name or list, optional
        Group columns (e.g. ``"department"``).
    within : float, default :data:`RECTIFICATION_LIMIT_DAYS` (15)
        The time limit in days; ``share_within`` counts times ≤ ``within``. There is no national
        limit: Zhejiang 15 days, a Sichuan city 15 working days, Dezhou 5 working days (domain
        brief §7.1). Working days are not calendar days: convert before comparing.
    ci : float, default 0.95
        Confidence level.

    Returns
    -------
    pandas.DataFrame
        Two rows per group, with columns

        - the ``by`` columns (if any)
        - ``measure`` : ``"median_days"`` or ``"share_within"``
        - ``label`` : the Chinese name (整改用时中位数（天）, ``within`` 天内整改的比例)
        - ``estimate`` : the sample median (days), or the share of times ≤ ``within`` (0–1)
        - ``ci_low``, ``ci_high`` : for the median, the order-statistic interval (NaN when the
          group has too few rows for the level: fewer than 6 at 95 %); for the share, Wilson
        - ``n`` : rectified bad ratings used
        - ``coverage`` : exact coverage of the median's interval (≥ ``ci`` for continuous data;
          NaN for the share row and when the interval is NaN)

        ``attrs["excluded"]`` lists the rows without a time (``"not rectified or still open"``)
        and with a missing group key; ``attrs["within"]`` the limit used; ``attrs["rows_in"]``.

    Notes
    -----
    Median m̂ = the middle order statistic (mean of the two middle ones for even n). Interval
    (distribution-free, Conover 1999, *Practical Nonparametric Statistics*, 3rd ed., §3.2 quantile
    interval): with B ~ Bin(n, ½), r is the largest integer with P(B ≤ r − 1) ≤ α/2, and
    [x₍r₎, x₍n+1−r₎] covers the population median with probability 1 − 2·P(B ≤ r − 1) ≥ 1 − α,
    whatever the distribution (ties make it conservative). Rectification times are skewed, so the
    median is the right centre and a mean ± t interval is not. The share within the limit is a
    Wilson interval (Wilson 1927).

    Only rectified rows have a time, so the median describes rectified cases; if slow cases are
    still open at the export they are missing, and the median understates the time to
    rectification of all bad ratings (censoring). Report the excluded count with the median.

    Validated against: scipy.stats.quantile_test(p=0.5).confidence_interval() and a bootstrap
    coverage check; statsmodels proportion_confint(method="wilson") — tests/test_feedback.py.

    Examples
    --------
    >>> df = pd.DataFrame({"rectification_days": [2, 3, 3, 4, 5, 6, 8, 9, 12, 20, None, None]})
    >>> r = rectification_time(df, within=15)
    >>> r[["measure", "estimate", "ci_low", "ci_high", "n"]].round(3)
            measure  estimate  ci_low  ci_high   n
    0   median_days       5.5   3.000   12.000  10
    1  share_within       0.9   0.596    0.982  10
    >>> print(f"coverage {r.loc[0, 'coverage']:.4f}; excluded {len(r.attrs['excluded'])}")
    coverage 0.9785; excluded 2
    """
    level = check_level(ci, name="ci")
    if (not isinstance(within, (int, float, np.integer, np.floating)) or isinstance(within, bool)
            or not np.isfinite(within) or within < 0):
        raise HelpersError(f"within 必须是非负的天数 (within must be a number of days >= 0, "
                           f"got {within!r})")
    within = float(within)
    check_frame(data)
    by_l = _by_list(by)
    require_columns(data, [days, *by_l])
    x = numeric_column(data, days, lo=0)
    ex = Exclusions()
    group_ok = _group_ok(data, by_l, ex)
    ex.add(data.index[group_ok & x.isna()], "not rectified or still open", column=days)
    valid = group_ok & x.notna()
    if not valid.any():
        raise InputError(f"列 {days!r} 没有可用的行 (column {days!r}: no usable rows)",
                         column=days)
    if by_l:
        keys = data.loc[valid, by_l]
        groups = [(k if isinstance(k, tuple) else (k,), g.to_numpy())
                  for k, g in x[valid].groupby([keys[b] for b in by_l], sort=True)]
    else:
        groups = [((), x[valid].to_numpy())]
    share_label = f"{within:g} 天内整改的比例"
    rows = []
    for key, values in groups:
        xs = np.sort(values)
        n = len(xs)
        lo, hi, coverage = _order_statistic_interval(xs, level)
        hit = int((xs <= within).sum())
        w_lo, w_hi = _wilson(hit, n, level)
        keyd = dict(zip(by_l, key))
        rows.append({**keyd, "measure": "median_days", "label": "整改用时中位数（天）",
                     "estimate": float(np.median(xs)), "ci_low": lo, "ci_high": hi, "n": n,
                     "coverage": coverage})
        rows.append({**keyd, "measure": "share_within", "label": share_label,
                     "estimate": hit / n, "ci_low": float(w_lo), "ci_high": float(w_hi), "n": n,
                     "coverage": np.nan})
    out = pd.DataFrame(rows, columns=[*by_l, "measure", "label", "estimate", "ci_low", "ci_high",
                                      "n", "coverage"])
    out.attrs["within"] = within
    out.attrs["rows_in"] = len(data)
    return ex.attach(out)


def followup_effect(
    data: pd.DataFrame,
    *,
    followed: Hashable = "followed_up",
    next_grade: Hashable = "next_grade",
    satisfied: Sequence[str] = SATISFIED_DEFAULT,
    ci: float = 0.95,
) -> pd.DataFrame:
    """Share satisfied at the next rating, followed up vs not followed up, and the difference.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per bad rating.
    followed : column name, default ``"followed_up"``
        0/1: the citizen was called back. Rows with a missing value are excluded and reported.
    next_grade : column name, default ``"next_grade"``
        Grade of the same citizen's next rating (the five grade texts or stars 1–5). Missing
        means there was no next rating: such rows are excluded and reported.
    satisfied : sequence of str, default ``("非常满意", "满意")``
        Grades counted as satisfied (as in :func:`helpers.ratings.satisfaction_rate`).
    ci : float, default 0.95
        Confidence level of each interval.

    Returns
    -------
    pandas.DataFrame
        Three rows, with columns

        - ``measure`` : ``"followed_up"``, ``"not_followed_up"``, ``"difference"``
        - ``label`` : 已回访者下次满意的比例, 未回访者下次满意的比例, 差值（已回访 − 未回访）
        - ``estimate`` : the two shares (0–1) and their difference p₁ − p₀
        - ``ci_low``, ``ci_high`` : Wilson intervals of the shares; Newcombe's hybrid score
          interval of the difference
        - ``n`` : citizens with a next rating in the group (both groups for the difference)

        ``attrs``: ``"excluded"`` (``"missing value"`` in ``followed``, ``"no next rating"`` in
        ``next_grade``), ``"definition"`` (the satisfied grades), ``"rows_in"``.

    Notes
    -----
    p₁ = #(satisfied next | followed) / #(next rating | followed), p₀ likewise for the
    not-followed; d = p₁ − p₀ with Newcombe's (1998, *Statistics in Medicine* 17:873–890,
    method 10) interval, computed by :func:`helpers.compare.proportion_difference`.

    **This is an observational comparison, not the effect of calling back.** Who is followed up is
    not decided by chance: a unit may call back real-name ratings, easy cases or some departments
    more often than others, and those citizens may rate differently next time anyway. So d mixes
    the effect of 回访 with differences between the groups (confounding). Citizens who never rate
    again are excluded; if following up changes whether a citizen rates again, that biases d too.
    The simulated dataset ``rating_followups`` knows the answer: ``rating_followups_truth()`` gives
    the true causal effect of a call-back (built into the generator) and the observational
    difference the design implies, so the chapter can show how far the two differ. On real data
    only a randomised or stratified design (e.g. comparing within departments) narrows the gap.
    Related evidence: the service recovery paradox (de Matos et al. 2007) — a good recovery can
    raise satisfaction, but not reliably (domain brief §8.2).

    Validated against: statsmodels confint_proportions_2indep(method="newcomb") and
    proportion_confint(method="wilson") — tests/test_feedback.py.

    Examples
    --------
    >>> df = pd.DataFrame({
    ...     "followed_up": [1] * 10 + [0] * 10,
    ...     "next_grade": ["满意"] * 6 + ["不满意"] * 2 + [None] * 2
    ...                   + ["非常满意"] * 2 + ["基本满意"] * 6 + [None] * 2})
    >>> r = followup_effect(df)
    >>> r[["measure", "estimate", "n"]]
               measure  estimate   n
    0      followed_up      0.75   8
    1  not_followed_up      0.25   8
    2       difference      0.50  16
    >>> print(f"{r.loc[2, 'ci_low']:.3f} to {r.loc[2, 'ci_high']:.3f}")
    0.018 to 0.752
    >>> len(r.attrs["excluded"])
    4
    """
    level = check_level(ci, name="ci")
    chosen = _grade_set(satisfied, "satisfied")
    check_frame(data)
    require_columns(data, [followed, next_grade])
    f = _binary(data, followed)
    s = grade_scores(data, next_grade)
    ex = Exclusions()
    ex.add(data.index[f.isna()], "missing value", column=followed)
    ex.add(data.index[f.notna() & s.isna()], "no next rating", column=next_grade)
    keep = f.notna() & s.notna()
    for g, name in ((1, "followed-up"), (0, "not followed-up")):
        if not (keep & (f == g)).any():
            raise InputError(
                f"列 {followed!r} 中没有{'已' if g else '未'}回访且有下次评价的行 (column "
                f"{followed!r}: no {name} rows with a next rating; both groups are needed)",
                column=followed)
    frame = pd.DataFrame({"y": s[keep].isin(chosen).astype(int), "g": f[keep].astype(int)})
    diff = proportion_difference(frame, "y", "g", levels=[1, 0], ci=level)
    counts = frame.groupby("g")["y"].agg(["sum", "size"])
    k = counts.loc[[1, 0], "sum"].to_numpy()
    n = counts.loc[[1, 0], "size"].to_numpy()
    lo, hi = _wilson(k, n, level)
    out = pd.DataFrame({
        "measure": ["followed_up", "not_followed_up", "difference"],
        "label": ["已回访者下次满意的比例", "未回访者下次满意的比例", "差值（已回访 − 未回访）"],
        "estimate": [k[0] / n[0], k[1] / n[1], float(diff.loc[0, "estimate"])],
        "ci_low": [float(lo[0]), float(lo[1]), float(diff.loc[0, "ci_low"])],
        "ci_high": [float(hi[0]), float(hi[1]), float(diff.loc[0, "ci_high"])],
        "n": [int(n[0]), int(n[1]), int(n.sum())],
    })
    out.attrs["definition"] = " + ".join(RATING_GRADES[5 - int(v)]
                                         for v in sorted(chosen, reverse=True))
    out.attrs["rows_in"] = len(data)
    return ex.attach(out)
