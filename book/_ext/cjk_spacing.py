"""Sphinx extension: no stray spaces inside Chinese sentences.

A Markdown source line broken inside a Chinese sentence ("和朋友圈，⏎都在") becomes a soft line break,
which HTML renders as whitespace; Chromium-based browsers (most office and intranet browsers) then
show a visible space between two Chinese characters. Chinese has no spaces between words, so this
transform removes every run of whitespace between two CJK characters (ideographs, kana and
full-width punctuation, and Chinese quotation marks next to them) in the text of the document,
also across inline markup ("**看得见**）、⏎效率"). Code, literal blocks and math are left alone.
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx.application import Sphinx

_CJK = ("\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u3400-\u4dbf\u4e00-\u9fff"
        "\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef")
_OPEN_Q = "\u2018\u201c"     # ‘ “
_CLOSE_Q = "\u2019\u201d"    # ’ ”
_WS = r"[ \t\r\n\f\v]+"   # ASCII whitespace only: an ideographic space (U+3000) is deliberate
CJK_GAP = re.compile(
    rf"(?<=[{_CJK}]){_WS}(?=[{_CJK}{_OPEN_Q}])|(?<=[{_CJK}{_CLOSE_Q}]){_WS}(?=[{_CJK}])")
_ASCII_WS = " \t\r\n\f\v"
_IS_CJK_LEFT = re.compile(rf"[{_CJK}{_CLOSE_Q}]$")
_IS_CJK_RIGHT = re.compile(rf"^[{_CJK}{_OPEN_Q}]")
_SKIP = (nodes.literal, nodes.literal_block, nodes.math, nodes.math_block, nodes.raw,
         nodes.FixedTextElement, nodes.comment)


def join_cjk(text: str) -> str:
    """Remove whitespace between two CJK characters.

    >>> join_cjk("和朋友圈，\\n都在 说")
    '和朋友圈，都在说'
    >>> join_cjk("期望 E 和 P")
    '期望 E 和 P'
    >>> join_cjk("第 1 章\u3000背景")
    '第 1 章\u3000背景'
    """
    return CJK_GAP.sub("", text)


def _skipped(node: nodes.Node) -> bool:
    parent = node.parent
    while parent is not None:
        if isinstance(parent, _SKIP):
            return True
        parent = parent.parent
    return False


def _fix_block(block: nodes.Element) -> None:
    texts = [t for t in block.findall(nodes.Text) if not _skipped(t)]
    new = [join_cjk(str(t)) for t in texts]
    # across node boundaries ("……、" + "\n" + "亲友", "……）⏎" + "**效率**"): whitespace at the
    # edge of a node, or a node of whitespace only, between two CJK characters
    for i, text in enumerate(new):
        before = next((x for x in reversed(new[:i]) if x.strip(_ASCII_WS)), "")
        after = next((x for x in new[i + 1:] if x.strip(_ASCII_WS)), "")
        core = text.strip(_ASCII_WS)
        if not core:
            if _IS_CJK_LEFT.search(before) and _IS_CJK_RIGHT.search(after):
                new[i] = ""
            continue
        if text[0] in _ASCII_WS and _IS_CJK_LEFT.search(before) and _IS_CJK_RIGHT.search(core):
            text = text.lstrip(_ASCII_WS)
        if text[-1] in _ASCII_WS and _IS_CJK_LEFT.search(core) and _IS_CJK_RIGHT.search(after):
            text = text.rstrip(_ASCII_WS)
        new[i] = text
    for t, text in zip(texts, new):
        if text != str(t):
            t.parent.replace(t, nodes.Text(text))


def remove_cjk_spaces(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    for block in doctree.findall(lambda n: isinstance(n, (nodes.paragraph, nodes.title,
                                                           nodes.caption, nodes.term,
                                                           nodes.rubric))):
        _fix_block(block)


def setup(app: Sphinx) -> dict:
    app.connect("doctree-resolved", remove_cjk_spaces)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
