"""What the benchmarks share: the machine description, timing, and the two
usual ways of making a training GIF that nnreg is compared with.

- :func:`notebook_gif` is the lesson notebook's way: clear the axes, draw the
  whole figure again for every frame, copy the canvas out, and hand the RGB
  frames to ``imageio.mimsave``. (The notebook copied the canvas with
  ``tostring_rgb``, which Matplotlib 3.10 removed; ``buffer_rgba`` is its
  replacement, and costs the same.)
- :func:`funcanimation_gif` is Matplotlib's own tool: ``FuncAnimation`` that
  updates the curve and the two labels, saved with ``PillowWriter``.

Both draw the notebook's figure: 12 x 7 inches at 100 dpi (1200 x 700 px),
title, axis labels, the data in orange, the prediction in green, epoch and loss
in red.
"""

from __future__ import annotations

import os
import platform
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "benchmarks" / "output"


def machine() -> str:
    """One paragraph: CPU, cores, torch threads, and the versions that matter."""
    import imageio
    import PIL
    import torch

    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
    load = (
        ", ".join(f"{v:.1f}" for v in os.getloadavg())
        if hasattr(os, "getloadavg")
        else "n/a"
    )
    return (
        f"machine: {cpu}; {os.cpu_count()} logical cores ({usable} usable); "
        f"torch threads {torch.get_num_threads()}; load average {load}\n"
        f"python {platform.python_version()}, torch {torch.__version__}, "
        f"matplotlib {matplotlib.__version__}, numpy {np.__version__}, "
        f"pillow {PIL.__version__}, imageio {imageio.__version__}"
    )


@dataclass
class Timing:
    """Wall-clock and CPU seconds of repeated runs."""

    wall: list[float]
    cpu: list[float]

    @property
    def wall_median(self) -> float:
        return statistics.median(self.wall)

    @property
    def cpu_median(self) -> float:
        return statistics.median(self.cpu)

    def __str__(self) -> str:
        runs = ", ".join(f"{w:.2f}" for w in self.wall)
        return (
            f"{self.wall_median:7.2f} s wall (median of {len(self.wall)}: {runs}), "
            f"{self.cpu_median:6.2f} s CPU"
        )


def time_interleaved(
    tasks: dict[str, Callable[[], object]], repeat: dict[str, int] | int
) -> dict[str, Timing]:
    """Run each task ``repeat`` times, round-robin, so that a change of the
    machine's load during the benchmark hits every task alike."""
    if isinstance(repeat, int):
        repeat = dict.fromkeys(tasks, repeat)
    timings = {name: Timing([], []) for name in tasks}
    for round_ in range(max(repeat.values())):
        for name, task in tasks.items():
            if round_ >= repeat[name]:
                continue
            wall, cpu = time.perf_counter(), time.process_time()
            task()
            timings[name].wall.append(time.perf_counter() - wall)
            timings[name].cpu.append(time.process_time() - cpu)
            print(
                f"  {name}: run {round_ + 1} took {timings[name].wall[-1]:.2f} s",
                file=sys.stderr,
                flush=True,
            )
    return timings


# -- The two usual ways ------------------------------------------------------

NOTEBOOK_SIZE_INCHES = (12, 7)  # at matplotlib's default 100 dpi: 1200 x 700 px


@dataclass
class Frame:
    """What one frame of a training GIF shows."""

    epoch: int
    loss: float
    prediction: np.ndarray  # (N,) on the data's x


def _notebook_axes(ax, x, y, ylim) -> None:
    ax.set_title("Regression Analysis", fontsize=35)
    ax.set_xlabel("Independent variable", fontsize=24)
    ax.set_ylabel("Dependent variable", fontsize=24)
    ax.set_ylim(*ylim)
    ax.scatter(x, y, color="orange")


def _text_positions(x: np.ndarray, ylim: Sequence[float]) -> tuple[tuple, tuple]:
    """Where the notebook puts its two labels: right of centre, in data units."""
    x0 = x.min() + 0.8 * (x.max() - x.min())
    lo, hi = ylim
    return (x0, lo + 0.75 * (hi - lo)), (x0, lo + 0.62 * (hi - lo))


class NotebookRecorder:
    """The notebook's ``makePlot``: redraw everything, keep the pixels."""

    def __init__(
        self,
        x: np.ndarray,
        y: np.ndarray,
        ylim: Sequence[float],
        where: tuple[tuple, tuple] | None = None,
    ) -> None:
        import matplotlib.pyplot as plt

        self.x, self.y, self.ylim = x, y, ylim
        self.fig, self.ax = plt.subplots(figsize=NOTEBOOK_SIZE_INCHES)
        self.where = where or _text_positions(x, ylim)
        self.images: list[np.ndarray] = []

    def add(self, frame: Frame) -> None:
        import matplotlib.pyplot as plt

        plt.sca(self.ax)
        plt.cla()
        _notebook_axes(self.ax, self.x, self.y, self.ylim)
        self.ax.plot(self.x, frame.prediction, "g-", lw=3)
        style = {"size": 24, "color": "red"}
        self.ax.text(*self.where[0], f"Epoch = {frame.epoch}", fontdict=style)
        self.ax.text(*self.where[1], f"Loss = {frame.loss:.4f}", fontdict=style)
        self.fig.canvas.draw()
        image = np.asarray(self.fig.canvas.buffer_rgba())[..., :3].copy()
        self.images.append(image)

    def save(self, path: Path) -> None:
        import imageio
        import matplotlib.pyplot as plt

        plt.close(self.fig)
        # the notebook passes fps=10, which imageio now spells duration=100 (ms)
        imageio.mimsave(path, self.images, duration=100)


def notebook_gif(x, y, frames: list[Frame], ylim, path: Path) -> None:
    recorder = NotebookRecorder(x, y, ylim)
    for frame in frames:
        recorder.add(frame)
    recorder.save(path)


def funcanimation_gif(x, y, frames: list[Frame], ylim, path: Path) -> None:
    import matplotlib.pyplot as plt
    from matplotlib.animation import FuncAnimation, PillowWriter

    fig, ax = plt.subplots(figsize=NOTEBOOK_SIZE_INCHES)
    _notebook_axes(ax, x, y, ylim)
    (line,) = ax.plot(x, frames[0].prediction, "g-", lw=3)
    style = {"size": 24, "color": "red"}
    where = _text_positions(x, ylim)
    epoch = ax.text(*where[0], "", fontdict=style)
    loss = ax.text(*where[1], "", fontdict=style)

    def update(i: int):
        line.set_ydata(frames[i].prediction)
        epoch.set_text(f"Epoch = {frames[i].epoch}")
        loss.set_text(f"Loss = {frames[i].loss:.4f}")
        return line, epoch, loss

    animation = FuncAnimation(fig, update, frames=len(frames), blit=True)
    animation.save(path, writer=PillowWriter(fps=10))
    plt.close(fig)


def gif_shape(path: Path) -> tuple[int, int, int]:
    """(frames, height, width) of a GIF, read back with imageio."""
    import imageio.v3 as iio

    frames = iio.imread(path, index=None)
    return frames.shape[:3]
