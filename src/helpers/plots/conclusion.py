"""Chart of chapter 8 (结论): the course's concepts and measures as one map.

- :func:`concept_map_chart`: one row per chapter, its concepts as boxes, arrows for “feeds into”.

The graph data come from :mod:`helpers.course_map`; nothing is computed here except the layout.
The chart takes the required keyword ``simulated`` (a concept map is not simulated data: pass
``simulated=False``).
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from helpers._validate import HelpersError, require_columns
from helpers.plots._font import use_chinese_font
from helpers.plots._simulated import mark_simulated
from helpers.plots._palette import NEUTRAL, SERIES

__all__ = ["concept_map_chart"]



def concept_map_chart(nodes: pd.DataFrame, edges: pd.DataFrame, *, simulated: bool,
                      chapters: Mapping[int, tuple[str, str]] | None = None, title: str = ""):
    """Concept map: one row per chapter, concepts as coloured boxes, arrows from a concept to
    the ones that build on it.

    Parameters
    ----------
    nodes : DataFrame
        :func:`helpers.course_map.concept_nodes`: ``node, chapter, position, label``.
    edges : DataFrame
        :func:`helpers.course_map.concept_edges`: ``source, target``.
    simulated : bool
        Required, keyword-only (a concept map: ``False``).
    chapters : mapping of int to (str, str), optional
        Chapter number → (title, stem), for the row labels (“第 3 章 理论基础”).
    title : str, default ""
        Figure title (none when empty).

    Returns
    -------
    matplotlib.figure.Figure
        One Axes without ticks; each box is a text artist with ``gid`` = the node id, each
        arrow an annotation.

    Notes
    -----
    Fixed layout (chapter rows from top to bottom, each concept at its ``position``), so the
    picture is the same on every build. An edge to an unknown node raises
    :class:`~helpers.HelpersError`.

    Examples
    --------
    >>> from helpers.course_map import CHAPTERS, concept_edges, concept_nodes
    >>> fig = concept_map_chart(concept_nodes(), concept_edges(), chapters=CHAPTERS,
    ...                         simulated=False)
    >>> len([t for t in fig.axes[0].texts if t.get_gid()]) == len(concept_nodes())
    True
    """
    import matplotlib.pyplot as plt

    use_chinese_font()
    require_columns(nodes, ["node", "chapter", "label", "position"], name="nodes")
    require_columns(edges, ["source", "target"], name="edges")
    known = set(nodes["node"])
    bad = edges[~edges["source"].isin(known) | ~edges["target"].isin(known)]
    if len(bad):
        raise HelpersError(f"edges 中有未知节点 (edges name unknown nodes, rows "
                           f"{bad.index.tolist()}): {bad[['source', 'target']].values.tolist()}")
    chs = sorted(nodes["chapter"].unique())
    lo, hi = float(nodes["position"].min()), float(nodes["position"].max())
    fig, ax = plt.subplots(figsize=(9.5, 0.95 * len(chs) + 0.6))
    ax.set_xlim(lo - 1.35, hi + 0.55)
    ax.set_ylim(len(chs) - 0.45, -0.6)
    ax.axis("off")
    artists = {}
    for row, ch in enumerate(chs):
        part = nodes[nodes["chapter"] == ch].sort_values("position")
        colour = SERIES[row % len(SERIES)]   # rows are labelled: colour only groups them
        name = f"第 {ch} 章"
        if chapters and ch in chapters:
            name += f"\n{chapters[ch][0]}"
        ax.text(lo - 1.3, row, name, ha="left", va="center", fontsize=9, color=colour,
                fontweight="bold")
        for _, r in part.iterrows():
            artists[r["node"]] = ax.text(
                float(r["position"]), row, r["label"], ha="center", va="center", fontsize=9,
                gid=str(r["node"]), zorder=3,
                bbox=dict(boxstyle="round,pad=0.35", fc="white", ec=colour, lw=1.3))
    fig.canvas.draw()
    for _, e in edges.iterrows():
        a, b = artists[e["source"]], artists[e["target"]]
        same_row = a.get_position()[1] == b.get_position()[1]
        ax.annotate("", xy=(0.5, 1.0), xycoords=b, xytext=(0.5, 0.0), textcoords=a,
                    zorder=1, arrowprops=dict(arrowstyle="-|>", color=NEUTRAL, lw=0.9,
                                    shrinkA=1, shrinkB=1,
                                    connectionstyle="arc3,rad=0.3" if same_row else "arc3,rad=0.05"))
    if title:
        ax.set_title(title, fontsize=11)
    fig.tight_layout()
    mark_simulated(fig, simulated)
    return fig
