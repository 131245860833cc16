"""Write the navigation cells of every lesson from tools/course_map.py.

Each lesson gets a top cell (course map | previous | next | launch on Binder) and the same
links at the bottom; 00_start_here gets the table of lessons. Cells are found by their
``<!--NAVIGATION-->`` / ``<!--COURSE-MAP-->`` marker and rewritten, so running this twice
changes nothing. ``--check`` only reports notebooks whose navigation is out of date.

    python tools/add_navigation.py [--check]
"""
from __future__ import annotations

import sys
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent))
from course_map import LESSONS, binder_url  # noqa: E402

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
NAV_MARK = "<!--NAVIGATION-->"
MAP_MARK = "<!--COURSE-MAP-->"


def navigation_line(index: int) -> str:
    """'Course map | < previous | next > | launch on Binder' for lesson number ``index``."""
    name = LESSONS[index][0]
    parts = ["[Course map](00_start_here.ipynb)"] if index > 0 else []
    if index > 0:
        prev_file, prev_title = LESSONS[index - 1][:2]
        parts.append(f"[&lt; {index - 1:02d} {prev_title}]({prev_file})")
    if index + 1 < len(LESSONS):
        next_file, next_title = LESSONS[index + 1][:2]
        parts.append(f"[{index + 1:02d} {next_title} &gt;]({next_file})")
    parts.append(f"[![Launch on Binder](https://mybinder.org/badge_logo.svg)]({binder_url(name)})")
    return f"{NAV_MARK}\n" + " | ".join(parts)


def course_map_table() -> str:
    rows = ["| # | Lesson | You will learn | Time |", "|---|---|---|---|"]
    for i, (name, title, summary, minutes) in enumerate(LESSONS[1:], start=1):
        rows.append(f"| {i} | [{title}]({name}) | {summary} | {minutes} min |")
    total = sum(minutes for *_, minutes in LESSONS[1:])
    return f"{MAP_MARK}\n" + "\n".join(rows) + f"\n\nAll lessons together: about {total // 60} h {total % 60} min."


def updated(nb, index: int):
    cells = [c for c in nb.cells if not c.source.startswith(NAV_MARK)]
    nav = navigation_line(index)
    cells = [nbformat.v4.new_markdown_cell(nav)] + cells + [nbformat.v4.new_markdown_cell(nav)]
    if index == 0:
        for cell in cells:
            if cell.cell_type == "markdown" and MAP_MARK in cell.source:
                cell.source = "## The course map\n" + course_map_table()
    for cell in cells:
        if cell.source.startswith(NAV_MARK) or MAP_MARK in cell.source:
            cell.metadata = {"editable": False, "deletable": False}
    nb.cells = cells
    return nb


def main(check: bool) -> int:
    stale = []
    for index, (name, *_rest) in enumerate(LESSONS):
        path = NOTEBOOKS / name
        if not path.exists():
            continue
        nb = nbformat.read(path, as_version=4)
        before = [(c.cell_type, c.source) for c in nb.cells]
        nb = updated(nb, index)
        if before != [(c.cell_type, c.source) for c in nb.cells]:
            stale.append(name)
            if not check:
                for cell in nb.cells:
                    if "id" not in cell:
                        cell["id"] = f"nav-{'top' if cell is nb.cells[0] else 'bottom' if cell is nb.cells[-1] else 'map'}"
                nbformat.write(nb, path)
    if check and stale:
        print("navigation out of date in:", ", ".join(stale), "- run: python tools/add_navigation.py")
        return 1
    print("updated:" if not check else "up to date", ", ".join(stale) if not check else "")
    return 0


if __name__ == "__main__":
    sys.exit(main("--check" in sys.argv))
