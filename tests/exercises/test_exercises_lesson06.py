"""Lesson 06's checks (lessons_lib/exercises/lesson06.py): right answers pass, however they are
written; copied cells, junk, shortcuts and lookup tables fail; every named mistake is named; no
failing message shows the expected value; patching the checks from an answer cell changes nothing."""
from __future__ import annotations

import numpy as np
import pytest

import lessons_lib as ll
from check_outcomes import raises_not_done, raises_wrong
from lessons_lib.data import make_house_data
from lessons_lib.exercises import fresh_checks, in_fresh_process
from lessons_lib.exercises import lesson06 as checks


# ---- Exercise 1 · Predict: the area in cm² --------------------------------------------------------

def test_the_units_facts_hold_on_the_lesson_data():
    # independent of the check: the raw limit shrinks 10^8 times, the standardised kappa stays
    X, _ = make_house_data()
    X_cm = X * [10_000.0, 1.0]
    assert ll.stability_limit(X_cm) / ll.stability_limit(X) == pytest.approx(1e-8, rel=0.01)
    standardise = lambda v: (v - v.mean(axis=0)) / v.std(axis=0)  # noqa: E731
    assert ll.condition_number(standardise(X_cm)) == pytest.approx(ll.condition_number(standardise(X)), rel=1e-9)


def test_the_checks_own_copy_of_the_houses_is_the_lessons():
    np.testing.assert_array_equal(checks._house_inputs(), make_house_data()[0])


@pytest.mark.parametrize("answer", ["b", " B ", "(b)"])
def test_units_right_choice_passes_written_any_way(answer, capsys):
    checks.check_units_prediction(answer)
    assert "Right" in capsys.readouterr().out


@pytest.mark.parametrize("answer, phrase", [
    ("a", "What does × 10⁴ on the area do to area²?"),
    ("c", "multiplied by 10⁴"),
    ("d", "Are units only labels"),
])
def test_units_each_wrong_choice_is_explained_without_giving_the_answer(answer, phrase):
    message = raises_wrong(checks.check_units_prediction, answer)
    assert phrase in message
    assert "(b)" not in message and '"b"' not in message and "10⁸" not in message
    # no message grades one half of its option: two wrong tries must not add up to the right one
    assert "right" not in message.lower() and "check both halves" in message
    assert "limit" in message and "z = (x − x̄)/s" in message


@pytest.mark.parametrize("junk", [1e-8, "e", True, ["b"]])
def test_units_refuses_numbers_and_other_letters(junk):
    assert "should be one of" in raises_wrong(checks.check_units_prediction, junk)


@pytest.mark.parametrize("placeholder", [None, ...])
def test_units_not_done_yet(placeholder):
    raises_not_done(checks.check_units_prediction, placeholder)


def test_units_docstring_does_not_say_which_option_is_right():
    doc = checks.check_units_prediction.__doc__
    assert "right" not in doc.lower() and "answer" not in doc.lower()


# ---- Exercise 2 · Implement: train_standardised ----------------------------------------------------

def solution(X, y, lr, epochs):
    X = np.asarray(X, dtype=float).reshape(len(y), -1)
    mean, std = X.mean(axis=0), X.std(axis=0)
    A = np.column_stack([(X - mean) / std, np.ones(len(y))])
    theta = np.zeros(A.shape[1])
    for _ in range(epochs):
        theta = theta - lr * A.T @ (A @ theta - y) / len(y)
    return theta[:-1] / std, theta[-1] - np.sum(theta[:-1] * mean / std)


def another_way(X, y, lr, epochs):
    """Standardises column by column, sums each example's pull in a loop, and converts the bias
    through the prediction at the means: right, written differently; returns a list."""
    X = np.array(X, dtype=float)
    if X.ndim == 1:
        X = X[:, None]
    n, d = X.shape
    means = [sum(X[:, j]) / n for j in range(d)]
    spreads = [np.sqrt(sum((X[:, j] - means[j]) ** 2) / n) for j in range(d)]
    Z = np.empty_like(X)
    for j in range(d):
        Z[:, j] = (X[:, j] - means[j]) / spreads[j]
    w, b = np.zeros(d), 0.0
    for _ in range(epochs):
        grad_w, grad_b = np.zeros(d), 0.0
        for i in range(n):
            error = Z[i] @ w + b - y[i]
            grad_w += error * Z[i] / n
            grad_b += error / n
        w, b = w - lr * grad_w, b - lr * grad_b
    w_raw = w / np.array(spreads)
    return [w_raw, float(b - w_raw @ np.array(means))]


def slipped(slip):
    """A train_standardised with one slip, each written out here (not taken from the check)."""
    def train(X, y, lr, epochs):
        X = np.asarray(X, dtype=float).reshape(len(y), -1)
        n, d = X.shape
        mean = np.full(d, X.mean()) if slip == "global" else X.mean(axis=0)
        std = np.full(d, X.std()) if slip == "global" else X.std(axis=0, ddof=1 if slip == "ddof" else 0)
        if slip == "not_centred":
            Z = X / std
        elif slip == "not_scaled":
            Z, std = X - mean, np.ones(d)
        else:
            Z = (X - mean) / std
        A = np.column_stack([Z, np.ones(n)])
        if slip == "y_standardised":  # common practice, but not this exercise: y too, then back to y's units
            w_s, b_s = solution(X, (y - y.mean()) / y.std(), lr, epochs)
            return w_s * y.std(), b_s * y.std() + y.mean()
        if slip == "lstsq":
            theta = np.linalg.lstsq(A, y, rcond=None)[0]
        else:
            theta = np.zeros(d + 1)
            for _ in range(epochs + {"minus": -1, "plus": 1}.get(slip, 0)):
                g = A.T @ (A @ theta - y) * ({"no_mean": 1.0, "double": 2.0 / n}.get(slip, 1.0 / n))
                if slip == "no_bias":
                    g[-1] = 0.0
                theta = theta + lr * g if slip == "sign" else theta - lr * g
        wz, bz = theta[:-1], theta[-1]
        return {
            "not_converted": (wz, bz),
            "not_centred": (wz / std, bz),
            "b_unchanged": (wz / std, bz),
            "shift_sign": (wz / std, bz + np.sum(wz * mean / std)),
            "shift_without_std": (wz / std, bz - np.sum(wz * mean)),
            "multiplied": (wz * std, bz - np.sum(wz * std * mean)),
        }.get(slip, (wz / std, bz - np.sum(wz * mean / std)))
    return train


def one_step_too_many(X, y, lr, epochs):
    return solution(X, y, lr, epochs + 1)


@pytest.mark.parametrize("answer", [solution, another_way])
def test_train_right_answers_pass_public_and_hidden(answer, capsys):
    checks.check_train_standardised(answer)
    checks.check_train_standardised(answer, hidden=True)
    out = capsys.readouterr().out
    assert "Right" in out and "Hidden tests passed" in out


def test_train_hidden_test_grades_in_a_fresh_process(capsys):
    in_fresh_process("06", "check_train_standardised", solution, hidden=True)
    assert "Hidden tests passed" in capsys.readouterr().out
    with pytest.raises(AssertionError, match="one step too many"):
        in_fresh_process("06", "check_train_standardised", one_step_too_many, hidden=True)


def test_the_solution_reproduces_the_lessons_fit_and_the_package_run():
    # independent of the check: 100 steps at rate 1 reach the least-squares fit; a few steps match the package
    X, y = make_house_data()
    w, b = solution(X, y, 1.0, 100)
    w_best, b_best = ll.least_squares_solution(X, y)
    np.testing.assert_allclose([*w, b], [*w_best, b_best], rtol=1e-9)
    Z = (X - X.mean(axis=0)) / X.std(axis=0)
    run = ll.gradient_descent(Z, y, np.zeros(2), 0.0, 0.5, 6)
    w6, b6 = solution(X, y, 0.5, 6)
    np.testing.assert_allclose(w6 * X.std(axis=0), run.final_w, rtol=1e-12)
    assert b6 + w6 @ X.mean(axis=0) == pytest.approx(run.final_b, rel=1e-12)


@pytest.mark.parametrize("slip, phrase", [
    ("not_converted", "Convert them back to raw units"),
    ("b_unchanged", "the bias is not"),
    ("shift_sign", "shifted the wrong way"),
    ("shift_without_std", "the division by s_j is missing"),
    ("multiplied", "multiplied by the standard deviations"),
    ("ddof", "sample standard deviation"),
    ("global", "one mean and one standard deviation for the whole table"),
    ("not_centred", "did not subtract its mean"),
    ("not_scaled", "did not divide it by its standard deviation"),
    ("no_mean", "forgot the 1/n"),
    ("double", "a factor 2 too many"),
    ("sign", "wrong sign"),
    ("minus", "one step too few"),
    ("plus", "one step too many"),
    ("no_bias", "the bias must be trained too"),
    ("y_standardised", "did you standardise (or centre) y too?"),
    ("lstsq", "that is the best fit"),
])
def test_train_every_slip_is_named_on_every_draw(slip, phrase):
    for _ in range(3):  # fresh data on every call
        assert phrase in raises_wrong(checks.check_train_standardised, slipped(slip))


def test_train_shortcuts_fail():
    def lesson_cell(X, y, lr, epochs):  # section 5's cell inside a function
        X = np.asarray(X, dtype=float).reshape(len(y), -1)
        mean, std = X.mean(axis=0), X.std(axis=0)
        run = ll.gradient_descent((X - mean) / std, y, np.zeros(X.shape[1]), 0.0, lr, epochs)
        return run.final_w / std, run.final_b - np.sum(run.final_w * mean / std)

    def best_fit(X, y, lr, epochs):
        return ll.least_squares_solution(X, y)

    def fast_path(X, y, lr, epochs):  # the package's closed-form gradient descent, reached through its module
        from lessons_lib.descent import closed_form_trajectory
        X = np.asarray(X, dtype=float).reshape(len(y), -1)
        mean, std = X.mean(axis=0), X.std(axis=0)
        A = np.column_stack([(X - mean) / std, np.ones(len(y))])
        thetas, _, _ = closed_form_trajectory(A, y, np.zeros(A.shape[1]), np.array([lr]), np.array([0, epochs]),
                                              epochs, 1.0)
        w_z, b_z = thetas[0, -1, :-1], thetas[0, -1, -1]
        return w_z / std, b_z - np.sum(w_z * mean / std)

    def the_checks_own_answer(X, y, lr, epochs):
        import sys
        module = sys.modules["lessons_lib.exercises.lesson06"]
        return module._reference(np.asarray(X, dtype=float).reshape(len(y), -1), y, lr, epochs)

    assert "ll.gradient_descent" in raises_wrong(checks.check_train_standardised, lesson_cell)
    assert "ll.least_squares_solution" in raises_wrong(checks.check_train_standardised, best_fit)
    assert "ll.gradient_descent_loop" in raises_wrong(checks.check_train_standardised, ll.gradient_descent_loop)
    X, y = make_house_data()
    for shortcut in (fast_path, the_checks_own_answer):
        w, b = shortcut(X, y, 0.5, 6)                  # right outside the check: only the refusal fails it
        np.testing.assert_allclose([*w, b], [*solution(X, y, 0.5, 6)[0], solution(X, y, 0.5, 6)[1]], rtol=1e-9)
        message = raises_wrong(checks.check_train_standardised, shortcut)
        assert "every function of the course package" in message, message
        with pytest.raises(AssertionError, match="every function of the course package"):
            in_fresh_process("06", "check_train_standardised", shortcut, hidden=True)


@pytest.mark.parametrize("wrong, phrase", [
    (lambda X, y, lr, epochs: (np.array([2.354, 20.28]), 47.2), "not yet"),      # numbers copied from the lesson
    (lambda X, y, lr, epochs: "(w, b)", "should return a pair"),
    (lambda X, y, lr, epochs: 1.0, "should return a pair"),
    (lambda X, y, lr, epochs: (1.0, 2.0, 3.0), "should return a pair"),
    (lambda X, y, lr, epochs: ("1.0", 2.0), "w should be"),
    (lambda X, y, lr, epochs: (np.zeros(7), 0.0), "one weight per feature"),
    (lambda X, y, lr, epochs: (np.zeros(np.shape(X)[-1] if np.ndim(X) == 2 else 1), [1.0, 2.0]), "b should be one"),
    (lambda X, y, lr, epochs: (np.full(np.shape(X)[-1] if np.ndim(X) == 2 else 1, np.nan), 0.0), "NaN or infinity"),
    (lambda X, y, lr, epochs: None, "returned None"),
    (lambda X, y, lr, epochs: (1 / 0, 0.0), "ZeroDivisionError"),
])
def test_train_copies_and_junk_fail(wrong, phrase):
    assert phrase in raises_wrong(checks.check_train_standardised, wrong)


def test_train_a_lookup_table_fails():
    X, y = make_house_data()
    known = {X.tobytes(): solution(X, y, 0.5, 6)}

    def table(X, y, lr, epochs):  # knows only the lesson's houses
        return known.get(np.asarray(X).tobytes(), (np.zeros(np.shape(X)[-1] if np.ndim(X) == 2 else 1), 0.0))
    assert "not yet" in raises_wrong(checks.check_train_standardised, table)


def test_train_a_wrong_bias_alone_and_a_function_that_only_fits_two_features_are_told_apart():
    def bias_off(X, y, lr, epochs):
        w, b = solution(X, y, lr, epochs)
        return w, b + 1.0

    def two_features_only(X, y, lr, epochs):  # works on the first data set (two features), then not
        X = np.asarray(X, dtype=float)
        if X.ndim == 2 and X.shape[1] == 2:
            return solution(X, y, lr, epochs)
        return np.zeros(1 if X.ndim == 1 else X.shape[1]), 0.0

    assert "your weights are right, your bias is not" in raises_wrong(checks.check_train_standardised, bias_off)
    assert "right on the first data set" in raises_wrong(checks.check_train_standardised, two_features_only)


def test_train_flat_inputs_that_crash_are_reported():
    def no_reshape(X, y, lr, epochs):
        return solution(X, y, lr, epochs) if np.ndim(X) == 2 else (np.zeros(X.shape[1]), 0.0)
    assert "IndexError" in raises_wrong(checks.check_train_standardised, no_reshape)


def test_train_not_done_yet():
    def stub(X, y, lr, epochs):
        raise NotImplementedError("Your turn")
    for answer in (stub, None, ...):
        raises_not_done(checks.check_train_standardised, answer)


def test_train_messages_never_show_the_expected_pair(monkeypatch):
    monkeypatch.setattr(checks, "fresh_rng", lambda: np.random.default_rng(5))
    _, X, y, lr, epochs = checks._train_data(np.random.default_rng(5), hidden=False)[0]
    w, b = solution(X, y, lr, epochs)
    for answer in (slipped("sign"), slipped("not_converted"), slipped("plus"), lambda X, y, lr, epochs: (np.ones(2), 7.0)):
        message = raises_wrong(checks.check_train_standardised, answer)
        for value in [*w, b]:
            assert f"{abs(value):.4g}" not in message and f"{abs(value):.3g}" not in message


# ---- Exercise 3 · Transfer: three correlated features ---------------------------------------------

def steps_for(R):
    H = np.eye(len(R) + 1)
    H[:-1, :-1] = R
    lam = np.linalg.eigvalsh(H)
    kappa = lam.max() / lam.min()
    return np.log(1000) / np.log((kappa + 1) / (kappa - 1))


R_FLATS = np.array([[1.0, 0.8, 0.3], [0.8, 1.0, 0.25], [0.3, 0.25, 1.0]])
RIGHT = steps_for(R_FLATS)


def test_the_flats_answer_matches_a_simulated_data_set():
    # independent of the check: draw 200 000 standardised flats with these correlations and ask the package
    rng = np.random.default_rng(0)
    X = rng.multivariate_normal(np.zeros(3), R_FLATS, size=200_000)
    Z = (X - X.mean(axis=0)) / X.std(axis=0)
    kappa = ll.condition_number(Z)
    assert np.log(1000) / np.log((kappa + 1) / (kappa - 1)) == pytest.approx(RIGHT, rel=0.02)


@pytest.mark.parametrize("answer", [RIGHT, float(np.ceil(RIGHT)), int(round(RIGHT)), np.float64(RIGHT), RIGHT * 1.015])
def test_flats_right_answers_pass_within_the_stated_tolerance(answer, capsys):
    checks.check_steps_flats(answer)
    assert "Right" in capsys.readouterr().out


def test_flats_mistakes_are_named():
    lam = np.linalg.eigvalsh(np.pad(R_FLATS, ((0, 1), (0, 1))) + np.diag([0, 0, 0, 1.0]))
    kappa = lam.max() / lam.min()
    cases = [
        (steps_for(np.array([[1.0, 0.8], [0.8, 1.0]])), "only the strongest pair"),
        (kappa, "the condition number κ itself"),
        (np.log(1000) / -np.log(1 - 1 / kappa), "η = 1/λmax"),
        (RIGHT / 2, "loss above its minimum has shrunk"),
        (np.log(1000) / np.log(kappa), "not 1/κ"),
        ((kappa - 1) / (kappa + 1), "that is the factor per step"),
        (lam.max(), "that is λmax"),
        (lam.min(), "that is λmin"),
        (20, "the houses' count"),               # section 4's 20.4 steps
        (20.4, "the houses' count"),
        (5.95, "the houses' κ"),
        (3, "section 3's count for the centred line"),   # section 3's 3.1 steps
        (3.1, "section 3's count for the centred line"),
        (1.0, "does not make the bowl round"),
        (0.0, "does not make the bowl round"),
        (RIGHT * 1.2, "build H for the standardised data"),
    ]
    for value, phrase in cases:
        assert phrase in raises_wrong(checks.check_steps_flats, value), value


@pytest.mark.parametrize("junk, phrase", [(f"{RIGHT:.1f}", "should be a number"), (True, "should be a number"),
                                          ([RIGHT], "should be a number"), (float("nan"), "finite")])
def test_flats_refuses_text_and_other_kinds(junk, phrase):
    assert phrase in raises_wrong(checks.check_steps_flats, junk)


def test_flats_the_lessons_numbers_fail():
    for printed in (20.4, 5.95, 192.6, 3.1, 0.712):  # steps and kappa printed in sections 3 and 4
        raises_wrong(checks.check_steps_flats, printed)


@pytest.mark.parametrize("placeholder", [None, ...])
def test_flats_not_done_yet(placeholder):
    raises_not_done(checks.check_steps_flats, placeholder)


def test_no_failing_message_or_docstring_shows_the_expected_values():
    for wrong in (1.0, 50.0, 30.96, RIGHT / 2):
        message = raises_wrong(checks.check_steps_flats, wrong)
        assert f"{RIGHT:.1f}" not in message and f"{RIGHT:.0f}" not in message
    for check in (checks.check_units_prediction, checks.check_train_standardised, checks.check_steps_flats):
        assert f"{RIGHT:.1f}" not in check.__doc__ and "34" not in check.__doc__
    assert "34" not in checks.__doc__


# ---- patching the checks from an answer cell changes nothing -------------------------------------------

def test_an_answer_cell_cannot_patch_the_checks():
    import lessons_lib.exercises.framework as framework

    saved = {module: dict(vars(module)) for module in (framework, checks)}
    try:
        checks.check_units_prediction = lambda value: print("ok")        # what an answer cell could do
        checks.check_train_standardised = lambda function: print("ok")
        checks.check_steps_flats = lambda value: print("ok")
        framework.choice_answer = lambda value, what, options: "b"
        framework.is_close = lambda *args, **kwargs: True
        fresh = fresh_checks("06")
        raises_wrong(fresh.check_units_prediction, "a")
        raises_wrong(fresh.check_train_standardised, slipped("sign"))
        raises_wrong(fresh.check_steps_flats, 7.0)
    finally:
        for module, contents in saved.items():
            vars(module).clear()
            vars(module).update(contents)


def test_the_exercises_are_labelled_by_kind():
    assert checks.LESSON == "06"
    assert [label.split(":")[0] for label in checks.EXERCISES.values()] == ["predict", "implement", "transfer"]
