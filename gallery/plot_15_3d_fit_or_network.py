"""
15.3d A least-squares fit and a network
=======================================

A physicist fitting these points would write :math:`a + bx + cx^2` and
solve for the three numbers in one step. The network of :ref:`15.3a
<sphx_glr_auto_examples_plot_15_3a_straight_lines.py>` takes 200 steps
and still ends elsewhere. This page shows why a network has no such
one-step solution: its output is not linear in its parameters, with or
without the ReLU.
"""

# License: MIT

# %%
# The quadratic fit: one linear solve
# -----------------------------------
# The model :math:`a + bx + cx^2` is *linear in its parameters*: the
# prediction is the design matrix :math:`A`, with columns
# :math:`1, x, x^2`, times the vector :math:`\theta = (a, b, c)`. The MSE
# is then a quadratic function of :math:`\theta`, and setting its
# gradient to zero gives the normal equations
# :math:`A^\top A\,\theta = A^\top y`, a linear system solved once,
# exactly.
import matplotlib.pyplot as plt
import numpy as np
import torch
from torch.nn.utils import parameters_to_vector, vector_to_parameters

from nnreg import TwoLayerNet, fit, mlp, noisy_parabola

x, y = noisy_parabola(seed=1)
xd, yd = x.double(), y.double()
A = torch.cat([torch.ones_like(xd), xd, xd**2], dim=1)
theta = torch.linalg.solve(A.T @ A, A.T @ yd)
mse_quad = float(((A @ theta - yd) ** 2).mean())
a, b, c = theta.squeeze(1).tolist()
print(f"a = {a:.4f}, b = {b:.4f}, c = {c:.4f}; MSE {mse_quad:.5f}")

# %%
# The loss along a straight line in parameter space
# -------------------------------------------------
# A quadratic loss has a telling property: walk along any straight line
# :math:`\theta_0 + t\,d` through parameter space, and the loss is a
# parabola in :math:`t`. We walk along a random direction :math:`d` for
# the quadratic model, and for a network with *no* activation at all,
# :math:`W_2 (W_1 x + b_1) + b_2` with ten hidden units. This network can
# only draw straight lines, yet its output multiplies weights of
# :math:`W_2` with weights of :math:`W_1`: it is linear in :math:`x` but
# not in its parameters.
rng = np.random.default_rng(1)
t = np.linspace(-1.0, 1.0, 41)

d = torch.from_numpy(rng.standard_normal((3, 1)))
quad_loss = [float(((A @ (theta + s * d) - yd) ** 2).mean()) for s in t]

linear_net = mlp(1, [10], 1, activation=None, seed=1).double()
theta0 = parameters_to_vector(linear_net.parameters()).detach()
d = torch.from_numpy(rng.standard_normal(theta0.numel()))
net_loss = []
for s in t:
    vector_to_parameters(theta0 + s * d, linear_net.parameters())
    with torch.no_grad():
        net_loss.append(float(((linear_net(xd) - yd) ** 2).mean()))

# %%
# For each walk we fit the best parabola in :math:`t` to the loss, and
# print how far the loss strays from it, relative to the loss's range.
poly = np.polynomial.Polynomial
fig, axes = plt.subplots(1, 2, figsize=(9, 3.5), layout="constrained")
for ax, loss, name in zip(
    axes,
    (quad_loss, net_loss),
    ("a + bx + cx²", "network, no activation"),
    strict=True,
):
    best = poly.fit(t, loss, deg=2)
    misfit = np.abs(best(t) - loss).max() / np.ptp(loss)
    print(f"{name}: loss off the best parabola by {misfit:.1e} of range")
    ax.plot(t, loss, "o", ms=3, label="loss")
    ax.plot(t, best(t), color="black", lw=1, label="best parabola")
    ax.set(xlabel="step t along d", ylabel="MSE", title=name)
    ax.legend()
plt.show()

# sphinx_gallery_start_ignore
quad_misfit = np.abs(poly.fit(t, quad_loss, 2)(t) - quad_loss).max()
net_misfit = np.abs(poly.fit(t, net_loss, 2)(t) - net_loss).max()
quartic = np.abs(poly.fit(t, net_loss, 4)(t) - net_loss).max()
assert quad_misfit < 1e-9 * np.ptp(quad_loss), (
    "15.3d: 'the quadratic model's loss along a line is a parabola' fails"
)
assert net_misfit > 0.01 * np.ptp(net_loss), (
    "15.3d: 'the network's loss along a line is not a parabola' fails"
)
assert quartic < 1e-9 * np.ptp(net_loss), (
    "15.3d: 'the network's loss along a line is of degree four' fails"
)
# sphinx_gallery_end_ignore

# %%
# The quadratic model's loss sits on its parabola to rounding error; the
# network's does not. Each output term multiplies two weights, so along
# the line the prediction is quadratic in :math:`t` and the squared error
# is of degree four: a surface with no single linear equation for its
# minimum. The ReLU does not cause this, the products of weights do; the
# ReLU adds kinks on top.
#
# So the network trains step by step
# -----------------------------------
# Without normal equations, training starts from random weights and
# walks downhill, one pass over all the data per step. Here are 200 such
# steps for the ReLU network of 15.3a, from ten seeds of the initial
# weights, against the quadratic fit's MSE.
seeds = range(1, 11)
fig, ax = plt.subplots(figsize=(7, 3.5), layout="constrained")
above = 0
for seed in seeds:
    net = TwoLayerNet(1, 10, 1, seed=seed)
    history = fit(net, x, y, epochs=200, optimizer="sgd", lr=0.2)
    ax.semilogy(history.loss, color="tab:green", lw=1, alpha=0.6)
    above += history.final_loss > mse_quad
ax.axhline(mse_quad, color="black", ls="--", lw=1, label="quadratic fit")
ax.set(xlabel="epoch", ylabel="training MSE", title="Ten seeds, 10 hidden")
ax.legend()
plt.show()
print(f"after 200 epochs, {above} of 10 networks are above the fit's MSE")

# sphinx_gallery_start_ignore
assert above >= 8, (
    "15.3d: 'after 200 epochs nearly every network is still above the "
    f"quadratic fit's MSE' fails: {above} of 10"
)
# sphinx_gallery_end_ignore

# %%
# After 200 epochs nearly every network is still above the MSE that the
# fit reached in one solve. The fit was told that the
# answer is a parabola; the network was told nothing about the shape and
# has to find one among all the chains of segments its 31 numbers can
# draw. In exchange, the same code fits points of any other shape, where
# the quadratic would need a new formula.
#
# We do not time the two. A clock would compare a 3×3 linear solve with
# 200 passes through a 31-parameter network and its Python overhead: it
# would say more about that overhead than about either method. The
# count of steps is the fair comparison, one solve against a descent
# whose length we chose and whose end depends on the seed.
#
# Take-away
# ---------
# A least-squares fit of a model linear in its parameters is one linear
# solve. A network is not linear in its parameters, because its output
# multiplies weights with weights, even with no activation; its loss has
# no closed-form minimum, so it is trained by many small steps of
# gradient descent. Where the form of the answer is known, the fit needs
# one step instead of hundreds, and ends below the networks' training
# loss after 200 epochs.

# sphinx_gallery_thumbnail_number = 1
