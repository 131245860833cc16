"""Plot helpers shared by every lesson: one palette, one look, functions that take an ``ax``.

Colours come from the Okabe-Ito palette (safe for the common colour-vision deficiencies)
and mean the same thing in every lesson.
"""
from __future__ import annotations

import matplotlib as mpl
import numpy as np
from matplotlib.figure import Figure

COLORS = {
    "data": "#000000",        # black: the data points
    "truth": "#009E73",       # bluish green: the true line / the minimum
    "model": "#0072B2",       # blue: the neuron's current line / gradient descent
    "start": "#E69F00",       # orange: where a run starts / the initial guess
    "loss": "#D55E00",        # vermillion: loss curves
    "alternative": "#CC79A7", # reddish purple: a second method or loss (MAE, random guessing, ...)
    "accent": "#56B4E9",      # sky blue: a third method or a highlight
    "neutral": "#999999",     # grey: reference lines, contours
}

STYLE = {
    "figure.figsize": (8.0, 4.0),
    "figure.dpi": 100,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.titlesize": 12,
    "axes.labelsize": 11,
    "legend.fontsize": 9,
    "axes.prop_cycle": mpl.cycler(color=[COLORS[k] for k in ("model", "loss", "truth", "alternative", "start", "accent")]),
}


def new_figure(ncols: int = 1, nrows: int = 1, width: float = 8.0, height: float = 3.6) -> tuple[Figure, np.ndarray]:
    """A figure with the course style, not registered with pyplot (so none pile up).

    Returns (fig, axes) with ``axes`` always a flat array. Show it with ``IPython.display.display(fig)``.
    """
    with mpl.rc_context(STYLE):
        fig = Figure(figsize=(width, height), layout="constrained")
        axes = fig.subplots(nrows, ncols, squeeze=False).ravel()
    for ax in axes:
        ax.grid(True, alpha=0.3)
    return fig, axes


def plot_data_and_line(ax, x, y, w: float, b: float, label: str = "neuron: $\\hat y = wx + b$"):
    """Scatter the data points and draw the neuron's line yhat = w x + b across them."""
    x = np.ravel(x)
    ax.scatter(x, np.ravel(y), color=COLORS["data"], zorder=3, label="data")
    grid = np.linspace(min(0.0, x.min()) - 0.1, x.max() + 0.1, 50)
    (line,) = ax.plot(grid, w * grid + b, color=COLORS["model"], label=label)
    ax.set_xlabel("input $x$")
    ax.set_ylabel("output $y$")
    ax.legend(loc="upper left")
    return line


def plot_loss_curve(ax, history, label: str | None = None, color: str | None = None):
    """Loss against epoch on a log scale, with the divergence epoch marked if the run blew up."""
    epochs = np.arange(history.loss.shape[-1])
    (line,) = ax.semilogy(epochs, history.loss, color=color or COLORS["loss"], label=label)
    if history.diverged:
        ax.axvline(history.diverged_at, color=COLORS["neutral"], linestyle="--")
        ax.annotate(f"diverged at epoch {history.diverged_at}", (history.diverged_at, 1),
                    xycoords=("data", "axes fraction"), xytext=(4, -14), textcoords="offset points", fontsize=9)
    ax.set_xlabel("epoch $k$")
    ax.set_ylabel("loss $L$ (log scale)")
    return line


def plot_loss_contour(ax, x, y, w_range: tuple[float, float], b_range: tuple[float, float],
                      loss: str = "half_mse", levels: int = 20, resolution: int = 120):
    """Contour lines of the loss L(w, b) over a (w, b) rectangle, with its minimum marked.

    Levels are spaced logarithmically so both the steep walls and the flat floor show.
    Returns the contour set.
    """
    from .descent import least_squares_solution
    from .losses import loss_surface

    w_values = np.linspace(*w_range, resolution)
    b_values = np.linspace(*b_range, resolution)
    surface = loss_surface(x, y, w_values, b_values, loss)
    low = max(surface.min(), surface.max() * 1e-6)
    contours = ax.contour(w_values, b_values, surface, levels=np.geomspace(low, surface.max(), levels),
                          colors=COLORS["neutral"], linewidths=0.8)
    if loss != "mae":
        w_best, b_best = least_squares_solution(x, y)
        ax.plot(w_best, b_best, marker="*", markersize=14, color=COLORS["truth"], linestyle="none", label="minimum")
    ax.set_xlabel("weight $w$")
    ax.set_ylabel("bias $b$")
    ax.set_xlim(*w_range)
    ax.set_ylim(*b_range)
    return contours


def plot_path(ax, history, label: str = "gradient descent", color: str | None = None, every: int = 1):
    """The (w, b) path of a one-input run over a loss contour: a line through every ``every``-th state."""
    (path,) = ax.plot(history.w[::every], history.b[::every], marker="o", markersize=3,
                      color=color or COLORS["model"], label=label)
    ax.plot(history.w[0], history.b[0], marker="s", markersize=7, color=COLORS["start"], linestyle="none", label="start")
    return path
