"""Fake kernels for the operators with real kernels, so torch.compile and torch.export trace them.

The composite operators (check_logits, process_labels, reduce_loss, head_loss, sparse_multi_hot)
need none: they are built from other operators. The checks here only guard the metadata; the C++
kernels give the user-facing errors.
"""

import torch


def _check_operands(logits: torch.Tensor, labels: torch.Tensor) -> None:
    torch._check(
        logits.dtype in (torch.float32, torch.float64),
        lambda: f"sigmoid_cross_entropy expects float32 or float64 logits, got {logits.dtype}",
    )
    torch._check(logits.dim() >= 1, lambda: "logits must have a last axis of classes")
    torch._check(labels.dim() == logits.dim(), lambda: "labels must have the shape of the logits")
    for label_size, logit_size in zip(labels.shape, logits.shape, strict=True):
        torch._check(label_size == logit_size, lambda: "labels must have the shape of the logits")


@torch.library.register_fake("multilabel_head::sigmoid_cross_entropy")
def _sigmoid_cross_entropy_fake(logits: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
    _check_operands(logits, labels)
    return logits.new_empty((*logits.shape[:-1], 1))


@torch.library.register_fake("multilabel_head::sigmoid_cross_entropy_backward")
def _sigmoid_cross_entropy_backward_fake(
    grad: torch.Tensor, logits: torch.Tensor, labels: torch.Tensor
) -> torch.Tensor:
    _check_operands(logits, labels)
    return torch.empty_like(logits, memory_format=torch.contiguous_format)


@torch.library.register_fake("multilabel_head::multi_hot")
def _multi_hot_fake(
    class_ids: torch.Tensor, example_ids: torch.Tensor, num_examples: int, n_classes: int
) -> torch.Tensor:
    torch._check(class_ids.dim() == 1 and example_ids.dim() == 1, lambda: "multi_hot expects 1-D ids")
    return class_ids.new_empty((num_examples, n_classes), dtype=torch.bool)


@torch.library.register_fake("multilabel_head::ragged_multi_hot")
def _ragged_multi_hot_fake(
    class_ids: torch.Tensor, row_offsets: torch.Tensor, n_classes: int
) -> torch.Tensor:
    torch._check(row_offsets.dim() == 1 and row_offsets.shape[0] >= 1, lambda: "row_offsets must be 1-D")
    return class_ids.new_empty((row_offsets.shape[0] - 1, n_classes), dtype=torch.bool)


@torch.library.register_fake("multilabel_head::binned_counts")
def _binned_counts_fake(
    scores: torch.Tensor,
    labels: torch.Tensor,
    weights: torch.Tensor | None,
    num_buckets: int,
    thresholds: list[float],
    from_logits: bool,
    with_loss: bool,
    with_class_sums: bool,
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]:
    torch._check(scores.dim() == 2, lambda: "binned_counts expects scores [rows, classes]")
    counter = torch.int64 if weights is None else torch.float64
    classes = scores.shape[1]
    return (
        scores.new_empty((classes, num_buckets, 2), dtype=counter),
        scores.new_empty((len(thresholds), 5), dtype=counter),
        scores.new_empty((classes, 2), dtype=torch.float64),
        scores.new_empty((2,), dtype=torch.float64),
    )
