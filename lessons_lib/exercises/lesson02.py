"""Lesson 2's exercise checks: three candidate lines (predict), the MSE and the MAE written by
hand (implement), and the best constant prediction under each loss (transfer).

Each check computes what it expects with its own few lines of numpy (never with the package's
``mse``/``mae``, which a learner's cell could have replaced), names the mistakes it recognises,
and never shows the expected value of a value answer. Its explanations are computed from the
exercise's numbers, so nothing in this file says which option is right.

While the learner's ``mse`` and ``mae`` run, every function of the course package refuses to
work, however the learner's code reaches it (``call_learner(..., forbidden="package")``).
"""
from __future__ import annotations

from typing import Any

import numpy as np

from .framework import (
    WrongAnswer,
    call_learner,
    choice_answer,
    describe_numbers,
    exercise,
    fresh_rng,
    is_close,
    named_mistake,
    not_yet,
    number_answer,
)

LESSON = "02"
EXERCISES = {1: "predict: three lines", 2: "implement: mse and mae", 3: "transfer: best constant"}

# ---- Exercise 1 (predict): which of three lines has the lowest MSE, which the lowest MAE ----------
# Five points on y = 2x + 1 with the last one raised by 4, and three candidate lines (w, b).
THREE_LINES_X = (0.0, 1.0, 2.0, 3.0, 4.0)
THREE_LINES_Y = (1.0, 3.0, 5.0, 7.0, 13.0)
THREE_LINES = {"a": (2.0, 1.0), "b": (2.8, 0.2), "c": (2.0, 1.8)}


def _misses(name: str) -> np.ndarray:
    """How far candidate line ``name`` misses each point, |e_i|, rounded to the exercise's digits."""
    w, b = THREE_LINES[name]
    return np.round(np.abs(w * np.array(THREE_LINES_X) + b - np.array(THREE_LINES_Y)), 6) + 0.0


def _listed(values) -> str:
    return ", ".join(f"{v:g}" for v in values)


def _why_not(kind: str, chosen: str, best: str) -> str:
    """Why line ``chosen`` does not have the lowest ``kind`` ("mse" or "mae"), from the numbers:
    its misses and their total, against those of line ``best``."""
    mine, theirs = _misses(chosen), _misses(best)
    if kind == "mse":
        return (f"line {chosen} misses the points by {_listed(mine)}; squared, that is {_listed(mine**2)}, "
                f"{np.sum(mine**2):g} in all, so its MSE is {np.mean(mine**2):.2f}. Line {best}'s squared misses "
                f"add up to {np.sum(theirs**2):g} (MSE {np.mean(theirs**2):.2f}). A square makes one big miss "
                "expensive: a miss of 4 costs 16, four misses of 1 cost 4.")
    return (f"line {chosen} misses the points by {_listed(mine)}, {np.sum(mine):g} in all, so its MAE is "
            f"{np.mean(mine):.2f}. Line {best}'s misses add up to {np.sum(theirs):g} (MAE {np.mean(theirs):.2f}). "
            "Under |e| a miss costs in proportion to its size: one miss of 4 costs as much as four misses of 1.")


def _three_line_losses() -> dict[str, tuple[float, float]]:
    """(MSE, MAE) of each candidate line, computed here with numpy."""
    x, y = np.array(THREE_LINES_X), np.array(THREE_LINES_Y)
    losses = {}
    for name, (w, b) in THREE_LINES.items():
        e = w * x + b - y
        losses[name] = (float(np.mean(e**2)), float(np.mean(np.abs(e))))
    return losses


@exercise(LESSON, 1)
def check_three_lines(lowest_mse: Any, lowest_mae: Any) -> str:
    """Exercise 1: the learner's predictions of the line with the lowest MSE and the one with the
    lowest MAE, each a letter "a", "b" or "c"."""
    options = list(THREE_LINES)
    mse_choice = choice_answer(lowest_mse, "lowest_mse", options)
    mae_choice = choice_answer(lowest_mae, "lowest_mae", options)
    losses = _three_line_losses()
    best_mse = min(losses, key=lambda name: losses[name][0])
    best_mae = min(losses, key=lambda name: losses[name][1])
    problems = []
    if mse_choice != best_mse:
        problems.append(f"lowest_mse: {_why_not('mse', mse_choice, best_mse)}")
    if mae_choice != best_mae:
        problems.append(f"lowest_mae: {_why_not('mae', mae_choice, best_mae)}")
    if problems:
        raise WrongAnswer("not yet. Compare with the numbers the cell above printed:\n- " + "\n- ".join(problems))
    return (f"Right: the MSE prefers line {best_mse}, which spreads its misses; the MAE prefers line {best_mae}, exact "
            "at four points with one big miss. Squaring makes one big error expensive; |e| charges it only in "
            "proportion.")


# ---- Exercise 2 (implement): mse(y, y_hat) and mae(y, y_hat) without the package ---------------------

def _test_cases(rng: np.random.Generator, hidden: bool = False) -> list[tuple[str, np.ndarray, np.ndarray]]:
    """(description, y, y_hat) test cases with non-whole numbers, in the shapes the prompt names:
    flat (n,), column (n, 1), one of each (both ways round), a single point, many points."""
    def pair(n: int, scale: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
        y = (rng.uniform(-3, 5, n) * scale).round(3) + 0.0007 * scale
        y_hat = (y + rng.normal(0, 1.5, n) * scale).round(3) + 0.0003 * scale
        return y, y_hat

    if hidden:
        y1, p1 = pair(int(rng.integers(7, 12)), 100.0)
        y2, p2 = pair(int(rng.integers(200, 400)))
        y3, p3 = pair(int(rng.integers(3, 6)))
        y4, p4 = pair(2)
        return [
            (f"{len(y1)} points with values in the hundreds, flat arrays", y1, p1),
            (f"{len(y2)} points, y_hat flat (n,) and y a column (n, 1)", y2[:, None], p2),
            (f"{len(y3)} points, both columns (n, 1)", y3[:, None], p3[:, None]),
            ("2 points, y flat (n,) and y_hat a column (n, 1)", y4, p4[:, None]),
        ]
    # the first case has 9 to 11 points, so n - 1 is never a number a learner hard-codes from the
    # lesson (2, 4, 5, 7): a fixed divisor is named as one, not mistaken for "n - 1"
    n_flat = int(rng.integers(9, 12))
    n_column, n_mixed = (int(rng.integers(4, 8)) for _ in range(2))
    y1, p1 = pair(n_flat)
    y2, p2 = pair(n_column)
    y3, p3 = pair(n_mixed)
    y4, p4 = pair(1)
    y5, p5 = pair(int(rng.integers(40, 80)))
    return [
        (f"{n_flat} points as flat arrays, shape ({n_flat},)", y1, p1),
        (f"{n_column} points as columns, shape ({n_column}, 1)", y2[:, None], p2[:, None]),
        (f"{n_mixed} points, y flat ({n_mixed},) and y_hat a column ({n_mixed}, 1)", y3, p3[:, None]),
        ("a single point", y4, p4),
        (f"{len(y5)} points, y a column and y_hat flat", y5[:, None], p5),
    ]


def _fixed_divisor(value: float, total: float, n: int) -> int | None:
    """k if ``value`` is ``total`` / k for a whole k from 2 to 12 other than n and n - 1, else None."""
    for k in range(2, 13):
        if k not in (n, n - 1) and is_close(value, total / k):
            return k
    return None


_SIGNS_CANCELLED = ("the signs cancelled: you averaged the errors themselves (or took the size of their average), so "
                    "errors above and below the targets cancel. Take |e_i| of each error first, then average.")


_SIZES_SEPARATELY = "you took the sizes |y_hat| and |y| separately; take the size of the error, |y_hat - y|."


def _loss_mistakes(kind: str, y: np.ndarray, y_hat: np.ndarray) -> list[tuple[float, str]]:
    """(wrong value, message) for the mistakes a learner's mse or mae may make on flat (n,) data."""
    e = y_hat - y
    n = len(e)
    square_mistakes = [
        (np.mean(e), "you averaged the errors without squaring them: positive and negative errors cancel."),
        (-np.mean(e), "you averaged the errors without squaring them: positive and negative errors cancel."),
        (np.mean(e) ** 2, "you squared the *mean* error: square each error first, then average."),
        (np.sum(e**2), "that is the sum of the squared errors: you forgot the 1/n."),
        (np.sum(e**2) / max(n - 1, 1), "you divided by n - 1; the MSE divides by n, the number of points."),
        (np.mean(e**2) / 2, "that is MSE/2 (the half-MSE); the MSE itself has no 1/2."),
        (np.sqrt(np.mean(e**2)), "you took the square root (that is the RMSE); the MSE stops before the root."),
        (np.mean(np.abs(e)), "that is the mean *absolute* error: the MSE squares the errors instead of taking |e|."),
        (np.sum(np.abs(e)), "that is the sum of |errors|: square each error, and divide by n."),
        (np.mean(y_hat**2 - y**2), "you squared the predictions and the targets separately (y_hat² - y²); "
                                   "square the error instead: (y_hat - y)²."),
        (np.mean(y**2 - y_hat**2), "you squared the targets and the predictions separately (y² - y_hat²); "
                                   "square the error instead: (y_hat - y)²."),
    ]
    absolute_mistakes = [
        # |mean(e)| equals mean(e) or -mean(e), so one message covers all three
        (np.mean(e), _SIGNS_CANCELLED),
        (-np.mean(e), _SIGNS_CANCELLED),
        (np.sum(np.abs(e)), "that is the sum of |errors|: you forgot the 1/n."),
        (np.sum(np.abs(e)) / max(n - 1, 1), "you divided by n - 1; the MAE divides by n, the number of points."),
        (np.mean(e**2), "that is the MSE: you squared the errors; the MAE takes |e_i|."),
        (np.mean(e**2) / 2, "that is MSE/2: the MAE takes |e_i|, with no square and no 1/2."),
        (np.sqrt(np.mean(e**2)), "that is the RMSE (root of the MSE); the MAE averages |e_i|."),
        (np.mean(np.abs(y_hat) - np.abs(y)), _SIZES_SEPARATELY),
        (np.mean(np.abs(y) - np.abs(y_hat)), _SIZES_SEPARATELY),
    ]
    return square_mistakes if kind == "mse" else absolute_mistakes


def _broadcast_value(kind: str, y: np.ndarray, y_hat: np.ndarray) -> float:
    """What a learner's loss gives when (n,) and (n, 1) broadcast: the mean over every pair (i, j)."""
    table = np.ravel(y_hat)[:, None] - np.ravel(y)[None, :]  # n x n: every y_hat_i - y_j
    return float(np.mean(table**2) if kind == "mse" else np.mean(np.abs(table)))


def _check_one_loss(function: Any, kind: str, cases) -> None:
    """Run the learner's ``kind`` ("mse" or "mae") on every case; raise at the first wrong result."""
    what = f"{kind}(y, y_hat)"
    for description, y, y_hat in cases:
        flat_y, flat_hat = np.ravel(y), np.ravel(y_hat)
        e = flat_hat - flat_y
        expected = float(np.mean(e**2) if kind == "mse" else np.mean(np.abs(e)))
        got_raw = call_learner(function, y.copy(), y_hat.copy(), what=what, forbidden="package")
        if isinstance(got_raw, np.ndarray) and got_raw.ndim > 0:
            raise WrongAnswer(f"on {description}, `{what}` returned an array of shape {got_raw.shape}; it should "
                              "return one number, the average over all points (np.mean of the whole array).")
        got = number_answer(got_raw, f"the value {what} returns")
        if is_close(got, expected, rtol=1e-6, atol=1e-12):  # float32 arithmetic passes too
            continue
        shown = (f"on {description} (y = {describe_numbers(y)}, y_hat = {describe_numbers(y_hat)}) "
                 f"your {kind} returned {got:.6g}")
        if len(e) > 1 and is_close(got, _broadcast_value(kind, y, y_hat), rtol=1e-9):
            raise WrongAnswer(f"{shown}: y and y_hat had shapes {np.shape(y)} and {np.shape(y_hat)}, and in your "
                              f"subtraction a flat (n,) array met a column (n, 1), so numpy broadcast y_hat - y into a "
                              f"{len(e)} x {len(e)} table of every y_hat_i - y_j and your function averaged all of it. "
                              "Flatten both first (np.ravel) so that each prediction meets its own target.")
        if len(e) > 1:
            message = named_mistake(got, _loss_mistakes(kind, flat_y, flat_hat), rtol=1e-9, atol=1e-12)
            if message:
                raise WrongAnswer(f"{shown}: {message}")
            total = np.sum(e**2) if kind == "mse" else np.sum(np.abs(e))
            k = _fixed_divisor(got, total, len(e))
            if k is not None:
                raise WrongAnswer(f"{shown}: that is the sum divided by {k}, a fixed number, but this data has "
                                  f"{len(e)} points. Divide by the number of points (np.mean does it for you).")
        raise not_yet(f"{shown}. Compute the errors e_i = y_hat_i - y_i point by point, then "
                      + ("average their squares." if kind == "mse" else "average their sizes |e_i|."))


@exercise(LESSON, 2)
def check_loss_functions(mse: Any, mae: Any, hidden: bool = False) -> str:
    """Exercise 2: the learner's mse(y, y_hat) and mae(y, y_hat), run on fresh random data in flat,
    column and mixed shapes, a single point and many points (``hidden``: other sizes and scales)."""
    rng = fresh_rng()
    for kind, function in (("mse", mse), ("mae", mae)):
        _check_one_loss(function, kind, _test_cases(rng, hidden))
    return ("Right: both functions give the right loss on fresh data, in flat, column and mixed shapes, for one "
            "point and for many.")


# ---- Exercise 3 (transfer): the best constant prediction under MSE and under MAE -------------------

COMMUTE_MINUTES = (23.0, 19.0, 25.0, 21.0, 22.0, 58.0, 20.0)
CONSTANT_TOLERANCE = 0.05


def _constant_mistakes(times: np.ndarray) -> dict[str, list[tuple[float, str]]]:
    """(wrong value, message) per answer, for the slips a learner may make finding the best constant."""
    low, high = times.min(), times.max()
    without = np.delete(times, np.argmax(times))
    common = [
        ((low + high) / 2, "that is halfway between the shortest and the longest time; it ignores every other day."),
        (float(np.mean(without)), "you left out the 58-minute day. The loss counts every point, the spoiled one too."),
        (float(np.median(without)), "you left out the 58-minute day. The loss counts every point, "
                                    "the spoiled one too."),
    ]
    return {
        "mse": [(float(np.median(times)), "that b is where the MAE is lowest, not the MSE: the squares of the "
                                          "58-minute day's error pull b up. Run your scan with mse."),
                (float(np.mean((times - np.mean(times)) ** 2)), "that is the lowest MSE itself, not the b "
                                                                "that gives it."),
                *common],
        "mae": [(float(np.mean(times)), "that b is where the MSE is lowest, not the MAE. Under |e| the 58-minute "
                                        "day pulls no harder than any other day. Run your scan with mae."),
                (float(np.mean(np.abs(times - np.median(times)))), "that is the lowest MAE itself, not the b "
                                                                   "that gives it."),
                *common],
    }


_WHOLE_NUMBER_SCAN = ("{answer} a whole number, and the best b for the MSE need not be one. Scan in small steps "
                      "(0.01), and check that your predictions keep the b you gave them: np.full_like(commute, b) "
                      "takes the type of commute, so when commute holds whole numbers every b is cut to a whole "
                      "number; np.full(len(commute), b) keeps b as it is.")


def _check_constant(answer: float, expected: float, name: str, mistakes: list[tuple[float, str]],
                    whole_number_hint: bool) -> str | None:
    """None when ``answer`` is within the tolerance of ``expected``, else what to reconsider. The
    messages depend only on the answer (a named slip, or a whole number from a coarse scan), never
    on how close it is: no "warmer, colder" to home in on."""
    if abs(answer - expected) <= CONSTANT_TOLERANCE:
        return None
    message = named_mistake(answer, mistakes, rtol=0, atol=CONSTANT_TOLERANCE)
    if message:
        return f"{name}: {message}"
    if whole_number_hint and abs(answer - round(answer)) <= 0.011:
        which = f"{answer:g} is" if answer == round(answer) else f"{answer:g} is within 0.01 of"
        return f"{name}: {_WHOLE_NUMBER_SCAN.format(answer=which)}"
    return (f"{name}: not the lowest point yet. Compute the loss of predicting b on every day for many values of b, "
            f"close together (the answer must be within {CONSTANT_TOLERANCE}), and keep the b with the smallest loss.")


CHANGE_OPTIONS = ("mse", "mae", "both", "neither")
_PULL_OF_SQUARES = "under squares a day pulls on b in proportion to its error"
_PULL_OF_SIZES = ("under |e| every day pulls on b equally hard, however far away it is (the V is equally steep "
                  "everywhere), so only which side of b each day lies on counts")


def _why_not_change(moves: str) -> str:
    """What a 580 does to each best b, from ``moves`` (the computed "mse", "mae", "both" or "neither")."""
    mse_verb = "moves" if moves in ("mse", "both") else "stays"
    mae_verb = "moves" if moves in ("mae", "both") else "stays"
    return (f"the MSE's best b {mse_verb}: {_PULL_OF_SQUARES}. The MAE's best b {mae_verb}: {_PULL_OF_SIZES}. "
            "You can test it: scan again with the 58 replaced by 580.")


def _best_constants(times: np.ndarray) -> tuple[float, float]:
    """The b with the lowest MSE and the b with the lowest MAE, on a grid of 0.001 minutes."""
    candidates = np.linspace(times.min(), times.max(), int(round((times.max() - times.min()) * 1000)) + 1)
    errors = candidates[:, None] - times[None, :]
    return (float(candidates[np.argmin(np.mean(errors**2, axis=1))]),
            float(candidates[np.argmin(np.mean(np.abs(errors), axis=1))]))


def _what_changes(times: np.ndarray, replacement: float) -> str:
    """Which best constant moves when the longest time becomes ``replacement``: "mse", "mae", "both" or "neither"."""
    changed = times.copy()
    changed[np.argmax(changed)] = replacement
    moved = [abs(a - b) > CONSTANT_TOLERANCE for a, b in zip(_best_constants(times), _best_constants(changed))]
    return {(True, False): "mse", (False, True): "mae", (True, True): "both", (False, False): "neither"}[tuple(moved)]


@exercise(LESSON, 3)
def check_best_constants(best_b_mse: Any, best_b_mae: Any, changes_with_580: Any) -> str:
    """Exercise 3: the constant prediction b with the lowest MSE and the one with the lowest MAE on
    COMMUTE_MINUTES, each to within CONSTANT_TOLERANCE, and the prediction of which of the two
    moves when the longest time becomes 580 ("mse", "mae", "both" or "neither")."""
    answer_mse = number_answer(best_b_mse, "best_b_mse")
    answer_mae = number_answer(best_b_mae, "best_b_mae")
    change = choice_answer(changes_with_580, "changes_with_580", CHANGE_OPTIONS)
    times = np.array(COMMUTE_MINUTES)
    lowest_mse, lowest_mae = _best_constants(times)
    problems = []
    if (abs(answer_mse - lowest_mae) <= CONSTANT_TOLERANCE and abs(answer_mae - lowest_mse) <= CONSTANT_TOLERANCE):
        problems.append("best_b_mse and best_b_mae: you swapped them. Which loss is pulled harder by the "
                        "58-minute day?")
    else:
        mistakes = _constant_mistakes(times)
        problems += [p for p in (_check_constant(answer_mse, lowest_mse, "best_b_mse", mistakes["mse"], True),
                                 _check_constant(answer_mae, lowest_mae, "best_b_mae", mistakes["mae"], False)) if p]
    right_change = _what_changes(times, 580.0)
    if change != right_change:
        problems.append(f"changes_with_580: not quite: {_why_not_change(right_change)}")
    if problems:
        raise WrongAnswer("not yet.\n- " + "\n- ".join(problems))
    return ("Right: the MSE's best constant is the *mean* of the data (the average), the MAE's is the *median* "
            "(the middle value once sorted). The one 58-minute day drags the mean up by several minutes; the median "
            "does not move, whatever the longest day is, so a 580 changes only the mean. That is the outlier story "
            "of section 7 in one number.")


__all__ = ["LESSON", "EXERCISES", "check_three_lines", "check_loss_functions", "check_best_constants"]
