"""Lesson 6's data and figures (lessons_lib/data.py: make_house_data; lessons_lib/figures/lesson06.py) draw
what they claim: the runs' own paths over loss maps whose minimum is the least-squares fit, the
condition numbers in the titles, a status line that follows the slider, and the puzzle's line of
solutions with each run ending on it."""
from __future__ import annotations

import numpy as np
import pytest

import lessons_lib as ll
from lessons_lib.data import make_house_data
from lessons_lib.figures import lesson06 as figures


def half_mse(X, y, w, b):
    return np.mean((np.asarray(X, dtype=float).reshape(len(y), -1) @ np.atleast_1d(w) + b - y) ** 2) / 2


# ---- the house data -----------------------------------------------------------------------------

def test_house_data_is_seeded_whole_numbered_and_correlated():
    X, y = make_house_data()
    X2, y2 = make_house_data()
    np.testing.assert_array_equal(X, X2)
    np.testing.assert_array_equal(y, y2)
    assert X.shape == (50, 2) and y.shape == (50,)
    np.testing.assert_array_equal(X, X.round())                       # whole m², whole rooms
    assert 40 <= X[:, 0].min() and X[:, 0].max() <= 220 and 1 <= X[:, 1].min() and X[:, 1].max() <= 8
    assert 20 < X[:, 0].std() < 40 and 0.7 < X[:, 1].std() < 1.6       # scales about 30 and 1
    assert 0.6 < np.corrcoef(X.T)[0, 1] < 0.8
    assert not np.array_equal(make_house_data(seed=1)[0], X)
    assert make_house_data(n=7)[0].shape == (7, 2)


@pytest.mark.parametrize("kwargs, phrase", [({"n": 1}, "n must be a whole number"), ({"n": 2.5}, "n must be"),
                                            ({"seed": -1}, "seed must be"), ({"n": True}, "n must be")])
def test_house_data_refuses_bad_arguments(kwargs, phrase):
    with pytest.raises(ValueError, match=phrase):
        make_house_data(**kwargs)


def test_the_lesson_numbers_of_the_house_data():
    # recomputed here without the package: kappa of H = (1/n) A^T A, raw and standardised
    X, y = make_house_data()
    def kappa(inputs):
        A = np.column_stack([inputs, np.ones(len(inputs))])
        lam = np.linalg.eigvalsh(A.T @ A / len(A))
        return lam.max() / lam.min()
    Z = (X - X.mean(axis=0)) / X.std(axis=0)
    rho = np.corrcoef(X.T)[0, 1]
    assert kappa(X) == pytest.approx(259_785.65, rel=1e-6)
    assert kappa(Z) == pytest.approx((1 + rho) / (1 - rho))            # eigenvalues 1 - rho, 1, 1 + rho
    assert kappa(X - X.mean(axis=0)) == pytest.approx(1263.52, rel=1e-5)


# ---- small helpers --------------------------------------------------------------------------------

def test_condition_and_best_rate_of_the_line_data():
    x, _ = ll.make_line_data()
    root = np.sqrt(269)  # MSE Hessian [[15, 5], [5, 2]]: eigenvalues (17 ± sqrt 269)/2; half of it for MSE/2
    assert figures.condition_of(x) == pytest.approx((17 + root) / (17 - root))
    assert figures.best_rate_of(x) == pytest.approx(2 / 8.5)           # 2 / trace of [[7.5, 2.5], [2.5, 1]]
    assert figures.condition_of(x - x.mean()) == pytest.approx(1.25)
    x_puzzle, _ = ll.make_puzzle_data()
    assert figures.condition_of(x_puzzle) == pytest.approx(1.0)        # zero eigenvalues are left out


def test_weight_plane_loss_is_the_loss_at_each_grid_point():
    X, y = make_house_data()
    w1, w2 = np.array([1.0, 2.5, 3.0]), np.array([-4.0, 20.0])
    grid = figures.weight_plane_loss(X, y, w1, w2, b=30.0)
    assert grid.shape == (2, 3)
    assert grid[1, 0] == pytest.approx(half_mse(X, y, [1.0, 20.0], 30.0))
    with pytest.raises(ValueError, match="two input features"):
        figures.weight_plane_loss(X[:, :1], y, w1, w2, 0.0)


# ---- section 3: the centring figure ------------------------------------------------------------

def test_centring_figure_draws_both_runs_over_maps_with_their_minimum():
    x, y = ll.make_line_data()
    xc = x - x.mean()
    raw = ll.gradient_descent(x, y, 0.0, 6.0, ll.optimal_learning_rate(x), 30)
    centred = ll.gradient_descent(xc, y, 0.0, 6.0, ll.optimal_learning_rate(xc), 30)
    fig = figures.centring_figure(x, y, raw, centred)
    maps = fig.axes[:2]
    for ax, run, minimum in zip(maps, (raw, centred), ((3.0, 1.0), (3.0, 8.5))):
        path = next(line for line in ax.get_lines() if line.get_label().startswith("gradient descent"))
        np.testing.assert_allclose(np.array(path.get_data()), [run.w, run.b])
        star = next(line for line in ax.get_lines() if line.get_label() == "minimum")
        np.testing.assert_allclose(np.ravel(star.get_data()), minimum, atol=1e-9)
        assert ax.get_aspect() == 1.0                                  # equal scales: angles look right
    assert "55.8" in maps[0].get_title() and "1.25" in maps[1].get_title()
    with pytest.raises(ValueError, match="one run"):
        figures.centring_figure(x, y, ll.gradient_descent(x, y, 0.0, 6.0, [0.1, 0.2], 3), centred)


# ---- section 4: the scaling explorer -----------------------------------------------------------

def test_scaling_explorer_draws_the_runs_and_tells_their_verdicts():
    X, y = make_house_data()
    explorer = figures.scaling_explorer(X, y)
    panels = explorer.panels
    status = explorer.status.value
    assert "centred: η = 0.00268 → <b>oscillating</b>" in status and "21%" in status
    assert "standardised: η = 1 → <b>converging</b>" in status
    runs = panels.runs(1.0)
    np.testing.assert_allclose(np.array(panels.paths["centred"].get_data()), runs["centred"].w[::25].T)
    np.testing.assert_allclose(np.array(panels.paths["standardised"].get_data()), runs["standardised"].w.T)
    assert "1,264" in panels.ax_centred.get_title() and "5.95" in panels.ax_standard.get_title()
    # the maps' minimum is the least-squares fit, in each one's own units
    std = X.std(axis=0)
    w_best, _ = ll.least_squares_solution(X, y)
    np.testing.assert_allclose(panels.best["centred"][:2], w_best)
    np.testing.assert_allclose(panels.best["standardised"][:2], w_best * std)
    explorer.controls[0].value = 1.01                                  # just past the centred data's cliff
    assert "centred: η = 0.0027 → <b>diverged at epoch" in explorer.status.value
    assert "standardised: η = 1.01 → <b>converging</b>" in explorer.status.value
    explorer.controls[0].value = 1.2                                   # past the standardised cliff too
    assert explorer.status.value.count("diverged at epoch") == 2
    assert explorer._repr_mimebundle_()["text/plain"].startswith("Scaling explorer")


def test_scaling_explorer_keeps_its_legend_off_the_maps_and_the_valley_readable():
    # a path past the cliff runs anywhere on a map, and moving artists are drawn last: the legend sits outside
    X, y = make_house_data()
    panels = figures.scaling_explorer(X, y, multiple=1.3).panels
    assert panels.ax_centred.get_legend() is None and panels.ax_standard.get_legend() is None
    (legend,) = panels.fig.legends
    assert [t.get_text() for t in legend.get_texts()] == ["gradient descent", "start $w = 0$", "minimum"]
    renderer = panels.fig.canvas.get_renderer()
    legend_box = legend.get_window_extent(renderer)
    for ax in (panels.ax_centred, panels.ax_standard):
        assert not legend_box.overlaps(ax.get_window_extent(renderer))
    assert panels.ax_centred.get_window_extent(renderer).width > 150      # pixels at 100 dpi: not a sliver
    assert len([t for t in panels.ax_centred.get_xticks() if -4.5 <= t <= 9.5]) >= 4


def test_the_cliff_is_one_plus_one_over_kappa_times_the_best_rate():
    X, y = make_house_data()
    for inputs in (X - X.mean(axis=0), (X - X.mean(axis=0)) / X.std(axis=0)):
        ratio = ll.stability_limit(inputs) / ll.optimal_learning_rate(inputs)
        assert ratio == pytest.approx(1 + 1 / ll.condition_number(inputs))


def test_scaling_panels_refuse_other_data():
    X, y = make_house_data()
    with pytest.raises(ValueError, match="two input features"):
        figures.ScalingPanels(np.column_stack([X, X[:, 0]]), y)
    with pytest.raises(ValueError, match="every"):
        figures.ScalingPanels(X, y, epochs=10, every=20)


# ---- Going further: the puzzle's nearest solutions ----------------------------------------------

def test_nearest_solutions_figure_ends_each_run_on_the_line_of_solutions():
    x, y = ll.make_puzzle_data()
    runs = [ll.gradient_descent(x, y, start, 0.0, 9e-6, 40) for start in ([1.0, -2.0], [-5.0, 4.0])]
    fig = figures.nearest_solutions_figure(runs)
    ax = fig.axes[0]
    solutions = ax.get_lines()[0]
    u, v = solutions.get_data()
    np.testing.assert_allclose(256 * np.asarray(u) + 212 * np.asarray(v), 1492)
    ends = [line for line in ax.get_lines() if line.get_marker() == "o"]
    for end, run in zip(ends, runs):
        np.testing.assert_allclose(np.ravel(end.get_data()), run.w[-1])
    with pytest.raises(ValueError, match="at least one"):
        figures.nearest_solutions_figure([])
