"""A throwaway Sphinx project built with the site's own extensions
(docs/_ext), for the tests of freshness and of the GIF scraper.

It has two gallery lessons that import a small package ``fakepkg`` and save a
GIF through it, a lesson that imports nothing, and a MyST-NB exercise page
that imports the package. Everything that runs appends its name to a log, so
the log says what each build executed; what the package draws and prints
depends on its ``VALUE``, so the built pages say which code made them.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

EXT_DIR = Path(__file__).resolve().parents[1] / "docs" / "_ext"

CONF = """\
import sys
import zipfile
sys.path.insert(0, {ext!r})
extensions = [
    "sphinx_gallery.gen_gallery",
    "myst_nb",
    "nnreg_site",
    "nnreg_freshness",
    "nnreg_parallel",
]
nnreg_durations = "durations.json"
exclude_patterns = ["_build", "auto_examples/*.ipynb", "auto_examples/*.py"]
nnreg_freshness_package = "../src/fakepkg"
sphinx_gallery_conf = {{
    "examples_dirs": "gallery",
    "gallery_dirs": "auto_examples",
    "image_scrapers": ("nnreg_site.gif_scraper",),
    "reset_modules": ("nnreg_site.before_example",),
    "within_subsection_order": "FileNameSortKey",
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

LESSON = '''\
"""
Lesson {name}
=============
"""

import fakepkg

fakepkg.mark("{name}")
fakepkg.save_gif("{name}.gif")
print("value", fakepkg.VALUE)
'''

PLAIN = '''\
"""
Plain lesson
============
"""

import os
import time

with open(os.environ["FRESHNESS_LOG"], "a") as log:
    log.write("plain\\n")
# the site reads a running time printed as zero as "did not run"; in a warm
# parallel worker this lesson alone takes well under a millisecond
time.sleep(0.01)
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
print("value", fakepkg.VALUE)
```

```{code-cell} python3
import matplotlib.pyplot as plt

plt.plot([0, 1], [0, fakepkg.VALUE])
plt.show()
```
"""

PACKAGE = """\
import os

from PIL import Image

VALUE = 1


def mark(name):
    with open(os.environ["FRESHNESS_LOG"], "a") as log:
        log.write(name + "\\n")


def save_gif(name):
    frames = [
        Image.new("RGB", (16, 16), (40 * VALUE, 10 * i, 0)) for i in range(3)
    ]
    frames[0].save(
        name, save_all=True, append_images=frames[1:], duration=100, comment=name
    )
"""

# What differs between two builds of the same sources by nature, and is
# blanked before comparing: the running times sphinx-gallery prints, and the
# "?v=..." cache-busting suffix that Sphinx adds to a stylesheet's link only
# once the stylesheet was copied (not on the pages of a first build); it is
# removed.
_TIMES = re.compile(rb"\d+ minutes [\d.]+ seconds|\d+:\d\d\.\d+")
_CACHE_BUSTER = re.compile(rb"\?v=[0-9a-f]+")


class Site:
    """The project in ``root`` and the log of what its builds ran."""

    def __init__(self, root: Path, jobs: int = 2) -> None:
        self.root = root
        # workers that execute the lessons and the exercise page (NNREG_JOBS):
        # the site's builds run in parallel; 1 is the serial build
        self.jobs = jobs
        self.docs = root / "docs"
        self.gallery = self.docs / "gallery"
        self.package = root / "src" / "fakepkg" / "__init__.py"
        self.html = self.docs / "_build" / "html"
        self.images = self.docs / "auto_examples" / "images"
        self.log = root / "ran.log"
        files = {
            self.docs / "conf.py": CONF.format(ext=str(EXT_DIR)),
            self.docs / "index.rst": INDEX,
            self.docs / "exercise.md": EXERCISE,
            self.gallery / "README.txt": "Lessons\n=======\n",
            self.gallery / "plot_1_first.py": LESSON.format(name="first"),
            self.gallery / "plot_2_second.py": LESSON.format(name="second"),
            self.gallery / "plot_3_plain.py": PLAIN,
            self.package: PACKAGE,
        }
        for path, text in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        self.log.write_text("")

    def _env(self) -> dict[str, str]:
        return dict(
            os.environ,
            FRESHNESS_LOG=str(self.log),
            PYTHONPATH=os.pathsep.join(
                [str(self.package.parent.parent), os.environ.get("PYTHONPATH", "")]
            ),
            MPLBACKEND="Agg",
            NNREG_JOBS=str(self.jobs),
        )

    def run(self, *args: str) -> tuple[int, str, list[str]]:
        """Build (``args`` go to sphinx-build): exit code, output, what ran."""
        before = self.log.read_text().splitlines()
        result = subprocess.run(
            [sys.executable, "-m", "sphinx", "-b", "html", "-W", "-q", *args]
            + [".", "_build/html"],
            cwd=self.docs,
            env=self._env(),
            capture_output=True,
            text=True,
            timeout=180,
        )
        ran = sorted(self.log.read_text().splitlines()[len(before) :])
        return result.returncode, result.stdout + result.stderr, ran

    def tool(self, command: str, *args: str) -> list[str]:
        """Run a command of docs/_ext/nnreg_parallel.py (shards) on this
        project, which must succeed; return what ran, sorted."""
        before = self.log.read_text().splitlines()
        result = subprocess.run(
            [sys.executable, str(EXT_DIR / "nnreg_parallel.py"), command]
            + [".", "_build/html", *args],
            cwd=self.docs,
            env=self._env(),
            capture_output=True,
            text=True,
            timeout=180,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        return sorted(self.log.read_text().splitlines()[len(before) :])

    def build(self, *args: str) -> list[str]:
        """Build, which must succeed; return what ran, sorted."""
        code, output, ran = self.run(*args)
        assert code == 0, output
        return ran

    def fail(self, *args: str) -> str:
        """Build, which must fail; return its output."""
        code, output, _ = self.run(*args)
        assert code != 0, output
        return output

    def edit(self, path: Path, old: str, new: str) -> None:
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new), encoding="utf-8")

    def snapshot(self) -> dict[str, bytes]:
        """Every file of the built site, with what varies by nature left out
        or blanked.

        Left out: the build cache (``.doctrees``), the hash of the
        configuration (``.buildinfo``, which a ``-D`` option changes), and
        sphinx-gallery's table of running times (``sg_execution_times``: its
        rows are sorted by time). A zip archive is taken by its members' names
        and contents (it also stores their modification times).
        """
        files = {}
        for path in sorted(self.html.rglob("*")):
            rel = path.relative_to(self.html)
            if not path.is_file() or rel.parts[0] == ".doctrees":
                continue
            if rel.name.startswith((".buildinfo", "sg_execution_times")):
                continue
            if path.suffix == ".zip":
                with zipfile.ZipFile(path) as archive:
                    data = repr(
                        [(n, archive.read(n)) for n in sorted(archive.namelist())]
                    ).encode()
            else:
                data = _TIMES.sub(b"<time>", path.read_bytes())
                data = _CACHE_BUSTER.sub(b"", data)
            files[rel.as_posix()] = data
        return files


def differences(got: dict[str, bytes], want: dict[str, bytes]) -> list[str]:
    """The files that differ, are missing or are extra in ``got``."""
    return sorted(k for k in got.keys() | want.keys() if got.get(k) != want.get(k))
