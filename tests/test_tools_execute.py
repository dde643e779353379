"""tools/execute.py: the digest that makes a change of the helpers re-execute the chapters."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))


def _tree(root: Path) -> None:
    (root / "src" / "helpers" / "__pycache__").mkdir(parents=True)
    (root / "datasets").mkdir()
    (root / "src" / "helpers" / "a.py").write_text("x = 1\n")
    (root / "datasets" / "d.csv").write_text("a\n1\n")


def test_digest_follows_helpers_datasets_and_lock_but_not_bytecode(tmp_path):
    from execute import helpers_digest

    _tree(tmp_path)
    first = helpers_digest(tmp_path)
    assert helpers_digest(tmp_path) == first
    (tmp_path / "src" / "helpers" / "__pycache__" / "a.cpython-311.pyc").write_bytes(b"\0")
    assert helpers_digest(tmp_path) == first
    (tmp_path / "src" / "helpers" / "a.py").write_text("x = 2\n")
    second = helpers_digest(tmp_path)
    assert second != first
    (tmp_path / "datasets" / "d.csv").write_text("a\n2\n")
    assert helpers_digest(tmp_path) != second
    (tmp_path / "datasets" / "d.csv").rename(tmp_path / "datasets" / "e.csv")
    third = helpers_digest(tmp_path)
    assert third not in (first, second)
    (tmp_path / "requirements").mkdir()
    (tmp_path / "requirements" / "lock.txt").write_text("pandas==2.2.3\n")
    assert helpers_digest(tmp_path) != third


def test_digest_of_the_repository_is_stable():
    from execute import helpers_digest

    assert helpers_digest() == helpers_digest()
