"""Memory and time budgets: calls too big are refused at once, with sizes and a way out."""
import re
import time
import tracemalloc

import numpy as np
import pytest

import lessons_lib as ll
from lessons_lib import budget

X, Y = ll.make_line_data()


def refusal(call):
    """Run ``call``, which must raise ValueError quickly and without allocating; return the message."""
    tracemalloc.start()
    start = time.perf_counter()
    try:
        with pytest.raises(ValueError) as info:
            call()
    finally:
        seconds = time.perf_counter() - start
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    assert seconds < 1.0 and peak < 10e6, (seconds, peak)
    return str(info.value)


# ---- the two calls of the brief ---------------------------------------------------------------

def test_a_sweep_of_2000_rates_over_100000_epochs_is_refused_with_its_size():
    message = refusal(lambda: ll.gradient_descent(X, Y, 0, 0, lr=np.linspace(0.01, 0.1, 2000), epochs=100_000))
    # 2000 x 100,001 kept states x (w, b, loss and 6 working numbers) x 8 bytes = 14.4 GB
    assert "gradient_descent would hold about 14 GB, more than the 200 MB budget" in message  # 14.4 GB
    assert "2,000 learning rates × 100,001 recorded epochs × 9 numbers" in message
    assert "fewer epochs or fewer learning rates" in message
    assert "record_every=100_000" in message  # only the start and the end
    k = int(re.search(r"record_every=([\d_]+) fits", message).group(1).replace("_", ""))
    kept = -(-100_000 // k) + 1
    assert 2000 * kept * 9 * 8 <= 200e6 < 2000 * (-(-100_000 // (k - 1)) + 1) * 9 * 8  # the smallest k that fits


def test_a_trillion_epochs_are_refused_not_a_memory_error():
    message = refusal(lambda: ll.gradient_descent(X, Y, 0, 0, lr=0.01, epochs=10**12))
    assert "would hold about 72 TB" in message and "1,000,000,000,001 recorded epochs × 9 numbers" in message
    assert "record_every=1_000_000_000_000" in message and "fewer epochs" in message


@pytest.mark.parametrize("loss", ["mse", "half_mse"])
def test_a_trillion_epochs_keeping_the_start_and_the_end_take_milliseconds(loss):
    start = time.perf_counter()
    history = ll.gradient_descent(X, Y, 0, 0, lr=0.01, epochs=10**12, loss=loss, record_every=10**12)
    assert time.perf_counter() - start < 0.5
    assert history.recorded_epochs.tolist() == [0, 10**12] and history.epochs == 10**12
    assert (history.final_w, history.final_b) == (pytest.approx(3.0, rel=1e-12), pytest.approx(1.0, rel=1e-12))


def test_a_trillion_epochs_past_the_limit_still_find_the_exact_divergence_epoch():
    limit = 4 / (17 + np.sqrt(269))  # mse on the line data
    history = ll.gradient_descent(X, Y, 0.5, 0.0, lr=1.0001 * limit, epochs=10**12, loss="mse", record_every=10**12)
    loop = ll.gradient_descent_loop(X, Y, 0.5, 0.0, lr=1.0001 * limit, epochs=200_000, loss="mse",
                                    record_every=200_000)
    assert loop.diverged_at is not None and history.diverged_at == loop.diverged_at
    assert np.isnan(history.final_loss)


# ---- the loop's time budget ----------------------------------------------------------------

def test_a_mae_run_too_long_for_the_loop_is_refused_with_its_duration():
    message = refusal(lambda: ll.gradient_descent(X, Y, 0, 0, lr=0.01, epochs=10**12, loss="mae",
                                                  record_every=10**12))
    assert message.startswith("gradient_descent with loss='mae' would run for about ")
    assert " days, more than the 60 s budget" in message
    assert "1,000,000,000,000 updates" in message and "record_every does not help" in message
    assert "Use fewer epochs: about" in message


def test_a_mae_sweep_counts_every_run():
    message = refusal(lambda: ll.gradient_descent(X, Y, 0, 0, lr=np.full(100, 0.01), epochs=100_000, loss="mae"))
    assert "100 learning rates × 100,000 epochs = 10,000,000 updates" in message
    assert "fewer epochs or fewer learning rates" in message


def test_the_loop_itself_has_the_time_budget():
    message = refusal(lambda: ll.gradient_descent_loop(X, Y, 0, 0, lr=0.01, epochs=10**9, loss="mse",
                                                       record_every=10**9))
    assert message.startswith("gradient_descent_loop would run for about ")


def test_the_time_budget_is_checked_before_the_loop_starts(monkeypatch):
    monkeypatch.setattr(budget, "LOOP_TIME_BUDGET_SECONDS", 1e-4)  # 10 updates at 10 microseconds
    for call in (lambda: ll.gradient_descent_loop(X, Y, 0, 0, lr=0.01, epochs=1000, loss="mse"),
                 lambda: ll.gradient_descent(X, Y, 0, 0, lr=0.01, epochs=1000, loss="mae"),
                 lambda: ll.stochastic_gradient_descent(X, Y, 0, 0, lr=0.01, epochs=1000)):
        with pytest.raises(ValueError, match="more than the 0.0001 s budget"):
            call()


@pytest.mark.parametrize("steps", [1, 7, 100, 999, 1000, 12_345, 10**6])
@pytest.mark.parametrize("fitting", [2, 3, 5, 17, 1000])
def test_the_suggested_record_every_is_the_smallest_that_fits(steps, fitting, monkeypatch):
    per_state = 3
    monkeypatch.setattr(budget, "MEMORY_BUDGET_MB", fitting * per_state * 8 / 1e6)  # room for `fitting` states
    kept = steps + 1
    if kept <= fitting:
        budget.check_record_memory("f", steps=steps, record_every=1, runs=None, per_state=per_state,
                                   contents="", step_word="epochs", shorter="")
        return
    with pytest.raises(ValueError) as info:
        budget.check_record_memory("f", steps=steps, record_every=1, runs=None, per_state=per_state,
                                   contents="", step_word="epochs", shorter="")
    k = int(re.search(r"record_every=([\d_]+) fits", str(info.value)).group(1).replace("_", ""))
    kept_with = len(range(0, steps + 1, k)) + (steps % k != 0)  # 0, k, 2k, ... and the last
    kept_with_one_less = len(range(0, steps + 1, k - 1)) + (steps % (k - 1) != 0) if k > 1 else kept
    assert kept_with <= fitting < kept_with_one_less


def test_sgd_has_both_budgets():
    message = refusal(lambda: ll.stochastic_gradient_descent(X, Y, 0, 0, lr=0.01, epochs=10**9))
    assert "stochastic_gradient_descent would run for about" in message
    assert "1,000,000,000 epochs × 4 updates per epoch = 4,000,000,000 updates" in message
    assert "larger batch_size" in message


def test_sgd_memory_budget_names_the_updates(monkeypatch):
    monkeypatch.setattr(budget, "MEMORY_BUDGET_MB", 0.01)  # 10 kB
    message = refusal(lambda: ll.stochastic_gradient_descent(X, Y, 0, 0, lr=0.01, epochs=1000))
    assert "stochastic_gradient_descent would hold about 160 kB" in message  # 4,001 x 5 x 8 bytes
    assert "4,001 recorded updates × 5 numbers" in message and "record_every=" in message


def test_loss_surface_refuses_a_grid_too_fine():
    grid = np.linspace(0, 1, 3000)
    message = refusal(lambda: ll.loss_surface(X, Y, grid, grid))
    assert "loss_surface would hold about 1.0 GB" in message  # 3000^2 x (3 x 4 + 2) x 8 bytes
    assert "3,000 biases × 3,000 weights × 14 numbers" in message
    assert "coarser grid" in message


# ---- the estimates count the real working arrays ---------------------------------------------

def peak_bytes(call):
    tracemalloc.start()
    try:
        call()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


rng = np.random.default_rng(0)
CASES = {
    "closed form, one run": lambda: ll.gradient_descent(X, Y, 0.5, 0.0, 0.1, 100_000, "mse"),
    "closed form, a sweep past the limit": lambda: ll.gradient_descent(
        X, Y, 0.5, 0.0, np.linspace(0.01, 0.2, 300), 3000, "mse"),
    "closed form, three inputs": lambda: ll.gradient_descent(
        rng.normal(size=(20, 3)), rng.normal(size=20), np.zeros(3), 0.0, np.geomspace(1e-3, 1, 50), 4000),
    "the MAE, a sweep": lambda: ll.gradient_descent(X, Y, 0.5, 0.0, [0.01, 0.02, 0.03], 3000, "mae"),
    "the loop": lambda: ll.gradient_descent_loop(X, Y, 0.5, 0.0, 0.01, 5000, "mse"),
    "sgd": lambda: ll.stochastic_gradient_descent(X, Y, 0.5, 0.0, 0.01, 2000, batch_size=3),
    "loss surface": lambda: ll.loss_surface(X, Y, np.linspace(0, 5, 400), np.linspace(-2, 2, 300)),
}


@pytest.mark.parametrize("case", CASES)
def test_a_budget_just_below_the_real_peak_refuses_and_twice_it_allows(case, monkeypatch):
    CASES[case]()  # once first, so that one-off costs (numpy's first calls) are not counted
    peak = peak_bytes(CASES[case])
    monkeypatch.setattr(budget, "MEMORY_BUDGET_MB", 0.999 * peak / 1e6)
    with pytest.raises(ValueError, match="more than the"):
        CASES[case]()  # the estimate is at least the real peak: the call is refused
    monkeypatch.setattr(budget, "MEMORY_BUDGET_MB", 2 * peak / 1e6)
    CASES[case]()  # and at most twice it: the call goes through


def test_human_units():
    assert budget.human_bytes(4.8e9) == "about 4.8 GB"
    assert budget.human_bytes(72e12) == "about 72 TB"
    assert budget.human_bytes(999) == "999 bytes"
    assert budget.human_seconds(7200) == "about 2 hours"
    assert budget.human_seconds(10**7) == "about 116 days"
    assert budget.human_seconds(12) == "about 12 seconds"
