"""TensorFlow Estimator's MultiLabelHead for PyTorch: TF's arguments, numbers and error wording,
computed by fused C++ operators (torch.ops.multilabel_head.*) that LibTorch apps share."""

import torch  # noqa: F401  (loads libtorch before our library)

from . import _C, _ops, metrics  # noqa: F401  (_C loads the operators, _ops adds their fake kernels)
from ._C import LabelVocabulary
from .estimator_spec import ClassificationOutput, EstimatorSpec, ModeKeys, PredictOutput
from .functional import multi_label_head_loss, sigmoid_cross_entropy
from .head import MultiLabelHead
from .loss_reduction import LossReduction

__version__ = _C.__version__

__all__ = [
    "ClassificationOutput",
    "EstimatorSpec",
    "ModeKeys",
    "PredictOutput",
    "LabelVocabulary",
    "LossReduction",
    "metrics",
    "MultiLabelHead",
    "multi_label_head_loss",
    "sigmoid_cross_entropy",
]
