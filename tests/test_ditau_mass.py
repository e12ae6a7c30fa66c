"""Mass estimators of nnreg.ditau_mass: new pieces and hostile inputs."""

from __future__ import annotations

import time

import numpy as np
import pytest
import torch

from nnreg import ditau_mass as dm
from nnreg.ditau import M_H, M_Z, generate


@pytest.fixture(scope="module")
def h_small():
    return generate("H", 400, seed=11)


@pytest.fixture(scope="module")
def tiny_network(h_small):
    torch.set_num_threads(1)
    return dm.train_mass_network(h_small, epochs=1, hidden=(8,), seed=0)


def _rows(events, mask):
    return {k: np.asarray(v)[mask] for k, v in events.items()}


# -- likelihood_mass ---------------------------------------------------------


@pytest.mark.parametrize("column", ["met_x", "vis_pt1", "met_cov_xx"])
def test_likelihood_mass_gives_nan_for_an_event_with_a_nan_input(h_small, column):
    ev = {k: np.array(v, dtype=float) for k, v in h_small.items()}
    ev[column][3] = np.nan
    mass = dm.likelihood_mass(ev)
    assert np.isnan(mass[3])
    others = np.delete(np.arange(len(mass)), 3)
    # the other events get the masses they get without the bad one
    clean = dm.likelihood_mass(_rows(h_small, others))
    np.testing.assert_allclose(mass[others], clean)


def test_likelihood_mass_rejects_bad_settings(h_small):
    with pytest.raises(ValueError, match="n_mass must be an int >= 3"):
        dm.likelihood_mass(h_small, n_mass=2)
    with pytest.raises(ValueError, match=r"x_min must be a number in \(0, 1\)"):
        dm.likelihood_mass(h_small, x_min="0.1")


# -- Standardizer ------------------------------------------------------------


def test_standardizer_refuses_a_different_column_count():
    s = dm.Standardizer.fit(np.ones((5, 3)))
    with pytest.raises(ValueError, match="1 column.*fitted on 3"):
        s.transform(np.ones((5, 1)))
    with pytest.raises(ValueError, match="inverse_transform.*fitted on 3"):
        s.inverse_transform(np.ones((5, 2)))


def test_standardizer_refuses_empty_or_nan_data():
    with pytest.raises(ValueError, match="no rows"):
        dm.Standardizer.fit(np.empty((0, 2)))
    x = np.ones((4, 2))
    x[2, 1] = np.nan
    with pytest.raises(ValueError, match="1 row.*NaN.*row 2"):
        dm.Standardizer.fit(x)


# -- targets, samples, weights ----------------------------------------------


@pytest.mark.parametrize("target", ["ratio", "log_ratio"])
def test_nn_target_names_an_event_with_zero_visible_mass(h_small, target):
    ev = {k: np.array(v) for k, v in h_small.items()}
    ev["vis_pt1"][5] = 0.0
    ev["vis_mass1"][5] = 0.0
    ev["vis_pt2"][5] = 0.0
    ev["vis_mass2"][5] = 0.0
    with pytest.raises(ValueError, match=f"no finite '{target}'.*event 5"):
        dm.nn_target(ev, target)


def test_log_ratio_target_is_the_log_of_the_ratio(h_small):
    np.testing.assert_allclose(
        dm.nn_target(h_small, "log_ratio"), np.log(dm.nn_target(h_small, "ratio"))
    )


@pytest.mark.parametrize("prior", ["flat", "inverse"])
def test_selected_mass_sample_follows_the_prior_after_selection(prior):
    ev = dm.selected_mass_sample(2000, seed=3, prior=prior, n_slices=4)
    assert len(ev["gen_mass"]) == 2000
    counts, _ = np.histogram(ev["gen_mass"], bins=4, range=(50, 250))
    edges = np.linspace(50, 250, 5)
    share = np.diff(np.log(edges)) if prior == "inverse" else np.diff(edges)
    expected = 2000 * share / share.sum()
    assert np.all(np.abs(counts - expected) <= 1)
    # every event passed the selection and is unweighted
    assert set(np.unique(ev["channel"])) <= {0, 1, 2, 3}
    # the events are shuffled, not ordered by slice
    assert not np.all(np.diff(ev["gen_mass"][:50]) > 0)


def test_selected_mass_sample_rejects_bad_arguments():
    with pytest.raises(ValueError, match="prior must be one of"):
        dm.selected_mass_sample(100, prior="gaussian")
    with pytest.raises(ValueError, match="at least n_slices=20"):
        dm.selected_mass_sample(10)
    with pytest.raises(ValueError, match="0 < low < high"):
        dm.selected_mass_sample(100, mass_range=(250, 50))
    with pytest.raises(TypeError, match="n_events must be an int"):
        dm.selected_mass_sample(100.0)


def test_effective_sample_size_counts_unequal_weights_less():
    assert dm.effective_sample_size(np.ones(50)) == pytest.approx(50)
    # one event of weight 49 among 49 of weight 1: (98)^2 / (49 + 49^2)
    w = np.r_[np.ones(49), 49.0]
    assert dm.effective_sample_size(w) == pytest.approx(98**2 / (49 + 49**2))
    with pytest.raises(ValueError, match="non-negative"):
        dm.effective_sample_size(np.array([1.0, -1.0]))
    with pytest.raises(ValueError, match="non-empty"):
        dm.effective_sample_size(np.array([]))


def test_flat_mass_weights_reject_bad_arguments():
    with pytest.raises(ValueError, match="NaN"):
        dm.flat_mass_weights(np.array([60.0, np.nan]))
    with pytest.raises(ValueError, match="bins must be an int >= 1"):
        dm.flat_mass_weights(np.array([60.0, 70.0]), bins=0)
    with pytest.raises(ValueError, match="no gen_mass lies inside"):
        dm.flat_mass_weights(np.array([60.0, 70.0]), mass_range=(100.0, 200.0))


# -- the fair resolution -----------------------------------------------------


def test_fair_resolution_undoes_a_squeezed_mass_scale():
    rng = np.random.default_rng(1)
    z, h = rng.normal(M_Z, 9.0, 40_000), rng.normal(M_H, 12.0, 40_000)
    honest = dm.fair_resolution(z, h)
    # squeeze the scale by 2 around 100 GeV: sigma/M halves, the fair one not
    sz, sh = 100 + (z - 100) / 2, 100 + (h - 100) / 2
    squeezed = dm.fair_resolution(sz, sh)
    assert (
        dm.mass_summary(sz)["sigma_over_m"] < 0.6 * dm.mass_summary(z)["sigma_over_m"]
    )
    assert squeezed["slope"] == pytest.approx(0.5, rel=0.03)
    assert squeezed["low"] == pytest.approx(honest["low"], rel=0.03)
    assert honest["low"] == pytest.approx(9.0 / M_Z, rel=0.03)


def test_fair_resolution_refuses_an_estimate_that_does_not_rise():
    with pytest.raises(ValueError, match="does not rise"):
        dm.fair_resolution(np.array([100.0, 101.0]), np.array([90.0, 91.0]))
    with pytest.raises(ValueError, match="true_high must exceed true_low"):
        dm.fair_resolution(np.ones(3), np.ones(3), 125.0, 91.0)


# -- the networks -------------------------------------------------------------


def test_predict_refuses_no_events(tiny_network, h_small):
    with pytest.raises(ValueError, match="events holds no events"):
        tiny_network.predict(_rows(h_small, np.zeros(len(h_small["gen_mass"]), bool)))
    with pytest.raises(ValueError, match="batch_size must be >= 1"):
        tiny_network.predict(h_small, batch_size=0)


def test_train_mass_network_refuses_bad_input(h_small):
    empty = _rows(h_small, np.zeros(len(h_small["gen_mass"]), bool))
    with pytest.raises(ValueError, match="events holds no events to train on"):
        dm.train_mass_network(empty, flat_weights=False)
    with pytest.raises(ValueError, match="loss must be one of"):
        dm.train_mass_network(h_small, loss="huber")
    with pytest.raises(ValueError, match="flat_weights=True works with loss='mse'"):
        dm.train_mass_network(h_small, loss="l1")
    with pytest.raises(ValueError, match="val_events holds no events"):
        dm.train_mass_network(h_small, epochs=1, val_events=empty)


def test_l1_log_ratio_network_predicts_near_the_median(one_thread_sample):
    train, z, h = one_thread_sample
    net = dm.train_mass_network(
        train, target="log_ratio", loss="l1", flat_weights=False, epochs=8, seed=0
    )
    for events, true in ((z, M_Z), (h, M_H)):
        median = float(np.median(net.predict(events)))
        assert abs(median / true - 1) < 0.08


@pytest.fixture(scope="module")
def one_thread_sample():
    torch.set_num_threads(1)
    train = dm.selected_mass_sample(6000, seed=5, prior="inverse")
    return train, generate("Z", 1500, seed=6), generate("H", 1500, seed=7)


def test_classifier_auc_separates_z_from_h(one_thread_sample):
    _, z, h = one_thread_sample
    auc = dm.classifier_auc(
        _rows(h, slice(0, 1000)),
        _rows(z, slice(0, 1000)),
        _rows(h, slice(1000, None)),
        _rows(z, slice(1000, None)),
        epochs=5,
    )
    assert 0.75 < auc <= 1.0
    with pytest.raises(ValueError, match="test_signal holds no events"):
        dm.classifier_auc(h, z, _rows(h, slice(0, 0)), z)


# -- timing --------------------------------------------------------------------


def test_time_per_1000_scales_with_the_cost_per_event(h_small):
    def slow(events):
        time.sleep(0.002 * len(events["gen_mass"]))

    seconds = dm.time_per_1000(slow, h_small)
    assert seconds == pytest.approx(2.0, rel=0.25)


def test_time_per_1000_refuses_bad_input(h_small):
    with pytest.raises(ValueError, match="events has no columns"):
        dm.time_per_1000(dm.visible_mass, {})
    with pytest.raises(ValueError, match="events holds no events"):
        dm.time_per_1000(dm.visible_mass, {"gen_mass": np.array([])})
    with pytest.raises(TypeError, match="estimator must be callable"):
        dm.time_per_1000("visible_mass", h_small)
    with pytest.raises(ValueError, match="repeats must be an int >= 1"):
        dm.time_per_1000(dm.visible_mass, h_small, repeats=0)
