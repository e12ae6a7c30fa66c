"""A write that fails leaves the user's file as it was; paths behave as typed."""

import os

import imageio.v3 as iio
import numpy as np
import pytest

from nnreg import TwoLayerNet, ditau, fit, noisy_parabola
from nnreg.animation import save_gif


@pytest.fixture(scope="module")
def trained():
    x, y = noisy_parabola(seed=1)
    hist = fit(
        TwoLayerNet(1, 8, 1, seed=1),
        x,
        y,
        epochs=20,
        optimizer="sgd",
        lr=0.2,
        snapshot_every=5,
    )
    return hist, x, y


@pytest.fixture(scope="module")
def events():
    return ditau.generate("H", 2000, seed=3)


def _folder_listing(path):
    return sorted(os.listdir(path))


@pytest.mark.parametrize(
    ("bad_column", "match"),
    [
        (np.zeros(2000, dtype=np.float16), "cannot hold"),
        (np.zeros(2000, dtype=np.complex128), "not numeric"),
    ],
)
def test_write_root_failure_keeps_the_old_file(tmp_path, events, bad_column, match):
    path = tmp_path / "events.root"
    ditau.write_root(path, events)
    before = path.read_bytes()
    assert len(before) > 50_000
    with pytest.raises(TypeError, match=match):
        ditau.write_root(path, {**events, "half": bad_column})
    assert path.read_bytes() == before
    assert _folder_listing(tmp_path) == ["events.root"]  # no temporary left
    back = ditau.read_root(path, columns=["gen_mass"])
    np.testing.assert_array_equal(back["gen_mass"], events["gen_mass"])


def test_write_root_non_string_key_keeps_the_old_file(tmp_path, events):
    path = tmp_path / "events.root"
    ditau.write_root(path, events)
    before = path.read_bytes()
    with pytest.raises(TypeError, match="column names must be non-empty str"):
        ditau.write_root(path, {**events, 7: events["gen_mass"]})
    assert path.read_bytes() == before
    assert _folder_listing(tmp_path) == ["events.root"]


def test_write_root_failure_inside_uproot_keeps_the_old_file(
    tmp_path, events, monkeypatch
):
    # A failure the checks cannot foresee (a full disk, say) happens while the
    # temporary file is written; the old file must survive that too.
    import uproot

    path = tmp_path / "events.root"
    ditau.write_root(path, events)
    before = path.read_bytes()

    def broken_extend(self, data, **kwargs):
        raise OSError("No space left on device")

    monkeypatch.setattr(uproot.writing.WritableTree, "extend", broken_extend)
    with pytest.raises(OSError, match="No space left"):
        ditau.write_root(path, events)
    assert path.read_bytes() == before
    assert _folder_listing(tmp_path) == ["events.root"]


def test_write_root_replaces_a_file_completely(tmp_path, events):
    path = tmp_path / "events.root"
    ditau.write_root(path, events)
    small = {"gen_mass": events["gen_mass"][:10]}
    ditau.write_root(path, small)
    back = ditau.read_root(path, columns="gen_mass")
    assert list(back) == ["gen_mass"]
    np.testing.assert_array_equal(back["gen_mass"], small["gen_mass"])
    assert _folder_listing(tmp_path) == ["events.root"]


def test_save_gif_impossible_fps_keeps_the_old_gif(tmp_path, trained):
    hist, x, y = trained
    path = save_gif(hist, x, y, tmp_path / "fit.gif", size=(160, 100))
    before = path.read_bytes()
    with pytest.raises(ValueError, match="fps must be between"):
        save_gif(hist, x, y, path, size=(160, 100), fps=1e-9)
    assert path.read_bytes() == before
    assert iio.imread(path, index=None).shape[0] == len(hist.snapshots)
    assert _folder_listing(tmp_path) == ["fit.gif"]


def test_save_gif_failure_in_the_encoder_keeps_the_old_gif(
    tmp_path, trained, monkeypatch
):
    import imageio.v3

    hist, x, y = trained
    path = save_gif(hist, x, y, tmp_path / "fit.gif", size=(160, 100))
    before = path.read_bytes()
    real = imageio.v3.imwrite

    def half_then_fail(target, *args, **kwargs):
        real(target, *args, **kwargs)
        with open(target, "r+b") as f:
            f.truncate(100)  # what a kill during the write leaves
        raise OSError("disk full")

    monkeypatch.setattr(imageio.v3, "imwrite", half_then_fail)
    with pytest.raises(OSError, match="disk full"):
        save_gif(hist, x, y, path, size=(160, 100))
    assert path.read_bytes() == before
    assert _folder_listing(tmp_path) == ["fit.gif"]


def test_save_gif_expands_the_home_folder(tmp_path, trained, monkeypatch):
    hist, x, y = trained
    home = tmp_path / "home"
    home.mkdir()
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(work)
    out = save_gif(hist, x, y, "~/anim/x.gif", size=(160, 100))
    assert out == home / "anim" / "x.gif"
    assert out.read_bytes()[:6] == b"GIF89a"
    assert _folder_listing(work) == []  # no folder named "~"


def test_write_root_creates_a_missing_folder(tmp_path, events):
    path = tmp_path / "new" / "deeper" / "e.root"
    ditau.write_root(path, {"gen_mass": events["gen_mass"]})
    assert _folder_listing(path.parent) == ["e.root"]


def test_write_and_read_root_expand_the_home_folder(tmp_path, events, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    ditau.write_root("~/e.root", {"gen_mass": events["gen_mass"]})
    assert _folder_listing(tmp_path) == ["e.root"]
    back = ditau.read_root("~/e.root", columns=["gen_mass"])
    np.testing.assert_array_equal(back["gen_mass"], events["gen_mass"])


@pytest.mark.parametrize("damage", ["truncated", "random"])
def test_read_root_names_a_corrupt_file(tmp_path, events, damage):
    good = tmp_path / "good.root"
    ditau.write_root(good, events)
    bad = tmp_path / f"{damage}.root"
    if damage == "truncated":
        bad.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    else:
        bad.write_bytes(np.random.default_rng(0).bytes(5000))
    with pytest.raises(ValueError, match=f"corrupt or truncated ROOT file: {bad}"):
        ditau.read_root(bad)
