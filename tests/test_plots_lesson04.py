"""Lesson 4's plot helpers: lines over the epochs, and the bowl's curvature directions."""
import numpy as np
import pytest

import lessons_lib as ll
from lessons_lib import plots


def _seed_002_run(epochs=1001):
    data = ll.make_two_point_data()
    return data, ll.gradient_descent(data.x, data.y, data.w0, data.b0, lr=0.1, epochs=epochs)


def test_fits_over_epochs_draws_the_line_of_each_chosen_epoch():
    data, history = _seed_002_run()
    fig, axes = plots.new_figure()
    lines = plots.plot_fits_over_epochs(axes[0], data.x, data.y, history, [0, 10, 1001])
    assert len(lines) == 3
    for line, k in zip(lines, [0, 10, 1001]):
        grid = line.get_xdata()
        np.testing.assert_allclose(line.get_ydata(), history.w[k] * grid + history.b[k])
    assert lines[0].get_color() == plots.COLORS["start"] and lines[-1].get_color() == plots.COLORS["model"]
    assert "epoch 1001" in lines[-1].get_label() and "2.00x" in lines[-1].get_label()


def test_fits_over_epochs_rejects_epochs_outside_the_run():
    data, history = _seed_002_run(epochs=5)
    fig, axes = plots.new_figure()
    with pytest.raises(ValueError, match="epochs must be whole numbers from 0 to 5"):
        plots.plot_fits_over_epochs(axes[0], data.x, data.y, history, [0, 6])


def test_curvature_directions_are_the_hessian_eigenvectors_through_the_centre():
    x, y = ll.make_line_data()
    fig, axes = plots.new_figure()
    steep, flat, lam, Q = plots.plot_curvature_directions(axes[0], x, (3.0, 1.0), loss="mse", length=0.5)
    H = ll.hessian(x, "mse")
    np.testing.assert_allclose(H @ Q, Q * lam, atol=1e-12)  # eigen-pairs of the Hessian
    assert lam[1] / lam[0] > 50  # the 3x + 1 bowl is very elongated
    for line, j in ((steep, 1), (flat, 0)):
        w_ends, b_ends = line.get_xdata(), line.get_ydata()
        assert np.mean(w_ends) == pytest.approx(3.0) and np.mean(b_ends) == pytest.approx(1.0)
        direction = np.array([w_ends[1] - w_ends[0], b_ends[1] - b_ends[0]])
        assert np.linalg.norm(direction) == pytest.approx(1.0)  # two half-lengths of 0.5
        assert abs(direction @ Q[:, j]) == pytest.approx(1.0)
    assert "steep" in steep.get_label() and "flat" in flat.get_label()


def test_curvature_directions_reject_two_inputs_and_bad_length():
    fig, axes = plots.new_figure()
    with pytest.raises(ValueError, match="one-input"):
        plots.plot_curvature_directions(axes[0], np.ones((3, 2)), (0.0, 0.0))
    with pytest.raises(ValueError, match="length must be a finite number > 0"):
        plots.plot_curvature_directions(axes[0], [1.0, 2.0], (0.0, 0.0), length=-1.0)
