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
CJK = r"[\u3001-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]"
WS = r"[ \t\r\n]+"          # the ideographic space U+3000 (第 1 章　标题) is deliberate
BLOCK = re.compile(r"<(p|li|h[1-6]|figcaption|dt|dd|caption|th)\b[^>]*>(.*?)</\1>", re.S | re.I)
CODE = re.compile(r"<(code|kbd|samp)\b.*?</\1>|<span class=\"math[^\"]*\">.*?</span>|\\\(.*?\\\)",
                  re.S | re.I)    # stands for a word: replaced by X, so its surroundings are kept
TAGS = re.compile(r"<[^>]+>")
NESTED = re.compile(r"</?(ul|ol|li|p|div|dl|dt|dd|table|tr)\b[^>]*>", re.I)  # a block inside a block


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
        article = re.search(r"<article\b.*?</article>", raw, flags=re.S)   # the page, not theme text
        raw = article.group(0) if article else raw
        for m in BLOCK.finditer(raw):
            text = html.unescape(TAGS.sub("", NESTED.sub("|", CODE.sub("X", m.group(2)))))
            for hit in re.finditer(rf"{CJK}{WS}{CJK}", text):
                found.append(f"{page.relative_to(HTML)}: …{text[max(0, hit.start() - 8):hit.end() + 8]}…")
    assert not found, f"{len(found)} CJK–space–CJK joins, e.g.:\n" + "\n".join(found[:15])
