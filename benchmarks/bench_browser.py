"""In a real browser: time from a slider keypress to the changed picture, Explorer vs the naive way.

    python benchmarks/bench_browser.py [--moves 20]

Needs Debian's chromium (/usr/bin/chromium) and the dev requirements (Playwright). The
benchmark writes a temporary notebook with two slider panels that draw the same three-panel
learning-rate picture (the demo of benchmarks/bench_widgets.py):

- a lessons_lib ``Explorer`` (moves three artists, blits, sends a PNG to an image widget);
- the naive way: ``ipywidgets.interact`` with a callback that draws a new figure with
  ``plt.plot``/``plt.contour`` and ``plt.show()``s it (the inline backend renders and sends it).

JupyterLab runs it in headless Chromium; for each panel the learning-rate slider's handle gets
``--moves`` ArrowRight/ArrowLeft presses (one at a time, the kernel idle in between). Each time
is measured inside the page, from the keydown event to the first animation frame after the new
picture has been decoded (the changed pixels are on screen). Reported: both medians and their
ratio, measured in one run (issue 5 asks for the Explorer at <= 0.5x the naive time).
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from browser_support import CHROMIUM_ARGS, NOTEBOOK_STATE_JS, JupyterLab, find_chromium  # noqa: E402

SETUP = f"""import sys
sys.path.insert(0, {str(ROOT / "benchmarks")!r})
import bench_widgets as bw  # it selects the Agg backend for its own timing: select inline after it
%matplotlib inline
import matplotlib.pyplot as plt
from ipywidgets import FloatLogSlider, IntSlider, interact"""

EXPLORER = "bw.build_demo_explorer(lr=0.01, epochs=100)"

NAIVE = """surface = bw.loss_surface_for_naive()


def naive(lr, epochs):
    bw.draw_naive_figure(lr, epochs, surface)  # a new pyplot figure each time, as interact users write it
    plt.show()


interact(naive, lr=FloatLogSlider(value=0.01, base=10, min=-4, max=1, step=0.1, description="learning rate η"),
         epochs=IntSlider(value=100, min=1, max=bw.MAX_EPOCHS, description="epochs"));"""

# In the page: resolve with the ms from the handle's keydown to the first frame after the panel's
# picture changed (another <img> element or another src) and the new picture was decoded.
TIMER_JS = """(index) => {
  const panels = document.querySelectorAll('.jp-OutputArea-output:has(> .jupyter-widgets)');
  const root = panels[index];
  const lastImage = () => Array.from(root.querySelectorAll('img')).pop();
  const img0 = lastImage(), src0 = img0 && img0.src;
  const handle = root.querySelector('.noUi-handle');
  let t0 = null;
  handle.addEventListener('keydown', () => { t0 = performance.now(); }, {once: true, capture: true});
  window.__benchResult = new Promise(resolve => {
    const tick = async () => {
      const img = lastImage();
      if (t0 !== null && img && (img !== img0 || img.src !== src0)) {
        try { await img.decode(); } catch (e) {}
        requestAnimationFrame(() => resolve(performance.now() - t0));
        return;
      }
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}"""


def wait_idle(page, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while True:
        state = page.evaluate(NOTEBOOK_STATE_JS)
        if state and state["errors"]:
            raise RuntimeError("error in the benchmark notebook:\n" + "\n".join(state["errors"]))
        if state and state["status"] == "idle" and state["done"] == state["code"]:
            return
        if time.monotonic() > deadline:
            raise RuntimeError(f"kernel not idle after {timeout} s: {state}")
        time.sleep(0.05)


def time_panel(page, index: int, moves: int) -> list[float]:
    panel = page.locator(".jp-OutputArea-output:has(> .jupyter-widgets)").nth(index)
    handle = panel.locator(".noUi-handle").first  # the learning-rate slider comes first in both
    handle.scroll_into_view_if_needed()
    times = []
    for i in range(moves):
        page.evaluate(TIMER_JS, index)
        handle.press("ArrowRight" if (i // 5) % 2 == 0 else "ArrowLeft")  # 5 right, 5 left, ...
        times.append(page.evaluate("() => window.__benchResult"))
        wait_idle(page)
        time.sleep(0.15)  # let the last message settle before the next move
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--moves", type=int, default=20, help="slider moves per panel (>= 20)")
    args = parser.parse_args()
    if args.moves < 20:
        parser.error(f"--moves must be >= 20, got {args.moves}")
    chromium = find_chromium()
    if chromium is None:
        sys.exit("Chromium is not installed (apt-get install chromium): cannot run the browser benchmark")
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="bench-browser-") as tmp:
        workdir = Path(tmp)
        nb = nbformat.v4.new_notebook()
        nb.cells = [nbformat.v4.new_code_cell(SETUP), nbformat.v4.new_code_cell(EXPLORER), nbformat.v4.new_code_cell(NAIVE)]
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
        nbformat.write(nb, workdir / "bench.ipynb")
        server = JupyterLab(workdir)
        try:
            server.start()
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS, headless=True)
                page = browser.new_page(viewport={"width": 1400, "height": 1000})
                page.goto(server.url("bench.ipynb"), timeout=60_000)
                page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60_000)
                while (state := page.evaluate(NOTEBOOK_STATE_JS)) is None or state["status"] != "idle":
                    time.sleep(0.2)
                page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
                wait_idle(page)
                page.locator(".jp-OutputArea-output:has(> .jupyter-widgets) img").nth(1).wait_for(timeout=30_000)
                time_panel(page, 0, 3), time_panel(page, 1, 3)  # warm-up: fonts, caches, first paints
                explorer = time_panel(page, 0, args.moves)
                naive = time_panel(page, 1, args.moves)
                browser.close()
        finally:
            server.stop()
    explorer_ms, naive_ms = statistics.median(explorer), statistics.median(naive)
    print(f"slider keypress -> changed pixels in headless Chromium, median of {args.moves} moves:")
    print(f"  lessons_lib Explorer (blit + image widget):        {explorer_ms:7.1f} ms")
    print(f"  naive interact + new plt figure + plt.show():     {naive_ms:7.1f} ms")
    print(f"  ratio Explorer / naive: {explorer_ms / naive_ms:.2f}x (target <= 0.5x)")


if __name__ == "__main__":
    main()
