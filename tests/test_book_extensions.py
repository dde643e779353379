"""The book's own Sphinx extensions (book/_ext) that can be checked without a build."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "book" / "_ext"))

TEXTS = ["群众通过 12345 热线反映 SERVQUAL 量表的 P − E 差距", "IPA 四象限与 Kaplan–Meier 曲线",
         "一网通办 APIs servers ran running", "ICC κ Fleiss Cohen SPC p-chart"]


def test_chinese_search_index_is_sphinxs_own():
    """SearchChineseSet splits and stems exactly as Sphinx's SearchChinese (only faster)."""
    from search_zh import SearchChineseSet
    from sphinx.search.zh import SearchChinese

    ours, theirs = SearchChineseSet({}), SearchChinese({})
    theirs.latin_terms = []          # the class-level list may hold terms of earlier builds
    for text in TEXTS:
        words_ours, words_theirs = ours.split(text), theirs.split(text)
        assert words_ours == words_theirs
        assert [ours.stem(w) for w in words_ours] == [theirs.stem(w) for w in words_theirs]
    assert isinstance(ours.latin_terms, set)


@pytest.mark.parametrize("n", [2000, 8000])
def test_chinese_search_keeps_each_latin_term_in_a_set(n):
    from search_zh import SearchChineseSet

    lang = SearchChineseSet({})
    lang.split(" ".join(f"term{i}" for i in range(n)))
    assert len(lang.latin_terms) == n
    assert all(lang.stem(f"term{i}") for i in range(0, n, 7))


def test_page_fixes_for_accessibility_are_exact_and_idempotent():
    """a11y.fix_page: labels that match the visible text, no wrong role, labelled check boxes,
    Chinese tool-tips; applying it twice changes nothing more."""
    from a11y import REPLACEMENTS, fix_page

    page = (
        '<summary aria-label="Toggle hidden content"><p>显示代码</p></summary>'
        '<button class="btn search-button-field search-button__button pst-js-only" title="搜索" '
        'aria-label="搜索" data-bs-placement="bottom"><span>搜索</span><kbd>K</kbd></button>'
        '<div role="list" class="citation-list"><div class="citation" role="doc-biblioentry">'
        '<ul class="contains-task-list"><li class="task-list-item"><p><input '
        'class="task-list-item-checkbox" disabled="disabled" type="checkbox"> 说清时限 '
        '<a href="#x">链接</a></p>\n</li></ul>'
        '<a class="headerlink" href="#a" title="Link to this heading">#</a>'
        '<button aria-label="Color mode" data-bs-title="Color mode"></button>'
        '<details open="open"><summary><span class="toctree-toggle" role="presentation">'
        '<i class="fa-solid fa-chevron-down"></i></span></summary><ul class="current"></ul></details>')
    fixed = fix_page(page)
    assert fix_page(fixed) == fixed
    assert "Toggle hidden content" not in fixed and 'role="list"' not in fixed
    assert 'aria-label="搜索" data-bs-placement' not in fixed and 'title="搜索"' in fixed
    assert ('<p><label><input class="task-list-item-checkbox" disabled="disabled" '
            'type="checkbox"> 说清时限 <a href="#x">链接</a></label></p>') in fixed
    assert 'title="链接到本节"' in fixed and 'aria-label="明暗模式"' in fixed
    assert '<summary aria-label="展开或收起这一部分的目录">' in fixed
    assert not any(old in fixed for old, new in REPLACEMENTS if old not in new)
    for old, new in REPLACEMENTS:               # no replacement re-creates another's target
        assert all(o not in new for o, _ in REPLACEMENTS)


def test_colour_mode_icons_lose_their_titles():
    from a11y import fix_page
    page = ('<i class="theme-switch fa-solid fa-sun                fa-lg" data-mode="light" '
            'title="亮色"></i>\n  <i class="theme-switch fa-solid fa-circle-half-stroke fa-lg" '
            'data-mode="auto"  title="System Settings"></i>')
    fixed = fix_page(page)
    assert "title=" not in fixed and fixed.count('data-mode="') == 2
