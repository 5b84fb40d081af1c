"""MultiLabelHead.metrics() and update_metrics(): TF's keys and numbers, one fused pass, atomic."""

import keras_reference as keras
import numpy as np
import pytest
import torch

import multilabel_head
from conftest import reference_cross_entropy
from multilabel_head.metrics import AUC, Mean


def _results(metrics: dict) -> dict[str, float]:
    return {key: metric.result().item() for key, metric in metrics.items()}


def _states(metrics: dict) -> dict:
    return {key: {k: v.clone() for k, v in metric.state_dict().items()} for key, metric in metrics.items()}


def test_keys_follow_tf():
    head = multilabel_head.MultiLabelHead(
        3, thresholds=[0.25, 1e-05, 0.5, 0.5000001], classes_for_class_based_metrics=[2, 0], name="head1"
    )
    expected = {"average_loss", "auc", "auc_precision_recall", "regularization_loss"}
    for t in ("0.25", "1e-05", "0.5"):  # 0.5000001 formats as 0.5: one key
        expected |= {f"{kind}/positive_threshold_{t}" for kind in ("accuracy", "precision", "recall")}
    for c in ("class2", "class0"):
        expected |= {f"{kind}/{c}" for kind in ("probability_mean", "auc", "auc_precision_recall")}
    assert set(head.metrics(regularization_losses=[]).keys()) == {f"{key}/head1" for key in expected}
    assert "regularization_loss/head1" not in head.metrics()


def test_vocabulary_names_the_per_class_keys():
    head = multilabel_head.MultiLabelHead(
        3, label_vocabulary=["a", "b", "c"], classes_for_class_based_metrics=[1, "c"][:1]
    )
    assert {"probability_mean/b", "auc/b", "auc_precision_recall/b"} <= head.metrics().keys()
    by_name = multilabel_head.MultiLabelHead(
        3, label_vocabulary=["a", "b", "c"], classes_for_class_based_metrics=["c"]
    )
    assert "auc/c" in by_name.metrics()


def test_metric_objects_are_the_keras_kinds():
    metrics = multilabel_head.MultiLabelHead(
        2, thresholds=[0.5], classes_for_class_based_metrics=[1]
    ).metrics()
    assert isinstance(metrics["average_loss"], Mean)
    assert repr(metrics["auc_precision_recall"]) == repr(AUC(curve="PR"))
    assert repr(metrics["precision/positive_threshold_0.5"]) == "Precision(thresholds=[0.5])"
    assert repr(metrics["accuracy/positive_threshold_0.5"]) == "BinaryAccuracy(threshold=0.5)"


@pytest.mark.parametrize(
    ("weights", "auc", "auc_pr", "average_loss"),
    [
        (None, 1 / 6, 0.6022843, 8.7500343),
        ([[1.0], [2.0]], 0.2, 0.7280372, 8.3333635),
    ],
)
def test_tf_test_constants(weights, auc, auc_pr, average_loss):
    head = multilabel_head.MultiLabelHead(2, weight_column="w" if weights else None)
    metrics = head.metrics()
    features = {"w": torch.tensor(weights)} if weights else {}
    head.update_metrics(
        metrics, features, torch.tensor([[-10.0, 10.0], [-15.0, 10.0]]), torch.tensor([[1, 0], [1, 1]])
    )
    results = _results(metrics)
    assert results["auc"] == pytest.approx(auc, rel=1e-6)
    assert results["auc_precision_recall"] == pytest.approx(auc_pr, rel=1e-6)
    assert results["average_loss"] == pytest.approx(average_loss, rel=1e-6)


def test_regularization_loss_is_the_mean_over_calls():
    head = multilabel_head.MultiLabelHead(2)
    metrics = head.metrics(regularization_losses=[torch.tensor(0.0)])
    logits, labels = torch.tensor([[-1.0, 1.0]]), torch.tensor([[1, 0]])
    head.update_metrics(
        metrics, {}, logits, labels, regularization_losses=[torch.tensor(1.5), torch.tensor(0.5)]
    )
    head.update_metrics(metrics, {}, logits, labels, regularization_losses=[torch.tensor(4.0)])
    assert metrics["regularization_loss"].result().item() == pytest.approx(3.0)
    assert metrics["average_loss"].result().item() == pytest.approx(1.3132617, rel=1e-6)  # no regularization


def test_per_class_auc_of_an_all_positive_class_is_tf_zero():
    head = multilabel_head.MultiLabelHead(2, classes_for_class_based_metrics=[0, 1])
    metrics = head.update_metrics(
        head.metrics(), {}, torch.tensor([[-1.0, 1.0], [-1.5, 1.5]]), torch.tensor([[1, 0], [1, 1]])
    )
    assert metrics["auc/class0"].result().item() == 0.0
    assert metrics["auc_precision_recall/class0"].result().item() == pytest.approx(1.0)


def _reference_results(head, logits, labels, weights):
    """Every key of the head's metrics from NumPy, on sigmoid(logits) as the head predicts them."""
    p = torch.sigmoid(logits).numpy()
    y = labels.numpy()
    classes = p.shape[-1]
    w = np.ones(p.shape[:-1] + (1,)) if weights is None else weights.numpy().reshape(p.shape[:-1] + (1,))
    per_example = reference_cross_entropy(logits.numpy(), y).mean(-1, keepdims=True)
    expected = {
        "average_loss": (per_example * w).sum() / w.sum(),
        "auc": keras.auc(y, p, w),
        "auc_precision_recall": keras.auc(y, p, w, curve="PR"),
    }
    for t in head.thresholds:
        expected[f"accuracy/positive_threshold_{t:g}"] = keras.accuracy(y, p, w, t)
        expected[f"precision/positive_threshold_{t:g}"] = keras.precision(y, p, w, t)
        expected[f"recall/positive_threshold_{t:g}"] = keras.recall(y, p, w, t)
    for c in head.classes_for_class_based_metrics:
        pc, yc = p[..., c : c + 1], y[..., c : c + 1]
        expected[f"probability_mean/class{c}"] = (pc * w).sum() / w.sum()
        expected[f"auc/class{c}"] = keras.auc(yc, pc, w)
        expected[f"auc_precision_recall/class{c}"] = keras.auc(yc, pc, w, curve="PR")
    assert set(expected) == set(head.metrics()) and classes == head.logits_dimension
    return expected


@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("shape", [(500, 6), (20, 30, 6)])
def test_every_metric_equals_the_reference_over_several_batches(shape, weighted):
    head = multilabel_head.MultiLabelHead(
        6,
        weight_column="w" if weighted else None,
        thresholds=[0.3, 0.5],
        classes_for_class_based_metrics=[0, 4],
    )
    metrics = head.metrics()
    batches = []
    for _ in range(3):
        logits = torch.randn(shape) * 3
        labels = (torch.rand(shape) < 0.3).long()
        weights = torch.rand(shape[:-1]) * 2 if weighted else None
        head.update_metrics(metrics, {"w": weights} if weighted else None, logits, labels)
        batches.append((logits, labels, weights))
    logits = torch.cat([b[0] for b in batches])
    labels = torch.cat([b[1] for b in batches])
    weights = torch.cat([b[2] for b in batches]) if weighted else None
    expected = _reference_results(head, logits, labels, weights)
    results = _results(metrics)
    for key, value in expected.items():
        assert results[key] == pytest.approx(value, rel=2e-6, abs=1e-7), key


def test_every_label_form_gives_the_same_metrics():
    head = multilabel_head.MultiLabelHead(3, label_vocabulary=["a", "b", "c"], thresholds=[0.5])
    logits = torch.tensor([[1.0, -2.0, 0.5], [-1.0, 2.0, 3.0], [0.2, 0.1, -0.3]])
    forms = [
        torch.tensor([[1, 0, 1], [0, 1, 1], [0, 0, 0]]),
        [[0, 2], [1, 2, 2], []],
        [["a", "c"], ["b", "c"], []],
        torch.sparse_coo_tensor([[0, 0, 1, 1], [0, 1, 0, 1]], [0, 2, 1, 2], (3, 2), check_invariants=True),
    ]
    results = [_results(head.update_metrics(head.metrics(), None, logits, labels)) for labels in forms]
    for other in results[1:]:
        assert other == results[0]


def test_custom_loss_fn_feeds_average_loss():
    def loss_fn(labels, logits):
        return torch.tensor([[1.0], [2.0]])

    head = multilabel_head.MultiLabelHead(2, loss_fn=loss_fn, weight_column="w")
    metrics = head.metrics()
    head.update_metrics(
        metrics, {"w": torch.tensor([1.0, 3.0])}, torch.zeros(2, 2), torch.tensor([[1, 0], [0, 1]])
    )
    assert metrics["average_loss"].result().item() == pytest.approx((1 + 6) / 4)
    bad = multilabel_head.MultiLabelHead(2, loss_fn=lambda labels, logits: torch.ones(2))
    with pytest.raises(ValueError, match=r"loss_shape: \(2,\)"):
        bad.update_metrics(bad.metrics(), {}, torch.zeros(2, 2), torch.tensor([[1, 0], [0, 1]]))


def test_checkpoint_mid_stream_equals_an_uninterrupted_run():
    head = multilabel_head.MultiLabelHead(4, thresholds=[0.5], classes_for_class_based_metrics=[1])
    batches = [(torch.randn(50, 4), (torch.rand(50, 4) < 0.4).long()) for _ in range(4)]
    whole = head.metrics()
    for logits, labels in batches:
        head.update_metrics(whole, None, logits, labels)
    first = head.metrics()
    for logits, labels in batches[:2]:
        head.update_metrics(first, None, logits, labels)
    saved = {key: metric.state_dict() for key, metric in first.items()}
    resumed = head.metrics()
    for key, state in saved.items():
        resumed[key].load_state_dict(state)
    for logits, labels in batches[2:]:
        head.update_metrics(resumed, None, logits, labels)
    assert _results(resumed) == _results(whole)


GOOD_LOGITS = torch.tensor([[-1.0, 1.0], [-1.5, 1.5]])
GOOD_LABELS = torch.tensor([[1, 0], [1, 1]])


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"logits": torch.tensor([[float("nan"), 1.0], [0.0, 0.0]])}, ValueError, "logits must not be NaN"),
        ({"labels": torch.tensor([[2, 0], [1, 1]])}, ValueError, r"values in \[0, 1\]"),
        ({"labels": torch.tensor([[1, 0, 0], [1, 1, 0]])}, ValueError, "Mismatched label shape"),
        ({"labels": [[0], [5]]}, ValueError, r"values in \[0, 2\)"),
        ({"logits": torch.zeros(2, 3)}, ValueError, "logits shape must be"),
        ({"features": {}}, ValueError, "Feature w is not in features dictionary"),
        ({"features": {"w": torch.ones(3)}}, ValueError, "weights shape must be"),
        ({"regularization_losses": [torch.tensor(1.0)]}, ValueError, "has no metric 'regularization_loss'"),
        ({"features": [1]}, TypeError, "features must be a dict"),
    ],
)
def test_bad_batches_raise_and_change_no_metric(kwargs, error, match):
    head = multilabel_head.MultiLabelHead(
        2, weight_column="w", thresholds=[0.5], classes_for_class_based_metrics=[0]
    )
    metrics = head.metrics()
    call = {"features": {"w": torch.ones(2)}, "logits": GOOD_LOGITS, "labels": GOOD_LABELS}
    head.update_metrics(metrics, **call)
    before = _states(metrics)
    with pytest.raises(error, match=match):
        head.update_metrics(metrics, **{**call, **kwargs})
    after = _states(metrics)
    for key in before:
        for name in before[key]:
            torch.testing.assert_close(after[key][name], before[key][name], rtol=0, atol=0)


def test_foreign_or_missing_metrics_are_rejected_before_any_update():
    head = multilabel_head.MultiLabelHead(2)
    metrics = head.metrics()
    foreign = {**metrics, "auc": AUC(num_thresholds=50)}
    with pytest.raises(ValueError, match=r"eval_metrics\['auc'\] is AUC\(num_thresholds=50"):
        head.update_metrics(foreign, None, GOOD_LOGITS, GOOD_LABELS)
    missing = {key: metric for key, metric in metrics.items() if key != "auc_precision_recall"}
    with pytest.raises(ValueError, match="has no metric 'auc_precision_recall'"):
        head.update_metrics(missing, None, GOOD_LOGITS, GOOD_LABELS)
    assert metrics["average_loss"].state_dict()["state"].sum() == 0
