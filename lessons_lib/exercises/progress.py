"""Which exercises of which lesson passed in this kernel, and the one-line report at a lesson's end.

The checks (``lessons_lib.exercises.framework.exercise``) record every result here. This module
is never reloaded by ``fresh_checks``, so the record survives the reloading of the checks.
It only informs the learner; grading (nbgrader) looks at whether the check cells raised.
"""
from __future__ import annotations

import importlib

_results: dict[tuple[str, int], bool] = {}  # (lesson, exercise number) -> passed at its last run


def record(lesson: str, number: int, passed: bool | None) -> None:
    """Remember how the last run of exercise ``number`` of ``lesson`` ended: passed (True),
    not right yet (False) or not attempted (None, which forgets an earlier result)."""
    if passed is None:
        _results.pop((lesson, number), None)
    else:
        _results[(lesson, number)] = passed


def forget(lesson: str | None = None) -> None:
    """Forget the results of one lesson (or of all lessons)."""
    for key in [key for key in _results if lesson is None or key[0] == lesson]:
        del _results[key]


def summary(lesson: str) -> str:
    """One line: how many of the lesson's exercises passed, and the state of each.

    ✔ passed at its last run, ✘ tried but not passed yet, · not tried in this kernel.
    """
    exercises = importlib.import_module(f"{__package__}.lesson{lesson}").EXERCISES
    marks, done = [], 0
    for number, kind in exercises.items():
        state = _results.get((lesson, number))
        done += state is True
        marks.append(f"{'✔' if state else '✘' if state is False else '·'} {number} {kind}")
    return f"Lesson {lesson}: {done} of {len(exercises)} exercises done ({', '.join(marks)})."


def report(lesson: str) -> None:
    """Print ``summary(lesson)``: the last cell of every lesson calls this."""
    print(summary(lesson))
