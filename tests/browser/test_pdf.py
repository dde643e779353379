"""The PDF edition (``make pdf``: book/_build/pdf/民众期望管理.pdf), read back with pypdf.

Checks what a reader of the printed book relies on: a sane page count; a bookmark for every
document of the TOC, in TOC order, and one per section; the Chinese text of every chapter
extractable as the book's own characters (its title on the page its bookmark points to, and a
sentence of its source); the printed table of contents pointing at the page where each chapter
starts, its lines links to their heading; a page number on every page of the body (labelled as
printed; cover and contents i, ii …); the tags Chromium writes kept; every font embedded as a font program (``/FontFile*``);
no control that looks live (the web page's buttons, toggles and sliders are gone, and each
chart of a static widget carries the note that the web edition is interactive); the answer key
at the end of every chapter with a quiz and the appendix of exercise solutions, with no
solution left inline.

The structure (bookmarks, labels, links, fonts, tags) is read with pypdf, the text with poppler's
pdftotext. ``make test`` builds the PDF first (``make pdf``); run alone, the module skips when the
PDF has not been built.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from functools import lru_cache
from pathlib import Path

import pytest
import yaml

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
PDF = ROOT / "book" / "_build" / "pdf" / "民众期望管理.pdf"
HTML = Path(os.environ.get("BOOK_HTML", ROOT / "book" / "_build" / "html"))
CJK = re.compile(r"[\u4e00-\u9fff]+")
# what the web page shows on its controls; none of it may be printed
LIVE_CONTROL_TEXT = ["显示代码", "隐藏代码", "回答正确", "答错了", "再想一想", "复制到剪贴板", "搜索本书",
                     "已走过的步骤", "交互图加载失败"]
# words that prose may quote (点“重新作答”可以从头再来) but that are a button on a line of their own
BUTTON_LINES = {"重新作答", "重新开始", "提交", "重置", "开始", "下一步", "确定"}
WIDGET_NOTE = "网页版中可"


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _cjk(text: str) -> str:
    return "".join(CJK.findall(text))


@lru_cache(maxsize=1)
def _reader():
    pypdf = pytest.importorskip("pypdf")
    if not PDF.is_file():
        if os.environ.get("COURSE_REQUIRE_PDF"):      # make test: the PDF was to be built first
            pytest.fail(f"{PDF} is missing although make test built it")
        pytest.skip("the PDF is not built: run `make pdf`")
    return pypdf.PdfReader(PDF)


@lru_cache(maxsize=1)
def _texts() -> tuple[str, ...]:
    """The text of every page as poppler's ``pdftotext -layout`` reads it (the engine of most
    Linux PDF viewers; Debian's poppler-utils, installed by tools/sysdeps.sh): about 2 s for the
    book, where pypdf's ``extract_text`` takes a minute."""
    _reader()
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.fail("pdftotext is missing: tools/sysdeps.sh poppler-utils")
    out = subprocess.run([pdftotext, "-layout", "-enc", "UTF-8", str(PDF), "-"], check=True,
                         capture_output=True, timeout=300).stdout.decode("utf-8")
    pages = out.split("\f")
    if pages and not pages[-1].strip():
        pages.pop()
    assert len(pages) == len(_reader().pages), (len(pages), len(_reader().pages))
    return tuple(pages)


@lru_cache(maxsize=1)
def _outline() -> tuple[tuple[int, str, int], ...]:
    reader = _reader()
    rows: list[tuple[int, str, int]] = []

    def walk(items, level):
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                rows.append((level, str(item.title), reader.get_destination_page_number(item) + 1))

    walk(reader.outline, 1)
    return tuple(rows)


def _docs() -> list[Path]:
    toc = yaml.safe_load((ROOT / "book" / "_toc.yml").read_text(encoding="utf-8"))
    names = [toc["root"]] + [ch["file"] for part in toc["parts"] for ch in part["chapters"]]
    out = []
    for name in names:
        for suffix in (".ipynb", ".md"):
            if (ROOT / (name + suffix)).is_file():
                out.append(ROOT / (name + suffix))
    assert len(out) == len(names)
    return out


def _markdown(path: Path) -> str:
    if path.suffix == ".ipynb":
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        return "\n\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    return path.read_text(encoding="utf-8")


def _title(path: Path) -> str:
    m = re.search(r"^# (.+)$", _markdown(path), re.M)
    assert m, path
    return re.sub(r"[`*]", "", m.group(1)).strip()


def _sentence(path: Path) -> str:
    """The longest run of Chinese characters in the first paragraphs after the title."""
    text = _markdown(path)
    body = text[re.search(r"^# .+$", text, re.M).end():][:3000]
    body = re.sub(r"\{[a-z]+\}`[^`]*`|\(\w[\w-]*\)=|```.*?```", "", body, flags=re.S)
    runs = [r for r in CJK.findall(body)]
    best = max(runs, key=len)
    assert len(best) >= 8, (path, best)
    return best[:16]


def _chapter_pages() -> list[tuple[str, int, int]]:
    """(title, first page, last page) of every document, from the level-1 bookmarks."""
    tops = [(t, p) for level, t, p in _outline() if level == 1]
    n = len(_reader().pages)
    return [(t, p, (tops[i + 1][1] if i + 1 < len(tops) else n)) for i, (t, p) in enumerate(tops)]


def test_page_count_is_sane():
    n = len(_reader().pages)
    assert 150 <= n <= 1500, n


def test_every_document_has_a_bookmark_in_toc_order():
    tops = [_norm(t) for level, t, _ in _outline() if level == 1]
    want = [_norm(_title(p)) for p in _docs()]
    found = [t for t in tops if t in want]
    assert found == want, set(want) - set(tops)
    assert "附录：练习参考答案" in tops


def test_sections_have_bookmarks_under_their_chapter():
    outline = _outline()
    ch1 = next(i for i, (lv, t, _) in enumerate(outline) if _norm(t).startswith("第1章"))
    children = [t for lv, t, _ in outline[ch1 + 1:ch1 + 12] if lv == 2]
    assert any(t.startswith("1.1") for t in children) and any(t.startswith("1.6") for t in children)
    assert sum(1 for lv, _, _ in outline if lv >= 2) >= 100


def test_chinese_text_of_every_chapter_is_extractable():
    texts = _texts()
    pages = {_norm(t): (a, b) for t, a, b in _chapter_pages()}
    for path in _docs():
        title = _norm(_title(path))
        first, last = pages[title]
        assert title in _norm(texts[first - 1]), f"{title}: not on its bookmarked page {first}"
        sentence = _sentence(path)
        chapter = _cjk("".join(texts[first - 1:last]))
        assert sentence in chapter, f"{path.name}: {sentence!r} not found on pages {first}–{last}"
    # the radicals that Chromium would write for 民/网 with the system's CFF fonts are not there
    everything = "".join(texts)
    assert not re.search(r"[\u2e80-\u2fdf]", everything)
    assert "民众期望管理" in _norm(everything)


def _front_pages() -> int:
    """The number of pages before the body (cover and contents, labelled i, ii …)."""
    labels = _reader().page_labels
    return next(i for i, label in enumerate(labels) if label.isdigit())


def test_toc_page_numbers_point_to_the_chapter_start():
    texts = _texts()
    front = _front_pages()
    toc_pages = [i for i, t in enumerate(texts[:front]) if re.search(r"目\s*录", t.splitlines()[0] if t else "")]
    assert toc_pages, "no table of contents page"
    toc_text = "\n".join(texts[toc_pages[0]:front])
    lines = {}
    for line in toc_text.splitlines():
        m = re.match(r"^(.*\S)\s+(\d+)$", line.strip())
        if m:
            lines.setdefault(_norm(m.group(1)), int(m.group(2)))
    checked = 0
    for title, first, _ in _chapter_pages():
        t = _norm(title)
        if t not in lines:
            continue
        # the printed number is the body's page number: the page labelled so in the PDF
        assert lines[t] + front == first, f"TOC says {title} on page {lines[t]}, bookmark says {first - front}"
        assert t in _norm(texts[first - 1]), f"{title} is not on page {first}"
        checked += 1
    assert checked >= len(_docs()), f"only {checked} chapters found in the printed TOC"


def test_toc_lines_are_links_to_their_heading():
    reader = _reader()
    texts = _texts()
    front = _front_pages()
    links = []
    for page in reader.pages[:front]:
        for ref in page.get("/Annots", []) or []:
            annot = ref.get_object()
            if annot.get("/Subtype") == "/Link":
                dest = annot.get("/Dest")
                assert dest is not None and not isinstance(dest, str), f"TOC link without a target: {annot}"
                links.append(reader.get_destination_page_number(
                    reader._build_destination("", dest.get_object())) + 1)
    n_entries = sum(1 for t in "\n".join(texts[:front]).splitlines() if re.search(r"\s\d+$", t.strip()))
    assert len(links) >= n_entries >= len(_docs()), (len(links), n_entries)
    assert all(front < p <= len(texts) for p in links)
    assert links == sorted(links), "TOC links are not in page order"


def test_every_page_has_its_number_in_the_footer():
    texts = _texts()
    labels = _reader().page_labels
    front = _front_pages()
    assert front >= 2 and [labels[i] for i in range(2)] == ["i", "ii"]
    assert not re.search(r"(^|\n)\s*\d+\s*$", texts[0].rstrip()), "the cover has a page number"
    missing = [i + 1 for i, t in enumerate(texts) if i >= front
               and not (labels[i] == str(i - front + 1) and re.search(rf"(^|\n)\s*{labels[i]}\s*$", t.rstrip()))]
    assert not missing, f"pages without their number: {missing[:20]}"


def test_the_pdf_is_tagged():
    root = _reader().trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    assert str(root.get("/Lang", "")).startswith("zh")


def test_every_font_is_embedded():
    reader = _reader()
    seen: set[int] = set()
    bad: list[str] = []

    def check(resources):
        resources = resources.get_object() if resources is not None else {}
        for ref in resources.get("/Font", {}).values():
            if ref.idnum in seen:
                continue
            seen.add(ref.idnum)
            font = ref.get_object()
            descriptors = []
            if font.get("/Subtype") == "/Type0":
                descriptors = [d.get_object().get("/FontDescriptor") for d in font["/DescendantFonts"]]
            else:
                descriptors = [font.get("/FontDescriptor")]
            for d in descriptors:
                d = d.get_object() if d is not None else {}
                if not any(k in d for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                    bad.append(f"{font.get('/Subtype')} {font.get('/BaseFont')} {d.get('/FontFamily')}")
        for ref in resources.get("/XObject", {}).values():
            x = ref.get_object()
            if "/Resources" in x:
                check(x["/Resources"])

    for page in reader.pages:
        check(page.get("/Resources"))
    assert len(seen) > 3
    assert not bad, f"fonts without an embedded font program: {sorted(set(bad))[:10]}"


def test_no_page_shows_a_live_looking_control():
    for i, text in enumerate(_texts()):
        flat = _norm(text)
        for word in LIVE_CONTROL_TEXT:
            assert word not in flat, f"page {i + 1} shows {word!r}"
        buttons = {line.strip() for line in text.splitlines()} & BUTTON_LINES
        assert not buttons, f"page {i + 1} shows a button {buttons}"


def test_every_static_widget_carries_the_note():
    notes = sum(_norm(t).count(WIDGET_NOTE) for t in _texts())
    if not HTML.is_dir():
        pytest.skip("book/_build/html is missing: the number of widgets is counted there")
    pages = [HTML / path.relative_to(ROOT).with_suffix(".html") for path in _docs()]
    widgets = sum(p.read_text(encoding="utf-8").count('data-widget="static"') for p in pages if p.is_file())
    assert widgets > 0
    assert notes >= widgets, f"{notes} notes for {widgets} widgets"


def test_answer_keys_and_solution_appendix():
    outline = _outline()
    texts = _texts()
    chapters = [t for t in _chapter_pages() if re.match(r"第\s*\d+\s*章|专题", t[0])]
    keys = [t for lv, t, _ in outline if lv == 2 and t == "本章小测验答案"]
    assert len(keys) >= len(chapters), f"{len(keys)} answer keys for {len(chapters)} chapters"
    appendix = next(p for lv, t, p in outline if lv == 1 and t == "附录：练习参考答案")
    body = _norm("".join(texts[appendix - 1:]))
    assert body.count("参考答案") >= 20
    assert "练习1" in body
    # no solution printed inline: each chapter only points to the appendix
    before = _norm("".join(texts[:appendix - 1]))
    assert "#参考答案" not in before
    assert before.count("参考答案见书末附录") >= len(chapters)
    # answer key lines look like "1. B　explanation"
    first_key = next(p for lv, t, p in outline if t == "本章小测验答案")
    assert re.search(r"(^|\n)1\.\s*[A-E]", texts[first_key - 1])
