"""
15.5a Depth or width: ReLU networks on the sine
================================================

Lesson 15.4 ended with a stack of linear layers that can only draw a
straight line; a ReLU after each hidden layer lets it bend. A network of
a given size can spend its parameters in two ways: on one wide layer of
ReLUs, or on several narrow layers stacked. This page asks which
fits the noisy sine better when everything else is held equal: the same
number of parameters, the same optimiser, the same number of epochs, and
five seeds for the data and the initial weights. Each fit is judged on
noisy points it never saw.
"""

# License: MIT

# %%
# Two networks of the same size
# -----------------------------
# A hidden layer of :math:`n` units after one input costs :math:`2n`
# parameters (a weight and a bias each), and a layer of :math:`n` after
# one of :math:`m` costs :math:`(m + 1)\,n`. One layer of 175 units and
# three layers of 15 units happen to come to exactly the same total.
# Both have a ReLU after every hidden layer.
import matplotlib.pyplot as plt
import numpy as np
import torch

from nnreg import count_parameters, fit, kink_positions, mlp, noisy_sine
from nnreg.animation import save_gif, show_gif
from nnreg.data import noise_floor

ARCHS = {"1 layer of 175": [175], "3 layers of 15": [15, 15, 15]}
WIDE, DEEP = ARCHS
for name, hidden in ARCHS.items():
    n_par = count_parameters(mlp(1, hidden, 1))
    print(f"{name}: {n_par} parameters")

# sphinx_gallery_start_ignore
_sizes = [count_parameters(mlp(1, h, 1)) for h in ARCHS.values()]
assert max(_sizes) <= 1.1 * min(_sizes), (
    "15.5a: 'the same number of parameters' no longer holds"
)
# sphinx_gallery_end_ignore

# %%
# How a fit is judged
# -------------------
# The training data are the sine of lesson 15.4, :math:`\sin x + 0.2\,u`
# at 1000 points of :math:`[-10, 10]`, with :math:`u` uniform on
# :math:`[0, 1)`. A flexible network can score well on its own training
# points by bending towards their noise, so we judge it on *new* points:
# fresh noise drawn at the same :math:`x`, never used in training.
#
# Even the true curve, :math:`\sin x + 0.1`, misses new points by the
# noise: its expected mean squared error there is the noise's variance,
# :math:`0.2^2/12`, the *noise floor*. A fit's expected error on new
# points is the floor plus its mean squared distance from the true curve,
# so we report it in units of the floor. A perfect fit scores about 1; a
# fit that scores 3 is off the curve by twice the floor, squared.
FLOOR = noise_floor(0.2)
print(f"noise floor 0.2**2 / 12 = {FLOOR:.5f}")

# %%
# Five seeds, 300 epochs each
# ---------------------------
# For every seed we draw new training data and new held-out points, build
# both networks from that seed's initial weights, and train each with Adam
# (learning rate 0.01) on the full data for 300 epochs.
SEEDS = range(5)
DATA_SEED = 100  # training noise of seed s: DATA_SEED + s
NEW_SEED = 200  # held-out noise of seed s: NEW_SEED + s
EPOCHS = 300
held_out = {name: [] for name in ARCHS}
runs = {name: [] for name in ARCHS}
for seed in SEEDS:
    x, y = noisy_sine(seed=DATA_SEED + seed)
    _, y_new = noisy_sine(seed=NEW_SEED + seed)
    for name, hidden in ARCHS.items():
        net = mlp(1, hidden, 1, seed=seed)
        hist = fit(
            net,
            x,
            y,
            epochs=EPOCHS,
            optimizer="adam",
            lr=0.01,
            snapshot_every=10,
        )
        with torch.no_grad():
            mse_new = float(((net(x) - y_new) ** 2).mean())
        held_out[name].append(mse_new / FLOOR)
        runs[name].append((net, hist))

print("MSE on the new points, in units of the noise floor")
print(f"{'seed':>4}  {WIDE:>15}  {DEEP:>15}")
for seed, w, d in zip(SEEDS, held_out[WIDE], held_out[DEEP], strict=True):
    print(f"{seed:>4}  {w:>15.1f}  {d:>15.1f}")
for name, scores in held_out.items():
    print(f"{name}: from {min(scores):.1f} to {max(scores):.1f}")

# sphinx_gallery_start_ignore
_wide = np.array(held_out[WIDE])
_deep = np.array(held_out[DEEP])
assert np.all(_deep < _wide), (
    "15.5a: 'in every seed, the three narrow layers end below the wide "
    "layer on the new points' no longer holds"
)
assert _wide.min() > 5, (
    "15.5a: 'every wide net stays more than five times above the floor' "
    "no longer holds"
)
assert _deep.min() < 3, (
    "15.5a: 'the best three-layer runs come close to the floor' no "
    "longer holds"
)
assert _deep.max() / _deep.min() > _wide.max() / _wide.min(), (
    "15.5a: 'the three-layer results vary more from seed to seed' no "
    "longer holds"
)
# sphinx_gallery_end_ignore

# %%
# The spread over the seeds
# -------------------------
# On the left, the training loss of every run against the epoch (one
# line per seed); on the right, each run's loss on the new points, one dot
# per seed, with the noise floor at 1.
fig, (ax1, ax2) = plt.subplots(
    1, 2, figsize=(9, 3.5), layout="constrained"
)
for i, name in enumerate(ARCHS):
    for k, (_, hist) in enumerate(runs[name]):
        label = name if k == 0 else None
        ax1.semilogy(hist.loss, color=f"C{i}", lw=1, label=label)
    dots = held_out[name]
    ax2.scatter(np.full(len(dots), i), dots, color=f"C{i}", zorder=3)
ax1.axhline(FLOOR, color="k", ls=":", label="noise floor")
ax1.set(xlabel="epoch", ylabel="training MSE", title="Training")
ax1.legend(fontsize=8)
ax2.axhline(1, color="k", ls=":")
ax2.set(
    xticks=[0, 1],
    xticklabels=list(ARCHS),
    xlim=(-0.5, 1.5),
    yscale="log",
    ylabel="new-point MSE / floor",
    title=f"After {EPOCHS} epochs, {len(SEEDS)} seeds",
)
plt.show()

# %%
# In every seed the three narrow layers end below the wide layer on the
# new points. The wide networks all stay more than five times above the
# floor; the best three-layer runs come close to it (within three times),
# but their results vary more from seed to seed. Same size, same training
# budget: the difference is the arrangement of the units. This is a
# statement about 300 epochs; the wide network may do better with longer
# training (try ``EPOCHS = 600``).
#
# One run of each, animated
# -------------------------
# The first seed's two runs, as they train (their scores are the first
# row of the table). Watch the ends of the range.
x, y = noisy_sine(seed=DATA_SEED + SEEDS[0])
for name in ARCHS:
    _, hist = runs[name][0]
    path = save_gif(
        hist,
        x,
        y,
        f"sine_{ARCHS[name][0]}_units.gif",
        ylim=(-1.1, 1.3),
        max_frames=30,
        title=f"{name}, seed {SEEDS[0]}",
    )
    show_gif(path)

# sphinx_gallery_start_ignore
_truth = torch.sin(x) + 0.1
_outer = x.abs() > 5
with torch.no_grad():
    _sq = (runs[WIDE][0][0](x) - _truth) ** 2
assert _sq[_outer].mean() > 2 * _sq[~_outer].mean(), (
    "15.5a: 'in this run the wide network cuts through the outer waves' "
    "no longer holds"
)
# sphinx_gallery_end_ignore

# %%
# In this run the wide network follows the sine near the middle and cuts
# straight through the outer waves: its error there is more than twice
# its error in the middle half.
#
# Where the kinks are
# -------------------
# A ReLU network's output is straight between kinks.
# :func:`nnreg.kink_positions` finds them in a trained network. A unit of
# the wide layer computes :math:`\mathrm{ReLU}(w x + b)` and bends only at
# :math:`x = -b/w`. PyTorch draws :math:`w` and :math:`b` uniformly from
# :math:`[-1, 1]` for a layer with one input, so about nine in ten of
# these kinks start in the middle half of the data, :math:`|x| < 5`, and
# training moves them slowly. A unit of the second or third layer bends
# wherever *its* input, a sum of the ramps below it, crosses zero, and
# that can happen anywhere. We count the kinks of every trained network
# in the outer half, :math:`5 < |x| < 10`:
for name in ARCHS:
    total, outer = [], []
    for net, _ in runs[name]:
        kinks = kink_positions(net, -10.0, 10.0)
        total.append(len(kinks))
        outer.append(int((np.abs(kinks) > 5).sum()))
    share = np.array(outer) / np.array(total)
    print(
        f"{name}: {min(total)} to {max(total)} kinks, "
        f"{share.min():.0%} to {share.max():.0%} of them outside |x| < 5"
    )

# sphinx_gallery_start_ignore
_share = {}
for _name in ARCHS:
    _k = [kink_positions(n, -10.0, 10.0) for n, _ in runs[_name]]
    _share[_name] = [np.mean(np.abs(k) > 5) for k in _k]
assert max(_share[WIDE]) < 0.1, (
    "15.5a: 'fewer than one in ten of the wide net's kinks lie in the "
    "outer half' no longer holds"
)
assert np.median(_share[DEEP]) > 2 * np.median(_share[WIDE]), (
    "15.5a: 'the narrow stack puts a larger share of its kinks out "
    "there' no longer holds"
)
# sphinx_gallery_end_ignore

# %%
# The wide network has far more kinks, but fewer than one in ten of them
# lie in the outer half, where half of the sine's waves are. The narrow
# stack has fewer kinks in all and puts a larger share of them out there.
# With :math:`x` running to 10, the wide layer's kinks stay close to where
# initialisation put them. Lesson
# :ref:`sphx_glr_auto_examples_plot_15_5b_scale_the_input.py` shows, with
# an experiment that changes only the scale of the input, how much that
# starting position matters.
#
# Take-away
# ---------
# At the same number of parameters and the same number of epochs, three
# ReLU layers of 15 units fitted the sine better than one layer of 175 in
# every seed we tried. The deep networks put more of their bends where
# the data needed them; the wide one had many kinks, nearly all in the
# middle. Depth did not make training reliable, though: the three-layer
# runs vary a lot from seed to seed. Compare networks one change at a
# time, over several seeds, and judge them on points they were not
# trained on, against the noise floor.

# sphinx_gallery_thumbnail_number = 2
