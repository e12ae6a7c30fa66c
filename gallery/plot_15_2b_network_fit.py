"""
15.2b The same bump, fitted by a network
========================================

:ref:`Lesson 15.2a <sphx_glr_auto_examples_plot_15_2a_gaussian_process.py>`
fitted a noisy bump with a Gaussian process, which needs a kernel, a
prior mean and an amplitude. A small neural network needs none of them:
it fits the same points with weights, starting from random ones. That
start is a second source of chance besides the noise of the data, so a
single training run says little. This page trains the same network on
ten data sets, each with its own initial weights, and compares it with
the Gaussian process at its best metric on the same points.
"""

# License: MIT

# %%
# One network, one data set
# -------------------------
# Two hidden layers of 32 ReLU units, trained with Adam on the mean squared
# error for 400 epochs. One precaution matters: :math:`x` runs from 0 to
# 200, a hundred times the scale the first layer's initial weights are
# made for, so :math:`x` is standardised to mean 0 and standard deviation
# 1 before it enters the network (lesson 15.5 shows what goes wrong
# without it). The distance to the true curve is the RMS difference on a
# grid of 100 points, as in 15.2a.
import matplotlib.pyplot as plt
import numpy as np
import torch

from nnreg import fit, mlp, noisy_gaussian, true_curve
from nnreg.gp import best_metric, gp_fit

x_pred = np.linspace(0, 200, 100)
truth = true_curve("gaussian", x_pred)  # the bump + the noise's mean


def rms_to_truth(prediction: np.ndarray) -> float:
    """RMS distance to the true curve on the grid ``x_pred``."""
    return float(np.sqrt(np.mean((prediction - truth) ** 2)))


def network_curve(x, y, seed: int) -> np.ndarray:
    """Train a 1-32-32-1 network on standardised x; predict on x_pred."""
    x_mean, x_std = x.mean(), x.std()
    net = mlp(1, [32, 32], 1, seed=seed)
    fit(
        net, (x - x_mean) / x_std, y, epochs=400, optimizer="adam", lr=0.01
    )
    grid = torch.as_tensor(x_pred, dtype=torch.float32).unsqueeze(1)
    with torch.no_grad():
        return net((grid - x_mean) / x_std).numpy()[:, 0]


# %%
# First one data set and one network, next to the Gaussian process at the
# metric its marginal likelihood prefers.
x, y = noisy_gaussian(seed=0)
net_pred = network_curve(x, y, seed=0)
gp = gp_fit(x, y, x_pred, metric=best_metric(x, y))
gp_rms, net_rms = [rms_to_truth(gp.mean)], [rms_to_truth(net_pred)]
print(f"this run: network {net_rms[0]:.3f}, GP {gp_rms[0]:.3f} from truth")

fig, ax = plt.subplots(figsize=(7, 3.5), layout="constrained")
ax.plot(x[:, 0], y[:, 0], ".", ms=3, color="tab:orange", label="data")
lo, hi = gp.mean - gp.std, gp.mean + gp.std
ax.fill_between(x_pred, lo, hi, color="tab:green", alpha=0.25)
ax.plot(x_pred, gp.mean, color="tab:green", label="GP, best metric, ±1σ")
ax.plot(x_pred, net_pred, color="tab:purple", label="network 1-32-32-1")
ax.plot(x_pred, truth, "k:", label="true curve + 2.5")
ax.set(xlabel="x", ylabel="y", title="Two fits, no formula (one run)")
ax.legend(fontsize=8)
plt.show()

# %%
# Neither fit was told that the curve is a Gaussian, and both follow the
# bump. The network gives a curve only; the Gaussian process adds a band.
# Which one lands closer in this run is a matter of this data set and
# these initial weights, so we repeat it.
#
# Ten seeds
# ---------
# Nine more data sets, each fitted by the Gaussian process at its own best
# metric and by a network with its own initial weights.
for seed in range(1, 10):
    x, y = noisy_gaussian(seed=seed)
    gp = gp_fit(x, y, x_pred, metric=best_metric(x, y))
    gp_rms.append(rms_to_truth(gp.mean))
    net_rms.append(rms_to_truth(network_curve(x, y, seed=seed)))
gp_rms, net_rms = np.array(gp_rms), np.array(net_rms)

for name, d in (("GP", gp_rms), ("network", net_rms)):
    print(
        f"{name:>8}: distance to the truth from {d.min():.3f} to "
        f"{d.max():.3f}, median {np.median(d):.3f}"
    )
close = int(np.sum(net_rms < 1.5 * gp_rms))
print(f"network within 1.5x of the GP's distance in {close} of 10 seeds")

fig, ax = plt.subplots(figsize=(5, 3.8), layout="constrained")
ax.plot([0, 1], [gp_rms, net_rms], color="0.7", lw=1)
ax.plot(np.zeros(10), gp_rms, "o", color="tab:green")
ax.plot(np.ones(10), net_rms, "o", color="tab:purple")
ax.plot([0, 1], [np.median(gp_rms), np.median(net_rms)], "k_", ms=30)
ax.set_xticks([0, 1], ["GP, best metric", "network"])
ax.set(xlim=(-0.5, 1.5), ylim=(0, None), ylabel="RMS distance to truth")
ax.set_title("Ten seeds (lines join the same data; bars: medians)")
plt.show()

# sphinx_gallery_start_ignore
_ratio = np.median(net_rms) / np.median(gp_rms)
assert 2 / 3 < _ratio < 1.5, (
    "15.2b: 'the network's median distance is within a factor of 1.5 of "
    "the Gaussian process's' no longer holds"
)
assert close >= 7, (
    "15.2b: 'in at least 7 of the 10 seeds, the network lands within 1.5 "
    "times the GP's distance' no longer holds"
)
# sphinx_gallery_end_ignore

# %%
# Over ten seeds the two fits are comparable: the network's median
# distance to the true curve is within a factor of 1.5 of the Gaussian
# process's (either way), and in at least 7 of the 10 seeds the network
# lands within 1.5 times the Gaussian process's distance on the same
# points. Both distances scatter from seed to seed: a single run shows
# only one of these pairs.
#
# Take-away
# ---------
# A network fits a curve without a formula and without a kernel, and over
# many seeds it reaches a curve about as close to the truth as a Gaussian
# process at its best metric. What it gives up: its result depends on its
# random initial weights as well as on the data, so one run is one draw,
# and its curve comes with no error band, where the Gaussian process
# states its uncertainty, under the assumptions that lesson
# :ref:`15.2a <sphx_glr_auto_examples_plot_15_2a_gaussian_process.py>`
# lists.

# sphinx_gallery_thumbnail_number = 2
