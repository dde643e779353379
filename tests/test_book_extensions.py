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
