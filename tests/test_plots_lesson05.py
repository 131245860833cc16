"""Lesson 5's plot helpers: the sweep curve, the limit lines, the verdict bands, the factor per step."""
import numpy as np
import pytest
from matplotlib.colors import to_hex

import lessons_lib as ll
from lessons_lib import plots

X, Y = ll.make_line_data()


def test_sweep_curve_shows_the_loss_after_the_chosen_epoch_and_stops_at_divergence():
    lrs = np.geomspace(1e-3, 1, 50)
    sweep = ll.gradient_descent(X, Y, 0.5, 0.0, lrs, 200, "mse")
    fig, axes = plots.new_figure()
    line = plots.plot_learning_rate_sweep(axes[0], sweep, epoch=100)
    np.testing.assert_allclose(line.get_xdata(), lrs)
    np.testing.assert_allclose(line.get_ydata(), sweep.loss[:, 100])
    assert line.get_label() == "after 100 epochs"
    assert np.all(np.isnan(line.get_ydata()[lrs > 0.2]))  # far past the cliff: the curve has stopped
    assert axes[0].get_xscale() == "log" and axes[0].get_yscale() == "log"
    assert plots.plot_learning_rate_sweep(axes[0], sweep).get_label() == "after 200 epochs"


def test_limit_lines_sit_at_the_given_rates():
    fig, axes = plots.new_figure()
    plots.mark_learning_rate_limits(axes[0], 0.1198, 0.1176)
    positions = sorted(line.get_xdata()[0] for line in axes[0].get_lines())
    assert positions == pytest.approx([0.1176, 0.1198])


def test_bands_follow_the_verdicts():
    lrs = np.array([0.01, 0.02, 0.05, 0.1, 0.2, 0.5])
    verdicts = ["slow", "slow", "converging", "oscillating", "diverged at epoch 9", "diverged at epoch 2"]
    fig, axes = plots.new_figure()
    bands = plots.shade_run_classes(axes[0], lrs, verdicts)
    assert len(bands) == 4  # slow, converging, oscillating, diverged: neighbouring equal verdicts merge
    colors = [to_hex(b.get_facecolor()) for b in bands]
    assert colors == [plots.RUN_CLASS_COLORS[k].lower() for k in ("slow", "converging", "oscillating", "diverged")]
    labels = [b.get_label() for b in bands]
    assert labels == ["slow", "converging", "oscillating", "diverged"]
    assert bands[2].get_alpha() > bands[0].get_alpha()  # the pale 'oscillating' colour is drawn stronger
    with pytest.raises(ValueError, match="one entry per learning rate"):
        plots.shade_run_classes(axes[0], lrs, verdicts[:3])


def test_contraction_factor_plot_is_the_worst_direction():
    lam = np.linalg.eigvalsh(ll.hessian(X, "mse"))
    lrs = np.linspace(0.001, 0.14, 100)
    fig, axes = plots.new_figure()
    line = plots.plot_contraction_factor(axes[0], lrs, lam)
    np.testing.assert_allclose(line.get_ydata(), np.maximum(np.abs(1 - lrs * lam[0]), np.abs(1 - lrs * lam[1])))
