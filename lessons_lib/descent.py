"""Full-batch gradient descent for the linear neuron: the loop, and its closed form.

Write the neuron as yhat = A theta, with A = [x | 1] (one row per point, a 1 appended for the
bias) and theta = (w_1, ..., w_d, b). One epoch of full-batch gradient descent is one update

    theta_{k+1} = theta_k - lr * grad L(theta_k),   grad L = (1/n) A^T g,   g_i = l'(e_i),

where e_i = yhat_i - y_i are the errors and l is the loss of one point (see ``losses.point_loss``).

``gradient_descent_loop`` does exactly that, one epoch at a time: open it to see gradient
descent. ``gradient_descent`` is what the lessons call: the same numbers, but for the quadratic
losses computed from the closed form (``closed_form_trajectory``), so a 10,000-epoch run or a
sweep of hundreds of learning rates takes milliseconds.
"""
from __future__ import annotations

import numpy as np

from ._validate import check_run
from .budget import check_loop_time, check_record_memory, most_updates_in_time
from .curvature import QUADRATIC_LOSSES, stability_limit
from .history import DIVERGENCE_FACTOR, History, Recorder, history_from_runs, kept_updates
from .losses import LOSS_NAMES, point_loss, point_loss_slope

# Besides the kept states (d + 1 parameters and the loss), the closed form holds this many
# numbers per kept state and learning rate while it works (see closed_form_trajectory).
CLOSED_FORM_WORKING_NUMBERS = 6


def gradient_descent_loop(x, y, w0, b0, lr: float, epochs: int, loss: str = "half_mse",
                          record_every: int = 1) -> History:
    """Full-batch gradient descent written as a plain loop, one epoch at a time.

    This is the loop lesson 4 writes, and the reference: every faster way of computing a run is
    tested against it. Each epoch k does, for the n points x_i (d inputs each) and targets y_i,

        yhat_i = w . x_i + b              forward pass (one input: w * x_i + b)
        e_i = yhat_i - y_i                the errors
        L = (1/n) sum_i l(e_i)            the loss: l(e) = e**2/2 (half_mse), e**2 (mse), |e| (mae)
        g_i = l'(e_i)                     e_i (half_mse), 2 e_i (mse), sign(e_i) (mae)
        dL/dw = (1/n) sum_i g_i x_i       the gradient (x_i inside the sum: each point its own x)
        dL/db = (1/n) sum_i g_i
        w <- w - lr * dL/dw,  b <- b - lr * dL/db     the update

    and records (w, b, L) before the update: index k of the History is the state before
    update k, so loss[0] is the starting loss. The loop stops early once the run has diverged
    (L_k > DIVERGENCE_FACTOR * L_0); the states it did not reach are NaN.

    Parameters
    ----------
    x : array_like, shape (n,), (n, 1) or (n, d);  y : array_like, shape (n,) or (n, 1)
    w0 : float, or array_like of shape (d,);  b0 : float
    lr : the learning rate, one finite number > 0 (for a sweep of rates call ``gradient_descent``)
    epochs : number of updates, a whole number >= 0
    loss : one of "mse", "half_mse", "mae"
    record_every : keep the states before updates 0, k, 2k, ... and the last (k = record_every)

    Returns
    -------
    History (see its docstring)
    """
    X, y, theta, lr, epochs, record_every = check_run(x, y, w0, b0, lr, epochs, loss, LOSS_NAMES, record_every)
    if lr.ndim != 0:
        raise ValueError(f"lr must be one finite number > 0 for gradient_descent_loop (it makes one run); "
                         f"got {len(lr)} learning rates: call gradient_descent for a sweep")
    _refuse_long_loops(X, lr, epochs, "gradient_descent_loop", "")
    _refuse_big_records(X, lr, epochs, record_every, 2, "gradient_descent_loop")
    lr = float(lr)
    w, b = theta[:-1], theta[-1]  # the weights (one per input) and the bias
    n = len(y)

    record = Recorder(kept_updates(epochs, record_every), len(theta))
    with np.errstate(over="ignore", invalid="ignore"):  # a run that blows up is detected, not warned about
        for k in range(epochs + 1):
            y_hat = X @ w + b  # forward pass: X @ w is w_1 x_i1 + ... + w_d x_id for every point i
            errors = y_hat - y  # e_i = yhat_i - y_i
            loss_k = np.mean(point_loss(errors, loss))  # L = (1/n) sum_i l(e_i)
            diverged = record.keep(k, np.append(w, b), loss_k)  # record the state before update k
            if diverged or k == epochs:
                break
            g = point_loss_slope(errors, loss)  # g_i = l'(e_i)
            dw = X.T @ g / n  # dL/dw_j = (1/n) sum_i g_i x_ij
            db = np.mean(g)  # dL/db = (1/n) sum_i g_i
            w, b = w - lr * dw, b - lr * db  # the update

    return history_from_runs(record.thetas[None], record.losses[None], [record.diverged_at], lr, loss,
                             epochs=epochs, kept=record.kept, record_every=record_every, scalar_w=np.ndim(w0) == 0,
                             stability_limit=_limit_or_none(X, loss), batch_size=n)


def gradient_descent(x, y, w0, b0, lr, epochs: int, loss: str = "half_mse", record_every: int = 1) -> History:
    """Run ``epochs`` full-batch gradient-descent updates of the neuron yhat = w . x + b.

    theta_{k+1} = theta_k - lr * grad L(theta_k), theta = (w, b), starting from (w0, b0): the
    run ``gradient_descent_loop`` makes, with the same numbers (to round-off, about 1e-15
    relative per epoch). How they are computed depends on the loss:

    - "half_mse", "mse": from the closed form of the trajectory (``closed_form_trajectory``),
      which jumps straight to each kept epoch. A 10,000-epoch run takes about a millisecond,
      and only the kept epochs cost anything: epochs=10**12 with record_every=10**12 is instant.
    - "mae": by ``gradient_descent_loop``, one epoch at a time (|e| has no closed form), once
      per learning rate.

    Index k of the History is the state before update k (loss[0] is the starting loss); a run
    that diverged (loss above DIVERGENCE_FACTOR times its start) has ``diverged_at`` = the first
    such epoch, exactly, and NaN after it. No overflow warnings are raised.

    Parameters
    ----------
    x : array_like, shape (n,), (n, 1) or (n, d);  y : array_like, shape (n,) or (n, 1)
    w0 : float, or array_like of shape (d,);  b0 : float
    lr : learning rate, a finite number > 0, or a 1-D array of them to run a sweep in one call
         (every History array then gains a leading axis, one row per learning rate)
    epochs : number of updates, a whole number >= 0
    loss : one of "mse", "half_mse", "mae"
    record_every : a whole number k >= 1: keep only the states before epochs 0, k, 2k, ... and
         the last one (``history.recorded_epochs``). record_every=epochs keeps the start and the end.

    Returns
    -------
    History, see its docstring for the shapes.

    Raises ValueError, before any work, for bad input and for a call that would need more
    than MEMORY_BUDGET_MB of memory (or, for the MAE, LOOP_TIME_BUDGET_SECONDS of looping);
    the message says how much and what to change.
    """
    X, y_vec, theta0, lrs, epochs, record_every = check_run(x, y, w0, b0, lr, epochs, loss, LOSS_NAMES, record_every)
    if loss in QUADRATIC_LOSSES:
        _refuse_big_records(X, lrs, epochs, record_every, CLOSED_FORM_WORKING_NUMBERS, "gradient_descent")
        kept = kept_updates(epochs, record_every)
        A = np.hstack([X, np.ones((len(X), 1))])
        thetas, losses, diverged_at = closed_form_trajectory(A, y_vec, theta0, np.atleast_1d(lrs), kept, epochs,
                                                             QUADRATIC_LOSSES[loss])
    else:  # the loop, once per learning rate, each run copied into the sweep's arrays
        _refuse_long_loops(X, lrs, epochs, f"gradient_descent with loss={loss!r}", " (the MAE has no closed form)")
        _refuse_big_records(X, lrs, epochs, record_every, X.shape[1] + 4, "gradient_descent")
        kept = kept_updates(epochs, record_every)
        thetas, losses = np.empty((np.size(lrs), len(kept), len(theta0))), np.empty((np.size(lrs), len(kept)))
        diverged_at = []
        for r, rate in enumerate(np.atleast_1d(lrs)):
            run = gradient_descent_loop(X, y_vec, theta0[:-1], theta0[-1], rate, epochs, loss, record_every)
            thetas[r, :, :-1], thetas[r, :, -1], losses[r] = run.w, run.b, run.loss
            diverged_at.append(run.diverged_at)
    return history_from_runs(thetas, losses, diverged_at, lrs, loss, epochs=epochs, kept=kept,
                             record_every=record_every, scalar_w=np.ndim(w0) == 0,
                             stability_limit=_limit_or_none(X, loss), batch_size=len(X))


def closed_form_trajectory(A: np.ndarray, y: np.ndarray, theta0: np.ndarray, lrs: np.ndarray,
                           kept: np.ndarray, epochs: int, scale: float) -> tuple[np.ndarray, np.ndarray, list]:
    """Gradient descent on L = scale/(2n) ||A theta - y||^2 at the kept epochs, without stepping.

    The eigen-decomposition. Write A = U diag(sigma) V^T (its singular value decomposition). Then
    the Hessian is H = scale/n A^T A = V diag(lambda) V^T with lambda_j = scale sigma_j^2 / n: the
    columns v_j of V are the directions of the bowl and lambda_j its curvature along each. Split
    the starting errors e_0 = A theta_0 - y into z_j = u_j . e_0 along each column u_j of U, plus
    a residual r that no line can remove (L_min = scale/(2n) ||r||^2).

    One update theta <- theta - lr grad L multiplies each z_j by (1 - lr lambda_j), and leaves r
    alone. So after k updates, with rho_j = 1 - lr lambda_j and the starting gradient
    grad L(theta_0) = sum_j c_j v_j (c_j = scale/n sigma_j z_j):

        L_k     = L_min + scale/(2n) sum_j z_j^2 rho_j^(2k)
        theta_k = theta_0 - sum_j v_j c_j (1 - rho_j^k) / lambda_j

    ((1 - rho^k)/lambda = lr (1 + rho + ... + rho^(k-1)) is the total step taken along v_j; a flat
    direction, lambda_j = 0, has c_j = 0 and never moves.) These are the loop's numbers to round-off: the
    powers are computed through log1p/expm1 where 0 < rho < 1 (exact even for rho within 1e-16 of 1),
    and only for the kept epochs k.

    Divergence. L_k - L_min is a sum of terms a_j (rho_j^2)^k with a_j >= 0, each convex in k,
    so L_k is convex in k and {k : L_k <= DIVERGENCE_FACTOR L_0} is an interval that contains
    k = 0. A run therefore diverges within ``epochs`` exactly when L_epochs exceeds the limit,
    and a binary search over k finds the first epoch that does, whether it was kept or not.

    Parameters
    ----------
    A : (n, P) the inputs with a column of ones;  y : (n,);  theta0 : (P,) the start
    lrs : (R,) learning rates;  kept : (K,) the epochs to compute;  epochs : the last one
    scale : 1 for half_mse, 2 for mse

    Returns
    -------
    thetas (R, K, P), losses (R, K), and for each run the epoch it diverged at (or None);
    the kept states after that epoch are NaN.
    """
    n = len(y)
    U, sigma, Vt = np.linalg.svd(A, full_matrices=False)
    lam = scale * sigma**2 / n  # the Hessian's eigenvalues (its flat directions beyond n are left out)
    e0 = A @ theta0 - y
    z = U.T @ e0  # the starting errors along each direction
    loss0 = scale / 2 * np.mean(e0**2)  # (the very number the loop computes)
    loss_min = scale / 2 * np.mean((e0 - U @ z) ** 2)
    c = scale / n * sigma * z  # the starting gradient along each direction: V^T grad L(theta_0)
    moving = np.flatnonzero(z != 0)  # a direction without starting error never moves, even an unstable one

    def trajectory(runs, k, with_thetas):
        """(thetas, losses) of the runs lrs[runs] at the epochs k (an array broadcast against the runs)."""
        shape = np.broadcast_shapes((len(runs), 1), np.shape(k))
        losses = np.full(shape, loss_min)
        thetas = np.empty((len(theta0),) + shape) if with_thetas else None  # parameter first: contiguous rows
        if with_thetas:
            thetas[:] = theta0[:, None, None]
        for j in moving:
            rho_k, one_minus_rho_k = _powers(lrs[runs, None] * lam[j], k)
            rho_k **= 2
            rho_k *= scale / (2 * n) * z[j] ** 2
            losses += rho_k  # scale/(2n) z_j^2 rho_j^(2k)
            if with_thetas and lam[j] > 0:  # the total step taken along v_j: c_j (1 - rho_j^k) / lambda_j
                step = one_minus_rho_k
                step *= c[j] / lam[j]
                for i in range(len(theta0)):
                    thetas[i] -= Vt[j, i] * step
        return thetas, losses

    runs = np.arange(len(lrs))
    with np.errstate(all="ignore"):  # a run that blows up is cut below, not warned about
        thetas, losses = trajectory(runs, kept[None, :], with_thetas=True)
        losses[:, 0] = loss0  # the start exactly, not via the eigenbasis
        thetas[:, :, 0] = theta0[:, None]

        limit = DIVERGENCE_FACTOR * loss0
        blown = runs[~(trajectory(runs, float(epochs), False)[1][:, 0] <= limit)]
        diverged_at = [None] * len(lrs)
        if blown.size:
            first = _first_epoch_above(lambda k: trajectory(blown, k[:, None], False)[1][:, 0], limit, epochs,
                                       len(blown))
            for r, epoch in zip(blown, first):
                diverged_at[r] = int(epoch)
                thetas[:, r, kept > epoch] = np.nan
                losses[r, kept > epoch] = np.nan
    return np.moveaxis(thetas, 0, -1), losses, diverged_at


def _first_epoch_above(loss_at, limit: float, epochs: int, runs: int) -> np.ndarray:
    """Binary search, for runs with loss_at(0) <= limit < loss_at(epochs): the first epoch k with
    loss_at(k) > limit. Valid because {k : loss_at(k) <= limit} is an interval from 0 (convexity).

    ``loss_at`` maps an array of epochs, one per run, to the runs' losses at those epochs.
    """
    low = np.zeros(runs, dtype=np.int64)  # loss_at(low) <= limit
    high = np.full(runs, epochs, dtype=np.int64)  # loss_at(high) > limit
    while np.any(high - low > 1):
        middle = (low + high) // 2
        above = ~(loss_at(middle) <= limit)
        high = np.where(above, middle, high)
        low = np.where(above, low, middle)
    return high


def _powers(lr_lam: np.ndarray, k: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(rho**k, 1 - rho**k) for rho = 1 - lr * lambda, broadcasting ``lr_lam`` (R, 1) against ``k``.

    Both come from k log|rho|, with log|rho| = log1p(-lr lambda) where rho > 0: exp of it gives
    |rho|^k, and -expm1 of it 1 - |rho|^k to full precision even when rho is within 1e-16 of 1
    (a flat direction over many epochs). Where rho < 0 (each step jumps over the bottom) the
    sign alternates: rho^k = (-1)^k |rho|^k.
    """
    rho = 1 - lr_lam
    with np.errstate(divide="ignore"):  # log 0 = -inf when rho = 0 (lr = 1/lambda: the bottom in one step)
        log_size = np.where(lr_lam < 1, np.log1p(-np.minimum(lr_lam, 1)), np.log(np.abs(rho)))  # log|rho|
    exponent = k * log_size  # k log|rho|
    exponent[np.isnan(exponent)] = 0.0  # 0 * log 0 for k = 0: rho^0 = 1
    one_minus = np.expm1(exponent)
    np.negative(one_minus, out=one_minus)  # 1 - |rho|^k
    rho_k = np.exp(exponent, out=exponent)  # |rho|^k
    if np.any(rho < 0):  # rho^k = (-1)^k |rho|^k: negative for odd k
        np.negative(rho_k, out=rho_k, where=(rho < 0) & (np.asarray(k) % 2 == 1))
        np.subtract(1, rho_k, out=one_minus, where=rho < 0)
    return rho_k, one_minus


def _refuse_big_records(X: np.ndarray, lrs: np.ndarray, epochs: int, record_every: int, working: int,
                        caller: str) -> None:
    """Raise the memory-budget ValueError if the kept states, and ``working`` numbers per kept
    state and run besides them, would not fit MEMORY_BUDGET_MB."""
    contents = "w, b and the loss" if X.shape[1] == 1 else f"{X.shape[1]} weights, b and the loss"
    contents += f", plus {working} working number{'s' * (working > 1)}"
    sweep = np.ndim(lrs) == 1
    check_record_memory(caller, steps=epochs, record_every=record_every, runs=np.size(lrs) if sweep else None,
                        per_state=X.shape[1] + 2 + working, contents=contents, step_word="epochs",
                        shorter="fewer epochs or fewer learning rates" if sweep else "fewer epochs")


def _refuse_long_loops(X: np.ndarray, lrs: np.ndarray, epochs: int, caller: str, why: str) -> None:
    """Raise the time-budget ValueError if stepping through every epoch would take too long."""
    runs, n, columns = np.size(lrs), len(X), X.shape[1] + 1
    sweep = np.ndim(lrs) == 1
    what = f"{epochs:,} updates"
    if sweep:
        what = f"{runs:,} learning rates × {epochs:,} epochs = {runs * epochs:,} updates"
    check_loop_time(caller, runs * epochs, n * columns,
                    f"{what}, each a pass over all {n:,} points in a Python loop{why}",
                    f"Use {'fewer epochs or fewer learning rates' if sweep else 'fewer epochs'}: about "
                    f"{most_updates_in_time(n * columns):,} updates fit. (record_every does not help here: "
                    "the loop computes every epoch, kept or not.)")


def _limit_or_none(X: np.ndarray, loss: str) -> float | None:
    """The stability limit 2 / lambda_max for a quadratic loss, None for the MAE."""
    return stability_limit(X, loss) if loss in QUADRATIC_LOSSES else None
