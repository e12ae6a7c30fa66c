"""How long a built page takes to read, and what a reader must scroll past.

For each lesson and exercise page of a built site, prints:

- the words of prose (text outside code, output and the site's own boxes),
- the lines of code (non-blank lines of every code block the reader sees,
  folded cells included), the longest code block and the visible asserts,
- figures and animations (GIFs); an exploration (a slider over runs)
  counts its first run only, a question counts as prose,
- the estimated reading time: prose at 200 words a minute, code at 5 s a
  line, 20 s a figure and 30 s an animation,
- the widest printed output line, in characters.

With ``--check``, it exits 1 when a lesson page (``auto_examples/plot_*``)
or an exercise page (``exercises/ex_*``) is over budget: more than 15
minutes, a code block over 40 lines, any visible assert, or an output line
over 75 characters.

Usage::

    python tools/reading_time.py                      # docs/_build/html
    python tools/reading_time.py --check path/to/html
    python tools/reading_time.py page.html other.html
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from bs4 import BeautifulSoup

WORDS_PER_MINUTE = 200
SECONDS_PER_CODE_LINE = 5
SECONDS_PER_FIGURE = 20
SECONDS_PER_ANIMATION = 30

MAX_MINUTES = 15
MAX_BLOCK_LINES = 40
MAX_OUTPUT_WIDTH = 75

# The site's own parts of a page, not the lesson: the "run it" box, the
# download notes and footer, timing, heading anchors.
_CHROME = (
    "div.nnreg-run",
    "div.sphx-glr-download-link-note",
    "div.sphx-glr-footer",
    "p.sphx-glr-timing",
    "p.sphx-glr-signature",
    "a.headerlink",
    "nav",
)
_OUTPUT = "div.sphx-glr-script-out, div.cell_output"
_ASSERT = re.compile(r"^\s*assert\b")


@dataclass(frozen=True)
class Page:
    """What one built page asks of its reader."""

    path: str
    words: int
    code_lines: int
    longest_block: int
    asserts: int
    figures: int
    animations: int
    widest_output: int

    @property
    def minutes(self) -> float:
        seconds = (
            self.words / WORDS_PER_MINUTE * 60
            + self.code_lines * SECONDS_PER_CODE_LINE
            + self.figures * SECONDS_PER_FIGURE
            + self.animations * SECONDS_PER_ANIMATION
        )
        return seconds / 60

    @property
    def is_lesson(self) -> bool:
        """A lesson or an exercise page: both are held to the budget."""
        return Path(self.path).name.startswith(("plot_", "ex_"))

    def over_budget(self) -> list[str]:
        """What breaks the lesson budget (empty when within it)."""
        out = []
        if self.minutes > MAX_MINUTES:
            out.append(f"{self.minutes:.1f} min > {MAX_MINUTES}")
        if self.longest_block > MAX_BLOCK_LINES:
            out.append(f"code block of {self.longest_block} lines")
        if self.asserts:
            out.append(f"{self.asserts} visible assert(s)")
        if self.widest_output > MAX_OUTPUT_WIDTH:
            out.append(f"output line of {self.widest_output} characters")
        return out


def _lines(text: str) -> list[str]:
    return [ln for ln in text.splitlines() if ln.strip()]


def measure(html: str, path: str = "") -> Page:
    """Measure one page from its HTML."""
    soup = BeautifulSoup(html, "html.parser")
    article = soup.find("article", class_="bd-article") or soup.body or soup
    for sel in _CHROME:
        for tag in article.select(sel):
            tag.decompose()
    for tag in article.find_all(["script", "style"]):
        tag.decompose()
    # An exploration shows one run at a time: its first run's figure and
    # numbers are what the reader sees; the slider swaps in the others.
    for sweep in article.select("div.nnreg-sweep"):
        for step in sweep.select("div.nnreg-sweep-step")[1:]:
            step.decompose()
        for tag in sweep.select(".nnreg-sweep-control, .nnreg-sweep-caption"):
            tag.decompose()
    # A question is read as prose: its legend, options and, after the check,
    # one reason per option (the folded answer repeats those reasons).
    quiz_words = 0
    for quiz in article.select("div.nnreg-quiz"):
        for tag in quiz.select("details, button"):
            tag.decompose()
        quiz_words += len(quiz.get_text(" ").split())
        quiz.decompose()
    figures_in_output = 0
    widest = 0
    for out in article.select(_OUTPUT):
        figures_in_output += len(out.find_all("img"))
        for ln in out.get_text().splitlines():
            widest = max(widest, len(ln.rstrip()))
        out.decompose()
    blocks = []
    for block in article.select("div[class*='highlight-']"):
        blocks.append(_lines(block.get_text()))
        block.decompose()
    images = [img.get("src", "") for img in article.find_all("img")]
    gifs = sum(1 for src in images if src.lower().endswith(".gif"))
    words = len(article.get_text(" ").split()) + quiz_words
    return Page(
        path=path,
        words=words,
        code_lines=sum(len(b) for b in blocks),
        longest_block=max((len(b) for b in blocks), default=0),
        asserts=sum(1 for b in blocks for ln in b if _ASSERT.match(ln)),
        figures=len(images) - gifs + figures_in_output,
        animations=gifs,
        widest_output=widest,
    )


def pages_of(site: Path) -> list[Path]:
    """The lesson and exercise pages of a built site, in reading order."""
    lessons = sorted((site / "auto_examples").glob("plot_*.html"))
    exercises = sorted((site / "exercises").glob("ex_*.html"))
    return lessons + exercises


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "paths",
        nargs="*",
        type=Path,
        default=[Path("docs/_build/html")],
        help="a built site's folder, or page files (default docs/_build/html)",
    )
    parser.add_argument(
        "--check", action="store_true", help="exit 1 if a lesson is over budget"
    )
    args = parser.parse_args(argv)
    files: list[Path] = []
    for p in args.paths:
        if p.is_dir():
            found = pages_of(p)
            if not found:
                parser.error(f"{p}: no lesson or exercise pages (build the site?)")
            files += found
        elif p.is_file():
            files.append(p)
        else:
            parser.error(f"{p}: no such file or folder")
    pages = [measure(f.read_text(encoding="utf-8"), str(f)) for f in files]
    head = "page                                    min  words code longest"
    print(head + " asserts figs gifs width")
    over = []
    for pg in pages:
        print(
            f"{Path(pg.path).stem[:38]:38} {pg.minutes:5.1f} {pg.words:6d}"
            f" {pg.code_lines:4d} {pg.longest_block:7d} {pg.asserts:7d}"
            f" {pg.figures:4d} {pg.animations:4d} {pg.widest_output:5d}"
        )
        if pg.is_lesson and pg.over_budget():
            over.append(f"{Path(pg.path).stem}: " + "; ".join(pg.over_budget()))
    if args.check and over:
        print("\nover the lesson budget:", *over, sep="\n  ")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
