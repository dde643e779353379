"""Start one trainee's JupyterLab under JupyterHub, on their own copy of the chapters.

The spawner runs this (``c.Spawner.cmd``) as the trainee, in their home: it makes or completes
the trainee's copy of the chapters with the logic of ``make lab`` (``tools/lab.py prepare``:
missing chapters copied, landing page rewritten, notebooks trusted in the trainee's own
signature database, the Vega files for the offline charts), then replaces itself with
``jupyterhub-singleuser`` and the spawner's arguments. A trainee's edits survive restarts; the
course sources are never written.

    python deploy/jupyterhub/singleuser.py [jupyterhub-singleuser arguments ...]
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
import lab  # noqa: E402  (tools/lab.py)


def course_folder(home: Path, name: str | None = None) -> Path:
    """The folder of a trainee's own copy of the chapters.

    Parameters
    ----------
    home : Path
        The trainee's home (``$HOME``, the spawner's working directory).
    name : str, optional
        Folder name; default ``$COURSE_DIR`` (set by ``jupyterhub_config.py``) or 民众期望管理.

    Returns
    -------
    Path
        ``home / name``.

    Examples
    --------
    >>> course_folder(Path("/home/t01"), "课程").as_posix()
    '/home/t01/课程'
    """
    return home / (name or os.environ.get("COURSE_DIR") or "民众期望管理")


def main(argv: list[str]) -> None:
    home = Path(os.environ.get("HOME") or Path.cwd())
    folder = course_folder(home)
    lab.prepare(folder)
    os.chdir(home)
    exe = Path(sys.executable).parent / "jupyterhub-singleuser"
    os.execv(str(exe), [str(exe), *argv])


if __name__ == "__main__":
    main(sys.argv[1:])
