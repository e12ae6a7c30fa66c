"""
15.5 Kinks and depth: ReLU networks on a sine and on a bump
===========================================================

Lesson 15.4 ended with a stack of linear layers that could only draw a
straight line. Putting a ReLU after a layer lets the line bend, and
stacking ReLU layers lets it bend in many more places. We add ReLUs one at
a time to the sine fit and watch the fit close in on the sine, count the
straight pieces each network draws, and then return to the noisy Gaussian
bump of lesson 15.2. There the fits look unimpressive until we compare them
with what the noise allows, and the real problem turns out to be the scale
of the input: ``x`` running from 0 to 200 makes training a lottery over the
initial weights, and standardising it makes every seed we try succeed.
Finally we grow the networks in the other direction, wider instead of
deeper, and see what extra units buy on a curve as simple as one bump.
"""

# License: MIT

# %%
# The sine again
# --------------
# The data of lesson 15.4: :math:`\sin x + 0.2\,u` at 1000 points on
# :math:`[-10, 10]`. Every network below is trained with Adam at learning
# rate 0.01 on the full data set, and starts from weights drawn with seed
# 1.
#
# A fit is judged on points it has not seen. The noise is uniform on
# :math:`[0, 0.2)`, with variance :math:`0.2^2/12`, the *noise floor*: the
# mean squared error that even the true curve, :math:`\sin x + 0.1`, is
# expected to have on new data. On its own training points a flexible fit
# can score below the floor, by bending towards their noise, so the
# training loss alone says little. We therefore draw a second, independent
# set of noisy values at the same :math:`x` (seed 2), never used in
# training, and also measure each fit's root-mean-square distance to the
# true curve. On new data the expected loss is the floor plus the squared
# distance.
import copy

import matplotlib.pyplot as plt
import numpy as np
import torch

from nnreg import count_parameters, fit, mlp, noisy_gaussian, noisy_sine
from nnreg.animation import save_gif, show_gif
from nnreg.data import gaussian_curve, noise_floor

x, y = noisy_sine(seed=1)
_, y_new = noisy_sine(seed=2)  # new noise at the same x, never trained on
sine_truth = torch.sin(x) + 0.1
SINE_FLOOR = noise_floor(0.2)
truth_new = float(((sine_truth - y_new) ** 2).mean())
print(
    f"noise floor 0.2**2/12: {SINE_FLOOR:.4f}; the true curve scores "
    f"{truth_new:.4f} on the new points"
)
sine_fits = {}


def judge(pred: torch.Tensor, y_test: torch.Tensor, truth: torch.Tensor):
    """Held-out MSE and RMS distance to the true curve of a prediction."""
    held = float(((pred - y_test) ** 2).mean())
    dist = float(((pred - truth) ** 2).mean().sqrt())
    return held, dist


def train_sine(n_relu: int, hidden: list[int], activation, epochs: int):
    """Train one network on the sine, keep it, and animate its training."""
    net = mlp(1, hidden, 1, activation=activation, seed=1)
    hist = fit(
        net,
        x,
        y,
        epochs=epochs,
        optimizer="adam",
        lr=0.01,
        snapshot_every=epochs // 40,
    )
    sine_fits[n_relu] = (net, hist)
    path = save_gif(
        hist,
        x,
        y,
        f"sine_{n_relu}_relu.gif",
        ylim=(-1.1, 1.3),
        max_frames=40,
        title=f"{n_relu} ReLU layer{'s' * (n_relu > 1)}, widths {hidden}",
    )
    show_gif(path)
    print(net)
    print(
        f"{count_parameters(net)} parameters, MSE after {epochs} epochs: "
        f"{hist.final_loss:.4f}"
    )


# %%
# One ReLU
# --------
# 1 → 100, ReLU, → 50 → 1, for 200 epochs. Only the first layer is followed
# by a ReLU; the two linear layers after it collapse into one (lesson
# 15.4), so this is a two-layer network with 100 hidden units in disguise.
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
# On the left, the training loss of every epoch; on the right, after
# training, the loss on the new points (filled) and on the training points
# (open) against the number of ReLU layers. The dotted line is the noise
# floor :math:`0.2^2/12`, what the true curve is expected to score on new
# data. The one-ReLU network was trained for 200 epochs only, so for a fair
# comparison the training loss of every network at epoch 200 is printed
# too.
sine_scores = {}
for n_relu, (net, hist) in sine_fits.items():
    with torch.no_grad():
        sine_scores[n_relu] = judge(net(x), y_new, sine_truth)
    held, dist = sine_scores[n_relu]
    print(
        f"{n_relu} ReLU: training MSE at epoch 200 {hist.loss[199]:.4f}, "
        f"final {hist.final_loss:.4f}; on new points {held:.4f} "
        f"({held / SINE_FLOOR:.1f} x the floor); "
        f"distance to sin x {dist:.3f}"
    )
at_200 = {n: h.loss[199] for n, (_, h) in sine_fits.items()}
held_of = {n: sc[0] for n, sc in sine_scores.items()}
# the text below: at epoch 200 every deeper network is below the one-ReLU
# network, the three- and four-ReLU ones over ten times below; after
# training those two come within a small factor (under 3 x) of the floor
# on new data, while the one-ReLU network stays far above it
assert all(at_200[n] < at_200[1] for n in (2, 3, 4))
assert all(at_200[n] < at_200[1] / 10 for n in (3, 4))
assert all(held_of[n] < 3 * SINE_FLOOR for n in (3, 4))
assert held_of[1] > 3 * SINE_FLOOR
# on new data nobody beats the floor by more than the noise of 1000 draws
assert all(h > 0.9 * SINE_FLOOR for h in held_of.values())

fig, (ax1, ax2) = plt.subplots(
    1, 2, figsize=(9, 3.5), layout="constrained"
)
for n_relu, (_, hist) in sine_fits.items():
    ax1.semilogy(hist.loss, label=f"{n_relu} ReLU")
depths = list(sine_fits)
ax2.semilogy(
    depths, [held_of[d] for d in depths], "o-", label="new points"
)
ax2.semilogy(
    depths,
    [sine_fits[d][1].final_loss for d in depths],
    "o--",
    mfc="none",
    label="training points",
)
for ax in (ax1, ax2):
    ax.axhline(SINE_FLOOR, color="k", ls=":", label="noise floor")
ax1.set(xlabel="epoch", ylabel="training MSE", title="Training")
ax2.set(xlabel="number of ReLU layers", ylabel="MSE after training")
ax2.set_xticks(depths)
ax2.legend(fontsize=8)
ax2.set_title("After training")
ax1.legend(fontsize=8)
fig.suptitle("The sine: training loss against depth")
plt.show()

# %%
# The deeper networks' curves are spiky: with a fixed step of 0.01, Adam
# now and then throws a well-fitted network off and then recovers, so the
# loss of the very last epoch depends a little on where such a spike falls.

# %%
# Why the fits are made of straight pieces
# ----------------------------------------
# A ReLU is two straight lines joined at zero. A unit of the first layer,
# :math:`\mathrm{ReLU}(w x + b)`, is flat on one side of :math:`x = -b/w`
# and straight on the other, and a weighted sum of such ramps is straight
# except where one of them switches on: with :math:`n` units, at most
# :math:`n` kinks, so at most :math:`n + 1` pieces. Whatever follows is
# again a sum of ramps of a piecewise-linear input, so the output of any
# ReLU network is piecewise linear in :math:`x`, however smooth it looks
# from afar.
#
# Depth changes how many pieces are possible. A unit of the second layer
# sees a piecewise-linear function of :math:`x`, and it switches on or off
# wherever that function crosses zero, which can happen once inside *every*
# piece its input already has. Each layer can therefore split the pieces of
# the layer before, and the possible number of pieces multiplies from layer
# to layer, whereas widening a single layer only adds pieces one unit at a
# time. The count of pieces each trained network actually draws on
# :math:`[-10, 10]`, found from the changes of slope of its prediction on a
# fine grid:


def count_pieces(
    net: torch.nn.Module, lo: float = -10.0, hi: float = 10.0
) -> int:
    """Straight pieces of a 1-D ReLU network's output on [lo, hi]."""
    grid = torch.linspace(lo, hi, 200_001, dtype=torch.float64).unsqueeze(
        1
    )
    with (
        torch.no_grad()
    ):  # float64, so that rounding does not look like a kink
        out = copy.deepcopy(net).double()(grid).squeeze(1).numpy()
    slope = np.diff(out) / (grid[1, 0] - grid[0, 0]).item()
    bends = np.abs(np.diff(slope)) > 1e-6
    # a kink between grid points bends two neighbouring slopes: count runs
    return 1 + int(bends[0]) + int((bends[1:] & ~bends[:-1]).sum())


pieces = {}
for n_relu, (net, _) in sine_fits.items():
    where = (-net[0].bias / net[0].weight[:, 0]).detach()
    inside = int(((where > -10) & (where < 10)).sum())
    pieces[n_relu] = count_pieces(net)
    print(
        f"{n_relu} ReLU: {pieces[n_relu]:4d} straight pieces; "
        f"the first layer alone bends at {inside} points inside the data"
    )
# the text below: even one ReLU draws dozens of pieces, more than three
# periods need (a dozen per period is already a close copy), and every
# deeper network draws more
assert pieces[1] > 36
assert all(pieces[n] > pieces[1] for n in (2, 3, 4))

# %%
# The one-ReLU network already bends in more places than a close copy of
# three sine periods in straight pieces needs; at epoch 200 it lacks not
# kinks but the training that would put them in the right places. The
# deeper networks draw more pieces, and at the same epoch 200 their loss is
# lower, for three and four ReLUs more than ten times lower (printed
# above): depth made the function easier to find, not only richer.

# %%
# The Gaussian bump
# -----------------
# Now the data of lesson 15.2: :math:`x = 0, 1, \dots, 200`, :math:`y =
# 10\,e^{-(x-100)^2/(2\cdot 20^2)} + 5 + 5u`. Before judging any fit, the
# yardstick: the uniform noise has variance :math:`5^2/12`, the floor that
# even the true curve (plus the noise's mean 2.5) is expected to score on
# new data. As for the sine, a second set of noisy values at the same
# :math:`x` (seed 1) serves as the new data, and we also measure the
# distance to the true curve. The best constant is the worst sensible fit.
xg, yg = noisy_gaussian(seed=0)
_, yg_new = noisy_gaussian(seed=1)
g_truth = gaussian_curve(xg) + 2.5
G_FLOOR = noise_floor(5.0)
g_truth_train = float(((g_truth - yg) ** 2).mean())
g_truth_new = float(((g_truth - yg_new) ** 2).mean())
print(f"noise floor 25/12:                      {G_FLOOR:.3f}")
print(f"true curve, on the training points:     {g_truth_train:.3f}")
print(f"true curve, on the new points:          {g_truth_new:.3f}")
g_const = float(yg.var(unbiased=False))
print(f"best constant, on the training points:  {g_const:.3f}")


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
    path = save_gif(
        hist, xg, yg, name, ylim=(5, 20), max_frames=40, title=title
    )
    show_gif(path)
    with torch.no_grad():
        held, dist = judge(net(xg), yg_new, g_truth)
    print(
        f"after {epochs} epochs: MSE {hist.final_loss:.3f} on the "
        f"training points, {held:.3f} on the new points; "
        f"distance to the true curve {dist:.3f}"
    )
    return hist, held, dist


# %%
# Three ReLUs of ten units each, on the raw ``x``, 300 epochs (a network
# with two or three bends to make, and a few more units than bends):
g3, g3_held, g3_dist = fit_gaussian(
    [10, 10, 10],
    300,
    "gauss_3_relu_raw.gif",
    "3 ReLU layers of 10, raw x, Adam lr 0.01, 300 epochs",
)

# %%
# Four ReLUs of ten units each, 1000 epochs:
g4, g4_held, g4_dist = fit_gaussian(
    [10, 10, 10, 10],
    1000,
    "gauss_4_relu_raw.gif",
    "4 ReLU layers of 10, raw x, Adam lr 0.01, 1000 epochs",
)

# %%
# Judge these numbers on the new points, against what the true curve scores
# there, not against zero, and not by the training loss: a fit that scored
# below the true curve on its training points would only have bent towards
# their noise. The three-ReLU network, after 300 epochs, is still far from
# the bump: on the new points its loss is more than twice the true
# curve's. The four-ReLU network, after 1000 epochs, comes much closer,
# within half again of the true curve's loss and at less than half the
# three-ReLU network's distance from the curve, but it is not there yet
# (the ratios are printed below).
print(
    f"on the new points, relative to the true curve: 3 ReLU "
    f"{g3_held / g_truth_new:.2f}, 4 ReLU {g4_held / g_truth_new:.2f}"
)
assert g3_held > 2 * g_truth_new
assert g_truth_new < g4_held < 1.5 * g_truth_new
assert g4_dist < g3_dist / 2

# %%
# Why raw ``x`` makes training unreliable
# ---------------------------------------
# PyTorch draws the first layer's weights and biases uniformly from
# :math:`[-1, 1]` when it has one input. A first-layer unit bends at
# :math:`x = -b/w`, so nearly every kink starts within a few units of zero,
# at the left edge of data that run to 200, and the bump needs its bends
# near 60 to 140. Over almost all of the data, each first-layer unit is
# then either off (a unit off on every point is dead: no gradient reaches
# its weights) or on, with pre-activations of size :math:`|w| \cdot 200`,
# so the first layer acts as one linear map with outputs in the hundreds.
# To move a kink to :math:`x = 100`, the bias must travel to about
# :math:`-100\,w`; Adam moves each parameter by roughly its learning rate,
# 0.01, per step, so that takes hundreds to thousands of steps, and how it
# goes depends on the initial weights, as the seeds below show. With ``x``
# standardised (mean 0, standard deviation 1) the same initial weights put
# their kinks across the data. Standardising ``y`` too puts the targets on
# the scale of the network's initial outputs, so that no weight has to grow
# tenfold first.
x_mean, x_std = xg.mean(), xg.std()
y_mean, y_std = yg.mean(), yg.std()
xs, ys = (xg - x_mean) / x_std, (yg - y_mean) / y_std

net = mlp(1, [10, 10, 10, 10], 1, seed=1)
w, b = net[0].weight[:, 0].detach(), net[0].bias.detach()
for label, xin, to_x in (
    ("raw x", xg, lambda k: k),
    ("standardised x", xs, lambda k: x_mean + x_std * k),
):
    kinks = (
        to_x(-b / w).sort().values
    )  # where each unit bends, in units of x
    pre = xin @ w[None, :] + b
    dead = int((pre <= 0).all(dim=0).sum())
    central = int(((kinks > 50) & (kinks < 150)).sum())
    print(
        f"{label}: first-layer kinks at x = {np.round(kinks.numpy(), 1)}"
    )
    print(
        f"    {central} of 10 between x = 50 and 150, "
        f"{dead} unit(s) dead on every point, "
        f"largest |pre-activation| {pre.abs().max():.1f}"
    )

# %%
# Six seeds, raw and standardised
# -------------------------------
# One seed proves little either way, so we train the four-ReLU network from
# six different initial weights, each on the raw data and on standardised
# ``x`` and ``y``, for 300 epochs (the budget the three-ReLU network had
# above). Each fit is scored on the new points, in the original units of
# ``y`` (the standardised fit's prediction is converted back first).
SEEDS = range(6)
EPOCHS = 300
results = {"raw": [], "standardised": []}
for seed in SEEDS:
    raw = mlp(1, [10] * 4, 1, seed=seed)
    fit(raw, xg, yg, epochs=EPOCHS, optimizer="adam", lr=0.01)
    std = mlp(1, [10] * 4, 1, seed=seed)
    fit(std, xs, ys, epochs=EPOCHS, optimizer="adam", lr=0.01)
    with torch.no_grad():
        results["raw"].append(judge(raw(xg), yg_new, g_truth)[0])
        back = std(xs) * y_std + y_mean
        results["standardised"].append(judge(back, yg_new, g_truth)[0])

print(
    f"MSE on the new points after {EPOCHS} epochs "
    f"(the true curve scores {g_truth_new:.3f})"
)
print("seed    raw  standardised")
for seed, r, s_ in zip(
    SEEDS, results["raw"], results["standardised"], strict=True
):
    print(f"{seed:>4} {r:>6.3f} {s_:>13.3f}")
for name, losses in results.items():
    lo, hi = min(losses) / g_truth_new, max(losses) / g_truth_new
    print(f"{name}: {lo:.2f} to {hi:.2f} x the true curve's loss")
# the text below: every standardised network beats every raw one, and the
# raw results spread over a far wider range than the standardised ones
assert max(results["standardised"]) < min(results["raw"])
spread = {k: max(v) / min(v) for k, v in results.items()}
assert spread["raw"] > 2 * spread["standardised"]

# %%
# The figure shows the same twelve numbers. Each dot is one trained
# network: its height is its mean squared error on the new points (log
# scale), the left column holds the six networks trained on raw ``x`` and
# ``y``, the right column the six trained on standardised data, and the
# small sideways offsets only keep dots from hiding one another. The dotted
# line is what the true curve scores on the same new points, the best a fit
# can expect. What to see: on raw data the outcome depends on the seed,
# with dots spread over a wide range far above the line, while on
# standardised data all six dots sit together just above it, each lower
# than every raw one. The architecture, the optimiser and the epochs are
# the same in both columns; only the scale of the numbers differs.
fig, ax = plt.subplots(figsize=(6, 3.5), layout="constrained")
for i, losses in enumerate(results.values()):
    jitter = np.linspace(-0.12, 0.12, len(losses))
    ax.scatter(i + jitter, losses, s=30, zorder=3)
ax.axhline(g_truth_new, color="k", ls=":", label="true curve")
ax.set(
    xticks=[0, 1],
    xticklabels=list(results),
    xlim=(-0.5, 1.5),
    ylabel="MSE on the new points",
    title=f"4 ReLU layers of 10, {EPOCHS} epochs, {len(SEEDS)} seeds",
)
ax.set_yscale("log")
ax.legend()
plt.show()

# %%
# Wider instead of deeper
# -----------------------
# So far the networks grew by adding layers. The other direction is to keep
# the depth and widen each layer. Both add parameters; do they buy the same
# thing? We train on the same bump, with Adam at learning rate 0.01 for
# 1000 epochs as above, on standardised data so that the comparison
# measures the architecture and not the initial-weight lottery, and average
# each architecture over two seeds. Two series share one corner: depth 1 to
# 4 at 10 units per layer, and widths 10, 30 and 100 at three layers.
WIDTH_EPOCHS = 1000
archs = [[10] * d for d in (1, 2, 3, 4)] + [[30] * 3, [100] * 3]
grown = {}
for hidden in archs:
    scores = []
    for seed in (0, 1):
        net = mlp(1, hidden, 1, seed=seed)
        hist = fit(
            net, xs, ys, epochs=WIDTH_EPOCHS, optimizer="adam", lr=0.01
        )
        with torch.no_grad():
            pred = net(xs) * y_std + y_mean
        train = hist.final_loss * float(y_std) ** 2
        scores.append((train, *judge(pred, yg_new, g_truth)))
    grown[tuple(hidden)] = (count_parameters(net), *np.mean(scores, 0))

print(f"{'layers':<16} {'params':>6} {'train':>6} {'new':>6} {'dist':>6}")
for hidden, (n_par, train, held, dist) in grown.items():
    name = " x ".join([str(len(hidden)), str(hidden[0])])
    print(f"{name:<16} {n_par:>6} {train:>6.3f} {held:>6.3f} {dist:>6.3f}")
print(f"true curve: training {g_truth_train:.3f}, new {g_truth_new:.3f}")
deep = {d: grown[(10,) * d] for d in (1, 2, 3, 4)}
wide = {w: grown[(w,) * 3] for w in (10, 30, 100)}
# the text below, number by number: one layer of ten stays far from the
# bump; the networks of two to four layers of ten all do better on the
# new points than the wider ones; widening lowers the training loss but
# raises the loss on new points and the distance to the true curve; and no
# network beats the true curve on the new points
assert deep[1][3] > 2 * max(deep[d][3] for d in (2, 3, 4))
narrow_new = [deep[d][2] for d in (2, 3, 4)]
assert max(narrow_new) < min(wide[w][2] for w in (30, 100))
print(
    f"two to four layers of ten, on the new points: "
    f"{min(narrow_new):.3f} to {max(narrow_new):.3f}"
)
assert wide[100][1] < wide[30][1] < wide[10][1] < g_truth_train
assert all(wide[w][2] > wide[10][2] for w in (30, 100))
assert all(wide[w][3] > wide[10][3] for w in (30, 100))
assert all(v[2] > g_truth_new for v in grown.values())

fig, ax = plt.subplots(figsize=(6, 3.5), layout="constrained")
for series, marker in (
    ([(d, 10) for d in (1, 2, 3, 4)], "o-"),
    ([(3, w) for w in (10, 30, 100)], "s-"),
):
    n_par = [grown[(w,) * d][0] for d, w in series]
    dist = [grown[(w,) * d][3] for d, w in series]
    label = "deeper (10 units)" if marker == "o-" else "wider (3 layers)"
    ax.plot(n_par, dist, marker, label=label)
ax.set(
    xscale="log",
    xlabel="parameters",
    ylabel="RMS distance to the true curve",
    title=f"Deeper and wider, {WIDTH_EPOCHS} epochs, mean of 2 seeds",
)
ax.legend()
plt.show()

# %%
# The table answers the question. A single layer of ten units is too narrow
# and too shallow to bend around the bump in 1000 epochs; with two layers
# of ten the fit reaches the bump, and a third or fourth layer changes
# little: on the new points all three score close to the true curve
# (printed above), and better than either wider network. Widening the
# three-layer network from 10 to 30 and 100 units multiplies its
# parameters, lowers its training loss further below the true curve's, and
# makes it worse where it counts: its loss on the new points rises and its
# distance from the true curve grows (the figure shows the distance against
# the number of parameters). On a curve as simple as one bump, with 201
# noisy points, the extra units learn the noise. Width and depth are both
# ways to buy flexibility; they pay off when the curve needs it, as the
# sine did above, and a held-out set is how to tell.

# %%
# Take-away
# ---------
# ReLU networks draw straight pieces, and depth multiplies how many pieces
# they can draw: on the sine, three or four ReLU layers bring the loss on
# new points within a small factor of the noise floor in a few hundred
# steps, where one ReLU layer stays far above it. The noise floor is what
# the true curve is expected to score on *new* data; training losses below
# it, or below the true curve's own score on the training points, show only
# that a fit can bend towards the noise. So judge fits on points they were
# not trained on, and by their distance to the true curve when it is known.
# On the Gaussian bump, what makes fits slow and unreliable is the input
# scale: on raw data the outcome is a lottery over the seeds, on
# standardised data every seed does well. Scale the inputs (and the
# targets) before training; then add units or layers only while the loss on
# held-out points keeps falling.

# sphinx_gallery_thumbnail_number = 5
