"""Tests of the hotline generator: transfer chains, censoring, known effects, texts and noise."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import HelpersError
from helpers import simulate as sim
from helpers.simulate.hotline_text import (CATEGORY_TEMPLATES, TOPIC_PHRASES, noisy_text,
                                           ticket_text)


@pytest.fixture(scope="module")
def tickets():
    return sim.hotline_tickets(n=3_000, seed=11)


@pytest.fixture(scope="module")
def chains():
    return sim.ticket_transfers(n=3_000, seed=11)


def test_chains_agree_with_the_tickets(tickets, chains):
    t = tickets.set_index("ticket_id")
    per = chains.groupby("ticket_id").size()
    assert (per == t.loc[per.index, "transfers"]).all()
    assert (t.loc[t["transfers"] == 0].index.isin(per.index)).sum() == 0
    first = chains[chains["step"] == 1].set_index("ticket_id")["from_department"]
    assert (first == t.loc[first.index, "first_department"]).all()
    last = chains.sort_values("step").groupby("ticket_id").last()
    closed = last.index[t.loc[last.index, "status"] == "已办结"]
    assert (last.loc[closed, "to_department"] == t.loc[closed, "department"]).all()
    # steps are consecutive, in time order, after dispatch, never to the same department
    assert (chains.groupby("ticket_id")["step"].apply(lambda s: list(s) == list(range(1, len(s) + 1)))).all()
    tm = pd.to_datetime(chains["time"])
    assert (tm.groupby(chains["ticket_id"]).apply(lambda s: s.is_monotonic_increasing)).all()
    assert (tm >= pd.to_datetime(t.loc[chains["ticket_id"], "dispatched"]).to_numpy()).all()
    assert (chains["from_department"] != chains["to_department"]).all()


def test_bounce_pairs_are_the_truth(chains):
    truth = {frozenset(r) for r in sim.ticket_transfers_truth()[["department_a",
                                                                 "department_b"]].values}
    rows = []
    for _, g in chains.groupby("ticket_id"):
        path = [g["from_department"].iloc[0]] + g["to_department"].tolist()
        rows += [frozenset((a, b)) for a, b, c in zip(path, path[1:], path[2:]) if a == c]
    counts = pd.Series(rows).value_counts()
    top = set(counts.index[:3])
    assert top == truth
    assert counts.iloc[3] < counts.iloc[2] / 3          # others bounce only by chance


def test_censoring_at_extraction(tickets):
    open_ = tickets["status"] == "办理中"
    assert 0 < open_.mean() < 0.05
    assert tickets.loc[open_, ["closed", "resolved", "satisfied"]].isna().all().all()
    as_of = pd.Timestamp(tickets.attrs["truth"]["as_of"])
    assert (pd.to_datetime(tickets["closed"]).dropna() <= as_of).all()
    assert (pd.to_datetime(tickets.loc[open_, "received"]) > as_of - pd.Timedelta(days=30)).all()


def test_known_effect_of_transfers_on_time_to_close():
    df = sim.hotline_tickets(n=20_000, seed=3, text_noise=0.0, days=400)
    d = df[df["status"] == "已办结"].copy()
    hours = (pd.to_datetime(d["closed"]) - pd.to_datetime(d["received"])).dt.total_seconds() / 3600
    x = np.column_stack([np.ones(len(d)), d["transfers"],
                         pd.get_dummies(d["category"], drop_first=True).to_numpy(float)])
    slope = np.linalg.lstsq(x, hours.to_numpy(), rcond=None)[0][1]
    assert slope == pytest.approx(sim.hotline_truth().set_index("parameter").loc[
        "hours_per_transfer", "value"], abs=1.5)
    truth = sim.transfer_effect_truth()
    k = d["transfers"].clip(upper=3)
    sat = d["satisfied"].astype(float).groupby(k).mean()
    assert (sat - truth.set_index("transfers")["p_satisfied"]).abs().max() < 0.05


def test_noise_has_its_own_stream_and_changes_only_text():
    clean = sim.hotline_tickets(n=400, seed=5, text_noise=0.0)
    noisy = sim.hotline_tickets(n=400, seed=5, text_noise=1.0)
    pd.testing.assert_frame_equal(clean.drop(columns="text_masked"),
                                  noisy.drop(columns="text_masked"))
    assert (clean["text_masked"] != noisy["text_masked"]).mean() > 0.6
    assert noisy["text_masked"].str.len().min() < clean["text_masked"].str.len().min()


def test_texts_name_the_topic_and_carry_no_number_unmasked():
    df = sim.hotline_tickets(n=500, seed=8, text_noise=0.0, mislabel_rate=0.0)
    hit = [any(w in t for w in TOPIC_PHRASES[top]) for t, top in zip(df["text_masked"],
                                                                      df["topic"])]
    assert np.mean(hit) == 1
    assert not df["text_masked"].str.contains(r"(?<![0-9])1[3-9][0-9]{9}(?![0-9])").any()


def test_seed_offset_keeps_tickets_and_chains_together(tmp_path):
    sim.write_datasets(tmp_path, ["hotline_tickets", "ticket_transfers"], seed_offset=2)
    t = pd.read_csv(tmp_path / "hotline_tickets.csv").set_index("ticket_id")
    c = pd.read_csv(tmp_path / "ticket_transfers.csv").groupby("ticket_id").size()
    assert (c == t.loc[c.index, "transfers"]).all() and (t["transfers"] > 0).sum() == len(c)


def test_bad_parameters():
    with pytest.raises(HelpersError, match="unknown bounce topic"):
        sim.hotline_tickets(n=10, bounce_topics=("无此主题",))
    with pytest.raises(HelpersError, match="text_noise"):
        sim.hotline_tickets(n=10, text_noise=1.5)
    with pytest.raises(HelpersError, match="strength"):
        noisy_text(["你好"], -0.1)
    with pytest.raises(HelpersError, match="unknown parameter"):
        sim.ticket_transfers(n=10, nope=1)


@settings(max_examples=40, deadline=None)
@given(st.floats(0, 1), st.integers(0, 2**32 - 1),
       st.sampled_from(list(CATEGORY_TEMPLATES)), st.sampled_from(list(TOPIC_PHRASES)))
def test_noise_keeps_masks_and_digits(strength, seed, cat, topic):
    rng = np.random.default_rng(seed)
    body = ticket_text(cat, topic, rng, place="建设街", days=5)
    text = body + "联系电话139****0000。"
    out = noisy_text([text], strength, seed, topics=[topic])[0]
    assert isinstance(out, str) and out
    if "139****0000" not in out:                     # only a short text drops the contact part
        assert len(out) <= 20
    assert noisy_text([text], 0.0, seed) == [text]
