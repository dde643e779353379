"""The instructor's JupyterLab workspace (``make lab``, ``make lab-reset``).

``make lab`` does not open the source notebooks in ``chapters/`` (their stored outputs are what
the tests compare against); it opens a working copy in ``.lab/``:

    python tools/lab.py prepare            # copy missing chapters into .lab/, write the landing page
    python tools/lab.py reset 03           # put chapter 3 back as published (or: reset all)

The working copies are trusted (``jupyter trust``), so that the stored quizzes and static charts
work when a chapter is opened, before it is run: the static charts load Vega from the workspace's
``_static/vendor/vega`` (copied from ``node_modules``, as the book does), so their sliders switch
the precomputed results without a kernel; after "run all" the live widgets recompute. The landing notebook ``00_课程首页.ipynb``
lists the chapters (from ``book/_toc.yml``) and says how to run and reset them.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
LAB = ROOT / ".lab"
LANDING = "00_课程首页.ipynb"


def chapters() -> list[Path]:
    toc = (ROOT / "book" / "_toc.yml").read_text(encoding="utf-8")
    return [ROOT / f"{f}.ipynb" for f in re.findall(r"file:\s*(chapters/\S+)", toc)]


def _title(path: Path) -> str:
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            m = re.search(r"^#\s+(.+)$", cell.source, re.M)
            if m:
                return m.group(1).strip()
    return path.stem


def landing(paths: list[Path]) -> nbformat.NotebookNode:
    rows = "\n".join(f"{i}. [{_title(p)}]({p.name})" for i, p in enumerate(paths, start=1))
    text = f"""# 民众期望管理：课堂版

欢迎使用本课程的 JupyterLab 课堂版。这里的每一章都是一个可以运行的笔记本：文字、计算和交互图都在一起。

```{{admonition}} 先打开哪一章
:class: tip
第一次上课，请从第 1 章开始。各章按顺序编写，后面的章节会用到前面讲过的概念。
```

## 各章

{rows}

## 怎样运行一章

1. 在左侧文件列表中双击一章，或点击上面的链接。打开时看到的是课程保存好的结果：数字、图表和小测验都可以直接阅读，小测验可以点击作答。
2. 在菜单中选择“运行 → 运行全部单元格”。运行完成后（每章约半分钟），交互图下方会出现可以拖动的滑块，每次拖动都会调用 `helpers` 重新计算。
3. 想改动参数或代码，直接编辑单元格，再按 `Shift + Enter` 运行。

## 怎样重置一章

这里打开的是课程笔记本的工作副本（保存在 `.lab/` 文件夹中），怎样修改都不会影响课程本身。要把某一章恢复成原样，先关闭它的标签页，然后在终端中运行：

```bash
make lab-reset CHAPTER=01   # 恢复第 1 章；不写 CHAPTER 则恢复全部章节
```

## 离线使用

课堂版和网页版一样完全离线：不连接互联网，也不检查更新。书中的数据均为**模拟数据**，仅用于演示方法。
"""
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(text)])
    nb.metadata["kernelspec"] = {"display_name": "Python 3 (ipykernel)", "language": "python",
                                 "name": "python3"}
    return nb


def _trust(paths: list[Path]) -> None:
    if paths:
        subprocess.run([sys.executable, "-m", "jupyter", "trust", *map(str, paths)], check=True,
                       stdout=subprocess.DEVNULL)


VEGA_FILES = {"vega/build/vega.min.js": "vega.min.js",
              "vega-lite/build/vega-lite.min.js": "vega-lite.min.js",
              "vega-embed/build/vega-embed.min.js": "vega-embed.min.js"}


def copy_vega(lab: Path) -> None:
    """Serve the Vega files from the workspace (``/files/_static/vendor/vega/``), offline."""
    target = lab / "_static" / "vendor" / "vega"
    target.mkdir(parents=True, exist_ok=True)
    for src, name in VEGA_FILES.items():
        path = ROOT / "node_modules" / src
        if not path.is_file():
            raise SystemExit(f"{path} is missing: run `make vendor` (npm ci) first")
        shutil.copy2(path, target / name)


def prepare(lab: Path = LAB) -> list[Path]:
    """Copy every chapter that is not in ``lab`` yet, (re)write the landing page, trust them."""
    lab.mkdir(parents=True, exist_ok=True)
    copy_vega(lab)
    written = []
    for src in chapters():
        dst = lab / src.name
        if not dst.exists():
            shutil.copy2(src, dst)
            written.append(dst)
    page = lab / LANDING
    nbformat.write(landing(chapters()), page)
    _trust([*written, page])
    return written


def reset(which: str | None, lab: Path = LAB) -> list[Path]:
    """Put one chapter (``"03"``) or all chapters back as published."""
    chosen = [c for c in chapters() if which in (None, "", "all") or c.name.startswith(which)]
    if not chosen:
        raise SystemExit(f"没有第 {which} 章 (no chapter {which!r})")
    for src in chosen:
        (lab / src.name).unlink(missing_ok=True)
        ckpt = lab / ".ipynb_checkpoints" / f"{src.stem}-checkpoint.ipynb"
        ckpt.unlink(missing_ok=True)
    prepare(lab)
    return [lab / c.name for c in chosen]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("command", choices=["prepare", "reset"])
    p.add_argument("chapter", nargs="?", help="with reset: the chapter number, e.g. 03 (default all)")
    p.add_argument("--dir", type=Path, default=LAB, help="workspace folder (default .lab)")
    args = p.parse_args(argv)
    if args.command == "prepare":
        written = prepare(args.dir)
        print(f"lab: {args.dir} ready ({len(written)} chapter(s) copied)")
    else:
        done = reset(args.chapter, args.dir)
        print("lab: reset " + ", ".join(d.name for d in done))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
