"""Tests of helpers.segments: profiles, choice of k, k-means with a mixture check, descriptions."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import adjusted_rand_score, silhouette_score
from statsmodels.stats.proportion import proportion_confint

from helpers import InputError
from helpers.labels import DIMENSIONS, item_columns
from helpers.segments import (choose_k, expectation_profiles, kmeans_segments,
                              segment_composition, segment_profiles)
from helpers.simulate import load_dataset


def _blobs(k: int, n_per: int = 60, d: int = 5, sep: float = 4.0, seed: int = 0):
    rng = np.random.default_rng(seed)
    centres = rng.normal(0, sep, (k, d))
    x = np.vstack([rng.normal(c, 1.0, (n_per, d)) for c in centres])
    return pd.DataFrame(x, columns=list(DIMENSIONS)[:d]), np.repeat(np.arange(k), n_per)


@pytest.fixture(scope="module")
def survey():
    return load_dataset("servqual_survey")


@pytest.fixture(scope="module")
def profiles(survey):
    return expectation_profiles(survey)


@pytest.mark.parametrize("k", [2, 3, 4])
def test_recovers_a_known_number_of_clusters(k):
    x, truth = _blobs(k, seed=k)
    ck = choose_k(x, k_max=6)
    assert ck.loc[ck.best_silhouette, "k"].item() == k
    assert ck.loc[ck.best_bic, "k"].item() == k
    seg = kmeans_segments(x)
    assert seg.attrs["k"] == k and seg.attrs["k_chosen_by"] == "silhouette"
    assert adjusted_rand_score(truth, seg["segment"]) > 0.95
    assert seg.attrs["adjusted_rand"] > 0.9
    # the mean silhouette is sklearn's
    assert seg.attrs["silhouette"] == pytest.approx(silhouette_score(x, seg["segment"]))


def test_segment_one_is_the_most_demanding():
    x, _ = _blobs(3, seed=7)
    seg = kmeans_segments(x, k=3)
    means = x.mean(axis=1).groupby(seg["segment"]).mean()
    assert means.is_monotonic_decreasing


def test_profiles_are_servqual_dimension_means(survey, profiles):
    raw = expectation_profiles(survey, standardize=False)
    for d in DIMENSIONS:
        from helpers.labels import dimension_items
        cols = [f"E{i}" for i in dimension_items(d)]
        assert np.allclose(raw[d], survey[cols].mean(axis=1))
        assert profiles[d].mean() == pytest.approx(0, abs=1e-12)
        assert profiles[d].std(ddof=0) == pytest.approx(1)
    assert profiles.attrs["standardized"] and not raw.attrs["standardized"]


def test_servqual_expectations_form_a_continuum_not_segments(profiles):
    ck = choose_k(profiles)
    assert ck.loc[ck.best_silhouette, "k"].item() == 2
    assert ck["silhouette"].max() < 0.5                      # weak structure at best
    assert ck.loc[ck.best_bic, "k"].item() == 1              # a mixture prefers one group
    seg = kmeans_segments(profiles)
    assert seg.attrs["silhouette"] == pytest.approx(0.3240, abs=5e-4)    # frozen
    prof = segment_profiles(profiles, seg)
    assert (prof.query("segment == 1")["estimate"] > 0).all()
    assert (prof.query("segment == 2")["estimate"] < 0).all()
    assert prof.groupby("segment")["share"].first().sum() == pytest.approx(1)


def test_profile_intervals_and_raw_means(profiles):
    seg = kmeans_segments(profiles, k=3)
    prof = segment_profiles(profiles, seg)
    from scipy import stats
    row = prof.query("segment == 2 and dimension == 'reliability'").iloc[0]
    v = profiles.loc[seg["segment"] == 2, "reliability"]
    lo, hi = stats.t.interval(0.95, len(v) - 1, loc=v.mean(), scale=stats.sem(v))
    assert (row["ci_low"], row["ci_high"]) == (pytest.approx(lo), pytest.approx(hi))
    raw = row["estimate"] * profiles.attrs["sd"]["reliability"] + \
        profiles.attrs["mean"]["reliability"]
    assert row["raw_mean"] == pytest.approx(raw)


def test_composition_matches_wilson_and_the_truth(survey, profiles):
    seg = kmeans_segments(profiles)
    comp = segment_composition(survey, seg, "channel")
    r = comp.query("segment == 1 and level == '微信/微博等社交媒体'").iloc[0]
    lo, hi = proportion_confint(r["count"], r["n"], method="wilson")
    assert (r["ci_low"], r["ci_high"]) == (pytest.approx(lo), pytest.approx(hi))
    assert comp.groupby("segment")["estimate"].sum().to_numpy() == pytest.approx([1, 1])
    # social media raises expectations in the simulation truth (+0.40): more of them in segment 1
    sm = comp[comp.level == "微信/微博等社交媒体"].set_index("segment")["estimate"]
    assert sm[1] > sm[2]


def test_deterministic_with_a_seed(profiles):
    a = kmeans_segments(profiles, k=3, seed=4)
    b = kmeans_segments(profiles, k=3, seed=4)
    pd.testing.assert_frame_equal(a, b)


@settings(max_examples=10, deadline=None)
@given(st.integers(2, 4), st.integers(0, 1000), st.floats(0.1, 10), st.floats(-5, 5))
def test_invariant_to_rescaling_and_relabelling(k, seed, scale, shift):
    x, _ = _blobs(3, n_per=25, d=3, seed=seed)
    a = kmeans_segments(x, k=k, seed=1)
    b = kmeans_segments(x * scale + shift, k=k, seed=1)
    assert adjusted_rand_score(a["segment"], b["segment"]) == pytest.approx(1)
    assert a["segment"].between(1, k).all() and a["segment"].nunique() == k
    shuffled = x.sample(frac=1, random_state=seed)                # row order: the true k
    c = kmeans_segments(shuffled, k=3, seed=1).loc[x.index]
    assert adjusted_rand_score(kmeans_segments(x, k=3, seed=1)["segment"], c["segment"]) > 0.9


def test_bad_input(survey):
    with pytest.raises(InputError, match="E5"):
        expectation_profiles(survey.assign(E5=survey["E5"].where(survey.index != 3, 9)))
    x, _ = _blobs(2, n_per=5)
    with pytest.raises(InputError, match="k_max"):
        choose_k(x, k_max=20)
    with pytest.raises(InputError, match="k must be"):
        kmeans_segments(x, k=1)
    with pytest.raises(InputError, match=r"'tangibles'.*2"):
        kmeans_segments(x.assign(tangibles=x["tangibles"].where(x.index != 2)), k=2)
    with pytest.raises(InputError, match="missing column"):
        kmeans_segments(x, ["nope"], k=2)
    with pytest.raises(InputError, match="rows without a segment"):
        segment_profiles(x, pd.Series([1] * 3))
    flat = survey[item_columns("E")].copy()
    flat.loc[:, ["E1", "E2", "E3", "E4"]] = 4
    with pytest.raises(InputError, match="without variation"):
        expectation_profiles(flat)
    part = survey.copy()
    part.loc[[0, 1], ["E1", "E2", "E3", "E4"]] = np.nan
    assert list(expectation_profiles(part).attrs["excluded"]["row"]) == [0, 1]
