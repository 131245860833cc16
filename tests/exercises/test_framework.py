"""The check framework every lesson's checks stand on (lessons_lib/exercises/framework.py)."""
from __future__ import annotations

import functools

import numpy as np
import pytest

import lessons_lib as ll
from lessons_lib.exercises import framework as fw
from lessons_lib.exercises import progress
from lessons_lib import mse as mse_imported_by_name


def mse_via_a_global_name(y, y_hat):
    """A learner's cell that did `from lessons_lib import mse` at the top of the notebook."""
    return mse_imported_by_name(y, y_hat)


@pytest.mark.parametrize("placeholder", [None, ...])
def test_a_placeholder_is_not_done_yet(placeholder):
    with pytest.raises(fw.NotDoneYet, match="set `answer`"):
        fw.number_answer(placeholder, "answer")


@pytest.mark.parametrize("value, words", [
    ("558", "text"), (True, "True/False"), ([558], "list"), (np.array([1.0, 2.0]), "array of shape (2,)"),
    ({"a": 1}, "dictionary"), (print, "function"), (1 + 2j, "complex"),
])
def test_a_number_answer_refuses_what_is_not_one_number(value, words):
    with pytest.raises(fw.WrongAnswer, match="should be a number") as caught:
        fw.number_answer(value, "answer")
    assert words in str(caught.value)
    assert "558" not in str(caught.value)  # the learner's text is described, never echoed


@pytest.mark.parametrize("value, expected", [(3, 3.0), (np.float64(0.25), 0.25), (np.array(7.5), 7.5), (np.int64(2), 2.0)])
def test_a_number_answer_accepts_python_and_numpy_numbers(value, expected):
    assert fw.number_answer(value, "answer") == expected


def test_a_whole_number_answer_refuses_fractions_and_infinity():
    assert fw.number_answer(558.0, "k", whole=True) == 558
    with pytest.raises(fw.WrongAnswer, match="whole number"):
        fw.number_answer(557.5, "k", whole=True)
    with pytest.raises(fw.WrongAnswer, match="finite"):
        fw.number_answer(float("inf"), "k")


def test_numbers_answer_wants_the_right_count():
    assert fw.numbers_answer((1, 2.5), 2, "pair", "(w, b)").tolist() == [1.0, 2.5]
    assert fw.numbers_answer(np.array([[1.0], [2.0]]), 2, "pair", "(w, b)").shape == (2,)
    with pytest.raises(fw.WrongAnswer, match="two numbers"):
        fw.numbers_answer((1, 2, 3), 2, "pair", "(w, b)")
    with pytest.raises(fw.WrongAnswer, match="two numbers"):
        fw.numbers_answer("1, 2", 2, "pair", "(w, b)")


def test_choice_answer_ignores_case_and_refuses_other_letters():
    assert fw.choice_answer(" B ", "choice", ["a", "b", "c"]) == "b"
    with pytest.raises(fw.WrongAnswer, match='one of "a", "b", "c"'):
        fw.choice_answer("d", "choice", ["a", "b", "c"])
    with pytest.raises(fw.WrongAnswer, match="with the quotes"):
        fw.choice_answer(2, "choice", ["a", "b", "c"])


def test_call_learner_names_each_way_a_function_can_fail():
    def stub(x):
        raise NotImplementedError("Your turn")

    def crashes(x):
        return x["no such key"]

    def forgets_return(x):
        x + 1

    with pytest.raises(fw.NotDoneYet, match="replace the `raise NotImplementedError"):
        fw.call_learner(stub, 1, what="f")
    with pytest.raises(fw.WrongAnswer, match="stopped with TypeError"):
        fw.call_learner(crashes, 1, what="f")
    with pytest.raises(fw.WrongAnswer, match="returned None: did you forget the `return` line"):
        fw.call_learner(forgets_return, 1, what="f")
    with pytest.raises(fw.WrongAnswer, match="should be a function"):
        fw.call_learner(3.0, 1, what="f")
    with pytest.raises(fw.NotDoneYet):
        fw.call_learner(..., 1, what="f")
    assert fw.call_learner(lambda x: x + 1, 1, what="f") == 2


def test_a_forbidden_shortcut_refuses_however_it_was_imported():
    from lessons_lib import mse as imported_by_name

    def via_module(y, y_hat):
        return ll.mse(y, y_hat)

    def via_name(y, y_hat):
        return imported_by_name(y, y_hat)

    def via_submodule(y, y_hat):
        return ll.losses.mse(y, y_hat)

    def swallowing(y, y_hat):
        try:
            return ll.mse(y, y_hat)
        except Exception:
            return 0.0

    for function in (via_module, via_name, via_submodule, swallowing, mse_via_a_global_name):
        with pytest.raises(fw.WrongAnswer, match=r"(calls|uses) ll\.mse, which this exercise asks you to do without"):
            fw.call_learner(function, [1.0], [2.0], what="my_mse", forbidden=["mse"])
    assert mse_imported_by_name is ll.mse
    for itself in (ll.mse, functools.partial(ll.mse)):
        with pytest.raises(fw.WrongAnswer, match=r"uses ll\.mse, which this exercise asks you to do without"):
            fw.call_learner(itself, [1.0], [2.0], what="my_mse", forbidden=["mse"])
    # restored afterwards, everywhere
    assert ll.mse([1.0], [3.0]) == 4.0 and ll.losses.mse is ll.mse
    # a function that needs no shortcut is untouched
    assert fw.call_learner(lambda y, y_hat: float(np.mean((np.ravel(y_hat) - np.ravel(y)) ** 2)), [1.0], [3.0],
                           what="my_mse", forbidden=["mse"]) == 4.0


def test_a_failed_check_renders_as_its_message_alone():
    error = fw.WrongAnswer("wrong sign: step against the gradient")
    lines = error._render_traceback_()
    assert len(lines) == 1 and "wrong sign" in lines[0]
    assert not any("lessons_lib" in line or "Traceback" in line for line in lines)
    assert isinstance(error, AssertionError)  # nbgrader scores a raising check cell 0
    assert "Not done yet" in fw.NotDoneYet("set x")._render_traceback_()[0]


def test_the_exercise_decorator_prints_the_tick_returns_none_and_records_progress(capsys):
    progress.forget("99")

    @fw.exercise("99", 1)
    def check_thing(value):
        if value is None:
            raise fw.NotDoneYet("set it")
        if value != 2:
            raise fw.not_yet("count again")
        return "Right: two."

    assert check_thing(2) is None
    assert capsys.readouterr().out == "✔ Right: two.\n"
    assert progress._results[("99", 1)] is True
    with pytest.raises(fw.WrongAnswer, match="not yet: count again"):
        check_thing(3)
    assert progress._results[("99", 1)] is False
    with pytest.raises(fw.NotDoneYet):
        check_thing(None)
    assert ("99", 1) not in progress._results
    progress.forget("99")


def test_fresh_data_changes_from_call_to_call_and_comes_in_every_shape():
    first = fw.shapes_of_data(fw.fresh_rng())
    second = fw.shapes_of_data(fw.fresh_rng())
    shapes = [x.shape for _, x, _ in first]
    assert any(len(s) == 1 and s[0] > 1 for s in shapes) and any(len(s) == 2 for s in shapes)
    assert (1,) in shapes and max(s[0] for s in shapes) >= 40
    assert not all(np.array_equal(a[1], b[1]) for a, b in zip(first, second))
    for _, x, y in first:
        assert x.shape == y.shape and np.all(x != np.round(x))  # no whole numbers a guess could hit


def test_named_mistake_finds_the_first_matching_value():
    mistakes = [(5.0, "forgot the 1/n"), (-2.5, "wrong sign")]
    assert fw.named_mistake(-2.5, mistakes) == "wrong sign"
    assert fw.named_mistake(1.0, mistakes) is None


@pytest.mark.parametrize("module, name, fake", [
    (np, "allclose", lambda *a, **k: True),
    (__import__("builtins"), "abs", lambda x: 0),
    (__import__("importlib"), "reload", lambda module: module),
])
def test_a_cell_that_replaces_what_the_checks_rely_on_fails_every_check(module, name, fake):
    @fw.exercise("99", 1)
    def check_anything(value):
        return "Right."

    original = getattr(module, name)
    setattr(module, name, fake)
    try:
        with pytest.raises(fw.WrongAnswer, match=f"replaced {module.__name__}.{name}"):
            check_anything(1)
        if name == "reload":
            from lessons_lib.exercises import fresh_checks
            with pytest.raises(fw.WrongAnswer, match="replaced importlib.reload"):
                fresh_checks("01")
    finally:
        setattr(module, name, original)
        progress.forget("99")
    check_anything(1)  # and all is well once the original is back


# ---- grading in a fresh process ----------------------------------------------------------------

def right_mse(y, y_hat):
    return float(np.mean((np.ravel(y_hat) - np.ravel(y)) ** 2))


def right_mae(y, y_hat):
    return float(np.mean(np.abs(errors_of(y, y_hat))))


def errors_of(y, y_hat):
    """A notebook helper the learner's function calls: it must travel along."""
    return np.ravel(y_hat) - np.ravel(y)


def wrong_mse(y, y_hat):
    return float(np.mean(np.ravel(y_hat) - np.ravel(y)) ** 2)  # squares the mean error


def test_a_fresh_process_grades_the_learners_functions_from_their_source(capsys):
    fw.in_fresh_process("02", "check_loss_functions", right_mse, right_mae, hidden=True)
    assert capsys.readouterr().out.startswith("✔")
    with pytest.raises(fw.WrongAnswer):
        fw.in_fresh_process("02", "check_loss_functions", wrong_mse, right_mae, hidden=True)


def test_what_a_cell_did_to_this_kernel_does_not_reach_the_grading_process(monkeypatch, capsys):
    from lessons_lib.exercises import fresh_checks
    import lessons_lib.exercises as exercises

    class Fake:
        def __getattr__(self, name):
            return lambda *args, **kwargs: print("✔ fake")

    monkeypatch.setattr(exercises, "fresh_checks", lambda lesson: Fake())
    exercises.fresh_checks("02").check_loss_functions(wrong_mse, right_mae)  # fooled in this kernel ...
    with pytest.raises(fw.WrongAnswer):  # ... but not in a fresh process
        fw.in_fresh_process("02", "check_loss_functions", wrong_mse, right_mae, hidden=True)
    assert fresh_checks is not exercises.fresh_checks


def test_the_grading_script_carries_helpers_modules_and_constants():
    script = fw.grading_script("02", "check_loss_functions", [right_mse, right_mae], {"hidden": True})
    assert "def errors_of(" in script and "def right_mae(" in script and "import numpy as np" in script
    assert script.index("import lessons_lib") < script.index("def right_mse(")
    assert "check_loss_functions(right_mse, right_mae, hidden=True)" in script


def test_a_learners_function_that_replaces_what_the_checks_rely_on_fails_and_is_undone():
    def cheating_mse(y, y_hat):
        np.allclose = lambda *a, **k: True
        return 0.0

    original = np.allclose
    try:
        with pytest.raises(fw.WrongAnswer, match="replaces numpy.allclose"):
            fw.call_learner(cheating_mse, [1.0], [2.0], what="mse")
        assert np.allclose is original  # put back
    finally:
        np.allclose = original
