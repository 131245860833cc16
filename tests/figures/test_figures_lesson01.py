"""Lesson 1's figures draw what they claim: the line of solutions, the runs' data, the marked rates,
and explorers whose status line tells the truth about the run they draw."""
from __future__ import annotations

import re
import warnings

import numpy as np
import pytest

from lessons_lib import puzzle
from lessons_lib.figures import common
from lessons_lib.figures import lesson01 as figures

NORM2 = 256.0**2 + 212.0**2


def plain(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html)


def test_the_solution_line_solves_the_puzzle():
    fig, axes = common.new_figure()
    line = figures.plot_solution_line(axes[0], (-2.0, 8.0))
    np.testing.assert_allclose(puzzle.puzzle_error(line.get_xdata(), line.get_ydata()), 0, atol=1e-9)
    assert line.get_xdata().tolist() == [-2.0, 8.0]


def test_the_plane_marks_each_guess_with_its_error_and_the_whole_number_answer():
    fig = figures.puzzle_plane_figure([(0.0, 0.0), (3.0, 2.0)])
    ax = fig.axes[0]
    texts = [t.get_text() for t in ax.texts]
    assert texts == ["$e = -1492$", "$e = -300$"]
    points = [tuple(line.get_xydata()[0]) for line in ax.lines if line.get_marker() == "o"]
    assert points == [(0.0, 0.0), (3.0, 2.0)]
    star = [line for line in ax.lines if line.get_marker() == "*"][0]
    assert puzzle.puzzle_error(*star.get_xydata()[0]) == 0.0
    assert ax.get_title() == "Every point on the green line solves the puzzle"


def test_the_histogram_marks_median_and_mean():
    counts = np.array([10, 20, 30, 100])
    ax = figures.guess_histogram_figure(counts).axes[0]
    marked = {line.get_label(): line.get_xdata()[0] for line in ax.lines}
    assert marked == {"median 25": 25.0, "mean 40": 40.0}


def test_the_cost_figure_draws_the_measurements_and_slopes_minus_one_and_minus_two():
    ax = figures.guess_cost_figure([10.0, 1.0, 0.1], [300.0, 3000.0, 30000.0], [10.0, 1.0], [500.0, 50000.0]).axes[0]
    lines = {line.get_label(): line for line in ax.lines}
    assert lines["one equation: measured"].get_ydata().tolist() == [300.0, 3000.0, 30000.0]
    assert lines["two equations: measured"].get_xdata().tolist() == [10.0, 1.0]
    for k in (1, 2):
        reference = [line for label, line in lines.items() if label.startswith(f"slope $-{k}$")][0]
        x, y = reference.get_xdata(), reference.get_ydata()
        assert np.log(y[1] / y[0]) / np.log(x[1] / x[0]) == pytest.approx(-k)
        assert x.tolist() == [10.0, 0.1]    # drawn over every tolerance, also where two equations were not measured
    assert ax.xaxis_inverted()


def test_the_sweep_figure_draws_the_counts_and_marks_the_two_rates():
    steps, step_counts = np.array([1e-3, 1e-2, 1e-1]), np.array([6377.0, 643.0, np.inf])
    rates, rate_counts = np.array([5e-6, 1 / NORM2, 2e-5]), np.array([13.0, 2.0, np.inf])
    left, right = figures.sweep_figure(steps, step_counts, rates, rate_counts).axes[:2]
    reached = [line for line in left.lines if line.get_label() == "reaches"][0]
    assert reached.get_ydata().tolist() == [6377.0, 643.0]
    never = [line for line in left.lines if line.get_label().startswith("never")][0]
    assert never.get_xdata().tolist() == [1e-1]
    assert "never" in [t.get_text() for t in left.get_yticklabels()]
    vertical = sorted(line.get_xdata()[0] for line in right.lines if line.get_label().startswith("$r ="))
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
    run = puzzle.proportional_correction((0, 0), multiple / NORM2, 0.1, max_iterations=2000)
    path, cut = explorer.live.animated
    np.testing.assert_allclose(path.get_xydata(), run.path)
    np.testing.assert_allclose(cut.get_ydata(), 0.5 * run.errors[:200] ** 2)   # the dots sit on the parabola


def test_the_fixed_step_explorer_reports_the_runs_of_the_lesson():
    explorer = figures.fixed_step_explorer((0, 0), step=0.05, tolerance=0.1)
    assert "cycles across the line" in explorer.status.value
    explorer.controls[0].value = 0.0005
    assert "reached the tolerance after 12,753 evaluations" in explorer.status.value
    explorer.controls[0].value = 1e-5
    assert "crawling" in explorer.status.value


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
    (lambda: figures.plot_valley(common.new_figure()[1][0], x_range=(3, 1)), "x_range"),
])
def test_bad_input_is_rejected_with_a_message_naming_it(call, name):
    with pytest.raises(ValueError) as info:
        call()
    assert str(info.value).startswith(name)
