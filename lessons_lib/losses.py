"""Loss functions, their gradients, and a numerical check of any gradient.

Notation: n points, targets y_i, predictions yhat_i = w . x_i + b, errors e_i = yhat_i - y_i.
"""
from __future__ import annotations

from typing import Callable

import numpy as np

from ._validate import as_finite_array, check_bias, check_choice, check_data, check_positive_number, check_weights

LOSS_NAMES = ("mse", "half_mse", "mae")


def mse(y, y_hat) -> float:
    """Mean squared error, L = (1/n) * sum_i (yhat_i - y_i)**2."""
    errors = np.ravel(y_hat) - np.ravel(y)
    return float(np.mean(errors**2))


def half_mse(y, y_hat) -> float:
    """Half the mean squared error, C = 1/(2n) * sum_i (yhat_i - y_i)**2.

    The 1/2 cancels the 2 that differentiation brings down: dC/dyhat_i = (yhat_i - y_i)/n.
    """
    return 0.5 * mse(y, y_hat)


def mae(y, y_hat) -> float:
    """Mean absolute error, L = (1/n) * sum_i |yhat_i - y_i|."""
    errors = np.ravel(y_hat) - np.ravel(y)
    return float(np.mean(np.abs(errors)))


def loss_derivative_per_prediction(errors: np.ndarray, loss: str) -> np.ndarray:
    """dL/dyhat_i for each point, given the errors e_i = yhat_i - y_i (along axis 0).

    mse: 2 e_i / n;  half_mse: e_i / n;  mae: sign(e_i) / n, taking 0 where e_i == 0
    (a subgradient: |e| has no slope at its kink, and 0 is the choice that stops there).
    """
    n = errors.shape[0]
    if loss == "mse":
        return 2 * errors / n
    if loss == "half_mse":
        return errors / n
    return np.sign(errors) / n


def loss_value_from_errors(errors: np.ndarray, loss: str) -> np.ndarray:
    """The loss from the errors e_i = yhat_i - y_i, averaging over axis 0."""
    if loss == "mse":
        return np.mean(errors**2, axis=0)
    if loss == "half_mse":
        return 0.5 * np.mean(errors**2, axis=0)
    return np.mean(np.abs(errors), axis=0)


def loss_and_gradient(x, y, w, b, loss: str = "half_mse") -> tuple[float, np.ndarray | float, float]:
    """The loss of the neuron yhat = w . x + b on (x, y) and its gradient (dL/dw, dL/db).

    By the chain rule, with g_i = dL/dyhat_i (see ``loss_derivative_per_prediction``):
        dL/dw = sum_i g_i * x_i      (x_i stays *inside* the sum: each point has its own x)
        dL/db = sum_i g_i
    For half_mse that is dC/dw = (1/n) sum_i (yhat_i - y_i) x_i and dC/db = (1/n) sum_i (yhat_i - y_i).

    Parameters
    ----------
    x : array_like, shape (n,), (n, 1) or (n, d)
    y : array_like, shape (n,) or (n, 1)
    w : float, or array_like of shape (d,)
    b : float
    loss : one of "mse", "half_mse", "mae"

    Returns
    -------
    (loss, dw, db), with ``dw`` of the same shape as ``w`` (a float when ``w`` is a float).
    """
    check_choice(loss, "loss", LOSS_NAMES)
    X, y_vec = check_data(x, y)
    w_vec = check_weights(w, X.shape[1])
    errors = X @ w_vec + check_bias(b) - y_vec
    g = loss_derivative_per_prediction(errors, loss)
    dw = X.T @ g
    dw_out = float(dw[0]) if np.ndim(w) == 0 else dw.reshape(np.shape(w))
    return float(loss_value_from_errors(errors, loss)), dw_out, float(np.sum(g))


def loss_surface(x, y, w_values, b_values, loss: str = "half_mse") -> np.ndarray:
    """The loss L(w, b) of a one-input neuron on a grid: entry [i, j] is L(w_values[j], b_values[i]).

    (Rows follow b and columns follow w, the layout ``ax.contour(w_values, b_values, L)`` expects.)
    """
    check_choice(loss, "loss", LOSS_NAMES)
    _, errors = grid_errors(x, y, w_values, b_values, "loss_surface")
    return loss_value_from_errors(errors, loss)


def grid_errors(x, y, w_values, b_values, caller: str) -> tuple[np.ndarray, np.ndarray]:
    """The errors e_i = w x_i + b - y_i of a one-input neuron at every (w, b) of a grid.

    Returns (x as a vector of n inputs, errors of shape (n, len(b_values), len(w_values))):
    entry [:, i, j] belongs to (w_values[j], b_values[i]). ``caller`` names the function in
    the error raised for inputs with more than one feature.
    """
    X, y_vec = check_data(x, y)
    if X.shape[1] != 1:
        raise ValueError(f"{caller} draws one-input neurons; x has {X.shape[1]} input features")
    w_grid, b_grid = np.meshgrid(as_finite_array(w_values, "w_values"), as_finite_array(b_values, "b_values"))
    return X[:, 0], w_grid[None] * X[:, 0, None, None] + b_grid[None] - y_vec[:, None, None]


def numerical_gradient(f: Callable[[np.ndarray], float], params, eps: float = 1e-6) -> np.ndarray:
    """Central finite differences: df/dp_j ~ (f(p + eps e_j) - f(p - eps e_j)) / (2 eps).

    The error of this estimate is about eps**2 * f''' / 6 (truncation) plus about
    machine_epsilon * |f| / eps (round-off), smallest near eps = 1e-5 .. 1e-6 for O(1) values.

    Parameters
    ----------
    f : function taking an array shaped like ``params`` and returning a number
    params : float or array_like, the point where the gradient is wanted
    eps : step size, a finite number > 0

    Returns
    -------
    ndarray of the same shape as ``params`` (0-d for a float)
    """
    point = as_finite_array(params, "params")
    eps = check_positive_number(eps, "eps")
    grad = np.zeros_like(point)
    for j in np.ndindex(point.shape):
        step = np.zeros_like(point)
        step[j] = eps
        grad[j] = (float(f(point + step)) - float(f(point - step))) / (2 * eps)
    return grad
