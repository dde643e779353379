"""Execute the book's chapters in parallel into the Jupyter Book cache, before Sphinx runs.

``jupyter-book build`` with ``execute_notebooks: cache`` executes every changed notebook one after
the other inside Sphinx. This step does the same work first, one process per core: each chapter in
the TOC that has no matching record in the cache (jupyter-cache matches on the code cells, so an
edit of prose does not re-execute) is executed with jupyter-cache's own executor, in the chapter's
folder (``run_in_temp: false``), and stored in the cache the book reads
(``execute.cache`` in book/_config.yml). Sphinx then finds every chapter in the cache.

    python tools/execute.py            # all chapters of the TOC, as many at once as there are cores
    python tools/execute.py --jobs 1   # one at a time

A chapter that raises stops the build with its traceback (the same rule as
``allow_errors: false``). Prints each chapter's execution time.

jupyter-cache matches on the code cells only, so an edit of the ``helpers`` package or of a dataset
would leave every chapter "cached" with outputs of the old code (and Sphinx, seeing no changed
source, would not even re-read them). A digest of src/helpers, datasets/ and
requirements/lock.txt is kept beside the
cache (``helpers.sha256``); when it changes, every chapter is executed again and its file's
modification time is updated, so that Sphinx re-reads it.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

import nbformat
import yaml
from jupyter_cache import get_cache
from jupyter_cache.base import CacheBundleIn
from jupyter_cache.executors.utils import single_nb_execution

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
from lab import chapters  # noqa: E402


def _config() -> dict:
    cfg = yaml.safe_load((ROOT / "book" / "_config.yml").read_text(encoding="utf-8"))
    return cfg.get("execute", {})


def helpers_digest(root: Path = ROOT) -> str:
    """SHA-256 over the files the chapters' outputs depend on besides their own code.

    The package src/helpers, the datasets, and the lock file that pins every library version.
    """
    h = hashlib.sha256()
    files = [p for p in (root / "src" / "helpers").rglob("*")
             if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"]
    files += list((root / "datasets").glob("*"))
    files += [root / "requirements" / "lock.txt"]
    for p in sorted(f for f in files if f.is_file()):
        h.update(str(p.relative_to(root)).encode())
        h.update(b"\0")
        h.update(p.read_bytes())
    return h.hexdigest()


def _run(path: str, timeout: int) -> tuple[str, dict, float, str | None]:
    nb = nbformat.read(path, as_version=4)
    result = single_nb_execution(nb, cwd=str(Path(path).parent), allow_errors=False,
                                 timeout=timeout, meta_override=True)
    return path, nb, result.time, (result.exc_string if result.err is not None else None)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("notebooks", nargs="*", help="default: every chapter in book/_toc.yml")
    args = ap.parse_args(argv)
    cfg = _config()
    if cfg.get("execute_notebooks") != "cache":
        print("execute.py: execute_notebooks is not 'cache'; nothing to do")
        return 0
    cache_dir = ROOT / cfg.get("cache", "book/_build/.jupyter_cache")
    cache = get_cache(str(cache_dir))
    stamp = cache_dir / "helpers.sha256"
    digest = helpers_digest()
    helpers_changed = not stamp.is_file() or stamp.read_text().strip() != digest
    paths = [Path(p).resolve() for p in args.notebooks] or chapters()
    todo = []
    for path in paths:
        try:
            cache.match_cache_notebook(nbformat.read(path, as_version=4))
            if helpers_changed:
                todo.append(str(path))
        except KeyError:
            todo.append(str(path))
    if helpers_changed and stamp.is_file():
        print("execute.py: src/helpers or datasets/ changed since the last run: every chapter "
              "runs again", flush=True)
    print(f"execute.py: {len(paths) - len(todo)} chapter(s) cached, {len(todo)} to run "
          f"on {min(args.jobs, max(len(todo), 1))} process(es)", flush=True)
    if not todo:
        stamp.write_text(digest)
        return 0
    start, failed = time.perf_counter(), []
    with ProcessPoolExecutor(max_workers=max(1, min(args.jobs, len(todo)))) as pool:
        futures = [pool.submit(_run, p, int(cfg.get("timeout", 600))) for p in todo]
        for fut in as_completed(futures):
            path, nb, seconds, error = fut.result()
            name = Path(path).relative_to(ROOT)
            if error is not None:
                failed.append(name)
                print(f"execute.py: {name} FAILED after {seconds:.1f} s\n{error}", flush=True)
                continue
            record = cache.add_nb_to_project(path)
            cache.cache_notebook_bundle(
                CacheBundleIn(nb, record.uri, data={"execution_seconds": seconds}),
                check_validity=False, overwrite=True)
            os.utime(path)          # Sphinx re-reads a chapter whose file is newer than its build
            print(f"execute.py: {name} {seconds:.1f} s", flush=True)
    print(f"execute.py: done in {time.perf_counter() - start:.1f} s", flush=True)
    if failed:
        return 1
    if not args.notebooks:          # only a run over the whole book vouches for every chapter
        stamp.write_text(digest)
    return 0


if __name__ == "__main__":
    sys.exit(main())
