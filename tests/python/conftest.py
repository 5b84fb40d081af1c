import json
from pathlib import Path

import numpy as np
import pytest
import torch

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@pytest.fixture(autouse=True)
def _deterministic():
    torch.manual_seed(0)
    torch.set_num_threads(2)


def head_cases() -> dict:
    """The inputs and expected numbers that tests/cpp reads too."""
    return json.loads((FIXTURES / "head_cases.json").read_text())


def reference_cross_entropy(logits, labels) -> np.ndarray:
    """Per-element sigmoid cross-entropy in float64, TF's formula written with NumPy."""
    x = np.asarray(logits, dtype=np.float64)
    z = np.asarray(labels, dtype=np.float64)
    return np.maximum(x, 0) - x * z + np.log1p(np.exp(-np.abs(x)))


def reference_loss(logits, labels, weights=None, reduction="sum_over_batch_size", reg=()) -> float:
    """TF's head loss: mean over classes, weighted, summed, divided by the number of examples."""
    per_example = reference_cross_entropy(logits, labels).mean(-1)
    w = np.ones_like(per_example) if weights is None else np.asarray(weights, np.float64)
    total = float((per_example * w.reshape(per_example.shape)).sum())
    if reduction != "sum":
        total /= max(per_example.size, 1)
    return total + float(sum(reg))


def assert_same_value_and_gradient(first, second, logits: torch.Tensor, *rest) -> None:
    """first(logits, *rest) and second(logits, *rest) agree in value and in d/d logits."""
    logits = logits.detach().requires_grad_()
    values = [function(logits, *rest) for function in (first, second)]
    gradients = [torch.autograd.grad(value, logits)[0] for value in values]
    torch.testing.assert_close(values[1], values[0])
    torch.testing.assert_close(gradients[1], gradients[0])
