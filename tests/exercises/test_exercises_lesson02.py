"""Lesson 2's exercise checks, as a learner meets them: right answers pass however they are written,
every recognised mistake is named, copied or faked answers fail, and no failing message gives the
expected value away."""
from __future__ import annotations

import functools
import importlib
import inspect
import re

import numpy as np
import pytest

import lessons_lib as ll
from check_outcomes import raises_wrong
from lessons_lib.exercises import fresh_checks
from lessons_lib.exercises import framework as fw
from lessons_lib.exercises import lesson02 as checks

# ---- helpers ---------------------------------------------------------------------------------------

COMMUTE = np.array([23.0, 19, 25, 21, 22, 58, 20])
COMMUTE_MEAN, COMMUTE_MEDIAN = 188 / 7, 22.0  # worked out by hand: 188 minutes in 7 days; sorted, the 4th is 22


@pytest.fixture
def seeded(monkeypatch):
    """Make the checks' fresh data reproducible for one test, so a test can know it."""
    monkeypatch.setattr(checks, "fresh_rng", lambda: np.random.default_rng(20240229))


def the_mse(y, y_hat):
    e = np.ravel(y_hat) - np.ravel(y)
    return float(np.mean(e**2))


def the_mae(y, y_hat):
    e = np.ravel(y_hat) - np.ravel(y)
    return float(np.mean(np.abs(e)))


def flat(function):
    """A learner's loss written for flat arrays only, applied after flattening: the same mistake on every shape."""
    return lambda y, y_hat: function(np.ravel(np.asarray(y, dtype=float)), np.ravel(np.asarray(y_hat, dtype=float)))


# ---- Exercise 1: three candidate lines (predict) ---------------------------------------------------

def test_the_three_lines_have_the_losses_the_prompt_implies():
    """MSE and MAE of the candidate lines, by hand from their errors (a: 0,0,0,0,-4; b: -0.8,0,0.8,1.6,-1.6;
    c: 0.8,0.8,0.8,0.8,-3.2): line b has the lowest MSE, line a the lowest MAE."""
    losses = checks._three_line_losses()
    assert losses["a"] == pytest.approx((16 / 5, 4 / 5))
    assert losses["b"] == pytest.approx((6.4 / 5, 4.8 / 5))
    assert losses["c"] == pytest.approx((12.8 / 5, 6.4 / 5))


@pytest.mark.parametrize("answers", [("b", "a"), ("B", " a "), ("(b)", "A")])
def test_three_lines_right_predictions_pass(answers, capsys):
    checks.check_three_lines(*answers)
    assert capsys.readouterr().out.startswith("✔ Right")


@pytest.mark.parametrize("lowest_mse, lowest_mae, phrases", [
    ("a", "a", ["lowest_mse: line a misses the points by 0, 0, 0, 0, 4; squared, that is 0, 0, 0, 0, 16",
                "MSE is 3.20", "Line b's squared misses add up to 6.4 (MSE 1.28)"]),
    ("c", "a", ["lowest_mse: line c misses the points by 0.8, 0.8, 0.8, 0.8, 3.2", "12.8 in all"]),
    ("b", "b", ["lowest_mae: line b misses the points by 0.8, 0, 0.8, 1.6, 1.6, 4.8 in all",
                "Line a's misses add up to 4 (MAE 0.80)"]),
    ("b", "c", ["lowest_mae: line c misses the points by 0.8, 0.8, 0.8, 0.8, 3.2, 6.4 in all"]),
    ("a", "b", ["lowest_mse: line a", "lowest_mae: line b"]),  # both wrong: both explained
])
def test_three_lines_each_wrong_option_is_explained(lowest_mse, lowest_mae, phrases):
    message = raises_wrong(checks.check_three_lines, lowest_mse, lowest_mae)
    for phrase in phrases:
        assert phrase in message


def test_the_checks_source_does_not_say_which_line_is_right():
    """The explanations are computed from the numbers: no text is written for one letter only, so a
    learner reading the package learns nothing about the answer from which letters have a message."""
    source = inspect.getsource(checks)
    assert not re.search(r"""["']line [abc]\b""", source)
    assert not re.search(r"""\{\s*["'][abc]["']\s*:\s*["']""", source)  # no dict keyed by letter holding text


@pytest.mark.parametrize("value, words", [
    (2, "with the quotes"), (True, "with the quotes"), (["b"], "with the quotes"),
    ("d", 'one of "a", "b", "c"'), ("mse", 'one of "a", "b", "c"'),
])
def test_three_lines_refuses_what_is_not_a_letter(value, words):
    assert words in raises_wrong(checks.check_three_lines, value, "a")
    assert words in raises_wrong(checks.check_three_lines, "b", value)


@pytest.mark.parametrize("placeholder", [None, ...])
def test_three_lines_not_done_yet(placeholder):
    with pytest.raises(fw.NotDoneYet):
        checks.check_three_lines(placeholder, "a")
    with pytest.raises(fw.NotDoneYet):
        checks.check_three_lines("b", placeholder)


def test_the_prepared_cell_refuses_to_run_before_a_prediction():
    from lessons_lib.exercises import require_prediction

    with pytest.raises(fw.NotDoneYet, match="first write your prediction in `lowest_mse`"):
        require_prediction(..., "lowest_mse")


# ---- Exercise 2: mse and mae by hand (implement) ---------------------------------------------------

def test_loss_functions_solution_passes_in_public_and_hidden_tests(capsys):
    checks.check_loss_functions(the_mse, the_mae)
    checks.check_loss_functions(the_mse, the_mae, hidden=True)
    assert capsys.readouterr().out.count("✔ Right") == 2


def test_a_float32_result_passes():
    checks.check_loss_functions(lambda y, p: np.float32(the_mse(y, p)), lambda y, p: np.float32(the_mae(y, p)))


def test_loss_functions_written_another_way_pass():
    def mse_with_a_loop(y, y_hat):
        total, pairs = 0.0, list(zip(np.asarray(y).reshape(-1), np.asarray(y_hat).reshape(-1)))
        for target, prediction in pairs:
            total += (prediction - target) ** 2
        return total / len(pairs)

    def mae_with_average(y, y_hat):
        return np.average(np.abs(np.reshape(y_hat, -1) - np.reshape(y, -1)))

    checks.check_loss_functions(mse_with_a_loop, mae_with_average)
    checks.check_loss_functions(mse_with_a_loop, mae_with_average, hidden=True)
    checks.check_loss_functions(lambda y, p: np.array(the_mse(y, p)), the_mae)  # a 0-d array is one number too


def test_the_lessons_own_formula_fails_on_mixed_shapes_and_names_the_broadcast():
    """Section 3 computes np.mean(e**2) with e = y_hat - y on two (2, 1) columns: copied into mse, it
    passes flat and column data but meets (n,) and (n, 1) and broadcasts."""
    message = raises_wrong(checks.check_loss_functions, lambda y, y_hat: np.mean((y_hat - y) ** 2), the_mae)
    assert "broadcast y_hat - y into a" in message and "table of every y_hat_i - y_j" in message
    assert "np.ravel" in message
    message = raises_wrong(checks.check_loss_functions, the_mse, lambda y, y_hat: np.mean(np.abs(y_hat - y)))
    assert "broadcast" in message and "mae" in message


def test_flattening_only_the_predictions_is_caught_as_a_broadcast():
    """The review's case: np.ravel(y_hat) - y is right when y is flat but makes an n x n table when y is a column."""
    message = raises_wrong(checks.check_loss_functions, lambda y, p: np.mean((np.ravel(p) - y) ** 2), the_mae)
    assert "broadcast y_hat - y" in message and "table of every y_hat_i - y_j" in message
    message = raises_wrong(checks.check_loss_functions, the_mse, lambda y, p: np.mean(np.abs(p - np.ravel(y))))
    assert "broadcast y_hat - y" in message


@pytest.mark.parametrize("wrong, phrase", [
    (lambda y, p: np.mean(p - y), "without squaring them"),
    (lambda y, p: np.mean(y - p), "without squaring them"),
    (lambda y, p: np.mean(p - y) ** 2, "squared the *mean* error"),
    (lambda y, p: np.sum((p - y) ** 2), "forgot the 1/n"),
    (lambda y, p: np.sum((p - y) ** 2) / (len(y) - 1), "divided by n - 1"),
    (lambda y, p: np.mean((p - y) ** 2) / 2, "that is MSE/2"),
    (lambda y, p: np.sqrt(np.mean((p - y) ** 2)), "RMSE"),
    (lambda y, p: np.mean(np.abs(p - y)), "mean *absolute* error"),
    (lambda y, p: np.sum(np.abs(p - y)), "sum of |errors|"),
    (lambda y, p: np.mean(p**2 - y**2), "squared the predictions and the targets separately"),
    (lambda y, p: np.mean(y**2 - p**2), "squared the targets and the predictions separately"),
    (lambda y, p: np.sum((p - y) ** 2) / 4, "the sum divided by 4, a fixed number"),
    (lambda y, p: np.sum((p - y) ** 2) / 7, "the sum divided by 7, a fixed number"),
])
def test_mse_mistakes_are_named(wrong, phrase, seeded):
    message = raises_wrong(checks.check_loss_functions, flat(wrong), the_mae)
    assert "your mse returned" in message
    assert phrase in message


@pytest.mark.parametrize("wrong, phrase", [
    (lambda y, p: np.mean(p - y), "the signs cancelled"),
    (lambda y, p: np.mean(y - p), "the signs cancelled"),
    (lambda y, p: abs(np.mean(p - y)), "the signs cancelled"),
    (lambda y, p: np.sum(np.abs(p - y)), "forgot the 1/n"),
    (lambda y, p: np.sum(np.abs(p - y)) / (len(y) - 1), "divided by n - 1"),
    (lambda y, p: np.mean((p - y) ** 2), "that is the MSE"),
    (lambda y, p: np.mean((p - y) ** 2) / 2, "that is MSE/2"),
    (lambda y, p: np.sqrt(np.mean((p - y) ** 2)), "RMSE"),
    (lambda y, p: np.mean(np.abs(p) - np.abs(y)), "took the sizes |y_hat| and |y| separately"),
    (lambda y, p: np.sum(np.abs(p - y)) / 2, "the sum divided by 2, a fixed number"),
])
def test_mae_mistakes_are_named(wrong, phrase, seeded):
    message = raises_wrong(checks.check_loss_functions, the_mse, flat(wrong))
    assert "your mae returned" in message
    assert phrase in message


def test_a_loss_that_returns_one_number_per_point_is_told_to_average(seeded):
    message = raises_wrong(checks.check_loss_functions, lambda y, p: (np.ravel(p) - np.ravel(y)) ** 2, the_mae)
    assert "returned an array of shape" in message and "one number" in message


@pytest.mark.parametrize("wrong, phrase", [
    (lambda y, p: None, "returned None: did you forget the `return` line"),
    (lambda y, p: 1 / 0, "stopped with ZeroDivisionError"),
    (lambda y, p: "0.29", "should be a number"),
    (0.2909, "should be a function"),
])
def test_a_broken_or_junk_mse_gets_a_plain_message(wrong, phrase):
    assert phrase in raises_wrong(checks.check_loss_functions, wrong, the_mae)


LESSON_TARGETS = np.array([[1.7490802], [2.9014286]])  # the lesson's two points, typed in


def lookup_mse(y, y_hat):
    """Knows only the lesson's two points at the random start (0.2909) and answers 0 otherwise."""
    if np.shape(y) == (2, 1) and np.allclose(y, LESSON_TARGETS, atol=1e-6):
        return 0.2909404839957063
    return 0.0


def test_a_lookup_table_or_a_constant_fails():
    assert "not yet" in raises_wrong(checks.check_loss_functions, lookup_mse, the_mae)
    assert "not yet" in raises_wrong(checks.check_loss_functions, the_mse, lambda y, p: 0.3896)


def mse_through_a_global_name(y, y_hat):
    """As a learner's cell that did `from lessons_lib import mse as package_mse` at the top."""
    return package_mse(y, y_hat)


package_mse = ll.mse


def mse_in_a_default(y, y_hat, _f=ll.mse):
    return _f(y, y_hat)


def mse_in_a_keyword_default(y, y_hat, *, _f=ll.mse):
    return _f(y, y_hat)


TOOLS = {"loss": ll.mse}
HALVES = [ll.half_mse]


def mse_from_a_dict(y, y_hat):
    return TOOLS["loss"](y, y_hat)


def mse_from_a_list(y, y_hat):
    return 2 * HALVES[0](y, y_hat)


class Holder:
    """A callable object that keeps the package's function in an attribute."""

    def __init__(self):
        self.loss = ll.mse

    def __call__(self, y, y_hat):
        return self.loss(y, y_hat)


def mse_by_point_loss(y, y_hat):
    return float(ll.losses.point_loss(np.ravel(y_hat) - np.ravel(y), "mse").mean())


def mse_by_loss_value_from_errors(y, y_hat):
    return float(ll.losses.loss_value_from_errors(np.ravel(y_hat) - np.ravel(y), "mse"))


def mse_by_one_descent_step(y, y_hat):
    """The review's trick: the loss a descent run records at epoch 0 (x = y_hat, w = 1, b = 0)."""
    return ll.gradient_descent_loop(np.ravel(y_hat), np.ravel(y), 1.0, 0.0, lr=1e-300, epochs=1, loss="mse").loss[0]


def mse_by_the_checks_own_helper(y, y_hat):
    import lessons_lib.exercises.lesson02 as own

    return own._loss_mistakes("mae", np.ravel(y), np.ravel(y_hat))[4][0]  # the MAE's "that is the MSE" slip


def mse_catching_the_refusal(y, y_hat):
    try:
        return float(ll.losses.point_loss(np.ravel(y_hat) - np.ravel(y), "mse").mean())
    except BaseException:  # noqa: BLE001  (a learner hiding the refusal)
        return the_mse(y, y_hat)


def mse_by_a_reloaded_module(y, y_hat):
    return importlib.reload(ll.losses).mse(y, y_hat)


def mse_from_copied_code(y, y_hat, _code=ll.mse.__code__):
    import types

    return types.FunctionType(_code, {"np": np})(y, y_hat)


@pytest.mark.parametrize("shortcut, name", [
    (ll.mse, "ll.mse"),
    (lambda y, p: ll.mse(y, p), "ll.mse"),
    (lambda y, p: 2 * ll.half_mse(y, p), "ll.half_mse"),
    (mse_through_a_global_name, "ll.mse"),
    (functools.partial(ll.mse), "ll.mse"),
    (mse_in_a_default, "ll.mse"),
    (mse_in_a_keyword_default, "ll.mse"),
    (mse_from_a_dict, "ll.mse"),
    (mse_from_a_list, "ll.half_mse"),  # named as what the learner called, not ll.mse inside it
    (Holder(), "ll.mse"),
    (mse_by_point_loss, "ll.losses.point_loss"),
    (mse_by_loss_value_from_errors, "ll.losses.loss_value_from_errors"),
    (mse_by_one_descent_step, "ll.gradient_descent_loop"),
    (lambda y, p: ll.gradient_descent(np.ravel(p), np.ravel(y), 1.0, 0.0, 1e-300, 1, loss="mse").loss[0],
     "ll.gradient_descent"),
    (mse_by_the_checks_own_helper, "_loss_mistakes"),
    (mse_catching_the_refusal, "ll.losses.point_loss"),
    (mse_by_a_reloaded_module, "reloads part of the course package"),
    (mse_from_copied_code, "the code of a package function"),
])
def test_the_package_functions_fail_however_they_are_reached(shortcut, name):
    message = raises_wrong(checks.check_loss_functions, shortcut, the_mae)
    assert name in message
    assert "course package" in message or "do without" in message


def test_a_figure_helper_that_computes_a_loss_is_refused_too():
    from lessons_lib.figures import lesson02 as figures

    def mse_from_a_figure(y, y_hat):
        import matplotlib.pyplot as plt

        ax = plt.figure().add_subplot()
        line = figures.plot_loss_slice(ax, np.ravel(y_hat), np.ravel(y), [1.0], 0.0, "mse")
        plt.close("all")
        return float(line.get_ydata()[0])

    assert "ll.figures.lesson02.plot_loss_slice" in raises_wrong(checks.check_loss_functions, mse_from_a_figure,
                                                                    the_mae)


def test_the_forbidden_mae_fails_too():
    assert "ll.mae" in raises_wrong(checks.check_loss_functions, the_mse, ll.mae)
    assert "ll.mae" in raises_wrong(checks.check_loss_functions, the_mse, lambda y, p: ll.mae(y, p))


def test_the_package_functions_work_again_after_the_check():
    raises_wrong(checks.check_loss_functions, lambda y, p: ll.mse(y, p), the_mae)
    raises_wrong(checks.check_loss_functions, mse_by_point_loss, the_mae)
    raises_wrong(checks.check_loss_functions, lambda y, p: 1 / 0, the_mae)  # a crash inside the block
    assert ll.mse([1.0, 2.0], [2.0, 2.0]) == 0.5
    assert ll.losses.point_loss(np.array([2.0]), "mse").tolist() == [4.0]
    assert ll.make_two_point_data().w0 == pytest.approx(0.6477, abs=1e-4)
    from lessons_lib.exercises import lesson02 as module

    from lessons_lib.exercises import shortcuts

    assert not any(shortcuts.REFUSER in vars(m) for m in (ll, ll.losses, module))


def test_the_hidden_test_tries_other_sizes_and_scales_than_the_public_check():
    def seen_by(hidden):
        seen = []

        def spy(y, y_hat):
            seen.append((np.size(y), float(np.max(np.abs(y)))))
            return the_mse(y, y_hat)

        checks.check_loss_functions(spy, the_mae, hidden=hidden)
        return seen

    public, hidden = seen_by(False), seen_by(True)
    assert max(n for n, _ in public) < 200 and max(size for _, size in public) < 50
    assert max(n for n, _ in hidden) >= 200 and max(size for _, size in hidden) >= 50


def test_the_hidden_test_grades_in_a_fresh_process(capsys):
    from lessons_lib.exercises import in_fresh_process

    in_fresh_process("02", "check_loss_functions", the_mse, the_mae, hidden=True)
    assert "✔ Right" in capsys.readouterr().out
    with pytest.raises(fw.WrongAnswer, match="ll.losses.point_loss"):  # refused in the grading process too
        in_fresh_process("02", "check_loss_functions", mse_by_point_loss, the_mae, hidden=True)


@pytest.mark.parametrize("placeholder", [None, ...])
def test_loss_functions_not_done_yet(placeholder):
    with pytest.raises(fw.NotDoneYet):
        checks.check_loss_functions(placeholder, the_mae)
    with pytest.raises(fw.NotDoneYet):
        checks.check_loss_functions(the_mse, placeholder)


def test_the_learners_stub_is_not_done_yet():
    def stub(y, y_hat):
        raise NotImplementedError("Your turn: replace this line with your answer")

    with pytest.raises(fw.NotDoneYet, match="replace the `raise NotImplementedError"):
        checks.check_loss_functions(stub, stub)


def test_a_failing_message_shows_the_inputs_and_the_learners_output_but_not_the_expected_loss(seeded):
    wrong = flat(lambda y, p: 1.0 + np.mean((p - y) ** 2))  # no named mistake: the generic message
    message = raises_wrong(checks.check_loss_functions, wrong, the_mae)
    _, y, y_hat = checks._test_cases(np.random.default_rng(20240229))[0]
    expected = the_mse(y, y_hat)
    assert f"{1.0 + expected:.6g}" in message  # the learner's own output is shown ...
    for shown in (f"{expected:.6g}", f"{expected:.4g}", f"{expected:.3f}"):
        assert shown not in message  # ... the expected value is not


# ---- Exercise 3: the best constant prediction (transfer) -------------------------------------------

@pytest.mark.parametrize("answers", [
    (COMMUTE_MEAN, COMMUTE_MEDIAN, "mse"),
    (np.mean(COMMUTE), np.median(COMMUTE), " MSE "),
    (26.9, 22.01, "(mse)"),  # a scan in steps of 0.1 and 0.01 is within the tolerance of 0.05
    (np.float64(26.86), np.array(22.0), "mse"),
])
def test_best_constants_right_answers_pass(answers, capsys):
    checks.check_best_constants(*answers)
    assert "*mean*" in capsys.readouterr().out  # the names appear only once the learner has the numbers


def test_the_scan_of_the_teachers_solution_finds_the_right_constants(capsys):
    b_values = np.arange(15, 60, 0.01)
    best_mse = b_values[np.argmin([the_mse(COMMUTE, np.full(len(COMMUTE), b)) for b in b_values])]
    best_mae = b_values[np.argmin([the_mae(COMMUTE, np.full(len(COMMUTE), b)) for b in b_values])]
    checks.check_best_constants(best_mse, best_mae, "mse")
    assert "✔" in capsys.readouterr().out


def test_the_whole_number_trap_of_full_like_is_named():
    """The review's trap: commute typed as whole numbers and np.full_like(commute, b) cuts every b to a
    whole number, so a scan in steps of 0.01 lands on a whole number (or 0.01 past it) for the MSE."""
    whole = np.array([23, 19, 25, 21, 22, 58, 20])
    b_values = np.arange(15, 60, 0.01)
    best_mse = b_values[np.argmin([the_mse(whole, np.full_like(whole, b)) for b in b_values])]
    best_mae = b_values[np.argmin([the_mae(whole, np.full_like(whole, b)) for b in b_values])]
    assert abs(best_mse - round(best_mse)) <= 0.011
    message = raises_wrong(checks.check_best_constants, best_mse, best_mae, "mse")
    assert "best_b_mse:" in message and "np.full(len(commute), b)" in message
    assert "best_b_mae" not in message  # the MAE's b is whole anyway, and passes


@pytest.mark.parametrize("best_b_mse, best_b_mae, phrase", [
    (COMMUTE_MEDIAN, COMMUTE_MEAN, "you swapped them"),
    (COMMUTE_MEDIAN, COMMUTE_MEDIAN, "best_b_mse: that b is where the MAE is lowest"),
    (COMMUTE_MEAN, COMMUTE_MEAN, "best_b_mae: that b is where the MSE is lowest"),
    (np.mean((COMMUTE - COMMUTE_MEAN) ** 2), COMMUTE_MEDIAN, "the lowest MSE itself, not the b"),
    (COMMUTE_MEAN, np.mean(np.abs(COMMUTE - 22)), "the lowest MAE itself, not the b"),
    ((19 + 58) / 2, COMMUTE_MEDIAN, "halfway between the shortest and the longest"),
    (130 / 6, COMMUTE_MEDIAN, "you left out the 58-minute day"),
    (COMMUTE_MEAN, 21.5, "you left out the 58-minute day"),
    (27.0, COMMUTE_MEDIAN, "27 is a whole number"),
    (27.01, COMMUTE_MEDIAN, "27.01 is within 0.01 of a whole number"),
    (COMMUTE_MEAN, 40.0, "not the lowest point yet"),
])
def test_best_constants_mistakes_are_named(best_b_mse, best_b_mae, phrase):
    assert phrase in raises_wrong(checks.check_best_constants, best_b_mse, best_b_mae, "mse")


@pytest.mark.parametrize("kind, near", [("best_b_mse", [26.4, 26.7, 26.8, 27.3, 30.0, 45.0]),
                                        ("best_b_mae", [21.0, 21.9, 22.2, 23.0, 30.0, 45.0])])
def test_there_is_no_warmer_colder_message(kind, near):
    """A wrong answer near the target gets the same words as one far away: nothing to home in on."""
    def message(value):
        answers = (value, COMMUTE_MEDIAN) if kind == "best_b_mse" else (COMMUTE_MEAN, value)
        return raises_wrong(checks.check_best_constants, *answers, "mse")

    not_whole = [v for v in near if kind == "best_b_mae" or v != round(v)]
    assert len({message(v) for v in not_whole}) == 1
    assert "not the lowest point yet" in message(not_whole[0])


def test_the_numbers_the_teachers_notes_quote_are_the_checks_own():
    """TEACHING.md's notes for this lesson quote these; they must be what the checks compute."""
    assert checks._best_constants(COMMUTE) == pytest.approx((26.857, 22.0), abs=1e-9)
    assert checks.CONSTANT_TOLERANCE == 0.05
    named = {round(value, 2) for value, _ in checks._constant_mistakes(COMMUTE)["mse"]}
    named |= {round(value, 2) for value, _ in checks._constant_mistakes(COMMUTE)["mae"]}
    assert {164.98, 6.57, 38.5, 21.67, 21.5, 22.0, 26.86} <= named


@pytest.mark.parametrize("change", ["mae", "both", "neither"])
def test_a_wrong_prediction_for_580_is_explained(change):
    message = raises_wrong(checks.check_best_constants, COMMUTE_MEAN, COMMUTE_MEDIAN, change)
    assert "changes_with_580: not quite: the MSE's best b moves" in message
    assert "The MAE's best b stays" in message and "best_b_m" not in message


def test_the_580_prediction_is_what_the_data_do():
    """Recomputed by hand: the 580 raises the sum by 522, so the mean moves by 522/7; the 4th of the
    sorted times stays 22."""
    changed = COMMUTE.copy()
    changed[changed.argmax()] = 580
    assert np.mean(changed) - np.mean(COMMUTE) == pytest.approx(522 / 7)
    assert np.median(changed) == np.median(COMMUTE) == 22
    assert checks._what_changes(COMMUTE, 580.0) == "mse"


@pytest.mark.parametrize("value, words", [("m", 'one of "mse", "mae", "both", "neither"'), (True, "with the quotes")])
def test_the_580_prediction_must_be_one_of_the_words(value, words):
    assert words in raises_wrong(checks.check_best_constants, COMMUTE_MEAN, COMMUTE_MEDIAN, value)


@pytest.mark.parametrize("copied", [0.1455, 5.86, 2.0, 1.0])
def test_a_number_printed_in_the_lesson_fails(copied):
    raises_wrong(checks.check_best_constants, copied, copied, "mse")


@pytest.mark.parametrize("junk, words", [("26.857", "text"), (True, "True/False"), ([26.86], "list"),
                                         (float("nan"), "finite")])
def test_best_constants_refuses_what_is_not_a_number(junk, words):
    assert words in raises_wrong(checks.check_best_constants, junk, COMMUTE_MEDIAN, "mse")
    assert words in raises_wrong(checks.check_best_constants, COMMUTE_MEAN, junk, "mse")


@pytest.mark.parametrize("placeholder", [None, ...])
def test_best_constants_not_done_yet(placeholder):
    with pytest.raises(fw.NotDoneYet):
        checks.check_best_constants(placeholder, COMMUTE_MEDIAN, "mse")
    with pytest.raises(fw.NotDoneYet):
        checks.check_best_constants(COMMUTE_MEAN, placeholder, "mse")
    with pytest.raises(fw.NotDoneYet):
        checks.check_best_constants(COMMUTE_MEAN, COMMUTE_MEDIAN, placeholder)


WRONG_CONSTANTS = [(COMMUTE_MEDIAN, COMMUTE_MEAN), (27.0, 21.0), (40.0, 40.0), (38.5, 38.5), (21.667, 22.0),
                   (26.8, 22.2), (26.0, 23.0)]


@pytest.mark.parametrize("answers", WRONG_CONSTANTS)
@pytest.mark.parametrize("change", ["mse", "mae", "both", "neither"])
def test_no_failing_message_gives_the_constants_away(answers, change):
    message = raises_wrong(checks.check_best_constants, *answers, change)
    for secret in ("26.8", "26.9", "22.0", "mean", "median", "average", "middle value"):
        assert secret not in message


def test_no_docstring_or_comment_of_the_checks_gives_an_answer_away():
    source_of_docs = "\n".join(inspect.getdoc(obj) or "" for obj in vars(checks).values()
                               if callable(obj) and getattr(obj, "__module__", "") == checks.__name__)
    source_of_docs += inspect.getdoc(checks) or ""
    for secret in ("26.8", "26.9", "22.0", "median", "mean of", "least-squares line", "lowest_mse = "):
        assert secret not in source_of_docs


# ---- every check loads afresh ----------------------------------------------------------------------

def test_patching_the_checks_or_the_framework_in_an_answer_cell_does_not_pass_a_wrong_answer():
    import lessons_lib.exercises.lesson02 as lesson_module

    originals = (lesson_module.check_three_lines, lesson_module.check_loss_functions,
                 lesson_module.check_best_constants, fw.is_close, fw.named_mistake)
    try:  # what an answer cell could do
        lesson_module.check_three_lines = lambda *answers: "ok"
        lesson_module.check_loss_functions = lambda *answers, **options: "ok"
        lesson_module.check_best_constants = lambda *answers: "ok"
        fw.is_close = lambda *args, **kwargs: True
        fw.named_mistake = lambda *args, **kwargs: None
        fresh = fresh_checks("02")
        with pytest.raises(fw.CheckFailed):
            fresh.check_three_lines("a", "b")
        with pytest.raises(AssertionError):
            fresh.check_loss_functions(lambda y, p: 0.0, the_mae)
        with pytest.raises(AssertionError):
            fresh.check_best_constants(40.0, 40.0, "mse")
    finally:
        (lesson_module.check_three_lines, lesson_module.check_loss_functions,
         lesson_module.check_best_constants, fw.is_close, fw.named_mistake) = originals
        fresh_checks("02")


def test_the_lesson_declares_its_three_exercises():
    assert checks.LESSON == "02"
    assert [kind.split(":")[0] for kind in checks.EXERCISES.values()] == ["predict", "implement", "transfer"]
