"""Branching scenarios: structure of the HTML, validation at construction, random valid graphs."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers._validate import HelpersError
from helpers.scenario import Choice, Scenario, Step


def _demo() -> Scenario:
    return Scenario("demo", "演示", "a", {
        "a": Step([("市民", "我要投诉！")], [
            Choice("请您慢慢说。", "b", "先倾听。", "good"),
            Choice("这事不归我们管。", "c", "推诿。", "bad")]),
        "b": Step([("市民", "是这样的……")], [
            Choice("记下并复述要点。", "end_ok", "确认理解。", "good"),
            Choice("打断他。", "a", "打断让人更急。", "poor")]),
        "c": Step([("市民", "什么态度！")]),
        "end_ok": Step([("市民", "谢谢。")]),
    }, intro="一位市民来电。")


def test_html_has_the_stable_selectors():
    page = _demo()._repr_html_()
    assert page.count('class="course-scenario"') == 1
    assert re.findall(r'class="course-scenario-step" data-step="(\w+)"', page) == ["a", "b", "c", "end_ok"]
    assert page.count('class="course-scenario-choice"') == 4
    assert 'data-goto="end_ok"' in page and 'data-verdict="bad"' in page
    assert page.count('class="course-scenario-feedback" aria-live="polite"') == 1
    assert page.count('class="course-scenario-restart"') == 2          # one per end step
    # only the start step is visible before any click
    visible = re.findall(r'data-step="(\w+)" data-kind="\w+" tabindex="-1">', page)
    assert visible == ["a"]
    assert "<button" in page and "courseScenario(" in page


def test_html_escapes_text_and_id_is_stable():
    s = Scenario("x", "<b>", "a", {"a": Step([("甲", "<script>")], [Choice('"引号"', "b", "<i>")]),
                                    "b": Step([("乙", "完")])})
    page = s._repr_html_()
    assert page.count("<script>") == 1 and "&lt;script&gt;" in page and "&lt;b&gt;" in page
    assert 'data-feedback="&lt;i&gt;"' in page
    assert s._html_id() == Scenario("x", "<b>", "a", dict(s.table))._html_id()


def test_paths_and_text_repr():
    s = _demo()
    assert s.ends == ["c", "end_ok"]
    assert s.paths() == [["a", "b", "end_ok"], ["a", "c"]]
    assert "情景演练：演示（4 步，2 个结局）" in repr(s)


def test_sequence_of_steps_with_ids():
    s = Scenario("seq", "t", "a", [Step([("甲", "?")], [Choice("好", "b", "对")], id="a"),
                                    Step([("乙", "好")], id="b")])
    assert s.paths() == [["a", "b"]]


@pytest.mark.parametrize("steps,start,match", [
    ({"a": Step([("甲", "?")], [Choice("好", "z", "对")])}, "a", "unknown step 'z'"),
    ({"a": Step([("甲", "?")], [Choice("好", "b", "对")]), "b": Step([("乙", "完")]),
      "c": Step([("丙", "孤立")])}, "a", "unreachable"),
    ({"a": Step([("甲", "?")], [Choice("好", "b", "对"), Choice("绕", "c", "圈")]),
      "b": Step([("乙", "完")]), "c": Step([("丙", "绕")], [Choice("再绕", "c", "圈")])},
     "a", "no way to an end"),
    ({"a": Step([("甲", "?")])}, "q", "start step 'q' not found"),
    ({"a b": Step([("甲", "?")])}, "a b", "ASCII identifier"),
    ({}, "a", "no steps"),
])
def test_bad_graphs_are_refused(steps, start, match):
    with pytest.raises(HelpersError, match=match):
        Scenario("k", "t", start, steps)


def test_duplicate_ids_and_empty_texts_are_refused():
    with pytest.raises(HelpersError, match="duplicate step id 'a'"):
        Scenario("k", "t", "a", [Step([("甲", "?")], id="a"), Step([("乙", "!")], id="a")])
    with pytest.raises(HelpersError, match="choice text"):
        Choice("  ", "b", "x")
    with pytest.raises(HelpersError, match="feedback"):
        Choice("好", "b", "")
    with pytest.raises(HelpersError, match="verdict"):
        Choice("好", "b", "x", verdict="great")
    with pytest.raises(HelpersError, match="speaker"):
        Step([("", "话")])
    with pytest.raises(HelpersError, match="pair"):
        Step(["只有一句"])
    with pytest.raises(HelpersError, match="empty step"):
        Step([])
    with pytest.raises(HelpersError, match="ASCII"):
        Scenario("中文", "t", "a", {"a": Step([("甲", "?")])})


@st.composite
def graphs(draw):
    """Random valid graphs: a random tree from the start (every step reachable) whose leaves are
    ends, plus random extra edges (also back edges) from non-end steps."""
    n = draw(st.integers(1, 12))
    parent = [None] + [draw(st.integers(0, i - 1)) for i in range(1, n)]
    children = {i: [j for j in range(n) if parent[j] == i] for i in range(n)}
    extra = {i: draw(st.lists(st.integers(0, n - 1), max_size=2)) if children[i] else []
             for i in range(n)}
    steps = {}
    for i in range(n):
        targets = children[i] + extra[i]
        choices = [Choice(f"选项{i}-{t}", f"s{t}", f"点评{i}-{t}",
                          draw(st.sampled_from(["good", "poor", "bad"]))) for t in targets]
        steps[f"s{i}"] = Step([("市民", f"第 {i} 步")], choices)
    return steps


@settings(max_examples=60, deadline=None)
@given(graphs())
def test_random_valid_graphs_render_and_every_step_is_reachable(steps):
    s = Scenario("rnd", "随机", "s0", steps)
    page = s._repr_html_()
    ids = re.findall(r'class="course-scenario-step" data-step="(\w+)"', page)
    assert ids == list(steps)
    gotos = set(re.findall(r'data-goto="(\w+)"', page))
    assert gotos <= set(steps)
    on_paths = {k for p in s.paths() for k in p}
    assert on_paths == set(steps)                    # every step lies on a start → end path
    assert all(p[0] == "s0" and steps[p[-1]].is_end for p in s.paths())
    assert page.count('class="course-scenario-restart"') == len(s.ends)
