"""Shared by the scenario browser tests: the branching scenarios of a chapter, built from the
chapter's own code cells, on one file:// page in chromium with every other request blocked."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CSS = (ROOT / "book" / "static" / "course.css").read_text(encoding="utf-8")


def chapter_scenarios(notebook: str, names) -> dict:
    """The Scenario objects ``names`` that the code cells of ``chapters/<notebook>`` define."""
    nb = nbformat.read(ROOT / "chapters" / notebook, as_version=4)
    ns: dict = {}
    for cell in nb.cells:
        if cell.cell_type == "code" and "Scenario(" in cell.source:
            exec(cell.source.rsplit("\n", 1)[0], ns)        # drop the last line (display)
    return {k: ns[k] for k in names}


def scenario_page(scenarios: dict, folder: Path) -> Iterator:
    """Yield a Playwright page showing ``scenarios`` from a file:// page (for a module fixture)."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail("chromium is not installed: run `tools/sysdeps.sh chromium`")
    html = "".join(s._repr_html_() for s in scenarios.values())
    path = folder / "scenarios.html"
    path.write_text(f"<!doctype html><meta charset=utf-8><style>{CSS}</style><body>{html}</body>",
                    encoding="utf-8")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        pg = b.new_page()
        pg.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
        pg.goto(path.as_uri())
        yield pg
        b.close()
