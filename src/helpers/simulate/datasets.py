"""Generator of the simulated registry of the published datasets, writing, loading and the command line."""

from __future__ import annotations

import argparse
import inspect
import json
import os
from pathlib import Path

import numpy as np
import pandas as pd

from helpers._validate import HelpersError
from helpers.simulate.capstone import (capstone_ratings, capstone_ratings_truth, capstone_survey,
                                       capstone_survey_truth)
from helpers.simulate.complaints import complaint_followups, complaint_followups_truth
from helpers.simulate.etiquette import mystery_shopper, mystery_shopper_truth
from helpers.simulate.crisis import crisis_timeline, crisis_timeline_truth
from helpers.simulate.epidemic import epidemic_releases, epidemic_timeline, epidemic_truth
from helpers.simulate.expectations_survey import citizen_expectations, citizen_expectations_truth
from helpers.simulate.feedback import rating_followups, rating_followups_truth
from helpers.simulate.hotline import (hotline_tickets, hotline_truth, ticket_transfers,
                                      ticket_transfers_truth)
from helpers.simulate.ipa import ipa_survey, ipa_truth
from helpers.simulate.kano import kano_survey, kano_truth
from helpers.simulate.ratings import ratings_log, ratings_truth
from helpers.simulate.servqual import servqual_survey, servqual_truth
from helpers.simulate.window_monthly import window_monthly, window_monthly_truth

__all__ = [
    "DATASETS",
    "make_dataset",
    "offset_seed",
    "write_datasets",
    "datasets_dir",
    "load_dataset",
    "main",
]


DATASETS: dict[str, dict] = {
    "servqual_survey": {"file": "servqual_survey.csv", "make": lambda: servqual_survey(),
                        "generator": servqual_survey, "dates": [],
                        "truth": lambda: servqual_truth()},
    "ratings_log": {"file": "ratings_log.csv", "make": lambda: ratings_log(),
                    "generator": ratings_log, "dates": ["time"], "truth": lambda: ratings_truth()},
    "hotline_tickets": {"file": "hotline_tickets.csv", "make": lambda: hotline_tickets(),
                        "generator": hotline_tickets,
                        "dates": ["received", "dispatched", "responded", "closed"],
                        "truth": lambda: hotline_truth()},
    "ticket_transfers": {"file": "ticket_transfers.csv", "make": lambda: ticket_transfers(),
                         "generator": ticket_transfers, "dates": ["time"],
                         "truth": lambda: ticket_transfers_truth()},
    "epidemic_timeline": {"file": "epidemic_timeline.csv", "make": lambda: epidemic_timeline(),
                          "generator": epidemic_timeline, "dates": ["date"],
                          "truth": lambda: epidemic_truth()},
    "epidemic_releases": {"file": "epidemic_releases.csv", "make": lambda: epidemic_releases(),
                          "generator": epidemic_releases, "dates": ["event_time", "release_time"],
                          "truth": lambda: epidemic_truth()},
    "kano_survey": {"file": "kano_survey.csv", "make": lambda: kano_survey(),
                    "generator": kano_survey, "dates": [], "truth": lambda: kano_truth()},
    "ipa_survey": {"file": "ipa_survey.csv", "make": lambda: ipa_survey(),
                   "generator": ipa_survey, "dates": [], "truth": lambda: ipa_truth()},
    "rating_followups": {"file": "rating_followups.csv", "make": lambda: rating_followups(),
                         "generator": rating_followups, "dates": [],
                         "truth": lambda: rating_followups_truth()},
    "citizen_expectations": {"file": "citizen_expectations.csv",
                             "make": lambda: citizen_expectations(),
                             "generator": citizen_expectations, "dates": [],
                             "truth": lambda: citizen_expectations_truth()},
    "window_monthly": {"file": "window_monthly.csv", "make": lambda: window_monthly(),
                       "generator": window_monthly, "dates": [],
                       "truth": lambda: window_monthly_truth()},
    "capstone_survey": {"file": "capstone_survey.csv", "make": lambda: capstone_survey(),
                        "generator": capstone_survey, "dates": [],
                        "truth": lambda: capstone_survey_truth()},
    "capstone_ratings": {"file": "capstone_ratings.csv", "make": lambda: capstone_ratings(),
                         "generator": capstone_ratings, "dates": ["time"],
                         "truth": lambda: capstone_ratings_truth()},
    "complaint_followups": {"file": "complaint_followups.csv",
                            "make": lambda: complaint_followups(),
                            "generator": complaint_followups, "dates": [],
                            "truth": lambda: complaint_followups_truth()},
    "mystery_shopper": {"file": "mystery_shopper.csv", "make": lambda: mystery_shopper(),
                        "generator": mystery_shopper, "dates": [],
                        "truth": lambda: mystery_shopper_truth()},
    "crisis_timeline": {"file": "crisis_timeline.csv", "make": lambda: crisis_timeline(),
                        "generator": crisis_timeline, "dates": ["time"],
                        "truth": lambda: crisis_timeline_truth()},
}
"""Dataset name → file name, generator call with the published defaults (``make``), the generator
itself (``generator``, whose default ``seed`` is the published one), datetime columns, truth."""

_DTYPES: dict[str, dict] = {
    "servqual_survey": {"respondent_id": "str", "channel": "str", "region": "str",
                        "age_group": "str"},
    "ratings_log": {c: "str" for c in ("rating_id", "window", "department", "service_item",
                                       "channel", "grade")},
    "hotline_tickets": {"ticket_id": "str", "status": "str", "category": "str", "topic": "str",
                        "first_department": "str", "department": "str", "resolved": "Int8",
                        "satisfied": "Int8", "text_masked": "str"},
    "ticket_transfers": {"ticket_id": "str", "from_department": "str", "to_department": "str"},
    "kano_survey": {c: "str" for c in ("respondent_id", "feature", "functional",
                                       "dysfunctional")},
    "ipa_survey": {"respondent_id": "str", "attribute": "str"},
    "epidemic_releases": {c: "str" for c in ("release_id", "content_type", "kind", "regime")},
    "rating_followups": {**{c: "str" for c in ("rating_id", "window", "department", "grade",
                                               "next_grade")},
                         "rectification_days": "Int64"},
    "citizen_expectations": {"respondent_id": "str", "service_item": "str"},
    "window_monthly": {c: "str" for c in ("month", "window", "department")},
    "capstone_survey": {"respondent_id": "str", "channel": "str", "region": "str",
                        "age_group": "str"},
    "capstone_ratings": {c: "str" for c in ("rating_id", "window", "department", "service_item",
                                            "channel", "grade")},
    "complaint_followups": {"respondent_id": "str", "group": "str", "group_zh": "str",
                            "resolution_days": "Int64"},
    "mystery_shopper": {c: "str" for c in ("visit_id", "window", "rater", "section", "item",
                                           "item_zh")},
    "crisis_timeline": {"statement_type": "str"},
}


def _to_csv_bytes(df: pd.DataFrame) -> bytes:
    return df.to_csv(index=False, lineterminator="\n").encode("utf-8")


def offset_seed(seed: int, seed_offset: int) -> int:
    """The seed of draw number ``seed_offset`` of a generator whose published seed is ``seed``.

    Parameters
    ----------
    seed : int
        The published seed of the generator (e.g. 2024 for :func:`servqual_survey`).
    seed_offset : int
        Draw number K ≥ 0; 0 is the published draw.

    Returns
    -------
    int
        ``seed`` itself for K = 0; otherwise a seed in [0, 2⁶⁴).

    Notes
    -----
    Offset 0 is the published seed itself; offset K ≥ 1 is the first 64-bit word of
    ``numpy.random.SeedSequence([seed, K]).generate_state(1, numpy.uint64)``: reproducible, and
    independent of the other offsets. A negative offset raises :class:`~helpers.HelpersError`.

    Examples
    --------
    >>> offset_seed(2024, 0)
    2024
    >>> offset_seed(2024, 1) == offset_seed(2024, 1) != offset_seed(2024, 2)
    True
    """
    seed_offset = int(seed_offset)
    if seed_offset < 0:
        raise HelpersError(f"seed_offset 必须 ≥ 0 (seed_offset must be >= 0, got {seed_offset})")
    if seed_offset == 0:
        return int(seed)
    state = np.random.SeedSequence([int(seed), seed_offset]).generate_state(1, np.uint64)
    return int(state[0])


def make_dataset(name: str, *, seed_offset: int = 0) -> pd.DataFrame:
    """Generate one dataset of :data:`DATASETS` with the published parameters.

    Parameters
    ----------
    name : str
        A key of :data:`DATASETS`, e.g. ``"servqual_survey"``.
    seed_offset : int, default 0
        0: the published data; K ≥ 1: draw K (see Notes).

    Returns
    -------
    pandas.DataFrame
        The generator's frame (columns as documented by the generator, e.g.
        :func:`epidemic_timeline`), with ``attrs["truth"]`` and ``attrs["params"]``. For
        ``seed_offset=0`` it equals the published CSV in ``datasets/``.

    Notes
    -----
    ``seed_offset=0`` gives the published data; ``K ≥ 1`` another reproducible draw (seed
    :func:`offset_seed` of the generator's published seed and ``K``), with the same parameters and
    therefore the same truth. A generator built on another dataset names that dataset's seed in a
    ``*_seed`` parameter (``rating_followups(ratings_seed=2025)``); it is offset the same way, so
    draw K of the derived dataset belongs to draw K of its parent. An unknown name raises
    :class:`~helpers.HelpersError` listing the available ones.

    Examples
    --------
    >>> make_dataset("epidemic_timeline").shape
    (240, 5)
    >>> a, b = make_dataset("epidemic_timeline", seed_offset=1), make_dataset("epidemic_timeline")
    >>> a.shape == b.shape, a.equals(b)
    (True, False)
    """
    if name not in DATASETS:
        raise HelpersError(f"未知数据集 {name!r} (unknown dataset {name!r}; "
                           f"available: {', '.join(DATASETS)})")
    spec = DATASETS[name]
    if not seed_offset:
        return spec["make"]()
    generator = spec["generator"]
    seeds = {key: offset_seed(param.default, seed_offset)
             for key, param in inspect.signature(generator).parameters.items()
             if key == "seed" or key.endswith("_seed")}
    return generator(**seeds)


def write_datasets(out: str | os.PathLike, names: list[str] | None = None, *,
                   seed_offset: int = 0) -> dict[str, int]:
    """Write the datasets as UTF-8 CSV into ``out``; return {file name: bytes}.

    Parameters
    ----------
    out : str or path-like
        Output folder; created (with its parents) if missing. Existing files are overwritten.
    names : list of str, optional
        Keys of :data:`DATASETS` to write; default: all of them.
    seed_offset : int, default 0
        0: the published datasets; K ≥ 1: draw K of every generator (see :func:`make_dataset`).

    Returns
    -------
    dict of str to int
        File name (e.g. ``"epidemic_timeline.csv"``) → number of bytes written, in the order of
        ``names``.

    Notes
    -----
    The output is byte-for-byte reproducible: fixed seeds, fixed column order, ``\\n`` line ends,
    no index column. ``seed_offset=0`` writes the published datasets (identical to
    ``datasets/``); ``K ≥ 1`` writes draw K of every generator (same parameters and truth, other
    random numbers), for robustness checks: read them back by pointing ``HELPERS_DATASETS`` at
    ``out`` (see :func:`datasets_dir`). The truth is not written (it is recomputed on loading).

    Validated against: the committed ``datasets/`` files, byte for byte — tests/test_simulate.py
    and tests/test_datasets.py.

    Examples
    --------
    >>> import tempfile
    >>> sizes = write_datasets(tempfile.mkdtemp(), ["epidemic_timeline"])
    >>> list(sizes)
    ['epidemic_timeline.csv']
    """
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    sizes = {}
    for name in names or list(DATASETS):
        spec = DATASETS[name]
        payload = _to_csv_bytes(make_dataset(name, seed_offset=seed_offset))
        (out / spec["file"]).write_bytes(payload)
        sizes[spec["file"]] = len(payload)
    return sizes


def datasets_dir() -> Path:
    """Find the ``datasets/`` folder.

    Parameters
    ----------
    None
        The search reads the environment variable ``HELPERS_DATASETS`` and the current
        directory.

    Returns
    -------
    pathlib.Path
        The first candidate folder that exists and holds at least one ``*.csv`` file.

    Notes
    -----
    Order: the environment variable ``HELPERS_DATASETS`` (a folder with the CSV files, e.g. one
    written by ``python -m helpers.simulate --out /tmp/ds --seed-offset 3`` for a robustness
    check); the repository's ``datasets/`` next to the package source
    (``src/helpers/../../datasets``); ``./datasets``; ``../datasets``. When none qualifies,
    :class:`~helpers.HelpersError` lists the folders tried.

    Examples
    --------
    >>> (datasets_dir() / "servqual_survey.csv").is_file()
    True
    """
    candidates = []
    env = os.environ.get("HELPERS_DATASETS")
    if env:
        candidates.append(Path(env))
    candidates.append(Path(__file__).resolve().parents[3] / "datasets")
    candidates += [Path.cwd() / "datasets", Path.cwd().parent / "datasets"]
    for c in candidates:
        if c.is_dir() and any(c.glob("*.csv")):
            return c
    raise HelpersError(
        "找不到 datasets 文件夹，请设置环境变量 HELPERS_DATASETS "
        f"(datasets folder not found; tried {', '.join(str(c) for c in candidates)}; "
        "set HELPERS_DATASETS)"
    )


def load_dataset(name: str) -> pd.DataFrame:
    """Load a published dataset by name (e.g. ``"servqual_survey"``) with proper dtypes.

    Parameters
    ----------
    name : str
        A key of :data:`DATASETS`; a trailing ``.csv`` is accepted (``"ratings_log.csv"``).

    Returns
    -------
    pandas.DataFrame
        The CSV file's columns, in file order (documented by the generator, e.g.
        :func:`servqual_survey`; missing cells are NaN, or ``<NA>`` in nullable columns), with
        ``attrs["truth"]``: a list of dicts, the records of the dataset's ``*_truth()`` frame.

    Notes
    -----
    Text columns are ``str``, datetime columns are parsed to ``datetime64``, the 0/1 column
    ``satisfied`` of the hotline tickets is a nullable ``Int8`` (missing = not reached). The
    truth is attached as ``attrs["truth"]``: the records of the dataset's ``*_truth()`` frame
    (recomputed from the published parameters; for the SERVQUAL survey the first call simulates
    a large population and takes several seconds). The folder is :func:`datasets_dir`, so the
    environment variable ``HELPERS_DATASETS`` switches every chapter to another set of files.
    An unknown name or a missing file raises :class:`~helpers.HelpersError`.

    Validated against: the generator's own frame (``load_dataset("servqual_survey")`` equals
    ``servqual_survey()``, dtypes included) — tests/test_simulate.py.

    Examples
    --------
    >>> df = load_dataset("epidemic_timeline")
    >>> df.shape
    (240, 5)
    >>> pd.api.types.is_datetime64_any_dtype(df["date"])
    True
    >>> df.attrs["truth"][0]["effect"], df.attrs["truth"][0]["value"]
    ('lag_effect', 90.0)
    """
    name = name.removesuffix(".csv")
    if name not in DATASETS:
        raise HelpersError(f"未知数据集 {name!r} (unknown dataset {name!r}; "
                           f"available: {', '.join(DATASETS)})")
    spec = DATASETS[name]
    path = datasets_dir() / spec["file"]
    if not path.is_file():
        raise HelpersError(f"找不到文件 {path} (file not found: {path}); "
                           "run `python -m helpers.simulate --out datasets`")
    df = pd.read_csv(path, encoding="utf-8", dtype=_DTYPES.get(name), keep_default_na=True)
    for col in spec["dates"]:
        df[col] = pd.to_datetime(df[col], format="ISO8601")
    truth_fn = spec.get("truth")
    if truth_fn is not None:      # plain records, so that attrs stay comparable and copyable
        df.attrs["truth"] = truth_fn().to_dict(orient="records")
    return df


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m helpers.simulate --out datasets [--only NAME ...] [--seed-offset K]``.

    Parameters
    ----------
    argv : list of str, optional
        The arguments; default: ``sys.argv[1:]``. Options: ``--out`` (folder, default
        ``datasets``), ``--only NAME …`` (keys of :data:`DATASETS`), ``--truth`` (also print
        the truth as JSON), ``--seed-offset K`` (K ≥ 0, see :func:`make_dataset`).

    Returns
    -------
    int
        The exit status, 0 on success (bad arguments exit through ``argparse`` with status 2).

    Notes
    -----
    Calls :func:`write_datasets` and prints one line per file written: its name and size in
    bytes. ``--seed-offset 0`` (the default) rewrites the published files byte for byte.

    Validated against: the committed ``datasets/`` files, byte for byte —
    tests/test_datasets.py.

    Examples
    --------
    >>> import tempfile
    >>> main(["--out", tempfile.mkdtemp(), "--only", "epidemic_timeline"])  # doctest: +ELLIPSIS
    epidemic_timeline.csv ... bytes
    0
    """
    parser = argparse.ArgumentParser(prog="python -m helpers.simulate",
                                     description="Regenerate the simulated datasets (模拟数据).")
    parser.add_argument("--out", default="datasets", help="output folder (default: datasets)")
    parser.add_argument("--only", nargs="*", choices=list(DATASETS), help="only these datasets")
    parser.add_argument("--truth", action="store_true", help="print the truth as JSON")
    parser.add_argument("--seed-offset", type=int, default=0, metavar="K",
                        help="0 (default): the published datasets; K >= 1: draw K of every "
                             "generator (same parameters and truth), for robustness checks")
    args = parser.parse_args(argv)
    if args.seed_offset < 0:
        parser.error("--seed-offset must be >= 0")
    sizes = write_datasets(args.out, args.only, seed_offset=args.seed_offset)
    for f, b in sizes.items():
        print(f"{f}\t{b:>10,d} bytes")
    if args.truth:
        print(json.dumps({k: DATASETS[k]["make"]().attrs.get("truth") for k in
                          (args.only or DATASETS)}, ensure_ascii=False, indent=1, default=str))
    return 0


