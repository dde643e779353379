"""Generator of the simulated Kano survey."""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers._validate import HelpersError
from helpers.simulate._common import _rng

__all__ = [
    "kano_survey",
    "kano_truth",
    "KANO_DEFAULTS",
    "KANO_ANSWERS",
    "KANO_TABLE",
]


KANO_ANSWERS: tuple[str, ...] = ("喜欢", "理应如此", "无所谓", "能忍受", "不喜欢")
"""The five Kano answers (like, must-be, neutral, live with, dislike), domain brief §5.2."""

KANO_TABLE: tuple[str, ...] = ("QAAAO", "RIIIM", "RIIIM", "RIIIM", "RRRRQ")
"""Kano evaluation table (rows functional, columns dysfunctional answer), domain brief §5.3."""

KANO_DEFAULTS: dict = dict(
    n=300,
    mix={
        "一网通办": {"A": 0.20, "O": 0.45, "M": 0.20, "I": 0.12, "R": 0.01, "Q": 0.02},
        "预约办理": {"A": 0.10, "O": 0.25, "M": 0.45, "I": 0.17, "R": 0.01, "Q": 0.02},
        "帮办代办": {"A": 0.45, "O": 0.15, "M": 0.08, "I": 0.28, "R": 0.02, "Q": 0.02},
        "延时服务": {"A": 0.35, "O": 0.30, "M": 0.10, "I": 0.22, "R": 0.01, "Q": 0.02},
        "进度短信提醒": {"A": 0.40, "O": 0.20, "M": 0.15, "I": 0.19, "R": 0.04, "Q": 0.02},
        "自助终端": {"A": 0.12, "O": 0.10, "M": 0.08, "I": 0.60, "R": 0.08, "Q": 0.02},
    },
)
"""Default parameters of :func:`kano_survey`: true category mix per feature."""


def _kano_cells() -> dict[str, list[tuple[int, int]]]:
    cells: dict[str, list[tuple[int, int]]] = {}
    for f, row in enumerate(KANO_TABLE):
        for d, cat in enumerate(row):
            cells.setdefault(cat, []).append((f, d))
    return cells


def kano_survey(n: int = 300, seed: int | np.random.Generator | None = 1984,
                **params) -> pd.DataFrame:
    """Simulate a Kano survey of service features (long format, one row per answer pair).

    Each respondent's category for a feature is drawn from the feature's true mix; the answer
    pair is then drawn uniformly among the cells of the evaluation table (§5.3) that give that
    category, so classifying the answers with the table recovers the category exactly.

    Parameters
    ----------
    n : int
        Respondents (rows = ``n`` × features).
    seed : int or numpy.random.Generator
        Seed.
    mix : dict
        {feature: {A, O, M, I, R, Q: share}} (normalised).

    Returns
    -------
    pandas.DataFrame
        ``respondent_id, feature, functional, dysfunctional`` with answers as the Chinese labels
        of :data:`KANO_ANSWERS`. ``attrs["truth"]`` holds the mix and the expected Better/Worse.

    Notes
    -----
    For respondent r and feature f: category c ~ Categorical(mix_f) over A, O, M, I, R, Q, then
    (functional, dysfunctional) uniform over the cells of :data:`KANO_TABLE` that give c (the
    standard evaluation table of Berger et al. 1993, Center for Quality Management Journal
    2(4):3–36; domain brief §5.3). Q is reachable only through the two contradictory cells
    (like/like, dislike/dislike). The answers are the five of domain brief §5.2. The mixes of
    :data:`KANO_DEFAULTS` are illustrative.

    Validated against: the category shares of a large draw classified with the table (within
    0.04 of :func:`kano_truth`) — tests/test_simulate.py.

    Examples
    --------
    >>> df = kano_survey(n=20, seed=1)
    >>> df.shape
    (120, 4)
    >>> sorted(df["functional"].unique())[:2]
    ['不喜欢', '喜欢']
    """
    unknown = set(params) - set(KANO_DEFAULTS)
    if unknown:
        raise HelpersError(f"未知参数 (unknown parameter(s)): {sorted(unknown)}")
    mix = params.get("mix", KANO_DEFAULTS["mix"])
    rng = _rng(seed)
    cells = _kano_cells()
    cats = ["A", "O", "M", "I", "R", "Q"]
    rows = []
    for feature, shares in mix.items():
        pr = np.array([shares.get(c, 0.0) for c in cats], float)
        pr /= pr.sum()
        cat_idx = rng.choice(len(cats), size=int(n), p=pr)
        pick = rng.random(int(n))
        for r in range(int(n)):
            options = cells[cats[cat_idx[r]]]
            f, d = options[int(pick[r] * len(options))]
            rows.append((f"K{r + 1:04d}", feature, KANO_ANSWERS[f], KANO_ANSWERS[d]))
    df = pd.DataFrame(rows, columns=["respondent_id", "feature", "functional", "dysfunctional"])
    df = df.sort_values(["respondent_id"], kind="stable").reset_index(drop=True)
    df = df.astype("str")
    df.attrs["truth"] = {"mix": {f: dict(s) for f, s in mix.items()}}
    df.attrs["params"] = {"n": int(n), "seed": seed if isinstance(seed, int) else None}
    return df


def kano_truth(**params) -> pd.DataFrame:
    """True category mix per feature of :func:`kano_survey`, with the expected Better/Worse.

    Parameters
    ----------
    **params
        ``mix`` ({feature: {A, O, M, I, R, Q: share}}), as passed to :func:`kano_survey`;
        default: the mix of :data:`KANO_DEFAULTS`. Other keys are ignored.

    Returns
    -------
    pandas.DataFrame
        One row per feature, in the order of ``mix``:

        - ``feature``
        - ``A``, ``O``, ``M``, ``I``, ``R``, ``Q`` : the true shares, normalised to sum to 1
          (a category missing from the mix is 0)
        - ``better`` : expected Better coefficient, in [0, 1] (4 decimals)
        - ``worse`` : expected Worse coefficient, in [−1, 0] (4 decimals)
        - ``category`` : the category with the largest share (the first of A, O, M, I, R, Q on
          a tie)

        Never NaN; a feature must have A + O + M + I > 0.

    Notes
    -----
    Better = (A + O)/(A + O + M + I), Worse = −(O + M)/(A + O + M + I) (Berger et al. 1993,
    Center for Quality Management Journal 2(4):3–36; domain brief §5.4): R and Q are left out
    of the denominator. These are the values an infinitely large :func:`kano_survey` would
    show, computed exactly (no simulation).

    Validated against: the category shares and modal category of a large draw classified with
    :data:`KANO_TABLE` — tests/test_simulate.py.

    Examples
    --------
    >>> t = kano_truth().set_index("feature")
    >>> t.shape
    (6, 9)
    >>> float(t.loc["预约办理", "better"]), float(t.loc["预约办理", "worse"])
    (0.3608, -0.7216)
    >>> t.loc["预约办理", "category"]
    'M'
    """
    mix = params.get("mix", KANO_DEFAULTS["mix"])
    rows = []
    for feature, s in mix.items():
        tot = sum(s.values())
        sh = {c: s.get(c, 0.0) / tot for c in "AOMIRQ"}
        core = sh["A"] + sh["O"] + sh["M"] + sh["I"]
        rows.append({"feature": feature, **sh,
                     "better": round((sh["A"] + sh["O"]) / core, 4),
                     "worse": round(-(sh["O"] + sh["M"]) / core, 4),
                     "category": max(sh, key=sh.get)})
    return pd.DataFrame(rows)
