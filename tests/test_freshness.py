"""The site never reports success while serving stale or missing output
(docs/_ext/nnreg_freshness.py): a change to the package re-runs the pages that
import it, also after a build that failed or was killed, and deleted outputs
are made again.

The build tests use the small Sphinx project of tests/sphinx_project.py, built
in parallel (two workers, as the site is) unless a test says otherwise, and
compare the site built after each sequence of faults with the one first built
from the same sources (what may differ by nature is listed there).
"""

import importlib.util
import re
import sys
from pathlib import Path

import pytest

EXT_DIR = Path(__file__).resolve().parents[1] / "docs" / "_ext"


def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(name, module)
    spec.loader.exec_module(module)
    return module


freshness = _load("nnreg_freshness", EXT_DIR / "nnreg_freshness.py")
project = _load("sphinx_project", Path(__file__).with_name("sphinx_project.py"))


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


@pytest.fixture
def site(tmp_path):
    for module in ("sphinx", "sphinx_gallery", "myst_nb", "ipykernel", "PIL"):
        pytest.importorskip(module)
    return project.Site(tmp_path)


def test_rebuild_runs_nothing_unless_the_package_changes(site):
    assert site.build() == ["first", "notebook", "plain", "second"]
    # nothing changed: sphinx-gallery's md5 and myst-nb's cache hold
    assert site.build() == []
    # the package changed: what imports it runs again, the rest does not
    site.edit(site.package, "VALUE = 1", "VALUE = 2")
    assert site.build() == ["first", "notebook", "second"]
    assert site.build() == []


@pytest.mark.parametrize("jobs", [1, 2], ids=["serial", "parallel"])
def test_exercise_page_keeps_its_figure_under_an_exported_agg(site, jobs):
    # The project builds with MPLBACKEND=Agg exported, as a headless run
    # may; a kernel that inherited it drew plt.show() nowhere, and the page
    # lost its figure without an error.
    site.jobs = jobs
    site.build()
    page = (site.html / "exercise.html").read_text(encoding="utf-8")
    assert re.search(r'<img [^>]*src="_images/[0-9a-f]+\.png"', page), page[-3000:]


FAULTS = {
    "fails": 'raise RuntimeError("broken lesson")\n',
    "is killed": "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)\n",
}


@pytest.mark.parametrize("jobs", [1, 2], ids=["serial", "parallel"])
@pytest.mark.parametrize("fault", FAULTS)
def test_edit_break_revert_reruns_what_the_edit_touched(site, fault, jobs):
    site.jobs = jobs
    site.build()
    clean = site.snapshot()
    lesson = site.gallery / "plot_2_second.py"
    source = lesson.read_text()
    # the package changes, and the build stops in the second lesson, after
    # the first one ran with the changed package
    site.edit(site.package, "VALUE = 1", "VALUE = 2")
    lesson.write_text(source + FAULTS[fault])
    site.fail()
    # both reverted: what ran with the changed package must run again
    site.edit(site.package, "VALUE = 2", "VALUE = 1")
    lesson.write_text(source)
    assert site.build() == ["first", "notebook", "second"]
    assert project.differences(site.snapshot(), clean) == []
    assert site.build() == []


def test_image_deleted_from_the_output_is_copied_again(site):
    site.build()
    clean = site.snapshot()
    gif = site.html / "_images" / "sphx_glr_plot_1_first_001.gif"
    gif.unlink()
    assert site.build() == []
    assert gif.exists()
    assert project.differences(site.snapshot(), clean) == []


@pytest.mark.parametrize("args", [(), ("-a",)], ids=["update", "all"])
def test_image_deleted_from_the_gallery_is_made_again(site, args):
    site.build()
    clean = site.snapshot()
    gif = site.images / "sphx_glr_plot_1_first_001.gif"
    gif.unlink()
    assert site.build(*args) == ["first"]
    assert gif.exists()
    assert project.differences(site.snapshot(), clean) == []


def test_exercise_page_that_fails_in_a_worker_fails_the_build(site):
    # the page executes in a parallel worker kernel first; its error must fail
    # the build as in a serial one, and the reverted page must run again
    site.build()
    clean = site.snapshot()
    exercise = site.docs / "exercise.md"
    source = exercise.read_text()
    site.edit(
        exercise, 'print("value"', 'raise RuntimeError("broken page")\nprint("value"'
    )
    output = site.fail()
    assert "ExecutionError" in output and "exercise.md" in output
    exercise.write_text(source)
    assert site.build() == []  # the cache still holds the page's last good run
    assert project.differences(site.snapshot(), clean) == []
