"""The start page's figures: the two-point neuron of the perceptron article "how a neuron learns"
with two sliders (learning rate and epochs) and its verdict in plain words, and the loss curves of
two learning rates ten times apart (exercise 1).

Every function draws one picture the page talks about; its docstring says what it draws. Colours
mean the same in every lesson (``common.COLORS``): data black, the goal green, the neuron blue,
the start orange, the loss vermillion, references grey; the verdict of a run has the colour
``common.RUN_CLASS_COLORS`` gives it.
"""
from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.figure import Figure

from .. import descent, history as history_module, verdicts
from .._validate import check_positive_number, check_whole_number
from ..curvature import least_squares_solution
from ..history import History
from .common import COLORS, RUN_CLASS_COLORS, new_figure

# The sliders' ranges: a log slider for the learning rate from 10**-3 to 10**1 in tenths of a
# decade, and the epochs from 0 to MAX_EPOCHS.
LR_EXPONENTS = (-3, 1)
MAX_EPOCHS = 300
LOSS_FLOOR = 1e-12  # losses below this are written as "below 1e-12" (their digits would be round-off)
# ll.classify_run's mark for "converging": the loss at most this fraction of its start (its ``tolerance``)
CONVERGED_FRACTION = 1e-6
# The explorer's loss axis: from three decades below the "converging" mark of the page's start to
# thirty times the divergence cut; lower losses are drawn cut off at the bottom edge.
LOSS_AXIS_BELOW_MARK, LOSS_AXIS_ABOVE_CUT = 1e-3, 30.0

# What each verdict of ``classify_run`` means, in plain words: exactly its rule, nothing more.
# "{share}" is the loss as a fraction of its start, "{cliff}" the run's 2/lambda_max, "{more}" what
# more epochs do (said only where it is certain: MSE/2 with eta below the cliff, where the loss falls
# at every epoch).
VERDICT_WORDS = {
    "converging": "the loss is below a millionth of its start (it is {share} of it)",
    "slow": "the last two corrections head roughly the same way, and the loss is still {share} of its start, above "
            "the millionth that counts as converging{more}",
    "slow after one": "one correction so far, and the loss is still {share} of its start, above the millionth "
                      "that counts as converging{more}",
    "oscillating": "the last two corrections point against each other, the last one partly turning back (a "
                   "zig-zag), and the loss is still {share} of its start{more}",
    "diverging": "η is past this data's cliff (η ≈ {cliff:.3f}): along one direction each correction overshoots "
                 "more than the last, so the loss will blow up if the run goes on, however tame its first epochs look",
    "diverged": "the loss passed a million times its start, so the run was stopped there",
}


def _check_data(data: Any) -> tuple[np.ndarray, np.ndarray, float, float]:
    """(x, y, w0, b0) of a data set with one input, or a ValueError saying what is needed."""
    try:
        x, y, w0, b0 = data.x, data.y, data.w0, data.b0
    except AttributeError:
        raise ValueError("data must have x, y, w0 and b0, like ll.make_two_point_data() gives; "
                         f"got {type(data).__name__}") from None
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if x.size < 1 or x.size != y.size or x.ndim > 2 or (x.ndim == 2 and x.shape[1] != 1):
        raise ValueError(f"data.x must hold one input per point, as many as data.y; got shapes {x.shape} and {y.shape}")
    return x.reshape(-1, 1), y.reshape(-1, 1), float(w0), float(b0)


def _check_history(history: Any) -> History:
    if not isinstance(history, History) or history.is_sweep:
        raise ValueError(f"history must be the History of one run (ll.gradient_descent), got {type(history).__name__}")
    return history


def _loss_text(loss: float) -> str:
    return f"below {LOSS_FLOOR:g}" if loss < LOSS_FLOOR else f"{loss:.3g}"


def _share_text(share: float) -> str:
    """The loss as a fraction of its start, in stable digits ("0.12", "1.5e-06", "below 1e-12")."""
    return f"below {LOSS_FLOOR:g}" if share < LOSS_FLOOR else f"{share:.2g}"


def verdict_of(history: History) -> tuple[str, str]:
    """(verdict, plain words) for one run: the verdict of ``ll.classify_run`` ("converging", "slow",
    "oscillating", "diverging" or "diverged at epoch k"), or "start" for a run of 0 epochs; the words
    say what the verdict's rule found in this run (with the loss as a fraction of its start, and for
    "diverging" the run's cliff 2/lambda_max)."""
    history = _check_history(history)
    if history.epochs == 0:
        return "start", "no correction made yet: this is the random start"
    verdict = verdicts.classify_run(history, tolerance=CONVERGED_FRACTION)
    kind = verdict.split(" at ")[0]
    key = "slow after one" if kind == "slow" and history.epochs == 1 else kind
    start = float(history.loss[0])
    share = float(history.final_loss) / start if start > 0 and np.isfinite(history.final_loss) else float("nan")
    cliff = history.stability_limit
    more = "; more epochs bring it lower" if cliff is not None and history.lr < cliff else ""
    words = VERDICT_WORDS[key].format(cliff=cliff or float("nan"), share=_share_text(share), more=more)
    return verdict, words


def describe_run(history: History) -> str:
    """The explorer's status line (HTML): the learning rate and epochs, where w and b ended with their
    loss (or where the run blew up), and the verdict of ``ll.classify_run`` in plain words."""
    history = _check_history(history)
    verdict, words = verdict_of(history)
    head = f"η = {history.lr:.3g}, {history.epochs} epoch{'s' if history.epochs != 1 else ''}: "
    if history.diverged:
        return head + f"<b>{verdict}</b>: {words}."
    where = f"w = {history.final_w:.3f}, b = {history.final_b:.3f}, loss = {_loss_text(history.final_loss)}"
    if verdict == "start":
        return head + f"{where}: <b>{words}</b>."
    return head + f"{where} → <b>{verdict}</b>: {words}."


def plot_two_points(ax, data, x_range: tuple[float, float] = (0.0, 1.2)) -> dict[str, Any]:
    """The data points (black), the goal line through them (green dashed, the least-squares line,
    here exact) and the neuron's starting line (orange dotted), over ``x_range``. Returns the artists
    by name: "data", "goal", "start"."""
    x, y, w0, b0 = _check_data(data)
    ends = np.array(x_range, dtype=float)
    if ends.shape != (2,) or not (np.all(np.isfinite(ends)) and ends[0] < ends[1]):
        raise ValueError(f"x_range must be two finite numbers (low, high) with low < high, got {x_range!r}")
    w_goal, b_goal = least_squares_solution(x, y)
    sign = "-" if b_goal < 0 else "+"
    artists = {
        "goal": ax.plot(ends, w_goal * ends + b_goal, color=COLORS["truth"], linestyle="--", linewidth=2,
                        label=f"goal: $y = {w_goal:.3g}x {sign} {abs(b_goal):.3g}$")[0],
        "start": ax.plot(ends, w0 * ends + b0, color=COLORS["start"], linestyle=":", linewidth=2,
                         label="the random start")[0],
        "data": ax.scatter(x.ravel(), y.ravel(), color=COLORS["data"], zorder=4, label="data (2 points)"
                           if len(x) == 2 else "data"),
    }
    ax.set_xlim(*x_range)
    ax.set_xlabel("input $x$")
    ax.set_ylabel("output $\\hat y = wx + b$")
    return artists


def _loss_axes(ax, start_loss: float, max_epochs: int) -> None:
    """The explorer's log-scale loss axis over epochs 0..max_epochs, with three reference lines: the
    divergence cut (a million times the start, dashed), the start's loss (dotted) and the mark for
    "converging" (a millionth of the start, dash-dotted green). It spans from three decades below
    that mark to thirty times the cut."""
    cut = history_module.DIVERGENCE_FACTOR * start_loss
    mark = CONVERGED_FRACTION * start_loss
    ax.axhline(cut, color=COLORS["neutral"], linestyle="--", linewidth=1.2, label="a million × the start: diverged")
    ax.axhline(start_loss, color=COLORS["neutral"], linestyle=":", linewidth=1.5, label="the start's loss")
    ax.axhline(mark, color=COLORS["truth"], linestyle="-.", linewidth=1.2,
               label="a millionth of the start: converging")
    ax.set_yscale("log")
    ax.set_xlim(0, max_epochs)
    ax.set_ylim(mark * LOSS_AXIS_BELOW_MARK, cut * LOSS_AXIS_ABOVE_CUT)
    low, high = np.ceil(np.log10(mark * LOSS_AXIS_BELOW_MARK)), np.floor(np.log10(cut * LOSS_AXIS_ABOVE_CUT))
    ax.set_yticks(10.0 ** np.arange(low, high + 1, 3))
    ax.set_xlabel("epoch $k$")
    ax.set_ylabel("loss MSE/2 (log scale)")


def _loss_points(history: History) -> tuple[np.ndarray, np.ndarray]:
    """Epochs and losses of a run as drawn: the NaN after a blow-up left out."""
    loss = np.asarray(history.loss, dtype=float)
    epochs = np.asarray(history.recorded_epochs, dtype=float)
    kept = np.isfinite(loss)
    return epochs[kept], np.maximum(loss[kept], 1e-300)  # a loss of exactly 0 cannot sit on a log axis


GHOSTS = 2  # how many earlier lines the explorer draws faintly behind the neuron's line


def neuron_explorer(data, lr: float = 0.1, epochs: int = 100, max_epochs: int = MAX_EPOCHS):
    """Two sliders, the learning rate (log scale, 0.001 to 10) and the number of epochs (0 to
    ``max_epochs``), for gradient descent on MSE/2 from the data's random start. Left: the data, the
    goal, the start, the neuron's line after the chosen epochs (blue; hidden once the run has blown
    up) and, faintly, its lines one and two epochs earlier, so a zig-zag shows. Right: the loss after
    every epoch (log scale) with the start's loss, the mark for "converging" and the divergence cut,
    and the run's verdict (``ll.classify_run``) in a box of its colour. The legends sit under the
    panels, clear of the data. The status line (``describe_run``) gives w, b, the loss and what the
    verdict's rule found. Returns a ``widgets.Explorer``."""
    from .. import widgets

    x, y, w0, b0 = _check_data(data)
    max_epochs = check_whole_number(max_epochs, "max_epochs", 1, 10_000)
    epochs = check_whole_number(epochs, "epochs", 0, max_epochs)
    lr = check_positive_number(lr, "lr")
    low, high = 10.0 ** LR_EXPONENTS[0], 10.0 ** LR_EXPONENTS[1]
    if not low <= lr <= high:
        raise ValueError(f"lr must be between {low:g} and {high:g} (the slider's range), got {lr!r}")

    fig, (ax_line, ax_loss) = new_figure(ncols=2, width=10.0, height=4.8)
    fig.suptitle("The learning rate η and the number of epochs decide whether the neuron reaches the goal, "
                 "crawls towards it, or blows up", fontsize=11)
    artists = plot_two_points(ax_line, data)
    ghosts = [ax_line.plot([], [], color=COLORS["model"], linewidth=1.5, alpha=0.35,
                           label="its lines 1 and 2 epochs earlier" if i == 0 else None)[0] for i in range(GHOSTS)]
    (neuron,) = ax_line.plot([], [], color=COLORS["model"], linewidth=2.5, label="the neuron after the epochs")
    ax_line.set_ylim(0.0, 4.5)
    note = ax_line.text(0.97, 0.05, "", transform=ax_line.transAxes, ha="right", va="bottom", fontsize=9,
                        color=COLORS["model"])
    ax_line.set_title("The neuron's line")
    ax_line.legend(loc="upper center", bbox_to_anchor=(0.5, -0.17), ncol=2, fontsize=9, frameon=False)

    start_loss = float(np.mean((w0 * x + b0 - y) ** 2) / 2)
    _loss_axes(ax_loss, start_loss, max_epochs)
    (curve,) = ax_loss.plot([], [], color=COLORS["loss"], linewidth=2, label="the loss after each epoch")
    (now,) = ax_loss.plot([], [], "o", color=COLORS["loss"], markersize=6)
    verdict_box = ax_loss.text(0.97, 0.05, "", transform=ax_loss.transAxes, ha="right", va="bottom", fontsize=10,
                               bbox={"boxstyle": "round", "facecolor": "white", "edgecolor": "black"})
    ax_loss.set_title("Its loss, epoch by epoch")
    handles, labels = ax_loss.get_legend_handles_labels()
    order = [labels.index(label) for label in labels[3:] + labels[1:3] + labels[:1]]  # the curve first, the cut last
    ax_loss.legend([handles[i] for i in order], [labels[i] for i in order], loc="upper center",
                   bbox_to_anchor=(0.5, -0.17), ncol=2, fontsize=9, frameon=False)
    ends = np.array(ax_line.get_xlim())
    bottom, top = ax_line.get_ylim()

    def show(rate: float, k: int) -> str:
        run = descent.gradient_descent(x, y, w0, b0, rate, int(k))
        verdict, _ = verdict_of(run)
        for back, ghost in enumerate(ghosts, start=1):  # the lines 1 and 2 epochs earlier, while they exist
            earlier = int(k) - back
            if run.diverged or earlier < 0:
                ghost.set_data([], [])
            else:
                ghost.set_data(ends, float(run.w[earlier]) * ends + float(run.b[earlier]))
        if run.diverged:
            neuron.set_data([], [])
            note.set_text("the run blew up: no line to draw")
        else:
            outputs = run.final_w * ends + run.final_b
            neuron.set_data(ends, outputs)
            off_chart = np.all(outputs < bottom) or np.all(outputs > top)
            note.set_text("the neuron's line is off this chart" if off_chart else "")
        curve.set_data(*_loss_points(run))
        last = _loss_points(run)
        now.set_data(last[0][-1:], last[1][-1:])
        kind = verdict.split(" at ")[0]
        verdict_box.set_text(f"verdict: {verdict}" if kind != "start" else "the start: 0 epochs")
        verdict_box.get_bbox_patch().set_facecolor(RUN_CLASS_COLORS.get(kind, "white"))
        verdict_box.get_bbox_patch().set_alpha(0.6)
        return describe_run(run)

    rate_slider = widgets.log_slider("learning rate η", lr, *LR_EXPONENTS)
    rate_slider.readout_format = ".3"  # d3 format "~g" with 3 digits: 0.001 ... 1.26, 1.58 ... 10, not 1.26e+00
    controls = [rate_slider, widgets.int_slider("epochs", epochs, 0, max_epochs)]
    # the goal is drawn after the neuron, so its dashes stay visible once the neuron's line covers it
    live = widgets.LiveFigure(fig, animated=[neuron, artists["goal"], note, curve, now, verdict_box, *ghosts])
    return widgets.Explorer(controls, live, show,
                            "Explorer: learning rate η and epochs for the two-point neuron (its line, its loss, "
                            "and the verdict)")


def first_epoch_at_or_below(history: History, target: float) -> int:
    """The first epoch after which the run's loss is at most ``target``; ValueError if it never is."""
    history = _check_history(history)
    below = np.nonzero(np.asarray(history.loss, dtype=float) <= target)[0]
    if below.size == 0:
        raise ValueError(f"the run (η = {history.lr:g}, {history.epochs} epochs) never reaches a loss of "
                         f"{target:.3g}: give it more epochs")
    return int(np.asarray(history.recorded_epochs)[below[0]])


def two_rates_figure(fast: History, slow: History, target: float) -> Figure:
    """The loss after every epoch of two runs from the same start (``fast``: blue, ``slow``: reddish
    purple), both axes on log scales, with the loss ``target`` (grey dashed) and the first epoch at
    which each run reaches it (a black marker on the target line). On a log epoch axis a ten times
    smaller learning rate shows as nearly the same curve shifted one decade to the right. The title gives
    both epochs."""
    fast, slow = _check_history(fast), _check_history(slow)
    target = check_positive_number(target, "target")
    reached = [first_epoch_at_or_below(run, target) for run in (fast, slow)]
    fig, (ax,) = new_figure(width=8.0, height=3.8)
    for run, color, k in zip((fast, slow), (COLORS["model"], COLORS["alternative"]), reached):
        epochs, losses = _loss_points(run)
        shown = epochs >= 1  # epoch 0 cannot sit on a log axis
        ax.plot(epochs[shown], losses[shown], color=color, linewidth=2,
                label=f"η = {run.lr:g}: the loss after each epoch")
        ax.plot([k], [target], "v", color=COLORS["data"], markersize=8, zorder=4)
        ax.annotate(f"epoch {k}", (k, target), textcoords="offset points", xytext=(0, -16), ha="center", fontsize=9)
    ax.axhline(target, color=COLORS["neutral"], linestyle="--", linewidth=1.2, label=f"the target: loss {target:.4g}")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlim(1, max(fast.epochs, slow.epochs) * 2.5)  # room for the last marker's label
    ax.set_ylim(target / 30, float(max(fast.loss[0], slow.loss[0])) * 3)
    ax.set_xlabel("epoch $k$ (log scale)")
    ax.set_ylabel("loss MSE/2 (log scale)")
    ax.set_title(f"η = {slow.lr:g} reaches the loss {target:.4g} after {reached[1]} epochs, η = {fast.lr:g} after "
                 f"{reached[0]}:\nnearly the same curve, shifted to {reached[1] / reached[0]:.1f} times as many epochs")
    ax.legend(loc="lower left", fontsize=9)
    return fig


__all__ = ["VERDICT_WORDS", "describe_run", "first_epoch_at_or_below", "neuron_explorer", "plot_two_points",
           "two_rates_figure", "verdict_of"]
