import copy

import numpy as np
import pytest
import torch
from torch import nn

from nnreg import fit, noisy_parabola
from nnreg.models import (
    TwoLayerNet,
    collapse_linear,
    count_hidden_layers,
    count_parameters,
    kink_positions,
    mlp,
    relu_kinks,
)


def test_mlp_layout_and_activations():
    net = mlp(1, [100, 50], 1, activation=["relu", None])
    kinds = [type(m) for m in net]
    assert kinds == [nn.Linear, nn.ReLU, nn.Linear, nn.Linear]
    assert net(torch.zeros(7, 1)).shape == (7, 1)
    assert all(isinstance(m, nn.Linear) for m in mlp(1, [3, 3], 1, activation=None))
    assert isinstance(mlp(2, [4], 3, activation=nn.Tanh)[1], nn.Tanh)


def test_mlp_seed_is_reproducible_and_leaves_global_state():
    before = torch.get_rng_state()
    a, b = mlp(1, [10], 1, seed=4), mlp(1, [10], 1, seed=4)
    assert torch.equal(a[0].weight, b[0].weight)
    assert torch.equal(torch.get_rng_state(), before)
    torch.manual_seed(4)
    c = mlp(1, [10], 1)
    assert torch.equal(a[0].weight, c[0].weight)


def test_two_layer_net_matches_notebook_initialisation():
    torch.manual_seed(1)
    ref = TwoLayerNet(1, 10, 1)
    net = TwoLayerNet(1, 10, 1, seed=1)
    assert torch.equal(net.hidden.weight, ref.hidden.weight)
    assert torch.equal(net.predict.bias, ref.predict.bias)
    x = torch.linspace(-1, 1, 5).unsqueeze(1)
    expected = net.predict(torch.relu(net.hidden(x)))
    assert torch.equal(net(x), expected)


@pytest.mark.parametrize(
    ("args", "error", "match"),
    [
        ((0, [10], 1), ValueError, "n_in"),
        ((1, 10, 1), TypeError, "sequence of layer widths"),
        ((1, [10, -2], 1), ValueError, "hidden width"),
        ((1, [10], 1, "swish"), ValueError, "unknown activation"),
        ((1, [10, 10], 1, ["relu"]), ValueError, "2 hidden layers"),
        ((1, [10], 1, 3), TypeError, "activation must be"),
    ],
)
def test_mlp_refuses_bad_arguments(args, error, match):
    with pytest.raises(error, match=match):
        mlp(*args)


def test_counting_layers_and_parameters():
    exercise = mlp(1, [50] * 5, 1)
    assert count_hidden_layers(exercise) == 5
    assert count_hidden_layers(TwoLayerNet(1, 10, 1)) == 1
    assert count_parameters(TwoLayerNet(1, 10, 1)) == 31
    assert count_parameters(exercise) == 100 + 4 * (50 * 50 + 50) + 51
    frozen = mlp(1, [4], 1)
    frozen[0].weight.requires_grad_(False)
    assert (
        count_parameters(frozen) == count_parameters(frozen, trainable_only=False) - 4
    )
    with pytest.raises(ValueError, match="no torch.nn.Linear"):
        count_hidden_layers(nn.ReLU())


def test_collapse_linear_equals_the_stack():
    net = mlp(1, [100, 100], 1, activation=None, seed=0)
    weight, bias = collapse_linear(net)
    assert weight.shape == (1, 1) and bias.shape == (1,)
    x = torch.linspace(-10, 10, 50).unsqueeze(1)
    torch.testing.assert_close(net(x), x @ weight.T + bias, rtol=1e-5, atol=1e-5)
    with pytest.raises(ValueError, match="Linear layers only"):
        collapse_linear(mlp(1, [3], 1))


def _kinks_on_a_fine_grid(net, lo, hi, n=200_001, tol=1e-9):
    """Kinks seen in the double-precision prediction: where the slope jumps."""
    grid = torch.linspace(lo, hi, n, dtype=torch.float64)
    with torch.no_grad():
        f = copy.deepcopy(net).double()(grid[:, None])[:, 0].numpy()
    g = grid.numpy()
    jump = np.diff(np.diff(f) / np.diff(g))
    flagged = np.flatnonzero(np.abs(jump) > tol)
    # a kink inside a grid cell bends the two slopes around it: one kink
    runs = np.split(flagged, np.flatnonzero(np.diff(flagged) > 1) + 1)
    runs = [r for r in runs if len(r)]
    where = np.array([g[1:-1][r].mean() for r in runs])
    size = np.array([jump[r].sum() for r in runs])
    return where, size, (hi - lo) / (n - 1)


@pytest.mark.parametrize(("seed", "width"), [(0, 10), (1, 10), (2, 20), (3, 20)])
def test_relu_kinks_match_the_prediction_on_a_fine_grid(seed, width):
    x, y = noisy_parabola(seed=seed)
    net = TwoLayerNet(1, width, 1, seed=seed)
    fit(net, x, y, epochs=50, optimizer="sgd", lr=0.2)
    positions, jumps = relu_kinks(net, -1.0, 1.0)
    seen, seen_jumps, step = _kinks_on_a_fine_grid(net, -1.0, 1.0)
    assert positions.dtype == jumps.dtype == np.float64
    assert np.all(np.diff(positions) >= 0)
    assert 0 < len(positions) <= width
    # every kink of the weights bends the prediction, and nothing else does
    assert len(seen) == len(positions)
    np.testing.assert_allclose(seen, positions, atol=step)
    np.testing.assert_allclose(seen_jumps, jumps, rtol=1e-6, atol=1e-8)


def test_relu_kinks_of_hand_set_weights():
    net = TwoLayerNet(1, 4, 1)
    with torch.no_grad():
        net.hidden.weight[:] = torch.tensor([[2.0], [-1.0], [0.0], [1.0]])
        net.hidden.bias[:] = torch.tensor([-1.0, 0.25, 0.3, 3.0])
        net.predict.weight[:] = torch.tensor([[0.5, -2.0, 7.0, 1.0]])
    positions, jumps = relu_kinks(net, -1.0, 1.0)
    # unit 3 never switches (w = 0), unit 4 switches at -3, outside the range
    np.testing.assert_allclose(positions, [0.25, 0.5])
    np.testing.assert_allclose(jumps, [-2.0, 1.0])
    wide_positions, _ = relu_kinks(net, -5.0, 5.0)
    np.testing.assert_allclose(wide_positions, [-3.0, 0.25, 0.5])
    empty_positions, empty_jumps = relu_kinks(net, 0.6, 0.9)
    assert empty_positions.shape == empty_jumps.shape == (0,)


@pytest.mark.parametrize(
    ("model", "lo", "hi", "error", "match"),
    [
        (mlp(1, [10], 1), -1, 1, TypeError, "TwoLayerNet, got Sequential"),
        (TwoLayerNet(2, 10, 1), -1, 1, ValueError, "2 input"),
        (TwoLayerNet(1, 10, 3), -1, 1, ValueError, "3 output"),
        (TwoLayerNet(1, 10, 1), 1, -1, ValueError, "lo < hi"),
        (TwoLayerNet(1, 10, 1), 0.5, 0.5, ValueError, "lo < hi"),
        (TwoLayerNet(1, 10, 1), -np.inf, 1, ValueError, "finite"),
        (TwoLayerNet(1, 10, 1), "-1", 1, TypeError, "real number"),
        (TwoLayerNet(1, 10, 1), -1, True, TypeError, "real number"),
    ],
)
def test_relu_kinks_refuses_bad_input(model, lo, hi, error, match):
    with pytest.raises(error, match=match):
        relu_kinks(model, lo, hi)


def _two_ramps(kinks: list[float]) -> nn.Sequential:
    """relu(x - k1) + relu(x - k2) + ...: one kink at each k."""
    net = mlp(1, [len(kinks)], 1)
    with torch.no_grad():
        net[0].weight.fill_(1.0)
        net[0].bias.copy_(-torch.tensor(kinks))
        net[2].weight.fill_(1.0)
    return net


def test_kink_positions_finds_every_kink_inside_the_interval():
    net = _two_ramps([-3.3, 0.01, 2.5, 7.0])  # 7.0 lies outside [-5, 5]
    before = [p.clone() for p in net.parameters()]
    found = kink_positions(net, -5.0, 5.0)
    step = 10.0 / 20_000
    assert found == pytest.approx([-3.3, 0.01, 2.5], abs=step)
    after = list(net.parameters())
    assert all(torch.equal(a, b) for a, b in zip(before, after, strict=True))
    assert after[0].dtype == torch.float32


def test_kink_positions_of_a_straight_line_and_of_a_deep_net():
    assert kink_positions(mlp(1, [5, 5], 1, activation=None, seed=0), 0, 1).size == 0
    # relu(relu(x) - 1): the second layer bends at x = 1, where its input
    # crosses zero; the first layer's kink at 0 is hidden (flat either side)
    deep = mlp(1, [1, 1], 1)
    with torch.no_grad():
        for layer, bias in ((deep[0], 0.0), (deep[2], -1.0), (deep[4], 0.0)):
            layer.weight.fill_(1.0)
            layer.bias.fill_(bias)
    assert kink_positions(deep, -2.0, 2.0, points=4001).tolist() == [1.0]


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"lo": 1.0, "hi": 1.0}, ValueError, "lo < hi"),
        ({"lo": "0", "hi": 1.0}, TypeError, "lo must be a number"),
        ({"lo": 0.0, "hi": float("inf")}, ValueError, "hi must be finite"),
        ({"lo": 0.0, "hi": 1.0, "points": 2}, ValueError, "at least 3"),
    ],
)
def test_kink_positions_refuses_bad_intervals(kwargs, error, match):
    with pytest.raises(error, match=match):
        kink_positions(mlp(1, [2], 1), **kwargs)


def test_kink_positions_refuses_networks_with_other_shapes():
    with pytest.raises(ValueError, match="one input"):
        kink_positions(mlp(2, [3], 1), 0.0, 1.0)
    with pytest.raises(ValueError, match="one output"):
        kink_positions(mlp(1, [3], 2), 0.0, 1.0)
    with pytest.raises(TypeError, match="torch.nn.Module"):
        kink_positions(lambda x: x, 0.0, 1.0)
