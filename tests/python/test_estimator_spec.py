"""create_estimator_spec per mode (spec section 6): TF's behaviour and errors, in PyTorch terms."""

import pytest
import torch

import multilabel_head
from multilabel_head import ClassificationOutput, ModeKeys, PredictOutput

LOGITS = torch.tensor([[-10.0, 10.0], [-15.0, 10.0]])
LABELS = torch.tensor([[1, 0], [1, 1]])


def _head(**options) -> multilabel_head.MultiLabelHead:
    return multilabel_head.MultiLabelHead(2, **options)


def test_train_with_train_op_fn_keeps_its_result():
    calls = []

    def train_op_fn(loss):
        calls.append(loss)
        return f"my_train_op{loss.item():.3f}"

    counter = {"w": 1}
    spec = _head().create_estimator_spec(
        None,
        ModeKeys.TRAIN,
        LOGITS,
        LABELS,
        train_op_fn=train_op_fn,
        update_ops=[lambda: counter.update(w=2)],
    )
    assert spec.mode is ModeKeys.TRAIN
    assert spec.train_op == "my_train_op8.750"  # TF's test: b'my_train_op8.750'
    assert spec.loss.item() == pytest.approx(8.75, rel=1e-5) and calls[0] is spec.loss
    assert counter["w"] == 2  # update_ops run
    assert spec.eval_metric_ops == {} and spec.export_outputs is None
    assert set(spec.predictions) == {"logits", "probabilities", "classes"}


def test_train_with_an_optimizer_steps():
    weight = torch.nn.Parameter(torch.ones(2))
    optimizer = torch.optim.SGD([weight], lr=0.1)
    logits = LOGITS * weight
    spec = _head().create_estimator_spec({}, "train", logits, LABELS, optimizer=optimizer)
    expected = LOGITS.clone().requires_grad_()
    reference = _head().loss(LABELS, expected * torch.ones(2))
    reference.backward()
    grad = (expected.grad * LOGITS).sum(0)
    torch.testing.assert_close(weight.detach(), torch.ones(2) - 0.1 * grad)
    torch.testing.assert_close(spec.loss, reference)


def test_train_includes_regularization():
    spec = _head().create_estimator_spec(
        None,
        ModeKeys.TRAIN,
        LOGITS,
        LABELS,
        train_op_fn=lambda loss: None,
        regularization_losses=[torch.tensor(2.0)],
    )
    assert spec.loss.item() == pytest.approx(10.75, rel=1e-5)


def test_eval_gives_the_loss_and_updated_metrics():
    head = _head(weight_column="w")
    features = {"w": torch.tensor([[1.0], [2.0]])}
    spec = head.create_estimator_spec(features, ModeKeys.EVAL, LOGITS, LABELS)
    assert spec.loss.item() == pytest.approx(12.5, rel=1e-5)
    assert spec.eval_metric_ops["auc"].result().item() == pytest.approx(0.2, rel=1e-6)
    assert spec.eval_metric_ops["average_loss"].result().item() == pytest.approx(8.3333635, rel=1e-6)
    assert spec.train_op is None and spec.export_outputs is None
    # Streaming: the same metrics over a second batch.
    again = head.create_estimator_spec(features, "eval", LOGITS, LABELS, eval_metrics=spec.eval_metric_ops)
    assert again.eval_metric_ops is spec.eval_metric_ops
    assert spec.eval_metric_ops["average_loss"].state_dict()["state"][1].item() == 6.0


def test_eval_with_regularization_reports_it():
    spec = _head().create_estimator_spec(
        None, ModeKeys.EVAL, LOGITS, LABELS, regularization_losses=[torch.tensor(1.5), torch.tensor(0.5)]
    )
    assert spec.eval_metric_ops["regularization_loss"].result().item() == pytest.approx(2.0)
    assert spec.loss.item() == pytest.approx(10.75, rel=1e-5)


def test_predict_needs_no_labels_and_exports():
    head = _head(label_vocabulary=["a", "b"])
    spec = head.create_estimator_spec(None, ModeKeys.PREDICT, LOGITS)
    assert spec.loss is None and spec.train_op is None
    serving = spec.export_outputs["serving_default"]
    assert isinstance(serving, ClassificationOutput) and spec.export_outputs["classification"] == serving
    torch.testing.assert_close(serving.scores, torch.sigmoid(LOGITS))
    assert serving.classes == [["a", "b"], ["a", "b"]]
    predict = spec.export_outputs["predict"]
    assert isinstance(predict, PredictOutput) and predict.outputs is spec.predictions


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"train_op_fn": lambda loss: loss, "optimizer": "sgd"}, ValueError, "cannot both be set"),
        ({}, ValueError, "train_op_fn and optimizer cannot both be None."),
        (
            {"optimizer": "sgd"},
            ValueError,
            "not a torch.optim.Optimizer instance. Received optimizer of type",
        ),
        (
            {"train_op_fn": lambda loss: loss, "update_ops": lambda: None},
            ValueError,
            "update_ops should be a list",
        ),
        ({"train_op_fn": lambda loss: loss, "update_ops": [1]}, TypeError, "update_ops must be callables"),
        ({"train_op_fn": lambda loss: loss, "labels": None}, ValueError, "You must provide a labels Tensor"),
        ({"train_op_fn": lambda loss: loss, "mode": "training"}, ValueError, "mode must be one of"),
    ],
)
def test_train_errors(kwargs, error, match):
    call = {"mode": ModeKeys.TRAIN, "labels": LABELS, **kwargs}
    with pytest.raises(error, match=match):
        _head().create_estimator_spec(None, call.pop("mode"), LOGITS, **call)


def test_eval_without_labels_raises_tf_error():
    with pytest.raises(ValueError, match="You must provide a labels Tensor"):
        _head().create_estimator_spec(None, ModeKeys.EVAL, LOGITS)
