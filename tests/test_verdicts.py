"""classify_run: the verdicts lessons 4 and 5 print, checked against hand-computed limits.

Seed 003's data (y = 3x + 1, x = 1..4) with the MSE has the Hessian H = [[15, 5], [5, 2]]
(computed by hand: (2/4) A^T A with A = [x | 1]), eigenvalues lambda = (17 -+ sqrt(269)) / 2,
stability limit 2/lambda_max = 4/(17 + sqrt(269)) = 0.119756 and fastest rate 2/17 = 0.117647.
"""
import numpy as np
import pytest

import lessons_lib as ll

X, Y = ll.make_line_data()
LAM_MIN, LAM_MAX = (17 - np.sqrt(269)) / 2, (17 + np.sqrt(269)) / 2
LIMIT = 2 / LAM_MAX
BEST = 2 / (LAM_MIN + LAM_MAX)

TWO = ll.make_two_point_data()
A_TWO = np.column_stack([TWO.x.ravel(), np.ones(2)])
TWO_LIMIT = 2 / np.linalg.eigvalsh(A_TWO.T @ A_TWO / 2).max()  # half-MSE: H = (1/n) A^T A


def run(lr, epochs, x=X, y=Y, loss="mse", w0=0.5, b0=0.0, **kwargs):
    return ll.gradient_descent(x, y, w0, b0, lr, epochs, loss, **kwargs)


def is_past_the_cliff(verdict):
    return verdict == "diverging" or verdict.startswith("diverged at epoch ")


# ---- the cliff ---------------------------------------------------------------------------

@pytest.mark.parametrize("x, y, w0, b0, loss, limit", [
    (X, Y, 0.5, 0.0, "mse", LIMIT),
    (TWO.x, TWO.y, TWO.w0, TWO.b0, "half_mse", TWO_LIMIT),
])
def test_every_run_past_the_limit_is_diverging_and_none_below(x, y, w0, b0, loss, limit):
    rates = np.linspace(0.5 * limit, 1.5 * limit, 400)
    assert not np.any(rates == limit)
    sweep = ll.gradient_descent(x, y, w0, b0, rates, 100, loss)
    verdicts = [ll.classify_run(sweep.run(i)) for i in range(len(rates))]
    for rate, verdict in zip(rates, verdicts):
        assert is_past_the_cliff(verdict) == (rate > limit), (rate / limit, verdict)
    assert "oscillating" in verdicts and "diverging" in verdicts  # both sides are really there


@pytest.mark.parametrize("lr, loss_ratio", [(0.1202, 4.4), (0.1230, 38_000)])
def test_runs_just_past_the_limit_are_diverging_before_they_blow_up(lr, loss_ratio):
    history = run(lr, 100)  # the review's lesson-5 Explorer cases
    assert not history.diverged and history.final_loss / history.loss[0] == pytest.approx(loss_ratio, rel=0.01)
    assert ll.classify_run(history) == "diverging"


@pytest.mark.parametrize("lr", [0.1177, 0.118, 0.119, 0.1197])
def test_runs_between_the_fastest_rate_and_the_limit_oscillate(lr):
    assert BEST < lr < LIMIT
    assert ll.classify_run(run(lr, 100)) == "oscillating"


def test_the_limit_itself_neither_converges_nor_diverges():
    history = run(LIMIT * (1 - 1e-15), 100)
    assert ll.classify_run(history) == "oscillating"


def test_past_the_limit_is_diverging_even_while_the_loss_still_falls():
    # start near the valley floor: mostly off along the flat direction, a hair off along the steep one.
    # The flat error shrinks first, so the loss falls for a while; the steep one grows all along.
    lam, vectors = np.linalg.eigh(np.array([[15.0, 5.0], [5.0, 2.0]]))  # the MSE's Hessian on x = 1, 2, 3, 4
    flat, steep = vectors[:, 0], vectors[:, 1]
    w0, b0 = np.array([3.0, 1.0]) + flat + 0.001 * steep
    for epochs in (10, 50):
        history = run(1.05 * LIMIT, epochs, w0=w0, b0=b0)
        assert history.loss[-1] < history.loss[0]
        assert ll.classify_run(history) == "diverging"


def test_a_run_at_exactly_the_packages_limit_is_not_diverging():
    # at lr = 2/lambda_max the steep direction's factor is 1 - lr * lambda_max = -1: it flips forever,
    # neither shrinking nor growing, so "diverging" (strictly past the limit) must not fire
    x, y = ll.make_line_data()
    limit = ll.stability_limit(x)
    history = ll.gradient_descent(x, y, 0.0, 0.0, lr=limit, epochs=100)
    assert history.stability_limit == limit
    assert ll.classify_run(history) == "oscillating"


def test_a_long_run_past_the_limit_is_diverged_and_names_its_epoch():
    history = run(1.01 * LIMIT, 3000)
    assert history.diverged
    assert ll.classify_run(history) == f"diverged at epoch {history.diverged_at}"


def test_seed_003_regimes():
    assert ll.classify_run(run(1e-4, 100)) == "slow"
    assert ll.classify_run(run(0.01, 100)) == "slow"  # ends at y = 3.03x + 0.90, not there yet
    assert ll.classify_run(run(10.0, 100)) == "diverged at epoch 2"


# ---- converging ----------------------------------------------------------------------------

@pytest.mark.parametrize("loss", ["mse", "half_mse", "mae"])
@pytest.mark.parametrize("lr", [0.01, 0.1])
def test_a_run_started_at_the_minimum_is_converging(loss, lr):
    assert ll.classify_run(run(lr, 100, loss=loss, w0=3.0, b0=1.0)) == "converging"


def test_a_start_at_the_minimum_never_moves_even_past_the_limit():
    # 1000 epochs: long enough for 1.5**k to overflow, so a direction without error must not be stepped at all
    history = run(1.5 * LIMIT, 1000, w0=3.0, b0=1.0)
    assert not history.diverged
    assert np.all(history.w == 3.0) and np.all(history.loss == 0.0)
    assert ll.classify_run(history) == "converging"


def test_converging_includes_the_tolerance_itself():
    # only the bias matters (x = 0): L = (b - 1)^2 / 2, and lr = 1/2 halves the error each step,
    # so L_0 = 1/2 and L_1 = 1/8 exactly: L_1 = 0.25 * L_0
    history = ll.gradient_descent_loop([0.0, 0.0], [1.0, 1.0], 0.0, 0.0, lr=0.5, epochs=1)
    assert history.loss.tolist() == [0.5, 0.125]
    assert ll.classify_run(history, tolerance=0.25) == "converging"
    assert ll.classify_run(history, tolerance=0.2499) == "slow"


def test_best_rate_converges_in_a_few_hundred_steps():
    history = run(BEST, 300)
    assert ll.classify_run(history) == "converging"
    assert (history.final_w, history.final_b) == pytest.approx((3.0, 1.0), abs=1e-3)


def test_loss_min_matters_for_data_no_line_fits():
    rng = np.random.default_rng(5)
    y_noisy = Y + rng.normal(0, 0.5, size=Y.shape)
    history = run(BEST, 2000, y=y_noisy)
    A = np.column_stack([X, np.ones(4)])
    theta = np.linalg.solve(A.T @ A, A.T @ y_noisy)
    loss_min = np.mean((A @ theta - y_noisy) ** 2)
    assert loss_min > 0.01
    assert ll.classify_run(history, loss_min=loss_min) == "converging"
    assert ll.classify_run(history) != "converging"  # measured against 0 it never gets "there"


# ---- oscillating and slow -------------------------------------------------------------------

def test_a_two_epoch_zigzag_is_oscillating():
    history = run(0.99 * LIMIT, 2)
    steps = np.diff(np.column_stack([history.w, history.b]), axis=0)
    assert steps[0] @ steps[1] < 0  # the two steps point against each other
    assert ll.classify_run(history) == "oscillating"


def test_just_below_the_limit_oscillates_then_converges():
    assert ll.classify_run(run(0.99 * LIMIT, 100)) == "oscillating"
    assert ll.classify_run(run(0.99 * LIMIT, 3000)) == "converging"


def test_below_one_over_lambda_max_never_oscillates():
    lr = 0.5 * BEST  # < 1/lambda_max: every direction's factor 1 - lr*lambda is positive
    assert lr < 1 / LAM_MAX
    for epochs in (2, 10, 100, 1000):
        assert ll.classify_run(run(lr, epochs)) in ("slow", "converging")
    assert ll.classify_run(run(lr, 100)) == "slow"
    assert ll.classify_run(run(lr, 2000)) == "converging"


def test_late_zigzag_sets_in_at_the_best_rate():
    # in a long (unfinished) run the last steps alternate exactly when lr > 2/(lambda_min + lambda_max)
    tight = 1e-30  # so that no run counts as converged and rule 4 decides
    assert ll.classify_run(run(0.97 * BEST, 600), tolerance=tight) == "slow"
    assert ll.classify_run(run(BEST + 0.5 * (LIMIT - BEST), 600), tolerance=tight) == "oscillating"


def test_long_runs_below_the_limit_converge():
    below = ll.gradient_descent(X, Y, 0.5, 0.0, np.geomspace(0.3 * BEST, 0.98 * LIMIT, 30), 6000, "mse")
    assert all(ll.classify_run(below.run(i)) == "converging" for i in range(30))


def test_zero_and_one_epoch_runs():
    assert ll.classify_run(run(0.05, 0)) == "slow"
    assert ll.classify_run(run(0.05, 1)) == "slow"


def test_oscillating_needs_the_last_steps_kept():
    with pytest.raises(ValueError, match="record_every=1"):
        ll.classify_run(run(0.99 * LIMIT, 100, record_every=10))
    # rules 1 to 3 need only the start and the end
    assert ll.classify_run(run(1.01 * LIMIT, 100, record_every=100)) == "diverging"
    assert ll.classify_run(run(BEST, 1000, record_every=1000)) == "converging"


# ---- the MAE: no cliff, decided from the run --------------------------------------------------

def test_mae_run_that_climbs_to_a_new_high_is_diverging():
    # from w = 3.1 (just past the line, every error +0.1 x_i) a step of 1 overshoots far
    history = run(1.0, 1, loss="mae", w0=3.1, b0=1.0)
    assert history.loss[1] > history.loss[0] and not history.diverged
    assert ll.classify_run(history) == "diverging"


def test_mae_two_cycle_is_oscillating_whatever_the_parity():
    # lr = 1e6 jumps from (0.5, 0) to (0.5 + 2.5e6, 1e6) and straight back: a 2-cycle
    for epochs in (10, 11):
        history = run(1e6, epochs, loss="mae")
        assert history.loss[0] == history.loss[2] and not history.diverged
        assert ll.classify_run(history) == "oscillating"


def test_mae_descent_far_from_the_line_is_slow():
    assert ll.classify_run(run(0.01, 10, loss="mae")) == "slow"


# ---- bad arguments --------------------------------------------------------------------------

@pytest.mark.parametrize("tolerance", [0, 1, -0.1, float("nan"), True, "1e-3"])
def test_bad_tolerance_is_rejected(tolerance):
    with pytest.raises(ValueError, match="tolerance must be a number with 0 < tolerance < 1"):
        ll.classify_run(run(0.05, 10), tolerance=tolerance)


def test_bad_arguments_are_rejected():
    with pytest.raises(ValueError, match="single run.*history.run"):
        ll.classify_run(ll.gradient_descent(X, Y, 0.5, 0.0, np.array([0.01, 0.1]), 10, "mse"))
    with pytest.raises(ValueError, match="history must be a History"):
        ll.classify_run([1.0, 0.5])
    with pytest.raises(ValueError, match="loss_min must be a finite number"):
        ll.classify_run(run(0.05, 10), loss_min=float("inf"))
