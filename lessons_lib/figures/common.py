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
                      loss: str = "half_mse", levels: int = 12, spacing: str = "linear",
                      resolution: int = 120, colorbar: bool = True, mark_minimum: bool = True):
    """A map of the loss L(w, b) over a (w, b) rectangle, read like a hiking map of a valley.

    Filled bands between contour lines (darker = lower loss), a colour bar giving the loss of
    each band, and the minimum marked with a star (the least-squares fit; not drawn for the MAE).
    ``spacing="linear"``: the levels are equally spaced in loss, so lines crowd where the ground
    is steep and spread where it is flat, as on a hiking map. ``spacing="log"``: each level is a
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


def plot_path(ax, history, label: str = "gradient descent", color: str | None = None, every: int = 1):
    """The (w, b) path of a one-input run over a loss contour: a line through every ``every``-th state."""
    (path,) = ax.plot(history.w[::every], history.b[::every], marker="o", markersize=3,
                      color=color or COLORS["model"], label=label)
    ax.plot(history.w[0], history.b[0], marker="s", markersize=7, color=COLORS["start"], linestyle="none", label="start")
    return path


def plot_loss_vs_w(ax, x, y, b: float, w_values, loss: str = "half_mse", label: str | None = None,
                   color: str | None = None):
    """The loss along one slice of the landscape: L(w, b) against w with the bias held at ``b``.

    Returns the line; its y-data are ``loss_surface(x, y, w_values, [b], loss)[0]``.
    """
    from ..losses import loss_surface

    w_values = np.asarray(w_values, dtype=float)
    values = loss_surface(x, y, w_values, [b], loss)[0]
    (line,) = ax.plot(w_values, values, color=color or COLORS["loss"], label=label or loss)
    ax.set_xlabel("weight $w$")
    ax.set_ylabel(f"loss $L(w, b={b:g})$")
    return line


# ---- Lesson 1 additions ----------------------------------------------------------------------

def plot_solution_line(ax, x_range: tuple[float, float] = (-10.0, 10.0),
                       label: str = "solutions: $256x + 212y = 1492$"):
    """The puzzle's solutions, the straight line y = (1492 - 256 x) / 212, drawn over ``x_range``."""
    from ..puzzle import COEFFICIENTS, TARGET

    xs = np.array(x_range, dtype=float)
    (line,) = ax.plot(xs, (TARGET - COEFFICIENTS[0] * xs) / COEFFICIENTS[1], color=COLORS["truth"],
                      linewidth=2, label=label)
    ax.set_xlabel("$x$")
    ax.set_ylabel("$y$")
    return line


def plot_error_curve(ax, run, label: str | None = None, color: str | None = None, **style):
    """|error| of a ``PuzzleRun`` against the evaluation number 1, 2, ..., both axes logarithmic.

    Extra keyword arguments (linestyle, marker, alpha, ...) go to ``ax.plot``. Returns the line.
    """
    evaluations = np.arange(1, run.evaluations + 1)
    (line,) = ax.plot(evaluations, np.abs(run.errors), color=color or COLORS["model"], label=label, **style)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("evaluations of the equation (log scale)")
    ax.set_ylabel("$|e| = |256x + 212y - 1492|$")
    return line


def plot_puzzle_path(ax, run, label: str | None = None, color: str | None = None, **style):
    """The (x, y) points a ``PuzzleRun`` evaluated, joined in order, with its first point marked."""
    (path,) = ax.plot(run.path[:, 0], run.path[:, 1], color=color or COLORS["model"], label=label, **style)
    ax.plot(*run.path[0], marker="s", markersize=7, color=COLORS["start"], linestyle="none")
    return path


# ---- end of lesson 1 additions -------------------------------------------------------------


# ---- Lesson 3 additions ----------------------------------------------------------------------

def tangent_line(x, y, w: float, b: float, loss: str = "half_mse",
                 half_width: float = 1.0) -> tuple[np.ndarray, np.ndarray, float]:
    """The tangent to the loss-vs-w curve at ``w`` (bias held at ``b``).

    T(v) = L(w, b) + dL/dw * (v - w), for v from w - half_width to w + half_width: the straight
    line through the point (w, L(w, b)) whose slope is the derivative dL/dw there.

    Returns (v, T(v), dL/dw) with v and T(v) as arrays of 2 points (a straight line needs no more).
    """
    from .._validate import check_positive_number
    from ..losses import loss_and_gradient

    half_width = check_positive_number(half_width, "half_width")
    value, slope, _ = loss_and_gradient(x, y, float(w), b, loss)
    v = np.array([w - half_width, w + half_width], dtype=float)
    return v, value + slope * (v - w), float(slope)


def plot_tangent(ax, x, y, w: float, b: float, loss: str = "half_mse", half_width: float = 1.0,
                 color: str | None = None, label: str | None = None):
    """Draw the tangent of ``tangent_line`` and a dot at the point of contact (w, L(w, b)).

    Returns (line, dot) so a slider can move both with ``set_data``.
    """
    v, values, slope = tangent_line(x, y, w, b, loss, half_width)
    color = color or COLORS["model"]
    (line,) = ax.plot(v, values, color=color, linewidth=2,
                      label=label if label is not None else f"tangent, slope $dL/dw = {slope:.3g}$")
    (dot,) = ax.plot([w], [values.mean()], marker="o", markersize=7, color=color, linestyle="none")
    return line, dot


def gradient_field(x, y, w_values, b_values, loss: str = "half_mse") -> tuple[np.ndarray, np.ndarray]:
    """The gradient (dL/dw, dL/db) of a one-input neuron at every point of a (w, b) grid.

    Entry [i, j] belongs to (w_values[j], b_values[i]), the layout of ``loss_surface``.
    Returns (dL/dw, dL/db), two arrays of shape (len(b_values), len(w_values)).
    """
    from ..losses import LOSS_NAMES, grid_errors, loss_derivative_per_prediction
    from .._validate import check_choice

    check_choice(loss, "loss", LOSS_NAMES)
    x_vec, errors = grid_errors(x, y, w_values, b_values, "gradient_field")
    g = loss_derivative_per_prediction(errors, loss)  # dL/dyhat_i at every grid point, (n, len(b), len(w))
    return np.tensordot(x_vec, g, axes=1), g.sum(axis=0)  # dL/dw = sum_i g_i x_i, dL/db = sum_i g_i


def plot_gradient_field(ax, x, y, w_range: tuple[float, float], b_range: tuple[float, float],
                        loss: str = "half_mse", arrows: int = 12, normalise: bool = True,
                        downhill: bool = True, color: str | None = None):
    """Arrows of the gradient field on an arrows x arrows grid over the (w, b) rectangle.

    downhill=True draws -grad L (the direction a gradient-descent step moves), False draws
    +grad L (uphill). normalise=True gives every arrow the same length (only the direction
    shows, so the flat floor is as readable as the steep walls); False scales them so the
    longest arrow spans about one grid cell. Arrows are drawn in data coordinates: with
    ``ax.set_aspect("equal")`` they cross the contour lines at right angles.
    Returns the matplotlib Quiver.
    """
    from .._validate import check_whole_number

    arrows = check_whole_number(arrows, "arrows", 2)
    w_values = np.linspace(*w_range, arrows + 2)[1:-1]  # keep the arrows off the frame
    b_values = np.linspace(*b_range, arrows + 2)[1:-1]
    dw, db = gradient_field(x, y, w_values, b_values, loss)
    sign = -1.0 if downhill else 1.0
    u, v = sign * dw, sign * db
    length = np.hypot(u, v)
    cell = min(w_values[1] - w_values[0], b_values[1] - b_values[0])
    if normalise:
        safe = np.where(length > 0, length, 1.0)
        u, v, size = u / safe, v / safe, 1.0
    else:
        size = max(float(length.max()), 1e-300)
    w_grid, b_grid = np.meshgrid(w_values, b_values)
    return ax.quiver(w_grid, b_grid, u, v, angles="xy", scale_units="xy", scale=size / (0.8 * cell),
                     color=color or COLORS["model"], width=0.004)

# ---- end of lesson 3 additions -------------------------------------------------------------


# ---- Lesson 4 additions ----------------------------------------------------------------------

def plot_fits_over_epochs(ax, x, y, history, epochs, x_range: tuple[float, float] | None = None):
    """The data and the neuron's line yhat = w_k x + b_k after each epoch k in ``epochs``.

    The earliest line is drawn in the "start" colour, later ones in the "model" colour, getting
    darker with k, so the picture reads as the line swinging into place. One-input runs only.
    Returns the list of lines (in the order of ``epochs``).
    """
    x_flat = np.ravel(x)
    if np.ndim(history.w) != 1:
        raise ValueError(f"plot_fits_over_epochs draws single one-input runs; history.w has shape {np.shape(history.w)}")
    last = len(history.w) - 1
    bad = [k for k in epochs if not (isinstance(k, (int, np.integer)) and 0 <= k <= last)]
    if bad:
        raise ValueError(f"epochs must be whole numbers from 0 to {last} (the run's length), got {bad[0]!r}")
    low, high = x_range or (min(0.0, x_flat.min()) - 0.1, x_flat.max() + 0.1)
    grid = np.linspace(low, high, 50)
    ax.scatter(x_flat, np.ravel(y), color=COLORS["data"], zorder=3, label="data")
    lines = []
    for j, k in enumerate(epochs):
        w, b = history.w[k], history.b[k]
        first = j == 0
        shade = 1.0 if first else 0.35 + 0.65 * j / max(len(epochs) - 1, 1)
        (line,) = ax.plot(grid, w * grid + b, color=COLORS["start" if first else "model"], alpha=shade,
                          label=f"epoch {k}: $\\hat y = {w:.2f}x {'+' if b >= 0 else '-'} {abs(b):.2f}$")
        lines.append(line)
    ax.set_xlabel("input $x$")
    ax.set_ylabel("output $y$")
    return lines


def plot_curvature_directions(ax, x, center, loss: str = "half_mse", length: float = 1.0):
    """Draw the Hessian's two eigen-directions through ``center`` = (w, b) on a loss contour.

    The loss near its minimum is a bowl whose axes are the eigenvectors q_j of the Hessian H;
    along q_j its curvature is the eigenvalue lambda_j. The steep axis (largest lambda) is
    drawn in the "loss" colour, the flat one (smallest lambda) in the "accent" colour, each as a
    segment of half-length ``length`` (in parameter units). One-input neurons only.
    Returns (steep_line, flat_line, eigenvalues (ascending), eigenvectors as columns).
    """
    from .._validate import check_positive_number
    from ..curvature import hessian

    lam, Q = np.linalg.eigh(hessian(x, loss))
    if len(lam) != 2:
        raise ValueError(f"plot_curvature_directions draws one-input neurons (w, b); x has {len(lam) - 1} input features")
    length = check_positive_number(length, "length")
    c = np.asarray(center, dtype=float)
    lines = []
    for j, (name, color) in ((1, ("steep", COLORS["loss"])), (0, ("flat", COLORS["accent"]))):
        ends = c[:, None] + length * np.outer(Q[:, j], [-1, 1])
        (line,) = ax.plot(ends[0], ends[1], color=color, linewidth=2.5,
                          label=f"{name} direction: $\\lambda = {lam[j]:.3g}$")
        lines.append(line)
    return lines[0], lines[1], lam, Q

# ---- end of lesson 4 additions -------------------------------------------------------------


# ---- Lesson 5 additions ----------------------------------------------------------------------

# The verdicts of ``lessons_lib.classify_run`` and their colours (the same in every figure).
RUN_CLASS_COLORS = {
    "converging": COLORS["truth"],
    "slow": COLORS["neutral"],
    "oscillating": COLORS["alternative"],
    "diverging": "#F0E442",  # Okabe-Ito yellow: past the cliff, not blown up yet
    "diverged": COLORS["loss"],
}
# How strongly each verdict's band is shaded, relative to ``alpha``: the pale reddish purple
# of 'oscillating' needs 2.5x the opacity to stay visible next to the others.
RUN_CLASS_BAND_WEIGHT = {"converging": 1.0, "slow": 1.0, "oscillating": 2.5, "diverging": 2.0, "diverged": 1.0}


def plot_learning_rate_sweep(ax, sweep, epoch: int | None = None, label: str | None = None,
                             color: str | None = None):
    """The loss after ``epoch`` updates (default: all of them) against the learning rate, log-log.

    ``sweep`` is the History of ``gradient_descent`` called with an array of learning rates.
    Runs that diverged before ``epoch`` hold NaN there, so the curve simply stops at the cliff.
    """
    k = sweep.epochs if epoch is None else int(epoch)
    (line,) = ax.loglog(sweep.lr, sweep.loss[:, k], color=color or COLORS["model"],
                        label=label or f"after {k} epochs")
    ax.set_xlabel("learning rate $\\eta$ (log scale)")
    ax.set_ylabel("loss $L$ (log scale)")
    return line


def mark_learning_rate_limits(ax, limit: float, optimum: float) -> None:
    """Vertical lines at the stability limit 2/lambda_max (dashed) and the fastest rate 2/(lambda_min + lambda_max) (dotted)."""
    ax.axvline(limit, color=COLORS["loss"], linestyle="--", label=f"cliff $2/\\lambda_{{\\max}}$ = {limit:.4f}")
    ax.axvline(optimum, color=COLORS["truth"], linestyle=":", linewidth=2,
               label=f"fastest $2/(\\lambda_{{\\min}} + \\lambda_{{\\max}})$ = {optimum:.4f}")


def shade_run_classes(ax, lrs, verdicts, alpha: float = 0.15) -> list:
    """Shade the learning-rate axis by each run's verdict from ``classify_run``, one band per stretch.

    ``lrs`` are increasing learning rates and ``verdicts`` their verdicts ('diverged at epoch k'
    counts as 'diverged'). Band edges sit halfway (geometrically) between neighbouring rates.
    Each band's opacity is ``alpha`` times its verdict's ``RUN_CLASS_BAND_WEIGHT``.
    Returns the bands; each kind gets one legend entry.
    """
    lrs = np.asarray(lrs, dtype=float)
    kinds = [v.split(" at ")[0] for v in verdicts]
    if len(kinds) != len(lrs):
        raise ValueError(f"verdicts must have one entry per learning rate ({len(lrs)}), got {len(kinds)}")
    middles = np.sqrt(lrs[1:] * lrs[:-1])
    lows, highs = np.append(lrs[0], middles), np.append(middles, lrs[-1])
    bands, labelled, start = [], set(), 0
    for i in range(1, len(kinds) + 1):
        if i < len(kinds) and kinds[i] == kinds[start]:
            continue
        kind = kinds[start]
        opacity = min(1.0, alpha * RUN_CLASS_BAND_WEIGHT[kind])
        bands.append(ax.axvspan(lows[start], highs[i - 1], color=RUN_CLASS_COLORS[kind], alpha=opacity, linewidth=0,
                                label=None if kind in labelled else kind))
        labelled.add(kind)
        start = i
    return bands


def plot_contraction_factor(ax, lrs, eigenvalues):
    """Each direction's factor |1 - lr * lambda_j| (thin) and the worst of them, rho (thick), against lr.

    The run converges where rho < 1 (below the dashed line at 1). Returns the line of rho.
    """
    from ..curvature import contraction_factor

    lrs = np.asarray(lrs, dtype=float)
    for i, lam in enumerate(sorted(np.ravel(eigenvalues))):
        ax.plot(lrs, np.abs(1 - lrs * lam), color=COLORS["neutral"], linestyle=":" if i % 2 == 0 else "-.", linewidth=1,
                label=f"$|1 - \\eta\\lambda|$ for $\\lambda$ = {lam:.4g}")
    (line,) = ax.plot(lrs, contraction_factor(lrs, eigenvalues), color=COLORS["neutral"], linewidth=4, alpha=0.5,
                      label="worst of them: $\\rho = \\max_j |1 - \\eta\\lambda_j|$")
    ax.axhline(1.0, color=COLORS["neutral"], linestyle="--", linewidth=1)
    ax.set_xlabel("learning rate $\\eta$")
    ax.set_ylabel("factor per step")
    return line


# ---- end of lesson 5 additions -------------------------------------------------------------
