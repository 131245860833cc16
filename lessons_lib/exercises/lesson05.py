"""Lesson 05's checks: the cliff after a change of targets, start and loss (Predict), the fate of a
long run from the Hessian's eigenvalues (Implement), four unlabelled runs (Transfer).

Each check computes what it expects with its own few lines of numpy, never with the package
functions a learner could have replaced, and never shows the expected value of a value answer.
"""
from __future__ import annotations

import math
from typing import Any, Callable, NamedTuple

import numpy as np

from .framework import (
    WrongAnswer,
    call_learner,
    choice_answer,
    exercise,
    fresh_rng,
    not_yet,
    number_answer,
    plain_kind,
    require,
)

LESSON = "05"
EXERCISES = {1: "predict: what moves the cliff", 2: "implement: fate", 3: "transfer: four runs without labels"}


def _hessian(x, scale: float) -> np.ndarray:
    """The table of curvatures of a one-input neuron: scale (1/n) [[sum x^2, sum x], [sum x, n]], with
    scale 1 for MSE/2 and 2 for the MSE."""
    x = np.ravel(np.asarray(x, dtype=float))
    return scale / len(x) * np.array([[np.sum(x * x), np.sum(x)], [np.sum(x), len(x)]])


def _hidden_prefix(hidden: bool) -> str:
    return "Hidden tests passed: " if hidden else "Right: "


# ---- Exercise 1 · Predict: what moves the cliff ---------------------------------------------------

LESSON_X = (1.0, 2.0, 3.0, 4.0)  # the lesson's x; exercise 1 keeps them, with new targets, start and loss
TOLERANCE = 0.01                 # within 1 % of the cliff counts, as the prompt says
MISTAKE_RTOL = 5e-3              # a named mistake is recognised to 0.5 % (0.12 for 0.119756 included)


def _cliff_mistakes() -> list[tuple[float, str]]:
    """(wrong value, message) for the slips of exercise 1: the lesson's x with MSE/2 instead of the MSE."""
    mse_min, mse_max = np.linalg.eigvalsh(_hessian(LESSON_X, 2.0))
    half_min, half_max = np.linalg.eigvalsh(_hessian(LESSON_X, 1.0))
    return [
        (2 / mse_max, "that is section 4's cliff, the MSE's 2/λ_max for these x. Right that the new targets and "
                      "start do not move it; but the loss changed too. How do MSE/2's curvatures compare with the "
                      "MSE's, and what does that do to 2/λ_max?"),
        (1 / mse_max, "the cliff moved the wrong way (or MSE/2's table lost its 1/n). MSE/2's curvatures are "
                             "half the MSE's: does a flatter bowl allow larger steps or smaller ones?"),
        (2 / (half_min + half_max), "that is MSE/2's best rate 2/(λ_min + λ_max), where runs converge fastest; the "
                                    "cliff, where they start to grow, lies a little above it, at 2/λ_max."),
        (2 / (mse_min + mse_max), "that is section 4's best rate (the MSE's). Where runs start to grow is the cliff, "
                                  "2/λ_max, and the loss changed to MSE/2: what does that do to the curvatures?"),
        (2 / _hessian(LESSON_X, 1.0)[0, 0], "you left out the bias: 2 divided by the curvature along w alone. With "
                                            "w and b both learning, the largest eigenvalue of the 2×2 table decides."),
        (2 / _hessian(LESSON_X, 2.0)[0, 0], "you left out the bias (2 divided by the curvature along w alone), and "
                                            "kept the MSE's table although the loss is MSE/2."),
        (2 / half_min, "you used λ_min: the steep axis (λ_max) is the first to grow, so the cliff is 2/λ_max."),
        (half_max, "that is λ_max itself, a curvature, not a learning rate: the cliff is 2/λ_max."),
        (mse_max, "that is the MSE's λ_max, a curvature, not a learning rate: the cliff is 2/λ_max."),
    ]


@exercise(LESSON, 1)
def check_cliff_guess(value: Any, hidden: bool = False) -> str:
    """Exercise 1: the smallest learning rate at which gradient descent diverges for the lesson's x with
    new targets, a new start and MSE/2, within 1 %."""
    answer = number_answer(value, "cliff_guess")
    if answer <= 0:
        raise WrongAnswer("`cliff_guess` is a learning rate: a number > 0.")
    mse_cliff = 2 / np.linalg.eigvalsh(_hessian(LESSON_X, 2.0)).max()
    cliff = 2 / np.linalg.eigvalsh(_hessian(LESSON_X, 1.0)).max()
    if abs(answer - cliff) <= TOLERANCE * cliff:
        return (f"{_hidden_prefix(hidden)}the targets and the start do not enter the table of curvatures (only "
                "Σx², Σx and n do), so they move nothing; MSE/2 halves every curvature, so the cliff doubles, from "
                f"the MSE's {mse_cliff:.6f} to {cliff:.6f}. The figure's verdicts turn to diverging there.")
    for wrong, message in _cliff_mistakes():
        if abs(answer - wrong) <= MISTAKE_RTOL * wrong:
            raise WrongAnswer(f"not yet: {message}")
    if answer < cliff:
        raise not_yet("runs at that rate still converge: their loss falls. The cliff lies higher. Which of the "
                      "three changes (targets, start, loss) enters the table of curvatures, and how?")
    raise not_yet("runs at that rate already grow. The cliff lies lower. Which of the three changes (targets, "
                  "start, loss) enters the table of curvatures, and how?")


# ---- Exercise 2 · Implement: fate(eigenvalues, lr) ------------------------------------------------

FATE = "fate(eigenvalues, lr)"
FATES = ("diverges", "oscillates", "steady")
VERDICT_NAMES = {"diverging": "diverges", "diverged": "diverges", "oscillating": "oscillates",
                 "slow": "steady", "converging": "steady", "converges": "steady"}
FLAT = 1e-9     # an eigenvalue below FLAT * lambda_max is a 0 that round-off left (the prompt says so)
MARGIN = 0.005  # every test rate lies at least 0.5 % from both boundaries of the right answer ...
NEAR = 0.03     # ... and one lies within 3 % on each side of each boundary (see _rates for the one exception)


def _curvatures(eigenvalues) -> np.ndarray:
    """The eigenvalues that are not flat: above FLAT times the largest."""
    lam = np.asarray(eigenvalues, dtype=float)
    return lam[lam > FLAT * lam.max()]


def _fate(eigenvalues, lr) -> str:
    """The check's own answer. The last axis to settle is the one with the largest |1 - lr lam|: the steep
    one (factor < 0, so the run ends zig-zagging) exactly when lr > 2/(lam_min + lam_max), which for a
    round bowl (all curvatures equal) is 1/lam; past 2/lam_max it grows."""
    lam = _curvatures(eigenvalues)
    lo, hi = lam.min(), lam.max()
    return "diverges" if lr > 2 / hi else "oscillates" if lr > 2 / (lo + hi) else "steady"


class Case(NamedTuple):
    """One call of the learner's fate: its eigenvalues (as handed over) and learning rate, and a label."""

    eigenvalues: Any
    lr: float
    kind: str   # "well-conditioned", "long valley", "round", "with flat directions"


def _slip_boundaries(eigenvalues) -> list[float]:
    """Every learning rate at which one of the named wrong rules (SLIPS) changes its answer."""
    lam = _curvatures(eigenvalues)
    lo, hi = lam.min(), lam.max()
    points = [1 / hi, 2 / lo, 1 / lo]
    if hi > lo:
        points.append(2 / (hi - lo))
    values = np.asarray(eigenvalues, dtype=float)
    first, last = float(values[0]), float(values[-1])
    for a, b in ((first, last), (min(first, last), max(first, last))):  # "sorted" slips: first and last taken
        if a > 0 and b > 0:
            points += [2 / max(a, b), 2 / (a + b), 1 / max(a, b), 2 / min(a, b)]
    return points


def _rates(eigenvalues, rng: np.random.Generator) -> list[float]:
    """The learning rates a set of eigenvalues is tested at. With cliff = 2/lam_max and best =
    2/(lam_min + lam_max), the two boundaries of the right answer:
    - on each side of each boundary, one rate between 0.5 % and 3 % away from it (so a boundary moved
      by 3 % either way, "diverges past 0.97 * 2/lam_max" or "oscillates up to 1.03 * 2/lam_max", fails
      on every draw), at least 0.5 % from the other boundary;
    - one rate in every stretch between neighbouring boundaries of the right rule and of the named wrong
      rules, 0.5 % from each (so every slip answers differently somewhere);
    - if no rate fell between best and cliff (a long valley, where the two are less than 1 % apart), the
      middle of that stretch, 1/(2 kappa + 2) from both ends: at least 0.005 % for kappa <= 10,000.
    No verdict depends on round-off: a learner's comparison is off by about 1e-16 relative, a million
    times less than the closest rate to a boundary."""
    lam = _curvatures(eigenvalues)
    lo, hi = lam.min(), lam.max()
    cliff, best = 2 / hi, 2 / (lo + hi)
    right, slips = [best, cliff], _slip_boundaries(eigenvalues)

    def clear(lr: float, boundaries: list[float]) -> bool:
        return all(abs(lr / b - 1) > MARGIN for b in boundaries)

    rates = []
    for boundary in right:
        for low, high in ((1 - NEAR, 1 - MARGIN), (1 + MARGIN, 1 + NEAR)):
            draws = boundary * rng.uniform(low, high, 20)
            fits = [lr for lr in draws if clear(lr, right + slips)] or [lr for lr in draws if clear(lr, right)]
            if fits:
                rates.append(float(fits[0]))
    edges = sorted({0.0, *right, *slips, 3 / lo})
    for low, high in zip(edges[:-1], edges[1:]):
        low, high = low * (1 + MARGIN), high * (1 - MARGIN)
        if low < high:
            lr = float(rng.uniform(low, high))
            if clear(lr, right + slips):
                rates.append(lr)
    if not any(best < lr < cliff for lr in rates):
        rates.append(math.sqrt(best * cliff))
    return rates


def _eigenvalue_sets(rng: np.random.Generator, hidden: bool) -> list[tuple[Any, str]]:
    """(eigenvalues, kind) for fresh Hessians: well-conditioned (kappa 1.2 to 3), long valleys (kappa 20 to
    2000), a round bowl (all equal), with flat directions (exact zeros, and round-off-sized values such as
    numpy returns: 1e-17 to 1e-13 of the largest, of either sign), 1 to 6 parameters (8 hidden), in
    shuffled order, as lists, tuples and arrays, over scales from 0.01 to 1000."""
    def spread(count: int, kappa: float, scale: float) -> np.ndarray:
        inner = np.exp(rng.uniform(0, np.log(kappa), max(count - 2, 0)))
        lam = scale * np.concatenate([[1.0, kappa], inner])
        return rng.permutation(np.round(lam, 6))

    def extremes_inside(lam: np.ndarray) -> np.ndarray:
        """``lam`` (4 or more values) with its smallest and largest value away from both ends."""
        ordered = np.sort(lam)
        middle = rng.permutation(ordered[1:-1])
        return np.concatenate([middle[:1], [ordered[0], ordered[-1]], middle[1:]])

    def with_flats(lam: np.ndarray, zeros: int = 0, tiny: int = 0) -> np.ndarray:
        """``lam`` with ``zeros`` exact zeros and ``tiny`` round-off-sized values (the first positive, the
        others of random sign) between its first and last entry."""
        size = np.abs(lam).max() * 10 ** rng.uniform(-17, -13, tiny)
        signs = np.concatenate([[1.0], rng.choice([-1.0, 1.0], max(tiny - 1, 0))])[:tiny]
        inner = rng.permutation(np.concatenate([lam[1:-1], np.zeros(zeros), signs * size]))
        return np.concatenate([lam[:1], inner, lam[-1:]])

    sets = [
        (spread(2, rng.uniform(1.2, 1.8), rng.uniform(0.5, 3)), "well-conditioned"),
        (spread(3, rng.uniform(2, 3), rng.uniform(0.01, 0.1)), "well-conditioned"),
        (spread(2, rng.uniform(20, 80), rng.uniform(1, 20)), "long valley"),
        (extremes_inside(spread(5, rng.uniform(200, 2000), rng.uniform(0.1, 1))), "long valley"),
        (np.full(int(rng.integers(1, 4)), round(float(rng.uniform(0.2, 5)), 4)), "round"),
        (with_flats(spread(2, rng.uniform(1.5, 4), rng.uniform(1, 5)), zeros=1), "with flat directions"),
        (with_flats(spread(3, rng.uniform(10, 50), rng.uniform(0.1, 2)), zeros=1, tiny=1), "with flat directions"),
        (with_flats(spread(2, rng.uniform(1.5, 3), rng.uniform(100, 1000)), tiny=2), "with flat directions"),
        (extremes_inside(spread(6, rng.uniform(1.3, 2.5), rng.uniform(50, 1000))), "well-conditioned"),
    ]
    if hidden:
        sets += [
            (spread(8, rng.uniform(1.2, 2), rng.uniform(0.001, 0.01)), "well-conditioned"),
            (spread(8, rng.uniform(1000, 10000), rng.uniform(1, 10)), "long valley"),
            (with_flats(np.full(2, round(float(rng.uniform(1, 9)), 4)), zeros=1, tiny=2), "with flat directions"),
        ]
    out = []
    for i, (lam, kind) in enumerate(sets):  # hand them over as lists, tuples and arrays
        lam = np.asarray(lam, dtype=float)
        if lam.size >= 2 and lam[0] < lam[-1]:
            lam = lam[::-1].copy()  # never smallest first and largest last by accident
        out.append((lam.tolist() if i % 3 == 0 else tuple(lam.tolist()) if i % 3 == 1 else lam, kind))
    return out


def _cases(rng: np.random.Generator, hidden: bool) -> list[Case]:
    cases = []
    for eigenvalues, kind in _eigenvalue_sets(rng, hidden):
        for lr in _rates(eigenvalues, rng):
            cases.append(Case(eigenvalues, lr, kind))
    return cases


def _sorted_slip(eigenvalues, lr) -> str:
    """Takes the first eigenvalue as the smallest and the last as the largest (the sets never start or end
    with a flat one)."""
    values = np.asarray(eigenvalues, dtype=float)
    lo, hi = values[0], values[-1]
    return "diverges" if lr > 2 / hi else "oscillates" if lr > 2 / (lo + hi) else "steady"


def _ties_steady(eigenvalues, lr) -> str:
    """Compares the two factors strictly: a round bowl (equal factors) always ends 'steady'."""
    lam = _curvatures(eigenvalues)
    steep, flat = abs(1 - lr * lam.max()), abs(1 - lr * lam.min())
    return "diverges" if steep > 1 else "oscillates" if steep > flat else "steady"


def _rule(cliff: Callable, zigzag: Callable, keep: str = "curvatures") -> Callable:
    """A fate rule from two boundaries (functions of lo, hi): diverges above cliff(lo, hi), oscillates above
    zigzag(lo, hi), steady below. ``keep``: which eigenvalues count: "curvatures" (flat ones left out, as
    is right), "all" (flat ones kept) or "positive" (v > 0: exact zeros left out, round-off kept)."""
    def rule(eigenvalues, lr) -> str:
        lam = np.asarray(eigenvalues, dtype=float)
        kept = {"curvatures": _curvatures(lam), "all": lam, "positive": lam[lam > 0]}[keep]
        lo, hi = kept.min(), kept.max()
        try:
            edge_cliff, edge_zigzag = cliff(lo, hi), zigzag(lo, hi)
        except ZeroDivisionError:
            return "crash"
        return "diverges" if lr > edge_cliff else "oscillates" if lr > edge_zigzag else "steady"
    return rule


def _swapped(eigenvalues, lr) -> str:
    right = _fate(eigenvalues, lr)
    return {"oscillates": "steady", "steady": "oscillates"}.get(right, right)


# Named slips, each as the whole rule a learner would have written; a learner's function is named when
# it answers like one of them on every case.
SLIPS: list[tuple[Callable, str]] = [
    (_rule(lambda lo, hi: 1 / hi, lambda lo, hi: 2 / (lo + hi)),
     "you put the cliff at 1/λ_max. Between 1/λ_max and 2/λ_max the steep axis's factor 1 − ηλ_max lies between "
     "−1 and 0: the offset flips sign at every step, but it shrinks. Only beyond 2/λ_max does it grow."),
    (_rule(lambda lo, hi: 2 / (lo + hi), lambda lo, hi: 2 / (lo + hi)),
     "you put the cliff at the best rate 2/(λ_min + λ_max). Just above it the steep axis is the last to settle, "
     "but it still settles: |1 − ηλ_max| < 1 until η reaches 2/λ_max."),
    (_rule(lambda lo, hi: 2 / lo, lambda lo, hi: 2 / (lo + hi)),
     "you put the cliff at 2/λ_min. A run diverges as soon as one axis grows, and the steep axis (λ_max) is the "
     "first: the cliff is 2/λ_max."),
    (_rule(lambda lo, hi: 2 / hi, lambda lo, hi: 1 / hi),
     "your run oscillates from 1/λ_max on. Its first steps do zig-zag there, but the steep axis settles early; "
     "what is left at the end is the axis with the largest |1 − ηλ|, and below the best rate 2/(λ_min + λ_max) "
     "that is the flat one, whose factor is positive."),
    (_rule(lambda lo, hi: 2 / hi, lambda lo, hi: 2 / (lo + hi), keep="all"),
     "you counted a flat direction as λ_min. The loss does not change along it, so descent never moves that "
     "way: leave out the zeros (and round-off-sized values below 1e-9·λ_max)."),
    (_rule(lambda lo, hi: 2 / hi, lambda lo, hi: 2 / (lo + hi), keep="positive"),
     "you counted a round-off-sized eigenvalue (such as 1e-14 next to 5) as a curvature. numpy leaves a flat "
     "direction as a tiny number, not an exact 0: treat anything below 1e-9·λ_max as 0."),
    (_rule(lambda lo, hi: 2 / hi, lambda lo, hi: np.inf),
     "your function never answers 'oscillates' where a long run ends zig-zagging: between the best rate "
     "2/(λ_min + λ_max) and the cliff 2/λ_max the steep axis, whose factor is negative, is the last to settle. "
     "On a round-ish bowl that stretch is wide."),
    (_sorted_slip,
     "the eigenvalues come in any order (and may hold flat ones): take the smallest curvature and the largest, "
     "not the first and the last."),
    (_ties_steady,
     "right on every bowl but a round one. When all curvatures are equal, |1 − ηλ_max| = |1 − ηλ_min| and your "
     "function says steady; but between 1/λ and 2/λ that factor is negative: every step flips the sign."),
    (_swapped,
     "your 'oscillates' and 'steady' are swapped. Which factor is negative, flipping the sign at every step: "
     "the steep axis's 1 − ηλ_max or the flat axis's 1 − ηλ_min?"),
]


def _describe(case: Case) -> str:
    values = np.ravel(np.asarray(case.eigenvalues, dtype=float))
    shown = ", ".join(f"{v:.4g}" for v in values)
    return f"fate({type(case.eigenvalues).__name__} [{shown}], lr = {case.lr:.4g})"


def _read_fate(raw: Any, case: Case) -> str:
    if isinstance(raw, np.str_):
        raw = str(raw)
    if not isinstance(raw, str):
        raise WrongAnswer(f"{_describe(case)} returned {plain_kind(raw)}; return one of the strings "
                          "'diverges', 'oscillates', 'steady'.")
    answer = raw.strip().lower()
    if answer in VERDICT_NAMES:
        raise WrongAnswer(f"{_describe(case)} returned {raw[:20]!r}, a verdict of ll.classify_run for a finite run. "
                          "This exercise asks for the fate of a very long run: 'diverges', 'oscillates' or 'steady'.")
    if answer not in FATES:
        raise WrongAnswer(f"{_describe(case)} returned {raw[:20]!r}; return one of 'diverges', 'oscillates', 'steady'.")
    return answer


def _explain(case: Case, got: str) -> str:
    """Why the learner's answer for ``case`` is wrong, in terms of the factors, without naming the right one."""
    lam = _curvatures(case.eigenvalues)
    steep, flat = 1 - case.lr * lam.max(), 1 - case.lr * lam.min()
    factors = f"here 1 − ηλ_max = {steep:+.4f} and 1 − ηλ_min = {flat:+.4f}"
    if got == "diverges":
        return f"{factors}: is either larger than 1 in size?"
    if _fate(case.eigenvalues, case.lr) == "diverges":
        return f"{factors}: what does a factor larger than 1 in size do to its axis?"
    return f"{factors}: which axis settles last, and is its factor negative or positive?"


@exercise(LESSON, 2)
def check_fate(function: Any, hidden: bool = False) -> str:
    """Exercise 2: fate(eigenvalues, lr) -> 'diverges', 'oscillates' or 'steady' for a long run of gradient
    descent on a quadratic loss whose Hessian has these eigenvalues; checked on fresh Hessians."""
    require(function, "fate")
    rng = fresh_rng()
    cases = _cases(rng, hidden)
    answers = []
    for case in cases:
        handed = (case.eigenvalues.copy() if isinstance(case.eigenvalues, np.ndarray) else
                  list(case.eigenvalues) if isinstance(case.eigenvalues, list) else case.eigenvalues)
        try:
            raw = call_learner(function, handed, case.lr, what=FATE, forbidden="package",
                               forgotten="the `return` line (return 'diverges', 'oscillates' or 'steady')")
        except WrongAnswer as error:
            if "stopped with" not in str(error):
                raise
            flat = (" This Hessian has a flat direction (a 0): descent never moves that way, so leave it out."
                    if np.min(np.abs(np.asarray(case.eigenvalues, dtype=float))) == 0 else "")
            raise WrongAnswer(f"On {_describe(case)}: {str(error)[:200]}{flat}") from None
        answers.append(_read_fate(raw, case))
    right = [_fate(case.eigenvalues, case.lr) for case in cases]
    if answers == right:
        return (_hidden_prefix(hidden) + "on fresh Hessians (round bowls, well-conditioned ones, long valleys, "
                f"flat directions; up to {8 if hidden else 6} parameters) your fate agrees, also within 3 % of "
                "either boundary: diverges beyond 2/λ_max, oscillates between the best rate 2/(λ_min + λ_max) "
                "and the cliff, steady below. Only λ_max and the smallest curvature matter.")
    for slip, message in SLIPS:
        if [slip(case.eigenvalues, case.lr) for case in cases] == answers:
            raise WrongAnswer(f"not yet: {message}")
    wrong = [(case, got) for case, got, want in zip(cases, answers, right) if got != want]
    case, got = wrong[0]
    if all(got == "steady" and _fate(c.eigenvalues, c.lr) == "oscillates" for c, got in wrong):
        hint = " You are wrong only where you say 'steady'."
    elif all(c.kind == "with flat directions" for c, _ in wrong):
        hint = " You are wrong only on Hessians with flat directions."
    else:
        hint = ""
    raise not_yet(f"{_describe(case)} returned {got!r}; {_explain(case, got)}{hint} "
                  f"({len(wrong)} of {len(cases)} cases differ.)")


# ---- Exercise 3 · Transfer: four runs without labels ---------------------------------------------

# The check's own copy of the four runs the figure draws (``figures.lesson05._UNLABELLED``; a test keeps
# the two equal): (data, start, learning rate, epochs, loss scale: 1 for MSE/2, 2 for the MSE).
TWO_POINTS_SEED = 42
FOUR_POINTS_X = (0.5, 1.0, 2.5, 3.0)  # on y = 1 - 2x
_RUNS = (
    ("two points", (0.6477, 1.5230), 1.36, 300, 1.0),
    ("four points", "near the valley floor", 0.206, 200, 2.0),
    ("two points", (0.6477, 1.5230), 0.3, 300, 1.0),
    ("four points", (0.0, 0.0), 0.15, 200, 2.0),
)
RUN_OPTIONS = ("converging", "slow", "oscillating", "diverging")
RULES_IN_ORDER = ("Go through classify_run's rules in order for each run. Does its loss ever rise (below the "
                  "cliff it never does)? Does it get below the dashed line? If not: do the last steps of w "
                  "alternate in sign, or all go the same way?")


def _run_data(which: str) -> tuple[np.ndarray, np.ndarray]:
    if which == "two points":  # the perceptron article's: x = rand(2, 1) with seed 42, y = 2x + 1
        x = np.random.RandomState(TWO_POINTS_SEED).rand(2)
        return x, 2 * x + 1
    x = np.array(FOUR_POINTS_X)
    return x, 1 - 2 * x


def _run_verdict(which: str, start, lr: float, epochs: int, scale: float) -> str:
    """The run of gradient descent stepped by hand, and classify_run's rules applied to it."""
    x, y = _run_data(which)
    A = np.column_stack([x, np.ones_like(x)])
    H = scale * A.T @ A / len(x)
    lam, axes = np.linalg.eigh(H)
    if isinstance(start, str):  # 3 along the flat axis and 0.003 along the steep one, from the minimum
        bottom = np.linalg.lstsq(A, y, rcond=None)[0]
        theta = bottom + 3.0 * axes[:, 0] * np.sign(axes[0, 0] or 1) + 0.003 * axes[:, 1] * np.sign(axes[0, 1] or 1)
    else:
        theta = np.array(start, dtype=float)
    thetas, losses = [theta], [scale / 2 * np.mean((A @ theta - y) ** 2)]
    for _ in range(epochs):
        theta = theta - lr * scale * A.T @ (A @ theta - y) / len(x)
        thetas.append(theta)
        losses.append(scale / 2 * np.mean((A @ theta - y) ** 2))
    if max(losses) > 1e6 * losses[0]:
        return "diverged"
    if lr > 2 / lam.max():
        return "diverging"
    if losses[-1] <= 1e-6 * losses[0]:
        return "converging"
    if (thetas[-1] - thetas[-2]) @ (thetas[-2] - thetas[-3]) < 0:
        return "oscillating"
    return "slow"


def _read_verdicts(value: Any) -> list[str]:
    require(value, "run_verdicts")
    if isinstance(value, np.ndarray):
        value = value.tolist()
    if isinstance(value, str) or not isinstance(value, (list, tuple)):
        raise WrongAnswer(f"`run_verdicts` should be a list of four strings, one per run A, B, C, D, like "
                          f"[\"slow\", \"slow\", \"slow\", \"slow\"]; it is {plain_kind(value)}.")
    if len(value) != 4:
        raise WrongAnswer(f"`run_verdicts` should hold four strings, one per run A, B, C, D; it holds {len(value)}.")
    read = []
    for name, item in zip("ABCD", value):
        if isinstance(item, str) and item.strip().lower().startswith("diverged"):
            item = "diverging"
        read.append(choice_answer(item, f"run_verdicts for run {name}", RUN_OPTIONS))
    return read


@exercise(LESSON, 3)
def check_run_verdicts(value: Any, hidden: bool = False) -> str:
    """Exercise 3: the verdicts of four unlabelled runs A, B, C, D shown in the lesson's figure. A wrong
    answer learns how many verdicts are right, never which."""
    answers = _read_verdicts(value)
    right = [_run_verdict(*spec) for spec in _RUNS]
    right = ["diverging" if v == "diverged" else v for v in right]
    correct = sum(got == want for got, want in zip(answers, right))
    if correct == 4:
        return (f"{_hidden_prefix(hidden)}A oscillates (the steps of w alternate), B is past the cliff although its "
                "loss fell for its first 50 epochs (below the cliff the loss never rises), C is slow (down five "
                "powers of ten, but not below the dashed line), D converges.")
    raise not_yet(f"{correct} of the 4 verdicts {'is' if correct == 1 else 'are'} right. {RULES_IN_ORDER}")
