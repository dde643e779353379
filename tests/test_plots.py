"""Chinese text in charts renders with a real CJK font (no tofu boxes)."""

from __future__ import annotations

import warnings

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib import font_manager  # noqa: E402

from helpers import plots  # noqa: E402


def test_cjk_font_is_installed_and_used():
    name = plots.use_chinese_font()
    assert "CJK" in name or "Hei" in name
    path = font_manager.findfont(font_manager.FontProperties(family=name), fallback_to_default=False)
    assert path.endswith((".ttc", ".otf", ".ttf"))


def test_chinese_labels_draw_without_missing_glyphs():
    plots.use_chinese_font()
    frame = pd.DataFrame({"dimension": ["有形性", "可靠性"], "estimate": [-0.5, 0.3],
                          "ci_low": [-0.7, 0.1], "ci_high": [-0.3, 0.5]})
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message=".*[Gg]lyph.*missing.*")
        ax = plots.gap_bar_chart(frame, category="dimension", title="差距（模拟数据）",
                                 xlabel="差距 P−E", simulated=True)
        ax.figure.canvas.draw()
        ax2 = plots.pointrange_chart(frame, x="dimension", title="满意度", annotate="estimate",
                                     simulated=True)
        ax2.figure.canvas.draw()
    plt.close("all")
