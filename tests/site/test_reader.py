"""What a reader does with the site: search it, switch to dark mode, read it on
a phone, and look at it (screenshots in the test output)."""

from __future__ import annotations

import re

import pytest

DESKTOP = {"width": 1280, "height": 900}
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}
SEARCH_TERMS = ["ReLU", "Gaussian process", "sine", "Higgs"]


def _search(context, base_url, term, normalise) -> set[str]:
    page = context.new_page()
    page.goto(f"{base_url}search.html?q={term}", wait_until="networkidle")
    summary = page.locator("#search-results p.search-summary")
    summary.wait_for(timeout=30_000)
    page.wait_for_function(
        "() => document.querySelector('#search-results p.search-summary')"
        ".textContent.trim().length > 0",
        timeout=30_000,
    )
    hrefs = page.eval_on_selector_all(
        "#search-results ul.search li a", "els => els.map((a) => a.href)"
    )
    page.close()
    return {normalise(h) for h in hrefs}


@pytest.mark.parametrize("term", SEARCH_TERMS)
def test_search_finds_the_lessons(term, crawl, offline_context, base_url, normalise):
    """Lessons titled with the term are found, and at least one that uses it."""
    words = r"\W+".join(re.escape(w) for w in term.split())
    pattern = re.compile(rf"\b{words}\b", re.IGNORECASE)
    titled = [p for p in crawl.lessons() if pattern.search(p.h1)]
    mentioning = [p for p in crawl.lessons() if pattern.search(p.text)]
    if not mentioning:
        pytest.skip(f"no lesson of this build mentions {term!r}")
    found = _search(offline_context(viewport=DESKTOP), base_url, term, normalise)
    missing = [p.path for p in titled if p.url not in found]
    assert not missing, f"search for {term!r} misses the lessons titled with it"
    assert any(p.url in found for p in mentioning), (
        f"search for {term!r} finds none of the lessons using it: "
        f"{sorted(p.path for p in mentioning)}; found {sorted(found)}"
    )


def _luminance(css_color: str) -> float:
    r, g, b = (int(v) for v in re.findall(r"\d+", css_color)[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def test_dark_mode_switches(offline_context, open_page, base_url, output_dir):
    context = offline_context(viewport=DESKTOP, color_scheme="light")
    page = open_page(context, base_url + "index.html")
    html = page.locator("html")
    assert html.get_attribute("data-theme") == "light"
    light = page.evaluate("getComputedStyle(document.body).backgroundColor")

    page.locator(".theme-switch-button:visible").first.click()
    choice = page.locator(".theme-change-button[data-mode='dark']:visible")
    if choice.count():  # pydata-sphinx-theme >= 0.16: a menu of modes
        choice.first.click()
    else:  # older: the button cycles through the modes
        for _ in range(2):
            if html.get_attribute("data-theme") == "dark":
                break
            page.locator(".theme-switch-button:visible").first.click()
    page.wait_for_function("document.documentElement.dataset.theme === 'dark'")
    page.wait_for_timeout(500)  # colour transitions
    dark = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert _luminance(dark) < _luminance(light) / 2, (light, dark)
    page.screenshot(path=output_dir / "landing-dark.png", full_page=True)

    page.reload(wait_until="networkidle")
    assert html.get_attribute("data-theme") == "dark", "the choice is not kept"
    page.close()


def test_no_page_scrolls_sideways_on_a_phone(crawl, offline_context, open_page):
    context = offline_context(**PHONE)
    problems = []
    for report in crawl.pages.values():
        if report.status != 200:
            continue  # reported by test_every_page_loads
        page = open_page(context, report.url, wait_until="load")
        width = page.evaluate(
            """() => {
              const vw = 390;
              const wide = Array.from(document.querySelectorAll('body *'))
                .filter((el) => el.getBoundingClientRect().right > vw + 1)
                .filter((el) => getComputedStyle(el).position !== 'fixed')
                .slice(0, 3)
                .map((el) => el.tagName.toLowerCase() + '.' +
                     Array.from(el.classList).join('.'));
              return {
                scroll: document.scrollingElement.scrollWidth,
                inner: window.innerWidth,
                wide: wide,
              };
            }"""
        )
        if width["scroll"] > 390 or width["inner"] > 390:
            problems.append(
                f"{report.path}: scrollWidth {width['scroll']}, innerWidth "
                f"{width['inner']} (wide: {', '.join(width['wide'])})"
            )
        page.close()
    if problems:
        pytest.fail("pages wider than a 390 px phone:\n  " + "\n  ".join(problems))


def test_screenshots(offline_context, open_page, base_url, lesson, output_dir):
    """The landing page and a lesson, on a desktop and on a phone, for a person."""
    desktop = offline_context(viewport=DESKTOP, color_scheme="light")
    phone = offline_context(**PHONE, color_scheme="light")
    shots = {  # name: (context, url, whole page or first screen)
        "landing.png": (desktop, base_url + "index.html", True),
        "lesson.png": (desktop, lesson.url, True),
        "lesson-top.png": (desktop, lesson.url, False),
        "landing-phone.png": (phone, base_url + "index.html", False),
        "lesson-phone.png": (phone, lesson.url, False),
    }
    for name, (context, url, full_page) in shots.items():
        page = open_page(context, url)
        page.screenshot(path=output_dir / name, full_page=full_page)
        page.close()
        assert (output_dir / name).stat().st_size > 10_000, name
