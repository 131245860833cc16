"""Build the read-only web edition of the course: one page per lesson, the course map first.

    python tools/build_html.py [--out build/html]

Then open build/html/index.html in a browser (no server, no network needed). The pages come
from the learner's edition (notebooks/) as stored (nothing is re-run): 00_start_here becomes
index.html, every other lesson NN_name.html, and links between lessons point at the pages. A
web page cannot run the sliders, so each explorer shows the picture of its starting state that
the notebook stores beside the widget (see lessons_lib.widgets.Explorer).

Every page works offline. Formulas in markdown ($...$, $$...$$, \\begin{pmatrix}...) are turned
into MathML here, at build time, with latex2mathml; browsers typeset MathML themselves
(Chromium 109+, Firefox, Safari), so no MathJax is loaded. nbconvert's template is trimmed of
everything it would fetch from a CDN (require.js, MathJax, mermaid, the widget manager). A
formula latex2mathml cannot convert stops the build with the notebook, the cell and the
formula (``python tools/build_html.py --check`` checks both editions without writing pages).
"""
from __future__ import annotations

import argparse
import copy
import html as html_lib
import re
import sys
from pathlib import Path
from xml.etree import ElementTree

import jinja2
import nbformat
from latex2mathml.converter import convert as latex_to_mathml
from nbconvert import HTMLExporter
from nbconvert.filters.markdown_mistune import IPythonRenderer, MarkdownWithMath
from nbconvert.filters.strings import _convert_header_id, html2text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
from course_map import EDITIONS, LEARNER_EDITION  # noqa: E402

NOTEBOOKS = LEARNER_EDITION
DEFAULT_OUT = ROOT / "build" / "html"
INDEX_NOTEBOOK = "00_start_here.ipynb"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
NOTE = ("*This is the read-only web edition: code, results and pictures as stored. Each slider "
        "explorer shows its starting picture; to move the sliders and do the exercises, open the notebook "
        "in JupyterLab (`python3 course.py open`) or use the Binder link above.*")

# nbconvert's "lab" template without anything that loads from the network; MathML spacing.
OFFLINE_TEMPLATE = """{%- extends 'index.html.j2' -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block extra_css -%}
<style type="text/css">
  math { font-size: 1.1em; font-family: "STIX Two Math", "Latin Modern Math", "Cambria Math", math; }
  math[display="block"] { margin: 0.6em 0; }
  .remote-image { display: inline-block; padding: 1px 6px; border: 1px solid #579aca; border-radius: 3px;
                  color: #fff; background: #579aca; font-size: 0.85em; }
</style>
{%- endblock extra_css -%}
"""

# LaTeX that MathJax (JupyterLab) accepts but latex2mathml spells differently
LATEX_SPELLINGS = [(re.compile(r"\\(begin|end)\{aligned\}"), r"\\\1{align*}")]
# math in raw HTML blocks (a <summary> line, say), as nbconvert's markdown parser finds it in prose
HTML_MATH = re.compile(r"(?<!\\)\$\$(?P<block>.+?)(?<!\\)\$\$|(?<![$\\])\$(?P<inline>.+?)(?<![$\\])\$", re.DOTALL)
HTML_TAG = re.compile(r"(<[^>]+>)")
NO_MATH_IN = ("code", "pre", "script", "style", "kbd", "samp")


class FormulaError(ValueError):
    """Formulas latex2mathml could not turn into MathML."""


def to_mathml(latex: str, display: str = "inline") -> str:
    """``latex`` as a MathML <math> element; FormulaError if latex2mathml fails or leaves TeX behind."""
    source = latex.strip()
    for pattern, spelling in LATEX_SPELLINGS:
        source = pattern.sub(spelling, source)
    try:
        mathml = latex_to_mathml(source, display=display)
    except Exception as error:  # latex2mathml raises its own exception types for bad input
        raise FormulaError(f"{type(error).__name__}: {error}") from None
    text = "".join(re.split(r"<[^>]+>", mathml))
    leftover = re.findall(r"\\[A-Za-z]+|&(?!#?\w+;)|\$", text)
    if leftover:  # unknown commands come out as <mi>\name</mi>, unsupported alignment as <mi>&</mi>
        raise FormulaError(f"not converted: {' '.join(sorted(set(leftover)))}")
    return mathml


class MathMLRenderer(IPythonRenderer):
    """nbconvert's markdown renderer, with formulas written as MathML instead of left for MathJax.

    Only what nbconvert's markdown parser reads as math is converted (never code spans or code
    blocks), plus $...$ in the text of raw HTML blocks outside <code>/<pre> (JupyterLab typesets those too).
    Problems are collected in ``problems`` as (formula, reason).
    """

    def __init__(self, *args, problems: list | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.problems = [] if problems is None else problems
        self.sources: dict[str, str] = {}  # MathML -> its TeX, for heading ids

    def _math(self, latex: str, display: str) -> str:
        try:
            mathml = to_mathml(latex, display)
        except FormulaError as error:
            self.problems.append((latex, str(error)))
            return f'<code class="unconverted-math">{self.escape_html(latex)}</code>'
        self.sources[mathml] = f"${latex}$" if display == "inline" else f"$${latex}$$"
        return mathml

    def block_math(self, body: str) -> str:
        return self._math(body, "block")

    def inline_math(self, body: str) -> str:
        return self._math(body, "inline")

    def latex_environment(self, name: str, body: str) -> str:
        return self._math(f"\\begin{{{name}}}{body}\\end{{{name}}}", "block")

    def block_html(self, html: str) -> str:
        return super().block_html(self._math_in_html(html))

    def _math_in_html(self, html: str) -> str:
        parts, inside = [], []
        for piece in HTML_TAG.split(html):
            tag = re.match(r"<(/?)([A-Za-z][\w-]*)", piece)
            if tag:
                name = tag[2].lower()
                if name in NO_MATH_IN:
                    if tag[1]:
                        if name in inside:
                            inside.remove(name)
                    elif not piece.endswith("/>"):
                        inside.append(name)
                parts.append(piece)
            elif inside or "$" not in piece:
                parts.append(piece)
            else:
                parts.append(HTML_MATH.sub(lambda m: self._math(html_lib.unescape(m["block"] or m["inline"]),
                                                                 "block" if m["block"] else "inline"), piece))
        return "".join(parts)

    def heading(self, text: str, level: int, **attrs) -> str:
        """A heading with its anchor; the id is made from the TeX source, as nbconvert makes it without MathML."""
        if self.exclude_anchor_links:
            return super().heading(text, level, **attrs)
        plain = text
        for mathml, source in self.sources.items():
            plain = plain.replace(mathml, html_lib.escape(source, quote=False))
        try:
            link = _convert_header_id(html2text(ElementTree.fromstring(f"<h{level}>{plain}</h{level}>")))
        except ElementTree.ParseError:
            return super().heading(text, level, **attrs)
        link = html_lib.escape(link, quote=True)
        return (f'<h{level} id="{link}">{text}<a class="anchor-link" href="#{link}">'
                f"{self.anchor_link_text}</a></h{level}>\n")


class OfflineHTMLExporter(HTMLExporter):
    """HTMLExporter whose pages load nothing from the network and carry their formulas as MathML."""

    def __init__(self, **kwargs):
        kwargs.setdefault("extra_loaders", [jinja2.DictLoader({"offline.html.j2": OFFLINE_TEMPLATE})])
        super().__init__(template_name="lab", **kwargs)
        self.template_file = "offline.html.j2"
        self.problems: list[tuple[str, str]] = []

    @jinja2.pass_context
    def markdown2html(self, context, source):
        cell = context.get("cell", {})
        path = context.get("resources", {}).get("metadata", {}).get("path", "")
        renderer = MathMLRenderer(escape=False, attachments=cell.get("attachments", {}),
                                  embed_images=self.embed_images, path=path,
                                  anchor_link_text=self.anchor_link_text,
                                  exclude_anchor_links=self.exclude_anchor_links,
                                  problems=self.problems, **self.lexer_options)
        return MarkdownWithMath(renderer=renderer).render(source)


def formula_problems(notebooks: list[Path]) -> list[str]:
    """Every formula in the markdown of ``notebooks`` that does not convert: 'notebook cell N: $tex$: why'."""
    found = []
    for path in notebooks:
        nb = nbformat.read(path, as_version=4)
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "markdown":
                continue
            problems: list[tuple[str, str]] = []
            MarkdownWithMath(renderer=MathMLRenderer(escape=False, problems=problems)).render(cell.source)
            where = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
            found += [f"{where} cell {index}: ${latex}$: {reason}" for latex, reason in problems]
    return found


def formula_count(markdown: str) -> int:
    """How many formulas nbconvert's markdown parser finds in ``markdown`` (what becomes <math> elements)."""
    renderer = MathMLRenderer(escape=False)
    count = [0]
    original = renderer._math

    def counting(latex, display):
        count[0] += 1
        return original(latex, display)

    renderer._math = counting
    MarkdownWithMath(renderer=renderer).render(markdown)
    return count[0]


def page_name(notebook: str) -> str:
    """The HTML file a notebook becomes: the start page is index.html, the rest keep their stem."""
    return "index.html" if notebook == INDEX_NOTEBOOK else Path(notebook).stem + ".html"


def static_copy(nb):
    """The notebook as a page shows it: widget views dropped so the stored PNG beside them shows,
    and no error outputs (the blank exercises' "your turn" / "not done yet": a page cannot be
    answered, so they would only be noise)."""
    nb = copy.deepcopy(nb)
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        kept = []
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                continue
            data = output.get("data")
            if data is not None and WIDGET_VIEW in data:
                del data[WIDGET_VIEW]
                if not data:  # a widget with no picture beside it: nothing to show on a page
                    continue
            kept.append(output)
        cell.outputs = kept
    return nb


REMOTE_IMAGE = re.compile(r'<img\b[^>]*\bsrc="https?://[^"]*"[^>]*>')


def offline_images(html: str) -> str:
    """Images from the network (the Binder badge) become their alt text, styled as a badge: nothing is fetched."""
    def replace(match: re.Match) -> str:
        alt = re.search(r'\balt="([^"]*)"', match[0])
        return f'<span class="remote-image">{alt[1] if alt else "image"}</span>'
    return REMOTE_IMAGE.sub(replace, html)


def link_pages(html: str, notebooks: set[str]) -> str:
    """Point links to course notebooks (href="NN_name.ipynb#part") at their pages."""
    def replace(match: re.Match) -> str:
        target, anchor = match[1], match[2] or ""
        if target not in notebooks:
            return match[0]
        return f'href="{page_name(target)}{anchor}"'
    return re.sub(r'href="([^"/#:?]+\.ipynb)(#[^"]*)?"', replace, html)


def build(out: Path = DEFAULT_OUT, notebooks_dir: Path = NOTEBOOKS) -> list[Path]:
    """Write one page per notebook of ``notebooks_dir`` into ``out``; returns the pages, index first.

    Raises FormulaError (after writing every page) if a formula could not be converted.
    """
    sources = sorted(Path(notebooks_dir).glob("[0-9][0-9]_*.ipynb"))
    names = {p.name for p in sources}
    if INDEX_NOTEBOOK not in names:
        raise ValueError(f"notebooks_dir must hold {INDEX_NOTEBOOK} (the course map); {notebooks_dir} does not")
    sources.sort(key=lambda p: p.name != INDEX_NOTEBOOK)
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.html"):  # pages of renamed or removed lessons must not linger
        old.unlink()
    exporter = OfflineHTMLExporter()
    pages, problems = [], []
    for source in sources:
        nb = static_copy(nbformat.read(source, as_version=4))
        nb.cells.insert(1, nbformat.v4.new_markdown_cell(NOTE))
        title = next((line.lstrip("# ").strip() for cell in nb.cells if cell.cell_type == "markdown"
                      for line in cell.source.splitlines() if line.startswith("# ")), source.stem)
        exporter.problems.clear()
        html, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": title}})
        problems += [f"{source.name}: ${latex}$: {reason}" for latex, reason in exporter.problems]
        page = out / page_name(source.name)
        page.write_text(offline_images(link_pages(html, names)), encoding="utf-8")
        pages.append(page)
    if problems:
        raise FormulaError("formulas that latex2mathml could not convert (shown as code on the pages):\n"
                           + "\n".join(problems))
    return pages


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="folder for the pages (default build/html)")
    parser.add_argument("--check", action="store_true",
                        help="only check that every formula of both editions converts; write nothing")
    args = parser.parse_args(argv)
    if args.check:
        problems = formula_problems([p for edition in EDITIONS for p in sorted(Path(edition).glob("[0-9][0-9]_*.ipynb"))])
        print("\n".join(problems) or "every formula converts to MathML")
        return 1 if problems else 0
    try:
        pages = build(args.out)
    except FormulaError as error:
        print(error, file=sys.stderr)
        return 1
    print(f"wrote {len(pages)} pages; open {pages[0]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
