"""What the lesson and exercise pages show, judged against their sources.

A page can load, with every image and link intact, and still fail its
reader: a figure its code draws never reaches the page (a notebook kernel
with a non-interactive backend shows none), or an output cell shows an
object's repr (``PosixPath('x.gif')``, ``<matplotlib.lines.Line2D at 0x..>``)
where the code meant to show nothing. These tests read each source to learn
what its page must show, then look at the built page in Chromium.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

REPO = Path(__file__).resolve().parents[2]

# A call that draws a figure: pyplot, a figure or axes object, or a GIF.
DRAWS = re.compile(r"\bplt\.\w|\bsave_gif\(|\bfig\.\w|\bfig\s*,|\.savefig\(")
# The repr of an object printed by accident: a path, a Matplotlib artist,
# figure or axes text, or any default ``<... at 0x...>`` repr.
BARE_REPR = re.compile(
    r"(Posix|Windows)Path\(|<matplotlib\.|<Figure|<Axes|\bText\(-?\d"
    r"|\bat 0x[0-9a-fA-F]+|<torch\.|<function "
)
# Where the pages put the output of code: sphinx-gallery (text and HTML
# reprs) and myst-nb.
OUTPUT_JS = """
() => Array.from(document.querySelectorAll(
    ".sphx-glr-script-out, .rendered_html, .cell_output"
)).map((el) => el.innerText)
"""


def code_of(source: Path) -> str:
    """The code of a lesson script, or of the code cells of a MyST page."""
    text = source.read_text("utf-8")
    if source.suffix == ".py":
        return text
    return "\n".join(
        token.content
        for token in MarkdownIt("commonmark").parse(text)
        if token.type == "fence" and token.info.startswith("{code-cell}")
    )


def pages_with_sources() -> list[tuple[str, Path]]:
    """(built page, source) for every lesson and exercise page."""
    pairs = [
        (f"auto_examples/{src.stem}.html", src)
        for src in sorted((REPO / "gallery").glob("plot_*.py"))
    ]
    pairs += [
        (f"exercises/{src.stem}.html", src)
        for src in sorted((REPO / "docs" / "exercises").glob("*.md"))
    ]
    return pairs


PAGES = pages_with_sources()
DRAWING = [(page, src) for page, src in PAGES if DRAWS.search(code_of(src))]


def test_the_sources_are_found():
    """Guards the tests below against passing on nothing."""
    assert any(p.startswith("auto_examples/") for p, _ in DRAWING), PAGES
    assert any(p.startswith("exercises/") for p, _ in DRAWING), PAGES


def test_draws_recognises_figure_calls():
    assert DRAWS.search("plt.show()") and DRAWS.search("save_gif(h, x, y, p)")
    assert DRAWS.search("fig, ax = plt.subplots()")
    assert not DRAWS.search("print('the figure below')")


def test_bare_repr_recognises_stray_output():
    for stray in (
        "PosixPath('sine_10_hidden.gif')",
        "[<matplotlib.lines.Line2D at 0x7f3a2c1d0>]",
        "<Figure size 640x480 with 1 Axes>",
        "Text(0.5, 1.0, 'loss')",
        "<nnreg.models.TwoLayerNet object at 0x7f00>",
    ):
        assert BARE_REPR.search(stray), stray
    for fine in ("MSE after 200 epochs: 0.0063", "Linear(in_features=1)"):
        assert not BARE_REPR.search(fine), fine


@pytest.mark.parametrize(("page", "source"), DRAWING, ids=[p for p, _ in DRAWING])
def test_a_page_that_draws_shows_a_figure(crawl, base_url, page, source):
    """The source draws; the built page must show at least one image of
    its own, loaded by the browser: a figure or GIF under ``_images/``, or
    a figure embedded in the page (an exploration's ``data:`` image)."""
    report = crawl.pages.get(base_url + page)
    assert report is not None, f"{page} (from {source.name}) was not reached"
    figures = [
        img
        for img in report.images
        if ("/_images/" in img["src"] or img["src"].startswith("data:image/"))
        and img["naturalWidth"]
    ]
    assert figures, (
        f"{page}: {source.relative_to(REPO)} draws a figure, but the page "
        "shows no image"
    )


def test_no_output_shows_a_bare_repr(offline_context, open_page, base_url):
    context = offline_context()
    problems = []
    for page, _ in PAGES:
        tab = open_page(context, base_url + page)
        outputs = tab.evaluate(OUTPUT_JS)
        tab.close()
        for text in outputs:
            for line in text.splitlines():
                if BARE_REPR.search(line):
                    problems.append(f"{page}: {line.strip()[:100]}")
    assert not problems, "output cells showing an object's repr:\n  " + (
        "\n  ".join(problems)
    )


GIF_LESSONS = [
    src
    for src in sorted((REPO / "gallery").glob("plot_*.py"))
    if "save_gif(" in src.read_text("utf-8")
]


@pytest.mark.parametrize("source", GIF_LESSONS, ids=[s.stem for s in GIF_LESSONS])
def test_lesson_shows_the_animations_it_saves(site_dir, source):
    # the GIF scraper must find the GIFs a lesson writes, however it writes
    # them (save_gif writes a temporary file and renames it into place)
    html = (site_dir / "auto_examples" / f"{source.stem}.html").read_text("utf-8")
    shown = re.findall(r'<img[^>]+src="[^"]+\.gif"', html)
    assert shown, f"{source.stem} saves a GIF, but its page shows none"
