"""Lesson 03's checks (lessons_lib/exercises/lesson03.py): right answers pass, however they are
written; copied cells, junk, shortcuts and lookup tables fail; every named mistake is named; no
failing message shows the expected value; patching the checks from an answer cell changes nothing."""
from __future__ import annotations

import numpy as np
import pytest

import lessons_lib as ll
from check_outcomes import raises_not_done, raises_wrong
from lessons_lib.exercises import fresh_checks
from lessons_lib.exercises import lesson03 as checks

REPEAT = 4  # the checks draw fresh data on every call: run the mistakes several times


def lesson_data():
    data = ll.make_two_point_data(seed=42)
    return data.x.ravel(), data.y.ravel(), data.w0, data.b0


# ---- Exercise 1 · Predict ------------------------------------------------------------------------

def test_the_big_step_really_raises_the_loss():
    # independent of the check: the change of C = MSE/2 when w moves from w0 to w0 + 2
    x, y, w0, b0 = lesson_data()
    C = lambda w: np.mean((w * x + b0 - y) ** 2) / 2  # noqa: E731
    assert C(w0 + 2) - C(w0) == pytest.approx(0.3253, abs=5e-5)
    assert 2 * np.mean((w0 * x + b0 - y) * x) == pytest.approx(-0.7189, abs=5e-5)


@pytest.mark.parametrize("answer", ["d", " D ", "(d)"])
def test_big_step_right_choice_passes_written_any_way(answer, capsys):
    checks.check_big_step(answer)
    assert "Right" in capsys.readouterr().out


@pytest.mark.parametrize("answer, phrase", [
    ("a", "the h-term alone"),
    ("b", "compare their sizes"),
    ("c", "cancel"),
])
def test_big_step_each_wrong_choice_is_explained(answer, phrase):
    message = raises_wrong(checks.check_big_step, answer)
    assert phrase in message
    assert "(d)" not in message and '"d"' not in message and "rises" not in message  # the answer is not given away


@pytest.mark.parametrize("junk, phrase", [(0.3253, "should be one of"), (-0.72, "should be one of"),
                                          ("e", "should be one of"), (True, "should be one of")])
def test_big_step_refuses_numbers_and_other_letters(junk, phrase):
    assert phrase in raises_wrong(checks.check_big_step, junk)


@pytest.mark.parametrize("placeholder", [None, ...])
def test_big_step_not_done_yet(placeholder):
    raises_not_done(checks.check_big_step, placeholder)


def test_big_step_docstring_does_not_say_which_option_is_right():
    doc = checks.check_big_step.__doc__
    assert "0.3253" not in doc and "1.0441" not in doc and "right" not in doc.lower()


# ---- Exercise 2 · Implement: gradient_check --------------------------------------------------------

def relative_error(a, g):
    return np.linalg.norm(a - g) / max(np.linalg.norm(a), np.linalg.norm(g))


def central_estimate(loss_fn, params, h=1e-5):
    g = np.zeros(len(params))
    for j in range(len(params)):
        step = np.zeros(len(params))
        step[j] = h
        g[j] = (loss_fn(params + step) - loss_fn(params - step)) / (2 * h)
    return g


def solution(loss_fn, grad_fn, params):
    a = np.asarray(grad_fn(params), dtype=float)
    return relative_error(a, central_estimate(loss_fn, params))


def another_way(loss_fn, grad_fn, params):
    """Nudges a copy in place and restores it, builds the estimate with a list comprehension and
    writes the lengths with sqrt: a right answer written differently."""
    p = np.array(params, dtype=float)
    estimate = []
    for j in range(len(p)):
        p[j] += 1e-6
        up = loss_fn(p)
        p[j] -= 2e-6
        down = loss_fn(p)
        p[j] += 1e-6
        estimate.append((up - down) / 2e-6)
    a, g = np.array(grad_fn(params)), np.array(estimate)
    return float(np.sqrt(np.sum((a - g) ** 2)) / max(np.sqrt(a @ a), np.sqrt(g @ g)))


def slip(kind):
    """A gradient_check with one named slip."""
    def check(loss_fn, grad_fn, params):
        a = np.asarray(grad_fn(params), dtype=float)
        g = central_estimate(loss_fn, params)
        na, ng, nd = np.linalg.norm(a), np.linalg.norm(g), np.linalg.norm(a - g)
        return {
            "absolute": nd,
            "by g": nd / ng,
            "by a": nd / na,
            "by min": nd / min(na, ng),
            "by sum": nd / (na + ng),
            "squared": (nd / max(na, ng)) ** 2,
            "one sqrt": nd ** 2 / max(na, ng),
            "added": np.linalg.norm(a + g) / max(na, ng),
            "componentwise": np.max(np.abs(a - g) / np.maximum(np.abs(a), np.abs(g))),
            "l1": np.sum(np.abs(a - g)) / max(np.sum(np.abs(a)), np.sum(np.abs(g))),
        }[kind]
    return check


def no_2h(loss_fn, grad_fn, params):
    h = 1e-5
    g = np.array([(loss_fn(params + h * e) - loss_fn(params - h * e)) / h for e in np.eye(len(params))])
    return relative_error(np.asarray(grad_fn(params)), g)


def all_at_once(loss_fn, grad_fn, params):
    h = 1e-5
    slope = (loss_fn(params + h) - loss_fn(params - h)) / (2 * h)
    return relative_error(np.asarray(grad_fn(params)), np.full(len(params), slope))


def forward_large_h(loss_fn, grad_fn, params):
    h = 1e-3
    g = np.array([(loss_fn(params + h * e) - loss_fn(params)) / h for e in np.eye(len(params))])
    return relative_error(np.asarray(grad_fn(params)), g)


def mutates_params(loss_fn, grad_fn, params):
    h = 1e-5
    g = np.zeros(len(params))
    for j in range(len(params)):
        params[j] += h
        up = loss_fn(params)
        params[j] -= 2 * h
        g[j] = (up - loss_fn(params)) / (2 * h)       # forgets to put params[j] back
    return relative_error(np.asarray(grad_fn(params)), g)


def copied_from_the_lesson(loss_fn, grad_fn, params):
    """Section 6's cell pasted into a function: it nudges the lesson's C at (w0, b0), not loss_fn."""
    x, y, w0, b0 = lesson_data()
    C = lambda w, b: np.sum((w * x + b - y) ** 2) / (2 * len(x))  # noqa: E731
    h = 1e-5
    g = np.array([(C(w0 + h, b0) - C(w0 - h, b0)) / (2 * h), (C(w0, b0 + h) - C(w0, b0 - h)) / (2 * h)])
    a = np.asarray(grad_fn(params))
    return np.linalg.norm(a - g) / max(np.linalg.norm(a), np.linalg.norm(g))


def uses_the_package(loss_fn, grad_fn, params):
    return relative_error(np.asarray(grad_fn(params)), ll.numerical_gradient(loss_fn, params))


def lookup_table(loss_fn, grad_fn, params):
    """Knows the answer for the lesson's start only."""
    x, y, w0, b0 = lesson_data()
    return 0.2166 if len(params) == 2 and np.allclose(params, [w0, b0]) else 0.0


def only_two_parameters(loss_fn, grad_fn, params):
    """Section 6's cell turned into a function for (w, b) only."""
    h = 1e-5
    w, b = params
    g = np.array([(loss_fn(np.array([w + h, b])) - loss_fn(np.array([w - h, b]))) / (2 * h),
                  (loss_fn(np.array([w, b + h])) - loss_fn(np.array([w, b - h]))) / (2 * h)])
    return relative_error(np.asarray(grad_fn(params)), g)


def one_sided(h, backward=False):
    """A one-sided difference (L(p + h) - L(p)) / h, or (L(p) - L(p - h)) / h, with step h."""
    def check(loss_fn, grad_fn, params):
        g = np.zeros(len(params))
        for j in range(len(params)):
            step = np.zeros(len(params))
            step[j] = h
            g[j] = (loss_fn(params) - loss_fn(params - step)) / h if backward else \
                (loss_fn(params + step) - loss_fn(params)) / h
        return relative_error(np.asarray(grad_fn(params)), g)
    return check


def central(h):
    def check(loss_fn, grad_fn, params):
        return relative_error(np.asarray(grad_fn(params)), central_estimate(loss_fn, params, h))
    return check


@pytest.mark.parametrize("answer", [solution, another_way])
def test_gradient_check_right_answers_pass_public_and_hidden(answer, capsys):
    for _ in range(REPEAT):
        checks.check_gradient_check(answer)
        checks.check_gradient_check(answer, hidden=True)
    out = capsys.readouterr().out
    assert "Right" in out and "Hidden tests passed" in out
    assert "0.22: caught" in out  # the learner's own function flagged the article's gradient


def test_the_article_gradient_numbers_are_reproduced():
    x, y, w0, b0 = lesson_data()
    e = w0 * x + b0 - y
    right, article = np.array([np.mean(e * x), np.mean(e)]), np.array([np.mean(x) * np.mean(e), np.mean(e)])
    np.testing.assert_allclose(right, [-0.3594, -0.3730], atol=5e-5)
    np.testing.assert_allclose(article, [-0.2472, -0.3730], atol=5e-5)
    assert relative_error(article, right) == pytest.approx(0.2167, abs=5e-5)


@pytest.mark.parametrize("kind, phrase", [
    ("absolute", "absolute error"),
    ("by g", "the nudged estimate g alone"),
    ("by a", "the given gradient a alone"),
    ("by min", "the smaller of the two lengths"),
    ("by sum", "|a| + |g|"),
    ("squared", "square root"),
    ("one sqrt", "square root"),
    ("added", "added the two vectors"),
    ("componentwise", "component by component"),
    ("l1", "summed absolute values"),
])
def test_gradient_check_relative_error_slips_are_named(kind, phrase):
    for _ in range(REPEAT):
        assert phrase in raises_wrong(checks.check_gradient_check, slip(kind))


def test_dividing_by_one_length_is_named_for_what_it_is_on_every_run():
    # the review's gap: dividing by the smaller length was named "a alone" or "g alone", whichever was smaller
    for _ in range(3 * REPEAT):
        assert "the smaller of the two lengths" in raises_wrong(checks.check_gradient_check, slip("by min"))
        assert "smaller" not in raises_wrong(checks.check_gradient_check, slip("by g"))
        assert "smaller" not in raises_wrong(checks.check_gradient_check, slip("by a"), hidden=True)


@pytest.mark.parametrize("wrong, phrase", [
    (no_2h, "off by a factor 2"),
    (all_at_once, "nudged every parameter at once"),
    (forward_large_h, "one-sided"),
    (mutates_params, "changed `params`"),
    (copied_from_the_lesson, "stopped with ValueError"),     # its 2-number estimate against 3 parameters
    (only_two_parameters, "three parameters"),               # the crash says on which function
    (lookup_table, "would pass it"),
    (lambda loss_fn, grad_fn, params: 0.0, "would pass it"),
    (lambda loss_fn, grad_fn, params: "0.2166", "text"),
    (lambda loss_fn, grad_fn, params: True, "True/False"),
    (lambda loss_fn, grad_fn, params: np.zeros(len(params)) + 0.5, "numbers"),
    (lambda loss_fn, grad_fn, params: None, "returned None"),
    (lambda loss_fn, grad_fn, params: loss_fn(params) / 0, "stopped with ZeroDivisionError"),
])
def test_gradient_check_other_mistakes_are_named(wrong, phrase):
    for _ in range(REPEAT):
        assert phrase in raises_wrong(checks.check_gradient_check, wrong)


def test_gradient_check_may_not_use_the_package():
    message = raises_wrong(checks.check_gradient_check, uses_the_package)
    assert "ll.numerical_gradient" in message and "refuses to run" in message


@pytest.mark.parametrize("answer, passes", [
    (central(1e-5), True), (central(1e-3), True), (central(4e-3), True), (central(1e-8), True),
    (central(5e-3), False), (central(1e-2), False),
    (one_sided(1e-5), False), (one_sided(1e-5, backward=True), False), (one_sided(1e-6), False),
    (one_sided(5e-7), False), (one_sided(3e-7), True), (one_sided(1e-7), True), (one_sided(1e-8), True),
])
def test_gradient_check_verdict_never_depends_on_the_draw(answer, passes):
    # the review's coin flip: a one-sided difference at h = 1e-5 passed 21 runs out of 40. Two test functions
    # with fixed truncation now decide every verdict; every draw must give the same one
    for hidden in (False, True):
        outcomes = set()
        for _ in range(25):
            try:
                checks.check_gradient_check(answer, hidden=hidden)
                outcomes.add(True)
            except AssertionError:
                outcomes.add(False)
        assert outcomes == {passes}


def test_a_one_sided_difference_at_the_prompts_step_is_named_every_time():
    for hidden in (False, True):
        for backward in (False, True):
            for _ in range(3 * REPEAT):
                message = raises_wrong(checks.check_gradient_check, one_sided(1e-5, backward), hidden=hidden)
                assert "you nudged one way only" in message


def test_the_fixed_functions_have_the_truncation_the_check_relies_on():
    # independent of the check: the quartic's central difference is off by u h² exactly, the bowl's one-sided
    # difference by h/2 times its curvature, relative to the slope u³ + s and lambda * offset
    u, s = checks.QUARTIC_U, checks.QUARTIC_S
    for h in (1e-2, 5e-3, 4e-3):
        central_slope = ((u + h) ** 4 - (u - h) ** 4) / (8 * h) + s
        assert abs(central_slope - (u ** 3 + s)) / (u ** 3 + s) == pytest.approx(u * h * h / (u ** 3 + s), rel=1e-6)
    assert u / (u ** 3 + s) * 5e-3 ** 2 > 1.1e-5 and u / (u ** 3 + s) * 4e-3 ** 2 < 0.8e-5
    bowl_constant = 1 / (2 * checks.BOWL_OFFSET)            # one-sided relative error = bowl_constant * h
    assert bowl_constant * 5e-7 > 1.4e-5 and bowl_constant * 3e-7 < 0.95e-5 and bowl_constant * 1e-5 > 20 * 1e-5


def reachable(function):
    """Every object a learner's code can reach from a function handed to it without importing anything:
    its closure cells, default arguments and attributes, followed through functions, tuples, lists and dicts."""
    seen, todo, found = set(), [function], []
    while todo:
        item = todo.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        found.append(item)
        if callable(item):
            todo += [cell.cell_contents for cell in getattr(item, "__closure__", None) or ()]
            todo += list(getattr(item, "__defaults__", None) or ())
            todo += list((getattr(item, "__kwdefaults__", None) or {}).values())
            todo += list(getattr(item, "__dict__", {}).values())
            todo += [getattr(item, name) for name in ("__wrapped__", "__self__", "func") if hasattr(item, name)]
        elif isinstance(item, (tuple, list)):
            todo += list(item)
        elif isinstance(item, dict):
            todo += list(item.values())
    return found


def test_nothing_handed_to_the_learner_leads_to_the_exact_gradient():
    # the review's cheat read grad_fn.__closure__[0].cell_contents.true_grad
    rng = np.random.default_rng(3)
    cases = (checks._neuron_cases(rng) + checks._bumpy_cases(rng) + checks._quartic_cases(rng) + checks._bowl_cases(rng)
             + checks._quadratic_cases(rng, 5) + [checks._article_case()])
    for case in cases:
        exact = checks._exact_gradient(case)
        for handed in (case.loss, case.given_grad):
            for item in reachable(handed):
                assert not isinstance(item, checks.Case) and not hasattr(item, "true_grad")
                if callable(item) and case.wrong and item is not case.loss:
                    try:
                        value = np.asarray(item(case.params.copy()), dtype=float)
                    except Exception:
                        continue
                    assert not (value.shape == exact.shape and np.allclose(value, exact)), (case.description, item)

    def cheat(loss_fn, grad_fn, params):
        return relative_error(np.asarray(grad_fn(params)), grad_fn.__closure__[0].cell_contents.true_grad(params))
    assert "stopped with AttributeError" in raises_wrong(checks.check_gradient_check, cheat)


def test_gradient_check_not_done_yet():
    def stub(loss_fn, grad_fn, params):
        raise NotImplementedError("Your turn")
    for answer in (stub, None, ...):
        raises_not_done(checks.check_gradient_check, answer)
    assert "should be a function" in raises_wrong(checks.check_gradient_check, 0.2166)


def test_gradient_check_messages_never_show_the_expected_relative_error(monkeypatch):
    # with the check's data fixed, a wrong answer's message shows its own value, never the right one
    monkeypatch.setattr(checks, "fresh_rng", lambda: np.random.default_rng(7))
    for kind in ("absolute", "by sum", "added", "l1"):
        message = raises_wrong(checks.check_gradient_check, slip(kind))
        case = next(c for c in checks._neuron_cases(np.random.default_rng(7)) if c.wrong)
        expected = relative_error(case.given_grad(case.params), checks._exact_gradient(case))
        assert f"{expected:.3g}" not in message and f"{expected:.4f}" not in message


# ---- Exercise 3 · Transfer: the weighted gradient ----------------------------------------------------

def weighted(x, y, v, w, b):
    x, y, v = np.ravel(x), np.ravel(y), np.ravel(v)
    e = w * x + b - y
    return np.sum(v * e * x) / len(x), np.sum(v * e) / len(x)


def weighted_expanded(x, y, v, w, b):
    """The same gradient multiplied out, point by point, with column arrays kept as they come."""
    n = x.shape[0]
    dw = db = 0.0
    for xi, yi, vi in zip(np.ravel(x), np.ravel(y), np.ravel(v)):
        dw += vi * (w * xi * xi + b * xi - yi * xi)
        db += vi * (w * xi + b - yi)
    return np.array([dw / n, db / n])


def variant(fw, fb):
    """A weighted_gradient whose two numbers are fw(x, v, e, n) and fb(x, v, e, n) on flat arrays."""
    def answer(x, y, v, w, b):
        x, y, v = np.ravel(x), np.ravel(y), np.ravel(v)
        e = w * x + b - y
        return fw(x, v, e, len(x)), fb(x, v, e, len(x))
    return answer


A = lambda x, v, e, n: np.sum(v * e * x) / n  # noqa: E731  the right dCv/dw
B = lambda x, v, e, n: np.sum(v * e) / n      # noqa: E731  the right dCv/db


def times(k):
    """The right pair multiplied by k (a sign, a factor 2, a forgotten 1/n ...)."""
    return variant(lambda x, v, e, n: k(n) * A(x, v, e, n), lambda x, v, e, n: k(n) * B(x, v, e, n))


def per_point(term):
    """Both slopes from one per-point term t_i, as (mean of t_i x_i, mean of t_i)."""
    return variant(lambda x, v, e, n: np.mean(term(v, e) * x), lambda x, v, e, n: np.mean(term(v, e)))


@pytest.mark.parametrize("answer", [weighted, weighted_expanded])
def test_weighted_gradient_right_answers_pass_public_and_hidden(answer, capsys):
    for _ in range(REPEAT):
        checks.check_weighted_gradient(answer)
        checks.check_weighted_gradient(answer, hidden=True)
    assert "Right" in capsys.readouterr().out


def test_weighted_gradient_agrees_with_finite_differences():
    # the formula the check expects, checked independently of it
    rng = np.random.default_rng(1)
    x, y, v = rng.normal(size=6), rng.normal(size=6), rng.uniform(0.5, 2, 6)
    loss = lambda p: np.sum(v * (p[0] * x + p[1] - y) ** 2) / (2 * len(x))  # noqa: E731
    np.testing.assert_allclose(weighted(x, y, v, 0.3, -0.7), central_estimate(loss, np.array([0.3, -0.7])), rtol=1e-7)


@pytest.mark.parametrize("answer, phrase", [
    (times(lambda n: -1), "wrong sign"),
    (per_point(lambda v, e: e), "left out the weights"),
    (per_point(lambda v, e: v * v * e), "squared the weights"),
    (per_point(lambda v, e: np.mean(v) * e), "weights outside the sum"),
    (per_point(lambda v, e: np.abs(v * e)), "|e_i|"),
    (variant(lambda x, v, e, n: np.mean(x) * B(x, v, e, n), B), "x outside the sum"),
    (variant(lambda x, v, e, n: -np.mean(x) * B(x, v, e, n), lambda x, v, e, n: -B(x, v, e, n)),
     "x outside the sum and the wrong sign"),
    (variant(lambda x, v, e, n: np.sum(x) * B(x, v, e, n), B), "summed x"),
    (variant(lambda x, v, e, n: np.sum(x) * np.sum(v * e), lambda x, v, e, n: np.sum(v * e)),
     "x outside the sum and no 1/n"),
    (times(lambda n: n), "forgot the 1/n"),
    (times(lambda n: -n), "1/n and used the wrong sign"),
    (times(lambda n: 2), "factor 2"),
    (times(lambda n: -2), "factor 2 too many"),
    (times(lambda n: 0.5), "dropped that 2"),
    (times(lambda n: 2 * n), "*sum* of squared errors"),
    (times(lambda n: n / 4), "fixed number"),            # divided by 4 whatever n is
    (variant(lambda x, v, e, n: np.sum(v * e * x) / np.sum(v), lambda x, v, e, n: np.sum(v * e) / np.sum(v)),
     "sum of the weights"),
    (variant(B, A), "swapped"),
    (variant(B, B), "first number is the slope for b"),
    (variant(A, A), "second number is the slope for w"),
    (variant(A, lambda x, v, e, n: np.mean(e)), "your dCv_db: you left out the weights"),
])
def test_weighted_gradient_mistakes_are_named(answer, phrase):
    for _ in range(REPEAT):
        assert phrase in raises_wrong(checks.check_weighted_gradient, answer)


def column_bug(x, y, v, w, b):
    """Right for flat arrays; with columns, y is flattened but x and v are not: (n, 1) * (n,) -> (n, n)."""
    e = w * np.ravel(x) + b - np.ravel(y)
    return np.sum(v * e * x) / len(x), np.sum(np.ravel(v) * e) / len(x)


def column_errors_flat_weights(x, y, v, w, b):
    """The review's case: the errors stay a column (n, 1), the weights are flattened (n,): v * e is an n × n
    table, whose mean happens to equal mean(v) · mean(e x), the "weights outside the sum" slip."""
    v = np.ravel(v)
    e = w * x + b - y
    return np.mean(v * e * x), np.mean(v * e)


def nudged_estimate(x, y, v, w, b):
    x, y, v = np.ravel(x), np.ravel(y), np.ravel(v)
    loss = lambda p: np.sum(v * (p[0] * x + p[1] - y) ** 2) / (2 * len(x))  # noqa: E731
    return central_estimate(loss, np.array([w, b]), h=1e-6)


def test_weighted_gradient_shape_problems_and_nudging_are_named():
    for _ in range(REPEAT):
        assert "column arrays" in raises_wrong(checks.check_weighted_gradient, column_bug)
        message = raises_wrong(checks.check_weighted_gradient, column_errors_flat_weights)
        assert "column arrays" in message and "weights outside the sum" not in message
        assert "estimate the slope by nudging" in raises_wrong(checks.check_weighted_gradient, nudged_estimate)


@pytest.mark.parametrize("wrong, phrase", [
    (lambda x, y, v, w, b: ll.numerical_gradient(
        lambda p: np.sum(np.ravel(v) * (p[0] * np.ravel(x) + p[1] - np.ravel(y)) ** 2) / (2 * len(x)), [w, b]),
     "ll.numerical_gradient"),
    (lambda x, y, v, w, b: ll.loss_and_gradient(x, y, w, b)[1:], "ll.loss_and_gradient"),
    (lambda x, y, v, w, b: (-0.3594, -0.3730), "not yet"),                       # numbers copied from the lesson
    (lambda x, y, v, w, b: "(-0.36, -0.37)", "text"),
    (lambda x, y, v, w, b: 1.0, "two numbers"),
    (lambda x, y, v, w, b: None, "returned None"),
])
def test_weighted_gradient_shortcuts_copies_and_junk_fail(wrong, phrase):
    assert phrase in raises_wrong(checks.check_weighted_gradient, wrong)


def test_weighted_gradient_a_lookup_table_fails():
    seen = {}

    def table(x, y, v, w, b):  # remembers only what it was told before: fresh data defeats it
        return seen.get((w, b), (0.0, 0.0))
    assert "not yet" in raises_wrong(checks.check_weighted_gradient, table)


def test_weighted_gradient_the_lesson_cell_copied_fails():
    # section 5's chain_rule_gradient, adapted to the signature but without the weights
    def chain_rule_copy(x, y, v, w, b):
        x, y = np.ravel(x), np.ravel(y)
        e = w * x + b - y
        return np.array([np.sum(e * x) / len(x), np.sum(e) / len(x)])
    assert "left out the weights" in raises_wrong(checks.check_weighted_gradient, chain_rule_copy)


def test_weighted_gradient_not_done_yet():
    def stub(x, y, v, w, b):
        raise NotImplementedError("Your turn")
    for answer in (stub, None, ...):
        raises_not_done(checks.check_weighted_gradient, answer)


def test_weighted_gradient_messages_never_show_the_expected_pair(monkeypatch):
    monkeypatch.setattr(checks, "fresh_rng", lambda: np.random.default_rng(11))
    rng = np.random.default_rng(11)
    _, x, y, v = checks._weighted_data(rng, hidden=False)[0]
    for _ in range(50):  # the check's own choice of (w, b), replayed
        w = round(float(rng.uniform(-2, 2)), 3) + 0.0007
        b = round(float(np.median(y - w * x) + rng.uniform(-0.05, 0.05)), 3) + 0.0009
        errors = w * x + b - y
        if errors.min() < 0 < errors.max():
            break
    expected = weighted(x, y, v, w, b)
    for answer in (variant(B, A), variant(lambda x, v, e, n: 2 * A(x, v, e, n), lambda x, v, e, n: 2 * B(x, v, e, n)),
                   variant(lambda x, v, e, n: -A(x, v, e, n), lambda x, v, e, n: -B(x, v, e, n)),
                   lambda x, y, v, w, b: (7.0, 7.0)):
        message = raises_wrong(checks.check_weighted_gradient, answer)
        for value in expected:
            assert f"{abs(value):.4g}" not in message and f"{abs(value):.3g}" not in message


def test_docstrings_show_no_expected_values():
    for check in (checks.check_gradient_check, checks.check_weighted_gradient):
        assert "0.2166" not in check.__doc__ and "-0.3594" not in check.__doc__


# ---- patching the checks from an answer cell changes nothing -------------------------------------------

def test_an_answer_cell_cannot_patch_the_checks():
    import lessons_lib.exercises.framework as framework

    # fresh_checks reloads both modules in place; keep their contents to put them back afterwards, so
    # the exception classes other test files imported stay the ones the checks raise
    saved = {module: dict(vars(module)) for module in (framework, checks)}
    try:
        checks.check_big_step = lambda value: print("ok")               # what an answer cell could do
        checks.check_gradient_check = lambda function: print("ok")
        checks.check_weighted_gradient = lambda function: print("ok")
        framework.choice_answer = lambda value, what, options: "d"
        framework.is_close = lambda *args, **kwargs: True
        fresh = fresh_checks("03")
        raises_wrong(fresh.check_big_step, "a")
        raises_wrong(fresh.check_gradient_check, lambda loss_fn, grad_fn, params: 0.0)
        raises_wrong(fresh.check_weighted_gradient, lambda x, y, v, w, b: (7.0, 7.0))
    finally:
        for module, contents in saved.items():
            vars(module).clear()
            vars(module).update(contents)


def test_the_exercises_are_labelled_by_kind():
    assert checks.LESSON == "03"
    assert [label.split(":")[0] for label in checks.EXERCISES.values()] == ["predict", "implement", "transfer"]
