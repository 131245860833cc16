"""The small data sets of the course, reproduced exactly from the source articles."""
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
    """Seed 000's puzzle 256 w1 + 212 w2 + b = 1492 as a one-row data set.

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
