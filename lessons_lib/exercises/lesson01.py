"""Lesson 1's exercise checks: how many evaluations a rate past the one-step rate needs (predict),
one proportional correction step for any linear equation (implement), and one step on a puzzle
with a negative coefficient (transfer).

Each check computes what it expects with its own few lines of numpy (never with ``ll.puzzle``,
which a learner's cell could have replaced), names the mistakes it recognises, and never shows
the expected value of a value answer.
"""
from __future__ import annotations

import numbers
from typing import Any, Callable

import numpy as np

from .framework import (
    NotDoneYet,
    WrongAnswer,
    _plain_kind,
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
EXERCISES = {1: "predict: η = 1.5/‖a‖²", 2: "implement: correction_step", 3: "transfer: a negative coefficient"}

# The lesson's puzzle 256 x + 212 y = 1492 (for the checks' own computations).
PUZZLE_A = np.array([256.0, 212.0])
PUZZLE_TARGET = 1492.0

# ---- Exercise 1 (predict): eta = 1.5/|a|^2 with a tolerance of 0.001 -----------------------------
PREDICT_MULTIPLE = 1.5      # eta = 1.5 / |a|^2
PREDICT_TOLERANCE = 0.001   # 100 times tighter than the lesson's 0.1
PREDICT_SLACK = 1           # a prediction within +-1 evaluation counts as right


def _whole_number(value: Any, what: str) -> int:
    """The answer as a whole number; anything else gets a plain message with an example of the form wanted."""
    single = value[()] if isinstance(value, np.ndarray) and value.ndim == 0 else value
    if single is not None and single is not Ellipsis and (
            isinstance(single, (bool, np.bool_)) or not isinstance(single, numbers.Real)):
        raise WrongAnswer(f"`{what}` should be one whole number, such as 7, written without quotes or brackets; "
                          f"it is {_plain_kind(single)}.")
    return int(number_answer(value, what, whole=True))


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
    (0, 0) to |e| < 0.001 at eta = 1.5/|a|^2 (a whole number; within +-1 passes)."""
    predicted = _whole_number(value, "predicted_evaluations")
    norm2 = float(PUZZLE_A @ PUZZLE_A)
    actual = _evaluations_to_reach(PREDICT_MULTIPLE / norm2, PREDICT_TOLERANCE)
    at_lesson_tolerance = _evaluations_to_reach(PREDICT_MULTIPLE / norm2, 0.1)
    if abs(predicted - actual) <= PREDICT_SLACK:
        return ("Right: the factor per step is 1 − 1.5 = −0.5, so |e| halves at every step while its sign flips. "
                "η = 0.5/‖a‖² (factor +0.5) needs exactly as many evaluations: past 1/‖a‖² a larger rate is slower. "
                "And 100 times the precision cost only about 7 more halvings, not 100 times the work.")
    if predicted <= 0:
        raise WrongAnswer("not yet: the run does reach the tolerance. At η = 1.5/‖a‖² the factor 1 − η‖a‖² is −0.5, "
                          "whose size is below 1, so |e| shrinks at every step; only past η = 2/‖a‖² does it grow.")
    if predicted <= 3:
        raise WrongAnswer("not yet: only η = 1/‖a‖² lands on the line in one step (factor 0). At 1.5/‖a‖² every step "
                          "overshoots: the factor is 1 − 1.5 = −0.5, so each step only halves |e| and flips its sign.")
    if abs(predicted - at_lesson_tolerance) <= PREDICT_SLACK:
        raise WrongAnswer("not yet: that is about what this rate needs for the lesson's tolerance 0.1. Here the target "
                          "is 100 times smaller: how many more halvings does |e| need to get 100 times lower?")
    if predicted in (_evaluations_to_reach(1.5e-5, 0.1), _evaluations_to_reach(1.8e-5, 0.1)):
        raise WrongAnswer("not yet: that count is in the lesson's table of rates, for another rate (1.5 × 10⁻⁵ is "
                          "1.66/‖a‖², not 1.5/‖a‖²) and for the tolerance 0.1. Work out the factor 1 − η‖a‖² for "
                          "η = 1.5/‖a‖² and count the steps to 0.001 yourself.")
    if predicted >= 100:
        raise WrongAnswer("not yet: that is the kind of cost random guessing has (100 times tighter, 100 times the "
                          "work). Here every step multiplies |e| by the same factor, −0.5, so each halving of the "
                          "target costs just one more step.")
    raise not_yet("work out the factor 1 − η‖a‖² for η = 1.5/‖a‖², then how many times |e| = 1492 must be "
                  "multiplied by it to drop below 0.001. Count the start as one evaluation, as the lesson does.")


# ---- Exercise 2 (implement): one proportional step for any equation a . point = target ------------
# Package functions that would do the step (or its gradient, or a . point) for the learner: each
# refuses to run while the learner's function is checked.
SHORTCUTS = ["gradient_descent", "gradient_descent_loop", "stochastic_gradient_descent", "loss_and_gradient",
             "numerical_gradient", "predict"]


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
# that explains every case the learner's function was run on is named. The messages name the
# mistake and what to reconsider; none spells out the step.
STEP_MISTAKES: list[tuple[Callable, str]] = [
    (lambda p, a, t, r: [p + r * (a @ p - t) * a],
     "wrong direction: your step moves the point *with* the error, so |e| grows. A positive e (left side too "
     "big) must make the left side smaller. If you computed e as RHS − LHS, the direction of the step flips too."),
    (lambda p, a, t, r: [p - r * abs(a @ p - t) * a],
     "you used the size of the error |e| and dropped its sign: right when e > 0, but when the left side is too "
     "small (e < 0) your step goes the wrong way. Use e itself: its sign carries the direction."),
    (lambda p, a, t, r: [p - r * np.sign(a @ p - t) * a],
     "you used only the sign of e, as the article's rule does: in the proportional rule the step grows with the "
     "error itself, big far from the solutions and small close to them."),
    (lambda p, a, t, r: [p - r * np.sign(a @ p - t) * np.ones_like(a), p - r * np.sign(a @ p - t) * np.sign(a)],
     "that is a fixed step, the same size for every unknown and every error: in the proportional rule each "
     "unknown's move depends on the error and on its own coefficient."),
    (lambda p, a, t, r: [p - r * (a @ p - t) * np.ones_like(a)],
     "you left out the coefficients: every unknown moved by the same amount. An unknown with a bigger coefficient "
     "changes the left side more, so it should move more (in the lesson's puzzle: the 256 and the 212)."),
    (lambda p, a, t, r: [_step_one_at_a_time(p, a, t, r)],
     "you moved the unknowns one after another and recomputed the error after each move. Compute e once, at "
     "the old point, and move all unknowns together with that same e."),
    (_lesson_numbers,
     "you used the lesson's numbers (256, 212 or 1492): the check uses other equations. Use the arguments "
     "`a` and `target`, so the function works for any equation."),
    (lambda p, a, t, r: [p - 2 * r * (a @ p - t) * a],
     "your step is twice too long: there is no factor 2 in the rule."),
    (lambda p, a, t, r: [p - r * (a @ p - t) ** 2 * a],
     "you used e² where the rule uses e: the step is proportional to the error itself (and its sign gives the "
     "direction)."),
    (lambda p, a, t, r: [p - r * (a @ p - t) * a / (a @ a)],
     "you divided the step by ‖a‖² = a·a: use `rate` as it is given (the check passes rates other than "
     "1/‖a‖²)."),
    (lambda p, a, t, r: [p - r * np.trunc(a @ p - t) * a, p - r * np.round(a @ p - t) * a],
     "you rounded the error (int(...) or round(...)): keep all its decimals."),
    (lambda p, a, t, r: [-r * (a @ p - t) * a],
     "you returned only the change, the step itself: add it to the point and return the new point."),
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


def _is_one_number_close_to(value: Any, number: float) -> bool:
    """True when ``value`` is a single number (or a one-element list/array) close to ``number``."""
    if isinstance(value, (str, bytes, bool, np.bool_)) or np.size(value) != 1:
        return False
    try:
        single = float(np.ravel(np.asarray(value, dtype=float))[0])
    except (TypeError, ValueError):
        return False
    return abs(single - number) <= 1e-9 + 1e-7 * abs(number)


def _refuse_package_function(function: Any, what: str) -> None:
    """A function of lessons_lib handed in as the answer (``correction_step = ll.puzzle.x``) is not the learner's."""
    inner = function
    while hasattr(inner, "func"):  # functools.partial
        inner = inner.func
    module = getattr(inner, "__module__", None) or ""
    if module == "lessons_lib" or module.startswith("lessons_lib."):
        raise WrongAnswer(f"`{what}` is a function of the course's package ({module}), not your own: write the "
                          "step yourself with numpy.")


@exercise(LESSON, 2)
def check_correction_step(function: Any, hidden: bool = False) -> str:
    """Exercise 2: the learner's ``correction_step(point, a, target, rate)``, one step of the
    proportional rule for any linear equation, run on fresh random equations (``hidden=True``:
    other sizes and scales, for grading)."""
    what = "correction_step(point, a, target, rate)"
    if function is None or function is Ellipsis:
        raise NotDoneYet("write `correction_step` in the exercise cell above and run it, then run this cell again.")
    if not callable(function):
        kind = "a number" if isinstance(function, numbers.Real) and not isinstance(function, bool) else _plain_kind(function)
        raise WrongAnswer(f"`correction_step` should be a function (def correction_step(point, a, target, rate): ...); "
                          f"it is {kind}.")
    _refuse_package_function(function, "correction_step")
    results: list[tuple[tuple, np.ndarray]] = []
    for case in _step_cases(fresh_rng(), hidden):
        point, a, target, rate = case
        d = len(point)
        right = point - rate * (a @ point - target) * a   # computed here, not by a helper a cell could import
        try:
            got = call_learner(function, point.copy(), a.copy(), target, rate, what=what, forbidden=SHORTCUTS,
                               forgotten="the `return` line")
            if d > 1 and _is_one_number_close_to(got, float(a @ point - target)):
                raise WrongAnswer("you returned the error e, one number: return the new point after the step "
                                  f"({d} numbers for an equation with {d} unknowns).")
            got = numbers_answer(got, d, f"{what}'s result", f"(the new point, for an equation with {d} unknown(s))")
        except WrongAnswer as problem:
            # e.g. the lesson's (256, 212), right shape for 2 unknowns only: named from the cases before
            named = _name_step_mistake([(c, g) for c, g, _ in results])
            if named:
                raise WrongAnswer(named) from None
            if results and all(is_close(g, r, rtol=1e-7, atol=1e-9) for _, g, r in results):
                sizes = sorted({len(c[0]) for c, _, _ in results})
                raise WrongAnswer(f"right for the equations with {', '.join(map(str, sizes))} unknown(s), but on one "
                                  f"with {d}: {str(problem).rstrip('.')}. Make it work for arrays `point` and `a` of "
                                  "any length.") from None
            raise WrongAnswer(f"on an equation with {d} unknown(s): {problem}") from None
        results.append((case, got, right))
    # every case is run before a mistake is named: some mistakes are right for one sign of e only
    wrong = [(case, got) for case, got, right in results if not is_close(got, right, rtol=1e-7, atol=1e-9)]
    if not wrong:
        sizes = sorted({len(case[0]) for case, _, _ in results})
        return (f"Right on {len(results)} fresh random equations with {', '.join(map(str, sizes))} unknowns, "
                "errors of both signs and negative coefficients: point − rate·e·a is one step of gradient descent "
                "on ½e², for any linear equation.")
    named = _name_step_mistake([(case, got) for case, got, _ in results])
    if named:
        raise WrongAnswer(named)
    (point, a, target, rate), got = wrong[0]
    raise not_yet(f"for a = {describe_numbers(a)}, target = {target:.6g}, point = {describe_numbers(point)} and "
                  f"rate = {rate:.4g}, your function returned {describe_numbers(got)}. Go through section 4 for "
                  "this equation: the error at the old point, the direction of each unknown's move, and its size.")


# ---- Exercise 3 (transfer): one step on 3x - 4y = 10 from (2, 3) ---------------------------------
TRANSFER_A = np.array([3.0, -4.0])
TRANSFER_TARGET = 10.0
TRANSFER_START = np.array([2.0, 3.0])
TRANSFER_ATOL = 1e-3  # "to at least 3 decimals"
TRANSFER_NEAR = 0.05  # closer than this in both numbers: the right point, not computed precisely enough


def _holds_text(value: Any) -> bool:
    """True for text, or a list/tuple/array with text in it (numpy would read "3.9" as a number)."""
    if isinstance(value, (str, bytes)):
        return True
    if isinstance(value, np.ndarray):
        return value.dtype.kind in "US" or (value.dtype.kind == "O" and any(_holds_text(v) for v in value.ravel()))
    if isinstance(value, (list, tuple)):
        return any(_holds_text(v) for v in value)
    return False


@exercise(LESSON, 3)
def check_landing_point(value: Any) -> str:
    """Exercise 3: the point where one proportional step at the one-step rate lands, for the puzzle
    3x − 4y = 10 started at (2, 3). Two numbers (x, y), to 3 decimals."""
    if _holds_text(value):
        raise WrongAnswer("`landing_point` should be two numbers (x, y), not text: write them without quotes.")
    got = numbers_answer(value, 2, "landing_point", "(x, y)")
    a, p = TRANSFER_A, TRANSFER_START
    e = float(a @ p - TRANSFER_TARGET)
    norm2 = float(a @ a)
    right = p - e / norm2 * a
    if is_close(got, right, rtol=0.0, atol=TRANSFER_ATOL):
        return ("Right: e = −16 at (2, 3); the one-step rate is η = 1/‖a‖² = 1/(3² + (−4)²) = 1/25, and the step "
                "−η·e·(3, −4) raises x but *lowers* y. The article's \"too small: increase both\" would have raised "
                "y and made the error worse; the proportional rule gets every sign right by itself.")
    if is_close(got, right, rtol=0.0, atol=TRANSFER_NEAR):
        raise not_yet("close, but not to 3 decimals: keep more decimals while you compute (or let Python compute "
                      "it), and store the result unrounded or rounded to at least 3 decimals.")
    mistakes = [
        (p - e / norm2 * np.abs(a), "you raised y because the error is negative, as the article's rule would. But y's "
                                     "coefficient is −4: raising y *lowers* the left side. In the proportional rule "
                                     "each unknown moves by its own coefficient, sign included."),
        (p + e / norm2 * a, "wrong direction: your step moves *with* the error, so |e| grows. With e = LHS − RHS, "
                            "a negative e must make the left side bigger."),
        (p - 2 * e / norm2 * a, "that is η = 2/‖a‖²: it jumps to the mirror point, where e has the opposite sign "
                                 "and the same size. The one-step rate is half of that."),
        (p - e / np.sqrt(norm2) * a, "you used 1/‖a‖; the one-step rate is 1/‖a‖², the sum of the squared "
                                      "coefficients in the denominator."),
        (p - e / (a.sum() ** 2) * a, "‖a‖² is the sum of the squares, 3² + (−4)², not the square of the sum (3 − 4)²."),
        (p - e / (a[0] ** 2 - a[1] ** 2) * a, "a square is never negative: (−4)² = +16, so ‖a‖² = 3² + (−4)²."),
        (p - e / (PUZZLE_A @ PUZZLE_A) * a, "that is the lesson's rate 1/110480, which belongs to a = (256, 212): "
                                             "work out ‖a‖² for this puzzle's coefficients."),
        (-e / norm2 * a, "that is the change alone, the step itself: add it to the start (2, 3)."),
    ]
    message = named_mistake(got, mistakes, rtol=0.0, atol=TRANSFER_ATOL)
    if message:
        raise WrongAnswer(message)
    error_there = float(a @ got - TRANSFER_TARGET)
    if abs(error_there) < 1e-2:
        raise not_yet("your point solves 3x − 4y = 10, but it is not where one step lands. The step moves from "
                      "(2, 3) along the coefficients (3, −4), so the landing point is the solution reached in that "
                      "direction.")
    raise not_yet(f"at your point, e = 3x − 4y − 10 = {error_there:+.4g}, not 0: a step at the one-step rate lands "
                  "exactly on the line. Compute e at (2, 3) and the rate 1/‖a‖² for a = (3, −4), then take the step "
                  "of section 4 with these numbers.")
