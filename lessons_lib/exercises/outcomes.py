"""How a check ends when it does not pass. Kept apart from ``framework`` and never reloaded, so
these stay the same classes however often ``fresh_checks`` reloads the checks."""
from __future__ import annotations


class CheckFailed(AssertionError):
    """A check that did not pass. Shown as its message alone: no traceback through lessons_lib."""

    label = "Not yet"
    colour = "\x1b[1;31m"  # bold red

    def _render_traceback_(self) -> list[str]:
        """What IPython shows instead of a traceback: the label and the message."""
        first, *rest = str(self).splitlines() or [""]
        return [f"{self.colour}{self.label}\x1b[0m {first}", *rest]


class NotDoneYet(CheckFailed):
    """The exercise has not been attempted yet."""

    label = "Not done yet:"
    colour = "\x1b[1;33m"  # bold yellow

    def __init__(self, message: str = "") -> None:
        super().__init__(message)


class WrongAnswer(CheckFailed):
    """The answer is not right yet; the message names the mistake or what to reconsider."""

    label = "✘"


# ---- what the checks rely on, as it was before any notebook cell ran ----------------------------
# ``import lessons_lib`` imports this module first thing, so these are the genuine objects; a
# check compares them with what is there when it runs (``framework.refuse_tampering``).
import builtins as _builtins  # noqa: E402
import importlib as _importlib  # noqa: E402

import numpy as _np  # noqa: E402

RELIED_ON = {
    "builtins": (_builtins, ("abs", "all", "any", "callable", "float", "int", "isinstance", "len", "max", "min",
                             "print", "range", "round", "sorted", "str", "sum", "type", "zip")),
    "importlib": (_importlib, ("import_module", "reload")),
    "numpy": (_np, ("abs", "all", "allclose", "any", "array", "array_equal", "asarray", "isclose", "isfinite",
                    "max", "mean", "min", "ravel", "sign", "sqrt", "sum")),
    "numpy.linalg": (_np.linalg, ("eig", "eigh", "eigvals", "eigvalsh", "lstsq", "norm", "pinv", "solve", "svd")),
    "numpy.random": (_np.random, ("default_rng",)),  # the checks' fresh data must stay unpredictable
}
ORIGINALS = {(module_name, name): getattr(module, name)
             for module_name, (module, names) in RELIED_ON.items() for name in names}
