import math

import numpy as np
import pytest
import torch

from nnreg import TwoLayerNet, fit, mape_loss, mlp, noisy_parabola, noisy_sine
from nnreg.models import collapse_linear


def test_lesson_parabola_fit_reaches_small_mse():
    x, y = noisy_parabola(seed=1)
    net = TwoLayerNet(1, 10, 1, seed=1)
    hist = fit(net, x, y, epochs=200, optimizer="sgd", lr=0.2)
    assert hist.epochs == 200 and len(hist.loss) == 200
    assert hist.final_loss < 0.01
    assert hist.loss[-1] < hist.loss[0] / 5
    with torch.no_grad():
        assert hist.final_loss == pytest.approx(float(((net(x) - y) ** 2).mean()))


def test_linear_stack_converges_to_least_squares_line():
    x, y = noisy_sine(seed=1)
    net = mlp(1, [100, 100], 1, activation=None, seed=1)
    fit(net, x, y, epochs=300, optimizer="adam", lr=0.01)
    weight, bias = collapse_linear(net)
    design = np.hstack([x.numpy(), np.ones((len(x), 1))]).astype(np.float64)
    (slope, intercept), *_ = np.linalg.lstsq(design, y.numpy().astype(np.float64))
    assert float(weight) == pytest.approx(slope[0], abs=2e-3)
    assert float(bias) == pytest.approx(intercept[0], abs=2e-3)


def test_full_batch_sgd_equals_a_hand_written_loop():
    x, y = noisy_parabola(seed=2)
    a, b = TwoLayerNet(1, 5, 1, seed=3), TwoLayerNet(1, 5, 1, seed=3)
    fit(a, x, y, epochs=25, optimizer="sgd", lr=0.1)
    opt = torch.optim.SGD(b.parameters(), lr=0.1)
    for _ in range(25):
        loss = ((b(x) - y) ** 2).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
    for p, q in zip(a.parameters(), b.parameters(), strict=True):
        torch.testing.assert_close(p, q)


def test_snapshots_for_animation():
    x, y = noisy_parabola(seed=1)
    hist = fit(
        TwoLayerNet(1, 10, 1, seed=1),
        x,
        y,
        epochs=200,
        optimizer="sgd",
        lr=0.2,
        snapshot_every=5,
    )
    assert [s.epoch for s in hist.snapshots] == [*range(0, 200, 5), 200]
    assert hist.snapshots[1].loss == pytest.approx(hist.loss[5])
    assert hist.snapshots[-1].loss == pytest.approx(hist.final_loss)
    assert hist.snapshots[0].prediction.shape == (100, 1)
    assert hist.x_plot.shape == (100, 1)
    grid = torch.linspace(-1, 1, 7).unsqueeze(1)
    hist2 = fit(
        TwoLayerNet(1, 4, 1, seed=1),
        x,
        y,
        epochs=3,
        optimizer="adam",
        lr=0.01,
        snapshot_every=1,
        x_plot=grid,
    )
    assert hist2.snapshots[0].prediction.shape == (7, 1)


def test_mini_batches_validation_and_weights():
    x, y = noisy_sine(seed=1)
    x_val, y_val = noisy_sine(seed=2)
    runs = [
        fit(
            mlp(1, [20, 20], 1, seed=0),
            x,
            y,
            epochs=5,
            optimizer="adam",
            lr=0.01,
            batch_size=100,
            seed=9,
            x_val=x_val,
            y_val=y_val,
            snapshot_every=2,
        )
        for _ in range(2)
    ]
    assert runs[0].loss == runs[1].loss  # shuffling is seeded
    assert len(runs[0].val_loss) == 5 and len(runs[0].snapshots) == 4
    assert runs[0].val_loss[-1] < runs[0].val_loss[0]
    # zero weight on half the points: the fit ignores them
    w = torch.ones(len(x))
    w[500:] = 0
    a = mlp(1, [8], 1, seed=2)
    b = mlp(1, [8], 1, seed=2)
    fit(a, x, y, epochs=10, optimizer="sgd", lr=0.05, weight=w)
    fit(b, x[:500], y[:500], epochs=10, optimizer="sgd", lr=0.05)
    for p, q in zip(a.parameters(), b.parameters(), strict=True):
        torch.testing.assert_close(p, q)


def test_optimizer_instance_and_mape():
    x, y = noisy_parabola(seed=1)
    y = y + 1.0
    net = mlp(1, [10], 1, seed=1)
    opt = torch.optim.Adam(net.parameters(), lr=0.02)
    hist = fit(net, x, y, epochs=100, optimizer=opt, loss="mape")
    assert hist.final_loss < hist.loss[0]
    assert hist.lr == 0.02
    pred, target = torch.tensor([[1.1], [1.8]]), torch.tensor([[1.0], [2.0]])
    assert float(mape_loss(pred, target)) == pytest.approx(10.0)
    calls = []

    def mean_abs(p, t):
        calls.append(tuple(p.shape))
        return (p - t).abs().mean()

    net = mlp(1, [4], 1, seed=0)
    with torch.no_grad():
        first = float((net(x) - y).abs().mean())
    custom = fit(net, x, y, epochs=2, optimizer="sgd", lr=0.1, loss=mean_abs)
    # the recorded losses are the custom loss, not the default MSE
    assert custom.loss[0] == pytest.approx(first)
    with torch.no_grad():
        assert custom.final_loss == pytest.approx(float((net(x) - y).abs().mean()))
        assert custom.final_loss != pytest.approx(float(((net(x) - y) ** 2).mean()))
    assert calls and set(calls) == {(len(x), 1)}


def test_refuses_broadcasting_targets():
    x, y = noisy_parabola()
    with pytest.raises(ValueError, match=r"shape \(100,\).*reshape\(-1, 1\)"):
        fit(mlp(1, [4], 1), x, y[:, 0], epochs=1, optimizer="sgd", lr=0.1)
    with pytest.raises(ValueError, match="broadcast"):
        fit(mlp(1, [4], 2), x, y, epochs=1, optimizer="sgd", lr=0.1)
    with pytest.raises(ValueError, match="rows"):
        fit(mlp(1, [4], 1), x, y[:50], epochs=1, optimizer="sgd", lr=0.1)


@pytest.mark.parametrize("bad", [math.nan, math.inf])
def test_refuses_non_finite_inputs(bad):
    x, y = noisy_parabola()
    x2 = x.clone()
    x2[3, 0] = bad
    with pytest.raises(ValueError, match="x holds 1 NaN or infinite"):
        fit(mlp(1, [4], 1), x2, y, epochs=1, optimizer="sgd", lr=0.1)
    y2 = y.clone()
    y2[0, 0] = bad
    with pytest.raises(ValueError, match="y holds 1 NaN"):
        fit(mlp(1, [4], 1), x, y2, epochs=1, optimizer="sgd", lr=0.1)


@pytest.mark.parametrize("epochs", [0, -3, 2.5, True])
def test_refuses_bad_epochs(epochs):
    x, y = noisy_parabola()
    with pytest.raises(ValueError, match="epochs must be an int >= 1"):
        fit(mlp(1, [4], 1), x, y, epochs=epochs, optimizer="sgd", lr=0.1)


def test_refuses_optimizer_of_another_network():
    """The bug of the lesson's sine section: a new net, the old net's optimiser."""
    x, y = noisy_sine()
    old = TwoLayerNet(1, 10, 1, seed=1)
    stale = torch.optim.SGD(old.parameters(), lr=0.2)
    new = TwoLayerNet(1, 100, 1, seed=1)
    with pytest.raises(ValueError, match="holds none of this model's parameters"):
        fit(new, x, y, epochs=10, optimizer=stale)


def test_refuses_loss_blowing_up_and_names_epoch_and_lr():
    x, y = noisy_sine()
    with pytest.raises(FloatingPointError, match=r"at epoch \d+ with lr=1000000.0"):
        fit(mlp(1, [50, 50], 1, seed=0), x * 100, y, epochs=50, optimizer="sgd", lr=1e6)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"optimizer": "lbfgs", "lr": 0.1}, "optimizer must be"),
        ({"optimizer": "sgd"}, "needs a learning rate"),
        ({"optimizer": "sgd", "lr": -1.0}, "lr must be a positive"),
        ({"optimizer": "sgd", "lr": 0.1, "loss": "huber"}, "loss must be one of"),
        ({"optimizer": "sgd", "lr": 0.1, "batch_size": 0}, "batch_size"),
        ({"optimizer": "sgd", "lr": 0.1, "snapshot_every": 0}, "snapshot_every"),
        ({"optimizer": "sgd", "lr": 0.1, "weight": torch.ones(3)}, "one per sample"),
        ({"optimizer": "sgd", "lr": 0.1, "weight": -torch.ones(100)}, "non-negative"),
        ({"optimizer": "sgd", "lr": 0.1, "x_val": torch.zeros(2, 1)}, "both x_val"),
    ],
)
def test_refuses_bad_options(kwargs, match):
    x, y = noisy_parabola()
    with pytest.raises(ValueError, match=match):
        fit(mlp(1, [4], 1), x, y, epochs=1, **kwargs)


def test_refuses_mape_on_zero_targets_and_type_errors():
    x, y = noisy_parabola()
    with pytest.raises(ValueError, match="MAPE divides"):
        fit(
            mlp(1, [4], 1),
            x,
            torch.zeros_like(y),
            epochs=1,
            optimizer="sgd",
            lr=0.1,
            loss="mape",
        )
    with pytest.raises(TypeError, match="torch.Tensor"):
        fit(mlp(1, [4], 1), x.numpy(), y, epochs=1, optimizer="sgd", lr=0.1)
    with pytest.raises(TypeError, match="torch.nn.Module"):
        fit(lambda t: t, x, y, epochs=1, optimizer="sgd", lr=0.1)
    net = mlp(1, [4], 1)
    with pytest.raises(ValueError, match="drop the lr"):
        fit(
            net,
            x,
            y,
            epochs=1,
            optimizer=torch.optim.SGD(net.parameters(), 0.1),
            lr=0.1,
        )
