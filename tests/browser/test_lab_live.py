"""The live path: every chapter run in JupyterLab in a real browser, every live widget moved.

As an instructor would: ``tools/lab.py prepare`` makes the trusted working copy, JupyterLab runs
on 127.0.0.1 with a fixed token (every request to any other host is blocked and fails the test),
the landing page opens, then each chapter is opened and checked twice:

- before running: no raw MyST in any rendered Markdown cell (":class:", "{cite", "{glue",
  "{eval", "{term", a directive fence), the values in the prose are shown, no saved widget that
  draws dead controls;
- after running, as an instructor does before the 交互实验 part (every cell from the top through
  the last widget, then the quiz): no error output, and for every live widget each control (slider
  by keyboard, dropdown, radio buttons) is moved and the widget's chart must change with no error
  shown; a quiz answers a click.

``make test`` runs the widgets live in six chapters (LIVE_RUN: every kind of control, slider,
dropdown and radio buttons, and every widget mechanism: figures, Vega charts, tables) and checks
the rendering of all of them; ``make test-lab`` (``LAB_ALL=1``) runs the widgets of every chapter
live. Every widget's live callback is also checked without a browser in tests/test_widgets*.py
and tests/test_plots_simulated.py.

The cells after the last widget (exercise solutions, summary) are not run here: that every cell
of a chapter runs without error and gives its stored outputs is nbval's check (``make test``), on
the build's own execution, so the Lab test does not execute whole chapters a third time.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import urlopen

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
import lab as labtool  # noqa: E402

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
TOKEN = "course-live-test"
RAW_MYST = (":class:", "{cite", "{glue", "{eval", "{term", "{ref", "{numref", "```{", "%s", "{number}")
CHAPTERS = labtool.chapters()
# the chapters whose widgets make test runs live (all of them with LAB_ALL=1, `make test-lab`)
LIVE_RUN = {"01_background", "04_strategies", "06_challenges", "09_etiquette", "10_complaints",
            "11_crisis"}
# make test runs pytest on two workers, one test module per worker: the chapters are split over
# this module (even positions) and test_lab_live_odd.py (odd positions), each with its own Lab.
HALVES = (CHAPTERS[0::2], CHAPTERS[1::2])


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    ws = tmp_path_factory.mktemp("lab")
    labtool.prepare(ws)
    port = _free_port()
    env = dict(os.environ, JUPYTER_RUNTIME_DIR=str(ws / ".runtime"))
    proc = subprocess.Popen(
        [sys.executable, "-m", "jupyter", "lab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
         f"--IdentityProvider.token={TOKEN}", f"--ServerApp.root_dir={ws}",
         "--LabApp.expose_app_in_browser=True", f"--LabApp.workspaces_dir={ws / '.workspaces'}",
         "--allow-root"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    base = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            urlopen(f"{base}/api/status?token={TOKEN}", timeout=2)
            break
        except OSError:
            time.sleep(0.5)
    else:
        proc.kill()
        pytest.fail("JupyterLab did not start: " + proc.stderr.read().decode()[-2000:])
    yield base
    proc.terminate()
    try:
        proc.wait(20)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.fail("chromium is missing: run tools/sysdeps.sh chromium")
    with sync_api.sync_playwright() as p:
        # JupyterLab does not load under request interception (page.route), so other hosts are
        # made unresolvable in the browser itself and every request is recorded instead.
        b = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync",
            "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost"])
        yield b
        b.close()


@pytest.fixture()
def page(browser):
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
    off_machine: list[str] = []

    def seen(request):
        parts = urlsplit(request.url)
        if parts.scheme not in ("data", "blob", "about") and parts.hostname not in ("127.0.0.1",
                                                                                   "localhost"):
            off_machine.append(request.url)

    ctx.on("request", seen)
    pg = ctx.new_page()
    pg.off_machine = off_machine
    yield pg
    ctx.close()
    assert not off_machine, f"requests off the machine: {off_machine[:5]}"


_KERNEL_IDLE = """() => {
  const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  const k = w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel;
  return !!k && k.status === 'idle';
}"""

_RUN_STATE = """(run) => {
  const nb = window.jupyterapp.shell.currentWidget.content;
  let pending = 0, errors = [];
  for (const [i, cell] of nb.widgets.entries()) {
    if (cell.model.type !== 'code' || !run.includes(i)) continue;
    if (cell.model.sharedModel.source.trim() === '') continue;
    if (cell.model.executionCount === null || cell.node.querySelector('.jp-InputPrompt').textContent.includes('*')) pending++;
    for (const o of cell.model.outputs.toJSON()) {
      if (o.output_type === 'error') errors.push(o.ename + ': ' + o.evalue);
      if (o.output_type === 'stream' && o.name === 'stderr' && /Traceback|Error/.test(o.text)) errors.push(o.text.slice(0, 300));
    }
  }
  return {pending, errors};
}"""


def _open(page, base: str, name: str) -> None:
    page.goto(f"{base}/lab/tree/{name}?reset&token={TOKEN}")   # reset: only this notebook open
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60_000)
    page.wait_for_function(_KERNEL_IDLE, timeout=60_000)
    time.sleep(2)


def cells_to_run(path: Path) -> tuple[int, int, list[int]]:
    """The notebook indices of the last widget cell, of the quiz cell, and of the code cells run."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    code = {i: "".join(c["source"]) for i, c in enumerate(cells) if c["cell_type"] == "code"}
    widgets = [i for i, src in code.items() if "_widget(" in src]
    quizzes = [i for i, src in code.items() if "from helpers.quiz import" in src]
    assert widgets and quizzes, f"{path.name}: no widget or no quiz cell"
    last, quiz = max(widgets), quizzes[0]
    return last, quiz, sorted({i for i in code if i <= last and code[i].strip()} | {quiz})


def _markdown_text(page) -> str:
    """The rendered text of every Markdown cell of the open notebook (jupyterlab-myst output)."""
    text = page.evaluate("""() => Array.from(document.querySelectorAll('.jp-MarkdownCell'))
        .map(c => c.querySelector('.myst, .jp-RenderedMarkdown, .jp-MarkdownOutput'))
        .map(r => r ? r.textContent : '').join('\\n')""")
    assert len(text) > 300, "no rendered Markdown found"
    return text


def _chart_html(widget) -> str:
    return widget.evaluate("""w => Array.from(w.querySelectorAll('.widget-html-content'))
        .map(e => e.innerHTML).join('|')""")


def _move(control, kind: str, page) -> None:
    if kind == "slider":
        handle = control.locator(".noUi-handle").first
        handle.focus()
        # towards the end of the range that is further away (a slider at its maximum does not move
        # right; the handle's aria values say where it is)
        now, top = (float(handle.get_attribute(a) or 0) for a in ("aria-valuenow", "aria-valuemax"))
        key = "ArrowLeft" if now >= top else "ArrowRight"
        handle.press(key)
        handle.press(key)
    elif kind == "select":
        sel = control.locator("select").first
        options = sel.locator("option").all_inner_texts()
        current = sel.evaluate("s => s.options[s.selectedIndex].text")
        sel.select_option(label=next(o for o in options if o != current))
    else:  # radio
        radios = control.locator("input[type=radio]")
        for i in range(radios.count()):
            if not radios.nth(i).is_checked():
                radios.nth(i).check()
                break


def test_landing_page(lab, page):
    page.goto(f"{lab}/lab/tree/{labtool.LANDING}?reset&token={TOKEN}")
    page.wait_for_selector(".jp-MarkdownCell .myst", timeout=60_000)
    time.sleep(2)
    text = _markdown_text(page)
    assert "怎样运行一章" in text and "怎样重置一章" in text
    for path in CHAPTERS:
        assert labtool._title(path) in text
    assert not any(m in text for m in RAW_MYST), text[:500]


@pytest.mark.parametrize("path", HALVES[0], ids=lambda p: p.stem)
def test_chapter_live(lab, page, path):
    check_chapter_live(lab, page, path)


def check_chapter_live(lab, page, path):
    _open(page, lab, path.name)
    # before running: clean MyST, values shown, no dead saved widgets
    text = _markdown_text(page)
    raw = [m for m in RAW_MYST if m in text]
    assert not raw, f"raw MyST shown in JupyterLab: {raw}"
    assert page.locator(".jp-OutputArea-output .widget-vbox").count() == 0, \
        "saved widgets shown before the chapter is run (controls that do nothing)"
    if path.stem not in LIVE_RUN and not os.environ.get("LAB_ALL"):
        print(f"{path.stem}: rendering checked; widgets run live with LAB_ALL=1 (make test-lab)")
        return
    # run every cell through the last widget, then the quiz
    last_widget, quiz, run = cells_to_run(path)
    start = time.perf_counter()
    page.evaluate("""([last, quiz]) => {
        const app = window.jupyterapp, nb = app.shell.currentWidget.content;
        nb.activeCellIndex = last + 1;
        return app.commands.execute('notebook:run-all-above').then(() => {
            nb.activeCellIndex = quiz;
            return app.commands.execute('notebook:run-cell');
        });
    }""", [last_widget, quiz])
    deadline = time.time() + 300
    state = {"pending": 1, "errors": []}
    while time.time() < deadline:
        time.sleep(0.5)
        state = page.evaluate(_RUN_STATE, run)
        if state["errors"] or (state["pending"] == 0 and page.evaluate(_KERNEL_IDLE)):
            break
    assert not state["errors"], f"{path.name}: errors while running: {state['errors'][:3]}"
    assert state["pending"] == 0, f"{path.name}: cells still running after 300 s"
    print(f"{path.stem}: {len(run)} cells run in {time.perf_counter() - start:.1f} s")
    # every live widget: move every control, the chart must change, no error shown
    widgets = page.locator(".jp-OutputArea-output > .widget-vbox, .jp-OutputArea-output .jupyter-widgets.widget-vbox")
    n = widgets.count()
    assert n >= 1, f"{path.name}: no live widget after running"
    moved = 0
    for i in range(n):
        w = widgets.nth(i)
        w.scroll_into_view_if_needed()
        controls = [(c, "slider") for c in w.locator(".widget-slider").all()]
        controls += [(c, "select") for c in w.locator(".widget-dropdown").all()]
        controls += [(c, "radio") for c in w.locator(".widget-radio").all()]
        for control, kind in controls:
            before = _chart_html(w)
            _move(control, kind, page)
            for _ in range(40):
                time.sleep(0.25)
                if _chart_html(w) != before:
                    break
            else:
                if kind == "slider":          # at the top of its range: move the other way
                    handle = control.locator(".noUi-handle").first
                    handle.press("ArrowLeft")
                    handle.press("ArrowLeft")
                    handle.press("ArrowLeft")
                    handle.press("ArrowLeft")
                    for _ in range(40):
                        time.sleep(0.25)
                        if _chart_html(w) != before:
                            break
            assert _chart_html(w) != before, f"{path.name}: widget {i + 1}, a {kind} did not change the chart"
            err = w.locator("span[style*='#b00']")
            assert err.count() == 0 or not err.first.inner_text().strip(), err.first.inner_text()
            moved += 1
    assert moved >= 1
    print(f"{path.stem}: {moved} controls moved in {time.perf_counter() - start:.1f} s since the run began")
    state = page.evaluate(_RUN_STATE, run)
    assert not state["errors"], state["errors"][:3]
    # a quiz answers a click
    quiz = page.locator(".course-quiz:visible").first
    quiz.scroll_into_view_if_needed()
    quiz.locator(".course-quiz-opt").first.click()
    page.wait_for_function("""() => { const f = document.querySelector('.course-quiz .course-quiz-feedback');
        return f && !f.hidden && f.textContent.trim().length > 0; }""", timeout=10_000)
