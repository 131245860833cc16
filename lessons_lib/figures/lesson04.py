"""Lesson 4's figures and explorer: a run watched epoch by epoch (the line, the learning curve and
the path over the loss map), "The Concept of Learning"'s run that stops short, learning curves of
several runs side by side, and full-batch against minibatch descent.

Every function draws one picture the lesson talks about; its docstring says what it draws.
Colours mean the same in every lesson (``common.COLORS``): data black, the true line and the
minimum green, the neuron and full-batch descent blue, the start orange, loss curves
vermillion, one point at a time (SGD) reddish purple, a third run sky blue.
"""
from __future__ import annotations

from typing import Callable, Mapping, Sequence

import numpy as np
from matplotlib import patheffects
from matplotlib.figure import Figure

from .. import History
from .._validate import as_finite_array, check_data, check_range
from .common import COLORS, new_figure, plot_loss_contour

LOSS_LABELS = {"mse": "MSE", "half_mse": "MSE/2", "mae": "MAE"}
HALO = [patheffects.withStroke(linewidth=4, foreground="white")]  # keeps a path readable over dark bands


# ---- checks at the edge ---------------------------------------------------------------------------

def _check_single_run(history, name: str = "history") -> History:
    """A History of one run of a one-input neuron, or a ValueError saying what was wrong."""
    if not isinstance(history, History):
        raise ValueError(f"{name} must be a History from ll.gradient_descent or ll.gradient_descent_loop, "
                         f"got {type(history).__name__}")
    if history.is_sweep or np.ndim(history.w) != 1:
        raise ValueError(f"{name} must be a single run of a one-input neuron (w and b one number per state); "
                         f"history.w has shape {np.shape(history.w)}")
    return history


def _equation(w: float, b: float) -> str:
    return f"$\\hat y = {w:.2f}x {'+' if b >= 0 else '-'} {abs(b):.2f}$"


# ---- section 3: watching a run learn ----------------------------------------------------------------

def epoch_status(history: History, k: int) -> str:
    """The explorer's status line at epoch slider ``k``: the state after k updates (before update k)."""
    w, b, loss = float(history.w[k]), float(history.b[k]), float(history.loss[k])
    name = LOSS_LABELS.get(history.loss_name, history.loss_name)
    when = "at the start (0 updates)" if k == 0 else f"after {k} update{'s' * (k > 1)}"
    return f"{when}: line ŷ = {w:.2f}x {'+' if b >= 0 else '-'} {abs(b):.2f}, loss {name} = {loss:.4g}"


def training_panels(x, y, history: History, k: int, goal: tuple[float, float] | None = None,
                    w_range: tuple[float, float] = (0.4, 2.2), b_range: tuple[float, float] = (0.6, 1.9)):
    """Three panels of one full-batch run at epoch ``k`` (the state after k updates).

    Left: the data, the true line ``goal`` = (w, b) (green, dashed, drawn on top), the start line
    (orange) and the neuron's line at epoch k (blue). Middle: the whole learning curve, loss
    against epoch on a log scale (pale), the part up to k (vermillion) and a dot at k. Right: the
    loss map (``common.plot_loss_contour``, log-spaced levels, equal axis scales) with the path of
    (w, b) through every epoch up to k and the current state.

    Returns (fig, moving, update): the artists a live figure redraws, in drawing order (the goal
    line after the neuron's line, so it stays visible), and ``update(k)``, which moves them to
    epoch k and returns the status line (``epoch_status``).
    """
    history = _check_single_run(history)
    x_flat, y_flat = (np.ravel(v) for v in check_data(x, y))
    w_range, b_range = check_range(w_range, "w_range"), check_range(b_range, "b_range")
    last = len(history.loss) - 1
    name = LOSS_LABELS.get(history.loss_name, history.loss_name)

    fig, (ax_line, ax_loss, ax_map) = new_figure(3, width=11.0, height=3.9, width_ratios=[1.0, 1.0, 1.3])
    pad = 0.15 * (x_flat.max() - x_flat.min() + 1e-9)
    x_grid = np.linspace(min(0.0, x_flat.min()) - pad, x_flat.max() + pad, 50)
    ax_line.plot(x_flat, y_flat, "o", color=COLORS["data"], markersize=7, zorder=4, label="data")
    ax_line.plot(x_grid, history.w[0] * x_grid + history.b[0], color=COLORS["start"], linewidth=1.5,
                 label="start")
    (fit,) = ax_line.plot(x_grid, x_grid, color=COLORS["model"], linewidth=2.5, label="after $k$ updates")
    on_top = []  # drawn after the moving line, so a line that reaches the goal never hides it
    if goal is not None:
        on_top = ax_line.plot(x_grid, goal[0] * x_grid + goal[1], color=COLORS["truth"], linestyle="--",
                              linewidth=1.5, zorder=5, label=_equation(*goal).replace("\\hat y", "y") + " (goal)")
    ax_line.set_xlim(x_grid[0], x_grid[-1])
    ax_line.set_xlabel("input $x$")
    ax_line.set_ylabel("output $y$")
    ax_line.set_title("The line swings into place", fontsize=11)
    ax_line.legend(loc="upper left", fontsize=8)

    epochs = np.arange(last + 1)
    ax_loss.semilogy(epochs, history.loss, color=COLORS["loss"], alpha=0.25, linewidth=1.5)
    (curve,) = ax_loss.semilogy([], [], color=COLORS["loss"], linewidth=2.2)
    (here,) = ax_loss.semilogy([], [], "o", color=COLORS["model"], markersize=7, markeredgecolor="white")
    ax_loss.set_xlim(0, last)
    ax_loss.set_xlabel("updates made $k$ (one per epoch)")
    ax_loss.set_ylabel(f"loss {name} (log scale)")
    ax_loss.set_title("Learning curve: soon a straight line", fontsize=11)

    plot_loss_contour(ax_map, x_flat, y_flat, w_range, b_range, loss=history.loss_name, levels=12, spacing="log",
                      colorbar=False)
    ax_map.plot(history.w[0], history.b[0], "s", color=COLORS["start"], markersize=8, markeredgecolor="white",
                linestyle="none", label="start")
    (path,) = ax_map.plot([], [], color=COLORS["model"], linewidth=1.8, marker="o", markersize=2,
                          label="path of $(w, b)$, a dot per epoch")
    (now,) = ax_map.plot([], [], "o", color=COLORS["model"], markersize=8, markeredgecolor="white")
    ax_map.set_aspect("equal")
    ax_map.set_title("The path over the loss map", fontsize=11)
    ax_map.legend(loc="lower left", fontsize=8, framealpha=0.9)

    def update(k: int) -> str:
        k = int(k)
        if not 0 <= k <= last:
            raise ValueError(f"k must be a whole number from 0 to {last}, got {k}")
        fit.set_ydata(history.w[k] * x_grid + history.b[k])
        curve.set_data(epochs[:k + 1], history.loss[:k + 1])
        here.set_data([k], [history.loss[k]])
        path.set_data(history.w[:k + 1], history.b[:k + 1])
        now.set_data([history.w[k]], [history.b[k]])
        return epoch_status(history, k)

    update(k)
    return fig, [fit, *on_top, curve, here, path, now], update


def training_explorer(x, y, history: History, epoch: int = 60, goal: tuple[float, float] | None = None,
                      w_range: tuple[float, float] = (0.4, 2.2), b_range: tuple[float, float] = (0.6, 1.9)):
    """An epoch slider over one full-batch run: the three panels of ``training_panels`` at the
    chosen epoch, and a status line with the line and the loss after that many updates."""
    from .. import widgets

    fig, moving, update = training_panels(x, y, history, epoch, goal, w_range, b_range)
    slider = widgets.int_slider("updates made k", int(epoch), 0, len(history.loss) - 1)
    live = widgets.LiveFigure(fig, animated=moving)
    return widgets.Explorer([slider], live, update,
                            "Explorer: one run, epoch by epoch (the line, the learning curve, the path over the loss map)")


# ---- section 4: "close to y = 3x + 1"? ----------------------------------------------------------------

def valley_run_figure(x, y, history: History, truth: tuple[float, float], zoom_from: int = 20,
                      w_range: tuple[float, float] = (0.2, 3.8), b_range: tuple[float, float] = (-0.3, 1.5)) -> Figure:
    """Two panels of one run that stops short. Left: the path of (w, b) through every step over the
    loss map (log-spaced levels, equal axis scales), start and end marked, with an inset that zooms
    on the path after ``zoom_from`` steps and the minimum (no inset if zoom_from is 0 or the number
    of steps). Right: w and b against the steps made, with their true values ``truth`` = (w, b) as dashed green lines; the title gives
    how far b still is from its true value at the end."""
    history = _check_single_run(history)
    x_flat, y_flat = (np.ravel(v) for v in check_data(x, y))
    w_range, b_range = check_range(w_range, "w_range"), check_range(b_range, "b_range")
    steps = np.arange(len(history.loss))
    fig, (ax_map, ax_params) = new_figure(2, width=11.0, height=4.3, width_ratios=[1.4, 1.0])
    plot_loss_contour(ax_map, x_flat, y_flat, w_range, b_range, loss=history.loss_name, levels=14, spacing="log")
    ax_map.plot(history.w, history.b, color=COLORS["model"], linewidth=2, marker="o", markersize=2.5,
                path_effects=HALO, label=f"{len(steps) - 1} steps")
    ax_map.plot(history.w[0], history.b[0], "s", color=COLORS["start"], markersize=8, markeredgecolor="white",
                linestyle="none", label="start")
    ax_map.plot(history.w[-1], history.b[-1], "o", color=COLORS["model"], markersize=8, markeredgecolor="white",
                linestyle="none", label="end")
    ax_map.set_aspect("equal")
    ax_map.set_title("Across the valley fast, then a crawl along its floor", fontsize=11)
    ax_map.legend(loc="lower right", fontsize=8, framealpha=0.9)
    if 0 < zoom_from < len(steps) - 1:
        _zoom_on_the_end(ax_map, x_flat, y_flat, history, truth, zoom_from)

    ax_params.plot(steps, history.w, color=COLORS["model"], linewidth=2, label="weight $w$")
    ax_params.plot(steps, history.b, color=COLORS["alternative"], linewidth=2, label="bias $b$")
    for value in truth:
        ax_params.axhline(value, color=COLORS["truth"], linestyle="--", linewidth=1.5)
    ax_params.plot([], [], color=COLORS["truth"], linestyle="--", label=f"true $w = {truth[0]:g}$, $b = {truth[1]:g}$")
    ax_params.set_xlim(0, steps[-1])
    ax_params.set_xlabel("steps made $k$")
    ax_params.set_ylabel("parameter value")
    short = 1 - history.b[-1] / truth[1] if truth[1] != 0 else np.nan
    ax_params.set_title(f"$b$ still {short:.0%} short after {steps[-1]} steps, and creeping", fontsize=11)
    ax_params.legend(loc="center right", fontsize=9)
    return fig


def _zoom_on_the_end(ax, x, y, history: History, truth: tuple[float, float], first: int) -> None:
    """An inset in the upper left of ``ax``: the path after ``first`` steps, the true (w, b) and the
    loss's contours around them, so the crawl along the valley floor shows."""
    w_tail, b_tail = history.w[first:], history.b[first:]
    w_all, b_all = np.append(w_tail, truth[0]), np.append(b_tail, truth[1])
    half = 0.6 * max(np.ptp(w_all), np.ptp(b_all)) + 1e-9
    center = ((w_all.max() + w_all.min()) / 2, (b_all.max() + b_all.min()) / 2)
    inset = ax.inset_axes([0.02, 0.36, 0.42, 0.54])
    plot_loss_contour(inset, x, y, (center[0] - half, center[0] + half), (center[1] - half, center[1] + half),
                      loss=history.loss_name, levels=10, spacing="log", colorbar=False, resolution=80)
    inset.plot(w_tail, b_tail, color=COLORS["model"], linewidth=1.2, marker="o", markersize=2.5)
    inset.plot(history.w[-1], history.b[-1], "o", color=COLORS["model"], markersize=6, markeredgecolor="white")
    inset.set_aspect("equal")
    inset.set_xticks([])
    inset.set_yticks([])
    inset.set_xlabel("")
    inset.set_ylabel("")
    inset.set_title(f"zoom: after {first} to {len(history.w) - 1} steps", fontsize=8, pad=2)
    ax.indicate_inset_zoom(inset, edgecolor=COLORS["neutral"])


# ---- learning curves: exercise 1's rates, and the learner's own train ------------------------------------

def _losses_of(losses, label: str) -> np.ndarray:
    """One run's losses as a flat float array, or a short ValueError (never echoing the numbers)."""
    if isinstance(losses, (str, bytes, dict)):
        raise ValueError(f"curves[{label!r}] must be a list or array of losses, one per epoch; it is {type(losses).__name__}")
    try:
        array = np.asarray(losses, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"curves[{label!r}] must hold numbers, one loss per epoch") from None
    if array.ndim > 1 and array.size != max(array.shape):
        raise ValueError(f"curves[{label!r}] must hold one loss per epoch; it is a table of shape {array.shape}")
    array = array.ravel()
    if array.size == 0:
        raise ValueError(f"curves[{label!r}] holds no losses")
    if not np.isfinite(array[0]) or array[0] <= 0:
        raise ValueError(f"curves[{label!r}] must start with a finite loss > 0 (a log scale has no 0 or below)")
    below = np.flatnonzero(array < 0)
    if below.size:
        raise ValueError(f"curves[{label!r}] holds a negative loss (after {below[0]} epochs): a loss C = MSE/2 is "
                         "never negative, and a log scale cannot show it")
    return array


def _end_of_curve(losses: np.ndarray, top: float) -> tuple[int, str | None]:
    """How many losses to draw, and why the curve ends early: "diverged" (a loss that is not finite or above
    DIVERGENCE_FACTOR times the start), "rising, off the plot" (above ``top``, not that far yet), "reached 0",
    or None."""
    from ..history import DIVERGENCE_FACTOR

    with np.errstate(invalid="ignore"):
        blown = ~np.isfinite(losses) | (losses > DIVERGENCE_FACTOR * losses[0])
        above = ~(losses <= top)
    if above.any():
        return int(np.argmax(above)), "diverged" if blown.any() else "rising, off the plot"
    zero = np.flatnonzero(losses == 0)
    if zero.size:
        return int(zero[0]), "reached 0"
    return losses.size, None


def learning_curves_figure(curves: Mapping[str, Sequence[float]], title: str = "Learning curves",
                           loss_name: str = "half_mse", mark_epoch: int | None = None) -> Figure:
    """Loss against epochs done on a log scale for several runs, one line each (``curves`` maps a
    label to the losses: entry k is the loss after k epochs, i.e. recorded before update k). Up to
    four runs, in blue, sky blue (dashed), reddish purple and grey (dotted), the legend beside the
    curves. The plot reaches ten times the largest starting loss (a thousand times if a run rises past
    that): a run that rises further is drawn until it leaves the plot, where a ✕ marks it, and its
    legend entry says "diverged" (a loss that is not finite or above DIVERGENCE_FACTOR times its
    start, as the package says) or "rising, off the plot"; a run that reaches exactly 0 ends there. With ``mark_epoch``, a grey line after that many epochs and
    a dot where each curve crosses it."""
    if not 1 <= len(curves) <= 4:
        raise ValueError(f"curves must hold one to four runs (label -> losses), got {len(curves)}")
    runs = {str(label): _losses_of(losses, str(label)) for label, losses in curves.items()}
    start = max(losses[0] for losses in runs.values())
    with np.errstate(invalid="ignore"):
        rising = any(not np.all(losses <= 10 * start) for losses in runs.values())
    top = (1000 if rising else 10) * start
    fig, axes = new_figure(width=7.5, height=3.6)
    ax = axes[0]
    colors = [COLORS["model"], COLORS["accent"], COLORS["alternative"], COLORS["neutral"]]
    styles = ["-", "--", "-", ":"]
    longest, lowest = 1, top
    for (label, losses), color, style in zip(runs.items(), colors, styles):
        drawn, why = _end_of_curve(losses, top)
        epochs, shown = np.arange(drawn), losses[:drawn]
        if why in ("diverged", "rising, off the plot"):  # end the line where it crosses the top of the plot
            before, after = losses[drawn - 1], losses[drawn]
            fraction = 1.0 if not (np.isfinite(after) and before > 0) else np.log(top / before) / np.log(after / before)
            epochs, shown = np.append(epochs, drawn - 1 + fraction), np.append(shown, top)
        name = label if why is None else f"{label}: {why}" + (f" after {drawn} epochs" if why == "reached 0" else "")
        ax.semilogy(epochs, shown, color=color, linestyle=style, linewidth=2.2, label=name, clip_on=True)
        if why in ("diverged", "rising, off the plot"):
            ax.plot([epochs[-1]], [top], "X", color=color, markersize=11, markeredgecolor="white", clip_on=False,
                    zorder=5)
        if mark_epoch is not None and mark_epoch < drawn:
            ax.plot([mark_epoch], [losses[mark_epoch]], "o", color=color, markersize=7, markeredgecolor="white",
                    zorder=4)
        longest = max(longest, losses.size)
        lowest = min(lowest, shown[shown > 0].min())
    if mark_epoch is not None:
        ax.axvline(mark_epoch, color=COLORS["neutral"], linestyle=":", linewidth=1.5,
                   label=f"after {mark_epoch} epochs")
    ax.set_xlim(0, longest - 1 if longest > 1 else 1)
    ax.set_ylim(lowest / 3, top)
    ax.set_xlabel("epochs done $k$")
    ax.set_ylabel(f"loss {LOSS_LABELS.get(loss_name, loss_name)} (log scale)")
    ax.set_title(title, fontsize=11)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=9)
    return fig


def your_learning_curves_figure(train: Callable, x, y, w0: float, b0: float, rates: Sequence[float],
                                epochs: int = 300) -> Figure:
    """Run the learner's ``train(x, y, w0, b0, lr, epochs)`` once per learning rate in ``rates`` (one
    to four) and draw the losses it returns with ``learning_curves_figure``: a run that diverges is
    drawn until it leaves the plot and labelled "diverged". Overflow in a diverging run stays quiet.

    Raises ValueError, in one line that never lists the losses, when ``rates`` is not one to four
    numbers > 0 or when ``train`` is not ready (it crashes, or does not return (w, b, losses) with one
    loss > 0 per epoch); a ``train`` that still raises NotImplementedError (the exercise's stub)
    raises it, so the cell says "your turn".
    """
    try:
        rates = [float(rate) for rate in rates]
    except (TypeError, ValueError):
        raise ValueError("rates must be a list of one to four learning rates, like [0.1, 1.0, 1.5]") from None
    if not 1 <= len(rates) <= 4:
        raise ValueError(f"rates must hold one to four learning rates; it holds {len(rates)}")
    if not all(np.isfinite(rate) and rate > 0 for rate in rates):
        raise ValueError("every learning rate in rates must be a number > 0")
    if not callable(train):
        raise ValueError("train must be your function train(x, y, w0, b0, lr, epochs)")
    curves = {}
    for rate in rates:
        try:
            with np.errstate(all="ignore"):
                result = train(x, y, w0, b0, rate, epochs)
        except NotImplementedError:  # the exercise's stub: the cell says "your turn"
            raise
        except Exception as error:
            raise ValueError(f"at η = {rate:g} your train stopped with {type(error).__name__}") from None
        if not isinstance(result, (tuple, list)) or len(result) != 3:
            raise ValueError("train should return three things, (w, b, losses)")
        curves[f"η = {rate:g}"] = result[2]
    return learning_curves_figure(curves, "Your training loop at your learning rates")


def show_your_learning_curves(train: Callable, x, y, w0: float, b0: float, rates: Sequence[float],
                              epochs: int = 300) -> None:
    """Display ``your_learning_curves_figure``; if the learner's ``train`` is not ready, print one line
    saying why instead (the exercise's check below says what to fix)."""
    from IPython.display import display

    try:
        figure = your_learning_curves_figure(train, x, y, w0, b0, rates, epochs)
    except ValueError as error:
        about_rates = str(error).startswith(("rates", "every learning rate"))
        print(f"No plot yet: {error}." + ("" if about_rates else " Run the check below to see what to fix."))
        return
    display(figure)


# ---- section 5: batches ------------------------------------------------------------------------------

def _plot_per_epoch(ax, run: History, label: str, color: str, width: float, style: str = "-", log: bool = True,
                    zorder: float = 2.0):
    """A run's full-data loss against epochs, one point per recorded update (fractions of an epoch for SGD)."""
    plot = ax.semilogy if log else ax.plot
    (line,) = plot(run.recorded_epochs, run.loss, color=color, linewidth=width, linestyle=style, label=label,
                   zorder=zorder)
    return line


def batch_sizes_figure(exact: Mapping[str, History], noisy: Mapping[str, History], floor: float,
                       noisy_ylim: tuple[float, float] = (0.34, 0.56), noisy_epochs: int | None = None) -> Figure:
    """Two panels, loss on all the data against epochs (one epoch = every point's gradient once,
    whatever the batch size). Left, ``exact`` runs on data a line fits exactly (log scale). Right,
    ``noisy`` runs on noisy data (linear scale, zoomed to ``noisy_ylim``, over the first
    ``noisy_epochs`` epochs, default all), with the lowest loss a line can reach, ``floor``, as a
    dashed green line on top, and the legend below the panel (clear of the jitter). Each mapping
    goes label -> History. Colours by batch size: full batch blue and thick (a second full-batch
    run, with a longer step, blue and dashed), one point at a time (SGD) reddish purple and thin,
    minibatches sky blue; a larger batch is drawn above a smaller one."""
    for name, runs in (("exact", exact), ("noisy", noisy)):
        if not 1 <= len(runs) <= 4:
            raise ValueError(f"{name} must hold one to four runs (label -> History), got {len(runs)}")
        for label, run in runs.items():
            if not isinstance(run, History) or run.is_sweep:
                raise ValueError(f"{name}[{label!r}] must be the History of a single run")
    floor = float(as_finite_array(floor, "floor"))
    low, high = check_range(noisy_ylim, "noisy_ylim")
    fig, (ax_exact, ax_noisy) = new_figure(ncols=2, width=10.5, height=3.9)
    for ax, runs, log in ((ax_exact, exact, True), (ax_noisy, noisy, False)):
        largest, full_runs = max(run.batch_size for run in runs.values()), 0
        for label, run in runs.items():
            if run.updates_per_epoch == 1:
                color, style, width = COLORS["model"], "-" if full_runs == 0 else "--", 2.4
                full_runs += 1
            elif run.batch_size == 1:
                color, style, width = COLORS["alternative"], "-", 0.9
            else:
                color, style, width = COLORS["accent"], "-", 1.4
            # the larger the batch, the higher the line: the jitter of one point at a time stays underneath
            _plot_per_epoch(ax, run, label, color, width, style, log, zorder=2 + run.batch_size / largest)
        last = max(run.epochs for run in runs.values())
        ax.set_xlim(0, min(noisy_epochs, last) if (ax is ax_noisy and noisy_epochs) else last)
        ax.set_xlabel("epochs done (each: every point's gradient once)")
    ax_exact.set_ylabel("loss on all the data, MSE/2 (log)")
    ax_exact.set_title("Exact data: per epoch, $n$ small steps ≈ one $n$ times longer", fontsize=10.5)
    ax_exact.legend(loc="lower left", fontsize=8.5)
    ax_noisy.axhline(floor, color=COLORS["truth"], linestyle="--", linewidth=1.8, zorder=6,
                     label=f"lowest possible, {floor:.4f}")
    ax_noisy.set_ylim(low, high)
    ax_noisy.set_ylabel("loss on all the data, MSE/2")
    ax_noisy.set_title("Noisy data: smaller batches, more jitter above the floor", fontsize=10.5)
    ax_noisy.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=2, fontsize=8.5, frameon=False)
    return fig
