"""The start page's practice checks: how many epochs a ten times smaller learning rate needs
(predict), the neuron as a function (implement), and how many corrections a method that corrects
after every group of points makes (transfer).

They teach how every exercise of the course works; the nbgrader setup never grades this page.
Each check computes what it expects with its own few lines of numpy (never with the package
functions a learner's cell could have replaced), names the mistakes it recognises, and never
shows the expected value of a value answer (a prediction's check tells what really happened).
"""
from __future__ import annotations

import math
from typing import Any

import numpy as np

from .framework import (
    WrongAnswer,
    call_learner,
    choice_answer,
    describe_numbers,
    exercise,
    fresh_rng,
    named_mistake,
    not_yet,
    number_answer,
    shapes_of_data,
)

LESSON = "00"
EXERCISES = {1: "predict: a ten times smaller rate", 2: "implement: neuron", 3: "transfer: corrections per epoch"}

# ---- Exercise 1 (predict): epochs at eta = 0.01 to reach the article's final loss -------------------

ARTICLE_RATE, ARTICLE_EPOCHS = 0.1, 1001   # the perceptron article's run, section 2 of the page
SMALL_RATE = 0.01                          # ten times smaller
EPOCH_OPTIONS = {"a": 1_000, "b": 10_000, "c": 100_000}  # "d": never
EPOCH_LIMIT = 200_000                      # the check's own run stops here (far beyond every option)


def _page_data() -> tuple[np.ndarray, np.ndarray, float, float]:
    """The page's two points and random start, drawn as the perceptron article draws them (seed 42):
    x = rand(2, 1), w0 = randn(), b0 = randn(), y = 2x + 1. Returns flat x, y and (w0, b0)."""
    stream = np.random.RandomState(42)
    x = stream.rand(2)
    w0, b0 = float(stream.randn()), float(stream.randn())
    return x, 2 * x + 1, w0, b0


def _run(rate: float, epochs: int, target: float = -1.0) -> tuple[list[float], float, float]:
    """Gradient descent on MSE/2 from the page's start, written out for two points in plain floats:
    (the loss after 0, 1, ... epochs, final w, final b). Stops early, after the first loss at or below
    ``target``."""
    (x1, x2), _, w, b = _page_data()
    y1, y2 = 2 * x1 + 1, 2 * x2 + 1
    losses = []
    for k in range(epochs + 1):
        e1, e2 = w * x1 + b - y1, w * x2 + b - y2
        losses.append((e1 * e1 + e2 * e2) / 4)  # MSE/2 of two points
        if k == epochs or losses[-1] <= target:
            break
        w, b = w - rate * (e1 * x1 + e2 * x2) / 2, b - rate * (e1 + e2) / 2
    return losses, w, b


def _epochs_to_reach(rate: float, target: float) -> int | None:
    """The first epoch after which the loss at ``rate`` is at most ``target`` (None within EPOCH_LIMIT)."""
    losses, _, _ = _run(rate, EPOCH_LIMIT, target)
    return len(losses) - 1 if losses[-1] <= target else None


def _nearest_option(epochs: int | None) -> str:
    """The option whose number of epochs is nearest to ``epochs`` on a log scale ("d": never)."""
    if epochs is None:
        return "d"
    return min(EPOCH_OPTIONS, key=lambda option: abs(math.log10(EPOCH_OPTIONS[option] / epochs)))


@exercise(LESSON, 1)
def check_ten_times_smaller(prediction: Any) -> str:
    """Exercise 1: the learner's prediction of how many epochs eta = 0.01 needs to reach the loss the
    article's run ends at (1001 epochs at eta = 0.1): "a" about 1,000, "b" about 10,000, "c" about
    100,000, "d" never."""
    answer = choice_answer(prediction, "prediction", ["a", "b", "c", "d"])
    article, _, _ = _run(ARTICLE_RATE, ARTICLE_EPOCHS)
    target = article[-1]
    needed = _epochs_to_reach(SMALL_RATE, target)
    right = _nearest_option(needed)
    story = (f"at η = {SMALL_RATE} the loss first reached the article's final {target:.4g} after {needed} epochs, "
             f"{needed / ARTICLE_EPOCHS:.1f} times the {ARTICLE_EPOCHS} epochs at η = {ARTICLE_RATE}.")
    if answer == right:
        return (f"Right: {story} Each correction moves w and b by η times the slope of the loss, so at η = "
                f"{SMALL_RATE} ten corrections go about as far as one at η = {ARTICLE_RATE}: the run passes through "
                "nearly the same w and b, ten epochs for each epoch of the other. That holds while η is small; past "
                "the cliff a larger η makes the run blow up instead, as the slider shows.")
    if answer == "a":
        raise not_yet(f"{story} One epoch at η = {SMALL_RATE} is not worth one epoch at η = {ARTICLE_RATE}: with "
                      "the same slope its correction is ten times smaller, so it covers a tenth of the way.")
    if answer == "c":
        raise not_yet(f"{story} The loss squares the errors, but the run does not pay for that twice: both runs go "
                      f"along nearly the same w and b, and η = {SMALL_RATE} takes ten short corrections for each long "
                      "one of the other.")
    if answer == "d":
        raise not_yet(f"{story} A small η does not stop a run: each correction is η times the slope, and the slope "
                      "is zero only at the goal, so below the cliff the loss falls at every epoch, small steps or not.")
    raise not_yet(f"{story} Compare that with your choice.")


# ---- Exercise 2 (implement): neuron(x, w, b) = w x + b for an array x ------------------------------

NEURON = "neuron(x, w, b)"
SHORTCUTS = ["predict"]  # ll.predict computes exactly this; the exercise asks for it by hand


def _neuron_mistakes(x: np.ndarray, w: float, b: float) -> list[tuple[np.ndarray, str]]:
    """(wrong output, message) for the slips a learner may make writing w x + b."""
    return [
        (w * x, "you forgot the bias b: w·x alone is a line through (0, 0), and the neuron's line crosses the "
                "y axis at b."),
        (x + b, "you forgot the weight w: the input must be multiplied by w before b is added."),
        (b * x + w, "you swapped w and b: the weight multiplies the input, the bias is added."),
        (w * (x + b), "your brackets multiply b by w too: compute w·x first, then add b."),
        (w * x - b, "wrong sign of b: the neuron adds the bias, w·x + b."),
        (x * x * w + b, "you squared the input: the neuron multiplies it by w once."),
    ]


def _neuron_cases(rng: np.random.Generator) -> list[tuple[str, np.ndarray, float, float]]:
    """(description, x, w, b): fresh inputs in the shapes of ``shapes_of_data`` and a fresh, non-whole
    weight and bias for each (the weight of either sign)."""
    cases = []
    for description, x, _ in shapes_of_data(rng):
        w = float(rng.choice([-1, 1]) * rng.uniform(0.3, 3.0)) + 0.0003
        b = float(rng.uniform(-2.0, 2.0)) + 0.0007
        cases.append((description, x, w, b))
    return cases


def _shape_message(shown: str, got: np.ndarray, x: np.ndarray) -> str:
    """What is wrong with outputs of the right number but the wrong shape."""
    if x.ndim == 2 and got.ndim == 1:
        return (f"{shown}, `{NEURON}` returned shape {got.shape}: you flattened the column x of shape {x.shape}. "
                "Return the outputs in the shape of x, or later ŷ − y with a column y will pair every output with "
                "every target (an n × n table) instead of each with its own.")
    return (f"{shown}, `{NEURON}` returned shape {got.shape}; x has shape {x.shape}. Return one output per input, "
            "in the shape of x.")


@exercise(LESSON, 2)
def check_neuron(neuron: Any) -> str:
    """Exercise 2: the learner's neuron(x, w, b), run on fresh random inputs (flat, a column, one point,
    many points) with fresh w and b; it must return the neuron's output for every input, as a numpy
    array of the shape of x, without ll.predict."""
    for description, x, w, b in _neuron_cases(fresh_rng()):
        raw = call_learner(neuron, x.copy(), w, b, what=NEURON, forbidden=SHORTCUTS)
        try:
            got = np.asarray(raw, dtype=float)
        except (TypeError, ValueError):
            raise WrongAnswer(f"on {description}, `{NEURON}` returned something that is not numbers "
                              f"({type(raw).__name__}); return a numpy array of numbers, one output per "
                              "input.") from None
        shown = f"on {description} (x = {describe_numbers(x)}, w = {w:.4g}, b = {b:.4g})"
        if got.size != x.size:
            if got.size == 1:
                raise WrongAnswer(f"{shown}, `{NEURON}` returned one number; it should return one output per input, "
                                  "an array of the same shape as x.")
            raise WrongAnswer(f"{shown}, `{NEURON}` returned an array of shape {got.shape}; it should have the "
                              f"shape of x, {x.shape}: one output per input.")
        if got.shape != x.shape:
            raise WrongAnswer(_shape_message(shown, got, x))
        if not isinstance(raw, np.ndarray):
            raise WrongAnswer(f"{shown}, `{NEURON}` returned a {type(raw).__name__}; return a numpy array (arithmetic "
                              "on the array x gives one, and np.array(...) turns a list into one).")
        if np.allclose(got, w * x + b, rtol=1e-6, atol=1e-7):  # float32 arithmetic passes too
            continue
        flat_x, flat_got = np.ravel(x), np.ravel(got)
        message = named_mistake(flat_got, _neuron_mistakes(flat_x, w, b), rtol=1e-9, atol=1e-12)
        mine = f"{shown}, your neuron returned {describe_numbers(flat_got)}"
        if message:
            raise WrongAnswer(f"{mine}: {message}")
        raise not_yet(f"{mine}. Look again at how section 2 computes the output ŷ from x, w and b.")
    return ("Right: your neuron gives the output for every input, in the shape of x, for flat and column arrays, "
            "one point and many. Lesson 2 calls this output the neuron's prediction ŷ.")


# ---- Exercise 3 (transfer): corrections made by a method that corrects after every group ----------

POINTS, GROUP_SIZE, EPOCHS = 10, 4, 6


def _corrections_mistakes() -> list[tuple[float, str]]:
    """(wrong count, message) for the slips a learner may make counting corrections."""
    groups_without_rest = POINTS // GROUP_SIZE
    return [
        (EPOCHS, "that is one correction per epoch, as this page's neuron makes: it corrects after seeing all the "
                 "points. This method corrects after every group of points."),
        (POINTS * EPOCHS, "that counts one correction per point. This method corrects once per group of "
                          f"{GROUP_SIZE} points."),
        (POINTS / GROUP_SIZE * EPOCHS, f"{POINTS} / {GROUP_SIZE} is not a whole number of groups: the points left "
                                       "over form a smaller last group, and it gets its correction too."),
        (groups_without_rest * EPOCHS, "you left out the points that do not fill a whole group. They form a "
                                       "smaller last group, and every point is used in every epoch."),
        (GROUP_SIZE * EPOCHS, f"{GROUP_SIZE} is the size of a group, not the number of groups in an epoch."),
        (math.ceil(POINTS / GROUP_SIZE), "that is the corrections of one epoch; the method trains for "
                                         f"{EPOCHS} epochs."),
        (POINTS * GROUP_SIZE * EPOCHS, "that multiplies everything given; count the groups of one epoch first."),
    ]


@exercise(LESSON, 3)
def check_corrections(corrections: Any) -> str:
    """Exercise 3: how many corrections a method makes that corrects after every group of GROUP_SIZE
    points (the last group smaller) on POINTS points for EPOCHS epochs (a whole number)."""
    answer = number_answer(corrections, "corrections", whole=True)
    expected = EPOCHS * math.ceil(POINTS / GROUP_SIZE)
    if answer == expected:
        return ("Right: each epoch deals the points out into groups, the last one smaller, and makes one correction "
                "per group. Training on groups of points (minibatches) makes several corrections per epoch; the "
                "neuron of this page makes one, so for it an epoch and a correction are the same thing.")
    message = named_mistake(answer, _corrections_mistakes(), rtol=0, atol=1e-9)
    if message:
        raise WrongAnswer(message)
    raise not_yet(f"deal the {POINTS} points out in order, {GROUP_SIZE} at a time: how many groups does one epoch "
                  f"make? Each group brings one correction, and there are {EPOCHS} epochs.")


__all__ = ["LESSON", "EXERCISES", "check_ten_times_smaller", "check_neuron", "check_corrections"]
