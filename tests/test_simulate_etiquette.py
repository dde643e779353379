"""The mystery-shopper generator: κ = accuracy² recovered from a large draw, satisfaction rises
with conduct, structure of the published file, seed offsets, bad parameters."""

from __future__ import annotations

import numpy as np
import pytest

from helpers._validate import HelpersError
from helpers.agreement import checklist_scores, item_agreement
from helpers.simulate import load_dataset, make_dataset, mystery_shopper, mystery_shopper_truth


def test_true_kappa_is_recovered_from_a_large_draw():
    d = mystery_shopper(seed=3, n_windows=250, visits_per_window=8, n_multi=2000)
    m = d[d["multi_scored"] == 1]
    got = item_agreement(m, item="item", subject="visit_id", rater="rater", rating="score",
                         n_boot=50).set_index("item")["estimate"]
    truth = mystery_shopper_truth().set_index("item")["kappa"]
    assert np.allclose(got[truth.index], truth, atol=0.04)
    shares = d.groupby("item")["score"].apply(lambda s: (s == 0).mean())
    t = mystery_shopper_truth().set_index("item")
    assert np.allclose(shares[t.index], t["share_0"], atol=0.02)


def test_satisfaction_rises_with_conduct():
    d = mystery_shopper(seed=4, n_windows=200)
    v = checklist_scores(d, by="visit_id", item="item", rating="score", max_score=2)
    sat = d.groupby("visit_id")["satisfaction"].first()
    assert np.corrcoef(v["score"], sat[v["visit_id"]].to_numpy())[0, 1] > 0.3


def test_structure_and_published_file():
    d = load_dataset("mystery_shopper")
    fresh = make_dataset("mystery_shopper")
    assert (d["score"].to_numpy() == fresh["score"].to_numpy()).all()
    assert len(d) == 3200 and d["score"].between(0, 2).all() and d["satisfaction"].between(1, 5).all()
    per_visit = d.groupby("visit_id")["rater"].nunique()
    multi = d.groupby("visit_id")["multi_scored"].first()
    assert (per_visit[multi == 1] == 3).all() and (per_visit[multi == 0] == 1).all()
    assert multi.sum() == 80 and d["visit_id"].nunique() == 160 and d["window"].nunique() == 40
    assert not d.duplicated(["visit_id", "rater", "item"]).any()
    t = mystery_shopper_truth()
    assert set(t.loc[~t["reliable"], "item"]) == {"smile", "tone", "warm"}


def test_seed_offset_changes_the_draw_not_the_truth():
    a, b = make_dataset("mystery_shopper"), make_dataset("mystery_shopper", seed_offset=3)
    assert not a.equals(b) and a.attrs["truth"] == b.attrs["truth"]
    assert make_dataset("mystery_shopper", seed_offset=3).equals(b)


def test_bad_parameters():
    with pytest.raises(HelpersError, match="unknown"):
        mystery_shopper(size=3)
    with pytest.raises(HelpersError, match="n_multi"):
        mystery_shopper(n_multi=1000)
    with pytest.raises(HelpersError, match="accuracy"):
        mystery_shopper(accuracy={"smile": 1.5})
    with pytest.raises(HelpersError, match="multi_raters"):
        mystery_shopper(multi_raters=("R1", "R9"))
