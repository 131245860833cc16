"""The start page's figures draw what they claim: the goal through the data, the neuron's line and
loss of the run the sliders chose, and a title and status line that are true at every slider
position (the reviews' faults: a title promising the goal where eta = 0.1 crawls, a run past the
cliff reported without a warning, "slow" words that claimed every correction headed the same way,
and "oscillating" words about overshooting the goal, which the neuron never crosses)."""
from __future__ import annotations

import re

import numpy as np
import pytest

import lessons_lib as ll
from lessons_lib.figures import common
from lessons_lib.figures import lesson00 as figures

DATA = ll.make_two_point_data()
CLIFF = ll.stability_limit(DATA.x, "half_mse")
SLIDER_RATES = [10 ** (k / 10) for k in range(-30, 11)]  # the log slider's positions, 0.001 to 10


def plain(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html)


def run(lr, epochs):
    return ll.gradient_descent(DATA.x, DATA.y, DATA.w0, DATA.b0, lr, epochs)


@pytest.fixture(scope="module")
def explorer():
    return figures.neuron_explorer(DATA, lr=0.1, epochs=100)


def set_sliders(explorer, lr, epochs):
    explorer.controls[0].value, explorer.controls[1].value = lr, epochs
    return plain(explorer.status.value)


def test_the_goal_passes_through_the_data_and_the_start_is_drawn():
    fig, (ax,) = common.new_figure()
    artists = figures.plot_two_points(ax, DATA)
    goal = artists["goal"]
    x, y = goal.get_xdata(), goal.get_ydata()
    slope, intercept = (y[1] - y[0]) / (x[1] - x[0]), y[0] - x[0] * (y[1] - y[0]) / (x[1] - x[0])
    np.testing.assert_allclose(slope * DATA.x + intercept, DATA.y, atol=1e-9)
    assert goal.get_label() == "goal: $y = 2x + 1$"
    np.testing.assert_allclose(artists["start"].get_ydata(), DATA.w0 * x + DATA.b0)
    np.testing.assert_allclose(artists["data"].get_offsets(), np.column_stack([DATA.x.ravel(), DATA.y.ravel()]))


def test_plot_two_points_refuses_a_bad_range():
    fig, (ax,) = common.new_figure()
    with pytest.raises(ValueError, match="x_range must be two finite numbers"):
        figures.plot_two_points(ax, DATA, (1.0, 0.0))


def test_the_explorer_opens_on_the_pages_state_and_draws_that_run(explorer):
    status = set_sliders(explorer, 0.1, 100)
    assert status.startswith("η = 0.1, 100 epochs: w = 1.347, b = 1.458, loss = 0.018 → slow: the last two "
                             "corrections head roughly the same way, and the loss is still 0.12 of its start")
    reference = run(0.1, 100)
    neuron, goal, note, curve, now, verdict, *ghosts = explorer.live.animated
    x = neuron.get_xdata()
    np.testing.assert_allclose(neuron.get_ydata(), reference.final_w * x + reference.final_b)
    np.testing.assert_allclose(curve.get_ydata(), reference.loss)
    assert list(now.get_xdata()) == [100.0]
    assert verdict.get_text() == "verdict: slow" and note.get_text() == ""
    for back, ghost in enumerate(ghosts, start=1):  # the lines 1 and 2 epochs earlier, faint
        np.testing.assert_allclose(ghost.get_ydata(), reference.w[100 - back] * x + reference.b[100 - back])
        assert ghost.get_alpha() < 0.5


def test_the_title_is_a_claim_the_slider_range_bears_out(explorer):
    """The title promises nothing about one setting: it says that eta and the epochs decide between
    reaching the goal, crawling and blowing up, and all three happen within the sliders' range."""
    title = explorer.live.fig._suptitle.get_text()
    assert "decide whether the neuron reaches the goal, crawls towards it, or blows up" in title
    assert ll.classify_run(run(10**0.1, 300)) == "converging"
    assert ll.classify_run(run(0.1, 300)) == "slow" and run(0.1, 300).final_w == pytest.approx(1.79, abs=0.005)
    assert ll.classify_run(run(10.0, 300)).startswith("diverged")


def true_words(history) -> list[str]:
    """What the status line may say about a run, recomputed here from the run itself (not from
    classify_run): each phrase holds for this run."""
    loss = np.asarray(history.loss, dtype=float)
    theta = np.column_stack([history.w, history.b])
    share = loss[-1] / loss[0]
    words = []
    if share <= 1e-6:
        words.append("the loss is below a millionth of its start")
    else:
        words.append(f"the loss is still {share:.2g} of its start")
    if history.epochs >= 2 and share > 1e-6:
        turn = float((theta[-1] - theta[-2]) @ (theta[-2] - theta[-3]))
        words.append("point against each other, the last one partly turning back" if turn < 0
                     else "the last two corrections head roughly the same way")
    if history.epochs == 1 and share > 1e-6:
        words.append("one correction so far")
    if history.lr < CLIFF:
        assert np.all(np.diff(loss) < 0)  # "more epochs bring it lower" is true below the cliff
    return words


@pytest.mark.parametrize("lr", SLIDER_RATES)
@pytest.mark.parametrize("epochs", [0, 1, 2, 3, 10, 22, 50, 84, 87, 150, 300])
def test_the_status_line_is_true_at_every_slider_position(lr, epochs):
    history = run(lr, epochs)
    status = plain(figures.describe_run(history))
    assert status.startswith(f"η = {lr:.3g}, {epochs} epoch")
    if epochs == 0:
        assert "no correction made yet: this is the random start" in status
        return
    verdict = ll.classify_run(history)
    assert f"{verdict}: " in status
    if lr > CLIFF:  # past the cliff a run is never reported as fine
        assert verdict == "diverging" or verdict.startswith("diverged at epoch")
        assert not any(word in status for word in ("converging", "slow", "oscillating", "more epochs"))
    else:  # below it, what the words say is recomputed from the run
        for words in true_words(history):
            assert words in status, (words, status)
        assert ("more epochs bring it lower" in status) == (verdict != "converging")
    if history.diverged:
        assert "w =" not in status and "passed a million times its start" in status
    else:
        assert f"w = {history.final_w:.3f}, b = {history.final_b:.3f}" in status


def test_a_verdict_belongs_to_the_run_not_to_the_rate():
    """Section 3: at eta = 1.26, compare 10, 84 and 87 epochs: oscillating, slow, converging. At 84 epochs
    the line sits on the goal, and the status says how far the loss still is from the converging mark."""
    assert [ll.classify_run(run(10**0.1, k)) for k in (10, 84, 87)] == ["oscillating", "slow", "converging"]
    status = plain(figures.describe_run(run(10**0.1, 84)))
    assert "w = 1.998, b = 1.002" in status and "the loss is still 1.5e-06 of its start, above the millionth" in status


def test_the_slider_shows_plain_numbers_and_warns_past_the_cliff(explorer):
    """The rate reads 1.26, 1.58 (not 1.26e+00): section 3 quotes 1.26. At 1.58 and 5 epochs the line
    under the sliders warns that the run will blow up, however tame its first epochs look."""
    assert explorer.controls[0].readout_format == ".3"
    status = set_sliders(explorer, 10**0.2, 5)
    assert "diverging" in status and "however tame its first epochs look" in status


def test_the_reviews_blow_up_is_reported():
    """lr 1.4 for 50 epochs ends at loss 13.7 without having blown up: it is 'diverging', with the cliff named."""
    status = plain(figures.describe_run(run(1.4, 50)))
    assert "loss = 13.7 → diverging: η is past this data's cliff (η ≈ 1.365)" in status
    assert "the loss will blow up if the run goes on" in status


@pytest.mark.parametrize("lr, epochs, verdict, note", [
    (10**0.1, 300, "converging", ""),
    (10**0.2, 15, "diverging", "the neuron's line is off this chart"),
    (10**0.2, 300, "diverged at epoch 26", "the run blew up: no line to draw"),
    (0.001, 300, "slow", ""),
    (1.0, 0, "the start: 0 epochs", ""),
])
def test_the_picture_shows_the_verdict_and_hides_no_line_silently(explorer, lr, epochs, verdict, note):
    status = set_sliders(explorer, lr, epochs)
    neuron, goal, note_text, curve, now, box, *ghosts = explorer.live.animated
    assert box.get_text() == (verdict if epochs == 0 else f"verdict: {verdict}") and note_text.get_text() == note
    kind = verdict.split(" at ")[0]
    if kind in common.RUN_CLASS_COLORS:
        assert box.get_bbox_patch().get_facecolor()[:3] == pytest.approx(
            tuple(int(common.RUN_CLASS_COLORS[kind][i:i + 2], 16) / 255 for i in (1, 3, 5)))
        assert kind in status
    if "blew up" in note:
        assert len(neuron.get_xdata()) == 0 and all(len(ghost.get_xdata()) == 0 for ghost in ghosts)
        assert len(curve.get_xdata()) == 27  # epochs 0..26, up to the loss that passed the cut
    else:
        assert len(neuron.get_xdata()) == 2


@pytest.mark.parametrize("bad, words", [
    (dict(lr=20.0), "between 0.001 and 10"), (dict(lr=0.0), "lr must be a finite number > 0"),
    (dict(epochs=301), "epochs must be a whole number from 0 to 300"), (dict(epochs=2.5), "epochs must be"),
])
def test_the_explorer_refuses_settings_outside_its_sliders(bad, words):
    with pytest.raises(ValueError, match=re.escape(words)):
        figures.neuron_explorer(DATA, **bad)


def test_the_explorer_refuses_data_it_cannot_draw():
    with pytest.raises(ValueError, match="data must have x, y, w0 and b0"):
        figures.neuron_explorer((DATA.x, DATA.y))


def test_the_loss_axis_shows_the_three_marks_and_the_legend_sits_under_the_panels(explorer):
    """The loss panel spans from below the converging mark to above the divergence cut (16.5 decades, not
    the 20 of before), draws the three reference lines, and its legend is outside the axes."""
    ax_line, ax_loss = explorer.live.fig.axes
    start = run(0.1, 0).loss[0]
    lines = {line.get_label(): line for line in ax_loss.lines}
    assert lines["a millionth of the start: converging"].get_ydata()[0] == pytest.approx(1e-6 * start)
    assert lines["a million × the start: diverged"].get_ydata()[0] == pytest.approx(1e6 * start)
    assert lines["the start's loss"].get_ydata()[0] == pytest.approx(start)
    low, high = ax_loss.get_ylim()
    assert low < 1e-6 * start and high > 1e6 * start and np.log10(high / low) < 17
    for ax in (ax_line, ax_loss):
        legend = ax.get_legend()
        explorer.live.fig.canvas.draw()
        assert legend.get_window_extent().y1 < ax.get_window_extent().y0  # below the panel, over no data
        assert all(text.get_fontsize() >= 8 for text in legend.get_texts())


@pytest.fixture(scope="module")
def two_rates():
    fast = run(0.1, 1001)
    slow = ll.gradient_descent(DATA.x, DATA.y, DATA.w0, DATA.b0, 0.01, 12_000)
    return fast, slow, fast.loss[1001]


def test_the_two_rates_figure_draws_both_runs_and_marks_where_they_reach_the_target(two_rates):
    fast, slow, target = two_rates
    fig = figures.two_rates_figure(fast, slow, target)
    ax = fig.axes[0]
    assert ax.get_title() == ("η = 0.01 reaches the loss 6.466e-07 after 10036 epochs, η = 0.1 after 1001:\n"
                              "nearly the same curve, shifted to 10.0 times as many epochs")
    lines = {line.get_label(): line for line in ax.lines}
    np.testing.assert_allclose(lines["η = 0.1: the loss after each epoch"].get_ydata(), fast.loss[1:])
    np.testing.assert_allclose(lines["η = 0.01: the loss after each epoch"].get_ydata(), slow.loss[1:])
    markers = sorted(line.get_xdata()[0] for line in ax.lines if line.get_marker() == "v")
    assert markers == [1001, 10036]
    assert ax.get_xscale() == "log" and ax.get_yscale() == "log"
    assert lines["the target: loss 6.466e-07"].get_ydata()[0] == target


def test_first_epoch_at_or_below_counts_from_the_start_and_refuses_a_target_never_reached(two_rates):
    fast, slow, target = two_rates
    assert figures.first_epoch_at_or_below(fast, fast.loss[0]) == 0
    assert figures.first_epoch_at_or_below(fast, target) == 1001
    with pytest.raises(ValueError, match="never reaches a loss"):
        figures.first_epoch_at_or_below(run(0.1, 50), target)


def test_the_two_rates_figure_refuses_a_sweep():
    sweep = ll.gradient_descent(DATA.x, DATA.y, DATA.w0, DATA.b0, np.array([0.1, 0.2]), 5)
    with pytest.raises(ValueError, match="one run"):
        figures.two_rates_figure(sweep, run(0.1, 5), 0.1)
