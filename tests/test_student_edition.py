"""The nbgrader student edition, made from the teacher's edition, and graded by nbgrader.

Fast tests check the setup command (tools/nbgrader_course.py): its config, the lessons it
takes, what it refuses to overwrite, the stamps for hand-placed submissions, and that the
validate width shows the checks' longest message.

One module fixture builds the student edition of every lesson with nbgrader
(tools/make_student_edition.py, keeping its course), then ``nbgrader autograde``s three
submissions of every lesson, each in its own copy of the course (so each has its own gradebook,
and the copies show that a copied course writes into itself): the untouched student edition
("untouched"), the teacher's edition ("teacher"), and the untouched edition whose every answer
cell first overrides its check ("override"). The tests read the generated notebooks, the
notebooks nbgrader executed while grading, the gradebooks and the autograde logs.
Measured on 2 cores shared with other work (load 4-5): 1 min 55 s in all, of which generating
7 lessons 8 s, autograding the three submissions side by side 87 s, measuring the checks'
messages (running their tests) 20 s.

"""
from __future__ import annotations

import ast
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import nbformat
import pytest
from traitlets.config.loader import PyFileConfigLoader

import nbgrader_support as support

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import exercise_cells as ex  # noqa: E402
import make_student_edition as student_edition  # noqa: E402
import nbgrader_course as course  # noqa: E402

LESSONS = course.lesson_notebooks()                                # teacher/, 00 to 06
GRADED = course.lesson_notebooks(include_start_here=False)         # what a teacher can assign
HAS_NBGRADER = importlib.util.find_spec("nbgrader") is not None
needs_nbgrader = pytest.mark.skipif(not HAS_NBGRADER, reason="nbgrader is not installed (requirements-dev.txt)")

NBGRADER_FLAGS = {  # what each exercise part must tell nbgrader
    "prompt": {"grade": False, "locked": True, "solution": False, "task": False},
    "answer": {"grade": False, "locked": False, "solution": True, "task": False},
    "run": {"grade": False, "locked": True, "solution": False, "task": False},
    "check": {"grade": True, "locked": True, "solution": False, "task": False},
    "hint": {"grade": False, "locked": True, "solution": False, "task": False},
}


def ids(paths: list[Path]) -> list[str]:
    return [path.stem for path in paths]


read = support.read


def errors(cell) -> list:
    return [output for output in cell.get("outputs", []) if output.output_type == "error"]


def first_exercise_index(nb) -> int:
    parts = [i for i, cell in enumerate(nb.cells) if ex.exercise_part(cell)]
    return parts[0] if parts else len(nb.cells)


def solution_lines(source: str) -> list[str]:
    lines, inside = [], False
    for line in source.splitlines():
        if ex.BEGIN_SOLUTION in line:
            inside = True
        elif ex.END_SOLUTION in line:
            inside = False
        elif inside and line.strip():
            lines.append(line.strip())
    return lines


# ---- the teacher's edition tells nbgrader what it needs (fast) -------------------------------

def test_lessons_are_discovered_and_start_here_is_never_graded():
    assert [p.name for p in LESSONS][:1] == [course.START_HERE]
    assert course.START_HERE not in [p.name for p in GRADED] and len(GRADED) >= 2
    for spec in ("00", "0", "00_start_here", "00_start_here.ipynb", "teacher/00_start_here.ipynb"):
        with pytest.raises(ValueError, match="not graded"):
            course.resolve_lessons([spec])
    assert course.resolve_lessons(["04", "2", "02_neuron_and_loss.ipynb", "teacher/05_learning_rate.ipynb"]) == [
        course.TEACHER_EDITION / name for name in ("04_training_loop.ipynb", "02_neuron_and_loss.ipynb", "05_learning_rate.ipynb")]
    with pytest.raises(ValueError, match="no lesson"):
        course.resolve_lessons(["07"])


@pytest.mark.parametrize("path", GRADED, ids=ids(GRADED))
def test_exercise_cells_carry_the_nbgrader_markup_of_their_part(path):
    nb = read(path)
    seen: dict[int, list[str]] = {}
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader")
        if meta is None:
            continue
        part = ex.exercise_part(cell)
        assert part, f"{path.name}: grade_id {meta.get('grade_id')!r} is not lNN_exK_<part>"
        lesson, number, kind = part
        assert lesson == path.name[:2], f"{path.name}: {meta['grade_id']} belongs to another lesson"
        flags = {key: meta.get(key) for key in NBGRADER_FLAGS[kind]}
        assert flags == NBGRADER_FLAGS[kind], f"{path.name} {meta['grade_id']}: nbgrader metadata {meta}"
        assert cell.cell_type == ("markdown" if kind in ("prompt", "hint") else "code"), f"{meta['grade_id']} is {cell.cell_type}"
        if kind == "answer":
            assert solution_lines(cell.source), f"{path.name} {meta['grade_id']}: no solution between the markers"
        if kind == "check":
            assert meta.get("points", 0) > 0, f"{path.name} {meta['grade_id']}: a check worth no points"
        seen.setdefault(number, []).append(kind)
    assert sorted(seen) == list(range(1, len(seen) + 1)) and len(seen) >= 2, f"{path.name}: exercises {sorted(seen)}"
    for number, parts in seen.items():
        assert parts[:2] == ["prompt", "answer"] and "check" in parts, f"{path.name} exercise {number}: cells {parts}"
        assert parts == [p for p in ex.PARTS if p in parts] and len(set(parts)) == len(parts), \
            f"{path.name} exercise {number}: cells {parts}, expected the order {ex.PARTS}"


@pytest.mark.parametrize("path", GRADED, ids=ids(GRADED))
def test_at_least_one_exercise_per_lesson_has_hidden_tests(path):
    nb = read(path)
    assert any(ex.BEGIN_HIDDEN in cell.source for cell in support.check_cells(nb)), f"{path.name}: no hidden tests"


# ---- the setup command (fast) ------------------------------------------------------------------

def load_config(path: Path):
    loader = PyFileConfigLoader(path.name, path=str(path.parent))
    return loader.load_config()


def test_setup_writes_a_config_whose_course_is_wherever_the_folder_is(tmp_path):
    course.setup_course(tmp_path / "physics-101", GRADED[:1], exchange="/srv/exchange")
    moved = tmp_path / "elsewhere" / "copy"
    shutil.copytree(tmp_path / "physics-101", moved)
    config = load_config(moved / "nbgrader_config.py")
    assert config.CourseDirectory.course_id == "physics-101"  # the folder's name, written when set up
    assert config.CourseDirectory.root == str(moved)           # the copy's own folder, not the original
    assert "db_url" not in config.CourseDirectory              # nbgrader's default: <root>/gradebook.db
    assert config.Exchange.root == "/srv/exchange"
    assert config.ClearSolutions.code_stub == {"python": ex.CODE_STUB}
    assert config.Validator.width == course.VALIDATE_WIDTH
    assert config.Execute.timeout >= 600
    students = load_config(moved / course.STUDENTS_CONFIG)
    assert students.CourseDirectory.course_id == "physics-101" and students.Exchange.root == "/srv/exchange"
    assert students.Validator.width == course.VALIDATE_WIDTH and "root" not in students.CourseDirectory
    source = moved / "source" / GRADED[0].stem / GRADED[0].name
    assert source.exists() and not (moved / "source" / LESSONS[0].stem).exists()
    assert not any(cell.source.startswith(course.TEACHER_MARK) for cell in read(source).cells)


@needs_nbgrader
def test_a_copied_course_generates_into_the_copy(tmp_path):
    original, copy = tmp_path / "course", tmp_path / "copy-of-course"
    lesson = GRADED[0]
    course.setup_course(original, [lesson], exchange=str(tmp_path / "exchange"))
    shutil.copytree(original, copy)
    course.nbgrader(copy, "generate_assignment", lesson.stem)
    assert (copy / "release" / lesson.stem / lesson.name).exists() and (copy / "gradebook.db").exists()
    assert not (original / "release").exists() and not (original / "gradebook.db").exists()


def test_setup_refuses_to_overwrite_a_changed_config_or_an_edited_source_without_force(tmp_path, capsys):
    lesson = tmp_path / "teacher" / GRADED[0].name  # a teacher's edition this test may change
    lesson.parent.mkdir()
    shutil.copy(GRADED[0], lesson)
    folder = tmp_path / "course"
    config, source = folder / "nbgrader_config.py", folder / "source" / lesson.stem / lesson.name
    course.setup_course(folder, [lesson])
    assert set(course.setup_course(folder, [lesson])) == {  # a re-run changes nothing
        "unchanged nbgrader_config.py", f"unchanged {course.STUDENTS_CONFIG.as_posix()}",
        f"unchanged source/{lesson.stem}/{lesson.name}"}

    nb = read(lesson)  # the course's lesson is updated: an untouched source follows it
    nb.cells[-1].source += "\n"
    nbformat.write(nb, lesson)
    assert f"updated source/{lesson.stem}/{lesson.name} (the teacher's edition changed)" in course.setup_course(folder, [lesson])
    assert source.read_text() == course.source_notebook(lesson)

    config.write_text(config.read_text().replace("c.Execute.timeout = 600", "c.Execute.timeout = 900"))
    edited = read(source)
    edited.cells[-1].source += "\n# my hidden test"
    nbformat.write(edited, source)
    before = {path: path.read_bytes() for path in folder.rglob("*") if path.is_file()}
    assert course.main(["setup", str(folder), "--lessons", str(lesson)]) == 2  # the command line says why
    message = capsys.readouterr().err
    assert f"{config} differs" in message and f"{source} was edited" in message and "--force" in message
    assert {path: path.read_bytes() for path in folder.rglob("*") if path.is_file()} == before  # nothing written
    with pytest.raises(course.SetupRefused):
        course.setup_course(folder, [lesson], course_id="another-id")

    actions = course.setup_course(folder, [lesson], force=True)
    assert "overwrote nbgrader_config.py (--force)" in actions and "c.Execute.timeout = 600" in config.read_text()
    assert source.read_text() == course.source_notebook(lesson)


@needs_nbgrader
def test_stamp_submissions_gives_hand_placed_ones_what_release_feedback_reads(tmp_path):
    from nbgrader.utils import parse_utc

    folder = tmp_path / "submitted" / "dana" / "02_neuron_and_loss"
    folder.mkdir(parents=True)
    (folder / "02_neuron_and_loss.ipynb").write_text("{}")
    collected = tmp_path / "submitted" / "erin" / "02_neuron_and_loss"  # came through the exchange
    collected.mkdir(parents=True)
    (collected / "timestamp.txt").write_text("2030-01-01 10:00:00.000000 UTC")
    (collected / "submission_secret.txt").write_text("abc")
    assert len(course.stamp_submissions(tmp_path)) == 2
    assert parse_utc((folder / "timestamp.txt").read_text()).year >= 2024
    assert len((folder / "submission_secret.txt").read_text()) >= 64
    assert (collected / "timestamp.txt").read_text().startswith("2030") and (collected / "submission_secret.txt").read_text() == "abc"
    assert course.stamp_submissions(tmp_path) == []


RECORDER = '''
import atexit, json, os, re
LINES = []
def _record(cls):
    init = cls.__init__
    def record(self, *args, **kwargs):
        init(self, *args, **kwargs)
        render = getattr(self, "_render_traceback_", None)
        lines = render() if render else str(self).splitlines()
        LINES.extend(re.sub(r"\\x1b\\[[0-9;]*m", "", line) for line in lines)
    cls.__init__ = record
def pytest_configure(config):
    import importlib
    for module, names in (("lessons_lib.exercises.framework", ("CheckFailed",)),
                          ("lessons_lib.checks", ("NotDoneYet", "WrongAnswer"))):
        try:
            found = importlib.import_module(module)
        except ImportError:
            continue
        for name in names:
            if hasattr(found, name):
                _record(getattr(found, name))
def pytest_unconfigure(config):
    with open(os.environ["MESSAGE_LINES"], "w") as out:
        json.dump(LINES, out)
'''


def test_the_validate_width_shows_the_longest_check_message_in_full(tmp_path):
    """Runs the checks' own tests with every failing check's message recorded, and measures it:
    nbgrader validate indents each line by 4 and cuts it at width - 3."""
    (tmp_path / "message_recorder.py").write_text(RECORDER)
    tests = sorted((ROOT / "tests").glob("test_checks_lesson*.py")) + sorted((ROOT / "tests" / "exercises").glob("test_*.py"))
    assert tests, "no tests of the checks found"
    record = tmp_path / "lines.json"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), os.environ.get("PYTHONPATH", "")]),
           "MESSAGE_LINES": str(record)}
    subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "message_recorder", "-p", "no:cacheprovider",
                    "-o", "addopts=", *map(str, tests)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    lines = json.loads(record.read_text())
    assert len(lines) > 50, "too few check messages recorded to measure"
    longest = max(lines, key=len)
    print(f"\nlongest check message line: {len(longest)} characters (validate width {course.VALIDATE_WIDTH})")
    assert len("    " + longest) <= course.VALIDATE_WIDTH - 3, \
        f"raise VALIDATE_WIDTH in tools/nbgrader_course.py: a {len(longest)}-character message line: {longest!r}"


# ---- nbgrader: generate the student edition, autograde three submissions ----------------------

def with_overrides(nb):
    """The untouched student notebook whose every answer cell first overrides its check."""
    checks = {cell.metadata["nbgrader"]["grade_id"]: cell.source for cell in support.check_cells(nb)}
    answers = {}
    for cell in nb.cells:
        part = ex.exercise_part(cell)
        if part and part[2] == "answer":
            check = checks[f"l{part[0]}_ex{part[1]}_check"]
            answers[cell.metadata["nbgrader"]["grade_id"]] = support.override_lines(check) + cell.source
    return support.answered(nb, answers)


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    if not HAS_NBGRADER:
        pytest.skip("nbgrader is not installed (requirements-dev.txt)")
    root = tmp_path_factory.mktemp("nbgrader")
    start = time.perf_counter()
    original, out = root / "course", root / "student"
    student_edition.make_student_edition(out, LESSONS, course_dir=original)
    generated = time.perf_counter()
    released = {path.name: read(out / path.name) for path in LESSONS}
    # the teacher's edition as nbgrader saw it (other work may change teacher/ while this runs)
    teacher = {path.name: read(original / "source" / path.stem / path.name) for path in LESSONS}
    submissions = {
        "untouched": {name: nb for name, nb in released.items()},
        "teacher": {path.name: teacher[path.name] for path in GRADED},
        "override": {path.name: with_overrides(released[path.name]) for path in GRADED},
    }
    runs = {}
    for student, notebooks in submissions.items():
        copy = root / f"course-{student}"
        shutil.copytree(original, copy)  # a course of its own: its config's root is its own folder
        for name, nb in notebooks.items():
            folder = copy / "submitted" / student / Path(name).stem
            folder.mkdir(parents=True)
            nbformat.write(nb, folder / name)
        runs[student] = (copy, course.start_nbgrader(copy, "autograde", "*", "--force"))
    logs = {student: process.communicate()[0] for student, (_, process) in runs.items()}
    graded_at = time.perf_counter()
    scores = {student: course.grades(copy, student) for student, (copy, _) in runs.items()}
    print(f"\nnbgrader: generate_assignment (7 lessons) {generated - start:.1f} s, "
          f"autograde (three submissions in parallel) {graded_at - generated:.1f} s")
    for student, table in scores.items():
        print(f"  {student}: " + ", ".join(f"{lesson[:2]} {sum(s for s, _ in cells.values()):g}/{sum(m for _, m in cells.values()):g}"
                                          for lesson, cells in sorted(table.items())))
    return SimpleNamespace(root=root, original=original, student=out, teacher=teacher, scores=scores, logs=logs,
                           autograded={student: copy / "autograded" / student for student, (copy, _) in runs.items()})


def autograded(graded, student: str, path: Path):
    target = graded.autograded[student] / path.stem / path.name
    assert target.exists(), f"nbgrader autograde did not grade {path.name} of {student}:\n{graded.logs[student][-3000:]}"
    return read(target)


@needs_nbgrader
def test_the_command_writes_every_lesson_side_by_side(graded):
    assert sorted(p.name for p in graded.student.glob("*.ipynb")) == [p.name for p in LESSONS]
    for path in LESSONS:  # the notebooks nbgrader released, side by side so links between lessons resolve
        assert (graded.student / path.name).read_bytes() == (graded.original / "release" / path.stem / path.name).read_bytes()
        for cell in read(graded.student / path.name).cells:
            for target in re.findall(r"\]\(([^)\s]+\.ipynb)\)", cell.source if cell.cell_type == "markdown" else ""):
                if not target.startswith(("http://", "https://")):
                    assert (graded.student / target).exists(), f"{path.name} links to {target}, not in the student edition"


@needs_nbgrader
def test_a_copied_course_writes_into_itself(graded):
    assert not (graded.original / "autograded").exists() and not (graded.original / "submitted").exists()
    for student, folder in graded.autograded.items():
        assert folder.parent.parent.name == f"course-{student}" and folder.is_dir()


@needs_nbgrader
@pytest.mark.parametrize("path", LESSONS, ids=ids(LESSONS))
def test_the_student_edition_has_no_solution_no_output_and_no_teachers_banner(graded, path):
    lesson_cells = graded.teacher[path.name].cells  # the teacher's edition without its banner
    student = read(graded.student / path.name)
    assert len(student.cells) == len(lesson_cells)
    shown, secret = set(), []  # lines the lesson shows in its other cells are no secret
    for cell in lesson_cells:
        if cell.metadata.get("nbgrader", {}).get("solution"):
            secret += solution_lines(cell.source)
        else:
            shown.update(line.strip() for line in cell.source.splitlines())
    student_lines = {line.strip() for cell in student.cells for line in cell.source.splitlines()}
    leaked = [line for line in secret if line in student_lines and line not in shown]
    assert not leaked, f"{path.name}: solution lines left in the student edition: {leaked}"
    for cell in student.cells:
        for marker in (ex.BEGIN_SOLUTION, ex.END_SOLUTION, course.TEACHER_MARK, "Teacher's edition"):
            assert marker not in cell.source, f"{path.name}: {marker!r} in {cell.source[:80]!r}"
        assert not cell.get("outputs"), f"{path.name}: a stored output would show the answers: {cell.source[:80]!r}"


@needs_nbgrader
@pytest.mark.parametrize("path", LESSONS, ids=ids(LESSONS))
def test_binder_badges_open_the_learners_edition(graded, path):
    text = "\n".join(cell.source for cell in read(graded.student / path.name).cells)
    badges = re.findall(r"https://mybinder\.org/v2/[^)\s\"']+", text)
    assert badges, f"{path.name}: no Binder badge"
    for url in badges:
        assert f"urlpath=lab/tree/notebooks/{path.name}" in url, f"{path.name}: the Binder badge opens {url}"
    assert "teacher/" not in text, f"{path.name}: the student edition points to the teacher's edition"


@needs_nbgrader
@pytest.mark.parametrize("path", GRADED, ids=ids(GRADED))
def test_hidden_tests_leave_the_student_edition_and_come_back_when_grading(graded, path):
    teacher_checks = {c.metadata["nbgrader"]["grade_id"]: c.source for c in support.check_cells(graded.teacher[path.name])}
    student_checks = {c.metadata["nbgrader"]["grade_id"]: c.source for c in support.check_cells(read(graded.student / path.name))}
    graded_checks = {c.metadata["nbgrader"]["grade_id"]: c.source
                     for c in support.check_cells(autograded(graded, "untouched", path))}
    assert set(teacher_checks) == set(student_checks) == set(graded_checks)
    for grade_id, source in teacher_checks.items():
        assert student_checks[grade_id].strip() == ex.remove_hidden_tests(source).strip(), grade_id
        assert ex.BEGIN_HIDDEN not in student_checks[grade_id]
        assert graded_checks[grade_id] == source, f"{path.name} {grade_id}: autograde did not run the teacher's check cell"


@needs_nbgrader
@pytest.mark.parametrize("path", LESSONS, ids=ids(LESSONS))
def test_the_student_edition_runs_up_to_the_first_exercise(graded, path):
    nb = autograded(graded, "untouched", path)
    first = first_exercise_index(nb)
    ran = [cell for cell in nb.cells[:first] if cell.cell_type == "code"]
    assert ran and all(cell.get("execution_count") for cell in ran), f"{path.name}: not every cell was executed"
    for cell in ran:
        assert not errors(cell), f"{path.name}: {cell.source[:80]!r} raised {errors(cell)[0].ename}: {errors(cell)[0].evalue}"


@needs_nbgrader
@pytest.mark.parametrize("path", GRADED, ids=ids(GRADED))
def test_unanswered_exercises_say_your_turn_and_checks_say_not_done_yet(graded, path):
    nb = autograded(graded, "untouched", path)
    answers = checks = 0
    for cell in nb.cells[first_exercise_index(nb):]:
        if cell.cell_type != "code":
            continue
        part = ex.exercise_part(cell)
        raised = errors(cell)
        kind = part[2] if part else None
        if kind == "answer":
            answers += 1
            if raised:  # `name = ...` then the stub: the cell itself says "your turn"
                assert (raised[0].ename, raised[0].evalue) == ("NotImplementedError", ex.YOUR_TURN), cell.source
            else:  # `def f(...)` whose body is the stub: calling it says "your turn"
                assert any(isinstance(node, ast.FunctionDef) for node in ast.parse(cell.source).body), cell.source
        elif kind in ("check", "run"):  # a check, or the prepared cell of a Predict exercise
            checks += kind == "check"
            assert raised, f"{path.name}: {cell.source!r} passed on an unanswered exercise"
            assert raised[0].ename == "NotDoneYet", f"{path.name}: {cell.source!r} crashed: {raised[0].ename}: {raised[0].evalue}"
        else:  # any other code cell among the exercises (the progress line) must run
            assert not raised, f"{path.name}: {cell.source[:80]!r} raised {raised[0].ename}"
    assert answers == checks >= 2


@needs_nbgrader
@pytest.mark.parametrize("path", GRADED, ids=ids(GRADED))
def test_autograde_gives_the_teacher_full_marks_and_an_untouched_edition_zero(graded, path):
    points = support.exercise_points(graded.teacher[path.name])
    for student, expected in (("teacher", points), ("untouched", dict.fromkeys(points, 0.0))):
        autograded(graded, student, path)
        cells = graded.scores[student].get(path.stem, {})
        assert {grade_id: max_score for grade_id, (_, max_score) in cells.items()} == points, \
            f"{path.name}: nbgrader's points per exercise differ from the teacher's edition"
        assert {grade_id: score for grade_id, (score, _) in cells.items()} == expected, f"{path.name}: {student} scored {cells}"


@needs_nbgrader
@pytest.mark.parametrize("path", GRADED, ids=ids(GRADED))
def test_an_answer_cell_that_overrides_its_check_earns_nothing(graded, path):
    nb = autograded(graded, "override", path)
    overrides = [cell for cell in nb.cells if (ex.exercise_part(cell) or ("", 0, ""))[2] == "answer"]
    assert all(support.OVERRIDE in cell.source for cell in overrides)
    cells = graded.scores["override"][path.stem]
    assert {grade_id: score for grade_id, (score, _) in cells.items()} == dict.fromkeys(cells, 0.0), \
        f"{path.name}: an overridden check scored: {cells}"


@needs_nbgrader
@pytest.mark.parametrize("path", GRADED, ids=ids(GRADED))
def test_a_passing_check_gives_nbgrader_no_value_to_read_as_a_score(graded, path):
    log = graded.logs["teacher"]
    parts = re.split(r"Autograding \S+/autograded/teacher/(\S+?)/", log)
    lesson_log = "".join(text for lesson, text in zip(parts[1::2], parts[2::2]) if lesson == path.stem)
    assert lesson_log, f"no autograde log for {path.name}"
    assert "cannot be converted to a float" not in lesson_log
