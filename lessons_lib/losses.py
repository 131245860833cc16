"""Loss functions, their gradients, and a numerical check of any gradient.

Notation: n points, targets y_i, predictions yhat_i = w . x_i + b, errors e_i = yhat_i - y_i.
"""
from __future__ import annotations

from typing import Callable

import numpy as np

from ._validate import as_finite_array, check_bias, check_choice, check_data, check_positive_number, check_weights
from . import budget
from .budget import BYTES_PER_NUMBER, check_memory

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


def point_loss(errors: np.ndarray, loss: str) -> np.ndarray:
    """The loss of each point on its own, l(e_i), elementwise: the loss is L = (1/n) sum_i l(e_i).

    half_mse: l(e) = e**2 / 2;  mse: l(e) = e**2;  mae: l(e) = |e|.
    """
    if loss == "mse":
        return errors**2
    if loss == "half_mse":
        return 0.5 * errors**2
    return np.abs(errors)


def point_loss_slope(errors: np.ndarray, loss: str) -> np.ndarray:
    """The slope of each point's loss, g_i = l'(e_i), elementwise: dL/dyhat_i = g_i / n.

    half_mse: g = e;  mse: g = 2 e;  mae: g = sign(e), taking 0 where e == 0
    (a subgradient: |e| has no slope at its kink, and 0 is the choice that stops there).
    """
    if loss == "mse":
        return 2 * errors
    if loss == "half_mse":
        return errors
    return np.sign(errors)


def loss_derivative_per_prediction(errors: np.ndarray, loss: str) -> np.ndarray:
    """dL/dyhat_i = l'(e_i) / n for each point, given the errors e_i = yhat_i - y_i along axis 0.

    mse: 2 e_i / n;  half_mse: e_i / n;  mae: sign(e_i) / n (0 where e_i == 0).
    """
    return point_loss_slope(errors, loss) / errors.shape[0]


def loss_value_from_errors(errors: np.ndarray, loss: str) -> np.ndarray:
    """The loss L = (1/n) sum_i l(e_i) from the errors e_i = yhat_i - y_i, averaging over axis 0."""
    return np.mean(point_loss(errors, loss), axis=0)


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
    """The loss of a one-input neuron on a grid: entry [i, j] is L(w_values[j], b_values[i]),
    with L(w, b) = (1/n) sum_i l(w x_i + b - y_i) (see ``point_loss``).

    (Rows follow b and columns follow w, the layout ``ax.contour(w_values, b_values, L)`` expects.)

    Parameters
    ----------
    x, y : array_like, shape (n,) or (n, 1): one input per point
    w_values, b_values : array_like of numbers, the grid's weights and biases
    loss : one of "mse", "half_mse", "mae"

    Returns
    -------
    ndarray of shape (len(b_values), len(w_values))

    Raises ValueError, before computing, when the n x len(b_values) x len(w_values) errors would
    not fit MEMORY_BUDGET_MB.
    """
    check_choice(loss, "loss", LOSS_NAMES)
    _, errors = grid_errors(x, y, w_values, b_values, "loss_surface")
    return loss_value_from_errors(errors, loss)


def grid_errors(x, y, w_values, b_values, caller: str) -> tuple[np.ndarray, np.ndarray]:
    """The errors e_i = w x_i + b - y_i of a one-input neuron at every (w, b) of a grid.

    Returns (x as a vector of n inputs, errors of shape (n, len(b_values), len(w_values))):
    entry [:, i, j] belongs to (w_values[j], b_values[i]). ``caller`` names the function in
    the errors raised for inputs with more than one feature or a grid too big for the memory budget.
    """
    X, y_vec = check_data(x, y)
    if X.shape[1] != 1:
        raise ValueError(f"{caller} draws one-input neurons; x has {X.shape[1]} input features")
    w_values = np.ravel(as_finite_array(w_values, "w_values"))
    b_values = np.ravel(as_finite_array(b_values, "b_values"))
    n, grid_points = len(X), len(w_values) * len(b_values)
    # held at once: the errors, one temporary of their size and the caller's result from them
    # (e.g. the squared errors), plus the two meshgrid arrays
    size = BYTES_PER_NUMBER * grid_points * (3 * n + 2)
    fitting_grid = int((budget.MEMORY_BUDGET_MB * 1e6 / BYTES_PER_NUMBER / (3 * n + 2)) ** 0.5)
    check_memory(caller, size,
                 f"{len(b_values):,} biases × {len(w_values):,} weights × {3 * n + 2:,} numbers (for each of the "
                 f"{n:,} data points its error, a temporary and the loss from it; 2 for the grid) × "
                 f"{BYTES_PER_NUMBER} bytes",
                 f"Use a coarser grid (about {fitting_grid:,} × {fitting_grid:,} values fits) or fewer data points.")
    w_grid, b_grid = np.meshgrid(w_values, b_values)
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
