"""The 模拟数据 mark every chart of simulated data carries (``simulated=True``)."""

from __future__ import annotations

__all__ = ["SIMULATED_LABEL", "mark_simulated"]

SIMULATED_LABEL = "模拟数据"


def mark_simulated(fig, simulated: bool) -> None:
    """Write a small grey "模拟数据" in the bottom-right corner of ``fig`` when ``simulated``.

    The note is a figure text (``fig.texts``), written once per figure even when several charts
    share it, and not at all when a title of the figure already says 模拟数据. ``simulated``
    must be a real bool: a chart cannot be drawn without saying whether its data are simulated.
    """
    if not isinstance(simulated, bool):
        from helpers._validate import HelpersError

        raise HelpersError(f"simulated 必须是 True 或 False (simulated must be a bool, "
                           f"got {simulated!r})")
    if not simulated or SIMULATED_LABEL in " ".join(_visible_texts(fig)):
        return
    fig.text(0.995, 0.005, SIMULATED_LABEL, ha="right", va="bottom", fontsize=8, color="#888888",
             gid="simulated-note")


def _visible_texts(fig) -> list[str]:
    """The figure's texts, suptitle and axes titles."""
    texts = [t.get_text() for t in fig.texts]
    if getattr(fig, "_suptitle", None) is not None:
        texts.append(fig._suptitle.get_text())
    texts += [ax.get_title(loc) for ax in fig.axes for loc in ("left", "center", "right")]
    return texts
