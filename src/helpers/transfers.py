"""Tickets passed between departments (转派): the transfer network, bouncing pairs, outcomes.

Input is a tidy table of transfers, one row per transfer of a ticket (``ticket_id, step,
from_department, to_department``), such as ``load_dataset("ticket_transfers")``; outcomes come
from the ticket table (``transfers``, ``satisfied``, ``received``, ``closed``).

- :func:`transfer_network`: the directed network (networkx) of departments, edges weighted by
  the number of transfers; :func:`transfer_edges` and :func:`department_roles` as tidy tables.
- :func:`ticket_paths` and :func:`bounce_pairs`: the department pairs where tickets go back and
  forth (A→B→A, 踢皮球) among tickets transferred at least a given number of times.
- :func:`time_to_close`: hours from receipt to closure with the censoring of still-open tickets
  made explicit; :func:`outcome_by_transfers`: mean time to close or satisfaction rate by number
  of transfers with intervals, and :func:`close_time_by_transfers` with Kaplan–Meier medians that
  use the open tickets too. Differences between groups: :func:`helpers.compare.mean_difference`
  and :func:`helpers.compare.proportion_difference` on the capped ``transfers`` column
  (:func:`cap_transfers`).

These are associations in observational data: tickets that are transferred more often also
differ in topic and difficulty.
"""

from __future__ import annotations

from collections.abc import Hashable

import numpy as np
import pandas as pd

from helpers._validate import (Exclusions, InputError, bad_values, check_frame, check_level,
                               numeric_column, require_columns)

__all__ = ["ticket_paths", "transfer_network", "transfer_edges", "department_roles",
           "bounce_pairs", "cap_transfers", "time_to_close", "outcome_by_transfers",
           "close_time_by_transfers"]


def _chains(data: pd.DataFrame, ticket: Hashable, source: Hashable, target: Hashable,
            step: Hashable | None) -> pd.DataFrame:
    check_frame(data)
    cols = [ticket, source, target] + ([step] if step is not None else [])
    require_columns(data, cols)
    for c in (ticket, source, target):
        missing = data[c].isna()
        if missing.any():
            raise bad_values(c, data[c], missing, "缺少值", "missing values")
    d = data[cols].copy()
    if step is not None:
        s = numeric_column(data, step)
        bad = s.isna() | (s != np.floor(s)) | (s < 1)
        if bad.any():
            raise bad_values(step, data[step], bad, "不是 ≥ 1 的整数", "not an integer >= 1")
        dup = d.duplicated([ticket, step], keep=False)
        if dup.any():
            raise bad_values(step, data[step], dup, "同一工单的步骤重复", "duplicate steps of a ticket")
        d = d.assign(**{step: s}).sort_values([ticket, step], kind="stable")
    d = d.rename(columns={ticket: "ticket", source: "src", target: "dst"})
    same = d["src"] == d["dst"]
    if same.any():
        raise bad_values(target, data.loc[d.index, target], same, "转出与转入部门相同",
                         "transfer to the same department")
    prev_dst = d.groupby("ticket", sort=False)["dst"].shift()
    broken = prev_dst.notna() & (prev_dst != d["src"])
    if broken.any():
        raise bad_values(source, data.loc[d.index, source], broken,
                         "与上一次转派的转入部门不衔接", "chain broken (from differs from the "
                         "previous step's to)", hint="; sort by step or fix the chain")
    return d


def ticket_paths(data: pd.DataFrame, *, ticket: Hashable = "ticket_id",
                 source: Hashable = "from_department", target: Hashable = "to_department",
                 step: Hashable | None = "step") -> pd.DataFrame:
    """Each ticket's path through the departments, and whether it went back and forth.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per transfer.
    ticket, source, target : str
        Columns of the ticket id and of the departments a transfer goes from and to.
    step : str or None, default "step"
        Column of the transfer's order within the ticket (1, 2, …); ``None``: rows are already
        in order. A chain whose ``from`` differs from the previous ``to`` raises
        :class:`~helpers.InputError` naming the rows.

    Returns
    -------
    pandas.DataFrame
        One row per ticket with at least one transfer: ``ticket``, ``transfers`` (number of
        transfers), ``path`` (departments joined by →), ``bounces`` (number of A→B→A steps),
        ``bounce_pairs`` (the pairs, ``A↔B`` in sorted order, joined by ``;``; empty if none).

    Notes
    -----
    A ticket with transfers d₀→d₁→…→d_k passes k + 1 departments; a bounce is a position i
    with ``d_i = d_{i+2}`` (sent from A to B and back to A), the 推诿 pattern that Beijing's
    接诉即办 rules forbid (the first receiving unit leads, others must cooperate).

    Examples
    --------
    >>> tr = pd.DataFrame({"ticket_id": ["a", "a", "a", "b"], "step": [1, 2, 3, 1],
    ...                    "from_department": ["人社", "医保", "人社", "水务"],
    ...                    "to_department": ["医保", "人社", "医保", "住建"]})
    >>> ticket_paths(tr)[["ticket", "transfers", "path", "bounces", "bounce_pairs"]]
      ticket  transfers            path  bounces bounce_pairs
    0      a          3  人社→医保→人社→医保        2        人社↔医保
    1      b          1           水务→住建        0
    """
    return _paths_events(data, ticket, source, target, step)[0]


def _paths_events(data: pd.DataFrame, ticket: Hashable = "ticket_id",
                  source: Hashable = "from_department", target: Hashable = "to_department",
                  step: Hashable | None = "step") -> tuple[pd.DataFrame, pd.DataFrame]:
    """(paths, bounce events): vectorised; one event per A→B→A step (ticket, a, b sorted)."""
    d = _chains(data, ticket, source, target, step)
    d = d.sort_values("ticket", kind="stable")          # keeps the order within a ticket
    tk = d["ticket"].to_numpy()
    src = d["src"].astype(str).to_numpy()
    dst = d["dst"].astype(str).to_numpy()
    same = np.r_[False, tk[1:] == tk[:-1]]
    prev_src = np.r_[np.array([""], dtype=object), src[:-1]]
    bounce = same & (dst == prev_src)                    # d_{i-1} → d_i → d_{i+1} = d_{i-1}
    a = np.where(src < dst, src, dst)[bounce]
    b = np.where(src < dst, dst, src)[bounce]
    events = pd.DataFrame({"ticket": tk[bounce], "a": a, "b": b})
    g = d.groupby("ticket", sort=True)
    paths = pd.DataFrame({"transfers": g.size(),
                          "path": g["src"].first().astype(str) + "→"
                          + g["dst"].agg(lambda x: "→".join(map(str, x)))})
    if len(events):
        pair_str = (events["a"] + "↔" + events["b"]).groupby(events["ticket"], sort=False)
        paths["bounces"] = pair_str.size().reindex(paths.index, fill_value=0)
        paths["bounce_pairs"] = pair_str.agg(lambda x: ";".join(sorted(set(x)))).reindex(
            paths.index, fill_value="")
    else:
        paths["bounces"] = 0
        paths["bounce_pairs"] = ""
    paths = paths.rename_axis("ticket").reset_index()
    paths = paths.astype({"transfers": "int64", "bounces": "int64"})
    return paths[["ticket", "transfers", "path", "bounces", "bounce_pairs"]], events


def transfer_network(data: pd.DataFrame, *, ticket: Hashable = "ticket_id",
                     source: Hashable = "from_department", target: Hashable = "to_department",
                     step: Hashable | None = "step"):
    """The directed transfer network of departments (networkx).

    Parameters
    ----------
    data, ticket, source, target, step
        As in :func:`ticket_paths`.

    Returns
    -------
    networkx.DiGraph
        One node per department; an edge A→B when a ticket was transferred from A to B, with
        attributes ``weight`` (transfers) and ``tickets`` (distinct tickets).

    Notes
    -----
    A weighted directed graph (Newman 2010, *Networks: An Introduction*, ch. 6); each
    转派/退单 is an edge between units (domain brief §3.5, method note).

    Examples
    --------
    >>> tr = pd.DataFrame({"ticket_id": ["a", "a", "b"], "step": [1, 2, 1],
    ...                    "from_department": ["人社", "医保", "人社"],
    ...                    "to_department": ["医保", "人社", "医保"]})
    >>> g = transfer_network(tr)
    >>> g["人社"]["医保"]["weight"], g["人社"]["医保"]["tickets"], g.number_of_edges()
    (2, 2, 2)
    """
    import networkx as nx

    e = transfer_edges(data, ticket=ticket, source=source, target=target, step=step)
    g = nx.DiGraph()
    for r in e.itertuples(index=False):
        g.add_edge(r.from_department, r.to_department, weight=int(r.n_transfers),
                   tickets=int(r.n_tickets))
    return g


def transfer_edges(data: pd.DataFrame, *, ticket: Hashable = "ticket_id",
                   source: Hashable = "from_department", target: Hashable = "to_department",
                   step: Hashable | None = "step") -> pd.DataFrame:
    """The edges of the transfer network as a tidy table.

    Parameters
    ----------
    data, ticket, source, target, step
        As in :func:`ticket_paths`.

    Returns
    -------
    pandas.DataFrame
        One row per directed pair with at least one transfer, sorted by ``n_transfers``
        (descending): ``from_department``, ``to_department``, ``n_transfers``, ``n_tickets``
        (distinct tickets), ``n_reverse`` (transfers the other way, B→A), ``share`` (of all
        transfers).

    Notes
    -----
    Counts of the rows of ``data`` by (from, to); ``n_reverse`` makes two-way traffic between
    a pair visible at a glance.

    Examples
    --------
    >>> tr = pd.DataFrame({"ticket_id": ["a", "a", "b"], "step": [1, 2, 1],
    ...                    "from_department": ["人社", "医保", "人社"],
    ...                    "to_department": ["医保", "人社", "医保"]})
    >>> transfer_edges(tr)[["from_department", "to_department", "n_transfers", "n_reverse"]]
      from_department to_department  n_transfers  n_reverse
    0              人社            医保            2          1
    1              医保            人社            1          2
    """
    d = _chains(data, ticket, source, target, step)
    g = d.groupby(["src", "dst"], sort=True)
    e = pd.DataFrame({"n_transfers": g.size(), "n_tickets": g["ticket"].nunique()}).reset_index()
    rev = e.set_index(["src", "dst"])["n_transfers"]
    e["n_reverse"] = [int(rev.get((b, a), 0)) for a, b in zip(e["src"], e["dst"])]
    e["share"] = e["n_transfers"] / e["n_transfers"].sum()
    e = e.rename(columns={"src": "from_department", "dst": "to_department"})
    e = e.sort_values(["n_transfers", "from_department", "to_department"],
                      ascending=[False, True, True], kind="stable").reset_index(drop=True)
    return e.astype({"n_transfers": "int64", "n_tickets": "int64", "n_reverse": "int64"})


def department_roles(data: pd.DataFrame, *, ticket: Hashable = "ticket_id",
                     source: Hashable = "from_department", target: Hashable = "to_department",
                     step: Hashable | None = "step") -> pd.DataFrame:
    """Per department: transfers passed on and received, and its place in the network.

    Parameters
    ----------
    data, ticket, source, target, step
        As in :func:`ticket_paths`.

    Returns
    -------
    pandas.DataFrame
        One row per department, sorted by ``passed_on`` (descending): ``department``,
        ``passed_on`` (transfers out), ``received`` (transfers in), ``partners`` (departments it
        exchanges tickets with, either way), ``betweenness`` (normalised betweenness centrality
        of the unweighted directed network).

    Notes
    -----
    Betweenness c_B(v) = Σ_{s≠v≠t} σ_st(v)/σ_st, the share of shortest paths between other
    departments that pass through v (Freeman 1977, Sociometry 40(1):35–41), computed by
    ``networkx.betweenness_centrality`` (Brandes 2001) and normalised by (n − 1)(n − 2).

    Examples
    --------
    >>> tr = pd.DataFrame({"ticket_id": ["a", "a", "b"], "step": [1, 2, 1],
    ...                    "from_department": ["人社", "医保", "水务"],
    ...                    "to_department": ["医保", "住建", "人社"]})
    >>> department_roles(tr)[["department", "passed_on", "received", "partners"]]
      department  passed_on  received  partners
    0         人社          1         1         2
    1         医保          1         1         2
    2         水务          1         0         1
    3         住建          0         1         1
    """
    import networkx as nx

    g = transfer_network(data, ticket=ticket, source=source, target=target, step=step)
    bc = nx.betweenness_centrality(g, normalized=True)
    rows = [{"department": n,
             "passed_on": int(sum(w for _, _, w in g.out_edges(n, data="weight"))),
             "received": int(sum(w for _, _, w in g.in_edges(n, data="weight"))),
             "partners": len(set(g.successors(n)) | set(g.predecessors(n))),
             "betweenness": float(bc[n])} for n in g.nodes]
    out = pd.DataFrame(rows)
    return out.sort_values(["passed_on", "received"], ascending=False,
                           kind="stable").reset_index(drop=True)


def bounce_pairs(data: pd.DataFrame, *, min_transfers: int = 3, min_tickets: int = 1,
                 ticket: Hashable = "ticket_id", source: Hashable = "from_department",
                 target: Hashable = "to_department", step: Hashable | None = "step"
                 ) -> pd.DataFrame:
    """Department pairs where tickets bounce: back-and-forth (A→B→A) among much-transferred tickets.

    Parameters
    ----------
    data, ticket, source, target, step
        As in :func:`ticket_paths`.
    min_transfers : int, default 3
        Only tickets transferred at least this often count (转派 ≥ 3 次).
    min_tickets : int, default 1
        A pair is listed when at least this many such tickets bounced between its two
        departments.

    Returns
    -------
    pandas.DataFrame
        One row per flagged pair, sorted by ``n_tickets`` (descending): ``department_a``,
        ``department_b`` (sorted), ``n_tickets`` (tickets with ≥ ``min_transfers`` transfers
        that went A→B→A or B→A→B), ``n_bounces`` (back-and-forth steps over those tickets),
        ``mean_transfers`` (of those tickets), ``tickets`` (their ids joined by ``,``, at most
        20, then …). ``attrs["candidates"]`` is the number of tickets with ≥ ``min_transfers``
        transfers.

    Notes
    -----
    Uses :func:`ticket_paths`: a bounce is a position i of the path with ``d_i = d_{i+2}``. A
    pair is a candidate for a joint rule (who leads, as the 首接负责 principle of 接诉即办
    says), not proof of 推诿: some matters really need both departments.

    Examples
    --------
    >>> tr = pd.DataFrame({"ticket_id": ["a"] * 3 + ["b"] * 2, "step": [1, 2, 3, 1, 2],
    ...                    "from_department": ["人社", "医保", "人社", "水务", "住建"],
    ...                    "to_department": ["医保", "人社", "医保", "住建", "街道"]})
    >>> bounce_pairs(tr, min_transfers=2)[["department_a", "department_b", "n_tickets",
    ...                                     "n_bounces", "tickets"]]
      department_a department_b  n_tickets  n_bounces tickets
    0           人社           医保          1          2       a
    """
    if int(min_transfers) < 2:
        raise InputError(f"min_transfers 必须 ≥ 2（来回转派至少两次转派）(min_transfers must be >= 2, "
                         f"got {min_transfers})")
    if int(min_tickets) < 1:
        raise InputError(f"min_tickets 必须 ≥ 1 (min_tickets must be >= 1, got {min_tickets})")
    paths, events = _paths_events(data, ticket, source, target, step)
    return _bounce_table(paths, events, int(min_transfers), int(min_tickets))


def _bounce_table(paths: pd.DataFrame, events: pd.DataFrame, min_transfers: int,
                  min_tickets: int) -> pd.DataFrame:
    """:func:`bounce_pairs` from :func:`_paths_events` (computed once, e.g. for a widget)."""
    heavy = paths[paths["transfers"] >= int(min_transfers)]
    ev = events[events["ticket"].isin(heavy["ticket"])]
    ev = ev.merge(heavy[["ticket", "transfers"]], on="ticket", how="left")
    rows = []
    for (a, b), g in ev.groupby(["a", "b"], sort=True):
        tickets = g.drop_duplicates("ticket").sort_values("ticket", kind="stable")
        rows.append({"department_a": a, "department_b": b, "n_tickets": len(tickets),
                     "n_bounces": len(g), "mean_transfers": float(tickets["transfers"].mean()),
                     "tickets": ",".join(map(str, tickets["ticket"].head(20)))
                     + ("…" if len(tickets) > 20 else "")})
    out = pd.DataFrame(rows, columns=["department_a", "department_b", "n_tickets", "n_bounces",
                                      "mean_transfers", "tickets"])
    out = out[out["n_tickets"] >= int(min_tickets)]
    out = out.sort_values(["n_tickets", "n_bounces", "department_a", "department_b"],
                          ascending=[False, False, True, True], kind="stable")
    out = out.reset_index(drop=True).astype({"n_tickets": "int64", "n_bounces": "int64"})
    out.attrs["candidates"] = int(len(heavy))
    return out


def cap_transfers(data: pd.DataFrame, transfers: Hashable = "transfers", *,
                  max_transfers: int = 3) -> pd.Series:
    """The number of transfers with the top group pooled (0, 1, 2, 3 = "3 or more").

    Parameters
    ----------
    data : pandas.DataFrame
        One row per ticket.
    transfers : str, default "transfers"
        Column of transfer counts (integers ≥ 0; anything else raises
        :class:`~helpers.InputError` naming the rows).
    max_transfers : int, default 3
        Counts above are set to this value.

    Returns
    -------
    pandas.Series
        Integer series, same index, named ``transfers_group``.

    Notes
    -----
    Pooling the rare long chains keeps every group large enough for an interval; use the
    result as the ``group`` of :func:`helpers.compare.mean_difference` or
    :func:`helpers.compare.proportion_difference` to compare each group with 0 transfers.

    Examples
    --------
    >>> cap_transfers(pd.DataFrame({"transfers": [0, 1, 5]})).tolist()
    [0, 1, 3]
    """
    check_frame(data)
    k = numeric_column(data, transfers)
    bad = k.isna() | (k < 0) | (k != np.floor(k))
    if bad.any():
        raise bad_values(transfers, data[transfers], bad, "不是 ≥ 0 的整数",
                         "not an integer >= 0")
    if int(max_transfers) < 1:
        raise InputError(f"max_transfers 必须 ≥ 1 (max_transfers must be >= 1, got {max_transfers})")
    return k.clip(upper=int(max_transfers)).astype("int64").rename("transfers_group")


def time_to_close(data: pd.DataFrame, received: Hashable = "received",
                  closed: Hashable = "closed", *, as_of: str | pd.Timestamp | None = None
                  ) -> pd.DataFrame:
    """Hours from receipt to closure, with still-open tickets marked as censored.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per ticket.
    received, closed : str
        Columns of the receipt and closure times (datetime or ISO text); a missing closure
        means the ticket is still open. A missing or unreadable receipt time, or a closure
        before receipt, raises :class:`~helpers.InputError` naming the rows.
    as_of : str or Timestamp, optional
        The extraction time (default: the latest time in ``received`` and ``closed``).

    Returns
    -------
    pandas.DataFrame
        Same index as ``data``: ``hours`` (to closure; missing when open), ``observed_hours``
        (to closure, or to ``as_of`` when open), ``closed`` (True = closure observed, False =
        censored).

    Notes
    -----
    Right censoring: for an open ticket we only know that its time to close exceeds
    ``as_of − received``. Averaging ``hours`` over closed tickets alone leaves the longest
    cases out and so underestimates the mean; survival methods use ``observed_hours`` and
    ``closed`` (Kaplan & Meier 1958, JASA 53(282):457–481; see
    :func:`close_time_by_transfers`).

    Examples
    --------
    >>> df = pd.DataFrame({"received": ["2025-06-30T08:00", "2025-06-30T20:00"],
    ...                    "closed": ["2025-06-30T18:00", None]})
    >>> time_to_close(df, as_of="2025-07-01")
       hours  observed_hours  closed
    0   10.0            10.0    True
    1    NaN             4.0   False
    """
    check_frame(data)
    require_columns(data, [received, closed])
    r = pd.to_datetime(data[received], errors="coerce", format="ISO8601")
    c = pd.to_datetime(data[closed], errors="coerce", format="ISO8601")
    bad = r.isna()
    if bad.any():
        raise bad_values(received, data[received], bad, "缺少或无法读取受理时间",
                         "missing or unreadable times")
    unreadable = c.isna() & data[closed].notna()
    if unreadable.any():
        raise bad_values(closed, data[closed], unreadable, "无法读取办结时间", "unreadable times")
    early = c.notna() & (c < r)
    if early.any():
        raise bad_values(closed, data[closed], early, "办结早于受理", "closed before received")
    end = pd.Timestamp(as_of) if as_of is not None else max(r.max(), c.max() if c.notna().any()
                                                             else r.max())
    late = c.notna() & (c > end)
    if late.any():
        raise bad_values(closed, data[closed], late, "办结晚于提取时间 as_of",
                         "closed after as_of")
    hours = (c - r).dt.total_seconds() / 3600
    observed = hours.where(c.notna(), (end - r).dt.total_seconds() / 3600)
    return pd.DataFrame({"hours": hours, "observed_hours": observed, "closed": c.notna()},
                        index=data.index)


def outcome_by_transfers(data: pd.DataFrame, transfers: Hashable, outcome: Hashable, *,
                         kind: str = "proportion", max_transfers: int = 3, ci: float = 0.95,
                         n_boot: int = 2000, seed: int = 0) -> pd.DataFrame:
    """Mean time to close, or a rate such as satisfaction, by number of transfers, with intervals.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per ticket.
    transfers : str
        Column of transfer counts (see :func:`cap_transfers`).
    outcome : str
        ``kind="proportion"``: a 0/1 column (e.g. ``satisfied``); ``kind="mean"``: a numeric
        column (e.g. ``hours`` from :func:`time_to_close`). Missing outcomes (not reached,
        still open) are excluded and reported per group (``n_missing``) and in
        ``attrs["excluded"]``.
    kind : {"proportion", "mean"}
        Wilson interval of a proportion, or bootstrap (BCa) interval of a mean.
    max_transfers : int, default 3
        The last group pools this many transfers or more.
    ci : float, default 0.95
        Confidence level.
    n_boot, seed : int
        Bootstrap settings for ``kind="mean"`` (:func:`helpers.bootstrap.mean_ci`).

    Returns
    -------
    pandas.DataFrame
        One row per group 0, 1, …, ``max_transfers``: ``transfers`` (the group), ``label``
        (``"0"``, …, ``"3+"``), ``estimate``, ``ci_low``, ``ci_high``, ``n`` (tickets with an
        outcome), ``n_missing``.

    Notes
    -----
    Proportions: Wilson score interval (Wilson 1927, JASA 22:209–212), as in
    :func:`helpers.hotline.hotline_rates`. Means: nonparametric bootstrap BCa (Efron 1987),
    :func:`helpers.bootstrap.mean_ci`. Compare groups by the interval of the difference, not by
    overlap: :func:`helpers.compare.proportion_difference` /
    :func:`helpers.compare.mean_difference` with ``group=cap_transfers(...)`` and
    ``reference=0``.

    Validated against: statsmodels proportion_confint(method="wilson") —
    tests/test_transfers.py.

    Examples
    --------
    >>> df = pd.DataFrame({"transfers": [0] * 10 + [1] * 10 + [4] * 5,
    ...                    "satisfied": [1] * 8 + [0] * 2 + [1] * 5 + [0] * 5 + [0] * 4 + [None]})
    >>> outcome_by_transfers(df, "transfers", "satisfied")[["label", "estimate", "n", "n_missing"]]
      label  estimate   n  n_missing
    0     0       0.8  10          0
    1     1       0.5  10          0
    2     2       NaN   0          0
    3    3+       0.0   4          1
    """
    from statsmodels.stats.proportion import proportion_confint

    from helpers.bootstrap import mean_ci

    check_frame(data)
    if kind not in ("proportion", "mean"):
        raise InputError(f"kind 必须是 'proportion' 或 'mean' (kind must be 'proportion' or 'mean', "
                         f"got {kind!r})")
    level = check_level(ci)
    k = cap_transfers(data, transfers, max_transfers=max_transfers)
    y = numeric_column(data, outcome)
    if kind == "proportion":
        bad = y.notna() & ~y.isin([0, 1])
        if bad.any():
            raise bad_values(outcome, data[outcome], bad, "不是 0/1", "values other than 0/1")
    ex = Exclusions()
    ex.add(y.index[y.isna()], "missing outcome", column=outcome)
    m = int(max_transfers)
    rows = []
    for g in range(m + 1):
        in_g = (k == g).to_numpy()
        vals = y[in_g].dropna().to_numpy(float)
        row = {"transfers": g, "label": f"{g}+" if g == m else str(g), "n": int(vals.size),
               "n_missing": int(in_g.sum() - vals.size)}
        if vals.size == 0:
            row.update(estimate=np.nan, ci_low=np.nan, ci_high=np.nan)
        elif kind == "proportion":
            lo, hi = proportion_confint(vals.sum(), vals.size, alpha=1 - level, method="wilson")
            row.update(estimate=vals.mean(), ci_low=float(lo), ci_high=float(hi))
        else:
            res = mean_ci(vals, n_boot=n_boot, ci=level, seed=seed)
            row.update(estimate=float(res["estimate"][0]), ci_low=float(res["ci_low"][0]),
                       ci_high=float(res["ci_high"][0]))
        rows.append(row)
    out = pd.DataFrame(rows, columns=["transfers", "label", "estimate", "ci_low", "ci_high", "n",
                                      "n_missing"])
    return ex.attach(out)


def close_time_by_transfers(data: pd.DataFrame, transfers: Hashable = "transfers",
                            received: Hashable = "received", closed: Hashable = "closed", *,
                            as_of: str | pd.Timestamp | None = None, max_transfers: int = 3,
                            ci: float = 0.95) -> pd.DataFrame:
    """Time to close by number of transfers: Kaplan–Meier medians that count open tickets too.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per ticket.
    transfers, received, closed : str
        Columns as in :func:`cap_transfers` and :func:`time_to_close`.
    as_of : str or Timestamp, optional
        The extraction time (see :func:`time_to_close`).
    max_transfers : int, default 3
        The last group pools this many transfers or more.
    ci : float, default 0.95
        Level of the median's interval.

    Returns
    -------
    pandas.DataFrame
        One row per group: ``transfers``, ``label``, ``estimate`` (Kaplan–Meier median hours to
        close), ``ci_low``, ``ci_high`` (its interval), ``n`` (tickets), ``n_open`` (censored),
        ``mean_closed`` (mean hours over closed tickets only, biased low when tickets are open).

    Notes
    -----
    Kaplan–Meier estimator Ŝ(t) = Π_{t_i ≤ t} (1 − d_i/n_i) of the share still open after t
    hours, open tickets censored at ``as_of`` (Kaplan & Meier 1958); the median is the first t
    with Ŝ(t) ≤ 0.5, its interval by inverting the log-log transformed pointwise interval
    (Brookmeyer & Crowley 1982, Biometrics 38:29–41), as ``statsmodels`` ``SurvfuncRight``
    computes it.

    Examples
    --------
    >>> from helpers.simulate import hotline_tickets
    >>> t = close_time_by_transfers(hotline_tickets(n=800, seed=2))
    >>> t["label"].tolist(), bool(t["estimate"].is_monotonic_increasing)
    (['0', '1', '2', '3+'], True)
    """
    from statsmodels.duration.survfunc import SurvfuncRight

    check_frame(data)
    level = check_level(ci)
    k = cap_transfers(data, transfers, max_transfers=max_transfers)
    t = time_to_close(data, received, closed, as_of=as_of)
    m = int(max_transfers)
    rows = []
    for g in range(m + 1):
        sel = (k == g).to_numpy()
        row = {"transfers": g, "label": f"{g}+" if g == m else str(g), "n": int(sel.sum()),
               "n_open": int((~t["closed"][sel]).sum()),
               "mean_closed": float(t["hours"][sel].mean()) if sel.any() else np.nan}
        est = lo = hi = np.nan
        if sel.sum() >= 2:
            with np.errstate(divide="ignore", invalid="ignore"):   # log(0) at S(t) = 1
                sf = SurvfuncRight(t["observed_hours"][sel].to_numpy(float),
                                   t["closed"][sel].to_numpy(int))
                est = float(sf.quantile(0.5))
                lo, hi = (float(v) for v in sf.quantile_ci(0.5, alpha=1 - level))
        row.update(estimate=est, ci_low=lo, ci_high=hi)
        rows.append(row)
    return pd.DataFrame(rows, columns=["transfers", "label", "estimate", "ci_low", "ci_high", "n",
                                       "n_open", "mean_closed"])
