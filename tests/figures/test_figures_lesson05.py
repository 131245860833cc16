"""Lesson 5's figures (lessons_lib/figures/lesson05.py) draw what they claim: the explorer's verdict and
status follow the sliders and never call a run past the cliff converging or oscillating, and its loss axis
follows the run; the report on the recorded rate reads the runs' own losses; the four fates carry their
runs' verdicts; the bowl's axes are at right angles and each offset shrinks by its factor; the sweep's bands
are the verdicts, with no legend entry for a band too narrow to see; exercise 1's figure names where the
verdicts turn and what they say at the guess; exercise 3's figure shows the runs and no verdict."""
from __future__ import annotations

import numpy as np
import pytest

import lessons_lib as ll
from lessons_lib.figures import lesson05 as figures
from lessons_lib.figures.common import COLORS, RUN_CLASS_COLORS

X, Y = ll.make_line_data()
START = (0.0, 4.0)
CLIFF = 2 / ((17 + np.sqrt(269)) / 2)   # H = [[15, 5], [5, 2]]: lambda_max = (17 + sqrt(269))/2


def texts_of(fig) -> str:
    from matplotlib.text import Text

    return " ".join(t.get_text() for t in fig.findobj(Text))


def loss_panel(explorer):
    return explorer.live.fig.axes[1]


def verdict_shown(explorer) -> str:
    return loss_panel(explorer).texts[0].get_text()


# ---- the explorer ----------------------------------------------------------------------------------

def test_explorer_starts_informative_and_stores_its_verdict_in_the_picture():
    explorer = figures.learning_rate_explorer(X, Y, START, loss="mse", lr=0.1, epochs=200)
    bundle = explorer._repr_mimebundle_()
    assert "image/png" in bundle and "converging" in bundle["text/plain"]
    assert verdict_shown(explorer) == "converging"
    assert "stability" not in explorer.status.value and "limit" not in explorer.status.value and "×" not in \
        explorer.status.value  # no readout that gives the cliff away


def test_explorer_verdict_follows_classify_run_at_every_slider_position_near_the_cliff():
    explorer = figures.learning_rate_explorer(X, Y, START, loss="mse", lr=0.1, epochs=200)
    rate_slider, epoch_slider = explorer.controls
    exponents = np.arange(-0.93, -0.91, rate_slider.step)
    for epochs in (10, 200, 1000):
        epoch_slider.value = epochs
        for exponent in exponents:
            rate_slider.value = 10 ** exponent
            lr = rate_slider.value
            run = ll.gradient_descent(X, Y, *START, lr, epochs, "mse")
            verdict = ll.classify_run(run)
            assert verdict_shown(explorer) == verdict and verdict in explorer.status.value
            if lr > CLIFF:
                assert verdict.startswith("diverg"), (lr, epochs, verdict)
            else:
                assert not verdict.startswith("diverg"), (lr, epochs, verdict)
    rate_slider.value = 0.1
    assert loss_panel(explorer).get_xlim() == (0, 1000)  # the epoch axis followed the slider


def test_explorer_loss_axis_follows_the_run():
    explorer = figures.learning_rate_explorer(X, Y, START, loss="mse", lr=0.1, epochs=200)
    rate_slider, epoch_slider = explorer.controls
    for lr in (0.11953635, 0.12022644):     # the positions on either side of the cliff
        rate_slider.value = lr
        run = ll.gradient_descent(X, Y, *START, rate_slider.value, 200, "mse")
        low, high = loss_panel(explorer).get_ylim()
        assert low <= min(run.loss.min(), 1e-6 * run.loss[0]) and high >= max(run.loss.max(), run.loss[0])
        assert np.log10(high / low) <= 10       # not 19 decades: a slow rise or fall shows
    epoch_slider.value = 1000
    rate_slider.value = 0.5                    # blows up at epoch 4
    assert "diverged at epoch 4" in explorer.status.value
    assert loss_panel(explorer).get_xlim() == (0, 10)   # an early blow-up is shown over its first epochs


def test_loss_limits_are_whole_decades_around_the_curve_and_the_converged_line():
    low, high = figures.loss_limits([30.0, 3.0, 0.3], 30.0)
    assert low <= 3e-5 and high >= 30 and np.log10(low) == int(np.log10(low)) and np.log10(high) % 1 == 0
    assert figures.loss_limits([30.0, 0.0, np.nan], 30.0)[0] >= 30 * 1e-14   # never round-off depths


def test_explorer_status_never_prints_round_off():
    x_new = np.array([-1.0, 0, 1, 2, 3])
    explorer = figures.learning_rate_explorer(x_new, 4 - x_new, (0.0, 0.0), loss="mse", lr=0.1, epochs=200)
    assert "below 1e-12" in explorer.status.value
    assert figures.loss_text(3.25e-5) == "3.25e-05" and figures.loss_text(1e-20) == "below 1e-12"


def test_explorer_path_and_loss_are_the_runs():
    explorer = figures.learning_rate_explorer(X, Y, START, loss="mse", lr=0.05, epochs=100)
    path, star, end, _ = explorer.live.animated
    curve = loss_panel(explorer).get_lines()[0]
    run = ll.gradient_descent(X, Y, *START, explorer.controls[0].value, 100, "mse")
    np.testing.assert_allclose(np.array(path.get_data()), [run.w, run.b])
    np.testing.assert_allclose(curve.get_data()[1], run.loss)
    np.testing.assert_allclose(np.ravel(end.get_data()), [run.w[-1], run.b[-1]])
    assert star.get_label() == "minimum"     # drawn after the path: the star stays on top


def test_explorer_positions_are_the_sliders():
    positions = figures.explorer_positions()
    assert positions[0] == pytest.approx(1e-3) and positions[-1] == pytest.approx(1.0) and len(positions) == 1201
    below, above = positions[positions <= CLIFF].max(), positions[positions > CLIFF].min()
    assert round(below, 4) == 0.1195 and round(above, 4) == 0.1202


@pytest.mark.parametrize("kwargs, phrase", [
    (dict(loss="mae"), "loss must be 'mse' or 'half_mse'"),
    (dict(start=(1.0,)), "start must be two numbers"),
    (dict(lr=5.0), "lr must lie inside lr_range"),
    (dict(lr_range=(0.0, 1.0)), "lr_range must hold two learning rates > 0"),
    (dict(epochs=5), "epochs"),
    (dict(w_range=(2.0, 1.0)), "w_range must be (low, high)"),
])
def test_explorer_refuses_bad_input(kwargs, phrase):
    arguments = dict(x=X, y=Y, start=START) | kwargs
    with pytest.raises(ValueError, match=phrase.replace("(", r"\(").replace(")", r"\)")):
        figures.learning_rate_explorer(**arguments)


def test_explorer_refuses_two_inputs():
    with pytest.raises(ValueError, match="one-input neuron"):
        figures.learning_rate_explorer(np.ones((3, 2)), np.ones(3), START)


# ---- the recorded rate of section 2 ------------------------------------------------------------------

def final_loss(lr, epochs=200):
    run = ll.gradient_descent(X, Y, *START, lr, epochs, "mse")
    return run.loss[0], (None if run.diverged else run.final_loss)


def test_the_loss_turns_at_the_same_two_positions_at_every_epochs_setting():
    # what section 2 and the report claim: the first position whose loss ends above its start is 0.1202
    for epochs in range(10, 1001, 10):
        assert not figures.loss_grows(X, Y, START, 0.11953635256737, epochs)[0], epochs
        assert figures.loss_grows(X, Y, START, 0.12022644346174, epochs)[0], epochs


@pytest.mark.parametrize("recorded, phrase", [
    (0.1202, "Found it"), (0.12022644346174, "Found it"), (0.12, "Found it"),
    (0.1195, "The edge lies higher"), (0.1, "The edge lies higher"),
    (0.125, "7 presses of ← lower"), (0.1209, "1 press of ← lower"),
    (None, "No rate recorded yet"), (..., "No rate recorded yet"),
    ("0.12", "without quotes"), (-0.1, "a finite number > 0"), (True, "should be a learning rate"),
])
def test_recorded_cliff_report_reads_the_runs_losses(recorded, phrase):
    report = figures.recorded_cliff_report(recorded, X, Y, START, "mse", 200)
    assert phrase in report and "\n" not in report and len(report) < 250


def test_recorded_cliff_report_shows_the_explorers_numbers():
    start, end = final_loss(0.12022644346174)
    report = figures.recorded_cliff_report(0.1202, X, Y, START, "mse", 200)
    assert f"from {start:.3g} to {end:.3g}" in report
    assert f"fell to {final_loss(0.11953635256737)[1]:.3g}" in report


def test_recorded_cliff_vs_theory():
    assert "1.004 × the cliff" in figures.recorded_cliff_vs_theory(0.1202, CLIFF)
    assert "0.1195 and 0.1202" in figures.recorded_cliff_vs_theory(None, CLIFF)
    assert "without quotes" in figures.recorded_cliff_vs_theory("0.1202", CLIFF)


# ---- the four fates ----------------------------------------------------------------------------------

def test_four_fates_titles_are_the_verdicts_of_the_runs_drawn():
    rates = [0.01, 0.1, 0.119, 0.121]
    fig = figures.four_fates_figure(X, Y, START, rates, 200, "mse", title="the point")
    verdicts = []
    for j, lr in enumerate(rates):
        run = ll.gradient_descent(X, Y, *START, lr, 200, "mse")
        verdict = ll.classify_run(run)
        verdicts.append(verdict)
        ax_path = fig.axes[j]
        assert verdict in ax_path.get_title()
        lines = ax_path.get_lines()
        drawn = np.concatenate([np.array(line.get_data()) for line in lines if line.get_label() not in
                                ("minimum", "start")][:2], axis=1)
        np.testing.assert_allclose(np.unique(drawn, axis=1), np.unique(np.array([run.w, run.b]), axis=1))
        star = next(line for line in lines if line.get_label() == "minimum")
        assert star.get_zorder() > max(line.get_zorder() for line in lines if line is not star)
    assert verdicts == ["slow", "converging", "oscillating", "diverging"]
    assert fig._suptitle.get_text() == "the point"


def test_four_fates_the_start_is_off_the_steep_axis():
    assert 45 < figures.angle_off_steep_axis(X, Y, START) < 80
    assert round(figures.angle_off_steep_axis(X, Y, (0.5, 0.0))) == 3   # the article's start


# ---- the bowl's axes ------------------------------------------------------------------------------------

def test_bowl_axes_are_at_right_angles_and_each_offset_shrinks_by_its_factor():
    lam, axes = figures.bowl_axes(X, "mse")
    np.testing.assert_allclose(lam, [(17 - np.sqrt(269)) / 2, (17 + np.sqrt(269)) / 2])
    assert abs(axes[:, 0] @ axes[:, 1]) < 1e-12 and np.all(axes[0] > 0)
    run = ll.gradient_descent(X, Y, *START, 0.1, 30, "mse")
    u = figures.distance_along_axes(run, X, Y, "mse")
    np.testing.assert_allclose(u[1:] / u[:-1], np.broadcast_to(1 - 0.1 * lam, (30, 2)), atol=1e-6)
    fig = figures.bowl_axes_figure(X, Y, START, 0.1, 30, "mse")
    text = texts_of(fig)
    assert "(-0.6701)" in text and "(+0.9701)" in text
    steep = next(line for line in fig.axes[0].get_lines() if line.get_label().startswith("steep"))
    assert steep.get_color() == COLORS["alternative"]


# ---- the sweep ------------------------------------------------------------------------------------------

def test_sweep_bands_are_the_verdicts_and_no_run_past_the_cliff_is_called_fine():
    lrs = np.unique(np.concatenate([np.geomspace(1e-3, 1.0, 120), np.linspace(0.10, 0.13, 61)]))
    sweep = ll.gradient_descent(X, Y, *START, lrs, 200, "mse")
    verdicts = [ll.classify_run(sweep.run(i)) for i in range(len(lrs))]
    for lr, verdict in zip(lrs, verdicts):
        assert verdict.startswith("diverg") == (lr > CLIFF), (lr, verdict)
    fig = figures.sweep_figure(sweep, verdicts, best=2 / 17, cliff=CLIFF)
    wide_labels = {patch.get_label() for patch in fig.axes[0].patches} - {None}
    assert wide_labels == {"slow", "converging", "diverged"}   # oscillating and diverging: too narrow to see there
    zoom_labels = {patch.get_label() for patch in fig.axes[1].patches}
    assert {"converging", "oscillating", "diverging", "diverged"} <= zoom_labels
    zoom = fig.axes[1]
    lines = [line.get_xdata()[0] for line in zoom.get_lines() if len(line.get_xdata()) == 2]
    assert pytest.approx(2 / 17) in lines and pytest.approx(CLIFF) in lines
    loss_curve = next(line for line in fig.axes[0].get_lines() if line.get_label().startswith("loss after"))
    assert loss_curve.get_color() == COLORS["loss"]


def test_the_losses_turn_where_the_verdicts_do():
    comb = np.linspace(0.10, 0.13, 121)
    sweep = ll.gradient_descent(X, Y, *START, comb, 200, "mse")
    grew = comb[~(sweep.loss[:, -1] <= sweep.loss[:, 0])]
    assert grew.min() == pytest.approx(0.12) and comb[comb < grew.min()].max() == pytest.approx(0.11975)
    assert np.all(comb[comb > CLIFF] >= grew.min())


def test_verdict_bands_change_where_the_verdicts_change():
    from lessons_lib.figures.common import new_figure

    fig, axes = new_figure()
    bands = figures.plot_verdict_bands(axes[0], [0.1, 0.2, 0.3, 0.4], ["slow", "slow", "diverging",
                                                                       "diverged at epoch 3"], log=False)
    assert len(bands) == 3
    assert [b.get_label() for b in bands] == ["slow", "diverging", "diverged"]
    from matplotlib.colors import to_rgb

    assert np.allclose(bands[1].get_facecolor()[:3], to_rgb(RUN_CLASS_COLORS["diverging"]))
    narrow = figures.plot_verdict_bands(axes[0], np.linspace(0.1, 1.1, 1001), ["slow"] * 500 + ["oscillating"] * 3 +
                                        ["slow"] * 498, log=False)
    assert [b.get_label() for b in narrow][1] is None            # 0.3 % of the axis: no legend entry
    assert [b.get_label() for b in narrow].count("slow") == 1     # one entry per verdict
    with pytest.raises(ValueError, match="one entry per learning rate"):
        figures.plot_verdict_bands(axes[0], [0.1, 0.2], ["slow"])
    with pytest.raises(ValueError, match="classify_run's verdicts"):
        figures.plot_verdict_bands(axes[0], [0.1, 0.2], ["slow", "fast"])


# ---- exercise 1 --------------------------------------------------------------------------------------------

NEW_Y, NEW_START = 5 - 2 * X, (-5.0, 10.0)


def test_cliff_guess_figure_marks_the_guess_and_names_its_verdict():
    fig = figures.cliff_guess_figure(X, NEW_Y, NEW_START, 0.2, loss="half_mse", reference=CLIFF)
    verdict = ll.classify_run(ll.gradient_descent(X, NEW_Y, *NEW_START, 0.2, 200, "half_mse"))
    assert fig.axes[0].get_title().endswith(f"at your guess: {verdict}")
    guesses = [line.get_xdata()[0] for ax in fig.axes for line in ax.get_lines() if line.get_label() == "your guess"]
    assert guesses == [0.2, 0.2]
    past = figures.cliff_guess_figure(X, NEW_Y, NEW_START, 0.3, loss="half_mse")
    assert "at your guess: diverg" in past.axes[0].get_title()


def test_cliff_guess_figure_says_where_the_verdicts_turn_and_when_the_guess_is_on_the_cliff():
    fig = figures.cliff_guess_figure(X, NEW_Y, NEW_START, 2 * CLIFF, loss="half_mse")
    title = fig.axes[0].get_title()
    assert "sits on the cliff" in title and "oscillating" not in title
    near = np.linspace(0.97 * 2 * CLIFF, 1.03 * 2 * CLIFF, 301)
    first = near[near > 2 * CLIFF].min()          # classify_run: diverging exactly past 2/lambda_max
    assert f"diverging from {first:.4f} on" in title


@pytest.mark.parametrize("guess, phrase", [("0.24", "without quotes"), (-0.3, "a finite number > 0"),
                                           ([0.24], "a learning rate"), (True, "a learning rate")])
def test_cliff_guess_figure_refuses_a_guess_that_is_not_a_rate_in_one_line(guess, phrase):
    with pytest.raises(figures.NotALearningRate, match=phrase) as caught:
        figures.cliff_guess_figure(X, NEW_Y, NEW_START, guess)
    assert len(caught.value._render_traceback_()) == 1


# ---- exercise 3 --------------------------------------------------------------------------------------------

def test_unlabelled_runs_figure_shows_the_runs_and_no_verdict():
    fig = figures.unlabelled_runs_figure()
    for j, (losses, w) in enumerate(figures._unlabelled_curves()):
        curve = fig.axes[j].get_lines()[0]
        np.testing.assert_allclose(curve.get_ydata(), losses)
        heights = [bar.get_height() for bar in fig.axes[4 + j].patches]
        np.testing.assert_allclose(heights, np.diff(w)[-figures.LAST_STEPS:])
    text = texts_of(fig).lower()
    for word in ("slow", "oscillat", "diverg", "converging", "fate"):
        assert word not in text
    assert "converged" in text  # the dashed line's legend names what it marks


def test_the_floor_start_is_mostly_along_the_flat_axis():
    x, y = figures.unlabelled_run_data("four points")
    lam, axes = figures.bowl_axes(x, "mse")
    start = np.array(ll.least_squares_solution(x, y)) + 3.0 * axes[:, 0] + 0.003 * axes[:, 1]
    run = ll.gradient_descent(x, y, float(start[0]), float(start[1]), 0.206, 3, "mse")
    u = figures.distance_along_axes(run, x, y, "mse")
    np.testing.assert_allclose(u[0], [3.0, 0.003], atol=1e-12)
    np.testing.assert_allclose(figures._unlabelled_curves()[1][0][:4], run.loss)


def test_verdict_kind_and_bad_data_names():
    assert figures.verdict_kind("diverged at epoch 12") == "diverged"
    assert figures.verdict_kind("oscillating") == "oscillating"
    with pytest.raises(ValueError, match="classify_run's verdicts"):
        figures.verdict_kind("fast")
    with pytest.raises(ValueError, match="'two points' or 'four points'"):
        figures.unlabelled_run_data("three points")
