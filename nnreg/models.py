"""Multilayer perceptrons for one-dimensional regression.

:func:`mlp` builds the ``torch.nn.Sequential`` stacks the lessons use, with an
activation after every hidden layer, after only some of them, or after none
(the linear-only stack of lesson 15.4, which collapses to one affine map).
:class:`TwoLayerNet` is the lesson's first network, written as a class.
Where a one-input ReLU network bends: :func:`relu_kinks` reads it exactly off
the weights of a :class:`TwoLayerNet`; :func:`kink_positions` finds it for a
network of any depth, on a fine grid.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import numpy as np
import torch
from torch import nn

__all__ = [
    "ACTIVATIONS",
    "TwoLayerNet",
    "collapse_linear",
    "count_hidden_layers",
    "count_parameters",
    "kink_positions",
    "mlp",
    "relu_kinks",
]

#: Names accepted by :func:`mlp` for its ``activation`` argument.
ACTIVATIONS: dict[str, type[nn.Module]] = {
    "relu": nn.ReLU,
    "tanh": nn.Tanh,
    "sigmoid": nn.Sigmoid,
    "gelu": nn.GELU,
    "elu": nn.ELU,
}

ActivationSpec = str | type[nn.Module] | None


def _positive_int(value: object, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"{name} must be a positive int, got {value!r}")
    return value


@contextmanager
def _seeded(seed: int | None) -> Iterator[None]:
    """Draw initial weights from ``seed`` and leave the global generator as it was."""
    if seed is None:
        yield
        return
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise TypeError(f"seed must be an int or None, got {seed!r}")
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        yield


def _activation_layer(spec: ActivationSpec) -> nn.Module | None:
    if spec is None:
        return None
    if isinstance(spec, str):
        try:
            return ACTIVATIONS[spec.lower()]()
        except KeyError:
            raise ValueError(
                f"unknown activation {spec!r}; use one of {sorted(ACTIVATIONS)}, "
                "None for no activation, or a torch.nn.Module class"
            ) from None
    if isinstance(spec, type) and issubclass(spec, nn.Module):
        return spec()
    raise TypeError(
        f"activation must be a name, a torch.nn.Module class or None, got {spec!r}"
    )


def mlp(
    n_in: int,
    hidden: Sequence[int],
    n_out: int,
    activation: ActivationSpec | Sequence[ActivationSpec] = "relu",
    seed: int | None = None,
) -> nn.Sequential:
    """Build a stack of ``Linear`` layers and activations as a ``torch.nn.Sequential``.

    Parameters
    ----------
    n_in, n_out
        Input and output widths.
    hidden
        Width of each hidden layer, in order; ``[]`` gives a single linear map.
    activation
        What follows each hidden layer: a name from :data:`ACTIVATIONS`, a
        ``torch.nn.Module`` class, ``None`` (nothing: a linear-only stack), or
        a sequence with one such entry per hidden layer, which places
        activations after some layers only.
    seed
        If given, the initial weights are drawn as after
        ``torch.manual_seed(seed)``, without changing torch's global random
        state; the same seed gives the same network.

    Returns
    -------
    torch.nn.Sequential
        ``print(net)`` shows every layer.

    Examples
    --------
    >>> mlp(1, [100, 50], 1, activation=["relu", None])
    Sequential(
      (0): Linear(in_features=1, out_features=100, bias=True)
      (1): ReLU()
      (2): Linear(in_features=100, out_features=50, bias=True)
      (3): Linear(in_features=50, out_features=1, bias=True)
    )
    """
    n_in = _positive_int(n_in, "n_in")
    n_out = _positive_int(n_out, "n_out")
    if isinstance(hidden, int | str) or not isinstance(hidden, Sequence):
        raise TypeError(
            f"hidden must be a sequence of layer widths such as [10] or [100, 50], "
            f"got {hidden!r}"
        )
    widths = [_positive_int(w, "each hidden width") for w in hidden]
    if isinstance(activation, Sequence) and not isinstance(activation, str):
        per_layer = list(activation)
        if len(per_layer) != len(widths):
            raise ValueError(
                f"got {len(per_layer)} activations for {len(widths)} hidden layers; "
                "give one entry (or None) per hidden layer, or a single activation"
            )
    else:
        per_layer = [activation] * len(widths)

    acts = [_activation_layer(a) for a in per_layer]
    with _seeded(seed):
        layers: list[nn.Module] = []
        prev = n_in
        for width, act_layer in zip(widths, acts, strict=True):
            layers.append(nn.Linear(prev, width))
            if act_layer is not None:
                layers.append(act_layer)
            prev = width
        layers.append(nn.Linear(prev, n_out))
    return nn.Sequential(*layers)


class TwoLayerNet(nn.Module):
    """One hidden layer with ReLU, then a linear output: the lesson's first net.

    ``f(x) = W2 relu(W1 x + b1) + b2``.

    Parameters
    ----------
    n_feature, n_hidden, n_output
        Input width, hidden width and output width.
    seed
        Optional seed of the initial weights, as in :func:`mlp`.

    See Also
    --------
    kink_positions : the same for a network of any depth, found on a grid.

    Examples
    --------
    >>> TwoLayerNet(1, 10, 1)
    TwoLayerNet(
      (hidden): Linear(in_features=1, out_features=10, bias=True)
      (predict): Linear(in_features=10, out_features=1, bias=True)
    )
    """

    def __init__(
        self, n_feature: int, n_hidden: int, n_output: int, seed: int | None = None
    ) -> None:
        super().__init__()
        n_feature = _positive_int(n_feature, "n_feature")
        n_hidden = _positive_int(n_hidden, "n_hidden")
        n_output = _positive_int(n_output, "n_output")
        with _seeded(seed):
            self.hidden = nn.Linear(n_feature, n_hidden)
            self.predict = nn.Linear(n_hidden, n_output)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.predict(torch.relu(self.hidden(x)))


def _module(model: object) -> nn.Module:
    if not isinstance(model, nn.Module):
        raise TypeError(f"model must be a torch.nn.Module, got {type(model).__name__}")
    return model


def _linear_layers(model: nn.Module) -> list[nn.Linear]:
    _module(model)
    return [m for m in model.modules() if isinstance(m, nn.Linear)]


def count_hidden_layers(model: nn.Module) -> int:
    """Number of hidden layers: the linear layers that are not the output layer.

    A stack of ``k`` ``Linear`` layers maps the input through ``k - 1``
    intermediate (hidden) representations; activations are not layers of
    their own.

    See Also
    --------
    relu_kinks : exact positions and slope jumps of a :class:`TwoLayerNet`.

    Examples
    --------
    >>> count_hidden_layers(mlp(1, [50] * 5, 1))
    5
    """
    linears = _linear_layers(model)
    if not linears:
        raise ValueError(f"{type(model).__name__} has no torch.nn.Linear layer")
    return len(linears) - 1


def count_parameters(model: nn.Module, trainable_only: bool = True) -> int:
    """Number of scalar parameters (weights and biases) in ``model``.

    Examples
    --------
    >>> count_parameters(TwoLayerNet(1, 10, 1))  # 10 + 10 + 10 + 1
    31
    """
    _module(model)
    if not isinstance(trainable_only, bool):
        raise TypeError(f"trainable_only must be True or False, got {trainable_only!r}")
    return sum(
        p.numel() for p in model.parameters() if p.requires_grad or not trainable_only
    )


def collapse_linear(model: nn.Sequential) -> tuple[torch.Tensor, torch.Tensor]:
    """Multiply out a stack of ``Linear`` layers into one affine map.

    A product of affine maps ``x -> W_k(...(W_1 x + b_1)...) + b_k`` is itself
    affine, ``x -> W x + b``; this returns ``(W, b)``.  It refuses anything it
    cannot prove linear: only a plain ``torch.nn.Sequential`` (whose forward
    just chains its layers) holding nothing but ``Linear`` layers qualifies.
    A network such as :class:`TwoLayerNet`, whose activation lives in its
    ``forward``, is refused even though its layers are all ``Linear``.

    Examples
    --------
    >>> net = mlp(1, [100, 100], 1, activation=None)
    >>> W, b = collapse_linear(net)
    >>> x = torch.linspace(-1, 1, 5).unsqueeze(1)
    >>> bool(torch.allclose(net(x), x @ W.T + b, atol=1e-5))
    True
    """
    if not isinstance(model, nn.Sequential) or type(model).forward is not (
        nn.Sequential.forward
    ):
        raise TypeError(
            "collapse_linear needs a torch.nn.Sequential of Linear layers, whose "
            f"output is provably affine; got {type(model).__name__}, whose forward "
            "may apply anything between its layers"
        )
    modules = list(model.children())
    others = [type(m).__name__ for m in modules if not isinstance(m, nn.Linear)]
    if not modules or others:
        raise ValueError(
            "collapse_linear needs a Sequential of Linear layers only; "
            f"this one also holds {others or 'nothing'}"
        )
    for a, b in zip(modules, modules[1:], strict=False):
        if a.out_features != b.in_features:
            raise ValueError(
                f"layer widths do not chain: {a} is followed by {b}; this "
                "Sequential cannot run, let alone collapse"
            )

    def bias_of(layer: nn.Linear) -> torch.Tensor:
        if layer.bias is None:
            return torch.zeros(layer.out_features, dtype=layer.weight.dtype)
        return layer.bias

    with torch.no_grad():
        weight = modules[0].weight.clone()
        bias = bias_of(modules[0]).clone()
        for layer in modules[1:]:
            weight = layer.weight @ weight
            bias = layer.weight @ bias + bias_of(layer)
    return weight, bias


def _finite_number(value: object, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"{name} must be a real number, got {value!r}")
    if not np.isfinite(value):
        raise ValueError(f"{name} must be finite, got {value!r}")
    return float(value)


def relu_kinks(
    model: TwoLayerNet, lo: float, hi: float
) -> tuple[np.ndarray, np.ndarray]:
    r"""Where a one-input :class:`TwoLayerNet` bends inside ``(lo, hi)``.

    Hidden unit ``j`` computes :math:`\mathrm{ReLU}(w_j x + b_j)`, which is
    zero on one side of :math:`x_j = -b_j / w_j` and a straight line on the
    other. The prediction :math:`\sum_j v_j \mathrm{ReLU}(w_j x + b_j) + c`
    is therefore straight except at these points, where its slope (from
    left to right) grows by :math:`v_j |w_j|`, with :math:`v_j` the unit's
    output weight. Both are computed in double precision from the weights.

    Parameters
    ----------
    model
        A :class:`TwoLayerNet` with one input and one output.
    lo, hi
        The range to look in, ``lo < hi``; kinks exactly at ``lo`` or ``hi``
        are left out.

    Returns
    -------
    positions, jumps : numpy.ndarray
        One entry per hidden unit that switches on inside ``(lo, hi)``,
        sorted by position, ``float64``. A unit with ``w_j = 0`` never
        switches (it is constant); a unit with ``v_j = 0`` is listed with a
        jump of zero, and units that switch at the same point are listed
        one by one, so their jumps add up there.

    Raises
    ------
    TypeError
        If ``model`` is not a :class:`TwoLayerNet`, or ``lo``/``hi`` are not
        real numbers.
    ValueError
        If the network has more than one input or output, or the range is
        empty or not finite.

    Examples
    --------
    >>> net = TwoLayerNet(1, 2, 1)
    >>> with torch.no_grad():
    ...     net.hidden.weight[:] = torch.tensor([[1.0], [-2.0]])
    ...     net.hidden.bias[:] = torch.tensor([0.5, 1.0])
    ...     net.predict.weight[:] = torch.tensor([[3.0, 1.0]])
    >>> positions, jumps = relu_kinks(net, -1.0, 1.0)
    >>> positions.tolist(), jumps.tolist()
    ([-0.5, 0.5], [3.0, 2.0])
    """
    if not isinstance(model, TwoLayerNet):
        raise TypeError(
            f"relu_kinks reads the weights of a TwoLayerNet, got {type(model).__name__}"
        )
    n_in, n_out = model.hidden.in_features, model.predict.out_features
    if n_in != 1 or n_out != 1:
        raise ValueError(
            f"relu_kinks needs a network with one input and one output, this one "
            f"has {n_in} input(s) and {n_out} output(s); with several inputs the "
            "kinks are lines or planes, not points"
        )
    lo, hi = _finite_number(lo, "lo"), _finite_number(hi, "hi")
    if not lo < hi:
        raise ValueError(f"need lo < hi, got lo={lo!r} and hi={hi!r}")
    with torch.no_grad():
        w = model.hidden.weight.double().cpu().numpy()[:, 0]
        b = model.hidden.bias.double().cpu().numpy()
        v = model.predict.weight.double().cpu().numpy()[0]
    switches = w != 0
    where = -b[switches] / w[switches]
    jump = (v * np.abs(w))[switches]
    inside = (where > lo) & (where < hi)
    order = np.argsort(where[inside], kind="stable")
    return where[inside][order], jump[inside][order]


def kink_positions(
    model: nn.Module, lo: float, hi: float, points: int = 20_001
) -> np.ndarray:
    """Where a one-input ReLU network's output bends, between ``lo`` and ``hi``.

    The output of a network of ``Linear`` layers and ReLUs is piecewise
    linear in its input: straight pieces joined at kinks.  This evaluates a
    copy of ``model`` in double precision on ``points`` evenly spaced inputs
    and reports every place where the slope changes.  Each position is
    accurate to one grid step, ``(hi - lo) / (points - 1)``; kinks closer
    together than two steps count as one.  The network draws
    ``len(kink_positions(...)) + 1`` straight pieces on ``[lo, hi]``.

    Parameters
    ----------
    model
        A network with one input and one output, such as ``mlp(1, [...], 1)``;
        it is not changed.
    lo, hi
        The interval to search, ``lo < hi``, in the units of the network's
        input.
    points
        Grid size, at least 3.

    Returns
    -------
    numpy.ndarray
        Kink positions in increasing order (empty for a straight line).

    Examples
    --------
    >>> net = mlp(1, [2], 1)
    >>> with torch.no_grad():
    ...     _ = net[0].weight.copy_(torch.tensor([[1.0], [-1.0]]))
    ...     _ = net[0].bias.copy_(torch.tensor([-0.5, -0.5]))
    >>> kink_positions(net, -2.0, 2.0, points=4001).round(3).tolist()
    [-0.5, 0.5]
    """
    _module(model)
    for name, value in (("lo", lo), ("hi", hi)):
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise TypeError(f"{name} must be a number, got {value!r}")
        if not np.isfinite(value):
            raise ValueError(f"{name} must be finite, got {value!r}")
    if not lo < hi:
        raise ValueError(f"need lo < hi, got lo={lo!r}, hi={hi!r}")
    if isinstance(points, bool) or not isinstance(points, int) or points < 3:
        raise ValueError(f"points must be an int of at least 3, got {points!r}")
    grid = np.linspace(lo, hi, points)
    twin = copy.deepcopy(model).double()
    try:
        with torch.no_grad():
            out = twin(torch.from_numpy(grid).unsqueeze(1))
    except RuntimeError as err:
        raise ValueError(
            "kink_positions needs a network with one input, such as "
            f"mlp(1, [...], 1); evaluating {type(model).__name__} on a column "
            f"of inputs failed: {err}"
        ) from err
    if out.numel() != points:
        raise ValueError(
            "kink_positions needs a network with one output; got output shape "
            f"{tuple(out.shape)} for {points} inputs"
        )
    slope = np.diff(out.reshape(-1).numpy()) / (grid[1] - grid[0])
    # float64 rounding changes a slope by far less than this; a real kink
    # changes it by the size of one unit's contribution
    tol = 1e-7 * (1.0 + np.abs(slope).max())
    bent = np.abs(np.diff(slope)) > tol
    # a kink inside a grid cell bends the slopes on both sides of that cell,
    # so a run of neighbouring bends is one kink, in the middle of the run
    edges = np.diff(np.concatenate([[0], bent.astype(np.int8), [0]]))
    starts, stops = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    return grid[1:-1][starts] + (stops - starts - 1) * (grid[1] - grid[0]) / 2
