"""Class mode on this machine, a small class: the course's hub with three trainees (N = 3).

tools/class_load.py starts deploy/jupyterhub/jupyterhub_config.py on 127.0.0.1 (free ports, the
local process spawner, a temporary state folder), creates three trainees through the hub's REST
API, starts their servers (each prepares the trainee's own copy of the chapters), and has each run
every code cell of a chapter at the same time through their own server's kernel, via the hub's
proxy; then stops everything. ``make class-test`` runs N = 5, 10, 20, 30 (the table in
book/instructor_guide.md). Marked ``hub``: one test, one hub, run once by one worker.
"""

from __future__ import annotations

import doctest
import sys
import time
from pathlib import Path

import psutil
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import class_load  # noqa: E402

pytestmark = pytest.mark.hub
CHAPTER = "01_background"


def test_doctests():
    result = doctest.testmod(class_load)
    assert result.attempted > 0 and result.failed == 0


def test_three_trainees_run_a_chapter_at_once(tmp_path):
    t0 = time.monotonic()
    rnd = class_load.run_round(3, chapter=CHAPTER, timeout=75, workdir=tmp_path)
    took = time.monotonic() - t0
    assert rnd.failures() == [], rnd.failures()
    summary = rnd.summary()
    assert summary["servers_started"] == 3 and summary["chapters_ok"] == 3
    for t in rnd.trainees:
        assert t.error is None and t.cells_run == rnd.code_cells >= 20, t
        own = tmp_path / "state" / "home" / t.name / class_load.COURSE_DIR
        assert (own / f"{CHAPTER}.ipynb").is_file() and (own / "00_课程首页.ipynb").is_file()
        assert t.end_rss > 0 and t.cpu_s > 0
        assert t.locale == "zh_CN", "the trainee's JupyterLab is in Chinese"
    # every process the hub started (proxy, culler, servers, kernels) is gone
    assert rnd.pids and not [p for p in rnd.pids if psutil.pid_exists(p)
                              and psutil.Process(p).status() != psutil.STATUS_ZOMBIE]
    assert rnd.offsite == []
    print(f"N = 3: {took:.0f} s; " + class_load.table([summary]).splitlines()[-1])
    assert took < 85


def _form(session, url: str, path: str, **data):
    """POST a hub form with its XSRF token, as the browser does."""
    page = session.get(url + path, timeout=30)
    token = session.cookies.get("_xsrf") or ""
    return session.post(url + path, data={**data, "_xsrf": token}, timeout=30,
                        allow_redirects=False), page


def test_signup_needs_an_instructors_approval(tmp_path):
    """NativeAuthenticator on JupyterHub 6, as the training room uses it: the instructor signs up
    (pre-approved), a trainee signs up and cannot log in until the instructor approves them."""
    import asyncio

    import requests

    hub = class_load.Hub(tmp_path, users=1)
    try:
        hub.start()
        asyncio.run(class_load.Client(hub).wait_hub())
        password = "Kx8-qiwang-2026"
        instructor, trainee = requests.Session(), requests.Session()
        r, page = _form(instructor, hub.url, "/hub/signup", username="instructor",
                        signup_password=password, signup_password_confirmation=password)
        assert page.status_code == 200 and r.status_code == 200
        r, _ = _form(instructor, hub.url, "/hub/login", username="instructor", password=password)
        assert r.status_code == 302, "the instructor (an admin) is approved at sign-up"

        r, _ = _form(trainee, hub.url, "/hub/signup", username="trainee01",
                     signup_password="short", signup_password_confirmation="short")
        r, _ = _form(trainee, hub.url, "/hub/login", username="trainee01", password="short")
        assert r.status_code != 302, "a password under 10 characters is refused at sign-up"
        r, _ = _form(trainee, hub.url, "/hub/signup", username="trainee01",
                     signup_password=password, signup_password_confirmation=password)
        r, _ = _form(trainee, hub.url, "/hub/login", username="trainee01", password=password)
        assert r.status_code != 302, "a trainee cannot log in before an instructor approves"

        assert instructor.get(hub.url + "/hub/authorize", timeout=30).status_code == 200
        instructor.get(hub.url + "/hub/authorize/trainee01", timeout=30)
        r, _ = _form(trainee, hub.url, "/hub/login", username="trainee01", password=password)
        assert r.status_code == 302, "approved: the trainee logs in"
    finally:
        left = hub.stop()
    assert left == []
