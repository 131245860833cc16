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
    assert labels == [f"$e_{i + 1} = {e:+.4f}$" for i, e in enumerate(errors[0])]  # the digits the lesson prints
    (inset,) = ax.child_axes
    (x1, y1), e1 = (DATA.x[0, 0], DATA.y[0, 0]), errors[0][0]
    low, high = inset.get_ylim()
    assert inset.get_xlim()[0] < x1 < inset.get_xlim()[1] and low < y1 < high
    assert abs(e1) > 0.15 * (high - low)  # point 1's error is visible in the magnified view
    assert f"{e1:+.4f}" in inset.get_title()


def test_point_1s_label_stays_clear_of_the_zoom_frame_and_its_connectors():
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig = lesson02.start_figure(DATA)
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    ax = fig.axes[0]
    from matplotlib.text import Text

    label = Text.get_window_extent(ax.texts[0], renderer)  # the words, without their leader line
    indicator = next(child for child in ax.get_children() if type(child).__name__ == "InsetIndicator")
    frame = indicator.rectangle.get_window_extent(renderer)
    assert not label.overlaps(frame)
    for connector in indicator.connectors:
        if connector.get_visible():
            path = connector.get_path().transformed(connector.get_transform())
            assert not path.intersects_bbox(label, filled=True)


def test_same_steps_figure_draws_each_runs_w_and_b():
    x, y = ll.make_line_data()
    runs = {"MSE": ll.gradient_descent(x, y, 0.5, 0.0, 0.01, 20, loss="mse"),
            "MSE/2": ll.gradient_descent(x, y, 0.5, 0.0, 0.01, 20, loss="half_mse"),
            "slow": ll.gradient_descent(x, y, 0.5, 0.0, 0.005, 20, loss="half_mse")}
    fig = lesson02.same_steps_figure(runs, truth=(3, 1))
    left, right = fig.axes
    for label, run in runs.items():
        np.testing.assert_allclose(lines_labelled(left)[label].get_ydata(), run.w)
        np.testing.assert_allclose(lines_labelled(right)[label].get_ydata(), run.b)
    np.testing.assert_allclose(lines_labelled(left)["true $w = 3$"].get_ydata(), [3, 3])
    np.testing.assert_allclose(lines_labelled(right)["true $b = 1$"].get_ydata(), [1, 1])
    # the third run is grey: reddish purple means "the MAE" elsewhere in the lesson
    assert lines_labelled(left)["slow"].get_color() == COLORS["neutral"]
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


def test_slice_legend_does_not_sit_on_the_goal_line():
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig = lesson02.slice_figure(DATA, np.linspace(-1, 5, 61), b=1.0)
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    ax = fig.axes[0]
    legend = ax.get_legend().get_window_extent(canvas.get_renderer())
    goal_x = ax.transData.transform((2.0, 0.0))[0]
    assert not legend.x0 <= goal_x <= legend.x1


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
    ticks = [bar.yaxis.get_major_formatter()(value, 0) for value in bar.get_yticks()]
    assert "0.0000625" in ticks and not any("e" in tick for tick in ticks)  # plain decimals, no e-notation
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


def test_outlier_explorer_draws_the_data_and_the_truth_over_the_fits():
    """Blitted artists are drawn last, in order: the wide MAE band must come before the points and
    the true line, or it tints them."""
    x7, clean, sizes, fits = outlier_setup()
    explorer = lesson02.outlier_explorer(x7, clean, sizes, fits, value=6)
    order = explorer.live.animated
    drawn = lines_labelled(explorer.live.fig.axes[0])
    band, truth, data = drawn["MAE fit"], drawn["true line $y = 2x + 1$"], drawn["data"]
    assert order.index(band) < order.index(truth) and order.index(band) < order.index(data)
    assert order.index(drawn["MSE fit"]) < order.index(data)


def test_outlier_explorer_rejects_fits_that_do_not_match_the_sizes():
    x7, clean, sizes, fits = outlier_setup()
    with pytest.raises(ValueError, match="one row"):
        lesson02.outlier_explorer(x7, clean, sizes, fits[:-1])
    with pytest.raises(ValueError, match="value must be one of sizes"):
        lesson02.outlier_explorer(x7, clean, sizes, fits, value=6.5)


X_NEW = np.array([0.1, 0.3, 0.5, 0.7, 0.9, 1.1, 1.3])
Y_NEW = np.array([0.81, 1.39, 1.8, 2.19, 2.8, 3.21, 3.94])


def half_mse_by_hand(w, b):
    return np.mean((w * X_NEW + b - Y_NEW) ** 2) / 2


def test_optimiser_explorer_reports_the_loss_at_the_sliders_and_the_goal():
    explorer = lesson02.optimiser_explorer(X_NEW, Y_NEW, start=(0.0, 0.0), goal=0.005)
    w_slider, b_slider = explorer.controls
    assert (w_slider.value, b_slider.value) == (0.0, 0.0)
    assert f"<b>{half_mse_by_hand(0, 0):.4f}</b>" in explorer.status.value and "keep going" in explorer.status.value
    w_slider.value, b_slider.value = 2.5, 0.55
    assert "found it" in explorer.status.value and "allows is 0.0034" in explorer.status.value
    ax_trail = explorer.live.fig.axes[1]
    np.testing.assert_allclose(np.ravel(lines_labelled(ax_trail)["you"].get_data()), [2.5, 0.55])


def test_optimiser_explorer_shows_no_map_and_no_minimum():
    """The learner must search: the right panel holds only the trail of visited points, no contour
    map and no star."""
    explorer = lesson02.optimiser_explorer(X_NEW, Y_NEW)
    ax_line, ax_trail = explorer.live.fig.axes[:2]
    assert "minimum" not in lines_labelled(ax_trail)
    assert not any(type(c).__name__ == "QuadContourSet" for c in ax_trail.get_children())
    trail = ax_trail.collections[0]
    for w, b in [(1.0, 0.0), (1.0, 1.0), (2.0, 1.0)]:
        explorer.controls[0].value, explorer.controls[1].value = w, b
    np.testing.assert_allclose(trail.get_offsets()[-3:], [(1.0, 0.0), (1.0, 1.0), (2.0, 1.0)])
    np.testing.assert_allclose(trail.get_array()[-1], half_mse_by_hand(2.0, 1.0))


def test_optimiser_status_line_agrees_with_its_goal_at_every_slider_position():
    """The review found "0.0010 (found it)" with a goal of "below 0.001". The verdict now follows the
    printed number: every position of the 0.01 grid is checked in closed form against move()'s rule,
    and move() itself on every position whose printed loss is within 0.0002 of the goal."""
    goal = 0.005
    explorer = lesson02.optimiser_explorer(X_NEW, Y_NEW, goal=goal)
    w_all = np.round(np.arange(-100, 501) * 0.01, 2)
    b_all = np.round(np.arange(-200, 401) * 0.01, 2)
    W, B = np.meshgrid(w_all, b_all)
    losses = np.mean((W[..., None] * X_NEW + B[..., None] - Y_NEW) ** 2, axis=-1) / 2
    near = np.abs(np.round(losses, 4) - goal) <= 0.0002
    assert 50 < near.sum() < 2000
    w_slider, b_slider = explorer.controls
    for w, b in zip(W[near], B[near]):
        w_slider.value, b_slider.value = float(w), float(b)
        status = explorer.status.value
        shown = float(status.split("<b>")[1].split("</b>")[0])
        assert shown == float(f"{half_mse_by_hand(w, b):.4f}")
        assert ("found it" in status) == (shown < goal), status
        assert ("keep going" in status) == (shown >= goal), status


def test_optimiser_explorer_rejects_a_start_outside_the_sliders():
    with pytest.raises(ValueError, match="start must lie inside"):
        lesson02.optimiser_explorer(X_NEW, Y_NEW, start=(9.0, 0.0))
    with pytest.raises(ValueError, match="goal"):
        lesson02.optimiser_explorer(X_NEW, Y_NEW, goal=0)
    with pytest.raises(ValueError, match="goal must lie above the lowest"):
        lesson02.optimiser_explorer(X_NEW, Y_NEW, goal=0.003)  # the data allow no less than 0.0034


def test_three_lines_figure_draws_each_candidate():
    x, y = np.arange(5.0), np.array([1.0, 3, 5, 7, 13])
    lines = {"a": (2.0, 1.0), "b": (2.8, 0.2)}
    fig = lesson02.three_lines_figure(x, y, lines)
    drawn = [line for line in fig.axes[0].get_lines() if line.get_label().startswith("line")]
    for line, (w, b) in zip(drawn, lines.values()):
        np.testing.assert_allclose(line.get_ydata(), w * line.get_xdata() + b)
    with pytest.raises(ValueError, match="1 to 3 lines"):
        lesson02.three_lines_figure(x, y, {})
    title = lesson02.three_lines_figure(x, y, {"a": (2.0, 1.0), "b": (2.8, 0.2), "c": (2.0, 1.8)}).axes[0].get_title()
    assert title == "Line b has the lowest MSE, line a the lowest MAE"  # MSE 3.2, 1.28, 2.56; MAE 0.8, 0.96, 1.28


def test_the_figures_want_the_two_point_data():
    with pytest.raises(ValueError, match="make_two_point_data"):
        lesson02.start_figure((DATA.x, DATA.y))
