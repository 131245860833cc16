"""Lesson 3's plot helpers: the tangent to the loss curve and the gradient field."""
import numpy as np
import pytest

import lessons_lib as ll
from lessons_lib import plots


@pytest.mark.parametrize("loss", ["mse", "half_mse", "mae"])
def test_tangent_touches_the_curve_with_the_gradient_as_slope(loss):
    data = ll.make_two_point_data()
    w, b = 0.3, 1.0
    fig, axes = plots.new_figure()
    line, dot = plots.plot_tangent(axes[0], data.x, data.y, w, b, loss, half_width=0.5)
    v, t = line.get_xdata(), line.get_ydata()
    slope = (t[1] - t[0]) / (v[1] - v[0])
    numeric = ll.numerical_gradient(lambda p: getattr(ll, loss)(data.y, p * data.x + b), w)
    assert slope == pytest.approx(float(numeric), rel=1e-6)
    assert dot.get_xdata()[0] == pytest.approx(w)
    assert dot.get_ydata()[0] == pytest.approx(getattr(ll, loss)(data.y, w * data.x + b))
    np.testing.assert_allclose(v, [w - 0.5, w + 0.5])


def test_tangent_at_the_minimum_is_flat():
    data = ll.make_two_point_data()
    _, values, slope = plots.tangent_line(data.x, data.y, 2.0, 1.0)
    assert slope == pytest.approx(0.0, abs=1e-12)
    np.testing.assert_allclose(values, 0.0, atol=1e-12)


def test_tangent_rejects_a_bad_half_width():
    data = ll.make_two_point_data()
    with pytest.raises(ValueError, match="half_width must be a finite number > 0, got -1"):
        plots.tangent_line(data.x, data.y, 1.0, 1.0, half_width=-1)


def test_gradient_field_matches_finite_differences():
    data = ll.make_two_point_data()
    w_values, b_values = np.array([0.0, 1.0, 3.0]), np.array([-1.0, 2.0])
    dw, db = plots.gradient_field(data.x, data.y, w_values, b_values)
    assert dw.shape == db.shape == (2, 3)
    for i, b in enumerate(b_values):
        for j, w in enumerate(w_values):
            numeric = ll.numerical_gradient(lambda p: ll.half_mse(data.y, p[0] * data.x + p[1]), [w, b])
            np.testing.assert_allclose([dw[i, j], db[i, j]], numeric, rtol=1e-6)


@pytest.mark.parametrize("downhill", [True, False])
def test_gradient_field_arrows_point_against_the_gradient_with_equal_length(downhill):
    data = ll.make_two_point_data()
    fig, axes = plots.new_figure()
    quiver = plots.plot_gradient_field(axes[0], data.x, data.y, (-1, 5), (-2, 4), arrows=6, downhill=downhill)
    w_grid, b_grid = quiver.X, quiver.Y
    u, v = quiver.U, quiver.V
    np.testing.assert_allclose(np.hypot(u, v), 1.0)
    sign = -1 if downhill else 1
    for k in range(len(u)):
        _, dw, db = ll.loss_and_gradient(data.x, data.y, w_grid[k], b_grid[k])
        assert sign * (u[k] * dw + v[k] * db) == pytest.approx(np.hypot(dw, db))  # parallel, right direction


def test_unnormalised_field_keeps_relative_lengths():
    data = ll.make_two_point_data()
    fig, axes = plots.new_figure()
    quiver = plots.plot_gradient_field(axes[0], data.x, data.y, (-1, 5), (-2, 4), arrows=4, normalise=False)
    lengths = np.hypot(quiver.U, quiver.V)
    expected = [np.hypot(*ll.loss_and_gradient(data.x, data.y, w, b)[1:]) for w, b in zip(quiver.X, quiver.Y)]
    np.testing.assert_allclose(lengths, expected)


def test_gradient_field_rejects_too_few_arrows():
    data = ll.make_two_point_data()
    fig, axes = plots.new_figure()
    with pytest.raises(ValueError, match="arrows must be a whole number >= 2, got 1"):
        plots.plot_gradient_field(axes[0], data.x, data.y, (-1, 5), (-2, 4), arrows=1)
