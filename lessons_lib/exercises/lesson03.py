"""Lesson 03's checks: a big step predicted from the expansion (Predict), a gradient check written
by the learner (Implement), the gradient of a weighted loss derived with the same expansion
(Transfer).

Each check computes what it expects with its own few lines of numpy, never with the package
functions a learner could have replaced, and never shows the expected value of a value answer.
"""
from __future__ import annotations

from typing import Any, Callable, NamedTuple

import numpy as np

from .framework import (
    WrongAnswer,
    call_learner,
    choice_answer,
    describe_numbers,
    exercise,
    fresh_rng,
    is_close,
    not_yet,
    numbers_answer,
    shapes_of_data,
)

LESSON = "03"
EXERCISES = {1: "predict: a big step", 2: "implement: gradient_check", 3: "transfer: a weighted loss"}


def _lesson_data() -> tuple[np.ndarray, np.ndarray, float, float]:
    """The lesson's two points and start, drawn as the perceptron article draws them (seed 42):
    x = rand(2, 1), w0 = randn(), b0 = randn(), y = 2x + 1. Returns flat x, y and (w0, b0)."""
    stream = np.random.RandomState(42)
    x = stream.rand(2)
    w0, b0 = float(stream.randn()), float(stream.randn())
    return x, 2 * x + 1, w0, b0


def _half_mse(x: np.ndarray, y: np.ndarray, w: float, b: float) -> float:
    e = w * x + b - y
    return float(np.sum(e * e) / (2 * len(x)))


# ---- Exercise 1 · Predict: one big step --------------------------------------------------------

BIG_STEP = 2.0  # the step h of exercise 1, taken along w from the lesson's start (w0, b0)


@exercise(LESSON, 1)
def check_big_step(prediction: Any) -> str:
    """Exercise 1: what happens to C when w moves from w0 by h = 2 (b held at b0)?

    (a) falls by about h times the slope, (b) falls by less, (c) stays about the same, (d) rises.
    """
    answer = choice_answer(prediction, "prediction", ["a", "b", "c", "d"])
    x, y, w0, b0 = _lesson_data()
    h = BIG_STEP
    h_term = h * float(np.mean((w0 * x + b0 - y) * x))
    h2_term = h * h * float(np.sum(x * x) / (2 * len(x)))
    change = _half_mse(x, y, w0 + h, b0) - _half_mse(x, y, w0, b0)
    right = "d" if change > 0.01 else "c" if change > -0.01 else "b" if change > h_term else "a"
    if answer == right:
        return (f"Right: C changes by h·slope + h²·(1/2n)Σx_i² = ({h_term:+.4f}) + ({h2_term:+.4f}) = {change:+.4f}. "
                "The slope promises a fall, but a step this long crosses the bottom of the valley and lands "
                "higher up on the other side: a slope only speaks for small steps (lesson 5 finds how small).")
    explanations = {
        "a": "(a) is the h-term alone, h × slope. It tells the whole story only while h is small: the h²-term "
             "h²·(1/2n)Σx_i² grows four times when h doubles. Work out both terms of section 2's expansion for h = 2.",
        "b": "(b) sees that the h²-term works against the slope, which is right. Now compare their sizes for h = 2: "
             "h² = 4 times the coefficient printed in section 2, against 2 × the slope printed in section 3.",
        "c": "(c) would need the h-term and the h²-term to cancel. Work out both for h = 2 (the numbers are printed "
             "in sections 2 and 3) and add them.",
        "d": "(d) would need the h²-term to outweigh the h-term. Work out both for h = 2 (sections 2 and 3) and add them.",
    }
    raise WrongAnswer(f"not yet: {explanations[answer]}")


# ---- Exercise 2 · Implement: a gradient check ------------------------------------------------------

CORRECT_BELOW = 1e-5   # what a right gradient must give; section 6's rule of thumb uses the same number
PROMPT_STEP = 1e-5     # the step h the prompt asks for
GRADIENT_CHECK = "gradient_check(loss_fn, grad_fn, params)"

# How the test functions are chosen, so that the verdict never depends on the draw. With a right
# gradient, a central difference with step h has relative error (truncation) about K_c h², a one-sided
# one about K_f h, where K_c and K_f belong to the function and the point. Two functions have fixed K's
# (only their position, sign and scale are fresh): the quartic, K_c = 1.2/2.528 = 0.47, which fails every
# central difference with h >= 5e-3 and passes every one with h <= 4e-3; the steep bowl near its bottom,
# K_f = 30, which fails every one-sided difference with h >= 5e-7, the prompt's 1e-5 by a factor 30, and
# passes those with h <= 3e-7. Every other function is drawn again until its K_c <= 0.1 and K_f <= 5, so
# it never decides a verdict. Round-off stays far below the threshold for h >= 1e-9: |loss| / |gradient|
# is at most 20 at every test point.
QUARTIC_U, QUARTIC_S = 1.2, 0.8      # p0 - t and s of the quartic: K_c = u / (u³ + s)
BOWL_OFFSET = 1 / 60                 # each |p_j - t_j| of the steep bowl: K_f = 1 / (2 · offset) = 30


class Case(NamedTuple):
    """One test of a learner's gradient_check: a loss, the gradient handed to the learner's function
    (right or wrong), the point, and what the check needs afterwards to work out the exact gradient
    (``kind`` and ``spec``: the numbers the loss itself is built from, no function and no result)."""

    description: str
    loss: Callable[[np.ndarray], float]
    given_grad: Callable[[np.ndarray], np.ndarray]
    params: np.ndarray
    wrong: bool
    kind: str
    spec: dict


# The exact gradients, worked out only after the learner's function has returned (``_exact_gradient``).
def _neuron_gradient(p, x, y):
    e = p[0] * x + p[1] - y
    return np.array([np.sum(e * x), np.sum(e)]) / len(x)


def _bumpy_gradient(p, a, c):
    return np.array([a * np.cos(a * p[0]) + p[1] ** 2, 2 * p[0] * p[1], 0.3 * c * np.exp(0.3 * p[2])])


def _quartic_gradient(p, t, s, scale):
    return np.array([scale * ((p[0] - t) ** 3 + s)])


def _quadratic_gradient(p, A, c, scale):
    return scale * (A @ p + c)


def _bowl_gradient(p, t, lam, scale):
    return scale * lam * (p - t)


_GRADIENTS = {"neuron": _neuron_gradient, "bumpy": _bumpy_gradient, "quartic": _quartic_gradient,
              "quadratic": _quadratic_gradient, "bowl": _bowl_gradient}


def _exact_gradient(case: Case) -> np.ndarray:
    return np.asarray(_GRADIENTS[case.kind](case.params.copy(), **case.spec), dtype=float)


def _handed(gradient: Callable[[np.ndarray], np.ndarray]) -> Callable[[np.ndarray], np.ndarray]:
    """The grad_fn the learner's function receives: a fresh float array on every call. Its closure
    holds the given gradient only (never the case, the exact gradient or the expected result)."""
    def grad_fn(params):
        return np.array(gradient(np.asarray(params, dtype=float)), dtype=float)
    return grad_fn


def _relative_error(a: np.ndarray, g: np.ndarray) -> float:
    scale = max(float(np.linalg.norm(a)), float(np.linalg.norm(g)))
    return 0.0 if scale == 0 else float(np.linalg.norm(a - g)) / scale


def _difference_estimate(loss: Callable, params: np.ndarray, h: float, kind: str) -> np.ndarray:
    """The check's own finite-difference gradient: "central", "forward" (p + h and p) or "backward"."""
    estimate = np.zeros(len(params))
    for j in range(len(params)):
        step = np.zeros(len(params))
        step[j] = h
        up = loss(params + step) if kind != "backward" else loss(params)
        down = loss(params - step) if kind != "forward" else loss(params)
        estimate[j] = (up - down) / (2 * h if kind == "central" else h)
    return estimate


def _never_decides(loss: Callable, gradient: np.ndarray, params: np.ndarray) -> bool:
    """A right-gradient test point that leaves the verdict to the two fixed functions: truncation of a
    central difference K_c <= 0.1, of a one-sided one K_f <= 5, and |loss| <= 20 |gradient|."""
    size = float(np.linalg.norm(gradient))
    if size == 0 or abs(loss(params)) > 20 * size:
        return False
    central = _relative_error(gradient, _difference_estimate(loss, params, 1e-2, "central")) / 1e-4
    forward = _relative_error(gradient, _difference_estimate(loss, params, 1e-4, "forward")) / 1e-4
    return central <= 0.1 and forward <= 5


def _neuron_outside(p, x, y):
    """The gradient with x outside the sum (as its mean): the perceptron article's slip, sign fixed."""
    e = p[0] * x + p[1] - y
    return np.array([np.mean(x) * np.mean(e), np.mean(e)])


def _neuron_cases(rng: np.random.Generator) -> list[Case]:
    """The half-MSE of a one-input neuron on fresh data: the right gradient and x outside the sum."""
    cases = []
    for index in (0, 3):  # flat arrays and many points
        for _ in range(100):  # data and a point where x outside the sum is clearly wrong
            description, x, y = shapes_of_data(rng)[index]
            x, y = np.ravel(x), np.ravel(y)

            def loss(p, x=x, y=y):
                e = p[0] * x + p[1] - y
                return float(np.sum(e * e) / (2 * len(x)))

            params = rng.uniform(-2, 3, 2).round(3) + 0.0004
            right = _neuron_gradient(params, x, y)
            if _relative_error(_neuron_outside(params, x, y), right) > 0.05 and _never_decides(loss, right, params):
                break
        name = f"the half-MSE of a neuron on {description}, params (w, b)"
        spec = {"x": x, "y": y}
        cases += [Case(name, loss, _handed(lambda p, x=x, y=y: _neuron_gradient(p, x, y)), params, False, "neuron",
                       spec),
                  Case(name + ", x outside the sum", loss, _handed(lambda p, x=x, y=y: _neuron_outside(p, x, y)),
                       params, True, "neuron", spec)]
    return cases


def _bumpy_cases(rng: np.random.Generator) -> list[Case]:
    """f(p) = sin(a p0) + p0 p1² + c exp(0.3 p2), three parameters; wrong: the factor a that comes out
    of sin(a p0) dropped. (a below 1 keeps the third slope, a³, small: a central difference is exact
    enough here for every step h the verdict allows.)"""
    a, c = rng.uniform(0.3, 0.6), rng.uniform(0.5, 2.0)

    def loss(p):
        return float(np.sin(a * p[0]) + p[0] * p[1] ** 2 + c * np.exp(0.3 * p[2]))

    def right(p):
        return np.array([a * np.cos(a * p[0]) + p[1] ** 2, 2 * p[0] * p[1], 0.3 * c * np.exp(0.3 * p[2])])

    def dropped(p):
        return np.array([np.cos(a * p[0]) + p[1] ** 2, 2 * p[0] * p[1], 0.3 * c * np.exp(0.3 * p[2])])

    for _ in range(200):
        params = rng.uniform(-1.5, 1.5, 3).round(3) + 0.0002
        if _relative_error(dropped(params), right(params)) > 0.05 and _never_decides(loss, right(params), params):
            break
    name = "sin(a p0) + p0 p1² + c exp(0.3 p2), three parameters"
    spec = {"a": a, "c": c}
    return [Case(name, loss, _handed(right), params, False, "bumpy", spec),
            Case(name + ", the factor a from inside sin(a p0) dropped", loss, _handed(dropped), params, True, "bumpy",
                 spec)]


def _quartic_cases(rng: np.random.Generator) -> list[Case]:
    """f(p) = scale ((p0 - t)⁴/4 + s p0), one parameter, at p0 = t + u; wrong: the sign of the first
    term's slope flipped. u and s are fixed (up to a common sign): it decides which steps h a central
    difference may take."""
    sign, t, scale = rng.choice([-1.0, 1.0]), rng.uniform(-1, 1), rng.uniform(0.5, 2.0)
    s = sign * QUARTIC_S
    params = np.array([t + sign * QUARTIC_U])

    def loss(p):
        return float(scale * ((p[0] - t) ** 4 / 4 + s * p[0]))

    def right(p):
        return np.array([scale * ((p[0] - t) ** 3 + s)])

    def flipped(p):
        return np.array([scale * (-(p[0] - t) ** 3 + s)])

    name = "scale ((p0 - t)⁴/4 + s p0), a single parameter"
    spec = {"t": t, "s": s, "scale": scale}
    return [Case(name, loss, _handed(right), params, False, "quartic", spec),
            Case(name + ", one sign flipped", loss, _handed(flipped), params, True, "quartic", spec)]


def _bowl_cases(rng: np.random.Generator) -> list[Case]:
    """f(p) = scale (4 (p0 - t0)² + (p1 - t1)²) / 2, two parameters, 1/60 from the bottom in each; wrong:
    the two slopes swapped. Near the bottom the slope is small and the curvature large: it decides which
    steps h a one-sided difference may take."""
    t, scale = rng.uniform(-2, 2, 2), rng.uniform(0.5, 2.0)
    lam = np.array([4.0, 1.0])
    params = t + rng.choice([-1.0, 1.0], 2) * BOWL_OFFSET

    def loss(p):
        return float(scale * np.sum(lam * (p - t) ** 2) / 2)

    def right(p):
        return scale * lam * (p - t)

    def swapped(p):
        return (scale * lam * (p - t))[::-1]

    name = "scale (4 (p0 - t0)² + (p1 - t1)²)/2 near its bottom, two parameters"
    spec = {"t": t, "lam": lam, "scale": scale}
    return [Case(name, loss, _handed(right), params, False, "bowl", spec),
            Case(name + ", the two slopes swapped", loss, _handed(swapped), params, True, "bowl", spec)]


def _quadratic_cases(rng: np.random.Generator, size: int, scale: float = 1.0) -> list[Case]:
    """f(p) = scale (p·Ap/2 + c·p) with A symmetric positive definite; wrong gradients: twice and
    half the right one, so the wrong one is longer than the estimate in one case and shorter in the other."""
    m = rng.normal(size=(size, size))
    A = m @ m.T / size + np.eye(size)
    c = rng.normal(size=size)

    def loss(p):
        return float(scale * (p @ A @ p / 2 + c @ p))

    def right(p):
        return scale * (A @ p + c)

    def doubled(p):
        return 2 * scale * (A @ p + c)

    def halved(p):
        return scale * (A @ p + c) / 2

    for _ in range(200):
        params = rng.uniform(-2, 2, size).round(3) + 0.0003
        if _never_decides(loss, right(params), params):
            break
    name = f"p·Ap/2 + c·p, {size} parameters" + (f", loss values around {scale:g} times larger" if scale != 1 else "")
    spec = {"A": A, "c": c, "scale": scale}
    return [Case(name, loss, _handed(right), params, False, "quadratic", spec),
            Case(name + ", a factor 2 too many", loss, _handed(doubled), params, True, "quadratic", spec),
            Case(name + ", half the gradient", loss, _handed(halved), params, True, "quadratic", spec)]


def _article_case() -> Case:
    """The perceptron article's gradient (x outside the sum) at the lesson's start."""
    x, y, w0, b0 = _lesson_data()

    def loss(p):
        return _half_mse(x, y, p[0], p[1])

    return Case("the perceptron article's gradient at the lesson's start", loss,
                _handed(lambda p: _neuron_outside(p, x, y)),
                np.array([w0, b0]), True, "neuron", {"x": x, "y": y})


# What a gradient_check with one slip returns, from the exact gradient (a: given, g: exact). The first
# uses the check's own one-sided difference at the prompt's step (forward; a backward one gives the same
# relative error up to terms in h², since the two are off by the same amount in opposite directions).
SLIPS = {
    "one-sided": "you nudged one way only, (L(p + h) - L(p)) / h or (L(p) - L(p - h)) / h: that one-sided "
                 "difference is off by about h times the h²-coefficient of section 2, too much for a check. Nudge "
                 "both ways, (L(p + h) - L(p - h)) / 2h: the h² terms cancel (section 6).",
    "absolute": "you return the absolute error |a - g|: divide it by the larger of the two lengths, max(|a|, |g|), "
                "so the answer does not depend on the units of the loss.",
    "by g": "you divided by the length of the nudged estimate g alone: divide by the larger of the two lengths, "
            "max(|a|, |g|).",
    "by a": "you divided by the length of the given gradient a alone: divide by the larger of the two lengths, "
            "max(|a|, |g|).",
    "by min": "you divided by the smaller of the two lengths, min(|a|, |g|): divide by the larger one, max(|a|, |g|).",
    "by sum": "you divided by |a| + |g|, another convention; this lesson divides by max(|a|, |g|).",
    "squared": "you left out the square roots: a length is sqrt(v1² + v2² + ...), np.linalg.norm(v).",
    "one sqrt": "a square root is missing: |a - g| = sqrt of the sum of the squared differences.",
    "added": "you added the two vectors: the relative error measures a - g.",
    "per component": "you compared component by component and kept the worst: this lesson compares the whole "
                     "vectors, |a - g| / max(|a|, |g|) with vector lengths.",
    "sum of abs": "you summed absolute values; a vector's length is sqrt(v1² + v2² + ...), np.linalg.norm(v).",
    "factor 2": "your estimate is off by a factor 2: the central difference divides by 2h, the distance between "
                "the two nudged points.",
    "all at once": "you nudged every parameter at once: nudge one parameter at a time and keep the others where "
                   "they are.",
}


def _slip_values(case: Case, a: np.ndarray, g: np.ndarray) -> dict[str, float]:
    """What a gradient_check with each slip of SLIPS returns on ``case``."""
    na, ng, nd = (float(np.linalg.norm(v)) for v in (a, g, a - g))
    with np.errstate(divide="ignore", invalid="ignore"):
        per_component = np.abs(a - g) / np.maximum(np.abs(a), np.abs(g))
    per_component = float(np.max(np.where(np.isfinite(per_component), per_component, 0.0)))
    top = max(na, ng)
    return {
        "one-sided": _relative_error(a, _difference_estimate(case.loss, case.params.copy(), PROMPT_STEP, "forward")),
        "absolute": nd,
        "by g": nd / ng if ng else np.inf,
        "by a": nd / na if na else np.inf,
        "by min": nd / min(na, ng) if min(na, ng) else np.inf,
        "by sum": nd / (na + ng) if na + ng else np.inf,
        "squared": (nd / top) ** 2 if top else np.inf,
        "one sqrt": nd ** 2 / top if top else np.inf,
        "added": float(np.linalg.norm(a + g)) / top if top else np.inf,
        "per component": per_component,
        "sum of abs": float(np.sum(np.abs(a - g))) / max(float(np.sum(np.abs(a))), float(np.sum(np.abs(g)))),
        "factor 2": _relative_error(a, 2 * g),
        "all at once": _relative_error(a, np.full_like(g, np.sum(g))),  # the slope along (1, 1, ...)
    }


def _run_gradient_check(function: Callable, case: Case) -> float:
    params = case.params.copy()
    before = params.copy()
    try:
        result = call_learner(function, case.loss, case.given_grad, params, what=GRADIENT_CHECK,
                              forbidden=["numerical_gradient", "loss_and_gradient"],
                              forgotten="the `return` line (return the relative error)")
    except WrongAnswer as error:  # say on which function it happened (how many parameters)
        raise WrongAnswer(f"On {case.description}, at params = {describe_numbers(case.params)}: {error}") from None
    if not np.allclose(params, before, rtol=1e-12, atol=1e-15):
        raise WrongAnswer(f"On {case.description}: your gradient_check changed `params` (it nudged the caller's "
                          "array in place). Nudge a copy: p = params.copy(), or build params + h * step.")
    if isinstance(result, (bool, np.bool_)):
        raise WrongAnswer("gradient_check returned True/False: return the relative error itself (a number), "
                          "so its user can see how far off a gradient is.")
    if isinstance(result, (str, bytes)):
        raise WrongAnswer("gradient_check returned text: return the relative error, one number.")
    try:
        array = np.asarray(result, dtype=float)
    except (TypeError, ValueError):
        raise WrongAnswer(f"gradient_check should return one number (the relative error); it returned "
                          f"{type(result).__name__}.") from None
    if array.size != 1:
        raise WrongAnswer(f"gradient_check returned {array.size} numbers on {case.description}: return one number, "
                          "the relative error of the whole vectors, |a - g| / max(|a|, |g|).")
    value = float(array.reshape(()))
    if not np.isfinite(value):
        raise WrongAnswer(f"gradient_check returned {value} on {case.description}: a division by zero?")
    return value


def _accepted(case: Case, value: float, expected: float) -> bool:
    """A right gradient must get less than CORRECT_BELOW; a wrong one its relative error, to within 1 %."""
    return value < CORRECT_BELOW if not case.wrong else abs(value - expected) <= 1e-6 + 1e-2 * expected


def _diagnosis(results: list[tuple[Case, float]]) -> WrongAnswer:
    """Name what went wrong: a slip that explains the learner's value on every test function (and gives a
    clearly different result from the right one on at least one), or else what the first failure suggests."""
    rows = []
    for case, value in results:
        a, g = case.given_grad(case.params.copy()), _exact_gradient(case)
        expected = _relative_error(a, g)
        rows.append((case, value, expected, _slip_values(case, a, g)))
    failed = [row for row in rows if not _accepted(row[0], row[1], row[2])]
    # show a right gradient that came out near 0 but not near enough, if there is one: its message says most
    failed.sort(key=lambda row: row[0].wrong or row[1] >= 0.1)
    case, value, expected, _ = failed[0]
    shown = (f"On {case.description}, at params = {describe_numbers(case.params)}, your gradient_check returned "
             f"{value:.3g}")
    for slip, message in SLIPS.items():
        pairs = [(got, slip_values[slip], right) for _, got, right, slip_values in rows
                 if np.isfinite(slip_values[slip])]
        explains = all(abs(got - target) <= 1e-6 + 1e-3 * abs(target) for got, target, _ in pairs)
        telling = any(abs(target - right) > 1e-6 + 5e-3 * right for _, target, right in pairs)
        if explains and telling:
            return WrongAnswer(f"{shown}: {message}")
    if not case.wrong and value < 0.1:
        return WrongAnswer(f"{shown} for a right gradient: close to 0, but not below {CORRECT_BELOW:g}. A one-sided "
                           "difference or a large step h? Nudge both ways, (L(p + h) - L(p - h)) / 2h, with "
                           f"h = {PROMPT_STEP:g}.")
    if case.wrong and value < CORRECT_BELOW:
        return WrongAnswer(f"{shown} for a wrong gradient, so it would pass it. Does it compare grad_fn(params) "
                           "with an estimate made by nudging loss_fn?")
    return not_yet(f"{shown}. Nudge each parameter j alone, both ways: add h to params[j] only, then subtract h "
                   "from it only, and divide the difference of the two losses by 2h. Then return |a - g| / "
                   "max(|a|, |g|) with a = grad_fn(params) and vector lengths |v| = sqrt(v·v).")


@exercise(LESSON, 2)
def check_gradient_check(function: Any, hidden: bool = False) -> str:
    """Exercise 2: gradient_check(loss_fn, grad_fn, params) returns the relative error between
    grad_fn(params) and the learner's own central-difference estimate. Run on fresh functions of 1 to
    8 parameters, each with a right and a wrong gradient (the wrong ones must be flagged), then on the
    perceptron article's gradient."""
    if not callable(function):
        call_learner(function, what=GRADIENT_CHECK)  # not done yet, or "should be a function"
    rng = fresh_rng()
    if hidden:
        cases = _quadratic_cases(rng, 8) + _quadratic_cases(rng, 2, scale=1000.0) + _bumpy_cases(rng) \
            + _quartic_cases(rng) + _bowl_cases(rng) + _neuron_cases(rng)[2:]
    else:
        cases = _neuron_cases(rng)[:2] + _bumpy_cases(rng) + _quartic_cases(rng) + _bowl_cases(rng) \
            + _quadratic_cases(rng, 5)
    cases.append(_article_case())
    results = [(case, _run_gradient_check(function, case)) for case in cases]
    # the exact gradients are worked out only now, after every call of the learner's function
    if not all(_accepted(case, value, _relative_error(case.given_grad(case.params.copy()), _exact_gradient(case)))
               for case, value in results):
        raise _diagnosis(results)
    functions = sum(not case.wrong for case in cases)  # one right gradient per function
    tag = "Hidden tests passed" if hidden else "Right"
    return (f"{tag}: on {functions} functions you had not seen (1 to {max(len(c.params) for c in cases)} parameters), "
            f"your gradient_check let every right gradient pass and flagged every wrong one. On the perceptron "
            f"article's gradient (x outside the sum) it gives {results[-1][1]:.2f}: caught.")


# ---- Exercise 3 · Transfer: the gradient of a weighted loss ----------------------------------------

WEIGHTED = "weighted_gradient(x, y, v, w, b)"


def _weighted_parts(x, y, v, w, b) -> dict[str, np.ndarray]:
    x, y, v = np.ravel(x), np.ravel(y), np.ravel(v)
    n = len(x)
    e = w * x + b - y
    A, B = np.sum(v * e * x) / n, np.sum(v * e) / n
    return {"x": x, "v": v, "e": e, "n": np.array(n), "right": np.array([A, B])}


def _weighted_mistakes(x, y, v, w, b) -> list[tuple[np.ndarray, str]]:
    p = _weighted_parts(x, y, v, w, b)
    x, v, e, n = p["x"], p["v"], p["e"], int(p["n"])
    A, B = p["right"]
    return [
        (np.array([-A, -B]), "wrong sign: the errors are e_i = ŷ_i - y_i, and the expansion's h-term is "
                             "+(1/n) Σ v_i e_i x_i. With the sign flipped every step would climb."),
        (np.array([np.mean(e * x), np.mean(e)]), "you left out the weights: each squared error carries its v_i "
                                                  "in C_v, so each term of the slope carries it too."),
        (np.array([np.mean(v * v * e * x), np.mean(v * v * e)]), "v_i appears once in C_v, so once in its slope: "
                                                                  "you squared the weights."),
        (np.array([np.mean(x) * B, B]), "x outside the sum: each point has its own x_i, so v_i e_i x_i stays "
                                        "inside the sum (the perceptron article's slip)."),
        (np.array([-np.mean(x) * B, -B]), "x outside the sum and the wrong sign: (1/n) Σ v_i e_i x_i, "
                                          "with e_i = ŷ_i - y_i."),
        (np.array([np.sum(x) * B, B]), "x outside the sum: you multiplied by the summed x. Each point has its own "
                                       "x_i, so v_i e_i x_i stays inside the sum."),
        (np.array([np.sum(x) * n * B, n * B]), "x outside the sum and no 1/n: (1/n) Σ v_i e_i x_i keeps each x_i "
                                               "inside the sum and averages over the n points."),
        (np.array([n * A, n * B]), "you forgot the 1/n: C_v averages over the n points, so its slope does too."),
        (np.array([-n * A, -n * B]), "you forgot the 1/n and used the wrong sign: (1/n) Σ v_i e_i x_i with "
                                     "e_i = ŷ_i - y_i."),
        (np.array([2 * n * A, 2 * n * B]), "that is the slope of the weighted *sum* of squared errors: C_v divides "
                                           "it by 2n, and the ½ cancels the 2 from the square."),
        (np.array([-2 * A, -2 * B]), "a factor 2 too many (the ½ of 1/(2n) cancels the square's 2) and the wrong sign."),
        (np.array([2 * A, 2 * B]), "a factor 2 too many: that is the slope of the weighted MSE. The ½ of "
                                   "1/(2n) cancels the 2 that the square brings down."),
        (np.array([A / 2, B / 2]), "half the right size: the square brings down a 2, (e + h x)² = e² + 2h e x + ..., "
                                   "and it cancels the ½ of 1/(2n). You divided by 2n but dropped that 2."),
        (np.array([A, B]) * n / np.sum(v), "you divided by the sum of the weights Σ v_i (a weighted mean); "
                                           "C_v as defined divides by n."),
        (np.array([B, A]), "the two are swapped: return (dCv_dw, dCv_db) in that order."),
        (np.array([B, B]), "your first number is the slope for b: for w, each term carries its x_i."),
        (np.array([A, A]), "your second number is the slope for w: for b, the error moves by h itself, so no x_i."),
        (np.array([np.mean(v) * np.mean(e * x), np.mean(v) * np.mean(e)]),
         "the weights outside the sum: each point's own v_i multiplies its own term."),
        (np.array([np.mean(np.abs(v * e) * x), np.mean(np.abs(v * e))]), "you used |e_i|: the h-term of "
                                                                           "(e + h x)² is 2h e x, with e's sign."),
    ]


def _weighted_data(rng: np.random.Generator, hidden: bool) -> list[tuple[str, np.ndarray, np.ndarray, np.ndarray]]:
    """(description, x, y, v) test sets: the framework's shapes, weights of the same shape; the hidden
    set adds weights that are all 1, a far-off neuron and a large data set."""
    sets = []
    for description, x, y in shapes_of_data(rng):
        v = (rng.uniform(0.2, 3.0, x.shape).round(3) + 0.0003)
        sets.append((description, x, y, v))
    # tiny inputs and large errors: a slope estimated by nudging is visibly inexact here
    n = int(rng.integers(4, 8))
    x = rng.uniform(1e-4, 3e-4, n)
    sets.append((f"{n} points with tiny inputs and large errors", x, rng.uniform(300, 500, n), rng.uniform(1, 2, n)))
    if hidden:
        n = int(rng.integers(5, 9))
        x = rng.uniform(-3, 3, n).round(2) + 0.001
        sets.append((f"{n} points, every weight 1", x, 2 * x - 1 + rng.normal(0, 1, n), np.ones(n)))
        n = int(rng.integers(150, 250))
        x = rng.uniform(-5, 5, n)
        sets.append((f"{n} points", x, -x + 3 + rng.normal(0, 2, n), rng.uniform(0.01, 10, n)))
    return sets


def _component_mistake(got: np.ndarray, right: np.ndarray, mistakes) -> str | None:
    """When one of the two numbers is right, name the slip of the other one."""
    for k, name in ((0, "dCv_dw"), (1, "dCv_db")):
        other = 1 - k
        if is_close(got[other], right[other], rtol=1e-9, atol=1e-12) and not is_close(got[k], right[k], rtol=1e-9, atol=1e-12):
            for wrong, message in mistakes:
                if is_close(got[k], wrong[k], rtol=1e-7, atol=1e-12) and not is_close(wrong[k], right[k], rtol=1e-6, atol=1e-12):
                    return f"your {name}: {message}"
    return None


@exercise(LESSON, 3)
def check_weighted_gradient(function: Any, hidden: bool = False) -> str:
    """Exercise 3: weighted_gradient(x, y, v, w, b) returns (dCv/dw, dCv/db) of the weighted half-MSE
    C_v = 1/(2n) Σ v_i (w x_i + b - y_i)², checked on fresh data of several shapes."""
    rng = fresh_rng()
    data = _weighted_data(rng, hidden)
    x0, y0 = np.ravel(data[0][1]), np.ravel(data[0][2])
    for _ in range(50):  # a neuron whose errors on the first data set have both signs: more slips tell apart
        w = round(float(rng.uniform(-2, 2)), 3) + 0.0007
        b = round(float(np.median(y0 - w * x0) + rng.uniform(-0.05, 0.05)), 3) + 0.0009
        errors = w * x0 + b - y0
        if errors.min() < 0 < errors.max():
            break
    for index, (description, x, y, v) in enumerate(data):
        raw = call_learner(function, x.copy(), y.copy(), v.copy(), w, b, what=WEIGHTED,
                           forbidden=["loss_and_gradient", "numerical_gradient", "half_mse", "mse", "mae"],
                           forgotten="the `return` line (return the pair dCv_dw, dCv_db)")
        got = numbers_answer(raw, 2, "weighted_gradient(...)", "(dCv_dw, dCv_db)")
        right = _weighted_parts(x, y, v, w, b)["right"]
        if is_close(got, right, rtol=1e-9, atol=1e-12):
            continue
        # a named slip is shown with the inputs only: the learner's own numbers (a swapped or negated
        # pair) would give the expected pair away
        where = f"On {description} (x = {describe_numbers(x)}, v = {describe_numbers(v)}, w = {w:g}, b = {b:g})"
        if np.ndim(x) == 2:  # first: is it only the shape? (a column times a flat array makes an n × n table)
            flat = numbers_answer(call_learner(function, np.ravel(x), np.ravel(y), np.ravel(v), w, b, what=WEIGHTED,
                                               forbidden=["loss_and_gradient", "numerical_gradient", "half_mse", "mse", "mae"]),
                                  2, "weighted_gradient(...)", "(dCv_dw, dCv_db)")
            if is_close(flat, right, rtol=1e-9, atol=1e-12):
                raise WrongAnswer(f"{where}: right for flat arrays, wrong for column arrays of shape (n, 1). "
                                  "Flatten the inputs first (np.ravel) or keep every array in one shape.")
        mistakes = _weighted_mistakes(x, y, v, w, b)
        for wrong, message in mistakes:
            if is_close(got, wrong, rtol=1e-7, atol=1e-12) and not is_close(wrong, right, rtol=1e-6, atol=1e-12):
                raise WrongAnswer(f"{where}: {message}")
        component = _component_mistake(got, right, mistakes)
        if component:
            raise WrongAnswer(f"{where}: {component}")
        where += f" you return {describe_numbers(got)}"
        if is_close(got, right, rtol=1e-2, atol=1e-9):
            raise WrongAnswer(f"{where}: close, but not exact. Did you estimate the slope by nudging? This exercise "
                              "asks for the formula from the expansion, which is exact.")
        n = len(np.ravel(x))
        for fixed in range(1, 11):
            if fixed != n and is_close(got, right * n / fixed, rtol=1e-7, atol=1e-12):
                raise WrongAnswer(f"{where}: you divided by a fixed number instead of this data set's n = {n}. "
                                  "Use len(x) or np.mean.")
        if index > 0:
            raise not_yet(f"{where}. Your function was right on the first data set: what is different here "
                          "(the shape of the arrays, the number of points)?")
        raise not_yet(f"{where}. Move w to w + h in C_v: each error becomes e_i + h x_i and keeps its weight v_i. "
                      "Which terms of the expansion multiply h? Then the same for b.")
    return ("Hidden tests passed: " if hidden else "Right: ") + (
        "on every data set (flat and column arrays, a single point, many points, tiny inputs) your weighted "
        "gradient matches (1/n) Σ v_i e_i x_i and (1/n) Σ v_i e_i exactly: each weight rides along with its "
        "point's term of the expansion.")
