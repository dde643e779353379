"""The pure functions of tools/pdf.py (the PDF edition): TOC parts, page matching, fonts."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]


def _load():
    spec = importlib.util.spec_from_file_location("course_pdf_tool", ROOT / "tools" / "pdf.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


pdf = _load()


def test_toc_parts_of_the_book_are_its_parts_in_order():
    toc = yaml.safe_load((ROOT / "book" / "_toc.yml").read_text(encoding="utf-8"))
    parts = pdf.toc_parts(toc)
    assert [caption for caption, _ in parts] == ["课程正文", "专题", "用于工作", "附录"]
    assert parts[0][1][0] == "chapters/01_background"
    assert parts[2][1] == ["chapters/12_own_data"]
    assert parts[3][1] == ["book/instructor_guide", "book/glossary", "book/appendix_data", "book/api"]
    # no suffix survives, even when the TOC names the file with one
    assert pdf.toc_parts({"parts": [{"caption": "x", "chapters": [{"file": "a/b.md"}]}]}) == [("x", ["a/b"])]


def test_normalise_drops_every_kind_of_white_space():
    assert pdf.normalise("第 1 章\u3000背景与定义\n") == "第1章背景与定义"
    assert pdf.normalise(" 1.1 群众的期望 在变高 ") == "1.1群众的期望在变高"


def test_match_pages_follows_document_order_for_repeated_titles():
    outline = [(1, "民众期望管理", 6), (1, "第 1 章　背景", 8), (2, "参考文献", 16),
               (2, "本章小测验答案", 17), (1, "第 2 章　形成", 18), (2, "参考文献", 32)]
    entries = [{"id": "a", "title": "第 1 章 背景"}, {"id": "b", "title": "参考文献"},
               {"id": "c", "title": "第 2 章 形成"}, {"id": "d", "title": "参考文献"}]
    assert pdf.match_pages(entries, outline) == {"a": 8, "b": 16, "c": 18, "d": 32}


def test_match_pages_leaves_out_a_title_with_no_bookmark_and_goes_on():
    outline = [(1, "甲", 3), (1, "乙", 5)]
    entries = [{"id": "x", "title": "甲"}, {"id": "y", "title": "不存在"}, {"id": "z", "title": "乙"}]
    assert pdf.match_pages(entries, outline) == {"x": 3, "z": 5}


class _Item:
    def __init__(self, title: str, page: int) -> None:
        self.title, self.page = title, page


def test_flatten_outline_numbers_levels_and_pages_from_one():
    nested = [_Item("第 1 章", 7), [_Item("1.1", 7), [_Item("1.1.1", 8)]], _Item("第 2 章", 9)]
    rows = pdf.flatten_outline(nested, lambda item: item.page)
    assert rows == [(1, "第 1 章", 8), (2, "1.1", 8), (3, "1.1.1", 9), (1, "第 2 章", 10)]


def test_charset_key_depends_on_the_set_of_characters_only():
    assert pdf.charset_key("民众期望") == pdf.charset_key("望期众民民")
    assert pdf.charset_key("民众") != pdf.charset_key("民众期")
    assert len(pdf.charset_key("x")) == 12


def test_font_css_names_every_face_with_a_file_address():
    css = pdf.font_css({("PDF Serif", 400): Path("/tmp/a b.ttf"), ("PDF Serif", 700): Path("/tmp/c.ttf")})
    assert css.count("@font-face") == 2
    assert 'font-weight: 700; src: url("file:///tmp/c.ttf")' in css
    assert "file:///tmp/a%20b.ttf" in css


def test_every_face_is_a_simplified_chinese_noto_face():
    assert {family for family, _ in pdf.FACES} == {"PDF Serif", "PDF Sans", "PDF Mono"}
    assert all(name.startswith("Noto ") and " CJK SC" in name for _, name in pdf.FACES.values())


def test_undouble_repairs_only_an_exact_doubling():
    assert pdf.undouble("第 1 章\u3000背景第 1 章\u3000背景") == "第 1 章\u3000背景"
    assert pdf.undouble("1.8 小结") == "1.8 小结"
    assert pdf.undouble("") == ""
    rows = pdf.flatten_outline([_Item("小结小结", 0)], lambda item: item.page)
    assert rows == [(1, "小结", 1)]
    assert pdf.flatten_outline([_Item("小结小结", 0)], lambda item: item.page, raw=True) == [(1, "小结小结", 1)]


def test_pages_by_order_pairs_the_nth_bookmark_with_the_nth_heading():
    heads = [{"id": "h1", "title": "第 1 章"}, {"id": "h2", "title": "1.1 节"}]
    assert pdf.pages_by_order(heads, [(1, "第 1 章第 1 章", 8), (2, "1.1 节", 9)]) == {"h1": 8, "h2": 9}
    # a bookmark more or less than headings: no pairing (the caller matches titles instead)
    assert pdf.pages_by_order(heads, [(1, "第 1 章", 8)]) is None


def test_on_page_moves_a_title_to_the_next_page_only_when_it_is_there():
    text = {10: "上一章的末尾……\n10", 11: "附录：函数参考\n11"}.get
    assert pdf.on_page("附录：函数参考", 10, text) == 11
    assert pdf.on_page("附录：函数参考", 11, text) == 11
    assert pdf.on_page("不在任何一页", 10, text) == 10


def _pdf_bytes(writer) -> bytes:
    import io

    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def test_assemble_puts_the_front_pages_first_links_the_contents_and_labels_the_pages():
    import io

    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, DictionaryObject, FloatObject, NameObject

    body = PdfWriter()
    for _ in range(3):
        body.add_blank_page(100, 100)
    top = body.add_outline_item(title="第 1 章第 1 章", page_number=0)
    body.add_outline_item(title="1.1 节", page_number=0, parent=top)   # pushed to page 2 in print
    body.add_outline_item(title="附录", page_number=2)
    front = PdfWriter()
    for _ in range(2):
        front.add_blank_page(100, 100)
    for i, target in enumerate(["pdf-h-1", "pdf-h-2", "pdf-h-3"]):
        link = DictionaryObject({NameObject("/Type"): NameObject("/Annot"),
                                 NameObject("/Subtype"): NameObject("/Link"),
                                 NameObject("/Rect"): ArrayObject([FloatObject(v) for v in (0, i, 10, i + 1)]),
                                 NameObject("/Dest"): NameObject("/" + target)})
        front.add_annotation(1, link)
    headings = [{"id": "pdf-h-1", "title": "第 1 章"}, {"id": "pdf-h-2", "title": "1.1 节"},
                {"id": "pdf-h-3", "title": "附录"}]
    raw_body = _pdf_bytes(body)
    out = pdf.assemble(_pdf_bytes(front), raw_body, headings, [None, 2, None])
    assert out.startswith(raw_body)                  # an incremental update of the body's print
    reader = PdfReader(io.BytesIO(out))
    assert len(reader.pages) == 5
    assert reader.page_labels == ["i", "ii", "1", "2", "3"]
    rows = pdf.flatten_outline(reader.outline, reader.get_destination_page_number, raw=True)
    assert rows == [(1, "第 1 章", 3), (2, "1.1 节", 4), (1, "附录", 5)]
    targets = [reader.get_destination_page_number(reader._build_destination("", a.get_object()["/Dest"])) + 1
               for a in reader.pages[1]["/Annots"]]
    assert targets == [3, 4, 5]


def test_assemble_refuses_a_contents_link_without_a_heading():
    from pypdf import PdfWriter
    from pypdf.generic import ArrayObject, DictionaryObject, FloatObject, NameObject

    body = PdfWriter()
    body.add_blank_page(100, 100)
    body.add_outline_item(title="第 1 章", page_number=0)
    front = PdfWriter()
    front.add_blank_page(100, 100)
    link = DictionaryObject({NameObject("/Type"): NameObject("/Annot"), NameObject("/Subtype"): NameObject("/Link"),
                             NameObject("/Rect"): ArrayObject([FloatObject(v) for v in (0, 0, 1, 1)]),
                             NameObject("/Dest"): NameObject("/pdf-h-9")})
    front.add_annotation(0, link)
    with pytest.raises(RuntimeError, match="pdf-h-9"):
        pdf.assemble(_pdf_bytes(front), _pdf_bytes(body), [{"id": "pdf-h-1", "title": "第 1 章"}])
