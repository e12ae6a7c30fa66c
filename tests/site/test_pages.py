"""Every page of the site, as Chromium loaded it from the local server.

Each test judges the whole crawl and lists every page that fails, so one run
shows all the problems at once.
"""

from __future__ import annotations

import io
from urllib.parse import urldefrag, urlsplit

import pytest
from PIL import Image


def _fail_if(problems: list[str], what: str) -> None:
    if problems:
        pytest.fail(f"{what} ({len(problems)}):\n  " + "\n  ".join(problems))


def test_crawl_reaches_the_site(crawl):
    paths = [p.path for p in crawl.pages.values()]
    assert len(paths) >= 5, paths
    for needed in ("/index.html", "/search.html"):
        assert needed in paths, f"{needed} not reached from the landing page"
    assert crawl.lessons(), "no lesson page reached from the landing page"
    assert any("/exercises/" in p for p in paths), "no exercise page reached"


def test_every_lesson_and_exercise_is_reachable(crawl, site_dir):
    """A lesson or exercise page the build wrote but no link leads to is lost."""
    reached = {p.path.lstrip("/") for p in crawl.pages.values()}
    built = [
        f.relative_to(site_dir).as_posix()
        for pattern in ("auto_examples/plot_*.html", "exercises/*.html")
        for f in site_dir.glob(pattern)
    ]
    assert built, "the build holds no lesson or exercise page"
    _fail_if(sorted(set(built) - reached), "pages no link leads to")


def test_every_page_loads(crawl):
    _fail_if(
        [f"{p.path}: HTTP {p.status}" for p in crawl.pages.values() if p.status != 200],
        "pages that did not load with HTTP 200",
    )


def test_no_console_errors(crawl):
    _fail_if(
        [f"{p.path}: {e}" for p in crawl.pages.values() for e in p.console_errors],
        "console errors",
    )


def test_no_request_leaves_the_local_server(crawl):
    _fail_if(
        [f"{p.path}: {u}" for p in crawl.pages.values() for u in p.external_requests],
        "requests to other hosts",
    )


def test_no_local_request_fails(crawl):
    _fail_if(
        [f"{p.path}: {r}" for p in crawl.pages.values() for r in p.failed_requests],
        "local requests that failed",
    )


def test_every_image_loaded(crawl):
    problems = [
        f"{p.path}: {img['src']} (naturalWidth {img['naturalWidth']})"
        for p in crawl.pages.values()
        for img in p.images
        if not img["naturalWidth"]
    ]
    _fail_if(problems, "images that did not load")


def test_training_gifs_are_animated_and_described(crawl):
    problems = []
    checked = 0
    for page in crawl.pages.values():
        for img in page.gifs:
            if not (img["alt"] or "").strip():
                problems.append(f"{page.path}: {img['src']} has no alt text")
            data = page.gif_bytes.get(img["src"])
            if data is None:
                problems.append(f"{page.path}: {img['src']} was not loaded as a GIF")
                continue
            with Image.open(io.BytesIO(data)) as im:
                frames = getattr(im, "n_frames", 1)
            checked += 1
            if frames < 2:
                problems.append(f"{page.path}: {img['src']} has {frames} frame")
    _fail_if(problems, "training GIFs")
    lessons_with_gifs = [p for p in crawl.lessons() if p.gifs]
    if lessons_with_gifs:
        assert checked


def test_math_is_typeset_from_the_local_mathjax(crawl):
    problems = []
    for page in crawl.pages.values():
        if not page.math_nodes:
            continue
        if not page.mathjax:
            problems.append(f"{page.path}: has math but MathJax did not start")
        if not page.mjx_containers:
            problems.append(f"{page.path}: no rendered math (mjx-container)")
        problems += [f"{page.path}: not typeset: {m!r}" for m in page.math_untypeset]
        if not page.mathjax_scripts:
            problems.append(f"{page.path}: has math but loads no MathJax script")
        problems += [
            f"{page.path}: MathJax from {src}"
            for src in page.mathjax_scripts
            if not crawl.is_local(src)
        ]
    _fail_if(problems, "math")


def test_prose_shows_no_tex_source(crawl):
    _fail_if(
        [f"{p.path}: {t!r}" for p in crawl.pages.values() for t in p.raw_tex],
        "TeX source left in the text (not marked up as math)",
    )


def test_lessons_have_math(crawl):
    """The lessons' formulas (MSE, MAPE, ...) are math, so MathJax is exercised."""
    assert any(p.math_nodes for p in crawl.lessons() + _exercises(crawl))


def _exercises(crawl):
    return [p for p in crawl.pages.values() if "/exercises/" in p.path]


def test_every_internal_link_resolves(crawl, fetch):
    problems = []
    for target, sources in sorted(crawl.internal_links().items()):
        page = crawl.pages.get(target)
        status = page.status if page else fetch(target)[0]
        if status != 200:
            problems.append(
                f"{urlsplit(target).path} ({status}) linked from {sources[0]}"
            )
    _fail_if(problems, "internal links that do not resolve")


def test_every_anchor_exists(crawl):
    problems = set()
    for page in crawl.pages.values():
        for link in page.links:
            target, fragment = urldefrag(link)
            if not fragment or not crawl.is_local(link):
                continue
            linked = crawl.pages.get(target)
            if linked is not None and fragment not in linked.ids:
                problems.add(f"{page.path} -> {urlsplit(target).path}#{fragment}")
    _fail_if(sorted(problems), "links to anchors that do not exist")
