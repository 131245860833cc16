"""The small data sets of the course: three reproduced exactly from the source articles, and one
made up for lesson 6 (houses: two inputs on very different scales), seeded so it never changes."""
from __future__ import annotations

from typing import NamedTuple

import numpy as np


class TwoPointData(NamedTuple):
    """Two points on y = 2x + 1 and the neuron's random starting weight and bias."""

    x: np.ndarray  # shape (2, 1)
    y: np.ndarray  # shape (2, 1)
    w0: float
    b0: float


def make_two_point_data(seed: int = 42) -> TwoPointData:
    """Two random points on the line y = 2x + 1, then a random starting w and b.

    Draws, in this order and from one stream seeded with ``seed``:
    x = rand(2, 1) (uniform on [0, 1)), w0 = randn(), b0 = randn(); then y = 2x + 1.
    With seed 42 this is x = [[0.3745], [0.9507]], w0 = 0.6477, b0 = 1.5230, the data
    behind the loss table the course reproduces in lesson 4.
    """
    stream = np.random.RandomState(seed)  # same numbers as np.random.seed(seed), no global state
    x = stream.rand(2, 1)
    w0 = float(stream.randn())
    b0 = float(stream.randn())
    return TwoPointData(x=x, y=2 * x + 1, w0=w0, b0=b0)


def make_line_data() -> tuple[np.ndarray, np.ndarray]:
    """Four points on y = 3x + 1: x = [1, 2, 3, 4], y = [4, 7, 10, 13]."""
    x = np.array([1.0, 2.0, 3.0, 4.0])
    return x, 3 * x + 1


def make_puzzle_data() -> tuple[np.ndarray, np.ndarray]:
    """The puzzle 256 w1 + 212 w2 + b = 1492 (from "How does a neuron learn?") as a one-row data set.

    One example with two inputs: x = [[256, 212]] (shape (1, 2)) and target y = [1492].
    A neuron yhat = w1 x1 + w2 x2 + b fits it exactly when 256 w1 + 212 w2 + b = 1492.
    """
    return np.array([[256.0, 212.0]]), np.array([1492.0])


def scale_features(x, scale) -> np.ndarray:
    """Feature scaling by division: x_scaled = x / scale, column by column.

    ``scale`` is one number > 0 (every input divided by it) or one number > 0 per input
    feature (shape (d,)). A neuron trained on x_scaled with weights w_s predicts the same as
    one with weights w = w_s / scale on the raw x; the bias is unchanged.
    """
    from ._validate import as_finite_array

    x = as_finite_array(x, "x")
    scale = as_finite_array(scale, "scale")
    features = x.shape[-1] if x.ndim == 2 else 1
    if scale.ndim > 1 or (scale.ndim == 1 and scale.shape != (features,)):
        raise ValueError(f"scale must be one number or one number per input feature, shape ({features},); "
                         f"got shape {scale.shape}")
    if np.any(scale <= 0):
        raise ValueError(f"scale must be > 0 (we divide by it), got {scale.tolist()}")
    return x / scale


def make_house_data(n: int = 50, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """A small made-up data set of houses: two features on very different scales, neither centred.

    Row i of ``x`` (shape (n, 2)) is one house: its floor area in m² (whole numbers around 110,
    spread about 30) and its number of rooms (whole numbers from 1 to 8, around 4, spread about 1).
    Bigger houses tend to have more rooms, so the two features are correlated (about 0.7 with the
    defaults). ``y`` (shape (n,)) is the price in thousands of euros, made up as
    2.5 * area + 15 * rooms + 50 plus noise (standard deviation 25), rounded to 0.1.

    Drawn from ``np.random.default_rng(seed)``: the same ``n`` and ``seed`` always give the same
    houses. Lesson 6 uses the defaults (n = 50, seed = 0).
    """
    from ._validate import check_whole_number

    n = check_whole_number(n, "n", 2)
    seed = check_whole_number(seed, "seed", 0)
    rng = np.random.default_rng(seed)
    area = np.clip(rng.normal(110.0, 30.0, n), 40.0, 220.0).round()
    rooms = np.clip(np.round(area / 30.0 + rng.normal(0.0, 0.75, n)), 1.0, 8.0)
    price = 2.5 * area + 15.0 * rooms + 50.0 + rng.normal(0.0, 25.0, n)
    return np.column_stack([area, rooms]), price.round(1)
