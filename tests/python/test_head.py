"""MultiLabelHead's Python face: arguments, loss, predictions, against NumPy references."""

import functools

import numpy as np
import pytest
import torch

import multilabel_head
from conftest import assert_same_value_and_gradient, reference_loss
from multilabel_head import LossReduction, MultiLabelHead


def random_case(rows=6, classes=4):
    logits = torch.randn(rows, classes) * 3
    labels = (torch.rand(rows, classes) < 0.4).long()
    return logits, labels


# --- constructor -----------------------------------------------------------------------------


def test_properties():
    head = MultiLabelHead(
        3,
        weight_column="w",
        thresholds=[0.25, 0.5],
        label_vocabulary=("a", "b", "c"),
        loss_reduction="sum",
        classes_for_class_based_metrics=["c", "a"],
        name="head1",
    )
    assert head.logits_dimension == 3
    assert head.loss_reduction == LossReduction.SUM == "sum"
    assert head.name == "head1"
    assert head.weight_column == "w"
    assert head.thresholds == (0.25, 0.5)
    assert head.label_vocabulary == ("a", "b", "c")
    assert head.classes_for_class_based_metrics == (2, 0)
    assert "n_classes=3" in repr(head) and "name='head1'" in repr(head)


def test_defaults():
    head = MultiLabelHead(2)
    assert head.loss_reduction == LossReduction.SUM_OVER_BATCH_SIZE
    assert head.name is None and head.thresholds == () and head.label_vocabulary is None
    assert head.classes_for_class_based_metrics == ()


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"n_classes": None}, ValueError, r"n_classes must be > 1 .* Given: None$"),
        ({"n_classes": 2.5}, TypeError, "n_classes must be an int"),
        ({"n_classes": True}, TypeError, "n_classes must be an int"),
        ({"n_classes": 2, "thresholds": 0.5}, TypeError, "not iterable"),
        ({"n_classes": 2, "thresholds": ["a"]}, TypeError, "thresholds must be numbers"),
        ({"n_classes": 2, "thresholds": [float("nan")]}, ValueError, r"\(0, 1\) range. Given: nan"),
        ({"n_classes": 2, "thresholds": [1e-05, -0.5]}, ValueError, r"Given: -0.5$"),
        ({"n_classes": 2, "label_vocabulary": {"a": 0, "b": 1}}, ValueError,
         r"^label_vocabulary must be a list or tuple. Given type: <class 'dict'>$"),
        ({"n_classes": 2, "label_vocabulary": ["a", 1]}, TypeError, "must hold strings"),
        ({"n_classes": 2, "loss_reduction": 3}, ValueError, r"^Invalid loss_reduction: 3\."),
        ({"n_classes": 2, "loss_reduction": "weighted_sum"}, ValueError, "Invalid loss_reduction"),
        ({"n_classes": 2, "classes_for_class_based_metrics": ["a", 1]}, TypeError, "mixes names"),
        ({"n_classes": 2, "classes_for_class_based_metrics": [0.5]}, TypeError, "class ids or names"),
        ({"n_classes": 2, "weight_column": 3}, TypeError,
         r"^Weight column must be either a string or a callable. Given type: <class 'int'>\.$"),
        ({"n_classes": 2, "name": 3}, TypeError, "name must be a string"),
    ],
)  # fmt: skip
def test_constructor_errors(kwargs, error, message):
    with pytest.raises(error, match=message):
        MultiLabelHead(**kwargs)


def test_checks_run_in_tf_order():
    # n_classes is checked before thresholds, thresholds before the vocabulary, and so on.
    with pytest.raises(ValueError, match="n_classes"):
        MultiLabelHead(1, thresholds=[2.0], loss_reduction="none")
    with pytest.raises(ValueError, match="thresholds"):
        MultiLabelHead(2, thresholds=[2.0], label_vocabulary=["a"])
    with pytest.raises(ValueError, match="Length of label_vocabulary"):
        MultiLabelHead(2, label_vocabulary=["a"], loss_fn=lambda logits: logits)
    with pytest.raises(ValueError, match="loss_fn must contain"):
        MultiLabelHead(2, loss_fn=lambda logits: logits, loss_reduction="none")
    with pytest.raises(ValueError, match="Invalid loss_reduction"):
        MultiLabelHead(2, loss_reduction="none", classes_for_class_based_metrics=[5])


@pytest.mark.parametrize(
    ("loss_fn", "message"),
    [
        (lambda logits: logits, r"^loss_fn must contain argument: labels. Given arguments: \('logits',\)$"),
        (lambda labels: labels, r"^loss_fn must contain argument: logits. Given arguments: \('labels',\)$"),
        (lambda labels, logits, name: labels, r"^loss_fn has unexpected args: \['name'\]$"),
    ],
)  # fmt: skip
def test_loss_fn_argument_errors(loss_fn, message):
    with pytest.raises(ValueError, match=message):
        MultiLabelHead(2, loss_fn=loss_fn)


def test_loss_fn_arguments_accepted():
    class Loss:
        def __call__(self, labels, logits, features, loss_reduction):
            return labels

    def with_extra(labels, logits, name):
        return labels

    MultiLabelHead(2, loss_fn=Loss())  # self is not an argument
    MultiLabelHead(2, loss_fn=functools.partial(with_extra, name="bound"))  # partial binds name


# --- loss --------------------------------------------------------------------------------------


@pytest.mark.parametrize("reduction", ["sum_over_batch_size", "sum", "auto", LossReduction.SUM])
@pytest.mark.parametrize("weight_shape", [None, (6,), (6, 1)])
def test_loss_matches_reference(reduction, weight_shape):
    logits, labels = random_case()
    weights = None if weight_shape is None else torch.rand(weight_shape)
    head = MultiLabelHead(4, weight_column=None if weights is None else "w", loss_reduction=reduction)
    features = {} if weights is None else {"w": weights}
    loss = head.loss(labels, logits, features)
    expected = reference_loss(logits, labels, None if weights is None else weights.numpy(),
                              str(getattr(reduction, "value", reduction)))  # fmt: skip
    np.testing.assert_allclose(loss.item(), expected, rtol=1e-6)


def test_rank3_logits_with_rank2_weights():
    logits = torch.randn(2, 3, 5)
    labels = (torch.rand(2, 3, 5) < 0.5).int()
    weights = torch.rand(2, 3)
    loss = MultiLabelHead(5, weight_column="w").loss(labels, logits, {"w": weights})
    np.testing.assert_allclose(loss.item(), reference_loss(logits, labels, weights.numpy()), rtol=1e-6)


def test_labels_of_rank_minus_one_gain_a_class_axis():
    # Logits [N, 1, C] with labels [N, C]: TF expands the labels to [N, C, 1]; only C == 1 fits,
    # so this is the one-class-per-row case TF's reshape rule exists for.
    logits = torch.randn(4, 3, 2)
    labels = torch.randint(0, 2, (4, 3))
    with pytest.raises(ValueError, match="Expected labels dimension=2.  Received 1"):
        MultiLabelHead(2).loss(labels, logits)


def test_gradient_of_the_seed_example():
    logits = torch.tensor([[-1.0, 1.0], [-1.5, 1.5]], requires_grad=True)
    labels = torch.tensor([[1, 0], [1, 1]])
    MultiLabelHead(2).loss(labels, logits).backward()
    torch.testing.assert_close(logits.grad, (torch.sigmoid(logits.detach()) - labels) / 2 / 2)


def test_weights_receive_gradients():
    logits, labels = random_case()
    weights = torch.rand(6, requires_grad=True)
    MultiLabelHead(4, weight_column="w").loss(labels, logits, {"w": weights}).backward()
    per_example = torch.nn.functional.binary_cross_entropy_with_logits(
        logits, labels.float(), reduction="none"
    ).mean(-1)
    torch.testing.assert_close(weights.grad, per_example / 6)


def test_features_none_means_no_features():
    logits, labels = random_case()
    head = MultiLabelHead(4)
    torch.testing.assert_close(head.loss(labels, logits, None), head.loss(labels, logits, {}))
    with pytest.raises(ValueError, match="Feature w is not in features dictionary."):
        MultiLabelHead(4, weight_column="w").loss(labels, logits, None)


def test_features_must_be_a_mapping():
    logits, labels = random_case()
    with pytest.raises(TypeError, match="features must be a dict"):
        MultiLabelHead(4).loss(labels, logits, [1, 2])


def test_callable_weight_column():
    logits, labels = random_case()
    weights = torch.rand(6)
    head = MultiLabelHead(4, weight_column=lambda features: features["a"] * 2)
    loss = head.loss(labels, logits, {"a": weights})
    np.testing.assert_allclose(loss.item(), reference_loss(logits, labels, weights.numpy() * 2), rtol=1e-6)
    with pytest.raises(TypeError, match="must return a Tensor"):
        MultiLabelHead(4, weight_column=lambda features: None).loss(labels, logits, {})


def test_integer_and_bool_weights_are_cast():
    logits, labels = random_case()
    weights = torch.tensor([1, 0, 2, 1, 1, 3])
    head = MultiLabelHead(4, weight_column="w", loss_reduction="sum")
    expected = reference_loss(logits, labels, weights.numpy(), "sum")
    np.testing.assert_allclose(head.loss(labels, logits, {"w": weights}).item(), expected, rtol=1e-6)
    bools = weights > 0
    expected = reference_loss(logits, labels, bools.numpy(), "sum")
    np.testing.assert_allclose(head.loss(labels, logits, {"w": bools}).item(), expected, rtol=1e-6)


def test_regularization_losses_are_added_after_reduction():
    logits, labels = random_case()
    head = MultiLabelHead(4, loss_reduction="sum")
    reg = [torch.tensor(1.5), torch.tensor([0.25], dtype=torch.float64)]
    loss = head.loss(labels, logits, regularization_losses=reg)
    assert loss.dtype == torch.float32
    expected = reference_loss(logits, labels, reduction="sum", reg=(1.5, 0.25))
    np.testing.assert_allclose(loss.item(), expected, rtol=1e-6)
    with pytest.raises(ValueError, match=r"regularization_losses must be scalars.*\(2,\)"):
        head.loss(labels, logits, regularization_losses=[torch.ones(2)])


@pytest.mark.parametrize("dtype", [torch.float16, torch.bfloat16, torch.int64])
def test_other_logit_dtypes_are_computed_in_float32(dtype):
    logits = (torch.randn(5, 3) * 3).to(dtype)
    labels = (torch.rand(5, 3) < 0.5).float()
    loss = MultiLabelHead(3).loss(labels, logits)
    assert loss.dtype == torch.float32
    np.testing.assert_allclose(loss.item(), reference_loss(logits.float(), labels), rtol=1e-6)


def test_float64_logits_stay_float64():
    logits = torch.randn(5, 3, dtype=torch.float64, requires_grad=True)
    labels = (torch.rand(5, 3) < 0.5).float()
    loss = MultiLabelHead(3).loss(labels, logits)
    assert loss.dtype == torch.float64
    np.testing.assert_allclose(loss.item(), reference_loss(logits.detach(), labels), rtol=1e-12)


def test_half_logits_get_half_gradients():
    logits = torch.randn(5, 3).half().requires_grad_()
    MultiLabelHead(3).loss(torch.ones(5, 3), logits).backward()
    assert logits.grad.dtype == torch.float16


def test_empty_batch_gives_zero():
    logits = torch.zeros(0, 3, requires_grad=True)
    weights = torch.zeros(0)
    for reduction in ("sum_over_batch_size", "sum"):
        head = MultiLabelHead(3, weight_column="w", loss_reduction=reduction)
        loss = head.loss(torch.zeros(0, 3), logits, {"w": weights})
        assert loss.item() == 0.0
        loss.backward()


def test_soft_labels_and_bool_labels():
    logits, labels = random_case()
    soft = torch.rand(6, 4)
    head = MultiLabelHead(4)
    np.testing.assert_allclose(head.loss(soft, logits).item(), reference_loss(logits, soft), rtol=1e-6)
    torch.testing.assert_close(head.loss(labels.bool(), logits), head.loss(labels, logits))


@pytest.mark.parametrize("uses_features", [False, True])
def test_custom_loss_fn(uses_features):
    logits, labels = random_case()
    seen = {}

    def two_args(labels, logits):
        seen.update(labels=labels, logits=logits)
        return (labels.float() - logits).abs().sum(-1, keepdim=True)

    def three_args(labels, logits, features):
        seen["features"] = features
        return two_args(labels, logits) * features["scale"]

    head = MultiLabelHead(4, weight_column="w", loss_fn=three_args if uses_features else two_args)
    weights = torch.rand(6)
    features = {"w": weights, "scale": torch.tensor(2.0)}
    loss = head.loss(labels, logits, features)
    unreduced = (labels.float() - logits).abs().sum(-1) * (2.0 if uses_features else 1.0)
    torch.testing.assert_close(loss, (unreduced * weights).sum() / 6)
    assert seen["labels"] is labels  # the processed labels: dense labels pass unchanged
    assert ("features" in seen) == uses_features


def test_loss_fn_of_wrong_shape():
    logits, labels = random_case()
    head = MultiLabelHead(4, loss_fn=lambda labels, logits: logits.sum(-1))
    message = (r"^loss_fn must return Tensor of shape \[D0, D1, ... DN, 1\]. "
               r"logits_shape: \(6, 4\). loss_shape: \(6,\).$")  # fmt: skip
    with pytest.raises(ValueError, match=message):
        head.loss(labels, logits)


def test_loss_fn_path_checks_labels():
    logits, labels = random_case()
    head = MultiLabelHead(4, loss_fn=lambda labels, logits: logits.sum(-1, keepdim=True))
    with pytest.raises(ValueError, match=r"values in \[0, 1\]"):
        head.loss(labels * 3, logits)
    with pytest.raises(ValueError, match="You must provide a labels Tensor"):
        head.loss(None, logits)


def test_functional_twin_equals_module():
    logits, labels = random_case()
    weights = torch.rand(6)
    module = MultiLabelHead(4, weight_column="w", loss_reduction="sum")
    functional = multilabel_head.multi_label_head_loss(
        labels, logits, 4, weight_column="w", loss_reduction="sum", features={"w": weights}
    )
    torch.testing.assert_close(functional, module.loss(labels, logits, {"w": weights}))


def test_sigmoid_cross_entropy_function():
    logits, labels = random_case()
    per_example = multilabel_head.sigmoid_cross_entropy(logits, labels)
    expected = torch.nn.functional.binary_cross_entropy_with_logits(
        logits, labels.float(), reduction="none"
    ).mean(-1, keepdim=True)
    torch.testing.assert_close(per_example, expected)


# --- predictions and forward --------------------------------------------------------------------


def test_predictions_subset_in_asked_order():
    head = MultiLabelHead(3)
    logits = torch.randn(2, 3)
    predictions = head.predictions(logits, keys=["classes", "probabilities"])
    assert list(predictions) == ["classes", "probabilities"]
    torch.testing.assert_close(predictions["probabilities"], torch.sigmoid(logits))


def test_predictions_of_rank3_logits_have_d0_rows_of_classes():
    head = MultiLabelHead(3, label_vocabulary=["x", "y", "z"])
    predictions = head.predictions(torch.randn(4, 5, 3))
    assert predictions["probabilities"].shape == (4, 5, 3)
    assert predictions["classes"] == [["x", "y", "z"]] * 4


def test_predictions_errors():
    head = MultiLabelHead(3)
    with pytest.raises(ValueError, match=r"^Prediction key must be in PredictionKeys, given: foo\.Valid"):
        head.predictions(torch.randn(2, 3), keys=["foo"])
    with pytest.raises(TypeError, match="keys must be a list"):
        head.predictions(torch.randn(2, 3), keys="logits")
    with pytest.raises(ValueError, match="logits shape must be"):
        head.predictions(torch.randn(2, 4))


def test_forward_is_the_probabilities():
    head = MultiLabelHead(3)
    logits = torch.randn(4, 3)
    torch.testing.assert_close(head(logits), torch.sigmoid(logits))
    assert head(logits.long()).dtype == torch.float32
    with pytest.raises(ValueError, match="logits must have rank at least 2"):
        head(torch.randn(3))


def test_module_loss_compiles_without_graph_breaks():
    head = MultiLabelHead(4, weight_column="w", loss_reduction="sum")

    def loss(logits, labels, weights):
        return head.loss(labels, logits, {"w": weights}, regularization_losses=[weights.sum()])

    compiled = torch.compile(loss, backend="aot_eager", fullgraph=True)
    logits, labels = random_case()
    assert_same_value_and_gradient(loss, compiled, logits, labels, torch.rand(6))


def test_numpy_inputs_and_non_tensor_logits():
    logits, labels = random_case()
    head = MultiLabelHead(4)
    torch.testing.assert_close(head.loss(labels.numpy(), logits.numpy()), head.loss(labels, logits))
    torch.testing.assert_close(head(logits.numpy()), torch.sigmoid(logits))
    for call in (
        lambda: head.loss(labels, logits.tolist()),
        lambda: head.predictions(logits.tolist()),
        lambda: head(logits.tolist()),
    ):
        with pytest.raises(TypeError, match=r"^logits must be a Tensor or a NumPy array. Given type: <class"):
            call()
    with pytest.raises(TypeError, match=r"^labels must be a Tensor \(dense multi-hot, or sparse class ids\)"):
        head.loss(5, logits)
