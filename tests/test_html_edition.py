"""The HTML edition (tools/build_html.py): every lesson has a page with its pictures and working links.

The edition is built into a temporary folder and checked there; the checked pages are then
copied to build/html/ (gitignored), so every test run, CI's included, leaves a browsable edition
at build/html/index.html.
"""
from __future__ import annotations

import shutil
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import build_html  # noqa: E402

NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


class Page(HTMLParser):
    """The <img> tags, hrefs and element ids of one page."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.images, self.hrefs, self.ids = [], [], set()
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "img":
            self.images.append(attrs.get("src") or "")
        if tag == "a" and attrs.get("href"):
            self.hrefs.append(attrs["href"])


@pytest.fixture(scope="module")
def edition(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("html")
    pages = build_html.build(out)
    assert pages[0].name == "index.html", "the course map must come first"
    yield out
    kept = ROOT / "build" / "html"  # the checked edition, for CI to keep and people to open
    if kept.exists():
        shutil.rmtree(kept)
    shutil.copytree(out, kept)


def stored_images(path: Path) -> int:
    nb = nbformat.read(path, as_version=4)
    return sum(any(kind in output.get("data", {}) for kind in ("image/png", "image/jpeg"))
               for cell in nb.cells if cell.cell_type == "code" for output in cell.outputs)


def test_page_names():
    assert build_html.page_name("00_start_here.ipynb") == "index.html"
    assert build_html.page_name("05_learning_rate.ipynb") == "05_learning_rate.html"


def test_a_link_to_another_lesson_points_at_its_page():
    html = '<a href="02_neuron_and_loss.ipynb#Summary">x</a> <a href="00_start_here.ipynb">map</a> <a href="other.ipynb">o</a>'
    linked = build_html.link_pages(html, {"00_start_here.ipynb", "02_neuron_and_loss.ipynb"})
    assert linked == '<a href="02_neuron_and_loss.html#Summary">x</a> <a href="index.html">map</a> <a href="other.ipynb">o</a>'


def test_a_notebooks_folder_without_the_course_map_is_refused(tmp_path):
    with pytest.raises(ValueError, match="00_start_here.ipynb"):
        build_html.build(tmp_path / "out", notebooks_dir=tmp_path)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_every_lesson_has_a_page_with_its_figures(edition, path):
    page_path = edition / build_html.page_name(path.name)
    assert page_path.exists(), f"no page for {path.name}"
    text = page_path.read_text(encoding="utf-8")
    page = Page(text)
    wanted = stored_images(path)
    shown = [src for src in page.images if src.startswith("data:image/")]
    assert len(shown) >= wanted, f"{page_path.name}: {len(shown)} embedded pictures for {wanted} stored image outputs"
    # explorers show their stored picture, not a dead widget placeholder
    assert "Loading widget" not in text and "application/vnd.jupyter.widget-view+json" not in text
    assert ".ipynb_checkpoints" not in text


def test_no_broken_internal_link(edition):
    broken = []
    for page_path in sorted(edition.glob("*.html")):
        page = Page(page_path.read_text(encoding="utf-8"))
        own_ids = page.ids
        for href in page.hrefs:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or href.startswith(("mailto:", "javascript:")):
                continue
            target = edition / unquote(parts.path) if parts.path else page_path
            if not target.is_file():
                broken.append(f"{page_path.name}: {href}")
            elif parts.fragment and not parts.path and not {parts.fragment, unquote(parts.fragment)} & own_ids:
                # a browser looks for the fragment as written, then percent-decoded (nbconvert's ids keep the %XX)
                broken.append(f"{page_path.name}: {href} (no such anchor)")
    assert not broken, "broken links:\n" + "\n".join(broken)


def test_the_index_lists_every_lesson(edition):
    hrefs = set(Page((edition / "index.html").read_text(encoding="utf-8")).hrefs)
    missing = [build_html.page_name(p.name) for p in NOTEBOOKS
               if p.name != build_html.INDEX_NOTEBOOK and build_html.page_name(p.name) not in hrefs]
    assert not missing, f"index.html does not link to {missing}"
