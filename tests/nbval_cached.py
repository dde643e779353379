"""nbval on the build's own execution of each chapter, so that ``make test`` executes it once.

``make book`` executes every chapter in a fresh kernel, in the chapter's folder, into the book's
execution cache (tools/execute.py, jupyter-cache); re-running the same code under nbval would do
the same work a second time. With ``-p tests.nbval_cached --nbval-cached`` each chapter is
collected by nbval's own collector (one test per code cell, nbval's cell tags and comment markers)
and each cell is checked by nbval's own comparison (``IPyNbCell.compare_outputs`` with the
sanitizers of ``--nbval-sanitize-with``), but the fresh outputs are the ones the build produced
instead of the outputs of a second kernel.

The cached execution is only used when it is provably of the current code: jupyter-cache must
match the chapter's code cells, and the digest of src/helpers, datasets/ and the lock file kept
beside the cache (tools/execute.py) must equal the digest of the checkout. Otherwise the test fails
with the command that brings the cache up to date (``make book``). ``make test-nbval`` still runs
classic nbval, which executes every chapter again in its own kernel.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
import pytest
from nbval.plugin import IPyNbCell, IPyNbFile, coalesce_streams

ROOT = Path(__file__).resolve().parents[1]


def pytest_addoption(parser):
    parser.getgroup("nbval").addoption(
        "--nbval-cached", action="store_true",
        help="compare each chapter's stored outputs with the book build's execution "
             "(book/_build/.jupyter_cache) instead of executing it again")


def pytest_collect_file(file_path, parent):
    opt = parent.config.option
    if (file_path.suffix == ".ipynb" and opt.nbval_cached
            and not (opt.nbval or opt.nbval_lax)):
        return CachedNbFile.from_parent(parent, path=file_path)
    return None


def executed_notebook(path: Path, cache_dir: Path | None = None, digest: str | None = None):
    """The book build's executed copy of the notebook at ``path``, or the reason there is none.

    Returns ``(notebook, None)`` when the cache in ``cache_dir`` (default: the book's, from
    book/_config.yml) holds an execution of exactly this code made with the helpers, datasets and
    lock file whose digest is ``digest`` (default: the checkout's), else ``(None, reason)``.
    """
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import execute
    finally:
        sys.path.pop(0)
    from jupyter_cache import get_cache

    if cache_dir is None:
        cache_dir = ROOT / execute._config().get("cache", "book/_build/.jupyter_cache")
    stamp = Path(cache_dir) / "helpers.sha256"
    if not stamp.is_file():
        return None, f"no executed chapters in {cache_dir}"
    if stamp.read_text().strip() != (digest or execute.helpers_digest()):
        return None, ("src/helpers, datasets/ or requirements/lock.txt changed since the "
                      "chapters were executed")
    cache = get_cache(str(cache_dir))
    try:
        record = cache.match_cache_notebook(nbformat.read(path, as_version=4))
    except KeyError:
        return None, "the chapter's code changed since it was executed"
    return cache.get_cache_bundle(record.pk).nb, None


class CachedNbFile(IPyNbFile):
    """nbval's notebook collector, with the build's execution in place of a kernel."""

    def setup(self):
        self.setup_sanitize_files()
        nb, reason = executed_notebook(Path(str(self.fspath)))
        if nb is None:
            pytest.fail(f"{self.fspath}: {reason}; run `make book` first (or use --nbval to "
                        "execute the chapter here)", pytrace=False)
        self.executed = [c for c in nb.cells if c.cell_type == "code"]

    def teardown(self):
        pass

    def collect(self):
        for item in super().collect():
            yield CachedNbCell.from_parent(self, name=item.name, cell_num=item.cell_num,
                                           cell=item.cell, options=item.options)


class CachedNbCell(IPyNbCell):
    """One code cell: its outputs in the build's execution against the stored outputs."""

    def runtest(self):
        if self.options["skip"]:
            pytest.skip()
        fresh = self.parent.executed[self.cell_num]
        if fresh.source != self.cell.source:
            self.raise_cell_error("Cell source differs from the executed copy")
        outs = [nbformat.NotebookNode(dict(o)) for o in fresh.get("outputs", [])]
        errors = [o for o in outs if o.output_type == "error"]
        if errors and not self.options["check_exception"]:
            self.raise_cell_error("Cell execution caused an exception",
                                  "\n" + "\n".join(errors[0].get("traceback", [])))
        self.test_outputs = outs = coalesce_streams(outs)
        unrun = self.cell.execution_count is None
        if unrun and self.cell.outputs:
            self.raise_cell_error("Unrun reference cell has outputs")
        if self.options["check"] and not unrun:
            if not self.compare_outputs(outs, coalesce_streams(self.cell.outputs)):
                self.raise_cell_error("Cell outputs differ", "\n".join(self.comparison_traceback))
