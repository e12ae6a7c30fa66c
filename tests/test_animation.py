import imageio.v3 as iio
import numpy as np
import pytest

from nnreg import TwoLayerNet, fit, noisy_parabola
from nnreg.animation import render_frames, save_gif, select_frames


@pytest.fixture(scope="module")
def trained():
    x, y = noisy_parabola(seed=1)
    hist = fit(
        TwoLayerNet(1, 10, 1, seed=1),
        x,
        y,
        epochs=40,
        optimizer="sgd",
        lr=0.2,
        snapshot_every=5,
    )
    return hist, x, y


def test_gif_has_expected_frames_size_and_loops(trained, tmp_path):
    hist, x, y = trained
    path = save_gif(hist, x, y, tmp_path / "sub" / "fit.gif", size=(320, 200), fps=5)
    frames = iio.imread(path, index=None)
    assert frames.shape == (len(hist.snapshots), 200, 320, 3) == (9, 200, 320, 3)
    meta = iio.immeta(path, index=0)
    assert meta["duration"] == 200
    assert meta.get("loop", 0) == 0
    # frames differ (the curve moves) and the last is not the first
    assert not np.array_equal(frames[0], frames[-1])


def test_gif_frames_look_like_the_rendering(trained, tmp_path):
    hist, x, y = trained
    rgb = render_frames(hist, x, y, size=(320, 200))
    back = iio.imread(
        save_gif(hist, x, y, tmp_path / "a.gif", size=(320, 200)), index=None
    )
    for a, b in zip(rgb, back, strict=True):
        assert np.abs(a.astype(int) - b.astype(int)).mean() < 6


def test_gif_is_deterministic_and_capped(trained, tmp_path):
    hist, x, y = trained
    a = save_gif(hist, x, y, tmp_path / "a.gif", size=(300, 200), max_frames=4)
    b = save_gif(hist, x, y, tmp_path / "b.gif", size=(300, 200), max_frames=4)
    assert a.read_bytes() == b.read_bytes()
    assert iio.imread(a, index=None).shape[0] == 4


def test_select_frames_keeps_ends():
    assert select_frames(41, None) == list(range(41))
    assert select_frames(41, 3) == [0, 20, 40]
    with pytest.raises(ValueError, match="at least 2"):
        select_frames(41, 1)


def test_refusals(trained, tmp_path):
    hist, x, y = trained
    no_snaps = fit(TwoLayerNet(1, 2, 1), x, y, epochs=1, optimizer="sgd", lr=0.1)
    with pytest.raises(ValueError, match="snapshot_every"):
        save_gif(no_snaps, x, y, tmp_path / "n.gif")
    with pytest.raises(ValueError, match="colors"):
        save_gif(hist, x, y, tmp_path / "n.gif", colors=1)
    with pytest.raises(ValueError, match="fps"):
        save_gif(hist, x, y, tmp_path / "n.gif", fps=0)
    with pytest.raises(ValueError, match="50x50"):
        save_gif(hist, x, y, tmp_path / "n.gif", size=(10, 10))
    with pytest.raises(TypeError, match="History"):
        render_frames([], x, y)
