"""The live JupyterLab test (see test_lab_live.py) for the chapters at odd positions of the TOC.

A module of its own so that pytest-xdist (``--dist loadfile``) runs it on the other worker, with
its own JupyterLab, while test_lab_live.py runs the chapters at even positions.
"""

from __future__ import annotations

import pytest

from tests.browser.test_lab_live import HALVES, browser, check_chapter_live, lab, page  # noqa: F401

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("path", HALVES[1], ids=lambda p: p.stem)
def test_chapter_live(lab, page, path):  # noqa: F811
    check_chapter_live(lab, page, path)


def test_halves_cover_every_chapter():
    from tests.browser.test_lab_live import CHAPTERS
    assert sorted(HALVES[0] + HALVES[1]) == sorted(CHAPTERS)
