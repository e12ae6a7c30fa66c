"""Sphinx glue of the site: training GIFs as gallery figures, build versions,
and a check that every lesson really ran.

- :func:`gif_scraper` is a sphinx-gallery image scraper: after each code cell
  it moves the GIFs the cell wrote into the gallery's image folder and embeds
  them among the cell's figures, with the GIF's comment (the animation's
  title) as alt text. A GIF that does not decode completely fails the build;
  :func:`clear_gifs` (a ``reset_modules`` hook) removes GIFs left over from an
  unfinished run before each example, so none is shown as another's figure.
- The versions of torch, matplotlib and george the site was built with are put
  into every page's footer.
- After the build, a lesson page whose total running time reads zero seconds
  (an example that did not run) fails the build.
"""

from __future__ import annotations

import re
import shutil
from importlib import metadata
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError

VERSIONED = ("torch", "numpy", "matplotlib", "george", "sphinx-gallery")


def clear_gifs(gallery_conf, fname, when) -> None:
    """Delete the GIFs left in the gallery's sources before an example runs.

    A sphinx-gallery ``reset_modules`` hook. The scraper takes every GIF it
    finds next to the example, so a GIF a failed or killed earlier run left
    behind would be shown as the next example's figure. GIFs in the gallery's
    source folders are outputs of the lessons, never sources.
    """
    from sphinx.util import logging

    dirs = gallery_conf["examples_dirs"]
    for folder in [dirs] if isinstance(dirs, str) else dirs:
        for gif in sorted((Path(gallery_conf["src_dir"]) / folder).rglob("*.gif")):
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

    Only complete GIFs are taken (:func:`check_gif`); :func:`clear_gifs`,
    run before each example, makes sure that every GIF found was written by
    the example, and as the GIFs are moved away after each cell, by this cell.
    """
    from PIL import Image
    from sphinx_gallery.scrapers import figure_rst

    src_dir = Path(block_vars["src_file"]).parent
    gifs = sorted(src_dir.glob("*.gif"), key=lambda p: p.stat().st_mtime_ns)
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
    app.connect("html-page-context", _add_versions)
    app.connect("build-finished", _check_run_times)
    app.connect("source-read", _strip_cdn)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
