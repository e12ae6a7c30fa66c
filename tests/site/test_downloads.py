"""The downloads a reader takes away: they exist, are what they claim, and run.

Each lesson page offers its script as ``.py``, as a Jupyter notebook and as a
``.zip`` of both; the gallery offers zips of all of them. Every file is fetched
from the local server like the reader's browser would. Then each notebook is
executed top to bottom in a fresh kernel, and each script with plain
``python``, both in an empty folder: they must finish without error and, for a
lesson whose page shows training animations, write those GIFs there.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

import pytest
from PIL import Image

RUN_TIMEOUT_S = 900


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


def _lesson_downloads(crawl, downloads, suffix):
    """(lesson page, file name, bytes) for each lesson's own download."""
    items = []
    for page in crawl.lessons():
        for url in page.downloads:
            if url.endswith(suffix) and downloads.get(url):
                items.append((page, _name(url), downloads[url]))
    return items


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


def _gifs_written(folder: Path) -> tuple[list[str], list[str]]:
    """(names of the GIFs in folder, problems with them)."""
    names, problems = [], []
    for gif in sorted(folder.glob("*.gif")):
        names.append(gif.name)
        with Image.open(gif) as im:
            if getattr(im, "n_frames", 1) < 2:
                problems.append(f"{gif.name} is not animated")
    return names, problems


def _check_run(page, name, folder, problems, timings, started):
    timings.append(f"{name}: {time.perf_counter() - started:.1f} s")
    gifs, gif_problems = _gifs_written(folder)
    problems += [f"{name}: {p}" for p in gif_problems]
    if page.gifs and not gifs:
        problems.append(
            f"{name}: its page shows {len(page.gifs)} animation(s) but the run "
            "wrote no GIF"
        )


def test_downloaded_notebooks_run(crawl, downloads, tmp_path_factory, output_dir):
    import nbformat
    from nbclient import NotebookClient

    items = _lesson_downloads(crawl, downloads, ".ipynb")
    assert items, "no lesson notebook to run"
    problems, timings = [], []
    for page, name, body in items:
        folder = tmp_path_factory.mktemp(name.replace(".", "_"))
        nb = nbformat.reads(body.decode("utf-8"), as_version=4)
        started = time.perf_counter()
        client = NotebookClient(
            nb,
            timeout=RUN_TIMEOUT_S,
            kernel_name="python3",
            resources={"metadata": {"path": str(folder)}},
        )
        try:
            client.execute()
        except Exception as exc:  # noqa: BLE001
            problems.append(f"{name}: {type(exc).__name__}: {str(exc)[-2000:]}")
            continue
        _check_run(page, name, folder, problems, timings, started)
    (output_dir / "notebook-runs.txt").write_text("\n".join(timings) + "\n")
    _fail_if(problems, "notebooks that did not run")


def test_downloaded_scripts_run(crawl, downloads, tmp_path_factory, output_dir):
    items = _lesson_downloads(crawl, downloads, ".py")
    assert items, "no lesson script to run"
    problems, timings = [], []
    env = {**os.environ, "MPLBACKEND": "Agg"}
    for page, name, body in items:
        folder = tmp_path_factory.mktemp(name.replace(".", "_"))
        script = tmp_path_factory.mktemp("script") / name
        script.write_bytes(body)
        started = time.perf_counter()
        result = subprocess.run(
            [sys.executable, str(script)],
            cwd=folder,
            env=env,
            capture_output=True,
            text=True,
            timeout=RUN_TIMEOUT_S,
        )
        if result.returncode != 0:
            problems.append(
                f"{name}: exit {result.returncode}\n{result.stderr[-2000:]}"
            )
            continue
        _check_run(page, name, folder, problems, timings, started)
    (output_dir / "script-runs.txt").write_text("\n".join(timings) + "\n")
    _fail_if(problems, "scripts that did not run")
