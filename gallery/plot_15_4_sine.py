"""
15.4 A sine wave, a silent bug, and a stack of straight lines
=============================================================

The next curve is :math:`\\sin x` over three periods. Two things can go
wrong before any question of architecture arises, and both are worth
seeing once. First, a network trained with an optimiser that was built for
another network never changes, and nothing tells you so: the loss just
stays flat. Second, a learning rate that suited inputs on :math:`[-1, 1]`
blows up on inputs ten times larger. With both fixed, we stack three linear
layers without any activation between them and prove, by multiplying the
weights out, that the whole stack is one straight line: the least-squares
line of the data.
"""

# License: MIT

# %%
# The data
# --------
# 1000 points on :math:`[-10, 10]` with :math:`y = \sin x + 0.2\,u`,
# :math:`u \sim U[0, 1)`, drawn from a seeded generator of their own. The
# noise has variance :math:`0.2^2/12`, the *noise floor*: even a model that
# knew :math:`\sin x` exactly (plus the noise's mean 0.1) would expect that
# mean squared error on new points drawn the same way. On the very points
# it was trained on, a flexible enough fit can score below it, by bending
# towards their noise; that is no achievement, which is why fits are judged
# on points they have not seen. None of this lesson's fits comes near the
# floor anyway, as the numbers below show.
import matplotlib.pyplot as plt
import numpy as np
import torch

from nnreg import (
    History,
    TwoLayerNet,
    count_parameters,
    fit,
    mlp,
    noisy_parabola,
    noisy_sine,
)
from nnreg.animation import save_gif, show_gif
from nnreg.data import noise_floor
from nnreg.models import collapse_linear
from nnreg.training import Snapshot

x, y = noisy_sine(seed=1)
YLIM = (-1.1, 1.3)
best_constant = float(((y - y.mean()) ** 2).mean())
print(f"MSE of the best constant (the variance of y): {best_constant:.4f}")
print(f"noise floor 0.2**2 / 12:{'':23}{noise_floor(0.2):.4f}")

fig, ax = plt.subplots(figsize=(7, 3.5), layout="constrained")
ax.scatter(x, y, s=4, color="tab:orange")
ax.set(xlabel="x", ylabel="y", title="1000 noisy samples of sin x")
plt.show()

# %%
# Reusing the parabola's optimiser
# --------------------------------
# A natural way to run this experiment is to keep everything from the
# parabola, the training loop and the optimiser, and only build a new
# network. Here is that setup: the parabola's network and its SGD optimiser
# (learning rate 0.2), trained as before, then a fresh 10-unit network for
# the sine.
x_par, y_par = noisy_parabola(seed=1)
parabola_net = TwoLayerNet(1, 10, 1, seed=0)
optimizer = torch.optim.SGD(parabola_net.parameters(), lr=0.2)
fit(parabola_net, x_par, y_par, epochs=200, optimizer=optimizer)

sine_net = TwoLayerNet(1, 10, 1, seed=1)

# %%
# The training loop is the textbook one, written out by hand: predict,
# compute the loss, clear the gradients, back-propagate, step. It records
# the loss and, every 5 epochs, the prediction, so that we can animate the
# run. We hand it the optimiser we still have, the parabola's.


def train_by_hand(net, opt, epochs: int, every: int = 5) -> History:
    """Full-batch training on the sine, stepping ``opt``."""
    hist = History(x_plot=x.numpy())
    for epoch in range(epochs):
        prediction = net(x)
        loss = torch.nn.functional.mse_loss(prediction, y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        hist.loss.append(float(loss.detach()))
        if epoch % every == 0:
            snap = Snapshot(
                epoch, hist.loss[-1], prediction.detach().numpy()
            )
            hist.snapshots.append(snap)
    with torch.no_grad():
        final = net(x)
    hist.final_loss = float(torch.nn.functional.mse_loss(final, y))
    hist.snapshots.append(Snapshot(epochs, hist.final_loss, final.numpy()))
    return hist


before = {k: v.clone() for k, v in sine_net.state_dict().items()}
stale = train_by_hand(sine_net, optimizer, epochs=200)
path = save_gif(
    stale,
    x,
    y,
    "sine_stale_optimizer.gif",
    ylim=YLIM,
    max_frames=40,
    title="10 hidden units, stepped by the parabola's optimiser",
)
show_gif(path)
unchanged = all(
    torch.equal(before[k], v) for k, v in sine_net.state_dict().items()
)
print(
    "every weight of the sine network unchanged after 200 epochs:",
    unchanged,
)
print(
    f"loss at epoch 0: {stale.loss[0]:.6f}   "
    f"at epoch 199: {stale.loss[-1]:.6f}"
)
grad = sine_net.hidden.weight.grad.norm()
print(
    f"gradient piled up on the hidden weights, never applied: {grad:.1f}"
)
assert unchanged and stale.loss[0] == stale.loss[-1] and grad > 0

# %%
# Nothing failed, nothing was printed, and the network did not learn. The
# reason is what an optimiser is: a list of references to the tensors it
# updates, taken when it was built. ``optimizer`` holds the *parabola*
# network's weights. Each epoch, ``zero_grad`` cleared the parabola
# network's gradients, ``backward`` computed the sine network's gradients
# (which nobody cleared, so they piled up, as printed), and ``step`` found
# no gradient on the parabola network to apply. The sine network kept its
# random initial weights for all 200 epochs, and its loss stayed where it
# started. A prediction that never moves looks like a network that "cannot"
# fit the data; it is a network that was never trained.
#
# :func:`nnreg.fit` checks for this before the first step. Given the stale
# optimiser, it refuses and says why:
try:
    fit(sine_net, x, y, epochs=200, optimizer=optimizer)
except ValueError as err:
    print("ValueError:", err)

# %%
# A fresh optimiser, and a learning rate that explodes
# ----------------------------------------------------
# With an optimiser built from each new network, training does happen, and
# with the parabola's learning rate of 0.2 it diverges within a few epochs:
diverged = []
for width in (10, 100):
    try:
        fit(
            TwoLayerNet(1, width, 1, seed=1),
            x,
            y,
            epochs=200,
            optimizer="sgd",
            lr=0.2,
        )
    except FloatingPointError as err:
        print(f"{width:>3} hidden units: FloatingPointError: {err}")
        diverged.append(width)
assert diverged == [10, 100]

# %%
# The gradient of the loss with respect to a first-layer weight :math:`w_j`
# carries a factor :math:`x`, and the curvature of the loss along it a
# factor :math:`x^2`. Plain gradient descent is stable only while the step
# is small compared with the inverse of that curvature. On the parabola the
# inputs filled :math:`[-1, 1]`; here they fill :math:`[-10, 10]`, and the
# mean of :math:`x^2` is about a hundred times larger, so the same step
# overshoots, and every overshoot makes the next gradient larger. Scaling
# the learning rate down by that ratio restores stable training:
mean_sq_par, mean_sq_sine = float((x_par**2).mean()), float((x**2).mean())
ratio = mean_sq_sine / mean_sq_par
lr_sine = 0.2 / ratio
print(f"mean x^2: parabola {mean_sq_par:.3f}, sine {mean_sq_sine:.2f}")
print(
    f"ratio {ratio:.1f}, so SGD with lr = 0.2 / {ratio:.1f} "
    f"= {lr_sine:.4f}"
)
assert 50 < ratio < 200  # "about a hundred times larger"

# %%
# With that step, both networks train for 200 epochs; first the 10-unit
# one:
nets, shallow = {}, {}
for width in (10, 100):
    nets[width] = TwoLayerNet(1, width, 1, seed=1)
    shallow[width] = fit(
        nets[width],
        x,
        y,
        epochs=200,
        optimizer="sgd",
        lr=lr_sine,
        snapshot_every=5,
    )
path = save_gif(
    shallow[10],
    x,
    y,
    "sine_10_hidden.gif",
    ylim=YLIM,
    max_frames=40,
    title=f"10 hidden units, fresh SGD optimiser, lr {lr_sine:.4f}",
)
show_gif(path)

# %%
# and so does the 100-unit one, with the same step:
path = save_gif(
    shallow[100],
    x,
    y,
    "sine_100_hidden.gif",
    ylim=YLIM,
    max_frames=40,
    title=f"100 hidden units, fresh SGD optimiser, lr {lr_sine:.4f}",
)
show_gif(path)
for width, hist in shallow.items():
    print(
        f"{width:>3} hidden units: "
        f"MSE after 200 epochs {hist.final_loss:.4f}"
    )
print(f"best constant:              {best_constant:.4f}")
# "only a little below the best constant": less than a fifth below it
for hist in shallow.values():
    assert 0.8 * best_constant < hist.final_loss < best_constant

# %%
# Both networks now learn, and both end up only a little below the best
# constant (compare the printed numbers): the step that keeps plain
# gradient descent stable on this input range is too small to bend a line
# into three periods of a sine in 200 steps. That is a real limitation, not
# a bug, and lesson
# :ref:`sphx_glr_auto_examples_plot_15_5b_depth_or_width.py` attacks it
# with a different optimiser and more layers.
grid = torch.linspace(-10, 10, 500).unsqueeze(1)
fig, ax = plt.subplots(figsize=(7, 3.5), layout="constrained")
ax.scatter(x, y, s=3, color="tab:orange", alpha=0.5, label="data")
with torch.no_grad():
    ax.plot(
        grid,
        sine_net(grid),
        color="tab:gray",
        lw=2,
        label="stale optimiser",
    )
    ax.plot(
        grid, nets[10](grid), color="tab:green", lw=2, label="10 hidden"
    )
    ax.plot(
        grid, nets[100](grid), color="tab:blue", lw=2, label="100 hidden"
    )
ax.set(
    xlabel="x",
    ylabel="y",
    ylim=YLIM,
    title="Two-layer networks after 200 epochs",
)
ax.legend(loc="lower right", ncols=2)
plt.show()

# %%
# Three linear layers, no activation
# ----------------------------------
# More layers, then? Here are three ``Linear`` layers, 1 → 100 → 100 → 1,
# with nothing between them, trained with Adam at learning rate 0.01 for
# 200 epochs. Adam divides each parameter's step by the typical size of its
# own recent gradients, so large inputs do not make its steps blow up the
# way they did for plain gradient descent.
linear_stack = mlp(1, [100, 100], 1, activation=None, seed=1)
print(linear_stack)
stack_hist = fit(
    linear_stack,
    x,
    y,
    epochs=200,
    optimizer="adam",
    lr=0.01,
    snapshot_every=5,
)
path = save_gif(
    stack_hist,
    x,
    y,
    "sine_linear_stack.gif",
    ylim=YLIM,
    max_frames=40,
    title="Three linear layers (1-100-100-1), no activation, Adam lr 0.01",
)
show_gif(path)
print(f"MSE after 200 epochs: {stack_hist.final_loss:.4f}")

# %%
# Why it can only draw a line
# ---------------------------
# Each layer computes :math:`h \mapsto W_k h + b_k`. Composing them,
#
# .. math::
#
#    W_3(W_2(W_1 x + b_1) + b_2) + b_3
#    = \underbrace{W_3 W_2 W_1}_{W}\, x
#    + \underbrace{W_3 W_2 b_1 + W_3 b_2 + b_3}_{b},
#
# one affine map, whatever the widths: the stack has over ten thousand
# parameters (printed below), and the function they describe has two
# degrees of freedom, a slope and an intercept.
# :func:`nnreg.models.collapse_linear` multiplies the trained weights out;
# the single line it gives reproduces the network's output, and it is (to
# the precision of 200 Adam steps) the ordinary least-squares line of the
# data.
print("parameters in the stack:", count_parameters(linear_stack))
W, b = collapse_linear(linear_stack)
with torch.no_grad():
    gap = (linear_stack(x) - (x @ W.T + b)).abs().max()
print(f"max |network(x) - (W x + b)| over the data: {gap:.2e}")

design = np.column_stack([x.numpy()[:, 0], np.ones(len(x))])
(slope, intercept), *_ = np.linalg.lstsq(
    design, y.numpy()[:, 0], rcond=None
)
line_mse = float(
    np.mean((design @ [slope, intercept] - y.numpy()[:, 0]) ** 2)
)
print(f"collapsed network: slope {float(W):.5f}, intercept {float(b):.5f}")
print(f"least squares:     slope {slope:.5f}, intercept {intercept:.5f}")
print(f"MSE: network {stack_hist.final_loss:.5f}, line {line_mse:.5f}")
# the text: the line reproduces the network to float precision, and it is
# the least-squares line to the precision of 200 Adam steps
assert gap < 1e-4
assert abs(float(W) - slope) < 1e-3 and abs(float(b) - intercept) < 1e-3
assert stack_hist.final_loss - line_mse < 1e-3
assert count_parameters(linear_stack) > 10_000

fig, ax = plt.subplots(figsize=(7, 3.5), layout="constrained")
ax.scatter(x, y, s=3, color="tab:orange", alpha=0.5, label="data")
xs = np.array([-10.0, 10.0])
ax.plot(
    xs,
    slope * xs + intercept,
    color="k",
    lw=4,
    alpha=0.3,
    label="least squares",
)
with torch.no_grad():
    ax.plot(
        grid,
        linear_stack(grid),
        "--",
        color="tab:green",
        label="linear stack",
    )
ax.set(
    xlabel="x",
    ylabel="y",
    ylim=YLIM,
    title="A linear stack is one straight line",
)
ax.legend(loc="lower right")
plt.show()

# %%
# The losses side by side
# -----------------------
# The stale run is perfectly flat; the others fall, but none gets far below
# the best constant. (The logarithmic axis shows the linear stack's first
# few Adam steps overshooting before it settles.)
assert max(stack_hist.loss[:20]) > stack_hist.loss[0]  # the overshoot
assert 0.8 * best_constant < stack_hist.final_loss < best_constant
fig, ax = plt.subplots(figsize=(7, 3.5), layout="constrained")
ax.semilogy(stale.loss, color="tab:gray", label="stale optimiser")
ax.semilogy(
    shallow[10].loss,
    color="tab:green",
    label=f"10 hidden, SGD {lr_sine:.4f}",
)
ax.semilogy(
    shallow[100].loss,
    color="tab:blue",
    label=f"100 hidden, SGD {lr_sine:.4f}",
)
ax.semilogy(
    stack_hist.loss, color="tab:purple", label="linear stack, Adam 0.01"
)
ax.axhline(best_constant, color="k", ls=":", label="best constant")
ax.set(xlabel="epoch", ylabel="training MSE", title="Loss during training")
ax.legend()
plt.show()

# %%
# Take-away
# ---------
# A network that does not move was probably never trained: an optimiser
# updates the tensors it was built with, so every new network needs its
# own, and a loss that is exactly flat (printed above, to six digits) is
# the symptom. Once training happens, the learning rate has to suit the
# scale of the inputs. And stacking linear layers adds parameters but no
# shape: the three-layer stack's prediction is a single affine map, which
# the weights multiplied out reproduce to float precision and which matches
# the least-squares line. Bending the line takes a nonlinearity between the
# layers, the subject of the next lesson,
# :ref:`sphx_glr_auto_examples_plot_15_5a_scale_the_input.py`.

# sphinx_gallery_thumbnail_number = 5
