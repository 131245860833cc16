"""The article's fixed-step rule for the puzzle 256 x + 212 y = 1492, written out by hand.

The tests of ``lessons_lib.puzzle`` and of lesson 1's explorer compare the package with this loop,
which shares no code with it.
"""
from __future__ import annotations

import numpy as np


def fixed_step_errors(x: float, y: float, step: float, tolerance: float, moves: int) -> np.ndarray:
    """The errors e = 256 x + 212 y - 1492 of up to ``moves`` moves (fewer if |e| < tolerance first).

    Moves alternate, x first: each moves its unknown by ``step`` against the sign of e.
    """
    errors = [256 * x + 212 * y - 1492]
    for move in range(moves):
        if abs(errors[-1]) < tolerance:
            break
        direction = -step if errors[-1] > 0 else step
        if move % 2 == 0:
            x += direction
        else:
            y += direction
        errors.append(256 * x + 212 * y - 1492)
    return np.array(errors)
