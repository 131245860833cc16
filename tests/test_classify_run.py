"""classify_run and contraction_factor: the verdicts lesson 5's status lines and sweep rely on.

The learning rates are placed relative to the exact stability limit 2/lambda_max and the
fastest rate 2/(lambda_min + lambda_max) of seed 003's data (y = 3x + 1, x = 1..4, MSE, start
w = 0.5, b = 0), where lambda = 8.5 -+ sqrt(67.25): limit 0.119756, fastest rate 2/17.
"""
import numpy as np
import pytest

import lessons_lib as ll

X, Y = ll.make_line_data()
LIMIT = ll.stability_limit(X, "mse")
BEST = ll.optimal_learning_rate(X, "mse")
LAMBDAS = np.linalg.eigvalsh(ll.hessian(X, "mse"))


def run(lr, epochs, x=X, y=Y):
    return ll.gradient_descent(x, y, 0.5, 0.0, lr, epochs, "mse")


def test_the_exact_numbers_behind_the_tests():
    assert LAMBDAS == pytest.approx([8.5 - np.sqrt(67.25), 8.5 + np.sqrt(67.25)], rel=1e-12)
    assert LIMIT == pytest.approx(2 / (8.5 + np.sqrt(67.25)), rel=1e-12)
    assert BEST == pytest.approx(2 / 17, rel=1e-12)
    assert BEST / 0.01 == pytest.approx(11.7647, rel=1e-5)  # seed 003's "just right" 0.01, 12x too small


def test_seed_003_regimes():
    assert ll.classify_run(run(1e-4, 100)) == "slow"
    assert ll.classify_run(run(0.01, 100)) == "slow"  # ends at y = 3.03x + 0.90, not there yet
    assert ll.classify_run(run(10.0, 100)) == "diverged at epoch 2"


def test_diverged_verdict_names_the_runs_epoch():
    history = run(1.01 * LIMIT, 3000)
    assert history.diverged
    assert ll.classify_run(history) == f"diverged at epoch {history.diverged_at}"


def test_just_past_the_limit_oscillates_before_it_diverges():
    history = run(1.005 * LIMIT, 20)  # factor 1 - lr*lambda_max = -1.01: growing, not yet a million-fold
    assert not history.diverged and history.final_loss > history.loss[0]
    assert ll.classify_run(history) == "oscillating"


def test_just_below_the_limit_oscillates_then_converges():
    assert ll.classify_run(run(0.99 * LIMIT, 100)) == "oscillating"
    assert ll.classify_run(run(0.99 * LIMIT, 3000)) == "converging"


def test_best_rate_converges_in_a_few_hundred_steps():
    history = run(BEST, 300)
    assert ll.classify_run(history) == "converging"
    assert (history.final_w, history.final_b) == pytest.approx((3.0, 1.0), abs=1e-3)


def test_below_one_over_lambda_max_never_oscillates():
    lr = 0.5 * BEST  # < 1/lambda_max: every direction's factor 1 - lr*lambda is positive
    assert lr < 1 / LAMBDAS[1]
    for epochs in (2, 10, 100, 1000):
        assert ll.classify_run(run(lr, epochs)) in ("slow", "converging")
    assert ll.classify_run(run(lr, 100)) == "slow"
    assert ll.classify_run(run(lr, 2000)) == "converging"


def test_long_runs_split_exactly_at_the_stability_limit():
    below = ll.gradient_descent(X, Y, 0.5, 0.0, np.geomspace(0.3 * BEST, 0.98 * LIMIT, 30), 6000, "mse")
    above = ll.gradient_descent(X, Y, 0.5, 0.0, np.geomspace(1.02 * LIMIT, 10, 30), 6000, "mse")
    assert all(ll.classify_run(below.run(i)) == "converging" for i in range(30))
    assert all(ll.classify_run(above.run(i)).startswith("diverged at epoch ") for i in range(30))


def test_late_zigzag_sets_in_at_the_best_rate():
    # in a long (unfinished) run the last steps alternate exactly when lr > 2/(lambda_min + lambda_max)
    tight = 1e-30  # so that no run counts as converged and rule 3 decides
    assert ll.classify_run(run(0.97 * BEST, 600), tolerance=tight) == "slow"
    assert ll.classify_run(run(BEST + 0.5 * (LIMIT - BEST), 600), tolerance=tight) == "oscillating"


def test_loss_min_matters_for_data_no_line_fits():
    rng = np.random.default_rng(5)
    y_noisy = Y + rng.normal(0, 0.5, size=Y.shape)
    history = run(BEST, 2000, y=y_noisy)
    w, b = ll.least_squares_solution(X, y_noisy)
    loss_min = ll.mse(y_noisy, w * X + b)
    assert loss_min > 0.01
    assert ll.classify_run(history, loss_min=loss_min) == "converging"
    assert ll.classify_run(history) != "converging"  # measured against 0 it never gets "there"


def test_zero_and_one_epoch_runs():
    assert ll.classify_run(run(0.05, 0)) == "slow"
    assert ll.classify_run(run(0.05, 1)) == "slow"


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


def test_contraction_factor_matches_the_formula_and_the_runs():
    assert ll.contraction_factor(BEST, LAMBDAS) == pytest.approx((LAMBDAS[1] - LAMBDAS[0]) / (LAMBDAS[1] + LAMBDAS[0]))
    assert ll.contraction_factor(LIMIT, LAMBDAS) == pytest.approx(1.0)
    lrs = np.geomspace(1e-3, 1, 200)
    rho = ll.contraction_factor(lrs, LAMBDAS)
    assert rho.shape == lrs.shape
    assert lrs[np.argmin(rho)] == pytest.approx(BEST, rel=0.04)  # the grid's best point is the grid point nearest 2/17
    assert np.all((rho < 1) == (lrs < LIMIT))
    # the measured per-step factor of a long run approaches rho
    history = run(0.08, 400)
    assert np.sqrt(history.loss[-1] / history.loss[-2]) == pytest.approx(ll.contraction_factor(0.08, LAMBDAS), rel=1e-6)


def test_contraction_factor_ignores_flat_directions_and_checks_input():
    assert ll.contraction_factor(0.5, [0.0, 2.0]) == pytest.approx(0.0)
    with pytest.raises(ValueError, match="eigenvalues must be >= 0"):
        ll.contraction_factor(0.1, [-1.0, 2.0])
    with pytest.raises(ValueError, match="lr must be a finite number > 0"):
        ll.contraction_factor(-0.1, LAMBDAS)
