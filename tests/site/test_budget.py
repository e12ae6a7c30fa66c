"""Every lesson page reads in a sitting, and shows the lesson, not its checks.

The budget (``tools/reading_time.py``): at most 15 minutes of reading
(prose at 200 words a minute, code at 5 s a line, 20 s a figure, 30 s an
animation), no code block over 40 lines, no printed line wider than the
output box (75 characters), and no ``assert`` in view. The guards run in
the build, hidden, and never reach the downloads.
"""

from __future__ import annotations

import json
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tools"))

import reading_time  # noqa: E402

LESSONS = sorted((REPO / "gallery").glob("plot_*.py"))


@pytest.mark.parametrize("source", LESSONS, ids=[s.stem for s in LESSONS])
def test_lesson_page_is_within_budget(site_dir, source):
    built = site_dir / "auto_examples" / f"{source.stem}.html"
    page = reading_time.measure(built.read_text("utf-8"), str(built))
    assert page.over_budget() == [], f"{source.stem}: {page}"


EXERCISES = sorted((REPO / "docs" / "exercises").glob("ex_*.md"))


@pytest.mark.parametrize("source", EXERCISES, ids=[s.stem for s in EXERCISES])
def test_exercise_page_is_within_budget(site_dir, source):
    built = site_dir / "exercises" / f"{source.stem}.html"
    page = reading_time.measure(built.read_text("utf-8"), str(built))
    assert page.over_budget() == [], f"{source.stem}: {page}"


@pytest.mark.parametrize("source", EXERCISES, ids=[s.stem for s in EXERCISES])
def test_exercise_guards_stay_out_of_the_notebook(site_dir, source):
    if ":tags: [remove-cell, guard]" not in source.read_text("utf-8"):
        pytest.skip("this exercise page has no hidden guard")
    notebook = json.loads(
        (site_dir / "exercises" / f"{source.stem}.ipynb").read_text("utf-8")
    )
    code = "\n".join(
        "".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "code"
    )
    assert "assert " not in code, f"{source.stem}.ipynb shows a guard"


@pytest.mark.parametrize("source", LESSONS, ids=[s.stem for s in LESSONS])
def test_lesson_guards_stay_out_of_the_downloads(site_dir, source):
    text = source.read_text("utf-8")
    if "sphinx_gallery_start_ignore" not in text:
        pytest.skip("this lesson has no hidden guard")
    script = next(site_dir.glob(f"_downloads/*/{source.name}"))
    notebook = next(site_dir.glob(f"_downloads/*/{source.stem}.ipynb"))
    cells = json.loads(notebook.read_text("utf-8"))["cells"]
    code = "".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    for name, body in ((script.name, script.read_text("utf-8")), ("notebook", code)):
        assert "assert " not in body, f"{name} of {source.stem} shows a guard"
        assert "sphinx_gallery_start_ignore" not in body, name


def test_downloads_of_all_lessons_hold_no_guard(site_dir):
    archives = list(site_dir.glob("_downloads/*/auto_examples_python.zip"))
    assert archives, "the site offers every lesson as one zip"
    with zipfile.ZipFile(archives[0]) as zf:
        names = [n for n in zf.namelist() if n.endswith(".py")]
        assert len(names) == len(LESSONS)
        for name in names:
            assert "assert " not in zf.read(name).decode(), name
