"""What every lesson's checks share: how an answer is read, how a learner's function is called,
how a mistake is named, and how a check reports.

A check (one function per exercise, in ``lessons_lib/exercises/lessonNN.py``)
- prints one ✔ line and returns None when the answer is right;
- raises ``NotDoneYet`` when the exercise was not attempted (the answer is still ``...`` or
  ``None``, or the function still raises ``NotImplementedError``);
- raises ``WrongAnswer`` naming the mistake it recognised ("wrong sign", "forgot the 1/n", ...)
  or saying "not yet" and what to reconsider.
It never shows the expected value of a value answer. Both errors are ``AssertionError``s (so a
check cell doubles as an nbgrader test cell) and show only their message, without a traceback
through this package (IPython asks an exception for ``_render_traceback_``).

Function answers are run on fresh random data (``fresh_rng``) in several shapes, so a lookup
table of fixed answers fails; ``call_learner(..., forbidden=[...])`` runs the learner's function
while the named package functions refuse to work, for exercises that ask for code written
without them.
"""
from __future__ import annotations

import functools
import math
import numbers
from typing import Any, Callable, Iterable, Sequence

import numpy as np

from . import progress

# ---- how a check ends --------------------------------------------------------------------------


# The exceptions live in ``outcomes`` (never reloaded), so they stay the same classes however often
# ``fresh_checks`` reloads this module.
from .outcomes import CheckFailed, NotDoneYet, WrongAnswer  # noqa: E402,F401


def replaced_originals(restore: bool = False) -> list[str]:
    """The functions the checks rely on that are not the genuine ones any more ("numpy.allclose",
    ...), put back when ``restore``. The genuine objects were recorded when ``lessons_lib`` was
    first imported (``outcomes.ORIGINALS``)."""
    from . import outcomes

    replaced = []
    for (module_name, name), original in outcomes.ORIGINALS.items():
        module = outcomes.RELIED_ON[module_name][0]
        if getattr(module, name, None) is not original:
            replaced.append(f"{module_name}.{name}")
            if restore:
                setattr(module, name, original)
    return replaced


def refuse_tampering() -> None:
    """Raise WrongAnswer if a notebook cell replaced a function the checks rely on.

    ``np.allclose = lambda *a, **k: True`` in an answer cell would make every comparison pass;
    so would replacing ``abs`` or ``importlib.reload``: any difference from the genuine objects
    fails the check. (``call_learner`` also looks again after the learner's function ran.)
    """
    replaced = replaced_originals()
    if replaced:
        raise WrongAnswer(f"a cell replaced {', '.join(replaced)}, which the checks rely on. Remove that line, "
                          "restart the kernel (Kernel → Restart Kernel and Run All Cells) and check again.")


def exercise(lesson: str, number: int) -> Callable:
    """Make ``check`` the check of exercise ``number`` of ``lesson``.

    ``check`` returns the ✔ message (a string) when the answer is right and raises
    NotDoneYet / WrongAnswer otherwise. The wrapped check prints "✔ <message>", records the
    result for the lesson's progress line, and returns None (so nbgrader sees no output value).
    """
    def decorate(check: Callable[..., str]) -> Callable[..., None]:
        @functools.wraps(check)
        def run_check(*args, **kwargs) -> None:
            try:
                refuse_tampering()
                message = check(*args, **kwargs)
            except NotDoneYet:
                progress.record(lesson, number, None)
                raise
            except CheckFailed:
                progress.record(lesson, number, False)
                raise
            progress.record(lesson, number, True)
            print(f"✔ {message}")

        return run_check

    return decorate


def not_yet(message: str) -> WrongAnswer:
    """A WrongAnswer whose message says what to reconsider (raise it: ``raise not_yet(...)``)."""
    return WrongAnswer(f"not yet: {message}")


# ---- reading an answer ---------------------------------------------------------------------------

def require(value: Any, what: str, hint: str = "") -> None:
    """Raise NotDoneYet if ``value`` is still a placeholder (``...`` or None)."""
    if value is None or value is Ellipsis:
        raise NotDoneYet(hint or f"set `{what}` in the exercise cell above and run it, then run this cell again.")


def require_prediction(value: Any, what: str) -> None:
    """For the cell that shows what happens: refuse to run it before a prediction was written down."""
    require(value, what, f"first write your prediction in `{what}` (the cell above) and run that cell; "
                         "then run this one to see what really happens.")


def plain_kind(value: Any) -> str:
    """A few words for what the learner gave, without echoing a value."""
    if isinstance(value, str):
        return "text (a string in quotes)"
    if isinstance(value, bool) or isinstance(value, np.bool_):
        return f"{value} (True/False)"
    if callable(value):
        return "a function"
    if isinstance(value, dict):
        return "a dictionary"
    if isinstance(value, (list, tuple)):
        return f"a {type(value).__name__} of {len(value)} item(s)"
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape}"
    kind = type(value).__name__
    return f"{'an' if kind[0] in 'aeiou' else 'a'} {kind}"


def number_answer(value: Any, what: str, whole: bool = False) -> float:
    """The answer as one finite float (an int when ``whole``), or a plain message saying what is wanted.

    Accepted: a Python or numpy number (or a 0-d array). Refused with "expected a number":
    text, True/False, lists and arrays, None-like values, NaN and infinity.
    """
    require(value, what)
    wanted = "a whole number, like 3 or 120" if whole else "a number, like 3 or 0.25"
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value[()]
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise WrongAnswer(f"`{what}` should be {wanted}; it is {plain_kind(value)}.")
    number = float(value)
    if not math.isfinite(number):
        raise WrongAnswer(f"`{what}` should be a finite number; it is {number}.")
    if whole:
        if number != round(number):
            raise WrongAnswer(f"`{what}` should be a whole number (it counts something); it has a fractional part.")
        return int(round(number))
    return number


def numbers_answer(value: Any, count: int, what: str, meaning: str) -> np.ndarray:
    """The answer as ``count`` finite floats (a tuple, list or array), or a plain message.

    ``meaning`` says what the numbers are, e.g. "(dC/dw, dC/db)".
    """
    require(value, what)
    in_words = {1: "one number", 2: "two numbers", 3: "three numbers"}.get(count, f"{count} numbers")
    if isinstance(value, (str, bytes, bool, np.bool_, dict)) or callable(value):
        raise WrongAnswer(f"`{what}` should be {in_words} {meaning}; it is {plain_kind(value)}.")
    try:
        flat = value if isinstance(value, (list, tuple)) else []
        if np.asarray(value).dtype.kind not in "iuf" or any(isinstance(v, (bool, np.bool_, str)) for v in flat):
            # text ("3.92") and True/False are not numbers
            raise TypeError
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise WrongAnswer(f"`{what}` should be {in_words} {meaning}, without quotes; it is {plain_kind(value)}"
                          + (" holding text or True/False" if isinstance(value, (list, tuple)) else "") + ".") from None
    if array.size != count:
        raise WrongAnswer(f"`{what}` should be {in_words} {meaning}; it has {array.size}.")
    if not np.all(np.isfinite(array)):
        raise WrongAnswer(f"`{what}` should be finite numbers; it holds NaN or infinity.")
    return array.reshape(count)


def choice_answer(value: Any, what: str, options: Sequence[str]) -> str:
    """The answer as one of ``options`` (letters such as "a", "b", ...; case and spaces ignored)."""
    require(value, what)
    allowed = ", ".join(f'"{option}"' for option in options)
    if not isinstance(value, str):
        raise WrongAnswer(f"`{what}` should be one of {allowed} (with the quotes); it is {plain_kind(value)}.")
    answer = value.strip().lower().strip("()")
    if answer not in [option.lower() for option in options]:
        raise WrongAnswer(f"`{what}` should be one of {allowed}.")
    return answer


# ---- calling a learner's function --------------------------------------------------------------

def call_learner(function: Any, *args, what: str, forbidden: Iterable[str] | str = (),
                 forgotten: str = "the `return` line") -> Any:
    """Call the learner's ``function(*args)`` and turn every way it can go wrong into a clear message.

    - not a function -> WrongAnswer; still the "your turn" stub -> NotDoneYet;
    - it used a ``forbidden`` package function -> WrongAnswer saying so. ``forbidden`` is a list
      of names (``["mse", "loss_and_gradient"]``, i.e. ``ll.mse`` ...) or ``"package"`` for every
      function of the course package. While the learner's function runs they refuse to work,
      however it reaches them (see ``shortcuts``), and holding one counts as using it;
    - it crashed -> WrongAnswer with its own error (our traceback is not shown);
    - it returned None -> WrongAnswer: probably ``forgotten``.
    """
    import lessons_lib

    from . import shortcuts

    if isinstance(function, type(None)) or function is Ellipsis:
        raise NotDoneYet(f"write `{what}` in the exercise cell above and run it, then run this cell again.")
    if not callable(function):
        raise WrongAnswer(f"`{what}` should be a function (def ...); it is {plain_kind(function)}.")
    whole_package = forbidden == "package"
    named = [] if whole_package else [getattr(lessons_lib, name) for name in forbidden]
    targets = (shortcuts.package_functions() if whole_package else named + [  # and copies of them in reloaded modules
        f for f in shortcuts.package_functions() if f.__name__ in forbidden and all(f is not g for g in named)])
    do_without = " (every function of the course package)" if whole_package else ""
    if targets:
        held = shortcuts.within_reach(function, None if whole_package else targets)
        if held:
            raise WrongAnswer(f"`{what}` uses {', '.join(held)}, which this exercise asks you to do without"
                              f"{do_without}: write the computation yourself with numpy.")
    before = shortcuts.snapshot()
    crash = None
    with shortcuts.modules_kept(), shortcuts.refusing(targets) as called:
        try:
            result = function(*args)
        except NotImplementedError:
            raise NotDoneYet(f"replace the `raise NotImplementedError(...)` line in `{what}` with your code, "
                             "run that cell, then run this one again.") from None
        except shortcuts.Refused:
            result = None
        except CheckFailed:
            raise
        except Exception as error:  # the learner's code crashed: say how, without our traceback
            text = str(error)
            crash = f"`{what}` stopped with {type(error).__name__}: " + (text if len(text) <= 300 else text[:300] + " ...")
        reloaded = shortcuts.loaded_copies(before, first_imports=whole_package) if targets else []
        replaced = replaced_originals(restore=True)  # what the learner's function itself replaced, put back
    if replaced:
        raise WrongAnswer(f"`{what}` replaces {', '.join(replaced)}, which the checks rely on: a function that "
                          "answers the exercise only computes its result. (They are put back now.)")
    if called:
        used = ", ".join(dict.fromkeys(called))
        raise WrongAnswer(f"`{what}` calls {used}, which this exercise asks you to do without{do_without}: "
                          f"write the computation yourself with numpy. (While your function is checked, "
                          f"{'every function of the package' if whole_package else used} refuses to run.)")
    if reloaded:
        raise WrongAnswer(f"`{what}` loads or reloads part of the course package ({', '.join(reloaded)}), which "
                          f"this exercise asks you to do without: write the computation yourself with numpy.")
    if crash:
        raise WrongAnswer(crash)
    if result is None:
        raise WrongAnswer(f"`{what}` returned None: did you forget {forgotten}?")
    return result


# ---- comparing and naming mistakes ---------------------------------------------------------------

def is_close(value: Any, target: Any, rtol: float = 1e-6, atol: float = 1e-9) -> bool:
    """True when ``value`` has the shape of ``target`` and matches it numerically."""
    try:
        value = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        return False
    target = np.asarray(target, dtype=float)
    return value.shape == target.shape and bool(np.allclose(value, target, rtol=rtol, atol=atol))


def named_mistake(value: Any, mistakes: Iterable[tuple[Any, str]], rtol: float = 1e-6, atol: float = 1e-9) -> str | None:
    """The message of the first (wrong_value, message) pair that ``value`` matches, or None."""
    for wrong, message in mistakes:
        if is_close(value, wrong, rtol=rtol, atol=atol):
            return message
    return None


def fresh_rng() -> np.random.Generator:
    """A random generator seeded afresh on every call (the check picks the seed): data the learner
    has not seen and cannot tabulate in advance."""
    return np.random.default_rng()


def shapes_of_data(rng: np.random.Generator, low: float = -2.0, high: float = 3.0) -> list[tuple[str, np.ndarray, np.ndarray]]:
    """Test data sets for a one-input neuron in the shapes a learner's code must handle:
    (description, x, y) for flat arrays, column arrays (n, 1), a single point and many points.
    The numbers are non-whole, so code that rounds or hard-codes a value fails.
    """
    def points(n: int) -> tuple[np.ndarray, np.ndarray]:
        x = rng.uniform(low, high, n).round(3) + 0.0005
        y = (rng.uniform(-3, 3) * x + rng.uniform(-2, 2) + rng.normal(0, 0.5, n)).round(3) + 0.0007
        return x, y

    x4, y4 = points(int(rng.integers(3, 7)))
    x1, y1 = points(1)
    xm, ym = points(int(rng.integers(40, 80)))
    x5, y5 = points(int(rng.integers(3, 7)))
    return [
        (f"{len(x4)} points as flat arrays, shape ({len(x4)},)", x4, y4),
        (f"{len(x5)} points as column arrays, shape ({len(x5)}, 1)", x5[:, None], y5[:, None]),
        ("a single point", x1, y1),
        (f"{len(xm)} points", xm, ym),
    ]


def describe_numbers(values: Any, digits: int = 4) -> str:
    """Numbers written out for a message: '(0.1234, -2.5)'. For inputs and the learner's own output,
    never for the expected value of a value answer."""
    array = np.ravel(np.asarray(values, dtype=float))
    if array.size > 6:
        shown = ", ".join(f"{v:.{digits}g}" for v in array[:3])
        return f"({shown}, ... {array.size} numbers)"
    return "(" + ", ".join(f"{v:.{digits}g}" for v in array) + ")"


# ---- grading in a fresh process (nbgrader's hidden tests) -------------------------------------

def _transportable(value: Any) -> bool:
    """Whether ``value`` can be written as a Python literal and read back unchanged."""
    import ast

    if isinstance(value, np.ndarray):
        return value.dtype.kind in "biuf"
    if isinstance(value, np.generic):
        return True
    try:
        return ast.literal_eval(repr(value)) == value
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return False


def _literal(value: Any) -> str:
    """Python source that rebuilds ``value`` (numbers, text, tuples, lists, dicts, numpy arrays)."""
    if isinstance(value, np.ndarray):
        return f"np.array({value.tolist()!r}, dtype={str(value.dtype)!r})"
    if isinstance(value, np.generic):
        return repr(value.item())
    return repr(value)


def _function_sources(function: Callable, seen: dict[str, str], imports: dict[str, str]) -> None:
    """The source of a notebook function and of the notebook functions, modules and constants it
    uses by name, into ``seen`` (name -> source) and ``imports`` (name -> import line)."""
    import inspect
    import textwrap
    import types

    name = function.__name__
    if name in seen:
        return
    seen[name] = textwrap.dedent(inspect.getsource(function))  # OSError/TypeError if it has none

    from .shortcuts import names_used

    for used in sorted(names_used(function.__code__)):
        if used not in function.__globals__:
            continue
        value = function.__globals__[used]
        if isinstance(value, types.ModuleType):
            imports[used] = f"import {value.__name__} as {used}"
        elif isinstance(value, types.FunctionType) and value.__module__ == function.__module__:
            _function_sources(value, seen, imports)
        elif isinstance(value, types.FunctionType) or isinstance(value, type):
            imports[used] = f"from {value.__module__} import {value.__qualname__} as {used}"
        elif _transportable(value):
            seen.setdefault(used, f"{used} = {_literal(value)}")
        else:
            raise TypeError(f"{name} uses {used!r}, which cannot be moved to a fresh process")


def grading_script(lesson: str, check: str, answers: Sequence[Any], options: dict) -> str:
    """The Python program ``in_fresh_process`` runs: the learner's answers rebuilt from source,
    then the check. Raises TypeError if an answer cannot be rebuilt that way."""
    sources: dict[str, str] = {}
    imports: dict[str, str] = {"np": "import numpy as np"}
    arguments = []
    for i, answer in enumerate(answers):
        if callable(answer) and hasattr(answer, "__code__"):
            _function_sources(answer, sources, imports)
            arguments.append(answer.__name__)
        elif _transportable(answer):
            arguments.append(_literal(answer))
        else:
            raise TypeError(f"answer {i + 1} ({type(answer).__name__}) cannot be moved to a fresh process")
    if not all(_transportable(value) for value in options.values()):
        raise TypeError("the check's options must be plain values")
    lines = ["import lessons_lib  # first: it records the genuine functions the checks rely on",
             *imports.values(), *sources.values(),
             "from lessons_lib.exercises import fresh_checks",
             "from lessons_lib.exercises.outcomes import CheckFailed",
             "try:",
             f"    fresh_checks({lesson!r}).{check}({', '.join(arguments)}"
             + "".join(f", {key}={_literal(value)}" for key, value in options.items()) + ")",
             "except CheckFailed as failed:",
             "    print(str(failed))",
             "    raise SystemExit(3)"]
    return "\n".join(lines) + "\n"


def in_fresh_process(lesson: str, check: str, *answers: Any, **options: Any) -> None:
    """Run ``fresh_checks(lesson).<check>(*answers, **options)`` in a new Python process.

    For grading (nbgrader's hidden tests): the learner's functions travel as their source code
    (with the notebook functions, modules and constants they use), values as literals, so
    nothing a notebook cell did to this kernel (a replaced check, a patched module) reaches the
    process that grades. Prints the check's ✔ line, or raises WrongAnswer with its message.
    An answer that cannot travel (a function without source) is checked here instead, as usual.
    """
    import subprocess
    import sys

    try:
        script = grading_script(lesson, check, answers, options)
    except (TypeError, OSError):
        from . import fresh_checks

        getattr(fresh_checks(lesson), check)(*answers, **options)
        return
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=600)
    if done.returncode == 0:
        print(done.stdout.strip())
    elif done.returncode == 3:
        raise WrongAnswer(done.stdout.strip().splitlines()[-1] if done.stdout.strip() else "not yet")
    else:
        raise WrongAnswer(f"your answer could not be graded in a fresh Python process: "
                          f"{(done.stderr.strip().splitlines() or ['no message'])[-1]}")


_plain_kind = plain_kind  # the name some lesson modules imported first
