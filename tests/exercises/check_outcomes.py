"""What a failing check raised, for the per-lesson check tests.

The exception is matched by its class name, not by identity: ``fresh_checks`` reloads the framework,
which makes new exception classes. Both are AssertionErrors, so nbgrader scores them 0.
"""
from __future__ import annotations

from typing import Any, Callable

import pytest


def raises(kind: str, check: Callable[..., Any], *args: Any, **kwargs: Any) -> str:
    """Run ``check(*args, **kwargs)``, assert it raised the outcome named ``kind``, return its message."""
    with pytest.raises(AssertionError) as caught:
        check(*args, **kwargs)
    assert type(caught.value).__name__ == kind, f"expected {kind}, got {type(caught.value).__name__}: {caught.value}"
    return str(caught.value)


def raises_wrong(check: Callable[..., Any], *args: Any, **kwargs: Any) -> str:
    """The message of the WrongAnswer (a recognised mistake or "not yet") the check raises."""
    return raises("WrongAnswer", check, *args, **kwargs)


def raises_not_done(check: Callable[..., Any], *args: Any, **kwargs: Any) -> str:
    """The message of the NotDoneYet (no answer yet) the check raises."""
    return raises("NotDoneYet", check, *args, **kwargs)
