"""The branching scenarios of 专题三 played in a real browser from a file:// page (no server, no
kernel, no internet): one path through each, feedback, summary and restart.

Does not need the built book: the scenarios are rendered from the chapter's own definitions (the
code cells of chapters/11_crisis.ipynb that build them).
"""

from __future__ import annotations

import pytest

from tests.browser.scenario_page import chapter_scenarios, scenario_page

pytestmark = pytest.mark.browser

# one path through each scenario: (step, goto) pairs of good replies, ending in an end step
PATHS = {
    "incident": [("start", "d1_hotline"), ("d1_hotline", "d2_result"), ("d2_result", "d3"),
                 ("d3", "end_good")],
    "call": [("start", "ask"), ("ask", "escalate"), ("escalate", "end_good")],
}


def _scenarios():
    return chapter_scenarios("11_crisis.ipynb", PATHS)


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    yield from scenario_page(_scenarios(), tmp_path_factory.mktemp("sc"))


@pytest.mark.parametrize("key", sorted(PATHS))
def test_one_path_through_each_scenario(page, key):
    page.reload()
    box = page.locator(f'.course-scenario[id^="scenario-{key}-"]')
    assert box.locator('.course-scenario-step[data-step="start"]').is_visible()
    for step, goto in PATHS[key]:
        cur = box.locator(f'.course-scenario-step[data-step="{step}"]')
        # several replies may lead to the same step: take the good one
        cur.locator(f'.course-scenario-choice[data-goto="{goto}"][data-verdict="good"]').click()
        nxt = box.locator(f'.course-scenario-step[data-step="{goto}"]')
        assert nxt.is_visible() and not cur.is_visible()
        assert box.locator(".course-scenario-feedback").inner_text().startswith("✔")
        assert page.evaluate("document.activeElement.getAttribute('data-step')") == goto
    end = box.locator('.course-scenario-step[data-step="end_good"]')
    assert f"共 {len(PATHS[key])} 步，妥当 {len(PATHS[key])}" in end.inner_text()
    end.locator(".course-scenario-restart").click()
    assert box.locator('.course-scenario-step[data-step="start"]').is_visible()
    assert box.locator(".course-scenario-trail").inner_text() == ""


def test_a_bad_choice_shows_its_verdict(page):
    page.reload()
    box = page.locator('.course-scenario[id^="scenario-incident-"]')
    box.locator('.course-scenario-step[data-step="start"] .course-scenario-choice[data-goto="d1_deny"]').click()
    assert box.locator('.course-scenario-step[data-step="d1_deny"]').is_visible()
    assert box.locator(".course-scenario-feedback").inner_text().startswith("✘")
