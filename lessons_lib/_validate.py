"""Input checks for the public functions: validate at the edge, compute in the middle.

Every message names the argument, says what is allowed and shows what was given,
e.g. ``lr must be a finite number > 0, got -0.1``.
"""
from __future__ import annotations

import numbers

import numpy as np


def shown(value, limit: int = 80) -> str:
    """``repr(value)`` for an error message, cut short: a message never dumps a whole array."""
    text = repr(value)
    if len(text) <= limit:
        return text
    shape = f" (shape {np.shape(value)})" if hasattr(value, "__len__") else ""
    return text[: limit - 5] + " ..." + shape


def as_finite_array(value, name: str) -> np.ndarray:
    """Return ``value`` as a float array, or raise if it is text or holds NaN or inf."""
    if isinstance(value, (str, bytes)):
        raise ValueError(f"{name} must be numbers (a float or an array of floats), got the text {shown(value)}")
    try:
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be numbers (a float or an array of floats), got {shown(value)}") from None
    if not np.all(np.isfinite(array)):
        where = np.flatnonzero(~np.isfinite(array.ravel()))
        raise ValueError(f"{name} must contain only finite numbers (no NaN or inf); "
                         f"{len(where)} of its {array.size} entries are not, the first at flat index {where[0]}")
    return array


def check_data(x, y) -> tuple[np.ndarray, np.ndarray]:
    """Check inputs ``x`` (n,), (n, 1) or (n, d) and targets ``y`` (n,) or (n, 1).

    Returns ``x`` as an (n, d) matrix and ``y`` as an (n,) vector.
    """
    x = as_finite_array(x, "x")
    y = as_finite_array(y, "y")
    if x.ndim not in (1, 2) or x.shape[0] == 0:
        raise ValueError(f"x must have shape (n,) or (n, d) with n >= 1, got shape {x.shape}")
    if y.ndim == 2 and y.shape[1] == 1:
        y = y[:, 0]
    if y.ndim != 1:
        raise ValueError(f"y must have shape (n,) or (n, 1), got shape {y.shape}")
    if len(y) != len(x):
        raise ValueError(f"x and y must have the same length (one target per input), got {len(x)} inputs and {len(y)} targets")
    return x.reshape(len(x), -1), y


def check_weights(w, num_features: int) -> np.ndarray:
    """Check the weights against the number of input features d; return them as a (d,) vector.

    Allowed: a scalar when d == 1, otherwise an array of shape (d,).
    """
    w = as_finite_array(w, "w")
    if w.ndim == 0 and num_features == 1:
        return w.reshape(1)
    if w.shape != (num_features,):
        allowed = "a number or shape (1,)" if num_features == 1 else f"shape ({num_features},)"
        raise ValueError(f"w must have {allowed} to match x's {num_features} input feature(s), got shape {w.shape}")
    return w


def check_bias(b) -> float:
    """Check the bias b: one finite number (not a list or an array of them); return it as a float."""
    b = as_finite_array(b, "b")
    if b.ndim != 0:
        raise ValueError(f"b must be a single number, got shape {b.shape}")
    return float(b)


def check_learning_rate(lr) -> np.ndarray:
    """Check ``lr``: one finite number > 0, or a non-empty 1-D array of them."""
    rule = "lr must be a finite number > 0 (or a 1-D array of such numbers)"
    if isinstance(lr, (bool, str, bytes)):
        raise ValueError(f"{rule}, got {shown(lr)}")
    try:
        array = np.asarray(lr, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{rule}, got {shown(lr)}") from None
    if array.ndim > 1 or array.size == 0:
        raise ValueError(f"{rule}, got an array of shape {array.shape}")
    bad = ~np.isfinite(array) | (array <= 0)
    if np.any(bad):
        first_bad = lr if array.ndim == 0 else array[bad][0]
        raise ValueError(f"{rule}, got {shown(first_bad)}")
    return array


def check_whole_number(value, name: str, smallest: int = 0, largest: int | None = None) -> int:
    """Check that ``value`` is a whole number (not a bool) >= ``smallest`` (and <= ``largest``); return it as an int."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < smallest:
        rule = f">= {smallest}" if largest is None else f"from {smallest} to {largest:,}"
        raise ValueError(f"{name} must be a whole number {rule}, got {value!r}")
    if largest is not None and value > largest:
        raise ValueError(f"{name} must be a whole number from {smallest} to {largest:,}, got {value:,}")
    return int(value)


def check_positive_number(value, name: str) -> float:
    """Check that ``value`` is one finite real number > 0 (not a bool); return it as a float."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not np.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be a finite number > 0, got {value!r}")
    return float(value)


MOST_EPOCHS = 10**15  # beyond this an epoch count stops being exact as a float (2**53 is about 9e15)


def check_epochs(epochs) -> int:
    return check_whole_number(epochs, "epochs", 0, MOST_EPOCHS)


def check_record_every(record_every) -> int:
    return check_whole_number(record_every, "record_every", 1)


def check_true_or_false(value, name: str) -> bool:
    if not isinstance(value, (bool, np.bool_)):
        raise ValueError(f"{name} must be True or False, got {value!r}")
    return bool(value)


def check_choice(value, name: str, allowed) -> str:
    if not isinstance(value, str) or value not in allowed:
        known = ", ".join(repr(a) for a in allowed)
        raise ValueError(f"{name} must be one of {known}; got {shown(value)}")
    return value


def check_run(x, y, w0, b0, lr, epochs, loss: str, loss_names, record_every=1):
    """The checks every training function makes, in one place.

    Returns (X as an (n, d) matrix, y as an (n,) vector, theta0 = (w0, b0) as a (d + 1,) vector,
    lr as a 0-d or 1-D array, epochs, record_every).
    """
    check_choice(loss, "loss", loss_names)
    X, y_vec = check_data(x, y)
    theta0 = np.append(check_weights(w0, X.shape[1]), check_bias(b0))
    return X, y_vec, theta0, check_learning_rate(lr), check_epochs(epochs), check_record_every(record_every)


def check_range(value, name: str) -> tuple[float, float]:
    """A (low, high) pair of finite numbers with low < high, or a ValueError saying what was wrong."""
    try:
        low, high = (float(v) for v in value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be two numbers (low, high), got {shown(value)}") from None
    if not (np.isfinite(low) and np.isfinite(high) and low < high):
        raise ValueError(f"{name} must be two finite numbers with low < high, got {shown(value)}")
    return low, high
