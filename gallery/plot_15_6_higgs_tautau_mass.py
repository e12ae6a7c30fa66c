"""
15.6 The di-tau mass: telling H→ττ from Z→ττ
=============================================

A Higgs boson decays to a pair of τ leptons about 6 % of the time; the Z
boson, which the LHC produces far more often, does so about 3 % of the time.
Both leave the same signature in a detector, so the one number that tells
them apart is the mass of the τ pair: 125 GeV against 91 GeV. Each τ decays
in turn and sends one or two neutrinos off unseen, so that mass is never
measured directly; it has to be estimated.
On events we simulate ourselves, we compare four estimators on the same
footing: the visible mass, the collinear approximation, a likelihood scan in
the spirit of the ones CMS uses, and a neural network trained to regress the
mass. The question is not only how close each gets to the true mass, but how
well it separates the H peak from the Z peak.
"""

# License: MIT

# %%
# Why the mass is hidden
# ----------------------
# A τ lives for :math:`2.9 \times 10^{-13}` s (:math:`c\tau \approx 87` µm)
# and decays before it reaches any detector layer: to an electron or a muon
# and two neutrinos (about 35 % of the time), or to hadrons and one
# neutrino (the rest). What the detector records is the *visible* part of
# each τ, and the sum of the neutrinos' momenta only through the imbalance
# of everything else in the plane transverse to the beam, the missing
# transverse momentum :math:`\vec p_T^{\,miss}` (MET). Two τ decays mean
# two to four neutrinos, but only two measured MET components: the
# neutrinos cannot be solved for, event by event. Every estimator below is
# a different way of filling in what is missing.
#
# We train on one thread: small networks train faster on one, and it avoids
# oversubscribing the cores when other processes run.
import os
import tempfile
import time

import matplotlib.pyplot as plt
import numpy as np
import torch
import uproot

from nnreg import count_parameters
from nnreg.ditau import (
    M_H,
    M_TAU,
    M_Z,
    PROCESSES,
    SELECTED_CHANNELS,
    generate,
    read_root,
    visible_fraction_density,
    write_root,
)
from nnreg.ditau_mass import (
    collinear_mass,
    flat_mass_weights,
    likelihood_mass,
    mass_summary,
    roc_auc,
    train_mass_network,
    visible_mass,
    window_purity,
)

torch.set_num_threads(1)

# %%
# What the toy simulates, and what it leaves out
# ----------------------------------------------
# :func:`nnreg.ditau.generate` produces one boson per event: a Z with its
# Breit–Wigner line shape (91.19 GeV, width 2.50 GeV), an H at 125.1 GeV, or,
# for training, a scalar whose mass is drawn uniformly between 50 and
# 250 GeV. The boson gets a transverse momentum from a Gamma distribution
# (mean about 24 GeV, with a tail past 100 GeV). **That spectrum is an
# assumption of this toy, not a measurement**; ``pt_shape`` and ``pt_scale``
# change it. The boson decays isotropically to two τ leptons, and each τ decays
# with its measured branching fractions: to e or μ with the Michel energy
# spectrum, or to a single hadron (π, ρ or a₁, the last standing for every
# multi-hadron mode) and a neutrino. Hadronic τ momenta are smeared by 5 %,
# the MET by 10 GeV in x and in y, and each event must pass a simplified
# version of the CMS selection, channel by channel: :math:`\tau_h\tau_h`,
# :math:`\mu\tau_h`, :math:`e\tau_h` and :math:`e\mu`.
#
# Left out: τ polarisation and spin correlations, jets, pile-up, the
# underlying event, fake τ candidates, every background but the Z, and any
# realistic detector response. **This toy is not CMS**; it has just enough
# physics for the estimators to meet the problems they meet in a real
# analysis.
#
# Four samples, each with its own seed: flat-mass events to train the
# network and a smaller set of them to validate it, and independent Z and H
# events to test every estimator on.
start = time.perf_counter()
train = generate("flat", 50_000, seed=1)
validation = generate("flat", 10_000, seed=4)
z_events = generate("Z", 20_000, seed=2)
h_events, h_truth = generate("H", 20_000, seed=3, return_truth=True)
print(f"simulated and selected in {time.perf_counter() - start:.1f} s")
for name, ev in (("flat", train), ("Z", z_events), ("H", h_events)):
    shares = np.bincount(ev["channel"], minlength=4)[:4] / len(ev["channel"])
    by_channel = ", ".join(
        f"{c} {100 * s:.0f} %" for c, s in zip(SELECTED_CHANNELS, shares, strict=True)
    )
    print(f"{name:>4}: {len(ev['gen_mass']):6d} events ({by_channel})")

# %%
# Through a ROOT file
# -------------------
# Real events come in ROOT files, so ours go through one too. The three
# samples share one tree (the ``process`` column says which is which); we
# write it with :func:`nnreg.ditau.write_root` and read it back with
# :func:`nnreg.ditau.read_root`, both built on uproot. Point ``read_root`` at
# your own file (with ``tree=`` and ``columns=`` if its layout differs) and
# everything below runs on it.
samples = {"flat": train, "Z": z_events, "H": h_events}
everything = {k: np.concatenate([s[k] for s in samples.values()]) for k in train}
# A temporary folder keeps the build tidy; for your own file, pass its path.
with tempfile.TemporaryDirectory() as folder:
    path = os.path.join(folder, "ditau_toy.root")
    write_root(path, everything)
    print(f"ditau_toy.root: {os.path.getsize(path) / 1e6:.1f} MB")
    with uproot.open(path) as f:
        print(f"trees: {f.keys()}, {f['events'].num_entries} entries")
        f["events"].show(name_width=14, typename_width=10, interpretation_width=14)
    events = read_root(path)

back = {}
for name in samples:
    mine = events["process"] == PROCESSES.index(name)
    back[name] = {k: v[mine] for k, v in events.items()}
same = all(np.array_equal(back[n][k], samples[n][k]) for n in samples for k in train)
print("every column read back unchanged:", same)
train = back["flat"]
test = {"Z": back["Z"], "H": back["H"]}

# %%
# How much of the τ the detector sees
# -----------------------------------
# The fraction :math:`z = E_{vis}/E_\tau` of a τ's energy that goes to its
# visible products is what every estimator has to guess. For a fast τ it
# follows from the decay alone: :math:`\frac{1}{3}(1-z)(5+5z-4z^2)` for
# e and μ (mean 0.35), and flat on :math:`[m_h^2/m_\tau^2, 1]` for a two-body
# decay to a hadron of mass :math:`m_h`. The ρ and a₁ have a spread of masses,
# so their curve is the flat density averaged over the simulated :math:`m_h`.
# The histograms use H events before the selection, whose τ are fast (the
# fraction with an energy above ten times their mass is printed), and compare
# with :func:`nnreg.ditau.visible_fraction_density`. The dashed line is the same
# after the selection: the pT thresholds favour τ that gave more of their
# energy to what is seen, a bias a trained network absorbs and the likelihood
# scan below does not model.
raw, raw_truth = generate("H", 20_000, seed=5, select=False, return_truth=True)


def fractions(ev, truth):
    z = np.concatenate(
        [truth[f"vis{i}"][:, 0] / truth[f"tau{i}"][:, 0] for i in (1, 2)]
    )
    mode = np.concatenate([ev["decay_mode1"], ev["decay_mode2"]])
    m_h = np.concatenate([ev["vis_mass1"], ev["vis_mass2"]])
    return z, mode, m_h


z_raw, mode_raw, mh_raw = fractions(raw, raw_truth)
z_sel, mode_sel, _ = fractions(h_events, h_truth)
e_tau = np.concatenate([raw_truth["tau1"][:, 0], raw_truth["tau2"][:, 0]])
print(f"τ with E > 10 m_τ before the selection: {np.mean(e_tau > 10 * M_TAU):.1%}")
grid = np.linspace(0.0, 1.0, 201)
fig, axes = plt.subplots(1, 4, figsize=(12, 3.2), sharey=True, layout="constrained")
for ax, (label, codes) in zip(
    axes, [("e, μ", (0, 1)), ("π", (2,)), ("ρ", (3,)), ("a₁", (4,))], strict=True
):
    raw_mask, sel_mask = np.isin(mode_raw, codes), np.isin(mode_sel, codes)
    hist = dict(bins=40, range=(0, 1), density=True)
    ax.hist(z_raw[raw_mask], **hist, alpha=0.5, label="before selection")
    ax.hist(z_sel[sel_mask], **hist, histtype="step", ls="--", label="after selection")
    masses = mh_raw[raw_mask][:2000]
    curve = visible_fraction_density(grid[:, None], codes[0], masses[None, :])
    ax.plot(grid, curve.mean(axis=1), color="k", lw=1.5, label="analytic")
    analytic_mean = np.trapezoid(grid * curve.mean(axis=1), grid)
    print(
        f"τ → {label} ν: mean z {z_raw[raw_mask].mean():.3f} simulated, "
        f"{analytic_mean:.3f} analytic; {z_sel[sel_mask].mean():.3f} after selection"
    )
    ax.set(title=f"τ → {label} ν", xlabel="$z = E_{vis}/E_τ$")
axes[0].set_ylabel("density")
axes[0].legend(fontsize=8)
plt.show()

# %%
# Two classical estimators
# ------------------------
# The **visible mass** ignores the neutrinos. The **collinear approximation**
# assumes that each τ's neutrinos fly exactly along its visible products
# (a good guess for fast τ) and solves
# :math:`\vec p_T^{\,miss} = a_1 \vec p_{T,1} + a_2 \vec p_{T,2}` for the two
# unknown scale factors; then :math:`x_i = 1/(1+a_i)` and
# :math:`m_{col} = m_{vis}/\sqrt{x_1 x_2}`. When the two τ are nearly back to
# back in the transverse plane the 2×2 system is almost singular, and MET
# noise then gives fractions outside :math:`(0, 1]`: no physical solution.
# We report those failures instead of dropping them quietly. (The exercises
# show how the failures pile up as the τ pair approaches back to back.)
#
# Every estimator runs channel by channel, so that it is also timed per
# channel. ``by_channel`` holds the Z and H test events split that way.
channels = list(SELECTED_CHANNELS)
by_channel = {
    name: [
        {k: v[ev["channel"] == c] for k, v in ev.items()} for c in range(len(channels))
    ]
    for name, ev in test.items()
}


def evaluate(estimator):
    """Masses of the Z and H test events, and the seconds spent per channel."""
    masses, seconds = {}, np.zeros(len(channels))
    for name, parts in by_channel.items():
        masses[name] = []
        for c, part in enumerate(parts):
            start = time.perf_counter()
            masses[name].append(np.asarray(estimator(part), dtype=float))
            seconds[c] += time.perf_counter() - start
    return masses, seconds


results = {
    "m_vis": evaluate(visible_mass),
    "collinear": evaluate(lambda ev: collinear_mass(ev)[0]),
}
for name in ("Z", "H"):
    failed = np.isnan(np.concatenate(results["collinear"][0][name])).mean()
    print(f"collinear approximation: no physical solution for {failed:.1%} of {name}")

# %%
# A likelihood scan
# -----------------
# CMS's SVfit integrates, for each τ, over every unknown of its decay (the
# visible fraction, the direction of the neutrinos about the visible
# products, and for leptonic decays the mass of the neutrino pair) and keeps
# the mass that maximises the likelihood :math:`L(m)`. Its fast successor
# FastMTT scans only the visible fractions :math:`x_1, x_2`.
# :func:`nnreg.ditau_mass.likelihood_mass` follows FastMTT in a small way: it
# weighs every point of an :math:`(x_1, x_2)` grid by a Gaussian MET term (with
# each event's MET covariance) and by the density of :math:`x` for each τ's
# decay type (the curves above), sums that along curves of constant mass, and
# returns the most likely mass. It never fails: every event gets a mass.
results["likelihood"] = evaluate(likelihood_mass)
seconds = results["likelihood"][1].sum()
n_test = sum(len(t["gen_mass"]) for t in test.values())
print(f"likelihood scan: {seconds:.1f} s for {n_test} events")

# %%
# Training a network on a flat mass spectrum
# ------------------------------------------
# A regression trained by least squares returns, for each input, roughly the
# average true mass of the training events that look like it. If the training
# sample were all Z, every event would be called a Z. So the training sample
# has a flat mass prior, as Bärtschi et al. (arXiv:1904.04924) recommend for
# this very problem. But flat *before* the selection is not flat *after* it:
# light bosons give soft τ that fail the pT thresholds. The histogram shows
# the selected training masses, and the weights of
# :func:`nnreg.ditau_mass.flat_mass_weights` (one over the count of the
# event's mass bin) that make them flat again; ``train_mass_network`` applies
# them by default.
counts, edges = np.histogram(train["gen_mass"], bins=20, range=(50, 250))
weights = flat_mass_weights(train["gen_mass"])
fig, ax = plt.subplots(figsize=(7, 3.2), layout="constrained")
ax.hist(train["gen_mass"], bins=edges, histtype="step", lw=2, label="selected")
ax.hist(
    train["gen_mass"], bins=edges, weights=weights, histtype="step", lw=2,
    label="selected, weighted flat",
)  # fmt: skip
ax.set(
    xlabel="true mass [GeV]",
    ylabel="events per bin",
    yscale="log",
    title="Selected training masses, as drawn and weighted flat",
)
ax.legend()
plt.show()
print(f"selected events in the top bin / the bottom bin: {counts[-1] / counts[0]:.0f}")

# %%
# The inputs are the two visible four-vectors (pT, η, φ, mass), the decay
# modes (one-hot) and the MET, with each event rotated so that τ 1 has φ = 0
# (the physics does not depend on that angle), and standardised with the
# training set's means and spreads only. Two targets: the mass itself, and
# the dimensionless ratio :math:`m_{\tau\tau}/m_{vis}`, the correction the
# visible mass needs (the same trick as regressing :math:`p_T^{gen}/p_T^{reco}`
# rather than :math:`p_T^{gen}`). Each trains for 10 epochs of Adam
# (learning rate 0.003, mini-batches of 1024) through :func:`nnreg.fit`, on a
# GPU when there is one.
# The first training in a process also pays torch's one-time setup, so the
# ratio network, timed below, trains second.
networks, train_seconds = {}, {}
for target in ("mass", "ratio"):
    start = time.perf_counter()
    networks[target] = train_mass_network(
        train, target=target, hidden=(64, 64), val_events=validation, seed=0
    )
    train_seconds[target] = time.perf_counter() - start
    print(f"target {target:>5}: {networks[target]}")
results["NN m/m_vis"] = evaluate(networks["ratio"].predict)
results["NN m"] = evaluate(networks["mass"].predict)

# %%
# Width and depth, briefly
# ------------------------
# Does a bigger network help? Three shapes, all with the ratio target: one
# hidden layer of 32 units, the two layers of 64 above, and three layers of
# 128. The held-out loss is the mean squared error on the independent
# ``validation`` flat sample, in units of the standardised target. Set the
# spread of the AUC across the three shapes, printed last, against the gaps
# between estimators in the results table below: with these inputs and ten
# epochs, the shape of the network is a detail.
architectures = {(64, 64): networks["ratio"]}
for hidden in ((32,), (128, 128, 128)):
    start = time.perf_counter()
    architectures[hidden] = train_mass_network(
        train, hidden=hidden, val_events=validation, seed=0
    )
    train_seconds[hidden] = time.perf_counter() - start
train_seconds[(64, 64)] = train_seconds["ratio"]

print(f"{'hidden':>16} {'weights':>8} {'train s':>8} {'held-out':>9} {'H σ/M':>6} AUC")
aucs = []
for hidden in sorted(
    architectures, key=lambda h: count_parameters(architectures[h].model)
):
    net = architectures[hidden]
    mz, mh = net.predict(test["Z"]), net.predict(test["H"])
    aucs.append(roc_auc(mh, mz))
    print(
        f"{str(hidden):>16} {count_parameters(net.model):8d} "
        f"{train_seconds[hidden]:8.1f} {net.history.val_loss[-1]:9.4f} "
        f"{mass_summary(mh)['sigma_over_m']:6.3f} {aucs[-1]:.3f}"
    )
print(f"AUC spread across the three shapes: {max(aucs) - min(aucs):.3f}")

# %%
# Is the network calibrated?
# --------------------------
# On the held-out flat events, the median of estimate / true mass in bins of
# the true mass. The visible mass sits far below one, everywhere. The
# likelihood scan and the networks bring it near one, but not flat. A network
# trained by least squares drifts toward the middle of its training range:
# an event that could have come from a wide range of masses gets the average
# of that range, so light bosons come out heavier and heavy ones lighter. Where
# its curve crosses one sets which masses it gets right on average; a Z at
# 91 GeV sits on the side that comes out too heavy.
true_mass = validation["gen_mass"]
estimates = {
    "m_vis": visible_mass(validation),
    "likelihood": likelihood_mass(validation),
    "NN m/m_vis": networks["ratio"].predict(validation),
    "NN m": networks["mass"].predict(validation),
}
bins = np.linspace(50, 250, 11)
which = np.digitize(true_mass, bins) - 1
centres = 0.5 * (bins[1:] + bins[:-1])
fig, ax = plt.subplots(figsize=(7, 3.5), layout="constrained")
for label, est in estimates.items():
    ratio = est / true_mass
    ax.plot(
        centres, [np.median(ratio[which == b]) for b in range(10)], "o-", label=label
    )
ax.axhline(1.0, color="k", lw=0.8)
ax.set(
    xlabel="true mass [GeV]",
    ylabel="median estimate / true mass",
    title="Median estimate over true mass, held-out flat events",
)
ax.legend(fontsize=8, ncol=2)
plt.show()

# %%
# Z and H, estimator by estimator
# -------------------------------
# The mass distributions of the Z (blue) and H (orange) test events, normalised
# to the same area, with the true masses marked. The AUC in each panel is the
# probability that a random H event gets a larger mass than a random Z event:
# 0.5 means no separation, 1 perfect separation. Even the true mass falls
# short of 1, because the Z line shape has a tail past 125 GeV. The collinear
# panel shows only the events it could solve.
names = list(results)
fig, axes = plt.subplots(2, 3, figsize=(11, 6), sharex=True, layout="constrained")
panels = [("true mass", {n: t["gen_mass"] for n, t in test.items()})]
panels += [(n, {p: np.concatenate(m) for p, m in results[n][0].items()}) for n in names]
for ax, (label, masses) in zip(axes.flat, panels, strict=True):
    for name, colour in (("Z", "tab:blue"), ("H", "tab:orange")):
        ok = masses[name][np.isfinite(masses[name])]
        hist = dict(bins=60, range=(0, 300), density=True, alpha=0.55)
        ax.hist(ok, **hist, color=colour, label=name)
    ax.axvline(M_Z, color="tab:blue", lw=0.8, ls=":")
    ax.axvline(M_H, color="tab:orange", lw=0.8, ls=":")
    auc = roc_auc(masses["H"], masses["Z"])
    ax.set_title(f"{label}   (AUC {auc:.3f})", fontsize=10)
    ax.set_yticks([])
for ax in axes[1]:
    ax.set_xlabel("mass [GeV]")
axes[0, 0].legend()
plt.show()

# %%
# The results table
# -----------------
# For each estimator, on the Z and H test samples: the median mass M; the
# robust resolution σ/M, with σ = (q84 − q16)/2 half the width of the central
# 68 % of events; the RMS/M, which tails inflate; the AUC; S/(S+B), the purity
# of the narrowest mass window holding 68 % of the H events when Z and H come
# in equal numbers; the fraction of events without an estimate; and the time
# per 1,000 events on the machine that built this page (for the networks,
# applying them, not training them). The collinear numbers count only the
# events it solved.


def summarise(z_mass, h_mass, seconds):
    """One row of the results table."""
    z, h = mass_summary(z_mass), mass_summary(h_mass)
    purity, _, _ = window_purity(h_mass, z_mass, 0.68)
    failed = 1 - np.isfinite(np.concatenate([z_mass, h_mass])).mean()
    n = len(z_mass) + len(h_mass)
    return [z["median"], z["sigma_over_m"], z["rms_over_m"]] + [
        h["median"], h["sigma_over_m"], h["rms_over_m"],
        roc_auc(h_mass, z_mass), purity, 100 * failed, 1e6 * seconds / n,
    ]  # fmt: skip


HEADER = ["M", "σ/M", "RMS/M", "M", "σ/M", "RMS/M", "AUC", "S/(S+B)", "fail %", "ms/1k"]
FORMATS = [".1f", ".3f", ".3f", ".1f", ".3f", ".3f", ".3f", ".3f", ".1f", ".1f"]


class Table:
    """A results table that renders as HTML on the page and as text elsewhere."""

    def __init__(self, rows, first="estimator"):
        self.rows, self.first = rows, first

    def _cells(self, row):
        return [f"{v:{f}}" for v, f in zip(row[1], FORMATS, strict=True)]

    def _repr_html_(self):
        head = (
            f'<tr><th rowspan="2">{self.first}</th><th colspan="3">Z</th>'
            '<th colspan="3">H</th><th colspan="4">Z vs H, cost</th></tr><tr>'
            + "".join(f"<th>{h}</th>" for h in HEADER)
            + "</tr>"
        )
        body = "".join(
            f"<tr><td>{row[0]}</td>"
            + "".join(f"<td>{c}</td>" for c in self._cells(row))
            + "</tr>"
            for row in self.rows
        )
        return (
            '<div style="overflow-x: auto"><table class="table">'
            f"<thead>{head}</thead><tbody>{body}</tbody></table></div>"
        )

    def __repr__(self):
        width = max(len(row[0]) for row in self.rows)
        lines = [f"{self.first:<{width}} " + " ".join(f"{h:>7}" for h in HEADER)]
        lines += [
            f"{row[0]:<{width}} " + " ".join(f"{c:>7}" for c in self._cells(row))
            for row in self.rows
        ]
        return "\n".join(lines)


overall = Table(
    [
        (name, summarise(*(np.concatenate(results[name][0][p]) for p in "ZH"), t.sum()))
        for name, (_, t) in results.items()
    ]
)
overall

# %%
# The same, channel by channel. The channels differ in how many neutrinos
# they hide (two in :math:`\tau_h\tau_h`, three in :math:`\ell\tau_h`, four in
# :math:`e\mu`) and in how many events pass the selection.
per_channel = Table(
    [
        (
            f"{channels[c]}: {name}",
            summarise(masses["Z"][c], masses["H"][c], seconds[c]),
        )
        for c in range(len(channels))
        for name, (masses, seconds) in results.items()
    ],
    first="channel: estimator",
)
per_channel

# %%
# What the literature reports, for context
# ----------------------------------------
# The numbers above come from this page's run. The numbers below do not: they
# are CMS full-simulation results from the SVfit paper (Bianchini et al.,
# *Reconstruction of the Higgs mass in events with Higgs bosons decaying into
# a pair of τ leptons using matrix element techniques*, arXiv:1603.05910), in
# the :math:`\mu\tau_h` channel, with jets, pile-up and a real detector. Their
# σ is the RMS. The paper quotes σ/M of about 0.09–0.13 in
# :math:`\tau_h\tau_h` and 0.12–0.27 in :math:`e\mu` as well. The likelihood
# scan here follows the idea of FastMTT (Kalinowski and Matyszkiewicz,
# arXiv:2509.26069), and the flat training spectrum that of Bärtschi et al.
# (arXiv:1904.04924). These are context, not numbers to compare ours with: the
# toy's pT spectrum is assumed, its detector is a pair of Gaussians, and it
# has no jets.
#
# ===================  ==================  ==================
# CMS sample           m_vis: M (σ/M)      ClassicSVfit: M (σ/M)
# ===================  ==================  ==================
# Z, 0-jet             66.8 (0.135)        94.8 (0.136)
# Z, 1-jet boosted     53.3 (0.253)        89.8 (0.116)
# ggH, 0-jet           80.6 (0.179)        119.2 (0.165)
# ggH, 1-jet boosted   71.4 (0.267)        122.1 (0.103)
# ===================  ==================  ==================

# %%
# Take-away
# ---------
# The visible mass is cheap and never fails, but sits well below the true
# masses, and its Z and H peaks overlap. The collinear approximation fails for
# a large fraction of the events, and on the ones it solves, MET noise
# amplified by nearly back-to-back τ spreads the masses so far (compare its
# RMS/M with its σ/M) that it separates Z from H worse than the visible mass.
# The likelihood scan and the network give every event a mass on the right
# scale, and overall both separate the peaks better than the visible mass:
# the ranking printed below comes from this run's table. The network applies
# in a fraction of the likelihood scan's time, once trained; its answer
# depends on its training prior, which is why that prior was made flat, and
# it still leans toward the middle of it. Channel by channel: in
# :math:`\tau_h\tau_h`, with two neutrinos and high thresholds, the visible
# mass is already sharp and the gains shrink or vanish; with a lepton, more
# neutrinos escape and the gains are larger; in :math:`e\mu`, with four
# neutrinos, every estimator struggles.
for column, label in ((6, "AUC"), (7, "S/(S+B)")):
    ranked = sorted(overall.rows, key=lambda row: -row[1][column])
    print(f"{label:>8}: " + " > ".join(f"{n} {r[column]:.3f}" for n, r in ranked))

# sphinx_gallery_thumbnail_number = 4
