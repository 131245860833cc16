"""Two editions, one source: the learner's edition (notebooks/) is the teacher's edition
(teacher/) with the exercises blank, the solutions collapsed, and its outputs stored."""
from __future__ import annotations

import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import exercise_cells as ex  # noqa: E402
import make_learner_edition as learner  # noqa: E402
from course_map import LEARNER_EDITION, LESSONS, TEACHER_EDITION  # noqa: E402

NAMES = [name for name, *_ in LESSONS]


def read(path: Path):
    return nbformat.read(path, as_version=4)


def errors(cell) -> list:
    return [output for output in cell.get("outputs", []) if output.output_type == "error"]


def test_the_learners_edition_is_built_from_the_current_teachers_edition():
    stale = learner.stale(NAMES)
    assert not stale, f"stale learner's edition: {stale} - run: python tools/make_learner_edition.py {' '.join(stale)}"


@pytest.mark.parametrize("name", NAMES)
def test_no_solution_and_no_hidden_test_reaches_the_learners_edition(name):
    teacher, learner_nb = read(TEACHER_EDITION / name), read(LEARNER_EDITION / name)
    text = "\n".join(cell.source for cell in learner_nb.cells)
    for marker in (ex.BEGIN_SOLUTION, ex.END_SOLUTION, ex.BEGIN_HIDDEN, "TEACHER-EDITION", "nbgrader"):
        assert marker not in text, f"{name}: {marker!r} in the learner's edition"
    assert "nbgrader" not in learner_nb.metadata and not any("nbgrader" in c.metadata for c in learner_nb.cells)
    answers = [c for c in teacher.cells if (ex.exercise_part(c) or ("", 0, ""))[2] == "answer"]
    for cell in answers:
        lesson, number, _ = ex.exercise_part(cell)
        solution = ex.solution_code(cell.source)
        blank = next(c for c in learner_nb.cells if c.get("id") == f"l{lesson}_ex{number}_answer")
        assert ex.CODE_STUB in blank.source
        collapsed = next(c for c in learner_nb.cells if c.get("id") == f"l{lesson}_ex{number}_solution")
        assert collapsed.source.startswith("<details>") and solution in collapsed.source


@pytest.mark.parametrize("name", NAMES)
def test_run_all_stops_only_at_an_exercise(name):
    """Lesson cells ran without error and kept their outputs; only exercise cells stored an error
    (the "your turn" stub, and the checks saying "not done yet"); nbval knows them by their ids."""
    nb = read(LEARNER_EDITION / name)
    code = [cell for cell in nb.cells if cell.cell_type == "code"]
    assert [cell.execution_count for cell in code] == list(range(1, len(code) + 1)), f"{name}: not run top to bottom"
    first_exercise = next((i for i, c in enumerate(nb.cells) if learner.EXERCISE_CODE_ID.fullmatch(c.get("id", ""))), None)
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        is_exercise = learner.EXERCISE_CODE_ID.fullmatch(cell.get("id", "")) is not None
        # JupyterLab 4 does not stop Run All at a cell tagged raises-exception: no such tag here
        assert "raises-exception" not in cell.metadata.get("tags", []), f"{name}: {cell.get('id')} would not stop Run All"
        if errors(cell):
            assert is_exercise, f"{name}: a lesson cell raised: {cell.source[:60]!r}"
        if first_exercise is None or i < first_exercise:
            assert not errors(cell)
        if cell.get("id", "").endswith("_check"):
            assert errors(cell), f"{name}: {cell.id} passes although its exercise is blank"


@pytest.mark.parametrize("name", NAMES)
def test_a_blank_check_says_not_done_yet_in_a_few_lines_without_a_traceback(name):
    nb = read(LEARNER_EDITION / name)
    for cell in nb.cells:
        if not cell.get("id", "").endswith("_check"):
            continue
        (error,) = errors(cell)
        assert error.ename == "NotDoneYet", f"{name} {cell.id}: {error.ename}: {error.evalue}"
        shown = "\n".join(error.traceback)
        assert len(error.traceback) <= 3 and "Traceback" not in shown and "lessons_lib" not in shown, shown


def test_the_transform_blanks_answers_removes_hidden_tests_and_adds_the_solution_after_the_hint():
    def cell(kind, source, grade_id=None, **extra):
        c = nbformat.v4.new_markdown_cell(source) if kind == "markdown" else nbformat.v4.new_code_cell(source)
        if grade_id:
            c.metadata["nbgrader"] = {"grade_id": grade_id, **extra}
        return c

    teacher = nbformat.v4.new_notebook(cells=[
        cell("markdown", "<!--TEACHER-EDITION-->\nTeacher's edition"),
        cell("markdown", "### Exercise 1 · Implement · 2 points: step", "l09_ex1_prompt"),
        cell("code", "def step(w):\n    \"\"\"One step.\"\"\"\n    ### BEGIN SOLUTION\n    return w - 1\n    ### END SOLUTION",
             "l09_ex1_answer"),
        cell("code", "from lessons_lib.exercises import fresh_checks\nfresh_checks('09').check_step(step)\n"
                     "### BEGIN HIDDEN TESTS\nfresh_checks('09').check_step(step, hidden=True)\n### END HIDDEN TESTS",
             "l09_ex1_check", points=2),
        cell("markdown", "<details><summary>Hint</summary>w goes down</details>", "l09_ex1_hint"),
        cell("markdown", "### Exercise 2 · Predict · 1 point: guess", "l09_ex2_prompt"),
        cell("code", "guess = ...\n### BEGIN SOLUTION\nguess = 3  # because\n### END SOLUTION", "l09_ex2_answer"),
        cell("code", "fresh_checks('09').check_guess(guess)", "l09_ex2_check"),
    ])
    cells = learner.learner_notebook(teacher).cells
    ids = [c.get("id") for c in cells]
    assert "TEACHER" not in cells[0].source
    answer = cells[ids.index("l09_ex1_answer")].source
    assert answer == f'def step(w):\n    """One step."""\n    {ex.CODE_STUB}'
    assert "HIDDEN" not in cells[ids.index("l09_ex1_check")].source and "hidden=True" not in cells[ids.index("l09_ex1_check")].source
    assert ids.index("l09_ex1_solution") == ids.index("l09_ex1_hint") + 1
    assert "    return w - 1" in cells[ids.index("l09_ex1_solution")].source
    assert ids.index("l09_ex2_solution") == ids.index("l09_ex2_check") + 1
    solution = cells[ids.index("l09_ex2_solution")].source
    assert "guess = 3  # because" in solution and "guess = ..." not in solution
    assert cells[ids.index("l09_ex2_answer")].source == f"guess = ...\n{ex.CODE_STUB}"
    assert all(cells[ids.index(i)].metadata.get("editable") is False for i in ("l09_ex1_check", "l09_ex1_solution"))
