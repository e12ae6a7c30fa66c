"""Training animations: a :class:`~nnreg.training.History` turned into a GIF.

A training GIF is a few dozen frames that differ from one another in a thin
curve and a short label; everything else, the axes, the data points, the
legend, is the same in every frame. The pipeline does work only where the
frames differ:

1. matplotlib draws the static part once; each frame restores that background
   and draws only the prediction curve (blitting), without antialiasing, so
   that a moved curve changes few pixels and few colours. The epoch/loss label
   is typeset by Pillow, in the DejaVu Sans Mono font matplotlib ships, straight
   into the frame: matplotlib's text engine would cost more per frame than all
   the rest together. The static part without its title (the "stage") is kept
   for the next animation of the same data, as a lesson makes several.
2. Only the pixels that differ from the background are kept from each frame.
3. One palette serves every frame, fitted to the background together with
   all the changed pixels, so the curve's colours get their share.
4. Each frame is stored as its difference from the previous one: a pixel that
   did not change gets a transparent palette index, and frames are left in
   place (GIF disposal 1). The encoder (Pillow, through imageio) crops every
   frame to the box that changed, and the long transparent runs compress to
   almost nothing.

Nothing in the output depends on time or on what was animated before (a kept
stage draws exactly what a new one would), so the same history gives the same
bytes. matplotlib, Pillow and imageio are imported here only, so
``import nnreg`` stays light.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import torch

from nnreg.training import History

__all__ = ["render_frames", "save_gif", "select_frames", "show_gif"]

DATA_COLOR = "#f28e2b"
FIT_COLOR = "#2a9d3a"
LABEL_COLOR = "#c0392b"
LABEL_POINTS = 12  # font size of the epoch/loss label
# A GIF stores a frame's duration in hundredths of a second, as 16 bits.
_MIN_FPS, _MAX_FPS = 0.01, 100.0


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
    if isinstance(n_snapshots, bool) or not isinstance(n_snapshots, int):
        raise TypeError(f"n_snapshots must be an int, got {n_snapshots!r}")
    if n_snapshots < 0:
        raise ValueError(f"n_snapshots must be zero or positive, got {n_snapshots}")
    if max_frames is not None and (
        isinstance(max_frames, bool) or not isinstance(max_frames, int)
    ):
        raise TypeError(f"max_frames must be None or an int, got {max_frames!r}")
    if max_frames is None or max_frames >= n_snapshots:
        return list(range(n_snapshots))
    if max_frames < 2:
        raise ValueError(f"max_frames must be at least 2, got {max_frames}")
    return sorted({round(i) for i in np.linspace(0, n_snapshots - 1, max_frames)})


class _Label:
    """The epoch/loss label, typeset by Pillow and blended into a frame.

    Every text it will show is known in advance, so the box they can cover is
    fixed, and each frame touches only that box.
    """

    def __init__(
        self,
        texts: list[str],
        xy: tuple[float, float],
        size_px: float,
        color: tuple[int, int, int],
        frame_size: tuple[int, int],
    ) -> None:
        import matplotlib
        from PIL import Image, ImageDraw, ImageFont

        font_file = Path(
            matplotlib.get_data_path(), "fonts", "ttf", "DejaVuSansMono.ttf"
        )
        self.font = ImageFont.truetype(str(font_file), size_px)
        self.spacing = round(0.25 * size_px)
        self.color = np.array(color, dtype=np.float32)
        draw = ImageDraw.Draw(Image.new("L", (1, 1)))
        boxes = np.array(
            [
                draw.multiline_textbbox(xy, t, font=self.font, spacing=self.spacing)
                for t in texts
            ]
        )
        width, height = frame_size
        self.left = int(np.clip(boxes[:, 0].min(), 0, width))
        self.top = int(np.clip(boxes[:, 1].min(), 0, height))
        self.right = int(np.clip(boxes[:, 2].max() + 1, 0, width))
        self.bottom = int(np.clip(boxes[:, 3].max() + 1, 0, height))
        self.origin = (xy[0] - self.left, xy[1] - self.top)

    def draw(self, rgba: np.ndarray, text: str) -> None:
        """Blend ``text`` into the RGBA frame, in place."""
        from PIL import Image, ImageDraw

        w, h = self.right - self.left, self.bottom - self.top
        if w <= 0 or h <= 0:
            return
        mask = Image.new("L", (w, h), 0)
        ImageDraw.Draw(mask).multiline_text(
            self.origin, text, fill=255, font=self.font, spacing=self.spacing
        )
        alpha = np.asarray(mask, dtype=np.float32)[..., None] * (1 / 255)
        box = rgba[self.top : self.bottom, self.left : self.right, :3]
        under = box.astype(np.float32)
        box[...] = (under + (self.color - under) * alpha + 0.5).astype(np.uint8)


@dataclass
class _Stage:
    """The figure without its title, curve and label: axes, data and legend.

    Drawing it is most of the cost of a short animation, and a lesson animates
    several trainings on the same data, so the last few stages are kept
    (:data:`_STAGES`) and reused. A stage is a function of its key alone (the
    size, the data, the limits, the labels, the number of title lines and
    matplotlib's settings): a kept stage draws exactly what a new one would.
    """

    canvas: Any
    ax: Any
    line: Any
    base: Any  # the drawn stage, as a saved region of the canvas


_STAGES: OrderedDict[tuple, _Stage] = OrderedDict()
_STAGES_KEPT = 4


def _stage_key(
    x_data: np.ndarray,
    y_data: np.ndarray,
    size: tuple[int, int],
    dpi: int,
    xlim: tuple[float, float],
    ylim: tuple[float, float],
    xlabel: str,
    ylabel: str,
    title_lines: int,
) -> tuple:
    import matplotlib

    data = hashlib.sha256(x_data.tobytes() + b"|" + y_data.tobytes()).hexdigest()
    # matplotlib's settings as stored (reading them one by one is slow); the
    # backend does not change how the Agg canvas draws
    style = repr(
        sorted(kv for kv in dict.items(matplotlib.rcParams) if kv[0] != "backend")
    )
    limits = tuple(float(v) for v in (*xlim, *ylim))
    return (tuple(size), dpi, limits, xlabel, ylabel, title_lines, data, style)


def _build_stage(
    x_data: np.ndarray,
    y_data: np.ndarray,
    size: tuple[int, int],
    dpi: int,
    xlim: tuple[float, float],
    ylim: tuple[float, float],
    xlabel: str,
    ylabel: str,
    title_lines: int,
) -> _Stage:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    width, height = size
    fig = Figure(figsize=(width / dpi, height / dpi), dpi=dpi)
    canvas = FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    ax.scatter(x_data, y_data, s=8, color=DATA_COLOR, label="data")
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if title_lines:
        # room for the title, which each animation draws onto the stage: a
        # line's height does not depend on its text
        ax.set_title("\n".join(["lp"] * title_lines))
    # The curve is drawn without antialiasing: its blended edge pixels, a little
    # different from frame to frame, would cost more than half of the file.
    (line,) = ax.plot(
        [],
        [],
        color=FIT_COLOR,
        lw=2.5,
        antialiased=False,
        animated=True,
        label="network",
    )
    ax.legend(loc="lower right")
    fig.tight_layout()
    ax.title.set_animated(True)
    canvas.draw()
    return _Stage(canvas=canvas, ax=ax, line=line, base=canvas.copy_from_bbox(fig.bbox))


@dataclass
class _Scene:
    """A drawn background and what changes on top of it, frame by frame."""

    stage: _Stage
    background: Any  # the stage with this animation's title, a saved region
    background_rgba: np.ndarray  # the same, as pixels
    xs: np.ndarray
    predictions: list[np.ndarray]
    texts: list[str]
    label: _Label

    def frames(self) -> Iterator[np.ndarray]:
        """Yield each frame as the canvas's ``(height, width, 4)`` RGBA buffer.

        The buffer is reused: copy it before asking for the next frame.
        """
        canvas, ax, line = self.stage.canvas, self.stage.ax, self.stage.line
        for prediction, text in zip(self.predictions, self.texts, strict=True):
            canvas.restore_region(self.background)
            line.set_data(self.xs, prediction)
            ax.draw_artist(line)
            rgba = np.asarray(canvas.buffer_rgba())
            self.label.draw(rgba, text)
            yield rgba


@contextmanager
def _scene(
    history: History,
    x: torch.Tensor | np.ndarray,
    y: torch.Tensor | np.ndarray,
    *,
    size: tuple[int, int],
    dpi: int,
    ylim: tuple[float, float] | None,
    max_frames: int | None,
    title: str | None,
    xlabel: str,
    ylabel: str,
) -> Iterator[_Scene]:
    from matplotlib.colors import to_rgb

    if not isinstance(history, History):
        raise TypeError(f"history must be an nnreg History, got {type(history)}")
    if not history.snapshots:
        raise ValueError(
            "this history has no snapshots; train with fit(..., snapshot_every=k)"
        )
    if (
        not isinstance(size, Sequence)
        or len(size) != 2
        or not all(isinstance(v, int) and not isinstance(v, bool) for v in size)
    ):
        raise TypeError(f"size must be (width, height) in whole pixels, got {size!r}")
    width, height = size
    if width < 50 or height < 50:
        raise ValueError(f"size must be at least 50x50 pixels, got {size}")
    if isinstance(dpi, bool) or not isinstance(dpi, int) or dpi < 1:
        raise ValueError(f"dpi must be a positive int, got {dpi!r}")
    for name, text in (("title", title), ("xlabel", xlabel), ("ylabel", ylabel)):
        if text is not None and not isinstance(text, str):
            raise TypeError(f"{name} must be a str, got {text!r}")
    try:
        x_data, y_data = _as_numpy(x).ravel(), _as_numpy(y).ravel()
    except (TypeError, ValueError):
        raise TypeError("x and y must be arrays or tensors of numbers") from None
    if len(x_data) != len(y_data):
        raise ValueError(
            f"x has {len(x_data)} points but y has {len(y_data)}; they must pair up"
        )
    if len(x_data) == 0:
        raise ValueError("x and y are empty; give the data points to draw")
    if not (np.isfinite(x_data).all() and np.isfinite(y_data).all()):
        raise ValueError("x and y must be finite (no NaN or infinity)")
    if ylim is not None:
        try:
            lo, hi = (float(v) for v in ylim)
        except (TypeError, ValueError):
            raise ValueError(f"ylim must be (low, high), got {ylim!r}") from None
        if not (np.isfinite(lo) and np.isfinite(hi) and lo < hi):
            raise ValueError(f"ylim must be finite with low < high, got {ylim!r}")
        ylim = (lo, hi)
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
    if ylim is None:
        pad = 0.1 * (y_data.max() - y_data.min() or 1.0)
        ylim = (y_data.min() - pad, y_data.max() + pad)
    xlim = (x_plot.min(), x_plot.max())
    title_lines = title.count("\n") + 1 if title else 0
    layout = (x_data, y_data, (width, height), dpi, xlim, ylim, xlabel, ylabel)
    key = _stage_key(*layout, title_lines)

    # A stage is taken out of the cache while in use, so that two animations
    # made at the same time never share one.
    stage = _STAGES.pop(key, None) or _build_stage(*layout, title_lines)
    try:
        stage.canvas.restore_region(stage.base)
        if title:
            stage.ax.title.set_text(title)
            stage.ax.draw_artist(stage.ax.title)
        # the label's top-left corner, 2 % in from the axes' left, 5 % down
        left, top = stage.ax.transAxes.transform((0.02, 0.95))
        texts = [f"epoch {s.epoch:4d}\nloss  {s.loss:.4g}" for s in picked]
        yield _Scene(
            stage=stage,
            background=stage.canvas.copy_from_bbox(stage.canvas.figure.bbox),
            background_rgba=np.asarray(stage.canvas.buffer_rgba()).copy(),
            xs=x_plot[order],
            predictions=[s.prediction[order, 0] for s in picked],
            texts=texts,
            label=_Label(
                texts,
                (float(left), float(height - top)),
                LABEL_POINTS * dpi / 72,
                tuple(round(255 * c) for c in to_rgb(LABEL_COLOR)),
                (width, height),
            ),
        )
    finally:
        _STAGES[key] = stage
        while len(_STAGES) > _STAGES_KEPT:
            _STAGES.popitem(last=False)


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
    with _scene(
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
    ) as scene:
        return [rgba[..., :3].copy() for rgba in scene.frames()]


def _nearest(colors: np.ndarray, palette: np.ndarray) -> np.ndarray:
    """Index of the nearest palette entry (RGB distance) of each colour."""
    pal = palette.astype(np.int32)[None, :, :]
    out = np.empty(len(colors), dtype=np.uint8)
    for start in range(0, len(colors), 4096):
        chunk = colors[start : start + 4096].astype(np.int32)[:, None, :]
        out[start : start + 4096] = ((chunk - pal) ** 2).sum(axis=2).argmin(axis=1)
    return out


def _color_key(pixels: np.ndarray) -> np.ndarray:
    """The 24-bit number of each RGB(A) pixel of an ``(n, 3 or 4)`` array."""
    r, g, b = (pixels[:, i].astype(np.uint32) for i in range(3))
    return r | g << 8 | b << 16


def _shared_palette(distinct: np.ndarray, count: np.ndarray, colors: int) -> np.ndarray:
    """At most ``colors`` RGB entries for the ``distinct`` colours of the frames.

    Every distinct colour is kept if there are few enough. Otherwise a median
    cut groups them, each colour weighted by the square root of its pixel
    count so that the background's white does not crowd out the rare colours
    of the curve and the text, and each group is represented by its most
    frequent colour: the background, the curve and the text keep their exact
    colours, and only blended edges move to a neighbour.
    """
    from PIL import Image

    if len(distinct) <= colors:
        return distinct
    sample = np.repeat(distinct, np.ceil(np.sqrt(count)).astype(int), axis=0)
    fitted = Image.fromarray(sample.reshape(1, -1, 3)).quantize(
        colors=colors, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE
    )
    group = _nearest(distinct, np.array(fitted.getpalette()).reshape(-1, 3))
    by_group = np.lexsort((-count, group))  # in each group, most frequent first
    _, first = np.unique(group[by_group], return_index=True)
    return distinct[by_group[first]]


def _delta_frames(scene: _Scene, colors: int) -> tuple[np.ndarray, np.ndarray]:
    """Palette-indexed frames, each holding only what changed since the last.

    Returns
    -------
    frames
        ``(n_frames, height, width)`` ``uint8``; in every frame but the first,
        a pixel equal to the previous frame's holds the transparent index,
        which is the last palette entry.
    palette
        ``(n, 3)`` ``uint8``, its last entry the transparent one.
    """
    from PIL import Image

    background = scene.background_rgba
    height, width = background.shape[:2]
    packed_background = background.view(np.uint32).reshape(-1)
    where, what = [], []
    for rgba in scene.frames():
        packed = rgba.view(np.uint32).reshape(-1)
        changed = np.flatnonzero(packed != packed_background)
        where.append(changed)
        what.append(packed[changed])

    # One palette for every frame, fitted to the background and to every pixel
    # the animation changes, with one entry left for "unchanged". Each distinct
    # colour is matched to the palette once, and a lookup table indexed by the
    # 24-bit colour maps every pixel.
    every = np.concatenate([packed_background, *what]).view(np.uint8).reshape(-1, 4)
    pixels = Image.fromarray(every.reshape(1, -1, 4)).convert("RGB")
    found = pixels.getcolors(len(every))
    count = np.array([n for n, _ in found])
    distinct = np.array([color for _, color in found], dtype=np.uint8)
    order = np.lexsort(distinct.T[::-1])  # getcolors' order is not guaranteed
    distinct, count = distinct[order], count[order]
    palette = _shared_palette(distinct, count, colors - 1)
    transparent = len(palette)
    lookup = np.zeros(1 << 24, dtype=np.uint8)
    lookup[_color_key(distinct)] = _nearest(distinct, palette)
    indices = lookup[_color_key(every)]
    background_index = indices[: height * width]
    changed_index = np.split(
        indices[height * width :], np.cumsum([len(w) for w in where])[:-1]
    )

    # Only pixels changed in this frame or the last can differ between them.
    frames = np.full((len(where), height * width), transparent, dtype=np.uint8)
    current = background_index.copy()
    current[where[0]] = changed_index[0]
    frames[0] = current
    for k in range(1, len(where)):
        candidates = np.concatenate([where[k - 1], where[k]])
        before = current[candidates]
        current[where[k - 1]] = background_index[where[k - 1]]
        current[where[k]] = changed_index[k]
        after = current[candidates]
        moved = after != before
        frames[k, candidates[moved]] = after[moved]
    palette = np.vstack([palette, palette[:1]])
    return frames.reshape(-1, height, width), palette


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
        Output file, ending in ``.gif``; ``~`` is expanded and its folder is
        created if needed.  An existing file is replaced only once the new
        one is complete: every argument is checked first, the GIF is written
        under a temporary name in the same folder and then renamed.
    fps
        Frames per second, from 0.01 (a frame lasts 100 s) to 100 (the GIF
        format counts time in hundredths of a second).
    size
        Frame size in pixels, ``(width, height)``.
    dpi
        Resolution of the drawing (sets font and line sizes relative to ``size``).
    ylim
        Fixed y range; by default the data's range with a margin.
    max_frames
        Keep at most this many snapshots, evenly spread (the last always kept).
    colors
        Size of the palette shared by all frames (3 to 256), counting the one
        entry that marks a pixel unchanged since the previous frame.
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
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     out = save_gif(hist, x, y, Path(folder) / "fit.gif", max_frames=3)
    ...     out.name, out.read_bytes()[:6]
    ('fit.gif', b'GIF89a')
    """
    import imageio.v3 as iio

    if isinstance(colors, bool) or not isinstance(colors, int):
        raise TypeError(f"colors must be an int, got {colors!r}")
    if not 3 <= colors <= 256:
        raise ValueError(
            f"colors must be between 3 and 256, got {colors}; one entry marks "
            "unchanged pixels, so fewer would leave a single colour to draw with"
        )
    if isinstance(fps, bool) or not isinstance(fps, int | float):
        raise TypeError(f"fps must be a number, got {fps!r}")
    if not _MIN_FPS <= fps <= _MAX_FPS:
        raise ValueError(
            f"fps must be between {_MIN_FPS} and {_MAX_FPS} frames per second, "
            f"got {fps}"
        )
    path = _gif_path(path)
    with _scene(
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
    ) as scene:
        frames, palette = _delta_frames(scene, colors)
    path.parent.mkdir(parents=True, exist_ok=True)
    # A temporary file next to the target, renamed into place when complete:
    # a failed write leaves an existing GIF as it was.
    fd, tmp = tempfile.mkstemp(suffix=".gif.tmp", dir=path.parent)
    os.close(fd)
    try:
        _write_gif(iio, tmp, frames, palette, fps, title)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise
    return path


def _gif_path(path: object) -> Path:
    if not isinstance(path, str | os.PathLike):
        raise TypeError(f"path must be a str or pathlib.Path, got {path!r}")
    path = Path(path).expanduser()
    if path.suffix.lower() != ".gif":
        raise ValueError(f"path must end in .gif, got {str(path)!r}")
    if path.is_dir():
        raise IsADirectoryError(f"path {str(path)!r} is a folder; give a file name")
    for parent in path.parents:
        if parent.exists():
            if not parent.is_dir():
                raise NotADirectoryError(
                    f"cannot create a folder for {str(path)!r}: {str(parent)!r} "
                    "is a file"
                )
            break
    return path


def _write_gif(iio, target, frames, palette, fps, title) -> None:
    iio.imwrite(
        target,
        frames,
        extension=".gif",
        mode="P",
        is_batch=True,
        palette=palette.tobytes(),
        transparency=len(palette) - 1,
        disposal=1,
        duration=round(1000 / fps),
        loop=0,
        # the title travels with the file: the site uses it as the GIF's alt text
        comment=(title or "training animation").encode(),
    )


def show_gif(path: str | Path) -> None:
    """Show a GIF inline when running in a Jupyter notebook; elsewhere do nothing.

    A notebook shows the animation under the cell. A script run with
    ``python`` shows nothing (open the file instead), and the lessons site
    embeds every GIF a cell writes by itself, so one lesson source serves all
    three.

    Parameters
    ----------
    path
        A GIF file, for instance the one :func:`save_gif` returned.

    Raises
    ------
    FileNotFoundError
        If ``path`` is not an existing file.
    ValueError
        If the file does not start like a GIF.
    """
    if not isinstance(path, str | os.PathLike):
        raise TypeError(f"path must be a str or pathlib.Path, got {path!r}")
    path = Path(path).expanduser()
    if not path.is_file():
        raise FileNotFoundError(f"show_gif: no such GIF file: {path}")
    with path.open("rb") as f:
        if f.read(6) not in (b"GIF87a", b"GIF89a"):
            raise ValueError(f"show_gif: {path} is not a GIF file")
    try:
        from IPython import get_ipython
    except ImportError:  # no IPython: certainly not a notebook
        return
    shell = get_ipython()
    if shell is None or not hasattr(shell, "kernel"):
        return
    from IPython.display import Image, display

    display(Image(data=path.read_bytes(), format="gif"))
