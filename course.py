"""Set up and run the course with one command.

    python3 course.py open    # install (first time only) and open the course in JupyterLab
    python3 course.py test    # install (first time only) and run the whole test suite

Both create a virtual environment in .venv/ beside this file and install the pinned
requirements into it, so nothing is installed into your system Python.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
REQUIREMENTS = {"open": "requirements.txt", "test": "requirements-dev.txt"}


def ensure_environment(requirements: str) -> None:
    """Create .venv and install ``requirements`` into it, unless that was already done."""
    if sys.version_info < (3, 11):
        sys.exit(f"The course needs Python 3.11 or newer; this is {sys.version.split()[0]}.")
    if not (BIN / "python").exists() and not (BIN / "python.exe").exists():
        print(f"Creating a virtual environment in {VENV.name}/ ...", flush=True)
        venv.create(VENV, with_pip=True)
    stamp = VENV / f".installed-{requirements}"
    wanted = (ROOT / requirements).read_text() + (ROOT / "constraints.txt").read_text()
    if stamp.exists() and stamp.read_text() == wanted:
        return
    print(f"Installing {requirements} (about a minute the first time) ...", flush=True)
    subprocess.run([str(BIN / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                    "-r", requirements], cwd=ROOT, check=True)
    stamp.write_text(wanted)


def ensure_chromium() -> bool:
    """The browser tests need Chromium; install Debian's package when we may (as root, or in CI).

    Returns whether Chromium is there now.
    """
    if shutil.which("chromium") or Path("/usr/bin/chromium").exists():
        return True
    if shutil.which("apt-get") and hasattr(os, "geteuid") and os.geteuid() == 0:
        print("Installing Chromium for the browser tests (apt-get) ...", flush=True)
        subprocess.run(["apt-get", "update", "-qq"], check=True)
        subprocess.run(["apt-get", "install", "-y", "-qq", "chromium"], check=True,
                       env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
        return True
    print("Chromium is not installed: the browser tests will be skipped (install the 'chromium' package to run them).")
    return False


def main(argv: list[str]) -> int:
    if len(argv) < 1 or argv[0] not in REQUIREMENTS:
        print(__doc__)
        return 2
    command, extra = argv[0], argv[1:]
    ensure_environment(REQUIREMENTS[command])
    if command == "open":
        # root_dir = the repository, so the file browser also shows lessons_lib/ (learners read it)
        return subprocess.call([str(BIN / "jupyter"), "lab", "notebooks/00_start_here.ipynb",
                                f"--ServerApp.root_dir={ROOT}", *extra], cwd=ROOT)
    env = dict(os.environ)
    if ensure_chromium():
        env["COURSE_REQUIRE_BROWSER"] = "1"  # Chromium is here, so the browser tests must run, not skip
    return subprocess.call([str(BIN / "python"), "-m", "pytest", *extra], cwd=ROOT, env=env)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
