"""Tests of helpers.transfers: the transfer network, bounce pairs, outcomes by number of transfers."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from statsmodels.stats.proportion import proportion_confint

from helpers import InputError
from helpers.compare import proportion_difference
from helpers.simulate import load_dataset, ticket_transfers_truth
from helpers.transfers import (bounce_pairs, cap_transfers, close_time_by_transfers,
                               department_roles, outcome_by_transfers, ticket_paths,
                               time_to_close, transfer_edges, transfer_network)

DEPS = ["人社", "医保", "水务", "住建", "街道"]


@pytest.fixture(scope="module")
def tickets():
    return load_dataset("hotline_tickets")


@pytest.fixture(scope="module")
def chains():
    return load_dataset("ticket_transfers")


def _frame(paths: dict[str, list[str]]) -> pd.DataFrame:
    rows = [(t, j + 1, p[j], p[j + 1]) for t, p in paths.items() for j in range(len(p) - 1)]
    return pd.DataFrame(rows, columns=["ticket_id", "step", "from_department", "to_department"])


paths_strategy = st.dictionaries(
    st.text("abcdefgh", min_size=1, max_size=3),
    st.lists(st.sampled_from(DEPS), min_size=2, max_size=7).filter(
        lambda p: all(a != b for a, b in zip(p, p[1:]))),
    min_size=1, max_size=12)


@settings(max_examples=80, deadline=None)
@given(paths_strategy, st.integers(2, 5))
def test_paths_and_bounces_agree_with_brute_force(paths, m):
    df = _frame(paths).sample(frac=1, random_state=0)           # order restored by step
    tp = ticket_paths(df).set_index("ticket")
    for t, p in paths.items():
        assert tp.loc[t, "transfers"] == len(p) - 1
        assert tp.loc[t, "path"] == "→".join(p)
        assert tp.loc[t, "bounces"] == sum(a == c for a, c in zip(p, p[2:]))
    out = bounce_pairs(df, min_transfers=m)
    expected: dict[frozenset, set] = {}
    for t, p in paths.items():
        if len(p) - 1 >= m:
            for a, b, c in zip(p, p[1:], p[2:]):
                if a == c:
                    expected.setdefault(frozenset((a, b)), set()).add(t)
    got = {frozenset((r.department_a, r.department_b)): r.n_tickets for r in out.itertuples()}
    assert got == {k: len(v) for k, v in expected.items()}
    more = bounce_pairs(df, min_transfers=m + 1)
    for r in more.itertuples():                                   # a higher threshold never adds
        assert r.n_tickets <= got[frozenset((r.department_a, r.department_b))]


@settings(max_examples=40, deadline=None)
@given(paths_strategy)
def test_edges_are_the_network(paths):
    df = _frame(paths)
    g = transfer_network(df)
    e = transfer_edges(df)
    assert g.number_of_edges() == len(e)
    assert sum(w for *_, w in g.edges(data="weight")) == len(df) == e["n_transfers"].sum()
    assert e["share"].sum() == pytest.approx(1)
    for r in e.itertuples():
        assert g[r.from_department][r.to_department]["weight"] == r.n_transfers
        assert r.n_reverse == (g[r.to_department][r.from_department]["weight"]
                               if g.has_edge(r.to_department, r.from_department) else 0)


def test_betweenness_by_hand():
    # a chain A→B→C: B lies on the only path A→C; normalised by (n-1)(n-2) = 2
    df = _frame({"x": ["A", "B", "C"]})
    roles = department_roles(df).set_index("department")
    assert roles.loc["B", "betweenness"] == pytest.approx(0.5)
    assert roles.loc["A", "betweenness"] == 0 and roles.loc["B", "partners"] == 2
    assert roles["passed_on"].sum() == roles["received"].sum() == 2


def test_published_bounce_pairs_are_the_truth(chains):
    truth = {frozenset(r) for r in ticket_transfers_truth()[["department_a",
                                                              "department_b"]].values}
    flagged = bounce_pairs(chains, min_transfers=3)
    assert {frozenset((a, b)) for a, b in flagged[["department_a", "department_b"]].values} \
        == truth
    assert flagged.attrs["candidates"] >= flagged["n_tickets"].sum() / 2
    frozen = flagged.set_index(["department_a", "department_b"])["n_tickets"]
    assert frozen[("人社", "医保")] == 52                          # frozen (published draw)


def test_wilson_intervals_and_difference(tickets):
    out = outcome_by_transfers(tickets, "transfers", "satisfied")
    k = tickets["transfers"].clip(upper=3)
    for r in out.itertuples():
        y = tickets.loc[k == r.transfers, "satisfied"].dropna().astype(float)
        lo, hi = proportion_confint(y.sum(), len(y), method="wilson")
        assert (r.estimate, r.n) == (pytest.approx(y.mean()), len(y))
        assert (r.ci_low, r.ci_high) == (pytest.approx(lo), pytest.approx(hi))
    assert out["estimate"].is_monotonic_decreasing
    assert out["n_missing"].sum() == tickets["satisfied"].isna().sum()
    diff = proportion_difference(tickets.assign(g=cap_transfers(tickets)).dropna(
        subset=["satisfied"]), "satisfied", "g", reference=0, adjust="bonferroni")
    assert (diff["ci_high"] < 0).all()                         # every group below 0 transfers


def test_censoring_is_explicit(tickets):
    tt = time_to_close(tickets)
    open_ = tickets["status"] == "办理中"
    assert (~tt["closed"] == open_).all() and tt.loc[open_, "hours"].isna().all()
    assert (tt.loc[open_, "observed_hours"] > 0).all()
    means = outcome_by_transfers(tickets.assign(h=tt["hours"]), "transfers", "h", kind="mean",
                                 n_boot=300)
    assert means["n_missing"].sum() == open_.sum()
    assert means["estimate"].is_monotonic_increasing
    assert means["estimate"].to_numpy() == pytest.approx(
        tt["hours"].groupby(tickets["transfers"].clip(upper=3)).mean().to_numpy())
    km = close_time_by_transfers(tickets)
    assert km["n_open"].sum() == open_.sum()
    assert (km["ci_low"] <= km["estimate"]).all() and (km["estimate"] <= km["ci_high"]).all()


def test_km_median_without_censoring_is_the_median():
    rng = np.random.default_rng(1)
    n = 51
    r = pd.Timestamp("2025-01-01") + pd.to_timedelta(rng.integers(0, 100, n), unit="h")
    h = rng.gamma(2, 20, n).round(2)
    df = pd.DataFrame({"received": r, "closed": r + pd.to_timedelta(h, unit="h"),
                       "transfers": 0})
    km = close_time_by_transfers(df, max_transfers=1)
    assert km.loc[0, "estimate"] == pytest.approx(np.median(h), abs=1e-6)
    assert np.isnan(km.loc[1, "estimate"]) and km.loc[1, "n"] == 0


def test_bad_input():
    ok = _frame({"a": ["人社", "医保", "人社", "医保"]})
    with pytest.raises(InputError, match="'from_department'") as err:
        ticket_paths(ok.assign(from_department=["人社", "水务", "人社"]))
    assert err.value.rows == [1]
    with pytest.raises(InputError, match="same department"):
        ticket_paths(ok.assign(to_department=["人社", "人社", "医保"], from_department="人社"))
    with pytest.raises(InputError, match="duplicate steps"):
        ticket_paths(ok.assign(step=[1, 1, 2]))
    with pytest.raises(InputError, match="'to_department'"):
        ticket_paths(ok.assign(to_department=["医保", None, "医保"]))
    with pytest.raises(InputError, match="missing column"):
        transfer_edges(ok.drop(columns="step"))
    with pytest.raises(InputError, match="min_transfers"):
        bounce_pairs(ok, min_transfers=1)
    t = pd.DataFrame({"transfers": [0, 1, -1], "satisfied": [1, 0, 1]})
    with pytest.raises(InputError, match=r"'transfers'.*2"):
        outcome_by_transfers(t, "transfers", "satisfied")
    with pytest.raises(InputError, match="0/1"):
        outcome_by_transfers(t.assign(transfers=0, satisfied=[1, 2, 0]), "transfers", "satisfied")
    with pytest.raises(InputError, match="kind"):
        outcome_by_transfers(t.assign(transfers=0), "transfers", "satisfied", kind="median")
    times = pd.DataFrame({"received": ["2025-01-02", "2025-01-01"],
                          "closed": ["2025-01-01", None]})
    with pytest.raises(InputError, match="closed before received"):
        time_to_close(times)
    with pytest.raises(InputError, match="unreadable"):
        time_to_close(times.assign(received=["x", "2025-01-01"]))
    assert isinstance(transfer_network(ok), nx.DiGraph)
