"""Reading complaint texts at scale: masking, segmentation, keywords and a ticket classifier.

The steps, in the order a real project must take them:

1. **Mask first.** Every text goes through :func:`helpers.privacy.mask_text` before anything
   else (also when it is already masked: masking twice changes nothing), and only tokens with
   a Chinese character are kept, so no digit of a phone or ID number can become a feature.
2. **Segment** with jieba (精确模式, maximum-probability path over the prefix dictionary, HMM
   for unknown words) and a small domain dictionary shipped with the package
   (``helpers/data/gov_terms.txt``: 一网通办, 不动产登记, 社保卡, 接诉即办 …), so that these
   terms stay whole; drop stop words (``helpers/data/stopwords_zh.txt``: function words and
   courtesy words only).
3. **Keywords** per category by TF-IDF (:func:`keywords`).
4. **Classify** tickets with TF-IDF features and a multinomial logistic regression
   (:func:`train_classifier`), evaluated on a held-out stratified split by macro-F1 with a
   bootstrap interval, per-class precision and recall (:func:`classification_report`), the
   confusion matrix (:func:`confusion_table`) and the pairs of categories it confuses most
   (:func:`confused_pairs`); :func:`explain_prediction` shows the probabilities of one ticket
   and the words that drove them.

A classifier only suggests a category: in a real deployment staff review the suggestion,
labelled data come from real tickets, and the scores are re-checked as wording drifts.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import numpy as np
import pandas as pd

from helpers._validate import Exclusions, InputError, bad_values, check_frame, require_columns

__all__ = ["domain_terms", "stop_words", "segment", "tokenize", "keywords", "TicketClassifier",
           "train_classifier", "classification_report", "confusion_table", "confused_pairs",
           "score_difference", "example_predictions", "explain_prediction"]

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")


def _read_list(name: str) -> list[str]:
    text = resources.files("helpers").joinpath("data", name).read_text(encoding="utf-8")
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


@lru_cache(maxsize=1)
def domain_terms() -> tuple[str, ...]:
    """The domain dictionary: government-service terms that segmentation keeps whole.

    Returns
    -------
    tuple of str
        The terms of ``helpers/data/gov_terms.txt`` (package data), in file order.

    Notes
    -----
    Added to a private :class:`jieba.Tokenizer` with :meth:`~jieba.Tokenizer.add_word` and no
    frequency, so that jieba computes a frequency high enough to keep each term whole (jieba
    README, "载入词典"/"调整词典").

    Examples
    --------
    >>> {"一网通办", "不动产登记", "社保卡", "接诉即办"} <= set(domain_terms())
    True
    """
    return tuple(_read_list("gov_terms.txt"))


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """The stop words dropped after segmentation (function words, pronouns, courtesy words).

    Returns
    -------
    frozenset of str
        The words of ``helpers/data/stopwords_zh.txt`` (package data).

    Notes
    -----
    Deliberately short: words that signal the kind of appeal (请问, 建议, 投诉, 举报, 要求 …)
    are *not* stop words, since they are what a classifier needs.

    Examples
    --------
    >>> "的" in stop_words(), "投诉" in stop_words()
    (True, False)
    """
    return frozenset(_read_list("stopwords_zh.txt"))


@lru_cache(maxsize=1)
def _tokenizer():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tk = jieba.Tokenizer()
    for term in domain_terms():
        tk.add_word(term)
    return tk


def segment(text: str, *, stopwords: bool = True) -> list[str]:
    """Mask personal data, then cut one text into words (jieba with the domain dictionary).

    Parameters
    ----------
    text : str
        One ticket text (raw or already masked).
    stopwords : bool, default True
        Drop the words of :func:`stop_words`.

    Returns
    -------
    list of str
        The words in order; only words with at least one Chinese character are kept (no
        digits, masks, punctuation or e-mail parts).

    Notes
    -----
    Masking by :func:`helpers.privacy.mask_text`, then ``jieba.Tokenizer.lcut(text, HMM=True)``
    (精确模式: a directed acyclic graph of the dictionary words in the text, the path of maximum
    probability by dynamic programming, unknown words by an HMM with Viterbi decoding; jieba
    README). A text that is not a str raises :class:`~helpers.InputError`.

    Examples
    --------
    >>> phone = "139" + "1234" + "5678"      # a made-up number, assembled so no page shows one
    >>> segment("能不能在一网通办上办社保卡？电话" + phone)
    ['能', '不能', '一网通办', '上办', '社保卡', '电话']
    """
    if not isinstance(text, str):
        raise InputError(f"segment 需要文本 str (segment needs a str, got {type(text).__name__})")
    from helpers.privacy import mask_text

    masked, _ = mask_text(text)
    return list(_cut_cached(masked, bool(stopwords)))


@lru_cache(maxsize=65_536)
def _cut_cached(masked: str, stopwords: bool) -> tuple[str, ...]:
    """jieba is the slow step and the same texts are cut again for keywords, the classifier
    and the explanations, so the words are cached; the cache only ever sees masked text."""
    stops = stop_words() if stopwords else frozenset()
    return tuple(w for w in _tokenizer().lcut(masked, HMM=True)
                 if _CJK.search(w) and w.strip() and w not in stops)


class _Segmenter:
    """Picklable tokenizer for scikit-learn's TfidfVectorizer."""

    def __init__(self, stopwords: bool = True) -> None:
        self.stopwords = stopwords

    def __call__(self, text: str) -> list[str]:
        return segment(text, stopwords=self.stopwords)


def _texts(data: pd.DataFrame, text: Hashable, ex: Exclusions | None = None) -> pd.Series:
    """The text column: missing texts excluded (recorded), non-text values an error."""
    require_columns(data, [text])
    s = data[text]
    missing = s.isna()
    not_text = ~missing & ~s.map(lambda v: isinstance(v, str))
    if not_text.any():
        raise bad_values(text, s, not_text, "不是文本", "values that are not text",
                         hint="; convert with .astype(str) or fix those rows")
    if missing.any():
        if ex is None:
            raise bad_values(text, s, missing, "缺少文本", "missing text")
        ex.add(s.index[missing], "missing text", column=text)
    return s[~missing]


def tokenize(data: pd.DataFrame, text: Hashable, *, stopwords: bool = True) -> pd.DataFrame:
    """Segment every text of a column into words: a tidy long table.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per ticket.
    text : str
        Column of texts (raw or masked; masked again first). Missing texts are excluded and
        reported in ``attrs["excluded"]``; values that are not text raise
        :class:`~helpers.InputError` naming the rows.
    stopwords : bool, default True
        Drop the words of :func:`stop_words`.

    Returns
    -------
    pandas.DataFrame
        One row per word: ``row`` (index label of the ticket), ``position`` (0, 1, … within
        the text), ``token``.

    Notes
    -----
    :func:`segment` applied to each text (masking, jieba with the domain dictionary).

    Examples
    --------
    >>> df = pd.DataFrame({"t": ["不动产登记要带什么材料", "社保卡丢了"]}, index=[5, 9])
    >>> tokenize(df, "t")
       row  position  token
    0    5         0  不动产登记
    1    5         1      要
    2    5         2      带
    3    5         3     什么
    4    5         4     材料
    5    9         0    社保卡
    6    9         1      丢
    """
    check_frame(data)
    ex = Exclusions()
    texts = _texts(data, text, ex)
    rows = [(label, i, w) for label, t in texts.items()
            for i, w in enumerate(segment(t, stopwords=stopwords))]
    out = pd.DataFrame(rows, columns=["row", "position", "token"])
    out = out.astype({"position": "int64", "token": "str"})
    return ex.attach(out)


def _labels(data: pd.DataFrame, label: Hashable, ex: Exclusions) -> pd.Series:
    require_columns(data, [label])
    s = data[label]
    missing = s.isna()
    ex.add(s.index[missing], "missing label", column=label)
    return s[~missing].astype(str)


def _vectorizer(min_df: int = 1, sublinear_tf: bool = True):
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(tokenizer=_Segmenter(), token_pattern=None, lowercase=False,
                           min_df=min_df, sublinear_tf=sublinear_tf, norm="l2",
                           smooth_idf=True)


def keywords(data: pd.DataFrame, text: Hashable, category: Hashable, *, top: int = 10,
             min_df: int = 2) -> pd.DataFrame:
    """The most distinctive words of each category by TF-IDF.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per ticket.
    text : str
        Column of texts (masked again first). Rows with a missing text or category are
        excluded and reported in ``attrs["excluded"]``.
    category : str
        Column of categories (e.g. ``category``).
    top : int, default 10
        Words per category (≥ 1).
    min_df : int, default 2
        Ignore words that occur in fewer tickets.

    Returns
    -------
    pandas.DataFrame
        ``top`` rows per category (fewer if it has fewer words), sorted by category and rank:
        ``category``, ``rank`` (1 = most distinctive), ``term``, ``score`` (mean TF-IDF weight of
        the word over the category's tickets), ``score_rest`` (the same over all other
        tickets), ``distinctiveness`` (``score − score_rest``), ``n`` (tickets of the category
        containing the word).

    Notes
    -----
    TF-IDF (Sparck Jones 1972, "A statistical interpretation of term specificity and its
    application in retrieval", J. Documentation 28(1):11–21; Salton & Buckley 1988, Information
    Processing & Management 24(5):513–523) as in scikit-learn's ``TfidfVectorizer`` with
    ``sublinear_tf=True, smooth_idf=True``: ``w(t, d) = (1 + ln tf(t, d)) · idf(t)``,
    ``idf(t) = ln((1 + N)/(1 + df(t))) + 1``, each ticket's vector scaled to unit length.
    Words are ranked by ``distinctiveness``: a word frequent in every category (the topic of
    the ticket, say) has a high ``score`` but no distinctiveness.

    Validated against: a hand computation of the formula on a fixed tiny corpus —
    tests/test_text.py.

    Examples
    --------
    >>> df = pd.DataFrame({"t": ["投诉物业不作为", "投诉物业乱收费", "请问社保怎么交", "请问社保卡在哪办"],
    ...                    "c": ["投诉", "投诉", "咨询", "咨询"]})
    >>> keywords(df, "t", "c", top=1, min_df=1)[["category", "term"]]
      category term
    0       咨询   请问
    1       投诉   投诉
    """
    check_frame(data)
    if int(top) < 1:
        raise InputError(f"top 必须 ≥ 1 (top must be >= 1, got {top})")
    ex = Exclusions()
    texts = _texts(data, text, ex)
    labels = _labels(data, category, ex)
    keep = texts.index.intersection(labels.index, sort=False)
    texts, labels = texts.loc[keep], labels.loc[keep]
    vec = _vectorizer(min_df=int(min_df))
    x = vec.fit_transform(texts.tolist())
    terms = np.asarray(vec.get_feature_names_out())
    y = labels.to_numpy()
    rows = []
    for cat in sorted(set(y)):
        inside = y == cat
        score = np.asarray(x[inside].mean(axis=0)).ravel()
        rest = np.asarray(x[~inside].mean(axis=0)).ravel() if (~inside).any() else \
            np.zeros_like(score)
        n_docs = np.asarray((x[inside] > 0).sum(axis=0)).ravel()
        dist = score - rest
        order = np.lexsort((terms, -dist))[: int(top)]
        rows += [{"category": cat, "rank": r + 1, "term": terms[j], "score": score[j],
                  "score_rest": rest[j], "distinctiveness": dist[j], "n": int(n_docs[j])}
                 for r, j in enumerate(order)]
    out = pd.DataFrame(rows, columns=["category", "rank", "term", "score", "score_rest",
                                      "distinctiveness", "n"])
    return ex.attach(out)


@dataclass
class TicketClassifier:
    """A fitted ticket classifier and its held-out evaluation data.

    Attributes
    ----------
    pipeline : sklearn.pipeline.Pipeline
        ``TfidfVectorizer`` (jieba words, :func:`segment`) → ``LogisticRegression``.
    classes : list of str
        The categories, in the model's order.
    test : pandas.DataFrame
        The held-out tickets: ``row`` (index label in the data), ``text``, ``label`` (true),
        ``predicted``, and ``p_<category>`` for every category.
    n_train : int
        Tickets used for fitting.
    excluded : ExcludedRows
        Rows left out (missing text or label).
    """

    pipeline: object
    classes: list[str]
    test: pd.DataFrame
    n_train: int
    excluded: object = field(default=None)

    def predict_proba(self, texts: Sequence[str]) -> pd.DataFrame:
        """Class probabilities of new texts: one row per text, one column per category."""
        texts = list(texts)
        bad = [i for i, t in enumerate(texts) if not isinstance(t, str)]
        if bad:
            raise InputError(f"第 {bad[:8]} 个不是文本 (items {bad[:8]} are not text)")
        return pd.DataFrame(self.pipeline.predict_proba(texts), columns=self.classes)


def train_classifier(data: pd.DataFrame, text: Hashable, label: Hashable, *,
                     test_size: float = 0.25, seed: int = 0, C: float = 5.0,
                     min_df: int = 2) -> TicketClassifier:
    """Fit a TF-IDF + logistic-regression ticket classifier on a stratified training split.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per ticket.
    text : str
        Column of texts (masked again first).
    label : str
        Column of the recorded categories. Rows with a missing text or label are excluded and
        reported (``result.excluded``); every category needs at least 2 tickets.
    test_size : float, default 0.25
        Share of tickets held out for evaluation (stratified by category).
    seed : int, default 0
        ``random_state`` of the split (the fit itself is deterministic).
    C : float, default 5.0
        Inverse L2 penalty of the logistic regression.
    min_df : int, default 2
        Ignore words seen in fewer training tickets.

    Returns
    -------
    TicketClassifier
        The fitted pipeline and the held-out predictions (``.test``); evaluate it with
        :func:`classification_report`, :func:`confusion_table`, :func:`confused_pairs`.

    Notes
    -----
    Features: TF-IDF of the jieba words (see :func:`keywords`), fitted on the training split
    only. Model: multinomial logistic regression, ``P(c | x) = exp(b_c + w_c·x) / Σ_k
    exp(b_k + w_k·x)``, L2-penalised (scikit-learn ``LogisticRegression``, lbfgs). The split is
    ``sklearn.model_selection.train_test_split(stratify=label)``: each category keeps its share
    in the held-out set, so small categories (建议, 举报) are evaluated too.

    Examples
    --------
    >>> from helpers.simulate import hotline_tickets
    >>> df = hotline_tickets(n=600, seed=1)
    >>> m = train_classifier(df, "text_masked", "category")
    >>> len(m.test), m.classes
    (150, ['举报', '咨询', '建议', '投诉', '求助'])
    """
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import train_test_split
    from sklearn.pipeline import Pipeline

    check_frame(data, min_rows=4)
    if not 0 < float(test_size) < 1:
        raise InputError(f"test_size 必须在 0 和 1 之间 (test_size must be in (0, 1), "
                         f"got {test_size})")
    ex = Exclusions()
    texts = _texts(data, text, ex)
    labels = _labels(data, label, ex)
    keep = texts.index.intersection(labels.index, sort=False)
    texts, labels = texts.loc[keep], labels.loc[keep]
    counts = labels.value_counts()
    if len(counts) < 2:
        raise InputError(f"列 {label!r} 至少需要两个类别 (column {label!r} needs at least two "
                         f"categories, found {list(counts.index)})", column=label)
    small = counts[counts < 2]
    if len(small):
        rows = list(labels.index[labels.isin(small.index)])
        raise InputError(f"列 {label!r} 的类别 {list(small.index)} 只有 1 条工单，无法分层抽样 "
                         f"(column {label!r}: categories with a single ticket, rows {rows[:8]})",
                         column=label, rows=rows)
    idx_train, idx_test = train_test_split(np.arange(len(texts)), test_size=float(test_size),
                                           stratify=labels.to_numpy(), random_state=int(seed))
    pipe = Pipeline([("tfidf", _vectorizer(min_df=int(min_df))),
                     ("model", LogisticRegression(C=float(C), max_iter=2000))])
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1):          # small model; the machine is shared
        pipe.fit(texts.iloc[idx_train].tolist(), labels.iloc[idx_train].to_numpy())
    classes = [str(c) for c in pipe.classes_]
    test_texts = texts.iloc[idx_test]
    proba = pipe.predict_proba(test_texts.tolist())
    test = pd.DataFrame({"row": test_texts.index, "text": test_texts.to_numpy(),
                         "label": labels.iloc[idx_test].to_numpy(),
                         "predicted": np.asarray(classes, dtype=object)[proba.argmax(axis=1)]})
    for j, c in enumerate(classes):
        test[f"p_{c}"] = proba[:, j]
    return TicketClassifier(pipeline=pipe, classes=classes, test=test.reset_index(drop=True),
                            n_train=len(idx_train), excluded=ex.attach(pd.DataFrame()).attrs[
                                "excluded"])


def _check_model(model: object) -> TicketClassifier:
    if not isinstance(model, TicketClassifier):
        raise InputError(f"需要 train_classifier 的结果 (expected a TicketClassifier from "
                         f"train_classifier, got {type(model).__name__})")
    return model


def _f1_table(y: np.ndarray, p: np.ndarray, classes: list[str]) -> np.ndarray:
    """(k, 3) precision, recall, F1 per class; a class never predicted has precision 0."""
    out = np.zeros((len(classes), 3))
    for i, c in enumerate(classes):
        tp = np.sum((y == c) & (p == c))
        fp = np.sum((y != c) & (p == c))
        fn = np.sum((y == c) & (p != c))
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        out[i] = prec, rec, (2 * prec * rec / (prec + rec) if prec + rec else 0.0)
    return out


def classification_report(model: TicketClassifier, *, n_boot: int = 500, ci: float = 0.95,
                          seed: int = 0) -> pd.DataFrame:
    """Held-out scores of a ticket classifier: per class and macro-F1, with bootstrap intervals.

    Parameters
    ----------
    model : TicketClassifier
        From :func:`train_classifier`.
    n_boot : int, default 500
        Bootstrap resamples of the held-out tickets for the intervals (0: no intervals).
    ci : float, default 0.95
        Level of the percentile intervals.
    seed : int, default 0
        Seed of the resampling.

    Returns
    -------
    pandas.DataFrame
        Tidy: one row per class and metric (``precision``, ``recall``, ``f1``), then
        ``macro_f1`` and ``accuracy`` (label ``全部``). Columns ``label``, ``metric``,
        ``estimate``, ``ci_low``, ``ci_high``, ``n`` (held-out tickets of the class, or all).

    Notes
    -----
    For class c: precision = TP/(TP + FP), recall = TP/(TP + FN), F1 = 2·P·R/(P + R) (van
    Rijsbergen 1979, *Information Retrieval*, ch. 7). Macro-F1 is the unweighted mean of the
    per-class F1, so small categories count as much as large ones (Sokolova & Lapalme 2009,
    Information Processing & Management 45(4):427–437); accuracy is the share predicted right.
    Intervals: percentile bootstrap over held-out tickets (Efron & Tibshirani 1993), i.e. the
    uncertainty from the size of the held-out set, not from refitting the model.

    Validated against: sklearn.metrics.f1_score(average="macro"), precision_recall_fscore_support
    and a hand count — tests/test_text.py.

    Examples
    --------
    >>> from helpers.simulate import hotline_tickets
    >>> m = train_classifier(hotline_tickets(n=600, seed=1), "text_masked", "category")
    >>> r = classification_report(m, n_boot=50)
    >>> r.tail(2)[["label", "metric"]].values.tolist()
    [['全部', 'macro_f1'], ['全部', 'accuracy']]
    """
    model = _check_model(model)
    y = model.test["label"].to_numpy()
    p = model.test["predicted"].to_numpy()
    classes = model.classes
    table = _f1_table(y, p, classes)
    est = np.concatenate([table.ravel(), [table[:, 2].mean(), np.mean(y == p)]])
    lo = hi = np.full(est.shape, np.nan)
    if int(n_boot) > 0:
        rng = np.random.default_rng(seed)
        boot = np.empty((int(n_boot), est.size))
        for b in range(int(n_boot)):
            i = rng.integers(0, len(y), len(y))
            t = _f1_table(y[i], p[i], classes)
            boot[b] = np.concatenate([t.ravel(), [t[:, 2].mean(), np.mean(y[i] == p[i])]])
        a = (1 - ci) / 2
        lo, hi = np.quantile(boot, [a, 1 - a], axis=0)
    n_class = [int(np.sum(y == c)) for c in classes]
    rows = [{"label": c, "metric": m, "n": n_class[i]} for i, c in enumerate(classes)
            for m in ("precision", "recall", "f1")]
    rows += [{"label": "全部", "metric": "macro_f1", "n": len(y)},
             {"label": "全部", "metric": "accuracy", "n": len(y)}]
    out = pd.DataFrame(rows)
    out.insert(2, "estimate", est)
    out.insert(3, "ci_low", lo)
    out.insert(4, "ci_high", hi)
    return out


def score_difference(model_a: TicketClassifier, model_b: TicketClassifier, *,
                     n_boot: int = 1000, ci: float = 0.95, seed: int = 0) -> pd.DataFrame:
    """Macro-F1 and accuracy of two classifiers on the same held-out tickets: a − b, paired.

    Parameters
    ----------
    model_a, model_b : TicketClassifier
        From :func:`train_classifier` on two versions of the same tickets (e.g. clean and
        noisy text) with the same split: their held-out ``row`` labels must be the same set
        (otherwise :class:`~helpers.InputError`).
    n_boot : int, default 1000
        Bootstrap resamples of the held-out tickets.
    ci : float, default 0.95
        Level of the percentile interval.
    seed : int, default 0
        Seed of the resampling.

    Returns
    -------
    pandas.DataFrame
        Rows ``macro_f1`` and ``accuracy``: ``metric``, ``estimate_a``, ``estimate_b``,
        ``estimate`` (a − b), ``ci_low``, ``ci_high``, ``excludes_zero``, ``n`` (held-out
        tickets).

    Notes
    -----
    Paired percentile bootstrap: the same resampled tickets are scored under both models, so
    the interval is that of the difference (compare by the interval of the difference, not by
    whether two intervals overlap). Same split: :func:`train_classifier` with the same labels,
    ``test_size`` and ``seed`` holds out the same tickets.

    Examples
    --------
    >>> from helpers.simulate import hotline_tickets
    >>> a = train_classifier(hotline_tickets(n=600, seed=1, text_noise=0), "text_masked", "category")
    >>> b = train_classifier(hotline_tickets(n=600, seed=1), "text_masked", "category")
    >>> d = score_difference(a, b, n_boot=200)
    >>> d["metric"].tolist(), bool(d.loc[0, "estimate"] > 0)
    (['macro_f1', 'accuracy'], True)
    """
    a, b = _check_model(model_a), _check_model(model_b)
    ta, tb = a.test.set_index("row"), b.test.set_index("row")
    if set(ta.index) != set(tb.index) or a.classes != b.classes:
        raise InputError("两个模型的留出工单或类别不同，无法配对比较 (the two models were not "
                         "evaluated on the same held-out tickets and categories; train both with "
                         "the same labels, test_size and seed)")
    tb = tb.loc[ta.index]
    y = ta["label"].to_numpy()
    if not (y == tb["label"].to_numpy()).all():
        raise InputError("两个模型的登记类别不同 (the recorded labels of the two models differ)")
    pa, pb = ta["predicted"].to_numpy(), tb["predicted"].to_numpy()

    def scores(i: np.ndarray) -> np.ndarray:
        fa = _f1_table(y[i], pa[i], a.classes)[:, 2].mean()
        fb = _f1_table(y[i], pb[i], a.classes)[:, 2].mean()
        return np.array([fa, fb, np.mean(y[i] == pa[i]), np.mean(y[i] == pb[i])])

    level = float(ci)
    est = scores(np.arange(len(y)))
    rng = np.random.default_rng(seed)
    boot = np.array([scores(rng.integers(0, len(y), len(y))) for _ in range(int(n_boot))])
    rows = []
    for k, metric in enumerate(("macro_f1", "accuracy")):
        d = boot[:, 2 * k] - boot[:, 2 * k + 1]
        lo, hi = np.quantile(d, [(1 - level) / 2, (1 + level) / 2])
        rows.append({"metric": metric, "estimate_a": est[2 * k], "estimate_b": est[2 * k + 1],
                     "estimate": est[2 * k] - est[2 * k + 1], "ci_low": lo, "ci_high": hi,
                     "excludes_zero": bool(lo > 0 or hi < 0), "n": len(y)})
    return pd.DataFrame(rows)


def confusion_table(model: TicketClassifier) -> pd.DataFrame:
    """The confusion matrix of the held-out tickets as a tidy table.

    Parameters
    ----------
    model : TicketClassifier
        From :func:`train_classifier`.

    Returns
    -------
    pandas.DataFrame
        One row per (true, predicted) pair of categories, all pairs present: ``label`` (true),
        ``predicted``, ``n`` (tickets), ``share`` (``n`` over the tickets of the true
        category: the diagonal is the recall).

    Notes
    -----
    ``n[a, b] = #{held-out tickets with true label a predicted as b}``; the same counts as
    ``sklearn.metrics.confusion_matrix`` in long form.

    Examples
    --------
    >>> from helpers.simulate import hotline_tickets
    >>> m = train_classifier(hotline_tickets(n=600, seed=1), "text_masked", "category")
    >>> c = confusion_table(m)
    >>> len(c), int(c["n"].sum())
    (25, 150)
    """
    model = _check_model(model)
    y, p, classes = model.test["label"], model.test["predicted"], model.classes
    counts = pd.crosstab(pd.Categorical(y, classes), pd.Categorical(p, classes), dropna=False)
    counts = counts.reindex(index=classes, columns=classes, fill_value=0)
    out = counts.stack().rename("n").reset_index()
    out.columns = ["label", "predicted", "n"]
    out["label"] = out["label"].astype(str)
    out["predicted"] = out["predicted"].astype(str)
    total = out.groupby("label")["n"].transform("sum")
    out["n"] = out["n"].astype("int64")
    out["share"] = np.where(total > 0, out["n"] / total.where(total > 0, 1), np.nan)
    return out


def confused_pairs(model: TicketClassifier, *, top: int = 5) -> pd.DataFrame:
    """The pairs of categories the classifier mixes up most (both directions together).

    Parameters
    ----------
    model : TicketClassifier
        From :func:`train_classifier`.
    top : int, default 5
        Number of pairs returned.

    Returns
    -------
    pandas.DataFrame
        ``category_a``, ``category_b`` (a pair, in the model's class order), ``a_as_b``,
        ``b_as_a`` (held-out tickets of a predicted as b, and the reverse), ``n`` (their sum),
        ``share`` (``n`` over the held-out tickets of a and b), sorted by ``n``.

    Notes
    -----
    Off-diagonal cells of :func:`confusion_table`, symmetrised.

    Examples
    --------
    >>> from helpers.simulate import hotline_tickets
    >>> m = train_classifier(hotline_tickets(n=600, seed=1), "text_masked", "category")
    >>> list(confused_pairs(m, top=2).columns)
    ['category_a', 'category_b', 'a_as_b', 'b_as_a', 'n', 'share']
    """
    model = _check_model(model)
    c = confusion_table(model).set_index(["label", "predicted"])["n"]
    classes = model.classes
    size = model.test["label"].value_counts()
    rows = []
    for i, a in enumerate(classes):
        for b in classes[i + 1:]:
            ab, ba = int(c[(a, b)]), int(c[(b, a)])
            n_ab = int(size.get(a, 0) + size.get(b, 0))
            rows.append({"category_a": a, "category_b": b, "a_as_b": ab, "b_as_a": ba,
                         "n": ab + ba, "share": (ab + ba) / n_ab if n_ab else np.nan})
    out = pd.DataFrame(rows).sort_values(["n", "category_a", "category_b"],
                                         ascending=[False, True, True], kind="stable")
    return out.head(int(top)).reset_index(drop=True)


def example_predictions(model: TicketClassifier, *, n_right: int = 4, n_wrong: int = 2,
                        seed: int = 0) -> pd.DataFrame:
    """A fixed, reproducible set of held-out tickets to show: some predicted right, some wrong.

    Parameters
    ----------
    model : TicketClassifier
        From :func:`train_classifier`.
    n_right, n_wrong : int, default 4, 2
        Tickets whose prediction equals the recorded category, and tickets where it does not
        (fewer if the held-out set has fewer).
    seed : int, default 0
        Seed of the draw.

    Returns
    -------
    pandas.DataFrame
        ``example`` (E1, E2, …), ``row`` (index label in the data), ``text``, ``label``
        (recorded), ``predicted``, ``probability`` (of the predicted category), ``correct``.
        Right ones first, each group in different categories where possible.

    Notes
    -----
    The right ones are drawn one per category in turn (so the examples cover the categories);
    the wrong ones are the held-out errors with the highest predicted probability (confident
    mistakes are the instructive ones) — a teaching choice, not a sample of typical tickets.

    Examples
    --------
    >>> from helpers.simulate import hotline_tickets
    >>> m = train_classifier(hotline_tickets(n=600, seed=1), "text_masked", "category")
    >>> ex = example_predictions(m)
    >>> ex["example"].tolist(), ex["correct"].tolist()
    (['E1', 'E2', 'E3', 'E4', 'E5', 'E6'], [True, True, True, True, False, False])
    """
    model = _check_model(model)
    t = model.test.copy()
    t["probability"] = t[[f"p_{c}" for c in model.classes]].max(axis=1)
    t["correct"] = t["label"] == t["predicted"]
    rng = np.random.default_rng(seed)
    right = t[t["correct"]].iloc[rng.permutation(int(t["correct"].sum()))]
    right = right.assign(_k=right.groupby("label").cumcount()).sort_values(
        ["_k", "label"], kind="stable").head(int(n_right)).drop(columns="_k")
    wrong = t[~t["correct"]].sort_values(["probability", "row"], ascending=[False, True],
                                         kind="stable").head(int(n_wrong))
    out = pd.concat([right, wrong], ignore_index=True)
    out.insert(0, "example", [f"E{i}" for i in range(1, len(out) + 1)])
    return out[["example", "row", "text", "label", "predicted", "probability", "correct"]]


def explain_prediction(model: TicketClassifier, text: str, *, top_classes: int = 3,
                       top_terms: int = 5) -> pd.DataFrame:
    """Why the classifier predicts what it does for one text: probabilities and driving words.

    Parameters
    ----------
    model : TicketClassifier
        From :func:`train_classifier`.
    text : str
        One ticket text (masked again first).
    top_classes : int, default 3
        The most probable categories shown.
    top_terms : int, default 5
        Words per category, by contribution.

    Returns
    -------
    pandas.DataFrame
        One row per shown category and word (a category whose text has no known word gets one
        row with an empty ``term``): ``label``, ``probability``, ``class_rank`` (1 = predicted),
        ``term``, ``tfidf`` (the word's weight in this text), ``coef`` (the model's weight of
        the word for the category), ``contribution`` (``coef × tfidf``: positive pushes towards
        the category), ``term_rank``.

    Notes
    -----
    The logistic regression's score of category c is ``z_c = b_c + Σ_t w_{c,t}·x_t`` with
    ``x_t`` the text's TF-IDF weights, and ``P(c | x) = softmax(z)_c``; the contribution of
    word t is ``w_{c,t}·x_t``, exact for the score (a linear model needs no approximation such
    as LIME or SHAP). Probabilities are relative to the other categories (softmax).

    Examples
    --------
    >>> from helpers.simulate import hotline_tickets
    >>> m = train_classifier(hotline_tickets(n=600, seed=1), "text_masked", "category")
    >>> e = explain_prediction(m, "举报阳光花园有人违规操作，希望依法查处。")
    >>> e["label"].iloc[0]
    '举报'
    """
    model = _check_model(model)
    if not isinstance(text, str):
        raise InputError(f"text 必须是文本 (text must be a str, got {type(text).__name__})")
    vec = model.pipeline.named_steps["tfidf"]
    lr = model.pipeline.named_steps["model"]
    x = vec.transform([text])
    proba = lr.predict_proba(x)[0]
    terms = vec.get_feature_names_out()
    cols = x.indices
    weights = x.data
    coef = lr.coef_ if len(model.classes) > 2 else np.vstack([-lr.coef_[0], lr.coef_[0]])
    rows = []
    for rank, j in enumerate(np.argsort(-proba, kind="stable")[: int(top_classes)], start=1):
        contrib = coef[j, cols] * weights
        order = np.lexsort((terms[cols], -contrib))[: int(top_terms)]
        if not len(order):
            rows.append({"label": model.classes[j], "probability": proba[j], "class_rank": rank,
                         "term": "", "tfidf": 0.0, "coef": 0.0, "contribution": 0.0,
                         "term_rank": 1})
        for r, k in enumerate(order, start=1):
            rows.append({"label": model.classes[j], "probability": proba[j], "class_rank": rank,
                         "term": str(terms[cols[k]]), "tfidf": weights[k],
                         "coef": coef[j, cols[k]], "contribution": contrib[k], "term_rank": r})
    return pd.DataFrame(rows)
