import numpy as np
import pytest
import torch

from nnreg.data import gaussian_curve, noisy_gaussian
from nnreg.gp import best_metric, gp_fit, log_likelihood


@pytest.fixture(scope="module")
def bump():
    return noisy_gaussian(seed=0)


def test_gp_mean_is_close_to_the_true_gaussian(bump):
    x, y = bump
    grid = np.linspace(0, 200, 100)
    truth = gaussian_curve(torch.tensor(grid)).numpy() + 2.5  # + mean of the noise
    fit = gp_fit(x, y, grid, metric=400.0)
    assert fit.mean.shape == fit.std.shape == (100,)
    assert np.sqrt(np.mean((fit.mean - truth) ** 2)) < 0.6
    assert np.all(fit.std > 0)
    # the +-1 sigma band holds the truth most of the time
    assert np.mean(np.abs(fit.mean - truth) < 2 * fit.std) > 0.8


def test_small_metric_follows_the_noise(bump):
    x, y = bump
    rough = gp_fit(x, y, x, metric=0.5)
    smooth = gp_fit(x, y, x, metric=100.0)
    wiggle = lambda m: np.abs(np.diff(m, 2)).mean()  # noqa: E731
    assert wiggle(rough.mean) > 5 * wiggle(smooth.mean)
    assert rough.amplitude == pytest.approx(float(np.var(y.numpy().astype(float))))


def test_best_metric_maximises_the_likelihood(bump):
    x, y = bump
    best = best_metric(x, y)
    assert 20.0 < best < 5000.0
    at_best = log_likelihood(x, y, best)
    for other in (best / 2, best * 2, 1.5, 20.0):
        assert at_best >= log_likelihood(x, y, other)


def test_gp_refusals(bump):
    x, y = bump
    with pytest.raises(ValueError, match="metric must be a positive"):
        gp_fit(x, y, x, metric=-1.0)
    with pytest.raises(ValueError, match="yerr"):
        gp_fit(x, y, x, yerr=0.0)
    with pytest.raises(ValueError, match="201 points but y has 200"):
        gp_fit(x, y[:200], x)
    with pytest.raises(ValueError, match="one-dimensional"):
        gp_fit(np.zeros((3, 2)), np.zeros(3), np.zeros(3))
    with pytest.raises(ValueError, match="NaN"):
        gp_fit([0.0, np.nan], [1.0, 2.0], [0.0])
    with pytest.raises(ValueError, match="bounds"):
        best_metric(x, y, bounds=(5.0, 1.0))
