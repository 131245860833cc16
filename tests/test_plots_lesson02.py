"""Lesson 2's plot helper: the loss along w with b held fixed."""
import numpy as np
import pytest

import lessons_lib as ll
from lessons_lib import plots


@pytest.mark.parametrize("loss", ["mse", "half_mse", "mae"])
def test_loss_vs_w_draws_the_loss_at_each_w(loss):
    data = ll.make_two_point_data()
    w_values = np.linspace(-1, 5, 61)
    fig, axes = plots.new_figure()
    line = plots.plot_loss_vs_w(axes[0], data.x, data.y, 1.0, w_values, loss)
    expected = [getattr(ll, loss)(data.y, w * data.x + 1.0) for w in w_values]
    np.testing.assert_allclose(line.get_ydata(), expected)
    np.testing.assert_allclose(line.get_xdata(), w_values)
    assert w_values[np.argmin(line.get_ydata())] == pytest.approx(2.0)  # the true slope, since b = 1 is right


def test_loss_vs_w_rejects_an_unknown_loss():
    data = ll.make_two_point_data()
    fig, axes = plots.new_figure()
    with pytest.raises(ValueError, match="loss"):
        plots.plot_loss_vs_w(axes[0], data.x, data.y, 1.0, [0.0, 1.0], "rmse")
