"""Lesson 6's figures and explorer: centring on the line data (two (w, b) loss maps), the house data
before and after dividing by the spread (two weight-plane loss maps with a learning-rate slider),
and, under "Going further", the runs that end at the puzzle's nearest solution.

The loss is always the MSE/2, C = 1/(2n) sum_i (w . x_i + b - y_i)**2, computed here with a few
lines of numpy of its own.
"""
from __future__ import annotations

import matplotlib as mpl
import numpy as np
from matplotlib.figure import Figure

from .. import widgets
from .._validate import as_finite_array, check_data, check_whole_number
from ..history import History
from .common import COLORS, new_figure


# ---- small numpy helpers ----------------------------------------------------------------------

def curvatures(x) -> np.ndarray:
    """The non-zero eigenvalues of H = (1/n) A^T A, A = [x | 1] (the Hessian of the MSE/2), smallest first."""
    X, _ = check_data(x, np.zeros(len(np.asarray(x))))
    A = np.column_stack([X, np.ones(len(X))])
    lam = np.linalg.eigvalsh(A.T @ A / len(A))
    return lam[lam > 1e-12 * lam.max()]


def condition_of(x) -> float:
    """kappa = lambda_max / lambda_min over the non-zero eigenvalues of H = (1/n) A^T A."""
    lam = curvatures(x)
    return float(lam.max() / lam.min())


def best_rate_of(x) -> float:
    """The best learning rate 2 / (lambda_min + lambda_max) over the non-zero eigenvalues (MSE/2)."""
    lam = curvatures(x)
    return float(2 / (lam.min() + lam.max()))


def least_squares(x, y) -> np.ndarray:
    """theta* = (w_1, ..., w_d, b) minimising the MSE/2 (the shortest one when many do)."""
    X, y_vec = check_data(x, y)
    A = np.column_stack([X, np.ones(len(X))])
    return np.linalg.lstsq(A, y_vec, rcond=None)[0]


def weight_plane_loss(x, y, w1_values, w2_values, b: float) -> np.ndarray:
    """C(w1, w2, b) of a two-input neuron on a grid: entry [i, j] is the loss at w1_values[j],
    w2_values[i] with the bias held at ``b`` (rows follow w2, the layout ``ax.contour`` expects)."""
    X, y_vec = check_data(x, y)
    if X.shape[1] != 2:
        raise ValueError(f"x must have two input features (shape (n, 2)) for a map of (w1, w2), got shape {X.shape}")
    W1, W2 = np.meshgrid(np.asarray(w1_values, dtype=float), np.asarray(w2_values, dtype=float))
    errors = W1[..., None] * X[:, 0] + W2[..., None] * X[:, 1] + float(b) - y_vec
    return np.mean(errors * errors, axis=-1) / 2


def _percent(share: float) -> str:
    """A share as a percentage with stable digits: '21%', '0.4%', or 'below 0.001%'."""
    if share < 1e-5:
        return "below 0.001%"
    return f"{100 * share:.2g}%"


def _check_single_run(run, name: str) -> None:
    if not isinstance(run, History) or run.is_sweep:
        raise ValueError(f"{name} must be the History of one run of ll.gradient_descent, got {type(run).__name__}")


# ---- loss maps with shared levels ----------------------------------------------------------------

MAP_LEVELS = 11  # filled bands per map, equally spaced on a log scale of the loss above its minimum


def _filled_map(ax, u_values, v_values, excess: np.ndarray, levels: np.ndarray):
    """Filled log-spaced bands of ``excess`` (the loss above its minimum) with white contour lines."""
    filled = ax.contourf(u_values, v_values, np.clip(excess, levels[0], levels[-1]), levels=levels, cmap="cividis",
                         norm=mpl.colors.LogNorm(vmin=levels[0], vmax=levels[-1]), alpha=0.85)
    ax.contour(u_values, v_values, excess, levels=levels, colors="white", linewidths=0.5, alpha=0.6)
    ax.set_xlim(u_values[0], u_values[-1])
    ax.set_ylim(v_values[0], v_values[-1])
    ax.set_aspect("equal")
    ax.grid(False)
    return filled


def _loss_bar(fig, filled, levels: np.ndarray, cax=None, ax=None):
    """One colour bar for maps drawn with the same levels."""
    bar = fig.colorbar(filled, cax=cax, ax=ax, ticks=levels[::2], shrink=0.9)
    bar.ax.yaxis.set_major_formatter(mpl.ticker.FuncFormatter(lambda value, _: f"{value:g}"))
    bar.ax.yaxis.set_minor_locator(mpl.ticker.NullLocator())
    return bar


# ---- section 3: centring on the line data -------------------------------------------------------

def line_loss(x, y, w_values, b_values) -> np.ndarray:
    """C(w, b) of a one-input neuron on a grid: entry [i, j] is the loss at w_values[j], b_values[i]."""
    x_flat, y_flat = np.ravel(as_finite_array(x, "x")), np.ravel(as_finite_array(y, "y"))
    W, B = np.meshgrid(np.asarray(w_values, dtype=float), np.asarray(b_values, dtype=float))
    errors = W[..., None] * x_flat + B[..., None] - y_flat
    return np.mean(errors * errors, axis=-1) / 2


def centring_figure(x, y, raw_run: History, centred_run: History,
                    half_width: float = 4.0, half_height: float = 6.0) -> Figure:
    """Two loss maps of a one-input neuron at the same scale (equal axes, the same window around each
    minimum, the same colour levels): left on the raw inputs x, right on the centred inputs
    x - mean(x), each with its run of gradient descent (``raw_run`` on x, ``centred_run`` on
    x - mean(x)). Each title gives the condition number of its map."""
    _check_single_run(raw_run, "raw_run")
    _check_single_run(centred_run, "centred_run")
    X, y = check_data(x, y)
    if X.shape[1] != 1:
        raise ValueError(f"x must hold one input per point (shape (n,) or (n, 1)), got shape {np.shape(x)}")
    x_flat = X[:, 0]
    fig, axes = new_figure(ncols=2, width=8.0, height=4.6)
    levels = np.geomspace(1e-3, 1e2, MAP_LEVELS)
    for ax, inputs, run, name in [(axes[0], x_flat, raw_run, "raw $x$"),
                                  (axes[1], x_flat - x_flat.mean(), centred_run, "centred $x - \\bar x$")]:
        w_best, b_best = least_squares(inputs, y)
        w_values = np.linspace(w_best - half_width, w_best + half_width, 200)
        b_values = np.linspace(b_best - half_height, b_best + half_height, 200)
        excess = line_loss(inputs, y, w_values, b_values) - float(np.mean((w_best * inputs + b_best - y) ** 2) / 2)
        filled = _filled_map(ax, w_values, b_values, excess, levels)
        ax.plot(run.w, run.b, marker="o", markersize=3, linewidth=1.2, color=COLORS["model"],
                label=f"gradient descent, {run.epochs} steps")
        ax.plot(run.w[0], run.b[0], marker="s", markersize=7, color=COLORS["start"], linestyle="none", label="start")
        ax.plot(w_best, b_best, marker="*", markersize=15, color=COLORS["truth"], markeredgecolor="white",
                linestyle="none", label="minimum", zorder=5)
        ax.set_xlabel("weight $w$")
        ax.set_title(f"{name}: $\\kappa$ = {condition_of(inputs):.3g}", fontsize=11)
    axes[0].set_ylabel("bias $b$")
    axes[1].set_ylabel("bias $b$ (the prediction at $\\bar x$)")
    _loss_bar(fig, filled, levels, ax=list(axes)).set_label("loss above its minimum (MSE/2)")
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncols=3, fontsize=9)
    fig.suptitle("Centring turns the long tilted valley into a nearly round bowl (both runs at their best rate)",
                 fontsize=12)
    return fig


# ---- section 4: the house data, centred only vs standardised ----------------------------------

class ScalingPanels:
    """The two weight-plane maps of the house data and the runs drawn on them (for ``scaling_explorer``).

    Left: the inputs centred only (x - mean), weights in raw units (k€ per m², k€ per room).
    Right: the inputs standardised ((x - mean) / std), weights per standard deviation.
    With centred inputs the bias does not enter the weights' gradient, so the weights' path is
    exactly the one drawn over the map of C(w1, w2, b*) (b* = mean(y), the best bias).
    """

    def __init__(self, x, y, epochs: int = 1000, every: int = 25) -> None:
        X, self.y = check_data(x, y)
        if X.shape[1] != 2:
            raise ValueError(f"x must have two input features (shape (n, 2)), got shape {X.shape}")
        self.epochs = check_whole_number(epochs, "epochs", 1, 100_000)
        self.every = check_whole_number(every, "every", 1, self.epochs)
        mean, std = X.mean(axis=0), X.std(axis=0)
        self.inputs = {"centred": X - mean, "standardised": (X - mean) / std}
        self.best = {k: least_squares(v, self.y) for k, v in self.inputs.items()}
        self.best_rate = {k: best_rate_of(v) for k, v in self.inputs.items()}
        self.kappa = {k: condition_of(v) for k, v in self.inputs.items()}
        self.loss_min = float(np.mean((self.inputs["centred"] @ self.best["centred"][:2] + self.best["centred"][2]
                                       - self.y) ** 2) / 2)
        self.fig, (self.ax_centred, self.ax_standard, self.ax_bar) = self._figure()
        self.paths = {}
        for key, ax in (("centred", self.ax_centred), ("standardised", self.ax_standard)):
            (self.paths[key],) = ax.plot([], [], marker="o", markersize=3, linewidth=1.2, color=COLORS["model"],
                                         label="gradient descent")
            ax.plot(0.0, 0.0, marker="s", markersize=7, color=COLORS["start"], linestyle="none", label="start $w = 0$")
            ax.plot(*self.best[key][:2], marker="*", markersize=15, color=COLORS["truth"], markeredgecolor="white",
                    linestyle="none", label="minimum", zorder=5)
        # outside the maps: a path past the cliff runs anywhere on them, and moving artists are drawn last
        handles, labels = self.ax_standard.get_legend_handles_labels()
        self.fig.legend(handles, labels, loc="outside lower center", ncols=3, fontsize=9)

    def _figure(self):
        fig, axes = new_figure(ncols=3, width=9.0, height=5.4)
        axes[0].get_gridspec().set_width_ratios([1.0, 2.2, 0.09])   # a narrow valley, a wide bowl, a colour bar
        ranges = {"centred": ((-4.5, 9.5), (-4.0, 25.0)), "standardised": ((-20.0, 100.0), (-35.0, 70.0))}
        levels = np.geomspace(0.3, 3e4, MAP_LEVELS)  # the same levels in both panels: they show the same loss
        for ax, key in ((axes[0], "centred"), (axes[1], "standardised")):
            w1_values, w2_values = (np.linspace(*bounds, 240) for bounds in ranges[key])
            excess = weight_plane_loss(self.inputs[key], self.y, w1_values, w2_values, self.best[key][2]) - self.loss_min
            filled = _filled_map(ax, w1_values, w2_values, excess, levels)
        axes[0].xaxis.set_major_locator(mpl.ticker.MultipleLocator(4.0))
        axes[0].set_xlabel("$w_{area}$ (k€ per m²)")
        axes[0].set_ylabel("$w_{rooms}$ (k€ per room)")
        axes[1].set_xlabel("$\\tilde w_{area}$ (k€ per standard deviation of area)")
        axes[1].set_ylabel("$\\tilde w_{rooms}$ (k€ per standard deviation of rooms)")
        _loss_bar(fig, filled, levels, cax=axes[2]).set_label("loss above its minimum (MSE/2, k€²; $b$ at its best)")
        axes[0].set_title(f"centred only: $\\kappa$ = {self.kappa['centred']:,.0f}\n(every {self.every}th step drawn)",
                          fontsize=10)
        axes[1].set_title(f"standardised: $\\kappa$ = {self.kappa['standardised']:.2f}\n(every step drawn)", fontsize=10)
        return fig, axes

    def runs(self, multiple: float) -> dict[str, History]:
        """Each data set's run of ``epochs`` steps from w = 0, b = 0 at ``multiple`` times its own best rate."""
        from ..descent import gradient_descent

        return {key: gradient_descent(inputs, self.y, np.zeros(2), 0.0, multiple * self.best_rate[key], self.epochs)
                for key, inputs in self.inputs.items()}

    def show(self, multiple: float) -> str:
        """Run both, move both paths, and return the status line (each run's verdict and distance left)."""
        from ..verdicts import classify_run

        parts = []
        for key, run in self.runs(multiple).items():
            step = self.every if key == "centred" else 1
            self.paths[key].set_data(run.w[::step, 0], run.w[::step, 1])
            verdict = classify_run(run, loss_min=self.loss_min)
            if run.diverged or verdict == "diverging":
                left = ""
            else:
                share = np.linalg.norm(run.final_w - self.best[key][:2]) / np.linalg.norm(self.best[key][:2])
                left = f", distance of the weights to the minimum: {_percent(share)} of the start's"
            parts.append(f"{key}: η = {multiple * self.best_rate[key]:.3g} → <b>{verdict}</b>{left}")
        drawn = f"every {self.every}th state drawn on the left" if self.every > 1 else "every state drawn"
        return (f"η = {multiple:.2f} × each one's best rate, {self.epochs} steps ({drawn}). "
                + "; ".join(parts))


def scaling_explorer(x, y, multiple: float = 1.0, epochs: int = 1000, every: int = 25) -> widgets.Explorer:
    """The house data's weight plane, centred only (left) and standardised (right), with a slider for
    the learning rate as a multiple of each one's best rate 2/(lambda_min + lambda_max). The paths
    show ``epochs`` steps from w = 0 (every ``every``-th state on the left, where they crowd); the
    status line gives each run's verdict (``ll.classify_run``) and how much of the weights' distance to the
    minimum is left."""
    panels = ScalingPanels(x, y, epochs=epochs, every=every)
    panels.fig.suptitle("Dividing by the spread turns a narrow valley into a mildly stretched, tilted bowl",
                        fontsize=12)
    slider = widgets.float_slider("η / best rate", multiple, 0.1, 1.3, 0.01)
    live = widgets.LiveFigure(panels.fig, animated=list(panels.paths.values()))
    explorer = widgets.Explorer([slider], live, panels.show,
                                "Scaling explorer: the learning rate (a multiple of each data set's best rate) "
                                "moves both runs on the house data's loss maps")
    explorer.panels = panels
    return explorer


# ---- Going further: where gradient descent ends on the puzzle ----------------------------------

def nearest_solutions_figure(runs: list[History], target: float = 1492.0,
                             coefficients: tuple[float, float] = (256.0, 212.0)) -> Figure:
    """The (w1, w2) plane of the puzzle 256 w1 + 212 w2 + b = 1492: the line of solutions with b = 0 and
    the path of each run (start square, end dot), drawn at equal scales so right angles look right."""
    if not runs:
        raise ValueError("runs must hold at least one History of gradient descent on the puzzle")
    for i, run in enumerate(runs):
        _check_single_run(run, f"runs[{i}]")
    fig, axes = new_figure(width=6.5, height=5.2)
    ax = axes[0]
    w1_line = np.array([-12.0, 12.0])
    ax.plot(w1_line, (target - coefficients[0] * w1_line) / coefficients[1], color=COLORS["truth"], linewidth=2,
            label=f"solutions ($b = 0$): ${coefficients[0]:g}w_1 + {coefficients[1]:g}w_2 = {target:g}$")
    for i, run in enumerate(runs):
        ax.plot(run.w[:, 0], run.w[:, 1], color=COLORS["model"], linewidth=1.2,
                label="gradient descent" if i == 0 else None)
        ax.plot(*run.w[0], "s", color=COLORS["start"], markersize=7, label="start" if i == 0 else None)
        ax.plot(*run.w[-1], "o", color=COLORS["model"], markersize=6, label="end" if i == 0 else None)
    ax.set_xlim(-10, 10)
    ax.set_ylim(-6, 13.5)
    ax.set_aspect("equal")
    ax.set_xlabel("weight $w_1$")
    ax.set_ylabel("weight $w_2$")
    ax.set_title("Each run walks straight to the nearest solution,\nat right angles to the line of solutions",
                 fontsize=11)
    ax.legend(loc="upper right", fontsize=8)
    return fig
