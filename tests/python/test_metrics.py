"""multilabel_head.metrics against Keras's golden values, the NumPy reference (keras_reference.py) and
scikit-learn; every error path leaves the state as it was."""

import keras_reference as keras
import numpy as np
import pytest
import torch
from sklearn.metrics import average_precision_score, roc_auc_score

from multilabel_head.metrics import AUC, BinaryAccuracy, Mean, Precision, Recall

# Keras's confusion_metrics_test.py vectors.
Y_TRUE = torch.tensor([0, 0, 1, 1])
Y_PRED = torch.tensor([0.0, 0.5, 0.3, 0.9])
WEIGHTS = torch.tensor([1.0, 2.0, 3.0, 4.0])


def _auc(labels, predictions, weights=None, **options) -> float:
    metric = AUC(**options)
    metric.update(labels, predictions, weights)
    return metric.result().item()


@pytest.mark.parametrize(
    ("options", "weighted", "expected"),
    [
        ({}, False, 0.75),
        ({}, True, 0.7857142857),
        ({"summation_method": "majoring"}, True, 1.0),
        ({"summation_method": "minoring"}, True, 0.5714285714),
        ({"curve": "PR", "summation_method": "majoring"}, True, 1.0),
        ({"curve": "PR", "summation_method": "minoring"}, True, 0.7 * 0.4285714286),
        ({"curve": "PR"}, True, 0.5 * (3 + 2 * np.log(2.5)) / 7 + 4 / 7),
    ],
)
def test_keras_golden_values(options, weighted, expected):
    weights = WEIGHTS if weighted else None
    assert _auc(Y_TRUE, Y_PRED, weights, num_thresholds=3, **options) == pytest.approx(expected, rel=1e-6)


def test_keras_multi_label_golden_values():
    predictions = torch.tensor([[0, 0.5, 0.3, 0.9], [0.1, 0.2, 0.3, 0.4]]).T
    labels = torch.tensor([[0, 0, 1, 1], [0, 0, 1, 1]]).T
    assert _auc(labels, predictions, num_thresholds=5, multi_label=True) == pytest.approx((0.875 + 1.0) / 2)
    weighted = _auc(labels, predictions, num_thresholds=5, multi_label=True, label_weights=[0.75, 0.25])
    assert weighted == pytest.approx(0.875 * 0.75 + 1.0 * 0.25)
    assert _auc(labels, predictions, num_thresholds=5) == pytest.approx(1 - 3 / 32)


def _random_batches(rows=300, classes=7, batches=3, ties=False, seed=0):
    generator = torch.Generator().manual_seed(seed)
    for _ in range(batches):
        predictions = torch.rand(rows, classes, generator=generator)
        if ties:  # coarse values: many exact ties, some on bucket edges
            predictions = (predictions * 20).round() / 20
        labels = (torch.rand(rows, classes, generator=generator) < 0.3).to(torch.int64)
        weights = torch.rand(rows, generator=generator) * 3
        yield labels, predictions, weights


@pytest.mark.parametrize("curve", ["ROC", "PR"])
@pytest.mark.parametrize("summation_method", ["interpolation", "minoring", "majoring"])
@pytest.mark.parametrize("ties", [False, True])
@pytest.mark.parametrize("weighted", [False, True])
def test_binned_auc_streams_equal_the_reference(curve, summation_method, ties, weighted):
    metric = AUC(curve=curve, summation_method=summation_method)
    batches = list(_random_batches(ties=ties))
    for labels, predictions, weights in batches:
        metric.update(labels, predictions, weights[:, None] if weighted else None)
    labels = torch.cat([b[0] for b in batches]).numpy()
    predictions = torch.cat([b[1] for b in batches]).numpy()
    weights = torch.cat([b[2] for b in batches]).numpy()[:, None] if weighted else None
    expected = keras.auc(labels, predictions, weights, curve=curve, summation_method=summation_method)
    assert metric.result().item() == pytest.approx(expected, rel=1e-6, abs=1e-7)


def test_bucket_arithmetic_equals_the_direct_comparison_off_the_edges():
    labels, predictions, weights = next(_random_batches(rows=2000))
    bucketed = keras.confusion(labels.numpy(), predictions.numpy(), weights.numpy()[:, None])
    direct = keras.confusion(labels.numpy(), predictions.numpy(), weights.numpy()[:, None], direct=True)
    for a, b in zip(bucketed, direct, strict=True):
        np.testing.assert_allclose(a, b)


@pytest.mark.parametrize("threads", [1, 2])
@pytest.mark.parametrize("classes", [3, 1000])  # private per-task histograms, then split columns
def test_multi_label_auc_per_label(classes, threads):
    torch.set_num_threads(threads)
    labels, predictions, weights = next(_random_batches(rows=64, classes=classes))
    metric = AUC(multi_label=True, num_labels=classes)
    metric.update(labels, predictions, weights)
    per_label = [
        keras.auc(labels[:, c].numpy(), predictions[:, c].numpy(), weights.numpy()) for c in range(classes)
    ]
    assert metric.result().item() == pytest.approx(np.mean(per_label), rel=1e-6)
    micro = AUC()
    micro.update(labels, predictions, weights)
    expected = keras.auc(labels.numpy(), predictions.numpy(), weights.numpy()[:, None])
    assert micro.result().item() == pytest.approx(expected, rel=1e-6)


def test_label_weights_weight_the_cells_of_each_label():
    labels, predictions, weights = next(_random_batches(classes=3))
    label_weights = np.array([0.2, 1.0, 3.0])
    metric = AUC(label_weights=label_weights.tolist())
    metric.update(labels, predictions, weights)
    cell_weights = weights.numpy()[:, None] * label_weights[None, :]
    assert metric.result().item() == pytest.approx(
        keras.auc(labels.numpy(), predictions.numpy(), cell_weights)
    )


def test_from_logits_takes_the_sigmoid():
    labels, predictions, _ = next(_random_batches())
    logits = torch.logit(predictions.double()).float()
    metric = AUC(from_logits=True)
    metric.update(labels, logits)
    expected = keras.auc(labels.numpy(), torch.sigmoid(logits).numpy())
    assert metric.result().item() == pytest.approx(expected, rel=1e-6)


def test_rank_3_and_per_cell_weights():
    labels, predictions, _ = next(_random_batches(rows=40, classes=6))
    labels, predictions = labels.reshape(4, 10, 6), predictions.reshape(4, 10, 6)
    weights = torch.rand(4, 10, 6)
    metric = AUC(curve="PR")
    metric.update(labels, predictions, weights)
    expected = keras.auc(labels.numpy(), predictions.numpy(), weights.numpy(), curve="PR")
    assert metric.result().item() == pytest.approx(expected, rel=1e-6)


def test_degenerate_curves_give_tf_zero():
    ones = torch.ones(4, dtype=torch.int64)
    assert _auc(ones, Y_PRED) == 0.0  # no negatives: ROC 0
    assert _auc(torch.zeros(4), Y_PRED) == 0.0
    assert _auc(torch.zeros(4), Y_PRED, curve="PR") == 0.0
    assert AUC().result().item() == 0.0  # nothing seen yet
    assert _auc(ones, Y_PRED, curve="PR") == pytest.approx(1.0)


def test_curve_points():
    labels, predictions, weights = next(_random_batches())
    metric = AUC()
    metric.update(labels, predictions, weights)
    fpr, tpr, thresholds = metric.curve()
    tp, fp, tn, fn = keras.confusion(labels.numpy(), predictions.numpy(), weights.numpy()[:, None])
    np.testing.assert_allclose(fpr.numpy(), fp / (fp + tn), rtol=1e-6)
    np.testing.assert_allclose(tpr.numpy(), tp / (tp + fn), rtol=1e-6)
    np.testing.assert_array_equal(thresholds.numpy(), keras.keras_thresholds(200))


# --- thresholded metrics ---------------------------------------------------------------------


@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("threshold", [0.25, 0.5, 0.7])
def test_threshold_metrics_equal_the_reference(threshold, weighted):
    labels, predictions, weights = next(_random_batches(ties=True))
    soft = labels.float() * 0.5 + (labels.float() * torch.rand(labels.shape) > 0.25) * 0.5  # 0, 0.5, 1
    w = weights[:, None] if weighted else None
    w_np = w.numpy() if weighted else None
    for metric, reference in (
        (Precision(threshold), keras.precision),
        (Recall(threshold), keras.recall),
        (BinaryAccuracy(threshold), keras.accuracy),
    ):
        for batch_labels in (labels, soft):
            metric.reset()
            metric.update(batch_labels, predictions, w)
            expected = reference(batch_labels.numpy(), predictions.numpy(), w_np, threshold)
            assert metric.result().item() == pytest.approx(expected, rel=1e-6), metric


def test_several_thresholds_give_one_value_each():
    metric = Precision([0.2, 0.6])
    metric.update(Y_TRUE, Y_PRED)
    expected = [keras.precision(Y_TRUE.numpy(), Y_PRED.numpy(), None, t) for t in (0.2, 0.6)]
    np.testing.assert_allclose(metric.result().numpy(), expected)
    assert Precision().thresholds == [0.5]


def test_mean():
    values = torch.tensor([[1.0, 2.0], [3.0, 4.0]])
    metric = Mean()
    metric.update(values, torch.tensor([[1.0], [3.0]]))
    metric.update(torch.tensor(5.0))
    assert metric.result().item() == pytest.approx((1 + 2 + 9 + 12 + 5) / (1 + 1 + 3 + 3 + 1))
    assert Mean().result().item() == 0.0


def test_counters_are_int64_until_weighted():
    metric = Recall()
    metric.update(Y_TRUE, Y_PRED)
    assert metric.state_dict()["state"].dtype == torch.int64
    metric.update(Y_TRUE, Y_PRED, WEIGHTS * 0.5)
    assert metric.state_dict()["state"].dtype == torch.float64
    metric.reset()
    assert metric.state_dict()["state"].dtype == torch.int64
    assert metric.state_dict()["state"].sum() == 0


def test_numpy_inputs():
    metric = AUC(num_thresholds=3)
    metric.update(Y_TRUE.numpy(), Y_PRED.numpy(), WEIGHTS.numpy())
    assert metric.result().item() == pytest.approx(0.7857142857)


# --- exact mode --------------------------------------------------------------------------------


@pytest.mark.parametrize("ties", [False, True])
@pytest.mark.parametrize("weighted", [False, True])
def test_exact_auc_equals_sklearn(ties, weighted):
    batches = list(_random_batches(rows=500, classes=4, ties=ties))
    roc, pr = AUC(num_thresholds=None), AUC(num_thresholds=None, curve="PR")
    for labels, predictions, weights in batches:
        for metric in (roc, pr):
            metric.update(labels, predictions.double(), weights if weighted else None)
    labels = torch.cat([b[0] for b in batches]).numpy().ravel()
    predictions = torch.cat([b[1] for b in batches]).double().numpy().ravel()
    weights = np.repeat(torch.cat([b[2] for b in batches]).double().numpy(), 4) if weighted else None
    assert roc.result().item() == pytest.approx(
        roc_auc_score(labels, predictions, sample_weight=weights), abs=1e-7
    )
    expected_pr = average_precision_score(labels, predictions, sample_weight=weights)
    assert pr.result().item() == pytest.approx(expected_pr, abs=1e-7)


def test_exact_auc_to_1e_9_in_float64():
    labels, predictions, weights = next(_random_batches(rows=3000, classes=1, ties=True))
    y, p, w = labels.numpy().ravel(), predictions.double().numpy().ravel(), weights.double().numpy()
    for curve, reference in (("ROC", roc_auc_score), ("PR", average_precision_score)):
        metric = AUC(num_thresholds=None, curve=curve)
        metric.update(labels, predictions.double(), weights.double())
        assert metric.result().dtype == torch.float64
        assert metric.result().item() == pytest.approx(reference(y, p, sample_weight=w), abs=1e-9)


def test_exact_multi_label_is_the_macro_mean():
    labels, predictions, weights = next(_random_batches(rows=400, classes=5))
    metric = AUC(num_thresholds=None, multi_label=True)
    metric.update(labels, predictions, weights)
    per_label = [roc_auc_score(labels[:, c], predictions[:, c], sample_weight=weights) for c in range(5)]
    assert metric.result().item() == pytest.approx(np.mean(per_label), abs=1e-9)


def test_exact_from_logits_ranks_logits_beyond_sigmoid_saturation():
    logits = torch.tensor([18.0, 19.0, 20.0, 21.0, -3.0])
    labels = torch.tensor([0, 1, 0, 1, 0])
    assert torch.sigmoid(logits[:4]).eq(1.0).all()  # all tied as probabilities
    metric = AUC(num_thresholds=None, from_logits=True)
    metric.update(labels, logits)
    assert metric.result().item() == pytest.approx(roc_auc_score(labels, logits), abs=1e-12)


def test_exact_curve_equals_sklearn_roc_curve():
    from sklearn.metrics import roc_curve

    labels, predictions, weights = next(_random_batches(rows=200, classes=1, ties=True))
    metric = AUC(num_thresholds=None)
    metric.update(labels, predictions, weights)
    fpr, tpr, thresholds = metric.curve()
    ref_fpr, ref_tpr, ref_thresholds = roc_curve(
        labels.ravel(), predictions.ravel(), sample_weight=weights, drop_intermediate=False
    )
    np.testing.assert_allclose(fpr.numpy(), ref_fpr, atol=1e-12)
    np.testing.assert_allclose(tpr.numpy(), ref_tpr, atol=1e-12)
    np.testing.assert_allclose(thresholds.numpy()[1:], ref_thresholds[1:])


# --- merge and checkpoints -------------------------------------------------------------------------


def _all_kinds():
    return [
        AUC(),
        AUC(curve="PR", multi_label=True),
        AUC(num_thresholds=None),
        AUC(num_thresholds=None, curve="PR", multi_label=True),
        Precision([0.3, 0.5]),
        Recall(),
        BinaryAccuracy(0.4),
    ]


@pytest.mark.parametrize("index", range(7))
def test_merge_and_checkpoint_equal_an_uninterrupted_run(index):
    batches = list(_random_batches(batches=4))
    whole, first, second, restored = (_all_kinds()[index] for _ in range(4))
    for i, (labels, predictions, weights) in enumerate(batches):
        whole.update(labels, predictions, weights)
        (first if i < 2 else second).update(labels, predictions, weights)
        if i == 1:
            restored.load_state_dict({k: v.clone() for k, v in whole.state_dict().items()})
        elif i > 1:
            restored.update(labels, predictions, weights)
    first.merge(second)
    torch.testing.assert_close(first.result(), whole.result())
    torch.testing.assert_close(restored.result(), whole.result())


def test_state_dict_of_every_rank_combines():
    metric = AUC()
    metric.update(Y_TRUE, Y_PRED)
    state = metric.state_dict()
    doubled = {key: value * 2 for key, value in state.items()}
    assert metric.result_of(doubled).item() == pytest.approx(metric.result().item())


# --- errors: clear, and atomic ---------------------------------------------------------------


def _unchanged_after(metric, call, error, match):
    metric.update(Y_TRUE, Y_PRED, WEIGHTS)
    before = {key: value.clone() for key, value in metric.state_dict().items()}
    with pytest.raises(error, match=match):
        call(metric)
    after = metric.state_dict()
    assert before.keys() == after.keys()
    for key in before:
        torch.testing.assert_close(after[key], before[key], rtol=0, atol=0)


NAN = torch.tensor([0.1, float("nan"), 0.3, 0.4])


@pytest.mark.parametrize("make", [AUC, lambda: AUC(num_thresholds=None), Precision, BinaryAccuracy])
@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda m: m.update(Y_TRUE, NAN), ValueError, "predictions must not be NaN"),
        (lambda m: m.update(Y_TRUE, Y_PRED * 3), ValueError, r"probabilities in \[0, 1\].*from_logits=True"),
        (lambda m: m.update(Y_TRUE * 2, Y_PRED), ValueError, r"values in \[0, 1\]"),
        (lambda m: m.update(Y_TRUE[:3], Y_PRED), ValueError, r"shape of the predictions.*\(3,\).*\(4,\)"),
        (lambda m: m.update(Y_TRUE, Y_PRED, torch.ones(3)), ValueError, "do not broadcast"),
        (lambda m: m.update(Y_TRUE, Y_PRED.long()), TypeError, "dense floating tensor"),
        (lambda m: m.update(Y_TRUE, [0.5] * 4), TypeError, "Tensor or a NumPy array"),
        (lambda m: m.update(Y_TRUE, Y_PRED, torch.ones(4, dtype=torch.bool)), TypeError, "real tensor"),
    ],
)
def test_bad_updates_raise_and_change_nothing(make, call, error, match):
    _unchanged_after(make(), call, error, match)


def test_nan_logits_raise():
    _unchanged_after(
        AUC(from_logits=True), lambda m: m.update(Y_TRUE, NAN), ValueError, "logits must not be NaN"
    )


@pytest.mark.parametrize(
    ("make", "match"),
    [
        (
            lambda: AUC(num_thresholds=1),
            r"`num_thresholds` must be an integer > 1. Received: num_thresholds=1",
        ),
        (lambda: AUC(curve="XYZ"), r"Invalid AUC curve value: 'XYZ'"),
        (lambda: AUC(summation_method="trapezoid"), "Invalid AUC summation method value"),
        (lambda: AUC(label_weights=[1.0, -1.0]), "must be non-negative"),
        (lambda: AUC(multi_label=True, num_labels=0), "positive integer"),
        (lambda: AUC(multi_label=True, num_labels=3, label_weights=[1.0]), "one weight per label"),
        (lambda: Precision([]), "at least one threshold"),
        (lambda: Recall(1.5), r"thresholds must be in \[0, 1\]"),
    ],
)
def test_bad_arguments(make, match):
    with pytest.raises(ValueError, match=match):
        make()


def test_shape_errors_of_labelled_curves():
    _unchanged_after(
        AUC(multi_label=True, num_labels=1),
        lambda m: m.update(torch.ones(4, 2), torch.ones(4, 2) / 2),
        ValueError,
        r"num_labels=1\) got predictions with 2 labels",
    )
    _unchanged_after(
        AUC(label_weights=[1.0]),
        lambda m: m.update(torch.ones(4, 2), torch.ones(4, 2) / 2),
        ValueError,
        "label_weights",
    )
    _unchanged_after(
        AUC(num_thresholds=None),
        lambda m: m.update(
            Y_TRUE[:, None].expand(4, 2), Y_PRED[:, None].expand(4, 2), torch.ones(4, 2) + torch.eye(4, 2)
        ),
        ValueError,
        "one weight per example",
    )


def test_merge_and_load_errors():
    metric = AUC()
    with pytest.raises(
        ValueError, match=r"cannot merge AUC\(num_thresholds=100.* into AUC\(num_thresholds=200"
    ):
        metric.merge(AUC(num_thresholds=100))
    with pytest.raises(ValueError, match="cannot merge Precision"):
        Recall().merge(Precision())
    _unchanged_after(
        metric,
        lambda m: m.load_state_dict({"histogram": torch.zeros(1, 5, 2, dtype=torch.int64)}),
        ValueError,
        "shape",
    )
    _unchanged_after(
        metric,
        lambda m: m.load_state_dict({"state": torch.zeros(1, 199, 2, dtype=torch.int64)}),
        ValueError,
        "histogram",
    )
    _unchanged_after(
        metric,
        lambda m: m.load_state_dict({"histogram": torch.zeros(1, 199, 2, dtype=torch.int32)}),
        TypeError,
        "int64",
    )
    exact = AUC(num_thresholds=None)
    _unchanged_after(
        exact,
        lambda m: m.load_state_dict(
            {"scores": torch.zeros(2, 1), "labels": torch.zeros(3, 1), "weights": torch.ones(2)}
        ),
        ValueError,
        "needs scores and labels",
    )
    three, two = AUC(num_thresholds=None), AUC(num_thresholds=None)
    three.update(torch.ones(2, 3), torch.rand(2, 3))
    two.update(torch.ones(2, 2), torch.rand(2, 2))
    before = three.state_dict()
    with pytest.raises(ValueError, match=r"'labels' has shapes \(2, 3\) and \(2, 2\)"):
        three.merge(two)
    assert all(torch.equal(three.state_dict()[key], value) for key, value in before.items())
    with pytest.raises(ValueError, match="exact multi_label"):
        AUC(num_thresholds=None, multi_label=True).curve()


def test_repr_names_the_configuration():
    assert repr(Precision(0.25)) == "Precision(thresholds=[0.25])"
    assert repr(AUC(num_thresholds=None, curve="PR")).startswith("AUC(num_thresholds=None, curve='PR'")
