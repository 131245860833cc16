"""The shape of a quadratic loss: its Hessian, its bottom, and the learning rates it allows.

For the linear neuron yhat = A theta, with A = [x | 1] (one row per point, a 1 for the bias)
and theta = (w_1, ..., w_d, b), the squared-error losses are quadratic in theta:

    L(theta) = L_min + 1/2 (theta - theta*)^T H (theta - theta*),   H = scale * (1/n) A^T A,

with scale = 1 for half_mse and 2 for mse. Along the j-th eigenvector of H (eigenvalue
lambda_j >= 0) a gradient-descent step multiplies the distance to the bottom by
(1 - lr * lambda_j): everything about the learning rate follows from those factors.
"""
from __future__ import annotations

import numpy as np

from ._validate import as_finite_array, check_data, check_learning_rate
from .neuron import design_matrix

QUADRATIC_LOSSES = {"half_mse": 1.0, "mse": 2.0}  # loss = scale * (1/(2n)) * sum_i e_i**2
FLAT = 1e-12  # eigenvalues below FLAT * lambda_max are round-off of a zero: flat directions


def hessian(x, loss: str = "half_mse") -> np.ndarray:
    """The (constant) Hessian of a quadratic loss with respect to theta = (w_1, ..., w_d, b).

    With A = [x | 1]:  H = (1/n) A^T A for half_mse and H = (2/n) A^T A for mse.

    Parameters
    ----------
    x : array_like, shape (n,), (n, 1) or (n, d)
    loss : "half_mse" or "mse" (the MAE has no Hessian: its slope jumps at every kink)

    Returns
    -------
    ndarray of shape (d + 1, d + 1), symmetric, with eigenvalues >= 0
    """
    if not isinstance(loss, str) or loss not in QUADRATIC_LOSSES:
        known = ", ".join(repr(k) for k in QUADRATIC_LOSSES)
        raise ValueError(f"loss must be a quadratic loss ({known}) for a constant Hessian; got {loss!r}")
    A = design_matrix(x)
    return QUADRATIC_LOSSES[loss] * A.T @ A / len(A)


def curvatures(x, loss: str = "half_mse") -> np.ndarray:
    """The Hessian's non-zero eigenvalues lambda_j, smallest first: the curvature along each direction
    in which the loss is not flat (eigenvalues below FLAT * lambda_max count as zero)."""
    lam = np.linalg.eigvalsh(hessian(x, loss))
    return lam[lam > FLAT * lam.max()]


def stability_limit(x, loss: str = "half_mse") -> float:
    """The cliff, 2 / lambda_max(H): gradient descent converges for lr < 2 / lambda_max and diverges above it.

    Along the steepest eigen-direction each step multiplies the distance to the bottom by
    1 - lr * lambda_max, whose size exceeds 1 exactly when lr > 2 / lambda_max.
    (x and loss as for ``hessian``.)
    """
    return float(2 / curvatures(x, loss).max())


def optimal_learning_rate(x, loss: str = "half_mse") -> float:
    """2 / (lambda_min + lambda_max): the learning rate with the fastest worst-case convergence.

    There the flattest and the steepest direction shrink equally fast, by
    |1 - lr * lambda| = (lambda_max - lambda_min) / (lambda_max + lambda_min) per step.
    lambda_min is the smallest *non-zero* eigenvalue (see ``condition_number``); with a single
    non-zero eigenvalue this is 1 / lambda_max, the rate that reaches the bottom in one step.
    (x and loss as for ``hessian``.)
    """
    lam = curvatures(x, loss)
    return float(2 / (lam.min() + lam.max()))


def condition_number(x, loss: str = "half_mse") -> float:
    """kappa = lambda_max / lambda_min over the Hessian's non-zero eigenvalues: how much steeper the
    steepest direction of the bowl is than the flattest.

    At the best learning rate the error shrinks by (kappa - 1) / (kappa + 1) per step, so a large
    kappa means slow convergence (kappa = 1: a round bowl, one step to the bottom).

    Zero eigenvalues do not count. A zero eigenvalue is a flat direction: the loss does not change
    along it, so the gradient has no part along it, and descent never moves that way. It neither
    speeds nor slows the convergence (the run simply ends at the minimiser nearest its start).
    (x and loss as for ``hessian``.)
    """
    lam = curvatures(x, loss)
    return float(lam.max() / lam.min())


def contraction_factor(lr, eigenvalues) -> np.ndarray | float:
    """The worst per-step factor of a quadratic loss: rho(lr) = max_j |1 - lr * lambda_j|.

    Along the eigen-direction j of the Hessian the parameter error is multiplied by
    (1 - lr * lambda_j) at every step, so after k steps no direction is off by more than
    rho**k times its start. rho < 1 (the run converges) exactly when lr < 2 / lambda_max, and
    rho is smallest, (lambda_max - lambda_min) / (lambda_max + lambda_min), at
    lr = 2 / (lambda_min + lambda_max), where the flattest and the steepest direction shrink
    equally fast. Zero eigenvalues (flat directions, which never move) are left out.

    Parameters
    ----------
    lr : a learning rate > 0, or a 1-D array of them
    eigenvalues : array_like, the Hessian's eigenvalues (>= 0, at least one > 0)

    Returns
    -------
    float for one learning rate, an array shaped like ``lr`` otherwise
    """
    lrs = check_learning_rate(lr)
    lam = np.ravel(as_finite_array(eigenvalues, "eigenvalues"))
    if lam.size == 0 or np.any(lam < 0) or lam.max() <= 0:
        raise ValueError(f"eigenvalues must be >= 0 with at least one > 0 (a Hessian's), got {lam.tolist()}")
    lam = lam[lam > FLAT * lam.max()]
    rho = np.max(np.abs(1 - np.multiply.outer(lrs, lam)), axis=-1)
    return float(rho) if lrs.ndim == 0 else rho


def least_squares_solution(x, y) -> tuple[np.ndarray | float, float]:
    """The bottom of the squared-error bowl: the (w, b) minimising sum_i (w . x_i + b - y_i)**2.

    It solves the normal equations A^T A theta = A^T y (A = [x | 1]); when many theta do (flat
    directions), the one of smallest length is returned, which is where gradient descent from
    theta = 0 ends.

    Returns
    -------
    (w, b): w a float for one input, an array of shape (d,) for d inputs; b a float
    """
    X, y_vec = check_data(x, y)
    A = np.hstack([X, np.ones((len(X), 1))])
    theta = np.linalg.lstsq(A, y_vec, rcond=None)[0]
    w = float(theta[0]) if X.shape[1] == 1 else theta[:-1]
    return w, float(theta[-1])

