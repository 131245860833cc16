"""Exercise self-checks: each one recognises the common mistakes and names them.

Every ``check_*`` function
- returns a ``Passed`` note (shown as "✔ ...") when the answer is right;
- raises ``NotDoneYet`` when the exercise was not attempted (the answer is still ``None``,
  or the function still raises ``NotImplementedError``, as in the student edition);
- raises ``WrongAnswer`` with the specific mistake it recognised ("wrong sign", "forgot the
  1/n", "x outside the sum", ...) or, failing that, what was expected.
Both errors are ``AssertionError``s, so a check cell doubles as an nbgrader test cell: it
gives the points exactly when it passes.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

import numpy as np


class NotDoneYet(AssertionError):
    """The exercise has not been attempted yet."""


class WrongAnswer(AssertionError):
    """The answer is wrong; the message names the mistake."""


@dataclass(frozen=True)
class Passed:
    message: str

    def __repr__(self) -> str:
        return f"✔ {self.message}"


def require_answer(value: Any, what: str) -> None:
    """Raise NotDoneYet if ``value`` is still the placeholder None (or Ellipsis)."""
    if value is None or value is Ellipsis:
        raise NotDoneYet(f"Not done yet: set {what} in the exercise cell above, run it, then run this check again.")


def call_learner_function(function: Callable, *args, what: str = "your function",
                          forgotten: str = "the `return`") -> Any:
    """Call the learner's function; turn 'not written yet', crashes and a missing return into clear messages.

    ``forgotten`` names what a function that returned None probably lacks (e.g. "`return w_new, b_new`").
    """
    if not callable(function):
        raise WrongAnswer(f"{what} should be a function (def ...), got {type(function).__name__}.")
    try:
        result = function(*args)
    except NotImplementedError:
        raise NotDoneYet(f"Not done yet: replace the `raise NotImplementedError(...)` line in {what} with your code.") from None
    except Exception as error:  # the learner's code crashed: say how, without our traceback
        raise WrongAnswer(f"{what} raised {type(error).__name__}: {error}") from None
    if result is None:
        raise WrongAnswer(f"{what} returned None: did you forget {forgotten}?")
    return result


def as_numbers(value: Any, count: int, what: str, wanted: str) -> np.ndarray:
    """The answer as a flat array of ``count`` floats, or WrongAnswer saying what to return (``wanted``)."""
    try:
        array = np.asarray(value, dtype=float).ravel()
    except (TypeError, ValueError):
        in_words = {2: "two", 3: "three"}.get(count, str(count))
        raise WrongAnswer(f"{what} should return {in_words} numbers, {wanted}; got {value!r}.") from None
    if array.shape != (count,):
        raise WrongAnswer(f"{what} returned {array.size} number(s); return {wanted}.")
    return array


def is_close(value: Any, target: Any, rtol: float = 1e-6, atol: float = 1e-9) -> bool:
    """True when ``value`` has ``target``'s shape and matches it numerically."""
    try:
        value = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        return False
    target = np.asarray(target, dtype=float)
    return value.shape == target.shape and bool(np.allclose(value, target, rtol=rtol, atol=atol))


def as_number(value: Any, what: str) -> float:
    """The answer as one float, or WrongAnswer saying it should be a single number."""
    require_answer(value, what)
    try:
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise WrongAnswer(f"{what} should be a single number, got {value!r}.") from None
    if array.size != 1:
        raise WrongAnswer(f"{what} should be a single number, got an array of shape {array.shape}.")
    return float(array.reshape(()))


# ---- Lesson 1: guessing vs. learning -------------------------------------------------------

# The puzzle 256 x + 212 y = 1492 and the guess the exercises start from.
L01_COEFFICIENTS = (256.0, 212.0)
L01_TARGET = 1492.0
L01_GUESS = (3.0, 2.0)  # error 256*3 + 212*2 - 1492 = -300


def _l01_error(x: float, y: float) -> float:
    return L01_COEFFICIENTS[0] * x + L01_COEFFICIENTS[1] * y - L01_TARGET


def check_error_of_guess(value: Any) -> Passed:
    """Exercise 1: the error e = LHS - RHS of the guess (x, y) = (3, 2): 768 + 424 - 1492 = -300."""
    answer = as_number(value, "error_of_guess")
    x, y = L01_GUESS
    e = _l01_error(x, y)
    if is_close(answer, e):
        return Passed(f"Right: 256·3 + 212·2 = 1192, so e = 1192 - 1492 = {answer:.0f}: the left side is too small.")
    mistakes = [
        (-e, "wrong sign: you computed RHS - LHS. The course's error is LHS - RHS = (256x + 212y) - 1492, "
             "negative when the left side is too small."),
        (e + L01_TARGET, "that is the left side 256x + 212y alone: subtract the right side 1492."),
        (_l01_error(y, x), "you swapped x and y: x = 3 goes with 256, y = 2 with 212."),
        (-_l01_error(y, x), "you swapped x and y (x = 3 goes with 256) and the sign is RHS - LHS."),
        (e**2, "that is the squared error e²; the error itself is e = LHS - RHS."),
        (0.5 * e**2, "that is ½·e², the loss; the error itself is e = LHS - RHS."),
    ]
    for target, message in mistakes:
        if is_close(answer, target):
            raise WrongAnswer(f"Got {answer:.4g}: {message}")
    raise WrongAnswer(f"Got {answer:.4g}, expected {e:.0f}: e = 256·x + 212·y - 1492 at x = 3, y = 2.")


def _as_pair(value: Any, what: str) -> np.ndarray:
    """The answer as two floats, or WrongAnswer saying it should be two numbers."""
    require_answer(value, what)
    try:
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise WrongAnswer(f"{what} should be two numbers (dC/dx, dC/dy), got {value!r}.") from None
    if array.size != 2:
        hint = " You gave one number: the gradient has one slope per unknown, x and y." if array.size == 1 else ""
        raise WrongAnswer(f"{what} should be two numbers (dC/dx, dC/dy), got {array.size}.{hint}")
    return array.reshape(2)


def check_gradient_at_guess(value: Any) -> Passed:
    """Exercise 2: the gradient of C = ½·e² at (3, 2): e·(256, 212) = (-76800, -63600)."""
    answer = _as_pair(value, "gradient_at_guess")
    e = _l01_error(*L01_GUESS)
    a = np.array(L01_COEFFICIENTS)
    if is_close(answer, e * a):
        return Passed(f"Right: e = {e:.0f}, so ∇C = e·(256, 212) = ({answer[0]:.0f}, {answer[1]:.0f}).")
    mistakes = [
        (-e * a, "wrong sign: e = LHS - RHS = -300 here, so both slopes are negative (C falls as x and y grow)."),
        (np.array([e, e]), "you forgot the chain-rule factor: dC/dx = e · de/dx = e · 256, and dC/dy = e · 212."),
        (np.array([-e, -e]), "you forgot the chain-rule factor (256, 212), and the sign is wrong: e = -300."),
        (2 * e * a, "factor 2: that is the gradient of e², not of ½·e². The ½ cancels the 2 from the square."),
        (-2 * e * a, "factor 2 (that is the gradient of e², not ½·e²) and the wrong sign."),
        (e * a[::-1], "the factors are swapped: dC/dx = 256·e (x's coefficient), dC/dy = 212·e."),
        (a, "that is (256, 212) alone: multiply by the error e = -300 (chain rule: dC/de = e)."),
        (0.5 * e**2 * a, "you multiplied the loss ½·e² by (256, 212); the chain rule multiplies dC/de = e instead."),
    ]
    for target, message in mistakes:
        if is_close(answer, target):
            raise WrongAnswer(f"Got ({answer[0]:.6g}, {answer[1]:.6g}): {message}")
    raise WrongAnswer(f"Got ({answer[0]:.6g}, {answer[1]:.6g}), expected ({e * a[0]:.0f}, {e * a[1]:.0f}): "
                      "∇C = e·(256, 212) with e = 256x + 212y - 1492.")


L01_STEP_CASES = ((3.0, 2.0, 1e-6), (0.0, 0.0, 5e-6), (10.0, -1.0, 2e-6))  # (x, y, rate): errors <0, <0, >0


def check_correction_step(function: Callable) -> Passed:
    """Exercise 3: correction_step(x, y, rate) returns (x, y) - rate·e·(256, 212)."""
    a = np.array(L01_COEFFICIENTS)
    for x, y, rate in L01_STEP_CASES:
        got = call_learner_function(function, x, y, rate, what="correction_step(x, y, rate)")
        got = as_numbers(got, 2, f"correction_step({x}, {y}, {rate})", "the new (x, y)")
        e = _l01_error(x, y)
        point = np.array([x, y])
        expected = point - rate * e * a
        if is_close(got, expected, rtol=1e-9, atol=1e-12):
            continue
        mistakes = [
            (point + rate * e * a, "wrong sign: step *against* the error, (x, y) - rate·e·(256, 212). "
                                   "A negative error (left side too small) must make x and y grow."),
            (np.array([expected[0], y]), "only x moved: y must move too, by -rate·e·212."),
            (np.array([x, expected[1]]), "only y moved: x must move too, by -rate·e·256."),
            (point - rate * e, "you left out the factors (256, 212): each unknown moves by rate·e times its "
                               "coefficient (that is the gradient e·(256, 212))."),
            (point - rate * e * a[::-1], "the factors are swapped: x moves with 256, y with 212."),
            (point - 2 * rate * e * a, "factor 2: that step follows the gradient of e², not of ½·e²."),
            (-rate * e * a, "you returned only the change, -rate·e·(256, 212); add it to (x, y)."),
        ]
        for target, message in mistakes:
            if is_close(got, target, rtol=1e-9, atol=1e-12):
                raise WrongAnswer(f"From (x, y) = ({x}, {y}) with rate {rate}: {message}")
        raise WrongAnswer(f"correction_step({x}, {y}, {rate}) returned ({got[0]:.6g}, {got[1]:.6g}), expected "
                          f"({expected[0]:.6g}, {expected[1]:.6g}) = (x, y) - rate·e·(256, 212) with e = {e:.0f}.")
    return Passed("Right: one step moves (x, y) by -rate·e·(256, 212), one step of gradient descent on ½·e².")

# ---- end of lesson 1 -----------------------------------------------------------------------

# ---- Lesson 2: the neuron and its loss -----------------------------------------------------

# Exercise 1 and 3 data: targets y and predictions yhat (errors e = yhat - y = [1, 0, -3, 1]).
L02_TARGETS = (1.0, 2.0, 4.0, 5.0)
L02_PREDICTIONS = (2.0, 2.0, 1.0, 6.0)


def _l02_errors() -> np.ndarray:
    return np.array(L02_PREDICTIONS) - np.array(L02_TARGETS)


def check_mse_of_predictions(value: Any) -> Passed:
    """Exercise 1: the MSE of L02_PREDICTIONS against L02_TARGETS, (1/n) sum (yhat_i - y_i)**2 = 2.75."""
    answer = as_number(value, "mse_answer")
    e = _l02_errors()
    n = len(e)
    if is_close(answer, np.mean(e**2)):
        return Passed(f"Right: the errors are {e.astype(int).tolist()}, so MSE = (1 + 0 + 9 + 1)/4 = {answer:.4f}.")
    mistakes = [
        (np.mean(e), "you averaged the errors without squaring them (forgot the square): the -3 cancels the +1s."),
        (-np.mean(e), "you averaged the errors without squaring them (forgot the square): the -3 cancels the +1s."),
        (np.mean(e) ** 2, "you squared the *mean* error: square each error first, then average."),
        (np.sum(e**2), "that is the sum of the squared errors: you forgot the 1/n (divide by n = 4)."),
        (np.sum(e**2) / (n - 1), "you divided by n - 1 = 3; the MSE divides by n = 4."),
        (np.mean(e**2) / 2, "that is MSE/2 (the half-MSE C); the MSE itself has no 1/2."),
        (np.sqrt(np.mean(e**2)), "you took the square root (that is the RMSE); the MSE stops before the root."),
        (np.mean(np.abs(e)), "that is the mean *absolute* error (MAE): square the errors instead of taking |e|."),
        (np.sum(np.abs(e)), "that is the sum of |errors|: square each error, and divide by n = 4."),
    ]
    for target, message in mistakes:
        if is_close(answer, target):
            raise WrongAnswer(f"Got {answer:.4f}: {message}")
    raise WrongAnswer(f"Got {answer:.4f}, expected {np.mean(e**2):.4f}. Errors e_i = yhat_i - y_i, then mean of e_i**2.")


def check_half_mse_at_start(value: Any) -> Passed:
    """Exercise 2: C = MSE/2 of seed 002's data at the neuron's starting (w0, b0) = (0.6477, 1.5230)."""
    from .data import make_two_point_data

    answer = as_number(value, "start_loss")
    data = make_two_point_data()
    e = np.ravel(data.w0 * data.x + data.b0 - data.y)
    c = 0.5 * np.mean(e**2)
    snippet_w, snippet_b = np.random.RandomState(42).randn(2)  # the seed's first snippet re-seeds
    e_snippet = np.ravel(snippet_w * data.x + snippet_b - data.y)
    if is_close(answer, c, rtol=1e-3):
        return Passed(f"Right: C = {answer:.4f}, the 0.1455 of the training log's epoch 0.")
    mistakes = [
        (2 * c, "that is twice C. Either you forgot the 1/2 (this is the MSE), or you kept the 1/2 but summed "
                "instead of averaging (with n = 2 points the two slips give the same number)."),
        (4 * c, "that is the plain sum of squared errors: you forgot both the 1/2 and the 1/n."),
        (0.5 * np.mean(e_snippet**2), "you used w = 0.4967, b = -0.1383 from the article's first snippet. That snippet "
                                      "re-seeds before drawing w and b; use data.w0 and data.b0."),
        (np.mean(e_snippet**2), "you used the first snippet's w = 0.4967, b = -0.1383 and forgot the 1/2. "
                                "Use data.w0, data.b0 and C = MSE/2."),
        (np.mean(np.abs(e)), "that is the MAE: square the errors, average, then halve."),
        (0.5 * np.mean(np.abs(e)), "that is half the MAE: square the errors instead of taking |e|."),
        (0.5 * np.mean(e) ** 2, "you squared the mean error: square each error first, then average."),
    ]
    for target, message in mistakes:
        if is_close(answer, target, rtol=1e-3):
            raise WrongAnswer(f"Got {answer:.4f}: {message}")
    raise WrongAnswer(f"Got {answer:.4f}, expected about {c:.4f}. Predict yhat = w0*x + b0, then C = mean((yhat - y)**2) / 2.")


def check_mae_function(function: Callable) -> Passed:
    """Exercise 3: the learner's mae(y, y_hat) must return (1/n) sum |yhat_i - y_i| as one number."""
    y, y_hat = np.array(L02_TARGETS), np.array(L02_PREDICTIONS)
    e = y_hat - y
    got = call_learner_function(function, y.copy(), y_hat.copy(), what="mae(y, y_hat)")
    value = as_number(got, "the value mae(y, y_hat) returns")
    mistakes = [
        (np.mean(e), "the signs cancelled: take the absolute value |e_i| of each error before averaging."),
        (-np.mean(e), "the signs cancelled: take |e_i| of each error *before* averaging (not after, not never)."),
        (np.sum(np.abs(e)), "that is the sum of |errors|: you forgot the 1/n."),
        (np.mean(e**2), "that is the MSE: you squared the errors; MAE uses |e_i|."),
        (np.mean(e**2) / 2, "that is MSE/2: MAE uses |e_i|, with no square and no 1/2."),
    ]
    if not is_close(value, np.mean(np.abs(e))):
        for target, message in mistakes:
            if is_close(value, target):
                raise WrongAnswer(f"mae({list(L02_TARGETS)}, {list(L02_PREDICTIONS)}) returned {value:.4f}: {message}")
        raise WrongAnswer(f"mae({list(L02_TARGETS)}, {list(L02_PREDICTIONS)}) returned {value:.4f}, "
                          f"expected {np.mean(np.abs(e)):.4f}.")
    from .data import make_two_point_data

    data = make_two_point_data()  # column vectors, shape (2, 1), as the neuron produces them
    column_pred = data.w0 * data.x + data.b0
    column_value = as_number(call_learner_function(function, data.y, column_pred, what="mae(y, y_hat)"),
                             "mae on (2, 1) column arrays")
    if not is_close(column_value, np.mean(np.abs(column_pred - data.y))):
        raise WrongAnswer(f"On seed 002's (2, 1)-shaped arrays your mae returned {column_value:.4f}, expected "
                          f"{np.mean(np.abs(column_pred - data.y)):.4f}: average over all entries (np.mean), "
                          "don't divide by a hard-coded n.")
    return Passed(f"Right: mae gives {value:.4f} on the exercise data and works on column arrays too.")

# ---- end of lesson 2 -----------------------------------------------------------------------

# ---- Lesson 3: deriving the gradient -------------------------------------------------------

# Exercise 1 data: three points and the neuron w = 1, b = 0, so yhat = x = [1, 2, 3] and the
# errors e = yhat - y = [-1, -1, -4].
L03_X = (1.0, 2.0, 3.0)
L03_Y = (2.0, 3.0, 7.0)
L03_W, L03_B = 1.0, 0.0


def check_dC_dw(value: Any) -> Passed:
    """Exercise 1: dC/dw of the half-MSE on L03_X, L03_Y at (w, b) = (1, 0): (1/n) sum (yhat_i - y_i) x_i = -5."""
    answer = as_number(value, "dC_dw")
    x, y = np.array(L03_X), np.array(L03_Y)
    e = L03_W * x + L03_B - y
    n = len(x)
    right = np.mean(e * x)
    if is_close(answer, right):
        return Passed(f"Right: the errors are {e.astype(int).tolist()}, so dC/dw = (1/3)(-1·1 - 1·2 - 4·3) = {answer:.4f}.")
    mistakes = [
        (-right, "wrong sign: you used (y_i - yhat_i); the derivative of (1/2)(yhat - y)² is (yhat - y), "
                 "so it is (yhat_i - y_i) x_i. With the wrong sign a step would go uphill."),
        (np.mean(x) * np.mean(e), "x outside the sum: you multiplied the mean error by the mean x. Each point has "
                                  "its own x_i, so multiply e_i by x_i *inside* the sum, then average."),
        (-np.mean(x) * np.mean(e), "x outside the sum *and* the wrong sign (the source article's formula): use "
                                   "(1/n) sum (yhat_i - y_i) x_i."),
        (np.sum(x) * np.mean(e), "x outside the sum: you multiplied the summed x by the mean error. Multiply each "
                                 "e_i by its own x_i, then average."),
        (np.sum(x) * np.sum(e), "x outside the sum and no 1/n: use (1/n) sum (yhat_i - y_i) x_i."),
        (np.sum(e * x), "you forgot the 1/n: C averages over the n = 3 points, so its slope does too."),
        (-np.sum(e * x), "you forgot the 1/n and used the wrong sign (y_i - yhat_i)."),
        (2 * right, "factor 2: that is the slope of the MSE. C = MSE/2, and the 1/2 cancels the 2 from the square."),
        (-2 * right, "factor 2 (that is the MSE's slope) and the wrong sign."),
        (2 * np.sum(e * x), "that is the slope of the *sum* of squared errors: C = (1/2n) sum e², so divide by 2n."),
        (np.mean(e), "that is dC/db, the slope for the bias: for the weight, multiply each error by its x_i."),
        (-np.mean(e), "that is dC/db with the wrong sign: for the weight, multiply each error by its x_i."),
    ]
    for target, message in mistakes:
        if is_close(answer, target):
            raise WrongAnswer(f"Got {answer:.4f}: {message}")
    raise WrongAnswer(f"Got {answer:.4f}, expected {right:.4f}. Errors e_i = yhat_i - y_i, then dC/dw = mean(e_i * x_i).")


# Exercise 2 data: four points, the last one predicted exactly (error 0, the MAE's kink).
L03_MAE_X = (1.0, 2.0, 3.0, 4.0)
L03_MAE_Y = (2.0, 3.0, 7.0, 4.0)


def _l03_kink_offset(got: np.ndarray, expected: np.ndarray, kink_x: float, n: int) -> float | None:
    """If got = expected + c (x_k/n, 1/n) with |c| <= 1 (a valid subgradient at the kink), return c."""
    c = (got[1] - expected[1]) * n
    if abs(c) <= 1 + 1e-9 and is_close(got, expected + c * np.array([kink_x / n, 1 / n])):
        return float(c)
    return None


def _l03_mae_answer(function: Callable, x: np.ndarray, y: np.ndarray, w: float, b: float) -> np.ndarray:
    got = call_learner_function(function, x.copy(), y.copy(), w, b, what="mae_gradient(x, y, w, b)")
    return as_numbers(got, 2, "mae_gradient", "two: (dL_dw, dL_db)")


def check_mae_gradient(function: Callable) -> Passed:
    """Exercise 2: mae_gradient(x, y, w, b) -> (dL/dw, dL/db) = ((1/n) sum sign(e_i) x_i, (1/n) sum sign(e_i)).

    At an error of exactly 0, |e| has no slope; any value between -1 and +1 in place of sign(0)
    gives a valid subgradient and is accepted (the package uses 0).
    """
    x, y = np.array(L03_MAE_X), np.array(L03_MAE_Y)
    n, kink_x = len(x), L03_MAE_X[-1]
    e = L03_W * x + L03_B - y
    s = np.sign(e)
    expected = np.array([np.mean(s * x), np.mean(s)])
    got = _l03_mae_answer(function, x, y, L03_W, L03_B)
    c = _l03_kink_offset(got, expected, kink_x, n)
    shown = f"({got[0]:.4f}, {got[1]:.4f})"
    if c is None:
        mistakes = [
            (lambda g: _l03_kink_offset(-g, expected, kink_x, n),
             "wrong sign: the slope of |yhat - y| in yhat is sign(yhat - y), not sign(y - yhat)."),
            (lambda g: _l03_kink_offset(g / n, expected, kink_x, n), "you forgot the 1/n: the MAE averages over the points."),
            (lambda g: _l03_kink_offset(-g / n, expected, kink_x, n), "you forgot the 1/n and used the wrong sign."),
            (lambda g: _l03_kink_offset(g[::-1], expected, kink_x, n), "the two are swapped: return (dL_dw, dL_db) in that order."),
            (lambda g: 0.0 if is_close(g, [np.mean(x) * np.mean(s), np.mean(s)]) else None,
             "x outside the sum: multiply each sign(e_i) by its own x_i inside the sum, then average."),
            (lambda g: 0.0 if is_close(g, [np.mean(e * x), np.mean(e)]) else None,
             "that is the half-MSE gradient: you used the error e_i itself; the MAE's slope uses only its sign, sign(e_i)."),
            (lambda g: 0.0 if is_close(g, [2 * np.mean(e * x), 2 * np.mean(e)]) else None,
             "that is the MSE gradient (2 e_i): the MAE's slope uses only the sign of the error, sign(e_i)."),
            (lambda g: 0.0 if is_close(g, [np.mean(np.abs(e) * x), np.mean(np.abs(e))]) else None,
             "you used |e_i|, the loss itself, where its slope sign(e_i) belongs."),
        ]
        for test, message in mistakes:
            if test(got) is not None:
                raise WrongAnswer(f"On x = {list(L03_MAE_X)}, y = {list(L03_MAE_Y)}, w = 1, b = 0 you return {shown}: {message}")
        raise WrongAnswer(f"On x = {list(L03_MAE_X)}, y = {list(L03_MAE_Y)}, w = 1, b = 0 you return {shown}, expected "
                          f"({expected[0]:.4f}, {expected[1]:.4f}): errors e_i = w x_i + b - y_i, then the means of "
                          "sign(e_i) x_i and sign(e_i).")
    from .data import make_two_point_data

    data = make_two_point_data()  # (2, 1) column arrays, as the neuron uses them; no error is 0 there
    got2 = _l03_mae_answer(function, data.x, data.y, data.w0, data.b0)
    s2 = np.sign(np.ravel(data.w0 * data.x + data.b0 - data.y))
    expected2 = np.array([np.mean(s2 * np.ravel(data.x)), np.mean(s2)])
    if not is_close(got2, expected2):
        raise WrongAnswer(f"On seed 002's (2, 1)-shaped data at (w0, b0) you return ({got2[0]:.4f}, {got2[1]:.4f}), "
                          f"expected ({expected2[0]:.4f}, {expected2[1]:.4f}): flatten the arrays (np.ravel) and "
                          "average with np.mean rather than a hard-coded n.")
    kink = ("and at the zero error you took slope 0, as the package does." if c == 0 else
            f"and at the zero error you took {c:+g} in place of sign(0): any value from -1 to +1 is a valid "
            "subgradient there (the package takes 0, the choice that lets a step stop at the kink).")
    return Passed(f"Right: (dL/dw, dL/db) = {shown} on the exercise data, {kink}")


# Exercise 3: the "x outside the sum" gradient of seed 002's data at its start, and what
# central differences say there (both rounded to 4 decimals).
L03_ANALYTIC = (-0.2472, -0.3730)
L03_NUMERIC = (-0.3594, -0.3730)


def check_relative_error(value: Any) -> Passed:
    """Exercise 3: |a - g| / max(|a|, |g|) for a = L03_ANALYTIC, g = L03_NUMERIC (vector lengths): 0.2166."""
    answer = as_number(value, "rel_error")
    a, g = np.array(L03_ANALYTIC), np.array(L03_NUMERIC)
    diff, na, ng = (float(np.linalg.norm(v)) for v in (a - g, a, g))
    right = diff / max(na, ng)
    if is_close(answer, right, rtol=1e-3):
        return Passed(f"Right: the relative error is {answer:.4f}, far above 1e-6, so this analytic gradient is "
                      "wrong (it is the 'x outside the sum' form).")
    mistakes = [
        (diff, "that is the absolute error |a - g|: divide it by the larger of the two lengths."),
        (diff / min(na, ng), "you divided by the smaller length |a|: divide by the larger one, max(|a|, |g|)."),
        (diff / (na + ng), "you divided by |a| + |g|, another common convention; this lesson divides by max(|a|, |g|)."),
        ((diff / max(na, ng)) ** 2, "you forgot the square roots: a length is sqrt(v1² + v2²)."),
        (diff**2 / max(na, ng), "you forgot a square root: |a - g| = sqrt((a1 - g1)² + (a2 - g2)²)."),
        (float(np.linalg.norm(a + g)) / max(na, ng), "you added the vectors: the relative error measures a - g."),
        (float(np.max(np.abs(a - g) / np.maximum(np.abs(a), np.abs(g)))),
         "you compared component by component (the worst component): use the lengths of the whole vectors."),
        (float(np.sum(np.abs(a - g)) / max(np.sum(np.abs(a)), np.sum(np.abs(g)))),
         "you summed absolute values; a vector's length is sqrt(v1² + v2²)."),
    ]
    for target, message in mistakes:
        if is_close(answer, target, rtol=1e-3):
            raise WrongAnswer(f"Got {answer:.4f}: {message}")
    raise WrongAnswer(f"Got {answer:.4f}, expected {right:.4f}: the length of a - g divided by the larger of "
                      "the lengths of a and g.")

# ---- end of lesson 3 -----------------------------------------------------------------------

# ---- Lesson 4: the training loop -----------------------------------------------------------

# Exercise 1 data: seed 003's line y = 3x + 1 and its start, one step of half-MSE descent.
L04_X = (1.0, 2.0, 3.0, 4.0)
L04_Y = (4.0, 7.0, 10.0, 13.0)
L04_START = (0.5, 0.0, 0.01)  # w, b, lr


def _l04_one_number(value: Any, what: str) -> float:
    """A returned w or b as one float; WrongAnswer naming the shape problem otherwise."""
    try:
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise WrongAnswer(f"{what} should be one number, got {value!r}.") from None
    if array.size != 1:
        hint = (" One value per data point usually means x stayed outside the sum: ∂C/∂w = (1/n) Σ (ŷ_i − y_i)·x_i "
                "multiplies each error by its own x_i, then averages.") if array.size > 1 else ""
        raise WrongAnswer(f"{what} should be one number, got an array of shape {array.shape}.{hint}")
    return float(array.reshape(()))


def check_gradient_step(function: Callable) -> Passed:
    """Exercise 1: gradient_step(x, y, w, b, lr) makes one full-batch half-MSE update and returns (w, b).

    w_new = w - lr * (1/n) sum_i (yhat_i - y_i) x_i,   b_new = b - lr * (1/n) sum_i (yhat_i - y_i),
    both gradients taken at the old (w, b).
    """
    x, y = np.array(L04_X), np.array(L04_Y)
    w, b, lr = L04_START
    got = call_learner_function(function, x.copy(), y.copy(), w, b, lr, what="gradient_step(x, y, w, b, lr)",
                                forgotten="`return w_new, b_new`")
    try:
        w_got, b_got = got
    except (TypeError, ValueError):
        raise WrongAnswer(f"gradient_step should return two things, (w_new, b_new); got {got!r}.") from None
    w_got = _l04_one_number(w_got, "the new w")
    b_got = _l04_one_number(b_got, "the new b")

    e = w * x + b - y
    dw, db = np.mean(e * x), np.mean(e)
    w_right, b_right = w - lr * dw, b - lr * db
    w_mistakes = [
        (w + lr * dw, "wrong sign: you stepped *up* the slope. Step against the gradient: w − η·∂C/∂w."),
        (w - dw, "forgot the learning rate: multiply the gradient by η before subtracting it."),
        (w - lr * np.sum(e * x), "forgot the 1/n: ∂C/∂w is the *mean* of (ŷ_i − y_i)·x_i, not the sum."),
        (w - 2 * lr * dw, "factor 2: that is the MSE's gradient. For C = MSE/2 the ½ cancels the 2."),
        (w - lr * np.mean(x) * np.mean(e), "x outside the sum: you used mean(x)·mean(error). Each error must be "
                                            "multiplied by its own x_i *before* averaging: mean((ŷ − y)·x)."),
        (w - lr * db, "you updated w with b's gradient (the mean error, without the x_i)."),
    ]
    b_mistakes = [
        (b + lr * db, "wrong sign: you stepped *up* the slope. Step against the gradient: b − η·∂C/∂b."),
        (b - db, "forgot the learning rate: multiply the gradient by η before subtracting it."),
        (b - lr * np.sum(e), "forgot the 1/n: ∂C/∂b is the *mean* error, not the sum."),
        (b - 2 * lr * db, "factor 2: that is the MSE's gradient. For C = MSE/2 the ½ cancels the 2."),
        (b - lr * dw, "you updated b with w's gradient. b's input is 1, so ∂C/∂b = mean(ŷ − y), with no x."),
        (b - lr * np.mean(w_right * x + b - y), "you computed b's gradient *after* changing w. Compute both gradients "
                                                "from the old (w, b) first, then update both."),
    ]
    problems = []
    for name, value, right, mistakes in (("w", w_got, w_right, w_mistakes), ("b", b_got, b_right, b_mistakes)):
        if is_close(value, right):
            continue
        message = next((m for target, m in mistakes if is_close(value, target)), None)
        problems.append(f"new {name} = {value:.6f}, expected {right:.6f}: "
                        + (message or f"recompute ∂C/∂{name} at the old (w, b) and subtract η times it."))
    if problems:
        raise WrongAnswer(f"From w = {w}, b = {b} with η = {lr} on y = 3x + 1: " + " | ".join(problems))

    from .data import make_two_point_data  # column-shaped data, as in the training loop of the lesson

    data = make_two_point_data()
    got = call_learner_function(function, data.x, data.y, data.w0, data.b0, 0.1, what="gradient_step(x, y, w, b, lr)")
    e2 = data.w0 * data.x + data.b0 - data.y
    expected = (data.w0 - 0.1 * np.mean(e2 * data.x), data.b0 - 0.1 * np.mean(e2))
    try:
        pair = tuple(_l04_one_number(v, "on seed 002's (2, 1) columns, the new w or b") for v in got)
    except TypeError:
        raise WrongAnswer(f"On seed 002's column data gradient_step returned {got!r}; return (w_new, b_new).") from None
    if len(pair) != 2 or not is_close(pair, expected):
        shown = ", ".join(f"{v:.6f}" for v in pair)
        raise WrongAnswer(f"On seed 002's (2, 1)-shaped column data you return ({shown}), expected "
                          f"({expected[0]:.6f}, {expected[1]:.6f}): use np.mean over all entries, not a fixed n.")
    return Passed(f"Right: one step takes (w, b) from ({w}, {b}) to ({w_right:.4f}, {b_right:.4f}), "
                  "and works on column data too.")


def _l04_seed_002_losses() -> np.ndarray:
    from .data import make_two_point_data
    from .descent import gradient_descent

    data = make_two_point_data()
    return gradient_descent(data.x, data.y, data.w0, data.b0, lr=0.1, epochs=1001).loss


def check_epochs_to_reach(value: Any) -> Passed:
    """Exercise 2: the first epoch k of seed 002's run (lr 0.1) with loss[k] < 0.0001 (it is 558)."""
    answer = as_number(value, "first_epoch_below")
    losses = _l04_seed_002_losses()
    k = int(np.argmax(losses < 1e-4))
    if answer == k:
        return Passed(f"Right: loss[{k}] = {losses[k]:.3e} is the first below 0.0001 "
                      f"(loss[{k - 1}] = {losses[k - 1]:.3e}).")
    mistakes = [
        (k + 1, "off by one: loss[k] is the loss *before* update k, so the answer is the index k itself "
                "(you may have counted the updates made after it, or started counting at 1)."),
        (k - 1, f"off by one: loss[{k - 1}] = {losses[k - 1]:.3e} is still just above 0.0001."),
        (int(np.argmax(losses < 5e-5)), "that is where C first drops below 0.00005: either you compared the MSE "
                                         "(twice C) with 0.0001, or you looked for the loss to *print* as 0.0000."),
        (int(np.argmax(losses < 1e-3)), "that is where the loss drops below 0.001; the question asks for 0.0001."),
        (600, "you read it off the table printed every 100 epochs; the table cannot say which epoch in between."),
        (700, "you read it off the table (the first printed 0.0000); find the exact epoch from history.loss."),
        (500, "you read it off the table printed every 100 epochs; find the exact epoch from history.loss."),
    ]
    for target, message in mistakes:
        if answer == target:
            raise WrongAnswer(f"Got {answer:g}: {message}")
    raise WrongAnswer(f"Got {answer:g}, expected {k}: the first k with history.loss[k] < 0.0001, "
                      "e.g. np.argmax(history.loss < 1e-4).")


def _l04_steps_by_hand(steps: int, lr: float = 0.1, sign: float = 1.0, factor: float = 2.0) -> float:
    """w after ``steps`` updates of L = (w x - y)^2 on seed 003's point x = 2, y = 3 from w = 0.5 (b = 0 fixed)."""
    w = 0.5
    for _ in range(steps):
        w -= sign * lr * factor * (w * 2.0 - 3.0) * 2.0
    return w


def check_w_after_three_steps(value: Any) -> Passed:
    """Exercise 3: seed 003's worked step repeated: w after 3 steps is 0.5 -> 1.3 -> 1.46 -> 1.492."""
    answer = as_number(value, "w_after_3")
    right = _l04_steps_by_hand(3)
    if is_close(answer, right, rtol=1e-6, atol=1e-4):
        return Passed(f"Right: w goes 0.5 → 1.3 → 1.46 → {right:.3f}; each step closes 80% of the remaining gap to 1.5.")
    mistakes = [
        (_l04_steps_by_hand(1), "that is w after *one* step (the worked example); do two more from there. "
                                "(If you also trained b: this exercise keeps b = 0.)"),
        (_l04_steps_by_hand(2), "that is w after two steps; one more to go."),
        (_l04_steps_by_hand(4), "that is w after four steps: count the updates, 0.5 is the start (step 0)."),
        (1.5, "1.5 = y/x is where w is heading, not where it is after three steps."),
        (_l04_steps_by_hand(3, factor=1.0), "you dropped the factor 2 of d/dw (w x − y)² = 2(w x − y)·x, "
                                            "or the x (here both are 2, so they give the same number)."),
        (_l04_steps_by_hand(3, sign=-1.0), "wrong sign: each step must move w *against* the gradient."),
        (_l04_steps_by_hand(3, lr=1.0), "forgot the learning rate 0.1."),
    ]
    for target, message in mistakes:
        if is_close(answer, target, rtol=1e-6, atol=1e-4):
            raise WrongAnswer(f"Got {answer:.4f}: {message}")
    raise WrongAnswer(f"Got {answer:.4f}, expected {right:.4f}: repeat w ← w − 0.1·2(2w − 3)·2 three times from w = 0.5.")

# ---- end of lesson 4 -----------------------------------------------------------------------

# ---- Lesson 5: the learning rate -----------------------------------------------------------

# Exercise 1 data: seed 003's line y = 3x + 1 at x = 1, 2, 3, 4, trained with the plain MSE.
L05_X = (1.0, 2.0, 3.0, 4.0)


def _l05_eigenvalues(x, scale: float) -> np.ndarray:
    """Eigenvalues of H = scale/n * A^T A with A = [x | 1] (scale 2 for MSE, 1 for half-MSE)."""
    A = np.column_stack([np.ravel(x), np.ones(len(np.ravel(x)))])
    return np.linalg.eigvalsh(scale * A.T @ A / len(A))


def check_line_stability_limit(value: Any) -> Passed:
    """Exercise 1: 2 / lambda_max of the MSE's Hessian (2/n) A^T A for x = 1..4 with the bias: 0.11976."""
    answer = as_number(value, "line_limit")
    x = np.array(L05_X)
    lam_min, lam_max = _l05_eigenvalues(x, 2.0)
    limit = 2 / lam_max
    if is_close(answer, limit, rtol=1e-3, atol=0):
        return Passed(f"Right: H = [[15, 5], [5, 2]], λ_max = {lam_max:.4f}, so the limit is 2/λ_max = {answer:.4f}.")
    mistakes = [
        (2 / (lam_max / 2), "you used the half-MSE's Hessian (1/n) AᵀA: the plain MSE has the factor 2, "
                            "H = (2/n) AᵀA, so λ_max is twice as big and the limit half as big."),
        (2 / lam_min, "you used λ_min: the steepest direction (λ_max) is the first to blow up, "
                      "so the limit is 2/λ_max."),
        (1 / lam_max, "that is 1/λ_max, the rate that settles the steep direction in one step; the limit is 2/λ_max."),
        (2 / (lam_min + lam_max), "that is the *fastest* rate 2/(λ_min + λ_max), just below the limit 2/λ_max."),
        (lam_max, "that is λ_max itself; the limit is 2/λ_max."),
        (2 / (2 * np.mean(x**2)), "you left out the bias: with b trained too, H = (2/n) AᵀA with A = [x | 1], "
                                  "a 2×2 matrix, not just (2/n) Σ x_i²."),
        (2 / (len(x) * lam_max), "you forgot the 1/n: H = (2/n) AᵀA, here (2/4) AᵀA."),
    ]
    for target, message in mistakes:
        if is_close(answer, target, rtol=1e-3, atol=0):
            raise WrongAnswer(f"Got {answer:.6g}: {message}")
    raise WrongAnswer(f"Got {answer:.6g}, expected {limit:.6g}: build A = [x | 1], H = (2/n) AᵀA, limit = 2/λ_max(H).")


def check_fastest_learning_rate(value: Any) -> Passed:
    """Exercise 2: 2 / (lambda_min + lambda_max) for seed 002's two points with the half-MSE: 1.3140."""
    from .data import make_two_point_data

    answer = as_number(value, "fastest_lr")
    lam_min, lam_max = _l05_eigenvalues(make_two_point_data().x, 1.0)
    best, limit = 2 / (lam_min + lam_max), 2 / lam_max

    def factor(lr: float) -> float:
        return max(abs(1 - lr * lam_min), abs(1 - lr * lam_max))

    if is_close(answer, best, rtol=2e-3, atol=0):
        speedup = np.log(factor(best)) / np.log(factor(0.1))
        return Passed(f"Right: 2/(λ_min + λ_max) = 2/({lam_min:.4f} + {lam_max:.4f}) = {answer:.4f}; every direction "
                      f"shrinks by {factor(best):.4f} per step, about {speedup:.0f}× as fast as with the article's 0.1.")
    if answer <= 0:
        raise WrongAnswer(f"Got {answer:.4g}: a learning rate must be > 0 (a step downhill, not uphill).")
    mistakes = [
        (limit, f"that is the cliff 2/λ_max itself: there the steep direction is multiplied by exactly -1 and "
                "bounces back and forth forever. The fastest rate is a little lower."),
        (2 / lam_min, f"you used λ_min: 2/λ_min = {2 / lam_min:.2f} is on the wrong side of 2/λ_max = {limit:.4f}, "
                      "so the steep direction diverges."),
        (1 / lam_max, f"1/λ_max settles the steep direction in one step, but the flat one then shrinks only by "
                      f"{factor(1 / lam_max):.4f} per step. Balance the two: 2/(λ_min + λ_max)."),
        (1 / (lam_min + lam_max), "you dropped the 2 (or used the MSE's Hessian, twice the half-MSE's): "
                                  "the seed trains with the half-MSE, whose rate is 2/(λ_min + λ_max)."),
        (0.1, f"that is the article's own lr = 0.1: it converges, but only by {factor(0.1):.4f} per step, "
              f"against {factor(best):.4f} at the fastest rate."),
    ]
    for target, message in mistakes:
        if is_close(answer, target, rtol=2e-3, atol=0):
            raise WrongAnswer(f"Got {answer:.4g}: {message}")
    if answer > limit:
        raise WrongAnswer(f"Got {answer:.4g}: that lr is on the wrong side of 2/λ_max = {limit:.4f}, so the run "
                          f"diverges (the steep direction is multiplied by {1 - answer * lam_max:.3f} per step).")
    raise WrongAnswer(f"Got {answer:.4g}: it converges, with factor {factor(answer):.4f} per step, but "
                      f"2/(λ_min + λ_max) = {best:.4f} does better ({factor(best):.4f}).")


def _l05_behaviour_cases() -> list[tuple[float, float, float, str]]:
    """(lr, lambda_min, lambda_max, answer) for seed 003's Hessian (MSE) and seed 002's (half-MSE)."""
    from .data import make_two_point_data

    cases = []
    for lam_min, lam_max in (_l05_eigenvalues(L05_X, 2.0), _l05_eigenvalues(make_two_point_data().x, 1.0)):
        lam_min, lam_max = float(lam_min), float(lam_max)
        best, limit = 2 / (lam_min + lam_max), 2 / lam_max
        for lr in (0.01 * best, 0.5 / lam_max, 0.9 * best):  # below 1/lambda_max, and between it and the best
            cases.append((lr, lam_min, lam_max, "steady"))
        for lr in (best + 0.3 * (limit - best), best + 0.9 * (limit - best)):
            cases.append((lr, lam_min, lam_max, "oscillates"))
        for lr in (1.05 * limit, 1.9 * limit, 0.5 * (limit + 2 / lam_min), 3 / lam_min):
            cases.append((lr, lam_min, lam_max, "diverges"))
    return cases


def check_long_run_behaviour(function: Callable) -> Passed:
    """Exercise 3: long_run_behaviour(lr, lam_min, lam_max) -> 'steady' / 'oscillates' / 'diverges'."""
    cases = _l05_behaviour_cases()
    wrong = []
    for lr, lam_min, lam_max, expected in cases:
        got = call_learner_function(function, lr, lam_min, lam_max, what="long_run_behaviour(lr, lam_min, lam_max)")
        if got not in ("steady", "oscillates", "diverges"):
            raise WrongAnswer(f"long_run_behaviour({lr:.4g}, {lam_min:.4g}, {lam_max:.4g}) returned {got!r}; "
                              "it should return one of 'steady', 'oscillates', 'diverges'.")
        if got != expected:
            wrong.append((lr, lam_min, lam_max, expected, got))
    if not wrong:
        return Passed(f"Right on all {len(cases)} cases: diverges above 2/λ_max, oscillates between "
                      "2/(λ_min + λ_max) and 2/λ_max, steady below.")
    lr, lam_min, lam_max, expected, got = wrong[0]
    where = f"lr = {lr:.4g} with λ_min = {lam_min:.4g}, λ_max = {lam_max:.4g}: you said {got!r}, expected {expected!r}"
    if got == "diverges" and lr < 2 / lam_max:
        if lr > 1 / lam_max:
            reason = ("you put the cliff at 1/λ_max. Between 1/λ_max and 2/λ_max the factor 1 - lr·λ_max lies "
                      "between -1 and 0: the error flips sign each step, but it shrinks.")
        else:
            reason = "below 2/λ_max every factor |1 - lr·λ| is < 1, so nothing can grow."
    elif got != "diverges" and expected == "diverges":
        reason = ("you put the cliff at 2/λ_min (or forgot it). A run diverges as soon as *one* direction grows, "
                  "and the steep one (λ_max) does first: the cliff is 2/λ_max."
                  if lr < 2 / lam_min else "|1 - lr·λ_max| > 1 here, so the steep direction grows every step.")
    elif got == "oscillates" and expected == "steady":
        reason = ("early steps do zig-zag once lr > 1/λ_max, but the steep direction dies out fast; what remains is "
                  "the flat direction, which never flips. The long run zig-zags only once |1 - lr·λ_max| is the "
                  "larger factor, i.e. for lr > 2/(λ_min + λ_max).")
    elif got == "steady" and expected == "oscillates":
        reason = ("here |1 - lr·λ_max| > |1 - lr·λ_min|: the steep direction, which flips sign every step, "
                  "is the slower one to die out, so the run ends zig-zagging.")
    else:
        reason = "compare lr with 2/(λ_min + λ_max) and 2/λ_max."
    raise WrongAnswer(f"{where}: {reason}")


# ---- end of lesson 5 -----------------------------------------------------------------------

# ---- Lesson 6: many inputs, one neuron -----------------------------------------------------

# The puzzle 256 w1 + 212 w2 + b = 1492: inputs of (w1, w2, b) and the target.
L06_INPUTS = (256.0, 212.0, 1.0)
L06_TARGET = 1492.0


def check_puzzle_stability_limit(value: Any) -> Passed:
    """Exercise 1: 2 / lambda_max for half-MSE on the puzzle, bias included: 2 / 110481."""
    answer = as_number(value, "puzzle_limit")
    a = np.array(L06_INPUTS)
    norm2 = float(a @ a)  # 110481
    if is_close(answer, 2 / norm2, rtol=1e-7, atol=0):
        return Passed(f"Right: λ_max = 256² + 212² + 1 = {norm2:.0f}, so the limit is 2/λ_max = {answer:.4e}.")
    mistakes = [
        (2 / (norm2 - 1), "you left out the bias: its input 1 adds 1² to λ_max = 256² + 212² + 1 = 110481 "
                          "(the article's b = 0 gives 2/110480; this exercise trains b)."),
        (1 / norm2, "that is 1/λ_max, half the limit: the rate that solves the puzzle in one step, and also the "
                    "limit for the plain MSE e² (whose Hessian is twice as big). For half-MSE it is 2/λ_max."),
        (norm2, "that is λ_max itself; the limit is 2/λ_max."),
        (norm2 / 2, "that is λ_max/2, upside down: the limit is 2/λ_max."),
        (2 / np.sqrt(norm2), "λ_max is |a|² = 256² + 212² + 1, not its square root |a|."),
        (2 / np.sqrt(norm2 - 1), "λ_max is |a|² = 256² + 212² + 1, not the length sqrt(256² + 212²)."),
        (2 / a.sum(), "you forgot the squares: λ_max = 256² + 212² + 1², not 256 + 212 + 1."),
        (2 / (a.sum() - 1), "you forgot the squares: λ_max = 256² + 212² + 1², not 256 + 212."),
        (2 / a.sum() ** 2, "you squared the sum; λ_max is the sum of the squares, 256² + 212² + 1²."),
        (2 / (a[:2].sum() ** 2), "you squared the sum; λ_max is the sum of the squares, 256² + 212² + 1²."),
    ]
    for target, message in mistakes:
        if is_close(answer, target, rtol=1e-7, atol=0):
            raise WrongAnswer(f"Got {answer:.6e}: {message}")
    raise WrongAnswer(f"Got {answer:.6e}, expected {2 / norm2:.6e}: λ_max = 256² + 212² + 1², limit = 2/λ_max.")


def _l06_limit_for_scale(scale: float) -> float:
    """2 / lambda_max for the puzzle with both inputs divided by ``scale`` (bias input stays 1)."""
    inputs = np.array(L06_INPUTS[:2]) / scale
    return float(2 / (inputs @ inputs + 1))


def check_scale_for_limit_one(value: Any) -> Passed:
    """Exercise 2: the scale s with 2 / ((256² + 212²)/s² + 1) = 1, i.e. s = sqrt(256² + 212²) = 332.39."""
    answer = as_number(value, "scale_for_limit_one")
    norm2 = L06_INPUTS[0] ** 2 + L06_INPUTS[1] ** 2
    expected = float(np.sqrt(norm2))
    if answer <= 0:
        raise WrongAnswer(f"Got {answer:.4g}: a scale must be > 0 (the inputs are divided by it).")
    limit = _l06_limit_for_scale(answer)
    if is_close(limit, 1.0, rtol=1e-4, atol=0):
        return Passed(f"Right: s = {answer:.4f} makes the scaled inputs a unit vector, λ_max = 1 + 1 = 2, limit {limit:.4f}.")
    mistakes = [
        (norm2, "you forgot the square root: λ_max = (256² + 212²)/s² + 1 needs s² = 256² + 212²."),
        (1 / expected, "that multiplies the inputs by 332 instead of dividing: use s = sqrt(256² + 212²) itself."),
        (np.sqrt(norm2 / 2), "you solved (256² + 212²)/s² = 2, forgetting the bias's +1: with it, λ_max = 2 needs "
                             "(256² + 212²)/s² = 1."),
        (L06_INPUTS[0], "dividing by the largest input (256) gives inputs (1, 0.83), λ_max = 2.69 and limit 0.74, "
                        "close but not 1: divide by the length sqrt(256² + 212²)."),
        (L06_INPUTS[0] + L06_INPUTS[1], "you added the inputs (256 + 212); the length is sqrt(256² + 212²)."),
    ]
    for target, message in mistakes:
        if is_close(answer, target, rtol=1e-4):
            raise WrongAnswer(f"Got s = {answer:.4f}: {message}")
    raise WrongAnswer(f"Got s = {answer:.4f}, which gives the limit {limit:.4f}, not 1; expected s = {expected:.4f}. "
                      "Solve 2 / ((256² + 212²)/s² + 1) = 1 for s.")


L06_STARTS = ((0.0, 0.0, 0.0), (1.0, -2.0, 0.5), (-4.0, 3.0, 10.0), (6.0, 7.0, -3.0))


def check_where_descent_ends(function: Callable) -> Passed:
    """Exercise 3: from each start, gradient descent ends at the nearest solution:
    theta0 - (a . theta0 - y)/|a|² a with a = (256, 212, 1), compared with real runs."""
    from .descent import gradient_descent

    a = np.array(L06_INPUTS)
    x, y = np.array([L06_INPUTS[:2]]), np.array([L06_TARGET])
    for start in L06_STARTS:
        theta0 = np.array(start)
        run = gradient_descent(x, y, theta0[:2], theta0[2], lr=1e-5, epochs=60)
        expected = np.append(run.final_w, run.final_b)
        got = call_learner_function(function, *start, what="where_descent_ends(w1, w2, b)")
        got = as_numbers(got, 3, f"where_descent_ends{start}", "all three: (w1, w2, b)")
        if is_close(got, expected, rtol=1e-6, atol=1e-6):
            continue
        e0 = a @ theta0 - L06_TARGET
        no_bias = np.append(theta0[:2] - e0 / (a[:2] @ a[:2]) * a[:2], theta0[2])
        mistakes = [
            (theta0 + e0 / (a @ a) * a, "wrong sign: the step goes *against* the error, theta0 - (e0/|a|²) a."),
            (theta0 - e0 * a, "you forgot to divide by |a|² = 110481: the step is (e0/|a|²) a."),
            (theta0 - e0 / np.sqrt(a @ a) * a, "divide by |a|² = 110481, not by |a|."),
            (no_bias, "the bias moves too: its input is 1, so use a = (256, 212, 1) and update b as well."),
            (np.append(*_l06_min_norm(x, y)), "that is the solution nearest the origin; it ignores the start. "
                                             "Gradient descent ends at the solution nearest *its start*."),
        ]
        for target, message in mistakes:
            if is_close(got, target, rtol=1e-6, atol=1e-6):
                raise WrongAnswer(f"From the start {start}: {message}")
        shown = ", ".join(f"{v:.4f}" for v in got)
        wanted = ", ".join(f"{v:.4f}" for v in expected)
        raise WrongAnswer(f"From the start {start} you return ({shown}); gradient descent ends at ({wanted}).")
    return Passed(f"Right: from {len(L06_STARTS)} starts your formula matches where gradient descent really ends.")


def _l06_min_norm(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, float]:
    from .descent import least_squares_solution

    return least_squares_solution(x, y)

# ---- end of lesson 6 -----------------------------------------------------------------------
