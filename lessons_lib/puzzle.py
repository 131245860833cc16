"""Lesson 1's puzzle, 256 x + 212 y = 1492, and three ways of solving it.

The error of a guess (x, y) is e = LHS - RHS = 256 x + 212 y - 1492. The solutions form a
whole line, so "solving" means landing within a tolerance of it: |e| < tolerance.

Strategies (each returns a ``PuzzleRun``):
- ``random_guessing``: draw (x, y) at random in a box until one fits; no guess learns from the last.
- ``fixed_step_correction``: the source article's rule: move x, then y, then x, ... by a fixed
  step, down when e > 0 and up when e < 0.
- ``proportional_correction``: move both against the error, by rate * e * (256, 212): gradient
  descent on C = e**2 / 2.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._validate import as_finite_array, check_positive_number, check_whole_number

COEFFICIENTS = np.array([256.0, 212.0])  # a = (256, 212): how much one unit of x, of y adds to the LHS
TARGET = 1492.0                          # the right-hand side


@dataclass(frozen=True)
class PuzzleRun:
    """Every point one strategy evaluated, in order, and how it ended.

    path : shape (k, 2), the (x, y) whose error was computed (path[0] is the first one)
    errors : shape (k,), e = 256 x + 212 y - 1492 at each of them
    evaluations : k, how many times the equation was evaluated
    reached : True when the last error is within the tolerance, |errors[-1]| < tolerance
    """

    strategy: str
    path: np.ndarray
    errors: np.ndarray
    evaluations: int
    reached: bool

    @property
    def sign_changes(self) -> int:
        """How often the error changed sign between consecutive evaluations (overshoots)."""
        signs = np.sign(self.errors)
        return int(np.count_nonzero(signs[1:] * signs[:-1] < 0))

    @property
    def status(self) -> str:
        """'reached'; for a correction that did not reach: 'oscillating' if it overshot the
        solution line more than once, else 'crawling'; for random guessing: 'gave up'."""
        if self.reached:
            return "reached"
        if self.strategy == "random guessing":
            return "gave up"
        return "oscillating" if self.sign_changes >= 2 else "crawling"


def puzzle_error(x, y):
    """The error of the guess (x, y): e = LHS - RHS = 256 x + 212 y - 1492.

    Positive e: the left side is too big. Works element-wise on arrays (then returns an array).
    """
    e = COEFFICIENTS[0] * np.asarray(x, dtype=float) + COEFFICIENTS[1] * np.asarray(y, dtype=float) - TARGET
    return float(e) if np.ndim(e) == 0 else e


def half_squared_error_gradient(x: float, y: float) -> np.ndarray:
    """Gradient of C(x, y) = e**2 / 2 with e = 256 x + 212 y - 1492.

    Chain rule: dC/dx = e * de/dx = 256 e and dC/dy = e * de/dy = 212 e, so grad C = e * (256, 212).
    """
    return puzzle_error(x, y) * COEFFICIENTS


# ---- input checks ---------------------------------------------------------------------------

def _point(value, name: str) -> tuple[float, float]:
    point = as_finite_array(value, name)
    if point.shape != (2,):
        raise ValueError(f"{name} must be two numbers (x, y), got shape {point.shape}")
    return float(point[0]), float(point[1])


def _box(value) -> tuple[float, float]:
    box = as_finite_array(value, "box")
    if box.shape != (2,) or not box[0] < box[1]:
        raise ValueError(f"box must be two numbers (low, high) with low < high, got {value!r}")
    return float(box[0]), float(box[1])


# ---- strategy 1: random guessing ----------------------------------------------------------------

def _guess_until_fit(tolerance: float, low: float, high: float, rng: np.random.Generator,
                     max_tries: int, keep: bool) -> tuple[int, bool, list[np.ndarray]]:
    """Draw guesses in batches (1024, 2048, ... up to 2**20) until one has |e| < tolerance.

    Returns (tries used, found?, the guesses drawn if ``keep``). The result is the same as
    drawing one guess at a time: each batch is the next stretch of the same random stream.
    """
    tries, batch, kept = 0, 1024, []
    while tries < max_tries:
        size = min(batch, max_tries - tries)
        guesses = rng.uniform(low, high, size=(size, 2))
        errors = puzzle_error(guesses[:, 0], guesses[:, 1])
        hits = np.flatnonzero(np.abs(errors) < tolerance)
        if hits.size:
            if keep:
                kept.append(guesses[: hits[0] + 1])
            return tries + int(hits[0]) + 1, True, kept
        if keep:
            kept.append(guesses)
        tries += size
        batch = min(2 * batch, 2**20)
    return tries, False, kept


def random_guessing(tolerance: float, box=(-10.0, 10.0), seed: int = 0, max_tries: int = 10_000_000) -> PuzzleRun:
    """Guess x and y uniformly at random in [low, high) until |256 x + 212 y - 1492| < tolerance.

    Each guess ignores all earlier ones (nothing is learned). The chance p that one guess fits
    is the area of the strip |e| < tolerance inside the box over the box's area; the strip is
    2 * tolerance / |a| wide (|a| = sqrt(256**2 + 212**2)), so p grows in proportion to the
    tolerance and the number of tries, on average 1/p, grows like 1/tolerance.
    Reproducible: the same seed gives the same guesses.
    """
    tolerance = check_positive_number(tolerance, "tolerance")
    low, high = _box(box)
    seed = check_whole_number(seed, "seed", 0)
    max_tries = check_whole_number(max_tries, "max_tries", 1)
    tries, found, kept = _guess_until_fit(tolerance, low, high, np.random.default_rng(seed), max_tries, keep=True)
    path = np.concatenate(kept)
    return PuzzleRun("random guessing", path, puzzle_error(path[:, 0], path[:, 1]), tries, found)


def guesses_needed(tolerance: float, seeds, box=(-10.0, 10.0), max_tries: int = 10_000_000) -> np.ndarray:
    """The number of random guesses ``random_guessing`` needs, once per seed (shape (len(seeds),)).

    The same counts as ``random_guessing(tolerance, box, seed).evaluations``, without keeping
    every guess. A seed that found nothing within ``max_tries`` counts as ``max_tries + 1``
    (more than allowed).
    """
    tolerance = check_positive_number(tolerance, "tolerance")
    low, high = _box(box)
    max_tries = check_whole_number(max_tries, "max_tries", 1)
    seeds = [check_whole_number(s, "seeds", 0) for s in np.ravel(np.asarray(seeds, dtype=object))]
    if not seeds:
        raise ValueError("seeds must hold at least one whole number >= 0, got none")
    counts = []
    for seed in seeds:
        tries, found, _ = _guess_until_fit(tolerance, low, high, np.random.default_rng(seed), max_tries, keep=False)
        counts.append(tries if found else max_tries + 1)
    return np.array(counts)


# ---- strategy 2: correct by a fixed step ---------------------------------------------------------

def fixed_step_correction(start, step: float, tolerance: float, max_iterations: int = 10_000) -> PuzzleRun:
    """The source article's rule: evaluate e; stop if |e| < tolerance; otherwise move one
    unknown by ``step``, down if e > 0 and up if e < 0. Moves alternate: x, y, x, y, ...

    Every move changes e by 256 * step or 212 * step, whatever the size of the error: a step
    that is large next to the tolerance jumps over the solution line and back forever, a tiny
    one needs about |e0| / (234 * step) moves to get there. At most ``max_iterations`` moves.
    """
    x, y = _point(start, "start")
    step = check_positive_number(step, "step")
    tolerance = check_positive_number(tolerance, "tolerance")
    max_iterations = check_whole_number(max_iterations, "max_iterations", 0)
    a_x, a_y = (float(c) for c in COEFFICIENTS)
    xs, ys, errors = [x], [y], [a_x * x + a_y * y - TARGET]
    for move in range(max_iterations):
        e = errors[-1]
        if abs(e) < tolerance:
            break
        direction = -step if e > 0 else step
        if move % 2 == 0:
            x += direction
        else:
            y += direction
        xs.append(x)
        ys.append(y)
        errors.append(a_x * x + a_y * y - TARGET)
    errors = np.array(errors)
    return PuzzleRun("fixed step", np.column_stack([xs, ys]), errors, len(errors), bool(abs(errors[-1]) < tolerance))


# ---- strategy 3: correct in proportion to the error (gradient descent) ------------------------

def proportional_correction(start, rate: float, tolerance: float, max_iterations: int = 1_000) -> PuzzleRun:
    """Move both unknowns against the error, in proportion to it:

        (x, y) <- (x, y) - rate * e * (256, 212),

    which is gradient descent on C = e**2 / 2 (its gradient is e * (256, 212)).
    One step turns the error e into (1 - rate * (256**2 + 212**2)) * e, so it shrinks for
    0 < rate < 2 / 110480 and grows (the run diverges) beyond. At most ``max_iterations`` steps;
    a run whose error passes 1e100 stops there.
    """
    x, y = _point(start, "start")
    rate = check_positive_number(rate, "rate")
    tolerance = check_positive_number(tolerance, "tolerance")
    max_iterations = check_whole_number(max_iterations, "max_iterations", 0)
    points = [np.array([x, y])]
    errors = [puzzle_error(x, y)]
    for _ in range(max_iterations):
        e = errors[-1]
        if abs(e) < tolerance or abs(e) > 1e100:
            break
        points.append(points[-1] - rate * e * COEFFICIENTS)
        errors.append(puzzle_error(*points[-1]))
    errors = np.array(errors)
    return PuzzleRun("proportional", np.array(points), errors, len(errors), bool(abs(errors[-1]) < tolerance))
