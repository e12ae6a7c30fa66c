"""Re-run the pages that use nnreg whenever nnreg's source changes.

sphinx-gallery re-runs a lesson only when the lesson's own file changes (it
keeps an ``.md5`` of the script next to the generated page), and myst-nb's
``cache`` mode re-runs an exercise page only when the page's code changes (the
jupyter-cache matches notebooks by the hash of their code cells). A change to
the package every page imports changes neither, so a rebuild would keep
showing output that the current code might no longer produce.

This extension hashes every ``.py`` file of the package and keeps the hash in
the build's doctree folder. When the hash differs from the last successful
build's (or there is none):

- the ``.md5`` of every gallery example that imports the package is deleted,
  so sphinx-gallery runs it again;
- every jupyter-cache record of a notebook that imports the package is
  removed, and the notebook pages (``.ipynb``, or MyST ``.md`` with code
  cells) that import it are marked outdated, so Sphinx reads them again and
  myst-nb executes them.

An unchanged package changes nothing: the build is as incremental as without
the extension. The new hash is stored only after a build that succeeded, so an
interrupted build re-runs the pages again next time.

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
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the helpers above setup() work without Sphinx installed
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

STATE_FILE = "nnreg_freshness.json"
NOTEBOOK_SUFFIXES = (".md", ".ipynb")


@dataclass
class _State:
    package: Path
    digest: str
    changed: bool = False


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


def _state_file(app: Sphinx) -> Path:
    return Path(app.doctreedir) / STATE_FILE


def _gallery_pairs(app: Sphinx) -> list[tuple[Path, Path]]:
    conf = getattr(app.config, "sphinx_gallery_conf", None) or {}
    examples, galleries = conf.get("examples_dirs", []), conf.get("gallery_dirs", [])
    if isinstance(examples, str):
        examples = [examples]
    if isinstance(galleries, str):
        galleries = [galleries]
    src = Path(app.srcdir)
    return [
        ((src / e).resolve(), (src / g).resolve())
        for e, g in zip(examples, galleries, strict=False)
    ]


def _forget_gallery_runs(app: Sphinx, module: str) -> int:
    """Delete the .md5 of every gallery example importing ``module``."""
    forgotten = 0
    for examples, gallery in _gallery_pairs(app):
        for script in sorted(examples.rglob("*.py")):
            if not imports(script.read_text(encoding="utf-8"), module):
                continue
            md5 = gallery / script.relative_to(examples)
            md5 = md5.with_name(md5.name + ".md5")
            if md5.exists():
                md5.unlink()
                forgotten += 1
    return forgotten


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
    package = package_dir(app)
    state = _State(package=package, digest=source_digest(package))
    stored = None
    path = _state_file(app)
    if path.exists():
        try:
            stored = json.loads(path.read_text(encoding="utf-8")).get("digest")
        except (OSError, ValueError):
            stored = None
    state.changed = stored != state.digest
    app._nnreg_freshness = state  # type: ignore[attr-defined]
    if not state.changed:
        return
    module = package.name
    examples = _forget_gallery_runs(app, module)
    notebooks = _forget_notebook_runs(app, module)
    _log(
        "nnreg_freshness: %s's source changed since the last build (or no record "
        "of it); re-running %d gallery example(s), %d cached notebook(s) dropped",
        module,
        examples,
        notebooks,
    )


def _on_env_get_outdated(
    app: Sphinx,
    env: BuildEnvironment,
    added: set[str],
    changed: set[str],
    removed: set[str],
) -> list[str]:
    state: _State | None = getattr(app, "_nnreg_freshness", None)
    if state is None or not state.changed:
        return []
    galleries = [g for _, g in _gallery_pairs(app)]
    module = state.package.name
    outdated = []
    for docname in sorted(env.found_docs):
        if docname in added or docname in changed:
            continue
        source = Path(env.doc2path(docname))
        if source.suffix not in NOTEBOOK_SUFFIXES or not source.exists():
            continue
        if any(source.resolve().is_relative_to(g) for g in galleries):
            continue
        text = source.read_text(encoding="utf-8")
        notebook = source.suffix == ".ipynb" or "{code-cell}" in text
        if notebook and imports(text, module):
            outdated.append(docname)
    if outdated:
        _log("nnreg_freshness: re-reading %s", ", ".join(outdated))
    return outdated


def _on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    state: _State | None = getattr(app, "_nnreg_freshness", None)
    if exception is not None or state is None:
        return
    path = _state_file(app)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        json.dumps({"package": str(state.package), "digest": state.digest}) + "\n",
        encoding="utf-8",
    )


def setup(app: Sphinx) -> dict:
    app.add_config_value("nnreg_freshness_package", "", "", types=(str,))
    # before sphinx-gallery generates the gallery (builder-inited, priority 500)
    app.connect("builder-inited", _on_builder_inited, priority=100)
    app.connect("env-get-outdated", _on_env_get_outdated)
    app.connect("build-finished", _on_build_finished)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
