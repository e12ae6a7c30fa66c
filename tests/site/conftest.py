"""Fixtures of the browser tests: the built site, served and crawled in Chromium.

The site under test is ``docs/_build/html`` (or ``$NNREG_SITE_DIR``). It is
served by a local HTTP server on a free port, and headless Chromium (Debian's
``/usr/bin/chromium`` or ``$NNREG_CHROMIUM``), driven by Playwright, visits
every page reachable from the landing page. The crawl records what a reader's
browser did on each page: the HTTP status, console errors, every request it
made (any other host fails to resolve, as for a reader with no network, and
each request to one is recorded), the images and
their sizes, the bytes of every GIF it loaded, links, anchors and math.

The crawl runs once per test session; the test modules only judge it. A
summary (pages, images, GIFs, requests that left the server) is written to
``test-output/site-report.json`` and printed at the end of the run, next to
the screenshots the tests take.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import threading
import time
from collections import deque
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import urldefrag, urlsplit
from urllib.request import urlopen

import pytest

REPO = Path(__file__).resolve().parents[2]
SITE = Path(os.environ.get("NNREG_SITE_DIR", REPO / "docs" / "_build" / "html"))
OUTPUT = Path(os.environ.get("NNREG_TEST_OUTPUT", REPO / "test-output"))
CHROMIUM = os.environ.get("NNREG_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    # The reader has no network: every host but the local server fails to
    # resolve at once. (Requests are only watched, not intercepted, so the
    # browser behaves as it does for a reader, favicon fetch and cache included.)
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DOWNLOAD_SUFFIXES = (".py", ".ipynb", ".zip")
# Folders of the built site that hold files, not pages to visit.
NOT_PAGES = ("/_static/", "/_images/", "/_downloads/", "/_sources/")
TIMEOUT_MS = 30_000

# Run in the page once it has loaded: load lazy images, wait for them and for
# MathJax, then describe what the reader sees.
INSPECT_JS = r"""
async () => {
  const images = Array.from(document.images);
  for (const img of images) if (img.loading === "lazy") img.loading = "eager";
  await Promise.all(images.map((img) => img.complete ? null : new Promise((ok) => {
    img.addEventListener("load", ok);
    img.addEventListener("error", ok);
    setTimeout(ok, 15000);
  })));
  let mathjax = null;
  if (window.MathJax && window.MathJax.startup && window.MathJax.startup.promise) {
    await window.MathJax.startup.promise;
    mathjax = window.MathJax.version || "unknown";
  }
  const mathNodes = Array.from(document.querySelectorAll(".math"));
  const untypeset = mathNodes
    .filter((el) => !el.querySelector("mjx-container, svg"))
    .map((el) => el.textContent.trim().slice(0, 80));
  // Prose (outside code and math) that still shows TeX source.
  const rawTex = [];
  const article = document.querySelector("article") || document.body;
  for (const el of article.querySelectorAll("p, li, dd, td, figcaption, h1, h2, h3")) {
    const copy = el.cloneNode(true);
    copy.querySelectorAll("code, pre, .math, mjx-container, script, style")
      .forEach((n) => n.remove());
    const text = copy.textContent;
    if (/\\\(|\\\[|\$[^$\s][^$]*\\[a-zA-Z]+[^$]*\$|\\frac\{/.test(text))
      rawTex.push(text.trim().slice(0, 120));
  }
  const h1 = document.querySelector("article h1, h1");
  return {
    title: document.title,
    h1: h1 ? h1.textContent.replace("#", "").trim() : "",
    text: (document.querySelector("article") || document.body).innerText,
    images: images.map((img) => ({
      src: img.currentSrc || img.src,
      alt: img.getAttribute("alt"),
      naturalWidth: img.naturalWidth,
      complete: img.complete,
    })),
    // Links, and where the search box sends the reader.
    links: Array.from(document.querySelectorAll("a[href]")).map((a) => a.href)
      .concat(Array.from(document.querySelectorAll("form[action]"))
        .map((f) => f.action)),
    ids: Array.from(document.querySelectorAll("[id], a[name]"))
      .map((el) => el.id || el.getAttribute("name")),
    math_nodes: mathNodes.length,
    math_untypeset: untypeset,
    mjx_containers: document.querySelectorAll("mjx-container").length,
    raw_tex: rawTex,
    mathjax: mathjax,
    mathjax_scripts: Array.from(document.scripts)
      .map((s) => s.src).filter((src) => /mathjax/i.test(src)),
  };
}
"""


@dataclass
class PageReport:
    """What the browser saw on one page of the site."""

    url: str
    status: int | None = None
    title: str = ""
    h1: str = ""
    text: str = ""
    console_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    external_requests: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    images: list[dict] = field(default_factory=list)
    gif_bytes: dict[str, bytes] = field(default_factory=dict, repr=False)
    links: list[str] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)
    math_nodes: int = 0
    math_untypeset: list[str] = field(default_factory=list)
    mjx_containers: int = 0
    raw_tex: list[str] = field(default_factory=list)
    mathjax: str | None = None
    mathjax_scripts: list[str] = field(default_factory=list)

    @property
    def path(self) -> str:
        return urlsplit(self.url).path

    @property
    def is_lesson(self) -> bool:
        """A sphinx-gallery example page (one lesson section)."""
        name = self.path.rsplit("/", 1)[-1]
        return name.startswith("plot_") and name.endswith(".html")

    @property
    def gifs(self) -> list[dict]:
        return [i for i in self.images if urlsplit(i["src"]).path.endswith(".gif")]

    @property
    def downloads(self) -> list[str]:
        return sorted(
            {
                urldefrag(link)[0]
                for link in self.links
                if urlsplit(link).path.endswith(DOWNLOAD_SUFFIXES)
                # the site's own files, not its links to the repository
                and urlsplit(link).netloc == urlsplit(self.url).netloc
            }
        )


@dataclass
class Crawl:
    """Every page reached from the landing page, in the order visited."""

    base: str
    pages: dict[str, PageReport]

    def is_local(self, url: str) -> bool:
        return url.startswith(self.base)

    def internal_links(self) -> dict[str, list[str]]:
        """Same-origin link targets (without fragment) -> pages linking there."""
        targets: dict[str, list[str]] = {}
        for page in self.pages.values():
            for link in page.links:
                if self.is_local(link):
                    target = urldefrag(link)[0]
                    targets.setdefault(target, []).append(page.url)
        return targets

    def downloads(self) -> dict[str, list[str]]:
        """Download link targets -> pages offering them."""
        found: dict[str, list[str]] = {}
        for page in self.pages.values():
            for link in page.downloads:
                found.setdefault(link, []).append(page.url)
        return found

    def lessons(self) -> list[PageReport]:
        return [p for p in self.pages.values() if p.is_lesson]

    def summary(self) -> dict:
        images = [i for p in self.pages.values() for i in p.images]
        gif_urls = {i["src"] for p in self.pages.values() for i in p.gifs}
        return {
            "base": self.base,
            "pages": [p.path for p in self.pages.values()],
            "page_count": len(self.pages),
            "lesson_pages": [p.path for p in self.lessons()],
            "images_checked": len(images),
            "distinct_images": len({i["src"] for i in images}),
            "gifs_checked": len(gif_urls),
            "gifs": sorted(urlsplit(u).path for u in gif_urls),
            "pages_with_math": [p.path for p in self.pages.values() if p.math_nodes],
            "math_elements": sum(p.math_nodes for p in self.pages.values()),
            "requests": sum(len(p.requests) for p in self.pages.values()),
            "external_requests": sorted(
                {u for p in self.pages.values() for u in p.external_requests}
            ),
            "downloads": sorted(urlsplit(u).path for u in self.downloads()),
        }


def is_local_request(url: str, base: str) -> bool:
    """A request answered by the local server or by the page itself."""
    return url.startswith(base) or url.startswith(("data:", "blob:", "about:"))


def is_page(url: str, base: str) -> bool:
    """A same-origin HTML page worth visiting (not a file of the site)."""
    if not url.startswith(base):
        return False
    path = urlsplit(url).path
    return (path.endswith(".html") or path.endswith("/")) and not any(
        part in path for part in NOT_PAGES
    )


def normalise(url: str) -> str:
    """Drop fragment and query; a folder means its index.html."""
    url = urldefrag(url)[0].split("?", 1)[0]
    return url + "index.html" if url.endswith("/") else url


def crawl_site(context, base: str) -> Crawl:
    """Visit every page reachable from ``base + 'index.html'`` (breadth first)."""
    current: dict[str, PageReport] = {}
    gif_responses: list = []

    def on_request(request):
        if "page" in current:
            current["page"].requests.append(request.url)
            if not is_local_request(request.url, base):
                current["page"].external_requests.append(request.url)

    def on_response(response):
        if "page" not in current or not response.url.startswith(base):
            return
        if response.status >= 400:
            current["page"].failed_requests.append(f"{response.status} {response.url}")
        elif urlsplit(response.url).path.endswith(".gif"):
            gif_responses.append(response)

    def on_request_failed(request):
        if "page" in current and request.url.startswith(base):
            current["page"].failed_requests.append(f"{request.failure} {request.url}")

    context.on("request", on_request)
    context.on("response", on_response)
    context.on("requestfailed", on_request_failed)

    pages: dict[str, PageReport] = {}
    queue = deque([base + "index.html"])
    seen = {base + "index.html"}
    while queue:
        url = queue.popleft()
        report = PageReport(url=url)
        pages[url] = report
        current["page"] = report
        gif_responses.clear()
        page = context.new_page()

        def on_console(msg, report=report):
            if msg.type == "error":
                report.console_errors.append(f"console: {msg.text}")

        def on_page_error(error, report=report):
            report.console_errors.append(f"uncaught: {error}")

        page.on("console", on_console)
        page.on("pageerror", on_page_error)
        server_errors = len(_Handler.errors)
        try:
            response = page.goto(url, wait_until="networkidle", timeout=TIMEOUT_MS)
            report.status = response.status if response else None
            seen_js = page.evaluate(INSPECT_JS)
            page.wait_for_load_state("networkidle", timeout=TIMEOUT_MS)
            for key, value in seen_js.items():
                setattr(report, key, set(value) if key == "ids" else value)
            for gif in list(gif_responses):
                report.gif_bytes[gif.url] = gif.body()
        except Exception as exc:  # noqa: BLE001 - reported by the tests
            report.console_errors.append(f"crawler: {exc}")
        finally:
            page.close()
            current.pop("page", None)
        report.failed_requests += [
            f"server answered {e}" for e in _Handler.errors[server_errors:]
        ]
        for link in report.links:
            target = normalise(link)
            if is_page(target, base) and target not in seen:
                seen.add(target)
                queue.append(target)
    return Crawl(base=base, pages=pages)


def fetch_url(url: str) -> tuple[int, bytes]:
    """GET a URL from the local server: (status, body)."""
    try:
        with urlopen(url, timeout=30) as response:  # noqa: S310 - local server
            return response.status, response.read()
    except HTTPError as err:
        return err.code, b""


# -- fixtures ------------------------------------------------------------------


@pytest.fixture(scope="session")
def site_dir() -> Path:
    if not (SITE / "index.html").is_file():
        pytest.exit(f"No built site at {SITE}: build it first (`nox -s site` does).", 2)
    return SITE


@pytest.fixture(scope="session")
def fetch():
    """GET from the local server: ``fetch(url) -> (status, body)``."""
    return fetch_url


@pytest.fixture(scope="session")
def open_page():
    """``open_page(context, url)``: a page loaded, its images and math done."""

    def open_page(context, url, wait_until="networkidle"):
        page = context.new_page()
        page.goto(url, wait_until=wait_until, timeout=TIMEOUT_MS)
        page.evaluate(INSPECT_JS)
        return page

    return open_page


@pytest.fixture(scope="session", name="normalise")
def normalise_fixture():
    """``normalise(url)``: without fragment and query, folders as index.html."""
    return normalise


@pytest.fixture(scope="session")
def output_dir() -> Path:
    OUTPUT.mkdir(parents=True, exist_ok=True)
    return OUTPUT


class _Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript",
        ".mjs": "text/javascript",
        ".css": "text/css",
        ".svg": "image/svg+xml",
        ".woff": "font/woff",
        ".woff2": "font/woff2",
        ".json": "application/json",
        ".ipynb": "application/x-ipynb+json",
    }

    # Requests the server could not answer (4xx/5xx), in order: some, such as
    # the browser's own /favicon.ico, never reach Playwright's events.
    errors: list[str] = []

    def log_request(self, code="-", size="-"):
        if str(code).isdigit() and int(code) >= 400:
            self.errors.append(f"{code} {self.path}")

    def log_message(self, format, *args):  # noqa: A002 - quiet server
        pass


@pytest.fixture(scope="session")
def base_url(site_dir: Path):
    """The site served on a free localhost port for the whole session."""
    handler = functools.partial(_Handler, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.exit(
            f"Chromium not found at {CHROMIUM}. Install it with "
            "`sudo apt-get install chromium` (Debian/Ubuntu) or point "
            "NNREG_CHROMIUM at a Chromium binary.",
            2,
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture
def offline_context(browser, base_url):
    """``offline_context(**options)``: a fresh browser context; at teardown,
    fail if any of its requests went to another host than the local server."""
    blocked: list[str] = []

    def on_request(request):
        if not is_local_request(request.url, base_url):
            blocked.append(request.url)

    def make(**options):
        context = browser.new_context(**options)
        context.on("request", on_request)
        contexts.append(context)
        return context

    contexts: list = []
    make.blocked = blocked
    yield make
    for context in contexts:
        context.close()
    assert not blocked, f"requests left the local server: {blocked}"


_CRAWL: list[Crawl] = []


@pytest.fixture(scope="session")
def crawl(browser, base_url, output_dir) -> Crawl:
    """The whole site as Chromium saw it, crawled once per session."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        result = crawl_site(context, base_url)
    finally:
        context.close()
    _CRAWL.append(result)
    report = result.summary()
    report["pages_detail"] = {
        p.path: {
            k: v
            for k, v in asdict(p).items()
            if k not in ("text", "links", "ids", "gif_bytes", "requests")
        }
        | {"request_count": len(p.requests)}
        for p in result.pages.values()
    }
    (output_dir / "site-report.json").write_text(json.dumps(report, indent=1))
    return result


@pytest.fixture(scope="session")
def lesson(crawl) -> PageReport:
    """A lesson page to look at: the first with training GIFs and math, if any."""
    lessons = crawl.lessons()
    if not lessons:
        pytest.fail("the crawl found no lesson page (auto_examples/plot_*.html)")
    return max(lessons, key=lambda p: (bool(p.gifs), bool(p.math_nodes)))


def _crawl_summary(terminalreporter):
    if not _CRAWL:
        return
    s = _CRAWL[0].summary()
    write = terminalreporter.write_line
    terminalreporter.section("site crawl")
    write(f"pages crawled: {s['page_count']} (lessons: {len(s['lesson_pages'])})")
    for path in s["pages"]:
        write(f"  {path}")
    write(
        f"images checked: {s['images_checked']} ({s['distinct_images']} distinct), "
        f"GIFs checked: {s['gifs_checked']}, math elements: {s['math_elements']} "
        f"on {len(s['pages_with_math'])} pages"
    )
    write(
        f"requests made: {s['requests']}, requests that left the local server: "
        f"{len(s['external_requests'])}"
    )
    for url in s["external_requests"]:
        write(f"  external: {url}")
    write(f"report and screenshots: {OUTPUT}")


# -- learner test report (tests/site/test_learner.py) ---------------------------


_STARTED = time.time()


def pytest_terminal_summary(terminalreporter):
    _crawl_summary(terminalreporter)
    report = OUTPUT / "learner-report.json"
    if report.is_file() and report.stat().st_mtime >= _STARTED:
        terminalreporter.section("learner: fresh venv from the site")
        terminalreporter.write_line(report.read_text())
