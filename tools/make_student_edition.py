"""Build the nbgrader student edition of every lesson, side by side in one folder.

    python tools/make_student_edition.py [--out build/student] [LESSON ...]

The student edition is what nbgrader releases to students: made from the teacher's edition
(teacher/) by ``nbgrader generate_assignment`` in a temporary course
(tools/nbgrader_course.py), so it is exactly what a class on JupyterHub gets. nbgrader
- replaces each solution region with the "your turn" stub (tools/exercise_cells.py), and
  removes the hidden tests from the check cells (they come back when grading);
- clears every output;
- locks the prompt, prepared and check cells and records checksums, so autograding can tell
  whether a learner edited a check.
The teacher's banner is left out; the Binder badges open the learner's edition (notebooks/).

The notebooks land side by side in ``--out`` (default build/student/, not committed) so their
navigation links still work: hand that folder out for assessed work outside nbgrader (see
TEACHING.md). For a class on JupyterHub use ``python tools/nbgrader_course.py setup``.
"""
from __future__ import annotations

import argparse
import importlib.util
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import nbgrader_course as course  # noqa: E402
from course_map import ROOT, TEACHER_EDITION  # noqa: E402


def resolve(specs: list[str]) -> list[Path]:
    """Lessons by number or file name; 00_start_here is allowed here (it is handed out, not graded)."""
    start_here = [TEACHER_EDITION / course.START_HERE] if any(
        Path(str(s)).name.removesuffix(".ipynb") in ("0", "00", "00_start_here") for s in specs) else []
    rest = [s for s in specs if Path(str(s)).name.removesuffix(".ipynb") not in ("0", "00", "00_start_here")]
    return start_here + course.resolve_lessons(rest)


def make_student_edition(out: Path, notebooks: list[Path] | None = None, course_dir: Path | None = None) -> list[Path]:
    """Generate the student edition of ``notebooks`` (default: every lesson) into ``out``;
    returns the notebooks written, in reading order. ``course_dir`` (a new folder) keeps the
    nbgrader course that made them, gradebook included; by default a temporary one is used."""
    notebooks = [Path(p) for p in (notebooks or course.lesson_notebooks())]
    out = Path(out).resolve()
    with tempfile.TemporaryDirectory(prefix="student-edition-") as scratch:
        folder = Path(course_dir) if course_dir else Path(scratch) / "course"
        course.setup_course(folder, notebooks, course_id="student-edition", exchange=str(Path(scratch) / "exchange"))
        course.nbgrader(folder, "generate_assignment", "*", "--force")
        out.mkdir(parents=True, exist_ok=True)
        written = []
        for notebook in notebooks:
            shutil.copy2(folder / "release" / notebook.stem / notebook.name, out / notebook.name)
            written.append(out / notebook.name)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("lessons", nargs="*", help="lessons, by number (02) or file name (default: all)")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "student",
                        help="folder for the student notebooks (default: build/student)")
    parser.add_argument("--course", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.course:
        print("--course moved: set up an nbgrader course with\n"
              f"  python tools/nbgrader_course.py setup {args.course} --lessons 02 04", file=sys.stderr)
        return 2
    if importlib.util.find_spec("nbgrader") is None:
        print(f"nbgrader is not installed for {sys.executable}: pip install -r requirements-dev.txt", file=sys.stderr)
        return 2
    try:
        notebooks = resolve(args.lessons) if args.lessons else None
    except ValueError as problem:
        print(problem, file=sys.stderr)
        return 2
    for path in make_student_edition(args.out, notebooks):
        print(f"student edition: {path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
