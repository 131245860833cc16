"""Lesson 04's checks (lessons_lib/exercises/lesson04.py): right answers pass, however they are
written; copied cells, junk, shortcuts and lookup tables fail; every named mistake is named; no
failing message shows the expected value; patching the checks from an answer cell changes nothing."""
from __future__ import annotations

import re

import numpy as np
import pytest

import lessons_lib as ll
from check_outcomes import raises_not_done, raises_wrong
from lessons_lib.exercises import fresh_checks, in_fresh_process
from lessons_lib.exercises import lesson04 as checks

REPEAT = 3  # the checks draw fresh data on every call: run the mistakes several times


# ---- Exercise 1 · Predict: twice the learning rate ---------------------------------------------------

def test_twice_the_rate_lowers_the_loss_about_three_times():
    # independent of the check: the package's readable loop on the perceptron article's data
    data = ll.make_two_point_data(seed=42)
    slow = ll.gradient_descent_loop(data.x, data.y, data.w0, data.b0, lr=0.1, epochs=200)
    fast = ll.gradient_descent_loop(data.x, data.y, data.w0, data.b0, lr=0.2, epochs=100)
    ratio = slow.loss[100] / fast.loss[100]
    assert 2.9 < ratio < 3.3                          # option (d), "about a third"
    assert fast.loss[100] == pytest.approx(slow.loss[200], rel=0.02)   # 100 epochs at 2η ≈ 200 at η


@pytest.mark.parametrize("answer", ["d", " D ", "(d)"])
def test_double_rate_right_choice_passes_written_any_way(answer, capsys):
    checks.check_double_rate(answer)
    assert "Right" in capsys.readouterr().out


@pytest.mark.parametrize("answer, phrase", [
    ("a", "overshoot"), ("b", "already reached its floor"), ("c", "twice the step, half the loss"),
    ("e", "many epochs"),
])
def test_double_rate_each_wrong_choice_is_explained(answer, phrase):
    message = raises_wrong(checks.check_double_rate, answer)
    assert phrase in message
    assert "0.0057" not in message and "(d)" not in message and "third" not in message


@pytest.mark.parametrize("junk", [0.0057, 3, "f", True, ["d"]])
def test_double_rate_refuses_numbers_and_other_letters(junk):
    assert "should be one of" in raises_wrong(checks.check_double_rate, junk)


@pytest.mark.parametrize("placeholder", [None, ...])
def test_double_rate_not_done_yet(placeholder):
    raises_not_done(checks.check_double_rate, placeholder)


# ---- Exercise 2 · Implement: train ---------------------------------------------------------------------

def solution(x, y, w0, b0, lr, epochs):
    w, b = w0, b0
    losses = []
    for epoch in range(epochs):
        e = w * x + b - y
        losses.append(np.mean(e ** 2) / 2)
        w, b = w - lr * np.mean(e * x), b - lr * np.mean(e)
    return w, b, np.array(losses)


def python_loops(x, y, w0, b0, lr, epochs):
    """Sums written out point by point, losses kept in a list of Python floats."""
    xs, ys = [float(v) for v in np.ravel(x)], [float(v) for v in np.ravel(y)]
    n, w, b, losses = len(xs), w0, b0, []
    for _ in range(epochs):
        sum_wx = sum_e = sum_squares = 0.0
        for xi, yi in zip(xs, ys):
            error = (w * xi + b) - yi
            sum_wx += error * xi
            sum_e += error
            sum_squares += error * error
        losses.append(sum_squares / (2 * n))
        w, b = w - lr * sum_wx / n, b - lr * sum_e / n
    return w, b, losses


def with_matrices(x, y, w0, b0, lr, epochs):
    """theta = (w, b), A = [x | 1], a preallocated array of losses, C from a dot product."""
    A = np.column_stack([np.ravel(x), np.ones(np.size(x))])
    target = np.ravel(y)
    theta = np.array([w0, b0], dtype=float)
    losses = np.zeros(epochs)
    for k in range(epochs):
        r = A @ theta - target
        losses[k] = r @ r / (2 * len(target))
        theta -= lr * A.T @ r / len(target)
    return theta[0], theta[1], losses


def variant(step=None, kind="right", loss=None):
    """A train with one mistake: ``step(x, y, w, b, lr, e)`` replaces the update, ``kind`` the loop's
    structure, ``loss(e)`` the recorded loss."""
    def train(x, y, w0, b0, lr, epochs):
        w, b, losses = w0, b0, []
        e0 = w0 * x + b0 - y
        updates = {"one more": epochs + 1, "one less": max(epochs - 1, 0)}.get(kind, epochs)
        for _ in range(updates):
            e = e0 if kind == "frozen" else w * x + b - y
            record = (loss or (lambda e: np.mean(e ** 2) / 2))(e)
            if kind != "after":
                losses.append(record)
            start = (w0, b0) if kind == "restart" else (w, b)
            w, b = (step or right_step)(x, y, *start, lr, e if kind != "restart" else e0)
            if kind == "after":
                losses.append(np.mean((w * x + b - y) ** 2) / 2)
            if kind == "return inside the loop":
                return w, b, losses
        if kind == "both":
            losses.append(np.mean((w * x + b - y) ** 2) / 2)
        return w, b, losses
    return train


def right_step(x, y, w, b, lr, e):
    return w - lr * np.mean(e * x), b - lr * np.mean(e)


STEP_MISTAKES = {
    "wrong sign": lambda x, y, w, b, lr, e: (w + lr * np.mean(e * x), b + lr * np.mean(e)),
    "forgot the learning rate": lambda x, y, w, b, lr, e: (w - np.mean(e * x), b - np.mean(e)),
    "forgot the 1/n": lambda x, y, w, b, lr, e: (w - lr * np.sum(e * x), b - lr * np.sum(e)),
    "fixed 2": lambda x, y, w, b, lr, e: (w - lr * np.sum(e * x) / 2, b - lr * np.sum(e) / 2),  # n of the lesson
    "MSE's gradient": lambda x, y, w, b, lr, e: (w - 2 * lr * np.mean(e * x), b - 2 * lr * np.mean(e)),
    "dropped that 2": lambda x, y, w, b, lr, e: (w - lr * np.sum(e * x) / (2 * len(x)), b - lr * np.sum(e) / (2 * len(x))),
    "x outside the sum": lambda x, y, w, b, lr, e: (w - lr * np.mean(x) * np.mean(e), b - lr * np.mean(e)),
    "gradients are swapped": lambda x, y, w, b, lr, e: (w - lr * np.mean(e), b - lr * np.mean(e * x)),
    "updated b with w's gradient": lambda x, y, w, b, lr, e: (w - lr * np.mean(e * x), b - lr * np.mean(e * x)),
    "updated w with b's gradient": lambda x, y, w, b, lr, e: (w - lr * np.mean(e), b - lr * np.mean(e)),
}


def b_after_w(x, y, w, b, lr, e):
    w = w - lr * np.mean(e * x)
    return w, b - lr * np.mean(w * x + b - y)          # b's gradient taken after w moved


def w_after_b(x, y, w, b, lr, e):
    b = b - lr * np.mean(e)
    return w - lr * np.mean((w * x + b - y) * x), b    # the review's gap: b first, then w with the new b


@pytest.mark.parametrize("answer", [solution, python_loops, with_matrices])
def test_train_right_answers_pass_public_and_hidden(answer, capsys):
    for _ in range(REPEAT):
        checks.check_train(answer)
        checks.check_train(answer, hidden=True)
    out = capsys.readouterr().out
    assert "Right" in out and "Hidden tests passed" in out


def test_train_reproduces_the_perceptron_article():
    # the prompt's own test: the article's 1001 epochs at lr 0.1
    data = ll.make_two_point_data(seed=42)
    w, b, losses = solution(data.x, data.y, data.w0, data.b0, 0.1, 1001)
    assert len(losses) == 1001 and round(losses[0], 4) == 0.1455
    assert (round(float(w), 4), round(float(b), 4)) == (1.9961, 1.0027)


@pytest.mark.parametrize("phrase", list(STEP_MISTAKES))
def test_train_step_mistakes_are_named(phrase):
    for _ in range(REPEAT):
        assert phrase in raises_wrong(checks.check_train, variant(step=STEP_MISTAKES[phrase]))


def test_train_a_fixed_n_is_never_called_the_mse_gradient():
    # the review's misnaming: n = 2 hard-coded looked like the factor 2 whenever the probe had 4 points
    for _ in range(4 * REPEAT):
        message = raises_wrong(checks.check_train, variant(step=STEP_MISTAKES["fixed 2"]))
        assert "fixed 2" in message and "MSE's gradient" not in message


@pytest.mark.parametrize("step, phrase", [(b_after_w, "computed b's gradient *after* changing w"),
                                          (w_after_b, "updated b first")])
def test_train_gradients_taken_after_an_update_are_named(step, phrase):
    for _ in range(REPEAT):
        assert phrase in raises_wrong(checks.check_train, variant(step=step))


@pytest.mark.parametrize("kind, phrase", [
    ("after", "recorded the loss after each update"),
    ("both", "one loss too many"),
    ("one more", "epochs + 1 updates"),
    ("one less", "epochs − 1 updates"),
    ("restart", "started again from (w0, b0)"),
    ("frozen", "computed the errors once"),
    ("return inside the loop", "indented inside the loop"),
])
def test_train_loop_mistakes_are_named(kind, phrase):
    for _ in range(REPEAT):
        assert phrase in raises_wrong(checks.check_train, variant(kind=kind))


@pytest.mark.parametrize("loss, phrase", [
    (lambda e: np.mean(e ** 2), "that is the MSE"),
    (lambda e: np.sum(e ** 2), "sum of the squared errors"),
    (lambda e: np.sum(e ** 2) / 2, "no 1/n"),
    (lambda e: np.mean(e ** 2) / 4, "half of C"),
    (lambda e: np.sqrt(np.mean(e ** 2)), "square root"),
    (lambda e: np.mean(np.abs(e)), "mean absolute error"),
    (lambda e: np.sum(e ** 2) / 4, "fixed 4"),
])
def test_train_loss_mistakes_are_named(loss, phrase):
    for _ in range(REPEAT):
        assert phrase in raises_wrong(checks.check_train, variant(loss=loss))


def nudged(x, y, w0, b0, lr, epochs, h=1e-5):
    """The gradient estimated by central differences instead of the formula."""
    def C(w, b):
        return np.mean((w * x + b - y) ** 2) / 2
    w, b, losses = w0, b0, []
    for _ in range(epochs):
        losses.append(C(w, b))
        dw = (C(w + h, b) - C(w - h, b)) / (2 * h)
        db = (C(w, b + h) - C(w, b - h)) / (2 * h)
        w, b = w - lr * dw, b - lr * db
    return w, b, losses


@pytest.mark.parametrize("h", [1e-1, 1e-3, 1e-5, 1e-8])
def test_train_a_nudged_gradient_fails_every_time(h):
    # the review's gap: finite differences passed the old one-step exercise
    for _ in range(2 * REPEAT):
        message = raises_wrong(checks.check_train, lambda *args: nudged(*args, h=h))
        assert "close, but not exact" in message or "not yet" in message


def test_train_a_nudged_gradient_is_named_on_the_tiny_inputs():
    for _ in range(REPEAT):
        assert "estimate the gradient by nudging" in raises_wrong(checks.check_train, nudged)


def column_bug(x, y, w0, b0, lr, epochs):
    """Right for flat arrays; with columns, y is flattened but x is not: (n, 1) - (n,) is an n × n table."""
    w, b, losses = w0, b0, []
    for _ in range(epochs):
        e = w * x + b - np.ravel(y)
        losses.append(np.mean(e ** 2) / 2)
        w, b = w - lr * np.mean(e * x), b - lr * np.mean(e)
    return w, b, losses


def at_least_one_update(x, y, w0, b0, lr, epochs):
    w, b, losses = w0, b0, []
    for _ in range(max(epochs, 1)):
        e = w * x + b - y
        losses.append(np.mean(e ** 2) / 2)
        w, b = w - lr * np.mean(e * x), b - lr * np.mean(e)
    return w, b, losses[:epochs]


def y_left_a_column(x, y, w0, b0, lr, epochs):
    """x flattened, y not: (n,) - (n, 1) is an n × n table, averaged whole."""
    x = np.ravel(x)
    w, b, losses = w0, b0, []
    for _ in range(epochs):
        e = w * x + b - y
        losses.append(np.mean(e ** 2) / 2)
        w, b = w - lr * np.mean(e * x), b - lr * np.mean(e)
    return w, b, losses


def in_float32(x, y, w0, b0, lr, epochs):
    return solution(np.asarray(x, dtype=np.float32), np.asarray(y, dtype=np.float32), np.float32(w0),
                    np.float32(b0), np.float32(lr), epochs)


def rounded_losses(x, y, w0, b0, lr, epochs):
    w, b, losses = solution(x, y, w0, b0, lr, epochs)
    return w, b, [round(float(v), 4) for v in losses]


def test_train_shape_and_edge_mistakes_are_named():
    for _ in range(2 * REPEAT):
        assert "column arrays" in raises_wrong(checks.check_train, column_bug)
        assert "column arrays" in raises_wrong(checks.check_train, y_left_a_column)   # not "nudging"
        assert "float32" in raises_wrong(checks.check_train, in_float32)
        message = raises_wrong(checks.check_train, rounded_losses)
        assert "nudging" not in message and ("your w and b are right" in message or "round" in message)
        assert "epochs = 0" in raises_wrong(checks.check_train, at_least_one_update, hidden=True)
    checks.check_train(at_least_one_update)  # the public check has no run without epochs: only the hidden one sees it


def one_step_from_the_lesson(x, y, w0, b0, lr, epochs):
    """Section 1's cell turned into a function: one update, whatever epochs says."""
    y_hat = w0 * x + b0
    e = y_hat - y
    loss = np.mean(e ** 2) / 2
    return w0 - lr * np.mean(e * x), b0 - lr * np.mean(e), [loss]


def the_articles_numbers(x, y, w0, b0, lr, epochs):
    """A lookup table: the perceptron article's result, whatever the data."""
    return 1.9961, 1.0027, [0.1455] * epochs


@pytest.mark.parametrize("answer, phrase", [
    (one_step_from_the_lesson, "one update only"),
    (the_articles_numbers, "not yet"),
    (lambda x, y, w0, b0, lr, epochs: ll.gradient_descent_loop(x, y, w0, b0, lr, epochs), "ll.gradient_descent_loop"),
    (lambda x, y, w0, b0, lr, epochs: ll.gradient_descent(x, y, w0, b0, lr, epochs), "ll.gradient_descent"),
    (lambda x, y, w0, b0, lr, epochs: ll.stochastic_gradient_descent(x, y, w0, b0, lr, epochs, batch_size=len(x)),
     "ll.stochastic_gradient_descent"),
    (lambda x, y, w0, b0, lr, epochs: variant(step=lambda x, y, w, b, lr, e: (
        w - lr * ll.loss_and_gradient(x, y, w, b)[1], b - lr * ll.loss_and_gradient(x, y, w, b)[2]))(
        x, y, w0, b0, lr, epochs), "ll.loss_and_gradient"),
    (lambda x, y, w0, b0, lr, epochs: variant(step=lambda x, y, w, b, lr, e: tuple(
        np.array([w, b]) - lr * ll.numerical_gradient(lambda p: np.mean((p[0] * x + p[1] - y) ** 2) / 2, [w, b])))(
        x, y, w0, b0, lr, epochs), "ll.numerical_gradient"),
    (lambda x, y, w0, b0, lr, epochs: solution(x, y, w0, b0, lr, epochs)[::-1], "in this order"),
    (lambda x, y, w0, b0, lr, epochs: (lambda w, b, l: (b, w, l))(*solution(x, y, w0, b0, lr, epochs)), "swapped"),
    (lambda x, y, w0, b0, lr, epochs: solution(x, y, w0, b0, lr, epochs)[:2], "three things"),
    (lambda x, y, w0, b0, lr, epochs: "1.9961, 1.0027", "three things"),
    (lambda x, y, w0, b0, lr, epochs: ("1.9961", "1.0027", []), "numbers"),
    (lambda x, y, w0, b0, lr, epochs: None, "returned None"),
    (lambda x, y, w0, b0, lr, epochs: 1 / 0, "stopped with ZeroDivisionError"),
])
def test_train_copies_shortcuts_and_junk_fail(answer, phrase):
    message = raises_wrong(checks.check_train, answer)
    assert phrase in message
    if phrase.startswith("ll."):
        assert "refuses to run" in message


def through_the_closed_form(x, y, w0, b0, lr, epochs):
    """The fast path's core, reached through its module: every function of the package refuses."""
    from lessons_lib import descent
    A = np.column_stack([np.ravel(x), np.ones(np.size(x))])
    thetas, losses, _ = descent.closed_form_trajectory(A, np.ravel(y).astype(float), np.array([w0, b0], float),
                                                       np.array([lr]), np.arange(epochs + 1), epochs, 1.0)
    return thetas[0, -1, 0], thetas[0, -1, 1], losses[0, :-1]


def with_the_packages_loss(x, y, w0, b0, lr, epochs):
    w, b, losses = w0, b0, []
    for _ in range(epochs):
        e = w * x + b - y
        losses.append(ll.half_mse(y, w * x + b))
        w, b = w - lr * np.mean(e * x), b - lr * np.mean(e)
    return w, b, losses


@pytest.mark.parametrize("answer, name", [(through_the_closed_form, "closed_form_trajectory"),
                                          (with_the_packages_loss, "ll.half_mse")])
def test_train_every_package_function_is_refused_visible_and_hidden(answer, name):
    assert name in raises_wrong(checks.check_train, answer)
    with pytest.raises(AssertionError, match=name):
        in_fresh_process("04", "check_train", answer, hidden=True)


def test_train_not_done_yet():
    def stub(x, y, w0, b0, lr, epochs):
        raise NotImplementedError("Your turn")
    for answer in (stub, None, ...):
        raises_not_done(checks.check_train, answer)
    assert "should be a function" in raises_wrong(checks.check_train, 1.9961)


def test_train_messages_never_show_the_expected_values(monkeypatch):
    # with the check's data fixed, a wrong answer's message shows its inputs and its own output, never the right one
    monkeypatch.setattr(checks, "fresh_rng", lambda: np.random.default_rng(5))
    probe = checks._distinct_probe(np.random.default_rng(5))
    one = checks._train_reference(probe["x"], probe["y"], probe["w0"], probe["b0"], probe["lr"], 1)
    for answer in (variant(step=STEP_MISTAKES["wrong sign"]), variant(kind="after"), the_articles_numbers,
                   variant(step=w_after_b)):
        message = raises_wrong(checks.check_train, answer)
        for value in (one[0], one[1], one[2][0]):
            assert f"{value:.6g}" not in message and f"{value:.4f}" not in message


# ---- Exercise 3 · Transfer: one epoch of minibatches ------------------------------------------------------

COUNT = (3, 4)  # the count on paper: 20 points in batches of 8 make 3 updates, the last with 4 points


def minibatch_solution(x, y, w, b, lr, batch_size):
    for start in range(0, len(x), batch_size):
        xb, yb = x[start:start + batch_size], y[start:start + batch_size]
        e = w * xb + b - yb
        w, b = w - lr * np.mean(e * xb), b - lr * np.mean(e)
    return w, b


def minibatch_while(x, y, w, b, lr, batch_size):
    """A while loop over flattened arrays, the batch's size counted by hand."""
    x, y = np.ravel(x), np.ravel(y)
    start = 0
    while start < len(x):
        stop = min(start + batch_size, len(x))
        e = w * x[start:stop] + b - y[start:stop]
        size = stop - start
        w, b = w - lr * np.sum(e * x[start:stop]) / size, b - lr * np.sum(e) / size
        start = stop
    return float(w), float(b)


def minibatch_variant(mistake):
    def epoch(x, y, w, b, lr, batch_size):
        x, y = np.ravel(x), np.ravel(y)
        n = len(x)
        size = 1 if mistake == "one point" else batch_size
        starts = range(0, n, size)
        if mistake == "drop last":
            starts = range(0, n - n % size if n >= size else n, size)
        if mistake in ("first only", "one full step"):
            starts = [0]
        for start in starts:
            xb, yb = (x, y) if mistake in ("full data", "one full step") else (x[start:start + size], y[start:start + size])
            e = w * xb + b - yb
            divisor = {"sum": 1, "by n": n, "by batch_size": batch_size}.get(mistake, len(xb))
            gw, gb = np.sum(e * xb) / divisor, np.sum(e) / divisor
            if mistake == "sign":
                w, b = w + lr * gw, b + lr * gb
            elif mistake == "times 2":
                w, b = w - 2 * lr * gw, b - 2 * lr * gb
            elif mistake == "b after w":
                w = w - lr * gw
                b = b - lr * np.mean(w * xb + b - yb)
            elif mistake == "x outside":
                w, b = w - lr * np.mean(xb) * gb, b - lr * gb
            else:
                w, b = w - lr * gw, b - lr * gb
        return w, b
    return epoch


@pytest.mark.parametrize("answer", [minibatch_solution, minibatch_while])
def test_minibatch_right_answers_pass_public_and_hidden(answer, capsys):
    for _ in range(REPEAT):
        checks.check_minibatch_epoch(answer, *COUNT)
        checks.check_minibatch_epoch(answer, *COUNT, hidden=True)
    assert "Right" in capsys.readouterr().out


@pytest.mark.parametrize("count", [(3, 4), (3.0, 4.0), (np.int64(3), np.int64(4))])
def test_minibatch_the_count_written_any_way_passes(count, capsys):
    checks.check_minibatch_epoch(minibatch_solution, *count)
    assert "your count is right" in capsys.readouterr().out


COUNT_SHOWN = re.compile(r"(?<![\w.])[34](?![\w.])")  # a bare 3 or 4 in a message would give the count away


@pytest.mark.parametrize("count, phrase", [
    ((2, 4), "rounded down"), ((2.5, 4), "whole number of updates"), ((20, 4), "batch size 1"),
    ((1, 4), "full batch"), ((8, 4), "is the batch size"), ((5, 4), "Write out the batches"),
    ((3, 8), "left over"), ((3, 0), "no point is dropped"), ((3, 12), "after one batch"),
    ((3, 2.5), "a number of batches"), ((3, 5), "not yet"),
])
def test_minibatch_count_mistakes_are_named_without_the_count(count, phrase):
    message = raises_wrong(checks.check_minibatch_epoch, minibatch_solution, *count)
    assert phrase in message
    assert not COUNT_SHOWN.search(message), message


@pytest.mark.parametrize("count, phrase", [(("3", 4), "should be a number"), ((True, 4), "should be a number"),
                                           (([3], 4), "should be a number"), ((3, "4"), "should be a number")])
def test_minibatch_count_junk_is_refused_plainly(count, phrase):
    assert phrase in raises_wrong(checks.check_minibatch_epoch, minibatch_solution, *count)


@pytest.mark.parametrize("count", [(..., ...), (None, None), (3, ...), (..., 4)])
def test_minibatch_count_not_done_yet(count):
    raises_not_done(checks.check_minibatch_epoch, minibatch_solution, *count)
    raises_not_done(checks.check_minibatch_epoch, minibatch_solution)   # the counts left out


def test_minibatch_with_batch_size_n_is_one_full_batch_step_and_with_1_is_sgd():
    # independent of the check: the package's SGD without shuffling makes the same epoch
    rng = np.random.default_rng(2)
    x, y = rng.uniform(-2, 2, 7), rng.uniform(-2, 2, 7)
    for size in (1, 3, 7):
        run = ll.stochastic_gradient_descent(x, y, 0.3, -0.2, 0.1, epochs=1, batch_size=size, shuffle=False)
        assert run.updates == -(-7 // size)
        np.testing.assert_allclose(minibatch_solution(x, y, 0.3, -0.2, 0.1, size), (run.final_w, run.final_b),
                                   rtol=1e-12)


@pytest.mark.parametrize("mistake, phrase", [
    ("drop last", "dropped the last, smaller batch"),
    ("by batch_size", "points it really has"),
    ("sum", "without averaging"),
    ("by n", "divided by n"),
    ("full data", "each update used all n points"),
    ("first only", "first batch only"),
    ("one full step", "one full-batch step"),
    ("one point", "after every single point"),
    ("sign", "wrong sign"),
    ("times 2", "MSE's gradient"),
    ("b after w", "after* changing w"),
    ("x outside", "x outside the sum"),
])
def test_minibatch_mistakes_are_named(mistake, phrase):
    for _ in range(REPEAT):
        assert phrase in raises_wrong(checks.check_minibatch_epoch, minibatch_variant(mistake), *COUNT)


def shuffled(x, y, w, b, lr, batch_size):
    order = np.random.default_rng().permutation(len(x))
    return minibatch_solution(x[order], y[order], w, b, lr, batch_size)


def split_evenly(x, y, w, b, lr, batch_size):
    """np.array_split into ceil(n / batch_size) pieces: the right number of batches, evened out."""
    pieces = -(-len(x) // batch_size)
    for xb, yb in zip(np.array_split(x, pieces), np.array_split(y, pieces)):
        e = w * xb + b - yb
        w, b = w - lr * np.mean(e * xb), b - lr * np.mean(e)
    return w, b


def split_into_batch_size_pieces(x, y, w, b, lr, batch_size):
    for xb, yb in zip(np.array_split(x, batch_size), np.array_split(y, batch_size)):
        e = w * xb + b - yb
        w, b = w - lr * np.mean(e * xb), b - lr * np.mean(e)
    return w, b


def gradients_at_the_epochs_start(x, y, w, b, lr, batch_size):
    w0, b0 = w, b
    for start in range(0, len(x), batch_size):
        xb, yb = x[start:start + batch_size], y[start:start + batch_size]
        e = w0 * xb + b0 - yb                      # the errors of the (w, b) the epoch began with
        w, b = w - lr * np.mean(e * xb), b - lr * np.mean(e)
    return w, b


def through_the_packages_batches(x, y, w, b, lr, batch_size):
    from lessons_lib.stochastic import minibatches
    for batch in minibatches(len(x), batch_size, 1, shuffle=False):
        e = w * x[batch] + b - y[batch]
        w, b = w - lr * np.mean(e * x[batch]), b - lr * np.mean(e)
    return w, b


def minibatch_column_bug(x, y, w, b, lr, batch_size):
    y = np.ravel(y)
    for start in range(0, len(x), batch_size):
        xb, yb = x[start:start + batch_size], y[start:start + batch_size]
        e = w * xb + b - yb
        w, b = w - lr * np.mean(e * xb), b - lr * np.mean(e)
    return w, b


@pytest.mark.parametrize("answer, phrase", [
    (shuffled, "each time it runs on the same data"),
    (split_evenly, "evened out"),
    (split_into_batch_size_pieces, "cuts x into batch_size pieces"),
    (gradients_at_the_epochs_start, "the (w, b) the epoch started from"),
    (minibatch_column_bug, "column arrays"),
    (lambda x, y, w, b, lr, batch_size: minibatch_solution(x, y, w, b, lr, batch_size)[::-1], "swapped"),
    (lambda x, y, w, b, lr, batch_size: (lambda r: (r.final_w, r.final_b))(ll.stochastic_gradient_descent(
        x, y, w, b, lr, 1, batch_size=batch_size, shuffle=False)), "ll.stochastic_gradient_descent"),
    (lambda x, y, w, b, lr, batch_size: (w, b, 3), "two numbers"),
    (lambda x, y, w, b, lr, batch_size: "3", "two numbers"),
    (lambda x, y, w, b, lr, batch_size: None, "returned None"),
])
def test_minibatch_other_mistakes_shortcuts_and_junk_fail(answer, phrase):
    assert phrase in raises_wrong(checks.check_minibatch_epoch, answer, *COUNT)


def test_minibatch_the_packages_batches_are_refused_visible_and_hidden():
    # the review's hole: stochastic.minibatches(..., shuffle=False) did the batching and passed
    assert "ll.stochastic.minibatches" in raises_wrong(checks.check_minibatch_epoch, through_the_packages_batches,
                                                       *COUNT)
    with pytest.raises(AssertionError, match="minibatches"):
        in_fresh_process("04", "check_minibatch_epoch", through_the_packages_batches, *COUNT, hidden=True)


def test_minibatch_the_lessons_train_copied_fails():
    # exercise 2's full-batch loop given one epoch: one full-batch step
    def copied(x, y, w, b, lr, batch_size):
        return solution(x, y, w, b, lr, 1)[:2]
    assert "one full-batch step" in raises_wrong(checks.check_minibatch_epoch, copied, *COUNT)


def test_minibatch_not_done_yet():
    def stub(x, y, w, b, lr, batch_size):
        raise NotImplementedError("Your turn")
    for answer in (stub, None, ...):
        raises_not_done(checks.check_minibatch_epoch, answer, *COUNT)


def test_minibatch_messages_never_show_the_expected_pair(monkeypatch):
    monkeypatch.setattr(checks, "fresh_rng", lambda: np.random.default_rng(9))
    first = checks._minibatch_cases(np.random.default_rng(9), hidden=False)[0]
    expected = checks._minibatch_reference(first["x"], first["y"], first["w"], first["b"], first["lr"], first["batch_size"])
    for mistake in ("drop last", "sign", "by batch_size"):
        message = raises_wrong(checks.check_minibatch_epoch, minibatch_variant(mistake), *COUNT)
        for value in expected:
            assert f"{value:.6g}" not in message and f"{value:.4f}" not in message


# ---- all checks ---------------------------------------------------------------------------------------

def test_docstrings_show_no_expected_values():
    for check in (checks.check_double_rate, checks.check_train, checks.check_minibatch_epoch):
        doc = check.__doc__
        assert "0.0057" not in doc and "3.1" not in doc and "1.9961" not in doc and "right" not in doc.lower()


def wrong_sign(x, y, w0, b0, lr, epochs):
    w, b, losses = w0, b0, []
    for epoch in range(epochs):
        e = w * x + b - y
        losses.append(np.mean(e ** 2) / 2)
        w, b = w + lr * np.mean(e * x), b + lr * np.mean(e)
    return w, b, losses


def test_hidden_tests_grade_in_a_fresh_process(capsys):
    in_fresh_process("04", "check_train", solution, hidden=True)
    in_fresh_process("04", "check_minibatch_epoch", minibatch_solution, *COUNT, hidden=True)
    assert capsys.readouterr().out.count("Hidden tests passed") == 2
    with pytest.raises(AssertionError, match="wrong sign"):
        in_fresh_process("04", "check_train", wrong_sign, hidden=True)


def test_an_answer_cell_cannot_patch_the_checks():
    import lessons_lib.exercises.framework as framework

    # fresh_checks reloads both modules in place; keep their contents to put them back afterwards, so
    # the exception classes other test files imported stay the ones the checks raise
    saved = {module: dict(vars(module)) for module in (framework, checks)}
    try:
        checks.check_double_rate = lambda value: print("ok")            # what an answer cell could do
        checks.check_train = lambda function: print("ok")
        checks.check_minibatch_epoch = lambda function, *counts: print("ok")
        framework.choice_answer = lambda value, what, options: "d"
        framework.is_close = lambda *args, **kwargs: True
        fresh = fresh_checks("04")
        raises_wrong(fresh.check_double_rate, "a")
        raises_wrong(fresh.check_train, variant(step=STEP_MISTAKES["wrong sign"]))
        raises_wrong(fresh.check_minibatch_epoch, minibatch_variant("sign"), *COUNT)
    finally:
        for module, contents in saved.items():
            vars(module).clear()
            vars(module).update(contents)


def test_the_exercises_are_labelled_by_kind():
    assert checks.LESSON == "04"
    assert [label.split(":")[0] for label in checks.EXERCISES.values()] == ["predict", "implement", "transfer"]


def best_line(x, y, w0, b0, lr, epochs):
    """Least squares at once instead of the run: where the run is heading, not where it gets."""
    w, b = np.polyfit(np.ravel(x), np.ravel(y), 1)
    return w, b, [np.mean((w0 * x + b0 - y) ** 2) / 2] * epochs


def test_train_the_best_line_instead_of_the_run_is_named():
    for _ in range(REPEAT):
        assert "the best line itself" in raises_wrong(checks.check_train, best_line)
