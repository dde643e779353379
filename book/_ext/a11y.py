"""Accessible, all-Chinese page chrome: fixes applied to every built HTML page.

The theme (sphinx-book-theme / pydata-sphinx-theme), Sphinx and myst-nb write a few labels in
English (their zh_CN catalogues lack them) and a few constructs that axe-core reports as serious
or critical accessibility violations (WCAG 2.1 A/AA, GB/T 37668-2019 follows the same rules):

- buttons whose ``aria-label`` differs from their visible text (the search field shows
  “搜索 Ctrl+K” but is named “搜索”; the fold of a code cell is named “Toggle hidden content”
  while it shows “显示代码”) — WCAG 2.5.3 *Label in Name*: the label is dropped, so the visible
  text is the name;
- the bibliography's ``<div role="list">`` whose children are citations, not list items
  (ARIA *required children*): the role is dropped (each entry keeps ``role="doc-biblioentry"``);
- the checklist's check boxes (MyST task lists) without a label (WCAG 1.3.1, 4.1.2): the text
  of each item becomes the box's ``<label>``;
- the colour-mode button, named 明暗模式 but holding its icons' titles as text: the icons'
  titles are dropped;
- English and traditional-Chinese tool-tips of the theme: translated.

It runs once at the end of the build (``build-finished``) over the HTML files, with exact string
replacements that are idempotent (a page fixed twice is unchanged). ``tests/browser/test_book.py``
runs axe-core on every page and fails on any serious or critical violation.
"""

from __future__ import annotations

import re
from pathlib import Path

from sphinx.application import Sphinx

# (old, new): exact strings of the theme's and Sphinx's HTML.
REPLACEMENTS: tuple[tuple[str, str], ...] = (
    ('aria-label="Toggle hidden content"', ""),
    ('<div role="list" class="citation-list">', '<div class="citation-list">'),
    ('aria-label="Color mode" data-bs-title="Color mode"',
     'aria-label="明暗模式" data-bs-title="明暗模式"'),
    ('title="Toggle primary sidebar"', 'title="显示或隐藏全书目录"'),
    ('title="Toggle secondary sidebar"', 'title="显示或隐藏本页目录"'),
    ('<nav class="bd-links bd-docs-nav" aria-label="Main">',
     '<nav class="bd-links bd-docs-nav" aria-label="全书目录">'),
    ('<nav aria-label="Page">', '<nav aria-label="本页目录">'),
    ('title="列印成 PDF"', 'title="打印为 PDF"'),
    ('title="Link to this heading"', 'title="链接到本节"'),
    ('title="Link to this definition"', 'title="链接到本条"'),
    ('title="Link to this term"', 'title="链接到本术语"'),
    ('title="Link to this image"', 'title="链接到本图"'),
    ('title="Link to this table"', 'title="链接到本表"'),
    ('title="Link to this code"', 'title="链接到本段代码"'),
    # the chevron that folds a part of the book's table of contents has no text of its own
    ('<summary><span class="toctree-toggle" role="presentation">',
     '<summary aria-label="展开或收起这一部分的目录"><span class="toctree-toggle" role="presentation">'),
)

# The search field shows its name and a shortcut; its visible text is its name.
_SEARCH_FIELD = re.compile(
    r'(<button class="btn search-button-field search-button__button[^"]*" title="搜索") '
    r'aria-label="搜索"')
# The colour-mode button shows one icon per mode; Font Awesome turns each icon's title into
# text inside the button, which then no longer matches the button's name: the button's name and
# tool-tip (明暗模式) are enough.
_MODE_ICON_TITLE = re.compile(r'(<i class="theme-switch [^"]*"\s+data-mode="\w+")\s+title="[^"]*"')
# A MyST task-list item: the check box and the rest of the paragraph become one label.
_TASK_ITEM = re.compile(
    r'<li class="task-list-item"><p>(<input class="task-list-item-checkbox"[^>]*>)(.*?)</p>',
    re.S)


def fix_page(text: str) -> str:
    """The page with every fix applied (idempotent)."""
    for old, new in REPLACEMENTS:
        text = text.replace(old, new)
    text = _SEARCH_FIELD.sub(r"\1", text)
    text = _MODE_ICON_TITLE.sub(r"\1", text)
    return _TASK_ITEM.sub(r'<li class="task-list-item"><p><label>\1\2</label></p>', text)


def fix_build(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    out = Path(app.outdir)
    for page in out.rglob("*.html"):
        if "_static" in page.parts or "_sources" in page.parts:
            continue
        text = page.read_text(encoding="utf-8")
        fixed = fix_page(text)
        if fixed != text:
            page.write_text(fixed, encoding="utf-8")


def setup(app: Sphinx) -> dict[str, object]:
    app.connect("build-finished", fix_build)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
