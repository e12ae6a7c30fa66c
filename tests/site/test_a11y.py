"""An accessibility audit of every page, light and dark, with axe-core.

axe-core runs in Chromium through its Playwright binding
(``axe-playwright-python``, which bundles ``axe.min.js``: nothing is fetched).
Every page the crawl reached is audited in both colour schemes, and so is
the search results page with the searched term highlighted, as a reader
sees it. A violation fails the test unless it is on ``ALLOWED`` with the
reason the project cannot fix it. The counts per rule are written to
``test-output/a11y-<scheme>.json``.
"""

from __future__ import annotations

import json
from collections import Counter

import pytest

# (rule id, CSS selector axe reports) -> why it stays. Only markup the project
# does not control and cannot override with a template or CSS belongs here.
ALLOWED: dict[tuple[str, str], str] = {}

SCHEMES = ["light", "dark"]


def _audit(page) -> list[dict]:
    from axe_playwright_python.sync_playwright import Axe

    result = Axe().run(page)
    found = []
    for violation in result.response["violations"]:
        for node in violation["nodes"]:
            target = " ".join(str(t) for t in node["target"])
            found.append(
                {
                    "rule": violation["id"],
                    "impact": violation.get("impact"),
                    "target": target,
                    "html": node.get("html", "")[:200],
                    "summary": node.get("failureSummary", "")[:300],
                }
            )
    return found


def _not_allowed(found: list[dict]) -> list[dict]:
    return [v for v in found if (v["rule"], v["target"]) not in ALLOWED]


@pytest.mark.parametrize("scheme", SCHEMES)
def test_every_page_passes_the_audit(
    scheme, crawl, offline_context, output_dir, normalise
):
    context = offline_context(
        color_scheme=scheme, viewport={"width": 1280, "height": 900}
    )
    report: dict[str, list[dict]] = {}
    for url in crawl.pages:
        page = context.new_page()
        page.goto(url, wait_until="networkidle", timeout=30_000)
        found = _audit(page)
        theme = page.evaluate("document.documentElement.dataset.theme")
        page.close()
        assert theme == scheme, f"{url} did not follow the {scheme} scheme"
        if found:
            report[crawl.pages[url].path] = found
    counts = Counter(v["rule"] for found in report.values() for v in found)
    (output_dir / f"a11y-{scheme}.json").write_text(
        json.dumps({"counts": counts, "pages": report}, indent=1)
    )
    failing = {
        path: _not_allowed(found)
        for path, found in report.items()
        if _not_allowed(found)
    }
    assert not failing, (
        f"{sum(map(len, failing.values()))} accessibility violations "
        f"({dict(counts)}) in {scheme} mode, first: "
        + json.dumps(next(iter(failing.items())), indent=1)
    )


@pytest.mark.parametrize("scheme", SCHEMES)
def test_search_highlights_are_legible(scheme, base_url, offline_context):
    """Search results highlight the searched term with a readable contrast."""
    context = offline_context(color_scheme=scheme)
    page = context.new_page()
    page.goto(f"{base_url}search.html?q=network", wait_until="networkidle")
    page.wait_for_selector(
        "#search-results span.highlighted", state="attached", timeout=30_000
    )
    found = [
        v
        for v in _audit(page)
        if v["rule"] == "color-contrast" and "highlighted" in v["html"]
    ]
    page.close()
    assert not found, found
