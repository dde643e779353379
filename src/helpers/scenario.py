"""Branching scenarios (情景演练): a dialogue in which the reader chooses the next reply.

A scenario is plain data: steps with a few lines of dialogue and the possible replies. Each
reply leads to another step and carries the reasoning (why it is good or not). An end step has
no replies; it shows the path the reader took and a button to start again. The scenario is
rendered to HTML with a few lines of inline JavaScript (like :mod:`helpers.quiz`), so it works
offline in the static book (also from ``file://``) and in JupyterLab, without a kernel.

Accessibility: every reply is a real ``<button>``; after a choice the keyboard focus moves to the
new step, and the feedback area is an ``aria-live`` region that screen readers announce.

Stable selectors (for browser tests): ``.course-scenario`` (the block),
``.course-scenario-step[data-step=ID]`` (a step; only the current one is visible),
``.course-scenario-choice[data-goto=ID]`` (a reply button), ``.course-scenario-feedback``
(reasoning of the last reply) and ``.course-scenario-restart`` (in every end step).
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from helpers._validate import HelpersError

__all__ = ["Choice", "Step", "Scenario", "VERDICTS"]

VERDICTS: dict[str, str] = {"good": "✔ 妥当", "poor": "△ 欠妥", "bad": "✘ 不妥"}
"""Verdict of a reply and the mark the reader sees."""

_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")


def _nonempty(value: object, zh: str, en: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise HelpersError(f"{zh}不能为空 ({en} must be a non-empty string, got {value!r})")
    return value


@dataclass(frozen=True)
class Choice:
    """One reply the reader can choose.

    Parameters
    ----------
    text : str
        The reply (what the staff member says or does).
    goto : str
        Id of the step this reply leads to.
    feedback : str
        The reasoning shown after the choice: why the reply is good or not.
    verdict : {"good", "poor", "bad"}, default "good"
        How the reply is judged (shown as ✔ 妥当 / △ 欠妥 / ✘ 不妥).

    Examples
    --------
    >>> Choice("您别急，慢慢说。", goto="listen", feedback="先让对方说完。").verdict
    'good'
    """

    text: str
    goto: str
    feedback: str
    verdict: str = "good"

    def __post_init__(self) -> None:
        _nonempty(self.text, "选项文字", "choice text")
        _nonempty(self.goto, "选项去向 goto", "choice goto")
        _nonempty(self.feedback, f"选项“{self.text}”的点评", f"feedback of choice {self.text!r}")
        if self.verdict not in VERDICTS:
            raise HelpersError(f"verdict 只能是 {sorted(VERDICTS)} 之一，现在是 {self.verdict!r} "
                               f"(verdict must be one of {sorted(VERDICTS)}, got {self.verdict!r})")


@dataclass(frozen=True)
class Step:
    """One step of a scenario: some dialogue, then the replies to choose from.

    Parameters
    ----------
    lines : sequence of (speaker, text)
        The dialogue shown in this step, e.g. ``[("市民", "我都打了三次电话了！")]``.
    choices : sequence of Choice, optional
        The replies. A step without replies is an end step.
    prompt : str, optional
        The question above the replies (default “你会怎么做？”); ignored in an end step.
    id : str, optional
        The step's id. Leave it out when the steps are given as a mapping ``{id: Step}``.

    Examples
    --------
    >>> Step([("市民", "你好。")]).is_end
    True
    """

    lines: Sequence[tuple[str, str]]
    choices: Sequence[Choice] = field(default_factory=tuple)
    prompt: str = "你会怎么做？"
    id: str = ""

    def __post_init__(self) -> None:
        for i, line in enumerate(self.lines):
            if not isinstance(line, (tuple, list)) or len(line) != 2:
                raise HelpersError(f"对白第 {i + 1} 行应为 (说话人, 内容) "
                                   f"(dialogue line {i + 1} must be a (speaker, text) pair, got {line!r})")
            _nonempty(line[0], f"对白第 {i + 1} 行的说话人", f"speaker of line {i + 1}")
            _nonempty(line[1], f"对白第 {i + 1} 行的内容", f"text of line {i + 1}")
        for c in self.choices:
            if not isinstance(c, Choice):
                raise HelpersError(f"choices 中应为 Choice 对象 (choices must be Choice objects, got {c!r})")
        if not self.lines and not self.choices:
            raise HelpersError("空步骤：没有对白也没有选项 (empty step: no dialogue and no choices)")

    @property
    def is_end(self) -> bool:
        """True if the step has no replies (the scenario ends here)."""
        return not self.choices


@dataclass(frozen=True)
class Scenario:
    """A branching dialogue, checked when it is built, shown as an interactive block.

    Parameters
    ----------
    key : str
        Short ASCII name, unique on its page (part of the HTML id).
    title : str
        Heading of the block.
    start : str
        Id of the first step.
    steps : mapping {id: Step} or sequence of Step
        The steps; in a sequence each Step needs its ``id``.
    intro : str, optional
        One or two sentences of context shown above the dialogue.

    Raises
    ------
    HelpersError
        If an id is duplicated or not an ASCII identifier, a reply leads to an unknown step,
        a step cannot be reached from ``start``, a step has no way to an end step, or a text is
        empty.

    Notes
    -----
    The checks are graph searches over the steps: reachability is a breadth-first search from
    ``start`` along the replies; "a way to an end" is a breadth-first search backwards from the
    end steps. Loops (e.g. a reply that leads back to an earlier step) are allowed as long as
    every step can still reach an end.

    Examples
    --------
    >>> s = Scenario("demo", "演示", "a", {
    ...     "a": Step([("市民", "我要投诉！")], [
    ...         Choice("请您慢慢说。", "b", "先倾听。", "good"),
    ...         Choice("投诉去别处。", "c", "推诿。", "bad")]),
    ...     "b": Step([("市民", "好吧……")]),
    ...     "c": Step([("市民", "什么态度！")])})
    >>> s.ends, s.paths()
    (['b', 'c'], [['a', 'b'], ['a', 'c']])
    >>> 'data-step="b"' in s._repr_html_()
    True
    """

    key: str
    title: str
    start: str
    steps: Mapping[str, Step] | Sequence[Step]
    intro: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.key, str) or not _ID.match(self.key):
            raise HelpersError(f"key 应为以字母开头的 ASCII 名称 (key must be an ASCII identifier, "
                               f"got {self.key!r})")
        _nonempty(self.title, "标题", "title")
        table: dict[str, Step] = {}
        if isinstance(self.steps, Mapping):
            items = list(self.steps.items())
        else:
            items = []
            for s in self.steps:
                if not isinstance(s, Step):
                    raise HelpersError(f"steps 中应为 Step 对象 (steps must be Step objects, got {s!r})")
                items.append((s.id, s))
        for sid, s in items:
            if not isinstance(s, Step):
                raise HelpersError(f"步骤 {sid!r} 不是 Step 对象 (step {sid!r} is not a Step)")
            if not isinstance(sid, str) or not _ID.match(sid):
                raise HelpersError(f"步骤 id 应为以字母开头的 ASCII 名称 (step id must be an ASCII "
                                   f"identifier, got {sid!r})")
            if s.id and s.id != sid:
                raise HelpersError(f"步骤 {sid!r} 的 id 写成了 {s.id!r} (step {sid!r} carries id {s.id!r})")
            if sid in table:
                raise HelpersError(f"步骤 id 重复：{sid!r} (duplicate step id {sid!r})")
            table[sid] = s
        if not table:
            raise HelpersError("情景没有步骤 (scenario has no steps)")
        if self.start not in table:
            raise HelpersError(f"起始步骤 {self.start!r} 不存在 (start step {self.start!r} not found)")
        for sid, s in table.items():
            for c in s.choices:
                if c.goto not in table:
                    raise HelpersError(f"步骤 {sid!r} 的选项“{c.text}”指向不存在的步骤 {c.goto!r} "
                                       f"(choice {c.text!r} of step {sid!r} leads to unknown step "
                                       f"{c.goto!r})")
        object.__setattr__(self, "_table", table)
        seen = _search(self.start, {k: [c.goto for c in s.choices] for k, s in table.items()})
        unreachable = [k for k in table if k not in seen]
        if unreachable:
            raise HelpersError(f"从起始步骤到达不了：{unreachable} (steps unreachable from "
                               f"{self.start!r}: {unreachable})")
        back: dict[str, list[str]] = {k: [] for k in table}
        for k, s in table.items():
            for c in s.choices:
                back[c.goto].append(k)
        ending: set[str] = set()
        for e in self.ends:
            ending |= _search(e, back)
        stuck = [k for k in table if k not in ending]
        if stuck:
            raise HelpersError(f"这些步骤走不到结局：{stuck} (steps with no way to an end step: {stuck})")

    @property
    def table(self) -> dict[str, Step]:
        """The steps by id."""
        return dict(self._table)  # type: ignore[attr-defined]

    @property
    def ends(self) -> list[str]:
        """Ids of the end steps, in the order given."""
        return [k for k, s in self._table.items() if s.is_end]  # type: ignore[attr-defined]

    def paths(self, limit: int = 1000) -> list[list[str]]:
        """Every path from the start to an end that visits no step twice (at most ``limit``).

        Parameters
        ----------
        limit : int, default 1000
            Stop after this many paths.

        Returns
        -------
        list of list of str
            Step ids from ``start`` to an end step.

        Examples
        --------
        >>> s = Scenario("x", "x", "a", {"a": Step([("甲", "?")], [Choice("好", "b", "对")]),
        ...                               "b": Step([("乙", "好")])})
        >>> s.paths()
        [['a', 'b']]
        """
        out: list[list[str]] = []
        table = self._table  # type: ignore[attr-defined]

        def walk(path: list[str]) -> None:
            if len(out) >= limit:
                return
            step = table[path[-1]]
            if step.is_end:
                out.append(list(path))
                return
            for c in step.choices:
                if c.goto not in path:
                    walk(path + [c.goto])

        walk([self.start])
        return out

    def _html_id(self) -> str:
        spec = [[k, list(map(list, s.lines)), [[c.text, c.goto, c.verdict] for c in s.choices]]
                for k, s in self._table.items()]  # type: ignore[attr-defined]
        digest = hashlib.sha1(json.dumps([self.start, spec], ensure_ascii=False).encode()
                              ).hexdigest()[:8]
        return f"scenario-{self.key}-{digest}"

    def _repr_html_(self) -> str:
        sid = self._html_id()
        e = html.escape
        parts = [f'<div class="course-scenario" id="{sid}" data-start="{e(self.start)}">',
                 f'<div class="course-scenario-title">{e(self.title)}</div>']
        if self.intro:
            parts.append(f'<p class="course-scenario-intro">{e(self.intro)}</p>')
        parts.append('<ol class="course-scenario-trail" aria-label="已走过的步骤"></ol>')
        parts.append('<div class="course-scenario-feedback" aria-live="polite"></div>')
        for k, s in self._table.items():  # type: ignore[attr-defined]
            hidden = "" if k == self.start else " hidden"
            kind = "end" if s.is_end else "step"
            parts.append(f'<div class="course-scenario-step" data-step="{e(k)}" data-kind="{kind}"'
                         f' tabindex="-1"{hidden}>')
            for speaker, text in s.lines:
                parts.append(f'<p class="course-scenario-line"><strong>{e(speaker)}：</strong>'
                             f'{e(text)}</p>')
            if s.is_end:
                parts.append('<div class="course-scenario-summary"></div>')
                parts.append('<button type="button" class="course-scenario-restart">重新开始</button>')
            else:
                parts.append(f'<p class="course-scenario-prompt">{e(s.prompt)}</p>')
                for j, c in enumerate(s.choices):
                    letter = chr(ord("A") + j)
                    parts.append(
                        f'<button type="button" class="course-scenario-choice" data-goto="{e(c.goto)}"'
                        f' data-verdict="{c.verdict}" data-feedback="{e(c.feedback)}">'
                        f"{letter}. {e(c.text)}</button>")
            parts.append("</div>")
        parts.append("</div>")
        parts.append(f"<script>{_JS}courseScenario({json.dumps(sid)}, {json.dumps(VERDICTS, ensure_ascii=False)});"
                     "</script>")
        return "\n".join(parts)

    def __repr__(self) -> str:
        head = self.title if self.title.startswith("情景演练") else f"情景演练：{self.title}"
        lines = [f"{head}（{len(self._table)} 步，{len(self.ends)} 个结局）"]  # type: ignore[attr-defined]
        for k, s in self._table.items():  # type: ignore[attr-defined]
            lines.append(f"[{k}] " + " / ".join(f"{a}：{b}" for a, b in s.lines))
            for c in s.choices:
                lines.append(f"    → {c.text}（{VERDICTS[c.verdict]}，去 {c.goto}）")
        return "\n".join(lines)


def _search(start: str, edges: Mapping[str, Sequence[str]]) -> set[str]:
    seen = {start}
    todo = [start]
    while todo:
        for nxt in edges[todo.pop()]:
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


_JS = r"""
window.courseScenario = window.courseScenario || function (id, marks) {
  var box = document.getElementById(id);
  if (!box || box.getAttribute("data-ready")) { return; }
  box.setAttribute("data-ready", "1");
  var trail = box.querySelector(".course-scenario-trail");
  var fb = box.querySelector(".course-scenario-feedback");
  var taken = [];
  function step(k) { return box.querySelector('.course-scenario-step[data-step="' + k + '"]'); }
  function show(k) {
    box.querySelectorAll(".course-scenario-step").forEach(function (s) { s.hidden = true; });
    var s = step(k);
    s.hidden = false;
    box.setAttribute("data-current", k);
    if (s.getAttribute("data-kind") === "end") {
      var n = {good: 0, poor: 0, bad: 0};
      var sum = s.querySelector(".course-scenario-summary");
      sum.textContent = "";
      var h = document.createElement("p");
      taken.forEach(function (t) { n[t.verdict] += 1; });
      h.textContent = "你的选择：共 " + taken.length + " 步，妥当 " + n.good + "，欠妥 " + n.poor +
        "，不妥 " + n.bad + "。";
      sum.appendChild(h);
      var ol = document.createElement("ol");
      taken.forEach(function (t) {
        var li = document.createElement("li");
        li.textContent = marks[t.verdict] + "：" + t.text;
        ol.appendChild(li);
      });
      sum.appendChild(ol);
    }
    s.focus();
  }
  box.addEventListener("click", function (ev) {
    var btn = ev.target.closest(".course-scenario-choice, .course-scenario-restart");
    if (!btn || !box.contains(btn)) { return; }
    if (btn.classList.contains("course-scenario-restart")) {
      taken = [];
      trail.textContent = "";
      fb.textContent = "";
      fb.removeAttribute("data-verdict");
      show(box.getAttribute("data-start"));
      return;
    }
    var cur = btn.closest(".course-scenario-step");
    var verdict = btn.getAttribute("data-verdict");
    var text = btn.textContent.replace(/^[A-Z]\. /, "");
    taken.push({verdict: verdict, text: text});
    var li = document.createElement("li");
    cur.querySelectorAll(".course-scenario-line").forEach(function (p) {
      li.appendChild(p.cloneNode(true));
    });
    var mine = document.createElement("p");
    mine.className = "course-scenario-picked";
    mine.textContent = "你选择：" + text + "（" + marks[verdict] + "）";
    li.appendChild(mine);
    trail.appendChild(li);
    fb.setAttribute("data-verdict", verdict);
    fb.textContent = marks[verdict] + "。" + btn.getAttribute("data-feedback");
    show(btn.getAttribute("data-goto"));
  });
};
"""
