"""Speed and peak memory of helpers.io.read_survey on a 500,000 × 50 survey CSV (UTF-8 and GBK).

Skipped by default (pyproject adds ``--benchmark-skip``). Run with::

    .venv/bin/python -m pytest tests/benchmarks/test_bench_io.py --benchmark-only -s -p no:randomly

Each round reads the file in a fresh interpreter (so the peak resident memory, ``VmHWM``, belongs
to that read alone) and reports the time of the ``read_survey`` call and the peak RSS of the
process. Reference (issue 9, before the hostile-input work, this machine): about 2–3 s and
4–5 s, 370 MB peak; the loader must stay within +20 %. The measured numbers are stored in
``benchmark.extra_info`` and printed.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

N_ROWS = 500_000
ROUNDS = 3

_MEASURE = r"""
import json, sys, time
import helpers.io as hio

def hwm_mb():
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmHWM"):
                return int(line.split()[1]) / 1024

base = hwm_mb()
t = time.perf_counter()
res = hio.read_survey(sys.argv[1])
dt = time.perf_counter() - t
print(json.dumps({"seconds": dt, "peak_mb": hwm_mb(), "base_mb": base,
                  "kept": res.counts["kept"], "columns": res.data.shape[1]}))
"""


def _write_survey(path: Path, encoding: str) -> None:
    """500,000 respondents × 50 columns: id, wave, two Chinese text columns, age, visits,
    E1–E22 and P1–P22 (1–7), written in blocks so generation stays cheap."""
    rng = np.random.default_rng(9)
    channels = np.array(["亲友介绍", "微信/微博等社交媒体", "政府网站", "电视报纸", "窗口告知"])
    regions = np.array(["主城区", "县城", "乡镇", "开发区"])
    ages = np.array(["18–29", "30–44", "45–59", "60+"])
    header = ["respondent_id", "wave", "channel", "region", "age_group", "visits",
              *[f"E{k}" for k in range(1, 23)], *[f"P{k}" for k in range(1, 23)]]
    with open(path, "w", encoding=encoding, newline="") as fh:
        fh.write(",".join(header) + "\n")
        block = 50_000
        for start in range(0, N_ROWS, block):
            n = min(block, N_ROWS - start)
            numbers = np.arange(start + 1, start + n + 1).astype(str)
            ids = np.char.add("R", np.char.zfill(numbers, 7))
            cols = [ids, rng.integers(1, 3, n).astype(str), rng.choice(channels, n),
                    rng.choice(regions, n), rng.choice(ages, n), rng.integers(0, 12, n).astype(str)]
            items = rng.integers(1, 8, (n, 44)).astype(str)
            cols += [items[:, j] for j in range(44)]
            lines = cols[0]
            for c in cols[1:]:
                lines = np.char.add(np.char.add(lines, ","), c)
            fh.write("\n".join(lines.tolist()) + "\n")


@pytest.fixture(scope="module")
def survey_files(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("bench_io")
    files = {}
    for enc in ("utf-8", "gbk"):
        f = out / f"survey_500k_{enc}.csv"
        _write_survey(f, enc)
        files[enc] = f
    return files


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux /proc")
@pytest.mark.parametrize("encoding", ["utf-8", "gbk"])
def test_read_survey_500k_x_50(benchmark, survey_files, encoding):
    f = survey_files[encoding]
    runs: list[dict] = []

    def once() -> dict:
        out = subprocess.run([sys.executable, "-c", _MEASURE, str(f)], capture_output=True,
                             text=True, check=True)
        runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
        return runs[-1]

    benchmark.pedantic(once, rounds=ROUNDS, iterations=1)
    secs = sorted(r["seconds"] for r in runs)
    peaks = sorted(r["peak_mb"] for r in runs)
    assert all(r["kept"] == N_ROWS and r["columns"] == 50 for r in runs)
    benchmark.extra_info.update(
        file_mb=round(f.stat().st_size / 2**20, 1), read_s_min=round(secs[0], 2),
        read_s_median=round(secs[len(secs) // 2], 2), peak_mb_max=round(peaks[-1], 0))
    print(f"\nread_survey 500k x 50 {encoding}: {f.stat().st_size / 2**20:.0f} MB file, "
          f"read {secs[0]:.2f} s (min) / {secs[len(secs) // 2]:.2f} s (median), "
          f"peak RSS {peaks[-1]:.0f} MB")
