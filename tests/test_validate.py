"""Bad input is rejected at the edge, with a message that names it and says what is allowed."""
import numpy as np
import pytest

import lessons_lib as ll

X, Y = [1.0, 2.0, 3.0], [2.0, 4.0, 6.0]


@pytest.mark.parametrize("train", [ll.gradient_descent, ll.gradient_descent_loop])
@pytest.mark.parametrize("kwargs, words", [
    (dict(lr=0.0), ["lr", "> 0"]),
    (dict(lr=-0.1), ["lr", "> 0", "-0.1"]),
    (dict(lr=float("nan")), ["lr", "finite"]),
    (dict(lr=float("inf")), ["lr", "finite"]),
    (dict(lr=True), ["lr", "finite number > 0"]),
    (dict(lr="0.1"), ["lr", "finite number > 0"]),
    (dict(x=[1.0, float("nan"), 3.0]), ["x", "finite"]),
    (dict(x=[[[1.0]], [[2.0]], [[3.0]]]), ["x must have shape (n,) or (n, d)"]),
    (dict(x=[]), ["x must have shape"]),
    (dict(y=[2.0, float("inf"), 6.0]), ["y", "finite"]),
    (dict(y=[2.0, 4.0]), ["same length", "3 inputs", "2 targets"]),
    (dict(w0=[1.0, 2.0]), ["w must have", "shape"]),
    (dict(w0="one"), ["w must be numbers"]),
    (dict(b0=[1.0, 2.0]), ["b must be a single number", "(2,)"]),
    (dict(b0=None), ["b must"]),
    (dict(epochs=-1), ["epochs", "whole number from 0"]),
    (dict(epochs=2.5), ["epochs", "whole number"]),
    (dict(epochs=True), ["epochs", "whole number"]),
    (dict(epochs=10**16), ["epochs must be a whole number from 0 to 1,000,000,000,000,000"]),
    (dict(record_every=0), ["record_every must be a whole number >= 1, got 0"]),
    (dict(record_every=1.5), ["record_every must be a whole number"]),
    (dict(loss="rmse"), ["loss", "'mse'", "'half_mse'", "'mae'", "'rmse'"]),
    (dict(loss=["mse"]), ["loss must be one of"]),
])
def test_bad_input_is_rejected_with_a_message_naming_it(train, kwargs, words):
    arguments = dict(x=X, y=Y, w0=0.0, b0=0.0, lr=0.1, epochs=10, loss="mse") | kwargs
    with pytest.raises(ValueError) as error:
        train(**arguments)
    for word in words:
        assert word in str(error.value)


@pytest.mark.parametrize("lr, words", [([0.1, -1.0], ["lr", "> 0"]), ([[0.1]], ["lr", "1-D"]), ([], ["lr", "1-D"])])
def test_bad_sweeps_are_rejected(lr, words):
    with pytest.raises(ValueError) as error:
        ll.gradient_descent(X, Y, 0.0, 0.0, lr, 10)
    for word in words:
        assert word in str(error.value)


def test_the_loop_makes_one_run_only():
    with pytest.raises(ValueError, match="lr must be one finite number > 0 for gradient_descent_loop.*2 learning"):
        ll.gradient_descent_loop(X, Y, 0.0, 0.0, [0.1, 0.2], 10)


def test_loss_and_gradient_rejects_wrong_w_shape_and_unknown_loss():
    with pytest.raises(ValueError, match=r"w must have shape \(2,\)"):
        ll.loss_and_gradient([[1.0, 2.0]], [1.0], [1.0, 2.0, 3.0], 0.0)
    with pytest.raises(ValueError, match="loss must be one of"):
        ll.loss_and_gradient(X, Y, 1.0, 0.0, loss="MSE")
    with pytest.raises(ValueError, match="b must be a single number"):
        ll.loss_and_gradient(X, Y, 1.0, [0.0, 1.0])


def test_numerical_gradient_rejects_a_bad_step():
    with pytest.raises(ValueError, match="eps must be a finite number > 0"):
        ll.numerical_gradient(lambda p: float(p @ p), [1.0, 2.0], eps=0.0)


def test_loss_surface_rejects_bad_grids():
    with pytest.raises(ValueError, match="w_values must contain only finite numbers"):
        ll.loss_surface(X, Y, [0.0, np.inf], [0.0])
    with pytest.raises(ValueError, match="loss must be one of"):
        ll.loss_surface(X, Y, [0.0], [0.0], loss="l1")
