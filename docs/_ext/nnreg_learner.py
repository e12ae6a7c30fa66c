"""What a learner takes home from the site, and how to run it there.

- The ``nnreg`` wheel, built from this very source tree while the site builds,
  and the lock file ``constraints.txt`` are served at fixed addresses:
  ``install/nnreg-<version>-py3-none-any.whl`` and ``install/constraints.txt``.
- Every lesson and exercise page gets a "Run it on your machine" box with the
  commands that make a virtual environment, install that wheel with that lock
  file, and run the page's script or notebook. The commands use the site's
  public address (``nnreg_site_url``).
- Every exercise page is also offered as a Jupyter notebook (next to the page,
  ``exercises/<page>.ipynb``): the page's cells, with the values the page
  shows written into the text, and without the site's plumbing.
- The notebooks' markdown cells hold Markdown links where the sources have
  Sphinx roles (``:func:`nnreg.fit```, ``{ref}`label```), in the lesson
  notebooks of sphinx-gallery and in the exercise notebooks alike.
- Each page links to its source file in the repository (``nnreg_repo_url``).
"""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util.docutils import SphinxDirective

INSTALL_DIR = "install"
PYTHONS = ("3.11", "3.12", "3.13")
CPU_INDEX = "https://download.pytorch.org/whl/cpu"
VENV_FOLDER = "nnreg-lessons"  # a hyphen: never importable, never shadows nnreg
LESSON = re.compile(r"^auto_examples/(plot_[^/]+)$")
EXERCISE = re.compile(r"^exercises/(ex_[^/]+)$")
REPO_ROOT = Path(__file__).resolve().parents[2]
_BUILT: dict[str, object] = {}  # the wheel of this build, being built

# :func:`x`, :py:class:`~x`, :doc:`text <target>`, and MyST's {func}`x`.
ROLE = re.compile(
    r"(?::(?:py:)?(?P<rst>[a-z]+):|\{(?:py:)?(?P<myst>[a-z]+)\})"
    r"`(?P<body>[^`]+)`"
)
PY_ROLES = {"func", "class", "mod", "meth", "attr", "data", "exc", "obj"}
GLUE = re.compile(r"\{glue(?::text)?\}`(?P<name>[^`]+)`")


def wheel_name(version: str) -> str:
    return f"nnreg-{version}-py3-none-any.whl"


def install_urls(site_url: str, version: str) -> tuple[str, str]:
    """(wheel URL, lock file URL) on the site."""
    base = site_url.rstrip("/") + f"/{INSTALL_DIR}/"
    return base + wheel_name(version), base + "constraints.txt"


def first_notebook_cell(site_url: str, version: str) -> str:
    """The first cell of every notebook: install what the lessons need."""
    wheel, lock = install_urls(site_url, version)
    return (
        "# Installs nnreg and its pinned dependencies into this notebook's\n"
        "# Python (nothing to do if the install commands of the page ran).\n"
        f"%pip install --quiet -c {lock} {wheel}"
    )


# -- the wheel -------------------------------------------------------------


def build_wheel(app: Sphinx) -> None:
    """Start building nnreg's wheel from this source tree, in a temporary
    folder; :func:`built_wheel` waits for it.

    pip runs in the background while the lessons and exercise pages execute
    (a few seconds less of a build).
    """
    if app.builder.format != "html":
        return
    tmp = Path(tempfile.mkdtemp(prefix="nnreg-wheel-"))
    src = tmp / "src"
    # A copy, so that building leaves no build/ or egg-info in the tree.
    src.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(REPO_ROOT / name, src / name)
    shutil.copytree(
        REPO_ROOT / "nnreg",
        src / "nnreg",
        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"),
    )
    _BUILT["process"] = subprocess.Popen(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet"]
        + ["--wheel-dir", str(tmp / "dist"), str(src)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    _BUILT["wheel"] = tmp / "dist" / wheel_name(app.config.release)


def built_wheel() -> Path:
    """The wheel that :func:`build_wheel` started building, once it is built."""
    process = _BUILT.pop("process")
    wheel = _BUILT.pop("wheel")
    _, stderr = process.communicate()
    if process.returncode != 0 or not wheel.is_file():
        raise ExtensionError(
            f"nnreg_learner: building the nnreg wheel failed:\n{stderr}"
        )
    return wheel


# -- the box ---------------------------------------------------------------


def _bash(code: str, kind: str) -> nodes.literal_block:
    block = nodes.literal_block(code, code, language="bash")
    block["classes"].append(f"nnreg-run-{kind}")
    return block


def install_nodes(app: Sphinx) -> list[nodes.Node]:
    """How to make a venv and install nnreg from this site (two ways)."""
    wheel, lock = install_urls(app.config.nnreg_site_url, app.config.release)
    versions = ", ".join(PYTHONS[:-1]) + f" or {PYTHONS[-1]}"
    return [
        nodes.paragraph(
            "",
            f"You need Python {versions}. In a terminal, make a new folder "
            "with a virtual environment in it, and install nnreg pinned to "
            "the versions this site was built with, with JupyterLab for the "
            "notebooks:",
        ),
        _bash(
            f"mkdir {VENV_FOLDER} && cd {VENV_FOLDER}\n"
            "python3 -m venv .venv\n"
            ". .venv/bin/activate\n"
            f"python -m pip install -c {lock} {wheel} jupyterlab",
            "install",
        ),
        nodes.paragraph(
            "",
            "(On Windows, activate with .venv\\Scripts\\activate.) On Linux, "
            "pip takes PyTorch with its CUDA libraries, several gigabytes. "
            "Without an NVIDIA GPU you can take PyTorch's CPU-only build "
            "instead, from PyTorch's own wheel index; the lessons run the "
            "same. Replace the last command by:",
        ),
        _bash(
            f"python -m pip install --extra-index-url {CPU_INDEX} "
            f"-c {lock} {wheel} jupyterlab",
            "cpu",
        ),
    ]


def run_box(app: Sphinx, docname: str) -> nodes.admonition | None:
    """The "Run it on your machine" box of a lesson or exercise page."""
    lesson, exercise = LESSON.match(docname), EXERCISE.match(docname)
    if not (lesson or exercise):
        return None
    stem = (lesson or exercise).group(1)
    box = nodes.admonition(classes=["tip", "nnreg-run"])
    box += nodes.title("", "Run it on your machine")
    box += install_nodes(app)
    para = nodes.paragraph("", "Save this page's ")
    if lesson:
        para += nodes.Text("script and notebook (links at the end of the page)")
        runs = f"python {stem}.py\njupyter lab {stem}.ipynb"
    else:
        para += nodes.reference("", "notebook", refuri=f"{stem}.ipynb")
        runs = f"jupyter lab {stem}.ipynb"
    them = "them" if lesson else "it"
    para += nodes.Text(
        f" into the folder {VENV_FOLDER}, then run or open {them} there, "
        "with the environment active (a notebook also runs top to bottom "
        "with jupyter nbconvert):"
    )
    box += para
    box += _bash(
        runs + f"\njupyter nbconvert --to notebook --execute {stem}.ipynb",
        "run",
    )
    return box


class InstallDirective(SphinxDirective):
    """``{nnreg-install}``: the install commands of the run boxes."""

    def run(self) -> list[nodes.Node]:
        return install_nodes(self.env.app)


def add_run_box(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    box = run_box(app, docname)
    if box is None:
        return
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is None:
        raise ExtensionError(f"nnreg_learner: {docname} has no section")
    # Before sphinx-gallery's download buttons, else at the end of the page.
    for node in section.findall(nodes.container):
        if "sphx-glr-footer" in node["classes"]:
            node.parent.insert(node.parent.index(node), box)
            return
    section += box


# -- notebooks -------------------------------------------------------------


def role_links(app: Sphinx, text: str, docname: str) -> str:
    """Turn Sphinx roles into Markdown links to the site (code if unknown)."""
    env = app.env
    site = app.config.nnreg_site_url.rstrip("/") + "/"
    py = env.get_domain("py")
    std = env.get_domain("std")

    def url(doc: str, anchor: str = "") -> str:
        return site + doc + ".html" + (f"#{anchor}" if anchor else "")

    def replace(match: re.Match) -> str:
        role = match["rst"] or match["myst"]
        body = match["body"].strip()
        explicit = re.fullmatch(r"(?s)(.*?)\s*<([^<>]+)>", body)
        label, target = (explicit[1], explicit[2]) if explicit else (None, body)
        if role in PY_ROLES:
            short = target.startswith("~")
            target = target.lstrip("~.")
            shown = label or (target.rsplit(".", 1)[-1] if short else target)
            entry = py.objects.get(target)
            code = f"`{shown}`" if not label else shown
            return f"[{code}]({url(entry[0], entry[1])})" if entry else code
        if role == "doc":
            base = Path(docname).parent
            doc = target.lstrip("/") if target.startswith("/") else str(base / target)
            doc = os.path.normpath(doc).replace(os.sep, "/")
            title = env.titles.get(doc)
            shown = label or (title.astext() if title else doc)
            return f"[{shown}]({url(doc)})" if doc in env.all_docs else shown
        if role == "ref":
            entry = std.labels.get(target.lower())
            if entry:
                return f"[{label or entry[2]}]({url(entry[0], entry[1])})"
            return label or target
        if role == "math":
            return f"${body}$"
        return f"`{label or target}`"

    def gallery_ref(match: re.Match) -> str:
        # sphinx-gallery writes :ref:`sphx_glr_...` as a code span.
        entry = std.labels.get(match[1].lower())
        return f"[{entry[2]}]({url(entry[0], entry[1])})" if entry else match[0]

    text = ROLE.sub(replace, text)
    return re.sub(r"`(sphx_glr_[\w.]+)`", gallery_ref, text)


def fix_markdown_cells(app: Sphinx, notebook: dict, docname: str) -> bool:
    changed = False
    for cell in notebook["cells"]:
        if cell["cell_type"] != "markdown":
            continue
        text = "".join(cell["source"])
        fixed = role_links(app, text, docname)
        if fixed != text:
            cell["source"] = fixed
            changed = True
    return changed


def fix_lesson_notebooks(app: Sphinx, env) -> None:
    """Markdown links in sphinx-gallery's notebooks, guards out of the scripts.

    The downloaded script is sphinx-gallery's copy of the lesson, which still
    holds the lesson's hidden guards (the lines between
    ``# sphinx_gallery_start_ignore`` and ``# sphinx_gallery_end_ignore``);
    the learner gets it without them, as the page and the notebook show it.
    Rewriting the copy re-runs nothing: sphinx-gallery copies the source
    again and finds its recorded checksum current. The zips get the same
    files. Runs once every page is read (the link targets are known) and
    before the download files are copied into the site.
    """
    from sphinx_gallery.py_source_parser import remove_ignore_blocks

    gallery = Path(app.srcdir) / "auto_examples"
    fixed: dict[str, bytes] = {}
    for path in sorted(gallery.glob("plot_*.py")):
        text = path.read_text(encoding="utf-8")
        bare = remove_ignore_blocks(text)
        if bare != text:
            _replace(path, bare)
        fixed[path.name] = bare.encode("utf-8")
    for path in sorted(gallery.glob("plot_*.ipynb")):
        notebook = json.loads(path.read_text(encoding="utf-8"))
        if fix_markdown_cells(app, notebook, f"auto_examples/{path.stem}"):
            _replace(path, json.dumps(notebook, indent=1, ensure_ascii=False) + "\n")
        fixed[path.name] = path.read_bytes()
    for archive in sorted(gallery.glob("*.zip")):
        with zipfile.ZipFile(archive) as zf:
            members = [(info, zf.read(info)) for info in zf.infolist()]
        names = {Path(info.filename).name for info, _ in members}
        if not names & fixed.keys():
            continue
        tmp = archive.with_name(archive.name + ".tmp")
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zf:
            for info, data in members:
                zf.writestr(info, fixed.get(Path(info.filename).name, data))
        os.replace(tmp, archive)


def _replace(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def _glued_values(glue_file: Path) -> dict[str, str]:
    """name -> text of every value a page glued (myst-nb's .glue.json)."""
    if not glue_file.is_file():
        return {}
    values = {}
    for name, output in json.loads(glue_file.read_text(encoding="utf-8")).items():
        text = "".join(output.get("data", {}).get("text/plain", ""))
        if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
            text = text[1:-1]
        values[name] = text
    return values


def _only_glue(stmt: ast.stmt) -> bool:
    """Whether a statement only feeds values to the page: a ``glue(...)``
    call, the import of myst-nb, or a loop or branch made of nothing else."""
    if isinstance(stmt, ast.ImportFrom):
        return stmt.module == "myst_nb"
    if isinstance(stmt, ast.Expr):
        call = stmt.value
        return (
            isinstance(call, ast.Call)
            and isinstance(call.func, ast.Name)
            and call.func.id == "glue"
        )
    if isinstance(stmt, ast.For | ast.While | ast.If | ast.With):
        body = [*stmt.body, *getattr(stmt, "orelse", [])]
        return all(_only_glue(s) for s in body)
    return False


def _drop_glue(source: str) -> str:
    """The code without the statements that only feed values to the page,
    at any depth: a branch that also computes keeps its computing lines,
    and a block left with nothing in it keeps a ``pass``."""
    lines = source.splitlines()
    drop: set[int] = set()
    keep_pass: dict[int, str] = {}

    def strip(body: list[ast.stmt]) -> bool:
        """Mark the glue in one block; True when nothing else is left."""
        left = False
        for stmt in body:
            if _only_glue(stmt):
                drop.update(range(stmt.lineno, stmt.end_lineno + 1))
                continue
            left = True
            blocks = [getattr(stmt, f, None) for f in ("body", "orelse", "finalbody")]
            blocks += [h.body for h in getattr(stmt, "handlers", [])]
            blocks += [c.body for c in getattr(stmt, "cases", [])]
            for block in blocks:
                if block and strip(block):
                    first = block[0]
                    keep_pass[first.lineno] = " " * first.col_offset + "pass"
        return not left

    strip(ast.parse(source).body)
    kept = []
    for i, line in enumerate(lines, 1):
        if i in keep_pass:
            kept.append(keep_pass[i])
        elif i not in drop:
            kept.append(line)
    return "\n".join(kept).strip("\n")


def _dropdowns(text: str) -> str:
    """MyST ``:::{dropdown} Title`` blocks as HTML details (Jupyter folds them)."""
    return re.sub(
        r"(?ms)^:::+\{dropdown\}[ \t]*(?P<title>[^\n]*)\n(?P<body>.*?)^:::+[ \t]*$",
        lambda m: (
            f"<details><summary>{m['title'] or 'Details'}</summary>\n\n"
            f"{m['body'].strip()}\n\n</details>"
        ),
        text,
    )


def exercise_notebook(app: Sphinx, docname: str) -> dict:
    """The notebook of one exercise page, as a learner runs it."""
    import nbformat
    from myst_nb.core.read import read_myst_markdown_notebook

    source = Path(app.srcdir, docname + ".md").read_text(encoding="utf-8")
    notebook = read_myst_markdown_notebook(source)
    executed = Path(app.outdir).parent / "jupyter_execute" / (docname + ".glue.json")
    values = _glued_values(executed)
    cells = [
        nbformat.v4.new_code_cell(
            first_notebook_cell(app.config.nnreg_site_url, app.config.release)
        )
    ]
    for cell in notebook.cells:
        if cell.cell_type == "code":
            if "guard" in cell.metadata.get("tags", []):
                continue  # the page's hidden checks stay on the build
            code = _drop_glue(cell.source)
            if code.strip():
                tags = [t for t in cell.metadata.get("tags", []) if t != "remove-cell"]
                cells.append(nbformat.v4.new_code_cell(code, metadata={"tags": tags}))
        elif cell.cell_type == "markdown":
            text = _dropdowns(cell.source)
            missing = [
                m["name"] for m in GLUE.finditer(text) if m["name"] not in values
            ]
            if missing:
                raise ExtensionError(
                    f"nnreg_learner: {docname}: no value for {missing} "
                    f"in {executed}; was the page executed?"
                )
            text = GLUE.sub(lambda m: values[m["name"]], text)
            text = re.sub(r"(?m)^\+\+\+.*$", "", text)
            cells.append(nbformat.v4.new_markdown_cell(text.strip("\n")))
    out = nbformat.v4.new_notebook(cells=cells, metadata=notebook.metadata)
    out.metadata.pop("jupytext", None)
    out.metadata.pop("file_format", None)
    out = json.loads(nbformat.writes(out))
    fix_markdown_cells(app, out, docname)
    return out


# -- the source links ------------------------------------------------------


def source_link(app: Sphinx, pagename, templatename, context, doctree) -> None:
    """``nnreg_source_url``: the page's source file in the repository."""
    repo = app.config.nnreg_repo_url.rstrip("/")
    lesson = LESSON.match(pagename)
    if lesson:
        path = f"gallery/{lesson.group(1)}.py"
    elif doctree is not None and pagename in app.env.all_docs:
        path = "docs/" + str(app.env.doc2path(pagename, base=False))
    else:
        return
    context["nnreg_source_url"] = f"{repo}/blob/{app.config.nnreg_repo_branch}/{path}"


# -- into the site ---------------------------------------------------------


def finish(app: Sphinx, exception) -> None:
    """Copy the wheel and the lock file, write the exercise notebooks."""
    if exception is not None and "process" in _BUILT:  # the build failed
        _BUILT["process"].kill()
        _BUILT["process"].communicate()
        shutil.rmtree(_BUILT.pop("wheel").parents[1], ignore_errors=True)
        del _BUILT["process"]
    if exception is not None or app.builder.format != "html":
        return
    out = Path(app.outdir)
    install = out / INSTALL_DIR
    install.mkdir(exist_ok=True)
    wheel = built_wheel()
    for old in install.glob("nnreg-*.whl"):
        old.unlink()
    shutil.copy2(wheel, install / wheel.name)
    shutil.rmtree(wheel.parents[1], ignore_errors=True)
    shutil.copy2(REPO_ROOT / "constraints.txt", install / "constraints.txt")
    for docname in sorted(app.env.found_docs):
        if EXERCISE.match(docname):
            notebook = exercise_notebook(app, docname)
            target = out / (docname + ".ipynb")
            _replace(target, json.dumps(notebook, indent=1, ensure_ascii=False) + "\n")


def setup(app: Sphinx) -> dict:
    app.add_config_value("nnreg_site_url", "", "html", types=[str])
    app.add_config_value("nnreg_repo_url", "", "html", types=[str])
    app.add_config_value("nnreg_repo_branch", "main", "html", types=[str])
    app.add_directive("nnreg-install", InstallDirective)
    # before the lessons execute (sphinx-gallery, priority 500): pip builds the
    # wheel meanwhile
    app.connect("builder-inited", build_wheel, priority=300)
    app.connect("doctree-resolved", add_run_box)
    app.connect("env-updated", fix_lesson_notebooks)
    app.connect("html-page-context", source_link)
    app.connect("build-finished", finish)
    return {"version": "1.0", "parallel_read_safe": True}
