"""Unit tests of lessons_lib's core: the seeds' numbers, gradients, divergence, bad input."""
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import lessons_lib as L


def seed_002_loop(x, y, w, b, lr, num_epochs):
    """The source article's training loop, verbatim in behaviour (the reference to match)."""
    losses, weights, biases = [], [], []
    for _ in range(num_epochs):
        y_hat = w * x + b
        losses.append(0.5 * np.mean((y - y_hat) ** 2))
        weights.append(w)
        biases.append(b)
        dw = (1 / len(x)) * np.sum((y_hat - y) * x)
        db = (1 / len(x)) * np.sum(y_hat - y)
        w -= lr * dw
        b -= lr * db
    return np.array(losses), np.array(weights), np.array(biases), w, b


# ---- seed 002 ---------------------------------------------------------------------------

def test_two_point_data_matches_the_article():
    data = L.make_two_point_data()
    np.testing.assert_allclose(data.x.ravel(), [0.37454012, 0.95071431], atol=1e-8)
    np.testing.assert_allclose(data.y, 2 * data.x + 1)
    assert (round(data.w0, 4), round(data.b0, 4)) == (0.6477, 1.5230)


def test_seed_002_loss_table_is_reproduced():
    data = L.make_two_point_data()
    history = L.gradient_descent(data.x, data.y, data.w0, data.b0, lr=0.1, epochs=1001)
    printed = [f"{history.loss[epoch]:.4f}" for epoch in range(0, 1001, 100)]
    assert printed == ["0.1455", "0.0180", "0.0058", "0.0019", "0.0006", "0.0002",
                       "0.0001", "0.0000", "0.0000", "0.0000", "0.0000"]
    assert (f"{history.final_w:.4f}", f"{history.final_b:.4f}") == ("1.9961", "1.0027")


def test_history_index_k_is_the_state_before_update_k():
    data = L.make_two_point_data()
    history = L.gradient_descent(data.x, data.y, data.w0, data.b0, lr=0.1, epochs=3)
    assert history.w.shape == history.b.shape == history.loss.shape == (4,)
    assert history.w[0] == data.w0 and history.b[0] == data.b0
    loss0, dw, db = L.loss_and_gradient(data.x, data.y, data.w0, data.b0)
    assert history.loss[0] == pytest.approx(loss0)
    assert history.w[1] == pytest.approx(data.w0 - 0.1 * dw)
    assert history.b[1] == pytest.approx(data.b0 - 0.1 * db)


def test_trajectory_equals_the_article_loop_to_1e_9_over_10000_epochs():
    data = L.make_two_point_data()
    losses, weights, biases, w, b = seed_002_loop(data.x, data.y, data.w0, data.b0, 0.1, 10_000)
    history = L.gradient_descent(data.x, data.y, data.w0, data.b0, lr=0.1, epochs=10_000)
    np.testing.assert_allclose(history.loss[:-1], losses, rtol=0, atol=1e-9)
    np.testing.assert_allclose(history.w[:-1], weights, rtol=0, atol=1e-9)
    np.testing.assert_allclose(history.b[:-1], biases, rtol=0, atol=1e-9)
    assert abs(history.final_w - w) < 1e-9 and abs(history.final_b - b) < 1e-9


# ---- seed 003 ---------------------------------------------------------------------------

def test_seed_003_worked_step():
    loss, dw, db = L.loss_and_gradient(x=[2.0], y=[3.0], w=0.5, b=0.0, loss="mse")
    assert loss == pytest.approx(4.0) and dw == pytest.approx(-8.0)
    history = L.gradient_descent([2.0], [3.0], 0.5, 0.0, lr=0.1, epochs=1, loss="mse")
    # the article updates w alone (no bias); with b the step on w is the same
    assert history.w[1] == pytest.approx(1.3)


def test_seed_003_run_on_3x_plus_1_stops_short_of_the_line():
    x, y = L.make_line_data()
    history = L.gradient_descent(x, y, 0.5, 0.0, lr=0.01, epochs=100, loss="mse")
    assert round(history.final_w, 2) == 3.03
    assert round(history.final_b, 2) == 0.90
    w_exact, b_exact = L.least_squares_solution(x, y)
    assert (w_exact, b_exact) == (pytest.approx(3.0), pytest.approx(1.0))


# ---- gradients against finite differences ----------------------------------------------

finite = st.floats(-3, 3, allow_nan=False, allow_infinity=False)


@settings(max_examples=60, deadline=None)
@given(data=st.data(), n=st.integers(1, 6), d=st.integers(1, 4),
       loss=st.sampled_from(["mse", "half_mse", "mae"]))
def test_gradient_matches_finite_differences(data, n, d, loss):
    x = data.draw(arrays(float, (n, d), elements=finite))
    y = data.draw(arrays(float, (n,), elements=finite))
    w = data.draw(arrays(float, (d,), elements=finite))
    b = data.draw(finite)
    value, dw, db = L.loss_and_gradient(x, y, w, b, loss=loss)
    errors = x @ w + b - y
    if loss == "mae" and np.min(np.abs(errors)) < 1e-3:
        return  # |e| has a kink at 0: finite differences straddling it disagree by design
    theta = np.append(w, b)
    numeric = L.numerical_gradient(lambda p: L.loss_and_gradient(x, y, p[:-1], p[-1], loss=loss)[0], theta)
    assert dw.shape == w.shape
    np.testing.assert_allclose(np.append(dw, db), numeric, rtol=1e-5, atol=1e-6)


@settings(max_examples=40, deadline=None)
@given(data=st.data(), n=st.integers(1, 6), loss=st.sampled_from(["mse", "half_mse"]))
def test_gradient_matches_finite_differences_for_one_input(data, n, loss):
    x = data.draw(arrays(float, (n,), elements=finite))
    y = data.draw(arrays(float, (n,), elements=finite))
    w, b = data.draw(finite), data.draw(finite)
    _, dw, db = L.loss_and_gradient(x, y, w, b, loss=loss)
    assert isinstance(dw, float)
    numeric_w = L.numerical_gradient(lambda v: L.loss_and_gradient(x, y, float(v), b, loss=loss)[0], w)
    numeric_b = L.numerical_gradient(lambda v: L.loss_and_gradient(x, y, w, float(v), loss=loss)[0], b)
    assert dw == pytest.approx(float(numeric_w), rel=1e-5, abs=1e-6)
    assert db == pytest.approx(float(numeric_b), rel=1e-5, abs=1e-6)


def test_mae_subgradient_is_zero_where_the_error_is_zero():
    _, dw, db = L.loss_and_gradient([1.0, 2.0], [3.0, 5.0], 2.0, 1.0, loss="mae")
    assert dw == 0.0 and db == 0.0


def test_predict_shapes_follow_w_times_x_plus_b():
    x_col = np.array([[1.0], [2.0]])
    assert L.predict(x_col, 2.0, 1.0).shape == (2, 1)
    assert L.predict([1.0, 2.0], 2.0, 1.0).tolist() == [3.0, 5.0]
    assert L.predict([[1.0, 2.0], [3.0, 4.0]], [1.0, -1.0], 0.5).tolist() == [-0.5, -0.5]


def test_several_inputs_descend_to_the_least_squares_solution():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(20, 3))
    y = x @ np.array([1.0, -2.0, 0.5]) + 0.3
    history = L.gradient_descent(x, y, np.zeros(3), 0.0, lr=0.5, epochs=2000)
    assert history.w.shape == (2001, 3)
    np.testing.assert_allclose(history.final_w, [1.0, -2.0, 0.5], atol=1e-6)


def test_mae_descent_is_stepped_and_lowers_the_loss():
    x, y = L.make_line_data()
    history = L.gradient_descent(x, y, 0.5, 0.0, lr=0.01, epochs=10, loss="mae")
    # every point lies above the line, so each step moves w by lr * mean(x) and b by lr
    assert history.final_w == pytest.approx(0.5 + 10 * 0.01 * 2.5)
    assert history.final_b == pytest.approx(10 * 0.01)
    assert np.all(np.diff(history.loss) < 0)


# ---- learning-rate sweeps and divergence -------------------------------------------------

def test_a_sweep_equals_separate_runs():
    x, y = L.make_line_data()
    rates = np.array([1e-3, 0.05, 0.1])
    sweep = L.gradient_descent(x, y, 0.5, 0.0, lr=rates, epochs=200, loss="mse")
    assert sweep.loss.shape == (3, 201) and sweep.w.shape == (3, 201)
    for i, rate in enumerate(rates):
        single = L.gradient_descent(x, y, 0.5, 0.0, lr=rate, epochs=200, loss="mse")
        np.testing.assert_allclose(sweep.run(i).loss, single.loss)
        np.testing.assert_allclose(sweep.w[i], single.w)


@pytest.mark.parametrize("loss", ["mse", "half_mse"])
def test_cliff_sits_at_two_over_the_largest_hessian_eigenvalue(loss):
    x, y = L.make_line_data()
    limit = 2 / np.linalg.eigvalsh(L.hessian(x, loss)).max()
    assert L.stability_limit(x, loss) == pytest.approx(limit)
    below = L.gradient_descent(x, y, 0.5, 0.0, lr=0.99 * limit, epochs=3000, loss=loss)
    above = L.gradient_descent(x, y, 0.5, 0.0, lr=1.01 * limit, epochs=3000, loss=loss)
    assert not below.diverged and below.diverged_at is None and below.final_loss < 1e-6
    assert above.diverged and isinstance(above.diverged_at, int) and 0 < above.diverged_at < 3000


def test_optimal_rate_for_the_3x_plus_1_data_is_about_twelve_times_the_articles():
    x, _ = L.make_line_data()
    assert L.optimal_learning_rate(x, "mse") == pytest.approx(0.1176, abs=1e-4)
    assert 11 < L.optimal_learning_rate(x, "mse") / 0.01 < 12.5


def test_diverging_run_warns_nothing_and_has_no_nan_before_it_diverged():
    x, y = L.make_line_data()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # any RuntimeWarning fails the test
        history = L.gradient_descent(x, y, 0.5, 0.0, lr=10.0, epochs=10_000, loss="mse")
        stepped = L.gradient_descent(x, y, 0.5, 0.0, lr=1e6, epochs=10_000, loss="mae")
    k = history.diverged_at
    assert history.diverged and k is not None
    assert np.all(np.isfinite(history.loss[: k + 1])) and np.all(np.isfinite(history.w[: k + 1]))
    assert np.all(np.isnan(history.loss[k + 1:]))
    assert stepped.diverged is False or np.all(np.isfinite(stepped.loss[: stepped.diverged_at + 1]))


def test_sweep_flags_each_run_with_its_own_epoch():
    x, y = L.make_line_data()
    limit = L.stability_limit(x, "mse")
    sweep = L.gradient_descent(x, y, 0.5, 0.0, lr=[0.5 * limit, 2 * limit, 4 * limit], epochs=500, loss="mse")
    assert sweep.diverged.tolist() == [False, True, True]
    assert sweep.diverged_at[0] is None and sweep.diverged_at[2] < sweep.diverged_at[1]


# ---- bad input ---------------------------------------------------------------------------

X, Y = [1.0, 2.0, 3.0], [2.0, 4.0, 6.0]


@pytest.mark.parametrize("kwargs, words", [
    (dict(lr=0.0), ["lr", "> 0"]),
    (dict(lr=-0.1), ["lr", "> 0", "-0.1"]),
    (dict(lr=float("nan")), ["lr", "finite"]),
    (dict(lr=float("inf")), ["lr", "finite"]),
    (dict(lr=[0.1, -1.0]), ["lr", "> 0"]),
    (dict(lr=[[0.1]]), ["lr", "1-D"]),
    (dict(x=[1.0, float("nan"), 3.0]), ["x", "finite"]),
    (dict(y=[2.0, float("inf"), 6.0]), ["y", "finite"]),
    (dict(y=[2.0, 4.0]), ["same length", "3 inputs", "2 targets"]),
    (dict(w0=[1.0, 2.0]), ["w", "shape"]),
    (dict(epochs=-1), ["epochs", ">= 0"]),
    (dict(epochs=2.5), ["epochs", "whole number"]),
    (dict(epochs=True), ["epochs", "whole number"]),
    (dict(loss="rmse"), ["loss", "'mse'", "'half_mse'", "'mae'", "'rmse'"]),
])
def test_bad_input_is_rejected_with_a_message_naming_it(kwargs, words):
    arguments = dict(x=X, y=Y, w0=0.0, b0=0.0, lr=0.1, epochs=10, loss="mse") | kwargs
    with pytest.raises(ValueError) as error:
        L.gradient_descent(**arguments)
    for word in words:
        assert word in str(error.value)


def test_loss_and_gradient_rejects_wrong_w_shape_and_unknown_loss():
    with pytest.raises(ValueError, match=r"w must have shape \(2,\)"):
        L.loss_and_gradient([[1.0, 2.0]], [1.0], [1.0, 2.0, 3.0], 0.0)
    with pytest.raises(ValueError, match="loss must be one of"):
        L.loss_and_gradient(X, Y, 1.0, 0.0, loss="MSE")


def test_numerical_gradient_rejects_a_bad_step():
    with pytest.raises(ValueError, match="eps must be a finite number > 0"):
        L.numerical_gradient(lambda p: float(p @ p), [1.0, 2.0], eps=0.0)


def test_numerical_gradient_of_a_known_function():
    grad = L.numerical_gradient(lambda p: p[0] ** 2 + 3 * p[1], np.array([2.0, -1.0]))
    np.testing.assert_allclose(grad, [4.0, 3.0], atol=1e-8)
