"""A learner runs every lesson and exercise with nothing but the site.

From the served site only: the commands of a page's "Run it on your machine"
box, parsed from its HTML and run verbatim (the site's public address replaced
by the local server's, nothing else), make a virtual environment in a fresh,
empty folder and install the wheel and the lock file the site serves; other
packages come from the package index as this machine's pip is configured.
Then every lesson's downloaded script and notebook, and every exercise page's
notebook, run in that folder with the commands of the same box, with nothing
from the checkout importable.

Measured and written to ``test-output/learner-report.json``: the time of each
step (venv, install, each run) and the size of the installed environment.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import time
from pathlib import Path, PurePosixPath
from urllib.parse import urljoin, urlsplit

import pytest

REPO = Path(__file__).resolve().parents[2]
SITE = Path(os.environ.get("NNREG_SITE_DIR", REPO / "docs" / "_build" / "html"))
RUN_TIMEOUT_S = 900
INSTALL_TIMEOUT_S = 1800
# The address the commands on the pages use (docs/conf.py reads it from here).
try:
    import tomllib

    with open(REPO / "pyproject.toml", "rb") as _f:
        SITE_URL = tomllib.load(_f)["project"]["urls"]["Documentation"]
except (OSError, KeyError):  # pragma: no cover - reported by the tests
    SITE_URL = ""
# Sphinx roles, in reST (:func:`x`) or MyST ({func}`x`) spelling.
ROLE = re.compile(r":[a-z]+(?::[a-z]+)?:`|\{[a-z]+(?::[a-z]+)?\}`")
# Pages with a run box: every lesson and every exercise page (named from the
# built site, so that `-k plot_15_3` picks one; their content comes by HTTP).
PAGES = sorted(
    str(p.relative_to(SITE).as_posix())
    for pattern in ("auto_examples/plot_*.html", "exercises/ex_*.html")
    for p in SITE.glob(pattern)
)
REPORT: dict = {"steps": {}, "runs": {}}


def _box_commands(html: str, kind: str) -> list[str]:
    """The lines of the box's code block of this kind (install, cpu, run)."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    box = soup.select_one("div.nnreg-run")
    assert box is not None, "no 'Run it on your machine' box"
    assert "Run it on your machine" in box.get_text()
    block = box.select_one(f"div.nnreg-run-{kind} pre")
    assert block is not None, f"the box has no {kind} commands"
    return [line for line in block.get_text().splitlines() if line.strip()]


def _clean_env(**extra: str) -> dict[str, str]:
    """The environment of a learner's shell: nothing of the checkout."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "PYTHONSTARTUP")
    }
    # The lessons draw without a display, as in CI.
    env.update(MPLBACKEND="Agg", OMP_NUM_THREADS="1", **extra)
    return env


def _shell(lines: list[str], cwd: Path, timeout: int) -> tuple[list[float], str]:
    """Run lines in one bash, stopping at the first failure; time each line."""
    script = ["set -e"]
    for line in lines:
        script += [line, 'printf "@@step %s\\n" "$EPOCHREALTIME" >&2']
    started = time.time()
    result = subprocess.run(
        ["bash", "-c", "\n".join(script)],
        cwd=cwd,
        env=_clean_env(),
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert result.returncode == 0, (
        f"commands {lines} failed (exit {result.returncode}):\n"
        f"{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    )
    marks = [started] + [
        float(m) for m in re.findall(r"^@@step (\S+)$", result.stderr, re.M)
    ]
    return [round(b - a, 1) for a, b in zip(marks, marks[1:], strict=False)], (
        result.stdout
    )


def _local(text: str, base_url: str) -> str:
    return text.replace(SITE_URL, base_url)


@pytest.fixture(scope="session")
def learner(base_url, fetch, tmp_path_factory, output_dir):
    """The learner's folder, set up by the install commands of a lesson page."""
    assert SITE_URL, "no Documentation URL in pyproject.toml [project.urls]"
    assert PAGES, f"no lesson or exercise page in {SITE}"
    status, html = fetch(base_url + PAGES[0])
    assert status == 200
    commands = [_local(c, base_url) for c in _box_commands(html.decode(), "install")]
    home = tmp_path_factory.mktemp("learner")
    assert not any(home.iterdir())
    durations, _ = _shell(commands, home, INSTALL_TIMEOUT_S)
    for command, seconds in zip(commands, durations, strict=True):
        REPORT["steps"][command.replace(base_url, "<site>/")] = seconds
    venvs = list(home.glob("*/.venv")) + list(home.glob(".venv"))
    assert len(venvs) == 1, f"the commands made no single venv: {venvs}"
    folder = venvs[0].parent
    assert folder.name != "nnreg", "the learner's folder shadows the package"
    size = sum(f.stat().st_size for f in venvs[0].rglob("*") if f.is_file())
    REPORT["environment_mb"] = round(size / 1e6)
    _write_report(output_dir)
    return folder


def _write_report(output_dir: Path) -> None:
    (output_dir / "learner-report.json").write_text(json.dumps(REPORT, indent=1))


def test_every_page_shows_the_same_install(base_url, fetch):
    """Each box installs the site's own wheel with the site's lock file."""
    installs = set()
    for path in PAGES:
        status, html = fetch(base_url + path)
        assert status == 200, path
        install = _box_commands(html.decode(), "install")
        cpu = _box_commands(html.decode(), "cpu")
        assert any("download.pytorch.org/whl/cpu" in c for c in cpu), path
        installs.add(tuple(install))
    assert len(installs) == 1, f"the pages disagree on the install: {installs}"
    (install,) = installs
    text = "\n".join(install)
    for url in re.findall(r"https?://\S+", text):
        status, body = fetch(_local(url, base_url))
        assert status == 200 and body, f"{url} is not served by the site"
    assert re.search(r"install/nnreg-[^/\s]+-py3-none-any\.whl", text)
    assert "install/constraints.txt" in text
    assert not re.search(r"mkdir\s+nnreg(\s|$)", text)


def test_nothing_of_the_checkout_is_imported(learner):
    result = subprocess.run(
        [".venv/bin/python", "-c", "import nnreg; print(nnreg.__file__)"],
        cwd=learner,
        env=_clean_env(),
        capture_output=True,
        text=True,
        check=True,
    )
    where = Path(result.stdout.strip()).resolve()
    assert (learner / ".venv").resolve() in where.parents, where
    assert REPO not in where.parents


@pytest.mark.parametrize("path", PAGES)
def test_page_runs_on_the_learners_machine(path, learner, base_url, fetch, output_dir):
    """Download the page's script and notebook, run them with its box."""
    import nbformat

    status, html = fetch(base_url + path)
    assert status == 200
    html = html.decode()
    runs = _box_commands(html, "run")
    page_gifs = len(re.findall(r'<img[^>]+src="[^"]+\.gif"', html))
    # The page's own downloads: sphinx-gallery's buttons, the box's notebook.
    links = re.findall(r'href="([^"#]+\.(?:py|ipynb))"', html)
    files = {}
    for link in links:
        url = urljoin(base_url + path, link)
        name = PurePosixPath(urlsplit(url).path).name
        if url.startswith(base_url) and name.startswith(("plot_", "ex_")):
            status, body = fetch(url)
            assert status == 200, url
            files[name] = body
    stem = PurePosixPath(path).stem
    expected = {f"{stem}.ipynb"} | (
        {f"{stem}.py"} if stem.startswith("plot_") else set()
    )
    assert expected <= files.keys(), f"downloads missing: {expected - files.keys()}"
    for name in expected:
        text = files[name].decode("utf-8")
        (learner / name).write_text(_local(text, base_url), encoding="utf-8")
    # Run what the box says, except opening JupyterLab (interactive).
    todo = [
        c
        for c in runs
        if not c.startswith("jupyter lab") and any(n in c for n in expected)
    ]
    assert any(c.startswith("python ") for c in todo) == stem.startswith("plot_")
    assert any("nbconvert" in c for c in todo)
    for command in todo:
        for old in learner.glob("*.gif"):
            old.unlink()
        durations, _ = _shell([". .venv/bin/activate", command], learner, RUN_TIMEOUT_S)
        REPORT["runs"][command] = durations[1]
        _write_report(output_dir)
        if page_gifs:
            assert list(learner.glob("*.gif")), (
                f"{command}: the page shows animations, the run wrote none"
            )
    # The notebook as executed: GIFs inline, Markdown without Sphinx roles.
    executed = nbformat.read(learner / f"{stem}.nbconvert.ipynb", as_version=4)
    shown = [
        o
        for cell in executed.cells
        if cell.cell_type == "code"
        for o in cell.outputs
        if "image/gif" in o.get("data", {})
    ]
    assert len(shown) >= page_gifs, (
        f"the page shows {page_gifs} animation(s), the notebook {len(shown)}"
    )
    roles = [
        ROLE.search(cell.source).group(0) + "..."
        for cell in executed.cells
        if cell.cell_type == "markdown" and ROLE.search(cell.source)
    ]
    assert not roles, f"Sphinx roles in the notebook's Markdown: {roles}"
