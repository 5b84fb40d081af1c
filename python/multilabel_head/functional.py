"""The functional twin of MultiLabelHead: the same operators, without a module."""

from collections.abc import Callable, Mapping, Sequence

import torch

from . import _C
from ._tensors import as_tensor
from .labels import Labels, as_label_vocabulary, multi_hot_labels
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


def _vocabulary_for(labels: Labels, names) -> _C.LabelVocabulary | None:
    # Only ragged labels can hold names; dense and sparse tensors never need the vocabulary.
    return as_label_vocabulary(names) if isinstance(labels, list | tuple) else None


def multi_label_head_loss(
    labels: Labels,
    logits: torch.Tensor,
    n_classes: int,
    *,
    label_vocabulary: Sequence[str] | _C.LabelVocabulary | None = None,
    weight_column: str | Callable | None = None,
    loss_reduction: LossReduction | str = LossReduction.SUM_OVER_BATCH_SIZE,
    loss_fn: Callable | None = None,
    features: Mapping[str, torch.Tensor] | None = None,
    regularization_losses: Sequence[torch.Tensor] | None = None,
) -> torch.Tensor:
    """MultiLabelHead.loss without a module: reduce(unreduced loss * weights) + sum(reg).

    Labels in any form of ``multilabel_head.labels``; names need ``label_vocabulary``.
    """
    logits = as_tensor(logits, "logits")
    labels = multi_hot_labels(labels, n_classes, _vocabulary_for(labels, label_vocabulary))
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
