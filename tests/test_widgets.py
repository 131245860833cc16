"""Widgets driven from Python: what a learner dragging sliders relies on.

- 500 slider moves leave memory (RSS) growth under 20 MB, create no pyplot figures and raise
  no warning at all (so never "More than 20 figures have been opened");
- slider ranges cannot reach invalid values, and a diverged run shows its status line;
- an Explorer's output bundle holds the live widget, a PNG of its first state and a stable text;
- every Explorer in every lesson survives its sliders' extremes without a warning or error,
  and its status line and picture change when a slider moves.

The test explorer is the one ``benchmarks/bench_widgets.py`` times, so the benchmark and the
tests exercise the same thing.
"""
from __future__ import annotations

import gc
import importlib.util
import os
import re
import warnings
from pathlib import Path

import matplotlib

matplotlib.use("agg")
import ipywidgets  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import nbformat  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from lessons_lib import widgets  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "teacher").glob("[0-9][0-9]_*.ipynb"))  # the teacher's edition: its exercises are answered, so every cell runs


def _load_benchmark():
    spec = importlib.util.spec_from_file_location("bench_widgets", ROOT / "benchmarks" / "bench_widgets.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


bench = _load_benchmark()


def resident_memory_bytes() -> int:
    """The process's resident set size, from /proc/self/statm (Linux)."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def slider_values(slider, count: int) -> list:
    """``count`` values spread over the slider's whole range, both ends included."""
    if isinstance(slider, ipywidgets.FloatLogSlider):
        exps = np.linspace(slider.min, slider.max, count)
        return [float(slider.base ** e) for e in exps]
    values = np.linspace(slider.min, slider.max, count)
    return [int(round(v)) for v in values] if isinstance(slider, ipywidgets.IntSlider) else [float(v) for v in values]


@pytest.mark.skipif(not Path("/proc/self/statm").exists(), reason="RSS is read from /proc/self/statm (Linux only)")
def test_500_updates_keep_memory_flat_and_open_no_figures():
    # RSS, not tracemalloc: the figure's pixel buffers live in Agg's C++ code and PIL, which
    # tracemalloc does not see; RSS counts every byte the process holds. A warm-up of 20 moves
    # first, so one-off caches (fonts, text layout) are not mistaken for growth.
    explorer = bench.build_demo_explorer()
    lr_slider, epochs_slider = explorer.controls
    moves = [(float(lr), int(k)) for lr, k in zip(np.geomspace(1e-4, 10, 25), np.linspace(1, 200, 25))]
    figures_before = plt.get_fignums()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # any warning, "More than 20 figures" included, fails the test
        for lr, k in moves[:20]:
            lr_slider.value, epochs_slider.value = lr, k
        gc.collect()
        rss_before = resident_memory_bytes()
        for i in range(500):
            lr, k = moves[i % len(moves)]
            (lr_slider if i % 2 == 0 else epochs_slider).value = lr if i % 2 == 0 else k
        gc.collect()
        growth_mb = (resident_memory_bytes() - rss_before) / 2**20
    print(f"RSS growth over 500 slider moves: {growth_mb:.2f} MB")
    assert growth_mb < 20, f"500 slider moves grew memory by {growth_mb:.1f} MB"
    assert plt.get_fignums() == figures_before, "slider moves opened pyplot figures"


def test_sliders_clamp_out_of_range_values():
    explorer = bench.build_demo_explorer()
    for slider in explorer.controls:
        slider.value = slider.max * 1000 if not isinstance(slider, ipywidgets.FloatLogSlider) else 1e9
        assert slider.value == pytest.approx(slider.max if not isinstance(slider, ipywidgets.FloatLogSlider)
                                             else slider.base ** slider.max)
        slider.value = -5
        low = slider.base ** slider.min if isinstance(slider, ipywidgets.FloatLogSlider) else slider.min
        assert slider.value == pytest.approx(low)
        assert slider.value > 0, f"{slider.description!r} can reach {slider.value}, not a valid value"


def test_course_slider_factories_have_valid_ranges():
    lr = widgets.log_slider("learning rate η", 1e-2, -4, 1)
    assert lr.base ** lr.min == pytest.approx(1e-4) and lr.base ** lr.max == pytest.approx(10)
    assert lr.continuous_update
    epochs = widgets.int_slider("epochs", 10, 1, 100)
    epochs.value = 0
    assert epochs.value == 1


def test_diverged_run_shows_status_without_warnings():
    explorer = bench.build_demo_explorer()
    lr_slider, epochs_slider = explorer.controls
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        epochs_slider.value = epochs_slider.max
        lr_slider.value = 10 ** lr_slider.max  # lr = 10 on y = 3x + 1: far past the limit
    assert re.search(r"diverged at epoch \d+", explorer.status.value), explorer.status.value
    assert "nan" not in explorer.status.value.lower() and "inf" not in explorer.status.value.lower()


def test_mimebundle_has_widget_png_and_stable_text():
    first, second = bench.build_demo_explorer(), bench.build_demo_explorer()
    bundle = first._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert bundle["image/png"] and isinstance(bundle["image/png"], str)  # base64 text, as Jupyter stores it
    assert bundle["text/plain"] == second._repr_mimebundle_()["text/plain"]
    assert not re.search(r"0x[0-9a-f]+|model_id|[0-9a-f]{32}", bundle["text/plain"])


def _run_notebook_in_process(path: Path) -> dict:
    """Execute a notebook's code cells in one namespace (magics dropped, display a no-op)."""
    namespace = {"__name__": f"notebook_{path.stem}"}
    import IPython.display

    original_display = IPython.display.display
    IPython.display.display = lambda *args, **kwargs: None
    try:
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "code":
                source = "\n".join(line for line in cell.source.splitlines() if not line.lstrip().startswith("%"))
                exec(compile(source, f"{path.name}", "exec"), namespace)
    finally:
        IPython.display.display = original_display
    return namespace


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_every_lesson_explorer_survives_its_slider_ranges(path):
    gc.collect()
    before = {id(o) for o in gc.get_objects() if isinstance(o, widgets.Explorer)}
    namespace = _run_notebook_in_process(path)
    explorers = [o for o in gc.get_objects() if isinstance(o, widgets.Explorer) and id(o) not in before]
    if not explorers:  # fine for a lesson without sliders, but then it must show no widget at all
        stored = path.read_text()
        assert "application/vnd.jupyter.widget-view+json" not in stored, f"{path.name} shows widgets that are not Explorers"
        return
    for explorer in explorers:
        start_status, start_png = explorer.status.value, explorer.live.image.value
        statuses, pictures = {start_status}, {start_png}
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            for slider in explorer.controls:
                initial = slider.value
                for value in slider_values(slider, 7):
                    slider.value = value
                    status = explorer.status.value
                    assert status.strip(), f"{explorer.description}: empty status at {slider.description} = {value}"
                    assert not re.search(r"\bnan\b", status.lower()), f"{explorer.description}: NaN in status {status!r}"
                    statuses.add(status)
                    pictures.add(explorer.live.image.value)
                slider.value = initial
        assert len(statuses) > 1, f"{explorer.description}: the status line never changed"
        assert len(pictures) > 1, f"{explorer.description}: the picture never changed"
    del namespace
