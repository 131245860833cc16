"""lessons_lib: the helper package of the course "How a Neuron Learns".

Where to start reading: ``descent.py`` (``gradient_descent_loop``, the training loop in a few lines).

The core (data, neuron, losses, curvature, descent, stochastic, verdicts, puzzle) needs only
numpy; everything it exports is imported at once. The figures (``lessons_lib.figures.lesson04``
...), the sliders (``lessons_lib.widgets``) and the exercise checks (``lessons_lib.exercises``)
load matplotlib and ipywidgets, so they are imported on first use.
"""
from __future__ import annotations

import importlib

from .exercises import outcomes as _check_outcomes  # noqa: F401  (records what the checks rely on, before any cell runs)
from .budget import LOOP_TIME_BUDGET_SECONDS, MEMORY_BUDGET_MB
from .curvature import (
    condition_number,
    contraction_factor,
    hessian,
    least_squares_solution,
    optimal_learning_rate,
    stability_limit,
)
from .data import TwoPointData, make_house_data, make_line_data, make_puzzle_data, make_two_point_data, scale_features
from .descent import gradient_descent, gradient_descent_loop
from .history import DIVERGENCE_FACTOR, History
from .losses import LOSS_NAMES, half_mse, loss_and_gradient, loss_surface, mae, mse, numerical_gradient
from .neuron import predict
from .stochastic import stochastic_gradient_descent
from .verdicts import classify_run

__all__ = [
    "DIVERGENCE_FACTOR", "History", "LOOP_TIME_BUDGET_SECONDS", "LOSS_NAMES", "MEMORY_BUDGET_MB", "TwoPointData",
    "classify_run", "condition_number", "contraction_factor", "gradient_descent", "gradient_descent_loop",
    "half_mse", "hessian", "least_squares_solution", "loss_and_gradient", "loss_surface", "mae", "make_line_data",
    "make_house_data", "make_puzzle_data", "make_two_point_data", "mse", "numerical_gradient", "optimal_learning_rate", "predict",
    "scale_features", "stability_limit", "stochastic_gradient_descent",
]

_LAZY_MODULES = {"widgets", "puzzle", "figures", "exercises"}


def __getattr__(name: str):
    """Import the heavier submodules (matplotlib, ipywidgets) only when first used."""
    if name in _LAZY_MODULES:
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module 'lessons_lib' has no attribute {name!r}")
