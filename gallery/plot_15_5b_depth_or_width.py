"""
15.5b Depth or width: ReLU networks on the sine
================================================

A network of a given size can spend its parameters on one wide layer of
ReLUs or on several narrow layers stacked. This page asks which fits the
noisy sine of lesson 15.4 better when everything else is held equal: the
same number of parameters, the same optimiser, the same number of
epochs, and five seeds for the data and the initial weights. We make the
comparison twice, on the raw input and on the standardised input of
:ref:`sphx_glr_auto_examples_plot_15_5a_scale_the_input.py`, because
the answer depends on it.
"""

# License: MIT

# %%
# Two networks of the same size
# -----------------------------
# A hidden layer of :math:`n` units after one input costs :math:`2n`
# parameters (a weight and a bias each), and a layer of :math:`n` after
# one of :math:`m` costs :math:`(m + 1)\,n`. One layer of 175 units and
# three layers of 15 units happen to come to the same total. Both have a
# ReLU after every hidden layer.
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
    "15.5b: 'the same number of parameters' no longer holds"
)
# sphinx_gallery_end_ignore

# %%
# Twenty trainings
# ----------------
# The data are :math:`\sin x + 0.2\,u` at 1000 points of
# :math:`[-10, 10]`, with :math:`u` uniform on :math:`[0, 1)`, so the
# noise floor is :math:`0.2^2/12`. As in lesson 15.5a, every fit is
# scored on new noisy points at the same :math:`x`, in units of the
# floor. For each seed we draw training and held-out noise, then train
# both networks, each on raw and on standardised :math:`x`, from that
# seed's initial weights, with Adam (learning rate 0.01) for 300 epochs.
FLOOR = noise_floor(0.2)
SEEDS = range(5)
DATA_SEED = 100  # training noise of seed s: DATA_SEED + s
NEW_SEED = 200  # held-out noise of seed s: NEW_SEED + s
EPOCHS = 300
score = {(a, s): [] for a in ARCHS for s in ("raw", "standardised")}
wide_raw = []  # the trained wide networks on raw x, kept for later
for seed in SEEDS:
    x, y = noisy_sine(seed=DATA_SEED + seed)
    _, y_new = noisy_sine(seed=NEW_SEED + seed)
    inputs = {"raw": x, "standardised": (x - x.mean()) / x.std()}
    for (arch, scaling), scores in score.items():
        net = mlp(1, ARCHS[arch], 1, seed=seed)
        hist = fit(
            net,
            inputs[scaling],
            y,
            epochs=EPOCHS,
            optimizer="adam",
            lr=0.01,
            snapshot_every=10,
        )
        with torch.no_grad():
            mse_new = float(((net(inputs[scaling]) - y_new) ** 2).mean())
        scores.append(mse_new / FLOOR)
        if (arch, scaling) == (WIDE, "raw"):
            wide_raw.append((net, hist))

print(f"MSE on the new points / floor, {len(SEEDS)} seeds")
for (arch, scaling), scores in score.items():
    print(
        f"{arch}, {scaling:>12} x: median {np.median(scores):5.1f}", end=""
    )
    print(f", from {min(scores):5.1f} to {max(scores):5.1f}")

# %%
# The figure shows every score, one dot per seed, with the noise floor at
# 1.
fig, ax = plt.subplots(figsize=(7, 3.5), layout="constrained")
for i, scores in enumerate(score.values()):
    ax.scatter(np.full(len(scores), i), scores, color=f"C{i // 2}")
ax.axhline(1, color="k", ls=":", label="noise floor")
ax.set(
    xticks=range(len(score)),
    xticklabels=[f"{a}\n{s} x" for a, s in score],
    yscale="log",
    ylabel="new-point MSE / floor",
    title=f"{EPOCHS} epochs, {count_parameters(net)} parameters each",
)
ax.legend()
plt.show()

# sphinx_gallery_start_ignore
_med = {k: np.median(v) for k, v in score.items()}
_wr, _dr = (np.array(score[a, "raw"]) for a in ARCHS)
assert np.sum(_dr < _wr) >= 4, (
    "15.5b: 'on raw x, the three narrow layers end below the wide layer "
    "in at least four of five seeds' no longer holds"
)
assert _wr.min() > 5, (
    "15.5b: 'on raw x every wide network stays more than five times above "
    "the floor' no longer holds"
)
assert _med[WIDE, "raw"] > 10 * _med[WIDE, "standardised"], (
    "15.5b: 'standardising cuts the wide network's median score more "
    "than tenfold' no longer holds"
)
assert max(_med[a, "standardised"] for a in ARCHS) < 4, (
    "15.5b: 'on standardised x both medians are within four times the "
    "floor' no longer holds"
)
_std_meds = [_med[a, "standardised"] for a in ARCHS]
assert max(_std_meds) < 3 * min(_std_meds), (
    "15.5b: 'on standardised x neither architecture is far ahead' no "
    "longer holds"
)
# sphinx_gallery_end_ignore

# %%
# On raw :math:`x` depth looks like the winner: in at least four of five
# seeds the three narrow layers end below the wide layer, and every wide
# network stays more than five times above the floor. On standardised
# :math:`x` the picture changes. Standardising cuts the wide network's
# median score more than tenfold, both medians come within four times the
# floor, and neither architecture is far ahead (the medians are printed
# above). A run of either kind can stall far above the others; the dots
# show whether any did here.
#
# The wide network on raw x
# -------------------------
# What goes wrong for the wide network on raw :math:`x`, in the first
# seed's run:
x, y = noisy_sine(seed=DATA_SEED + SEEDS[0])
path = save_gif(
    wide_raw[0][1],
    x,
    y,
    "sine_wide_raw_x.gif",
    ylim=(-1.1, 1.3),
    max_frames=30,
    title=f"{WIDE}, raw x, seed {SEEDS[0]}",
)
show_gif(path)

# sphinx_gallery_start_ignore
_outer = x.abs() > 5
with torch.no_grad():
    _sq = (wide_raw[0][0](x) - torch.sin(x) - 0.1) ** 2
assert _sq[_outer].mean() > 2 * _sq[~_outer].mean(), (
    "15.5b: 'in this run the wide network cuts through the outer waves' "
    "no longer holds"
)
# sphinx_gallery_end_ignore

# %%
# In this run it follows the sine near the middle and cuts straight
# through the outer waves: its error there is more than twice its error
# in the middle half. Its output is straight between kinks, and a unit
# :math:`\mathrm{ReLU}(w x + b)` bends only at :math:`x = -b/w`. PyTorch
# draws :math:`w` and :math:`b` uniformly from :math:`[-1, 1]` for a
# layer with one input, so about nine in ten of these kinks start in the
# middle half of the data, :math:`|x| < 5`, and training moves them
# slowly. :func:`nnreg.kink_positions` finds the kinks of the five
# trained wide networks:
outer_share = []
for net, _ in wide_raw:
    kinks = kink_positions(net, -10.0, 10.0)
    outer_share.append(np.mean(np.abs(kinks) > 5))
    print(f"{len(kinks)} kinks, {outer_share[-1]:.0%} outside |x| < 5")

# sphinx_gallery_start_ignore
assert max(outer_share) < 0.1, (
    "15.5b: 'fewer than one in ten of the wide networks' kinks lie in the "
    "outer half' no longer holds"
)
# sphinx_gallery_end_ignore

# %%
# In every seed, fewer than one in ten of the wide network's kinks lie in
# the outer half, where half of the sine's waves are. On standardised
# :math:`x`, which spans only about :math:`[-1.7, 1.7]`, the same draw of
# :math:`w` and :math:`b` puts kinks all across the data. A unit of a
# deeper layer bends wherever its own input crosses zero, which is not
# tied to :math:`-b/w` of a first-layer unit; this may be why the narrow
# stack suffered less from the raw input.
#
# Take-away
# ---------
# At the same number of parameters and epochs, three ReLU layers of 15
# units beat one layer of 175 in most seeds on raw :math:`x`, but on
# standardised :math:`x` both came close to the noise floor, neither far
# ahead. Much of depth's apparent advantage here came from the input
# scale. Compare architectures one change at a time, on scaled inputs,
# over several seeds, and judge them on points they were not trained on.

# sphinx_gallery_thumbnail_number = 1
