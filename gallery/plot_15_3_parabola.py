"""
15.3 Fitting a parabola with a two-layer network
================================================

A network with one hidden layer of ten ReLU units learns the curve
:math:`y = x^2` from 100 noisy points, trained by plain gradient descent on the
mean squared error. We watch it learn, double its width, and then look closely
at the shape of what it learned: not a smooth parabola but a chain of straight
segments, with at most one kink per hidden unit.
"""

# License: MIT

# %%
# The data
# --------
# 100 points on :math:`[-1, 1]` with :math:`y = x^2 + 0.2\,u`,
# :math:`u \sim U[0, 1)`. The noise is drawn from its own seeded generator, so
# this page shows the same points every time it is built.
import matplotlib.pyplot as plt
import numpy as np
import torch

from nnreg import TwoLayerNet, count_parameters, fit, noisy_parabola
from nnreg.animation import save_gif

x, y = noisy_parabola(seed=1)

fig, ax = plt.subplots(figsize=(7, 3.5))
ax.scatter(x, y, s=10, color="tab:orange")
ax.set(xlabel="x", ylabel="y", title="100 noisy samples of x²")
plt.show()

# %%
# The network and the loss
# ------------------------
# The model is :math:`f(x) = W_2\,\mathrm{ReLU}(W_1 x + b_1) + b_2` with
# :math:`W_1` of shape 10×1 and :math:`W_2` of shape 1×10. With no error bars
# on the points, the natural loss is the mean squared error
#
# .. math:: \mathcal{L} = \frac{1}{N}\sum_{i=1}^{N} \left(y_i - f(x_i)\right)^2,
#
# the least-squares criterion of an ordinary fit. Printing the network shows
# its layers; ``count_parameters`` counts its weights and biases.
net = TwoLayerNet(n_feature=1, n_hidden=10, n_output=1, seed=1)
print(net)
print("trainable parameters:", count_parameters(net))

# %%
# Training, and watching it
# -------------------------
# 200 epochs of full-batch stochastic gradient descent with learning rate 0.2.
# :func:`nnreg.fit` records the loss every epoch and, every 5 epochs, the
# network's prediction; :func:`nnreg.animation.save_gif` turns those snapshots
# into the animation below. ``fit`` builds the optimiser from *this*
# network's parameters, so retraining can never silently step another model.
history = fit(net, x, y, epochs=200, optimizer="sgd", lr=0.2, snapshot_every=5)
save_gif(
    history,
    x,
    y,
    "parabola_10_hidden.gif",
    ylim=(-0.1, 1.5),
    title="Two-layer net, 10 hidden units, SGD lr 0.2",
)
print(f"MSE after 200 epochs: {history.final_loss:.4f}")

# %%
# Twice as wide
# -------------
# The same training with 20 hidden units. A fresh network comes with a fresh
# optimiser; nothing is carried over from the first run.
wide = TwoLayerNet(1, 20, 1, seed=1)
history_wide = fit(wide, x, y, epochs=200, optimizer="sgd", lr=0.2, snapshot_every=5)
save_gif(
    history_wide,
    x,
    y,
    "parabola_20_hidden.gif",
    ylim=(-0.1, 1.5),
    title="Two-layer net, 20 hidden units, SGD lr 0.2",
)
print(f"MSE with 10 hidden units: {history.final_loss:.4f}")
print(f"MSE with 20 hidden units: {history_wide.final_loss:.4f}")

fig, ax = plt.subplots(figsize=(7, 3.5))
ax.semilogy(history.loss, label="10 hidden")
ax.semilogy(history_wide.loss, label="20 hidden")
ax.set(xlabel="epoch", ylabel="training MSE", title="Loss during training")
ax.legend()
plt.show()

# %%
# Why the fit is made of straight segments
# ----------------------------------------
# Each hidden unit computes :math:`\mathrm{ReLU}(w_j x + b_j)`: zero on one side
# of :math:`x_j = -b_j / w_j` and a straight line on the other. The output is a
# weighted sum of these ramps, so it is straight everywhere except at the
# points :math:`x_j`, where one ramp switches on. A network with :math:`n`
# hidden units therefore draws at most :math:`n` kinks, and only those inside
# the data range show. Let us read the kinks off the trained weights and check
# them against the slope of the prediction on a fine grid.


def kinks(model: TwoLayerNet, lo: float = -1.0, hi: float = 1.0) -> np.ndarray:
    """Where each hidden unit switches on, kept if inside [lo, hi]."""
    w = model.hidden.weight.detach().squeeze(1)
    b = model.hidden.bias.detach()
    where = (-b / w).numpy()
    return np.sort(where[(where > lo) & (where < hi)])


def slope_changes(model: TwoLayerNet) -> int:
    """Count the changes of slope of the prediction on a fine grid."""
    grid = torch.linspace(-1, 1, 20001).unsqueeze(1)
    with torch.no_grad():
        slope = np.diff(model(grid).squeeze(1).numpy()) / (2 / 20000)
    return int((np.abs(np.diff(slope)) > 1e-2).sum())


for name, model in (("10 hidden", net), ("20 hidden", wide)):
    k = kinks(model)
    print(
        f"{name}: {len(k)} kinks inside [-1, 1] from the weights, "
        f"{slope_changes(model)} slope changes seen on the grid"
    )

grid = torch.linspace(-1.1, 1.1, 500).unsqueeze(1)
fig, ax = plt.subplots(figsize=(7, 4))
ax.scatter(x, y, s=8, color="tab:orange", alpha=0.6, label="data")
with torch.no_grad():
    ax.plot(grid, net(grid), color="tab:green", lw=2, label="10 hidden")
for k in kinks(net):
    ax.axvline(k, color="tab:green", ls=":", lw=1)
ax.set(xlabel="x", ylabel="y", title="The 10-unit fit and where its units switch on")
ax.legend()
plt.show()

# %%
# Take-away
# ---------
# A ReLU network is a piecewise-linear function with one possible kink per
# hidden unit; more units buy more segments, and a smoother-looking curve. The
# numbers above come from this run: the count of kinks read off the weights
# matches the slope changes of the prediction, unit for unit.

# sphinx_gallery_thumbnail_number = 5
