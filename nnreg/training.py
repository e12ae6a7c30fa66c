"""One training loop for every lesson: :func:`fit`.

It trains full-batch by default (as the lessons do) or on shuffled
mini-batches, with any ``torch.optim`` optimiser, records the loss of every
epoch and, if asked, snapshots of the prediction for an animation.  It checks
the mistakes that otherwise train silently into nonsense: targets that
broadcast against the prediction, non-finite inputs, an optimiser that was
built for a different network, and a loss that blows up.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import torch
from torch import nn

__all__ = ["History", "Snapshot", "fit", "mape_loss", "mse_loss"]

LossFn = Callable[[torch.Tensor, torch.Tensor], torch.Tensor]

_OPTIMIZERS: dict[str, type[torch.optim.Optimizer]] = {
    "sgd": torch.optim.SGD,
    "adam": torch.optim.Adam,
    "adamw": torch.optim.AdamW,
    "rmsprop": torch.optim.RMSprop,
}


def _loss_inputs(
    prediction: object, target: object, weight: object
) -> torch.Tensor | None:
    """Refuse shapes that would broadcast; ``weight`` shaped to ``(N, 1, ...)``."""
    for name, t in (("prediction", prediction), ("target", target)):
        if not isinstance(t, torch.Tensor):
            raise TypeError(f"{name} must be a torch.Tensor, got {type(t).__name__}")
    if prediction.shape != target.shape:
        raise ValueError(
            f"prediction has shape {tuple(prediction.shape)} but target has "
            f"{tuple(target.shape)}; they must match exactly, or the loss would "
            "broadcast them (for one output use shape (N, 1) for both)"
        )
    if prediction.ndim == 0 or prediction.shape[0] == 0:
        raise ValueError(
            f"prediction and target need at least one sample, got shape "
            f"{tuple(prediction.shape)}"
        )
    if weight is None:
        return None
    if not isinstance(weight, torch.Tensor):
        raise TypeError(f"weight must be a torch.Tensor, got {type(weight).__name__}")
    n = prediction.shape[0]
    if weight.shape not in ((n,), (n, 1)):
        raise ValueError(
            f"weight must have shape ({n},) or ({n}, 1), one value per sample, "
            f"got {tuple(weight.shape)}"
        )
    return weight.reshape((n,) + (1,) * (prediction.ndim - 1))


def mse_loss(
    prediction: torch.Tensor, target: torch.Tensor, weight: torch.Tensor | None = None
) -> torch.Tensor:
    r"""Mean squared error, optionally weighted per sample.

    .. math:: \mathcal{L} = \frac{\sum_i w_i (y_i - f(x_i))^2}{\sum_i w_i}

    ``prediction`` and ``target`` must have the same shape (no broadcasting);
    ``weight`` holds one value per sample, shape ``(N,)`` or ``(N, 1)``.

    Examples
    --------
    >>> float(mse_loss(torch.tensor([[1.0], [3.0]]), torch.tensor([[2.0], [2.0]])))
    1.0
    """
    weight = _loss_inputs(prediction, target, weight)
    sq = (prediction - target) ** 2
    if weight is None:
        return sq.mean()
    return (weight * sq).sum() / (weight.sum() * (sq.numel() // sq.shape[0]))


def mape_loss(
    prediction: torch.Tensor, target: torch.Tensor, weight: torch.Tensor | None = None
) -> torch.Tensor:
    r"""Mean absolute percentage error, in percent.

    .. math:: \mathcal{L} = \frac{100\,\%}{N} \sum_i \frac{|y_i - f(x_i)|}{|y_i|}

    Undefined where a target is zero; :func:`fit` refuses such targets.
    Shapes as in :func:`mse_loss`.

    Examples
    --------
    >>> float(mape_loss(torch.tensor([[1.1], [1.8]]), torch.tensor([[1.0], [2.0]])))
    10.0...
    """
    weight = _loss_inputs(prediction, target, weight)
    rel = (prediction - target).abs() / target.abs()
    if weight is None:
        return 100.0 * rel.mean()
    return 100.0 * (weight * rel).sum() / (weight.sum() * (rel.numel() // rel.shape[0]))


_LOSSES: dict[str, Callable[..., torch.Tensor]] = {"mse": mse_loss, "mape": mape_loss}


@dataclass
class Snapshot:
    """A prediction on ``x_plot`` recorded at the start of an epoch."""

    epoch: int
    loss: float
    prediction: np.ndarray


@dataclass
class History:
    """What :func:`fit` records.

    Attributes
    ----------
    loss
        Training loss of every epoch (for mini-batches, the mean over batches),
        measured on the prediction made before that epoch's update.
    val_loss
        Loss on ``(x_val, y_val)`` after every epoch, if a held-out set was given.
    snapshots
        Predictions every ``snapshot_every`` epochs, plus one after the last
        update, for :func:`nnreg.animation.save_gif`.
    x_plot
        The inputs the snapshots were evaluated on, shape ``(M, n_in)``.
    lr
        The optimiser's learning rate (of its first parameter group).
    device
        Where the training ran.
    final_loss
        Training loss of the trained model (after the last update) on the
        full training set.
    """

    loss: list[float] = field(default_factory=list)
    val_loss: list[float] = field(default_factory=list)
    snapshots: list[Snapshot] = field(default_factory=list)
    x_plot: np.ndarray | None = None
    lr: float | None = None
    device: str = "cpu"
    final_loss: float = math.nan

    @property
    def epochs(self) -> int:
        """Number of epochs trained."""
        return len(self.loss)

    def __repr__(self) -> str:
        return (
            f"History(epochs={self.epochs}, final_loss={self.final_loss:.5g}, "
            f"snapshots={len(self.snapshots)}, lr={self.lr}, device={self.device!r})"
        )


def _check_xy(name_x: str, x: object, name_y: str, y: object) -> None:
    for name, t in ((name_x, x), (name_y, y)):
        if not isinstance(t, torch.Tensor):
            raise TypeError(
                f"{name} must be a torch.Tensor, got {type(t).__name__}; "
                "convert with torch.as_tensor(a, dtype=torch.float32)"
            )
        if t.ndim != 2:
            raise ValueError(
                f"{name} has shape {tuple(t.shape)}; fit expects (N, features), "
                f"for one feature use {name}.reshape(-1, 1)"
            )
        if t.shape[0] == 0:
            raise ValueError(f"{name} has no rows; fit needs at least one sample")
        if not t.is_floating_point():
            raise TypeError(
                f"{name} has dtype {t.dtype}; fit needs floating-point tensors, "
                f"convert with {name}.float()"
            )
        if not torch.isfinite(t).all():
            bad = int((~torch.isfinite(t)).sum())
            raise ValueError(
                f"{name} holds {bad} NaN or infinite value(s); remove or impute them "
                "before training"
            )
    if x.shape[0] != y.shape[0]:
        raise ValueError(
            f"{name_x} has {x.shape[0]} rows but {name_y} has {y.shape[0]}; "
            "they must pair up sample by sample"
        )


def _make_optimizer(
    optimizer: str | torch.optim.Optimizer, lr: float | None, model: nn.Module
) -> torch.optim.Optimizer:
    if isinstance(optimizer, torch.optim.Optimizer):
        if lr is not None:
            raise ValueError(
                "lr is only used with an optimiser name; this optimiser already has "
                f"lr={optimizer.param_groups[0]['lr']}, so drop the lr argument"
            )
        held = {id(p) for g in optimizer.param_groups for p in g["params"]}
        if not any(id(p) in held for p in model.parameters()):
            raise ValueError(
                "the optimiser holds none of this model's parameters, so training "
                "would never change the model (was it built for another network?); "
                "create it from this model: torch.optim.SGD(model.parameters(), lr=...)"
            )
        return optimizer
    if not isinstance(optimizer, str) or optimizer.lower() not in _OPTIMIZERS:
        raise ValueError(
            f"optimizer must be a torch.optim.Optimizer or one of "
            f"{sorted(_OPTIMIZERS)}, got {optimizer!r}"
        )
    if lr is None:
        raise ValueError(f"optimizer={optimizer!r} needs a learning rate: pass lr=...")
    if not (
        isinstance(lr, int | float)
        and not isinstance(lr, bool)
        and lr > 0
        and math.isfinite(lr)
    ):
        raise ValueError(f"lr must be a positive number, got {lr!r}")
    # foreach: one fused kernel call per step for all parameters instead of one
    # per tensor; same numbers, and most of a small network's step time saved
    return _OPTIMIZERS[optimizer.lower()](model.parameters(), lr=lr, foreach=True)


def _resolve_device(device: str | torch.device | None) -> torch.device:
    if device is None:
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    if not isinstance(device, str | torch.device):
        raise TypeError(f"device must be None, a str or a torch.device, got {device!r}")
    try:
        return torch.device(device)
    except RuntimeError as err:
        raise ValueError(
            f"device {device!r} is not a torch device (use 'cpu', 'cuda', ...): {err}"
        ) from None


def fit(
    model: nn.Module,
    x: torch.Tensor,
    y: torch.Tensor,
    *,
    epochs: int,
    optimizer: str | torch.optim.Optimizer = "sgd",
    lr: float | None = None,
    loss: str | LossFn = "mse",
    batch_size: int | None = None,
    weight: torch.Tensor | None = None,
    seed: int = 0,
    x_val: torch.Tensor | None = None,
    y_val: torch.Tensor | None = None,
    snapshot_every: int | None = None,
    x_plot: torch.Tensor | None = None,
    device: str | torch.device | None = None,
) -> History:
    """Train ``model`` to map ``x`` to ``y`` and return what happened.

    Parameters
    ----------
    model
        Any ``torch.nn.Module``; it is trained in place (and moved to ``device``).
    x, y
        Inputs ``(N, n_in)`` and targets ``(N, n_out)``, finite, at least one
        row, in the dtype of the model's parameters (``float32`` for the
        networks of :mod:`nnreg.models`).  Other dtypes, ``float64`` included,
        are refused with a ``TypeError`` rather than converted silently:
        convert with ``x.float()`` (or the model with ``model.double()``).
    epochs
        Passes over the data (at least 1).
    optimizer
        A ``torch.optim.Optimizer`` built on ``model.parameters()``, or one of
        ``"sgd"``, ``"adam"``, ``"adamw"``, ``"rmsprop"`` together with ``lr``.
    lr
        Learning rate, with an optimiser name only.
    loss
        ``"mse"`` (default), ``"mape"`` (percent; targets must be non-zero) or a
        callable ``loss(prediction, target) -> scalar tensor``.
    batch_size
        ``None`` for full-batch gradient descent; otherwise shuffled
        mini-batches of this size, reshuffled every epoch from ``seed``.
    weight
        Optional per-sample weights, shape ``(N,)`` or ``(N, 1)`` exactly,
        non-negative, for the built-in losses.
    seed
        Seed of the mini-batch shuffling (it does not touch global RNG state).
    x_val, y_val
        Optional held-out set with the columns of ``x`` and ``y``; its loss is
        recorded after every epoch.
    snapshot_every
        Record the prediction every this many epochs (and once after training)
        for an animation.
    x_plot
        Where to evaluate the snapshots; defaults to ``x``.
    device
        ``"cpu"``, ``"cuda"``, ...; ``None`` picks CUDA when available.

    Returns
    -------
    History

    Raises
    ------
    ValueError
        For shape mismatches (held-out set and weights included), empty or
        non-finite inputs, ``epochs < 1``, a learning rate that is not a
        positive number (``True`` included), and an optimiser that holds none
        of the model's parameters.
    TypeError
        For inputs that are not tensors or not of the model's dtype, and a
        custom loss that does not return a scalar tensor.
    FloatingPointError
        When the loss becomes NaN or infinite; the message names the epoch and
        the learning rate.

    Examples
    --------
    >>> from nnreg import noisy_parabola, mlp
    >>> x, y = noisy_parabola(seed=1)
    >>> net = mlp(1, [10], 1, seed=1)
    >>> hist = fit(net, x, y, epochs=200, optimizer="sgd", lr=0.2)
    >>> hist.final_loss < 0.01
    True
    """
    if not isinstance(model, nn.Module):
        raise TypeError(f"model must be a torch.nn.Module, got {type(model).__name__}")
    if isinstance(epochs, bool) or not isinstance(epochs, int) or epochs < 1:
        raise ValueError(f"epochs must be an int >= 1, got {epochs!r}")
    _check_xy("x", x, "y", y)
    if (x_val is None) != (y_val is None):
        raise ValueError("give both x_val and y_val, or neither")
    if x_val is not None:
        _check_xy("x_val", x_val, "y_val", y_val)
        for name, val, train in (("x_val", x_val, x), ("y_val", y_val, y)):
            if val.shape[1] != train.shape[1]:
                raise ValueError(
                    f"{name} has {val.shape[1]} column(s) but "
                    f"{name[0]} has {train.shape[1]}; the held-out set must have "
                    "the training set's layout"
                )
    dtypes = {p.dtype for p in model.parameters()}
    if len(dtypes) == 1:
        (dtype,) = dtypes
        given = {"x": x, "y": y, "x_val": x_val, "y_val": y_val}
        wrong = {
            k: str(t.dtype)
            for k, t in given.items()
            if t is not None and t.dtype != dtype
        }
        if wrong:
            raise TypeError(
                f"the model's parameters are {dtype} but {wrong}; convert the "
                f"data (e.g. x.to({dtype})) or the model (model.to({dtype}))"
            )
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise TypeError(f"seed must be an int, got {seed!r}")
    if x_plot is not None:
        if not isinstance(x_plot, torch.Tensor | np.ndarray):
            raise TypeError(
                "x_plot must be a torch.Tensor or numpy array, got "
                f"{type(x_plot).__name__}"
            )
        if x_plot.ndim != 2 or x_plot.shape[1] != x.shape[1] or x_plot.shape[0] == 0:
            raise ValueError(
                f"x_plot must have shape (M, {x.shape[1]}) like x, got "
                f"{tuple(x_plot.shape)}"
            )
    if batch_size is not None and (
        isinstance(batch_size, bool)
        or not isinstance(batch_size, int)
        or batch_size < 1
    ):
        raise ValueError(f"batch_size must be None or an int >= 1, got {batch_size!r}")
    if snapshot_every is not None and (
        isinstance(snapshot_every, bool)
        or not isinstance(snapshot_every, int)
        or snapshot_every < 1
    ):
        raise ValueError(
            f"snapshot_every must be None or an int >= 1, got {snapshot_every!r}"
        )

    if isinstance(loss, str):
        if loss not in _LOSSES:
            raise ValueError(f"loss must be one of {sorted(_LOSSES)} or a callable")
        if loss == "mape" and bool((y == 0).any()):
            raise ValueError(
                "MAPE divides by the target and y holds zeros; shift the targets "
                "or use loss='mse'"
            )
        base_loss = _LOSSES[loss]
    elif callable(loss):
        if weight is not None:
            raise ValueError("weight works with loss='mse' or 'mape' only")
        base_loss = loss
    else:
        raise TypeError(f"loss must be a name or a callable, got {loss!r}")

    if weight is not None:
        if not isinstance(weight, torch.Tensor):
            raise TypeError("weight must be a torch.Tensor")
        if weight.shape not in ((x.shape[0],), (x.shape[0], 1)) or not bool(
            torch.isfinite(weight).all()
        ):
            raise ValueError(
                f"weight must hold {x.shape[0]} finite values, one per sample, "
                f"shape ({x.shape[0]},) or ({x.shape[0]}, 1), got shape "
                f"{tuple(weight.shape)}"
            )
        weight = weight.reshape(-1, 1)
        if bool((weight < 0).any()) or float(weight.sum()) <= 0:
            raise ValueError("weights must be non-negative with a positive sum")

    opt = _make_optimizer(optimizer, lr, model)
    dev = _resolve_device(device)
    model.to(dev)
    x, y = x.to(dev), y.to(dev)
    if weight is not None:
        weight = weight.to(dev)
    if x_val is not None:
        x_val, y_val = x_val.to(dev), y_val.to(dev)
    plot_in = x if x_plot is None else torch.as_tensor(x_plot, dtype=x.dtype).to(dev)

    with torch.no_grad():
        out = model(x[:1])
    if out.ndim != 2 or out.shape[1] != y.shape[1]:
        raise ValueError(
            f"the model predicts shape (N, {out.shape[-1]}) but y has shape "
            f"{tuple(y.shape)}; they must match exactly, or the loss would broadcast "
            "(N, 1) against (N,) into an (N, N) matrix and train on nonsense"
        )

    def criterion(pred: torch.Tensor, target: torch.Tensor, w=None) -> torch.Tensor:
        if base_loss in _LOSSES.values():
            return base_loss(pred, target, w)
        value = base_loss(pred, target)
        if not isinstance(value, torch.Tensor) or value.ndim != 0:
            raise TypeError(
                "a custom loss must return a scalar torch.Tensor (0-dim), got "
                f"{type(value).__name__} of shape {tuple(getattr(value, 'shape', ()))}"
            )
        return value

    hist = History(
        x_plot=plot_in.detach().cpu().numpy(),
        lr=float(opt.param_groups[0]["lr"]),
        device=str(dev),
    )
    n = x.shape[0]
    gen = torch.Generator().manual_seed(seed)
    model.train()

    def snapshot(epoch: int, value: float, pred: torch.Tensor | None) -> None:
        if pred is None or x_plot is not None:
            with torch.no_grad():
                pred = model(plot_in)
        hist.snapshots.append(Snapshot(epoch, value, pred.detach().cpu().numpy()))

    for epoch in range(epochs):
        if batch_size is None or batch_size >= n:
            pred = model(x)
            value_t = criterion(pred, y, weight)
            opt.zero_grad()
            value_t.backward()
            opt.step()
            value = float(value_t.detach())
            if snapshot_every and epoch % snapshot_every == 0:
                snapshot(epoch, value, pred)
        else:
            if snapshot_every and epoch % snapshot_every == 0:
                with torch.no_grad():
                    snapshot(epoch, float(criterion(model(x), y, weight)), None)
            order = torch.randperm(n, generator=gen).to(dev)
            total = torch.zeros((), device=dev)
            for start in range(0, n, batch_size):
                idx = order[start : start + batch_size]
                w = None if weight is None else weight[idx]
                value_t = criterion(model(x[idx]), y[idx], w)
                opt.zero_grad()
                value_t.backward()
                opt.step()
                total += value_t.detach() * len(idx)
            value = float(total) / n
        if not math.isfinite(value):
            raise FloatingPointError(
                f"the loss became {value} at epoch {epoch} with lr={hist.lr}; "
                "lower the learning rate, or standardise x and y"
            )
        hist.loss.append(value)
        if x_val is not None:
            with torch.no_grad():
                hist.val_loss.append(float(criterion(model(x_val), y_val)))

    with torch.no_grad():
        final = float(criterion(model(x), y, weight))
    hist.final_loss = final
    if snapshot_every:
        snapshot(epochs, final, None)
    return hist
