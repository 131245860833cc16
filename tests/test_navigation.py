"""The course map and every lesson's navigation links stay in step with tools/course_map.py,
in both editions; every Binder badge opens the learner's edition."""
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
from course_map import EDITIONS, LEARNER_EDITION, LESSONS, REPOSITORY, binder_url  # noqa: E402

NOTEBOOK_FILES = [path for edition in EDITIONS for path in sorted(edition.glob("*.ipynb"))]
IDS = [f"{path.parent.name}/{path.name}" for path in NOTEBOOK_FILES]


def test_both_editions_hold_exactly_the_lessons_of_the_course_map():
    listed = {name for name, *_ in LESSONS}
    for edition in EDITIONS:
        assert {p.name for p in edition.glob("*.ipynb")} == listed, edition.name


def test_navigation_cells_are_up_to_date():
    result = subprocess.run([sys.executable, str(ROOT / "tools" / "add_navigation.py"), "--check"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("path", NOTEBOOK_FILES, ids=IDS)
def test_every_relative_link_resolves_within_its_edition(path):
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        for target in re.findall(r"\]\(([^)\s]+)\)", cell.source):
            if target.startswith(("http://", "https://", "#")):
                continue
            assert (path.parent / target.split("#")[0]).exists(), f"{path.name}: broken link {target}"


@pytest.mark.parametrize("path", NOTEBOOK_FILES, ids=IDS)
def test_binder_badges_open_the_learners_edition_of_the_lesson(path):
    text = "".join(c.source for c in nbformat.read(path, as_version=4).cells)
    assert binder_url(path.name) in text, f"{path.name} has no Binder link to itself"
    for url in re.findall(r"https://mybinder\.org/v2/gh/[^)\s]+", text):
        assert "urlpath=lab/tree/notebooks/" in url, f"{path.name}: a Binder badge leads elsewhere: {url}"


def test_binder_links_name_the_repository_and_open_jupyterlab():
    url = binder_url("02_neuron_and_loss.ipynb")
    assert url.startswith("https://mybinder.org/v2/gh/" + REPOSITORY.removeprefix("https://github.com/"))
    assert url.endswith("?urlpath=lab/tree/notebooks/02_neuron_and_loss.ipynb")
    assert (LEARNER_EDITION / "02_neuron_and_loss.ipynb").exists()
