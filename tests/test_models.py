import pytest
import torch
from torch import nn

from nnreg.models import (
    TwoLayerNet,
    collapse_linear,
    count_hidden_layers,
    count_parameters,
    mlp,
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
