"""Expectation–disconfirmation: the gap between what citizens expected and what they got.

The expectation–disconfirmation theory (EDT; Oliver 1980) says that satisfaction depends on the
prior expectation and on how far performance confirmed it. With the *subtractive* (additive
difference) measure, disconfirmation is ``D = P − E``: positive when performance beats the
expectation, negative when it falls short. Van Ryzin (2004, 2006) carried the model into public
administration (citizen satisfaction with urban services).

Functions
---------
disconfirmation
    Per-respondent ``D = P − E``, keeping the original index.
fit_edt
    OLS of satisfaction on expectation and disconfirmation (and the equivalent E/P form).
predict_satisfaction
    Fast predictor for widgets: satisfaction from E and P under given coefficients.
expectation_gap_summary
    Share of respondents below / at / above their expectation and their mean satisfaction.
gap_groups
    The group of each respondent (below / at / above the expectation) and a 0/1 ``negative``.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence

import numpy as np
import pandas as pd
import statsmodels.api as sm
from scipy import stats
from statsmodels.stats.proportion import proportion_confint

from helpers._validate import (
    Exclusions,
    HelpersError,
    InputError,
    check_frame,
    check_level,
    format_rows,
    require_columns,
)
from helpers.scales import DEFAULT_SCALE, check_scale, read_numeric, real_option

__all__ = [
    "DEFAULT_COEFFICIENTS",
    "GAP_LABELS",
    "disconfirmation",
    "fit_edt",
    "predict_satisfaction",
    "edt_coefficients",
    "expectation_gap_summary",
    "gap_groups",
]

DEFAULT_COEFFICIENTS: dict[str, float] = {
    "intercept": 1.5,
    "expectation": 0.7,
    "disconfirmation": 0.8,
}
"""Illustrative coefficients of ``S = a + bE·E + bD·D`` on a 1–7 scale.

They are **not** estimates from any study (the coefficients of Van Ryzin 2004/2006 are not
reproduced here); they were chosen so that a widget shows the textbook pattern: at a fixed
performance, a higher expectation lowers satisfaction (``bE − bD = −0.1`` in the E/P form) and
``E = P`` gives a satisfaction near the middle of the scale. Replace them with the output of
:func:`fit_edt` on real data.
"""

GAP_LABELS: dict[str, str] = {
    "negative": "低于期望（负向不一致）",
    "zero": "符合期望（确认）",
    "positive": "超出期望（正向不一致）",
}
"""Chinese labels of the three disconfirmation groups used by :func:`expectation_gap_summary`."""


def _check_scale(scale: tuple[float, float] | None) -> tuple[float, float] | None:
    return check_scale(scale, allow_none=True)


def _distinct(*columns: Hashable) -> None:
    if len(set(columns)) != len(columns):
        raise HelpersError(f"各变量必须是不同的列 (each variable must be a different column, "
                           f"got {list(columns)})")


def disconfirmation(
    data: pd.DataFrame,
    expectation: Hashable,
    perception: Hashable,
    *,
    scale: tuple[float, float] | None = DEFAULT_SCALE,
) -> pd.DataFrame:
    """Subtractive disconfirmation ``D = P − E`` for every row.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per respondent (or per respondent × item).
    expectation, perception : column name
        Numeric columns holding the expectation ``E`` and the perceived performance ``P``, on
        the same scale.
    scale : (low, high) or None, default (1, 7)
        Response scale of E and P; values outside it (e.g. 98/99 "don't know" codes) raise
        :class:`~helpers.InputError` naming the column and the rows. ``None``: no range check.

    Returns
    -------
    pandas.DataFrame
        Same index as ``data``, with columns

        - ``expectation`` : E (float)
        - ``perception`` : P (float)
        - ``disconfirmation`` : D = P − E; missing where E or P is missing.

        Rows with a missing E or P are kept (D is NaN) and listed in
        ``result.attrs["excluded"]`` (columns ``row, column, reason``).

    Notes
    -----
    ``D = P − E`` is the additive-difference (subtractive) disconfirmation. ``D > 0`` is
    positive disconfirmation (performance better than expected), ``D < 0`` negative
    disconfirmation (worse than expected). Source: Oliver (1980), *Journal of Marketing
    Research* 17(4): 460–469; public-sector use in Van Ryzin (2004), *JPAM* 23(3): 433–448 and
    Van Ryzin (2006), *JPART* 16(4): 599–611 (which found the model holds with subtractive D).

    Examples
    --------
    >>> df = pd.DataFrame({"E": [5, 6, 4], "P": [6, 4, 4]}, index=["a", "b", "c"])
    >>> disconfirmation(df, expectation="E", perception="P")
       expectation  perception  disconfirmation
    a          5.0         6.0              1.0
    b          6.0         4.0             -2.0
    c          4.0         4.0              0.0
    """
    check_frame(data)
    require_columns(data, [expectation, perception])
    _distinct(expectation, perception)
    scale = _check_scale(scale)
    e = read_numeric(data, expectation, scale=scale).to_numpy()
    p = read_numeric(data, perception, scale=scale).to_numpy()
    out = pd.DataFrame({"expectation": e, "perception": p, "disconfirmation": p - e},
                       index=data.index)
    ex = Exclusions()
    ex.add(data.index[np.isnan(e)], "missing expectation", column=expectation)
    ex.add(data.index[np.isnan(p)], "missing perception", column=perception)
    return ex.attach(out)


def _listwise(data: pd.DataFrame, columns: Sequence[Hashable], names: Sequence[str],
              scale: tuple[float, float] | None) -> tuple[pd.DataFrame, Exclusions]:
    """Numeric columns of ``data`` with rows missing any value dropped (and recorded)."""
    _distinct(*columns)
    frame = pd.DataFrame({n: read_numeric(data, c, scale=scale).to_numpy()
                          for c, n in zip(columns, names)}, index=data.index)
    ex = Exclusions()
    for c, n in zip(columns, names):
        ex.add(frame.index[frame[n].isna().to_numpy()], f"missing {n}", column=c)
    return frame.dropna(), ex


def fit_edt(
    data: pd.DataFrame,
    satisfaction: Hashable,
    expectation: Hashable,
    perception: Hashable,
    *,
    ci: float = 0.95,
    scale: tuple[float, float] | None = DEFAULT_SCALE,
) -> pd.DataFrame:
    """Fit the expectation–disconfirmation model by ordinary least squares.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per respondent.
    satisfaction, expectation, perception : column name
        Numeric columns ``S``, ``E`` and ``P``.
    ci : float, default 0.95
        Confidence level of the coefficient intervals.
    scale : (low, high) or None, default (1, 7)
        Response scale of S, E and P; values outside it (e.g. 98/99 codes) raise
        :class:`~helpers.InputError` naming the column and the rows. ``None``: no range check.

    Returns
    -------
    pandas.DataFrame
        Six rows, two per parameterisation, with columns

        - ``model`` : ``'E_D'`` (S on E and D, the fitted form) or ``'E_P'`` (the same fit
          written in E and P)
        - ``term`` : ``'intercept'``, ``'expectation'``, ``'disconfirmation'`` (E_D) or
          ``'intercept'``, ``'expectation'``, ``'perception'`` (E_P)
        - ``estimate`` : OLS coefficient
        - ``se`` : its (non-robust) standard error
        - ``ci_low``, ``ci_high`` : t-based confidence interval at level ``ci``
        - ``p_value`` : two-sided t-test of coefficient = 0
        - ``n`` : respondents used
        - ``r_squared`` : R² of the model (the same in both forms)

        ``result.attrs`` holds ``r_squared``, ``adj_r_squared``, ``n`` and ``excluded`` (rows
        dropped because S, E or P was missing: columns ``row, column, reason``).

    Notes
    -----
    The textbook linear form is ``S = b0 + b1·E + b2·P + b3·D + e``. With the subtractive
    ``D = P − E`` this model is **not identified**: D is an exact linear combination of E and
    P, so no data can separate b1, b2 and b3. It is therefore fitted as

    ``S = a + bE·E + bD·D + e``  (model ``'E_D'``),

    which is the same fit as ``S = a + (bE − bD)·E + bD·P + e`` (model ``'E_P'``): the
    perception coefficient equals bD and the E coefficient in the E/P form is bE − bD. Both
    forms are reported (the E/P form is refitted, so its standard errors are exact). Sources:
    Oliver (1980), *JMR* 17(4): 460–469; Van Ryzin (2004), *JPAM* 23(3): 433–448; Van Ryzin
    (2006), *JPART* 16(4): 599–611. Rows with any of S, E, P missing are excluded (listwise)
    and reported in ``attrs["excluded"]``.

    Examples
    --------
    >>> rng = np.random.default_rng(1)
    >>> e = rng.integers(1, 8, 200).astype(float)
    >>> p = rng.integers(1, 8, 200).astype(float)
    >>> s = 1.0 + 0.5 * e + 0.8 * (p - e) + rng.normal(0, 0.1, 200)   # not on a 1–7 scale
    >>> fit = fit_edt(pd.DataFrame({"S": s, "E": e, "P": p}), "S", "E", "P", scale=None)
    >>> fit[["model", "term", "estimate"]].round(1)
      model             term  estimate
    0   E_D        intercept       1.0
    1   E_D      expectation       0.5
    2   E_D  disconfirmation       0.8
    3   E_P        intercept       1.0
    4   E_P      expectation      -0.3
    5   E_P       perception       0.8
    """
    check_frame(data)
    require_columns(data, [satisfaction, expectation, perception])
    level = check_level(ci, name="ci")
    frame, ex = _listwise(data, [satisfaction, expectation, perception], ["S", "E", "P"],
                          _check_scale(scale))
    n = len(frame)
    if n < 4:
        raise InputError(
            f"有效行只有 {n} 行，拟合需要至少 4 行 "
            f"(only {n} complete rows; at least 4 are needed to fit the model)",
        )
    s = frame["S"].to_numpy()
    e = frame["E"].to_numpy()
    p = frame["P"].to_numpy()
    d = p - e
    rows = []
    r2 = adj = float("nan")
    for model, x2, terms in (("E_D", d, ("intercept", "expectation", "disconfirmation")),
                             ("E_P", p, ("intercept", "expectation", "perception"))):
        x = np.column_stack([np.ones(n), e, x2])
        if np.linalg.matrix_rank(x) < 3:
            raise InputError(
                f"{expectation!r} 与 {perception!r} 共线（例如差距恒定或无变化），无法拟合 "
                f"(columns {expectation!r} and {perception!r} are collinear or constant; "
                f"the model cannot be fitted)",
                column=expectation,
            )
        res = sm.OLS(s, x).fit()
        conf = res.conf_int(alpha=1 - level)
        r2, adj = float(res.rsquared), float(res.rsquared_adj)
        for i, term in enumerate(terms):
            rows.append((model, term, res.params[i], res.bse[i], conf[i, 0], conf[i, 1],
                         res.pvalues[i], n, r2))
    out = pd.DataFrame(rows, columns=["model", "term", "estimate", "se", "ci_low", "ci_high",
                                      "p_value", "n", "r_squared"])
    out.attrs.update({"r_squared": r2, "adj_r_squared": adj, "n": n})
    return ex.attach(out)


def edt_coefficients(coefficients: pd.DataFrame | Mapping[str, float] | None = None
                     ) -> tuple[float, float, float]:
    """``(a, bE, bD)`` of ``S = a + bE·E + bD·(P − E)`` from any accepted coefficient spec.

    Parameters
    ----------
    coefficients : DataFrame, mapping or None
        A :func:`fit_edt` result (columns ``term`` and ``estimate``; only its ``'E_D'`` rows
        are read when it has a ``model`` column), a mapping with keys ``intercept,
        expectation, disconfirmation`` (E/D form) or ``intercept, expectation, perception``
        (E/P form), or ``None`` for the illustrative :data:`DEFAULT_COEFFICIENTS`. Missing
        keys or non-numeric values raise :class:`~helpers.HelpersError`.

    Returns
    -------
    tuple of float
        ``(a, bE, bD)``: intercept, expectation and disconfirmation coefficient of the E/D form.

    Notes
    -----
    The E/D form ``S = a + bE·E + bD·D`` with ``D = P − E`` is the same model as the E/P form
    ``S = a + bE′·E + bP·P``, so ``bD = bP`` and ``bE = bE′ + bP`` (see :func:`fit_edt`).
    When a mapping holds both ``disconfirmation`` and ``perception``, the E/D form is used.
    Sources: Oliver (1980), *JMR* 17(4): 460–469; Van Ryzin (2004), *JPAM* 23(3): 433–448.

    Validated against: statsmodels ``ols("S ~ E + P").predict`` (through
    :func:`predict_satisfaction`, from a :func:`fit_edt` result and from its E/P mapping) —
    tests/test_confirmation.py.

    Examples
    --------
    >>> edt_coefficients({"intercept": 1.0, "expectation": -0.5, "perception": 0.9})
    (1.0, 0.4, 0.9)
    >>> edt_coefficients(None)
    (1.5, 0.7, 0.8)
    """
    if coefficients is None:
        c = DEFAULT_COEFFICIENTS
        return c["intercept"], c["expectation"], c["disconfirmation"]
    if isinstance(coefficients, pd.DataFrame):
        require_columns(coefficients, ["term", "estimate"], name="coefficients")
        frame = coefficients
        if "model" in frame.columns:
            frame = frame[frame["model"] == "E_D"]
        mapping = dict(zip(frame["term"], frame["estimate"]))
    elif isinstance(coefficients, Mapping):
        mapping = dict(coefficients)
    else:
        raise HelpersError(
            "coefficients 必须是 fit_edt 的结果或字典 "
            "(coefficients must be a fit_edt result or a mapping, "
            f"got {type(coefficients).__name__})"
        )
    def num(key: str) -> float:
        return real_option(mapping[key], f"coefficients[{key!r}]")

    if {"intercept", "expectation", "disconfirmation"} <= mapping.keys():
        return num("intercept"), num("expectation"), num("disconfirmation")
    if {"intercept", "expectation", "perception"} <= mapping.keys():
        b_p = num("perception")
        return num("intercept"), num("expectation") + b_p, b_p
    raise HelpersError(
        "coefficients 需要 intercept、expectation 和 disconfirmation（或 perception） "
        "(coefficients need 'intercept', 'expectation' and 'disconfirmation' (or 'perception'); "
        f"got {sorted(map(str, mapping))})"
    )


def _as_values(x: object, name: str, scale: tuple[float, float]) -> np.ndarray:
    try:
        raw = np.atleast_1d(np.asarray(x, dtype=object)).ravel()
        if any(isinstance(v, (bool, np.bool_, str, bytes)) for v in raw):
            raise TypeError
        arr = raw.astype(float)
    except (TypeError, ValueError):
        raise InputError(f"{name} 必须是数字（不能是文本或 True/False） ({name} must be numeric, "
                         f"not text or bools, got {x!r})", column=name) from None
    if arr.size == 0:
        raise InputError(f"{name} 为空 ({name} is empty)", column=name)
    bad = ~np.isfinite(arr) | (arr < scale[0]) | (arr > scale[1])
    if bad.any():
        pos = list(np.flatnonzero(bad))
        raise InputError(
            f"{name} 第 {format_rows(pos)} 个值缺失或超出 {scale[0]:g}–{scale[1]:g} 的范围 "
            f"({name}: missing or outside [{scale[0]:g}, {scale[1]:g}] at positions "
            f"{format_rows(pos)})",
            column=name, rows=pos,
        )
    return arr


def predict_satisfaction(
    expectation: float | Sequence[float] | np.ndarray,
    perception: float | Sequence[float] | np.ndarray,
    coefficients: pd.DataFrame | Mapping[str, float] | None = None,
    scale: tuple[float, float] = (1, 7),
    *,
    grid: bool = False,
) -> pd.DataFrame:
    """Predicted satisfaction from expectation and perception (the widgets' predictor).

    Parameters
    ----------
    expectation, perception : float or array-like
        Values of E and P on the scale. Scalars and arrays broadcast against each other.
    coefficients : DataFrame or mapping, optional
        The output of :func:`fit_edt` (its ``'E_D'`` rows are used), or a mapping with keys
        ``intercept, expectation, disconfirmation`` (E/D form) or ``intercept, expectation,
        perception`` (E/P form). Default: :data:`DEFAULT_COEFFICIENTS`, which are
        **illustrative only** (a = 1.5, bE = 0.7, bD = 0.8), not estimates from a study.
    scale : (low, high), default (1, 7)
        Response scale; inputs must lie in it and predictions are clipped to it.
    grid : bool, default False
        If true, predict on the Cartesian product of ``expectation`` × ``perception``
        (expectation varies slowest).

    Returns
    -------
    pandas.DataFrame
        One row per prediction, with columns

        - ``expectation`` : E
        - ``perception`` : P
        - ``gap`` : D = P − E
        - ``predicted_satisfaction`` : a + bE·E + bD·D, clipped to ``scale``

    Notes
    -----
    ``S = a + bE·E + bD·(P − E)`` is the expectation–disconfirmation model in the identified
    E/D form (see :func:`fit_edt`); Oliver (1980), *JMR* 17(4): 460–469; Van Ryzin (2004),
    *JPAM* 23(3): 433–448. Clipping keeps a linear prediction inside the response scale; it is
    a display choice, not part of the model.

    Examples
    --------
    >>> predict_satisfaction(4, [3, 4, 6])
       expectation  perception  gap  predicted_satisfaction
    0          4.0         3.0 -1.0                     3.5
    1          4.0         4.0  0.0                     4.3
    2          4.0         6.0  2.0                     5.9
    >>> predict_satisfaction([1, 7], [1, 7], {"intercept": 0, "expectation": 1,
    ...                      "disconfirmation": 1}, grid=True)
       expectation  perception  gap  predicted_satisfaction
    0          1.0         1.0  0.0                     1.0
    1          1.0         7.0  6.0                     7.0
    2          7.0         1.0 -6.0                     1.0
    3          7.0         7.0  0.0                     7.0
    """
    scale_t = _check_scale(scale)
    assert scale_t is not None
    a, b_e, b_d = edt_coefficients(coefficients)
    e = _as_values(expectation, "expectation", scale_t)
    p = _as_values(perception, "perception", scale_t)
    if grid:
        e, p = np.repeat(e, p.size), np.tile(p, e.size)
    else:
        try:
            e, p = np.broadcast_arrays(e, p)
        except ValueError:
            raise HelpersError(
                f"expectation 与 perception 的长度不一致 (expectation and perception have "
                f"incompatible lengths {e.size} and {p.size}; use grid=True for all pairs)"
            )
    gap = p - e
    pred = np.clip(a + b_e * e + b_d * gap, scale_t[0], scale_t[1])
    return pd.DataFrame({"expectation": e, "perception": p, "gap": gap,
                         "predicted_satisfaction": pred})


def _mean_ci(values: np.ndarray, level: float) -> tuple[float, float, float]:
    n = values.size
    if n == 0:
        return float("nan"), float("nan"), float("nan")
    mean = float(values.mean())
    if n < 2:
        return mean, float("nan"), float("nan")
    half = stats.t.ppf(0.5 + level / 2, n - 1) * values.std(ddof=1) / np.sqrt(n)
    return mean, mean - half, mean + half


def expectation_gap_summary(
    data: pd.DataFrame,
    expectation: Hashable,
    perception: Hashable,
    satisfaction: Hashable,
    *,
    bins: Sequence[float] | None = None,
    tolerance: float = 0.0,
    ci: float = 0.95,
    scale: tuple[float, float] | None = DEFAULT_SCALE,
) -> pd.DataFrame:
    """How many respondents fell below, met or exceeded their expectation, and how satisfied.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per respondent.
    expectation, perception, satisfaction : column name
        Numeric columns E, P and S.
    bins : sequence of float, optional
        Edges for grouping ``D = P − E`` (right-closed intervals as in :func:`pandas.cut`,
        e.g. ``[-6, -1, 0, 6]``). Default ``None``: three groups by the sign of D —
        ``negative`` (D < −tolerance), ``zero`` (``|D| ≤ tolerance``), ``positive``
        (D > tolerance).
    tolerance : float, default 0
        Half-width of the "met the expectation" band when ``bins`` is None (useful for
        averaged multi-item scores, where an exact 0 is rare).
    ci : float, default 0.95
        Confidence level.
    scale : (low, high) or None, default (1, 7)
        Response scale of E, P and S (as in :func:`fit_edt`).

    Returns
    -------
    pandas.DataFrame
        Two rows per group (long form), with columns

        - ``group`` : ``'negative'``, ``'zero'``, ``'positive'`` (or the interval label of
          ``bins``)
        - ``label`` : Chinese label (for sign groups; the interval text otherwise)
        - ``measure`` : ``'share'`` (share of respondents in the group) or
          ``'mean_satisfaction'``
        - ``estimate`` : the share, or the mean satisfaction in the group
        - ``ci_low``, ``ci_high`` : Wilson interval for the share; t interval for the mean
          (NaN when the group has fewer than 2 respondents)
        - ``count`` : respondents in the group
        - ``n`` : denominator of the estimate (all used respondents for a share; ``count``
          for a mean)

        ``result.attrs["excluded"]`` lists rows dropped for a missing E, P or S.

    Notes
    -----
    D = P − E (subtractive disconfirmation; Oliver 1980, *JMR* 17(4): 460–469; Van Ryzin 2006,
    *JPART* 16(4): 599–611). Share interval: Wilson score interval
    (``statsmodels.stats.proportion.proportion_confint(method='wilson')``). Mean interval:
    ``mean ± t_{(1+ci)/2, m−1} · sd / √m``.

    Examples
    --------
    >>> df = pd.DataFrame({"E": [5, 5, 4, 3, 6, 4], "P": [3, 5, 6, 5, 4, 4],
    ...                    "S": [2, 4, 6, 6, 3, 5]})
    >>> out = expectation_gap_summary(df, "E", "P", "S")
    >>> out[["group", "measure", "estimate", "count", "n"]].round(3)
          group            measure  estimate  count  n
    0  negative              share     0.333      2  6
    1  negative  mean_satisfaction     2.500      2  2
    2      zero              share     0.333      2  6
    3      zero  mean_satisfaction     4.500      2  2
    4  positive              share     0.333      2  6
    5  positive  mean_satisfaction     6.000      2  2
    """
    check_frame(data)
    require_columns(data, [expectation, perception, satisfaction])
    level = check_level(ci, name="ci")
    tolerance = real_option(tolerance, "tolerance", lo=0)
    frame, ex = _listwise(data, [expectation, perception, satisfaction], ["E", "P", "S"],
                          _check_scale(scale))
    total = len(frame)
    if total == 0:
        raise InputError(
            "没有完整的行（期望、感知、满意度均非缺失） "
            "(no complete rows: every row misses expectation, perception or satisfaction)"
        )
    d = (frame["P"] - frame["E"]).to_numpy()
    s = frame["S"].to_numpy()
    if bins is None:
        groups = [("negative", GAP_LABELS["negative"], d < -tolerance),
                  ("zero", GAP_LABELS["zero"], np.abs(d) <= tolerance),
                  ("positive", GAP_LABELS["positive"], d > tolerance)]
    else:
        try:
            if isinstance(bins, (str, bytes)) or any(isinstance(b, (bool, np.bool_, str))
                                                     for b in bins):
                raise TypeError
            edges = np.asarray(bins, dtype=float)
        except (TypeError, ValueError):
            raise HelpersError(f"bins 必须是递增的数字边界 (bins must be increasing numeric edges, "
                               f"got {bins!r})") from None
        if edges.ndim != 1 or edges.size < 2 or not np.isfinite(edges).all() \
                or np.any(np.diff(edges) <= 0):
            raise HelpersError(f"bins 必须是递增的边界 (bins must be increasing edges, got {bins!r})")
        cut = pd.cut(pd.Series(d), edges)
        if cut.isna().any():
            rows = list(frame.index[cut.isna().to_numpy()])
            raise InputError(
                f"第 {format_rows(rows)} 行的差距 P−E 不在 bins 范围内 "
                f"(disconfirmation outside the bins in rows {format_rows(rows)})",
                column=perception, rows=rows,
            )
        groups = [(str(c), str(c), (cut == c).to_numpy()) for c in cut.cat.categories]
    rows_out = []
    for name, label, mask in groups:
        count = int(mask.sum())
        lo, hi = proportion_confint(count, total, alpha=1 - level, method="wilson")
        lo = 0.0 if count == 0 else float(lo)  # statsmodels gives ~1e-17 at k = 0
        hi = 1.0 if count == total else float(hi)
        rows_out.append((name, label, "share", count / total, lo, hi, count, total))
        mean, mlo, mhi = _mean_ci(s[mask], level)
        rows_out.append((name, label, "mean_satisfaction", mean, mlo, mhi, count, count))
    out = pd.DataFrame(rows_out, columns=["group", "label", "measure", "estimate", "ci_low",
                                          "ci_high", "count", "n"])
    return ex.attach(out)


def gap_groups(
    data: pd.DataFrame,
    expectation: Hashable,
    perception: Hashable,
    *,
    tolerance: float = 0.0,
) -> pd.DataFrame:
    """Put every respondent in a disconfirmation group: below, at or above the expectation.

    The per-row companion of :func:`expectation_gap_summary` (same groups, same rule), for
    analyses that need the group of each respondent: a 0/1 column ``negative`` to compare
    shares between waves with :func:`helpers.compare.proportion_difference`, or a group column
    to compare means (e.g. trust) with :func:`helpers.compare.mean_difference`.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per respondent.
    expectation, perception : column name
        Numeric columns E and P on the same scale (e.g. a respondent's mean expectation and
        mean perception over the items).
    tolerance : float, default 0
        Half-width of the "met the expectation" band: ``|D| ≤ tolerance`` counts as met.

    Returns
    -------
    pandas.DataFrame
        Same index as ``data``, with columns

        - ``disconfirmation`` : D = P − E (float; NaN where E or P is missing)
        - ``gap_group`` : ``'negative'`` (D < −tolerance), ``'zero'`` (``|D| ≤ tolerance``) or
          ``'positive'`` (D > tolerance); missing where D is missing
        - ``label`` : Chinese name of the group (:data:`GAP_LABELS`); missing where D is missing
        - ``negative`` : 1 if D < −tolerance, else 0 (nullable ``Int8``; missing where D is
          missing)

        Rows with a missing E or P are kept (their group is missing) and listed in
        ``result.attrs["excluded"]`` (columns ``row, column, reason``).

    Notes
    -----
    D = P − E is the subtractive disconfirmation (Oliver 1980, *Journal of Marketing Research*
    17(4): 460–469; Van Ryzin 2006, *JPART* 16(4): 599–611). The groups are those of
    :func:`expectation_gap_summary` (``bins=None``), so its shares equal the means of the
    indicator columns here.

    Validated against: expectation_gap_summary (same counts) — tests/test_confirmation.py.

    Examples
    --------
    >>> df = pd.DataFrame({"E": [5.0, 5.0, 4.0, None], "P": [3.0, 5.1, 6.0, 4.0]})
    >>> gap_groups(df, "E", "P", tolerance=0.25)
       disconfirmation gap_group           label  negative
    0             -2.0  negative  低于期望（负向不一致）         1
    1              0.1      zero     符合期望（确认）         0
    2              2.0  positive  超出期望（正向不一致）         0
    3              NaN       NaN             NaN      <NA>

    See Also
    --------
    expectation_gap_summary : shares and mean satisfaction of the same groups, with intervals.
    """
    check_frame(data)
    require_columns(data, [expectation, perception])
    if not np.isfinite(tolerance) or tolerance < 0:
        raise HelpersError(f"tolerance 必须 ≥ 0 (tolerance must be >= 0, got {tolerance!r})")
    base = disconfirmation(data, expectation, perception)
    d = base["disconfirmation"]
    known = d.notna()
    code = pd.Series(np.select([d < -tolerance, d > tolerance], ["negative", "positive"],
                               "zero"), index=data.index, dtype=object).where(known)
    out = pd.DataFrame({
        "disconfirmation": d,
        "gap_group": code,
        "label": code.map(GAP_LABELS),
        "negative": pd.array(np.where(known, (d < -tolerance).astype(int), 0), dtype="Int8"),
    }, index=data.index)
    out.loc[~known, "negative"] = pd.NA
    out.attrs["excluded"] = base.attrs.get("excluded")
    return out
