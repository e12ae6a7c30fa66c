"""
15.4a A network that never trained
==================================

The next curve is :math:`\\sin x` over three periods. The obvious way to
fit it is to keep the parabola's code, build a new network and train
again. Done carelessly, that gives a network whose prediction never moves,
which looks like a network too weak for the curve. It is a network that
was never trained: the optimiser still belongs to the parabola's network.
This page shows the symptom, the reason, and the check that catches it.
"""

# License: MIT

# %%
# The data
# --------
# 1000 points on :math:`[-10, 10]` with :math:`y = \sin x + 0.2\,u`,
# :math:`u \sim U[0, 1)`, drawn from a seeded generator of their own.
import textwrap

import matplotlib.pyplot as plt
import torch

from nnreg import TwoLayerNet, fit, noisy_parabola, noisy_sine

x, y = noisy_sine(seed=1)

fig, ax = plt.subplots(figsize=(7, 3.5), layout="constrained")
ax.scatter(x, y, s=4, color="tab:orange")
ax.set(xlabel="x", ylabel="y", title="1000 noisy samples of sin x")
plt.show()

# %%
# Keeping the parabola's optimiser
# --------------------------------
# Here is the careless version. The parabola's network is trained as in
# lesson 15.3, with an SGD optimiser built from its parameters. Then a new
# 10-unit network is made for the sine, and the optimiser is kept.
x_par, y_par = noisy_parabola(seed=1)
parabola_net = TwoLayerNet(1, 10, 1, seed=0)
optimizer = torch.optim.SGD(parabola_net.parameters(), lr=0.2)
fit(parabola_net, x_par, y_par, epochs=200, optimizer=optimizer)

sine_net = TwoLayerNet(1, 10, 1, seed=1)
before = {k: v.clone() for k, v in sine_net.state_dict().items()}

# %%
# The training loop is the textbook one, written out: predict, compute the
# loss, clear the gradients, back-propagate, step. It records the loss of
# every epoch. We hand it the optimiser we still have.


def train_by_hand(net, opt, epochs):
    """Full-batch training on the sine; returns the loss of each epoch."""
    losses = []
    for _ in range(epochs):
        loss = torch.nn.functional.mse_loss(net(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(loss.item())
    return losses


losses = train_by_hand(sine_net, optimizer, epochs=200)
print(f"loss at epoch 1:   {losses[0]:.6f}")
print(f"loss at epoch 200: {losses[-1]:.6f}")

# %%
# No error, no warning, and the loss did not change at all: the last
# epoch's value equals the first to every digit. Compare the weights with
# the copy taken before training, and look at the gradients the sine
# network holds:
unchanged = all(
    torch.equal(before[k], v) for k, v in sine_net.state_dict().items()
)
grad = float(sine_net.hidden.weight.grad.norm())
print("every weight the same as before training:", unchanged)
print(f"size of the gradient on the hidden weights: {grad:.1f}")

# sphinx_gallery_start_ignore
assert unchanged, "15.4a: 'every weight the same' no longer holds"
assert losses[0] == losses[-1], "15.4a: 'the loss did not change' broke"
assert grad > 0, "15.4a: 'gradients piled up, never applied' broke"
# sphinx_gallery_end_ignore

# %%
# The prediction after 200 epochs is the one the random initial weights
# gave, a curve that has nothing to do with the data:
grid = torch.linspace(-10, 10, 500).unsqueeze(1)
fig, (left, right) = plt.subplots(
    1, 2, figsize=(9, 3.5), layout="constrained"
)
left.scatter(x, y, s=3, color="tab:orange", alpha=0.5, label="data")
with torch.no_grad():
    left.plot(grid, sine_net(grid), color="tab:gray", lw=2, label="net")
left.set(xlabel="x", ylabel="y", ylim=(-1.2, 1.7))
left.set_title("Prediction after 200 epochs")
left.legend(loc="upper right", ncols=2)
right.plot(range(1, 201), losses, color="tab:gray")
right.set(xlabel="epoch", ylabel="training MSE", title="Loss per epoch")
plt.show()

# %%
# Why nothing moved
# -----------------
# An optimiser is built from a list of tensors, the parameters it will
# update, and it keeps that list. ``optimizer`` holds the *parabola*
# network's weights. In every epoch:
#
# - ``zero_grad`` cleared the parabola network's gradients;
# - ``backward`` computed the sine network's gradients, which nothing ever
#   cleared, so they added up epoch after epoch (the size printed above);
# - ``step`` found no gradient on the parabola network and changed
#   nothing.
#
# The sine network kept its initial weights, whatever seed drew them, and
# its loss stayed where it started. A flat loss, equal to many digits, is
# the symptom to recognise.
#
# The fix is an optimiser per network, built from that network's
# parameters. With one, a single step already changes the weights:
fresh = torch.optim.SGD(sine_net.parameters(), lr=0.001)
train_by_hand(sine_net, fresh, epochs=1)
moved = not torch.equal(before["hidden.weight"], sine_net.hidden.weight)
print("hidden weights changed after one step:", moved)

# sphinx_gallery_start_ignore
assert moved, "15.4a: 'a single step already changes the weights' broke"
# sphinx_gallery_end_ignore

# %%
# :func:`nnreg.fit` checks for a stale optimiser before its first step.
# Given the parabola's, it refuses and says what to do:
try:
    fit(sine_net, x, y, epochs=200, optimizer=optimizer)
except ValueError as err:
    refused = str(err)
    print(textwrap.fill(f"ValueError: {refused}", 75))

# sphinx_gallery_start_ignore
assert "none of this model's parameters" in refused, (
    "15.4a: 'fit checks for a stale optimiser' no longer holds"
)
# sphinx_gallery_end_ignore

# %%
# Take-away
# ---------
# An optimiser updates the tensors it was built with, and nothing else. A
# new network needs a new optimiser; reusing the old one trains nothing
# and raises no error. When a loss stays exactly flat, suspect the
# training before the network. With the optimiser fixed, the sine network
# does train, and the parabola's learning rate then makes it blow up:
# that is the subject of
# :ref:`sphx_glr_auto_examples_plot_15_4b_step_size.py`.

# sphinx_gallery_thumbnail_number = 2
