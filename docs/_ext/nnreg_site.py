"""Sphinx glue of the site: training GIFs as gallery figures, build versions,
and a check that every lesson really ran.

- :func:`gif_scraper` is a sphinx-gallery image scraper: after each code cell
  it moves the GIFs the cell wrote into the gallery's image folder and embeds
  them among the cell's figures, with the GIF's comment (the animation's
  title) as alt text. A GIF that does not decode completely fails the build.
- The scraper takes only the GIFs that the running lesson itself wrote: the
  lessons write their GIFs into the gallery's source folder, which lessons
  running at the same time in parallel workers share. :func:`before_example`
  (a ``reset_modules`` hook, run in the worker before each lesson) starts
  recording every ``.gif`` file the worker process opens for writing (a
  Python audit hook), so another lesson's GIF, or one left by an unfinished
  earlier run, is never taken as this lesson's figure. GIFs left in the
  gallery's sources by an unfinished run are deleted once, before any lesson
  runs (:func:`clear_gifs`, at ``builder-inited``, in the main process).
- :func:`before_example` also gives each worker what a lesson expects: one
  torch thread and Matplotlib's Agg backend.
- The versions of torch, matplotlib and george the site was built with are put
  into every page's footer.
- After the build, a lesson page whose total running time reads zero seconds
  (an example that did not run) fails the build.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from importlib import metadata
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError

VERSIONED = ("torch", "numpy", "matplotlib", "george", "sphinx-gallery")


# Every .gif this process opened for writing since the running lesson began,
# as absolute paths, in the order they were opened (the audit hook below).
_WRITTEN: list[Path] = []
_TRACKING = {"on": False, "installed": False}
_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC


def _audit(event: str, args: tuple) -> None:
    """Record the GIFs opened for writing, or renamed into place.

    ``open`` audit events catch a GIF written where it stands; ``os.rename``
    events (``os.rename`` and ``os.replace``) catch one written to a
    temporary file first and renamed to its name, as
    :func:`nnreg.animation.save_gif` does.
    """
    if not _TRACKING["on"]:
        return
    if event == "os.rename":
        dst = args[1]
        if isinstance(dst, bytes):
            dst = os.fsdecode(dst)
        if isinstance(dst, str | os.PathLike) and str(dst).lower().endswith(".gif"):
            _WRITTEN.append(Path(os.path.abspath(dst)))
        return
    if event != "open":
        return
    path, mode, flags = args
    if isinstance(path, bytes):
        path = os.fsdecode(path)
    if not isinstance(path, str) or not path.lower().endswith(".gif"):
        return
    writes = any(c in mode for c in "wax+") if isinstance(mode, str) else False
    if writes or (mode is None and isinstance(flags, int) and flags & _WRITE_FLAGS):
        _WRITTEN.append(Path(os.path.abspath(path)))


def track_gifs() -> None:
    """Forget the GIFs recorded so far, and record those opened from now on."""
    if not _TRACKING["installed"]:
        sys.addaudithook(_audit)  # cannot be removed: it is switched off instead
        _TRACKING["installed"] = True
    _WRITTEN.clear()
    _TRACKING["on"] = True


def before_example(gallery_conf, fname, when) -> None:
    """Prepare the process that runs a lesson (a ``reset_modules`` hook).

    Runs before every lesson, in the sphinx-gallery worker that runs it (or in
    Sphinx's own process for a serial build): one torch thread, Matplotlib's
    Agg backend, the platform's default start method for the processes the
    lesson starts, and a fresh record of the GIFs the lesson will write.
    """
    os.environ["OMP_NUM_THREADS"] = "1"
    if "torch" in sys.modules:  # torch read OMP_NUM_THREADS when imported
        sys.modules["torch"].set_num_threads(1)
    import matplotlib

    matplotlib.use("agg")
    # In a joblib worker: no restart after a lesson that grew the worker's
    # memory by 300 MB (loky takes that for a leak, and the next lesson would
    # pay for importing torch again); a serial build keeps all in one process.
    loky = sys.modules.get("joblib.externals.loky.process_executor")
    if loky is not None and hasattr(loky, "_MAX_MEMORY_LEAK_SIZE"):
        loky._MAX_MEMORY_LEAK_SIZE = 1 << 40
    # Processes the lesson starts itself (15.6's ProcessPoolExecutor) start as
    # in a serial build. A joblib worker defaults to loky's method: fresh
    # interpreters that import everything again, are sent their data by
    # pickle, and cannot find a function the lesson defined.
    import multiprocessing

    if multiprocessing.get_start_method(allow_none=True) == "loky":
        multiprocessing.set_start_method(None, force=True)
    track_gifs()


def _gif_folders(src_dir: str | Path, examples_dirs) -> list[Path]:
    dirs = [examples_dirs] if isinstance(examples_dirs, str) else examples_dirs
    return [Path(src_dir) / folder for folder in dirs]


def clear_gifs(app: Sphinx) -> None:
    """Delete the GIFs left in the gallery's sources, before any lesson runs.

    GIFs in the gallery's source folders are outputs of the lessons, never
    sources: one found there was left by a failed or killed run. Runs at
    ``builder-inited`` in Sphinx's process, before sphinx-gallery starts any
    lesson (never while lessons run: in a parallel build another lesson may
    be writing its GIF there).
    """
    from sphinx.util import logging

    conf = getattr(app.config, "sphinx_gallery_conf", None) or {}
    for folder in _gif_folders(app.srcdir, conf.get("examples_dirs", [])):
        for gif in sorted(folder.rglob("*.gif")):
            logging.getLogger(__name__).info(
                "nnreg_site: removing %s, left by an unfinished run", gif
            )
            gif.unlink()


def check_gif(path: Path) -> None:
    """Raise ``ExtensionError`` unless ``path`` is a complete GIF.

    Every frame must decode, and the file must end with the GIF trailer: a
    file cut short (a run killed while writing it) fails one or the other.
    """
    from PIL import Image, ImageSequence

    try:
        with Image.open(path) as im:
            if im.format != "GIF":
                raise ValueError(f"a {im.format} image, not a GIF")
            for frame in ImageSequence.Iterator(im):
                frame.load()
        with open(path, "rb") as f:
            f.seek(-1, 2)
            if f.read(1) != b";":
                raise ValueError("no GIF trailer at the end")
    except Exception as err:  # Pillow raises many kinds on broken data
        raise ExtensionError(
            f"{path} is not a complete GIF ({err}); the cell that wrote it "
            "must write it again"
        ) from err


def gif_scraper(block, block_vars, gallery_conf) -> str:
    """Embed the GIFs a gallery cell wrote into its working folder.

    Only the GIFs this cell wrote (:func:`before_example` records them) and
    that are complete (:func:`check_gif`) are taken; they are moved away after
    each cell, so the next cell starts with none.
    """
    from PIL import Image
    from sphinx_gallery.scrapers import figure_rst

    src_dir = Path(block_vars["src_file"]).parent.resolve()
    gifs: list[Path] = []
    for path in _WRITTEN:
        if path.parent.resolve() == src_dir and path.exists() and path not in gifs:
            gifs.append(path)
    _WRITTEN.clear()
    for gif in gifs:
        check_gif(gif)
    rst = ""
    for gif in gifs:
        target = Path(next(block_vars["image_path_iterator"])).with_suffix(".gif")
        shutil.move(gif, target)
        with Image.open(target) as im:
            comment = im.info.get("comment", b"")
        alt = comment.decode("utf-8", "replace") if comment else gif.stem
        rst += figure_rst([str(target)], gallery_conf["src_dir"], fig_titles=alt)
    return rst


def build_versions() -> str:
    parts = []
    for name in VERSIONED:
        try:
            parts.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{name} (not installed)")
    return ", ".join(parts)


def _add_versions(app: Sphinx, pagename, templatename, context, doctree) -> None:
    context["nnreg_build_versions"] = build_versions()


_TIME = re.compile(r"\*\*Total running time of the script:\*\*\s*\((.*?)\)")


# sphinx-gallery's timing table loads jQuery and DataTables from CDNs; the site
# must work offline and make no third-party requests, so the table stays a
# plain (sortable-free) table.
_CDN_BLOCK = re.compile(
    r"\n\.\. container::\n\n  \.\. raw:: html\n.*?\n\n(?=  \.\. list-table::)", re.S
)


def _strip_cdn(app: Sphinx, docname: str, source: list[str]) -> None:
    if docname.endswith("sg_execution_times"):
        source[0] = _CDN_BLOCK.sub("\n.. container::\n\n", source[0])


def _check_run_times(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None:
        return
    conf = app.config.sphinx_gallery_conf
    gallery = Path(app.srcdir) / conf["gallery_dirs"]
    sources = (Path(app.srcdir) / conf["examples_dirs"]).resolve()
    selected = re.compile(conf["filename_pattern"])
    for page in sorted(gallery.glob("plot_*.rst")):
        # a build restricted with -D sphinx_gallery_conf.filename_pattern=...
        # writes pages for the other examples without running them
        if not selected.search(str(sources / f"{page.stem}.py")):
            continue
        match = _TIME.search(page.read_text(encoding="utf-8"))
        if match is None:
            raise ExtensionError(f"{page.name} reports no running time")
        seconds = [float(v) for v in re.findall(r"[\d.]+", match.group(1))]
        if sum(seconds) == 0:
            raise ExtensionError(
                f"{page.name} reports a running time of zero: the example did not run"
            )


def setup(app: Sphinx) -> dict:
    # The exercise pages' Jupyter kernels inherit this process's environment,
    # and a kernel that inherits MPLBACKEND=Agg (exported for a headless run)
    # draws every plt.show() nowhere: the page silently loses its figures.
    # The lessons need no variable: before_example sets Agg for each one.
    os.environ.pop("MPLBACKEND", None)
    # before sphinx-gallery runs the lessons (builder-inited, priority 500)
    app.connect("builder-inited", clear_gifs, priority=200)
    app.connect("html-page-context", _add_versions)
    app.connect("build-finished", _check_run_times)
    app.connect("source-read", _strip_cdn)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
