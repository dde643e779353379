"""helpers.quiz: the final self-assessment (chapter grouping, HTML hooks for the browser test,
bad input) and the chapter field of Question (the chapter quizzes stay valid without it)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers import HelpersError
from helpers.quiz import Question, Quiz, SelfAssessment

CHAPTERS = {1: ("背景与定义", "01_background"), 2: ("民众期望的形成与影响因素", "02_formation"),
            3: ("理论基础", "03_theory")}


def _q(chapter, answer=0, text="问题"):
    return Question(text, ["甲", "乙", "丙"], answer, "因为", chapter=chapter)


def test_question_chapter_is_optional_and_quiz_unchanged():
    q = Question("q", ["a", "b"], 1, "e")
    assert q.chapter is None
    html = Quiz("t", [q])._repr_html_()
    assert "data-chapter" not in html
    # the chapter quizzes' element id does not depend on the new field (stored outputs stay valid)
    assert re.search(r'id="quiz-t-[0-9a-f]{8}"', html)


def test_self_assessment_html_structure():
    qs = [_q(3, 1, "三甲"), _q(1, 0, "一甲"), _q(3, 2, "三乙"), _q(2, 0, "二甲")]
    html = SelfAssessment("final", qs, CHAPTERS)._repr_html_()
    assert html.count('class="course-quiz-q"') == 4
    assert re.findall(r'data-chapter="(\d+)"', html) == ["3", "1", "3", "2"]
    assert re.findall(r'data-answer="(\d+)"', html) == ["1", "0", "2", "0"]
    assert html.count('class="course-quiz-opt"') == 12
    for hook in ("course-selftest", "course-selftest-score", "course-selftest-review",
                 "course-selftest-reset", "courseSelfTest(", "course-selftest-chapter",
                 "course-selftest-link"):
        assert hook in html, hook
    assert re.search(r'<div class="course-selftest-review" hidden>', html)
    assert "已答 0 / 4 题，答对 0 题" in html
    assert '"03_theory"' in html and "理论基础" in html
    assert "（第 3 章）三甲" in html


def test_by_chapter_groups_in_chapter_order():
    qs = [_q(3), _q(1), _q(3), _q(2)]
    assert SelfAssessment("f", qs, CHAPTERS).by_chapter() == {1: [2], 2: [4], 3: [1, 3]}


@pytest.mark.parametrize("bad", ["3", 3.0, True, 0, -1])
def test_chapter_must_be_a_positive_int(bad):
    with pytest.raises(HelpersError, match="chapter"):
        _q(bad)


def test_assessment_rejects_question_without_chapter_or_unknown_chapter():
    with pytest.raises(HelpersError, match="第 2 题没有注明章节"):
        SelfAssessment("f", [_q(1), Question("q", ["a", "b"], 0, "e")], CHAPTERS)
    with pytest.raises(HelpersError, match="章节 9"):
        SelfAssessment("f", [_q(9)], CHAPTERS)
    with pytest.raises(HelpersError, match="没有题目"):
        SelfAssessment("f", [], CHAPTERS)
    with pytest.raises(HelpersError, match="不是 Question"):
        SelfAssessment("f", ["q"], CHAPTERS)


@given(st.lists(st.sampled_from([1, 2, 3]), min_size=1, max_size=20))
def test_every_question_is_in_exactly_one_chapter_group(chapters):
    t = SelfAssessment("h", [_q(c) for c in chapters], CHAPTERS)
    groups = t.by_chapter()
    assert sorted(i for v in groups.values() for i in v) == list(range(1, len(chapters) + 1))
    assert list(groups) == sorted(set(chapters))
    html = t._repr_html_()
    for c in set(chapters):
        assert html.count(f'data-chapter="{c}"') == chapters.count(c)


def test_html_escapes_text():
    html = SelfAssessment("x", [Question("<b>", ["<i>", "b"], 0, "&", chapter=1)],
                          CHAPTERS)._repr_html_()
    assert "&lt;b&gt;" in html and "<b>" not in html
    assert "&lt;i&gt;" in html


def test_feedback_is_inside_a_live_region_that_is_always_there():
    from helpers.quiz import Question, Quiz

    html = Quiz("t", [Question("问？", ["甲", "乙"], 0, "因为甲。")])._repr_html_()
    status = html.index('role="status" aria-live="polite"')
    assert status < html.index('class="course-quiz-feedback" hidden') < html.index("</fieldset>")
