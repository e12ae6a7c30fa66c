"""The site re-runs the pages that import the package when, and only when, the
package's source changes (docs/_ext/nnreg_freshness.py).

The build tests make a tiny Sphinx project with one gallery script and one
MyST-NB page that import a throwaway package, plus a gallery script that does
not; each of them appends its name to a log file when it runs, so the log
says exactly what every build executed.
"""

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

EXT_DIR = Path(__file__).resolve().parents[1] / "docs" / "_ext"


def _load_extension():
    spec = importlib.util.spec_from_file_location(
        "nnreg_freshness", EXT_DIR / "nnreg_freshness.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("nnreg_freshness", module)
    spec.loader.exec_module(module)
    return module


freshness = _load_extension()


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("import fakepkg", True),
        ("from fakepkg import mark", True),
        ("from fakepkg.sub import x", True),
        ("    import fakepkg.sub as s", True),
        ("import os, fakepkg", True),
        ("import fakepkg_other", False),
        ("from fakepkg_other import x", False),
        ("# we never import fakepkg here", False),
        ("x = 'fakepkg'", False),
    ],
)
def test_imports_recognises_import_statements(line, expected):
    assert freshness.imports(f"import numpy\n{line}\n", "fakepkg") is expected


def test_source_digest_follows_python_sources_only(tmp_path):
    pkg = tmp_path / "pkg"
    (pkg / "sub").mkdir(parents=True)
    (pkg / "__init__.py").write_text("A = 1\n")
    (pkg / "sub" / "m.py").write_text("B = 2\n")
    first = freshness.source_digest(pkg)
    assert freshness.source_digest(pkg) == first
    (pkg / "notes.txt").write_text("not code\n")
    (pkg / "__pycache__").mkdir()
    (pkg / "__pycache__" / "x.py").write_text("cached\n")
    assert freshness.source_digest(pkg) == first
    (pkg / "sub" / "m.py").write_text("B = 3\n")
    assert freshness.source_digest(pkg) != first
    (pkg / "sub" / "m.py").write_text("B = 2\n")
    assert freshness.source_digest(pkg) == first
    (pkg / "sub" / "m.py").rename(pkg / "sub" / "n.py")
    assert freshness.source_digest(pkg) != first
    (pkg / "sub" / "n.py").rename(pkg / "sub" / "m.py")
    (pkg / "new.py").write_text("")
    assert freshness.source_digest(pkg) != first


CONF = """\
import sys
sys.path.insert(0, {ext!r})
extensions = ["sphinx_gallery.gen_gallery", "myst_nb", "nnreg_freshness"]
exclude_patterns = ["_build", "auto_examples/*.ipynb", "auto_examples/*.py"]
nnreg_freshness_package = "../src/fakepkg"
sphinx_gallery_conf = {{
    "examples_dirs": "gallery",
    "gallery_dirs": "auto_examples",
    "image_scrapers": (),
    "download_all_examples": False,
    "show_memory": False,
    "abort_on_example_error": True,
}}
nb_execution_mode = "cache"
nb_execution_raise_on_error = True
"""

INDEX = """\
Test site
=========

.. toctree::

   auto_examples/index
   exercise
"""

GALLERY_README = "Lessons\n=======\n"

USES_PACKAGE = '''\
"""
Uses the package
================
"""

import fakepkg

fakepkg.mark("gallery")
'''

PLAIN = '''\
"""
Does not use it
===============
"""

import os

with open(os.environ["FRESHNESS_LOG"], "a") as log:
    log.write("plain\\n")
'''

EXERCISE = """\
---
file_format: mystnb
kernelspec:
  name: python3
  display_name: Python 3
---

# Exercise

```{code-cell} python3
import fakepkg

fakepkg.mark("notebook")
```
"""

PACKAGE = """\
import os


def mark(name):
    with open(os.environ["FRESHNESS_LOG"], "a") as log:
        log.write(name + "\\n")
"""


class Site:
    """A throwaway Sphinx project and the log of what its builds ran."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.docs = root / "docs"
        self.package = root / "src" / "fakepkg"
        self.log = root / "ran.log"
        files = {
            self.docs / "conf.py": CONF.format(ext=str(EXT_DIR)),
            self.docs / "index.rst": INDEX,
            self.docs / "exercise.md": EXERCISE,
            self.docs / "gallery" / "README.txt": GALLERY_README,
            self.docs / "gallery" / "plot_uses.py": USES_PACKAGE,
            self.docs / "gallery" / "plot_plain.py": PLAIN,
            self.package / "__init__.py": PACKAGE,
        }
        for path, text in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        self.log.write_text("")

    def build(self) -> list[str]:
        """Build incrementally; return what ran, sorted."""
        before = self.log.read_text().splitlines()
        env = dict(
            os.environ,
            FRESHNESS_LOG=str(self.log),
            PYTHONPATH=os.pathsep.join(
                [str(self.package.parent), os.environ.get("PYTHONPATH", "")]
            ),
            MPLBACKEND="Agg",
        )
        result = subprocess.run(
            [sys.executable, "-m", "sphinx", "-b", "html", "-q", ".", "_build/html"],
            cwd=self.docs,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        return sorted(self.log.read_text().splitlines()[len(before) :])


@pytest.fixture
def site(tmp_path):
    for module in ("sphinx", "sphinx_gallery", "myst_nb", "ipykernel"):
        pytest.importorskip(module)
    return Site(tmp_path)


def test_rebuild_runs_nothing_unless_the_package_changes(site):
    assert site.build() == ["gallery", "notebook", "plain"]
    # nothing changed: sphinx-gallery's md5 and myst-nb's cache hold
    assert site.build() == []
    # the package changed: what imports it runs again, the rest does not
    with (site.package / "__init__.py").open("a") as source:
        source.write("\nVERSION = 2\n")
    assert site.build() == ["gallery", "notebook"]
    assert site.build() == []
