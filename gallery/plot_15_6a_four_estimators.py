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

from nnreg.ditau import M_H, M_Z, SELECTED_CHANNELS, generate, read_root
from nnreg.ditau import write_root
from nnreg.ditau_mass import (
    bootstrap,
    classifier_auc,
    collinear_mass,
    compare,
    likelihood_mass,
    mass_scores,
    selected_mass_sample,
    time_per_1000,
    train_mass_networks,
    visible_mass,
)

test = {"Z": generate("Z", 20_000, seed=6), "H": generate("H", 20_000, seed=7)}
with tempfile.TemporaryDirectory() as folder:
    for process, events in test.items():
        path = os.path.join(folder, f"ditau_{process}.root")
        write_root(path, events)
        test[process] = read_root(path)
for process, events in test.items():
    shares = np.bincount(events["channel"], minlength=4) / 20_000
    print(f"{process} test events by channel: " + ", ".join(
        f"{c} {s:.0%}" for c, s in zip(SELECTED_CHANNELS, shares, strict=True)
    ))

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
recipe = dict(events=train, target="log_ratio", loss="l1",
              flat_weights=False, inputs="derived", schedule="cosine")
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
# medians over the true masses; the time per 1,000 events. The ± is the
# standard deviation over 100 bootstrap resamples of the test events.
# The network row is that of the first seed; the last row is the spread
# (standard deviation) of the network over the five seeds.
names = list(masses)


def scores_of(z_block, h_block):
    """Scores of every row; the last row of each block holds the channel."""
    return [
        list(mass_scores(z, h, z_block[-1], h_block[-1],
                         channels=SELECTED_CHANNELS).values())
        for z, h in zip(z_block[:-1], h_block[:-1], strict=True)
    ]


def block(mass_rows, k):
    return np.vstack([*(m[k] for m in mass_rows), test["ZH"[k]]["channel"]])


blocks = [block(masses.values(), k) for k in (0, 1)]
value = np.array(scores_of(*blocks))
boot = bootstrap(scores_of, *blocks, n_resamples=100, seed=8)
per_seed = np.array(
    [scores_of(block([m], 0), block([m], 1))[0] for m in nn_masses]
)
columns = ["AUC", *SELECTED_CHANNELS, "fair σ/M", "slope", "Z median/M",
           "H median/M"]
table = pd.DataFrame(
    [[f"{v:.4f} ± {e:.4f}" for v, e in zip(vs, es, strict=True)]
     for vs, es in zip(value, boot.std(axis=0), strict=True)]
    + [[f"± {s:.4f}" for s in per_seed.std(axis=0)]],
    index=[*names, "network, 5 seeds"], columns=columns,
).drop(columns="slope")
speed = {n: 1000 * time_per_1000(f, test["H"], repeats=3) for n, f in (
    ("likelihood", likelihood_mass), ("network", networks[0].predict))}
table["ms/1k"] = [f"{speed[n]:.2f}" if n in speed else "" for n in table.index]
table

# %%
# The verdict
# -----------
# The network against the scan, column by column: the difference of the
# median over seeds and the scan, and its outcome. A *gain* or a *loss*
# needs a difference beyond twice the two noises added in quadrature,
# the bootstrap spread of the difference (same resampled events for
# both) and the seed spread of the network; anything less is a tie.
like, net = names.index("likelihood"), names.index("network")
verdict = {}
for i, col in enumerate(columns[:6]):
    diff = np.median(per_seed[:, i]) - value[like, i]
    boot_sd = (boot[:, net, i] - boot[:, like, i]).std()
    sign = -1 if col == "fair σ/M" else 1
    outcome = compare(sign * diff, boot_sd, per_seed[:, i].std())
    verdict[col] = {"higher": "gain", "tie": "tie", "lower": "loss"}[outcome]
    print(f"{col:>10}: {diff:+.4f}, {verdict[col]}")
ratio = speed["likelihood"] / speed["network"]
offsets = np.abs(per_seed[:, columns.index("Z median/M"):] - 1).max()
print(f"applied {ratio:.0f}× faster than the scan")
print(f"medians within {offsets:.1%} of the true masses, all seeds")

# %%
# The network separates H from Z better than the likelihood scan, beyond
# both noises. Channel by channel the verdict varies with the channel's
# size: the printed lines say where it is a gain and where a tie. On the
# fair resolution it does not beat the scan: a tie or a loss, as printed.
# Its medians stay within 3 % of the true masses, and once trained it
# applies more than ten times faster than the scan. That is how far the
# toy took it by honest means: better separation, not better resolution.
# sphinx_gallery_start_ignore
assert verdict["AUC"] == "gain", (
    "15.6a: 'the network separates H from Z better than the likelihood "
    f"scan, beyond both noises' no longer holds: {verdict}"
)
assert verdict["fair σ/M"] != "gain", (
    "15.6a: 'on the fair resolution it does not beat the scan' no longer "
    "holds: it does; reword the paragraph"
)
assert offsets < 0.03, (
    "15.6a: 'its medians stay within 3 % of the true masses' no longer holds"
)
assert ratio > 10, (
    "15.6a: 'it applies more than ten times faster than the scan' no "
    f"longer holds: {ratio:.1f}×"
)
# sphinx_gallery_end_ignore

# %%
# The Z (blue) and H (orange) test masses of each estimator, normalised
# to the same area, with the true masses dotted.
fig, axes = plt.subplots(1, 4, figsize=(12, 3.2), sharex=True,
                         layout="constrained")
for ax, name in zip(axes, names, strict=True):
    for mass, colour in zip(masses[name], ("tab:blue", "tab:orange"),
                            strict=True):
        ax.hist(mass, bins=60, range=(0, 300), density=True, alpha=0.55,
                color=colour)
    for m, colour in ((M_Z, "tab:blue"), (M_H, "tab:orange")):
        ax.axvline(m, color=colour, lw=0.8, ls=":")
    ax.set(title=name, xlabel="mass [GeV]", yticks=[])
plt.show()

# %%
# The ceiling
# -----------
# A mass is one number per event. A classifier that tells H from Z
# directly, from the same inputs and trained on separate Z and H events,
# shows what that compression gives up: its AUC is the upper reference.
ceiling = classifier_auc(generate("H", 10_000, seed=9),
                         generate("Z", 10_000, seed=10), test["H"], test["Z"])
best = value[:, 0].max()
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
