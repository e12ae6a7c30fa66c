"""
15.4c Linear layers only draw a line
====================================

Two-layer networks left the sine barely better than a constant
(:ref:`sphx_glr_auto_examples_plot_15_4b_step_size.py`). The next idea
is more layers. Here are three ``Linear`` layers, 1 → 100 → 100 → 1, with
nothing between them. They hold over ten thousand parameters, yet the
function they compute is a straight line, whatever the parameters are;
trained, it is the least-squares line of the data. This page shows one
run, proves that its output is a line by multiplying the weights out,
and checks the fit on five more seeds.
"""

# License: MIT

# %%
# The data and its least-squares line
# -----------------------------------
# The sine's data as in 15.4a. As a reference, the ordinary least-squares
# line: the slope and intercept that minimise the mean squared error, in
# closed form. Over three periods of a sine, the best line is hardly
# better than the best constant, the mean of :math:`y` (15.4b).
import matplotlib.pyplot as plt
import numpy as np
import torch

from nnreg import collapse_linear, count_parameters, fit, mlp, noisy_sine
from nnreg.animation import save_gif, show_gif


def least_squares_line(xs, ys):
    """Slope, intercept and MSE of the least-squares line of the data."""
    design = np.column_stack([xs.numpy()[:, 0], np.ones(len(xs))])
    coef, *_ = np.linalg.lstsq(design, ys.numpy()[:, 0], rcond=None)
    mse = float(np.mean((design @ coef - ys.numpy()[:, 0]) ** 2))
    return float(coef[0]), float(coef[1]), mse


x, y = noisy_sine(seed=1)
slope, intercept, line_mse = least_squares_line(x, y)
print(f"least squares: slope {slope:.5f}, intercept {intercept:.5f}")
best_constant = float(y.var(unbiased=False))
print(f"MSE: the line {line_mse:.4f}, best constant {best_constant:.4f}")

# sphinx_gallery_start_ignore
assert line_mse > 0.9 * best_constant, (
    "15.4c: 'the best line is hardly better than the best constant' broke"
)
# sphinx_gallery_end_ignore

# %%
# Three linear layers, no activation
# ----------------------------------
# The stack is trained with Adam at learning rate 0.01 for 200 epochs.
# Adam divides each parameter's step by the typical size of that
# parameter's recent gradients, so, unlike plain gradient descent in
# 15.4b, it needs no step scaled to the inputs. The weights and the data
# are drawn from one seed; here is one run.


def train_stack(seed, snapshot_every=None):
    """Train a fresh 1-100-100-1 linear stack on data from ``seed``."""
    xs, ys = noisy_sine(seed=seed)
    net = mlp(1, [100, 100], 1, activation=None, seed=seed)
    hist = fit(
        net,
        xs,
        ys,
        epochs=200,
        optimizer="adam",
        lr=0.01,
        snapshot_every=snapshot_every,
    )
    return net, hist


stack, history = train_stack(seed=1, snapshot_every=5)
print(stack)
print("parameters:", count_parameters(stack))
path = save_gif(
    history,
    x,
    y,
    "sine_linear_stack.gif",
    ylim=(-1.1, 1.3),
    max_frames=40,
    title="Three linear layers, no activation, Adam (one run)",
)
show_gif(path)

# sphinx_gallery_start_ignore
assert count_parameters(stack) > 10_000, "15.4c: 'over ten thousand' broke"
# sphinx_gallery_end_ignore

# %%
# Why it can only draw a line
# ---------------------------
# Each layer computes :math:`h \mapsto W_k h + b_k`. Composing the three,
#
# .. math::
#
#    W_3(W_2(W_1 x + b_1) + b_2) + b_3
#    = \underbrace{W_3 W_2 W_1}_{W}\, x
#    + \underbrace{W_3 W_2 b_1 + W_3 b_2 + b_3}_{b},
#
# one affine map: a slope :math:`W` and an intercept :math:`b`, whatever
# the widths and whatever the weights. The ten thousand parameters only
# choose which line. :func:`nnreg.collapse_linear` multiplies the trained
# weights out; the line it gives reproduces the network's output up to
# float rounding:
W, b = collapse_linear(stack)
with torch.no_grad():
    gap = float((stack(x) - (x @ W.T + b)).abs().max())
print(f"largest |network(x) - (W x + b)| on the data: {gap:.1e}")
print(f"collapsed stack: slope {float(W):.5f}, intercept {float(b):.5f}")
print(f"least squares:   slope {slope:.5f}, intercept {intercept:.5f}")

# sphinx_gallery_start_ignore
assert gap < 1e-4, "15.4c: 'reproduces the output up to rounding' broke"
# sphinx_gallery_end_ignore

# %%
# The network's prediction lies on the least-squares line:
grid = torch.linspace(-10, 10, 500).unsqueeze(1)
fig, ax = plt.subplots(figsize=(7, 3.5), layout="constrained")
ax.scatter(x, y, s=3, color="tab:orange", alpha=0.5, label="data")
ends = np.array([-10.0, 10.0])
line = slope * ends + intercept
ax.plot(ends, line, color="k", lw=4, alpha=0.3, label="least squares")
with torch.no_grad():
    ax.plot(grid, stack(grid), "--", color="tab:green", label="stack")
ax.set(xlabel="x", ylabel="y", ylim=(-1.1, 1.6))
ax.set_title("One run: the stack on the least-squares line")
ax.legend(loc="upper right", ncols=3)
plt.show()

# %%
# Five more seeds
# ---------------
# The algebra says the stack is a line for any weights. That training
# lands on the *least-squares* line is a statement about Adam's 200 steps,
# so we check it over five more seeds, each drawing its own data and
# initial weights. For each, the collapsed line is compared with the
# least-squares line of the same data:
seeds = range(2, 7)
offs, mse_gaps = [], []
for seed in seeds:
    xs, ys = noisy_sine(seed=seed)
    net, hist = train_stack(seed)
    W, b = collapse_linear(net)
    ls_slope, ls_intercept, ls_mse = least_squares_line(xs, ys)
    off = max(abs(float(W) - ls_slope), abs(float(b) - ls_intercept))
    offs.append(off)
    mse_gaps.append(abs(hist.final_loss - ls_mse))
    print(
        f"seed {seed}: slope, intercept within {off:.0e} of least "
        f"squares; MSE within {mse_gaps[-1]:.0e}"
    )

# %%
# In each of the five seeds the trained stack ends on its data's
# least-squares line, to within a thousandth in slope and intercept, and
# with an MSE within :math:`10^{-5}` of that line's. No choice of weights
# can do better than that line, and no choice can bend it.

# sphinx_gallery_start_ignore
assert max(offs) < 1e-3, (
    "15.4c: 'within a thousandth in slope and intercept' no longer holds"
)
assert max(mse_gaps) < 1e-5, "15.4c: 'an MSE within 1e-5' no longer holds"
# sphinx_gallery_end_ignore

# %%
# Take-away
# ---------
# Stacking linear layers adds parameters but no shape: any stack of
# ``Linear`` layers is one affine map, here a slope and an intercept, and
# training can at best find the least-squares line. Bending the line
# takes a nonlinearity between the layers, the subject of the next
# lesson, :ref:`sphx_glr_auto_examples_plot_15_5a_scale_the_input.py`.

# sphinx_gallery_thumbnail_number = 2
