"""Stochastic (minibatch) gradient descent: many cheap updates per pass over the data."""
from __future__ import annotations

from typing import Iterator

import numpy as np

from ._validate import check_run, check_true_or_false, check_whole_number
from .budget import check_loop_time, check_record_memory, most_updates_in_time
from .curvature import QUADRATIC_LOSSES, stability_limit
from .history import History, Recorder, history_from_runs, kept_updates
from .losses import LOSS_NAMES, point_loss, point_loss_slope


def minibatches(n: int, batch_size: int, epochs: int, seed: int = 0, shuffle: bool = True) -> Iterator[np.ndarray]:
    """The points each update uses, update after update, for ``epochs`` passes over n points.

    Each epoch puts the indices 0..n-1 in a fresh random order (drawn from
    ``np.random.default_rng(seed)``, one permutation per epoch) when ``shuffle``, else in their
    given order, and cuts it into consecutive batches of ``batch_size``: ceil(n / batch_size)
    batches per epoch, the last one smaller (n mod batch_size points) when batch_size does not divide n.
    """
    rng = np.random.default_rng(seed)
    for _ in range(epochs):
        order = rng.permutation(n) if shuffle else np.arange(n)
        for start in range(0, n, batch_size):
            yield order[start:start + batch_size]


def stochastic_gradient_descent(x, y, w0, b0, lr: float, epochs: int, loss: str = "half_mse", batch_size: int = 1,
                                seed: int = 0, shuffle: bool = True, record_every: int = 1) -> History:
    """Minibatch stochastic gradient descent: ``epochs`` passes over the data, one update per batch.

    Each epoch visits the n points once, in batches B of ``batch_size`` points (see ``minibatches``:
    a new random order every epoch when ``shuffle``). Each update uses its batch alone, with
    the gradient averaged over the batch (A = [x | 1], theta = (w, b), e_i = yhat_i - y_i):

        theta <- theta - lr * (1/|B|) sum_{i in B} l'(e_i) a_i,   a_i = (x_i, 1) the i-th row of A.

    For half_mse and batch_size = 1 that is w <- w - lr (yhat_i - y_i) x_i and b <- b - lr (yhat_i - y_i).
    An epoch makes ceil(n / batch_size) updates; when batch_size does not divide n, the last
    batch of each epoch is smaller (n mod batch_size points) and still makes a whole update.
    batch_size = 1 is classic SGD; batch_size = n is full-batch gradient descent (the numbers
    of ``gradient_descent_loop``, to round-off).

    The History counts what was done: ``epochs`` passes over the data, ``updates`` updates,
    ``updates_per_epoch`` = ceil(n / batch_size), ``batch_size``. Its states are per update:
    index k is the state before update k, and ``loss[k]`` is the loss on the *full* data (all n
    points), so the curve compares directly with ``gradient_descent``'s; ``history.loss_per_epoch``
    is that curve at the epoch boundaries (``loss[::updates_per_epoch]``). A run whose full-data
    loss exceeds DIVERGENCE_FACTOR times its start has ``diverged_at`` = that update (counted in
    updates), with NaN after it. ``stability_limit`` is known only for full batches of a quadratic loss.

    Parameters
    ----------
    x : array_like, shape (n,), (n, 1) or (n, d);  y : array_like, shape (n,) or (n, 1)
    w0 : float, or array_like of shape (d,);  b0 : float
    lr : learning rate, one finite number > 0
    epochs : number of passes over the data, a whole number >= 0
    loss : one of "mse", "half_mse", "mae"
    batch_size : points per update, a whole number from 1 to n
    seed : a whole number >= 0, seeds the shuffling (same seed, same run)
    shuffle : visit the points in a new random order each epoch (True) or in their given order
    record_every : keep the states before updates 0, k, 2k, ... and the last one (k = record_every)

    Returns
    -------
    History (see its docstring)
    """
    X, y, theta, lr, epochs, record_every = check_run(x, y, w0, b0, lr, epochs, loss, LOSS_NAMES, record_every)
    if lr.ndim != 0:
        raise ValueError(f"lr must be one finite number > 0 for stochastic_gradient_descent (no sweeps), got {lr!r}")
    lr = float(lr)
    n = len(y)
    batch_size = check_whole_number(batch_size, "batch_size", 1, n)
    seed = check_whole_number(seed, "seed")
    shuffle = check_true_or_false(shuffle, "shuffle")
    updates_per_epoch = -(-n // batch_size)  # ceil(n / batch_size)
    updates = epochs * updates_per_epoch
    _refuse_too_much(X, epochs, updates_per_epoch, batch_size, record_every)

    A = np.hstack([X, np.ones((len(X), 1))])  # A = [x | 1], so that yhat = A @ theta
    record = Recorder(kept_updates(updates, record_every), A.shape[1])

    def full_loss(theta):
        return np.mean(point_loss(A @ theta - y, loss))  # L on all n points

    with np.errstate(over="ignore", invalid="ignore"):  # a run that blows up is detected, not warned about
        record.keep(0, theta, full_loss(theta))
        for k, batch in enumerate(minibatches(n, batch_size, epochs, seed, shuffle), start=1):
            errors = A[batch] @ theta - y[batch]  # forward pass on the batch only
            gradient = A[batch].T @ point_loss_slope(errors, loss) / len(batch)  # averaged over the batch
            theta = theta - lr * gradient  # update k - 1: theta is now the state before update k
            if record.keep(k, theta, full_loss(theta)):
                break  # diverged: the states not reached stay NaN

    full_batch_limit = stability_limit(X, loss) if loss in QUADRATIC_LOSSES and batch_size == n else None
    return history_from_runs(record.thetas[None], record.losses[None], [record.diverged_at], lr, loss,
                             epochs=epochs, kept=record.kept, record_every=record_every, scalar_w=np.ndim(w0) == 0,
                             stability_limit=full_batch_limit, updates_per_epoch=updates_per_epoch,
                             batch_size=batch_size)


def _refuse_too_much(X: np.ndarray, epochs: int, updates_per_epoch: int, batch_size: int, record_every: int) -> None:
    """Raise the time- or memory-budget ValueError before a run too long or too big starts."""
    n, columns = X.shape[0], X.shape[1] + 1
    updates = epochs * updates_per_epoch
    shorter = "fewer epochs or a larger batch_size (fewer updates per epoch)"
    check_loop_time("stochastic_gradient_descent", updates, (n + batch_size) * columns,
                    f"{epochs:,} epochs × {updates_per_epoch:,} updates per epoch = {updates:,} updates, each "
                    f"followed by the loss on all {n:,} points, in a Python loop",
                    f"Use {shorter}: about {most_updates_in_time((n + batch_size) * columns):,} updates fit. "
                    "(record_every does not help here: the loop makes every update, kept or not.)")
    contents = "w, b and the loss" if X.shape[1] == 1 else f"{X.shape[1]} weights, b and the loss"
    check_record_memory("stochastic_gradient_descent", steps=updates, record_every=record_every, runs=None,
                        per_state=columns + 3, contents=contents + ", plus 2 working numbers", step_word="updates",
                        shorter=shorter)
