"""Every routine task of the project, one session each: ``nox -l`` lists them.

All sessions install from ``constraints.txt``, which pins every package the
build and the tests use (torch included), so two machines build the same site.
"""

from __future__ import annotations

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
def lint(session: nox.Session) -> None:
    """ruff: lint and formatting check."""
    session.install(*CONSTRAINTS, "ruff")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
