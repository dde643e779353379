"""tests/nbval_cached.py: nbval's comparison on the book build's execution of a chapter."""

from __future__ import annotations

import nbformat
import pytest
from jupyter_cache import get_cache
from jupyter_cache.base import CacheBundleIn
from jupyter_cache.executors.utils import single_nb_execution

from tests.nbval_cached import executed_notebook

pytest_plugins = ["pytester"]


def _chapter(path, code=("x = 6 * 7\nprint(x)", "x + 1")):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# 标题")]
                                  + [nbformat.v4.new_code_cell(c) for c in code])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)
    return nb


def _execute_into_cache(path, cache_dir, digest="abc"):
    """What tools/execute.py does for one chapter: execute in its folder, store, write the stamp."""
    nb = nbformat.read(path, as_version=4)
    single_nb_execution(nb, cwd=str(path.parent), allow_errors=False, timeout=60,
                        meta_override=True)
    cache = get_cache(str(cache_dir))
    record = cache.add_nb_to_project(str(path))
    cache.cache_notebook_bundle(CacheBundleIn(nb, record.uri), check_validity=False,
                                overwrite=True)
    (cache_dir / "helpers.sha256").write_text(digest)
    return nb


def test_the_cached_execution_is_used_only_for_the_same_code_and_digest(tmp_path):
    path, cache_dir = tmp_path / "ch.ipynb", tmp_path / "cache"
    _chapter(path)
    assert executed_notebook(path, cache_dir, "abc") == (None, f"no executed chapters in {cache_dir}")
    executed = _execute_into_cache(path, cache_dir)
    nb, reason = executed_notebook(path, cache_dir, "abc")
    code = [c for c in nb.cells if c.cell_type == "code"]        # the cache keeps code cells only
    assert reason is None and code[0].outputs[0].text == "42\n"
    assert code[1].outputs[0].data["text/plain"] == executed.cells[2].outputs[0].data["text/plain"]
    nb, reason = executed_notebook(path, cache_dir, "another digest")
    assert nb is None and "changed since the chapters were executed" in reason
    _chapter(path, code=("x = 6 * 8\nprint(x)", "x + 1"))
    nb, reason = executed_notebook(path, cache_dir, "abc")
    assert nb is None and "code changed" in reason


def test_stored_outputs_that_differ_from_the_execution_fail(pytester, tmp_path, monkeypatch):
    import tests.nbval_cached as plugin

    path = pytester.path / "ch.ipynb"
    _chapter(path)
    executed = _execute_into_cache(path, tmp_path)
    monkeypatch.setattr(plugin, "executed_notebook", lambda p: executed_notebook(p, tmp_path, "abc"))
    stored = nbformat.read(path, as_version=4)
    for src, dst in zip(executed.cells, stored.cells):
        dst.outputs = getattr(src, "outputs", [])
        if dst.cell_type == "code":
            dst.execution_count = src.execution_count
    nbformat.write(stored, path)
    result = pytester.runpytest_inprocess("-p", "tests.nbval_cached", "--nbval-cached",
                                          "-p", "no:randomly", "-p", "no:xdist", str(path))
    result.assert_outcomes(passed=2)
    stored.cells[2].outputs[0].data["text/plain"] = "44"            # a stale stored output
    nbformat.write(stored, path)
    result = pytester.runpytest_inprocess("-p", "tests.nbval_cached", "--nbval-cached",
                                          "-p", "no:randomly", "-p", "no:xdist", str(path))
    result.assert_outcomes(passed=1, failed=1)
    assert "Cell outputs differ" in result.stdout.str()
