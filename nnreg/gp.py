"""Gaussian-process regression with george, as the lesson's first fit.

The kernel is ``amplitude * ExpSquaredKernel(metric)``:
``k(x, x') = amplitude * exp(-(x - x')**2 / (2 * metric))``, so ``metric`` is
the squared correlation length.  Small metrics follow every wiggle of the
noise; large ones smooth the curve towards a constant.  :func:`best_metric`
picks the one the data favour, the maximum of the marginal likelihood.

george is imported when a function here is called, not at ``import nnreg``.

The matrices here are small (a few hundred points), and a multi-threaded BLAS
is slower on them than a single thread: its threads spin against torch's own
thread pool, which made one Cholesky factorisation take a hundred times
longer.  Every george call therefore runs with BLAS limited to one thread.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["GPFit", "best_metric", "gp_fit", "log_likelihood"]


@dataclass
class GPFit:
    """A Gaussian-process prediction on a grid.

    Attributes
    ----------
    x
        Grid of the prediction.
    mean, std
        Posterior mean and standard deviation at ``x``.
    metric, amplitude, yerr
        The kernel and noise used.
    log_likelihood
        Log marginal likelihood of the training data under this kernel.
    """

    x: np.ndarray
    mean: np.ndarray
    std: np.ndarray
    metric: float
    amplitude: float
    yerr: float
    log_likelihood: float


def _vector(a, name: str) -> np.ndarray:
    if hasattr(a, "detach"):
        a = a.detach().cpu().numpy()
    try:
        arr = np.asarray(a, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be an array of numbers, got {a!r:.60}") from None
    if arr.ndim == 2 and arr.shape[1] == 1:
        arr = arr[:, 0]
    if arr.ndim != 1:
        raise ValueError(f"{name} must be one-dimensional, got shape {arr.shape}")
    if len(arr) == 0:
        raise ValueError(
            f"{name} is empty; a Gaussian process needs at least one point"
        )
    if not np.isfinite(arr).all():
        raise ValueError(f"{name} holds NaN or infinite values")
    return arr


def _positive(value: object, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | np.number):
        raise TypeError(f"{name} must be a number, got {value!r}")
    if not (np.isfinite(value) and value > 0):
        raise ValueError(f"{name} must be a positive finite number, got {value!r}")
    return float(value)


def _gp(
    x: np.ndarray, y: np.ndarray, metric: float, amplitude: float | None, yerr: float
):
    import george
    from george import kernels

    metric = _positive(metric, "metric")
    yerr = _positive(yerr, "yerr")
    if len(x) != len(y):
        raise ValueError(f"x has {len(x)} points but y has {len(y)}")
    if amplitude is None:
        amp = float(np.var(y))
        if amp == 0:
            raise ValueError(
                "y is constant, so its variance (the default amplitude) is 0; "
                "pass amplitude=..."
            )
    else:
        amp = _positive(amplitude, "amplitude")
    gp = george.GP(amp * kernels.ExpSquaredKernel(float(metric)))
    gp.compute(x, np.full(len(x), float(yerr)))
    return gp, amp


def _one_blas_thread():
    from threadpoolctl import threadpool_limits

    return threadpool_limits(limits=1, user_api="blas")


def log_likelihood(
    x, y, metric: float, *, amplitude: float | None = None, yerr: float = 1.0
) -> float:
    """Log marginal likelihood of ``y`` for a squared-exponential ``metric``."""
    x, y = _vector(x, "x"), _vector(y, "y")
    with _one_blas_thread():
        gp, _ = _gp(x, y, metric, amplitude, yerr)
        return float(gp.log_likelihood(y))


def gp_fit(
    x,
    y,
    x_pred,
    metric: float = 1.5,
    *,
    amplitude: float | None = None,
    yerr: float = 1.0,
) -> GPFit:
    """Condition a Gaussian process on ``(x, y)`` and predict on ``x_pred``.

    Parameters
    ----------
    x, y
        Training points, shape ``(N,)`` or ``(N, 1)`` (tensors accepted).
    x_pred
        Where to predict.
    metric
        Squared correlation length of the kernel.
    amplitude
        Kernel variance; by default the variance of ``y``.
    yerr
        Standard deviation of the noise on each point (the same for all).

    Returns
    -------
    GPFit

    Examples
    --------
    >>> import numpy as np
    >>> x = np.arange(0.0, 50.0)
    >>> fit = gp_fit(x, np.sin(x / 8), np.linspace(0, 49, 5), metric=25.0)
    >>> fit.mean.shape
    (5,)
    """
    x, y, xp = _vector(x, "x"), _vector(y, "y"), _vector(x_pred, "x_pred")
    if len(x) != len(y):
        raise ValueError(f"x has {len(x)} points but y has {len(y)}")
    with _one_blas_thread():
        gp, amp = _gp(x, y, metric, amplitude, yerr)
        mean, var = gp.predict(y, xp, return_var=True)
        loglike = float(gp.log_likelihood(y))
    return GPFit(
        x=xp,
        mean=mean,
        std=np.sqrt(np.clip(var, 0.0, None)),
        metric=float(metric),
        amplitude=amp,
        yerr=float(yerr),
        log_likelihood=loglike,
    )


def best_metric(
    x,
    y,
    *,
    bounds: tuple[float, float] = (0.1, 1.0e4),
    amplitude: float | None = None,
    yerr: float = 1.0,
    grid: int = 61,
) -> float:
    """The metric that maximises the log marginal likelihood.

    A log-spaced scan over ``bounds`` finds the best grid point, then a
    golden-section search refines it between its neighbours.

    Returns
    -------
    float
    """
    x, y = _vector(x, "x"), _vector(y, "y")
    try:
        lo, hi = (_positive(b, "bounds") for b in bounds)
    except (TypeError, ValueError):
        raise ValueError(
            f"bounds must be (low, high), two positive finite numbers, got {bounds!r}"
        ) from None
    if not 0 < lo < hi:
        raise ValueError(f"bounds must satisfy 0 < low < high, got {bounds}")
    if isinstance(grid, bool) or not isinstance(grid, int) or grid < 3:
        raise ValueError(f"grid must be an int >= 3, got {grid!r}")
    logs = np.linspace(np.log(lo), np.log(hi), grid)

    def neg(log_metric: float) -> float:
        return -log_likelihood(
            x, y, float(np.exp(log_metric)), amplitude=amplitude, yerr=yerr
        )

    values = np.array([neg(v) for v in logs])
    i = int(np.argmin(values))
    a, b = logs[max(i - 1, 0)], logs[min(i + 1, grid - 1)]
    golden = (np.sqrt(5.0) - 1.0) / 2.0
    c, d = b - golden * (b - a), a + golden * (b - a)
    fc, fd = neg(c), neg(d)
    for _ in range(40):
        if fc < fd:
            b, d, fd = d, c, fc
            c = b - golden * (b - a)
            fc = neg(c)
        else:
            a, c, fc = c, d, fd
            d = a + golden * (b - a)
            fd = neg(d)
    return float(np.exp((a + b) / 2.0))
