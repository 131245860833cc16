"""The neuron itself: a weighted sum of the inputs plus a bias."""
from __future__ import annotations

import numpy as np

from ._validate import check_bias, check_data, as_finite_array, check_weights


def predict(x, w, b) -> np.ndarray:
    """The neuron's output z = w1*x1 + ... + wd*xd + b for every row of ``x``.

    Parameters
    ----------
    x : array_like, shape (n,) or (n, 1) with a scalar ``w``; or shape (n, d) with ``w`` of shape (d,)
    w : float or array_like, shape (d,)
    b : float

    Returns
    -------
    ndarray of shape (n,) or, when ``x`` has shape (n, 1) and ``w`` is a scalar, (n, 1)
    (so ``predict(x, w, b)`` has the shape of ``w * x + b``).
    """
    x_in = as_finite_array(x, "x")
    if x_in.ndim not in (1, 2) or x_in.shape[0] == 0:
        raise ValueError(f"x must have shape (n,) or (n, d) with n >= 1, got shape {x_in.shape}")
    X = x_in.reshape(len(x_in), -1)
    w_vec = check_weights(w, X.shape[1])
    z = X @ w_vec + check_bias(b)
    if x_in.ndim == 2 and x_in.shape[1] == 1 and np.ndim(w) == 0:
        return z[:, None]
    return z


def design_matrix(x) -> np.ndarray:
    """The inputs with a column of ones appended, A = [x | 1], so that predict = A @ (w, b)."""
    X, _ = check_data(x, np.zeros(len(np.asarray(x))))
    return np.hstack([X, np.ones((len(X), 1))])
