"""Lesson 05's checks (lessons_lib/exercises/lesson05.py): right answers pass, however they are
written; numbers copied from the lesson, junk, shortcuts and lookup tables fail; every named mistake
is named; no failing message shows the expected value; patching the checks from an answer cell
changes nothing. The expected values are worked out here independently (by hand, or by running
gradient descent), not with the checks' own code."""
from __future__ import annotations

import math

import numpy as np
import pytest

import lessons_lib as ll
from check_outcomes import raises_not_done, raises_wrong
from lessons_lib.exercises import fresh_checks, in_fresh_process
from lessons_lib.exercises import lesson05 as checks

REPEAT = 4  # exercise 2 draws fresh Hessians on every call: run it several times

# Exercise 1: the lesson's x = 1, 2, 3, 4 (MSE table H = [[15, 5], [5, 2]], eigenvalues (17 ± √269)/2) with
# new targets, a new start and MSE/2: the table halves, so the cliff doubles to 4/λ_max of the MSE.
X = np.array([1.0, 2, 3, 4])
LAM_MAX_MSE, LAM_MIN_MSE = (17 + math.sqrt(269)) / 2, (17 - math.sqrt(269)) / 2
MSE_CLIFF = 2 / LAM_MAX_MSE
CLIFF = 2 * MSE_CLIFF
MESSAGE_LIMIT = 400  # nbgrader's Validate shows a line whole up to 600 characters: stay well below


# ---- Exercise 1 · Predict: what moves the cliff --------------------------------------------------

def test_the_new_setups_cliff_is_where_runs_start_to_grow():
    # independent of the check: a plain loop with MSE/2 from (-5, 10) on y = 5 - 2x, just below and above
    # twice the MSE's cliff of x = 1, 2, 3, 4
    x = np.array([1.0, 2, 3, 4])
    y = 5 - 2 * x

    def final_loss(lr, steps=3000):
        w, b = -5.0, 10.0
        for _ in range(steps):
            e = w * x + b - y
            w, b = w - lr * np.mean(e * x), b - lr * np.mean(e)
        return np.mean((w * x + b - y) ** 2) / 2

    start = np.mean((-5 * x + 10 - y) ** 2) / 2
    assert final_loss(0.995 * CLIFF) < start and final_loss(1.005 * CLIFF) > start


@pytest.mark.parametrize("answer", [CLIFF, 2 * 0.119756, 0.2395, 0.24, 0.991 * CLIFF, 1.009 * CLIFF,
                                    np.float32(0.2395), np.array(0.2395), 2 * ll.stability_limit(X, "mse")])
def test_cliff_guess_within_one_percent_passes(answer, capsys):
    checks.check_cliff_guess(answer)
    assert "Right" in capsys.readouterr().out


@pytest.mark.parametrize("answer, phrase", [
    (MSE_CLIFF, "section 4's cliff"),                 # copied from the lesson (cell 13 run on the same x)
    (0.12, "section 4's cliff"),
    (MSE_CLIFF / 2, "the wrong way"),                  # halved instead of doubled (or MSE/2's 1/n left out)
    (4 / 17, "MSE/2's best rate"),                     # 1.8 % below the cliff: outside the 1 %
    (2 / 17, "section 4's best rate"),
    (2 / 7.5, "you left out the bias"),
    (1 / 7.5, "kept the MSE's table"),
    (2 / (LAM_MIN_MSE / 2), "you used λ_min"),
    (LAM_MAX_MSE / 2, "λ_max itself"),
    (LAM_MAX_MSE, "the MSE's λ_max"),
])
def test_cliff_guess_mistakes_are_named(answer, phrase):
    message = raises_wrong(checks.check_cliff_guess, answer)
    assert phrase in message
    assert "0.2395" not in message and "0.24" not in message and "0.239" not in message


@pytest.mark.parametrize("answer, phrase", [(0.97 * CLIFF, "still converge"), (0.15, "still converge"),
                                            (1.02 * CLIFF, "already grow"), (0.5, "already grow")])
def test_cliff_guess_says_which_side_without_the_value(answer, phrase):
    message = raises_wrong(checks.check_cliff_guess, answer)
    assert phrase in message and "0.23" not in message and "0.24" not in message


@pytest.mark.parametrize("junk, phrase", [("0.2395", "should be a number"), (True, "should be a number"),
                                          ([0.2395], "should be a number"), (float("nan"), "finite"),
                                          (-0.2395, "a number > 0"), (0.0, "a number > 0")])
def test_cliff_guess_refuses_text_and_junk(junk, phrase):
    assert phrase in raises_wrong(checks.check_cliff_guess, junk)


@pytest.mark.parametrize("placeholder", [None, ...])
def test_cliff_guess_not_done_yet(placeholder):
    raises_not_done(checks.check_cliff_guess, placeholder)


def test_cliff_guess_hidden_test_grades_in_a_fresh_process(capsys):
    in_fresh_process("05", "check_cliff_guess", 0.2395, hidden=True)
    assert "Hidden tests passed" in capsys.readouterr().out
    assert "section 4's cliff" in raises_wrong(in_fresh_process, "05", "check_cliff_guess", 0.119756, hidden=True)


def test_cliff_guess_refuses_a_replaced_eigenvalue_solver():
    original = np.linalg.eigvalsh
    np.linalg.eigvalsh = lambda h: np.array([1.0, 4.0])    # what an answer cell could do, with cliff_guess = 0.5
    try:
        message = raises_wrong(lambda guess: fresh_checks("05").check_cliff_guess(guess), 0.5)
        assert "a cell replaced numpy.linalg.eigvalsh" in message
    finally:
        np.linalg.eigvalsh = original


# ---- Exercise 2 · Implement: fate(eigenvalues, lr) --------------------------------------------------

def simulated_fate(eigenvalues, lr, steps=4000):
    """Independent of the check: run gradient descent on the diagonal bowl with these curvatures from
    (1, 1, ..., 1), rescaling the distances after every step so that nothing under- or overflows, and
    look at what the run does at the end: does the distance still grow, do the last two steps point
    against each other? (An axis with curvature 0 never moves: its steps are 0, so it is left out, and so is one whose
    curvature is round-off of a 0.)"""
    lam = np.asarray(eigenvalues, dtype=float)
    lam = lam[np.abs(lam) > 1e-9 * lam.max()]     # zeros and their round-off are flat
    u = np.ones(len(lam))
    growth, last, before = 1.0, None, None
    for _ in range(steps):
        step = -lr * lam * u
        new = u + step
        growth = np.max(np.abs(new)) / np.max(np.abs(u))
        before, last = (last / np.max(np.abs(u)) if last is not None else None), step
        u = new / np.max(np.abs(new))
        last = last / np.max(np.abs(new))
    if growth > 1:
        return "diverges"
    return "oscillates" if last @ before < 0 else "steady"


def solution(eigenvalues, lr):
    flat = 1e-9 * max(eigenvalues)
    curvatures = [float(v) for v in eigenvalues if v > flat]
    lam_min, lam_max = min(curvatures), max(curvatures)
    if lr > 2 / lam_max:
        return "diverges"
    if lr > 2 / (lam_min + lam_max):
        return "oscillates"
    return "steady"


def by_factors(eigenvalues, lr):
    """Compares the factors themselves; on a tie (a round bowl) it looks at the sign."""
    curvatures = [float(v) for v in eigenvalues if abs(v) > 1e-10 * max(eigenvalues)]
    steep, flat = 1 - lr * max(curvatures), 1 - lr * min(curvatures)
    if abs(steep) > 1:
        return "diverges"
    if abs(steep) > abs(flat) or (abs(steep) == abs(flat) and steep < 0):
        return "oscillates"
    return "steady"


def ties_steady(eigenvalues, lr):
    curvatures = [float(v) for v in eigenvalues if v > 1e-9 * max(eigenvalues)]
    steep, flat = abs(1 - lr * max(curvatures)), abs(1 - lr * min(curvatures))
    return "diverges" if steep > 1 else "oscillates" if steep > flat else "steady"


def another_way(eigenvalues, lr):
    """Boundaries written out instead of factors, numpy instead of a list, a tolerance for the zeros."""
    lam = np.sort(np.asarray(eigenvalues, dtype=float))
    lam = lam[lam > 1e-12 * lam[-1]]
    if lr > 2 / lam[-1]:
        return "diverges"
    return "oscillates" if lr > 2 / (lam[0] + lam[-1]) else "steady"


def simulate_it(eigenvalues, lr):
    """Steps the distances along each axis, as the lesson's one-axis table does, rescaled each step."""
    lam = np.array([v for v in eigenvalues if v > 1e-9 * max(eigenvalues)], dtype=float)
    u = np.ones(len(lam))
    for _ in range(3000):
        step = -lr * lam * u
        grown = np.max(np.abs(u + step)) / np.max(np.abs(u))
        u = (u + step) / np.max(np.abs(u + step))
    if grown > 1:
        return "diverges"
    return "oscillates" if (-lr * lam * u) @ step < 0 else "steady"


def test_the_checks_fates_agree_with_simulated_runs():
    rng = np.random.default_rng(3)
    cases = checks._cases(rng, hidden=True)
    for case in cases:
        assert simulated_fate(case.eigenvalues, case.lr) == checks._fate(case.eigenvalues, case.lr), case


def test_well_conditioned_hessians_are_tested_in_every_region():
    for seed in range(20):
        cases = checks._cases(np.random.default_rng(seed), hidden=False)
        seen = {(case.kind, checks._fate(case.eigenvalues, case.lr)) for case in cases}
        assert {("well-conditioned", "oscillates"), ("well-conditioned", "steady"),
                ("well-conditioned", "diverges")} <= seen
        assert any(case.kind == "with flat directions" for case in cases)
        assert any(not isinstance(case.eigenvalues, np.ndarray) for case in cases)


@pytest.mark.parametrize("answer", [solution, another_way, by_factors, simulate_it])
def test_fate_right_answers_pass_public_and_hidden(answer, capsys):
    for _ in range(REPEAT):
        checks.check_fate(answer)
        checks.check_fate(answer, hidden=True)
    out = capsys.readouterr().out
    assert "Right" in out and "Hidden tests passed" in out


def test_fate_hidden_test_grades_in_a_fresh_process(capsys):
    in_fresh_process("05", "check_fate", solution, hidden=True)
    assert "Hidden tests passed" in capsys.readouterr().out


def test_fate_passes_the_same_way_on_every_draw():
    # the message of a right answer is the same whatever Hessians were drawn (the notebook stores it)
    messages = set()
    for seed in range(5):
        rng = np.random.default_rng(seed)
        original = checks.fresh_rng
        checks.fresh_rng = lambda rng=rng: rng
        try:
            import io
            import contextlib

            out = io.StringIO()
            with contextlib.redirect_stdout(out):
                checks.check_fate(solution)
            messages.add(out.getvalue())
        finally:
            checks.fresh_rng = original
    assert len(messages) == 1


def rule(cliff, zigzag, zeros=False, sort=True, flat=1e-9):
    """A fate rule with these boundaries; ``zeros``: flat directions kept; ``flat``: the threshold, relative
    to the largest eigenvalue, below which one is flat (0: only exact zeros and negatives are)."""
    def fate(eigenvalues, lr):
        lam = [float(v) for v in eigenvalues]
        if not zeros:
            lam = [v for v in lam if v > flat * max(lam)]
        lo, hi = (min(lam), max(lam)) if sort else (lam[0], lam[-1])
        if lr > cliff(lo, hi):
            return "diverges"
        return "oscillates" if lr > zigzag(lo, hi) else "steady"
    return fate


def only_the_steep_axis(eigenvalues, lr):
    """What the lesson's one-axis table alone gives: zig-zag past 1/λ_max (copied, not thought through)."""
    hi = max(eigenvalues)
    return "diverges" if lr * hi > 2 else "oscillates" if lr * hi > 1 else "steady"


def swapped(eigenvalues, lr):
    right = solution(eigenvalues, lr)
    return {"oscillates": "steady", "steady": "oscillates"}.get(right, right)


def zeros_kept_inf(eigenvalues, lr):
    """λ_min taken with the zeros, with numpy (2/0 = inf instead of a crash)."""
    lam = np.asarray(eigenvalues, dtype=float)
    with np.errstate(divide="ignore"):
        if lr > 2 / lam.max():
            return "diverges"
        return "oscillates" if lr > 2 / (lam.min() + lam.max()) else "steady"


@pytest.mark.parametrize("answer, phrase", [
    (rule(lambda lo, hi: 1 / hi, lambda lo, hi: 2 / (lo + hi)), "cliff at 1/λ_max"),
    (rule(lambda lo, hi: 2 / (lo + hi), lambda lo, hi: 2 / (lo + hi)), "cliff at the best rate"),
    (rule(lambda lo, hi: 2 / lo, lambda lo, hi: 2 / (lo + hi)), "cliff at 2/λ_min"),
    (rule(lambda lo, hi: 2 / hi, lambda lo, hi: 1 / hi), "oscillates from 1/λ_max on"),
    (only_the_steep_axis, "oscillates from 1/λ_max on"),
    (zeros_kept_inf, "counted a flat direction as λ_min"),
    (rule(lambda lo, hi: 2 / hi, lambda lo, hi: 2 / (lo + hi), flat=0), "round-off-sized eigenvalue"),   # v > 0
    (rule(lambda lo, hi: 2 / hi, lambda lo, hi: 2 / (hi - lo) if hi > lo else math.inf),
     "never answers 'oscillates'"),
    (rule(lambda lo, hi: 2 / hi, lambda lo, hi: 2 / (lo + hi), sort=False), "any order"),
    (swapped, "swapped"),
    (ties_steady, "right on every bowl but a round one"),
])
def test_fate_mistakes_are_named_on_every_draw(answer, phrase):
    for _ in range(REPEAT):
        assert phrase in raises_wrong(checks.check_fate, answer)
        assert phrase in raises_wrong(checks.check_fate, answer, hidden=True)


def test_fate_zeros_that_crash_are_explained():
    def crashes(eigenvalues, lr):
        lo, hi = float(min(eigenvalues)), float(max(eigenvalues))
        best = 2 / lo                  # a learner's 2/λ_min, with λ_min = 0 on a Hessian with a flat direction
        return "diverges" if lr > 2 / hi else "oscillates" if lr > best else "steady"

    for _ in range(REPEAT):
        message = raises_wrong(checks.check_fate, crashes)
        assert "ZeroDivisionError" in message and "leave it out" in message


def test_fate_other_crashes_say_where():
    def crashes(eigenvalues, lr):
        lo, hi = eigenvalues      # two parameters only
        return "steady"

    message = raises_wrong(checks.check_fate, crashes)
    assert "stopped with ValueError" in message and "fate(" in message


@pytest.mark.parametrize("answer, phrase", [
    (lambda eigenvalues, lr: "oscillating", "verdict of ll.classify_run"),
    (lambda eigenvalues, lr: "diverging", "verdict of ll.classify_run"),
    (lambda eigenvalues, lr: "zigzag", "return one of"),
    (lambda eigenvalues, lr: True, "return one of the strings"),
    (lambda eigenvalues, lr: None, "returned None"),
    (0.5, "should be a function"),
    ("steady", "should be a function"),
])
def test_fate_wrong_kinds_of_answer_are_refused(answer, phrase):
    assert phrase in raises_wrong(checks.check_fate, answer)


def test_fate_a_lookup_table_fails():
    known = {(1.0, 1.5, 0.5): "steady", (1.0, 1.5, 0.9): "oscillates", (1.0, 1.5, 1.2): "oscillates",
             (1.0, 1.5, 1.5): "diverges"}

    def table(eigenvalues, lr):
        return known.get((*sorted(eigenvalues), lr), "steady")

    raises_wrong(checks.check_fate, table)


@pytest.mark.parametrize("shortcut", ["stability_limit", "optimal_learning_rate", "contraction_factor", "classify_run",
                                      "gradient_descent"])
def test_fate_may_not_use_the_package(shortcut):
    def uses(eigenvalues, lr):
        if shortcut == "contraction_factor":
            return "diverges" if ll.contraction_factor(lr, eigenvalues) > 1 else "steady"
        if shortcut == "classify_run":
            return ll.classify_run(ll.gradient_descent([1.0, 2.0], [1.0, 2.0], 0.0, 0.0, lr, 10))
        if shortcut == "gradient_descent":
            return "diverges" if ll.gradient_descent([1.0, 2.0], [1.0, 2.0], 0.0, 0.0, lr, 10).diverged else "steady"
        return "diverges" if lr > getattr(ll, shortcut)(np.array([1.0, 2.0])) else "steady"

    assert "ll." in raises_wrong(checks.check_fate, uses)


def test_fate_the_checks_own_answer_and_the_figures_module_refuse_to_run():
    def borrowed(eigenvalues, lr):
        from lessons_lib.exercises.lesson05 import _fate   # the answer key, imported
        return _fate(eigenvalues, lr)

    def drawn(eigenvalues, lr):
        from lessons_lib.figures import lesson05 as figures
        return "diverges" if figures.loss_grows([1.0, 2.0], [1.0, 2.0], (0, 0), lr, 10)[0] else "steady"

    for answer in (borrowed, drawn):
        assert "every function of the course package" in raises_wrong(fresh_checks("05").check_fate, answer)


@pytest.mark.parametrize("shift", [0.97, 1.03])
def test_fate_a_cliff_moved_by_three_percent_fails_on_every_draw(shift):
    # "diverges past 0.97·2/λmax" calls converging runs diverging; "oscillates up to 1.03·2/λmax" calls
    # growing runs oscillating
    moved = rule(lambda lo, hi: shift * 2 / hi, lambda lo, hi: min(2 / (lo + hi), shift * 2 / hi))
    for _ in range(3 * REPEAT):
        raises_wrong(checks.check_fate, moved)
        raises_wrong(checks.check_fate, moved, hidden=True)


@pytest.mark.parametrize("shift", [0.97, 1.03])
def test_fate_a_best_rate_moved_by_three_percent_fails_on_every_draw(shift):
    moved = rule(lambda lo, hi: 2 / hi, lambda lo, hi: shift * 2 / (lo + hi))
    for _ in range(3 * REPEAT):
        raises_wrong(checks.check_fate, moved)


def test_fate_the_old_095_rule_fails_on_every_draw():
    hack = rule(lambda lo, hi: 2 / hi, lambda lo, hi: 0.95 * 2 / hi)    # oscillates if lr > 0.95·2/λmax
    for _ in range(3 * REPEAT):
        raises_wrong(checks.check_fate, hack)


def test_fate_every_set_is_tested_near_both_boundaries_and_far_from_round_off():
    for seed in range(40):
        for hidden in (False, True):
            cases = checks._cases(np.random.default_rng(seed), hidden)
            by_set = {}
            for case in cases:
                by_set.setdefault(id(case.eigenvalues), []).append(case)
            for group in by_set.values():
                lam = np.asarray(group[0].eigenvalues, dtype=float)
                lam = lam[lam > 1e-9 * lam.max()]
                cliff, best = 2 / lam.max(), 2 / (lam.min() + lam.max())
                ratios = [case.lr / cliff for case in group]
                assert any(1.005 < r < 1.03 for r in ratios) and any(0.97 < r < 0.995 for r in ratios)
                assert any(best < case.lr < cliff for case in group)      # the oscillating stretch, however narrow
                assert any(0.97 < case.lr / best < 0.995 for case in group)
                for case in group:   # never within round-off of a boundary of the right answer
                    assert min(abs(case.lr / cliff - 1), abs(case.lr / best - 1)) > 4e-5


def test_fate_flat_directions_come_as_zeros_and_as_round_off():
    sets = [case.eigenvalues for case in checks._cases(np.random.default_rng(1), hidden=False)]
    values = np.concatenate([np.ravel(np.asarray(e, dtype=float)) for e in sets])
    largest = max(np.max(np.abs(np.asarray(e, dtype=float))) for e in sets)
    assert np.any(values == 0)
    tiny = values[(values != 0) & (np.abs(values) < 1e-9 * largest)]
    assert tiny.size >= 2


def test_fate_failing_messages_stay_short():
    # nbgrader's Validate shows lines up to 600 characters; the checks stay under 400
    answers = [lambda e, lr: "steady", lambda e, lr: "diverges", lambda e, lr: "oscillating", lambda e, lr: 3,
               ties_steady, swapped, zeros_kept_inf, only_the_steep_axis,
               rule(lambda lo, hi: 2 / hi, lambda lo, hi: math.inf),
               rule(lambda lo, hi: 2 / hi, lambda lo, hi: 2 / (lo + hi), flat=0),
               rule(lambda lo, hi: 2 / hi, lambda lo, hi: 0.95 * 2 / hi),
               rule(lambda lo, hi: 1 / hi, lambda lo, hi: 2 / (lo + hi))]
    for answer in answers:
        for hidden in (False, True):
            for _ in range(2):
                message = raises_wrong(checks.check_fate, answer, hidden=hidden)
                assert len(message) < MESSAGE_LIMIT, (len(message), message)


def test_fate_not_done_yet():
    def stub(eigenvalues, lr):
        raise NotImplementedError("Your turn")

    for answer in (stub, None, ...):
        raises_not_done(checks.check_fate, answer)


def test_fate_messages_never_name_the_right_fate_of_a_case(monkeypatch):
    monkeypatch.setattr(checks, "fresh_rng", lambda: np.random.default_rng(5))
    for wrong in (lambda e, lr: "steady", lambda e, lr: "diverges", lambda e, lr: "oscillates",
                  rule(lambda lo, hi: 2 / hi, lambda lo, hi: 0.5 * (2 / hi + 2 / (lo + hi)))):
        message = raises_wrong(checks.check_fate, wrong)
        assert "expected" not in message and "should be '" not in message and "should return '" not in message


# ---- Exercise 3 · Transfer: four runs without labels --------------------------------------------

ANSWER = ["oscillating", "diverging", "slow", "converging"]


def test_the_four_runs_really_have_those_verdicts():
    # independently of the check's loop: the package's own descent and classify_run on the same runs
    from lessons_lib.figures import lesson05 as figures

    verdicts = []
    for which, start, lr, epochs, loss in figures._UNLABELLED:
        x, y = figures.unlabelled_run_data(which)
        if isinstance(start, str):
            _, axes = figures.bowl_axes(x, loss)
            start = np.array(ll.least_squares_solution(x, y)) + 3.0 * axes[:, 0] + 0.003 * axes[:, 1]
        run = ll.gradient_descent(x, y, float(start[0]), float(start[1]), lr, epochs, loss)
        verdicts.append(ll.classify_run(run))
    assert verdicts == ANSWER


def test_the_checks_copy_of_the_runs_is_the_figures():
    from lessons_lib.figures import lesson05 as figures

    scales = {"half_mse": 1.0, "mse": 2.0}
    assert [(d, s, lr, e, scales[loss]) for d, s, lr, e, loss in figures._UNLABELLED] == list(checks._RUNS)
    assert tuple(checks.FOUR_POINTS_X) == tuple(figures.FOUR_POINTS_X)
    assert [checks._run_verdict(*spec) for spec in checks._RUNS] == ANSWER


def test_the_figures_module_hands_out_no_runs_to_classify():
    from lessons_lib.figures import lesson05 as figures

    public = [name for name in dir(figures) if not name.startswith("_")]
    assert "unlabelled_runs" not in public and "UNLABELLED_RUNS" not in public
    assert not any(isinstance(value, ll.History) for value in vars(figures).values())


@pytest.mark.parametrize("answer", [ANSWER, tuple(ANSWER), np.array(ANSWER), [" Oscillating", "DIVERGING", "slow ",
                                                                                "converging"],
                                    ["oscillating", "diverged", "slow", "converging"]])
def test_run_verdicts_right_answers_pass(answer, capsys):
    checks.check_run_verdicts(answer)
    assert "Right" in capsys.readouterr().out


def test_run_verdicts_hidden_test_grades_in_a_fresh_process(capsys):
    in_fresh_process("05", "check_run_verdicts", ANSWER, hidden=True)
    assert "Hidden tests passed" in capsys.readouterr().out
    assert "3 of the 4" in raises_wrong(in_fresh_process, "05", "check_run_verdicts",
                                        ["slow", "diverging", "slow", "converging"], hidden=True)


@pytest.mark.parametrize("answer, right", [
    (["slow"] * 4, 1), (["converging"] * 4, 1), (["diverging"] * 4, 1), (["oscillating"] * 4, 1),
    (["oscillating", "oscillating", "slow", "converging"], 3),     # B's alternating steps: the likely slip
    (["slow", "converging", "oscillating", "diverging"], 0),       # the order of the lesson's four fates
])
def test_run_verdicts_say_how_many_are_right_and_never_which(answer, right):
    message = raises_wrong(checks.check_run_verdicts, answer)
    assert f"{right} of the 4 verdict" in message
    for name in "ABCD":
        assert f"Run {name}" not in message and f"run {name}" not in message and f" {name}:" not in message
    # the same count gives the same message, whichever runs are wrong
    assert message.replace(f"{right} of", "#").replace(" is ", " are ") == \
        raises_wrong(checks.check_run_verdicts, ["slow"] * 4).replace("1 of", "#").replace(" is ", " are ")
    assert len(message) < MESSAGE_LIMIT


@pytest.mark.parametrize("junk, phrase", [
    ("oscillating, diverging, slow, converging", "a list of four strings"),
    (["oscillating", "diverging", "slow"], "holds 3"),
    (["oscillating", "diverging", "slow", "fast"], "should be one of"),
    ([1, 2, 3, 4], "should be one of"),
    ({"A": "oscillating"}, "a list of four strings"),
    (4, "a list of four strings"),
])
def test_run_verdicts_refuses_junk(junk, phrase):
    assert phrase in raises_wrong(checks.check_run_verdicts, junk)


@pytest.mark.parametrize("placeholder", [None, ...])
def test_run_verdicts_not_done_yet(placeholder):
    raises_not_done(checks.check_run_verdicts, placeholder)


def test_run_verdicts_refuses_a_replaced_eigen_solver():
    original = np.linalg.eigh
    np.linalg.eigh = lambda h: (np.array([1.0, 1e9]), np.eye(2))   # would make every run "diverging"
    try:
        message = raises_wrong(lambda verdicts: fresh_checks("05").check_run_verdicts(verdicts), ["diverging"] * 4)
        assert "a cell replaced numpy.linalg.eigh" in message
    finally:
        np.linalg.eigh = original


# ---- all checks -----------------------------------------------------------------------------------

def test_docstrings_show_no_expected_values():
    assert "0.239" not in checks.check_cliff_guess.__doc__ and "0.24" not in checks.check_cliff_guess.__doc__
    assert "twice" not in checks.check_cliff_guess.__doc__
    for word in ANSWER:
        assert word not in checks.check_run_verdicts.__doc__


def test_value_checks_failing_messages_stay_short():
    for answer in (MSE_CLIFF, MSE_CLIFF / 2, 4 / 17, 2 / 17, 2 / 7.5, 1 / 7.5, 0.1, 0.5, "0.2395", -1.0):
        assert len(raises_wrong(checks.check_cliff_guess, answer)) < MESSAGE_LIMIT


def test_an_answer_cell_cannot_patch_the_checks():
    import lessons_lib.exercises.framework as framework

    saved = {module: dict(vars(module)) for module in (framework, checks)}
    try:
        checks.check_cliff_guess = lambda value: print("ok")       # what an answer cell could do
        checks.check_fate = lambda function: print("ok")
        checks.check_run_verdicts = lambda value: print("ok")
        checks._fate = lambda eigenvalues, lr: "steady"
        checks.TOLERANCE = 10.0
        framework.number_answer = lambda value, what, whole=False: CLIFF
        framework.choice_answer = lambda value, what, options: "slow"
        fresh = fresh_checks("05")
        raises_wrong(fresh.check_cliff_guess, 0.5)
        raises_wrong(fresh.check_fate, lambda eigenvalues, lr: "steady")
        raises_wrong(fresh.check_run_verdicts, ["slow"] * 4)
    finally:
        for module, contents in saved.items():
            vars(module).clear()
            vars(module).update(contents)


def test_the_exercises_are_labelled_by_kind():
    assert checks.LESSON == "05"
    assert [label.split(":")[0] for label in checks.EXERCISES.values()] == ["predict", "implement", "transfer"]
