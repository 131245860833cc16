"""Lesson 3's exercise checks: the right answer passes, each recognised mistake is named."""
import numpy as np
import pytest

import lessons_lib as ll
from lessons_lib import checks
from lessons_lib.checks import NotDoneYet, WrongAnswer

X = np.array(checks.L03_X)
E = checks.L03_W * X + checks.L03_B - np.array(checks.L03_Y)


def test_dC_dw_right_answer_passes_and_agrees_with_the_package():
    _, dw, _ = ll.loss_and_gradient(X, np.array(checks.L03_Y), checks.L03_W, checks.L03_B, "half_mse")
    assert dw == pytest.approx(-5.0)
    assert "-5.0000" in repr(checks.check_dC_dw(dw))


@pytest.mark.parametrize("answer, phrase", [
    (5.0, "wrong sign"),
    (np.mean(X) * np.mean(E), "x outside the sum"),
    (-np.mean(X) * np.mean(E), "x outside the sum *and* the wrong sign"),
    (np.sum(X) * np.mean(E), "x outside the sum"),
    (np.sum(E * X), "forgot the 1/n"),
    (-np.sum(E * X), "forgot the 1/n"),
    (-10.0, "factor 2"),
    (10.0, "factor 2"),
    (np.mean(E), "dC/db"),
    (42.0, "expected -5.0000"),
])
def test_dC_dw_mistakes_are_named(answer, phrase):
    with pytest.raises(WrongAnswer) as info:
        checks.check_dC_dw(answer)
    assert phrase in str(info.value)


def test_dC_dw_not_done_and_not_a_number():
    with pytest.raises(NotDoneYet):
        checks.check_dC_dw(None)
    with pytest.raises(WrongAnswer, match="single number"):
        checks.check_dC_dw([-5.0, -2.0])


def _mae_gradient(at_zero=0.0, sign=1.0, scale=1.0):
    """A learner's mae_gradient with a chosen slope at zero error, sign and 1/n scaling."""
    def mae_gradient(x, y, w, b):
        x, y = np.ravel(x), np.ravel(y)
        e = w * x + b - y
        s = np.where(e == 0, at_zero, np.sign(e)) * sign
        return scale * np.mean(s * x), scale * np.mean(s)
    return mae_gradient


def test_mae_gradient_right_answer_matches_the_package():
    x, y = np.array(checks.L03_MAE_X), np.array(checks.L03_MAE_Y)
    assert ll.loss_and_gradient(x, y, 1.0, 0.0, "mae")[1:] == pytest.approx((-1.5, -0.75))
    package = lambda x, y, w, b: ll.loss_and_gradient(x, y, w, b, "mae")[1:]  # noqa: E731
    assert "(-1.5000, -0.7500)" in repr(checks.check_mae_gradient(package))
    assert "slope 0" in repr(checks.check_mae_gradient(_mae_gradient()))


@pytest.mark.parametrize("at_zero", [1.0, -1.0, 0.5])
def test_mae_gradient_any_subgradient_at_zero_error_is_accepted(at_zero):
    assert "valid subgradient" in repr(checks.check_mae_gradient(_mae_gradient(at_zero=at_zero)))


@pytest.mark.parametrize("wrong, phrase", [
    (_mae_gradient(sign=-1.0), "wrong sign"),
    (_mae_gradient(at_zero=1.0, sign=-1.0), "wrong sign"),
    (_mae_gradient(scale=len(checks.L03_MAE_X)), "forgot the 1/n"),
    (lambda x, y, w, b: _mae_gradient()(x, y, w, b)[::-1], "swapped"),
    (lambda x, y, w, b: (np.mean(x) * np.mean(np.sign(w * x + b - y)), np.mean(np.sign(w * x + b - y))), "x outside the sum"),
    (lambda x, y, w, b: ll.loss_and_gradient(x, y, w, b, "half_mse")[1:], "half-MSE gradient"),
    (lambda x, y, w, b: ll.loss_and_gradient(x, y, w, b, "mse")[1:], "MSE gradient"),
    (lambda x, y, w, b: (np.mean(np.abs(w * x + b - y) * x), np.mean(np.abs(w * x + b - y))), "|e_i|"),
    (lambda x, y, w, b: (np.sum(np.sign(w * x + b - y) * x) / 4, np.sum(np.sign(w * x + b - y)) / 4), "hard-coded n"),
    (lambda x, y, w, b: None, "forget the `return`"),
    (lambda x, y, w, b: 1.0, "two"),
    (lambda x, y, w, b: 1 / 0, "ZeroDivisionError"),
    (lambda x, y, w, b: (7.0, 7.0), "expected (-1.5000, -0.7500)"),
])
def test_mae_gradient_mistakes_are_named(wrong, phrase):
    with pytest.raises(WrongAnswer) as info:
        checks.check_mae_gradient(wrong)
    assert phrase in str(info.value)


def test_mae_gradient_not_done():
    def mae_gradient(x, y, w, b):
        raise NotImplementedError()
    with pytest.raises(NotDoneYet):
        checks.check_mae_gradient(mae_gradient)


A, G = np.array(checks.L03_ANALYTIC), np.array(checks.L03_NUMERIC)


def test_relative_error_right_answer_passes():
    value = np.linalg.norm(A - G) / max(np.linalg.norm(A), np.linalg.norm(G))
    assert "0.2166" in repr(checks.check_relative_error(value))
    assert "0.2166" in repr(checks.check_relative_error(0.2166))  # the rounded value counts


@pytest.mark.parametrize("answer, phrase", [
    (np.linalg.norm(A - G), "absolute error"),
    (np.linalg.norm(A - G) / np.linalg.norm(A), "smaller length"),
    (np.linalg.norm(A - G) / (np.linalg.norm(A) + np.linalg.norm(G)), "|a| + |g|"),
    ((np.linalg.norm(A - G) / np.linalg.norm(G)) ** 2, "square roots"),
    (np.linalg.norm(A + G) / np.linalg.norm(G), "added the vectors"),
    (np.max(np.abs(A - G) / np.maximum(np.abs(A), np.abs(G))), "component by component"),
    (0.9, "expected 0.2166"),
])
def test_relative_error_mistakes_are_named(answer, phrase):
    with pytest.raises(WrongAnswer) as info:
        checks.check_relative_error(answer)
    assert phrase in str(info.value)


def test_relative_error_not_done():
    with pytest.raises(NotDoneYet):
        checks.check_relative_error(None)


def test_exercise_3_numbers_are_seed_002s_x_outside_gradient_and_its_finite_differences():
    data = ll.make_two_point_data()
    x, y = np.ravel(data.x), np.ravel(data.y)
    e = data.w0 * x + data.b0 - y
    np.testing.assert_allclose(A, [np.mean(x) * np.mean(e), np.mean(e)], atol=5e-5)
    numeric = ll.numerical_gradient(lambda p: ll.half_mse(y, p[0] * x + p[1]), [data.w0, data.b0])
    np.testing.assert_allclose(G, numeric, atol=5e-5)
