"""Tests of the toy di-tau simulation, its ROOT files and the mass estimators."""

from __future__ import annotations

import numpy as np
import pytest

from nnreg import ditau
from nnreg import ditau_mass as dm
from nnreg.ditau import M_H, M_TAU, M_Z

# ---------------------------------------------------------------------------
# Helpers


def ks_distance(sample: np.ndarray, cdf) -> float:
    """Kolmogorov-Smirnov distance between a sample and an analytic CDF."""
    x = np.sort(sample)
    f = cdf(x)
    n = len(x)
    return float(max(np.max(np.arange(1, n + 1) / n - f), np.max(f - np.arange(n) / n)))


def ks_critical(n: int) -> float:
    """KS distance exceeded with probability 0.1 % by a sample of n from the CDF."""
    return 1.95 / np.sqrt(n)


def michel_cdf(z: np.ndarray) -> np.ndarray:
    # Integral of (1/3)(1 - z)(5 + 5z - 4z^2) = (1/3)(5 - 9z^2 + 4z^3).
    return (5 * z - 3 * z**3 + z**4) / 3


@pytest.fixture(scope="module")
def unselected_h():
    # An H at 125 GeV gives each tau at least gamma = 62.5 / 1.777 = 35, so
    # z = E_vis / E_tau equals its boosted-limit value to O(1 / gamma^2) ~ 1e-3.
    return ditau.generate("H", 40_000, seed=11, select=False, return_truth=True)


@pytest.fixture(scope="module")
def samples():
    return {
        "Z": ditau.generate("Z", 4000, seed=21),
        "H": ditau.generate("H", 4000, seed=22),
    }


def fractions(events, truth, taus=(1, 2)):
    """Visible energy fraction, decay mode and visible mass of every tau."""
    z = np.concatenate([truth[f"vis{i}"][:, 0] / truth[f"tau{i}"][:, 0] for i in taus])
    mode = np.concatenate([events[f"decay_mode{i}"] for i in taus])
    mass = np.concatenate([events[f"vis_mass{i}"] for i in taus])
    return z, mode, mass


# ---------------------------------------------------------------------------
# Physics of the generator


def test_leptonic_visible_fraction_follows_the_michel_density(unselected_h):
    # Both taus: tau 1 alone is the one with more visible pT, a biased subset.
    z, mode, _ = fractions(*unselected_h)
    z = z[mode <= 1]
    assert len(z) > 20_000
    assert ks_distance(z, michel_cdf) < ks_critical(len(z))
    assert abs(z.mean() - 0.35) < 0.005
    # The test has power: the same sample is far from a flat distribution.
    assert ks_distance(z, lambda v: v) > 10 * ks_critical(len(z))


@pytest.mark.parametrize("mode_name", ["pi", "rho", "a1"])
def test_hadronic_visible_fraction_is_flat_above_mh2_over_mtau2(
    unselected_h, mode_name
):
    z, mode, mass = fractions(*unselected_h)
    sel = mode == ditau.DECAY_MODES.index(mode_name)
    z_min = mass[sel] ** 2 / M_TAU**2
    assert np.all(z[sel] >= z_min - 1e-3)
    # Given its m_h, z is uniform on [z_min, 1]: map it to [0, 1].
    u = (z[sel] - z_min) / (1 - z_min)
    assert ks_distance(u, lambda v: np.clip(v, 0, 1)) < ks_critical(sel.sum())


def test_visible_fraction_density_is_normalised():
    z = np.linspace(0, 1, 200_001)
    for mode, vis_mass in [(0, 0.0), (1, 0.0), (2, 0.13957), (4, 1.2)]:
        density = ditau.visible_fraction_density(z, mode, vis_mass)
        assert np.trapezoid(density, z) == pytest.approx(1.0, abs=1e-3)


def test_four_momentum_is_conserved_at_every_step():
    events, truth = ditau.generate(
        "flat", 5000, seed=3, met_sigma=0.0, had_pt_resolution=0.0, return_truth=True
    )
    scale = truth["boson"][:, :1]  # energy: the largest component
    tol = 1e-12 * scale
    assert np.all(np.abs(truth["boson"] - truth["tau1"] - truth["tau2"]) < tol)
    for i in (1, 2):
        tau, vis, inv = truth[f"tau{i}"], truth[f"vis{i}"], truth[f"inv{i}"]
        assert np.all(np.abs(tau - vis - inv) < tol)
        assert ditau.invariant_mass(tau) == pytest.approx(M_TAU, rel=1e-6)
        # Without smearing, the visible columns are the visible four-vector.
        p4 = ditau.four_vector(
            events[f"vis_pt{i}"],
            events[f"vis_eta{i}"],
            events[f"vis_phi{i}"],
            events[f"vis_mass{i}"],
        )
        assert np.all(np.abs(p4 - vis) < tol)
        # The invisible four-vector is physical: E >= |p|.
        assert np.all(inv[:, 0] >= np.linalg.norm(inv[:, 1:], axis=1) - tol[:, 0])
    assert ditau.invariant_mass(truth["boson"]) == pytest.approx(
        events["gen_mass"], rel=1e-9
    )
    # Without noise, MET is exactly the sum of the neutrinos' (px, py).
    for col, k in (("met_x", 1), ("met_y", 2)):
        nu = truth["inv1"][:, k] + truth["inv2"][:, k]
        assert np.allclose(events[col], nu, rtol=0, atol=1e-9)


def test_true_mass_peaks_at_the_z_and_h_masses():
    z_mass = ditau.generate("Z", 20_000, seed=4, select=False)["gen_mass"]
    counts, edges = np.histogram(z_mass, bins=np.arange(50.0, 150.5, 0.5))
    peak = 0.5 * (edges[np.argmax(counts)] + edges[np.argmax(counts) + 1])
    assert abs(peak - M_Z) < 1.0
    assert np.all((z_mass >= 50) & (z_mass <= 150))
    # Half the Breit-Wigner lies within one half-width of the pole (less the
    # truncated tails, which hold 3 %).
    inside = np.mean(np.abs(z_mass - M_Z) < ditau.GAMMA_Z / 2)
    assert inside == pytest.approx(0.5 / 0.968, abs=0.02)
    h_mass = ditau.generate("H", 1000, seed=4)["gen_mass"]
    assert np.all(h_mass == M_H)


def test_branching_fractions_match_within_binomial_errors():
    events = ditau.generate("Z", 50_000, seed=5, select=False)
    modes = np.concatenate([events["decay_mode1"], events["decay_mode2"]])
    n = len(modes)
    expected = np.array(ditau.BRANCHING_FRACTIONS) / sum(ditau.BRANCHING_FRACTIONS)
    observed = np.bincount(modes, minlength=5) / n
    sigma = np.sqrt(expected * (1 - expected) / n)
    assert np.all(np.abs(observed - expected) < 4 * sigma)


def test_selection_applies_the_channel_cuts():
    events = ditau.generate("H", 5000, seed=6)
    pt1, pt2 = events["vis_pt1"], events["vis_pt2"]
    assert np.all(pt1 >= pt2)  # tau 1 leads
    assert np.all(np.abs(events["vis_eta1"]) < 2.3)
    assert np.all(np.abs(events["vis_eta2"]) < 2.3)
    channel = ditau.code_names("channel", events["channel"])
    assert set(channel.tolist()) == set(ditau.SELECTED_CHANNELS)
    hh = channel == "tauh_tauh"
    assert np.all(pt2[hh] > 40)
    assert np.all(np.abs(events["vis_eta1"][hh]) < 2.1)
    for name, lepton, cut in (("mu_tauh", 1, 20), ("e_tauh", 0, 25)):
        sel = channel == name
        first = events["decay_mode1"][sel] == lepton
        pt_lep = np.where(first, pt1[sel], pt2[sel])
        pt_had = np.where(first, pt2[sel], pt1[sel])
        assert np.all(pt_lep > cut) and np.all(pt_had > 30)
    emu = channel == "e_mu"
    assert np.all(pt1[emu] > 20) and np.all(pt2[emu] > 10)
    # Leptons are not smeared and have no hadronic decay modes in e mu.
    assert set(events["decay_mode1"][emu].tolist()) == {0, 1}


def test_columns_and_types():
    events = ditau.generate("flat", 500, seed=7)
    assert tuple(events) == ditau.COLUMNS
    assert all(v.shape == (500,) for v in events.values())
    for name in ("decay_mode1", "decay_mode2", "channel", "process"):
        assert events[name].dtype.kind == "i"
    assert set(ditau.code_names("process", events["process"]).tolist()) == {"flat"}
    assert np.all(events["met_cov_xx"] == 100.0)
    assert np.all(events["met_cov_xy"] == 0.0)
    assert np.all((events["gen_mass"] >= 50) & (events["gen_mass"] <= 250))


def test_seed_fixes_the_sample_and_leaves_global_rng_alone():
    # The legacy global state is exactly what generate() must not touch.
    state = np.random.get_state()[1].copy()  # noqa: NPY002
    a = ditau.generate("Z", 300, seed=8)
    b = ditau.generate("Z", 300, seed=np.random.default_rng(8))
    c = ditau.generate("Z", 300, seed=9)
    assert all(np.array_equal(a[k], b[k]) for k in ditau.COLUMNS)
    assert not np.array_equal(a["vis_pt1"], c["vis_pt1"])
    assert np.array_equal(np.random.get_state()[1], state)  # noqa: NPY002


@pytest.mark.parametrize(
    ("args", "kwargs", "error", "match"),
    [
        (("W", 10), {}, ValueError, r"process must be one of .*'W'"),
        (("Z", -1), {}, ValueError, "n_events must be between 0 and"),
        (("Z", 10.0), {}, TypeError, "n_events must be an int"),
        (("Z", 10), {"seed": "1"}, TypeError, "seed must be an int"),
        (("Z", 10), {"met_sigma": -1.0}, ValueError, "met_sigma must be finite"),
        (
            ("flat", 10),
            {"flat_mass_range": (250.0, 50.0)},
            ValueError,
            "flat_mass_range must be",
        ),
    ],
)
def test_generate_rejects_bad_arguments(args, kwargs, error, match):
    with pytest.raises(error, match=match):
        ditau.generate(*args, **kwargs)


# ---------------------------------------------------------------------------
# ROOT files


def test_root_round_trip_keeps_every_column(tmp_path):
    events = ditau.generate("H", 1000, seed=12)
    path = tmp_path / "h.root"
    ditau.write_root(path, events)
    back = ditau.read_root(path)
    assert list(back) == list(ditau.COLUMNS)
    for name, values in events.items():
        assert back[name].dtype == values.dtype, name
        assert np.array_equal(back[name], values), name
    subset = ditau.read_root(path, columns=["gen_mass"])
    assert list(subset) == ["gen_mass"]


def test_read_root_explains_a_missing_file(tmp_path):
    with pytest.raises(FileNotFoundError, match="no ROOT file"):
        ditau.read_root(tmp_path / "nothing.root")


def test_read_root_explains_a_missing_tree(tmp_path):
    path = tmp_path / "h.root"
    ditau.write_root(path, ditau.generate("H", 10, seed=1), tree="taus")
    with pytest.raises(KeyError, match=r"no tree 'events'.*\['taus'\]"):
        ditau.read_root(path)


def test_read_root_explains_missing_branches(tmp_path):
    path = tmp_path / "h.root"
    events = ditau.generate("H", 10, seed=1)
    ditau.write_root(path, {k: v for k, v in events.items() if k != "met_x"})
    with pytest.raises(KeyError, match=r"lacks the branches \['met_x'\]"):
        ditau.read_root(path)


def test_write_root_refuses_ragged_or_text_columns(tmp_path):
    with pytest.raises(ValueError, match="same length"):
        ditau.write_root(tmp_path / "a.root", {"a": np.ones(3), "b": np.ones(4)})
    with pytest.raises(TypeError, match="integer"):
        ditau.write_root(tmp_path / "a.root", {"a": np.array(["x", "y"])})


# ---------------------------------------------------------------------------
# Classical estimators


def collinear_events(n: int, seed: int):
    """Events whose neutrinos fly exactly along massless visible products."""
    rng = np.random.default_rng(seed)
    pt = rng.uniform(20, 80, (2, n))
    eta = rng.uniform(-2, 2, (2, n))
    phi = rng.uniform(-np.pi, np.pi, (2, n))
    # Keep the taus away from back to back, where the 2x2 system is singular.
    phi[1] = phi[0] + rng.choice([-1, 1], n) * rng.uniform(0.3, 2.8, n)
    x = rng.uniform(0.1, 1.0, (2, n))
    vis = [ditau.four_vector(pt[i], eta[i], phi[i], 0.0) for i in (0, 1)]
    taus = [vis[i] / x[i][:, None] for i in (0, 1)]
    nu = taus[0] + taus[1] - vis[0] - vis[1]
    events = {"met_x": nu[:, 1], "met_y": nu[:, 2]}
    for i in (0, 1):
        events[f"vis_pt{i + 1}"] = pt[i]
        events[f"vis_eta{i + 1}"] = eta[i]
        events[f"vis_phi{i + 1}"] = phi[i]
        events[f"vis_mass{i + 1}"] = np.zeros(n)
    return events, x, ditau.invariant_mass(taus[0] + taus[1])


def test_collinear_mass_is_exact_for_collinear_neutrinos():
    events, x, true_mass = collinear_events(2000, seed=13)
    x1, x2 = dm.collinear_fractions(events)
    assert np.allclose(x1, x[0], rtol=1e-9)
    assert np.allclose(x2, x[1], rtol=1e-9)
    mass, physical = dm.collinear_mass(events)
    assert physical.all()
    assert np.allclose(mass, true_mass, rtol=1e-9)


def test_collinear_mass_reports_failures(samples):
    mass, physical = dm.collinear_mass(samples["H"])
    failure = 1 - physical.mean()
    assert 0.1 < failure < 0.7
    assert np.all(np.isnan(mass[~physical]))
    assert np.all(mass[physical] >= dm.visible_mass(samples["H"])[physical] - 1e-9)


def test_visible_mass_lies_below_the_true_mass():
    # Without smearing, dropping the neutrinos can only lower the mass.
    events = ditau.generate("H", 2000, seed=23, had_pt_resolution=0.0)
    m_vis = dm.visible_mass(events)
    assert np.all(m_vis < M_H)
    assert 0.6 < np.median(m_vis) / M_H < 0.8


@pytest.mark.parametrize(
    ("process", "true_mass", "tol"), [("H", M_H, 0.03), ("Z", M_Z, 0.06)]
)
def test_likelihood_mass_median_is_near_the_true_mass(samples, process, true_mass, tol):
    mass = dm.likelihood_mass(samples[process])
    summary = dm.mass_summary(mass)
    assert summary["median"] == pytest.approx(true_mass, rel=tol)
    # And it resolves the peak better than the visible mass does.
    assert (
        summary["sigma_over_m"]
        < dm.mass_summary(dm.visible_mass(samples[process]))["sigma_over_m"]
    )


def test_likelihood_mass_does_not_depend_on_the_chunking(samples):
    events = {k: v[:300] for k, v in samples["H"].items()}
    assert np.array_equal(
        dm.likelihood_mass(events, chunk_size=7), dm.likelihood_mass(events)
    )


def test_likelihood_mass_needs_a_met_resolution():
    events = ditau.generate("H", 50, seed=1, met_sigma=0.0)
    with pytest.raises(ValueError, match="not positive definite"):
        dm.likelihood_mass(events)


def test_estimators_name_missing_columns():
    with pytest.raises(KeyError, match="met_x"):
        dm.collinear_mass({"vis_pt1": np.ones(2)})


# ---------------------------------------------------------------------------
# The network


def test_nn_features_are_invariant_under_azimuthal_rotation(samples):
    events = samples["H"]
    rotated = dict(events)
    alpha = 1.234
    for i in (1, 2):
        rotated[f"vis_phi{i}"] = np.angle(np.exp(1j * (events[f"vis_phi{i}"] + alpha)))
    c, s = np.cos(alpha), np.sin(alpha)
    rotated["met_x"] = c * events["met_x"] - s * events["met_y"]
    rotated["met_y"] = s * events["met_x"] + c * events["met_y"]
    a, b = dm.nn_features(events), dm.nn_features(rotated)
    assert a.shape == (len(events["gen_mass"]), len(dm.NN_FEATURES))
    assert np.allclose(a, b, atol=1e-3)
    # One-hot decay modes: exactly one per tau.
    assert np.all(a[:, -10:-5].sum(axis=1) == 1) and np.all(a[:, -5:].sum(axis=1) == 1)


def test_standardizer_uses_the_training_statistics_only():
    train = np.array([[0.0, 1.0], [2.0, 1.0]])
    scaler = dm.Standardizer.fit(train)
    assert np.allclose(scaler.transform(train).mean(axis=0), 0)
    assert np.allclose(scaler.transform(np.array([[4.0, 3.0]])), [[3.0, 2.0]])
    assert np.allclose(scaler.inverse_transform(scaler.transform(train)), train)


def test_flat_mass_weights_flatten_the_selected_spectrum():
    mass = ditau.generate("flat", 20_000, seed=14)["gen_mass"]
    counts, _ = np.histogram(mass, bins=10, range=(50, 250))
    assert counts[-1] > 5 * counts[0]  # the selection favours high masses
    weights = dm.flat_mass_weights(mass, bins=10, mass_range=(50, 250))
    weighted, _ = np.histogram(mass, bins=10, range=(50, 250), weights=weights)
    assert np.allclose(weighted, weighted.mean(), rtol=1e-9)
    assert weights.mean() == pytest.approx(1.0)


def test_nn_targets():
    events = ditau.generate("H", 100, seed=15)
    ratio = dm.nn_target(events, "ratio")
    assert np.allclose(ratio * dm.visible_mass(events), events["gen_mass"])
    assert np.array_equal(dm.nn_target(events, "mass"), events["gen_mass"])
    with pytest.raises(ValueError, match="target"):
        dm.nn_target(events, "energy")


@pytest.fixture
def one_torch_thread():
    # A tiny network gains nothing from intra-op threads, and on a busy
    # machine their spinning makes mini-batch training many times slower.
    import torch

    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


def test_network_beats_the_visible_mass_on_held_out_h_events(samples, one_torch_thread):
    train = ditau.generate("flat", 10_000, seed=16)
    net = dm.train_mass_network(
        train, target="ratio", hidden=(32,), epochs=8, batch_size=256, seed=0
    )
    assert net.history.epochs == 8
    held_out = samples["H"]
    m_nn = net.predict(held_out)
    m_vis = dm.visible_mass(held_out)
    nn, vis = dm.mass_summary(m_nn), dm.mass_summary(m_vis)
    assert nn["sigma_over_m"] < vis["sigma_over_m"] - 0.03
    assert abs(nn["median"] - M_H) < 0.5 * abs(vis["median"] - M_H)

    def rel_error(m):
        return np.mean(np.abs(m - M_H) / M_H)

    assert rel_error(m_nn) < 0.6 * rel_error(m_vis)
    assert "ratio" in repr(net)


# ---------------------------------------------------------------------------
# Report metrics


def test_roc_auc_matches_pairwise_counting():
    rng = np.random.default_rng(17)
    s = rng.normal(1, 1, 300).round(1)  # rounding makes ties
    b = rng.normal(0, 1, 200).round(1)
    pairs = (s[:, None] > b[None, :]).mean() + 0.5 * (s[:, None] == b[None, :]).mean()
    assert dm.roc_auc(s, b) == pytest.approx(pairs, rel=1e-12)
    assert dm.roc_auc(b, s) == pytest.approx(1 - pairs, rel=1e-12)


def test_window_purity_for_equal_yields():
    s = np.linspace(100, 150, 1001)  # uniform signal
    b = np.linspace(0, 500, 1001)  # uniform background, 10 times wider
    purity, low, high = dm.window_purity(s, b, 0.68)
    assert high - low == pytest.approx(0.68 * 50, abs=0.1)
    # The window holds 68 % of S and 34/500 of B.
    assert purity == pytest.approx(0.68 / (0.68 + 34 / 500), abs=0.01)


def test_mass_summary_skips_nan_and_uses_quantiles():
    values = np.random.default_rng(18).normal(100, 10, 100_000)
    summary = dm.mass_summary(np.r_[values, [np.nan] * 100])
    assert summary["median"] == pytest.approx(100, abs=0.2)
    assert summary["sigma_over_m"] == pytest.approx(0.1, abs=0.002)
    assert summary["rms_over_m"] == pytest.approx(0.1, abs=0.002)
    assert summary["valid_fraction"] == pytest.approx(1000 / 1001)


def test_time_per_1000_is_positive(samples):
    assert 0 < dm.time_per_1000(dm.visible_mass, samples["H"]) < 1
