"""stochastic_gradient_descent: minibatches, what the History counts, and hand loops to match."""
import warnings

import numpy as np
import pytest

import lessons_lib as ll

X, Y = ll.make_line_data()  # n = 4 points on y = 3x + 1


def hand_minibatch_loop(x, y, w, b, lr, epochs, batch_size, seed, shuffle):
    """Half-MSE minibatch SGD written out: (w, b, full-data loss) after every update."""
    rng = np.random.default_rng(seed)
    ws, bs, losses = [w], [b], [0.5 * np.mean((w * x + b - y) ** 2)]
    for _ in range(epochs):
        order = rng.permutation(len(x)) if shuffle else np.arange(len(x))
        for start in range(0, len(x), batch_size):
            batch = order[start:start + batch_size]
            error = w * x[batch] + b - y[batch]  # these points only
            w, b = w - lr * np.mean(error * x[batch]), b - lr * np.mean(error)
            ws.append(w)
            bs.append(b)
            losses.append(0.5 * np.mean((w * x + b - y) ** 2))  # loss on all the data
    return np.array(ws), np.array(bs), np.array(losses)


@pytest.mark.parametrize("batch_size, per_epoch", [(1, 4), (2, 2), (3, 2), (4, 1)])
def test_the_history_counts_epochs_updates_and_batches(batch_size, per_epoch):
    history = ll.stochastic_gradient_descent(X, Y, 0.5, 0.0, lr=0.01, epochs=5, batch_size=batch_size)
    assert history.epochs == 5
    assert history.updates_per_epoch == per_epoch and history.updates == 5 * per_epoch
    assert history.batch_size == batch_size
    assert history.w.shape == history.loss.shape == (5 * per_epoch + 1,)
    assert history.recorded_updates.tolist() == list(range(5 * per_epoch + 1))
    np.testing.assert_array_equal(history.loss_per_epoch, history.loss[::per_epoch])
    assert len(history.loss_per_epoch) == 6
    np.testing.assert_allclose(history.recorded_epochs, np.arange(5 * per_epoch + 1) / per_epoch)


@pytest.mark.parametrize("batch_size, shuffle", [(1, True), (1, False), (2, True), (3, True), (3, False)])
def test_each_update_uses_its_batch_like_a_hand_loop(batch_size, shuffle):
    lr, epochs, seed = 0.02, 5, 7
    history = ll.stochastic_gradient_descent(X, Y, 0.5, 0.0, lr=lr, epochs=epochs, batch_size=batch_size,
                                             seed=seed, shuffle=shuffle)
    ws, bs, losses = hand_minibatch_loop(X, Y, 0.5, 0.0, lr, epochs, batch_size, seed, shuffle)
    np.testing.assert_allclose(history.w, ws, rtol=0, atol=1e-12)
    np.testing.assert_allclose(history.b, bs, rtol=0, atol=1e-12)
    np.testing.assert_allclose(history.loss, losses, rtol=1e-12, atol=1e-15)


def test_with_three_of_four_points_per_batch_the_last_batch_has_one():
    # without shuffling: batches {0, 1, 2} then {3}, every epoch
    history = ll.stochastic_gradient_descent(X, Y, 0.5, 0.0, lr=0.01, epochs=1, batch_size=3, shuffle=False)
    w, b = 0.5, 0.0
    e = w * X[:3] + b - Y[:3]
    w, b = w - 0.01 * np.mean(e * X[:3]), b - 0.01 * np.mean(e)
    assert (history.w[1], history.b[1]) == (pytest.approx(w, abs=1e-15), pytest.approx(b, abs=1e-15))
    e = w * X[3] + b - Y[3]
    assert history.w[2] == pytest.approx(w - 0.01 * e * X[3], abs=1e-15)


@pytest.mark.parametrize("loss", ["half_mse", "mse", "mae"])
def test_full_batches_are_gradient_descent(loss):
    sgd = ll.stochastic_gradient_descent(X, Y, 0.5, 0.0, lr=0.01, epochs=300, loss=loss, batch_size=4)
    full = ll.gradient_descent_loop(X, Y, 0.5, 0.0, lr=0.01, epochs=300, loss=loss)
    np.testing.assert_allclose(sgd.w, full.w, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(sgd.b, full.b, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(sgd.loss, full.loss, rtol=1e-12, atol=1e-15)
    assert sgd.updates == full.updates == 300 and sgd.updates_per_epoch == full.updates_per_epoch == 1
    assert sgd.stability_limit == full.stability_limit


@pytest.mark.parametrize("batch_size", [1, 2, 3])
def test_minibatch_runs_carry_no_full_batch_cliff(batch_size):
    # 2/lambda_max belongs to steps on all the data; a run on parts of it is judged from its own losses
    sgd = ll.stochastic_gradient_descent(X, Y, 0.5, 0.0, lr=0.01, epochs=3, loss="mse", batch_size=batch_size)
    assert sgd.stability_limit is None


def test_one_point_one_epoch_equals_one_full_batch_step():
    for loss in ("half_mse", "mse", "mae"):
        sgd = ll.stochastic_gradient_descent([2.0], [3.0], 0.5, 0.0, lr=0.1, epochs=1, loss=loss)
        full = ll.gradient_descent([2.0], [3.0], 0.5, 0.0, lr=0.1, epochs=1, loss=loss)
        np.testing.assert_allclose([sgd.w[-1], sgd.b[-1]], [full.w[-1], full.b[-1]], rtol=0, atol=1e-15)
        np.testing.assert_allclose(sgd.loss, full.loss, rtol=0, atol=1e-15)


def test_same_seed_same_run_and_another_seed_another_order():
    first = ll.stochastic_gradient_descent(X, Y, 0.5, 0.0, lr=0.01, epochs=20, loss="mse", seed=3)
    again = ll.stochastic_gradient_descent(X, Y, 0.5, 0.0, lr=0.01, epochs=20, loss="mse", seed=3)
    other = ll.stochastic_gradient_descent(X, Y, 0.5, 0.0, lr=0.01, epochs=20, loss="mse", seed=4)
    np.testing.assert_array_equal(first.w, again.w)
    np.testing.assert_array_equal(first.loss, again.loss)
    assert not np.array_equal(first.w, other.w)


def test_converges_to_the_line_on_the_line_data():
    history = ll.stochastic_gradient_descent(X, Y, 0.5, 0.0, lr=0.01, epochs=3000, loss="mse")
    assert not history.diverged and history.diverged_at is None
    assert history.final_w == pytest.approx(3.0, abs=1e-4)
    assert history.final_b == pytest.approx(1.0, abs=1e-4)
    assert history.final_loss < 1e-8
    assert ll.classify_run(history) == "converging"


def test_several_inputs_keep_the_weight_vector_shape():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(6, 2))
    y = x @ np.array([1.5, -2.0]) + 0.5
    history = ll.stochastic_gradient_descent(x, y, np.zeros(2), 0.0, lr=0.05, epochs=400, batch_size=2)
    assert history.w.shape == (3 * 400 + 1, 2)
    np.testing.assert_allclose(history.final_w, [1.5, -2.0], atol=1e-4)


def test_too_large_a_rate_is_reported_as_diverged_without_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        history = ll.stochastic_gradient_descent(X, Y, 0.5, 0.0, lr=0.5, epochs=200, loss="mse")
    assert history.diverged and isinstance(history.diverged_at, int)
    k = history.diverged_at
    assert np.all(np.isfinite(history.loss[:k + 1])) and np.all(np.isnan(history.loss[k + 1:]))
    assert history.loss[k] > 1e6 * history.loss[0] and np.all(history.loss[:k] <= 1e6 * history.loss[0])
    assert ll.classify_run(history) == f"diverged at update {k}"


def test_record_every_counts_updates():
    full = ll.stochastic_gradient_descent(X, Y, 0.5, 0.0, lr=0.01, epochs=10, seed=1)
    sparse = ll.stochastic_gradient_descent(X, Y, 0.5, 0.0, lr=0.01, epochs=10, seed=1, record_every=6)
    assert sparse.recorded_updates.tolist() == [0, 6, 12, 18, 24, 30, 36, 40]
    np.testing.assert_array_equal(sparse.w, full.w[sparse.recorded_updates])
    np.testing.assert_array_equal(sparse.loss_per_epoch, full.loss[[0, 12, 24, 36, 40]])  # the kept epoch ends


def test_zero_epochs_is_just_the_start():
    history = ll.stochastic_gradient_descent([1.0, 2.0], [3.0, 5.0], 0.0, 0.0, lr=0.1, epochs=0)
    assert history.w.tolist() == [0.0] and history.loss[0] == pytest.approx(0.5 * (9 + 25) / 2)
    assert history.updates == 0


@pytest.mark.parametrize("kwargs, words", [
    (dict(lr=-0.1), "lr must be a finite number > 0"),
    (dict(lr=[0.1, 0.2]), "lr must be one finite number"),
    (dict(epochs=2.5), "epochs must be a whole number"),
    (dict(loss="l2"), "loss must be one of"),
    (dict(seed=-1), "seed must be a whole number >= 0"),
    (dict(seed=1.5), "seed must be a whole number >= 0"),
    (dict(shuffle="yes"), "shuffle must be True or False"),
    (dict(batch_size=0), "batch_size must be a whole number from 1 to 4"),
    (dict(batch_size=5), "batch_size must be a whole number from 1 to 4, got 5"),
    (dict(batch_size=2.0), "batch_size must be a whole number"),
    (dict(record_every=0), "record_every must be a whole number >= 1"),
    (dict(y=[1.0, 2.0]), "same length"),
    (dict(w0=[1.0, 2.0]), "w must have"),
    (dict(b0=[1.0, 2.0]), "b must be a single number"),
    (dict(x=[1.0, np.nan, 3.0, 4.0]), "finite"),
])
def test_bad_input_is_rejected_with_a_message_naming_it(kwargs, words):
    args = dict(x=X, y=Y, w0=0.5, b0=0.0, lr=0.01, epochs=3) | kwargs
    with pytest.raises(ValueError, match=words):
        ll.stochastic_gradient_descent(**args)
