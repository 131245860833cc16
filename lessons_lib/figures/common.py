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


def new_figure(ncols: int = 1, nrows: int = 1, width: float = 8.0, height: float = 3.6,
               width_ratios: list[float] | None = None) -> tuple[Figure, np.ndarray]:
    """A figure with the course style, not registered with pyplot (so none pile up).

    Returns (fig, axes) with ``axes`` always a flat array; ``width_ratios`` (one number per
    column) gives the panels unequal widths. Show it with ``IPython.display.display(fig)``.
    """
    with mpl.rc_context(STYLE):
        fig = Figure(figsize=(width, height), layout="constrained")
        axes = fig.subplots(nrows, ncols, squeeze=False, width_ratios=width_ratios).ravel()
    for ax in axes:
        ax.grid(True, alpha=0.3)
    return fig, axes


def plot_loss_contour(ax, x, y, w_range: tuple[float, float], b_range: tuple[float, float],
                      loss: str = "half_mse", levels: int = 12, spacing: str = "linear",
                      resolution: int = 120, colorbar: bool = True, mark_minimum: bool = True):
    """A map of the loss L(w, b) over a (w, b) rectangle: the valley seen from above.

    Filled bands between contour lines (darker = lower loss), a colour bar giving the loss of
    each band, and the minimum marked with a star (the least-squares fit; not drawn for the MAE).
    ``spacing="linear"``: the levels are equally spaced in loss, so lines crowd where the ground
    is steep and spread where it is flat, like the height lines of a hiking map. ``spacing="log"``: each level is a
    constant factor below the one above, which shows the floor of a valley that is steep and flat
    at once; the colour bar then says so. Returns the filled contour set.
    """
    from ..curvature import least_squares_solution
    from ..losses import loss_surface

    if spacing not in ("linear", "log"):
        raise ValueError(f"spacing must be 'linear' or 'log', got {spacing!r}")
    w_values = np.linspace(*w_range, resolution)
    b_values = np.linspace(*b_range, resolution)
    surface = loss_surface(x, y, w_values, b_values, loss)
    if spacing == "linear":
        bounds = np.linspace(surface.min(), surface.max(), levels + 1)
        norm = None
    else:
        low = max(surface.min(), surface.max() * 1e-6)
        bounds = np.geomspace(low, surface.max(), levels + 1)
        norm = mpl.colors.LogNorm(vmin=bounds[0], vmax=bounds[-1])
    filled = ax.contourf(w_values, b_values, np.maximum(surface, bounds[0]), levels=bounds, cmap="cividis",
                         norm=norm, alpha=0.85)
    ax.contour(w_values, b_values, surface, levels=bounds, colors="white", linewidths=0.5, alpha=0.6)
    ax.grid(False)
    if colorbar:
        bar = ax.figure.colorbar(filled, ax=ax, shrink=0.9, ticks=bounds[::2])
        bar.ax.yaxis.set_major_formatter(mpl.ticker.FuncFormatter(lambda value, _: f"{value:.3g}"))
        bar.ax.yaxis.set_minor_locator(mpl.ticker.NullLocator())
        name = {"half_mse": "MSE/2", "mse": "MSE", "mae": "MAE"}.get(loss, loss)
        bar.set_label(f"loss {name}" + (" (levels ×{:.2g} apart)".format(bounds[1] / bounds[0]) if spacing == "log" else ""))
    if mark_minimum and loss != "mae":
        w_best, b_best = least_squares_solution(x, y)
        ax.plot(w_best, b_best, marker="*", markersize=15, color=COLORS["truth"], markeredgecolor="white",
                linestyle="none", label="minimum")
    ax.set_xlabel("weight $w$")
    ax.set_ylabel("bias $b$")
    ax.set_xlim(*w_range)
    ax.set_ylim(*b_range)
    return filled


# The verdicts of ``lessons_lib.classify_run`` and their colours (the same in every lesson).
RUN_CLASS_COLORS = {
    "converging": COLORS["truth"],
    "slow": COLORS["neutral"],
    "oscillating": COLORS["alternative"],
    "diverging": "#F0E442",  # Okabe-Ito yellow: past the cliff, not blown up yet
    "diverged": COLORS["loss"],
}
