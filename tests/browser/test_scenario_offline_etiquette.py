"""The six branching scenarios of 专题一 played in a real browser from a file:// page (no server,
no kernel, no internet): one path through each, feedback, summary and restart.

Does not need the built book: the scenarios are rendered from the chapter's own definitions (the
code cells of chapters/09_etiquette.ipynb that build them).
"""

from __future__ import annotations

import pytest

from tests.browser.scenario_page import chapter_scenarios, scenario_page

pytestmark = pytest.mark.browser

# one path through each scenario: (step, goto) pairs, ending in end_good, every reply ✔
PATHS = {
    "queue": [("start", "after"), ("after", "end_good")],
    "elder": [("start", "stuck"), ("stuck", "help"), ("help", "end_good")],
    "dialect": [("start", "check"), ("check", "end_good")],
    "angry": [("start", "calm"), ("calm", "end_good")],
    "leader": [("start", "listen"), ("listen", "end_good")],
    "colleague": [("start", "handover"), ("handover", "end_good")],
}


def _scenarios():
    return chapter_scenarios("09_etiquette.ipynb", PATHS)


def test_paths_exist_in_the_definitions():
    sc = _scenarios()
    for key, path in PATHS.items():
        steps = [s for s, _ in path] + [path[-1][1]]
        assert steps in sc[key].paths(), key


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    yield from scenario_page(_scenarios(), tmp_path_factory.mktemp("sc"))


@pytest.mark.parametrize("key", sorted(PATHS))
def test_one_path_through_each_scenario(page, key):
    page.reload()
    box = page.locator(f'.course-scenario[id^="scenario-{key}-"]')
    assert box.locator('.course-scenario-step[data-step="start"]').is_visible()
    marks = []
    for step, goto in PATHS[key]:
        cur = box.locator(f'.course-scenario-step[data-step="{step}"]')
        cur.locator(f'.course-scenario-choice[data-goto="{goto}"]').first.click()
        nxt = box.locator(f'.course-scenario-step[data-step="{goto}"]')
        assert nxt.is_visible() and not cur.is_visible()
        marks.append(box.locator(".course-scenario-feedback").inner_text()[0])
        assert page.evaluate("document.activeElement.getAttribute('data-step')") == goto
    end = box.locator('.course-scenario-step[data-step="end_good"]')
    n, good = len(PATHS[key]), marks.count("✔")
    assert f"共 {n} 步，妥当 {good}" in end.inner_text()
    end.locator(".course-scenario-restart").click()
    assert box.locator('.course-scenario-step[data-step="start"]').is_visible()
    assert box.locator(".course-scenario-trail").inner_text() == ""
