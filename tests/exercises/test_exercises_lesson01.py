"""Lesson 1's exercise checks, as a learner meets them: right answers pass however they are written,
every recognised mistake is named, copied, faked or forbidden answers fail, and no failing message
gives the expected value away."""
from __future__ import annotations

import inspect
import re

import numpy as np
import pytest

import lessons_lib as ll
from check_outcomes import raises_wrong
from lessons_lib.exercises import fresh_checks
from lessons_lib.exercises import lesson01 as checks

NORM2 = 256.0**2 + 212.0**2  # 110480


def normalised(text: str) -> str:
    """Text with Unicode operators spelled as ASCII and no spaces, so `point − rate·e·a` and
    `point - rate * e * a` look alike."""
    for fancy, plain in (("−", "-"), ("·", "*"), ("⋅", "*"), ("×", "*"), ("η", "rate"), ("ηe", "rate*e")):
        text = text.replace(fancy, plain)
    return re.sub(r"\s+", "", text)


# Spellings of Exercise 2's step (or of its error a . point - target), after normalising.
STEP_SPELLINGS = ("rate*e*a", "r*e*a", "-rate*e", "a*point-target", "a@point", "np.dot(a", "point-rate*")


def gives_the_step_away(text: str) -> bool:
    flat = normalised(text)
    return any(spelling in flat for spelling in STEP_SPELLINGS)


def test_the_step_detector_catches_unicode_and_ascii_spellings():
    assert gives_the_step_away("returns point − rate·e·a with e = a·point − target")
    assert gives_the_step_away("return point - rate * e * a")
    assert gives_the_step_away("move every unknown j by −rate·e·a_j")
    assert gives_the_step_away("the step −η·e·a")
    assert not gives_the_step_away("one proportional step for any linear equation")


def outcome(check, *answers, **options) -> tuple[str, str]:
    """('passed', printed line) or (the failure's class name, its message). The classes are compared
    by name: another test's fresh_checks may have reloaded the framework meanwhile."""
    try:
        check(*answers, **options)
    except AssertionError as failure:
        return type(failure).__name__, str(failure)
    return "passed", ""


@pytest.fixture
def seeded(monkeypatch):
    """Make the checks' fresh data reproducible for one test, so the test can know it."""
    monkeypatch.setattr(checks, "fresh_rng", lambda: np.random.default_rng(20240229))


# ---- Exercise 1: η = 1.5/|a|^2 and tolerance 0.001 (predict) ---------------------------------------

def test_the_predicted_run_needs_22_evaluations_by_hand():
    """Factor 1 - 1.5 = -0.5: |e| = 1492 / 2**k, below 0.001 first at k = 21 (1492 / 2**21 = 0.00071,
    1492 / 2**20 = 0.0014), so 22 evaluations with the start; the package's run agrees."""
    assert 1492 / 2**21 < 0.001 < 1492 / 2**20
    assert checks._evaluations_to_reach(1.5 / NORM2, 0.001) == 22
    assert ll.puzzle.proportional_correction((0, 0), 1.5 / NORM2, 0.001).evaluations == 22


@pytest.mark.parametrize("prediction", [22, 21, 23, np.int64(22), 22.0, np.array(22)])
def test_predictions_within_one_pass(prediction, capsys):
    assert outcome(checks.check_predicted_evaluations, prediction)[0] == "passed"
    assert capsys.readouterr().out.startswith("✔ Right: the factor per step is 1 − 1.5 = −0.5")


@pytest.mark.parametrize("prediction, phrase", [
    (0, "the run does reach the tolerance"),          # "it never gets there"
    (-1, "the run does reach the tolerance"),
    (2, "only η = 1/‖a‖² lands on the line in one step"),
    (1, "only η = 1/‖a‖² lands on the line in one step"),
    (15, "what this rate needs for the lesson's tolerance 0.1"),   # the explorer shows 15 at η = 0.5/‖a‖²
    (16, "what this rate needs for the lesson's tolerance 0.1"),
    (1500, "the kind of cost random guessing has"),    # 15 x 100: "100 times tighter, 100 times the work"
    (2200, "the kind of cost random guessing has"),
    (24, "in the lesson's table of rates"),            # η = 1.5e-5 read as 1.5/‖a‖² (it is 1.66/‖a‖²)
    (843, "in the lesson's table of rates"),           # η = 1.8e-5 from the same table
    (13, "work out the factor 1 − η‖a‖²"),            # the lesson's 13 evaluations
    (40, "work out the factor 1 − η‖a‖²"),
])
def test_each_wrong_prediction_is_explained(prediction, phrase):
    message = raises_wrong(checks.check_predicted_evaluations, prediction)
    assert phrase in message
    assert not re.search(r"(?<![\d.])22(?![\d.])", message)   # the answer is never given away


@pytest.mark.parametrize("value, words", [
    ("22", "text"), (True, "True/False"), ([22], "a list"), (np.array([22]), "an array"),
    (22.5, "fractional part"), (float("nan"), "finite"),
])
def test_prediction_must_be_one_whole_number(value, words):
    message = raises_wrong(checks.check_predicted_evaluations, value)
    assert words in message
    assert "0.25" not in message       # no fraction offered as the example of a whole number


@pytest.mark.parametrize("value", [None, ...])
def test_prediction_not_done_yet(value):
    assert outcome(checks.check_predicted_evaluations, value)[0] == "NotDoneYet"


def test_the_prepared_cell_refuses_to_run_before_a_prediction():
    from lessons_lib.exercises import require_prediction
    with pytest.raises(AssertionError, match="first write your prediction"):
        require_prediction(..., "predicted_evaluations")


# ---- Exercise 2: correction_step for any equation (implement) ---------------------------------------

def solution(point, a, target, rate):
    e = np.dot(a, point) - target
    return point - rate * e * a


def another_way(point, a, target, rate):
    """Written with a loop, the error as RHS - LHS and a plus sign, returning a list."""
    e = target - sum(ai * pi for ai, pi in zip(a, point))
    return [pi + rate * e * ai for pi, ai in zip(point, a)]


def in_place(point, a, target, rate):
    point -= rate * (a @ point - target) * a
    return point


def lesson_cell(point, a, target, rate):
    """The lesson's update lines, pasted: only knows 256x + 212y = 1492."""
    x, y = point
    e = 256 * x + 212 * y - 1492
    return x - rate * e * 256, y - rate * e * 212


def lesson_coefficients(point, a, target, rate):
    e = a @ point - target
    return point - rate * e * np.array([256.0, 212.0])


def lookup_table(point, a, target, rate):
    known = {(0.0, 0.0): (1.9098, 1.5815)}   # the lesson's first step from (0, 0)
    return known[tuple(np.round(point, 4))]


def with_gradient_descent(point, a, target, rate):
    """A shortcut through the package: one epoch of gradient descent on one data point (a, target)."""
    history = ll.gradient_descent(np.asarray(a)[None, :], [target], point, 0.0, rate, 1)
    return history.w[-1]


def absolute_error(point, a, target, rate):
    return point - rate * abs(a @ point - target) * a


def one_at_a_time(point, a, target, rate):
    new = np.array(point, dtype=float)
    for j in range(len(new)):
        new[j] -= rate * (a @ new - target) * a[j]
    return new


def with_int_error(point, a, target, rate):
    e = int(a @ point - target)
    return point - rate * e * a


STEP_MISTAKES = [
    (lambda p, a, t, r: p + r * (a @ p - t) * a, "wrong direction"),
    (absolute_error, "you used the size of the error |e| and dropped its sign"),
    (lambda p, a, t, r: p - r * np.sign(a @ p - t) * a, "you used only the sign of e"),
    (lambda p, a, t, r: p - r * np.sign(a @ p - t), "that is a fixed step, the same size for every unknown"),
    (lambda p, a, t, r: p - r * (a @ p - t), "you left out the coefficients"),
    (one_at_a_time, "you moved the unknowns one after another"),
    (lesson_cell, "you used the lesson's numbers (256, 212 or 1492)"),
    (lesson_coefficients, "you used the lesson's numbers (256, 212 or 1492)"),
    (lambda p, a, t, r: p - r * (a @ p - 1492) * a, "you used the lesson's numbers (256, 212 or 1492)"),
    (lambda p, a, t, r: p - 2 * r * (a @ p - t) * a, "twice too long"),
    (lambda p, a, t, r: p - r * (a @ p - t) ** 2 * a, "you used e² where the rule uses e"),
    (lambda p, a, t, r: p - r * (a @ p - t) * a / (a @ a), "you divided the step by ‖a‖²"),
    (with_int_error, "you rounded the error"),
    (lambda p, a, t, r: p - r * round(float(a @ p - t)) * a, "you rounded the error"),
    (lambda p, a, t, r: -r * (a @ p - t) * a, "you returned only the change"),
    (lambda p, a, t, r: np.full_like(p, a @ p - t), "you returned the error e"),
]


@pytest.mark.parametrize("function", [solution, another_way, in_place])
@pytest.mark.parametrize("hidden", [False, True])
def test_correction_step_right_answers_pass(function, hidden, capsys):
    assert outcome(checks.check_correction_step, function, hidden=hidden)[0] == "passed"
    assert "Right on" in capsys.readouterr().out


@pytest.mark.parametrize("wrong, phrase", STEP_MISTAKES)
@pytest.mark.parametrize("hidden", [False, True])
def test_correction_step_mistakes_are_named(wrong, phrase, hidden):
    assert phrase in raises_wrong(checks.check_correction_step, wrong, hidden=hidden)


def test_a_step_right_for_one_sign_of_the_error_only_fails_every_time():
    """|e| is right whenever e > 0: every run of the check has cases of both signs (test audit M19)."""
    for _ in range(20):
        assert "|e|" in raises_wrong(checks.check_correction_step, absolute_error)


def test_the_cases_cover_both_signs_several_sizes_and_negative_coefficients():
    for hidden in (False, True):
        cases = checks._step_cases(np.random.default_rng(3), hidden)
        errors = [a @ p - t for p, a, t, r in cases]
        assert any(e > 0 for e in errors) and any(e < 0 for e in errors)
        assert len({len(p) for p, *_ in cases}) >= 4 and len(cases[0][0]) == 2 == len(cases[1][0])
        assert all((a < 0).any() for p, a, t, r in cases if len(a) >= 2)
        assert all(np.any(np.abs(p - np.round(p)) > 1e-4) for p, *_ in cases)   # no whole numbers to round to


def with_numerical_gradient(point, a, target, rate):
    """A shortcut through the package: the gradient of ½e² by finite differences."""
    return point - rate * ll.numerical_gradient(lambda q: 0.5 * (a @ q - target) ** 2, point)


def with_gradient_descent_loop(point, a, target, rate):
    return ll.gradient_descent_loop(np.asarray(a)[None, :], [target], point, 0.0, rate, 1).w[-1]


def with_predict(point, a, target, rate):
    e = ll.predict(np.asarray(a)[None, :], point, 0.0)[0] - target
    return point - rate * e * a


def for_two_unknowns_only(point, a, target, rate):
    e = a[0] * point[0] + a[1] * point[1] - target
    return point - rate * e * a


@pytest.mark.parametrize("function, phrase", [
    (lookup_table, "stopped with KeyError"),
    (with_gradient_descent, "calls ll.gradient_descent, which this exercise asks you to do without"),
    (with_gradient_descent_loop, "calls ll.gradient_descent_loop, which this exercise asks you to do without"),
    (with_numerical_gradient, "calls ll.numerical_gradient, which this exercise asks you to do without"),
    (with_predict, "calls ll.predict, which this exercise asks you to do without"),
    (ll.gradient_descent, "is a function of the course's package (lessons_lib.descent)"),
    (ll.puzzle.proportional_correction, "is a function of the course's package (lessons_lib.puzzle)"),
    (checks._step_one_at_a_time, "is a function of the course's package (lessons_lib.exercises.lesson01)"),
    (for_two_unknowns_only, "right for the equations with 2 unknown(s), but on one with 1: "),
    (lambda p, a, t, r: a @ p - t, "you returned the error e, one number"),
    (lambda p, a, t, r: None, "returned None: did you forget the `return` line?"),
    (lambda p, a, t, r: 3.5, "should be"),
    (lambda p, a, t, r: "new point", "text"),
    (lambda p, a, t, r: 1 / 0, "ZeroDivisionError"),
    (lambda p, a, t, r: p + 1.0, "your function returned"),
])
def test_correction_step_fakes_and_crashes_fail_plainly(function, phrase):
    assert phrase in raises_wrong(checks.check_correction_step, function)


@pytest.mark.parametrize("value, kind", [(42, "a number"), (2.5, "a number"), ("np.dot", "text"), ([1, 2], "a list")])
def test_a_correction_step_that_is_not_a_function_is_told_so_plainly(value, kind):
    message = raises_wrong(checks.check_correction_step, value)
    assert message.startswith("`correction_step` should be a function (def correction_step(point, a, target, rate)")
    assert kind in message and "unknown(s)" not in message and "a int" not in message


def test_no_helper_of_the_check_module_computes_the_step():
    """A cell could import them (``from lessons_lib.exercises.lesson01 import ...``): handed in
    directly they are refused, and wrapped in a lambda none of them gives the right step."""
    helpers = [obj for name, obj in vars(checks).items()
               if inspect.isfunction(obj) and obj.__module__ == checks.__name__ and name.startswith("_")
               and len(inspect.signature(obj).parameters) == 4]
    assert helpers
    for helper in helpers:
        assert "function of the course's package" in raises_wrong(checks.check_correction_step, helper)
        wrapped = lambda p, a, t, r, helper=helper: helper(p, a, t, r)   # noqa: E731
        assert outcome(checks.check_correction_step, wrapped)[0] == "WrongAnswer"
    for _, mistake in checks.STEP_MISTAKES:   # each mistake's recipe is a mistake, never the step
        wrapped = lambda p, a, t, r, mistake=mistake: (mistake(p, a, t, r) or [p])[0]   # noqa: E731
        assert outcome(checks.check_correction_step, wrapped)[0] == "WrongAnswer"


@pytest.mark.parametrize("function", [*(wrong for wrong, _ in STEP_MISTAKES), lookup_table, lesson_cell,
                                      lambda p, a, t, r: p + 1.0, lambda p, a, t, r: p - 0.9 * r * (a @ p - t) * a,
                                      lambda p, a, t, r: p - r * (a * p - t) * a, for_two_unknowns_only,
                                      lambda p, a, t, r: a @ p - t, 42, "text"])
def test_no_correction_step_message_spells_out_the_step(function):
    """The first wrong try must not hand over the answer (review of lesson 1, defect 2)."""
    for hidden in (False, True):
        message = raises_wrong(checks.check_correction_step, function, hidden=hidden)
        assert not gives_the_step_away(message), message


def test_the_hint_does_not_spell_out_the_step():
    import json
    from pathlib import Path

    cells = json.loads((Path(__file__).parents[2] / "teacher" / "01_guessing_vs_learning.ipynb").read_text())["cells"]
    hint = [c for c in cells if c.get("metadata", {}).get("nbgrader", {}).get("grade_id") == "l01_ex2_hint"][0]
    prompt = [c for c in cells if c.get("metadata", {}).get("nbgrader", {}).get("grade_id") == "l01_ex2_prompt"][0]
    for cell in (hint, prompt):
        assert not gives_the_step_away("".join(cell["source"]))


@pytest.mark.parametrize("shortcut", [with_gradient_descent, with_gradient_descent_loop, with_numerical_gradient,
                                      with_predict])
def test_each_refused_shortcut_would_otherwise_be_right(shortcut):
    """So the refusal, not a wrong number, is what stops it."""
    for point, a, target, rate in checks._step_cases(np.random.default_rng(1), False):
        np.testing.assert_allclose(shortcut(point, a, target, rate), solution(point, a, target, rate), rtol=1e-6)


def test_correction_step_not_done_yet():
    def stub(point, a, target, rate):
        raise NotImplementedError("Your turn")
    assert outcome(checks.check_correction_step, stub)[0] == "NotDoneYet"
    assert outcome(checks.check_correction_step, None)[0] == "NotDoneYet"
    assert outcome(checks.check_correction_step, ...)[0] == "NotDoneYet"


def test_correction_step_messages_never_show_the_expected_point(seeded):
    cases = checks._step_cases(np.random.default_rng(20240229), False)
    expected = [solution(*case) for case in cases]
    for wrong in [lambda p, a, t, r: p + 1.0, lambda p, a, t, r: p - 0.9 * r * (a @ p - t) * a]:
        message = raises_wrong(checks.check_correction_step, wrong)
        for point in expected:
            for value in point:
                assert f"{value:.4g}" not in message


# ---- Exercise 3: 3x - 4y = 10 from (2, 3) (transfer) -------------------------------------------------

def test_the_landing_point_by_hand():
    """e = 6 - 12 - 10 = -16, |a|^2 = 9 + 16 = 25: (2, 3) + 16/25 (3, -4) = (3.92, 0.44), on the line."""
    assert 3 * 3.92 - 4 * 0.44 == pytest.approx(10)


@pytest.mark.parametrize("answer", [(3.92, 0.44), [3.9204, 0.4396], np.array([3.92, 0.44]),
                                    np.array([[3.92], [0.44]]), (np.float64(3.92), 0.44)])
def test_landing_point_right_answers_pass(answer, capsys):
    assert outcome(checks.check_landing_point, answer)[0] == "passed"
    assert "raises x but *lowers* y" in capsys.readouterr().out


@pytest.mark.parametrize("answer, phrase", [
    ((3.92, 5.56), "you raised y because the error is negative, as the article's rule would"),
    ((0.08, 5.56), "wrong direction"),
    ((5.84, -2.12), "that is η = 2/‖a‖²"),
    ((11.6, -9.8), "you used 1/‖a‖"),
    ((50.0, -61.0), "not the square of the sum"),
    ((2 - 48 / 7, 3 + 64 / 7), "a square is never negative"),
    ((2 + 48 / NORM2, 3 - 64 / NORM2), "the lesson's rate 1/110480"),
    ((1.92, -2.56), "add it to the start"),
    ((3.922, 0.44), "close, but not to 3 decimals"),      # the landing point, not computed precisely enough
    ((3.9, 0.4), "close, but not to 3 decimals"),
    ((2.0, -1.0), "your point solves 3x − 4y = 10, but it is not where one step lands"),
    ((6.0, 2.0), "your point solves 3x − 4y = 10, but it is not where one step lands"),
    ((3.457, 2.863), "not 0"),          # the lesson's landing point for its own puzzle
    ((5.0, 1.0), "not 0"),
])
def test_landing_point_mistakes_are_named(answer, phrase):
    message = raises_wrong(checks.check_landing_point, answer)
    assert phrase in message
    assert "3.92" not in message and "0.44" not in message


@pytest.mark.parametrize("value, words", [
    ("3.92, 0.44", "text"), (("3.92", "0.44"), "text"), (["3.92", 0.44], "text"), (np.array(["3.92", "0.44"]), "text"),
    (3.92, "has 1"), ((3.92, 0.44, 0.0), "has 3"), ({"x": 3.92}, "dictionary"),
    ((np.nan, 0.44), "finite"),
])
def test_landing_point_must_be_two_numbers(value, words):
    assert words in raises_wrong(checks.check_landing_point, value)


def test_landing_point_not_done_yet():
    assert outcome(checks.check_landing_point, ...)[0] == "NotDoneYet"
    assert outcome(checks.check_landing_point, None)[0] == "NotDoneYet"


# ---- no answer in a docstring; the checks load afresh --------------------------------------------------

def test_no_docstring_gives_an_answer_away():
    docs = inspect.getdoc(checks) or ""
    docs += "\n".join(inspect.getdoc(obj) or "" for obj in vars(checks).values()
                      if callable(obj) and getattr(obj, "__module__", "") == checks.__name__)
    assert not re.search(r"(?<![\d.])22(?![\d.])", docs)
    for secret in ("3.92", "0.44", "1/25"):
        assert secret not in docs
    assert not gives_the_step_away(docs)          # in any spelling: − or -, · or *
    help_text = inspect.getdoc(fresh_checks("01").check_correction_step)
    assert "any linear equation" in help_text and not gives_the_step_away(help_text)


@pytest.mark.parametrize("patch", [
    lambda monkeypatch: monkeypatch.setattr(np, "allclose", lambda *args, **kwargs: True),
    lambda monkeypatch: monkeypatch.setattr("builtins.abs", lambda value: 0),
    lambda monkeypatch: monkeypatch.setattr("importlib.reload", lambda module: module),
])
def test_a_cell_that_replaces_what_the_checks_rely_on_fails_every_check(monkeypatch, patch):
    """np.allclose = lambda *a, **k: True in an answer cell would otherwise pass (0, 0) in Exercise 3."""
    patch(monkeypatch)
    for check, wrong in ((checks.check_predicted_evaluations, 99), (checks.check_landing_point, (0.0, 0.0)),
                         (checks.check_correction_step, lambda p, a, t, r: p)):
        assert "a cell replaced" in raises_wrong(check, wrong)


def test_patching_the_checks_or_the_framework_in_an_answer_cell_does_not_pass_a_wrong_answer():
    import lessons_lib.exercises.framework as framework
    import lessons_lib.exercises.lesson01 as lesson_module

    originals = (lesson_module.check_predicted_evaluations, lesson_module.check_correction_step,
                 lesson_module.check_landing_point, framework.is_close, framework.named_mistake,
                 framework.number_answer)
    try:  # what an answer cell could do
        lesson_module.check_predicted_evaluations = lambda value: "ok"
        lesson_module.check_correction_step = lambda function, **options: "ok"
        lesson_module.check_landing_point = lambda value: "ok"
        framework.is_close = lambda *args, **kwargs: True
        framework.named_mistake = lambda *args, **kwargs: None
        framework.number_answer = lambda value, what, whole=False: 22
        fresh = fresh_checks("01")
        assert outcome(fresh.check_predicted_evaluations, 99)[0] == "WrongAnswer"
        assert outcome(fresh.check_correction_step, absolute_error)[0] == "WrongAnswer"
        assert outcome(fresh.check_landing_point, (1.0, 1.0))[0] == "WrongAnswer"
    finally:
        (lesson_module.check_predicted_evaluations, lesson_module.check_correction_step,
         lesson_module.check_landing_point, framework.is_close, framework.named_mistake,
         framework.number_answer) = originals
        fresh_checks("01")


def test_the_lesson_declares_its_three_exercises():
    assert checks.LESSON == "01"
    assert [kind.split(":")[0] for kind in checks.EXERCISES.values()] == ["predict", "implement", "transfer"]
