"""pytest settings for the whole repository.

The learner's edition (notebooks/) stores the errors its blank exercises raise ("Your turn",
"Not done yet"). nbval must accept those cells, but they cannot carry nbval's `raises-exception`
tag: JupyterLab 4 honours that tag by *not* stopping "Run All" at such a cell, and a learner's
Run All must stop at the first unanswered exercise. So the cells are recognised here instead, by
the ids tools/make_learner_edition.py gives exercise cells (lNN_exK_answer / _run / _check), and
only in notebooks/: a teacher's-edition cell that raises still fails.
"""
from __future__ import annotations

import re
from pathlib import Path

EXERCISE_CODE_ID = re.compile(r"l\d\d_ex\d+_(answer|run|check)")
LEARNER_EDITION = Path(__file__).resolve().parent / "notebooks"


def pytest_collection_modifyitems(config, items):
    for item in items:
        cell = getattr(item, "cell", None)
        if cell is None or not hasattr(item, "options") or Path(item.path).parent != LEARNER_EDITION:
            continue
        if EXERCISE_CODE_ID.fullmatch(cell.get("id", "")):
            item.options["check_exception"] = True
