"""
15.3 Fitting a parabola with a two-layer network
================================================

A network with one hidden layer of ten ReLU units learns the curve
:math:`y = x^2` from 100 noisy points, trained by plain gradient descent on
the mean squared error. We watch it learn, double its width, and look
closely at the shape of what it learned: not a smooth parabola but a chain
of straight segments, with at most one kink per hidden unit. Then we train
it on a second loss, the mean absolute percentage error, recall how this
regression loss differs from the cross-entropy of classification, and ask
why the network takes so much longer than an ordinary fit.
"""

# License: MIT

# %%
# The data
# --------
# 100 points on :math:`[-1, 1]` with :math:`y = x^2 + 0.2\,u`,
# :math:`u \sim U[0, 1)`. The noise is drawn from its own seeded generator,
# so this page shows the same points every time it is built.
import copy
import time

import matplotlib.pyplot as plt
import numpy as np
import torch

from nnreg import (
    TwoLayerNet,
    count_parameters,
    fit,
    mape_loss,
    mse_loss,
    noisy_parabola,
)
from nnreg.animation import save_gif, show_gif

x, y = noisy_parabola(seed=1)

fig, ax = plt.subplots(figsize=(7, 3.5))
ax.scatter(x, y, s=10, color="tab:orange")
ax.set(xlabel="x", ylabel="y", title="100 noisy samples of x²")
plt.show()

# %%
# The network and the loss
# ------------------------
# The model is :math:`f(x) = W_2\,\mathrm{ReLU}(W_1 x + b_1) + b_2` with
# :math:`W_1` of shape 10×1 and :math:`W_2` of shape 1×10. With no error
# bars on the points, the natural loss is the mean squared error
#
# .. math:: \mathcal{L}_\mathrm{MSE} = \frac{1}{N}\sum_{i=1}^{N}
#    \left(y_i - f(x_i)\right)^2,
#
# the least-squares criterion of an ordinary fit. Printing the network
# shows its layers; ``count_parameters`` counts its weights and biases.
net = TwoLayerNet(n_feature=1, n_hidden=10, n_output=1, seed=1)
print(net)
print("trainable parameters:", count_parameters(net))

# %%
# Training, and watching it
# -------------------------
# 200 epochs of gradient descent with learning rate 0.2. Every step uses
# all 100 points, so this is plain (full-batch) gradient descent. PyTorch's
# optimiser is called ``SGD``, *stochastic* gradient descent, because it is
# usually fed random mini-batches of the data; fed the whole data set at
# every step, as here, nothing about it is random.
#
# :func:`nnreg.fit` records the loss every epoch and, every 5 epochs, the
# network's prediction; :func:`nnreg.animation.save_gif` turns those
# snapshots into the animation below (in a notebook,
# :func:`nnreg.animation.show_gif` shows it under the cell). ``fit`` builds
# the optimiser from *this* network's parameters, so retraining can never
# silently step another model.
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
print(f"MSE after 200 epochs: {history.final_loss:.4f}")

# %%
# Twice as wide
# -------------
# The same training with 20 hidden units. A fresh network comes with a
# fresh optimiser; nothing is carried over from the first run.
wide = TwoLayerNet(1, 20, 1, seed=1)
history_wide = fit(
    wide, x, y, epochs=200, optimizer="sgd", lr=0.2, snapshot_every=5
)
gif = save_gif(
    history_wide,
    x,
    y,
    "parabola_20_hidden.gif",
    ylim=(-0.1, 1.5),
    title="Two-layer net, 20 hidden units, gradient descent lr 0.2",
)
show_gif(gif)
print(f"MSE with 10 hidden units: {history.final_loss:.4f}")
print(f"MSE with 20 hidden units: {history_wide.final_loss:.4f}")

# %%
# The loss during training
# ------------------------
# The figure below shows the training loss of both networks, epoch by
# epoch, on a logarithmic axis. What to see: both losses fall steeply in
# the first 50 epochs, which remove more than nine tenths of what the 200
# epochs remove; after that the curves flatten, and the wider network ends
# lower. The printed shares and final losses are this run's.
fig, ax = plt.subplots(figsize=(7, 3.5))
ax.semilogy(history.loss, label="10 hidden")
ax.semilogy(history_wide.loss, label="20 hidden")
ax.axvline(50, color="grey", ls=":", lw=1)
ax.set(xlabel="epoch", ylabel="training MSE", title="Loss during training")
ax.legend()
plt.show()

for name, h in (("10 hidden", history), ("20 hidden", history_wide)):
    first = h.loss[0] - h.loss[50]
    share = first / (h.loss[0] - h.loss[-1])
    print(f"{name}: loss {h.loss[0]:.4f} -> {h.loss[50]:.4f} (epoch 50)")
    print(f"    -> {h.loss[-1]:.4f} (epoch 199); first 50: {share:.1%}")
    assert share > 0.9, "most of the drop is not in the first 50 epochs"
assert history_wide.final_loss < history.final_loss

# %%
# Why the fit is made of straight segments
# ----------------------------------------
# Each hidden unit computes :math:`\mathrm{ReLU}(w_j x + b_j)`: zero on one
# side of :math:`x_j = -b_j / w_j` and a straight line on the other. The
# output is a weighted sum of these ramps, so it is straight everywhere
# except at the points :math:`x_j`, where one ramp switches on and the
# slope of the output jumps by :math:`v_j |w_j|` (:math:`v_j` is the unit's
# output weight). A network with :math:`n` hidden units therefore draws at
# most :math:`n` kinks, and only those inside the data range show.
#
# We read the kinks off the trained weights, then look for them in the
# prediction itself, on a grid of 20 001 points over :math:`[-1, 1]`. The
# prediction is evaluated in double precision (a copy of the network, same
# weights): in the network's own single precision, rounding alone makes
# the slope between neighbouring grid points jitter by amounts of the same
# order as the smallest kinks (both are printed below), so no threshold
# tells them apart. A kink that falls inside a grid cell changes the slope
# of that one cell, so it shows as two neighbouring slope changes; they are
# counted as one kink, located where the two meet, with their summed jump.

LO, HI = -1.0, 1.0


def kinks_from_weights(
    model: TwoLayerNet,
) -> tuple[np.ndarray, np.ndarray]:
    """Where each unit switches on inside [LO, HI], and its slope jump."""
    w = model.hidden.weight.detach().double().squeeze(1).numpy()
    b = model.hidden.bias.detach().double().numpy()
    v = model.predict.weight.detach().double().squeeze(0).numpy()
    where = -b / w
    inside = (where > LO) & (where < HI)
    order = np.argsort(where[inside])
    return where[inside][order], (v * np.abs(w))[inside][order]


def slope_jumps(model: TwoLayerNet, dtype: torch.dtype):
    """Grid points inside [LO, HI] and the change of slope at each."""
    grid = torch.linspace(LO, HI, 20001, dtype=dtype)
    with torch.no_grad():
        f = copy.deepcopy(model).to(dtype)(grid[:, None]).squeeze(1)
    g = grid.double().numpy()
    slope = np.diff(f.double().numpy()) / np.diff(g)
    return g[1:-1], np.diff(slope)


def kinks_on_grid(model: TwoLayerNet, tol: float = 1e-6):
    """Kinks of the prediction seen on a fine grid, and slope jitter."""
    g, jump = slope_jumps(model, torch.float64)
    flagged = np.flatnonzero(np.abs(jump) > tol)
    runs = np.split(flagged, np.flatnonzero(np.diff(flagged) > 1) + 1)
    runs = [r for r in runs if len(r)]
    where = np.array([g[r].mean() for r in runs])
    size = np.array([jump[r].sum() for r in runs])
    quiet = np.ones(len(jump), bool)
    for r in runs:
        quiet[max(r[0] - 1, 0) : r[-1] + 2] = False
    return where, size, float(np.abs(jump[quiet]).max())


step = (HI - LO) / 20000
counts = {}
all_match = True
single = {}
for name, model in (("10 hidden", net), ("20 hidden", wide)):
    n_units = model.hidden.out_features
    at, jumps = kinks_from_weights(model)
    seen, seen_jumps, jitter = kinks_on_grid(model)
    g32, jump32 = slope_jumps(model, torch.float32)
    far = np.abs(g32[:, None] - at[None, :]).min(axis=1) > 2 * step
    jitter32 = float(np.abs(jump32[far]).max())
    smallest = float(np.abs(jumps).min())
    counts[name] = (n_units, len(at))
    print(
        f"{name}: {len(at)} of {n_units} units switch on inside [-1, 1],"
        f" {len(seen)} kinks on the grid"
    )
    print(
        f"    smallest jump {smallest:.4f}; slope jitter away from kinks:"
    )
    print(
        f"    {jitter32:.4f} in single, {jitter:.0e} in double precision"
    )
    # every kink of the weights is on the grid, and nothing else is
    assert len(seen) == len(at)
    assert np.abs(seen - at).max() <= step
    assert np.allclose(seen_jumps, jumps, rtol=1e-6, atol=1e-8)
    assert smallest > 1000 * jitter
    single[name] = (smallest, jitter32)
    all_match = all_match and len(seen) == len(at)

(n10, in10), (n20, in20) = counts["10 hidden"], counts["20 hidden"]
low_kink, low_jitter = min(single.values())
assert low_kink < 10 * low_jitter  # same order in single precision
print(f"kinks outside [-1, 1]: {n10 - in10} of 10, {n20 - in20} of 20")
assert in20 <= in10 and n20 - in20 > in20

grid = torch.linspace(-1.1, 1.1, 500).unsqueeze(1)
fig, axes = plt.subplots(
    1, 2, figsize=(9, 3.8), sharey=True, layout="constrained"
)
for ax, (name, model, colour) in zip(
    axes,
    (("10 hidden", net, "tab:green"), ("20 hidden", wide, "tab:purple")),
    strict=True,
):
    ax.scatter(x, y, s=8, color="tab:orange", alpha=0.6, label="data")
    with torch.no_grad():
        ax.plot(grid, model(grid), color=colour, lw=2, label=name)
    for k in kinks_from_weights(model)[0]:
        ax.axvline(k, color=colour, ls=":", lw=1)
    ax.set(xlabel="x", title=f"{name}: where units switch on")
    ax.legend(loc="upper center")
axes[0].set_ylabel("y")
plt.show()

# %%
# For both networks, every kink read off the weights shows up in the
# prediction, at the same place (within one grid step) and with the same
# jump of slope, and the prediction has no other kink. In double precision
# the smallest jump is more than a thousand times the rounding jitter of
# the slope, so none hides in the noise; in single precision, the smallest
# kink of the two networks is less than ten times its network's jitter.
#
# Width sets a ceiling on the number of segments, not the number itself.
# Doubling the width did not buy more segments here: the twenty-unit
# network has no more kinks inside the data than the ten-unit one, and most
# of its units switch on outside :math:`[-1, 1]`. Such a unit's ramp is one
# straight line over the whole data range, so it only tilts and shifts the
# segments the other units draw. How many of its possible kinks a network
# places among the data is decided by the training, not by the width.
#
# A second regression loss: MAPE
# ------------------------------
# The squared error counts every miss in the units of :math:`y`. The mean
# absolute percentage error counts it relative to the target,
#
# .. math:: \mathcal{L}_\mathrm{MAPE} = \frac{100\,\%}{N}\sum_{i=1}^{N}
#    \frac{|y_i - f(x_i)|}{|y_i|}.
#
# A miss of 0.05 costs 5 % at :math:`y = 1` and 100 % at :math:`y = 0.05`.
# Each point is weighted by :math:`1/|y_i|`, and our parabola has targets
# close to zero near :math:`x = 0`. First, the recipe that trained the
# network on the MSE: gradient descent at learning rate 0.2.
ten = TwoLayerNet(1, 10, 1, seed=1)
h_sgd = fit(ten, x, y, epochs=200, optimizer="sgd", lr=0.2, loss="mape")
smallest = float(y.min())
print(f"smallest target: {smallest:.4f}, weight 1/y = {1 / smallest:.0f}")
print(
    f"MAPE after 200 epochs of gradient descent: {h_sgd.final_loss:.0f} %"
)
assert h_sgd.final_loss > 100 and 1 / smallest > 100

# %%
# The training fails: after 200 epochs the MAPE is far above 100 %, worse
# than predicting zero everywhere (which scores exactly 100 %). The
# smallest target weighs hundreds of times more than a target near 1, so
# the gradient is dominated by a few points near :math:`x = 0`, and a step
# size that suits the MSE throws the weights far off.
#
# Adam, the optimiser of the next lessons, scales each step by the size of
# recent gradients and copes. To compare the two losses fairly, both are
# trained with it (learning rate 0.01, 200 epochs), and each fit is scored
# on both losses, on its mean residual :math:`\overline{f(x) - y}`, and on
# its distance to the curve the data scatter around, :math:`x^2 + 0.1`
# (0.1 is the mean of the noise).
fits = {}
print("trained on     MSE    MAPE  mean residual  RMS to x²+0.1")
for loss in ("mse", "mape"):
    model = TwoLayerNet(1, 10, 1, seed=1)
    fit(model, x, y, epochs=200, optimizer="adam", lr=0.01, loss=loss)
    with torch.no_grad():
        pred = model(x)
    fits[loss] = pred
    rms = float(((pred - (x**2 + 0.1)) ** 2).mean().sqrt())
    print(
        f"{loss.upper():>10} {float(mse_loss(pred, y)):7.5f}"
        f" {float(mape_loss(pred, y)):5.1f} %"
        f" {float((pred - y).mean()):+14.4f} {rms:14.4f}"
    )

p_mse, p_mape = fits["mse"], fits["mape"]
assert mse_loss(p_mse, y) < mse_loss(p_mape, y)
assert mape_loss(p_mape, y) < mape_loss(p_mse, y)
bias_mse, bias_mape = float((p_mse - y).mean()), float((p_mape - y).mean())
assert bias_mape < 0 and abs(bias_mse) < abs(bias_mape)
truth = x**2 + 0.1
assert ((p_mse - truth) ** 2).mean() < ((p_mape - truth) ** 2).mean()

low = y.squeeze(1) < 0.1
per_point = (p_mse - y).abs().squeeze(1) / y.squeeze(1)
share = float(per_point[low].sum() / per_point.sum())
print(
    f"{int(low.sum())} of 100 targets are below 0.1; they make {share:.0%}"
    " of the MSE fit's MAPE"
)
assert share > 3 * float(low.float().mean())

fig, ax = plt.subplots(figsize=(7, 3.5))
ax.scatter(x, y, s=8, color="tab:orange", alpha=0.6, label="data")
ax.plot(x, truth, color="grey", ls="--", lw=1, label="x² + 0.1")
ax.plot(x, p_mse, color="tab:green", lw=2, label="trained on MSE")
ax.plot(x, p_mape, color="tab:red", lw=2, label="trained on MAPE")
ax.set(xlabel="x", ylabel="y", title="Same network, two losses (Adam)")
ax.legend()
plt.show()

# %%
# Each fit wins on the loss it was trained on, as it must. What they reward
# differs. The MSE is minimised by the *mean* of the targets near each
# :math:`x`: its fit runs through the middle of the noise, with a mean
# residual close to zero, and stays closer to :math:`x^2 + 0.1`. The MAPE
# is an absolute error weighted by :math:`1/|y_i|`; it is minimised by a
# weighted *median* that leans towards the smaller targets, so its fit runs
# below the data (a negative mean residual) and further from the curve.
#
# MAPE suits targets that stay well away from zero, where a relative error
# is what matters (a price, a count, an energy). Near zero it fails: the
# few targets below 0.1 make a share of the MAPE several times their share
# of the points, it is undefined at :math:`y = 0` (``fit`` refuses such
# targets), and it cannot be used at all for targets that change sign.
#
# Cross-entropy for classes, squared error for values
# ---------------------------------------------------
# A classifier (lesson 14) outputs a probability :math:`f(x) \in (0, 1)`
# that an event is signal (:math:`y = 1`) rather than background
# (:math:`y = 0`), and is trained on the binary cross-entropy
#
# .. math:: \mathcal{L}_\mathrm{BCE} = -\frac{1}{N}\sum_{i=1}^{N}
#    \left[y_i \log f(x_i) + (1 - y_i) \log\left(1 - f(x_i)\right)\right],
#
# the negative log-likelihood of labels drawn with probability
# :math:`f(x)`. A regression network outputs a value, any real number, and
# the squared error is the negative log-likelihood of a Gaussian of fixed
# width :math:`\sigma` around :math:`f(x)`, up to a constant:
# :math:`-\frac{1}{N}\log L = \mathcal{L}_\mathrm{MSE}/(2\sigma^2) + \log
# \sigma + \frac{1}{2}\log 2\pi`. Both losses are "make the data as likely
# as possible"; they differ in what the network's output is. The check
# below computes the Gaussian negative log-likelihood of the 10-unit fit
# with PyTorch's own loss and compares it with that formula.
sigma = 0.1
with torch.no_grad():
    f10 = net(x)
nll = torch.nn.GaussianNLLLoss(full=True)(
    f10, y, torch.full_like(y, sigma**2)
)
formula = (
    float(mse_loss(f10, y)) / (2 * sigma**2)
    + np.log(sigma)
    + 0.5 * np.log(2 * np.pi)
)
print(
    f"Gaussian NLL per point: {float(nll):.6f}, "
    f"from the MSE: {formula:.6f}"
)
assert np.isclose(float(nll), formula, rtol=1e-5)

# %%
# Why does the network take longer than a fit?
# --------------------------------------------
# A polynomial :math:`a + bx + cx^2` is *linear in its parameters*: the
# least-squares condition :math:`\partial\mathcal{L}/\partial a = \partial
# \mathcal{L}/\partial b = \partial\mathcal{L}/\partial c = 0` is a set of
# linear equations, solved once, exactly. The network's output depends on
# its weights through the ReLU kinks, so no such equations exist: gradient
# descent starts from random weights and takes small steps downhill, each
# one a pass over all the data, 200 of them here. We time both, on the
# same 100 points, and compare the MSE each reaches.
xd, yd = x.double().numpy().ravel(), y.double().numpy().ravel()
poly = np.polynomial.Polynomial
repeats = 20
start = time.perf_counter()
for _ in range(repeats):
    quad = poly.fit(xd, yd, deg=2)
t_poly = (time.perf_counter() - start) / repeats
mse_poly = float(np.mean((quad(xd) - yd) ** 2))

again = TwoLayerNet(1, 10, 1, seed=1)
start = time.perf_counter()
h_again = fit(again, x, y, epochs=200, optimizer="sgd", lr=0.2)
t_net = time.perf_counter() - start
ratio = t_net / t_poly
print(
    f"quadratic least squares: {t_poly * 1e3:.2f} ms, MSE {mse_poly:.5f}"
)
print(
    f"network, 200 epochs: {t_net * 1e3:.0f} ms, "
    f"MSE {h_again.final_loss:.5f}"
)
print(f"the network took {ratio:.0f} times as long")
assert t_net > 10 * t_poly and h_again.final_loss > mse_poly

# %%
# The network needs well over ten times as long and, after its 200 epochs,
# still ends with a higher MSE than the quadratic, which finds its exact
# minimum in one step. That is the price of not guessing a formula: the fit
# knew the answer was a parabola, the network had to find a shape from 31
# numbers that enter its output nonlinearly, one small step at a time. In
# exchange, nothing in the network's form says "parabola": given points of
# another shape, the same code fits that shape, where the quadratic would
# need a new formula.
#
# Take-away
# ---------
# A ReLU network is a piecewise-linear function with at most one kink per
# hidden unit; the kinks read off the weights are exactly those of its
# prediction, and training decides how many fall among the data (doubling
# the width added none here). The squared error rewards the mean and is a
# Gaussian likelihood; MAPE rewards relative accuracy, pulls the fit low
# and breaks down for targets near zero; classification uses the
# cross-entropy instead. And where a formula is known, an ordinary fit is
# faster and, on this budget, better. The cell below repeats the checks
# behind these sentences.
checks = {
    "every kink on the grid is a unit's kink": all_match,
    "20 units: no more kinks inside [-1, 1]": in20 <= in10,
    "MAPE fit runs lower than the MSE fit": bias_mape < bias_mse,
    "quadratic faster and lower MSE": bool(
        t_poly < t_net and mse_poly < h_again.final_loss
    ),
}
for claim, holds in checks.items():
    print(f"{claim}: {holds}")
assert all(checks.values())

# sphinx_gallery_thumbnail_number = 5
