"""Run lesson scripts again with every seed literal shifted.

A lesson's conclusion about a random experiment must not hold for its
published seeds only. This tool rewrites every seed literal of a script
(``seed=1`` becomes ``seed=101``, ``range(1, 11)`` of a seed loop becomes
``range(101, 111)``), runs the copy in an empty folder, and reports whether
the lesson's guards still pass. The guards are the lesson's hidden checks
(in ``# sphinx_gallery_start_ignore`` blocks), each naming the sentence it
protects, so a failure says which claim flipped.

The literal forms it shifts are the ones CONTRIBUTING.md asks lessons to use:

- ``seed=1``, ``seed = 1``, ``data_seed=2``, ``SEED = 3``, ``seed: int = 1``
  (a name containing ``seed``, then ``=``, then an integer);
- ``manual_seed(0)``, ``default_rng(2012)``, ``RandomState(5)``;
- ``seeds = range(1, 11)``, ``for seed in range(10)``;
- ``seeds = (1, 2, 3)``, ``for seed in [1, 2, 3]``.

Usage::

    python tools/reseed.py gallery/plot_15_3a_straight_lines.py
    python tools/reseed.py --offsets 100 200 300 --jobs 2 gallery/plot_*.py
    python tools/reseed.py --offsets 0 100 docs/exercises/ex_15_2.md
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

OFFSETS = (100, 200, 300)

_NAME = r"\b\w*seed\w*"
# seed=1, SEED = 3, seed: int = 1 (not seed == 1)
_ASSIGN = re.compile(rf"(?i)({_NAME}\s*(?::\s*[\w.\[\], ]+?)?\s*=(?!=)\s*)(\d+)\b")
# manual_seed(0), default_rng(2012), RandomState(5)
_CALL = re.compile(r"\b(manual_seed|default_rng|RandomState)(\(\s*)(\d+)\b")
# seeds = range(1, 11), for seed in range(10)
_RANGE = re.compile(
    rf"(?i)({_NAME}\s*(?:=(?!=)|\bin\b)\s*range\(\s*)(\d+)(?:(\s*,\s*)(\d+))?(?=\s*[,)])"
)
# seeds = (1, 2, 3), for seed in [1, 2, 3]
_TUPLE = re.compile(
    rf"(?i)({_NAME}\s*(?:=(?!=)|\bin\b)\s*[(\[]\s*)(\d+(?:\s*,\s*\d+)*)(\s*,?\s*[)\]])"
)


def shift_seeds(source: str, offset: int) -> tuple[str, int]:
    """Shift every seed literal of ``source`` by ``offset``.

    Parameters
    ----------
    source
        Python source text.
    offset
        Added to every seed literal; a positive integer.

    Returns
    -------
    tuple
        The rewritten source and the number of literals shifted.

    Examples
    --------
    >>> shift_seeds("net = Net(seed=1)\\nfor seed in range(5): pass", 100)
    ('net = Net(seed=101)\\nfor seed in range(100, 105): pass', 3)
    """
    if isinstance(offset, bool) or not isinstance(offset, int) or offset <= 0:
        raise ValueError(f"offset must be a positive integer, got {offset!r}")
    count = 0

    def bump(text: str) -> str:
        nonlocal count
        count += 1
        return str(int(text) + offset)

    def on_range(m: re.Match) -> str:
        nonlocal count
        if m.group(4) is None:  # range(n) means range(0, n)
            count += 2
            n = int(m.group(2))
            return f"{m.group(1)}{offset}, {n + offset}"
        return f"{m.group(1)}{bump(m.group(2))}{m.group(3)}{bump(m.group(4))}"

    def on_tuple(m: re.Match) -> str:
        items = re.sub(r"\d+", lambda d: bump(d.group(0)), m.group(2))
        return f"{m.group(1)}{items}{m.group(3)}"

    out = _RANGE.sub(on_range, source)
    out = _TUPLE.sub(on_tuple, out)
    out = _CALL.sub(lambda m: f"{m.group(1)}{m.group(2)}{bump(m.group(3))}", out)
    out = _ASSIGN.sub(lambda m: f"{m.group(1)}{bump(m.group(2))}", out)
    return out, count


@dataclass
class Run:
    """One script run with one offset."""

    script: Path
    offset: int
    shifted: int
    returncode: int
    seconds: float
    error: str

    @property
    def ok(self) -> bool:
        return self.returncode == 0


_CELL = re.compile(r"^```\{code-cell\}[^\n]*\n(.*?)^```\s*$", re.M | re.S)


def script_source(path: Path) -> str:
    """The Python source of a lesson script or a MyST notebook (``.md``).

    A MyST notebook's code cells are joined in order, without their
    options (``:tags: [...]`` lines or a ``---`` header), so the exercise
    pages run as one script, removed cells (their guards) included.
    """
    text = path.read_text(encoding="utf-8")
    if path.suffix != ".md":
        return text
    cells = []
    for body in _CELL.findall(text):
        lines = body.splitlines()
        if lines and lines[0].strip() == "---":
            end = lines.index("---", 1)
            lines = lines[end + 1 :]
        while lines and lines[0].startswith(":"):
            lines = lines[1:]
        cells.append("\n".join(lines))
    if not cells:
        raise ValueError(f"{path} has no code cells")
    return "\n\n".join(cells) + "\n"


def run_shifted(script: Path, offset: int, timeout: float = 900) -> Run:
    """Run a copy of ``script`` with its seeds shifted, in an empty folder.

    ``script`` is a lesson (``.py``) or a MyST notebook (``.md``); an
    offset of 0 runs it unshifted.
    """
    source = script_source(script)
    shifted = 0
    if offset:
        source, shifted = shift_seeds(source, offset)
    env = {
        **os.environ,
        "MPLBACKEND": "Agg",
        "OMP_NUM_THREADS": "1",
        "PYTHONHASHSEED": "0",
    }
    workdir = Path(tempfile.mkdtemp(prefix=f"reseed-{offset}-"))
    try:
        copy = workdir / (script.stem + ".py")
        copy.write_text(source, encoding="utf-8")
        start = time.perf_counter()
        done = subprocess.run(
            [sys.executable, copy.name],
            cwd=workdir,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        seconds = time.perf_counter() - start
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    error = ""
    if done.returncode != 0:
        lines = [ln for ln in done.stderr.strip().splitlines() if ln.strip()]
        error = lines[-1] if lines else f"exit status {done.returncode}"
    return Run(script, offset, shifted, done.returncode, seconds, error)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("scripts", nargs="+", type=Path)
    parser.add_argument("--offsets", nargs="+", type=int, default=list(OFFSETS))
    parser.add_argument("--jobs", type=int, default=1, help="runs at once")
    args = parser.parse_args(argv)
    missing = [str(s) for s in args.scripts if not s.is_file()]
    if missing:
        parser.error(f"no such script: {', '.join(missing)}")
    if args.jobs < 1:
        parser.error("--jobs must be at least 1")
    jobs = [(s, o) for s in args.scripts for o in args.offsets]
    with ThreadPoolExecutor(args.jobs) as pool:
        runs = list(pool.map(lambda so: run_shifted(*so), jobs))
    for r in runs:
        state = "ok  " if r.ok else "FAIL"
        print(
            f"{state} {r.script.name} +{r.offset}: {r.shifted} seeds shifted,"
            f" {r.seconds:.1f} s"
        )
        if not r.ok:
            print(f"     {r.error}")
    failed = [r for r in runs if not r.ok]
    print(f"{len(runs) - len(failed)} passed, {len(failed)} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
