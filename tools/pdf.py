"""The PDF edition of the book: ``book/_build/pdf/民众期望管理.pdf`` (``make pdf``).

The book's single-page HTML (Sphinx's ``singlehtml`` builder with the book's own configuration,
in ``book/_build/singlehtml``) is opened as a ``file://`` page in the Debian chromium that the
browser tests use (Playwright), with every request off the machine blocked. Once the static
widgets' charts and the formulas have rendered, ``tools/pdf_print.js`` reshapes the page for
print: a cover, a table of contents, every document in TOC order with its title as a level-1
heading; quizzes as numbered questions with the answer key at the end of the chapter; scenarios
as numbered steps; widgets in their default state with a note instead of their controls; the
folded 参考答案 of the exercises moved to an appendix 「练习参考答案」; no button, slider or
theme chrome. ``book/static/print.css`` is the print stylesheet.

The body (every document) is printed once, with page numbers in the footer from 1 and a PDF
bookmark per heading (``outline=True``); the page of every heading is read off that print (pypdf)
and written into the table of contents, which is then printed with the cover, unnumbered, on its
own. ``assemble`` puts the two together (the front pages labelled i, ii …, the body 1, 2 … as in
its footers) and points every line of the contents at its heading. One print of the whole book:
two prints of the same page can break a page differently, so the numbers are taken from the very
print that is shipped.

Fonts: the Noto CJK SC faces of Debian's fonts-noto-cjk. Chromium writes OpenType/CFF fonts
such as Noto CJK as Type 3 fonts (outlines drawn per glyph, no font program: large files, poor
rendering in some readers) and names each glyph by the lowest code point mapped to it, so that
民 became the radical ⺠ (U+2EA0) in the text layer and a search for 民众 found nothing.
``subset_fonts`` therefore makes, once per set of characters, TrueType copies of the faces
holding only the characters the book uses (fontTools: subset, cubic outlines converted to
quadratic, about 10 s per face, kept in ``book/_build/pdf/fonts``); Chromium embeds those as
real fonts (``/FontFile2``), and every glyph has exactly the code point of the text.

    python tools/pdf.py                       # book/_build/singlehtml -> book/_build/pdf/民众期望管理.pdf
    python tools/pdf.py --html DIR --out FILE
"""

from __future__ import annotations

import argparse
import hashlib
import io
import os
import re
import shutil
import sys
import time
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

import yaml

ROOT = Path(__file__).resolve().parents[1]
SINGLE = ROOT / "book" / "_build" / "singlehtml"
OUT = ROOT / "book" / "_build" / "pdf" / "民众期望管理.pdf"
PRINT_CSS = ROOT / "book" / "static" / "print.css"
PRINT_JS = Path(__file__).with_name("pdf_print.js")
TITLE = "民众期望管理"
AUTHOR = "课程编写组"
COVER_NOTE = ("本 PDF 由网页版自动生成。网页版中的交互图、小测验和情景演练在此印成静态形式："
              "图为默认设置下的图，小测验答案在各章末，练习参考答案在书末附录。书中数据均为模拟数据，"
              "另有出处注明者除外。")
WIDGET_NOTE = "网页版中可拖动滑块交互；此处为默认设置下的图"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-default-apps", "--disable-extensions", "--no-default-browser-check",
]
FOOTER = ('<div style="width:100%;text-align:center;font-size:9px;color:#555;'
          'font-family:sans-serif;"><span class="pageNumber"></span></div>')
MARGIN = {"top": "18mm", "bottom": "16mm", "left": "16mm", "right": "16mm"}
NOTO = Path("/usr/share/fonts/opentype/noto")
FONT_DIR = OUT.parent / "fonts"
# (CSS family, weight): (collection file of fonts-noto-cjk, full name of the face in it)
FACES = {
    ("PDF Serif", 400): ("NotoSerifCJK-Regular.ttc", "Noto Serif CJK SC"),
    ("PDF Serif", 700): ("NotoSerifCJK-Bold.ttc", "Noto Serif CJK SC Bold"),
    ("PDF Sans", 400): ("NotoSansCJK-Regular.ttc", "Noto Sans CJK SC"),
    ("PDF Sans", 700): ("NotoSansCJK-Bold.ttc", "Noto Sans CJK SC Bold"),
    ("PDF Mono", 400): ("NotoSansCJK-Regular.ttc", "Noto Sans Mono CJK SC"),
    ("PDF Mono", 700): ("NotoSansCJK-Bold.ttc", "Noto Sans Mono CJK SC Bold"),
}
# always in the fonts besides the book's own text (which misses what CSS writes: list markers,
# ::before content): ASCII, Latin-1, Greek, punctuation, arrows, maths, shapes, dingbats, CJK
# punctuation and full-width forms (the subset keeps those the face has)
BASE_CHARS = "".join(chr(c) for lo, hi in ((0x20, 0x7E), (0xA0, 0xFF), (0x370, 0x3FF), (0x2000, 0x206F),
                                           (0x2190, 0x22FF), (0x2460, 0x24FF), (0x25A0, 0x27BF),
                                           (0x3000, 0x303F), (0xFF00, 0xFFEF))
                     for c in range(lo, hi + 1))


def charset_key(chars: str) -> str:
    """A short name for a set of characters (order and repeats do not matter).

    >>> charset_key("民众") == charset_key("众民众")
    True
    """
    return hashlib.sha256("".join(sorted(set(chars))).encode("utf-8")).hexdigest()[:12]


def _face(collection: Path, name: str):
    """The face called ``name`` in a font collection (fontTools)."""
    from fontTools.ttLib import TTCollection, TTFont

    for i, face in enumerate(TTCollection(str(collection), lazy=True).fonts):
        if face["name"].getDebugName(4) == name:
            return TTFont(str(collection), fontNumber=i)
    raise SystemExit(f"pdf.py: no face {name!r} in {collection} (fonts-noto-cjk: tools/sysdeps.sh)")


def otf_to_ttf(font) -> None:
    """Turn an OpenType/CFF font (fontTools ``TTFont``) into a TrueType one, in place.

    The cubic outlines are approximated by quadratic ones (cu2qu, error at most 1 unit of
    1000 per em); the tables that only CFF fonts have are dropped (fontTools' otf2ttf recipe).
    """
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import newTable

    order = font.getGlyphOrder()
    glyphset = font.getGlyphSet()
    glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyphset)
        glyphset[name].draw(Cu2QuPen(pen, 1.0, reverse_direction=True))
        glyphs[name] = pen.glyph()
    font["loca"] = newTable("loca")
    font["glyf"] = glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = glyphs
    for tag in ("CFF ", "VORG"):
        if tag in font:
            del font[tag]
    glyf.compile(font)
    hmtx = font["hmtx"]
    for name, glyph in glyphs.items():
        if hasattr(glyph, "xMin"):
            hmtx[name] = (hmtx[name][0], glyph.xMin)
    font["maxp"] = maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for field in ("maxZones",):
        setattr(maxp, field, 1)
    for field in ("maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                  "maxStackElements", "maxSizeOfInstructions", "maxComponentElements"):
        setattr(maxp, field, 0)
    maxp.compile(font)
    post = font["post"]
    post.formatType, post.extraNames, post.mapping = 3.0, [], {}
    font["head"].glyphDataFormat = 0
    font.sfntVersion = "\0\1\0\0"


def _make_face(collection: str, name: str, chars: str, path: str) -> str:
    """One subset TrueType face: the characters ``chars`` of face ``name``, written to ``path``."""
    from fontTools import subset

    font = _face(NOTO / collection, name)
    options = subset.Options()
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.desubroutinize = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted({ord(c) for c in chars}))
    subsetter.subset(font)
    otf_to_ttf(font)
    tmp = Path(path).with_suffix(".tmp")
    font.save(str(tmp))
    tmp.rename(path)
    return path


def subset_fonts(chars: str, dest: Path = FONT_DIR) -> dict[tuple[str, int], Path]:
    """TrueType subsets of ``FACES`` holding ``chars`` (and ``BASE_CHARS``), made in parallel
    and kept in ``dest`` under a name with ``charset_key``; older subsets are removed."""
    chars = "".join(sorted(set(chars + BASE_CHARS) - set("\n\r\t")))
    key = charset_key(chars)
    dest.mkdir(parents=True, exist_ok=True)
    paths = {face: dest / f"{name.replace(' ', '')}-{key}.ttf" for face, (_, name) in FACES.items()}
    todo = [(FACES[face][0], FACES[face][1], chars, str(path))
            for face, path in paths.items() if not path.is_file()]
    if todo:
        with ProcessPoolExecutor(max_workers=min(len(todo), os.cpu_count() or 1)) as pool:
            list(pool.map(_make_face, *zip(*todo)))
    for old in dest.iterdir():
        if old not in paths.values():
            old.unlink()
    return paths


def font_css(fonts: dict[tuple[str, int], Path]) -> str:
    """``@font-face`` rules for the subset faces (file:// addresses; the page is a file too).

    >>> print(font_css({("PDF Sans", 700): Path("/f/a.ttf")}))
    @font-face { font-family: "PDF Sans"; font-weight: 700; src: url("file:///f/a.ttf"); }
    """
    return "\n".join(f'@font-face {{ font-family: "{family}"; font-weight: {weight}; '
                     f'src: url("{path.as_uri()}"); }}' for (family, weight), path in fonts.items())


def toc_parts(toc: dict) -> list[tuple[str, list[str]]]:
    """The parts of a jb-book ``_toc.yml`` (already parsed) as ``(caption, [docname, ...])``.

    >>> toc_parts({"root": "book/intro", "parts": [{"caption": "正文",
    ...            "chapters": [{"file": "chapters/01_a"}, {"file": "chapters/02_b.ipynb"}]}]})
    [('正文', ['chapters/01_a', 'chapters/02_b'])]
    """
    return [(part.get("caption", ""),
             [re.sub(r"\.(ipynb|md)$", "", ch["file"]) for ch in part.get("chapters", [])])
            for part in toc.get("parts", [])]


def undouble(title: str) -> str:
    """A bookmark title that Chromium wrote twice over ("1.8 小结1.8 小结", seen for headings that
    start a page or are kept with what follows), once.

    >>> undouble("1.8 小结1.8 小结"), undouble("参考文献"), undouble("哈哈")
    ('1.8 小结', '参考文献', '哈')
    """
    half, odd = divmod(len(title), 2)
    if not odd and half and title[:half] == title[half:]:
        return title[:half]
    return title


def normalise(text: str) -> str:
    """A title as compared between the HTML and the PDF: no white space at all.

    >>> normalise("第 1 章　背景 与定义\\n")
    '第1章背景与定义'
    """
    return re.sub(r"\s+", "", text)


def flatten_outline(outline: Sequence, page_of, level: int = 1,
                    raw: bool = False) -> list[tuple[int, str, int]]:
    """pypdf's nested outline as ``[(level, title, page number from 1), ...]`` in order.

    Titles are ``undouble``-d unless ``raw``.
    ``page_of`` maps an outline item to its page index from 0 (``reader.get_destination_page_number``).
    A nested list holds the children of the item before it.
    """
    rows: list[tuple[int, str, int]] = []
    for item in outline:
        if isinstance(item, list):
            rows += flatten_outline(item, page_of, level + 1, raw)
        else:
            title = str(item.title)
            rows.append((level, title if raw else undouble(title), page_of(item) + 1))
    return rows


def match_pages(entries: Iterable[dict], outline: Sequence[tuple[int, str, int]]) -> dict[str, int]:
    """The page of each TOC entry (``{"id", "title"}``), found in the outline in order.

    The entries and the outline are both in document order, so each entry is looked for after the
    previous match (two sections may share a title, e.g. 参考文献 in every chapter).

    >>> match_pages([{"id": "a", "title": "参考文献"}, {"id": "b", "title": "参考文献"}],
    ...             [(1, "第 1 章", 3), (2, "参考 文献", 5), (1, "第 2 章", 6), (2, "参考文献", 9)])
    {'a': 5, 'b': 9}
    """
    pages: dict[str, int] = {}
    pos = 0
    for entry in entries:
        want = normalise(entry["title"])
        for i in range(pos, len(outline)):
            if normalise(outline[i][1]) == want:
                pages[entry["id"]] = outline[i][2]
                pos = i + 1
                break
    return pages


def outline_of(pdf: bytes) -> list[tuple[int, str, int]]:
    """The bookmarks of a PDF (bytes) as ``[(level, title, page), ...]``."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    return flatten_outline(reader.outline, reader.get_destination_page_number)


def pages_by_order(headings: Sequence[dict], outline: Sequence[tuple[int, str, int]]) -> dict[str, int] | None:
    """The page of every heading (``{"id", "title"}``, in document order), when Chromium wrote one
    bookmark per heading (then the n-th bookmark is the n-th heading); ``None`` otherwise.

    >>> pages_by_order([{"id": "a", "title": "甲"}, {"id": "b", "title": "乙"}], [(1, "甲甲", 3), (2, "乙", 4)])
    {'a': 3, 'b': 4}
    >>> pages_by_order([{"id": "a", "title": "甲"}], []) is None
    True
    """
    if len(headings) != len(outline):
        return None
    return {h["id"]: page for h, (_, _, page) in zip(headings, outline)}


def _retitle(writer, titles: Sequence[str], pages: Sequence[int | None] = (), offset: int = 0) -> list:
    """Set the bookmarks of ``writer`` (pypdf) to ``titles`` in document order: Chromium writes the
    text of some headings twice over (“附录：附录：helpershelpers函数参考函数参考”), so the titles
    are set from the page's own headings. ``pages`` (from 1, ``None``: unchanged; counted after
    ``offset`` pages) moves bookmarks to the top of a page. Returns the destination array of every
    bookmark, in the same order."""
    from pypdf.generic import ArrayObject, NameObject, TextStringObject

    root = writer._root_object
    stack = [root["/Outlines"].get_object()["/First"]] if "/Outlines" in root else []
    dests: list = []
    k = 0
    while stack and k < len(titles):   # pre-order: an item, its children, then the next one
        item = stack.pop().get_object()
        if str(item.get("/Title", "")) != titles[k]:
            item[NameObject("/Title")] = TextStringObject(titles[k])
        if k < len(pages) and pages[k] is not None:
            item[NameObject("/Dest")] = ArrayObject(
                [writer.pages[offset + pages[k] - 1].indirect_reference, NameObject("/Fit")])
            if "/A" in item:
                del item["/A"]
        dest = item.get("/Dest")
        if dest is None and "/A" in item:
            dest = item["/A"].get_object().get("/D")
        dests.append(dest.get_object() if dest is not None else None)
        k += 1
        stack += [item[key] for key in ("/Next", "/First") if key in item]
    return dests


def assemble(front: bytes, body: bytes, headings: Sequence[dict], moved: Sequence[int | None] = ()) -> bytes:
    """The book: the pages of ``front`` (cover and table of contents, printed without page numbers)
    before those of ``body`` (every document, numbered from 1 in its footer).

    An incremental update of ``body``, so that its tags (the structure tree Chromium writes) and
    bookmarks stay as printed: the bookmarks get the titles of ``headings`` (``{"id", "title"}``
    in document order; ``moved``: the page, from 1 in the body, of a bookmark to move, else ``None``), each link of the table of contents (a
    named destination ``#id`` that the body-less front print could not resolve) goes to the
    bookmark of its heading, and the page labels are i, ii … for the front and 1, 2 … for the body,
    as printed in the footers.
    """
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, NameObject

    writer = PdfWriter(io.BytesIO(body), incremental=True)
    front_pages = PdfReader(io.BytesIO(front)).pages
    n_front = len(front_pages)
    for i, page in enumerate(front_pages):
        writer.insert_page(page, i)
    dests = _retitle(writer, [h["title"] for h in headings], moved, offset=n_front)
    target = {h["id"]: d for h, d in zip(headings, dests) if d is not None}
    unresolved = []
    for page in writer.pages[:n_front]:
        for ref in page.get("/Annots", []) or []:
            annot = ref.get_object()
            name = str(annot.get("/Dest", "")).lstrip("/")
            if not name.startswith("pdf-h-"):
                continue
            if name in target:
                annot[NameObject("/Dest")] = ArrayObject(target[name])
            else:
                unresolved.append(name)
    if unresolved:
        raise RuntimeError(f"table of contents links with no bookmark: {unresolved[:10]}")
    writer.set_page_label(0, n_front - 1, style="/r")
    writer.set_page_label(n_front, len(writer.pages) - 1, style="/D", start=1)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def _route(route) -> None:
    """Let local files through; abort any request that would leave the machine."""
    parts = urlsplit(route.request.url)
    if parts.scheme in ("file", "data", "blob", "about") or parts.hostname in ("127.0.0.1", "localhost"):
        route.continue_()
    else:
        print(f"pdf.py: blocked {route.request.url}", file=sys.stderr)
        route.abort()


def _wait_rendered(page) -> None:
    """Wait until every static widget has drawn its chart (or failed) and MathJax has typeset."""
    page.wait_for_load_state("networkidle", timeout=180_000)
    page.wait_for_function(
        "() => Array.from(document.querySelectorAll('.course-widget[data-widget=static]'))"
        ".every(w => w.hasAttribute('data-ready') || w.hasAttribute('data-error'))",
        timeout=180_000)
    page.evaluate("() => (window.MathJax && MathJax.startup && MathJax.startup.promise) || null")
    failed = page.evaluate("() => Array.from(document.querySelectorAll('.course-widget[data-error]'))"
                           ".map(w => w.id + ': ' + w.getAttribute('data-error'))")
    if failed:
        raise RuntimeError("widgets did not render: " + "; ".join(failed))


def _print(page, part: str) -> bytes:
    """One print of a part of the prepared page, A4 and tagged: ``"body"`` (every document, page
    numbers in the footer, a bookmark per heading) or ``"front"`` (cover and table of contents,
    no page numbers, no bookmarks)."""
    page.evaluate("(part) => { document.body.dataset.pdfPart = part; }", part)
    body = part == "body"
    return page.pdf(format="A4", margin=MARGIN, print_background=True, display_header_footer=body,
                    header_template="<div></div>", footer_template=FOOTER, outline=body, tagged=True)


def on_page(title: str, page: int, text_of) -> int:
    """``page``, or the page after it when the title is only there (Chromium points the bookmark
    of a heading pushed to the next page by ``break-after: avoid`` at the page before).

    >>> on_page("附录", 4, {4: "……247", 5: "附录：函数"}.get), on_page("附录", 4, {4: "附 录"}.get)
    (5, 4)
    """
    want = normalise(title)
    if want in normalise(text_of(page) or "") or want not in normalise(text_of(page + 1) or ""):
        return page
    return page + 1


def _heading_pages(shape: dict, pdf: bytes, outline: Sequence) -> dict[str, int]:
    """The page of each heading of the prepared page in ``pdf``, a print of it whose bookmarks are
    ``outline`` (``outline_of``); every document's title is checked against the text of its page."""
    from pypdf import PdfReader

    pages = pages_by_order(shape["headings"], outline) or match_pages(shape["entries"], outline)
    reader = PdfReader(io.BytesIO(pdf))

    def text_of(n: int) -> str:
        return reader.pages[n - 1].extract_text() if 1 <= n <= len(reader.pages) else ""

    for entry in shape["entries"]:
        if entry["level"] == 1 and entry["id"] in pages:
            pages[entry["id"]] = on_page(entry["title"], pages[entry["id"]], text_of)
    return pages


def _fill_toc(page, pages: dict[str, int]) -> None:
    page.evaluate("""(pages) => document.querySelectorAll('.pdf-toc-page').forEach(s => {
        const p = pages[s.getAttribute('data-target')]; s.textContent = p ? String(p) : '';
    })""", pages)


def build(html: Path = SINGLE, out: Path = OUT, chromium: str | None = None) -> dict:
    """Print the single-page book in ``html`` to ``out``; returns what was printed."""
    from playwright.sync_api import sync_playwright

    html = html.resolve()
    index = html / "book" / "intro.html"
    if not index.is_file():
        raise SystemExit(f"pdf.py: {index} is missing: build the single-page book first (make pdf)")
    chromium = chromium or shutil.which("chromium") or "/usr/bin/chromium"
    toc = yaml.safe_load((ROOT / "book" / "_toc.yml").read_text(encoding="utf-8"))
    from helpers.scenario import VERDICTS


    opts = {"parts": toc_parts(toc), "verdicts": VERDICTS, "title": TITLE, "author": AUTHOR,
            "note": COVER_NOTE, "widgetNote": WIDGET_NOTE}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1000, "height": 1400}, locale="zh-CN")
        context.route("**/*", _route)
        page = context.new_page()
        # singlehtml writes the root document to book/intro.html but every address in it relative
        # to the build folder (_static/…, _images/…): a copy at the top level resolves them
        top = html / "_pdf_print.html"
        # formulas as SVG paths (MathJax's CHTML fonts would be printed as Type 3 fonts)
        top.write_text(index.read_text(encoding="utf-8").replace(
            "vendor/mathjax/tex-chtml.js", "vendor/mathjax/tex-svg.js"), encoding="utf-8")
        page.goto(top.as_uri(), wait_until="load", timeout=180_000)
        _wait_rendered(page)
        shape = page.evaluate(PRINT_JS.read_text(encoding="utf-8"), opts)
        fonts = subset_fonts(page.evaluate("() => document.body.textContent"))
        page.add_style_tag(content=font_css(fonts) + "\n" + PRINT_CSS.read_text(encoding="utf-8"))
        page.emulate_media(media="print")
        page.evaluate("() => Promise.all(Array.from(document.fonts).map(f => f.load()))"
                      ".then(() => document.fonts.ready)")
        # the body is printed once and is the book's body: the page of every heading is read off
        # that very print (two prints of the same page can break a page differently), written into
        # the table of contents, and the cover and contents are printed on their own before it
        body = _print(page, "body")
        raw = outline_of(body)
        pages = _heading_pages(shape, body, raw)
        _fill_toc(page, pages)
        front = _print(page, "front")
        browser.close()
    out.parent.mkdir(parents=True, exist_ok=True)
    headings = shape["headings"]
    moved = [pages[h["id"]] if h["id"] in pages and len(raw) == len(headings) and raw[i][2] != pages[h["id"]]
             else None for i, h in enumerate(headings)]
    pdf = assemble(front, body, headings, moved)
    out.write_bytes(pdf)
    missing = [e["title"] for e in shape["entries"] if e["id"] not in pages]
    if missing:
        raise RuntimeError(f"{out}: no bookmark for TOC entries: {missing}")
    return {"entries": len(shape["entries"]), "docs": [d["name"] for d in shape["docs"]],
            "bytes": len(pdf)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--html", type=Path, default=SINGLE, help="the singlehtml build folder")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    start = time.perf_counter()
    info = build(args.html, args.out)
    from pypdf import PdfReader

    n = len(PdfReader(args.out).pages)
    print(f"pdf.py: {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}: "
          f"{n} pages, {info['bytes'] / 1e6:.1f} MB, {len(info['docs'])} documents, "
          f"{info['entries']} TOC entries, {time.perf_counter() - start:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
