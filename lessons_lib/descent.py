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
    check_whole_number,
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


# ---- Lesson 4 additions ----------------------------------------------------------------------

def stochastic_gradient_descent(x, y, w0, b0, lr, epochs: int, loss: str = "half_mse", seed: int = 0,
                                shuffle: bool = True) -> History:
    """Stochastic gradient descent: one update per data point, ``epochs`` passes over the data.

    In each epoch the n points are visited once (in a random order drawn from
    ``np.random.default_rng(seed)`` when ``shuffle``, else in their given order), and each
    visit makes one update using that point i alone:
        theta <- theta - lr * grad L_i(theta),   L_i = the loss on the single point (x_i, y_i).
    For half_mse that is w <- w - lr * (yhat_i - y_i) * x_i and b <- b - lr * (yhat_i - y_i).

    The returned History counts **updates**, not epochs: updates_per_epoch = n, so it holds
    epochs * n + 1 states, index k is the state before update k, and the end of epoch e is
    index e * n (``history.loss[::n]`` is the per-epoch curve). ``loss[k]`` is the loss on the
    *full* data (all n points), so the curve is directly comparable with ``gradient_descent``'s.
    ``history.epochs`` is therefore the number of updates, epochs * n.

    A run whose full-data loss exceeds DIVERGENCE_FACTOR times its starting loss is reported
    as ``diverged`` at that update (``diverged_at``, counted in updates), with NaN after it.

    Parameters
    ----------
    x : array_like, shape (n,), (n, 1) or (n, d);  y : array_like, shape (n,) or (n, 1)
    w0 : float, or array_like of shape (d,);  b0 : float
    lr : learning rate, one finite number > 0
    epochs : number of passes over the data, a whole number >= 0
    loss : one of "mse", "half_mse", "mae"
    seed : a whole number >= 0, seeds the shuffling (same seed, same run)
    shuffle : visit the points in a new random order each epoch (True) or in their given order
    """
    from .losses import loss_and_gradient

    check_choice(loss, "loss", LOSS_NAMES)
    X, y_vec = check_data(x, y)
    w = check_weights(w0, X.shape[1]).copy()
    b = check_bias(b0)
    lr_value = check_learning_rate(lr)
    if lr_value.ndim != 0:
        raise ValueError(f"lr must be one finite number > 0 for stochastic_gradient_descent (no sweeps), got {lr!r}")
    lr_value = float(lr_value)
    epochs = check_epochs(epochs)
    seed = check_whole_number(seed, "seed")
    if not isinstance(shuffle, (bool, np.bool_)):
        raise ValueError(f"shuffle must be True or False, got {shuffle!r}")

    n = len(y_vec)
    updates = epochs * n
    rng = np.random.default_rng(seed)
    orders = [rng.permutation(n) if shuffle else np.arange(n) for _ in range(epochs)]
    visit = np.concatenate(orders) if orders else np.zeros(0, dtype=int)  # the point used by update k
    thetas = np.empty((X.shape[1] + 1, 1, updates + 1))  # (parameter, run, update), as _cut_at_divergence wants
    with np.errstate(all="ignore"):  # a diverging run is detected below, not warned about
        for k in range(updates + 1):
            thetas[:-1, 0, k], thetas[-1, 0, k] = w, b
            if k < updates:
                i = visit[k]
                _, dw, db = loss_and_gradient(X[i:i + 1], y_vec[i:i + 1], w, b, loss)  # one point only
                w, b = w - lr_value * dw, b - lr_value * db
                if not np.all(np.isfinite(w)) or not np.isfinite(b):  # blown up: the rest stays NaN
                    thetas[:, 0, k + 1:] = np.nan
                    break
        errors = X @ thetas[:-1, 0] + thetas[-1, 0] - y_vec[:, None]  # (n, updates + 1)
        losses = loss_value_from_errors(errors, loss)[None]  # loss on the full data before each update
        diverged_at = _cut_at_divergence(thetas, losses)[0]
    w_out = thetas[:-1, 0].T if np.ndim(w0) else thetas[0, 0]
    return History(w_out, thetas[-1, 0], losses[0], lr_value, loss, diverged_at is not None, diverged_at)

# ---- end of lesson 4 additions -------------------------------------------------------------


# ---- Lesson 5 additions ----------------------------------------------------------------------

def classify_run(history: History, tolerance: float = 1e-6, loss_min: float = 0.0) -> str:
    """How one gradient-descent run went: 'diverged at epoch k', 'converging', 'oscillating' or 'slow'.

    With L_k = history.loss[k], theta_k = (w_k, b_k) and N = history.epochs, the rules are
    checked in this order:

    1. 'diverged at epoch k' if the run blew up (``history.diverged``; k = ``history.diverged_at``).
    2. 'converging' if the loss has gone all but ``tolerance`` of the way down to its minimum:
           L_N - loss_min <= tolerance * (L_0 - loss_min).
       ``loss_min`` is the lowest loss the neuron can reach: 0 when a line fits the data exactly
       (all the course's data sets), the least-squares fit's loss otherwise.
    3. 'oscillating' if the last two updates point against each other:
           (theta_N - theta_{N-1}) . (theta_{N-1} - theta_{N-2}) < 0.
       For a quadratic loss an update is -lr * H (theta_k - theta*), so updates that flip
       direction mean the parameter error theta_k - theta* flips sign from step to step: every
       step jumps over the minimum (zig-zag). Along an eigen-direction of H the error is multiplied
       by (1 - lr * lambda) per step, which is negative when lr > 1/lambda; late in a long run the
       direction with the largest |1 - lr * lambda| dominates, and that is the steep one exactly
       when lr > 2 / (lambda_min + lambda_max).
    4. 'slow' otherwise: every step still heads the same way, but the run has not got there yet.

    Parameters
    ----------
    history : the History of a single run (not a sweep: pick one with ``history.run(i)``)
    tolerance : the fraction of the starting excess loss that counts as "there", 0 < tolerance < 1
    loss_min : the lowest reachable loss, a finite number (default 0)

    Returns
    -------
    str, one of 'converging', 'slow', 'oscillating' or 'diverged at epoch k' (k a number)
    """
    if not isinstance(history, History):
        raise ValueError(f"history must be a History from gradient_descent, got {type(history).__name__}")
    if history.is_sweep:
        raise ValueError("history must hold a single run, got a sweep of "
                         f"{len(history.lr)} learning rates; classify one run with history.run(i)")
    if isinstance(tolerance, bool) or not (isinstance(tolerance, (int, float, np.floating)) and 0 < tolerance < 1):
        raise ValueError(f"tolerance must be a number with 0 < tolerance < 1, got {tolerance!r}")
    if isinstance(loss_min, bool) or not (isinstance(loss_min, (int, float, np.floating)) and np.isfinite(loss_min)):
        raise ValueError(f"loss_min must be a finite number (the lowest reachable loss), got {loss_min!r}")

    if history.diverged:
        return f"diverged at epoch {history.diverged_at}"
    loss = history.loss
    if loss[-1] - loss_min <= tolerance * (loss[0] - loss_min):
        return "converging"
    if history.epochs >= 2:
        theta = np.column_stack([np.reshape(history.w, (len(loss), -1)), history.b])  # (epochs + 1, d + 1)
        last_step, step_before = theta[-1] - theta[-2], theta[-2] - theta[-3]
        if float(last_step @ step_before) < 0:
            return "oscillating"
    return "slow"


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
    from ._validate import as_finite_array

    lrs = check_learning_rate(lr)
    lam = np.ravel(as_finite_array(eigenvalues, "eigenvalues"))
    if lam.size == 0 or np.any(lam < 0) or lam.max() <= 0:
        raise ValueError(f"eigenvalues must be >= 0 with at least one > 0 (a Hessian's), got {lam.tolist()}")
    lam = lam[lam > 1e-12 * lam.max()]
    rho = np.max(np.abs(1 - np.multiply.outer(lrs, lam)), axis=-1)
    return float(rho) if lrs.ndim == 0 else rho


# ---- end of lesson 5 additions -------------------------------------------------------------
