import numpy as np
import pytest
import torch

from nnreg import data


def test_gaussian_follows_the_lessons_formula():
    x, y = data.noisy_gaussian(seed=3)
    assert x.shape == y.shape == (201, 1)
    assert x.dtype == y.dtype == torch.float32
    np.testing.assert_array_equal(x[:, 0].numpy(), np.arange(201, dtype=np.float32))
    # y = curve + 5 u, u in [0, 1): recover u from the data
    u = (y.double() - data.gaussian_curve(x.double())) / 5.0
    assert float(u.min()) >= -1e-6 and float(u.max()) < 1.0 + 1e-6
    gen = torch.Generator().manual_seed(3)
    expected_u = torch.rand(201, generator=gen, dtype=torch.float64)
    np.testing.assert_allclose(u[:, 0].numpy(), expected_u.numpy(), atol=2e-6)


def test_parabola_matches_the_notebooks_seeded_draw():
    x, y = data.noisy_parabola(seed=1)
    assert x.shape == y.shape == (100, 1)
    np.testing.assert_allclose(x[[0, -1], 0].numpy(), [-1.0, 1.0])
    # the notebook seeds the global generator with 1 and then draws once
    state = torch.get_rng_state()
    torch.manual_seed(1)
    ref = x.pow(2) + 0.2 * torch.rand(x.size())
    torch.set_rng_state(state)
    assert torch.equal(y, ref)


def test_sine_formula_and_range():
    x, y = data.noisy_sine(seed=7)
    assert x.shape == y.shape == (1000, 1)
    noise = y - torch.sin(x)
    assert float(noise.min()) >= -1e-6 and float(noise.max()) <= 0.2 + 1e-6
    assert abs(float(noise.mean()) - 0.1) < 0.01


@pytest.mark.parametrize(
    "make", [data.noisy_gaussian, data.noisy_parabola, data.noisy_sine]
)
def test_same_seed_same_bits_and_global_state_untouched(make):
    before = torch.get_rng_state()
    np_before = np.random.get_state()[1].copy()  # noqa: NPY002
    a, b = make(seed=11), make(seed=11)
    assert torch.equal(a[1], b[1])
    assert not torch.equal(a[1], make(seed=12)[1])
    assert torch.equal(torch.get_rng_state(), before)
    np.testing.assert_array_equal(np.random.get_state()[1], np_before)  # noqa: NPY002


def test_generator_argument_is_used():
    g1, g2 = torch.Generator().manual_seed(5), torch.Generator().manual_seed(5)
    assert torch.equal(data.noisy_sine(g1)[1], data.noisy_sine(g2)[1])


@pytest.mark.parametrize("bad", [1.5, "1", None, True])
def test_bad_seed_is_refused(bad):
    with pytest.raises(TypeError, match="seed must be an int"):
        data.noisy_parabola(seed=bad)


def test_noise_floor_is_the_uniform_variance():
    assert data.noise_floor(5.0) == pytest.approx(25.0 / 12.0)
    _, y = data.noisy_gaussian(seed=0)
    x, _ = data.noisy_gaussian(seed=0)
    residual = y.double() - data.gaussian_curve(x.double()) - 2.5
    assert float(residual.var()) == pytest.approx(data.noise_floor(5.0), rel=0.2)


@pytest.mark.parametrize(
    ("name", "make"), [("parabola", data.noisy_parabola), ("sine", data.noisy_sine)]
)
def test_true_curve_is_where_the_data_scatter(name, make):
    # the data scatter evenly around the true curve: residuals within half
    # the noise amplitude (0.2), averaging to zero within 4 standard errors
    x, y = make(seed=3)
    residual = y.double() - data.true_curve(name, x)
    assert residual.dtype == torch.float64 and residual.shape == x.shape
    assert float(residual.abs().max()) <= 0.1 + 1e-6
    assert abs(float(residual.mean())) < 4 * 0.2 / np.sqrt(12 * len(x))


def test_true_curve_of_the_bump_takes_arrays_and_tensors():
    x, y = data.noisy_gaussian(seed=4)
    on_tensor = data.true_curve("gaussian", x)
    on_array = data.true_curve("gaussian", x.numpy().ravel())
    assert isinstance(on_array, np.ndarray) and on_array.dtype == np.float64
    np.testing.assert_allclose(on_tensor.numpy().ravel(), on_array)
    residual = y.double() - on_tensor
    assert float(residual.abs().max()) <= 2.5 + 1e-5
    assert abs(float(residual.mean())) < 4 * 5.0 / np.sqrt(12 * len(x))
