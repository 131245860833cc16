"""Exercise self-checks: each one recognises the common mistakes and names them.

Every ``check_*`` function
- returns a ``Passed`` note (shown as "✔ ...") when the answer is right;
- raises ``NotDoneYet`` when the exercise was not attempted (the answer is still ``None``,
  or the function still raises ``NotImplementedError``, as in the student edition);
- raises ``WrongAnswer`` with the specific mistake it recognised ("wrong sign", "forgot the
  1/n", "x outside the sum", ...) or, failing that, what was expected.
Both errors are ``AssertionError``s, so a check cell doubles as an nbgrader test cell: it
gives the points exactly when it passes.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

import numpy as np


class NotDoneYet(AssertionError):
    """The exercise has not been attempted yet."""


class WrongAnswer(AssertionError):
    """The answer is wrong; the message names the mistake."""


@dataclass(frozen=True)
class Passed:
    message: str

    def __repr__(self) -> str:
        return f"✔ {self.message}"


def require_answer(value: Any, what: str) -> None:
    """Raise NotDoneYet if ``value`` is still the placeholder None (or Ellipsis)."""
    if value is None or value is Ellipsis:
        raise NotDoneYet(f"Not done yet: set {what} in the exercise cell above, run it, then run this check again.")


def call_learner_function(function: Callable, *args, what: str = "your function") -> Any:
    """Call the learner's function; turn 'not written yet' and crashes into clear messages."""
    if not callable(function):
        raise WrongAnswer(f"{what} should be a function (def ...), got {type(function).__name__}.")
    try:
        return function(*args)
    except NotImplementedError:
        raise NotDoneYet(f"Not done yet: replace the `raise NotImplementedError()` line in {what} with your code.") from None
    except Exception as error:  # the learner's code crashed: say how, without our traceback
        raise WrongAnswer(f"{what} raised {type(error).__name__}: {error}") from None


def is_close(value: Any, target: Any, rtol: float = 1e-6, atol: float = 1e-9) -> bool:
    """True when ``value`` has ``target``'s shape and matches it numerically."""
    try:
        value = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        return False
    target = np.asarray(target, dtype=float)
    return value.shape == target.shape and bool(np.allclose(value, target, rtol=rtol, atol=atol))


def as_number(value: Any, what: str) -> float:
    """The answer as one float, or WrongAnswer saying it should be a single number."""
    require_answer(value, what)
    try:
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise WrongAnswer(f"{what} should be a single number, got {value!r}.") from None
    if array.size != 1:
        raise WrongAnswer(f"{what} should be a single number, got an array of shape {array.shape}.")
    return float(array.reshape(()))


# ---- Lesson 1: guessing vs. learning -------------------------------------------------------

# ---- end of lesson 1 -----------------------------------------------------------------------

# ---- Lesson 2: the neuron and its loss -----------------------------------------------------

# ---- end of lesson 2 -----------------------------------------------------------------------

# ---- Lesson 3: deriving the gradient -------------------------------------------------------

# ---- end of lesson 3 -----------------------------------------------------------------------

# ---- Lesson 4: the training loop -----------------------------------------------------------

# ---- end of lesson 4 -----------------------------------------------------------------------

# ---- Lesson 5: the learning rate -----------------------------------------------------------

# ---- end of lesson 5 -----------------------------------------------------------------------

# ---- Lesson 6: many inputs, one neuron -----------------------------------------------------

# ---- end of lesson 6 -----------------------------------------------------------------------
