"""The GIF scraper of the site (docs/_ext/nnreg_site.py) shows a lesson only
the complete GIFs that the lesson's own cells wrote.

The build tests use the small Sphinx project of tests/sphinx_project.py, whose
two lessons each save a GIF, and compare the site built after each sequence of
faults with the one first built from the same sources.
"""

import importlib.util
import os
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


project = _load("sphinx_project", Path(__file__).with_name("sphinx_project.py"))

# re-run every lesson, as after a change to the package they import
RERUN_ALL = ("-D", "sphinx_gallery_conf.run_stale_examples=1")


@pytest.fixture
def site(tmp_path):
    for module in ("sphinx", "sphinx_gallery", "myst_nb", "ipykernel", "PIL"):
        pytest.importorskip(module)
    return project.Site(tmp_path)


def _gif_bytes(tmp_path: Path) -> bytes:
    from PIL import Image

    frames = [Image.new("RGB", (16, 16), (0, 60 * i, 0)) for i in range(3)]
    path = tmp_path / "made.gif"
    frames[0].save(path, save_all=True, append_images=frames[1:], duration=100)
    return path.read_bytes()


def _figures(site, lesson: str) -> list[str]:
    """The images the built page of ``lesson`` shows."""
    from html.parser import HTMLParser

    class Images(HTMLParser):
        found: list[str] = []

        def handle_starttag(self, tag, attrs):
            if tag == "img":
                self.found.append(Path(dict(attrs)["src"]).name)

    parser = Images()
    parser.found = []
    parser.feed((site.html / "auto_examples" / f"{lesson}.html").read_text())
    return parser.found


def test_gif_left_by_a_failed_or_killed_run_is_not_shown(site, tmp_path):
    site.build()
    clean = site.snapshot()
    assert _figures(site, "plot_1_first") == ["sphx_glr_plot_1_first_001.gif"]
    # the second lesson fails right after saving its GIF, which stays behind
    lesson = site.gallery / "plot_2_second.py"
    source = lesson.read_text()
    lesson.write_text(source + 'raise RuntimeError("broken lesson")\n')
    site.fail()
    assert (site.gallery / "second.gif").exists()
    # and a run killed while writing a GIF left a truncated one
    data = _gif_bytes(tmp_path)
    (site.gallery / "killed.gif").write_bytes(data[: len(data) // 2])
    lesson.write_text(source)
    assert site.build(*RERUN_ALL) == ["first", "plain", "second"]
    assert _figures(site, "plot_1_first") == ["sphx_glr_plot_1_first_001.gif"]
    assert project.differences(site.snapshot(), clean) == []
    assert sorted(p.name for p in site.gallery.glob("*.gif")) == []


@pytest.mark.parametrize(
    "keep", ["size - 1", "size // 2"], ids=["no trailer", "half the frames"]
)
def test_truncated_gif_fails_the_build(site, keep):
    lesson = site.gallery / "plot_1_first.py"
    site.edit(
        lesson,
        'fakepkg.save_gif("first.gif")\n',
        'fakepkg.save_gif("first.gif")\n'
        'with open("first.gif", "r+b") as gif:\n'
        "    size = gif.seek(0, 2)\n"
        f"    gif.truncate({keep})\n",
    )
    output = site.fail()
    assert "first.gif is not a complete GIF" in output
    assert not (site.images / "sphx_glr_plot_1_first_001.gif").exists()


def test_check_gif_takes_complete_gifs_only(tmp_path):
    pytest.importorskip("sphinx")
    from PIL import Image

    site = _load("nnreg_site", EXT_DIR / "nnreg_site.py")
    from sphinx.errors import ExtensionError

    good = tmp_path / "good.gif"
    good.write_bytes(_gif_bytes(tmp_path))
    site.check_gif(good)
    png = tmp_path / "png.gif"
    Image.new("RGB", (4, 4)).save(png, format="PNG")
    with pytest.raises(ExtensionError, match=r"png\.gif is not a complete GIF"):
        site.check_gif(png)
    empty = tmp_path / "empty.gif"
    empty.write_bytes(b"")
    with pytest.raises(ExtensionError, match=r"empty\.gif is not a complete GIF"):
        site.check_gif(empty)


def test_scraper_takes_only_the_gifs_this_process_wrote(tmp_path):
    # In a parallel build the lessons share the gallery's folder: a GIF that
    # another worker (here: another process) writes there is not this
    # lesson's figure, even when it appears during this lesson's cell.
    pytest.importorskip("sphinx_gallery")
    import subprocess

    site = _load("nnreg_site", EXT_DIR / "nnreg_site.py")
    data = _gif_bytes(tmp_path)
    gallery, images = tmp_path / "gallery", tmp_path / "images"
    gallery.mkdir()
    images.mkdir()
    (gallery / "left_over.gif").write_bytes(data)  # before the lesson began
    site.before_example({}, "plot_x.py", "before")
    try:
        with open(gallery / "mine.gif", "wb") as gif:
            gif.write(data)
        # written aside, then renamed into place, as nnreg's save_gif does
        tmp = gallery / "atomic.gif.tmp"
        tmp.write_bytes(data)
        os.replace(tmp, gallery / "atomic.gif")
        subprocess.run(
            [sys.executable, "-c", "import sys; open(sys.argv[1], 'wb').write(b'x')"]
            + [str(gallery / "other.gif")],
            check=True,
        )
        paths = iter(str(images / f"sphx_glr_plot_x_{i:03}.png") for i in range(1, 9))
        block_vars = {
            "src_file": str(gallery / "plot_x.py"),
            "image_path_iterator": paths,
        }
        rst = site.gif_scraper(None, block_vars, {"src_dir": str(tmp_path)})
    finally:
        site._TRACKING["on"] = False
    taken = ["sphx_glr_plot_x_001.gif", "sphx_glr_plot_x_002.gif"]
    assert sorted(p.name for p in images.iterdir()) == taken
    assert all(name in rst for name in taken)
    assert sorted(p.name for p in gallery.iterdir()) == ["left_over.gif", "other.gif"]
    # the next cell starts with nothing recorded
    assert site.gif_scraper(None, block_vars, {"src_dir": str(tmp_path)}) == ""
