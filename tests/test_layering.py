"""Imports go one way: measure modules never import the presentation layer.

Each measure module is imported in a fresh interpreter, which must not have loaded matplotlib,
altair or ipywidgets (style guide, section e). The presentation packages (``plots``, ``widgets``)
and the generators (``simulate``) are the only places allowed to.
"""

from __future__ import annotations

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


@pytest.fixture(scope="module")
def loaded() -> dict[str, str]:
    """For each module, the forbidden libraries a fresh interpreter has loaded after importing it
    (all interpreters started at once: importing pandas dominates and runs in parallel)."""
    procs = {}
    for module in MEASURES + ["simulate"]:
        code = (f"import sys, helpers.{module}; "
                f"print(','.join(m for m in {FORBIDDEN!r} if m in sys.modules))")
        procs[module] = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE,
                                         stderr=subprocess.PIPE, text=True)
    out = {}
    for module, proc in procs.items():
        stdout, stderr = proc.communicate(timeout=300)
        assert proc.returncode == 0, f"import helpers.{module} failed:\n{stderr}"
        out[module] = stdout.strip()
    return out


@pytest.mark.parametrize("module", MEASURES + ["simulate"])
def test_measure_module_imports_no_presentation_library(loaded, module):
    assert loaded[module] == "", f"helpers.{module} imports {loaded[module]}"


def test_importing_plots_does_not_load_matplotlib():
    code = "import sys, helpers.plots; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
