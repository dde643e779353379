"""helpers.simulate.capstone: the conclusion chapter's capstone city (survey and rating log)."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers import HelpersError
from helpers.simulate import (capstone_ratings, capstone_ratings_truth, capstone_survey,
                              capstone_survey_truth, load_dataset, make_dataset, servqual_truth)


def test_truth_has_other_weak_dimensions_than_the_main_survey():
    cap = capstone_survey_truth().query("wave == 1").set_index("dimension")["observed_gap"]
    main = servqual_truth().query("wave == 1").set_index("dimension")["observed_gap"]
    assert set(cap.nsmallest(2).index) == {"responsiveness", "empathy"}
    assert set(cap.nsmallest(2).index) != set(main.nsmallest(2).index)
    both = capstone_survey_truth().pivot(index="dimension", columns="wave", values="latent_gap")
    assert (both[1] == both[2]).all()                     # no change between the rounds


def test_published_files_equal_the_generators():
    s, r = load_dataset("capstone_survey"), load_dataset("capstone_ratings")
    pd.testing.assert_frame_equal(s, capstone_survey(), check_dtype=False)
    assert s.shape == (600, 57) and r.shape == (20_000, 7)
    counts = r["window"].value_counts()
    assert [counts[w] for w in ("W21", "W22", "W23", "W24")] == [3, 4, 6, 8]


def test_seed_offset_is_another_draw_with_the_same_truth():
    a, b = make_dataset("capstone_ratings", seed_offset=1), make_dataset("capstone_ratings")
    assert not a.equals(b)
    assert a.attrs["truth"] == b.attrs["truth"]
    t = capstone_ratings_truth()
    assert t.loc[t["p_good"].idxmin(), "window"] == "W05"


def test_parameters_can_be_overridden_and_unknown_ones_fail():
    df = capstone_survey(n=30, seed=1, true_gaps={"tangibles": -1.5})
    gaps = df.attrs["truth"]["latent_gap"]["wave1"]
    assert gaps["tangibles"] == -1.5 and gaps["responsiveness"] == -1.3
    with pytest.raises(HelpersError):
        capstone_ratings(n=100, seed=1, no_such_parameter=1)
