"""The fused operator: values against NumPy, gradients, opcheck, every dtype and layout, errors."""

import numpy as np
import pytest
import torch

import multilabel_head  # noqa: F401  (registers the operators)
from conftest import assert_same_value_and_gradient, reference_cross_entropy

ops = torch.ops.multilabel_head
LABEL_DTYPES = [
    torch.bool, torch.uint8, torch.int8, torch.int16, torch.int32, torch.int64,
    torch.float16, torch.bfloat16, torch.float32, torch.float64,
]  # fmt: skip
# Class counts around the vector widths (8 and 16 floats) and the 1024-element label block.
CLASS_COUNTS = [1, 2, 7, 16, 17, 100, 1023, 1025, 3000]


def reference(logits: torch.Tensor, labels: torch.Tensor) -> np.ndarray:
    per_element = reference_cross_entropy(logits.detach().numpy(), labels.double().numpy())
    return per_element.mean(-1, keepdims=True)


def random_labels(shape, dtype: torch.dtype) -> torch.Tensor:
    if dtype.is_floating_point:
        return torch.rand(shape).to(dtype)  # soft targets
    return (torch.rand(shape) < 0.3).to(dtype)


@pytest.mark.parametrize("classes", CLASS_COUNTS)
@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
def test_matches_reference(classes, dtype):
    logits = torch.randn(33, classes, dtype=dtype) * 4
    labels = random_labels((33, classes), torch.float32)
    loss = ops.sigmoid_cross_entropy(logits, labels)
    assert loss.shape == (33, 1) and loss.dtype == dtype
    tolerance = 1e-6 if dtype == torch.float32 else 1e-12
    np.testing.assert_allclose(loss.numpy(), reference(logits, labels), rtol=tolerance, atol=tolerance)


@pytest.mark.parametrize("label_dtype", LABEL_DTYPES)
def test_label_dtypes_agree(label_dtype):
    logits = torch.randn(20, 37)
    labels = random_labels((20, 37), label_dtype)
    loss = ops.sigmoid_cross_entropy(logits, labels)
    np.testing.assert_allclose(loss.numpy(), reference(logits, labels.float()), rtol=1e-6, atol=1e-6)
    grad = ops.sigmoid_cross_entropy_backward(torch.ones(20, 1), logits, labels)
    expected = (torch.sigmoid(logits.double()) - labels.double()) / 37
    np.testing.assert_allclose(grad.numpy(), expected.numpy(), rtol=1e-5, atol=1e-7)


def test_stable_for_large_logits():
    logits = torch.tensor([[-1e4, 1e4, -100.0, 100.0, -30.0, 30.0, 0.0, 88.0]])
    labels = torch.tensor([[1.0, 0.0, 0.0, 1.0, 1.0, 0.0, 1.0, 1.0]])
    loss = ops.sigmoid_cross_entropy(logits, labels)
    assert torch.isfinite(loss).all()
    np.testing.assert_allclose(loss.numpy(), reference(logits, labels), rtol=1e-6)
    logits.requires_grad_()
    ops.sigmoid_cross_entropy(logits, labels).sum().backward()
    expected = (torch.sigmoid(logits.detach().double()) - labels.double()) / 8
    np.testing.assert_allclose(logits.grad.numpy(), expected.numpy(), atol=1e-7)


def test_any_leading_shape_and_layout():
    logits = torch.randn(3, 4, 5, 6).transpose(1, 3)  # [3, 6, 5, 4], not contiguous
    labels = random_labels((3, 4, 5, 6), torch.int64).transpose(1, 3)
    assert not logits.is_contiguous()
    loss = ops.sigmoid_cross_entropy(logits, labels)
    assert loss.shape == (3, 6, 5, 1)
    np.testing.assert_allclose(loss.numpy(), reference(logits, labels), rtol=1e-6, atol=1e-6)


def test_empty_batch():
    logits = torch.randn(0, 5, requires_grad=True)
    loss = ops.sigmoid_cross_entropy(logits, torch.zeros(0, 5))
    assert loss.shape == (0, 1)
    loss.sum().backward()
    assert logits.grad.shape == (0, 5)


@pytest.mark.parametrize("shape", [(6, 9), (9000, 1000)])  # the second's gradient is a huge-page mapping
def test_gradient_is_sigmoid_minus_labels_over_classes(shape):
    logits = torch.randn(shape, requires_grad=True)
    labels = random_labels(shape, torch.int64)
    grad_output = torch.rand(shape[0], 1)
    for _ in range(2):
        logits.grad = None
        ops.sigmoid_cross_entropy(logits, labels).backward(grad_output)
        expected = grad_output * (torch.sigmoid(logits.detach()) - labels) / shape[1]
        torch.testing.assert_close(logits.grad, expected)


@pytest.mark.parametrize("classes", [1, 3, 17])
def test_gradcheck_logits_and_soft_labels(classes):
    logits = torch.randn(4, classes, dtype=torch.float64, requires_grad=True)
    labels = torch.rand(4, classes, dtype=torch.float64, requires_grad=True)
    assert torch.autograd.gradcheck(ops.sigmoid_cross_entropy, (logits, labels))


def test_gradcheck_head_loss_with_weights():
    logits = torch.randn(5, 3, dtype=torch.float64, requires_grad=True)
    weights = torch.rand(5, dtype=torch.float64, requires_grad=True)
    labels = random_labels((5, 3), torch.int64)

    def loss(logits, weights):
        return ops.head_loss(logits, labels, 3, weights, "w", "sum_over_batch_size", [])

    assert torch.autograd.gradcheck(loss, (logits, weights))


def test_gradgradcheck():
    logits = torch.randn(3, 5, dtype=torch.float64, requires_grad=True)
    labels = torch.rand(3, 5, dtype=torch.float64, requires_grad=True)
    assert torch.autograd.gradgradcheck(ops.sigmoid_cross_entropy, (logits, labels))
    grad = torch.rand(3, 1, dtype=torch.float64, requires_grad=True)
    assert torch.autograd.gradcheck(ops.sigmoid_cross_entropy_backward, (grad, logits, labels))


@pytest.mark.parametrize("requires_grad", [False, True])
def test_opcheck(requires_grad):
    logits = torch.randn(4, 3, requires_grad=requires_grad)
    labels = random_labels((4, 3), torch.float32)
    weights = torch.rand(4)
    regularization = [torch.tensor(0.5)]
    samples = [
        (ops.sigmoid_cross_entropy.default, (logits, labels)),
        (ops.sigmoid_cross_entropy.default, (torch.randn(2, 3, 5, requires_grad=requires_grad),
                                             random_labels((2, 3, 5), torch.bool))),
        (ops.check_logits.default, (logits, 3)),
        (ops.check_logits.default, (torch.randint(-3, 3, (4, 3)), 3)),
        (ops.process_labels.default, (labels, logits, 3)),
        (ops.reduce_loss.default,
         (torch.rand(4, 1, requires_grad=requires_grad), logits, weights, "w", "sum", regularization)),
        (ops.head_loss.default, (logits, labels, 3, weights, "w", "sum_over_batch_size", regularization)),
        (ops.head_loss.default, (logits, labels.long(), 3, None, None, "auto", [])),
        (ops.sigmoid_cross_entropy_backward.default,
         (torch.rand(4, 1, requires_grad=requires_grad), logits, labels)),
    ]  # fmt: skip
    for op, args in samples:
        torch.library.opcheck(op, args)


def test_compiles_with_dynamic_batch():
    def loss(logits, labels, weights):
        return ops.head_loss(logits, labels, 4, weights, "w", "sum_over_batch_size", [])

    compiled = torch.compile(loss, backend="aot_eager", fullgraph=True, dynamic=True)
    for rows in (3, 8):
        labels = random_labels((rows, 4), torch.float32)
        assert_same_value_and_gradient(loss, compiled, torch.randn(rows, 4), labels, torch.rand(rows))


@pytest.mark.parametrize(
    ("logits", "labels", "error", "message"),
    [
        (torch.zeros(2, 3, dtype=torch.int64), torch.zeros(2, 3), TypeError, "float32 or float64 logits"),
        (torch.zeros(2, 3, dtype=torch.float16), torch.zeros(2, 3), TypeError, "float32 or float64 logits"),
        (torch.zeros(2, 3), torch.zeros(2, 3, dtype=torch.complex64), TypeError, "bool, integer or floating"),
        (torch.zeros(2, 3), torch.zeros(2, 3, dtype=torch.uint16), TypeError, "bool, integer or floating"),
        (torch.zeros(2, 3), torch.zeros(3, 2), ValueError, r"the logits, got labels_shape: \(3, 2\)"),
        (torch.zeros(()), torch.zeros(()), ValueError, "last axis of at least one class"),
        (torch.zeros(2, 0), torch.zeros(2, 0), ValueError, "last axis of at least one class"),
        (torch.zeros(2, 3), torch.full((2, 3), 2.0), ValueError, r"values in \[0, 1\]"),
        (torch.zeros(2, 3), torch.full((2, 3), -1), ValueError, r"values in \[0, 1\]"),
        (torch.zeros(2, 3), torch.tensor([[0.0, float("nan"), 1.0]] * 2), ValueError, r"values in \[0, 1\]"),
        (torch.zeros(2, 3), torch.full((2, 3), 1.5, dtype=torch.bfloat16), ValueError, r"values in \[0, 1\]"),
    ],
)  # fmt: skip
def test_errors(logits, labels, error, message):
    with pytest.raises(error, match=message):
        ops.sigmoid_cross_entropy(logits, labels)


def test_backward_errors():
    logits, labels = torch.zeros(2, 3), torch.zeros(2, 3)
    with pytest.raises(ValueError, match=r"shape of the per-example loss \(2, 1\), got \(2, 3\)"):
        ops.sigmoid_cross_entropy_backward(torch.zeros(2, 3), logits, labels)
    with pytest.raises(TypeError, match="grad must have the logits' dtype"):
        ops.sigmoid_cross_entropy_backward(torch.zeros(2, 1, dtype=torch.float64), logits, labels)


def test_exports_with_dynamic_batch():
    class Loss(torch.nn.Module):
        def forward(self, logits, labels, weights):
            return ops.head_loss(logits, labels, 4, weights, "w", "sum_over_batch_size", [])

    batch = torch.export.Dim("batch", min=2)
    example = (torch.randn(3, 4), random_labels((3, 4), torch.float32), torch.rand(3))
    exported = torch.export.export(Loss(), example, dynamic_shapes=({0: batch}, {0: batch}, {0: batch}))
    for rows in (2, 9):
        args = (torch.randn(rows, 4), random_labels((rows, 4), torch.float32), torch.rand(rows))
        torch.testing.assert_close(exported.module()(*args), Loss()(*args))
