"""Lesson 5's exercise checks: the right answer passes, each recognised mistake is named."""
import numpy as np
import pytest

import lessons_lib as ll
from lessons_lib import checks
from lessons_lib.checks import NotDoneYet, WrongAnswer

X_LINE = np.array(checks.L05_X)
A_LINE = np.column_stack([X_LINE, np.ones(4)])
LAM_MIN, LAM_MAX = np.linalg.eigvalsh(2 / 4 * A_LINE.T @ A_LINE)  # MSE Hessian of seed 003's data

TWO = ll.make_two_point_data()
TWO_MIN, TWO_MAX = np.linalg.eigvalsh(ll.hessian(TWO.x))  # half-MSE Hessian of seed 002's data
TWO_BEST, TWO_LIMIT = 2 / (TWO_MIN + TWO_MAX), 2 / TWO_MAX


# ---- exercise 1: the stability limit of y = 3x + 1 with the MSE ----

def test_line_limit_right_answer_passes():
    assert "0.1198" in repr(checks.check_line_stability_limit(2 / LAM_MAX))
    assert "0.1198" in repr(checks.check_line_stability_limit(ll.stability_limit(X_LINE, "mse")))
    checks.check_line_stability_limit(0.1198)  # the value rounded to 4 digits counts


@pytest.mark.parametrize("answer, phrase", [
    (2 / (LAM_MAX / 2), "half-MSE's Hessian"),
    (2 / LAM_MIN, "you used λ_min"),
    (1 / LAM_MAX, "that is 1/λ_max"),
    (2 / (LAM_MIN + LAM_MAX), "*fastest* rate"),
    (LAM_MAX, "λ_max itself"),
    (2 / 15, "left out the bias"),
    (2 / (4 * LAM_MAX), "forgot the 1/n"),
    (0.5, "expected 0.119756"),
])
def test_line_limit_mistakes_are_named(answer, phrase):
    with pytest.raises(WrongAnswer) as info:
        checks.check_line_stability_limit(answer)
    assert phrase in str(info.value)


def test_line_limit_not_done_and_not_a_number():
    with pytest.raises(NotDoneYet):
        checks.check_line_stability_limit(None)
    with pytest.raises(WrongAnswer, match="single number"):
        checks.check_line_stability_limit(np.linalg.eigvalsh(ll.hessian(X_LINE, "mse")))


# ---- exercise 2: the fastest learning rate for seed 002 (half-MSE) ----

def test_fastest_lr_right_answer_passes():
    assert "1.3140" in repr(checks.check_fastest_learning_rate(TWO_BEST))
    checks.check_fastest_learning_rate(1.314)
    assert TWO_BEST == pytest.approx(ll.optimal_learning_rate(TWO.x))


@pytest.mark.parametrize("answer, phrase", [
    (TWO_LIMIT, "cliff 2/λ_max itself"),
    (2 / TWO_MIN, "you used λ_min"),
    (1 / TWO_MAX, "1/λ_max settles the steep direction"),
    (1 / (TWO_MIN + TWO_MAX), "dropped the 2"),
    (0.1, "article's own lr = 0.1"),
    (1.5, "wrong side of 2/λ_max"),
    (10.0, "diverges"),
    (0.5, "2/(λ_min + λ_max) = 1.3140 does better"),
    (-1.314, "must be > 0"),
])
def test_fastest_lr_mistakes_are_named(answer, phrase):
    with pytest.raises(WrongAnswer) as info:
        checks.check_fastest_learning_rate(answer)
    assert phrase in str(info.value)


def test_fastest_lr_wrong_side_really_diverges():
    history = ll.gradient_descent(TWO.x, TWO.y, TWO.w0, TWO.b0, 1.5, 500)
    assert history.diverged  # what the "wrong side of 2/λ_max" message promises


def test_fastest_lr_not_done():
    with pytest.raises(NotDoneYet):
        checks.check_fastest_learning_rate(None)


# ---- exercise 3: long_run_behaviour(lr, lam_min, lam_max) ----

def right(lr, lam_min, lam_max):
    if lr > 2 / lam_max:
        return "diverges"
    return "oscillates" if lr > 2 / (lam_min + lam_max) else "steady"


def cliff_at_one_over_lambda(lr, lam_min, lam_max):
    if lr > 1 / lam_max:
        return "diverges"
    return "steady"


def cliff_at_lambda_min(lr, lam_min, lam_max):
    if lr > 2 / lam_min:
        return "diverges"
    return "oscillates" if lr > 2 / (lam_min + lam_max) else "steady"


def zigzag_from_one_over_lambda(lr, lam_min, lam_max):
    if lr > 2 / lam_max:
        return "diverges"
    return "oscillates" if lr > 1 / lam_max else "steady"


def never_oscillates(lr, lam_min, lam_max):
    return "diverges" if lr > 2 / lam_max else "steady"


def test_long_run_right_answer_passes():
    assert "18 cases" in repr(checks.check_long_run_behaviour(right))


def test_long_run_cases_agree_with_real_runs():
    # the expected answers are what gradient descent does on seed 003's data (classify_run, long runs)
    x, y = ll.make_line_data()
    for lr, lam_min, lam_max, expected in checks._l05_behaviour_cases()[:9]:
        verdict = ll.classify_run(ll.gradient_descent(x, y, 0.5, 0.0, lr, 400, "mse"), tolerance=1e-30)
        translated = {"slow": "steady", "oscillating": "oscillates"}.get(verdict, "diverges")
        assert translated == expected, (lr, verdict, expected)


@pytest.mark.parametrize("function, phrase", [
    (cliff_at_one_over_lambda, "cliff at 1/λ_max"),
    (cliff_at_lambda_min, "cliff at 2/λ_min"),
    (zigzag_from_one_over_lambda, "early steps do zig-zag"),
    (never_oscillates, "slower one to die out"),
])
def test_long_run_mistakes_are_named(function, phrase):
    with pytest.raises(WrongAnswer) as info:
        checks.check_long_run_behaviour(function)
    assert phrase in str(info.value)


def test_long_run_bad_returns_and_crashes():
    with pytest.raises(WrongAnswer, match="forget the `return`"):
        checks.check_long_run_behaviour(lambda lr, a, b: None)
    with pytest.raises(WrongAnswer, match="one of 'steady', 'oscillates', 'diverges'"):
        checks.check_long_run_behaviour(lambda lr, a, b: "converges")
    with pytest.raises(WrongAnswer, match="ZeroDivisionError"):
        checks.check_long_run_behaviour(lambda lr, a, b: 1 / 0)
    with pytest.raises(WrongAnswer, match="should be a function"):
        checks.check_long_run_behaviour(0.1)


def test_long_run_not_done():
    def student_stub(lr, lam_min, lam_max):
        raise NotImplementedError()
    with pytest.raises(NotDoneYet):
        checks.check_long_run_behaviour(student_stub)
