"""Every public function of the package has a numpydoc docstring: Parameters, Returns, Notes,
Examples (which run as doctests: `pytest src/helpers` collects them)."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest

import helpers

SECTIONS = ("Parameters", "Returns", "Notes", "Examples")


def _public_functions():
    names = [m.name for m in pkgutil.walk_packages(helpers.__path__, prefix="helpers.")
             if not m.name.split(".")[-1].startswith("_") and ".__main__" not in m.name]
    seen = set()
    for modname in sorted(names):
        mod = importlib.import_module(modname)
        public = getattr(mod, "__all__", None)
        for name, obj in vars(mod).items():
            if name.startswith("_") or not inspect.isfunction(obj):
                continue
            if obj.__module__ != modname or (public is not None and name not in public):
                continue
            if (obj.__module__, name) in seen:
                continue
            seen.add((obj.__module__, name))
            yield f"{modname}.{name}", obj


FUNCTIONS = list(_public_functions())


@pytest.mark.parametrize("name,func", FUNCTIONS, ids=[n for n, _ in FUNCTIONS])
def test_numpydoc_sections(name, func):
    doc = inspect.getdoc(func) or ""
    missing = [s for s in SECTIONS
               if not any(line.strip() == s and nxt.strip().startswith("---")
                          for line, nxt in zip(doc.splitlines(), doc.splitlines()[1:]))]
    if "Examples" in missing and ">>>" in doc:
        missing.remove("Examples")
    assert not missing, f"{name}: docstring lacks {missing}"
