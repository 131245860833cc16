"""The stored outputs must come out the same on every CPU, not just on the one they were stored on.

numpy picks its BLAS kernel (OpenBLAS) and its SIMD loops at run time from the CPU, so the last
bits of a result differ between machines. An output that shows those bits (``loss 3.7e-16``)
passes nbval on one machine and fails on the next. Two checks keep them out:

* a static scan of every stored output of both editions for round-off-sized numbers
  (``1.5e-16``, ``2.7e-15``: anything written with an exponent of -13 or below);
* nbval over every notebook of both editions a second time, in a process that imitates another
  CPU: ``OPENBLAS_CORETYPE`` forces OpenBLAS's baseline kernel (Prescott on x86-64, ARMV8 on
  64-bit ARM) and ``NPY_DISABLE_CPU_FEATURES`` turns off every SIMD extension numpy dispatches to
  on this CPU beyond its compiled-in baseline (computed here at run time from numpy, e.g.
  ``X86_V3 X86_V4 AVX512_ICL`` on an AVX-512 machine). Any output difference fails, naming the
  notebook and the cell.

Run by hand on any notebooks (CONTRIBUTING.md, "Same outputs on every CPU"):

    .venv/bin/python tests/test_determinism.py                   # both editions
    .venv/bin/python tests/test_determinism.py teacher/04_training_loop.ipynb
"""
from __future__ import annotations

import json
import os
import platform
import re
import shlex
import subprocess
import sys
import tempfile
import time
import tomllib
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
from course_map import EDITIONS  # noqa: E402  (learner's notebooks/, teacher's teacher/)

# a number written with an exponent of -13 or smaller: round-off shown as a result
ROUND_OFF = re.compile(r"(?<![\w.])\d+(?:\.\d+)?[eE]-(?:1[3-9]|[2-9]\d|\d{3,})\b")
# OpenBLAS's baseline kernel per machine; with DYNAMIC_ARCH (numpy's wheels) it obeys this variable
BASELINE_BLAS = {"x86_64": "Prescott", "amd64": "Prescott", "i686": "Prescott", "i386": "Prescott",
                 "aarch64": "ARMV8", "arm64": "ARMV8"}

# Run in the imitating environment: what numpy and OpenBLAS actually use there.
PROBE = r"""
import ctypes, glob, json, os
import numpy, numpy.linalg
try:
    from numpy._core._multiarray_umath import __cpu_features__, __cpu_dispatch__
except ImportError:  # numpy 1.x
    from numpy.core._multiarray_umath import __cpu_features__, __cpu_dispatch__
blas = None
for lib in glob.glob(os.path.join(os.path.dirname(os.path.dirname(numpy.__file__)), "numpy.libs", "*openblas*")):
    handle = ctypes.CDLL(lib)
    for symbol in ("scipy_openblas_get_corename64_", "scipy_openblas_get_corename", "openblas_get_corename"):
        function = getattr(handle, symbol, None)
        if function is not None:
            function.restype = ctypes.c_char_p
            blas = function().decode()
            break
print(json.dumps({"numpy": numpy.__version__, "blas_kernel": blas,
                  "simd_in_use": [f for f in __cpu_dispatch__ if __cpu_features__.get(f)]}))
"""


def edition_notebooks(edition: Path) -> list[Path]:
    return sorted(Path(edition).glob("[0-9][0-9]_*.ipynb"))


def relative(path: Path) -> str:
    path = Path(path).resolve()
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


# ---- the static scan ----------------------------------------------------------------------------

def output_texts(output) -> list[str]:
    """The text a stored output shows (stream, error message, every text/* representation); not images or
    widget models, nor a traceback's source lines (code, not results)."""
    if output.output_type == "stream":
        return [output.text]
    if output.output_type == "error":
        return [output.evalue]
    return [value if isinstance(value, str) else "".join(value)
            for mime, value in output.get("data", {}).items() if mime.startswith("text/")]


def round_off_numbers(path: Path) -> list[str]:
    """Every round-off-sized number in the stored outputs, as 'notebook Cell N: number in "line"' (nbval's cell names)."""
    found = []
    nb = nbformat.read(path, as_version=4)
    code_cells = [cell for cell in nb.cells if cell.cell_type == "code"]
    for number, cell in enumerate(code_cells):
        for output in cell.get("outputs", []):
            for text in output_texts(output):
                for line in text.splitlines():
                    for match in ROUND_OFF.finditer(line):
                        found.append(f"{relative(path)} Cell {number}: {match[0]} in {line.strip()[:160]!r}")
    return found


@pytest.mark.parametrize("edition", EDITIONS, ids=[Path(e).name for e in EDITIONS])
def test_no_stored_output_shows_round_off(edition):
    notebooks = edition_notebooks(edition)
    assert notebooks, f"{relative(edition)}/ holds no lessons"
    found = [line for path in notebooks for line in round_off_numbers(path)]
    assert not found, ("stored outputs show round-off-sized numbers, which differ between CPUs; print a bound "
                       "('agree to within 1e-12') or yes/no instead (CONTRIBUTING.md, 'Same outputs on every CPU'):\n"
                       + "\n".join(found))


def test_the_scan_finds_round_off_and_nothing_else():
    assert ROUND_OFF.findall("loss 4.9e-16, w 2.9e-15, b 1.6e-15; 1e-13 and 12.5E-20") == \
        ["4.9e-16", "2.9e-15", "1.6e-15", "1e-13", "12.5E-20"]
    assert not ROUND_OFF.findall("agree to within 1e-12; lr 1e-3; eps = 1e-02; 3.7e16; w1e-16x; 0.5e-1")


# ---- nbval on another CPU -----------------------------------------------------------------------

def other_cpu_environment(base: dict | None = None) -> tuple[dict, list[str]]:
    """The environment that imitates another CPU here, and what it changes, in words."""
    env = dict(os.environ if base is None else base)
    notes = []
    machine = platform.machine().lower()
    kernel = BASELINE_BLAS.get(machine)
    if kernel:
        env["OPENBLAS_CORETYPE"] = kernel
    else:
        notes.append(f"no baseline OpenBLAS kernel known for machine {machine!r}: BLAS left as it is")
    try:
        from numpy._core._multiarray_umath import __cpu_dispatch__, __cpu_features__
    except ImportError:  # numpy 1.x
        from numpy.core._multiarray_umath import __cpu_dispatch__, __cpu_features__
    features = [f for f in __cpu_dispatch__ if __cpu_features__.get(f)]
    if features:
        env["NPY_DISABLE_CPU_FEATURES"] = " ".join(features)
    else:
        env.pop("NPY_DISABLE_CPU_FEATURES", None)
        notes.append("this CPU has no SIMD extension beyond numpy's baseline: nothing to turn off")
    return env, notes


def test_on_another_kind_of_machine_it_still_runs_and_says_what_it_did(monkeypatch):
    monkeypatch.setattr(platform, "machine", lambda: "riscv64")
    env, notes = other_cpu_environment({"PATH": "/usr/bin"})
    assert "OPENBLAS_CORETYPE" not in env
    assert any("riscv64" in note and "BLAS left as it is" in note for note in notes), notes
    monkeypatch.setattr(platform, "machine", lambda: "aarch64")
    env, _ = other_cpu_environment({"PATH": "/usr/bin"})
    assert env["OPENBLAS_CORETYPE"] == "ARMV8"


def probe(env: dict) -> dict:
    result = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0 and not result.stderr.strip(), f"numpy in the imitating environment:\n{result.stderr}"
    return json.loads(result.stdout)


def describe(env: dict, notes: list[str]) -> str:
    """What the imitation does, checked in a fresh process (the kernels inherit the same environment)."""
    here, there = probe(dict(os.environ)), probe(env)
    if here["blas_kernel"] is None:
        blas = "BLAS: not numpy's bundled OpenBLAS (its kernel name cannot be read), so OPENBLAS_CORETYPE may do nothing"
    else:
        blas = (f"BLAS kernel: {here['blas_kernel']} here -> {there['blas_kernel']} "
                f"(OPENBLAS_CORETYPE={env.get('OPENBLAS_CORETYPE', '(unset)')})")
    lines = [f"numpy {here['numpy']} on {platform.machine()}", blas,
             f"numpy SIMD beyond baseline: {' '.join(here['simd_in_use']) or 'none'} here -> "
             f"{' '.join(there['simd_in_use']) or 'none'} (NPY_DISABLE_CPU_FEATURES="
             f"{env.get('NPY_DISABLE_CPU_FEATURES', '(unset)')!r})", *notes]
    if "OPENBLAS_CORETYPE" in env and here["blas_kernel"] and there["blas_kernel"] == here["blas_kernel"]:
        lines.append("note: this machine's BLAS kernel is already the baseline one")
    assert not there["simd_in_use"], f"numpy still uses {there['simd_in_use']} with them disabled"
    return "\n".join(lines)


def nbval_options() -> list[str]:
    """pyproject's addopts (strict nbval, the same sanitize file), with the sanitize file's path made absolute."""
    addopts = shlex.split(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["pytest"]["ini_options"]["addopts"])
    for i, option in enumerate(addopts[:-1]):
        if option == "--nbval-sanitize-with":
            addopts[i + 1] = str(ROOT / addopts[i + 1])
    assert "--nbval" in addopts and "--nbval-lax" not in addopts, f"pyproject's addopts are not strict nbval: {addopts}"
    return addopts


def failures(junit: Path) -> dict[str, str]:
    """{'notebook::Cell N': nbval's explanation (the differing lines)} for every failed or erroring cell."""
    found = {}
    for case in ElementTree.parse(junit).getroot().iter("testcase"):
        for problem in [*case.findall("failure"), *case.findall("error")]:
            text = re.sub(r"(?:#x1B|\x1b)\[[0-9;]*m", "", problem.text or problem.get("message") or "")
            lines = [line for line in text.splitlines() if line.strip()][:40]
            found[f"{case.get('file') or case.get('classname')}::{case.get('name')}"] = "\n".join(lines)
    return found


def nbval(notebooks: list[Path], env: dict, cwd: Path) -> tuple[int, str, dict[str, str]]:
    """Strict nbval over ``notebooks`` in a subprocess with ``env``: (exit code, pytest's summary line, failures)."""
    with tempfile.TemporaryDirectory(prefix="determinism-") as scratch:
        junit = Path(scratch) / "junit.xml"
        result = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", "-o", "addopts=",
                                 *nbval_options(), f"--junitxml={junit}", "-o", "junit_family=xunit1",
                                 f"--rootdir={cwd}", *map(str, notebooks)],
                                cwd=cwd, env=env, capture_output=True, text=True)
        found = failures(junit) if junit.exists() else {}
    summary = (result.stdout.strip().splitlines() or ["(pytest printed nothing)"])[-1]
    if result.returncode != 0 and not found:
        found = {"pytest": result.stdout[-6000:] + result.stderr[-2000:]}
    return result.returncode, summary, found


def run_on_another_cpu(notebooks: list[Path], cwd: Path = ROOT) -> tuple[bool, str]:
    """nbval over ``notebooks`` imitating another CPU; (passed, report). The report says what was imitated,
    and, when cells fail, whether each also fails on this CPU as it is (then it is not a CPU difference)."""
    env, notes = other_cpu_environment()
    env["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"
    report = [describe(env, notes)]
    started = time.perf_counter()
    code, summary, found = nbval(notebooks, env, cwd)
    count = f"{len(notebooks)} notebook{'s' * (len(notebooks) != 1)}"
    report.append(f"nbval over {count} on the imitated CPU: {summary} ({time.perf_counter() - started:.0f} s)")
    if code != 0:
        failing = sorted({Path(where.split("::")[0]) for where in found if "::" in where})
        native = {}
        if failing:  # the same notebooks on this CPU, as it is: which failures are CPU differences?
            native_env = {k: v for k, v in os.environ.items() if k not in ("OPENBLAS_CORETYPE", "NPY_DISABLE_CPU_FEATURES")}
            _, native_summary, native = nbval([cwd / f if not f.is_absolute() else f for f in failing], native_env, cwd)
            report.append(f"the same {len(failing)} notebook(s) on this CPU as it is: {native_summary}")
        for where, text in found.items():
            verdict = ("FAILS ON THIS CPU TOO (not a CPU difference: fix the notebook first)" if where in native
                       else "passes on this CPU, differs on the imitated one: output depends on the CPU")
            report.append(f"--- {where}: {verdict}\n{text}")
    return code == 0, "\n".join(report)


@pytest.mark.parametrize("edition", EDITIONS, ids=[Path(e).name for e in EDITIONS])
def test_every_notebook_gives_the_same_outputs_on_another_cpu(edition, capsys):
    notebooks = edition_notebooks(edition)
    assert notebooks, f"{relative(edition)}/ holds no lessons"
    passed, report = run_on_another_cpu(notebooks)
    with capsys.disabled():  # what was imitated is shown in every run's log, passed or not
        lines = report.splitlines()
        head = lines[:next((i for i, line in enumerate(lines) if line.startswith("---")), len(lines))]
        print(f"\n{relative(edition)}/: " + "\n    ".join(head))
    assert passed, f"outputs of {relative(edition)}/ differ on another CPU:\n{report}"


def main(argv: list[str]) -> int:
    notebooks = [Path(a).resolve() for a in argv] or [p for e in EDITIONS for p in edition_notebooks(e)]
    found = [line for path in notebooks for line in round_off_numbers(path)]
    print("static scan: " + ("no round-off-sized numbers in the stored outputs" if not found
                             else "round-off-sized numbers in the stored outputs:\n" + "\n".join(found)))
    cwd = Path(os.path.commonpath([p.parent for p in notebooks]))
    passed, report = run_on_another_cpu(notebooks, cwd=cwd)
    print(report)
    return 0 if passed and not found else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
