"""Lesson 1's exercise checks: how many evaluations a rate past the one-step rate needs (predict),
one proportional correction step for any linear equation (implement), and one step on a puzzle
with a negative coefficient (transfer).

Each check computes what it expects with its own few lines of numpy (never with ``ll.puzzle``,
which a learner's cell could have replaced), names the mistakes it recognises, and never shows
the expected value of a value answer.
"""
from __future__ import annotations

from typing import Any, Callable

import numpy as np

from .framework import (
    WrongAnswer,
    call_learner,
    describe_numbers,
    exercise,
    fresh_rng,
    is_close,
    named_mistake,
    not_yet,
    number_answer,
    numbers_answer,
)

LESSON = "01"
EXERCISES = {1: "predict: r = 1.5/‖a‖²", 2: "implement: correction_step", 3: "transfer: a negative coefficient"}

# The lesson's puzzle 256 x + 212 y = 1492 (for the checks' own computations).
PUZZLE_A = np.array([256.0, 212.0])
PUZZLE_TARGET = 1492.0

# ---- Exercise 1 (predict): r = 1.5/|a|^2 with a tolerance of 0.001 -------------------------------
PREDICT_MULTIPLE = 1.5      # r = 1.5 / |a|^2
PREDICT_TOLERANCE = 0.001   # 100 times tighter than the lesson's 0.1
PREDICT_SLACK = 1           # a prediction within +-1 evaluation counts as right


def _evaluations_to_reach(rate: float, tolerance: float, start=(0.0, 0.0), max_steps: int = 100_000) -> int:
    """Evaluations of the proportional rule on the lesson's puzzle until |e| < tolerance (start included)."""
    point = np.array(start, dtype=float)
    e = float(PUZZLE_A @ point - PUZZLE_TARGET)
    evaluations = 1
    while abs(e) >= tolerance and evaluations <= max_steps:
        point = point - rate * e * PUZZLE_A
        e = float(PUZZLE_A @ point - PUZZLE_TARGET)
        evaluations += 1
    return evaluations


@exercise(LESSON, 1)
def check_predicted_evaluations(value: Any) -> str:
    """Exercise 1: the learner's prediction of how many evaluations the proportional rule needs from
    (0, 0) to |e| < 0.001 at r = 1.5/|a|^2 (a whole number; within +-1 passes)."""
    predicted = number_answer(value, "predicted_evaluations", whole=True)
    norm2 = float(PUZZLE_A @ PUZZLE_A)
    actual = _evaluations_to_reach(PREDICT_MULTIPLE / norm2, PREDICT_TOLERANCE)
    at_lesson_tolerance = _evaluations_to_reach(PREDICT_MULTIPLE / norm2, 0.1)
    if abs(predicted - actual) <= PREDICT_SLACK:
        return ("Right: the factor per step is 1 − 1.5 = −0.5, so |e| halves at every step while its sign flips. "
                "r = 0.5/‖a‖² (factor +0.5) needs exactly as many evaluations: past 1/‖a‖² a larger rate is slower. "
                "And 100 times the precision cost only about 7 more halvings, not 100 times the work.")
    if predicted <= 0:
        raise WrongAnswer("not yet: the run does reach the tolerance. At r = 1.5/‖a‖² the factor 1 − r‖a‖² is −0.5, "
                          "whose size is below 1, so |e| shrinks at every step; only past r = 2/‖a‖² does it grow.")
    if predicted <= 3:
        raise WrongAnswer("not yet: only r = 1/‖a‖² lands on the line in one step (factor 0). At 1.5/‖a‖² every step "
                          "overshoots: the factor is 1 − 1.5 = −0.5, so each step only halves |e| and flips its sign.")
    if abs(predicted - at_lesson_tolerance) <= PREDICT_SLACK:
        raise WrongAnswer("not yet: that is about what this rate needs for the lesson's tolerance 0.1. Here the target "
                          "is 100 times smaller: how many more halvings does |e| need to get 100 times lower?")
    if predicted >= 100:
        raise WrongAnswer("not yet: that is the kind of cost random guessing has (100 times tighter, 100 times the "
                          "work). Here every step multiplies |e| by the same factor, −0.5, so each halving of the "
                          "target costs just one more step.")
    raise not_yet("work out the factor 1 − r‖a‖² for r = 1.5/‖a‖², then how many times |e| = 1492 must be "
                  "multiplied by it to drop below 0.001. Count the start as one evaluation, as the lesson does.")


# ---- Exercise 2 (implement): one proportional step for any equation a . point = target ------------
SHORTCUTS = ["gradient_descent", "stochastic_gradient_descent", "loss_and_gradient", "predict"]


def _step_right(p, a, target, rate):
    return p - rate * (a @ p - target) * a


def _step_one_at_a_time(p, a, target, rate):
    """Each unknown in turn, with the error recomputed after every move (a Gauss-Seidel sweep)."""
    p = p.copy()
    for j in range(len(p)):
        p[j] -= rate * (a @ p - target) * a[j]
    return p


def _lesson_numbers(p, a, target, rate):
    """The lesson's (256, 212) or 1492 in place of a or target: only defined for two unknowns."""
    if len(p) != 2:
        return []
    e_right, e_lesson, e_lesson_target = a @ p - target, PUZZLE_A @ p - target, a @ p - PUZZLE_TARGET
    e_all_lesson = PUZZLE_A @ p - PUZZLE_TARGET
    return [p - rate * e_all_lesson * PUZZLE_A, p - rate * e_right * PUZZLE_A, p - rate * e_lesson * PUZZLE_A,
            p - rate * e_lesson * a, p - rate * e_lesson_target * a, p - rate * e_all_lesson * a]


# (function of (p, a, target, rate) giving the mistaken result(s), message). The first mistake
# that explains every case the learner's function was run on is named.
STEP_MISTAKES: list[tuple[Callable, str]] = [
    (lambda p, a, t, r: [p + r * (a @ p - t) * a],
     "wrong direction: your step moves *with* the error. With e = LHS − RHS (= a·point − target) the step is "
     "point − rate·e·a; if you computed e as RHS − LHS, the sign of the step must flip too."),
    (lambda p, a, t, r: [p - r * abs(a @ p - t) * a],
     "you used the size of the error |e| and dropped its sign: right when e > 0, but when the left side is too "
     "small (e < 0) your step goes the wrong way. Use e itself: its sign carries the direction."),
    (lambda p, a, t, r: [p - r * np.sign(a @ p - t) * a],
     "you used only the sign of e, as the article's rule does: the step must be proportional to the error "
     "itself, rate·e·a, so it is big far from the solutions and small close to them."),
    (lambda p, a, t, r: [p - r * np.sign(a @ p - t) * np.ones_like(a), p - r * np.sign(a @ p - t) * np.sign(a)],
     "that is a fixed step, the same for every unknown: the proportional rule moves unknown j by rate·e·a_j, "
     "in proportion to the error and to its coefficient."),
    (lambda p, a, t, r: [p - r * (a @ p - t) * np.ones_like(a)],
     "you left out the coefficients: each unknown moves by rate·e·a_j, in proportion to how strongly it "
     "changes the left side (for the lesson's puzzle that was the 256 and the 212)."),
    (lambda p, a, t, r: [_step_one_at_a_time(p, a, t, r)],
     "you moved the unknowns one after another and recomputed the error after each move. Compute e once, at "
     "the old point, and move all unknowns together with that same e."),
    (_lesson_numbers,
     "you used the lesson's numbers (256, 212 or 1492): the check uses other equations. Use the arguments "
     "`a` and `target`, so the function works for any equation."),
    (lambda p, a, t, r: [p - 2 * r * (a @ p - t) * a],
     "your step is twice too long: it should be rate·e·a, with no factor 2."),
    (lambda p, a, t, r: [p - r * (a @ p - t) ** 2 * a],
     "you used e² where the rule uses e: the step is proportional to the error itself (and its sign gives the "
     "direction)."),
    (lambda p, a, t, r: [p - r * (a @ p - t) * a / (a @ a)],
     "you divided the step by ‖a‖² = a·a: the rule is point − rate·e·a, with the rate as given."),
    (lambda p, a, t, r: [p - r * np.trunc(a @ p - t) * a, p - r * np.round(a @ p - t) * a],
     "you rounded the error (int(...) or round(...)): keep its decimals, e = a·point − target exactly."),
    (lambda p, a, t, r: [-r * (a @ p - t) * a],
     "you returned only the change −rate·e·a: add it to the point and return the new point."),
    (lambda p, a, t, r: [np.full_like(p, a @ p - t)],
     "you returned the error e: return the new point after the step."),
]


def _step_cases(rng: np.random.Generator, hidden: bool) -> list[tuple[np.ndarray, np.ndarray, float, float]]:
    """(point, a, target, rate) cases: fresh random equations with mixed-sign, non-whole coefficients.

    The two-unknown cases come first (so a function that only knows the lesson's puzzle is named
    before it fails on another size); the error is positive in one case and negative in the next,
    so a step that is right for one sign only always fails.
    """
    dims = [2, 2, 4, 12, 30, 1] if hidden else [2, 2, 1, 3, 8]
    cases = []
    for i, d in enumerate(dims):
        signs = rng.choice([-1.0, 1.0], size=d)
        if d >= 2:
            signs[int(rng.integers(d))] = -1.0  # at least one negative coefficient
        scale = 50.0 if hidden and i % 2 else 1.0
        a = signs * (rng.uniform(0.5, 4.0, size=d).round(3) + 0.0005) * scale
        point = rng.uniform(-3.0, 3.0, size=d).round(3) + 0.0007
        error = (1.0 if i % 2 == 0 else -1.0) * rng.uniform(0.5, 6.0) * scale
        target = float(a @ point - error)
        rate = float(rng.uniform(0.05, 0.6) / (a @ a))
        cases.append((point, a, target, rate))
    return cases


def _name_step_mistake(results: list[tuple[tuple, np.ndarray]]) -> str | None:
    """The message of the first mistake that explains every (case, learner's result) so far."""
    for mistaken, message in STEP_MISTAKES:
        matched_any = False
        explains_all = True
        for (point, a, target, rate), got in results:
            candidates = mistaken(point.copy(), a, target, rate)
            if not candidates:
                continue
            if any(is_close(got, np.asarray(c, dtype=float), rtol=1e-7, atol=1e-9) for c in candidates):
                matched_any = True
            else:
                explains_all = False
                break
        if matched_any and explains_all:
            return message
    return None


@exercise(LESSON, 2)
def check_correction_step(function: Any, hidden: bool = False) -> str:
    """Exercise 2: ``correction_step(point, a, target, rate)`` returns point − rate·e·a with
    e = a·point − target, for any number of unknowns and any coefficients. Run on fresh random
    equations (``hidden=True``: other sizes and scales, for grading)."""
    what = "correction_step(point, a, target, rate)"
    results: list[tuple[tuple, np.ndarray]] = []
    for case in _step_cases(fresh_rng(), hidden):
        point, a, target, rate = case
        d = len(point)
        try:
            got = call_learner(function, point.copy(), a.copy(), target, rate, what=what, forbidden=SHORTCUTS,
                               forgotten="the `return` line")
            got = numbers_answer(got, d, f"{what}'s result", f"(the new point, for an equation with {d} unknown(s))")
        except WrongAnswer as problem:
            named = _name_step_mistake(results)  # e.g. the lesson's (256, 212), which fails on other sizes
            if named:
                raise WrongAnswer(named) from None
            raise WrongAnswer(f"on an equation with {d} unknown(s): {problem}") from None
        results.append((case, got))
    # every case is run before a mistake is named: some mistakes are right for one sign of e only
    wrong = [(case, got) for case, got in results if not is_close(got, _step_right(*case), rtol=1e-7, atol=1e-9)]
    if not wrong:
        sizes = sorted({len(case[0]) for case, _ in results})
        return (f"Right on {len(results)} fresh random equations with {', '.join(map(str, sizes))} unknowns, "
                "errors of both signs and negative coefficients: point − rate·e·a is one step of gradient descent "
                "on ½e², for any linear equation.")
    named = _name_step_mistake(results)
    if named:
        raise WrongAnswer(named)
    (point, a, target, rate), got = wrong[0]
    raise not_yet(f"for a = {describe_numbers(a)}, target = {target:.6g}, point = {describe_numbers(point)} and "
                  f"rate = {rate:.4g}, your function returned {describe_numbers(got)}. Compute e = a·point − target "
                  "once, at the old point; then move every unknown j by −rate·e·a_j.")


# ---- Exercise 3 (transfer): one step on 3x - 4y = 10 from (2, 3) ---------------------------------
TRANSFER_A = np.array([3.0, -4.0])
TRANSFER_TARGET = 10.0
TRANSFER_START = np.array([2.0, 3.0])
TRANSFER_ATOL = 1e-3  # "to at least 3 decimals"


@exercise(LESSON, 3)
def check_landing_point(value: Any) -> str:
    """Exercise 3: the point where one proportional step at the one-step rate lands, for the puzzle
    3x − 4y = 10 started at (2, 3). Two numbers (x, y), to 3 decimals."""
    got = numbers_answer(value, 2, "landing_point", "(x, y)")
    a, p = TRANSFER_A, TRANSFER_START
    e = float(a @ p - TRANSFER_TARGET)
    norm2 = float(a @ a)
    right = p - e / norm2 * a
    if is_close(got, right, rtol=0.0, atol=TRANSFER_ATOL):
        return ("Right: e = −16 at (2, 3); the one-step rate is 1/‖a‖² = 1/(3² + (−4)²) = 1/25, and the step "
                "−r·e·(3, −4) raises x but *lowers* y. The article's \"too small: increase both\" would have raised "
                "y and made the error worse; the proportional rule gets every sign right by itself.")
    mistakes = [
        (p - e / norm2 * np.abs(a), "you raised y because the error is negative, as the article's rule would. But y's "
                                     "coefficient is −4: raising y *lowers* the left side. The step −r·e·a moves each "
                                     "unknown by its own coefficient, sign included."),
        (p + e / norm2 * a, "wrong direction: the step moves *with* the error. It is −r·e·a, with e = LHS − RHS."),
        (p - 2 * e / norm2 * a, "that is r = 2/‖a‖²: it jumps to the mirror point, where e has the opposite sign "
                                 "and the same size. The one-step rate is half of that."),
        (p - e / np.sqrt(norm2) * a, "you used 1/‖a‖; the one-step rate is 1/‖a‖², the sum of the squared "
                                      "coefficients in the denominator."),
        (p - e / (a.sum() ** 2) * a, "‖a‖² is the sum of the squares, 3² + (−4)², not the square of the sum (3 − 4)²."),
        (p - e / (a[0] ** 2 - a[1] ** 2) * a, "a square is never negative: (−4)² = +16, so ‖a‖² = 3² + (−4)²."),
        (p - e / (PUZZLE_A @ PUZZLE_A) * a, "that is the lesson's rate 1/110480, which belongs to a = (256, 212): "
                                             "work out ‖a‖² for this puzzle's coefficients."),
        (-e / norm2 * a, "that is the change −r·e·a alone: add it to the start (2, 3)."),
    ]
    message = named_mistake(got, mistakes, rtol=0.0, atol=TRANSFER_ATOL)
    if message:
        raise WrongAnswer(message)
    error_there = float(a @ got - TRANSFER_TARGET)
    if abs(error_there) < 1e-2:
        raise not_yet("your point solves 3x − 4y = 10, but it is not where one step lands. The step moves from "
                      "(2, 3) along a = (3, −4) (that is what −r·e·a does), so the landing point is the solution "
                      "reached in that direction.")
    raise not_yet(f"at your point, e = 3x − 4y − 10 = {error_there:+.4g}, not 0: a step at the one-step rate lands "
                  "exactly on the line. Compute e at (2, 3), the rate 1/‖a‖² for a = (3, −4), then (2, 3) − r·e·a.")
