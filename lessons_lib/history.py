"""The record of a training run (History), and how a run that blows up is recognised and cut.

A run has *diverged* at the first update k whose loss exceeds DIVERGENCE_FACTOR times its
starting loss: L_k > DIVERGENCE_FACTOR * L_0. Its states after k are kept as NaN, so plots
simply stop there.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

DIVERGENCE_FACTOR = 1e6  # a run has diverged once its loss exceeds 1e6 x its starting loss


def kept_updates(updates: int, record_every: int) -> np.ndarray:
    """The update numbers whose states a History keeps: 0, k, 2k, ... and always the last, ``updates``.

    The state kept for update number j is the one *before* update j (j = ``updates`` is the end).
    """
    kept = np.arange(0, updates + 1, record_every, dtype=np.int64)
    return kept if kept[-1] == updates else np.append(kept, updates)


@dataclass(frozen=True, kw_only=True)
class History:
    """What a training run went through: its states, what they count, and whether it blew up.

    The states
        ``w``, ``b``, ``loss``: entry i is the state *before* update ``recorded_updates[i]``,
        with ``loss`` the loss on the full data. With record_every = 1 (the default) every
        state is kept, so index k is the state before update k: ``loss[0]`` is the starting
        loss and ``w[-1]``, ``b[-1]`` the parameters after the last update. With record_every = k
        only the states before updates 0, k, 2k, ... and the very last are kept.
        ``w`` has a last axis of length d when the neuron has d > 1 inputs (or w0 was an array).

    The counts (gradient descent makes one update per epoch; SGD makes ceil(n / batch_size))
        ``epochs``            passes over the data
        ``updates_per_epoch`` updates made in each pass
        ``updates``           epochs * updates_per_epoch, the number of updates made
        ``batch_size``        points behind each update (n for full-batch gradient descent)
        ``recorded_updates``  the update number of each kept state (``recorded_epochs``: in epochs)

    A sweep: when ``lr`` was an array of R learning rates every state array gains a leading
    axis of length R (one row per learning rate), and ``diverged``/``diverged_at`` hold one
    entry per rate; ``run(i)`` picks one run.

    Divergence: ``diverged_at`` is the first update k with loss L_k > DIVERGENCE_FACTOR * L_0
    (None if there is none), exact even when not every state was kept; every kept state after
    it is NaN.

    ``stability_limit`` is 2 / lambda_max of the loss's Hessian for the quadratic losses
    ("half_mse", "mse") with full batches, the learning rate beyond which the run diverges;
    None when no single limit exists (the MAE, minibatches).
    """

    w: np.ndarray
    b: np.ndarray
    loss: np.ndarray
    lr: float | np.ndarray
    loss_name: str
    diverged: bool | np.ndarray
    diverged_at: int | None | np.ndarray  # an object array of int/None for a sweep
    epochs: int
    recorded_updates: np.ndarray
    updates_per_epoch: int = 1
    batch_size: int | None = None
    record_every: int = 1
    stability_limit: float | None = None

    @property
    def updates(self) -> int:
        """The number of updates made: epochs * updates_per_epoch."""
        return self.epochs * self.updates_per_epoch

    @property
    def recorded_epochs(self) -> np.ndarray:
        """The epoch of each kept state: recorded_updates / updates_per_epoch (fractions mid-epoch in SGD)."""
        if self.updates_per_epoch == 1:
            return self.recorded_updates
        return self.recorded_updates / self.updates_per_epoch

    @property
    def loss_per_epoch(self) -> np.ndarray:
        """The loss at the kept states that fall on an epoch boundary, the curve to compare across methods.

        With record_every = 1 entry e is the loss after e epochs (e = 0 .. epochs): for gradient
        descent that is ``loss`` itself, for SGD ``loss[::updates_per_epoch]``. (Their epochs are
        ``recorded_epochs`` at the same places.)
        """
        at_boundary = self.recorded_updates % self.updates_per_epoch == 0
        return self.loss[..., at_boundary]

    @property
    def is_sweep(self) -> bool:
        """True when the History holds one run per learning rate of an array ``lr``."""
        return np.ndim(self.lr) == 1

    @property
    def final_w(self):
        """The weights after the last update (NaN for a diverged run)."""
        return self.w[:, -1] if self.is_sweep else self.w[-1]

    @property
    def final_b(self):
        """The bias after the last update (NaN for a diverged run)."""
        return self.b[:, -1] if self.is_sweep else self.b[-1]

    @property
    def final_loss(self):
        """The loss after the last update (NaN for a diverged run)."""
        return self.loss[:, -1] if self.is_sweep else self.loss[-1]

    def run(self, i: int) -> "History":
        """The single run made with the i-th learning rate of a sweep."""
        if not self.is_sweep:
            raise ValueError("run(i) picks one run of a sweep; this history holds a single run")
        count = len(self.lr)
        if isinstance(i, bool) or not isinstance(i, (int, np.integer)) or not -count <= i < count:
            raise ValueError(f"i must be a whole number from 0 to {count - 1} (one of the {count} runs), got {i!r}")
        return History(w=self.w[i], b=self.b[i], loss=self.loss[i], lr=float(self.lr[i]), loss_name=self.loss_name,
                       diverged=bool(self.diverged[i]), diverged_at=self.diverged_at[i], epochs=self.epochs,
                       recorded_updates=self.recorded_updates, updates_per_epoch=self.updates_per_epoch,
                       batch_size=self.batch_size, record_every=self.record_every,
                       stability_limit=self.stability_limit)


class Recorder:
    """Keeps one run's states at the chosen update numbers, and notices when the run blows up.

    A loop calls ``keep(k, theta, loss_k)`` with the state before update k, for k = 0, 1, 2, ...;
    ``keep`` returns True once the run has diverged (the loop then stops: the states not
    reached stay NaN).
    """

    def __init__(self, kept: np.ndarray, num_parameters: int):
        self.kept = kept
        self.thetas = np.full((len(kept), num_parameters), np.nan)
        self.losses = np.full(len(kept), np.nan)
        self.row = 0  # the next kept state to fill
        self.limit = np.inf
        self.diverged_at = None

    def keep(self, k: int, theta: np.ndarray, loss_k: float) -> bool:
        if k == 0:
            self.limit = DIVERGENCE_FACTOR * loss_k
        if self.row < len(self.kept) and k == self.kept[self.row]:
            self.thetas[self.row], self.losses[self.row] = theta, loss_k
            self.row += 1
        if not loss_k <= self.limit:  # also true for inf and NaN
            self.diverged_at = k
            return True
        return False


def history_from_runs(thetas: np.ndarray, losses: np.ndarray, diverged_at: list, lr, loss_name: str, *,
                      epochs: int, kept: np.ndarray, record_every: int, scalar_w: bool,
                      stability_limit: float | None, updates_per_epoch: int = 1,
                      batch_size: int | None = None) -> History:
    """A History from the kept states of R runs: thetas (R, K, d + 1) with theta = (w, b), losses (R, K).

    ``lr`` a single number gives a single run (R must be 1); an array of R rates gives a sweep.
    ``scalar_w``: w0 was one number, so ``w`` has no feature axis.
    """
    w = thetas[..., 0] if scalar_w else thetas[..., :-1]
    b = thetas[..., -1]
    common = dict(loss_name=loss_name, epochs=epochs, recorded_updates=kept, updates_per_epoch=updates_per_epoch,
                  batch_size=batch_size, record_every=record_every, stability_limit=stability_limit)
    if np.ndim(lr) == 0:
        return History(w=w[0], b=b[0], loss=losses[0], lr=float(lr), diverged=diverged_at[0] is not None,
                       diverged_at=diverged_at[0], **common)
    return History(w=w, b=b, loss=losses, lr=np.asarray(lr, dtype=float),
                   diverged=np.array([k is not None for k in diverged_at]),
                   diverged_at=np.array(diverged_at, dtype=object), **common)
