"""Di-tau mass estimators and the numbers that compare them.

Four ways to estimate the tau-pair mass from what a detector sees (the events
of :func:`nnreg.ditau.generate`), from the simplest to the learned one:

1. :func:`visible_mass` -- the mass of the two visible decay products; it
   ignores the neutrinos and so sits well below the true mass.
2. :func:`collinear_mass` -- assumes each tau's neutrinos fly along its visible
   products and solves for their momenta from the MET.  It fails (no
   physical solution) for a sizeable fraction of events, which it reports.
3. :func:`likelihood_mass` -- in the spirit of FastMTT (Kalinowski and
   Matyszkiewicz, arXiv:2509.26069): scan the visible energy fractions
   (x1, x2), weight each point by how well it explains the MET and by how
   likely each x is for that tau's decay type, and keep the most likely mass.
4. :func:`train_mass_network` -- a multilayer perceptron trained on the
   ``"flat"`` sample, with :func:`nn_features` as inputs and either the mass or
   the ratio ``m_tautau / m_vis`` as target.

The comparison: :func:`mass_summary` (median, robust sigma/M, RMS/M),
:func:`roc_auc` and :func:`window_purity` for the Z/H separation,
:func:`fair_resolution` and :func:`mass_scores` for all of them at once, and
:func:`time_per_1000` for the cost.  Its uncertainties: :func:`bootstrap`
and :func:`bootstrap_scores` resample the test events, :func:`judge` and
:func:`compare` call a difference a gain, a loss or a tie against that noise
and the spread over training seeds.  :func:`train_mass_networks` trains
several networks at once, in worker processes.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import torch

from nnreg.ditau import (
    DECAY_MODES,
    M_H,
    M_TAU,
    M_Z,
    four_vector,
    generate,
    invariant_mass,
)
from nnreg.models import mlp
from nnreg.training import History, fit

__all__ = [
    "DERIVED_FEATURES",
    "FEATURE_UNITS",
    "INPUTS",
    "LOSSES",
    "NN_FEATURES",
    "PRIORS",
    "SCHEDULES",
    "TARGETS",
    "OUTCOMES",
    "MassNetwork",
    "Standardizer",
    "VERDICTS",
    "bootstrap",
    "bootstrap_scores",
    "classifier_auc",
    "compare",
    "effective_sample_size",
    "selected_mass_sample",
    "collinear_fractions",
    "collinear_mass",
    "fair_resolution",
    "flat_mass_weights",
    "likelihood_mass",
    "judge",
    "mass_scores",
    "mass_summary",
    "nn_features",
    "nn_target",
    "roc_auc",
    "time_per_1000",
    "train_mass_network",
    "train_mass_networks",
    "visible_mass",
    "window_purity",
]

Events = Mapping[str, np.ndarray]

_VISIBLE = tuple(
    f"vis_{name}{i}" for i in (1, 2) for name in ("pt", "eta", "phi", "mass")
)
_MET = ("met_x", "met_y")
_MET_COV = ("met_cov_xx", "met_cov_xy", "met_cov_yy")
_DECAY = ("decay_mode1", "decay_mode2")

#: Names of the columns of :func:`nn_features`, in order.
NN_FEATURES = (
    ("vis_pt1", "vis_eta1", "vis_mass1", "vis_pt2", "vis_eta2", "vis_dphi2")
    + ("vis_mass2", "met_x_rot", "met_y_rot")
    + tuple(f"dm{i}_{mode}" for i in (1, 2) for mode in DECAY_MODES)
)
#: Names of the extra columns of ``nn_features(events, derived=True)``.
DERIVED_FEATURES = (
    "log_m_vis",
    "log_pt1",
    "log_pt2",
    "log_pt_pair",
    "log_met",
    "asinh_a1",
    "asinh_a2",
    "log_m_col_ratio",
    "collinear_ok",
)
#: Unit of every input column of :func:`nn_features`, by name.
FEATURE_UNITS = {
    **{f"vis_pt{i}": "GeV" for i in (1, 2)},
    **{f"vis_mass{i}": "GeV" for i in (1, 2)},
    "met_x_rot": "GeV",
    "met_y_rot": "GeV",
    "vis_eta1": "1",
    "vis_eta2": "1",
    "vis_dphi2": "rad",
    **{f"dm{i}_{mode}": "0/1" for i in (1, 2) for mode in DECAY_MODES},
    **{name: "log GeV" for name in DERIVED_FEATURES[:5]},
    "asinh_a1": "1",
    "asinh_a2": "1",
    "log_m_col_ratio": "1",
    "collinear_ok": "0/1",
}
#: Input sets of :func:`train_mass_network`.
INPUTS = ("basic", "derived")
#: Learning-rate schedules of :func:`train_mass_network`.
SCHEDULES = ("constant", "cosine")
#: Regression targets of :func:`nn_target`.
TARGETS = ("mass", "ratio", "log_ratio")
#: Losses of :func:`train_mass_network`: least squares returns the mean of
#: the true masses of the events that look alike, L1 their median.
LOSSES = ("mse", "l1")
#: Mass priors of :func:`selected_mass_sample`.
PRIORS = ("flat", "inverse")


def _columns(events: Events, names: Sequence[str], caller: str) -> list[np.ndarray]:
    if not isinstance(events, Mapping):
        raise TypeError(
            f"{caller} needs a dict of column arrays such as generate() or "
            f"read_root() returns, got {type(events).__name__}"
        )
    missing = [n for n in names if n not in events]
    if missing:
        raise KeyError(
            f"{caller} needs the columns {missing}, which the events lack; "
            f"they hold {sorted(events)}"
        )
    arrays = [np.asarray(events[n], dtype=float) for n in names]
    if len({a.shape for a in arrays}) != 1 or arrays[0].ndim != 1:
        shapes = {n: a.shape for n, a in zip(names, arrays, strict=True)}
        raise ValueError(f"{caller} needs 1-D columns of one length, got {shapes}")
    return arrays


def _visible_p4(events: Events, caller: str) -> tuple[np.ndarray, np.ndarray]:
    pt1, eta1, phi1, m1, pt2, eta2, phi2, m2 = _columns(events, _VISIBLE, caller)
    return four_vector(pt1, eta1, phi1, m1), four_vector(pt2, eta2, phi2, m2)


# ---------------------------------------------------------------------------
# Classical estimators.


def visible_mass(events: Events) -> np.ndarray:
    """Invariant mass of the two visible tau decay products, in GeV.

    Examples
    --------
    >>> from nnreg.ditau import generate
    >>> m = visible_mass(generate("H", 2000, seed=0))
    >>> 60 < float(np.median(m)) < 100
    True
    """
    p1, p2 = _visible_p4(events, "visible_mass")
    return invariant_mass(p1 + p2)


def collinear_fractions(events: Events) -> tuple[np.ndarray, np.ndarray]:
    """Visible energy fractions (x1, x2) of the collinear approximation.

    The neutrinos of tau i are taken to move along its visible products with
    ``a_i`` times their momentum, and ``MET = a1 p1T + a2 p2T`` is solved for
    ``(a1, a2)``; then ``x_i = 1 / (1 + a_i)``.  Back-to-back taus make the
    system singular, which gives infinite or NaN fractions.
    """
    pt1, phi1, pt2, phi2, met_x, met_y = _columns(
        events,
        ("vis_pt1", "vis_phi1", "vis_pt2", "vis_phi2", *_MET),
        "collinear_fractions",
    )
    px1, py1 = pt1 * np.cos(phi1), pt1 * np.sin(phi1)
    px2, py2 = pt2 * np.cos(phi2), pt2 * np.sin(phi2)
    det = px1 * py2 - py1 * px2
    with np.errstate(divide="ignore", invalid="ignore"):
        a1 = (met_x * py2 - met_y * px2) / det
        a2 = (px1 * met_y - py1 * met_x) / det
        return 1.0 / (1.0 + a1), 1.0 / (1.0 + a2)


def collinear_mass(events: Events) -> tuple[np.ndarray, np.ndarray]:
    """Collinear-approximation mass ``m_vis / sqrt(x1 x2)`` and where it exists.

    Returns
    -------
    mass : numpy.ndarray
        In GeV; NaN where there is no physical solution.
    physical : numpy.ndarray of bool
        True where both fractions lie in (0, 1].  ``1 - physical.mean()`` is
        the failure fraction; report it rather than hiding it.

    Examples
    --------
    >>> from nnreg.ditau import generate
    >>> mass, ok = collinear_mass(generate("H", 2000, seed=0))
    >>> bool(0.0 < 1 - ok.mean() < 0.5)  # a real fraction of events fails
    True
    """
    x1, x2 = collinear_fractions(events)
    physical = (x1 > 0) & (x1 <= 1) & (x2 > 0) & (x2 <= 1)
    with np.errstate(invalid="ignore"):
        mass = visible_mass(events) / np.sqrt(x1 * x2)
    return np.where(physical, mass, np.nan), physical


def _fraction_density(x: np.ndarray, leptonic: np.ndarray) -> np.ndarray:
    """Visible-fraction density up to a per-event constant factor.

    Leptonic: ``(1 - x)(5 + 5x - 4x^2)``.  Hadronic: flat, the constant
    ``1 / (1 - m_h^2 / m_tau^2)`` dropped, since the scan never leaves the
    allowed range and a constant factor does not move the maximum.
    """
    return np.where(leptonic, (1.0 - x) * (5.0 + 5.0 * x - 4.0 * x * x), 1.0)


def likelihood_mass(
    events: Events,
    *,
    n_mass: int = 24,
    n_x: int = 12,
    n_refine: int = 2,
    x_min: float = 0.02,
    chunk_size: int = 512,
) -> np.ndarray:
    """Mass at the maximum of a FastMTT-style likelihood, in GeV.

    The unknowns are the visible energy fractions ``x1, x2``: tau i is taken
    to carry ``p_vis,i / x_i`` (its neutrinos fly along the visible products,
    as in the collinear approximation), so the mass is ``m_vis / sqrt(x1 x2)``.
    Each point ``(x1, x2)`` is weighted by

    * the MET term ``exp(-d^T V^-1 d / 2)``, where ``d`` is the measured MET
      minus the neutrinos' transverse momentum and ``V`` is the event's
      stored MET covariance;
    * each tau's visible-fraction density for its decay type (see
      :func:`nnreg.ditau.visible_fraction_density`): ``x`` runs over
      ``[m_vis^2 / m_tau^2, 1]`` for a hadronic tau, ``[x_min, 1]`` for a
      leptonic one.

    This likelihood is integrated along each curve of constant mass, which
    gives the likelihood of the mass itself, ``L(m)``; the estimate is its
    maximum.  Maximising over ``(x1, x2)`` instead would overshoot the true
    mass by 20-30 %: when the taus are nearly back to back the MET fixes only
    the difference of the two neutrino momenta, and the point maximum drifts
    along the unconstrained direction toward small ``x`` and large masses.
    Integrating weighs how much of that direction each mass covers.

    The scan is vectorised: ``n_mass`` masses, log-spaced over the allowed
    range, each integrated with ``n_x`` midpoints in ``x1``; then the mass
    grid is refined ``n_refine`` times around the best mass (to plus or minus
    one step).  Events go ``chunk_size`` at a time, which bounds the memory
    and keeps the arrays in cache.

    Examples
    --------
    >>> from nnreg.ditau import generate
    >>> m = likelihood_mass(generate("H", 2000, seed=0))
    >>> 115 < float(np.median(m)) < 135
    True
    """
    for name, value, low in (
        ("n_mass", n_mass, 3),
        ("n_x", n_x, 1),
        ("n_refine", n_refine, 0),
        ("chunk_size", chunk_size, 1),
    ):
        if isinstance(value, bool) or not isinstance(value, int) or value < low:
            raise ValueError(f"{name} must be an int >= {low}, got {value!r}")
    if not (isinstance(x_min, (int, float)) and 0.0 < x_min < 1.0):
        raise ValueError(f"x_min must be a number in (0, 1), got {x_min!r}")
    pt1, phi1, m1, pt2, phi2, m2, met_x, met_y, cxx, cxy, cyy, dm1, dm2 = _columns(
        events,
        ("vis_pt1", "vis_phi1", "vis_mass1", "vis_pt2", "vis_phi2", "vis_mass2")
        + _MET
        + _MET_COV
        + _DECAY,
        "likelihood_mass",
    )
    inputs = np.stack(
        [pt1, phi1, m1, pt2, phi2, m2, met_x, met_y, cxx, cxy, cyy, dm1, dm2]
    )
    finite = np.isfinite(inputs).all(axis=0)
    if not finite.all():
        # An event with a NaN or infinite input has no likelihood: NaN, as
        # collinear_mass gives where it has no solution.
        mass = np.full(len(finite), np.nan)
        if finite.any():
            names = set(_VISIBLE + _MET + _MET_COV + _DECAY)
            mass[finite] = likelihood_mass(
                {k: np.asarray(events[k])[finite] for k in names},
                n_mass=n_mass,
                n_x=n_x,
                n_refine=n_refine,
                x_min=x_min,
                chunk_size=chunk_size,
            )
        return mass
    det = cxx * cyy - cxy**2
    bad = ~((cxx > 0) & (det > 0))
    if bad.any():
        raise ValueError(
            f"{int(bad.sum())} event(s) have a MET covariance that is not positive "
            "definite (met_sigma=0 in generate() does that); the likelihood needs "
            "a finite MET resolution"
        )
    m_vis = visible_mass(events)

    # The MET term is a quadratic form in a_i = 1/x_i - 1, the neutrinos'
    # momentum in units of the visible one: log L_MET = a1 (q11 a1 + q12 a2 +
    # q1) + a2 (q22 a2 + q2) + const.  Precompute the coefficients per event.
    inv_xx, inv_xy, inv_yy = cyy / det, -cxy / det, cxx / det

    def dot(ax, ay, bx, by):  # a^T V^-1 b
        return ax * (inv_xx * bx + inv_xy * by) + ay * (inv_xy * bx + inv_yy * by)

    p1 = (pt1 * np.cos(phi1), pt1 * np.sin(phi1))
    p2 = (pt2 * np.cos(phi2), pt2 * np.sin(phi2))
    met = (met_x, met_y)
    coefficients = np.stack(
        [
            -0.5 * dot(*p1, *p1),
            -dot(*p1, *p2),
            dot(*p1, *met),
            -0.5 * dot(*p2, *p2),
            dot(*p2, *met),
        ]
    )
    leptonic = np.stack([dm1 <= 1, dm2 <= 1])
    x_low = np.stack(
        [
            np.where(leptonic[0], x_min, np.maximum(m1**2 / M_TAU**2, x_min)),
            np.where(leptonic[1], x_min, np.maximum(m2**2 / M_TAU**2, x_min)),
        ]
    )

    # u = log(m / m_vis) = -log(x1 x2) / 2 runs from 0 to -log(x1_low x2_low) / 2.
    best_u = np.empty(len(m_vis))
    t = np.linspace(0.0, 1.0, n_mass)
    midpoints = ((np.arange(n_x) + 0.5) / n_x).astype(np.float32)
    for start in range(0, len(m_vis), chunk_size):
        s = slice(start, start + chunk_size)
        n = len(m_vis[s])
        # float32 halves the memory traffic; the likelihood needs no more.
        q11, q12, q1, q22, q2 = coefficients[:, s, None, None].astype(np.float32)
        low1, low2 = x_low[:, s, None, None].astype(np.float32)
        lep1, lep2 = leptonic[:, s, None, None]
        u_low = np.zeros(n)
        u_high = -0.5 * np.log(x_low[0, s] * x_low[1, s])
        for _ in range(n_refine + 1):
            u = (u_low[:, None] + (u_high - u_low)[:, None] * t).astype(np.float32)
            r2 = np.exp(2.0 * u)[:, :, None]  # 1 / (x1 x2)
            # On the curve x1 x2 = 1 / r2, x1 spans [lo, hi] so that x2 stays allowed.
            lo = np.maximum(low1, 1.0 / r2)
            width = np.maximum(np.minimum(1.0, 1.0 / (r2 * low2)) - lo, 0.0)
            x1 = lo + width * midpoints
            inv_x1 = 1.0 / x1
            x2 = inv_x1 / r2
            a1, a2 = inv_x1 - 1.0, r2 * x1 - 1.0
            log_met = a1 * (q11 * a1 + q12 * a2 + q1) + a2 * (q22 * a2 + q2)
            log_met -= log_met.max(axis=(1, 2), keepdims=True)
            # dx2/du = -2 x2 at fixed x1 gives the Jacobian x2 (the 2 is a
            # constant); dividing by m = m_vis e^u turns the density in u
            # into one in m, whose maximum is the estimate.
            integrand = (
                np.exp(log_met)
                * _fraction_density(x1, lep1)
                * _fraction_density(x2, lep2)
                * x2
            )
            like_m = integrand.sum(axis=2) * width[:, :, 0] * np.exp(-u)
            best = u[np.arange(n), np.argmax(like_m, axis=1)].astype(float)
            step = (u_high - u_low) / (n_mass - 1)
            u_low, u_high = np.maximum(best - step, 0.0), best + step
        best_u[s] = best
    return m_vis * np.exp(best_u)


# ---------------------------------------------------------------------------
# The neural network.


def nn_features(events: Events, derived: bool = False) -> np.ndarray:
    """Network inputs, one row per event, columns named by :data:`NN_FEATURES`.

    Both visible four-vectors (pt, eta, phi, mass), the decay modes one-hot,
    and MET x, y -- after rotating each event about the beam axis so that tau
    1 has phi = 0.  The physics does not depend on that angle, so the
    network need not learn the symmetry; tau 1's phi (always 0) is dropped.
    The features are not standardised: see :class:`Standardizer`.

    With ``derived=True`` the columns of :data:`DERIVED_FEATURES` follow:
    quantities a network could in principle build from the others but would
    need many units and events to do so -- logarithms of the visible mass,
    of the two visible pT, of the visible pair's pT and of the MET; the two
    collinear neutrino-to-visible momentum ratios ``a1, a2`` (see
    :func:`collinear_fractions`, through ``asinh`` and clipped to +-50 so
    that nearly back-to-back taus give no huge values); and
    ``log(m_col / m_vis)`` where the collinear solution is physical (0
    elsewhere), with a 0/1 column that says where.  All GeV-valued inputs
    enter as logarithms of GeV.
    """
    if not isinstance(derived, bool):
        raise TypeError(f"derived must be True or False, got {derived!r}")
    pt1, eta1, phi1, m1, pt2, eta2, phi2, m2, met_x, met_y, dm1, dm2 = _columns(
        events, _VISIBLE + _MET + _DECAY, "nn_features"
    )
    dphi2 = np.remainder(phi2 - phi1 + np.pi, 2 * np.pi) - np.pi
    cos, sin = np.cos(phi1), np.sin(phi1)
    met_x_rot = cos * met_x + sin * met_y
    met_y_rot = -sin * met_x + cos * met_y
    modes = np.arange(len(DECAY_MODES))
    one_hot = [(dm[:, None] == modes).astype(float) for dm in (dm1, dm2)]
    columns = [pt1, eta1, m1, pt2, eta2, dphi2, m2, met_x_rot, met_y_rot, *one_hot]
    if derived:
        columns += _derived_columns(events, pt1, pt2, dphi2, met_x, met_y)
    return np.column_stack(columns).astype(np.float32)


def _derived_columns(events, pt1, pt2, dphi2, met_x, met_y) -> list[np.ndarray]:
    m_vis = visible_mass(events)
    if not (np.all(m_vis > 0) and np.all(pt1 > 0) and np.all(pt2 > 0)):
        raise ValueError(
            "nn_features(derived=True) takes logarithms and needs positive "
            "visible pT and visible mass in every event"
        )
    pair_pt = np.hypot(pt1 + pt2 * np.cos(dphi2), pt2 * np.sin(dphi2))
    met = np.hypot(met_x, met_y)
    x1, x2 = collinear_fractions(events)
    with np.errstate(divide="ignore", invalid="ignore"):
        a1, a2 = (np.nan_to_num(1.0 / x - 1.0, nan=0.0) for x in (x1, x2))
    ok = (x1 > 0) & (x1 <= 1) & (x2 > 0) & (x2 <= 1)
    with np.errstate(divide="ignore", invalid="ignore"):
        log_col = np.where(ok, -0.5 * np.log(np.where(ok, x1 * x2, 1.0)), 0.0)
    return [
        np.log(m_vis),
        np.log(pt1),
        np.log(pt2),
        np.log(np.maximum(pair_pt, 1e-3)),
        np.log(np.maximum(met, 1e-3)),
        np.arcsinh(np.clip(a1, -50.0, 50.0)),
        np.arcsinh(np.clip(a2, -50.0, 50.0)),
        log_col,
        ok.astype(float),
    ]


def _checked_2d(x: np.ndarray, name: str) -> np.ndarray:
    x = np.asarray(x, dtype=float)
    if x.ndim == 1:
        x = x[:, None]
    if x.ndim != 2:
        raise ValueError(f"{name} must be 1-D or 2-D (rows, columns), got {x.shape}")
    return x


@dataclass
class Standardizer:
    """Shift and scale each column to mean 0 and standard deviation 1.

    Fit it on the training set only (:meth:`fit`), then apply the same
    transformation to every other set, so no test information leaks into
    training.  A constant column keeps scale 1 instead of dividing by zero.

    Examples
    --------
    >>> s = Standardizer.fit(np.array([[1.0, 5.0], [3.0, 5.0]]))
    >>> s.transform(np.array([[2.0, 5.0]])).tolist()
    [[0.0, 0.0]]
    """

    mean: np.ndarray
    std: np.ndarray

    @classmethod
    def fit(cls, x: np.ndarray) -> Standardizer:
        """Column means and standard deviations of ``x`` (N, n_features)."""
        x = _checked_2d(x, "Standardizer.fit: x")
        if len(x) == 0:
            raise ValueError("Standardizer.fit: x has no rows; fit needs data")
        bad = ~np.isfinite(x).all(axis=1)
        if bad.any():
            raise ValueError(
                f"Standardizer.fit: x has {int(bad.sum())} row(s) with NaN or "
                f"infinite values, the first at row {int(np.argmax(bad))}"
            )
        std = x.std(axis=0)
        return cls(mean=x.mean(axis=0), std=np.where(std > 0, std, 1.0))

    def _check(self, x: np.ndarray, method: str) -> np.ndarray:
        x = _checked_2d(x, f"Standardizer.{method}: x")
        if x.shape[1] != len(self.mean):
            raise ValueError(
                f"Standardizer.{method}: x has {x.shape[1]} column(s), but the "
                f"scaler was fitted on {len(self.mean)}"
            )
        return x

    def transform(self, x: np.ndarray) -> np.ndarray:
        """``(x - mean) / std``, as float32."""
        return ((self._check(x, "transform") - self.mean) / self.std).astype(np.float32)

    def inverse_transform(self, x: np.ndarray) -> np.ndarray:
        """``x * std + mean``, as float64."""
        return self._check(x, "inverse_transform") * self.std + self.mean


def nn_target(events: Events, target: str = "ratio") -> np.ndarray:
    """Regression target from the true mass ``gen_mass`` and ``m_vis``.

    ``"mass"`` is the true mass itself; ``"ratio"`` is ``m_tautau / m_vis``
    and ``"log_ratio"`` its logarithm.  The ratio is dimensionless and of
    order 1-3 for every mass, so the network learns a correction to the
    visible mass instead of the mass scale itself (the same idea as
    regressing pT_gen / pT_reco).  The logarithm makes a factor too high and
    the same factor too low equally wrong.

    Raises ``ValueError`` naming the first event whose target is not a
    finite number (a visible mass of 0, say).
    """
    if target not in TARGETS:
        raise ValueError(f"target must be one of {TARGETS}, got {target!r}")
    (gen_mass,) = _columns(events, ("gen_mass",), "nn_target")
    if target == "mass":
        y = gen_mass
    else:
        m_vis = visible_mass(events)
        with np.errstate(divide="ignore", invalid="ignore"):
            y = gen_mass / m_vis if target == "ratio" else np.log(gen_mass / m_vis)
    bad = ~np.isfinite(y)
    if bad.any():
        i = int(np.argmax(bad))
        raise ValueError(
            f"nn_target: {int(bad.sum())} event(s) have no finite {target!r} "
            f"target; event {i} has gen_mass={gen_mass[i]!r} and visible mass "
            f"{visible_mass(events)[i]!r} GeV (both must be positive and finite)"
        )
    return y


def flat_mass_weights(
    gen_mass: np.ndarray,
    bins: int = 20,
    mass_range: tuple[float, float] | None = None,
) -> np.ndarray:
    """Per-event weights that make the weighted ``gen_mass`` histogram flat.

    The selection's efficiency rises steeply with the mass, so a sample drawn
    flat before the selection is far from flat after it; weighting each event
    by 1 / (events in its mass bin) restores a flat prior.  Weights average 1;
    events outside ``mass_range`` (default: the data's range) get 0.  The
    price is statistical: see :func:`effective_sample_size`, and
    :func:`selected_mass_sample` for a sample that needs no weights.

    Examples
    --------
    >>> w = flat_mass_weights(np.array([60.0, 61.0, 62.0, 90.0]), bins=2)
    >>> w.tolist()
    [0.6666666666666666, 0.6666666666666666, 0.6666666666666666, 2.0]
    """
    gen_mass = np.asarray(gen_mass, dtype=float)
    if gen_mass.ndim != 1 or len(gen_mass) == 0:
        raise ValueError(
            f"gen_mass must be a non-empty 1-D array, got {gen_mass.shape}"
        )
    if not np.isfinite(gen_mass).all():
        raise ValueError("gen_mass holds NaN or infinite values")
    if isinstance(bins, bool) or not isinstance(bins, int) or bins < 1:
        raise ValueError(f"bins must be an int >= 1, got {bins!r}")
    if mass_range is None:
        mass_range = (float(gen_mass.min()), float(gen_mass.max()))
    low, high = mass_range
    if not (np.isfinite(low) and np.isfinite(high) and low <= high):
        raise ValueError(f"mass_range must be finite (low, high), got {mass_range!r}")
    counts, edges = np.histogram(gen_mass, bins=bins, range=(low, high))
    index = np.clip(np.searchsorted(edges, gen_mass, side="right") - 1, 0, bins - 1)
    inside = (gen_mass >= edges[0]) & (gen_mass <= edges[-1])
    if not inside.any():
        raise ValueError(f"no gen_mass lies inside mass_range={mass_range!r}")
    weights = np.where(inside, 1.0 / np.maximum(counts[index], 1), 0.0)
    return weights * inside.sum() / weights.sum()


def effective_sample_size(weights: np.ndarray) -> float:
    """Kish's effective number of events, ``(sum w)^2 / sum w^2``.

    A weighted sample of N events is worth this many unweighted ones: N when
    every weight is equal, much less when a few events carry large weights.

    Examples
    --------
    >>> effective_sample_size(np.array([1.0, 1.0, 1.0, 1.0]))
    4.0
    >>> effective_sample_size(np.array([1.0, 1.0, 1.0, 9.0]))
    1.7142857142857142
    """
    w = np.asarray(weights, dtype=float).ravel()
    if len(w) == 0 or not np.isfinite(w).all() or (w < 0).any() or w.sum() <= 0:
        raise ValueError(
            "weights must be a non-empty array of finite, non-negative values "
            "with a positive sum"
        )
    return float(w.sum() ** 2 / (w**2).sum())


def selected_mass_sample(
    n_events: int,
    seed: int = 0,
    *,
    prior: str = "flat",
    mass_range: tuple[float, float] = (50.0, 250.0),
    n_slices: int = 20,
    **generate_kwargs: object,
) -> dict[str, np.ndarray]:
    """Selected events whose true mass follows ``prior`` *after* the selection.

    The range is cut into ``n_slices`` equal mass slices, and each slice gets
    its own :func:`nnreg.ditau.generate` call (``"flat"`` process on that
    slice) with as many *selected* events as the prior gives it: equal
    numbers for ``"flat"``, numbers falling as 1/m for ``"inverse"``.  No
    event needs a weight, so every one counts in full, where weighting a
    sample that was flat before the selection leaves few effective events at
    low mass (:func:`flat_mass_weights`).  The events come back shuffled.

    Other keyword arguments go to :func:`nnreg.ditau.generate`.
    """
    if isinstance(n_events, bool) or not isinstance(n_events, int):
        raise TypeError(f"n_events must be an int, got {n_events!r}")
    if isinstance(n_slices, bool) or not isinstance(n_slices, int) or n_slices < 1:
        raise ValueError(f"n_slices must be an int >= 1, got {n_slices!r}")
    if n_events < n_slices:
        raise ValueError(
            f"n_events must be at least n_slices={n_slices}, got {n_events}"
        )
    if prior not in PRIORS:
        raise ValueError(f"prior must be one of {PRIORS}, got {prior!r}")
    low, high = mass_range
    if not (np.isfinite(low) and np.isfinite(high) and 0 < low < high):
        raise ValueError(
            f"mass_range must be (low, high) with 0 < low < high, got {mass_range!r}"
        )
    if "flat_mass_range" in generate_kwargs or "select" in generate_kwargs:
        raise ValueError("selected_mass_sample sets flat_mass_range and select")
    edges = np.linspace(low, high, n_slices + 1)
    share = np.diff(np.log(edges)) if prior == "inverse" else np.diff(edges)
    counts = np.floor(n_events * share / share.sum()).astype(int)
    counts[np.argsort(-share)[: n_events - counts.sum()]] += 1
    rng = np.random.default_rng(seed)
    parts = [
        generate("flat", int(n), rng, flat_mass_range=(a, b), **generate_kwargs)
        for n, a, b in zip(counts, edges[:-1], edges[1:], strict=True)
        if n > 0
    ]
    order = rng.permutation(n_events)
    return {k: np.concatenate([p[k] for p in parts])[order] for k in parts[0]}


@dataclass
class MassNetwork:
    """A trained mass regression network with everything needed to apply it.

    Attributes
    ----------
    model
        The ``torch.nn.Module``, on the device it was trained on.
    scaler
        The input :class:`Standardizer`, fitted on the training events.
    target_scaler
        Mean and standard deviation of the training target.
    target
        One of :data:`TARGETS`.
    history
        What :func:`nnreg.training.fit` recorded.
    inputs
        One of :data:`INPUTS`: ``"derived"`` adds :data:`DERIVED_FEATURES`.
    """

    model: torch.nn.Module
    scaler: Standardizer
    target_scaler: Standardizer
    target: str
    history: History = field(repr=False)
    inputs: str = "basic"

    def predict(self, events: Events, batch_size: int = 65536) -> np.ndarray:
        """Estimated di-tau mass of each event, in GeV."""
        if isinstance(batch_size, bool) or not isinstance(batch_size, int):
            raise TypeError(f"batch_size must be an int, got {batch_size!r}")
        if batch_size < 1:
            raise ValueError(f"batch_size must be >= 1, got {batch_size}")
        features = nn_features(events, derived=self.inputs == "derived")
        if len(features) == 0:
            raise ValueError("predict: events holds no events; pass at least one")
        x = self.scaler.transform(features)
        device = next(self.model.parameters()).device
        self.model.eval()
        out = []
        with torch.no_grad():
            for start in range(0, len(x), batch_size):
                batch = torch.from_numpy(x[start : start + batch_size]).to(device)
                out.append(self.model(batch).cpu().numpy())
        y = self.target_scaler.inverse_transform(np.concatenate(out))[:, 0]
        if self.target == "mass":
            return y
        m_vis = visible_mass(events)
        return m_vis * (y if self.target == "ratio" else np.exp(y))

    def __repr__(self) -> str:
        widths = [
            m.out_features for m in self.model.modules() if hasattr(m, "out_features")
        ]
        return (
            f"MassNetwork(target={self.target!r}, inputs={self.inputs!r}, "
            f"hidden={widths[:-1]}, "
            f"epochs={self.history.epochs}, final_loss={self.history.final_loss:.4g})"
        )


def _l1_loss(prediction: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    return (prediction - target).abs().mean()


def train_mass_network(
    events: Events,
    *,
    target: str = "ratio",
    loss: str = "mse",
    hidden: Sequence[int] = (64, 64),
    epochs: int = 10,
    batch_size: int = 1024,
    lr: float = 3e-3,
    flat_weights: bool = True,
    val_events: Events | None = None,
    seed: int = 0,
    device: str | torch.device | None = None,
    inputs: str = "basic",
    schedule: str = "constant",
) -> MassNetwork:
    """Train an MLP to estimate the di-tau mass from :func:`nn_features`.

    Parameters
    ----------
    events
        Training events, normally the selected ``"flat"`` sample.
    target
        ``"ratio"`` (m_tautau / m_vis, the default), ``"log_ratio"`` or
        ``"mass"``.
    loss
        ``"mse"`` (the default) estimates the mean true mass of the events
        that look alike under the training prior, ``"l1"`` their median,
        which a long tail of heavy masses pulls less.
    hidden
        Widths of the hidden layers (ReLU after each).
    epochs, batch_size, lr
        Passed to :func:`nnreg.training.fit` with the Adam optimiser.  The
        defaults train a (64, 64) network on 50,000 events in a few seconds
        on one CPU core; smaller batches cost more steps for no better result.
    flat_weights
        Weight the events with :func:`flat_mass_weights` so that the
        *selected* sample counts as flat in the true mass; ``loss="mse"``
        only.  Leave it off for a :func:`selected_mass_sample`.
    val_events
        Optional held-out events; their loss is recorded every epoch.
    seed
        Seeds the initial weights and the mini-batch order.
    device
        ``None`` uses a GPU when there is one.
    inputs
        ``"basic"`` (:data:`NN_FEATURES`) or ``"derived"`` (those and
        :data:`DERIVED_FEATURES`); see :func:`nn_features`.
    schedule
        ``"constant"`` keeps ``lr``; ``"cosine"`` lowers it each epoch along
        half a cosine, from ``lr`` to nearly 0 in the last epoch, which lets
        the last epochs settle instead of jittering about the minimum.

    Returns
    -------
    MassNetwork
        Call ``.predict(events)`` for masses in GeV.
    """
    if target not in TARGETS:
        raise ValueError(f"target must be one of {TARGETS}, got {target!r}")
    if loss not in LOSSES:
        raise ValueError(f"loss must be one of {LOSSES}, got {loss!r}")
    if inputs not in INPUTS:
        raise ValueError(f"inputs must be one of {INPUTS}, got {inputs!r}")
    if schedule not in SCHEDULES:
        raise ValueError(f"schedule must be one of {SCHEDULES}, got {schedule!r}")
    if isinstance(epochs, bool) or not isinstance(epochs, int) or epochs < 1:
        raise ValueError(f"epochs must be an int >= 1, got {epochs!r}")
    if loss == "l1" and flat_weights:
        raise ValueError(
            "flat_weights=True works with loss='mse' only; for loss='l1' train "
            "on a selected_mass_sample and pass flat_weights=False"
        )
    derived = inputs == "derived"
    features = nn_features(events, derived=derived)
    if len(features) == 0:
        raise ValueError("train_mass_network: events holds no events to train on")
    y = nn_target(events, target)[:, None]
    scaler = Standardizer.fit(features)
    target_scaler = Standardizer.fit(y)

    def tensors(ev_x: np.ndarray, ev_y: np.ndarray) -> tuple[torch.Tensor, ...]:
        return (
            torch.from_numpy(scaler.transform(ev_x)),
            torch.from_numpy(target_scaler.transform(ev_y)),
        )

    x_t, y_t = tensors(features, y)
    weight = None
    if flat_weights:
        (gen_mass,) = _columns(events, ("gen_mass",), "train_mass_network")
        weight = torch.from_numpy(flat_mass_weights(gen_mass).astype(np.float32))
    x_val = y_val = None
    if val_events is not None:
        val_features = nn_features(val_events, derived=derived)
        if len(val_features) == 0:
            raise ValueError("train_mass_network: val_events holds no events")
        x_val, y_val = tensors(val_features, nn_target(val_events, target)[:, None])

    model = mlp(x_t.shape[1], list(hidden), 1, activation="relu", seed=seed)
    settings = dict(
        loss="mse" if loss == "mse" else _l1_loss,
        batch_size=batch_size,
        weight=weight,
        x_val=x_val,
        y_val=y_val,
        device=device,
    )
    if schedule == "constant":
        history = fit(
            model,
            x_t,
            y_t,
            epochs=epochs,
            optimizer="adam",
            lr=lr,
            seed=seed,
            **settings,
        )
    else:
        optimizer = torch.optim.Adam(model.parameters(), lr=lr)
        history = History(lr=lr)
        for epoch in range(epochs):
            for group in optimizer.param_groups:
                group["lr"] = lr * 0.5 * (1.0 + np.cos(np.pi * epoch / epochs))
            # A new shuffle each epoch, as a single fit() call would make.
            one = fit(
                model,
                x_t,
                y_t,
                epochs=1,
                optimizer=optimizer,
                seed=seed * 100_003 + epoch,
                **settings,
            )
            history.loss += one.loss
            history.val_loss += one.val_loss
            history.device, history.final_loss = one.device, one.final_loss
    return MassNetwork(model, scaler, target_scaler, target, history, inputs)


def classifier_auc(
    train_signal: Events,
    train_background: Events,
    test_signal: Events,
    test_background: Events,
    *,
    hidden: Sequence[int] = (64, 64),
    epochs: int = 20,
    seed: int = 0,
) -> float:
    """Test AUC of a network trained to tell signal from background directly.

    The inputs are :func:`nn_features`, as for the mass networks, and the
    logarithm of the visible mass, which the mass networks multiply their
    output by; the loss is the binary cross-entropy.  No mass is
    estimated: this is the separation the inputs allow when nothing is
    compressed to one number first, the ceiling of any mass estimate's AUC
    on the same inputs.
    """
    parts = {
        "train_signal": train_signal,
        "train_background": train_background,
        "test_signal": test_signal,
        "test_background": test_background,
    }
    x = {}
    for name, ev in parts.items():
        with np.errstate(divide="ignore"):
            log_m_vis = np.log(visible_mass(ev)).astype(np.float32)
        x[name] = np.column_stack([nn_features(ev), log_m_vis])
        if len(x[name]) == 0:
            raise ValueError(f"classifier_auc: {name} holds no events")
    x_train = np.concatenate([x["train_signal"], x["train_background"]])
    label = np.r_[np.ones(len(x["train_signal"])), np.zeros(len(x["train_background"]))]
    scaler = Standardizer.fit(x_train)
    model = mlp(x_train.shape[1], list(hidden), 1, activation="relu", seed=seed)
    fit(
        model,
        torch.from_numpy(scaler.transform(x_train)),
        torch.from_numpy(label.astype(np.float32)[:, None]),
        epochs=epochs,
        optimizer="adam",
        lr=3e-3,
        loss=torch.nn.functional.binary_cross_entropy_with_logits,
        batch_size=1024,
        seed=seed,
    )
    model.eval()
    with torch.no_grad():
        score = [
            model(torch.from_numpy(scaler.transform(x[k]))).cpu().numpy()
            for k in ("test_signal", "test_background")
        ]
    return roc_auc(score[0], score[1])


# ---------------------------------------------------------------------------
# The numbers that compare estimators.


def _finite(values: np.ndarray, name: str) -> np.ndarray:
    values = np.asarray(values, dtype=float).ravel()
    finite = values[np.isfinite(values)]
    if len(finite) == 0:
        raise ValueError(f"{name} holds no finite values ({len(values)} given)")
    return finite


def mass_summary(mass: np.ndarray) -> dict[str, float]:
    """Median M, robust sigma/M, RMS/M and the fraction of finite estimates.

    ``sigma = (q84 - q16) / 2``, half the width of the central 68 % interval,
    which a tail of failed estimates cannot inflate; RMS is the standard
    deviation, which it can.  Both are divided by the median M.  NaN entries
    (such as failed collinear solutions) are left out and counted in
    ``"valid_fraction"``.

    Examples
    --------
    >>> s = mass_summary(np.array([90.0, 100.0, 110.0, np.nan]))
    >>> s["median"], s["valid_fraction"]
    (100.0, 0.75)
    """
    n_all = np.asarray(mass).size
    m = _finite(mass, "mass")
    median = float(np.median(m))
    q16, q84 = np.percentile(m, [16, 84])
    return {
        "median": median,
        "sigma_over_m": float((q84 - q16) / 2 / median),
        "rms_over_m": float(np.std(m) / median),
        "valid_fraction": len(m) / n_all,
    }


def _average_ranks(values: np.ndarray) -> np.ndarray:
    """Ranks 1..N, ties sharing the average of the ranks they span."""
    order = np.argsort(values, kind="mergesort")
    sorted_values = values[order]
    # Start index of each run of equal values, and of the next run.
    starts = np.flatnonzero(np.r_[True, sorted_values[1:] != sorted_values[:-1]])
    ends = np.r_[starts[1:], len(values)]
    run_rank = 0.5 * (starts + 1 + ends)  # mean of ranks starts+1 .. ends
    ranks = np.empty(len(values))
    ranks[order] = np.repeat(run_rank, ends - starts)
    return ranks


def roc_auc(signal: np.ndarray, background: np.ndarray) -> float:
    """Area under the ROC curve for ``signal`` scoring above ``background``.

    Equal to the probability that a random signal event has a larger value
    than a random background event (ties count one half): the Mann-Whitney
    statistic, computed from ranks.  0.5 is no separation, 1 is perfect.
    Non-finite values are dropped.

    Examples
    --------
    >>> roc_auc(np.array([2.0, 3.0]), np.array([1.0, 2.0]))
    0.875
    """
    s, b = _finite(signal, "signal"), _finite(background, "background")
    ranks = _average_ranks(np.concatenate([s, b]))
    u = ranks[: len(s)].sum() - len(s) * (len(s) + 1) / 2
    return float(u / (len(s) * len(b)))


def window_purity(
    signal: np.ndarray, background: np.ndarray, fraction: float = 0.68
) -> tuple[float, float, float]:
    """S / (S + B) in the narrowest window holding ``fraction`` of the signal.

    Signal and background are normalised to equal total yields, so the purity
    measures the overlap of the two shapes alone.  Non-finite values are
    dropped.

    Returns
    -------
    purity, low, high
        The purity and the window's edges.

    Examples
    --------
    >>> purity, lo, hi = window_purity(np.arange(100.0), np.arange(200.0, 300.0))
    >>> purity
    1.0
    """
    if not 0.0 < fraction <= 1.0:
        raise ValueError(f"fraction must lie in (0, 1], got {fraction!r}")
    s = np.sort(_finite(signal, "signal"))
    b = np.sort(_finite(background, "background"))
    k = max(int(np.ceil(fraction * len(s))), 1)
    widths = s[k - 1 :] - s[: len(s) - k + 1]
    i = int(np.argmin(widths))
    low, high = float(s[i]), float(s[i + k - 1])
    n_b = np.searchsorted(b, high, side="right") - np.searchsorted(b, low, side="left")
    sig, bkg = k / len(s), n_b / len(b)
    return float(sig / (sig + bkg)), low, high


def fair_resolution(
    low: np.ndarray,
    high: np.ndarray,
    true_low: float = M_Z,
    true_high: float = M_H,
) -> dict[str, float]:
    """Resolutions in units of the true mass, after undoing the mass scale.

    An estimator that squeezes every mass toward one value looks sharp by
    sigma/M while it separates nothing.  So divide sigma by the slope of the
    estimate against the true mass, measured between two samples of known
    mass: ``slope = (median_high - median_low) / (true_high - true_low)``,
    then ``sigma / slope / true``.  A well-calibrated estimator has slope 1.

    Returns
    -------
    dict
        ``"slope"``, ``"low"`` and ``"high"`` (the fair sigma/M of each sample).

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> z, h = rng.normal(100, 5, 10_000), rng.normal(110, 5, 10_000)
    >>> r = fair_resolution(z, h, 90.0, 110.0)  # scale squeezed by 2
    >>> round(r["slope"], 1), round(r["low"], 2)
    (0.5, 0.11)
    """
    if not (np.isfinite(true_low) and np.isfinite(true_high) and true_low > 0):
        raise ValueError(
            f"true masses must be positive and finite, got {true_low!r}, {true_high!r}"
        )
    if true_high <= true_low:
        raise ValueError(
            f"true_high must exceed true_low, got {true_high!r} <= {true_low!r}"
        )
    lo, hi = mass_summary(low), mass_summary(high)
    slope = (hi["median"] - lo["median"]) / (true_high - true_low)
    if slope <= 0:
        raise ValueError(
            f"the estimate does not rise with the true mass (slope {slope:.3g}); "
            "its resolution cannot be put on the true mass scale"
        )
    return {
        "slope": slope,
        "low": lo["sigma_over_m"] * lo["median"] / slope / true_low,
        "high": hi["sigma_over_m"] * hi["median"] / slope / true_high,
    }


def time_per_1000(
    estimator: Callable[[Events], object], events: Events, repeats: int = 1
) -> float:
    """Seconds ``estimator(events)`` takes per 1,000 events (best of ``repeats``).

    Examples
    --------
    >>> from nnreg.ditau import generate
    >>> time_per_1000(visible_mass, generate("H", 1000, seed=0)) < 1.0
    True
    """
    if not callable(estimator):
        raise TypeError(f"estimator must be callable, got {type(estimator).__name__}")
    if isinstance(repeats, bool) or not isinstance(repeats, int) or repeats < 1:
        raise ValueError(f"repeats must be an int >= 1, got {repeats!r}")
    if not isinstance(events, Mapping):
        raise TypeError(
            f"events must be a dict of column arrays, got {type(events).__name__}"
        )
    if not events:
        raise ValueError(
            "time_per_1000: events has no columns; time at least one event"
        )
    n = len(next(iter(events.values())))
    if n == 0:
        raise ValueError("time_per_1000: events holds no events; time at least one")
    best = np.inf
    for _ in range(repeats):
        start = time.perf_counter()
        estimator(events)
        best = min(best, time.perf_counter() - start)
    return float(best / n * 1000)


# ---------------------------------------------------------------------------
# Uncertainties of the comparison.


def bootstrap(
    statistic: Callable[..., object],
    *samples: np.ndarray,
    n_resamples: int = 200,
    seed: int = 0,
) -> np.ndarray:
    """``statistic`` on ``n_resamples`` bootstrap resamples of the events.

    Each sample is an array whose *last* axis runs over events, for
    example the Z masses of several estimators stacked in rows.  Every
    resample draws, for each sample, as many events as it holds, with
    replacement, and takes the same events in every row: the estimators
    are compared on the same resampled events, so that a difference
    between two of them keeps only the noise it really has.

    Returns
    -------
    numpy.ndarray
        Shape ``(n_resamples, *shape)``, where ``shape`` is that of what
        ``statistic(*resampled_samples)`` returns.  Its standard deviation
        over the first axis is the statistical uncertainty.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> values = bootstrap(np.mean, rng.normal(size=400), seed=1)
    >>> bool(0.04 < values.std() < 0.06)  # 1 / sqrt(400) = 0.05
    True
    """
    if not callable(statistic):
        raise TypeError(f"statistic must be callable, got {type(statistic).__name__}")
    if not samples:
        raise ValueError("bootstrap needs at least one sample of events")
    if isinstance(n_resamples, bool) or not isinstance(n_resamples, int):
        raise TypeError(f"n_resamples must be an int, got {n_resamples!r}")
    if n_resamples < 2:
        raise ValueError(f"n_resamples must be >= 2, got {n_resamples}")
    arrays = [np.asarray(s) for s in samples]
    for i, a in enumerate(arrays):
        if a.ndim == 0 or a.shape[-1] == 0:
            raise ValueError(
                f"sample {i} has shape {a.shape}; its last axis must hold events"
            )
    rng = np.random.default_rng(seed)
    values = []
    for _ in range(n_resamples):
        picks = [a[..., rng.integers(0, a.shape[-1], a.shape[-1])] for a in arrays]
        values.append(np.asarray(statistic(*picks), dtype=float))
    return np.stack(values)


#: Outcomes of :func:`compare`.
OUTCOMES = ("higher", "tie", "lower")


def compare(
    difference: float,
    bootstrap_sd: float,
    seed_sd: float = 0.0,
    n_sigma: float = 2.0,
) -> str:
    """Whether ``difference`` (a - b) stands out of both kinds of noise.

    The noise of a difference between two estimators is that of the test
    events, ``bootstrap_sd`` (from :func:`bootstrap`), and that of training,
    ``seed_sd`` (the spread over training seeds); added in quadrature, they
    give ``u``.  The answer is ``"higher"`` if ``difference > n_sigma * u``,
    ``"lower"`` if ``difference < -n_sigma * u``, and ``"tie"`` otherwise.

    Examples
    --------
    >>> compare(0.010, 0.002, 0.001), compare(0.003, 0.002, 0.001)
    ('higher', 'tie')
    """
    for name, value in (("bootstrap_sd", bootstrap_sd), ("seed_sd", seed_sd)):
        if not (np.isfinite(value) and value >= 0):
            raise ValueError(f"{name} must be finite and >= 0, got {value!r}")
    if not (np.isfinite(n_sigma) and n_sigma > 0):
        raise ValueError(f"n_sigma must be finite and > 0, got {n_sigma!r}")
    if not np.isfinite(difference):
        raise ValueError(f"difference must be finite, got {difference!r}")
    u = float(np.hypot(bootstrap_sd, seed_sd))
    if difference > n_sigma * u:
        return "higher"
    if difference < -n_sigma * u:
        return "lower"
    return "tie"


def mass_scores(
    z_mass: np.ndarray,
    h_mass: np.ndarray,
    z_channel: np.ndarray | None = None,
    h_channel: np.ndarray | None = None,
    channels: Sequence[str] = (),
) -> dict[str, float]:
    """The numbers that judge one estimator on Z and H events of known mass.

    ``"AUC"`` (H above Z, :func:`roc_auc`), then one AUC per name in
    ``channels`` if the channel codes of the events are given (code ``i``
    is ``channels[i]``), ``"fair σ/M"`` of the H (:func:`fair_resolution`),
    ``"slope"``, and the Z and H medians as fractions of the true masses,
    ``"Z median/M"`` and ``"H median/M"`` (1 is unbiased).  NaN masses are
    left out, as in :func:`mass_summary`.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> s = mass_scores(rng.normal(M_Z, 9, 4000), rng.normal(M_H, 12, 4000))
    >>> round(s["Z median/M"], 2), round(s["slope"], 1)
    (1.0, 1.0)
    """
    if (z_channel is None) != (h_channel is None):
        raise ValueError("give z_channel and h_channel together, or neither")
    if channels and z_channel is None:
        raise ValueError("channels needs z_channel and h_channel")
    scores = {"AUC": roc_auc(h_mass, z_mass)}
    if channels:
        z_c, h_c = np.asarray(z_channel), np.asarray(h_channel)
        if z_c.shape != np.shape(z_mass) or h_c.shape != np.shape(h_mass):
            raise ValueError(
                "z_channel and h_channel need one code per event of z_mass "
                f"and h_mass; got {z_c.shape} for {np.shape(z_mass)} and "
                f"{h_c.shape} for {np.shape(h_mass)}"
            )
        for code, name in enumerate(channels):
            scores[name] = roc_auc(
                np.asarray(h_mass)[h_c == code], np.asarray(z_mass)[z_c == code]
            )
    fair = fair_resolution(z_mass, h_mass)
    scores["fair σ/M"] = fair["high"]
    scores["slope"] = fair["slope"]
    scores["Z median/M"] = mass_summary(z_mass)["median"] / M_Z
    scores["H median/M"] = mass_summary(h_mass)["median"] / M_H
    return scores


def _train_job(job: Mapping[str, object]) -> MassNetwork:
    torch.set_num_threads(1)
    return train_mass_network(**job)


def train_mass_networks(
    jobs: Sequence[Mapping[str, object]], processes: int = 1
) -> list[MassNetwork]:
    """Train several networks, one :func:`train_mass_network` call per job.

    With ``processes > 1`` the jobs run in that many worker processes, each
    on one torch thread, which is how a lesson trains a ladder of networks
    or several seeds on a machine with a few cores.  The results come back
    in the order of ``jobs`` and are the same as those of a loop.

    Examples
    --------
    >>> from nnreg.ditau import generate
    >>> train = generate("flat", 2000, seed=0)
    >>> jobs = [dict(events=train, epochs=1, seed=s) for s in (0, 1)]
    >>> [n.target for n in train_mass_networks(jobs)]
    ['ratio', 'ratio']
    """
    if isinstance(processes, bool) or not isinstance(processes, int) or processes < 1:
        raise ValueError(f"processes must be an int >= 1, got {processes!r}")
    jobs = list(jobs)
    if not jobs:
        raise ValueError("train_mass_networks needs at least one job")
    for i, job in enumerate(jobs):
        if not isinstance(job, Mapping) or "events" not in job:
            raise TypeError(
                f"job {i} must be a dict of train_mass_network arguments with "
                f"'events', got {job!r:.80}"
            )
    if processes == 1 or len(jobs) == 1:
        return [train_mass_network(**job) for job in jobs]
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(min(processes, len(jobs))) as pool:
        return list(pool.map(_train_job, jobs))


def bootstrap_scores(
    z_masses: Mapping[str, np.ndarray],
    h_masses: Mapping[str, np.ndarray],
    z_channel: np.ndarray | None = None,
    h_channel: np.ndarray | None = None,
    *,
    channels: Sequence[str] = (),
    n_resamples: int = 100,
    seed: int = 0,
) -> tuple[pd.DataFrame, np.ndarray]:
    """:func:`mass_scores` of several estimators, with bootstrap resamples.

    ``z_masses`` and ``h_masses`` map each estimator's name to its masses of
    the same Z and H events.  Every resample draws Z and H events with
    replacement (:func:`bootstrap`) and scores every estimator on the same
    drawn events, channel codes included.

    Returns
    -------
    scores : pandas.DataFrame
        One row per estimator, one column per score.
    resampled : numpy.ndarray
        Shape ``(n_resamples, n_estimators, n_scores)``, in the same order;
        for :func:`judge`.
    """
    names = list(z_masses)
    if not names or set(names) != set(h_masses):
        raise ValueError(
            "z_masses and h_masses must name the same estimators, at least one; "
            f"got {names} and {list(h_masses)}"
        )
    with_codes = z_channel is not None
    z_block = [np.asarray(z_masses[n], dtype=float) for n in names]
    h_block = [np.asarray(h_masses[n], dtype=float) for n in names]
    if with_codes:
        z_block.append(np.asarray(z_channel, dtype=float))
        h_block.append(np.asarray(h_channel, dtype=float))
    for label, rows in (("Z", z_block), ("H", h_block)):
        if len({r.shape for r in rows}) != 1 or rows[0].ndim != 1:
            raise ValueError(
                f"every {label} array (masses and channel codes) must be 1-D and "
                f"of one length, got {[r.shape for r in rows]}"
            )

    def score_rows(z: np.ndarray, h: np.ndarray) -> list[list[float]]:
        n = len(names)
        codes = (z[n], h[n]) if with_codes else (None, None)
        return [
            list(mass_scores(z[i], h[i], *codes, channels=channels).values())
            for i in range(n)
        ]

    z_arr, h_arr = np.stack(z_block), np.stack(h_block)
    columns = list(
        mass_scores(
            z_arr[0],
            h_arr[0],
            *((z_arr[-1], h_arr[-1]) if with_codes else (None, None)),
            channels=channels,
        )
    )
    scores = pd.DataFrame(score_rows(z_arr, h_arr), index=names, columns=columns)
    resampled = bootstrap(score_rows, z_arr, h_arr, n_resamples=n_resamples, seed=seed)
    return scores, resampled


#: Words :func:`judge` uses for the outcomes of :func:`compare`.
VERDICTS = {"higher": "gain", "tie": "tie", "lower": "loss"}


def judge(
    scores: pd.DataFrame,
    resampled: np.ndarray,
    new: str,
    old: str,
    seed_sd: Mapping[str, float] | None = None,
    columns: Sequence[str] = ("AUC", "fair σ/M"),
) -> pd.DataFrame:
    """Change of each score from estimator ``old`` to ``new``, and its verdict.

    ``scores`` and ``resampled`` come from :func:`bootstrap_scores`.  The
    bootstrap noise of the change is the spread of the *paired* difference
    over the resamples; ``seed_sd`` adds a training-seed noise per column
    (see :func:`compare`).  A column whose name holds ``"σ/M"`` is better
    when lower, so its verdict is taken on minus the change.

    Returns
    -------
    pandas.DataFrame
        One row per column: ``"change"`` (new minus old) and ``"verdict"``,
        ``"gain"``, ``"tie"`` or ``"loss"`` for ``new``.
    """
    names, all_columns = list(scores.index), list(scores.columns)
    for name in (new, old):
        if name not in names:
            raise KeyError(f"judge: no estimator {name!r}; there are {names}")
    if resampled.shape[1:] != scores.shape:
        raise ValueError(
            f"resampled has shape {resampled.shape}, which does not match "
            f"scores {scores.shape}; pass both from one bootstrap_scores call"
        )
    rows = {}
    for col in columns:
        k = all_columns.index(col)
        change = float(scores.loc[new, col] - scores.loc[old, col])
        paired = resampled[:, names.index(new), k] - resampled[:, names.index(old), k]
        sign = -1.0 if "σ/M" in col else 1.0
        noise = 0.0 if seed_sd is None else float(seed_sd[col])
        outcome = compare(sign * change, float(paired.std()), noise)
        rows[col] = {"change": change, "verdict": VERDICTS[outcome]}
    return pd.DataFrame(rows).T
