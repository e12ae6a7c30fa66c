"""The downloads a reader takes away: they exist, are what they claim, and run.

Each lesson page offers its script as ``.py``, as a Jupyter notebook and as a
``.zip`` of both; the gallery offers zips of all of them; each exercise page
offers its notebook. Every file is fetched from the local server like the
reader's browser would, and must be what it claims. Running them, in a fresh
virtual environment installed from the site alone, is the learner test's job
(``test_learner.py``).
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import PurePosixPath
from urllib.parse import urlsplit

import pytest


def _name(url: str) -> str:
    return PurePosixPath(urlsplit(url).path).name


def _fail_if(problems: list[str], what: str) -> None:
    if problems:
        pytest.fail(f"{what} ({len(problems)}):\n  " + "\n  ".join(problems))


@pytest.fixture(scope="session")
def downloads(crawl, fetch) -> dict[str, bytes]:
    """Every download link of the site -> the bytes the server returned."""
    found = {}
    for url in sorted(crawl.downloads()):
        status, body = fetch(url)
        found[url] = body if status == 200 else None
    return found


def test_every_lesson_offers_its_downloads(crawl):
    problems = []
    for page in crawl.lessons():
        suffixes = {PurePosixPath(_name(u)).suffix for u in page.downloads}
        missing = {".py", ".ipynb", ".zip"} - suffixes
        if missing:
            problems.append(f"{page.path}: no {', '.join(sorted(missing))} download")
    _fail_if(problems, "lessons without downloads")


def test_every_download_link_returns_its_file(downloads):
    assert downloads, "the site offers no download"
    _fail_if(
        [f"{urlsplit(u).path}" for u, body in downloads.items() if not body],
        "download links that return no file",
    )


def test_downloaded_notebooks_are_valid(downloads):
    import nbformat

    problems = []
    notebooks = {u: b for u, b in downloads.items() if b and u.endswith(".ipynb")}
    assert notebooks, "no notebook download found"
    for url, body in notebooks.items():
        try:
            raw = json.loads(body)
            nb = nbformat.reads(body.decode("utf-8"), as_version=4)
            nbformat.validate(nb)
        except Exception as exc:  # noqa: BLE001
            problems.append(f"{_name(url)}: {exc}")
            continue
        if raw.get("nbformat") != 4:
            problems.append(f"{_name(url)}: nbformat {raw.get('nbformat')}")
        if not any(c.cell_type == "code" and c.source.strip() for c in nb.cells):
            problems.append(f"{_name(url)}: no code cell")
    _fail_if(problems, "notebooks")


def test_downloaded_scripts_are_python(downloads):
    problems = []
    for url, body in downloads.items():
        if body and url.endswith(".py"):
            try:
                compile(body, _name(url), "exec")
            except SyntaxError as exc:
                problems.append(f"{_name(url)}: {exc}")
    _fail_if(problems, "scripts")


def test_downloaded_zips_hold_the_lessons(crawl, downloads):
    """Each zip opens; the lesson zips and the all-lessons zips hold the lessons."""
    lesson_files = {
        _name(u)
        for page in crawl.lessons()
        for u in page.downloads
        if u.endswith((".py", ".ipynb"))
    }
    problems = []
    zips = {u: b for u, b in downloads.items() if b and u.endswith(".zip")}
    assert zips, "no zip download found"
    held = set()
    for url, body in zips.items():
        try:
            with zipfile.ZipFile(io.BytesIO(body)) as zf:
                bad = zf.testzip()
                names = {PurePosixPath(n).name for n in zf.namelist()}
        except zipfile.BadZipFile as exc:
            problems.append(f"{_name(url)}: {exc}")
            continue
        if bad:
            problems.append(f"{_name(url)}: corrupt member {bad}")
        if not names:
            problems.append(f"{_name(url)}: empty")
        held |= names
    missing = lesson_files - held
    if missing:
        problems.append(f"lesson files in no zip: {sorted(missing)}")
    _fail_if(problems, "zips")
