"""Lesson 1's puzzle 256x + 212y = 1492: the three strategies and the claims the lesson makes."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import lessons_lib as ll
from lessons_lib import plots
from lessons_lib.puzzle import (
    fixed_step_correction,
    guesses_needed,
    half_squared_error_gradient,
    proportional_correction,
    puzzle_error,
    random_guessing,
)

NORM2 = 256.0**2 + 212.0**2  # 110480
coordinates = st.floats(-100, 100, allow_nan=False)


# ---- the puzzle -----------------------------------------------------------------------------

def test_error_is_lhs_minus_rhs():
    assert puzzle_error(0, 0) == -1492.0
    assert puzzle_error(3, 2) == -300.0
    assert puzzle_error(5, 1) == 0.0          # the whole-number solution
    assert puzzle_error(10, 0) == 1068.0      # left side too big: positive
    np.testing.assert_array_equal(puzzle_error(np.array([0.0, 5.0]), np.array([0.0, 1.0])), [-1492.0, 0.0])


def test_every_point_of_the_solution_line_solves_the_puzzle():
    x = np.linspace(-10, 10, 21)
    np.testing.assert_allclose(puzzle_error(x, (1492 - 256 * x) / 212), 0, atol=1e-9)


@settings(max_examples=50, deadline=None)
@given(coordinates, coordinates)
def test_gradient_of_half_squared_error_matches_finite_differences(x, y):
    numeric = ll.numerical_gradient(lambda p: 0.5 * puzzle_error(p[0], p[1]) ** 2, [x, y], eps=1e-4)
    exact = half_squared_error_gradient(x, y)
    np.testing.assert_allclose(numeric, exact, rtol=1e-6, atol=1e-3)
    np.testing.assert_allclose(exact, puzzle_error(x, y) * np.array([256.0, 212.0]))


# ---- random guessing ----------------------------------------------------------------------

def test_random_guessing_stops_at_the_first_guess_within_tolerance():
    run = random_guessing(0.5, seed=3)
    assert run.reached and run.status == "reached"
    assert run.path.shape == (run.evaluations, 2) and run.errors.shape == (run.evaluations,)
    assert abs(run.errors[-1]) < 0.5
    assert np.all(np.abs(run.errors[:-1]) >= 0.5)
    assert np.all((run.path >= -10) & (run.path < 10))
    np.testing.assert_allclose(run.errors, puzzle_error(run.path[:, 0], run.path[:, 1]))


def test_random_guessing_is_reproducible_and_batches_do_not_change_the_guesses():
    first, again = random_guessing(0.1, seed=7), random_guessing(0.1, seed=7)
    np.testing.assert_array_equal(first.path, again.path)
    assert first.evaluations > 1024 * 3  # several batches were drawn
    one_go = np.random.default_rng(7).uniform(-10, 10, size=(first.evaluations, 2))
    np.testing.assert_array_equal(first.path, one_go)
    assert random_guessing(0.1, seed=8).evaluations != first.evaluations


def test_guesses_needed_counts_the_same_tries_as_random_guessing():
    seeds = [0, 1, 2, 5]
    counts = guesses_needed(1.0, seeds)
    assert counts.tolist() == [random_guessing(1.0, seed=s).evaluations for s in seeds]


def test_guess_counts_grow_like_one_over_the_tolerance():
    medians = [np.median(guesses_needed(tol, range(300))) for tol in (10.0, 1.0, 0.1)]
    assert 7 < medians[1] / medians[0] < 14
    assert 7 < medians[2] / medians[1] < 14
    # mean tries = 1/p, with p = strip area / box area = (2 tol / |a|) * L / 20², L = the line's length in the box
    length = np.hypot(10 - (1492 - 2120) / 256, 10 - (1492 - 2560) / 212)
    p = 2 * 1.0 / np.sqrt(NORM2) * length / 400
    assert np.mean(guesses_needed(1.0, range(300))) == pytest.approx(1 / p, rel=0.15)


def test_random_guessing_gives_up_after_max_tries():
    run = random_guessing(1e-6, seed=0, max_tries=5000)
    assert not run.reached and run.evaluations == 5000 and run.status == "gave up"
    assert guesses_needed(1e-6, [0], max_tries=5000).tolist() == [5001]


# ---- correcting by a fixed step -----------------------------------------------------------

def test_big_fixed_step_overshoots_and_cycles_forever():
    run = fixed_step_correction((0, 0), step=0.05, tolerance=0.1, max_iterations=100_000)
    assert not run.reached and run.status == "oscillating"
    assert run.evaluations == 100_001
    tail = run.errors[-400:]
    np.testing.assert_allclose(tail[4:], tail[:-4], atol=1e-6)   # a cycle of 4 moves
    assert np.abs(tail).min() > 0.9


def test_small_fixed_step_crawls_without_overshooting():
    run = fixed_step_correction((0, 0), step=0.0005, tolerance=0.1, max_iterations=100_000)
    assert run.reached and run.evaluations == 12_753
    assert np.all(np.diff(run.errors) > 0)                        # straight up to the line, never back
    early = fixed_step_correction((0, 0), step=0.0005, tolerance=0.1, max_iterations=2000)
    assert not early.reached and early.status == "crawling" and early.evaluations == 2001


def test_fixed_step_moves_x_then_y_by_the_step():
    run = fixed_step_correction((1.0, 1.0), step=0.25, tolerance=1e-3, max_iterations=4)
    np.testing.assert_allclose(run.path, [[1, 1], [1.25, 1], [1.25, 1.25], [1.5, 1.25], [1.5, 1.5]])
    np.testing.assert_allclose(np.diff(run.errors), [64, 53, 64, 53])
    down = fixed_step_correction((10.0, 10.0), step=1.0, tolerance=1e-3, max_iterations=2)
    np.testing.assert_allclose(down.path[-1], [9.0, 9.0])          # positive error: decrease


def test_step_one_from_the_origin_lands_on_the_whole_number_solution():
    run = fixed_step_correction((0, 0), step=1.0, tolerance=0.1)
    assert run.reached and run.errors[-1] == 0.0
    assert run.path[-1].tolist() == [5.0, 1.0]


# ---- correcting in proportion to the error ------------------------------------------------

def test_proportional_correction_converges_fast():
    run = proportional_correction((0, 0), rate=5e-6, tolerance=0.1)
    assert run.reached and run.evaluations == 13
    factors = run.errors[1:] / run.errors[:-1]
    np.testing.assert_allclose(factors, 1 - 5e-6 * NORM2)          # every step: e <- (1 - rate |a|²) e


def test_proportional_correction_is_gradient_descent_on_half_squared_error():
    run = proportional_correction((3.0, -2.0), rate=4e-6, tolerance=1e-9, max_iterations=6)
    point = np.array([3.0, -2.0])
    for k in range(6):
        point = point - 4e-6 * half_squared_error_gradient(*point)
        np.testing.assert_allclose(run.path[k + 1], point)


def test_proportional_correction_ends_at_the_nearest_solution():
    start = np.array([-4.0, 6.0])
    run = proportional_correction(start, rate=5e-6, tolerance=1e-9)
    a = np.array([256.0, 212.0])
    nearest = start - puzzle_error(*start) / NORM2 * a
    np.testing.assert_allclose(run.path[-1], nearest, atol=1e-9)


@pytest.mark.parametrize("rate, converges", [(1.8e-5, True), (1.82e-5, False), (1e-3, False)])
def test_proportional_correction_is_stable_only_below_two_over_norm_squared(rate, converges):
    run = proportional_correction((0, 0), rate=rate, tolerance=0.1, max_iterations=3000)
    assert run.reached == converges
    if not converges:
        assert abs(run.errors[-1]) > abs(run.errors[0]) and run.status == "oscillating"


# ---- bad input ----------------------------------------------------------------------------

@pytest.mark.parametrize("call, name", [
    (lambda: random_guessing(0), "tolerance"),
    (lambda: random_guessing(-1.0), "tolerance"),
    (lambda: random_guessing(float("nan")), "tolerance"),
    (lambda: random_guessing(1.0, box=(5, -5)), "box"),
    (lambda: random_guessing(1.0, box=(1, 2, 3)), "box"),
    (lambda: random_guessing(1.0, seed=-1), "seed"),
    (lambda: random_guessing(1.0, seed=1.5), "seed"),
    (lambda: random_guessing(1.0, max_tries=0), "max_tries"),
    (lambda: guesses_needed(1.0, []), "seeds"),
    (lambda: guesses_needed(1.0, [0, -2]), "seeds"),
    (lambda: fixed_step_correction((0, 0), step=0, tolerance=1.0), "step"),
    (lambda: fixed_step_correction((0, 0), step=True, tolerance=1.0), "step"),
    (lambda: fixed_step_correction((0, 0), step=1.0, tolerance=-1.0), "tolerance"),
    (lambda: fixed_step_correction((0, 0, 0), step=1.0, tolerance=1.0), "start"),
    (lambda: fixed_step_correction((0, float("inf")), step=1.0, tolerance=1.0), "start"),
    (lambda: fixed_step_correction((0, 0), step=1.0, tolerance=1.0, max_iterations=-5), "max_iterations"),
    (lambda: proportional_correction((0, 0), rate=-1e-6, tolerance=1.0), "rate"),
    (lambda: proportional_correction((0, 0), rate=1e-6, tolerance=0.0), "tolerance"),
    (lambda: proportional_correction((0, 0), rate=1e-6, tolerance=1.0, max_iterations=2.5), "max_iterations"),
])
def test_bad_input_is_rejected_naming_the_argument(call, name):
    with pytest.raises(ValueError) as info:
        call()
    assert str(info.value).startswith(name)


# ---- plot helpers -------------------------------------------------------------------------

def test_plot_helpers_draw_the_runs_data():
    fig, axes = plots.new_figure(ncols=2)
    line = plots.plot_solution_line(axes[0], (-2.0, 8.0))
    np.testing.assert_allclose(puzzle_error(line.get_xdata(), line.get_ydata()), 0, atol=1e-9)
    run = proportional_correction((0, 0), rate=5e-6, tolerance=0.1)
    path = plots.plot_puzzle_path(axes[0], run, label="proportional")
    np.testing.assert_array_equal(path.get_xydata(), run.path)
    curve = plots.plot_error_curve(axes[1], run, label="proportional")
    np.testing.assert_array_equal(curve.get_xdata(), np.arange(1, 14))
    np.testing.assert_array_equal(curve.get_ydata(), np.abs(run.errors))
    assert axes[1].get_xscale() == axes[1].get_yscale() == "log"
