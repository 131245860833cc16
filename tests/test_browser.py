"""Every lesson, used the way a learner uses it: in JupyterLab, in a real (headless) Chromium.

For each notebook: open it in a fresh page, run all cells, wait until the kernel is idle and
every code cell has its number, then check that no cell raised or wrote to stderr, that every
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
import time
from pathlib import Path

import pytest
from browser_support import CHROMIUM_ARGS, NOTEBOOK_STATE_JS, ROOT, JupyterLab, copy_notebooks, find_chromium

NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
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
    pytest.skip(f"{reason}: browser tests skipped")


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """JupyterLab on a copy of notebooks/, stopped by its PID at the end whatever happened."""
    chromium = find_chromium()
    if chromium is None:
        _unavailable("Chromium is not installed (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("Playwright for Python is not installed (pip install -r requirements-dev.txt)")
    workdir = tmp_path_factory.mktemp("lab")
    copy_notebooks(workdir)
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


def run_all_cells(page, name: str) -> dict:
    """Wait for the idle kernel, run every cell, wait until all are numbered and the kernel is idle again."""
    deadline = time.monotonic() + 60
    while True:
        state = page.evaluate(NOTEBOOK_STATE_JS)
        if state and state["status"] == "idle":
            break
        assert time.monotonic() < deadline, f"{name}: kernel not idle 60 s after opening (state {state})"
        time.sleep(0.25)
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
    deadline = time.monotonic() + RUN_TIMEOUT
    while True:
        state = page.evaluate(NOTEBOOK_STATE_JS)
        assert not state["errors"], f"{name}: error output while running:\n" + "\n".join(state["errors"])
        if state["done"] == state["code"] and state["status"] == "idle":
            return state
        assert time.monotonic() < deadline, f"{name}: run all not finished after {RUN_TIMEOUT} s (state {state})"
        time.sleep(0.25)


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
        run_all_cells(page, name)
        notebook = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook")

        # every code cell numbered, none still running
        prompts = [p.strip() for p in notebook.locator(".jp-CodeCell .jp-InputPrompt").all_inner_texts()]
        assert prompts and all(p.startswith("[") and p.rstrip(":").strip("[]").isdigit() for p in prompts), \
            f"{name}: not every code cell ran: {prompts}"
        # no traceback shown anywhere
        stderr = notebook.locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')
        assert stderr.count() == 0, f"{name}: error output shown: {stderr.all_inner_texts()[:3]}"

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
            assert not state["errors"], f"{name}: error output after moving sliders:\n" + "\n".join(state["errors"])
            explorers.first.scroll_into_view_if_needed()
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{path.stem}.png"))
        (SCREENSHOTS / f"{path.stem}-FAILED.png").unlink(missing_ok=True)  # from an earlier failed run
        print(f"\n{name}: {len(prompts)} cells, {expected} widgets, moved {notes or 'no sliders'}; "
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
