"""stochastic_gradient_descent: one point per update, full-data loss recorded before each update."""
import warnings

import numpy as np
import pytest

import lessons_lib as L


def test_one_point_one_epoch_equals_one_full_batch_step():
    for loss in ("half_mse", "mse", "mae"):
        sgd = L.stochastic_gradient_descent([2.0], [3.0], 0.5, 0.0, lr=0.1, epochs=1, loss=loss)
        full = L.gradient_descent([2.0], [3.0], 0.5, 0.0, lr=0.1, epochs=1, loss=loss)
        np.testing.assert_allclose([sgd.w[-1], sgd.b[-1]], [full.w[-1], full.b[-1]], rtol=0, atol=1e-15)
        np.testing.assert_allclose(sgd.loss, full.loss, rtol=0, atol=1e-15)
    assert sgd.epochs == 1


def test_same_seed_same_run_and_another_seed_another_order():
    x, y = L.make_line_data()
    first = L.stochastic_gradient_descent(x, y, 0.5, 0.0, lr=0.01, epochs=20, loss="mse", seed=3)
    again = L.stochastic_gradient_descent(x, y, 0.5, 0.0, lr=0.01, epochs=20, loss="mse", seed=3)
    other = L.stochastic_gradient_descent(x, y, 0.5, 0.0, lr=0.01, epochs=20, loss="mse", seed=4)
    np.testing.assert_array_equal(first.w, again.w)
    np.testing.assert_array_equal(first.loss, again.loss)
    assert not np.array_equal(first.w, other.w)


def test_converges_to_the_line_on_the_line_data():
    x, y = L.make_line_data()
    history = L.stochastic_gradient_descent(x, y, 0.5, 0.0, lr=0.01, epochs=3000, loss="mse")
    assert not history.diverged and history.diverged_at is None
    assert history.final_w == pytest.approx(3.0, abs=1e-4)
    assert history.final_b == pytest.approx(1.0, abs=1e-4)
    assert history.final_loss < 1e-8


def test_each_update_uses_one_point_like_a_hand_loop():
    x, y = L.make_line_data()
    lr, epochs, seed = 0.02, 5, 7
    history = L.stochastic_gradient_descent(x, y, 0.5, 0.0, lr=lr, epochs=epochs, loss="half_mse", seed=seed)
    rng = np.random.default_rng(seed)
    w, b = 0.5, 0.0
    ws, bs, losses = [w], [b], [0.5 * np.mean((w * x + b - y) ** 2)]
    for _ in range(epochs):
        for i in rng.permutation(len(x)):
            error = w * x[i] + b - y[i]  # this point only
            w, b = w - lr * error * x[i], b - lr * error
            ws.append(w)
            bs.append(b)
            losses.append(0.5 * np.mean((w * x + b - y) ** 2))  # loss on all the data
    assert history.w.shape == (epochs * len(x) + 1,) and history.epochs == epochs * len(x)
    np.testing.assert_allclose(history.w, ws, rtol=0, atol=1e-12)
    np.testing.assert_allclose(history.b, bs, rtol=0, atol=1e-12)
    np.testing.assert_allclose(history.loss, losses, rtol=0, atol=1e-12)


def test_without_shuffle_the_points_are_visited_in_order():
    x, y = L.make_line_data()
    history = L.stochastic_gradient_descent(x, y, 0.5, 0.0, lr=0.01, epochs=2, shuffle=False)
    w, b = 0.5, 0.0
    for i in [0, 1, 2, 3, 0, 1, 2, 3]:
        error = w * x[i] + b - y[i]
        w, b = w - 0.01 * error * x[i], b - 0.01 * error
    assert history.final_w == pytest.approx(w, abs=1e-12) and history.final_b == pytest.approx(b, abs=1e-12)


def test_several_inputs_keep_the_weight_vector_shape():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(6, 2))
    y = x @ np.array([1.5, -2.0]) + 0.5
    history = L.stochastic_gradient_descent(x, y, np.zeros(2), 0.0, lr=0.05, epochs=400)
    assert history.w.shape == (6 * 400 + 1, 2)
    np.testing.assert_allclose(history.final_w, [1.5, -2.0], atol=1e-4)


def test_too_large_a_rate_is_reported_as_diverged_without_warnings():
    x, y = L.make_line_data()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        history = L.stochastic_gradient_descent(x, y, 0.5, 0.0, lr=0.5, epochs=200, loss="mse")
    assert history.diverged and isinstance(history.diverged_at, int)
    k = history.diverged_at
    assert np.all(np.isfinite(history.loss[:k + 1])) and np.all(np.isnan(history.loss[k + 1:]))
    assert history.loss[k] > 1e6 * history.loss[0]


def test_zero_epochs_is_just_the_start():
    history = L.stochastic_gradient_descent([1.0, 2.0], [3.0, 5.0], 0.0, 0.0, lr=0.1, epochs=0)
    assert history.w.tolist() == [0.0] and history.loss[0] == pytest.approx(0.5 * (9 + 25) / 2)


@pytest.mark.parametrize("kwargs, words", [
    (dict(lr=-0.1), "lr must be a finite number > 0"),
    (dict(lr=[0.1, 0.2]), "lr must be one finite number"),
    (dict(epochs=2.5), "epochs must be a whole number"),
    (dict(loss="l2"), "loss must be one of"),
    (dict(seed=-1), "seed must be a whole number >= 0"),
    (dict(seed=1.5), "seed must be a whole number >= 0"),
    (dict(shuffle="yes"), "shuffle must be True or False"),
    (dict(y=[1.0, 2.0]), "same length"),
    (dict(w0=[1.0, 2.0]), "w must have"),
    (dict(x=[1.0, np.nan, 3.0, 4.0]), "finite"),
])
def test_bad_input_is_rejected_with_a_message_naming_it(kwargs, words):
    x, y = L.make_line_data()
    args = dict(x=x, y=y, w0=0.5, b0=0.0, lr=0.01, epochs=3)
    args.update(kwargs)
    with pytest.raises(ValueError, match=words):
        L.stochastic_gradient_descent(**args)
