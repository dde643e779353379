"""Tests of helpers.text: segmentation with the domain dictionary, keywords, the classifier."""

from __future__ import annotations

import logging

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import (accuracy_score, confusion_matrix, f1_score,
                             precision_recall_fscore_support)

from helpers import InputError
from helpers.simulate import hotline_tickets, load_dataset
from helpers.text import (TicketClassifier, classification_report, confused_pairs,
                          confusion_table, domain_terms, explain_prediction, keywords,
                          score_difference, segment,
                          stop_words, tokenize, train_classifier)

TERMS = ["一网通办", "不动产登记", "社保卡", "接诉即办", "好差评", "吹哨报到"]


@pytest.fixture(scope="module")
def published():
    return load_dataset("hotline_tickets")


@pytest.fixture(scope="module")
def model(published):
    return train_classifier(published, "text_masked", "category")


# ------------------------------------------------------------------------ segmentation
@pytest.mark.parametrize("term", TERMS)
def test_domain_terms_stay_whole(term):
    import jieba

    jieba.setLogLevel(logging.WARNING)
    sentence = f"能不能在{term}上办理"
    assert term in segment(sentence)
    assert term in domain_terms()


def test_plain_jieba_would_cut_them():
    import jieba

    cut = [jieba.lcut(f"能不能在{t}上办理") for t in ("一网通办", "不动产登记", "接诉即办")]
    assert all(t not in c for t, c in zip(("一网通办", "不动产登记", "接诉即办"), cut))


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(TERMS), st.sampled_from(["", "我想问", "请问", "关于", "咨询", "在"]),
       st.sampled_from(["", "的事", "怎么办", "办理", "问题", "。"]))
def test_terms_whole_in_any_context(term, before, after):
    assert term in segment(before + term + after)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=60))
def test_segment_never_fails_and_keeps_only_chinese_words(text):
    words = segment(text)
    assert all(any("\u3400" <= ch <= "\u9fff" for ch in w) for w in words)
    assert not any(w in stop_words() for w in words)


def test_masking_comes_first():
    words = segment("我的电话是13912345678，身份证号110101199003074514，邮箱a@b.cn")
    assert not any(ch.isdigit() for w in words for ch in w)
    assert "电话" in words


def test_tokenize_is_tidy_and_reports_missing():
    df = pd.DataFrame({"t": ["社保卡丢了", None, "一网通办"]}, index=["a", "b", "c"])
    out = tokenize(df, "t")
    assert list(out.columns) == ["row", "position", "token"]
    assert out.loc[out.row == "c", "token"].tolist() == ["一网通办"]
    assert list(out.attrs["excluded"]["row"]) == ["b"]


# ------------------------------------------------------------------------------ keywords
def test_keywords_match_a_hand_computation():
    # words separated by punctuation, so the segmentation is known
    docs = ["投诉，物业，物业", "投诉，噪音", "请问，社保", "请问，物业"]
    cats = ["投诉", "投诉", "咨询", "咨询"]
    out = keywords(pd.DataFrame({"t": docs, "c": cats}), "t", "c", top=10, min_df=1)
    vocab = ["投诉", "物业", "噪音", "请问", "社保"]
    tokens = [["投诉", "物业", "物业"], ["投诉", "噪音"], ["请问", "社保"], ["请问", "物业"]]
    n = len(docs)
    df_ = np.array([sum(v in t for t in tokens) for v in vocab])
    idf = np.log((1 + n) / (1 + df_)) + 1
    x = np.zeros((n, len(vocab)))
    for i, t in enumerate(tokens):
        for j, v in enumerate(vocab):
            if t.count(v):
                x[i, j] = (1 + np.log(t.count(v))) * idf[j]
        x[i] /= np.linalg.norm(x[i])
    y = np.array(cats)
    for cat in ("投诉", "咨询"):
        score = x[y == cat].mean(axis=0)
        rest = x[y != cat].mean(axis=0)
        got = out[out.category == cat].set_index("term")
        for j, v in enumerate(vocab):
            assert got.loc[v, "score"] == pytest.approx(score[j])
            assert got.loc[v, "distinctiveness"] == pytest.approx(score[j] - rest[j])
        assert got.index[0] == vocab[int(np.argmax(score - rest))]


def test_keywords_of_the_published_tickets_are_the_category_cues(published):
    kw = keywords(published, "text_masked", "category", top=8)
    top = kw.groupby("category")["term"].apply(set)
    assert {"有人", "查处"} & top["举报"]
    assert {"建议", "增加", "可以", "便民服务点"} & top["建议"]
    assert (kw["distinctiveness"] > 0).all()


# ---------------------------------------------------------------------------- classifier
def test_report_matches_sklearn(model):
    y, p = model.test["label"], model.test["predicted"]
    r = classification_report(model, n_boot=0)
    macro = r.query("metric == 'macro_f1'")["estimate"].item()
    assert macro == pytest.approx(f1_score(y, p, average="macro"))
    assert r.query("metric == 'accuracy'")["estimate"].item() == pytest.approx(
        accuracy_score(y, p))
    prec, rec, f1, sup = precision_recall_fscore_support(y, p, labels=model.classes,
                                                         zero_division=0)
    per = r[r.label != "全部"].pivot(index="label", columns="metric", values="estimate")
    per = per.loc[model.classes]
    assert np.allclose(per["precision"], prec) and np.allclose(per["recall"], rec)
    assert np.allclose(per["f1"], f1)
    assert (r[r.label != "全部"].groupby("label")["n"].first().loc[model.classes] == sup).all()


def test_macro_f1_by_hand():
    y = np.array(list("aaabbc"))
    p = np.array(list("aabbbc"))
    m = TicketClassifier(pipeline=None, classes=["a", "b", "c"],
                         test=pd.DataFrame({"label": y, "predicted": p}), n_train=0)
    # a: P=1, R=2/3, F=0.8; b: P=2/3, R=1, F=0.8; c: 1
    r = classification_report(m, n_boot=200)
    row = r.query("metric == 'macro_f1'").iloc[0]
    assert row["estimate"] == pytest.approx((0.8 + 0.8 + 1) / 3)
    assert row["ci_low"] <= row["estimate"] <= row["ci_high"]


def test_confusion_matches_sklearn(model):
    c = confusion_table(model)
    ref = confusion_matrix(model.test["label"], model.test["predicted"], labels=model.classes)
    got = c.pivot(index="label", columns="predicted", values="n").loc[model.classes,
                                                                      model.classes]
    assert (got.to_numpy() == ref).all()
    diag = c[c.label == c.predicted].set_index("label")["share"]
    rec = classification_report(model, n_boot=0).query("metric == 'recall'").set_index("label")
    assert np.allclose(diag.loc[model.classes], rec.loc[model.classes, "estimate"])
    pairs = confused_pairs(model, top=3)
    assert pairs["n"].is_monotonic_decreasing
    a, b = pairs.iloc[0][["category_a", "category_b"]]
    assert pairs.iloc[0]["n"] == ref[model.classes.index(a), model.classes.index(b)] + \
        ref[model.classes.index(b), model.classes.index(a)]


def test_frozen_scores_and_noise_lowers_them(model, published):
    r = classification_report(model, n_boot=0).set_index("metric")
    macro_noisy = r.loc["macro_f1", "estimate"]
    assert macro_noisy == pytest.approx(0.7952, abs=5e-4)          # frozen (published draw)
    clean = hotline_tickets(text_noise=0.0)
    assert (clean["category"] == published["category"]).all()
    clean_m = train_classifier(clean, "text_masked", "category")
    macro_clean = classification_report(clean_m, n_boot=0).set_index("metric").loc[
        "macro_f1", "estimate"]
    assert macro_clean > macro_noisy + 0.08
    d = score_difference(clean_m, model, n_boot=300).set_index("metric")
    assert d.loc["macro_f1", "estimate"] == pytest.approx(macro_clean - macro_noisy)
    assert d.loc["macro_f1", "excludes_zero"] and d.loc["macro_f1", "ci_low"] > 0.05
    with pytest.raises(InputError, match="same held-out"):
        score_difference(model, train_classifier(published, "text_masked", "category", seed=3))


def test_explanation_adds_up(model):
    text = model.test["text"].iloc[7]
    e = explain_prediction(model, text, top_classes=5, top_terms=1000)
    vec, lr = model.pipeline.named_steps["tfidf"], model.pipeline.named_steps["model"]
    z = lr.decision_function(vec.transform([text]))[0]
    for j, c in enumerate(model.classes):
        rows = e[e.label == c]
        assert rows["contribution"].sum() + lr.intercept_[j] == pytest.approx(z[j])
    probs = e.groupby("label")["probability"].first()
    assert probs.sum() == pytest.approx(1)
    assert e.iloc[0]["label"] == model.pipeline.predict([text])[0]
    assert (model.predict_proba([text]).iloc[0][probs.index] == probs).all()


# ------------------------------------------------------------------------------ bad input
def test_bad_input():
    ok = pd.DataFrame({"t": ["投诉物业"] * 4 + ["请问社保"] * 4, "c": ["投诉"] * 4 + ["咨询"] * 4})
    with pytest.raises(InputError, match="'nope'"):
        train_classifier(ok, "nope", "c")
    bad = ok.assign(t=["投诉物业", 5, "x", "y", "a", "b", "c", "d"])
    with pytest.raises(InputError, match=r"'t'.*1") as err:
        train_classifier(bad, "t", "c")
    assert err.value.rows == [1]
    with pytest.raises(InputError, match="two categories"):
        train_classifier(ok.assign(c="投诉"), "t", "c")
    with pytest.raises(InputError, match="single ticket"):
        train_classifier(pd.concat([ok, pd.DataFrame({"t": ["建议"], "c": ["建议"]})],
                                   ignore_index=True), "t", "c")
    with pytest.raises(InputError, match="test_size"):
        train_classifier(ok, "t", "c", test_size=1.5)
    with pytest.raises(InputError, match="TicketClassifier"):
        classification_report(ok)
    with pytest.raises(InputError, match="top"):
        keywords(ok, "t", "c", top=0)
    with pytest.raises(InputError):
        segment(3)
    m = train_classifier(ok.assign(t=ok.t.where(ok.index != 2)), "t", "c", test_size=0.5,
                         min_df=1)
    assert list(m.excluded["row"]) == [2]
    with pytest.raises(InputError, match="str"):
        explain_prediction(m, None)


def test_dictionary_files_ship_with_the_package():
    import fnmatch
    import tomllib
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    patterns = tomllib.loads((root / "pyproject.toml").read_text())["tool"]["setuptools"][
        "package-data"]["helpers"]
    for name in ("gov_terms.txt", "stopwords_zh.txt"):
        assert (root / "src" / "helpers" / "data" / name).is_file()
        assert any(fnmatch.fnmatch(f"data/{name}", p) for p in patterns), name
    assert len(domain_terms()) >= 50 and len(stop_words()) >= 40
