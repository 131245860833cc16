"""Lesson 1's exercise checks: the right answer passes, each recognised mistake is named."""
import numpy as np
import pytest

from lessons_lib import checks, puzzle
from lessons_lib.checks import NotDoneYet, WrongAnswer

A = np.array([256.0, 212.0])
E = puzzle.puzzle_error(3.0, 2.0)  # -300


# ---- exercise 1: the error of a guess -------------------------------------------------------

def test_error_right_answer_passes():
    assert E == -300
    assert "-300" in repr(checks.check_error_of_guess(-300))
    assert "-300" in repr(checks.check_error_of_guess(np.float64(-300.0)))


@pytest.mark.parametrize("answer, phrase", [
    (300.0, "wrong sign"),
    (1192.0, "subtract the right side"),
    (-344.0, "swapped x and y"),
    (344.0, "swapped x and y"),
    (90000.0, "squared error"),
    (45000.0, "the loss"),
    (17.0, "expected -300"),
])
def test_error_mistakes_are_named(answer, phrase):
    with pytest.raises(WrongAnswer) as info:
        checks.check_error_of_guess(answer)
    assert phrase in str(info.value)


def test_error_not_done_and_not_a_number():
    with pytest.raises(NotDoneYet):
        checks.check_error_of_guess(None)
    with pytest.raises(WrongAnswer, match="single number"):
        checks.check_error_of_guess([1.0, 2.0])


# ---- exercise 2: the gradient of ½·e² ------------------------------------------------------

def test_gradient_right_answer_passes_and_matches_the_package():
    right = puzzle.half_squared_error_gradient(3.0, 2.0)
    assert right.tolist() == [-76800.0, -63600.0]
    assert "-76800" in repr(checks.check_gradient_at_guess(right))
    assert "-76800" in repr(checks.check_gradient_at_guess((-76800, -63600)))


@pytest.mark.parametrize("answer, phrase", [
    (-E * A, "wrong sign"),
    ([E, E], "forgot the chain-rule factor"),
    ([-E, -E], "forgot the chain-rule factor"),
    (2 * E * A, "factor 2"),
    (-2 * E * A, "factor 2"),
    (E * A[::-1], "swapped"),
    (A, "multiply by the error"),
    (0.5 * E**2 * A, "dC/de = e"),
    ([1.0, 2.0], "expected (-76800, -63600)"),
])
def test_gradient_mistakes_are_named(answer, phrase):
    with pytest.raises(WrongAnswer) as info:
        checks.check_gradient_at_guess(answer)
    assert phrase in str(info.value)


def test_gradient_shape_and_not_done():
    with pytest.raises(WrongAnswer, match="one slope per unknown"):
        checks.check_gradient_at_guess(-300.0)
    with pytest.raises(WrongAnswer, match="two numbers"):
        checks.check_gradient_at_guess([1.0, 2.0, 3.0])
    with pytest.raises(WrongAnswer, match="two numbers"):
        checks.check_gradient_at_guess("slope")
    with pytest.raises(NotDoneYet):
        checks.check_gradient_at_guess(None)


# ---- exercise 3: one correction step -------------------------------------------------------

def right_step(x, y, rate):
    e = 256 * x + 212 * y - 1492
    return x - rate * e * 256, y - rate * e * 212


def test_correction_step_right_answer_passes_and_matches_the_package():
    assert "gradient descent" in repr(checks.check_correction_step(right_step))
    run = puzzle.proportional_correction((3.0, 2.0), rate=1e-6, tolerance=1e-9, max_iterations=1)
    np.testing.assert_allclose(run.path[1], right_step(3.0, 2.0, 1e-6))


def _err(x, y):
    return 256 * x + 212 * y - 1492


@pytest.mark.parametrize("wrong, phrase", [
    (lambda x, y, r: (x + r * _err(x, y) * 256, y + r * _err(x, y) * 212), "wrong sign"),
    (lambda x, y, r: (x - r * _err(x, y) * 256, y), "only x moved"),
    (lambda x, y, r: (x, y - r * _err(x, y) * 212), "only y moved"),
    (lambda x, y, r: (x - r * _err(x, y), y - r * _err(x, y)), "left out the factors"),
    (lambda x, y, r: (x - r * _err(x, y) * 212, y - r * _err(x, y) * 256), "swapped"),
    (lambda x, y, r: (x - 2 * r * _err(x, y) * 256, y - 2 * r * _err(x, y) * 212), "factor 2"),
    (lambda x, y, r: (-r * _err(x, y) * 256, -r * _err(x, y) * 212), "only the change"),
    (lambda x, y, r: None, "forget the `return`"),
    (lambda x, y, r: x, "returned 1 number"),
    (lambda x, y, r: "left", "two numbers"),
    (lambda x, y, r: 1 / 0, "ZeroDivisionError"),
    (lambda x, y, r: (x + 1, y), "expected"),
    (42, "should be a function"),
])
def test_correction_step_mistakes_are_named(wrong, phrase):
    with pytest.raises(WrongAnswer) as info:
        checks.check_correction_step(wrong)
    assert phrase in str(info.value)


def test_correction_step_not_done():
    def correction_step(x, y, rate):
        raise NotImplementedError()
    with pytest.raises(NotDoneYet):
        checks.check_correction_step(correction_step)
