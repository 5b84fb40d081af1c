"""Streaming metrics with Keras's arguments and TF's numbers, computed by the C++ core.

Each metric has ``update(...)``, ``result()`` (a float32 tensor; in a torch.distributed job it
covers every rank), ``reset()``, ``merge(other)``, ``state_dict()`` and ``load_state_dict()``;
``AUC`` also has ``curve()``. ``AUC(num_thresholds=None)`` is exact (scikit-learn's numbers).
"""

from ._C import AUC, BinaryAccuracy, Mean, Metric, Precision, Recall

__all__ = ["AUC", "BinaryAccuracy", "Mean", "Metric", "Precision", "Recall"]
