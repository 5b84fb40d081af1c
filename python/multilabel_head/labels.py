"""The label forms of TF's head (spec section 2), turned into one tensor for the loss.

Dense multi-hot tensors pass unchanged (the loss checks them). Class ids in a sparse COO tensor
[D0..DN, max_labels], or ragged as a list of lists of ids, and class names as a list of lists of
strings, become bool multi-hot labels [.., n_classes] in the C++ core.
"""

from collections.abc import Sequence

import torch

from . import _C
from ._tensors import as_tensor

Labels = torch.Tensor | Sequence[Sequence[int]] | Sequence[Sequence[str]] | None


def multi_hot_labels(
    labels: Labels, n_classes: int, vocabulary: _C.LabelVocabulary | None
) -> torch.Tensor | None:
    if labels is None:
        return None  # the C++ core raises TF's "You must provide a labels Tensor"
    if isinstance(labels, torch.Tensor):
        if labels.layout == torch.sparse_coo:
            return torch.ops.multilabel_head.sparse_multi_hot(labels, n_classes)
        return labels
    if isinstance(labels, list | tuple):
        ids, row_offsets = _C.ragged_labels(list(labels), vocabulary)
        return torch.ops.multilabel_head.ragged_multi_hot(ids, row_offsets, n_classes)
    expected = "a Tensor (dense multi-hot, or sparse class ids), a NumPy array, or lists of ids or names"
    return as_tensor(labels, "labels", expected)


def as_label_vocabulary(names: Sequence[str] | _C.LabelVocabulary | None) -> _C.LabelVocabulary | None:
    if names is None or isinstance(names, _C.LabelVocabulary):
        return names
    return _C.LabelVocabulary(list(names))
