"""Lesson 2's figures and explorers draw what the lesson says they draw."""
from __future__ import annotations

import numpy as np
import pytest
from matplotlib.colors import LogNorm

import lessons_lib as ll
from lessons_lib.figures import lesson02
from lessons_lib.figures.common import COLORS

DATA = ll.make_two_point_data()


def lines_labelled(ax) -> dict:
    return {line.get_label(): line for line in ax.get_lines()}


def test_weight_and_bias_figure_tilts_about_the_pivot_and_shifts():
    fig = lesson02.weight_and_bias_figure()
    tilt, shift = fig.axes
    for w in (0.5, 1.0, 2.0):
        line = lines_labelled(tilt)[f"$w = {w:g}$, $b = 1$"]
        np.testing.assert_allclose(line.get_ydata(), w * line.get_xdata() + 1)
    for b in (-1.0, 0.0, 1.0):
        line = lines_labelled(shift)[f"$w = 2$, $b = {b:g}$"]
        np.testing.assert_allclose(line.get_ydata(), 2 * line.get_xdata() + b)
    assert tilt.get_xlabel() == "input $x$" and "tilts" in tilt.get_title() and "shifts" in shift.get_title()


def test_start_figure_draws_the_start_line_across_the_view_and_both_errors():
    fig = lesson02.start_figure(DATA)
    ax = fig.axes[0]
    start = next(line for line in ax.get_lines() if line.get_label().startswith("start"))
    np.testing.assert_allclose(start.get_ydata(), DATA.w0 * start.get_xdata() + DATA.b0)
    assert start.get_xdata().min() <= ax.get_xlim()[0] and start.get_xdata().max() >= ax.get_xlim()[1]  # no stub
    errors = [np.ravel(DATA.w0 * DATA.x + DATA.b0 - DATA.y)]
    labels = [text.get_text() for text in ax.texts]
    assert labels == [f"$e_{i + 1} = {e:+.3f}$" for i, e in enumerate(errors[0])]
    (inset,) = ax.child_axes
    (x1, y1), e1 = (DATA.x[0, 0], DATA.y[0, 0]), errors[0][0]
    low, high = inset.get_ylim()
    assert inset.get_xlim()[0] < x1 < inset.get_xlim()[1] and low < y1 < high
    assert abs(e1) > 0.15 * (high - low)  # point 1's error is visible in the magnified view
    assert f"{e1:+.4f}" in inset.get_title()


def test_same_steps_figure_draws_each_runs_w_and_b():
    x, y = ll.make_line_data()
    runs = {"MSE": ll.gradient_descent(x, y, 0.5, 0.0, 0.01, 20, loss="mse"),
            "MSE/2": ll.gradient_descent(x, y, 0.5, 0.0, 0.01, 20, loss="half_mse")}
    fig = lesson02.same_steps_figure(runs)
    left, right = fig.axes
    for label, run in runs.items():
        np.testing.assert_allclose(lines_labelled(left)[label].get_ydata(), run.w)
        np.testing.assert_allclose(lines_labelled(right)[label].get_ydata(), run.b)
    with pytest.raises(ValueError, match="2 or 3 runs"):
        lesson02.same_steps_figure({"one": runs["MSE"]})


def test_slice_figure_draws_the_three_losses_along_w():
    w_values = np.linspace(-1, 5, 61)
    fig = lesson02.slice_figure(DATA, w_values, b=1.0)
    drawn = lines_labelled(fig.axes[0])
    x, y = np.ravel(DATA.x), np.ravel(DATA.y)
    errors = w_values[:, None] * x + 1.0 - y  # by hand: one row per w
    expected = {"MSE": np.mean(errors**2, axis=1), "MSE/2": np.mean(errors**2, axis=1) / 2,
                "MAE": np.mean(np.abs(errors), axis=1)}
    for label, values in expected.items():
        np.testing.assert_allclose(drawn[label].get_ydata(), values, atol=1e-12)
        assert w_values[np.argmin(drawn[label].get_ydata())] == pytest.approx(2.0)
    assert drawn["MAE"].get_color() == COLORS["alternative"]


def test_landscape_figure_marks_the_slice_the_start_and_the_minimum_on_a_log_map():
    fig = lesson02.landscape_figure(DATA, w_range=(-1, 5), b_range=(-2, 4), slice_b=1.0)
    ax_map = next(ax for ax in fig.axes if ax.get_title().startswith("Seen from above"))
    drawn = lines_labelled(ax_map)
    np.testing.assert_allclose(drawn["slice $b = 1$"].get_ydata(), [1.0, 1.0])
    np.testing.assert_allclose(np.ravel(drawn["start"].get_data()), [DATA.w0, DATA.b0])
    np.testing.assert_allclose(np.ravel(drawn["minimum"].get_data()), [2.0, 1.0], atol=1e-9)
    assert ax_map.get_title().endswith("each band inward divides the loss by 2")
    bar = next(ax for ax in fig.axes if "loss MSE/2" in ax.get_ylabel())
    assert "×2 apart" in bar.get_ylabel()
    assert isinstance(ax_map.collections[0].norm, LogNorm)
    assert any(ax.name == "3d" for ax in fig.axes)


def test_landscape_figure_rejects_a_slice_outside_the_map():
    with pytest.raises(ValueError, match="slice_b"):
        lesson02.landscape_figure(DATA, b_range=(-2, 4), slice_b=5.0)
    with pytest.raises(ValueError, match="w_range"):
        lesson02.landscape_figure(DATA, w_range=(5, -1))


def outlier_setup():
    x7 = np.linspace(0, 1, 7)
    clean = 2 * x7 + 1
    sizes = np.arange(0, 13)
    fits = []
    for s in sizes:
        y = clean.copy()
        y[-1] += s
        w_mse, b_mse = np.polyfit(x7, y, 1)  # least squares, independently of the package
        fits.append((w_mse, b_mse, 2.0, 1.0))
    return x7, clean, sizes, np.array(fits)


def test_outlier_explorer_moves_the_outlier_and_the_fits_with_the_slider():
    x7, clean, sizes, fits = outlier_setup()
    explorer = lesson02.outlier_explorer(x7, clean, sizes, fits, value=6)
    ax_data = explorer.live.fig.axes[0]
    mse_line = lines_labelled(ax_data)["MSE fit"]
    np.testing.assert_allclose(mse_line.get_ydata(), fits[6, 0] * mse_line.get_xdata() + fits[6, 1])
    assert "outlier +6: MSE fit <b>w = 5.86</b>" in explorer.status.value
    explorer.controls[0].value = 12
    np.testing.assert_allclose(mse_line.get_ydata(), fits[12, 0] * mse_line.get_xdata() + fits[12, 1])
    outlier = next(line for line in ax_data.get_lines() if len(line.get_xdata()) == 1)
    assert outlier.get_ydata()[0] == pytest.approx(clean[-1] + 12)
    assert "outlier +12: MSE fit <b>w = 9.71</b>" in explorer.status.value
    assert "MAE fit <b>w = 2.00</b>" in explorer.status.value


def test_outlier_explorer_rejects_fits_that_do_not_match_the_sizes():
    x7, clean, sizes, fits = outlier_setup()
    with pytest.raises(ValueError, match="one row"):
        lesson02.outlier_explorer(x7, clean, sizes, fits[:-1])
    with pytest.raises(ValueError, match="value must be one of sizes"):
        lesson02.outlier_explorer(x7, clean, sizes, fits, value=6.5)


def test_optimiser_explorer_reports_the_loss_at_the_sliders_and_the_goal():
    explorer = lesson02.optimiser_explorer(DATA)
    w_slider, b_slider = explorer.controls
    assert (w_slider.value, b_slider.value) == (0.65, 1.52)
    loss = np.mean((0.65 * np.ravel(DATA.x) + 1.52 - np.ravel(DATA.y)) ** 2) / 2
    assert f"<b>{loss:.4f}</b>" in explorer.status.value and "keep going" in explorer.status.value
    w_slider.value, b_slider.value = 2.0, 1.0
    assert "found it" in explorer.status.value
    ax_map = explorer.live.fig.axes[1]
    np.testing.assert_allclose(np.ravel(lines_labelled(ax_map)["you"].get_data()), [2.0, 1.0])


def test_three_lines_figure_draws_each_candidate():
    x, y = np.arange(5.0), np.array([1.0, 3, 5, 7, 13])
    lines = {"a": (2.0, 1.0), "b": (2.8, 0.2)}
    fig = lesson02.three_lines_figure(x, y, lines)
    drawn = [line for line in fig.axes[0].get_lines() if line.get_label().startswith("line")]
    for line, (w, b) in zip(drawn, lines.values()):
        np.testing.assert_allclose(line.get_ydata(), w * line.get_xdata() + b)
    with pytest.raises(ValueError, match="1 to 3 lines"):
        lesson02.three_lines_figure(x, y, {})


def test_the_figures_want_the_two_point_data():
    with pytest.raises(ValueError, match="make_two_point_data"):
        lesson02.start_figure((DATA.x, DATA.y))
