"""What the nbgrader tests (test_student_edition, test_teaching_recipe) share: reading the
teacher's exercises, writing a student's answers, and the cheat of overriding a check."""
from __future__ import annotations

import re
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import exercise_cells as ex  # noqa: E402

# A check cell's public call: `fresh_checks("04").check_train(train)` (the new cells) or
# `checks.check_train(train)` (the cells before issue 11).
NEW_CHECK = re.compile(r'fresh_checks\(["\'](?P<lesson>\d\d)["\']\)\.(?P<check>check_\w+)\((?P<answer>.*)\)')
OLD_CHECK = re.compile(r'(?<![\w.])checks\.(?P<check>check_\w+)\((?P<answer>.*)\)')


OVERRIDE = "lambda *answers, **options: 'ok'"  # what the cheat puts in place of a check


def read(path: Path):
    return nbformat.read(path, as_version=4)


def part_of(cell) -> tuple[str, int, str] | None:
    return ex.exercise_part(cell)


def check_cells(nb) -> list:
    return [cell for cell in nb.cells if (part_of(cell) or ("", 0, ""))[2] == "check"]


def exercise_points(nb) -> dict[str, float]:
    """{check grade_id: points} of a teacher's notebook, in order."""
    return {cell.metadata["nbgrader"]["grade_id"]: float(cell.metadata["nbgrader"].get("points", 0))
            for cell in check_cells(nb)}


def teachers_answer(source: str) -> str:
    """An answer cell as a student who got it right would leave it: the teacher's solution
    without nbgrader's markers."""
    return "\n".join(line for line in source.split("\n") if ex.BEGIN_SOLUTION not in line and ex.END_SOLUTION not in line)


def override_lines(check_source: str) -> str:
    """Lines an answer cell can run to make its check pass without a right answer: the cheat the
    teacher trial saw (``checks.check_x = lambda value: "ok"``, here taking any answers) and a
    patch of the framework every check is built on. A check cell that loads its checks afresh
    ignores both."""
    new = NEW_CHECK.search(check_source)
    if new:
        return (f"from lessons_lib.exercises import framework, lesson{new['lesson']} as checks\n"
                f"checks.{new['check']} = {OVERRIDE}\n"
                "framework.exercise = lambda lesson, number: (lambda check: (lambda *args, **kwargs: print('✔ ok')))\n")
    old = OLD_CHECK.search(check_source)
    assert old, f"no check call in {check_source!r}"
    return f"checks.{old['check']} = {OVERRIDE}\n"


def answered(nb, answers: dict[str, str], checks: dict[str, str] | None = None):
    """``nb`` with the answer cells named in ``answers`` ({answer grade_id: source}) and the check
    cells named in ``checks`` ({check grade_id: source}, a tampered check) replaced."""
    nb = nbformat.from_dict(nb)
    replace = {**answers, **(checks or {})}
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in replace:
            cell.source = replace[grade_id]
    return nb
