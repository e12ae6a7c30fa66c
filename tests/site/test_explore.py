"""The explorations and questions of the exercise pages, worked in Chromium.

A learner moves each slider and reads the run it shows; picks options,
checks them and reads the feedback; does the same with the keyboard only;
and with JavaScript off still sees every run and the folded answers. axe
audits the pages after they have been worked, light and dark, so that the
feedback and the swapped runs are audited too. Screenshots of the worked
controls go to ``test-output/explore-*.png``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
EXERCISES = sorted(p.stem for p in (REPO / "docs" / "exercises").glob("ex_*.md"))


# the theme's sticky header, skip link and back-to-top button would lie over
# a tall control in its screenshot
SHOT_STYLE = (
    "header.bd-header, .skip-link, #pst-back-to-top { display: none !important; }"
)


def _open(offline_context, base_url, name, **options):
    context = offline_context(viewport={"width": 1280, "height": 900}, **options)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{base_url}exercises/{name}.html", wait_until="networkidle")
    return page, errors


def _visible_steps(sweep) -> list[int]:
    return [
        int(s.get_attribute("data-index"))
        for s in sweep.locator(".nnreg-sweep-step").all()
        if s.is_visible()
    ]


def _pages_with(site_dir, selector_class: str) -> list[str]:
    return [
        n
        for n in EXERCISES
        if selector_class
        in (site_dir / "exercises" / f"{n}.html").read_text(encoding="utf-8")
    ]


def _open_having(what, name, site_dir, offline_context, base_url):
    """The page, or a skip where it has no control of that class."""
    if name not in _pages_with(site_dir, f'class="{what}"'):
        pytest.skip(f"{name} has no {what}")
    return _open(offline_context, base_url, name)


def test_the_course_prompts_have_explorations(site_dir):
    # the GP metric, widths, ReLU layers, epochs and learning rates
    names = []
    for n in EXERCISES:
        text = (site_dir / "exercises" / f"{n}.html").read_text(encoding="utf-8")
        names += [
            t.split("</label>")[0].rsplit(">", 1)[-1]
            for t in text.split('<div class="nnreg-sweep-control"')[1:]
        ]
    assert len(names) >= 5, names


@pytest.mark.parametrize("name", EXERCISES)
def test_each_slider_swaps_the_figure_and_the_numbers(
    name, site_dir, offline_context, base_url, output_dir
):
    page, errors = _open_having(
        "nnreg-sweep", name, site_dir, offline_context, base_url
    )
    sweeps = page.locator(".nnreg-sweep")
    for k in range(sweeps.count()):
        sweep = sweeps.nth(k)
        slider = sweep.locator("input[type=range]")
        assert slider.is_visible(), "the slider shows once the script has run"
        label = sweep.locator("label").inner_text()
        assert label.strip(), "the slider has a visible label"
        n = int(slider.get_attribute("max")) + 1
        assert n >= 5, f"{name}: sweep '{label}' has only {n} runs"
        seen = {}
        slider.focus()
        page.keyboard.press("Home")
        for i in range(n):
            if i:
                page.keyboard.press("ArrowRight")
            assert int(slider.input_value()) == i
            assert _visible_steps(sweep) == [i], f"{name}: one run at a time"
            step = sweep.locator(f".nnreg-sweep-step[data-index='{i}']")
            shown = sweep.locator("output").inner_text()
            assert shown == step.get_attribute("data-shown")
            announced = slider.get_attribute("aria-valuetext")
            assert announced == step.get_attribute("data-label")
            assert announced == f"{label} = {shown}", "read out with its name"
            image = step.locator("img")
            src = image.get_attribute("src") if image.count() else ""
            text = (
                step.locator("pre").inner_text() if step.locator("pre").count() else ""
            )
            if image.count():
                assert image.is_visible() and image.evaluate("i => i.naturalWidth") > 0
            seen[i] = (src, text)
        assert len({s for s, _ in seen.values()}) == n, f"{name}: each run its figure"
        assert len({t for _, t in seen.values()}) == n, f"{name}: each run its numbers"
        page.keyboard.press("End")
        assert _visible_steps(sweep) == [n - 1]
        sweep.screenshot(
            path=str(output_dir / f"explore-{name}-{k}.png"), style=SHOT_STYLE
        )
    assert not errors, errors


def _questions(page):
    quizzes = page.locator(".nnreg-quiz")
    return [quizzes.nth(k) for k in range(quizzes.count())]


@pytest.mark.parametrize("name", EXERCISES)
def test_each_question_takes_an_answer_and_explains_itself(
    name, site_dir, offline_context, base_url, output_dir
):
    page, errors = _open_having("nnreg-quiz", name, site_dir, offline_context, base_url)
    for k, quiz in enumerate(_questions(page)):
        key = json.loads(quiz.get_attribute("data-answer"))
        button = quiz.locator("button.nnreg-quiz-check")
        verdict = quiz.locator(".nnreg-quiz-verdict")
        assert button.is_visible()
        button.click()
        assert verdict.inner_text().startswith(("Pick", "Type")), "asks for an answer"
        if quiz.get_attribute("data-kind") == "number":
            field = quiz.locator("input[type=text]")
            field.fill(" ".join(str(x + 1) for x in key))
            button.click()
            assert verdict.inner_text().startswith("Not quite.")
            field.fill(", ".join(f"{x:g}" for x in key))
            button.click()
            assert verdict.inner_text().startswith("Right.")
            assert quiz.locator(".nnreg-quiz-explain").is_visible()
            continue
        options = quiz.locator(".nnreg-quiz-option input")
        labels = [options.nth(i).get_attribute("value") for i in range(options.count())]
        wrong = next(lab for lab in labels if lab not in key)
        quiz.locator(f"input[value='{wrong}']").check()
        button.click()
        assert verdict.inner_text().startswith("Not quite.")
        for i in range(options.count()):
            why = quiz.locator(".nnreg-quiz-why").nth(i)
            assert why.is_visible() and len(why.inner_text().split()) >= 4
        if quiz.locator("input[type=checkbox]").count():
            quiz.locator(f"input[value='{wrong}']").uncheck()
        for label in key:
            quiz.locator(f"input[value='{label}']").check()
        button.click()
        assert verdict.inner_text().startswith("Right.")
        marks = quiz.locator(".nnreg-quiz-mark").all_inner_texts()
        assert all(m.startswith("\u2713") for m in marks), marks
        quiz.screenshot(
            path=str(output_dir / f"explore-{name}-q{k}.png"), style=SHOT_STYLE
        )
    assert not errors, errors


@pytest.mark.parametrize("name", EXERCISES)
def test_a_question_works_from_the_keyboard(name, site_dir, offline_context, base_url):
    page, _ = _open_having("nnreg-quiz", name, site_dir, offline_context, base_url)
    for quiz in _questions(page):
        key = json.loads(quiz.get_attribute("data-answer"))
        first = quiz.locator("input").first
        first.focus()
        if quiz.get_attribute("data-kind") == "number":
            page.keyboard.type(" ".join(f"{x:g}" for x in key))
        else:
            labels = quiz.locator(".nnreg-quiz-option input")
            kind = labels.first.get_attribute("type")
            values = [
                labels.nth(i).get_attribute("value") for i in range(labels.count())
            ]
            for i, value in enumerate(values):
                if i:
                    # radios move with the arrows (and select); boxes with Tab
                    page.keyboard.press("ArrowDown" if kind == "radio" else "Tab")
                focused = page.evaluate("document.activeElement.value")
                assert focused == value, "focus walks the options in order"
                wanted = value in key
                checked = page.evaluate("document.activeElement.checked")
                if kind == "checkbox" and wanted != checked:
                    page.keyboard.press("Space")
                if kind == "radio" and wanted:
                    if not checked:
                        page.keyboard.press("Space")
                    break
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.className") == "nnreg-quiz-check"
        page.keyboard.press("Enter")
        verdict = quiz.locator(".nnreg-quiz-verdict").inner_text()
        assert verdict.startswith("Right."), verdict


@pytest.mark.parametrize("name", EXERCISES)
def test_without_javascript_every_run_and_answer_stays_readable(
    name, site_dir, offline_context, base_url
):
    text = (site_dir / "exercises" / f"{name}.html").read_text(encoding="utf-8")
    if 'class="nnreg-sweep"' not in text and 'class="nnreg-quiz"' not in text:
        pytest.skip(f"{name} has neither")
    page, _ = _open(offline_context, base_url, name, java_script_enabled=False)
    for sweep in page.locator(".nnreg-sweep").all():
        steps = sweep.locator(".nnreg-sweep-step")
        assert len(_visible_steps(sweep)) == steps.count(), "all runs, one by one"
        assert not sweep.locator("input[type=range]").is_visible()
    for quiz in _questions(page):
        assert not quiz.locator("button").is_visible(), "no button that does nothing"
        details = quiz.locator("details")
        assert details.is_visible() and details.get_attribute("open") is None
        details.locator("summary").click()
        assert quiz.locator("details").inner_text().count("The answer is") == 1


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_worked_controls_pass_the_audit(scheme, site_dir, offline_context, base_url):
    from axe_playwright_python.sync_playwright import Axe

    names = sorted(
        set(_pages_with(site_dir, 'class="nnreg-sweep"'))
        | set(_pages_with(site_dir, 'class="nnreg-quiz"'))
    )
    assert names, "the exercise pages have explorations and questions"
    failing = {}
    for name in names:
        page, _ = _open(offline_context, base_url, name, color_scheme=scheme)
        assert page.evaluate("document.documentElement.dataset.theme") == scheme
        for sweep in page.locator(".nnreg-sweep").all():
            sweep.locator("input[type=range]").focus()
            page.keyboard.press("End")
        for quiz in _questions(page):
            if quiz.get_attribute("data-kind") == "choice":
                quiz.locator(".nnreg-quiz-option input").first.check()
            else:
                quiz.locator("input").fill("1")
            quiz.locator("button").click()
        found = [
            (v["id"], [n["target"] for n in v["nodes"]][:3])
            for v in Axe().run(page).response["violations"]
        ]
        if found:
            failing[name] = found
        page.close()
    assert not failing, f"axe, {scheme}: {failing}"


# The colour a control is drawn on: its own background or the first
# ancestor's that is not transparent.
BACKDROP_JS = """(e) => {
  for (; e; e = e.parentElement) {
    const c = getComputedStyle(e).backgroundColor;
    if (c !== 'rgba(0, 0, 0, 0)' && c !== 'transparent') return c;
  }
  return getComputedStyle(document.body).backgroundColor;
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_controls_sit_on_the_page_background(
    scheme, site_dir, offline_context, base_url
):
    """In dark mode the theme puts notebook HTML on a light card; the
    controls must follow the page instead, as its text does."""
    (name, *_) = _pages_with(site_dir, 'class="nnreg-sweep"')
    page, _ = _open(offline_context, base_url, name, color_scheme=scheme)
    assert page.evaluate("document.documentElement.dataset.theme") == scheme
    body = page.evaluate("getComputedStyle(document.body).backgroundColor")
    for control in (page.locator(".nnreg-sweep").first, _questions(page)[0]):
        assert control.evaluate(BACKDROP_JS) == body, control.get_attribute("class")
