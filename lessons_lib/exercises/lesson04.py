"""Lesson 04's checks: twice the learning rate (Predict), the training loop ``train`` written by the
learner (Implement), one epoch of minibatch gradient descent (Transfer).

Each check computes what it expects with its own few lines of numpy (never with the package's
descent functions, which a learner's cell could have replaced), names the mistakes it recognises,
and never shows the expected value of a value answer. The learner's functions run on fresh random
data in several shapes (flat and column arrays, one point, many points), while every function of
the course package refuses to work (the exercises say "write it yourself").
"""
from __future__ import annotations

from typing import Any, Callable

import numpy as np

from .framework import (
    NotDoneYet,
    WrongAnswer,
    call_learner,
    choice_answer,
    describe_numbers,
    exercise,
    fresh_rng,
    is_close,
    not_yet,
    number_answer,
    numbers_answer,
    plain_kind,
    require,
    shapes_of_data,
)

LESSON = "04"
EXERCISES = {1: "predict: twice the learning rate", 2: "implement: train", 3: "transfer: one epoch of minibatches"}

# Exercises 2 and 3 say "write it yourself": while a learner's function is checked, every function of the
# course package refuses to run, however it is reached (ll.gradient_descent, descent.closed_form_trajectory,
# stochastic.minibatches, ...).
SHORTCUTS = "package"
RTOL, ATOL = 1e-10, 1e-10  # right answers agree with the check's loop to round-off; a nudged gradient does not


def _lesson_data() -> tuple[np.ndarray, np.ndarray, float, float]:
    """The lesson's two points and start, drawn as the perceptron article draws them (seed 42):
    x = rand(2, 1), w0 = randn(), b0 = randn(), y = 2x + 1. Returns flat x, y and (w0, b0)."""
    stream = np.random.RandomState(42)
    x = stream.rand(2)
    w0, b0 = float(stream.randn()), float(stream.randn())
    return x, 2 * x + 1, w0, b0


# ---- one update, right and wrong ------------------------------------------------------------------------

def _right_step(x, y, w, b, lr):
    e = w * x + b - y
    return w - lr * np.mean(e * x), b - lr * np.mean(e)


def _slip_step(slip: str) -> Callable:
    """One full-batch update of the half-MSE with the named slip (x, y flat arrays)."""
    def step(x, y, w, b, lr):
        e = w * x + b - y
        dw, db = np.mean(e * x), np.mean(e)
        if slip == "sign":
            return w + lr * dw, b + lr * db
        if slip == "no lr":
            return w - dw, b - db
        if slip == "no 1/n":
            return w - lr * np.sum(e * x), b - lr * np.sum(e)
        if slip == "fixed n":
            return w - lr * np.sum(e * x) / 2, b - lr * np.sum(e) / 2
        if slip == "times 2":
            return w - 2 * lr * dw, b - 2 * lr * db
        if slip == "half":
            return w - lr * dw / 2, b - lr * db / 2
        if slip == "x outside":
            return w - lr * np.mean(x) * db, b - lr * db
        if slip == "swapped gradients":
            return w - lr * db, b - lr * dw
        if slip == "b with w's gradient":
            return w - lr * dw, b - lr * dw
        if slip == "w with b's gradient":
            return w - lr * db, b - lr * db
        if slip == "b after w":
            w_new = w - lr * dw
            return w_new, b - lr * np.mean(w_new * x + b - y)
        if slip == "w after b":
            b_new = b - lr * db
            return w - lr * np.mean((w * x + b_new - y) * x), b_new
        raise KeyError(slip)
    return step


STEP_SLIPS = {
    "sign": "wrong sign: every update climbed the slope. Step against the gradient: w − η·∂C/∂w, b − η·∂C/∂b "
            "(with e_i = ŷ_i − y_i).",
    "no lr": "you forgot the learning rate: multiply each gradient by lr before subtracting it.",
    "no 1/n": "you forgot the 1/n: ∂C/∂w is the *mean* of e_i·x_i and ∂C/∂b the mean error, not their sums "
              "(with sums, the steps grow with the number of points).",
    "fixed n": "you divided the sums by a fixed 2 (the lesson's data has 2 points) instead of n, the number of points "
               "passed in, which here is not 2: ∂C/∂w = (1/n) Σ e_i x_i, and np.mean divides by the right n.",
    "times 2": "a factor 2 too many: that is the MSE's gradient. For C = MSE/2 the ½ cancels the 2 that the square "
               "brings down: ∂C/∂w = (1/n) Σ e_i x_i.",
    "half": "half the gradient: the square brings down a 2 that cancels the ½ of C = (1/2n) Σ e_i². You divided by 2n "
            "but dropped that 2: ∂C/∂w = (1/n) Σ e_i x_i.",
    "x outside": "x outside the sum: you used mean(x)·mean(e). Each error must be multiplied by its own x_i before "
                 "averaging: mean(e·x) (the perceptron article's slip, lesson 3).",
    "swapped gradients": "the two gradients are swapped: w moves by η·mean(e·x), b by η·mean(e).",
    "b with w's gradient": "you updated b with w's gradient. b's input is always 1, so ∂C/∂b = mean(e), with no x.",
    "w with b's gradient": "you updated w with b's gradient (the mean error, without the x_i): ∂C/∂w = mean(e·x).",
    "b after w": "you computed b's gradient *after* changing w. Compute both gradients from the old (w, b) first, "
                 "then update both.",
    "w after b": "you updated b first and then computed w's gradient with the new b. Compute both gradients from the "
                 "old (w, b) first, then update both.",
}


# ---- Exercise 1 · Predict: twice the learning rate ------------------------------------------------------

PREDICT_EPOCHS = 100
PREDICT_RATES = (0.1, 0.2)


def _half_mse_run(x, y, w, b, lr, epochs) -> np.ndarray:
    """The losses C = MSE/2 before each of ``epochs`` full-batch updates, and after the last."""
    losses = []
    for _ in range(epochs):
        e = w * x + b - y
        losses.append(np.mean(e * e) / 2)
        w, b = _right_step(x, y, w, b, lr)
    e = w * x + b - y
    losses.append(np.mean(e * e) / 2)
    return np.array(losses)


def _option_for(ratio: float) -> str:
    """Which option a ratio (loss at the first rate / loss at the second) belongs to."""
    if ratio < 0.8:
        return "a"
    if ratio < 1.25:
        return "b"
    if ratio < 2.4:
        return "c"
    if ratio < 5.0:
        return "d"
    return "e"


@exercise(LESSON, 1)
def check_double_rate(prediction: Any) -> str:
    """Exercise 1: on the two points, from the lesson's start, how does the loss after 100 epochs at
    η = 0.2 compare with the loss after 100 epochs at η = 0.1? (a) higher, (b) about the same,
    (c) about half, (d) about a third, (e) ten times lower or less."""
    answer = choice_answer(prediction, "prediction", ["a", "b", "c", "d", "e"])
    x, y, w0, b0 = _lesson_data()
    slow = _half_mse_run(x, y, w0, b0, PREDICT_RATES[0], 2 * PREDICT_EPOCHS)
    fast = _half_mse_run(x, y, w0, b0, PREDICT_RATES[1], PREDICT_EPOCHS)
    ratio = float(slow[PREDICT_EPOCHS] / fast[PREDICT_EPOCHS])
    if answer == _option_for(ratio):
        return (f"Right: after {PREDICT_EPOCHS} epochs C = {slow[PREDICT_EPOCHS]:.4f} at η = 0.1 and "
                f"{fast[PREDICT_EPOCHS]:.4f} at η = 0.2, {ratio:.1f} times lower. Late in a run each epoch multiplies "
                "the loss by (1 − ηλ)²; with twice the η that is (1 − 2ηλ)² ≈ (1 − ηλ)⁴, the factor of two epochs. "
                f"So 100 epochs at η = 0.2 do about what 200 do at η = 0.1 (C = {slow[2 * PREDICT_EPOCHS]:.4f}).")
    explanations = {
        "a": "a longer step can overshoot the bottom, but only when it is far too long: lesson 5 finds where that "
             "starts, and η = 0.2 is nowhere near it (the run's curve in the cell above still falls all the way). "
             "Below that limit a longer step removes more of the remaining distance each epoch.",
        "b": "the loss would stay about the same only if the run had already reached its floor. At epoch 100 it is "
             "still falling by the same factor every epoch (section 3), and that factor depends on η.",
        "c": "\"twice the step, half the loss\" would hold if the loss fell in proportion to the steps. It falls by a "
             "*factor* per epoch, (1 − ηλ)² (section 3): work out how that factor changes when η doubles, and what "
             "it does over 100 epochs.",
        "d": "compare the factor per epoch, (1 − ηλ)² from section 3, at η = 0.1 and at η = 0.2: how many epochs "
             "at η = 0.1 does one epoch at η = 0.2 match? Then read section 2's table at that many epochs.",
        "e": "that would need one epoch at η = 0.2 to do the work of many epochs at η = 0.1. Compare the factor per "
             "epoch, (1 − ηλ)² from section 3, at both rates: one epoch at twice the η matches about how many at η?",
    }
    raise WrongAnswer(f"not yet: {explanations[answer]}")


# ---- Exercise 2 · Implement: the training loop ---------------------------------------------------------------

TRAIN = "train(x, y, w0, b0, lr, epochs)"


def _train_reference(x, y, w0, b0, lr, epochs, step: Callable = _right_step, kind: str = "right"):
    """The check's own loop: (w, b, losses) after ``epochs`` updates, losses recorded before each update.

    ``kind`` changes how the loop is built, to name the learner's mistake: "after" records the loss
    after each update, "both" before each update and after the last, "one more"/"one less" make
    epochs ± 1 updates, "restart" starts every epoch from (w0, b0), "frozen" computes the errors
    once before the loop, "one update" returns after the first epoch. ``step`` is one update.
    """
    x, y = np.ravel(x).astype(float), np.ravel(y).astype(float)

    def loss(w, b):
        e = w * x + b - y
        return float(np.mean(e * e) / 2)

    w, b = float(w0), float(b0)
    updates = {"one more": epochs + 1, "one less": max(epochs - 1, 0), "one update": min(epochs, 1)}.get(kind, epochs)
    losses = []
    e0 = w * x + b - y
    with np.errstate(all="ignore"):
        for _ in range(updates):
            if kind == "after":
                w, b = step(x, y, w, b, lr)
                losses.append(loss(w, b))
                continue
            losses.append(loss(w, b) if kind != "restart" else loss(float(w0), float(b0)))
            if kind == "restart":
                w, b = step(x, y, float(w0), float(b0), lr)
            elif kind == "frozen":
                w, b = w - lr * np.mean(e0 * x), b - lr * np.mean(e0)
            else:
                w, b = step(x, y, w, b, lr)
        if kind == "both":
            losses.append(loss(w, b))
    return float(w), float(b), np.array(losses, dtype=float)


RUN_SLIPS = {
    "restart": "every epoch started again from (w0, b0): your losses never change. Assign the new values back to w "
               "and b (w = w - lr * ...), so that the next epoch starts where this one ended.",
    "frozen": "you computed the errors once, before the loop, so every epoch took the same step. The forward pass "
              "(ŷ = w·x + b and the errors) belongs inside the loop: the errors change as w and b change.",
    "one more": "your loop made epochs + 1 updates. `for epoch in range(epochs):` runs exactly `epochs` times.",
    "one less": "your loop made epochs − 1 updates. `for epoch in range(epochs):` runs exactly `epochs` times.",
}


def _as_train_result(result: Any, epochs: int) -> tuple[float, float, np.ndarray, bool]:
    """(w, b, losses, single) from what the learner's train returned, or a WrongAnswer saying what is
    wrong with it. ``single`` is True when the numbers come in float32 (or float16), about 7 digits."""
    if not isinstance(result, (tuple, list)):
        raise WrongAnswer(f"train should return three things, `return w, b, losses`; it returned {plain_kind(result)}.")
    if len(result) != 3:
        raise WrongAnswer(f"train should return three things, `return w, b, losses`; it returned {len(result)}.")
    items, single = [], False
    for item in result:
        if isinstance(item, (str, bytes, bool, np.bool_, dict)) or callable(item):
            raise WrongAnswer(f"train should return numbers (w, b) and a list of losses; one of the three is "
                              f"{plain_kind(item)}.")
        try:
            raw = np.asarray(item)
            single = single or (raw.dtype.kind == "f" and raw.dtype.itemsize < 8)
            items.append(np.asarray(item, dtype=float))
        except (TypeError, ValueError):
            raise WrongAnswer("train should return numbers (w, b) and a list of losses; one of the three is not "
                              f"made of numbers ({plain_kind(item)}).") from None
    w, b, losses = items
    if epochs != 1 and w.size == epochs and b.size == 1 and losses.size == 1:
        raise WrongAnswer("return the three in this order: `return w, b, losses` (your first item holds the losses).")
    for name, value in (("w", w), ("b", b)):
        if value.size != 1:
            raise WrongAnswer(f"the {name} that train returns should be one number; it is an array of shape "
                              f"{value.shape}. (A column (n, 1) times a flat (n,) array makes an n × n table; "
                              "x outside the sum or no mean also leaves one value per point.)")
    if losses.ndim > 1 and losses.size != epochs:
        raise WrongAnswer(f"losses should hold one number per epoch; yours is a table of shape {losses.shape}. "
                          "Record one number, C = mean(e²)/2, per epoch.")
    return float(w.reshape(())), float(b.reshape(())), losses.ravel(), single


def _train_case(rng: np.random.Generator, description: str, x: np.ndarray, y: np.ndarray,
                epochs: int, scale: float = 1.0) -> dict:
    """One test of train: data, a start, a safe learning rate (lr·λmax between 0.3 and 1.2, where
    λmax <= mean(x²) + 1 is the largest curvature of C) and a number of epochs."""
    xf = np.ravel(x)
    lr = float(rng.uniform(0.3, 1.2) / (np.mean(xf * xf) + 1) * scale)
    w0 = round(float(rng.uniform(-2, 2)), 3) + 0.0003
    b0 = round(float(rng.uniform(-2, 2)), 3) + 0.0001
    return {"description": description, "x": x, "y": y, "w0": w0, "b0": b0, "lr": round(lr, 5), "epochs": epochs}


def _distinct_probe(rng: np.random.Generator) -> dict:
    """Flat data on which every named slip gives a clearly different result after one update and after a few."""
    for _ in range(200):
        description, x, y = shapes_of_data(rng)[0]
        case = _train_case(rng, description, x, y, epochs=int(rng.integers(3, 6)))
        xf, yf = np.ravel(x), np.ravel(y)
        one = [np.array(_slip_step(s)(xf, yf, case["w0"], case["b0"], case["lr"])) for s in STEP_SLIPS]
        right = np.array(_right_step(xf, yf, case["w0"], case["b0"], case["lr"]))
        candidates = one + [right]
        apart = all(np.max(np.abs(p - q)) > 1e-3 * (1 + np.max(np.abs(q)))
                    for i, p in enumerate(candidates) for q in candidates[i + 1:])
        e = case["w0"] * xf + case["b0"] - yf
        # not 1, 2 or 4 points: a sum divided by a fixed 2 would be the mean, half of it or twice it
        if apart and e.min() < 0 < e.max() and abs(np.mean(xf)) > 0.2 and len(xf) not in (1, 2, 4):
            return case
    return case  # pragma: no cover  (200 draws never all fail)


def _train_cases(rng: np.random.Generator, hidden: bool) -> list[dict]:
    """The data sets train is run on after the probe: the framework's shapes (flat, column, one point,
    many points), one update, and tiny inputs with large targets (where a gradient estimated by
    nudging is visibly inexact). Hidden: other sizes, long runs, no epochs at all, whole-number
    starts and inputs of size 100."""
    shapes = shapes_of_data(rng)
    cases = [_train_case(rng, shapes[0][0], shapes[0][1], shapes[0][2], 1),
             _train_case(rng, shapes[1][0], shapes[1][1], shapes[1][2], int(rng.integers(20, 60))),
             _train_case(rng, shapes[2][0], shapes[2][1], shapes[2][2], int(rng.integers(10, 30))),
             _train_case(rng, shapes[3][0], shapes[3][1], shapes[3][2], int(rng.integers(100, 200)))]
    n = int(rng.integers(4, 7))
    tiny = {"description": f"{n} points with tiny inputs and large targets", "x": rng.uniform(5e-4, 2e-3, n),
            "y": rng.uniform(3e5, 5e5, n), "w0": round(float(rng.uniform(-1, 1)), 3), "b0": 0.5, "lr": 0.5,
            "epochs": 3}
    cases.append(tiny)
    if hidden:
        n = int(rng.integers(150, 250))
        x = rng.uniform(-4, 4, (n, 1))
        cases.append(_train_case(rng, f"{n} points as a column", x, -1.5 * x + 2 + rng.normal(0, 1, (n, 1)),
                                 int(rng.integers(300, 500))))
        x = rng.uniform(-3, 3, 7)
        case = _train_case(rng, "7 points, no epochs at all", x, x + 1, 0)
        cases.append(case)
        x = rng.uniform(-2, 2, 5)
        case = _train_case(rng, "5 points and a whole-number start", x, 4 * x - 3, int(rng.integers(30, 60)))
        case["w0"], case["b0"] = 1, -2
        cases.append(case)
        x = rng.uniform(50, 150, 6)
        cases.append(_train_case(rng, "6 points with inputs of about 100", x, 0.5 * x + 7 + rng.normal(0, 3, 6),
                                 int(rng.integers(20, 40))))
    return cases


def _call_train(function, case: dict, x=None, y=None):
    x = case["x"] if x is None else x
    y = case["y"] if y is None else y
    raw = call_learner(function, x.copy(), y.copy(), case["w0"], case["b0"], case["lr"], case["epochs"], what=TRAIN,
                       forbidden=SHORTCUTS, forgotten="the `return w, b, losses` line")
    return _as_train_result(raw, case["epochs"])


def _where(case: dict) -> str:
    return (f"On {case['description']} (w0 = {case['w0']:g}, b0 = {case['b0']:g}, lr = {case['lr']:g}, "
            f"epochs = {case['epochs']})")


def _same(got: tuple, want: tuple) -> bool:
    w, b, losses = got[:3]
    w_want, b_want, losses_want = want[:3]
    return (losses.shape == losses_want.shape and is_close(w, w_want, RTOL, ATOL) and is_close(b, b_want, RTOL, ATOL)
            and is_close(losses, losses_want, RTOL, ATOL))


def _states(x, y, w0, b0, lr, epochs) -> tuple[np.ndarray, np.ndarray]:
    """The errors e_i before each of the ``epochs`` right updates, one row per epoch (n columns)."""
    x, y = np.ravel(x).astype(float), np.ravel(y).astype(float)
    w, b, rows = float(w0), float(b0), []
    for _ in range(epochs):
        rows.append(w * x + b - y)
        w, b = _right_step(x, y, w, b, lr)
    return np.array(rows).reshape(epochs, len(x))


def _loss_slips(x, y, w0, b0, lr, epochs) -> list[tuple[np.ndarray, str]]:
    """(losses, message) for the losses a learner may record instead of C = MSE/2, along the right run."""
    e = _states(x, y, w0, b0, lr, epochs)
    n = e.shape[1]
    squares = np.sum(e * e, axis=1)
    slips = [(squares / n, "your losses are twice C: that is the MSE. Record C = MSE/2 = (1/2n) Σ e_i²."),
             (np.sqrt(squares / n), "your losses are the root of the mean squared error: record C = (1/2n) Σ e_i², "
                                    "without a square root."),
             (squares / (4 * n), "your losses are half of C: C = (1/2n) Σ e_i², the mean squared error halved once."),
             (np.mean(np.abs(e), axis=1), "your losses are the mean absolute error, mean(|e|). Record C = MSE/2 = "
                                          "(1/2n) Σ e_i², the loss whose gradient your updates follow.")]
    if n > 1:
        slips += [(squares, "your losses are the sum of the squared errors: C = (1/2n) Σ e_i² divides it by 2n."),
                  (squares / 2, "your losses have no 1/n: C = (1/2n) Σ e_i² is a mean.")]
    if n > 2:
        slips.append((squares / 4, "your losses divide the sum of squares by a fixed 4 (twice the lesson's 2 points) "
                                   "instead of 2n, with n the number of points passed in: C = (1/2n) Σ e_i²."))
    return slips


def _diagnose_train(function, case: dict, got: tuple, first: bool) -> WrongAnswer:
    """Name what went wrong on ``case``, or say what to reconsider."""
    where = _where(case)
    x, y, w0, b0, lr, epochs = (case[k] for k in ("x", "y", "w0", "b0", "lr", "epochs"))
    w, b, losses, single = got
    right = _train_reference(x, y, w0, b0, lr, epochs)
    if losses.size == 1 and epochs >= 1:
        import itertools

        target = [right[0], right[1], right[2][0]]
        for order in list(itertools.permutations([w, b, float(losses[0])]))[1:]:
            if is_close(order, target, RTOL, ATOL) and not is_close([w, b], right[:2], RTOL, ATOL):
                swapped = is_close([b, w], right[:2], RTOL, ATOL)
                return WrongAnswer(f"{where}: " + ("w and b are swapped: " if swapped else "")
                                   + "return the three in this order: `return w, b, losses`.")
    if epochs == 0 and not _same(got, right):
        return WrongAnswer(f"{where}: with epochs = 0 train should make no update: return w0, b0 and an empty list of "
                           "losses.")
    # about 7 digits: float32 arithmetic, or numbers rounded on the way
    everything, want = np.append([w, b], losses), np.append(right[:2], right[2])
    if everything.shape == want.shape and is_close(everything, want, 1e-4, 1e-9):
        if single:
            return WrongAnswer(f"{where}: your numbers are float32, which keeps about 7 digits, so they drift from the "
                               "exact run. Keep numpy's default float64 (no dtype=np.float32).")
        if losses.size and not is_close(losses[0], right[2][0], RTOL, ATOL):
            return WrongAnswer(f"{where}: your numbers are close, but not exact, even the first loss, taken at "
                               "(w0, b0) before any update. Do you round, or compute in float32? Keep numpy's "
                               "float64 and record C = mean(e²)/2 as it is.")
    if np.ndim(x) == 2:  # is it only the shape? (a column meeting a flat array makes an n × n table)
        flat = _call_train(function, case, x=np.ravel(x), y=np.ravel(y))
        if _same(flat, right):
            return WrongAnswer(f"{where}: right for flat arrays, wrong for column arrays of shape (n, 1). Keep x and y "
                               "in the shape they come in (or flatten both with np.ravel), and use np.mean.")
    # the steps: the named slips, whole and one parameter at a time
    if not (is_close(w, right[0], RTOL, ATOL) and is_close(b, right[1], RTOL, ATOL)):
        for slip, message in STEP_SLIPS.items():
            wrong = _train_reference(x, y, w0, b0, lr, epochs, step=_slip_step(slip))
            if is_close([w, b], wrong[:2], 1e-7, 1e-9) and not is_close(wrong[:2], right[:2], 1e-6, 1e-9):
                return WrongAnswer(f"{where}: {message}")
        for kind, message in RUN_SLIPS.items():
            wrong = _train_reference(x, y, w0, b0, lr, epochs, kind=kind)
            if is_close([w, b], wrong[:2], 1e-7, 1e-9) and not is_close(wrong[:2], right[:2], 1e-6, 1e-9) \
                    and losses.size == wrong[2].size:
                return WrongAnswer(f"{where}: {message}")
        xf, yf = np.ravel(x).astype(float), np.ravel(y).astype(float)
        if xf.size >= 2 and np.ptp(xf) > 0:
            best = np.linalg.lstsq(np.column_stack([xf, np.ones_like(xf)]), yf, rcond=None)[0]
            if is_close([w, b], best, 1e-6, 1e-9) and not is_close(best, right[:2], 1e-4, 1e-6):
                return WrongAnswer(f"{where}: that is the best line itself (least squares), where the run is heading. "
                                   "train should return where its `epochs` updates get to.")
        one = _train_reference(x, y, w0, b0, lr, epochs, kind="one update")
        if epochs > 1 and is_close([w, b], one[:2], 1e-7, 1e-9):
            return WrongAnswer(f"{where}: train made one update only. Is the `return` line indented inside the loop? "
                               "It belongs after it, so that the loop runs all its epochs first.")
        if is_close([b, w], right[:2], RTOL, ATOL):
            return WrongAnswer(f"{where}: w and b are swapped: `return w, b, losses`, in that order.")
        # a gradient estimated by nudging: the start is exact (no gradient in it yet), the steps are slightly off
        off = np.max(np.abs(np.array([w, b]) - right[:2]) / (np.abs(right[:2]) + 1e-9))
        if 1e-10 < off < 1e-2 and losses.size == epochs and epochs and is_close(losses[0], right[2][0], RTOL, ATOL):
            return WrongAnswer(f"{where}: your w and b are close, but not exact. Did you estimate the gradient by "
                               "nudging (a finite difference)? This exercise asks for lesson 3's formula, "
                               "∂C/∂w = (1/n) Σ e_i x_i and ∂C/∂b = (1/n) Σ e_i, which is exact.")
    # the record of the losses
    if losses.size != epochs:
        if losses.size == epochs + 1:
            if is_close(losses, _train_reference(x, y, w0, b0, lr, epochs, kind="both")[2], 1e-7, 1e-9):
                return WrongAnswer(f"{where}: one loss too many: you also recorded the loss after the last update. "
                                   "Record it once per epoch, before that epoch's update.")
        if losses.size == 1 and epochs > 1:
            return WrongAnswer(f"{where}: train returned one loss for {epochs} epochs. Append the loss to the list "
                               "inside the loop, once per epoch (and keep the `return` after the loop).")
        return WrongAnswer(f"{where}: losses should hold one number per epoch, {epochs}; yours holds {losses.size}.")
    w_b_right = is_close([w, b], right[:2], RTOL, ATOL)
    if not is_close(losses, right[2], RTOL, ATOL):
        after = _train_reference(x, y, w0, b0, lr, epochs, kind="after")[2]
        if is_close(losses, after, 1e-7, 1e-9):
            return WrongAnswer(f"{where}: you recorded the loss after each update. Record it before: losses[0] is the "
                               "loss at the start (w0, b0), as in the article's loop.")
        for wrong, message in _loss_slips(x, y, w0, b0, lr, epochs):
            if is_close(losses, wrong, 1e-7, 1e-12) and not is_close(wrong, right[2], 1e-6, 1e-12):
                return WrongAnswer(f"{where}: {message}")
        if is_close(losses, right[2], 1e-6, 1e-12) and is_close(losses[0], right[2][0], RTOL, ATOL):
            # the start exact, the rest a hair off: the run itself drifted
            return WrongAnswer(f"{where}: your losses are close, but not exact, after an exact start. Did you "
                               "estimate the gradient by nudging (a finite difference)? This exercise asks for lesson "
                               "3's formula, ∂C/∂w = (1/n) Σ e_i x_i and ∂C/∂b = (1/n) Σ e_i, which is exact.")
        if w_b_right:
            return WrongAnswer(f"{where}: your w and b are right, but your losses {describe_numbers(losses)} are not "
                               "C = MSE/2 before each update. Each epoch, record C = mean(e²)/2 at the current "
                               "(w, b), before the update.")
    shown = f"{where} you return w = {w:.6g}, b = {b:.6g}, losses {describe_numbers(losses)}"
    if not first:
        return not_yet(f"{shown}. Your train was right on the data sets before this one: what is different here "
                       "(the shape of the arrays, the number of points or epochs, the size of the numbers)?")
    return not_yet(f"{shown}. Each epoch: errors e = w·x + b − y; record C = mean(e²)/2; then w ← w − lr·mean(e·x) "
                   "and b ← b − lr·mean(e), both from the same old (w, b).")


@exercise(LESSON, 2)
def check_train(function: Any, hidden: bool = False) -> str:
    """Exercise 2: train(x, y, w0, b0, lr, epochs) makes ``epochs`` full-batch gradient-descent updates
    of ŷ = w x + b on C = MSE/2 and returns (w, b, losses), the losses recorded before each update.
    Run on fresh data while the course package refuses to work: a probe of one update and a few,
    flat and column arrays, one point, many points, tiny inputs (``hidden=True``: other sizes and
    scales, no epochs at all)."""
    if function is None or function is Ellipsis:
        raise NotDoneYet("write `train` in the exercise cell above and run it, then run this cell again.")
    rng = fresh_rng()
    probe = _distinct_probe(rng)
    one = dict(probe, epochs=1, description=probe["description"] + ", one epoch")
    cases = [one, probe] + _train_cases(rng, hidden)
    for index, case in enumerate(cases):
        got = _call_train(function, case)
        right = _train_reference(case["x"], case["y"], case["w0"], case["b0"], case["lr"], case["epochs"])
        if not _same(got, right):
            raise _diagnose_train(function, case, got, first=index < 2)
    shapes = "flat and column arrays, one point, many points, one epoch" + (", no epochs, inputs of 100" * hidden)
    tag = "Hidden tests passed" if hidden else "Right"
    return (f"{tag}: on {len(cases)} data sets you had not seen ({shapes}) your train matches the loop of "
            "section 1, epoch after epoch, with every loss recorded before its update. In your plot: for rates well "
            "below the limit lesson 5 finds, the larger the η, the steeper the straight stretch; near that limit "
            "and past it, see what your curves do.")


# ---- Exercise 3 · Transfer: one epoch of minibatches ---------------------------------------------------

MINIBATCH = "minibatch_epoch(x, y, w, b, lr, batch_size)"
COUNT_N, COUNT_BATCH = 20, 8  # the count on paper: 20 points, batch size 8


def _count_answer(updates_per_epoch: Any, last_batch: Any) -> None:
    """The count on paper for n = 20, batch size 8, or a WrongAnswer about the learner's own numbers."""
    n, size = COUNT_N, COUNT_BATCH
    require(updates_per_epoch, "updates_per_epoch", "first count on paper: set `updates_per_epoch` and `last_batch` "
                                                    "in the exercise cell above and run it, then run this cell again.")
    require(last_batch, "last_batch", "set `last_batch` too (the number of points in the epoch's last batch), run "
                                      "that cell, then run this one again.")
    updates = number_answer(updates_per_epoch, "updates_per_epoch")
    if updates != round(updates):
        raise WrongAnswer(f"updates_per_epoch = {updates:g}: an epoch makes a whole number of updates, one per batch. "
                          f"How many batches of at most {size} points does it take to hold all {n} points?")
    mistakes = {n: f"updates_per_epoch = {n} is one update per point: that is batch size 1 (SGD).",
                1: f"updates_per_epoch = 1 is full batch, one update with all {n} points; with batch size {size} "
                   f"each update uses at most {size} points.",
                size: f"updates_per_epoch = {size} is the batch size, the points in one update. The number of updates "
                      "is the number of batches the points make.",
                n // size: f"updates_per_epoch = {n // size}: rounded down, the full batches hold only "
                           f"{n // size * size} of the {n} points. An epoch uses every point once: where do the rest "
                           "go?"}
    right_updates, right_last = -(-n // size), n - (-(-n // size) - 1) * size
    if updates != right_updates:
        raise WrongAnswer(mistakes.get(int(updates), f"updates_per_epoch = {updates:g}: not yet. Write out the batches: "
                                                     f"points 0 to {size - 1} are the first; which come next, and "
                                                     f"when do the {n} points run out?"))
    last = number_answer(last_batch, "last_batch")
    last_mistakes = {size: f"last_batch = {size}: the last batch holds only the points left over after the full "
                           f"batches, and {size} does not divide {n}.",
                     0: "last_batch = 0: no point is dropped; the points left over after the full batches form the "
                        "last batch.",
                     n - size: f"last_batch = {n - size} is what is left after one batch; the last batch comes after "
                               "all the full ones.",
                     n / size: f"last_batch = {n / size:g} is n / batch_size, a number of batches, not of points."}
    if last != right_last:
        raise WrongAnswer(last_mistakes.get(last, f"last_batch = {last:g}: not yet. The last batch holds the points "
                                                  f"left over after the full batches of {size}."))


def _minibatch_reference(x, y, w, b, lr, batch_size, slip: str = "right") -> np.ndarray:
    """One epoch of minibatch descent on C = MSE/2 in the given order, or with the named slip."""
    x, y = np.ravel(x).astype(float), np.ravel(y).astype(float)
    n = len(x)
    w, b = float(w), float(b)
    if slip == "one full step":
        return np.array(_right_step(x, y, w, b, lr))
    size = 1 if slip == "one point at a time" else batch_size
    batches = [(x[s:s + size], y[s:s + size]) for s in range(0, n, size)]
    if slip in ("even batches", "batch_size batches"):  # np.array_split: pieces of (nearly) equal size
        pieces = -(-n // batch_size) if slip == "even batches" else min(batch_size, n)
        batches = list(zip(np.array_split(x, pieces), np.array_split(y, pieces)))
    if slip == "dropped the last batch":
        batches = [(xb, yb) for xb, yb in batches if len(xb) == size] or batches[:1]
    if slip == "first batch only":
        batches = batches[:1]
    step = _right_step if slip not in STEP_SLIPS else _slip_step(slip)
    w_start, b_start = w, b
    for xb, yb in batches:
        if slip == "full data each update":
            w, b = _right_step(x, y, w, b, lr)
        elif slip in ("sum", "divided by n", "divided by batch_size"):
            e = w * xb + b - yb
            divisor = {"sum": 1.0, "divided by n": float(n), "divided by batch_size": float(batch_size)}[slip]
            w, b = w - lr * np.sum(e * xb) / divisor, b - lr * np.sum(e) / divisor
        elif slip == "at the epoch's start":
            e = w_start * xb + b_start - yb
            w, b = w - lr * np.mean(e * xb), b - lr * np.mean(e)
        else:
            w, b = step(xb, yb, w, b, lr)
    return np.array([w, b])


BATCH_SLIPS = {
    "dropped the last batch": "you dropped the last, smaller batch. When batch_size does not divide n, the epoch "
                              "still uses every point once: the last update uses the n mod batch_size points left.",
    "divided by batch_size": "the last batch has fewer points than batch_size: average each batch's gradient over the "
                             "points it really has (its own length), not over batch_size.",
    "even batches": "your batches are evened out: np.array_split(x, k) spreads the points over k pieces of nearly "
                    "equal size (10 points in 3 pieces: 4, 3, 3). Here every batch holds batch_size points, in order, "
                    "and only the last one may be smaller: slice x[start:start + batch_size].",
    "batch_size batches": "np.array_split(x, batch_size) cuts x into batch_size pieces, not into pieces of batch_size "
                          "points. Slice x[start:start + batch_size] for start = 0, batch_size, 2·batch_size, ...",
    "at the epoch's start": "every batch's gradient was taken at the (w, b) the epoch started from. Each update uses "
                            "the errors at the (w, b) the previous update left: compute e inside the loop, from the "
                            "current w and b.",
    "sum": "you summed over the batch without averaging: divide by the number of points in the batch.",
    "divided by n": "you divided by n, the size of the whole data set: each update averages over its own batch only.",
    "full data each update": "each update used all n points: a minibatch update uses only the points of its batch.",
    "first batch only": "you made one update, with the first batch only: an epoch goes through all the batches, one "
                        "update each.",
    "one full step": "you made one full-batch step: cut the data into batches of batch_size points, in order, and "
                     "make one update per batch.",
    "one point at a time": "you updated after every single point: use batch_size points per update.",
    **{slip: STEP_SLIPS[slip] for slip in ("sign", "no lr", "times 2", "half", "x outside", "b after w", "w after b")},
}


def _minibatch_case(rng: np.random.Generator, description: str, x: np.ndarray, y: np.ndarray, batch_size: int) -> dict:
    """A test of minibatch_epoch: data, a start and a learning rate safe for every batch
    (lr·(max x² + 1) between 0.2 and 0.9)."""
    xf = np.ravel(x)
    lr = round(float(rng.uniform(0.2, 0.9) / (np.max(xf * xf) + 1)), 5)
    w = round(float(rng.uniform(-2, 2)), 3) + 0.0003
    b = round(float(rng.uniform(-2, 2)), 3) + 0.0001
    return {"description": description, "x": x, "y": y, "w": w, "b": b, "lr": lr, "batch_size": batch_size}


def _points(rng: np.random.Generator, n: int, column: bool = False, scale: float = 1.0):
    x = (rng.uniform(-2, 3, n).round(3) + 0.0005) * scale
    y = (rng.uniform(-3, 3) * x + rng.uniform(-2, 2) * scale + rng.normal(0, 0.5 * scale, n)).round(3) + 0.0007
    return (x[:, None], y[:, None]) if column else (x, y)


def _minibatch_cases(rng: np.random.Generator, hidden: bool) -> list[dict]:
    """The first case (10 points, batches of 4: the last holds 2) tells the slips apart; then a column with
    batches that divide n, one point at a time, a single batch, a single point, many points."""
    for _ in range(200):
        first = _minibatch_case(rng, "10 points as flat arrays, batch_size 4", *_points(rng, 10), 4)
        results = [_minibatch_reference(first["x"], first["y"], first["w"], first["b"], first["lr"], 4, slip)
                   for slip in ["right", *BATCH_SLIPS]]
        if all(np.max(np.abs(p - q)) > 1e-3 for i, p in enumerate(results) for q in results[i + 1:]):
            break
    n = int(rng.integers(40, 80))
    size = next(k for k in range(int(rng.integers(6, 11)), n) if n % k)
    cases = [first,
             _minibatch_case(rng, "8 points as column arrays (8, 1), batch_size 4", *_points(rng, 8, column=True), 4),
             _minibatch_case(rng, "5 points, batch_size 1 (one point at a time)", *_points(rng, 5), 1),
             _minibatch_case(rng, "6 points, batch_size 6 (one full batch)", *_points(rng, 6), 6),
             _minibatch_case(rng, "a single point, batch_size 1", *_points(rng, 1), 1),
             _minibatch_case(rng, f"{n} points, batch_size {size}", *_points(rng, n), size)]
    if hidden:
        n = int(rng.integers(9, 15))
        cases += [_minibatch_case(rng, f"{n} points, batch_size {n - 1} (the last batch holds one point)",
                                  *_points(rng, n), n - 1),
                  _minibatch_case(rng, "11 points as a column, batch_size 5", *_points(rng, 11, column=True), 5),
                  _minibatch_case(rng, "9 points with inputs of about 100, batch_size 2", *_points(rng, 9, scale=50.0),
                                  2)]
    return cases


def _call_minibatch(function, x, y, w, b, lr, size) -> np.ndarray:
    raw = call_learner(function, x.copy(), y.copy(), w, b, lr, size, what=MINIBATCH, forbidden=SHORTCUTS,
                       forgotten="the `return w, b` line")
    return numbers_answer(raw, 2, "minibatch_epoch(...)", "(w, b) after the epoch")


@exercise(LESSON, 3)
def check_minibatch_epoch(function: Any, updates_per_epoch: Any = None, last_batch: Any = None,
                          hidden: bool = False) -> str:
    """Exercise 3: first the count on paper (20 points, batch size 8: the updates in one epoch and the
    points in its last batch); then minibatch_epoch(x, y, w, b, lr, batch_size), one epoch of minibatch
    gradient descent on C = MSE/2: batches of batch_size points in the given order (the last one
    smaller when batch_size does not divide n), one update per batch with the gradient averaged over
    the batch; returns (w, b) after the epoch. Run on fresh data of several shapes and batch sizes
    while the course package refuses to work."""
    _count_answer(updates_per_epoch, last_batch)
    if function is None or function is Ellipsis:
        raise NotDoneYet("write `minibatch_epoch` in the exercise cell above and run it, then run this cell again.")

    rng = fresh_rng()
    cases = _minibatch_cases(rng, hidden)
    for index, case in enumerate(cases):
        x, y, w, b, lr, size = (case[k] for k in ("x", "y", "w", "b", "lr", "batch_size"))
        got = _call_minibatch(function, x, y, w, b, lr, size)
        right = _minibatch_reference(x, y, w, b, lr, size)
        if is_close(got, right, RTOL, ATOL):
            continue
        n = len(np.ravel(x))
        where = f"On {case['description']} (w = {w:g}, b = {b:g}, lr = {lr:g})"
        if not is_close(_call_minibatch(function, x, y, w, b, lr, size), got, 1e-12, 1e-12):
            raise WrongAnswer(f"{where}: your function returns a different (w, b) each time it runs on the same data. "
                              "Do you shuffle the points? This exercise takes the batches in the given order.")
        if np.ndim(x) == 2:
            flat = _call_minibatch(function, np.ravel(x), np.ravel(y), w, b, lr, size)
            if is_close(flat, right, RTOL, ATOL):
                raise WrongAnswer(f"{where}: right for flat arrays, wrong for column arrays of shape (n, 1). Keep x "
                                  "and y in one shape (or flatten both with np.ravel).")
        for slip, message in BATCH_SLIPS.items():
            wrong = _minibatch_reference(x, y, w, b, lr, size, slip)
            if is_close(got, wrong, 1e-7, 1e-9) and not is_close(wrong, right, 1e-6, 1e-9):
                raise WrongAnswer(f"{where}: {message}")
        if is_close(got[::-1], right, RTOL, ATOL):
            raise WrongAnswer(f"{where}: w and b are swapped: `return w, b`, in that order.")
        shown = f"{where} you return {describe_numbers(got, 6)}"
        if index > 0:
            raise not_yet(f"{shown}. Your function was right on the data sets before this one: what is different "
                          f"here (the shape of the arrays, n = {n} against batch_size = {size})?")
        raise not_yet(f"{shown}. Take the batches in the given order, x[0:batch_size], x[batch_size:2*batch_size], ... "
                      "(the last one may be smaller), and make one update per batch with the mean gradient of its "
                      "points, both taken at the (w, b) before that update.")
    tag = "Hidden tests passed" if hidden else "Right"
    return (f"{tag}: your count is right, and on {len(cases)} data sets you had not seen (flat and column arrays, "
            "batch sizes that divide n and that do not, one point at a time, one full batch) your epoch makes "
            "ceil(n / batch_size) updates, each with its own batch's mean gradient. With batch_size = n it is one "
            "step of your train; with 1, SGD.")
