"""Chinese typography of the built book: no whitespace between two Chinese characters.

Source lines broken inside a Chinese sentence render as a visible space in Chromium-based browsers;
book/_ext/cjk_spacing.py removes them at build time. This test reads the text of every paragraph,
list item, heading, caption and glossary entry of the built HTML.
"""

from __future__ import annotations

import html
import os
import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
HTML = Path(os.environ.get("BOOK_HTML", ROOT / "book" / "_build" / "html")).resolve()
CJK = r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]"
BLOCK = re.compile(r"<(p|li|h[1-6]|figcaption|dt|dd|caption|th)\b[^>]*>(.*?)</\1>", re.S | re.I)
DROP = re.compile(r"<(code|kbd|samp)\b.*?</\1>|<span class=\"math[^\"]*\">.*?</span>|\\\(.*?\\\)|<[^>]+>",
                  re.S | re.I)


def _pages():
    if not HTML.is_dir():
        pytest.fail("book/_build/html is missing: run `make book` first")
    pages = [p for p in sorted(HTML.rglob("*.html")) if "_static" not in p.parts]
    assert len(pages) >= 5
    return pages


def test_no_whitespace_between_chinese_characters():
    found = []
    for page in _pages():
        raw = page.read_text(encoding="utf-8", errors="replace")
        raw = re.sub(r"<(script|style|pre)\b.*?</\1>", " ", raw, flags=re.S | re.I)
        for m in BLOCK.finditer(raw):
            text = html.unescape(DROP.sub("", m.group(2)))
            for hit in re.finditer(rf"{CJK}\s+{CJK}", text):
                found.append(f"{page.relative_to(HTML)}: …{text[max(0, hit.start() - 8):hit.end() + 8]}…")
    assert not found, f"{len(found)} CJK–space–CJK joins, e.g.:\n" + "\n".join(found[:15])
