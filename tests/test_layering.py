"""Imports go one way: measure modules never import the presentation layer.

Each measure module is imported in a fresh interpreter, which must not have loaded matplotlib,
altair or ipywidgets (style guide, section e). The presentation packages (``plots``, ``widgets``)
and the generators (``simulate``) are the only places allowed to.
"""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys

import pytest

import helpers

PRESENTATION = {"plots", "widgets"}
MEASURES = sorted(m.name for m in pkgutil.iter_modules(helpers.__path__)
                  if m.name not in PRESENTATION and not m.ispkg)
FORBIDDEN = ("matplotlib", "altair", "ipywidgets")


def test_measure_modules_are_found():
    assert {"servqual", "reliability", "ratings", "ipa", "io"} <= set(MEASURES)
    packages = {m.name for m in pkgutil.iter_modules(helpers.__path__) if m.ispkg}
    assert {"plots", "widgets", "simulate"} <= packages


_PROBE = """
import importlib, json, sys
forbidden, modules = {forbidden!r}, {modules!r}
out = {{}}
for name in modules:
    before = {{m for m in forbidden if m in sys.modules}}
    if before:            # already loaded by an earlier module: this one needs its own interpreter
        out[name] = None
        continue
    importlib.import_module("helpers." + name)
    out[name] = ",".join(m for m in forbidden if m in sys.modules)
print(json.dumps(out))
"""


def _probe(modules: list[str]) -> dict[str, str | None]:
    code = _PROBE.format(forbidden=FORBIDDEN, modules=modules)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 0, f"importing the measure modules failed:\n{proc.stderr}"
    return json.loads(proc.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def loaded() -> dict[str, str]:
    """For each module, the forbidden libraries loaded by importing it into an interpreter that
    has none of them yet. One interpreter imports the modules in turn (importing pandas once, not
    forty times); once a module has loaded a forbidden library, every later module is checked
    again in a fresh interpreter of its own, so a culprit is never hidden and never misnamed."""
    out: dict[str, str] = {}
    pending = MEASURES + ["simulate"]
    while pending:
        result = _probe(pending)
        done = [m for m in pending if result[m] is not None]
        out.update({m: result[m] for m in done})
        pending = [m for m in pending if result[m] is None]
    return out


@pytest.mark.parametrize("module", MEASURES + ["simulate"])
def test_measure_module_imports_no_presentation_library(loaded, module):
    assert loaded[module] == "", f"helpers.{module} imports {loaded[module]}"


def test_importing_plots_does_not_load_matplotlib():
    code = "import sys, helpers.plots; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
