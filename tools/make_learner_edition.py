"""Write the learner's edition (notebooks/) from the teacher's edition (teacher/).

    python tools/make_learner_edition.py [NN_name.ipynb ...]     # rebuild and execute (default: all)
    python tools/make_learner_edition.py --check                  # only report stale notebooks

The learner's edition is what README, Binder and the course map open. From each teacher's
notebook it
- drops the teacher's banner and the nbgrader markup;
- replaces each answer's solution region with the "your turn" stub (``exercise_cells.CODE_STUB``);
- removes the hidden tests from the check cells and locks the check and prepared cells;
- adds, after each exercise's check (and hint), the full solution in a collapsed
  ``<details>`` block that JupyterLab, GitHub and the web edition render closed until clicked;
- executes the notebook top to bottom in a fresh kernel, errors allowed, and stores the
  outputs: lesson cells keep their figures and numbers, unanswered exercises store their
  "not done yet" errors (nbval accepts them by their cell ids, see conftest.py), and the build
  fails if a cell that is not part of an exercise raised, or a check passed on the stub.
"""
from __future__ import annotations

import argparse
import copy
import re
import sys
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent))
import exercise_cells as ex  # noqa: E402
from course_map import LEARNER_EDITION, LESSONS, TEACHER_EDITION  # noqa: E402

TEACHER_MARK = "<!--TEACHER-EDITION-->"
RAISES = "raises-exception"
EXERCISE_CODE_ID = re.compile(r"l\d\d_ex\d+_(answer|run|check)")
LOCKED = {"editable": False, "deletable": False}


def solution_cell(lesson: str, number: int, code: str):
    text = ("<details><summary><b>Solution</b> (open it once you have tried)</summary>\n\n"
            f"```python\n{code}\n```\n\n</details>")
    cell = nbformat.v4.new_markdown_cell(text)
    cell.id = f"l{lesson}_ex{number}_solution"
    cell.metadata = dict(LOCKED)
    return cell


def learner_cells(teacher_nb) -> list:
    """The learner's edition's cells (sources and metadata, no outputs) of one teacher's notebook."""
    cells, solutions = [], {}
    for cell in teacher_nb.cells:
        if cell.cell_type == "markdown" and cell.source.startswith(TEACHER_MARK):
            continue
        cell = copy.deepcopy(cell)
        part = ex.exercise_part(cell)
        metadata = {key: value for key, value in cell.metadata.items() if key != "nbgrader"}
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
            metadata["tags"] = [tag for tag in metadata.get("tags", []) if tag != RAISES]
            if not metadata["tags"]:
                del metadata["tags"]
        if part:
            lesson, number, kind = part
            cell.id = f"l{lesson}_ex{number}_{kind}"
            if kind == "answer":
                solutions[(lesson, number)] = ex.solution_code(cell.source)
                cell.source = ex.replace_solution(cell.source)
            elif kind == "check":
                cell.source = ex.remove_hidden_tests(cell.source)
            if kind in ("prompt", "run", "check", "hint"):
                metadata.update(LOCKED)
        cell.metadata = metadata
        cells.append((part, cell))
    # the solution goes after the exercise's last cell (its hint, or else its check)
    out = []
    for i, (part, cell) in enumerate(cells):
        out.append(cell)
        if part and part[2] in ("check", "hint"):
            following = cells[i + 1][0] if i + 1 < len(cells) else None
            if not (following and following[:2] == part[:2] and following[2] == "hint"):
                out.append(solution_cell(part[0], part[1], solutions[part[:2]]))
    return out


def learner_notebook(teacher_nb):
    nb = copy.deepcopy(teacher_nb)
    nb.cells = learner_cells(teacher_nb)
    nb.metadata.pop("nbgrader", None)
    nb.metadata.pop("widgets", None)
    return nb


def comparable(nb) -> list[tuple]:
    """What must agree between a committed learner's notebook and a fresh build: cell types,
    ids, sources and tags (outputs are nbval's business)."""
    return [(c.cell_type, c.get("id"), c.source, sorted(c.metadata.get("tags", []))) for c in nb.cells]


def refuse_wrong_errors(nb, name: str) -> None:
    """Refuse a build in which a lesson cell raised, or a check passed on the unanswered stub.

    The exercise cells that raise are *not* tagged ``raises-exception``: JupyterLab 4 does not
    stop Run All at a cell with that tag, and the learner's Run All must stop at the first blank
    exercise. nbval recognises them by their ids instead (conftest.py).
    """
    problems = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        raised = any(output.output_type == "error" for output in cell.outputs)
        is_exercise = EXERCISE_CODE_ID.fullmatch(cell.get("id", "")) is not None
        if raised and not is_exercise:
            problems.append(f"a lesson cell raised (id {cell.id}): {cell.source[:80]!r}")
        elif not raised and is_exercise and cell.id.endswith("_check"):
            problems.append(f"check {cell.id} passed although its exercise is unanswered")
    if problems:
        raise SystemExit(f"{name}: the learner's edition is not right:\n  " + "\n  ".join(problems))


def build(name: str, execute: bool = True) -> Path:
    from execute_notebooks import execute as run_notebook

    teacher_nb = nbformat.read(TEACHER_EDITION / name, as_version=4)
    nb = learner_notebook(teacher_nb)
    target = LEARNER_EDITION / name
    if execute:
        run_notebook(nb, LEARNER_EDITION, allow_errors=True)
        refuse_wrong_errors(nb, name)
    nbformat.write(nb, target)
    return target


def stale(names: list[str]) -> list[str]:
    """The learner's notebooks whose cells do not match a fresh build from the teacher's edition."""
    out = []
    for name in names:
        target = LEARNER_EDITION / name
        fresh = learner_notebook(nbformat.read(TEACHER_EDITION / name, as_version=4))
        if not target.exists() or comparable(nbformat.read(target, as_version=4)) != comparable(fresh):
            out.append(name)
    return out


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", help="lesson files, e.g. 04_training_loop.ipynb (default: all)")
    parser.add_argument("--check", action="store_true", help="only report learner's notebooks that are stale")
    args = parser.parse_args(argv)
    names = [Path(n).name for n in args.notebooks] or [name for name, *_ in LESSONS]
    if args.check:
        out_of_date = stale(names)
        if out_of_date:
            print("stale learner's edition:", ", ".join(out_of_date), "- run: python tools/make_learner_edition.py")
            return 1
        print("learner's edition up to date")
        return 0
    LEARNER_EDITION.mkdir(exist_ok=True)
    for name in names:
        build(name)
        print(f"wrote notebooks/{name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
