"""How an exercise is laid out in the teacher's edition, in one place for every tool and test.

Every exercise K of lesson NN is a run of cells whose nbgrader ``grade_id`` is ``lNN_exK_<part>``:

- ``prompt`` (markdown, locked): "### Exercise K · Predict|Implement|Transfer · P point(s): title";
- ``answer`` (code): placeholder lines, then the solution between ``### BEGIN SOLUTION`` and
  ``### END SOLUTION`` (the learner's and the nbgrader edition replace it with ``CODE_STUB``);
- ``run`` (code, locked, optional, for Predict): the prepared cell whose result the learner
  predicted; it starts with ``require_prediction(...)`` so it shows nothing before a prediction;
- ``check`` (code, locked, graded, P points): ``fresh_checks("NN").check_...(answer)``,
  optionally followed by ``### BEGIN HIDDEN TESTS`` ... ``### END HIDDEN TESTS``;
- ``hint`` (markdown, locked, optional): ``<details><summary>Hint</summary> ... </details>``.
"""
from __future__ import annotations

import re
import textwrap

GRADE_ID = re.compile(r"l(?P<lesson>\d\d)_ex(?P<number>\d+)_(?P<part>prompt|answer|run|check|hint)")
PARTS = ("prompt", "answer", "run", "check", "hint")
KINDS = ("Predict", "Implement", "Transfer")
PROMPT_HEADING = re.compile(r"^### Exercise (?P<number>\d+) · (?P<kind>Predict|Implement|Transfer) · "
                            r"(?P<points>\d+) points?: \S")

# What an unanswered answer cell runs: Run All stops here, and the check below says "not done yet".
YOUR_TURN = "Your turn: replace this line with your answer, run this cell, then run the cells below it."
CODE_STUB = f'raise NotImplementedError("{YOUR_TURN}")'

BEGIN_SOLUTION, END_SOLUTION = "### BEGIN SOLUTION", "### END SOLUTION"
BEGIN_HIDDEN, END_HIDDEN = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"
PLACEHOLDER = re.compile(r"^\s*\w+\s*=\s*(\.\.\.|None)\s*(#.*)?$")


def exercise_part(cell) -> tuple[str, int, str] | None:
    """(lesson, exercise number, part) of an exercise cell, else None."""
    match = GRADE_ID.fullmatch(cell.get("metadata", {}).get("nbgrader", {}).get("grade_id", ""))
    return (match["lesson"], int(match["number"]), match["part"]) if match else None


def replace_solution(source: str, stub: str = CODE_STUB) -> str:
    """The answer cell with its solution region replaced by ``stub`` at the region's indentation."""
    lines, inside = [], False
    for line in source.split("\n"):
        if BEGIN_SOLUTION in line:
            inside = True
            indent = line[: len(line) - len(line.lstrip())]
            lines.extend(indent + stub_line for stub_line in stub.split("\n"))
        elif END_SOLUTION in line:
            inside = False
        elif not inside:
            lines.append(line)
    return "\n".join(lines)


def solution_code(source: str) -> str:
    """The answer cell as the learner should see it in the collapsed solution: the marker lines
    and the placeholder assignments (``x = ...``) outside the solution region removed."""
    lines, inside = [], False
    for line in source.split("\n"):
        if BEGIN_SOLUTION in line:
            inside = True
        elif END_SOLUTION in line:
            inside = False
        elif inside or not PLACEHOLDER.match(line):
            lines.append(line)
    return textwrap.dedent("\n".join(lines)).strip("\n")


def remove_hidden_tests(source: str) -> str:
    """A check cell without its hidden tests (the learner's edition never shows them)."""
    lines, inside = [], False
    for line in source.split("\n"):
        if BEGIN_HIDDEN in line:
            inside = True
        elif END_HIDDEN in line:
            inside = False
        elif not inside:
            lines.append(line)
    return "\n".join(lines).rstrip("\n")
