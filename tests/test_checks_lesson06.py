"""Lesson 6's exercise checks and data helpers: the right answer passes, each recognised mistake is named."""
import numpy as np
import pytest

import lessons_lib as ll
from lessons_lib import checks
from lessons_lib.checks import NotDoneYet, WrongAnswer

A = np.array([256.0, 212.0, 1.0])
NORM2 = float(A @ A)  # 110481
W_NORM2 = 256.0**2 + 212.0**2  # 110480


# ---- data helpers ---------------------------------------------------------------------------

def test_puzzle_data_is_the_seed_equation():
    x, y = ll.make_puzzle_data()
    assert x.shape == (1, 2) and y.shape == (1,)
    assert float(ll.predict(x, np.array([1.0, 2.0]), 3.0)[0]) == 256 + 2 * 212 + 3
    assert y[0] == 1492


def test_puzzle_stability_limit_is_2_over_110481_and_lr_0001_diverges():
    x, y = ll.make_puzzle_data()
    assert ll.stability_limit(x) == pytest.approx(2 / 110481, rel=1e-12)
    run = ll.gradient_descent(x, y, np.zeros(2), 0.0, lr=0.001, epochs=50)
    assert run.diverged and run.diverged_at == 2


def test_scale_features_divides_and_moves_the_limit_to_one():
    x, _ = ll.make_puzzle_data()
    s = np.sqrt(W_NORM2)
    np.testing.assert_allclose(ll.scale_features(x, s), x / s)
    np.testing.assert_allclose(ll.scale_features(x, [2.0, 4.0]), [[128.0, 53.0]])
    assert ll.stability_limit(ll.scale_features(x, s)) == pytest.approx(1.0, rel=1e-12)


@pytest.mark.parametrize("scale, phrase", [
    (0.0, "scale must be > 0"),
    (-2.0, "scale must be > 0"),
    ([1.0, 2.0, 3.0], "one number per input feature"),
    (np.nan, "finite"),
])
def test_scale_features_rejects_bad_scales(scale, phrase):
    x, _ = ll.make_puzzle_data()
    with pytest.raises(ValueError, match=phrase):
        ll.scale_features(x, scale)


def test_scaled_run_converges_in_one_step_at_one_over_lambda():
    x, y = ll.make_puzzle_data()
    x_s = ll.scale_features(x, np.sqrt(W_NORM2))
    run = ll.gradient_descent(x_s, y, np.zeros(2), 0.0, lr=0.5, epochs=3)
    assert np.sqrt(2 * run.loss[1]) < 1e-9


# ---- exercise 1: the stability limit ------------------------------------------------------------

def test_limit_right_answer_passes():
    assert "110481" in repr(checks.check_puzzle_stability_limit(2 / NORM2))


@pytest.mark.parametrize("answer, phrase", [
    (2 / W_NORM2, "left out the bias"),
    (1 / NORM2, "1/λ_max"),
    (NORM2, "λ_max itself"),
    (NORM2 / 2, "upside down"),
    (2 / np.sqrt(NORM2), "not its square root"),
    (2 / np.sqrt(W_NORM2), "not the length"),
    (2 / 469.0, "forgot the squares"),
    (2 / 468.0, "forgot the squares"),
    (2 / 469.0**2, "squared the sum"),
    (2 / 468.0**2, "squared the sum"),
    (1 / NORM2, "plain MSE"),
    (0.001, "expected 1.810266e-05"),
])
def test_limit_mistakes_are_named(answer, phrase):
    with pytest.raises(WrongAnswer) as info:
        checks.check_puzzle_stability_limit(answer)
    assert phrase in str(info.value)


def test_limit_not_done_and_not_a_number():
    with pytest.raises(NotDoneYet):
        checks.check_puzzle_stability_limit(None)
    with pytest.raises(WrongAnswer, match="single number"):
        checks.check_puzzle_stability_limit([1.0, 2.0])


# ---- exercise 2: the scale for a limit of 1 ------------------------------------------------------

def test_scale_right_answer_passes():
    assert "332.3853" in repr(checks.check_scale_for_limit_one(np.sqrt(W_NORM2)))


@pytest.mark.parametrize("answer, phrase", [
    (W_NORM2, "forgot the square root"),
    (1 / np.sqrt(W_NORM2), "multiplies the inputs"),
    (np.sqrt(W_NORM2 / 2), "forgetting the bias"),
    (256.0, "largest input"),
    (468.0, "added the inputs"),
    (-332.0, "must be > 0"),
    (10.0, "expected s = 332.3853"),
])
def test_scale_mistakes_are_named(answer, phrase):
    with pytest.raises(WrongAnswer) as info:
        checks.check_scale_for_limit_one(answer)
    assert phrase in str(info.value)


def test_scale_not_done():
    with pytest.raises(NotDoneYet):
        checks.check_scale_for_limit_one(None)


# ---- exercise 3: where gradient descent ends -------------------------------------------------------

def nearest(w1, w2, b):
    theta = np.array([w1, w2, b])
    return tuple(theta - (A @ theta - 1492.0) / NORM2 * A)


def test_where_right_answer_passes():
    assert "4 starts" in repr(checks.check_where_descent_ends(nearest))


def test_where_accepts_a_list_or_array():
    assert checks.check_where_descent_ends(lambda *t: list(nearest(*t)))
    assert checks.check_where_descent_ends(lambda *t: np.array(nearest(*t)))


def _wrong_sign(w1, w2, b):
    theta = np.array([w1, w2, b])
    return tuple(theta + (A @ theta - 1492.0) / NORM2 * A)


def _no_division(w1, w2, b):
    theta = np.array([w1, w2, b])
    return tuple(theta - (A @ theta - 1492.0) * A)


def _divide_by_length(w1, w2, b):
    theta = np.array([w1, w2, b])
    return tuple(theta - (A @ theta - 1492.0) / np.sqrt(NORM2) * A)


def _bias_fixed(w1, w2, b):
    a = A[:2]
    e0 = a @ [w1, w2] + b - 1492.0
    w = np.array([w1, w2]) - e0 / (a @ a) * a
    return (w[0], w[1], b)


def _min_norm(w1, w2, b):
    return tuple(A * 1492.0 / NORM2)


@pytest.mark.parametrize("function, phrase", [
    (_wrong_sign, "wrong sign"),
    (_no_division, "forgot to divide by |a|²"),
    (_divide_by_length, "not by |a|"),
    (_bias_fixed, "the bias moves too"),
    (_min_norm, "nearest the origin"),
    (lambda w1, w2, b: (w1, w2), "return all three"),
    (lambda w1, w2, b: None, "forget the `return`"),
    (lambda w1, w2, b: (1.0, 2.0, 3.0), "gradient descent ends at"),
    (lambda w1, w2, b: 1 / 0, "ZeroDivisionError"),
])
def test_where_mistakes_are_named(function, phrase):
    with pytest.raises(WrongAnswer) as info:
        checks.check_where_descent_ends(function)
    assert phrase in str(info.value)


def test_where_not_done():
    def where_descent_ends(w1, w2, b):
        raise NotImplementedError()

    with pytest.raises(NotDoneYet):
        checks.check_where_descent_ends(where_descent_ends)
