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


def test_later_frames_hold_only_what_changed(trained, tmp_path):
    from PIL import Image

    hist, x, y = trained
    path = save_gif(hist, x, y, tmp_path / "delta.gif", size=(320, 200))
    with Image.open(path) as im:
        assert im.info.get("transparency") is not None
        full = im.size[0] * im.size[1]
        areas = []
        for k in range(1, im.n_frames):
            im.seek(k)
            left, top, right, bottom = im.dispose_extent
            areas.append((right - left) * (bottom - top))
            assert im.disposal_method == 1  # each frame is drawn over the last
    # The axes, labels and points never change, so from the third frame on no
    # frame covers the whole image. (The encoder crops each frame to where it
    # differs from the one before as given; the second, mostly transparent,
    # differs everywhere from the complete first.)
    assert max(areas[1:]) < full


def test_gif_matches_the_rendering_closely(trained, tmp_path):
    hist, x, y = trained
    rgb = np.stack(render_frames(hist, x, y, size=(320, 200)))
    back = iio.imread(
        save_gif(hist, x, y, tmp_path / "c.gif", size=(320, 200)), index=None
    )
    error = np.abs(rgb.astype(int) - back.astype(int))
    # the shared palette keeps the background, the curve and the text exact;
    # only blended edges move to a neighbouring colour
    assert error.mean() < 1.0
    assert (error.max(axis=-1) == 0).mean() > 0.95


@pytest.mark.parametrize("colors", [3, 16, 256])
def test_any_palette_size_round_trips(trained, tmp_path, colors):
    hist, x, y = trained
    path = save_gif(
        hist, x, y, tmp_path / f"p{colors}.gif", size=(200, 120), colors=colors
    )
    frames = iio.imread(path, index=None)
    assert frames.shape[1:] == (120, 200, 3)
    n_colors = len(np.unique(frames.reshape(-1, 3), axis=0))
    assert frames.shape[0] == len(hist.snapshots)
    # the curve moves from frame to frame, whatever the palette size
    assert not np.array_equal(frames[0], frames[-1])
    if colors == 3:
        # the smallest palette: the background and one colour for the drawing
        assert n_colors == 2
    else:
        assert 3 < n_colors <= colors - 1


def test_a_kept_stage_draws_what_a_new_one_would(trained, tmp_path):
    from nnreg import animation

    hist, x, y = trained
    kw = {"size": (300, 200), "ylim": (-0.1, 1.5)}
    animation._STAGES.clear()
    cold = save_gif(hist, x, y, tmp_path / "cold.gif", title="second", **kw)
    animation._STAGES.clear()
    save_gif(hist, x, y, tmp_path / "first.gif", title="first, longer title", **kw)
    assert len(animation._STAGES) == 1  # the stage was kept for the next one
    warm = save_gif(hist, x, y, tmp_path / "warm.gif", title="second", **kw)
    assert len(animation._STAGES) == 1  # ... and reused
    assert warm.read_bytes() == cold.read_bytes()
    assert warm.read_bytes() != (tmp_path / "first.gif").read_bytes()
