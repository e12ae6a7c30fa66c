"""
15.5 Kinks and depth: ReLU networks on a sine and on a bump
===========================================================

Lesson 15.4 ended with a stack of linear layers that could only draw a
straight line. Putting a ReLU after a layer lets the line bend, and stacking
ReLU layers lets it bend in many more places. We add ReLUs one at a time to
the sine fit and watch the loss fall towards the noise floor, count the
straight pieces each network draws, and then return to the noisy Gaussian
bump of lesson 15.2. There the fits look unimpressive until we compare them
with what the noise allows, and the real problem turns out to be the scale of
the input: ``x`` running from 0 to 200 makes training a lottery over the
initial weights, and standardising it lets every seed we try reach the floor.
"""

# License: MIT

# %%
# The sine again
# --------------
# The data of lesson 15.4: :math:`\sin x + 0.2\,u` at 1000 points on
# :math:`[-10, 10]`. Every network below is trained with Adam at learning
# rate 0.01 on the full data set, and starts from weights drawn with seed 1.
import copy

import matplotlib.pyplot as plt
import numpy as np
import torch

from nnreg import count_parameters, fit, mlp, noisy_gaussian, noisy_sine
from nnreg.animation import save_gif
from nnreg.data import gaussian_curve, noise_floor

x, y = noisy_sine(seed=1)
SINE_FLOOR = noise_floor(0.2)
sine_fits = {}


def train_sine(n_relu: int, hidden: list[int], activation, epochs: int):
    """Train one network on the sine, keep it, and animate its training."""
    net = mlp(1, hidden, 1, activation=activation, seed=1)
    hist = fit(
        net, x, y, epochs=epochs, optimizer="adam", lr=0.01, snapshot_every=epochs // 40
    )
    sine_fits[n_relu] = (net, hist)
    save_gif(
        hist,
        x,
        y,
        f"sine_{n_relu}_relu.gif",
        ylim=(-1.1, 1.3),
        max_frames=40,
        title=f"{n_relu} ReLU layer{'s' * (n_relu > 1)}, widths {hidden}, Adam lr 0.01",
    )
    print(net)
    print(
        f"{count_parameters(net)} parameters, MSE after {epochs} epochs: "
        f"{hist.final_loss:.4f}"
    )


# %%
# One ReLU
# --------
# 1 → 100, ReLU, → 50 → 1, for 200 epochs. Only the first layer is followed by
# a ReLU; the two linear layers after it collapse into one (lesson 15.4), so
# this is a two-layer network with 100 hidden units in disguise.
train_sine(1, [100, 50], ["relu", None], epochs=200)

# %%
# Two ReLUs
# ---------
# The same widths with a ReLU after both hidden layers, for 400 epochs.
train_sine(2, [100, 50], "relu", epochs=400)

# %%
# Three ReLUs
# -----------
# A third hidden layer of 50 units, 400 epochs.
train_sine(3, [100, 50, 50], "relu", epochs=400)

# %%
# Four ReLUs
# ----------
# Widths 100, 100, 100, 50, 400 epochs.
train_sine(4, [100, 100, 100, 50], "relu", epochs=400)

# %%
# Loss against depth
# ------------------
# On the left, the training loss of every epoch; on the right, the final loss
# against the number of ReLU layers. The dotted line is the noise floor
# :math:`0.2^2/12`: a model that had found :math:`\sin x` exactly would sit on
# it. The one-ReLU network was trained for 200 epochs only, so for a fair
# comparison the loss of every network at epoch 200 is printed too.
for n_relu, (_, hist) in sine_fits.items():
    print(
        f"{n_relu} ReLU: MSE at epoch 200 {hist.loss[199]:.4f}, "
        f"final ({hist.epochs} epochs) {hist.final_loss:.4f}, "
        f"{hist.final_loss / SINE_FLOOR:.1f} x the floor"
    )

fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(9, 3.5), layout="constrained")
for n_relu, (_, hist) in sine_fits.items():
    ax1.semilogy(hist.loss, label=f"{n_relu} ReLU")
depths = list(sine_fits)
ax2.semilogy(depths, [sine_fits[d][1].final_loss for d in depths], "o-")
for ax in (ax1, ax2):
    ax.axhline(SINE_FLOOR, color="k", ls=":", label="noise floor")
ax1.set(xlabel="epoch", ylabel="training MSE", title="Training")
ax2.set(xlabel="number of ReLU layers", ylabel="final MSE", xticks=depths)
ax2.set_title("After training")
ax1.legend(fontsize=8)
fig.suptitle("The sine: training loss against depth")
plt.show()

# %%
# The deeper networks' curves are spiky: with a fixed step of 0.01, Adam now
# and then throws a well-fitted network off and then recovers, so the loss of
# the very last epoch depends a little on where such a spike falls.

# %%
# Why the fits are made of straight pieces
# ----------------------------------------
# A ReLU is two straight lines joined at zero. A unit of the first layer,
# :math:`\mathrm{ReLU}(w x + b)`, is flat on one side of :math:`x = -b/w` and
# straight on the other, and a weighted sum of such ramps is straight except
# where one of them switches on: with :math:`n` units, at most :math:`n` kinks,
# so at most :math:`n + 1` pieces. Whatever follows is again a sum of ramps of
# a piecewise-linear input, so the output of any ReLU network is piecewise
# linear in :math:`x`, however smooth it looks from afar.
#
# Depth changes how many pieces are possible. A unit of the second layer sees
# a piecewise-linear function of :math:`x`, and it switches on or off wherever
# that function crosses zero, which can happen once inside *every* piece its
# input already has. Each layer can therefore split the pieces of the layer
# before, and the possible number of pieces multiplies from layer to layer,
# whereas widening a single layer only adds pieces one unit at a time. The
# count of pieces each trained network actually draws on :math:`[-10, 10]`,
# found from the changes of slope of its prediction on a fine grid:


def count_pieces(net: torch.nn.Module, lo: float = -10.0, hi: float = 10.0) -> int:
    """Straight pieces of a 1-D ReLU network's output on [lo, hi]."""
    grid = torch.linspace(lo, hi, 200_001, dtype=torch.float64).unsqueeze(1)
    with torch.no_grad():  # float64, so that rounding does not look like a kink
        out = copy.deepcopy(net).double()(grid).squeeze(1).numpy()
    slope = np.diff(out) / (grid[1, 0] - grid[0, 0]).item()
    bends = np.abs(np.diff(slope)) > 1e-6
    # a kink between two grid points bends two neighbouring slopes: count runs
    return 1 + int(bends[0]) + int((bends[1:] & ~bends[:-1]).sum())


for n_relu, (net, _) in sine_fits.items():
    where = (-net[0].bias / net[0].weight[:, 0]).detach()
    inside = int(((where > -10) & (where < 10)).sum())
    print(
        f"{n_relu} ReLU: {count_pieces(net):4d} straight pieces; "
        f"the first layer alone bends at {inside} points inside the data"
    )

# %%
# The one-ReLU network already bends in more places than a close copy of
# three sine periods in straight pieces needs; at epoch 200 it lacks not kinks
# but the training that would put them in the right places. The deeper
# networks draw more pieces, and at the same epoch their loss is far lower
# (printed above): depth made the function easier to find, not only richer.

# %%
# The Gaussian bump
# -----------------
# Now the data of lesson 15.2: :math:`x = 0, 1, \dots, 200`,
# :math:`y = 10\,e^{-(x-100)^2/(2\cdot 20^2)} + 5 + 5u`. Before judging any fit,
# the yardstick: the uniform noise has variance :math:`5^2/12`, and even the
# true curve (plus the noise's mean 2.5) has about that mean squared error on
# the data. That number is the target, not zero.
xg, yg = noisy_gaussian(seed=0)
G_FLOOR = noise_floor(5.0)
true_mse = float(((gaussian_curve(xg) + 2.5 - yg) ** 2).mean())
print(f"noise floor 25/12:                      {G_FLOOR:.3f}")
print(f"MSE of the true curve + 2.5 on the data: {true_mse:.3f}")
print(f"MSE of the best constant:               {float(yg.var(unbiased=False)):.3f}")


def fit_gaussian(hidden: list[int], epochs: int, name: str, title: str):
    net = mlp(1, hidden, 1, seed=1)
    hist = fit(
        net,
        xg,
        yg,
        epochs=epochs,
        optimizer="adam",
        lr=0.01,
        snapshot_every=epochs // 40,
    )
    save_gif(hist, xg, yg, name, ylim=(5, 20), max_frames=40, title=title)
    print(
        f"MSE after {epochs} epochs: {hist.final_loss:.3f} "
        f"({hist.final_loss / G_FLOOR:.2f} x the noise floor)"
    )
    return hist


# %%
# Three ReLUs of ten units each, on the raw ``x``, 300 epochs (a network with
# two or three bends to make, and a few more units than bends):
g3 = fit_gaussian(
    [10, 10, 10],
    300,
    "gauss_3_relu_raw.gif",
    "3 ReLU layers of 10, raw x, Adam lr 0.01, 300 epochs",
)

# %%
# Four ReLUs of ten units each, 1000 epochs:
g4 = fit_gaussian(
    [10, 10, 10, 10],
    1000,
    "gauss_4_relu_raw.gif",
    "4 ReLU layers of 10, raw x, Adam lr 0.01, 1000 epochs",
)

# %%
# Judge these numbers against the floor, not against zero. A loss near 2.1
# would be a perfect fit here: the difference between the data and the curve
# that generated them is about that large. A loss below the true curve's own
# means the network has begun to follow the noise, and once a fit sits at the
# floor, more units, layers or epochs can only make it follow the noise more.

# %%
# Why raw ``x`` makes training unreliable
# ---------------------------------------
# PyTorch draws the first layer's weights and biases uniformly from
# :math:`[-1, 1]` when it has one input. A first-layer unit bends at
# :math:`x = -b/w`, so nearly every kink starts within a few units of zero,
# at the left edge of data that run to 200, and the bump needs its bends near
# 60 to 140. Over almost all of the data, each first-layer unit is then
# either off (a unit off on every point is dead: no gradient reaches its
# weights) or on, with pre-activations of size :math:`|w| \cdot 200`, so the
# first layer acts as one linear map with outputs in the hundreds. To move a kink to
# :math:`x = 100`, the bias must travel to about :math:`-100\,w`; Adam moves
# each parameter by roughly its learning rate, 0.01, per step, so that takes
# hundreds to thousands of steps, and how it goes depends on the initial
# weights, as the seeds below show. With ``x`` standardised (mean 0, standard
# deviation 1) the same initial weights put their kinks across the data.
# Standardising ``y`` too puts the targets on the scale of the network's
# initial outputs, so that no weight has to grow tenfold first.
x_mean, x_std = xg.mean(), xg.std()
y_mean, y_std = yg.mean(), yg.std()
xs, ys = (xg - x_mean) / x_std, (yg - y_mean) / y_std

net = mlp(1, [10, 10, 10, 10], 1, seed=1)
w, b = net[0].weight[:, 0].detach(), net[0].bias.detach()
for label, xin, to_x in (
    ("raw x", xg, lambda k: k),
    ("standardised x", xs, lambda k: x_mean + x_std * k),
):
    kinks = to_x(-b / w).sort().values  # where each unit bends, in units of x
    pre = xin @ w[None, :] + b
    dead = int((pre <= 0).all(dim=0).sum())
    central = int(((kinks > 50) & (kinks < 150)).sum())
    print(f"{label}: first-layer kinks at x = {np.round(kinks.numpy(), 1)}")
    print(
        f"    {central} of 10 between x = 50 and 150, {dead} unit(s) dead on "
        f"every point, largest |pre-activation| {pre.abs().max():.1f}"
    )

# %%
# Six seeds, raw and standardised
# -------------------------------
# One seed proves little either way, so we train the four-ReLU network from
# six different initial weights, each on the raw data and on standardised
# ``x`` and ``y``, for 300 epochs (the budget the three-ReLU network had
# above). The standardised fit's loss is converted back to the original units
# (multiplied by the variance of ``y``), so the two columns compare directly.
SEEDS = range(6)
EPOCHS = 300
results = {"raw": [], "standardised": []}
for seed in SEEDS:
    raw = fit(
        mlp(1, [10] * 4, 1, seed=seed), xg, yg, epochs=EPOCHS, optimizer="adam", lr=0.01
    )
    std = fit(
        mlp(1, [10] * 4, 1, seed=seed), xs, ys, epochs=EPOCHS, optimizer="adam", lr=0.01
    )
    results["raw"].append(raw.final_loss)
    results["standardised"].append(std.final_loss * float(y_std) ** 2)

print(f"final MSE after {EPOCHS} epochs, original units (floor {G_FLOOR:.3f})")
print("seed    raw  standardised")
for seed, r, s in zip(SEEDS, results["raw"], results["standardised"], strict=True):
    print(f"{seed:>4} {r:>6.3f} {s:>13.3f}")
for name, losses in results.items():
    good = sum(loss <= 1.1 * G_FLOOR for loss in losses)
    print(f"{name}: {good} of {len(losses)} seeds within 10 % of the floor")

# %%
# Each dot is one seed.
fig, ax = plt.subplots(figsize=(6, 3.5), layout="constrained")
for i, losses in enumerate(results.values()):
    jitter = np.linspace(-0.12, 0.12, len(losses))
    ax.scatter(i + jitter, losses, s=30, zorder=3)
ax.axhline(G_FLOOR, color="k", ls=":", label="noise floor 25/12")
ax.axhline(1.1 * G_FLOOR, color="k", ls="--", lw=0.8, label="floor + 10 %")
ax.set(
    xticks=[0, 1],
    xticklabels=list(results),
    ylabel="final MSE",
    title=f"4 ReLU layers of 10, {EPOCHS} epochs, {len(SEEDS)} seeds",
)
ax.legend()
plt.show()

# %%
# Take-away
# ---------
# ReLU networks draw straight pieces, and depth multiplies how many pieces
# they can draw: with three or four ReLU layers the sine fit comes within a
# small factor of its noise floor in a few hundred steps, as the printed
# losses show. On the Gaussian bump the yardstick is the noise floor 25/12,
# which the true curve itself only just meets, and the four-ReLU fit of 1000
# epochs reaches it. What makes such fits slow and unreliable on this data is
# not the architecture but the input scale: compare how many seeds reach the
# floor in 300 epochs with raw and with standardised data. Scale the inputs
# (and the targets) before training.

# sphinx_gallery_thumbnail_number = 5
