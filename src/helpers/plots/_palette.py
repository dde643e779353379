"""The book's colours: one colour-blind-safe palette for every chart and widget.

All charts (:mod:`helpers.plots`, matplotlib) and all widgets (:mod:`helpers.widgets`, Vega-Lite,
whose live view renders the same spec to SVG) take their colours from here; no module defines
its own hex colours. The module imports nothing from matplotlib or altair.

Colours
-------
The qualitative colours are the eight of Okabe & Ito's *Color Universal Design* set (black
is used as is, yellow is left out: it is too light on white for lines and text). Named
**roles** keep one meaning across the book:

============  ===========  ==============================================================
role          colour       used for
============  ===========  ==============================================================
``MAIN``      blue         the main series, estimates and their intervals
``COMPARE``   orange       a comparison series (a second measure, an alternative)
``BAD``       vermillion   warning, bad, a signal, the highlighted item
``GOOD``      bluish green good, within target
``NEUTRAL``   light grey   context: bands, the items not highlighted, control limits
``TEXT``      dark grey    annotations and secondary labels
``REFERENCE`` near-black   zero and reference lines
``TRUTH``     black        the true value of a simulation
``EVENT``     purple       an event on a time line (a shock, an intervention)
============  ===========  ==============================================================

Several series are drawn in the order of :data:`SERIES`, each with its own line style,
marker and hatch (:data:`LINESTYLES`, :data:`MARKERS`, :data:`HATCHES` in matplotlib;
:data:`VEGA_DASHES`, :data:`VEGA_SHAPES` in Vega-Lite), so that colour is never the only
thing that tells two series apart (greyscale print, colour-blind readers).
``tests/test_palette.py`` checks every pair under simulated deuteranopia, protanopia and
tritanopia and in greyscale, and checks every chart and widget spec.

References
----------
Okabe, M., & Ito, K. (2008). *Color Universal Design (CUD): How to make figures and
presentations that are friendly to colorblind people*. J*FLY, https://jfly.uni-koeln.de/color/
"""

from __future__ import annotations

from typing import Any

__all__ = ["OKABE_ITO", "MAIN", "COMPARE", "BAD", "GOOD", "NEUTRAL", "TEXT", "REFERENCE",
           "TRUTH", "EVENT", "GRID", "MAIN_LIGHT", "GOOD_LIGHT", "SERIES", "LINESTYLES",
           "MARKERS", "HATCHES", "VEGA_DASHES", "VEGA_SHAPES", "ROLES", "ROLE_STYLES", "GREYS",
           "series_style", "vega_series"]

#: Okabe & Ito (2008), in their order.
OKABE_ITO: dict[str, str] = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}

MAIN = OKABE_ITO["blue"]
COMPARE = OKABE_ITO["orange"]
BAD = OKABE_ITO["vermillion"]
GOOD = OKABE_ITO["bluish_green"]
NEUTRAL = "#BBBBBB"
TEXT = "#666666"
REFERENCE = "#333333"
TRUTH = OKABE_ITO["black"]
#: An event on a time line (a media shock, an intervention), drawn as a dashed rule.
EVENT = OKABE_ITO["reddish_purple"]
#: Separators and grid lines.
GRID = "#DDDDDD"
#: Light fills for background bands (drawn with transparency, never carrying a series).
MAIN_LIGHT = OKABE_ITO["sky_blue"]
GOOD_LIGHT = OKABE_ITO["bluish_green"]

#: The roles by name (the colours drawn together in one chart).
ROLES: dict[str, str] = {"main": MAIN, "compare": COMPARE, "bad": BAD, "good": GOOD,
                         "neutral": NEUTRAL, "text": TEXT, "reference": REFERENCE,
                         "truth": TRUTH, "event": EVENT}
#: The (linestyle, marker) that goes with each role when the role is a series in a legend.
ROLE_STYLES: dict[str, tuple[str, str]] = {
    "main": ("-", "o"), "compare": ("--", "s"), "bad": ("--", "D"), "good": ("-", "^"),
    "neutral": (":", "o"), "text": ("-", ""), "reference": ("-", ""), "truth": ("--", "x"),
    "event": ("-.", "|")}

#: Series colours in order of use: the first two are the most distinct in every vision.
SERIES: tuple[str, ...] = (OKABE_ITO["blue"], OKABE_ITO["orange"], OKABE_ITO["bluish_green"],
                           OKABE_ITO["vermillion"], OKABE_ITO["reddish_purple"],
                           OKABE_ITO["sky_blue"])
LINESTYLES: tuple[Any, ...] = ("-", "--", ":", "-.", (0, (6, 1.5, 1, 1.5, 1, 1.5)), (0, (1, 3)))
MARKERS: tuple[str, ...] = ("o", "s", "^", "D", "v", "P")
HATCHES: tuple[str, ...] = ("", "//", "..", "xx", "\\\\", "++")
VEGA_DASHES: tuple[list[float], ...] = ([1, 0], [6, 3], [2, 2], [6, 2, 2, 2], [8, 2, 2, 2, 2, 2],
                                       [1, 4])
VEGA_SHAPES: tuple[str, ...] = ("circle", "square", "triangle-up", "diamond", "triangle-down",
                                "cross")
#: Greys the charts may use besides the roles (text, grid lines, separators).
GREYS: tuple[str, ...] = ("#000000", "#111111", "#222222", "#333333", "#555555", "#666666",
                          "#888888", "#999999", "#BBBBBB", "#DDDDDD", "#FFFFFF")


def series_style(i: int) -> dict[str, Any]:
    """Colour, line style, marker and hatch of the ``i``-th series of a matplotlib chart.

    Parameters
    ----------
    i : int
        Index of the series (0 first); cycles after ``len(SERIES)``.

    Returns
    -------
    dict
        ``color``, ``linestyle``, ``marker`` and ``hatch``, ready to splat into ``ax.plot`` (drop
        ``hatch``) or ``ax.bar`` (drop ``marker``/``linestyle``).

    Notes
    -----
    The same index always gives the same style, so a series keeps its look across the panels of
    a figure; two series of one chart differ in colour *and* line style *and* marker.

    Examples
    --------
    >>> series_style(1)["color"], series_style(1)["marker"]
    ('#E69F00', 's')
    """
    k = i % len(SERIES)
    return {"color": SERIES[k], "linestyle": LINESTYLES[k], "marker": MARKERS[k],
            "hatch": HATCHES[k]}


def vega_series(n: int) -> dict[str, list]:
    """Scale ranges for ``n`` series in a Vega-Lite chart: colour, stroke dash and point shape.

    Parameters
    ----------
    n : int
        Number of series (at most ``len(SERIES)``, then the ranges cycle).

    Returns
    -------
    dict
        ``color``, ``strokeDash`` and ``shape``: lists of ``n`` values, to pass as
        ``alt.Scale(domain=names, range=...)`` of the matching encodings.

    Notes
    -----
    Encode the series field on ``color`` and on ``strokeDash`` (lines) or ``shape`` (points), with
    these ranges, so that the series differ in more than colour.

    Examples
    --------
    >>> vega_series(2)["shape"]
    ['circle', 'square']
    """
    idx = [i % len(SERIES) for i in range(n)]
    return {"color": [SERIES[i] for i in idx], "strokeDash": [VEGA_DASHES[i] for i in idx],
            "shape": [VEGA_SHAPES[i] for i in idx]}
