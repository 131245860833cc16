"""Kernel-side cost of one slider update: a lessons_lib Explorer vs the naive way, in one run.

    python benchmarks/bench_widgets.py [--updates 25]

Both draw the same three-panel picture of a learning-rate explorer (the data with the fitted
line, the path over the loss contour, the loss curve) for the same gradient-descent run:

- Explorer: moving a slider calls the update function (recompute with the vectorised core,
  ``set_data`` on three artists), then ``LiveFigure.refresh`` blits them onto the cached
  background and encodes the PNG that the image widget sends;
- naive (what an ``ipywidgets.interact`` callback with pyplot does): the same recompute, then a
  new pyplot figure drawn from scratch with ``plt.plot``/``plt.contour``, rendered to PNG the way
  the inline backend does (``print_figure(fig, "png", bbox_inches="tight")``), then closed.
  The loss surface under the contour is computed once, outside the timing, in the naive
  way's favour.

Reported: the median over ``--updates`` slider moves (>= 20) of each, and their ratio
(target: the Explorer >= 5x faster). The widget is not connected to a browser here, so neither
side pays for sending the picture; the Explorer's PNG is smaller and sent as a binary buffer.
"""
from __future__ import annotations

import argparse
import statistics
import time

import matplotlib

matplotlib.use("agg")  # the inline backend renders with Agg too
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from IPython.core.pylabtools import print_figure  # noqa: E402

import lessons_lib as ll  # noqa: E402
from lessons_lib import widgets  # noqa: E402
from lessons_lib.figures import common as plots  # noqa: E402
from lessons_lib.figures.common import COLORS  # noqa: E402

W_RANGE, B_RANGE = (-1.0, 6.0), (-6.0, 6.0)
START_W, START_B = 0.0, -4.0
MAX_EPOCHS = 200


def run_for(lr: float, epochs: int):
    """The gradient-descent run both ways draw: y = 3x + 1 data, from (0, -4)."""
    x, y = ll.make_line_data()
    return ll.gradient_descent(x, y, START_W, START_B, lr, epochs)


def status_for(history) -> str:
    """The status line: diverged at epoch k, or the loss reached."""
    if history.diverged:
        return f"<b>diverged at epoch {history.diverged_at}</b>"
    return f"loss {history.final_loss:.3g} after {history.epochs} epochs"


def build_demo_explorer(lr: float = 0.01, epochs: int = 100) -> widgets.Explorer:
    """A learning-rate Explorer like the course's: sliders for lr and epochs, three live panels."""
    x, y = ll.make_line_data()
    x_grid = np.linspace(0, 5, 50)
    fig, (ax_fit, ax_path, ax_loss) = plots.new_figure(ncols=3, width=11, height=3.6)
    ax_fit.scatter(x, y, color=COLORS["data"], zorder=3)
    (fit_line,) = ax_fit.plot(x_grid, START_W * x_grid + START_B, color=COLORS["model"])
    ax_fit.set(xlim=(0, 5), ylim=(-6, 18), xlabel="input $x$", ylabel="output $y$", title="fitted line")
    plots.plot_loss_contour(ax_path, x, y, W_RANGE, B_RANGE)
    (path_line,) = ax_path.plot([START_W], [START_B], "o-", markersize=2, color=COLORS["model"])
    ax_path.set_title("path over the loss")
    (loss_line,) = ax_loss.semilogy([0, 1], [1, 1], color=COLORS["loss"])
    ax_loss.set(xlim=(0, MAX_EPOCHS), ylim=(1e-8, 1e8), xlabel="epoch $k$", ylabel="loss", title="loss curve")

    def show(lr_value: float, epochs_value: int) -> str:
        history = run_for(lr_value, epochs_value)
        w_end, b_end = last_state(history)
        fit_line.set_ydata(w_end * x_grid + b_end)
        path_line.set_data(history.w, history.b)
        loss_line.set_data(np.arange(epochs_value + 1), history.loss)
        return status_for(history)

    controls = [widgets.log_slider("learning rate η", lr, -4, 1), widgets.int_slider("epochs", epochs, 1, MAX_EPOCHS)]
    live = widgets.LiveFigure(fig, animated=[fit_line, path_line, loss_line])
    return widgets.Explorer(controls, live, show, "demo learning-rate explorer")


def last_state(history) -> tuple[float, float]:
    """(w, b) at the end of the run, or at its divergence epoch (the last state that is a number)."""
    k = history.diverged_at if history.diverged else history.epochs
    return history.w[k], history.b[k]


def draw_naive_figure(lr: float, epochs: int, surface: tuple):
    """What an interact callback draws each time: a new pyplot figure of the same three panels."""
    x, y = ll.make_line_data()
    history = run_for(lr, epochs)
    x_grid = np.linspace(0, 5, 50)
    w_end, b_end = last_state(history)
    fig = plt.figure(figsize=(11, 3.6), layout="constrained")
    plt.subplot(1, 3, 1)
    plt.scatter(x, y, color=COLORS["data"], zorder=3)
    plt.plot(x_grid, w_end * x_grid + b_end, color=COLORS["model"])
    plt.xlim(0, 5), plt.ylim(-6, 18), plt.xlabel("input $x$"), plt.ylabel("output $y$"), plt.title("fitted line")
    plt.subplot(1, 3, 2)
    w_values, b_values, values, levels = surface
    plt.contour(w_values, b_values, values, levels=levels, colors=COLORS["neutral"], linewidths=0.8)
    plt.plot(history.w, history.b, "o-", markersize=2, color=COLORS["model"])
    plt.xlim(*W_RANGE), plt.ylim(*B_RANGE), plt.xlabel("weight $w$"), plt.ylabel("bias $b$")
    plt.title("path over the loss")
    plt.subplot(1, 3, 3)
    plt.semilogy(np.arange(epochs + 1), history.loss, color=COLORS["loss"])
    plt.xlim(0, MAX_EPOCHS), plt.ylim(1e-8, 1e8), plt.xlabel("epoch $k$"), plt.ylabel("loss"), plt.title("loss curve")
    return fig


def naive_update(lr: float, epochs: int, surface: tuple) -> bytes:
    """What an interact callback costs: recompute, draw a new pyplot figure, render it to PNG, close it."""
    fig = draw_naive_figure(lr, epochs, surface)
    png = print_figure(fig, "png", bbox_inches="tight")  # what the inline backend sends
    plt.close(fig)
    return png


def loss_surface_for_naive() -> tuple:
    x, y = ll.make_line_data()
    w_values, b_values = np.linspace(*W_RANGE, 120), np.linspace(*B_RANGE, 120)
    values = ll.loss_surface(x, y, w_values, b_values)
    return w_values, b_values, values, np.geomspace(max(values.min(), values.max() * 1e-6), values.max(), 20)


def slider_moves(count: int) -> list[tuple[float, int]]:
    """``count`` (lr, epochs) settings, each differing from the previous in one slider only.

    Even moves step the learning rate along 1e-3 .. 0.2, odd moves step the epochs along 40 .. 200.
    """
    lrs = np.geomspace(1e-3, 0.2, count)
    epochs = np.linspace(40, MAX_EPOCHS, count).astype(int)
    moves, lr, k = [], float(lrs[0]), int(epochs[0])
    for i in range(count):
        if i % 2 == 0:
            lr = float(lrs[i])
        else:
            k = int(epochs[i])
        moves.append((lr, k))
    return moves


def time_explorer(moves) -> list[float]:
    """Seconds per slider move: assigning a slider's value fires the Explorer's observer
    (recompute + set_data + blit + PNG), exactly as a message from the browser would."""
    explorer = build_demo_explorer(lr=0.5, epochs=20)  # a state none of the moves repeats
    lr_slider, epochs_slider = explorer.controls
    updates = []
    lr_slider.observe(updates.append, names="value")
    epochs_slider.observe(updates.append, names="value")
    times = []
    for lr, epochs in moves:
        slider, value = (lr_slider, lr) if lr != lr_slider.value else (epochs_slider, epochs)
        start = time.perf_counter()
        slider.value = value
        times.append(time.perf_counter() - start)
    if len(updates) != len(moves):
        raise RuntimeError(f"expected one update per move, got {len(updates)} for {len(moves)} moves")
    return times


def time_naive(moves) -> list[float]:
    surface = loss_surface_for_naive()
    times = []
    for lr, epochs in moves:
        start = time.perf_counter()
        naive_update(lr, epochs, surface)
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--updates", type=int, default=25, help="slider moves to time (>= 20)")
    args = parser.parse_args()
    if args.updates < 20:
        parser.error(f"--updates must be >= 20, got {args.updates}")
    moves = slider_moves(args.updates)
    naive_update(*moves[0], loss_surface_for_naive())  # warm up font caches etc. for both
    build_demo_explorer().update()
    explorer_ms = statistics.median(time_explorer(moves)) * 1e3
    naive_ms = statistics.median(time_naive(moves)) * 1e3
    print(f"one slider update, kernel side, median of {args.updates}:")
    print(f"  lessons_lib Explorer (recompute + blit + PNG):        {explorer_ms:7.2f} ms")
    print(f"  naive interact-style (recompute + new plt figure + PNG): {naive_ms:7.2f} ms")
    print(f"  Explorer is {naive_ms / explorer_ms:.1f}x faster (target >= 5x)")


if __name__ == "__main__":
    main()
