"""Lesson 3's figures (lessons_lib/figures/lesson03.py) draw what they claim: the secant through the
two points and the tangent with the derivative as slope, the runs' paths and losses, the big step's
numbers, the step-size and step-gain curves, and a gradient field that points downhill."""
from __future__ import annotations

import numpy as np
import pytest

import lessons_lib as ll
from lessons_lib.figures import lesson03 as figures
from lessons_lib.figures.common import new_figure


def data():
    d = ll.make_two_point_data(seed=42)
    return d.x.ravel(), d.y.ravel(), d.w0, d.b0


def half_mse(x, y, w, b):
    return np.mean((w * x + b - y) ** 2) / 2


def slope_of(line) -> float:
    u, v = line.get_data()
    return (v[-1] - v[0]) / (u[-1] - u[0])


@pytest.mark.parametrize("w, h", [(0.5, 1.0), (2.7, 0.01), (-0.3, 0.4)])
def test_secant_runs_through_both_points_and_tangent_has_the_derivative_as_slope(w, h):
    x, y, *_ = data()
    fig, axes = new_figure()
    artists = figures.plot_secant_and_tangent(axes[0], x, y, w, 1.0, h)
    c0, c1 = half_mse(x, y, w, 1.0), half_mse(x, y, w + h, 1.0)
    assert slope_of(artists["secant"]) == pytest.approx((c1 - c0) / h)
    assert slope_of(artists["tangent"]) == pytest.approx(np.mean((w * x + 1.0 - y) * x))
    np.testing.assert_allclose(np.array(artists["points"].get_data()), [[w, w + h], [c0, c1]])
    u, v = artists["secant"].get_data()
    assert np.interp(w + h, u, v) == pytest.approx(c1)  # the secant passes through the second point


def test_secant_explorer_status_follows_the_sliders():
    x, y, *_ = data()
    explorer = figures.secant_explorer(x, y, b=1.0)
    assert "-0.5221" in explorer.status.value and "-0.7831" in explorer.status.value  # w = 0.5, h = 1
    explorer.controls[1].value = 0.001
    numbers = figures.secant_and_tangent(x, y, 0.5, 1.0, explorer.controls[1].value)
    assert f"{numbers['secant']:+.4f}" in explorer.status.value
    assert abs(numbers["secant"] - numbers["tangent"]) < 1e-3  # the secant has turned into the tangent
    explorer.controls[0].value = 2.0
    assert "flat: the bottom" in explorer.status.value
    text = explorer._repr_mimebundle_()["text/plain"]
    assert text.startswith("Secant explorer")


def test_secant_triangle_labels_show_only_while_the_triangle_is_large_enough():
    x, y, *_ = data()
    fig, axes = new_figure()
    artists = figures.plot_secant_and_tangent(axes[0], x, y, 0.5, 1.0, 1.0)
    assert artists["run_label"].get_visible() and artists["rise_label"].get_visible()
    figures.update_secant_and_tangent(artists, x, y, 2.0, 1.0, 0.01)   # they would sit on the points
    assert not artists["run_label"].get_visible() and not artists["rise_label"].get_visible()


def test_secant_needs_a_positive_step():
    x, y, *_ = data()
    with pytest.raises(ValueError, match="h must be a finite number > 0"):
        figures.secant_and_tangent(x, y, 0.5, 1.0, 0.0)


def test_half_curvature_is_the_coefficient_of_h_squared():
    x, y, w0, b0 = data()
    for h in (0.5, 2.0):
        change = half_mse(x, y, w0 + h, b0) - half_mse(x, y, w0, b0)
        assert change == pytest.approx(h * figures.slope_along_w(x, y, w0, b0) + h * h * figures.half_curvature(x))


def test_runs_figure_draws_the_given_paths_their_losses_and_the_zero_mean_error_line():
    x, y, w0, b0 = data()
    states = np.array([[w0, b0], [1.0, 1.4], [1.5, 1.2]])
    fig = figures.runs_figure(x, y, {"a run": states})
    ax_map, ax_loss = fig.axes[:2]
    path = next(line for line in ax_map.get_lines() if line.get_label() == "a run")
    np.testing.assert_allclose(np.array(path.get_data()).T, states)
    zero_mean = next(line for line in ax_map.get_lines() if "mean error" in line.get_label())
    w_line, b_line = zero_mean.get_data()
    np.testing.assert_allclose(w_line * x.mean() + b_line, y.mean())  # mean error 0 all along it
    curve = next(line for line in ax_loss.get_lines() if line.get_label() == "a run")
    np.testing.assert_allclose(curve.get_ydata(), [half_mse(x, y, w, b) for w, b in states])
    assert "x outside the sum" in fig._suptitle.get_text()
    star = next(line for line in ax_map.get_lines() if line.get_label() == "minimum")
    assert star.get_zorder() > path.get_zorder()  # the minimum is not hidden under a run's end point


def test_runs_figure_refuses_badly_shaped_runs():
    x, y, *_ = data()
    with pytest.raises(ValueError, match="array of \\(w, b\\) states"):
        figures.runs_figure(x, y, {"bad": np.zeros((5, 3))})
    with pytest.raises(ValueError, match="one or two runs"):
        figures.runs_figure(x, y, {})


def test_big_step_title_gives_the_slopes_promise_and_the_real_change():
    x, y, w0, b0 = data()
    fig = figures.big_step_figure(x, y, w0, b0, 2.0)
    title = fig.axes[0].get_title()
    assert "promises -0.72" in title and "gives +0.33" in title
    with pytest.raises(ValueError, match="other than 0"):
        figures.big_step_figure(x, y, w0, b0, 0.0)


def test_step_size_figure_draws_one_curve_per_method_and_checks_lengths():
    hs = np.array([1e-6, 1e-4, 1e-2])
    fig = figures.step_size_figure(hs, {"forward difference": [1e-6, 1e-4, 1e-2], "central difference": [0, 1e-8, 1e-4]})
    lines = {line.get_label(): line for line in fig.axes[0].get_lines()}
    np.testing.assert_allclose(lines["central difference"].get_ydata(), [1e-17, 1e-8, 1e-4])  # 0 drawn at the floor
    with pytest.raises(ValueError, match="one value per step"):
        figures.step_size_figure(hs, {"forward difference": [1.0, 2.0]})
    with pytest.raises(ValueError, match="step sizes > 0"):
        figures.step_size_figure([0.0, 1.0], {})


def test_step_gain_figure_plots_the_ratio_and_marks_no_gain():
    etas = np.array([0.5, 1.0, 2.0])
    fig = figures.step_gain_figure(etas, [-0.3, -0.2, 0.1], [-0.4, -0.8, -1.6], 1.8)
    ratio = fig.axes[0].get_lines()[0]
    np.testing.assert_allclose(ratio.get_ydata(), [0.75, 0.25, -0.0625])
    assert any(np.allclose(line.get_xdata(), 1.8) for line in fig.axes[0].get_lines()[1:])
    with pytest.raises(ValueError, match="one value per learning rate"):
        figures.step_gain_figure(etas, [-0.3, -0.2], [-0.4, -0.8, -1.6], 1.8)
    with_cliff = figures.step_gain_figure(etas, [-0.3, -0.2, 0.1], [-0.4, -0.8, -1.6], 1.8, eta_cliff=1.6)
    cliff = next(line for line in with_cliff.axes[0].get_lines() if "diverges" in line.get_label())
    np.testing.assert_allclose(cliff.get_xdata(), 1.6)


def test_gradient_field_matches_finite_differences():
    x, y, *_ = data()
    w_values, b_values = np.array([0.0, 1.0, 3.0]), np.array([-1.0, 2.0])
    dw, db = figures.gradient_field(x, y, w_values, b_values)
    assert dw.shape == db.shape == (2, 3)
    for i, b in enumerate(b_values):
        for j, w in enumerate(w_values):
            numeric = ll.numerical_gradient(lambda p: half_mse(x, y, p[0], p[1]), [w, b])
            np.testing.assert_allclose([dw[i, j], db[i, j]], numeric, rtol=1e-6)


def test_gradient_field_figure_arrows_point_downhill_with_equal_length():
    x, y, w0, b0 = data()
    fig = figures.gradient_field_figure(x, y, (-1, 5), (-2, 4), start=(w0, b0), arrows=4)  # no arrow on the minimum
    quiver = fig.axes[0].collections[-1]
    np.testing.assert_allclose(np.hypot(quiver.U, quiver.V), 1.0)
    for w, b, u, v in zip(quiver.X, quiver.Y, quiver.U, quiver.V):
        g = np.array(figures.gradient_field(x, y, [w], [b])).ravel()
        assert u * g[0] + v * g[1] == pytest.approx(-np.hypot(*g))  # exactly against the gradient
    assert "67°" in fig.axes[0].get_title()  # the lesson's angle, computed by the figure itself
    line = next(line for line in fig.axes[0].get_lines() if line.get_label() == "straight line to the minimum")
    np.testing.assert_allclose(np.array(line.get_data()).T, [[w0, b0], [2.0, 1.0]], atol=1e-9)
    arrow = fig.axes[0].texts[0]                 # the start's own arrow: against the gradient there
    tip = np.array(arrow.xy) - np.array([w0, b0])
    g = np.array(figures.gradient_field(x, y, [w0], [b0])).ravel()
    assert tip @ g == pytest.approx(-np.linalg.norm(tip) * np.linalg.norm(g))
    with pytest.raises(ValueError, match="arrows must be a whole number >= 2"):
        figures.gradient_field_figure(x, y, (-1, 5), (-2, 4), start=(w0, b0), arrows=1)


def test_points_of_different_lengths_are_refused():
    with pytest.raises(ValueError, match="same number"):
        figures.half_mse_at([1.0, 2.0], [1.0], 0.5, 0.5)
