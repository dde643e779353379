"""The data cards say which chapters use each dataset, and that list is right.

The table in datasets/README.md and book/appendix_data.md has a column 章节: "第 1、3 章",
"专题二" for a course topic (专题一/二/三 are the notebooks 09/10/11), both ("第 7 章、专题二"),
or "—" (not used by a chapter yet). It must equal the chapters whose code calls
``load_dataset("<name>")``.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
TOC = (ROOT / "book" / "_toc.yml").read_text(encoding="utf-8")
CHAPTERS = [ROOT / f"{f}.ipynb" for f in re.findall(r"file:\s*(chapters/\S+)", TOC)]


def used_by() -> dict[str, set[int]]:
    out: dict[str, set[int]] = {}
    for path in CHAPTERS:
        nb = nbformat.read(path, as_version=4)
        code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
        for name in re.findall(r"load_dataset\(\s*[\"'](\w+)", code):
            out.setdefault(name, set()).add(int(path.name[:2]))
    return out


TOPICS = {"一": 9, "二": 10, "三": 11}


def _chapters_in(col: str) -> set[int]:
    """"第 1、3 章、专题二" -> {1, 3, 10}; "—" -> set()."""
    if col == "—":
        return set()
    numbered = re.search(r"第\s*([\d、\s]+)\s*章", col)
    out = {int(n) for n in re.findall(r"\d+", numbered.group(1))} if numbered else set()
    out |= {TOPICS[t] for t in re.findall(r"专题([一二三])", col)}
    assert out, f"cannot read the 章节 cell {col!r}"
    return out


def test_chapter_cell_reading():
    assert _chapters_in("第 1、3 章") == {1, 3}
    assert _chapters_in("第 7 章、专题二") == {7, 10}
    assert _chapters_in("专题三") == {11}
    assert _chapters_in("—") == set()


def card_table(path: Path) -> dict[str, set[int]]:
    rows = {}
    header = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("| 文件"):
            header = [c.strip() for c in line.strip("|").split("|")]
            continue
        m = re.match(r"\|\s*`(\w+)\.csv`", line)
        if header and m:
            cells = [c.strip() for c in line.strip("|").split("|")]
            col = cells[header.index("章节")]
            rows[m.group(1)] = _chapters_in(col)
    return rows


@pytest.mark.parametrize("card", ["datasets/README.md", "book/appendix_data.md"])
def test_data_cards_list_the_chapters_that_use_each_dataset(card):
    from helpers.simulate import DATASETS
    table = card_table(ROOT / card)
    assert set(table) == set(DATASETS), f"{card}: table rows {sorted(table)} vs datasets {sorted(DATASETS)}"
    truth = used_by()
    for name, chapters in table.items():
        assert chapters == truth.get(name, set()), (
            f"{card}: {name} is listed for chapters {sorted(chapters)}, used by {sorted(truth.get(name, set()))}")
