"""Sphinx extension: ``{eval}`name``` in the book reads the value glued under ``name``.

A chapter writes a computed value into a sentence as ``{eval}`share_negative```. JupyterLab
(jupyterlab-myst) evaluates that expression in the kernel, where ``helpers.book.glue`` bound the
variable. myst-nb's own ``eval`` role needs inline execution (the whole book re-run on every
build); here the book keeps its cached execution and resolves ``{eval}`name``` exactly like
``{glue:text}`name```: from the value the notebook glued under the same name.
"""

from __future__ import annotations

from sphinx.application import Sphinx


def _register(app: Sphinx) -> None:
    from myst_nb.ext.glue.roles import PasteTextRole

    app.add_role("eval", PasteTextRole(), override=True)


def setup(app: Sphinx) -> dict:
    app.connect("builder-inited", _register)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
