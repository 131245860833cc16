"""Run notebooks top to bottom in a fresh kernel and store them with their outputs.

    python tools/execute_notebooks.py [notebooks/NAME.ipynb ...]   (default: all of notebooks/)

Execution counts come out 1, 2, 3, ...; widget state is *not* stored (each explorer keeps
its static picture instead, see lessons_lib.widgets), so stored notebooks stay small and
nbval compares the same text every time.
"""
from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"


def execute(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}})
    client.store_widget_state = False
    client.execute()
    nb.metadata.pop("widgets", None)
    nbformat.write(nb, path)
    print(f"executed {path.name}")


if __name__ == "__main__":
    paths = [Path(p) for p in sys.argv[1:]] or sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
    for p in paths:
        execute(p.resolve())
