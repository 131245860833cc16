"""gradient_descent and gradient_descent_loop: the seeds' numbers, the loop against a hand loop,
the closed form against the loop, record_every, and divergence."""
import warnings

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import lessons_lib as ll


def article_loop(x, y, w, b, lr, num_epochs):
    """Seed 002's training loop, as the source article wrote it (the reference to match)."""
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


def hand_loop(x, y, w, b, lr, epochs, loss):
    """A plain loop for one input, written out per loss: (w, b, loss) before each update."""
    x, y = np.ravel(x), np.ravel(y)
    ws, bs, losses = [], [], []
    for _ in range(epochs + 1):
        e = w * x + b - y
        ws.append(w)
        bs.append(b)
        if loss == "mse":
            losses.append(np.mean(e**2))
            dw, db = np.mean(2 * e * x), np.mean(2 * e)
        elif loss == "half_mse":
            losses.append(0.5 * np.mean(e**2))
            dw, db = np.mean(e * x), np.mean(e)
        else:
            losses.append(np.mean(np.abs(e)))
            dw, db = np.mean(np.sign(e) * x), np.mean(np.sign(e))
        w, b = w - lr * dw, b - lr * db
    return np.array(ws), np.array(bs), np.array(losses)


# ---- seed 002 and seed 003: the numbers the lessons print --------------------------------

def test_two_point_data_matches_the_article():
    data = ll.make_two_point_data()
    np.testing.assert_allclose(data.x.ravel(), [0.37454012, 0.95071431], atol=1e-8)
    np.testing.assert_allclose(data.y, 2 * data.x + 1)
    assert (round(data.w0, 4), round(data.b0, 4)) == (0.6477, 1.5230)


@pytest.mark.parametrize("run", [ll.gradient_descent, ll.gradient_descent_loop])
def test_seed_002_loss_table_is_reproduced(run):
    data = ll.make_two_point_data()
    history = run(data.x, data.y, data.w0, data.b0, lr=0.1, epochs=1001)
    printed = [f"{history.loss[epoch]:.4f}" for epoch in range(0, 1001, 100)]
    assert printed == ["0.1455", "0.0180", "0.0058", "0.0019", "0.0006", "0.0002",
                       "0.0001", "0.0000", "0.0000", "0.0000", "0.0000"]
    assert (f"{history.final_w:.4f}", f"{history.final_b:.4f}") == ("1.9961", "1.0027")


@pytest.mark.parametrize("run", [ll.gradient_descent, ll.gradient_descent_loop])
def test_seed_003_run_on_3x_plus_1_stops_short_of_the_line(run):
    x, y = ll.make_line_data()
    history = run(x, y, 0.5, 0.0, lr=0.01, epochs=100, loss="mse")
    assert (f"{history.final_w:.4f}", f"{history.final_b:.4f}") == ("3.0338", "0.9006")


def test_seed_003_worked_step():
    history = ll.gradient_descent([2.0], [3.0], 0.5, 0.0, lr=0.1, epochs=1, loss="mse")
    # e = 0.5*2 - 3 = -2, dL/dw = 2 e x = -8, so w = 0.5 + 0.1*8 = 1.3 (the article's step)
    assert history.loss[0] == pytest.approx(4.0) and history.w[1] == pytest.approx(1.3)


@pytest.mark.parametrize("loss", ["mse", "half_mse"])
def test_the_closed_form_starts_exactly_where_the_loop_does(loss):
    data = ll.make_two_point_data()
    fast = ll.gradient_descent(data.x, data.y, data.w0, data.b0, lr=0.1, epochs=3, loss=loss)
    loop = ll.gradient_descent_loop(data.x, data.y, data.w0, data.b0, lr=0.1, epochs=3, loss=loss)
    assert (fast.loss[0], fast.w[0], fast.b[0]) == (loop.loss[0], data.w0, data.b0)


def test_history_index_k_is_the_state_before_update_k():
    data = ll.make_two_point_data()
    history = ll.gradient_descent(data.x, data.y, data.w0, data.b0, lr=0.1, epochs=3)
    assert history.w.shape == history.b.shape == history.loss.shape == (4,)
    assert history.w[0] == data.w0 and history.b[0] == data.b0
    x, y = data.x.ravel(), data.y.ravel()
    e = data.w0 * x + data.b0 - y
    assert history.loss[0] == pytest.approx(0.5 * np.mean(e**2), rel=1e-15)
    assert history.w[1] == pytest.approx(data.w0 - 0.1 * np.mean(e * x), rel=1e-14)
    assert history.b[1] == pytest.approx(data.b0 - 0.1 * np.mean(e), rel=1e-14)
    assert history.epochs == history.updates == 3 and history.updates_per_epoch == 1 and history.batch_size == 2
    assert history.recorded_epochs.tolist() == [0, 1, 2, 3]
    np.testing.assert_array_equal(history.loss_per_epoch, history.loss)


# ---- the loop against independent loops ----------------------------------------------------

@pytest.mark.parametrize("run", [ll.gradient_descent, ll.gradient_descent_loop])
def test_trajectory_equals_the_article_loop_over_10000_epochs(run):
    data = ll.make_two_point_data()
    losses, weights, biases, w, b = article_loop(data.x, data.y, data.w0, data.b0, 0.1, 10_000)
    history = run(data.x, data.y, data.w0, data.b0, lr=0.1, epochs=10_000)
    np.testing.assert_allclose(history.loss[:-1], losses, rtol=0, atol=1e-14)
    np.testing.assert_allclose(history.w[:-1], weights, rtol=0, atol=1e-12)
    np.testing.assert_allclose(history.b[:-1], biases, rtol=0, atol=1e-12)
    assert abs(history.final_w - w) < 1e-12 and abs(history.final_b - b) < 1e-12


@pytest.mark.parametrize("loss", ["mse", "half_mse", "mae"])
def test_every_run_of_a_sweep_equals_a_hand_loop(loss):
    x, y = ll.make_line_data()
    rates = np.array([1e-3, 0.05, 0.1])
    sweep = ll.gradient_descent(x, y, 0.5, 0.0, lr=rates, epochs=200, loss=loss)
    assert sweep.is_sweep and sweep.loss.shape == (3, 201) and sweep.w.shape == (3, 201)
    for i, rate in enumerate(rates):
        ws, bs, losses = hand_loop(x, y, 0.5, 0.0, rate, 200, loss)
        np.testing.assert_allclose(sweep.w[i], ws, rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(sweep.b[i], bs, rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(sweep.loss[i], losses, rtol=1e-10, atol=1e-14)
        assert sweep.run(i).lr == rate and sweep.run(i).loss.shape == (201,)


def test_several_inputs_descend_to_the_least_squares_solution():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(20, 3))
    y = x @ np.array([1.0, -2.0, 0.5]) + 0.3
    history = ll.gradient_descent(x, y, np.zeros(3), 0.0, lr=0.5, epochs=2000)
    assert history.w.shape == (2001, 3)
    np.testing.assert_allclose(history.final_w, [1.0, -2.0, 0.5], atol=1e-6)
    assert history.final_b == pytest.approx(0.3, abs=1e-6)


def test_mae_descent_takes_fixed_steps_while_every_point_is_above_the_line():
    x, y = ll.make_line_data()
    history = ll.gradient_descent(x, y, 0.5, 0.0, lr=0.01, epochs=10, loss="mae")
    # every point lies above the line, so each step moves w by lr * mean(x) and b by lr
    assert history.final_w == pytest.approx(0.5 + 10 * 0.01 * 2.5)
    assert history.final_b == pytest.approx(10 * 0.01)
    assert np.all(np.diff(history.loss) < 0)
    assert history.stability_limit is None


# ---- the closed form against the loop (hypothesis) -----------------------------------------

# numbers up to 3 in size, either 0 or not so tiny that their squares underflow to subnormals
small = st.floats(-3, 3, allow_nan=False, allow_infinity=False).filter(lambda v: v == 0 or abs(v) > 1e-100)


def agree_before_divergence(fast, loop, A, y, growth, rtol):
    """Compare two runs state by state up to their divergence, relative to the run's size.

    theta = (w, b) relative to the largest |theta_k| of the run (round-off is relative to the
    whole vector); the loss relative to the largest of L_k and mean((|a_i| . |theta| + |y_i|)^2),
    since the errors e_i = a_i . theta - y_i are sums of terms that big. Past the stability limit
    every rounding error grows like the run itself, by ``growth`` = max_j |1 - lr lambda_j| > 1
    per epoch, so there epoch k is allowed rtol * growth**k.
    """
    assert fast.diverged_at == loop.diverged_at
    last = len(fast.loss) if fast.diverged_at is None else fast.diverged_at + 1
    allowed = rtol * max(growth, 1.0) ** np.arange(last)

    def theta(history):
        return np.column_stack([np.reshape(history.w, (len(history.loss), -1)), history.b])[:last]

    theta_scale = np.max(np.abs(theta(loop)))
    assert np.all(np.max(np.abs(theta(fast) - theta(loop)), axis=1) <= allowed * theta_scale)
    sizes = np.mean((np.abs(theta(loop)) @ np.abs(A).T + np.abs(y)) ** 2, axis=1)
    loss_scale = max(np.max(loop.loss[:last]), np.max(sizes))
    assert np.all(np.abs(fast.loss[:last] - loop.loss[:last]) <= allowed * loss_scale)


@settings(max_examples=300, deadline=None)
@given(data=st.data(), n=st.integers(1, 6), d=st.integers(1, 3), loss=st.sampled_from(["mse", "half_mse"]),
       factor=st.floats(0.01, 1.6), epochs=st.integers(1, 150))
def test_closed_form_equals_the_loop(data, n, d, loss, factor, epochs):
    x = data.draw(arrays(float, (n, d), elements=small))
    y = data.draw(arrays(float, (n,), elements=small))
    w0 = data.draw(arrays(float, (d,), elements=small))
    b0 = data.draw(small)
    A = np.column_stack([x, np.ones(n)])
    scale = 2.0 if loss == "mse" else 1.0
    lam = np.linalg.eigvalsh(scale * A.T @ A / n)
    lr = factor * 2 / lam.max()  # below and above the limit 2 / lambda_max
    limit_loss = ll.DIVERGENCE_FACTOR * scale / (2 * n) * np.sum((A @ np.append(w0, b0) - y) ** 2)
    fast = ll.gradient_descent(x, y, w0, b0, lr, epochs, loss)
    loop = ll.gradient_descent_loop(x, y, w0, b0, lr, epochs, loss)
    # (a loss within round-off of the divergence limit could be judged either way: skip those)
    assume(np.all(np.abs(loop.loss[np.isfinite(loop.loss)] / limit_loss - 1) > 1e-9) if limit_loss > 0 else True)
    agree_before_divergence(fast, loop, A, y, growth=np.max(np.abs(1 - lr * lam)), rtol=1e-12)


@settings(max_examples=100, deadline=None)
@given(data=st.data(), n=st.integers(1, 5), loss=st.sampled_from(["mse", "half_mse", "mae"]),
       factor=st.floats(0.1, 1.3), epochs=st.integers(0, 120), every=st.integers(1, 40))
def test_record_every_keeps_exactly_the_chosen_states_and_the_exact_divergence(data, n, loss, factor, epochs, every):
    x = data.draw(arrays(float, (n,), elements=small))
    y = data.draw(arrays(float, (n,), elements=small))
    lr = factor * (2 / np.linalg.eigvalsh(np.array([[x @ x, x.sum()], [x.sum(), n]]) / n).max())
    full = ll.gradient_descent(x, y, 0.5, -0.5, lr, epochs, loss)
    sparse = ll.gradient_descent(x, y, 0.5, -0.5, lr, epochs, loss, record_every=every)
    wanted = sorted(set(range(0, epochs + 1, every)) | {epochs})
    assert sparse.recorded_epochs.tolist() == wanted
    assert sparse.diverged_at == full.diverged_at
    np.testing.assert_array_equal(sparse.loss, full.loss[wanted])
    np.testing.assert_array_equal(sparse.w, full.w[wanted])


def test_diverged_at_is_exact_even_when_that_epoch_is_not_kept():
    x, y = ll.make_line_data()
    loop = ll.gradient_descent_loop(x, y, 0.5, 0.0, lr=0.1205, epochs=2000, loss="mse")
    assert loop.diverged_at is not None and loop.diverged_at % 100 != 0
    sparse = ll.gradient_descent(x, y, 0.5, 0.0, lr=0.1205, epochs=2000, loss="mse", record_every=100)
    assert sparse.diverged and sparse.diverged_at == loop.diverged_at
    after = sparse.recorded_epochs > loop.diverged_at
    assert np.all(np.isnan(sparse.loss[after])) and np.all(np.isfinite(sparse.loss[~after]))


def test_record_every_keeps_the_start_and_the_end():
    x, y = ll.make_line_data()
    history = ll.gradient_descent(x, y, 0.5, 0.0, lr=0.01, epochs=10, loss="mse", record_every=4)
    assert history.recorded_epochs.tolist() == [0, 4, 8, 10] and history.loss.shape == (4,)
    assert history.epochs == 10 and history.record_every == 4
    ends = ll.gradient_descent(x, y, 0.5, 0.0, lr=0.01, epochs=100, loss="mse", record_every=100)
    assert ends.recorded_epochs.tolist() == [0, 100]
    assert (f"{ends.final_w:.4f}", f"{ends.final_b:.4f}") == ("3.0338", "0.9006")


def test_a_start_at_the_minimum_stays_there_exactly():
    x, y = ll.make_line_data()
    for loss in ("mse", "half_mse", "mae"):
        for run in (ll.gradient_descent, ll.gradient_descent_loop):
            history = run(x, y, 3.0, 1.0, lr=0.05, epochs=50, loss=loss)
            assert np.all(history.loss == 0.0) and np.all(history.w == 3.0) and np.all(history.b == 1.0)


# ---- divergence -------------------------------------------------------------------------------

def test_cliff_sits_at_the_hand_computed_limit():
    x, y = ll.make_line_data()
    limit = 4 / (17 + np.sqrt(269))  # 2 / lambda_max of H = [[15, 5], [5, 2]] (MSE)
    below = ll.gradient_descent(x, y, 0.5, 0.0, lr=0.99 * limit, epochs=3000, loss="mse")
    above = ll.gradient_descent(x, y, 0.5, 0.0, lr=1.01 * limit, epochs=3000, loss="mse")
    assert not below.diverged and below.diverged_at is None and below.final_loss < 1e-6
    assert above.diverged and isinstance(above.diverged_at, int) and 0 < above.diverged_at < 3000


def test_diverged_at_is_the_first_epoch_past_the_factor_and_the_rest_is_nan():
    x, y = ll.make_line_data()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # any RuntimeWarning (overflow) fails the test
        history = ll.gradient_descent(x, y, 0.5, 0.0, lr=10.0, epochs=10_000, loss="mse")
    ws, bs, losses = hand_loop(x, y, 0.5, 0.0, 10.0, 5, "mse")
    first = int(np.argmax(losses > 1e6 * losses[0]))
    assert history.diverged and history.diverged_at == first == 2
    np.testing.assert_allclose(history.loss[:first + 1], losses[:first + 1], rtol=1e-12)
    assert np.all(np.isnan(history.loss[first + 1:])) and np.all(np.isnan(history.w[first + 1:]))


def test_a_mae_run_that_jumps_past_the_factor_is_cut_there():
    x, y = ll.make_line_data()
    # L0 = mean(|0.5 x - y|) = 7.25; one step of lr = 1e7 along (mean x, 1) = (2.5, 1) lands
    # near w = 2.5e7, b = 1e7, where the loss is about 7.25e7 > 1e6 * 7.25
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        history = ll.gradient_descent(x, y, 0.5, 0.0, lr=1e7, epochs=5, loss="mae")
    assert history.loss[0] == 7.25
    assert history.diverged and history.diverged_at == 1
    assert history.loss[1] > 1e6 * 7.25 and np.isfinite(history.w[1])
    assert np.all(np.isnan(history.loss[2:])) and np.all(np.isnan(history.w[2:])) and np.all(np.isnan(history.b[2:]))


@pytest.mark.parametrize("lr", [1e-2, 1.0, 1e3, 1e6])
def test_a_mae_run_grows_at_most_linearly(lr):
    # Each MAE step has length <= lr * G, G = (1/n) sum_i |(x_i, 1)|, and the MAE changes by at
    # most G per unit of length, so L_k <= L_0 + k lr G^2: no geometric blow-up, whatever lr.
    x, y = ll.make_line_data()
    history = ll.gradient_descent(x, y, 0.5, 0.0, lr=lr, epochs=1000, loss="mae")
    G = np.mean(np.sqrt(x**2 + 1))
    k = np.arange(1001)
    assert np.all(history.loss <= history.loss[0] + k * lr * G**2 * (1 + 1e-12))
    assert not history.diverged  # even lr = 1e6 only bounces between two points (loss 7.25 and 7.2499927e6)


def test_sweep_flags_each_run_with_its_own_epoch():
    x, y = ll.make_line_data()
    limit = 4 / (17 + np.sqrt(269))
    sweep = ll.gradient_descent(x, y, 0.5, 0.0, lr=[0.5 * limit, 2 * limit, 4 * limit], epochs=500, loss="mse")
    assert sweep.diverged.tolist() == [False, True, True]
    assert sweep.diverged_at[0] is None and sweep.diverged_at[2] < sweep.diverged_at[1]
    assert ll.gradient_descent_loop(x, y, 0.5, 0.0, 2 * limit, 500, "mse").diverged_at == sweep.diverged_at[1]


def test_stability_limit_is_stored_for_the_quadratic_losses():
    x, y = ll.make_line_data()
    assert ll.gradient_descent(x, y, 0.5, 0.0, 0.01, 5, "mse").stability_limit == pytest.approx(
        4 / (17 + np.sqrt(269)), rel=1e-14)
    assert ll.gradient_descent(x, y, 0.5, 0.0, 0.01, 5, "half_mse").stability_limit == pytest.approx(
        8 / (17 + np.sqrt(269)), rel=1e-14)
    assert ll.gradient_descent_loop(x, y, 0.5, 0.0, 0.01, 5, "mae").stability_limit is None


def test_history_run_picks_a_run_and_checks_its_index():
    x, y = ll.make_line_data()
    sweep = ll.gradient_descent(x, y, 0.5, 0.0, lr=[0.01, 0.02], epochs=5, loss="mse")
    assert sweep.run(-1).lr == 0.02
    with pytest.raises(ValueError, match="i must be a whole number from 0 to 1"):
        sweep.run(2)
    with pytest.raises(ValueError, match="this history holds a single run"):
        sweep.run(0).run(0)
