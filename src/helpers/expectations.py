"""Where expectations come from and how they move: group levels, drivers, adaptive updating.

Chapter 2 of the course treats three sources of citizens' expectations: information channels,
personal experience and the social and regional background. This module measures them on a
survey and models how expectations update from visit to visit.

Functions:

group_means
    Mean of a score per group with a t confidence interval and the group size.
expectation_drivers
    OLS of an expectation score on categorical factors (dummy coded against stated reference
    levels) and numeric covariates; a tidy coefficient table with intervals.
effects_vs_truth
    Puts known (e.g. simulated) effects next to the estimates of :func:`expectation_drivers`.
experience_sequence
    A fixed, seeded sequence of experienced service levels (input of the adaptive model).
adaptive_expectations
    Adaptive expectations ``E_{t+1} = E_t + λ (P_t − E_t)`` with an optional fading media shock.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence

import numpy as np
import pandas as pd
import statsmodels.api as sm
from scipy import stats

from helpers._validate import (
    Exclusions,
    HelpersError,
    InputError,
    check_frame,
    check_level,
    format_rows,
    require_columns,
)
from helpers.scales import check_scale, column, read_numeric, real_option

__all__ = [
    "group_means",
    "expectation_drivers",
    "effects_vs_truth",
    "experience_sequence",
    "adaptive_expectations",
]


# ----------------------------------------------------------------------------- group means

def _group_column(data: pd.DataFrame, name: Hashable) -> pd.Series:
    """A grouping column as text with missing values kept as NaN."""
    raw = column(data, name)
    out = raw.astype(object).where(raw.notna().to_numpy())
    return out.map(lambda v: v if pd.isna(v) else str(v))


def _names(columns: object, name: str) -> list[Hashable]:
    if isinstance(columns, (str, bytes)) or not isinstance(columns, (Sequence, pd.Index,
                                                                     np.ndarray)):
        raise HelpersError(f"{name} 必须是列名列表 ({name} must be a list of column names, "
                           f"got {columns!r})")
    return list(columns)


def group_means(
    data: pd.DataFrame,
    value: Hashable,
    by: Hashable,
    *,
    ci: float = 0.95,
    order: Sequence[str] | None = None,
    scale: tuple[float, float] | None = None,
) -> pd.DataFrame:
    """Mean of ``value`` in each group of ``by``, with a t confidence interval.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per respondent.
    value : column name
        Numeric column (e.g. a respondent's overall expectation score).
    by : column name
        Grouping column (e.g. ``"channel"`` or ``"region"``); values are compared as text.
    ci : float, default 0.95
        Confidence level of the intervals.
    order : sequence of str, optional
        Order of the groups in the result. Default: the sorted group labels. Every observed
        group must be listed; listed groups absent from the data raise an error.
    scale : (low, high), optional
        If given, values of ``value`` outside it (e.g. 98/99 "don't know" codes) raise
        :class:`~helpers.InputError` naming the rows. Default ``None``: any finite number
        (``value`` is read by :func:`helpers.scales.read_numeric`: text that is not a number,
        booleans and ±inf raise).

    Returns
    -------
    pandas.DataFrame
        One row per group, with columns

        - ``factor`` : the name of ``by`` (so results for several factors can be stacked)
        - ``level`` : the group label
        - ``estimate`` : mean of ``value`` in the group
        - ``sd`` : standard deviation (ddof = 1; NaN if ``n`` < 2)
        - ``se`` : standard error ``sd / √n``
        - ``ci_low``, ``ci_high`` : t interval (NaN if ``n`` < 2)
        - ``n`` : respondents in the group with a non-missing ``value``

        Rows whose ``value`` or ``by`` is missing are excluded and listed in
        ``result.attrs["excluded"]`` (columns ``row, column, reason``); ``attrs["n_used"]``
        is the number of rows used.

    Notes
    -----
    For group g with m observations, mean x̄ and standard deviation s:
    ``x̄ ± t_{(1+ci)/2, m−1} · s / √m`` (the one-sample t interval; e.g. Moore, McCabe &
    Craig, *Introduction to the Practice of Statistics*). Each group has its own variance (no
    pooling), so a small group gets a wide interval.

    Examples
    --------
    >>> df = pd.DataFrame({"E": [5.0, 6.0, 7.0, 4.0, 4.0, None],
    ...                    "g": ["a", "a", "a", "b", "b", "b"]})
    >>> out = group_means(df, "E", "g")
    >>> out[["level", "estimate", "ci_low", "ci_high", "n"]].round(3)
      level  estimate  ci_low  ci_high  n
    0     a       6.0   3.516    8.484  3
    1     b       4.0   4.000    4.000  2
    >>> out.attrs["excluded"]["row"].tolist()
    [5]
    """
    check_frame(data)
    require_columns(data, [value, by])
    if value == by:
        raise HelpersError(f"value 与 by 必须是不同的列 (value and by must be different "
                           f"columns, got {value!r} twice)")
    level = check_level(ci, name="ci")
    values = read_numeric(data, value, scale=check_scale(scale, allow_none=True)).to_numpy()
    groups = _group_column(data, by).to_numpy(object)
    no_value, no_group = np.isnan(values), pd.isna(groups)
    ex = Exclusions()
    ex.add(data.index[no_value], f"missing {value}", column=value)
    ex.add(data.index[no_group & ~no_value], f"missing {by}", column=by)
    keep = ~no_value & ~no_group
    if not keep.any():
        raise InputError(
            f"没有同时含 {value!r} 和 {by!r} 的行 (no row has both {value!r} and {by!r})",
            column=value,
        )
    v, g = values[keep], groups[keep]
    observed = sorted(set(g))
    if order is None:
        levels = observed
    else:
        levels = [str(x) for x in _names(order, "order")]
        unknown = [x for x in levels if x not in observed]
        unlisted = [x for x in observed if x not in levels]
        if unknown or unlisted or len(set(levels)) != len(levels):
            raise HelpersError(
                f"order 与数据中的组不一致 (order must list each group of {by!r} once: "
                f"not in data {unknown}, missing from order {unlisted})"
            )
    rows = []
    for lev in levels:
        x = v[g == lev]
        n = x.size
        mean = float(x.mean())
        if n >= 2:
            sd = float(x.std(ddof=1))
            se = sd / np.sqrt(n)
            half = float(stats.t.ppf(0.5 + level / 2, n - 1)) * se
            lo, hi = mean - half, mean + half
        else:
            sd = se = lo = hi = float("nan")
        rows.append((str(by), lev, mean, sd, se, lo, hi, n))
    out = pd.DataFrame(rows, columns=["factor", "level", "estimate", "sd", "se", "ci_low",
                                      "ci_high", "n"])
    out.attrs["n_used"] = int(keep.sum())
    return ex.attach(out)


# ------------------------------------------------------------------------ driver regression

def expectation_drivers(
    data: pd.DataFrame,
    expectation: Hashable,
    factors: Sequence[Hashable] = (),
    *,
    numeric: Sequence[Hashable] = (),
    reference: Mapping[Hashable, str] | None = None,
    cap: Mapping[Hashable, float] | None = None,
    ci: float = 0.95,
    scale: tuple[float, float] | None = None,
) -> pd.DataFrame:
    """Regress an expectation score on categorical factors and numeric covariates (OLS).

    Parameters
    ----------
    data : pandas.DataFrame
        One row per respondent.
    expectation : column name
        Numeric outcome (e.g. the mean of the 22 expectation items).
    factors : sequence of column names
        Categorical predictors, dummy (treatment) coded: one coefficient per level except the
        reference level.
    numeric : sequence of column names
        Numeric predictors entered linearly (e.g. ``"visits"``).
    reference : mapping, optional
        Reference level of each factor, e.g. ``{"channel": "电视/报纸"}``. Default: the first
        level in sorted order. The reference used is stated in every row of the result.
    cap : mapping, optional
        Upper cap of a numeric predictor, e.g. ``{"visits": 6}`` enters ``min(visits, 6)``
        (a documented transformation, not an exclusion).
    ci : float, default 0.95
        Confidence level of the coefficient intervals.
    scale : (low, high), optional
        If given, values of ``expectation`` outside it (e.g. 98/99 codes) raise
        :class:`~helpers.InputError`. Numeric columns are read by
        :func:`helpers.scales.read_numeric` (text, booleans, ±inf raise).

    Returns
    -------
    pandas.DataFrame
        One row per coefficient, with columns

        - ``term`` : ``'intercept'``, ``'<factor>[<level>]'`` or the numeric column name
        - ``factor`` : the factor or numeric column (``'intercept'`` for the intercept)
        - ``level`` : the level of a factor term (empty for the intercept and numeric terms)
        - ``reference`` : the reference level of the factor (the intercept lists all
          references as ``'factor=level; …'``)
        - ``estimate`` : OLS coefficient: for a factor level, the difference of mean
          expectation from the reference level with the other predictors held fixed
        - ``se`` : conventional (non-robust) standard error
        - ``ci_low``, ``ci_high`` : t interval at level ``ci``
        - ``p_value`` : two-sided t-test of coefficient = 0
        - ``n`` : respondents used

        ``attrs`` holds ``r_squared``, ``adj_r_squared``, ``n``, ``reference`` (dict factor →
        reference level), ``cap`` and ``excluded`` (rows dropped listwise because the outcome
        or a predictor was missing: columns ``row, column, reason``).

    Notes
    -----
    The model is ``E_i = b0 + Σ_f Σ_{l ≠ ref_f} b_{f,l}·[x_{if} = l] + Σ_k c_k·z_{ik} + e_i``,
    fitted by ordinary least squares (``statsmodels.api.OLS``); intervals are
    ``b ± t_{(1+ci)/2, n−p} · se(b)``. With dummy coding, ``b_{f,l}`` compares level l with the
    reference level of the same factor, *adjusting for the other predictors* — unlike the raw
    group means of :func:`group_means`, which mix in differences in the other predictors (e.g.
    people who learnt about the service from past visits have, by definition, more visits).
    Expectation sources: information channels, past experience and social background
    (Zeithaml, Berry & Parasuraman 1993, *JAMS* 21(1)).

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> n = 400
    >>> df = pd.DataFrame({"g": rng.choice(["a", "b", "c"], n), "v": rng.integers(0, 10, n)})
    >>> df["E"] = (5 + df["g"].map({"a": 0.0, "b": 0.5, "c": -0.3}) + 0.1 * df["v"].clip(upper=5)
    ...            + rng.normal(0, 0.05, n))
    >>> fit = expectation_drivers(df, "E", ["g"], numeric=["v"], cap={"v": 5})
    >>> fit[["term", "reference", "estimate"]].round(1)
            term reference  estimate
    0  intercept       g=a       5.0
    1       g[b]         a       0.5
    2       g[c]         a      -0.3
    3          v                 0.1
    """
    check_frame(data)
    factors, numeric = _names(factors, "factors"), _names(numeric, "numeric")
    if not factors and not numeric:
        raise HelpersError("至少需要一个自变量 (give at least one factor or numeric predictor)")
    names = [expectation, *factors, *numeric]
    require_columns(data, names)
    if len(set(names)) != len(names):
        raise HelpersError(f"因变量与自变量必须是不同的列 (the outcome and the predictors must be "
                           f"different columns, got {names})")
    level = check_level(ci, name="ci")
    for name, option in (("reference", reference), ("cap", cap)):
        if option is not None and not isinstance(option, Mapping):
            raise HelpersError(f"{name} 必须是字典 ({name} must be a mapping, got {option!r})")
    reference = dict(reference or {})
    cap = dict(cap or {})
    for key in reference:
        if key not in factors:
            raise HelpersError(f"reference 中的 {key!r} 不是因子 (reference given for {key!r}, "
                               f"which is not in factors {factors})")
    for key, value in cap.items():
        if key not in numeric:
            raise HelpersError(f"cap 中的 {key!r} 不是数值变量 (cap given for {key!r}, which is "
                               f"not in numeric {numeric})")
        cap[key] = real_option(value, f"cap[{key!r}]")

    y = read_numeric(data, expectation, scale=check_scale(scale, allow_none=True))
    cols: dict[Hashable, pd.Series] = {expectation: y}
    for f in factors:
        cols[f] = _group_column(data, f)
    for c in numeric:
        z = read_numeric(data, c)
        cols[c] = z.clip(upper=cap[c]) if c in cap else z
    ex = Exclusions()
    missing_any = np.zeros(len(data), dtype=bool)
    for c, col in cols.items():
        miss = col.isna().to_numpy()
        ex.add(data.index[miss & ~missing_any], f"missing {c}", column=c)
        missing_any |= miss
    used = ~missing_any
    n = int(used.sum())

    design = [np.ones(n)]
    terms: list[tuple[str, str, str, str]] = [("intercept", "intercept", "", "")]
    refs: dict[Hashable, str] = {}
    for f in factors:
        g = cols[f][used].to_numpy(object)
        levels = sorted(set(g))
        ref = str(reference.get(f, levels[0] if levels else ""))
        if ref not in levels:
            raise InputError(
                f"因子 {f!r} 的参照水平 {ref!r} 不在数据中 (reference level {ref!r} of {f!r} "
                f"does not occur among the used rows; levels: {levels})",
                column=f,
            )
        if len(levels) < 2:
            raise InputError(f"因子 {f!r} 只有一个水平 (factor {f!r} has a single level "
                             f"{levels}; it cannot be estimated)", column=f)
        refs[f] = ref
        for lev in levels:
            if lev == ref:
                continue
            design.append((g == lev).astype(float))
            terms.append((f"{f}[{lev}]", str(f), lev, ref))
    for c in numeric:
        design.append(cols[c][used].to_numpy(float))
        terms.append((str(c), str(c), "", ""))
    x = np.column_stack(design)
    p = x.shape[1]
    if n <= p:
        raise InputError(f"有效行只有 {n} 行，少于待估参数 {p} 个 (only {n} complete rows for "
                         f"{p} coefficients)", column=expectation)
    if np.linalg.matrix_rank(x) < p:
        raise InputError(
            "自变量共线（例如某个数值变量没有变化，或两个因子完全重合），无法拟合 "
            "(the predictors are collinear, e.g. a constant numeric column or two factors that "
            "coincide; the model cannot be fitted)",
            column=expectation,
        )
    res = sm.OLS(cols[expectation][used].to_numpy(float), x).fit()
    conf = res.conf_int(alpha=1 - level)
    ref_text = "; ".join(f"{f}={r}" for f, r in refs.items())
    rows = []
    for i, (term, factor, lev, ref) in enumerate(terms):
        rows.append((term, factor, lev, ref_text if term == "intercept" else ref,
                     float(res.params[i]), float(res.bse[i]), float(conf[i, 0]),
                     float(conf[i, 1]), float(res.pvalues[i]), n))
    out = pd.DataFrame(rows, columns=["term", "factor", "level", "reference", "estimate", "se",
                                      "ci_low", "ci_high", "p_value", "n"])
    out.attrs.update({"r_squared": float(res.rsquared), "adj_r_squared": float(res.rsquared_adj),
                      "n": n, "reference": {str(k): v for k, v in refs.items()},
                      "cap": {str(k): float(v) for k, v in cap.items()}})
    return ex.attach(out)


def effects_vs_truth(
    drivers: pd.DataFrame,
    truth: Mapping[str, Mapping[str, float] | float],
) -> pd.DataFrame:
    """Put known effects (e.g. the parameters of a simulation) next to estimated ones.

    Parameters
    ----------
    drivers : pandas.DataFrame
        The result of :func:`expectation_drivers`.
    truth : mapping
        For a factor: a mapping level → true shift of that level (on any baseline; only the
        differences from the reference level are compared). For a numeric predictor: its true
        slope (a float).

    Returns
    -------
    pandas.DataFrame
        One row per estimated factor level and numeric term found in ``truth``, with columns

        - ``factor``, ``level``, ``reference`` : as in ``drivers``
        - ``true_effect`` : truth[level] − truth[reference] (or the true slope)
        - ``estimate``, ``ci_low``, ``ci_high`` : from ``drivers``
        - ``error`` : ``estimate − true_effect``
        - ``covered`` : whether the interval contains the true effect

    Notes
    -----
    With treatment coding the coefficient of level l estimates ``shift(l) − shift(ref)``, so a
    truth given as absolute shifts is converted to that contrast before comparing. An interval
    at level 95 % should cover the truth in about 95 % of repeated samples; a miss now and then
    is expected.

    Examples
    --------
    >>> rng = np.random.default_rng(3)
    >>> df = pd.DataFrame({"g": rng.choice(["a", "b"], 300)})
    >>> df["E"] = 5 + df["g"].map({"a": 0.2, "b": 0.7}) + rng.normal(0, 0.3, 300)
    >>> cmp = effects_vs_truth(expectation_drivers(df, "E", ["g"]), {"g": {"a": 0.2, "b": 0.7}})
    >>> cmp[["level", "reference", "true_effect", "covered"]]
      level reference  true_effect  covered
    0     b         a          0.5     True
    """
    check_frame(drivers, name="drivers")
    require_columns(drivers, ["term", "factor", "level", "reference", "estimate", "ci_low",
                              "ci_high"], name="drivers")
    if not isinstance(truth, Mapping):
        raise HelpersError(f"truth 必须是字典 (truth must be a mapping, got {truth!r})")
    rows = []
    for row in drivers.itertuples(index=False):
        if row.factor not in truth or row.term == "intercept":
            continue
        t = truth[row.factor]
        if isinstance(t, Mapping):
            if row.level not in t or row.reference not in t:
                raise HelpersError(
                    f"truth[{row.factor!r}] 缺少水平 (truth for {row.factor!r} lacks level "
                    f"{row.level!r} or reference {row.reference!r})"
                )
            true = (real_option(t[row.level], f"truth[{row.factor!r}][{row.level!r}]")
                    - real_option(t[row.reference], f"truth[{row.factor!r}][{row.reference!r}]"))
        else:
            true = real_option(t, f"truth[{row.factor!r}]")
        rows.append((row.factor, row.level, row.reference, true, row.estimate, row.ci_low,
                     row.ci_high, row.estimate - true, bool(row.ci_low <= true <= row.ci_high)))
    if not rows:
        raise HelpersError("truth 与 drivers 没有共同的项 (no term of drivers is in truth)")
    return pd.DataFrame(rows, columns=["factor", "level", "reference", "true_effect", "estimate",
                                       "ci_low", "ci_high", "error", "covered"])


# ---------------------------------------------------------------------- adaptive expectations

def experience_sequence(
    n_visits: int = 20,
    level: float = 5.0,
    spread: float = 0.2,
    *,
    seed: int = 2,
    scale: tuple[float, float] = (1, 7),
) -> np.ndarray:
    """A fixed sequence of experienced service levels: steady service with small variation.

    Parameters
    ----------
    n_visits : int, default 20
        Number of visits.
    level : float, default 5.0
        Typical service level on the response scale.
    spread : float, default 0.2
        Standard deviation of the visit-to-visit variation (normal, seeded).
    seed : int, default 2
        Seed of ``numpy.random.default_rng``; the same seed gives the same sequence.
    scale : (low, high), default (1, 7)
        Values are clipped to the scale.

    Returns
    -------
    numpy.ndarray
        ``P_1, …, P_n``: ``clip(level + N(0, spread), low, high)`` rounded to 2 decimals.

    Notes
    -----
    ``P_t = round(clip(level + ε_t, low, high), 2)`` with ``ε_t ~ N(0, spread²)`` independent,
    drawn from ``numpy.random.default_rng(seed)``. This is an illustrative input for
    :func:`adaptive_expectations` (the chapter 2 widget uses ``experience_sequence(20, 5.0, 0.15,
    seed=2)``), not a model estimated from data; it has no published source. Invalid options
    (``n_visits`` < 1, ``spread`` < 0, ``level`` outside the scale, a negative ``seed``) raise
    :class:`~helpers.HelpersError`.

    Examples
    --------
    >>> experience_sequence(5, 5.0, 0.0)
    array([5., 5., 5., 5., 5.])
    >>> bool((experience_sequence(20) == experience_sequence(20)).all())
    True
    """
    n = int(real_option(n_visits, "n_visits", lo=1, hi=100_000, integer=True))
    spread = real_option(spread, "spread", lo=0)
    lo_hi = check_scale(scale)
    assert lo_hi is not None
    lo, hi = lo_hi
    level = real_option(level, "level", lo=lo, hi=hi)
    seed = int(real_option(seed, "seed", lo=0, integer=True))
    rng = np.random.default_rng(seed)
    return np.round(np.clip(level + rng.normal(0.0, spread, n), lo, hi), 2)


def adaptive_expectations(
    experience: Sequence[float] | np.ndarray,
    *,
    initial: float,
    rate: float,
    shock_size: float = 0.0,
    shock_visit: int | None = None,
    shock_decay: float = 0.6,
    scale: tuple[float, float] = (1, 7),
) -> pd.DataFrame:
    """Expectations that learn from each visit, with an optional fading media shock.

    Parameters
    ----------
    experience : array-like of float
        Experienced service ``P_1, …, P_T`` at visits 1 … T (on the response scale).
    initial : float
        Expectation before the first visit, ``E_1``.
    rate : float
        Update rate λ in [0, 1]: the share of the last surprise ``P_t − E_t`` carried into the
        next expectation.
    shock_size : float, default 0
        Shift of expectations by a media story (e.g. a viral video of very fast service
        elsewhere: positive), in scale points, at the visit where it appears.
    shock_visit : int, optional
        Visit k (1 … T) before which the story appears; ``None`` means no shock.
    shock_decay : float, default 0.6
        Share δ in [0, 1) of the shock left at the next visit.
    scale : (low, high), default (1, 7)
        Response scale; inputs must lie in it and expectations are clipped to it.

    Returns
    -------
    pandas.DataFrame
        One row per visit, with columns

        - ``visit`` : t = 1 … T
        - ``experience`` : ``P_t``
        - ``baseline`` : ``B_t``, the expectation learnt from own visits alone (no story)
        - ``shock`` : ``s_t``, the part of the expectation due to the story
        - ``expectation`` : ``E_t = clip(B_t + s_t)``, held before visit t
        - ``gap`` : ``P_t − E_t`` (negative: the visit fell short of the expectation)

    Notes
    -----
    Adaptive expectations (Cagan 1956; Nerlove 1958): the expectation moves a fixed share λ of
    the way towards what was just experienced,

    ``B_1 = E_1``,  ``B_{t+1} = B_t + λ·(P_t − B_t) = (1 − λ)·B_t + λ·P_t``.

    The media story is a temporary shift on top of this: ``s_t = size·δ^(t−k)`` for t ≥ k and
    0 before, so ``E_t = B_t + s_t`` (clipped to the scale). Learning uses the person's own
    experience (``B``), so the story's influence fades at rate δ whatever λ is; this is a
    modelling choice made for teaching, stated here so the chart can be read.

    Properties: with a constant ``P`` and no shock, ``E_t = P + (E_1 − P)(1 − λ)^(t−1)``;
    λ = 0 keeps ``E`` at ``E_1``; λ = 1 gives ``E_{t+1} = P_t``; each ``B_t`` is a weighted
    average of ``E_1`` and past ``P``, so it stays inside the scale.

    Examples
    --------
    >>> out = adaptive_expectations([5.0, 5.0, 5.0, 5.0], initial=6.0, rate=0.5)
    >>> out[["visit", "experience", "expectation", "gap"]]
       visit  experience  expectation    gap
    0      1         5.0        6.000 -1.000
    1      2         5.0        5.500 -0.500
    2      3         5.0        5.250 -0.250
    3      4         5.0        5.125 -0.125
    >>> adaptive_expectations([5.0] * 4, initial=5.0, rate=0.5, shock_size=1.0,
    ...                       shock_visit=2, shock_decay=0.5)["shock"].tolist()
    [0.0, 1.0, 0.5, 0.25]
    """
    lo_hi = check_scale(scale)
    assert lo_hi is not None
    lo, hi = lo_hi
    try:
        raw = np.atleast_1d(np.asarray(experience, dtype=object)).ravel()
        if any(isinstance(v, (bool, np.bool_, str, bytes)) for v in raw):
            raise TypeError
        p = raw.astype(float)
    except (TypeError, ValueError):
        raise InputError(f"experience 必须是数字（不能是文本或 True/False） (experience must be "
                         f"numeric, not text or bools, got {experience!r})",
                         column="experience") from None
    if p.size == 0:
        raise InputError("experience 为空 (experience is empty: at least one visit needed)",
                         column="experience")
    bad = ~np.isfinite(p) | (p < lo) | (p > hi)
    if bad.any():
        pos = [int(i) + 1 for i in np.flatnonzero(bad)]
        raise InputError(
            f"experience 第 {format_rows(pos)} 次的值缺失或超出 {lo:g}–{hi:g} "
            f"(experience missing or outside [{lo:g}, {hi:g}] at visits {format_rows(pos)})",
            column="experience", rows=pos,
        )
    initial = real_option(initial, "initial", lo=lo, hi=hi)
    rate = real_option(rate, "rate", lo=0, hi=1)
    shock_decay = real_option(shock_decay, "shock_decay", lo=0, hi=1, hi_open=True)
    shock_size = real_option(shock_size, "shock_size")
    t_max = p.size
    visits = np.arange(1, t_max + 1)
    shock = np.zeros(t_max)
    if shock_visit is not None:
        if isinstance(shock_visit, (bool, np.bool_)) or not isinstance(
                shock_visit, (int, np.integer)) or not 1 <= shock_visit <= t_max:
            raise HelpersError(f"shock_visit 必须是 1–{t_max} 之间的整数 (shock_visit must be an "
                               f"integer visit in 1..{t_max}, got {shock_visit!r})")
        after = visits >= shock_visit
        shock[after] = float(shock_size) * float(shock_decay) ** (visits[after] - shock_visit)
    lam = float(rate)
    base = np.empty(t_max)
    b = float(initial)
    for t in range(t_max):          # T is small (tens of visits); a loop is clearest
        base[t] = b
        b = b + lam * (p[t] - b)
    e = np.clip(base + shock, lo, hi)
    return pd.DataFrame({"visit": visits, "experience": p, "baseline": base, "shock": shock,
                         "expectation": e, "gap": p - e})
