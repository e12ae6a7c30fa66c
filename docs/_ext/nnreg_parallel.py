"""The build scales: pages executed in parallel workers, and in shards.

Executing the lessons (sphinx-gallery) and the exercise pages (myst-nb) is
nearly all of a clean build. This extension spreads it:

- **On one machine**, over ``nnreg_jobs`` workers (``NNREG_JOBS``, by default
  every usable core). The lessons run in sphinx-gallery's own parallel mode
  (joblib workers; each worker runs ``nnreg_site.before_example`` before each
  lesson: one torch thread, Agg). The exercise pages that myst-nb would
  execute (``nb_execution_mode = "cache"``, and not in the cache) are executed
  beforehand, in ``nnreg_jobs`` Jupyter kernels, while the lessons run; their
  results go into myst-nb's jupyter-cache exactly as myst-nb stores them, so
  that reading a page takes its outputs from the cache. A page whose
  execution fails is left out of the cache: myst-nb then executes it again
  while reading it and reports the error as in a serial build. With
  ``nnreg_jobs = 1`` nothing of this runs: the build is the serial one.
- **Across machines**, in shards: ``python docs/_ext/nnreg_parallel.py
  execute --shard K/N`` executes only the K-th of N shares of the pages,
  balanced by their recorded run times (``durations.json`` beside this file;
  a page with no record counts as the mean), and packs what it made: the
  lessons' generated files and the executed notebooks. ``merge`` puts the
  packs of every shard into the source tree and the execution cache, and
  records, as the freshness rule (``nnreg_freshness``) does after a
  successful build, which package source they were made from; a normal build
  then executes nothing and writes the whole site.
- ``durations`` writes the run times of the last build into
  ``durations.json``; ``plan`` says how many shards a build needs.

Configuration (``conf.py``): ``nnreg_jobs`` (0: ``NNREG_JOBS``, else every
usable core), ``nnreg_durations`` (the durations file, from the configuration
folder), and ``nnreg_shard`` (``"K/N"``, set by ``execute``).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import shutil
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx

HERE = Path(__file__).resolve().parent
DEFAULT_DURATIONS = "_ext/durations.json"
MANIFEST = "manifest.json"
_NOTEBOOK_CELL = re.compile(r"^```\{code-cell\}", re.M)


# -- how many workers, which shard --------------------------------------------


def usable_cores() -> int:
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def jobs_from_env(value: str | None = None) -> int:
    """Workers: ``NNREG_JOBS`` (a number, or ``auto``), else every usable core."""
    value = os.environ.get("NNREG_JOBS", "") if value is None else value
    value = value.strip().lower()
    if value in ("", "auto", "0"):
        return usable_cores()
    try:
        jobs = int(value)
    except ValueError:
        raise ValueError(
            f"NNREG_JOBS must be a number or 'auto', not {value!r}"
        ) from None
    if jobs < 1:
        raise ValueError(f"NNREG_JOBS must be at least 1, not {jobs}")
    return jobs


def parse_shard(text: str) -> tuple[int, int]:
    """``"K/N"`` -> ``(K, N)``, with 1 <= K <= N."""
    match = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", text)
    if not match or not 1 <= int(match[1]) <= int(match[2]):
        raise ValueError(f"a shard is K/N with 1 <= K <= N, not {text!r}")
    return int(match[1]), int(match[2])


# -- the pages that execute ------------------------------------------------------


def _pairs(conf: dict) -> list[tuple[str, str]]:
    examples, galleries = conf.get("examples_dirs", []), conf.get("gallery_dirs", [])
    examples = [examples] if isinstance(examples, str) else list(examples)
    galleries = [galleries] if isinstance(galleries, str) else list(galleries)
    return list(zip(examples, galleries, strict=False))


def lesson_pages(srcdir: Path, conf: dict) -> dict[str, Path]:
    """docname -> script of every lesson that sphinx-gallery executes."""
    pattern = re.compile(conf.get("filename_pattern", r"/plot"))
    ignore = re.compile(conf.get("ignore_pattern", r"__init__\.py"))
    pages = {}
    for example_dir, gallery_dir in _pairs(conf):
        root = srcdir / example_dir
        for script in sorted(root.rglob("*.py")):
            path = os.path.normpath(script)
            if not pattern.search(path) or ignore.search(path):
                continue
            rel = script.relative_to(root).with_suffix("").as_posix()
            pages[f"{gallery_dir}/{rel}"] = script
    return pages


def notebook_pages(srcdir: Path, exclude: list[str], galleries: list[str]) -> dict:
    """docname -> source of every page with code cells (myst-nb executes it)."""
    from sphinx.util.matching import Matcher

    skip = Matcher([*exclude, *(f"{g}/**" for g in galleries)])
    pages = {}
    for folder, dirs, files in os.walk(srcdir):
        # no build output, no _static or _templates, no hidden folders
        dirs[:] = sorted(d for d in dirs if not d.startswith(("_", ".")))
        for name in sorted(files):
            path = Path(folder, name)
            rel = path.relative_to(srcdir).as_posix()
            if path.suffix not in (".md", ".ipynb") or skip(rel):
                continue
            if path.suffix == ".md" and not _NOTEBOOK_CELL.search(
                path.read_text("utf-8")
            ):
                continue
            pages[rel.rsplit(".", 1)[0]] = path
    return dict(sorted(pages.items()))


def executed_pages(app: Sphinx) -> tuple[dict[str, Path], dict[str, Path]]:
    """(lessons, notebooks) that a build of ``app`` executes when stale."""
    config = app.config
    conf = getattr(config, "sphinx_gallery_conf", None) or {}
    src = Path(app.srcdir)
    lessons = lesson_pages(src, conf)
    galleries = [g for _, g in _pairs(conf)]
    notebooks = {}
    if "myst_nb" in config.extensions:
        notebooks = notebook_pages(src, list(config.exclude_patterns), galleries)
    return lessons, notebooks


# -- balancing ---------------------------------------------------------------


def load_durations(path: Path) -> dict[str, float]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): float(v) for k, v in data.get("seconds", {}).items()}


def estimate(pages: list[str], durations: dict[str, float]) -> dict[str, float]:
    """Each page's expected run time: its record, else the mean of the records."""
    known = [durations[p] for p in pages if p in durations]
    mean = sum(known) / len(known) if known else 1.0
    return {p: durations.get(p, mean) for p in pages}


def assign(pages: list[str], durations: dict[str, float], shards: int) -> list[list]:
    """Split pages into ``shards`` shares of nearly equal expected time.

    Longest first, each to the share with the least time so far (ties: the
    first share; equal times: by name), so every machine computes the same
    split from the same records.
    """
    if shards < 1:
        raise ValueError("at least one shard")
    times = estimate(pages, durations)
    shares: list[list[str]] = [[] for _ in range(shards)]
    totals = [0.0] * len(shares)
    for page in sorted(pages, key=lambda p: (-times[p], p)):
        i = min(range(len(shares)), key=lambda k: (totals[k], k))
        shares[i].append(page)
        totals[i] += times[page]
    return [sorted(s) for s in shares]


# -- Sphinx side -----------------------------------------------------------------


def _durations_path(app: Sphinx) -> Path:
    return Path(app.confdir) / app.config.nnreg_durations


def _on_config_inited(app: Sphinx, config) -> None:
    jobs = config.nnreg_jobs or jobs_from_env()
    app._nnreg_jobs = jobs  # type: ignore[attr-defined]
    conf = getattr(config, "sphinx_gallery_conf", None)
    if conf is not None and jobs > 1 and "parallel" not in conf:
        conf["parallel"] = jobs
    app._nnreg_mine = None  # type: ignore[attr-defined]
    lessons, notebooks = executed_pages(app)
    app._nnreg_pages = (lessons, notebooks)  # type: ignore[attr-defined]
    if not config.nnreg_shard:
        return
    k, n = parse_shard(config.nnreg_shard)
    shares = assign([*lessons, *notebooks], load_durations(_durations_path(app)), n)
    mine = set(shares[k - 1])
    app._nnreg_mine = mine  # type: ignore[attr-defined]
    if conf is not None:
        # sphinx-gallery matches filename_pattern against the script's path
        chosen = [os.path.normpath(s) for d, s in lessons.items() if d in mine]
        alternatives = "|".join(re.escape(p) for p in chosen)
        conf["filename_pattern"] = f"^(?:{alternatives})$" if chosen else r"(?!)"


def _myst_configs(app: Sphinx):
    """myst-nb's reading and execution settings, as it builds them."""
    from myst_nb.sphinx_ext import create_mystnb_config
    from myst_parser.sphinx_ext.main import create_myst_config

    if getattr(app.env, "myst_config", None) is None:
        create_myst_config(app)
    if getattr(app.env, "mystnb_config", None) is None:
        create_mystnb_config(app)
    return app.env.myst_config, app.env.mystnb_config


def read_notebook(path: Path, md_config, nb_config):
    """(notebook, read format) of a page, read as myst-nb reads it, or None."""
    from myst_nb.core.read import create_nb_reader

    text = path.read_text(encoding="utf-8")
    reader = create_nb_reader(str(path), md_config, nb_config, text)
    if reader is None:
        return None
    return reader.read(text), reader.read_fmt


class NotebookRun:
    """Execute notebooks in worker kernels; store their results in the cache."""

    def __init__(self, app: Sphinx, docnames: dict[str, Path], jobs: int) -> None:
        from jupyter_cache import get_cache

        md_config, self.nb_config = _myst_configs(app)
        self.cache = get_cache(self.nb_config.execution_cache_path)
        self.todo: dict[str, tuple[Path, object, object]] = {}
        for docname, path in docnames.items():
            read = read_notebook(path, md_config, self.nb_config)
            if read is None:
                continue
            notebook, read_fmt = read
            if self.nb_config.metadata_key in notebook.metadata:
                continue  # page-level settings: myst-nb executes it itself
            try:
                self.cache.match_cache_notebook(notebook)
                continue  # in the cache already
            except KeyError:
                pass
            self.todo[docname] = (path, notebook, read_fmt)
        self.jobs = max(1, min(jobs, len(self.todo)))
        self.seconds: dict[str, float] = {}
        self.failed: dict[str, str] = {}
        self._thread: threading.Thread | None = None

    def _execute(self, docname: str):
        from jupyter_cache.executors.utils import single_nb_execution

        path, notebook, _ = self.todo[docname]
        return single_nb_execution(
            notebook,
            cwd=str(path.parent),
            allow_errors=self.nb_config.execution_allow_errors,
            timeout=self.nb_config.execution_timeout,
            meta_override=True,
        )

    def _run(self) -> None:
        from jupyter_cache.base import CacheBundleIn

        # longest first: the last page to start is a short one
        durations = self._durations
        order = sorted(self.todo, key=lambda d: (-durations.get(d, 0.0), d))
        with ThreadPoolExecutor(self.jobs, thread_name_prefix="nnreg-nb") as pool:
            futures = {d: pool.submit(self._execute, d) for d in order}
            for docname in order:
                try:
                    result = futures[docname].result()
                except Exception as err:  # a kernel that did not start, ...
                    self.failed[docname] = repr(err)
                    continue
                if result.err is not None:
                    self.failed[docname] = result.exc_string or repr(result.err)
                    continue
                path, _, read_fmt = self.todo[docname]
                record = self.cache.add_nb_to_project(str(path), read_data=read_fmt)
                self.cache.cache_notebook_bundle(
                    CacheBundleIn(
                        result.nb, record.uri, data={"execution_seconds": result.time}
                    ),
                    check_validity=False,
                    overwrite=True,
                )
                self.seconds[docname] = result.time

    def start(self, durations: dict[str, float]) -> None:
        self._durations = durations
        if self.todo:
            # a daemon: when a lesson fails the build, Python's exit lets the
            # running notebooks finish, starts no other, and does not wait for
            # this thread, which waits for those never started
            self._thread = threading.Thread(
                target=self._run, name="nnreg-notebooks", daemon=True
            )
            self._thread.start()

    def join(self) -> None:
        if self._thread is not None:
            self._thread.join()


def _log(message: str, *args: object) -> None:
    from sphinx.util import logging

    logging.getLogger(__name__).info(message, *args)


def _start_notebooks(app: Sphinx) -> None:
    """Before the lessons run: start executing the stale exercise pages."""
    app._nnreg_notebooks = None  # type: ignore[attr-defined]
    jobs, mine = app._nnreg_jobs, app._nnreg_mine  # type: ignore[attr-defined]
    if getattr(app.config, "nb_execution_mode", "off") != "cache":
        return
    if jobs <= 1 and mine is None:
        return  # serial: myst-nb executes each page as it reads it
    _, notebooks = app._nnreg_pages  # type: ignore[attr-defined]
    if mine is not None:
        notebooks = {d: p for d, p in notebooks.items() if d in mine}
    run = NotebookRun(app, notebooks, jobs)
    if run.todo:
        _log(
            "nnreg_parallel: executing %d notebook page(s) in %d kernel(s): %s",
            len(run.todo),
            run.jobs,
            ", ".join(sorted(run.todo)),
        )
    run.start(load_durations(_durations_path(app)))
    app._nnreg_notebooks = run  # type: ignore[attr-defined]


def _join_notebooks(app: Sphinx) -> None:
    """After the lessons ran: wait for the notebooks, before any page is read."""
    run = getattr(app, "_nnreg_notebooks", None)
    if run is None:
        return
    run.join()
    for docname, seconds in sorted(run.seconds.items()):
        _log("nnreg_parallel: executed %s in %.1f s", docname, seconds)
    for docname in sorted(run.failed):
        _log(
            "nnreg_parallel: %s failed; myst-nb executes it again while reading it",
            docname,
        )


def _stop_notebooks(app: Sphinx, exception) -> None:
    run = getattr(app, "_nnreg_notebooks", None)
    if run is not None:
        run.join()


def setup(app: Sphinx) -> dict:
    app.add_config_value("nnreg_jobs", 0, "", types=(int,))
    app.add_config_value("nnreg_shard", "", "", types=(str,))
    app.add_config_value("nnreg_durations", DEFAULT_DURATIONS, "", types=(str,))
    # before sphinx-gallery fills its configuration (config-inited, priority 10)
    app.connect("config-inited", _on_config_inited, priority=5)
    # after nnreg_freshness forgot stale runs (100), before the lessons (500)
    app.connect("builder-inited", _start_notebooks, priority=400)
    # after the lessons, before any page is read
    app.connect("builder-inited", _join_notebooks, priority=600)
    app.connect("build-finished", _stop_notebooks)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}


# -- shards: execute a share, pack it, merge the packs ---------------------------


def _lesson_files(srcdir: Path, docname: str) -> list[Path]:
    """What sphinx-gallery generated for one lesson: its page, script,
    notebook, md5, caches, and its images and thumbnail."""
    page = srcdir / docname
    stem = re.escape(page.name)
    own = re.compile(rf"^{stem}\.")
    images = re.compile(rf"^sphx_glr_{stem}_(?:\d+|thumb)\.\w+$")
    files = [p for p in page.parent.glob("*") if p.is_file() and own.match(p.name)]
    for folder in (page.parent / "images", page.parent / "images" / "thumb"):
        if folder.is_dir():
            files += [p for p in folder.iterdir() if images.match(p.name)]
    return sorted(files)


def _package_digest(app: Sphinx) -> tuple[str, str]:
    """(package folder relative to the sources, SHA-256 of its source)."""
    from nnreg_freshness import package_dir, source_digest

    package = package_dir(app)
    return os.path.relpath(package, app.srcdir), source_digest(package)


def execute(srcdir: Path, outdir: Path, shard: str, pack: Path, jobs: int = 0):
    """Execute the pages of one shard and pack what they made into ``pack``.

    Reads no page and writes no HTML: sphinx-gallery runs the shard's lessons
    and writes every lesson's page (the other shards' without running them),
    and the shard's notebooks are executed into myst-nb's cache. The pack
    holds the shard's own lessons' generated files, its executed notebooks
    and a manifest.
    """
    from jupyter_cache import get_cache
    from sphinx.application import Sphinx
    from sphinx.util.docutils import docutils_namespace, patch_docutils

    srcdir, outdir = srcdir.resolve(), outdir.resolve()
    overrides: dict[str, object] = {"nnreg_shard": shard}
    if jobs:
        overrides["nnreg_jobs"] = jobs
    start = time.perf_counter()
    with patch_docutils(srcdir), docutils_namespace():
        # the builder's initialisation runs the lessons and the notebooks
        app = Sphinx(srcdir, srcdir, outdir, outdir / ".doctrees", "dummy", overrides)
        run = app._nnreg_notebooks  # type: ignore[attr-defined]
        if run is not None and run.failed:
            for docname, error in sorted(run.failed.items()):
                print(f"{docname} failed:\n{error}", file=sys.stderr)
            raise SystemExit(f"shard {shard}: {len(run.failed)} page(s) failed")
        if app._warncount:  # type: ignore[attr-defined]
            raise SystemExit(f"shard {shard}: {app._warncount} warning(s)")
        mine = app._nnreg_mine  # type: ignore[attr-defined]
        lessons, notebooks = app._nnreg_pages  # type: ignore[attr-defined]
        package, digest = _package_digest(app)
        md_config, nb_config = _myst_configs(app) if notebooks else (None, None)
    if pack.exists():
        shutil.rmtree(pack)
    (pack / "files").mkdir(parents=True)
    manifest: dict = {
        "shard": shard,
        "package": package,
        "digest": digest,
        "lessons": {},
        "notebooks": {},
        "seconds": round(time.perf_counter() - start, 1),
    }
    for docname in sorted(d for d in lessons if d in mine):
        files = _lesson_files(srcdir, docname)
        if not any(p.name.endswith(".py.md5") for p in files):
            raise SystemExit(f"shard {shard}: {docname} did not run")
        for path in files:
            target = pack / "files" / path.relative_to(srcdir)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
        cost = srcdir / f"{docname}.cost.json"
        seconds = json.loads(cost.read_text())["time"] if cost.exists() else None
        manifest["lessons"][docname] = seconds
    if any(d in mine for d in notebooks):
        import nbformat

        cache = get_cache(nb_config.execution_cache_path)
        for docname in sorted(d for d in notebooks if d in mine):
            read = read_notebook(notebooks[docname], md_config, nb_config)
            if read is None:
                continue
            record = cache.match_cache_notebook(read[0])  # KeyError: not run
            bundle = cache.get_cache_bundle(record.pk)
            target = pack / "notebooks" / f"{docname}.ipynb"
            target.parent.mkdir(parents=True, exist_ok=True)
            nbformat.write(bundle.nb, str(target))
            manifest["notebooks"][docname] = {
                "source": notebooks[docname].relative_to(srcdir).as_posix(),
                "seconds": record.data.get("execution_seconds"),
            }
    (pack / MANIFEST).write_text(json.dumps(manifest, indent=1) + "\n")
    return manifest


def merge(srcdir: Path, outdir: Path, packs: list[Path]) -> dict:
    """Put the packs of every shard into the sources and the execution cache.

    The lessons' generated files go into the gallery folders, the executed
    notebooks into myst-nb's cache (``<outdir>/../.jupyter_cache``). When
    every shard of the split is there and all ran the package source that is
    here now, that source is recorded as the freshness rule records a
    successful build, so the build that follows executes nothing; otherwise
    it re-runs every page that imports the package.
    """
    import nbformat
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn
    from nnreg_freshness import STATE_FILE, source_digest

    srcdir, outdir = srcdir.resolve(), outdir.resolve()
    missing = [str(p) for p in packs if not (p / MANIFEST).is_file()]
    if missing:
        raise SystemExit(
            f"merge: no {MANIFEST} in {', '.join(missing)}: a shard that failed "
            "packs nothing"
        )
    manifests = [json.loads((p / MANIFEST).read_text()) for p in packs]
    splits = {parse_shard(m["shard"])[1] for m in manifests}
    shards = sorted(parse_shard(m["shard"])[0] for m in manifests)
    if len(splits) != 1 or shards != list(range(1, next(iter(splits)) + 1)):
        raise SystemExit(
            "merge: the packs are not every shard of one split: "
            + ", ".join(m["shard"] for m in manifests)
        )
    cache = get_cache(str(outdir.parent / ".jupyter_cache"))
    for pack, manifest in zip(packs, manifests, strict=True):
        for path in sorted((pack / "files").rglob("*")):
            if path.is_file():
                target = srcdir / path.relative_to(pack / "files")
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(path, target)
        for docname, info in manifest["notebooks"].items():
            notebook = nbformat.read(
                str(pack / "notebooks" / f"{docname}.ipynb"), as_version=4
            )
            cache.cache_notebook_bundle(
                CacheBundleIn(
                    notebook,
                    str(srcdir / info["source"]),
                    data={"execution_seconds": info["seconds"]},
                ),
                check_validity=False,
                overwrite=True,
            )
    package = (srcdir / manifests[0]["package"]).resolve()
    digests = {m["digest"] for m in manifests}
    current = source_digest(package)
    record = outdir / ".doctrees" / STATE_FILE
    if digests == {current}:
        record.parent.mkdir(parents=True, exist_ok=True)
        record.write_text(json.dumps({"package": str(package), "digest": current}))
        fresh = True
    else:
        record.unlink(missing_ok=True)
        fresh = False
        print(
            "merge: the shards ran another source of the package than this one; "
            "the build re-runs every page that imports it",
            file=sys.stderr,
        )
    return {
        "shards": len(manifests),
        "lessons": sum(len(m["lessons"]) for m in manifests),
        "notebooks": sum(len(m["notebooks"]) for m in manifests),
        "fresh": fresh,
    }


def recorded_durations(srcdir: Path, outdir: Path) -> dict[str, float]:
    """Run times of the pages executed by the builds in ``srcdir``/``outdir``:
    sphinx-gallery's cost files and the cache's execution times."""
    from jupyter_cache import get_cache

    srcdir, outdir = srcdir.resolve(), outdir.resolve()
    seconds: dict[str, float] = {}
    for cost in srcdir.rglob("*.cost.json"):
        docname = cost.relative_to(srcdir).as_posix()[: -len(".cost.json")]
        seconds[docname] = float(json.loads(cost.read_text())["time"])
    cache_dir = outdir.parent / ".jupyter_cache"
    if cache_dir.exists():
        records = sorted(
            get_cache(str(cache_dir)).list_cache_records(), key=lambda r: r.created
        )
        for record in records:  # the newest record of a page wins
            value = (record.data or {}).get("execution_seconds")
            try:
                rel = Path(record.uri).resolve().relative_to(srcdir)
            except ValueError:
                continue
            if value is not None:
                seconds[rel.with_suffix("").as_posix()] = float(value)
    return {k: round(v, 2) for k, v in sorted(seconds.items())}


def plan(
    durations: Path, pages: int, threshold: float, per_shard: float, most: int
) -> dict:
    """How many shards a clean build of ``pages`` executed pages needs.

    The expected time is the sum of the recorded run times, and the mean of
    them for each page beyond the records (a new page). Below ``threshold``
    seconds: one job; else enough shards for about ``per_shard`` seconds
    each, at most ``most``. Needs nothing but Python (no build environment).
    """
    recorded = load_durations(durations)
    mean = sum(recorded.values()) / len(recorded) if recorded else 1.0
    total = sum(recorded.values()) + mean * max(0, pages - len(recorded))
    count = 1 if total < threshold else min(most, math.ceil(total / per_shard))
    return {
        "pages": max(pages, len(recorded)),
        "total_seconds": round(total, 1),
        "threshold_seconds": threshold,
        "shards": max(1, count),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    ex = sub.add_parser("execute", help="execute one shard's pages and pack them")
    ex.add_argument("srcdir", type=Path)
    ex.add_argument("outdir", type=Path)
    ex.add_argument("--shard", required=True, help="K/N")
    ex.add_argument("--pack", type=Path, required=True)
    ex.add_argument("--jobs", type=int, default=0)
    mg = sub.add_parser("merge", help="put the shards' packs into the sources")
    mg.add_argument("srcdir", type=Path)
    mg.add_argument("outdir", type=Path)
    mg.add_argument("packs", type=Path, nargs="+")
    du = sub.add_parser("durations", help="record the last build's run times")
    du.add_argument("srcdir", type=Path)
    du.add_argument("outdir", type=Path)
    du.add_argument("--write", type=Path, help="the durations file to update")
    pl = sub.add_parser("plan", help="how many shards a clean build needs")
    pl.add_argument(
        "--pages", nargs="*", default=[], help="globs of the executed pages' sources"
    )
    pl.add_argument("--durations", type=Path, default=HERE / "durations.json")
    pl.add_argument("--threshold", type=float, default=600.0)
    pl.add_argument("--per-shard", type=float, default=300.0)
    pl.add_argument("--most", type=int, default=8)
    pl.add_argument("--github-output", action="store_true")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(HERE))
    if args.command == "execute":
        manifest = execute(args.srcdir, args.outdir, args.shard, args.pack, args.jobs)
        print(json.dumps(manifest, indent=1))
    elif args.command == "merge":
        print(json.dumps(merge(args.srcdir, args.outdir, args.packs)))
    elif args.command == "durations":
        seconds = recorded_durations(args.srcdir, args.outdir)
        if args.write:
            old = load_durations(args.write)
            data = {"seconds": dict(sorted({**old, **seconds}.items()))}
            args.write.write_text(json.dumps(data, indent=1) + "\n")
        print(json.dumps(seconds, indent=1))
    else:
        import glob

        pages = len({f for pattern in args.pages for f in glob.glob(pattern)})
        result = plan(args.durations, pages, args.threshold, args.per_shard, args.most)
        print(json.dumps(result))
        if args.github_output:
            with open(os.environ["GITHUB_OUTPUT"], "a", encoding="utf-8") as out:
                out.write(
                    f"shards={json.dumps(list(range(1, result['shards'] + 1)))}\n"
                )
                out.write(f"count={result['shards']}\n")


if __name__ == "__main__":
    main()
