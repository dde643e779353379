"""The built book never shows an unmasked mobile number or 18-digit ID number.

Scans the text of every built HTML page (and the notebook copies the book offers for download)
with the same detector that masks the hotline texts (helpers.privacy).
"""

from __future__ import annotations

import html
import os
import re
from pathlib import Path

import pytest

from helpers.privacy import find_sensitive, id_checksum

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
HTML = Path(os.environ.get("BOOK_HTML", ROOT / "book" / "_build" / "html")).resolve()
_TAGS = re.compile(r"<script\b.*?</script>|<style\b.*?</style>|<[^>]+>", re.S | re.I)


def _texts():
    if not HTML.is_dir():
        pytest.fail("book/_build/html is missing: run `make book` first")
    for page in sorted(HTML.rglob("*.html")):
        if "_static" in page.parts:
            continue
        raw = page.read_text(encoding="utf-8", errors="replace")
        yield page, html.unescape(_TAGS.sub(" ", raw))
    for nb in sorted((HTML / "_sources").rglob("*.ipynb")):
        yield nb, nb.read_text(encoding="utf-8")


def test_no_mobile_or_id_number_in_the_built_book():
    found = []
    for path, text in _texts():
        for hit in find_sensitive(text):
            if hit.kind in ("mobile", "id_card"):
                found.append(f"{path.relative_to(HTML)}: {hit.kind} at {hit.start}")
    assert not found, found


def test_the_detector_would_catch_one():
    # guard against a scan that cannot fail: a valid-form mobile and ID are detected
    body = "99010519900101123"  # region code 99 is used by no province: a fake, valid-form ID
    kinds = {hit.kind for hit in find_sensitive(f"电话13900001234，证件 {body}{id_checksum(body)}")}
    assert {"mobile", "id_card"} <= kinds
