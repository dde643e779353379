"""Chapter 7 widgets (未来发展): a ticket's predicted category, expectation segments, bouncing pairs.

- :func:`ticket_explainer_widget`: pick one of a fixed set of example tickets → the predicted
  categories with their probabilities and the words that drove the prediction
  (:func:`helpers.text.explain_prediction`); works in the static book because every example is
  computed in advance.
- :func:`segments_widget`: the number of segments → each segment's expectation profile and its
  size (:func:`helpers.segments.kmeans_segments`, :func:`helpers.segments.segment_profiles`).
- :func:`bounce_widget`: the bounce threshold (minimum transfers) and the minimum number of
  tickets → the flagged department pairs and the tickets behind them
  (:func:`helpers.transfers.bounce_pairs`).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any

import altair as alt
import numpy as np
import pandas as pd

from helpers._validate import InputError, require_columns
from helpers.segments import kmeans_segments, segment_profiles
from helpers.text import TicketClassifier, explain_prediction
from helpers.transfers import _bounce_table, _paths_events
from helpers.widgets._core import Choice, Param, Widget
from helpers.plots._palette import BAD, GOOD, MAIN, REFERENCE, TEXT, vega_series

__all__ = ["ticket_explainer_widget", "segments_widget", "bounce_widget"]



def _wrap(text: str, width: int) -> list[str]:
    return [text[i:i + width] for i in range(0, len(text), width)] or [""]


# ------------------------------------------------------------------------ ticket explainer
def ticket_explainer_widget(model: TicketClassifier, examples: pd.DataFrame, *,
                            simulated: bool, top_classes: int = 3,
                            top_terms: int = 6) -> Widget:
    """Chapter 7: one example ticket → predicted categories with probabilities and driving words.

    A drop-down list of the example tickets. The chart shows the ticket's text and recorded
    category, the probabilities of the ``top_classes`` most probable categories, and the words
    that pushed the prediction towards the predicted category (green) or away from it (red).

    Parameters
    ----------
    model : TicketClassifier
        From :func:`helpers.text.train_classifier`.
    examples : pandas.DataFrame
        A fixed set of tickets (e.g. :func:`helpers.text.example_predictions`): ``example``
        (short id), ``text``, ``label`` (recorded category). At most 12 examples.
    simulated : bool
        Required, keyword-only: ``True`` when the data are simulated; both views then carry
        模拟数据 (see :class:`helpers.widgets.Widget`).
    top_classes, top_terms : int, default 3, 6
        Categories shown, and words shown for the predicted category.

    Returns
    -------
    helpers.widgets.Widget
        Key ``"ticket_explainer"``, one choice ``example``. ``w.evaluate(example=...)`` returns
        rows of three kinds (column ``kind``): ``line`` (the text in lines of 24 characters:
        ``order, text``), ``prob`` (``category, probability, rank``), ``term`` (``term,
        contribution, tfidf, coef, rank``), each with ``recorded`` and ``predicted``, and
        ``param_example``.

    Notes
    -----
    Probabilities and contributions (coefficient × TF-IDF weight) of
    :func:`helpers.text.explain_prediction`; exact for a linear model. The examples are
    computed in advance, so the static book needs no model.

    Validated against: helpers.text.explain_prediction at every example —
    tests/test_widgets_future.py.

    Examples
    --------
    >>> from helpers.simulate import hotline_tickets
    >>> from helpers.text import example_predictions, train_classifier
    >>> m = train_classifier(hotline_tickets(n=600, seed=1), "text_masked", "category")
    >>> w = ticket_explainer_widget(m, example_predictions(m), simulated=True)
    >>> w.key, [p.name for p in w.params], len(w.params[0].values)
    ('ticket_explainer', ['example'], 6)
    """
    require_columns(examples, ["example", "text", "label"], name="examples")
    if not 1 <= len(examples) <= 12:
        raise InputError(f"示例工单应为 1–12 条 (examples must have 1 to 12 rows, got "
                         f"{len(examples)})")
    ex = examples.set_index("example")
    if not ex.index.is_unique:
        raise InputError("examples 的 example 列有重复 (duplicate values in column 'example')",
                         column="example")

    @lru_cache(maxsize=None)
    def compute_cached(example: str) -> pd.DataFrame:
        row = ex.loc[example]
        e = explain_prediction(model, row["text"], top_classes=top_classes,
                               top_terms=10_000)
        predicted = e["label"].iloc[0]
        probs = e.drop_duplicates("label")[["label", "probability", "class_rank"]]
        terms = e[(e["label"] == predicted) & (e["term"] != "")].copy()
        terms = terms.reindex(terms["contribution"].abs().sort_values(
            ascending=False, kind="stable").index).head(int(top_terms))
        lines = pd.DataFrame({"kind": "line", "text": _wrap(str(row["text"]), 24)})
        lines["order"] = np.arange(len(lines))
        prob = pd.DataFrame({"kind": "prob", "category": probs["label"].to_numpy(),
                             "probability": probs["probability"].round(4).to_numpy(),
                             "rank": probs["class_rank"].to_numpy()})
        term = pd.DataFrame({"kind": "term", "term": terms["term"].to_numpy(),
                             "contribution": terms["contribution"].round(4).to_numpy(),
                             "tfidf": terms["tfidf"].round(4).to_numpy(),
                             "coef": terms["coef"].round(4).to_numpy(),
                             "rank": np.arange(1, len(terms) + 1)})
        out = pd.concat([lines, prob, term], ignore_index=True)
        out["recorded"] = str(row["label"])
        out["predicted"] = str(predicted)
        return out

    def compute(example: str) -> pd.DataFrame:
        return compute_cached(str(example)).copy()

    def chart(base: alt.Chart, params: Mapping[str, Any]) -> alt.TopLevelMixin:
        text = base.transform_filter("datum.kind == 'line'").mark_text(
            align="left", baseline="top", fontSize=13).encode(
            x=alt.value(0), y=alt.Y("order:O", axis=None), text="text:N").properties(
            width=520, height=alt.Step(19))
        verdict = base.transform_filter("datum.kind == 'line' && datum.order == 0") \
            .transform_calculate(t="'登记的类别：' + datum.recorded + '　模型预测：' + "
                                   "datum.predicted + (datum.recorded == datum.predicted ? "
                                   "'（一致）' : '（不一致）')") \
            .mark_text(align="left", fontSize=12, color=REFERENCE).encode(
                x=alt.value(0), y=alt.value(0), text="t:N").properties(width=520, height=16)
        prob = base.transform_filter("datum.kind == 'prob'").mark_bar(color=MAIN).encode(
            y=alt.Y("category:N", sort=alt.SortField("rank"), title=None),
            x=alt.X("probability:Q", title="模型给出的概率", scale=alt.Scale(domain=[0, 1]),
                    axis=alt.Axis(format=".0%")),
            tooltip=[alt.Tooltip("category:N", title="类别"),
                     alt.Tooltip("probability:Q", title="概率", format=".1%")])
        prob_text = base.transform_filter("datum.kind == 'prob'").mark_text(
            align="left", dx=4, fontSize=11).encode(
            y=alt.Y("category:N", sort=alt.SortField("rank")), x="probability:Q",
            text=alt.Text("probability:Q", format=".0%"))
        term_rows = base.transform_filter("datum.kind == 'term'").transform_calculate(
            direction="datum.contribution > 0 ? '推高' : '拉低'")
        y_term = alt.Y("term:N", sort=alt.SortField("rank"), title=None)
        x_term = alt.X("contribution:Q", title="对预测类别的贡献（系数 × TF-IDF 权重）")
        # the direction is written at each bar's end, not shown by colour alone
        directions = [term_rows.transform_filter(f"datum.contribution {op} 0").mark_text(
            align=al, dx=dx, fontSize=10, color=TEXT).encode(y=y_term, x=x_term,
                                                            text="direction:N")
            for op, al, dx in ((">", "left", 3), ("<=", "right", -3))]
        terms = term_rows.mark_bar().encode(
            y=y_term, x=x_term,
            color=alt.Color("direction:N", scale=alt.Scale(domain=["推高", "拉低"],
                                                           range=[GOOD, BAD]), legend=None),
            tooltip=[alt.Tooltip("term:N", title="词"),
                     alt.Tooltip("contribution:Q", title="贡献", format=".3f"),
                     alt.Tooltip("tfidf:Q", title="TF-IDF 权重", format=".3f"),
                     alt.Tooltip("coef:Q", title="模型系数", format=".3f")])
        bottom = alt.hconcat(alt.layer(prob, prob_text).properties(width=220, height=110),
                             alt.layer(terms, *directions).properties(width=240, height=150),
                             spacing=30)
        return alt.vconcat(verdict, text, bottom, spacing=6)

    options = tuple((str(k), f"{k}：{str(r['text'])[:16]}…") for k, r in ex.iterrows())
    return Widget(
        simulated=simulated,
        key="ticket_explainer",
        title="一张工单：模型预测的类别、概率和起作用的词",
        params=[Choice("example", "示例工单", options, options[0][0])],
        compute=compute,
        chart=chart,
        note=("模拟数据：换几张工单看看，尤其是模型预测和登记类别不一致的那几张，"
              "想想是文本写得含糊，还是登记的类别本身可以商量。"),
    )


# --------------------------------------------------------------------------------- segments
def segments_widget(profiles: pd.DataFrame, *, simulated: bool, k_min: int = 2, k_max: int = 5,
                    seed: int = 0) -> Widget:
    """Chapter 7: the number of segments → each segment's expectation profile and size.

    Parameters
    ----------
    profiles : pandas.DataFrame
        Standardised expectation profiles (:func:`helpers.segments.expectation_profiles`).
    simulated : bool
        Required, keyword-only: ``True`` when the data are simulated; both views then carry
        模拟数据.
    k_min, k_max : int, default 2, 5
        The slider's range of k.
    seed : int, default 0
        ``random_state`` of k-means and the mixture.

    Returns
    -------
    helpers.widgets.Widget
        Key ``"segments"``, slider ``k``. ``w.evaluate(k=...)`` returns one row per segment and
        dimension: ``segment``, ``dimension``, ``label``, ``estimate``, ``ci_low``,
        ``ci_high``, ``n``, ``share`` (as :func:`helpers.segments.segment_profiles`), and
        ``silhouette``, ``adjusted_rand`` (of the solution), ``param_k``.

    Notes
    -----
    k-means with the given k (:func:`helpers.segments.kmeans_segments`), the profile of each
    segment with t intervals; the mean silhouette (Rousseeuw 1987) and the adjusted Rand index
    against a Gaussian mixture say how clear the segments are.

    Validated against: helpers.segments.kmeans_segments and segment_profiles —
    tests/test_widgets_future.py.

    Examples
    --------
    >>> from helpers.simulate import servqual_survey
    >>> from helpers.segments import expectation_profiles
    >>> w = segments_widget(expectation_profiles(servqual_survey(n=100, seed=1)), simulated=True)
    >>> w.key, w.params[0].values.tolist()
    ('segments', [2, 3, 4, 5])
    """

    @lru_cache(maxsize=None)
    def compute_cached(k: int) -> pd.DataFrame:
        seg = kmeans_segments(profiles, k=k, seed=seed)
        prof = segment_profiles(profiles, seg).drop(columns="raw_mean")
        prof["silhouette"] = round(seg.attrs["silhouette"], 4)
        prof["adjusted_rand"] = round(seg.attrs["adjusted_rand"], 4)
        return prof.round({"estimate": 4, "ci_low": 4, "ci_high": 4, "share": 4})

    def compute(k: float) -> pd.DataFrame:
        return compute_cached(int(round(k))).copy()

    def chart(base: alt.Chart, params: Mapping[str, Any]) -> alt.TopLevelMixin:
        styles, domain = vega_series(k_max), list(range(1, k_max + 1))
        colour = alt.Color("segment:N", title="群",
                           scale=alt.Scale(domain=domain, range=styles["color"]))
        # each segment also has its own dash and point shape: colour is not the only carrier
        dash = alt.StrokeDash("segment:N", title="群",
                              scale=alt.Scale(domain=domain, range=styles["strokeDash"]))
        shape = alt.Shape("segment:N", title="群",
                          scale=alt.Scale(domain=domain, range=styles["shape"]))
        order = [str(v) for v in dict.fromkeys(compute_cached(k_min)["label"])]
        x = alt.X("label:N", sort=order, title=None, axis=alt.Axis(labelAngle=0))
        y_scale = alt.Scale(domain=[-2.2, 2.2], clamp=True)
        lines = base.mark_line(point=True).encode(
            x=x, y=alt.Y("estimate:Q", title="期望（标准分：与全体平均相差几个标准差）", scale=y_scale),
            color=colour, strokeDash=dash, shape=shape,
            tooltip=[alt.Tooltip("segment:N", title="群"),
                                   alt.Tooltip("label:N", title="维度"),
                                   alt.Tooltip("estimate:Q", title="平均", format=".2f"),
                                   alt.Tooltip("n:Q", title="人数")])
        bars = base.mark_rule().encode(x=x, y=alt.Y("ci_low:Q", scale=y_scale), y2="ci_high:Q",
                                       color=colour, strokeDash=dash)
        zero = alt.Chart(pd.DataFrame({"y": [0]})).mark_rule(color=TEXT,
                                                             strokeDash=[4, 3]).encode(y="y:Q")
        left = alt.layer(zero, bars, lines).properties(width=360, height=240)
        sizes = base.transform_filter(f"datum.dimension == '{profiles.columns[0]}'").mark_bar() \
            .encode(y=alt.Y("segment:N", title="群"),
                    x=alt.X("share:Q", title="人数占比", scale=alt.Scale(domain=[0, 1]),
                            axis=alt.Axis(format=".0%")), color=colour)
        size_text = base.transform_filter(f"datum.dimension == '{profiles.columns[0]}'") \
            .transform_calculate(t="format(datum.share, '.0%') + '（' + datum.n + ' 人）'") \
            .mark_text(align="left", dx=4, fontSize=11).encode(
                y="segment:N", x="share:Q", text="t:N")
        quality = base.transform_filter(
            f"datum.dimension == '{profiles.columns[0]}' && datum.segment == 1") \
            .transform_calculate(t="'平均轮廓系数 ' + format(datum.silhouette, '.2f') + "
                                   "'；与高斯混合模型的一致性（调整兰德指数）' + "
                                   "format(datum.adjusted_rand, '.2f')") \
            .mark_text(align="left", fontSize=11, color=REFERENCE).encode(
                x=alt.value(0), y=alt.value(0), text="t:N").properties(width=560, height=14)
        right = alt.layer(sizes, size_text).properties(width=160, height=240)
        return alt.vconcat(quality, alt.hconcat(left, right, spacing=24), spacing=8)

    return Widget(
        simulated=simulated,
        key="segments",
        title="群众期望分群：分几群，各群的期望轮廓和人数",
        params=[Param("k", "分群数 k", k_min, k_max, 1, k_min)],
        compute=compute,
        chart=chart,
        note=("模拟数据：把 k 从 2 调到 5，看各群的轮廓是“形状不同”还是只是“整体高低不同”，"
              "再看轮廓系数怎样变化。"),
    )


# ------------------------------------------------------------------------------- bounces
def bounce_widget(transfers: pd.DataFrame, *, simulated: bool, max_tickets_shown: int = 8,
                  min_transfers_range: tuple[int, int] = (2, 5),
                  min_tickets_values: tuple[int, int, int] = (1, 10, 3)) -> Widget:
    """Chapter 7: bounce threshold → flagged department pairs and the tickets behind them.

    Parameters
    ----------
    transfers : pandas.DataFrame
        One row per transfer (``ticket_id, step, from_department, to_department``), e.g.
        ``load_dataset("ticket_transfers")``.
    simulated : bool
        Required, keyword-only: ``True`` when the data are simulated; both views then carry
        模拟数据.
    max_tickets_shown : int, default 8
        Tickets listed under the chart (those with the most transfers first).
    min_transfers_range : (int, int), default (2, 5)
        Slider range of the minimum number of transfers.
    min_tickets_values : (start, stop, step), default (1, 10, 3)
        Slider of the minimum number of bouncing tickets for a pair to be flagged (default
        position: the second value, 4).

    Returns
    -------
    helpers.widgets.Widget
        Key ``"bounce"``, sliders ``min_transfers`` and ``min_tickets``. ``w.evaluate(...)``
        returns rows of kind ``pair`` (``pair`` "A↔B", ``n_tickets``, ``n_bounces``, ``rank``),
        ``ticket`` (``ticket``, ``transfers``, ``path``, ``rank``) and ``note`` (``text``: how
        many tickets qualify and how many pairs are flagged), with the parameter columns.

    Notes
    -----
    :func:`helpers.transfers.bounce_pairs`: a pair is flagged when at least ``min_tickets``
    tickets transferred at least ``min_transfers`` times went back and forth between its two
    departments (A→B→A).

    Validated against: helpers.transfers.bounce_pairs — tests/test_widgets_future.py.

    Examples
    --------
    >>> from helpers.simulate import ticket_transfers
    >>> w = bounce_widget(ticket_transfers(n=800, seed=1), simulated=True)
    >>> w.key, [p.name for p in w.params]
    ('bounce', ['min_transfers', 'min_tickets'])
    """
    paths, events = _paths_events(transfers)
    lo, hi = (int(v) for v in min_transfers_range)
    start, stop, step = (int(v) for v in min_tickets_values)

    @lru_cache(maxsize=None)
    def compute_cached(m: int, t: int) -> pd.DataFrame:
        flagged = _bounce_table(paths, events, m, t)     # = bounce_pairs(transfers, ...)
        pairs = pd.DataFrame({"kind": "pair",
                              "pair": flagged["department_a"] + "↔" + flagged["department_b"],
                              "n_tickets": flagged["n_tickets"], "n_bounces": flagged["n_bounces"],
                              "rank": np.arange(1, len(flagged) + 1)})
        names = set(pairs["pair"])
        keep = paths[(paths["transfers"] >= m) & paths["bounce_pairs"].map(
            lambda s: bool(s) and bool(set(s.split(";")) & names))]
        keep = keep.sort_values(["transfers", "ticket"], ascending=[False, True],
                                kind="stable").head(int(max_tickets_shown))
        tickets = pd.DataFrame({"kind": "ticket", "ticket": keep["ticket"].astype(str),
                                "transfers": keep["transfers"], "path": keep["path"],
                                "rank": np.arange(1, len(keep) + 1)})
        n_cand = int(flagged.attrs["candidates"])
        note = pd.DataFrame({"kind": ["note"], "text": [
            f"转派 ≥ {m} 次的工单 {n_cand} 张；标出的部门对 {len(flagged)} 对"
            + ("" if len(flagged) else "（没有部门对达到标准）")]})
        return pd.concat([note, pairs, tickets], ignore_index=True)

    def compute(min_transfers: float, min_tickets: float) -> pd.DataFrame:
        return compute_cached(int(round(min_transfers)), int(round(min_tickets))).copy()

    def chart(base: alt.Chart, params: Mapping[str, Any]) -> alt.TopLevelMixin:
        note = base.transform_filter("datum.kind == 'note'").mark_text(
            align="left", fontSize=12, color=REFERENCE).encode(
            x=alt.value(0), y=alt.value(0), text="text:N").properties(width=520, height=14)
        bars = base.transform_filter("datum.kind == 'pair'").mark_bar(color=BAD).encode(
            y=alt.Y("pair:N", sort=alt.SortField("rank"), title=None),
            x=alt.X("n_tickets:Q", title="来回转派（A→B→A）的工单数"),
            tooltip=[alt.Tooltip("pair:N", title="部门对"),
                     alt.Tooltip("n_tickets:Q", title="工单数"),
                     alt.Tooltip("n_bounces:Q", title="来回次数")])
        labels = base.transform_filter("datum.kind == 'pair'").mark_text(
            align="left", dx=4, fontSize=11).encode(
            y=alt.Y("pair:N", sort=alt.SortField("rank")), x="n_tickets:Q", text="n_tickets:Q")
        top = alt.layer(bars, labels).properties(width=360, height=alt.Step(22))
        lines = base.transform_filter("datum.kind == 'ticket'").transform_calculate(
            t="datum.ticket + '（' + datum.transfers + ' 次）：' + datum.path").mark_text(
            align="left", fontSize=11).encode(
            x=alt.value(0), y=alt.Y("rank:O", axis=None), text="t:N").properties(
            width=520, height=alt.Step(16), title=alt.TitleParams(
                "转派最多的几张工单", anchor="start", fontSize=12))
        return alt.vconcat(note, top, lines, spacing=8)

    return Widget(
        simulated=simulated,
        key="bounce",
        title="工单来回转派：哪些部门对在“踢皮球”",
        params=[Param("min_transfers", "转派至少几次", lo, hi, 1, min(max(3, lo), hi)),
                Param("min_tickets", "至少几张工单才标出", start, stop, step,
                      min(start + step, stop))],
        compute=compute,
        chart=chart,
        note=("模拟数据：先看转派 ≥ 3 次、至少 4 张工单的标准；再把工单数门槛调到 1、转派门槛调到 2，"
              "看多出来的部门对各有几张工单：一两张工单来回转，可能只是偶然。"),
    )
