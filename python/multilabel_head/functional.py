"""The functional twin of MultiLabelHead: the same operators, without a module."""

from collections.abc import Callable, Mapping, Sequence

import torch

from .loss_fn import call_loss_fn
from .loss_reduction import LossReduction, loss_reduction_name

_head_ops = torch.ops.multilabel_head


def sigmoid_cross_entropy(logits: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
    """Per example, the sigmoid cross-entropy averaged over the classes: [..., C] -> [..., 1]."""
    return _head_ops.sigmoid_cross_entropy(logits, labels)


def example_weights(
    weight_column: str | Callable | None, features: Mapping
) -> tuple[torch.Tensor | None, str | None]:
    """The weight column's feature and its name. A missing feature is left for the C++ core to
    report with TF's message."""
    if weight_column is None:
        return None, None
    if callable(weight_column):
        weights = weight_column(features)
        if not isinstance(weights, torch.Tensor):
            raise TypeError(f"weight_column must return a Tensor of weights. Given type: {type(weights)}.")
        return weights, None
    return features.get(weight_column), weight_column


def multi_label_head_loss(
    labels: torch.Tensor | None,
    logits: torch.Tensor,
    n_classes: int,
    *,
    weight_column: str | Callable | None = None,
    loss_reduction: LossReduction | str = LossReduction.SUM_OVER_BATCH_SIZE,
    loss_fn: Callable | None = None,
    features: Mapping[str, torch.Tensor] | None = None,
    regularization_losses: Sequence[torch.Tensor] | None = None,
) -> torch.Tensor:
    """MultiLabelHead.loss without a module: reduce(unreduced loss * weights) + sum(reg)."""
    features = {} if features is None else features
    if not isinstance(features, Mapping):
        raise TypeError(f"features must be a dict of tensors. Given type: {type(features)}.")
    weights, column = example_weights(weight_column, features)
    reduction = loss_reduction_name(loss_reduction)
    regularization = list(regularization_losses) if regularization_losses is not None else []
    if loss_fn is None:
        return _head_ops.head_loss(logits, labels, n_classes, weights, column, reduction, regularization)
    logits = _head_ops.check_logits(logits, n_classes)
    labels = _head_ops.process_labels(labels, logits, n_classes)
    unreduced = call_loss_fn(loss_fn, labels, logits, features)
    return _head_ops.reduce_loss(unreduced, logits, weights, column, reduction, regularization)
