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


# -- derived inputs, schedules, several networks -------------------------------


def test_derived_features_add_named_finite_columns(h_small):
    basic = dm.nn_features(h_small)
    derived = dm.nn_features(h_small, derived=True)
    assert basic.shape[1] == len(dm.NN_FEATURES)
    assert derived.shape[1] == len(dm.NN_FEATURES) + len(dm.DERIVED_FEATURES)
    np.testing.assert_array_equal(derived[:, : basic.shape[1]], basic)
    assert np.isfinite(derived).all()
    log_m_vis = derived[:, len(dm.NN_FEATURES)]
    np.testing.assert_allclose(log_m_vis, np.log(dm.visible_mass(h_small)), rtol=1e-5)
    assert set(dm.FEATURE_UNITS) == set(dm.NN_FEATURES + dm.DERIVED_FEATURES)


def test_derived_features_refuse_bad_input(h_small):
    with pytest.raises(TypeError, match="derived must be True or False"):
        dm.nn_features(h_small, derived="yes")
    ev = {k: np.array(v, dtype=float) for k, v in h_small.items()}
    ev["vis_pt1"][0] = 0.0
    with pytest.raises(ValueError, match="positive"):
        dm.nn_features(ev, derived=True)


def test_cosine_schedule_and_derived_inputs_train_and_predict(h_small):
    torch.set_num_threads(1)
    net = dm.train_mass_network(
        h_small,
        epochs=3,
        hidden=(8,),
        inputs="derived",
        schedule="cosine",
        val_events=h_small,
        seed=0,
    )
    assert net.inputs == "derived"
    assert net.history.epochs == 3 and len(net.history.val_loss) == 3
    assert np.isfinite(net.predict(h_small)).all()
    assert "inputs='derived'" in repr(net)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"inputs": "all"}, "inputs must be one of"),
        ({"schedule": "step"}, "schedule must be one of"),
        ({"epochs": 0}, "epochs must be an int"),
    ],
)
def test_train_mass_network_refuses_bad_settings(h_small, kwargs, message):
    with pytest.raises(ValueError, match=message):
        dm.train_mass_network(h_small, **kwargs)


def test_train_mass_networks_matches_a_loop_in_processes(h_small):
    torch.set_num_threads(1)
    jobs = [dict(events=h_small, epochs=1, hidden=(4,), seed=s) for s in (0, 1)]
    alone = [dm.train_mass_network(**job).predict(h_small) for job in jobs]
    together = dm.train_mass_networks(jobs, processes=2)
    for a, b in zip(alone, together, strict=True):
        np.testing.assert_allclose(a, b.predict(h_small), rtol=1e-5)


def test_train_mass_networks_refuses_bad_input(h_small):
    with pytest.raises(ValueError, match="at least one job"):
        dm.train_mass_networks([])
    with pytest.raises(ValueError, match="processes"):
        dm.train_mass_networks([dict(events=h_small)], processes=0)
    with pytest.raises(TypeError, match="'events'"):
        dm.train_mass_networks([dict(epochs=1)])


# -- bootstrap, compare, mass_scores ----------------------------------------------


def test_bootstrap_resamples_rows_together_and_is_seeded():
    x = np.vstack([np.arange(50.0), np.arange(50.0)])
    values = dm.bootstrap(lambda a: a[0].sum() - a[1].sum(), x, seed=3)
    assert values.shape == (200,) and np.all(values == 0)
    first = dm.bootstrap(np.mean, np.arange(10.0), n_resamples=5, seed=1)
    np.testing.assert_array_equal(
        first, dm.bootstrap(np.mean, np.arange(10.0), n_resamples=5, seed=1)
    )


def test_bootstrap_refuses_bad_input():
    with pytest.raises(TypeError, match="callable"):
        dm.bootstrap(3, np.ones(4))
    with pytest.raises(ValueError, match="at least one sample"):
        dm.bootstrap(np.mean)
    with pytest.raises(ValueError, match=">= 2"):
        dm.bootstrap(np.mean, np.ones(4), n_resamples=1)
    with pytest.raises(TypeError, match="n_resamples must be an int"):
        dm.bootstrap(np.mean, np.ones(4), n_resamples=2.5)
    with pytest.raises(ValueError, match="last axis"):
        dm.bootstrap(np.mean, np.ones((3, 0)))


def test_compare_calls_a_tie_inside_both_noises():
    assert dm.compare(0.010, 0.002, 0.002) == "higher"
    assert dm.compare(-0.010, 0.002, 0.002) == "lower"
    assert dm.compare(0.005, 0.002, 0.002) == "tie"  # 2 * 0.0028 = 0.0057
    assert dm.compare(0.005, 0.002) == "higher"
    with pytest.raises(ValueError, match="seed_sd"):
        dm.compare(0.1, 0.01, -1.0)
    with pytest.raises(ValueError, match="difference"):
        dm.compare(np.nan, 0.01)
    with pytest.raises(ValueError, match="n_sigma"):
        dm.compare(0.1, 0.01, n_sigma=0)


def test_mass_scores_per_channel_and_refusals():
    rng = np.random.default_rng(0)
    z, h = rng.normal(M_Z, 9, 2000), rng.normal(M_H, 12, 2000)
    z_c, h_c = rng.integers(0, 2, 2000), rng.integers(0, 2, 2000)
    s = dm.mass_scores(z, h, z_c, h_c, channels=("a", "b"))
    assert list(s) == ["AUC", "a", "b", "fair σ/M", "slope", "Z median/M", "H median/M"]
    assert 0.9 < s["AUC"] < 1 and 0.9 < s["a"] < 1
    with pytest.raises(ValueError, match="together"):
        dm.mass_scores(z, h, z_c)
    with pytest.raises(ValueError, match="channels needs"):
        dm.mass_scores(z, h, channels=("a",))
    with pytest.raises(ValueError, match="one code per event"):
        dm.mass_scores(z, h, z_c[:10], h_c, channels=("a", "b"))


def _two_estimators(n=1500):
    rng = np.random.default_rng(0)
    z = {"sharp": rng.normal(M_Z, 8, n), "blurred": rng.normal(M_Z, 14, n)}
    h = {"sharp": rng.normal(M_H, 8, n), "blurred": rng.normal(M_H, 14, n)}
    codes = rng.integers(0, 2, n), rng.integers(0, 2, n)
    return z, h, codes


def test_bootstrap_scores_and_judge_call_a_clear_gain():
    z, h, codes = _two_estimators()
    scores, resampled = dm.bootstrap_scores(
        z, h, *codes, channels=("a", "b"), n_resamples=30, seed=2
    )
    assert list(scores.index) == ["sharp", "blurred"]
    assert list(scores.columns)[:3] == ["AUC", "a", "b"]
    assert resampled.shape == (30, 2, scores.shape[1])
    verdict = dm.judge(scores, resampled, "sharp", "blurred", columns=["AUC", "a"])
    assert verdict["verdict"].tolist() == ["gain", "gain"]
    fair = dm.judge(scores, resampled, "sharp", "blurred", columns=["fair σ/M"])
    assert fair.loc["fair σ/M", "change"] < 0
    assert fair.loc["fair σ/M", "verdict"] == "gain"  # lower is better
    same = dm.judge(scores, resampled, "sharp", "sharp")
    assert set(same["verdict"]) == {"tie"}
    # a large seed noise turns the gain into a tie
    noisy = dm.judge(
        scores, resampled, "sharp", "blurred", {"AUC": 1.0, "fair σ/M": 1.0}
    )
    assert set(noisy["verdict"]) == {"tie"}


def test_bootstrap_scores_and_judge_refuse_bad_input():
    z, h, codes = _two_estimators(200)
    with pytest.raises(ValueError, match="same estimators"):
        dm.bootstrap_scores(z, {"sharp": h["sharp"]})
    with pytest.raises(ValueError, match="one length"):
        dm.bootstrap_scores(z, h, codes[0][:10], codes[1], channels=("a", "b"))
    scores, resampled = dm.bootstrap_scores(z, h, n_resamples=3)
    with pytest.raises(KeyError, match="no estimator 'other'"):
        dm.judge(scores, resampled, "other", "sharp")
    with pytest.raises(ValueError, match="does not match"):
        dm.judge(scores, resampled[:, :1], "sharp", "blurred")
