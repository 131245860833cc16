"""Lesson 4's figures (lessons_lib/figures/lesson04.py) draw what they claim: the line, the learning
curve and the path at the chosen epoch, the run that stops short with its zoom, learning curves with
their marked epoch, and full-batch against minibatch runs per epoch with the lowest loss on top."""
from __future__ import annotations

import numpy as np
import pytest
from matplotlib.colors import to_hex

import lessons_lib as ll
from lessons_lib.figures import lesson04 as figures
from lessons_lib.figures.common import COLORS


def two_point_run(epochs=300):
    data = ll.make_two_point_data(seed=42)
    return data, ll.gradient_descent_loop(data.x, data.y, data.w0, data.b0, lr=0.1, epochs=epochs)


def test_training_panels_show_the_state_after_k_updates():
    data, run = two_point_run()
    fig, (fit, goal, curve, here, path, now), update = figures.training_panels(data.x, data.y, run, 40, goal=(2, 1))
    grid, line = fit.get_data()
    np.testing.assert_allclose(line, run.w[40] * grid + run.b[40])
    np.testing.assert_allclose(curve.get_data()[1], run.loss[:41])
    np.testing.assert_allclose(np.array(path.get_data()), [run.w[:41], run.b[:41]])
    assert now.get_data()[0][0] == run.w[40] and here.get_data()[1][0] == run.loss[40]
    assert update(0).startswith("at the start (0 updates)")
    assert "after 1 update:" in update(1)
    assert f"{run.loss[300]:.4g}" in update(300)
    np.testing.assert_allclose(np.array(path.get_data()), [run.w, run.b])
    with pytest.raises(ValueError, match="from 0 to 300"):
        update(301)
    map_axis = fig.axes[2]
    assert map_axis.get_aspect() == 1.0  # equal scales: the path's angles are true
    # a live figure draws the moving artists in this order: the goal line after the fit, never hidden under it
    assert "goal" in goal.get_label() and goal.get_linestyle() == "--"
    assert len(figures.training_panels(data.x, data.y, run, 40)[1]) == 5  # no goal, no goal line


def test_training_explorer_status_follows_the_slider():
    data, run = two_point_run(1001)
    explorer = figures.training_explorer(data.x, data.y, run, epoch=150, goal=(2, 1))
    assert explorer.controls[0].max == 1001 and explorer.controls[0].value == 150
    assert "after 150 updates" in explorer.status.value and f"{run.loss[150]:.4g}" in explorer.status.value
    explorer.controls[0].value = 1001
    assert "after 1001 updates" in explorer.status.value and "2.00x + 1.00" in explorer.status.value
    assert explorer._repr_mimebundle_()["text/plain"].startswith("Explorer: one run, epoch by epoch")


def test_training_panels_refuse_a_sweep():
    data = ll.make_two_point_data(seed=42)
    sweep = ll.gradient_descent(data.x, data.y, data.w0, data.b0, lr=np.array([0.1, 0.2]), epochs=10)
    with pytest.raises(ValueError, match="single run"):
        figures.training_panels(data.x, data.y, sweep, 5)


def test_valley_run_figure_draws_the_path_its_zoom_and_how_short_b_is():
    x, y = ll.make_line_data()
    run = ll.gradient_descent(x, y, 0.5, 0.0, lr=0.01, epochs=100, loss="mse")
    fig = figures.valley_run_figure(x, y, run, truth=(3, 1))
    ax_map, ax_params = fig.axes[0], fig.axes[1]
    path = [l for l in ax_map.get_lines() if l.get_label() == "100 steps"][0]
    np.testing.assert_allclose(np.array(path.get_data()), [run.w, run.b])
    assert "10% short" in ax_params.get_title()
    assert sorted(l.get_ydata()[0] for l in ax_params.get_lines() if l.get_linestyle() == "--"
                  and len(l.get_ydata())) == [1, 3]
    inset = ax_map.child_axes[0]
    tail = [l for l in inset.get_lines() if len(l.get_xdata()) == 81][0]  # steps 20 to 100
    np.testing.assert_allclose(tail.get_xdata(), run.w[20:])
    assert "after 20 to 100 steps" in inset.get_title()
    no_zoom = figures.valley_run_figure(x, y, run, truth=(3, 1), zoom_from=0)
    assert not no_zoom.axes[0].child_axes


def test_learning_curves_figure_draws_each_curve_and_marks_the_epoch():
    curves = {"η = 0.1": np.geomspace(1, 1e-3, 50), "η = 0.2": np.geomspace(1, 1e-6, 50)}
    fig = figures.learning_curves_figure(curves, "title", mark_epoch=20)
    ax = fig.axes[0]
    lines = {l.get_label(): l for l in ax.get_lines()}
    np.testing.assert_allclose(lines["η = 0.2"].get_ydata(), curves["η = 0.2"])
    dots = [l for l in ax.get_lines() if l.get_marker() == "o"]
    assert sorted(d.get_ydata()[0] for d in dots) == sorted(c[20] for c in curves.values())
    assert ax.get_yscale() == "log" and ax.get_title() == "title"
    assert ax.get_legend().get_texts()[0].get_fontsize() >= 8


@pytest.mark.parametrize("curves, match", [
    ({}, "one to four"), ({str(k): [1.0] for k in range(5)}, "one to four"),
    ({"a": [0.0, 1.0]}, "> 0"), ({"a": [1.0, -0.5]}, "negative"), ({"a": []}, "no losses"),
    ({"a": np.ones((300, 2))}, "table of shape"), ({"a": ["x"] * 300}, "numbers"), ({"a": "0.1 0.2"}, "list or array"),
])
def test_learning_curves_figure_refuses_bad_curves_in_one_short_line(curves, match):
    with pytest.raises(ValueError, match=match) as caught:
        figures.learning_curves_figure(curves)
    assert len(str(caught.value)) < 200          # never the losses themselves


def curve_of(ax, label):
    return [l for l in ax.get_lines() if l.get_label().startswith(label)][0]


def test_a_diverging_run_is_drawn_until_it_leaves_the_plot_and_says_so():
    falling = np.geomspace(1.0, 1e-6, 300)
    with np.errstate(over="ignore"):                        # overflows to inf, as a learner's run past the limit does
        rising = np.append(np.geomspace(1.0, 1e300, 300) ** 1.1, [np.inf, np.nan])
    fig = figures.learning_curves_figure({"η = 0.1": falling, "η = 3": rising})
    ax = fig.axes[0]
    top = ax.get_ylim()[1]
    assert top == pytest.approx(1000.0)                     # room above the starts when a run rises
    line = curve_of(ax, "η = 3")
    assert line.get_label() == "η = 3: diverged"
    epochs, losses = line.get_data()
    assert np.all(np.isfinite(losses)) and losses[-1] == pytest.approx(top) and np.all(losses[:-1] <= top)
    assert 0 < epochs[-1] < 5                                # it leaves the plot within a few epochs
    marks = [l for l in ax.get_lines() if l.get_marker() == "X"]
    assert len(marks) == 1 and marks[0].get_data()[0][0] == epochs[-1]
    assert curve_of(ax, "η = 0.1").get_label() == "η = 0.1"
    np.testing.assert_allclose(curve_of(ax, "η = 0.1").get_ydata(), falling)


def test_a_run_rising_slowly_is_off_the_plot_not_diverged():
    slowly = 0.1 * 1.04 ** np.arange(300)                  # ×1.3e5: past the plot, not a million times the start
    ax = figures.learning_curves_figure({"η = 1.38": slowly}).axes[0]
    assert curve_of(ax, "η = 1.38").get_label() == "η = 1.38: rising, off the plot"


def python_train(x, y, w0, b0, lr, epochs):
    w, b, losses = w0, b0, []
    for _ in range(epochs):
        e = w * x + b - y
        losses.append(np.mean(e ** 2) / 2)
        w, b = w - lr * np.mean(e * x), b - lr * np.mean(e)
    return w, b, losses


def test_your_learning_curves_draw_your_train_even_past_the_limit(recwarn):
    data = ll.make_two_point_data(seed=42)
    fig = figures.your_learning_curves_figure(python_train, data.x, data.y, data.w0, data.b0, [0.1, 1.0, 3.0])
    ax = fig.axes[0]
    labels = [l.get_label() for l in ax.get_lines() if not l.get_label().startswith("_")]
    assert labels == ["η = 0.1", "η = 1", "η = 3: diverged"]
    np.testing.assert_allclose(curve_of(ax, "η = 0.1").get_ydata(),
                               python_train(data.x, data.y, data.w0, data.b0, 0.1, 300)[2])
    assert not [w for w in recwarn if issubclass(w.category, RuntimeWarning)]   # the overflow stays quiet


def test_your_learning_curves_say_in_one_line_when_train_is_not_ready(capsys):
    data = ll.make_two_point_data(seed=42)
    args = (data.x, data.y, data.w0, data.b0)
    with pytest.raises(ValueError, match="stopped with ZeroDivisionError"):
        figures.your_learning_curves_figure(lambda *a: 1 / 0, *args, [0.1])
    with pytest.raises(ValueError, match="three things"):
        figures.your_learning_curves_figure(lambda *a: (1.0, 2.0), *args, [0.1])
    with pytest.raises(ValueError, match="one to four"):
        figures.your_learning_curves_figure(python_train, *args, [0.1, 0.2, 0.3, 0.4, 0.5])
    with pytest.raises(ValueError, match="> 0"):
        figures.your_learning_curves_figure(python_train, *args, [0.1, -1])

    def stub(x, y, w0, b0, lr, epochs):
        raise NotImplementedError("Your turn")
    with pytest.raises(NotImplementedError, match="Your turn"):   # the exercise's stub: the cell says "your turn"
        figures.your_learning_curves_figure(stub, *args, [0.1])

    figures.show_your_learning_curves(lambda *a: (1.0, 2.0, [0.1, -0.2]), *args, [0.1])
    figures.show_your_learning_curves(python_train, *args, [0.1] * 5)
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0].startswith("No plot yet:") and "negative" in lines[0] and "check below" in lines[0]
    assert lines[1].startswith("No plot yet: rates") and "check below" not in lines[1]


def test_batch_sizes_figure_draws_per_epoch_with_the_floor_on_top():
    x, y = ll.make_line_data()
    full = ll.gradient_descent(x, y, 0.5, 0.0, lr=0.02, epochs=30)
    sgd = ll.stochastic_gradient_descent(x, y, 0.5, 0.0, lr=0.02, epochs=30)
    fig = figures.batch_sizes_figure({"full": full, "sgd": sgd}, {"full": full, "sgd": sgd}, floor=0.01,
                                     noisy_ylim=(0, 1))
    ax_exact, ax_noisy = fig.axes
    lines = {l.get_label(): l for l in ax_exact.get_lines()}
    np.testing.assert_allclose(lines["sgd"].get_xdata(), np.arange(121) / 4)  # 4 updates per epoch, in epochs
    np.testing.assert_allclose(lines["sgd"].get_ydata(), sgd.loss)
    assert to_hex(lines["sgd"].get_color()) == COLORS["alternative"].lower()
    assert to_hex(lines["full"].get_color()) == COLORS["model"].lower()
    assert lines["full"].get_zorder() > lines["sgd"].get_zorder()
    fig.canvas.draw()   # the noisy panel's legend sits below the panel, off the jitter
    assert ax_noisy.get_legend().get_window_extent().y1 <= ax_noisy.get_window_extent().y0
    longer = ll.gradient_descent(x, y, 0.5, 0.0, lr=0.08, epochs=30)
    fig = figures.batch_sizes_figure({"full": full, "longer": longer}, {"full": full}, floor=0.01, noisy_ylim=(0, 1))
    second = {l.get_label(): l for l in fig.axes[0].get_lines()}["longer"]   # the same method, a longer step
    assert to_hex(second.get_color()) == COLORS["model"].lower() and second.get_linestyle() == "--"
    floor = [l for l in ax_noisy.get_lines() if l.get_label().startswith("lowest possible")][0]
    assert floor.get_ydata()[0] == 0.01 and floor.get_zorder() > max(l.get_zorder() for l in ax_exact.get_lines())
    assert ax_exact.get_xlim() == (0, 30)


def test_batch_sizes_figure_refuses_what_it_cannot_draw():
    x, y = ll.make_line_data()
    sweep = ll.gradient_descent(x, y, 0.5, 0.0, lr=np.array([0.01, 0.02]), epochs=5)
    with pytest.raises(ValueError, match="single run"):
        figures.batch_sizes_figure({"a": sweep}, {"a": sweep}, 0.1)
    run = ll.gradient_descent(x, y, 0.5, 0.0, lr=0.01, epochs=5)
    with pytest.raises(ValueError, match="low < high"):
        figures.batch_sizes_figure({"a": run}, {"a": run}, 0.1, noisy_ylim=(1, 0))
