"""MultiLabelHead: TF Estimator's multi-label head as a torch.nn.Module."""

import numbers
from collections.abc import Callable, Iterable, Mapping, Sequence

import torch

from . import _C
from ._tensors import as_tensor
from .estimator_spec import EstimatorSpec, ModeKeys, export_outputs, mode_key
from .functional import example_weights, multi_label_head_loss
from .labels import Labels, as_label_vocabulary, multi_hot_labels
from .loss_fn import call_loss_fn, loss_fn_arg_names
from .loss_reduction import LossReduction, loss_reduction_name
from .metrics import Metric


def _n_classes(n_classes: object) -> int | None:
    if n_classes is None:
        return None  # the C++ check gives TF's "n_classes must be > 1 ... Given: None"
    if not isinstance(n_classes, numbers.Integral) or isinstance(n_classes, bool):
        raise TypeError(f"n_classes must be an int. Given: {n_classes!r}")
    return int(n_classes)


def _thresholds(thresholds: Iterable | None) -> list[float]:
    values = tuple(thresholds) if thresholds else ()  # TF: a bare number raises TypeError here
    for value in values:
        if not isinstance(value, numbers.Real) or isinstance(value, bool):
            raise TypeError(f"thresholds must be numbers. Given: {value!r}")
    return [float(value) for value in values]


def _vocabulary(label_vocabulary: object) -> list[str] | None:
    if label_vocabulary is None:
        return None
    if not isinstance(label_vocabulary, list | tuple):
        raise ValueError(f"label_vocabulary must be a list or tuple. Given type: {type(label_vocabulary)}")
    for entry in label_vocabulary:
        if not isinstance(entry, str):
            raise TypeError(f"label_vocabulary must hold strings. Given: {entry!r}")
    return list(label_vocabulary)


def _class_selector(classes: Iterable | None) -> list[int] | list[str]:
    values = tuple(classes) if classes else ()
    # As in TF, the first element decides whether these are names or ids.
    if values and isinstance(values[0], str):
        if not all(isinstance(value, str) for value in values):
            raise TypeError(f"classes_for_class_based_metrics mixes names and ids: {values!r}")
        return list(values)
    for value in values:
        if not isinstance(value, numbers.Integral) or isinstance(value, bool):
            raise TypeError(f"classes_for_class_based_metrics must be class ids or names. Given: {value!r}")
    return [int(value) for value in values]


def _check_weight_column(weight_column: object) -> None:
    if weight_column is not None and not isinstance(weight_column, str) and not callable(weight_column):
        raise TypeError(
            f"Weight column must be either a string or a callable. Given type: {type(weight_column)}."
        )


def _check_name(name: object) -> None:
    if name is not None and not isinstance(name, str):
        raise TypeError(f"name must be a string. Given type: {type(name)}.")


@torch.jit.unused
def _eager_tensor(logits: object) -> torch.Tensor:
    return as_tensor(logits, "logits")


def _probabilities(logits: torch.Tensor, n_classes: int) -> torch.Tensor:
    # The checks and wording of the C++ check_logits operator (csrc/ops/composite/check_logits.cpp),
    # written in TorchScript's subset of Python so that no custom operator enters the graph.
    if logits.is_complex():
        raise TypeError("logits must be real, got " + str(logits.dtype))
    if logits.dim() < 2:
        raise ValueError(
            f"logits must have rank at least 2.  Received rank {logits.dim()}, shape {_shape(logits)}"
        )
    if logits.size(-1) != n_classes:
        raise ValueError(f"logits shape must be [D0, D1, ... DN, logits_dimension], got {_shape(logits)}.")
    if logits.dtype != torch.float32 and logits.dtype != torch.float64:
        logits = logits.float()
    return torch.sigmoid(logits)


def _shape(tensor: torch.Tensor) -> str:
    """A shape as TF prints it, a Python tuple."""
    sizes = [str(size) for size in tensor.shape]
    return "(" + ", ".join(sizes) + ("," if len(sizes) == 1 else "") + ")"


def _check_training(optimizer: object, train_op_fn: object, update_ops: object) -> None:
    _C.check_train_arguments(optimizer is not None, train_op_fn is not None)
    if optimizer is not None and not isinstance(optimizer, torch.optim.Optimizer):
        raise ValueError(
            "The given optimizer is not a torch.optim.Optimizer instance. "
            f"Received optimizer of type {type(optimizer)}"
        )
    if update_ops is not None and not isinstance(update_ops, list | tuple):
        raise ValueError(f"update_ops should be a list or a tuple. Given type: {type(update_ops)}.")
    for update in update_ops or ():
        if not callable(update):
            raise TypeError(f"update_ops must be callables. Given: {update!r}")


class MultiLabelHead(torch.nn.Module):
    """A multi-label head: sigmoid cross-entropy over n_classes independent labels.

    Arguments, checks and error messages are TF's ``tf.estimator.MultiLabelHead``'s. The checks
    live in the C++ core, which the LibTorch ``multilabel_head::MultiLabelHead`` shares.
    """

    # torch.jit.script compiles forward only; these properties are for Python callers.
    __jit_unused_properties__ = [
        "name",
        "logits_dimension",
        "loss_reduction",
        "weight_column",
        "thresholds",
        "label_vocabulary",
        "loss_fn",
        "classes_for_class_based_metrics",
    ]

    def __init__(
        self,
        n_classes: int,
        weight_column: str | Callable | None = None,
        thresholds: Sequence[float] | None = None,
        label_vocabulary: Sequence[str] | None = None,
        loss_reduction: LossReduction | str = LossReduction.SUM_OVER_BATCH_SIZE,
        loss_fn: Callable | None = None,
        classes_for_class_based_metrics: Sequence[int] | Sequence[str] | None = None,
        name: str | None = None,
    ) -> None:
        super().__init__()
        thresholds_list = _thresholds(thresholds)
        vocabulary = _vocabulary(label_vocabulary)
        class_ids = _C.validate_head_arguments(
            n_classes=_n_classes(n_classes),
            thresholds=thresholds_list,
            label_vocabulary=vocabulary,
            loss_fn_args=loss_fn_arg_names(loss_fn) if loss_fn else None,
            loss_reduction=loss_reduction_name(loss_reduction),
            classes_for_class_based_metrics=_class_selector(classes_for_class_based_metrics),
        )
        _check_weight_column(weight_column)
        _check_name(name)
        self._n_classes = int(n_classes)
        self._weight_column = weight_column
        self._thresholds = tuple(thresholds_list)
        self._label_vocabulary = tuple(vocabulary) if vocabulary is not None else None
        self._loss_reduction = LossReduction(loss_reduction_name(loss_reduction))
        self._loss_fn = loss_fn
        self._classes_for_class_based_metrics = tuple(class_ids)
        self._name = name
        self._class_names = _C.class_names(self._n_classes, vocabulary)
        self._vocabulary = as_label_vocabulary(vocabulary)

    @property
    def name(self) -> str | None:
        return self._name

    @property
    def logits_dimension(self) -> int:
        return self._n_classes

    @property
    def loss_reduction(self) -> LossReduction:
        return self._loss_reduction

    @property
    def weight_column(self) -> str | Callable | None:
        return self._weight_column

    @property
    def thresholds(self) -> tuple[float, ...]:
        return self._thresholds

    @property
    def label_vocabulary(self) -> tuple[str, ...] | None:
        return self._label_vocabulary

    @property
    def loss_fn(self) -> Callable | None:
        return self._loss_fn

    @property
    def classes_for_class_based_metrics(self) -> tuple[int, ...]:
        """The class ids of the per-class metrics (names resolved through the vocabulary)."""
        return self._classes_for_class_based_metrics

    def forward(self, logits: torch.Tensor) -> torch.Tensor:
        """The probabilities, sigmoid(logits). Plain ATen, so that scripted (torch.jit.script) and
        exported (torch.export) models that hold the head run without multilabel_head."""
        if not torch.jit.is_scripting():
            logits = _eager_tensor(logits)
        return _probabilities(logits, self._n_classes)

    def loss(
        self,
        labels: Labels,
        logits: torch.Tensor,
        features: Mapping[str, torch.Tensor] | None = None,
        mode: object = None,
        regularization_losses: Sequence[torch.Tensor] | None = None,
    ) -> torch.Tensor:
        """The training loss, a 0-d tensor: reduce(unreduced loss * weights) + sum(reg).

        ``labels``: a dense multi-hot tensor [D0..DN, n_classes] (bool, integer or float), a sparse
        COO tensor [D0..DN, max_labels] of class ids, or a list (examples) of lists of class ids or
        of names from ``label_vocabulary``. ``mode`` is accepted and ignored, as in TF.
        """
        del mode
        return multi_label_head_loss(
            labels,
            logits,
            self._n_classes,
            label_vocabulary=self._vocabulary,
            weight_column=self._weight_column,
            loss_reduction=self._loss_reduction,
            loss_fn=self._loss_fn,
            features=features,
            regularization_losses=regularization_losses,
        )

    def predictions(
        self, logits: torch.Tensor, keys: Sequence[str] | None = None
    ) -> dict[str, torch.Tensor | list[list[str]]]:
        """``logits`` and ``probabilities`` ([D0..DN, C] tensors) and ``classes``: the class names
        for every row, a list of D0 lists of C strings (TF's [D0, C] string tensor)."""
        if isinstance(keys, str):
            raise TypeError(f"keys must be a list of prediction keys. Given: {keys!r}")
        logits = as_tensor(logits, "logits")
        return _C.predictions(logits, self._class_names, None if keys is None else list(keys))

    def metrics(self, regularization_losses: Sequence[torch.Tensor] | None = None) -> dict[str, Metric]:
        """TF's metric objects by key: average_loss, auc, auc_precision_recall, regularization_loss
        (when ``regularization_losses`` is given; only its presence counts), accuracy, precision
        and recall per threshold, probability_mean, auc and auc_precision_recall per class."""
        return _C.head_metrics(self._metrics_spec(), regularization_losses is not None)

    def update_metrics(
        self,
        eval_metrics: dict[str, Metric],
        features: Mapping[str, torch.Tensor] | None,
        logits: torch.Tensor,
        labels: Labels,
        regularization_losses: Sequence[torch.Tensor] | None = None,
    ) -> dict[str, Metric]:
        """Updates ``eval_metrics`` (from ``metrics()``) with one evaluation batch, in one fused pass
        over logits, labels and weights, and returns it. Labels in any form ``loss`` takes. Atomic:
        a bad batch raises and leaves every metric as it was."""
        logits = as_tensor(logits, "logits")
        labels = multi_hot_labels(labels, self._n_classes, self._vocabulary)
        features = {} if features is None else features
        if not isinstance(features, Mapping):
            raise TypeError(f"features must be a dict of tensors. Given type: {type(features)}.")
        weights, column = example_weights(self._weight_column, features)
        unreduced = None
        if self._loss_fn is not None:
            checked = torch.ops.multilabel_head.check_logits(logits, self._n_classes)
            processed = torch.ops.multilabel_head.process_labels(labels, checked, self._n_classes)
            unreduced = call_loss_fn(self._loss_fn, processed, checked, features)
        regularization = list(regularization_losses) if regularization_losses is not None else None
        _C.update_head_metrics(
            eval_metrics, self._metrics_spec(), logits, labels, weights, column, unreduced, regularization
        )
        return eval_metrics

    def create_estimator_spec(
        self,
        features: Mapping[str, torch.Tensor] | None,
        mode: ModeKeys | str,
        logits: torch.Tensor,
        labels: Labels | None = None,
        optimizer: torch.optim.Optimizer | None = None,
        train_op_fn: Callable | None = None,
        update_ops: Sequence[Callable] | None = None,
        regularization_losses: Sequence[torch.Tensor] | None = None,
        eval_metrics: dict[str, Metric] | None = None,
    ) -> EstimatorSpec:
        """TF's create_estimator_spec. TRAIN: the loss, then ``optimizer`` (zero_grad, backward,
        step) or ``train_op_fn(loss)`` (its result is ``train_op``), then every ``update_ops``
        callable. EVAL: the loss and ``eval_metrics`` (default: fresh ``metrics()``) updated with
        this batch. PREDICT: predictions and export_outputs; no labels needed."""
        mode = mode_key(mode)
        spec = EstimatorSpec(mode, self.predictions(as_tensor(logits, "logits").detach()))
        if mode is ModeKeys.PREDICT:
            spec.export_outputs = export_outputs(spec.predictions)
            return spec
        if mode is ModeKeys.TRAIN:
            _check_training(optimizer, train_op_fn, update_ops)
        spec.loss = self.loss(labels, logits, features, regularization_losses=regularization_losses)
        if mode is ModeKeys.EVAL:
            metrics = eval_metrics if eval_metrics is not None else self.metrics(regularization_losses)
            spec.eval_metric_ops = self.update_metrics(
                metrics, features, logits, labels, regularization_losses
            )
            return spec
        if optimizer is not None:
            optimizer.zero_grad()
            spec.loss.backward()
            spec.train_op = optimizer.step()
        else:
            spec.train_op = train_op_fn(spec.loss)
        for update in update_ops or ():
            update()
        return spec

    def _metrics_spec(self) -> _C.HeadMetricsSpec:
        vocabulary = list(self._label_vocabulary) if self._label_vocabulary is not None else None
        return _C.HeadMetricsSpec(
            self._n_classes,
            list(self._thresholds),
            list(self._classes_for_class_based_metrics),
            vocabulary,
            self._name,
        )

    def extra_repr(self) -> str:
        parts = [f"n_classes={self._n_classes}", f"loss_reduction='{self._loss_reduction.value}'"]
        if self._weight_column is not None:
            parts.append(f"weight_column={self._weight_column!r}")
        if self._name is not None:
            parts.append(f"name={self._name!r}")
        return ", ".join(parts)
