"""``python -m nnreg --version``: what this machine runs, as the site's footer.

Prints nnreg's version, the git commit (``unknown`` outside a git checkout),
the date, Python and the versions of the libraries the lessons use.
"""

from __future__ import annotations

import argparse
import sys

from nnreg._versions import show_versions


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m nnreg",
        description="The library behind the nnreg lessons.",
    )
    parser.add_argument(
        "--version",
        action="store_true",
        help="print nnreg's version, commit and the libraries' versions",
    )
    args = parser.parse_args(argv)
    if args.version:
        show_versions()
        return 0
    parser.print_help()
    return 0


if __name__ == "__main__":  # pragma: no cover - exercised through subprocess
    sys.exit(main())
