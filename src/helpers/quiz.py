"""Self-check quizzes with instant feedback, offline, in the static book and in JupyterLab.

A quiz is plain data (questions, options, the right answer, an explanation) rendered to HTML
with a few lines of inline JavaScript: a click marks the answer right or wrong and shows the
explanation. No server, no kernel and no file from another host is needed.

:class:`SelfAssessment` is the course's final self-test: every question names the chapter it
tests (``Question(..., chapter=3)``); the score is shown live and, once every question is
answered, a review list per chapter (“第 3 章答对 1/3 题：建议复习第 3 章……” with a link).
"""

from __future__ import annotations

import hashlib
import html
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from helpers._validate import HelpersError

__all__ = ["Question", "Quiz", "SelfAssessment"]


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
    chapter : int, optional
        The chapter whose content the question tests (needed in a :class:`SelfAssessment`).
    """

    text: str
    options: Sequence[str]
    answer: int
    explanation: str
    chapter: int | None = None

    def __post_init__(self) -> None:
        if self.chapter is not None and (isinstance(self.chapter, bool)
                                         or not isinstance(self.chapter, (int, np.integer))
                                         or self.chapter < 1):
            raise HelpersError(f"chapter 必须是正整数 (chapter must be a positive int, got "
                               f"{self.chapter!r}): {self.text!r}")
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
            parts += _question_html(i, q, with_chapter=False)
        parts.append('<div class="course-quiz-score" aria-live="polite"></div></div>')
        parts.append(f"<script>{_QUIZ_JS}courseQuiz({json.dumps(qid)});</script>")
        return "\n".join(parts)

    def __repr__(self) -> str:
        lines = [f"{self.title}（{len(self.questions)} 题）"]
        lines += [f"{i}. {q.text}" for i, q in enumerate(self.questions, start=1)]
        return "\n".join(lines)


def _question_html(i: int, q: Question, *, with_chapter: bool) -> list[str]:
    """The HTML lines of question number ``i`` (a fieldset with its options and feedback)."""
    chapter_attr = f' data-chapter="{int(q.chapter)}"' if with_chapter else ""
    chapter_tag = f"（第 {int(q.chapter)} 章）" if with_chapter else ""
    lines = [f'<fieldset class="course-quiz-q" data-answer="{q.answer}"{chapter_attr}>',
             f"<legend>{i}. {chapter_tag}{html.escape(q.text)}</legend>"]
    for j, opt in enumerate(q.options):
        letter = chr(ord("A") + j)
        lines.append(f'<button type="button" class="course-quiz-opt" data-option="{j}">'
                     f"{letter}. {html.escape(opt)}</button>")
    # the feedback appears inside a live region that is always there, so that a screen reader
    # announces it when an option is chosen (WCAG 2.1 4.1.3, status messages)
    lines.append(f'<div class="course-quiz-status" role="status" aria-live="polite">'
                 f'<div class="course-quiz-feedback" hidden>'
                 f'<span class="course-quiz-verdict"></span> {html.escape(q.explanation)}</div></div>')
    lines.append("</fieldset>")
    return lines


def _quiz_id(key: str, questions: Sequence[Question]) -> str:
    digest = hashlib.sha1(json.dumps(
        [[q.text, list(q.options), q.answer, q.chapter] for q in questions], ensure_ascii=False
    ).encode()).hexdigest()[:8]
    return f"quiz-{key}-{digest}"


@dataclass(frozen=True)
class SelfAssessment:
    """A scored self-test across chapters, with a review list per chapter at the end.

    Parameters
    ----------
    key : str
        Short name used in the element id (e.g. ``"final"``).
    questions : sequence of Question
        Every question with ``chapter`` set, each chapter one of ``chapters``.
    chapters : mapping of int to (str, str)
        Chapter number → (title, document stem), e.g. ``{3: ("理论基础", "03_theory")}``; the
        review links to ``<stem>.html`` in the book and to ``<stem>.ipynb`` in JupyterLab.
    title : str, default "综合自测"
        Heading of the block.

    Notes
    -----
    Rendered as HTML with inline JavaScript (no server, works offline). Stable hooks for a
    browser test: the block ``div.course-selftest`` (id ``quiz-<key>-<hash>``); each question
    ``fieldset.course-quiz-q`` with ``data-chapter`` and ``data-answer``; options
    ``button.course-quiz-opt[data-option]``; the first click on a question counts (the question
    gets ``data-result`` = ``right``/``wrong`` and later clicks are ignored); the live score
    ``div.course-selftest-score`` (“已答 a / n 题，答对 k 题”); once all are answered the
    review ``div.course-selftest-review`` loses ``hidden`` and lists one
    ``li.course-selftest-chapter`` per chapter (``data-chapter``, ``data-right``,
    ``data-total``, a link ``a.course-selftest-link``); ``button.course-selftest-reset``
    clears everything.

    Examples
    --------
    >>> qs = [Question("1+1=?", ["1", "2"], 1, "1+1=2", chapter=1),
    ...       Question("2+2=?", ["4", "5"], 0, "2+2=4", chapter=2)]
    >>> t = SelfAssessment("demo", qs, {1: ("背景", "01_background"), 2: ("形成", "02_formation")})
    >>> html = t._repr_html_()
    >>> html.count('data-chapter='), "course-selftest-review" in html
    (2, True)
    """

    key: str
    questions: Sequence[Question]
    chapters: Mapping[int, tuple[str, str]]
    title: str = "综合自测"

    def __post_init__(self) -> None:
        if not self.questions:
            raise HelpersError("自测没有题目 (self-assessment has no questions)")
        for i, q in enumerate(self.questions, start=1):
            if not isinstance(q, Question):
                raise HelpersError(f"第 {i} 题不是 Question (item {i} is not a Question: {q!r})")
            if q.chapter is None:
                raise HelpersError(f"第 {i} 题没有注明章节 (question {i} has no chapter=): "
                                   f"{q.text!r}")
            if q.chapter not in self.chapters:
                raise HelpersError(f"第 {i} 题的章节 {q.chapter} 不在 chapters 中 (chapter "
                                   f"{q.chapter} of question {i} not in chapters: "
                                   f"{sorted(self.chapters)})")

    def by_chapter(self) -> dict[int, list[int]]:
        """Chapter number → 1-based numbers of its questions, in chapter order.

        Returns
        -------
        dict of int to list of int
            Only chapters that have questions.

        Examples
        --------
        >>> qs = [Question("a", ["x", "y"], 0, "", chapter=2), Question("b", ["x", "y"], 0, "", chapter=1)]
        >>> SelfAssessment("d", qs, {1: ("一", "01"), 2: ("二", "02")}).by_chapter()
        {1: [2], 2: [1]}
        """
        out: dict[int, list[int]] = {}
        for i, q in enumerate(self.questions, start=1):
            out.setdefault(int(q.chapter), []).append(i)
        return dict(sorted(out.items()))

    def _repr_html_(self) -> str:
        qid = _quiz_id(self.key, self.questions)
        chapters = {str(c): {"title": self.chapters[c][0], "doc": self.chapters[c][1]}
                    for c in self.by_chapter()}
        parts = [f'<div class="course-quiz course-selftest" id="{qid}">',
                 f'<div class="course-quiz-title">{html.escape(self.title)}</div>']
        for i, q in enumerate(self.questions, start=1):
            parts += _question_html(i, q, with_chapter=True)
        parts.append(f'<div class="course-quiz-score course-selftest-score" aria-live="polite">'
                     f"已答 0 / {len(self.questions)} 题，答对 0 题</div>")
        parts.append('<div class="course-selftest-review" hidden><ul></ul></div>')
        parts.append('<button type="button" class="course-selftest-reset">重新作答</button></div>')
        parts.append(f"<script>{_SELFTEST_JS}courseSelfTest({json.dumps(qid)}, "
                     f"{json.dumps(chapters, ensure_ascii=False)});</script>")
        return "\n".join(parts)

    def __repr__(self) -> str:
        lines = [f"{self.title}（{len(self.questions)} 题）"]
        lines += [f"{i}. （第 {q.chapter} 章）{q.text}" for i, q in enumerate(self.questions, start=1)]
        return "\n".join(lines)


_SELFTEST_JS = r"""
window.courseSelfTest = window.courseSelfTest || function (id, chapters) {
  var box = document.getElementById(id);
  if (!box || box.getAttribute("data-ready")) { return; }
  box.setAttribute("data-ready", "1");
  var qs = box.querySelectorAll(".course-quiz-q");
  var inBook = /\.html?$/.test(window.location.pathname) || window.location.protocol === "file:";
  function link(doc) {
    return inBook ? doc + ".html" : new URL(doc + ".ipynb", window.location.href).href;
  }
  function update() {
    var done = box.querySelectorAll(".course-quiz-q[data-result]").length;
    var ok = box.querySelectorAll(".course-quiz-q[data-result=right]").length;
    box.querySelector(".course-selftest-score").textContent =
      "已答 " + done + " / " + qs.length + " 题，答对 " + ok + " 题";
    var review = box.querySelector(".course-selftest-review");
    var list = review.querySelector("ul");
    list.innerHTML = "";
    if (done < qs.length) { review.hidden = true; return; }
    var order = [], tally = {};
    qs.forEach(function (q) {
      var c = q.getAttribute("data-chapter");
      if (!tally[c]) { tally[c] = [0, 0]; order.push(c); }
      tally[c][1] += 1;
      if (q.getAttribute("data-result") === "right") { tally[c][0] += 1; }
    });
    order.sort(function (a, b) { return Number(a) - Number(b); });
    order.forEach(function (c) {
      var li = document.createElement("li");
      li.className = "course-selftest-chapter";
      li.setAttribute("data-chapter", c);
      li.setAttribute("data-right", tally[c][0]);
      li.setAttribute("data-total", tally[c][1]);
      var head = "第 " + c + " 章答对 " + tally[c][0] + "/" + tally[c][1] + " 题：";
      var a = document.createElement("a");
      a.className = "course-selftest-link";
      a.href = link(chapters[c].doc);
      a.textContent = "第 " + c + " 章　" + chapters[c].title;
      if (tally[c][0] === tally[c][1]) {
        li.appendChild(document.createTextNode(head + "掌握得不错，可以再看看 "));
      } else {
        li.setAttribute("data-review", "1");
        li.appendChild(document.createTextNode(head + "建议复习 "));
      }
      li.appendChild(a);
      list.appendChild(li);
    });
    review.hidden = false;
  }
  box.addEventListener("click", function (ev) {
    if (ev.target.closest(".course-selftest-reset")) {
      qs.forEach(function (q) {
        q.removeAttribute("data-result");
        q.querySelectorAll(".course-quiz-opt").forEach(function (b) {
          b.classList.remove("is-right", "is-wrong");
        });
        q.querySelector(".course-quiz-feedback").hidden = true;
      });
      update();
      return;
    }
    var btn = ev.target.closest(".course-quiz-opt");
    if (!btn) { return; }
    var q = btn.closest(".course-quiz-q");
    if (q.getAttribute("data-result")) { return; }      // the first answer counts
    var right = q.getAttribute("data-answer") === btn.getAttribute("data-option");
    btn.classList.add(right ? "is-right" : "is-wrong");
    q.setAttribute("data-result", right ? "right" : "wrong");
    var fb = q.querySelector(".course-quiz-feedback");
    fb.hidden = false;
    fb.querySelector(".course-quiz-verdict").textContent = right ? "✔ 回答正确。" : "✘ 答错了。";
    update();
  });
};
"""

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
