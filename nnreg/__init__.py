"""nnreg: the small library behind the deep-learning regression lessons.

One module per idea:

- :mod:`nnreg.data` -- the lesson's noisy data sets (Gaussian, parabola, sine);
- :mod:`nnreg.models` -- multilayer perceptrons and helpers that count layers;
- :mod:`nnreg.training` -- one :func:`~nnreg.training.fit` function and its
  :class:`~nnreg.training.History`;
- :mod:`nnreg.animation` -- a training history turned into a GIF;
- :mod:`nnreg.gp` -- a thin layer over george for Gaussian-process fits;
- :mod:`nnreg.ditau` and :mod:`nnreg.ditau_mass` -- toy H/Z to tau tau events
  and the di-tau mass estimators;
- :mod:`nnreg.explore` -- a sweep of runs behind a slider, and a question
  with a check, for the exercise pages.

Importing :mod:`nnreg` is cheap: matplotlib, imageio and george are imported
only by the functions that need them.
"""

from nnreg._versions import show_versions
from nnreg.data import (
    gaussian_curve,
    noise_floor,
    noisy_gaussian,
    noisy_parabola,
    noisy_sine,
    true_curve,
)
from nnreg.models import (
    TwoLayerNet,
    collapse_linear,
    count_hidden_layers,
    count_parameters,
    kink_positions,
    mlp,
    relu_kinks,
)
from nnreg.training import History, Snapshot, fit, mape_loss, mse_loss

__version__ = "0.1.0"

__all__ = [
    "History",
    "Snapshot",
    "TwoLayerNet",
    "collapse_linear",
    "count_hidden_layers",
    "count_parameters",
    "fit",
    "gaussian_curve",
    "kink_positions",
    "mape_loss",
    "mlp",
    "mse_loss",
    "noise_floor",
    "noisy_gaussian",
    "noisy_parabola",
    "noisy_sine",
    "relu_kinks",
    "show_versions",
    "true_curve",
]
