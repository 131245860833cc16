"""Every lesson of the learner's edition, used the way a learner uses it: in JupyterLab, in a real (headless) Chromium.

This is the edition README's `open` and Binder lead to (notebooks/). For each notebook: open it
in a fresh page, clear the stored outputs, and "Run All". Run All stops at the first cell that
raises, and in the learner's edition that must be the first exercise cell (an unanswered
exercise raises "your turn" or its check "not done yet"; those cells are known by their ids,
lNN_exK_answer/_run/_check, and carry no ``raises-exception`` tag, which would make JupyterLab
run on past them): every lesson cell before it ran without error, and no cell after it ran.
Then the remaining
cells are run one by one, as a learner who skips an exercise does: every lesson cell runs
without error or stderr, every exercise cell shows its error. Then check that every
widget rendered (no "Loading widget...", no "Error displaying widget", no raw ``IntSlider(``
text), and that the sliders work: press ArrowRight on the "learning rate η" and "epochs"
sliders (or, in a lesson without them, on every slider of the first explorer) and check that
the explorer's picture and its status line changed. A screenshot of each lesson goes to
test-artifacts/screenshots/.

Needs Chromium (Debian's ``chromium`` package; ``python3 course.py test`` installs it when run
as root). Without it the test is skipped with the reason printed, except in CI or with
COURSE_REQUIRE_BROWSER=1, where a missing browser is a failure.
"""
from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pytest
from browser_support import (CHROMIUM_ARGS, NOTEBOOK_STATE_JS, ROOT, RUN_CELL_JS, JupyterLab, copy_notebooks,
                             find_chromium)

EDITION = "notebooks"  # the learner's edition: what `course.py open`, Binder and the course map open
NOTEBOOKS = sorted((ROOT / EDITION).glob("[0-9][0-9]_*.ipynb"))
EXERCISE_CODE_ID = re.compile(r"l\d\d_ex\d+_(answer|run|check)")  # the cells that stop until answered
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
MUST_RUN = bool(os.environ.get("CI")) or os.environ.get("COURSE_REQUIRE_BROWSER") == "1"
KEY_SLIDERS = ("learning rate η", "epochs")
RUN_TIMEOUT = 240  # seconds for one notebook's "run all"

pytestmark = pytest.mark.browser

WIDGET_OUTPUT = ".jp-OutputArea-output:has(> .jupyter-widgets)"  # a rendered widget view
UNRENDERED = ("Loading widget", "Error displaying widget", "IntSlider(", "FloatSlider(", "FloatLogSlider(",
              "VBox(", "HBox(", "Image(value=")


def _unavailable(reason: str):
    if MUST_RUN:
        pytest.fail(f"{reason}; in CI / with COURSE_REQUIRE_BROWSER=1 the browser tests must run")
    print(f"\nSKIPPED: {reason}: browser tests skipped")
    pytest.skip(f"{reason}: browser tests skipped")


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """JupyterLab on a copy of the learner's edition, stopped by its PID at the end whatever happened."""
    chromium = find_chromium()
    if chromium is None:
        _unavailable("Chromium is not installed (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("Playwright for Python is not installed (pip install -r requirements-dev.txt)")
    workdir = tmp_path_factory.mktemp("lab")
    copy_notebooks(workdir, EDITION)
    server = JupyterLab(workdir)
    try:
        server.start()
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS, headless=True)
            try:
                yield server, browser
            finally:
                browser.close()
    finally:
        server.stop()


def widget_count(path: Path) -> int:
    """How many outputs of the stored notebook are widgets (each must render in the browser)."""
    import nbformat
    nb = nbformat.read(path, as_version=4)
    return sum("application/vnd.jupyter.widget-view+json" in output.get("data", {})
               for cell in nb.cells if cell.cell_type == "code" for output in cell.outputs)


def exercise_cells(path: Path) -> set[int]:
    """Indices (among all cells) of the exercise code cells that stop with an error until answered
    (an answer cell holding a `def` only defines the function: its check is the one that stops)."""
    import nbformat
    nb = nbformat.read(path, as_version=4)
    return {i for i, cell in enumerate(nb.cells)
            if cell.cell_type == "code" and EXERCISE_CODE_ID.fullmatch(cell.get("id", ""))
            and any(output.output_type == "error" for output in cell.outputs)}


def wait_for_idle_kernel(page, name: str, timeout: float = 60) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        state = page.evaluate(NOTEBOOK_STATE_JS)
        if state and state["status"] == "idle":
            return state
        assert time.monotonic() < deadline, f"{name}: kernel not idle after {timeout} s (state {state})"
        time.sleep(0.25)


def wait_until_settled(page, name: str, finished, timeout: float = RUN_TIMEOUT) -> dict:
    """Poll until ``finished(state)`` holds on an idle kernel twice in a row, 0.5 s apart."""
    deadline = time.monotonic() + timeout
    previous = None
    while True:
        state = page.evaluate(NOTEBOOK_STATE_JS)
        settled = state["status"] == "idle" and finished(state)
        if settled and previous is not None and previous["cells"] == state["cells"]:
            return state
        previous = state if settled else None
        assert time.monotonic() < deadline, f"{name}: not finished after {timeout} s (state {state})"
        time.sleep(0.5)


def run_like_a_learner(page, name: str, exercises: set[int]) -> tuple[dict, str]:
    """Clear outputs, Run All (stops at the first exercise), then run every cell it left, one by one.

    Asserts what a learner relies on; returns the final state and a note for the log.
    """
    wait_for_idle_kernel(page, name)
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:clear-all-cell-outputs')")
    wait_until_settled(page, name, lambda s: not any(c["count"] or c["error"] for c in s["cells"]), timeout=30)
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
    state = wait_until_settled(page, name, lambda s: s["done"] == s["code"] or any(c["error"] for c in s["cells"]))
    raised = [c for c in state["cells"] if c["error"]]
    first_exercise = min(exercises) if exercises else None
    if first_exercise is None:
        assert not raised, f"{name}: a lesson without exercises raised: {raised[0]}"
        assert state["done"] == state["code"], f"{name}: Run All left cells unrun"
    else:
        assert raised, f"{name}: Run All ran through, but exercise cell {first_exercise} should stop it"
        assert raised[0]["index"] == first_exercise, \
            f"{name}: Run All stopped at cell {raised[0]['index']} ({raised[0]['error']}), not at the first exercise ({first_exercise})"
        before = [c for c in state["cells"] if c["index"] < first_exercise and not c["count"]]
        assert not before, f"{name}: lesson cells before the first exercise did not run: {[c['index'] for c in before]}"
        after = [c["index"] for c in state["cells"] if c["index"] > first_exercise and (c["count"] or c["error"])]
        assert not after, f"{name}: Run All went on past the first blank exercise (cell {first_exercise}) and ran {after}"
    stopped_at = raised[0]["index"] if raised else None
    # the rest, one by one: a learner who skips an exercise runs on
    for cell in state["cells"]:
        if cell["count"]:
            continue
        page.evaluate(RUN_CELL_JS, cell["index"])
        state = wait_until_settled(page, name, lambda s, i=cell["index"]: any(
            c["index"] == i and (c["count"] or c["error"]) for c in s["cells"]), timeout=120)
    unrun = [c["index"] for c in state["cells"] if not c["count"]]
    assert not unrun, f"{name}: cells never ran: {unrun}"
    broken = [f"cell {c['index']}: {c['error'] or 'stderr: ' + c['stderr'][:300]}" for c in state["cells"]
              if c["index"] not in exercises and (c["error"] or c["stderr"])]
    assert not broken, f"{name}: lesson cells failed:\n" + "\n".join(broken)
    silent = [c["index"] for c in state["cells"] if c["index"] in exercises and not c["error"]]
    assert not silent, f"{name}: unanswered exercise cells {silent} did not stop with an error"
    note = (f"Run All stopped at exercise cell {stopped_at}; {len(exercises)} exercise cells raise, "
            f"the other {state['code'] - len(exercises)} code cells ran clean" if exercises
            else f"Run All ran all {state['code']} code cells")
    return state, note


def image_pixels(explorer) -> bytes:
    """The explorer's picture as the browser shows it (a PNG screenshot of the <img> element)."""
    image = explorer.locator("img").first
    image.scroll_into_view_if_needed()
    return image.screenshot(animations="disabled")


def move_slider(page, explorer, slider, name: str) -> str:
    """Press one arrow key on the slider's handle; assert its picture and status changed. Returns a note."""
    label = slider.locator(".widget-label").first.inner_text().strip()
    handle = slider.locator(".noUi-handle").first
    value, maximum = handle.get_attribute("aria-valuenow"), handle.get_attribute("aria-valuemax")
    readout = slider.locator(".widget-readout").first
    shown = readout.inner_text()
    status = explorer.locator(".widget-html-content")
    status_before = status.first.inner_text() if status.count() else None
    before = image_pixels(explorer)
    key = "ArrowLeft" if value is not None and maximum is not None and float(value) >= float(maximum) else "ArrowRight"
    handle.focus()
    handle.press(key)
    deadline = time.monotonic() + 20
    while True:
        after = image_pixels(explorer)
        if after != before:
            break
        assert time.monotonic() < deadline, f"{name}: the picture did not change after {key} on slider {label!r}"
        time.sleep(0.1)
    new_shown = readout.inner_text()
    assert new_shown != shown, f"{name}: slider {label!r} reads {shown} before and after {key}"
    if status_before is not None and status_before.strip():
        deadline = time.monotonic() + 10
        while status.first.inner_text() == status_before:
            assert time.monotonic() < deadline, f"{name}: status line did not update after moving {label!r}: {status_before!r}"
            time.sleep(0.1)
    return f"{label}: {shown} → {new_shown}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_lesson_runs_and_its_sliders_work_in_jupyterlab(lab, path):
    server, browser = lab
    name = path.name
    started = time.perf_counter()
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    try:
        page.goto(server.url(f"notebooks/{name}"), wait_until="domcontentloaded", timeout=60_000)
        page.wait_for_selector(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell", timeout=60_000)
        state, run_note = run_like_a_learner(page, name, exercise_cells(path))
        notebook = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook")

        # every code cell numbered, none still running
        prompts = [p.strip() for p in notebook.locator(".jp-CodeCell .jp-InputPrompt").all_inner_texts()]
        assert prompts and all(p.startswith("[") and p.rstrip(":").strip("[]").isdigit() for p in prompts), \
            f"{name}: not every code cell ran: {prompts}"
        # tracebacks shown only under exercise cells: as many as there are exercise cells
        shown = notebook.locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')
        assert shown.count() == len(exercise_cells(path)), \
            f"{name}: {shown.count()} error outputs shown for {len(exercise_cells(path))} exercise cells: {shown.all_inner_texts()[:3]}"

        # every widget rendered
        expected = widget_count(path)
        explorers = notebook.locator(WIDGET_OUTPUT)
        deadline = time.monotonic() + 30
        while True:
            text = "\n".join(notebook.locator(".jp-OutputArea").all_inner_texts())  # outputs only, not code
            loading = explorers.count() < expected or "Loading widget" in text
            if not loading:
                break
            assert time.monotonic() < deadline, f"{name}: widgets still loading after 30 s ({explorers.count()}/{expected})"
            time.sleep(0.25)
        for bad in UNRENDERED:
            assert bad not in text, f"{name}: a widget did not render ({bad!r} shown)"
        assert explorers.count() == expected, f"{name}: {explorers.count()} widgets shown, {expected} expected"
        for i in range(expected):
            assert explorers.nth(i).locator(".jupyter-widgets").first.is_visible(), f"{name}: widget {i} not visible"

        # the sliders move the picture and the status line
        notes = []
        if expected:
            targets = []
            for i in range(expected):
                explorer = explorers.nth(i)
                sliders = explorer.locator(".widget-slider")
                for j in range(sliders.count()):
                    label = sliders.nth(j).locator(".widget-label").first.inner_text().strip()
                    if label in KEY_SLIDERS:
                        targets.append((explorer, sliders.nth(j)))
            if not targets:  # a lesson without those sliders: every slider of its first explorer
                explorer = explorers.first
                sliders = explorer.locator(".widget-slider")
                targets = [(explorer, sliders.nth(j)) for j in range(sliders.count())]
            assert targets, f"{name}: its explorer has no slider"
            for explorer, slider in targets:
                notes.append(move_slider(page, explorer, slider, name))
            state = page.evaluate(NOTEBOOK_STATE_JS)
            exercises = exercise_cells(path)
            new = [f"cell {c['index']}: {c['error'] or c['stderr'][:300]}" for c in state["cells"]
                   if c["index"] not in exercises and (c["error"] or c["stderr"])]
            assert not new, f"{name}: error output after moving sliders:\n" + "\n".join(new)
            explorers.first.scroll_into_view_if_needed()
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{path.stem}.png"))
        (SCREENSHOTS / f"{path.stem}-FAILED.png").unlink(missing_ok=True)  # from an earlier failed run
        print(f"\n{name}: {len(prompts)} cells ({run_note}), {expected} widgets, moved {notes or 'no sliders'}; "
              f"{time.perf_counter() - started:.1f} s")
    except Exception:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        try:
            page.screenshot(path=str(SCREENSHOTS / f"{path.stem}-FAILED.png"))
        except Exception:
            pass
        raise
    finally:
        context.close()
        server.delete_sessions_and_kernels()
