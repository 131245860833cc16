"""TEACHING.md's nbgrader recipe, run command by command from a fresh folder, as written.

The script is the guide itself: every fenced ``bash`` block of the section "1. nbgrader on
JupyterHub" carries a marker line ``<!-- recipe: settings|teacher|student -->`` and this test
runs them in order, each in a fresh ``bash`` (``set -euo pipefail``):
- ``settings``: prepended to every teacher block, followed by the test's only replacements:
  ``REPO`` (this repository) and ``EXCHANGE`` (a folder in the test's tmp dir);
- ``teacher``: run with HOME = a fresh folder (so ``COURSE=~/neuron-course`` is fresh too);
- ``student``: run for each of three students, side by side, each with their own HOME (their
  own ``~/.jupyter`` config and nbgrader cache) and without the teacher's settings.
What the test does between the blocks, and nothing else:
- it hands each student the file of step 3 (``~/nbgrader_config.py``) before their first block;
- nbgrader 0.9.6 takes a student's id from the login name of the process's user (pwd, not
  $USER or $HOME; ``JUPYTERHUB_USER`` only when that name is ``jovyan``), and the fake students
  are all one user, so after their first block it adds ``c.CourseDirectory.student_id = "<id>"``
  to each student's ``~/.jupyter/nbgrader_config.py``;
- before the student block that submits, it writes each student's answers into the fetched
  notebooks: "right" (the teacher's solutions), "blank" (untouched), "mistakes" (the table
  below: plausible wrong answers, one answer cell that overrides its check, one edited check);
- before the teacher block that copies ``~/Downloads/<file>``, it puts there the LMS upload of
  the student that block names (the released notebook with the teacher's solutions).
Then it asserts each student's score per exercise (gradebook) and per lesson (grades.csv), that
grades.csv holds only the assigned lessons, that the feedback reached every student, that the
``edited-cells`` names the edited check, and that validate shows the messages uncut.

Measured on 2 cores shared with other work (load average 4.5-5): the recipe (two lessons, three
students and one LMS upload, 37 nbgrader commands, 7 notebooks autograded, 3 validated) took
201 s wall and 136 s of CPU; under heavier load 405 s. Run with ``pytest -s`` to see each block's time.
"""
from __future__ import annotations

import csv
import os
import re
import shlex
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

import nbgrader_support as support
import nbgrader_course as course  # noqa: E402  (tools/, on the path from nbgrader_support)

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "TEACHING.md"
SECTION = "### 1. nbgrader on JupyterHub"
MARKER = re.compile(r"<!-- recipe: (settings|teacher|student) -->\s*\n```bash\n(.*?)```", re.DOTALL)
STUDENTS = ("right", "blank", "mistakes")

pytest.importorskip("nbgrader", reason="nbgrader is not installed (requirements-dev.txt)")

# ==== REALISTIC ANSWERS: update this table when the recipe's lessons change ============================
# The "mistakes" student's answer cells, by grade id: (a name the teacher's answer cell defines,
# a plausible wrong answer). The test first checks that the teacher's answer cell still defines
# that name, so a rewritten exercise fails here with a message, not with a puzzling score.
# Every other exercise of the recipe's lessons gets the teacher's solution, so it is right.
MISTAKES = {
    # lesson 02, Predict: line a goes through four points exactly, so it "must" win both
    "l02_ex1_answer": ("lowest_mse", 'lowest_mse = "a"\nlowest_mae = "a"'),
    # lesson 02, Implement: no np.ravel, so a column minus a flat array makes an n x n table
    "l02_ex2_answer": ("mse", "def mse(y, y_hat):\n    return float(np.mean((y_hat - y) ** 2))\n\n\n"
                              "def mae(y, y_hat):\n    return float(np.mean(np.abs(y_hat - y)))"),
    # lesson 03, Predict: the slope times the step, as if C were a straight line
    "l03_ex1_answer": ("prediction", 'prediction = "a"'),
    # lesson 03, Transfer: the weights forgotten (the plain half-MSE gradient)
    "l03_ex3_answer": ("weighted_gradient", "def weighted_gradient(x, y, v, w, b):\n"
                                            "    x, y = np.ravel(x), np.ravel(y)\n    e = w * x + b - y\n"
                                            "    return np.mean(e * x), np.mean(e)"),
}
OVERRIDE = "l02_ex2_answer"                       # this answer cell also overrides its check
TAMPERED = {"l03_ex1_check": "pass  # my answer is right"}  # this check cell is edited
# ========================================================================================================


def recipe() -> list[tuple[str, str]]:
    text = GUIDE.read_text()
    assert SECTION in text, f"TEACHING.md has no section {SECTION!r}"
    section = text.split(SECTION, 1)[1].split("\n### ", 1)[0]
    blocks = MARKER.findall(section)
    assert section.count("```bash") == len(blocks), "every bash block of the recipe needs a <!-- recipe: ... --> line"
    return blocks


def defined_names(source: str) -> set[str]:
    import ast
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef):
            names.add(node.name)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
    return names


def environment(home: Path, shared: Path, user: str) -> dict[str, str]:
    """A fake user's environment: their HOME and name, and this test's Python as `python`
    (with its nbgrader) first on PATH; no Jupyter settings from the machine running the test."""
    shims = shared / "bin"
    if not shims.exists():
        shims.mkdir()
        (shims / "python").write_text(f'#!/bin/sh\nexec {shlex.quote(sys.executable)} "$@"\n')
        (shims / "python").chmod(0o755)  # a script, not a link: a venv's python must keep its own path
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("JUPYTER", "IPYTHON", "NBGRADER", "PYTHONPATH", "VIRTUAL_ENV"))}
    env.update(HOME=str(home), USER=user, LOGNAME=user,
               PATH=os.pathsep.join([str(shims), str(Path(sys.executable).parent), env.get("PATH", "")]),
               MPLCONFIGDIR=str(shared / "matplotlib"))  # one font cache, not one per fake home
    return env


def label(block: str) -> str:
    """A block's first command other than `cd`, for the timing table."""
    commands = [line.split("  #")[0].strip() for line in block.splitlines() if line.strip()]
    return next((c for c in commands if not c.startswith("cd ")), commands[0])[:70]


class Run:
    """The fake teacher and students, their homes, and what each block printed."""

    def __init__(self, root: Path, settings: str):
        self.root = root
        self.teacher = root / "teacher"
        self.homes = {student: root / "students" / student for student in STUDENTS}
        for home in [self.teacher, *self.homes.values()]:
            home.mkdir(parents=True)
        self.exchange = root / "exchange"
        self.settings = f"{settings}\n# the test's replacements\nREPO={shlex.quote(str(ROOT))}\nEXCHANGE={shlex.quote(str(self.exchange))}\n"
        self.course = self.teacher / "neuron-course"
        self.outputs: list[tuple[str, str, str]] = []  # (who, block, output)
        self.timings: list[tuple[str, float]] = []

    def start(self, who: str, block: str) -> subprocess.Popen:
        home = self.teacher if who == "teacher" else self.homes[who]
        script = "set -euo pipefail\n" + (self.settings if who == "teacher" else "") + block
        return subprocess.Popen(["bash", "-c", script], cwd=home, env=environment(home, self.root, who),
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)

    def finish(self, who: str, block: str, process: subprocess.Popen) -> str:
        output, _ = process.communicate(timeout=1200)
        self.outputs.append((who, block, output))
        assert process.returncode == 0, f"the recipe failed for {who} (exit {process.returncode}) at:\n{block}\n---\n{output[-4000:]}"
        return output

    def teacher_runs(self, block: str) -> str:
        started = time.perf_counter()
        output = self.finish("teacher", block, self.start("teacher", block))
        self.timings.append((f"teacher: {label(block)}", time.perf_counter() - started))
        return output

    def students_run(self, block: str) -> dict[str, str]:
        started = time.perf_counter()
        processes = {student: self.start(student, block) for student in STUDENTS}
        outputs = {student: self.finish(student, block, process) for student, process in processes.items()}
        self.timings.append((f"3 students: {label(block)}", time.perf_counter() - started))
        return outputs


def teacher_notebook(run: Run, lesson: str):
    """The teacher's edition of a lesson as this course's nbgrader saw it (source/)."""
    return support.read(run.course / "source" / lesson / f"{lesson}.ipynb")


def answers_of(run: Run, student: str, lesson: str) -> tuple[dict[str, str], dict[str, str]]:
    """({answer grade_id: source}, {check grade_id: source}) that ``student`` writes in ``lesson``."""
    teacher = teacher_notebook(run, lesson)
    right = {cell.metadata["nbgrader"]["grade_id"]: support.teachers_answer(cell.source)
             for cell in teacher.cells if (support.part_of(cell) or ("", 0, ""))[2] == "answer"}
    if student in ("right", "lms"):
        return right, {}
    if student == "blank":
        return {}, {}
    checks = {cell.metadata["nbgrader"]["grade_id"]: cell.source for cell in support.check_cells(teacher)}
    answers = dict(right)
    for grade_id, (name, wrong) in MISTAKES.items():
        if grade_id in right:
            answers[grade_id] = wrong
            if grade_id == OVERRIDE:
                answers[grade_id] = support.override_lines(checks[grade_id.replace("_answer", "_check")]) + wrong
    return answers, {grade_id: source for grade_id, source in TAMPERED.items() if grade_id in checks}


def expected_scores(run: Run, student: str, lesson: str) -> dict[str, float]:
    """{check grade_id: points expected} of ``student`` in ``lesson``."""
    teacher = teacher_notebook(run, lesson)
    points = support.exercise_points(teacher)
    if student in ("right", "lms"):
        return points
    if student == "blank":
        return dict.fromkeys(points, 0.0)
    wrong = {grade_id.replace("_answer", "_check") for grade_id in MISTAKES} | set(TAMPERED)
    expected = {grade_id: 0.0 if grade_id in wrong else score for grade_id, score in points.items()}
    return expected


def work(run: Run, student: str, lessons: list[str]) -> None:
    for lesson in lessons:
        path = run.homes[student] / lesson / f"{lesson}.ipynb"
        answers, checks = answers_of(run, student, lesson)
        nbformat.write(support.answered(support.read(path), answers, checks), path)


@pytest.fixture(scope="module")
def recipe_run(tmp_path_factory):
    blocks = recipe()
    assert [role for role, _ in blocks][:2] == ["settings", "teacher"] and sum(r == "settings" for r, _ in blocks) == 1
    settings = blocks[0][1]
    assert set(re.findall(r"^(\w+)=", settings, re.M)) == {"REPO", "COURSE", "EXCHANGE"}, settings
    setup = next(block for role, block in blocks if "nbgrader_course.py\" setup" in block)
    words = shlex.split(next(line for line in setup.splitlines() if "--lessons" in line), comments=True)
    lessons_given = []
    for word in words[words.index("--lessons") + 1:]:
        if word.startswith("--"):
            break
        lessons_given.append(word)
    run = Run(tmp_path_factory.mktemp("recipe"), settings)
    started = time.perf_counter()
    lessons: list[str] = []
    handed_out = False
    for role, block in blocks[1:]:
        if role == "teacher":
            download = re.search(r"cp ~/Downloads/(\S+) submitted/([\w-]+)/(\w+)/", block)
            if download:  # the teacher downloaded an upload from the LMS: the released notebook, answered
                name, student, lesson = download.groups()
                released = support.read(run.course / "release" / lesson / f"{lesson}.ipynb")
                (run.teacher / "Downloads").mkdir(exist_ok=True)
                nbformat.write(support.answered(released, answers_of(run, "lms", lesson)[0]), run.teacher / "Downloads" / name)
                run.lms = (student, lesson)
            output = run.teacher_runs(block)
            if "nbgrader_course.py\" setup" in block:
                lessons = sorted(path.name for path in (run.course / "source").iterdir())
                for lesson in lessons:  # the table must still describe the lessons' exercises
                    answer_cells = {c.metadata["nbgrader"]["grade_id"]: c.source for c in teacher_notebook(run, lesson).cells
                                    if (support.part_of(c) or ("", 0, ""))[2] == "answer"}
                    for grade_id, (name, _) in MISTAKES.items():
                        if grade_id[1:3] == lesson[:2]:
                            assert grade_id in answer_cells and name in defined_names(answer_cells[grade_id]), (
                                f"update MISTAKES in tests/test_teaching_recipe.py: {lesson}'s {grade_id} "
                                f"no longer defines {name!r}")
            if "edited-cells" in block:
                run.edited_output = output
            if "db assignment list" in block:
                run.formgrader_output = output
        else:
            if not handed_out:  # step 3: the teacher handed out the students' settings
                for home in run.homes.values():
                    (home / "nbgrader_config.py").write_text((run.course / "for_students" / "nbgrader_config.py").read_text())
                handed_out = True
            if "nbgrader submit" in block:
                for student in STUDENTS:
                    work(run, student, lessons)
            outputs = run.students_run(block)
            if "nbgrader validate" in block:
                run.validate_outputs = outputs
            for student, home in run.homes.items():
                config = home / ".jupyter" / "nbgrader_config.py"
                if config.exists() and "student_id" not in config.read_text():
                    with config.open("a") as out:  # the one line the test adds (see the docstring)
                        out.write(f"\n# the test's fake student:\nc.CourseDirectory.student_id = {student!r}\n")
    total = time.perf_counter() - started
    print(f"\nTEACHING.md's recipe: {total:.0f} s in all")
    for what, seconds in run.timings:
        print(f"  {seconds:6.1f} s  {what}")
    run.lessons, run.lessons_given, run.total = lessons, lessons_given, total
    return run


def test_the_recipe_assigns_the_lessons_it_names_and_never_start_here(recipe_run):
    assert len(recipe_run.lessons) == len(recipe_run.lessons_given) >= 2
    assert [lesson[:2] for lesson in recipe_run.lessons] == sorted(f"{int(n[:2]):02d}" for n in recipe_run.lessons_given)
    assert not any(lesson.startswith("00") for lesson in recipe_run.lessons)
    assert sorted(path.name for path in (recipe_run.course / "release").iterdir()) == recipe_run.lessons


def test_each_student_gets_the_points_of_the_exercises_they_got_right(recipe_run):
    students = [*STUDENTS, recipe_run.lms[0]]
    table = []
    for student in students:
        grades = course.grades(recipe_run.course, student)
        for lesson in recipe_run.lessons:
            if student == recipe_run.lms[0]:
                expected = expected_scores(recipe_run, "lms", lesson) if lesson == recipe_run.lms[1] else {}
            else:
                expected = expected_scores(recipe_run, student, lesson)
            got = {grade_id: score for grade_id, (score, _) in grades.get(lesson, {}).items()}
            assert got == expected, f"{student}, {lesson}: scored {got}, expected {expected}"
            table.append((student, lesson, sum(got.values()), sum(support.exercise_points(teacher_notebook(recipe_run, lesson)).values())))
    print("\nscores: " + "; ".join(f"{s} {lesson[:2]} {score:g}/{top:g}" for s, lesson, score, top in table))


def test_grades_csv_holds_the_assigned_lessons_with_each_students_total(recipe_run):
    with (recipe_run.course / "grades.csv").open() as rows:
        grades = {(row["student_id"], row["assignment"]): (float(row["score"]), float(row["max_score"])) for row in csv.DictReader(rows)}
    assert {lesson for _, lesson in grades} == set(recipe_run.lessons), "grades.csv lists other lessons than the assigned ones"
    for student in [*STUDENTS, recipe_run.lms[0]]:
        for lesson in recipe_run.lessons:
            points = support.exercise_points(teacher_notebook(recipe_run, lesson))
            if student == recipe_run.lms[0]:
                expected = sum(points.values()) if lesson == recipe_run.lms[1] else 0.0
            else:
                expected = sum(expected_scores(recipe_run, student, lesson).values())
            assert grades[(student, lesson)] == (expected, sum(points.values())), f"{student} {lesson}: {grades[(student, lesson)]}"


def test_the_override_ran_and_earned_nothing(recipe_run):
    lesson = next(lesson for lesson in recipe_run.lessons if lesson[:2] == OVERRIDE[1:3])
    graded = support.read(recipe_run.course / "autograded" / "mistakes" / lesson / f"{lesson}.ipynb")
    cell = next(c for c in graded.cells if c.metadata.get("nbgrader", {}).get("grade_id") == OVERRIDE)
    assert support.OVERRIDE in cell.source
    assert not [o for o in cell.outputs if o.output_type == "error"], "the overriding answer cell did not run"
    check = OVERRIDE.replace("_answer", "_check")
    assert course.grades(recipe_run.course, "mistakes")[lesson][check][0] == 0


def test_edited_cells_names_the_edited_check_and_its_student_only(recipe_run):
    (tampered,) = TAMPERED
    lesson = next(lesson for lesson in recipe_run.lessons if lesson[:2] == tampered[1:3])
    reported = [line for line in recipe_run.edited_output.splitlines() if re.match(r"\S+: \S+ cell \S+ (edited|deleted)", line)]
    assert reported == [f"mistakes: {lesson} cell {tampered} edited (autograde ran the original)"], recipe_run.edited_output[-3000:]


def test_feedback_reaches_every_student(recipe_run):
    for student, home in recipe_run.homes.items():
        for lesson in recipe_run.lessons:
            assert list((home / lesson / "feedback").glob(f"*/{lesson}.html")), f"{student} fetched no feedback for {lesson}"
    student, lesson = recipe_run.lms
    assert (recipe_run.course / "feedback" / student / lesson / f"{lesson}.html").exists()


def test_validate_shows_the_checks_messages_uncut(recipe_run):
    output = recipe_run.validate_outputs["mistakes"]
    lines = output.splitlines()
    assert "=" * course.VALIDATE_WIDTH in lines, "validate did not use the width of the students' config"
    assert "failed" in output.lower(), output[-2000:]
    cut = [line for line in lines if len(line) == course.VALIDATE_WIDTH and line.endswith("...")]
    assert not cut, f"validate cut a message: {cut[0]}"


def test_the_formgrader_finds_the_course_from_the_teachers_home(recipe_run):
    for lesson in recipe_run.lessons:
        assert lesson in recipe_run.formgrader_output, recipe_run.formgrader_output[-2000:]
