"""Ratings: 好差评 satisfaction and bad-rating rates, CSAT, NPS and a fair ranking of windows.

The 政务服务"好差评" system rates every service on five grades, 非常满意 / 满意 / 基本满意 /
不满意 / 非常不满意 (5 to 1 stars; 国办发〔2019〕51号, GB/T 39734-2020). A 差评 is 不满意 or
非常不满意. What counts as "satisfied" is *not* fixed nationally, so every rate here takes the
definition as a parameter and reports it.

Functions:

satisfaction_rate
    Share of ratings in the "satisfied" grades, with a Wilson interval.
bad_rating_rate
    Share of 差评 (不满意 + 非常不满意), with a Wilson interval.
csat_top2
    CSAT top-2-box share of a 1–k score.
nps
    Net Promoter Score with a multinomial (delta-method) interval.
fair_ranking
    Empirical-Bayes (beta-binomial) ranking of units, so small units do not top the list by
    chance.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence

import numpy as np
import pandas as pd
from scipy import optimize, special, stats
from statsmodels.stats.proportion import proportion_confint

from helpers._validate import (
    bad_values,
    Exclusions,
    HelpersError,
    InputError,
    check_frame,
    check_level,
    format_rows,
    numeric_column,
    require_columns,
)
from helpers.labels import RATING_GRADES, RATING_SCORE

__all__ = [
    "SATISFIED_DEFAULT",
    "BAD_GRADES",
    "grade_scores",
    "satisfaction_rate",
    "bad_rating_rate",
    "csat_top2",
    "nps",
    "fair_ranking",
]

SATISFIED_DEFAULT: tuple[str, ...] = ("非常满意", "满意")
"""Default definition of a satisfied rating (top two grades). Local reports often also count
基本满意; pass ``satisfied=("非常满意", "满意", "基本满意")`` to do so, and say so in the text."""

BAD_GRADES: tuple[str, ...] = ("不满意", "非常不满意")
"""差评 grades (Zhejiang rollout, Xinhua 2019-10-19; Shenzhen Guangming, sznews 2020-04-17)."""

_TEXT_TO_SCORE: dict[str, float] = {g: float(s) for g, s in RATING_SCORE.items()}


def _wilson(count: np.ndarray | int, n: np.ndarray | int, level: float
            ) -> tuple[np.ndarray, np.ndarray]:
    """Wilson interval (statsmodels) with exact endpoints 0 and 1 at k = 0 and k = n.

    statsmodels returns ~1e-17 instead of 0 for k = 0 (rounding); the fix keeps
    ``ci_low <= estimate <= ci_high`` exactly.
    """
    count = np.asarray(count, dtype=float)
    n = np.asarray(n, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        lo, hi = proportion_confint(count, n, alpha=1 - level, method="wilson")
    lo = np.where(count == 0, 0.0, np.clip(np.asarray(lo, dtype=float), 0, 1))
    hi = np.where(count == n, 1.0, np.clip(np.asarray(hi, dtype=float), 0, 1))
    return lo, hi


def grade_scores(data: pd.DataFrame, grade: Hashable) -> pd.Series:
    """Grades of ``data[grade]`` as stars 1–5 (float, NaN where missing).

    Parameters
    ----------
    data : pandas.DataFrame
        One row per rating.
    grade : column name
        Column holding the five Chinese grade texts of :data:`helpers.labels.RATING_GRADES`
        (surrounding blanks ignored) or star numbers 1–5 (numbers, or numbers written as
        text). Anything else raises :class:`~helpers.InputError` naming the rows; so does a
        column with no value at all or a column name that appears twice.

    Returns
    -------
    pandas.Series
        Float stars 1.0–5.0 with the index and name of ``data[grade]``; ``NaN`` where the
        grade is missing.

    Notes
    -----
    The 政务服务"好差评" system rates on five grades (国办发〔2019〕51号; GB/T 39734-2020),
    mapped to stars as 非常满意 = 5, 满意 = 4, 基本满意 = 3, 不满意 = 2, 非常不满意 = 1
    (:data:`helpers.labels.RATING_SCORE`), the 5-to-1 star display used by the local
    implementations.

    Examples
    --------
    >>> grade_scores(pd.DataFrame({"g": [5, 3, None]}), "g").tolist()
    [5.0, 3.0, nan]
    >>> grade_scores(pd.DataFrame({"g": ["满意", " 非常不满意", None]}), "g").tolist()
    [4.0, 1.0, nan]
    >>> grade_scores(pd.DataFrame({"g": ["满意", "很好"]}, index=[7, 8]), "g")
    Traceback (most recent call last):
    ...
    helpers._validate.InputError: 列 'g' 第 8 行不是有效的评价等级 (column 'g': unknown grade in rows 8: '很好'; expected one of 非常满意, 满意, 基本满意, 不满意, 非常不满意 or stars 1–5)
    """
    require_columns(data, [grade])
    raw = data[grade]
    if isinstance(raw, pd.DataFrame):
        raise InputError(f"列名 {grade!r} 重复 (column name {grade!r} appears more than once)",
                         column=grade)
    if pd.api.types.is_numeric_dtype(raw) and not pd.api.types.is_bool_dtype(raw):
        return numeric_column(data, grade, lo=1, hi=5, integer=True)
    scores = raw.map(_TEXT_TO_SCORE)
    unknown = raw.notna() & scores.isna()
    if unknown.any():
        # second chance: blanks around the text, or stars written as numbers/strings
        fixed = raw[unknown].astype(str).str.strip()
        again = fixed.map(_TEXT_TO_SCORE)
        num = pd.to_numeric(fixed, errors="coerce")
        num = num.where(num.isin([1, 2, 3, 4, 5]))
        scores.loc[unknown] = again.fillna(num)
        unknown = raw.notna() & scores.isna()
    if unknown.any():
        raise bad_values(grade, raw, unknown, "不是有效的评价等级", "unknown grade",
                         hint=f"; expected one of {', '.join(RATING_GRADES)} or stars 1–5")
    scores = scores.astype(float)
    if scores.isna().all():
        raise InputError(f"列 {grade!r} 全部缺失 (column {grade!r} has no values: all missing)",
                         column=grade)
    return scores


def _grade_set(grades: Sequence[str] | str, name: str) -> set[float]:
    if isinstance(grades, str):
        grades = (grades,)
    out = set()
    for g in grades:
        if isinstance(g, str) and g.strip() in _TEXT_TO_SCORE:
            out.add(_TEXT_TO_SCORE[g.strip()])
        elif isinstance(g, (int, np.integer)) and 1 <= g <= 5:
            out.add(float(g))
        else:
            raise HelpersError(
                f"{name} 含有无效等级 {g!r} ({name}: unknown grade {g!r}; expected one of "
                f"{', '.join(RATING_GRADES)} or stars 1–5)"
            )
    if not out:
        raise HelpersError(f"{name} 不能为空 ({name} must name at least one grade)")
    return out


def _by_list(by: Hashable | Sequence[Hashable] | None) -> list[Hashable]:
    if by is None:
        return []
    if isinstance(by, (str, int)) or not isinstance(by, Sequence):
        return [by]
    return list(by)


def _share_table(hit: pd.Series, valid: pd.Series, data: pd.DataFrame, by: list[Hashable],
                 level: float) -> pd.DataFrame:
    """Count ``hit`` among ``valid`` rows per group; Wilson intervals."""
    frame = pd.DataFrame({"hit": hit[valid].astype(int)})
    if by:
        for b in by:
            frame[b] = data.loc[valid, b]
        g = frame.groupby(by, sort=True, dropna=False, observed=True)["hit"]
        agg = pd.DataFrame({"count": g.sum(), "n": g.size()}).reset_index()
    else:
        agg = pd.DataFrame({"count": [int(frame["hit"].sum())], "n": [len(frame)]})
    count = agg["count"].to_numpy()
    n = agg["n"].to_numpy()
    lo, hi = _wilson(count, n, level)
    agg["estimate"] = count / n
    agg["ci_low"] = lo
    agg["ci_high"] = hi
    agg["count"] = agg["count"].astype(int)
    agg["n"] = agg["n"].astype(int)
    return agg[[*by, "estimate", "ci_low", "ci_high", "n", "count"]]


def _rate(data: pd.DataFrame, grade: Hashable, chosen: set[float], by: list[Hashable],
          level: float, definition: str) -> pd.DataFrame:
    check_frame(data)
    require_columns(data, [grade, *by])
    scores = grade_scores(data, grade)
    valid = scores.notna()
    ex = Exclusions()
    ex.add(list(data.index[~valid]), "missing grade", column=grade)
    out = _share_table(scores.isin(chosen), valid, data, by, level)
    out.attrs["definition"] = definition
    return ex.attach(out)


def satisfaction_rate(
    data: pd.DataFrame,
    grade: Hashable,
    *,
    satisfied: Sequence[str] = SATISFIED_DEFAULT,
    by: Hashable | Sequence[Hashable] | None = None,
    ci: float = 0.95,
) -> pd.DataFrame:
    """Satisfaction rate of 好差评 ratings, with a Wilson interval.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per rating.
    grade : column name
        The grade: one of 非常满意 / 满意 / 基本满意 / 不满意 / 非常不满意, or stars 1–5.
    satisfied : sequence of str, default ``("非常满意", "满意")``
        Grades counted as satisfied. There is no single national definition: many local
        reports also count 基本满意. State the definition with the number.
    by : column name or list, optional
        Group columns (e.g. ``"window"``, ``["district", "month"]``).
    ci : float, default 0.95
        Confidence level.

    Returns
    -------
    pandas.DataFrame
        One row per group, with columns

        - the ``by`` columns (if any)
        - ``estimate`` : satisfied ratings / rated ratings
        - ``ci_low``, ``ci_high`` : Wilson score interval
        - ``n`` : ratings with a grade (the denominator)
        - ``count`` : satisfied ratings

        ``attrs["definition"]`` states the grades counted; ``attrs["excluded"]`` lists rows
        without a grade.

    Notes
    -----
    rate = #(grade ∈ satisfied) / #(graded). Wilson (1927) interval via
    ``statsmodels.stats.proportion.proportion_confint(method="wilson")``; it stays inside
    [0, 1] and behaves well for the near-100% rates typical of 好差评 reports (domain brief
    §7.1: e.g. Bozhou 99.99%, a sign of ceiling effects). Grades: 国办发〔2019〕51号;
    GB/T 39734-2020.

    Examples
    --------
    >>> df = pd.DataFrame({"g": ["非常满意", "满意", "基本满意", "不满意", "满意"]})
    >>> satisfaction_rate(df, grade="g").round(3)
       estimate  ci_low  ci_high  n  count
    0       0.6   0.231    0.882  5      3
    >>> satisfaction_rate(df, grade="g", satisfied=("非常满意", "满意", "基本满意"))["estimate"]
    0    0.8
    Name: estimate, dtype: float64
    """
    level = check_level(ci, name="ci")
    chosen = _grade_set(satisfied, "satisfied")
    definition = " + ".join(RATING_GRADES[5 - int(s)] for s in sorted(chosen, reverse=True))
    return _rate(data, grade, chosen, _by_list(by), level, definition)


def bad_rating_rate(
    data: pd.DataFrame,
    grade: Hashable,
    *,
    by: Hashable | Sequence[Hashable] | None = None,
    ci: float = 0.95,
) -> pd.DataFrame:
    """Share of 差评 (不满意 + 非常不满意), with a Wilson interval.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per rating.
    grade : column name
        The grade text or stars 1–5 (see :func:`satisfaction_rate`).
    by : column name or list, optional
        Group columns.
    ci : float, default 0.95
        Confidence level.

    Returns
    -------
    pandas.DataFrame
        Columns: the ``by`` columns, ``estimate`` (差评 share), ``ci_low``, ``ci_high``
        (Wilson), ``n`` (graded ratings), ``count`` (差评).

    Notes
    -----
    差评 = 不满意 or 非常不满意 [Zhejiang rollout, Xinhua 2019-10-19; Shenzhen Guangming,
    sznews 2020-04-17]. Wilson interval as in :func:`satisfaction_rate`.

    Examples
    --------
    >>> df = pd.DataFrame({"g": [5, 4, 3, 2, 1, 4, 5, 5]})
    >>> bad_rating_rate(df, grade="g").round(3)
       estimate  ci_low  ci_high  n  count
    0      0.25   0.071    0.591  8      2
    """
    level = check_level(ci, name="ci")
    return _rate(data, grade, _grade_set(BAD_GRADES, "bad"), _by_list(by), level,
                 " + ".join(BAD_GRADES))


def csat_top2(
    data: pd.DataFrame,
    score: Hashable,
    *,
    scale: int = 5,
    by: Hashable | Sequence[Hashable] | None = None,
    ci: float = 0.95,
) -> pd.DataFrame:
    """CSAT: the top-2-box share of a 1–``scale`` satisfaction score.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per respondent.
    score : column name
        Integer score 1…``scale``.
    scale : int, default 5
        Top of the scale; the top two boxes are ``scale`` and ``scale − 1``.
    by : column name or list, optional
        Group columns.
    ci : float, default 0.95
        Confidence level.

    Returns
    -------
    pandas.DataFrame
        Columns: the ``by`` columns, ``estimate`` (top-2 share, 0–1), ``ci_low``, ``ci_high``
        (Wilson), ``n`` (answers), ``count`` (top-2 answers), ``mean_score`` (the mean score,
        reported separately because CSAT is a share, not a mean).

    Notes
    -----
    CSAT = #(score ≥ scale − 1) / #answers [kicue.com CSAT guide; abacum.io glossary]. Worked
    case (domain brief §11 #10, Intercom help): 10×5, 20×4, 10×3, 5×2, 5×1 → 30/50 = 60%.

    Examples
    --------
    >>> df = pd.DataFrame({"s": [5] * 10 + [4] * 20 + [3] * 10 + [2] * 5 + [1] * 5})
    >>> csat_top2(df, score="s").round(3)
       estimate  ci_low  ci_high   n  count  mean_score
    0       0.6   0.462    0.724  50     30         3.5
    """
    level = check_level(ci, name="ci")
    if not isinstance(scale, (int, np.integer)) or scale < 3:
        raise HelpersError(f"scale 必须是 ≥ 3 的整数 (scale must be an integer >= 3, got {scale!r})")
    check_frame(data)
    by_l = _by_list(by)
    require_columns(data, [score, *by_l])
    s = numeric_column(data, score, lo=1, hi=scale, integer=True)
    valid = s.notna()
    ex = Exclusions()
    ex.add(list(data.index[~valid]), "missing score", column=score)
    out = _share_table(s >= scale - 1, valid, data, by_l, level)
    if by_l:
        means = s[valid].groupby([data.loc[valid, b] for b in by_l], sort=True,
                                 dropna=False, observed=True).mean()
        out["mean_score"] = means.to_numpy()
    else:
        out["mean_score"] = float(s[valid].mean())
    return ex.attach(out)


def nps(
    data: pd.DataFrame,
    score: Hashable,
    *,
    by: Hashable | Sequence[Hashable] | None = None,
    ci: float = 0.95,
) -> pd.DataFrame:
    """Net Promoter Score on the −100…+100 scale, with a confidence interval.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per respondent.
    score : column name
        Likelihood to recommend, integer 0–10.
    by : column name or list, optional
        Group columns.
    ci : float, default 0.95
        Confidence level.

    Returns
    -------
    pandas.DataFrame
        Columns: the ``by`` columns, ``estimate`` (NPS, −100…100), ``ci_low``, ``ci_high``,
        ``n`` (answers), ``promoters``, ``passives``, ``detractors`` (shares, 0–1).

    Notes
    -----
    Promoters score 9–10, passives 7–8, detractors 0–6; NPS = 100·(p_P − p_D) [Reichheld 2003,
    *Harvard Business Review* 81(12): 46–54; group cut-offs per thecustomerconsultancy.com].
    Passives count in the denominator only. The interval is the Wald interval of a difference
    of two multinomial shares: Var(p̂_P − p̂_D) = [p_P + p_D − (p_P − p_D)²] / n (delta
    method; the covariance of two multinomial cells is −p_P·p_D/n), so the bound is
    ``100·[(p_P − p_D) ± z·√Var]``, clipped to [−100, 100]. With few answers or a share near
    0 or 1 it is rough. Worked case (domain brief §11 #9, DELA glossary): 30% promoters and
    20% detractors give +10.

    Examples
    --------
    >>> df = pd.DataFrame({"r": [10] * 3 + [9] * 27 + [8] * 50 + [3] * 20})
    >>> nps(df, score="r").round(2)
       estimate  ci_low  ci_high    n  promoters  passives  detractors
    0      10.0   -3.72    23.72  100        0.3       0.5         0.2
    """
    level = check_level(ci, name="ci")
    check_frame(data)
    by_l = _by_list(by)
    require_columns(data, [score, *by_l])
    s = numeric_column(data, score, lo=0, hi=10, integer=True)
    valid = s.notna()
    ex = Exclusions()
    ex.add(list(data.index[~valid]), "missing score", column=score)
    frame = pd.DataFrame({"pro": (s[valid] >= 9).astype(float),
                          "pas": s[valid].between(7, 8).astype(float),
                          "det": (s[valid] <= 6).astype(float)})
    if by_l:
        for b in by_l:
            frame[b] = data.loc[valid, b]
        g = frame.groupby(by_l, sort=True, dropna=False, observed=True)
        agg = g[["pro", "pas", "det"]].mean()
        agg["n"] = g.size()
        agg = agg.reset_index()
    else:
        agg = pd.DataFrame({"pro": [frame["pro"].mean()], "pas": [frame["pas"].mean()],
                            "det": [frame["det"].mean()], "n": [len(frame)]})
    pp, pd_, n = agg["pro"].to_numpy(), agg["det"].to_numpy(), agg["n"].to_numpy()
    diff = pp - pd_
    se = np.sqrt(np.maximum(pp + pd_ - diff ** 2, 0) / n)
    z = stats.norm.ppf(0.5 + level / 2)
    out = agg[by_l].copy() if by_l else pd.DataFrame(index=agg.index)
    out["estimate"] = 100 * diff
    out["ci_low"] = np.clip(100 * (diff - z * se), -100, 100)
    out["ci_high"] = np.clip(100 * (diff + z * se), -100, 100)
    out["n"] = n.astype(int)
    out["promoters"] = pp
    out["passives"] = agg["pas"].to_numpy()
    out["detractors"] = pd_
    return ex.attach(out)


_PRIOR_MIN, _PRIOR_MAX = 0.5, 1e6


def _fit_beta_prior(k: np.ndarray, n: np.ndarray, method: str) -> tuple[float, float]:
    """Beta prior (alpha, beta) for unit rates from counts ``k`` of ``n``."""
    total = n.sum()
    mu = float(np.clip(k.sum() / total, 0.5 / total, 1 - 0.5 / total))
    rates = k / n
    inv_n = float(np.mean(1.0 / n))
    var = float(rates.var(ddof=1)) if rates.size > 1 else 0.0
    # method of moments: Var(k_i/n_i) ≈ mu(1-mu)[mean(1/n) + rho (1 - mean(1/n))], rho = 1/(kappa+1)
    if inv_n < 1:
        rho = (var / (mu * (1 - mu)) - inv_n) / (1 - inv_n)
    else:
        rho = 1e-6
    rho = float(np.clip(rho, 1e-6, 1 - 1e-6))
    kappa = 1 / rho - 1
    if method == "moments":
        return (float(np.clip(mu * kappa, _PRIOR_MIN, _PRIOR_MAX)),
                float(np.clip((1 - mu) * kappa, _PRIOR_MIN, _PRIOR_MAX)))

    def negll(theta: np.ndarray) -> float:
        a, b = np.exp(theta)
        return -float(np.sum(special.betaln(k + a, n - k + b)) - k.size * special.betaln(a, b))

    a0 = float(np.clip(mu * kappa, _PRIOR_MIN, _PRIOR_MAX))
    b0 = float(np.clip((1 - mu) * kappa, _PRIOR_MIN, _PRIOR_MAX))
    start = np.log([a0, b0])
    res = optimize.minimize(negll, start, method="L-BFGS-B",
                            bounds=[(np.log(_PRIOR_MIN), np.log(_PRIOR_MAX))] * 2)
    theta = res.x if negll(res.x) <= negll(start) else start
    return float(np.exp(theta[0])), float(np.exp(theta[1]))


def _kind_of_key(x) -> str:
    if isinstance(x, (bool, np.bool_)):
        return "bool"
    if isinstance(x, (int, float, np.integer, np.floating)):
        return "number"
    if isinstance(x, str):
        return "text"
    return type(x).__name__


def _unit_keys(data: pd.DataFrame, unit: Hashable) -> pd.Series:
    """The unit column, refusing a mix of key types (window ``1`` and ``"1"`` would be two
    units): InputError naming the rows of each type."""
    keys = data[unit]
    if isinstance(keys, pd.DataFrame):
        raise InputError(f"列名 {unit!r} 重复 (column name {unit!r} appears more than once)",
                         column=unit)
    if keys.dtype != object or pd.api.types.infer_dtype(keys, skipna=True) not in (
            "mixed", "mixed-integer", "mixed-integer-float"):
        return keys
    kinds = keys[keys.notna()].map(_kind_of_key)
    if kinds.nunique() <= 1 or set(kinds.unique()) == {"number"}:
        return keys
    parts_zh, parts_en, rows = [], [], []
    for kind, grp in kinds.groupby(kinds, sort=False):
        idx = list(grp.index)
        ex = ", ".join(repr(keys[i]) for i in idx[:2])
        kind_zh = {"number": "数字", "text": "文字", "bool": "真/假值"}.get(kind, kind)
        parts_zh.append(f"{kind_zh}（第 {format_rows(idx, 4)} 行，如 {ex}）")
        parts_en.append(f"{kind} in rows {format_rows(idx, 4)} (e.g. {ex})")
        rows += idx
    raise InputError(
        f"列 {unit!r} 混有不同类型的单位编号：{'；'.join(parts_zh)}。同一个窗口可能被当成两个单位，"
        f"请先统一类型，例如 data[{unit!r}] = data[{unit!r}].astype(str) (column {unit!r} mixes "
        f"key types: {'; '.join(parts_en)}; the same window could count as two units: make "
        f"them one type first, e.g. data[{unit!r}] = data[{unit!r}].astype(str))",
        column=unit, rows=sorted(rows, key=str))


def fair_ranking(
    data: pd.DataFrame,
    grade: Hashable,
    *,
    unit: Hashable = "window",
    satisfied: Sequence[str] = SATISFIED_DEFAULT,
    prior: str = "ml",
    ci: float = 0.95,
) -> pd.DataFrame:
    """Rank units (windows, staff, halls) by a shrunken satisfaction rate.

    A window with 3 ratings, all 满意, has a raw rate of 100% and would top a raw league
    table by luck. Empirical Bayes pulls each unit's rate toward the overall rate, more
    strongly the fewer ratings it has, and ranks by that.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per rating.
    grade : column name
        Grade text or stars 1–5 (see :func:`satisfaction_rate`).
    unit : column name, default ``"window"``
        The unit to rank.
    satisfied : sequence of str, default ``("非常满意", "满意")``
        Grades counted as satisfied.
    prior : ``"ml"`` or ``"moments"``, default ``"ml"``
        How the beta prior is fitted across units: maximum likelihood of the beta-binomial
        model, or the method of moments.
    ci : float, default 0.95
        Level of the equal-tailed posterior interval.

    Returns
    -------
    pandas.DataFrame
        One row per unit, best first, with columns

        - ``unit`` : the unit label
        - ``n`` : rated ratings of the unit
        - ``count`` : satisfied ratings
        - ``raw_rate`` : count / n
        - ``estimate`` : posterior mean (α + count) / (α + β + n)
        - ``ci_low``, ``ci_high`` : equal-tailed posterior interval
        - ``rank`` : rank by ``estimate`` (1 = best; ties share the smaller rank)
        - ``raw_rank`` : rank by ``raw_rate``, for comparison

        ``attrs`` holds ``prior_alpha``, ``prior_beta``, ``prior_mean``, ``definition`` and
        ``excluded`` (rows without a grade or unit).

    Raises
    ------
    InputError
        If the unit column mixes key types (``1`` and ``"1"``, numbers and text, booleans):
        they would be ranked as different units.

    Notes
    -----
    Beta-binomial model: unit i's rate θ_i ~ Beta(α, β); satisfied count k_i ~ Bin(n_i, θ_i).
    α, β are fitted across units (empirical Bayes) by maximising
    Σ_i [ln B(k_i + α, n_i − k_i + β) − ln B(α, β)] (``prior="ml"``, started from the moment
    estimate), or by moments: μ = Σk/Σn and ρ = 1/(α + β + 1) from
    Var(k_i/n_i) ≈ μ(1 − μ)[mean(1/n_i) + ρ(1 − mean(1/n_i))] (``prior="moments"``). α and β
    are each kept within [0.5, 10⁶]: the lower bound (a prior no more U-shaped than Jeffreys'
    Beta(½, ½)) stops a handful of all-good/all-bad units from producing a degenerate prior;
    at the upper bound (no spread between units beyond chance) every unit is pulled close to
    the overall rate. Posterior:
    θ_i | k_i ~ Beta(α + k_i, β + n_i − k_i); interval from ``scipy.stats.beta.ppf``. Method:
    standard empirical Bayes for binomial rates (e.g. Efron & Morris 1975, *JASA* 70: 311–319;
    Casella 1985, *The American Statistician* 39(2): 83–87).

    Examples
    --------
    >>> rows = ([("A", "满意")] * 3 + [("B", "满意")] * 90 + [("B", "不满意")] * 10
    ...         + [("C", "满意")] * 70 + [("C", "不满意")] * 30)
    >>> df = pd.DataFrame(rows, columns=["window", "g"])
    >>> out = fair_ranking(df, grade="g", unit="window")
    >>> out[["unit", "n", "raw_rate", "rank", "raw_rank"]]
      unit    n  raw_rate  rank  raw_rank
    0    B  100       0.9     1         2
    1    A    3       1.0     2         1
    2    C  100       0.7     3         3
    """
    level = check_level(ci, name="ci")
    if prior not in ("ml", "moments"):
        raise HelpersError(
            f"prior 必须是 'ml' 或 'moments' (prior must be 'ml' or 'moments', got {prior!r})")
    check_frame(data)
    require_columns(data, [grade, unit])
    chosen = _grade_set(satisfied, "satisfied")
    scores = grade_scores(data, grade)
    units = _unit_keys(data, unit)
    ex = Exclusions()
    ex.add(list(data.index[scores.isna()]), "missing grade", column=grade)
    ex.add(list(data.index[units.isna()]), "missing unit", column=unit)
    valid = scores.notna().to_numpy() & units.notna().to_numpy()
    codes, labels = pd.factorize(units[valid], sort=True)
    if len(labels) < 2:
        raise InputError(
            f"列 {unit!r} 只有 {len(labels)} 个单位，至少需要 2 个才能估计先验 "
            f"(column {unit!r} has {len(labels)} unit(s); at least 2 are needed to fit the prior)",
            column=unit,
        )
    hit = np.isin(scores.to_numpy()[valid], list(chosen))
    n = np.bincount(codes, minlength=len(labels)).astype(float)
    k = np.bincount(codes, weights=hit, minlength=len(labels))
    out = _ranking_from_counts(labels, n, k, prior, level)
    out.attrs["definition"] = " + ".join(RATING_GRADES[5 - int(s)]
                                         for s in sorted(chosen, reverse=True))
    return ex.attach(out)


def _ranking_from_counts(labels, n, k, prior: str, level: float) -> pd.DataFrame:
    """The empirical-Bayes ranking of :func:`fair_ranking` from per-unit counts (units sorted);
    shared with the report's DuckDB path, which gets the counts from
    :func:`helpers.ratings_duckdb.satisfaction_rate_parquet`."""
    n = np.asarray(n, dtype=float)
    k = np.asarray(k, dtype=float)
    a, b = _fit_beta_prior(k, n, prior)
    post_a, post_b = a + k, b + n - k
    est = post_a / (post_a + post_b)
    lo = stats.beta.ppf((1 - level) / 2, post_a, post_b)
    hi = stats.beta.ppf((1 + level) / 2, post_a, post_b)
    out = pd.DataFrame({
        "unit": labels,
        "n": n.astype(int),
        "count": k.astype(int),
        "raw_rate": k / n,
        "estimate": est,
        "ci_low": lo,
        "ci_high": hi,
    })
    out["rank"] = out["estimate"].rank(ascending=False, method="min").astype(int)
    out["raw_rank"] = out["raw_rate"].rank(ascending=False, method="min").astype(int)
    out = out.sort_values(["rank", "unit"], kind="stable").reset_index(drop=True)
    out.attrs.update({"prior_alpha": float(a), "prior_beta": float(b),
                      "prior_mean": float(a / (a + b))})
    return out
