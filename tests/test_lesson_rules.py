"""The rules every lesson keeps (CONTRIBUTING.md), measured on the teacher's edition: the time
budget and the stated time, short cells, the three kinds of exercise, checks that load afresh,
the progress line, and the sources named by their titles."""
from __future__ import annotations

import re
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import exercise_cells as ex  # noqa: E402
from course_map import LESSONS, TEACHER_EDITION, lesson_measures, lesson_minutes  # noqa: E402

NAMES = [name for name, *_ in LESSONS]
MAIN_PATH_WORDS = 1600
CELL_LINES = 15
CHECK_CELL = re.compile(r'from lessons_lib\.exercises import fresh_checks\n'
                        r'fresh_checks\("(?P<lesson>\d\d)"\)\.check_\w+\(.*\)')


def cells(name: str):
    return nbformat.read(TEACHER_EDITION / name, as_version=4).cells


@pytest.mark.parametrize("name", NAMES)
def test_the_main_path_fits_the_word_budget(name):
    words = lesson_measures(TEACHER_EDITION / name)["main_path_words"]
    assert words <= MAIN_PATH_WORDS, f"{name}: {words} main-path words (at most {MAIN_PATH_WORDS})"


@pytest.mark.parametrize("name", NAMES)
def test_the_lesson_states_the_time_the_formula_gives(name):
    minutes = lesson_minutes(name)
    text = "\n".join(c.source for c in cells(name) if c.cell_type == "markdown")
    assert f"**Time:** about {minutes} minutes" in text, f"{name}: should state '**Time:** about {minutes} minutes'"


@pytest.mark.parametrize("name", NAMES)
def test_lesson_cells_are_short_unless_they_are_the_point(name):
    for cell in cells(name):
        if cell.cell_type != "code" or ex.exercise_part(cell) or "the-point" in cell.metadata.get("tags", []):
            continue
        lines = [line for line in cell.source.splitlines() if line.strip()]
        assert len(lines) <= CELL_LINES, f"{name}: a {len(lines)}-line cell: {cell.source[:70]!r}"


@pytest.mark.parametrize("name", NAMES)
def test_every_lesson_has_a_predict_an_implement_and_a_transfer_exercise(name):
    kinds, points = [], {}
    for cell in cells(name):
        part = ex.exercise_part(cell)
        if part and part[2] == "prompt":
            heading = ex.PROMPT_HEADING.match(cell.source)
            assert heading, f"{name}: prompt heading {cell.source.splitlines()[0]!r} is not '### Exercise K · Kind · P points: title'"
            assert int(heading["number"]) == part[1]
            kinds.append(heading["kind"])
            points[part[1]] = int(heading["points"])
        if part and part[2] == "check":
            assert cell.metadata["nbgrader"].get("points") == points.get(part[1]), \
                f"{name}: exercise {part[1]}'s check is worth {cell.metadata['nbgrader'].get('points')} points, its prompt says {points.get(part[1])}"
    assert set(kinds) == set(ex.KINDS), f"{name}: exercise kinds {kinds}"


@pytest.mark.parametrize("name", NAMES)
def test_check_cells_load_the_checks_afresh_and_hidden_tests_exist(name):
    lesson = name[:2]
    hidden = 0
    for cell in cells(name):
        part = ex.exercise_part(cell)
        if not part or part[2] != "check":
            continue
        public = ex.remove_hidden_tests(cell.source).strip()
        match = CHECK_CELL.fullmatch(public)
        assert match and match["lesson"] == lesson, f"{name}: check cell {public!r}"
        if ex.BEGIN_HIDDEN in cell.source:
            hidden_block = cell.source.split(ex.BEGIN_HIDDEN, 1)[1].split(ex.END_HIDDEN, 1)[0]
            assert f'in_fresh_process("{lesson}", "check_' in hidden_block, \
                f"{name}: hidden tests must grade in a fresh process: {hidden_block.strip()!r}"
            hidden += 1
    if lesson != "00":
        assert hidden >= 1, f"{name}: no exercise has hidden tests for grading"


@pytest.mark.parametrize("name", NAMES)
def test_the_exercises_sit_at_the_end_and_the_progress_line_closes_the_lesson(name):
    nb_cells = cells(name)
    parts = [i for i, c in enumerate(nb_cells) if ex.exercise_part(c)]
    code = [c for c in nb_cells if c.cell_type == "code"]
    assert code[-1].source.strip() == f'from lessons_lib.exercises import progress\nprogress.report("{name[:2]}")'
    headings = [i for i, c in enumerate(nb_cells) if c.cell_type == "markdown" and re.search(r"^## Exercises", c.source, re.M)]
    assert headings and all(i > headings[0] for i in parts), f"{name}: exercises must follow the '## Exercises' heading"


@pytest.mark.parametrize("name", NAMES)
def test_sources_are_named_by_their_titles(name):
    for cell in cells(name):
        if cell.cell_type == "markdown":
            assert not re.search(r"(?i)\b(seed|article) 00\d", cell.source), f"{name}: {cell.source[:80]!r}"
