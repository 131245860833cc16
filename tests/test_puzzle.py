"""Lesson 1's puzzle 256x + 212y = 1492: the three strategies and the claims the lesson makes."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import lessons_lib as ll
from lessons_lib.puzzle import (
    PuzzleRun,
    SAFE_STEP_FACTOR,
    evaluations_needed,
    fixed_step_correction,
    fixed_step_evaluations,
    guesses_needed,
    half_squared_error_gradient,
    proportional_correction,
    puzzle_error,
    random_guessing,
)
from puzzle_by_hand import fixed_step_errors

NORM2 = 256.0**2 + 212.0**2  # 110480
coordinates = st.floats(-100, 100, allow_nan=False)


# ---- the puzzle -----------------------------------------------------------------------------

def test_error_is_lhs_minus_rhs():
    assert puzzle_error(0, 0) == -1492.0
    assert puzzle_error(3, 2) == -300.0
    assert puzzle_error(5, 1) == 0.0          # the solution in positive whole numbers
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
    # another seed: its count is where its own stream of guesses first lands in the strip
    draws = np.random.default_rng(8).uniform(-10, 10, size=(2_000_000, 2))
    hits = np.flatnonzero(np.abs(256 * draws[:, 0] + 212 * draws[:, 1] - 1492) < 0.1)
    assert hits.size > 0
    assert random_guessing(0.1, seed=8).evaluations == hits[0] + 1


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
    assert not run.reached and run.status == "cycles"
    assert int(np.argmax(run.errors > 0)) == 128                   # the first overshoot
    assert run.repeats_from == 132 and run.evaluations == 137        # stopped as soon as it stood where it stood
    np.testing.assert_array_equal(run.path[-1], run.path[132])      # 4 moves earlier
    np.testing.assert_allclose(run.errors[132:136], [1.2, -11.6, -1.0, 11.8], atol=0.05)
    long = fixed_step_errors(0.0, 0.0, 0.05, 0.1, 100_000)                 # run on for 100,000 moves: it never lands
    assert len(long) == 100_001 and np.abs(long[128:]).min() > 0.9
    np.testing.assert_allclose(long[-400:][4:], long[-400:][:-4], atol=1e-6)


def test_a_run_stopped_as_cycling_never_lands_when_run_on():
    """The stop is a proof (same point, same kind of move next as 4 moves ago); check it anyway."""
    rng = np.random.default_rng(11)
    stopped = 0
    for step, (x, y) in zip(rng.uniform(0.005, 0.2, 60), rng.uniform(-10, 10, size=(60, 2))):
        run = fixed_step_correction((x, y), step, 0.1, max_iterations=20_000)
        if run.status == "cycles":
            stopped += 1
            onward = fixed_step_errors(*run.path[-1], step, 0.1, 20_000)
            assert len(onward) == 20_001 and np.abs(onward).min() >= 0.1
            np.testing.assert_array_equal(run.errors, fixed_step_errors(x, y, step, 0.1, run.evaluations - 1))
    assert stopped >= 20


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


def test_fixed_step_lands_from_every_start_exactly_when_44_s_is_below_twice_the_tolerance():
    """Near the line an x move and the next y move go opposite ways: e changes by 44 s per pair and
    settles between two values 44 s apart, one within 22 s of 0. Below the bound every start
    lands; at or above it the start e0 = 22 s (before an x move) cycles through |e| = 22 s, 234 s."""
    rng = np.random.default_rng(5)
    starts = np.concatenate([rng.uniform(-10, 10, size=(300, 2)), [[0.0, 0.0], [5.0, 1.0], [10.0, -10.0]]])
    for tolerance in (0.1, 1.0, 0.01):
        bound = SAFE_STEP_FACTOR * tolerance
        below = bound * np.array([0.25, 0.6, 0.9, 0.99])
        counts = fixed_step_evaluations(below, starts, tolerance, max_iterations=400_000)
        assert np.all(np.isfinite(counts))
        for step in bound * np.array([1.001, 1.01, 1.5, 3.0]):   # (at the bound itself round-off decides)
            x = 22 * step / 256 + 1492 / 256                         # e = 22 step at (x, 0)
            run = fixed_step_correction((x, 0.0), step, tolerance, max_iterations=1000)
            assert run.status == "cycles"
            np.testing.assert_allclose(np.abs(run.errors[:4]), [22 * step, 234 * step] * 2, rtol=1e-6)


def test_above_the_bound_landing_from_the_origin_is_a_matter_of_luck():
    """The old sweep's grid (41 steps from 1e-4 to 1) made every step up to 0.01 look safe from (0, 0)."""
    assert evaluations_needed("fixed step", [0.01], (0, 0), 0.1).tolist() == [643.0]
    assert fixed_step_correction((0, 0), 0.00807, 0.1, 100_000).status == "cycles"
    share = np.isfinite(fixed_step_evaluations([0.01], np.random.default_rng(1).uniform(-10, 10, (200, 2)))).mean()
    assert 0.3 < share < 0.6


def test_fixed_step_evaluations_are_the_counts_of_thefixed_step_errors():
    rng = np.random.default_rng(2)
    steps = np.concatenate([rng.uniform(1e-3, 0.08, 12), [0.05, 0.0005, 1.0]])
    starts = np.concatenate([rng.uniform(-10, 10, size=(6, 2)), [[0.0, 0.0]]])
    for max_iterations in (100_000, 60, 5, 0):
        counts = fixed_step_evaluations(steps, starts, 0.1, max_iterations)
        assert counts.shape == (len(steps), len(starts))
        for i, step in enumerate(steps):
            for j, start in enumerate(starts):
                run = fixed_step_correction(start, step, 0.1, max_iterations)
                expected = run.evaluations if run.reached else np.inf if run.status == "cycles" else np.nan
                assert counts[i, j] == expected or (np.isnan(counts[i, j]) and np.isnan(expected))


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
        assert run.status == "diverged" and run.diverged_at == run.evaluations - 1
        assert abs(run.errors[-1]) > 1000 * 1492 >= abs(run.errors[-2])   # C passed 10**6 times its start just now


def _evaluations_by_the_factor(rate, tolerance=0.1, e0=1492.0):
    """1 + the smallest k with |e0| * |1 - rate |a|^2|**k < tolerance: the count from the factor alone."""
    factor = abs(1 - rate * NORM2)
    return 1 + int(np.ceil(np.log(tolerance / e0) / np.log(factor)))


@pytest.mark.parametrize("rate, evaluations", [(5e-6, 13), (1e-5, 6), (1.2e-5, 10), (1.5e-5, 24), (1.8e-5, 843)])
def test_above_the_one_step_rate_a_larger_rate_is_slower(rate, evaluations):
    assert _evaluations_by_the_factor(rate) == evaluations
    assert proportional_correction((0, 0), rate, 0.1, max_iterations=5000).evaluations == evaluations


def test_the_one_step_rate_lands_on_the_line_from_anywhere():
    for start in [(0.0, 0.0), (-7.5, 3.25), (9.0, 9.0)]:
        run = proportional_correction(start, 1 / NORM2, tolerance=1e-9)
        assert run.evaluations == 2 and abs(run.errors[-1]) < 1e-9


def test_rates_equally_far_from_the_one_step_rate_take_equally_long():
    below = proportional_correction((0, 0), 0.5 / NORM2, 0.001)
    above = proportional_correction((0, 0), 1.5 / NORM2, 0.001)
    assert below.evaluations == above.evaluations == 22            # 1492 / 2**21 < 0.001 < 1492 / 2**20
    assert below.sign_changes == 0 and above.sign_changes == 21     # the larger rate zig-zags


def test_a_run_with_one_overshoot_is_crawling_not_oscillating():
    one = PuzzleRun("fixed step", np.zeros((3, 2)), np.array([-5.0, 2.0, 1.0]), 3, False)
    two = PuzzleRun("fixed step", np.zeros((3, 2)), np.array([-5.0, 2.0, -1.0]), 3, False)
    assert one.sign_changes == 1 and one.status == "crawling"
    assert two.sign_changes == 2 and two.status == "oscillating"
    assert PuzzleRun("random guessing", np.zeros((1, 2)), np.array([3.0]), 1, False).status == "gave up"


# ---- sweeps ------------------------------------------------------------------------------------

def test_evaluations_needed_counts_like_the_single_runs():
    steps = [0.0005, 0.01, 0.05, 1.0]
    counts = evaluations_needed("fixed step", steps, (0, 0), 0.1, max_iterations=20_000)
    singles = [fixed_step_correction((0, 0), s, 0.1, max_iterations=20_000) for s in steps]
    assert counts.tolist() == [r.evaluations if r.reached else np.inf for r in singles]
    assert counts.tolist() == [12_753, 643, np.inf, 11]
    rates = [1e-7, 1 / NORM2, 1.8e-5, 2e-5]
    counts = evaluations_needed("proportional", rates, (0, 0), 0.1)
    assert counts.tolist() == [867, 2, 843, np.inf]


# ---- random guessing with a second equation ---------------------------------------------------

def test_a_second_equation_makes_the_hit_chance_shrink_like_tol_squared():
    runs = guesses_needed(1.0, range(200), equations=2)
    # the two strips |256x + 212y - 1492| < tol and |x - y - 4| < tol cross in a parallelogram of
    # area (2 tol)**2 / |det|, det = 256 * (-1) - 212 * 1 = -468, well inside the 20 x 20 box
    p = 4 * 1.0**2 / 468 / 400
    assert np.mean(runs) == pytest.approx(1 / p, rel=0.15)
    one = guesses_needed(1.0, range(200))
    assert np.all(runs >= one)      # the same guesses: a hit on both equations is a hit on the first


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
    (lambda: guesses_needed(1.0, [0], equations=3), "equations"),
    (lambda: guesses_needed(1.0, [0], equations=True), "equations"),
    (lambda: evaluations_needed("random", [0.1]), "strategy"),
    (lambda: evaluations_needed("fixed step", []), "settings"),
    (lambda: evaluations_needed("fixed step", [0.1, -0.2]), "settings"),
    (lambda: evaluations_needed("proportional", [[1e-6]]), "settings"),
    (lambda: evaluations_needed("proportional", [1e-6], start=(0, 0, 0)), "start"),
    (lambda: evaluations_needed("proportional", [1e-6], tolerance=0), "tolerance"),
    (lambda: fixed_step_evaluations([], [(0, 0)]), "steps"),
    (lambda: fixed_step_evaluations([0.1, -0.1], [(0, 0)]), "steps"),
    (lambda: fixed_step_evaluations([0.1], [0.0, 0.0]), "starts"),
    (lambda: fixed_step_evaluations([0.1], [(0.0, float("nan"))]), "starts"),
    (lambda: fixed_step_evaluations([0.1], [(0, 0)], tolerance=0), "tolerance"),
    (lambda: fixed_step_evaluations([0.1], [(0, 0)], max_iterations=1.5), "max_iterations"),
])
def test_bad_input_is_rejected_naming_the_argument(call, name):
    with pytest.raises(ValueError) as info:
        call()
    assert str(info.value).startswith(name)
