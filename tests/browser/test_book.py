"""The built book in a real browser (Debian chromium driven by Playwright), with no internet.

Every page is opened twice: served from 127.0.0.1 and from ``file://``. Every request to any
other host is blocked and recorded; the test fails if there is one, or a page error, or a
missing rendering: math typeset by MathJax, charts drawn, the static widgets' sliders changing
what the chart shows, the quizzes answering a click, and Chinese search finding chapter 1.
Served from 127.0.0.1, every page is also checked with axe-core (from npm, injected from
node_modules, no request): no serious or critical violation of WCAG 2.1 A/AA (the rules that
GB/T 37668-2019 shares).

Needs ``make book`` first (``make test`` does it) and ``chromium`` (``tools/sysdeps.sh``).
The hosts seen are written to ``book/_build/browser-report.json``. ``BOOK_HTML=folder`` tests
another build folder.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
# BOOK_HTML points the test at another build folder (e.g. a trial build of one chapter).
HTML = Path(os.environ.get("BOOK_HTML", ROOT / "book" / "_build" / "html")).resolve()
REPORT = HTML.parent / "browser-report.json"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-default-apps", "--disable-extensions", "--no-default-browser-check",
]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
SEARCH_TERM = "感知"  # a word of chapter 1, as jieba segments it for the zh search index


def _pages() -> list[str]:
    if not HTML.is_dir():
        return []
    return sorted(str(p.relative_to(HTML)) for p in HTML.rglob("*.html")
                  if "_static" not in p.parts and "_sources" not in p.parts)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    if not (HTML / "index.html").is_file():
        pytest.fail("book/_build/html is missing: run `make book` first")
    handler = functools.partial(_Quiet, directory=str(HTML))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


@pytest.fixture(scope="module")
def record() -> Iterator[dict[str, list[str]]]:
    seen: dict[str, list[str]] = {"offmachine": [], "hosts": []}
    yield seen
    REPORT.write_text(json.dumps({"hosts_requested_off_machine": sorted(set(seen["hosts"])),
                                  "blocked_requests": seen["offmachine"]}, indent=2, ensure_ascii=False))


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.fail("chromium is not installed: run `tools/sysdeps.sh chromium` (make test does)")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture()
def page(browser, record):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    errors: list[str] = []

    def route(r):
        url = r.request.url
        parts = urlsplit(url)
        local = parts.scheme in ("file", "data", "blob", "about") or parts.hostname == "127.0.0.1"
        if local:
            r.continue_()
        else:
            record["offmachine"].append(url)
            record["hosts"].append(parts.hostname or url)
            r.abort()

    context.route("**/*", route)
    pg = context.new_page()
    pg.on("pageerror", lambda exc: errors.append(f"page error: {exc}"))
    pg.on("requestfailed", lambda req: errors.append(f"failed request: {req.url}")
          if urlsplit(req.url).hostname in (None, "", "127.0.0.1") else None)
    pg.errors = errors  # type: ignore[attr-defined]
    yield pg
    context.close()


def _open(pg, url: str) -> None:
    pg.goto(url, wait_until="load")
    pg.wait_for_load_state("networkidle", timeout=120_000)   # the glossary is long; a loaded machine is slow


def _change(control) -> None:
    """Move one Vega binding to a value other than its current one (fires input/change)."""
    kind = control.evaluate("e => e.tagName === 'SELECT' ? 'select' : e.type")
    if kind == "range":
        target = control.evaluate(
            "e => String(Number(e.value) === Number(e.min) ? e.max : e.min)")
        control.fill(target)
    elif kind == "select":
        target = control.evaluate(
            "e => [...e.options].map(o => o.value).find(v => v !== e.value)")
        control.select_option(target)
    else:  # radio: click another button of the same group
        control.evaluate("e => [...document.getElementsByName(e.name)]"
                         ".find(r => !r.checked).click()")


def _axe_violations(pg) -> list[dict]:
    """axe-core's serious and critical violations on the page as it is now."""
    if not AXE.is_file():
        pytest.fail("axe-core is missing from node_modules: run `make vendor` (make test does)")
    pg.add_script_tag(path=str(AXE))
    found = pg.evaluate(
        """async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}}))
             .violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                    nodes: v.nodes.slice(0, 3).map(n => n.html.slice(0, 200))}))""",
        AXE_TAGS)
    return [v for v in found if v["impact"] in ("serious", "critical")]


def _check_rendering(pg, name: str) -> None:
    """Math typeset, images decoded, static widgets drawn and responsive, quizzes answering."""
    if pg.locator(".math").count():
        pg.wait_for_selector("mjx-container", timeout=15_000)
        assert pg.locator("mjx-container").count() >= pg.locator(".math").count(), name
    for i in range(pg.locator("img").count()):
        img = pg.locator("img").nth(i)
        img.scroll_into_view_if_needed()
        assert img.evaluate("e => e.complete && e.naturalWidth > 0"), f"{name}: image not drawn"
    widgets = pg.locator(".course-widget")
    for i in range(widgets.count()):
        box = widgets.nth(i)
        box.scroll_into_view_if_needed()
        pg.wait_for_function("el => el.getAttribute('data-ready') || el.getAttribute('data-error')",
                             arg=box.element_handle(), timeout=20_000)
        assert box.get_attribute("data-error") is None, f"{name}: {box.get_attribute('data-error')}"
        assert box.locator("svg").count() > 0, f"{name}: widget chart not drawn"
        controls = box.locator(".vega-bindings input[type=range], .vega-bindings select, "
                               ".vega-bindings input[type=radio]")
        assert controls.count() >= 1, f"{name}: static widget has no control"
        for j in range(controls.count()):
            before = box.locator("svg").first.inner_html()
            _change(controls.nth(j))
            pg.wait_for_function("([el, old]) => el.querySelector('svg').innerHTML !== old",
                                 arg=[box.element_handle(), before], timeout=5_000)
    quizzes = pg.locator(".course-quiz")
    for i in range(quizzes.count()):
        quiz = quizzes.nth(i)
        question = quiz.locator(".course-quiz-q").first
        right = question.get_attribute("data-answer")
        question.locator(f'.course-quiz-opt[data-option="{right}"]').click()
        assert question.get_attribute("data-result") == "right", f"{name}: quiz did not answer"
        assert question.locator(".course-quiz-feedback").is_visible()
        wrong = "1" if right == "0" else "0"
        question.locator(f'.course-quiz-opt[data-option="{wrong}"]').click()
        # a chapter quiz lets the reader try again; in the scored self-assessment the first
        # answer counts (tested in full by test_self_assessment_scores_and_points_to_chapters)
        expected = "right" if "course-selftest" in (quiz.get_attribute("class") or "") else "wrong"
        assert question.get_attribute("data-result") == expected, name


@pytest.mark.parametrize("name", _pages() or ["index.html"])
def test_page_served_from_localhost(page, server, record, name):
    _open(page, server + quote(name))
    _check_rendering(page, name)
    bad = _axe_violations(page)     # after the widgets are drawn and a quiz answered
    assert not bad, f"{name}: axe-core: " + json.dumps(bad, ensure_ascii=False, indent=1)
    assert not page.errors, page.errors
    assert not record["offmachine"], f"requests off the machine: {record['offmachine']}"


@pytest.mark.parametrize("name", _pages() or ["index.html"])
def test_page_from_file_url(page, record, name):
    _open(page, (HTML / name).as_uri())
    _check_rendering(page, name)
    assert not page.errors, page.errors
    assert not record["offmachine"], f"requests off the machine: {record['offmachine']}"


def _selftest_pages() -> list[str]:
    return [n for n in _pages() if 'class="course-quiz course-selftest"' in (HTML / n).read_text(encoding="utf-8")]


def test_the_book_has_a_self_assessment():
    assert _selftest_pages(), "no page of the built book holds the final self-assessment"


def _selftest_option(question, *, wrong: bool):
    """The button of the right answer of a question, or of a wrong one."""
    right = question.get_attribute("data-answer")
    option = ("1" if right == "0" else "0") if wrong else right
    return question.locator(f'.course-quiz-opt[data-option="{option}"]')


@pytest.mark.parametrize("name", _selftest_pages())
def test_self_assessment_scores_and_points_to_chapters(page, record, name):
    """Answer every question from file:// (wrong for the lowest chapter, right elsewhere; one by
    keyboard): the score counts, the review lists every chapter and sends the reader to the one
    answered wrongly, the link opens that chapter, and reset clears everything."""
    _open(page, (HTML / name).as_uri())
    box = page.locator(".course-selftest").first
    questions = box.locator("fieldset.course-quiz-q")
    n = questions.count()
    assert n >= 15, f"{name}: the self-assessment has {n} questions, fewer than 15"
    chapters = [questions.nth(i).get_attribute("data-chapter") for i in range(n)]
    weak = min(chapters, key=int)
    score = box.locator(".course-selftest-score")
    review = box.locator(".course-selftest-review")
    assert score.inner_text().startswith(f"已答 0 / {n} 题"), score.inner_text()
    for i in range(n):
        q = questions.nth(i)
        button = _selftest_option(q, wrong=chapters[i] == weak)
        if i == 0:                       # keyboard alone: focus the option and press Enter
            button.focus()
            page.keyboard.press("Enter")
        else:
            button.click()
        assert q.get_attribute("data-result") == ("right" if chapters[i] != weak else "wrong")
        assert review.is_hidden() == (i < n - 1), f"review shown after {i + 1} of {n} answers"
    # a second click does not change a counted answer
    first = questions.nth(0)
    before = first.get_attribute("data-result")
    first.locator(".course-quiz-opt").nth(1).click()
    first.locator(".course-quiz-opt").nth(0).click()
    assert first.get_attribute("data-result") == before
    n_weak = chapters.count(weak)
    assert score.inner_text() == f"已答 {n} / {n} 题，答对 {n - n_weak} 题", score.inner_text()
    items = review.locator("li.course-selftest-chapter")
    listed = [items.nth(i).get_attribute("data-chapter") for i in range(items.count())]
    assert listed == sorted(set(chapters), key=int), listed
    flagged = review.locator("li[data-review]")
    assert flagged.count() == 1 and flagged.get_attribute("data-chapter") == weak
    assert flagged.get_attribute("data-right") == "0"
    assert flagged.get_attribute("data-total") == str(n_weak)
    assert "建议复习" in flagged.inner_text()
    for i in range(items.count()):       # every link leads to a built chapter page
        href = items.nth(i).locator("a.course-selftest-link").get_attribute("href")
        assert (HTML / name).parent.joinpath(href).resolve().is_file(), href
    box.locator(".course-selftest-reset").click()
    assert score.inner_text().startswith(f"已答 0 / {n} 题"), score.inner_text()
    assert review.is_hidden()
    assert box.locator(".course-quiz-q[data-result]").count() == 0
    assert box.locator(".course-quiz-feedback:visible").count() == 0
    # answer again and follow the link of the chapter to review
    for i in range(n):
        _selftest_option(questions.nth(i), wrong=chapters[i] == weak).click()
    review.locator("li[data-review] a.course-selftest-link").click()
    page.wait_for_load_state("load")
    assert page.url.startswith("file://") and page.url.split("/")[-1].startswith(f"{int(weak):02d}_")
    assert not page.errors, page.errors
    assert not record["offmachine"], f"requests off the machine: {record['offmachine']}"


def test_axe_would_catch_a_violation(page, server):
    """The check is live: an image without alt text and an unlabeled field are reported."""
    _open(page, server + "book/intro.html")
    page.evaluate("""() => { const m = document.querySelector('main') || document.body;
        m.insertAdjacentHTML('beforeend', '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><input type="text">'); }""")
    ids = {v["id"] for v in _axe_violations(page)}
    assert {"image-alt", "label"} <= ids, ids


def test_every_figure_has_alt_text_saying_what_it_shows():
    """Each image of a chapter has alt text in Chinese, long enough to say what it shows."""
    import re
    images = 0
    for name in _pages():
        if not name.startswith("chapters/"):
            continue
        for tag in re.findall(r"<img\b[^>]*>", (HTML / name).read_text(encoding="utf-8")):
            images += 1
            alt = re.search(r'alt="([^"]*)"', tag)
            text = alt.group(1) if alt else ""
            assert len(text) >= 12 and re.search(r"[\u4e00-\u9fff]", text), f"{name}: {tag[:200]}"
    assert images, "no chapter has a figure"


def _keyboard_pages() -> list[str]:
    return [n for n in _pages() if n.startswith("chapters/")
            and 'class="course-widget"' in (HTML / n).read_text(encoding="utf-8")]


@pytest.mark.parametrize("name", _keyboard_pages()[:1] + _keyboard_pages()[-1:])
def test_static_widgets_work_by_keyboard(page, record, name):
    """Tab reaches each slider or list of a static widget, and arrow keys change the chart."""
    _open(page, (HTML / name).as_uri())
    widgets = page.locator(".course-widget")
    moved = 0
    for i in range(widgets.count()):
        box = widgets.nth(i)
        box.scroll_into_view_if_needed()
        page.wait_for_function("el => el.getAttribute('data-ready') || el.getAttribute('data-error')",
                               arg=box.element_handle(), timeout=20_000)
        controls = box.locator(".vega-bindings input[type=range], .vega-bindings select")
        for j in range(controls.count()):
            control = controls.nth(j)
            assert control.evaluate("e => e.tabIndex >= 0 && !e.disabled"), f"{name}: not focusable"
            # reach it with Tab from the element just before it in the tab order
            control.evaluate("e => { const a = document.createElement('a'); a.href = '#';"
                             " a.id = 'kb-start'; e.parentNode.insertBefore(a, e); }")
            page.focus("#kb-start")
            page.keyboard.press("Tab")
            assert control.evaluate("e => document.activeElement === e"), f"{name}: Tab missed it"
            page.evaluate("() => document.getElementById('kb-start').remove()")
            before = box.locator("svg").first.inner_html()
            value = control.evaluate("e => e.value")
            forward = control.evaluate(
                "e => e.tagName === 'SELECT' ? e.selectedIndex < e.options.length - 1"
                " : Number(e.value) < Number(e.max)")
            if control.evaluate("e => e.tagName") == "SELECT":
                page.keyboard.press("ArrowDown" if forward else "ArrowUp")
            else:
                page.keyboard.press("ArrowRight" if forward else "ArrowLeft")
            assert control.evaluate("e => e.value") != value, f"{name}: arrow key did not move it"
            page.wait_for_function("([el, old]) => el.querySelector('svg').innerHTML !== old",
                                   arg=[box.element_handle(), before], timeout=5_000)
            moved += 1
    assert moved, f"{name}: no slider or list in its widgets"
    assert not page.errors, page.errors


def _overflow(pg, width: int) -> list[str]:
    """What runs past the right edge of a window ``width`` CSS px wide (at most three)."""
    return pg.evaluate("""(w) => {
        const out = [];
        if (document.documentElement.scrollWidth > w + 1) out.push('page ' + document.documentElement.scrollWidth);
        for (const el of document.querySelectorAll('article p, article li, article h1, article h2, article h3')) {
          if (el.closest('pre, table, .highlight, .cell_output, .course-widget, mjx-container, .vega-embed, .table-wrapper')) continue;
          const r = el.getBoundingClientRect();
          if (r.width && r.right > w + 1) out.push(el.tagName + ': ' + el.textContent.trim().slice(0, 40));
        }
        return out.slice(0, 3); }""", width)


SMALL_SCREENS = {"phone-375px": (375, 667), "zoom-200pc": (640, 450)}


def test_text_fits_a_phone_and_200_percent_zoom(browser):
    """On a 375-px phone and at 200 % zoom (a 1280-px window seen through 640 CSS px), no page
    scrolls sideways and no paragraph, list item or heading runs past the window's right edge
    (wide tables and code blocks scroll inside their own box). Each page is loaded once and laid
    out at both sizes in turn. A screenshot of each page at each size goes to
    book/_build/screenshots/ for a person to look at."""
    shots = HTML.parent / "screenshots"
    shots.mkdir(exist_ok=True)
    context = browser.new_context(viewport={"width": 375, "height": 667}, locale="zh-CN")
    context.route("**/*", lambda r: r.continue_() if urlsplit(r.request.url).scheme == "file"
                  else r.abort())
    pg = context.new_page()
    problems = []
    checked = {size: 0 for size in SMALL_SCREENS}
    for name in _pages():
        if not (name.startswith("chapters/") or name.startswith("book/")):
            continue
        _open(pg, (HTML / name).as_uri())
        for size, (width, height) in SMALL_SCREENS.items():
            pg.set_viewport_size({"width": width, "height": height})
            # what reacts to the resize (the theme's scripts, ResizeObservers) has run, and an
            # overflow is only one that is still there a moment later
            pg.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
            over = _overflow(pg, width)
            if over:
                pg.wait_for_timeout(1000)
                over = _overflow(pg, width)
            if over:
                problems.append(f"{name} ({size}): {over}")
            pg.screenshot(path=str(shots / f"{width}px-{name.replace('/', '_')}.png"))
            checked[size] += 1
    context.close()
    assert min(checked.values()) >= 12, checked
    assert not problems, "\n".join(problems)


def test_a_quiz_works_by_keyboard(page, record):
    """Tab reaches the options of a chapter quiz (buttons), Enter answers, the feedback shows and
    is announced (aria-live); Tab then goes on to the next option, and Space answers there too."""
    _open(page, (HTML / "chapters" / "01_background.html").as_uri())
    question = page.locator(".course-quiz .course-quiz-q").first
    question.scroll_into_view_if_needed()
    question.evaluate("q => { const a = document.createElement('a'); a.href = '#'; a.id = 'kb-start';"
                      " q.insertBefore(a, q.querySelector('.course-quiz-opt')); }")
    page.focus("#kb-start")
    page.keyboard.press("Tab")
    first = question.locator(".course-quiz-opt").first
    assert first.evaluate("e => document.activeElement === e"), "Tab did not reach the first option"
    page.keyboard.press("Enter")
    assert question.get_attribute("data-result") in ("right", "wrong")
    feedback = question.locator(".course-quiz-feedback")
    assert feedback.is_visible() and feedback.inner_text().strip()
    live = feedback.evaluate("f => f.closest('[aria-live]') ? f.closest('[aria-live]').getAttribute('aria-live') : null")
    assert live in ("polite", "assertive"), "the feedback is not announced to screen readers"
    second = question.locator(".course-quiz-opt").nth(1)
    page.keyboard.press("Tab")
    assert second.evaluate("e => document.activeElement === e"), "Tab did not go on to the next option"
    page.keyboard.press(" ")
    assert "is-right" in (second.get_attribute("class") or "") or "is-wrong" in (second.get_attribute("class") or "")
    assert not page.errors, page.errors


def test_the_small_screen_check_would_catch_an_overflow(page):
    _open(page, (HTML / "chapters" / "01_background.html").as_uri())
    page.set_viewport_size({"width": 375, "height": 667})
    assert _overflow(page, 375) == []
    page.evaluate("""() => { const p = document.createElement('p'); p.style.width = '900px';
        p.textContent = '一段过宽的文字'; document.querySelector('article').appendChild(p); }""")
    assert any("一段过宽的文字" in o or o.startswith("page") for o in _overflow(page, 375))


def test_chinese_search_finds_chapter_1(page, server):
    _open(page, server + "search.html?q=" + quote(SEARCH_TERM))
    page.wait_for_selector("#search-results ul.search li", timeout=20_000)
    links = page.locator("#search-results ul.search li a").evaluate_all("els => els.map(e => e.href)")
    assert any("chapters/01_background" in href for href in links), links
    assert not page.errors, page.errors


def test_every_chapter_in_toc_is_built():
    toc = (ROOT / "book" / "_toc.yml").read_text(encoding="utf-8")
    files = [line.split("file:")[1].strip() for line in toc.splitlines() if "file:" in line]
    assert files, "the table of contents lists no chapter"
    for f in files:
        assert (HTML / f"{f}.html").is_file(), f"{f} is in _toc.yml but was not built"
