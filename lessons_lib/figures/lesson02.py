"""Lesson 2's figures and explorers: the neuron's line, its errors, three losses, the loss
landscape of the two-point data, one outlier against MSE and MAE, and the be-the-optimiser sliders.

Every function draws one picture the lesson talks about; its docstring says what it draws.
The lesson calls each in one line, so the matplotlib lives here, where a curious learner can
read it. Colours mean the same in every lesson (``common.COLORS``): data black, truth and
minimum green, the neuron blue, the start orange, loss curves vermillion, the MAE (a second
loss) reddish purple, a third run grey. Colour bars write their numbers as plain decimals
(0.000243, not 2.43e-04).
"""
from __future__ import annotations

from typing import Mapping

import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from .. import History, TwoPointData, least_squares_solution, loss_surface
from .._validate import check_data, check_range
from .common import COLORS, new_figure, plot_loss_contour

LOSS_LABELS = {"mse": "MSE", "half_mse": "MSE/2", "mae": "MAE"}


def _check_two_point_data(data) -> None:
    if not isinstance(data, TwoPointData):
        raise ValueError(f"data must be the TwoPointData of ll.make_two_point_data(), got {type(data).__name__}")


def plain_decimal(value: float, digits: int = 3) -> str:
    """``value`` with ``digits`` significant digits as a plain decimal: 6.25e-05 -> '0.0000625'."""
    return np.format_float_positional(value, precision=digits, unique=True, fractional=False, trim="-")


def _plain_colorbar(filled) -> None:
    """Write the colour bar of a filled contour (``common.plot_loss_contour``) in plain decimals."""
    bar = getattr(filled, "colorbar", None)
    if bar is not None:
        bar.ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: plain_decimal(value)))


# ---- section 1: what w and b do ------------------------------------------------------------------

def weight_and_bias_figure() -> Figure:
    """Two panels of the line yhat = w x + b: left, w = 0.5, 1, 2 with b = 1 (the line tilts about
    the point (0, b), marked); right, b = -1, 0, 1 with w = 2 (the line shifts up and down)."""
    fig, axes = new_figure(ncols=2, height=3.4)
    x_grid = np.linspace(-1, 2, 50)
    for w, shade in zip([0.5, 1.0, 2.0], [0.35, 0.65, 1.0]):
        axes[0].plot(x_grid, w * x_grid + 1, color=COLORS["model"], alpha=shade, label=f"$w = {w:g}$, $b = 1$")
    for b, shade in zip([-1.0, 0.0, 1.0], [0.35, 0.65, 1.0]):
        axes[1].plot(x_grid, 2 * x_grid + b, color=COLORS["model"], alpha=shade, label=f"$w = 2$, $b = {b:g}$")
    axes[0].plot(0, 1, "o", color=COLORS["start"], label="pivot $(0, b)$")
    axes[0].set_title("$w$ tilts the line about $(0, b)$")
    axes[1].set_title("$b$ shifts the line up and down")
    for ax in axes:
        ax.set_xlabel("input $x$")
        ax.set_ylabel("prediction $\\hat y = wx + b$")
        ax.set_ylim(-4, 6)
        ax.legend(loc="upper left")
    return fig


# ---- section 2: the random start and its errors ---------------------------------------------------

def plot_errors(ax, x, y, w: float, b: float, labels: bool = True, offsets=None) -> list:
    """The error segments of the line yhat = w x + b: a dotted vermillion segment from each target
    y_i to its prediction yhat_i, labelled with e_i = yhat_i - y_i (4 decimals) when ``labels``,
    each label ``offsets[i]`` points from its segment's middle (default: 6 points to the right; a
    label moved up or down gets a thin leader line to its segment).
    Returns the segments."""
    segments = []
    for i, (xi, yi) in enumerate(zip(np.ravel(x), np.ravel(y))):
        y_hat = w * xi + b
        (segment,) = ax.plot([xi, xi], [yi, y_hat], color=COLORS["loss"], linestyle=":", linewidth=2.5)
        segments.append(segment)
        if labels:
            dx, dy = (6, 0) if offsets is None else offsets[i]
            ax.annotate(f"$e_{i + 1} = {y_hat - yi:+.4f}$", (xi, (yi + y_hat) / 2), xytext=(dx, dy),
                        textcoords="offset points", va="center", ha="left" if dx >= 0 else "right",
                        fontsize=9, color=COLORS["loss"],
                        arrowprops=dict(arrowstyle="-", color=COLORS["loss"], linewidth=0.8, shrinkA=1, shrinkB=3)
                        if dy else None)
    return segments


def start_figure(data: TwoPointData) -> Figure:
    """The two data points, the goal line y = 2x + 1 (green, dashed) and the random start's line
    yhat = w0 x + b0 (orange) across the whole view, with each error drawn and labelled. An inset
    magnifies point 1, whose error (+0.0165) is too small to see at full scale; point 1's label sits
    above and to the left of it, clear of the zoom frame and its connectors."""
    _check_two_point_data(data)
    fig, axes = new_figure(height=3.8)
    ax = axes[0]
    x_grid = np.linspace(-0.1, 1.25, 50)
    x, y = np.ravel(data.x), np.ravel(data.y)

    def draw(target, labels: bool) -> None:
        target.plot(x_grid, 2 * x_grid + 1, color=COLORS["truth"], linestyle="--", label="goal: $y = 2x + 1$")
        target.plot(x_grid, data.w0 * x_grid + data.b0, color=COLORS["start"], linewidth=2,
                    label=f"start: $\\hat y = {data.w0:.4f}x + {data.b0:.4f}$")
        plot_errors(target, x, y, data.w0, data.b0, labels=labels, offsets=[(-12, 20), (6, 0)])
        target.scatter(x, y, color=COLORS["data"], zorder=3, label="data")

    draw(ax, labels=True)
    ax.plot([], [], color=COLORS["loss"], linestyle=":", linewidth=2.5, label="error $e_i = \\hat y_i - y_i$")
    ax.set_xlim(-0.1, 1.25)
    ax.set_ylim(0.5, 3.5)
    ax.set_xlabel("input $x$")
    ax.set_ylabel("output $y$")
    ax.legend(loc="upper left")
    ax.set_title("The random start: far too low at point 2, a hair too high at point 1")

    inset = ax.inset_axes([0.62, 0.07, 0.35, 0.38])
    draw(inset, labels=False)
    half = 0.04
    inset.set_xlim(x[0] - half, x[0] + half)
    inset.set_ylim(y[0] - half, y[0] + half)
    inset.set_xticks([])
    inset.set_yticks([])
    inset.set_title(f"point 1, magnified: $e_1 = {data.w0 * x[0] + data.b0 - y[0]:+.4f}$", fontsize=9)
    ax.indicate_inset_zoom(inset, edgecolor=COLORS["neutral"], alpha=0.8)
    return fig


# ---- section 4: MSE against MSE/2 ----------------------------------------------------------------

RUN_STYLES = (
    dict(color=COLORS["model"], linewidth=3, alpha=0.6),
    dict(color=COLORS["accent"], linestyle="none", marker="o", markersize=4, markevery=5),
    dict(color=COLORS["neutral"], linestyle="--", linewidth=2),
)


def same_steps_figure(runs: Mapping[str, History], truth: tuple[float, float] | None = None) -> Figure:
    """w (left) and b (right) against the epoch for two or three gradient-descent runs, keyed by
    their labels. The first run is a thick pale blue line, the second sky-blue dots every 5
    epochs (so a run that takes the same steps sits on the first), the third a dashed grey line.
    ``truth`` = (w, b) of the true line adds a green dotted line at each, so the gap left after
    the last epoch shows."""
    if not 2 <= len(runs) <= len(RUN_STYLES):
        raise ValueError(f"runs must hold 2 or 3 runs (label -> History), got {len(runs)}")
    fig, axes = new_figure(ncols=2, height=3.4)
    for (label, run), style in zip(runs.items(), RUN_STYLES):
        if not isinstance(run, History) or np.ndim(run.w) != 1:
            raise ValueError(f"runs[{label!r}] must be the History of one run of a one-input neuron")
        epochs = run.recorded_epochs
        axes[0].plot(epochs, run.w, label=label, **style)
        axes[1].plot(epochs, run.b, label=label, **style)
    if truth is not None:
        for ax, value, name in zip(axes, truth, ("w", "b")):
            ax.axhline(value, color=COLORS["truth"], linestyle=":", linewidth=2, label=f"true ${name} = {value:g}$")
        axes[1].legend(loc="lower right")
    axes[0].set_ylabel("weight $w$")
    axes[1].set_ylabel("bias $b$")
    names = list(runs)
    axes[0].set_title(f"{names[0]} and {names[1]}:\nthe same steps", fontsize=11)
    axes[1].set_title(f"{names[-1]}: half-size steps, lagging", fontsize=11)
    for ax in axes:
        ax.set_xlabel("epoch (one pass over the data: one step)")
    axes[0].legend(loc="lower right")
    return fig


# ---- section 5: a slice of the landscape ---------------------------------------------------------

def plot_loss_slice(ax, x, y, w_values, b: float, loss: str, **style):
    """The loss along one slice of the landscape: L(w, b) against w with the bias held at ``b``.
    Returns the line; its y-data are ``loss_surface(x, y, w_values, [b], loss)[0]``."""
    w_values = np.ravel(np.asarray(w_values, dtype=float))
    values = loss_surface(x, y, w_values, [b], loss)[0]
    (line,) = ax.plot(w_values, values, **style)
    return line


def slice_figure(data: TwoPointData, w_values, b: float = 1.0) -> Figure:
    """MSE (dashed), MSE/2 (solid, both vermillion) and MAE (reddish purple) of the two-point data
    against w, with the bias held at ``b``; the weight w = 2 of the goal line marked in green."""
    _check_two_point_data(data)
    fig, axes = new_figure(height=3.6)
    ax = axes[0]
    plot_loss_slice(ax, data.x, data.y, w_values, b, "mse", color=COLORS["loss"], linestyle="--", label="MSE")
    plot_loss_slice(ax, data.x, data.y, w_values, b, "half_mse", color=COLORS["loss"], label="MSE/2")
    plot_loss_slice(ax, data.x, data.y, w_values, b, "mae", color=COLORS["alternative"], label="MAE")
    ax.axvline(2, color=COLORS["truth"], linestyle=":", linewidth=2, label="$w = 2$")
    ax.set_xlabel("weight $w$")
    ax.set_ylabel(f"loss, with $b = {b:g}$ held fixed")
    ax.set_title(f"Along $w$ (at $b = {b:g}$): the squares make a bowl, the MAE a V; all lowest at $w = 2$")
    ax.legend(loc="upper left", bbox_to_anchor=(0.6, 1.0))  # right of w = 2, above the curves
    return fig


# ---- section 6: the landscape over (w, b) ---------------------------------------------------------

def landscape_figure(data: TwoPointData, w_range=(-1.0, 5.0), b_range=(-2.0, 4.0), slice_b: float = 1.0,
                     loss: str = "half_mse", levels: int = 18) -> Figure:
    """The loss landscape L(w, b) of the two-point data twice. Left, a 3-D surface whose height is
    the loss; right, the map seen from above: filled bands whose levels are a constant factor
    apart, read on the colour bar, with the factor in the map's title (about 2 for the lesson's
    data and window with the default 18 levels: each band inward halves the loss). Both panels
    colour a loss alike and show the minimum (green star), the random start (orange square) and
    the slice b = ``slice_b`` of the lesson's previous figure (a vermillion line)."""
    _check_two_point_data(data)
    w_range, b_range = check_range(w_range, "w_range"), check_range(b_range, "b_range")
    if not b_range[0] <= slice_b <= b_range[1]:
        raise ValueError(f"slice_b must lie in b_range {b_range}, got {slice_b!r}")
    name = LOSS_LABELS.get(loss, loss)
    fig, axes = new_figure(ncols=2, height=4.2)
    ax = axes[1]
    filled = plot_loss_contour(ax, data.x, data.y, w_range, b_range, loss=loss, levels=levels, spacing="log")
    _plain_colorbar(filled)
    ax.axhline(slice_b, color=COLORS["loss"], linewidth=2, label=f"slice $b = {slice_b:g}$")
    ax.plot(data.w0, data.b0, marker="s", markersize=8, color=COLORS["start"], markeredgecolor="white",
            linestyle="none", label="start")
    factor = filled.levels[1] / filled.levels[0]
    ax.set_title(f"Seen from above: each band inward divides the loss by {factor:.2g}", fontsize=11)
    ax.legend(loc="upper right", framealpha=0.9)

    axes[0].remove()
    ax3d = fig.add_subplot(1, 2, 1, projection="3d")
    w_values, b_values = np.linspace(*w_range, 61), np.linspace(*b_range, 61)
    surface = loss_surface(data.x, data.y, w_values, b_values, loss)
    W, B = np.meshgrid(w_values, b_values)
    ax3d.plot_surface(W, B, np.maximum(surface, filled.norm.vmin), cmap=filled.cmap, norm=filled.norm,
                      alpha=0.85, linewidth=0, antialiased=True)
    on_slice = loss_surface(data.x, data.y, w_values, [slice_b], loss)[0]
    ax3d.plot(w_values, np.full_like(w_values, slice_b), on_slice, color=COLORS["loss"], linewidth=2.5, zorder=5)
    w_best, b_best = least_squares_solution(data.x, data.y)
    start = loss_surface(data.x, data.y, [data.w0], [data.b0], loss)[0, 0]
    ax3d.plot([w_best], [b_best], [0.0], marker="*", markersize=14, color=COLORS["truth"], markeredgecolor="white",
              linestyle="none", zorder=6)
    ax3d.plot([data.w0], [data.b0], [start], marker="s", markersize=8, color=COLORS["start"], linestyle="none",
              markeredgecolor="white", zorder=6)
    ax3d.set_xlabel("weight $w$")
    ax3d.set_ylabel("bias $b$")
    ax3d.zaxis.set_ticks_position("lower")  # the z axis on the left, away from the map
    ax3d.zaxis.set_label_position("lower")
    ax3d.zaxis.set_major_locator(MaxNLocator(3))  # few, short tick labels leave room for the axis label
    ax3d.set_zlabel(f"loss {name}", labelpad=2)
    ax3d.view_init(elev=30, azim=-60)
    ax3d.set_box_aspect(None, zoom=0.93)
    ax3d.set_title(f"In 3-D (height = {name}):\nsteep walls, a flat floor", fontsize=11)
    # the layout engine does not see the 3-D panel's z label: keep a strip on the left for it
    fig.get_layout_engine().set(rect=(0.04, 0.0, 0.96, 1.0))
    return fig


# ---- section 7: one outlier ----------------------------------------------------------------------

def outlier_explorer(x, clean_y, sizes, fits, value: float | None = None):
    """Slider over the outlier size s: left, the data (the last target raised by s), the true line
    (green, dashed), the MSE fit (blue) and the MAE fit (a wide reddish-purple band, so it stays
    visible when it lies under the true line); right, the fitted w of both against s, the current s
    marked. ``fits[k]`` is (w_mse, b_mse, w_mae, b_mae) for ``sizes[k]``; the slider visits exactly
    those sizes. The stored picture shows ``value`` (default: the middle size). The data points
    and the true line are drawn over both fits, so the band never tints them."""
    from .. import widgets

    x = np.ravel(np.asarray(x, dtype=float))
    clean_y = np.ravel(np.asarray(clean_y, dtype=float))
    sizes = np.ravel(np.asarray(sizes, dtype=float))
    fits = np.asarray(fits, dtype=float)
    if x.shape != clean_y.shape or len(x) < 2:
        raise ValueError(f"x and clean_y must be two flat arrays of the same length >= 2, "
                         f"got shapes {x.shape} and {clean_y.shape}")
    if fits.shape != (len(sizes), 4):
        raise ValueError(f"fits must have one row (w_mse, b_mse, w_mae, b_mae) per size, shape ({len(sizes)}, 4); "
                         f"got shape {fits.shape}")
    steps = np.diff(sizes)
    if len(sizes) < 2 or not np.allclose(steps, steps[0]) or steps[0] <= 0:
        raise ValueError("sizes must be at least two equally spaced, increasing outlier sizes")
    value = float(sizes[len(sizes) // 2]) if value is None else float(value)
    if not np.isclose(sizes, value).any():
        raise ValueError(f"value must be one of sizes, got {value!r}")

    fig, (ax_data, ax_w) = new_figure(ncols=2, height=3.8)
    grid = np.array([x.min() - 0.05, x.max() + 0.05])
    (clean,) = ax_data.plot(x[:-1], clean_y[:-1], "o", color=COLORS["data"], linestyle="none", label="data")
    (outlier,) = ax_data.plot([x[-1]], [clean_y[-1]], "o", color=COLORS["data"], markersize=8)
    (mae_line,) = ax_data.plot(grid, grid, color=COLORS["alternative"], linewidth=7, alpha=0.55, label="MAE fit")
    w_true, b_true = np.polyfit(x, clean_y, 1)  # the clean targets lie on the true line
    (true_line,) = ax_data.plot(grid, w_true * grid + b_true, color=COLORS["truth"], linestyle="--",
                                label=f"true line $y = {w_true:.3g}x + {b_true:.3g}$")
    (mse_line,) = ax_data.plot(grid, grid, color=COLORS["model"], linewidth=2, label="MSE fit")
    low = min(clean_y.min(), (fits[:, 0] * grid[0] + fits[:, 1]).min()) - 0.5
    high = max(clean_y.max() + sizes.max(), (fits[:, 0] * grid[1] + fits[:, 1]).max()) + 0.5
    ax_data.set_ylim(low, high)
    ax_data.set_xlabel("input $x$")
    ax_data.set_ylabel("output $y$")
    ax_data.set_title("The MSE line chases the spoiled point;\nthe MAE line stays on the truth", fontsize=11)
    ax_data.legend(loc="upper left")

    ax_w.plot(sizes, fits[:, 0], marker="o", markersize=4, color=COLORS["model"], label="MSE fit")
    ax_w.plot(sizes, fits[:, 2], marker="s", markersize=4, color=COLORS["alternative"], label="MAE fit")
    ax_w.axhline(2, color=COLORS["truth"], linestyle="--", label="true $w = 2$")
    (marker_line,) = ax_w.plot([value, value], [0, 1], color=COLORS["neutral"], linewidth=1,
                               transform=ax_w.get_xaxis_transform())
    (dots,) = ax_w.plot([value, value], [0, 0], "o", color=COLORS["data"], markersize=9, fillstyle="none")
    ax_w.set_xlabel("outlier size $s$ (added to the last target)")
    ax_w.set_ylabel("fitted weight $w$")
    ax_w.set_title("MSE fit follows the outlier, MAE fit stays", fontsize=11)
    ax_w.legend(loc="upper left")

    def show(size: float) -> str:
        k = int(np.argmin(np.abs(sizes - size)))
        w_mse, b_mse, w_mae, b_mae = fits[k]
        outlier.set_data([x[-1]], [clean_y[-1] + sizes[k]])
        mse_line.set_data(grid, w_mse * grid + b_mse)
        mae_line.set_data(grid, w_mae * grid + b_mae)
        marker_line.set_xdata([sizes[k], sizes[k]])
        dots.set_data([sizes[k], sizes[k]], [w_mse, w_mae])
        return (f"outlier +{sizes[k]:g}: MSE fit <b>w = {w_mse:.2f}</b>, b = {b_mse:.2f}; "
                f"MAE fit <b>w = {w_mae:.2f}</b>, b = {b_mae:.2f}")

    slider = widgets.float_slider("outlier size s", value, float(sizes[0]), float(sizes[-1]), float(steps[0]))
    # blitted artists are drawn last, in this order: the band first, the points and the true line on top
    live = widgets.LiveFigure(fig, animated=[mae_line, mse_line, true_line, clean, outlier, marker_line, dots])
    return widgets.Explorer([slider], live, show, "One outlier against the MSE fit and the MAE fit")


# ---- section 8: be the optimiser -----------------------------------------------------------------

TRAIL_LENGTH = 3000  # the trail keeps the last this many positions


def optimiser_explorer(x, y, w_range=(-1.0, 5.0), b_range=(-2.0, 4.0), start=(0.0, 0.0), step: float = 0.01,
                       goal: float = 0.005):
    """Sliders for w and b (steps of ``step``, starting at ``start``) over data whose best line is not
    shown. Left, the points and your line yhat = w x + b with its errors; right, no map: only the
    trail of the (w, b) you have visited (the last TRAIL_LENGTH), each dot coloured by its loss
    MSE/2 (the colour bar spans the lowest and highest MSE/2 in the sliders' range), the start
    (orange) and where you are (blue). The status line gives MSE/2 at the sliders to 4 decimals
    and says "found it" when that printed number is below ``goal`` (which must lie above the
    lowest MSE/2 the data allow); then it also gives that lowest MSE/2."""
    from matplotlib.colors import LogNorm

    from .. import half_mse, widgets

    x_flat, y_flat = (np.ravel(v) for v in check_data(x, y))
    w_range, b_range = check_range(w_range, "w_range"), check_range(b_range, "b_range")
    try:
        start_w, start_b = (float(v) for v in start)
    except (TypeError, ValueError):
        raise ValueError(f"start must be two numbers (w, b), got {start!r}") from None
    if not (w_range[0] <= start_w <= w_range[1] and b_range[0] <= start_b <= b_range[1]):
        raise ValueError(f"start must lie inside w_range {w_range} and b_range {b_range}, got {start!r}")
    if not (np.isfinite(goal) and goal > 0):
        raise ValueError(f"goal must be a number > 0, got {goal!r}")
    w_best, b_best = least_squares_solution(x_flat, y_flat)
    lowest = half_mse(y_flat, w_best * x_flat + b_best)
    corners = loss_surface(x_flat, y_flat, w_range, b_range, "half_mse")  # the highest loss sits at a corner
    if goal <= lowest:
        raise ValueError(f"goal must lie above the lowest MSE/2 this data allows ({lowest:.4g}), got {goal!r}")
    norm = LogNorm(vmin=max(lowest, corners.max() * 1e-6), vmax=corners.max())

    fig, (ax_line, ax_trail) = new_figure(ncols=2, height=3.8)
    pad = 0.1 * (x_flat.max() - x_flat.min())
    x_grid = np.linspace(x_flat.min() - pad, x_flat.max() + pad, 50)
    (points,) = ax_line.plot(x_flat, y_flat, "o", color=COLORS["data"], linestyle="none", label="data")
    (line,) = ax_line.plot(x_grid, x_grid, color=COLORS["model"], linewidth=2, label="your neuron")
    errors = plot_errors(ax_line, x_flat, y_flat, 0.0, 0.0, labels=False)
    ax_line.plot([], [], color=COLORS["loss"], linestyle=":", linewidth=2.5, label="errors")
    ax_line.set_xlim(x_grid[0], x_grid[-1])
    low, high = y_flat.min(), y_flat.max()
    ax_line.set_ylim(low - 0.6 * (high - low) - 0.5, high + 0.6 * (high - low) + 0.5)
    ax_line.set_xlabel("input $x$")
    ax_line.set_ylabel("output $y$")
    ax_line.set_title("Your line and its errors", fontsize=11)
    ax_line.legend(loc="upper left")

    (path,) = ax_trail.plot([], [], color=COLORS["neutral"], linewidth=0.8, alpha=0.7)
    trail = ax_trail.scatter([], [], c=[], s=28, cmap="cividis", norm=norm, edgecolors=COLORS["neutral"],
                             linewidths=0.5)
    fig.colorbar(trail, ax=ax_trail, shrink=0.9, label="loss MSE/2 where you stood",
                 format=FuncFormatter(lambda value, _: plain_decimal(value)))
    ax_trail.plot(start_w, start_b, marker="s", markersize=10, color=COLORS["start"], markeredgecolor="white",
                  linestyle="none", label="start")
    (you,) = ax_trail.plot([start_w], [start_b], marker="o", markersize=8, color=COLORS["model"],
                           markeredgecolor="white", linestyle="none", label="you")
    ax_trail.set_xlim(*w_range)
    ax_trail.set_ylim(*b_range)
    ax_trail.set_xlabel("weight $w$")
    ax_trail.set_ylabel("bias $b$")
    ax_trail.set_title("No map: only where you have been", fontsize=11)
    ax_trail.legend(loc="upper right", framealpha=0.9)
    visited: list[tuple[float, float, float]] = []

    def move(w: float, b: float) -> str:
        line.set_ydata(w * x_grid + b)
        for segment, xi, yi in zip(errors, x_flat, y_flat):
            segment.set_ydata([yi, w * xi + b])
        you.set_data([w], [b])
        loss = half_mse(y_flat, w * x_flat + b)
        if not visited or visited[-1][:2] != (w, b):
            visited.append((w, b, loss))
            del visited[:-TRAIL_LENGTH]
            path.set_data([vw for vw, _, _ in visited], [vb for _, vb, _ in visited])
            trail.set_offsets([(vw, vb) for vw, vb, _ in visited])
            trail.set_array(np.array([max(vl, norm.vmin) for _, _, vl in visited]))
        shown = f"{loss:.4f}"
        if float(shown) < goal:  # the verdict follows the number printed, so the two never disagree
            verdict = f"found it! The lowest MSE/2 this data allows is {lowest:.4f}"
        else:
            verdict = f"keep going: the goal is below {goal:g}"
        return f"w = {w:.2f}, b = {b:.2f}: loss MSE/2 = <b>{shown}</b> ({verdict})"

    w_slider = widgets.float_slider("weight w", round(start_w, 6), *w_range, step)
    b_slider = widgets.float_slider("bias b", round(start_b, 6), *b_range, step)
    live = widgets.LiveFigure(fig, animated=[line, *errors, points, path, trail, you])
    return widgets.Explorer([w_slider, b_slider], live, move,
                            "Be the optimiser: sliders for w and b, your line, and the trail of where you have been")


# ---- exercise 1: three candidate lines -----------------------------------------------------------

def three_lines_figure(x, y, lines: Mapping[str, tuple[float, float]]) -> Figure:
    """The data and up to three candidate lines yhat = w x + b (``lines`` maps a name to (w, b)),
    each in its own colour and line style, labelled with its name and equation; the title names
    the line with the lowest MSE and the one with the lowest MAE."""
    X, y_vec = check_data(x, y)
    if X.shape[1] != 1:
        raise ValueError(f"three_lines_figure draws one-input data; x has {X.shape[1]} input features")
    if not 1 <= len(lines) <= 3:
        raise ValueError(f"lines must hold 1 to 3 lines (name -> (w, b)), got {len(lines)}")
    fig, axes = new_figure(height=3.6)
    ax = axes[0]
    x_flat = X[:, 0]
    grid = np.array([x_flat.min() - 0.3, x_flat.max() + 0.3])
    styles = [dict(color=COLORS["model"]), dict(color=COLORS["alternative"], linestyle="--"),
              dict(color=COLORS["accent"], linestyle="-.")]
    for (name, (w, b)), style in zip(lines.items(), styles):
        ax.plot(grid, w * grid + b, linewidth=2, label=f"line {name}: $\\hat y = {w:g}x + {b:g}$", **style)
    ax.scatter(x_flat, y_vec, color=COLORS["data"], zorder=3, label="data")
    ax.set_xlabel("input $x$")
    ax.set_ylabel("output $y$")
    losses = {name: (np.mean((w * x_flat + b - y_vec) ** 2), np.mean(np.abs(w * x_flat + b - y_vec)))
              for name, (w, b) in lines.items()}
    best_mse = min(losses, key=lambda name: losses[name][0])
    best_mae = min(losses, key=lambda name: losses[name][1])
    ax.set_title(f"Line {best_mse} has the lowest MSE, line {best_mae} the lowest MAE")
    ax.legend(loc="upper left")
    return fig
