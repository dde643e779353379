"""Charts for the course: seaborn/matplotlib with a Chinese (CJK) font, and Altair defaults.

Matplotlib has no Chinese glyphs in its bundled fonts: without a CJK font every Chinese label
silently renders as empty boxes ("tofu"). :func:`use_chinese_font` registers Noto Sans CJK SC
(Debian package ``fonts-noto-cjk``, installed by ``make book``) and fails loudly when no CJK font
can be found, instead of drawing boxes.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import matplotlib
from matplotlib import font_manager

from helpers._validate import HelpersError

__all__ = ["use_chinese_font", "chinese_font_name", "CJK_FONT_FILES", "gap_bar_chart"]

CJK_FONT_FILES: tuple[str, ...] = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJKsc-Regular.otf",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/System/Library/Fonts/PingFang.ttc",
    "C:/Windows/Fonts/msyh.ttc",
)
"""Font files tried in order (Debian, macOS, Windows); ``HELPERS_CJK_FONT`` overrides."""

_PREFERRED_NAMES = ("Noto Sans CJK SC", "Noto Sans CJK JP", "WenQuanYi Micro Hei", "PingFang SC",
                    "Microsoft YaHei")


@lru_cache(maxsize=1)
def chinese_font_name() -> str:
    """Register a CJK font with matplotlib and return its family name.

    Raises
    ------
    HelpersError
        If no CJK font is available (install Debian ``fonts-noto-cjk`` or set ``HELPERS_CJK_FONT``
        to a .ttf/.otf/.ttc file).
    """
    candidates = [os.environ["HELPERS_CJK_FONT"]] if os.environ.get("HELPERS_CJK_FONT") else []
    candidates += list(CJK_FONT_FILES)
    for path in candidates:
        if Path(path).is_file():
            font_manager.fontManager.addfont(path)
    names = {f.name for f in font_manager.fontManager.ttflist}
    for name in _PREFERRED_NAMES:
        if name in names:
            return name
    raise HelpersError(
        "找不到中文字体，图中的中文会显示为方框。请安装 fonts-noto-cjk（sudo apt-get install "
        "fonts-noto-cjk）或设置环境变量 HELPERS_CJK_FONT 指向字体文件 (no CJK font found: "
        "install Debian fonts-noto-cjk or set HELPERS_CJK_FONT to a font file)"
    )


def use_chinese_font(style: str = "whitegrid", context: str = "notebook") -> str:
    """Set the seaborn theme with a CJK font (call it once per notebook) and return the font name.

    ``sns.set_theme`` resets matplotlib's font settings, so the font is passed to it here rather
    than set beforehand.
    """
    import seaborn as sns

    name = chinese_font_name()
    sns.set_theme(style=style, context=context, font=name,
                  rc={"axes.unicode_minus": False, "figure.dpi": 110, "savefig.dpi": 110,
                      "svg.fonttype": "path"})
    matplotlib.rcParams["font.sans-serif"] = [name, "DejaVu Sans"]
    return name


def gap_bar_chart(frame, *, category: str, estimate: str = "estimate", ci_low: str = "ci_low",
                  ci_high: str = "ci_high", title: str = "", xlabel: str = "",
                  order: Sequence[str] | None = None, ax=None):
    """Horizontal bars of an estimate with its interval (negative gaps drawn in red).

    ``frame`` is a tidy result of one of the helpers (one row per category).
    """
    import matplotlib.pyplot as plt

    use_chinese_font()
    data = frame.set_index(category)
    if order is not None:
        data = data.loc[list(order)]
    if ax is None:
        _, ax = plt.subplots(figsize=(6.4, 0.45 * len(data) + 1.2))
    values = data[estimate].to_numpy(dtype=float)
    colors = ["#c0392b" if v < 0 else "#2e86c1" for v in values]
    err = [values - data[ci_low].to_numpy(dtype=float), data[ci_high].to_numpy(dtype=float) - values]
    ax.barh([str(i) for i in data.index], values, xerr=err, color=colors, capsize=3, alpha=0.85)
    ax.axvline(0, color="#333", lw=0.8)
    ax.invert_yaxis()
    ax.set_xlabel(xlabel)
    ax.set_ylabel("")
    if title:
        ax.set_title(title)
    return ax


def pointrange_chart(frame, *, x: str, estimate: str = "estimate", ci_low: str = "ci_low",
                     ci_high: str = "ci_high", title: str = "", xlabel: str = "", ylabel: str = "",
                     annotate: str | None = None, ax=None):
    """Points with interval bars, one per row of a tidy result (in the row order).

    ``annotate`` names a column whose values are written above each point (e.g. ``n``).
    """
    import matplotlib.pyplot as plt

    use_chinese_font()
    if ax is None:
        _, ax = plt.subplots(figsize=(6.4, 3.6))
    labels = [str(v) for v in frame[x]]
    values = frame[estimate].to_numpy(dtype=float)
    err = [values - frame[ci_low].to_numpy(dtype=float), frame[ci_high].to_numpy(dtype=float) - values]
    ax.errorbar(labels, values, yerr=err, fmt="o", color="#2e86c1", ecolor="#555", capsize=4, ms=7)
    if annotate is not None:
        for label, value, extra in zip(labels, values, frame[annotate], strict=True):
            ax.annotate(f"{annotate}={extra}", (label, value), textcoords="offset points",
                        xytext=(8, -4), fontsize=8, color="#555")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if title:
        ax.set_title(title)
    return ax
