"""Run notebooks top to bottom in a fresh kernel and store them with their outputs.

    python tools/execute_notebooks.py [teacher/NAME.ipynb ...]   (default: every teacher's-edition lesson)

Execution counts come out 1, 2, 3, ...; widget state is *not* stored (each explorer keeps
its static picture instead, see lessons_lib.widgets), so stored notebooks stay small and
nbval compares the same text every time. The learner's edition is executed by
tools/make_learner_edition.py, which calls ``execute`` with errors allowed.
"""
from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

sys.path.insert(0, str(Path(__file__).resolve().parent))
from course_map import TEACHER_EDITION  # noqa: E402


def execute(nb, folder: Path, allow_errors: bool = False):
    """Execute ``nb`` in a fresh kernel whose working directory is ``folder``; returns it with outputs."""
    client = NotebookClient(nb, timeout=600, kernel_name="python3", allow_errors=allow_errors, record_timing=False,
                            resources={"metadata": {"path": str(folder)}})
    client.store_widget_state = False
    client.execute()
    nb.metadata.pop("widgets", None)
    return nb


def execute_file(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    nbformat.write(execute(nb, path.parent), path)
    print(f"executed {path.parent.name}/{path.name}")


if __name__ == "__main__":
    paths = [Path(p) for p in sys.argv[1:]] or sorted(TEACHER_EDITION.glob("[0-9][0-9]_*.ipynb"))
    for p in paths:
        execute_file(p.resolve())
