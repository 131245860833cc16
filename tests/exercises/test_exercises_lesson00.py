"""The start page's practice checks, as a learner meets them: right answers pass however they are
written, every recognised mistake is named, copied or faked answers fail, and no failing message
gives the expected value away."""
from __future__ import annotations

import inspect
import re

import numpy as np
import pytest

import lessons_lib as ll
from check_outcomes import raises_wrong
from lessons_lib.exercises import fresh_checks
from lessons_lib.exercises import framework as fw
from lessons_lib.exercises import lesson00 as checks
from lessons_lib.figures import lesson00 as figures


@pytest.fixture
def seeded(monkeypatch):
    """Make the checks' fresh data reproducible for one test, so a test can know it."""
    monkeypatch.setattr(checks, "fresh_rng", lambda: np.random.default_rng(20240301))


# ---- Exercise 1: a ten times smaller learning rate (predict) -----------------------------------------

@pytest.fixture(scope="module")
def page_runs():
    data = ll.make_two_point_data()
    article = ll.gradient_descent(data.x, data.y, data.w0, data.b0, lr=0.1, epochs=1001)
    small = ll.gradient_descent(data.x, data.y, data.w0, data.b0, lr=0.01, epochs=12_000)
    return article, small


def test_the_checks_runs_are_the_pages_runs(page_runs):
    """The check's own loop reproduces ll.gradient_descent, and its count is the one the prepared cell finds."""
    article, small = page_runs
    losses, w, b = checks._run(0.1, 1001)
    np.testing.assert_allclose(losses, article.loss, rtol=1e-10)
    assert (w, b) == (pytest.approx(article.final_w, rel=1e-12), pytest.approx(article.final_b, rel=1e-12))
    target = article.loss[1001]
    needed = checks._epochs_to_reach(0.01, target)
    assert needed == figures.first_epoch_at_or_below(small, target) == 10036
    # far from a round-off coin flip: the loss one epoch earlier is clearly above the target, the loss then below
    assert small.loss[needed - 1] > target * (1 + 1e-4) and small.loss[needed] < target * (1 - 1e-4)


def test_the_prompts_claims_are_true(page_runs):
    """The prompt: section 2's run reaches 6.466e-07 after 1001 epochs (and not before); the slider stops
    at 300 epochs, far short of the answer, so it cannot show it."""
    article, _ = page_runs
    assert f"{article.loss[1001]:.4g}" == "6.466e-07"
    assert figures.first_epoch_at_or_below(article, article.loss[1001]) == 1001
    assert figures.MAX_EPOCHS == 300 < checks._epochs_to_reach(0.01, article.loss[1001])


def test_the_right_answer_explains_why(page_runs):
    """The explanation holds: the eta = 0.01 run passes nearly through the same w and b, ten epochs for each
    of the other's (within 0.01)."""
    article, small = page_runs
    k = np.arange(0, 1002)
    assert np.max(np.abs(small.w[10 * k] - article.w[k])) < 0.01
    assert np.max(np.abs(small.b[10 * k] - article.b[k])) < 0.01


@pytest.mark.parametrize("answer", ["b", "B", " b ", "(b)"])
def test_the_right_prediction_passes(answer, capsys):
    checks.check_ten_times_smaller(answer)
    out = capsys.readouterr().out
    assert out.startswith("✔ Right") and "after 10036 epochs, 10.0 times the 1001 epochs" in out


@pytest.mark.parametrize("answer, phrase", [
    ("a", "its correction is ten times smaller, so it covers a tenth of the way"),
    ("c", "takes ten short corrections for each long one"),
    ("d", "A small η does not stop a run"),
])
def test_each_wrong_prediction_is_explained_with_what_happened(answer, phrase):
    message = raises_wrong(checks.check_ten_times_smaller, answer)
    assert message.startswith("not yet: at η = 0.01 the loss first reached the article's final 6.466e-07 after "
                              "10036 epochs")
    assert phrase in message


@pytest.mark.parametrize("value, words", [("e", 'one of "a", "b", "c", "d"'), (10000, "with the quotes"),
                                          (10036, "with the quotes"), (True, "with the quotes"),
                                          (["b"], "with the quotes")])
def test_a_prediction_that_is_not_a_letter_gets_a_plain_message(value, words):
    assert words in raises_wrong(checks.check_ten_times_smaller, value)


@pytest.mark.parametrize("placeholder", [None, ...])
def test_no_prediction_is_not_done_yet(placeholder):
    with pytest.raises(fw.NotDoneYet):
        checks.check_ten_times_smaller(placeholder)


def test_the_prepared_cell_refuses_to_run_before_a_prediction():
    from lessons_lib.exercises import require_prediction

    with pytest.raises(fw.NotDoneYet, match="first write your prediction in `prediction`"):
        require_prediction(..., "prediction")


def test_the_options_are_read_on_a_log_scale():
    assert [checks._nearest_option(k) for k in (900, 3000, 3200, 10036, 31000, 32000, None)] == \
        ["a", "a", "b", "b", "b", "c", "d"]


# ---- Exercise 2: the neuron as a function (implement) -----------------------------------------------

def the_neuron(x, w, b):
    return w * x + b


def neuron_with_a_loop(x, w, b):
    out = np.empty_like(np.asarray(x, dtype=float))
    for i, value in np.ndenumerate(x):
        out[i] = b + value * w
    return out


@pytest.mark.parametrize("answer", [
    the_neuron,
    neuron_with_a_loop,
    lambda x, w, b: np.add(np.multiply(w, x), b),
    lambda x, w, b: np.polyval([w, b], x),
    lambda x, w, b: np.reshape([b + w * v for v in np.ravel(x)], np.shape(x)),  # a loop, put back in shape
    lambda x, w, b: (w * x + b).astype(np.float32),             # float32 arithmetic is close enough
])
def test_a_correct_neuron_passes_however_it_is_written(answer, capsys):
    checks.check_neuron(answer)
    assert capsys.readouterr().out.startswith("✔ Right")


@pytest.mark.parametrize("wrong, phrase", [
    (lambda x, w, b: w * x, "you forgot the bias b"),
    (lambda x, w, b: x + b, "you forgot the weight w"),
    (lambda x, w, b: b * x + w, "you swapped w and b"),
    (lambda x, w, b: w * (x + b), "your brackets multiply b by w too"),
    (lambda x, w, b: w * x - b, "wrong sign of b"),
    (lambda x, w, b: w * x**2 + b, "you squared the input"),
])
def test_each_named_mistake_is_recognised(wrong, phrase, seeded):
    message = raises_wrong(checks.check_neuron, wrong)
    assert "your neuron returned" in message and phrase in message


@pytest.mark.parametrize("flattened", [lambda x, w, b: np.ravel(w * x + b), lambda x, w, b: (w * x + b).reshape(-1)])
def test_a_flattened_column_is_named(flattened):
    """The prompt asks for the shape of x: a column returned flat is the mistake that later makes
    yhat - y an n x n table."""
    message = raises_wrong(checks.check_neuron, flattened)
    assert "you flattened the column x of shape" in message and "an n × n table" in message


@pytest.mark.parametrize("wrong, phrase", [
    (lambda x, w, b: (w * x + b).T, "x has shape"),                                 # a row for a column
    (lambda x, w, b: [float(w * v + b) for v in np.ravel(x)], "returned a list; return a numpy array"),  # a list
    (lambda x, w, b: (w * x + b).tolist(), "returned a list; return a numpy array"),  # a list in the right shape
])
def test_outputs_not_in_the_shape_of_x_or_not_an_array_fail(wrong, phrase):
    assert phrase in raises_wrong(checks.check_neuron, wrong)


@pytest.mark.parametrize("wrong, phrase", [
    (lambda x, w, b: float(np.mean(w * x + b)), "returned one number"),
    (lambda x, w, b: np.mean(w * x + b), "returned one number"),
    (lambda x, w, b: np.outer(np.ravel(x), [w, b]), "returned an array of shape"),
    (lambda x, w, b: None, "returned None: did you forget the `return` line"),
    (lambda x, w, b: 1 / 0, "stopped with ZeroDivisionError"),
    (lambda x, w, b: "w * x + b", "not numbers"),
    (2.0, "should be a function"),
])
def test_a_broken_or_junk_neuron_gets_a_plain_message(wrong, phrase):
    assert phrase in raises_wrong(checks.check_neuron, wrong)


def predict_through_a_global_name(x, w, b):
    return package_predict(x, w, b)


package_predict = ll.predict


@pytest.mark.parametrize("shortcut", [
    ll.predict,
    lambda x, w, b: ll.predict(x, w, b),
    lambda x, w, b: ll.neuron.predict(x, w, b),
    predict_through_a_global_name,
])
def test_the_forbidden_ll_predict_fails_however_it_is_reached(shortcut):
    assert "ll.predict" in raises_wrong(checks.check_neuron, shortcut)
    assert ll.predict(np.array([1.0, 2.0]), 2.0, 1.0).tolist() == [3.0, 5.0]  # and it works again afterwards


PAGE = ll.make_two_point_data()


def lookup_neuron(x, w, b):
    """Knows the page's two points at its random start and nothing else."""
    if np.shape(x) == (2, 1) and np.allclose(x, PAGE.x):
        return PAGE.w0 * PAGE.x + PAGE.b0
    return np.zeros_like(x)


@pytest.mark.parametrize("copied", [lookup_neuron, lambda x, w, b: PAGE.w0 * PAGE.x + PAGE.b0,
                                    lambda x, w, b: 2 * x + 1])  # the page's start, the page's goal line
def test_a_lookup_table_or_the_pages_lines_fail(copied):
    message = raises_wrong(checks.check_neuron, copied)
    assert "not yet" in message or "shape" in message


def test_the_learners_stub_is_not_done_yet():
    def stub(x, w, b):
        raise NotImplementedError("Your turn: replace this line with your answer")

    with pytest.raises(fw.NotDoneYet, match="replace the `raise NotImplementedError"):
        checks.check_neuron(stub)


@pytest.mark.parametrize("placeholder", [None, ...])
def test_no_neuron_is_not_done_yet(placeholder):
    with pytest.raises(fw.NotDoneYet):
        checks.check_neuron(placeholder)


def test_the_check_uses_every_shape_and_fresh_data():
    seen = []

    def spy(x, w, b):
        seen.append((np.shape(x), w, b))
        return w * x + b

    checks.check_neuron(spy)
    first = list(seen)
    checks.check_neuron(spy)
    shapes = [shape for shape, _, _ in first]
    assert any(len(s) == 1 and s[0] > 1 for s in shapes) and any(len(s) == 2 and s[1] == 1 for s in shapes)
    assert (1,) in shapes and max(s[0] for s in shapes) >= 40
    assert seen[len(first):] != first  # fresh inputs, weights and biases at every run


def test_a_failing_message_shows_the_learners_output_but_not_the_expected_one(seeded):
    message = raises_wrong(checks.check_neuron, lambda x, w, b: w * x + b + 0.5)
    _, x, w, b = checks._neuron_cases(np.random.default_rng(20240301))[0]
    assert fw.describe_numbers(w * x + b + 0.5) in message  # the learner's own output is shown ...
    assert fw.describe_numbers(w * x + b) not in message    # ... the expected one is not
    assert "not yet" in message


# ---- Exercise 3: corrections per epoch (transfer) ---------------------------------------------------

@pytest.mark.parametrize("answer", [18, 18.0, np.int64(18), np.array(18), 6 * 3])
def test_the_right_count_passes(answer, capsys):
    checks.check_corrections(answer)
    assert capsys.readouterr().out.startswith("✔ Right")


def test_the_count_is_what_minibatch_descent_does():
    """ll.stochastic_gradient_descent counts updates the way the prompt describes: ceil(n / b) per epoch."""
    x = np.linspace(0.0, 1.0, 10)
    run = ll.stochastic_gradient_descent(x, 2 * x + 1, 0.0, 0.0, lr=0.1, epochs=6, batch_size=4)
    assert run.updates == 18 and run.updates_per_epoch == 3


@pytest.mark.parametrize("wrong, phrase", [
    (6, "one correction per epoch"),
    (60, "one correction per point"),
    (15, "10 / 4 is not a whole number of groups"),
    (12, "you left out the points that do not fill a whole group"),
    (24, "4 is the size of a group, not the number of groups"),
    (3, "that is the corrections of one epoch"),
    (240, "multiplies everything given"),
])
def test_each_named_mistake_is_recognised_in_the_count(wrong, phrase):
    assert phrase in raises_wrong(checks.check_corrections, wrong)


def test_there_is_no_warmer_colder_message():
    messages = {raises_wrong(checks.check_corrections, wrong) for wrong in (16, 17, 19, 20, 36, 100)}
    assert len(messages) == 1 and "deal the 10 points out in order" in messages.pop()


@pytest.mark.parametrize("copied", [1001, 300, 150, 100, 2, 1])  # numbers the page prints or uses
def test_a_number_from_the_page_fails(copied):
    raises_wrong(checks.check_corrections, copied)


@pytest.mark.parametrize("junk, words", [("18", "text"), (True, "True/False"), (18.5, "whole number"),
                                         ([18], "whole number"), (float("nan"), "finite")])
def test_a_count_that_is_not_a_whole_number_gets_a_plain_message(junk, words):
    assert words in raises_wrong(checks.check_corrections, junk)


@pytest.mark.parametrize("placeholder", [None, ...])
def test_no_count_is_not_done_yet(placeholder):
    with pytest.raises(fw.NotDoneYet):
        checks.check_corrections(placeholder)


def test_no_failing_message_or_docstring_gives_the_count_away():
    wrong = [0, 1, 3, 6, 12, 15, 17, 19, 24, 60, 240]
    for value in wrong:
        assert not re.search(r"\b18\b", raises_wrong(checks.check_corrections, value))
    docs = "\n".join(inspect.getdoc(obj) or "" for obj in vars(checks).values()
                     if callable(obj) and getattr(obj, "__module__", "") == checks.__name__)
    docs += inspect.getdoc(checks) or ""
    assert not re.search(r"\b18\b", docs)
    assert 'prediction = "b"' not in inspect.getsource(checks)


# ---- every check loads afresh ----------------------------------------------------------------------

def test_patching_the_checks_or_the_framework_in_an_answer_cell_does_not_pass_a_wrong_answer():
    import lessons_lib.exercises.lesson00 as lesson_module

    originals = (lesson_module.check_ten_times_smaller, lesson_module.check_neuron, lesson_module.check_corrections,
                 fw.named_mistake, fw.choice_answer)
    try:  # what an answer cell could do
        lesson_module.check_ten_times_smaller = lambda *answers: "ok"
        lesson_module.check_neuron = lambda *answers: "ok"
        lesson_module.check_corrections = lambda *answers: "ok"
        fw.named_mistake = lambda *args, **kwargs: None
        fw.choice_answer = lambda value, what, options: "b"
        fresh = fresh_checks("00")
        with pytest.raises(fw.CheckFailed):
            fresh.check_ten_times_smaller("a")
        with pytest.raises(fw.CheckFailed):
            fresh.check_neuron(lambda x, w, b: w * x)
        with pytest.raises(fw.CheckFailed):
            fresh.check_corrections(17)
    finally:
        (lesson_module.check_ten_times_smaller, lesson_module.check_neuron, lesson_module.check_corrections,
         fw.named_mistake, fw.choice_answer) = originals
        fresh_checks("00")


def neuron_that_patches_numpy(x, w, b):
    """A wrong neuron that makes every comparison pass while it runs (the review's probe)."""
    import numpy

    numpy.allclose = lambda *args, **kwargs: True
    numpy.isclose = lambda *args, **kwargs: True
    return x


def test_a_neuron_that_patches_numpy_while_it_runs_fails_and_numpy_is_put_back():
    genuine = (np.allclose, np.isclose)
    message = raises_wrong(fresh_checks("00").check_neuron, neuron_that_patches_numpy)
    assert "numpy.allclose" in message and not message.startswith("✔")
    assert (np.allclose, np.isclose) == genuine


def test_a_neuron_that_patches_numpy_fails_in_a_fresh_process_too():
    from lessons_lib.exercises import in_fresh_process

    with pytest.raises(fw.WrongAnswer, match="numpy.allclose"):
        in_fresh_process("00", "check_neuron", neuron_that_patches_numpy)


def test_the_progress_line_reports_each_exercise():
    from lessons_lib.exercises import progress

    progress.forget("00")
    fresh = fresh_checks("00")
    fresh.check_ten_times_smaller("b")
    with pytest.raises(fw.WrongAnswer):
        fresh.check_corrections(6)
    assert progress.summary("00") == ("Lesson 00: 1 of 3 exercises done (✔ 1 predict: a ten times smaller rate, "
                                      "· 2 implement: neuron, ✘ 3 transfer: corrections per epoch).")
    progress.forget("00")


def test_the_page_declares_its_three_exercises():
    assert checks.LESSON == "00"
    assert [kind.split(":")[0] for kind in checks.EXERCISES.values()] == ["predict", "implement", "transfer"]


# ---- what the page says about its exercises and its code ------------------------------------------

def teacher_cell(cell_id: str) -> str:
    import json
    from pathlib import Path

    notebook = Path(__file__).resolve().parents[2] / "teacher" / "00_start_here.ipynb"
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    return "".join(next(cell["source"] for cell in cells if cell["id"] == cell_id))


def test_the_learners_stubs_do_not_hold_the_answers():
    """What the learner's edition keeps of the answer cells (everything outside the solution block)
    holds neither the neuron's formula nor a letter or count that answers an exercise."""
    for cell_id in ("l00-ex1-answer", "l00-ex2-answer", "l00-ex3-answer"):
        source = teacher_cell(cell_id)
        kept = re.sub(r"### BEGIN SOLUTION.*?### END SOLUTION", "", source, flags=re.DOTALL)
        assert "BEGIN SOLUTION" in source
        assert not re.search(r"w\s*\*\s*x|x\s*\*\s*w|\bwx\b|\b18\b|10[,_ ]?000|prediction\s*=\s*\"b\"", kept), cell_id


def test_the_pages_description_of_gradient_descent_loop_is_true():
    """Section 1: a function of about 55 lines around a loop of about ten lines."""
    from lessons_lib import descent

    lines, _ = inspect.getsourcelines(descent.gradient_descent_loop)
    assert 50 <= len(lines) <= 60
    start = next(i for i, line in enumerate(lines) if line.strip().startswith("for k in range"))
    indent = len(lines[start]) - len(lines[start].lstrip())
    body = [line for line in lines[start + 1:] if line.strip()]
    loop = 1 + next(i for i, line in enumerate(body) if len(line) - len(line.lstrip()) <= indent)
    assert 8 <= loop <= 12
    assert "about 55 lines" in teacher_cell("9ad19fd0") and "a loop of about ten lines" in teacher_cell("9ad19fd0")
