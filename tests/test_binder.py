"""Binder builds the course from binder/ alone: that environment must install and run every lesson.

repo2docker (what mybinder.org runs) reads only binder/ when that folder exists: it picks the
Python of binder/runtime.txt, then runs ``pip install -r binder/requirements.txt`` from the
repository root. This test does the same without Docker: a fresh virtual environment made
with that Python, the same pip command from the same folder, then nbval over every notebook of
both editions (the learner's notebooks/, which Binder opens, and the teacher's teacher/) with that
environment's Python (pytest and nbval are added on top only to run the check).
It takes about 2 minutes on 2 cores (40 s install with pip's cache warm, ~80 s nbval).
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from browser_support import JupyterLab

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
from course_map import EDITIONS  # noqa: E402

BINDER = ROOT / "binder"
NOTEBOOKS = [p for edition in EDITIONS for p in sorted(Path(edition).glob("[0-9][0-9]_*.ipynb"))]
MUST_RUN = bool(os.environ.get("CI"))  # in CI a missing Python 3.11 fails instead of skipping

pytestmark = pytest.mark.binder


def canonical(name: str) -> str:
    """pip's normalised package name: 'Jinja2' and 'jinja2', 'nest_asyncio2' and 'nest-asyncio2' agree."""
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(path: Path) -> dict[str, str]:
    """``name==version`` lines of a requirements/constraints file as {canonical name: version}."""
    found = {}
    for line in path.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if "==" in line and not line.startswith("-"):
            name, version = line.split("==", 1)
            found[canonical(name)] = version.strip()
    return found


def binder_python_version() -> tuple[int, int]:
    text = (BINDER / "runtime.txt").read_text().strip()
    match = re.fullmatch(r"python-(\d+)\.(\d+)", text)
    assert match, f"binder/runtime.txt must read like 'python-3.11', not {text!r}"
    return int(match[1]), int(match[2])


def test_binder_pins_are_the_courses_pins():
    binder = pins(BINDER / "requirements.txt")
    root = pins(ROOT / "requirements.txt") | pins(ROOT / "constraints.txt")
    runtime = pins(ROOT / "requirements.txt")
    assert runtime.keys() <= binder.keys(), f"binder/requirements.txt lacks {sorted(runtime.keys() - binder.keys())}"
    differ = {name: (version, root.get(name)) for name, version in binder.items() if root.get(name) != version}
    assert not differ, f"binder pins differ from requirements.txt/constraints.txt (binder, root): {differ}"
    assert binder["jupyterlab"].split(".")[0] == "4", "Binder's base image runs JupyterLab 4"
    assert binder["ipywidgets"].split(".")[0] == "8", "Binder's base image has ipywidgets 8"
    lines = [line.split("#", 1)[0].strip() for line in (BINDER / "requirements.txt").read_text().splitlines()]
    assert "-e ." in lines, "binder/requirements.txt must install lessons_lib itself (-e .)"
    assert not any(line.startswith(("-r", "-c")) for line in lines), \
        "binder/requirements.txt must stand alone: Binder copies only binder/ in its first build step"


def test_binder_runtime_matches_the_courses_python_requirement():
    major, minor = binder_python_version()
    required = re.search(r'requires-python\s*=\s*">=(\d+)\.(\d+)"', (ROOT / "pyproject.toml").read_text())
    assert (major, minor) >= (int(required[1]), int(required[2]))


def test_the_binder_badge_opens_the_course_map_in_jupyterlab():
    from course_map import binder_url
    url = binder_url("00_start_here.ipynb")
    assert url.endswith("?urlpath=lab/tree/notebooks/00_start_here.ipynb"), url
    assert (ROOT / "notebooks" / "00_start_here.ipynb").exists()
    assert f"(https://mybinder.org/badge_logo.svg)]({url})" in (ROOT / "README.md").read_text(), \
        "README's Launch on Binder badge must use tools/course_map.binder_url('00_start_here.ipynb')"


@pytest.fixture(scope="module")
def binder_env(tmp_path_factory) -> tuple[Path, str]:
    """A fresh venv built from binder/ the way repo2docker builds it: (its python, its pip freeze)."""
    major, minor = binder_python_version()
    if sys.version_info[:2] == (major, minor):
        base = sys.executable
    else:
        base = shutil.which(f"python{major}.{minor}")
    if base is None:
        message = f"binder/runtime.txt asks for Python {major}.{minor}, which is not installed here"
        if MUST_RUN:
            pytest.fail(message)
        print(f"\nSKIPPED: {message}")
        pytest.skip(message)
    env_dir = tmp_path_factory.mktemp("binder") / "venv"
    started = time.perf_counter()
    subprocess.run([base, "-m", "venv", str(env_dir)], check=True)
    python = env_dir / "bin" / "python"
    version = subprocess.run([str(python), "-c", "import sys; print(*sys.version_info[:2])"],
                             capture_output=True, text=True, check=True).stdout.split()
    assert tuple(map(int, version)) == (major, minor)
    pip = [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    result = subprocess.run([*pip, "-r", "binder/requirements.txt"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, f"pip install -r binder/requirements.txt failed:\n{result.stdout}\n{result.stderr}"
    print(f"\nbinder environment installed in {time.perf_counter() - started:.0f} s")
    frozen = subprocess.run([str(python), "-m", "pip", "freeze", "--exclude-editable"],
                            capture_output=True, text=True, check=True).stdout
    return python, frozen


def test_binder_environment_has_exactly_the_pinned_versions(binder_env):
    _, frozen = binder_env
    installed = {canonical(n): v for n, v in (line.split("==", 1) for line in frozen.splitlines() if "==" in line)}
    wanted = pins(BINDER / "requirements.txt")
    unpinned = sorted(set(installed) - set(wanted) - {"pip", "setuptools"})
    assert not unpinned, f"binder installs packages it does not pin: {unpinned}"
    wrong = {n: (installed.get(n), v) for n, v in wanted.items() if installed.get(n) != v}
    assert not wrong, f"installed versions differ from binder's pins (installed, pinned): {wrong}"


def test_binder_environment_imports_the_course_package_and_has_the_widget_extension(binder_env):
    python, _ = binder_env
    where = subprocess.run([str(python), "-c", "import lessons_lib; print(lessons_lib.__file__)"],
                           capture_output=True, text=True, cwd="/", check=True).stdout.strip()
    assert Path(where).resolve().parent == (ROOT / "lessons_lib").resolve()
    jupyter = python.parent / "jupyter"
    listing = subprocess.run([str(jupyter), "labextension", "list"], capture_output=True, text=True)
    text = re.sub(r"\x1b\[[0-9;]*m", "", listing.stdout + listing.stderr)  # drop terminal colours
    # without this lab extension every explorer reads "Error displaying widget: model not found"
    assert re.search(r"@jupyter-widgets/jupyterlab-manager v?\S+ enabled\s+\S*\s*OK", text), text


def test_binder_environment_serves_the_course_map_in_jupyterlab(binder_env, tmp_path):
    """What a Binder link does: JupyterLab started in the repository, opened at urlpath lab/tree/notebooks/00_..."""
    python, _ = binder_env
    server = JupyterLab(tmp_path, python=python, root_dir=ROOT)
    try:
        server.start()
        status, page = server.get("/lab/tree/notebooks/00_start_here.ipynb")
        assert status == 200 and "JupyterLab" in page, f"/lab/tree/notebooks/00_start_here.ipynb answered {status}"
        status, model = server.get("/api/contents/notebooks/00_start_here.ipynb?content=0")
        assert status == 200 and '"type": "notebook"' in model.replace('":"', '": "'), model[:300]
        # the page's federated extensions must include the widget manager, or explorers cannot render
        assert "@jupyter-widgets/jupyterlab-manager" in page, "JupyterLab would load without the widget manager"
    finally:
        server.stop()


def test_every_lesson_passes_nbval_in_the_binder_environment(binder_env):
    python, _ = binder_env
    for edition in EDITIONS:
        assert list(Path(edition).glob("[0-9][0-9]_*.ipynb")), f"no notebooks in {edition}"
    dev = pins(ROOT / "constraints.txt")
    tools = [f"pytest=={dev['pytest']}", f"nbval=={dev['nbval']}"]
    installed = subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                                *tools, "-c", "constraints.txt"], cwd=ROOT, capture_output=True, text=True)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    started = time.perf_counter()
    # pyproject's addopts apply: --nbval --nbval-current-env (kernels run this venv's python) + sanitizer
    result = subprocess.run([str(python), "-m", "pytest", "-p", "no:cacheprovider", "-q",
                             *[str(p.relative_to(ROOT)) for p in NOTEBOOKS]],
                            cwd=ROOT, capture_output=True, text=True)
    print(f"\nnbval over {len(NOTEBOOKS)} notebooks of {len(EDITIONS)} editions in the binder environment: "
          f"{time.perf_counter() - started:.0f} s")
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    summary = result.stdout.strip().splitlines()[-1]
    assert " passed" in summary and "failed" not in summary, summary
