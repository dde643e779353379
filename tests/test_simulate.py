"""Tests of helpers.simulate: determinism, schema, and recovery of the known parameters."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from helpers import HelpersError
from helpers import simulate as sim
from helpers.labels import DIMENSIONS, RATING_GRADES, item_columns
from helpers.privacy import is_valid_id, mask_series
from helpers.simulate.servqual import _dimension_gaps

GENERATORS = {
    "servqual": lambda seed: sim.servqual_survey(n=80, seed=seed),
    "ratings": lambda seed: sim.ratings_log(n=800, seed=seed),
    "hotline": lambda seed: sim.hotline_tickets(n=150, seed=seed),
    "epidemic": lambda seed: sim.epidemic_timeline(seed=seed),
    "kano": lambda seed: sim.kano_survey(n=40, seed=seed),
    "ipa": lambda seed: sim.ipa_survey(n=40, seed=seed),
}


@pytest.mark.parametrize("name", list(GENERATORS))
def test_deterministic_for_a_seed(name):
    make = GENERATORS[name]
    a, b, c = make(7), make(7), make(8)
    pd.testing.assert_frame_equal(a, b)
    assert not a.equals(c)
    assert a.attrs["truth"]


# ----------------------------------------------------------------------------- SERVQUAL

def test_servqual_schema():
    df = sim.servqual_survey(n=100, seed=1)
    expected = (["respondent_id", "wave", "channel", "region", "age_group", "visits"]
                + item_columns("E") + item_columns("P")
                + [f"imp_{d}" for d in DIMENSIONS] + ["satisfaction", "trust"])
    assert list(df.columns) == expected
    assert df["respondent_id"].is_unique and df["respondent_id"].iloc[0] == "R0001"
    assert set(df["wave"]) == {1, 2} and (df["wave"].value_counts() == 100).all()
    likert = df[item_columns("E") + item_columns("P") + ["satisfaction", "trust"]]
    assert likert.min().min() >= 1 and likert.max().max() <= 7
    assert (df.filter(like="imp_").sum(axis=1) == 100).all()
    assert set(df["channel"]) <= set(sim.SERVQUAL_CHANNELS)
    assert set(df["age_group"]) <= set(sim.AGE_GROUPS)
    assert (df["visits"] >= 0).all()
    # nobody heard of the service "through past experience" without a past visit
    assert not ((df["channel"] == "以往办事经历") & (df["visits"] == 0)).any()


def test_servqual_truth_shape_and_story():
    t = sim.servqual_truth().set_index(["wave", "dimension"])
    w1 = t.loc[1, "observed_gap"]
    assert (w1 < 0).all()
    assert w1.idxmin() == "reliability"                          # largest shortfall
    improved = t.loc[2, "observed_gap"] - w1
    assert improved["responsiveness"] > 0.4 and improved["reliability"] > 0.3
    assert abs(improved["tangibles"]) < 0.02
    # clipping moves the observed gap only a little from the latent one
    assert (t["observed_gap"] - t["latent_gap"]).abs().max() < 0.06
    imp = t.loc[1, "importance_points"]
    assert imp.idxmax() == "reliability" and abs(imp.sum() - 100) < 0.1


def test_servqual_gaps_recovered_by_t_intervals():
    """95% t-intervals of per-respondent dimension gaps cover the truth in >= 90% of cases."""
    truth = sim.servqual_truth().set_index(["wave", "dimension"])["observed_gap"]
    covered, total = 0, 0
    for seed in range(20):
        df = sim.servqual_survey(n=250, seed=seed)
        gaps = _dimension_gaps(df)
        for w in (1, 2):
            g = gaps[df["wave"] == w]
            for d in DIMENSIONS:
                x = g[d].to_numpy()
                half = stats.t.ppf(0.975, len(x) - 1) * x.std(ddof=1) / np.sqrt(len(x))
                covered += abs(x.mean() - truth[(w, d)]) <= half
                total += 1
    assert covered / total >= 0.90


def test_servqual_expectation_effects_visible():
    df = sim.servqual_survey(n=2_000, seed=3)
    e = df[item_columns("E")].mean(axis=1)
    by_channel = e.groupby(df["channel"]).mean()
    assert by_channel.idxmax() == "微信/微博等社交媒体"
    assert by_channel["微信/微博等社交媒体"] - by_channel["电视/报纸"] > 0.25
    by_region = e.groupby(df["region"]).mean()
    assert by_region["新区"] - by_region["乡镇"] > 0.4
    assert np.corrcoef(np.minimum(df["visits"], 6), e)[0, 1] > 0.1


def test_servqual_satisfaction_model_recovered():
    df = sim.servqual_survey(n=3_000, seed=4)
    e_bar = df[item_columns("E")].mean(axis=1)
    d_bar = (df[item_columns("P")].to_numpy() - df[item_columns("E")].to_numpy()).mean(axis=1)
    x = np.column_stack([np.ones(len(df)), e_bar, d_bar])
    coef, *_ = np.linalg.lstsq(x, df["satisfaction"].to_numpy(float), rcond=None)
    ols = df.attrs["truth"]["satisfaction_ols"]
    assert abs(coef[2] - ols["beta_d"]) < 0.06 and abs(coef[1] - ols["beta_e"]) < 0.08
    assert abs(ols["beta_d"] - df.attrs["truth"]["satisfaction_model"]["beta_d"]) < 0.1


def test_servqual_custom_gaps_and_unknown_parameter():
    df = sim.servqual_survey(n=50, seed=1, true_gaps={"reliability": -0.3})
    assert df.attrs["truth"]["latent_gap"]["wave1"]["reliability"] == -0.3
    assert df.attrs["truth"]["latent_gap"]["wave1"]["tangibles"] == -0.5
    with pytest.raises(HelpersError):
        sim.servqual_survey(n=10, true_gap={"reliability": 0})


# ----------------------------------------------------------------------------- ratings

def test_ratings_ceiling_tiny_windows_and_truth():
    df = sim.ratings_log()
    truth = sim.ratings_truth().set_index("window")
    assert set(df["grade"]) <= set(RATING_GRADES)
    good = ~df["grade"].isin(["不满意", "非常不满意"])
    assert good.mean() > 0.99                                   # ceiling effect
    assert df["grade"].isin(["非常满意", "满意"]).mean() > 0.9
    counts = df["window"].value_counts()
    assert [counts[w] for w in ("W37", "W38", "W39", "W40")] == [2, 3, 4, 5]
    # big windows: observed top-2 share within 4 standard errors of the truth
    top2 = df["grade"].isin(["非常满意", "满意"]).groupby(df["window"]).mean()
    big = counts[counts > 500].index
    p = truth.loc[big, "p_top2"]
    se = np.sqrt(p * (1 - p) / counts[big])
    assert ((top2[big] - p).abs() < 4 * se).all()
    assert df["rating_id"].is_unique
    t = pd.to_datetime(df["time"])
    assert t.is_monotonic_increasing
    site = df["channel"] == "现场"
    assert (t[site].dt.day_of_week < 5).all() and t[site].dt.hour.between(9, 16).all()


def test_ratings_parquet_in_chunks(tmp_path):
    import pyarrow.parquet as pq

    f = sim.ratings_log_parquet(tmp_path / "r.parquet", n=5_500, seed=1, chunk_rows=2_000)
    pf = pq.ParquetFile(f)
    assert pf.metadata.num_rows == 5_500 and pf.metadata.num_row_groups == 3
    df = pf.read().to_pandas()
    assert df["rating_id"].is_unique and df["time"].is_monotonic_increasing
    assert set(df["grade"]) <= set(RATING_GRADES)


# ----------------------------------------------------------------------------- hotline

def test_hotline_order_masking_and_truth():
    raw = sim.hotline_tickets(n=1_500, seed=5, masked=False)
    masked = sim.hotline_tickets(n=1_500, seed=5)
    times = [pd.to_datetime(masked[c]) for c in ("received", "dispatched", "responded",
                                                 "closed")]
    for a, b in zip(times, times[1:]):
        seen = a.notna() & b.notna()                       # open tickets: not yet responded/closed
        assert (b[seen] >= a[seen]).all()
    assert (times[3].isna() == (masked["status"] == "办理中")).all()
    assert "text" not in masked.columns and "text_masked" in masked.columns
    m, found = mask_series(raw["text"])
    assert masked["text_masked"].tolist() == m.tolist()
    assert {"mobile", "id_card"} <= set(found["kind"])
    ids = raw["text"].str.extractall(r"(?<![0-9])([0-9]{17}[0-9X])(?![0-9])")[0]
    assert len(ids) > 50 and ids.map(is_valid_id).all()        # fake but valid in form
    assert not masked["text_masked"].str.contains(r"(?<![0-9])1[3-9][0-9]{9}(?![0-9])").any()
    reached = masked["satisfied"].notna().mean()
    assert abs(reached - masked.attrs["truth"]["reach_rate"]) < 0.04
    assert masked["satisfied"].dtype == "Int8"


def test_hotline_satisfaction_model_recovered():
    import statsmodels.api as smapi

    df = sim.hotline_tickets(n=4_000, seed=12345)
    d = df.dropna(subset=["satisfied"]).copy()
    hours = (pd.to_datetime(d["closed"]) - pd.to_datetime(d["received"])).dt.total_seconds()
    d["overdue"] = (hours / 3600 > d["deadline_hours"]).astype(int)
    x = smapi.add_constant(d[["resolved", "transfers", "overdue"]].astype(float))
    fit = smapi.Logit(d["satisfied"].astype(float), x).fit(disp=0)
    truth = df.attrs["truth"]["satisfaction_logit"]
    for k in ("resolved", "transfers", "overdue"):
        lo, hi = fit.conf_int(alpha=0.001).loc[k]
        assert lo <= truth[k] <= hi, k


# ----------------------------------------------------------------------------- epidemic

def test_epidemic_effects_recovered():
    """Known baseline as offset: the extra calls of each event are excess_rate·(lag + decay)."""
    p = sim.EPIDEMIC_DEFAULTS
    est = []
    for seed in range(10):
        d, r = sim.epidemic_timeline(seed=seed), sim.epidemic_releases(seed=seed)
        truth = sim.epidemic_event_truth(r, days=6)
        total = truth.groupby("release_id", sort=False)["expected_extra_calls"].sum()
        np.testing.assert_allclose(total, p["excess_rate"] * (r["lag_hours"].to_numpy()
                                                              + p["decay_regular"]), rtol=0.02)
        est.append(np.polyfit(r["lag_hours"], total.to_numpy(), 1)[0])
        # anxious calls among all calls; routine briefings lower the share
        share = d["anxious_calls"] / d["hotline_calls"]
        assert share[d["routine_briefing"] == 1].mean() < share[d["routine_briefing"] == 0].mean()
    t = sim.epidemic_truth().set_index("effect")["value"]
    assert abs(np.mean(est) - t["lag_effect"]) < 3
    r = sim.epidemic_releases()
    before = r.loc[r["regime"] == "不定期发布", "lag_hours"].mean()
    after = r.loc[r["regime"] == "例行发布", "lag_hours"].mean()
    assert before > 8 and after < 4.5                        # inside the golden four hours
    from helpers.simulate.epidemic import RELEASE_CONTENT_TYPES
    assert set(r["content_type"]) <= set(RELEASE_CONTENT_TYPES)
    a, b = sim.epidemic_timeline(seed=7), sim.epidemic_releases(seed=7)
    assert (pd.to_datetime(b["event_time"]).dt.normalize().isin(pd.to_datetime(a["date"]))).all()


# ----------------------------------------------------------------------------- Kano

def test_kano_mix_recovered():
    df = sim.kano_survey(n=2_000, seed=2)
    ans = {a: i for i, a in enumerate(sim.KANO_ANSWERS)}
    cat = [sim.KANO_TABLE[ans[f]][ans[d]] for f, d in zip(df["functional"], df["dysfunctional"])]
    shares = pd.crosstab(df["feature"], pd.Series(cat, name="cat"), normalize="index")
    truth = sim.kano_truth().set_index("feature")
    for c in "AOMI":
        assert (shares[c] - truth.loc[shares.index, c]).abs().max() < 0.04
    assert (shares.idxmax(axis=1) == truth.loc[shares.index, "category"]).all()
    assert set(df["functional"]) == set(sim.KANO_ANSWERS)


# ----------------------------------------------------------------------------- IPA

def test_ipa_derived_importance_recovered():
    df = sim.ipa_survey(n=3_000, seed=9)
    wide = df.pivot(index="respondent_id", columns="attribute", values="performance")
    y = df.groupby("respondent_id")["overall_satisfaction"].first().loc[wide.index]
    x = np.column_stack([np.ones(len(wide)), wide.to_numpy(float)])
    coef = pd.Series(np.linalg.lstsq(x, y.to_numpy(float), rcond=None)[0][1:], wide.columns)
    truth = sim.ipa_truth().set_index("attribute")
    assert (coef - truth.loc[coef.index, "weight"]).abs().max() < 0.05
    stated = df.groupby("attribute")["importance"].mean()
    assert (stated - truth.loc[stated.index, "stated_importance_observed"]).abs().max() < 0.06
    # stated importance bunches near the top, and does not rank like the derived weights
    assert stated.min() > 5
    assert truth.loc["大厅环境设施", "weight"] == 0 and stated["大厅环境设施"] > 5.5


# ----------------------------------------------------------------------------- loading

def test_load_dataset_dtypes_and_env(monkeypatch, tmp_path):
    df = sim.load_dataset("servqual_survey")
    pd.testing.assert_frame_equal(df, sim.servqual_survey(), check_dtype=True)
    assert isinstance(df.attrs["truth"], list) and len(df.attrs["truth"]) == 10
    t = sim.load_dataset("hotline_tickets")
    assert pd.api.types.is_datetime64_any_dtype(t["closed"]) and t["satisfied"].dtype == "Int8"
    r = sim.load_dataset("ratings_log.csv")
    assert pd.api.types.is_datetime64_any_dtype(r["time"])
    sim.write_datasets(tmp_path, ["epidemic_timeline"])
    monkeypatch.setenv("HELPERS_DATASETS", str(tmp_path))
    assert sim.datasets_dir() == tmp_path
    e = sim.load_dataset("epidemic_timeline")
    assert pd.api.types.is_datetime64_any_dtype(e["date"]) and len(e) == 240
    with pytest.raises(HelpersError, match="unknown dataset"):
        sim.load_dataset("nope")


# --- seeds for robustness checks (python -m helpers.simulate --seed-offset K) ---------------------

SMALL = ["epidemic_timeline", "kano_survey", "ipa_survey", "servqual_survey"]


def test_seed_offset_zero_writes_the_published_files(tmp_path):
    from pathlib import Path

    published = Path(__file__).resolve().parent.parent / "datasets"
    sim.write_datasets(tmp_path, SMALL, seed_offset=0)
    for name in SMALL:
        f = sim.DATASETS[name]["file"]
        assert (tmp_path / f).read_bytes() == (published / f).read_bytes(), f


@pytest.mark.parametrize("name", SMALL)
def test_seed_offset_gives_another_reproducible_draw(name):
    base = sim.make_dataset(name)
    one = sim.make_dataset(name, seed_offset=1)
    again = sim.make_dataset(name, seed_offset=1)
    two = sim.make_dataset(name, seed_offset=2)
    pd.testing.assert_frame_equal(one, again)
    assert one.shape == base.shape and list(one.columns) == list(base.columns)
    assert list(one.dtypes) == list(base.dtypes)
    assert not one.equals(base) and not one.equals(two)
    assert one.attrs["truth"] == base.attrs["truth"]     # same parameters, same truth


def test_seed_offset_cli_and_loading_through_env(tmp_path, monkeypatch):
    assert sim.main(["--out", str(tmp_path), "--only", "kano_survey", "--seed-offset", "3"]) == 0
    monkeypatch.setenv("HELPERS_DATASETS", str(tmp_path))
    assert sim.datasets_dir() == tmp_path
    loaded = sim.load_dataset("kano_survey")
    expected = sim.make_dataset("kano_survey", seed_offset=3)
    assert loaded.shape == expected.shape
    assert (loaded["respondent_id"].to_numpy() == expected["respondent_id"].astype(str).to_numpy()).all()
    with pytest.raises(HelpersError):
        sim.offset_seed(2024, -1)
