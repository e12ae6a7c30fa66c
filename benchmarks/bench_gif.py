"""The GIF pipeline: the same 40 frames three ways, at the notebook's size.

One training of the lesson's sine fit (1000 points; 100-50 network with two
ReLUs, Adam, lr 0.01, 200 epochs) gives 40 snapshots, epochs 0, 5, ..., 195,
the frames the notebook would record. Each way turns them into a 1200 x 700 px
GIF at 10 frames per second; every GIF is read back to check its frame count
and size.

    python benchmarks/bench_gif.py [--repeat N]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from _common import (
    OUTPUT,
    Frame,
    funcanimation_gif,
    gif_shape,
    machine,
    notebook_gif,
    time_interleaved,
)

from nnreg import animation, fit, mlp, noisy_sine
from nnreg.animation import save_gif
from nnreg.training import History

N_FRAMES = 40
WIDTH, HEIGHT = 1200, 700
YLIM = (-1.1, 1.1)


def snapshots() -> tuple:
    x, y = noisy_sine(seed=1)
    net = mlp(1, [100, 50], 1, activation="relu", seed=1)
    history = fit(net, x, y, epochs=200, optimizer="adam", lr=0.01, snapshot_every=5)
    history.snapshots = history.snapshots[:N_FRAMES]  # epochs 0..195, as the notebook
    return x, y, history


def nnreg_gif(history: History, x, y, path: Path) -> None:
    animation._STAGES.clear()  # no head start from the previous run
    save_gif(
        History(snapshots=history.snapshots, x_plot=history.x_plot),
        x,
        y,
        path,
        size=(WIDTH, HEIGHT),
        ylim=YLIM,
        fps=10,
        title="Regression analysis",
    )


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs of each way")
    args = parser.parse_args(argv)

    print("== GIF pipeline: 40 frames of a 1000-point fit, 1200 x 700 px ==")
    print(machine())
    x, y, history = snapshots()
    xs, ys = x.numpy().ravel(), y.numpy().ravel()
    frames = [Frame(s.epoch, s.loss, s.prediction[:, 0]) for s in history.snapshots]
    OUTPUT.mkdir(parents=True, exist_ok=True)
    paths = {
        "notebook": OUTPUT / "gif_notebook.gif",
        "funcanimation": OUTPUT / "gif_funcanimation.gif",
        "nnreg": OUTPUT / "gif_nnreg.gif",
    }
    tasks = {
        "notebook": lambda: notebook_gif(xs, ys, frames, YLIM, paths["notebook"]),
        "funcanimation": lambda: funcanimation_gif(
            xs, ys, frames, YLIM, paths["funcanimation"]
        ),
        "nnreg": lambda: nnreg_gif(history, x, y, paths["nnreg"]),
    }
    timings = time_interleaved(tasks, args.repeat)

    sizes = {name: Path(p).stat().st_size for name, p in paths.items()}
    for name, path in paths.items():
        shape = gif_shape(path)
        if shape != (N_FRAMES, HEIGHT, WIDTH):
            sys.exit(f"{name}: the GIF has shape {shape}, expected 40 x 700 x 1200")
    print(f"every GIF read back: {N_FRAMES} frames of {WIDTH} x {HEIGHT} px")
    for name in tasks:
        print(f"{name:>14}: {timings[name]}, {sizes[name] / 1e3:7.1f} kB")

    nb, fa, nn = (
        timings[k].wall_median for k in ("notebook", "funcanimation", "nnreg")
    )
    nb_cpu, fa_cpu, nn_cpu = (
        timings[k].cpu_median for k in ("notebook", "funcanimation", "nnreg")
    )
    bytes_ratio = sizes["nnreg"] / sizes["notebook"]
    results = {
        "speedup_vs_notebook": nb / nn,
        "speedup_vs_funcanimation": fa / nn,
        "funcanimation_vs_notebook": nb / fa,
        "bytes_vs_notebook": bytes_ratio,
    }
    print(
        f"nnreg vs notebook:      {nb / nn:5.1f}x faster wall, {nb_cpu / nn_cpu:5.1f}x "
        f"CPU (target >= 10x)  {'MET' if nb / nn >= 10 else 'NOT MET'}"
    )
    print(
        f"nnreg vs FuncAnimation: {fa / nn:5.1f}x faster wall, {fa_cpu / nn_cpu:5.1f}x "
        f"CPU (target >= 6x)   {'MET' if fa / nn >= 6 else 'NOT MET'}"
    )
    print(f"FuncAnimation vs notebook: {nb / fa:4.2f}x faster wall")
    print(
        f"nnreg bytes: {100 * bytes_ratio:.0f} % of the notebook's (target <= 40 %)  "
        f"{'MET' if bytes_ratio <= 0.40 else 'NOT MET'}"
    )
    return results


if __name__ == "__main__":
    main()
