"""The Chinese (CJK) font of every chart.

Matplotlib has no Chinese glyphs in its bundled fonts: without a CJK font every Chinese label
silently renders as empty boxes ("tofu"). :func:`use_chinese_font` registers Noto Sans CJK SC
(Debian package ``fonts-noto-cjk``, installed by ``make book``) and fails loudly when no CJK font
can be found, instead of drawing boxes. Matplotlib is imported when a function runs, not when this
module is imported.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from helpers._validate import HelpersError

__all__ = ["use_chinese_font", "chinese_font_name", "CJK_FONT_FILES"]

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
    from matplotlib import font_manager

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
    import matplotlib
    import seaborn as sns

    name = chinese_font_name()
    sns.set_theme(style=style, context=context, font=name,
                  rc={"axes.unicode_minus": False, "figure.dpi": 110, "savefig.dpi": 110,
                      "svg.fonttype": "path"})
    matplotlib.rcParams["font.sans-serif"] = [name, "DejaVu Sans"]
    return name
