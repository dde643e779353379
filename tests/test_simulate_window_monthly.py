"""The window_monthly generator: shape, seeds, truth, and the realised means against the truth."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from helpers import HelpersError
from helpers.simulate import make_dataset
from helpers.simulate.window_monthly import window_monthly, window_monthly_truth


def test_shape_and_columns():
    d = window_monthly()
    assert d.shape == (480, 8)
    assert d.notna().all().all()
    assert (d["n_bad"] <= d["n_ratings"]).all() and (d["n_ratings"] >= 1).all()
    assert d.groupby("window")["improved"].nunique().eq(1).all()
    assert set(d.loc[d["after"] == 1, "t"]) == set(range(13, 25))


def test_seed_offset_same_truth_other_draw():
    a, b = make_dataset("window_monthly"), make_dataset("window_monthly", seed_offset=3)
    assert not a.equals(b)
    assert a.attrs["truth"] == b.attrs["truth"]
    assert a.equals(window_monthly())


def test_realised_group_means_match_truth():
    tr = window_monthly_truth(by="month").set_index(["group", "t"])
    sims = []
    for s in range(60):
        d = window_monthly(seed=s)
        g = d.assign(group=np.where(d["improved"] == 1, "improved", "comparison"))
        g = g[~((g["window"] == "W02") & (g["t"] == 8))]
        agg = g.groupby(["group", "t"])[["n_bad", "n_ratings"]].sum()
        sims.append(agg["n_bad"] / agg["n_ratings"])
    mean = pd.concat(sims, axis=1).mean(axis=1)
    diff = (mean - tr["expected_share"].reindex(mean.index)).abs()
    assert diff.max() < 0.004


def test_truth_frames():
    w = window_monthly_truth()
    assert len(w) == 20 and w["improved"].sum() == 8
    assert (w.loc[w["improved"] == 0, "level_change"] == 0).all()
    m = window_monthly_truth(by="month")
    imp = m[m["group"] == "improved"].set_index("t")
    assert imp.loc[13, "counterfactual_share"] - imp.loc[13, "expected_share"] == pytest.approx(0.03)
    assert (imp.loc[:12, "expected_share"] == imp.loc[:12, "counterfactual_share"]).all()
    with pytest.raises(HelpersError):
        window_monthly_truth(by="quarter")
    with pytest.raises(HelpersError):
        window_monthly(improved=("W99",))
    with pytest.raises(HelpersError):
        window_monthly(bogus=1)
