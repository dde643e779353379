"""nbgrader assignments generated from the chapters' exercises: ``make assignments``.

Each chapter's 练习 section is read from ``chapters/NN_x.ipynb``: an exercise starts at a
paragraph ``**练习 N**`` (``**练习 N（思考题）**`` is a thought exercise); the code cells tagged
``hide-cell`` after it are its reference solution (a cell whose comment says 初学者版本 or 逐行写法
is the beginner's alternative and is left out), the ``参考答案说明`` / ``参考答案示例`` dropdowns
its model answer, and the ``remove-cell`` cells belong to the book (claims, glued numbers).

``chapters/exercises/NN_x.yml`` says how each exercise is graded::

    exercises:
      - number: 1
        digest: 3f2a9c41d0e7       # of the exercise's text and solution code in the chapter
        points: 2
        answers:                   # the variables the trainee sets, bound from the reference code
          neg_share_1:
            describe: 第 1 轮感知低于期望的比例（0 到 1 之间的小数）
            expr: share1.query("group == 'negative' and measure == 'share'")["estimate"].iloc[0]
        check: |                   # visible to the trainee: types and ranges
          assert 0 <= neg_share_1 <= 1
        hidden: |                  # the autograder's value checks, computed another way
          assert abs(neg_share_1 - scores.query("wave == 1")["negative"].mean()) < 0.005
        written: 2                 # points for the written part (graded by hand), optional
        alternative: |             # another correct approach (tests/test_assignments.py submits it)
          neg_share_1 = scores.loc[scores["wave"] == 1, "negative"].mean()
        wrong: |                   # a plausible mistake, which must lose points
          neg_share_1 = scores["negative"].mean()
      - number: 3
        digest: 0c55e1a2b3f4
        manual: 2                  # a thought exercise: graded by hand

The assignment of a chapter (``source/chNN/NN_x.ipynb`` of an nbgrader course folder) is: the
chapter's code before the 练习 section, read-only (the data and models the exercises use); then
for each exercise its text, the variables to set, one answer cell (the reference code and the
bindings between ``### BEGIN SOLUTION`` and ``### END SOLUTION``), one test cell (``check`` and,
between ``### BEGIN HIDDEN TESTS`` / ``### END HIDDEN TESTS``, ``hidden``), and a hand-graded
text cell where the exercise asks for an explanation or is a thought exercise.

The digest ties the spec to the chapter: when an exercise's text or solution changes, ``check``
(and ``tests/test_assignments.py``) fails until the spec has been reviewed and its digest updated.

    python tools/assignments.py check                  # every spec against its chapter (no kernel)
    python tools/assignments.py digest 01_background   # the digests of a chapter's exercises
    python tools/assignments.py build --course build/assignments [--chapters 01_background ...]
        # writes the source versions, runs nbgrader generate_assignment (release versions),
        # and autogrades the instructor's version of each: every assignment must get full points
"""

from __future__ import annotations

import argparse
import hashlib
import re
import shutil
import sys
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import yaml

ROOT = Path(__file__).resolve().parents[1]
SPECS = ROOT / "chapters" / "exercises"
COURSE_ID = "minzhong-qiwang"
EXERCISE = re.compile(r"^\*\*练习\s*(\d+)(（思考题）)?\*\*")
SECTION = re.compile(r"^##\s+(?:[^\s练]*\s*)?练习\s*$", re.M)
ALTERNATIVE = ("初学者版本", "逐行写法")


@dataclass
class Exercise:
    """One exercise of a chapter, as the chapter source has it."""

    number: int
    thought: bool
    prompt: str
    solutions: list[str] = field(default_factory=list)
    answers: list[str] = field(default_factory=list)    # text of the model-answer dropdowns

    @property
    def digest(self) -> str:
        """12 hex digits of SHA-256 over the text and the solution code."""
        text = "\n\x00\n".join([self.prompt.strip(), *(s.strip() for s in self.solutions)])
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def blocks(markdown: str) -> list[str]:
    """Split Markdown into paragraphs and fenced blocks (a fence is kept whole).

    Parameters
    ----------
    markdown : str
        The source of a Markdown cell.

    Returns
    -------
    list of str
        Paragraphs (separated by blank lines) and fenced blocks (from the opening fence to the
        closing fence of as many backticks), in order, blank ones dropped.

    Examples
    --------
    >>> blocks("**练习 1**　算一算。\\n\\n```{admonition} 参考答案说明\\n:class: dropdown\\n\\n甲\\n```\\n乙")
    ['**练习 1**　算一算。', '```{admonition} 参考答案说明\\n:class: dropdown\\n\\n甲\\n```', '乙']
    """
    out: list[str] = []
    current: list[str] = []
    fence = None
    for line in markdown.splitlines():
        if fence is None:
            m = re.match(r"^(`{3,})", line)
            if m:
                if current:
                    out.append("\n".join(current))
                current, fence = [line], m.group(1)
            elif line.strip():
                current.append(line)
            elif current:
                out.append("\n".join(current))
                current = []
        else:
            current.append(line)
            if line.strip() == fence:
                out.append("\n".join(current))
                current, fence = [], None
    if current:
        out.append("\n".join(current))
    return [b for b in out if b.strip()]


def dropdown_text(block: str) -> str:
    """The body of a fenced admonition, without its fence and options.

    Parameters
    ----------
    block : str
        A fenced ``{admonition}`` block.

    Returns
    -------
    str

    Examples
    --------
    >>> dropdown_text("```{admonition} 参考答案说明\\n:class: dropdown\\n第一段。\\n```")
    '第一段。'
    """
    lines = block.splitlines()[1:-1]
    while lines and lines[0].startswith(":"):
        lines = lines[1:]
    return "\n".join(lines).strip()


def exercise_section(nb: nbformat.NotebookNode) -> tuple[int, int]:
    """Where a chapter's 练习 section is.

    Parameters
    ----------
    nb : NotebookNode
        A chapter notebook.

    Returns
    -------
    tuple of int
        Index of the cell with the 练习 heading, and of the next ``##`` heading cell (or the
        number of cells).

    Examples
    --------
    >>> nb = nbformat.read(chapter_path("01_background"), as_version=4)
    >>> start, end = exercise_section(nb)
    >>> nb.cells[start].source.splitlines()[0], nb.cells[end].source.splitlines()[0]
    ('## 1.7 练习', '## 1.8 小结')
    """
    start = next(i for i, c in enumerate(nb.cells)
                 if c.cell_type == "markdown" and SECTION.search(c.source))
    end = next((i for i in range(start + 1, len(nb.cells))
                if nb.cells[i].cell_type == "markdown" and nb.cells[i].source.startswith("## ")),
               len(nb.cells))
    return start, end


def parse_exercises(nb: nbformat.NotebookNode) -> list[Exercise]:
    """The exercises of a chapter notebook, in order.

    Parameters
    ----------
    nb : NotebookNode
        A chapter notebook.

    Returns
    -------
    list of Exercise
        Number, whether it is a thought exercise, its text, the reference solution cells
        (``hide-cell``; beginners' alternatives left out) and the model-answer dropdowns.

    Examples
    --------
    >>> md, code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell
    >>> nb = nbformat.v4.new_notebook(cells=[
    ...     md("## 1.7 练习\\n\\n**练习 1**　算出 x。"),
    ...     code("# 参考答案\\nx = 1", metadata={"tags": ["hide-cell"]}),
    ...     code("# 参考答案（初学者版本）\\nx = 0 + 1", metadata={"tags": ["hide-cell"]}),
    ...     code("claim(x == 1, 'x')", metadata={"tags": ["remove-cell"]}),
    ...     md("**练习 2（思考题）**　想一想。"),
    ...     md("## 1.8 小结")])
    >>> [(e.number, e.thought, e.prompt, e.solutions) for e in parse_exercises(nb)]
    [(1, False, '**练习 1**　算出 x。', ['# 参考答案\\nx = 1']), (2, True, '**练习 2（思考题）**　想一想。', [])]
    """
    start, end = exercise_section(nb)
    out: list[Exercise] = []
    for cell in nb.cells[start:end]:
        if cell.cell_type == "markdown":
            for block in blocks(cell.source):
                m = EXERCISE.match(block)
                if m:
                    out.append(Exercise(int(m.group(1)), bool(m.group(2)), block))
                elif block.startswith("#") or not out:
                    continue
                elif block.startswith("```{admonition}"):
                    out[-1].answers.append(dropdown_text(block))
                elif not out[-1].answers:
                    out[-1].prompt += "\n\n" + block
        elif "hide-cell" in cell.metadata.get("tags", []) and out:
            first = cell.source.splitlines()[0] if cell.source else ""
            if not any(a in first for a in ALTERNATIVE):
                out[-1].solutions.append(cell.source)
    return out


def chapter_path(stem: str) -> Path:
    """The chapter notebook of a stem.

    Examples
    --------
    >>> chapter_path("01_background").relative_to(ROOT).as_posix()
    'chapters/01_background.ipynb'
    """
    return ROOT / "chapters" / f"{stem}.ipynb"


def all_chapters() -> list[str]:
    """Stems of the chapters that have a grading spec, in order.

    Examples
    --------
    >>> all_chapters()[:2]
    ['01_background', '02_formation']
    """
    return sorted(p.stem for p in SPECS.glob("*.yml"))


def load_spec(stem: str) -> dict:
    """A chapter's grading spec, ``chapters/exercises/<stem>.yml``.

    Examples
    --------
    >>> [(e["number"], "manual" in e) for e in load_spec("01_background")["exercises"]]
    [(1, False), (2, False), (3, True)]
    """
    return yaml.safe_load((SPECS / f"{stem}.yml").read_text(encoding="utf-8"))


def check(stem: str) -> list[str]:
    """Every disagreement between a chapter's exercises and its spec (empty: they agree).

    Parameters
    ----------
    stem : str
        Chapter file stem, e.g. ``"01_background"``.

    Returns
    -------
    list of str
        One line per problem: an exercise without a spec or a spec without an exercise, a changed
        digest, a thought exercise graded automatically, an automatic one without answers or
        hidden tests.

    Examples
    --------
    >>> check("01_background")
    []
    """
    nb = nbformat.read(chapter_path(stem), as_version=4)
    found = {e.number: e for e in parse_exercises(nb)}
    spec = {e["number"]: e for e in load_spec(stem)["exercises"]}
    problems = []
    for n in sorted(set(found) | set(spec)):
        if n not in spec:
            problems.append(f"{stem} 练习 {n}: in the chapter, not in chapters/exercises/{stem}.yml")
            continue
        if n not in found:
            problems.append(f"{stem} 练习 {n}: in the spec, not in the chapter")
            continue
        ex, s = found[n], spec[n]
        if s.get("digest") != ex.digest:
            problems.append(
                f"{stem} 练习 {n} changed in the chapter (digest {ex.digest}, spec {s.get('digest')}): "
                f"review answers and tests in chapters/exercises/{stem}.yml, then set digest: {ex.digest}")
        if "manual" in s:
            if "answers" in s:
                problems.append(f"{stem} 练习 {n}: manual and automatic at once")
        else:
            if ex.thought:
                problems.append(f"{stem} 练习 {n} is a thought exercise: grade it by hand (manual:)")
            if not ex.solutions:
                problems.append(f"{stem} 练习 {n} has no reference solution to grade against")
            if not s.get("answers") or not s.get("hidden"):
                problems.append(f"{stem} 练习 {n}: an automatic exercise needs answers: and hidden:")
    return problems


def _meta(grade_id: str, *, solution: bool = False, grade: bool = False, points: float = 0,
          locked: bool = False) -> dict:
    meta = {"grade": grade, "grade_id": grade_id, "locked": locked, "schema_version": 3,
            "solution": solution, "task": False}
    if grade:
        meta["points"] = points
    return {"nbgrader": meta}


def _title(nb: nbformat.NotebookNode) -> str:
    m = re.search(r"^#\s+(.+)$", nb.cells[0].source, re.M)
    return m.group(1).strip() if m else ""


def assignment_notebook(stem: str) -> nbformat.NotebookNode:
    """The instructor's (source) version of a chapter's assignment, with nbgrader metadata.

    Parameters
    ----------
    stem : str
        Chapter file stem.

    Returns
    -------
    NotebookNode
        Read-only set-up cells (the chapter's code before 练习), then per exercise: its text,
        an answer cell with the hidden solution, a test cell, and hand-graded text cells.

    Examples
    --------
    >>> nb = assignment_notebook("01_background")
    >>> [c.metadata["nbgrader"]["grade_id"] for c in nb.cells if c.metadata["nbgrader"]["grade"]]
    ['ex1-test', 'ex1-written', 'ex2-test', 'ex2-written', 'ex3-manual']
    """
    chapter = nbformat.read(chapter_path(stem), as_version=4)
    spec = {e["number"]: e for e in load_spec(stem)["exercises"]}
    exercises = parse_exercises(chapter)
    start, _ = exercise_section(chapter)
    md, code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell
    auto = sum(s.get("points", 0) for s in spec.values())
    by_hand = sum(s.get("written", 0) + s.get("manual", 0) for s in spec.values())
    cells = [md(f"# 练习：{_title(chapter)}\n\n"
                "本作业由课程章节自动生成。先从上到下运行“准备”部分的单元格（它们来自本章正文，"
                "不要修改），再完成每道练习：\n\n"
                "- 计算题：把结果存入题目指定的变量，然后运行下面的“检查”单元格。检查只看类型和范围，"
                "提交后自动评分才核对数值；用什么方法算都可以。\n"
                "- 文字题和思考题：写在“你的回答”单元格里，由讲师评阅。\n\n"
                f"本作业自动评分 {auto:g} 分，讲师评阅 {by_hand:g} 分。完成后在“Assignments”"
                "（作业）页面提交。", metadata=_meta("intro", locked=True)),
             md("## 准备：本章的数据和模型", metadata=_meta("setup-title", locked=True))]
    for i, cell in enumerate(chapter.cells[:start]):
        if cell.cell_type == "code" and cell.source.strip():
            cells.append(code(cell.source, metadata=_meta(f"setup-{i:03d}", locked=True)))
    cells.append(md("## 练习", metadata=_meta("exercises-title", locked=True)))
    for ex in exercises:
        s, n = spec[ex.number], ex.number
        cells.append(md(ex.prompt, metadata=_meta(f"ex{n}-prompt", locked=True)))
        model = "\n\n".join(ex.answers)
        if "manual" in s:
            cells.append(md(f"**你的回答**（讲师评阅，{s['manual']:g} 分）",
                            metadata=_meta(f"ex{n}-manual-title", locked=True)))
            cells.append(md(model or "（开放题，没有唯一答案，由讲师评阅。）",
                            metadata=_meta(f"ex{n}-manual", solution=True, grade=True,
                                           points=s["manual"])))
            continue
        names = "\n".join(f"- `{k}`：{v['describe']}" for k, v in s["answers"].items())
        cells.append(md(f"**请把结果存入变量**（自动评分，{s['points']:g} 分）：\n\n{names}",
                        metadata=_meta(f"ex{n}-variables", locked=True)))
        bind = "\n".join(f"{k} = {v['expr']}" for k, v in s["answers"].items())
        solution = "\n\n".join(ex.solutions).rstrip()
        cells.append(code(f"### BEGIN SOLUTION\n{solution}\n\n{bind}\n### END SOLUTION",
                          metadata=_meta(f"ex{n}-answer", solution=True)))
        names_check = "\n".join(f"assert '{k}' in globals(), \"还没有定义变量 {k}\""
                                for k in s["answers"])
        test = (f"# 检查：练习 {n}\n{names_check}\n{s.get('check', '').rstrip()}\n"
                f"### BEGIN HIDDEN TESTS\n{s['hidden'].rstrip()}\n### END HIDDEN TESTS\n"
                f"print(\"练习 {n}：格式正确。提交后核对数值。\")")
        cells.append(code(test, metadata=_meta(f"ex{n}-test", grade=True, points=s["points"],
                                               locked=True)))
        if s.get("written"):
            cells.append(md(f"**你的回答**（文字部分，讲师评阅，{s['written']:g} 分）",
                            metadata=_meta(f"ex{n}-written-title", locked=True)))
            cells.append(md(model or "（由讲师评阅。）",
                            metadata=_meta(f"ex{n}-written", solution=True, grade=True,
                                           points=s["written"])))
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"display_name": "Python 3 (ipykernel)", "language": "python",
                                 "name": "python3"}
    nb.metadata["language_info"] = {"name": "python"}
    return nb


def assignment_id(stem: str) -> str:
    """nbgrader's name of a chapter's assignment.

    Examples
    --------
    >>> assignment_id("01_background")
    'ch01'
    """
    return "ch" + stem.split("_", 1)[0]


NBGRADER_CONFIG = '''\
# nbgrader configuration of the course 民众期望管理 (written by tools/assignments.py)
c = get_config()
c.CourseDirectory.course_id = "{course_id}"
c.CourseDirectory.root = {root!r}
c.Exchange.root = {exchange!r}
c.ClearSolutions.code_stub = {{"python": "# 在这里写你的代码\\nraise NotImplementedError()"}}
c.ClearSolutions.text_stub = "在这里写你的回答。"
c.Execute.timeout = 600
c.Execute.allow_errors = True
'''


def write_course(course: Path, stems: list[str], exchange: Path | None = None) -> list[str]:
    """Write an nbgrader course folder: config, ``source/chNN/``, and a README of the grading.

    Parameters
    ----------
    course : Path
        The course folder (made if missing; ``source/`` is rewritten).
    stems : list of str
        Chapters to include.
    exchange : Path, optional
        nbgrader's exchange folder (default ``course / "exchange"``).

    Returns
    -------
    list of str
        The assignment ids.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     ids = write_course(Path(d), ["01_background"])
    ...     sorted(p.name for p in Path(d).iterdir()), ids
    (['README.md', 'exchange', 'nbgrader_config.py', 'source'], ['ch01'])
    """
    course.mkdir(parents=True, exist_ok=True)
    exchange = exchange or course / "exchange"
    exchange.mkdir(parents=True, exist_ok=True)
    (course / "nbgrader_config.py").write_text(NBGRADER_CONFIG.format(
        course_id=COURSE_ID, root=str(course.resolve()), exchange=str(exchange.resolve())),
        encoding="utf-8")
    ids, rows = [], []
    for stem in stems:
        problems = check(stem)
        if problems:
            raise SystemExit("\n".join(problems))
        aid = assignment_id(stem)
        folder = course / "source" / aid
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        nbformat.write(assignment_notebook(stem), folder / f"{stem}.ipynb")
        ids.append(aid)
        for s in load_spec(stem)["exercises"]:
            kind = ("讲师评阅（思考题）" if "manual" in s else
                    "自动评分" + ("＋文字部分讲师评阅" if s.get("written") else ""))
            pts = s.get("manual", 0) + s.get("points", 0) + s.get("written", 0)
            rows.append(f"| {aid} | 练习 {s['number']} | {kind} | {pts:g} |")
    (course / "README.md").write_text(
        "# 民众期望管理：练习作业（nbgrader）\n\n"
        "由 `make assignments`（`tools/assignments.py`）从 `chapters/*.ipynb` 和 "
        "`chapters/exercises/*.yml` 生成，不要手工修改。`source/` 是讲师版（含答案），"
        "`release/` 是发给学员的版本。思考题和文字部分没有自动评分，"
        "在 formgrader 中由讲师评阅。\n\n"
        "| 作业 | 练习 | 评分方式 | 分值 |\n|---|---|---|---|\n" + "\n".join(rows) + "\n",
        encoding="utf-8")
    return ids


def api(course: Path):
    """An ``NbGraderAPI`` on a course folder written by :func:`write_course`.

    Parameters
    ----------
    course : Path
        The course folder (its ``nbgrader_config.py`` is loaded).

    Returns
    -------
    nbgrader.apps.NbGraderAPI
        Used by :func:`build` and tests/test_assignments.py (generate, release, collect,
        autograde); it runs kernels, so it has no doctest here.
    """
    import os
    import warnings

    from nbgrader.apps import NbGraderAPI
    from sqlalchemy.exc import SAWarning

    # nbgrader 0.9's gradebook session code warns on SQLAlchemy 2.1 (harmless cascade notices)
    warnings.filterwarnings("ignore", category=SAWarning)

    # nbgrader runs the `alembic` command of its environment (this .venv) to check its database
    venv_bin = str(Path(sys.executable).parent)
    if venv_bin not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = venv_bin + os.pathsep + os.environ.get("PATH", "")
    from traitlets.config import Config, PyFileConfigLoader

    config = PyFileConfigLoader("nbgrader_config.py", path=str(course)).load_config()
    assert isinstance(config, Config)
    return NbGraderAPI(config=config)


def scores(course: Path, aid: str, student: str) -> dict[str, tuple[float, float]]:
    """Autograded score and maximum of each graded cell of a student's submission.

    Parameters
    ----------
    course : Path
        The course folder (its ``gradebook.db``).
    aid, student : str
        Assignment id (``"ch01"``) and student id.

    Returns
    -------
    dict
        ``grade_id -> (auto_score, max_score)``; ``auto_score`` is None for cells graded by hand.
    """
    from nbgrader.api import Gradebook

    out = {}
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        sub = gb.find_submission(aid, student)
        for nb in sub.notebooks:
            for grade in nb.grades:
                out[grade.name] = (grade.auto_score, grade.max_score)
    return out


def build(course: Path, stems: list[str], validate: bool = True,
          exchange: Path | None = None) -> list[str]:
    """Write the course, generate the release versions and check the reference solutions.

    Parameters
    ----------
    course : Path
        The nbgrader course folder (``make assignments``: build/assignments).
    stems : list of str
        Chapters.
    validate : bool
        Autograde each instructor's version as a submission: every automatic test must give
        full points (runs each assignment in a kernel, about 10 s a chapter).
    exchange : Path, optional
        nbgrader's exchange folder (default ``course / "exchange"``).

    Returns
    -------
    list of str
        The problems found (empty: all good).
    """
    ids = write_course(course, stems, exchange=exchange)
    nbg = api(course)
    problems = []
    for aid, stem in zip(ids, stems):
        res = nbg.generate_assignment(aid)
        if not res["success"]:
            problems.append(f"{aid}: generate_assignment failed\n{res.get('error') or res.get('log')}")
            continue
        print(f"assignments: {course / 'release' / aid / (stem + '.ipynb')}", flush=True)
        if validate:
            sub = course / "submitted" / "instructor-check" / aid
            shutil.rmtree(sub, ignore_errors=True)
            sub.mkdir(parents=True)
            shutil.copy2(course / "source" / aid / f"{stem}.ipynb", sub)
            res = nbg.autograde(aid, "instructor-check")
            if not res["success"]:
                problems.append(f"{aid}: autograde failed\n{res.get('error') or res.get('log')}")
                continue
            bad = {k: v for k, v in scores(course, aid, "instructor-check").items()
                   if k.endswith("-test") and v[0] != v[1]}
            if bad:
                problems.append(f"{aid}: the reference solution does not pass its tests: {bad}")
            else:
                print(f"assignments: {aid} reference solution gets full points", flush=True)
    return problems


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = p.add_subparsers(dest="command", required=True)
    sub.add_parser("check", help="every spec against its chapter")
    d = sub.add_parser("digest", help="digests of a chapter's exercises")
    d.add_argument("chapter")
    b = sub.add_parser("build", help="generate the assignments")
    b.add_argument("--course", type=Path, default=ROOT / "build" / "assignments")
    b.add_argument("--chapters", nargs="*", default=None)
    b.add_argument("--no-validate", action="store_true")
    b.add_argument("--exchange", type=Path, default=None,
                   help="nbgrader's exchange folder, shared by the trainees (default COURSE/exchange)")
    args = p.parse_args(argv)
    if args.command == "digest":
        nb = nbformat.read(chapter_path(args.chapter), as_version=4)
        for e in parse_exercises(nb):
            kind = "thought" if e.thought else f"{len(e.solutions)} solution cell(s)"
            print(f"练习 {e.number}: digest {e.digest}  ({kind})")
        return 0
    if args.command == "check":
        problems = [p for stem in all_chapters() for p in check(stem)]
        print("\n".join(problems) or f"assignments: {len(all_chapters())} specs agree with their chapters")
        return 1 if problems else 0
    problems = build(args.course, args.chapters or all_chapters(), validate=not args.no_validate,
                     exchange=args.exchange)
    print(textwrap.indent("\n".join(problems), "  ") if problems else "assignments: all good")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
