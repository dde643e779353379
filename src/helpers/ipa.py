"""Importance–performance analysis (IPA): where to improve first.

Input form (all functions but :func:`derived_importance`): **long respondent-level rows**, one
row per respondent × attribute, with an attribute column and numeric ``importance`` and
``performance`` columns on a common scale. Data that is already aggregated (one row per
attribute) is the special case of one row per attribute and works unchanged.

Functions:

ipa
    Attribute means (or medians), the crosshairs and the quadrant of each attribute.
diagonal
    The 45° diagonal model: gap = importance − performance, priority rank.
gap_priority
    Practitioner ranking by importance × (−gap), gap = performance − importance (or minus an
    expectation).
derived_importance
    Importance derived from overall satisfaction (correlation or standardised regression),
    to show beside stated importance.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence

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
    require_columns,
)
from helpers.scales import DEFAULT_SCALE, check_scale, column, read_numeric

__all__ = ["QUADRANTS", "ipa", "diagonal", "gap_priority", "derived_importance"]

QUADRANTS: dict[str, tuple[str, str]] = {
    "A": ("Concentrate here", "重点改进区"),
    "B": ("Keep up the good work", "继续保持区"),
    "C": ("Low priority", "低优先区"),
    "D": ("Possible overkill", "过度投入区"),
}
"""Quadrant code → (English label, Chinese label), Martilla & James (1977)."""


def _check_scale(scale: tuple[float, float]) -> tuple[float, float]:
    lo_hi = check_scale(scale)
    assert lo_hi is not None
    return lo_hi


def _aggregate(data: pd.DataFrame, attribute: Hashable, columns: dict[str, Hashable],
               scale: tuple[float, float] | None, statistic: str
               ) -> tuple[pd.DataFrame, Exclusions]:
    """Per-attribute statistic of each numeric column (missing values excluded, reported)."""
    if statistic not in ("mean", "median"):
        raise HelpersError(
            "statistic 必须是 'mean' 或 'median' "
            f"(statistic must be 'mean' or 'median', got {statistic!r})"
        )
    check_frame(data)
    require_columns(data, [attribute, *columns.values()])
    names = [attribute, *columns.values()]
    if len(set(names)) != len(names):
        raise HelpersError(f"属性列与评分列必须是不同的列 (the attribute and rating columns must "
                           f"be different columns, got {names})")
    values = {name: read_numeric(data, col, scale=scale) for name, col in columns.items()}
    ex = Exclusions()
    attr = column(data, attribute)
    if attr.isna().all():
        raise InputError(f"属性列 {attribute!r} 全部缺失 (attribute column {attribute!r} has no "
                         f"values: all missing)", column=attribute, rows=list(data.index))
    ex.add(list(data.index[attr.isna()]), "missing attribute", column=attribute)
    frame = pd.DataFrame({k: v.to_numpy() for k, v in values.items()}, index=data.index)
    has_attr = attr.notna().to_numpy()
    for name, col in columns.items():
        ex.add(data.index[frame[name].isna().to_numpy() & has_attr], f"missing {name}",
               column=col)
    frame["_attr"] = attr.to_numpy()
    frame = frame[has_attr]
    g = frame.groupby("_attr", sort=False, observed=True)
    agg = g[list(columns)].agg(statistic)
    agg["n"] = g[list(columns)].count().min(axis=1)
    empty = agg[list(columns)].isna().any(axis=1)
    if empty.any():
        bad = [str(a) for a in agg.index[empty]]
        raise InputError(
            f"属性 {', '.join(bad)} 没有有效的评分 (attribute(s) {', '.join(bad)} have no valid "
            f"ratings in one of {list(columns.values())})",
            column=attribute,
        )
    agg.index.name = "attribute"
    return agg.reset_index(), ex


def ipa(
    data: pd.DataFrame,
    attribute: Hashable,
    importance: Hashable,
    performance: Hashable,
    *,
    centre: str = "data",
    scale: tuple[float, float] = (1, 5),
    statistic: str = "mean",
) -> pd.DataFrame:
    """Classic importance–performance grid: one quadrant per attribute.

    Parameters
    ----------
    data : pandas.DataFrame
        Long rows, one per respondent × attribute (see the module docstring).
    attribute : column name
        Attribute (service aspect) label.
    importance, performance : column name
        Numeric ratings on ``scale``.
    centre : ``'data'`` or ``'scale'``, default ``'data'``
        Where the crosshairs cross: at the grand ``statistic`` of the attribute values
        (data-centred, DCQM) or at the scale midpoint (scale-centred, SCQM).
    scale : (low, high), default (1, 5)
        Response scale, e.g. (1, 5) or (1, 7); values outside raise
        :class:`~helpers.InputError`.
    statistic : ``'mean'`` or ``'median'``, default ``'mean'``
        Per-attribute summary, also used for the data-centred crosshairs.

    Returns
    -------
    pandas.DataFrame
        One row per attribute (in order of first appearance), with columns

        - ``attribute``
        - ``importance``, ``performance`` : the per-attribute statistic
        - ``n`` : ratings behind the statistic (the smaller of the importance and
          performance counts of the attribute)
        - ``quadrant`` : A (high importance, low performance), B (high, high), C (low, low),
          D (low importance, high performance)
        - ``label``, ``label_zh`` : English and Chinese quadrant names
        - ``importance_cross``, ``performance_cross`` : the crosshair values

        ``attrs["excluded"]`` lists rows with a missing rating or attribute.

    Notes
    -----
    Martilla & James (1977), *Journal of Marketing* 41(1): 77–79. Quadrants (importance
    vertical, performance horizontal): A Concentrate here 重点改进区, B Keep up the good work
    继续保持区, C Low priority 低优先区, D Possible overkill 过度投入区 (Chinese names are
    common usage). Crosshairs: SCQM (scale midpoint) or DCQM (grand mean/median); a review of
    13 studies favoured DCQM with the diagonal model (Ormanović et al. 2017, *Acta
    Kinesiologica* 11 Suppl. 2: 58–66). Mean vs median is a practitioner choice. A value
    exactly on a crosshair counts as high.

    Examples
    --------
    >>> df = pd.DataFrame({"attr": ["等候时间", "态度", "环境", "指引"],
    ...                    "imp": [4.8, 4.5, 3.2, 3.0], "perf": [2.9, 4.4, 4.6, 3.1]})
    >>> ipa(df, attribute="attr", importance="imp", performance="perf")[
    ...     ["attribute", "quadrant", "label_zh"]]
      attribute quadrant label_zh
    0      等候时间        A    重点改进区
    1        态度        B    继续保持区
    2        环境        D    过度投入区
    3        指引        C     低优先区
    """
    if centre not in ("data", "scale"):
        raise HelpersError(
            f"centre 必须是 'data' 或 'scale' (centre must be 'data' or 'scale', got {centre!r})")
    lo, hi = _check_scale(scale)
    agg, ex = _aggregate(data, attribute, {"importance": importance, "performance": performance},
                         (lo, hi), statistic)
    if centre == "scale":
        ci = cp = (lo + hi) / 2
    else:
        ci = float(agg["importance"].agg(statistic))
        cp = float(agg["performance"].agg(statistic))
    high_i = agg["importance"] >= ci
    high_p = agg["performance"] >= cp
    quad = np.select([high_i & ~high_p, high_i & high_p, ~high_i & ~high_p], ["A", "B", "C"], "D")
    agg["quadrant"] = quad
    agg["label"] = [QUADRANTS[q][0] for q in quad]
    agg["label_zh"] = [QUADRANTS[q][1] for q in quad]
    agg["importance_cross"] = ci
    agg["performance_cross"] = cp
    return ex.attach(agg)


def diagonal(
    data: pd.DataFrame,
    attribute: Hashable,
    importance: Hashable,
    performance: Hashable,
    *,
    scale: tuple[float, float] = (1, 5),
    statistic: str = "mean",
) -> pd.DataFrame:
    """Diagonal (45° iso-line) IPA: attributes above the line are improvement priorities.

    Parameters
    ----------
    data : pandas.DataFrame
        Long rows, one per respondent × attribute.
    attribute, importance, performance : column name
        As in :func:`ipa` (importance and performance on the same scale).
    scale : (low, high), default (1, 5)
        Response scale.
    statistic : ``'mean'`` or ``'median'``, default ``'mean'``
        Per-attribute summary.

    Returns
    -------
    pandas.DataFrame
        One row per attribute, highest priority first, with columns

        - ``attribute``, ``importance``, ``performance``, ``n``
        - ``gap`` : importance − performance (> 0: above the diagonal)
        - ``above_diagonal`` : gap > 0 (an improvement priority)
        - ``priority`` : rank by gap, 1 = furthest above the line

    Notes
    -----
    On a common scale the line importance = performance splits attributes; those above it
    (importance > performance) are improvement priorities, the further above the higher.
    The 45° slope has no strong theoretical basis (Chen 2021, *SAGE Open*,
    doi 10.1177/2158244021989276, derives a slope instead). Review: Ormanović et al. (2017).

    Examples
    --------
    >>> df = pd.DataFrame({"attr": ["等候时间", "态度", "环境"],
    ...                    "imp": [4.8, 4.5, 3.2], "perf": [2.9, 4.4, 4.6]})
    >>> diagonal(df, attribute="attr", importance="imp", performance="perf").round(2)
      attribute  importance  performance  n  gap  above_diagonal  priority
    0      等候时间         4.8          2.9  1  1.9            True         1
    1        态度         4.5          4.4  1  0.1            True         2
    2        环境         3.2          4.6  1 -1.4           False         3
    """
    lo, hi = _check_scale(scale)
    agg, ex = _aggregate(data, attribute, {"importance": importance, "performance": performance},
                         (lo, hi), statistic)
    agg["gap"] = agg["importance"] - agg["performance"]
    agg["above_diagonal"] = agg["gap"] > 0
    agg["priority"] = agg["gap"].rank(ascending=False, method="min").astype(int)
    agg = agg.sort_values(["priority"], kind="stable").reset_index(drop=True)
    return ex.attach(agg)


def gap_priority(
    data: pd.DataFrame,
    attribute: Hashable,
    importance: Hashable,
    performance: Hashable,
    *,
    reference: Hashable | None = None,
    scale: tuple[float, float] = (1, 5),
    statistic: str = "mean",
) -> pd.DataFrame:
    """Rank attributes by importance × (−gap), a practitioner extension of IPA.

    Parameters
    ----------
    data : pandas.DataFrame
        Long rows, one per respondent × attribute.
    attribute, importance, performance : column name
        As in :func:`ipa`.
    reference : column name, optional
        Column the performance is compared with, e.g. the expectation E of a SERVQUAL item
        (gap = P − E). Default: the importance itself (gap = P − I).
    scale : (low, high), default (1, 5)
        Response scale.
    statistic : ``'mean'`` or ``'median'``, default ``'mean'``
        Per-attribute summary.

    Returns
    -------
    pandas.DataFrame
        One row per attribute, highest priority first, with columns

        - ``attribute``, ``importance``, ``performance``, ``reference`` (the compared value;
          equals ``importance`` when no reference column is given), ``n``
        - ``gap`` : performance − reference (negative = falls short)
        - ``priority_score`` : importance × (−gap)
        - ``priority`` : rank by ``priority_score``, 1 = most urgent

    Notes
    -----
    gap_i = P_i − I_i (or P_i − E_i with SERVQUAL expectations), ranked by
    importance × (−gap). A common practitioner extension with **no single canonical source**
    (domain brief §4.4, marked unverified as a named method); present it as such.

    Examples
    --------
    >>> df = pd.DataFrame({"attr": ["等候时间", "态度", "环境"],
    ...                    "imp": [4.8, 4.5, 3.2], "perf": [2.9, 4.4, 4.6]})
    >>> gap_priority(df, attribute="attr", importance="imp", performance="perf")[
    ...     ["attribute", "gap", "priority_score", "priority"]].round(2)
      attribute  gap  priority_score  priority
    0      等候时间 -1.9            9.12         1
    1        态度 -0.1            0.45         2
    2        环境  1.4           -4.48         3
    """
    lo, hi = _check_scale(scale)
    cols = {"importance": importance, "performance": performance}
    if reference is not None:
        cols["reference"] = reference
    agg, ex = _aggregate(data, attribute, cols, (lo, hi), statistic)
    if reference is None:
        agg["reference"] = agg["importance"]
    agg = agg[["attribute", "importance", "performance", "reference", "n"]]
    agg["gap"] = agg["performance"] - agg["reference"]
    agg["priority_score"] = agg["importance"] * (-agg["gap"])
    agg["priority"] = agg["priority_score"].rank(ascending=False, method="min").astype(int)
    agg = agg.sort_values("priority", kind="stable").reset_index(drop=True)
    return ex.attach(agg)


def derived_importance(
    data: pd.DataFrame,
    overall: Hashable,
    attributes: Sequence[Hashable],
    *,
    method: str = "correlation",
    ci: float = 0.95,
    scale: tuple[float, float] | None = DEFAULT_SCALE,
) -> pd.DataFrame:
    """Importance derived from overall satisfaction, to set beside stated importance.

    Parameters
    ----------
    data : pandas.DataFrame
        **Wide** respondent-level data: one row per respondent, one column per attribute
        performance rating, and the overall satisfaction column.
    overall : column name
        Overall satisfaction.
    attributes : list of column names
        Attribute performance ratings.
    method : ``'correlation'`` or ``'regression'``, default ``'correlation'``
        Pearson correlation of each attribute with ``overall``, or standardised (beta)
        coefficients of the multiple regression of ``overall`` on all attributes.
    ci : float, default 0.95
        Confidence level.
    scale : (low, high) or None, default (1, 7)
        Response scale of the overall and attribute ratings; values outside it (e.g. 98/99
        "don't know" codes, which would distort every correlation) raise
        :class:`~helpers.InputError` naming the column and the rows. ``None``: no range check
        (for scores not on a response scale, e.g. standardised ones).

    Returns
    -------
    pandas.DataFrame
        One row per attribute (in the given order), with columns

        - ``attribute``
        - ``method`` : ``'correlation'`` or ``'regression'``
        - ``estimate`` : Pearson r, or standardised β
        - ``ci_low``, ``ci_high`` : Fisher-z interval of r, or the t interval of β
        - ``p_value`` : test of estimate = 0
        - ``n`` : respondents used (listwise complete on ``overall`` and all attributes)
        - ``rank`` : 1 = largest derived importance

        ``attrs["excluded"]`` lists rows dropped for missing values; for regression
        ``attrs["r_squared"]`` holds R².

    Notes
    -----
    Stated importance ratings bunch near the top of the scale (ceiling effect), so they often
    fail to separate attributes (Bacon 2003, *International Journal of Market Research*
    45(1): 55–71, details unverified). Derived importance comes from correlating or
    regressing overall satisfaction on attribute ratings (Gustafsson & Johnson, "Determining
    attribute importance in a service satisfaction model", eCommons Cornell). Correlation:
    ``scipy.stats.pearsonr`` with its Fisher-z interval. Regression: OLS (statsmodels) on
    z-scored variables; correlated attributes share variance, so betas can be small or
    negative even for important attributes (multicollinearity) — read them together with
    the correlations.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> x = rng.normal(size=(300, 2))
    >>> df = pd.DataFrame({"wait": x[:, 0], "staff": x[:, 1],
    ...                    "overall": 0.8 * x[:, 0] + 0.2 * x[:, 1] + rng.normal(0, 0.5, 300)})
    >>> derived_importance(df, overall="overall", attributes=["wait", "staff"], scale=None)[
    ...     ["attribute", "estimate", "rank"]].round(1)
      attribute  estimate  rank
    0      wait       0.8     1
    1     staff       0.2     2
    """
    if method not in ("correlation", "regression"):
        raise HelpersError(
            f"method 必须是 'correlation' 或 'regression' (method must be 'correlation' or "
            f"'regression', got {method!r})"
        )
    level = check_level(ci, name="ci")
    check_frame(data)
    lo_hi = check_scale(scale, allow_none=True)
    if isinstance(attributes, (str, bytes)) or not isinstance(attributes, (Sequence, pd.Index,
                                                                           np.ndarray)):
        raise HelpersError(f"attributes 必须是列名列表 (attributes must be a list of column "
                           f"names, got {attributes!r})")
    attributes = list(attributes)
    if not attributes:
        raise HelpersError("attributes 不能为空 (attributes must name at least one column)")
    if overall in attributes:
        raise HelpersError(f"overall 列 {overall!r} 不能同时是属性 (overall column {overall!r} "
                           "is also listed as an attribute)")
    if len(set(attributes)) != len(attributes):
        raise HelpersError(f"attributes 中有重复的列 (a column is listed twice in attributes: "
                           f"{attributes})")
    require_columns(data, [overall, *attributes])
    frame = pd.DataFrame({c: read_numeric(data, c, scale=lo_hi).to_numpy()
                          for c in [overall, *attributes]}, index=data.index)
    ex = Exclusions()
    for c in [overall, *attributes]:
        ex.add(frame.index[frame[c].isna().to_numpy()], "missing value", column=c)
    frame = frame.dropna()
    n = len(frame)
    k = len(attributes)
    need = k + 2 if method == "regression" else 3
    if n < need:
        raise InputError(
            f"完整的行只有 {n} 行，至少需要 {need} 行 (only {n} complete rows; {need} needed)",
            column=overall,
        )
    constant = [c for c in frame.columns if frame[c].std(ddof=1) == 0]
    if constant:
        raise InputError(
            f"列 {constant[0]!r} 没有变化（方差为 0） (column {constant[0]!r} is constant; "
            "a correlation is undefined)",
            column=constant[0],
        )
    y = frame[overall].to_numpy()
    rows = []
    if method == "correlation":
        for c in attributes:
            with np.errstate(invalid="ignore", divide="ignore"):   # |r| = 1: Fisher z = ±inf
                res = stats.pearsonr(frame[c].to_numpy(), y)
                interval = res.confidence_interval(confidence_level=level)
            rows.append((c, method, float(res.statistic), float(interval.low),
                         float(interval.high), float(res.pvalue), n))
        r2 = None
    else:
        z = (frame - frame.mean()) / frame.std(ddof=1)
        x = sm.add_constant(z[attributes].to_numpy(), has_constant="add")
        if np.linalg.matrix_rank(x) < x.shape[1]:
            raise InputError(
                "属性之间完全共线，无法回归 (the attributes are perfectly collinear; "
                "the regression cannot be fitted)",
                column=attributes[0],
            )
        res = sm.OLS(z[overall].to_numpy(), x).fit()
        conf = res.conf_int(alpha=1 - level)
        for i, c in enumerate(attributes, start=1):
            rows.append((c, method, float(res.params[i]), float(conf[i, 0]), float(conf[i, 1]),
                         float(res.pvalues[i]), n))
        r2 = float(res.rsquared)
    out = pd.DataFrame(rows, columns=["attribute", "method", "estimate", "ci_low", "ci_high",
                                      "p_value", "n"])
    out["rank"] = out["estimate"].rank(ascending=False, method="min").astype(int)
    if r2 is not None:
        out.attrs["r_squared"] = r2
    return ex.attach(out)
