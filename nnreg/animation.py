"""Training animations: a :class:`~nnreg.training.History` turned into a GIF.

The figure's static part (axes, labels, data points) is drawn once; each frame
restores that background and redraws only the two artists that change, the
prediction curve and the epoch/loss label (blitting).  All frames are mapped to
one shared palette, computed once, and written by imageio as a looping GIF.
Nothing in the output depends on time or on global state, so the same history
gives the same bytes.

matplotlib, Pillow and imageio are imported here only, so ``import nnreg``
stays light.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import torch

from nnreg.training import History

__all__ = ["render_frames", "save_gif", "select_frames"]

DATA_COLOR = "#f28e2b"
FIT_COLOR = "#2a9d3a"
LABEL_COLOR = "#c0392b"


def _as_numpy(a: torch.Tensor | np.ndarray | Sequence[float]) -> np.ndarray:
    if isinstance(a, torch.Tensor):
        a = a.detach().cpu().numpy()
    return np.asarray(a, dtype=float)


def select_frames(n_snapshots: int, max_frames: int | None) -> list[int]:
    """Indices of at most ``max_frames`` snapshots, evenly spread, last one kept.

    Examples
    --------
    >>> select_frames(41, 5)
    [0, 10, 20, 30, 40]
    """
    if max_frames is None or max_frames >= n_snapshots:
        return list(range(n_snapshots))
    if max_frames < 2:
        raise ValueError(f"max_frames must be at least 2, got {max_frames}")
    return sorted({round(i) for i in np.linspace(0, n_snapshots - 1, max_frames)})


def render_frames(
    history: History,
    x: torch.Tensor | np.ndarray,
    y: torch.Tensor | np.ndarray,
    *,
    size: tuple[int, int] = (640, 360),
    dpi: int = 100,
    ylim: tuple[float, float] | None = None,
    max_frames: int | None = None,
    title: str | None = None,
    xlabel: str = "x",
    ylabel: str = "y",
) -> list[np.ndarray]:
    """Draw one RGB frame per snapshot of ``history`` (see :func:`save_gif`).

    Returns
    -------
    list of numpy.ndarray
        ``uint8`` arrays of shape ``(height, width, 3)``.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    if not isinstance(history, History):
        raise TypeError(f"history must be an nnreg History, got {type(history)}")
    if not history.snapshots:
        raise ValueError(
            "this history has no snapshots; train with fit(..., snapshot_every=k)"
        )
    width, height = size
    if width < 50 or height < 50:
        raise ValueError(f"size must be at least 50x50 pixels, got {size}")
    x_data, y_data = _as_numpy(x).ravel(), _as_numpy(y).ravel()
    x_plot = history.x_plot
    if x_plot is None or x_plot.ndim != 2 or x_plot.shape[1] != 1:
        raise ValueError("animations need a model with one input, x of shape (N, 1)")
    x_plot = x_plot[:, 0]
    order = np.argsort(x_plot, kind="stable")
    picked = [
        history.snapshots[i] for i in select_frames(len(history.snapshots), max_frames)
    ]
    if any(s.prediction.shape[1:] != (1,) for s in picked):
        raise ValueError("animations need a model with one output")

    fig = Figure(figsize=(width / dpi, height / dpi), dpi=dpi)
    canvas = FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    ax.scatter(x_data, y_data, s=8, color=DATA_COLOR, label="data")
    if ylim is None:
        pad = 0.1 * (y_data.max() - y_data.min() or 1.0)
        ylim = (y_data.min() - pad, y_data.max() + pad)
    ax.set_ylim(*ylim)
    ax.set_xlim(x_plot.min(), x_plot.max())
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if title:
        ax.set_title(title)
    (line,) = ax.plot([], [], color=FIT_COLOR, lw=2.5, animated=True, label="network")
    ax.legend(loc="lower right")
    label = ax.text(
        0.02,
        0.95,
        "",
        transform=ax.transAxes,
        va="top",
        color=LABEL_COLOR,
        fontsize=12,
        family="monospace",
        animated=True,
    )
    fig.tight_layout()
    canvas.draw()
    background = canvas.copy_from_bbox(fig.bbox)
    xs = x_plot[order]
    frames = []
    for snap in picked:
        canvas.restore_region(background)
        line.set_data(xs, snap.prediction[order, 0])
        label.set_text(f"epoch {snap.epoch:4d}\nloss  {snap.loss:.4g}")
        ax.draw_artist(line)
        ax.draw_artist(label)
        canvas.blit(fig.bbox)
        frames.append(np.asarray(canvas.buffer_rgba())[..., :3].copy())
    return frames


def _shared_palette(frames: list[np.ndarray], colors: int):
    from PIL import Image

    # The first and last frames hold every colour the animation uses (the
    # static background, the curve, the label), so a palette fitted to both
    # serves all frames and no frame needs a palette of its own.
    sample = np.concatenate([frames[0], frames[-1]], axis=0)
    return Image.fromarray(sample).quantize(
        colors=colors, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE
    )


def save_gif(
    history: History,
    x: torch.Tensor | np.ndarray,
    y: torch.Tensor | np.ndarray,
    path: str | Path,
    *,
    fps: float = 10.0,
    size: tuple[int, int] = (640, 360),
    dpi: int = 100,
    ylim: tuple[float, float] | None = None,
    max_frames: int | None = None,
    colors: int = 64,
    title: str | None = None,
    xlabel: str = "x",
    ylabel: str = "y",
) -> Path:
    """Write the fit's evolution as a looping GIF.

    Each frame shows the data points, the prediction of one snapshot and its
    epoch and loss.

    Parameters
    ----------
    history
        From :func:`nnreg.fit` with ``snapshot_every`` set.
    x, y
        The data points to draw, shape ``(N, 1)`` or ``(N,)``.
    path
        Output file; its folder is created if needed.
    fps
        Frames per second.
    size
        Frame size in pixels, ``(width, height)``.
    dpi
        Resolution of the drawing (sets font and line sizes relative to ``size``).
    ylim
        Fixed y range; by default the data's range with a margin.
    max_frames
        Keep at most this many snapshots, evenly spread (the last always kept).
    colors
        Size of the shared palette (2 to 256).
    title, xlabel, ylabel
        Labels of the plot; the title is also stored as the GIF's comment.

    Returns
    -------
    pathlib.Path
        The written file.

    Examples
    --------
    >>> from nnreg import fit, mlp, noisy_parabola
    >>> x, y = noisy_parabola()
    >>> hist = fit(mlp(1, [10], 1, seed=1), x, y, epochs=20, optimizer="sgd",
    ...            lr=0.2, snapshot_every=5)
    >>> save_gif(hist, x, y, tmp_path / "fit.gif").name  # doctest: +SKIP
    'fit.gif'
    """
    import imageio.v3 as iio
    from PIL import Image

    if not 2 <= colors <= 256:
        raise ValueError(f"colors must be between 2 and 256, got {colors}")
    if not fps > 0:
        raise ValueError(f"fps must be positive, got {fps}")
    frames = render_frames(
        history,
        x,
        y,
        size=size,
        dpi=dpi,
        ylim=ylim,
        max_frames=max_frames,
        title=title,
        xlabel=xlabel,
        ylabel=ylabel,
    )
    palette = _shared_palette(frames, colors)
    indexed = np.stack(
        [
            np.asarray(
                Image.fromarray(f).quantize(palette=palette, dither=Image.Dither.NONE)
            )
            for f in frames
        ]
    )
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    iio.imwrite(
        path,
        indexed,
        extension=".gif",
        mode="P",
        is_batch=True,
        palette=palette.getpalette()[: 3 * colors],
        duration=round(1000 / fps),
        loop=0,
        # the title travels with the file: the site uses it as the GIF's alt text
        comment=(title or "training animation").encode(),
    )
    return path
