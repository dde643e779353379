"""Colour is never the only carrier of meaning (issue 14): the palette and every chart and widget.

1. Every pair of palette colours stays distinguishable under simulated deuteranopia, protanopia
   and tritanopia (Machado et al. 2009 at severity 100, via colorspacious) — CAM02-UCS ΔE ≥ 10 —
   and in greyscale, where pairs whose lightness J' differs by less than 15 must differ in line
   style and marker.
2. Every chart of :mod:`helpers.plots` (the sample calls of tests/test_plots_simulated.py): any
   two entries of a legend differ in line style, marker, fill or hatch, or the series are
   labelled directly; every colour drawn comes from the palette or is a grey.
3. Every widget's Vega-Lite spec: colours from the palette or grey; a ``color`` encoding that
   splits marks into series also drives ``strokeDash``/``shape``, or is the axis field, or the
   series are labelled by a text mark.

Thresholds. CAM02-UCS (Luo et al. 2006) is built so that ΔE ≈ 1 is a just-noticeable difference
between large patches side by side; chart marks are thin lines and small points seen apart, so we
ask ten times that. Okabe–Ito's closest pair under any simulation (orange vs reddish purple,
tritanopia) is ΔE 11, while the series colours the book used before fail (its blue #2e86c1 and
purple #8e44ad are ΔE 8 apart for deuteranopes): the threshold is not vacuous. In greyscale, 15 units of
J' (0–100) is about the step between adjacent tones of a five-step grey ramp; below it we do not
rely on lightness and require a style difference instead.
"""

from __future__ import annotations

import itertools
import json
import re

import matplotlib

matplotlib.use("Agg")
import matplotlib.colors as mcolors  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.collections import Collection  # noqa: E402
from matplotlib.container import Container, ErrorbarContainer  # noqa: E402
from matplotlib.image import AxesImage  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.markers import MarkerStyle  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402
from matplotlib.text import Text  # noqa: E402

from helpers.plots import _palette as pal  # noqa: E402
from tests.test_plots_simulated import CHARTS, WIDGETS, _figure  # noqa: E402

colorspacious = pytest.importorskip("colorspacious")

CVD_TYPES = ("deuteranomaly", "protanomaly", "tritanomaly")
MIN_DELTA_E = 10.0
MIN_GREY_DELTA_J = 15.0


def _rgb(colour: str) -> np.ndarray:
    return np.asarray(mcolors.to_rgb(colour), dtype=float)


def cvd_delta_e(a: str, b: str) -> dict[str, float]:
    """CAM02-UCS ΔE of two colours as seen with each dichromacy (severity 100)."""
    out = {}
    for cvd in CVD_TYPES:
        space = {"name": "sRGB1+CVD", "cvd_type": cvd, "severity": 100}
        sa, sb = (np.clip(colorspacious.cspace_convert(_rgb(c), space, "sRGB1"), 0, 1)
                  for c in (a, b))
        out[cvd] = float(colorspacious.deltaE(sa, sb, input_space="sRGB1"))
    return out


def lightness(colour: str) -> float:
    """CAM02-UCS lightness J' (what is left of a colour in greyscale)."""
    return float(colorspacious.cspace_convert(_rgb(colour), "sRGB1", "CAM02-UCS")[0])


def _distinct_under_cvd(a: str, b: str) -> bool:
    return min(cvd_delta_e(a, b).values()) >= MIN_DELTA_E


ROLE_PAIRS = list(itertools.combinations(pal.ROLES, 2))
SERIES_PAIRS = list(itertools.combinations(range(len(pal.SERIES)), 2))


@pytest.mark.parametrize("a,b", ROLE_PAIRS, ids=[f"{a}-{b}" for a, b in ROLE_PAIRS])
def test_roles_distinguishable_for_colour_blind_readers_and_in_greyscale(a, b):
    ca, cb = pal.ROLES[a], pal.ROLES[b]
    assert _distinct_under_cvd(ca, cb), (a, b, cvd_delta_e(ca, cb))
    if abs(lightness(ca) - lightness(cb)) < MIN_GREY_DELTA_J:
        (la, ma), (lb, mb) = pal.ROLE_STYLES[a], pal.ROLE_STYLES[b]
        assert la != lb or ma != mb, f"{a}/{b}: same lightness in greyscale and same style"


@pytest.mark.parametrize("i,j", SERIES_PAIRS)
def test_series_distinguishable_for_colour_blind_readers_and_in_greyscale(i, j):
    ci, cj = pal.SERIES[i], pal.SERIES[j]
    assert _distinct_under_cvd(ci, cj), (ci, cj, cvd_delta_e(ci, cj))
    if abs(lightness(ci) - lightness(cj)) < MIN_GREY_DELTA_J:
        assert pal.LINESTYLES[i] != pal.LINESTYLES[j] and pal.MARKERS[i] != pal.MARKERS[j]
        assert pal.VEGA_DASHES[i] != pal.VEGA_DASHES[j] and pal.VEGA_SHAPES[i] != pal.VEGA_SHAPES[j]


def test_series_styles_are_all_different():
    for seq in (pal.LINESTYLES, pal.MARKERS, pal.HATCHES, pal.VEGA_SHAPES):
        assert len(seq) == len(pal.SERIES) == len({json.dumps(s) for s in seq})
    assert len({json.dumps(d) for d in pal.VEGA_DASHES}) == len(pal.SERIES)


def test_cvd_check_can_fail():
    # the book's old series blue and purple: clearly different for most readers, not for
    # deuteranopes
    assert cvd_delta_e("#2e86c1", "#8e44ad")["deuteranomaly"] < MIN_DELTA_E
    assert not _distinct_under_cvd("#2e86c1", "#8e44ad")
    assert abs(lightness(pal.GOOD) - lightness(pal.BAD)) < MIN_GREY_DELTA_J  # why styles matter


def test_okabe_ito_colours():
    assert pal.OKABE_ITO["vermillion"] == pal.BAD and pal.OKABE_ITO["bluish_green"] == pal.GOOD
    assert len(set(pal.OKABE_ITO.values())) == 8


# --- charts: legends and colours -------------------------------------------------------------

def _is_hollow(h) -> bool:
    fc = h.get_markerfacecolor()
    return isinstance(fc, str) and fc.lower() == "none" or mcolors.same_color(fc, "white")


def _signature(handle) -> tuple:
    """What tells a legend entry apart besides its colour."""
    if isinstance(handle, ErrorbarContainer):            # the data line carries the style
        return _signature(handle[0]) if handle[0] is not None else ("errorbar",)
    if isinstance(handle, Container):
        return _signature(handle[0])
    if isinstance(handle, Line2D):
        ls = handle.get_linestyle() if handle.get_linestyle() not in ("None", "", " ") else "none"
        marker = handle.get_marker() if handle.get_marker() not in ("None", "", " ", None) else ""
        dashes = tuple(np.round(handle._dash_pattern[1], 2)) if handle._dash_pattern[1] else ()
        return ("line", ls, dashes, str(marker), _is_hollow(handle) if marker else False)
    if isinstance(handle, Patch):
        return ("patch", handle.get_hatch() or "", handle.get_linestyle(),
                bool(handle.get_fill()))
    if isinstance(handle, Collection):
        paths = handle.get_paths()
        verts = tuple(np.round(paths[0].vertices, 2).ravel()) if paths else ()
        fc = handle.get_facecolor()
        return ("collection", verts, len(fc) == 0 or float(fc[0][3]) == 0.0)
    return (type(handle).__name__,)


def _direct_labels(fig) -> set[str]:
    texts = {t.get_text() for ax in fig.axes for t in ax.texts} | {t.get_text() for t in fig.texts}
    texts |= {t.get_text() for ax in fig.axes for t in ax.get_yticklabels() + ax.get_xticklabels()}
    return texts


def colour_only_legend_pairs(fig) -> list[tuple[str, str]]:
    """Legend entries that differ only by colour and are not labelled directly."""
    fig.canvas.draw()
    labels = _direct_labels(fig)
    bad = []
    legends = [ax.get_legend() for ax in fig.axes] + list(fig.legends)
    for legend in legends:
        if legend is None:
            continue
        # the plotted artists (an errorbar's data line, not the legend's proxy of its bars)
        own = {}
        for ax in [legend.axes] if legend.axes is not None else fig.axes:
            handles, texts = ax.get_legend_handles_labels()
            own.update(zip(texts, handles, strict=True))
        entries = [(t.get_text(), _signature(own.get(t.get_text(), h)))
                   for t, h in zip(legend.get_texts(), legend.legend_handles, strict=True)]
        for (ta, sa), (tb, sb) in itertools.combinations(entries, 2):
            if sa == sb and not ({ta, tb} <= labels):
                bad.append((ta, tb))
    return bad


def test_legend_check_can_fail():
    fig, ax = plt.subplots()
    ax.plot([0, 1], [0, 1], color=pal.SERIES[0], label="A")
    ax.plot([0, 1], [1, 0], color=pal.SERIES[1], label="B")
    ax.legend()
    assert colour_only_legend_pairs(fig) == [("A", "B")]
    ax.lines[1].set_linestyle("--")                      # a style difference passes
    ax.legend()
    assert colour_only_legend_pairs(fig) == []
    ax.lines[1].set_linestyle("-")
    ax.legend()
    assert colour_only_legend_pairs(fig) == [("A", "B")]
    ax.text(1, 0, "B")
    ax.text(1, 1, "A")                                   # so does labelling both lines directly
    assert colour_only_legend_pairs(fig) == []
    plt.close(fig)


ALLOWED = {mcolors.to_hex(c).lower() for c in
           (*pal.OKABE_ITO.values(), *pal.ROLES.values(), *pal.SERIES, *pal.GREYS)}


def _allowed(colour) -> bool:
    rgba = mcolors.to_rgba(colour)
    if rgba[3] == 0:
        return True                                       # invisible
    r, g, b = rgba[:3]
    return mcolors.to_hex(rgba[:3]).lower() in ALLOWED or (abs(r - g) < 1e-3 and abs(g - b) < 1e-3)


def _artist_colours(fig) -> list[tuple[str, str]]:
    out = []

    def add(artist, colours):
        for c in colours:
            if isinstance(c, str) and c.lower() in ("none", "auto"):
                continue
            out.append((type(artist).__name__, tuple(mcolors.to_rgba(c))))

    for artist in fig.findobj():
        if not artist.get_visible():
            continue
        if isinstance(artist, Line2D):
            if artist.get_linestyle() not in ("None", "", " "):
                add(artist, [artist.get_color()])
            if artist.get_marker() not in ("None", "", " ", None):
                filled = MarkerStyle(artist.get_marker()).is_filled()  # caps '|': edge only
                add(artist, [artist.get_markeredgecolor()]
                    + ([artist.get_markerfacecolor()] if filled else []))
        elif isinstance(artist, Text):
            if artist.get_text().strip():
                add(artist, [artist.get_color()])
        elif isinstance(artist, AxesImage):
            continue                                      # a colour map (sequential, labelled)
        elif isinstance(artist, Collection):
            if artist.get_array() is not None:
                continue                                  # colour-mapped values (a heat map)
            add(artist, list(artist.get_facecolor()) + list(artist.get_edgecolor()))
        elif isinstance(artist, Patch):
            add(artist, [artist.get_facecolor(), artist.get_edgecolor()])
    return [(kind, c) for kind, c in out if not _allowed(c)]


def _several_series():
    import pandas as pd

    from helpers import plots

    est = {"estimate": [0.1, 0.3, 0.2, 0.4], "ci_low": [0.0, 0.2, 0.1, 0.3],
           "ci_high": [0.2, 0.4, 0.3, 0.5]}
    return {
        "grouped_interval_chart[group]": lambda s: plots.grouped_interval_chart(
            pd.DataFrame({"d": ["甲", "乙"] * 2, "w": [1, 1, 2, 2], "t": [0.1, 0.3, 0.2, 0.4],
                          **est}), category="d", group="w", truth="t", simulated=s),
        "closing_curves_chart[by]": lambda s: plots.closing_curves_chart(
            pd.DataFrame({"g": ["甲", "甲", "乙", "乙"], "hours": [0, 10, 0, 10], **est}),
            by="g", simulated=s),
        "surprise_scenario_chart[shares]": lambda s: plots.surprise_scenario_chart(
            pd.DataFrame({"published_share": [0.0, 0.5, 0.5, 1.0, 1.0],
                          "published_bias": [0.0, -0.2, 0.2, -0.2, 0.2],
                          "measure": "negative_surprise", "estimate": [0.2, 0.4, 0.1, 0.5, 0.1],
                          "ci_low": [0.15, 0.35, 0.05, 0.45, 0.05],
                          "ci_high": [0.25, 0.45, 0.15, 0.55, 0.15]}), simulated=s),
    }


#: The sample call of every chart, plus calls that draw several series where the sample draws one.
ALL_CHARTS = {**CHARTS, **_several_series()}


@pytest.fixture(scope="module", params=sorted(ALL_CHARTS))
def chart(request):
    fig = _figure(ALL_CHARTS[request.param](True))
    fig.canvas.draw()
    yield request.param, fig
    plt.close(fig)


def test_chart_legends_do_not_rely_on_colour_alone(chart):
    name, fig = chart
    assert colour_only_legend_pairs(fig) == [], name


def test_chart_colours_come_from_the_palette(chart):
    name, fig = chart
    foreign = sorted({(k, mcolors.to_hex(c)) for k, c in _artist_colours(fig)})
    assert not foreign, f"{name}: colours outside the palette: {foreign}"


def test_colour_check_can_fail():
    fig, ax = plt.subplots()
    ax.plot([0, 1], [0, 1])                               # matplotlib's default blue C0
    assert _artist_colours(fig)
    plt.close(fig)


# --- widgets: Vega-Lite specs ------------------------------------------------------------------

HEX = re.compile(r"#[0-9a-fA-F]{6}\b|#[0-9a-fA-F]{3}\b")
#: Sequential schemes: one hue, lightness carries the order (readable in greyscale).
SEQUENTIAL_SCHEMES = {"blues", "greys", "oranges", "greens", "purples"}
COLOUR_KEYS = {"color", "fill", "stroke"}


def spec_colours(spec) -> tuple[list[str], list[str]]:
    """Every colour written in a Vega-Lite spec (hex anywhere, names under colour keys, scale
    ranges) and every scheme name."""
    colours, schemes = [], []

    def walk(node, key=None):
        if isinstance(node, dict):
            for k, v in node.items():
                if k == "scheme":
                    schemes.append(v if isinstance(v, str) else v.get("name"))
                walk(v, k)
        elif isinstance(node, list):
            for v in node:
                walk(v, key)
        elif isinstance(node, str):
            colours.extend(HEX.findall(node))
            if key in COLOUR_KEYS and not node.startswith("#") and node in mcolors.CSS4_COLORS:
                colours.append(node)

    walk(spec)
    return colours, schemes


def _field(enc) -> str | None:
    return enc.get("field") if isinstance(enc, dict) else None


def _units(spec):
    """Every dict with an ``encoding`` (a unit chart or a layer) in the spec."""
    if isinstance(spec, dict):
        if "encoding" in spec:
            yield spec
        for v in spec.values():
            yield from _units(v)
    elif isinstance(spec, list):
        for v in spec:
            yield from _units(v)


def _mark_type(unit) -> str:
    mark = unit.get("mark")
    return mark.get("type") if isinstance(mark, dict) else str(mark)


def colour_only_series(spec) -> list[str]:
    """Fields that split marks into series by colour alone (no dash/shape, axis or text label)."""
    units = list(_units(spec))
    texts = [u for u in units if _mark_type(u) == "text"]
    text_fields = {_field(u["encoding"].get("text")) for u in texts}
    # a text computed from a field (``calculate: "... + datum.label_zh"``) labels it too
    text_fields |= {m for u in texts for t in u.get("transform", []) if "calculate" in t
                    for m in re.findall(r"datum\.(\w+)", t["calculate"])}
    bad = []
    for u in units:
        enc = u["encoding"]
        field = _field(enc.get("color"))
        if field is None or _mark_type(u) == "text" or enc["color"].get("type") == "quantitative":
            continue
        if (field in (_field(enc.get("strokeDash")), _field(enc.get("shape")),
                      _field(enc.get("x")), _field(enc.get("y")))
                or field in text_fields):
            continue
        bad.append(f"{_mark_type(u)}:{field}")
    for u in units:                                       # colour switched by a condition
        enc, mark = u["encoding"], _mark_type(u)
        cond = enc.get("color", {}).get("condition") if isinstance(enc.get("color"), dict) else None
        if not isinstance(cond, dict) or "value" not in cond or mark == "text":
            continue
        a, b = cond["value"], enc["color"].get("value")
        if b is None or abs(lightness(a) - lightness(b)) >= MIN_GREY_DELTA_J:
            continue                                      # told apart in greyscale too
        if not any(isinstance(enc.get(k), dict) and "condition" in enc[k]
                   for k in ("shape", "strokeDash", "size", "strokeWidth")):
            bad.append(f"{mark}:condition {cond.get('test')}")
    return bad


def test_vega_check_can_fail():
    import altair as alt
    import pandas as pd

    data = pd.DataFrame({"t": [0, 1, 0, 1], "v": [1, 2, 2, 1], "s": list("aabb")})
    base = alt.Chart(data).mark_line().encode(x="t:Q", y="v:Q", color="s:N")
    assert colour_only_series(base.to_dict()) == ["line:s"]
    assert colour_only_series(base.encode(strokeDash="s:N").to_dict()) == []
    assert spec_colours(alt.Chart(data).mark_line(color="#2e86c1").to_dict())[0] == ["#2e86c1"]
    close = alt.condition("datum.v > 1", alt.value(pal.BAD), alt.value(pal.MAIN))  # ΔJ' 12.5
    points = alt.Chart(data).mark_point().encode(x="t:Q", y="v:Q", color=close)
    assert colour_only_series(points.to_dict()) == ["point:condition datum.v > 1"]
    shaped = points.encode(shape=alt.condition("datum.v > 1", alt.value("diamond"),
                                               alt.value("circle")))
    assert colour_only_series(shaped.to_dict()) == []


def _widget_specs(name):
    w = WIDGETS[name](True)
    values = w.defaults()
    data = w.evaluate(**values)
    return w.build_chart(data).to_dict(), w.build_chart(data, values).to_dict()


@pytest.mark.parametrize("name", sorted(WIDGETS))
def test_widget_specs_use_the_palette_and_not_colour_alone(name):
    for spec in _widget_specs(name):                      # static view and live view
        colours, schemes = spec_colours(spec)
        foreign = sorted({c for c in colours if not _allowed(c)})
        assert not foreign, f"{name}: colours outside the palette: {foreign}"
        assert set(schemes) <= SEQUENTIAL_SCHEMES, (name, schemes)
        assert colour_only_series(spec) == [], name
