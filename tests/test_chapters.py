"""Every chapter in the table of contents has the course's chapter shape (see shared design).

学习目标 → 正文 → 动手分析 → 交互实验 → 小测验 (≥ 5 questions) → 练习 (≥ 2, solutions folded) →
小结 → 参考文献; simulated data labelled 模拟数据; outputs stored; computation only through helpers.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]


def _chapters() -> list[Path]:
    toc = (ROOT / "book" / "_toc.yml").read_text(encoding="utf-8")
    files = re.findall(r"file:\s*(chapters/\S+)", toc)
    return [ROOT / f"{f}.ipynb" for f in files]


CHAPTERS = _chapters()


def test_toc_lists_chapters_that_exist():
    assert CHAPTERS, "no chapter in book/_toc.yml"
    for path in CHAPTERS:
        assert path.is_file(), f"{path.name} is in the table of contents but does not exist"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_chapter_shape(path):
    nb = nbformat.read(path, as_version=4)
    md = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    code_cells = [c for c in nb.cells if c.cell_type == "code" and c.source.strip()]
    code = "\n".join(c.source for c in code_cells)
    for heading in ["学习目标", "小测验", "练习", "小结", "参考文献"]:
        assert heading in md, f"{path.name}: no {heading}"
    assert "模拟数据" in md, f"{path.name}: simulated data not labelled 模拟数据"
    assert code.count("Question(") >= 5, f"{path.name}: quiz has fewer than 5 questions"
    assert len(re.findall(r"\*\*练习\s*\d", md)) >= 2, f"{path.name}: fewer than 2 exercises"
    folded = sum("hide-cell" in c.metadata.get("tags", []) for c in code_cells)
    folded += md.count(":class: dropdown")
    assert folded >= 2, f"{path.name}: exercise solutions are not folded"
    assert "```{bibliography}" in md and ":filter: docname in docnames" in md
    assert "widgets" in code, f"{path.name}: no interactive widget"
    assert "数据分析选读" in md, f"{path.name}: analyst-only depth is not marked 数据分析选读"
    assert "对窗口工作意味着什么" in md, f"{path.name}: an analysis does not end with 对窗口工作意味着什么"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_outputs_stored_and_no_errors(path):
    nb = nbformat.read(path, as_version=4)
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code" or not cell.source.strip():
            continue
        assert cell.execution_count is not None, f"{path.name} cell {i}: not executed (nbval needs outputs)"
        assert not any(o.get("output_type") == "error" for o in cell.outputs), f"{path.name} cell {i}"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_figure_cells_show_only_the_figure(path):
    """A cell with figure metadata (caption + name) must output one image: myst-nb wraps every
    output of the cell in the figure, so a table shown by the same cell duplicates the figure's
    label (a broken {ref} and a warning that fails the build)."""
    nb = nbformat.read(path, as_version=4)
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code" or "figure" not in cell.metadata.get("mystnb", {}):
            continue
        shown = [o for o in cell.outputs if o.get("output_type") in ("execute_result", "display_data")]
        assert len(shown) == 1, (f"{path.name} cell {i} ({cell.metadata.mystnb.figure.get('name')}): "
                                 f"{len(shown)} outputs; show tables in the next cell")


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_no_computation_libraries_in_notebooks(path):
    """Notebooks call helpers; statistics libraries are used inside src/helpers only."""
    nb = nbformat.read(path, as_version=4)
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    for lib in ["scipy", "statsmodels", "sklearn", "pingouin", "np.random"]:
        assert lib not in code, f"{path.name} uses {lib} directly; put the computation in src/helpers"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_prose_values_readable_in_jupyterlab(path):
    """Numbers in prose are {eval} roles whose values are stored for jupyterlab-myst (nbtools run),
    never {glue:text} (which Lab shows as a bare name); no saved widget state (dead controls)."""
    nb = nbformat.read(path, as_version=4)
    assert "widgets" not in nb.metadata, f"{path.name}: saved widget state; run tools/nbtools.py run"
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "markdown":
            continue
        assert "{glue" not in cell.source, f"{path.name} cell {i}: use {{eval}}`name` (nbtools to-eval)"
        names = set(re.findall(r"\{eval\}`([^`]+)`", cell.source))
        stored = {e["expression"]: e["result"]["data"]["text/plain"]
                  for e in cell.metadata.get("user_expressions", [])}
        assert names <= set(stored), f"{path.name} cell {i}: values of {sorted(names - set(stored))} not stored"
