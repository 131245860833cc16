"""The one place that defines the course's lessons and where the repository lives.

Navigation cells, the course map in 00_start_here, the Binder links, the README badge and the
HTML edition are all generated from this file (``python tools/add_navigation.py``).
A fork changes REPOSITORY (and BRANCH) here and re-runs that command.
"""
REPOSITORY = "https://github.com/neuron-course/how-a-neuron-learns"
BRANCH = "HEAD"

# (file in notebooks/, title, what the learner gets from it in one line, minutes)
LESSONS = [
    ("00_start_here.ipynb", "Start here", "the course map, how to use the notebooks and the sliders", 5),
    ("01_guessing_vs_learning.ipynb", "Guessing vs. learning",
     "why correcting from the error beats random guessing, and how that becomes gradient descent", 30),
    ("02_neuron_and_loss.ipynb", "The neuron and its loss",
     "what a neuron computes and how a loss function scores it", 35),
    ("03_deriving_the_gradient.ipynb", "Deriving the gradient",
     "the chain rule for the loss's slope, checked with finite differences", 40),
    ("04_training_loop.ipynb", "The training loop",
     "gradient descent written out, run, and watched as it fits a line", 35),
    ("05_learning_rate.ipynb", "The learning rate",
     "why some learning rates crawl, some zig-zag and some blow up, and where the cliff is", 40),
    ("06_many_inputs.ipynb", "Many inputs, one neuron",
     "a neuron with two inputs, why it diverges, and how feature scaling fixes it", 35),
]


def binder_url(notebook: str) -> str:
    """A mybinder.org link that opens ``notebooks/<notebook>`` in JupyterLab."""
    owner_repo = REPOSITORY.removeprefix("https://github.com/")
    return f"https://mybinder.org/v2/gh/{owner_repo}/{BRANCH}?urlpath=lab/tree/notebooks/{notebook}"
