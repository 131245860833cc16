"""Full-batch gradient descent for the linear neuron, and the curvature that governs it.

One update, for every parameter theta = (w_1, ..., w_d, b):
    theta_{k+1} = theta_k - lr * dL/dtheta(theta_k)
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._validate import (
    check_bias,
    check_choice,
    check_data,
    check_epochs,
    check_learning_rate,
    check_weights,
)
from .losses import LOSS_NAMES, loss_derivative_per_prediction, loss_value_from_errors

QUADRATIC_LOSSES = {"half_mse": 1.0, "mse": 2.0}  # loss = scale * (1/(2n)) * sum_i e_i**2
DIVERGENCE_FACTOR = 1e6  # a run has diverged once its loss exceeds 1e6 x its starting loss


@dataclass(frozen=True)
class History:
    """What a gradient-descent run went through.

    Index k along the epoch axis is the state *before* update k: ``loss[0]`` is the starting
    loss and ``w[-1]``, ``b[-1]`` are the parameters after all ``epochs`` updates (so each
    array has epochs + 1 entries). When ``lr`` was an array of R learning rates, every array
    gains a leading axis of length R (one row per learning rate).

    A run that diverged keeps its numbers up to and including epoch ``diverged_at`` (the
    first epoch whose loss exceeded ``DIVERGENCE_FACTOR`` times the starting loss) and holds
    NaN after it, so plots simply stop there.
    """

    w: np.ndarray
    b: np.ndarray
    loss: np.ndarray
    lr: float | np.ndarray
    loss_name: str
    diverged: bool | np.ndarray
    diverged_at: int | None | np.ndarray  # an object array of int/None when lr was an array

    @property
    def epochs(self) -> int:
        """Number of updates made (the epoch axis has one more entry)."""
        return self.loss.shape[-1] - 1

    @property
    def is_sweep(self) -> bool:
        return np.ndim(self.lr) == 1

    @property
    def final_w(self):
        """The weights after the last update (NaN for a diverged run)."""
        return self.w[:, -1] if self.is_sweep else self.w[-1]

    @property
    def final_b(self):
        return self.b[:, -1] if self.is_sweep else self.b[-1]

    @property
    def final_loss(self):
        return self.loss[:, -1] if self.is_sweep else self.loss[-1]

    def run(self, i: int) -> "History":
        """The single run made with the i-th learning rate of a sweep."""
        if not self.is_sweep:
            raise ValueError("run(i) picks one run of a sweep; this history holds a single run")
        return History(self.w[i], self.b[i], self.loss[i], float(self.lr[i]), self.loss_name,
                       bool(self.diverged[i]), self.diverged_at[i])


def gradient_descent(x, y, w0, b0, lr, epochs: int, loss: str = "half_mse") -> History:
    """Run ``epochs`` full-batch gradient-descent updates of the neuron yhat = w . x + b.

    theta_{k+1} = theta_k - lr * grad L(theta_k), theta = (w, b), starting from (w0, b0).

    For the quadratic losses ("half_mse", "mse") the trajectory has a closed form, which is
    what is computed (it equals the step-by-step loop to rounding error, and a 10,000-epoch
    run costs about a millisecond); "mae" is stepped epoch by epoch.

    Parameters
    ----------
    x : array_like, shape (n,), (n, 1) or (n, d);  y : array_like, shape (n,) or (n, 1)
    w0 : float, or array_like of shape (d,);  b0 : float
    lr : learning rate, a finite number > 0, or a 1-D array of them to run a sweep in one call
    epochs : number of updates, a whole number >= 0
    loss : one of "mse", "half_mse", "mae"

    Returns
    -------
    History, see its docstring for the shapes.
    """
    check_choice(loss, "loss", LOSS_NAMES)
    X, y_vec = check_data(x, y)
    w_vec = check_weights(w0, X.shape[1])
    theta0 = np.append(w_vec, check_bias(b0))
    lrs = check_learning_rate(lr)
    epochs = check_epochs(epochs)
    A = np.hstack([X, np.ones((len(X), 1))])
    lr_rows = np.atleast_1d(lrs)

    with np.errstate(all="ignore"):  # overflow of a diverging run is detected below, not warned
        if loss in QUADRATIC_LOSSES:
            thetas, losses = _quadratic_trajectory(A, y_vec, theta0, lr_rows, epochs, QUADRATIC_LOSSES[loss])
        else:
            thetas, losses = _stepped_trajectory(A, y_vec, theta0, lr_rows, epochs, loss)
        diverged_at = _cut_at_divergence(thetas, losses)

    # thetas is laid out (parameter, run, epoch); History wants (run, epoch[, feature])
    w_hist = np.moveaxis(thetas[:-1], 0, -1) if np.ndim(w0) else thetas[0]
    b_hist = thetas[-1]
    if lrs.ndim == 0:
        return History(w_hist[0], b_hist[0], losses[0], float(lrs), loss,
                       diverged_at[0] is not None, diverged_at[0])
    return History(w_hist, b_hist, losses, lrs, loss,
                   np.array([d is not None for d in diverged_at]), np.array(diverged_at, dtype=object))


def _quadratic_trajectory(A, y, theta0, lrs, epochs, scale):
    """Closed form of gradient descent on L = scale/(2n) * ||A theta - y||^2.

    With the Hessian H = Q diag(lambda) Q^T and a minimiser theta*, each eigen-direction j
    of theta - theta* shrinks (or grows) by the factor (1 - lr * lambda_j) per update:
        theta_k = theta* + Q [(1 - lr lambda)^k * Q^T (theta_0 - theta*)]
        L(theta_k) = L_min + 1/2 * sum_j lambda_j (1 - lr lambda_j)^(2k) (Q^T (theta_0 - theta*))_j^2
    """
    n = len(y)
    theta_star = np.linalg.lstsq(A, y, rcond=None)[0]
    loss_min = scale / (2 * n) * np.sum((A @ theta_star - y) ** 2)
    lam, Q = np.linalg.eigh(scale * A.T @ A / n)
    lam = np.where(lam > 1e-12 * lam.max(), lam, 0.0)  # flat directions: gradient has no part there
    d0 = Q.T @ (theta0 - theta_star)
    modes = _powers(1 - lam[:, None] * lrs, epochs)  # (P, R, K+1): (1 - lr lambda_j)^k ...
    modes *= d0[:, None, None]  # ... times the starting offset along direction j
    modes[d0 == 0] = 0.0  # (a direction with no offset stays put even if it is unstable)
    flat = modes.reshape(len(lam), -1)
    thetas = (theta_star[:, None] + Q @ flat).reshape(modes.shape)
    losses = loss_min + 0.5 * (lam @ (flat * flat)).reshape(modes.shape[1:])
    thetas[:, :, 0] = theta0[:, None]  # the starting point exactly, not via the eigenbasis
    losses[:, 0] = scale / (2 * n) * np.sum((A @ theta0 - y) ** 2)
    return thetas, losses


def _powers(base: np.ndarray, epochs: int) -> np.ndarray:
    """base**k for k = 0..epochs, shape (P, R, epochs+1), as a running product along k.

    (Matches np.power to about epochs * 1e-16 relative error, and is several times faster.)
    """
    powers = np.empty(base.shape + (epochs + 1,))
    powers[..., 0] = 1.0
    powers[..., 1:] = base[..., None]
    return np.cumprod(powers, axis=-1, out=powers)


def _stepped_trajectory(A, y, theta0, lrs, epochs, loss):
    """Gradient descent one update at a time, all learning rates at once (any loss)."""
    thetas = np.empty((A.shape[1], len(lrs), epochs + 1))
    losses = np.empty((len(lrs), epochs + 1))
    theta = np.tile(theta0, (len(lrs), 1))
    for k in range(epochs + 1):
        errors = A @ theta.T - y[:, None]  # (n, R)
        thetas[:, :, k] = theta.T
        losses[:, k] = loss_value_from_errors(errors, loss)
        if k < epochs:
            theta = theta - lrs[:, None] * (loss_derivative_per_prediction(errors, loss).T @ A)
    return thetas, losses


def _cut_at_divergence(thetas, losses) -> list[int | None]:
    """Find each run's divergence epoch and blank (NaN) everything after it, in place."""
    limit = DIVERGENCE_FACTOR * np.maximum(losses[:, :1], 1e-12)
    exploded = ~(losses <= limit)  # also true for inf and NaN
    epochs_at = []
    for r in range(len(losses)):
        where = np.flatnonzero(exploded[r])
        if where.size == 0:
            epochs_at.append(None)
            continue
        k = int(where[0])
        epochs_at.append(k)
        losses[r, k + 1:] = np.nan
        thetas[:, r, k + 1:] = np.nan
    return epochs_at


def hessian(x, loss: str = "half_mse") -> np.ndarray:
    """The (constant) Hessian of a quadratic loss with respect to theta = (w_1..w_d, b).

    With A = [x | 1]:  H = (1/n) A^T A for half_mse and (2/n) A^T A for mse.
    Gradient descent is stable only for lr < 2 / lambda_max(H).
    """
    if loss not in QUADRATIC_LOSSES:
        known = ", ".join(repr(k) for k in QUADRATIC_LOSSES)
        raise ValueError(f"loss must be a quadratic loss ({known}) for a constant Hessian; got {loss!r}")
    X, _ = check_data(x, np.zeros(len(np.asarray(x))))
    A = np.hstack([X, np.ones((len(X), 1))])
    return QUADRATIC_LOSSES[loss] * A.T @ A / len(A)


def stability_limit(x, loss: str = "half_mse") -> float:
    """2 / lambda_max(H): learning rates above this make gradient descent diverge."""
    return float(2 / np.linalg.eigvalsh(hessian(x, loss)).max())


def optimal_learning_rate(x, loss: str = "half_mse") -> float:
    """2 / (lambda_min + lambda_max): the rate with the fastest worst-case convergence.

    lambda_min is the smallest *positive* eigenvalue (flat directions never move).
    """
    lam = np.linalg.eigvalsh(hessian(x, loss))
    lam = lam[lam > 1e-12 * lam.max()]
    return float(2 / (lam.min() + lam.max()))


def least_squares_solution(x, y) -> tuple[np.ndarray | float, float]:
    """The (w, b) minimising the squared error exactly (the minimum-norm one if many do)."""
    X, y_vec = check_data(x, y)
    A = np.hstack([X, np.ones((len(X), 1))])
    theta = np.linalg.lstsq(A, y_vec, rcond=None)[0]
    w = float(theta[0]) if X.shape[1] == 1 else theta[:-1]
    return w, float(theta[-1])
