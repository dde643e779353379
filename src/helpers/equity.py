"""Equity theory (Adams 1965): outcome/input ratios and who feels under- or over-rewarded.

A citizen compares what they got (outcomes: a permit, a solved case) for what they put in
(inputs: trips, hours of waiting, documents) with what a comparison other got for their inputs.
Equity holds when ``O_A / I_A = O_B / I_B``; a lower own ratio means under-reward (anger,
dissatisfaction), a higher one over-reward (guilt).

Functions:

equity_ratios
    Outcome/input ratio per person, inputs combined with analyst-chosen weights.
compare_equity
    Compare two people (or two ratios) and label the first as under-rewarded / equitable /
    over-rewarded.
equity_against_reference
    Label every person against a reference ratio (the median, the mean, or a named person).
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence

import numpy as np
import pandas as pd

from helpers._validate import (
    Exclusions,
    HelpersError,
    InputError,
    check_frame,
    check_unique,
    format_rows,
    require_columns,
)
from helpers.scales import column, read_numeric, real_option

__all__ = ["EQUITY_LABELS", "equity_ratios", "compare_equity", "equity_against_reference"]

EQUITY_LABELS: dict[str, str] = {
    "under-rewarded": "回报不足（吃亏）",
    "equitable": "公平",
    "over-rewarded": "回报过度（占便宜）",
}
"""Chinese labels of the three equity states."""


def _weights(inputs: Sequence[Hashable], weights: Mapping[Hashable, float] | Sequence[float] | None
             ) -> np.ndarray:
    k = len(inputs)
    if weights is None:
        return np.ones(k)
    if isinstance(weights, Mapping):
        missing = [c for c in inputs if c not in weights]
        if missing:
            raise HelpersError(
                f"weights 缺少输入列 {missing!r} 的权重 (weights missing for input column(s) {missing!r})"
            )
        w = np.array([real_option(weights[c], f"weights[{c!r}]", lo=0) for c in inputs])
    else:
        if isinstance(weights, (str, bytes)) or np.ndim(weights) > 1:
            raise HelpersError(f"weights 必须是数字列表或字典 (weights must be a list of numbers or "
                               f"a mapping, got {weights!r})")
        w = np.array([real_option(v, "weights", lo=0)
                      for v in np.atleast_1d(np.asarray(weights, dtype=object)).ravel()])
        if w.size != k:
            raise HelpersError(
                f"weights 的个数 ({w.size}) 与 inputs 的列数 ({k}) 不一致 "
                f"(got {w.size} weights for {k} input columns)"
            )
    if not np.all(np.isfinite(w)) or np.any(w < 0) or w.sum() == 0:
        raise HelpersError(
            "weights 必须为非负数且不全为 0 "
            f"(weights must be non-negative and not all zero, got {w.tolist()})"
        )
    return w


def _same(a: object, b: object) -> bool:
    try:
        return bool(a == b)
    except (TypeError, ValueError):
        return False


def _label(ratio_a: float, ratio_b: float, tolerance: float) -> tuple[float, str]:
    rel = ratio_a / ratio_b - 1.0
    if abs(rel) <= tolerance:
        return rel, "equitable"
    return rel, "under-rewarded" if rel < 0 else "over-rewarded"


def _check_tolerance(tolerance: float) -> float:
    return real_option(tolerance, "tolerance", lo=0, hi=1, hi_open=True)


def equity_ratios(
    data: pd.DataFrame,
    outcome: Hashable,
    inputs: Sequence[Hashable] | Hashable,
    *,
    weights: Mapping[Hashable, float] | Sequence[float] | None = None,
    person: Hashable | None = None,
) -> pd.DataFrame:
    """Outcome/input ratio of every person.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per person (citizen, applicant, district).
    outcome : column name
        Numeric outcome received (≥ 0), e.g. permits granted, cases solved.
    inputs : column name or list of column names
        Numeric inputs (≥ 0), e.g. ``["trips", "wait_hours", "documents"]``.
    weights : mapping or sequence of float, optional
        Weight of each input column in the combined input ``I = Σ w_k · input_k``. Inputs in
        different units (trips, hours, documents) can only be added after the analyst decides
        what one unit of each is worth; the weights make that choice explicit. Default: all 1.
    person : column name, optional
        Column identifying the person (must be unique). Default: the index of ``data``.

    Returns
    -------
    pandas.DataFrame
        One row per person with complete data, with columns

        - ``person`` : the identifier (``person`` column or index label)
        - ``outcome`` : O
        - ``input_total`` : I = Σ w_k · input_k
        - ``ratio`` : O / I

        Rows with a missing outcome or input are excluded and listed in
        ``result.attrs["excluded"]``.

    Notes
    -----
    Equity holds when ``O_A / I_A = O_B / I_B`` (Adams, J.S. 1965, "Inequity in social
    exchange", *Advances in Experimental Social Psychology* 2: 267–299). Homans' (1958)
    distributive-justice variant, ``(rewards − costs) / investments``, can be computed by
    passing a net outcome column. A person with a combined input of 0 has no ratio and raises
    :class:`~helpers.InputError`.

    Examples
    --------
    Worked case (domain brief §11 #21): A got 1 permit for 3 trips, B 1 permit for 1 trip.

    >>> df = pd.DataFrame({"who": ["A", "B"], "permits": [1, 1], "trips": [3, 1]})
    >>> equity_ratios(df, outcome="permits", inputs="trips", person="who").round(3)
      person  outcome  input_total  ratio
    0      A      1.0          3.0  0.333
    1      B      1.0          1.0  1.000

    Weighted inputs: a trip counts as 2 hours of waiting.

    >>> df = pd.DataFrame({"permits": [1, 1], "trips": [2, 1], "wait_hours": [1, 4]})
    >>> equity_ratios(df, "permits", ["trips", "wait_hours"], weights={"trips": 2, "wait_hours": 1})
       person  outcome  input_total  ratio
    0       0      1.0          5.0  0.200
    1       1      1.0          6.0  0.167
    """
    check_frame(data)
    if isinstance(inputs, (str, bytes)) or not isinstance(inputs, (Sequence, pd.Index,
                                                                   np.ndarray)):
        inputs = [inputs]
    inputs = list(inputs)
    if not inputs:
        raise HelpersError("inputs 不能为空 (inputs must name at least one column)")
    names = [outcome, *inputs] + ([person] if person is not None else [])
    require_columns(data, names)
    if len(set(names)) != len(names):
        raise HelpersError(f"outcome、inputs 与 person 必须是不同的列 (outcome, inputs and person "
                           f"must be different columns, got {names})")
    w = _weights(inputs, weights)
    if person is not None:
        ids = column(data, person)
        check_unique(data, person)
        if ids.isna().any():
            rows = list(data.index[ids.isna().to_numpy()])
            raise InputError(f"列 {person!r} 第 {format_rows(rows)} 行缺少人员编号 (column "
                             f"{person!r}: missing person ids in rows {format_rows(rows)})",
                             column=person, rows=rows)
        ids = ids.to_numpy()
    else:
        ids = data.index.to_numpy()
    o = read_numeric(data, outcome, lo=0).to_numpy()
    block = np.column_stack([read_numeric(data, c, lo=0).to_numpy() for c in inputs])
    ex = Exclusions()
    ex.add(data.index[np.isnan(o)], "missing outcome", column=outcome)
    for j, c in enumerate(inputs):
        ex.add(data.index[np.isnan(block[:, j])], "missing input", column=c)
    keep = ~np.isnan(o) & ~np.isnan(block).any(axis=1)
    total = block[keep] @ w
    zero = total == 0
    if zero.any():
        rows = list(data.index[keep][zero])
        raise InputError(
            f"第 {format_rows(rows)} 行的投入合计为 0，无法计算比率 "
            f"(combined input is 0 in rows {format_rows(rows)}; the ratio is undefined)",
            column=inputs[0], rows=rows,
        )
    if not np.isfinite(total).all():
        rows = list(data.index[keep][~np.isfinite(total)])
        raise InputError(f"第 {format_rows(rows)} 行的投入合计过大 (combined input overflows in "
                         f"rows {format_rows(rows)})", column=inputs[0], rows=rows)
    out = pd.DataFrame({
        "person": ids[keep],
        "outcome": o[keep],
        "input_total": total,
        "ratio": o[keep] / total,
    })
    return ex.attach(out)


def compare_equity(
    person_a: Hashable | float,
    person_b: Hashable | float,
    *,
    ratios: pd.DataFrame | None = None,
    tolerance: float = 0.05,
) -> pd.DataFrame:
    """Compare person A's outcome/input ratio with a comparison other B.

    Parameters
    ----------
    person_a, person_b : person id or float
        With ``ratios`` given: identifiers looked up in ``ratios["person"]``. Without it: the
        two ratios themselves.
    ratios : pandas.DataFrame, optional
        The output of :func:`equity_ratios`.
    tolerance : float, default 0.05
        Relative band treated as equitable: A is ``'equitable'`` when
        ``|ratio_a / ratio_b − 1| ≤ tolerance``. This band is an analyst's choice (exact
        equality almost never holds with real data), not part of Adams' theory.

    Returns
    -------
    pandas.DataFrame
        One row with columns

        - ``person_a``, ``person_b`` : the identifiers (or ``'A'``, ``'B'`` for bare ratios)
        - ``ratio_a``, ``ratio_b`` : O/I of each
        - ``relative_difference`` : ratio_a / ratio_b − 1
        - ``label`` : ``'under-rewarded'``, ``'equitable'`` or ``'over-rewarded'`` (for A)
        - ``label_zh`` : the Chinese label (:data:`EQUITY_LABELS`)

    Notes
    -----
    Adams (1965), *Advances in Experimental Social Psychology* 2: 267–299: A is under-rewarded
    when ``O_A/I_A < O_B/I_B`` (expected reaction: anger, dissatisfaction) and over-rewarded
    when it is greater (guilt).

    Examples
    --------
    >>> out = compare_equity(1 / 3, 1.0)
    >>> out[["ratio_a", "ratio_b", "relative_difference", "label"]].round(3)
       ratio_a  ratio_b  relative_difference           label
    0    0.333      1.0               -0.667  under-rewarded
    >>> out["label_zh"].iloc[0]
    '回报不足（吃亏）'

    """
    tol = _check_tolerance(tolerance)
    if ratios is not None:
        check_frame(ratios, name="ratios")
        require_columns(ratios, ["person", "ratio"], name="ratios")
        people = column(ratios, "person").to_numpy(object)
        r = read_numeric(ratios, "ratio", lo=0).to_numpy()
        values = []
        for who in (person_a, person_b):
            hit = [i for i, p in enumerate(people) if _same(p, who)]
            if not hit:
                raise InputError(
                    f"ratios 中没有 person = {who!r} (person {who!r} not found in ratios)",
                    column="person",
                )
            values.append(float(r[hit[0]]))
        ra, rb = values
        ids = (person_a, person_b)
    else:
        try:
            ra = real_option(person_a, "person_a")
            rb = real_option(person_b, "person_b")
        except HelpersError:
            raise HelpersError(
                "没有 ratios 时 person_a 和 person_b 必须是比率数值 "
                "(without `ratios`, person_a and person_b must be numeric ratios)"
            ) from None
        ids = ("A", "B")
    for name, r in (("ratio_a", ra), ("ratio_b", rb)):
        if not np.isfinite(r) or r < 0:
            raise HelpersError(f"{name} 必须是非负有限数 ({name} must be finite and >= 0, got {r!r})")
    if rb == 0:
        raise HelpersError("比较对象的比率为 0，无法比较 (the comparison ratio is 0; cannot compare)")
    rel, label = _label(ra, rb, tol)
    return pd.DataFrame([{
        "person_a": ids[0], "person_b": ids[1], "ratio_a": ra, "ratio_b": rb,
        "relative_difference": rel, "label": label, "label_zh": EQUITY_LABELS[label],
    }])


def equity_against_reference(
    ratios: pd.DataFrame,
    *,
    reference: str | Hashable = "median",
    tolerance: float = 0.05,
) -> pd.DataFrame:
    """Label every person's ratio against one reference ratio.

    Parameters
    ----------
    ratios : pandas.DataFrame
        The output of :func:`equity_ratios`.
    reference : ``'median'``, ``'mean'`` or a person id, default ``'median'``
        The comparison other: the typical applicant (median or mean ratio) or a named person.
    tolerance : float, default 0.05
        Relative band counted as equitable (see :func:`compare_equity`).

    Returns
    -------
    pandas.DataFrame
        ``ratios`` with added columns ``reference_ratio``, ``relative_difference``, ``label``,
        ``label_zh``.

    Notes
    -----
    Same rule as :func:`compare_equity` (Adams 1965), applied row by row.

    Examples
    --------
    >>> df = pd.DataFrame({"permits": [1, 1, 1], "trips": [3, 1, 1]}, index=["A", "B", "C"])
    >>> out = equity_against_reference(equity_ratios(df, "permits", "trips"))
    >>> out[["person", "ratio", "label"]].round(3)
      person  ratio           label
    0      A  0.333  under-rewarded
    1      B  1.000       equitable
    2      C  1.000       equitable
    """
    tol = _check_tolerance(tolerance)
    check_frame(ratios, name="ratios")
    require_columns(ratios, ["person", "ratio"], name="ratios")
    r = read_numeric(ratios, "ratio", lo=0, allow_missing=False)
    if isinstance(reference, str) and reference in ("median", "mean"):
        ref = float(r.median() if reference == "median" else r.mean())
    else:
        people = column(ratios, "person").to_numpy(object)
        hit = [i for i, p in enumerate(people) if _same(p, reference)]
        if not hit:
            raise InputError(
                f"ratios 中没有 person = {reference!r} (reference person {reference!r} not found)",
                column="person",
            )
        ref = float(r.iloc[hit[0]])
    if ref == 0:
        raise HelpersError("参照比率为 0，无法比较 (the reference ratio is 0; cannot compare)")
    out = ratios.copy()
    out["reference_ratio"] = ref
    out["relative_difference"] = r.to_numpy() / ref - 1.0
    labels = np.where(np.abs(out["relative_difference"]) <= tol, "equitable",
                      np.where(out["relative_difference"] < 0, "under-rewarded", "over-rewarded"))
    out["label"] = labels
    out["label_zh"] = [EQUITY_LABELS[x] for x in labels]
    return out
