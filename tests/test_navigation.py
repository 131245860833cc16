"""The course map and every lesson's navigation links stay in step with tools/course_map.py."""
import re
import subprocess
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
from course_map import LESSONS, REPOSITORY, binder_url  # noqa: E402

NOTEBOOK_FILES = sorted((ROOT / "notebooks").glob("*.ipynb"))


def test_every_notebook_is_a_lesson_of_the_course_map():
    listed = {name for name, *_ in LESSONS}
    assert {p.name for p in NOTEBOOK_FILES} <= listed


def test_navigation_cells_are_up_to_date():
    result = subprocess.run([sys.executable, str(ROOT / "tools" / "add_navigation.py"), "--check"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_relative_link_in_the_notebooks_resolves():
    for path in NOTEBOOK_FILES:
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            if cell.cell_type != "markdown":
                continue
            for target in re.findall(r"\]\(([^)\s]+)\)", cell.source):
                if target.startswith(("http://", "https://", "#")):
                    continue
                assert (path.parent / target.split("#")[0]).exists(), f"{path.name}: broken link {target}"


def test_binder_links_open_the_notebook_in_jupyterlab():
    url = binder_url("02_neuron_and_loss.ipynb")
    assert url.startswith("https://mybinder.org/v2/gh/" + REPOSITORY.removeprefix("https://github.com/"))
    assert url.endswith("?urlpath=lab/tree/notebooks/02_neuron_and_loss.ipynb")
    for path in NOTEBOOK_FILES:
        text = "".join(c.source for c in nbformat.read(path, as_version=4).cells)
        assert binder_url(path.name) in text, f"{path.name} has no Binder link to itself"
