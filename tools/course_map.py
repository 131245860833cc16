"""The one place that defines the course's lessons, its editions, where the repository lives,
and how long a lesson takes.

Navigation cells, the course map in 00_start_here, the Binder links, the README's lesson table
and the HTML edition are all generated from this file (``python tools/add_navigation.py``).
A fork changes REPOSITORY (and BRANCH) here and re-runs that command.
"""
from __future__ import annotations

import json
import math
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPOSITORY = "https://github.com/neuron-course/how-a-neuron-learns"
BRANCH = "HEAD"

# The two committed editions: the teacher's (the source: solutions, nbgrader markup) and the
# learner's (generated from it by tools/make_learner_edition.py: what README, Binder and the
# course map open).
TEACHER_EDITION = ROOT / "teacher"
LEARNER_EDITION = ROOT / "notebooks"
EDITIONS = (LEARNER_EDITION, TEACHER_EDITION)

# (file, title, what the learner gets from it in one line)
LESSONS = [
    ("00_start_here.ipynb", "Start here", "the course map, and how the notebooks, the sliders and the exercises work"),
    ("01_guessing_vs_learning.ipynb", "Guessing vs. learning",
     "why correcting from the error beats random guessing, and how that becomes gradient descent"),
    ("02_neuron_and_loss.ipynb", "The neuron and its loss",
     "what a neuron computes and how a loss function scores it"),
    ("03_deriving_the_gradient.ipynb", "Deriving the gradient",
     "the slope of the loss from school algebra, and how to check a gradient by nudging"),
    ("04_training_loop.ipynb", "The training loop",
     "the training loop written by you, run, and watched as it fits a line"),
    ("05_learning_rate.ipynb", "The learning rate",
     "why some learning rates crawl, some zig-zag and some blow up, and where the cliff is"),
    ("06_many_inputs.ipynb", "Many inputs, one neuron",
     "a neuron with several inputs, why unscaled features slow it down, and how standardising fixes it"),
]


def binder_url(notebook: str) -> str:
    """A mybinder.org link that opens the learner's edition of ``notebook`` in JupyterLab."""
    owner_repo = REPOSITORY.removeprefix("https://github.com/")
    return f"https://mybinder.org/v2/gh/{owner_repo}/{BRANCH}?urlpath=lab/tree/notebooks/{notebook}"


# ---- how long a lesson takes: one formula --------------------------------------------------------

WORDS_PER_MINUTE = 100        # careful reading of technical prose, formulas included
MINUTES_PER_CODE_CELL = 1.0   # run it, read its output or figure, move a slider
MINUTES_PER_POINT = 4.0       # an exercise's points measure its work: read, write, run the check, fix
MAIN_PATH_END = re.compile(r"^#+\s*(Exercises|Going further)", re.IGNORECASE | re.MULTILINE)
NAVIGATION_MARKS = ("<!--NAVIGATION-->", "<!--TEACHER-EDITION-->")


def stated_minutes(words: int, code_cells: int, points: int) -> int:
    """The time a lesson states: words / 100 per minute + 1 min per main-path code cell + 4 min per
    exercise point (a 1-point prediction takes about 4 minutes, a 2-point function about 8),
    rounded up to the next 5 minutes."""
    minutes = words / WORDS_PER_MINUTE + MINUTES_PER_CODE_CELL * code_cells + MINUTES_PER_POINT * points
    return 5 * math.ceil(minutes / 5)


def prose_words(markdown: str) -> int:
    """Words of prose in markdown: formulas ($...$, $$...$$), HTML tags, code and link targets not counted."""
    text = re.sub(r"\$\$.*?\$\$", " ", markdown, flags=re.DOTALL)
    text = re.sub(r"\$[^$\n]+\$", " ", text)
    text = re.sub(r"```.*?```", " ", text, flags=re.DOTALL)
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r"\]\([^)]*\)", "]", text)
    return sum(1 for token in text.split() if re.search(r"[A-Za-z0-9]", token))


def lesson_measures(notebook: Path) -> dict[str, int]:
    """What the time formula counts in one lesson: the main path's words and code cells (from the
    top to the first heading "Exercises" or "Going further"), all words, the exercises and their
    points (from the prompt headings, "### Exercise K · Kind · P points: title")."""
    cells = json.loads(Path(notebook).read_text(encoding="utf-8"))["cells"]
    measures = {"main_path_words": 0, "main_path_code_cells": 0, "all_words": 0, "exercises": 0, "points": 0}
    in_main_path = True
    for cell in cells:
        source = "".join(cell["source"])
        if any(source.startswith(mark) for mark in NAVIGATION_MARKS):
            continue
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id", "")
        if grade_id.endswith("_prompt"):
            measures["exercises"] += 1
            points = re.search(r"· (\d+) points?:", source)
            measures["points"] += int(points[1]) if points else 0
        if cell["cell_type"] == "markdown":
            if in_main_path and MAIN_PATH_END.search(source):
                head = source[:MAIN_PATH_END.search(source).start()]
                measures["main_path_words"] += prose_words(head)
                in_main_path = False
            elif in_main_path:
                measures["main_path_words"] += prose_words(source)
            measures["all_words"] += prose_words(source)
        elif cell["cell_type"] == "code" and in_main_path:
            measures["main_path_code_cells"] += 1
    return measures


def lesson_minutes(notebook: str) -> int:
    """The stated time of a lesson (by its file name), measured on the teacher's edition."""
    m = lesson_measures(TEACHER_EDITION / notebook)
    return stated_minutes(m["main_path_words"], m["main_path_code_cells"], m["points"])
