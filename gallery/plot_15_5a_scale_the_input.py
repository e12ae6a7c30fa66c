"""
15.5a Scale the input: a ReLU network on the Gaussian bump
==========================================================

Lesson 15.4 ended with a stack of linear layers that can only draw a
straight line; a ReLU after each hidden layer lets it bend. Where a ReLU
network can bend when training starts depends on the scale of its input.
The noisy Gaussian bump of lesson 15.2 has its inputs at
:math:`x = 0, 1, \\dots, 200`. This page trains the same network from the
same seeds twice, once on raw :math:`x` and once on :math:`x`
standardised to mean 0 and standard deviation 1, and changes nothing
else.
"""

# License: MIT

# %%
# The data and the yardstick
# --------------------------
# :math:`y = 10\,e^{-(x-100)^2/(2\cdot 20^2)} + 5 + 5u`, with :math:`u`
# uniform on :math:`[0, 1)`. A flexible network can score well on its own
# training points by bending towards their noise, so we judge every fit on
# *new* points: fresh noise drawn at the same :math:`x`, never used in
# training.
#
# Even the true curve misses new points by the noise: its expected mean
# squared error there is the noise's variance, :math:`5^2/12`, the *noise
# floor*. A fit's expected error on new points is the floor plus its mean
# squared distance from the true curve, so we report it in units of the
# floor. A perfect fit scores about 1; a fit that scores 3 has a mean
# squared distance from the true curve of twice the floor.
import matplotlib.pyplot as plt
import numpy as np
import torch

from nnreg import fit, kink_positions, mlp, noisy_gaussian
from nnreg.data import gaussian_curve, noise_floor

FLOOR = noise_floor(5.0)
x, y = noisy_gaussian(seed=0)
print(f"x from {x.min():.0f} to {x.max():.0f}; noise floor {FLOOR:.3f}")

# %%
# One change: the scale of x
# --------------------------
# Standardising subtracts the mean of :math:`x` and divides by its
# standard deviation, which maps :math:`[0, 200]` onto about
# :math:`[-1.7, 1.7]`. The targets are standardised the same way in both
# runs, and each prediction is converted back to the units of :math:`y`
# before it is scored, so the input is the only thing that differs.
x_std = (x - x.mean()) / x.std()


def train(x_in, y_train, seed):
    """Three ReLU layers of 10 units, Adam at 0.01, 200 epochs."""
    net = mlp(1, [10, 10, 10], 1, seed=seed)
    y_mean, y_sd = y_train.mean(), y_train.std()
    fit(
        net,
        x_in,
        (y_train - y_mean) / y_sd,
        epochs=200,
        optimizer="adam",
        lr=0.01,
    )
    with torch.no_grad():
        return net(x_in) * y_sd + y_mean


# %%
# Six seeds, each trained twice
# -----------------------------
# For every seed we draw new training noise and new held-out points, and
# train the network from that seed's initial weights on raw and on
# standardised :math:`x`.
SEEDS = range(6)
NEW_SEED = 500  # held-out noise of seed s: NEW_SEED + s
INPUTS = {"raw x": x, "standardised x": x_std}
scores = {name: [] for name in INPUTS}
preds = {name: [] for name in INPUTS}
for seed in SEEDS:
    _, y_train = noisy_gaussian(seed=seed)
    _, y_new = noisy_gaussian(seed=NEW_SEED + seed)
    for name, x_in in INPUTS.items():
        pred = train(x_in, y_train, seed)
        preds[name].append(pred)
        scores[name].append(float(((pred - y_new) ** 2).mean()) / FLOOR)

print("MSE on the new points, in units of the noise floor")
print(f"{'seed':>4}  {'raw x':>8}  {'standardised x':>15}")
raw, std = scores["raw x"], scores["standardised x"]
for seed, r, s in zip(SEEDS, raw, std, strict=True):
    print(f"{seed:>4}  {r:>8.2f}  {s:>15.2f}")
for name, values in scores.items():
    print(f"{name}: median {np.median(values):.2f}, ", end="")
    print(f"from {min(values):.2f} to {max(values):.2f}")

# sphinx_gallery_start_ignore
_raw, _std = np.array(raw), np.array(std)
assert _std.max() < 2, (
    "15.5a: 'on standardised x every seed ends below twice the floor' no "
    "longer holds"
)
assert np.median(_std) < 1.2, (
    "15.5a: 'the median standardised network within a fifth of the "
    "floor' no longer holds"
)
assert np.median(_raw) > 1.5 * _std.max(), (
    "15.5a: 'the median raw-x network ends worse than the worst "
    "standardised one' no longer holds"
)
assert _raw.max() > 3, (
    "15.5a: 'on raw x some seeds end several times above the floor' no "
    "longer holds"
)
assert np.sum(_std < _raw) >= 5, (
    "15.5a: 'standardising lowers the score in at least five of six "
    "seeds' no longer holds"
)
# sphinx_gallery_end_ignore

# %%
# The fits themselves
# -------------------
# Left and middle: the six trained networks of each kind (one line per
# seed) over the first seed's data, with the true curve dashed. Right:
# each network's score on the new points, one dot per seed.
truth = gaussian_curve(x) + 2.5
fig, axes = plt.subplots(1, 3, figsize=(10, 3.3), layout="constrained")
for i, name in enumerate(INPUTS):
    ax = axes[i]
    ax.scatter(x, y, s=4, color="0.7")
    for pred in preds[name]:
        ax.plot(x, pred, color=f"C{i}", lw=1)
    ax.plot(x, truth, "k--", lw=1)
    ax.set(xlabel="x", ylabel="y", ylim=(4, 21), title=name)
    dots = scores[name]
    axes[2].scatter(np.full(len(dots), i), dots, color=f"C{i}")
axes[2].axhline(1, color="k", ls=":")
axes[2].set(
    xticks=[0, 1],
    xticklabels=list(INPUTS),
    xlim=(-0.5, 1.5),
    yscale="log",
    ylabel="new-point MSE / floor",
    title="Score, 200 epochs",
)
plt.show()

# %%
# On standardised :math:`x` every seed ends below twice the floor, the
# median within a fifth of it, and the six curves follow the true one. On
# raw :math:`x` the outcome depends on the seed: some networks end several
# times above the floor, the median network ends worse than the worst
# standardised one, and in at least five of the six seeds standardising
# lowers the score. The network, the optimiser, the epochs, the data and
# the initial weights were the same in both columns.
#
# Why the raw scale hurts
# -----------------------
# PyTorch draws the first layer's weights and biases uniformly from
# :math:`[-1, 1]` for a layer with one input. Its units bend at
# :math:`x = -b/w`, mostly within a few units of zero. On raw :math:`x`
# that is the left edge of the data, far from the bump at 60 to 140;
# to move a kink to :math:`x = 100` the bias must grow to about
# :math:`-100\,w`, and Adam changes each parameter by roughly its
# learning rate, 0.01, per step. On standardised :math:`x` the same
# initial weights put kinks across the data. We count the kinks of each
# *untrained* network over the bump, with :func:`nnreg.kink_positions`
# (for the standardised network, converted back to units of :math:`x`):
lo, hi = float(x_std.min()), float(x_std.max())
scale, shift = float(x.std()), float(x.mean())
counts = {name: [] for name in INPUTS}
for seed in SEEDS:
    net = mlp(1, [10, 10, 10], 1, seed=seed)
    kinks = {
        "raw x": kink_positions(net, 0.0, 200.0),
        "standardised x": kink_positions(net, lo, hi) * scale + shift,
    }
    for name, k in kinks.items():
        counts[name].append(int(((k > 60) & (k < 140)).sum()))
print("kinks between x = 60 and 140 before training, seed by seed:")
for name, c in counts.items():
    print(f"{name:>15}: {c}")

# sphinx_gallery_start_ignore
_c_raw = np.array(counts["raw x"])
_c_std = np.array(counts["standardised x"])
assert np.all(_c_std > _c_raw), (
    "15.5a: 'in every seed the standardised network starts with more "
    "kinks over the bump' no longer holds"
)
assert np.median(_c_raw) < 1, (
    "15.5a: 'most raw-x networks start with none there' no longer holds"
)
# sphinx_gallery_end_ignore

# %%
# In every seed the standardised network starts with more kinks over the
# bump than the raw one, and most raw networks start with none there at
# all: before it can bend around the bump, a raw network has to drag its
# kinks there first.
#
# Take-away
# ---------
# Scale the inputs before training. With :math:`x` in :math:`[0, 200]`, a
# ReLU network's kinks start far from where the curve bends, and the
# result of a short training is a lottery over the initial weights; with
# :math:`x` standardised, the same network from the same seeds fits the
# bump close to the noise floor in every seed we tried. Standardise with
# the training data's mean and standard deviation, and apply the same
# numbers to any new input. The next lesson,
# :ref:`sphx_glr_auto_examples_plot_15_5b_depth_or_width.py`, compares
# deep and wide networks on inputs scaled this way.

# sphinx_gallery_thumbnail_number = 1
