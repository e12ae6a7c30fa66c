"""Every routine task of the project, one session each: ``nox -l`` lists them.

All sessions install from ``constraints.txt``, which pins every package the
build and the tests use (torch included), so two machines build the same site.
"""

from __future__ import annotations

import os

import nox

nox.options.sessions = ["lint", "tests"]
nox.options.reuse_existing_virtualenvs = True
nox.options.error_on_missing_interpreters = True

PYTHON = "3.11"
CONSTRAINTS = ("-c", "constraints.txt")


def install(session: nox.Session, *extras: str) -> None:
    """Install nnreg (editable) with the given extras, pinned by the lock file."""
    spec = f".[{','.join(extras)}]" if extras else "."
    session.install(*CONSTRAINTS, "-e", spec)


@nox.session(python=PYTHON)
def tests(session: nox.Session) -> None:
    """Run the test suite with line coverage of nnreg (at least 90 %)."""
    install(session, "test")
    session.run(
        "pytest",
        "--cov=nnreg",
        "--cov-report=term-missing",
        "--cov-fail-under=90",
        # the browser tests need a built site and Chromium: `nox -s site`
        "--ignore=tests/site",
        "tests",
        "nnreg",
        *session.posargs,
    )


@nox.session(python=PYTHON)
def docs(session: nox.Session) -> None:
    """Build the site into docs/_build/html, executing every lesson and exercise.

    Warnings are errors, and so is an error in any lesson or exercise.  A
    rebuild re-executes only what changed.  Pass ``-- -E`` to re-read every
    page.
    """
    install(session, "docs")
    session.env["MPLBACKEND"] = "Agg"
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
        *session.posargs,
    )


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
    """ruff: lint and formatting check."""
    session.install(*CONSTRAINTS, "ruff")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
