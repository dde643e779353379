"""Small authoring helpers for the chapter notebooks (used by the lead authors, not by readers).

    python tools/nbtools.py run chapters/01_background.ipynb   # execute in place, store outputs

Outputs are stored in the source notebooks because nbval compares against them.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient


def md(text: str, **meta) -> nbformat.NotebookNode:
    return nbformat.v4.new_markdown_cell(text.strip("\n"), metadata=meta)


def code(text: str, tags: list[str] | None = None, **meta) -> nbformat.NotebookNode:
    if tags:
        meta["tags"] = tags
    return nbformat.v4.new_code_cell(text.strip("\n"), metadata=meta)


def new_notebook(cells: list) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"display_name": "Python 3 (ipykernel)", "language": "python",
                                 "name": "python3"}
    nb.metadata["language_info"] = {"name": "python"}
    return nb


def run(path: str | Path) -> None:
    path = Path(path)
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    nbformat.write(nb, path)


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "run":
        for p in sys.argv[2:]:
            run(p)
            print("executed", p)
    else:
        print(__doc__)
