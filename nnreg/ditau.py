"""Toy Z -> tau tau and H -> tau tau events, and their ROOT files.

:func:`generate` simulates one boson per event and follows it down to what a
detector sees: two visible tau decay products and the missing transverse
momentum (MET).  Every step is vectorised numpy and draws from one explicit
:class:`numpy.random.Generator`, so a seed fixes the sample bit for bit.

The chain, with the defaults of :func:`generate`:

1. **Production.**  ``"Z"``: Breit-Wigner (Cauchy) mass, 91.1876 GeV with width
   2.4952 GeV, truncated to 50-150 GeV.  ``"H"``: 125.1 GeV, width neglected.
   ``"flat"``: a scalar with mass uniform on 50-250 GeV, the training sample.
   Transverse momentum from a Gamma(shape 1.2, scale 20 GeV) distribution
   (mean 24 GeV, a tail past 100 GeV).  That spectrum is an assumption of this
   toy, not a measurement; ``pt_shape`` and ``pt_scale`` change it.  Rapidity
   uniform on [-2.5, 2.5], azimuth uniform.
2. **X -> tau tau**, isotropic in the boson rest frame (spin correlations and
   tau polarisation are ignored, as SVfit also ignores them), boosted to the
   lab.
3. **Tau decays** in the tau rest frame, then boosted with the tau:
   ``e`` 17.82 %, ``mu`` 17.39 % (lepton energy from the Michel spectrum
   ``x**2 (3 - 2x)``, ``x = 2E/m_tau``, leptons massless as that formula
   assumes), and hadronic two-body decays ``tau -> h nu``: ``pi`` 10.8 %,
   ``rho`` 25.5 % (Breit-Wigner 0.7753 GeV, width 0.149 GeV), ``a1`` 28.5 %
   (Breit-Wigner 1.23 GeV, width 0.42 GeV, below m_tau; it stands for every
   other hadronic mode).  The five fractions are normalised to sum to one.
4. **Detector.**  Hadronic visible pT smeared by a Gaussian of 5 %
   (``had_pt_resolution``); leptons, eta and phi are exact.  MET is the sum of
   the neutrinos' (px, py) plus Gaussian noise of 10 GeV in x and in y
   (``met_sigma``); its covariance is stored with each event.
5. **Selection** per channel (simplified CMS): tau_h tau_h both pT > 40 GeV and
   abs(eta) < 2.1; mu tau_h: mu pT > 20, tau_h pT > 30; e tau_h: e pT > 25,
   tau_h pT > 30; e mu: leading lepton pT > 20, the other > 10; abs(eta) < 2.3
   for every visible object.  ee and mu mu events are dropped.

The two taus of an event are ordered by visible pT: tau 1 is the leading one.

Integer codes keep the ROOT files simple: ``decay_mode`` indexes
:data:`DECAY_MODES`, ``channel`` indexes :data:`CHANNELS` and ``process``
indexes :data:`PROCESSES`; :func:`code_names` turns codes back into names.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping, Sequence

import numpy as np

__all__ = [
    "BRANCHING_FRACTIONS",
    "CHANNELS",
    "CHANNEL_LABELS",
    "COLUMNS",
    "DECAY_MODES",
    "LESSON_SIZES",
    "MAX_EVENTS",
    "MAX_PT_SCALE",
    "M_H",
    "M_TAU",
    "M_Z",
    "PROCESSES",
    "SELECTED_CHANNELS",
    "code_names",
    "four_vector",
    "generate",
    "invariant_mass",
    "read_root",
    "visible_fraction_density",
    "write_root",
]

# Masses and widths in GeV (PDG values quoted by the spec).
M_TAU = 1.77686
M_Z = 91.1876
GAMMA_Z = 2.4952
M_H = 125.1
M_PI = 0.13957
M_RHO, GAMMA_RHO = 0.7753, 0.149
M_A1, GAMMA_A1 = 1.23, 0.42
Z_MASS_RANGE = (50.0, 150.0)
FLAT_MASS_RANGE = (50.0, 250.0)

#: Tau decay modes; the column ``decay_mode{i}`` holds the index into this.
DECAY_MODES = ("e", "mu", "pi", "rho", "a1")
#: Branching fraction of each decay mode, in the order of :data:`DECAY_MODES`.
BRANCHING_FRACTIONS = (0.1782, 0.1739, 0.108, 0.255, 0.285)
#: Channels; the column ``channel`` holds the index into this.  The last two
#: never pass the selection and only appear with ``generate(..., select=False)``.
CHANNELS = ("tauh_tauh", "mu_tauh", "e_tauh", "e_mu", "e_e", "mu_mu")
#: The channels that survive the selection.
SELECTED_CHANNELS = CHANNELS[:4]
#: Plot labels for :data:`CHANNELS`, in matplotlib's math text.
CHANNEL_LABELS = (
    r"$\tau_h\tau_h$",
    r"$\mu\tau_h$",
    r"$e\tau_h$",
    r"$e\mu$",
    r"$ee$",
    r"$\mu\mu$",
)
#: Processes; the column ``process`` holds the index into this.
PROCESSES = ("Z", "H", "flat")

#: Sample sizes for a lesson: with these, simulating the three samples, every
#: estimator and a handful of network trainings fit in about a minute on two
#: CPU cores.
LESSON_SIZES = {"flat": 50_000, "Z": 20_000, "H": 20_000}

#: The columns of an event sample, in the order they are written to ROOT.
COLUMNS = tuple(
    f"{name}{i}"
    for i in (1, 2)
    for name in (
        "vis_pt",
        "vis_eta",
        "vis_phi",
        "vis_mass",
        "decay_mode",
        "gen_pt",
        "gen_eta",
        "gen_phi",
    )
) + (
    "met_x",
    "met_y",
    "met_cov_xx",
    "met_cov_xy",
    "met_cov_yy",
    "gen_mass",
    "channel",
    "process",
)

_CODE_TABLES = {
    "decay_mode": DECAY_MODES,
    "channel": CHANNELS,
    "process": PROCESSES,
}
_ETA_MAX = 2.3
_ETA_MAX_TAUH_TAUH = 2.1
# Smallest smeared pT, as a fraction of the true one: a 5 % Gaussian never gets
# there, but a user-chosen resolution of 50 % must not flip a momentum.
_MIN_SMEAR = 1e-3

#: Largest ``n_events`` :func:`generate` accepts (about 2.5 GB of columns).
MAX_EVENTS = 10_000_000
#: Largest ``pt_scale`` (GeV) :func:`generate` accepts.
MAX_PT_SCALE = 10_000.0
# generate() stops when it has simulated this many times more events than
# passed (and at least this many): an efficiency below 1e-4 means the chosen
# settings leave (almost) nothing in the selection.
_GIVE_UP = 10_000
# Column types uproot writes to a TTree.
_WRITABLE_DTYPES = frozenset(
    np.dtype(t)
    for t in ("bool", "int8", "int16", "int32", "int64")
    + ("uint8", "uint16", "uint32", "uint64", "float32", "float64")
)

SeedLike = int | np.random.Generator


# ---------------------------------------------------------------------------
# Four-vectors.  The public helpers use arrays of shape (N, 4) holding
# (E, px, py, pz) in GeV; inside the generator they are (4, N), so that each
# component is one contiguous row and the arithmetic stays fast.


def four_vector(
    pt: np.ndarray, eta: np.ndarray, phi: np.ndarray, mass: np.ndarray
) -> np.ndarray:
    """Four-momenta ``(E, px, py, pz)``, shape ``(N, 4)``, from pT, eta, phi, mass.

    Examples
    --------
    >>> p = four_vector(np.array([30.0]), np.array([0.0]), np.array([0.0]), 0.0)
    >>> p.tolist()
    [[30.0, 30.0, 0.0, 0.0]]
    """
    arrays = {
        "pt": np.asarray(pt),
        "eta": np.asarray(eta),
        "phi": np.asarray(phi),
        "mass": np.asarray(mass),
    }
    for name, a in arrays.items():
        if a.dtype.kind not in "biuf":
            raise TypeError(f"{name} must hold numbers, got dtype {a.dtype}")
    try:
        pt, eta, phi, mass = np.broadcast_arrays(*arrays.values())
    except ValueError:
        shapes = {name: a.shape for name, a in arrays.items()}
        raise ValueError(
            f"pt, eta, phi and mass must have the same length (or be scalars); "
            f"got shapes {shapes}"
        ) from None
    pz = pt * np.sinh(eta)
    energy = np.sqrt(pt**2 + pz**2 + mass**2)
    return np.stack([energy, pt * np.cos(phi), pt * np.sin(phi), pz], axis=-1)


def invariant_mass(p4: np.ndarray) -> np.ndarray:
    """Invariant mass of four-momenta of shape ``(..., 4)``.

    A slightly negative m^2 from rounding gives 0, not NaN.

    Examples
    --------
    >>> float(invariant_mass(np.array([5.0, 0.0, 0.0, 3.0])))
    4.0
    """
    p4 = np.asarray(p4)
    if p4.dtype.kind not in "biuf":
        raise TypeError(f"p4 must hold numbers, got dtype {p4.dtype}")
    if p4.ndim == 0 or p4.shape[-1] != 4:
        raise ValueError(
            f"p4 must have shape (..., 4) holding (E, px, py, pz), got shape "
            f"{p4.shape}; for (4, N) arrays pass p4.T"
        )
    m2 = p4[..., 0] ** 2 - np.sum(p4[..., 1:] ** 2, axis=-1)
    return np.sqrt(np.clip(m2, 0.0, None))


def _boost(p: np.ndarray, frame: np.ndarray, mass: np.ndarray | float) -> np.ndarray:
    """Boost ``p`` (4, N), given in the rest frame of ``frame`` (4, N), to the lab."""
    gamma = frame[0] / mass
    eta = frame[1:] / mass  # gamma * beta, exact even for a frame at rest
    eta_p = np.einsum("ij,ij->j", eta, p[1:])
    out = np.empty_like(p)
    out[0] = gamma * p[0] + eta_p
    out[1:] = p[1:] + (eta_p / (gamma + 1.0) + p[0]) * eta
    return out


def _isotropic(rng: np.random.Generator, n: int) -> np.ndarray:
    cos_t = rng.uniform(-1.0, 1.0, n)
    sin_t = np.sqrt(1.0 - cos_t**2)
    phi = rng.uniform(-np.pi, np.pi, n)
    return np.stack([sin_t * np.cos(phi), sin_t * np.sin(phi), cos_t])


def _truncated_breit_wigner(
    rng: np.random.Generator, n: int, mass: float, width: float, lo: float, hi: float
) -> np.ndarray:
    # Inverse CDF of a Cauchy distribution restricted to [lo, hi].
    a = np.arctan(2.0 * (lo - mass) / width)
    b = np.arctan(2.0 * (hi - mass) / width)
    return mass + 0.5 * width * np.tan(rng.uniform(a, b, n))


def _michel_x(rng: np.random.Generator, n: int) -> np.ndarray:
    # Rejection sampling of the density 2 x^2 (3 - 2x): propose from 3 x^2
    # (x = cbrt(u)) and accept with probability (3 - 2x) / 3, half on average.
    out = np.empty(n)
    filled = 0
    while filled < n:
        m = int(2.2 * (n - filled)) + 16
        x = np.cbrt(rng.uniform(0.0, 1.0, m))
        x = x[3.0 * rng.uniform(0.0, 1.0, m) < 3.0 - 2.0 * x][: n - filled]
        out[filled : filled + len(x)] = x
        filled += len(x)
    return out


def _decay_tau(
    rng: np.random.Generator, tau: np.ndarray, mode: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Decay taus (4, N) of the given modes; return lab visible, invisible, m_vis."""
    n = len(mode)
    vis_mass = np.zeros(n)
    hadronic = mode >= 2
    vis_mass[mode == 2] = M_PI
    for code, (m0, width, lo) in {
        3: (M_RHO, GAMMA_RHO, 2 * M_PI),
        4: (M_A1, GAMMA_A1, 3 * M_PI),
    }.items():
        sel = mode == code
        vis_mass[sel] = _truncated_breit_wigner(
            rng, int(sel.sum()), m0, width, lo, M_TAU
        )

    # Visible energy and momentum in the tau rest frame; the neutrinos take
    # the rest of the tau four-momentum.
    e_vis = np.empty(n)
    e_vis[~hadronic] = 0.5 * M_TAU * _michel_x(rng, int((~hadronic).sum()))
    e_vis[hadronic] = (M_TAU**2 + vis_mass[hadronic] ** 2) / (2 * M_TAU)
    p_vis = np.sqrt(np.clip(e_vis**2 - vis_mass**2, 0.0, None)) * _isotropic(rng, n)
    vis = _boost(np.vstack([e_vis, p_vis]), tau, M_TAU)
    inv = _boost(np.vstack([M_TAU - e_vis, -p_vis]), tau, M_TAU)
    return vis, inv, vis_mass


def _channel(mode1: np.ndarray, mode2: np.ndarray) -> np.ndarray:
    n_e = (mode1 == 0).astype(int) + (mode2 == 0)
    n_mu = (mode1 == 1).astype(int) + (mode2 == 1)
    n_had = 2 - n_e - n_mu
    conditions = [
        n_had == 2,  # tauh_tauh
        (n_had == 1) & (n_mu == 1),  # mu_tauh
        (n_had == 1) & (n_e == 1),  # e_tauh
        (n_e == 1) & (n_mu == 1),  # e_mu
        n_e == 2,  # e_e
        n_mu == 2,  # mu_mu
    ]
    return np.select(conditions, range(len(CHANNELS))).astype(np.int32)


def _passes(
    channel: np.ndarray,
    mode: tuple[np.ndarray, np.ndarray],
    pt: tuple[np.ndarray, np.ndarray],
    abs_eta: tuple[np.ndarray, np.ndarray],
) -> np.ndarray:
    """The per-channel selection; symmetric in the two taus."""
    pt_max, pt_min = np.maximum(*pt), np.minimum(*pt)
    eta_max = np.maximum(*abs_eta)
    # In the lepton + tau_h channels, the pT of the lepton and of the tau_h.
    first_is_lepton = mode[0] <= 1
    pt_lep = np.where(first_is_lepton, pt[0], pt[1])
    pt_had = np.where(first_is_lepton, pt[1], pt[0])
    passed = np.select(
        [channel == 0, channel == 1, channel == 2, channel == 3],
        [
            (pt_min > 40.0) & (eta_max < _ETA_MAX_TAUH_TAUH),
            (pt_lep > 20.0) & (pt_had > 30.0),
            (pt_lep > 25.0) & (pt_had > 30.0),
            (pt_max > 20.0) & (pt_min > 10.0),
        ],
        default=False,
    )
    return passed & (eta_max < _ETA_MAX)


def _rng(seed: SeedLike) -> np.random.Generator:
    if isinstance(seed, np.random.Generator):
        return seed
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer):
        raise TypeError(
            f"seed must be an int or a numpy.random.Generator, got "
            f"{type(seed).__name__} ({seed!r}); pass for example seed=0"
        )
    return np.random.default_rng(seed)


def _simulate(
    rng: np.random.Generator,
    n: int,
    process: str,
    pt_shape: float,
    pt_scale: float,
    had_pt_resolution: float,
    met_sigma: float,
    flat_mass_range: tuple[float, float],
    select: bool,
) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """Simulate ``n`` events; with ``select``, return only those that pass."""
    if process == "Z":
        mass = _truncated_breit_wigner(rng, n, M_Z, GAMMA_Z, *Z_MASS_RANGE)
    elif process == "H":
        mass = np.full(n, M_H)
    else:
        mass = rng.uniform(*flat_mass_range, n)

    # The boson in the lab.
    pt = rng.gamma(pt_shape, pt_scale, n)
    rapidity = rng.uniform(-2.5, 2.5, n)
    phi = rng.uniform(-np.pi, np.pi, n)
    mt = np.sqrt(mass**2 + pt**2)
    boson = np.stack(
        [
            mt * np.cosh(rapidity),
            pt * np.cos(phi),
            pt * np.sin(phi),
            mt * np.sinh(rapidity),
        ]
    )

    # X -> tau tau, back to back in the boson rest frame.
    p_star = np.sqrt(0.25 * mass**2 - M_TAU**2) * _isotropic(rng, n)
    e_star = 0.5 * mass
    taus = [
        _boost(np.vstack([e_star, p_star]), boson, mass),
        _boost(np.vstack([e_star, -p_star]), boson, mass),
    ]

    probs = np.asarray(BRANCHING_FRACTIONS) / np.sum(BRANCHING_FRACTIONS)
    modes = [rng.choice(len(DECAY_MODES), size=n, p=probs) for _ in range(2)]
    vis, inv, vis_mass = zip(
        *(_decay_tau(rng, tau, mode) for tau, mode in zip(taus, modes, strict=True)),
        strict=True,
    )
    reco_pt = []
    for v, mode in zip(vis, modes, strict=True):
        smear = np.clip(
            1.0 + had_pt_resolution * rng.standard_normal(n), _MIN_SMEAR, None
        )
        reco_pt.append(np.hypot(v[1], v[2]) * np.where(mode >= 2, smear, 1.0))
    met = inv[0][1:3] + inv[1][1:3] + met_sigma * rng.standard_normal((2, n))
    channel = _channel(*modes)

    # Everything per event, with tau 1 the one of higher reconstructed pT.
    swap = reco_pt[1] > reco_pt[0]
    keep = slice(None)
    if select:
        abs_eta = [np.abs(np.arcsinh(v[3] / np.hypot(v[1], v[2]))) for v in vis]
        keep = _passes(channel, modes, reco_pt, abs_eta)
        swap = swap[keep]

    def pair(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        a, b = a[..., keep], b[..., keep]
        return np.where(swap, b, a), np.where(swap, a, b)

    tau1, tau2 = pair(*taus)
    vis1, vis2 = pair(*vis)
    inv1, inv2 = pair(*inv)
    events: dict[str, np.ndarray] = {}
    for i, (v, m, dm, pt_reco, tau) in enumerate(
        zip(
            (vis1, vis2),
            pair(*vis_mass),
            pair(*modes),
            pair(*reco_pt),
            (tau1, tau2),
            strict=True,
        ),
        start=1,
    ):
        gen_pt = np.hypot(tau[1], tau[2])
        events[f"vis_pt{i}"] = pt_reco
        events[f"vis_eta{i}"] = np.arcsinh(v[3] / np.hypot(v[1], v[2]))
        events[f"vis_phi{i}"] = np.arctan2(v[2], v[1])
        events[f"vis_mass{i}"] = m
        events[f"decay_mode{i}"] = dm.astype(np.int32)
        events[f"gen_pt{i}"] = gen_pt
        events[f"gen_eta{i}"] = np.arcsinh(tau[3] / gen_pt)
        events[f"gen_phi{i}"] = np.arctan2(tau[2], tau[1])
    n_out = len(events["vis_pt1"])
    cov = np.full(n_out, met_sigma**2)
    events["met_x"] = met[0, keep]
    events["met_y"] = met[1, keep]
    events["met_cov_xx"] = cov
    events["met_cov_xy"] = np.zeros(n_out)
    events["met_cov_yy"] = cov.copy()
    # The tau pair's invariant mass is the boson's by construction; taking the
    # drawn value avoids the rounding of m^2 = E^2 - p^2 for boosted pairs.
    events["gen_mass"] = mass[keep]
    events["channel"] = channel[keep]
    events["process"] = np.full(n_out, PROCESSES.index(process), dtype=np.int32)
    truth = {
        "boson": boson[:, keep],
        "tau1": tau1,
        "tau2": tau2,
        "vis1": vis1,
        "vis2": vis2,
        "inv1": inv1,
        "inv2": inv2,
    }
    return events, truth


def _check_number(value: object, name: str, *, positive: bool) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | np.floating):
        raise TypeError(f"{name} must be a number, got {value!r}")
    if not np.isfinite(value) or value < 0 or (positive and value == 0):
        need = "positive" if positive else "zero or positive"
        raise ValueError(f"{name} must be finite and {need}, got {value!r}")
    return float(value)


def generate(
    process: str,
    n_events: int,
    seed: SeedLike = 0,
    *,
    pt_shape: float = 1.2,
    pt_scale: float = 20.0,
    had_pt_resolution: float = 0.05,
    met_sigma: float = 10.0,
    flat_mass_range: tuple[float, float] = FLAT_MASS_RANGE,
    select: bool = True,
    return_truth: bool = False,
) -> dict[str, np.ndarray] | tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """Simulate ``n_events`` X -> tau tau events that pass the selection.

    Parameters
    ----------
    process
        ``"Z"``, ``"H"`` or ``"flat"`` (mass uniform on ``flat_mass_range``).
    n_events
        Number of events returned.  With ``select=True`` (the default) these
        all pass the selection, so more are simulated and the rest dropped.
    seed
        An ``int`` or a :class:`numpy.random.Generator`; the only source of
        randomness.
    pt_shape, pt_scale
        Shape and scale (GeV) of the Gamma distribution of the boson pT; an
        assumption of this toy, not a measured spectrum.
    had_pt_resolution
        Relative Gaussian resolution on the pT of hadronic tau decays.  ``0``
        switches the smearing off.
    met_sigma
        Gaussian noise (GeV) added to each of MET x and y.  ``0`` gives the
        exact neutrino sum (and a zero covariance).
    flat_mass_range
        ``(low, high)`` mass range of the ``"flat"`` process, in GeV.
    select
        Apply the channel selection (and drop ee and mu mu).  ``False`` keeps
        every simulated event: useful to check branching fractions.
    return_truth
        Also return the generator four-momenta ``(E, px, py, pz)``, arrays of
        shape ``(n_events, 4)`` under the keys ``"boson"``, ``"tau1"``,
        ``"tau2"``, ``"vis1"``, ``"vis2"`` (before smearing), ``"inv1"`` and
        ``"inv2"`` (the neutrinos of each tau), ordered like the columns.

    Returns
    -------
    dict of numpy.ndarray
        One flat array per name in :data:`COLUMNS`; ``(events, truth)`` with
        ``return_truth=True``.  pT, mass and MET in GeV, angles in radians.

    Examples
    --------
    >>> events = generate("H", 1000, seed=1)
    >>> len(events["gen_mass"]), float(events["gen_mass"][0])
    (1000, 125.1)
    >>> sorted(set(code_names("channel", events["channel"]).tolist()))
    ['e_mu', 'e_tauh', 'mu_tauh', 'tauh_tauh']
    """
    if process not in PROCESSES:
        raise ValueError(f"process must be one of {PROCESSES}, got {process!r}")
    if isinstance(n_events, bool) or not isinstance(n_events, int | np.integer):
        raise TypeError(f"n_events must be an int, got {n_events!r}")
    if not 0 <= n_events <= MAX_EVENTS:
        raise ValueError(
            f"n_events must be between 0 and {MAX_EVENTS:_}, got {n_events}; "
            "generate larger samples in pieces with different seeds"
        )
    for name, flag in (("select", select), ("return_truth", return_truth)):
        if not isinstance(flag, bool | np.bool_):
            raise TypeError(f"{name} must be True or False, got {flag!r}")
    pt_shape = _check_number(pt_shape, "pt_shape", positive=True)
    pt_scale = _check_number(pt_scale, "pt_scale", positive=True)
    if pt_scale > MAX_PT_SCALE:
        raise ValueError(
            f"pt_scale must be at most {MAX_PT_SCALE:g} GeV (beyond any collider's "
            f"energy), got {pt_scale!r}"
        )
    had_pt_resolution = _check_number(
        had_pt_resolution, "had_pt_resolution", positive=False
    )
    met_sigma = _check_number(met_sigma, "met_sigma", positive=False)
    try:
        lo, hi = (
            _check_number(v, "flat_mass_range", positive=True) for v in flat_mass_range
        )
    except (TypeError, ValueError):
        raise ValueError(
            f"flat_mass_range must be (low, high), two finite numbers in GeV, "
            f"got {flat_mass_range!r}"
        ) from None
    if not 2 * M_TAU < lo < hi:
        raise ValueError(
            f"flat_mass_range must be (low, high) with 2 m_tau < low < high, "
            f"got {flat_mass_range!r}"
        )
    rng = _rng(seed)
    args = (process, pt_shape, pt_scale, had_pt_resolution, met_sigma, (lo, hi))

    # Simulate in batches until enough events pass; each batch is sized from
    # the efficiency seen so far, and kept small enough to stay in cache.
    parts: list[tuple[dict[str, np.ndarray], dict[str, np.ndarray]]] = []
    n_have, n_tried = 0, 0
    while n_have < n_events or not parts:
        if not select:
            batch = int(n_events)
        else:
            eff = max(n_have / n_tried, 1e-3) if n_tried else 0.1
            batch = int(min(max(1.1 * (n_events - n_have) / eff, 1000), 200_000))
        events, truth = _simulate(rng, batch, *args, select)
        parts.append((events, truth))
        n_have += len(events["gen_mass"])
        n_tried += batch
        if select and n_have < n_events and n_tried >= _GIVE_UP * max(n_have, 1):
            raise ValueError(
                f"only {n_have} of {n_tried:_} simulated events passed the "
                f"selection (pt_shape={pt_shape}, pt_scale={pt_scale}, "
                f"had_pt_resolution={had_pt_resolution}); with these settings "
                f"{n_events} events are out of reach: use the defaults or "
                "select=False"
            )
    events = {k: np.concatenate([p[0][k] for p in parts])[:n_events] for k in COLUMNS}
    if not return_truth:
        return events
    truth = {
        k: np.ascontiguousarray(np.concatenate([p[1][k] for p in parts], axis=1).T)[
            :n_events
        ]
        for k in parts[0][1]
    }
    return events, truth


def code_names(column: str, codes: np.ndarray | int) -> np.ndarray:
    """Names of the integer codes of ``column``: decay_mode, channel or process.

    Examples
    --------
    >>> code_names("decay_mode", np.array([0, 4])).tolist()
    ['e', 'a1']
    """
    if not isinstance(column, str):
        raise TypeError(f"column must be a column name (str), got {column!r}")
    key = column.rstrip("12") if column.startswith("decay_mode") else column
    if key not in _CODE_TABLES:
        raise KeyError(
            f"column {column!r} holds no codes; use one of "
            f"{sorted(_CODE_TABLES)} (or decay_mode1, decay_mode2)"
        )
    table = _CODE_TABLES[key]
    codes = np.asarray(codes)
    if codes.dtype.kind not in "iu":
        raise TypeError(
            f"codes of {column!r} must be integers, got dtype {codes.dtype}"
        )
    bad = codes[(codes < 0) | (codes >= len(table))]
    if bad.size:
        raise ValueError(
            f"codes of {column!r} run from 0 to {len(table) - 1}, got "
            f"{sorted(set(bad.tolist()))[:5]}"
        )
    return np.asarray(table)[codes]


def visible_fraction_density(
    z: np.ndarray, decay_mode: np.ndarray | int, vis_mass: np.ndarray | float = 0.0
) -> np.ndarray:
    """Density of the visible energy fraction z of a boosted tau.

    Leptonic decays (``decay_mode`` 0 and 1): ``(1/3)(1 - z)(5 + 5z - 4z^2)``
    on [0, 1].  Two-body hadronic decays: flat on ``[m_h^2 / m_tau^2, 1]``
    where ``m_h`` is ``vis_mass``.  Zero outside those ranges.

    Examples
    --------
    >>> float(visible_fraction_density(0.0, 0))
    1.6666666666666667
    >>> float(visible_fraction_density(0.5, 2, vis_mass=M_TAU / 2))
    1.3333333333333333
    """
    decay_mode = np.asarray(decay_mode)
    if decay_mode.dtype.kind not in "iu":
        raise TypeError(
            f"decay_mode must hold integer codes, got dtype {decay_mode.dtype}"
        )
    if ((decay_mode < 0) | (decay_mode >= len(DECAY_MODES))).any():
        raise ValueError(
            f"decay_mode codes run from 0 to {len(DECAY_MODES) - 1} "
            f"{DECAY_MODES}, got values outside"
        )
    vis_mass = np.asarray(vis_mass, dtype=float)
    if ((vis_mass < 0) | ~(vis_mass < M_TAU)).any():
        raise ValueError(f"vis_mass must be in [0, m_tau = {M_TAU}) GeV")
    try:
        z, decay_mode, vis_mass = np.broadcast_arrays(
            np.asarray(z, dtype=float), decay_mode, vis_mass
        )
    except ValueError:
        raise ValueError(
            "z, decay_mode and vis_mass must have the same length (or be scalars)"
        ) from None
    leptonic = (1.0 - z) * (5.0 + 5.0 * z - 4.0 * z**2) / 3.0
    z_min = vis_mass**2 / M_TAU**2
    with np.errstate(divide="ignore"):
        hadronic = np.where(z >= z_min, 1.0 / (1.0 - z_min), 0.0)
    density = np.where(decay_mode <= 1, leptonic, hadronic)
    return np.where((z >= 0.0) & (z <= 1.0), density, 0.0)


# ---------------------------------------------------------------------------
# ROOT files.


def write_root(
    path: str | os.PathLike, events: Mapping[str, np.ndarray], tree: str = "events"
) -> None:
    """Write ``events`` (equal-length 1-D numeric arrays) as one TTree with uproot.

    Any columns may be written (predictions, weights...), not only
    :data:`COLUMNS`.  An existing file at ``path`` is replaced, but only once
    the new one is complete: every argument is checked first, and the file is
    written under a temporary name in the same folder and then renamed, so a
    failed write leaves the old file as it was.  ``~`` is expanded and a
    missing folder is created.
    """
    import uproot

    if not isinstance(events, Mapping) or not events:
        raise TypeError(
            "events must be a non-empty dict of column name -> 1-D array, such "
            f"as the output of generate(); got {type(events).__name__}"
        )
    if not isinstance(tree, str) or not tree:
        raise TypeError(f"tree must be a non-empty str, got {tree!r}")
    path = _user_path(path, "path")
    if os.path.isdir(path):
        raise IsADirectoryError(f"path {path!r} is a folder; give a file name")
    folder = os.path.dirname(path) or "."
    existing = folder
    while not os.path.exists(existing):
        existing = os.path.dirname(existing) or "."
    if not os.path.isdir(existing):
        raise NotADirectoryError(
            f"cannot create a folder for {path!r}: {existing!r} is a file"
        )
    bad_keys = [key for key in events if not isinstance(key, str) or not key]
    if bad_keys:
        raise TypeError(f"column names must be non-empty str, got {bad_keys!r}")
    arrays = {name: np.asarray(values) for name, values in events.items()}
    lengths = {name: a.shape for name, a in arrays.items()}
    n = len(np.atleast_1d(next(iter(arrays.values()))))
    bad = {
        name: shape
        for name, shape in lengths.items()
        if len(shape) != 1 or shape[0] != n
    }
    if bad:
        raise ValueError(
            f"every column must be a 1-D array of the same length ({n}); "
            f"these are not: {bad}"
        )
    non_numeric = [name for name, a in arrays.items() if a.dtype.kind not in "biuf"]
    if non_numeric:
        raise TypeError(
            f"columns {non_numeric} are not numeric; store names as integer "
            "codes (see CHANNELS, PROCESSES, DECAY_MODES)"
        )
    unwritable = {
        name: str(a.dtype)
        for name, a in arrays.items()
        if a.dtype.newbyteorder("=") not in _WRITABLE_DTYPES
    }
    if unwritable:
        raise TypeError(
            f"columns {unwritable} have types a ROOT file cannot hold; convert "
            "them, e.g. a.astype(np.float32)"
        )
    # Write a temporary file next to the target and move it into place only
    # when complete: a failed write leaves an existing file as it was.
    os.makedirs(folder, exist_ok=True)
    fd, tmp = tempfile.mkstemp(suffix=".root.tmp", dir=folder)
    os.close(fd)
    try:
        # mktree, not f[tree] = arrays: uproot 5.7 writes a dict as an RNTuple.
        with uproot.recreate(tmp) as f:
            f.mktree(tree, {name: a.dtype for name, a in arrays.items()})
            f[tree].extend(arrays)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def _user_path(path: object, name: str) -> str:
    """``path`` as a str, with ``~`` expanded; a TypeError for anything else."""
    if not isinstance(path, str | os.PathLike):
        raise TypeError(f"{name} must be a str or os.PathLike, got {path!r}")
    path = os.fspath(path)
    if not isinstance(path, str) or not path:
        raise TypeError(f"{name} must be a non-empty str path, got {path!r}")
    return os.path.expanduser(path)


def read_root(
    path: str | os.PathLike, tree: str = "events", columns: Sequence[str] | None = None
) -> dict[str, np.ndarray]:
    """Read columns of one TTree back into a dict of numpy arrays with uproot.

    Parameters
    ----------
    path
        The ROOT file, for example one written by :func:`write_root`.
    tree
        Name of the TTree (an RNTuple is read as well) inside the file.
    columns
        Branches to read; ``None`` reads :data:`COLUMNS`, the event layout of
        :func:`generate`.  Pass your own list to read a file laid out
        differently; a single name (a str) reads that one branch.

    Raises
    ------
    FileNotFoundError
        No file at ``path``.
    KeyError
        The file has no tree ``tree``, or the tree lacks some of ``columns``;
        the message lists what is there.
    ValueError
        The file is not a readable ROOT file ("corrupt or truncated ROOT
        file: PATH").
    """
    import uproot

    path = _user_path(path, "path")
    if not isinstance(tree, str):
        raise TypeError(f"tree must be a str, got {tree!r}")
    if not os.path.isfile(path):
        raise FileNotFoundError(
            f"no ROOT file at {path!r} (working directory "
            f"{os.getcwd()!r}); write one with write_root(path, events) or fix the path"
        )
    if isinstance(columns, str):
        columns = [columns]
    columns = list(COLUMNS if columns is None else columns)
    if not columns or not all(isinstance(c, str) for c in columns):
        raise TypeError(
            f"columns must be None, a str or a list of str, got {columns!r}"
        )
    try:
        with uproot.open(path) as f:
            trees = [
                name
                for name, cls in f.classnames(cycle=False).items()
                if cls.startswith("TTree") or cls == "ROOT::RNTuple"
            ]
            if tree not in trees:
                raise KeyError(
                    f"{path!r} has no tree {tree!r}; its trees are {trees}. "
                    "Pass tree=<one of them>"
                )
            branches = set(f[tree].keys())
            missing = [c for c in columns if c not in branches]
            if missing:
                raise KeyError(
                    f"tree {tree!r} in {path!r} lacks the branches {missing}; "
                    f"it has {sorted(branches)}. Pass columns=[...] to read a subset"
                )
            return f[tree].arrays(columns, library="np")
    except KeyError:
        raise
    except Exception as err:
        raise ValueError(
            f"corrupt or truncated ROOT file: {path} ({type(err).__name__}: "
            f"{str(err).splitlines()[0] if str(err) else ''})"
        ) from err
