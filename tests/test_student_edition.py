"""The student edition, made by nbgrader from the teacher's edition, and graded by nbgrader.

One module fixture builds an nbgrader course from notebooks/ (tools/make_student_edition.py:
``nbgrader generate_assignment``), then ``nbgrader autograde``s two submissions: the untouched
student edition of every lesson (student "untouched") and the teacher's edition of every lesson
with exercises (student "teacher"). The two are graded at the same time in two copies of the
course, each with its own gradebook. The tests read the generated notebooks, the notebooks
nbgrader executed while grading (nbclient underneath, errors allowed) and the gradebook's scores.
Measured on 2 cores, seven lessons: 55 s on an idle machine, up to 2 min on a busy one, almost all
of it executing notebooks.
"""
from __future__ import annotations

import ast
import re
import shutil
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import nbformat
import pytest

import lessons_lib.checks as checks

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import make_student_edition as student_edition  # noqa: E402

LESSONS = student_edition.lesson_notebooks()
EXERCISE_LESSONS = [path for path in LESSONS if not path.name.startswith("00_")]
GRADE_ID = re.compile(r"l(?P<lesson>\d\d)_ex(?P<number>\d+)_(?P<part>prompt|answer|check)")
CHECK_CALL = re.compile(r"checks\.(check_\w+)\((.*)\)")

PROMPT = {"grade": False, "locked": True, "schema_version": 3, "solution": False, "task": False}
ANSWER = {"grade": False, "locked": False, "schema_version": 3, "solution": True, "task": False}
CHECK = {"grade": True, "locked": True, "points": 1, "schema_version": 3, "solution": False, "task": False}


def ids(paths: list[Path]) -> list[str]:
    return [path.stem for path in paths]


def nbgrader_part(cell) -> str | None:
    """'prompt', 'answer' or 'check' for an exercise cell, else None."""
    grade_id = cell.metadata.get("nbgrader", {}).get("grade_id", "")
    match = GRADE_ID.fullmatch(grade_id)
    return match["part"] if match else None


def first_exercise_index(nb) -> int:
    parts = [i for i, cell in enumerate(nb.cells) if nbgrader_part(cell)]
    return parts[0] if parts else len(nb.cells)


def errors(cell) -> list:
    return [output for output in cell.get("outputs", []) if output.output_type == "error"]


def solution_lines(source: str) -> list[str]:
    """The stripped, non-empty lines between BEGIN SOLUTION and END SOLUTION."""
    lines, inside = [], False
    for line in source.splitlines():
        if "BEGIN SOLUTION" in line:
            inside = True
        elif "END SOLUTION" in line:
            inside = False
        elif inside and line.strip():
            lines.append(line.strip())
    return lines


def read(path: Path):
    return nbformat.read(path, as_version=4)


# ---- the teacher's edition follows the exercise convention (fast, no nbgrader) ----------

def test_lessons_are_discovered():
    assert [p.name for p in LESSONS][:1] == ["00_start_here.ipynb"]
    assert len(EXERCISE_LESSONS) >= 2, [p.name for p in LESSONS]


def test_start_here_has_no_exercises():
    nb = read(LESSONS[0])
    assert not [cell for cell in nb.cells if "nbgrader" in cell.metadata]


@pytest.mark.parametrize("path", EXERCISE_LESSONS, ids=ids(EXERCISE_LESSONS))
def test_exercises_follow_the_convention(path):
    nb = read(path)
    lesson = path.name[:2]
    seen: dict[int, list[str]] = {}
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader")
        if meta is None:
            continue
        match = GRADE_ID.fullmatch(meta.get("grade_id", ""))
        assert match, f"{path.name}: grade_id {meta.get('grade_id')!r} is not lNN_exK_prompt/answer/check"
        assert match["lesson"] == lesson, f"{path.name}: {meta['grade_id']} belongs to another lesson"
        part, number = match["part"], int(match["number"])
        expected = {"prompt": PROMPT, "answer": ANSWER, "check": CHECK}[part]
        assert {k: v for k, v in meta.items() if k != "grade_id"} == expected, f"{meta['grade_id']}: metadata {meta}"
        assert cell.cell_type == ("markdown" if part == "prompt" else "code"), f"{meta['grade_id']} is {cell.cell_type}"
        if part == "answer":
            assert "### BEGIN SOLUTION" in cell.source and "### END SOLUTION" in cell.source, meta["grade_id"]
            assert solution_lines(cell.source), f"{meta['grade_id']}: the solution region is empty"
        if part == "check":
            assert CHECK_CALL.fullmatch(cell.source.strip()), f"{meta['grade_id']}: {cell.source!r} is not one checks.check_*(...) call"
        seen.setdefault(number, []).append(part)
    assert 2 <= len(seen) <= 4, f"{path.name} has {len(seen)} exercises; every lesson has 2-4"
    assert sorted(seen) == list(range(1, len(seen) + 1)), f"{path.name}: exercises numbered {sorted(seen)}"
    for number, parts in seen.items():
        assert parts == ["prompt", "answer", "check"], f"{path.name} exercise {number}: cells {parts}"


def test_every_check_cell_is_locked_and_calls_a_tested_check():
    tests_text = "".join(p.read_text() for p in sorted((ROOT / "tests").glob("test_checks_lesson*.py")))
    found = []
    for path in LESSONS:
        for cell in read(path).cells:
            meta = cell.metadata.get("nbgrader", {})
            if not meta.get("grade"):
                continue
            assert meta.get("locked") is True and meta.get("points") == 1, f"{path.name} {meta.get('grade_id')}: {meta}"
            match = CHECK_CALL.fullmatch(cell.source.strip())
            assert match, f"{path.name} {meta['grade_id']}: {cell.source!r}"
            name = match[1]
            assert callable(getattr(checks, name, None)), f"{path.name} calls checks.{name}, which lessons_lib.checks lacks"
            assert re.search(rf"\b{name}\b", tests_text), f"checks.{name} is not tested in tests/test_checks_lesson*.py"
            found.append(name)
    assert len(found) >= 2 * len(EXERCISE_LESSONS)


# ---- nbgrader: generate the student edition, autograde two submissions ----------------

@pytest.fixture(scope="module")
def course(tmp_path_factory):
    root = tmp_path_factory.mktemp("nbgrader")
    start = time.perf_counter()
    # the teacher's command: python tools/make_student_edition.py --out DIR --course DIR
    source, out = root / "course", root / "student"
    student_edition.main(["--out", str(out), "--course", str(source)])
    generated = time.perf_counter()
    released = [out / path.name for path in LESSONS]
    runs = {}
    for student, editions in (("untouched", released), ("teacher", EXERCISE_LESSONS)):
        copy = root / f"course-{student}"
        shutil.copytree(source, copy)
        student_edition.write_config(copy)  # the copy is a course of its own, with its own gradebook
        student_edition.submit(copy, student, editions)
        runs[student] = (copy, student_edition.start_nbgrader(copy, "autograde", "*", "--force"))
    logs = {}
    for student, (copy, process) in runs.items():
        logs[student], _ = process.communicate()  # a failed lesson fails its own tests below
    graded = time.perf_counter()
    scores = {student: student_edition.scores(copy, student) for student, (copy, _) in runs.items()}
    # shown with `pytest -s`: what nbgrader took and gave
    print(f"\nnbgrader: generate_assignment {generated - start:.1f} s, "
          f"autograde (two submissions in parallel) {graded - generated:.1f} s")
    for student, table in scores.items():
        print(f"  {student}: " + ", ".join(f"{lesson[:2]} {score:g}/{top:g}" for lesson, (score, top) in sorted(table.items())))
    return SimpleNamespace(
        student=out,
        autograded={student: copy / "autograded" / student for student, (copy, _) in runs.items()},
        scores=scores,
        logs=logs,
    )


def autograded(course, student: str, path: Path):
    graded = course.autograded[student] / path.stem / path.name
    assert graded.exists(), f"nbgrader autograde did not grade {path.name} of {student}:\n{course.logs[student][-3000:]}"
    return read(graded)


def test_the_command_writes_every_lesson_side_by_side(course):
    assert sorted(p.name for p in course.student.glob("*.ipynb")) == [p.name for p in LESSONS]
    for path in LESSONS:  # the same notebooks nbgrader released, so links between lessons resolve
        released = course.student.parent / "course" / "release" / path.stem / path.name
        assert (course.student / path.name).read_bytes() == released.read_bytes()
        for cell in read(course.student / path.name).cells:
            for target in re.findall(r"\]\(([^)\s]+\.ipynb)\)", cell.source if cell.cell_type == "markdown" else ""):
                if not target.startswith(("http://", "https://")):
                    assert (course.student / target).exists(), f"{path.name} links to {target}, not in the student edition"


@pytest.mark.parametrize("path", LESSONS, ids=ids(LESSONS))
def test_student_edition_has_no_solution_text(course, path):
    teacher = read(path)
    student = read(course.student / path.name)
    assert len(student.cells) == len(teacher.cells)
    shown = set()  # lines the lesson shows in its other cells are no secret
    secret = []
    for cell in teacher.cells:
        if cell.metadata.get("nbgrader", {}).get("solution"):
            secret += solution_lines(cell.source)
        else:
            shown.update(line.strip() for line in cell.source.splitlines())
    assert set(secret) - shown or not secret, f"{path.name}: every solution line is also shown elsewhere; nothing to check"
    student_lines = {line.strip() for cell in student.cells for line in cell.source.splitlines()}
    leaked = [line for line in secret if line in student_lines and line not in shown]
    assert not leaked, f"{path.name}: solution lines left in the student edition: {leaked}"
    for cell in student.cells:
        assert "BEGIN SOLUTION" not in cell.source and "END SOLUTION" not in cell.source, cell.source
        assert not cell.get("outputs"), f"{path.name}: a stored output would show the answers: {cell.source[:80]!r}"


@pytest.mark.parametrize("path", LESSONS, ids=ids(LESSONS))
def test_student_edition_runs_up_to_the_first_exercise(course, path):
    nb = autograded(course, "untouched", path)
    first = first_exercise_index(nb)
    assert first > 0
    ran = [cell for cell in nb.cells[:first] if cell.cell_type == "code"]
    assert ran and all(cell.get("execution_count") for cell in ran), f"{path.name}: not every cell was executed"
    for cell in ran:
        assert not errors(cell), f"{path.name}: {cell.source[:80]!r} raised {errors(cell)[0].ename}: {errors(cell)[0].evalue}"


@pytest.mark.parametrize("path", EXERCISE_LESSONS, ids=ids(EXERCISE_LESSONS))
def test_unanswered_exercises_say_your_turn_and_checks_say_not_done_yet(course, path):
    student = read(course.student / path.name)
    nb = autograded(course, "untouched", path)
    answers = checked = 0
    for cell, executed in zip(student.cells[first_exercise_index(student):], nb.cells[first_exercise_index(nb):]):
        part = nbgrader_part(cell)
        if cell.cell_type != "code":
            continue
        if part == "answer":
            answers += 1
            assert student_edition.CODE_STUB in cell.source, f"{path.name}: answer cell has no 'your turn' stub: {cell.source!r}"
            raised = errors(executed)
            defines_function = any(isinstance(node, ast.FunctionDef) for node in ast.parse(cell.source).body)
            if raised:  # `name = None` then the stub: the cell itself says "your turn"
                assert (raised[0].ename, raised[0].evalue) == ("NotImplementedError", student_edition.YOUR_TURN)
            else:  # `def f(...)` whose body is the stub: calling it says "your turn" (the check below shows it)
                assert defines_function, f"{path.name}: {cell.source!r} neither raises nor defines a function"
        elif part == "check":
            checked += 1
            raised = errors(executed)
            assert raised, f"{path.name}: {cell.source!r} passed on an unanswered exercise"
            assert raised[0].ename == "NotDoneYet", f"{path.name}: {cell.source!r} crashed: {raised[0].ename}: {raised[0].evalue}"
            assert raised[0].evalue.startswith("Not done yet"), raised[0].evalue
        else:  # any other code cell among the exercises must run
            assert not errors(executed), f"{path.name}: {cell.source[:80]!r} raised {errors(executed)[0].ename}"
    assert answers == checked >= 2


@pytest.mark.parametrize("path", EXERCISE_LESSONS, ids=ids(EXERCISE_LESSONS))
def test_autograde_gives_the_teacher_full_marks_and_an_untouched_edition_zero(course, path):
    autograded(course, "teacher", path)
    autograded(course, "untouched", path)
    check_cells = sum(1 for cell in read(path).cells if cell.metadata.get("nbgrader", {}).get("grade"))
    teacher_score, max_score = course.scores["teacher"][path.stem]
    untouched_score, _ = course.scores["untouched"][path.stem]
    assert max_score == check_cells >= 2
    assert teacher_score == max_score, f"{path.name}: the teacher's edition scored {teacher_score}/{max_score}"
    assert untouched_score == 0, f"{path.name}: the untouched student edition scored {untouched_score}/{max_score}"
