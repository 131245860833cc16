"""How a run went, in one word: converging, slow, oscillating, diverging, or diverged at epoch k."""
from __future__ import annotations

import numbers

import numpy as np

from .history import History


def classify_run(history: History, tolerance: float = 1e-6, loss_min: float = 0.0) -> str:
    """How one training run went: 'diverged at epoch k', 'diverging', 'converging', 'oscillating' or 'slow'.

    With L_k the kept losses (L_0 the start, L_N the end), theta_k = (w_k, b_k) the kept states and
    lr the learning rate, the rules are checked in this order; the first that holds is the verdict.

    1. 'diverged at epoch k': the run blew up, L_k > DIVERGENCE_FACTOR * L_0 at k = history.diverged_at
       (for SGD, which counts updates, 'diverged at update k').
    2. 'diverging': the run is past the cliff but has not blown up yet.
       - For the quadratic losses the cliff is known exactly, ``history.stability_limit`` = 2/lambda_max:
         'diverging' if lr > 2/lambda_max and the run moved at all (theta_N != theta_0). Along the
         steepest direction of the bowl each step multiplies the error by 1 - lr * lambda_max, and
         |1 - lr * lambda_max| > 1 exactly when lr > 2/lambda_max: that error grows geometrically, so
         the run diverges however tame its first epochs look. So no run past the limit is ever called
         'converging' or 'oscillating'. (A start exactly at the minimum has zero gradient and never
         moves, so it cannot diverge: rule 3 calls it 'converging'.)
       - Without a known cliff (the MAE, minibatch SGD) it is decided from the run: 'diverging' if the
         last loss is higher than every earlier one, L_N > max(L_0, ..., L_{N-1}): the run ends above
         where it started and is still climbing. (A MAE run cannot blow up geometrically: its
         gradient has a bounded size, so each step changes the loss by at most a fixed amount.)
    3. 'converging': the loss has gone all but ``tolerance`` of the way down to its minimum,
           L_N - loss_min <= tolerance * (L_0 - loss_min)
       (a run started at the minimum, L_0 = loss_min, is 'converging' as long as it stays there).
       ``loss_min`` is the lowest loss the neuron can reach: 0 when a line fits the data exactly
       (all the course's data sets), the least-squares fit's loss otherwise.
    4. 'oscillating': the last two steps point against each other (N >= 2):
           (theta_N - theta_{N-1}) . (theta_{N-1} - theta_{N-2}) < 0.
       For a quadratic loss a step is -lr H (theta_k - theta*), so steps that flip direction mean the
       error theta_k - theta* flips sign: each step jumps over the minimum (a zig-zag). Along an
       eigen-direction of H the error is multiplied by (1 - lr * lambda), negative when
       lr > 1/lambda; late in a long run the direction with the largest |1 - lr * lambda| dominates,
       and that is the steep one exactly when lr > 2 / (lambda_min + lambda_max).
       This rule needs the last three states one step apart (record_every = 1); when a run of two
       or more steps did not keep them, classify_run raises ValueError rather than guess.
    5. 'slow' otherwise: every step still heads the same way, but the run has not got there yet.

    Parameters
    ----------
    history : the History of a single run (not a sweep: pick one with ``history.run(i)``)
    tolerance : the fraction of the starting excess loss that counts as "there", 0 < tolerance < 1
    loss_min : the lowest reachable loss, a finite number (default 0)

    Returns
    -------
    str, one of 'converging', 'slow', 'oscillating', 'diverging' or 'diverged at epoch k' (k a number)
    """
    if not isinstance(history, History):
        raise ValueError(f"history must be a History from gradient_descent, got {type(history).__name__}")
    if history.is_sweep:
        raise ValueError("history must hold a single run, got a sweep of "
                         f"{len(history.lr)} learning rates; classify one run with history.run(i)")
    if isinstance(tolerance, bool) or not (isinstance(tolerance, numbers.Real) and 0 < tolerance < 1):
        raise ValueError(f"tolerance must be a number with 0 < tolerance < 1, got {tolerance!r}")
    if isinstance(loss_min, bool) or not (isinstance(loss_min, numbers.Real) and np.isfinite(loss_min)):
        raise ValueError(f"loss_min must be a finite number (the lowest reachable loss), got {loss_min!r}")

    loss = history.loss
    theta = np.column_stack([np.reshape(history.w, (len(loss), -1)), history.b])  # (kept states, d + 1)

    if history.diverged:  # rule 1
        unit = "epoch" if history.updates_per_epoch == 1 else "update"
        return f"diverged at {unit} {history.diverged_at}"
    if history.stability_limit is not None:  # rule 2, with the cliff known
        if history.lr > history.stability_limit and np.any(theta[-1] != theta[0]):
            return "diverging"
    elif len(loss) >= 2 and loss[-1] > np.max(loss[:-1]):  # rule 2, from the run itself
        return "diverging"
    if loss[-1] - loss_min <= tolerance * (loss[0] - loss_min):  # rule 3
        return "converging"
    if history.updates >= 2:  # rule 4
        last_three = history.recorded_updates[-3:]
        if len(last_three) < 3 or last_three[-1] - last_three[0] != 2:
            raise ValueError(
                "classify_run tells 'oscillating' from 'slow' by the run's last two single steps, but this run "
                f"kept only every k-th state (record_every={history.record_every}; its last kept updates are "
                f"{', '.join(str(k) for k in last_three)}); run it again with record_every=1")
        last_step, step_before = theta[-1] - theta[-2], theta[-2] - theta[-3]
        if float(last_step @ step_before) < 0:
            return "oscillating"
    return "slow"
