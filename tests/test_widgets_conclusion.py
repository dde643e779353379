"""Chapter 8 widget: the league-reshuffle widget on the capstone city's prior — the static grid
equals the live computation, and the summary is helpers.shrinkage.rank_reshuffle's."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from helpers import shrinkage
from helpers.simulate import load_dataset
from helpers.widgets import league_reshuffle_widget


@pytest.fixture(scope="module")
def capstone_prior():
    log = load_dataset("capstone_ratings")
    log["bad"] = log["grade"].isin(["不满意", "非常不满意"])
    per_window = log.groupby("window", as_index=False).agg(n=("bad", "size"), bad=("bad", "sum"))
    prior = shrinkage.beta_binomial_prior(per_window, "bad", "n")
    return float(prior.loc[0, "alpha"]), float(prior.loc[0, "beta"]), int((per_window["n"] >= 100).sum())


@pytest.fixture(scope="module")
def widget(capstone_prior):
    a, b, k = capstone_prior
    return league_reshuffle_widget(alpha=a, beta=b, windows=k, top=5, n_sim=100, simulated=True)


def test_capstone_prior_is_a_proper_spread(capstone_prior):
    a, b, k = capstone_prior
    assert 0.5 <= a < 10 and b > a       # a real spread between windows, mean well below 5 %
    assert a / (a + b) < 0.05
    assert k == 20


def test_static_grid_equals_live(widget):
    grid = widget.grid()
    (param,) = widget.params
    rng = np.random.default_rng(1)
    for value in rng.choice(list(param.values), size=3, replace=False):
        value = str(value)
        static = grid[grid[param.column] == value].reset_index(drop=True)
        live = widget.evaluate(**{param.name: value})
        pd.testing.assert_frame_equal(static, live)


def test_summary_is_rank_reshuffle(widget, capstone_prior):
    a, b, k = capstone_prior
    out = widget.evaluate(n_per_window="300").query("kind == 'summary'").set_index("measure")
    ref = shrinkage.rank_reshuffle([300] * k, a, b, top=5, n_sim=100, seed=2031).set_index("measure")
    assert out.loc["spearman_draws", "estimate"] == pytest.approx(
        ref.loc["spearman_draws", "estimate"], abs=1e-3)
    rho = [widget.evaluate(n_per_window=v).query("kind == 'summary'").set_index("measure").loc[
        "spearman_draws", "estimate"] for v in ("10", "300", "3000")]
    assert rho == sorted(rho)
