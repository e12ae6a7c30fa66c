"""What publishing the site gives a reader: the footer's stamp, a 404 page, a
sitemap, social cards, and training animations that can be paused."""

from __future__ import annotations

import functools
import http.server
import re
import subprocess
import sys
import threading
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

import pytest

REPO = Path(__file__).resolve().parents[2]
SITE_URL = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["urls"][
    "Documentation"
]
PREFIX = urlsplit(SITE_URL).path  # the site's path on GitHub Pages, e.g. /nnreg/
SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def _nnreg_facts() -> dict[str, str]:
    """What ``python -m nnreg --version`` prints on this machine."""
    out = subprocess.run(
        [sys.executable, "-m", "nnreg", "--version"],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO,
    ).stdout
    return {
        k.strip(): v.strip() for k, v in (ln.split(": ", 1) for ln in out.splitlines())
    }


# -- footer --------------------------------------------------------------------


def test_every_page_has_the_footer_stamp(crawl, site_dir):
    facts = _nnreg_facts()
    stamp = re.compile(
        r"nnreg (?P<version>\S+), commit (?P<commit>\S+), "
        r"built (?P<date>\d{4}-\d{2}-\d{2}) with torch (?P<torch>\S+),"
    )
    for page in crawl.pages.values():
        html = (site_dir / page.path.lstrip("/")).read_text(encoding="utf-8")
        footer = re.sub(r"<[^>]+>", "", html[html.rfind("<footer") :])
        found = stamp.search(" ".join(footer.split()))
        assert found, f"no build stamp in the footer of {page.path}"
        assert found["version"] == facts["nnreg"], page.path
        assert found["torch"] == facts["torch"], page.path
        # built from this checkout (or "unknown" outside git)
        assert found["commit"].rstrip(",") == facts["commit"], page.path


# -- 404 page, as GitHub Pages serves it ---------------------------------------


class _PagesHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site under PREFIX, and 404.html for any missing path."""

    def translate_path(self, path):
        path = urlsplit(path).path
        if not path.startswith(PREFIX):
            return str(Path(self.directory) / "no-such-file")
        return super().translate_path("/" + path[len(PREFIX) :])

    def send_error(self, code, message=None, explain=None):
        if code != 404:
            return super().send_error(code, message, explain)
        body = (Path(self.directory) / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):  # noqa: A002 - quiet server
        pass


@pytest.fixture(scope="module")
def pages_url(site_dir):
    handler = functools.partial(_PagesHandler, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}{PREFIX}"
    server.shutdown()
    server.server_close()


def test_missing_page_gets_a_styled_404_page(browser, pages_url, output_dir):
    context = browser.new_context()
    failed = []
    context.on("requestfailed", lambda r: failed.append(r.url))
    responses = []
    context.on("response", lambda r: responses.append((r.status, r.url)))
    page = context.new_page()
    response = page.goto(f"{pages_url}auto_examples/no_such_lesson.html")
    page.wait_for_load_state("networkidle")
    assert response.status == 404
    assert page.locator("h1").first.inner_text().strip() == "Page not found"
    # its stylesheets, scripts and images load from the site's path
    broken = [u for s, u in responses if s >= 400 and "no_such_lesson" not in u]
    assert not broken and not failed, (broken, failed)
    sheets = page.evaluate("document.styleSheets.length")
    assert sheets > 0 and any("pydata-sphinx-theme" in u for s, u in responses)
    page.screenshot(path=output_dir / "404.png")
    page.get_by_role("link", name="the lessons", exact=True).click()
    page.wait_for_load_state()
    assert page.url == f"{pages_url}index.html"
    context.close()


# -- sitemap -------------------------------------------------------------------


def test_sitemap_lists_every_page_at_its_hosted_address(crawl, site_dir):
    tree = ET.parse(site_dir / "sitemap.xml")
    listed = {el.text for el in tree.getroot().findall("sm:url/sm:loc", SITEMAP_NS)}
    assert listed, "the sitemap is empty"
    for url in listed:
        assert url.startswith(SITE_URL), url
        assert (site_dir / url[len(SITE_URL) :]).is_file(), f"{url} is not built"
    for page in crawl.pages.values():
        if page.path.endswith(("/search.html", "/genindex.html", "/404.html")):
            continue
        assert SITE_URL + page.path.lstrip("/") in listed, page.path


# -- social cards --------------------------------------------------------------


def _meta(html: str) -> dict[str, str]:
    tags = re.findall(r'<meta property="(og:[^"]+)" content="([^"]*)"', html)
    return dict(tags)


def test_each_lesson_has_a_card_with_its_thumbnail_and_first_sentence(crawl, site_dir):
    import html as htmlmod

    lessons = crawl.lessons()
    assert lessons, "no lesson pages were built"
    for lesson in lessons:
        html = (site_dir / lesson.path.lstrip("/")).read_text(encoding="utf-8")
        card = {k: htmlmod.unescape(v) for k, v in _meta(html).items()}
        name = Path(lesson.path).stem
        assert card["og:image"] == f"{SITE_URL}_images/sphx_glr_{name}_thumb.png"
        assert (site_dir / "_images" / f"sphx_glr_{name}_thumb.png").is_file()
        assert card["og:url"] == SITE_URL + lesson.path.lstrip("/")
        sentence = card["og:description"]
        assert sentence.endswith(".") and sentence.count(". ") == 0, sentence
        # the first sentence of what the reader sees under the title (its
        # opening words: math in it is typeset on the page)
        body = " ".join(lesson.text.split())
        words = []
        for word in sentence.split()[:6]:
            if re.search(r"[\\^$=]", word):
                break
            words.append(word)
        assert len(words) >= 3 and " ".join(words) in body, sentence


# -- animation controls ---------------------------------------------------------


def _gif_page(crawl):
    for page in crawl.lessons():
        if page.gifs:
            return page
    pytest.skip("no lesson page with a training GIF was built")


def _controls(page):
    page.wait_for_selector(".nnreg-anim", timeout=30_000)
    return page.locator(".nnreg-anim").first


def test_animations_play_pause_and_step(crawl, offline_context, output_dir):
    lesson = _gif_page(crawl)
    page = offline_context(reduced_motion="no-preference").new_page()
    page.goto(lesson.url, wait_until="networkidle")
    box = _controls(page)
    assert page.locator(".nnreg-anim").count() == len(lesson.gifs)
    # playing: the frame moves on by itself
    assert box.get_attribute("data-playing") == "true"
    first = int(box.get_attribute("data-frame"))
    page.wait_for_function(
        f"el => el.dataset.frame !== '{first}'",
        arg=box.element_handle(),
        timeout=10_000,
    )
    pause = box.get_by_role("button", name="Pause")
    pause.click()
    assert box.get_attribute("data-playing") == "false"
    held = box.get_attribute("data-frame")
    page.wait_for_timeout(1000)
    assert box.get_attribute("data-frame") == held, "a paused animation moved"
    box.get_by_role("button", name="Next frame").click()
    n = int(re.search(r"of (\d+)", box.inner_text())[1])
    assert int(box.get_attribute("data-frame")) == (int(held) + 1) % n
    box.get_by_role("button", name="Previous frame").click()
    assert box.get_attribute("data-frame") == held
    assert f"Frame {int(held) + 1} of {n}" in box.inner_text()
    # the canvas is named for screen readers like the GIF was
    canvas = box.locator("canvas")
    alt = box.locator("img").get_attribute("alt")
    assert canvas.get_attribute("role") == "img"
    assert canvas.get_attribute("aria-label") == alt
    box.screenshot(path=output_dir / "animation-controls.png")


def test_animations_start_paused_for_reduced_motion(crawl, offline_context):
    lesson = _gif_page(crawl)
    page = offline_context(reduced_motion="reduce").new_page()
    page.goto(lesson.url, wait_until="networkidle")
    box = _controls(page)
    n = int(re.search(r"of (\d+)", box.inner_text())[1])
    assert box.get_attribute("data-playing") == "false"
    # paused on the last frame: the trained fit
    assert box.get_attribute("data-frame") == str(n - 1)
    page.wait_for_timeout(1000)
    assert box.get_attribute("data-frame") == str(n - 1)
    box.get_by_role("button", name="Play").click()
    assert box.get_attribute("data-playing") == "true"


def test_downloads_keep_the_plain_gif(crawl, site_dir):
    """The controls are the site's: the GIF files themselves still animate."""
    from PIL import Image

    lesson = _gif_page(crawl)
    for gif in lesson.gifs:
        path = site_dir / urlsplit(gif["src"]).path.lstrip("/")
        with Image.open(path) as im:
            assert im.format == "GIF" and im.n_frames > 1, path
