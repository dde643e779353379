"""Inter-rater agreement: Cohen's κ, Fleiss' κ, the Shrout–Fleiss ICCs and a per-item table.

Used for mystery-shopper checks (暗访): several assessors score the same visits on a checklist;
before the scores rank windows, a double- or triple-scored subsample shows whether the assessors
agree. An item on which trained assessors do not agree (“面带微笑”) cannot fairly judge staff.

Functions (pingouin style: ``data=`` plus column names; tidy output with ``estimate``,
``ci_low``, ``ci_high``, ``n``):

cohen_kappa
    Two raters in two columns (wide); unweighted, linear or quadratic weights; interval from the
    large-sample standard error of Fleiss, Cohen & Everitt (1969).
fleiss_kappa
    Any fixed number of ratings per subject (long format); interval by bootstrap over subjects
    (:func:`helpers.bootstrap.resample_means`, percentile).
icc
    The six Shrout–Fleiss (1979) intraclass correlations of a complete targets × raters design,
    with F tests and the F-based 95 % intervals (as pingouin and R ``psych::ICC``).
item_agreement
    κ per checklist item with its interval and the Landis–Koch band in Chinese.
checklist_scores
    Score of each visit or window on a chosen set of items (0–100) and its rank.
landis_koch
    The Landis–Koch (1977) band of a κ value, in Chinese.

Bad input (missing ratings, a score that is not a number, one category only, a subject rated
twice by the same rater, a rater who shares no subject with another) raises
:class:`helpers.InputError` naming the column and the rows; nothing is dropped silently.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence

import numpy as np
import pandas as pd
from scipy import stats

from helpers._validate import (HelpersError, InputError, check_frame, check_level,
                               numeric_column, require_columns, rows_error)
from helpers.bootstrap import interval, resample_means

__all__ = ["cohen_kappa", "fleiss_kappa", "icc", "item_agreement", "checklist_scores",
           "landis_koch", "LANDIS_KOCH"]

LANDIS_KOCH: tuple[tuple[float, str], ...] = (
    (0.0, "较差"), (0.20, "轻微"), (0.40, "一般"), (0.60, "中等"), (0.80, "较强"),
    (1.0, "几乎完全一致"))
"""Upper bounds of the Landis–Koch bands and their Chinese names (< 0 poor, 0–0.20 slight,
0.21–0.40 fair, 0.41–0.60 moderate, 0.61–0.80 substantial, 0.81–1 almost perfect)."""


def landis_koch(kappa: float) -> str:
    """The Landis–Koch band of a κ value, in Chinese.

    Parameters
    ----------
    kappa : float
        A κ value (−1 to 1).

    Returns
    -------
    str
        ``较差`` (< 0), ``轻微`` (0–0.20), ``一般`` (0.21–0.40), ``中等`` (0.41–0.60), ``较强``
        (0.61–0.80), ``几乎完全一致`` (0.81–1); an empty string for a missing value.

    Notes
    -----
    Landis, J.R. & Koch, G.G. (1977) “The measurement of observer agreement for categorical
    data”, *Biometrics* 33(1): 159–174. The bands are conventions, not tests: judge by the
    interval, not by the band of the point estimate alone.

    Examples
    --------
    >>> landis_koch(0.35), landis_koch(0.85), landis_koch(-0.1)
    ('一般', '几乎完全一致', '较差')
    """
    if kappa is None or not np.isfinite(kappa):
        return ""
    if kappa < 0:
        return LANDIS_KOCH[0][1]
    for upper, name in LANDIS_KOCH[1:]:
        if kappa <= upper + 1e-12:
            return name
    return LANDIS_KOCH[-1][1]


def _weights_matrix(categories: np.ndarray, weights: str | None) -> np.ndarray:
    k = len(categories)
    idx = np.arange(k)
    d = np.abs(idx[:, None] - idx[None, :]) / max(k - 1, 1)
    if weights is None:
        return np.eye(k)
    if weights == "linear":
        return 1 - d
    if weights == "quadratic":
        return 1 - d ** 2
    raise HelpersError(f"weights 只能是 None、'linear' 或 'quadratic' "
                       f"(weights must be None, 'linear' or 'quadratic', got {weights!r})")


def _ratings(data: pd.DataFrame, column: Hashable) -> pd.Series:
    """A rating column: numeric, no missing value (the error names the rows)."""
    return numeric_column(data, column, allow_missing=False)


def _one_category(column: Hashable, values: np.ndarray) -> InputError:
    return InputError(f"列 {column!r} 只出现了一个类别（{values[0]:g}），无法计算一致性 "
                      f"(column {column!r}: only one category ({values[0]:g}) occurs; agreement "
                      "beyond chance is undefined)", column=column)


def cohen_kappa(data: pd.DataFrame, *, rater_a: Hashable, rater_b: Hashable,
                weights: str | None = None, ci: float = 0.95) -> pd.DataFrame:
    """Cohen's κ of two raters who scored the same subjects (one row per subject).

    Parameters
    ----------
    data : pandas.DataFrame
        One row per subject (visit), one column per rater.
    rater_a, rater_b : column names
        The two raters' scores (numbers; categories are the values that occur in either column).
    weights : {None, "linear", "quadratic"}, default None
        None: nominal κ; "linear"/"quadratic": weighted κ for ordered scores.
    ci : float, default 0.95
        Confidence level of the interval.

    Returns
    -------
    pandas.DataFrame
        One row: ``measure`` (``cohen_kappa``), ``weights`` (``none``/``linear``/``quadratic``),
        ``estimate`` (κ), ``se`` (large-sample standard error), ``ci_low``, ``ci_high``
        (estimate ± z·se, cut to [−1, 1]), ``p_observed`` (weighted observed agreement),
        ``p_expected`` (agreement expected by chance), ``n`` (subjects), ``n_categories``,
        ``band_zh`` (Landis–Koch band).

    Notes
    -----
    With ``p_ij`` the share of subjects put in category i by rater A and j by rater B, ``p_i.``
    and ``p_.j`` the margins and agreement weights ``w_ij`` (identity; linear
    ``1 − |i−j|/(k−1)``; quadratic ``1 − (i−j)²/(k−1)²``, i, j the positions of the sorted
    categories): ``p_o = Σ w_ij p_ij``, ``p_e = Σ w_ij p_i. p_.j``,
    ``κ = (p_o − p_e)/(1 − p_e)`` (Cohen 1960, *Educ. Psychol. Meas.* 20(1); weighted: Cohen
    1968). The variance is the large-sample one of Fleiss, Cohen & Everitt (1969, *Psychol.
    Bull.* 72(5): 323–327):
    ``var = [Σ p_ij (w_ij − (w̄_i. + w̄_.j)(1 − κ))² − (κ − p_e(1 − κ))²] / (N (1 − p_e)²)``,
    with ``w̄_i. = Σ_j p_.j w_ij`` and ``w̄_.j = Σ_i p_i. w_ij``. Validated against:
    sklearn.metrics.cohen_kappa_score (estimate, all weights) and
    statsmodels.stats.inter_rater.cohens_kappa (standard error) — tests/test_agreement.py.

    Examples
    --------
    >>> d = pd.DataFrame({"a": [0, 1, 2, 2, 1, 0, 2, 2], "b": [0, 1, 2, 1, 1, 0, 2, 2]})
    >>> r = cohen_kappa(d, rater_a="a", rater_b="b")
    >>> round(float(r["estimate"].iloc[0]), 3), r["band_zh"].iloc[0], int(r["n"].iloc[0])
    (0.81, '几乎完全一致', 8)
    """
    check_frame(data)
    level = check_level(ci)
    require_columns(data, [rater_a, rater_b])
    a = _ratings(data, rater_a).to_numpy()
    b = _ratings(data, rater_b).to_numpy()
    cats = np.unique(np.concatenate([a, b]))
    if len(cats) < 2:
        raise _one_category(rater_a, cats)
    w = _weights_matrix(cats, weights)
    k, n = len(cats), len(a)
    ia, ib = np.searchsorted(cats, a), np.searchsorted(cats, b)
    p = np.bincount(ia * k + ib, minlength=k * k).reshape(k, k) / n
    pa, pb = p.sum(axis=1), p.sum(axis=0)
    po = float((w * p).sum())
    pe = float(pa @ w @ pb)
    if np.isclose(pe, 1.0):
        raise _one_category(rater_a, cats[pa > 0])
    kappa = (po - pe) / (1 - pe)
    wi, wj = w @ pb, pa @ w
    term = (p * (w - (wi[:, None] + wj[None, :]) * (1 - kappa)) ** 2).sum()
    var = (term - (kappa - pe * (1 - kappa)) ** 2) / (n * (1 - pe) ** 2)
    se = float(np.sqrt(max(var, 0.0)))
    z = stats.norm.ppf(0.5 + level / 2)
    return pd.DataFrame({"measure": ["cohen_kappa"], "weights": [weights or "none"],
                         "estimate": [kappa], "se": [se],
                         "ci_low": [max(-1.0, kappa - z * se)], "ci_high": [min(1.0, kappa + z * se)],
                         "p_observed": [po], "p_expected": [pe], "n": [n], "n_categories": [k],
                         "band_zh": [landis_koch(kappa)]})


def _long(data: pd.DataFrame, subject: Hashable, rater: Hashable,
          rating: Hashable) -> pd.DataFrame:
    """Validated long frame: ids present, rating numeric and complete, no subject rated twice
    by the same rater."""
    check_frame(data)
    require_columns(data, [subject, rater, rating])
    for col in (subject, rater):
        miss = data[col].isna()
        if miss.any():
            raise rows_error(col, list(data.index[miss]), "缺失", "missing id")
    values = _ratings(data, rating)
    dup = data.duplicated([subject, rater], keep=False)
    if dup.any():
        raise rows_error(rater, list(data.index[dup]), "同一评分员对同一对象评了不止一次",
                         "the same rater scored the same subject more than once",
                         todo_zh="每个对象、每个评分员只保留一个分数",
                         todo_en="keep one score per subject and rater")
    return pd.DataFrame({"subject": data[subject].to_numpy(), "rater": data[rater].to_numpy(),
                         "rating": values.to_numpy()}, index=data.index)


def _fleiss_counts(d: pd.DataFrame, subject: Hashable, rating: Hashable
                   ) -> tuple[np.ndarray, np.ndarray, int]:
    """Subjects × categories count matrix; every subject must have the same number (≥ 2)."""
    codes, subjects = pd.factorize(d["subject"], sort=False)
    cats = np.unique(d["rating"].to_numpy())
    if len(cats) < 2:
        raise _one_category(rating, cats)
    cj = np.searchsorted(cats, d["rating"].to_numpy())
    counts = np.zeros((len(subjects), len(cats)))
    np.add.at(counts, (codes, cj), 1.0)
    per = counts.sum(axis=1)
    m = int(np.bincount(per.astype(int)).argmax())
    if m < 2:
        m = int(per.max())
    bad = per != m
    if bad.any() or m < 2:
        bad_subjects = set(subjects[bad]) if bad.any() else set(subjects)
        rows = list(d.index[d["subject"].isin(bad_subjects)])
        raise rows_error(subject, rows, f"每个对象需要相同数目（≥ 2）的评分，多数对象有 {m} 个",
                         f"every subject needs the same number (>= 2) of ratings; most have {m}",
                         todo_zh="只用双评或三评的子样本", todo_en="use the multiply-scored subsample")
    return counts, cats, m


def _fleiss_from_means(means: np.ndarray) -> np.ndarray:
    """κ from column means of [P_i, n_ij/n] (works on the rows of a bootstrap matrix)."""
    means = np.atleast_2d(means)
    pbar, pj = means[:, 0], means[:, 1:]
    pe = (pj ** 2).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return (pbar - pe) / (1 - pe)


def fleiss_kappa(data: pd.DataFrame, *, subject: Hashable, rater: Hashable, rating: Hashable,
                 ci: float = 0.95, n_boot: int = 2000, seed: int | None = 0) -> pd.DataFrame:
    """Fleiss' κ: agreement of a fixed number of ratings per subject (long format).

    Parameters
    ----------
    data : pandas.DataFrame
        One row per subject × rater: the subject id, the rater id and the score.
    subject, rater, rating : column names
        Subject (visit) id, rater id, score (a number; categories are the values that occur).
    ci : float, default 0.95
        Confidence level.
    n_boot : int, default 2000
        Bootstrap resamples of subjects for the interval.
    seed : int or None, default 0
        Seed of the bootstrap.

    Returns
    -------
    pandas.DataFrame
        One row: ``measure`` (``fleiss_kappa``), ``estimate`` (κ), ``ci_low``, ``ci_high``
        (percentile bootstrap over subjects), ``p_observed`` (P̄), ``p_expected`` (P̄_e),
        ``n`` (subjects), ``n_ratings`` (ratings per subject), ``n_raters`` (distinct raters),
        ``n_categories``, ``band_zh`` (Landis–Koch band).

    Notes
    -----
    With n ratings per subject, N subjects and n_ij the number of ratings of subject i in
    category j: P_i = (Σ_j n_ij² − n)/(n(n − 1)), P̄ = mean P_i, p_j = Σ_i n_ij/(N n),
    P̄_e = Σ_j p_j², κ = (P̄ − P̄_e)/(1 − P̄_e) (Fleiss 1971, *Psychol. Bull.* 76(5):
    378–382). The raters need not be the same people for every subject. P̄ and every p_j are
    means over subjects, so one call of :func:`helpers.bootstrap.resample_means` on
    [P_i, n_ij/n] gives the bootstrap distribution of κ. Validated against:
    statsmodels.stats.inter_rater.fleiss_kappa — tests/test_agreement.py.

    Examples
    --------
    >>> d = pd.DataFrame({"visit": [1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4],
    ...                   "rater": ["甲", "乙", "丙"] * 4,
    ...                   "score": [1, 1, 1, 0, 0, 1, 1, 1, 1, 0, 0, 0]})
    >>> r = fleiss_kappa(d, subject="visit", rater="rater", rating="score", n_boot=200)
    >>> round(float(r["estimate"].iloc[0]), 3), int(r["n"].iloc[0]), int(r["n_ratings"].iloc[0])
    (0.657, 4, 3)
    """
    level = check_level(ci)
    d = _long(data, subject, rater, rating)
    counts, cats, m = _fleiss_counts(d, subject, rating)
    x = np.column_stack([((counts ** 2).sum(axis=1) - m) / (m * (m - 1)), counts / m])
    est_means = x.mean(axis=0)
    kappa = float(_fleiss_from_means(est_means)[0])
    if not np.isfinite(kappa):
        raise _one_category(rating, cats)
    boot = _fleiss_from_means(resample_means(x, n_boot=int(n_boot), seed=seed))
    lo, hi = interval(boot[:, None], np.array([kappa]), ci=level, method="percentile")
    return pd.DataFrame({"measure": ["fleiss_kappa"], "estimate": [kappa],
                         "ci_low": [float(lo[0])], "ci_high": [float(hi[0])],
                         "p_observed": [float(est_means[0])],
                         "p_expected": [float((est_means[1:] ** 2).sum())],
                         "n": [len(counts)], "n_ratings": [m],
                         "n_raters": [int(d["rater"].nunique())], "n_categories": [len(cats)],
                         "band_zh": [landis_koch(kappa)]})


_ICC_ZH = {
    "ICC1": "单向随机，单个评分员（ICC(1,1)）",
    "ICC2": "双向随机，绝对一致，单个评分员（ICC(2,1)）",
    "ICC3": "双向混合，一致性，单个评分员（ICC(3,1)）",
    "ICC1k": "单向随机，k 个评分员的平均（ICC(1,k)）",
    "ICC2k": "双向随机，绝对一致，k 个评分员的平均（ICC(2,k)）",
    "ICC3k": "双向混合，一致性，k 个评分员的平均（ICC(3,k)）",
}


def icc(data: pd.DataFrame, *, target: Hashable, rater: Hashable, rating: Hashable,
        ci: float = 0.95) -> pd.DataFrame:
    """The six Shrout–Fleiss intraclass correlations of a complete targets × raters design.

    Parameters
    ----------
    data : pandas.DataFrame
        Long format: one row per target × rater. Every target must be scored by every rater.
    target, rater, rating : column names
        Target (visit) id, rater id, score (a number, e.g. a checklist total).
    ci : float, default 0.95
        Confidence level of the F-based intervals.

    Returns
    -------
    pandas.DataFrame
        Six rows: ``type`` (``ICC1``, ``ICC2``, ``ICC3``, ``ICC1k``, ``ICC2k``, ``ICC3k``),
        ``description_zh``, ``estimate``, ``f`` (F statistic), ``df1``, ``df2``, ``pval``,
        ``ci_low``, ``ci_high``, ``n`` (targets), ``k`` (raters).

    Notes
    -----
    From the two-way ANOVA of the n × k table: MSB (targets), MSJ (raters), MSE (residual),
    MSW = (SSJ + SSE)/(n(k − 1)) (within targets). Shrout & Fleiss (1979, *Psychol. Bull.*
    86(2): 420–428): ICC1 = (MSB − MSW)/(MSB + (k−1)MSW); ICC2 = (MSB − MSE)/(MSB + (k−1)MSE +
    k(MSJ − MSE)/n); ICC3 = (MSB − MSE)/(MSB + (k−1)MSE); ICC1k = (MSB − MSW)/MSB; ICC2k =
    (MSB − MSE)/(MSB + (MSJ − MSE)/n); ICC3k = (MSB − MSE)/MSB. F = MSB/MSW (ICC1) or MSB/MSE.
    Intervals from the F distribution (ICC2 with Satterthwaite's approximate df), exactly as
    pingouin.intraclass_corr and R ``psych::ICC``. Perfect agreement (MSW = MSE = 0) gives
    estimates of 1 with an infinite F and undefined (NaN) intervals. Judge by the interval: < 0.5 poor,
    0.5–0.75 moderate, 0.75–0.9 good, > 0.9 excellent (Koo & Li 2016). Validated against:
    pingouin.intraclass_corr (all forms and intervals) and Shrout & Fleiss's own example
    (ICC(1,1) = 0.17, ICC(2,1) = 0.29, ICC(3,1) = 0.71) — tests/test_agreement.py.

    Examples
    --------
    >>> sf = [[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6], [10, 5, 6, 9], [6, 2, 4, 7]]
    >>> d = pd.DataFrame([(t, j, s) for t, row in enumerate(sf) for j, s in enumerate(row)],
    ...                  columns=["target", "judge", "score"])
    >>> icc(d, target="target", rater="judge", rating="score")["estimate"].round(2).tolist()
    [0.17, 0.29, 0.71, 0.44, 0.62, 0.91]
    """
    level = check_level(ci)
    d = _long(data, target, rater, rating)
    wide = d.pivot(index="subject", columns="rater", values="rating")
    if wide.shape[1] < 2:
        raise InputError(f"列 {rater!r} 只有一个评分员，至少需要 2 个 "
                         f"(column {rater!r}: at least 2 raters are needed)", column=rater)
    if wide.shape[0] < 2:
        raise InputError(f"列 {target!r} 只有一个对象，至少需要 2 个 "
                         f"(column {target!r}: at least 2 targets are needed)", column=target)
    if wide.isna().any().any():
        seen = wide.notna()
        shared = seen.astype(int).T @ seen.astype(int)
        lonely = [r for r in wide.columns if (shared.loc[r].drop(r) == 0).all()]
        if lonely:
            rows = list(d.index[d["rater"].isin(lonely)])
            raise rows_error(rater, rows, f"评分员 {', '.join(map(str, lonely))} 与其他评分员"
                             "没有共同评过的对象", f"rater(s) {', '.join(map(str, lonely))} share "
                             "no target with any other rater")
        incomplete = wide.index[wide.isna().any(axis=1)]
        rows = list(d.index[d["subject"].isin(incomplete)])
        raise rows_error(target, rows, "这些对象没有被每个评分员都评过（ICC 需要完整的设计）",
                         "these targets were not scored by every rater (ICC needs a complete "
                         "design)", todo_zh="只保留所有评分员都评过的对象",
                         todo_en="keep the targets scored by all raters")
    x = wide.to_numpy(dtype=float)
    n, k = x.shape
    grand = x.mean()
    ssb = k * ((x.mean(axis=1) - grand) ** 2).sum()
    ssj = n * ((x.mean(axis=0) - grand) ** 2).sum()
    sse = ((x - grand) ** 2).sum() - ssb - ssj
    msb, msj = ssb / (n - 1), ssj / (k - 1)
    df_e = (n - 1) * (k - 1)
    mse = sse / df_e
    msw = (ssj + sse) / (n * (k - 1))
    mse = max(mse, 0.0)                                    # rounding can give −1e-17
    if not msb > 0:
        raise InputError(f"列 {rating!r} 没有足够的变化，无法计算 ICC "
                         f"(column {rating!r}: not enough variation to compute the ICC)",
                         column=rating)
    icc1 = (msb - msw) / (msb + (k - 1) * msw)
    icc2 = (msb - mse) / (msb + (k - 1) * mse + k * (msj - mse) / n)
    icc3 = (msb - mse) / (msb + (k - 1) * mse)
    icc1k, icc2k, icc3k = (msb - msw) / msb, (msb - mse) / (msb + (msj - mse) / n), (msb - mse) / msb
    alpha = 1 - level
    df1, df1kd = n - 1, n * (k - 1)
    with np.errstate(divide="ignore", invalid="ignore"):
        f1, f3 = msb / msw, msb / mse
        f1l = f1 / stats.f.ppf(1 - alpha / 2, df1, df1kd)
        f1u = f1 * stats.f.ppf(1 - alpha / 2, df1kd, df1)
        f3l = f3 / stats.f.ppf(1 - alpha / 2, df1, df_e)
        f3u = f3 * stats.f.ppf(1 - alpha / 2, df_e, df1)
        l1, u1 = (f1l - 1) / (f1l + k - 1), (f1u - 1) / (f1u + k - 1)
        l3, u3 = (f3l - 1) / (f3l + k - 1), (f3u - 1) / (f3u + k - 1)
        fj = msj / mse
        vn = df_e * (k * icc2 * fj + n * (1 + (k - 1) * icc2) - k * icc2) ** 2
        vd = df1 * k ** 2 * icc2 ** 2 * fj ** 2 + (n * (1 + (k - 1) * icc2) - k * icc2) ** 2
        v = vn / vd
        f2u = stats.f.ppf(1 - alpha / 2, n - 1, v)
        f2l = stats.f.ppf(1 - alpha / 2, v, n - 1)
        l2 = n * (msb - f2u * mse) / (f2u * (k * msj + (k * n - k - n) * mse) + n * msb)
        u2 = n * (f2l * msb - mse) / (k * msj + (k * n - k - n) * mse + n * f2l * msb)
        p1, p3 = stats.f.sf(f1, df1, df1kd), stats.f.sf(f3, df1, df_e)
    out = pd.DataFrame({
        "type": list(_ICC_ZH), "description_zh": list(_ICC_ZH.values()),
        "estimate": [icc1, icc2, icc3, icc1k, icc2k, icc3k],
        "f": [f1, f3, f3, f1, f3, f3], "df1": df1,
        "df2": [df1kd, df_e, df_e, df1kd, df_e, df_e], "pval": [p1, p3, p3, p1, p3, p3],
        "ci_low": [l1, l2, l3, 1 - 1 / f1l, l2 * k / (1 + l2 * (k - 1)), 1 - 1 / f3l],
        "ci_high": [u1, u2, u3, 1 - 1 / f1u, u2 * k / (1 + u2 * (k - 1)), 1 - 1 / f3u],
        "n": n, "k": k})
    return out


def item_agreement(data: pd.DataFrame, *, item: Hashable, subject: Hashable, rater: Hashable,
                   rating: Hashable, method: str = "auto", weights: str | None = None,
                   ci: float = 0.95, n_boot: int = 2000, seed: int | None = 0) -> pd.DataFrame:
    """Agreement per checklist item, with its interval and Landis–Koch band.

    Parameters
    ----------
    data : pandas.DataFrame
        Long format: one row per item × subject × rater (the multiply-scored visits only; every
        subject of an item needs the same number of ratings).
    item, subject, rater, rating : column names
        Checklist item, subject (visit) id, rater id, score.
    method : {"auto", "cohen", "fleiss"}, default "auto"
        "cohen" needs exactly two raters, each scoring every subject; "auto" uses Cohen's κ when
        the data hold exactly two raters and Fleiss' κ otherwise.
    weights : {None, "linear", "quadratic"}, default None
        Weights for Cohen's κ (ignored by Fleiss' κ).
    ci : float, default 0.95
        Confidence level.
    n_boot, seed : int
        Bootstrap settings of Fleiss' κ.

    Returns
    -------
    pandas.DataFrame
        One row per item in order of first appearance: ``item``, ``measure`` (``cohen_kappa`` or
        ``fleiss_kappa``), ``estimate``, ``ci_low``, ``ci_high``, ``n`` (subjects),
        ``p_observed``, ``p_expected``, ``band_zh`` (Landis–Koch band of the estimate).

    Notes
    -----
    Each item is computed by :func:`cohen_kappa` (large-sample interval) or
    :func:`fleiss_kappa` (bootstrap over subjects, the same seed for every item). An item whose
    ratings all fall in one category has no chance-corrected agreement: the error names it.

    Examples
    --------
    >>> d = pd.DataFrame({"item": ["微笑"] * 8 + ["工作牌"] * 8,
    ...                   "visit": [1, 1, 2, 2, 3, 3, 4, 4] * 2, "rater": ["甲", "乙"] * 8,
    ...                   "score": [1, 0, 0, 1, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0]})
    >>> item_agreement(d, item="item", subject="visit", rater="rater", rating="score")[
    ...     ["item", "measure", "estimate", "band_zh"]]
      item      measure  estimate  band_zh
    0   微笑  cohen_kappa       0.0       轻微
    1  工作牌  cohen_kappa       1.0   几乎完全一致
    """
    check_frame(data)
    require_columns(data, [item, subject, rater, rating])
    if method not in ("auto", "cohen", "fleiss"):
        raise HelpersError(f"method 只能是 'auto'、'cohen' 或 'fleiss' "
                           f"(method must be 'auto', 'cohen' or 'fleiss', got {method!r})")
    miss = data[item].isna()
    if miss.any():
        raise rows_error(item, list(data.index[miss]), "缺失", "missing item")
    _long(data.assign(_key=list(zip(data[item], data[subject], strict=True))),
          "_key", rater, rating)
    use = method
    if method == "auto":
        use = "cohen" if data[rater].nunique() == 2 else "fleiss"
    rows = []
    for name, part in data.groupby(item, sort=False):
        try:
            if use == "cohen":
                wide = part.pivot(index=subject, columns=rater, values=rating)
                if wide.shape[1] != 2:
                    raise InputError(f"项目 {name!r}：Cohen κ 需要恰好 2 个评分员 "
                                     f"(item {name!r}: Cohen's kappa needs exactly 2 raters, "
                                     f"got {wide.shape[1]})", column=rater)
                holes = wide.index[wide.isna().any(axis=1)]
                if len(holes):
                    bad = list(part.index[part[subject].isin(holes)])
                    raise rows_error(subject, bad, f"项目 {name!r} 的这些对象只有一个评分员评过",
                                     f"item {name!r}: these subjects were scored by one rater "
                                     "only")
                a, b = wide.columns
                r = cohen_kappa(wide.reset_index(), rater_a=a, rater_b=b, weights=weights, ci=ci)
            else:
                r = fleiss_kappa(part, subject=subject, rater=rater, rating=rating, ci=ci,
                                 n_boot=n_boot, seed=seed)
        except InputError as err:
            raise InputError(f"项目 {name!r}：{err} (item {name!r})", column=err.column,
                             rows=err.rows) from None
        rows.append({"item": name, **r.iloc[0][["measure", "estimate", "ci_low", "ci_high", "n",
                                                "p_observed", "p_expected", "band_zh"]].to_dict()})
    out = pd.DataFrame(rows)
    out["n"] = out["n"].astype(np.int64)
    return out


def checklist_scores(data: pd.DataFrame, *, by: Hashable, item: Hashable, rating: Hashable,
                     max_score: float, items: Sequence[Hashable] | None = None) -> pd.DataFrame:
    """Score of each visit or window on a set of checklist items, 0–100, with its rank.

    Parameters
    ----------
    data : pandas.DataFrame
        Long format: one row per rating (item × visit × rater).
    by : column name
        What to score (a visit id, a window).
    item, rating : column names
        Checklist item and score (0 … ``max_score``).
    max_score : float
        Highest possible score of an item (2 for a 0–2 scale).
    items : sequence, optional
        The items kept (default all). An empty list is an error.

    Returns
    -------
    pandas.DataFrame
        One row per group in sorted order: ``by``, ``score`` (100 × mean rating / max_score over
        the kept items and all ratings of the group), ``n`` (ratings used), ``n_items``,
        ``rank`` (1 = highest score; ties share the best rank).

    Notes
    -----
    score_g = 100 · Σ r / (max_score · n_g) over the ratings of group g on the kept items; every
    item counts equally when every group has the same ratings per item (as in a checklist).

    Examples
    --------
    >>> d = pd.DataFrame({"window": ["A", "A", "B", "B"], "item": ["x", "y", "x", "y"],
    ...                   "score": [2, 0, 1, 1]})
    >>> checklist_scores(d, by="window", item="item", rating="score", max_score=2)
      window  score  n  n_items  rank
    0      A   50.0  2        2     1
    1      B   50.0  2        2     1
    >>> checklist_scores(d, by="window", item="item", rating="score", max_score=2,
    ...                  items=["x"])["score"].tolist()
    [100.0, 50.0]
    """
    check_frame(data)
    require_columns(data, [by, item, rating])
    if not (isinstance(max_score, (int, float)) and max_score > 0):
        raise HelpersError(f"max_score 必须为正数 (max_score must be positive, got {max_score!r})")
    values = numeric_column(data, rating, lo=0, hi=max_score, allow_missing=False)
    keep = pd.Series(True, index=data.index)
    if items is not None:
        items = list(items)
        if not items:
            raise HelpersError("items 为空：至少保留一个项目 (items is empty: keep at least one item)")
        unknown = [i for i in items if i not in set(data[item])]
        if unknown:
            raise InputError(f"列 {item!r} 中没有这些项目：{unknown} "
                             f"(column {item!r} has no item(s) {unknown})", column=item)
        keep = data[item].isin(items)
    d = pd.DataFrame({"g": data[by], "i": data[item], "v": values})[keep]
    g = d.groupby("g", sort=True)
    out = pd.DataFrame({"score": 100 * g["v"].mean() / max_score, "n": g["v"].size(),
                        "n_items": g["i"].nunique()})
    out["rank"] = out["score"].round(10).rank(ascending=False, method="min").astype(np.int64)
    out.index.name = by
    return out.reset_index()
