"""Text rules of the book that a reviewer would otherwise check by eye.

- Glossary (book/glossary/chNN.md): every term is taught (linked with ``{term}``) in its chapter and
  not used in an earlier chapter; every term defined in bold with its English name,
  ``**术语**（English …）``, has a glossary entry; every entry starts with the English term.
- Chinese quotation marks in Chinese text (no ASCII ``"`` next to a Chinese character).
- No reference to a chapter that does not exist yet (write 后续章节 instead).
- Claims about data are checked in hidden cells (``helpers.book.claim`` in ``remove-cell`` cells).
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
TOC = (ROOT / "book" / "_toc.yml").read_text(encoding="utf-8")
CHAPTERS = [ROOT / f"{f}.ipynb" for f in re.findall(r"file:\s*(chapters/\S+)", TOC)]
PAGES = [ROOT / f"{f}.md" for f in re.findall(r"file:\s*(book/\S+)", TOC)]
CJK = r"[\u3400-\u9fff\uf900-\ufaff]"


def chapter_number(path: Path) -> int:
    return int(path.name[:2])


def prose(text: str) -> str:
    """Markdown reduced to the words a reader sees (code, math, roles' targets removed)."""
    kept, stack = [], []                                  # drop code blocks, keep directive bodies
    for line in text.split("\n"):
        st = line.strip()
        if st.startswith("```"):
            if st == "```" and stack:
                stack.pop()
            else:
                stack.append("directive" if st.startswith("```{") else "code")
            continue                                          # fences themselves are not prose
        if not (stack and stack[-1] == "code"):
            kept.append(line)
    text = "\n".join(kept)
    text = re.sub(r"^:[\w-]+:.*$", " ", text, flags=re.M)               # directive options
    text = re.sub(r"\$\$.*?\$\$", " ", text, flags=re.S)
    text = re.sub(r"\$[^$\n]+\$", " ", text)
    text = re.sub(r"\{(?:cite:[pt]|cite|glue:text|glue|numref|ref|doc|eval)\}`[^`]*`", " ", text)
    text = re.sub(r"\{term\}`([^`<]*?)\s*(?:<[^>]*>)?`", r"\1", text)
    text = re.sub(r"`[^`\n]*`", " ", text)
    text = re.sub(r"<[^>\n]+>", " ", text)                              # html tags
    return text


def chapter_markdown(path: Path) -> str:
    nb = nbformat.read(path, as_version=4)
    return "\n\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


def glossary() -> dict[str, tuple[int, str]]:
    """{term: (chapter, definition)} from book/glossary/chNN.md."""
    terms: dict[str, tuple[int, str]] = {}
    for frag in sorted((ROOT / "book" / "glossary").glob("ch*.md")):
        n = int(frag.stem[2:])
        body = re.search(r"```\{glossary\}\n(.*?)```", frag.read_text(encoding="utf-8"), re.S)
        assert body, f"{frag.name}: no glossary directive"
        pending: list[str] = []
        for line in body.group(1).splitlines():
            if not line.strip() or line.startswith(":"):
                continue
            if not line[0].isspace():
                pending.append(line.strip())
            elif pending:
                for t in pending:
                    assert t not in terms, f"glossary term {t!r} defined twice"
                    terms[t] = (n, line.strip())
                pending = []
    return terms


TERMS = glossary()
MARKDOWN = {p: chapter_markdown(p) for p in CHAPTERS}


def test_glossary_has_one_file_per_chapter():
    for path in CHAPTERS:
        assert (ROOT / "book" / "glossary" / f"ch{chapter_number(path):02d}.md").is_file(), path.name
    assert "book/glossary" in TOC


@pytest.mark.parametrize("term", sorted(TERMS))
def test_glossary_entry_is_complete(term):
    n, definition = TERMS[term]
    assert re.match(r"\*[^*]+\*\s*\S", definition), (
        f"glossary {term!r}: start the definition with the English term in italics, then one sentence")


@pytest.mark.parametrize("term", sorted(TERMS))
def test_term_taught_in_its_chapter_and_not_used_before(term):
    n, _ = TERMS[term]
    own = [p for p in CHAPTERS if chapter_number(p) == n]
    if not own:
        pytest.skip(f"chapter {n} not in the table of contents")
    roles = re.findall(r"\{term\}`([^`]*)`", MARKDOWN[own[0]])
    targets = {re.sub(r".*<(.*)>", r"\1", r).strip() for r in roles}
    assert term in targets, f"{own[0].name} never links {term!r} with {{term}}"
    for path in CHAPTERS:
        if chapter_number(path) < n:
            assert term not in prose(MARKDOWN[path]), (
                f"{path.name} uses {term!r}, which is only explained in chapter {n}: explain it at first "
                "use and move its glossary entry to the earlier chapter")


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_bold_definitions_are_in_the_glossary(path):
    defined = re.findall(r"\*\*([^*\n]+)\*\*（[A-Za-z]", MARKDOWN[path])
    missing = [t for t in defined if t not in TERMS]
    assert not missing, f"{path.name}: terms defined in bold without a glossary entry: {missing}"


def _pages_text() -> dict[str, str]:
    out = {p.name: prose(MARKDOWN[p]) for p in CHAPTERS}
    for page in PAGES:
        out[page.name] = prose(page.read_text(encoding="utf-8"))
    for frag in (ROOT / "book" / "glossary").glob("ch*.md"):
        out[frag.name] = prose(frag.read_text(encoding="utf-8"))
    return out


@pytest.mark.parametrize("name,text", sorted(_pages_text().items()))
def test_chinese_quotation_marks(name, text):
    bad = [m.group(0) for m in re.finditer(rf'{CJK}"|"{CJK}', text)]
    assert not bad, f"{name}: ASCII quotation marks in Chinese text (use “ ”): {bad[:5]}"


@pytest.mark.parametrize("name,text", sorted(_pages_text().items()))
def test_full_width_punctuation_next_to_chinese(name, text):
    bad = [text[max(0, m.start() - 6):m.end() + 6] for m in re.finditer(rf"{CJK}[,:;()]|[,:;()]{CJK}", text)]
    assert not bad, f"{name}: ASCII punctuation next to Chinese (use ，：；（）): {bad[:5]}"


def _all_chapter_text(path: Path) -> str:
    nb = nbformat.read(path, as_version=4)
    return "\n".join(c.source for c in nb.cells)


@pytest.mark.parametrize("path", CHAPTERS + PAGES, ids=lambda p: p.stem)
def test_no_reference_to_unwritten_chapters(path):
    text = _all_chapter_text(path) if path.suffix == ".ipynb" else path.read_text(encoding="utf-8")
    existing = {chapter_number(p) for p in CHAPTERS}
    cited = {int(n) for n in re.findall(r"第\s*(\d+)\s*章", text)}
    assert cited <= existing, (f"{path.name} refers to chapter(s) {sorted(cited - existing)} that do "
                               "not exist yet: write 后续章节, or link a section that exists")


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_claims_are_checked_in_hidden_cells(path):
    nb = nbformat.read(path, as_version=4)
    checks = [c for c in nb.cells if c.cell_type == "code" and "claim(" in c.source]
    assert len(checks) >= 2, f"{path.name}: qualitative claims about the data are not checked"
    for c in checks:
        assert "remove-cell" in c.metadata.get("tags", []), (
            f"{path.name}: a claim check is visible in the book; tag the cell remove-cell")


def _breaks():
    import sys
    sys.path.insert(0, str(ROOT / "tools"))
    from nbtools import cjk_breaks
    out = {}
    for path in CHAPTERS:
        nb = nbformat.read(path, as_version=4)
        out[path.name] = sum(len(cjk_breaks(c.source)) for c in nb.cells if c.cell_type == "markdown")
    for page in PAGES + sorted((ROOT / "book" / "glossary").glob("ch*.md")):
        out[page.name] = len(cjk_breaks(page.read_text(encoding="utf-8")))
    return out


@pytest.mark.parametrize("name,count", sorted(_breaks().items()))
def test_no_line_break_inside_chinese_sentences(name, count):
    """A source line broken between two Chinese characters shows as a space in JupyterLab (and in
    Chromium); `python tools/nbtools.py join-cjk FILE` joins them."""
    assert count == 0, f"{name}: {count} line breaks inside Chinese sentences (run nbtools.py join-cjk)"
