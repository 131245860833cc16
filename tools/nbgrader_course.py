"""An nbgrader course for "How a Neuron Learns", set up from the teacher's edition (teacher/).

    python tools/nbgrader_course.py setup COURSE [--lessons 02 04] [--course-id ID] [--exchange DIR] [--force]
    python tools/nbgrader_course.py stamp-submissions [COURSE]
    python tools/nbgrader_course.py edited-cells LESSON ... [--course COURSE]

``setup`` (a teacher runs it once, see TEACHING.md) writes the folder COURSE:

- ``nbgrader_config.py``: the course id, the course root (the folder this file is in, wherever
  the folder is moved or copied), the exchange, the "your turn" stub of tools/exercise_cells.py,
  a validate width that shows the checks' longest message, and generous cell timeouts;
- ``for_students/nbgrader_config.py``: what every student's Jupyter needs (course id, exchange,
  validate width): the hub admin copies it to /etc/jupyter/, or each student to ~/.jupyter/;
- ``source/NN_name/NN_name.ipynb`` for each lesson assigned (``--lessons 02 04``, or file
  names; default: every lesson with exercises): the teacher's edition without its banner.
  ``00_start_here`` is never graded (its exercises are practice).

It never overwrites a file the teacher may have changed: an existing config that differs from
what it would write, or a source notebook edited since setup copied it, stops it with a message
naming the file, unless ``--force``. Re-running it is safe: unchanged files stay, and source
notebooks it wrote and nobody edited are brought up to date with the teacher's edition.

``stamp-submissions`` makes submissions that did not come through the exchange (copied into
``submitted/STUDENT/LESSON/`` by hand, from an LMS download or by ``nbgrader zip_collect``)
complete for nbgrader: it writes the ``timestamp.txt`` (the notebook's modification time) and
``submission_secret.txt`` that ``nbgrader release_feedback`` reads, where they are missing.

``edited-cells`` lists the locked cells (prompts, prepared cells, checks) that a submission
changed, by student and cell. ``nbgrader autograde`` puts such cells back and logs a warning,
but nbgrader 0.9.6 logs that same warning for every check cell with hidden tests, for every
student (putting the hidden tests back counts as a change; nbgrader issue #1961), so its log
cannot tell who edited a check. This compares each submission with the released notebook.
"""
from __future__ import annotations

import argparse
import datetime
import hashlib
import importlib.util
import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent))
import exercise_cells as ex  # noqa: E402
from course_map import LESSONS, TEACHER_EDITION  # noqa: E402

START_HERE = "00_start_here.ipynb"
TEACHER_MARK = "<!--TEACHER-EDITION-->"
DEFAULT_EXCHANGE = "/usr/local/share/nbgrader/exchange"  # nbgrader 0.9.6's own default for Exchange.root
MANIFEST = ".neuron-course-setup.json"  # what setup wrote: {relative path: sha256}
STUDENTS_CONFIG = Path("for_students") / "nbgrader_config.py"

# nbgrader validate cuts every line of a message at Validator.width - 3 characters (with a
# 4-space indent; its default width is 90). The checks' longest message line is about 460
# characters, some of it random data (measured by tests/test_student_edition.py, which fails
# when one no longer fits).
VALIDATE_WIDTH = 600

TEACHER_CONFIG = '''\
# nbgrader settings for the course "How a Neuron Learns"
# (written by tools/nbgrader_course.py setup; it will not overwrite your edits without --force).
# Run the nbgrader commands in this folder: nbgrader reads the nbgrader_config.py of the folder it runs in.
import os

c = get_config()  # noqa: F821  (nbgrader defines it)

c.CourseDirectory.course_id = {course_id!r}
# The course is the folder this file is in, wherever it is moved or copied to
# (the gradebook, gradebook.db, lives there too).
c.CourseDirectory.root = os.path.dirname(os.path.abspath(__file__))
# Where assignments are released and submissions collected: a folder every user can write.
# Students need the same setting (for_students/nbgrader_config.py).
c.Exchange.root = {exchange!r}

# An unanswered exercise raises a clear "your turn" error instead of nbgrader's bare one.
c.ClearSolutions.code_stub = {{"python": {code_stub!r}}}
# nbgrader validate cuts each line of a message at this width; the checks' longest message fits.
c.Validator.width = {width}
# Lessons draw figures and run sweeps: give each cell more than nbgrader's 30 s on slow machines,
# and wait longer than nbclient's 4 s for a cell's last outputs (big figures, busy machines).
c.Execute.timeout = 600
c.Execute.iopub_timeout = 60
'''

STUDENT_CONFIG = '''\
# nbgrader settings for students of "How a Neuron Learns" (written by tools/nbgrader_course.py setup).
# On JupyterHub the admin copies this file to /etc/jupyter/nbgrader_config.py (every user),
# or each student saves it as ~/.jupyter/nbgrader_config.py.
c = get_config()  # noqa: F821  (nbgrader defines it)

c.CourseDirectory.course_id = {course_id!r}
c.Exchange.root = {exchange!r}
# Validate shows the checks' messages in full (nbgrader cuts lines at 90 characters otherwise).
c.Validator.width = {width}
'''


class SetupRefused(Exception):
    """Setup would overwrite a file the teacher may have changed."""


# ---- which lessons ------------------------------------------------------------------------------

def lesson_notebooks(include_start_here: bool = True) -> list[Path]:
    """The teacher's edition of every lesson, in reading order."""
    return [TEACHER_EDITION / name for name, *_ in LESSONS if include_start_here or name != START_HERE]


def resolve_lessons(specs: list[str]) -> list[Path]:
    """Teacher's-edition notebooks for ``specs`` ("02", "2", "02_neuron_and_loss",
    "02_neuron_and_loss.ipynb", "teacher/02_neuron_and_loss.ipynb"), in the order given.
    Raises ValueError for an unknown lesson and for 00_start_here (never graded)."""
    names = [name for name, *_ in LESSONS]
    chosen = []
    for spec in specs:
        stem = Path(str(spec)).name.removesuffix(".ipynb")
        match = re.match(r"\d+", stem)
        number = f"{int(match[0]):02d}" if match else None
        found = [name for name in names if number and name.startswith(number + "_")
                 and (stem.isdigit() or name.removesuffix(".ipynb") == stem)]
        if not found:
            raise ValueError(f"no lesson {spec!r}: give a number (02) or a file name ({names[2]})")
        if found[0] == START_HERE:
            raise ValueError(f"{START_HERE} is not graded (its exercises are practice): leave it out of --lessons")
        if TEACHER_EDITION / found[0] not in chosen:
            chosen.append(TEACHER_EDITION / found[0])
    return chosen


# ---- what setup writes --------------------------------------------------------------------------

def teacher_config(course_id: str, exchange: str) -> str:
    return TEACHER_CONFIG.format(course_id=course_id, exchange=exchange, code_stub=ex.CODE_STUB,
                                 width=VALIDATE_WIDTH)


def student_config(course_id: str, exchange: str) -> str:
    return STUDENT_CONFIG.format(course_id=course_id, exchange=exchange, width=VALIDATE_WIDTH)


def source_notebook(teacher_notebook: Path) -> str:
    """The nbgrader source of one lesson: the teacher's edition without the teacher's banner
    (the student edition is made from it and must not say "every exercise is solved")."""
    nb = nbformat.read(teacher_notebook, as_version=4)
    nb.cells = [cell for cell in nb.cells
                if not (cell.cell_type == "markdown" and cell.source.startswith(TEACHER_MARK))]
    return nbformat.writes(nb) + "\n"


def _digest(text: str | bytes) -> str:
    return hashlib.sha256(text.encode() if isinstance(text, str) else text).hexdigest()


def valid_course_id(course_id: str) -> str:
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", course_id):
        raise ValueError(f"course id {course_id!r}: give --course-id with letters, digits, '.', '_' and '-' only "
                         "(nbgrader puts it in folder names and splits submissions at '+')")
    return course_id


def _settings_diff(yours: str, setups: str) -> str:
    """The ``c.`` lines that differ between two configs, as a few indented lines."""
    mine = [line for line in yours.splitlines() if line.startswith("c.")]
    theirs = [line for line in setups.splitlines() if line.startswith("c.")]
    lines = [f"      yours: {line}" for line in mine if line not in theirs]
    lines += [f"      setup: {line}" for line in theirs if line not in mine]
    return ":\n" + "\n".join(lines) if lines else " (comments or layout)"


def setup_course(course_dir: Path, notebooks: list[Path], course_id: str | None = None,
                 exchange: str = DEFAULT_EXCHANGE, force: bool = False) -> list[str]:
    """Write (or bring up to date) the nbgrader course in ``course_dir`` for ``notebooks``.

    Returns what it did, one line per file. Raises SetupRefused, before writing anything, if it
    would replace a config that differs from its own or a source notebook edited since it wrote
    it, unless ``force``.
    """
    course_dir = Path(course_dir).expanduser().resolve()
    course_id = valid_course_id(course_id or course_dir.name)
    exchange = os.path.abspath(os.path.expanduser(exchange))  # the same folder for every user, wherever they run
    manifest_path = course_dir / MANIFEST
    manifest = json.loads(manifest_path.read_text()) if manifest_path.exists() else {}
    planned: dict[str, tuple[str, bool]] = {  # relative path -> (content, is a source notebook)
        "nbgrader_config.py": (teacher_config(course_id, exchange), False),
        STUDENTS_CONFIG.as_posix(): (student_config(course_id, exchange), False),
    }
    for notebook in notebooks:
        notebook = Path(notebook)
        planned[f"source/{notebook.stem}/{notebook.name}"] = (source_notebook(notebook), True)

    refused, actions, writes = [], [], {}
    for relative, (content, is_source) in planned.items():
        target = course_dir / relative
        if not target.exists():
            writes[relative] = content
            actions.append(f"wrote {relative}")
            continue
        current = target.read_bytes()
        if current == content.encode():
            actions.append(f"unchanged {relative}")
        elif is_source and manifest.get(relative) == _digest(current):
            writes[relative] = content  # setup wrote it and nobody edited it: bring it up to date
            actions.append(f"updated {relative} (the teacher's edition changed)")
        elif force:
            writes[relative] = content
            actions.append(f"overwrote {relative} (--force)")
        else:
            why = ("was edited since setup copied it" if is_source and relative in manifest
                   else "differs from the lesson in teacher/" if is_source
                   else "differs from what setup writes" + _settings_diff(current.decode(), content))
            refused.append(f"{target} {why}")
    if refused:
        raise SetupRefused(
            "setup stopped, nothing was written:\n  " + "\n  ".join(refused)
            + "\nTo keep yours, give setup the options you used before, and leave an edited lesson out of --lessons."
            "\nTo replace them with setup's, run the same command again with --force.")
    for relative, content in writes.items():
        target = course_dir / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content)
        manifest[relative] = _digest(content)
    course_dir.mkdir(parents=True, exist_ok=True)
    manifest_path.write_text(json.dumps(dict(sorted(manifest.items())), indent=1) + "\n")
    return actions


# ---- submissions that did not come through the exchange ------------------------------------------

def stamp_submissions(course_dir: Path) -> list[str]:
    """Give every ``submitted/STUDENT/LESSON/`` folder without them a ``timestamp.txt`` (the newest
    notebook's modification time, UTC) and a ``submission_secret.txt`` (random), the two files
    ``nbgrader release_feedback`` reads. Returns one line per file written."""
    written = []
    for folder in sorted(Path(course_dir).glob("submitted/*/*")):
        if not folder.is_dir():
            continue
        notebooks = list(folder.glob("*.ipynb"))
        if not (folder / "timestamp.txt").exists():
            mtime = max((p.stat().st_mtime for p in notebooks), default=datetime.datetime.now().timestamp())
            when = datetime.datetime.fromtimestamp(mtime, tz=datetime.timezone.utc)
            (folder / "timestamp.txt").write_text(when.strftime("%Y-%m-%d %H:%M:%S.%f %Z"))
            written.append(f"{folder / 'timestamp.txt'}")
        if not (folder / "submission_secret.txt").exists():
            (folder / "submission_secret.txt").write_text(secrets.token_hex(64))
            written.append(f"{folder / 'submission_secret.txt'}")
    return written


def edited_cells(course_dir: Path, lesson: str) -> list[tuple[str, str, str]]:
    """(student, grade_id, "edited" or "deleted") for every locked cell of the released ``lesson``
    that a submission in ``submitted/`` changed or lacks, by nbgrader's own checksum."""
    from nbgrader.utils import compute_checksum

    course_dir = Path(course_dir)
    released = {}
    for path in sorted((course_dir / "release" / lesson).glob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            meta = cell.metadata.get("nbgrader", {})
            if meta.get("locked") and meta.get("grade_id"):
                released[(path.name, meta["grade_id"])] = compute_checksum(cell)
    if not released:
        raise ValueError(f"no released notebook in {course_dir / 'release' / lesson}: run nbgrader generate_assignment {lesson}")
    found = []
    for folder in sorted((course_dir / "submitted").glob(f"*/{lesson}")):
        cells = {}
        for name in sorted({name for name, _ in released}):
            if (folder / name).exists():
                for cell in nbformat.read(folder / name, as_version=4).cells:
                    grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
                    if grade_id:
                        cells[(name, grade_id)] = cell
        for key, checksum in released.items():
            cell = cells.get(key)
            if cell is None:
                found.append((folder.parent.name, key[1], "deleted"))
            elif compute_checksum(cell) != checksum:
                found.append((folder.parent.name, key[1], "edited"))
    return found


# ---- running nbgrader (tools and tests) -------------------------------------------------------------

def environment(**extra: str) -> dict[str, str]:
    """os.environ with this Python's bin/ first on PATH, as an activated venv has it
    (nbgrader's gradebook runs the `alembic` script of its own environment)."""
    path = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    return {**os.environ, "PATH": path, **extra}


def start_nbgrader(course_dir: Path, *args: str) -> subprocess.Popen:
    """Start one nbgrader command in the course folder (returns at once)."""
    return subprocess.Popen([sys.executable, "-m", "nbgrader", *args], cwd=course_dir, env=environment(),
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def finish_nbgrader(process: subprocess.Popen) -> str:
    """Wait for an nbgrader command; return its log, or raise with the log if it failed."""
    log, _ = process.communicate()
    if process.returncode != 0:
        raise RuntimeError(f"`nbgrader {' '.join(process.args[3:])}` failed (exit {process.returncode}):\n{log}")
    return log


def nbgrader(course_dir: Path, *args: str) -> str:
    """Run one nbgrader command in the course folder and return its log."""
    return finish_nbgrader(start_nbgrader(course_dir, *args))


def grades(course_dir: Path, student_id: str) -> dict[str, dict[str, tuple[float, float]]]:
    """After ``nbgrader autograde``: {lesson: {grade_id: (score, max_score)}} of one student's
    graded cells, from the course's gradebook."""
    from nbgrader.api import Gradebook

    saved_path = os.environ.get("PATH", "")
    os.environ["PATH"] = environment()["PATH"]
    try:
        with Gradebook(f"sqlite:///{Path(course_dir).resolve() / 'gradebook.db'}") as gradebook:
            out: dict[str, dict[str, tuple[float, float]]] = {}
            for submission in gradebook.student_submissions(student_id):
                for notebook in submission.notebooks:
                    for grade in notebook.grades:
                        out.setdefault(submission.assignment.name, {})[grade.name] = (grade.score, grade.max_score)
            return out
    finally:
        os.environ["PATH"] = saved_path


# ---- command line -------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    setup = commands.add_parser("setup", help="write an nbgrader course folder for the lessons you assign")
    setup.add_argument("course", type=Path, help="the course folder to write (created if missing)")
    setup.add_argument("--lessons", nargs="+", metavar="LESSON",
                       help="lessons to assign: numbers (02 04) or file names (default: 01-06; never 00)")
    setup.add_argument("--course-id", default=None, help="nbgrader's course id (default: the folder's name)")
    setup.add_argument("--exchange", default=DEFAULT_EXCHANGE,
                       help=f"the exchange folder, writable by every user (default: nbgrader's, {DEFAULT_EXCHANGE})")
    setup.add_argument("--force", action="store_true",
                       help="replace a changed nbgrader_config.py or edited source notebooks")
    stamp = commands.add_parser("stamp-submissions",
                                help="add timestamp.txt and submission_secret.txt to hand-placed submissions")
    stamp.add_argument("course", type=Path, nargs="?", default=Path("."), help="the course folder (default: here)")
    edited = commands.add_parser("edited-cells", help="list the locked cells (checks, prompts) that submissions changed")
    edited.add_argument("lessons", nargs="+", metavar="LESSON", help="assignments, e.g. 02_neuron_and_loss")
    edited.add_argument("--course", type=Path, default=Path("."), help="the course folder (default: here)")
    args = parser.parse_args(argv)

    if args.command == "edited-cells":
        try:
            found = [(lesson, *row) for lesson in args.lessons for row in edited_cells(args.course, lesson)]
        except ValueError as problem:
            print(problem, file=sys.stderr)
            return 2
        for lesson, student, grade_id, how in found:
            print(f"{student}: {lesson} cell {grade_id} {how} (autograde ran the original)")
        if not found:
            print("no submission changed a locked cell")
        return 0

    if args.command == "stamp-submissions":
        written = stamp_submissions(args.course)
        print("\n".join(f"wrote {line}" for line in written) or "every submission already has its timestamp and secret")
        return 0
    try:
        notebooks = resolve_lessons(args.lessons) if args.lessons else lesson_notebooks(include_start_here=False)
        actions = setup_course(args.course, notebooks, args.course_id, args.exchange, args.force)
    except (ValueError, SetupRefused) as problem:
        print(problem, file=sys.stderr)
        return 2
    course = args.course.expanduser().resolve()
    print(f"nbgrader course in {course}:")
    print("  " + "\n  ".join(actions))
    if importlib.util.find_spec("nbgrader") is None:
        print(f"Note: nbgrader is not installed for {sys.executable}: pip install -r requirements-dev.txt")
    print(f"Next: cd {course} && nbgrader generate_assignment {Path(notebooks[0]).stem}   (see TEACHING.md)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
