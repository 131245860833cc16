"""Lesson 1's puzzle, 256 x + 212 y = 1492, and three ways of solving it.

The error of a guess (x, y) is e = LHS - RHS = 256 x + 212 y - 1492. The solutions form a
whole line, so "solving" means landing within a tolerance of it: |e| < tolerance.

Strategies (each returns a ``PuzzleRun``):
- ``random_guessing``: draw (x, y) at random in a box until one fits; no guess learns from the last.
- ``fixed_step_correction``: the source article's rule: move x, then y, then x, ... by a fixed
  step s, down when e > 0 and up when e < 0. It uses only the sign of e. Near the line an x move
  and the next y move go opposite ways and change e by (256 - 212) s = 44 s together, so it
  reaches |e| < tolerance from every start exactly when 44 s < 2 * tolerance; for a larger step
  some starts never get there (the run comes back to a point it has been at and repeats itself).
- ``proportional_correction``: move both against the error, by rate * e * (256, 212): gradient
  descent on C = e**2 / 2. It uses e and the coefficients a = (256, 212).

``evaluations_needed`` runs one correction rule for many settings (steps or rates): the sweeps
of the lesson. ``fixed_step_evaluations`` runs the fixed step for many steps from many starts. ``guesses_needed`` counts random guesses for many seeds, for the puzzle alone or
with a second equation, x - y = 4, that a guess must meet as well.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._validate import as_finite_array, check_positive_number, check_whole_number
from .history import DIVERGENCE_FACTOR

COEFFICIENTS = np.array([256.0, 212.0])  # a = (256, 212): how much one unit of x, of y adds to the LHS
TARGET = 1492.0                          # the right-hand side
NORM2 = float(COEFFICIENTS @ COEFFICIENTS)  # |a|**2 = 256**2 + 212**2 = 110480
SECOND_EQUATION = (np.array([1.0, -1.0]), 4.0)  # x - y = 4: also true at (5, 1), the answer in positive whole numbers
SAFE_STEP_FACTOR = 2.0 / 44.0  # the fixed step lands from every start exactly when step < SAFE_STEP_FACTOR * tolerance
STRATEGIES = ("fixed step", "proportional")


@dataclass(frozen=True)
class PuzzleRun:
    """Every point one strategy evaluated, in order, and how it ended.

    path : shape (k, 2), the (x, y) whose error was computed (path[0] is the first one)
    errors : shape (k,), e = 256 x + 212 y - 1492 at each of them
    evaluations : k, how many times the equation was evaluated
    reached : True when the last error is within the tolerance, |errors[-1]| < tolerance
    diverged_at : for the proportional rule, the step after which the run was stopped because
        it blew up (C = e**2 / 2 above DIVERGENCE_FACTOR times its start); None otherwise
    repeats_from : for the fixed step, the index k of ``path`` such that the run stood at path[k]
        again 4 moves later (the last point): from there it repeats the same 4 moves for ever, so
        it was stopped; errors[k:k + 4] is the cycle. None otherwise
    """

    strategy: str
    path: np.ndarray
    errors: np.ndarray
    evaluations: int
    reached: bool
    diverged_at: int | None = None
    repeats_from: int | None = None

    @property
    def sign_changes(self) -> int:
        """How often the error changed sign between consecutive evaluations (overshoots)."""
        signs = np.sign(self.errors)
        return int(np.count_nonzero(signs[1:] * signs[:-1] < 0))

    @property
    def status(self) -> str:
        """'reached'; 'diverged' for a run stopped because it blew up; 'cycles' for a fixed-step
        run that came back to a point it had been at (it never reaches); for another correction
        that did not reach within its moves: 'oscillating' if it overshot the solution line more
        than once, else 'crawling'; for random guessing that did not reach: 'gave up'."""
        if self.reached:
            return "reached"
        if self.diverged_at is not None:
            return "diverged"
        if self.repeats_from is not None:
            return "cycles"
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
    """The gradient of C(x, y) = e**2 / 2 with e = 256 x + 212 y - 1492: e * (256, 212).

    Why, with school algebra: a nudge (h, k) changes e by exactly 256 h + 212 k, so
    C(x + h, y + k) = C + e * (256 h + 212 k) + (256 h + 212 k)**2 / 2; for small nudges the last
    term is negligible, and C changes by e * 256 per unit of x and e * 212 per unit of y.
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


def _equations(value) -> tuple[np.ndarray, np.ndarray]:
    """The coefficient rows and right-hand sides a guess must meet: the puzzle, and for 2 also x - y = 4."""
    if isinstance(value, bool) or value not in (1, 2):
        raise ValueError(f"equations must be 1 (the puzzle) or 2 (the puzzle and x - y = 4), got {value!r}")
    rows = [COEFFICIENTS, SECOND_EQUATION[0]][:value]
    targets = [TARGET, SECOND_EQUATION[1]][:value]
    return np.array(rows), np.array(targets)


# ---- strategy 1: random guessing ----------------------------------------------------------------

def _guess_until_fit(tolerance: float, low: float, high: float, rng: np.random.Generator,
                     max_tries: int, keep: bool, equations: int = 1) -> tuple[int, bool, list[np.ndarray]]:
    """Draw guesses in batches (1024, 2048, ... up to 2**20) until one has |e| < tolerance in
    every equation.

    Returns (tries used, found?, the guesses drawn if ``keep``). The result is the same as
    drawing one guess at a time: each batch is the next stretch of the same random stream.
    """
    rows, targets = _equations(equations)
    tries, batch, kept = 0, 1024, []
    while tries < max_tries:
        size = min(batch, max_tries - tries)
        guesses = rng.uniform(low, high, size=(size, 2))
        # shape (size, equations); element by element (no matrix product), so every CPU rounds alike
        errors = guesses[:, :1] * rows[:, 0] + guesses[:, 1:] * rows[:, 1] - targets
        hits = np.flatnonzero(np.all(np.abs(errors) < tolerance, axis=1))
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


def guesses_needed(tolerance: float, seeds, box=(-10.0, 10.0), max_tries: int = 10_000_000,
                   equations: int = 1) -> np.ndarray:
    """The number of random guesses needed, once per seed (shape (len(seeds),)).

    ``equations=1``: a guess must meet the puzzle, |256 x + 212 y - 1492| < tolerance; the
    counts are those of ``random_guessing(tolerance, box, seed).evaluations``.
    ``equations=2``: it must also meet x - y = 4 to the same tolerance. The two strips cross in
    a small parallelogram whose sides both shrink with the tolerance, so the chance of a hit
    shrinks like tolerance**2 instead of tolerance.
    A seed that found nothing within ``max_tries`` counts as ``max_tries + 1`` (more than allowed).
    """
    tolerance = check_positive_number(tolerance, "tolerance")
    low, high = _box(box)
    max_tries = check_whole_number(max_tries, "max_tries", 1)
    _equations(equations)
    seeds = [check_whole_number(s, "seeds", 0) for s in np.ravel(np.asarray(seeds, dtype=object))]
    if not seeds:
        raise ValueError("seeds must hold at least one whole number >= 0, got none")
    counts = []
    for seed in seeds:
        tries, found, _ = _guess_until_fit(tolerance, low, high, np.random.default_rng(seed), max_tries,
                                           keep=False, equations=equations)
        counts.append(tries if found else max_tries + 1)
    return np.array(counts)


# ---- strategy 2: correct by a fixed step ---------------------------------------------------------

def _fixed_step_moves(x: float, y: float, step: float, tolerance: float,
                      max_iterations: int) -> tuple[list[float], list[float], list[float], int | None]:
    """The article's rule as a plain loop: (xs, ys, errors, repeats_from), every point and error.

    The loop stops when |e| < tolerance, after ``max_iterations`` moves, or when the point is the
    one of 4 moves earlier: the rule then repeats those 4 moves for ever (``repeats_from`` is the
    index of that earlier point; None if it did not happen).
    """
    a_x, a_y = (float(c) for c in COEFFICIENTS)
    e = a_x * x + a_y * y - TARGET
    xs, ys, errors = [x], [y], [e]
    for move in range(max_iterations + 1):
        if abs(e) < tolerance:
            break
        if move >= 4 and xs[-1] == xs[-5] and ys[-1] == ys[-5]:
            # same point, same kind of move (x or y) next as 4 moves ago: the same 4 moves again, for ever
            return xs, ys, errors, len(xs) - 5
        if move == max_iterations:
            break
        direction = -step if e > 0 else step
        if move % 2 == 0:
            x += direction
        else:
            y += direction
        e = a_x * x + a_y * y - TARGET
        xs.append(x)
        ys.append(y)
        errors.append(e)
    return xs, ys, errors, None


def fixed_step_correction(start, step: float, tolerance: float, max_iterations: int = 10_000) -> PuzzleRun:
    """The source article's rule: evaluate e; stop if |e| < tolerance; otherwise move one
    unknown by ``step``, down if e > 0 and up if e < 0. Moves alternate: x, y, x, y, ...

    Every move changes e by 256 * step or 212 * step, whatever the size of the error, so a tiny
    step needs about |e0| / (234 * step) moves to get there. Near the line an x move and the next
    y move go opposite ways and change e by 44 * step together: e creeps towards 0 in steps of
    44 * step and ends up going to and fro between two values 44 * step apart, one of them within
    22 * step of 0. So every start reaches the tolerance when 44 * step < 2 * tolerance; for a
    larger step that depends on the start. A run that comes back to the point where it stood 4
    moves earlier repeats those moves for ever: it is stopped there, with status 'cycles' and
    ``repeats_from`` set. At most ``max_iterations`` moves.
    """
    x, y = _point(start, "start")
    step = check_positive_number(step, "step")
    tolerance = check_positive_number(tolerance, "tolerance")
    max_iterations = check_whole_number(max_iterations, "max_iterations", 0)
    xs, ys, errors, repeats_from = _fixed_step_moves(x, y, step, tolerance, max_iterations)
    errors = np.array(errors)
    return PuzzleRun("fixed step", np.column_stack([xs, ys]), errors, len(errors), bool(abs(errors[-1]) < tolerance),
                     repeats_from=repeats_from)


def fixed_step_evaluations(steps, starts, tolerance: float = 0.1, max_iterations: int = 100_000) -> np.ndarray:
    """How many evaluations the fixed step needs to reach |e| < tolerance, for every step and start.

    Returns a float array of shape (len(steps), len(starts)): entry [i, j] is
    ``fixed_step_correction(starts[j], steps[i], tolerance, max_iterations).evaluations`` when that
    run reaches the tolerance, ``inf`` when it never does (it came back to the point of 4 moves
    earlier, status 'cycles'), and ``nan`` when it is still on its way after ``max_iterations``
    moves. All runs move together, as numpy arrays, with the same arithmetic as the plain loop.
    """
    values = as_finite_array(steps, "steps")
    if values.ndim != 1 or values.size == 0 or np.any(values <= 0):
        raise ValueError(f"steps must be a non-empty list of numbers > 0, got {steps!r}")
    points = as_finite_array(starts, "starts")
    if points.ndim != 2 or points.shape[1] != 2 or points.shape[0] == 0:
        raise ValueError(f"starts must be a list of (x, y) pairs, got shape {points.shape}")
    tolerance = check_positive_number(tolerance, "tolerance")
    max_iterations = check_whole_number(max_iterations, "max_iterations", 0)
    a_x, a_y = (float(c) for c in COEFFICIENTS)
    step = np.repeat(values, len(points))
    x, y = np.tile(points[:, 0], len(values)), np.tile(points[:, 1], len(values))
    e = a_x * x + a_y * y - TARGET          # element by element, as the plain loop computes it
    result = np.full(step.size, np.nan)
    active = np.arange(step.size)
    earlier: list[tuple[np.ndarray, np.ndarray]] = []   # the points of the last 4 moves, oldest first

    def drop(finished: np.ndarray, value) -> None:
        nonlocal active, step, x, y, e, earlier
        result[active[finished]] = value
        keep = ~finished
        active, step, x, y, e = active[keep], step[keep], x[keep], y[keep], e[keep]
        earlier = [(ex[keep], ey[keep]) for ex, ey in earlier]

    evaluations = 1
    for move in range(max_iterations + 1):
        reached = np.abs(e) < tolerance
        if reached.any():
            drop(reached, float(evaluations))
        if move >= 4 and active.size:
            repeated = (x == earlier[0][0]) & (y == earlier[0][1])
            if repeated.any():
                drop(repeated, np.inf)
        if active.size == 0 or move == max_iterations:
            break
        earlier = earlier[-3:] + [(x, y)]
        direction = np.where(e > 0, -step, step)
        if move % 2 == 0:
            x = x + direction
        else:
            y = y + direction
        e = a_x * x + a_y * y - TARGET
        evaluations += 1
    return result.reshape(len(values), len(points))


# ---- strategy 3: correct in proportion to the error (gradient descent) ------------------------

def proportional_correction(start, rate: float, tolerance: float, max_iterations: int = 1_000) -> PuzzleRun:
    """Move both unknowns against the error, in proportion to it:

        (x, y) <- (x, y) - rate * e * (256, 212),

    which is gradient descent on C = e**2 / 2 (its gradient is e * (256, 212)).
    One step turns the error e into (1 - rate * |a|**2) * e with |a|**2 = 256**2 + 212**2 = 110480:
    the error vanishes in one step at rate = 1 / 110480, shrinks for 0 < rate < 2 / 110480 and
    grows beyond. At most ``max_iterations`` steps. A run whose C = e**2 / 2 exceeds
    DIVERGENCE_FACTOR (10**6) times its start, i.e. |e| > 1000 |e0|, is stopped there and has
    ``diverged_at`` = the number of steps it made.
    """
    x, y = _point(start, "start")
    rate = check_positive_number(rate, "rate")
    tolerance = check_positive_number(tolerance, "tolerance")
    max_iterations = check_whole_number(max_iterations, "max_iterations", 0)
    points = [np.array([x, y])]
    errors = [puzzle_error(x, y)]
    limit = DIVERGENCE_FACTOR * errors[0] ** 2
    diverged_at = None
    for step in range(1, max_iterations + 1):
        e = errors[-1]
        if abs(e) < tolerance:
            break
        points.append(points[-1] - rate * e * COEFFICIENTS)
        errors.append(puzzle_error(*points[-1]))
        if errors[-1] ** 2 > limit:
            diverged_at = step
            break
    errors = np.array(errors)
    return PuzzleRun("proportional", np.array(points), errors, len(errors), bool(abs(errors[-1]) < tolerance),
                     diverged_at)


# ---- sweeps: one rule, many settings -------------------------------------------------------------

def evaluations_needed(strategy: str, settings, start=(0.0, 0.0), tolerance: float = 0.1,
                       max_iterations: int = 100_000) -> np.ndarray:
    """How many evaluations ``strategy`` needs to reach |e| < tolerance from ``start``, once per
    setting: the step sizes of "fixed step" or the rates of "proportional".

    Returns a float array of shape (len(settings),): the same counts as
    ``fixed_step_correction`` / ``proportional_correction(start, setting, tolerance,
    max_iterations).evaluations`` for the runs that reached the tolerance, and ``inf`` for the
    runs that did not (a fixed step that cycles across the line, a rate that diverges, or either
    still on its way after ``max_iterations`` steps).
    """
    if strategy not in STRATEGIES:
        raise ValueError(f"strategy must be one of {', '.join(repr(s) for s in STRATEGIES)}, got {strategy!r}")
    x, y = _point(start, "start")
    values = as_finite_array(settings, "settings")
    if values.ndim != 1 or values.size == 0:
        raise ValueError(f"settings must be a non-empty list of numbers, got shape {values.shape}")
    name = "step" if strategy == "fixed step" else "rate"
    values = [check_positive_number(float(v), f"settings (every {name})") for v in values]
    tolerance = check_positive_number(tolerance, "tolerance")
    max_iterations = check_whole_number(max_iterations, "max_iterations", 0)
    if strategy == "fixed step":
        counts = fixed_step_evaluations(values, [(x, y)], tolerance, max_iterations)[:, 0]
        return np.where(np.isnan(counts), np.inf, counts)
    counts = []
    for value in values:
        run = proportional_correction((x, y), value, tolerance, max_iterations)
        counts.append(float(run.evaluations) if run.reached else np.inf)
    return np.array(counts)
