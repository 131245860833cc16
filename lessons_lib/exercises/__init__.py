"""The exercises' self-checks: one module per lesson (lesson01.py ... lesson06.py), built on
``framework.py``; ``progress.py`` keeps the one-line report at the end of each lesson.

A check cell loads the checks afresh before it uses them, so nothing an answer cell did to them
(``checks.check_x = lambda v: "ok"``) counts::

    from lessons_lib.exercises import fresh_checks
    fresh_checks("04").check_train(train)
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

    importlib.reload(framework)
    module = importlib.import_module(f"{__name__}.lesson{lesson}")
    return importlib.reload(module)


from .framework import require_prediction  # noqa: E402  (the prepared cell of a Predict exercise calls it)

__all__.append("require_prediction")
