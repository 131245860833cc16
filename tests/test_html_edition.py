"""The web edition (tools/build_html.py): a page per lesson of the learner's edition, with its pictures,
working links and typeset formulas, and nothing loaded from the network.

The edition is built into a temporary folder and checked there; the checked pages are then
copied to build/html/ (gitignored), so every test run, CI's included, leaves a browsable edition
at build/html/index.html. The browser test opens every page from file:// in headless Chromium
with every other request aborted, and reads what a reader sees.
"""
from __future__ import annotations

import os
import re
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
from course_map import EDITIONS  # noqa: E402

NOTEBOOKS = sorted(Path(build_html.NOTEBOOKS).glob("[0-9][0-9]_*.ipynb"))
ALL_NOTEBOOKS = [p for edition in EDITIONS for p in sorted(Path(edition).glob("[0-9][0-9]_*.ipynb"))]
ARTIFACTS = ROOT / "test-artifacts" / "html"
MUST_RUN = bool(os.environ.get("CI")) or os.environ.get("COURSE_REQUIRE_BROWSER") == "1"
RAW_TEX = re.compile(r"\$[^$\s][^$]*\$|\$\$|\\[A-Za-z]+")


class Page(HTMLParser):
    """The <img> tags, hrefs, element ids and everything a page would fetch (src/href of script, link, img...)."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.images, self.hrefs, self.ids, self.fetches, self.maths = [], [], set(), [], 0
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "img":
            self.images.append(attrs.get("src") or "")
        if tag == "a" and attrs.get("href"):
            self.hrefs.append(attrs["href"])
        if tag == "math":
            self.maths += 1
        for name in ("src", "srcset", "data", "poster") + (("href",) if tag == "link" else ()):
            if attrs.get(name):
                self.fetches.append(f"<{tag} {name}={attrs[name][:80]}>")


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


def formulas_in(path: Path) -> int:
    nb = nbformat.read(path, as_version=4)
    return sum(build_html.formula_count(cell.source) for cell in nb.cells if cell.cell_type == "markdown")


def test_the_web_edition_is_the_learners_edition():
    assert Path(build_html.NOTEBOOKS).name == "notebooks"
    assert NOTEBOOKS, "notebooks/ (the learner's edition) holds no lessons"


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


# ---- formulas -----------------------------------------------------------------------------------

def render(markdown: str) -> tuple[str, list]:
    problems: list = []
    renderer = build_html.MathMLRenderer(escape=False, problems=problems)
    return build_html.MarkdownWithMath(renderer=renderer).render(markdown), problems


def test_every_formula_of_both_editions_converts_to_mathml():
    """Runs on whatever lessons exist now: a formula latex2mathml cannot typeset must be rewritten."""
    assert ALL_NOTEBOOKS
    problems = build_html.formula_problems(ALL_NOTEBOOKS)
    assert not problems, "formulas that do not convert to MathML:\n" + "\n".join(problems)


def test_only_math_in_markdown_prose_is_converted():
    html, problems = render(
        "The update $w \\leftarrow w - \\eta\\,\\frac{\\partial L}{\\partial w}$ and\n\n"
        "$$\\hat y = w x + b$$\n\n"
        "Code stays code: `price = \"$5\"` and `$x$`.\n\n"
        "<details><summary>Hint: look at $\\eta$</summary>\n\n"
        "```python\nprint(f\"cost ${cost:.2f} and ${tax:.2f}\")\n```\n\n</details>")
    assert not problems
    assert html.count("<math") == 3, html
    assert '<math xmlns="http://www.w3.org/1998/Math/MathML" display="block">' in html
    assert "<code>price = &quot;$5&quot;</code>" in html or "<code>price = \"$5\"</code>" in html, html
    assert "<code>$x$</code>" in html
    code_block = re.search(r'<div class="highlight">.*?</div>', html, re.DOTALL)
    assert code_block and "<math" not in code_block[0] and "$" in code_block[0], html
    assert "\\frac" not in re.sub(r"<code>.*?</code>|<pre>.*?</pre>", "", html, flags=re.DOTALL)


def test_a_heading_with_a_formula_keeps_the_anchor_nbconvert_gives_it():
    html, _ = render("## Loss along $w$: a bowl")
    assert 'id="Loss-along-$w$:-a-bowl"' in html and 'href="#Loss-along-$w$:-a-bowl"' in html
    assert "<math" in html


def test_a_formula_that_does_not_convert_is_reported():
    _, problems = render("an unknown command $\\foo x$ and an alignment $\\begin{matrix}a & b\\end{matrix}$ fine")
    assert [latex for latex, _ in problems] == ["\\foo x"], problems
    with pytest.raises(build_html.FormulaError, match="not converted"):
        build_html.to_mathml("\\foo")
    assert "<mtable" in build_html.to_mathml("\\begin{aligned} a &= b \\\\ c &= d \\end{aligned}", "block")


# ---- the pages ----------------------------------------------------------------------------------

@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_every_lesson_has_a_page_with_its_figures_and_formulas(edition, path):
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
    # a page cannot be answered: the blank exercises' stored errors are left out, the solutions stay collapsed
    # ("Not done yet:" with its colon is the stored error's label; the start page names it in prose, without one)
    for noise in ("NotDoneYet", "Not done yet:", "Traceback", 'data-mime-type="application/vnd.jupyter.stderr"'):
        assert noise not in text, f"{page_path.name} shows {noise!r}"
    formulas = formulas_in(path)
    assert page.maths >= formulas, f"{page_path.name}: {page.maths} <math> elements for {formulas} formulas"
    assert "unconverted-math" not in text


def test_no_page_refers_to_anything_on_the_network(edition):
    found = []
    for page_path in sorted(edition.glob("*.html")):
        text = page_path.read_text(encoding="utf-8")
        page = Page(text)
        remote = [f for f in page.fetches if re.search(r"=(https?:)?//", f)]
        found += [f"{page_path.name}: {f}" for f in remote]
        found += [f"{page_path.name}: mentions {word}" for word in ("MathJax", "require.js", "cdnjs", "mermaid.esm")
                  if word.lower() in text.lower()]
        found += [f"{page_path.name}: CSS url({m})" for m in re.findall(r"url\(\s*['\"]?((?:https?:)?//[^)'\"]+)", text)]
    assert not found, "the web edition would fetch from the network:\n" + "\n".join(found)


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


# ---- in a browser, offline ----------------------------------------------------------------------

# What a reader sees in the prose (every <details> opened, code hidden): must hold no TeX.
PROSE_JS = """() => {
  document.querySelectorAll('details').forEach(d => d.open = true);
  const style = document.createElement('style');
  style.textContent = 'pre, code { display: none !important; }';
  document.head.appendChild(style);
  const cells = [...document.querySelectorAll('.jp-MarkdownCell .jp-RenderedMarkdown')];
  const maths = [...document.querySelectorAll('.jp-RenderedMarkdown math')];
  const shown = maths.filter(m => m.getBoundingClientRect().width > 0);
  return {texts: cells.map(c => c.innerText), maths: maths.length, shown: shown.length,
          display: [...new Set(maths.map(m => getComputedStyle(m).display))]};
}"""


@pytest.mark.browser
def test_every_page_shows_typeset_formulas_with_the_network_blocked(edition):
    from browser_support import CHROMIUM_ARGS, find_chromium
    chromium = find_chromium()
    if chromium is None:
        reason = "Chromium is not installed (apt-get install chromium)"
        if MUST_RUN:
            pytest.fail(f"{reason}; in CI / with COURSE_REQUIRE_BROWSER=1 the browser tests must run")
        print(f"\nSKIPPED: {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright
    attempted, report = [], []
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS, headless=True)
        try:
            context = browser.new_context(viewport={"width": 1100, "height": 900}, offline=True)

            def block(route):
                if route.request.url.startswith("file://"):
                    route.continue_()
                else:
                    attempted.append(route.request.url)
                    route.abort()

            context.route("**/*", block)
            context.on("request", lambda request: None if request.url.startswith(("file://", "data:"))
                       else attempted.append(request.url))
            best = None
            for path in NOTEBOOKS:
                page_path = edition / build_html.page_name(path.name)
                page = context.new_page()
                page.goto(page_path.as_uri(), wait_until="load")
                state = page.evaluate(PROSE_JS)
                raw = [(i, m[0]) for i, text in enumerate(state["texts"]) for m in RAW_TEX.finditer(text)]
                assert not raw, f"{page_path.name}: raw TeX shown in the prose: {raw[:10]}"
                formulas = formulas_in(path)
                assert state["maths"] >= formulas, f"{page_path.name}: {state['maths']} <math> for {formulas} formulas"
                assert state["shown"] == state["maths"], f"{page_path.name}: {state['maths'] - state['shown']} empty formulas"
                if state["maths"]:  # Chromium lays <math> out as MathML ('math'/'block math'), not as unknown inline
                    assert all("math" in d for d in state["display"]), f"{page_path.name}: math displayed as {state['display']}"
                report.append(f"{page_path.name}: {state['maths']} formulas typeset")
                if best is None or formulas > best[1]:
                    best = (path, formulas)
                page.close()
            # a picture of the formulas, to look at: the first block formula of the page with the most
            page = context.new_page()
            page.goto((edition / build_html.page_name(best[0].name)).as_uri(), wait_until="load")
            target = page.locator(".jp-RenderedMarkdown:has(math[display='block'])").first
            if not target.count():
                target = page.locator(".jp-RenderedMarkdown:has(math)").first
            target.scroll_into_view_if_needed()
            target.screenshot(path=str(ARTIFACTS / "formulas.png"))
            page.close()
            context.close()
        finally:
            browser.close()
    assert not attempted, "pages tried to load from the network:\n" + "\n".join(sorted(set(attempted)))
    print("\n" + "\n".join(report) + f"\nscreenshot: {ARTIFACTS / 'formulas.png'}")
