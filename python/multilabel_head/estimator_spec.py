"""TF's EstimatorSpec and ModeKeys for create_estimator_spec (spec section 6), as PyTorch values."""

import dataclasses
import enum

import torch

from . import _C
from .metrics import Metric


class ModeKeys(str, enum.Enum):
    """TF's ModeKeys, with TF's values."""

    TRAIN = "train"
    EVAL = "eval"
    PREDICT = "infer"


def mode_key(mode: "ModeKeys | str") -> ModeKeys:
    return ModeKeys(_C.mode_name(str(mode.value if isinstance(mode, ModeKeys) else mode)))


@dataclasses.dataclass(frozen=True)
class ClassificationOutput:
    """TF's ClassificationOutput: the probabilities and every row's class names."""

    scores: torch.Tensor
    classes: list[list[str]]


@dataclasses.dataclass(frozen=True)
class PredictOutput:
    """TF's PredictOutput: every prediction by key."""

    outputs: dict


@dataclasses.dataclass
class EstimatorSpec:
    """What a model_fn returns. TRAIN: loss and train_op; EVAL: loss and the updated metrics;
    PREDICT: export_outputs ('serving_default', 'classification', 'predict'). Always predictions."""

    mode: ModeKeys
    predictions: dict
    loss: torch.Tensor | None = None
    train_op: object = None
    eval_metric_ops: dict[str, Metric] = dataclasses.field(default_factory=dict)
    export_outputs: dict | None = None


def export_outputs(predictions: dict) -> dict:
    classification = ClassificationOutput(predictions["probabilities"], predictions["classes"])
    return {
        "serving_default": classification,
        "classification": classification,
        "predict": PredictOutput(predictions),
    }
