"""The committed datasets/: reproducible byte for byte, small, UTF-8, masked, documented."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from helpers import simulate as sim
from helpers.privacy import is_valid_id

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "datasets"
APPENDIX = ROOT / "book" / "appendix_data.md"
FILES = [spec["file"] for spec in sim.DATASETS.values()]


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("datasets")
    sim.main(["--out", str(out)])
    return out


@pytest.mark.parametrize("name", FILES)
def test_regenerated_byte_for_byte(regenerated, name):
    assert (DATA / name).read_bytes() == (regenerated / name).read_bytes(), (
        f"{name} differs from `python -m helpers.simulate --out datasets`; regenerate it")


def test_sizes_and_encoding():
    sizes = {f: (DATA / f).stat().st_size for f in FILES}
    assert sum(sizes.values()) <= 10 * 2**20
    assert sizes["ratings_log.csv"] <= 3 * 2**20
    for f in FILES:
        raw = (DATA / f).read_bytes()
        raw.decode("utf-8")                                  # strict
        assert not raw.startswith(b"\xef\xbb\xbf") and b"\r\n" not in raw


def test_no_unmasked_personal_numbers_in_any_file():
    mobile = re.compile(r"(?<![0-9])1[3-9][0-9]{9}(?![0-9])")
    idnum = re.compile(r"(?<![0-9])[0-9]{17}[0-9Xx](?![0-9])")
    for f in FILES:
        text = (DATA / f).read_text(encoding="utf-8")
        assert not mobile.search(text), f
        assert not any(is_valid_id(m.group()) for m in idnum.finditer(text)), f
    header = (DATA / "hotline_tickets.csv").read_text(encoding="utf-8").split("\n", 1)[0]
    assert header.endswith(",text_masked") and ",text," not in header + ","


def test_data_cards_document_every_file_and_the_truth():
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    assert "模拟数据" in readme
    for f in FILES:
        assert f in readme
    truth = sim.servqual_truth()
    for v in truth["observed_gap"]:
        assert f"{v:.3f}" in readme
    for v in sim.kano_truth()["better"]:
        assert f"{v:.3f}" in readme


def test_appendix_page_is_valid_and_clean():
    text = APPENDIX.read_text(encoding="utf-8")
    lines = text.splitlines()
    in_code = False
    top = []
    for line in lines:
        if line.startswith("```"):
            in_code = not in_code
        elif not in_code and re.match(r"^# ", line):
            top.append(line)
    assert len(top) == 1, top
    assert "模拟数据" in text
    assert not re.search(r"https?://", text)                  # no external links / CDNs
    assert not re.search(r"[0-9]{7,}", text)                   # no phone or ID numbers at all
    for f in FILES:
        assert f in text
