"""Build the student edition of every lesson with nbgrader itself.

    python tools/make_student_edition.py [--out build/student] [--course DIR] [NOTEBOOK ...]

The notebooks in notebooks/ are the teacher's edition: solutions filled in between
``### BEGIN SOLUTION`` and ``### END SOLUTION``, outputs stored. This script sets up an
nbgrader course (one assignment per lesson, named after the notebook: ``02_neuron_and_loss``)
and runs ``nbgrader generate_assignment`` on it, exactly what a teacher runs on JupyterHub.
nbgrader then
- replaces each solution region with ``raise NotImplementedError("Your turn: ...")``
  (the self-checks turn that into "Not done yet", see lessons_lib.checks);
- clears every output (the stored outputs would give the answers away);
- locks the prompt and check cells and records checksums so autograding can tell whether a
  learner edited a check.

The student notebooks land side by side in ``--out`` (default build/student/, not committed)
so their navigation links still work. They need nothing but the installed ``lessons_lib``.
``--course DIR`` keeps the whole nbgrader course (source/, release/, gradebook.db,
nbgrader_config.py) in DIR, ready for ``nbgrader autograde`` (see TEACHING.md).
"""
from __future__ import annotations

import argparse
import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "teacher"  # the teacher's edition is the source

# What an unanswered exercise cell says when it is run. lessons_lib.checks.call_learner_function
# turns this NotImplementedError into NotDoneYet, so the check below answers "Not done yet".
YOUR_TURN = "Your turn: replace this line with your answer, then run the check below."
CODE_STUB = f'raise NotImplementedError("{YOUR_TURN}")'

NBGRADER_CONFIG = """\
# nbgrader settings for "How a Neuron Learns" (written by tools/make_student_edition.py).
c = get_config()
# This folder is the course (set here so a global nbgrader_config.py cannot point elsewhere).
c.CourseDirectory.root = {root!r}
c.CourseDirectory.db_url = {db_url!r}
# An unanswered exercise raises a clear "your turn" error instead of nbgrader's bare one.
c.ClearSolutions.code_stub = {{"python": {code_stub!r}}}
# Lessons draw figures and run sweeps: give each cell more than nbgrader's 30 s on slow machines,
# and wait longer than nbclient's 4 s for a cell's last outputs (big figures, busy CI machines).
c.Execute.timeout = 600
c.Execute.iopub_timeout = 60
"""


def write_config(course_dir: Path) -> Path:
    """Write ``course_dir``/nbgrader_config.py (the course root and gradebook are that folder's)."""
    course_dir = Path(course_dir).resolve()
    config = NBGRADER_CONFIG.format(root=str(course_dir), db_url=f"sqlite:///{course_dir / 'gradebook.db'}",
                                    code_stub=CODE_STUB)
    (course_dir / "nbgrader_config.py").write_text(config)
    return course_dir / "nbgrader_config.py"


def lesson_notebooks() -> list[Path]:
    """Every lesson notebook of the course, in reading order (notebooks/NN_*.ipynb)."""
    return sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))


def setup_course(course_dir: Path, notebooks: list[Path]) -> Path:
    """Write an nbgrader course in ``course_dir``: config plus source/<lesson>/<lesson>.ipynb."""
    course_dir = Path(course_dir).resolve()
    course_dir.mkdir(parents=True, exist_ok=True)
    write_config(course_dir)
    for notebook in notebooks:
        notebook = Path(notebook)
        assignment = course_dir / "source" / notebook.stem
        assignment.mkdir(parents=True, exist_ok=True)
        shutil.copy2(notebook, assignment / notebook.name)
    return course_dir


def _environment() -> dict[str, str]:
    """os.environ with this Python's bin/ first on PATH, as an activated venv has it
    (nbgrader's gradebook runs the `alembic` script of its own environment)."""
    return {**os.environ, "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])}


def start_nbgrader(course_dir: Path, *args: str) -> subprocess.Popen:
    """Start one nbgrader command in the course directory (returns at once)."""
    return subprocess.Popen([sys.executable, "-m", "nbgrader", *args], cwd=course_dir, env=_environment(),
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def finish_nbgrader(process: subprocess.Popen) -> str:
    """Wait for an nbgrader command; return its log, or raise with the log if it failed."""
    log, _ = process.communicate()
    if process.returncode != 0:
        raise RuntimeError(f"`{' '.join(process.args[2:])}` failed (exit {process.returncode}):\n{log}")
    return log


def nbgrader(course_dir: Path, *args: str) -> str:
    """Run one nbgrader command in the course directory and return its log."""
    return finish_nbgrader(start_nbgrader(course_dir, *args))


def generate_assignments(course_dir: Path) -> None:
    """``nbgrader generate_assignment`` for every assignment in source/ (one call, a glob)."""
    nbgrader(Path(course_dir), "generate_assignment", "*", "--force")


def make_student_edition(out: Path, notebooks: list[Path] | None = None, course_dir: Path | None = None) -> list[Path]:
    """Generate the student edition of ``notebooks`` (default: every lesson) into ``out``.

    Returns the student notebooks written, in reading order. ``course_dir`` keeps the nbgrader
    course used to build them; by default a temporary one is used and removed.
    """
    notebooks = [Path(p).resolve() for p in (notebooks or lesson_notebooks())]
    out = Path(out).resolve()
    with tempfile.TemporaryDirectory(prefix="nbgrader-course-") as scratch:
        course = setup_course(Path(course_dir) if course_dir else Path(scratch), notebooks)
        generate_assignments(course)
        out.mkdir(parents=True, exist_ok=True)
        written = []
        for notebook in notebooks:
            student = course / "release" / notebook.stem / notebook.name
            shutil.copy2(student, out / notebook.name)
            written.append(out / notebook.name)
    return written


def submit(course_dir: Path, student_id: str, notebooks: list[Path]) -> None:
    """Put ``notebooks`` where nbgrader collects them: submitted/<student>/<lesson>/<lesson>.ipynb."""
    for notebook in notebooks:
        notebook = Path(notebook)
        folder = Path(course_dir) / "submitted" / student_id / notebook.stem
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copy2(notebook, folder / notebook.name)


def scores(course_dir: Path, student_id: str) -> dict[str, tuple[float, float]]:
    """After ``nbgrader autograde``: {lesson: (score, max_score)} for one student, from the gradebook."""
    from nbgrader.api import Gradebook

    saved_path = os.environ.get("PATH", "")
    os.environ["PATH"] = _environment()["PATH"]
    try:
        with Gradebook(f"sqlite:///{Path(course_dir).resolve() / 'gradebook.db'}") as gradebook:
            return {submission.assignment.name: (submission.score, submission.max_score)
                    for submission in gradebook.student_submissions(student_id)}
    finally:
        os.environ["PATH"] = saved_path


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="lesson notebooks (default: all of notebooks/)")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "student",
                        help="folder for the student notebooks (default: build/student)")
    parser.add_argument("--course", type=Path, default=None,
                        help="keep the nbgrader course (source/, release/, gradebook.db) in this folder")
    args = parser.parse_args(argv)
    if importlib.util.find_spec("nbgrader") is None:
        sys.exit(f"nbgrader is not installed in {sys.executable}: "
                 "run `python3 course.py test` once, or `pip install -r requirements-dev.txt`.")
    written = make_student_edition(args.out, args.notebooks or None, args.course)
    for path in written:
        print(f"student edition: {path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path}")
    if args.course:
        print(f"nbgrader course kept in {args.course.resolve()}")


if __name__ == "__main__":
    main()
