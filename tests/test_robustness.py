"""The small version of `make robustness`: chapter 1's claims hold on 2 other draws of the data."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_chapter1_claims_hold_on_other_seeds(tmp_path):
    proc = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "robustness.py"), "--seeds", "2", "--jobs", "2",
         "--min-share", "1", "--chapters", str(ROOT / "chapters" / "01_background.ipynb"),
         "--out", str(tmp_path)],
        capture_output=True, text=True, cwd=ROOT)
    report = json.loads((tmp_path / "robustness.json").read_text(encoding="utf-8"))
    assert not report["failures"], report["failures"]
    assert len(report["claims"]) >= 2, "chapter 1 records fewer than 2 claims"
    weak = [c for c in report["claims"] if c["held"] < c["draws"]]
    assert not weak, f"claims that did not hold on every draw: {weak}\n{proc.stdout[-2000:]}"
    assert proc.returncode == 0, proc.stderr[-2000:]


def test_claim_records_instead_of_raising_in_robustness_mode(tmp_path, monkeypatch):
    from helpers.book import ClaimError, claim
    with pytest.raises(ClaimError, match="一大于二"):
        claim(1 > 2, "一大于二")
    log = tmp_path / "log.jsonl"
    monkeypatch.setenv("HELPERS_CLAIMS_LOG", str(log))
    monkeypatch.setenv("HELPERS_CLAIMS_CONTEXT", "ch|1")
    assert claim(1 > 2, "一大于二") is False
    assert claim(float("nan"), "NaN 不算成立") is False
    rec = [json.loads(x) for x in log.read_text(encoding="utf-8").splitlines()]
    assert rec[0] == {"context": "ch|1", "statement": "一大于二", "held": False}
