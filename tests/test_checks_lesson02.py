"""Lesson 2's exercise checks: the right answer passes, each recognised mistake is named."""
import numpy as np
import pytest

import lessons_lib as ll
from lessons_lib import checks
from lessons_lib.checks import NotDoneYet, WrongAnswer

E = np.array(checks.L02_PREDICTIONS) - np.array(checks.L02_TARGETS)


def test_mse_right_answer_passes():
    assert "2.75" in repr(checks.check_mse_of_predictions(2.75))


@pytest.mark.parametrize("answer, phrase", [
    (np.mean(E), "forgot the square"),
    (-np.mean(E), "forgot the square"),
    (np.mean(E) ** 2, "mean* error"),
    (np.sum(E**2), "forgot the 1/n"),
    (np.sum(E**2) / 3, "n - 1"),
    (np.mean(E**2) / 2, "MSE/2"),
    (np.sqrt(np.mean(E**2)), "square root"),
    (np.mean(np.abs(E)), "MAE"),
    (np.sum(np.abs(E)), "sum of |errors|"),
    (7.0, "expected 2.75"),
])
def test_mse_mistakes_are_named(answer, phrase):
    with pytest.raises(WrongAnswer, match=None) as info:
        checks.check_mse_of_predictions(answer)
    assert phrase in str(info.value)


def test_mse_not_done_and_not_a_number():
    with pytest.raises(NotDoneYet):
        checks.check_mse_of_predictions(None)
    with pytest.raises(WrongAnswer, match="single number"):
        checks.check_mse_of_predictions([1.0, 2.0])


def _half_mse(w, b):
    data = ll.make_two_point_data()
    return ll.half_mse(data.y, w * data.x + b)


def test_half_mse_right_answer_is_the_logs_first_loss():
    data = ll.make_two_point_data()
    assert "0.1455" in repr(checks.check_half_mse_at_start(_half_mse(data.w0, data.b0)))
    assert "0.1455" in repr(checks.check_half_mse_at_start(0.1455))  # the rounded log value counts


@pytest.mark.parametrize("factor, phrase", [(2, "forgot the 1/2"), (4, "both the 1/2 and the 1/n")])
def test_half_mse_factor_mistakes(factor, phrase):
    data = ll.make_two_point_data()
    with pytest.raises(WrongAnswer) as info:
        checks.check_half_mse_at_start(factor * _half_mse(data.w0, data.b0))
    assert phrase in str(info.value)


def test_half_mse_with_the_first_snippets_weights_is_named():
    with pytest.raises(WrongAnswer) as info:
        checks.check_half_mse_at_start(_half_mse(0.49671415, -0.1382643))
    assert "0.4967" in str(info.value) and "re-seeds" in str(info.value)


def test_half_mse_mae_and_unknown():
    data = ll.make_two_point_data()
    pred = data.w0 * data.x + data.b0
    with pytest.raises(WrongAnswer, match="MAE"):
        checks.check_half_mse_at_start(ll.mae(data.y, pred))
    with pytest.raises(WrongAnswer, match="expected about 0.1455"):
        checks.check_half_mse_at_start(3.0)
    with pytest.raises(NotDoneYet):
        checks.check_half_mse_at_start(None)


def test_mae_function_right():
    def mae(y, y_hat):
        return np.mean(np.abs(np.asarray(y_hat) - np.asarray(y)))
    assert "1.2500" in repr(checks.check_mae_function(mae))


@pytest.mark.parametrize("wrong, phrase", [
    (lambda y, p: np.mean(p - y), "signs cancelled"),
    (lambda y, p: np.mean(y - p), "signs cancelled"),
    (lambda y, p: abs(np.mean(p - y)), "signs cancelled"),
    (lambda y, p: np.sum(np.abs(p - y)), "forgot the 1/n"),
    (lambda y, p: np.mean((p - y) ** 2), "that is the MSE"),
    (lambda y, p: np.sum(np.abs(p - y)) / 4, "hard-coded n"),
    (lambda y, p: None, "forget the `return`"),
    (lambda y, p: np.abs(p - y), "single number"),
    (lambda y, p: 1 / 0, "ZeroDivisionError"),
])
def test_mae_function_mistakes(wrong, phrase):
    with pytest.raises(WrongAnswer) as info:
        checks.check_mae_function(wrong)
    assert phrase in str(info.value)


def test_mae_function_not_done():
    def mae(y, y_hat):
        raise NotImplementedError()
    with pytest.raises(NotDoneYet):
        checks.check_mae_function(mae)
