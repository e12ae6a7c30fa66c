"""
15.3a A network draws straight lines
====================================

A network with one hidden layer of ten ReLU units learns the curve
:math:`y = x^2` from 100 noisy points. We watch one training run, then
look closely at what it learned: not a smooth parabola but a chain of
straight segments, with at most one kink per hidden unit, and we read the
kinks straight off the trained weights.

The next pages reuse this network: :ref:`15.3b
<sphx_glr_auto_examples_plot_15_3b_width_seeds.py>` trains it from ten
seeds and twice as wide, :ref:`15.3c
<sphx_glr_auto_examples_plot_15_3c_which_loss.py>` changes its loss, and
:ref:`15.3d <sphx_glr_auto_examples_plot_15_3d_fit_or_network.py>` sets
it against an ordinary least-squares fit.
"""

# License: MIT

# %%
# The data
# --------
# 100 points on :math:`[-1, 1]` with :math:`y = x^2 + 0.2\,u`,
# :math:`u \sim U[0, 1)`. The noise comes from its own seeded generator,
# so the page shows the same points every time it is built.
import matplotlib.pyplot as plt
import torch

from nnreg import (
    TwoLayerNet,
    count_parameters,
    fit,
    noisy_parabola,
    relu_kinks,
)
from nnreg.animation import save_gif, show_gif

x, y = noisy_parabola(seed=1)

fig, ax = plt.subplots(figsize=(7, 3.5), layout="constrained")
ax.scatter(x, y, s=10, color="tab:orange")
ax.set(xlabel="x", ylabel="y", title="100 noisy samples of x²")
plt.show()

# %%
# The network and the loss
# ------------------------
# The model is :math:`f(x) = W_2\,\mathrm{ReLU}(W_1 x + b_1) + b_2`, with
# :math:`W_1` of shape 10×1 and :math:`W_2` of shape 1×10. With no error
# bars on the points, the natural loss is the mean squared error
#
# .. math:: \mathcal{L}_\mathrm{MSE} = \frac{1}{N}\sum_{i=1}^{N}
#    \left(y_i - f(x_i)\right)^2,
#
# the criterion of an ordinary least-squares fit. Printing the network
# shows its layers; ``count_parameters`` counts its weights and biases.
net = TwoLayerNet(n_feature=1, n_hidden=10, n_output=1, seed=1)
print(net)
print("trainable parameters:", count_parameters(net))

# %%
# Watching one training run
# -------------------------
# 200 epochs of gradient descent with learning rate 0.2, each step
# computed on all 100 points. PyTorch calls its optimiser ``SGD``,
# *stochastic* gradient descent, because it is usually fed random
# mini-batches; fed the whole data set at every step, as here, nothing
# about it is random. Besides the noise of the data, the only chance in
# this run is the draw of the initial weights (the ``seed`` given to
# ``TwoLayerNet``).
#
# :func:`nnreg.fit` records the loss every epoch and, every 5 epochs, the
# network's prediction; :func:`nnreg.animation.save_gif` turns those
# snapshots into the animation below, and in a notebook
# :func:`nnreg.animation.show_gif` shows it under the cell.
history = fit(
    net, x, y, epochs=200, optimizer="sgd", lr=0.2, snapshot_every=5
)
gif = save_gif(
    history,
    x,
    y,
    "parabola_10_hidden.gif",
    ylim=(-0.1, 1.5),
    title="Two-layer net, 10 hidden units, gradient descent lr 0.2",
)
show_gif(gif)
print(f"MSE of this run after 200 epochs: {history.final_loss:.4f}")

# %%
# This is one run from one draw of the initial weights. Page
# :ref:`15.3b <sphx_glr_auto_examples_plot_15_3b_width_seeds.py>` repeats
# it from ten draws to show which parts of the story depend on that draw.
#
# Why the fit is made of straight segments
# ----------------------------------------
# Hidden unit :math:`j` computes :math:`\mathrm{ReLU}(w_j x + b_j)`: zero
# on one side of :math:`x_j = -b_j / w_j` and a straight line on the
# other. The output adds these ramps with weights :math:`v_j` (the entries
# of :math:`W_2`), so it is straight everywhere except at the points
# :math:`x_j`. There one ramp switches on or off, and the slope of the
# output, read from left to right, jumps by :math:`v_j |w_j|`. A network
# with :math:`n` hidden units therefore bends at most :math:`n` times.
#
# :func:`nnreg.relu_kinks` computes these points and jumps from the
# trained weights, keeping those inside the data range.
positions, jumps = relu_kinks(net, -1.0, 1.0)
print(f"{len(positions)} of the 10 units bend the line inside [-1, 1]:")
for where, jump in zip(positions, jumps, strict=True):
    print(f"    kink at x = {where:+.3f}, slope jumps by {jump:+.3f}")

# %%
# To see the kinks in the prediction itself, we plot it together with its
# slope :math:`df/dx`, which PyTorch computes exactly by differentiating
# the network. The dotted lines mark the kinks read off the weights.
grid = torch.linspace(-1.0, 1.0, 2001).unsqueeze(1).requires_grad_()
f = net(grid)
(slope,) = torch.autograd.grad(f.sum(), grid)
grid, f = grid.detach(), f.detach()

fig, (top, bottom) = plt.subplots(
    2, 1, figsize=(7, 5.5), sharex=True, layout="constrained"
)
top.scatter(x, y, s=8, color="tab:orange", alpha=0.6, label="data")
top.plot(grid, f, color="tab:green", lw=2, label="network")
top.set(ylabel="y", title="Prediction and slope, 10 hidden units")
top.legend(loc="upper center")
bottom.plot(grid, slope, color="tab:green", lw=2)
bottom.set(xlabel="x", ylabel="slope df/dx")
for ax in (top, bottom):
    for where in positions:
        ax.axvline(where, color="grey", ls=":", lw=1)
plt.show()

# sphinx_gallery_start_ignore
import math

xs, ss = grid.squeeze(1).numpy(), slope.squeeze(1).numpy()
edges = [-1.0, *positions.tolist(), 1.0]
levels = []
for left, right in zip(edges[:-1], edges[1:], strict=True):
    inner = ss[(xs > left + 1e-4) & (xs < right - 1e-4)]
    assert len(inner) == 0 or inner.max() - inner.min() < 1e-5, (
        "15.3a: 'the slope is flat between the dotted lines' fails"
    )
    levels.append(float(inner.mean()) if len(inner) else math.nan)
steps = [b - a for a, b in zip(levels[:-1], levels[1:], strict=True)]
for where, jump, step in zip(positions, jumps, steps, strict=True):
    assert math.isnan(step) or abs(step - jump) < 1e-4 * max(
        1, abs(jump)
    ), (
        "15.3a: 'the slope jumps by v_j |w_j|' fails at the kink at "
        f"x = {where:.3f}: the slope steps by {step:.5f}, not {jump:.5f}"
    )
# sphinx_gallery_end_ignore

# %%
# The slope is a staircase: flat between the dotted lines, with a step at
# each, of the size printed above. So the green curve is a chain of
# straight segments, one more than the kinks inside the data.
#
# Units whose kink falls outside :math:`[-1, 1]` are not idle. Over the
# whole data range such a unit is either off, and contributes nothing, or
# on, and adds one straight line that tilts and shifts every segment at
# once. The width sets a ceiling on the kinks; how many of them land
# among the data is decided by the training. 15.3b counts them over ten
# seeds and two widths.
#
# Take-away
# ---------
# A one-hidden-layer ReLU network is a piecewise-linear function: hidden
# unit :math:`j` can bend it once, at :math:`x_j = -b_j / w_j`, where the
# slope jumps by :math:`v_j |w_j|`. Its fit to a parabola is a chain of at
# most :math:`n + 1` straight segments, and :func:`nnreg.relu_kinks` reads
# their corners off the trained weights.

# sphinx_gallery_thumbnail_number = 3
