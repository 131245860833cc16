"""Lesson 1's figures draw what they claim: the line of solutions, the runs' data, the marked rates,
and explorers whose status line tells the truth about the run they draw."""
from __future__ import annotations

import re
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest

from lessons_lib import puzzle
from lessons_lib.figures import common
from lessons_lib.figures import lesson01 as figures

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))   # tests/: the hand-written reference loop
from puzzle_by_hand import fixed_step_errors  # noqa: E402

NORM2 = 256.0**2 + 212.0**2


def plain(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html)


def test_the_solution_line_solves_the_puzzle():
    fig, axes = common.new_figure()
    line = figures.plot_solution_line(axes[0], (-2.0, 8.0))
    np.testing.assert_allclose(puzzle.puzzle_error(line.get_xdata(), line.get_ydata()), 0, atol=1e-9)
    assert line.get_xdata().tolist() == [-2.0, 8.0]


def test_the_plane_marks_each_guess_with_its_error_and_the_whole_number_answer():
    fig = figures.puzzle_plane_figure([(0.0, 0.0), (3.0, 2.0), (10.0, 0.0)])
    ax = fig.axes[0]
    texts = [t.get_text() for t in ax.texts]
    assert texts == ["$e = -1492$", "$e = -300$", "$e = +1068$"]
    assert [t.get_horizontalalignment() for t in ax.texts] == ["left", "left", "right"]   # inside the frame
    fig = figures.puzzle_plane_figure([(0.0, 0.0), (3.0, 2.0)])
    ax = fig.axes[0]
    points = [tuple(line.get_xydata()[0]) for line in ax.lines if line.get_marker() == "o"]
    assert points == [(0.0, 0.0), (3.0, 2.0)]
    star = [line for line in ax.lines if line.get_marker() == "*"][0]
    assert puzzle.puzzle_error(*star.get_xydata()[0]) == 0.0
    assert star.get_label() == "(5, 1): the answer in positive whole numbers"   # (58, -63) is whole too
    assert ax.get_title() == "Every point on the green line solves the puzzle"


def test_the_histogram_marks_median_and_mean():
    counts = np.array([10, 20, 30, 100])
    ax = figures.guess_histogram_figure(counts).axes[0]
    marked = {line.get_label(): line.get_xdata()[0] for line in ax.lines}
    assert marked == {"median 25": 25.0, "mean 40": 40.0}


def test_the_cost_figure_draws_the_measurements_and_the_growth_like_one_over_tol_and_tol_squared():
    ax = figures.guess_cost_figure([10.0, 1.0, 0.1], [300.0, 3000.0, 30000.0], [10.0, 1.0], [500.0, 50000.0]).axes[0]
    lines = {line.get_label(): line for line in ax.lines}
    assert lines["one equation: measured"].get_ydata().tolist() == [300.0, 3000.0, 30000.0]
    assert lines["two equations: measured"].get_xdata().tolist() == [10.0, 1.0]
    assert not any("slope" in label for label in lines)   # the tolerance axis is inverted: the lines rise
    for k, label in ((1, "guesses $\\propto 1/\\mathrm{tol}$"), (2, "guesses $\\propto 1/\\mathrm{tol}^2$")):
        reference = lines[label]
        x, y = reference.get_xdata(), reference.get_ydata()
        assert np.log(y[1] / y[0]) / np.log(x[1] / x[0]) == pytest.approx(-k)
        assert x.tolist() == [10.0, 0.1]    # drawn over every tolerance, also where two equations were not measured
    assert ax.xaxis_inverted()


def test_the_landing_share_figure_draws_the_share_of_starts_and_the_bound():
    steps = np.array([1e-3, 4e-3, 1e-2, 5e-2])
    counts = np.array([[10.0, 20.0, 30.0, 40.0], [5.0, 6.0, 7.0, 8.0], [9.0, np.inf, 3.0, np.inf],
                       [np.inf, np.inf, np.inf, 2.0]])
    ax = figures.landing_share_figure(steps, counts, 0.1).axes[0]
    share = [line for line in ax.lines if line.get_label() == "fixed step, 4 random starts"][0]
    assert share.get_ydata().tolist() == [100.0, 100.0, 50.0, 25.0]
    bound = [line for line in ax.lines if line.get_linestyle() == ":"][0]
    assert bound.get_xdata()[0] == pytest.approx(0.2 / 44)
    assert "0.00455" in ax.get_title()
    with pytest.raises(ValueError, match="still on their way"):
        figures.landing_share_figure(steps, np.where(np.isinf(counts), np.nan, counts))


def test_the_sweep_figure_draws_the_counts_and_marks_the_two_rates():
    steps, step_counts = np.array([1e-3, 4.5e-3, 1e-2, 1e-1]), np.array([6377.0, 1427.0, 643.0, np.inf])
    rates, rate_counts = np.array([5e-6, 1 / NORM2, 2e-5]), np.array([13.0, 2.0, np.inf])
    left, right = figures.sweep_figure(steps, step_counts, rates, rate_counts, chosen_step=4.5e-3).axes[:2]
    reached = [line for line in left.lines if line.get_label() == "reaches"][0]
    assert reached.get_ydata().tolist() == [6377.0, 1427.0, 643.0]
    chosen = [line for line in left.lines if line.get_label().startswith("the race's step")][0]
    assert chosen.get_xydata().tolist() == [[4.5e-3, 1427.0]]
    bound = [line for line in left.lines if line.get_label().startswith("$s = 2")][0]
    assert bound.get_xdata()[0] == pytest.approx(0.2 / 44)
    never = [line for line in left.lines if line.get_label().startswith("never")][0]
    assert never.get_xdata().tolist() == [1e-1]
    assert "never" in [t.get_text() for t in left.get_yticklabels()]
    vertical = sorted(line.get_xdata()[0] for line in right.lines if line.get_label().startswith("$\\eta ="))
    assert vertical == pytest.approx([1 / NORM2, 2 / NORM2])
    reached = [line for line in right.lines if line.get_label() == "reaches"][0]
    assert reached.get_ydata().tolist() == [13.0, 2.0]


def test_the_race_draws_the_best_error_so_far():
    guessing = puzzle.random_guessing(10.0, seed=0)
    proportional = puzzle.proportional_correction((0, 0), 5e-6, 0.1)
    ax = figures.race_figure([("guessing", guessing, "alternative"), ("proportional", proportional, "model")]).axes[0]
    line = [line for line in ax.lines if line.get_label().startswith("guessing")][0]
    np.testing.assert_allclose(line.get_ydata(), np.minimum.accumulate(np.abs(guessing.errors)))
    assert line.get_label() == f"guessing: {guessing.evaluations:,} evaluations"
    assert line.get_color() == common.COLORS["alternative"]
    assert "proportional: 13 evaluations" in [line.get_label() for line in ax.lines]


def test_the_valley_is_half_the_squared_error_and_zero_on_the_line():
    xs = np.array([0.0, 5.0, 10.0])
    ys = np.array([0.0, 1.0])
    surface = figures.valley_surface(xs, ys)
    expected = 0.5 * puzzle.puzzle_error(xs[None, :], ys[:, None]) ** 2
    np.testing.assert_allclose(surface, expected)
    assert surface[1, 1] == 0.0   # (5, 1) lies on the floor
    fig, axes = common.new_figure()
    figures.plot_valley(axes[0])
    assert "C = " in fig.axes[-1].get_ylabel()   # the colour bar says what the colours mean


@pytest.mark.parametrize("multiple, phrase", [
    (0.5, "slides down one wall"), (1.0, "after 2 evaluations</b> (one step lands on the line)"),
    (1.5, "zig-zags across the floor"), (2.0, "flips sign at every step without shrinking"),
    (2.05, "<b>diverged</b>"),
])
def test_the_valley_explorer_draws_the_run_its_status_describes(multiple, phrase):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        explorer = figures.valley_explorer((0, 0), 0.1)
        explorer.controls[0].value = multiple
    assert phrase in explorer.status.value
    assert f"{1 - multiple:+.2f}" in plain(explorer.status.value)
    assert plain(explorer.status.value).startswith(f"η = {multiple / NORM2:.2e} = {multiple:.2f}/‖a‖²")
    run = puzzle.proportional_correction((0, 0), multiple / NORM2, 0.1, max_iterations=2000)
    path, cut, errors = explorer.live.animated
    np.testing.assert_allclose(path.get_xydata(), run.path)
    np.testing.assert_allclose(cut.get_ydata(), 0.5 * run.errors[:200] ** 2)   # the dots sit on the parabola
    np.testing.assert_allclose(errors.get_ydata(), np.abs(run.errors[:201]), atol=1e-300)
    if run.status == "diverged":     # the growth is drawn, up to the cut at 1000 |e0|
        top = errors.axes.get_ylim()[1]
        assert errors.get_ydata().max() > 1000 * 1492 and top > errors.get_ydata().max()


def test_the_valley_explorer_opens_at_the_lessons_rate():
    explorer = figures.valley_explorer((0, 0), 0.1)
    assert explorer.controls[0].value == 0.55      # next to the lesson's 5e-6 = 0.5524 / |a|^2


def test_the_fixed_step_explorer_reports_the_runs_of_the_lesson():
    explorer = figures.fixed_step_explorer((0, 0), step=0.05, tolerance=0.1)
    status = plain(explorer.status.value)
    assert "never reaches it: after 132 moves it repeats the same 4 moves for ever" in status
    assert "from some starts this step never reaches the tolerance" in status
    explorer.controls[0].value = 0.0005
    assert "reached the tolerance after 12,753 evaluations" in explorer.status.value
    assert "this step reaches the tolerance from every start" in explorer.status.value
    explorer.controls[0].value = 1e-4
    assert "not reached in 20,000 moves" in plain(explorer.status.value)     # crawling, yet safe:
    assert "from every start" in explorer.status.value


@pytest.fixture(scope="module")
def fixed_explorer():
    return figures.fixed_step_explorer((0, 0), step=0.05, tolerance=0.1)


@pytest.mark.parametrize("step", [0.001, 0.004, 0.0045, 0.00465, 0.00807, 0.01, 0.02, 0.05, 0.3])
@pytest.mark.parametrize("x0", [-2.0, 0.0, 3.0, 5.8, 8.0])
def test_the_fixed_step_explorer_status_is_true_at_each_setting(fixed_explorer, step, x0):
    explorer = fixed_explorer
    explorer.controls[0].value, explorer.controls[2].value = step, x0
    status = plain(explorer.status.value)
    errors = fixed_step_errors(x0, 0.0, step, 0.1, 40_000)       # an independent loop, twice the explorer's moves
    if "reached the tolerance after" in status:
        assert f"after {len(errors):,} evaluations" in status and abs(errors[-1]) < 0.1
    elif "never reaches it" in status:
        assert len(errors) == 40_001 and np.abs(errors).min() >= 0.1
    else:
        assert "not reached in 20,000 moves" in status and np.abs(errors[:20_001]).min() >= 0.1
    safe = 44 * step < 0.2
    assert ("from every start" in status) == safe and ("from some starts" in status) == (not safe)
    path, = [line for line in explorer.live.animated if line.get_label() == "fixed-step path"]
    assert path.get_xydata()[0].tolist() == [x0, 0.0]



@pytest.mark.parametrize("call, name", [
    (lambda: figures.puzzle_plane_figure([1.0, 2.0, 3.0]), "guesses"),
    (lambda: figures.puzzle_plane_figure([(0.0, 0.0)], box=(5, -5)), "box"),
    (lambda: figures.guess_histogram_figure([3]), "tries"),
    (lambda: figures.guess_cost_figure([1.0, 2.0], [1.0], [1.0, 2.0], [1.0, 2.0]), "each measurement"),
    (lambda: figures.sweep_figure([1e-3], [1.0, 2.0], [1e-6], [3.0]), "each list of settings"),
    (lambda: figures.race_figure([("x", "not a run", "model")]), "the run of 'x'"),
    (lambda: figures.valley_explorer(tolerance=0), "tolerance"),
    (lambda: figures.valley_explorer(start=(1.0, 2.0, 3.0)), "start"),
    (lambda: figures.fixed_step_explorer(start=(0.0, float("nan"))), "start"),
    (lambda: figures.fixed_step_explorer(start=(9.5, 0.0)), "start"),
    (lambda: figures.landing_share_figure([1e-3, 1e-2], [[1.0, 2.0]]), "evaluations"),
    (lambda: figures.sweep_figure([1e-3, 1e-2], [5.0, np.inf], [1e-6], [3.0], chosen_step=1e-2), "chosen_step"),
    (lambda: figures.plot_valley(common.new_figure()[1][0], x_range=(3, 1)), "x_range"),
])
def test_bad_input_is_rejected_with_a_message_naming_it(call, name):
    with pytest.raises(ValueError) as info:
        call()
    assert str(info.value).startswith(name)
