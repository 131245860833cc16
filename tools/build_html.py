"""Build the read-only HTML edition of the course: one page per lesson, the course map first.

    python tools/build_html.py [--out build/html]

Then open build/html/index.html in a browser (no server needed). The pages come from the
stored notebooks as they are (nothing is re-run): 00_start_here becomes index.html, every
other lesson NN_name.html, and links between lessons point at the pages. A web page cannot
run the sliders, so each explorer shows the picture of its starting state that the notebook
stores beside the widget (see lessons_lib.widgets.Explorer).
"""
from __future__ import annotations

import argparse
import copy
import re
import sys
from pathlib import Path

import nbformat
from nbconvert import HTMLExporter

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
DEFAULT_OUT = ROOT / "build" / "html"
INDEX_NOTEBOOK = "00_start_here.ipynb"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
NOTE = ("*This is the read-only web edition: code, results and pictures as stored. Each slider "
        "explorer shows its starting picture; to move the sliders, open the notebook in JupyterLab "
        "(`python3 course.py open`) or use the Binder link above.*")


def page_name(notebook: str) -> str:
    """The HTML file a notebook becomes: the start page is index.html, the rest keep their stem."""
    return "index.html" if notebook == INDEX_NOTEBOOK else Path(notebook).stem + ".html"


def static_copy(nb):
    """The notebook without live widgets: widget views dropped so the stored PNG beside them shows."""
    nb = copy.deepcopy(nb)
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        kept = []
        for output in cell.get("outputs", []):
            data = output.get("data")
            if data is not None and WIDGET_VIEW in data:
                del data[WIDGET_VIEW]
                if not data:  # a widget with no picture beside it: nothing to show on a page
                    continue
            kept.append(output)
        cell.outputs = kept
    return nb


def link_pages(html: str, notebooks: set[str]) -> str:
    """Point links to course notebooks (href="NN_name.ipynb#part") at their pages."""
    def replace(match: re.Match) -> str:
        target, anchor = match[1], match[2] or ""
        if target not in notebooks:
            return match[0]
        return f'href="{page_name(target)}{anchor}"'
    return re.sub(r'href="([^"/#:?]+\.ipynb)(#[^"]*)?"', replace, html)


def build(out: Path = DEFAULT_OUT, notebooks_dir: Path = NOTEBOOKS) -> list[Path]:
    """Write one page per notebook of ``notebooks_dir`` into ``out``; returns the pages, index first."""
    sources = sorted(notebooks_dir.glob("[0-9][0-9]_*.ipynb"))
    names = {p.name for p in sources}
    if INDEX_NOTEBOOK not in names:
        raise ValueError(f"notebooks_dir must hold {INDEX_NOTEBOOK} (the course map); {notebooks_dir} does not")
    sources.sort(key=lambda p: p.name != INDEX_NOTEBOOK)
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.html"):  # pages of renamed or removed lessons must not linger
        old.unlink()
    exporter = HTMLExporter(template_name="lab")
    pages = []
    for source in sources:
        nb = static_copy(nbformat.read(source, as_version=4))
        nb.cells.insert(1, nbformat.v4.new_markdown_cell(NOTE))
        title = next((line.lstrip("# ").strip() for cell in nb.cells if cell.cell_type == "markdown"
                      for line in cell.source.splitlines() if line.startswith("# ")), source.stem)
        html, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": title}})
        page = out / page_name(source.name)
        page.write_text(link_pages(html, names), encoding="utf-8")
        pages.append(page)
    return pages


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="folder for the pages (default build/html)")
    args = parser.parse_args(argv)
    pages = build(args.out)
    print(f"wrote {len(pages)} pages; open {pages[0]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
