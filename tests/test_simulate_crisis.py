"""helpers.simulate.crisis: the counts scatter around the truth's expected curves; seeds and params."""

from __future__ import annotations

import numpy as np
import pytest

from helpers import HelpersError
from helpers.simulate import crisis_timeline, crisis_timeline_truth
from helpers.simulate.datasets import make_dataset


def test_means_of_many_draws_equal_the_expected_curves():
    truth = crisis_timeline_truth()
    rng = np.random.default_rng(5)
    draws = [crisis_timeline(seed=rng) for _ in range(200)]
    posts = np.mean([d["posts"] for d in draws], axis=0)
    calls = np.mean([d["calls"] for d in draws], axis=0)
    np.testing.assert_allclose(posts, truth["expected_posts"], rtol=0.05, atol=2)
    np.testing.assert_allclose(calls, truth["expected_calls"], rtol=0.03, atol=2)


def test_truth_and_structure():
    t = crisis_timeline_truth().attrs
    assert t["statement_hours"] == list(range(34, 232, 24))
    assert t["peak_posts_hour"] == 30 and t["peak_calls_hour"] == 27
    assert t["lag_first_statement_minus_peak"] == 4
    d = crisis_timeline()
    assert d["hour"].iloc[0] == -8 and d["day"].max() == 10
    assert d.loc[d["statement"] == 1, "hour"].tolist() == t["statement_hours"]
    assert d.loc[d["statement"] == 1, "statement_type"].iloc[0] == "情况通报"
    assert d.attrs["truth"]["peak_posts_hour"] == 30


def test_seed_offset_gives_another_draw_with_the_same_truth():
    a, b = make_dataset("crisis_timeline"), make_dataset("crisis_timeline", seed_offset=3)
    assert not a["posts"].equals(b["posts"])
    assert a.attrs["truth"] == b.attrs["truth"]
    assert a.equals(crisis_timeline())


def test_an_earlier_statement_lowers_the_reach():
    early = crisis_timeline_truth(first_statement=4).attrs
    late = crisis_timeline_truth().attrs
    assert early["reach"] < late["reach"] and early["rumour_calls"] < late["rumour_calls"]


@pytest.mark.parametrize("kw", [{"first_statement": 0}, {"hours": 10, "first_statement": 20},
                                {"posts_cv": -1}, {"statement_every": 2.5}, {"nope": 1}])
def test_bad_params(kw):
    with pytest.raises(HelpersError):
        crisis_timeline(**kw)


def test_the_cached_truth_is_not_changed_through_a_returned_copy():
    a = crisis_timeline_truth()
    a.loc[:, "expected_posts"] = -1.0
    a.attrs["statement_hours"].append(999)
    b = crisis_timeline_truth()
    assert (b["expected_posts"] > 0).all() and 999 not in b.attrs["statement_hours"]
    other = crisis_timeline_truth(first_statement=10)
    assert other.attrs["first_statement_hour"] == 10 and b.attrs["first_statement_hour"] == 34
