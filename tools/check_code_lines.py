"""Fail if a code cell of a MyST notebook page has a line over the limit.

Ruff checks the line length of ``.py`` files, but it reads no MyST
``{code-cell}`` blocks; this does, for the exercise pages by default::

    python tools/check_code_lines.py [--max 75] [FILE_OR_FOLDER ...]

Each line too long is reported as ``path:line: N > MAX characters``; the
exit status is 1 if there was any, 2 for a bad argument.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from markdown_it import MarkdownIt

DEFAULT_PATHS = ("docs/exercises",)


def long_lines(text: str, limit: int) -> list[tuple[int, int]]:
    """(line number, length) of each code-cell line longer than ``limit``.

    Line numbers count from 1 in ``text``; the cell's option lines
    (``:tags: ...``) count as part of the cell.
    """
    lines = text.splitlines()
    found = []
    for token in MarkdownIt("commonmark").parse(text):
        if token.type != "fence" or not token.info.startswith("{code-cell}"):
            continue
        first, end = token.map  # the fences themselves included
        for number in range(first + 2, end):  # the body, 1-based
            if number <= len(lines) and len(lines[number - 1]) > limit:
                found.append((number, len(lines[number - 1])))
    return found


def markdown_files(paths: list[str]) -> list[Path]:
    files = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            files += sorted(path.rglob("*.md"))
        elif path.is_file():
            files.append(path)
        else:
            raise FileNotFoundError(f"no such file or folder: {name}")
    return files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", default=list(DEFAULT_PATHS))
    parser.add_argument("--max", type=int, default=75, dest="limit")
    args = parser.parse_args(argv)
    if args.limit < 1:
        parser.error(f"--max must be a positive number, got {args.limit}")
    try:
        files = markdown_files(args.paths)
    except FileNotFoundError as err:
        parser.error(str(err))
    problems = 0
    for path in files:
        for number, length in long_lines(path.read_text("utf-8"), args.limit):
            print(f"{path}:{number}: {length} > {args.limit} characters")
            problems += 1
    if problems:
        print(f"{problems} code-cell line(s) longer than {args.limit} characters")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
