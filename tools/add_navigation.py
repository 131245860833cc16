"""Write the navigation cells of every teacher's-edition lesson from tools/course_map.py.

Each lesson gets a top cell (course map | previous | next | launch on Binder), the teacher's
banner under it, and the same links at the bottom; 00_start_here gets the table of lessons with
their times (from the one formula in course_map.py). Cells are found by their markers and
rewritten, so running this twice changes nothing. ``--check`` only reports stale notebooks.
The learner's edition copies these cells (tools/make_learner_edition.py drops the banner).

    python tools/add_navigation.py [--check] [NN_name.ipynb ...]   (default: every lesson)
"""
from __future__ import annotations

import sys
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent))
from course_map import LESSONS, ROOT, TEACHER_EDITION, binder_url, lesson_measures, lesson_minutes  # noqa: E402

NAV_MARK = "<!--NAVIGATION-->"
MAP_MARK = "<!--COURSE-MAP-->"
TABLE_START, TABLE_END = "<!--LESSON-TABLE-->", "<!--/LESSON-TABLE-->"
GUIDES = ("README.md", "TEACHING.md")  # pages with the lesson table between TABLE_START and TABLE_END
TEACHER_MARK = "<!--TEACHER-EDITION-->"
TEACHER_BANNER = (f"{TEACHER_MARK}\n**Teacher's edition**: every exercise is solved and marked up for nbgrader. "
                  "Learners open the same lesson in `notebooks/`, the learner's edition made from this one by "
                  "`python tools/make_learner_edition.py`; see TEACHING.md.")


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


def lesson_table(link_prefix: str = "") -> str:
    """The lessons with their one-line summaries and stated times, as a markdown table."""
    rows = ["| # | Lesson | You will learn | Time |", "|---|---|---|---|"]
    total = 0
    for i, (name, title, summary) in enumerate(LESSONS[1:], start=1):
        minutes = lesson_minutes(name)
        total += minutes
        rows.append(f"| {i} | [{title}]({link_prefix}{name}) | {summary} | {minutes} min |")
    return "\n".join(rows) + f"\n\nLessons 1–{len(LESSONS) - 1} together: about {total // 60} h {total % 60} min."


def guide_table() -> str:
    """The lesson table of README.md and TEACHING.md: every lesson (00 too) with its exercises'
    points and its stated time, linked to the learner's edition."""
    rows = ["| # | Lesson | You will learn | Exercises | Time |", "|---|---|---|---|---|"]
    total = 0
    for i, (name, title, summary) in enumerate(LESSONS):
        measures = lesson_measures(TEACHER_EDITION / name)
        minutes = lesson_minutes(name)
        total += minutes
        practice = " (practice)" if i == 0 else ""
        rows.append(f"| {i} | [{title}](notebooks/{name}) | {summary} | "
                    f"{measures['exercises']}{practice}, {measures['points']} points | {minutes} min |")
    return "\n".join(rows) + f"\n\nAll {len(LESSONS)} lessons together, the start page included: about {total // 60} h {total % 60} min."


def updated_guide(text: str) -> str:
    """``text`` with the lesson table between its markers rewritten."""
    head, rest = text.split(TABLE_START, 1)
    _, tail = rest.split(TABLE_END, 1)
    return f"{head}{TABLE_START}\n{guide_table()}\n{TABLE_END}{tail}"


def updated(nb, index: int):
    cells = [c for c in nb.cells if not (c.source.startswith(NAV_MARK) or c.source.startswith(TEACHER_MARK))]
    nav = navigation_line(index)
    cells = ([nbformat.v4.new_markdown_cell(nav), nbformat.v4.new_markdown_cell(TEACHER_BANNER)] + cells
             + [nbformat.v4.new_markdown_cell(nav)])
    if index == 0:
        for cell in cells:
            if cell.cell_type == "markdown" and MAP_MARK in cell.source:
                cell.source = f"## The course map\n{MAP_MARK}\n" + lesson_table()
    for cell in cells:
        if cell.source.startswith((NAV_MARK, TEACHER_MARK)) or MAP_MARK in cell.source:
            cell.metadata = {"editable": False, "deletable": False}
    nb.cells = cells
    return nb


def main(check: bool, only: list[str]) -> int:
    stale = []
    for index, (name, *_rest) in enumerate(LESSONS):
        path = TEACHER_EDITION / name
        if not path.exists() or (only and name not in only):
            continue
        nb = nbformat.read(path, as_version=4)
        before = [(c.cell_type, c.source) for c in nb.cells]
        nb = updated(nb, index)
        if before != [(c.cell_type, c.source) for c in nb.cells]:
            stale.append(name)
            if not check:
                cell_ids = {"nav-top": nb.cells[0], "teacher-banner": nb.cells[1], "nav-bottom": nb.cells[-1]}
                for cell_id, cell in cell_ids.items():
                    cell["id"] = cell_id
                for cell in nb.cells:
                    if "id" not in cell:
                        cell["id"] = "course-map"
                nbformat.write(nb, path)
    if not only:
        for guide in GUIDES:
            path = ROOT / guide
            text = path.read_text(encoding="utf-8")
            if TABLE_START not in text:
                continue
            if updated_guide(text) != text:
                stale.append(guide)
                if not check:
                    path.write_text(updated_guide(text), encoding="utf-8")
    if check and stale:
        print("navigation out of date in:", ", ".join(stale), "- run: python tools/add_navigation.py")
        return 1
    print("updated:" if not check else "up to date", ", ".join(stale) if not check else "")
    return 0


if __name__ == "__main__":
    sys.exit(main("--check" in sys.argv, [Path(a).name for a in sys.argv[1:] if a != "--check"]))
