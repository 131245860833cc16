"""The teacher's guide stays in step with the course: TEACHING.md links every lesson's notes
(teaching/NN_name.md), and each lesson's notes answer every exercise the lesson has, by the title
its prompt gives. (The lesson table in TEACHING.md and README.md is generated and checked by
tools/add_navigation.py, see tests/test_navigation.py.)"""
import re
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import exercise_cells as ex  # noqa: E402
from course_map import LESSONS, TEACHER_EDITION  # noqa: E402

GUIDE = (ROOT / "TEACHING.md").read_text(encoding="utf-8")
NOTES = ROOT / "teaching"


def prompts(name: str) -> list[re.Match]:
    cells = nbformat.read(TEACHER_EDITION / name, as_version=4).cells
    return [ex.PROMPT_HEADING.match(c.source) for c in cells if (ex.exercise_part(c) or ("", 0, ""))[2] == "prompt"]


@pytest.mark.parametrize("index, name, title", [(i, name, title) for i, (name, title, _) in enumerate(LESSONS)])
def test_every_lesson_has_notes_linked_from_the_guide(index, name, title):
    notes = NOTES / name.replace(".ipynb", ".md")
    assert notes.exists(), f"no teacher's notes for {name}: write {notes.relative_to(ROOT)}"
    assert f"(teaching/{notes.name})" in GUIDE, f"TEACHING.md does not link teaching/{notes.name}"
    first = notes.read_text(encoding="utf-8").lstrip().splitlines()[0]
    assert first == f"# Lesson {index}: {title}", f"{notes.name} starts with {first!r}"


@pytest.mark.parametrize("name", [name for name, *_ in LESSONS])
def test_the_notes_answer_every_exercise_by_its_title(name):
    text = (NOTES / name.replace(".ipynb", ".md")).read_text(encoding="utf-8")
    found = prompts(name)
    assert found and all(found), f"{name}: exercise prompts without the '### Exercise K · Kind · P points: title' heading"
    for heading in found:
        line = heading.string.splitlines()[0].removeprefix("### ").strip().rstrip(".")
        assert line in text, f"teaching/{name.replace('.ipynb', '.md')} does not answer {line!r}"
