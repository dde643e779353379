"""Interactive views: one definition, two views (live in JupyterLab, static in the book).

A :class:`Widget` is defined once by its parameters (:class:`Param`), a ``compute`` function of
the helpers (parameter values in, tidy DataFrame out) and a ``chart`` function that turns the
computed frame into an Altair (Vega-Lite) chart.

* **Live view** (JupyterLab, a kernel): ipywidgets sliders; every change calls ``compute`` again
  and redraws the same chart (rendered to SVG in the kernel by vl-convert, so JupyterLab needs no
  Vega extension and no internet).
* **Static view** (the published book, no kernel): ``compute`` is evaluated in advance over the
  whole parameter grid; the chart gets Vega-Lite parameters bound to HTML sliders that filter the
  grid in the browser. The Vega files are served by the book itself (``_static/vendor/vega``).

Displaying a widget returns both views in one MIME bundle: JupyterLab shows the live view, the
book (myst-nb, with the widget view disabled for HTML) shows the static one, so a static page never
shows controls that look live but do nothing.
"""

from __future__ import annotations

import hashlib
import html
import itertools
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import altair as alt
import numpy as np
import pandas as pd

from helpers._validate import HelpersError

__all__ = ["Param", "Choice", "Widget", "render_svg", "SIMULATED_LABEL"]

alt.data_transformers.disable_max_rows()

# vl-convert renders with the Vega-Lite release Altair writes specs for ("6.4.1" -> "6.4").
_VL_VERSION = ".".join(alt.SCHEMA_VERSION.lstrip("v").split(".")[:2])

ChartFn = Callable[[alt.Chart, Mapping[str, Any]], alt.TopLevelMixin]


@dataclass(frozen=True)
class Param:
    """A widget parameter: a slider over a finite grid of values.

    Parameters
    ----------
    name : str
        Python keyword of ``compute`` and Vega-Lite parameter name (an ASCII identifier).
    label : str
        The label the reader sees (Chinese).
    start, stop, step : float
        The grid: ``start, start + step, …, stop`` (inclusive).
    default : float
        Initial value; must lie on the grid.
    """

    name: str
    label: str
    start: float
    stop: float
    step: float
    default: float

    def __post_init__(self) -> None:
        if not self.name.isidentifier():
            raise HelpersError(f"参数名 {self.name!r} 必须是标识符 (parameter name must be an identifier)")
        if not (self.step > 0 and self.stop >= self.start):
            raise HelpersError(f"参数 {self.name!r} 的范围无效 (invalid range for {self.name!r})")
        if not np.isclose(self.values, self.default).any():
            raise HelpersError(
                f"参数 {self.name!r} 的默认值 {self.default} 不在网格上 "
                f"(default {self.default} of {self.name!r} is not on the grid)"
            )

    @property
    def values(self) -> np.ndarray:
        n = int(round((self.stop - self.start) / self.step)) + 1
        return np.round(self.start + self.step * np.arange(n), 10)

    @property
    def column(self) -> str:
        """Name of the grid column that holds this parameter's value."""
        return f"param_{self.name}"


@dataclass(frozen=True)
class Choice:
    """A widget parameter with a few named options (a drop-down list or radio buttons).

    Parameters
    ----------
    name : str
        Python keyword of ``compute`` and Vega-Lite parameter name (an ASCII identifier).
    label : str
        The label the reader sees (Chinese).
    options : sequence of (value, label) pairs
        ``value`` is passed to ``compute`` (a string); ``label`` is what the reader sees.
    default : str
        Initial value; one of the option values.
    radio : bool
        Show radio buttons instead of a drop-down list.
    """

    name: str
    label: str
    options: tuple[tuple[str, str], ...]
    default: str
    radio: bool = False

    def __post_init__(self) -> None:
        if not self.name.isidentifier():
            raise HelpersError(f"参数名 {self.name!r} 必须是标识符 (parameter name must be an identifier)")
        object.__setattr__(self, "options", tuple((str(v), str(lab)) for v, lab in self.options))
        if self.default not in self.values:
            raise HelpersError(
                f"参数 {self.name!r} 的默认值 {self.default!r} 不在选项中 "
                f"(default {self.default!r} of {self.name!r} is not an option)"
            )

    @property
    def values(self) -> tuple[str, ...]:
        return tuple(v for v, _ in self.options)

    @property
    def column(self) -> str:
        """Name of the grid column that holds this parameter's value."""
        return f"param_{self.name}"


def render_svg(chart: alt.TopLevelMixin) -> str:
    """Render an Altair chart to SVG in the kernel (vl-convert; no browser, no network)."""
    import vl_convert as vlc

    return vlc.vegalite_to_svg(chart.to_json(), vl_version=_VL_VERSION)


@dataclass
class Widget:
    """An interactive view defined once, shown live (ipywidgets) or static (Vega-Lite sliders).

    Parameters
    ----------
    key : str
        Stable identifier (used for the HTML element id; unique within a page).
    title : str
        Heading shown above the chart.
    params : sequence of Param
        The sliders.
    compute : callable
        ``compute(**values) -> DataFrame``: calls the helpers; must be fast (it runs on every
        slider change in the live view and once per grid point for the static view).
    chart : callable
        ``chart(base, params) -> alt.Chart``: builds the chart from ``base`` (an ``alt.Chart``
        whose data are already the rows of the current parameter values) and ``params`` (a
        mapping of parameter name to the Vega-Lite parameter, usable in expressions).
    note : str
        One line under the chart telling the reader what to try.
    simulated : bool
        The chart is built on simulated data: both views carry 模拟数据 (the chart's title gets
        the subtitle 模拟数据, or the title 模拟数据 when it has none). The ``*_widget``
        functions require it as a keyword (no default), so it cannot be forgotten.
    """

    key: str
    title: str
    params: Sequence[Param | Choice]
    compute: Callable[..., pd.DataFrame]
    chart: ChartFn
    note: str = ""
    simulated: bool = False
    _grid: pd.DataFrame | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        if not isinstance(self.simulated, bool):
            raise HelpersError(f"simulated 必须是 True 或 False (simulated must be a bool, "
                               f"got {self.simulated!r})")

    # ----------------------------------------------------------------- data
    def defaults(self) -> dict[str, float]:
        return {p.name: _cast(p, p.default) for p in self.params}

    def evaluate(self, **values: float | str) -> pd.DataFrame:
        """``compute`` at one point, with the parameter columns added (as in the grid)."""
        values = {p.name: _cast(p, values[p.name]) for p in self.params}
        frame = self.compute(**values).copy()
        for p in self.params:
            frame[p.column] = values[p.name]
        return frame.reset_index(drop=True)

    def grid(self) -> pd.DataFrame:
        """``compute`` over every combination of parameter values (the static view's data)."""
        if self._grid is None:
            frames = [
                self.evaluate(**dict(zip([p.name for p in self.params], combo, strict=True)))
                for combo in itertools.product(*[p.values for p in self.params])
            ]
            self._grid = pd.concat(frames, ignore_index=True)
        return self._grid

    # ---------------------------------------------------------------- chart
    def _filter(self) -> str:
        parts = []
        for p in self.params:
            if isinstance(p, Choice):
                parts.append(f"datum.{p.column} == {p.name}")
            else:
                parts.append(f"abs(datum.{p.column} - {p.name}) < {p.step / 2:g}")
        return " && ".join(parts)

    def build_chart(self, data: pd.DataFrame, values: Mapping[str, float] | None = None
                    ) -> alt.TopLevelMixin:
        """The chart over ``data``: with slider-bound parameters (``values`` None) or fixed ones."""
        if values is None:
            params = {p.name: alt.param(name=p.name, value=_cast(p, p.default), bind=_binding(p))
                      for p in self.params}
        else:
            params = {p.name: alt.param(name=p.name, value=_cast(p, values[p.name]))
                      for p in self.params}
        base = alt.Chart(data).transform_filter(self._filter())
        chart = self.chart(base, params).add_params(*params.values())
        if self.simulated:
            chart = _mark_simulated(chart)
        return chart.properties(usermeta={"course_widget": self.key,
                                          "simulated": bool(self.simulated)},
                                description=self.description())

    def description(self) -> str:
        """What a screen reader announces for the chart: title, controls, what to try."""
        text = f"交互图：{self.title}。可调节：{'、'.join(p.label for p in self.params)}。"
        if self.note:
            text += self.note
        if self.simulated:
            text += f"（{SIMULATED_LABEL}）"
        return text

    def static_spec(self) -> dict[str, Any]:
        """The Vega-Lite spec of the static view.

        The chart as a whole is named by :meth:`description` (the SVG's ``aria-label``); its
        marks and axes are hidden from screen readers (``config.aria`` and ``config.mark.aria``
        false), which would
        otherwise read out hundreds of unnamed points and rules.
        """
        spec = self.build_chart(self.grid()).to_dict()
        config = spec.setdefault("config", {})
        config["aria"] = False
        config.setdefault("mark", {})["aria"] = False
        return spec

    # ---------------------------------------------------------------- views
    def static_html(self) -> str:
        """Self-contained HTML of the static view (Vega files loaded from the book's _static)."""
        spec = json.dumps(self.static_spec(), ensure_ascii=False, sort_keys=True,
                          separators=(",", ":"))
        digest = hashlib.sha1(f"{self.key}\n{spec}".encode()).hexdigest()[:10]
        element = f"cw-{self.key}-{digest}"
        spec_safe = spec.replace("</", "<\\/")
        return _STATIC_TEMPLATE.format(
            id=element, title=html.escape(self.title), note=html.escape(self.note),
            spec=spec_safe, loader=_LOADER_JS,
        )

    def live(self):
        """The live ipywidgets view: sliders that call ``compute`` and redraw on every change."""
        import ipywidgets as ipw

        sliders = {p.name: _control(ipw, p) for p in self.params}
        out = ipw.HTML()
        status = ipw.HTML()

        def redraw(_change: object = None) -> None:
            values = {name: s.value for name, s in sliders.items()}
            try:
                data = self.evaluate(**values)
                out.value = render_svg(self.build_chart(data, values))
                status.value = ""
            except HelpersError as err:  # shown to the reader, not a traceback
                status.value = f"<span style='color:#b00'>{html.escape(str(err))}</span>"

        for s in sliders.values():
            s.observe(redraw, names="value")
        redraw()
        header = ipw.HTML(f"<b>{html.escape(self.title)}</b>")
        footer = ipw.HTML(f"<small>{html.escape(self.note)}</small>")
        return ipw.VBox([header, *sliders.values(), out, status, footer])

    def _repr_mimebundle_(self, include: object = None, exclude: object = None) -> dict[str, Any]:
        bundle: dict[str, Any] = {
            "text/plain": f"交互图：{self.title}（参数：{', '.join(p.label for p in self.params)}）",
            "text/html": self.static_html(),
        }
        if _in_kernel():
            live = self.live()
            view = live._repr_mimebundle_()
            bundle["application/vnd.jupyter.widget-view+json"] = (
                view["application/vnd.jupyter.widget-view+json"]
            )
        return bundle


SIMULATED_LABEL = "模拟数据"


def _mark_simulated(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    """Add 模拟数据 to the top-level title of ``chart`` (last subtitle line, or the title)."""
    title = getattr(chart, "title", alt.Undefined)
    if title is alt.Undefined or title is None or title == "":
        return chart.properties(title=alt.TitleParams(
            SIMULATED_LABEL, anchor="end", fontSize=11, fontWeight="normal", color="#888888"))
    spec = title.to_dict() if isinstance(title, alt.TitleParams) else {"text": str(title)}
    sub = spec.get("subtitle") or []
    spec["subtitle"] = ([sub] if isinstance(sub, str) else list(sub)) + [SIMULATED_LABEL]
    spec.setdefault("subtitleColor", "#888888")
    return chart.properties(title=alt.TitleParams.from_dict(spec))


def _cast(p: Param | Choice, value: object) -> float | str:
    return str(value) if isinstance(p, Choice) else float(value)  # type: ignore[arg-type]


def _binding(p: Param | Choice):
    if isinstance(p, Choice):
        kind = alt.binding_radio if p.radio else alt.binding_select
        return kind(options=list(p.values), labels=[lab for _, lab in p.options], name=p.label + " ")
    return alt.binding_range(min=p.start, max=p.stop, step=p.step, name=p.label + " ")


def _control(ipw, p: Param | Choice):
    style = {"description_width": "initial"}
    if isinstance(p, Choice):
        kind = ipw.RadioButtons if p.radio else ipw.Dropdown
        return kind(options=[(lab, v) for v, lab in p.options], value=p.default,
                    description=p.label, style=style)
    return ipw.FloatSlider(value=p.default, min=p.start, max=p.stop, step=p.step,
                           description=p.label, continuous_update=False, style=style,
                           layout=ipw.Layout(width="420px"))


def _in_kernel() -> bool:
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython ships with the environment
        return False
    shell = get_ipython()
    return shell is not None and getattr(shell, "kernel", None) is not None


_STATIC_TEMPLATE = """<div class="course-widget" id="{id}" data-widget="static">
<div class="course-widget-title">{title}</div>
<div class="course-widget-chart" aria-live="polite"></div>
<div class="course-widget-note">{note}</div>
<noscript>此交互图需要 JavaScript：在网页版中可以直接拖动滑块；在 JupyterLab 中请运行本单元格（或用 make lab 打开课程）。</noscript>
</div>
<script type="application/json" id="{id}-spec">{spec}</script>
<script>
{loader}
courseWidget("{id}");
</script>
"""

# Loads vega, vega-lite and vega-embed once per page from the book's own _static/vendor folder
# (the data-content_root attribute Sphinx writes on <html> gives the path to the book root); in
# JupyterLab from the workspace's _static/vendor/vega, which `make lab` (tools/lab.py) fills; then
# embeds the chart. Runs after window load so that require.js, if the page has it, is defined;
# with require.js the files are loaded as AMD modules, without it as plain scripts.
_LOADER_JS = r"""
window.courseWidget = window.courseWidget || function (id) {
  function root() {
    var r = document.documentElement.getAttribute("data-content_root");
    return r === null ? "./" : r;
  }
  function jupyterBase() {   // in JupyterLab: the server's base URL (make lab serves the files)
    var cfg = document.getElementById("jupyter-config-data");
    if (!cfg) { return null; }
    try { return JSON.parse(cfg.textContent).baseUrl || "/"; } catch (e) { return "/"; }
  }
  function loadVega() {
    if (window.__courseVega) { return window.__courseVega; }
    var jb = jupyterBase();
    var base = jb === null ? root() + "_static/vendor/vega/" : jb + "files/_static/vendor/vega/";
    window.__courseVega = new Promise(function (resolve, reject) {
      if (window.requirejs && window.define && window.define.amd) {
        window.requirejs.config({paths: {"vega": base + "vega.min", "vega-lite": base + "vega-lite.min",
                                         "vega-embed": base + "vega-embed.min"}});
        window.requirejs(["vega-embed"], function (embed) { resolve(embed); }, reject);
        return;
      }
      var files = ["vega.min.js", "vega-lite.min.js", "vega-embed.min.js"];
      (function next(i) {
        if (i === files.length) { resolve(window.vegaEmbed); return; }
        var s = document.createElement("script");
        s.src = base + files[i];
        s.onload = function () { next(i + 1); };
        s.onerror = function () { reject(new Error("cannot load " + s.src)); };
        document.head.appendChild(s);
      })(0);
    });
    return window.__courseVega;
  }
  function run() {
    var box = document.getElementById(id);
    var spec = JSON.parse(document.getElementById(id + "-spec").textContent);
    loadVega().then(function (embed) {
      return embed(box.querySelector(".course-widget-chart"), spec,
                   {actions: false, renderer: "svg", config: {font: "sans-serif"}});
    }).then(function () { box.setAttribute("data-ready", "1"); })
      .catch(function (err) {
        box.setAttribute("data-error", String(err));
        box.querySelector(".course-widget-chart").textContent = jupyterBase() === null ?
          "交互图加载失败：" + err : "运行本单元格即可实时计算（用 make lab 打开课程时，这里也能直接拖动）。";
      });
  }
  if (document.readyState === "complete") { run(); } else { window.addEventListener("load", run); }
};
"""
