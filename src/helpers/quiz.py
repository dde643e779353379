"""Self-check quizzes with instant feedback, offline, in the static book and in JupyterLab.

A quiz is plain data (questions, options, the right answer, an explanation) rendered to HTML
with a few lines of inline JavaScript: a click marks the answer right or wrong and shows the
explanation. No server, no kernel and no file from another host is needed.
"""

from __future__ import annotations

import hashlib
import html
import json
from collections.abc import Sequence
from dataclasses import dataclass

from helpers._validate import HelpersError

__all__ = ["Question", "Quiz"]


@dataclass(frozen=True)
class Question:
    """One multiple-choice question.

    Parameters
    ----------
    text : str
        The question (may contain inline math such as ``$P-E$``).
    options : sequence of str
        The choices, at least two.
    answer : int
        Index (0-based) of the right option.
    explanation : str
        Shown after any click: why the right answer is right.
    """

    text: str
    options: Sequence[str]
    answer: int
    explanation: str

    def __post_init__(self) -> None:
        if len(self.options) < 2:
            raise HelpersError(f"题目至少要有两个选项 (a question needs ≥ 2 options): {self.text!r}")
        if not 0 <= self.answer < len(self.options):
            raise HelpersError(f"答案序号超出选项范围 (answer index out of range): {self.text!r}")


@dataclass(frozen=True)
class Quiz:
    """A list of questions shown as one quiz block.

    >>> q = Quiz("demo", [Question("1+1=?", ["1", "2"], 1, "1+1=2")])
    >>> "data-answer" in q._repr_html_()
    True
    """

    key: str
    questions: Sequence[Question]
    title: str = "小测验"

    def __post_init__(self) -> None:
        if not self.questions:
            raise HelpersError("小测验没有题目 (quiz has no questions)")

    def _repr_html_(self) -> str:
        digest = hashlib.sha1(json.dumps(
            [[q.text, list(q.options), q.answer] for q in self.questions], ensure_ascii=False
        ).encode()).hexdigest()[:8]
        qid = f"quiz-{self.key}-{digest}"
        parts = [f'<div class="course-quiz" id="{qid}">',
                 f'<div class="course-quiz-title">{html.escape(self.title)}</div>']
        for i, q in enumerate(self.questions, start=1):
            parts.append(f'<fieldset class="course-quiz-q" data-answer="{q.answer}">')
            parts.append(f"<legend>{i}. {html.escape(q.text)}</legend>")
            for j, opt in enumerate(q.options):
                letter = chr(ord("A") + j)
                parts.append(
                    f'<button type="button" class="course-quiz-opt" data-option="{j}">'
                    f"{letter}. {html.escape(opt)}</button>"
                )
            parts.append(f'<div class="course-quiz-feedback" hidden>'
                         f'<span class="course-quiz-verdict"></span> {html.escape(q.explanation)}</div>')
            parts.append("</fieldset>")
        parts.append('<div class="course-quiz-score" aria-live="polite"></div></div>')
        parts.append(f"<script>{_QUIZ_JS}courseQuiz({json.dumps(qid)});</script>")
        return "\n".join(parts)

    def __repr__(self) -> str:
        lines = [f"{self.title}（{len(self.questions)} 题）"]
        lines += [f"{i}. {q.text}" for i, q in enumerate(self.questions, start=1)]
        return "\n".join(lines)


_QUIZ_JS = r"""
window.courseQuiz = window.courseQuiz || function (id) {
  var box = document.getElementById(id);
  if (!box || box.getAttribute("data-ready")) { return; }
  box.setAttribute("data-ready", "1");
  box.addEventListener("click", function (ev) {
    var btn = ev.target.closest(".course-quiz-opt");
    if (!btn) { return; }
    var q = btn.closest(".course-quiz-q");
    var right = q.getAttribute("data-answer") === btn.getAttribute("data-option");
    q.querySelectorAll(".course-quiz-opt").forEach(function (b) {
      b.classList.remove("is-right", "is-wrong");
    });
    btn.classList.add(right ? "is-right" : "is-wrong");
    q.setAttribute("data-result", right ? "right" : "wrong");
    var fb = q.querySelector(".course-quiz-feedback");
    fb.hidden = false;
    fb.querySelector(".course-quiz-verdict").textContent = right ? "✔ 回答正确。" : "✘ 再想一想。";
    var done = box.querySelectorAll(".course-quiz-q[data-result]").length;
    var ok = box.querySelectorAll(".course-quiz-q[data-result=right]").length;
    box.querySelector(".course-quiz-score").textContent =
      "已答 " + done + " / " + box.querySelectorAll(".course-quiz-q").length + " 题，答对 " + ok + " 题";
  });
};
"""
