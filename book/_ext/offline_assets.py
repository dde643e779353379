"""Sphinx extension: serve every third-party browser file from the book itself.

The default Jupyter Book page loads MathJax, require.js, the ipywidgets html-manager and (for
charts) Vega from CDNs. This course is read on government intranets without internet, so those
files are installed from the npm registry (``package.json`` + ``package-lock.json``, ``npm ci``)
and copied here into ``_static/vendor/`` of the built book. Nothing of that code is committed.

After the build the extension scans every HTML page and fails the build if a ``<script>``,
``<link>``, ``<img>`` or ``<iframe>`` still points to another host. The browser test
(tests/browser) then checks the same thing with real network requests.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util import logging

logger = logging.getLogger(__name__)

# npm file or folder (relative to node_modules) -> destination (relative to _static/vendor)
VENDOR_FILES: dict[str, str] = {
    "mathjax/es5": "mathjax",
    "requirejs/require.js": "requirejs/require.js",
    "@jupyter-widgets/html-manager/dist": "html-manager",
    "vega/build/vega.min.js": "vega/vega.min.js",
    "vega-lite/build/vega-lite.min.js": "vega/vega-lite.min.js",
    "vega-embed/build/vega-embed.min.js": "vega/vega-embed.min.js",
}

# Tags whose URL attribute makes the browser fetch something by itself (an <a href> does not).
_FETCHING = re.compile(
    r"<(script|link|img|iframe|source|embed|object)\b[^>]*?\b(src|href|data)\s*=\s*[\"']"
    r"((?:https?:)?//[^\"']+)[\"']",
    re.IGNORECASE,
)


def _node_modules(app: Sphinx) -> Path:
    root = Path(app.srcdir)
    for candidate in (root / "node_modules", root.parent / "node_modules"):
        if candidate.is_dir():
            return candidate
    raise ExtensionError(
        "offline_assets: node_modules/ not found. Run `make vendor` (npm ci) first — the book "
        "serves MathJax, require.js, the widget manager and Vega from its own folder."
    )


def copy_vendor(app: Sphinx, exception: Exception | None) -> None:
    """Copy the vendored browser files into ``<outdir>/_static/vendor``."""
    if exception is not None or app.builder.format != "html":
        return
    source = _node_modules(app)
    target = Path(app.outdir) / "_static" / "vendor"
    for src_rel, dst_rel in VENDOR_FILES.items():
        src = source / src_rel
        dst = target / dst_rel
        if not src.exists():
            raise ExtensionError(f"offline_assets: {src} is missing; run `make vendor` (npm ci).")
        dst.parent.mkdir(parents=True, exist_ok=True)
        if src.is_dir():
            shutil.copytree(src, dst, dirs_exist_ok=True,
                            ignore=shutil.ignore_patterns("*.map", "*.d.ts", "*.md"))
        else:
            shutil.copy2(src, dst)
    check_no_remote(app)


def check_no_remote(app: Sphinx) -> None:
    """Fail the build if any page makes the browser fetch from another host."""
    found: list[str] = []
    for page in Path(app.outdir).rglob("*.html"):
        if "_static" in page.parts:
            continue
        text = page.read_text(encoding="utf-8", errors="replace")
        for match in _FETCHING.finditer(text):
            found.append(f"{page.relative_to(app.outdir)}: <{match.group(1)} {match.group(3)}>")
    if found:
        listing = "\n  ".join(found[:20])
        raise ExtensionError(f"offline_assets: pages load files from other hosts:\n  {listing}")
    logger.info("offline_assets: no page loads anything from another host")


def drop_unused_widget_manager(app: Sphinx, pagename: str, templatename: str,
                               context: dict, doctree: object) -> None:
    """Load require.js and the widget html-manager only on pages that show an ipywidgets view.

    Executing a chapter stores the state of its live (ipywidgets) views, and myst-nb then adds
    the widget manager to the page even though the book shows the static view of every widget
    (the widget-view MIME type is disabled for HTML in _config.yml). On such pages the manager
    would only cost two scripts and fail to find its icon fonts, so it is left out.
    """
    try:
        from myst_nb.sphinx_ import NbMetadataCollector
    except ImportError:  # pragma: no cover
        return
    body = context.get("body", "")
    if "application/vnd.jupyter.widget-view+json" in body:
        return
    js_files = NbMetadataCollector.get_js_files(app.env, pagename)
    for key in [k for k in js_files if k.startswith("ipywidgets")]:
        del js_files[key]


def static_files_changed(app: Sphinx, env: object, added: set, changed: set,
                         removed: set) -> list[str]:
    """Rewrite the landing page when a file of ``html_static_path`` differs from its copy.

    Sphinx copies the static files (course.css) only when at least one page is written; an edit
    of the style sheet alone would otherwise never reach the built book.
    """
    if app.builder.format != "html":
        return []
    out = Path(app.outdir) / "_static"
    for folder in app.config.html_static_path:
        src = Path(app.confdir) / folder
        for f in (p for p in src.rglob("*") if p.is_file()):
            copy = out / f.relative_to(src)
            if not copy.is_file() or copy.read_bytes() != f.read_bytes():
                return [app.config.root_doc]
    return []


def setup(app: Sphinx) -> dict[str, object]:
    app.connect("env-get-outdated", static_files_changed)
    app.connect("html-page-context", drop_unused_widget_manager, priority=400)
    app.connect("build-finished", copy_vendor)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
