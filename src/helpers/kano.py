"""Kano model: classify service features from a functional/dysfunctional question pair.

Each respondent answers two questions per feature: how they feel if the feature is present
(functional) and if it is absent (dysfunctional), each with five answers. The standard
evaluation table turns the pair into a category: Attractive (A), One-dimensional (O), Must-be
(M), Indifferent (I), Reverse (R) or Questionable (Q).

Answer coding (either form is accepted, also mixed):

====  ================  ==================================  ===============================
code  meaning           English text accepted               Chinese text accepted
====  ================  ==================================  ===============================
1     I like it         like, i like it                     喜欢, 很喜欢, 我喜欢
2     I expect it       must-be, must be, expect,           理所当然, 理应如此, 必须这样,
                        i expect it                         应该的, 必备
3     I am neutral      neutral, i am neutral, indifferent  无所谓, 中立, 一般
4     I can live with   live with, live-with,               能忍受, 可以忍受, 勉强接受
                        i can live with it, tolerate
5     I dislike it      dislike, i dislike it               不喜欢, 很不喜欢, 我不喜欢
====  ================  ==================================  ===============================

English text is matched case-insensitively; surrounding blanks are ignored; full-width digits
and letters (``"１"``) are read as their ASCII forms (Unicode NFKC). ``True``/``False``, codes other
than 1–5 and unknown texts raise :class:`helpers.InputError` naming the column and the rows;
missing answers (None, NaN, empty text) are excluded and reported in ``attrs["excluded"]``.

Functions:

classify
    Category of each respondent × feature answer pair.
kano_summary
    Per feature: category counts, category by mode, Better/Worse, strengths, Fong test.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Hashable, Sequence

import numpy as np
import pandas as pd

from helpers._validate import (
    Exclusions,
    HelpersError,
    InputError,
    bad_values,
    check_frame,
    require_columns,
)
from helpers.scales import column

__all__ = ["ANSWER_CODES", "CATEGORIES", "EVALUATION_TABLE", "classify", "kano_summary"]

ANSWER_CODES: dict[str, int] = {
    "like": 1, "i like it": 1, "喜欢": 1, "很喜欢": 1, "我喜欢": 1,
    "must-be": 2, "must be": 2, "expect": 2, "i expect it": 2, "理所当然": 2, "理应如此": 2,
    "必须这样": 2, "应该的": 2, "必备": 2,
    "neutral": 3, "i am neutral": 3, "indifferent": 3, "无所谓": 3, "中立": 3, "一般": 3,
    "live with": 4, "live-with": 4, "i can live with it": 4, "tolerate": 4, "能忍受": 4,
    "可以忍受": 4, "勉强接受": 4,
    "dislike": 5, "i dislike it": 5, "不喜欢": 5, "很不喜欢": 5, "我不喜欢": 5,
}
"""Accepted answer texts → codes 1 (like) … 5 (dislike)."""

EVALUATION_TABLE: tuple[str, ...] = (
    "QAAAO",  # functional = like
    "RIIIM",  # must-be
    "RIIIM",  # neutral
    "RIIIM",  # live with
    "RRRRQ",  # dislike
)
"""Rows: functional answer 1–5; columns: dysfunctional answer 1–5 (Berger et al. 1993)."""

CATEGORIES: dict[str, tuple[str, str]] = {
    "A": ("Attractive", "魅力型"),
    "O": ("One-dimensional", "期望型"),
    "M": ("Must-be", "必备型"),
    "I": ("Indifferent", "无差异型"),
    "R": ("Reverse", "反向型"),
    "Q": ("Questionable", "可疑结果"),
}
"""Category code → (English name, Chinese name)."""

_TABLE = np.array([list(r) for r in EVALUATION_TABLE])
_TIE_ORDER = ("M", "O", "A", "I", "R", "Q")


def _text(v: object) -> object:
    if isinstance(v, str):
        t = unicodedata.normalize("NFKC", v).strip().lower()
        return np.nan if t == "" else t
    return v


def _codes(values: pd.Series, name: Hashable) -> pd.Series:
    """Answers (codes 1–5 or text) as float codes, NaN for missing; InputError otherwise."""
    is_bool = (pd.api.types.is_bool_dtype(values)
               or values.map(lambda v: isinstance(v, (bool, np.bool_))).to_numpy())
    if np.any(is_bool):
        mask = pd.Series(np.broadcast_to(is_bool, len(values)), index=values.index)
        raise bad_values(name, values, mask & values.notna(), "是布尔值（True/False），不是 Kano 答案",
                         "boolean values, not Kano answers",
                         hint="; use codes 1–5 or the texts in helpers.kano.ANSWER_CODES")
    if pd.api.types.is_numeric_dtype(values) and not isinstance(values.dtype,
                                                                 pd.CategoricalDtype):
        codes = pd.Series(values.to_numpy(dtype=float, na_value=np.nan), index=values.index)
    else:
        text = values.astype(object).map(_text)
        mapped = text.map(lambda v: ANSWER_CODES.get(v, v) if isinstance(v, str) else v)
        numeric = mapped.map(lambda v: isinstance(v, (int, float, np.number, str)))
        codes = pd.to_numeric(mapped.where(numeric), errors="coerce").astype(float)
        unparsed = text.notna() & codes.isna()
        if unparsed.any():
            raise bad_values(name, values, unparsed, "不是有效的 Kano 答案", "unknown Kano answers",
                             hint="; use codes 1–5 or the texts in helpers.kano.ANSWER_CODES")
    bad = codes.notna() & ~codes.isin([1.0, 2.0, 3.0, 4.0, 5.0])
    if bad.any():
        raise bad_values(name, values, bad, "的答案不在 1–5 之内", "answers outside the codes 1–5",
                         hint="; recode 'don't know' answers as missing (NaN)")
    if codes.isna().all():
        raise InputError(f"列 {name!r} 全部缺失 (column {name!r} has no values: all missing)",
                         column=name)
    return codes


def _as_series(x: object, name: str) -> pd.Series:
    if isinstance(x, pd.Series):
        return x
    if isinstance(x, (pd.DataFrame, dict, set)) or (np.ndim(x) > 1):
        raise HelpersError(f"{name} 必须是一列答案 ({name} must be a column name with data=, a "
                           f"single answer or a 1-D sequence of answers, got "
                           f"{type(x).__name__})")
    if np.ndim(x) == 0:
        return pd.Series([x], dtype=object)
    return pd.Series(list(x), dtype=object)  # type: ignore[call-overload]


def classify(
    functional: Hashable | Sequence | pd.Series,
    dysfunctional: Hashable | Sequence | pd.Series,
    *,
    data: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Kano category of each functional/dysfunctional answer pair.

    Parameters
    ----------
    functional, dysfunctional : column name, scalar or array-like
        With ``data``: the column names. Without: the answers themselves (a scalar, list,
        array or Series). Answers are codes 1–5 or texts (see the module docstring).
    data : pandas.DataFrame, optional
        Long data, one row per respondent × feature.

    Returns
    -------
    pandas.DataFrame
        Index of ``data`` (or of the Series given; else 0…n−1), with columns

        - ``functional``, ``dysfunctional`` : answer codes 1–5 (float; NaN if missing)
        - ``category`` : A, O, M, I, R or Q (missing if either answer is missing)
        - ``category_label`` : English name
        - ``category_zh`` : Chinese name

        Rows with a missing answer are listed in ``attrs["excluded"]``.

    Notes
    -----
    Evaluation table (rows = functional, columns = dysfunctional; like, must-be, neutral,
    live with, dislike)::

                    Like  Must-be  Neutral  Live-with  Dislike
        Like          Q      A        A        A         O
        Must-be       R      I        I        I         M
        Neutral       R      I        I        I         M
        Live-with     R      I        I        I         M
        Dislike       R      R        R        R         Q

    Berger et al. (1993), *Center for Quality Management Journal* 2(4); Kano et al. (1984),
    *Hinshitsu* 14(2); table as in the stp25kano README (domain brief §5.3).

    Examples
    --------
    >>> classify(["like", "like", "must-be", 1, "dislike", "neutral"],
    ...          ["dislike", "live with", "dislike", 1, "like", "neutral"])
       functional  dysfunctional category category_label category_zh
    0         1.0            5.0        O  One-dimensional         期望型
    1         1.0            4.0        A       Attractive         魅力型
    2         2.0            5.0        M          Must-be         必备型
    3         1.0            1.0        Q     Questionable        可疑结果
    4         5.0            1.0        R          Reverse         反向型
    5         3.0            3.0        I      Indifferent        无差异型
    """
    if data is not None:
        check_frame(data)
        if functional == dysfunctional:
            raise HelpersError(f"functional 与 dysfunctional 必须是两列 (functional and "
                               f"dysfunctional must be two columns, got {functional!r} twice)")
        f_raw, d_raw = column(data, functional), column(data, dysfunctional)
        f_name, d_name = functional, dysfunctional
    else:
        f_raw, d_raw = _as_series(functional, "functional"), _as_series(dysfunctional,
                                                                        "dysfunctional")
        f_name, d_name = "functional", "dysfunctional"
        if len(f_raw) != len(d_raw):
            raise InputError(
                f"functional 与 dysfunctional 的长度不一致 (functional has {len(f_raw)} answers, "
                f"dysfunctional {len(d_raw)})",
            )
        if len(f_raw) == 0:
            raise InputError("没有任何答案 (no answers given)")
        if not f_raw.index.equals(d_raw.index):
            d_raw = pd.Series(d_raw.to_numpy(), index=f_raw.index)
    f = _codes(f_raw, f_name)
    d = _codes(d_raw, d_name)
    ok = (f.notna() & d.notna()).to_numpy()
    cat = np.full(len(f), None, dtype=object)
    fi = f.to_numpy()[ok].astype(int) - 1
    di = d.to_numpy()[ok].astype(int) - 1
    cat[ok] = _TABLE[fi, di]
    out = pd.DataFrame({"functional": f.to_numpy(), "dysfunctional": d.to_numpy(),
                        "category": cat}, index=f.index)
    out["category_label"] = out["category"].map({c: v[0] for c, v in CATEGORIES.items()})
    out["category_zh"] = out["category"].map({c: v[1] for c, v in CATEGORIES.items()})
    ex = Exclusions()
    ex.add(list(f.index[f.isna()]), "missing functional answer", column=f_name)
    ex.add(list(d.index[d.isna()]), "missing dysfunctional answer", column=d_name)
    return ex.attach(out)


def kano_summary(
    data: pd.DataFrame,
    feature: Hashable,
    functional: Hashable,
    dysfunctional: Hashable,
) -> pd.DataFrame:
    """Per-feature Kano counts, category, Better/Worse coefficients and the Fong test.

    Parameters
    ----------
    data : pandas.DataFrame
        Long data, one row per respondent × feature.
    feature : column name
        Feature (service aspect) label.
    functional, dysfunctional : column name
        Answers, codes 1–5 or texts (see the module docstring).

    Returns
    -------
    pandas.DataFrame
        One row per feature (order of first appearance), with columns

        - ``feature``
        - ``n`` : classified answer pairs (A + O + M + I + R + Q)
        - ``A``, ``O``, ``M``, ``I``, ``R``, ``Q`` : counts
        - ``category`` : the most frequent category; exact ties broken M > O > A > I > R > Q
        - ``category_label``, ``category_zh`` : its English and Chinese names
        - ``better`` : (A + O) / (A + O + M + I), 0…1
        - ``worse`` : −(O + M) / (A + O + M + I), −1…0
        - ``total_strength`` : (A + O + M) / n
        - ``category_strength`` : share of the top category minus share of the second
        - ``fong_difference`` : ``|m1 − m2|``, the two largest counts
        - ``fong_critical`` : 1.65·√[(m1 + m2)(2n − m1 − m2) / (2n)]
        - ``fong_significant`` : ``fong_difference >= fong_critical`` (the top category is
          clearly ahead; if false, report the feature as a mix of the top two)

        ``attrs["excluded"]`` lists rows with a missing answer (or feature).

    Notes
    -----
    Better (CS+) and Worse (CS−) use only A, O, M, I (R and Q excluded); values beyond ±0.5
    are often read as meaningful (Berger et al. 1993, via the stp25kano README). Mode with
    tie rule M > O > A > I (Matzler et al. 1996, *Journal of Product & Brand Management*
    5(2): 6–18). Total and category strength: Lee & Newcomb (1997). Fong test: Fong (1996),
    *Center for Quality Management Journal* 5: 21–24, with n the total of all six categories
    (domain brief §5.4). A feature with no A/O/M/I answers has NaN Better/Worse.

    Examples
    --------
    Worked case (domain brief §11 #3): M = 95, O = 123, A = 45, I = 33.

    >>> pairs = [("like", "dislike")] * 123 + [("like", "neutral")] * 45 + \\
    ...         [("must-be", "dislike")] * 95 + [("neutral", "neutral")] * 33
    >>> df = pd.DataFrame([("排队叫号", f, d) for f, d in pairs], columns=["feat", "fun", "dys"])
    >>> out = kano_summary(df, feature="feat", functional="fun", dysfunctional="dys")
    >>> out[["feature", "n", "category", "better", "worse"]].round(3)
      feature    n category  better  worse
    0    排队叫号  296        O   0.568 -0.736
    """
    check_frame(data)
    require_columns(data, [feature, functional, dysfunctional])
    if feature in (functional, dysfunctional):
        raise HelpersError(f"feature 列不能同时是答案列 (the feature column {feature!r} is also "
                           f"an answer column)")
    cls = classify(functional, dysfunctional, data=data)
    ex = Exclusions()
    ex.merge(cls.attrs["excluded"])
    feat = column(data, feature)
    missing_feat = feat.isna().to_numpy()
    ex.add(data.index[missing_feat], "missing feature", column=feature)
    keep = cls["category"].notna().to_numpy() & ~missing_feat
    if not keep.any():
        raise InputError(
            "没有可分类的完整答案对 (no complete answer pairs to classify)", column=functional)
    codes = list(CATEGORIES)
    feature_idx, order = pd.factorize(pd.Series(feat.to_numpy()[keep], dtype=object),
                                      sort=False)
    cat_idx = pd.Index(codes).get_indexer(cls["category"].to_numpy()[keep])
    counts = np.zeros((len(order), len(codes)))
    np.add.at(counts, (feature_idx, cat_idx), 1.0)
    order = list(order)
    n = counts.sum(axis=1)
    a, o, m, i = (counts[:, codes.index(c)] for c in "AOMI")
    aomi = a + o + m + i
    with np.errstate(invalid="ignore", divide="ignore"):
        better = np.where(aomi > 0, (a + o) / aomi, np.nan)
        worse = np.where(aomi > 0, -(o + m) / aomi, np.nan)
    # mode with the tie order M > O > A > I > R > Q
    tie_idx = [codes.index(c) for c in _TIE_ORDER]
    ordered = counts[:, tie_idx]
    category = [_TIE_ORDER[j] for j in np.argmax(ordered, axis=1)]
    top2 = -np.sort(-counts, axis=1)[:, :2]
    m1, m2 = top2[:, 0], top2[:, 1]
    crit = 1.65 * np.sqrt((m1 + m2) * (2 * n - m1 - m2) / (2 * n))
    out = pd.DataFrame({"feature": order, "n": n.astype(int)})
    for j, c in enumerate(codes):
        out[c] = counts[:, j].astype(int)
    out["category"] = category
    out["category_label"] = [CATEGORIES[c][0] for c in category]
    out["category_zh"] = [CATEGORIES[c][1] for c in category]
    out["better"] = better
    out["worse"] = worse
    out["total_strength"] = (a + o + m) / n
    out["category_strength"] = (m1 - m2) / n
    out["fong_difference"] = np.abs(m1 - m2)
    out["fong_critical"] = crit
    out["fong_significant"] = out["fong_difference"] >= crit
    return ex.attach(out)
