"""hessian, stability_limit, optimal_learning_rate, condition_number, contraction_factor and
least_squares_solution against numbers computed by hand."""
import numpy as np
import pytest

import lessons_lib as ll

X_LINE, Y_LINE = ll.make_line_data()
SQRT_269 = np.sqrt(269)


def test_hessian_of_the_line_data_by_hand():
    # A = [x | 1] with x = 1..4: A^T A = [[sum x^2, sum x], [sum x, n]] = [[30, 10], [10, 4]]
    np.testing.assert_allclose(ll.hessian(X_LINE, "mse"), [[15.0, 5.0], [5.0, 2.0]], rtol=1e-15)  # (2/4) A^T A
    np.testing.assert_allclose(ll.hessian(X_LINE, "half_mse"), [[7.5, 2.5], [2.5, 1.0]], rtol=1e-15)  # (1/4) A^T A


def test_limits_of_the_line_data_by_hand():
    # det(H - lambda I) = lambda^2 - 17 lambda + 5 = 0  ->  lambda = (17 -+ sqrt(269)) / 2
    lam_min, lam_max = (17 - SQRT_269) / 2, (17 + SQRT_269) / 2
    assert ll.stability_limit(X_LINE, "mse") == pytest.approx(2 / lam_max, rel=1e-13)
    assert f"{ll.stability_limit(X_LINE, 'mse'):.5f}" == "0.11976"
    assert ll.optimal_learning_rate(X_LINE, "mse") == pytest.approx(2 / 17, rel=1e-13)
    assert ll.condition_number(X_LINE, "mse") == pytest.approx(lam_max / lam_min, rel=1e-12)
    assert ll.condition_number(X_LINE, "mse") == pytest.approx(55.78, abs=0.01)
    # the half-MSE halves every eigenvalue: twice the rates, the same condition number
    assert ll.stability_limit(X_LINE, "half_mse") == pytest.approx(4 / lam_max, rel=1e-13)
    assert ll.condition_number(X_LINE, "half_mse") == pytest.approx(lam_max / lam_min, rel=1e-12)


def test_the_optimal_rate_is_twelve_times_the_articles():
    assert 11 < ll.optimal_learning_rate(X_LINE, "mse") / 0.01 < 12.5


def test_puzzle_data_the_flat_directions_do_not_count():
    x, _ = ll.make_puzzle_data()
    # one point a = (256, 212, 1): H = a a^T (half-MSE, n = 1) has eigenvalues 0, 0 and |a|^2 = 110481
    assert 256**2 + 212**2 + 1 == 110481
    assert ll.optimal_learning_rate(x) == pytest.approx(1 / 110481, rel=1e-12)
    assert ll.stability_limit(x) == pytest.approx(2 / 110481, rel=1e-12)
    assert ll.optimal_learning_rate(x) != pytest.approx(ll.stability_limit(x), rel=1e-3)
    assert ll.condition_number(x) == 1.0


def test_the_optimal_rate_on_the_puzzle_reaches_the_bottom_in_one_step():
    x, y = ll.make_puzzle_data()
    history = ll.gradient_descent(x, y, np.zeros(2), 0.0, lr=1 / 110481, epochs=1)
    assert history.loss[1] < 1e-20 * history.loss[0]


def test_condition_number_of_a_round_bowl_is_one():
    # x = -1, 1: A^T A = [[2, 0], [0, 2]]
    assert ll.condition_number([-1.0, 1.0]) == pytest.approx(1.0)


def test_hessian_needs_a_quadratic_loss():
    with pytest.raises(ValueError, match="quadratic loss.*'mae'"):
        ll.hessian(X_LINE, "mae")
    with pytest.raises(ValueError, match="quadratic loss"):
        ll.stability_limit(X_LINE, ["mse"])
    with pytest.raises(ValueError, match="x must contain only finite numbers"):
        ll.condition_number([1.0, np.nan])


def test_contraction_factor_matches_hand_values():
    lam = [(17 - SQRT_269) / 2, (17 + SQRT_269) / 2]
    assert ll.contraction_factor(2 / 17, lam) == pytest.approx(SQRT_269 / 17, rel=1e-12)  # (kappa - 1)/(kappa + 1)
    assert ll.contraction_factor(4 / (17 + SQRT_269), lam) == pytest.approx(1.0, rel=1e-12)
    assert ll.contraction_factor(0.01, lam) == pytest.approx(1 - 0.01 * lam[0], rel=1e-12)
    lrs = np.geomspace(1e-3, 1, 200)
    rho = ll.contraction_factor(lrs, lam)
    assert rho.shape == lrs.shape
    assert np.all((rho < 1) == (lrs < 4 / (17 + SQRT_269)))


def test_contraction_factor_is_the_measured_per_step_factor_of_a_long_run():
    history = ll.gradient_descent(X_LINE, Y_LINE, 0.5, 0.0, 0.08, 400, "mse")
    measured = np.sqrt(history.loss[-1] / history.loss[-2])
    assert measured == pytest.approx(1 - 0.08 * (17 - SQRT_269) / 2, rel=1e-6)


def test_contraction_factor_ignores_flat_directions_and_checks_input():
    assert ll.contraction_factor(0.5, [0.0, 2.0]) == pytest.approx(0.0)
    with pytest.raises(ValueError, match="eigenvalues must be >= 0"):
        ll.contraction_factor(0.1, [-1.0, 2.0])
    with pytest.raises(ValueError, match="lr must be a finite number > 0"):
        ll.contraction_factor(-0.1, [1.0])


def test_least_squares_solution():
    assert ll.least_squares_solution(X_LINE, Y_LINE) == (pytest.approx(3.0), pytest.approx(1.0))
    w, b = ll.least_squares_solution([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]], [1.0, 2.0, 3.0])
    np.testing.assert_allclose(w, [1.0, 2.0], atol=1e-12)
    assert b == pytest.approx(0.0, abs=1e-12)
    # one equation 256 w1 + 212 w2 + b = 1492: the shortest solution is a * 1492 / |a|^2
    w, b = ll.least_squares_solution(*ll.make_puzzle_data())
    np.testing.assert_allclose(np.append(w, b), np.array([256, 212, 1]) * 1492 / 110481, rtol=1e-12)
