"""Scale scores: a respondent's mean over a set of Likert items.

A *scale score* is the mean of the items a respondent answered in a set (for example the 22
expectation items E1–E22 give one overall expectation score). This is the usual summated-rating
score divided by the number of items (Likert 1932; for SERVQUAL, Parasuraman, Zeithaml & Berry
1988 average item scores within a dimension in the same way).
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence

import numpy as np
import pandas as pd

from helpers._validate import (
    Exclusions,
    InputError,
    check_frame,
    check_unique,
    numeric_block,
)

__all__ = ["scale_scores"]


def scale_scores(
    data: pd.DataFrame,
    scales: Mapping[str, Sequence[Hashable]],
    *,
    id: Hashable | None = None,
    scale: tuple[float, float] = (1, 7),
    min_answered: float = 0.5,
    keep: Sequence[Hashable] = (),
) -> pd.DataFrame:
    """Per-respondent mean of each item set, with a reported exclusion for too few answers.

    Parameters
    ----------
    data : DataFrame
        One row per respondent.
    scales : mapping of str to list of column names
        Output column name → the item columns averaged into it, e.g.
        ``{"expectation": ["E1", …, "E22"], "perception": ["P1", …, "P22"]}``.
    id : column name, optional
        Respondent id column; checked for duplicates and kept in the output.
    scale : (low, high)
        Valid range of the item codes; other values raise :class:`~helpers.InputError`.
    min_answered : float
        A respondent's score on a scale is computed only if they answered at least this share
        of its items; otherwise the score is missing and the row is reported in
        ``result.attrs["excluded"]``.
    keep : list of column names
        Other columns copied to the output (e.g. ``["wave", "satisfaction"]``).

    Returns
    -------
    DataFrame
        The index of ``data``; the ``id`` and ``keep`` columns; one column per scale with the
        respondent's mean item score; ``n_items_<scale>`` with the number of items answered.

    Notes
    -----
    score_i = (1 / m_i) · Σ_{j answered by i} x_ij, where m_i is the number of items respondent i
    answered; computed only when m_i / k ≥ ``min_answered`` (k items in the scale).

    Examples
    --------
    >>> df = pd.DataFrame({"E1": [5, 6], "E2": [7, None], "P1": [4, 6], "P2": [4, 5]})
    >>> scale_scores(df, {"expectation": ["E1", "E2"], "perception": ["P1", "P2"]})
       expectation  perception  n_items_expectation  n_items_perception
    0          6.0         4.0                    2                   2
    1          6.0         5.5                    1                   2
    """
    check_frame(data)
    if not scales:
        raise InputError("没有指定任何量表 (no scales given)")
    if not 0 < min_answered <= 1:
        raise InputError(f"min_answered 必须在 (0, 1] 之间 (min_answered must be in (0, 1], got {min_answered})")
    out = pd.DataFrame(index=data.index)
    if id is not None:
        check_unique(data, id)
        out[id] = data[id]
    for col in keep:
        if col not in data.columns:
            raise InputError(f"缺少列：{col!r} (missing column {col!r} in data)", column=col)
        out[col] = data[col]
    excluded = Exclusions()
    counts: dict[str, np.ndarray] = {}
    for name, items in scales.items():
        block = numeric_block(data, list(items), lo=scale[0], hi=scale[1])
        answered = (~np.isnan(block)).sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            means = np.nansum(block, axis=1) / answered
        too_few = answered < min_answered * block.shape[1]
        means[too_few] = np.nan
        out[name] = means
        counts[f"n_items_{name}"] = answered
        if too_few.any():
            excluded.add(data.index[too_few], f"answered fewer than {min_answered:.0%} of the items",
                         column=name)
    for name, answered in counts.items():
        out[name] = answered
    return excluded.attach(out) if len(excluded) else out
