"""What a page of the site, or a learner's machine, runs: versions and commit.

The site's footer names the nnreg version, the commit it was built from and
the build date; :func:`show_versions` (or ``python -m nnreg --version``)
prints the same facts for the machine it runs on, to compare the two when a
lesson behaves differently there.
"""

from __future__ import annotations

import datetime as _dt
import os
import platform
import subprocess
import sys
from importlib import metadata
from pathlib import Path
from typing import TextIO

#: The libraries whose versions decide what a lesson prints and draws.
LIBRARIES = (
    "torch",
    "numpy",
    "matplotlib",
    "george",
    "imageio",
    "pillow",
    "uproot",
    "awkward",
)


def git_commit(path: str | os.PathLike[str] | None = None) -> str:
    """The short hash of the git commit checked out at ``path``.

    ``path`` defaults to the folder of the nnreg package, so an editable
    install names the commit of its checkout. Returns ``"unknown"`` when
    ``path`` is not inside a git work tree or git is not installed.
    """
    if path is None:
        path = Path(__file__).resolve().parent
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"path must be a str or a path, not {type(path).__name__}")
    if not Path(path).is_dir():
        raise ValueError(f"path must be an existing folder, got {str(path)!r}")
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short=12", "HEAD"],
            cwd=path,
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    commit = out.stdout.strip()
    return commit if out.returncode == 0 and commit else "unknown"


def build_date(environ: dict[str, str] | None = None) -> str:
    """Today's date in UTC (``YYYY-MM-DD``), or that of ``SOURCE_DATE_EPOCH``.

    Reproducible builds set ``SOURCE_DATE_EPOCH`` (seconds since 1970) so that
    two builds of the same commit are byte for byte the same.
    """
    env = os.environ if environ is None else environ
    raw = env.get("SOURCE_DATE_EPOCH", "").strip()
    if raw:
        try:
            seconds = int(raw)
        except ValueError:
            raise ValueError(
                f"SOURCE_DATE_EPOCH must be a whole number of seconds, got {raw!r}"
            ) from None
        when = _dt.datetime.fromtimestamp(seconds, tz=_dt.UTC)
    else:
        when = _dt.datetime.now(tz=_dt.UTC)
    return when.strftime("%Y-%m-%d")


def library_versions(names: tuple[str, ...] = LIBRARIES) -> dict[str, str]:
    """Installed version of each distribution in ``names`` ("not installed")."""
    if isinstance(names, str) or not all(isinstance(n, str) for n in names):
        raise TypeError("names must be a sequence of distribution names (str)")
    found = {}
    for name in names:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "not installed"
    return found


def build_info() -> dict[str, str]:
    """nnreg's version, the git commit and the date, as the site's footer has."""
    from nnreg import __version__

    return {"nnreg": __version__, "commit": git_commit(), "date": build_date()}


def show_versions(file: TextIO | None = None) -> None:
    """Print nnreg's version, commit, date, Python and the libraries' versions.

    The same facts the site's footer gives for the build of each page: run
    it on your machine when a lesson prints or draws something else there.
    """
    out = sys.stdout if file is None else file
    if not hasattr(out, "write"):
        raise TypeError(f"file must have a write method, not {type(out).__name__}")
    info = build_info()
    rows = [
        ("nnreg", info["nnreg"]),
        ("commit", info["commit"]),
        ("date", info["date"]),
        ("python", platform.python_version()),
        ("platform", platform.platform()),
        *library_versions().items(),
    ]
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name:>{width}}: {value}", file=out)
