"""Is an estimate stable between two independent samples?

A model fitted on two survey waves (different respondents) gives two coefficients for the same
term. Whether the relation changed is a question about their **difference**, answered by the
interval of that difference, not by whether the two separate intervals overlap. This module
turns two tidy result frames (any helper output with ``estimate`` and ``se`` columns, e.g.
:func:`helpers.confirmation.fit_edt`) into the difference, its standard error and its interval.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence

import numpy as np
import pandas as pd
from scipy import stats

from helpers._validate import (HelpersError, InputError, check_frame, check_level, format_rows,
                               require_columns)

__all__ = ["estimate_difference"]

_ADJUST = ("none", "bonferroni")


def _keyed(frame: pd.DataFrame, on: list[Hashable], name: str) -> pd.DataFrame:
    check_frame(frame, name=name)
    require_columns(frame, [*on, "estimate", "se"], name=name)
    dup = frame.duplicated(on, keep=False)
    if dup.any():
        rows = list(frame.index[dup])
        raise InputError(f"{name} 中 {on!r} 的取值重复 ({name}: the key {on!r} is not unique; "
                         f"rows {format_rows(rows)})", column=on[0], rows=rows)
    for col in ("estimate", "se"):
        values = pd.to_numeric(frame[col], errors="coerce")
        bad = values.isna() | ~np.isfinite(values) | ((values < 0) if col == "se" else False)
        if bad.any():
            rows = list(frame.index[bad])
            raise InputError(f"{name} 的列 {col!r} 有缺失或无效的值 ({name}: column {col!r} has "
                             f"missing or invalid values in rows {format_rows(rows)})",
                             column=col, rows=rows)
    return frame[[*on, "estimate", "se"]].astype({"estimate": float, "se": float})


def estimate_difference(first: pd.DataFrame, second: pd.DataFrame, *,
                        on: Hashable | Sequence[Hashable] = "term", ci: float = 0.95,
                        adjust: str = "none") -> pd.DataFrame:
    """Difference of matching estimates from two independent samples, with its z interval.

    Parameters
    ----------
    first, second : pandas.DataFrame
        Results from two independent samples (for example :func:`helpers.confirmation.fit_edt`
        on survey wave 1 and on wave 2, filtered to one model), each with the key column(s)
        ``on`` and the columns ``estimate`` and ``se`` (standard error). Each key appears at
        most once per frame.
    on : column name or list of column names, default ``"term"``
        The key that matches rows of ``first`` and ``second``; keys present in only one frame
        are left out.
    ci : float, default 0.95
        Confidence level of each interval (before adjustment).
    adjust : {"none", "bonferroni"}
        With ``"bonferroni"`` each interval is computed at level ``1 − (1 − ci)/m`` for the
        ``m`` matched keys, so that all ``m`` intervals hold together with probability at least
        ``ci``.

    Returns
    -------
    pandas.DataFrame
        One row per matched key, in the order of ``first``:

        - the key column(s) ``on``;
        - ``estimate``: first − second;
        - ``ci_low``, ``ci_high``: ``estimate ± z·se``;
        - ``se``: √(se_first² + se_second²);
        - ``excludes_zero``: True when the interval does not contain 0;
        - ``estimate_first``, ``estimate_second``: the two estimates;
        - ``ci_level``: the level actually used (adjusted for several keys).

    Notes
    -----
    For estimates b₁ and b₂ from independent samples, Var(b₁ − b₂) = se₁² + se₂², and the
    interval is (b₁ − b₂) ± z_{1−α/2}·√(se₁² + se₂²) (Paternoster, Brame, Mazerolle & Piquero
    1998, "Using the correct statistical test for the equality of regression coefficients",
    *Criminology* 36(4): 859–866). It relies on the normal approximation of each estimate
    (large samples) and is not valid when the two samples share respondents.

    Validated against: statsmodels CompareMeans.zconfint_diff(usevar="unequal") for two means —
    tests/test_stability.py.

    Examples
    --------
    >>> a = pd.DataFrame({"term": ["x", "y"], "estimate": [0.90, 0.25], "se": [0.03, 0.04]})
    >>> b = pd.DataFrame({"term": ["x", "y"], "estimate": [0.86, 0.30], "se": [0.04, 0.03]})
    >>> r = estimate_difference(a, b)
    >>> r[["term", "estimate", "se"]].round(3)
      term  estimate   se
    0    x      0.04  0.05
    1    y     -0.05  0.05
    >>> bool(r.loc[0, "excludes_zero"])
    False

    See Also
    --------
    helpers.compare.mean_difference : the same question for the means of two groups (Welch).
    """
    keys = [on] if isinstance(on, str) or not isinstance(on, Sequence) else list(on)
    if not keys:
        raise HelpersError("on 至少要有一列 (on needs at least one column)")
    level = check_level(ci, name="ci")
    if adjust not in _ADJUST:
        raise HelpersError(f"adjust 只能是 {_ADJUST} 之一 (adjust must be one of {_ADJUST}, "
                           f"got {adjust!r})")
    a = _keyed(first, keys, "first")
    b = _keyed(second, keys, "second")
    merged = a.merge(b, on=keys, suffixes=("_first", "_second"), sort=False)
    if merged.empty:
        raise InputError(f"first 和 second 没有相同的 {keys!r} (first and second share no key "
                         f"{keys!r})", column=keys[0])
    m = len(merged)
    used = 1 - (1 - level) / m if adjust == "bonferroni" else level
    z = stats.norm.ppf(1 - (1 - used) / 2)
    est = merged["estimate_first"] - merged["estimate_second"]
    se = np.hypot(merged["se_first"], merged["se_second"])
    out = merged[keys].copy()
    out["estimate"] = est
    out["ci_low"] = est - z * se
    out["ci_high"] = est + z * se
    out["se"] = se
    out["excludes_zero"] = (out["ci_low"] > 0) | (out["ci_high"] < 0)
    out["estimate_first"] = merged["estimate_first"]
    out["estimate_second"] = merged["estimate_second"]
    out["ci_level"] = used
    return out.reset_index(drop=True)
