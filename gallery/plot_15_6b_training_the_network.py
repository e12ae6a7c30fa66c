"""
15.6b Training the mass network, one change at a time
=====================================================

:ref:`sphx_glr_auto_examples_plot_15_6a_four_estimators.py` compares a
trained network with three classical estimators of the di-tau mass. This
page shows how that network was chosen: a ladder of single changes, each
judged on *validation* events, so that a step counts as progress only
when it stands out of the noise.
"""

# License: MIT

# %%
# Three samples
# -------------
# Each sample has its own seed, so no event sits in two of them:
#
# * **training**: bosons of every mass between 50 and 250 GeV, the only
#   events a network learns from;
# * **validation**: 10,000 Z and 10,000 H events; every choice on this
#   page is judged on them;
# * **test**: 20,000 Z and 20,000 H events, which this page never touches.
#   They fill the final table of 15.6a, once.
#
# The ladder trains on 40,000 events, in two processes of one thread.
import textwrap

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from nnreg.ditau import generate
from nnreg.ditau_mass import (
    FEATURE_UNITS,
    bootstrap_scores,
    judge,
    likelihood_mass,
    selected_mass_sample,
    train_mass_networks,
)

n_train = 40_000
weighted = generate("flat", n_train, seed=1)
flat_sel = selected_mass_sample(n_train, seed=2, prior="flat")
inverse_big = selected_mass_sample(4 * n_train, seed=3, prior="inverse")
inverse = {k: v[:n_train] for k, v in inverse_big.items()}
validation = {"Z": generate("Z", 10_000, seed=4)}
validation["H"] = generate("H", 10_000, seed=5)
val_events = {
    k: np.r_[validation["Z"][k], validation["H"][k]]
    for k in validation["Z"]
}

# %%
# The ladder
# ----------
# The first network trains the simplest way: on a sample drawn flat in
# mass *before* the selection and weighted to be flat after it, with
# least squares on the ratio :math:`m/m_{vis}`. Then one change a step,
# each kept for the next:
#
# 1. **flat after the selection**, unweighted
#    (:func:`~nnreg.ditau_mass.selected_mass_sample`);
# 2. **target** :math:`\log(m/m_{vis})`: a factor too high and the same
#    factor too low cost the same;
# 3. **L1 loss**: it returns the median mass of events that look alike,
#    not the mean, which a tail of heavy masses pulls more;
# 4. **prior 1/m**: training masses that fall as :math:`1/m`, so that
#    the median leans less toward heavy masses;
# 5. **derived inputs**: logarithms of the visible mass, pT and MET, and
#    the collinear solution;
# 6. **cosine schedule**: the learning rate falls to zero over the
#    epochs, so that the last ones settle.
#
# The last network is trained from four more seeds, to measure how much
# a rerun moves it.
steps = {
    "weighted flat": dict(events=weighted, target="ratio", loss="mse"),
    "flat after sel.": dict(events=flat_sel, flat_weights=False),
    "log target": dict(target="log_ratio"),
    "L1 loss": dict(loss="l1"),
    "prior 1/m": dict(events=inverse),
    "derived inputs": dict(inputs="derived"),
    "cosine schedule": dict(schedule="cosine"),
}
jobs, job = {}, dict(epochs=20, seed=0, val_events=val_events)
for name, change in steps.items():
    job = {**job, **change}
    jobs[name] = job
reference = job
seeds = (1, 2, 3, 4)
for seed in seeds:
    jobs[f"seed {seed}"] = {**reference, "seed": seed}

# %%
# The architecture study changes one thing of the last network at a
# time: its width, its depth at about the same number of weights, the
# number of epochs, and the number of training events.
study = {
    "wider 128×128": dict(hidden=(128, 128)),
    "deeper 94×94×94": dict(hidden=(94, 94, 94)),
    "40 epochs": dict(epochs=40),
    "4× events": dict(events=inverse_big),
}
for name, change in study.items():
    jobs[name] = {**reference, **change}
trained = train_mass_networks(list(jobs.values()), processes=2)
networks = dict(zip(jobs, trained, strict=True))

# %%
# How a step is judged
# --------------------
# On the validation events, each network gets the AUC of its mass as a
# Z/H discriminant (higher is better), the *fair* resolution (σ/M of
# the H over the slope of the estimate against the true mass; lower is
# better), and its medians over the true masses. Two noises blur a
# difference: the finite validation sample, measured by resampling its
# events (:func:`~nnreg.ditau_mass.bootstrap_scores`), and the training
# seed, measured by the five seeds. A step is a gain or a loss only
# beyond twice both added in quadrature; otherwise it is a tie.
val_mass = [
    {n: net.predict(validation[p]) for n, net in networks.items()}
    for p in "ZH"
]
for k, p in enumerate("ZH"):
    val_mass[k]["likelihood"] = likelihood_mass(validation[p])
scores, resampled = bootstrap_scores(*val_mass, n_resamples=60, seed=6)
seed_names = ["cosine schedule", *(f"seed {s}" for s in seeds)]
print("over 5 seeds, min to max:")
print(scores.loc[seed_names, ["AUC", "fair σ/M"]].agg(["min", "max"]))
# Two single-seed networks: the seed noise of each adds up.
noise = np.sqrt(2) * scores.loc[seed_names].std()


def step(old, new):
    return judge(scores, resampled, new, old, noise).stack()


# %%
# The ladder, step by step. Each row is what that step alone did to the
# network of the row above; the medians are those of the row's network.
ladder = list(steps)
table = pd.DataFrame(
    {
        new: step(old, new)
        for old, new in zip(ladder, ladder[1:], strict=False)
    }
).T.infer_objects()
table["Z med/M"] = scores.loc[ladder[1:], "Z median/M"]
table["H med/M"] = scores.loc[ladder[1:], "H median/M"]
print(table.to_string(float_format="{:.4f}".format))

# %%
# The first network separates Z from H worse than the likelihood scan,
# and the ladder as a whole lifts it. The table is one draw: with other
# seeds most single verdicts change, so the text keeps only what held in
# every draw we tried. The unweighted sample is the least stable step,
# a gain in some draws and a loss in others: the weighted network rests
# on a few heavily weighted low-mass events. The new target raised the
# AUC beyond the noise in every draw. The L1 loss and the :math:`1/m`
# prior are an AUC gain in some draws and a tie in others, but each
# pulled the Z median down toward the true mass, which is what they are
# for. The derived inputs and the schedule stay in the recipe; whether
# they help beyond the noise changes from draw to draw.
print(scores.loc[["likelihood", ladder[0], ladder[-1]], ["AUC"]].round(4))
# sphinx_gallery_start_ignore
auc = scores["AUC"]
assert (
    auc[ladder[0]] < auc["likelihood"] and auc[ladder[-1]] > auc[ladder[0]]
), (
    "15.6b: 'the first network separates Z from H worse than the "
    "likelihood scan, and the ladder as a whole lifts it' no longer holds"
)
assert table.loc["log target", ("AUC", "verdict")] == "gain", (
    "15.6b: 'the new target raised the AUC beyond the noise' no longer "
    f"holds: {table.loc['log target'].to_dict()}"
)
z_off = (scores.loc[ladder, "Z median/M"] - 1).abs()
assert z_off["L1 loss"] < z_off["log target"], (
    "15.6b: 'the L1 loss pulled the Z median toward the true mass' fails:"
    f" {z_off.to_dict()}"
)
assert z_off["prior 1/m"] < z_off["L1 loss"], (
    "15.6b: 'the 1/m prior pulled the Z median toward the true mass' "
    f"fails: {z_off.to_dict()}"
)
# sphinx_gallery_end_ignore

# %%
# The architecture study
# ----------------------
# Each row changes one thing of the last network of the ladder, which
# has 6,081 weights; the wider and the deeper one have about 20,500
# each. Only the four times larger sample raises the AUC beyond the
# noise, in every draw we tried; a wider or deeper network and twice the
# epochs are ties in the AUC. The final recipe of 15.6a takes the larger
# sample: it makes training slower, not the network.
study_table = pd.DataFrame(
    {n: step("cosine schedule", n) for n in study}
).T.infer_objects()
print(study_table.to_string(float_format="{:.4f}".format))

# %%
# Every network's AUC (higher is better) and fair resolution (lower is
# better) with its own bootstrap spread, the five seeds as ticks, and
# the likelihood scan's as a dashed line. Two networks scored on the
# same events differ by less noise than their bars suggest: the tables
# use the spread of the difference.
fig, axes = plt.subplots(1, 2, figsize=(10, 4), layout="constrained")
shown = [*ladder, *study]
for ax, col, k in ((axes[0], "AUC", 0), (axes[1], "fair σ/M", 1)):
    rows = [list(scores.index).index(n) for n in shown]
    err = resampled[:, rows, k].std(axis=0)
    ax.errorbar(
        scores.loc[shown, col], range(len(shown)), xerr=err, fmt="o"
    )
    ax.plot(scores.loc[seed_names, col], [len(ladder) - 1] * 5, "k|")
    ax.axvline(scores.loc["likelihood", col], ls="--", color="gray")
    ax.set(xlabel=f"validation {col}", yticks=range(len(shown)))
    ax.set_yticklabels(shown if k == 0 else [])
    ax.invert_yaxis()
plt.show()
# sphinx_gallery_start_ignore
n_weights = {
    n: sum(p.numel() for p in networks[n].model.parameters())
    for n in ("cosine schedule", "wider 128×128", "deeper 94×94×94")
}
assert list(n_weights.values()) == [6081, 20353, 20681], (
    f"15.6b: the weight counts in the text are out of date: {n_weights}"
)
auc_verdicts = study_table[("AUC", "verdict")]
assert auc_verdicts["4× events"] == "gain", (
    "15.6b: 'only the four times larger sample raises the AUC beyond the "
    f"noise' no longer holds: {auc_verdicts.to_dict()}"
)
assert (auc_verdicts.drop("4× events") == "tie").all(), (
    "15.6b: 'a wider or deeper network and twice the epochs are ties in "
    f"the AUC' no longer holds: {auc_verdicts.to_dict()}"
)
# sphinx_gallery_end_ignore

# %%
# The network
# -----------
# The final recipe: the last network of the ladder, trained on the
# larger sample. It is a multilayer perceptron with ReLU units, trained
# by the Adam optimiser (learning rate 0.003, mini-batches of 1,024
# events) for 20 epochs with the L1 loss. Its inputs, after each event
# is turned about the beam so that τ₁ has φ = 0, and each standardised
# with the mean and spread of the training events:
final = networks["4× events"]
print(final.model)
by_unit = {}
for name, unit in FEATURE_UNITS.items():
    by_unit.setdefault(unit, []).append(name)
for unit, columns in by_unit.items():
    print(textwrap.fill(f"[{unit}] " + ", ".join(columns), width=75))

# %%
# The loss per epoch on the training and the validation events (their
# mass spectra differ, and so do their levels). The validation loss
# stays within 10 % of its value after the first epoch: one pass over
# 160,000 events teaches nearly all the network learns, and later epochs
# neither improve nor spoil it on events it never saw.
fig, ax = plt.subplots(figsize=(6, 3.5), layout="constrained")
epochs = np.arange(1, final.history.epochs + 1)
ax.plot(epochs, final.history.loss, label="training")
ax.plot(epochs, final.history.val_loss, label="validation")
ax.set(xlabel="epoch", ylabel="L1 loss (standardised target)")
ax.legend()
plt.show()
# sphinx_gallery_start_ignore
val = np.array(final.history.val_loss)
assert np.abs(val / val[0] - 1).max() < 0.1, (
    "15.6b: 'the validation loss stays within 10 % of its value after "
    f"the first epoch' no longer holds: {val}"
)
# sphinx_gallery_end_ignore

# %%
# Take-away
# ---------
# Judge every choice on validation events, one change at a time, and
# call it a gain only beyond the noise of both the events and the
# training seed, and trust only what holds from one draw to the next.
# Here the clear gains came from what the network is asked for (the
# target) and from more training events, not from a wider or deeper
# network or longer training; the L1 loss and the 1/m prior set the
# mass scale.

# sphinx_gallery_thumbnail_number = 1
