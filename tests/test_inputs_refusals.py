"""Bad inputs to every public function, each refused with a clear error.

Every case names the function, the bad input, the error type expected and a
pattern its message must match: the message has to name the argument and
the problem, not only fail somewhere inside numpy, torch or uproot.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace

import numpy as np
import pytest
import torch
from torch import nn

import nnreg
from nnreg import animation, ditau, gp


@dataclass
class Case:
    function: str
    name: str
    call: Callable[[SimpleNamespace], object]
    error: type[BaseException]
    match: str


def make_context(tmp_path) -> SimpleNamespace:
    """What the cases work on: data, a trained history, files on disk."""
    x, y = nnreg.noisy_parabola(seed=1)
    hist = nnreg.fit(
        nnreg.TwoLayerNet(1, 4, 1, seed=1),
        x,
        y,
        epochs=6,
        optimizer="sgd",
        lr=0.2,
        snapshot_every=3,
    )
    events = {"gen_mass": np.linspace(50.0, 150.0, 100)}
    root = tmp_path / "good.root"
    ditau.write_root(root, events)
    text = tmp_path / "notes.txt"
    text.write_text("not a GIF")
    a_file = tmp_path / "a_file"
    a_file.write_text("")
    folder_gif = tmp_path / "folder.gif"
    folder_gif.mkdir()
    return SimpleNamespace(
        tmp=tmp_path,
        x=x,
        y=y,
        hist=hist,
        events=events,
        root=root,
        text=text,
        a_file=a_file,
        folder_gif=folder_gif,
        net=nnreg.mlp(1, [4], 1, seed=0),
    )


def _fit(c, **kwargs):
    args = {"epochs": 1, "optimizer": "sgd", "lr": 0.1}
    args.update(kwargs)
    x = args.pop("x", c.x)
    y = args.pop("y", c.y)
    return nnreg.fit(args.pop("model", c.net), x, y, **args)


def _gif(c, **kwargs):
    path = kwargs.pop("path", c.tmp / "case.gif")
    kwargs.setdefault("size", (120, 80))
    return animation.save_gif(c.hist, c.x, c.y, path, **kwargs)


def _render(c, **kwargs):
    kwargs.setdefault("size", (120, 80))
    return animation.render_frames(
        kwargs.pop("history", c.hist),
        kwargs.pop("x", c.x),
        kwargs.pop("y", c.y),
        **kwargs,
    )


ONES = torch.ones(4, 1)
XS = np.arange(10.0)
YS = np.sin(XS)

CASES = [
    # nnreg.data
    Case(
        "noise_floor",
        "str",
        lambda c: nnreg.noise_floor("5"),
        TypeError,
        "amplitude must be a number",
    ),
    Case(
        "noise_floor",
        "nan",
        lambda c: nnreg.noise_floor(float("nan")),
        ValueError,
        "amplitude must be finite",
    ),
    Case(
        "noise_floor",
        "negative",
        lambda c: nnreg.noise_floor(-1.0),
        ValueError,
        "amplitude must be finite and >= 0",
    ),
    Case(
        "true_curve",
        "unknown name",
        lambda c: nnreg.true_curve("cosine", XS),
        ValueError,
        r"unknown data set 'cosine'; choose one of \['gaussian', 'parabola', 'sine'\]",
    ),
    Case(
        "true_curve",
        "not numbers",
        lambda c: nnreg.true_curve("sine", ["a", "b"]),
        TypeError,
        "x must be numbers, got list",
    ),
    Case(
        "gaussian_curve",
        "list",
        lambda c: nnreg.gaussian_curve([1.0, 2.0]),
        TypeError,
        "x must be a torch.Tensor",
    ),
    Case(
        "gaussian_curve",
        "sigma 0",
        lambda c: nnreg.gaussian_curve(ONES, sigma=0.0),
        ValueError,
        "sigma must be positive",
    ),
    Case(
        "gaussian_curve",
        "mu nan",
        lambda c: nnreg.gaussian_curve(ONES, mu=float("nan")),
        ValueError,
        "mu must be finite",
    ),
    Case(
        "noisy_gaussian",
        "float seed",
        lambda c: nnreg.noisy_gaussian(seed=1.5),
        TypeError,
        "seed must be an int or a torch.Generator",
    ),
    Case(
        "noisy_parabola",
        "str seed",
        lambda c: nnreg.noisy_parabola(seed="1"),
        TypeError,
        "seed must be an int or a torch.Generator",
    ),
    Case(
        "noisy_sine",
        "bool seed",
        lambda c: nnreg.noisy_sine(seed=True),
        TypeError,
        "seed must be an int or a torch.Generator",
    ),
    # nnreg.models
    Case(
        "mlp",
        "n_in 0",
        lambda c: nnreg.mlp(0, [4], 1),
        ValueError,
        "n_in must be a positive int",
    ),
    Case(
        "mlp",
        "hidden int",
        lambda c: nnreg.mlp(1, 10, 1),
        TypeError,
        "hidden must be a sequence",
    ),
    Case(
        "mlp",
        "hidden 0",
        lambda c: nnreg.mlp(1, [0], 1),
        ValueError,
        "hidden width must be a positive int",
    ),
    Case(
        "mlp",
        "activation name",
        lambda c: nnreg.mlp(1, [4], 1, activation="relux"),
        ValueError,
        "unknown activation 'relux'",
    ),
    Case(
        "mlp",
        "activation count",
        lambda c: nnreg.mlp(1, [4, 4], 1, activation=["relu"]),
        ValueError,
        "1 activations for 2 hidden layers",
    ),
    Case(
        "mlp",
        "activation int",
        lambda c: nnreg.mlp(1, [4], 1, activation=3),
        TypeError,
        "activation must be a name",
    ),
    Case(
        "mlp",
        "float seed",
        lambda c: nnreg.mlp(1, [4], 1, seed=1.5),
        TypeError,
        "seed must be an int or None",
    ),
    Case(
        "TwoLayerNet",
        "n_hidden 0",
        lambda c: nnreg.TwoLayerNet(1, 0, 1),
        ValueError,
        "n_hidden must be a positive int",
    ),
    Case(
        "TwoLayerNet",
        "n_feature float",
        lambda c: nnreg.TwoLayerNet(1.5, 4, 1),
        ValueError,
        "n_feature must be a positive int",
    ),
    Case(
        "count_hidden_layers",
        "str",
        lambda c: nnreg.count_hidden_layers("net"),
        TypeError,
        "model must be a torch.nn.Module",
    ),
    Case(
        "count_hidden_layers",
        "no Linear",
        lambda c: nnreg.count_hidden_layers(nn.ReLU()),
        ValueError,
        "has no torch.nn.Linear layer",
    ),
    Case(
        "count_parameters",
        "None",
        lambda c: nnreg.count_parameters(None),
        TypeError,
        "model must be a torch.nn.Module",
    ),
    Case(
        "count_parameters",
        "trainable_only str",
        lambda c: nnreg.count_parameters(c.net, trainable_only="no"),
        TypeError,
        "trainable_only must be True or False",
    ),
    Case(
        "kink_positions",
        "two inputs",
        lambda c: nnreg.kink_positions(nnreg.mlp(2, [3], 1), 0.0, 1.0),
        ValueError,
        "needs a network with one input",
    ),
    Case(
        "kink_positions",
        "empty interval",
        lambda c: nnreg.kink_positions(c.net, 1.0, 0.0),
        ValueError,
        "need lo < hi",
    ),
    Case(
        "collapse_linear",
        "TwoLayerNet",
        lambda c: nnreg.collapse_linear(nnreg.TwoLayerNet(1, 4, 1)),
        TypeError,
        "needs a torch.nn.Sequential of Linear layers.*TwoLayerNet",
    ),
    Case(
        "collapse_linear",
        "ReLU inside",
        lambda c: nnreg.collapse_linear(nnreg.mlp(1, [4], 1)),
        ValueError,
        "Linear layers only.*ReLU",
    ),
    Case(
        "collapse_linear",
        "empty",
        lambda c: nnreg.collapse_linear(nn.Sequential()),
        ValueError,
        "Linear layers only.*nothing",
    ),
    Case(
        "collapse_linear",
        "widths",
        lambda c: nnreg.collapse_linear(
            nn.Sequential(nn.Linear(1, 3), nn.Linear(4, 1))
        ),
        ValueError,
        "layer widths do not chain",
    ),
    Case(
        "collapse_linear",
        "str",
        lambda c: nnreg.collapse_linear("net"),
        TypeError,
        "needs a torch.nn.Sequential",
    ),
    Case(
        "relu_kinks",
        "Sequential",
        lambda c: nnreg.relu_kinks(nnreg.mlp(1, [4], 1), -1, 1),
        TypeError,
        "TwoLayerNet, got Sequential",
    ),
    Case(
        "relu_kinks",
        "two inputs",
        lambda c: nnreg.relu_kinks(nnreg.TwoLayerNet(2, 4, 1), -1, 1),
        ValueError,
        "one input and one output.*2 input",
    ),
    Case(
        "relu_kinks",
        "lo > hi",
        lambda c: nnreg.relu_kinks(nnreg.TwoLayerNet(1, 4, 1), 1, -1),
        ValueError,
        "lo < hi.*lo=1.0",
    ),
    Case(
        "relu_kinks",
        "nan",
        lambda c: nnreg.relu_kinks(nnreg.TwoLayerNet(1, 4, 1), -1, np.nan),
        ValueError,
        "hi must be finite",
    ),
    Case(
        "relu_kinks",
        "str",
        lambda c: nnreg.relu_kinks(nnreg.TwoLayerNet(1, 4, 1), "-1", 1),
        TypeError,
        "lo must be a real number",
    ),
    # nnreg.training: the losses
    Case(
        "mse_loss",
        "(N,1) vs (N,)",
        lambda c: nnreg.mse_loss(torch.zeros(3, 1), torch.zeros(3)),
        ValueError,
        r"shape \(3, 1\) but target has \(3,\)",
    ),
    Case(
        "mse_loss",
        "weight (N,2)",
        lambda c: nnreg.mse_loss(ONES, ONES, torch.ones(2, 2)),
        ValueError,
        r"weight must have shape \(4,\) or \(4, 1\)",
    ),
    Case(
        "mse_loss",
        "weight too long",
        lambda c: nnreg.mse_loss(ONES, ONES, torch.ones(5)),
        ValueError,
        "weight must have shape",
    ),
    Case(
        "mse_loss",
        "list",
        lambda c: nnreg.mse_loss([1.0], [1.0]),
        TypeError,
        "prediction must be a torch.Tensor",
    ),
    Case(
        "mse_loss",
        "empty",
        lambda c: nnreg.mse_loss(torch.zeros(0, 1), torch.zeros(0, 1)),
        ValueError,
        "at least one sample",
    ),
    Case(
        "mse_loss",
        "weight list",
        lambda c: nnreg.mse_loss(ONES, ONES, [1.0] * 4),
        TypeError,
        "weight must be a torch.Tensor",
    ),
    Case(
        "mape_loss",
        "(N,1) vs (N,)",
        lambda c: nnreg.mape_loss(ONES, torch.ones(4)),
        ValueError,
        "must match exactly",
    ),
    Case(
        "mape_loss",
        "weight (N,2)",
        lambda c: nnreg.mape_loss(ONES, ONES, torch.ones(2, 2)),
        ValueError,
        "weight must have shape",
    ),
    # nnreg.training: fit
    Case(
        "fit",
        "y_val 3 columns",
        lambda c: _fit(c, x_val=c.x, y_val=c.y.repeat(1, 3)),
        ValueError,
        "y_val has 3 column",
    ),
    Case(
        "fit",
        "weight (50,2)",
        lambda c: _fit(c, weight=torch.ones(50, 2)),
        ValueError,
        r"weight must hold 100 .*\(50, 2\)",
    ),
    Case(
        "fit",
        "x_val 2 features",
        lambda c: _fit(c, x_val=c.x.repeat(1, 2), y_val=c.y),
        ValueError,
        "x_val has 2 column",
    ),
    Case(
        "fit",
        "lr True",
        lambda c: _fit(c, lr=True),
        ValueError,
        "lr must be a positive number",
    ),
    Case("fit", "float64 x", lambda c: _fit(c, x=c.x.double()), TypeError, "float64"),
    Case("fit", "float64 y", lambda c: _fit(c, y=c.y.double()), TypeError, "float64"),
    Case(
        "fit",
        "no rows",
        lambda c: _fit(c, x=c.x[:0], y=c.y[:0]),
        ValueError,
        "x has no rows",
    ),
    Case("fit", "int y", lambda c: _fit(c, y=c.y.long()), TypeError, "floating-point"),
    Case(
        "fit", "y (N,)", lambda c: _fit(c, y=c.y[:, 0]), ValueError, r"reshape\(-1, 1\)"
    ),
    Case(
        "fit", "seed str", lambda c: _fit(c, seed="0"), TypeError, "seed must be an int"
    ),
    Case(
        "fit",
        "device",
        lambda c: _fit(c, device="gpu0"),
        ValueError,
        "device 'gpu0' is not a torch device",
    ),
    Case(
        "fit",
        "x_plot shape",
        lambda c: _fit(c, x_plot=torch.zeros(5, 2)),
        ValueError,
        r"x_plot must have shape \(M, 1\)",
    ),
    Case(
        "fit",
        "loss vector",
        lambda c: _fit(c, loss=lambda p, t: (p - t) ** 2),
        TypeError,
        "must return a scalar",
    ),
    Case(
        "fit",
        "epochs 0",
        lambda c: _fit(c, epochs=0),
        ValueError,
        "epochs must be an int >= 1",
    ),
    Case(
        "fit",
        "optimizer name",
        lambda c: _fit(c, optimizer="sgdd"),
        ValueError,
        "optimizer must be",
    ),
    Case(
        "fit",
        "model str",
        lambda c: _fit(c, model="net"),
        TypeError,
        "model must be a torch.nn.Module",
    ),
    Case(
        "fit",
        "x_val alone",
        lambda c: _fit(c, x_val=c.x),
        ValueError,
        "give both x_val and y_val",
    ),
    Case(
        "fit",
        "weight negative",
        lambda c: _fit(c, weight=-torch.ones(100)),
        ValueError,
        "non-negative",
    ),
    # nnreg.animation
    Case(
        "select_frames",
        "str",
        lambda c: animation.select_frames("5", 2),
        TypeError,
        "n_snapshots must be an int",
    ),
    Case(
        "select_frames",
        "negative",
        lambda c: animation.select_frames(-1, None),
        ValueError,
        "n_snapshots must be zero or positive",
    ),
    Case(
        "select_frames",
        "float max",
        lambda c: animation.select_frames(10, 2.5),
        TypeError,
        "max_frames must be None or an int",
    ),
    Case(
        "select_frames",
        "max 1",
        lambda c: animation.select_frames(10, 1),
        ValueError,
        "max_frames must be at least 2",
    ),
    Case(
        "render_frames",
        "list history",
        lambda c: _render(c, history=[]),
        TypeError,
        "history must be an nnreg History",
    ),
    Case(
        "render_frames",
        "size 1 value",
        lambda c: _render(c, size=(640,)),
        TypeError,
        r"size must be \(width, height\)",
    ),
    Case(
        "render_frames",
        "x y lengths",
        lambda c: _render(c, y=c.y[:50]),
        ValueError,
        "x has 100 points but y has 50",
    ),
    Case(
        "render_frames",
        "empty data",
        lambda c: _render(c, x=c.x[:0], y=c.y[:0]),
        ValueError,
        "x and y are empty",
    ),
    Case(
        "render_frames",
        "ylim reversed",
        lambda c: _render(c, ylim=(1.0, 0.0)),
        ValueError,
        "ylim must be finite with low < high",
    ),
    Case(
        "render_frames",
        "dpi 0",
        lambda c: _render(c, dpi=0),
        ValueError,
        "dpi must be a positive int",
    ),
    Case(
        "save_gif",
        "colors 2",
        lambda c: _gif(c, colors=2),
        ValueError,
        "colors must be between 3 and 256",
    ),
    Case(
        "save_gif",
        "colors float",
        lambda c: _gif(c, colors=16.5),
        TypeError,
        "colors must be an int",
    ),
    Case(
        "save_gif",
        "fps 1e-9",
        lambda c: _gif(c, fps=1e-9),
        ValueError,
        "fps must be between",
    ),
    Case(
        "save_gif",
        "fps str",
        lambda c: _gif(c, fps="10"),
        TypeError,
        "fps must be a number",
    ),
    Case(
        "save_gif",
        "png path",
        lambda c: _gif(c, path=c.tmp / "x.png"),
        ValueError,
        r"path must end in \.gif",
    ),
    Case(
        "save_gif",
        "folder path",
        lambda c: _gif(c, path=c.folder_gif),
        IsADirectoryError,
        "is a folder",
    ),
    Case(
        "save_gif",
        "under a file",
        lambda c: _gif(c, path=c.a_file / "x.gif"),
        NotADirectoryError,
        "is a file",
    ),
    Case(
        "save_gif",
        "title int",
        lambda c: _gif(c, title=5),
        TypeError,
        "title must be a str",
    ),
    Case(
        "save_gif",
        "path int",
        lambda c: _gif(c, path=5),
        TypeError,
        "path must be a str or pathlib.Path",
    ),
    Case(
        "show_gif",
        "missing",
        lambda c: animation.show_gif(c.tmp / "nope.gif"),
        FileNotFoundError,
        "no such GIF file",
    ),
    Case(
        "show_gif",
        "not a GIF",
        lambda c: animation.show_gif(c.text),
        ValueError,
        "is not a GIF file",
    ),
    Case(
        "show_gif",
        "int",
        lambda c: animation.show_gif(5),
        TypeError,
        "path must be a str or pathlib.Path",
    ),
    # nnreg.gp
    Case(
        "gp_fit", "empty", lambda c: gp.gp_fit([], [], [1.0]), ValueError, "x is empty"
    ),
    Case(
        "gp_fit",
        "lengths",
        lambda c: gp.gp_fit(XS, YS[:5], XS),
        ValueError,
        "x has 10 points but y has 5",
    ),
    Case(
        "gp_fit",
        "metric str",
        lambda c: gp.gp_fit(XS, YS, XS, metric="a"),
        TypeError,
        "metric must be a number",
    ),
    Case(
        "gp_fit",
        "metric negative",
        lambda c: gp.gp_fit(XS, YS, XS, metric=-1.0),
        ValueError,
        "metric must be a positive",
    ),
    Case(
        "gp_fit",
        "yerr 0",
        lambda c: gp.gp_fit(XS, YS, XS, yerr=0.0),
        ValueError,
        "yerr must be a positive",
    ),
    Case(
        "gp_fit",
        "amplitude negative",
        lambda c: gp.gp_fit(XS, YS, XS, amplitude=-1.0),
        ValueError,
        "amplitude must be a positive",
    ),
    Case(
        "gp_fit",
        "2-D x",
        lambda c: gp.gp_fit(np.ones((10, 2)), YS, XS),
        ValueError,
        "x must be one-dimensional",
    ),
    Case(
        "gp_fit",
        "nan y",
        lambda c: gp.gp_fit(XS, np.full(10, np.nan), XS),
        ValueError,
        "y holds NaN",
    ),
    Case(
        "gp_fit",
        "constant y",
        lambda c: gp.gp_fit(XS, np.ones(10), XS),
        ValueError,
        "y is constant",
    ),
    Case(
        "gp_fit",
        "text x",
        lambda c: gp.gp_fit(["a", "b"], [1.0, 2.0], [1.0]),
        TypeError,
        "x must be an array of numbers",
    ),
    Case(
        "log_likelihood",
        "empty",
        lambda c: gp.log_likelihood([], [], 1.0),
        ValueError,
        "x is empty",
    ),
    Case(
        "log_likelihood",
        "metric 0",
        lambda c: gp.log_likelihood(XS, YS, 0.0),
        ValueError,
        "metric must be a positive",
    ),
    Case(
        "best_metric",
        "bounds 1 value",
        lambda c: gp.best_metric(XS, YS, bounds=(1.0,)),
        ValueError,
        r"bounds must be \(low, high\)",
    ),
    Case(
        "best_metric",
        "bounds reversed",
        lambda c: gp.best_metric(XS, YS, bounds=(10.0, 1.0)),
        ValueError,
        "bounds must satisfy 0 < low < high",
    ),
    Case(
        "best_metric",
        "grid 1",
        lambda c: gp.best_metric(XS, YS, grid=1),
        ValueError,
        "grid must be an int >= 3",
    ),
    # nnreg.ditau
    Case(
        "four_vector",
        "lengths",
        lambda c: ditau.four_vector(np.ones(3), np.ones(2), 0.0, 0.0),
        ValueError,
        "pt, eta, phi and mass must have the same length",
    ),
    Case(
        "four_vector",
        "text",
        lambda c: ditau.four_vector(["a"], 0.0, 0.0, 0.0),
        TypeError,
        "pt must hold numbers",
    ),
    Case(
        "invariant_mass",
        "(N,3)",
        lambda c: ditau.invariant_mass(np.ones((5, 3))),
        ValueError,
        r"p4 must have shape \(\.\.\., 4\)",
    ),
    Case(
        "invariant_mass",
        "(4,N)",
        lambda c: ditau.invariant_mass(np.ones((4, 7))),
        ValueError,
        r"p4\.T",
    ),
    Case(
        "invariant_mass",
        "scalar",
        lambda c: ditau.invariant_mass(3.0),
        ValueError,
        r"p4 must have shape",
    ),
    Case(
        "invariant_mass",
        "text",
        lambda c: ditau.invariant_mass(np.array([["a"] * 4])),
        TypeError,
        "p4 must hold numbers",
    ),
    Case(
        "generate",
        "pt_scale 1e300",
        lambda c: ditau.generate("Z", 10, pt_scale=1e300),
        ValueError,
        "pt_scale must be at most",
    ),
    Case(
        "generate",
        "n_events 1e15",
        lambda c: ditau.generate("Z", 10**15),
        ValueError,
        "n_events must be between 0 and",
    ),
    Case(
        "generate",
        "selection keeps nothing",
        lambda c: ditau.generate(
            "flat", 10, flat_mass_range=(4.0, 5.0), pt_scale=0.001
        ),
        ValueError,
        "passed the selection",
    ),
    Case(
        "generate",
        "process",
        lambda c: ditau.generate("W", 10),
        ValueError,
        "process must be one of",
    ),
    Case(
        "generate",
        "n_events float",
        lambda c: ditau.generate("Z", 10.0),
        TypeError,
        "n_events must be an int",
    ),
    Case(
        "generate",
        "flat_mass_range 1 value",
        lambda c: ditau.generate("flat", 10, flat_mass_range=(50.0,)),
        ValueError,
        r"flat_mass_range must be \(low, high\)",
    ),
    Case(
        "generate",
        "flat_mass_range inf",
        lambda c: ditau.generate("flat", 10, flat_mass_range=(50.0, float("inf"))),
        ValueError,
        "flat_mass_range must be",
    ),
    Case(
        "generate",
        "select str",
        lambda c: ditau.generate("Z", 10, select="yes"),
        TypeError,
        "select must be True or False",
    ),
    Case(
        "generate",
        "pt_shape 0",
        lambda c: ditau.generate("Z", 10, pt_shape=0.0),
        ValueError,
        "pt_shape must be finite and positive",
    ),
    Case(
        "code_names",
        "channel -1",
        lambda c: ditau.code_names("channel", -1),
        ValueError,
        "codes of 'channel' run from 0 to 5",
    ),
    Case(
        "code_names",
        "channel 6",
        lambda c: ditau.code_names("channel", 6),
        ValueError,
        "codes of 'channel' run from 0 to 5",
    ),
    Case(
        "code_names",
        "float code",
        lambda c: ditau.code_names("process", 1.0),
        TypeError,
        "must be integers",
    ),
    Case(
        "code_names",
        "column",
        lambda c: ditau.code_names("vis_pt1", 0),
        KeyError,
        "holds no codes",
    ),
    Case(
        "code_names",
        "column int",
        lambda c: ditau.code_names(3, 0),
        TypeError,
        "column must be a column name",
    ),
    Case(
        "visible_fraction_density",
        "mode 7",
        lambda c: ditau.visible_fraction_density(0.5, 7),
        ValueError,
        "decay_mode codes run from 0 to 4",
    ),
    Case(
        "visible_fraction_density",
        "mode float",
        lambda c: ditau.visible_fraction_density(0.5, 1.5),
        TypeError,
        "decay_mode must hold integer codes",
    ),
    Case(
        "visible_fraction_density",
        "vis_mass 2",
        lambda c: ditau.visible_fraction_density(0.5, 2, vis_mass=2.0),
        ValueError,
        "vis_mass must be in",
    ),
    Case(
        "write_root",
        "float16",
        lambda c: ditau.write_root(c.tmp / "o.root", {"m": np.zeros(3, np.float16)}),
        TypeError,
        "types a ROOT file cannot hold",
    ),
    Case(
        "write_root",
        "int key",
        lambda c: ditau.write_root(c.tmp / "o.root", {7: np.zeros(3)}),
        TypeError,
        "column names must be non-empty str",
    ),
    Case(
        "write_root",
        "folder path",
        lambda c: ditau.write_root(c.tmp, c.events),
        IsADirectoryError,
        "is a folder",
    ),
    Case(
        "write_root",
        "under a file",
        lambda c: ditau.write_root(c.a_file / "sub" / "o.root", c.events),
        NotADirectoryError,
        "is a file",
    ),
    Case(
        "write_root",
        "ragged",
        lambda c: ditau.write_root(
            c.tmp / "o.root", {"a": np.zeros(3), "b": np.zeros(4)}
        ),
        ValueError,
        "same length",
    ),
    Case(
        "write_root",
        "empty",
        lambda c: ditau.write_root(c.tmp / "o.root", {}),
        TypeError,
        "non-empty dict",
    ),
    Case(
        "write_root",
        "text column",
        lambda c: ditau.write_root(c.tmp / "o.root", {"a": np.array(["x"])}),
        TypeError,
        "not numeric",
    ),
    Case(
        "write_root",
        "tree int",
        lambda c: ditau.write_root(c.tmp / "o.root", c.events, tree=5),
        TypeError,
        "tree must be a non-empty str",
    ),
    Case(
        "read_root",
        "random bytes",
        lambda c: ditau.read_root(c.text),
        ValueError,
        "corrupt or truncated ROOT file",
    ),
    Case(
        "read_root",
        "columns ints",
        lambda c: ditau.read_root(c.root, columns=[1]),
        TypeError,
        "columns must be None, a str or a list of str",
    ),
    Case(
        "read_root",
        "missing file",
        lambda c: ditau.read_root(c.tmp / "nope.root"),
        FileNotFoundError,
        "no ROOT file at",
    ),
    Case(
        "read_root",
        "missing tree",
        lambda c: ditau.read_root(c.root, tree="t"),
        KeyError,
        "has no tree 't'",
    ),
    Case(
        "read_root",
        "missing column",
        lambda c: ditau.read_root(c.root, columns=["pt"]),
        KeyError,
        r"lacks the branches \['pt'\]",
    ),
    Case(
        "read_root",
        "path int",
        lambda c: ditau.read_root(5),
        TypeError,
        "path must be a str or os.PathLike",
    ),
]


@pytest.fixture(scope="module")
def context(tmp_path_factory):
    return make_context(tmp_path_factory.mktemp("inputs"))


@pytest.mark.parametrize(
    "case", CASES, ids=[f"{case.function}-{case.name}" for case in CASES]
)
def test_bad_input_is_refused_clearly(case, context):
    with pytest.raises(case.error) as info:
        case.call(context)
    message = info.value.args[0] if info.value.args else ""
    assert re.search(case.match, str(message)), str(message)


def test_every_public_function_has_cases():
    public = set()
    for module in (nnreg.data, nnreg.models, nnreg.training, animation, gp, ditau):
        public |= {n for n in module.__all__ if callable(getattr(module, n))}
    public -= {"History", "Snapshot", "GPFit"}  # records of results
    assert public <= {case.function for case in CASES}
