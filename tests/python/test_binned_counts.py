"""The fused metrics operator binned_counts against NumPy: every output, both work splits (private
per-task histograms; split columns), dtypes, weights, opcheck and every error."""

import numpy as np
import pytest
import torch

import multilabel_head  # noqa: F401  (registers the operators)
from conftest import reference_cross_entropy

binned_counts = torch.ops.multilabel_head.binned_counts


def _reference(scores, labels, weights, buckets, thresholds, from_logits):
    p = (torch.sigmoid(scores) if from_logits else scores).float().numpy()
    y = labels.double().numpy()
    rows, classes = p.shape
    w = (
        np.ones((rows, classes))
        if weights is None
        else np.broadcast_to(weights.double().numpy().reshape(rows, -1), (rows, classes))
    )
    positive = y != 0
    histogram = np.zeros((classes, buckets, 2))
    if buckets:
        b = np.maximum(0, np.ceil(p * np.float32(buckets)) - 1).astype(np.int64)
        for c in range(classes):
            histogram[c, :, 0] = np.bincount(b[:, c], w[:, c] * ~positive[:, c], minlength=buckets)
            histogram[c, :, 1] = np.bincount(b[:, c], w[:, c] * positive[:, c], minlength=buckets)
    counts = []
    for t in thresholds:
        predicted = p > np.float32(t)
        counts.append(
            [
                (w * (positive & predicted)).sum(),
                (w * (~positive & predicted)).sum(),
                (w * (~positive & ~predicted)).sum(),
                (w * (positive & ~predicted)).sum(),
                (w * (y == predicted)).sum(),
            ]
        )
    class_sums = np.stack([(w * p).sum(0), w.sum(0)], 1)
    loss = reference_cross_entropy(scores.double().numpy(), y).mean(1)
    loss_sums = np.array([(w[:, 0] * loss).sum(), w[:, 0].sum()])
    return histogram, np.array(counts).reshape(len(thresholds), 5), class_sums, loss_sums


@pytest.mark.parametrize("threads", [1, 2])
@pytest.mark.parametrize("classes", [1, 7, 700])  # 700 classes at 2 threads split the columns
@pytest.mark.parametrize("weights", [None, "row", "cell"])
@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
@pytest.mark.parametrize("with_class_sums", [True, False])
def test_outputs_equal_the_reference(threads, classes, weights, dtype, with_class_sums):
    torch.set_num_threads(threads)
    scores = (torch.randn(61, classes) * 4).to(dtype)
    labels = torch.rand(61, classes) < 0.3
    w = {None: None, "row": torch.rand(61), "cell": torch.rand(61, classes)}[weights]
    with_loss = weights != "cell"
    outputs = binned_counts(scores, labels, w, 199, [0.25, 0.5], True, with_loss, with_class_sums)
    expected = _reference(scores, labels, w, 199, [0.25, 0.5], True)
    counter = torch.int64 if w is None else torch.float64
    assert [o.dtype for o in outputs] == [counter, counter, torch.float64, torch.float64]
    compared = 3 if with_class_sums else 2
    for output, reference in zip(outputs[:compared], expected[:compared], strict=True):
        np.testing.assert_allclose(output.numpy(), reference, rtol=1e-6, atol=1e-9)
    if with_loss:
        np.testing.assert_allclose(outputs[3].numpy(), expected[3], rtol=1e-5)
    else:
        assert outputs[3].eq(0).all()


@pytest.mark.parametrize("label_dtype", [torch.bool, torch.uint8, torch.int32, torch.float16, torch.float64])
def test_label_dtypes_and_probabilities(label_dtype):
    scores = torch.rand(40, 3)
    labels = (torch.rand(40, 3) * 2).floor().to(label_dtype)
    outputs = binned_counts(scores, labels, None, 9, [0.5], False, False, True)
    expected = _reference(scores, labels, None, 9, [0.5], False)
    for output, reference in zip(outputs[:3], expected[:3], strict=True):
        np.testing.assert_allclose(output.numpy(), reference, rtol=1e-6)


def test_bucket_edges():
    # p = 0 and p = 1/199 share the first bucket, p = 1 is in the last; float32 arithmetic.
    scores = torch.tensor([[0.0], [1 / 199], [2 / 199], [0.5], [1.0]])
    histogram = binned_counts(scores, torch.ones(5, 1), None, 199, [], False, False, False)[0]
    buckets = np.maximum(0, np.ceil(scores.numpy().ravel() * np.float32(199)) - 1).astype(int)
    np.testing.assert_array_equal(histogram[0, :, 1].numpy(), np.bincount(buckets, minlength=199))
    assert histogram[0, 0, 1] == 2 and histogram[0, 198, 1] == 1


def test_empty_batch():
    outputs = binned_counts(torch.empty(0, 3), torch.empty(0, 3), None, 4, [0.5], True, True, True)
    assert [tuple(o.shape) for o in outputs] == [(3, 4, 2), (1, 5), (3, 2), (2,)]
    assert all(o.eq(0).all() for o in outputs)


@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("from_logits", [False, True])
def test_opcheck(weighted, from_logits):
    scores = torch.randn(9, 4) if from_logits else torch.rand(9, 4)
    weights = torch.rand(9) if weighted else None
    args = (scores, torch.rand(9, 4) < 0.5, weights, 19, [0.3, 0.6], from_logits, from_logits, True)
    torch.library.opcheck(binned_counts.default, args)


@pytest.mark.parametrize(
    ("args", "error", "match"),
    [
        (
            (torch.ones(3, 2).long(), torch.ones(3, 2), None, 4, [], False, False, False),
            TypeError,
            "float32 or float64",
        ),
        (
            (torch.rand(3, 2), torch.ones(3, 2, dtype=torch.complex64), None, 4, [], False, False, False),
            TypeError,
            "labels",
        ),
        ((torch.rand(3), torch.ones(3), None, 4, [], False, False, False), ValueError, r"\[rows, classes\]"),
        (
            (torch.rand(3, 2), torch.ones(3, 3), None, 4, [], False, False, False),
            ValueError,
            r"\(3, 3\).*\(3, 2\)",
        ),
        ((torch.rand(3, 2), torch.ones(3, 2), None, -1, [], False, False, False), ValueError, "num_buckets"),
        (
            (torch.rand(3, 2), torch.ones(3, 2), torch.ones(2), 4, [], False, False, False),
            ValueError,
            "weights must have",
        ),
        (
            (torch.rand(3, 2), torch.ones(3, 2), torch.ones(3, 2), 4, [], True, True, False),
            ValueError,
            "one weight per row",
        ),
        ((torch.rand(3, 2), torch.ones(3, 2), None, 4, [], False, True, False), ValueError, "from logits"),
        (
            (torch.rand(3, 2) + 1, torch.ones(3, 2), None, 4, [], False, False, False),
            ValueError,
            "from_logits=True",
        ),
        (
            (torch.full((3, 2), float("nan")), torch.ones(3, 2), None, 4, [], True, False, False),
            ValueError,
            "NaN",
        ),
        (
            (torch.rand(3, 2), torch.full((3, 2), -1.0), None, 4, [], False, False, False),
            ValueError,
            r"\[0, 1\]",
        ),
    ],
)
def test_errors(args, error, match):
    with pytest.raises(error, match=match):
        binned_counts(*args)


@pytest.mark.parametrize("label", [0, 1])
def test_loss_keeps_its_precision_over_the_logit_range(label):
    # Confident rows (tiny losses) and wrong ones (large losses), one row each; every row's loss is
    # read back through a one-hot weight on the row, so errors cannot cancel in a sum.
    logits = torch.cat([torch.linspace(-40, 40, 81), torch.tensor([1e-8, -1e-8, 16.5, -16.5])])[:, None]
    labels = torch.full_like(logits, float(label))
    expected = reference_cross_entropy(logits.double().numpy(), labels.numpy()).ravel()
    for row, value in enumerate(expected):
        weights = torch.zeros(len(expected))
        weights[row] = 1.0
        loss = binned_counts(logits, labels, weights, 0, [], True, True, False)[3][0].item()
        assert loss == pytest.approx(value, rel=2e-6, abs=1e-30), logits[row].item()
