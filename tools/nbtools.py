"""Small authoring helpers for the chapter notebooks (used by the lead authors, not by readers).

    python tools/nbtools.py run chapters/01_background.ipynb   # execute in place, store outputs

Outputs are stored in the source notebooks because nbval compares against them. After running,
``finalize`` prepares what an instructor sees when opening a chapter in JupyterLab before running
it: every ``{eval}`name``` of the prose gets its glued value stored in the Markdown cell's
``user_expressions`` metadata (what jupyterlab-myst shows), and saved live-widget state is
dropped (a saved ipywidget draws controls that do nothing until the cell is run); the widget
cells keep their static view.
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient


def md(text: str, **meta) -> nbformat.NotebookNode:
    return nbformat.v4.new_markdown_cell(text.strip("\n"), metadata=meta)


def code(text: str, tags: list[str] | None = None, **meta) -> nbformat.NotebookNode:
    if tags:
        meta["tags"] = tags
    return nbformat.v4.new_code_cell(text.strip("\n"), metadata=meta)


def new_notebook(cells: list) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"display_name": "Python 3 (ipykernel)", "language": "python",
                                 "name": "python3"}
    nb.metadata["language_info"] = {"name": "python"}
    return nb


EVAL_ROLE = re.compile(r"\{eval\}`([^`]+)`")
GLUE_PREFIX = "application/papermill.record/"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def glued_values(nb: nbformat.NotebookNode) -> dict[str, str]:
    """{glue name: text shown in the prose} from the stored outputs of a notebook."""
    values = {}
    for cell in nb.cells:
        for out in cell.get("outputs", []) if cell.cell_type == "code" else []:
            name = out.get("metadata", {}).get("scrapbook", {}).get("name")
            text = out.get("data", {}).get(GLUE_PREFIX + "text/plain")
            if name is not None and text is not None:
                try:
                    value = ast.literal_eval(text)
                except (SyntaxError, ValueError):
                    value = text
                values[name] = str(value)
    return values


def finalize(nb: nbformat.NotebookNode, source: str = "notebook") -> nbformat.NotebookNode:
    """Store the values of ``{eval}`` roles for jupyterlab-myst; drop saved widget state."""
    values = glued_values(nb)
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        exprs = list(dict.fromkeys(EVAL_ROLE.findall(cell.source)))
        if not exprs:
            cell.metadata.pop("user_expressions", None)
            continue
        missing = [e for e in exprs if e not in values]
        if missing:
            raise SystemExit(f"{source}: {{eval}} names never glued: {missing}")
        cell.metadata["user_expressions"] = [
            {"expression": e, "result": {"status": "ok", "data": {"text/plain": values[e]},
                                         "metadata": {}}} for e in exprs]
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        for out in cell.get("outputs", []) if cell.cell_type == "code" else []:
            out.get("data", {}).pop(WIDGET_VIEW, None)
    return nb


def run(path: str | Path) -> None:
    path = Path(path)
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    nbformat.write(finalize(nb, str(path)), path)


def to_eval(path: str | Path) -> None:
    """Rewrite ``{glue:text}`name``` as ``{eval}`name``` and glue through ``helpers.book.glue``.

    A glue name that is also a variable of the notebook is renamed ``<name>_text`` first, so that
    binding the glued value to its name never overwrites a variable of the chapter.
    """
    path = Path(path)
    nb = nbformat.read(path, as_version=4)
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    names = set(re.findall(r"glue\(\s*[\"']([^\"']+)[\"']", code))
    assigned = set(re.findall(r"^\s*([A-Za-z_]\w*)\s*(?:,\s*\w+\s*)*=", code, re.M))
    assigned |= set(re.findall(r"\bfor\s+([A-Za-z_]\w*)", code))
    assigned |= set(re.findall(r"\b(?:def|class|import|as)\s+([A-Za-z_]\w*)", code))
    rename = {n: f"{n}_text" for n in names if n in assigned}
    for cell in nb.cells:
        src = cell.source
        if cell.cell_type == "code":
            src = src.replace("from myst_nb import glue", "from helpers.book import glue")
            for old, new in rename.items():
                src = re.sub(rf"glue\(\s*([\"']){old}\1", f'glue("{new}"', src)
        else:
            def repl(m: re.Match) -> str:
                key = m.group(1)
                if ":" in key:
                    raise SystemExit(f"{path}: format spec in {{glue:text}}`{key}`: format in the code")
                return f"{{eval}}`{rename.get(key, key)}`"
            src = re.sub(r"\{glue(?::text)?\}`([^`]+)`", repl, src)
        cell.source = src
    nbformat.write(nb, path)


_CJK = ("\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
        "\ufe30-\ufe4f\uff00-\uffef\u2018-\u201d")
_TAIL_MARKUP = re.compile(r"(\*\*|\*|_|`|\]\([^)]*\))+$")
_HEAD_MARKUP = re.compile(r"^(\*\*|\*|_|\[|\{term\}`|\{ref\}`|\{eval\}`)+")
_NO_JOIN = re.compile(r"^\s*(#|\||:|```|\$\$|>|[-*+] |\d+\. )")     # never joined onto a line above
_NO_CONTINUE = re.compile(r"^\s*(#|\||:|```|\$\$)")                 # never continued by the next


def _fence_states(lines: list[str]) -> list[bool]:
    """For each line: is it inside (or a fence of) a fenced code block? Directives are not code."""
    stack: list[str] = []
    states = []
    for line in lines:
        st = line.strip()
        if st.startswith("```"):
            if st == "```" and stack:
                states.append(stack[-1] == "code")
                stack.pop()
                continue
            stack.append("directive" if st.startswith("```{") else "code")
            states.append(stack[-1] == "code")
            continue
        states.append(bool(stack) and stack[-1] == "code")
    return states


def _visible_end(line: str) -> str:
    return _TAIL_MARKUP.sub("", line.rstrip())[-1:]


def _visible_start(line: str) -> str:
    return _HEAD_MARKUP.sub("", line.lstrip())[:1]


def cjk_breaks(text: str) -> list[int]:
    """Line numbers (0-based) whose break falls between two Chinese characters of one paragraph.

    Markdown renders such a break as a space, which Chromium shows inside the sentence. Headings,
    table rows, directive options, list items, quotes and fenced code are left alone.
    """
    lines = text.split("\n")
    code = _fence_states(lines)
    out = []
    for i, line in enumerate(lines[:-1]):
        if code[i] or _NO_CONTINUE.match(line) or not line.strip():
            continue
        nxt = lines[i + 1]
        if not nxt.strip() or _NO_JOIN.match(nxt):
            continue
        a, b = _visible_end(line), _visible_start(nxt)
        if a and b and re.match(f"[{_CJK}]", a) and re.match(f"[{_CJK}]", b):
            out.append(i)
    return out


def join_cjk_lines(text: str) -> str:
    """Join the lines found by :func:`cjk_breaks` (one paragraph, one line)."""
    lines = text.split("\n")
    for i in reversed(cjk_breaks(text)):
        lines[i] = lines[i].rstrip() + lines[i + 1].lstrip()
        del lines[i + 1]
    return "\n".join(lines)


def join_cjk(path: str | Path) -> int:
    """Join Chinese line breaks in every Markdown cell (or a .md file); return how many."""
    path = Path(path)
    if path.suffix == ".md":
        text = path.read_text(encoding="utf-8")
        n = len(cjk_breaks(text))
        path.write_text(join_cjk_lines(text), encoding="utf-8")
        return n
    nb = nbformat.read(path, as_version=4)
    n = 0
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            n += len(cjk_breaks(cell.source))
            cell.source = join_cjk_lines(cell.source)
    nbformat.write(nb, path)
    return n


_QUOTED = re.compile(r'"([^"\n`]*)"')
_CODE_SPAN = re.compile(r"(`[^`\n]*`)")


def chinese_quotes(text: str) -> str:
    """Replace ASCII double quotes around Chinese text with “ ” (not in code spans or fences)."""
    out = []
    lines = text.split("\n")
    for line, code in zip(lines, _fence_states(lines)):
        if code:
            out.append(line)
            continue
        parts = _CODE_SPAN.split(line)
        for k in range(0, len(parts), 2):
            parts[k] = _QUOTED.sub(
                lambda m: f"“{m.group(1)}”" if re.search(f"[{_CJK}]", m.group(1)) else m.group(0),
                parts[k])
        out.append("".join(parts))
    return "\n".join(out)


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "run":
        for p in sys.argv[2:]:
            run(p)
            print("executed", p)
    elif len(sys.argv) >= 3 and sys.argv[1] == "cn-quotes":
        for p in map(Path, sys.argv[2:]):
            if p.suffix == ".md":
                p.write_text(chinese_quotes(p.read_text(encoding="utf-8")), encoding="utf-8")
            else:
                nb = nbformat.read(p, as_version=4)
                for cell in nb.cells:
                    if cell.cell_type == "markdown":
                        cell.source = chinese_quotes(cell.source)
                nbformat.write(nb, p)
            print("quotes:", p)
    elif len(sys.argv) >= 3 and sys.argv[1] == "join-cjk":
        for p in sys.argv[2:]:
            print(f"{p}: joined {join_cjk(p)} line breaks inside Chinese sentences")
    elif len(sys.argv) >= 3 and sys.argv[1] == "to-eval":
        for p in sys.argv[2:]:
            to_eval(p)
            print("converted", p)
    else:
        print(__doc__)
