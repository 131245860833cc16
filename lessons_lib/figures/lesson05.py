"""Lesson 5's figures and explorers: the learning-rate explorer (find the cliff yourself) and the
report on the rate the learner recorded there, the four fates side by side, the two axes of the bowl
with the offset from the minimum along each, the sweep of many learning rates with its verdicts,
exercise 1's verdict bands around the learner's guess, and exercise 3's four unlabelled runs.

Every run is full-batch gradient descent on a one-input neuron, computed by ``ll.gradient_descent``
and judged by ``ll.classify_run``; the colours of the verdicts are ``common.RUN_CLASS_COLORS``, the
same in every lesson.
"""
from __future__ import annotations

import math
import numbers
from typing import Any, Sequence

import numpy as np
from matplotlib.figure import Figure

from .. import widgets
from .._validate import as_finite_array, check_data, check_learning_rate, check_whole_number
from ..curvature import QUADRATIC_LOSSES, hessian, least_squares_solution
from ..descent import gradient_descent
from ..history import DIVERGENCE_FACTOR, History
from ..verdicts import classify_run
from .common import COLORS, RUN_CLASS_COLORS, new_figure, plot_loss_contour

CONVERGED = 1e-6  # classify_run's default tolerance: "converging" once the loss is below 1e-6 x its start
VERDICTS = ("slow", "converging", "oscillating", "diverging", "diverged")
LR_RANGE = (1e-3, 1.0)       # the explorer's learning rates
STEPS_PER_DECADE = 400       # positions of its rate slider per factor 10: one arrow-key press is x1.0058
BAND_LABEL_WIDTH = 0.01      # a verdict band narrower than 1 % of the axis gets no legend entry (unseen)


class NotALearningRate(ValueError):
    """A learner's value that should be a learning rate but is not. IPython shows only its message
    (one line), not a traceback through this package."""

    def _render_traceback_(self) -> list[str]:
        return [f"\x1b[1;31m✘\x1b[0m {self}"]


def learner_rate(value: Any, name: str) -> float:
    """A learning rate the learner typed (``name`` is the variable), as a float; NotALearningRate with a
    plain message for text, True/False, lists, NaN, infinity and numbers <= 0."""
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value[()]
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        kind = "text (a string in quotes)" if isinstance(value, str) else f"a {type(value).__name__}"
        raise NotALearningRate(f"`{name}` should be a learning rate, a number like 0.1 without quotes; it is {kind}.")
    rate = float(value)
    if not math.isfinite(rate) or rate <= 0:
        raise NotALearningRate(f"`{name}` should be a learning rate, a finite number > 0; it is {rate}.")
    return rate


# ---- small helpers ---------------------------------------------------------------------------

def verdict_kind(verdict: str) -> str:
    """The verdict without its epoch: 'diverged at epoch 12' -> 'diverged'; the others unchanged."""
    kind = verdict.split(" at ")[0]
    if kind not in VERDICTS:
        raise ValueError(f"verdict must be one of classify_run's verdicts {VERDICTS}, got {verdict!r}")
    return kind


def loss_text(value: float) -> str:
    """A loss for a status line: 3 significant digits, or "below 1e-12" (smaller values are round-off
    territory and would differ from one CPU to another)."""
    return f"{value:.3g}" if value >= 1e-12 else "below 1e-12"


def _check_loss(loss: str) -> str:
    if not isinstance(loss, str) or loss not in QUADRATIC_LOSSES:
        raise ValueError(f"loss must be 'mse' or 'half_mse' (a bowl with a cliff), got {loss!r}")
    return loss


def _check_start(start) -> tuple[float, float]:
    try:
        w0, b0 = (float(v) for v in start)
    except (TypeError, ValueError):
        raise ValueError(f"start must be two numbers (w0, b0), got {start!r}") from None
    if not (np.isfinite(w0) and np.isfinite(b0)):
        raise ValueError(f"start must be two finite numbers (w0, b0), got {start!r}")
    return w0, b0


def _one_input(x, y) -> tuple[np.ndarray, np.ndarray]:
    X, y_vec = check_data(x, y)
    if X.shape[1] != 1:
        raise ValueError(f"lesson 5's figures draw a one-input neuron (w, b); x has {X.shape[1]} input features")
    return X[:, 0], y_vec


def _check_range(values, name: str) -> tuple[float, float]:
    low, high = (float(v) for v in as_finite_array(values, name).reshape(2))
    if not low < high:
        raise ValueError(f"{name} must be (low, high) with low < high, got {values!r}")
    return low, high


def default_view(x, y, start) -> tuple[tuple[float, float], tuple[float, float]]:
    """A (w, b) window around the start and the minimum, with room on every side (60 % of their spread)."""
    w_best, b_best = least_squares_solution(x, y)
    w0, b0 = _check_start(start)
    ranges = []
    for a, b in ((w0, w_best), (b0, b_best)):
        low, high = min(a, b), max(a, b)
        pad = 0.6 * max(high - low, 1.0)
        ranges.append((low - pad, high + pad))
    return ranges[0], ranges[1]


def plot_path_of_run(ax, run: History, color: str | None = None, label: str | None = None, fade: int = 0):
    """The (w, b) states of one run joined in order: a thin line with a dot at every state. With
    ``fade`` > 0 the states before the last ``fade`` steps are drawn faint and thin, so a long fan of
    early jumps does not hide what the run does at the end. Returns the (last) line."""
    color = color or COLORS["model"]
    w, b = np.asarray(run.w), np.asarray(run.b)
    if fade and len(w) > fade + 1:
        ax.plot(w[:-fade], b[:-fade], color=color, linewidth=0.4, alpha=0.35, marker="o", markersize=1)
        w, b = w[-fade - 1:], b[-fade - 1:]
    (line,) = ax.plot(w, b, color=color, linewidth=0.8, marker="o", markersize=2, label=label)
    return line


def mark_start_and_minimum(ax, x, y, start) -> None:
    """The start (orange square) on a loss map, and the minimum (the green star ``plot_loss_contour``
    drew) brought on top of every path."""
    ax.plot(*_check_start(start), marker="s", markersize=8, color=COLORS["start"], markeredgecolor="white",
            linestyle="none", label="start", zorder=5)
    for line in ax.get_lines():
        if line.get_label() == "minimum":
            line.set_zorder(7)


def plot_verdict(ax, verdict: str, where: tuple[float, float] = (0.97, 0.95)):
    """The verdict written on the plot, in a box of its verdict's colour (top right by default)."""
    kind = verdict_kind(verdict)
    return ax.text(*where, verdict, transform=ax.transAxes, ha="right", va="top", fontsize=10, fontweight="bold",
                   bbox=dict(boxstyle="round,pad=0.3", facecolor=RUN_CLASS_COLORS[kind], alpha=0.45,
                             edgecolor="none"), zorder=6)


def plot_converged_line(ax, start_loss: float):
    """The dashed line a converging run must get below: a millionth (classify_run's tolerance) of the start."""
    return ax.axhline(CONVERGED * start_loss, color=COLORS["neutral"], linestyle="--", linewidth=1.2,
                      label="$10^{-6}\\times$ start: converged")


def loss_limits(losses, start_loss: float) -> tuple[float, float]:
    """Log-axis limits for a loss curve, whole powers of ten: from below the lower of the curve and the
    converged line (never below 1e-13 x the start: round-off) to above the higher of the curve and the
    start. A curve that barely rises or falls then shows it, instead of lying flat on 19 decades."""
    values = np.asarray(losses, dtype=float)
    values = values[np.isfinite(values) & (values > 0)]
    low = min(float(values.min()) if values.size else start_loss, CONVERGED * start_loss)
    high = max(float(values.max()) if values.size else start_loss, start_loss)
    low = max(low / 3, start_loss * 1e-13)
    return 10.0 ** math.floor(math.log10(low)), 10.0 ** math.ceil(math.log10(high * 3))


def _loss_axes(ax, losses, start_loss: float, epochs: int, label: bool = True) -> None:
    ax.set_yscale("log")
    ax.set_ylim(*loss_limits(losses, start_loss))
    ax.set_xlim(0, epochs)
    ax.set_xlabel("epoch $k$")
    if label:
        ax.set_ylabel("loss $L_k$ (log scale)")


def explorer_positions(lr_range: tuple[float, float] = LR_RANGE, steps_per_decade: int = STEPS_PER_DECADE) -> np.ndarray:
    """The learning rates the explorer's slider can take: 10**(k / steps_per_decade) across ``lr_range``."""
    low, high = (math.log10(v) for v in lr_range)
    count = round((high - low) * steps_per_decade)
    return 10.0 ** (low + np.arange(count + 1) / steps_per_decade)


# ---- section 2: the learning-rate explorer -----------------------------------------------------

def learning_rate_explorer(x, y, start, loss: str = "mse", lr: float = 0.1, epochs: int = 200,
                           lr_range: tuple[float, float] = LR_RANGE, max_epochs: int = 1000,
                           w_range: Sequence[float] | None = None, b_range: Sequence[float] | None = None,
                           steps_per_decade: int = STEPS_PER_DECADE) -> widgets.Explorer:
    """Sliders for the learning rate (log scale, ``steps_per_decade`` positions per factor 10, so the
    arrow keys move it by about 0.6 %) and the number of epochs. Left: the path of (w, b) over the
    loss map (log-spaced levels; start and minimum marked; the legend sits below the map, off the
    paths). Right: the loss per epoch on a log scale whose range follows the run (whole powers of
    ten), with the line a converging run must get below and the run's verdict from ``ll.classify_run``
    written on the plot (so the stored picture shows it too); a run that blew up early is shown over
    its first epochs only. The status line gives the rate, the epochs, the verdict and the loss at
    the start and the end; it never compares the rate with the cliff (the lesson finds the cliff by
    experiment first)."""
    x, y = _one_input(x, y)
    loss = _check_loss(loss)
    w0, b0 = _check_start(start)
    low, high = _check_range(lr_range, "lr_range")
    if low <= 0:
        raise ValueError(f"lr_range must hold two learning rates > 0, got {lr_range!r}")
    lr = float(check_learning_rate(lr))
    if not low <= lr <= high:
        raise ValueError(f"lr must lie inside lr_range {lr_range}, got {lr!r}")
    max_epochs = check_whole_number(max_epochs, "max_epochs", 10)
    epochs = check_whole_number(epochs, "epochs", 10, max_epochs)
    steps_per_decade = check_whole_number(steps_per_decade, "steps_per_decade", 1)
    default_w, default_b = default_view(x, y, (w0, b0))
    w_range = _check_range(w_range, "w_range") if w_range is not None else default_w
    b_range = _check_range(b_range, "b_range") if b_range is not None else default_b
    start_loss = float(gradient_descent(x, y, w0, b0, lr, 0, loss).loss[0])

    fig, (ax_path, ax_loss) = new_figure(ncols=2, width=9.0, height=4.3)
    plot_loss_contour(ax_path, x, y, w_range, b_range, loss=loss, spacing="log", levels=14)
    path = plot_path_of_run(ax_path, gradient_descent(x, y, w0, b0, lr, epochs, loss), label="gradient descent")
    (end,) = ax_path.plot([], [], marker="o", markersize=7, color=COLORS["accent"], markeredgecolor="black",
                          linestyle="none", label="after the last epoch", zorder=6)
    mark_start_and_minimum(ax_path, x, y, (w0, b0))
    ax_path.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncols=2, fontsize=8, framealpha=0.9)
    ax_path.set_title("Path of $(w, b)$ over the loss", fontsize=11)
    (curve,) = ax_loss.plot([], [], color=COLORS["loss"], linewidth=1.5)
    plot_converged_line(ax_loss, start_loss)
    ax_loss.legend(loc="lower left", fontsize=8, framealpha=0.9)
    _loss_axes(ax_loss, [start_loss], start_loss, epochs)
    ax_loss.set_title("Loss per epoch", fontsize=11)
    verdict_text = plot_verdict(ax_loss, "slow")
    # The whole loss panel is redrawn at every move (cheap), so its axes can follow the run; the loss
    # map behind the path (expensive) stays in the background.
    star = [line for line in ax_path.get_lines() if line.get_label() == "minimum"]
    live = widgets.LiveFigure(fig, animated=[path, *star, end, ax_loss])

    def show(rate: float, epochs: int) -> str:
        run = gradient_descent(x, y, w0, b0, rate, epochs, loss)
        last = run.diverged_at if run.diverged else epochs
        path.set_data(run.w, run.b)
        end.set_data([run.w[last]], [run.b[last]])
        curve.set_data(np.arange(epochs + 1), run.loss)
        verdict = classify_run(run)
        verdict_text.set_text(verdict)
        verdict_text.get_bbox_patch().set_facecolor(RUN_CLASS_COLORS[verdict_kind(verdict)])
        ax_loss.set_ylim(*loss_limits(run.loss, start_loss))
        shown_epochs = epochs if not run.diverged or run.diverged_at > epochs / 5 else max(10, 2 * run.diverged_at)
        ax_loss.set_xlim(0, shown_epochs)  # an early blow-up is not a line squeezed against the axis
        where = f"η = {rate:.4g}, {epochs} epochs: <b>{verdict}</b>"
        if run.diverged:
            return f"{where} (the loss passed a million times its start, {start_loss:.3g})"
        return f"{where}; the loss went from {start_loss:.3g} to {loss_text(run.final_loss)}"

    rate_slider = widgets.log_slider("learning rate η", lr, np.log10(low), np.log10(high),
                                     steps_per_decade=steps_per_decade)
    rate_slider.readout_format = ".4g"
    epoch_slider = widgets.int_slider("epochs", epochs, 10, max_epochs, step=10)
    return widgets.Explorer([rate_slider, epoch_slider], live, show,
                            "Learning-rate explorer: the path of (w, b) over the loss and the loss per epoch, "
                            "with classify_run's verdict")


def loss_grows(x, y, start, lr: float, epochs: int, loss: str = "mse") -> tuple[bool, float, float | None]:
    """What the explorer shows of one run, without its verdict: (did the loss end above its start or
    blow up, the loss at the start, the loss at the end or None if it blew up)."""
    run = gradient_descent(x, y, *_check_start(start), lr, epochs, loss)
    start_loss = float(run.loss[0])
    if run.diverged:
        return True, start_loss, None
    return bool(run.final_loss > start_loss), start_loss, float(run.final_loss)


def _ended(start_loss: float, final: float | None) -> str:
    return (f"the loss passed a million times its start, {start_loss:.3g}" if final is None
            else f"the loss went from {start_loss:.3g} to {loss_text(final)}")


def recorded_cliff_report(my_cliff: Any, x, y, start, loss: str = "mse", epochs: int = 200,
                          lr_range: tuple[float, float] = LR_RANGE, steps_per_decade: int = STEPS_PER_DECADE) -> str:
    """What the explorer shows at the rate the learner recorded as the cliff (``my_cliff``), from the
    runs' own losses (not from the verdict): whether the loss after ``epochs`` epochs ended above its
    start there and one press of the arrow key lower. Says "look higher" / "look lower" (with the number
    of presses) otherwise; a missing or malformed value gets a one-line instruction, never an error. A
    rate within 0.1 % of a slider position (its 4-digit readout) is taken as that position."""
    if my_cliff is None or my_cliff is Ellipsis:
        return ("No rate recorded yet. In this cell, replace None by the first rate at which the loss grew "
                "(the verdict turned to diverging), then run the cell again.")
    try:
        rate = learner_rate(my_cliff, "my_cliff")
    except NotALearningRate as error:
        return str(error)
    x, y = _one_input(x, y)
    step = 10.0 ** (1 / steps_per_decade)
    positions = explorer_positions(lr_range, steps_per_decade)
    nearest = positions[np.argmin(np.abs(positions / rate - 1))]
    if abs(nearest / rate - 1) < 1e-3:  # the slider's readout, 0.1202, stands for its position 0.120226...
        rate = float(nearest)
    grows, start_loss, final = loss_grows(x, y, start, rate, epochs, loss)
    if not grows:
        return (f"At η = {rate:.4g}, after {epochs} epochs, {_ended(start_loss, final)}: it fell. "
                "The edge lies higher: press → until the loss grows.")
    lower_grows, _, lower_final = loss_grows(x, y, start, rate / step, epochs, loss)
    if not lower_grows:
        return (f"Found it. At η = {rate:.4g}, after {epochs} epochs, {_ended(start_loss, final)}: it grew. "
                f"One press lower, at {rate / step:.4g}, it fell to {loss_text(lower_final)}.")
    first = next(p for p in positions if loss_grows(x, y, start, p, epochs, loss)[0])
    presses = max(1, round(math.log(rate / first) / math.log(step)))
    return (f"At η = {rate:.4g} the loss grows, but it grows already {presses} press{'es' * (presses > 1)} of ← lower. "
            "Look for the first rate at which it grows.")


def recorded_cliff_vs_theory(my_cliff: Any, cliff: float, lr_range: tuple[float, float] = LR_RANGE,
                             steps_per_decade: int = STEPS_PER_DECADE) -> str:
    """The rate the learner recorded in section 2 against the cliff 2/lambda_max, with the two explorer
    positions on either side of the cliff."""
    positions = explorer_positions(lr_range, steps_per_decade)
    below, above = positions[positions <= cliff].max(), positions[positions > cliff].min()
    sides = f"the explorer's positions on either side of the cliff are {below:.4f} and {above:.4f}"
    if my_cliff is None or my_cliff is Ellipsis:
        return f"You recorded no rate in section 2; {sides}."
    try:
        rate = learner_rate(my_cliff, "my_cliff")
    except NotALearningRate as error:
        return str(error)
    return f"Your rate from section 2, {rate:.4g}, is {rate / cliff:.3f} × the cliff; {sides}."


# ---- section 3: four fates side by side --------------------------------------------------------

def four_fates_figure(x, y, start, rates: Sequence[float], epochs: int, loss: str = "mse",
                      w_range: Sequence[float] | None = None, b_range: Sequence[float] | None = None,
                      title: str | None = None) -> Figure:
    """One column per learning rate (four in the lesson): top, the path of (w, b) over the loss map
    from the same start (its early steps faint, the last 40 bold; the minimum on top); bottom, the
    loss per epoch with the converged line, on a log scale that follows the curve. Each column's
    title gives the rate and ``ll.classify_run``'s verdict after ``epochs`` epochs, in the verdict's
    colour. ``title``: the figure's title (default: the setup)."""
    x, y = _one_input(x, y)
    loss = _check_loss(loss)
    w0, b0 = _check_start(start)
    rates = np.atleast_1d(check_learning_rate(rates))
    if not 1 <= len(rates) <= 6:
        raise ValueError(f"rates must hold 1 to 6 learning rates, got {len(rates)}")
    epochs = check_whole_number(epochs, "epochs", 2)
    default_w, default_b = default_view(x, y, (w0, b0))
    w_range = _check_range(w_range, "w_range") if w_range is not None else default_w
    b_range = _check_range(b_range, "b_range") if b_range is not None else default_b
    sweep = gradient_descent(x, y, w0, b0, rates, epochs, loss)

    fig, axes = new_figure(ncols=len(rates), nrows=2, width=2.45 * len(rates), height=5.6)
    for j, rate in enumerate(rates):
        run = sweep.run(j)
        verdict = classify_run(run)
        ax_path, ax_loss = axes[j], axes[len(rates) + j]
        plot_loss_contour(ax_path, x, y, w_range, b_range, loss=loss, spacing="log", levels=14, colorbar=False)
        plot_path_of_run(ax_path, run, fade=40)
        mark_start_and_minimum(ax_path, x, y, (w0, b0))
        ax_path.set_title(f"$\\eta$ = {rate:g}\n{verdict}", fontsize=11, fontweight="bold",
                          bbox=dict(boxstyle="round,pad=0.25", facecolor=RUN_CLASS_COLORS[verdict_kind(verdict)],
                                    alpha=0.45, edgecolor="none"))
        ax_loss.plot(np.arange(epochs + 1), run.loss, color=COLORS["loss"], linewidth=1.5)
        plot_converged_line(ax_loss, float(run.loss[0]))
        _loss_axes(ax_loss, run.loss, float(run.loss[0]), epochs, label=j == 0)
        if j > 0:
            ax_path.set_ylabel("")
    axes[0].legend(loc="lower left", fontsize=8, framealpha=0.9)
    axes[len(rates)].legend(loc="lower left", fontsize=8, framealpha=0.9)
    fig.suptitle(title or f"Same data, same start, {epochs} epochs: only the learning rate differs", fontsize=12)
    return fig


# ---- section 4: the two axes of the bowl -------------------------------------------------------

def bowl_axes(x, loss: str = "mse") -> tuple[np.ndarray, np.ndarray]:
    """The curvatures (eigenvalues of the Hessian, smallest first) and the axes of the bowl (its
    eigenvectors, as columns, flat axis first) of a one-input neuron's loss."""
    x = np.ravel(as_finite_array(x, "x"))
    lam, axes = np.linalg.eigh(hessian(x, _check_loss(loss)))
    return lam, axes * np.where(axes[0] < 0, -1.0, 1.0)  # an axis has no direction: point each towards larger w


def distance_along_axes(run: History, x, y, loss: str = "mse") -> np.ndarray:
    """The offset from the minimum split along the bowl's two axes at every kept state: shape (states, 2),
    column 0 along the flat axis, column 1 along the steep one (signed: it flips sign when a step jumps
    over the minimum)."""
    _, axes = bowl_axes(x, loss)
    w_best, b_best = least_squares_solution(x, y)
    return np.column_stack([run.w - w_best, run.b - b_best]) @ axes


def angle_off_steep_axis(x, y, start, loss: str = "mse") -> float:
    """How many degrees the line from the minimum to ``start`` lies off the bowl's steep axis (0: on it,
    90: on the flat axis)."""
    _, axes = bowl_axes(x, loss)
    offset = np.array(_check_start(start)) - np.array(least_squares_solution(x, y), dtype=float)
    flat, steep = offset @ axes
    return float(np.degrees(np.arctan2(abs(flat), abs(steep))))


def bowl_axes_figure(x, y, start, lr: float, epochs: int, loss: str = "mse",
                     w_range: Sequence[float] | None = None, b_range: Sequence[float] | None = None) -> Figure:
    """Left: the loss map with the bowl's two axes drawn through the minimum (steep: reddish purple,
    flat: sky blue) and the path of one run. Right: that run's offset from the minimum along each axis,
    |u_k|, on a log scale, against the epoch: each a straight line falling by the factor |1 - eta lambda|
    per step (its sign, which flips at every step for a negative factor, is in the legend)."""
    x, y = _one_input(x, y)
    loss = _check_loss(loss)
    w0, b0 = _check_start(start)
    lr = float(check_learning_rate(lr))
    epochs = check_whole_number(epochs, "epochs", 1)
    default_w, default_b = default_view(x, y, (w0, b0))
    w_range = _check_range(w_range, "w_range") if w_range is not None else default_w
    b_range = _check_range(b_range, "b_range") if b_range is not None else default_b
    lam, axes = bowl_axes(x, loss)
    run = gradient_descent(x, y, w0, b0, lr, epochs, loss)
    u = distance_along_axes(run, x, y, loss)
    w_best, b_best = least_squares_solution(x, y)

    fig, (ax_map, ax_u) = new_figure(ncols=2, width=9.0, height=4.5)
    plot_loss_contour(ax_map, x, y, w_range, b_range, loss=loss, spacing="log", levels=14, colorbar=False)
    reach = 2 * max(w_range[1] - w_range[0], b_range[1] - b_range[0])
    styles = {1: ("steep axis", COLORS["alternative"]), 0: ("flat axis", COLORS["accent"])}
    for j in (1, 0):
        name, color = styles[j]
        ends = np.array([w_best, b_best])[:, None] + reach * np.outer(axes[:, j], [-1, 1])
        ax_map.plot(ends[0], ends[1], color=color, linewidth=2.5, label=f"{name}, $\\lambda$ = {lam[j]:.4g}")
    plot_path_of_run(ax_map, run, label=f"$\\eta$ = {lr:g}").set_zorder(4)
    mark_start_and_minimum(ax_map, x, y, (w0, b0))
    ax_map.set_xlim(*w_range)
    ax_map.set_ylim(*b_range)
    ax_map.set_aspect("equal", adjustable="box")  # equal scales: the right angle between the axes shows
    ax_map.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncols=2, fontsize=8, framealpha=0.9)
    ax_map.set_title("The bowl's two axes, at right angles", fontsize=11)
    k = np.arange(len(u))
    for j in (1, 0):
        name, color = styles[j]
        factor = 1 - lr * lam[j]
        ax_u.semilogy(k, np.abs(u[:, j]), color=color, linewidth=2, marker="o", markersize=3,
                      label=f"{name}: $\\times$ ({factor:+.4f}) per step")
    ax_u.set_xlabel("epoch $k$")
    ax_u.set_ylabel("offset along the axis $|u_k|$ (log scale)")
    ax_u.set_xlim(0, epochs)
    ax_u.legend(loc="lower left", fontsize=9, framealpha=0.9)
    ax_u.set_title(f"Each axis shrinks by its own factor ($\\eta$ = {lr:g})", fontsize=11)
    return fig


# ---- section 5: the sweep ------------------------------------------------------------------------

def plot_verdict_bands(ax, lrs, verdicts: Sequence[str], alpha: float = 0.35, log: bool = True,
                       label_width: float = BAND_LABEL_WIDTH) -> list:
    """Shade the learning-rate axis by each run's verdict, one band per stretch of equal verdicts.

    ``lrs`` are increasing learning rates, ``verdicts`` their ``classify_run`` verdicts ('diverged at
    epoch k' counts as 'diverged'). A band's edges sit halfway between neighbouring rates (halfway on a
    log scale when ``log``). Each verdict gets one legend entry, from its widest band, and only if that
    band covers at least ``label_width`` of the rates' span (on the axis's scale): a band too narrow to
    see is not in the legend. Returns the bands.
    """
    lrs = np.asarray(check_learning_rate(lrs), dtype=float)
    kinds = [verdict_kind(v) for v in verdicts]
    if lrs.ndim != 1 or len(kinds) != len(lrs):
        raise ValueError(f"verdicts must have one entry per learning rate ({lrs.size}), got {len(kinds)}")
    if np.any(np.diff(lrs) <= 0):
        raise ValueError("lrs must be increasing")
    middles = np.sqrt(lrs[1:] * lrs[:-1]) if log else (lrs[1:] + lrs[:-1]) / 2
    lows, highs = np.append(lrs[0], middles), np.append(middles, lrs[-1])
    scale = np.log if log else (lambda v: v)
    span = scale(lrs[-1]) - scale(lrs[0]) if len(lrs) > 1 else 1.0
    stretches, first = [], 0
    for i in range(1, len(kinds) + 1):
        if i < len(kinds) and kinds[i] == kinds[first]:
            continue
        stretches.append((kinds[first], lows[first], highs[i - 1]))
        first = i
    widest: dict[str, int] = {}
    for n, (kind, low, high) in enumerate(stretches):
        if kind not in widest or high - low > stretches[widest[kind]][2] - stretches[widest[kind]][1]:
            widest[kind] = n
    bands = []
    for n, (kind, low, high) in enumerate(stretches):
        seen = span > 0 and (scale(high) - scale(low)) / span >= label_width
        bands.append(ax.axvspan(low, high, color=RUN_CLASS_COLORS[kind], alpha=alpha, linewidth=0,
                                label=kind if widest[kind] == n and seen else None))
    return bands


def sweep_figure(sweep: History, verdicts: Sequence[str], best: float, cliff: float,
                 zoom: tuple[float, float] = (0.10, 0.13)) -> Figure:
    """Left: the loss after the sweep's last epoch (vermillion) against the learning rate (log-log), the
    background shaded by each run's verdict; runs that blew up leave a gap. Right: the same, zoomed in on
    ``zoom`` (linear rate axis), with the loss at the start, the best rate 2/(lambda_min + lambda_max)
    (dotted green) and the cliff 2/lambda_max (dashed black) marked: there the losses turn from ending
    below their start to ending above it. Verdict bands too narrow to see get no legend entry."""
    if not isinstance(sweep, History) or not sweep.is_sweep:
        raise ValueError("sweep must be the History of gradient_descent called with an array of learning rates")
    lrs = np.asarray(sweep.lr, dtype=float)
    if len(verdicts) != len(lrs):
        raise ValueError(f"verdicts must have one entry per learning rate ({len(lrs)}), got {len(verdicts)}")
    low, high = _check_range(zoom, "zoom")
    best, cliff = float(check_learning_rate(best)), float(check_learning_rate(cliff))
    final = sweep.loss[:, -1]
    start_loss = float(sweep.loss[0, 0])
    fig, (ax_all, ax_zoom) = new_figure(ncols=2, width=9.0, height=4.0)
    plot_verdict_bands(ax_all, lrs, verdicts, alpha=0.3)
    ax_all.loglog(lrs, final, color=COLORS["loss"], linewidth=1.8, label=f"loss after {sweep.epochs} epochs")
    ax_all.set_xlim(lrs[0], lrs[-1])
    ax_all.set_ylim(np.nanmin(final) / 10, start_loss * DIVERGENCE_FACTOR * 10)
    ax_all.set_xlabel("learning rate $\\eta$ (log scale)")
    ax_all.set_ylabel(f"loss after {sweep.epochs} epochs (log scale)")
    ax_all.set_title("A long slope down, a valley, a cliff", fontsize=11)
    inside = (lrs >= low) & (lrs <= high)
    plot_verdict_bands(ax_zoom, lrs[inside], [v for v, keep in zip(verdicts, inside) if keep], alpha=0.3, log=False)
    for ax in (ax_all, ax_zoom):
        ax.axhline(start_loss, color=COLORS["neutral"], linewidth=1.2, linestyle="-.", label="loss at the start")
    ax_all.legend(loc="upper left", fontsize=8, framealpha=0.9)
    ax_zoom.semilogy(lrs[inside], final[inside], color=COLORS["loss"], linewidth=1.8)
    ax_zoom.axvline(best, color=COLORS["truth"], linestyle=":", linewidth=2.5,
                    label=f"best rate $2/(\\lambda_{{\\min}}+\\lambda_{{\\max}})$ = {best:.4f}")
    ax_zoom.axvline(cliff, color=COLORS["data"], linestyle="--", linewidth=1.5,
                    label=f"cliff $2/\\lambda_{{\\max}}$ = {cliff:.6f}")
    ax_zoom.set_xlim(low, high)
    ax_zoom.set_ylim(*ax_all.get_ylim())
    ax_zoom.set_xlabel("learning rate $\\eta$")
    ax_zoom.set_ylabel(f"loss after {sweep.epochs} epochs (log scale)")
    ax_zoom.set_title("Zoomed in: the losses end above their start past the cliff", fontsize=10)
    ax_zoom.legend(loc="upper left", fontsize=8, framealpha=0.9)
    return fig


# ---- exercise 1: the verdicts around the learner's guess ---------------------------------------

def cliff_guess_figure(x, y, start, guess: Any, loss: str = "half_mse", epochs: int = 200,
                       reference: float | None = None, lr_range: tuple[float, float] = LR_RANGE) -> Figure:
    """What runs do around a guessed cliff: top, the verdict after ``epochs`` epochs of 600 learning
    rates across ``lr_range`` (log scale) as coloured bands; bottom, a close-up of 301 rates from a
    little below the lower to a little above the higher of the guess and the first rate called
    diverging. The guess is marked (black), and so is ``reference`` (grey dashes), a cliff to compare
    with. The title says where the verdicts turn to diverging and what they say at the guess (or that
    the guess sits on the cliff, within 0.5 %, where a run neither grows nor settles). A guess that is
    not a learning rate (text, a negative number) raises NotALearningRate, shown as one line."""
    guess = learner_rate(guess, "cliff_guess")
    x, y = _one_input(x, y)
    loss = _check_loss(loss)
    w0, b0 = _check_start(start)
    low, high = _check_range(lr_range, "lr_range")
    epochs = check_whole_number(epochs, "epochs", 2)
    cliff = float(2 / np.linalg.eigvalsh(hessian(x, loss)).max())
    wide = np.geomspace(low, high, 600)
    near = np.linspace(0.97 * min(guess, cliff), 1.03 * max(guess, cliff), 301)
    fig, (ax_wide, ax_near) = new_figure(nrows=2, width=9.0, height=3.8)
    first = None
    for ax, lrs, log in ((ax_wide, wide, True), (ax_near, near, False)):
        sweep = gradient_descent(x, y, w0, b0, lrs, epochs, loss)
        verdicts = [classify_run(sweep.run(i)) for i in range(len(lrs))]
        plot_verdict_bands(ax, lrs, verdicts, alpha=0.6, log=log)
        if not log:
            first = next((lr for lr, v in zip(lrs, verdicts) if v.startswith("diverg")), None)
        if reference is not None and lrs[0] <= reference <= lrs[-1]:
            ax.axvline(reference, color=COLORS["neutral"], linewidth=2, linestyle="--", label="the MSE's cliff (§4)")
        ax.axvline(guess, color=COLORS["data"], linewidth=2, label="your guess")
        ax.set_xlim(lrs[0], lrs[-1])
        ax.set_yticks([])
        ax.grid(False)
        if log:
            ax.set_xscale("log")
        ax.legend(loc="upper left", fontsize=8, ncols=4, framealpha=0.95)
    ax_wide.set_xlabel("learning rate $\\eta$ (log scale)")
    ax_near.set_xlabel("learning rate $\\eta$, close up")
    if abs(guess / cliff - 1) <= 0.005:
        at_guess = "your guess sits on the cliff (within 0.5 %)"
    else:
        at_guess = f"at your guess: {classify_run(gradient_descent(x, y, w0, b0, guess, epochs, loss))}"
    turn = f"diverging from {first:.4f} on" if first is not None else "no rate of the close-up diverges"
    ax_wide.set_title(f"Verdicts after {epochs} epochs: {turn}; {at_guess}", fontsize=11)
    return fig


# ---- exercise 3: four runs without labels --------------------------------------------------------

# Four runs the lesson does not show: (data, start, learning rate, epochs, loss). "two points" are the
# perceptron article's (x = 0.3745, 0.9507 on y = 2x + 1); "four points" lie on y = 1 - 2x. Private:
# exercise 3 asks for their verdicts, read from the figure (the checks keep their own copy; a test
# keeps the two equal).
_UNLABELLED = (
    ("two points", (0.6477, 1.5230), 1.36, 300, "half_mse"),
    ("four points", "near the valley floor", 0.206, 200, "mse"),
    ("two points", (0.6477, 1.5230), 0.3, 300, "half_mse"),
    ("four points", (0.0, 0.0), 0.15, 200, "mse"),
)
FOUR_POINTS_X = (0.5, 1.0, 2.5, 3.0)
LAST_STEPS = 12  # the lower panels show w over this many last epochs


def unlabelled_run_data(which: str) -> tuple[np.ndarray, np.ndarray]:
    """The data of an unlabelled run: "two points" (the perceptron article's) or "four points" (y = 1 - 2x)."""
    if which == "two points":
        from ..data import make_two_point_data

        data = make_two_point_data(seed=42)
        return data.x.ravel(), data.y.ravel()
    if which == "four points":
        x = np.array(FOUR_POINTS_X)
        return x, 1 - 2 * x
    raise ValueError(f"which must be 'two points' or 'four points', got {which!r}")


def _unlabelled_curves() -> list[tuple[np.ndarray, np.ndarray]]:
    """(loss per epoch, w per epoch) of exercise 3's four runs, in the order A, B, C, D: only what the
    figure draws. "near the valley floor" starts 3 along the flat axis and 0.003 along the steep axis
    from the minimum (a start whose loss sits mostly along the flat axis)."""
    curves = []
    for which, start, lr, epochs, loss in _UNLABELLED:
        x, y = unlabelled_run_data(which)
        if isinstance(start, str):
            _, axes = bowl_axes(x, loss)
            start = np.array(least_squares_solution(x, y)) + 3.0 * axes[:, 0] + 0.003 * axes[:, 1]
        run = gradient_descent(x, y, float(start[0]), float(start[1]), lr, epochs, loss)
        curves.append((np.array(run.loss), np.array(run.w)))
    return curves


def unlabelled_runs_figure() -> Figure:
    """Exercise 3's four runs without their verdicts: top row, the loss per epoch (log scale) with the
    converged line; bottom row, the steps of the weight, w_{k+1} - w_k, over the last LAST_STEPS epochs
    as bars (up: w grew, down: w shrank; only their signs matter, so each panel has its own scale)."""
    fig, axes = new_figure(ncols=4, nrows=2, width=10.0, height=5.0)
    for j, ((losses, w), name) in enumerate(zip(_unlabelled_curves(), "ABCD")):
        ax_loss, ax_step = axes[j], axes[4 + j]
        start_loss, epochs = float(losses[0]), len(losses) - 1
        ax_loss.plot(np.arange(epochs + 1), losses, color=COLORS["loss"], linewidth=1.5)
        plot_converged_line(ax_loss, start_loss)
        ax_loss.set_yscale("log")
        ax_loss.set_ylim(min(start_loss * 1e-8, float(np.nanmin(losses))) / 10, start_loss * 1e3)
        ax_loss.set_xlim(0, epochs)
        ax_loss.set_xlabel("epoch $k$")
        ax_loss.set_title(f"run {name}", fontsize=12, fontweight="bold")
        k = np.arange(epochs - LAST_STEPS, epochs)
        steps = w[k + 1] - w[k]
        ax_step.bar(k, steps, color=np.where(steps > 0, COLORS["model"], COLORS["accent"]), width=0.7)
        ax_step.axhline(0, color=COLORS["data"], linewidth=0.8)
        top = float(np.max(np.abs(steps))) * 1.2
        ax_step.set_ylim(-top, top)
        ax_step.set_yticks([-top / 1.2, 0, top / 1.2], ["down", "0", "up"])
        ax_step.set_xlabel("epoch $k$ (the last ones)")
    axes[0].set_ylabel("loss $L_k$ (log scale)")
    axes[4].set_ylabel("step of $w$: $w_{k+1} - w_k$")
    axes[0].legend(loc="lower left", fontsize=8, framealpha=0.9)
    fig.suptitle("Four runs on data the lesson did not use: which verdict is each?", fontsize=12)
    return fig
