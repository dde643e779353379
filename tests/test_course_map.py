"""helpers.course_map and its chart: the concept map of the conclusion chapter."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import networkx as nx  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from helpers import HelpersError, plots  # noqa: E402
from helpers.course_map import CHAPTERS, concept_edges, concept_nodes  # noqa: E402


def test_every_chapter_1_to_7_has_concepts_and_ids_are_unique():
    n = concept_nodes()
    assert n["node"].is_unique
    assert set(n["chapter"]) == set(range(1, 8))
    assert (n.groupby("chapter").size() >= 3).all()
    assert set(n["chapter"]) <= set(CHAPTERS)


def test_edges_form_a_dag_that_goes_forward_or_sideways():
    n = concept_nodes().set_index("node")
    e = concept_edges()
    g = nx.DiGraph(list(zip(e["source"], e["target"])))
    assert nx.is_directed_acyclic_graph(g)          # reference: networkx
    assert (n.loc[e["source"], "chapter"].to_numpy() <= n.loc[e["target"], "chapter"].to_numpy()).all()
    assert not e.duplicated(["source", "target"]).any()
    # every concept is connected to the map
    assert set(n.index) == set(g.nodes)


def test_chart_draws_every_node_and_edge():
    fig = plots.concept_map_chart(concept_nodes(), concept_edges(), chapters=CHAPTERS,
                                  simulated=False)
    ax = fig.axes[0]
    boxes = {t.get_gid() for t in ax.texts if t.get_gid()}
    assert boxes == set(concept_nodes()["node"])
    arrows = [c for c in ax.get_children() if isinstance(c, matplotlib.text.Annotation)]
    assert len(arrows) == len(concept_edges())
    assert any("第 3 章" in t.get_text() and "理论基础" in t.get_text() for t in ax.texts)
    plt.close(fig)


def test_chart_rejects_unknown_nodes_and_missing_columns():
    bad = pd.DataFrame({"source": ["gap"], "target": ["nowhere"]})
    with pytest.raises(HelpersError, match="nowhere"):
        plots.concept_map_chart(concept_nodes(), bad, simulated=False)
    with pytest.raises(HelpersError):
        plots.concept_map_chart(concept_nodes().drop(columns="label"), concept_edges(),
                                simulated=False)
