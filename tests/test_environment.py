"""The environment files agree: environment.yml (conda), requirements/lock.txt (pip), pyproject.toml."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[1]


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _lock() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements" / "lock.txt").read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            name, _, version = line.partition("==")
            assert version, f"lock line without an exact pin: {line!r}"
            pins[_norm(name)] = version
    return pins


def _conda_pip() -> dict[str, str]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict) and "pip" in d)
    pins = {}
    for spec in pip:
        name, sep, version = spec.partition("==")
        assert sep, f"environment.yml pin is not exact: {spec!r}"
        pins[_norm(name)] = version
    return pins


def test_lock_pins_every_package_exactly_once():
    lines = [ln for ln in (ROOT / "requirements" / "lock.txt").read_text().splitlines()
             if ln.strip() and not ln.startswith("#")]
    names = [_norm(ln.split("==")[0]) for ln in lines]
    assert len(names) == len(set(names))


def test_environment_yml_pins_equal_the_lock():
    lock, conda = _lock(), _conda_pip()
    mismatched = {n: (v, lock.get(n)) for n, v in conda.items() if lock.get(n) != v}
    assert not mismatched, f"environment.yml and requirements/lock.txt disagree: {mismatched}"


def test_direct_requirements_are_in_environment_yml_and_lock():
    conda, lock = _conda_pip(), _lock()
    for line in (ROOT / "requirements" / "direct.txt").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name = _norm(Requirement(line).name)
            assert name in conda, f"{name} is a direct requirement but missing from environment.yml"
            assert name in lock, f"{name} is a direct requirement but missing from the lock"


def test_pyproject_dependencies_are_satisfied_by_the_pins():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    lock = _lock()
    deps = list(project["dependencies"]) + list(project["optional-dependencies"]["test"])
    for dep in deps:
        req = Requirement(dep)
        pinned = lock.get(_norm(req.name))
        assert pinned is not None, f"pyproject dependency {req.name} is not in the lock"
        assert req.specifier.contains(pinned, prereleases=True), (
            f"pyproject asks {dep} but the lock pins {pinned}")


def test_python_version_agrees():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda_python = next(d for d in env["dependencies"] if isinstance(d, str) and d.startswith("python"))
    requires = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    assert Requirement(f"python{requires}").specifier.contains(conda_python.split("=")[1] + ".0")
