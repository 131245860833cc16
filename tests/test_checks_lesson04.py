"""Lesson 4's exercise checks: the right answer passes, each recognised mistake is named."""
import numpy as np
import pytest

import lessons_lib as ll
from lessons_lib import checks
from lessons_lib.checks import NotDoneYet, WrongAnswer


# ---- exercise 1: one gradient-descent step ------------------------------------------------

def right_step(x, y, w, b, lr):
    error = w * x + b - y
    return w - lr * np.mean(error * x), b - lr * np.mean(error)


def test_gradient_step_right_answer_passes():
    assert "0.7125" in repr(checks.check_gradient_step(right_step))


def test_gradient_step_agrees_with_the_package():
    x, y = np.array(checks.L04_X), np.array(checks.L04_Y)
    w, b, lr = checks.L04_START
    history = ll.gradient_descent(x, y, w, b, lr=lr, epochs=1)
    np.testing.assert_allclose(right_step(x, y, w, b, lr), (history.w[1], history.b[1]))


def _with(w_rule, b_rule):
    """A learner's step built from a rule for w and a rule for b (each gets error, x, w, b, lr)."""
    def step(x, y, w, b, lr):
        error = w * x + b - y
        return w_rule(error, x, w, b, lr), b_rule(error, x, w, b, lr, y)
    return step


RIGHT_W = lambda e, x, w, b, lr: w - lr * np.mean(e * x)  # noqa: E731
RIGHT_B = lambda e, x, w, b, lr, y: b - lr * np.mean(e)  # noqa: E731


@pytest.mark.parametrize("w_rule, phrase", [
    (lambda e, x, w, b, lr: w + lr * np.mean(e * x), "wrong sign"),
    (lambda e, x, w, b, lr: w - np.mean(e * x), "forgot the learning rate"),
    (lambda e, x, w, b, lr: w - lr * np.sum(e * x), "forgot the 1/n"),
    (lambda e, x, w, b, lr: w - 2 * lr * np.mean(e * x), "factor 2"),
    (lambda e, x, w, b, lr: w - lr * np.mean(x) * np.mean(e), "x outside the sum"),
    (lambda e, x, w, b, lr: w - lr * np.mean(e), "updated w with b's gradient"),
    (lambda e, x, w, b, lr: w - lr * 7.0, "expected 0.712500"),
])
def test_gradient_step_w_mistakes_are_named(w_rule, phrase):
    with pytest.raises(WrongAnswer) as info:
        checks.check_gradient_step(_with(w_rule, RIGHT_B))
    assert phrase in str(info.value) and "new w" in str(info.value) and "new b" not in str(info.value)


@pytest.mark.parametrize("b_rule, phrase", [
    (lambda e, x, w, b, lr, y: b + lr * np.mean(e), "wrong sign"),
    (lambda e, x, w, b, lr, y: b - np.mean(e), "forgot the learning rate"),
    (lambda e, x, w, b, lr, y: b - lr * np.sum(e), "forgot the 1/n"),
    (lambda e, x, w, b, lr, y: b - 2 * lr * np.mean(e), "factor 2"),
    (lambda e, x, w, b, lr, y: b - lr * np.mean(e * x), "updated b with w's gradient"),
    (lambda e, x, w, b, lr, y: b - lr * np.mean((w - lr * np.mean(e * x)) * x + b - y), "*after* changing w"),
])
def test_gradient_step_b_mistakes_are_named(b_rule, phrase):
    with pytest.raises(WrongAnswer) as info:
        checks.check_gradient_step(_with(RIGHT_W, b_rule))
    assert phrase in str(info.value) and "new b" in str(info.value)


def test_gradient_step_seed_002_style_x_outside_the_sum_is_a_shape_error():
    def sloppy(x, y, w, b, lr):
        error = w * x + b - y
        return w - lr * x * np.mean(error), b - lr * np.mean(error)  # the seed's (x/n) * sum(...)
    with pytest.raises(WrongAnswer, match="x stayed outside the sum"):
        checks.check_gradient_step(sloppy)


def test_gradient_step_hard_coded_n_fails_on_column_data():
    def hard_coded(x, y, w, b, lr):
        error = np.ravel(w * x + b - y)
        xs = np.ravel(x)
        return w - lr * np.sum(error * xs) / 4, b - lr * np.sum(error) / 4
    with pytest.raises(WrongAnswer, match="column"):
        checks.check_gradient_step(hard_coded)


def test_gradient_step_not_done_none_and_crash():
    def unanswered(x, y, w, b, lr):
        raise NotImplementedError()
    with pytest.raises(NotDoneYet):
        checks.check_gradient_step(unanswered)
    with pytest.raises(WrongAnswer, match="forget `return"):
        checks.check_gradient_step(lambda x, y, w, b, lr: None)
    with pytest.raises(WrongAnswer, match="ZeroDivisionError"):
        checks.check_gradient_step(lambda x, y, w, b, lr: 1 / 0)
    with pytest.raises(WrongAnswer, match="two things"):
        checks.check_gradient_step(lambda x, y, w, b, lr: 1.0)
    with pytest.raises(WrongAnswer, match="should be a function"):
        checks.check_gradient_step(None)


# ---- exercise 2: epochs to reach a loss ----------------------------------------------------

def _seed_002_history():
    data = ll.make_two_point_data()
    return ll.gradient_descent(data.x, data.y, data.w0, data.b0, lr=0.1, epochs=1001)


def test_epochs_to_reach_right_answer_passes():
    k = int(np.argmax(_seed_002_history().loss < 1e-4))
    assert k == 558
    assert "loss[558]" in repr(checks.check_epochs_to_reach(k))
    assert "loss[558]" in repr(checks.check_epochs_to_reach(np.int64(558)))


@pytest.mark.parametrize("answer, phrase", [
    (559, "off by one"), (557, "off by one"), (619, "0.00005"), (355, "below 0.001"),
    (600, "table"), (700, "table"), (500, "table"), (42, "expected 558"),
])
def test_epochs_to_reach_mistakes_are_named(answer, phrase):
    with pytest.raises(WrongAnswer) as info:
        checks.check_epochs_to_reach(answer)
    assert phrase in str(info.value)


def test_epochs_to_reach_not_done():
    with pytest.raises(NotDoneYet):
        checks.check_epochs_to_reach(None)


# ---- exercise 3: w after three steps by hand -----------------------------------------------

def test_w_after_three_steps_right_and_matches_the_package():
    history = ll.gradient_descent([2.0], [3.0], 0.5, 0.0, lr=0.1, epochs=1, loss="mse")
    assert history.w[1] == pytest.approx(1.3)  # seed 003's worked step
    w = 0.5
    for _ in range(3):
        w -= 0.1 * 2 * (2 * w - 3) * 2
    assert w == pytest.approx(1.492)
    assert "1.492" in repr(checks.check_w_after_three_steps(1.492))


@pytest.mark.parametrize("answer, phrase", [
    (1.3, "*one* step"), (1.46, "two steps"), (1.4984, "four steps"), (1.5, "heading"),
    (1.284, "factor 2"), (-4.332, "wrong sign"), (344.5, "learning rate"), (2.0, "expected 1.4920"),
])
def test_w_after_three_steps_mistakes_are_named(answer, phrase):
    with pytest.raises(WrongAnswer) as info:
        checks.check_w_after_three_steps(answer)
    assert phrase in str(info.value)


def test_w_after_three_steps_not_done_and_not_a_number():
    with pytest.raises(NotDoneYet):
        checks.check_w_after_three_steps(None)
    with pytest.raises(WrongAnswer, match="single number"):
        checks.check_w_after_three_steps([1.3, 1.46, 1.492])
