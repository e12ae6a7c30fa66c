"""
15.3b Twice as wide, over ten seeds
===================================

Does a network with 20 hidden units fit the parabola better than one with
10? One training run of each cannot say: the answer depends on the random
initial weights, and a different draw can reverse it. So we train both
widths from ten draws each, with everything else equal, and look at the
spread. The same runs also show how the loss falls during training, and
how many kinks (see :ref:`15.3a
<sphx_glr_auto_examples_plot_15_3a_straight_lines.py>`) each network
places among the data.
"""

# License: MIT

# %%
# Twenty trainings
# ----------------
# The data and the recipe are those of 15.3a: 100 noisy points of
# :math:`x^2`, 200 epochs of full-batch gradient descent at learning rate
# 0.2 on the mean squared error. Only two things change: the width, 10 or
# 20 hidden units, and the seed of the initial weights, ten of them. For
# each run we keep the loss of every epoch, the final loss, and the number
# of kinks inside :math:`[-1, 1]`.
import matplotlib.pyplot as plt
import numpy as np

from nnreg import TwoLayerNet, fit, noisy_parabola, relu_kinks

x, y = noisy_parabola(seed=1)
seeds = range(1, 11)
widths = (10, 20)
curves, final, kinks = {}, {}, {}
for n in widths:
    curves[n], final[n], kinks[n] = [], [], []
    for seed in seeds:
        net = TwoLayerNet(1, n, 1, seed=seed)
        history = fit(net, x, y, epochs=200, optimizer="sgd", lr=0.2)
        curves[n].append(history.loss + [history.final_loss])
        final[n].append(history.final_loss)
        kinks[n].append(len(relu_kinks(net, -1.0, 1.0)[0]))
curves = {n: np.array(c) for n, c in curves.items()}
final = {n: np.array(f) for n, f in final.items()}
kinks = {n: np.array(k) for n, k in kinks.items()}

# %%
# How the loss falls
# ------------------
# All twenty loss curves, on a logarithmic axis. The dotted line marks
# epoch 50, a quarter of the training.
colours = {10: "tab:green", 20: "tab:purple"}
fig, ax = plt.subplots(figsize=(7, 3.5), layout="constrained")
for n in widths:
    for k, curve in enumerate(curves[n]):
        label = f"{n} hidden" if k == 0 else None
        ax.semilogy(curve, color=colours[n], lw=1, alpha=0.6, label=label)
ax.axvline(50, color="grey", ls=":", lw=1)
ax.set(xlabel="epoch", ylabel="training MSE", title="Ten seeds per width")
ax.legend()
plt.show()

# %%
# The curves drop steeply at first and flatten later. To put a number on
# it, we take for each run the share of its total drop, from the first
# epoch to the end, that happens in the first 50 epochs. A share above 1
# would mean that the loss ended higher than it was at epoch 50.
share = {
    n: (c[:, 0] - c[:, 50]) / (c[:, 0] - c[:, -1])
    for n, c in curves.items()
}

# %%
# The spread over seeds
# ---------------------
# Each dot below is one run; the black bar is the median over the ten
# seeds of a width.
fig, axes = plt.subplots(1, 3, figsize=(9, 3.5), layout="constrained")
panels = (
    (final, "final MSE", True),
    (share, "share of the drop in epochs 0-50", False),
    (kinks, "kinks inside [-1, 1]", False),
)
jitter = np.random.default_rng(0).uniform(-0.12, 0.12, len(seeds))
for ax, (values, title, log) in zip(axes, panels, strict=True):
    for i, n in enumerate(widths):
        ax.scatter(i + jitter, values[n], s=18, color=colours[n])
        median = np.median(values[n])
        ax.plot([i - 0.25, i + 0.25], [median] * 2, color="black", lw=2)
    ax.set_xticks([0, 1], [f"{n} hidden" for n in widths])
    ax.set_title(title, fontsize=10)
    if log:
        ax.set_yscale("log")
plt.show()

for name, values in (
    ("final MSE", final),
    ("share", share),
    ("kinks", kinks),
):
    for n in widths:
        v = values[n]
        print(
            f"{name:>9}, {n} hidden: min {v.min():.3g}"
            f"  median {np.median(v):.3g}  max {v.max():.3g}"
        )
wider_lower = int((final[20] < final[10]).sum())
print(f"seeds where 20 hidden ends below 10 hidden: {wider_lower} of 10")
early = {n: int((share[n] > 0.75).sum()) for n in widths}
for n in widths:
    print(
        f"{n} hidden: over 3/4 of the drop by epoch 50 in {early[n]} of 10"
    )

# sphinx_gallery_start_ignore
assert wider_lower >= 7, (
    "15.3b: 'the wider network ends lower in most seeds' no longer holds: "
    f"only {wider_lower} of 10"
)
assert np.median(final[20]) < np.median(final[10]), (
    "15.3b: 'the median final loss of the wider network is lower' fails"
)
for n in widths:
    assert early[n] >= 7 and np.median(share[n]) > 0.85, (
        f"15.3b: 'in most runs more than three quarters of the drop comes "
        f"in the first 50 epochs' fails for {n} hidden units"
    )
    assert np.median(kinks[n]) <= 0.75 * n, (
        f"15.3b: 'most networks bend inside the data with only part of "
        f"their units' fails for {n} hidden units"
    )
assert np.median(kinks[20]) > np.median(kinks[10]), (
    "15.3b: 'the wider network usually places more kinks among the data' "
    "no longer holds for the medians"
)
# sphinx_gallery_end_ignore

# %%
# What holds over the seeds
# -------------------------
# **Width.** The wider network ends lower in most seeds (the count is
# printed above), and its median final loss is lower. The dots of each
# width spread over a range, printed above as min and max. Comparing one
# run per width picks one dot from each cloud, and where the clouds
# overlap, that pick alone can decide which width looks better.
#
# **Early drop.** In most runs, more than three quarters of what the 200
# epochs remove is removed in the first 50, and in the median run well
# over three quarters. After that, each further epoch buys less.
#
# **Kinks.** The wider network usually places more kinks among the data,
# so its chain of segments has more, shorter pieces to follow the curve
# with. Yet neither width uses all its units there: in the median run,
# part of the units bend the line outside :math:`[-1, 1]`, where they
# only tilt it.
#
# Take-away
# ---------
# A claim about training is a claim about a distribution over seeds.
# Here, doubling the width lowers the final loss in most seeds and in the
# median, a statement about the distribution that a single seed may
# contradict; and the fast early drop is typical of the runs, not a law.
# Compare settings over several seeds, and show the spread.

# sphinx_gallery_thumbnail_number = 2
