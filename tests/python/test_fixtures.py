"""The shared fixtures (tests/fixtures/head_cases.json), also read by tests/cpp/test_fixtures.cpp:
both faces give the same numbers and the same errors."""

import re

import pytest
import torch

import multilabel_head
from conftest import head_cases

CASES = head_cases()


def _head_and_features(case: dict) -> tuple[multilabel_head.MultiLabelHead, dict]:
    if "weights" not in case:
        head = multilabel_head.MultiLabelHead(
            case["n_classes"], loss_reduction=case.get("loss_reduction", "sum_over_batch_size")
        )
        return head, {}
    head = multilabel_head.MultiLabelHead(
        case["n_classes"],
        weight_column="w",
        loss_reduction=case.get("loss_reduction", "sum_over_batch_size"),
    )
    features = {} if case["weights"] is None else {"w": torch.tensor(case["weights"])}
    return head, features


def _head_from_options(options: dict) -> multilabel_head.MultiLabelHead:
    return multilabel_head.MultiLabelHead(**options)


@pytest.mark.parametrize("case", CASES["loss"], ids=lambda case: case["name"])
def test_loss(case):
    head, features = _head_and_features(case)
    logits = torch.tensor(case["logits"], dtype=torch.float32, requires_grad=True)
    regularization = [torch.tensor(value) for value in case.get("regularization_losses", [])]
    loss = head.loss(
        torch.tensor(case["labels"]),
        logits,
        features,
        regularization_losses=regularization or None,
    )
    assert loss.dim() == 0 and loss.dtype == torch.float32
    torch.testing.assert_close(loss.item(), case["loss"], rtol=1e-5, atol=0)
    if "logits_grad" in case:
        loss.backward()
        torch.testing.assert_close(logits.grad, torch.tensor(case["logits_grad"]), rtol=1e-5, atol=0)


@pytest.mark.parametrize("case", CASES["metrics"], ids=lambda case: case["name"])
def test_metrics(case):
    head, features = _head_and_features(case)
    options = {
        key: case[key]
        for key in ("thresholds", "classes_for_class_based_metrics", "label_vocabulary")
        if key in case
    }
    if options or "head_name" in case:
        head = multilabel_head.MultiLabelHead(
            case["n_classes"], weight_column=head.weight_column, name=case.get("head_name"), **options
        )
    regularization = (
        [torch.tensor(v) for v in case["regularization_losses"]] if "regularization_losses" in case else None
    )
    metrics = head.update_metrics(
        head.metrics(regularization),
        features,
        torch.tensor(case["logits"]),
        torch.tensor(case["labels"]),
        regularization,
    )
    assert set(metrics) == set(case["expected"])
    for key, value in case["expected"].items():
        assert metrics[key].result().item() == pytest.approx(value, rel=1e-6, abs=1e-7), key


@pytest.mark.parametrize("case", CASES["loss_errors"], ids=lambda case: case["name"])
def test_loss_errors(case):
    head, features = _head_and_features(case)
    with pytest.raises(ValueError, match="^" + re.escape(case["message"])):
        head.loss(torch.tensor(case["labels"]), torch.tensor(case["logits"]), features)


@pytest.mark.parametrize("case", CASES["options_errors"], ids=lambda case: case["name"])
def test_options_errors(case):
    with pytest.raises(ValueError, match="^" + re.escape(case["message"]) + "$"):
        _head_from_options(case["options"])


@pytest.mark.parametrize("case", CASES["options"], ids=lambda case: case["name"])
def test_options(case):
    head = _head_from_options(case["options"])
    assert head.classes_for_class_based_metrics == tuple(case["class_ids"])


@pytest.mark.parametrize("case", CASES["predictions"], ids=lambda case: case["name"])
def test_predictions(case):
    head = multilabel_head.MultiLabelHead(case["n_classes"], label_vocabulary=case.get("label_vocabulary"))
    predictions = head.predictions(torch.tensor(case["logits"]))
    assert list(predictions) == ["logits", "probabilities", "classes"]
    torch.testing.assert_close(predictions["logits"], torch.tensor(case["logits"]))
    torch.testing.assert_close(
        predictions["probabilities"], torch.tensor(case["probabilities"]), rtol=1e-6, atol=1e-7
    )
    assert predictions["classes"] == case["classes"]


def _ragged_labels(case: dict):
    return case["ids"] if "ids" in case else case["names"]


@pytest.mark.parametrize("case", CASES["label_forms"], ids=lambda case: case["name"])
def test_label_forms_give_one_loss(case):
    head = multilabel_head.MultiLabelHead(case["n_classes"], label_vocabulary=case["label_vocabulary"])
    logits = torch.tensor(case["logits"])
    for labels in (torch.tensor(case["dense"]), case["ids"], case["names"]):
        torch.testing.assert_close(head.loss(labels, logits).item(), case["loss"], rtol=1e-5, atol=0)


@pytest.mark.parametrize("case", CASES["label_errors"], ids=lambda case: case["name"])
def test_label_errors(case):
    head = multilabel_head.MultiLabelHead(case["n_classes"], label_vocabulary=case.get("label_vocabulary"))
    labels = _ragged_labels(case)
    logits = torch.zeros(case.get("logits_rows", len(labels)), case["n_classes"])
    with pytest.raises(ValueError, match="^" + re.escape(case["message"]) + "$"):
        head.loss(labels, logits)
