"""Keeping the course package out of a learner's function while a check runs it.

Some exercises ask for code written with numpy alone ("your own mse, not ``ll.mse``"). Swapping
the *name* ``ll.mse`` is not enough: a learner's function can hold the real function in a
default argument, a dict, an object or a closure, or reach it through another package function
(``ll.losses.point_loss``). So, while the learner's function runs, each forbidden function gets a
stand-in *code object* that refuses: every reference to that function object then refuses,
however it was reached. Before the call, ``within_reach`` looks through what the learner's
function holds; after it, ``loaded_copies`` spots a reloaded or copied package module (which
would hold fresh, unswapped functions). Everything is restored afterwards, also after an error.
The check framework itself (framework, outcomes, progress, this module) keeps working.
"""
from __future__ import annotations

import functools
import numbers
import os
import sys
import types
from contextlib import contextmanager
from typing import Any, Iterable, Iterator

import numpy as np

KEEP_WORKING = ("lessons_lib.exercises", "lessons_lib.exercises.framework", "lessons_lib.exercises.outcomes",
                "lessons_lib.exercises.progress", "lessons_lib.exercises.shortcuts")
REFUSER = "__lessons_lib_refuser__"  # the name the stand-in code looks up in its function's globals
_STAND_INS: dict[str, types.CodeType] = {}


class Refused(BaseException):
    """Raised by a package function while it refuses to run. A BaseException, so a learner's
    ``except Exception`` does not swallow it (a bare ``except:`` does, but the call is recorded)."""


def package_dir() -> str:
    import lessons_lib

    return os.path.dirname(os.path.abspath(lessons_lib.__file__)) + os.sep


def label(function: Any) -> str:
    """A package function as a learner writes it: ``ll.mse`` for the package's own names, else
    ``ll.<module>.<name>`` (``ll.losses.point_loss``)."""
    import lessons_lib

    name = getattr(function, "__name__", "?")
    if getattr(lessons_lib, name, None) is function:
        return f"ll.{name}"
    module = getattr(function, "__module__", None) or "lessons_lib"
    return f"{module.replace('lessons_lib', 'll', 1)}.{getattr(function, '__qualname__', name)}"


def _module_names() -> list[str]:
    return [name for name, module in list(sys.modules.items())
            if module is not None and (name == "lessons_lib" or name.startswith("lessons_lib."))]


def package_functions() -> list[types.FunctionType]:
    """Every function defined in a loaded module of the package (module level and in its
    classes), except the check framework's own."""
    found: dict[int, types.FunctionType] = {}
    for name in _module_names():
        if name in KEEP_WORKING:
            continue
        for value in list(vars(sys.modules[name]).values()):
            if getattr(value, "__module__", None) != name:
                continue
            members = list(vars(value).values()) if isinstance(value, type) else [value]
            for member in members:
                if isinstance(member, (staticmethod, classmethod)):
                    member = member.__func__
                parts = [member.fget, member.fset, member.fdel] if isinstance(member, property) else [member]
                found.update((id(part), part) for part in parts if isinstance(part, types.FunctionType)
                             and part.__name__ != "__getattr__")  # a module's lazy import is not a shortcut
    return list(found.values())


def _stand_in_code(text: str) -> types.CodeType:
    """The code of ``def refuse(*args, **kwargs): return <REFUSER>(text)``, without free
    variables, so it fits any function that has none."""
    if text not in _STAND_INS:
        namespace: dict[str, Any] = {}
        exec(f"def refuse(*args, **kwargs):\n    return {REFUSER}({text!r})\n", namespace)  # noqa: S102
        _STAND_INS[text] = namespace["refuse"].__code__
    return _STAND_INS[text]


@contextmanager
def refusing(functions: Iterable[types.FunctionType]) -> Iterator[list[str]]:
    """While the block runs, each of ``functions`` refuses (raises Refused), however it is
    reached. Yields the labels of the ones called. Restores everything afterwards."""
    called: list[str] = []

    def refuser(text: str):
        called.append(text)
        raise Refused(text)

    planned = [(function, function.__code__, _stand_in_code(label(function))) for function in functions]
    swapped, namespaces = [], []
    try:
        for function, original, stand_in in planned:
            try:
                function.__code__ = stand_in
            except ValueError:  # a closure: its code cannot be swapped for one without free variables
                continue
            swapped.append((function, original))
            namespace = function.__globals__
            if REFUSER not in namespace:
                namespace[REFUSER] = refuser
                namespaces.append(namespace)
        yield called
    finally:
        for function, original in swapped:
            function.__code__ = original
        for namespace in namespaces:
            namespace.pop(REFUSER, None)


def names_used(code: types.CodeType) -> set[str]:
    """Every global or attribute name a function's code (and the code nested in it) uses."""
    names = set(code.co_names)
    for constant in code.co_consts:
        if isinstance(constant, types.CodeType):
            names |= names_used(constant)
    return names


def within_reach(function: Any, targets: Iterable[types.FunctionType] | None = None, limit: int = 20_000) -> list[str]:
    """Labels of the package functions (of ``targets``, or any when None) the learner's
    ``function`` holds on to: itself, its default arguments, its closure, the notebook names its
    code uses and whatever those hold (lists, dicts, functools.partial, bound methods, objects and
    classes of the learner's own), followed through the learner's own functions. Modules are not
    entered: a call through ``ll.`` is refused when it happens (``refusing``)."""
    wanted = None if targets is None else {id(t) for t in targets}
    in_package, home_dir = package_dir(), getattr(function, "__globals__", None)
    home_module = getattr(function, "__module__", None)
    found: list[str] = []
    seen: set[int] = set()
    stack = [function]

    def is_package_code(code: types.CodeType) -> bool:
        return os.path.abspath(code.co_filename).startswith(in_package)

    while stack and len(seen) < limit:
        item = stack.pop()
        if id(item) in seen or isinstance(item, (types.ModuleType, str, bytes, numbers.Number, type(None))):
            continue
        seen.add(id(item))
        if isinstance(item, types.FunctionType):
            if is_package_code(item.__code__) or (item.__module__ or "").startswith("lessons_lib"):
                if (wanted is None and (item.__module__ or "") not in KEEP_WORKING) or (wanted and id(item) in wanted):
                    found.append(label(item))
            elif item.__globals__ is home_dir:  # the learner's own function: look inside
                stack += [*(item.__defaults__ or ()), *(item.__kwdefaults__ or {}).values(), item.__code__,
                          *vars(item).values()]
                for cell in item.__closure__ or ():
                    try:
                        stack.append(cell.cell_contents)
                    except ValueError:  # an empty cell
                        pass
                stack += [home_dir[name] for name in names_used(item.__code__) if name in home_dir]
        elif isinstance(item, types.CodeType):
            if is_package_code(item) and (wanted is None or any(
                    getattr(t, "__code__", None) is item for t in (targets or ()))):
                found.append(f"the code of a package function ({item.co_name})")
            stack += [c for c in item.co_consts if isinstance(c, types.CodeType)]
        elif isinstance(item, types.MethodType):
            stack += [item.__func__, item.__self__]
        elif isinstance(item, functools.partial):
            stack += [item.func, *item.args, *item.keywords.values()]
        elif isinstance(item, (staticmethod, classmethod)):
            stack.append(item.__func__)
        elif isinstance(item, property):
            stack += [item.fget, item.fset, item.fdel]
        elif isinstance(item, dict):
            stack += [*item.keys(), *item.values()]
        elif isinstance(item, (list, tuple, set, frozenset)):
            stack += list(item)
        elif isinstance(item, np.ndarray):
            if item.dtype == object:
                stack += list(item.ravel()[:limit])
        elif isinstance(item, type):
            if item.__module__ == home_module:
                stack += list(vars(item).values())
        elif type(item).__module__ in (home_module, "types"):  # an object of the learner's own class
            stack += [*getattr(item, "__dict__", {}).values(), type(item)]
    return list(dict.fromkeys(found))


def snapshot() -> dict[str, tuple[int, frozenset]]:
    """Each loaded package module with the identities of its functions: a reload or a second copy
    of a module shows up as a change."""
    state = {}
    for name in _module_names():
        module = sys.modules[name]
        state[name] = (id(module), frozenset(id(v) for k, v in list(vars(module).items())
                                             if isinstance(v, types.FunctionType) and k != REFUSER))
    return state


@contextmanager
def modules_kept() -> Iterator[None]:
    """Whatever the block reloads of the package, the package's modules hold their own objects
    again afterwards (a learner's ``importlib.reload(ll.losses)`` must not outlive the check)."""
    saved = {name: (sys.modules[name], dict(vars(sys.modules[name]))) for name in _module_names()}
    try:
        yield
    finally:
        for name, (module, contents) in saved.items():
            sys.modules[name] = module
            vars(module).update(contents)


def loaded_copies(before: dict[str, tuple[int, frozenset]], first_imports: bool = True) -> list[str]:
    """Package modules reloaded since ``before``, copies of them under other names, and (when
    ``first_imports``) modules of the package imported for the first time: each holds functions
    that were not swapped."""
    after = snapshot()
    changed = [name for name, state in after.items() if before.get(name, state) != state]
    in_package = package_dir()
    for name, module in list(sys.modules.items()):
        source = getattr(module, "__file__", None) or ""
        if name in before or not isinstance(source, str) or not os.path.abspath(source).startswith(in_package):
            continue
        if first_imports or not name.startswith("lessons_lib"):
            changed.append(name)
    return sorted(set(changed) - set(KEEP_WORKING))
