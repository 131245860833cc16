"""TEACHING.md, the teacher guide, stays in step with the course map and the exercises."""
import re
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
from course_map import LESSONS  # noqa: E402

GUIDE = (ROOT / "TEACHING.md").read_text()


def test_every_lesson_is_listed_with_its_title_and_time():
    lines = GUIDE.splitlines()
    for notebook, title, _, minutes in LESSONS:
        link = f"[{title}](notebooks/{notebook})"
        rows = [line for line in lines if link in line]
        assert rows, f"TEACHING.md does not link {notebook} as {link}"
        assert f"| {minutes} min |" in rows[0], f"TEACHING.md gives another time than {minutes} min for {title}"
        path = ROOT / "notebooks" / notebook
        if path.exists():
            cells = nbformat.read(path, as_version=4).cells
            count = sum(1 for c in cells if c.metadata.get("nbgrader", {}).get("grade_id", "").endswith("_check"))
            assert rows[0].rstrip().endswith(f"| {count or 'none'} |"), f"TEACHING.md: {title} has {count} exercises"


def test_total_time_matches_the_course_map():
    total = sum(minutes for *_, minutes in LESSONS)
    assert f"about {total // 60} h {total % 60} min" in GUIDE


def test_every_lesson_has_its_notes_section():
    for index, (_, title, _, _) in enumerate(LESSONS):
        assert f"### Lesson {index}: {title}\n" in GUIDE, f"TEACHING.md has no section '### Lesson {index}: {title}'"


def test_the_notes_answer_every_exercise_of_the_lessons_they_cover():
    """A lesson's notes, once written, name each of its exercises by the title its prompt gives."""
    for index, (notebook, title, _, _) in enumerate(LESSONS):
        section = GUIDE.split(f"### Lesson {index}: {title}\n", 1)[1].split("\n### Lesson ", 1)[0]
        path = ROOT / "notebooks" / notebook
        if f"LESSON-{index}-NOTES" in section or not path.exists():
            continue  # notes still to be written: the placeholder says so in the guide
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.metadata.get("nbgrader", {}).get("grade_id", "").endswith("_prompt"):
                heading = re.match(r"#+\s*(Exercise \d+: .+)", cell.source.strip())
                assert heading, f"{notebook}: exercise prompt without an 'Exercise K: ...' heading"
                name = heading[1].strip().rstrip(".")
                assert f"**{name}.**" in section or f"**{name}**" in section, \
                    f"TEACHING.md's notes on lesson {index} do not answer '{heading[1]}'"
