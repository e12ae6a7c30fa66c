"""
15.6a Four estimators of the di-tau mass
========================================

A Higgs boson decays to a pair of τ leptons about 6 % of the time, a Z
boson about 3 %, and the LHC makes far more Z than H. Both leave the same
signature, so the one number that tells them apart is the mass of the τ
pair: 125 GeV against 91 GeV. But each τ decays and sends one or two
neutrinos off unseen, so that mass is never measured; it is estimated.
On events we simulate ourselves, this page compares four estimators on
the same test events: the visible mass, the collinear approximation, a
likelihood scan in the spirit of the ones CMS uses, and a neural network.
How the network was chosen is the subject of
:ref:`sphx_glr_auto_examples_plot_15_6b_training_the_network.py`.
"""

# License: MIT

# %%
# The toy and its three samples
# -----------------------------
# A τ decays before it reaches any detector layer: to an electron or a
# muon and two neutrinos (35 % of the time), or to hadrons and one
# neutrino. The detector sees the visible products of each τ, and the
# neutrinos only through the missing transverse momentum (MET), the
# imbalance of everything else across the beam: two measured numbers for
# two to four neutrinos.
#
# :func:`nnreg.ditau.generate` simulates one boson per event (a Z with
# its line shape, an H at 125.1 GeV, or for training a scalar of any
# mass from 50 to 250 GeV) with a transverse momentum from a Gamma
# spectrum, **an assumption of this toy**. Each τ decays with its
# measured branching fractions; hadronic τ are smeared by 5 %, the MET
# by 10 GeV in x and in y, and a simplified CMS selection keeps four
# channels: :math:`\tau_h\tau_h`, :math:`\mu\tau_h`, :math:`e\tau_h`,
# :math:`e\mu`. Left out: τ polarisation, jets, pile-up, fake τ, every
# background but the Z. **This toy is not CMS.**
#
# Three samples, each with its own seed: the **training** sample of
# 160,000 events, the **validation** events on which 15.6b made every
# choice, and the **test** events below, 20,000 Z and 20,000 H, used once,
# for this page's table. They go through a ROOT file, as real events
# would: :func:`nnreg.ditau.read_root` reads any file with these columns.
import os
import tempfile

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from nnreg.ditau import (
    M_H,
    M_Z,
    SELECTED_CHANNELS,
    generate,
    read_root,
    write_root,
)
from nnreg.ditau_mass import (
    bootstrap_scores,
    classifier_auc,
    collinear_mass,
    judge,
    likelihood_mass,
    mass_scores,
    selected_mass_sample,
    time_per_1000,
    train_mass_networks,
    visible_mass,
)

test = {
    "Z": generate("Z", 20_000, seed=6),
    "H": generate("H", 20_000, seed=7),
}
with tempfile.TemporaryDirectory() as folder:
    for process, events in test.items():
        path = os.path.join(folder, f"ditau_{process}.root")
        write_root(path, events)
        test[process] = read_root(path)

# %%
# Three classical estimators
# --------------------------
# The **visible mass** ignores the neutrinos. The **collinear
# approximation** assumes each τ's neutrinos fly along its visible
# products and solves
# :math:`\vec p_T^{\,miss} = a_1 \vec p_{T,1} + a_2 \vec p_{T,2}`, then
# :math:`m_{col} = m_{vis}\sqrt{(1+a_1)(1+a_2)}`; when the two τ are
# nearly back to back the system is almost singular and the MET noise
# leaves no physical solution, which we count. The **likelihood scan**
# (:func:`~nnreg.ditau_mass.likelihood_mass`, after the FastMTT method of
# CMS) weighs each pair of visible fractions :math:`(x_1, x_2)` by how
# well it explains the MET, given each event's MET covariance, and by
# how likely each fraction is for that τ's decay; it returns the most
# likely mass.
masses = {
    "m_vis": [visible_mass(test[p]) for p in "ZH"],
    "collinear": [collinear_mass(test[p])[0] for p in "ZH"],
    "likelihood": [likelihood_mass(test[p]) for p in "ZH"],
}
failed = np.isnan(np.concatenate(masses["collinear"])).mean()
print(f"collinear: no physical solution for {failed:.0%} of the events")

# %%
# The network
# -----------
# The recipe of 15.6b: a 64×64 ReLU network that reads both visible
# τ, the decay modes, the MET and a few quantities derived from them, and
# returns :math:`\log(m/m_{vis})`. It trains with the L1 loss, on events
# whose true mass falls as :math:`1/m` after the selection, for 20 epochs
# with a falling learning rate. A single training run is one draw: we
# train it from five seeds, in two processes, to see how much the seed
# moves the result.
train = selected_mass_sample(160_000, seed=3, prior="inverse")
recipe = dict(target="log_ratio", loss="l1", flat_weights=False)
recipe.update(events=train, inputs="derived", schedule="cosine")
seeds = (0, 1, 2, 3, 4)
networks = train_mass_networks(
    [{**recipe, "seed": seed} for seed in seeds], processes=2
)
nn_masses = [[net.predict(test[p]) for p in "ZH"] for net in networks]
masses["network"] = nn_masses[0]

# %%
# The test table
# --------------
# For each estimator: the AUC of its mass as a Z/H discriminant (the
# chance that a random H event gets a higher mass than a random Z event;
# 0.5 is none), overall and per channel; the fair resolution, σ/M of the
# H divided by the slope of the estimate against the true mass, so that
# squeezing every mass toward one value earns nothing; the Z and H
# medians over the true masses. The network column is that of the first
# seed. After each number, its standard deviation over 100 bootstrap
# resamples of the test events; in the last column, the network's
# standard deviation over its five seeds.
codes = [test[p]["channel"] for p in "ZH"]
by_process = [{n: m[k] for n, m in masses.items()} for k in (0, 1)]
scores, resampled = bootstrap_scores(
    *by_process, *codes, channels=SELECTED_CHANNELS, seed=8
)
seed_scores = pd.DataFrame(
    [
        mass_scores(*m, *codes, channels=SELECTED_CHANNELS)
        for m in nn_masses
    ]
)
spread = pd.DataFrame(resampled.std(axis=0), scores.index, scores.columns)
table = scores.map("{:.4f}".format) + "±" + spread.map("{:.4f}".format)
table = table.drop(columns="slope").T.replace("±0.", "±.", regex=True)
table["seeds"] = seed_scores.std().drop("slope").map("{:.4f}".format)
print(table.to_string())

# %%
# The verdict
# -----------
# The network against the scan, score by score: the change from the scan
# to the network's median over its seeds, and the verdict. A *gain* or a
# *loss* needs a change beyond twice the two noises added in quadrature:
# the bootstrap spread of the difference (the same resampled events for
# both) and the network's seed spread. Anything less is a tie. Last, the
# time each takes per 1,000 events.
scores.loc["network"] = seed_scores.median()
compared = ["AUC", *SELECTED_CHANNELS, "fair σ/M"]
noise = seed_scores.std()
verdict = judge(
    scores, resampled, "network", "likelihood", noise, compared
)
print(verdict.to_string(float_format="{:+.4f}".format))
estimators = {
    "likelihood": likelihood_mass,
    "network": networks[0].predict,
}
speed = {}
for name, estimator in estimators.items():
    speed[name] = 1000 * time_per_1000(estimator, test["H"], repeats=5)
    print(f"{name}: {speed[name]:.2f} ms per 1,000 events")
ratio = speed["likelihood"] / speed["network"]
print(f"the network applies {ratio:.0f}× faster than the scan")
offsets = (seed_scores[["Z median/M", "H median/M"]] - 1).abs().max().max()
print(f"medians within {offsets:.1%} of the true masses, all seeds")
# sphinx_gallery_start_ignore
outcome = verdict["verdict"]
assert outcome["AUC"] == "gain", (
    "15.6a: 'the network separates H from Z better than the likelihood "
    f"scan, beyond both noises' no longer holds: {outcome.to_dict()}"
)
assert "loss" not in outcome[list(SELECTED_CHANNELS)].tolist(), (
    "15.6a: 'in no channel is it a loss' no longer holds: "
    f"{outcome.to_dict()}"
)
assert outcome["fair σ/M"] != "gain", (
    "15.6a: 'on the fair resolution it does not beat the scan' no longer "
    "holds: it does; reword the paragraph"
)
assert offsets < 0.03, (
    "15.6a: 'its medians stay within 3 % of the true masses' fails"
)
assert ratio > 5, (
    "15.6a: 'it applies many times faster than the scan' no longer "
    f"holds: {ratio:.1f}×"
)
# sphinx_gallery_end_ignore

# %%
# The network separates H from Z better than the likelihood scan, beyond
# both noises. Channel by channel, the printed lines say where it is a
# gain and where a tie; in no channel is it a loss. On the fair
# resolution it does not beat the scan: a tie or a loss, as printed.
# Its medians stay within 3 % of the true masses. Once trained, it
# applies many times faster than the scan; the goal was ten, and the
# printed ratio, which depends on the machine and its load, says how
# close it comes. That is how far the toy took it by honest means:
# better separation, not better resolution.

# %%
# The Z (blue) and H (orange) test masses of each estimator, normalised
# to the same area, with the true masses dotted.
fig, axes = plt.subplots(
    1, 4, figsize=(12, 3.2), sharex=True, layout="constrained"
)
style = dict(bins=60, range=(0, 300), density=True, alpha=0.55)
truth = {"tab:blue": M_Z, "tab:orange": M_H}
for ax, name in zip(axes, masses, strict=True):
    for mass, (colour, true) in zip(
        masses[name], truth.items(), strict=True
    ):
        ax.hist(mass, color=colour, **style)
        ax.axvline(true, color=colour, lw=0.8, ls=":")
    ax.set(title=name, xlabel="mass [GeV]", yticks=[])
plt.show()

# %%
# The ceiling
# -----------
# A mass is one number per event. A classifier that tells H from Z
# directly, from the same inputs and trained on separate Z and H events,
# shows what that compression gives up: its AUC is the upper reference.
ceiling = classifier_auc(
    generate("H", 10_000, seed=9),
    generate("Z", 10_000, seed=10),
    test["H"],
    test["Z"],
)
best = scores["AUC"].max()
print(f"classifier AUC {ceiling:.4f}, best mass AUC {best:.4f}")
# sphinx_gallery_start_ignore
assert ceiling > best, (
    "15.6a: 'its AUC is the upper reference' no longer holds"
)
# sphinx_gallery_end_ignore

# %%
# Take-away
# ---------
# A network trained on the right sample, with the right loss and
# inputs, separates H from Z better than a likelihood scan, beyond the
# noise of the test events and of its own training seed, and applies far
# faster; it does not resolve the mass better. A comparison is only as
# good as its uncertainties: measure both before calling a winner.

# sphinx_gallery_thumbnail_number = 1
