"""Generator of the simulated 好差评 rating log of a service centre."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd

from helpers._validate import HelpersError
from helpers.labels import RATING_GRADES
from helpers.simulate._common import _rng, merge_params

__all__ = [
    "ratings_log",
    "ratings_truth",
    "ratings_log_parquet",
    "RATINGS_DEFAULTS",
    "DEPARTMENTS",
    "RATING_CHANNELS",
]


DEPARTMENTS: dict[str, list[str]] = {
    "市场监管": ["企业设立登记", "营业执照变更", "食品经营许可"],
    "人社": ["社保参保登记", "失业保险金申领", "社保卡补换"],
    "公安户政": ["户口迁移", "居住证办理", "身份证换领"],
    "不动产登记": ["不动产转移登记", "抵押登记", "不动产权证查询"],
    "医保": ["医保关系转移", "异地就医备案", "医保报销"],
    "公积金": ["公积金提取", "公积金贷款", "缴存基数调整"],
    "税务": ["发票申领", "个税汇算咨询", "税务登记"],
}
"""Departments of the service centre and their service items (simulated)."""

RATING_CHANNELS: dict[str, float] = {"现场": 0.55, "网上": 0.25, "移动端": 0.20}

RATINGS_DEFAULTS: dict = dict(
    n=30_000,
    n_windows=40,
    tiny_windows={"W37": 2, "W38": 3, "W39": 4, "W40": 5},
    start="2025-03-03",
    days=119,
    mean_bad_rate=0.0015,
    bad_rate_logit_sd=0.9,
    mean_basic_rate=0.02,
    very_satisfied_share=0.82,
)
"""Default parameters of :func:`ratings_log`."""


def _window_table(params: dict) -> pd.DataFrame:
    """Per-window department and true grade probabilities (fixed by ``params`` only)."""
    rng = np.random.default_rng(7_301 + params["n_windows"])
    depts = list(DEPARTMENTS)
    k = params["n_windows"]
    windows = [f"W{i:02d}" for i in range(1, k + 1)]
    dept = [depts[i % len(depts)] for i in range(k)]
    logit = lambda p: np.log(p / (1 - p))  # noqa: E731
    bad = 1 / (1 + np.exp(-(logit(params["mean_bad_rate"])
                            + rng.normal(0, params["bad_rate_logit_sd"], k))))
    basic = 1 / (1 + np.exp(-(logit(params["mean_basic_rate"]) + rng.normal(0, 0.5, k))))
    top = 1 - bad - basic
    vs = np.clip(params["very_satisfied_share"] + rng.normal(0, 0.05, k), 0.5, 0.97)
    probs = np.column_stack([top * vs, top * (1 - vs), basic, bad * 0.7, bad * 0.3])
    weight = rng.lognormal(0, 0.5, k)
    tiny = params["tiny_windows"]
    weight[[windows.index(w) for w in tiny]] = 0.0
    tab = pd.DataFrame({"window": windows, "department": dept, "volume_weight": weight / weight.sum()})
    for j, g in enumerate(RATING_GRADES):
        tab[f"p_{g}"] = probs[:, j].round(6)
    tab["p_good"] = (1 - tab[f"p_{RATING_GRADES[3]}"] - tab[f"p_{RATING_GRADES[4]}"]).round(6)
    tab["p_top2"] = (tab[f"p_{RATING_GRADES[0]}"] + tab[f"p_{RATING_GRADES[1]}"]).round(6)
    return tab


def _ratings_params(kwargs: dict) -> dict:
    return merge_params(RATINGS_DEFAULTS, kwargs)


def _ratings_chunk(rng: np.random.Generator, counts: np.ndarray, tab: pd.DataFrame,
                   start: pd.Timestamp, days: int, first_id: int,
                   iso_time: bool = True) -> pd.DataFrame:
    """Ratings for given per-window counts, with times in ``[start, start + days)``."""
    n = int(counts.sum())
    win_idx = np.repeat(np.arange(len(tab)), counts)
    chan_names = list(RATING_CHANNELS)
    chan = rng.choice(len(chan_names), size=n, p=list(RATING_CHANNELS.values()))
    # times: on-site ratings on weekdays 9:00-17:00, online ones any day, mostly daytime
    day_all = np.arange(days)
    weekday = ((start.day_of_week + day_all) % 7) < 5
    workdays = day_all[weekday]
    day = np.where(chan == 0, rng.choice(workdays, size=n), rng.integers(0, days, size=n))
    sec_site = rng.integers(9 * 3600, 17 * 3600, size=n)
    sec_online = np.rint(rng.normal(14 * 3600, 4.5 * 3600, size=n)).astype(np.int64) % 86_400
    sec = np.where(chan == 0, sec_site, sec_online)
    ts = start + pd.to_timedelta(day * 86_400 + sec, unit="s")
    probs = tab[[f"p_{g}" for g in RATING_GRADES]].to_numpy()
    cum = np.cumsum(probs, axis=1)
    cum[:, -1] = 1.0
    grade_idx = (rng.random(n)[:, None] > cum[win_idx]).sum(axis=1)
    depts = tab["department"].to_numpy()[win_idx]
    items_pick = rng.integers(0, 3, size=n)
    dept_names = list(DEPARTMENTS)
    lookup = np.array([DEPARTMENTS[d] for d in dept_names], dtype=object)   # (7, 3)
    dept_code = pd.Categorical(depts, categories=dept_names).codes
    service = lookup[dept_code, items_pick]
    df = pd.DataFrame({
        "time": ts,
        "window": tab["window"].to_numpy()[win_idx],
        "department": depts,
        "service_item": service,
        "channel": np.array(chan_names, dtype=object)[chan],
        "grade": np.array(RATING_GRADES, dtype=object)[grade_idx],
    })
    df = df.sort_values(["time", "window"], kind="stable").reset_index(drop=True)
    df.insert(0, "rating_id", [f"H{first_id + i:08d}" for i in range(n)])
    if iso_time:
        df["time"] = df["time"].dt.strftime("%Y-%m-%dT%H:%M:%S")
    for c in ("rating_id", "window", "department", "service_item", "channel", "grade"):
        df[c] = df[c].astype("str")
    return df


def ratings_log(n: int = 30_000, seed: int | np.random.Generator | None = 2025,
                **params) -> pd.DataFrame:
    """Simulate a 好差评 rating log of a service centre (one row per rating).

    Parameters
    ----------
    n : int
        Total number of ratings (the tiny windows included).
    seed : int or numpy.random.Generator
        Seed of the random number generator (the window table is fixed by the parameters).
    **params
        Keys of :data:`RATINGS_DEFAULTS`: ``n_windows`` (windows W01…), ``tiny_windows``
        ({window: exact number of ratings}, windows with very few ratings), ``start``, ``days``,
        ``mean_bad_rate`` (typical 差评 share, 不满意 + 非常不满意), ``bad_rate_logit_sd``
        (spread of the 差评 rate between windows on the logit scale), ``mean_basic_rate``
        (基本满意 share), ``very_satisfied_share`` (share of 非常满意 among the top two grades).

    Returns
    -------
    pandas.DataFrame
        Columns ``rating_id, time, window, department, service_item, channel, grade``; ``time``
        is an ISO 8601 string (``load_dataset`` parses it). ``attrs["truth"]`` holds the true
        grade probabilities per window (see :func:`ratings_truth`).

    Notes
    -----
    Each window *w* has true grade probabilities; a rating's grade is a categorical draw from
    them. The 差评 rate of a window is ``logistic(logit(mean_bad_rate) + N(0, sd))``, so most
    windows have a good-rating rate (1 − 差评 rate) of 99–100 %: the ceiling effect of the
    reported local rates (99.83 %, 99.99 %; domain brief §7.1). Grades are the five levels of
    the 好差评 system (§7.1).

    Examples
    --------
    >>> df = ratings_log(n=500, seed=1)
    >>> df.shape
    (500, 7)
    >>> int((df["window"] == "W37").sum())
    2
    """
    p = _ratings_params(params)
    tab = _window_table(p)
    rng = _rng(seed)
    tiny = p["tiny_windows"]
    n_rest = int(n) - sum(tiny.values())
    if n_rest < 0:
        raise HelpersError(f"n 太小 (n must be at least {sum(tiny.values())})")
    counts = rng.multinomial(n_rest, tab["volume_weight"].to_numpy())
    for w, c in tiny.items():
        counts[tab.index[tab["window"] == w][0]] = c
    df = _ratings_chunk(rng, counts, tab, pd.Timestamp(p["start"]), p["days"], 1)
    df.attrs["truth"] = {"windows": tab.drop(columns="volume_weight").set_index("window")
                         .to_dict(orient="index"),
                         "overall_p_good_expected": round(float(
                             (tab["volume_weight"] * tab["p_good"]).sum()), 6)}
    df.attrs["params"] = {"n": int(n), "seed": seed if isinstance(seed, int) else None}
    return df


def ratings_truth(**params) -> pd.DataFrame:
    """True per-window grade probabilities of :func:`ratings_log`.

    Parameters
    ----------
    **params
        Keys of :data:`RATINGS_DEFAULTS`, as passed to :func:`ratings_log` (``n`` is ignored;
        unknown keys raise :class:`~helpers.HelpersError`).

    Returns
    -------
    pandas.DataFrame
        One row per window (``n_windows`` rows, W01 …), never NaN, probabilities rounded to 6
        decimals:

        - ``window``, ``department``
        - ``volume_weight`` : the window's share of the non-tiny volume (0 for the tiny
          windows, whose counts are fixed)
        - ``p_非常满意``, ``p_满意``, ``p_基本满意``, ``p_不满意``, ``p_非常不满意`` : the true
          grade probabilities (summing to 1)
        - ``p_good`` : 1 − 差评 rate (差评 = 不满意 + 非常不满意)
        - ``p_top2`` : 非常满意 + 满意

    Notes
    -----
    The window table depends on the parameters only (its own fixed seed ``7301 + n_windows``),
    not on the seed of :func:`ratings_log`: the 差评 rate of a window is
    ``logistic(logit(mean_bad_rate) + N(0, bad_rate_logit_sd))``, split 70/30 between 不满意
    and 非常不满意; 基本满意 likewise around ``mean_basic_rate``; the rest goes to the top two
    grades, with ``very_satisfied_share`` (± noise) of it to 非常满意. The grades are those of
    the 好差评 system (国办发〔2019〕51号; domain brief §7.1); the rates are illustrative.

    Validated against: the observed top-two shares of the big windows of the published log
    (within 4 standard errors) — tests/test_simulate.py.

    Examples
    --------
    >>> t = ratings_truth()
    >>> t.shape
    (40, 10)
    >>> bool(t["p_good"].min() > 0.9)
    True
    """
    params.pop("n", None)
    return _window_table(_ratings_params(params))


def ratings_log_parquet(path: str | os.PathLike, n: int = 10_000_000,
                        seed: int | None = 2025, chunk_rows: int = 1_000_000,
                        **params) -> Path:
    """Write a large 好差评 log to one Parquet file, chunk by chunk (for DuckDB benchmarks).

    Parameters
    ----------
    path : str or path-like
        The Parquet file to write (its folder is created; an existing file is replaced). Write
        it outside the repository, e.g. ``/tmp/ratings.parquet``.
    n : int, default 10_000_000
        Total number of ratings.
    seed : int, optional, default 2025
        Root seed; chunk k uses the k-th child of ``numpy.random.SeedSequence(seed)``.
    chunk_rows : int, default 1_000_000
        Ratings generated and written per chunk (one Parquet row group each).
    **params
        Keys of :data:`RATINGS_DEFAULTS`, as for :func:`ratings_log`.

    Returns
    -------
    pathlib.Path
        ``path``. The file has the columns of :func:`ratings_log`, with ``time`` a timestamp in
        seconds (not a string), zstd-compressed, ordered by time.

    Notes
    -----
    At most ``chunk_rows`` rows are in memory at a time; each chunk covers the next slice of the
    period (so the file is ordered by time) and uses its own child seed of ``seed``. The window
    table is the same as :func:`ratings_log` with the same parameters (tiny windows get no
    special treatment here: they get a small weight of 1e-5 instead of fixed counts), so
    :func:`ratings_truth` is the truth of this file too, but the rows differ from
    :func:`ratings_log` with the same seed.

    Examples
    --------
    >>> import tempfile, pyarrow.parquet as pq
    >>> f = ratings_log_parquet(tempfile.mkdtemp() + "/r.parquet", n=2_500, chunk_rows=1_000)
    >>> pq.ParquetFile(f).metadata.num_rows
    2500
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    p = _ratings_params(params)
    tab = _window_table(p)
    weights = tab["volume_weight"].to_numpy().copy()
    weights[weights == 0] = 1e-5
    weights /= weights.sum()
    n = int(n)
    n_chunks = max(1, -(-n // int(chunk_rows)))
    children = np.random.SeedSequence(seed).spawn(n_chunks)
    start = pd.Timestamp(p["start"])
    days_total = int(p["days"])
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    writer = None
    schema = pa.schema([(c, pa.string()) for c in
                        ("rating_id", "window", "department", "service_item", "channel", "grade")])
    schema = schema.insert(1, pa.field("time", pa.timestamp("s")))
    done = 0
    try:
        for k in range(n_chunks):
            rows = min(int(chunk_rows), n - done)
            rng = np.random.default_rng(children[k])
            d0 = (k * days_total) // n_chunks
            d1 = max(d0 + 1, ((k + 1) * days_total) // n_chunks)
            counts = rng.multinomial(rows, weights)
            df = _ratings_chunk(rng, counts, tab, start + pd.Timedelta(days=d0), d1 - d0,
                                done + 1, iso_time=False)
            df["time"] = df["time"].astype("datetime64[s]")
            table = pa.Table.from_pandas(df, schema=schema, preserve_index=False)
            if writer is None:
                writer = pq.ParquetWriter(path, schema, compression="zstd")
            writer.write_table(table)
            done += rows
            del df, table
    finally:
        if writer is not None:
            writer.close()
    return path
