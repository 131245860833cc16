"""Losses and their gradients: finite differences, hand values, the MAE's kink, the loss grid."""
import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import lessons_lib as ll
from lessons_lib.losses import point_loss, point_loss_slope

finite = st.floats(-3, 3, allow_nan=False, allow_infinity=False)


def test_seed_003_worked_step():
    loss, dw, db = ll.loss_and_gradient(x=[2.0], y=[3.0], w=0.5, b=0.0, loss="mse")
    # e = 0.5 * 2 - 3 = -2: L = e^2 = 4, dL/dw = 2 e x = -8, dL/db = 2 e = -4
    assert (loss, dw, db) == (4.0, -8.0, -4.0)


def test_the_three_losses_by_hand():
    y, y_hat = [1.0, 2.0, 3.0], [2.0, 2.0, 1.0]  # errors 1, 0, -2
    assert ll.mse(y, y_hat) == pytest.approx(5 / 3)
    assert ll.half_mse(y, y_hat) == pytest.approx(5 / 6)
    assert ll.mae(y, y_hat) == pytest.approx(1.0)
    e = np.array([1.0, 0.0, -2.0])
    assert point_loss(e, "half_mse").tolist() == [0.5, 0.0, 2.0]
    assert point_loss_slope(e, "mse").tolist() == [2.0, 0.0, -4.0]
    assert point_loss_slope(e, "mae").tolist() == [1.0, 0.0, -1.0]


@settings(max_examples=60, deadline=None)
@given(data=st.data(), n=st.integers(1, 6), d=st.integers(1, 4),
       loss=st.sampled_from(["mse", "half_mse", "mae"]))
def test_gradient_matches_finite_differences(data, n, d, loss):
    x = data.draw(arrays(float, (n, d), elements=finite))
    y = data.draw(arrays(float, (n,), elements=finite))
    w = data.draw(arrays(float, (d,), elements=finite))
    b = data.draw(finite)
    value, dw, db = ll.loss_and_gradient(x, y, w, b, loss=loss)
    errors = x @ w + b - y
    # |e| has a kink at 0: finite differences straddling it disagree by design, so such draws are redrawn
    assume(loss != "mae" or np.min(np.abs(errors)) >= 1e-3)
    theta = np.append(w, b)
    numeric = ll.numerical_gradient(lambda p: ll.loss_and_gradient(x, y, p[:-1], p[-1], loss=loss)[0], theta)
    assert dw.shape == w.shape
    np.testing.assert_allclose(np.append(dw, db), numeric, rtol=1e-5, atol=1e-6)


@settings(max_examples=40, deadline=None)
@given(data=st.data(), n=st.integers(1, 6), loss=st.sampled_from(["mse", "half_mse"]))
def test_gradient_matches_finite_differences_for_one_input(data, n, loss):
    x = data.draw(arrays(float, (n,), elements=finite))
    y = data.draw(arrays(float, (n,), elements=finite))
    w, b = data.draw(finite), data.draw(finite)
    _, dw, db = ll.loss_and_gradient(x, y, w, b, loss=loss)
    assert isinstance(dw, float)
    numeric_w = ll.numerical_gradient(lambda v: ll.loss_and_gradient(x, y, float(v), b, loss=loss)[0], w)
    numeric_b = ll.numerical_gradient(lambda v: ll.loss_and_gradient(x, y, w, float(v), loss=loss)[0], b)
    assert dw == pytest.approx(float(numeric_w), rel=1e-5, abs=1e-6)
    assert db == pytest.approx(float(numeric_b), rel=1e-5, abs=1e-6)


def test_mae_subgradient_is_zero_where_the_error_is_zero():
    _, dw, db = ll.loss_and_gradient([1.0, 2.0], [3.0, 5.0], 2.0, 1.0, loss="mae")
    assert dw == 0.0 and db == 0.0


def test_numerical_gradient_of_a_known_function():
    grad = ll.numerical_gradient(lambda p: p[0] ** 2 + 3 * p[1], np.array([2.0, -1.0]))
    np.testing.assert_allclose(grad, [4.0, 3.0], atol=1e-8)
    # central differences are exact for a parabola; a forward difference would be off by eps
    assert ll.numerical_gradient(lambda p: float(p**2), 1.0, eps=1e-3) == pytest.approx(2.0, abs=1e-9)


def test_loss_surface_entry_i_j_is_the_loss_at_w_j_and_b_i():
    x, y = ll.make_line_data()
    w_values, b_values = np.array([2.0, 3.0, 4.0]), np.array([0.0, 1.0])
    surface = ll.loss_surface(x, y, w_values, b_values, "mse")
    assert surface.shape == (2, 3)
    assert surface[1, 1] == 0.0  # w = 3, b = 1 is the line
    assert surface[0, 2] == pytest.approx(np.mean((4 * x - y) ** 2))
    assert ll.loss_surface(x, y, w_values, b_values, "mae")[0, 0] == pytest.approx(np.mean(np.abs(2 * x - y)))


def test_loss_surface_draws_one_input_neurons_only():
    with pytest.raises(ValueError, match="loss_surface draws one-input neurons; x has 2 input features"):
        ll.loss_surface([[1.0, 2.0]], [1.0], [0.0], [0.0])
