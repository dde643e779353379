"""The branching scenarios of 专题二 played in a real browser from a file:// page (no server, no
kernel, no internet): one path through each, keyboard use, feedback, summary and restart.

Does not need the built book: the scenarios are rendered from the chapter's own definitions (the
code cells of chapters/10_complaints.ipynb that build them).
"""

from __future__ import annotations

import pytest

from tests.browser.scenario_page import chapter_scenarios, scenario_page

pytestmark = pytest.mark.browser

# one path through each scenario: (step, goto) pairs, ending in an end step
PATHS = {
    "phone": [("start", "listen"), ("listen", "resolve"), ("resolve", "thank"), ("thank", "end_good")],
    "window": [("start", "hear"), ("hear", "solve"), ("solve", "rights"), ("rights", "end_good")],
}


def _scenarios():
    return chapter_scenarios("10_complaints.ipynb", PATHS)


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    yield from scenario_page(_scenarios(), tmp_path_factory.mktemp("sc"))


@pytest.mark.parametrize("key", sorted(PATHS))
def test_one_path_through_each_scenario(page, key):
    page.reload()
    box = page.locator(f'.course-scenario[id^="scenario-{key}-"]')
    assert box.locator(f'.course-scenario-step[data-step="start"]').is_visible()
    for step, goto in PATHS[key]:
        cur = box.locator(f'.course-scenario-step[data-step="{step}"]')
        cur.locator(f'.course-scenario-choice[data-goto="{goto}"]').click()
        nxt = box.locator(f'.course-scenario-step[data-step="{goto}"]')
        assert nxt.is_visible() and not cur.is_visible()
        assert box.locator(".course-scenario-feedback").inner_text().startswith("✔")
        assert page.evaluate("document.activeElement.getAttribute('data-step')") == goto
    end = box.locator('.course-scenario-step[data-step="end_good"]')
    assert f"共 {len(PATHS[key])} 步，妥当 {len(PATHS[key])}" in end.inner_text()
    end.locator(".course-scenario-restart").click()
    assert box.locator('.course-scenario-step[data-step="start"]').is_visible()
    assert box.locator(".course-scenario-trail").inner_text() == ""


def test_keyboard_only(page):
    page.reload()
    box = page.locator('.course-scenario[id^="scenario-window-"]')
    box.locator('.course-scenario-step[data-step="start"]').focus()
    page.keyboard.press("Tab")                      # first reply of the start step
    page.keyboard.press("Enter")
    assert box.get_attribute("data-current") == "hear"
    assert box.locator(".course-scenario-feedback").get_attribute("aria-live") == "polite"
