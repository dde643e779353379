"""The nbgrader assignments generated from the chapters' exercises (tools/assignments.py).

- Every chapter's exercises and its grading spec (chapters/exercises/NN_x.yml) agree: the same
  exercises, thought exercises graded by hand, and each exercise's digest unchanged (a changed
  exercise fails here until its spec has been reviewed).
- The whole nbgrader workflow on chapter 1, in a temporary course folder: generate_assignment,
  release_assignment, two trainees fetch it; one submits a correct answer written another way than
  the chapter's reference code (the spec's ``alternative``), the other plausible mistakes (the
  spec's ``wrong``); collect, autograde, and the grades: full automatic points for the first, fewer
  for the second. ``make assignments`` checks the reference solution of every chapter.
"""

from __future__ import annotations

import doctest
import sys
import warnings
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import assignments  # noqa: E402
import lab  # noqa: E402

WORKFLOW_CHAPTER = "01_background"


def _has_exercises(path: Path) -> bool:
    nb = nbformat.read(path, as_version=4)
    return any(c.cell_type == "markdown" and assignments.SECTION.search(c.source) for c in nb.cells)


def test_every_chapter_with_exercises_has_a_spec():
    chapters = [p.stem for p in lab.chapters() if _has_exercises(p)]
    assert chapters, "no 练习 section found in any chapter"
    assert sorted(chapters) == assignments.all_chapters()


@pytest.mark.parametrize("stem", assignments.all_chapters())
def test_spec_agrees_with_chapter(stem):
    assert assignments.check(stem) == []


@pytest.mark.parametrize("stem", assignments.all_chapters())
def test_thought_exercises_are_graded_by_hand(stem):
    nb = nbformat.read(assignments.chapter_path(stem), as_version=4)
    spec = {e["number"]: e for e in assignments.load_spec(stem)["exercises"]}
    for ex in assignments.parse_exercises(nb):
        assert ("manual" in spec[ex.number]) == ex.thought, f"{stem} 练习 {ex.number}"


def test_changed_exercise_is_caught(tmp_path, monkeypatch):
    nb = nbformat.read(assignments.chapter_path(WORKFLOW_CHAPTER), as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code" and "hide-cell" in cell.metadata.get("tags", []):
            cell.source = cell.source.replace("tolerance=0.25", "tolerance=0.5")
    nbformat.write(nb, tmp_path / f"{WORKFLOW_CHAPTER}.ipynb")
    monkeypatch.setattr(assignments, "chapter_path", lambda stem: tmp_path / f"{stem}.ipynb")
    problems = assignments.check(WORKFLOW_CHAPTER)
    assert len(problems) == 1 and "练习 1 changed" in problems[0]


@pytest.mark.parametrize("module", [assignments], ids=["assignments"])
def test_doctests(module):
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0 and result.failed == 0


def _answer(nb: nbformat.NotebookNode, spec: dict, kind: str) -> nbformat.NotebookNode:
    """A trainee's notebook: every answer cell replaced by the spec's ``kind`` code."""
    for cell in nb.cells:
        gid = cell.metadata.get("nbgrader", {}).get("grade_id", "")
        if gid.endswith("-answer"):
            cell.source = spec[int(gid[2:].split("-")[0])][kind]
        elif gid.endswith(("-written", "-manual")):
            cell.source = "我的回答：区间比重叠更可靠。"
    return nb


def test_nbgrader_workflow_grades_right_and_wrong(tmp_path):
    from nbgrader.coursedir import CourseDirectory

    warnings.filterwarnings("ignore", module="nbgrader")
    course = tmp_path / "course"
    aid = assignments.assignment_id(WORKFLOW_CHAPTER)
    assignments.write_course(course, [WORKFLOW_CHAPTER], exchange=tmp_path / "exchange")
    nbg = assignments.api(course)
    spec = {e["number"]: e for e in assignments.load_spec(WORKFLOW_CHAPTER)["exercises"]}
    auto = {n: s for n, s in spec.items() if "manual" not in s}
    assert all("alternative" in s and "wrong" in s for s in auto.values())

    assert nbg.generate_assignment(aid)["success"]
    released = nbformat.read(course / "release" / aid / f"{WORKFLOW_CHAPTER}.ipynb", as_version=4)
    text = "\n".join(c.source for c in released.cells)
    assert "BEGIN SOLUTION" not in text and "BEGIN HIDDEN TESTS" not in text
    assert "wave_diff" not in text and "scores.groupby" not in text  # no solution, no hidden test
    assert nbg.release_assignment(aid)["success"]

    for student, kind in (("alice", "alternative"), ("bob", "wrong")):
        home = tmp_path / student
        home.mkdir()
        cd = CourseDirectory(config=nbg.config, student_id=student, assignment_id=aid)
        fetch = nbg.exchange.FetchAssignment(coursedir=cd, authenticator=nbg.authenticator,
                                             config=nbg.config)
        fetch.assignment_dir = str(home)
        fetch.start()
        path = home / aid / f"{WORKFLOW_CHAPTER}.ipynb"
        nbformat.write(_answer(nbformat.read(path, as_version=4), auto, kind), path)
        submit = nbg.exchange.Submit(coursedir=cd, authenticator=nbg.authenticator,
                                               config=nbg.config)
        submit.assignment_dir = str(home)
        submit.start()

    assert nbg.collect(aid)["success"]
    grades = {}
    for student in ("alice", "bob"):
        result = nbg.autograde(aid, student)
        assert result["success"], result.get("log")
        grades[student] = assignments.scores(course, aid, student)

    tests = {f"ex{n}-test": s["points"] for n, s in auto.items()}
    alice = {k: v for k, v in grades["alice"].items() if k in tests}
    bob = {k: v for k, v in grades["bob"].items() if k in tests}
    assert alice == {k: (p, p) for k, p in tests.items()}, "a correct answer must get full points"
    assert all(score == 0 for score, _ in bob.values()), f"wrong answers got points: {bob}"
    # written and thought answers wait for the instructor: no automatic points
    manual = {k: v for k, v in grades["alice"].items() if k.endswith(("-written", "-manual"))}
    assert manual and all(score in (None, 0) for score, _ in manual.values())
