"""Lesson 1's figures and explorers: the puzzle 256x + 212y = 1492 and its line of answers, the
cost of random guessing, which fixed steps land from every start, the sweeps of both correction
rules, the race, and the valley C(x, y) = e**2 / 2 with gradient descent walking on it.

Every function draws one picture the lesson talks about; its docstring says what it draws.
Colours mean the same in every lesson (``common.COLORS``): guesses black, the solution line and
the minimum green, the proportional rule (gradient descent) blue, the start orange, random
guessing reddish purple, the fixed-step rule sky blue, references grey.
"""
from __future__ import annotations

from typing import Sequence

import matplotlib as mpl
import numpy as np
from matplotlib.figure import Figure

from .. import puzzle
from .._validate import as_finite_array, check_positive_number, check_whole_number, check_range
from .common import COLORS, new_figure

A_NORM2 = puzzle.NORM2  # |a|**2 = 256**2 + 212**2 = 110480


def _check_start(value) -> tuple[float, float]:
    start = as_finite_array(value, "start")
    if start.shape != (2,):
        raise ValueError(f"start must be two numbers (x, y), got shape {start.shape}")
    return float(start[0]), float(start[1])


def _check_run(run, name: str = "run") -> None:
    if not isinstance(run, puzzle.PuzzleRun):
        raise ValueError(f"{name} must be a PuzzleRun (from ll.puzzle), got {type(run).__name__}")


# ---- section 1: the line of answers -----------------------------------------------------------

def plot_solution_line(ax, x_range: tuple[float, float] = (-10.0, 10.0),
                       label: str = "solutions: $256x + 212y = 1492$"):
    """The puzzle's solutions, the straight line y = (1492 - 256 x) / 212, drawn green over ``x_range``.
    Returns the line."""
    low, high = check_range(x_range, "x_range")
    xs = np.array([low, high])
    (line,) = ax.plot(xs, (puzzle.TARGET - puzzle.COEFFICIENTS[0] * xs) / puzzle.COEFFICIENTS[1],
                      color=COLORS["truth"], linewidth=2, label=label)
    ax.set_xlabel("$x$")
    ax.set_ylabel("$y$")
    return line


def puzzle_plane_figure(guesses, box: tuple[float, float] = (-10.0, 10.0)) -> Figure:
    """The (x, y) plane over ``box``: the green line of solutions, each guess as a black dot labelled
    with its error e (to its left near the right edge), and (5, 1), the answer in positive whole
    numbers, as a green star."""
    points = as_finite_array(guesses, "guesses")
    if points.ndim != 2 or points.shape[1] != 2:
        raise ValueError(f"guesses must be a list of (x, y) pairs, got shape {points.shape}")
    low, high = check_range(box, "box")
    fig, axes = new_figure(width=6.0, height=4.6)
    ax = axes[0]
    plot_solution_line(ax, (low, high))
    for x, y in points:
        e = puzzle.puzzle_error(x, y)
        ax.plot(x, y, "o", color=COLORS["data"])
        near_right = x > high - 0.25 * (high - low)
        ax.annotate(f"$e = {e:+.0f}$", (x, y), xytext=(-6 if near_right else 6, 6), textcoords="offset points",
                    fontsize=9, ha="right" if near_right else "left")
    ax.plot(5, 1, "*", markersize=14, color=COLORS["truth"], markeredgecolor="white",
            label="(5, 1): the answer in positive whole numbers")
    ax.set_xlim(low, high)
    ax.set_ylim(low, high)
    ax.set_aspect("equal")
    ax.set_title("Every point on the green line solves the puzzle")
    ax.legend(loc="upper right", fontsize=8)
    return fig


# ---- section 2: random guessing ------------------------------------------------------------------

def guess_histogram_figure(tries) -> Figure:
    """A histogram of how many random guesses each seed needed, with the median (black dashed)
    and the mean (grey dotted) marked and given in the legend."""
    counts = as_finite_array(tries, "tries").ravel()
    if counts.size < 2:
        raise ValueError(f"tries must hold the counts of at least two seeds, got {counts.size}")
    fig, axes = new_figure(height=3.4)
    ax = axes[0]
    ax.hist(counts, bins=40, color=COLORS["alternative"], alpha=0.8)
    ax.axvline(np.median(counts), color=COLORS["data"], linestyle="--", label=f"median {np.median(counts):,.0f}")
    ax.axvline(counts.mean(), color=COLORS["neutral"], linestyle=":", linewidth=2, label=f"mean {counts.mean():,.0f}")
    ax.set_xlabel("guesses until $|e| < 0.1$")
    ax.set_ylabel("number of seeds")
    ax.set_title(f"Random guessing: tens of thousands of tries, and luck decides how many ({counts.size} seeds)")
    ax.legend(fontsize=8)
    return fig


def guess_cost_figure(tolerances_one, mean_one, tolerances_two, mean_two) -> Figure:
    """Mean number of random guesses against the tolerance, log-log, precision growing to the right:
    for the puzzle alone (one equation, circles) and with x - y = 4 as well (two equations,
    squares), both reddish purple (random guessing), each with a grey reference line
    guesses proportional to 1/tol (dashed) or 1/tol**2 (dotted) through its first point, drawn over
    all the tolerances (where two equations were too costly to measure, it extrapolates)."""
    series = []
    for k, (tols, means) in enumerate(((tolerances_one, mean_one), (tolerances_two, mean_two)), start=1):
        tols = as_finite_array(tols, f"tolerances_{'one' if k == 1 else 'two'}").ravel()
        means = as_finite_array(means, f"mean_{'one' if k == 1 else 'two'}").ravel()
        if tols.size != means.size or tols.size < 2:
            raise ValueError(f"each measurement needs one mean per tolerance, at least two: got {tols.size} "
                             f"tolerances and {means.size} means")
        series.append((tols, means))
    all_tols = np.concatenate([series[0][0], series[1][0]])
    span = np.array([all_tols.max(), all_tols.min()])
    fig, axes = new_figure(width=6.5, height=4.0)
    ax = axes[0]
    for k, ((tols, means), marker, style, reference) in enumerate(
            zip(series, "os", ("-", "-."), ("--", ":")), start=1):
        name = "one equation" if k == 1 else "two equations"
        ax.loglog(tols, means, marker=marker, linestyle=style, color=COLORS["alternative"], linewidth=2,
                  label=f"{name}: measured")
        power = "" if k == 1 else "^2"
        ax.loglog(span, means[0] * (span / tols[0]) ** (-k), reference, color=COLORS["neutral"], linewidth=1.5,
                  label=f"guesses $\\propto 1/\\mathrm{{tol}}{power}$")
    ax.set_xlabel("tolerance tol (log scale, tighter to the right)")
    ax.set_ylabel("mean guesses (log scale)")
    ax.set_title("Each equation a guess must meet multiplies the cost")
    ax.invert_xaxis()
    ax.legend(fontsize=8, loc="upper left")
    return fig


# ---- section 3: which fixed steps land from every start ------------------------------------------

def landing_share_figure(steps, evaluations, tolerance: float = 0.1) -> Figure:
    """The share of starts from which the fixed step reaches |e| < tolerance (in %) against the
    step s (log scale): ``evaluations`` has one row per step and one column per start, as
    ``ll.puzzle.fixed_step_evaluations`` returns it (inf: never reaches). The bound
    s = 2 tolerance / 44 is a green dotted line; below it the area is shaded green."""
    values = as_finite_array(steps, "steps").ravel()
    counts = np.asarray(evaluations, dtype=float)
    if counts.ndim != 2 or counts.shape[0] != values.size or counts.shape[1] == 0:
        raise ValueError(f"evaluations must have one row per step ({values.size}) and one column per start, "
                         f"got shape {counts.shape}")
    if np.isnan(counts).any():
        raise ValueError("evaluations holds runs still on their way (nan): give them more max_iterations")
    tolerance = check_positive_number(tolerance, "tolerance")
    share = 100.0 * np.isfinite(counts).mean(axis=1)
    bound = puzzle.SAFE_STEP_FACTOR * tolerance
    fig, axes = new_figure(width=7.5, height=3.6)
    ax = axes[0]
    ax.axvspan(values.min(), bound, color=COLORS["truth"], alpha=0.12, linewidth=0,
               label="$44s < 2\\,\\mathrm{tol}$: every start lands")
    ax.axvline(bound, color=COLORS["truth"], linestyle=":", linewidth=2)
    ax.plot(values, share, "o-", color=COLORS["accent"], markersize=3, linewidth=1.2,
            label=f"fixed step, {counts.shape[1]} random starts")
    ax.set_xscale("log")
    ax.set_xlim(values.min(), values.max())
    ax.set_ylim(-3, 103)
    ax.set_xlabel("fixed step $s$ (log scale)")
    ax.set_ylabel(f"starts that reach $|e| < {tolerance:g}$ (%)")
    ax.set_title(f"Below $s = 2\\,\\mathrm{{tol}}/44 \\approx {bound:.3g}$ every start lands;\nabove, it depends on the start")
    ax.legend(fontsize=8, loc="lower left")
    return fig


# ---- section 5: the sweeps and the race ----------------------------------------------------------

def _never_row(ax, settings, counts, never: float, color: str, label: str) -> None:
    """Runs that never reached the tolerance, as crosses on a row labelled 'never' at the top."""
    missing = ~np.isfinite(counts)
    if missing.any():
        ax.plot(settings[missing], np.full(missing.sum(), never), "x", color=color, markersize=6, label=label)


def sweep_figure(steps, step_evaluations, rates, rate_evaluations, tolerance: float = 0.1,
                 chosen_step: float | None = None) -> Figure:
    """Two panels, evaluations needed to reach |e| < tolerance from (0, 0) (log scale, shared)
    against the setting of each correction rule (log scale). Left, the fixed step s (sky blue),
    with the bound s = 2 tolerance / 44 (green dotted; every start lands below it) and, if given,
    ``chosen_step`` (a ring). Right, the learning rate eta of the proportional rule (blue), with
    1/|a|^2 (green, one step) and 2/|a|^2 (grey, the limit) marked. Runs that never reach it are
    crosses on a row marked 'never'."""
    steps, rates = as_finite_array(steps, "steps").ravel(), as_finite_array(rates, "rates").ravel()
    step_counts = np.asarray(step_evaluations, dtype=float).ravel()
    rate_counts = np.asarray(rate_evaluations, dtype=float).ravel()
    if steps.size != step_counts.size or rates.size != rate_counts.size:
        raise ValueError("each list of settings needs one count per setting: got "
                         f"{steps.size} steps and {step_counts.size} counts, {rates.size} rates and {rate_counts.size} counts")
    tolerance = check_positive_number(tolerance, "tolerance")
    finite = np.concatenate([step_counts[np.isfinite(step_counts)], rate_counts[np.isfinite(rate_counts)]])
    top = 10 ** np.ceil(np.log10(finite.max())) if finite.size else 10.0
    never = 3 * top
    fig, axes = new_figure(ncols=2, width=9.5, height=4.2)
    left, right = axes
    right.sharey(left)
    reached = np.isfinite(step_counts)
    left.plot(steps[reached], step_counts[reached], "o", color=COLORS["accent"], markersize=3, label="reaches")
    _never_row(left, steps, step_counts, never, COLORS["accent"], "never: cycles across the line")
    left.axvline(puzzle.SAFE_STEP_FACTOR * tolerance, color=COLORS["truth"], linewidth=1.5, linestyle=":", zorder=1,
                 label="$s = 2\\,\\mathrm{tol}/44$: every start lands below")
    if chosen_step is not None:
        chosen = check_positive_number(chosen_step, "chosen_step")
        count = step_counts[np.argmin(np.abs(steps - chosen))] if np.isclose(steps, chosen).any() else None
        if count is None or not np.isfinite(count):
            raise ValueError(f"chosen_step must be one of the steps, one that reaches; got {chosen_step!r}")
        left.plot(chosen, count, "o", markersize=11, markerfacecolor="none", markeredgewidth=2,
                  color=COLORS["data"], label=f"the race's step $s = {chosen:g}$")
    left.set_xscale("log")
    left.set_xlabel("fixed step $s$ (log scale)")
    left.set_ylabel(f"evaluations to reach $|e| < {tolerance:g}$ from $(0, 0)$")
    left.set_title("Fixed step: smaller steps crawl; above\n$2\\,\\mathrm{tol}/44$ many cycle for ever")
    reached = np.isfinite(rate_counts)
    right.plot(rates[reached], rate_counts[reached], "o-", color=COLORS["model"], markersize=4, zorder=3, label="reaches")
    _never_row(right, rates, rate_counts, never, COLORS["model"], "never: diverges")
    right.axvline(1 / A_NORM2, color=COLORS["truth"], linewidth=1.5, linestyle=":", zorder=1,
                  label="$\\eta = 1/\\|a\\|^2$: one step")
    right.axvline(2 / A_NORM2, color=COLORS["neutral"], linewidth=1.5, linestyle="--", zorder=1,
                  label="$\\eta = 2/\\|a\\|^2$: the limit")
    right.set_xscale("log")
    right.set_xlabel("learning rate $\\eta$ (log scale)")
    right.set_title("Proportional: fastest at $\\eta = 1/\\|a\\|^2$,\nslower above it, diverges past $2/\\|a\\|^2$")
    left.set_yscale("log")
    ticks = [10.0**k for k in range(0, int(np.log10(top)) + 1)]
    left.set_yticks(ticks + [never], labels=[f"{t:,.0f}" for t in ticks] + ["never"])
    left.set_ylim(0.7, never * 2)
    for ax in axes:
        ax.legend(fontsize=8, loc="lower left")
    return fig


def race_figure(runs: Sequence[tuple[str, puzzle.PuzzleRun, str]], tolerance: float = 0.1) -> Figure:
    """The best |e| found so far against the number of evaluations, log-log, one line per
    (label, run, colour key) in ``runs`` (dashed for a fixed-step run, so it stands apart from the
    blue of the proportional rule), with the tolerance as a grey dotted line and each run's end
    marked by a dot: the race of the strategies."""
    tolerance = check_positive_number(tolerance, "tolerance")
    fig, axes = new_figure(width=8.0, height=4.0)
    ax = axes[0]
    for label, run, color in runs:
        _check_run(run, f"the run of {label!r}")
        best = np.minimum.accumulate(np.abs(run.errors))
        evaluations = np.arange(1, run.evaluations + 1)
        ax.step(evaluations, np.maximum(best, 1e-4), where="post", color=COLORS[color], linewidth=2,
                linestyle="--" if run.strategy == "fixed step" else "-",
                label=f"{label}: {run.evaluations:,} evaluations")
        ax.plot(run.evaluations, max(best[-1], 1e-4), "o", color=COLORS[color], markersize=7)
    ax.axhline(tolerance, color=COLORS["neutral"], linestyle=":", linewidth=2, label=f"tolerance {tolerance:g}")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_ylim(1e-3, 1e4)
    ax.set_xlabel("evaluations of the equation (log scale)")
    ax.set_ylabel("best $|e|$ so far (log scale)")
    ax.set_title(f"The race to $|e| < {tolerance:g}$: the proportional rule wins by far")
    ax.legend(fontsize=8, loc="lower left")
    return fig


# ---- section 6: the valley ----------------------------------------------------------------------

def valley_surface(x_values, y_values) -> np.ndarray:
    """C(x, y) = e**2 / 2 on a grid: rows follow ``y_values``, columns ``x_values``."""
    xs = as_finite_array(x_values, "x_values").ravel()
    ys = as_finite_array(y_values, "y_values").ravel()
    e = puzzle.COEFFICIENTS[0] * xs[None, :] + puzzle.COEFFICIENTS[1] * ys[:, None] - puzzle.TARGET
    return 0.5 * e**2


def plot_valley(ax, x_range: tuple[float, float] = (-1.0, 7.0), y_range: tuple[float, float] = (-1.0, 6.0),
                levels: int = 20, resolution: int = 160):
    """The valley C(x, y) = e**2 / 2 as a filled contour map (darker = lower, equally spaced levels,
    white contour lines, a colour bar in units of C) with its floor, the solution line, in green.
    Returns the filled contour set."""
    x_low, x_high = check_range(x_range, "x_range")
    y_low, y_high = check_range(y_range, "y_range")
    levels = check_whole_number(levels, "levels", 2)
    xs, ys = np.linspace(x_low, x_high, resolution), np.linspace(y_low, y_high, resolution)
    surface = valley_surface(xs, ys)
    bounds = np.linspace(0.0, surface.max(), levels + 1)
    filled = ax.contourf(xs, ys, surface, levels=bounds, cmap="cividis", alpha=0.85)
    ax.contour(xs, ys, surface, levels=bounds[1:], colors="white", linewidths=0.4, alpha=0.5)
    bar = ax.figure.colorbar(filled, ax=ax, shrink=0.9, ticks=bounds[::max(1, levels // 5)])
    bar.ax.yaxis.set_major_formatter(mpl.ticker.FuncFormatter(lambda value, _: f"{value:,.0f}"))
    bar.set_label("$C = \\frac{1}{2}e^2$ (equally spaced levels)")
    plot_solution_line(ax, (x_low, x_high), label="floor: the solution line")
    ax.grid(False)
    ax.set_xlim(x_low, x_high)
    ax.set_ylim(y_low, y_high)
    ax.set_aspect("equal")
    return filled


def _rate_status(multiple: float, run: puzzle.PuzzleRun, tolerance: float) -> str:
    """The explorer's status line: the learning rate, its factor per step, and how the run ended."""
    factor = 1.0 - multiple
    head = (f"η = {multiple / A_NORM2:.2e} = {multiple:.2f}/‖a‖²: each step multiplies e by "
            f"1 − η‖a‖² = {factor:+.2f} → ")
    if run.status == "reached":
        steps = run.evaluations - 1
        if steps == 0:
            return head + "the start is already within the tolerance"
        how = ("one step lands on the line" if steps == 1 else
               "zig-zags across the floor" if factor < 0 else "slides down one wall")
        return head + f"<b>reached |e| under {tolerance:g} after {run.evaluations:,} evaluations</b> ({how})"
    if run.status == "diverged":
        return head + f"<b>diverged</b>: |e| passed 1000 × its start after {run.diverged_at} steps"
    if factor < 0:
        return head + (f"<b>not reached in {run.evaluations - 1:,} steps</b>: |e| is still {abs(run.errors[-1]):,.0f}, "
                       "it flips sign at every step without shrinking")
    return head + f"<b>not reached in {run.evaluations - 1:,} steps</b>: |e| is still {abs(run.errors[-1]):.3g}"


def valley_explorer(start=(0.0, 0.0), tolerance: float = 0.1, multiple: float = 0.55, max_steps: int = 2000):
    """A slider for the learning rate eta of the proportional rule, in units of 1/|a|^2 (eta |a|^2
    from 0.05 to 2.3). Top left: the valley C(x, y) as a map with the path from ``start``. Top
    right: the valley's cross-section, C = e**2 / 2 against e, with the same steps as dots: every
    step moves along (256, 212), straight across the valley, so the whole run lives on this
    parabola. Bottom: |e| at each of the first 200 evaluations (log scale), with the tolerance and
    the divergence cut (1000 |e0|), so a run that grows is seen growing. The status line gives eta, the factor
    1 - eta |a|^2 and how the run ended. Returns a ``widgets.Explorer``."""
    from .. import widgets
    from .common import STYLE

    start = _check_start(start)
    tolerance = check_positive_number(tolerance, "tolerance")
    max_steps = check_whole_number(max_steps, "max_steps", 1)
    e0 = abs(puzzle.puzzle_error(*start))
    with mpl.rc_context(STYLE):  # the course style, as new_figure, with a taller top row and a wide bottom panel
        fig = Figure(figsize=(10.0, 8.2), layout="constrained")
        grid_spec = fig.add_gridspec(2, 2, height_ratios=[1.45, 1.0])
        ax_map, ax_cut = fig.add_subplot(grid_spec[0, 0]), fig.add_subplot(grid_spec[0, 1])
        ax_err = fig.add_subplot(grid_spec[1, :])
    for ax in (ax_cut, ax_err):
        ax.grid(True, alpha=0.3)
    plot_valley(ax_map)
    ax_map.plot(*start, "s", markersize=8, color=COLORS["start"], linestyle="none", zorder=4, label="start")
    (path,) = ax_map.plot([], [], "o-", color=COLORS["model"], markersize=4, linewidth=1.5, label="proportional rule")
    ax_map.set_title("The valley $C(x, y)$: each step moves\nalong $(256, 212)$, straight across it")
    ax_map.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=3, fontsize=8)

    reach = 1.15 * max(e0, 1.0)
    grid = np.linspace(-reach, reach, 201)
    ax_cut.plot(grid, 0.5 * grid**2, color=COLORS["loss"], linewidth=2, label="$C = \\frac{1}{2}e^2$")
    ax_cut.axvline(0.0, color=COLORS["truth"], linewidth=2, label="$e = 0$: the floor")
    ax_cut.plot([puzzle.puzzle_error(*start)], [0.5 * e0**2], "s", markersize=8, color=COLORS["start"], zorder=4,
                linestyle="none", label="start")
    (cut,) = ax_cut.plot([], [], "o-", color=COLORS["model"], markersize=4, linewidth=1, label="the same steps")
    ax_cut.set_xlim(-reach, reach)
    ax_cut.set_ylim(-0.03 * 0.5 * reach**2, 0.5 * reach**2)
    ax_cut.set_xlabel("error $e = 256x + 212y - 1492$")
    ax_cut.set_ylabel("$C = \\frac{1}{2}e^2$")
    ax_cut.yaxis.set_major_formatter(mpl.ticker.FuncFormatter(lambda value, _: f"{value:,.0f}"))
    ax_cut.xaxis.set_major_locator(mpl.ticker.MaxNLocator(5))
    ax_cut.set_title("Across the valley: $C$ against $e$,\nwith every step of the run")
    ax_cut.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=2, fontsize=8)

    cut_off = 1000.0 * max(e0, 1e-12)   # |e| above this is the divergence cut (C above 10**6 times its start)
    ax_err.axhline(tolerance, color=COLORS["neutral"], linestyle=":", linewidth=2, label=f"tolerance {tolerance:g}")
    ax_err.axhline(cut_off, color=COLORS["loss"], linestyle="--", linewidth=1.2,
                   label="1000 × the start: counted as diverged")
    (error_line,) = ax_err.plot([], [], "o-", color=COLORS["model"], markersize=3, linewidth=1.2, label="$|e|$")
    ax_err.set_yscale("log")
    ax_err.set_xlim(0, min(max_steps + 1, 200) + 1)
    ax_err.set_ylim(min(tolerance, 1.0) / 100, cut_off * 500)   # room above the cut for the legend
    ax_err.set_xlabel("evaluations (the first 200)")
    ax_err.set_ylabel("$|e|$ (log scale)")
    ax_err.set_title("$|e|$ at every evaluation: the same factor $1 - \\eta\\|a\\|^2$ at every step "
                     "makes a straight line on this log scale")
    ax_err.legend(loc="upper center", ncol=3, fontsize=8)

    def show(value: float) -> str:
        run = puzzle.proportional_correction(start, value / A_NORM2, tolerance, max_iterations=max_steps)
        path.set_data(run.path[:, 0], run.path[:, 1])
        shown = run.errors[:200]  # a run that cycles for ever would only redraw the same two points
        cut.set_data(shown, 0.5 * shown**2)
        error_line.set_data(np.arange(1, run.evaluations + 1)[:201], np.maximum(np.abs(run.errors[:201]), 1e-300))
        return _rate_status(value, run, tolerance)

    slider = widgets.float_slider("η × ‖a‖²", multiple, 0.05, 2.3, 0.05)
    live = widgets.LiveFigure(fig, animated=[path, cut, error_line])
    return widgets.Explorer([slider], live, show,
                            "Explorer: the learning rate η of the proportional rule on the valley C(x, y), across it "
                            "and step by step")


# ---- going further: the fixed step -----------------------------------------------------------------

def _fixed_step_status(step_size: float, tol: float, start: tuple[float, float], run: puzzle.PuzzleRun) -> str:
    """The fixed-step explorer's status line: how this run ended, and whether every start lands."""
    setting = f"step {step_size:.3g}, tolerance {tol:.3g}, start ({start[0]:.1f}, {start[1]:.1f}): "
    if run.status == "reached":
        ending = f"<b>reached the tolerance after {run.evaluations:,} evaluations</b>"
    elif run.status == "cycles":
        cycle = np.abs(run.errors[run.repeats_from:run.repeats_from + 4])
        ending = (f"<b>never reaches it</b>: after {run.repeats_from:,} moves it repeats the same 4 moves for ever, "
                  f"|e| = {', '.join(f'{v:#.3g}' for v in cycle)}")
    else:
        ending = (f"<b>not reached in {run.evaluations - 1:,} moves</b> (|e| still {abs(run.errors[-1]):.3g}): "
                  f"{run.status}")
    bound = puzzle.SAFE_STEP_FACTOR * tol
    if step_size < bound:
        rule = f"44s = {44 * step_size:.3g} < 2 tol = {2 * tol:.3g}: this step reaches the tolerance from every start."
    else:
        rule = (f"44s = {44 * step_size:.3g} ≥ 2 tol = {2 * tol:.3g}: from some starts this step never reaches the "
                "tolerance.")
    return setting + ending + ". " + rule


def fixed_step_explorer(start=(0.0, 0.0), step: float = 0.05, tolerance: float = 0.1, max_moves: int = 20_000):
    """Three sliders for the article's rule: the step size s (log scale, 1e-4 to 1, 100 values per
    decade, so the steps that happen to land show up between those that cycle), the tolerance
    (log scale, 1e-3 to 10) and the x of the start (-2 to 8, with y as in ``start``). Left: |e|
    at every evaluation (pale) and the best so far, log-log, with the tolerance; a run that cycles
    is drawn repeating its cycle up to ``max_moves``. Right: the path near the solution line.
    The status line says whether this run reached the tolerance, repeats itself for ever, or is
    still on its way after ``max_moves`` moves, and whether the step lands from every start
    (44 s < 2 tol). Returns a ``widgets.Explorer``."""
    from .. import widgets

    start = _check_start(start)
    if not (-2.0 <= start[0] <= 8.0 and -5.0 <= start[1] <= 10.0):
        raise ValueError(f"start must have x from -2 to 8 (the slider's range) and y from -5 to 10, got {start}")
    step = check_positive_number(step, "step")
    tolerance = check_positive_number(tolerance, "tolerance")
    max_moves = check_whole_number(max_moves, "max_moves", 4)
    y0 = start[1]
    fig, axes = new_figure(ncols=2, width=10.0, height=4.3)
    ax_err, ax_path = axes
    (error_line,) = ax_err.plot([1], [1], color=COLORS["accent"], alpha=0.5, linewidth=1.0, label="$|e|$")
    (best_line,) = ax_err.plot([1], [1], color=COLORS["accent"], linewidth=2.5, label="best $|e|$ so far")
    (tol_line,) = ax_err.plot([1, max_moves + 1], [tolerance, tolerance], color=COLORS["neutral"],
                              linestyle=":", linewidth=2, label="tolerance")
    ax_err.set_xscale("log")
    ax_err.set_yscale("log")
    ax_err.set_xlim(1, max_moves + 1)
    ax_err.set_ylim(1e-4, 1e4)
    ax_err.set_xlabel("evaluations of the equation (log scale)")
    ax_err.set_ylabel("$|e|$ (log scale)")
    ax_err.set_title("Every move changes $e$ by $256s$ or $212s$,\nhowever large $e$ is")
    ax_err.legend(loc="lower left", fontsize=8)
    plot_solution_line(ax_path, (-3.0, 9.0))
    (start_marker,) = ax_path.plot([start[0]], [y0], "s", markersize=7, color=COLORS["start"], linestyle="none",
                                   label="start")
    (path_line,) = ax_path.plot([0], [0], color=COLORS["accent"], marker=".", markersize=3, label="fixed-step path")
    (end_marker,) = ax_path.plot([0], [0], "o", markersize=7, markerfacecolor="none", color=COLORS["data"],
                                 label="last point")
    ax_path.set_xlim(-2.5, 8.5)
    ax_path.set_ylim(min(-1.5, y0 - 0.5), max(5.0, y0 + 0.5))
    ax_path.set_aspect("equal")
    ax_path.set_title("Path in the $(x, y)$ plane: $x$ and $y$ take turns")
    ax_path.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=2, fontsize=8)

    def show(step_size: float, tol: float, x0: float) -> str:
        begin = (float(x0), y0)
        run = puzzle.fixed_step_correction(begin, step_size, tol, max_iterations=max_moves)
        errors = np.abs(run.errors)
        if run.status == "cycles":  # draw the cycle continuing, as the rule would, up to max_moves
            cycle = errors[run.repeats_from:run.repeats_from + 4]
            errors = np.concatenate([errors[:run.repeats_from], np.resize(cycle, max_moves + 1 - run.repeats_from)])
        evaluations = np.arange(1, errors.size + 1)
        error_line.set_data(evaluations, np.maximum(errors, 1e-4))
        best_line.set_data(evaluations, np.maximum(np.minimum.accumulate(errors), 1e-4))
        tol_line.set_ydata([tol, tol])
        start_marker.set_data([begin[0]], [begin[1]])
        path_line.set_data(run.path[:, 0], run.path[:, 1])
        end_marker.set_data([run.path[-1, 0]], [run.path[-1, 1]])
        return _fixed_step_status(step_size, tol, begin, run)

    step_slider = widgets.log_slider("step size s", step, -4, 0, steps_per_decade=100)
    tolerance_slider = widgets.log_slider("tolerance", tolerance, -3, 1)
    start_slider = widgets.float_slider("start x", start[0], -2.0, 8.0, 0.1)
    live = widgets.LiveFigure(fig, animated=[error_line, best_line, tol_line, start_marker, path_line, end_marker])
    return widgets.Explorer([step_slider, tolerance_slider, start_slider], live, show,
                            "Explorer: step size, tolerance and start of the fixed-step rule (error per evaluation, "
                            "path)")
