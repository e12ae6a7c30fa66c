"""The site: a clean build with N workers against 1, a rebuild with nothing
changed, and page weight.

Each clean build runs in its own temporary copy of the repository (without
its build output), so it neither disturbs nor reuses a build in ``docs/``. It
is the docs session's command: ``sphinx -b html -W --keep-going docs
docs/_build/html``, with ``NNREG_JOBS`` workers executing the lessons and the
exercise pages (docs/_ext/nnreg_parallel.py). The clean build runs with N
workers (``--jobs``, by default every usable core) and then with 1, in one
run, and the ratio of their wall times is printed. After the N-worker build
the site is rebuilt with nothing changed, several times; each rebuild must
execute nothing (no lesson page is regenerated, no notebook executed).

    python benchmarks/bench_site.py [--jobs N] [--rebuilds N] [--keep DIR]
    python benchmarks/bench_site.py --baseline REF [--baseline-only]

``--baseline REF`` also builds commit REF the same way and prints this
tree's clean build time against it, to show what a change costs the build.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import ROOT, Timing, machine
from page_weight import report

sys.path.insert(0, str(ROOT / "docs" / "_ext"))
from nnreg_parallel import usable_cores  # noqa: E402

SKIPPED = {
    ".git",
    ".venv",
    ".nox",
    ".ci-venv",
    ".pytest_cache",
    ".ruff_cache",
    "benchmarks/output",
    "docs/_build",
    "docs/auto_examples",
    "docs/generated",
    "docs/jupyter_execute",
    "test-output",
}


def copy_repository(target: Path) -> Path:
    def ignore(folder: str, names: list[str]) -> set[str]:
        rel = Path(folder).relative_to(ROOT)
        return {
            n for n in names if (rel / n).as_posix() in SKIPPED or n == "__pycache__"
        }

    shutil.copytree(ROOT, target, ignore=ignore)
    return target


def build(repo: Path, jobs: int) -> tuple[float, float, str]:
    """One build with ``jobs`` workers; return wall seconds, CPU seconds of
    the build, its output."""
    # each copy imports its own nnreg (PYTHONPATH comes before the
    # environment's editable install of the working tree)
    path = os.pathsep.join(filter(None, [str(repo), os.environ.get("PYTHONPATH")]))
    env = dict(os.environ, NNREG_JOBS=str(jobs), PYTHONPATH=path)
    # as the docs session builds: an exported MPLBACKEND=Agg reached the
    # exercise pages' kernels before the site's extension dropped it, and
    # they drew no figure (a lighter, quicker build than the real one)
    env.pop("MPLBACKEND", None)
    command = [sys.executable, "-m", "sphinx", "-b", "html", "-W", "--keep-going"]
    command += ["docs", "docs/_build/html"]
    start, cpu = time.perf_counter(), os.times()
    result = subprocess.run(command, cwd=repo, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = os.times()
    cpu_s = (after.children_user - cpu.children_user) + (
        after.children_system - cpu.children_system
    )
    if result.returncode != 0:
        print(result.stdout[-5000:], result.stderr[-5000:], sep="\n", file=sys.stderr)
        raise SystemExit(f"the site build failed (exit {result.returncode})")
    return wall, cpu_s, result.stdout + result.stderr


def checkout(ref: str, target: Path) -> Path:
    """The files of commit ``ref`` (``git archive``), without build output."""
    target.mkdir(parents=True)
    archive = subprocess.run(
        ["git", "archive", "--format=tar", ref],
        cwd=ROOT,
        capture_output=True,
        check=True,
    )
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive.stdout, check=True)
    return target


def executed(repo: Path, output: str, since: float) -> tuple[int, int]:
    """Lesson pages regenerated and notebooks executed by the last build."""
    pages = sum(
        1
        for p in (repo / "docs" / "auto_examples").rglob("plot_*.rst")
        if p.stat().st_mtime > since
    )
    notebooks = output.count("Executed notebook") + output.count("Executing notebook")
    notebooks += output.count("nnreg_parallel: executed ")
    return pages, notebooks


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=usable_cores())
    parser.add_argument("--rebuilds", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="build here and keep it")
    parser.add_argument(
        "--baseline",
        metavar="REF",
        help="also build commit REF (clean, same workers) and print this "
        "tree's build time against it",
    )
    parser.add_argument(
        "--baseline-only",
        action="store_true",
        help="with --baseline: only the two clean builds, no 1-worker build "
        "or rebuilds",
    )
    args = parser.parse_args(argv)
    if args.baseline_only and not args.baseline:
        parser.error("--baseline-only needs --baseline REF")
    if args.baseline:
        found = subprocess.run(
            ["git", "rev-parse", "--verify", "--quiet", args.baseline + "^{commit}"],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        if found.returncode != 0:
            parser.error(f"--baseline {args.baseline!r} is not a commit of {ROOT}")

    jobs = args.jobs
    print(f"== The site: clean build with {jobs} workers and with 1, rebuild ==")
    print(machine())
    with tempfile.TemporaryDirectory() as tmp:
        base = args.keep or Path(tmp)
        repo = copy_repository(base / "repo")
        extension = "nnreg_freshness" in (repo / "docs" / "conf.py").read_text()
        print(
            f"copy of the repository in {repo}; "
            f"freshness extension enabled: {extension}"
        )
        wall, cpu, _ = build(repo, jobs)
        print(
            f"clean build, {jobs} workers: {wall:.1f} s wall, {cpu:.1f} s CPU "
            "(target: under 180 s)"
        )
        result: dict = {"clean_build": wall}
        if args.baseline:
            old = checkout(args.baseline, base / "repo-baseline")
            old_wall, old_cpu, _ = build(old, jobs)
            shutil.rmtree(old)
            growth = wall / old_wall
            print(
                f"clean build of {args.baseline}, {jobs} workers: "
                f"{old_wall:.1f} s wall, {old_cpu:.1f} s CPU"
            )
            print(
                f"this tree against {args.baseline}: {growth:.2f}x "
                f"(target: at most 1.2x)  {'MET' if growth <= 1.2 else 'NOT MET'}"
            )
            result |= {"baseline": old_wall, "baseline_ratio": growth}
            if args.baseline_only:
                report(repo / "docs" / "_build" / "html")
                return result
        serial = copy_repository(base / "repo-1-worker")
        serial_wall, serial_cpu, _ = build(serial, 1)
        shutil.rmtree(serial)
        print(
            f"clean build, 1 worker: {serial_wall:.1f} s wall, {serial_cpu:.1f} s CPU"
        )
        ratio = serial_wall / wall
        print(
            f"parallel speed-up, {jobs} workers against 1: {ratio:.2f}x "
            f"(target: at least 1.6x on 2 cores)  "
            f"{'MET' if ratio >= 1.6 else 'NOT MET'}"
        )
        rebuild = Timing([], [])
        for i in range(args.rebuilds):
            since = time.time()
            r_wall, r_cpu, out = build(repo, jobs)
            pages, notebooks = executed(repo, out, since)
            rebuild.wall.append(r_wall)
            rebuild.cpu.append(r_cpu)
            print(
                f"  rebuild {i + 1}: {r_wall:.1f} s; re-ran {pages} lesson(s), "
                f"{notebooks} notebook execution message(s)"
            )
            if pages or notebooks:
                print("  WARNING: a rebuild with nothing changed executed something")
        if rebuild.wall:
            met = rebuild.wall_median <= 10
            print(
                f"rebuild with nothing changed: {rebuild} (target <= 10 s)  "
                f"{'MET' if met else 'NOT MET'}"
            )
        heaviest = report(repo / "docs" / "_build" / "html")
    return result | {
        "clean_build_1_worker": serial_wall,
        "parallel_ratio": ratio,
        "rebuild": rebuild.wall_median if rebuild.wall else None,
        "heaviest_page_mb": heaviest.total / 1e6,
    }


if __name__ == "__main__":
    main()
