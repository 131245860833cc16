"""Lesson 3's figures and explorer: the secant that turns into the tangent, the two runs of a
right and a wrong gradient, the big step of exercise 1, and the "Going further" pictures (the
step size of a finite difference, the gain of one step, the gradient field).

Every function draws the half-MSE C(w, b) = 1/(2n) * sum_i (w x_i + b - y_i)**2 of a one-input
neuron, the loss the lesson works with, and computes it with a few lines of numpy of its own.
"""
from __future__ import annotations

import numpy as np
from matplotlib import patheffects
from matplotlib.figure import Figure

from .. import widgets
from .._validate import as_finite_array, check_positive_number
from .common import COLORS, new_figure, plot_loss_contour


# ---- the loss of the lesson, in plain numpy ---------------------------------------------------

def _points(x, y) -> tuple[np.ndarray, np.ndarray]:
    """x and y as flat float arrays of one length n >= 1 (a ValueError otherwise)."""
    x = np.ravel(as_finite_array(x, "x"))
    y = np.ravel(as_finite_array(y, "y"))
    if x.size == 0 or x.size != y.size:
        raise ValueError(f"x and y must hold the same number n >= 1 of points, got {x.size} inputs and {y.size} targets")
    return x, y


def half_mse_at(x, y, w, b) -> np.ndarray:
    """C(w, b) = 1/(2n) sum_i (w x_i + b - y_i)**2, for numbers or arrays w and b (broadcast together)."""
    x, y = _points(x, y)
    errors = np.asarray(w, dtype=float)[..., None] * x + np.asarray(b, dtype=float)[..., None] - y
    return np.sum(errors * errors, axis=-1) / (2 * x.size)


def half_mse_along_w(x, y, w_values, b: float) -> np.ndarray:
    """C(w, b) for every w in ``w_values``, the bias held at ``b``."""
    return half_mse_at(x, y, np.asarray(w_values, dtype=float), b)


def slope_along_w(x, y, w: float, b: float) -> float:
    """dC/dw = (1/n) sum_i e_i x_i at (w, b): the h-term of C(w + h) - C(w)."""
    x, y = _points(x, y)
    return float(np.sum((w * x + b - y) * x) / x.size)


def half_curvature(x) -> float:
    """(1/2n) sum_i x_i**2: the coefficient of h**2 in C(w + h) - C(w) (half the curvature along w)."""
    x = np.ravel(as_finite_array(x, "x"))
    return float(np.sum(x * x) / (2 * x.size))


# ---- section 1: secant and tangent ------------------------------------------------------------

def secant_and_tangent(x, y, w: float, b: float, h: float) -> dict[str, float]:
    """The numbers the secant explorer shows at (w, h), bias held at ``b``.

    Returns C(w), C(w + h), the secant's slope (C(w + h) - C(w)) / h and the tangent's slope dC/dw.
    """
    h = check_positive_number(h, "h")
    c_here, c_there = half_mse_along_w(x, y, [w, w + h], b)
    return {"C": float(c_here), "C_next": float(c_there), "secant": float((c_there - c_here) / h),
            "tangent": slope_along_w(x, y, w, b)}


def plot_secant_and_tangent(ax, x, y, w: float, b: float, h: float,
                            w_range: tuple[float, float] = (-0.5, 5.0)) -> dict:
    """Draw C(w, b) against w (b held), the secant through (w, C(w)) and (w + h, C(w + h)), the
    tangent at w, and the rise/run triangle of the step.

    Returns the moving artists by name ("secant", "tangent", "points", "run", "rise" and the two
    labels "run_label", "rise_label") so a slider
    can move them (``update_secant_and_tangent``); the curve itself is drawn once.
    """
    w_grid = np.linspace(*w_range, 300)
    ax.plot(w_grid, half_mse_along_w(x, y, w_grid, b), color=COLORS["loss"], linewidth=2,
            label=f"loss $C(w)$, $b = {b:g}$")
    artists = {
        "tangent": ax.plot([], [], color=COLORS["model"], linewidth=2, label="tangent at $w$")[0],
        "secant": ax.plot([], [], color=COLORS["alternative"], linewidth=2, linestyle="--",
                          label="secant through $w$ and $w + h$")[0],
        "points": ax.plot([], [], "o", color=COLORS["data"], markersize=6)[0],
        "run": ax.plot([], [], color=COLORS["neutral"], linestyle=":", linewidth=1.5)[0],
        "rise": ax.plot([], [], color=COLORS["neutral"], linestyle=":", linewidth=1.5)[0],
        "run_label": ax.text(0, 0, "run $h$", ha="center", va="bottom", fontsize=9),
        "rise_label": ax.text(0, 0, " rise", ha="left", va="center", fontsize=9),
    }
    ax.set_xlim(*w_range)
    ax.set_xlabel("weight $w$")
    ax.set_ylabel("loss $C$ (MSE/2)")
    ax.set_title("As the step $h$ shrinks, the secant turns into the tangent")
    ax.legend(loc="upper center", fontsize=9)
    update_secant_and_tangent(artists, x, y, w, b, h)
    return artists


def update_secant_and_tangent(artists: dict, x, y, w: float, b: float, h: float) -> dict[str, float]:
    """Move the artists of ``plot_secant_and_tangent`` to (w, h); return ``secant_and_tangent``'s numbers."""
    numbers = secant_and_tangent(x, y, w, b, h)
    c0, c1 = numbers["C"], numbers["C_next"]
    span = np.array([w - 0.8, w + 0.8])
    artists["tangent"].set_data(span, c0 + numbers["tangent"] * (span - w))
    ends = np.array([w - 0.6, w + h + 0.6])
    artists["secant"].set_data(ends, c0 + numbers["secant"] * (ends - w))
    artists["points"].set_data([w, w + h], [c0, c1])
    artists["run"].set_data([w, w + h], [c0, c0])
    artists["rise"].set_data([w + h, w + h], [c0, c1])
    artists["run_label"].set_position((w + h / 2, c0))
    artists["rise_label"].set_position((w + h, (c0 + c1) / 2))
    for label in ("run_label", "rise_label"):  # below h = 0.1 the triangle is too small to label
        artists[label].set_visible(h >= 0.1)
    return numbers


def secant_explorer(x, y, b: float = 1.0, w: float = 0.5, h: float = 1.0) -> widgets.Explorer:
    """Sliders for w and the step h (log scale, 0.001 to 1): the secant through w and w + h
    turns into the tangent at w as h shrinks. The status line gives both slopes and what the
    sign of the tangent's slope says."""
    fig, axes = new_figure(height=3.8)
    ax = axes[0]
    artists = plot_secant_and_tangent(ax, x, y, w, b, h)
    curve_top = float(np.max(half_mse_along_w(x, y, np.linspace(-0.5, 5.0, 50), b)))
    ax.set_ylim(-0.15 * curve_top, 1.1 * curve_top)

    def show(w_value: float, h_value: float) -> str:
        numbers = update_secant_and_tangent(artists, x, y, w_value, b, h_value)
        slope = numbers["tangent"]
        advice = ("a larger w lowers C" if slope < -1e-9 else "a larger w raises C" if slope > 1e-9
                  else "flat: the bottom")
        return (f"w = {w_value:.2f}, h = {h_value:.3g}: rise over run (secant) = {numbers['secant']:+.4f}, "
                f"slope of the tangent = <b>{slope:+.4f}</b> ({advice}); "
                f"they differ by {numbers['secant'] - slope:+.4f}")

    w_slider = widgets.float_slider("weight w", w, -0.5, 3.5, 0.05)
    h_slider = widgets.log_slider("step h", h, -3, 0, steps_per_decade=10)
    live = widgets.LiveFigure(fig, animated=list(artists.values()))
    return widgets.Explorer([w_slider, h_slider], live, show,
                            "Secant explorer: sliders for w and the step h move the secant and the tangent on C(w)")


# ---- section 5: a right and a wrong gradient, run side by side ---------------------------------

def runs_figure(x, y, runs: dict[str, np.ndarray], w_range: tuple[float, float] = (0.3, 2.4),
                b_range: tuple[float, float] = (0.6, 2.0)) -> Figure:
    """Two panels for runs of gradient descent on the half-MSE, each run an array of (w, b) states.

    Left: the paths over the loss map, with the line of zero mean error b = ybar - w xbar (where a
    gradient with x outside the sum stops). Right: the loss of each run against the step, log scale.
    The first run is drawn in the "model" colour, the second in the "alternative" colour.
    """
    if not 1 <= len(runs) <= 2:
        raise ValueError(f"runs must hold one or two runs (name -> array of (w, b) states), got {len(runs)}")
    x_flat, y_flat = _points(x, y)
    fig, (ax_map, ax_loss) = new_figure(ncols=2, height=4.0)
    plot_loss_contour(ax_map, x, y, w_range, b_range, loss="half_mse", levels=12, spacing="log", colorbar=False)
    halo = [patheffects.withStroke(linewidth=4.5, foreground="white")]
    w_line = np.array(w_range)
    ax_map.plot(w_line, y_flat.mean() - w_line * x_flat.mean(), color=COLORS["data"], linestyle="--", linewidth=1.2,
                label="mean error $= 0$")
    colors = [COLORS["model"], COLORS["alternative"]]
    for (name, states), color in zip(runs.items(), colors):
        states = np.asarray(states, dtype=float)
        if states.ndim != 2 or states.shape[1] != 2:
            raise ValueError(f"run {name!r} must be an array of (w, b) states, shape (steps + 1, 2), got {states.shape}")
        ax_map.plot(states[:, 0], states[:, 1], color=color, linewidth=2.5, label=name, path_effects=halo)
        ax_map.plot(*states[-1], "o", color=color, markersize=7, markeredgecolor="white")
        ax_loss.semilogy(np.arange(len(states)), half_mse_at(x, y, states[:, 0], states[:, 1]), color=color,
                         linewidth=2, label=name)
    first = np.asarray(next(iter(runs.values())), dtype=float)
    ax_map.plot(*first[0], "s", color=COLORS["start"], markersize=8, linestyle="none", label="start")
    for line in ax_map.get_lines():  # the minimum's star above the end points of the runs
        if line.get_label() == "minimum":
            line.set_zorder(5)
    ax_map.set_title("Paths of $(w, b)$ over the loss map", fontsize=11)
    ax_map.legend(loc="upper right", fontsize=8)
    ax_loss.set_xlabel("step")
    ax_loss.set_ylabel("loss $C$ (MSE/2, log scale)")
    ax_loss.set_title("Loss after each step", fontsize=11)
    ax_loss.legend(loc="lower left", fontsize=9)
    fig.suptitle("x outside the sum stops on the line of zero mean error, far from the minimum", fontsize=12)
    return fig


# ---- exercise 1: one big step ---------------------------------------------------------------

def big_step_figure(x, y, w: float, b: float, h: float) -> Figure:
    """C(w) along w (b held) with the tangent at w, and the points before and after a step of h.

    The title gives what the slope alone promises (h * dC/dw) and what the curve gives."""
    h = float(as_finite_array(h, "h"))
    if h == 0:
        raise ValueError("h must be a step other than 0, got 0")
    promised = h * slope_along_w(x, y, w, b)
    c_before, c_after = half_mse_along_w(x, y, [w, w + h], b)
    low, high = min(w, w + h) - 0.6, max(w, w + h) + 0.6
    w_grid = np.linspace(low, high, 200)
    fig, axes = new_figure(height=3.6)
    ax = axes[0]
    ax.plot(w_grid, half_mse_along_w(x, y, w_grid, b), color=COLORS["loss"], linewidth=2, label="loss $C(w)$")
    ends = np.array([w, w + h])
    ax.plot(ends, c_before + (ends - w) * promised / h, color=COLORS["model"], linewidth=2,
            label="tangent: what the slope alone promises")
    ax.plot([w], [c_before], "s", color=COLORS["start"], markersize=8, label=f"before: $w = {w:.4f}$")
    ax.plot([w + h], [c_after], "o", color=COLORS["model"], markersize=8, label=f"after: $w = {w + h:.4f}$")
    ax.set_xlabel("weight $w$")
    ax.set_ylabel("loss $C$ (MSE/2)")
    ax.set_title(f"A step of h = {h:g}: the slope promises {promised:+.2f}, the curve gives {c_after - c_before:+.2f}")
    ax.legend(loc="upper left", fontsize=9)
    return fig


# ---- going further ---------------------------------------------------------------------------

def step_size_figure(hs, errors: dict[str, np.ndarray]) -> Figure:
    """The relative error of finite-difference slopes against the step h, both axes logarithmic.

    ``errors`` maps a name ("forward difference", "central difference") to one error per h.
    Errors of exactly 0 are drawn at 1e-17, below the axis (a log axis has no 0). A grey guide shows the
    round-off trend 1e-16 / h.
    """
    hs = as_finite_array(hs, "hs")
    if np.any(hs <= 0):
        raise ValueError("hs must be step sizes > 0")
    fig, axes = new_figure(height=3.8)
    ax = axes[0]
    for (name, values), color in zip(errors.items(), [COLORS["alternative"], COLORS["model"], COLORS["loss"]]):
        values = np.asarray(values, dtype=float)
        if values.shape != hs.shape:
            raise ValueError(f"errors[{name!r}] must hold one value per step h ({hs.shape}), got shape {values.shape}")
        ax.loglog(hs, np.maximum(values, 1e-17), marker="o", markersize=3, color=color, label=name)
    ax.loglog(hs, 1e-16 / hs, color=COLORS["neutral"], linestyle="--", label="round-off trend $10^{-16}/h$")
    ax.set_ylim(1e-15, 10)
    ax.set_xlabel("step $h$ (log scale)")
    ax.set_ylabel("relative error of the slope")
    ax.set_title("Too large a step: truncation; too small: round-off")
    ax.legend(loc="upper center", fontsize=9)
    return fig


def step_gain_figure(etas, actual, predicted, eta_no_gain: float, eta_cliff: float | None = None) -> Figure:
    """The loss change of one gradient-descent step divided by its first-order prediction -eta*|g|^2,
    against the learning rate eta (linear axis): 1 for tiny steps, 0 at ``eta_no_gain``. With
    ``eta_cliff``, a second line marks where a whole run starts to diverge (lesson 5's 2/lambda_max)."""
    etas = as_finite_array(etas, "etas")
    actual, predicted = as_finite_array(actual, "actual"), as_finite_array(predicted, "predicted")
    if not actual.shape == predicted.shape == etas.shape or np.any(predicted == 0):
        raise ValueError(f"actual and predicted must hold one value per learning rate ({etas.shape}), the "
                         f"predictions non-zero; got shapes {actual.shape} and {predicted.shape}")
    ratio = actual / predicted
    fig, axes = new_figure(height=3.4)
    ax = axes[0]
    ax.plot(etas, ratio, color=COLORS["loss"], linewidth=2, label="actual change / first-order prediction")
    ax.axhline(1, color=COLORS["neutral"], linestyle=":")
    ax.axhline(0, color=COLORS["neutral"])
    ax.axvline(eta_no_gain, color=COLORS["alternative"], linestyle="--", label=f"no gain at $\\eta = {eta_no_gain:.3f}$")
    if eta_cliff is not None:
        ax.axvline(eta_cliff, color=COLORS["neutral"], linestyle="-.",
                   label=f"a whole run diverges beyond $\\eta = {eta_cliff:.3f}$ (lesson 5)")
    ax.set_xlabel("learning rate $\\eta$")
    ax.set_ylabel("actual / predicted")
    ax.set_title("Small steps do what the slope promises; large ones overshoot")
    ax.legend(loc="lower left", fontsize=9)
    return fig


def gradient_field(x, y, w_values, b_values) -> tuple[np.ndarray, np.ndarray]:
    """The gradient (dC/dw, dC/db) of the half-MSE at every point of a (w, b) grid.

    Entry [i, j] belongs to (w_values[j], b_values[i]): dC/dw = (1/n) sum_i e_i x_i and
    dC/db = (1/n) sum_i e_i, with e_i = w x_i + b - y_i.
    """
    x, y = _points(x, y)
    w_grid, b_grid = np.meshgrid(as_finite_array(w_values, "w_values"), as_finite_array(b_values, "b_values"))
    errors = w_grid[..., None] * x + b_grid[..., None] - y
    return np.mean(errors * x, axis=-1), np.mean(errors, axis=-1)


def gradient_field_figure(x, y, w_range: tuple[float, float], b_range: tuple[float, float],
                          start: tuple[float, float], arrows: int = 13) -> Figure:
    """Arrows of -grad C, all of one length, on the loss map (equal axis scales), with the start marked.

    On equal scales the arrows cross the contour lines at right angles. At the start, a larger arrow
    shows the downhill direction and a dashed line the straight way to the minimum; the title gives
    the angle between the two."""
    if int(arrows) != arrows or arrows < 2:
        raise ValueError(f"arrows must be a whole number >= 2, got {arrows!r}")
    arrows = int(arrows)
    x_flat, y_flat = _points(x, y)
    fig, axes = new_figure(height=5.0, width=6.5)
    ax = axes[0]
    plot_loss_contour(ax, x, y, w_range, b_range, loss="half_mse", levels=12, spacing="log")
    w_values = np.linspace(*w_range, arrows + 2)[1:-1]
    b_values = np.linspace(*b_range, arrows + 2)[1:-1]
    dw, db = gradient_field(x, y, w_values, b_values)
    length = np.hypot(dw, db)
    safe = np.where(length > 0, length, 1.0)
    cell = min(w_values[1] - w_values[0], b_values[1] - b_values[0])
    w_grid, b_grid = np.meshgrid(w_values, b_values)
    ax.quiver(w_grid, b_grid, -dw / safe, -db / safe, angles="xy", scale_units="xy", scale=1 / (0.8 * cell),
              color=COLORS["model"], width=0.006, edgecolor="white", linewidth=0.6)
    start = np.asarray(start, dtype=float)
    downhill = -np.array([g[0, 0] for g in gradient_field(x, y, [start[0]], [start[1]])])
    minimum = np.linalg.lstsq(np.column_stack([x_flat, np.ones_like(x_flat)]), y_flat, rcond=None)[0]
    to_minimum = minimum - start
    angle = float(np.degrees(np.arccos(np.clip(downhill @ to_minimum / (np.linalg.norm(downhill)
                                                                       * np.linalg.norm(to_minimum)), -1, 1))))
    ax.plot(*np.column_stack([start, minimum]), color=COLORS["truth"], linestyle="--", linewidth=2,
            label="straight line to the minimum")
    tip = start + 3 * cell * downhill / np.linalg.norm(downhill)
    ax.annotate("", xy=tip, xytext=start, arrowprops=dict(arrowstyle="-|>", color=COLORS["model"], linewidth=3,
                                                          mutation_scale=22, shrinkA=0, shrinkB=0))
    ax.plot([], [], color=COLORS["model"], linewidth=3, label="downhill at the start, $-\\nabla C$")
    ax.plot(*start, "s", color=COLORS["start"], markersize=9, linestyle="none", label="start", zorder=5)
    ax.set_aspect("equal")
    ax.set_title(f"At the start, downhill points {angle:.0f}° away from the minimum", fontsize=11)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.13), ncol=2, fontsize=8, frameon=False)
    return fig
