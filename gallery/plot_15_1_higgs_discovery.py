"""
15.1 Discovering the Higgs: how far apart can two experiments land?
===================================================================

In July 2012 the ATLAS and CMS collaborations at CERN's Large Hadron
Collider each reported a new boson near 125 GeV, the Higgs boson. Before
looking at its data, each collaboration computes an *expected*
significance: how many standard deviations the excess should reach if the
Standard Model Higgs boson is there. CMS expected the larger number, about
a quarter more than ATLAS, yet the two excesses they observed came out
about equally large. Does that point to something different in the two
experiments, or is it what chance alone does? We answer with pseudo-
experiments: a million imaginary reruns of both analyses, drawn from the
published expectations.
"""

# License: MIT

# %%
# The published numbers
# ---------------------
# The local significances at the Higgs mass, as reported by the
# collaborations (the significance of the excess at that mass alone, before
# any correction for having searched over a range of masses):
#
# - ATLAS, *Observation of an excess of events in the search for the
#   Standard Model Higgs boson with the ATLAS detector at the LHC*,
#   ATLAS-CONF-2012-093 (July 2012): observed 5.0σ at 126.5 GeV, where 4.6σ
#   was expected for a Standard Model Higgs boson of that mass. These are
#   the results shown at the announcement of 4 July 2012.
# - ATLAS, *Observation of a new particle in the search for the Standard
#   Model Higgs boson with the ATLAS detector at the LHC*, Phys. Lett. B
#   716 (2012) 1, arXiv:1207.7214: the published paper, which adds the 2012
#   data of the :math:`H \to WW` channel, reports an observed significance
#   of 5.9σ.
# - CMS, *Observation of a new boson at a mass of 125 GeV with the CMS
#   experiment at the LHC*, Phys. Lett. B 716 (2012) 30, arXiv:1207.7235:
#   observed 5.0σ near 125 GeV, where 5.8σ was expected.
#
# Adding a channel raises the expected significance as well as the observed
# one, so the 5.9σ of the paper and the 4.6σ expected without that channel
# are not a matched pair: below, 5.9σ serves only as a harsher test for
# chance.
import math

import matplotlib.pyplot as plt
import numpy as np

EXPECTED = {"ATLAS": 4.6, "CMS": 5.8}
OBSERVED = {"ATLAS": 5.0, "CMS": 5.0}
OBSERVED_ATLAS_PAPER = 5.9

ratio = EXPECTED["CMS"] / EXPECTED["ATLAS"]
exp_a, exp_c = EXPECTED["ATLAS"], EXPECTED["CMS"]
obs_a, obs_c = OBSERVED["ATLAS"], OBSERVED["CMS"]
print(f"expected significance: ATLAS {exp_a}σ, CMS {exp_c}σ")
print(
    f"CMS expected {100 * (ratio - 1):.0f} % more significance than ATLAS"
)
print(f"observed significance: ATLAS {obs_a}σ, CMS {obs_c}σ")
assert 0.2 < ratio - 1 < 0.3  # "about a quarter more"

# %%
# How much does an observed significance scatter?
# -----------------------------------------------
# Picture the simplest search: count events in a mass window where
# :math:`b` background events are expected, and a Higgs signal adds
# :math:`s` more. The significance of an observed count :math:`n > b` is
# the likelihood-ratio formula
#
# .. math:: Z = \sqrt{2\left(n \ln\frac{n}{b} - (n - b)\right)},
#
# close to :math:`(n - b)/\sqrt{b}` when the counts are large. The count
# itself fluctuates, by about :math:`\sqrt{s + b}` around :math:`s + b`,
# and :math:`Z` follows it. How far? Let us count, in many
# pseudo-experiments, for a signal that is a small fraction of a large
# background (as for a Higgs boson decaying to two photons) and for a small
# sample where signal and background are about equal (as for four leptons).
rng = np.random.default_rng(2012)


def counting_significance(n: np.ndarray, b: float) -> np.ndarray:
    """Significance of n events over b expected (0 if n <= b)."""
    n = np.asarray(n, dtype=float)
    z2 = 2.0 * (n * np.log(np.maximum(n, 1.0) / b) - (n - b))
    return np.where(n > b, np.sqrt(np.clip(z2, 0.0, None)), 0.0)


spreads = []
for b, s in ((5000.0, 325.0), (20.0, 20.0)):
    z_counts = counting_significance(rng.poisson(s + b, size=200_000), b)
    spreads.append(z_counts.std())
    print(
        f"b = {b:>4.0f}, s = {s:>3.0f}: Z has mean {z_counts.mean():.2f} "
        f"and standard deviation {z_counts.std():.2f}"
    )

assert all(0.8 < sd < 1.2 for sd in spreads)  # "close to one unit"

# %%
# In both cases the spread is close to one unit. So, to a good
# approximation, the observed significance of an experiment that truly
# contains the signal is drawn from a normal distribution centred on its
# expected significance with unit width, :math:`Z_\mathrm{obs} \sim
# \mathcal{N}(Z_\mathrm{exp}, 1)`. The two experiments are independent
# (separate detectors, separate teams, separate random fluctuations of
# their data), so we draw their pairs independently: one million imaginary
# reruns of 2012.
n_runs = 1_000_000
z_atlas = rng.normal(EXPECTED["ATLAS"], 1.0, n_runs)
z_cms = rng.normal(EXPECTED["CMS"], 1.0, n_runs)

p_atlas_at_least = np.mean(z_atlas >= z_cms)
p_july = np.mean(
    (z_atlas >= OBSERVED["ATLAS"]) & (z_cms <= OBSERVED["CMS"])
)
p_paper = np.mean(
    (z_atlas >= OBSERVED_ATLAS_PAPER) & (z_cms <= OBSERVED["CMS"])
)
p_paper_gap = np.mean(
    z_atlas - z_cms >= OBSERVED_ATLAS_PAPER - OBSERVED["CMS"]
)
gap = EXPECTED["CMS"] - EXPECTED["ATLAS"]
exact = 0.5 * math.erfc(gap / math.sqrt(2.0) / math.sqrt(2.0))

print(
    "ATLAS sees at least as large an excess as CMS: "
    f"{p_atlas_at_least:.3f} "
    f"(one rerun in {1 / p_atlas_at_least:.0f}; exact value {exact:.3f})"
)
print(f"ATLAS >= {obs_a}σ and CMS <= {obs_c}σ: {p_july:.3f}")
print(
    f"ATLAS >= {OBSERVED_ATLAS_PAPER}σ and CMS <= {obs_c}σ: {p_paper:.3f}"
)
print(
    f"ATLAS ahead of CMS by {OBSERVED_ATLAS_PAPER - obs_c:.1f}σ or more: "
    f"{p_paper_gap:.3f}"
)
# the text: about one rerun in five, the exact value agrees, and even the
# paper's larger gap is no far-tail event (more than one rerun in twenty)
assert 4 < 1 / p_atlas_at_least < 6
assert abs(p_atlas_at_least - exact) < 0.002
assert p_paper_gap > 0.05 and p_july > 0.05

# %%
# The exact value printed alongside is the same probability without
# sampling: the difference :math:`Z_\mathrm{ATLAS} - Z_\mathrm{CMS}` is
# normal with mean :math:`4.6 - 5.8` and width :math:`\sqrt 2`.
#
# The reruns in one picture
# -------------------------
# Each rerun is a point (ATLAS, CMS). The cloud is centred on the expected
# pair; the dashed diagonal separates the reruns in which CMS wins from
# those in which ATLAS sees at least as much. The published pairs sit
# inside the cloud, not in its far tail.
fig, ax = plt.subplots(figsize=(6, 5.5), layout="constrained")
counts, *_, image = ax.hist2d(
    z_atlas,
    z_cms,
    bins=120,
    range=[[0, 10], [1, 11]],
    cmap="Blues",
    cmin=1,
)
fig.colorbar(image, ax=ax, label="reruns per bin")
ax.plot([1, 10], [1, 10], "k--", lw=1, label="equal significance")
ax.plot(*EXPECTED.values(), "kx", ms=10, mew=2, label="expected")
ax.plot(*OBSERVED.values(), "r*", ms=14, label="observed, July 2012")
ax.plot(
    OBSERVED_ATLAS_PAPER,
    OBSERVED["CMS"],
    "D",
    color="darkorange",
    ms=8,
    label="observed, ATLAS paper",
)
ax.set(
    xlabel="ATLAS local significance [σ]",
    ylabel="CMS local significance [σ]",
    title="One million reruns of the 2012 searches",
    aspect="equal",
)
ax.legend(loc="upper left", fontsize=8)
plt.show()

# %%
# The same information, one number per rerun
# -------------------------------------------
# What the exercise calls "about the same excess" is a statement about the
# difference :math:`Z_\mathrm{ATLAS} - Z_\mathrm{CMS}`. Its distribution,
# with the published differences marked, shows how ordinary they are: the
# shaded part is the fraction of reruns in which ATLAS, the less sensitive
# experiment, sees at least as large an excess as CMS.
diff = z_atlas - z_cms
fig, ax = plt.subplots(figsize=(7, 3.5), layout="constrained")
bins = np.linspace(-7, 5, 121)
ax.hist(diff, bins=bins, color="tab:blue", alpha=0.5, label="reruns")
ax.hist(
    diff[diff >= 0],
    bins=bins,
    color="tab:red",
    alpha=0.6,
    label=f"ATLAS ≥ CMS: {p_atlas_at_least:.1%}",
)
ax.axvline(
    OBSERVED["ATLAS"] - OBSERVED["CMS"],
    color="r",
    lw=2,
    label="observed, July 2012",
)
ax.axvline(
    OBSERVED_ATLAS_PAPER - OBSERVED["CMS"],
    color="darkorange",
    lw=2,
    ls="--",
    label="observed, ATLAS paper",
)
ax.set(
    xlabel="$Z_{ATLAS} - Z_{CMS}$ [σ]",
    ylabel="reruns",
    title="Difference of the two significances",
)
ax.legend(fontsize=8)
plt.show()

# %%
# Take-away
# ---------
# An expected significance is the centre of a distribution about one unit
# wide, not a prediction of the number that will be observed. With CMS
# expecting 1.2σ more than ATLAS, the printed fraction shows that ATLAS
# sees an excess at least as large as CMS's in roughly one rerun in five,
# and the published pairs lie well inside the cloud of reruns. "Both saw
# about the same excess" is a random fluctuation, and not a rare one.
# Everything that distinguishes the experiments (the amount of data, the
# detector, the selection and its machine-learning classifiers) is already
# inside the expected significance; what remains between expected and
# observed is chance.

# sphinx_gallery_thumbnail_number = 1
