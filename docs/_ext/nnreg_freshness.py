"""Never serve output that the current nnreg might not produce, or that is gone.

sphinx-gallery re-runs a lesson only when the lesson's own file changes (an
``.md5`` of the script sits next to its page), and myst-nb's ``cache`` mode
re-runs an exercise page only when the page's code changes. A change to the
package that the pages import changes neither. The rule kept here:

- **A change to the package re-runs every page that imports it.** The SHA-256
  of the package's ``.py`` files is compared, before anything runs, with the one
  recorded by the last successful build. If they differ (or nothing is
  recorded) the record is deleted at once, the ``.md5`` of every gallery script
  importing the package is deleted, the jupyter-cache records of the notebooks
  importing it are dropped and those pages are read again. The new hash is
  recorded only when the whole build finished without an error or a warning,
  so a build that fails or is killed part-way leaves no record, and the next
  one re-runs all of them again.
- **A deleted output is made again.** A lesson whose generated page, or an
  image that page shows, is missing from the gallery's folder is run again; a
  page whose built HTML shows an image or offers a download that is missing
  from the output folder is read and written again.

Configuration (``conf.py``):

``nnreg_freshness_package``
    Folder of the package's source. By default the folder of the importable
    ``nnreg`` package. The folder's name is the module name looked for in
    ``import`` statements.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote

if TYPE_CHECKING:  # the helpers above setup() work without Sphinx installed
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

STATE_FILE = "nnreg_freshness.json"
NOTEBOOK_SUFFIXES = (".md", ".ipynb")
# what a built HTML page shows or offers from the output folder: images, and
# downloads (relative links, no scheme, query or fragment)
_OUTPUT_LINK = re.compile(
    r'<img\b[^>]*?\bsrc="([^":?#]+)"|\bhref="([^":?#]*_downloads/[^":?#]+)"'
)
# images a generated gallery page shows, as paths from the source folder
_GALLERY_IMAGE = re.compile(
    r"^[ \t]*(?:\.\. (?:image-sg|image|figure)::|:srcset:)[ \t]*(/[^\s,]+)", re.M
)


def package_dir(app: Sphinx) -> Path:
    """The package folder to watch."""
    configured = app.config.nnreg_freshness_package
    if configured:
        return (Path(app.confdir) / configured).resolve()
    spec = importlib.util.find_spec("nnreg")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(
            "nnreg_freshness: cannot find the nnreg package; install it or set "
            "nnreg_freshness_package in conf.py"
        )
    return Path(next(iter(spec.submodule_search_locations))).resolve()


def source_digest(package: Path) -> str:
    """SHA-256 of the package's ``.py`` files, their paths and contents."""
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        if "__pycache__" in path.parts:
            continue
        digest.update(path.relative_to(package).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def imports(text: str, module: str) -> bool:
    """Whether source ``text`` has an import statement of ``module``."""
    name = re.escape(module)
    pattern = (
        rf"^[ \t]*(?:from[ \t]+{name}(?:\.|[ \t])|import[ \t]+(?:.*,[ \t]*)?{name}\b)"
    )
    return re.search(pattern, text, re.MULTILINE) is not None


def _log(message: str, *args: object) -> None:
    from sphinx.util import logging

    logging.getLogger(__name__).info(message, *args)


def _record(app: Sphinx) -> Path:
    return Path(app.doctreedir) / STATE_FILE


def _gallery_scripts(app: Sphinx):
    """(script, its md5 file, its generated page) of every gallery example."""
    conf = getattr(app.config, "sphinx_gallery_conf", None) or {}
    examples, galleries = conf.get("examples_dirs", []), conf.get("gallery_dirs", [])
    examples = [examples] if isinstance(examples, str) else examples
    galleries = [galleries] if isinstance(galleries, str) else galleries
    src = Path(app.srcdir)
    for example_dir, gallery_dir in zip(examples, galleries, strict=False):
        example_dir, gallery_dir = src / example_dir, src / gallery_dir
        for script in sorted(example_dir.rglob("*.py")):
            target = gallery_dir / script.relative_to(example_dir)
            yield script, Path(f"{target}.md5"), target.with_suffix(".rst")


def _forget_gallery_runs(app: Sphinx, module: str) -> int:
    """Delete the .md5 of every gallery example importing ``module``."""
    forgotten = 0
    for script, md5, _ in _gallery_scripts(app):
        if md5.exists() and imports(script.read_text(encoding="utf-8"), module):
            md5.unlink()
            forgotten += 1
    return forgotten


def _forget_runs_with_missing_images(app: Sphinx) -> None:
    """Delete the .md5 of every example whose page, or an image it shows, is
    missing."""
    src = Path(app.srcdir)
    for script, md5, page in _gallery_scripts(app):
        if not md5.exists():  # runs anyway
            continue
        text = page.read_text(encoding="utf-8") if page.exists() else ""
        thumbs = page.parent / "images" / "thumb"
        shown = [page] + [src / p.lstrip("/") for p in _GALLERY_IMAGE.findall(text)]
        missing = [p for p in shown if not p.exists()]
        if not any(thumbs.glob(f"sphx_glr_{page.stem}_thumb.*")):
            missing.append(thumbs / f"sphx_glr_{page.stem}_thumb.*")
        if missing:
            md5.unlink()
            _log(
                "nnreg_freshness: re-running %s, its output %s is missing",
                script.name,
                ", ".join(os.path.relpath(p, src) for p in missing),
            )


def _cache_dir(app: Sphinx) -> Path:
    configured = getattr(app.config, "nb_execution_cache_path", "")
    if configured:
        return (Path(app.confdir) / configured).resolve()
    # myst-nb's default: next to the output folder
    return (Path(app.outdir).parent / ".jupyter_cache").resolve()


def _forget_notebook_runs(app: Sphinx, module: str) -> int:
    """Remove the jupyter-cache records of notebooks importing ``module``."""
    cache_dir = _cache_dir(app)
    if not cache_dir.exists():
        return 0
    from jupyter_cache import get_cache

    cache = get_cache(str(cache_dir))
    removed = 0
    for record in cache.list_cache_records():
        try:
            notebook = cache.get_cache_bundle(record.pk).nb
        except KeyError:  # a record whose notebook file is gone: useless anyway
            notebook = None
        if notebook is None or any(
            cell.cell_type == "code" and imports(cell.source, module)
            for cell in notebook.cells
        ):
            cache.remove_cache(record.pk)
            removed += 1
    return removed


def _on_builder_inited(app: Sphinx) -> None:
    _forget_runs_with_missing_images(app)
    package = package_dir(app)
    digest = source_digest(package)
    record = _record(app)
    try:
        stored = json.loads(record.read_text(encoding="utf-8"))["digest"]
    except (OSError, ValueError, KeyError, TypeError):
        stored = None
    app._nnreg_freshness = (package, digest, stored != digest)  # type: ignore[attr-defined]
    if stored == digest:
        return
    # No record until a build succeeds: an unfinished one re-runs them all again.
    record.unlink(missing_ok=True)
    examples = _forget_gallery_runs(app, package.name)
    notebooks = _forget_notebook_runs(app, package.name)
    _log(
        "nnreg_freshness: %s's source differs from the last successful build's "
        "(or none is recorded); re-running %d gallery example(s), dropped %d "
        "cached notebook(s)",
        package.name,
        examples,
        notebooks,
    )


def _missing_outputs(app: Sphinx, docname: str) -> list[Path]:
    """The images and downloads that the HTML page of ``docname`` links to
    and that are missing from the output."""
    if not hasattr(app.builder, "get_outfilename"):
        return []
    page = Path(app.builder.get_outfilename(docname))
    if not page.exists():  # Sphinx writes it anyway
        return []
    links = _OUTPUT_LINK.finditer(page.read_text(encoding="utf-8"))
    files = [page.parent / unquote(m.group(1) or m.group(2)) for m in links]
    return [path for path in files if not path.exists()]


def _on_env_get_outdated(
    app: Sphinx,
    env: BuildEnvironment,
    added: set[str],
    changed: set[str],
    removed: set[str],
) -> list[str]:
    outdated = {doc for doc in env.found_docs if _missing_outputs(app, doc)}
    package, _, changed_package = app._nnreg_freshness  # type: ignore[attr-defined]
    if changed_package:
        for docname in env.found_docs:
            source = Path(env.doc2path(docname))
            if source.suffix not in NOTEBOOK_SUFFIXES or not source.exists():
                continue
            text = source.read_text(encoding="utf-8")
            notebook = source.suffix == ".ipynb" or "{code-cell}" in text
            if notebook and imports(text, package.name):
                outdated.add(docname)
    outdated = sorted(outdated & env.found_docs - added - changed)
    if outdated:
        _log("nnreg_freshness: reading again %s", ", ".join(outdated))
    return outdated


def _on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    state = getattr(app, "_nnreg_freshness", None)
    if state is None:  # failed before builder-inited decided anything
        return
    package, digest, changed_package = state
    record = _record(app)
    if exception is None and getattr(app, "_warncount", 0) == 0:
        if changed_package:
            record.parent.mkdir(parents=True, exist_ok=True)
            tmp = record.with_name(record.name + ".tmp")
            tmp.write_text(
                json.dumps({"package": str(package), "digest": digest}) + "\n",
                encoding="utf-8",
            )
            os.replace(tmp, record)
    elif changed_package:
        # a later handler failed after this one recorded the build
        record.unlink(missing_ok=True)


def setup(app: Sphinx) -> dict:
    app.add_config_value("nnreg_freshness_package", "", "", types=(str,))
    # before sphinx-gallery runs the examples (builder-inited, priority 500)
    app.connect("builder-inited", _on_builder_inited, priority=100)
    app.connect("env-get-outdated", _on_env_get_outdated)
    # after every other handler, which may still fail the build
    app.connect("build-finished", _on_build_finished, priority=900)
    return {"version": "2", "parallel_read_safe": True, "parallel_write_safe": True}
