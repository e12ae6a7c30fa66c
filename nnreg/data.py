"""The lesson's three noisy data sets.

Every generator takes an explicit ``seed`` (an ``int`` or a
:class:`torch.Generator`) and draws its noise from that alone, so the same seed
gives the same data bit for bit and no generator touches torch's or numpy's
global random state.  All of them return ``(x, y)`` as ``float32`` tensors of
shape ``(N, 1)``, the layout :func:`nnreg.fit` and ``torch.nn.Linear`` expect.

The noise is uniform on ``[0, amplitude)``, not centred: it shifts the curve up
by half the amplitude and adds a variance of ``amplitude**2 / 12``, the floor
below which no fit's mean squared error can go (see :func:`noise_floor`).
"""

from __future__ import annotations

import math

import numpy as np
import torch

__all__ = [
    "gaussian_curve",
    "noise_floor",
    "noisy_gaussian",
    "noisy_parabola",
    "noisy_sine",
    "true_curve",
]

SeedLike = int | torch.Generator


def _generator(seed: SeedLike) -> torch.Generator:
    if isinstance(seed, torch.Generator):
        return seed
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise TypeError(
            f"seed must be an int or a torch.Generator, got {type(seed).__name__} "
            f"({seed!r}); pass for example seed=0"
        )
    return torch.Generator().manual_seed(seed)


def _column(t: torch.Tensor) -> torch.Tensor:
    return t.reshape(-1, 1).to(torch.float32)


def noise_floor(amplitude: float) -> float:
    """Variance of uniform noise on ``[0, amplitude)``: ``amplitude**2 / 12``.

    A model that recovers the noiseless curve exactly (plus the noise's mean
    ``amplitude / 2``) still has this mean squared error on the noisy data.

    Examples
    --------
    >>> round(noise_floor(5.0), 4)
    2.0833
    """
    if isinstance(amplitude, bool) or not isinstance(amplitude, int | float):
        raise TypeError(f"amplitude must be a number, got {amplitude!r}")
    if not (math.isfinite(amplitude) and amplitude >= 0):
        raise ValueError(f"amplitude must be finite and >= 0, got {amplitude!r}")
    return amplitude**2 / 12.0


def gaussian_curve(
    x: torch.Tensor,
    mu: float = 100.0,
    sigma: float = 20.0,
    norm: float = 10.0,
    offset: float = 5.0,
) -> torch.Tensor:
    """The noiseless curve behind :func:`noisy_gaussian`.

    ``norm * exp(-((x - mu) / sigma)**2 / 2) + offset``.
    """
    if not isinstance(x, torch.Tensor):
        raise TypeError(
            f"x must be a torch.Tensor, got {type(x).__name__}; use torch.as_tensor(x)"
        )
    for name, value in (
        ("mu", mu),
        ("sigma", sigma),
        ("norm", norm),
        ("offset", offset),
    ):
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise TypeError(f"{name} must be a number, got {value!r}")
        if not math.isfinite(value):
            raise ValueError(f"{name} must be finite, got {value!r}")
    if sigma <= 0:
        raise ValueError(f"sigma must be positive, got {sigma!r}")
    return norm * torch.exp(-0.5 * ((x - mu) / sigma) ** 2) + offset


def noisy_gaussian(seed: SeedLike = 0) -> tuple[torch.Tensor, torch.Tensor]:
    """A Gaussian bump on a flat offset, sampled at the integers 0..200.

    ``y = 10 exp(-((x - 100) / 20)**2 / 2) + 5 + 5 u`` with ``u ~ U[0, 1)``.
    The curve is evaluated in double precision, then stored as ``float32``.

    Parameters
    ----------
    seed
        ``int`` seed or :class:`torch.Generator` for the noise.

    Returns
    -------
    x, y : torch.Tensor
        Shape ``(201, 1)``, ``float32``.

    Examples
    --------
    >>> x, y = noisy_gaussian(seed=0)
    >>> tuple(x.shape), float(x[0, 0]), float(x[-1, 0])
    ((201, 1), 0.0, 200.0)
    """
    gen = _generator(seed)
    x = torch.arange(0, 201, dtype=torch.float64)
    noise = torch.rand(x.shape, generator=gen, dtype=torch.float64)
    y = gaussian_curve(x) + 5.0 * noise
    return _column(x), _column(y)


def noisy_parabola(seed: SeedLike = 1) -> tuple[torch.Tensor, torch.Tensor]:
    """100 points of ``y = x**2 + 0.2 u`` on ``[-1, 1]``, ``u ~ U[0, 1)``.

    With the default ``seed=1`` the noise is the same as that of
    ``torch.manual_seed(1)`` followed by ``torch.rand``, without touching the
    global generator.

    Returns
    -------
    x, y : torch.Tensor
        Shape ``(100, 1)``, ``float32``.
    """
    gen = _generator(seed)
    x = torch.linspace(-1.0, 1.0, 100).unsqueeze(1)
    y = x.pow(2) + 0.2 * torch.rand(x.shape, generator=gen)
    return x, y


def noisy_sine(seed: SeedLike = 1) -> tuple[torch.Tensor, torch.Tensor]:
    """1000 points of ``y = sin(x) + 0.2 u`` on ``[-10, 10]``, ``u ~ U[0, 1)``.

    Returns
    -------
    x, y : torch.Tensor
        Shape ``(1000, 1)``, ``float32``.
    """
    gen = _generator(seed)
    x = torch.linspace(-10.0, 10.0, 1000).unsqueeze(1)
    y = torch.sin(x) + 0.2 * torch.rand(x.shape, generator=gen)
    return x, y


# name -> (noiseless curve, noise amplitude) of each data set above
_CURVES = {
    "parabola": (lambda x: x**2, 0.2),
    "sine": (torch.sin, 0.2),
    "gaussian": (gaussian_curve, 5.0),
}


def true_curve(name: str, x: torch.Tensor | np.ndarray) -> torch.Tensor | np.ndarray:
    """The curve a perfect fit of a data set recovers, in double precision.

    The noise is uniform on ``[0, amplitude)``, so the data scatter around
    the noiseless curve lifted by ``amplitude / 2``: ``x**2 + 0.1`` for the
    parabola, ``sin(x) + 0.1`` for the sine, the bump plus 2.5 for the
    Gaussian. A fit is judged by its distance to this curve.

    Parameters
    ----------
    name
        ``"parabola"``, ``"sine"`` or ``"gaussian"``.
    x
        Where to evaluate it: a tensor, or anything numpy reads as numbers.

    Returns
    -------
    torch.Tensor or numpy.ndarray
        ``float64``, of the shape of ``x``: a tensor for a tensor, else an
        array.

    Examples
    --------
    >>> true_curve("parabola", np.array([0.0, 1.0])).tolist()
    [0.1, 1.1]
    >>> float(true_curve("gaussian", torch.tensor([100.0])))
    17.5
    """
    if name not in _CURVES:
        raise ValueError(f"unknown data set {name!r}; choose one of {sorted(_CURVES)}")
    curve, amplitude = _CURVES[name]
    if isinstance(x, torch.Tensor):
        return curve(x.to(torch.float64)) + amplitude / 2
    try:
        array = np.asarray(x, dtype=np.float64)
    except (TypeError, ValueError) as err:
        raise TypeError(f"x must be numbers, got {type(x).__name__}") from err
    return curve(torch.from_numpy(array)).numpy() + amplitude / 2
