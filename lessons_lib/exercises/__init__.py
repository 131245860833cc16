"""The exercises' self-checks: one module per lesson (lesson01.py ... lesson06.py), built on
``framework.py``; ``progress.py`` keeps the one-line report at the end of each lesson.

A check cell loads the checks afresh before it uses them, so nothing an answer cell did to them
(``checks.check_x = lambda v: "ok"``) counts::

    from lessons_lib.exercises import fresh_checks
    fresh_checks("04").check_train(train)

nbgrader's hidden tests grade in a new Python process, out of reach of anything a cell did to
the kernel::

    from lessons_lib.exercises import in_fresh_process
    in_fresh_process("04", "check_train", train, hidden=True)
"""
from __future__ import annotations

import importlib
from types import ModuleType

__all__ = ["fresh_checks"]


def fresh_checks(lesson: str) -> ModuleType:
    """Lesson ``lesson``'s checks ("01" ... "06"), loaded anew from their files.

    The shared framework is reloaded first and then the lesson's module, so a check never runs
    code that a notebook cell replaced. (The progress record is kept: it is not reloaded.)
    """
    from . import framework

    framework.refuse_tampering()  # a replaced importlib.reload would hand back the old checks
    importlib.reload(framework)
    module = importlib.import_module(f"{__name__}.lesson{lesson}")
    return importlib.reload(module)


from .framework import in_fresh_process, require_prediction  # noqa: E402  (hidden tests; Predict's prepared cell)

__all__ += ["in_fresh_process", "require_prediction"]
