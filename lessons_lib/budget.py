"""What one call may cost: a memory budget and a time budget, checked before any work starts.

A function whose memory or running time grows with its arguments (epochs, learning rates,
grid sizes) first estimates what it will need. When that is over budget it raises a
ValueError saying how big the call would be, what makes it big and what to change, instead
of filling the machine's memory (a raw MemoryError, or a frozen notebook) or running for hours.
"""
from __future__ import annotations

# (To change a budget, set it here, e.g. lessons_lib.budget.MEMORY_BUDGET_MB = 1000:
# lessons_lib.MEMORY_BUDGET_MB is a copy for reading.)
MEMORY_BUDGET_MB = 200  # the most memory one call may hold, in megabytes (10**6 bytes)
LOOP_TIME_BUDGET_SECONDS = 60  # the longest one step-by-step loop may be expected to run

# What one update of a step-by-step loop costs in Python + numpy, measured on a 2-core
# machine in 2026: about 10 microseconds whatever the data, plus about 3 nanoseconds per
# number of the data it touches (n points x (d + 1) columns). Only an estimate: a slower
# machine takes longer, but never by the factor of 1000 that the budget guards against.
SECONDS_PER_LOOP_UPDATE = 1e-5
SECONDS_PER_LOOP_NUMBER = 3e-9

BYTES_PER_NUMBER = 8  # every array in lessons_lib holds 64-bit floats


def human_bytes(size: float) -> str:
    """A memory size in round words: 4.8e9 -> 'about 4.8 GB' (1 GB = 10**9 bytes)."""
    for unit, scale in (("PB", 1e15), ("TB", 1e12), ("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if size >= scale:
            return f"about {size / scale:.1f} {unit}" if size / scale < 10 else f"about {size / scale:,.0f} {unit}"
    return f"{size:.0f} bytes"


def human_seconds(seconds: float) -> str:
    """A duration in round words: 7200 -> 'about 2 hours'."""
    for unit, scale in (("years", 365.25 * 86400), ("days", 86400), ("hours", 3600), ("minutes", 60)):
        if seconds >= scale:
            amount = seconds / scale
            return f"about {amount:.2g} {unit}" if amount < 10 else f"about {amount:,.0f} {unit}"
    return f"about {seconds:.2g} seconds"


def check_memory(caller: str, size_in_bytes: float, what_makes_it_big: str, what_to_do: str) -> None:
    """Refuse a call that would hold more than MEMORY_BUDGET_MB megabytes.

    The message reads: "<caller> would hold about 4.8 GB, more than the 200 MB budget
    (lessons_lib.budget.MEMORY_BUDGET_MB): <what makes it big>. <what to do>."
    """
    if size_in_bytes > MEMORY_BUDGET_MB * 1e6:
        raise ValueError(f"{caller} would hold {human_bytes(size_in_bytes)}, more than the {MEMORY_BUDGET_MB} MB "
                         f"budget (lessons_lib.budget.MEMORY_BUDGET_MB): {what_makes_it_big}. {what_to_do}")


def loop_seconds(updates: float, numbers_per_update: float) -> float:
    """The estimated running time of a Python loop making ``updates`` updates, each touching
    ``numbers_per_update`` numbers of the data (see SECONDS_PER_LOOP_UPDATE)."""
    return updates * (SECONDS_PER_LOOP_UPDATE + SECONDS_PER_LOOP_NUMBER * numbers_per_update)


def check_loop_time(caller: str, updates: float, numbers_per_update: float, what_makes_it_long: str,
                    what_to_do: str) -> None:
    """Refuse a step-by-step loop expected to run longer than LOOP_TIME_BUDGET_SECONDS.

    The message reads: "<caller> would run for about 3 hours, more than the 60 s budget
    (lessons_lib.budget.LOOP_TIME_BUDGET_SECONDS): <what makes it long>. <what to do>."
    """
    seconds = loop_seconds(updates, numbers_per_update)
    if seconds > LOOP_TIME_BUDGET_SECONDS:
        raise ValueError(f"{caller} would run for {human_seconds(seconds)}, more than the "
                         f"{LOOP_TIME_BUDGET_SECONDS} s budget (lessons_lib.budget.LOOP_TIME_BUDGET_SECONDS): "
                         f"{what_makes_it_long}. {what_to_do}")


def most_updates_in_time(numbers_per_update: float) -> int:
    """About the largest number of loop updates that fits LOOP_TIME_BUDGET_SECONDS (2 significant digits)."""
    most = int(LOOP_TIME_BUDGET_SECONDS / loop_seconds(1, numbers_per_update))
    if most < 100:
        return most
    unit = 10 ** (len(str(most)) - 2)
    return most // unit * unit


def check_record_memory(caller: str, *, steps: int, record_every: int, runs: int | None, per_state: int,
                        contents: str, step_word: str, shorter: str) -> None:
    """Refuse a training call whose kept states would not fit MEMORY_BUDGET_MB, saying what would.

    A run of ``steps`` steps ("epochs" or "updates", ``step_word``) keeps ceil(steps / k) + 1 states
    for record_every = k, each of ``per_state`` numbers (``contents`` names them), once per
    learning rate (``runs``; None for a single run). ``shorter`` says how to make the run shorter
    (e.g. "fewer epochs or fewer learning rates"). The message names a record_every that fits.
    """
    kept = -(-steps // record_every) + 1 if steps else 1
    copies = runs or 1
    size = BYTES_PER_NUMBER * copies * kept * per_state
    if size <= MEMORY_BUDGET_MB * 1e6:
        return
    fitting = int(MEMORY_BUDGET_MB * 1e6 // (BYTES_PER_NUMBER * copies * per_state))  # kept states that fit
    singular = step_word[:-1]
    if fitting >= 2:
        k = -(-steps // (fitting - 1))  # the smallest k with ceil(steps / k) + 1 <= fitting
        advice = (f"Use {shorter}, or keep only every k-th {singular} with record_every=k (record_every={k:_} "
                  f"fits), or only the start and the end with record_every={steps:_}.")
    else:
        most = int(MEMORY_BUDGET_MB * 1e6 // (BYTES_PER_NUMBER * 2 * per_state))
        advice = f"Use fewer learning rates: even keeping only the start and the end, {most:,} of them fit."
    rates = f"{runs:,} learning rates × " if runs is not None else ""
    check_memory(caller, size, f"{rates}{kept:,} recorded {step_word} × {per_state} numbers ({contents}) "
                 f"× {BYTES_PER_NUMBER} bytes", advice)
