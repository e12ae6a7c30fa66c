"""The exported losses compute what their formulas say, for every accepted shape."""

import pytest
import torch
from torch import nn

from nnreg import collapse_linear, mape_loss, mse_loss

PRED = torch.tensor([[1.0], [2.0], [4.0]])
TARGET = torch.tensor([[2.0], [2.0], [2.0]])


def test_mse_matches_its_formula():
    # squared errors 1, 0, 4
    assert float(mse_loss(PRED, TARGET)) == pytest.approx(5 / 3)
    assert float(mse_loss(TARGET, TARGET)) == 0.0
    assert float(mse_loss(PRED[:, 0], TARGET[:, 0])) == pytest.approx(5 / 3)


@pytest.mark.parametrize("shape", [(3,), (3, 1)])
def test_weighted_mse_weights_each_sample_once(shape):
    weight = torch.tensor([2.0, 1.0, 1.0]).reshape(shape)
    # (2 * 1 + 1 * 0 + 1 * 4) / (2 + 1 + 1)
    assert float(mse_loss(PRED, TARGET, weight)) == pytest.approx(6 / 4)
    ones = torch.ones(shape)
    assert float(mse_loss(PRED, TARGET, ones)) == pytest.approx(5 / 3)
    assert float(mse_loss(TARGET, TARGET, ones)) == 0.0


def test_weighted_mse_with_two_outputs_averages_the_outputs():
    pred = torch.tensor([[1.0, 0.0], [2.0, 2.0]])
    target = torch.zeros(2, 2)
    weight = torch.tensor([1.0, 3.0])
    # per sample mean over outputs: 0.5 and 4, weighted (0.5 + 12) / 4
    assert float(mse_loss(pred, target, weight)) == pytest.approx(12.5 / 4)


def test_mape_matches_its_formula():
    # relative errors 0.5, 0, 1 -> mean 0.5 -> 50 %
    assert float(mape_loss(PRED, TARGET)) == pytest.approx(50.0)
    weight = torch.tensor([0.0, 1.0, 1.0])
    assert float(mape_loss(PRED, TARGET, weight)) == pytest.approx(50.0)
    weight = torch.tensor([1.0, 1.0, 0.0])
    assert float(mape_loss(PRED, TARGET, weight)) == pytest.approx(25.0)


def test_losses_carry_gradients():
    pred = PRED.clone().requires_grad_(True)
    mse_loss(pred, TARGET).backward()
    torch.testing.assert_close(pred.grad, 2 * (PRED - TARGET) / 3)


def test_collapse_linear_handles_layers_without_bias():
    net = nn.Sequential(nn.Linear(2, 3, bias=False), nn.Linear(3, 1))
    weight, bias = collapse_linear(net)
    x = torch.randn(5, 2, generator=torch.Generator().manual_seed(0))
    with torch.no_grad():
        torch.testing.assert_close(net(x), x @ weight.T + bias)
